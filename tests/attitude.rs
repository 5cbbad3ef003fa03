//! The attitude model from the command line: the shipped `data/sentiment/attitude.tsv` is what
//! `scripts/learn_attitude.sh` makes, byte for byte; the attitude annotations of IMDB reviews
//! (`tests/gold/imdb_attitude.jsonl`) and of corpus reviews (`tests/gold/corpus_attitude.jsonl`)
//! name entities their reviews name, the IMDB ones of reviews the entity gold annotates and no
//! other evaluation set holds (and the held-out ones, `tests/gold/imdb_attitude_heldout.jsonl`,
//! none the model learns from); cross-validated by review, and on the corpus reviews and the
//! held-out IMDB reviews it never learns from, the model stays above floors just under today's
//! figures and above the mention rules alone; learning
//! refuses to overwrite its gold and names a bad line; `explain` shows what the model weighed.
//! Tests that need `../shared` pass without checking anything when it is not beside the
//! repository (they say so).

mod common;

use common::{reviewlens, root, shared};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The IMDB attitude gold with its texts, written into `dir` under the name the shipped
/// model's notes give.
fn imdb_attitude(dir: &Path) -> PathBuf {
    attitude_gold(dir, false)
}

/// The IMDB attitude gold the model never learns from (`--heldout`), with its texts.
fn imdb_attitude_heldout(dir: &Path) -> PathBuf {
    attitude_gold(dir, true)
}

fn attitude_gold(dir: &Path, heldout: bool) -> PathBuf {
    let name = if heldout {
        "imdb_attitude_heldout.jsonl"
    } else {
        "imdb_attitude.jsonl"
    };
    let path = dir.join(name);
    let status = std::process::Command::new("python3")
        .current_dir(root())
        .arg("scripts/attitude_gold.py")
        .args(heldout.then_some("--heldout"))
        .arg(&path)
        .status()
        .expect("python3 runs scripts/attitude_gold.py");
    assert!(status.success());
    path
}

/// The corpus reviews' attitude gold (texts included: they are the project's own).
fn corpus_attitude() -> PathBuf {
    root().join("tests/gold/corpus_attitude.jsonl")
}

/// The attitude figure of each file of an `eval critics` report over several files.
fn attitudes(report: &str) -> Vec<f64> {
    report
        .lines()
        .filter(|l| l.starts_with("verdict "))
        .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
        .collect()
}

