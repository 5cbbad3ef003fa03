//! Reading reviews: bytes to text, and table files (CSV, JSONL) to rows.
//!
//! Invariants:
//! - text is never mangled silently: UTF-8 (with or without a byte-order mark) and UTF-16 with a
//!   byte-order mark are decoded exactly; any other bytes are decoded as Windows-1252 and the
//!   [`Encoding`] says so;
//! - a NUL byte makes an input binary, an input of only white space makes it empty: both are
//!   errors, never reviews;
//! - table rows stream: memory does not grow with the size of the file;
//! - every row error carries the line the row starts on, and the next rows are still read.

use crate::doc::Doc;
use crate::error::{Error, Result};
use crate::pipeline::Encoding;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

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

/// Reads and decodes one review file.
pub fn read_review(path: &Path, id: String) -> Result<(Doc, Encoding)> {
    read_review_sized(path, id, 0)
}

/// [`read_review`] of a file whose size is known to be about `size` bytes (0: unknown), as a
/// walk of its folder found it: the file is read without asking its size again.
pub fn read_review_sized(path: &Path, id: String, size: u64) -> Result<(Doc, Encoding)> {
    let bytes = read_file(path, size).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let (text, encoding) = decode(bytes)?;
    Ok((Doc::new(id, path.display().to_string(), text), encoding))
}

/// All the bytes of a file of about `size` bytes (0: unknown), however its size has changed.
fn read_file(path: &Path, size: u64) -> std::io::Result<Vec<u8>> {
    if size == 0 {
        return std::fs::read(path);
    }
    let mut file = std::fs::File::open(path)?;
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
    // that grew since the walk is read on to its end.
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

/// Streams the rows of a CSV file.
pub struct CsvRows {
    reader: csv::Reader<Box<dyn Read + Send>>,
    source: String,
    id_column: Option<usize>,
    text_column: usize,
    record: csv::ByteRecord,
    row: u64,
    done: bool,
}

impl CsvRows {
    /// Opens a CSV file and finds its columns.
    pub fn open(path: &Path, columns: &Columns) -> Result<CsvRows> {
        let file = std::fs::File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        CsvRows::from_reader(
            Box::new(BufReader::with_capacity(1 << 16, file)),
            path.display().to_string(),
            columns,
        )
    }

    /// Reads CSV from any reader; `source` names it in errors.
    pub fn from_reader(
        reader: Box<dyn Read + Send>,
        source: String,
        columns: &Columns,
    ) -> Result<CsvRows> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let headers = reader.byte_headers().map_err(|e| csv_error(&e, 1))?.clone();
        let names: Vec<String> = headers
            .iter()
            .map(|h| {
                String::from_utf8_lossy(h)
                    .trim_start_matches('\u{FEFF}')
                    .trim()
                    .to_string()
            })
            .collect();
        let find = |name: &str| names.iter().position(|n| n == name);
        let text_column = find(&columns.text).ok_or_else(|| Error::MissingColumn {
            column: columns.text.clone(),
            available: names.join(","),
        })?;
        Ok(CsvRows {
            reader,
            source,
            id_column: find(&columns.id),
            text_column,
            record: csv::ByteRecord::new(),
            row: 0,
            done: false,
        })
    }

    fn row(&mut self, line: u64) -> Row {
        let source = format!("{}:{line}", self.source);
        let field = |i: usize| self.record.get(i);
        let Some(text) = field(self.text_column) else {
            let message = format!(
                "row has {} fields, the text column is field {}",
                self.record.len(),
                self.text_column + 1
            );
            return Err((source, Error::Csv { line, message }));
        };
        let id = match self.id_column.and_then(field) {
            Some(id) => String::from_utf8_lossy(id).trim().to_string(),
            None => self.row.to_string(),
        };
        match decode(text.to_vec()) {
            Ok((text, encoding)) => Ok((Doc::new(id, source, text), encoding)),
            Err(error) => Err((source, error)),
        }
    }
}

fn csv_error(e: &csv::Error, default_line: u64) -> Error {
    let line = e.position().map_or(default_line, |p| p.line());
    Error::Csv {
        line,
        message: e.to_string(),
    }
}

impl Iterator for CsvRows {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                self.row += 1;
                let line = self.record.position().map_or(0, |p| p.line());
                Some(self.row(line))
            }
            Err(e) => {
                // An I/O error ends the file; a parse error costs one row.
                self.done = matches!(e.kind(), csv::ErrorKind::Io(_));
                self.row += 1;
                let line = e.position().map_or(0, |p| p.line());
                Some(Err((
                    format!("{}:{line}", self.source),
                    csv_error(&e, line),
                )))
            }
        }
    }
}

