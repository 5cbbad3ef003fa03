//! Sentiment: per sentence, per review and per entity mention.
//!
//! Invariants:
//! - every compound score is finite and in `-1.0..=1.0`;
//! - `positive + negative + neutral` is 1: a text without sentiment weight ("!!! ???", "...")
//!   is all neutral;
//! - the scorer is pure: the same tokens give the same scores, bit for bit.
//!
//! # How a text is scored
//!
//! **Sentences** (module `rules`): each token's lexicon valence (module `lexicon`: VADER's lexicon,
//! a review-domain lexicon, emoticons and emoji) is adjusted by the rules (boosters, ALL CAPS,
//! negation scopes, counterfactual hedges, contrast and concession, "!" and "??" emphasis) and
//! summed; learned weights (unigrams and bigrams in two layers, from IMDB users' reviews and at
//! half weight from critics' film reviews, see [`learn`] and [`LEARNED_LAYERS`]) are summed
//! alongside, the critics' layer apart: it counts in a review by [`long_review_share`] of its words
//! (in full from [`LONG_REVIEW_WORDS`]). The sentence's compound is `x / sqrt(x² + 15)` (VADER's
//! normalization) of `x = valences + sentence_learned × learned ± emphasis` (see [`Params`]). Its
//! `positive`, `negative` and `neutral` shares are VADER's: each positive word counts `valence +
//! 1`, each negative word `|valence| + 1`, every other word 1.
//!
//! **Reviews** ([`Scorer::score`]): a weighted mean `M` of the sentence compounds, where a
//! sentence weighs `position × (0.25 + |compound|)` (opinionated sentences count more; with 3 or
//! more sentences the last weighs 2, the one before 1.5, the first 1.25, the rest 1), blended
//! with the VADER-style compound `W` of the whole text's sum so that short texts behave like
//! VADER: `B = (3W + nM) / (3 + n)` for `n` sentences. The learned document evidence is the mean
//! learned weight, `L = (Σ learned weights + share × Σ long-review layers' weights) / (words +
//! 20)^learned_length_power` (with the clause weights of contrast), scaled by `h / (h + 1)` for a
//! text with `h` lexicon hits so that a text with no opinion word gets no learned evidence. The
//! review's compound is `y / sqrt(y² + 1)` of `y = review_mean × B + review_learned × L +
//! review_rating × R + review_bias`, where `R` is the review's last explicit rating ("7/10",
//! "Rating: B-"; a labelled one is not replaced by a later unlabelled one) mapped to -1..1, or
//! 0. `B` is a mean and `L` grows only as `words^0.4` for evidence that keeps pointing one way,
//! so the compound does not run to ±1 as a review grows, as VADER's sum does. Its shares are the
//! word-weighted mean of the sentences' shares.
//!
//! **Labels**: a review with an explicit rating takes the critic's verdict from it: above 40% of
//! the scale and up to 65% ([`MIXED_RATING`]: 4.5/10 to 6.5/10, 2.5 or 3 stars of 5, C grades)
//! is `mixed`, otherwise the compound's sign decides. Without a rating, a review whose opinion
//! share (`positive + negative`) is under [`NEUTRAL_OPINION`] is `neutral` (a synopsis or an
//! interview); one whose strongly positive sentences (compound ≥ 0.5) and strongly negative ones
//! (compound ≤ -0.5) each add up (position-weighted compounds) to at least [`MIXED_MIN`], the
//! weaker side at least [`MIXED_BALANCE`] of the stronger, with a compound within
//! ±[`MIXED_MAX_COMPOUND`] (its learned evidence weighed evenly over its sentences, not with
//! the close weighted up as [`Params::learned_position`] does for the compound itself), is
//! `mixed`; any other leans by its compound's sign. Sentences use
//! VADER's thresholds (and of the evaluation scripts): compound ≥ 0.05 is `positive`, ≤ -0.05
//! `negative`, anything between `neutral`, and `mixed` for a sentence holding a strongly positive
//! and a strongly negative clause.
//!
//! **Verdict confidence** ([`Sentiment::confidence`], reviews.csv's `verdict_confidence`): 1
//! for a label from an explicit rating; for a label by sign, the calibrated probability of the
//! label, `P(positive) = 1 / (1 + e^(-k y))` with `y` the review's score above and `k`
//! [`CONFIDENCE_SLOPE`]; for a balanced `mixed` review, `1 - |2 P(positive) - 1|`; for a
//! `neutral` one of little opinion, `1 - (positive + negative) / NEUTRAL_OPINION`.
//!
//! **Names carry no sentiment**: the words inside the given mentions are skipped when scoring
//! ("Blake Lively is wooden" is negative; "Tom Hardy" is not hardy).
//!
//! **Mentions**: a mention takes the compound of the segment holding it (the stretch between
//! commas, clause punctuation and contrast words); a subject set off from its predicate by an
//! aside between commas takes the predicate's ("Rachel McAdams, forced to wear this year's
//! worst hairdo, is very good": the segment opening with a linking verb, `is`, `was`, `seems`,
//! `remains`...); if its segment has no sentiment word, it takes the compound of its
//! major clause (between contrast words and clause punctuation other than commas), or else of
//! the clause after a contrast that follows it, reversed and halved ([`CONTRAST_INFER`]: in
//! "Britton sings the opener, but I was less impressed by Panettiere" Britton leans positive),
//! or else of its sentence, or, when the sentence holds no sentiment word at all (a caption, a
//! cast list), [`MENTION_INHERIT`] of the review's compound. In "Paul James is charming, but
//! Callie Hernandez is wasted" the two names get opposite signs.
//!
//! **Comparisons** come first: in a segment where "than" follows a comparative ("funnier
//! than", "a far more vivid record than", "less charming than"; not "more than ten years" or
//! "knew better than to"), a mention before "than" takes what the segment says up to it, and
//! one after it what is said of it between "than" and it ("than the shrill Y"), or else the
//! opposite of the comparative's sign (the last sentiment word within three words before
//! "than": "X is funnier than Y": Y leans negative), or its same sign when the comparison is
//! negated, nothing compares or "even" says so ("no better than Y", "nothing is more tedious
//! than Y", "few sound more assured than Y", "even better than Y"). A verb or phrase of
//! comparison (`rules::COMPARISON_WORDS`: "outshines", "pales", "can't hold a candle to",
//! "is no match for", "lacks the wit of", "is no Y", "preferred X to", "an improvement on",
//! "the only reason to watch") gives the side it says, as a word of valence
//! [`COMPARISON_VALENCE`] would, turned round when negated ("never outshines"); what "the only
//! reason to watch this mess is X" singles out after its linking verb takes the first side.
//! Sentence and review scores do not change.
//!
//! **Exceptions** come next: a name after "except", "apart from", "aside from" or "the
//! exception of", before a word that opens a clause and before the clause's next sentiment
//! word, takes the opposite of what its major clause says of the rest: before the marker if it
//! says anything there ("The acting is hideous, except for X"), else after the names
//! ("Everyone except X was awful", "Apart from X, the cast is dreadful"), unless a relative
//! pronoun after the names says the rest is said of them ([`MentionRule::Exclusion`]).
//!
//! **The attitude model** ([`attitude`]) then gives most mentions their final compound: a
//! logistic regression, learned from reviews annotated with the reviewer's attitudes, over the
//! rule's compound, what the review's other mentions of the same entity say, the review's
//! compound and the entity's kind and share of the review; a mention's compound becomes
//! `2 P(positive) - 1`. Comparisons, predicates after an aside, exceptions, entities no words
//! judge and entities judged strongly keep the rules' compounds ([`attitude::decides`]).

