//! The Parquet files: one per report (`reviews.parquet`...), the same columns as the CSV.
//!
//! Invariants:
//! - column types follow [`super::rows::Kind`]: text is a UTF-8 string, whole numbers are
//!   64-bit signed integers (as pandas and DuckDB read the CSV's), scores are doubles holding
//!   the value their CSV text has ([`super::rows::rounded`]); every column is nullable, and an
//!   empty cell is a null, as an empty CSV field reads;
//! - text is as the reports hold it, never defused (`'` is a CSV-only guard against formulas);
//! - rows are gathered column by column and written in row groups of [`ROW_GROUP_ROWS`] rows,
//!   Snappy-compressed, so memory does not grow with the rows;
//! - written with the `parquet` crate's own column writers: no Arrow crate is needed (they
//!   took most of the build time), and readers take the columns' types from the file's schema
//!   (`BYTE_ARRAY` annotated `STRING`, `INT64`, `DOUBLE`, all `OPTIONAL`);
//! - the files are byte-identical for the same rows (no time or host is written).

use super::record;
use super::rows::{self, Cells, Column, Kind, Report};
use super::ReportOptions;
use crate::aggregate::EntityTable;
use crate::error::{Error, Result};
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows gathered before they are written as one row group.
pub const ROW_GROUP_ROWS: usize = 64 * 1024;

/// One column's values being gathered, with a definition level per row (1: a value, 0: null).
enum ColumnValues {
    /// Texts one after the other, and where each ends.
    Text(TextValues, Vec<i16>),
    Int(Vec<i64>, Vec<i16>),
    Float(Vec<f64>, Vec<i16>),
}

/// The texts of a column: their bytes in one buffer, so that writing them makes no allocation
/// per value (each is a slice of the buffer, shared).
#[derive(Default)]
struct TextValues {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl TextValues {
    fn push(&mut self, text: &[u8]) {
        self.bytes.extend_from_slice(text);
        self.ends.push(self.bytes.len());
    }

    /// The texts as Parquet values; empties the buffer.
    fn take(&mut self) -> Vec<ByteArray> {
        // The next group's texts start with room for as many bytes as these (no growing).
        let room = Vec::with_capacity(self.bytes.len());
        let bytes = bytes::Bytes::from(std::mem::replace(&mut self.bytes, room));
        let mut start = 0;
        let values = self
            .ends
            .iter()
            .map(|&end| {
                let value = ByteArray::from(bytes.slice(start..end));
                start = end;
                value
            })
            .collect();
        self.ends.clear();
        values
    }
}

/// One report's Parquet file being written.
struct ParquetFile {
    name: &'static str,
    path: PathBuf,
    columns: Vec<ColumnValues>,
    /// Rows gathered.
    rows: usize,
    writer: SerializedFileWriter<File>,
}

/// The Parquet files of a run, written into the staging folder.
pub(crate) struct ParquetFiles {
    reviews: ParquetFile,
    mentions: ParquetFile,
    errors: ParquetFile,
    sentences: Option<ParquetFile>,
    dir: PathBuf,
}

fn parquet_error(path: &Path, error: impl std::fmt::Display) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(error.to_string()),
    }
}

impl ParquetFiles {
    /// Opens the files of the reports written as the run goes in `dir`.
    pub(crate) fn create(dir: &Path, options: &ReportOptions) -> Result<ParquetFiles> {
        Ok(ParquetFiles {
            reviews: ParquetFile::open(dir, Report::Reviews, &options.keep)?,
            mentions: ParquetFile::open(dir, Report::Mentions, &[])?,
            errors: ParquetFile::open(dir, Report::Errors, &[])?,
            sentences: if options.sentences {
                Some(ParquetFile::open(dir, Report::Sentences, &[])?)
            } else {
                None
            },
            dir: dir.to_path_buf(),
        })
    }

    /// Writes the rows recorded in `buf` ([`super::record`]).
    pub(crate) fn replay(&mut self, buf: &[u8]) -> Result<()> {
        for (report, cells) in record::rows(buf) {
            let file = match report {
                Report::Reviews => &mut self.reviews,
                Report::Mentions => &mut self.mentions,
                Report::Errors => &mut self.errors,
                Report::Sentences => match &mut self.sentences {
                    Some(sentences) => sentences,
                    None => continue,
                },
                // Written at the end, from the entity table.
                Report::Entities => continue,
            };
            record::replay(cells, &mut file.cells());
            file.end_row()?;
        }
        Ok(())
    }

    /// Writes entities.parquet, closes every file and syncs it to disk; returns their names.
    pub(crate) fn finish(self, entities: &EntityTable) -> Result<Vec<&'static str>> {
        let mut table = ParquetFile::open(&self.dir, Report::Entities, &[])?;
        for (kind, name, stats) in entities.iter() {
            rows::entity(&mut table.cells(), kind, name, stats);
            table.end_row()?;
        }
        let mut files = vec![self.reviews, self.mentions, table, self.errors];
        files.extend(self.sentences);
        files.into_iter().map(ParquetFile::close).collect()
    }
}

impl ParquetFile {
    fn open(dir: &Path, report: Report, keep: &[String]) -> Result<ParquetFile> {
        let name = report.parquet_name();
        let path = dir.join(name);
        let columns = report.columns(keep);
        let schema = schema(&columns).map_err(|e| parquet_error(&path, e))?;
        let file = File::create_new(&path).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = SerializedFileWriter::new(file, Arc::new(schema), Arc::new(properties))
            .map_err(|e| parquet_error(&path, e))?;
        Ok(ParquetFile {
            name,
            path,
            columns: columns.iter().map(|c| ColumnValues::new(c.kind)).collect(),
            rows: 0,
            writer,
        })
    }

