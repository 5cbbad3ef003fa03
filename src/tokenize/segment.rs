//! Raw word segments of one chunk (a run of text without white space), and their split into
//! pieces.
//!
//! A chunk is cut into UAX #29 word segments, either by `unicode-segmentation` (the general
//! path) or, for ASCII chunks, by [`ascii_segments`], a byte-level copy of the same rules
//! (the fast path; equality is checked by tests). Each segment is then split into pieces by
//! [`push_pieces`], which undoes a few UAX #29 joins that hurt reviews: `movie.The` (a missing
//! space after a period), `Note:this` (UAX #29 treats the colon as a mid-letter) and
//! `_italic_` (markdown underscores).

use crate::doc::Span;
use unicode_segmentation::UnicodeSegmentation;

/// UAX #29 word-break classes of ASCII bytes that can occur in a chunk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A-Z, a-z (ALetter).
    Letter,
    /// 0-9 (Numeric).
    Digit,
    /// `_` (ExtendNumLet).
    Connector,
    /// `:` (MidLetter).
    MidLetter,
    /// `.` and `'` (MidNumLet, Single_Quote).
    MidNumLet,
    /// `,` and `;` (MidNum).
    MidNum,
    /// Anything else: a segment of its own.
    Other,
}

const fn class_table() -> [Class; 256] {
    let mut table = [Class::Other; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'A'..=b'Z' | b'a'..=b'z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b'_' => Class::Connector,
            b':' => Class::MidLetter,
            b'.' | b'\'' => Class::MidNumLet,
            b',' | b';' => Class::MidNum,
            _ => Class::Other,
        };
        b += 1;
    }
    table
}

/// Classes of all bytes; non-ASCII bytes are `Other`, so a word scan stops at them.
static CLASS: [Class; 256] = class_table();

#[inline]
fn class(b: u8) -> Class {
    CLASS[b as usize]
}

#[inline]
fn is_wordlike(c: Class) -> bool {
    matches!(c, Class::Letter | Class::Digit | Class::Connector)
}

/// The end of the UAX #29 word segment starting at `chunk[i]`, a letter, digit or `_`, in an
/// ASCII chunk without white space (any other byte, white space or non-ASCII, ends the
/// segment as the end of the chunk would); and whether [`push_pieces`] may split it (it holds `_`, or
/// a `:` or `.` between letters).
#[inline(always)]
pub(crate) fn ascii_word_end(chunk: &[u8], mut i: usize) -> (usize, bool) {
    let n = chunk.len();
    let mut special = false;
    loop {
        // Letters and digits join whatever their mix (WB5, WB8, WB9, WB10).
        i = crate::ascii::alnum_run(chunk, i);
        if i >= n {
            return (i, special);
        }
        let c = class(chunk[i]);
        let joins = match c {
            Class::Other | Class::Letter | Class::Digit => false,
            // WB13a/WB13b: `_` joins with letters, digits and itself.
            Class::Connector => {
                special = true;
                i += 1;
                continue;
            }
            mid => {
                let prev = class(chunk[i - 1]);
                let next = if i + 1 < n {
                    class(chunk[i + 1])
                } else {
                    Class::Other
                };
                match mid {
                    // WB6/WB7: letter (MidLetter | MidNumLetQ) letter.
                    Class::MidLetter => prev == Class::Letter && next == Class::Letter,
                    // WB6/7 and WB11/12: letter . letter, digit . digit.
                    Class::MidNumLet => {
                        (prev == Class::Letter && next == Class::Letter)
                            || (prev == Class::Digit && next == Class::Digit)
                    }
                    // WB11/WB12: digit (MidNum) digit.
                    _ => prev == Class::Digit && next == Class::Digit,
                }
            }
        };
        if !joins {
            return (i, special);
        }
        special |= chunk[i - 1].is_ascii_alphabetic() && chunk[i] != b'\'';
        i += 2;
    }
}

/// True when an ASCII byte starts a word segment (letter, digit, `_`).
#[inline]
pub(crate) fn starts_ascii_word(b: u8) -> bool {
    is_wordlike(class(b))
}

/// Calls `emit(start, end, special)` for each UAX #29 word segment of an ASCII chunk without
/// white space, with offsets relative to `base`. `special` is true when the segment may need
/// splitting by [`push_pieces`].
#[inline]
pub(crate) fn ascii_segments(chunk: &[u8], base: usize, mut emit: impl FnMut(usize, usize, bool)) {
    let n = chunk.len();
    let mut i = 0;
    while i < n {
        if !starts_ascii_word(chunk[i]) {
            emit(base + i, base + i + 1, false);
            i += 1;
            continue;
        }
        let (end, special) = ascii_word_end(chunk, i);
        emit(base + i, base + end, special);
        i = end;
    }
}

