//! Tokenization: sentences and words with byte offsets into the original text.
//!
//! Invariants (checked by tests):
//! - every [`Token::span`] and [`Sentence::span`] lies on `char` boundaries of the input text;
//! - tokens are in text order, do not overlap and never contain white space;
//! - every token belongs to exactly one sentence, and `Sentence::tokens` ranges tile `0..len`;
//! - a token's lowercase form ([`Tokens::lower`]) is its text lowercased, with typographic
//!   apostrophes (’ ‘ ʼ) folded to `'`, so lexicon lookups see one spelling.
//!
//! The [`Tokens`] buffer is reused from document to document: tokenizing allocates only when a
//! document is larger than any seen before on this thread.

use crate::doc::Span;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes, hyphens or periods ("can't", "O’Brien",
    /// "ex-girlfriend", "L.A.").
    Word,
    /// Digits, possibly with separators ("10", "2,000", "4.5").
    Number,
    /// Punctuation; runs of the same mark are one token ("!!", "...", "?!").
    Punct,
    /// Emoji, emoticons and other symbols (":)", "❤️", "&").
    Symbol,
}

/// One token: where it is in the text and in the lowercase buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Bytes in the original text.
    pub span: Span,
    /// Bytes in [`Tokens`]' lowercase buffer.
    pub lower: Span,
    /// What kind of token it is.
    pub kind: TokenKind,
    /// Index of the sentence holding the token.
    pub sentence: u32,
}

/// One sentence: its span in the text and its range of tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Bytes in the original text, from the first to the last token's byte.
    pub span: Span,
    /// Indices into [`Tokens::tokens`].
    pub tokens: Range<u32>,
}

/// The tokens and sentences of one document, plus the lowercase forms. Reused across documents.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    lower: String,
}

impl Tokens {
    /// An empty buffer.
    pub fn new() -> Tokens {
        Tokens::default()
    }

    /// Forgets the previous document, keeping the allocations.
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.sentences.clear();
        self.lower.clear();
    }

    /// All tokens in text order.
    #[inline]
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// All sentences in text order.
    #[inline]
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The tokens of sentence `index`.
    #[inline]
    pub fn sentence_tokens(&self, index: usize) -> &[Token] {
        let r = &self.sentences[index].tokens;
        &self.tokens[r.start as usize..r.end as usize]
    }

    /// The lowercase form of a token.
    #[inline]
    pub fn lower(&self, token: &Token) -> &str {
        &self.lower[token.lower.range()]
    }

    /// Number of word and number tokens (what `wc -w` would roughly call words).
    pub fn word_count(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
            .count()
    }

    /// Index of the token containing or following byte `byte` (binary search).
    pub fn token_at(&self, byte: usize) -> usize {
        self.tokens
            .partition_point(|t| (t.span.end as usize) <= byte)
    }

    /// Index of the sentence holding byte `byte` (the last one starting at or before it).
    pub fn sentence_at(&self, byte: usize) -> usize {
        self.sentences
            .partition_point(|s| (s.span.start as usize) <= byte)
            .saturating_sub(1)
    }

    fn push_token(&mut self, text: &str, span: Span, kind: TokenKind) {
        let start = self.lower.len();
        push_lower(&mut self.lower, span.of(text));
        let lower = Span::new(start, self.lower.len());
        let sentence = self.sentences.len() as u32;
        self.tokens.push(Token {
            span,
            lower,
            kind,
            sentence,
        });
    }

    fn close_sentence(&mut self, first_token: usize) {
        let last = self.tokens.len();
        if last > first_token {
            let span = Span::new(
                self.tokens[first_token].span.start as usize,
                self.tokens[last - 1].span.end as usize,
            );
            self.sentences.push(Sentence {
                span,
                tokens: first_token as u32..last as u32,
            });
        }
    }
}

/// Appends `word` lowercased, with typographic apostrophes folded to `'`.
pub fn push_lower(out: &mut String, word: &str) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Splits text into sentences and tokens.
#[derive(Clone, Debug, Default)]
pub struct Tokenizer {}

impl Tokenizer {
    /// A tokenizer with the built-in rules.
    pub fn new() -> Tokenizer {
        Tokenizer {}
    }

    /// Tokenizes `text` into `out` (cleared first).
    pub fn tokenize(&self, text: &str, out: &mut Tokens) {
        out.clear();
        for (start, sentence) in text.split_sentence_bound_indices() {
            let first = out.tokens.len();
            for (offset, word) in sentence.split_word_bound_indices() {
                let first_char = match word.chars().next() {
                    Some(c) => c,
                    None => continue,
                };
                if first_char.is_whitespace() {
                    continue;
                }
                let kind = if first_char.is_alphabetic() {
                    TokenKind::Word
                } else if first_char.is_ascii_digit() {
                    TokenKind::Number
                } else if first_char.is_ascii_punctuation() || is_quote_or_dash(first_char) {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                };
                let s = start + offset;
                out.push_token(text, Span::new(s, s + word.len()), kind);
            }
            out.close_sentence(first);
        }
    }
}

fn is_quote_or_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2018}'..='\u{201F}' | '\u{2013}' | '\u{2014}' | '\u{2026}' | '«' | '»'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut toks = Tokens::new();
        Tokenizer::new().tokenize(text, &mut toks);
        toks.tokens().iter().map(|t| t.span.of(text)).collect()
    }

    #[test]
    fn contractions_stay_whole_with_either_apostrophe() {
        assert_eq!(words("I can't"), ["I", "can't"]);
        assert_eq!(words("I can’t"), ["I", "can’t"]);
    }

    #[test]
    fn lowercase_folds_curly_apostrophes() {
        let text = "O’Brien CAN’T";
        let mut toks = Tokens::new();
        Tokenizer::new().tokenize(text, &mut toks);
        let lower: Vec<&str> = toks.tokens().iter().map(|t| toks.lower(t)).collect();
        assert_eq!(lower, ["o'brien", "can't"]);
    }
}
