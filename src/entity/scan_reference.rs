//! The entity scanner as it was before its ASCII fast paths: char by char, every word looked
//! up by a lowercase copy. Kept, for tests only, as the oracle the fast scanner must equal.

use super::lexicon::{flags as lf, Lexicon, WordInfo};
use super::scan::{shape, Tok, TokKind};
use super::words::{Case, Word};

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        text[i..].chars().next()
    }
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Tokenizes `text` into `out` (cleared first).
pub fn scan(text: &str, lex: &Lexicon, out: &mut Vec<Tok>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut space_before = true;
    let mut sentence_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII fast paths.
        if b == b'\n' || b == b'\r' {
            if !matches!(out.last(), Some(t) if t.kind == TokKind::Break) {
                out.push(plain(i, i + 1, TokKind::Break));
            }
            i += 1;
            space_before = true;
            sentence_start = true;
            continue;
        }
        if b == b' ' || b == b'\t' {
            i += 1;
            space_before = true;
            continue;
        }
        let c = char_at(text, i).unwrap_or(' ');
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            space_before = true;
            continue;
        }
        if c == '<' {
            if let Some((kind, len)) = markup(&bytes[i..]) {
                if let Some(kind) = kind {
                    if kind == TokKind::Break {
                        sentence_start = true;
                    }
                    out.push(plain(i, i + len, kind));
                }
                i += len;
                space_before = true;
                continue;
            }
        }
        if c.is_alphanumeric() {
            // URLs are skipped whole: nothing in them is a name.
            if let Some(len) = url_len(&bytes[i..]) {
                i += len;
                space_before = false;
                continue;
            }
            let tok = word(text, i, lex, space_before, &mut sentence_start);
            i = tok.end as usize;
            // A bare possessive apostrophe ("James’ delivery") belongs to the word.
            if tok.is(shape::POSS) && tok.core_end == tok.end {
                let next = char_at(text, i).unwrap_or(' ');
                let mut t = tok;
                t.end = (i + next.len_utf8()) as u32;
                i = t.end as usize;
                out.push(t);
            } else {
                out.push(tok);
            }
            space_before = false;
            continue;
        }
        // Punctuation: runs of the same mark are one token.
        let mut end = i + clen;
        while end < bytes.len() && char_at(text, end) == Some(c) {
            end += clen;
        }
        let mut t = plain(i, end, TokKind::Punct(c));
        if space_before {
            t.shape |= shape::SPACE_BEFORE;
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            t.shape |= shape::SENT_END;
            sentence_start = true;
        }
        out.push(t);
        i = end;
        space_before = false;
    }
}

/// The length of a URL starting at the beginning of `bytes`, if one starts there.
fn url_len(bytes: &[u8]) -> Option<usize> {
    let starts = bytes.starts_with(b"http://")
        || bytes.starts_with(b"https://")
        || bytes.starts_with(b"www.");
    if !starts {
        return None;
    }
    Some(
        bytes
            .iter()
            .position(|&b| b.is_ascii_whitespace() || matches!(b, b')' | b']' | b'>' | b'"' | b'<'))
            .unwrap_or(bytes.len()),
    )
}

fn plain(start: usize, end: usize, kind: TokKind) -> Tok {
    Tok {
        start: start as u32,
        core_end: end as u32,
        end: end as u32,
        kind,
        shape: 0,
        info: WordInfo::default(),
        word: Word::Other,
        case: Case::Other,
    }
}

/// Recognizes `<br />`, `<i>`, `</em>`... at the start of `bytes`: the token kind (None for
/// markup that is simply skipped) and the tag's length.
fn markup(bytes: &[u8]) -> Option<(Option<TokKind>, usize)> {
    let close = bytes.iter().take(12).position(|&b| b == b'>')?;
    let inner = &bytes[1..close];
    let mut name = [0u8; 10];
    let mut n = 0;
    for &b in inner {
        if b.is_ascii_alphabetic() || b == b'/' {
            if n == name.len() {
                return None;
            }
            name[n] = b.to_ascii_lowercase();
            n += 1;
        } else if b != b' ' {
            return None;
        }
    }
    let kind = match &name[..n] {
        b"br" | b"br/" | b"p" | b"/p" | b"p/" => Some(TokKind::Break),
        b"i" | b"em" => Some(TokKind::EmOpen),
        b"/i" | b"/em" => Some(TokKind::EmClose),
        b"b" | b"/b" | b"strong" | b"/strong" | b"u" | b"/u" => None,
        _ => return None,
    };
    Some((kind, close + 1))
}