pub mod attitude;
mod explain;
pub mod learn;
mod lexicon;
mod rules;

#[cfg(test)]
mod tests;

pub use explain::{SentenceExplanation, TokenExplanation};
pub use lexicon::{
    LearnedLayer, LexiconKind, UserLexicon, CRITIC_SCALE, LEARNED_LAYERS, LEARNED_MARKER,
    LEARNED_VALENCE_MIN, LEARNED_VALENCE_SCALE,
};
pub use rules::{Rating, Rule};

use crate::doc::Span;
use crate::entity::Mention;
use crate::tokenize::Tokens;
use attitude::AttitudeModel;
use lexicon::Lexicon;
use rules::{score_sentence, NoTrace, SentenceScore};
use std::sync::Arc;

/// The built-in attitude model ([`AttitudeModel::builtin`]), shared.
fn builtin_attitude() -> Option<Arc<AttitudeModel>> {
    static MODEL: std::sync::OnceLock<Arc<AttitudeModel>> = std::sync::OnceLock::new();
    Some(
        MODEL
            .get_or_init(|| Arc::new(AttitudeModel::builtin().clone()))
            .clone(),
    )
}

/// Tunable weights of the scorer; [`Params::default`] is what ships.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// Weight of the learned evidence in a sentence's sum, relative to lexicon valences.
    pub sentence_learned: f64,
    /// Weight of the mean sentence compound in a review's score.
    pub review_mean: f64,
    /// Weight of the learned document evidence in a review's score.
    pub review_learned: f64,
    /// Weight of the review's last explicit rating ("7/10", "Grade: B-", mapped to -1..1).
    pub review_rating: f64,
    /// Constant term of a review's score.
    pub review_bias: f64,
    /// The learned evidence is divided by `(words + 20)` to this power: 1 is a mean per word,
    /// 0.5 lets longer reviews accumulate evidence (and saturate).
    pub learned_length_power: f64,
    /// How much more the learned evidence of a review's closing, second-to-last and opening
    /// sentences counts than the rest: each sentence's evidence is weighted `1 + p × (w - 1)`,
    /// `w` being its position weight (2, 1.5 and 1.25 for those three, 1 for the others; a
    /// review under [`LEARNED_POSITION_MIN_SENTENCES`] sentences, a tweet of fragments, is
    /// weighted evenly). Critics give their verdict at the end: chosen by 5-fold
    /// cross-validation on critic_polarity_dev.csv and imdb_train.csv, every review weighted
    /// (0 gave 0.845 and 0.883, 1 0.851 and 0.887, 3 0.855 and 0.887, 4 0.859 and 0.886); from
    /// 10 sentences on, 3 gives 0.856 and 0.884.
    pub learned_position: f64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            sentence_learned: 0.0,
            review_mean: 1.0,
            review_learned: 0.8,
            review_rating: 2.0,
            review_bias: 0.0,
            learned_length_power: 0.6,
            learned_position: 3.0,
        }
    }
}

/// Sentences a review needs for [`Params::learned_position`] to weigh its opening and closing
/// sentences' learned evidence more (from 6 on, tweets of short fragments lost 0.003 of their
/// correlation; from 10 on, nothing but long reviews changes).
const LEARNED_POSITION_MIN_SENTENCES: usize = 10;

/// Words from which a learned layer for long reviews ([`LearnedLayer::long_reviews`]) counts
/// fully: the critics' layer was fit to reviews of 200 words or more (99% of
/// critic_polarity_dev.csv's).
pub const LONG_REVIEW_WORDS: f64 = 200.0;

/// How much the layers for long reviews count in a review of `words` words:
/// `min(1, words / LONG_REVIEW_WORDS)²` (a quarter at 100 words, nearly nothing in a tweet).
pub fn long_review_share(words: f64) -> f64 {
    let share = (words / LONG_REVIEW_WORDS).min(1.0);
    share * share
}

/// How many sentences' worth of weight the whole-text sum gets in a review's base score.
const SHORT_TEXT: f64 = 3.0;
/// Words added to a review's length when averaging its learned evidence.
const LEARNED_PRIOR_WORDS: f64 = 20.0;

/// What a review's summed learned evidence is divided by: `(words + 20)^learned_length_power`
/// (the learner fits its weights to evidence averaged the same way, [`learn`]).
pub(crate) fn learned_length_divisor(words: f64, params: &Params) -> f64 {
    (words + LEARNED_PRIOR_WORDS).powf(params.learned_length_power)
}
/// Lexicon hits at which the learned evidence counts half.
const LEARNED_HITS_PRIOR: f64 = 1.0;

/// Minimum weight of each side for a `mixed` review.
pub const MIXED_MIN: f64 = 1.0;
/// Minimum ratio of the weaker side to the stronger for a `mixed` review.
pub const MIXED_BALANCE: f64 = 0.75;
/// Largest |compound| a `mixed` review may have: a split review, not one that leans.
pub const MIXED_MAX_COMPOUND: f64 = 0.25;
/// Largest |compound| a `mixed` sentence may have.
const SENTENCE_MIXED_MAX_COMPOUND: f64 = 0.5;
/// Share of the opposite of a contrasted clause's compound that a mention in a neutral clause
/// before the contrast takes ("X sings the opener, but the rest is dreadful": X leans positive).
pub const CONTRAST_INFER: f64 = 0.5;
/// The valence a comparison by a verb or phrase gives each side ("X outshines Y": X +2, Y
/// -2), as a sentiment word of that valence would; what is said of a side itself comes first.
pub const COMPARISON_VALENCE: f64 = 2.0;
/// Share of the review's compound a mention takes when its sentence holds no sentiment word.
pub const MENTION_INHERIT: f64 = 0.5;
/// Share of opinion (the review's `positive + negative`) below which a review without an
/// explicit rating is `neutral`: a plot summary or an interview, not a verdict.
pub const NEUTRAL_OPINION: f64 = 0.08;
/// Explicit ratings above the first share of the scale and up to the second are `mixed`
/// (above 4/10 up to 6.5/10; 2.5 to 3 stars of 5; C grades), as critics' aggregators read them.
pub const MIXED_RATING: (f64, f64) = (0.4, 0.65);