/// Streams the rows of a JSONL file (one JSON object per line; blank lines are skipped).
pub struct JsonlRows {
    reader: Box<dyn BufRead + Send>,
    source: String,
    columns: Columns,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlRows {
    /// Opens a JSONL file.
    pub fn open(path: &Path, columns: &Columns) -> Result<JsonlRows> {
        let file = std::fs::File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(JsonlRows::from_reader(
            Box::new(BufReader::with_capacity(1 << 16, file)),
            path.display().to_string(),
            columns,
        ))
    }

    /// Reads JSONL from any buffered reader; `source` names it in errors.
    pub fn from_reader(
        reader: Box<dyn BufRead + Send>,
        source: String,
        columns: &Columns,
    ) -> JsonlRows {
        JsonlRows {
            reader,
            source,
            columns: columns.clone(),
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn parse(&self, line: u64) -> Result<(Doc, Encoding)> {
        let error = |message: String| Error::Jsonl { line, message };
        let raw = self.buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&self.buf);
        let value: serde_json::Value =
            serde_json::from_slice(raw).map_err(|e| error(e.to_string()))?;
        let object = value
            .as_object()
            .ok_or_else(|| error("not a JSON object".into()))?;
        let text = match object.get(&self.columns.text) {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(_) => {
                return Err(error(format!(
                    "field {:?} is not a string",
                    self.columns.text
                )))
            }
            None => return Err(error(format!("no field {:?}", self.columns.text))),
        };
        let id = match object.get(&self.columns.id) {
            Some(serde_json::Value::String(id)) => id.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => line.to_string(),
        };
        if text.contains('\0') {
            return Err(Error::Binary {
                offset: text.find('\0').unwrap_or(0),
            });
        }
        if text.trim().is_empty() {
            return Err(Error::Empty);
        }
        Ok((
            Doc::new(id, format!("{}:{line}", self.source), text),
            Encoding::Utf8,
        ))
    }
}

impl Iterator for JsonlRows {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let line = self.line;
                    return Some(
                        self.parse(line)
                            .map_err(|e| (format!("{}:{line}", self.source), e)),
                    );
                }
                Err(source) => {
                    self.done = true;
                    let path = self.source.clone().into();
                    return Some(Err((self.source.clone(), Error::Read { path, source })));
                }
            }
        }
        None
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
            let (doc, _) = read_review_sized(&path, "r".into(), size).unwrap();
            assert_eq!(doc.text, text, "size {size}");
        }
        // A size no memory holds is a read error for that file, not an abort.
        let huge = read_review_sized(&path, "r".into(), u64::MAX);
        assert!(matches!(huge, Err(Error::Read { .. })), "{huge:?}");
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

    fn csv_rows(data: &str) -> Vec<std::result::Result<(String, String), String>> {
        let rows = CsvRows::from_reader(
            Box::new(std::io::Cursor::new(data.as_bytes().to_vec())),
            "t.csv".into(),
            &Columns::default(),
        )
        .unwrap();
        rows.map(|r| {
            r.map(|(d, _)| (d.id, d.text))
                .map_err(|(s, e)| format!("{s} {e}"))
        })
        .collect()
    }

    #[test]
    fn csv_rows_stream_with_line_numbers_and_bad_rows_skipped() {
        let rows = csv_rows("id,text\na,\"multi\nline\"\nb\nc,\"\"\nd,fine\n");
        assert_eq!(rows[0], Ok(("a".into(), "multi\nline".into())));
        assert_eq!(
            rows[1],
            Err("t.csv:4 CSV line 4: row has 1 fields, the text column is field 2".into())
        );
        assert_eq!(rows[2], Err("t.csv:5 empty review".into()));
        assert_eq!(rows[3], Ok(("d".into(), "fine".into())));
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn csv_without_id_column_numbers_rows_and_without_text_column_fails() {
        assert_eq!(
            csv_rows("text\nhello\n")[0],
            Ok(("1".into(), "hello".into()))
        );
        let missing = CsvRows::from_reader(
            Box::new(std::io::Cursor::new(b"id,body\n1,x\n".to_vec())),
            "t".into(),
            &Columns::default(),
        );
        assert!(matches!(missing, Err(Error::MissingColumn { .. })));
    }

    #[test]
    fn jsonl_rows_report_bad_lines_and_continue() {
        let data = "{\"id\": 7, \"text\": \"good\"}\n\nnot json\n{\"id\": \"x\"}\n{\"id\": \"y\", \"text\": \"fine\"}\n";
        let rows: Vec<_> = JsonlRows::from_reader(
            Box::new(std::io::Cursor::new(data.as_bytes().to_vec())),
            "t.jsonl".into(),
            &Columns::default(),
        )
        .map(|r| r.map(|(d, _)| (d.id, d.source)).map_err(|(s, _)| s))
        .collect();
        assert_eq!(
            rows,
            [
                Ok(("7".into(), "t.jsonl:1".into())),
                Err("t.jsonl:3".into()),
                Err("t.jsonl:4".into()),
                Ok(("y".into(), "t.jsonl:5".into())),
            ]
        );
    }
}
