//! Quality on the development data in `../shared` (beside the repository; CI has it), measured
//! with `reviewlens eval` on samples small enough for CI. The full evaluations are `#[ignore]`d:
//! `cargo test --release --test shared_eval -- --ignored`.
//!
//! The floors sit a little below the figures measured on the full files (README, Sentiment and
//! Entities), to allow for sampling noise; a real regression goes through them. Without
//! `../shared` the tests say so on stderr and pass: the data is not part of the project.

use assert_cmd::Command;
use reviewlens::sentiment::learn::is_held_out;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is not there", dir.display());
        None
    }
}

/// Runs `reviewlens eval ARGS` and returns its standard output.
fn eval(args: &[&str]) -> String {
    let out = Command::cargo_bin("reviewlens")
        .unwrap()
        .arg("eval")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "eval {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The first number after `key` on its line of `report` ("pearson r 0.612" -> 0.612).
fn figure(report: &str, key: &str) -> f64 {
    let at = report
        .find(key)
        .unwrap_or_else(|| panic!("no {key:?} in {report}"));
    report[at + key.len()..]
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .find_map(|v| v.trim_end_matches([',', ':']).parse().ok())
        .unwrap_or_else(|| panic!("no number after {key:?} in {report}"))
}

/// Writes every `step`-th row of the CSV `src` (that `keep` accepts, by its first column) to
/// `dst`, at most `max` rows, header kept.
fn sample_csv(src: &Path, dst: &Path, step: usize, max: usize, keep: impl Fn(&str) -> bool) {
    let mut reader = csv::Reader::from_path(src).unwrap();
    let mut writer = csv::Writer::from_path(dst).unwrap();
    writer.write_record(reader.headers().unwrap()).unwrap();
    let mut kept = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap();
        if i % step == 0 && keep(&record[0]) {
            writer.write_record(&record).unwrap();
            kept += 1;
            if kept == max {
                break;
            }
        }
    }
    writer.flush().unwrap();
}

/// A sample of a ratings file and its Pearson r.
fn sampled_r(data: &Path, file: &str, step: usize, max: usize) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join(file);
    sample_csv(
        &data.join("sentiment").join(file),
        &sample,
        step,
        max,
        |_| true,
    );
    figure(&eval(&["sentiment", sample.to_str().unwrap()]), "pearson r")
}

#[test]
fn sentence_sentiment_beats_vader_on_samples() {
    let Some(data) = shared() else { return };
    // (file, every n-th row, floor); VADER 3.3.2 on the full files: 0.43, 0.59, 0.50, 0.87.
    let cases = [
        ("movie_snippets_dev.csv", 10, 0.55),
        ("amazon_snippets.csv", 8, 0.57),
        ("nyt_snippets.csv", 10, 0.46),
        ("tweets.csv", 8, 0.80),
    ];
    for (file, step, floor) in cases {
        let r = sampled_r(&data, file, step, 600);
        eprintln!("{file} sample: pearson r {r:.3} (floor {floor})");
        assert!(r >= floor, "{file}: pearson r {r:.3} < {floor}");
    }
}

#[test]
fn imdb_reviews_never_learned_from_are_classified() {
    let Some(data) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("imdb.csv");
    // Rows the shipped weights were not learned from, spread over the whole file (both labels).
    sample_csv(
        &data.join("sentiment/imdb_train.csv"),
        &sample,
        13,
        usize::MAX,
        is_held_out,
    );
    let accuracy = figure(&eval(&["sentiment", sample.to_str().unwrap()]), "accuracy");
    eprintln!("IMDB held-out sample: accuracy {accuracy:.3} (floor 0.82)");
    assert!(
        accuracy >= 0.82,
        "IMDB held-out sample accuracy {accuracy:.3}"
    );
}

#[test]
fn critics_polarity_cross_validated() {
    let Some(data) = shared() else { return };
    // Every fold scored with the critics' weights learned from the other four with the layer's
    // recipe (the built-in layer learned from this file is left out): 0.884 on the 1,400
    // reviews with the logistic layer, 0.856 with the naive-Bayes one of before, 0.818
    // before the critics' layer.
    let path = data.join("critics/critic_polarity_dev.csv");
    let report = eval(&["sentiment", path.to_str().unwrap(), "--folds", "5"]);
    let accuracy = figure(&report, "accuracy");
    eprintln!("critic_polarity_dev 5-fold: accuracy {accuracy:.3} (floor 0.87)");
    assert!(accuracy >= 0.87, "{report}");
    // The naive-Bayes recipe, asked for, is cross-validated as such.
    let report = eval(&[
        "sentiment",
        path.to_str().unwrap(),
        "--folds",
        "5",
        "--method",
        "nb",
        "--min-docs",
        "20",
    ]);
    let nb = figure(&report, "accuracy");
    assert!(nb < accuracy, "naive Bayes {nb} vs logistic {accuracy}");
}