fn eval_critics(args: &[&str], gold: &[&Path]) -> String {
    let out = reviewlens()
        .args(["eval", "critics"])
        .args(gold)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_shipped_model_is_what_the_script_learns() {
    let Some(data) = shared("sentiment/imdb_train.csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let imdb = imdb_attitude(dir.path());
    let out = dir.path().join("attitude.tsv");
    reviewlens()
        .args(["attitude", "learn"])
        .arg(data.join("critics/dev_critics.jsonl"))
        .arg(&imdb)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let learned = std::fs::read_to_string(&out).unwrap();
    let shipped = std::fs::read_to_string(root().join("data/sentiment/attitude.tsv")).unwrap();
    assert!(
        learned == shipped,
        "data/sentiment/attitude.tsv is not what scripts/learn_attitude.sh learns"
    );
}

#[test]
fn the_imdb_annotations_name_what_their_reviews_name() {
    let Some(data) = shared("sentiment/imdb_train.csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let imdb = std::fs::read_to_string(imdb_attitude(dir.path())).unwrap();
    let heldout = std::fs::read_to_string(imdb_attitude_heldout(dir.path())).unwrap();
    let learned = check_imdb_annotations(&data, &imdb, &HashSet::new(), (160, 595));
    // The held-out reviews are none of those the model learns from.
    check_imdb_annotations(&data, &heldout, &learned, (160, 528));
}

/// Checks the IMDB attitude gold `imdb` (texts added): each review is one of the entity gold's,
/// once, of no other evaluation set and not in `others`; each judged name is in its text; it
/// holds `want` (reviews, judgements). Returns the reviews' ids.
fn check_imdb_annotations(
    data: &Path,
    imdb: &str,
    others: &HashSet<String>,
    want: (usize, usize),
) -> HashSet<String> {
    // The reviews the entity typer learns from (by id), and those other sets hold.
    let entity_gold =
        std::fs::read_to_string(root().join("tests/gold/imdb_entities.jsonl")).unwrap();
    let annotated: HashSet<String> = entity_gold
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["id"].as_str().unwrap().to_string()
        })
        .collect();
    let excluded: HashSet<String> =
        std::fs::read_to_string(data.join("entities/imdb_excluded_ids.txt"))
            .unwrap()
            .lines()
            .map(|l| l.trim().to_string())
            .collect();
    let (mut ids, mut judgements) = (HashSet::new(), 0);
    for line in imdb.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = doc["id"].as_str().unwrap();
        let row = doc["source"]["id"].as_str().unwrap();
        assert!(
            annotated.contains(id),
            "{id}: not a review of the entity gold"
        );
        assert!(
            !excluded.contains(row),
            "{id}: another evaluation set holds it"
        );
        let text = doc["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .replace('’', "'");
        for e in doc["entity_sentiment"].as_array().unwrap() {
            let name = e["name"].as_str().unwrap();
            assert!(
                text.contains(&name.to_lowercase().replace('’', "'")),
                "{id}: {name:?} is not in the text"
            );
            assert!(["+", "-"].contains(&e["sign"].as_str().unwrap()), "{id}");
            judgements += 1;
        }
        assert!(!others.contains(id), "{id}: in both IMDB attitude files");
        assert!(ids.insert(id.to_string()), "{id}: twice");
    }
    assert_eq!((ids.len(), judgements), want);
    ids
}

#[test]
fn the_corpus_annotations_name_what_their_reviews_name() {
    let gold = std::fs::read_to_string(corpus_attitude()).unwrap();
    let (mut reviews, mut judgements) = (0, 0);
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = root().join(doc["source"]["path"].as_str().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(doc["text"].as_str().unwrap(), text, "{}", path.display());
        let folded = text.to_lowercase().replace('’', "'");
        for e in doc["entity_sentiment"].as_array().unwrap() {
            let name = e["name"].as_str().unwrap();
            assert!(
                folded.contains(&name.to_lowercase().replace('’', "'")),
                "{}: {name:?} is not in the text",
                path.display()
            );
            judgements += 1;
        }
        reviews += 1;
    }
    assert_eq!((reviews, judgements), (32, 225));
}

#[test]
fn cross_validated_the_model_stays_above_its_floors_and_the_rules() {
    let Some(data) = shared("sentiment/imdb_train.csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let imdb = imdb_attitude(dir.path());
    let critics = data.join("critics/dev_critics.jsonl");
    let gold = [critics.as_path(), imdb.as_path()];
    let learned = attitudes(&eval_critics(&["--folds", "5"], &gold));
    let rules = attitudes(&eval_critics(&["--attitude", "none"], &gold));
    // 0.676 and 0.736 cross-validated (the rules alone: 0.641 and 0.701); 0.676 and 0.734
    // (0.641 and 0.699) with the entity typer's list neighbours, 0.676 and 0.736 (0.641 and
    // 0.701) with the exception rule.
    assert!(learned[0] >= 0.67, "critics {learned:?}");
    assert!(learned[1] >= 0.73, "IMDB {learned:?}");
    assert!(
        learned[0] > rules[0] && learned[1] > rules[1],
        "{learned:?} {rules:?}"
    );
}

#[test]
fn on_the_corpus_it_never_learned_from_the_model_beats_the_rules() {
    let corpus = corpus_attitude();
    let report = |args: &[&str]| {
        let out = eval_critics(args, &[corpus.as_path()]);
        attitudes(&out)[0]
    };
    let (shipped, rules) = (report(&[]), report(&["--attitude", "none"]));
    // 0.680 at first look (the rules alone: 0.622); 0.676 with the typer's list neighbours.
    assert!(shipped >= 0.67 && shipped > rules, "{shipped} {rules}");
}

#[test]
fn on_the_imdb_reviews_it_never_learned_from_the_model_beats_the_rules() {
    if shared("sentiment/imdb_train.csv").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let heldout = imdb_attitude_heldout(dir.path());
    let report = |args: &[&str]| attitudes(&eval_critics(args, &[heldout.as_path()]))[0];
    let (shipped, rules) = (report(&[]), report(&["--attitude", "none"]));
    // 0.748 at first look, before anything was learned or changed for them (the rules alone:
    // 0.733); 0.761 (0.746) with the titles the typer joins, which find more of the entities.
    assert!(shipped >= 0.74 && shipped > rules, "{shipped} {rules}");
}

#[test]
fn learning_refuses_to_overwrite_its_gold_and_names_a_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"id\": \"a\", \"text\": \"Ann Lee is superb.\", \"doc_label\": \"positive\", \
         \"entity_sentiment\": [{\"name\": \"Ann Lee\", \"sign\": \"+\"}]}\n",
    )
    .unwrap();
    reviewlens()
        .args(["attitude", "learn"])
        .arg(&gold)
        .arg("-o")
        .arg(&gold)
        .assert()
        .failure();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\": \"a\", \"text\": \"x\", \"doc_label\": \"positive\"}\n\
         {\"id\": \"b\", \"text\": \"y\", \"doc_label\": \"positive\", \
         \"entity_sentiment\": [{\"name\": \"Ann\", \"sign\": \"maybe\"}]}\n",
    )
    .unwrap();
    let out = reviewlens()
        .args(["attitude", "learn"])
        .arg(&bad)
        .arg("-o")
        .arg(dir.path().join("model.tsv"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.jsonl:2"), "{err}");
    // A model file read back names its bad line.
    let model = dir.path().join("model.tsv");
    std::fs::write(&model, "# reviewlens: attitude model\nbias\tx\n").unwrap();
    let out = reviewlens()
        .args(["explain", "--attitude"])
        .arg(&model)
        .arg("Ann Lee is superb.")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("model.tsv:2"), "{err}");
}

