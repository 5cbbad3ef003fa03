//! `reviewlens analyze`: inputs to reports, with a progress bar and a summary line.
//!
//! Exit codes: 0 every input was analyzed; 1 some inputs could not be (they are in errors.csv);
//! 2 the run could not be done (bad usage, unwritable output).

use super::progress::Progress;
use super::signals::{Cleanup, Leftover};
use super::term::message;
use anyhow::bail;
use clap::Args;
use indicatif::ProgressBar;
use reviewlens::aggregate::Totals;
use reviewlens::batch::{Runner, Skip, Tasks, Walker};
use reviewlens::escape;
use reviewlens::pipeline::{Analysis, Encoding, Pipeline};
use reviewlens::read::ReadOptions;
use reviewlens::report::{
    Formats, OutputDir, Report, ReportOptions, ReportSink, Reports, EXCEL_MAX_ROWS,
};
use reviewlens::Error;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Folders (walked recursively) or files to analyze [default: corpus].
    ///
    /// A .txt or .md file is one review; a .csv or .jsonl file holds one review per row. In
    /// folders, other files, hidden files and earlier runs' reports are skipped. `-` (alone)
    /// reads CSV or JSONL rows from standard input as they arrive (JSONL when the first
    /// character is `{`).
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Folder to write the reports into (created if missing).
    #[arg(short, long, value_name = "DIR", default_value = "reports")]
    output: PathBuf,

    #[command(flatten)]
    pipeline: super::PipelineArgs,

    /// Also write sentences.csv: one row per sentence with its score and text.
    #[arg(long)]
    sentences: bool,

    #[command(flatten)]
    input: super::InputArgs,

    /// Input columns (CSV) or fields (JSONL) to copy into the reviews report, right after
    /// review_id, comma-separated: --keep-columns date,outlet,stars. A table without one of
    /// them stops the run, naming the columns it has.
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    keep_columns: Vec<String>,

    /// The formats to write, comma-separated: csv (reviews.csv...), xlsx (reports.xlsx, one
    /// sheet per report, typed cells), parquet (reviews.parquet...); or jsonl alone: one JSON
    /// record per review (its reviews.csv columns and its mention_rows) on standard output,
    /// streaming in input order, no report files (errors on stderr).
    #[arg(
        long,
        value_name = "FORMATS",
        value_delimiter = ',',
        default_value = "csv",
        required = false
    )]
    format: Vec<Format>,

    /// Rows an xlsx sheet holds, its header included (Excel's limit). For tests only: it lets
    /// a test split a small report across sheets.
    #[arg(long, value_name = "N", default_value_t = EXCEL_MAX_ROWS, hide = true,
          value_parser = clap::value_parser!(u32).range(2..=i64::from(EXCEL_MAX_ROWS)))]
    xlsx_sheet_rows: u32,

    /// Also write report.html: one page to read in a browser, with charts, the most mentioned
    /// entities, the reviews to read and their texts marked (as `reviewlens report` writes it).
    #[arg(long)]
    html: bool,

    /// Start every CSV file with a UTF-8 byte-order mark, so Excel opens it as UTF-8.
    #[arg(long)]
    bom: bool,

    /// Write cells that start with = + - @ tab or CR as they are, instead of prefixing a ' so
    /// that spreadsheets do not run them as formulas.
    #[arg(long)]
    no_defuse: bool,

    /// No progress bar and no summary line (errors are still reported on stderr).
    #[arg(short, long)]
    quiet: bool,

    /// Also name every file skipped, and why (not a review by its extension, an earlier run's
    /// report).
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,
}

