//! Reports: where analyses go.
//!
//! The batch runner pushes results into a [`ReportSink`] in input order, like ripgrep's
//! searcher pushes matches into its `Sink`. [`Reports`] writes the files of the output folder
//! in the formats asked for (CSV, an xlsx workbook, Parquet); [`MemorySink`] collects
//! everything for tests. Sinks never analyze; they only format.
//!
//! Invariants:
//! - every format writes the same rows through the same row functions ([`rows`]): only how a
//!   typed value is written differs (the HTML page, [`html`], is a bounded summary of the same
//!   rows, gathered on the calling thread);
//! - every file of every format is written into the output folder's staging folder, synced,
//!   and the whole set is published together by [`ReportSink::finish`] ([`publish`]); a run
//!   that fails or is dropped early leaves no partial file and the earlier set in place;
//! - the files depend only on the rows, never on the threads, the time or the machine;
//! - the CSV files are written on the thread that calls the sink; the workbook and the Parquet
//!   files each on a thread of their own, from the rows recorded once as typed cells
//!   (`record.rs`) and handed over in order; finishing waits for every row to be written.

mod csv;
pub mod html;
mod parquet;
pub mod publish;
mod record;
pub mod rows;
mod xlsx;

/// A text cell as the CSV reports write it by default: with a leading `'` when a spreadsheet
/// would run it as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return),
/// else as it is. For other CSV files a user opens in a spreadsheet (`eval`'s lists of
/// mistakes and judgements); numbers are never passed through it.
pub fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    if csv::starts_like_formula(text.as_bytes()) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

pub use self::publish::OutputDir;
pub use self::rows::{Report, HEADERS};
pub use self::xlsx::{WorkbookNotes, EXCEL_MAX_ROWS, WORKBOOK};

use self::csv::CsvFiles;
use self::html::{PageBuilder, ReviewView};
use self::parquet::ParquetFiles;
use self::record::Recorder;
use self::xlsx::XlsxWorkbook;
use crate::aggregate::{EntityTable, Totals};
use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use std::path::Path;
use std::sync::mpsc::SyncSender;
use std::sync::Arc;
use std::thread::JoinHandle;

/// The file formats a run writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Formats {
    /// `reviews.csv`, `mentions.csv`...
    pub csv: bool,
    /// `reports.xlsx`, one sheet per report.
    pub xlsx: bool,
    /// `reviews.parquet`, `mentions.parquet`...
    pub parquet: bool,
    /// `report.html`, a page to read ([`html`]).
    pub html: bool,
}

impl Default for Formats {
    fn default() -> Formats {
        Formats {
            csv: true,
            xlsx: false,
            parquet: false,
            html: false,
        }
    }
}

/// How the reports are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// Also write the sentences report.
    pub sentences: bool,
    /// Start each CSV file with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
    /// Defuse CSV cells a spreadsheet would run as formulas.
    pub defuse: bool,
    /// The formats to write.
    pub formats: Formats,
    /// Rows an xlsx sheet holds, its header included: Excel's limit ([`EXCEL_MAX_ROWS`]),
    /// lowered only by tests (at least 2).
    pub sheet_rows: u32,
    /// Input columns carried into the reviews report after the review id
    /// ([`crate::read::ReadOptions::keep`]).
    pub keep: Vec<String>,
    /// What the run analyzes, as the HTML page names it (its inputs).
    pub title: String,
}

impl Default for ReportOptions {
    fn default() -> ReportOptions {
        ReportOptions {
            sentences: false,
            bom: false,
            defuse: true,
            formats: Formats::default(),
            sheet_rows: EXCEL_MAX_ROWS,
            keep: Vec::new(),
            title: String::new(),
        }
    }
}

/// Writes the reports of a run into an output folder, in every format asked for, atomically.
pub struct Reports {
    /// The files being written; `None` once they are published. Declared before `output`:
    /// dropped first, so that the formats' threads have stopped before an unpublished run's
    /// staging folder is removed.
    open: Option<OpenFormats>,
    output: OutputDir,
    /// What the workbook holds beyond one sheet per report, once it is written.
    notes: WorkbookNotes,
}

struct OpenFormats {
    csv: Option<CsvFiles>,
    xlsx: Option<FormatThread<XlsxWorkbook>>,
    parquet: Option<FormatThread<ParquetFiles>>,
    /// The HTML page being gathered, with the reviews its lists keep.
    html: Option<PageBuilder<Arc<Analysis>>>,
    /// What the page names as analyzed.
    title: String,
    /// The rows for the workbook and the Parquet files, recorded until a block is handed to
    /// their threads.
    recorder: Recorder,
    /// Kept input columns.
    kept: usize,
    sentences: bool,
}

