//! Explanations: why each sentence got its score, for `reviewlens explain`.
//!
//! The explanation runs the same sentence pass as scoring ([`super::rules::score_sentence`])
//! with a recording tracer, so what it shows is exactly what the scorer did.

use super::lexicon::Lexicon;
use super::rules::{score_sentence, Rule, SentenceScore, Trace};
use super::{sentence_label, sentence_polarity, Params, Scored};
use crate::doc::Span;
use crate::tokenize::Tokens;

/// One token that carried sentiment or learned evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenExplanation {
    /// Index of the token in the document's tokens.
    pub token: usize,
    /// Where the token is in the text.
    pub span: Span,
    /// The token's text.
    pub text: String,
    /// Its lexicon valence (-4..4) before rules; 0 when it has none.
    pub lexicon: f32,
    /// Its learned weight (unigram plus bigram ending here).
    pub learned: f32,
    /// What it adds to the sentence's valence sum after rules and clause weights.
    pub valence: f64,
    /// The rules that changed it.
    pub rules: Vec<Rule>,
}

/// One sentence's score and the evidence for it.
#[derive(Clone, Debug, PartialEq)]
pub struct SentenceExplanation {
    /// Where the sentence is in the text.
    pub span: Span,
    /// Its score and label.
    pub scored: Scored,
    /// The tokens with valence or learned weight, in text order.
    pub tokens: Vec<TokenExplanation>,
    /// Rules that fired on the sentence as a whole ("!" emphasis...).
    pub rules: Vec<Rule>,
}

struct Recorder<'a> {
    text: &'a str,
    tokens: &'a Tokens,
    out: Vec<TokenExplanation>,
    rules: Vec<Rule>,
}

impl Recorder<'_> {
    fn entry(&mut self, index: usize) -> &mut TokenExplanation {
        if let Some(pos) = self.out.iter().position(|e| e.token == index) {
            return &mut self.out[pos];
        }
        let span = self.tokens.tokens()[index].span;
        self.out.push(TokenExplanation {
            token: index,
            span,
            text: span.of(self.text).to_string(),
            lexicon: 0.0,
            learned: 0.0,
            valence: 0.0,
            rules: Vec::new(),
        });
        self.out.last_mut().expect("just pushed")
    }
}

impl Trace for Recorder<'_> {
    const ON: bool = true;

    fn token(&mut self, index: usize, base: f32, learned: f32, valence: f64) {
        let e = self.entry(index);
        if base != 0.0 {
            e.lexicon = base;
        }
        e.learned += learned;
        e.valence += valence;
    }

    fn scale(&mut self, factor: f64) {
        for e in &mut self.out {
            e.valence *= factor;
        }
    }

    fn rule(&mut self, index: Option<usize>, rule: Rule) {
        match index {
            Some(i) => {
                let e = self.entry(i);
                if !e.rules.contains(&rule) {
                    e.rules.push(rule);
                }
            }
            None => self.rules.push(rule),
        }
    }
}

/// Explains every sentence of `text`; words inside `masked` spans (sorted entity mentions)
/// carry no sentiment, as in scoring.
pub(crate) fn explain(
    lex: &Lexicon,
    params: &Params,
    text: &str,
    tokens: &Tokens,
    masked: &[Span],
) -> Vec<SentenceExplanation> {
    let mut scratch = SentenceScore::default();
    let mut result = Vec::with_capacity(tokens.sentences().len());
    for (index, sentence) in tokens.sentences().iter().enumerate() {
        let mut rec = Recorder {
            text,
            tokens,
            out: Vec::new(),
            rules: Vec::new(),
        };
        score_sentence(lex, text, tokens, index, masked, &mut scratch, &mut rec);
        let polarity = sentence_polarity(&scratch, params);
        let label = sentence_label(&scratch, polarity.compound);
        rec.out.sort_by_key(|e| e.token);
        result.push(SentenceExplanation {
            span: sentence.span,
            scored: Scored { polarity, label },
            tokens: rec.out,
            rules: rec.rules,
        });
    }
    result
}