    fn cells(&mut self) -> ColumnCells<'_> {
        ColumnCells {
            columns: &mut self.columns,
            col: 0,
        }
    }

    /// Counts the row just written; writes a full row group.
    fn end_row(&mut self) -> Result<()> {
        self.rows += 1;
        if self.rows >= ROW_GROUP_ROWS {
            self.write_row_group()?;
        }
        Ok(())
    }

    /// Writes the rows gathered as one row group.
    fn write_row_group(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        self.rows = 0;
        let path = &self.path;
        let error = |e| parquet_error(path, e);
        let mut group = self.writer.next_row_group().map_err(error)?;
        let mut values = self.columns.iter_mut();
        while let Some(mut column) = group.next_column().map_err(error)? {
            let Some(values) = values.next() else {
                return Err(parquet_error(path, "more columns than the report has"));
            };
            let written = match (column.untyped(), &mut *values) {
                (ColumnWriter::ByteArrayColumnWriter(w), ColumnValues::Text(v, d)) => {
                    w.write_batch(&v.take(), Some(d), None)
                }
                (ColumnWriter::Int64ColumnWriter(w), ColumnValues::Int(v, d)) => {
                    w.write_batch(v, Some(d), None)
                }
                (ColumnWriter::DoubleColumnWriter(w), ColumnValues::Float(v, d)) => {
                    w.write_batch(v, Some(d), None)
                }
                _ => {
                    return Err(parquet_error(
                        path,
                        "a column of another type than its schema",
                    ))
                }
            };
            written.map_err(error)?;
            column.close().map_err(error)?;
            values.clear();
        }
        group.close().map_err(error)?;
        Ok(())
    }

    /// Writes the last rows and the footer, and syncs the file to disk.
    fn close(mut self) -> Result<&'static str> {
        self.write_row_group()?;
        self.writer
            .finish()
            .map_err(|e| parquet_error(&self.path, e))?;
        self.writer
            .inner()
            .sync_all()
            .map_err(|source| Error::Write {
                path: self.path.clone(),
                source,
            })?;
        Ok(self.name)
    }
}

/// The Parquet schema of a report's columns.
fn schema(columns: &[Column]) -> parquet::errors::Result<Type> {
    let fields = columns
        .iter()
        .map(|c| {
            let (physical, logical) = match c.kind {
                Kind::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
                Kind::Int => (PhysicalType::INT64, None),
                Kind::Decimal(_) => (PhysicalType::DOUBLE, None),
            };
            Type::primitive_type_builder(&c.name, physical)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<parquet::errors::Result<Vec<_>>>()?;
    Type::group_type_builder("schema")
        .with_fields(fields)
        .build()
}

impl ColumnValues {
    fn new(kind: Kind) -> ColumnValues {
        match kind {
            Kind::Text => ColumnValues::Text(TextValues::default(), Vec::new()),
            Kind::Int => ColumnValues::Int(Vec::new(), Vec::new()),
            Kind::Decimal(_) => ColumnValues::Float(Vec::new(), Vec::new()),
        }
    }

    fn null(&mut self) {
        match self {
            ColumnValues::Text(_, d) | ColumnValues::Int(_, d) | ColumnValues::Float(_, d) => {
                d.push(0)
            }
        }
    }

    fn clear(&mut self) {
        match self {
            ColumnValues::Text(v, d) => {
                v.bytes.clear();
                v.ends.clear();
                d.clear();
            }
            ColumnValues::Int(v, d) => {
                v.clear();
                d.clear();
            }
            ColumnValues::Float(v, d) => {
                v.clear();
                d.clear();
            }
        }
    }
}

/// One row being appended to a report's columns.
struct ColumnCells<'a> {
    columns: &'a mut [ColumnValues],
    col: usize,
}

impl ColumnCells<'_> {
    /// The next column. The row functions write their report's columns with their kinds (a
    /// test of [`super::rows`] checks it), so a cell of another kind is a bug; it is written
    /// as a null rather than shifting the row.
    fn next(&mut self) -> Option<&mut ColumnValues> {
        let column = self.columns.get_mut(self.col);
        self.col += 1;
        column
    }
}

impl Cells for ColumnCells<'_> {
    type Id = str;

    fn id(&mut self, id: &str) {
        self.text(id);
    }

    fn text(&mut self, text: &str) {
        self.text_bytes(text.as_bytes());
    }

    fn text_bytes(&mut self, text: &[u8]) {
        match self.next() {
            Some(ColumnValues::Text(v, d)) if !text.is_empty() => {
                v.push(text);
                d.push(1);
            }
            Some(other) => other.null(),
            None => {}
        }
    }

    fn word(&mut self, word: &'static str) {
        self.text(word);
    }

    fn int(&mut self, n: u64) {
        match self.next() {
            Some(ColumnValues::Int(v, d)) => {
                v.push(i64::try_from(n).unwrap_or(i64::MAX));
                d.push(1);
            }
            Some(other) => other.null(),
            None => {}
        }
    }

    fn fixed(&mut self, x: f64, decimals: usize) {
        match self.next() {
            Some(ColumnValues::Float(v, d)) => {
                v.push(rows::rounded(x, decimals));
                d.push(1);
            }
            Some(other) => other.null(),
            None => {}
        }
    }

    fn empty(&mut self) {
        if let Some(column) = self.next() {
            column.null();
        }
    }
}
