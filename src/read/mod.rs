//! Reading reviews: bytes to text, and table files (CSV, JSONL) to rows.
//!
//! Invariants:
//! - text is never mangled silently: UTF-8 (with or without a byte-order mark) and UTF-16 with a
//!   byte-order mark are decoded exactly; any other bytes are decoded as Windows-1252 and the
//!   [`Encoding`] says so;
//! - a NUL byte makes an input binary, an input of only white space makes it empty: both are
//!   errors, never reviews;
//! - table rows stream: memory does not grow with the size of the file, only with the largest
//!   row, and no review over [`ReadOptions::max_review_bytes`] is ever held whole;
//! - every row and every row error carries the physical line the row starts on (LF, CRLF and CR
//!   each end a line), and the next rows are still read;
//! - ids are kept as written, but control characters are escaped ([`crate::escape`]); an empty
//!   id is the row's number;
//! - the columns of [`ReadOptions::keep`] are carried into each row's [`Doc::kept`] as written
//!   (decoded like a cell), in the order asked; a table that lacks one is
//!   [`Error::MissingKeptColumn`], never read with the column silently empty.

mod csv;
mod input;
mod jsonl;

pub use self::csv::{CsvRows, Parsed, Parser, Record, MAX_QUOTED_LINES};
pub use self::input::{sniff, Input, Utf16Reader};
pub use self::jsonl::JsonlRows;

use crate::doc::Doc;
use crate::error::{Error, Result};
use crate::pipeline::Encoding;
use std::io::Read;
use std::path::Path;

/// The default of [`ReadOptions::max_review_bytes`]: 10 MB, a hundred times a long critic's
/// review.
pub const DEFAULT_MAX_REVIEW_BYTES: u64 = 10_000_000;

/// The most [`ReadOptions::max_review_bytes`] may be: offsets into a review are 32-bit, and the
/// text of a review may be up to three times its bytes as read (Windows-1252 and UTF-16 decoded
/// to UTF-8).
pub const MAX_REVIEW_BYTES_CEILING: u64 = u32::MAX as u64 / 3;

/// How inputs are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The table columns holding ids and texts.
    pub columns: Columns,
    /// A review (a file, a table row or line) larger than this many bytes, as read, is an
    /// error, never read whole. Its decoded text is at most three times as long. At most
    /// [`MAX_REVIEW_BYTES_CEILING`].
    pub max_review_bytes: u64,
    /// Table columns (CSV) or fields (JSONL) whose values each review carries into the
    /// reports ([`Doc::kept`]), in this order. A CSV file without one of them, or a JSONL file
    /// whose first row lacks one, is [`Error::MissingKeptColumn`].
    pub keep: Vec<String>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            columns: Columns::default(),
            max_review_bytes: DEFAULT_MAX_REVIEW_BYTES,
            keep: Vec::new(),
        }
    }
}

impl ReadOptions {
    /// Options with these columns and the default size limit.
    pub fn with_columns(columns: Columns) -> ReadOptions {
        ReadOptions {
            columns,
            ..ReadOptions::default()
        }
    }
}

/// Decodes the bytes of one review.
pub fn decode(mut bytes: Vec<u8>) -> Result<(String, Encoding)> {
    let (text, encoding) = if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        utf8_or_1252(bytes)?
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        decode_utf16(&bytes)?
    } else {
        utf8_or_1252(bytes)?
    };
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    Ok((text, encoding))
}

fn utf8_or_1252(bytes: Vec<u8>) -> Result<(String, Encoding)> {
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(Error::Binary { offset });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, Encoding::Utf8)),
        Err(e) => Ok((decode_windows_1252(e.as_bytes()), Encoding::Windows1252)),
    }
}

fn decode_utf16(bytes: &[u8]) -> Result<(String, Encoding)> {
    let little = bytes[0] == 0xFF;
    let units = bytes[2..].chunks(2).map(|pair| {
        let pair = [pair[0], *pair.get(1).unwrap_or(&0)];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok('\0') => return Err(Error::Binary { offset: 2 + 2 * i }),
            Ok(c) => text.push(c),
            Err(_) => return Err(Error::NotUtf8 { offset: 2 + 2 * i }),
        }
    }
    Ok((text, Encoding::Utf16))
}

