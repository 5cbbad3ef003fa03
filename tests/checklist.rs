//! CheckList tables (tests/checklist/README.md): each item's text analyzed by the default
//! pipeline, its review compound or its target person's mean mention compound compared with the
//! expected sign. Each table is scored twice: by the mention rules alone (`--attitude none`,
//! what the attitude model reads) and by the default pipeline, whose attitude model decides most
//! mentions; each error rate must stay under its floor. `-- --nocapture` prints the errors by
//! family.

use reviewlens::pipeline::{Encoding, Pipeline, Scratch};
use reviewlens::Doc;
use std::collections::BTreeMap;

/// One table's items that came out wrong under `pipeline`, by family, and its number of items.
fn errors(
    table: &str,
    pipeline: &Pipeline,
) -> (BTreeMap<String, (usize, usize)>, Vec<String>, usize) {
    let path = format!("{}/tests/checklist/{table}", env!("CARGO_MANIFEST_DIR"));
    let data = std::fs::read_to_string(&path).unwrap();
    let mut scratch = Scratch::new();
    let mut by_family: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut total = 0;
    for (n, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "{path}:{}: {line:?}", n + 1);
        let (family, text, target, sign) = (fields[0], fields[1], fields[2], fields[3]);
        let a = pipeline.analyze(
            Doc::new("t", "checklist", text),
            Encoding::Utf8,
            &mut scratch,
        );
        let compound = if target == "review" {
            Some(a.review.polarity.compound)
        } else {
            let hits: Vec<f64> = a
                .mentions
                .iter()
                .filter(|m| target.contains(&*m.mention.name) || m.mention.name.contains(target))
                .map(|m| m.compound)
                .collect();
            (!hits.is_empty()).then(|| hits.iter().sum::<f64>() / hits.len() as f64)
        };
        let right = match (sign, compound) {
            ("+", Some(c)) => c > 0.05,
            ("-", Some(c)) => c < -0.05,
            ("0", Some(c)) => c.abs() <= 0.05,
            (_, None) => false,
            _ => panic!("{path}:{}: sign {sign:?}", n + 1),
        };
        let entry = by_family.entry(family.to_string()).or_default();
        entry.1 += 1;
        total += 1;
        if !right {
            entry.0 += 1;
            wrong.push(format!(
                "{family:12} {sign} {compound:+.2?} {text} [{target}]"
            ));
        }
    }
    (by_family, wrong, total)
}

/// Checks `table` under the mention rules alone against `rules_floor` and under the default
/// pipeline (its attitude model) against `model_floor`.
fn check(table: &str, rules_floor: f64, model_floor: f64) {
    let mut rules = Pipeline::new();
    rules.scorer = rules.scorer.with_attitude(None);
    check_with(table, "the mention rules", &rules, rules_floor);
    check_with(table, "the attitude model", &Pipeline::new(), model_floor);
}

fn check_with(table: &str, what: &str, pipeline: &Pipeline, floor: f64) {
    let (by_family, wrong, total) = errors(table, pipeline);
    let families: Vec<String> = by_family
        .iter()
        .map(|(f, (w, n))| format!("{f} {w}/{n}"))
        .collect();
    let rate = wrong.len() as f64 / total as f64;
    eprintln!(
        "{table}, {what}: wrong {}/{total} = {rate:.2} (floor {floor}): {}",
        wrong.len(),
        families.join(", ")
    );
    for w in &wrong {
        eprintln!("  {w}");
    }
    assert!(
        rate <= floor,
        "{table}, {what}: {rate:.2} of the items wrong"
    );
}

#[test]
fn developer_table() {
    // In-sample: the rules were written against it (0.41 wrong before them, 0.11 after).
    check("dev.tsv", 0.15, 0.15);
}

#[test]
fn first_held_out_table() {
    // 0.49 wrong at first look, 0.43 after the rules (then read: no longer held out); 0.39
    // once "the only reason" and the comparisons were read.
    check("heldout.tsv", 0.42, 0.42);
}

#[test]
fn final_held_out_table() {
    // Scored only once the rules were done: 0.36 wrong, 0.37 with the code before them.
    check("final.tsv", 0.40, 0.40);
}

#[test]
fn comparisons_developer_table() {
    // Written by a separate writer, scored at first look (0.55 wrong), then read while the
    // comparison rule was written: in-sample.
    check("comparisons_dev.tsv", 0.52, 0.52);
}

#[test]
fn comparisons_final_table() {
    // By another writer; scored only once the "than" rule was done: 0.68 wrong with the code
    // before it, 0.62 with it (most of the rest compare without "than"); then read while the
    // rules for verbs and phrases were written (0.42 after them): in-sample since.
    check("comparisons_final.tsv", 0.45, 0.45);
}

#[test]
fn comparisons_third_table() {
    // By a third writer, never read: 0.70 wrong before the comparison rules, 0.46 with the
    // verbs and phrases, 0.44 once "than" took its comparative's sign. Its titles are all
    // invented, so the typer decides them on shape and context alone, near the edge between
    // show and none for a quoted title with a comma inside its quotes: relearning the typer
    // with list neighbours' kinds (2026-12-05; cross-validated 0.796 to 0.798) left three of
    // them unfound and took the table from 24 wrong to 25; relearning it with IMDB batches 48
    // to 51 (2026-12-05, late; cross-validated 0.803 to 0.807) took both counts, the mention
    // rules' and the model's, from 25 to 26 (the rules are the same: only the typer's
    // decisions changed). The known titles and casts (2026-12-06; cross-validated 0.808 to
    // 0.814) left "The Quiet Ledger," unfound (none -1.29 against show -1.30): 27. The known
    // names' words (later that day) found it and three more: 22 for the rules and 23 for the
    // model, so the floor is back where it was.
    check("comparisons_third.tsv", 0.52, 0.52);
}

#[test]
fn wasted_performers_table() {
    // By a separate writer, never read: 0.42 wrong with the code of the morning of 2026-12-04,
    // 0.45 before the words for unused performers ("barely registers", "short shrift",
    // "sidelined", "stranded"), 0.38 after them. The attitude model (2026-12-05), learned from
    // real reviews where attitudes mostly follow the review's verdict, reads the mildly worded
    // criticism of a performer in a praised film through the praise: 0.42 (the rules: 0.35).
    check("wasted_final.tsv", 0.40, 0.45);
}

#[test]
fn genre_effect_table() {
    // By a separate writer, a brief on the feelings a film evokes (terrifying, eerie, dread,
    // tense, heartbreaking) as praise, as irony and as plot: 22 wrong at first look (0.44).
    // Those words given no valence, as the learned weights suggested, made it 24 (a praise
    // word at 0 is no praise, and the ironic uses lost their sign), so they keep VADER's.
    check("genre_effect.tsv", 0.46, 0.48);
}
