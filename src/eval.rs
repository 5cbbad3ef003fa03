//! Evaluation against gold data, computing exactly what the project's reference scorers compute
//! (../shared/eval/score_sentiment.py, score_entities.py, score_critics.py), so users measure
//! reviewlens on their own annotated data without Python.
//!
//! The functions here are pure: they take gold records and predictions and return figures.
//! Reading gold files and running the pipeline is done by the caller (the CLI), which checks
//! each gold value with the `parse_*` and `check_*` functions here: a value the reference
//! scorers would misread (a NaN rating, an unknown label, sign or kind, a mention span that is
//! not a span of the text, an id given twice) is a [`GoldError`], never a figure.

use crate::entity::MentionKind;
use crate::sentiment::Label;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// Why a value of a gold file is refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GoldError {
    /// A rating that is not a finite number.
    #[error("rating {0:?} is not a finite number")]
    Rating(String),
    /// A document label other than pos, positive, neg or negative (in any case).
    #[error("label {0:?} is not pos, positive, neg or negative")]
    Label(String),
    /// A critic's verdict other than the four review labels.
    #[error("doc_label {0:?} is not positive, negative, mixed or neutral")]
    Verdict(String),
    /// An attitude sign other than `+` or `-`.
    #[error("sign {sign:?} of {name:?} is not \"+\" or \"-\"")]
    Sign {
        /// The sign given.
        sign: String,
        /// The entity judged.
        name: String,
    },
    /// An entity judgement without a name: it would match every mention.
    #[error("an entity judgement has an empty name")]
    EmptyName,
    /// A mention kind other than show, actor, character, song or person.
    #[error("mention kind {0:?} is not show, actor, character, song or person")]
    Kind(String),
    /// A mention span that is empty, reversed or runs past the end of the text.
    #[error("offsets {start}..{end} are not a span of the text ({chars} characters)")]
    Span {
        /// The start given (a character offset).
        start: u64,
        /// The end given (a character offset).
        end: u64,
        /// The length of the text in characters.
        chars: usize,
    },
    /// A mention whose surface is not the text at its span.
    #[error("surface {surface:?} is not the text at {start}..{end} ({found:?})")]
    Surface {
        /// The start given.
        start: u64,
        /// The end given.
        end: u64,
        /// The surface given.
        surface: String,
        /// The text at `start..end`.
        found: String,
    },
    /// An id already given on an earlier line.
    #[error("id {id:?} is already used at line {first}")]
    DuplicateId {
        /// The id.
        id: String,
        /// The line that used it first.
        first: u64,
    },
}

/// A gold rating: a finite number (leading and trailing white space allowed, as Python's
/// `float` allows it).
pub fn parse_rating(value: &str) -> Result<f64, GoldError> {
    match value.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(GoldError::Rating(value.to_string())),
    }
}

/// A gold document label: true for `pos` or `positive`, false for `neg` or `negative`, in any
/// case (what score_sentiment.py reads right: it takes a label starting with "pos" as positive
/// and any other as negative).
pub fn parse_label(value: &str) -> Result<bool, GoldError> {
    match value.to_lowercase().as_str() {
        "pos" | "positive" => Ok(true),
        "neg" | "negative" => Ok(false),
        _ => Err(GoldError::Label(value.to_string())),
    }
}

/// A critic's verdict: one of the labels reviews.csv writes, exactly as written there (which
/// score_critics.py compares it with).
pub fn parse_verdict(value: &str) -> Result<Label, GoldError> {
    Label::ALL
        .into_iter()
        .find(|l| l.as_str() == value)
        .ok_or_else(|| GoldError::Verdict(value.to_string()))
}

/// A critic's judgement of the entity `name`: true for sign `+`, false for `-`.
pub fn parse_judgement(name: &str, sign: &str) -> Result<Judgement, GoldError> {
    if name.trim().is_empty() {
        return Err(GoldError::EmptyName);
    }
    let positive = match sign {
        "+" => true,
        "-" => false,
        _ => {
            return Err(GoldError::Sign {
                sign: sign.to_string(),
                name: name.to_string(),
            })
        }
    };
    Ok((name.to_string(), positive))
}