/// Runs `reviewlens analyze`.
pub fn analyze(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.inputs.clone()
    };
    let stdin = inputs.iter().any(|i| i.as_os_str() == "-");
    if stdin && inputs.len() > 1 {
        bail!("`-` (standard input) is the only input of a run");
    }
    let jsonl = args.format.contains(&Format::Jsonl);
    if jsonl && args.format.len() > 1 {
        bail!("--format jsonl writes to standard output alone: give it without other formats");
    }
    if jsonl && args.html {
        bail!("--format jsonl writes no report files: --html needs report formats");
    }
    // Every named input exists and is something to read, or the run is refused here.
    for input in inputs.iter().filter(|_| !stdin) {
        if std::fs::symlink_metadata(input).is_err() {
            bail!("no such file or folder: {}", escape::path(input));
        }
    }
    check_kept_columns(&args.keep_columns)?;
    let source = if stdin {
        Source::Stdin
    } else {
        Source::Walk(Walker::new(&inputs)?)
    };
    let out = &args.output;
    if out.exists() && !out.is_dir() {
        bail!(
            "cannot write reports to {}: it is not a folder",
            escape::path(out)
        );
    }
    let read = args.input.read_options(args.keep_columns.clone());
    if jsonl {
        let pipeline = args.pipeline.pipeline()?;
        return stream_jsonl(&args, source, read, &pipeline, started);
    }
    let options = ReportOptions {
        sentences: args.sentences,
        bom: args.bom,
        defuse: !args.no_defuse,
        formats: Formats {
            html: args.html,
            ..formats(&args.format)
        },
        sheet_rows: args.xlsx_sheet_rows,
        keep: args.keep_columns.clone(),
        title: super::report::title(&inputs),
    };
    // Built before the output folder is touched: a bad gazetteer leaves nothing behind.
    let pipeline = args.pipeline.pipeline()?;
    let created = !out.exists();
    // The folders are made and registered under one hold: a signal that comes meanwhile waits,
    // then removes them.
    let output = {
        let mut held = Cleanup::hold();
        let output = OutputDir::open(out)?;
        held.add(Leftover::Tree(output.staging().to_path_buf()));
        if created {
            held.add(Leftover::EmptyDir(out.clone()));
        }
        output
    };
    let mut reports = Reports::in_output(output, options)?;
    // Standard input has no size to count towards: no bar, the summary line only.
    let mut progress = Progress::new(&inputs, args.quiet || stdin);
    let outcome = run(&args, source, read, &pipeline, &mut reports, &mut progress);
    let done = match outcome {
        Ok(done) => done,
        Err(error) => {
            progress.clear();
            // Dropping the reports removes the staging folder (and a folder this run made).
            drop(reports);
            Cleanup::forget();
            return Err(error);
        }
    };
    if done.totals.reviews == 0 && done.totals.errors == done.empty_inputs.len() as u64 {
        // Nothing was found to analyze: the earlier reports, if any, stay as they are.
        progress.clear();
        drop(reports);
        Cleanup::forget();
        let mut why: Vec<String> = done.empty_inputs;
        if done.totals.skipped > 0 {
            why.push(format!("{} files skipped", done.totals.skipped));
        }
        let why = if why.is_empty() {
            String::new()
        } else {
            format!(" ({})", why.join("; "))
        };
        bail!("no reviews found in the inputs{why}; no report written");
    }
    progress.writing();
    {
        // A signal now waits until the set is published whole.
        let _hold = Cleanup::hold();
        if let Err(error) = reports.finish(&done.entities, &done.totals) {
            progress.clear();
            return Err(error.into());
        }
    }
    progress.finish();
    Cleanup::forget();
    let totals = done.totals;
    if !args.quiet {
        let seconds = started.elapsed().as_secs_f64();
        let mb = totals.bytes as f64 / 1e6;
        let mut notes = Vec::new();
        if done.not_reviews > 0 {
            notes.push(format!("{} files skipped", done.not_reviews));
        }
        if done.earlier_reports > 0 {
            notes.push(format!("{} earlier reports skipped", done.earlier_reports));
        }
        for (report, sheets) in &reports.workbook_notes().split {
            notes.push(format!(
                "{} continued on {sheets} sheets of {} as it is over {} rows",
                report.stem(),
                reviewlens::report::WORKBOOK,
                args.xlsx_sheet_rows - 1
            ));
        }
        let cut = reports.workbook_notes().cut;
        if cut > 0 {
            notes.push(format!(
                "{cut} cells of {} cut to Excel's 32,767 characters",
                reviewlens::report::WORKBOOK
            ));
        }
        if totals.renamed > 0 {
            notes.push(format!(
                "{} reviews renamed id#N because their id was taken",
                totals.renamed
            ));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join(", "))
        };
        message!(
            "reviewlens: {} reviews, {} mentions, {} errors{notes}, {:.2} MB in {:.2} s ({:.1} MB/s); \
             reports in {}",
            totals.reviews,
            totals.mentions,
            totals.errors,
            mb,
            seconds,
            mb / seconds.max(1e-9),
            escape::path(out)
        );
    }
    Ok(ExitCode::from(if totals.errors > 0 { 1 } else { 0 }))
}

/// Refuses kept column names that are empty, repeated or named like a column of the reviews
/// report (two columns of one name would be ambiguous in every reader).
fn check_kept_columns(keep: &[String]) -> anyhow::Result<()> {
    let own = Report::Reviews.columns(&[]);
    for (i, name) in keep.iter().enumerate() {
        if name.trim().is_empty() {
            bail!("--keep-columns: a column name is empty");
        }
        if own.iter().any(|c| &c.name == name) {
            bail!("--keep-columns: {name:?} is already a column of reviews.csv");
        }
        if keep[..i].contains(name) {
            bail!("--keep-columns: {name:?} is named twice");
        }
    }
    Ok(())
}

