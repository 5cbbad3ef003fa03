//! Learning term weights from labelled reviews: `reviewlens lexicon learn`, which also made the
//! shipped `imdb_weights.tsv` (`--holdout`, see README) and `critic_weights.tsv` (all of
//! critic_polarity_dev.csv, [`Method::Logistic`]; `reviewlens eval sentiment --folds`
//! cross-validates it).
//!
//! [`Method::NaiveBayes`] weights are naive-Bayes log-count ratios (Wang & Manning, 2012): for each
//! term `t` (a lowercase word or number, or a bigram of two such tokens with no punctuation between
//! them, exactly the terms the scorer looks up), with `p_t` and `q_t` the number of positive and
//! negative reviews containing it plus a smoothing `α`, `r_t = ln((p_t / Σp) / (q_t / Σq))`. Terms
//! found in fewer than `min_docs` reviews are dropped, and the `max_terms` strongest are kept,
//! ranked by `|r_t| × ln(docs_t)` so that frequent evidence wins over rare extremes. Markup such as
//! `<br />` is removed first.
//!
//! [`Method::Logistic`] weights are an L2-penalized logistic regression of the labels on the
//! evidence the scorer sums for each term (its occurrences, each weighted as the scorer weighs
//! its sentence's position, over `(words + 20)^0.6`), with the ratios above as feature scales
//! (NBSVM's trick: the penalty falls on how far a weight strays from its naive-Bayes ratio) and
//! no intercept (the scorer has none); numbers are left out. Given a [`Residual`] (the scores
//! the built-in scorer gives each review without the layer being learned, [`residual_of`]),
//! the fit starts from those scores' log-odds, so the weights learn what the rest of the
//! scorer misses, written in the units of the layer's scale; a layer for long reviews weighs
//! each review's evidence by [`super::long_review_share`], as the scorer does. The fit is
//! full-batch AdaGrad over the reviews in order: deterministic, so a command reproduces the
//! file.
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
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LearnOptions {
    /// Drop terms found in fewer reviews than this.
    pub min_docs: u32,
    /// Keep at most this many terms.
    pub max_terms: usize,
    /// Additive smoothing of the document counts.
    pub smoothing: f64,
    /// Learn bigrams as well as single words.
    pub bigrams: bool,
    /// How the weights are fit.
    pub method: Method,
    /// With [`Method::Logistic`]: strength of the L2 penalty.
    pub l2: f64,
}

/// How [`learn_terms`] fits term weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Naive-Bayes log-count ratios: each term on its own.
    NaiveBayes,
    /// L2-regularized logistic regression over the evidence the scorer sums (each term's
    /// occurrences, the close weighted up, over the review's length to the power the scorer
    /// uses), with the naive-Bayes ratios as feature scales (Wang & Manning's NBSVM).
    Logistic,
}

impl LearnOptions {
    /// The defaults of `reviewlens lexicon learn`.
    pub const DEFAULT: LearnOptions = LearnOptions {
        min_docs: 20,
        max_terms: 12_000,
        smoothing: 1.0,
        bigrams: true,
        method: Method::NaiveBayes,
        l2: 1e-5,
    };
}

