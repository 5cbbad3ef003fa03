//! CSV tables: a streaming record parser that knows where every record starts, and the rows
//! it makes.
//!
//! The parser reads RFC 4180 the way the `csv` crate's reader does (`,` between fields, `"`
//! quotes with `""` inside them, CR, LF or CRLF ending a record, blank lines skipped, a quote in
//! the middle of an unquoted field kept as it is, bytes after a closing quote kept), and a
//! property test holds it to the crate on well-formed input. What it adds:
//! - **physical line numbers** for every line ending (LF, CRLF and lone CR each end one line),
//!   so a row's source names the line an editor shows;
//! - **unclosed quotes cost one row, not the rest of the file**: a quoted field that runs to the
//!   end of the file, that spans more than [`MAX_QUOTED_LINES`] lines, or that spans lines and
//!   is followed by text after its closing quote (a stray quote that paired with a later one) is
//!   an error row naming the line the quote opened on, and the file is read again from the next
//!   line;
//! - **bounded memory**: a record over the size limit is an error row; it is read through to its
//!   end without being kept. The bytes kept to read again after an unclosed quote are bounded by
//!   the same limit.

use super::input::{self, Input};
use super::{decode_cell, ReadOptions, Row};
use crate::doc::Doc;
use crate::error::{Error, Result};
use crate::pipeline::Encoding;
use std::io::Read;
use std::path::Path;

/// A quoted field spanning more lines than this is taken for an unclosed quote.
pub const MAX_QUOTED_LINES: u64 = 1_000;

/// One record's fields, concatenated, and where each ends.
#[derive(Clone, Debug, Default)]
pub struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Record {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the record has no field.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.bytes[start..end])
    }

    /// The fields in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }
}

/// What reading one record gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A record, in the parser's [`Record`].
    Record,
    /// A record larger than the limit: `bytes` of fields were read (and dropped).
    TooLarge {
        /// Bytes of its fields.
        bytes: u64,
    },
    /// A quoted field that does not close where it should; reading goes on from the line after
    /// the one it opened on (unless `recovered` is false: the field was over the size limit,
    /// so the lines after it could not be read again).
    Unclosed {
        /// The line the quote opened on.
        quote_line: u64,
        /// Why it is taken for unclosed.
        why: &'static str,
        /// Whether the lines after the quote are read again.
        recovered: bool,
    },
}

/// A streaming CSV record parser with physical line numbers.
pub struct Parser {
    input: Input,
    /// Line of the next byte to consume, from 1.
    line: u64,
    /// The last byte consumed was a CR (an LF right after it ends no new line).
    prev_cr: bool,
    /// Largest record kept, in bytes of fields.
    limit: usize,
    /// The bytes since the last quote opened.
    raw: Raw,
}

/// The bytes consumed since the last quote of a record opened, kept to read them again if it
/// never closes; at most the record limit and a chunk.
#[derive(Default)]
struct Raw {
    bytes: Vec<u8>,
    /// Whether bytes are being kept.
    on: bool,
    /// They outgrew the limit: the bytes after the quote can no longer be read again.
    overflow: bool,
    limit: usize,
}

impl Raw {
    fn start(&mut self) {
        self.bytes.clear();
        self.on = true;
        self.overflow = false;
    }

    fn stop(&mut self) {
        self.on = false;
        if self.bytes.capacity() > 1 << 20 {
            self.bytes = Vec::new();
        } else {
            self.bytes.clear();
        }
    }

    #[inline]
    fn keep(&mut self, bytes: &[u8]) {
        if self.on && !self.overflow {
            if self.bytes.len() + bytes.len() > self.limit.saturating_add(1 << 16) {
                self.overflow = true;
                self.bytes = Vec::new();
            } else {
                self.bytes.extend_from_slice(bytes);
            }
        }
    }
}

/// The fields of the record being read, with its size against the limit.
struct Fields<'r> {
    record: &'r mut Record,
    /// Bytes of fields read, kept or not.
    total: u64,
    /// The record outgrew the limit: bytes are counted, not kept.
    too_large: bool,
    limit: usize,
}