/// Scans one word or number starting at `start`.
fn word(
    text: &str,
    start: usize,
    lex: &Lexicon,
    space_before: bool,
    sentence_start: &mut bool,
) -> Tok {
    let bytes = text.as_bytes();
    let first = char_at(text, start).unwrap_or(' ');
    let numeric = first.is_ascii_digit();
    let mut i = start;
    let mut segment_chars = 0usize; // chars since the last joiner
    let mut upper = 0usize;
    let mut lower = 0usize;
    let mut dotted = false;
    loop {
        // Consume a run of alphanumerics.
        while i < bytes.len() {
            let c = char_at(text, i).unwrap_or(' ');
            if !c.is_alphanumeric() {
                break;
            }
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
            segment_chars += 1;
            i += c.len_utf8();
        }
        // A joiner followed by an alphanumeric continues the word.
        let Some(j) = char_at(text, i) else { break };
        let after = i + j.len_utf8();
        let next_alnum = char_at(text, after).is_some_and(|c| c.is_alphanumeric());
        if !next_alnum {
            break;
        }
        let joins = match j {
            '\'' | '\u{2019}' | '\u{02BC}' | '-' | '\u{2010}' => !numeric,
            '.' => (segment_chars == 1 && !numeric) || (numeric && is_digit_at(text, after)),
            ',' => numeric && is_digit_at(text, after),
            _ => false,
        };
        if !joins {
            break;
        }
        if j == '.' {
            dotted = true;
        }
        i = after;
        segment_chars = 0;
    }
    let mut end = i;
    let mut core_end = i;
    let mut shape_bits = 0u16;
    if space_before {
        shape_bits |= shape::SPACE_BEFORE;
    }
    let kind = if numeric { TokKind::Num } else { TokKind::Word };
    if !numeric {
        if first.is_uppercase() {
            shape_bits |= shape::CAP;
            if upper >= 2 && lower == 0 {
                shape_bits |= shape::ALL_CAPS;
            }
        }
        // Possessive 's / ’s inside the word.
        let w = &text[start..end];
        for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
            if w.len() > suffix.len()
                && w.ends_with(suffix)
                && !is_contraction_base(&w[..w.len() - suffix.len()])
            {
                core_end = end - suffix.len();
                shape_bits |= shape::POSS;
                break;
            }
        }
        // A bare possessive apostrophe after a capitalized word ending in s.
        if shape_bits & (shape::POSS | shape::CAP) == shape::CAP
            && (w.ends_with('s') || w.ends_with('z'))
        {
            if let Some(a) = char_at(text, end) {
                let after = end + a.len_utf8();
                if is_apostrophe(a) && !char_at(text, after).is_some_and(|c| c.is_alphanumeric()) {
                    shape_bits |= shape::POSS;
                }
            }
        }
    }
    // "Burton-ish", "Potter-style": a lowercase suffix is not part of the name.
    if shape_bits & shape::CAP != 0 && core_end == end {
        let w = &text[start..end];
        if let Some(h) = w.rfind('-') {
            let suffix = &w[h + 1..];
            if h > 0 && !suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_lowercase()) {
                core_end = start + h;
            }
        }
    }
    let mut info = if numeric {
        WordInfo::default()
    } else if shape_bits & shape::CAP != 0 {
        lex.lookup(&text[start..core_end])
    } else {
        lex.lookup_cue(&text[start..core_end])
    };
    // "There's", "I'm", "I've": a contraction of a stop word is a stop word.
    if !info.has(lf::STOP) && shape_bits & shape::CAP != 0 {
        let w = &text[start..core_end];
        if let Some(a) = w.find(['\'', '\u{2019}']) {
            if a > 0 && lex.lookup(&w[..a]).has(lf::STOP) {
                info.flags |= lf::STOP;
            }
        }
    }
    // Initials and abbreviations keep their period and do not end the sentence.
    if !numeric && char_at(text, end) == Some('.') && core_end == end {
        let letters = upper + lower;
        if letters == 1 || dotted || info.has(lf::HONORIFIC) || is_abbreviation(&text[start..end]) {
            end += 1;
            core_end = end;
            shape_bits |= shape::DOTTED;
        }
    } else if dotted {
        shape_bits |= shape::DOTTED;
    }
    if *sentence_start {
        shape_bits |= shape::SENT_START;
        *sentence_start = false;
    }
    Tok {
        start: start as u32,
        core_end: core_end as u32,
        end: end as u32,
        kind,
        shape: shape_bits,
        info,
        word: Word::Other,
        case: Case::Other,
    }
}

#[inline]
fn is_digit_at(text: &str, i: usize) -> bool {
    text.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

/// Words whose `’s` is "is" or "us", not a possessive ("It’s", "Let’s").
fn is_contraction_base(w: &str) -> bool {
    const BASES: [&str; 14] = [
        "it", "that", "he", "she", "what", "there", "here", "let", "who", "where", "how", "this",
        "everyone", "nobody",
    ];
    w.len() <= 8 && BASES.iter().any(|b| w.eq_ignore_ascii_case(b))
}

fn is_abbreviation(w: &str) -> bool {
    matches!(
        w,
        "Jr" | "Sr" | "vs" | "Vs" | "St" | "etc" | "Mt" | "Co" | "Inc" | "Ltd"
    )
}
