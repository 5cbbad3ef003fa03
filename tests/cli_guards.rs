//! End-to-end tests of the `reviewlens` binary on hostile input: commands that must refuse
//! what would destroy data or write nonsense, and readers that must reject bad gold files.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn reviewlens() -> Command {
    Command::cargo_bin("reviewlens").unwrap()
}

/// The standard error of a finished command, as text.
fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// A labeled CSV of `n` reviews, alternately positive and negative, in `dir`.
fn labeled(dir: &Path, n: usize) -> PathBuf {
    let mut csv = String::from("id,label,text\n");
    for i in 0..n {
        let (label, text) = if i % 2 == 0 {
            ("pos", "The cast is good and the plot is quibbly.")
        } else {
            ("neg", "The cast is good but the plot is florp.")
        };
        csv.push_str(&format!("r{i},{label},{text}\n"));
    }
    let path = dir.join("labeled.csv");
    fs::write(&path, csv).unwrap();
    path
}

/// `reviewlens lexicon learn INPUT` with more arguments.
fn learn(input: &Path, extra: &[&std::ffi::OsStr]) -> assert_cmd::assert::Assert {
    reviewlens()
        .args(["lexicon", "learn"])
        .arg(input)
        .args(extra)
        .assert()
}

#[test]
fn lexicon_learn_refuses_to_write_over_its_input() {
    let dir = TempDir::new().unwrap();
    let input = labeled(dir.path(), 60);
    let before = fs::read(&input).unwrap();
    let link = dir.path().join("link.csv");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&input, &link).unwrap();
    let hard = dir.path().join("hard.csv");
    fs::hard_link(&input, &hard).unwrap();
    let respelled = dir.path().join(".").join("labeled.csv");
    let weights = dir.path().join("w.tsv");
    let mut cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["-o".as_ref(), input.as_os_str()],
        vec!["-o".as_ref(), respelled.as_os_str()],
        vec!["-o".as_ref(), hard.as_os_str()],
        vec![
            "-o".as_ref(),
            weights.as_os_str(),
            "--holdout".as_ref(),
            "--heldout-out".as_ref(),
            input.as_os_str(),
        ],
    ];
    if cfg!(unix) {
        cases.push(vec!["-o".as_ref(), link.as_os_str()]);
    }
    for extra in cases {
        let assert = learn(&input, &extra).code(2);
        let stderr = stderr_of(&assert);
        assert_eq!(stderr.lines().count(), 1, "{extra:?}: {stderr}");
        assert!(
            stderr.contains("labeled.csv") && stderr.contains("same file"),
            "{extra:?}: {stderr}"
        );
        assert_eq!(fs::read(&input).unwrap(), before, "{extra:?}");
        assert!(!weights.exists(), "{extra:?}");
    }
}

