//! The library's error type.
//!
//! Every error names the input it concerns (a path, a path and a line) so that a batch can report
//! it in `errors.csv` and carry on. Nothing in the library panics on bad input; it returns one of
//! these instead.

use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Reads a whole text file; a failure is an [`Error::Read`] naming it.
pub(crate) fn read_text(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads the data file at `path` and parses it with `parse`, whose errors (a line from 1 and
/// what is wrong) become an [`Error::Data`] naming the file.
pub(crate) fn read_data_file<T>(
    path: &std::path::Path,
    parse: impl FnOnce(&str) -> std::result::Result<T, (usize, String)>,
) -> Result<T> {
    let text = read_text(path)?;
    parse(&text).map_err(|(line, message)| Error::Data {
        path: path.to_path_buf(),
        line,
        message,
    })
}

/// What went wrong with one input or with the output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be opened or read (missing, permission denied, broken symlink...).
    #[error("cannot read {}: {source}", crate::escape::path(path))]
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
    /// A table lacks a column `--keep-columns` asks to carry into the reports: the run
    /// cannot give what was asked, so it stops (the CLI's usage error).
    #[error("--keep-columns: {table} has no column named {column:?} (its columns: {available})")]
    MissingKeptColumn {
        /// The table file.
        table: String,
        /// The column that was asked for.
        column: String,
        /// The columns (CSV) or the first row's fields (JSONL) the table has, comma separated.
        available: String,
    },
    /// An output file or folder could not be written.
    #[error("cannot write {}: {source}", crate::escape::path(path))]
    Write {
        /// The path that failed.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A review is larger than the run's limit (`--max-review-bytes`).
    #[error("review of {bytes} bytes is over the limit of {limit} bytes (--max-review-bytes)")]
    TooLarge {
        /// Its size in bytes (at least; reading stopped past the limit).
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// This machine could not give the memory analyzing a review needs.
    #[error(
        "not enough memory to analyze this review of {bytes} bytes (it needs about {needed_mb} MB)"
    )]
    OutOfMemory {
        /// The review's size in bytes.
        bytes: u64,
        /// About how many megabytes its analysis needs.
        needed_mb: u64,
    },
    /// An input is not a regular file or folder (a FIFO, a socket, a device), which could block
    /// the run or never end.
    #[error("not a regular file ({kind}): not read")]
    NotRegular {
        /// What it is: "a FIFO", "a socket", "a device".
        kind: &'static str,
    },
    /// A file named as an input whose extension says neither review nor table.
    #[error(
        "cannot tell how to read {}: a review is a .txt, .md or .markdown file, a table a \
         .csv, .jsonl or .ndjson file",
        crate::escape::path(path)
    )]
    UnknownKind {
        /// The file.
        path: PathBuf,
    },
    /// A table that is one of reviewlens' own reports (an earlier run's output), not reviews.
    #[error("an earlier run's {report}, not reviews")]
    Report {
        /// Which report its header row is.
        report: &'static str,
    },
    /// A folder or table named as an input holds no review.
    #[error("{0}")]
    NoReviews(String),
    /// Another run is writing reports into the same output folder.
    #[error(
        "another reviewlens run is writing reports into {}; wait until it ends or choose \
         another output folder",
        crate::escape::path(dir)
    )]
    Busy {
        /// The output folder.
        dir: PathBuf,
    },
    /// The thread pool could not be started.
    #[error("cannot start {threads} threads: {message}")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// What the system said.
        message: String,
    },
    /// A data file (lexicon, gazetteer) is malformed.
    #[error("{}:{line}: {message}", crate::escape::path(path))]
    Data {
        /// The data file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}
