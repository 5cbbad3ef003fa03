//! The entity scanner as it was before its ASCII fast paths: char by char, every word looked
//! up by a lowercase copy. Kept, for tests only, as the oracle the fast scanner must equal.
//! Only the scanning loop and the word rule are kept here; the helpers the fast paths left as
//! they were are the scanner's own.

use super::lexicon::{flags as lf, Lexicon, WordInfo};
use super::scan::{
    char_at, is_abbreviation, is_apostrophe, is_contraction_base, is_digit_at, markup, plain,
    shape, url_len, Tok, TokKind,
};
use super::words::{Case, Word};

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
            if !matches!(out.last(), Some(t) if t.kind() == TokKind::Break) {
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
    let mut shape_bits = 0u8;
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
    // "Burton-ish", "Potter-style": an English combining form is not part of the name.
    if shape_bits & shape::CAP != 0 && core_end == end {
        let w = &text[start..end];
        if let Some(h) = w.rfind('-') {
            let suffix = &w[h + 1..];
            if h > 0 && super::scan::is_name_suffix(suffix.as_bytes()) {
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
    Tok::new(
        start as u32,
        core_end as u32,
        end as u32,
        kind,
        shape_bits,
        info,
        Word::Other,
        Case::Other,
    )
}