/// A format of the reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// reviews.csv, mentions.csv...
    Csv,
    /// reports.xlsx
    Xlsx,
    /// reviews.parquet, mentions.parquet...
    Parquet,
    /// One JSON record per review on standard output.
    Jsonl,
}

/// The formats named (clap keeps at least one: `--format ''` is refused).
fn formats(named: &[Format]) -> Formats {
    Formats {
        csv: named.contains(&Format::Csv),
        xlsx: named.contains(&Format::Xlsx),
        parquet: named.contains(&Format::Parquet),
        html: false,
    }
}

/// What a run found, for the summary.
struct Done {
    totals: Totals,
    entities: reviewlens::aggregate::EntityTable,
    /// The inputs that held no review, with why ("DIR: no review or table files...").
    empty_inputs: Vec<String>,
    not_reviews: u64,
    earlier_reports: u64,
}

/// Where the reviews come from.
enum Source {
    /// Files and folders, walked as the run goes.
    Walk(Walker),
    /// Rows of a CSV or JSONL table on standard input.
    Stdin,
}

impl Source {
    fn tasks(self, read: ReadOptions) -> reviewlens::Result<Tasks> {
        Ok(match self {
            Source::Walk(walker) => Tasks::streaming(walker, read),
            Source::Stdin => {
                let rows = reviewlens::read::open_stdin(&read)?;
                Tasks::from_rows(rows, read)
            }
        })
    }
}

fn run(
    args: &AnalyzeArgs,
    source: Source,
    read: ReadOptions,
    pipeline: &Pipeline,
    reports: &mut Reports,
    progress: &mut Progress,
) -> anyhow::Result<Done> {
    // The folders are walked as the run goes, so that analysis starts at once.
    let runner = Runner::new(pipeline, args.pipeline.jobs())?;
    let bar = progress.bar().clone();
    let mut sink = Terminal {
        reports,
        bar: &bar,
        verbose: args.verbose,
        empty_inputs: Vec::new(),
        not_reviews: 0,
        earlier_reports: 0,
    };
    let tasks = source.tasks(read)?;
    let (totals, entities) = runner.run(tasks, &mut sink, |done| progress.advance(done))?;
    Ok(Done {
        totals,
        entities,
        empty_inputs: sink.empty_inputs,
        not_reviews: sink.not_reviews,
        earlier_reports: sink.earlier_reports,
    })
}

/// Forwards results to the CSV reports and tells the terminal about problems.
struct Terminal<'a> {
    reports: &'a mut Reports,
    bar: &'a ProgressBar,
    verbose: bool,
    empty_inputs: Vec<String>,
    not_reviews: u64,
    earlier_reports: u64,
}

impl ReportSink for Terminal<'_> {
    fn review(&mut self, analysis: &Analysis) -> reviewlens::Result<()> {
        if analysis.encoding == Encoding::Windows1252 {
            let source = &analysis.doc.source;
            self.bar.suspend(|| {
                message!("reviewlens: warning: {source} is not UTF-8; decoded as Windows-1252")
            });
        }
        self.reports.review(analysis)
    }

    fn error(&mut self, source: &str, error: &Error) -> reviewlens::Result<()> {
        if let Error::MissingKeptColumn {
            table,
            column,
            available,
        } = error
        {
            // The columns asked for cannot be given: the run stops (exit code 2).
            return Err(Error::MissingKeptColumn {
                table: table.clone(),
                column: column.clone(),
                available: available.clone(),
            });
        }
        if let Error::NoReviews(why) = error {
            self.empty_inputs.push(format!("{source}: {why}"));
        }
        self.bar
            .suspend(|| message!("reviewlens: skipped {source}: {error}"));
        self.reports.error(source, error)
    }

    fn skipped(&mut self, source: &str, skip: &Skip) -> reviewlens::Result<()> {
        match skip {
            Skip::NotReview => self.not_reviews += 1,
            Skip::Report(_) => self.earlier_reports += 1,
        }
        if self.verbose {
            self.bar
                .suspend(|| message!("reviewlens: not read: {source}: {skip}"));
        }
        Ok(())
    }
}