/// A gold mention of `text`: its kind must be one reviewlens reports, `start..end` a non-empty
/// span of character offsets within the text and, when given, `surface` the text there.
pub fn check_mention(
    text: &str,
    kind: &str,
    start: u64,
    end: u64,
    surface: Option<&str>,
) -> Result<SpanMention, GoldError> {
    let Some(kind) = MentionKind::parse(kind) else {
        return Err(GoldError::Kind(kind.to_string()));
    };
    let chars = text.chars().count();
    if start >= end || end > chars as u64 {
        return Err(GoldError::Span { start, end, chars });
    }
    let (start_at, end_at) = (start as usize, end as usize);
    if let Some(surface) = surface {
        let found: String = text
            .chars()
            .skip(start_at)
            .take(end_at - start_at)
            .collect();
        if found != surface {
            return Err(GoldError::Surface {
                start,
                end,
                surface: surface.to_string(),
                found,
            });
        }
    }
    Ok((kind.as_str().to_string(), start_at, end_at))
}

/// The ids of a gold file seen so far, to refuse an id given twice (its documents would be
/// scored against each other's predictions).
#[derive(Clone, Debug, Default)]
pub struct UniqueIds {
    lines: HashMap<String, u64>,
}

impl UniqueIds {
    /// Records `id`, given at `line`; an id already recorded is an error naming its first line.
    pub fn insert(&mut self, id: &str, line: u64) -> Result<(), GoldError> {
        match self.lines.get(id) {
            Some(&first) => Err(GoldError::DuplicateId {
                id: id.to_string(),
                first,
            }),
            None => {
                self.lines.insert(id.to_string(), line);
                Ok(())
            }
        }
    }
}

/// Pearson correlation of two equally long series (0 when either is constant).
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n < 2 {
        return 0.0;
    }
    let mean = |v: &[f64]| v[..n].iter().sum::<f64>() / n as f64;
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (dx, dy) = (x[i] - mx, y[i] - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Figures for gold ratings on -4..4 (the VADER ground-truth format).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RatingScores {
    /// Gold documents.
    pub documents: usize,
    /// Gold documents without a prediction (scored as compound 0).
    pub missing: usize,
    /// 3-class accuracy (gold: > 0.5 positive, < -0.5 negative; predicted: compound >= 0.05
    /// positive, <= -0.05 negative; else neutral).
    pub accuracy: f64,
    /// Macro-averaged F1 over the three classes.
    pub macro_f1: f64,
    /// Pearson correlation of rating and compound.
    pub pearson: f64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Pos,
    Neg,
    Neu,
}

fn class(x: f64, lo: f64, hi: f64) -> Class {
    if x >= hi {
        Class::Pos
    } else if x <= lo {
        Class::Neg
    } else {
        Class::Neu
    }
}

/// Scores predictions against gold ratings; `predicted` maps id to compound.
pub fn score_ratings(gold: &[(String, f64)], predicted: &HashMap<String, f64>) -> RatingScores {
    let g: Vec<f64> = gold.iter().map(|(_, r)| *r).collect();
    let p: Vec<f64> = gold
        .iter()
        .map(|(id, _)| predicted.get(id).copied().unwrap_or(0.0))
        .collect();
    let gc: Vec<Class> = g.iter().map(|&x| class(x, -0.5, 0.5001)).collect();
    let pc: Vec<Class> = p.iter().map(|&x| class(x, -0.05, 0.05)).collect();
    let n = gold.len().max(1) as f64;
    let accuracy = gc.iter().zip(&pc).filter(|(a, b)| a == b).count() as f64 / n;
    let f1 = |c: Class| {
        let tp = gc
            .iter()
            .zip(&pc)
            .filter(|(a, b)| **a == c && **b == c)
            .count() as f64;
        let n_p = pc.iter().filter(|&&x| x == c).count() as f64;
        let n_g = gc.iter().filter(|&&x| x == c).count() as f64;
        let precision = if n_p > 0.0 { tp / n_p } else { 0.0 };
        let recall = if n_g > 0.0 { tp / n_g } else { 0.0 };
        if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        }
    };
    RatingScores {
        documents: gold.len(),
        missing: gold
            .iter()
            .filter(|(id, _)| !predicted.contains_key(id))
            .count(),
        accuracy,
        macro_f1: (f1(Class::Pos) + f1(Class::Neg) + f1(Class::Neu)) / 3.0,
        pearson: pearson(&g, &p),
    }
}

