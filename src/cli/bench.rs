//! `reviewlens bench`: throughput on the user's own corpus.
//!
//! Loads the input once, then runs each stage alone on one thread (tokenize, entities,
//! sentiment, and report: writing every report from analyses made beforehand, as a run's writer
//! thread does) and the whole run (all stages and all reports written) on 1..N threads, K times
//! after a warm-up (the thread counts taking turns in each round), and prints medians. The
//! peak RSS is the runs', taken before the analyses for the report stage are made.

use super::progress::Steps;
use anyhow::{bail, Context};
use clap::Args;
use reviewlens::aggregate::{EntityTable, Totals};
use reviewlens::batch::{self, Runner, Task, Tasks};
use reviewlens::entity::Mention;
use reviewlens::pipeline::{Analysis, Encoding, Pipeline};
use reviewlens::read::ReadOptions;
use reviewlens::report::{ReportOptions, ReportSink, Reports};
use reviewlens::sentiment::Sentiment;
use reviewlens::tokenize::Tokens;
use reviewlens::Doc;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Folders or files to load, as `analyze` reads them [default: corpus].
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Pipeline options; --jobs is the largest number of threads of the scaling runs.
    #[command(flatten)]
    pipeline: super::PipelineArgs,

    /// Timed repetitions of each measurement (after one warm-up); the median is reported.
    #[arg(short = 'k', long, value_name = "K", default_value_t = 5)]
    repeat: usize,

    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// One measured figure.
struct Figure {
    name: String,
    threads: usize,
    seconds: f64,
}

/// What a run's input holds, to turn seconds into rates.
struct Input {
    reviews: usize,
    bytes: usize,
    words: u64,
}

impl Figure {
    /// Reviews per second, MB per second and nanoseconds per word.
    fn rates(&self, input: &Input) -> (f64, f64, f64) {
        let s = self.seconds.max(1e-12);
        (
            input.reviews as f64 / s,
            input.bytes as f64 / 1e6 / s,
            s * 1e9 / input.words.max(1) as f64,
        )
    }
}