impl Fields<'_> {
    #[inline]
    fn push(&mut self, bytes: &[u8]) {
        self.total += bytes.len() as u64;
        if !self.too_large {
            if self.total > self.limit as u64 {
                self.too_large = true;
                self.record.bytes = Vec::new();
            } else {
                self.record.bytes.extend_from_slice(bytes);
            }
        }
    }

    #[inline]
    fn end_field(&mut self) {
        let end = self.record.bytes.len();
        self.record.ends.push(end);
    }

    fn parsed(&self) -> Parsed {
        if self.too_large {
            Parsed::TooLarge { bytes: self.total }
        } else {
            Parsed::Record
        }
    }
}

/// Where the parser is within a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// At the start of a field.
    FieldStart,
    /// In an unquoted field.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: it closes the field or doubles.
    QuoteInQuoted,
    /// After a closing quote, before the next delimiter.
    AfterQuoted,
}

impl Parser {
    /// A parser of `input`, keeping records of up to `limit` bytes.
    pub fn new(input: Input, limit: usize) -> Parser {
        Parser {
            input,
            line: 1,
            prev_cr: false,
            limit,
            raw: Raw {
                limit,
                ..Raw::default()
            },
        }
    }

    /// The line of the next byte, from 1.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Counts a line-ending byte (CR or LF) just consumed: CR, LF and CRLF each end one line.
    #[inline]
    fn line_byte(&mut self, b: u8) {
        if b == b'\r' {
            self.line += 1;
            self.prev_cr = true;
        } else {
            if !self.prev_cr {
                self.line += 1;
            }
            self.prev_cr = false;
        }
    }

    /// Reads the next record into `record`: the line it starts on and what it gave, or `None`
    /// at the end of the input.
    pub fn next(&mut self, record: &mut Record) -> std::io::Result<Option<(u64, Parsed)>> {
        record.clear();
        // Blank lines between records are skipped.
        loop {
            let chunk = self.input.chunk()?;
            let Some(&b) = chunk.first() else {
                return Ok(None);
            };
            if b != b'\r' && b != b'\n' {
                break;
            }
            self.input.consume(1);
            self.line_byte(b);
        }
        let start_line = self.line;
        let mut fields = Fields {
            record,
            total: 0,
            too_large: false,
            limit: self.limit,
        };
        let mut state = State::FieldStart;
        let mut quote_line = 0u64;
        let mut quoted_lines = 0u64;
        self.raw.stop();
        loop {
            let chunk = self.input.chunk()?;
            if chunk.is_empty() {
                if state == State::Quoted {
                    let parsed = self.unclosed(quote_line, "it runs to the end of the file");
                    return Ok(Some((start_line, parsed)));
                }
                // The end of the input ends the record.
                fields.end_field();
                self.raw.stop();
                return Ok(Some((start_line, fields.parsed())));
            }
            match state {
                State::FieldStart => {
                    if chunk[0] == b'"' {
                        self.input.consume(1);
                        self.prev_cr = false;
                        self.raw.start();
                        self.raw.keep(b"\"");
                        quote_line = self.line;
                        quoted_lines = 0;
                        state = State::Quoted;
                    } else {
                        state = State::Unquoted;
                    }
                }
                State::Unquoted | State::AfterQuoted => {
                    let stop = memchr::memchr3(b',', b'\r', b'\n', chunk);
                    let n = stop.unwrap_or(chunk.len());
                    if state == State::AfterQuoted
                        && quoted_lines > 0
                        && chunk[..n].iter().any(|&b| b != b' ' && b != b'\t')
                    {
                        // Text after the closing quote of a field that spans lines: the quote
                        // most likely paired with a stray one further down.
                        let why = "its closing quote is followed by text";
                        return Ok(Some((start_line, self.unclosed(quote_line, why))));
                    }
                    fields.push(&chunk[..n]);
                    self.raw.keep(&chunk[..n]);
                    let Some(n) = stop else {
                        let len = chunk.len();
                        self.input.consume(len);
                        self.prev_cr = false;
                        continue;
                    };
                    let b = chunk[n];
                    self.raw.keep(&[b]);
                    self.input.consume(n + 1);
                    fields.end_field();
                    if b == b',' {
                        self.prev_cr = false;
                        state = State::FieldStart;
                    } else {
                        self.prev_cr = self.prev_cr && n == 0;
                        self.line_byte(b);
                        self.raw.stop();
                        return Ok(Some((start_line, fields.parsed())));
                    }
                }
                State::Quoted => {
                    let stop = memchr::memchr3(b'"', b'\r', b'\n', chunk);
                    let n = stop.unwrap_or(chunk.len());
                    fields.push(&chunk[..n]);
                    self.raw.keep(&chunk[..n]);
                    let Some(n) = stop else {
                        let len = chunk.len();
                        self.input.consume(len);
                        self.prev_cr = false;
                        continue;
                    };
                    let b = chunk[n];
                    self.raw.keep(&[b]);
                    self.input.consume(n + 1);
                    if b == b'"' {
                        self.prev_cr = false;
                        state = State::QuoteInQuoted;
                        continue;
                    }
                    fields.push(&[b]);
                    self.prev_cr = self.prev_cr && n == 0;
                    let before = self.line;
                    self.line_byte(b);
                    quoted_lines += self.line - before;
                    if quoted_lines > MAX_QUOTED_LINES {
                        let why = "it spans more than 1,000 lines";
                        return Ok(Some((start_line, self.unclosed(quote_line, why))));
                    }
                }
                State::QuoteInQuoted => {
                    if chunk[0] == b'"' {
                        // A doubled quote: one quote in the field.
                        self.input.consume(1);
                        self.raw.keep(b"\"");
                        fields.push(b"\"");
                        state = State::Quoted;
                    } else {
                        state = State::AfterQuoted;
                    }
                }
            }
        }
    }