impl fmt::Display for RatingScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "documents {} (missing from predictions: {})",
            self.documents, self.missing
        )?;
        writeln!(
            f,
            "3-class accuracy {:.3}, macro-F1 {:.3}",
            self.accuracy, self.macro_f1
        )?;
        write!(f, "pearson r {:.3}", self.pearson)
    }
}

/// Figures for gold pos/neg labels (the IMDB format).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelScores {
    /// Gold documents.
    pub documents: usize,
    /// Gold documents without a prediction (scored as wrong).
    pub missing: usize,
    /// Share of documents where compound >= 0 agrees with a label starting with "pos".
    pub accuracy: f64,
}

/// Scores predictions against gold labels; `predicted` maps id to compound.
pub fn score_labels(gold: &[(String, String)], predicted: &HashMap<String, f64>) -> LabelScores {
    let right = gold
        .iter()
        .filter(|(id, label)| {
            predicted
                .get(id)
                .is_some_and(|&c| (c >= 0.0) == label.to_lowercase().starts_with("pos"))
        })
        .count();
    LabelScores {
        documents: gold.len(),
        missing: gold
            .iter()
            .filter(|(id, _)| !predicted.contains_key(id))
            .count(),
        accuracy: right as f64 / gold.len().max(1) as f64,
    }
}

impl fmt::Display for LabelScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "documents {} (missing from predictions: {})",
            self.documents, self.missing
        )?;
        write!(f, "binary accuracy {:.3}", self.accuracy)
    }
}

/// One mention for entity scoring: kind and character span.
pub type SpanMention = (String, usize, usize);

/// Precision, recall and F1 of one kind, strict (same span) and lenient (overlapping spans).
#[derive(Clone, Debug, PartialEq)]
pub struct KindScores {
    /// The kind, as written in gold files.
    pub kind: String,
    /// Gold mentions of this kind.
    pub gold: usize,
    /// Predicted mentions of this kind.
    pub predicted: usize,
    /// (precision, recall, F1) with exact spans.
    pub strict: (f64, f64, f64),
    /// (precision, recall, F1) with overlapping spans.
    pub lenient: (f64, f64, f64),
}

/// Per-kind figures and the macro lenient F1 over the kinds asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityScores {
    /// One row per kind (gold kinds and asked kinds, sorted).
    pub kinds: Vec<KindScores>,
    /// The kinds the macro average is over.
    pub macro_kinds: Vec<String>,
    /// Mean lenient F1 over `macro_kinds`.
    pub macro_lenient_f1: f64,
}

