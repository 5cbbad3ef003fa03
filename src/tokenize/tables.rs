//! Character classes and the word lists the tokenizer consults.
//!
//! The lists live in `data/tokenize/*.txt` (one entry a line, `#` comments) and are parsed once,
//! when a [`Tokenizer`](super::Tokenizer) is built.

use crate::ascii::data_lines;
use crate::entity::lexicon::FxHasher;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

/// The lists' maps hash their short keys with Fx (SipHash's resistance to chosen keys buys
/// nothing for built-in lists).
type Fx = BuildHasherDefault<FxHasher>;

const ABBREVIATIONS: &str = include_str!("../../data/tokenize/abbreviations.txt");
const SENTENCE_STARTERS: &str = include_str!("../../data/tokenize/sentence_starters.txt");
const EMOTICONS: &str = include_str!("../../data/tokenize/emoticons.txt");

/// When the period after an abbreviation may end a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AbbreviationRule {
    /// Never ("Mr. Potter").
    Title,
    /// Not before a digit ("No. 5").
    Number,
    /// Not before a capitalized word that is not a sentence starter ("Downey Jr. Stars").
    Name,
}

/// The parsed word lists.
#[derive(Clone, Debug)]
pub(crate) struct Lists {
    abbreviations: HashMap<&'static str, AbbreviationRule, Fx>,
    starters: HashSet<&'static str, Fx>,
    /// Emoticons, longest first.
    emoticons: Vec<&'static str>,
    /// `emoticon_first[b]` is true when some emoticon starts with byte `b`.
    emoticon_first: [bool; 128],
    /// What the fast path does with each byte at the start of a token.
    fast: [Fast; 256],
}

/// What the fast path does with a byte at the start of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fast {
    /// ASCII white space.
    Space,
    /// Letter or digit: a word or number.
    Word,
    /// `.` `!` `?`: a terminator run.
    Terminator,
    /// Quote or bracket: a token of its own.
    Single,
    /// Other punctuation or symbol: a run of the same byte.
    Run,
    /// Anything else (`<`, `_`, `-`, emoticon starts, control and non-ASCII bytes): looked at
    /// more closely.
    Other,
}

/// The fast-path table; bytes that may start an emoticon are `Other`.
fn fast_table(emoticon_first: &[bool; 128]) -> [Fast; 256] {
    let mut table = [Fast::Other; 256];
    for (b, entry) in table.iter_mut().enumerate().take(128) {
        let byte = b as u8;
        *entry = if is_ascii_space(byte) {
            Fast::Space
        } else if emoticon_first[b] || matches!(byte, b'<' | b'_' | b'-') || byte.is_ascii_control()
        {
            Fast::Other
        } else if byte.is_ascii_alphanumeric() {
            Fast::Word
        } else if matches!(byte, b'.' | b'!' | b'?') {
            Fast::Terminator
        } else if matches!(byte, b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}') {
            Fast::Single
        } else {
            Fast::Run
        };
    }
    table
}

/// Parses one `abbreviations.txt` line; `None` when it is malformed.
pub(crate) fn parse_abbreviation(line: &'static str) -> Option<(&'static str, AbbreviationRule)> {
    let (word, rule) = line.split_once(char::is_whitespace)?;
    let rule = match rule.trim() {
        "title" => AbbreviationRule::Title,
        "number" => AbbreviationRule::Number,
        "name" => AbbreviationRule::Name,
        _ => return None,
    };
    Some((word, rule))
}

impl Lists {
    pub(crate) fn builtin() -> Lists {
        let abbreviations = data_lines(ABBREVIATIONS)
            .filter_map(parse_abbreviation)
            .collect();
        let starters = data_lines(SENTENCE_STARTERS).collect();
        let mut emoticons: Vec<&'static str> = data_lines(EMOTICONS).collect();
        emoticons.sort_by_key(|e| std::cmp::Reverse(e.len()));
        let mut emoticon_first = [false; 128];
        for e in &emoticons {
            if let Some(&b) = e.as_bytes().first() {
                if b < 128 {
                    emoticon_first[b as usize] = true;
                }
            }
        }
        Lists {
            abbreviations,
            starters,
            emoticons,
            emoticon_first,
            fast: fast_table(&emoticon_first),
        }
    }

    /// The rule for a lowercase abbreviation without its final period.
    #[inline]
    pub(crate) fn abbreviation(&self, lower: &str) -> Option<AbbreviationRule> {
        self.abbreviations.get(lower).copied()
    }

    /// True when a lowercase word usually starts a sentence.
    #[inline]
    pub(crate) fn is_starter(&self, lower: &str) -> bool {
        self.starters.contains(lower)
    }