#[test]
fn the_critics_layer_is_reproduced_byte_for_byte() {
    let Some(data) = shared() else { return };
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sentiment/critic_weights.tsv");
    let shipped = std::fs::read_to_string(shipped).unwrap();
    // The credit is the header's lines after the learner's own (README, Sentiment).
    let header: Vec<&str> = shipped.lines().take_while(|l| l.starts_with('#')).collect();
    let own = header
        .iter()
        .position(|l| l.contains("No review text is included."))
        .unwrap();
    let credit: Vec<&str> = header[own + 1..]
        .iter()
        .map(|l| l.trim_start_matches("# "))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("critic_weights.tsv");
    Command::cargo_bin("reviewlens")
        .unwrap()
        .args(["lexicon", "learn"])
        .arg(data.join("critics/critic_polarity_dev.csv"))
        // The layer's recipe (sentiment::LEARNED_LAYERS, README's command).
        .args(["--method", "logistic", "--min-docs", "3", "--l2", "3e-5"])
        .arg("-o")
        .arg(&out)
        .args(["--credit", &credit.join("\n")])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out).unwrap() == shipped,
        "weights differ"
    );
}

/// The critics' reviews of `dev_critics.jsonl` whose id does (or does not) start with `c2-`,
/// written to a file of their own.
fn critics_subset(data: &Path, out: &Path, new: bool) {
    let text = std::fs::read_to_string(data.join("critics/dev_critics.jsonl")).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("\"id\": \"c2-") == new)
        .collect();
    std::fs::write(out, lines.join("\n") + "\n").unwrap();
}

#[test]
fn critics_verdicts_and_attitudes() {
    let Some(data) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    // The ten reviews the rules were written with, and the 34 `c2-` ones added later, which
    // no code was shaped on (their figures are the honest ones; floors just below today's
    // guard against regressions).
    for (new, verdict_floor, attitude_floor) in [(false, 0.6, 0.7), (true, 0.7, 0.4)] {
        let subset = dir.path().join(format!("critics-{new}.jsonl"));
        critics_subset(&data, &subset, new);
        let report = eval(&["critics", subset.to_str().unwrap()]);
        let verdict = figure(&report, "verdict");
        let attitude = figure(&report, "attitude");
        eprintln!("critics (c2- {new}): verdict {verdict:.3} attitude {attitude:.3}");
        assert!(verdict >= verdict_floor, "{report}");
        assert!(attitude >= attitude_floor, "{report}");
    }
}

#[test]
fn entities_of_the_seed_review() {
    let Some(data) = shared() else { return };
    let report = eval(&[
        "entities",
        data.join("entities/seed.jsonl").to_str().unwrap(),
    ]);
    // The shipped typer learned from the seed's gold too: this is a regression check.
    for kind in ["show", "actor", "song"] {
        let lenient: f64 = report
            .lines()
            .find(|l| l.split_whitespace().next() == Some(kind))
            .and_then(|l| l.split_whitespace().nth(8))
            .and_then(|f| f.parse().ok())
            .unwrap_or_else(|| panic!("no {kind} row in\n{report}"));
        assert!(lenient >= 0.95, "{kind}: {lenient}\n{report}");
    }
}

#[test]
#[ignore = "the full 25,000 IMDB reviews: run with --ignored"]
fn imdb_full_held_out_fifth() {
    let Some(data) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("imdb_heldout.csv");
    sample_csv(
        &data.join("sentiment/imdb_train.csv"),
        &sample,
        1,
        usize::MAX,
        is_held_out,
    );
    let accuracy = figure(&eval(&["sentiment", sample.to_str().unwrap()]), "accuracy");
    assert!(
        accuracy >= 0.85,
        "IMDB held-out fifth accuracy {accuracy:.3}"
    );
    let all = data.join("sentiment/imdb_train.csv");
    let accuracy = figure(&eval(&["sentiment", all.to_str().unwrap()]), "accuracy");
    assert!(accuracy >= 0.85, "IMDB all rows accuracy {accuracy:.3}");
}

#[test]
#[ignore = "the full snippet files: run with --ignored"]
fn full_snippet_files_meet_the_targets() {
    let Some(data) = shared() else { return };
    // The sentiment issue's targets.
    let cases = [
        ("movie_snippets_dev.csv", 0.55),
        ("amazon_snippets.csv", 0.62),
        ("nyt_snippets.csv", 0.52),
        ("tweets.csv", 0.86),
    ];
    for (file, target) in cases {
        let path = data.join("sentiment").join(file);
        let r = figure(&eval(&["sentiment", path.to_str().unwrap()]), "pearson r");
        assert!(r >= target, "{file}: pearson r {r:.3} < {target}");
    }
}