    /// Gives up on the quote opened on `quote_line`: the lines after the one it opened on are
    /// put back to be read again, when they were kept.
    fn unclosed(&mut self, quote_line: u64, why: &'static str) -> Parsed {
        if self.raw.overflow {
            self.raw.stop();
            return Parsed::Unclosed {
                quote_line,
                why,
                recovered: false,
            };
        }
        // The kept bytes start at the opening quote; the next line starts past its first line
        // end.
        let raw = std::mem::take(&mut self.raw.bytes);
        if let Some(i) = memchr::memchr2(b'\r', b'\n', &raw) {
            let crlf = raw[i] == b'\r' && raw.get(i + 1) == Some(&b'\n');
            let resume = i + 1 + usize::from(crlf);
            self.input.replay(&raw[resume..]);
            self.line = quote_line + 1;
            // A CR that ended the kept bytes may have its LF still to come.
            self.prev_cr = raw[i] == b'\r' && resume == raw.len();
        }
        self.raw.bytes = raw;
        self.raw.stop();
        Parsed::Unclosed {
            quote_line,
            why,
            recovered: true,
        }
    }
}

/// Streams the rows of a CSV file.
pub struct CsvRows {
    parser: Parser,
    source: String,
    encoding: Encoding,
    id_column: Option<usize>,
    text_column: usize,
    /// The columns kept for the reports, in the order asked.
    kept_columns: Vec<usize>,
    record: Record,
    /// Data rows read so far.
    row: u64,
    limit: u64,
    done: bool,
}

impl CsvRows {
    /// Opens a CSV file and finds its columns.
    pub fn open(path: &Path, options: &ReadOptions) -> Result<CsvRows> {
        let file = std::fs::File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        CsvRows::from_reader(Box::new(file), crate::escape::path(path), options)
    }