#[test]
fn lexicon_learn_refuses_one_file_for_weights_and_heldout_rows() {
    let dir = TempDir::new().unwrap();
    let input = labeled(dir.path(), 60);
    let out = dir.path().join("out.tsv");
    let again = dir.path().join(".").join("out.tsv");
    for existing in [false, true] {
        if existing {
            fs::write(&out, "kept\n").unwrap();
        }
        let assert = learn(
            &input,
            &[
                "-o".as_ref(),
                out.as_os_str(),
                "--holdout".as_ref(),
                "--heldout-out".as_ref(),
                again.as_os_str(),
            ],
        )
        .code(2);
        let stderr = stderr_of(&assert);
        assert!(stderr.contains("out.tsv"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        if existing {
            assert_eq!(fs::read_to_string(&out).unwrap(), "kept\n");
        } else {
            assert!(!out.exists());
        }
    }
    // Different files are fine.
    let held = dir.path().join("held.csv");
    learn(
        &input,
        &[
            "-o".as_ref(),
            out.as_os_str(),
            "--min-docs".as_ref(),
            "5".as_ref(),
            "--holdout".as_ref(),
            "--heldout-out".as_ref(),
            held.as_os_str(),
        ],
    )
    .success();
    assert!(fs::read_to_string(&out).unwrap().contains("quibbly"));
    assert!(held.exists());
}

#[test]
fn lexicon_learn_refuses_smoothing_that_is_not_a_positive_number() {
    let dir = TempDir::new().unwrap();
    let input = labeled(dir.path(), 60);
    let weights = dir.path().join("w.tsv");
    for bad in ["0", "-1", "NaN", "inf", "-inf", "0.0", "x"] {
        let smoothing = format!("--smoothing={bad}");
        let assert = learn(
            &input,
            &[
                "-o".as_ref(),
                weights.as_os_str(),
                smoothing.as_ref(),
                "--min-docs".as_ref(),
                "5".as_ref(),
            ],
        )
        .code(2);
        assert!(stderr_of(&assert).contains("--smoothing"), "{bad}");
        assert!(!weights.exists(), "{bad}");
    }
    learn(
        &input,
        &[
            "-o".as_ref(),
            weights.as_os_str(),
            "--smoothing=0.5".as_ref(),
            "--min-docs".as_ref(),
            "5".as_ref(),
        ],
    )
    .success();
    let learned = fs::read_to_string(&weights).unwrap();
    for line in learned.lines().filter(|l| !l.starts_with('#')) {
        let weight: f64 = line.split('\t').nth(1).unwrap().parse().unwrap();
        assert!(weight.is_finite(), "{line}");
    }
}

#[test]
fn lexicon_learn_refuses_max_terms_zero_but_takes_min_docs_zero() {
    let dir = TempDir::new().unwrap();
    let input = labeled(dir.path(), 60);
    let weights = dir.path().join("w.tsv");
    let assert = learn(
        &input,
        &[
            "-o".as_ref(),
            weights.as_os_str(),
            "--max-terms".as_ref(),
            "0".as_ref(),
        ],
    )
    .code(2);
    assert!(stderr_of(&assert).contains("--max-terms"));
    assert!(!weights.exists());
    learn(
        &input,
        &[
            "-o".as_ref(),
            weights.as_os_str(),
            "--min-docs".as_ref(),
            "0".as_ref(),
        ],
    )
    .success();
    assert!(fs::read_to_string(&weights).unwrap().contains("quibbly"));
}

#[test]
fn lexicon_learn_warns_when_no_term_reaches_min_docs() {
    let dir = TempDir::new().unwrap();
    let input = labeled(dir.path(), 6);
    let weights = dir.path().join("w.tsv");
    let assert = learn(&input, &["-o".as_ref(), weights.as_os_str()]).success();
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("warning")
            && stderr.contains("--min-docs 20")
            && stderr.contains("6 training reviews")
            && stderr.contains("lower --min-docs"),
        "{stderr}"
    );
    // The (empty) lexicon is still written.
    let learned = fs::read_to_string(&weights).unwrap();
    assert!(learned.starts_with("# reviewlens: learned weights"));
    assert!(learned.lines().all(|l| l.starts_with('#')), "{learned}");
    // Enough reviews: no warning.
    let input = labeled(dir.path(), 60);
    let assert = learn(&input, &["-o".as_ref(), weights.as_os_str()]).success();
    assert!(!stderr_of(&assert).contains("warning"));
}

/// Runs `reviewlens eval KIND` on a gold file holding `data`, named `name` in a fresh folder;
/// returns the folder (kept alive), the file's path and the finished command.
fn eval_gold(kind: &str, name: &str, data: &str) -> (TempDir, PathBuf, assert_cmd::assert::Assert) {
    let dir = TempDir::new().unwrap();
    let gold = dir.path().join(name);
    fs::write(&gold, data).unwrap();
    let assert = reviewlens().arg("eval").arg(kind).arg(&gold).assert();
    (dir, gold, assert)
}

/// Checks that `eval KIND` refuses each gold file of `cases` with exit code 2 and one line
/// naming the file and the line given, holding the words given.
fn refuses(kind: &str, name: &str, cases: &[(&str, u64, &str)]) {
    for &(data, line, words) in cases {
        let (_dir, gold, assert) = eval_gold(kind, name, data);
        let assert = assert.code(2);
        let stderr = stderr_of(&assert);
        let at = format!("{}:{line}: ", gold.display());
        assert!(
            stderr.contains(&at) && stderr.contains(words),
            "{kind} {data:?}: expected {at:?} and {words:?} in {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            assert.get_output().stdout.is_empty(),
            "no figures for a bad file"
        );
    }
}

#[test]
fn eval_sentiment_refuses_duplicate_ids_bad_ratings_and_unknown_labels() {
    refuses(
        "sentiment",
        "gold.csv",
        &[
            ("id,rating,text\na,1.5,Good.\na,-2,Bad.\n", 3, "\"a\""),
            ("id,rating,text\na,1.5,Good.\nb,NaN,Bad.\n", 3, "NaN"),
            ("id,rating,text\na,inf,Good.\nb,-2,Bad.\n", 2, "inf"),
            ("id,rating,text\na,1.5,Good.\nb,-1e400,Bad.\n", 3, "-1e400"),
            ("id,rating,text\na,,Good.\n", 2, "rating"),
            ("id,rating,text\na,high,Good.\n", 2, "high"),
            ("id,label,text\na,pos,Good.\nb,neutral,Meh.\n", 3, "neutral"),
            ("id,label,text\na,1,Good.\n", 2, "\"1\""),
            ("id,label,text\na,,Good.\n", 2, "label"),
            (
                "id,label,text\n\"a\nb\",pos,Good.\n\"a\nb\",neg,Bad.\n",
                4,
                "line 2",
            ),
        ],
    );
    // What the reference scorer reads correctly is taken.
    let (_dir, _gold, assert) = eval_gold(
        "sentiment",
        "gold.csv",
        "id,label,text\na,pos,Good.\nb,NEGATIVE,Bad.\nc,Positive,Fine.\n",
    );
    let stdout = String::from_utf8(assert.success().get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("documents 3"), "{stdout}");
    let (_dir, _gold, assert) = eval_gold(
        "sentiment",
        "gold.csv",
        "id,rating,text\na, 2.5 ,Good.\nb,-3,Bad.\n",
    );
    assert.success();
}

#[test]
fn eval_entities_refuses_duplicate_ids_and_mentions_that_are_not_spans_of_the_text() {
    let line = |id: &str, mention: &str| {
        format!(
            "{{\"id\": \"{id}\", \"text\": \"Lara Okafor stars in Harbor Lights.\", \"mentions\": [{mention}]}}\n"
        )
    };
    let good = line(
        "a",
        r#"{"kind": "actor", "start": 0, "end": 11, "surface": "Lara Okafor"}"#,
    );
    let with = |id: &str, mention: &str| format!("{good}\n{}", line(id, mention));
    refuses(
        "entities",
        "gold.jsonl",
        &[
            (
                &with("a", r#"{"kind": "show", "start": 21, "end": 34}"#),
                3,
                "\"a\"",
            ),
            (
                &with("b", r#"{"kind": "show", "start": 21, "end": 99}"#),
                3,
                "21..99",
            ),
            (
                &with("b", r#"{"kind": "show", "start": 34, "end": 21}"#),
                3,
                "34..21",
            ),
            (
                &with("b", r#"{"kind": "show", "start": 21, "end": 21}"#),
                3,
                "21..21",
            ),
            (
                &with("b", r#"{"kind": "show", "start": -1, "end": 4}"#),
                3,
                "start",
            ),
            (
                &with("b", r#"{"kind": "show", "start": 1.5, "end": 4}"#),
                3,
                "start",
            ),
            (
                &with("b", r#"{"kind": "film", "start": 21, "end": 34}"#),
                3,
                "film",
            ),
            (&with("b", r#"{"start": 21, "end": 34}"#), 3, "kind"),
            (
                &with(
                    "b",
                    r#"{"kind": "show", "start": 21, "end": 34, "surface": "Harbor"}"#,
                ),
                3,
                "Harbor Lights",
            ),
            (
                &format!("{good}{{\"id\": \"b\", \"text\": \"No mentions field.\"}}\n"),
                2,
                "mentions",
            ),
        ],
    );
    let ok = with(
        "b",
        r#"{"kind": "show", "start": 21, "end": 34, "surface": "Harbor Lights"}"#,
    );
    let (_dir, _gold, assert) = eval_gold("entities", "gold.jsonl", &ok);
    let stdout = String::from_utf8(assert.success().get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("actor"), "{stdout}");
}

#[test]
fn eval_critics_refuses_unknown_verdicts_and_attitudes() {
    let line = |id: &str, label: &str, judgement: &str| {
        format!(
            "{{\"id\": \"{id}\", \"text\": \"Lara Okafor is wonderful.\", \"doc_label\": {label}, \
             \"entity_sentiment\": [{judgement}], \"mentions\": []}}\n"
        )
    };
    let good = line(
        "a",
        "\"positive\"",
        r#"{"name": "Lara Okafor", "sign": "+"}"#,
    );
    let with =
        |id: &str, label: &str, judgement: &str| format!("{good}{}", line(id, label, judgement));
    let judged = r#"{"name": "Lara Okafor", "sign": "-"}"#;
    refuses(
        "critics",
        "gold.jsonl",
        &[
            (&with("a", "\"negative\"", judged), 2, "\"a\""),
            (&with("b", "\"great\"", judged), 2, "great"),
            (&with("b", "\"Positive\"", judged), 2, "Positive"),
            (&with("b", "null", judged), 2, "doc_label"),
            (
                &with("b", "\"mixed\"", r#"{"name": "Lara Okafor", "sign": "?"}"#),
                2,
                "\"?\"",
            ),
            (
                &with(
                    "b",
                    "\"mixed\"",
                    r#"{"name": "Lara Okafor", "sign": "positive"}"#,
                ),
                2,
                "positive",
            ),
            (
                &with("b", "\"mixed\"", r#"{"name": "Lara Okafor"}"#),
                2,
                "sign",
            ),
            (&with("b", "\"mixed\"", r#"{"sign": "+"}"#), 2, "name"),
            (
                &with("b", "\"mixed\"", r#"{"name": " ", "sign": "+"}"#),
                2,
                "name",
            ),
        ],
    );
    let (_dir, _gold, assert) = eval_gold("critics", "gold.jsonl", &with("b", "\"mixed\"", judged));
    let stdout = String::from_utf8(assert.success().get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("reviews 2, judgements 2"), "{stdout}");
}

#[test]
fn lexicon_learn_writes_held_out_labels_that_eval_sentiment_takes() {
    let dir = TempDir::new().unwrap();
    let mut csv = String::from("id,label,text\n");
    for i in 0..60 {
        let (label, text) = if i % 2 == 0 {
            ("1", "The cast is good and the plot is quibbly.")
        } else {
            ("0", "The cast is good but the plot is florp.")
        };
        csv.push_str(&format!("r{i},{label},{text}\n"));
    }
    let input = dir.path().join("numbers.csv");
    fs::write(&input, csv).unwrap();
    let (weights, held) = (dir.path().join("w.tsv"), dir.path().join("held.csv"));
    learn(
        &input,
        &[
            "-o".as_ref(),
            weights.as_os_str(),
            "--min-docs".as_ref(),
            "5".as_ref(),
            "--holdout".as_ref(),
            "--heldout-out".as_ref(),
            held.as_os_str(),
        ],
    )
    .success();
    let rows = fs::read_to_string(&held).unwrap();
    let labels: Vec<&str> = rows
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert!(!labels.is_empty());
    assert!(labels.iter().all(|l| *l == "pos" || *l == "neg"), "{rows}");
    reviewlens()
        .args(["eval", "sentiment"])
        .arg(&held)
        .arg("--lexicon")
        .arg(&weights)
        .assert()
        .success();
}

/// Review bytes in the encodings `analyze` reads, and ones it refuses.
fn encoded_reviews() -> Vec<(&'static str, Vec<u8>, bool)> {
    let text = "A \u{201C}wonderful\u{201D} film, truly lovely. The ending is dull.";
    let mut utf16le = vec![0xFF, 0xFE];
    utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    let cp1252 = b"A \x93wonderful\x94 film, truly lovely. The ending is dull.".to_vec();
    vec![
        ("utf8.txt", text.as_bytes().to_vec(), true),
        ("bom.txt", bom, true),
        ("utf16le.txt", utf16le, true),
        ("utf16be.txt", utf16be, true),
        ("cp1252.txt", cp1252, true),
        ("nul.txt", b"A wonderful\0 film.".to_vec(), false),
        ("empty.txt", b" \n\t\n".to_vec(), false),
        ("lone.txt", b"\xFF\xFE\x00\xD8".to_vec(), false),
    ]
}

#[test]
fn explain_reads_a_file_as_analyze_does() {
    let dir = TempDir::new().unwrap();
    let mut explained = Vec::new();
    for (name, bytes, readable) in encoded_reviews() {
        let path = dir.path().join(name);
        fs::write(&path, &bytes).unwrap();
        // analyze is the reference: it analyzes the file (0) or reports it as an error (1).
        let out = dir.path().join(format!("out-{name}"));
        let analyzed = reviewlens()
            .arg("analyze")
            .arg(&path)
            .arg("-o")
            .arg(&out)
            .arg("-q")
            .output()
            .unwrap();
        assert_eq!(analyzed.status.success(), readable, "analyze {name}");
        let explain = reviewlens()
            .args(["explain", "--json", "--file"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&explain.stderr);
        if readable {
            assert!(explain.status.success(), "explain {name}: {stderr}");
            assert_eq!(
                stderr.contains("Windows-1252"),
                name == "cp1252.txt",
                "{name}: {stderr}"
            );
            if name == "cp1252.txt" {
                assert!(stderr.contains(name), "{stderr}");
            }
            let report: serde_json::Value = serde_json::from_slice(&explain.stdout).unwrap();
            explained.push((name, report["review"].clone()));
        } else {
            assert_eq!(explain.status.code(), Some(2), "explain {name}: {stderr}");
            assert!(stderr.contains(name), "{name}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(explain.stdout.is_empty());
        }
    }
    // Every encoding of the same text gets the same scores.
    let (first, review) = &explained[0];
    assert!(review["label"].is_string(), "{review}");
    for (name, other) in &explained[1..] {
        assert_eq!(other, review, "{name} against {first}");
    }
}

#[test]
fn explain_reads_standard_input_as_analyze_reads_a_file() {
    let run = |bytes: &[u8]| {
        reviewlens()
            .args(["explain", "--json", "-"])
            .write_stdin(bytes.to_vec())
            .output()
            .unwrap()
    };
    let cp1252 = run(b"A \x93wonderful\x94 film.");
    let stderr = String::from_utf8_lossy(&cp1252.stderr);
    assert!(cp1252.status.success(), "{stderr}");
    assert!(
        stderr.contains("standard input") && stderr.contains("Windows-1252"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&cp1252.stdout).unwrap();
    assert_eq!(
        report["sentences"][0]["text"],
        "A \u{201C}wonderful\u{201D} film."
    );
    for bytes in [&b"A wonderful\0 film."[..], b"   \n"] {
        let refused = run(bytes);
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(2), "{bytes:?}: {stderr}");
        assert!(stderr.contains("standard input"), "{stderr}");
    }
}

#[test]
fn punctuation_only_reviews_are_all_neutral_in_reviews_csv() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a.txt"), "!!! ???").unwrap();
    fs::write(input.join("b.txt"), "...").unwrap();
    let out = dir.path().join("out");
    reviewlens()
        .arg("analyze")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    let mut reader = csv::Reader::from_path(out.join("reviews.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let shares = ["positive", "negative", "neutral"].map(column);
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let [pos, neg, neu] = shares.map(|i| record[i].to_string());
        assert_eq!(
            (pos.as_str(), neg.as_str(), neu.as_str()),
            ("0.000", "0.000", "1.000")
        );
        assert_eq!(&record[column("label")], "neutral");
        rows += 1;
    }
    assert_eq!(rows, 2);
}

/// The binary accuracy `eval sentiment` prints last.
fn accuracy(assert: &assert_cmd::assert::Assert) -> f64 {
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    out.lines()
        .last()
        .and_then(|l| l.strip_prefix("binary accuracy "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no accuracy in {out:?}"))
}

#[test]
fn eval_sentiment_cross_validates_with_the_learning_options_given() {
    let dir = TempDir::new().unwrap();
    let input = labeled(dir.path(), 40);
    let eval = |extra: &[&str]| {
        reviewlens()
            .args(["eval", "sentiment"])
            .arg(&input)
            .args(extra)
            .assert()
    };
    // "quibbly" and "florp" tell the labels apart; each fold learns from about 20 reviews, so
    // the default --min-docs 20 keeps neither and --min-docs 2 keeps both.
    let default = eval(&["--folds", "2"]).success();
    let fine = eval(&["--folds", "2", "--min-docs", "2"]).success();
    assert_eq!(accuracy(&fine), 1.0);
    assert!(accuracy(&default) < 1.0, "{}", accuracy(&default));
    let logistic = eval(&["--folds", "2", "--min-docs", "2", "--method", "logistic"]).success();
    assert_eq!(accuracy(&logistic), 1.0);
    // Without --folds nothing is learned: the options are refused rather than ignored.
    for options in [
        &["--min-docs", "2"][..],
        &["--method", "logistic"],
        &["--l2", "1e-4"],
    ] {
        let refused = eval(options).failure().code(2);
        assert!(
            stderr_of(&refused).contains("--folds"),
            "{}",
            stderr_of(&refused)
        );
    }
    // A penalty must be a number above 0.
    eval(&["--folds", "2", "--l2", "0"]).failure().code(2);
}