/// Runs `reviewlens bench`.
pub fn bench(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.inputs.clone()
    };
    let progress = Steps::new("reading the input");
    let walk = batch::walk(&inputs)?;
    let (docs, failed) = batch::read_all(Tasks::new(walk, ReadOptions::default()));
    if docs.is_empty() {
        bail!(
            "no reviews to benchmark in {}",
            inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let repeat = args.repeat.max(1);
    let pipeline = args.pipeline.pipeline()?;
    let max_jobs = match args.pipeline.jobs() {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        jobs => jobs,
    };

    let mut jobs_list: Vec<usize> = std::iter::successors(Some(1), |j| Some(j * 2))
        .take_while(|&j| j < max_jobs)
        .collect();
    jobs_list.push(max_jobs);
    // Rounds of the stages, of each thread count and of the reports, and one analysis.
    let rounds = repeat as u64 + 1;
    progress.count(rounds * (2 + jobs_list.len() as u64) + 1);
    let mut figures = Vec::new();
    let stages = median_stages(&pipeline, &docs, repeat, &progress);
    for (name, seconds) in ["tokenize", "entities", "sentiment"].iter().zip(stages) {
        figures.push(Figure {
            name: name.to_string(),
            threads: 1,
            seconds,
        });
    }
    let mut words = 0;
    let scratch_dir = tempfile::tempdir().context("cannot create a temporary folder")?;
    // The thread counts take turns, round after round, so that a machine that slows down or
    // speeds up during the benchmark does so for all of them and the scaling stays honest.
    let runners = jobs_list
        .iter()
        .map(|&jobs| Runner::new(&pipeline, jobs))
        .collect::<reviewlens::Result<Vec<_>>>()?;
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); runners.len()];
    for round in 0..=repeat {
        for (runner, times) in runners.iter().zip(&mut times) {
            let jobs = runner.threads();
            progress.doing(format!(
                "{}: end to end on {jobs} thread{}",
                round_name(round, repeat),
                if jobs == 1 { "" } else { "s" }
            ));
            let tasks = docs.iter().map(|d| Task::Doc(d.clone(), Encoding::Utf8));
            let out = scratch_dir.path().join(format!("run-{jobs}-{round}"));
            let started = Instant::now();
            let mut reports = Reports::create(&out, ReportOptions::default())?;
            let (totals, entities) = runner.run(tasks, &mut reports, |_| {})?;
            reports.finish(&entities, &totals)?;
            let elapsed = started.elapsed();
            words = totals.words;
            if round > 0 {
                times.push(elapsed);
            }
            let _ = std::fs::remove_dir_all(&out);
            progress.step();
        }
    }
    for (runner, mut times) in runners.iter().zip(times) {
        figures.push(Figure {
            name: "end-to-end".into(),
            threads: runner.threads(),
            seconds: median(&mut times),
        });
    }
    let rss = peak_rss_bytes();
    progress.doing("analyzing once for the reports' timing");
    let analyses = batch::analyze_docs(&pipeline, docs.clone());
    progress.step();
    let seconds = median_report(&analyses, scratch_dir.path(), repeat, &progress)?;
    drop(progress);
    drop(analyses);
    figures.insert(
        3,
        Figure {
            name: "report".into(),
            threads: 1,
            seconds,
        },
    );
    let input = Input {
        reviews: docs.len(),
        bytes,
        words,
    };
    if args.json {
        print_json(&figures, &input, failed.len(), rss, repeat)?;
    } else {
        print_table(&figures, &input, failed.len(), rss, repeat)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Median seconds of tokenize, entities and sentiment, each timed alone on one thread.
fn median_stages(pipeline: &Pipeline, docs: &[Doc], repeat: usize, progress: &Steps) -> [f64; 3] {
    let mut samples: [Vec<Duration>; 3] = Default::default();
    let mut tokens = Tokens::new();
    let mut mentions: Vec<Mention> = Vec::new();
    let mut sentiment = Sentiment::default();
    for round in 0..=repeat {
        progress.doing(format!(
            "{}: each stage alone on one thread",
            round_name(round, repeat)
        ));
        let mut spent = [Duration::ZERO; 3];
        for doc in docs {
            let t0 = Instant::now();
            pipeline.tokenizer.tokenize(&doc.text, &mut tokens);
            let t1 = Instant::now();
            mentions.clear();
            pipeline
                .extractor
                .extract(&doc.text, &tokens, &mut mentions);
            let t2 = Instant::now();
            pipeline
                .scorer
                .score(&doc.text, &tokens, &mentions, &mut sentiment);
            let t3 = Instant::now();
            spent[0] += t1 - t0;
            spent[1] += t2 - t1;
            spent[2] += t3 - t2;
        }
        if round > 0 {
            for (s, d) in samples.iter_mut().zip(spent) {
                s.push(d);
            }
        }
        progress.step();
    }
    samples.map(|mut s| median(&mut s))
}

/// Median seconds of writing every report from analyses made beforehand, on this thread, as a
/// run's writer thread does: the rows, the entity table, then entities.csv and the renames.
fn median_report(
    analyses: &[Analysis],
    dir: &Path,
    repeat: usize,
    progress: &Steps,
) -> anyhow::Result<f64> {
    let mut times = Vec::new();
    for round in 0..=repeat {
        progress.doing(format!(
            "{}: writing the reports alone",
            round_name(round, repeat)
        ));
        let out = dir.join(format!("report-{round}"));
        let started = Instant::now();
        let mut reports = Reports::create(&out, ReportOptions::default())?;
        let mut entities = EntityTable::new();
        let mut totals = Totals::default();
        for analysis in analyses {
            reports.review(analysis)?;
            entities.add_review(analysis);
            totals += Totals::of(analysis);
        }
        reports.finish(&entities, &totals)?;
        let elapsed = started.elapsed();
        if round > 0 {
            times.push(elapsed);
        }
        let _ = std::fs::remove_dir_all(&out);
        progress.step();
    }
    Ok(median(&mut times))
}

/// Round 0 warms up; rounds 1 to `repeat` are timed.
fn round_name(round: usize, repeat: usize) -> String {
    if round == 0 {
        "warm-up".to_string()
    } else {
        format!("round {round} of {repeat}")
    }
}

fn median(times: &mut [Duration]) -> f64 {
    times.sort();
    times
        .get(times.len() / 2)
        .map_or(0.0, Duration::as_secs_f64)
}

/// Peak resident set size of this process, from /proc (Linux); 0 elsewhere.
fn peak_rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn print_table(
    figures: &[Figure],
    input: &Input,
    failed: usize,
    rss: u64,
    repeat: usize,
) -> std::io::Result<()> {
    super::term::out!(
        "input: {} reviews, {:.2} MB, {} words{}; median of {repeat} runs after a warm-up",
        input.reviews,
        input.bytes as f64 / 1e6,
        input.words,
        if failed > 0 {
            format!(" ({failed} inputs could not be read)")
        } else {
            String::new()
        }
    )?;
    super::term::out!(
        "{:<12} {:>7} {:>10} {:>12} {:>10} {:>11}",
        "stage",
        "threads",
        "seconds",
        "reviews/s",
        "MB/s",
        "ns/word"
    )?;
    let one_thread = figures
        .iter()
        .find(|f| f.name == "end-to-end" && f.threads == 1)
        .map(|f| f.seconds);
    for f in figures {
        let (reviews_per_second, mb_per_second, ns_per_word) = f.rates(input);
        let speedup = match (f.name.as_str(), one_thread) {
            ("end-to-end", Some(one)) if f.threads > 1 => {
                format!("  {:.2}x vs 1 thread", one / f.seconds.max(1e-12))
            }
            _ => String::new(),
        };
        super::term::out!(
            "{:<12} {:>7} {:>10.3} {:>12.0} {:>10.1} {:>11.1}{speedup}",
            f.name,
            f.threads,
            f.seconds,
            reviews_per_second,
            mb_per_second,
            ns_per_word,
        )?;
    }
    super::term::out!("peak RSS: {:.1} MB", rss as f64 / 1e6)
}

fn print_json(
    figures: &[Figure],
    input: &Input,
    failed: usize,
    rss: u64,
    repeat: usize,
) -> std::io::Result<()> {
    let runs: Vec<serde_json::Value> = figures
        .iter()
        .map(|f| {
            let (reviews_per_second, mb_per_second, ns_per_word) = f.rates(input);
            serde_json::json!({
                "stage": f.name,
                "threads": f.threads,
                "seconds": f.seconds,
                "reviews_per_second": reviews_per_second,
                "mb_per_second": mb_per_second,
                "ns_per_word": ns_per_word,
            })
        })
        .collect();
    let report = serde_json::json!({
        "reviews": input.reviews,
        "bytes": input.bytes,
        "words": input.words,
        "unreadable_inputs": failed,
        "repeat": repeat,
        "peak_rss_bytes": rss,
        "runs": runs,
    });
    super::term::out!("{report}")
}
