//! Tokenization: sentences and words with byte offsets into the original text.
//!
//! Invariants (checked by tests):
//! - every [`Token::span`] and [`Sentence::span`] lies on `char` boundaries of the input text;
//! - tokens are in text order, do not overlap and never contain white space — with one
//!   exception: an HTML tag written with a space (`<br />`, common in IMDB reviews) is one
//!   Punct token;
//! - every character that is not white space belongs to a token;
//! - every token belongs to exactly one sentence, and `Sentence::tokens` ranges tile `0..len`;
//! - a token's lowercase form ([`Tokens::lower`]) is its text lowercased, with typographic
//!   apostrophes (’ ‘ ʼ) folded to `'`, so lexicon lookups see one spelling.
//!
//! The [`Tokens`] buffer is reused from document to document: tokenizing allocates only when a
//! document is larger than any seen before on this thread.
//!
//! # How
//!
//! Words (module `words`): white space cuts the text into chunks; each chunk is cut into UAX #29 word
//! segments (module `segment`), which are then merged into review-friendly tokens: `can’t`,
//! `O’Brien`, `ne’er-do-well`, `dance-heavy`, `L.A.`, `2,000`, `6-year-old`, `?!`, `...`, `:-)`,
//! `👍🏽`, `https://x.com`, `<br />`. A trailing possessive apostrophe is its own token
//! (`James` `’`), and so is each quote mark and bracket.
//!
//! Sentences (module `sentences`): UAX #29 sentence rules applied to the tokens, corrected for
//! abbreviations and initials (`Mr. Potter`, `J. K. Rowling`, `No. 5`), paragraph breaks (a
//! blank line, `<br />`) and closing quotes (`“Go.” Then`).
//!
//! Two paths give the same result (property tests check it):
//! [`Tokenizer::tokenize_general`] cuts every chunk with `unicode-segmentation`;
//! [`Tokenizer::tokenize`] tokenizes ASCII text straight from the bytes (about 5 times faster
//! on IMDB reviews) and hands a chunk (a white-space-separated run) to the general path only
//! when it holds a non-ASCII character or something unusual. Sentences are found in a second
//! pass that only visits tokens which may end one. Nothing is allocated per token.

mod segment;
mod sentences;
mod tables;
mod words;

#[cfg(test)]
mod tests;

use crate::doc::Span;
use std::ops::Range;
use tables::Lists;
use words::Path;

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

/// One token: where it is in the text and in the lowercase buffer ([`Tokens::lower_span`]),
/// in 16 bytes (a review may hold a token every byte or two). Its sentence is the one whose
/// [`Sentence::tokens`] hold its index ([`Tokens::sentence_at`] its start).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Bytes in the original text.
    pub span: Span,
    /// First byte of the lowercase form in [`Tokens`]' lowercase buffer.
    lower_start: u32,
    /// Bytes of the lowercase form, or [`LONG`] for a form of [`LONG`] bytes or more, whose
    /// length [`Tokens`] keeps aside.
    lower_len: u16,
    /// What kind of token it is.
    pub kind: TokenKind,
}

/// `Token::lower_len` of a long lowercase form.
const LONG: u16 = u16::MAX;

impl Token {
    /// An ASCII token over `span` (its lowercase form has the same place in the lowercase
    /// buffer).
    #[inline(always)]
    fn ascii(span: Span, kind: TokenKind) -> Token {
        Token {
            span,
            lower_start: span.start,
            lower_len: span.len().min(LONG as usize) as u16,
            kind,
        }
    }

    /// Where its lowercase form starts in the lowercase buffer, and its length in bytes if
    /// under [`LONG`] (else more: [`Tokens::lower_span`] gives it), for readers that only
    /// look at short forms.
    #[inline(always)]
    pub(crate) fn lower_hint(&self) -> (usize, usize) {
        (self.lower_start as usize, self.lower_len as usize)
    }

