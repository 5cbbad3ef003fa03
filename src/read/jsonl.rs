//! JSONL tables: one JSON object per line.
//!
//! Lines end at LF, CRLF or a lone CR (JSON text holds no raw CR or LF, so a lone CR can only
//! be a line end); blank lines are skipped; line numbers are physical. A line over the size limit
//! is an error row and is read through without being kept. A line that is not UTF-8 is decoded
//! as Windows-1252 before it is parsed, and its row says so.

use super::input::{self, Input};
use super::{decode_windows_1252, ReadOptions, Row};
use crate::doc::Doc;
use crate::error::{Error, Result};
use crate::pipeline::Encoding;
use std::io::Read;
use std::path::Path;

/// Streams the rows of a JSONL file.
pub struct JsonlRows {
    input: Input,
    source: String,
    options: ReadOptions,
    encoding: Encoding,
    /// Line of the next byte, from 1.
    line: u64,
    /// The last byte consumed was a CR.
    prev_cr: bool,
    buf: Vec<u8>,
    /// Rows (non-blank lines) read so far.
    rows: u64,
    done: bool,
}

impl JsonlRows {
    /// Opens a JSONL file.
    pub fn open(path: &Path, options: &ReadOptions) -> Result<JsonlRows> {
        let file = std::fs::File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        JsonlRows::from_reader(Box::new(file), crate::escape::path(path), options)
    }

    /// Reads JSONL from any reader; `source` names it in errors.
    pub fn from_reader(
        reader: Box<dyn Read + Send>,
        source: String,
        options: &ReadOptions,
    ) -> Result<JsonlRows> {
        let (input, encoding) = input::sniff(reader).map_err(|e| Error::Jsonl {
            line: 1,
            message: e.to_string(),
        })?;
        Ok(JsonlRows {
            input,
            source,
            options: options.clone(),
            encoding,
            line: 1,
            prev_cr: false,
            buf: Vec::new(),
            rows: 0,
            done: false,
        })
    }

    /// Reads the next line into `buf` (without its line end): its number and its full length,
    /// or `None` at the end. Bytes past the limit are counted, not kept.
    fn next_line(&mut self) -> std::io::Result<Option<(u64, u64)>> {
        self.buf.clear();
        let limit = self.options.max_review_bytes;
        // A line end at the start of the next chunk after a CR belongs to it (CRLF).
        loop {
            let chunk = self.input.chunk()?;
            if chunk.first() == Some(&b'\n') && self.prev_cr {
                self.input.consume(1);
                self.prev_cr = false;
                continue;
            }
            break;
        }
        let line = self.line;
        let mut length = 0u64;
        loop {
            let chunk = self.input.chunk()?;
            if chunk.is_empty() {
                if length == 0 {
                    return Ok(None);
                }
                return Ok(Some((line, length)));
            }
            let stop = memchr::memchr2(b'\n', b'\r', chunk);
            let n = stop.unwrap_or(chunk.len());
            length += n as u64;
            if length <= limit {
                self.buf.extend_from_slice(&chunk[..n]);
            } else if !self.buf.is_empty() {
                self.buf = Vec::new();
            }
            match stop {
                None => {
                    let len = chunk.len();
                    self.input.consume(len);
                    self.prev_cr = false;
                }
                Some(n) => {
                    let b = chunk[n];
                    self.input.consume(n + 1);
                    self.line += 1;
                    self.prev_cr = b == b'\r';
                    if b == b'\r' {
                        // Its LF, if it is in this chunk.
                        let chunk = self.input.chunk()?;
                        if chunk.first() == Some(&b'\n') {
                            self.input.consume(1);
                            self.prev_cr = false;
                        }
                    }
                    return Ok(Some((line, length)));
                }
            }
        }
    }

    fn parse(&self, line: u64) -> Result<(Doc, Encoding)> {
        let error = |message: String| Error::Jsonl { line, message };
        let (value, encoding): (serde_json::Value, Encoding) =
            match serde_json::from_slice(&self.buf) {
                Ok(value) => (value, self.encoding),
                Err(e) if std::str::from_utf8(&self.buf).is_err() => {
                    // Not UTF-8: read as Windows-1252, as a text file would be.
                    let text = decode_windows_1252(&self.buf);
                    let value = serde_json::from_str(&text).map_err(|_| error(e.to_string()))?;
                    (value, Encoding::Windows1252)
                }
                Err(e) => return Err(error(e.to_string())),
            };
        let object = value
            .as_object()
            .ok_or_else(|| error("not a JSON object".into()))?;
        let columns = &self.options.columns;
        let text = match object.get(&columns.text) {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(_) => return Err(error(format!("field {:?} is not a string", columns.text))),
            None => return Err(error(format!("no field {:?}", columns.text))),
        };
        let id = match object.get(&columns.id) {
            Some(serde_json::Value::String(id)) if !id.is_empty() => {
                crate::escape::controls(id).into_owned()
            }
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => self.rows.to_string(),
        };
        if let Some(offset) = text.find('\0') {
            return Err(Error::Binary { offset });
        }
        if text.trim().is_empty() {
            return Err(Error::Empty);
        }
        let mut doc = Doc::new(id, format!("{}:{line}", self.source), text);
        doc.kept = self.kept(object)?;
        Ok((doc, encoding))
    }

    /// The values of the kept fields of a row: a string as it is, null as empty, any other
    /// value as its JSON text. The first row must have every kept field; a later row that lacks
    /// one has it empty.
    fn kept(&self, object: &serde_json::Map<String, serde_json::Value>) -> Result<Vec<String>> {
        let mut kept = Vec::with_capacity(self.options.keep.len());
        for field in &self.options.keep {
            let value = match object.get(field) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) => String::new(),
                Some(other) => other.to_string(),
                None if self.rows == 1 => {
                    let fields: Vec<&str> = object.keys().map(String::as_str).collect();
                    return Err(Error::MissingKeptColumn {
                        table: self.source.clone(),
                        column: field.clone(),
                        available: crate::escape::controls(&fields.join(",")).into_owned(),
                    });
                }
                None => String::new(),
            };
            kept.push(value);
        }
        Ok(kept)
    }
}

impl Iterator for JsonlRows {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        while !self.done {
            match self.next_line() {
                Ok(None) => {
                    self.done = true;
                    if self.rows == 0 {
                        let error = Error::NoReviews("no rows: the file holds no JSON line".into());
                        return Some(Err((self.source.clone(), error)));
                    }
                }
                Ok(Some((line, length))) => {
                    let limit = self.options.max_review_bytes;
                    if length <= limit && self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.rows += 1;
                    let source = format!("{}:{line}", self.source);
                    if length > limit {
                        let error = Error::TooLarge {
                            bytes: length,
                            limit,
                        };
                        return Some(Err((source, error)));
                    }
                    return Some(self.parse(line).map_err(|e| (source, e)));
                }
                Err(error) => {
                    self.done = true;
                    let source = format!("{}:{}", self.source, self.line);
                    let message = format!("cannot read on: {error}");
                    let line = self.line;
                    return Some(Err((source, Error::Jsonl { line, message })));
                }
            }
        }
        None
    }
}