/// Windows-1252's characters for bytes 0x80..=0x9F (the five unassigned bytes map to the C1
/// controls, as the WHATWG Encoding Standard does).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decodes bytes as Windows-1252.
pub fn decode_windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
            b => char::from(b),
        })
        .collect()
}

/// Decodes one table cell: UTF-8, or Windows-1252 when it is not; a NUL byte makes it binary,
/// white space alone empty. `encoding` is the file's (a UTF-16 file's cells arrive as UTF-8).
pub(crate) fn decode_cell(cell: &[u8], encoding: Encoding) -> Result<(String, Encoding)> {
    let (text, cell_encoding) = utf8_or_1252(cell.to_vec())?;
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    let encoding = match cell_encoding {
        Encoding::Utf8 => encoding,
        other => other,
    };
    Ok((text, encoding))
}

/// A kept cell's value: decoded like a cell (UTF-8, else Windows-1252), kept as written.
pub(crate) fn kept_of_bytes(cell: &[u8]) -> String {
    match std::str::from_utf8(cell) {
        Ok(text) => text.to_string(),
        Err(_) => decode_windows_1252(cell),
    }
}

/// An id as written in a table cell: decoded like a cell, control characters escaped.
pub(crate) fn id_of_bytes(cell: &[u8]) -> String {
    let text = match std::str::from_utf8(cell) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => std::borrow::Cow::Owned(decode_windows_1252(cell)),
    };
    crate::escape::controls(&text).into_owned()
}

/// Reads and decodes one review file, of at most the default size limit.
pub fn read_review(path: &Path, id: String) -> Result<(Doc, Encoding)> {
    read_review_sized(path, id, 0, DEFAULT_MAX_REVIEW_BYTES)
}

/// [`read_review`] of a file whose size is known to be about `size` bytes (0: unknown), as a
/// walk of its folder found it: the file is read without asking its size again. A file over
/// `limit` bytes is [`Error::TooLarge`], and no more than `limit + 1` of its bytes are read.
pub fn read_review_sized(
    path: &Path,
    id: String,
    size: u64,
    limit: u64,
) -> Result<(Doc, Encoding)> {
    if size > limit {
        return Err(Error::TooLarge { bytes: size, limit });
    }
    let bytes = read_file(path, size, limit).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    let (text, encoding) = decode(bytes)?;
    Ok((Doc::new(id, crate::escape::path(path), text), encoding))
}