/// Slope of the calibration of a review's score `y` into a probability of a positive verdict,
/// `1 / (1 + e^(-k y))`: fit by logistic regression to the labels of the fifth of imdb_train.csv
/// the learned weights never saw (`scripts/calibrate_confidence.py`); within each tenth of
/// confidence from 0.7 up, the share of right labels is within 0.03 of the confidence there.
pub const CONFIDENCE_SLOPE: f64 = 2.5;

/// The calibrated probability that a review whose score is `y` is positive.
fn positive_probability(y: f64) -> f64 {
    let p = 1.0 / (1.0 + (-CONFIDENCE_SLOPE * y).exp());
    if p.is_finite() {
        p
    } else {
        0.5
    }
}

/// Compound at or above which a text is positive (at or below the negation, negative).
pub const POSITIVE_THRESHOLD: f64 = 0.05;

/// A human-readable verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    /// Clearly favourable.
    Positive,
    /// Clearly unfavourable.
    Negative,
    /// Strong praise and strong criticism both.
    Mixed,
    /// Neither.
    Neutral,
}

impl Label {
    /// All labels, in report order.
    pub const ALL: [Label; 4] = [
        Label::Positive,
        Label::Negative,
        Label::Mixed,
        Label::Neutral,
    ];

    /// Its place in [`Label::ALL`].
    pub fn index(self) -> usize {
        match self {
            Label::Positive => 0,
            Label::Negative => 1,
            Label::Mixed => 2,
            Label::Neutral => 3,
        }
    }

    /// The name written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Positive => "positive",
            Label::Negative => "negative",
            Label::Mixed => "mixed",
            Label::Neutral => "neutral",
        }
    }

    /// The label of an opinionated text by the sign of its compound alone (never `Mixed`;
    /// `Neutral` only for exactly 0).
    pub fn of_sign(compound: f64) -> Label {
        if compound > 0.0 {
            Label::Positive
        } else if compound < 0.0 {
            Label::Negative
        } else {
            Label::Neutral
        }
    }

    /// The label of a compound score by the thresholds alone (never `Mixed`).
    pub fn of_compound(compound: f64) -> Label {
        if compound >= POSITIVE_THRESHOLD {
            Label::Positive
        } else if compound <= -POSITIVE_THRESHOLD {
            Label::Negative
        } else {
            Label::Neutral
        }
    }
}

/// Scores of one text unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Polarity {
    /// Overall valence, -1 (most negative) to 1 (most positive).
    pub compound: f64,
    /// Share of positive weight.
    pub positive: f64,
    /// Share of negative weight.
    pub negative: f64,
    /// Share of neutral weight.
    pub neutral: f64,
}

impl Default for Polarity {
    /// The scores of a text without sentiment weight: compound 0, all neutral.
    fn default() -> Polarity {
        Polarity {
            compound: 0.0,
            positive: 0.0,
            negative: 0.0,
            neutral: 1.0,
        }
    }
}

/// A polarity with its label.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored {
    /// The scores.
    pub polarity: Polarity,
    /// The verdict.
    pub label: Label,
}

impl Default for Scored {
    fn default() -> Scored {
        Scored {
            polarity: Polarity::default(),
            label: Label::Neutral,
        }
    }
}

/// The rule that gave a mention its compound ([`MentionBasis`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionRule {
    /// The stretch of its sentence that holds it (between commas, clause punctuation and
    /// contrast words).
    Clause,
    /// The predicate after an aside between commas ("X, forced to wear a bad wig, is very
    /// good").
    Predicate,
    /// Its major clause: its own stretch holds no sentiment word.
    MajorClause,
    /// The clause after a contrast that follows it, reversed and halved ([`CONTRAST_INFER`]).
    AgainstContrast,
    /// Its sentence as a whole.
    Sentence,
    /// [`MENTION_INHERIT`] of the review's compound: its sentence judges nothing.
    Review,
    /// Before a comparison's "than", verb or phrase: the side it puts the name on ("X is
    /// funnier than Y", "X outshines Y": X).
    Comparison,
    /// After a comparison: what is said of the name between the comparison and it ("than the
    /// shrill Y").
    AfterThan,
    /// After a comparison: the other side ("X is funnier than Y", "X outshines Y": Y).
    AgainstComparison,
    /// After "than": the comparative's own sign, as the comparison is negated, says nothing
    /// compares or says "even" ("no better than Y").
    WithComparison,
    /// After "the only reason to watch ... is": what the phrase singles out, on the side of
    /// what precedes it.
    SingledOut,
    /// Excepted from what its clause says ("everyone except X was awful", "apart from X, the
    /// cast is dreadful"): its clause's compound, reversed.
    Exclusion,
}

impl MentionRule {
    /// How `explain` says it, after "from".
    pub fn describe(self) -> &'static str {
        match self {
            MentionRule::Clause => "its clause",
            MentionRule::Predicate => "the predicate after the aside",
            MentionRule::MajorClause => "its major clause (its own stretch judges nothing)",
            MentionRule::AgainstContrast => "the contrast after it, reversed and halved",
            MentionRule::Sentence => "its sentence",
            MentionRule::Review => "half the review's compound (its sentence judges nothing)",
            MentionRule::Comparison => "the comparison it makes",
            MentionRule::AfterThan => "what is said of it after the comparison",
            MentionRule::AgainstComparison => "the comparison, reversed",
            MentionRule::SingledOut => "what the phrase singles out",
            MentionRule::Exclusion => "the clause it is excepted from, reversed",
            MentionRule::WithComparison => {
                "the comparison, with its sign (negated, nothing compares, or \"even\")"
            }
        }
    }
}

/// What the attitude model made of a mention ([`Scorer::mention_attitudes`]).
#[derive(Clone, Debug, PartialEq)]
pub struct MentionAttitude {
    /// The rule that gave the mention its compound before the model, and the words it read.
    pub basis: MentionBasis,
    /// That compound.
    pub rule_compound: f64,
    /// What the model weighed, where it decided the compound.
    pub model: Option<AttitudeDecision>,
}

