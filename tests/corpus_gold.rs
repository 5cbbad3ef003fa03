//! The hand-annotated gold of the shipped corpus (`tests/gold/`): it stays in step with the
//! reviews, and `reviewlens eval entities` on it stays above floors just under the current
//! figures (a drop means an entity rule got worse on reviews like ours).

mod common;

use common::root;

use assert_cmd::Command;
use std::collections::HashMap;

const GOLD: &str = "tests/gold/corpus_entities.jsonl";

#[test]
fn the_gold_matches_the_corpus_and_its_offsets_slice_the_text() {
    let data = std::fs::read_to_string(root().join(GOLD)).unwrap();
    let mut reviews = 0;
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = doc["id"].as_str().unwrap();
        let text = doc["text"].as_str().unwrap();
        let file = std::fs::read_to_string(root().join("corpus").join(id)).unwrap();
        assert_eq!(text, file, "{id}: the gold text is not the corpus file");
        common::check_spans(&doc, id);
        reviews += 1;
    }
    assert!(reviews >= 30, "{reviews} annotated reviews");
}

/// Per kind: (strict F1, lenient F1) from `reviewlens eval entities`.
fn scores() -> HashMap<String, (f64, f64)> {
    let out = Command::cargo_bin("reviewlens")
        .unwrap()
        .current_dir(root())
        .args(["eval", "entities", GOLD])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    // kind gold pred sP sR sF lP lR lF
    report
        .lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            (f.len() == 9).then(|| {
                let n = |i: usize| f[i].parse::<f64>().ok();
                Some((f[0].to_string(), (n(5)?, n(8)?)))
            })?
        })
        .collect()
}

#[test]
fn entities_of_the_corpus_gold_stay_above_their_floors() {
    let scores = scores();
    // (kind, strict floor, lenient floor)
    let floors = [
        ("show", 0.60, 0.70),
        ("actor", 0.80, 0.80),
        ("song", 0.70, 0.70),
        ("character", 0.73, 0.76),
        ("person", 0.80, 0.80),
    ];
    for (kind, strict, lenient) in floors {
        let (s, l) = scores[kind];
        eprintln!("{kind}: strict F1 {s:.2}, lenient F1 {l:.2}");
        assert!(s >= strict && l >= lenient, "{kind}: {s:.2} / {l:.2}");
    }
}
