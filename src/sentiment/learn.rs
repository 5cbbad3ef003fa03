//! Learning term weights from labelled reviews: `reviewlens lexicon learn`, which also made the
//! shipped `imdb_weights.tsv` (`--holdout`, see README) and `critic_weights.tsv` (all of
//! critic_polarity_dev.csv; `reviewlens eval sentiment --folds` cross-validates it).
//!
//! The weights are naive-Bayes log-count ratios (Wang & Manning, 2012): for each term `t`
//! (a lowercase word or number, or a bigram of two such tokens with no punctuation between them,
//! exactly the terms the scorer looks up), with `p_t` and `q_t` the number of positive and
//! negative reviews containing it plus a smoothing `α`,
//! `r_t = ln((p_t / Σp) / (q_t / Σq))`. Terms found in fewer than `min_docs` reviews are
//! dropped, and the `max_terms` strongest are kept, ranked by `|r_t| × ln(docs_t)` so that
//! frequent evidence wins over rare extremes. Markup such as `<br />` is removed first.
//!
//! Train/held-out split: [`is_held_out`] puts a fixed fifth of the ids aside (FNV-1a hash of the
//! id, mod 5 = 0), so figures on the other four fifths are never measured on training data.

use super::lexicon::PAIR_BOOSTS;
use super::rules::is_rule_word;
use crate::hash::{pair_key, term_key, KeyMap};
use crate::tokenize::{TokenKind, Tokenizer, Tokens};
use std::borrow::Cow;
use std::io::Write;

/// Settings of [`learn_lexicon`].
#[derive(Clone, Debug, PartialEq)]
pub struct LearnOptions {
    /// Drop terms found in fewer reviews than this.
    pub min_docs: u32,
    /// Keep at most this many terms.
    pub max_terms: usize,
    /// Additive smoothing of the document counts.
    pub smoothing: f64,
    /// Learn bigrams as well as single words.
    pub bigrams: bool,
}

impl Default for LearnOptions {
    fn default() -> LearnOptions {
        LearnOptions {
            min_docs: 20,
            max_terms: 12_000,
            smoothing: 1.0,
            bigrams: true,
        }
    }
}

/// True for the fifth of ids held out of learning (FNV-1a of the id, mod 5 = 0).
pub fn is_held_out(id: &str) -> bool {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in id.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h.is_multiple_of(5)
}

