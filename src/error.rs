//! The library's error type.
//!
//! Every error names the input it concerns (a path, a path and a line) so that a batch can report
//! it in `errors.csv` and carry on. Nothing in the library panics on bad input; it returns one of
//! these instead.

use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong with one input or with the output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be opened or read (missing, permission denied, broken symlink...).
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file that failed.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The input contains NUL bytes: it is binary, not a review.
    #[error("binary file (NUL byte at offset {offset})")]
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// The input is empty or holds only white space.
    #[error("empty review")]
    Empty,
    /// The input is not valid UTF-8 and was not decoded.
    #[error("not UTF-8 (invalid byte at offset {offset})")]
    NotUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// A CSV row could not be parsed.
    #[error("CSV line {line}: {message}")]
    Csv {
        /// 1-based line number in the file where the record starts.
        line: u64,
        /// What the parser said.
        message: String,
    },
    /// A JSONL line could not be parsed.
    #[error("JSONL line {line}: {message}")]
    Jsonl {
        /// 1-based line number.
        line: u64,
        /// What the parser said.
        message: String,
    },
    /// A table (CSV or JSONL) lacks a column the run needs.
    #[error("no column named {column:?} (columns: {available})")]
    MissingColumn {
        /// The column that was asked for.
        column: String,
        /// The columns the file has, comma separated.
        available: String,
    },
    /// An output file or folder could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The path that failed.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A data file (lexicon, gazetteer) is malformed.
    #[error("{path}:{line}: {message}")]
    Data {
        /// The data file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}