#[test]
fn a_model_learned_from_a_few_reviews_is_used_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    let mut lines = String::new();
    for (i, (text, name, sign)) in [
        ("Ann Lee is superb and the film is a joy.", "Ann Lee", "+"),
        (
            "Bo Reed is dreadful and the film is a bore.",
            "Bo Reed",
            "-",
        ),
        ("Cy Hart is wonderful in a lovely film.", "Cy Hart", "+"),
        ("Di Moss is awful in an ugly, tedious film.", "Di Moss", "-"),
    ]
    .iter()
    .enumerate()
    {
        lines.push_str(&format!(
            "{{\"id\": \"r{i}\", \"text\": {text:?}, \"doc_label\": \"positive\", \
             \"entity_sentiment\": [{{\"name\": {name:?}, \"sign\": \"{sign}\"}}]}}\n"
        ));
    }
    std::fs::write(&gold, lines).unwrap();
    let model = dir.path().join("model.tsv");
    reviewlens()
        .args(["attitude", "learn"])
        .arg(&gold)
        .arg("-o")
        .arg(&model)
        .assert()
        .success();
    let text = std::fs::read_to_string(&model).unwrap();
    assert!(text.starts_with("# reviewlens: attitude model"), "{text}");
    let out = reviewlens()
        .args(["explain", "--json", "--attitude"])
        .arg(&model)
        .arg("The show is a delight. Ann Lee is fine as the lead.")
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mention = &json["mentions"][0];
    let p = mention["attitude_model"]["p_positive"].as_f64().unwrap();
    let compound = mention["compound"].as_f64().unwrap();
    assert!((compound - (2.0 * p - 1.0)).abs() < 1e-9, "{mention}");
    assert!(compound > 0.05, "{mention}");
    assert!(mention["rule_compound"].as_f64().unwrap() > 0.0);
    // Without a model the rule's compound stands, and nothing is said of a model.
    let out = reviewlens()
        .args(["explain", "--json", "--attitude", "none"])
        .arg("The show is a delight. Ann Lee is fine as the lead.")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mention = &json["mentions"][0];
    assert!(mention["attitude_model"].is_null(), "{mention}");
    assert_eq!(mention["compound"], mention["rule_compound"]);
}

#[test]
fn eval_critics_writes_every_judgement() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("judgements.csv");
    let gold = corpus_attitude();
    let report = eval_critics(&["--judgements", csv_path.to_str().unwrap()], &[&gold]);
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    assert_eq!(
        reader.headers().unwrap(),
        vec!["id", "name", "sign", "verdict", "label", "mentions", "mean", "right"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    // One row per judgement, and the rows agree with the report's figures.
    let judgements: usize = std::fs::read_to_string(&gold)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["entity_sentiment"].as_array().map_or(0, Vec::len)
        })
        .sum();
    assert_eq!(rows.len(), judgements);
    let right = rows.iter().filter(|r| &r[7] == "yes").count();
    let found = rows.iter().filter(|r| !r[6].is_empty()).count();
    assert!(
        report.contains(&format!(
            "judgements {judgements}, entities found {found}\n"
        )),
        "{report}"
    );
    let attitude = attitudes(&report)[0];
    assert!(
        (attitude - right as f64 / judgements as f64).abs() < 5e-4,
        "{report}"
    );
    let labels = ["positive", "negative", "mixed", "neutral"];
    for r in &rows {
        assert!(labels.contains(&&r[3]) && labels.contains(&&r[4]), "{r:?}");
        assert_eq!(r[6].is_empty(), &r[5] == "0", "{r:?}");
        // Right is the mean's sign beyond ±0.05 agreeing with the critic's.
        let want = r[6].parse::<f64>().is_ok_and(|m| match &r[2] {
            "positive" => m > 0.05,
            "negative" => m < -0.05,
            other => panic!("sign {other:?}"),
        });
        assert_eq!(&r[7] == "yes", want, "{r:?}");
    }
}