/// The text with HTML line breaks (`<br />`, `<br/>`, `<br>`) replaced by spaces.
pub fn strip_markup(text: &str) -> Cow<'_, str> {
    if !text.contains("<br") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("<br") {
        out.push_str(&rest[..pos]);
        let after = &rest[pos..];
        match after.find('>') {
            Some(end) if end <= 6 => {
                out.push(' ');
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("<br");
                rest = &after[3..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Calls `f(key, text)` for every term of a tokenized text: each word or number, and each pair
/// of adjacent ones (when `bigrams`). Words the rules own (negators, contrast words, modals:
/// [`is_rule_word`]) and pairs holding one, or that the rules treat as boosters ("at all"), are
/// left out: the rules account for them.
fn for_each_term(tokens: &Tokens, bigrams: bool, mut f: impl FnMut(u64, &dyn Fn() -> String)) {
    for s in 0..tokens.sentences().len() {
        let mut prev: Option<(u64, &str, bool)> = None;
        for t in tokens.sentence_tokens(s) {
            if !matches!(t.kind, TokenKind::Word | TokenKind::Number) {
                prev = None;
                continue;
            }
            let lower = tokens.lower(t);
            let key = term_key(lower);
            let owned = is_rule_word(lower);
            if !owned {
                f(key, &|| lower.to_string());
            }
            if let (true, Some((pk, pl, prev_owned))) = (bigrams, prev) {
                let booster = PAIR_BOOSTS.iter().any(|(a, b, _)| *a == pl && *b == lower);
                if !owned && !prev_owned && !booster {
                    f(pair_key(pk, key), &|| format!("{pl} {lower}"));
                }
            }
            prev = Some((key, lower, owned));
        }
    }
}

/// What [`learn_terms`] found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Learned {
    /// `(term, weight)` sorted by term, as [`learn_lexicon`] returns them.
    pub weights: Vec<(String, f32)>,
    /// Terms found in at least `min_docs` reviews, before `max_terms` and before weights that
    /// round to 0 are dropped: 0 says `min_docs` is too high for these reviews.
    pub frequent_terms: usize,
}

/// Learns term weights from `(text, is_positive)` reviews. Returns `(term, weight)` sorted by
/// term; a bigram's term is its two words separated by one space.
pub fn learn_lexicon<'a>(
    rows: impl IntoIterator<Item = (&'a str, bool)>,
    options: &LearnOptions,
) -> Vec<(String, f32)> {
    learn_terms(rows, options).weights
}

/// [`learn_lexicon`], also counting the terms frequent enough to weigh.
pub fn learn_terms<'a>(
    rows: impl IntoIterator<Item = (&'a str, bool)>,
    options: &LearnOptions,
) -> Learned {
    let tokenizer = Tokenizer::new();
    let mut tokens = Tokens::new();
    let mut ids: KeyMap<u32> = KeyMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<[u32; 2]> = Vec::new();
    let mut doc_terms: Vec<u32> = Vec::new();
    let mut docs = [0u32; 2];
    for (text, positive) in rows {
        let text = strip_markup(text);
        tokenizer.tokenize(&text, &mut tokens);
        doc_terms.clear();
        for_each_term(&tokens, options.bigrams, |key, name| {
            let id = *ids.entry(key).or_insert_with(|| {
                names.push(name());
                counts.push([0, 0]);
                (names.len() - 1) as u32
            });
            doc_terms.push(id);
        });
        doc_terms.sort_unstable();
        doc_terms.dedup();
        let class = positive as usize;
        docs[class] += 1;
        for &id in &doc_terms {
            counts[id as usize][class] += 1;
        }
    }
    let a = options.smoothing;
    let kept: Vec<usize> = (0..names.len())
        .filter(|&i| counts[i][0] + counts[i][1] >= options.min_docs)
        .collect();
    let frequent_terms = kept.len();
    let total_pos: f64 = kept.iter().map(|&i| counts[i][1] as f64 + a).sum();
    let total_neg: f64 = kept.iter().map(|&i| counts[i][0] as f64 + a).sum();
    let mut scored: Vec<(f64, usize, f64)> = kept
        .iter()
        .map(|&i| {
            let p = (counts[i][1] as f64 + a) / total_pos;
            let q = (counts[i][0] as f64 + a) / total_neg;
            let r = (p / q).ln();
            let df = (counts[i][0] + counts[i][1]) as f64;
            (r.abs() * df.ln(), i, r)
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    scored.truncate(options.max_terms);
    let mut out: Vec<(String, f32)> = scored
        .into_iter()
        .map(|(_, i, r)| (names[i].clone(), (r * 1000.0).round() as f32 / 1000.0))
        .filter(|(_, w)| *w != 0.0)
        .collect();
    out.sort_by(|x, y| x.0.cmp(&y.0));
    Learned {
        weights: out,
        frequent_terms,
    }
}

/// Writes weights as `term TAB weight` lines under a `#` comment header.
pub fn write_weights(
    mut out: impl Write,
    header: &str,
    weights: &[(String, f32)],
) -> std::io::Result<()> {
    for line in header.lines() {
        writeln!(out, "# {line}")?;
    }
    for (term, weight) in weights {
        writeln!(out, "{term}\t{weight}")?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_replaced_by_spaces() {
        assert_eq!(strip_markup("a<br />b<br/>c<br>d"), "a b c d");
        assert_eq!(strip_markup("no markup"), "no markup");
        assert_eq!(strip_markup("x <brand"), "x <brand");
    }

    #[test]
    fn learned_weights_have_the_sign_of_the_class_they_mark() {
        let mut rows = Vec::new();
        for _ in 0..30 {
            rows.push(("A wonderful film, truly wonderful.", true));
            rows.push(("An awful film, just awful. Not good.", false));
        }
        let options = LearnOptions {
            min_docs: 5,
            ..LearnOptions::default()
        };
        let weights = learn_lexicon(rows.iter().copied(), &options);
        let get = |t: &str| weights.iter().find(|(x, _)| x == t).map(|w| w.1);
        assert!(get("wonderful").unwrap() > 0.0);
        assert!(get("awful").unwrap() < 0.0);
        assert!(get("just awful").unwrap() < 0.0);
        assert_eq!(get("not"), None, "the rules own negators");
        assert!(
            get("film").unwrap_or(0.0).abs() < 0.2,
            "a term of both classes weighs little"
        );
    }

    #[test]
    fn frequent_terms_counts_the_terms_that_reach_min_docs() {
        let rows = [
            ("Wonderful film.", true),
            ("Awful film.", false),
            ("Wonderful film.", true),
            ("Awful film.", false),
        ];
        let learned = |min_docs| {
            let options = LearnOptions {
                min_docs,
                bigrams: false,
                ..LearnOptions::default()
            };
            learn_terms(rows.iter().copied(), &options)
        };
        let two = learned(2);
        // "film" reaches min_docs but weighs 0, so it is counted and not kept.
        assert_eq!(two.frequent_terms, 3);
        let terms: Vec<&str> = two.weights.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(terms, ["awful", "wonderful"]);
        assert_eq!(learned(5), Learned::default());
    }

    #[test]
    fn the_held_out_split_is_about_a_fifth() {
        let held = (0..1000)
            .filter(|i| is_held_out(&format!("train/pos/{i}_7")))
            .count();
        assert!((150..250).contains(&held), "{held}");
    }
}
