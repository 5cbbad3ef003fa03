//! The independent readings of ../shared's development reviews (`tests/gold/agreement/`, scored
//! by `scripts/agreement.py`): every reading names a review of the gold it is measured against,
//! every entity has a kind and surfaces that stand in the review's text as whole words, and the
//! verdict file reads every dev_critics review with a known label and every judged entity. Without
//! `../shared` beside the repository, the tests pass without checking anything (say so on
//! stderr).

mod common;

use common::{root, shared};
use std::collections::HashMap;
use std::path::Path;

const KINDS: [&str; 5] = ["show", "actor", "character", "song", "person"];

/// The documents of a gold JSONL file, by id.
fn gold(path: &Path) -> HashMap<String, serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let d: serde_json::Value = serde_json::from_str(l).unwrap();
            (d["id"].as_str().unwrap().to_string(), d)
        })
        .collect()
}

fn reading(name: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = root().join("tests/gold/agreement").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    match serde_json::from_str(&text).unwrap() {
        serde_json::Value::Object(m) => m,
        other => panic!("{name}: not an object: {other}"),
    }
}

/// True when `surface` occurs in `text` with no letter, digit or underscore right before or
/// after it (as `scripts/imdb_gold.py` finds surfaces).
fn occurs_as_word(text: &str, surface: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(surface).any(|(at, s)| {
        !word(text[..at].chars().next_back()) && !word(text[at + s.len()..].chars().next())
    })
}

fn check_entities(name: &str, gold: &HashMap<String, serde_json::Value>) -> usize {
    let docs = reading(name);
    let mut entities = 0;
    for (id, doc) in &docs {
        let text = gold
            .get(id)
            .unwrap_or_else(|| panic!("{name}: {id} is not in the gold"))["text"]
            .as_str()
            .unwrap();
        for e in doc["entities"].as_array().unwrap() {
            let e = e.as_array().unwrap();
            assert_eq!(e.len(), 4, "{name}: {id}: {e:?}");
            let kind = e[0].as_str().unwrap();
            assert!(KINDS.contains(&kind), "{name}: {id}: kind {kind}");
            assert!(!e[1].as_str().unwrap().is_empty(), "{name}: {id}: {e:?}");
            let surfaces = e[2].as_array().unwrap();
            assert!(!surfaces.is_empty(), "{name}: {id}: {e:?}");
            for s in surfaces {
                let s = s.as_str().unwrap();
                assert!(
                    occurs_as_word(text, s),
                    "{name}: {id}: {s:?} not in the text"
                );
            }
            assert!(e[3].is_object(), "{name}: {id}: {e:?}");
            entities += 1;
        }
    }
    entities
}

#[test]
fn entity_readings_name_gold_reviews_and_surfaces_of_their_texts() {
    let Some(data) = shared("entities/dev_imdb.jsonl") else {
        return;
    };
    let imdb = gold(&data.join("entities/dev_imdb.jsonl"));
    let critics = gold(&data.join("critics/dev_critics.jsonl"));
    assert_eq!(reading("dev_imdb_entities.json").len(), 40);
    assert_eq!(reading("dev_critics_entities.json").len(), 24);
    assert!(check_entities("dev_imdb_entities.json", &imdb) > 300);
    assert!(check_entities("dev_critics_entities.json", &critics) > 150);
}

#[test]
fn the_verdict_reading_covers_every_critics_review_and_judged_entity() {
    let Some(data) = shared("critics/dev_critics.jsonl") else {
        return;
    };
    let critics = gold(&data.join("critics/dev_critics.jsonl"));
    let docs = reading("dev_critics_verdicts.json");
    assert_eq!(docs.len(), critics.len());
    for (id, doc) in &critics {
        let r = docs.get(id).unwrap_or_else(|| panic!("{id}: no reading"));
        let verdict = r["verdict"].as_str().unwrap();
        assert!(
            ["positive", "negative", "mixed", "neutral"].contains(&verdict),
            "{id}: {verdict}"
        );
        let attitudes = r["attitudes"].as_object().unwrap();
        for sign in attitudes.values() {
            assert!(
                ["+", "-", "0"].contains(&sign.as_str().unwrap()),
                "{id}: {sign}"
            );
        }
        for e in doc["entity_sentiment"].as_array().unwrap() {
            let name = e["name"].as_str().unwrap();
            assert!(attitudes.contains_key(name), "{id}: {name} not read");
        }
    }
}
