//! The attitude model: what a review thinks of each entity it names, learned from reviews
//! annotated with the reviewer's attitude toward the entities they judge.
//!
//! The mention rules ([`super::MentionRule`]) give each mention the compound of the words
//! around it: its clause, its major clause, its sentence, or part of the review's compound.
//! Those words are often about something else ("Ada Vance meant it as a breezy
//! adventure", in a pan), and a name merely listed takes the review's lean. The
//! attitude model weighs that evidence with the rest of what the review says of the same entity
//! and of the review as a whole: a logistic regression over [`FEATURES`] (the mention's own
//! compound and the rule that gave it, the mean compound of the entity's mentions that words
//! judge, the learned evidence of the sentences that name it, the review's compound, how much
//! of the review the entity takes, its kind) gives the probability that the reviewer's
//! attitude toward the entity is positive rather than negative, and the mention's compound
//! becomes `2 P(positive) - 1`, where the model [`decides`] it (not for the precise rules of
//! [`RULES_THAT_STAND`], an entity no words judge, or one judged strongly).
//!
//! It learns from the entities annotators found judged (a model of three classes, with *no
//! attitude* learned from the entities they did not list, was tried: its mass of *no attitude*
//! drew judged entities' compounds toward 0, and cross-validated it scored 4 and 15 fewer
//! attitudes right on the critics' and the IMDB reviews).
//!
//! The weights ship as data (`data/sentiment/attitude.tsv`), learned by `reviewlens attitude
//! learn` from annotated reviews and reproduced by it byte for byte ([`Trainer`]); `reviewlens
//! eval critics --folds K` measures a model learned without each fold's reviews.
//!
//! Invariants:
//! - a mention's compound the model decides is `2 P(positive) - 1`, finite and in `-1..=1`;
//!   any other keeps its rule's;
//! - the mentions of one entity (same kind and name) share the entity's features, so its
//!   mentions differ only by what their own words say;
//! - learning is deterministic: the same rows give the same weights, bit for bit, on every
//!   machine (`f64` arithmetic in a fixed order, `exp` from `crate::portable`).

use super::{MentionBasis, MentionRule, SentenceSentiment};
use crate::entity::{Mention, MentionKind};
use crate::error::Result;
use std::path::Path;
use std::sync::OnceLock;

/// The first line of a model file.
pub const HEADER: &str = "# reviewlens: attitude model";

/// The rules, in [`FEATURES`]' order of the `rule=` features.
const RULES: [MentionRule; 11] = [
    MentionRule::Clause,
    MentionRule::Predicate,
    MentionRule::MajorClause,
    MentionRule::AgainstContrast,
    MentionRule::Sentence,
    MentionRule::Review,
    MentionRule::Comparison,
    MentionRule::AfterThan,
    MentionRule::AgainstComparison,
    MentionRule::SingledOut,
    MentionRule::WithComparison,
];

/// The kinds, in [`FEATURES`]' order of the `kind=` features.
const KINDS: [MentionKind; 5] = [
    MentionKind::Show,
    MentionKind::Actor,
    MentionKind::Character,
    MentionKind::Song,
    MentionKind::Person,
];

/// The rules whose compound stands over the model's: each reads a structure that puts the
/// name on a side of its own (a comparison's, a predicate after an aside). Cross-validated, the
/// model decided these no better than the rules (critics' and IMDB reviews: 115 and 437 of
/// 170 and 595 attitudes right with the model deciding every mention, 117 and 438 with these
/// left to the rules; leaving the clause rule too, 115 and 427), and on the CheckList tables of
/// comparisons it decided worse. An excepted name ([`MentionRule::Exclusion`]) stands too: the
/// model has no feature for the rule, and the review's lean is what the exception reverses.
pub const RULES_THAT_STAND: [MentionRule; 7] = [
    MentionRule::Predicate,
    MentionRule::Exclusion,
    MentionRule::Comparison,
    MentionRule::AfterThan,
    MentionRule::AgainstComparison,
    MentionRule::SingledOut,
    MentionRule::WithComparison,
];

/// Number of features.
pub const F: usize = 33;