/// How the attitude model decided a mention's compound (`2 p_positive - 1`).
#[derive(Clone, Debug, PartialEq)]
pub struct AttitudeDecision {
    /// The probability of a positive attitude.
    pub p_positive: f64,
    /// Each feature that is not 0: its name, its value and its contribution (weight times
    /// value) to the log-odds of a positive attitude.
    pub features: Vec<(&'static str, f64, f64)>,
}

/// What decided a mention's compound: the rule and the bytes of the words it read (trimmed of
/// the spaces and marks at their ends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MentionBasis {
    /// The rule.
    pub rule: MentionRule,
    /// The words it read.
    pub words: Span,
}

impl MentionBasis {
    /// The words it read in `text`, without the spaces and marks at their ends.
    pub fn words_of<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.words.range())
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric())
    }

    fn new(rule: MentionRule, start: u32, end: u32) -> MentionBasis {
        MentionBasis {
            rule,
            words: Span {
                start,
                end: end.max(start),
            },
        }
    }
}

/// What a document's scores keep of a sentence: its compound, label and learned evidence (16
/// bytes; its shares are in no report, and [`Scorer::explain`] gives them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SentenceSentiment {
    /// Overall valence, -1..1.
    pub compound: f64,
    /// The verdict.
    pub label: Label,
    /// The sentence's learned evidence: the sum of its words' learned weights (both layers,
    /// with clause weights), which its compound reads only as much as
    /// [`Params::sentence_learned`] says (not at all by default); the attitude model reads it.
    pub learned: f32,
}

const _: () = assert!(std::mem::size_of::<SentenceSentiment>() == 16);

/// The sentiment of one document. Reused across documents.
#[derive(Clone, Debug, Default)]
pub struct Sentiment {
    /// One per sentence, in order.
    pub sentences: Vec<SentenceSentiment>,
    /// The whole review.
    pub review: Scored,
    /// One compound per mention, in the order of the mentions given.
    pub mentions: Vec<f64>,
    /// What decided each mention's compound, in the same order (for `explain`).
    pub mention_bases: Vec<MentionBasis>,
    /// Which rule gave the review its label.
    pub basis: LabelBasis,
    /// The review's last explicit rating, if it states one.
    pub rating: Option<Rating>,
    /// How sure the label is, 0..1 (see [`LabelBasis::confidence`]).
    pub confidence: f64,
    /// Scratch: the mentions sorted by start, when they are not given so.
    masked: Vec<Mention>,
    /// Scratch: the mentions' indices in text order, when they are not given in that order.
    order: Vec<u32>,
    /// Scratch: the sentence being scored.
    sentence: SentenceScore,
    /// Scratch: the mentions' entities, for the attitude model.
    attitude: attitude::Scratch,
}

/// Which rule gave a review its label (see the module docs, **Labels**).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LabelBasis {
    /// The review's explicit rating ("6/10", "Grade: B").
    Rating,
    /// Little opinion: positive + negative shares under [`NEUTRAL_OPINION`].
    #[default]
    LittleOpinion,
    /// Strong praise and strong criticism, balanced.
    Balanced,
    /// The sign of the compound.
    Sign,
}

impl LabelBasis {
    /// What a review's `confidence` (reviews.csv's `verdict_confidence`) is for a label on
    /// this basis.
    pub fn confidence(self) -> &'static str {
        match self {
            LabelBasis::Rating => "1: the critic's own rating",
            LabelBasis::LittleOpinion => {
                "how far its opinion share is below the neutral line: 1 - (positive + negative) / 0.08"
            }
            LabelBasis::Balanced => {
                "how close the calibrated probability of a positive verdict is to one half"
            }
            LabelBasis::Sign => "the calibrated probability of the label",
        }
    }
}

impl LabelBasis {
    /// A sentence saying why, for explanations.
    pub fn describe(self) -> &'static str {
        match self {
            LabelBasis::Rating => {
                "its explicit rating is the verdict (above 4/10 up to 6.5/10, 2.5-3 stars of 5 or \
                 a C grade is mixed; higher is positive, lower negative)"
            }
            LabelBasis::LittleOpinion => {
                "it holds little opinion (positive + negative shares under 0.08)"
            }
            LabelBasis::Balanced => {
                "strongly positive and strongly negative sentences (|compound| >= 0.5) each add up \
                 to 1.0, the weaker side at least three quarters of the stronger, with \
                 |compound| <= 0.25"
            }
            LabelBasis::Sign => "it holds opinion, so it leans the way its compound's sign says",
        }
    }
}

/// Scores tokenized documents. Built once, shared by all threads.
#[derive(Clone, Debug)]
pub struct Scorer {
    lexicon: Lexicon,
    params: Params,
    /// The attitude model that gives each mention its compound from its rule's and the rest
    /// of what the review says of its entity; `None`: the rules' compounds stand.
    attitude: Option<Arc<AttitudeModel>>,
}

impl Default for Scorer {
    fn default() -> Scorer {
        Scorer::new()
    }
}