impl Default for LearnOptions {
    fn default() -> LearnOptions {
        LearnOptions::DEFAULT
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

/// Calls `f(sentence, key, text)` for every term of a tokenized text: each word (and number,
/// when `numbers`), and each pair of adjacent ones (when `bigrams`). Words the rules own
/// (negators, contrast words, modals: [`is_rule_word`]) and pairs holding one, or that the
/// rules treat as boosters ("at all"), are left out: the rules account for them.
fn for_each_term(
    tokens: &Tokens,
    bigrams: bool,
    numbers: bool,
    mut f: impl FnMut(usize, u64, &dyn Fn() -> String),
) {
    for s in 0..tokens.sentences().len() {
        let mut prev: Option<(u64, &str, bool)> = None;
        for t in tokens.sentence_tokens(s) {
            if !(t.kind == TokenKind::Word || numbers && t.kind == TokenKind::Number) {
                prev = None;
                continue;
            }
            let lower = tokens.lower(t);
            let key = term_key(lower);
            let owned = is_rule_word(lower);
            if !owned {
                f(s, key, &|| lower.to_string());
            }
            if let (true, Some((pk, pl, prev_owned))) = (bigrams, prev) {
                let booster = PAIR_BOOSTS.iter().any(|(a, b, _)| *a == pl && *b == lower);
                if !owned && !prev_owned && !booster {
                    f(s, pair_key(pk, key), &|| format!("{pl} {lower}"));
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
    learn_terms_over(rows, None, options)
}

/// What a learned layer corrects: the scores the rest of the scorer gives the training reviews,
/// and the scale at which the layer will be added ([`residual_of`]).
#[derive(Clone, Copy, Debug)]
pub struct Residual<'a> {
    /// The review score `y` of each training review, in order, without the layer.
    pub scores: &'a [f64],
    /// The layer's scale ([`super::LearnedLayer::scale`]).
    pub scale: f64,
    /// The layer counts in long reviews only ([`super::LearnedLayer::long_reviews`]): each
    /// review's evidence is weighed by [`super::long_review_share`], as the scorer will.
    pub long_reviews: bool,
}

/// What [`residual_of`] gives: the base scores of the reviews and the layer they are for.
#[derive(Clone, Debug, PartialEq)]
pub struct BaseScores {
    /// Each review's score without the layer, in order.
    pub scores: Vec<f64>,
    /// The layer's scale.
    pub scale: f64,
    /// Whether the layer counts in long reviews only.
    pub long_reviews: bool,
}

impl BaseScores {
    /// The residual for training reviews whose scores are `scores` (all of [`Self::scores`], or
    /// those of a fold's training reviews).
    pub fn residual<'a>(&self, scores: &'a [f64]) -> Residual<'a> {
        Residual {
            scores,
            scale: self.scale,
            long_reviews: self.long_reviews,
        }
    }
}

/// For weights that will replace the built-in layer learned from the file named `source`: the
/// score of each of `texts` by the built-in scorer without that layer (no entity masks, no
/// user lexicons: a residual that depends on the sentiment rules and the other layers only),
/// with the layer's scale and whether it is for long reviews. `None` when no built-in layer was
/// learned from `source` (a user's `--lexicon` file, whose weights stand alone).
pub fn residual_of<'a>(
    source: &str,
    texts: impl IntoIterator<Item = &'a str>,
) -> Option<BaseScores> {
    let layer = super::LEARNED_LAYERS.iter().find(|l| l.source == source)?;
    let (scorer, _) =
        super::Scorer::with_layer_replaced(super::Params::default(), &[], source, &[]);
    let tokenizer = Tokenizer::new();
    let mut tokens = Tokens::new();
    let mut out = super::Sentiment::default();
    let scores = texts
        .into_iter()
        .map(|text| {
            let text = strip_markup(text);
            tokenizer.tokenize(&text, &mut tokens);
            scorer.score(&text, &tokens, &[], &mut out);
            // The review's compound is y / sqrt(y² + 1).
            let c = out.review.polarity.compound.clamp(-0.995, 0.995);
            c / (1.0 - c * c).sqrt()
        })
        .collect();
    Some(BaseScores {
        scores,
        scale: f64::from(layer.scale),
        long_reviews: layer.long_reviews,
    })
}

/// [`learn_terms`] where, with [`Method::Logistic`] and a `residual`, the weights fit what the
/// rest of the scorer leaves unexplained: review `i` starts from `residual.scores[i]` (one
/// score per review), and the weights are written for a layer added at `residual.scale`.
/// Naive Bayes ignores the residual: each term is weighed on its own.
pub fn learn_terms_over<'a>(
    rows: impl IntoIterator<Item = (&'a str, bool)>,
    residual: Option<Residual<'_>>,
    options: &LearnOptions,
) -> Learned {
    let params = super::Params::default();
    let logistic = options.method == Method::Logistic;
    let tokenizer = Tokenizer::new();
    let mut tokens = Tokens::new();
    let mut ids: KeyMap<u32> = KeyMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<[u32; 2]> = Vec::new();
    let mut doc_terms: Vec<(u32, f64)> = Vec::new();
    let mut docs = [0u32; 2];
    // For the logistic fit: each review's terms with their evidence, and its label.
    let mut evidence: Vec<Vec<(u32, f64)>> = Vec::new();
    let mut labels: Vec<bool> = Vec::new();
    for (text, positive) in rows {
        let text = strip_markup(text);
        tokenizer.tokenize(&text, &mut tokens);
        doc_terms.clear();
        let n = tokens.sentences().len();
        // A number's sense depends on its scale ("7" is a sub-score of 10 in one review, an
        // episode in another): the logistic fit, which trusts rare terms more, leaves them out.
        for_each_term(&tokens, options.bigrams, !logistic, |s, key, name| {
            let id = *ids.entry(key).or_insert_with(|| {
                names.push(name());
                counts.push([0, 0]);
                (names.len() - 1) as u32
            });
            doc_terms.push((id, super::learned_position_weight(s, n, &params)));
        });
        doc_terms.sort_unstable_by_key(|t| t.0);
        doc_terms.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 += next.1;
            }
            same
        });
        let class = positive as usize;
        docs[class] += 1;
        for &(id, _) in &doc_terms {
            counts[id as usize][class] += 1;
        }
        if logistic {
            let words = tokens.word_count() as f64;
            let mut per_length = 1.0 / super::learned_length_divisor(words, &params);
            if residual.is_some_and(|r| r.long_reviews) {
                per_length *= super::long_review_share(words);
            }
            evidence.push(
                doc_terms
                    .iter()
                    .map(|&(id, e)| (id, e * per_length))
                    .collect(),
            );
            labels.push(positive);
        }
    }
    let a = options.smoothing;
    let kept: Vec<usize> = (0..names.len())
        .filter(|&i| counts[i][0] + counts[i][1] >= options.min_docs)
        .collect();
    let frequent_terms = kept.len();
    let total_pos: f64 = kept.iter().map(|&i| counts[i][1] as f64 + a).sum();
    let total_neg: f64 = kept.iter().map(|&i| counts[i][0] as f64 + a).sum();
    let ratio = |i: usize| {
        let p = (counts[i][1] as f64 + a) / total_pos;
        let q = (counts[i][0] as f64 + a) / total_neg;
        (p / q).ln()
    };
    let mut weight: Vec<f64> = vec![0.0; names.len()];
    for &i in &kept {
        weight[i] = ratio(i);
    }
    if logistic {
        let offsets = residual.map_or(&[][..], |r| r.scores);
        assert!(
            offsets.is_empty() || offsets.len() == labels.len(),
            "one residual score per review"
        );
        fit_logistic(&mut weight, &evidence, &labels, offsets, options.l2);
        // Weights in the scorer's units: a layer's weight w adds
        // `review_learned × scale × w × evidence` to y, and y counts CONFIDENCE_SLOPE times
        // in the log-odds.
        let scale = residual.map_or(1.0, |r| r.scale);
        let units = super::CONFIDENCE_SLOPE * params.review_learned * scale;
        for w in &mut weight {
            *w /= units;
        }
    }
    let mut scored: Vec<(f64, usize, f64)> = kept
        .iter()
        .map(|&i| {
            let r = weight[i];
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

/// Passes of [`fit_logistic`] over the reviews (150 and 600 gave the same cross-validated
/// figures on critic_polarity_dev.csv).
const LOGISTIC_PASSES: usize = 300;

/// AdaGrad's step size in [`fit_logistic`].
const LOGISTIC_STEP: f64 = 0.5;

/// Fits `scale[i] × v[i]` as the weights of an L2-penalized logistic regression of `labels` on
/// the `evidence` (term id, evidence) of each review, starting from the log-odds
/// `CONFIDENCE_SLOPE × offsets[d]` (0 when `offsets` is empty), by full-batch AdaGrad from
/// `v = 0`, and writes the weights into `scale`. No intercept: the scorer has none, and a shift the base
/// scores need must show in the weights that ship. Terms whose scale is 0 stay 0.
/// Deterministic: reviews and terms are visited in order.
fn fit_logistic(
    scale: &mut [f64],
    evidence: &[Vec<(u32, f64)>],
    labels: &[bool],
    offsets: &[f64],
    l2: f64,
) {
    let m = scale.len();
    let n = evidence.len().max(1) as f64;
    let mut v = vec![0.0f64; m];
    let mut grad = vec![0.0f64; m];
    let mut squares = vec![0.0f64; m];
    for _ in 0..LOGISTIC_PASSES {
        grad.iter_mut().for_each(|g| *g = 0.0);
        for (d, (doc, &label)) in evidence.iter().zip(labels).enumerate() {
            let offset = offsets.get(d).map_or(0.0, |y| super::CONFIDENCE_SLOPE * y);
            let z = offset
                + doc
                    .iter()
                    .map(|&(i, x)| v[i as usize] * scale[i as usize] * x)
                    .sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let error = p - if label { 1.0 } else { 0.0 };
            for &(i, x) in doc {
                grad[i as usize] += error * scale[i as usize] * x;
            }
        }
        for i in 0..m {
            if scale[i] == 0.0 {
                continue;
            }
            let g = grad[i] / n + l2 * v[i];
            squares[i] += g * g;
            if squares[i] > 0.0 {
                v[i] -= LOGISTIC_STEP * g / squares[i].sqrt();
            }
        }
    }
    for (s, v) in scale.iter_mut().zip(&v) {
        *s *= v;
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

    fn logistic_rows() -> Vec<(&'static str, bool)> {
        let mut rows = Vec::new();
        for _ in 0..20 {
            rows.push((
                "A wonderful film, truly wonderful. I give it 9 stars.",
                true,
            ));
            rows.push(("A gripping film. 9 of us loved it.", true));
            rows.push(("An awful film, just awful. Not good.", false));
            rows.push(("A tedious film, 9 hours of it.", false));
        }
        rows
    }

    fn logistic(l2: f64) -> LearnOptions {
        LearnOptions {
            min_docs: 5,
            method: Method::Logistic,
            l2,
            ..LearnOptions::DEFAULT
        }
    }

    #[test]
    fn logistic_weights_have_the_sign_of_the_class_they_mark_and_leave_numbers_out() {
        let rows = logistic_rows();
        let weights = learn_lexicon(rows.iter().copied(), &logistic(1e-5));
        let get = |t: &str| weights.iter().find(|(x, _)| x == t).map(|w| w.1);
        assert!(get("wonderful").unwrap() > 0.0);
        assert!(get("gripping").unwrap() > 0.0);
        assert!(get("awful").unwrap() < 0.0);
        assert!(get("tedious").unwrap() < 0.0);
        assert_eq!(get("9"), None, "numbers are not learned");
        assert_eq!(get("not"), None, "the rules own negators");
        // A stronger penalty gives smaller weights.
        let damped = learn_lexicon(rows.iter().copied(), &logistic(1e-2));
        let damped = damped.iter().find(|(x, _)| x == "awful").unwrap().1;
        assert!(damped.abs() < get("awful").unwrap().abs());
        // The fit is deterministic.
        assert_eq!(
            weights,
            learn_lexicon(rows.iter().copied(), &logistic(1e-5))
        );
    }

    #[test]
    fn a_residual_already_right_leaves_little_to_learn_and_the_scale_sets_the_units() {
        let rows = logistic_rows();
        let options = logistic(1e-5);
        let learn = |scores: &[f64], scale: f64| {
            let residual = Residual {
                scores,
                scale,
                long_reviews: false,
            };
            learn_terms_over(rows.iter().copied(), Some(residual), &options).weights
        };
        let weight = |w: &[(String, f32)], t: &str| w.iter().find(|(x, _)| x == t).unwrap().1;
        let unknown = vec![0.0; rows.len()];
        let known: Vec<f64> = rows.iter().map(|r| if r.1 { 5.0 } else { -5.0 }).collect();
        let alone = learn(&unknown, 1.0);
        let over = learn(&known, 1.0);
        for term in ["wonderful", "awful"] {
            assert!(
                weight(&over, term).abs() < 0.5 * weight(&alone, term).abs(),
                "{term}: {} vs {}",
                weight(&over, term),
                weight(&alone, term)
            );
        }
        // No residual scores at all is the same fit as scores of 0.
        assert_eq!(
            alone,
            learn_terms_over(rows.iter().copied(), None, &options).weights
        );
        // A layer added at half scale needs twice the weights.
        let half = learn(&unknown, 0.5);
        let (a, b) = (weight(&alone, "awful"), weight(&half, "awful"));
        assert!((b - 2.0 * a).abs() <= 0.002, "{a} {b}");
    }

    #[test]
    fn the_held_out_split_is_about_a_fifth() {
        let held = (0..1000)
            .filter(|i| is_held_out(&format!("train/pos/{i}_7")))
            .count();
        assert!((150..250).contains(&held), "{held}");
    }
}