/// The features, by name: `c` is the mention's compound by its rule, `review` the review's
/// compound times the share of its sentences that are not the mention's own (`(n - 1) / n` of
/// `n`: 0 for a review of one sentence, whose compound is that sentence's words again),
/// `share` the entity's share of the review's mentions, `judged` the mean rule compound of the
/// entity's mentions whose words judge it (rule other than `review`, 0 if none), `learned` the
/// learned evidence of the mention's sentence ([`SentenceSentiment::learned`]: its words'
/// learned weights, built in from 25,000 IMDB users' and 1,400 critics' reviews, which the
/// rules' compounds do not read) squashed into -1..1 as `l / sqrt(l² + 15)`, and `entity
/// learned` its mean over the entity's mentions.
pub const FEATURES: [&str; F] = [
    "bias",
    "c",
    "|c|",
    "review",
    "|review|",
    "c if inherited",
    "share",
    "share*review",
    "judged",
    "|judged|",
    "has judged",
    "mentions/5",
    "kind=show",
    "kind=actor",
    "kind=character",
    "kind=song",
    "kind=person",
    "rule=clause",
    "rule=predicate",
    "rule=major clause",
    "rule=against contrast",
    "rule=sentence",
    "rule=review",
    "rule=comparison",
    "rule=after than",
    "rule=against comparison",
    "rule=singled out",
    "rule=with comparison",
    "c*clause",
    "c*major clause",
    "c*sentence",
    "learned",
    "entity learned",
];

/// A mention's features.
pub type Features = [f64; F];

/// What the model needs of a document's mentions: each one's kind and entity (same kind and
/// name), the compound its rule gave it and that rule.
pub struct MentionInput<'a> {
    /// The mentions.
    pub mentions: &'a [Mention],
    /// Each mention's compound by its rule ([`super::Scorer`] without the model).
    pub compounds: &'a [f64],
    /// What gave each mention its compound (its rule is what the model reads).
    pub bases: &'a [MentionBasis],
    /// The review's compound.
    pub review: f64,
    /// The review's sentences (a mention's is [`Mention::sentence`]).
    pub sentences: &'a [SentenceSentiment],
}

/// Per entity of a document: its mentions, and the sum and count of the rule compounds of
/// those whose words judge it.
#[derive(Clone, Copy, Debug, Default)]
struct EntityTotals {
    mentions: u32,
    judged: u32,
    judged_sum: f64,
    learned_sum: f64,
}

/// Scratch for [`features`] and [`AttitudeModel::apply`]: reused from document to document.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    order: Vec<u32>,
    entity_of: Vec<u32>,
    totals: Vec<EntityTotals>,
}

impl Scratch {
    /// Each mention's entity, as the last [`features`] found them: mentions of the same kind and
    /// name share one number, from 0 in the order of (kind, name).
    pub fn entity_of(&self) -> &[u32] {
        &self.entity_of
    }

    /// Frees what a very large document grew ([`crate::scratch`]).
    pub(crate) fn trim(&mut self) {
        crate::scratch::trim(&mut self.order);
        crate::scratch::trim(&mut self.entity_of);
        crate::scratch::trim(&mut self.totals);
    }
}

/// Groups the mentions of `input` by entity (same kind and name) into `scratch`.
fn group(input: &MentionInput<'_>, scratch: &mut Scratch) {
    let mentions = input.mentions;
    scratch.order.clear();
    scratch.order.extend(0..mentions.len() as u32);
    scratch.order.sort_unstable_by(|&a, &b| {
        let (a, b) = (&mentions[a as usize], &mentions[b as usize]);
        (a.kind as u8, a.name.as_bytes()).cmp(&(b.kind as u8, b.name.as_bytes()))
    });
    scratch.entity_of.clear();
    scratch.entity_of.resize(mentions.len(), 0);
    scratch.totals.clear();
    let mut previous: Option<&Mention> = None;
    for &m in &scratch.order {
        let mention = &mentions[m as usize];
        let same = previous.is_some_and(|p| {
            p.kind == mention.kind && p.name.as_bytes() == mention.name.as_bytes()
        });
        if !same {
            scratch.totals.push(EntityTotals::default());
        }
        previous = Some(mention);
        let e = scratch.totals.len() - 1;
        scratch.entity_of[m as usize] = e as u32;
        let totals = &mut scratch.totals[e];
        totals.mentions += 1;
        totals.learned_sum += sentence_learned(input, m as usize);
        if input.bases[m as usize].rule != MentionRule::Review {
            totals.judged += 1;
            totals.judged_sum += input.compounds[m as usize];
        }
    }
}

/// The learned evidence of mention `m`'s sentence, squashed into -1..1 as a sentence's sum of
/// valences is into its compound.
fn sentence_learned(input: &MentionInput<'_>, m: usize) -> f64 {
    let l = input
        .sentences
        .get(input.mentions[m].sentence as usize)
        .map_or(0.0, |s| f64::from(s.learned));
    l / (l * l + LEARNED_SCALE).sqrt()
}