/// VADER's normalization of a sum of valences into -1..1.
#[inline]
pub(crate) fn normalize(x: f64, alpha: f64) -> f64 {
    let c = x / (x * x + alpha).sqrt();
    if c.is_finite() {
        c.clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

/// The compound of a sentence's raw scores.
#[inline]
fn sentence_compound(s: &SentenceScore, params: &Params) -> f64 {
    normalize(sentence_sum(s, params), 15.0)
}

/// A sentence's sum of valences, learned evidence and emphasis.
#[inline]
fn sentence_sum(s: &SentenceScore, params: &Params) -> f64 {
    let x = s.raw + params.sentence_learned * s.learned;
    if x > 0.0 {
        x + s.emphasis
    } else if x < 0.0 {
        x - s.emphasis
    } else {
        x
    }
}

/// The scores of a sentence from its raw scores.
fn sentence_polarity(s: &SentenceScore, params: &Params) -> Polarity {
    let compound = sentence_compound(s, params);
    let mut pos = s.pos_sum;
    let mut neg = s.neg_sum.abs();
    if pos > neg {
        pos += s.emphasis;
    } else if neg > pos {
        neg += s.emphasis;
    }
    let total = pos + neg + s.neutral as f64;
    if total <= 0.0 {
        // Nothing weighs ("!!! ???"): all neutral, so the shares still sum to 1.
        return Polarity {
            compound,
            ..Polarity::default()
        };
    }
    let positive = pos / total;
    let negative = neg / total;
    Polarity {
        compound,
        positive,
        negative,
        neutral: (1.0 - positive - negative).max(0.0),
    }
}

/// Running totals for a review.
#[derive(Default)]
struct ReviewTotals {
    sentences: f64,
    sum: f64,
    weighted_compound: f64,
    weight: f64,
    /// Learned evidence, the opening and closing sentences' weighted up.
    learned: f64,
    /// Learned evidence, every sentence alike: what the `mixed` test reads.
    learned_even: f64,
    /// The same two of the layers for long reviews.
    learned_long: f64,
    learned_long_even: f64,
    words: f64,
    hits: f64,
    positive: f64,
    negative: f64,
    neutral: f64,
    share_weight: f64,
    strong_positive: f64,
    strong_negative: f64,
    rating: Option<Rating>,
}

impl Sentiment {
    /// Frees the lists a very large document grew ([`crate::scratch`]).
    pub(crate) fn trim(&mut self) {
        crate::scratch::trim(&mut self.sentences);
        crate::scratch::trim(&mut self.mentions);
        crate::scratch::trim(&mut self.mention_bases);
        self.attitude.trim();
    }
}

impl Scorer {
    /// A scorer with the built-in lexicon and rules.
    pub fn new() -> Scorer {
        Scorer::with_params(Params::default())
    }

    /// A scorer with the built-in lexicon extended (and overridden) by the user's lexicon
    /// files, in order: a later file wins.
    pub fn with_lexicons(params: Params, lexicons: &[UserLexicon]) -> Scorer {
        let mut lexicon = Lexicon::builtin();
        for user in lexicons {
            lexicon.apply(user);
        }
        Scorer {
            lexicon,
            params,
            attitude: builtin_attitude(),
        }
    }

    /// [`Scorer::with_lexicons`] with the built-in learned layer learned from the file named
    /// `source` replaced by `weights` (cross-validation: weights learned from the other folds
    /// of that file); false, and no replacement, when no built-in layer was learned from it.
    pub fn with_layer_replaced(
        params: Params,
        lexicons: &[UserLexicon],
        source: &str,
        weights: &[(String, f32)],
    ) -> (Scorer, bool) {
        let (mut lexicon, replaced) = Lexicon::builtin_replacing(source, weights);
        for user in lexicons {
            lexicon.apply(user);
        }
        (
            Scorer {
                lexicon,
                params,
                attitude: builtin_attitude(),
            },
            replaced,
        )
    }

    /// A scorer with the built-in lexicon and the lexicon files at `paths` (see
    /// [`UserLexicon`]); a malformed file is an error naming it and the line.
    pub fn with_lexicon_files(
        params: Params,
        paths: &[impl AsRef<std::path::Path>],
    ) -> crate::error::Result<Scorer> {
        let lexicons = paths
            .iter()
            .map(|p| UserLexicon::from_path(p.as_ref()))
            .collect::<crate::error::Result<Vec<_>>>()?;
        Ok(Scorer::with_lexicons(params, &lexicons))
    }

    /// A scorer with the built-in lexicon and rules and the given weights.
    pub fn with_params(params: Params) -> Scorer {
        Scorer {
            lexicon: Lexicon::builtin(),
            params,
            attitude: builtin_attitude(),
        }
    }

    /// This scorer with `model` giving each mention its compound (`None`: the mention rules'
    /// compounds stand, as [`attitude`] learns from).
    pub fn with_attitude(mut self, model: Option<AttitudeModel>) -> Scorer {
        self.attitude = model.map(Arc::new);
        self
    }

    /// The attitude model in use, if any.
    pub fn attitude(&self) -> Option<&AttitudeModel> {
        self.attitude.as_deref()
    }

    /// The weights in use.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Number of terms (words, two-word terms, emoticons, emoji) the scorer knows.
    pub fn lexicon_len(&self) -> usize {
        self.lexicon.len()
    }

    /// Scores the document `text` into `out` (cleared first).
    pub fn score(&self, text: &str, tokens: &Tokens, mentions: &[Mention], out: &mut Sentiment) {
        self.score_with(text, tokens, mentions, out, self.attitude.as_deref());
    }

    /// What the attitude model made of each of `mentions` in `text` (for `explain`): the
    /// compound its rule gave it, and, where the model decides it, the probability of a
    /// positive attitude and each feature's value and contribution.
    pub fn mention_attitudes(
        &self,
        text: &str,
        tokens: &Tokens,
        mentions: &[Mention],
    ) -> Vec<MentionAttitude> {
        let mut out = Sentiment::default();
        self.score_with(text, tokens, mentions, &mut out, None);
        let input = attitude::MentionInput {
            mentions,
            compounds: &out.mentions,
            bases: &out.mention_bases,
            review: out.review.polarity.compound,
            sentences: &out.sentences,
        };
        let features = attitude::features(&input, &mut attitude::Scratch::default());
        features
            .iter()
            .zip(&out.mentions)
            .zip(&out.mention_bases)
            .map(|((x, &rule_compound), basis)| MentionAttitude {
                basis: *basis,
                rule_compound,
                model: self
                    .attitude
                    .as_deref()
                    .filter(|_| attitude::decides(basis.rule, x))
                    .map(|model| AttitudeDecision {
                        p_positive: model.positive(x),
                        features: attitude::FEATURES
                            .iter()
                            .enumerate()
                            .map(|(f, &name)| (name, x[f], model.weight(f) * x[f]))
                            .filter(|&(_, value, _)| value != 0.0)
                            .collect(),
                    }),
            })
            .collect()
    }

    /// [`Scorer::score`] with `model` as the attitude model (`None`: the rules' compounds).
    fn score_with(
        &self,
        text: &str,
        tokens: &Tokens,
        mentions: &[Mention],
        out: &mut Sentiment,
        model: Option<&AttitudeModel>,
    ) {
        let sentences = tokens.sentences();
        let n = sentences.len();
        out.sentences.clear();
        out.sentences.reserve_exact(n);
        out.mentions.clear();
        out.mentions.resize(mentions.len(), 0.0);
        out.mention_bases.clear();
        out.mention_bases.resize(
            mentions.len(),
            MentionBasis::new(MentionRule::Sentence, 0, 0),
        );
        let mut scratch = std::mem::take(&mut out.sentence);
        let mut totals = ReviewTotals::default();
        // Names carry no sentiment ("Blake Lively" is not lively): the mentions mask their
        // words, read in place when in text order (as the extractor gives them).
        let mut masked = std::mem::take(&mut out.masked);
        masked.clear();
        let sorted = mentions
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start);
        if !sorted {
            masked.extend_from_slice(mentions);
            masked.sort_unstable_by_key(|m| m.span.start);
        }
        let in_order = if sorted { mentions } else { &masked[..] };
        // The mentions in text order: each takes its compound as soon as its sentence is
        // scored, so that no sentence is scored twice and no sentence's segments are kept.
        let mut order = std::mem::take(&mut out.order);
        order.clear();
        if !sorted {
            order.extend(0..mentions.len() as u32);
            order.sort_by_key(|&m| mentions[m as usize].span.start);
        }
        let mut next = 0;
        for index in 0..n {
            score_sentence(
                &self.lexicon,
                text,
                tokens,
                index,
                in_order,
                &mut scratch,
                &mut NoTrace,
            );
            let polarity = sentence_polarity(&scratch, &self.params);
            let label = sentence_label(&scratch, polarity.compound);
            out.sentences.push(SentenceSentiment {
                compound: polarity.compound,
                label,
                learned: (scratch.learned + scratch.learned_long) as f32,
            });
            totals.add(index, n, &scratch, &polarity, &self.params);
            // A mention belongs to the last sentence starting at or before it (the first
            // sentence if none does).
            let end = sentences.get(index + 1).map_or(u32::MAX, |s| s.span.start);
            while next < mentions.len() {
                let m = if sorted { next } else { order[next] as usize };
                let start = mentions[m].span.start;
                if start >= end {
                    break;
                }
                let sentence_end = sentences[index].span.end;
                // The mention's first token (its document index), which only a comparison
                // or an exception reads.
                let token = if scratch.comparisons.is_empty() && scratch.exclusions.is_empty() {
                    0
                } else {
                    tokens.tokens().partition_point(|t| t.span.start < start) as u32
                };
                let (compound, basis) =
                    self.mention_compound(start, token, &scratch, polarity.compound, sentence_end);
                out.mentions[m] = compound;
                out.mention_bases[m] = basis;
                next += 1;
            }
        }
        (out.review, out.basis, out.confidence) = totals.finish(&self.params);
        out.rating = totals.rating;
        let inherited = MENTION_INHERIT * out.review.polarity.compound;
        for compound in &mut out.mentions {
            if compound.is_nan() {
                *compound = inherited;
            }
        }
        if let Some(model) = model {
            model.apply(
                mentions,
                &out.mention_bases,
                &mut out.mentions,
                out.review.polarity.compound,
                &out.sentences,
                &mut out.attitude,
            );
        }
        // The scratch of a very large document is given back ([`crate::scratch`]).
        crate::scratch::trim(&mut masked);
        crate::scratch::trim(&mut order);
        scratch.trim();
        out.masked = masked;
        out.order = order;
        out.sentence = scratch;
    }

    /// The compound of a mention starting at byte `start` of the sentence just scored into `s`
    /// (whose compound is `sentence`, and which ends at byte `end`), and what decided it: a
    /// comparison, else its segment's, else its major clause's, else its sentence's; NaN for a
    /// sentence without sentiment words, whose mentions take part of the review's compound once
    /// it is known.
    fn mention_compound(
        &self,
        start: u32,
        token: u32,
        s: &SentenceScore,
        sentence: f64,
        end: u32,
    ) -> (f64, MentionBasis) {
        let segs = &s.segments[..s.n_segments];
        let at = segs.partition_point(|g| g.start <= start).saturating_sub(1);
        let Some(seg) = segs.get(at).copied() else {
            return (0.0, MentionBasis::new(MentionRule::Sentence, 0, 0));
        };
        let seg_end = |i: usize| segs.get(i + 1).map_or(end, |g| g.start);
        if let Some(c) = s.comparisons.iter().find(|c| c.segment == at) {
            if start >= seg.start {
                if let Some(found) = self.comparison_compound(start, token, s, &seg, c) {
                    return found;
                }
            }
        }
        // "The acting is hideous, except for X", "Everyone except X was awful", "Apart from X,
        // the cast is dreadful": an excepted name takes the opposite of what its clause says
        // of the rest, before the exception if it says anything there, else after the names.
        let excepted = s
            .exclusions
            .iter()
            .find(|e| e.segment == at && e.excepts(token));
        if let Some(e) = excepted {
            if let Some((c, from, to)) = self.excepted_from(segs, at, e, end) {
                let basis = MentionBasis::new(MentionRule::Exclusion, from, to);
                return (-c, basis);
            }
        }
        // A mention before the start of the segment it falls in stood alone before a comma
        // (its own stretch, holding only names, merged into the next): a subject set off from
        // its predicate, whose sentiment it takes ("Rachel McAdams, forced to wear this year's
        // worst hairdo, is very good").
        if start < seg.start {
            let predicate = (at + 1..segs.len())
                .take_while(|&i| segs[i].major == seg.major)
                .find(|&i| segs[i].predicate && segs[i].hits > 0);
            if let Some(i) = predicate {
                if let Some(c) = self.compound_of(std::iter::once(&segs[i])) {
                    let basis =
                        MentionBasis::new(MentionRule::Predicate, segs[i].start, seg_end(i));
                    return (c, basis);
                }
            }
        }
        if let Some(c) = self.compound_of(std::iter::once(&seg)) {
            return (
                c,
                MentionBasis::new(MentionRule::Clause, seg.start, seg_end(at)),
            );
        }
        // "Unlike X, the sequel is a delight": a stretch that sets a name against its clause,
        // with no sentiment word of its own, leans against what the clause says next.
        if seg.set_against {
            let next = (at + 1..segs.len())
                .take_while(|&i| segs[i].major == seg.major)
                .find(|&i| segs[i].hits > 0);
            if let Some(i) = next {
                if let Some(c) = self.compound_of(std::iter::once(&segs[i])) {
                    let basis =
                        MentionBasis::new(MentionRule::AgainstContrast, segs[i].start, seg_end(i));
                    return (-CONTRAST_INFER * c, basis);
                }
            }
        }
        let major = |m: u8| {
            let (first, last) = major_bounds(segs, m, at);
            (segs[first].start, seg_end(last))
        };
        if let Some(c) = self.compound_of(segs.iter().filter(|g| g.major == seg.major)) {
            let (a, b) = major(seg.major);
            return (c, MentionBasis::new(MentionRule::MajorClause, a, b));
        }
        // "Britton sings the opener, but I was less impressed by Panettiere": a neutral
        // clause before a contrast stands against what follows it.
        let next = seg.major.wrapping_add(1);
        if segs.iter().any(|g| g.major == next && g.contrast) {
            if let Some(c) = self.compound_of(segs.iter().filter(|g| g.major == next)) {
                let (a, b) = major(next);
                return (
                    -CONTRAST_INFER * c,
                    MentionBasis::new(MentionRule::AgainstContrast, a, b),
                );
            }
        }
        let whole = MentionBasis::new(MentionRule::Sentence, segs[0].start, end);
        if s.hits == 0 {
            // Nothing in the sentence judges anything ("Tom Hanks and Austin Butler in Elvis.",
            // a cast list, a heading): the review's attitude, held with less confidence.
            return (
                f64::NAN,
                MentionBasis {
                    rule: MentionRule::Review,
                    ..whole
                },
            );
        }
        (sentence, whole)
    }

    /// The compound of a mention at byte `start` (its first token `token`) of segment `seg`,
    /// which holds the comparison `c` ("X is funnier than Y", "X outshines Y"), and what
    /// decided it, if the comparison decides it: before the comparison, the side it puts the
    /// name on; after it, what is said of the name between the two if that holds a sentiment
    /// word ("than the shrill Y"), else what "the only reason to watch ... is" singles out
    /// (the first side), else the other side ("funnier than Y": Y leans negative), or the
    /// comparative's own when the comparison is negated or nothing compares ("no better than
    /// Y", "nothing is more tedious than Y").
    fn comparison_compound(
        &self,
        start: u32,
        token: u32,
        s: &SentenceScore,
        seg: &rules::Segment,
        c: &rules::Comparison,
    ) -> Option<(f64, MentionBasis)> {
        let (raw, learned, hits) = c.before;
        let compound = |raw: f32, learned: f32| {
            normalize(
                raw as f64 + self.params.sentence_learned * learned as f64,
                15.0,
            )
        };
        let before = if c.sign != 0 {
            // A verb or phrase says the side itself ("X outshines Y"), as firmly as a
            // sentiment word of valence COMPARISON_VALENCE would.
            let side = if c.same { -c.sign } else { c.sign };
            Some(normalize(f64::from(side) * COMPARISON_VALENCE, 15.0))
        } else {
            (hits > 0).then(|| compound(raw, learned))
        };
        let comparison = |rule| MentionBasis::new(rule, seg.start, c.at);
        if start < c.at {
            // A name before the comparison's subject ("X is dreadful and Y is the only saving
            // grace": X) is judged by its own words.
            if start < c.subject_from {
                return None;
            }
            return before.map(|c| (c, comparison(MentionRule::Comparison)));
        }
        // "The only reason to watch this mess is X": the name after the linking verb is what
        // is singled out, on the side of what precedes; what is said of it counts from there.
        let singled = token > c.link;
        let from = if singled { c.link } else { c.token };
        // What is said of the name between the comparison and it ("than the shrill Y").
        let (mut said, mut said_hits) = (0.0f64, 0u32);
        for &(t, v) in &s.after_marks {
            if t > from && t < token {
                said += f64::from(v);
                said_hits += 1;
            }
        }
        if said_hits > 0 {
            return Some((
                normalize(said, 15.0),
                MentionBasis::new(MentionRule::AfterThan, c.at, start),
            ));
        }
        if singled {
            return before.map(|b| (b, comparison(MentionRule::SingledOut)));
        }
        // The other side: the comparative's own sign ("funnier than Y"), or the verb's.
        let side = if c.sign == 0 {
            normalize(f64::from(c.valence), 15.0)
        } else {
            before?
        };
        Some(if c.same && c.sign == 0 {
            (side, comparison(MentionRule::WithComparison))
        } else {
            (-side, comparison(MentionRule::AgainstComparison))
        })
    }

    /// What the names of exception `e` in segment `at` of `segs` (a sentence ending at byte
    /// `end`) are excepted from: the compound of their major clause before the exception, if
    /// it holds a sentiment word; else of the rest of the major clause, unless a relative
    /// pronoun says the rest is said of the names. With the bytes it covers.
    fn excepted_from(
        &self,
        segs: &[rules::Segment],
        at: usize,
        e: &rules::Exclusion,
        end: u32,
    ) -> Option<(f64, u32, u32)> {
        let seg = &segs[at];
        let seg_end = |i: usize| segs.get(i + 1).map_or(end, |g| g.start);
        let (first, last) = major_bounds(segs, seg.major, at);
        // The segment's own words before the marker, and after it.
        let before = rules::Segment {
            raw: e.before.0,
            learned: e.before.1,
            hits: e.before.2,
            ..*seg
        };
        let after = rules::Segment {
            raw: seg.raw - e.before.0,
            learned: seg.learned - e.before.1,
            hits: seg.hits - e.before.2,
            ..*seg
        };
        if let Some(c) = self.compound_of(std::iter::once(&before).chain(&segs[first..at])) {
            return Some((c, segs[first].start, seg_end(at)));
        }
        if e.relative {
            return None;
        }
        let rest = std::iter::once(&after).chain(&segs[at + 1..=last]);
        self.compound_of(rest)
            .map(|c| (c, seg.start, seg_end(last)))
    }

    /// The compound of the segments `segs` together, if they hold a sentiment word.
    fn compound_of<'g>(&self, segs: impl Iterator<Item = &'g rules::Segment>) -> Option<f64> {
        let (mut raw, mut learned, mut hits) = (0.0f64, 0.0f64, 0u32);
        for g in segs {
            raw += g.raw as f64;
            learned += g.learned as f64;
            hits += g.hits as u32;
        }
        (hits > 0).then(|| normalize(raw + self.params.sentence_learned * learned, 15.0))
    }

    /// Why each sentence of `text` got its score: per sentence, the tokens with their valences
    /// and the rules that fired. Words inside `mentions` carry no sentiment, as in [`Scorer::score`].
    pub fn explain(
        &self,
        text: &str,
        tokens: &Tokens,
        mentions: &[Mention],
    ) -> Vec<SentenceExplanation> {
        let mut masked: Vec<Span> = mentions.iter().map(|m| m.span).collect();
        masked.sort_unstable_by_key(|s| s.start);
        explain::explain(&self.lexicon, &self.params, text, tokens, &masked)
    }
}