fn prf(
    gold: &HashMap<String, Vec<SpanMention>>,
    pred: &HashMap<String, Vec<SpanMention>>,
    kind: &str,
    lenient: bool,
) -> (usize, usize, (f64, f64, f64)) {
    let hit = |a: &SpanMention, b: &SpanMention| {
        if lenient {
            a.1 < b.2 && b.1 < a.2
        } else {
            a.1 == b.1 && a.2 == b.2
        }
    };
    let (mut tp_g, mut tp_p, mut n_g, mut n_p) = (0, 0, 0, 0);
    let empty = Vec::new();
    for (id, g_all) in gold {
        let g: Vec<&SpanMention> = g_all.iter().filter(|m| m.0 == kind).collect();
        let p: Vec<&SpanMention> = pred
            .get(id)
            .unwrap_or(&empty)
            .iter()
            .filter(|m| m.0 == kind)
            .collect();
        n_g += g.len();
        n_p += p.len();
        tp_g += g.iter().filter(|x| p.iter().any(|y| hit(x, y))).count();
        tp_p += p.iter().filter(|y| g.iter().any(|x| hit(y, x))).count();
    }
    let precision = if n_p > 0 {
        tp_p as f64 / n_p as f64
    } else {
        0.0
    };
    let recall = if n_g > 0 {
        tp_g as f64 / n_g as f64
    } else {
        0.0
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (n_g, n_p, (precision, recall, f1))
}

/// Where the gold mentions of each kind went, and where the predictions came from: for each gold
/// mention, the kind of the prediction overlapping it most (`-` for none); for each prediction
/// overlapping no gold mention, `spurious`. Rows are gold kinds, columns predicted kinds.
pub fn entity_confusion(
    gold: &HashMap<String, Vec<SpanMention>>,
    pred: &HashMap<String, Vec<SpanMention>>,
) -> String {
    let kinds = ["show", "actor", "character", "song", "person"];
    let col = |k: &str| kinds.iter().position(|x| *x == k).unwrap_or(kinds.len());
    let mut table = [[0usize; 6]; 6];
    let empty = Vec::new();
    for (id, g) in gold {
        let p = pred.get(id).unwrap_or(&empty);
        let overlap = |a: &SpanMention, b: &SpanMention| a.2.min(b.2).saturating_sub(a.1.max(b.1));
        for gm in g {
            let best = p
                .iter()
                .filter(|pm| overlap(gm, pm) > 0)
                .max_by_key(|pm| overlap(gm, pm));
            table[col(&gm.0)][best.map_or(kinds.len(), |pm| col(&pm.0))] += 1;
        }
        for pm in p {
            if !g.iter().any(|gm| overlap(gm, pm) > 0) {
                table[kinds.len()][col(&pm.0)] += 1;
            }
        }
    }
    let mut out = format!("{:<10}", "gold\\pred");
    for k in kinds.iter().chain(&["-"]) {
        out.push_str(&format!(" {k:>9}"));
    }
    for (r, row) in table.iter().enumerate() {
        out.push('\n');
        out.push_str(&format!(
            "{:<10}",
            kinds.get(r).copied().unwrap_or("spurious")
        ));
        for n in row {
            out.push_str(&format!(" {n:>9}"));
        }
    }
    out
}

/// Scores predicted mentions against gold mentions, both keyed by document id. Predictions for
/// documents not in gold are ignored.
pub fn score_entities(
    gold: &HashMap<String, Vec<SpanMention>>,
    pred: &HashMap<String, Vec<SpanMention>>,
    macro_kinds: &[String],
) -> EntityScores {
    let mut all: BTreeSet<String> = gold.values().flatten().map(|m| m.0.clone()).collect();
    all.extend(macro_kinds.iter().cloned());
    let kinds: Vec<KindScores> = all
        .into_iter()
        .map(|kind| {
            let (g, p, strict) = prf(gold, pred, &kind, false);
            let (_, _, lenient) = prf(gold, pred, &kind, true);
            KindScores {
                kind,
                gold: g,
                predicted: p,
                strict,
                lenient,
            }
        })
        .collect();
    let f1s: Vec<f64> = kinds
        .iter()
        .filter(|k| macro_kinds.contains(&k.kind))
        .map(|k| k.lenient.2)
        .collect();
    EntityScores {
        macro_lenient_f1: f1s.iter().sum::<f64>() / f1s.len().max(1) as f64,
        macro_kinds: macro_kinds.to_vec(),
        kinds,
    }
}

impl fmt::Display for EntityScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<10} {:>5} {:>5}  strict P/R/F1        lenient P/R/F1",
            "kind", "gold", "pred"
        )?;
        for k in &self.kinds {
            let (s, l) = (k.strict, k.lenient);
            writeln!(
                f,
                "{:<10} {:>5} {:>5}  {:.2} {:.2} {:.2}      {:.2} {:.2} {:.2}",
                k.kind, k.gold, k.predicted, s.0, s.1, s.2, l.0, l.1, l.2
            )?;
        }
        write!(
            f,
            "macro lenient F1 over {}: {:.3}",
            self.macro_kinds.join(","),
            self.macro_lenient_f1
        )
    }
}