/// The `α` of [`sentence_learned`]'s `l / sqrt(l² + α)`: VADER's, as for compounds.
const LEARNED_SCALE: f64 = 15.0;

/// The features of mention `m`, once `scratch` holds `input`'s entities ([`group`]).
fn features_of(input: &MentionInput<'_>, scratch: &Scratch, m: usize) -> Features {
    let c = input.compounds[m];
    let rule = input.bases[m].rule;
    // The review's compound, for what the rest of the review says: weighed by the share of
    // its sentences that are not the mention's own (0 for a review of one sentence, whose
    // compound is that sentence's own words again).
    let n = input.sentences.len().max(1) as f64;
    let review = input.review * (n - 1.0) / n;
    let totals = scratch.totals[scratch.entity_of[m] as usize];
    let share = f64::from(totals.mentions) / input.mentions.len().max(1) as f64;
    let judged = if totals.judged > 0 {
        totals.judged_sum / f64::from(totals.judged)
    } else {
        0.0
    };
    let mut x = [0.0; F];
    x[0] = 1.0;
    x[1] = c;
    x[2] = c.abs();
    x[3] = review;
    x[4] = review.abs();
    x[5] = if rule == MentionRule::Review { c } else { 0.0 };
    x[6] = share;
    x[7] = share * review;
    x[8] = judged;
    x[9] = judged.abs();
    x[10] = if totals.judged > 0 { 1.0 } else { 0.0 };
    x[11] = f64::from(totals.mentions.min(5)) / 5.0;
    let kind = input.mentions[m].kind;
    for (i, &k) in KINDS.iter().enumerate() {
        x[12 + i] = if k == kind { 1.0 } else { 0.0 };
    }
    for (i, &r) in RULES.iter().enumerate() {
        x[17 + i] = if r == rule { 1.0 } else { 0.0 };
    }
    x[28] = if rule == MentionRule::Clause { c } else { 0.0 };
    x[29] = if rule == MentionRule::MajorClause {
        c
    } else {
        0.0
    };
    x[30] = if rule == MentionRule::Sentence {
        c
    } else {
        0.0
    };
    x[31] = sentence_learned(input, m);
    x[32] = totals.learned_sum / f64::from(totals.mentions);
    x
}

/// Every mention's features, in the mentions' order; `scratch` then holds each mention's
/// entity ([`Scratch::entity_of`]).
pub fn features(input: &MentionInput<'_>, scratch: &mut Scratch) -> Vec<Features> {
    group(input, scratch);
    (0..input.mentions.len())
        .map(|m| features_of(input, scratch, m))
        .collect()
}

/// The logistic function, `1 / (1 + e^-z)`, computed without overflow.
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + crate::portable::exp(-z))
    } else {
        let e = crate::portable::exp(z);
        e / (1.0 + e)
    }
}

/// A learned attitude model.
#[derive(Clone, Debug, PartialEq)]
pub struct AttitudeModel {
    /// Per feature ([`FEATURES`]), its weight toward a positive attitude.
    weights: [f64; F],
}

