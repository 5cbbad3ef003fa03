//! The Parquet files: one per report (`reviews.parquet`...), the same columns as the CSV.
//!
//! Invariants:
//! - column types follow [`super::rows::Kind`]: text is a UTF-8 string, whole numbers are
//!   64-bit signed integers (as pandas and DuckDB read the CSV's), scores are doubles holding
//!   the value their CSV text has ([`super::rows::rounded`]); every column is nullable, and an
//!   empty cell is a null, as an empty CSV field reads;
//! - text is as the reports hold it, never defused (`'` is a CSV-only guard against formulas);
//! - rows are gathered in Arrow batches of [`BATCH_ROWS`] and written in row groups of at most
//!   [`ROW_GROUP_ROWS`] rows, Snappy-compressed, so memory does not grow with the rows;
//! - the files are byte-identical for the same rows (no time or host is written).

use super::rows::{self, Cells, Column, Kind, Report};
use super::ReportOptions;
use crate::aggregate::EntityTable;
use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows gathered before they are handed to the Parquet writer as one batch.
pub const BATCH_ROWS: usize = 16 * 1024;
/// Rows in a row group at most.
pub const ROW_GROUP_ROWS: usize = 128 * 1024;

/// One column being filled.
enum Builder {
    Text(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
}

/// One report's Parquet file being written.
struct ParquetFile {
    name: &'static str,
    path: PathBuf,
    schema: SchemaRef,
    builders: Vec<Builder>,
    /// Rows in the builders.
    rows: usize,
    writer: ArrowWriter<File>,
}

/// The Parquet files of a run, written into the staging folder.
pub(crate) struct ParquetFiles {
    reviews: ParquetFile,
    mentions: ParquetFile,
    errors: ParquetFile,
    sentences: Option<ParquetFile>,
    /// Kept input columns in the reviews file.
    kept: usize,
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
            kept: options.keep.len(),
            sentences: if options.sentences {
                Some(ParquetFile::open(dir, Report::Sentences, &[])?)
            } else {
                None
            },
            dir: dir.to_path_buf(),
        })
    }

    /// Writes the rows of one review.
    pub(crate) fn review(&mut self, a: &Analysis) -> Result<()> {
        let id = a.doc.id.as_str();
        rows::review(&mut self.reviews.cells(), id, a, self.kept);
        self.reviews.end_row()?;
        for m in &a.mentions {
            rows::mention(&mut self.mentions.cells(), id, a, m);
            self.mentions.end_row()?;
        }
        if let Some(sentences) = &mut self.sentences {
            for (i, s) in a.sentences.iter().enumerate() {
                rows::sentence(&mut sentences.cells(), id, a, i, s);
                sentences.end_row()?;
            }
        }
        Ok(())
    }

    /// Writes the row of one input that could not be analyzed.
    pub(crate) fn error(&mut self, source: &str, error: &str) -> Result<()> {
        rows::error(&mut self.errors.cells(), source, error);
        self.errors.end_row()
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
        let schema = Arc::new(schema(&columns));
        let file = File::create_new(&path).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .build();
        let writer = ArrowWriter::try_new(file, Arc::clone(&schema), Some(properties))
            .map_err(|e| parquet_error(&path, e))?;
        Ok(ParquetFile {
            name,
            path,
            schema,
            builders: columns.iter().map(|c| Builder::new(c.kind)).collect(),
            rows: 0,
            writer,
        })
    }

    fn cells(&mut self) -> ColumnCells<'_> {
        ColumnCells {
            builders: &mut self.builders,
            col: 0,
        }
    }

    /// Counts the row just written; hands a full batch to the writer.
    fn end_row(&mut self) -> Result<()> {
        self.rows += 1;
        if self.rows >= BATCH_ROWS {
            self.write_batch()?;
        }
        Ok(())
    }

    fn write_batch(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        self.rows = 0;
        let batch = RecordBatch::try_new(Arc::clone(&self.schema), arrays)
            .map_err(|e| parquet_error(&self.path, e))?;
        self.writer
            .write(&batch)
            .map_err(|e| parquet_error(&self.path, e))
    }

    /// Writes the last rows and the footer, and syncs the file to disk.
    fn close(mut self) -> Result<&'static str> {
        self.write_batch()?;
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

/// The Arrow schema of a report's columns.
fn schema(columns: &[Column]) -> Schema {
    let fields: Vec<Field> = columns
        .iter()
        .map(|c| {
            let kind = match c.kind {
                Kind::Text => DataType::Utf8,
                Kind::Int => DataType::Int64,
                Kind::Decimal(_) => DataType::Float64,
            };
            Field::new(c.name.as_str(), kind, true)
        })
        .collect();
    Schema::new(fields)
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Text => Builder::Text(StringBuilder::new()),
            Kind::Int => Builder::Int(Int64Builder::new()),
            Kind::Decimal(_) => Builder::Float(Float64Builder::new()),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
        }
    }

    fn null(&mut self) {
        match self {
            Builder::Text(b) => b.append_null(),
            Builder::Int(b) => b.append_null(),
            Builder::Float(b) => b.append_null(),
        }
    }
}

/// One row being appended to a report's column builders.
struct ColumnCells<'a> {
    builders: &'a mut [Builder],
    col: usize,
}

impl ColumnCells<'_> {
    /// The next column's builder. The row functions write their report's columns with their
    /// kinds (a test of [`super::rows`] checks it), so a cell of another kind is a bug; it is
    /// written as a null rather than shifting the row.
    fn next(&mut self) -> Option<&mut Builder> {
        let builder = self.builders.get_mut(self.col);
        self.col += 1;
        builder
    }
}

impl Cells for ColumnCells<'_> {
    type Id = str;

    fn id(&mut self, id: &str) {
        self.text(id);
    }

    fn text(&mut self, text: &str) {
        match self.next() {
            Some(Builder::Text(b)) if !text.is_empty() => b.append_value(text),
            Some(other) => other.null(),
            None => {}
        }
    }

    fn text_bytes(&mut self, text: &[u8]) {
        self.text(&String::from_utf8_lossy(text));
    }

    fn word(&mut self, word: &'static str) {
        self.text(word);
    }

    fn int(&mut self, n: u64) {
        match self.next() {
            Some(Builder::Int(b)) => b.append_value(i64::try_from(n).unwrap_or(i64::MAX)),
            Some(other) => other.null(),
            None => {}
        }
    }

    fn fixed(&mut self, x: f64, decimals: usize) {
        match self.next() {
            Some(Builder::Float(b)) => b.append_value(rows::rounded(x, decimals)),
            Some(other) => other.null(),
            None => {}
        }
    }

    fn empty(&mut self) {
        if let Some(builder) = self.next() {
            builder.null();
        }
    }
}