/// The default kinds of the macro average.
pub fn default_macro_kinds() -> Vec<String> {
    [MentionKind::Show, MentionKind::Actor, MentionKind::Song]
        .iter()
        .map(|k| k.as_str().to_string())
        .collect()
}

/// A critic's judgement of one entity: its name and sign (true for "+").
pub type Judgement = (String, bool);

/// Verdict and attitude agreement on critics' reviews (score_critics.py).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CriticScores {
    /// Reviews.
    pub reviews: usize,
    /// Entity judgements.
    pub judgements: usize,
    /// Judgements whose entity was found among the mentions.
    pub found: usize,
    /// Share of reviews whose label equals the critic's verdict.
    pub verdict: f64,
    /// Share of judgements whose entity's mean mention compound has the critic's sign.
    pub attitude: f64,
}

/// A predicted mention for critic scoring: canonical name, surface, compound.
pub type NamedMention = (String, String, f64);

/// A name as the critics' scorer compares names: lowercased, typographic apostrophes folded.
pub fn fold(s: &str) -> String {
    s.to_lowercase().replace('\u{2019}', "'")
}

/// What a judged name is looked for in, for a mention named `name` with text `surface`: a
/// judgement names the mention when its [`fold`]ed name is part of this.
pub fn mention_key(name: &str, surface: &str) -> String {
    fold(&format!("{name} {surface}"))
}

/// What became of one critic's judgement of an entity.
#[derive(Clone, Debug, PartialEq)]
pub struct JudgementOutcome<'g> {
    /// The review's id.
    pub id: &'g str,
    /// The critic's verdict of the review.
    pub verdict: &'g str,
    /// The judged name.
    pub name: &'g str,
    /// The critic's sign: true for positive.
    pub positive: bool,
    /// The mentions the name was found in.
    pub mentions: usize,
    /// Their mean compound, when it was found.
    pub mean: Option<f64>,
}

impl JudgementOutcome<'_> {
    /// True when the entity was found and its mean compound has the critic's sign (beyond
    /// ±0.05).
    pub fn right(&self) -> bool {
        match self.mean {
            Some(m) => (self.positive && m > 0.05) || (!self.positive && m < -0.05),
            None => false,
        }
    }
}

/// Each judgement of `gold` (reviews as (id, verdict, judgements)) against the mentions: a
/// judged name is found in the mentions whose [`mention_key`] holds its [`fold`]ed name, as
/// score_critics.py finds it.
pub fn judge<'g>(
    gold: &'g [(String, String, Vec<Judgement>)],
    mentions: &HashMap<String, Vec<NamedMention>>,
) -> Vec<JudgementOutcome<'g>> {
    let empty = Vec::new();
    let mut out = Vec::new();
    for (id, verdict, judgements) in gold {
        for (name, positive) in judgements {
            let key = fold(name);
            let hits: Vec<f64> = mentions
                .get(id)
                .unwrap_or(&empty)
                .iter()
                .filter(|(n, s, _)| mention_key(n, s).contains(&key))
                .map(|m| m.2)
                .collect();
            out.push(JudgementOutcome {
                id,
                verdict,
                name,
                positive: *positive,
                mentions: hits.len(),
                mean: (!hits.is_empty()).then(|| hits.iter().sum::<f64>() / hits.len() as f64),
            });
        }
    }
    out
}