/// The first and last of `segs` in major clause `major` (`at` if none is).
fn major_bounds(segs: &[rules::Segment], major: u8, at: usize) -> (usize, usize) {
    let first = segs.iter().position(|g| g.major == major).unwrap_or(at);
    let last = segs.iter().rposition(|g| g.major == major).unwrap_or(at);
    (first, last)
}

/// A sentence's label: `mixed` when it holds a strongly positive and a strongly negative
/// segment, else by the thresholds.
fn sentence_label(s: &SentenceScore, compound: f64) -> Label {
    let segs = &s.segments[..s.n_segments];
    let strong_pos = segs.iter().any(|g| g.raw >= 1.5);
    let strong_neg = segs.iter().any(|g| g.raw <= -1.5);
    if strong_pos && strong_neg && compound.abs() < SENTENCE_MIXED_MAX_COMPOUND {
        Label::Mixed
    } else {
        Label::of_compound(compound)
    }
}

/// The weight of sentence `index` of a review of `n` in the review's mean: with 3 sentences or
/// more, 2 for the last, 1.5 for the one before, 1.25 for the first, 1 for the others.
fn sentence_position(index: usize, n: usize) -> f64 {
    if n < 3 {
        1.0
    } else if index + 1 == n {
        2.0
    } else if index + 2 == n {
        1.5
    } else if index == 0 {
        1.25
    } else {
        1.0
    }
}

