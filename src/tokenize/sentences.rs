//! Sentences: where, between two tokens, one sentence ends and the next begins.
//!
//! The rules follow UAX #29 sentence boundaries, applied to tokens rather than characters and
//! corrected for reviews:
//! - a terminator run (`.`, `!`, `?!`, `...`, `…`) ends a sentence, together with the closing
//!   quotes and brackets right after it (`“Go.” Then`), and emoji or emoticons after it on the
//!   same line (`Loved it! :) The…`);
//! - after a period or ellipsis a lowercase word continues the sentence (`etc. and`,
//!   `wait... what`), as UAX #29 SB8 says; after any terminator `,` `;` `:` or a dash
//!   continues it (SB8a);
//! - after `!` or `?` closed by a quote, a lowercase word continues it (`“Why?” she asked`);
//! - abbreviations from `data/tokenize/abbreviations.txt` correct this: `Mr. Potter`,
//!   `No. 5`, `Downey Jr. Stars`; single capital letters and initialisms (`J. K. Rowling`,
//!   `L.A.`) end a sentence only before a usual sentence starter (`The`, `But`…);
//! - a blank line (paragraph break) always ends a sentence; a single line break ends one only
//!   after a terminator (not after an abbreviation);
//! - an HTML paragraph tag (`<br />`, `<p>`) ends a sentence, and consecutive tags stay with
//!   the sentence they end.

use super::tables::{
    is_closer, is_period_like, is_sentence_continue, is_terminator, AbbreviationRule, Lists,
    BREAK_TAGS,
};
use super::words::tag_name;
use super::{Token, TokenKind, Tokens};

/// The white space between two tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    /// The tokens touch.
    None,
    /// Spaces or tabs only.
    Space,
    /// One line break.
    Line,
    /// Two line breaks or more, or a paragraph separator.
    Paragraph,
}

/// What kind of sentence end a token may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// Not an end.
    No,
    /// `.`, `...` or `…`: a lowercase word after it continues the sentence.
    Period,
    /// A run holding `!` or `?`.
    Bang,
    /// A word ending with its abbreviation period: "L.A.", "e.g.".
    DottedWord,
    /// A paragraph tag: `<br />`, `<p>`.
    BreakTag,
}

#[inline]
fn first_char(text: &str, token: &Token) -> char {
    token.span.of(text).chars().next().unwrap_or(' ')
}

#[inline]
fn gap(text: &str, left: &Token, right: &Token) -> Gap {
    let (a, b) = (left.span.end as usize, right.span.start as usize);
    if a == b {
        return Gap::None;
    }
    let bytes = &text.as_bytes()[a..b];
    if bytes == b" " {
        return Gap::Space;
    }
    let mut lines = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\x0B' | b'\x0C' => lines += 1,
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => lines += 1,
            0xC2 if bytes.get(i + 1) == Some(&0x85) => lines += 1, // U+0085 NEL
            0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                Some(0xA8) => lines += 1, // U+2028 LINE SEPARATOR
                Some(0xA9) => lines += 2, // U+2029 PARAGRAPH SEPARATOR
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    match lines {
        0 => Gap::Space,
        1 => Gap::Line,
        _ => Gap::Paragraph,
    }
}

fn is_tag(text: &str, token: &Token) -> bool {
    token.kind == TokenKind::Punct && text.as_bytes()[token.span.start as usize] == b'<'
}

fn is_break_tag(text: &str, token: &Token) -> bool {
    is_tag(text, token) && {
        let name = tag_name(token.span.of(text));
        BREAK_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
    }
}

fn end_kind(text: &str, token: &Token) -> End {
    match token.kind {
        TokenKind::Punct => {
            let s = token.span.of(text);
            let mut chars = s.chars();
            match chars.next() {
                Some('<') => {
                    if is_break_tag(text, token) {
                        End::BreakTag
                    } else {
                        End::No
                    }
                }
                Some(c) if is_terminator(c) => {
                    if s.chars().all(is_period_like) {
                        End::Period
                    } else if s.chars().all(is_terminator) {
                        End::Bang
                    } else {
                        End::No
                    }
                }
                _ => End::No,
            }
        }
        TokenKind::Word if text.as_bytes()[token.span.end as usize - 1] == b'.' => End::DottedWord,
        _ => End::No,
    }
}

