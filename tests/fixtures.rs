//! Hand-checked fixtures, tokei style: each `tests/fixtures/NAME.txt` review has a
//! `NAME.expected.csv` beside it listing, in text order, every mention a careful reader would
//! annotate (kind, canonical name, surface, character offsets, role). The expected files were
//! written and checked by hand against the text, not copied from the tool's output.

use assert_cmd::Command;
use std::path::Path;

type MentionRow = (String, String, String, String, String, String);

fn rows(path: &Path, columns: [&str; 6]) -> Vec<MentionRow> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let index: Vec<usize> = columns
        .iter()
        .map(|c| headers.iter().position(|h| h == *c).unwrap())
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let cell = |i: usize| r[index[i]].to_string();
            (cell(0), cell(1), cell(2), cell(3), cell(4), cell(5))
        })
        .collect()
}

#[test]
fn fixtures_give_their_hand_checked_mentions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for review in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let expected_path = review.with_extension("expected.csv");
        let out = tempfile::tempdir().unwrap();
        Command::cargo_bin("reviewlens")
            .unwrap()
            .arg("analyze")
            .arg(review)
            .arg("-o")
            .arg(out.path())
            .arg("-q")
            .assert()
            .success();
        let columns = ["kind", "name", "surface", "start", "end", "role"];
        let found = rows(&out.path().join("mentions.csv"), columns);
        let expected = rows(&expected_path, columns);
        assert_eq!(found, expected, "{}", review.display());
        checked += 1;
    }
    assert!(checked >= 1);
}