/// How much more than the rest the learned evidence of a sentence of weight `position` counts
/// in a review of `n` sentences ([`Params::learned_position`]).
fn learned_emphasis(position: f64, n: usize, params: &Params) -> f64 {
    if n >= LEARNED_POSITION_MIN_SENTENCES {
        params.learned_position * (position - 1.0)
    } else {
        0.0
    }
}

/// The weight of the learned evidence of sentence `index` of `n`, as [`Scorer::score`] counts
/// it (the learner fits weights to evidence weighed the same way).
pub(crate) fn learned_position_weight(index: usize, n: usize, params: &Params) -> f64 {
    1.0 + learned_emphasis(sentence_position(index, n), n, params)
}

impl ReviewTotals {
    fn add(&mut self, index: usize, n: usize, s: &SentenceScore, p: &Polarity, params: &Params) {
        if s.words == 0 && s.hits == 0 {
            return;
        }
        let position = sentence_position(index, n);
        if let Some(r) = s.rating {
            r.offer(&mut self.rating);
        }
        let c = p.compound;
        self.sentences += 1.0;
        self.sum += sentence_sum(s, params);
        let w = position * (0.25 + c.abs());
        self.weighted_compound += w * c;
        self.weight += w;
        // A review long enough to have an opening and a close (not a tweet of fragments).
        let emphasis = learned_emphasis(position, n, params);
        self.learned += s.learned * (1.0 + emphasis);
        self.learned_even += s.learned;
        self.learned_long += s.learned_long * (1.0 + emphasis);
        self.learned_long_even += s.learned_long;
        self.words += s.words as f64;
        self.hits += s.hits as f64;
        let share_weight = s.words.max(1) as f64;
        self.positive += p.positive * share_weight;
        self.negative += p.negative * share_weight;
        self.neutral += p.neutral * share_weight;
        self.share_weight += share_weight;
        if c >= 0.5 {
            self.strong_positive += position * c;
        } else if c <= -0.5 {
            self.strong_negative += position * -c;
        }
    }

