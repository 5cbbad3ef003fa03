//! `reviewlens report`: a folder of CSV reports to one HTML page (`report.html`).
//!
//! The page's figures come from the CSV files alone, so a folder the Spark job wrote serves
//! as well as one `analyze` wrote. The texts of the reviews the page lists need the inputs:
//! given them, it reads and analyzes them again (with the pipeline options given, which
//! should be those of the run) and shows the reviews it picked from the CSV files.

use super::term::message;
use anyhow::bail;
use clap::Args;
use reviewlens::batch::{Runner, Tasks, Walker};
use reviewlens::escape;
use reviewlens::pipeline::Analysis;
use reviewlens::report::html::{self, PageBuilder, ReviewFacts, ReviewView};
use reviewlens::report::{OutputDir, ReportSink};
use reviewlens::Error;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The folder of CSV reports: reviews.csv (needed), entities.csv, mentions.csv and
    /// errors.csv, written by `reviewlens analyze` or by the Spark job.
    #[arg(value_name = "REPORTS_DIR")]
    dir: PathBuf,

    /// The inputs the reports were made from (as given to `analyze`): the page then shows the
    /// texts of the reviews it lists, analyzed again with the options below.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Where to write the page [default: REPORTS_DIR/report.html].
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    #[command(flatten)]
    pipeline: super::PipelineArgs,

    /// How the inputs were read, as given to `analyze`.
    #[command(flatten)]
    input: super::InputArgs,

    /// No summary line.
    #[arg(short, long)]
    quiet: bool,
}

/// What a run's page names as analyzed: its inputs (the first few, and how many more).
pub fn title(inputs: &[PathBuf]) -> String {
    const NAMED: usize = 3;
    let mut named: Vec<String> = inputs
        .iter()
        .take(NAMED)
        .map(|p| {
            if p.as_os_str() == "-" {
                "standard input".to_string()
            } else {
                escape::path(p)
            }
        })
        .collect();
    if inputs.len() > NAMED {
        named.push(format!("{} more", inputs.len() - NAMED));
    }
    named.join(", ")
}

/// Runs `reviewlens report`.
pub fn report(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let dir = &args.dir;
    if !dir.is_dir() {
        bail!("{} is not a folder of reports", escape::path(dir));
    }
    if !dir.join("reviews.csv").is_file() {
        bail!(
            "{} holds no reviews.csv: run `reviewlens analyze INPUT -o {}` first",
            escape::path(dir),
            escape::path(dir)
        );
    }
    if args.inputs.iter().any(|i| i.as_os_str() == "-") {
        bail!(
            "`-` (standard input) cannot be read again: give the files, or run `analyze - --html`"
        );
    }
    for input in &args.inputs {
        if std::fs::symlink_metadata(input).is_err() {
            bail!("no such file or folder: {}", escape::path(input));
        }
    }
    let output = args.output.clone().unwrap_or_else(|| dir.join(html::PAGE));
    if output.is_dir() {
        bail!(
            "cannot write the page to {}: it is a folder",
            escape::path(&output)
        );
    }
    // The folder's lock, held while its reports are read: no run publishes a new set midway
    // (and one interrupted earlier is completed first). A folder this user cannot write is
    // read as it is, when the page goes elsewhere.
    let _lock = match OutputDir::open(dir) {
        Ok(locked) => Some(locked),
        Err(error @ Error::Busy { .. }) => return Err(error.into()),
        Err(_) if !same_folder(output.parent(), dir) => None,
        Err(error) => return Err(error.into()),
    };
    let mut page = PageBuilder::<()>::new();
    let missing = html::from_csv::read(dir, &mut page)?;
    let notes: Vec<String> = missing
        .iter()
        .map(|name| {
            let what = match *name {
                "entities.csv" => "no entity is listed",
                "mentions.csv" => "mentions are not counted and no role is listed",
                _ => "no error is listed",
            };
            format!("{name} was not found beside reviews.csv: {what}.")
        })
        .collect();
    for note in &notes {
        if !args.quiet {
            message!("reviewlens: warning: {}: {note}", escape::path(dir));
        }
    }
    let (from, note, mut views) = if args.inputs.is_empty() {
        let note = format!(
            "The texts are not shown: give the inputs the reports were made from \
             (reviewlens report {} INPUT...).",
            escape::path(dir)
        );
        (escape::path(dir), Some(note), HashMap::new())
    } else {
        let wanted: Vec<ReviewFacts> = page.picked().into_iter().cloned().collect();
        let (views, changed) = texts(&args, &wanted)?;
        let lost = wanted.iter().filter(|f| !views.contains_key(&f.id)).count();
        let mut why = Vec::new();
        if lost > 0 {
            why.push(format!(
                "{lost} of the {} reviews listed were not found in the inputs: were they the \
                 ones analyzed, with the same --id-column?",
                wanted.len()
            ));
        }
        if changed > 0 {
            why.push(format!(
                "{changed} of the texts shown scored otherwise when analyzed again than the \
                 reports say: were the run's options (--lexicon, --gazetteer...) given again?"
            ));
        }
        let note = (!why.is_empty()).then(|| why.join(" "));
        (title(&args.inputs), note, views)
    };
    let shown_texts = views.len();
    let mut page = page.finish(&from, note, |facts, ()| views.remove(&facts.id));
    page.notes = notes;
    html::write(&page, &output)?;
    if !args.quiet {
        message!(
            "reviewlens: {} reviews, {} texts shown; page in {}",
            page.reviews,
            shown_texts,
            escape::path(&output)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether `parent` (a file's folder, empty for the current one) is the folder `dir`.
fn same_folder(parent: Option<&Path>, dir: &Path) -> bool {
    let parent = match parent {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (parent.canonicalize(), dir.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => true,
    }
}

/// The views of the reviews `wanted` (by id), read from the inputs and analyzed again, and how
/// many of them scored otherwise than the reports say.
fn texts(
    args: &ReportArgs,
    wanted: &[ReviewFacts],
) -> anyhow::Result<(HashMap<String, ReviewView>, usize)> {
    let pipeline = args.pipeline.pipeline()?;
    let read = args.input.read_options(Vec::new());
    let tasks = Tasks::streaming(Walker::new(&args.inputs)?, read);
    let runner = Runner::new(&pipeline, args.pipeline.jobs())?;
    let mut sink = Wanted {
        wanted,
        views: HashMap::new(),
        changed: 0,
    };
    runner.run(tasks, &mut sink, |_| {})?;
    Ok((sink.views, sink.changed))
}

/// Keeps the views of the reviews wanted.
struct Wanted<'a> {
    wanted: &'a [ReviewFacts],
    views: HashMap<String, ReviewView>,
    changed: usize,
}

impl ReportSink for Wanted<'_> {
    fn review(&mut self, a: &Analysis) -> reviewlens::Result<()> {
        if let Some(facts) = self.wanted.iter().find(|f| f.id == a.doc.id) {
            let again = ReviewFacts::of(a);
            if (again.compound, again.label) != (facts.compound, facts.label) {
                self.changed += 1;
            }
            self.views.insert(a.doc.id.clone(), ReviewView::of(a));
        }
        Ok(())
    }

    fn error(&mut self, _source: &str, _error: &Error) -> reviewlens::Result<()> {
        Ok(())
    }
}