/// Bytes of recorded rows handed to the formats' threads at once.
const RECORDED_BLOCK: usize = 1 << 20;

/// A format written on a thread of its own, from recorded rows.
struct FormatThread<W> {
    sender: Option<SyncSender<Arc<Vec<u8>>>>,
    handle: Option<JoinHandle<Result<W>>>,
}

/// A format that writes recorded rows.
trait Replay: Send + 'static {
    fn replay(&mut self, buf: &[u8]) -> Result<()>;
}

impl Replay for XlsxWorkbook {
    fn replay(&mut self, buf: &[u8]) -> Result<()> {
        XlsxWorkbook::replay(self, buf)
    }
}

impl Replay for ParquetFiles {
    fn replay(&mut self, buf: &[u8]) -> Result<()> {
        ParquetFiles::replay(self, buf)
    }
}

impl<W> Drop for FormatThread<W> {
    /// A run that stops early waits for the thread to stop (it writes what it was sent into
    /// the staging folder, which is then removed).
    fn drop(&mut self) {
        self.sender = None;
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

impl<W: Replay> FormatThread<W> {
    /// Starts the thread writing into `format` the blocks of rows it is sent.
    fn spawn(mut format: W) -> FormatThread<W> {
        // Two blocks in flight at most: the run waits for a format that falls behind.
        let (sender, blocks) = std::sync::mpsc::sync_channel::<Arc<Vec<u8>>>(2);
        let handle = std::thread::spawn(move || {
            for block in blocks {
                format.replay(&block)?;
            }
            Ok(format)
        });
        FormatThread {
            sender: Some(sender),
            handle: Some(handle),
        }
    }

    /// Hands a block of rows to the thread; the thread's error if it has stopped on one.
    fn send(&mut self, block: &Arc<Vec<u8>>) -> Result<()> {
        let sent = self
            .sender
            .as_ref()
            .is_some_and(|sender| sender.send(Arc::clone(block)).is_ok());
        if sent {
            return Ok(());
        }
        self.wait().map(|_| ())
    }

    /// Waits for the thread to write every block sent: the format, or its error.
    fn wait(&mut self) -> Result<W> {
        self.sender = None;
        let handle = self.handle.take().ok_or_else(|| Error::Write {
            path: std::path::PathBuf::new(),
            source: std::io::Error::other("a report format's thread has already stopped"),
        })?;
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

impl std::fmt::Debug for Reports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reports")
            .field("dir", &self.output.dir())
            .finish()
    }
}

impl Reports {
    /// Opens the output folder `dir` (creating it if needed, taking its lock) and the reports in
    /// its staging folder.
    pub fn create(dir: &Path, options: ReportOptions) -> Result<Reports> {
        Reports::in_output(OutputDir::open(dir)?, options)
    }

    /// Opens the reports in the staging folder of an output folder already opened.
    pub fn in_output(output: OutputDir, options: ReportOptions) -> Result<Reports> {
        let dir = output.staging();
        let formats = options.formats;
        let open = OpenFormats {
            csv: formats
                .csv
                .then(|| CsvFiles::create(dir, &options))
                .transpose()?,
            xlsx: formats
                .xlsx
                .then(|| XlsxWorkbook::create(dir, &options).map(FormatThread::spawn))
                .transpose()?,
            parquet: formats
                .parquet
                .then(|| ParquetFiles::create(dir, &options).map(FormatThread::spawn))
                .transpose()?,
            html: formats.html.then(PageBuilder::new),
            title: options.title.clone(),
            recorder: Recorder::default(),
            kept: options.keep.len(),
            sentences: options.sentences,
        };
        Ok(Reports {
            output,
            open: Some(open),
            notes: WorkbookNotes::default(),
        })
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        self.output.dir()
    }

    /// The staging folder the reports are written into until they are published.
    pub fn staging(&self) -> &Path {
        self.output.staging()
    }

    /// What the workbook holds beyond one sheet per report (reports continued on more
    /// sheets, cells cut), once the reports are finished.
    pub fn workbook_notes(&self) -> &WorkbookNotes {
        &self.notes
    }

    fn open(&mut self) -> Result<&mut OpenFormats> {
        match &mut self.open {
            Some(open) => Ok(open),
            None => Err(Error::Write {
                path: self.output.dir().to_path_buf(),
                source: std::io::Error::other("the reports are already finished"),
            }),
        }
    }

    /// Writes the entity tables, syncs every file and publishes the set. Called by
    /// [`ReportSink::finish`].
    ///
    /// Each format finishes on its own thread (the workbook's compression is the longest);
    /// nothing is published until every file is on disk, and then the set replaces the
    /// earlier one all together ([`publish`]).
    fn persist(&mut self, entities: &EntityTable) -> Result<()> {
        let Some(open) = self.open.take() else {
            return self.open().map(|_| ());
        };
        let mut open = open;
        open.hand_over()?;
        let OpenFormats {
            csv,
            xlsx,
            parquet,
            html,
            title,
            ..
        } = open;
        let staging = self.output.staging().to_path_buf();
        // Every recorded row written, the formats come back to be finished.
        let xlsx = xlsx.map(|mut thread| thread.wait()).transpose()?;
        let parquet = parquet.map(|mut thread| thread.wait()).transpose()?;
        let (csv, xlsx, parquet, html) = std::thread::scope(|scope| {
            let xlsx = xlsx.map(|book| scope.spawn(move || book.finish(entities)));
            let parquet = parquet.map(|files| scope.spawn(move || files.finish(entities)));
            let csv = csv.map(|files| files.finish(entities)).transpose();
            let html = html
                .map(|mut page| {
                    page.entities(entities);
                    let page = page.finish(&title, None, |_, a| Some(ReviewView::of(&a)));
                    html::write(&page, &staging.join(html::PAGE))
                })
                .transpose();
            (
                csv,
                xlsx.map(join).transpose(),
                parquet.map(join).transpose(),
                html,
            )
        });
        let (csv, xlsx, parquet, html) = (csv?, xlsx?, parquet?, html?);
        let mut names = csv.unwrap_or_default();
        if let Some(notes) = xlsx {
            names.push(WORKBOOK);
            self.notes = notes;
        }
        names.extend(parquet.unwrap_or_default());
        if html.is_some() {
            names.push(html::PAGE);
        }
        self.output.publish(&names)
    }
}

/// The result of a finished thread, its panic carried on.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

impl OpenFormats {
    /// Whether rows are recorded for formats written on their own threads.
    fn recording(&self) -> bool {
        self.xlsx.is_some() || self.parquet.is_some()
    }

    /// Hands the rows recorded so far to the formats' threads.
    fn hand_over(&mut self) -> Result<()> {
        if self.recorder.len() == 0 {
            return Ok(());
        }
        let block = Arc::new(self.recorder.take());
        if let Some(xlsx) = &mut self.xlsx {
            xlsx.send(&block)?;
        }
        if let Some(parquet) = &mut self.parquet {
            parquet.send(&block)?;
        }
        Ok(())
    }

    /// Records the rows of one review, as the CSV files write them.
    fn record(&mut self, a: &Analysis) -> Result<()> {
        let r = &mut self.recorder;
        let id = a.doc.id.as_str();
        r.start(Report::Reviews);
        rows::review(r, id, a, self.kept);
        r.end();
        for m in &a.mentions {
            r.start(Report::Mentions);
            rows::mention(r, id, a, m);
            r.end();
        }
        if self.sentences {
            for (i, s) in a.sentences.iter().enumerate() {
                r.start(Report::Sentences);
                rows::sentence(r, id, a, i, s);
                r.end();
            }
        }
        if self.recorder.len() >= RECORDED_BLOCK {
            self.hand_over()?;
        }
        Ok(())
    }
}

impl ReportSink for Reports {
    fn review(&mut self, analysis: &Analysis) -> Result<()> {
        let open = self.open()?;
        if let Some(csv) = &mut open.csv {
            csv.review(analysis)?;
        }
        if let Some(page) = &mut open.html {
            // Kept whole (a copy of its text and rows) while a list holds it; its view is made
            // at the end, for the reviews the lists end with.
            page.analysis(analysis, || Arc::new(analysis.clone()));
        }
        if open.recording() {
            open.record(analysis)?;
        }
        Ok(())
    }

    fn error(&mut self, source: &str, error: &Error) -> Result<()> {
        let open = self.open()?;
        let error = error.to_string();
        if let Some(csv) = &mut open.csv {
            csv.error(source, &error)?;
        }
        if let Some(page) = &mut open.html {
            page.error(source, &error);
        }
        if open.recording() {
            open.recorder.start(Report::Errors);
            rows::error(&mut open.recorder, source, &error);
            open.recorder.end();
        }
        Ok(())
    }

    fn finish(&mut self, entities: &EntityTable, _totals: &Totals) -> Result<()> {
        self.persist(entities)
    }
}

/// The report a table's header row (its column names, trimmed) shows it to be, if it is one of
/// reviewlens' own: an earlier run's output, never read as reviews. A reviews report may hold
/// kept input columns between its first column and the others.
pub fn report_named_by(columns: &[String]) -> Option<&'static str> {
    HEADERS.iter().find_map(|(name, header)| {
        let same = |header: &[(&str, rows::Kind, f64)], columns: &[String]| {
            header.len() == columns.len() && header.iter().zip(columns).all(|(a, b)| a.0 == b)
        };
        let found = if *name == "reviews.csv" {
            // Kept columns between the id and the rest; the last columns, added since, may
            // be missing from an earlier version's report.
            let ends_with = |header: &[(&str, rows::Kind, f64)]| {
                columns.len() >= header.len()
                    && same(&header[..1], &columns[..1])
                    && same(&header[1..], &columns[columns.len() - (header.len() - 1)..])
            };
            ends_with(header)
                || rows::REVIEWS_ADDED
                    .iter()
                    .any(|&k| ends_with(&header[..header.len() - k]))
        } else {
            same(header, columns)
        };
        found.then_some(*name)
    })
}

/// Receives the results of a run, in input order.
pub trait ReportSink {
    /// One review was analyzed.
    fn review(&mut self, analysis: &Analysis) -> Result<()>;