    fn finish(&self, params: &Params) -> (Scored, LabelBasis, f64) {
        if self.weight <= 0.0 {
            // No sentence with words or sentiment ("...", "!!! ???"): neutral, all neutral.
            return (Scored::default(), LabelBasis::LittleOpinion, 1.0);
        }
        // Short texts: mostly the compound of the whole text's sum, as VADER; long ones: the
        // weighted mean of the sentences.
        let mean = self.weighted_compound / self.weight;
        let whole = normalize(self.sum, 15.0);
        let base = (SHORT_TEXT * whole + self.sentences * mean) / (SHORT_TEXT + self.sentences);
        // Learned evidence counts once the text holds opinion words: "The series has eight
        // episodes" is no praise, however often IMDB's fans write "series".
        let opinion = self.hits / (self.hits + LEARNED_HITS_PRIOR);
        let per_length = opinion / learned_length_divisor(self.words, params);
        let rating = self.rating.map_or(0.0, Rating::value);
        let score = |learned: f64| {
            params.review_mean * base
                + params.review_learned * learned * per_length
                + params.review_rating * rating
                + params.review_bias
        };
        let long = long_review_share(self.words);
        let y = score(self.learned + long * self.learned_long);
        let compound = normalize(y, 1.0);
        // Whether the review leans too far to be `mixed` is judged on its evidence weighed
        // evenly: a split review's close does not make it one-sided.
        let even_compound = normalize(
            score(self.learned_even + long * self.learned_long_even),
            1.0,
        );
        let (positive, negative, neutral) = if self.share_weight > 0.0 {
            let pos = self.positive / self.share_weight;
            let neg = self.negative / self.share_weight;
            (pos, neg, (1.0 - pos - neg).max(0.0))
        } else {
            (0.0, 0.0, 1.0)
        };
        let (strong, weak) = if self.strong_positive >= self.strong_negative {
            (self.strong_positive, self.strong_negative)
        } else {
            (self.strong_negative, self.strong_positive)
        };
        let mixed = weak >= MIXED_MIN
            && weak >= MIXED_BALANCE * strong
            && even_compound.abs() <= MIXED_MAX_COMPOUND;
        let (label, basis) = match self.rating {
            // The critic's own rating is the verdict: "6/10", "3/5", "C+" are mixed.
            Some(r) if (MIXED_RATING.0 < r.share) && r.share <= MIXED_RATING.1 => {
                (Label::Mixed, LabelBasis::Rating)
            }
            Some(_) => (Label::of_sign(compound), LabelBasis::Rating),
            // Little opinion: an informative piece, whatever its few opinion words lean to.
            None if positive + negative < NEUTRAL_OPINION => {
                (Label::Neutral, LabelBasis::LittleOpinion)
            }
            None if mixed => (Label::Mixed, LabelBasis::Balanced),
            // An opinionated review leans one way, however slightly.
            None => (Label::of_sign(compound), LabelBasis::Sign),
        };
        let p = positive_probability(y);
        let confidence = match basis {
            LabelBasis::Rating => 1.0,
            LabelBasis::LittleOpinion => (1.0 - (positive + negative) / NEUTRAL_OPINION).max(0.0),
            LabelBasis::Balanced => 1.0 - (2.0 * p - 1.0).abs(),
            LabelBasis::Sign => p.max(1.0 - p),
        };
        let scored = Scored {
            polarity: Polarity {
                compound,
                positive,
                negative,
                neutral,
            },
            label,
        };
        (scored, basis, confidence)
    }
}