    /// Reads CSV from any reader; `source` names it in errors.
    pub fn from_reader(
        reader: Box<dyn Read + Send>,
        source: String,
        options: &ReadOptions,
    ) -> Result<CsvRows> {
        let io_error = |source_error: std::io::Error, line: u64| Error::Csv {
            line,
            message: source_error.to_string(),
        };
        let (input, encoding) = input::sniff(reader).map_err(|e| io_error(e, 1))?;
        let limit = options.max_review_bytes;
        let mut parser = Parser::new(input, usize::try_from(limit).unwrap_or(usize::MAX));
        let mut header = Record::default();
        let line = parser.line();
        let names = match parser.next(&mut header).map_err(|e| io_error(e, line))? {
            None => return Err(Error::NoReviews("empty table: no header row".into())),
            Some((_, Parsed::Record)) => header_names(&header)?,
            Some((line, _)) => {
                return Err(Error::Csv {
                    line,
                    message: "the header row cannot be read (an unclosed quote or over the size \
                              limit)"
                        .into(),
                })
            }
        };
        if let Some(report) = crate::report::report_named_by(&names) {
            return Err(Error::Report { report });
        }
        let find = |name: &str| names.iter().position(|n| n == name);
        let text_column = find(&options.columns.text).ok_or_else(|| Error::MissingColumn {
            column: options.columns.text.clone(),
            available: crate::escape::controls(&names.join(",")).into_owned(),
        })?;
        let kept_columns = options
            .keep
            .iter()
            .map(|column| {
                find(column).ok_or_else(|| Error::MissingKeptColumn {
                    table: source.clone(),
                    column: column.clone(),
                    available: crate::escape::controls(&names.join(",")).into_owned(),
                })
            })
            .collect::<Result<Vec<usize>>>()?;
        Ok(CsvRows {
            parser,
            source,
            encoding,
            id_column: find(&options.columns.id),
            text_column,
            kept_columns,
            record: header,
            row: 0,
            limit,
            done: false,
        })
    }

    fn row(&mut self, line: u64) -> Row {
        let source = format!("{}:{line}", self.source);
        let Some(text) = self.record.get(self.text_column) else {
            let message = format!(
                "row has {} fields, the text column is field {}",
                self.record.len(),
                self.text_column + 1
            );
            return Err((source, Error::Csv { line, message }));
        };
        let id = match self.id_column.and_then(|i| self.record.get(i)) {
            Some(id) if !id.is_empty() => super::id_of_bytes(id),
            _ => self.row.to_string(),
        };
        match decode_cell(text, self.encoding) {
            Ok((text, encoding)) => {
                let mut doc = Doc::new(id, source, text);
                // A short row's missing cells are empty.
                doc.kept = self
                    .kept_columns
                    .iter()
                    .map(|&i| super::kept_of_bytes(self.record.get(i).unwrap_or_default()))
                    .collect();
                Ok((doc, encoding))
            }
            Err(error) => Err((source, error)),
        }
    }
}

/// The names of a header row: decoded, trimmed; NUL bytes make the file binary.
fn header_names(header: &Record) -> Result<Vec<String>> {
    let mut offset = 0;
    let mut names = Vec::with_capacity(header.len());
    for field in header.iter() {
        if let Some(at) = memchr::memchr(0, field) {
            return Err(Error::Binary {
                offset: offset + at,
            });
        }
        offset += field.len() + 1;
        let name = match std::str::from_utf8(field) {
            Ok(name) => name.to_string(),
            Err(_) => super::decode_windows_1252(field),
        };
        names.push(name.trim_start_matches('\u{FEFF}').trim().to_string());
    }
    Ok(names)
}