/// Scores labels and mention compounds against critics' verdicts and judgements. Each gold
/// review is (id, verdict, judgements).
pub fn score_critics(
    gold: &[(String, String, Vec<Judgement>)],
    labels: &HashMap<String, String>,
    mentions: &HashMap<String, Vec<NamedMention>>,
) -> CriticScores {
    let right_label = gold
        .iter()
        .filter(|(id, verdict, _)| labels.get(id) == Some(verdict))
        .count();
    let outcomes = judge(gold, mentions);
    let total = outcomes.len();
    let found = outcomes.iter().filter(|o| o.mean.is_some()).count();
    let right = outcomes.iter().filter(|o| o.right()).count();
    CriticScores {
        reviews: gold.len(),
        judgements: total,
        found,
        verdict: right_label as f64 / gold.len().max(1) as f64,
        attitude: if total > 0 {
            right as f64 / total as f64
        } else {
            0.0
        },
    }
}

impl fmt::Display for CriticScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "reviews {}, judgements {}, entities found {}",
            self.reviews, self.judgements, self.found
        )?;
        write!(
            f,
            "verdict {:.3} attitude {:.3}",
            self.verdict, self.attitude
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids<T: Clone>(v: &[(&str, T)]) -> Vec<(String, T)> {
        v.iter()
            .map(|(id, x)| (id.to_string(), x.clone()))
            .collect()
    }

    #[test]
    fn gold_ratings_and_labels_are_what_the_reference_scorer_reads_right() {
        assert_eq!(parse_rating(" -2.5 "), Ok(-2.5));
        for bad in ["NaN", "nan", "inf", "-inf", "1e400", "", "high"] {
            assert_eq!(parse_rating(bad), Err(GoldError::Rating(bad.into())));
        }
        for (label, positive) in [("pos", true), ("Positive", true), ("NEG", false)] {
            assert_eq!(parse_label(label), Ok(positive), "{label}");
        }
        for bad in ["", "1", "0", "neutral", " pos", "posit"] {
            assert_eq!(parse_label(bad), Err(GoldError::Label(bad.into())));
        }
    }

    #[test]
    fn gold_verdicts_and_signs_are_the_ones_the_reports_and_scorer_use() {
        assert_eq!(parse_verdict("mixed"), Ok(Label::Mixed));
        assert!(parse_verdict("Mixed").is_err());
        assert!(parse_verdict("great").is_err());
        assert_eq!(parse_judgement("Lara", "-"), Ok(("Lara".into(), false)));
        assert!(matches!(
            parse_judgement("Lara", "?"),
            Err(GoldError::Sign { .. })
        ));
        assert_eq!(parse_judgement(" ", "+"), Err(GoldError::EmptyName));
    }

    #[test]
    fn gold_mentions_must_be_spans_of_the_text_in_characters() {
        let text = "Zoë Kravitz in Big Little Lies";
        assert_eq!(
            check_mention(text, "actor", 0, 11, Some("Zoë Kravitz")),
            Ok(("actor".into(), 0, 11))
        );
        assert_eq!(
            check_mention(text, "show", 15, 30, None),
            Ok(("show".into(), 15, 30))
        );
        for (start, end) in [(15, 31), (11, 0), (4, 4)] {
            assert_eq!(
                check_mention(text, "show", start, end, None),
                Err(GoldError::Span {
                    start,
                    end,
                    chars: 30
                })
            );
        }
        assert!(matches!(
            check_mention(text, "show", 15, 18, Some("Big Little")),
            Err(GoldError::Surface { .. })
        ));
        assert_eq!(
            check_mention(text, "film", 15, 30, None),
            Err(GoldError::Kind("film".into()))
        );
    }

    #[test]
    fn an_id_given_twice_names_its_first_line() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.insert("a", 2), Ok(()));
        assert_eq!(ids.insert("b", 3), Ok(()));
        assert_eq!(
            ids.insert("a", 7),
            Err(GoldError::DuplicateId {
                id: "a".into(),
                first: 2
            })
        );
    }

    #[test]
    fn pearson_of_a_line_is_one_and_of_a_constant_is_zero() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[1.0, 1.0, 1.0]), 0.0);
    }

    #[test]
    fn ratings_use_the_reference_class_thresholds() {
        let gold = ids(&[("a", 2.0), ("b", -2.0), ("c", 0.5), ("d", 0.0)]);
        let pred: HashMap<String, f64> = ids(&[("a", 0.5), ("b", -0.05), ("c", 0.04)])
            .into_iter()
            .collect();
        let s = score_ratings(&gold, &pred);
        // a pos/pos, b neg/neg, c neu (0.5 is not > 0.5001)/neu, d neu/missing->0->neu.
        assert_eq!(s.accuracy, 1.0);
        assert_eq!(s.missing, 1);
        assert!((s.macro_f1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn labels_count_zero_as_positive_and_missing_as_wrong() {
        let gold = ids(&[
            ("a", "pos".to_string()),
            ("b", "neg".to_string()),
            ("c", "pos".to_string()),
        ]);
        let pred: HashMap<String, f64> = ids(&[("a", 0.0), ("b", 0.2)]).into_iter().collect();
        let s = score_labels(&gold, &pred);
        assert!((s.accuracy - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn entity_scores_are_strict_on_spans_and_lenient_on_overlaps() {
        let m = |k: &str, s, e| (k.to_string(), s, e);
        let gold: HashMap<_, _> =
            [("d".to_string(), vec![m("show", 0, 10), m("actor", 20, 30)])].into();
        let pred: HashMap<_, _> = [(
            "d".to_string(),
            vec![m("show", 0, 10), m("actor", 22, 30), m("song", 40, 45)],
        )]
        .into();
        let s = score_entities(&gold, &pred, &default_macro_kinds());
        let row = |k: &str| s.kinds.iter().find(|r| r.kind == k).unwrap().clone();
        assert_eq!(row("show").strict, (1.0, 1.0, 1.0));
        assert_eq!(row("actor").strict.2, 0.0);
        assert_eq!(row("actor").lenient.2, 1.0);
        assert_eq!(row("song").predicted, 1);
        assert_eq!(row("song").lenient.2, 0.0);
        assert!((s.macro_lenient_f1 - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn critic_attitude_matches_names_inside_mentions_with_folded_apostrophes() {
        let gold = vec![(
            "r".to_string(),
            "mixed".to_string(),
            vec![("O'Brien".to_string(), true), ("Nobody".to_string(), false)],
        )];
        let labels: HashMap<_, _> = [("r".to_string(), "mixed".to_string())].into();
        let mentions: HashMap<_, _> = [(
            "r".to_string(),
            vec![("Nellie O’Brien".to_string(), "O’Brien".to_string(), 0.4)],
        )]
        .into();
        let s = score_critics(&gold, &labels, &mentions);
        assert_eq!((s.verdict, s.attitude, s.found), (1.0, 0.5, 1));
    }

    #[test]
    fn each_judgement_says_what_became_of_it() {
        let gold = vec![(
            "r".to_string(),
            "negative".to_string(),
            vec![
                ("Ada".to_string(), true),
                ("Bo".to_string(), false),
                ("Cy".to_string(), false),
                ("Dee".to_string(), true),
            ],
        )];
        let mention = |name: &str, c: f64| (name.to_string(), name.to_string(), c);
        let mentions: HashMap<_, _> = [(
            "r".to_string(),
            vec![
                mention("Ada", 0.5),
                mention("Ada", -0.2),
                mention("Bo", 0.3),
                mention("Cy", -0.04),
            ],
        )]
        .into();
        let got: Vec<_> = judge(&gold, &mentions)
            .iter()
            .map(|o| {
                (
                    o.name,
                    o.mentions,
                    o.mean.map(|m| (m * 100.0).round()),
                    o.right(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Ada", 2, Some(15.0), true),
                ("Bo", 1, Some(30.0), false),
                // Within ±0.05: no sign, so wrong either way.
                ("Cy", 1, Some(-4.0), false),
                ("Dee", 0, None, false),
            ]
        );
    }
}
