//! `reviewlens analyze`: inputs to reports, with a progress bar and a summary line.
//!
//! Exit codes: 0 every input was analyzed; 1 some inputs could not be (they are in errors.csv);
//! 2 the run could not be done (bad usage, unwritable output).

use anyhow::{bail, Context};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use reviewlens::aggregate::{EntityTable, Totals};
use reviewlens::batch::{Runner, Tasks, Walker};
use reviewlens::pipeline::{Analysis, Encoding, Pipeline};
use reviewlens::read::Columns;
use reviewlens::report::{CsvOptions, CsvReports, ReportSink};
use reviewlens::Error;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Folders (walked recursively) or files to analyze [default: corpus].
    ///
    /// A .txt or .md file is one review; a .csv or .jsonl file holds one review per row. Other
    /// files, hidden files and the output folder are skipped.
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

    /// Column (CSV) or field (JSONL) holding each row's id; rows are numbered from 1 without it.
    #[arg(long, value_name = "C", default_value = "id")]
    id_column: String,

    /// Column (CSV) or field (JSONL) holding each row's review text.
    #[arg(long, value_name = "C", default_value = "text")]
    text_column: String,

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
}

/// Runs `reviewlens analyze`.
pub fn analyze(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.inputs.clone()
    };
    for input in &inputs {
        if std::fs::symlink_metadata(input).is_err() {
            bail!("no such file or folder: {}", input.display());
        }
    }
    let out = &args.output;
    if out.exists() && !out.is_dir() {
        bail!(
            "cannot write reports to {}: it is not a folder",
            out.display()
        );
    }
    let created = !out.exists();
    let columns = Columns {
        id: args.id_column.clone(),
        text: args.text_column.clone(),
    };
    let options = CsvOptions {
        sentences: args.sentences,
        bom: args.bom,
        defuse: !args.no_defuse,
    };
    // Built before the output folder is touched: a bad gazetteer leaves nothing behind.
    let pipeline = args.pipeline.pipeline()?;
    let mut reports = CsvReports::create(out, options)?;
    let result = run(&args, &inputs, columns, &pipeline, &mut reports);
    let (totals, skipped) = match result {
        Ok(done) => done,
        Err(error) => {
            drop(reports);
            if created {
                let _ = std::fs::remove_dir(out);
            }
            return Err(error);
        }
    };
    if !args.quiet {
        let seconds = started.elapsed().as_secs_f64();
        let mb = totals.bytes as f64 / 1e6;
        eprintln!(
            "reviewlens: {} reviews, {} mentions, {} errors{}, {:.2} MB in {:.2} s ({:.1} MB/s); reports in {}",
            totals.reviews,
            totals.mentions,
            totals.errors,
            if skipped > 0 { format!(" ({skipped} files skipped)") } else { String::new() },
            mb,
            seconds,
            mb / seconds.max(1e-9),
            out.display()
        );
    }
    Ok(ExitCode::from(if totals.errors > 0 { 1 } else { 0 }))
}

fn run(
    args: &AnalyzeArgs,
    inputs: &[PathBuf],
    columns: Columns,
    pipeline: &Pipeline,
    reports: &mut CsvReports,
) -> anyhow::Result<(Totals, u64)> {
    // The folders are walked as the run goes, so that analysis starts at once.
    let walker = Walker::new(inputs, Some(&args.output)).context("cannot read the inputs")?;
    let found = walker.counts();
    let bar = progress_bar(args.quiet);
    let runner = Runner::new(pipeline, args.pipeline.jobs)?;
    let mut sink = Terminal { reports, bar: &bar };
    let tasks = Tasks::streaming(walker, columns);
    let (totals, entities) = runner.run(tasks, &mut sink, |done| {
        bar.set_length(found.bytes());
        bar.inc(done.bytes)
    })?;
    bar.finish_and_clear();
    let skipped = found.skipped();
    finish(reports, &entities, &totals)?;
    Ok((totals, skipped))
}

fn finish(reports: &mut CsvReports, entities: &EntityTable, totals: &Totals) -> anyhow::Result<()> {
    reports.finish(entities, totals)?;
    Ok(())
}

/// A bar of bytes analyzed; its length, the bytes the walk has found, grows as the run goes.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Forwards results to the CSV reports and tells the terminal about problems.
struct Terminal<'a> {
    reports: &'a mut CsvReports,
    bar: &'a ProgressBar,
}

impl ReportSink for Terminal<'_> {
    fn review(&mut self, analysis: &Analysis) -> reviewlens::Result<()> {
        if analysis.encoding == Encoding::Windows1252 {
            let source = &analysis.doc.source;
            self.bar.suspend(|| {
                eprintln!("reviewlens: warning: {source} is not UTF-8; decoded as Windows-1252")
            });
        }
        self.reports.review(analysis)
    }

    fn error(&mut self, source: &str, error: &Error) -> reviewlens::Result<()> {
        self.bar
            .suspend(|| eprintln!("reviewlens: skipped {source}: {error}"));
        self.reports.error(source, error)
    }
}