impl Iterator for CsvRows {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if self.done {
            return None;
        }
        let line = self.parser.line();
        match self.parser.next(&mut self.record) {
            Ok(None) => {
                self.done = true;
                if self.row == 0 {
                    let error = Error::NoReviews("no rows after the header".into());
                    return Some(Err((self.source.clone(), error)));
                }
                None
            }
            Ok(Some((line, parsed))) => {
                self.row += 1;
                let source = format!("{}:{line}", self.source);
                match parsed {
                    Parsed::Record => Some(self.row(line)),
                    Parsed::TooLarge { bytes } => Some(Err((
                        source,
                        Error::TooLarge {
                            bytes,
                            limit: self.limit,
                        },
                    ))),
                    Parsed::Unclosed {
                        quote_line,
                        why,
                        recovered,
                    } => {
                        let next = if recovered {
                            format!("the rows after it are read from line {}", quote_line + 1)
                        } else {
                            "it is over the size limit, so the rows after it are lost".into()
                        };
                        let message = format!(
                            "the quote opened on line {quote_line} does not close ({why}); {next}"
                        );
                        Some(Err((source, Error::Csv { line, message })))
                    }
                }
            }
            Err(e) => {
                // A read error ends the file.
                self.done = true;
                self.row += 1;
                let line = self.parser.line().max(line);
                let source = format!("{}:{line}", self.source);
                Some(Err((
                    source,
                    Error::Csv {
                        line,
                        message: format!("cannot read on: {e}"),
                    },
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Columns;

    /// A record's fields, or why the parser gave up on it.
    type Fields = std::result::Result<Vec<Vec<u8>>, Parsed>;

    /// Every record of `data` with its first line.
    fn parse(data: &[u8], limit: usize) -> Vec<(u64, Fields)> {
        let input = Input::new(Box::new(std::io::Cursor::new(data.to_vec())));
        let mut parser = Parser::new(input, limit);
        let mut record = Record::default();
        let mut out = Vec::new();
        while let Some((line, parsed)) = parser.next(&mut record).unwrap() {
            match parsed {
                Parsed::Record => out.push((line, Ok(record.iter().map(<[u8]>::to_vec).collect()))),
                other => out.push((line, Err(other))),
            }
        }
        out
    }

    /// The line of byte `at`: one plus the line ends before it (LF, CR and CRLF each one).
    fn line_of(data: &[u8], at: usize) -> u64 {
        let mut line = 1;
        for (i, &b) in data[..at].iter().enumerate() {
            if b == b'\n' && (i == 0 || data[i - 1] != b'\r') || b == b'\r' {
                line += 1;
            }
        }
        line
    }

    fn rows(data: &str) -> Vec<std::result::Result<(String, String, String), String>> {
        let rows = CsvRows::from_reader(
            Box::new(std::io::Cursor::new(data.as_bytes().to_vec())),
            "t.csv".into(),
            &ReadOptions::default(),
        )
        .unwrap();
        rows.map(|r| {
            r.map(|(d, _)| (d.id, d.source, d.text))
                .map_err(|(s, e)| format!("{s} {e}"))
        })
        .collect()
    }

    fn ok(
        id: &str,
        source: &str,
        text: &str,
    ) -> std::result::Result<(String, String, String), String> {
        Ok((id.into(), source.into(), text.into()))
    }

    #[test]
    fn rows_stream_with_their_physical_lines_for_every_line_ending() {
        for end in ["\n", "\r\n", "\r"] {
            let data = format!("id,text{end}a,\"multi{end}line\"{end}{end}b,fine{end}c,last");
            let got = rows(&data);
            assert_eq!(
                got,
                [
                    ok("a", "t.csv:2", &format!("multi{end}line")),
                    ok("b", "t.csv:5", "fine"),
                    ok("c", "t.csv:6", "last"),
                ],
                "{end:?}"
            );
        }
    }

    #[test]
    fn bad_rows_cost_one_row() {
        let got = rows("id,text\na,\"multi\nline\"\nb\nc,\"\"\nd,fine\n");
        assert_eq!(got[0], ok("a", "t.csv:2", "multi\nline"));
        assert_eq!(
            got[1],
            Err("t.csv:4 CSV line 4: row has 1 fields, the text column is field 2".into())
        );
        assert_eq!(got[2], Err("t.csv:5 empty review".into()));
        assert_eq!(got[3], ok("d", "t.csv:6", "fine"));
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn a_quote_that_never_closes_costs_its_row_and_the_rest_is_read_again() {
        let got = rows("id,text\n1,good\n2,\"oops\n3,fine\n4,also fine\n");
        assert_eq!(got[0], ok("1", "t.csv:2", "good"));
        assert!(
            got[1].as_ref().unwrap_err().starts_with(
                "t.csv:3 CSV line 3: the quote opened on line 3 does not close (it runs to the \
                 end of the file); the rows after it are read from line 4"
            ),
            "{:?}",
            got[1]
        );
        assert_eq!(got[2], ok("3", "t.csv:4", "fine"));
        assert_eq!(got[3], ok("4", "t.csv:5", "also fine"));
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn a_stray_quote_that_pairs_with_a_later_one_costs_its_row() {
        for end in ["\n", "\r\n", "\r"] {
            let data = format!(
                "id,text{end}1,\"oops{end}2,fine{end}3,he said \"hi\" twice{end}4,\"ok, then\"{end}"
            );
            let got = rows(&data);
            assert!(
                got[0]
                    .as_ref()
                    .unwrap_err()
                    .contains("does not close (its closing quote is followed by text)"),
                "{got:?}"
            );
            assert_eq!(got[1], ok("2", "t.csv:3", "fine"), "{end:?}");
            assert_eq!(
                got[2],
                ok("3", "t.csv:4", "he said \"hi\" twice"),
                "{end:?}"
            );
            assert_eq!(got[3], ok("4", "t.csv:5", "ok, then"), "{end:?}");
            assert_eq!(got.len(), 4, "{end:?}");
        }
    }

    #[test]
    fn a_quoted_field_over_a_thousand_lines_is_taken_for_an_unclosed_quote() {
        let mut data = String::from("id,text\n1,\"start\n");
        for i in 0..1200 {
            data.push_str(&format!("{},row {i}\n", i + 2));
        }
        data.push_str("9999,\"closes\"\n");
        let got = rows(&data);
        assert!(
            got[0]
                .as_ref()
                .unwrap_err()
                .contains("spans more than 1,000 lines"),
            "{:?}",
            got[0]
        );
        assert_eq!(got[1], ok("2", "t.csv:3", "row 0"));
        assert_eq!(got.len(), 1202);
        assert_eq!(got[1201], ok("9999", "t.csv:1203", "closes"));
        // A long quoted field that does close is a review.
        let long = format!("id,text\n1,\"{}\"\n2,next\n", "line\n".repeat(900));
        let got = rows(&long);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], ok("2", "t.csv:903", "next"));
    }

    #[test]
    fn a_record_over_the_limit_is_an_error_and_the_next_rows_are_read() {
        let options = ReadOptions {
            columns: Columns::default(),
            max_review_bytes: 100,
            ..ReadOptions::default()
        };
        let data = format!(
            "id,text\n1,\"{}\"\n2,{}\n3,short\n",
            "x\n".repeat(80),
            "y".repeat(150)
        );
        let rows: Vec<_> = CsvRows::from_reader(
            Box::new(std::io::Cursor::new(data.into_bytes())),
            "t.csv".into(),
            &options,
        )
        .unwrap()
        .map(|r| r.map(|(d, _)| d.id).map_err(|(s, e)| format!("{s} {e}")))
        .collect();
        assert_eq!(
            rows,
            [
                Err("t.csv:2 review of 161 bytes is over the limit of 100 bytes (--max-review-bytes)".into()),
                Err("t.csv:83 review of 151 bytes is over the limit of 100 bytes (--max-review-bytes)".into()),
                Ok("3".into()),
            ]
        );
    }

    #[test]
    fn tables_in_utf16_and_with_byte_order_marks_are_read() {
        let text = "id,text\r\n1,Amélie was wonderful\r\n2,\"So-so, 😀\"\r\n";
        let mut le = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        for (bytes, encoding) in [(le, Encoding::Utf16), (bom, Encoding::Utf8)] {
            let rows: Vec<_> = CsvRows::from_reader(
                Box::new(std::io::Cursor::new(bytes)),
                "t.csv".into(),
                &ReadOptions::default(),
            )
            .unwrap()
            .map(|r| r.unwrap())
            .map(|(d, e)| (d.id, d.text, d.source, e))
            .collect();
            assert_eq!(
                rows,
                [
                    (
                        "1".into(),
                        "Amélie was wonderful".into(),
                        "t.csv:2".into(),
                        encoding
                    ),
                    ("2".into(), "So-so, 😀".into(), "t.csv:3".into(), encoding),
                ]
            );
        }
    }

    #[test]
    fn headers_that_are_not_reviews_are_told_apart() {
        let open = |data: &[u8]| {
            CsvRows::from_reader(
                Box::new(std::io::Cursor::new(data.to_vec())),
                "t".into(),
                &ReadOptions::default(),
            )
            .err()
        };
        assert!(matches!(
            open(b"i\0d\0,\0t\0"),
            Some(Error::Binary { offset: 1 })
        ));
        assert!(matches!(open(b""), Some(Error::NoReviews(_))));
        assert!(matches!(open(b"\n\n"), Some(Error::NoReviews(_))));
        assert!(matches!(
            open(b"id,body\n1,x\n"),
            Some(Error::MissingColumn { .. })
        ));
        let report = b"review_id,source,chars,words,sentences,compound,label,positive,negative,neutral,mentions,encoding\r\n";
        assert!(matches!(
            open(report),
            Some(Error::Report {
                report: "reviews.csv"
            })
        ));
        // sentences.csv has a text column, and is still no table of reviews.
        let sentences = b"\xEF\xBB\xBFreview_id,sentence,start,end,compound,label,text\r\nr,1,0,3,0.0,neutral,Hi.\r\n";
        assert!(matches!(
            open(sentences),
            Some(Error::Report {
                report: "sentences.csv"
            })
        ));
        let header_only: Vec<_> = CsvRows::from_reader(
            Box::new(std::io::Cursor::new(b"id,text\r\n".to_vec())),
            "t".into(),
            &ReadOptions::default(),
        )
        .unwrap()
        .map(|r| r.map_err(|(s, e)| format!("{s} {e}")).map(|_| ()))
        .collect();
        assert_eq!(header_only, [Err("t no rows after the header".into())]);
    }

    #[test]
    fn rows_without_an_id_column_or_with_an_empty_id_are_numbered() {
        assert_eq!(rows("text\nhello\n")[0], ok("1", "t.csv:2", "hello"));
        assert_eq!(
            rows("id,text\n,hello\n x ,bye\n")[..],
            [ok("1", "t.csv:2", "hello"), ok(" x ", "t.csv:3", "bye")]
        );
    }

    fn csv_crate(data: &[u8]) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(data);
        let mut out = Vec::new();
        let mut record = ::csv::ByteRecord::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let at = record.position().map_or(0, |p| p.byte() as usize);
            out.push((at as u64, record.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        /// On input whose quotes all close where they should, records are the csv crate's, and
        /// each starts on the line its first byte is on.
        #[test]
        fn records_are_the_csv_crates_with_physical_lines(
            data in proptest::collection::vec(proptest::sample::select(&b"ab ,\"\r\n"[..]), 0..48)
        ) {
            let ours = parse(&data, usize::MAX);
            let theirs = csv_crate(&data);
            for (i, (line, fields)) in ours.iter().enumerate() {
                let Ok(fields) = fields else { break };
                let (at, expected) = &theirs[i];
                proptest::prop_assert_eq!(fields, expected, "record {}", i);
                // The crate's position is where it started reading the record: before the blank
                // lines it skips.
                let mut first = *at as usize;
                while first < data.len() && (data[first] == b'\r' || data[first] == b'\n') {
                    first += 1;
                }
                proptest::prop_assert_eq!(*line, line_of(&data, first), "record {}", i);
            }
            if ours.iter().all(|(_, r)| r.is_ok()) {
                proptest::prop_assert_eq!(ours.len(), theirs.len());
            }
        }

        /// Every input ends, every record line is within the input, and lines never go back.
        #[test]
        fn any_bytes_parse_to_the_end_with_lines_in_order(
            data in proptest::collection::vec(proptest::sample::select(&b"a,\"\r\n\xff"[..]), 0..200),
            limit in 1usize..64,
        ) {
            let records = parse(&data, limit);
            let lines = line_of(&data, data.len());
            let mut last = 0;
            for (line, _) in &records {
                proptest::prop_assert!(*line >= 1 && *line <= lines);
                proptest::prop_assert!(*line >= last);
                last = *line;
            }
        }
    }
}
