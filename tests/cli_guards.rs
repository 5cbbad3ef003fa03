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