impl AttitudeModel {
    /// The model shipped with reviewlens (`data/sentiment/attitude.tsv`), parsed once.
    pub fn builtin() -> &'static AttitudeModel {
        static MODEL: OnceLock<AttitudeModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            AttitudeModel::parse(include_str!("../../data/sentiment/attitude.tsv"))
                .expect("the built-in attitude model parses (a test checks it)")
        })
    }

    /// A model read from a file written by [`AttitudeModel::write`].
    pub fn from_path(path: &Path) -> Result<AttitudeModel> {
        crate::error::read_data_file(path, AttitudeModel::parse)
    }

    /// Parses a model file: the header, then one line per feature of [`FEATURES`] (each once,
    /// any order): its name and its weight, tab-separated; `#` lines and blank lines are notes.
    /// An error gives the line (from 1) and what is wrong.
    pub fn parse(text: &str) -> std::result::Result<AttitudeModel, (usize, String)> {
        let mut weights = [0.0; F];
        let mut seen = [false; F];
        for (i, line) in crate::ascii::headed_lines(text, HEADER, "an attitude model")? {
            let mut fields = crate::ascii::split_byte(line, b'\t');
            let name = fields.next().unwrap_or("");
            let Some(f) = FEATURES.iter().position(|&n| n == name) else {
                return Err((i + 1, format!("{name:?} is not a feature of the model")));
            };
            if seen[f] {
                return Err((i + 1, format!("{name:?} is given twice")));
            }
            seen[f] = true;
            let field = fields
                .next()
                .ok_or_else(|| (i + 1, "a weight expected".to_string()))?;
            weights[f] = field
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| (i + 1, format!("{field:?} is not a number")))?;
            if fields.next().is_some() {
                return Err((i + 1, "more than one weight".to_string()));
            }
        }
        if let Some(f) = seen.iter().position(|&s| !s) {
            return Err((
                crate::ascii::lines(text).count(),
                format!("no weights for {:?}", FEATURES[f]),
            ));
        }
        Ok(AttitudeModel { weights })
    }

    /// Writes the model: the header, `notes` as `#` lines, then each feature's weights.
    pub fn write(&self, notes: &str, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(
            out,
            "{HEADER} (feature, then its weight toward a positive attitude)"
        )?;
        for line in notes.lines() {
            writeln!(out, "# {line}")?;
        }
        for (name, w) in FEATURES.iter().zip(&self.weights) {
            writeln!(out, "{name}\t{w:.6}")?;
        }
        Ok(())
    }

    /// The weight of feature `f` (by its index in [`FEATURES`]).
    pub fn weight(&self, f: usize) -> f64 {
        self.weights[f]
    }

    /// The probability that the attitude is positive, for a mention's features.
    pub fn positive(&self, x: &Features) -> f64 {
        let z: f64 = self.weights.iter().zip(x).map(|(w, v)| w * v).sum();
        sigmoid(z)
    }

    /// The compound a mention of features `x` takes: `2 P(positive) - 1`.
    pub fn compound(&self, x: &Features) -> f64 {
        (2.0 * self.positive(x) - 1.0).clamp(-1.0, 1.0)
    }

    /// Replaces each mention's rule compound in `compounds` by the model's
    /// `2 P(positive) - 1` where the model [`decides`] it.
    pub fn apply(
        &self,
        mentions: &[Mention],
        bases: &[MentionBasis],
        compounds: &mut [f64],
        review: f64,
        sentences: &[SentenceSentiment],
        scratch: &mut Scratch,
    ) {
        let others = MentionInput {
            mentions,
            compounds: &[],
            bases,
            review,
            sentences,
        };
        group(
            &MentionInput {
                compounds,
                ..others
            },
            scratch,
        );
        // Every mention's features read the rule compounds of its entity (summed by `group`)
        // and its own, which is read before it is replaced.
        for m in 0..mentions.len() {
            let x = features_of(
                &MentionInput {
                    compounds,
                    ..others
                },
                scratch,
                m,
            );
            if decides(bases[m].rule, &x) {
                compounds[m] = self.compound(&x);
            }
        }
    }
}

/// True when the model decides the compound of a mention given by `rule`, of features `x`:
/// not for the rules of [`RULES_THAT_STAND`], nor for an entity no words of the review judge
/// (every mention's sentence holds no sentiment word: a cast list, a caption), which keeps
/// [`super::MENTION_INHERIT`] of the review's compound. For those entities the model, which
/// learns from judged entities only, would give the lean of most judged entities (positive)
/// to names merely listed; cross-validated, leaving them to the rule scored alike (critics'
/// and IMDB reviews: 116 and 440 attitudes right against 117 and 438).
///
/// Nor does it decide for an entity whose judged mentions' mean rule compound is
/// [`STRONG_JUDGEMENT`] or more in size: what is said of it is said strongly, and there the
/// rules were right as often as the model (of the 765 judgements of the critics' and IMDB
/// reviews, cross-validated, where that mean was 0.3 or more in size, the model set right 12
/// the rules got wrong and wrong 11 they got right; it won where the words were weak: 47
/// against 18), and what is said of an entity strongly enough should decide its sign, not the
/// review's verdict (in a praised show, "The numbers fall flat whenever Ada Vance and Tom
/// Reyes, who cannot sing, take over" leaves both negative). With 0.5 instead, 116 and 442 attitudes
/// were right against 115 and 438, but that sentence was read through the praise and the
/// CheckList tables got 4 more items wrong.
pub fn decides(rule: MentionRule, x: &Features) -> bool {
    !RULES_THAT_STAND.contains(&rule) && x[HAS_JUDGED] > 0.0 && x[JUDGED_SIZE] < STRONG_JUDGEMENT
}