    /// True when some emoticon starts with byte `b`.
    #[inline]
    pub(crate) fn may_start_emoticon(&self, b: u8) -> bool {
        b < 128 && self.emoticon_first[b as usize]
    }

    /// The fast-path table.
    #[inline]
    pub(crate) fn fast_table(&self) -> &[Fast; 256] {
        &self.fast
    }

    /// Emoticons, longest first.
    #[inline]
    pub(crate) fn emoticons(&self) -> &[&'static str] {
        &self.emoticons
    }
}

/// White space as `char::is_whitespace` sees it, for ASCII bytes.
#[inline]
pub(crate) const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ')
}

/// Sentence-final punctuation: runs of these (mixed) are one token.
#[inline]
pub(crate) fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '\u{2026}' // …
            | '\u{203C}' // ‼
            | '\u{2047}'
            ..='\u{2049}' // ⁇ ⁈ ⁉
            | '\u{3002}' // 。
            | '\u{FF01}' // ！
            | '\u{FF0E}' // ．
            | '\u{FF1F}' // ？
            | '\u{FF61}' // ｡
            | '\u{0589}' // ։
            | '\u{061F}' // ؟
            | '\u{06D4}' // ۔
            | '\u{0964}' // ।
            | '\u{0965}' // ॥
    )
}

/// Terminators after which a lowercase word does not start a new sentence (UAX #29 ATerm,
/// plus the ellipsis): "wait... what", "etc. and so on".
#[inline]
pub(crate) fn is_period_like(c: char) -> bool {
    matches!(c, '.' | '\u{2026}' | '\u{FF0E}')
}

/// Quote marks: each is its own token.
#[inline]
pub(crate) fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '\u{2018}'..='\u{201F}' // ‘ ’ ‚ ‛ “ ” „ ‟
            | '\u{00AB}' // «
            | '\u{00BB}' // »
            | '\u{2039}' // ‹
            | '\u{203A}' // ›
            | '\u{300C}'..='\u{300F}' // 「 」 『 』
    )
}

/// Brackets: each is its own token.
#[inline]
pub(crate) fn is_bracket(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301B}'
            | '\u{FF08}'
            | '\u{FF09}'
            | '\u{FF3B}'
            | '\u{FF3D}'
    )
}

/// Marks that close a sentence's last clause and stay with it: "“Go.” Then".
#[inline]
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '\u{2019}' // ’
            | '\u{201D}' // ”
            | '\u{00BB}' // »
            | '\u{203A}' // ›
            | '\u{300D}' // 」
            | '\u{300F}' // 』
            | '\u{3009}' // 〉
            | '\u{300B}' // 》
            | '\u{3011}' // 】
            | '\u{FF09}' // ）
    )
}

/// UAX #29 SContinue: after a terminator, these continue the sentence ("Hi!, she said").
#[inline]
pub(crate) fn is_sentence_continue(c: char) -> bool {
    matches!(
        c,
        ',' | '-'
            | ':'
            | ';'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{3001}'
            | '\u{FF0C}'
            | '\u{FF0D}'
            | '\u{FF1A}'
            | '\u{FF1B}'
            | '\u{FF64}'
    )
}

/// Hyphens that join a compound written without spaces ("dance-heavy").
#[inline]
pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Punctuation (as opposed to symbols such as `&`, `+`, `€` or emoji).
#[inline]
pub(crate) fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !matches!(
                c,
                '$' | '%' | '&' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~'
            );
    }
    is_quote(c)
        || is_bracket(c)
        || is_terminator(c)
        || matches!(
            c,
            '\u{00A1}' // ¡
                | '\u{00A7}' // §
                | '\u{00B6}' // ¶
                | '\u{00B7}' // ·
                | '\u{00BF}' // ¿
                | '\u{2010}'..='\u{2027}' // hyphens, dashes, quotes, bullets, ellipsis
                | '\u{2030}'..='\u{205E}' // per mille, primes, ※ ‼ ‽ ⁂ ...
                | '\u{3001}'..='\u{3003}'
                | '\u{FF01}'..='\u{FF0F}'
                | '\u{FF1A}'..='\u{FF20}'
        )
}

/// HTML tag names that break a paragraph, so they also end a sentence.
pub(crate) const BREAK_TAGS: &[&str] = &["br", "p", "hr", "div", "li"];

/// URL prefixes recognized at the start of a chunk (ASCII, compared case-insensitively).
pub(crate) const URL_PREFIXES: &[&str] = &["https://", "http://", "www."];