/// The bytes of a file of about `size` bytes (0: unknown), however its size has changed, up to
/// `limit + 1` of them.
fn read_file(path: &Path, size: u64, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut file = file.take(limit.saturating_add(1));
    let mut bytes = Vec::new();
    // As std::fs::read does: a file too large for memory is an error, not an abort.
    let room = usize::try_from(size)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    bytes.try_reserve_exact(room).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::OutOfMemory,
            "too large to read into memory",
        )
    })?;
    // A `Take` reads to its limit without the `stat` File::read_to_end makes first; a file
    // that grew since the walk is read on, up to the limit.
    (&mut file)
        .take(size.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > size {
        file.read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// Which columns of a table hold the id and the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    /// The id column (default `id`). When a table lacks it, rows are numbered from 1.
    pub id: String,
    /// The text column (default `text`).
    pub text: String,
}

impl Default for Columns {
    fn default() -> Columns {
        Columns {
            id: "id".into(),
            text: "text".into(),
        }
    }
}

/// One row read from a table: a document, or why the row could not be read.
pub type Row = std::result::Result<(Doc, Encoding), (String, Error)>;

/// The name standard input goes by in sources and errors.
pub const STDIN: &str = "<stdin>";

/// The rows of a table on standard input, as they arrive: JSONL when its first character
/// (after a byte-order mark and white space) is `{`, CSV with a header row otherwise; no rows
/// when it is empty (a streaming engine's empty partition).
pub fn open_stdin(options: &ReadOptions) -> Result<Box<dyn Iterator<Item = Row> + Send>> {
    open_reader(Box::new(std::io::stdin()), STDIN, options)
}

/// [`open_stdin`] over any reader named `source`.
pub fn open_reader(
    reader: Box<dyn Read + Send>,
    source: &str,
    options: &ReadOptions,
) -> Result<Box<dyn Iterator<Item = Row> + Send>> {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let head = reader.fill_buf().map_err(|e| Error::Csv {
        line: 1,
        message: e.to_string(),
    })?;
    if head.is_empty() {
        return Ok(Box::new(std::iter::empty()));
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let jsonl = head
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{');
    if jsonl {
        Ok(Box::new(JsonlRows::from_reader(
            Box::new(reader),
            source.to_string(),
            options,
        )?))
    } else {
        Ok(Box::new(CsvRows::from_reader(
            Box::new(reader),
            source.to_string(),
            options,
        )?))
    }
}

/// Opens a table file: its rows as they are read.
pub fn open_table(
    path: &Path,
    jsonl: bool,
    options: &ReadOptions,
) -> Result<Box<dyn Iterator<Item = Row> + Send>> {
    if jsonl {
        Ok(Box::new(JsonlRows::open(path, options)?))
    } else {
        Ok(Box::new(CsvRows::open(path, options)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_whole_whatever_size_the_walk_saw() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let text = "A review that grew after the walk listed it. ".repeat(40);
        std::fs::write(&path, &text).unwrap();
        let len = text.len() as u64;
        for size in [0, 1, len - 1, len, len + 1, 10 * len] {
            let (doc, _) = read_review_sized(&path, "r".into(), size, u64::MAX).unwrap();
            assert_eq!(doc.text, text, "size {size}");
        }
    }

    #[test]
    fn a_file_over_the_limit_is_an_error_and_is_not_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        std::fs::write(&path, "x".repeat(1000)).unwrap();
        // As the walk saw it.
        let walked = read_review_sized(&path, "r".into(), 1000, 999);
        assert!(
            matches!(
                walked,
                Err(Error::TooLarge {
                    bytes: 1000,
                    limit: 999
                })
            ),
            "{walked:?}"
        );
        // Grown since the walk: reading stops one byte past the limit.
        let grown = read_review_sized(&path, "r".into(), 10, 500);
        assert!(
            matches!(
                grown,
                Err(Error::TooLarge {
                    bytes: 501,
                    limit: 500
                })
            ),
            "{grown:?}"
        );
        let fits = read_review_sized(&path, "r".into(), 1000, 1000);
        assert_eq!(fits.unwrap().0.text.len(), 1000);
    }

    #[test]
    fn decode_table() {
        let ok = |bytes: &[u8]| decode(bytes.to_vec()).map(|(t, e)| (t, e.as_str())).ok();
        assert_eq!(ok(b"plain"), Some(("plain".into(), "utf-8")));
        assert_eq!(ok(b"\xEF\xBB\xBFbom"), Some(("bom".into(), "utf-8")));
        assert_eq!(ok("caf\u{e9}".as_bytes()), Some(("café".into(), "utf-8")));
        assert_eq!(
            ok(b"caf\xe9 \x93hi\x94"),
            Some(("café “hi”".into(), "windows-1252"))
        );
        assert_eq!(ok(b"\xFF\xFEh\x00i\x00"), Some(("hi".into(), "utf-16")));
        assert_eq!(ok(b"\xFE\xFF\x00h\x00i"), Some(("hi".into(), "utf-16")));
    }

    #[test]
    fn decode_rejects_binary_and_empty_input() {
        assert!(matches!(
            decode(b"ab\0cd".to_vec()),
            Err(Error::Binary { offset: 2 })
        ));
        assert!(matches!(decode(Vec::new()), Err(Error::Empty)));
        assert!(matches!(decode(b" \n\t ".to_vec()), Err(Error::Empty)));
        assert!(matches!(
            decode(b"\xEF\xBB\xBF".to_vec()),
            Err(Error::Empty)
        ));
        assert!(matches!(
            decode(b"\xFF\xFE\x00\xD8".to_vec()),
            Err(Error::NotUtf8 { .. })
        ));
    }

    #[test]
    fn ids_keep_their_white_space_and_lose_their_control_bytes() {
        assert_eq!(id_of_bytes(b"  007 "), "  007 ");
        assert_eq!(id_of_bytes(b"a\x1b[2Jb\tc"), "a\\x1B[2Jb\\tc");
        assert_eq!(id_of_bytes(b"caf\xe9"), "café");
    }
}