    /// One input (a file or a table row) could not be analyzed.
    fn error(&mut self, source: &str, error: &Error) -> Result<()>;

    /// One input was not read (not a review by its extension, an earlier run's report).
    fn skipped(&mut self, source: &str, skip: &crate::batch::Skip) -> Result<()> {
        let _ = (source, skip);
        Ok(())
    }

    /// The run is over: corpus-level aggregates. Called once, last.
    fn finish(&mut self, entities: &EntityTable, totals: &Totals) -> Result<()> {
        let _ = (entities, totals);
        Ok(())
    }
}

/// A sink that keeps everything in memory, for tests and library users.
#[derive(Debug, Default)]
pub struct MemorySink {
    /// Every analysis, in input order.
    pub reviews: Vec<Analysis>,
    /// Every error as (source, message), in input order.
    pub errors: Vec<(String, String)>,
    /// The aggregates given to `finish`.
    pub entities: EntityTable,
    /// The totals given to `finish`.
    pub totals: Totals,
    /// Whether `finish` was called.
    pub finished: bool,
}

impl ReportSink for MemorySink {
    fn review(&mut self, analysis: &Analysis) -> Result<()> {
        self.reviews.push(analysis.clone());
        Ok(())
    }

    fn error(&mut self, source: &str, error: &Error) -> Result<()> {
        self.errors.push((source.to_string(), error.to_string()));
        Ok(())
    }