/// Groups `out`'s tokens into sentences.
///
/// Only tokens that may end a sentence are looked at: those in `out.ends` (terminators, words
/// ending with a period, tags) and those followed by a line break (`out.line_breaks`).
pub(crate) fn split(lists: &Lists, text: &str, out: &mut Tokens) {
    let n = out.tokens.len();
    let mut first = 0;
    let mut content = Content::default();
    // Cursors into `out.ends` and `out.line_breaks`.
    let (mut e, mut l) = (0, 0);
    let mut i = 0;
    while i + 1 < n {
        while out.ends.get(e).is_some_and(|&t| (t as usize) < i) {
            e += 1;
        }
        while out.line_breaks.get(l).is_some_and(|&t| (t as usize) < i) {
            l += 1;
        }
        let next_end = out.ends.get(e).map_or(n, |&t| t as usize);
        let next_break = out.line_breaks.get(l).map_or(n, |&t| t as usize);
        i = next_end.min(next_break);
        if i + 1 >= n {
            break;
        }
        let end = if next_end == i {
            end_kind(text, &out.tokens[i])
        } else {
            End::No
        };
        let mut j = i;
        let mut quoted = false;
        let mut forced = end == End::BreakTag;
        if end != End::No {
            // Closing quotes, brackets, tags and trailing emoji stay with the sentence.
            while j + 1 < n {
                let (left, right) = (&out.tokens[j], &out.tokens[j + 1]);
                let g = gap(text, left, right);
                let absorb = if is_tag(text, right) {
                    forced |= is_break_tag(text, right);
                    g < Gap::Paragraph
                } else if right.kind == TokenKind::Symbol {
                    g <= Gap::Space && end != End::BreakTag
                } else if g == Gap::None
                    && right.kind == TokenKind::Punct
                    && is_closer(first_char(text, right))
                {
                    quoted |= !matches!(first_char(text, right), ')' | ']' | '}');
                    true
                } else {
                    false
                };
                if !absorb {
                    break;
                }
                j += 1;
            }
        }
        if j + 1 >= n {
            break;
        }
        let g = gap(text, &out.tokens[j], &out.tokens[j + 1]);
        let ends = g == Gap::Paragraph
            || match end {
                End::No => false,
                End::BreakTag => content.any(text, &out.tokens, first, j),
                _ if forced => content.any(text, &out.tokens, first, j),
                _ => ends_sentence(lists, text, out, first, i, j, end, quoted),
            };
        if ends {
            out.close_sentence(first, j + 1);
            first = j + 1;
            content = Content::default();
        }
        i = j + 1;
    }
    out.close_sentence(first, n);
}

/// Whether the current sentence holds a token that is not a tag, scanned lazily so that a long
/// run of tags stays linear.
#[derive(Default)]
struct Content {
    /// Tokens before this index (from the sentence's first) have been scanned.
    scanned: usize,
    found: bool,
}

impl Content {
    fn any(&mut self, text: &str, tokens: &[Token], first: usize, last: usize) -> bool {
        let mut k = self.scanned.max(first);
        while !self.found && k <= last {
            self.found = !is_tag(text, &tokens[k]);
            k += 1;
        }
        self.scanned = k;
        self.found
    }
}

/// Decides whether the terminator at token `i` (with closers up to `j`) ends the sentence.
#[allow(clippy::too_many_arguments)]
fn ends_sentence(
    lists: &Lists,
    text: &str,
    out: &Tokens,
    first: usize,
    i: usize,
    j: usize,
    end: End,
    quoted: bool,
) -> bool {
    let tokens = &out.tokens;
    let next = &tokens[j + 1];
    let g = gap(text, &tokens[j], next);

    // Abbreviations: "Mr. Potter", "No. 5", "J. K. Rowling", "L.A. Times".
    let rule = match end {
        End::Period if tokens[i].span.len() == 1 && i > first => {
            let word = &tokens[i - 1];
            if word.kind == TokenKind::Word && word.span.end == tokens[i].span.start {
                let lower = out.lower(word);
                lists.abbreviation(lower).or_else(|| {
                    let mut chars = word.span.of(text).chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) if c.is_uppercase() && c != 'I' => {
                            Some(AbbreviationRule::Name)
                        }
                        _ => None,
                    }
                })
            } else {
                None
            }
        }
        End::DottedWord => {
            let word = tokens[i].span.of(text);
            let lower = out.lower(&tokens[i]);
            let bare = &lower[..lower.len() - 1];
            lists.abbreviation(bare).or_else(|| {
                word.split('.')
                    .filter(|part| !part.is_empty())
                    .all(|part| {
                        let mut chars = part.chars();
                        chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
                    })
                    .then_some(AbbreviationRule::Name)
            })
        }
        _ => None,
    };
    let next_first = first_char(text, next);
    match rule {
        Some(AbbreviationRule::Title) => return false,
        Some(AbbreviationRule::Number) if next_first.is_numeric() => return false,
        Some(AbbreviationRule::Name)
            if next.kind == TokenKind::Word
                && next_first.is_uppercase()
                && !lists.is_starter(out.lower(next)) =>
        {
            return false
        }
        _ => {}
    }

    if g == Gap::Line {
        return true;
    }
    // SB8a: "Hi!, she said", "Wait. — no".
    if next.kind == TokenKind::Punct
        && (is_sentence_continue(next_first) || is_terminator(next_first))
    {
        return false;
    }
    match end {
        End::Period | End::DottedWord => !lowercase_follows(text, tokens, j),
        End::Bang => !(quoted && next_first.is_lowercase()),
        _ => true,
    }
}

/// UAX #29 SB8: after a period, skipping tokens that are neither letters nor terminators on the
/// same line, is the next word lowercase?
fn lowercase_follows(text: &str, tokens: &[Token], j: usize) -> bool {
    const LOOKAHEAD: usize = 16;
    for k in j + 1..tokens.len().min(j + 1 + LOOKAHEAD) {
        if gap(text, &tokens[k - 1], &tokens[k]) >= Gap::Line {
            return false;
        }
        let c = first_char(text, &tokens[k]);
        if c.is_alphabetic() {
            return c.is_lowercase();
        }
        if is_terminator(c) {
            return false;
        }
    }
    false
}
