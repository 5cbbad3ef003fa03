//! The report stage alone: writing every CSV report from analyses computed beforehand (and,
//! in their own cases, the xlsx workbook or the Parquet files beside them).
//!
//! Input: the reviews of `corpus/` plus, when present, the first 2,000 rows of
//! `imdb_train.csv` (`$REVIEWLENS_IMDB`, else `../shared/data/sentiment/imdb_train.csv` beside
//! the repo), analyzed once before any timing. Each iteration does what the writer thread of a
//! run does: `Reports::create`, `review()` and `EntityTable::add_review` for every analysis,
//! then `finish` (entities.csv, sync, rename). Reports go to a temporary folder in `/dev/shm`
//! when there is one (so the disk's sync time is not measured), else in the system's temporary
//! folder. Throughput is in bytes of review text; the rows written are checked, so the bench
//! can't measure an empty loop.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use reviewlens::aggregate::{EntityTable, Totals};
use reviewlens::batch::{self, Tasks};
use reviewlens::pipeline::{Analysis, Pipeline};
use reviewlens::read::ReadOptions;
use reviewlens::report::{Formats, ReportOptions, ReportSink, Reports};
use reviewlens::Doc;
use std::path::{Path, PathBuf};

const IMDB_ROWS: usize = 2_000;

fn read(path: PathBuf, limit: usize) -> Vec<Doc> {
    match batch::walk(&[path]) {
        Ok(walk) => batch::read_all(Tasks::new(walk, ReadOptions::default()).take(limit)).0,
        Err(_) => Vec::new(),
    }
}

fn documents() -> Vec<Doc> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut docs = read(root.join("corpus"), usize::MAX);
    let imdb = std::env::var_os("REVIEWLENS_IMDB")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/sentiment/imdb_train.csv"));
    let rows = read(imdb.clone(), IMDB_ROWS);
    if rows.is_empty() {
        eprintln!("{} not found: corpus/ only", imdb.display());
    }
    docs.extend(rows);
    docs
}

fn scratch_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    };
    dir.expect("a temporary folder")
}

/// Writes every report of `analyses` into `out`; returns the number of entities.
fn write_all(analyses: &[Analysis], out: &Path, options: &ReportOptions) -> usize {
    let mut reports = Reports::create(out, options.clone()).expect("reports open");
    let mut entities = EntityTable::new();
    let mut totals = Totals::default();
    for analysis in analyses {
        reports.review(analysis).expect("rows written");
        entities.add_review(analysis);
        totals += Totals::of(analysis);
    }
    reports
        .finish(&entities, &totals)
        .expect("reports persisted");
    entities.len()
}

fn rows(path: &Path) -> usize {
    std::fs::read(path)
        .map(|bytes| bytes.windows(2).filter(|w| w == b"\r\n").count())
        .unwrap_or(0)
}

fn bench_report(c: &mut Criterion) {
    let docs = documents();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let analyses = batch::analyze_docs(&Pipeline::new(), docs);
    let mentions: usize = analyses.iter().map(|a| a.mentions.len()).sum();
    let sentences: usize = analyses.iter().map(|a| a.sentences.len()).sum();
    let dir = scratch_dir();
    eprintln!(
        "report bench input: {} reviews, {bytes} bytes, {mentions} mentions, {sentences} \
         sentences; writing in {}",
        analyses.len(),
        dir.path().display()
    );

    let mut group = c.benchmark_group("report");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(30);
    let formats = |xlsx, parquet| Formats {
        xlsx,
        parquet,
        ..Formats::default()
    };
    for (name, sentences_too, formats) in [
        ("write_reports", false, formats(false, false)),
        ("write_reports_sentences", true, formats(false, false)),
        // The workbook and the Parquet files are written on threads of their own beside the
        // CSV: these time the slowest of them.
        ("write_reports_xlsx", false, formats(true, false)),
        ("write_reports_parquet", false, formats(false, true)),
    ] {
        let options = ReportOptions {
            sentences: sentences_too,
            formats,
            ..ReportOptions::default()
        };
        let out = dir.path().join(name);
        let entities = write_all(&analyses, &out, &options);
        // Header plus one row per review, mention, entity (and sentence).
        assert!(entities > 0, "no entities to write");
        assert_eq!(rows(&out.join("reviews.csv")), analyses.len() + 1);
        assert!(rows(&out.join("mentions.csv")) > mentions);
        assert_eq!(rows(&out.join("entities.csv")), entities + 1);
        if sentences_too {
            assert!(rows(&out.join("sentences.csv")) > sentences);
        }
        group.bench_function(name, |b| {
            b.iter(|| assert_eq!(write_all(&analyses, &out, &options), entities))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_report);
criterion_main!(benches);