    /// A token over `span` whose lowercase form is `lower` of the lowercase buffer (its long
    /// length kept in `long` when need be).
    #[inline]
    fn new(span: Span, lower: Span, kind: TokenKind, long: &mut Vec<(u32, u32)>) -> Token {
        let len = lower.len();
        let lower_len = if len < LONG as usize {
            len as u16
        } else {
            // An ASCII token's form is its span: only another's length is kept.
            if lower != span {
                long.push((lower.start, len as u32));
            }
            LONG
        };
        Token {
            span,
            lower_start: lower.start,
            lower_len,
            kind,
        }
    }
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
///
/// The lowercase buffer starts with the whole text ASCII-lowercased, so an ASCII token's
/// lowercase form has the same span as the token; the lowercase forms of other tokens follow.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    lower: String,
    /// Scratch: the pieces of the chunk being tokenized.
    pieces: Vec<Span>,
    /// Indices of the tokens followed by white space holding a line break, in order.
    line_breaks: Vec<u32>,
    /// Indices of the tokens that may end a sentence (terminators, words ending with a period,
    /// tags), in order.
    ends: Vec<u32>,
    /// The start and length of each lowercase form of [`LONG`] bytes or more that is not its
    /// token's span, in order.
    long_lowers: Vec<(u32, u32)>,
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
        self.pieces.clear();
        self.line_breaks.clear();
        self.ends.clear();
        self.long_lowers.clear();
    }

    /// Forgets the words (tokens and lowercase forms) of a very large document, keeping its
    /// sentences, for a caller that needs nothing else any more ([`crate::scratch`]). The
    /// token list is left empty: [`Tokens::tokens`] and [`Tokens::sentence_tokens`] are not
    /// to be read after it.
    pub(crate) fn trim_words(&mut self) {
        use crate::scratch::{trim, trim_string};
        trim(&mut self.tokens);
        trim_string(&mut self.lower);
        trim(&mut self.pieces);
        trim(&mut self.line_breaks);
        trim(&mut self.ends);
        trim(&mut self.long_lowers);
    }

    /// Forgets the document, freeing the buffers a very large one grew ([`crate::scratch`]).
    pub(crate) fn trim(&mut self) {
        self.trim_words();
        crate::scratch::trim(&mut self.sentences);
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

    /// Where the lowercase form of a token is in the lowercase buffer
    /// ([`Tokens::lower_buffer`]).
    #[inline]
    pub fn lower_span(&self, token: &Token) -> Span {
        let start = token.lower_start;
        if token.lower_len != LONG {
            return Span {
                start,
                end: start + u32::from(token.lower_len),
            };
        }
        if start == token.span.start {
            // An ASCII token (another's form follows the text).
            return token.span;
        }
        let at = self.long_lowers.partition_point(|&(s, _)| s < start);
        let len = self.long_lowers.get(at).map_or(0, |&(_, len)| len);
        Span {
            start,
            end: start + len,
        }
    }

    /// The lowercase form of a token.
    #[inline]
    pub fn lower(&self, token: &Token) -> &str {
        &self.lower[self.lower_span(token).range()]
    }

    /// The lowercase form of a token, as bytes (no char-boundary checks).
    #[inline]
    pub fn lower_bytes(&self, token: &Token) -> &[u8] {
        &self.lower.as_bytes()[self.lower_span(token).range()]
    }

    /// The whole lowercase buffer (every token's [`Tokens::lower_span`] is a range of it), for
    /// readers that load a few bytes past a token at once.
    #[inline]
    pub fn lower_buffer(&self) -> &[u8] {
        self.lower.as_bytes()
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

    #[inline]
    fn push_token(&mut self, text: &str, span: Span, kind: TokenKind) {
        let word = span.of(text);
        let may_end = match kind {
            TokenKind::Punct => word
                .chars()
                .next()
                .is_some_and(|c| c == '<' || tables::is_terminator(c)),
            TokenKind::Word => word.ends_with('.'),
            _ => false,
        };
        if may_end {
            self.ends.push(self.tokens.len() as u32);
        }
        let lower = if word.is_ascii() {
            span
        } else {
            let start = self.lower.len();
            push_lower(&mut self.lower, word);
            Span::new(start, self.lower.len())
        };
        let token = Token::new(span, lower, kind, &mut self.long_lowers);
        self.tokens.push(token);
    }

    /// Starts a document: the lowercase buffer begins with the text, ASCII-lowercased.
    fn begin(&mut self, text: &str) {
        self.clear();
        self.lower.push_str(text);
        self.lower.make_ascii_lowercase();
    }

    /// Pushes an ASCII token that may end a sentence (a terminator or a tag).
    #[inline]
    fn push_ascii_end(&mut self, start: usize, end: usize, kind: TokenKind) {
        self.ends.push(self.tokens.len() as u32);
        self.push_ascii(start, end, kind);
    }

    /// Pushes an ASCII token that does not end a sentence.
    #[inline]
    fn push_ascii(&mut self, start: usize, end: usize, kind: TokenKind) {
        self.tokens.push(Token::ascii(Span::new(start, end), kind));
    }

    /// Drops the tokens from index `mark` on (a chunk the fast path gives up on).
    #[inline]
    fn rollback(&mut self, mark: usize) {
        self.tokens.truncate(mark);
        while self.ends.last().is_some_and(|&t| t as usize >= mark) {
            self.ends.pop();
        }
    }

    /// Notes that the white space after the last token holds a line break.
    #[inline]
    fn note_line_break(&mut self) {
        if let Some(last) = self.tokens.len().checked_sub(1) {
            let last = last as u32;
            if self.line_breaks.last() != Some(&last) {
                self.line_breaks.push(last);
            }
        }
    }

    /// Makes tokens `first..end` the next sentence.
    fn close_sentence(&mut self, first: usize, end: usize) {
        if end > first {
            let span = Span::new(
                self.tokens[first].span.start as usize,
                self.tokens[end - 1].span.end as usize,
            );
            self.sentences.push(Sentence {
                span,
                tokens: first as u32..end as u32,
            });
        }
    }
}

/// Appends `word` lowercased, with typographic apostrophes folded to `'`.
pub fn push_lower(out: &mut String, word: &str) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Splits text into sentences and tokens. Built once (it parses its word lists), then shared.
#[derive(Clone, Debug)]
pub struct Tokenizer {
    lists: Lists,
}

impl Default for Tokenizer {
    fn default() -> Tokenizer {
        Tokenizer::new()
    }
}

impl Tokenizer {
    /// A tokenizer with the built-in rules and word lists (`data/tokenize/`).
    pub fn new() -> Tokenizer {
        Tokenizer {
            lists: Lists::builtin(),
        }
    }

    /// Tokenizes `text` into `out` (cleared first).
    ///
    /// ASCII stretches of the text take a byte-level fast path; the result is exactly that of
    /// [`tokenize_general`](Self::tokenize_general).
    pub fn tokenize(&self, text: &str, out: &mut Tokens) {
        self.run(text, out, Path::Fast);
    }

    /// Tokenizes `text` into `out` (cleared first) with the general Unicode path only
    /// (`unicode-segmentation` for every chunk). Same result as [`tokenize`](Self::tokenize),
    /// slower; kept as the reference for tests and benchmarks.
    pub fn tokenize_general(&self, text: &str, out: &mut Tokens) {
        self.run(text, out, Path::General);
    }

    fn run(&self, text: &str, out: &mut Tokens, path: Path) {
        // Spans are u32, and the lowercase buffer may grow to 2.5 times the text: a larger text
        // (over 1.4 GB) is cut off rather than overflowing them.
        let text = truncate(text, (u32::MAX / 3) as usize);
        out.begin(text);
        words::scan(&self.lists, text, out, path);
        sentences::split(&self.lists, text, out);
        // What only the passes above needed is given back for a very large document, and
        // what they made, its spare room.
        crate::scratch::fit(&mut out.tokens);
        crate::scratch::fit(&mut out.sentences);
        if out.lower.capacity() > crate::scratch::KEEP_BYTES {
            out.lower.shrink_to_fit();
        }
        crate::scratch::trim(&mut out.pieces);
        crate::scratch::trim(&mut out.line_breaks);
        crate::scratch::trim(&mut out.ends);
    }
}

/// `text` cut to at most `max` bytes, on a char boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