/// The size of an entity's judged mean rule compound from which its rules' compounds stand
/// ([`decides`]).
pub const STRONG_JUDGEMENT: f64 = 0.3;

/// The indices in [`FEATURES`] of `|judged|` and `has judged`.
const JUDGED_SIZE: usize = 9;
const HAS_JUDGED: usize = 10;

/// The L2 penalty of [`Trainer::train`]: the objective is the summed log loss plus
/// `L2 / 2` times the squared weights, as scikit-learn's `LogisticRegression(C = 1 / L2)`
/// (cross-validated, C = 0.1, 0.3, 1, 3 and 10 scored within a few attitudes of each other;
/// 0.3 was steady across three ways of cutting the folds).
pub const L2: f64 = 1.0 / 0.3;

/// Passes of [`Trainer::train`]'s gradient descent.
pub const ITERATIONS: usize = 4000;

/// Learns an attitude model: a logistic regression, one row per mention of a judged entity.
#[derive(Debug, Default)]
pub struct Trainer {
    rows: Vec<(Features, bool)>,
}

impl Trainer {
    /// An empty trainer.
    pub fn new() -> Trainer {
        Trainer::default()
    }

    /// Adds a mention's features and whether its entity's attitude is positive.
    pub fn add(&mut self, x: Features, positive: bool) {
        self.rows.push((x, positive));
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no row was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows of positive and of negative attitudes.
    pub fn counts(&self) -> [usize; 2] {
        let positive = self.rows.iter().filter(|(_, p)| *p).count();
        [positive, self.rows.len() - positive]
    }

    /// Minimizes the mean log loss plus `L2 / (2n)` times the squared weights by
    /// [`ITERATIONS`] steps of full-batch gradient descent with Nesterov momentum (the rows in
    /// the order added; every sum in a fixed order), and rounds the weights to six decimals as
    /// the model file keeps them.
    pub fn train(&self) -> AttitudeModel {
        let n = self.rows.len().max(1) as f64;
        let mut w = [0.0f64; F];
        let mut velocity = [0.0f64; F];
        let rate = 0.5;
        let momentum = 0.9;
        for _ in 0..ITERATIONS {
            // The gradient at the look-ahead point.
            let mut ahead = w;
            for (a, v) in ahead.iter_mut().zip(&velocity) {
                *a += momentum * v;
            }
            let model = AttitudeModel { weights: ahead };
            let mut grad = [0.0f64; F];
            for (x, positive) in &self.rows {
                let error = model.positive(x) - if *positive { 1.0 } else { 0.0 };
                for (g, &v) in grad.iter_mut().zip(x) {
                    *g += error * v;
                }
            }
            for f in 0..F {
                let g = (grad[f] + L2 * ahead[f]) / n;
                velocity[f] = momentum * velocity[f] - rate * g;
                w[f] += velocity[f];
            }
        }
        let weights = w.map(|x| {
            let x = (x * 1e6).round() / 1e6;
            if x == 0.0 {
                0.0
            } else {
                x
            }
        });
        AttitudeModel { weights }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Span;
    use crate::entity::Name;

    fn mention(kind: MentionKind, name: &str) -> Mention {
        Mention {
            kind,
            span: Span { start: 0, end: 1 },
            name: Name::new(name),
            role: Name::default(),
            sentence: 0,
        }
    }

    #[test]
    fn mentions_of_one_entity_share_its_features() {
        let mentions = [
            mention(MentionKind::Actor, "Ann Lee"),
            mention(MentionKind::Show, "Glow"),
            mention(MentionKind::Actor, "Ann Lee"),
            mention(MentionKind::Character, "Ann Lee"),
        ];
        let bases = [
            MentionRule::Clause,
            MentionRule::Review,
            MentionRule::Review,
            MentionRule::Sentence,
        ]
        .map(|r| MentionBasis::new(r, 0, 0));
        let compounds = [0.6, 0.2, 0.2, -0.4];
        let input = MentionInput {
            mentions: &mentions,
            compounds: &compounds,
            bases: &bases,
            review: 0.4,
            sentences: &[],
        };
        let mut scratch = Scratch::default();
        let x = features(&input, &mut scratch);
        // The actor's two mentions: one judged (0.6), half the review's compound for the other.
        assert_eq!(x[0][8], 0.6);
        assert_eq!(x[2][8], 0.6);
        assert_eq!(x[0][6], 0.5);
        assert_eq!(x[2][5], 0.2);
        assert_eq!(x[0][5], 0.0);
        // The character of the same name is another entity; the show judged by none.
        assert_eq!(x[3][6], 0.25);
        assert_eq!(x[1][10], 0.0);
        assert_eq!(x[1][12], 1.0);
        let e = scratch.entity_of();
        assert_eq!(e[0], e[2]);
        assert_ne!(e[0], e[3]);
        assert_ne!(e[0], e[1]);
    }

    /// `learned` is the mention's sentence's learned evidence, squashed; `entity learned` its
    /// mean over the entity's mentions, the same for each of them.
    #[test]
    fn learned_evidence_is_the_sentences_and_the_entitys_mean() {
        let mut mentions = [
            mention(MentionKind::Actor, "Ann Lee"),
            mention(MentionKind::Actor, "Ann Lee"),
            mention(MentionKind::Show, "Glow"),
        ];
        mentions[1].sentence = 1;
        mentions[2].sentence = 1;
        let bases = [MentionRule::Clause; 3].map(|r| MentionBasis::new(r, 0, 0));
        let sentence = |learned: f32| SentenceSentiment {
            compound: 0.0,
            label: crate::sentiment::Label::Neutral,
            learned,
        };
        let input = MentionInput {
            mentions: &mentions,
            compounds: &[0.1, 0.1, 0.1],
            bases: &bases,
            review: 0.0,
            sentences: &[sentence(1.0), sentence(-7.0)],
        };
        let x = features(&input, &mut Scratch::default());
        let learned = FEATURES.iter().position(|&f| f == "learned").unwrap();
        let entity = FEATURES
            .iter()
            .position(|&f| f == "entity learned")
            .unwrap();
        assert_eq!(x[0][learned], 0.25);
        assert_eq!(x[1][learned], -7.0 / 64f64.sqrt());
        assert_eq!(x[2][learned], x[1][learned]);
        let mean = (0.25 - 7.0 / 8.0) / 2.0;
        assert_eq!(x[0][entity], mean);
        assert_eq!(x[1][entity], mean);
        assert_eq!(x[2][entity], x[2][learned]);
    }

    #[test]
    fn training_separates_what_the_features_separate_and_is_reproducible() {
        let mut trainer = Trainer::new();
        for i in 0..60 {
            let c = (i % 10) as f64 / 10.0 - 0.45;
            let mut x = [0.0; F];
            x[0] = 1.0;
            x[1] = c;
            x[2] = c.abs();
            trainer.add(x, c > 0.0);
        }
        let model = trainer.train();
        assert_eq!(model, trainer.train());
        let mut x = [0.0; F];
        x[0] = 1.0;
        for c in [0.45f64, -0.45] {
            x[1] = c;
            x[2] = c.abs();
            let p = model.positive(&x);
            assert_eq!(p > 0.5, c > 0.0, "{c}: {p}");
            assert_eq!(model.compound(&x), 2.0 * p - 1.0);
        }
        let mut file = Vec::new();
        model.write("a note", &mut file).unwrap();
        let text = String::from_utf8(file).unwrap();
        assert_eq!(AttitudeModel::parse(&text).unwrap(), model);
    }

    #[test]
    fn bad_model_files_are_named_by_line() {
        assert_eq!(AttitudeModel::parse("hello").unwrap_err().0, 1);
        let mut file = Vec::new();
        AttitudeModel { weights: [0.0; F] }
            .write("", &mut file)
            .unwrap();
        let text = String::from_utf8(file).unwrap();
        let bad = text.replace("bias\t0.000000", "bias\tx");
        assert_eq!(AttitudeModel::parse(&bad).unwrap_err().0, 2);
        let unknown = format!("{text}colour\t1\t2\t3\n");
        let err = AttitudeModel::parse(&unknown).unwrap_err();
        assert!(err.1.contains("colour"), "{err:?}");
        let missing: String = text
            .lines()
            .filter(|l| !l.starts_with("c*sentence"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(AttitudeModel::parse(&missing)
            .unwrap_err()
            .1
            .contains("c*sentence"));
    }

    #[test]
    fn the_builtin_model_parses_and_gives_compounds_in_range() {
        let model = AttitudeModel::builtin();
        let mentions = [mention(MentionKind::Actor, "Ann Lee")];
        let mut compounds = [0.9];
        model.apply(
            &mentions,
            &[MentionBasis::new(MentionRule::Clause, 0, 0)],
            &mut compounds,
            -0.8,
            &[],
            &mut Scratch::default(),
        );
        assert!(compounds[0].is_finite() && compounds[0].abs() <= 1.0);
    }
}