/// Pushes the pieces of every UAX #29 word segment of `text[start..end]` (a chunk without white
/// space), computed with `unicode-segmentation`.
pub(crate) fn unicode_pieces(text: &str, start: usize, end: usize, pieces: &mut Vec<Span>) {
    for (offset, segment) in text[start..end].split_word_bound_indices() {
        let s = start + offset;
        push_pieces(text, s, s + segment.len(), pieces);
    }
}

/// Pushes the pieces of every segment of the ASCII chunk `text[start..end]`, computed at the
/// byte level. Same result as [`unicode_pieces`].
pub(crate) fn ascii_pieces(text: &str, start: usize, end: usize, pieces: &mut Vec<Span>) {
    ascii_segments(&text.as_bytes()[start..end], start, |s, e, special| {
        if special {
            push_pieces(text, s, e, pieces);
        } else {
            pieces.push(Span::new(s, e));
        }
    });
}

/// Pushes the pieces of one word segment `text[start..end]`.
///
/// - colons split: `Note:this` → `Note` `:` `this`;
/// - leading and trailing underscores split off one by one: `_italic_` → `_` `italic` `_`;
/// - a period between two letters splits unless every part is at most two letters long, so
///   abbreviations stay whole (`L.A`, `e.g`, `Ph.D`) while `movie.The` → `movie` `.` `The`.
pub(crate) fn push_pieces(text: &str, start: usize, end: usize, pieces: &mut Vec<Span>) {
    let bytes = &text.as_bytes()[start..end];
    if bytes.len() <= 1 || !bytes.iter().any(|&b| matches!(b, b':' | b'.' | b'_')) {
        pieces.push(Span::new(start, end));
        return;
    }
    let mut part = start;
    for (k, &b) in bytes.iter().enumerate() {
        if b == b':' {
            push_part(text, part, start + k, pieces);
            pieces.push(Span::new(start + k, start + k + 1));
            part = start + k + 1;
        }
    }
    push_part(text, part, end, pieces);
}

fn push_part(text: &str, start: usize, end: usize, pieces: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut a = start;
    while a < end && bytes[a] == b'_' {
        pieces.push(Span::new(a, a + 1));
        a += 1;
    }
    let mut z = end;
    while z > a && bytes[z - 1] == b'_' {
        z -= 1;
    }
    if a < z {
        push_dotted(text, a, z, pieces);
    }
    for u in z..end {
        pieces.push(Span::new(u, u + 1));
    }
}

/// True when the `.` at byte `dot` has a letter on both sides within `start..end`.
#[inline]
fn is_letter_dot(text: &str, start: usize, dot: usize, end: usize) -> bool {
    let before = text[start..dot].chars().next_back();
    let after = text[dot + 1..end].chars().next();
    matches!((before, after), (Some(b), Some(a)) if b.is_alphabetic() && a.is_alphabetic())
}

fn push_dotted(text: &str, start: usize, end: usize, pieces: &mut Vec<Span>) {
    let word = &text[start..end];
    if !word.contains('.') {
        pieces.push(Span::new(start, end));
        return;
    }
    let short = |from: usize, to: usize| text[from..to].chars().nth(2).is_none();
    let mut abbreviation = true;
    let mut part = start;
    for (k, _) in word.match_indices('.') {
        let dot = start + k;
        if is_letter_dot(text, start, dot, end) {
            if !short(part, dot) {
                abbreviation = false;
                break;
            }
            part = dot + 1;
        }
    }
    if abbreviation && short(part, end) {
        pieces.push(Span::new(start, end));
        return;
    }
    let mut part = start;
    for (k, _) in word.match_indices('.') {
        let dot = start + k;
        if is_letter_dot(text, start, dot, end) {
            pieces.push(Span::new(part, dot));
            pieces.push(Span::new(dot, dot + 1));
            part = dot + 1;
        }
    }
    pieces.push(Span::new(part, end));
}

/// True when the piece is an abbreviation with inner periods ("L.A", "e.g"), so that a
/// following period belongs to it.
#[inline]
pub(crate) fn is_dotted_abbreviation(piece: &str) -> bool {
    let starts_with_letter = piece.chars().next().is_some_and(char::is_alphabetic);
    starts_with_letter
        && piece
            .find('.')
            .is_some_and(|dot| is_letter_dot(piece, 0, dot, piece.len()))
}