/// `--format jsonl`: every review as one JSON record on standard output, in input order, as the
/// runner hands them over; errors on stderr. Exit code 1 when some input could not be analyzed.
fn stream_jsonl(
    args: &AnalyzeArgs,
    source: Source,
    read: ReadOptions,
    pipeline: &Pipeline,
    started: Instant,
) -> anyhow::Result<ExitCode> {
    let runner = Runner::new(pipeline, args.pipeline.jobs())?;
    let stdout = std::io::stdout();
    let names = |report: Report, keep: &[String]| -> Vec<String> {
        report.columns(keep).into_iter().map(|c| c.name).collect()
    };
    let mut sink = JsonlOut {
        out: std::io::BufWriter::with_capacity(1 << 16, stdout.lock()),
        review_columns: names(Report::Reviews, &args.keep_columns),
        mention_columns: names(Report::Mentions, &[]),
        kept: args.keep_columns.len(),
        verbose: args.verbose,
        line: Vec::new(),
    };
    let tasks = source.tasks(read)?;
    let (totals, _) = runner.run(tasks, &mut sink, |_| {})?;
    use std::io::Write;
    sink.out.flush()?;
    if !args.quiet {
        let seconds = started.elapsed().as_secs_f64();
        let mb = totals.bytes as f64 / 1e6;
        message!(
            "reviewlens: {} reviews, {} mentions, {} errors, {mb:.2} MB in {seconds:.2} s \
             ({:.1} MB/s); JSON records on standard output",
            totals.reviews,
            totals.mentions,
            totals.errors,
            mb / seconds.max(1e-9)
        );
    }
    Ok(ExitCode::from(if totals.errors > 0 { 1 } else { 0 }))
}

/// Writes each review as one JSON line: reviews.csv's columns in their order (kept columns
/// included; `mentions` is the count) and `mention_rows`, its mentions.csv rows without the
/// review id.
struct JsonlOut<W: std::io::Write> {
    out: W,
    /// The reports' column names, found once for the run.
    review_columns: Vec<String>,
    mention_columns: Vec<String>,
    /// Kept input columns.
    kept: usize,
    verbose: bool,
    /// Scratch: the line being written.
    line: Vec<u8>,
}

impl<W: std::io::Write> ReportSink for JsonlOut<W> {
    fn review(&mut self, analysis: &Analysis) -> reviewlens::Result<()> {
        use reviewlens::report::rows;
        let mut review = JsonRow::new(&self.review_columns, 0);
        rows::review(&mut review, analysis.doc.id.as_str(), analysis, self.kept);
        let mut mentions = Vec::with_capacity(analysis.mentions.len());
        for m in &analysis.mentions {
            let mut row = JsonRow::new(&self.mention_columns, 1);
            rows::mention(&mut row, analysis.doc.id.as_str(), analysis, m);
            mentions.push(serde_json::Value::Object(row.map));
        }
        let mut map = review.map;
        map.insert("mention_rows".into(), serde_json::Value::Array(mentions));
        self.line.clear();
        let stdout = |source| Error::Write {
            path: PathBuf::from("<stdout>"),
            source,
        };
        serde_json::to_writer(&mut self.line, &map).map_err(|e| stdout(std::io::Error::from(e)))?;
        self.line.push(b'\n');
        self.out.write_all(&self.line).map_err(stdout)?;
        Ok(())
    }

    fn error(&mut self, source: &str, error: &Error) -> reviewlens::Result<()> {
        message!("reviewlens: skipped {source}: {error}");
        Ok(())
    }

    fn skipped(&mut self, source: &str, skip: &Skip) -> reviewlens::Result<()> {
        if self.verbose {
            message!("reviewlens: not read: {source}: {skip}");
        }
        Ok(())
    }
}

/// One report row as a JSON object, written through the row functions so that its keys and
/// values are the CSV's (numbers rounded as written there, an empty cell null).
struct JsonRow<'a> {
    names: &'a [String],
    /// Columns not written (the review id of a mention inside its review's record).
    skip: usize,
    at: usize,
    map: serde_json::Map<String, serde_json::Value>,
}

impl JsonRow<'_> {
    fn new(names: &[String], skip: usize) -> JsonRow<'_> {
        JsonRow {
            names,
            skip,
            at: 0,
            map: serde_json::Map::new(),
        }
    }

    fn push(&mut self, value: serde_json::Value) {
        if self.at >= self.skip {
            self.map.insert(self.names[self.at].clone(), value);
        }
        self.at += 1;
    }
}

impl reviewlens::report::rows::Cells for JsonRow<'_> {
    type Id = str;
    fn id(&mut self, id: &str) {
        self.push(id.into());
    }
    fn text(&mut self, text: &str) {
        self.push(text.into());
    }
    fn text_bytes(&mut self, text: &[u8]) {
        self.push(String::from_utf8_lossy(text).into());
    }
    fn word(&mut self, word: &'static str) {
        self.push(word.into());
    }
    fn int(&mut self, n: u64) {
        self.push(n.into());
    }
    fn fixed(&mut self, x: f64, decimals: usize) {
        let x = reviewlens::report::rows::rounded(x, decimals);
        self.push(serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, Into::into));
    }
    fn empty(&mut self) {
        self.push(serde_json::Value::Null);
    }
}