    fn finish(&mut self, entities: &EntityTable, totals: &Totals) -> Result<()> {
        self.entities = entities.clone();
        self.totals = *totals;
        self.finished = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;
    use crate::pipeline::{Encoding, Pipeline, Scratch};

    fn all_formats() -> ReportOptions {
        ReportOptions {
            sentences: true,
            formats: Formats {
                csv: true,
                xlsx: true,
                parquet: true,
                html: true,
            },
            ..ReportOptions::default()
        }
    }

    #[test]
    fn a_run_dropped_before_it_finishes_leaves_nothing_in_any_format() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let mut reports = Reports::create(&out, all_formats()).unwrap();
        let doc = Doc::new(
            "r1",
            "r1.txt",
            "Paul James is charming in Slow Horses. 8/10.",
        );
        let analysis = Pipeline::new().analyze(doc, Encoding::Utf8, &mut Scratch::new());
        // Over a block of recorded rows: some reach the formats' threads before the drop.
        for _ in 0..5000 {
            reports.review(&analysis).unwrap();
        }
        reports.error("bad.txt", &Error::Empty).unwrap();
        drop(reports);
        assert!(!out.exists(), "the folder this run made is removed");
    }

    #[test]
    fn a_finished_run_publishes_every_format_and_says_what_was_split() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let options = ReportOptions {
            sheet_rows: 3,
            ..all_formats()
        };
        let mut reports = Reports::create(&out, options).unwrap();
        let doc = Doc::new(
            "r1",
            "r1.txt",
            "Paul James is charming in Slow Horses. 8/10.",
        );
        let analysis = Pipeline::new().analyze(doc, Encoding::Utf8, &mut Scratch::new());
        let mut entities = EntityTable::new();
        for _ in 0..3 {
            reports.review(&analysis).unwrap();
            entities.add_review(&analysis);
        }
        reports.finish(&entities, &Totals::default()).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        let mut expected: Vec<&str> = publish::REPORT_FILES.to_vec();
        expected.sort();
        assert_eq!(names, expected);
        // Three reviews on sheets of two rows each: two sheets.
        let split = &reports.workbook_notes().split;
        assert!(split.contains(&(Report::Reviews, 2)), "{split:?}");
    }
}
