//! Words: cutting a text into chunks, chunks into pieces, and merging pieces into tokens.
//!
//! 1. [`scan`] walks the text byte by byte. White space separates chunks; an HTML tag (`<br />`)
//!    is a token of its own even though it may hold a space; a URL at the start of a chunk is
//!    one Symbol token.
//! 2. Each chunk is cut into pieces (see [`super::segment`]): at the byte level when the chunk
//!    is ASCII and the fast path is on, with `unicode-segmentation` otherwise.
//! 3. [`merge`] turns pieces into tokens: emoticons, hyphenated compounds, the final period of
//!    "L.A.", runs of punctuation.
//!
//! That is the general path. The fast path ([`fast_run`]) does steps 1 to 3 at once, straight
//! from the bytes, for ASCII text made of plain words, numbers and punctuation; it hands a chunk
//! back to the steps above as soon as it holds anything else (a hyphen, an emoticon start, an
//! abbreviation with inner periods, a URL, a non-ASCII char). Property tests check that the
//! byte-level cutting equals `unicode-segmentation` on ASCII, and that both paths give the
//! same tokens and sentences.

use super::segment::{ascii_pieces, ascii_word_end, is_dotted_abbreviation, unicode_pieces};
use super::tables::{
    is_ascii_space, is_bracket, is_hyphen, is_punct, is_quote, is_terminator, Fast, Lists,
    URL_PREFIXES,
};
use super::{TokenKind, Tokens};
use crate::doc::Span;

/// Which way chunks are cut into pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Path {
    /// `unicode-segmentation` for every chunk.
    General,
    /// Byte-level rules for ASCII chunks, `unicode-segmentation` for the others.
    Fast,
}

/// Bytes that stop the fast scan of a chunk: white space, `<` (maybe a tag) and non-ASCII.
const fn stop_table() -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b >= 0x80 || b == b'<' as usize || is_ascii_space(b as u8);
        b += 1;
    }
    table
}

static STOP: [bool; 256] = stop_table();

/// The char starting at byte `pos` (a char boundary).
#[inline]
fn char_at(text: &str, pos: usize) -> char {
    text[pos..].chars().next().unwrap_or(' ')
}

/// Cuts `text` into tokens, appended to `out` (without sentences).
pub(crate) fn scan(lists: &Lists, text: &str, out: &mut Tokens, path: Path) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut pieces = std::mem::take(&mut out.pieces);
    let mut pos = 0;
    loop {
        if path == Path::Fast {
            pos = fast_run(lists, text, pos, out, &mut pieces);
        }
        if pos >= n {
            break;
        }
        // One step of the general path: white space, a tag or a chunk.
        let b = bytes[pos];
        if b < 0x80 {
            if is_ascii_space(b) {
                if is_ascii_line_break(b) {
                    out.note_line_break();
                }
                pos += 1;
                continue;
            }
            if b == b'<' {
                if let Some(end) = match_tag(bytes, pos) {
                    out.push_token(text, Span::new(pos, end), TokenKind::Punct);
                    pos = end;
                    continue;
                }
            }
        } else {
            let c = char_at(text, pos);
            if c.is_whitespace() {
                if is_line_break(c) {
                    out.note_line_break();
                }
                pos += c.len_utf8();
                continue;
            }
        }
        let (end, ascii) = chunk_end(text, pos);
        chunk(
            lists,
            text,
            pos,
            end,
            ascii && path == Path::Fast,
            out,
            &mut pieces,
        );
        pos = end;
    }
    out.pieces = pieces;
}

#[inline]
fn is_ascii_line_break(b: u8) -> bool {
    matches!(b, b'\n' | b'\r' | b'\x0B' | b'\x0C')
}

#[inline]
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\x0B' | '\x0C' | '\u{0085}' | '\u{2028}' | '\u{2029}'
    )
}

/// The end of the chunk starting at `start` (white space or a tag ends it), and whether it is
/// all ASCII. A `<` at `start` is taken as not starting a tag.
#[inline]
fn chunk_end(text: &str, start: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut pos = start;
    let mut ascii = true;
    while pos < n {
        let b = bytes[pos];
        if !STOP[b as usize] {
            pos += 1;
        } else if b < 0x80 {
            if b == b'<' && (pos == start || match_tag(bytes, pos).is_none()) {
                pos += 1;
            } else {
                break;
            }
        } else {
            let c = char_at(text, pos);
            if c.is_whitespace() {
                break;
            }
            ascii = false;
            pos += c.len_utf8();
        }
    }
    (pos, ascii)
}

/// The fast path, from `pos` on: tokenizes ASCII text straight from the bytes, white space,
/// tags and all, and returns where the general path must take over for one step — the start of
/// a chunk holding a non-ASCII char or starting with a URL — or the end of the text.
///
/// Gives the same tokens as the general path: the common cases (plain words, numbers,
/// terminator runs, quotes, brackets, runs of other marks) are done here; at anything else (a
/// hyphen, an emoticon start, an abbreviation with inner periods...) the rest of the chunk goes
/// through [`cut`]. A token boundary here is also one there, and the pieces of a chunk's suffix
/// are the suffix of its pieces, so the two agree. Tokens of a chunk that turns out to hold a
/// non-ASCII char are dropped again, and the general path redoes the chunk.
fn fast_run(
    lists: &Lists,
    text: &str,
    mut pos: usize,
    out: &mut Tokens,
    pieces: &mut Vec<Span>,
) -> usize {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let table = lists.fast_table();
    let mut chunk_start = pos;
    let mut mark = out.tokens.len();
    while pos < n {
        let b = bytes[pos];
        let class = table[b as usize];
        if class == Fast::Space {
            if b != b' ' && b != b'\t' {
                out.note_line_break();
            }
            pos += 1;
            chunk_start = pos;
            mark = out.tokens.len();
            continue;
        }
        if pos == chunk_start && may_start_url(bytes, pos) {
            return pos;
        }
        let end = match class {
            Fast::Word => {
                let (end, special) = ascii_word_end(bytes, pos);
                if special || bytes.get(end) == Some(&b'-') {
                    match slow(lists, text, pos, mark, out, pieces) {
                        Some(end) => {
                            pos = end;
                            continue;
                        }
                        None => return chunk_start,
                    }
                }
                let kind = if b.is_ascii_digit() {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                };
                out.push_ascii(pos, end, kind);
                pos = end;
                continue;
            }
            Fast::Terminator => {
                let mut end = pos + 1;
                while end < n && matches!(bytes[end], b'.' | b'!' | b'?') {
                    end += 1;
                }
                out.push_ascii_end(pos, end, TokenKind::Punct);
                pos = end;
                continue;
            }
            Fast::Single => pos + 1,
            Fast::Run => {
                let mut end = pos + 1;
                while end < n && bytes[end] == b {
                    end += 1;
                }
                end
            }
            Fast::Other => {
                if b == b'<' {
                    if let Some(end) = match_tag(bytes, pos) {
                        out.push_ascii_end(pos, end, TokenKind::Punct);
                        pos = end;
                        chunk_start = pos;
                        mark = out.tokens.len();
                        continue;
                    }
                } else if b >= 0x80 {
                    let c = char_at(text, pos);
                    if c.is_whitespace() {
                        if is_line_break(c) {
                            out.note_line_break();
                        }
                        pos += c.len_utf8();
                        chunk_start = pos;
                        mark = out.tokens.len();
                        continue;
                    }
                    out.rollback(mark);
                    return chunk_start;
                }
                match slow(lists, text, pos, mark, out, pieces) {
                    Some(end) => {
                        pos = end;
                        continue;
                    }
                    None => return chunk_start,
                }
            }
            Fast::Space => unreachable!("handled above"),
        };
        let kind = if is_punct(b as char) {
            TokenKind::Punct
        } else {
            TokenKind::Symbol
        };
        out.push_ascii(pos, end, kind);
        pos = end;
    }
    n
}

/// The rest of an ASCII chunk, from `pos`, through [`cut`]; or `None` (tokens since `mark`
/// dropped) when the chunk turns out not to be ASCII.
#[cold]
fn slow(
    lists: &Lists,
    text: &str,
    pos: usize,
    mark: usize,
    out: &mut Tokens,
    pieces: &mut Vec<Span>,
) -> Option<usize> {
    let (end, ascii) = chunk_end(text, pos);
    if !ascii {
        out.rollback(mark);
        return None;
    }
    cut(lists, text, pos, end, true, out, pieces);
    Some(end)
}

/// True when a URL may start at `pos`, after opening brackets or quotes: a quick filter for
/// [`match_url`] (false positives only cost a step of the general path).
#[inline]
fn may_start_url(bytes: &[u8], pos: usize) -> bool {
    let mut url = pos;
    while url < bytes.len() && is_url_opener(bytes[url]) {
        url += 1;
    }
    match bytes.get(url..url + 4) {
        Some(&[a, b, c, d]) => {
            let word = u32::from_le_bytes([a, b, c, d]) | 0x2020_2020;
            word == u32::from_le_bytes(*b"http") || word == u32::from_le_bytes(*b"www.")
        }
        _ => false,
    }
}

/// Brackets, quotes and emphasis marks that may come before a URL.
#[inline]
fn is_url_opener(b: u8) -> bool {
    matches!(b, b'(' | b'[' | b'{' | b'"' | b'\'' | b'*' | b'_')
}

/// Matches an HTML tag at `pos` (`<br>`, `<br/>`, `<br />`, `</p>`, `<i>`): `<`, an optional
/// `/`, a name of up to 10 ASCII letters and digits starting with a letter, up to 4 spaces, an
/// optional `/`, `>`. Returns the end of the tag.
#[inline]
pub(crate) fn match_tag(bytes: &[u8], pos: usize) -> Option<usize> {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut i = pos + 1;
    if at(i) == b'/' {
        i += 1;
    }
    if !at(i).is_ascii_alphabetic() {
        return None;
    }
    let name = i;
    while at(i).is_ascii_alphanumeric() && i - name < 10 {
        i += 1;
    }
    let spaces = i;
    while matches!(at(i), b' ' | b'\t') && i - spaces < 4 {
        i += 1;
    }
    if at(i) == b'/' {
        i += 1;
    }
    (at(i) == b'>').then_some(i + 1)
}

/// The tag name of a tag token, lowercase comparison left to the caller.
pub(crate) fn tag_name(tag: &str) -> &str {
    let inner = tag.trim_start_matches('<').trim_start_matches('/');
    let end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    &inner[..end]
}

/// Tokenizes one chunk `text[start..end]` (no white space, no tag).
fn chunk(
    lists: &Lists,
    text: &str,
    start: usize,
    end: usize,
    ascii: bool,
    out: &mut Tokens,
    pieces: &mut Vec<Span>,
) {
    let bytes = text.as_bytes();
    // A URL, possibly after opening brackets or quotes, is one Symbol token.
    let first = bytes[start];
    if matches!(
        first,
        b'h' | b'H' | b'w' | b'W' | b'(' | b'[' | b'{' | b'"' | b'\'' | b'*' | b'_'
    ) {
        let mut url = start;
        while url < end && is_url_opener(bytes[url]) {
            url += 1;
        }
        if let Some(url_end) = match_url(bytes, url, end) {
            if url > start {
                cut(lists, text, start, url, ascii, out, pieces);
            }
            out.push_token(text, Span::new(url, url_end), TokenKind::Symbol);
            if url_end < end {
                cut(lists, text, url_end, end, ascii, out, pieces);
            }
            return;
        }
    }
    cut(lists, text, start, end, ascii, out, pieces);
}

/// Matches a URL starting at `start` and running to `end` at most; trailing punctuation is
/// left out. Returns the URL's end.
fn match_url(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    let rest = &bytes[start..end];
    let prefix = URL_PREFIXES
        .iter()
        .find(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes()))?;
    let count = |b: u8| rest.iter().filter(|&&x| x == b).count();
    // Closing parentheses without an opening one in the URL are trailing punctuation.
    let mut unbalanced = count(b')').saturating_sub(count(b'('));
    let mut url_end = end;
    while url_end > start + prefix.len() {
        let last = bytes[url_end - 1];
        let mut trailing = matches!(
            last,
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'"' | b']' | b'}' | b'*' | b'_'
        );
        if last == b')' && unbalanced > 0 {
            unbalanced -= 1;
            trailing = true;
        }
        if !trailing {
            break;
        }
        url_end -= 1;
    }
    (url_end > start + prefix.len()).then_some(url_end)
}

/// Cuts `text[start..end]` into pieces and merges them into tokens.
#[allow(clippy::too_many_arguments)]
fn cut(
    lists: &Lists,
    text: &str,
    start: usize,
    end: usize,
    ascii: bool,
    out: &mut Tokens,
    pieces: &mut Vec<Span>,
) {
    pieces.clear();
    if ascii {
        ascii_pieces(text, start, end, pieces);
    } else {
        unicode_pieces(text, start, end, pieces);
    }
    merge(lists, text, pieces, out);
}

/// The single char a piece consists of, if it is one char.
#[inline]
fn single_char(text: &str, piece: Span) -> Option<char> {
    let c = char_at(text, piece.start as usize);
    (c.len_utf8() == piece.len()).then_some(c)
}

#[inline]
fn starts_alphanumeric(text: &str, piece: Span) -> bool {
    let b = text.as_bytes()[piece.start as usize];
    if b < 0x80 {
        b.is_ascii_alphanumeric()
    } else {
        char_at(text, piece.start as usize).is_alphanumeric()
    }
}

#[inline]
fn starts_numeric(text: &str, piece: Span) -> bool {
    let b = text.as_bytes()[piece.start as usize];
    if b < 0x80 {
        b.is_ascii_digit()
    } else {
        char_at(text, piece.start as usize).is_numeric()
    }
}

/// Emoji presentation selector and combining keycap: "1️⃣" is a symbol, not a number.
#[inline]
fn has_emoji_marks(word: &str) -> bool {
    !word.is_ascii() && word.contains(['\u{FE0F}', '\u{20E3}'])
}

/// Merges contiguous pieces into tokens.
pub(crate) fn merge(lists: &Lists, text: &str, pieces: &[Span], out: &mut Tokens) {
    let bytes = text.as_bytes();
    let m = pieces.len();
    let mut i = 0;
    while i < m {
        let piece = pieces[i];
        let start = piece.start as usize;
        let first_byte = bytes[start];

        // Emoticons: ":)", ":-(", "<3"...
        if lists.may_start_emoticon(first_byte) {
            if let Some(k) = match_emoticon(lists, text, pieces, i) {
                let end = pieces[i + k - 1].end as usize;
                out.push_token(text, Span::new(start, end), TokenKind::Symbol);
                i += k;
                continue;
            }
        }

        // Words and numbers, joined by hyphens: "dance-heavy", "6-year-old", "U.S.-based".
        if starts_alphanumeric(text, piece) {
            let mut numeric = starts_numeric(text, piece);
            let (mut next, mut end) = unit(text, pieces, i);
            while next + 1 < m
                && single_char(text, pieces[next]).is_some_and(is_hyphen)
                && starts_alphanumeric(text, pieces[next + 1])
            {
                numeric &= starts_numeric(text, pieces[next + 1]);
                (next, end) = unit(text, pieces, next + 1);
            }
            let word = &text[start..end];
            let kind = if has_emoji_marks(word) {
                TokenKind::Symbol
            } else if numeric {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push_token(text, Span::new(start, end), kind);
            i = next;
            continue;
        }

        // Punctuation and symbols.
        let mut next = i + 1;
        let kind = match single_char(text, piece) {
            Some(c) if is_terminator(c) => {
                while next < m && single_char(text, pieces[next]).is_some_and(is_terminator) {
                    next += 1;
                }
                TokenKind::Punct
            }
            Some(c) if is_quote(c) || is_bracket(c) => TokenKind::Punct,
            Some(c) => {
                if c.is_ascii() || is_punct(c) {
                    while next < m && single_char(text, pieces[next]) == Some(c) {
                        next += 1;
                    }
                }
                if is_punct(c) {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                }
            }
            None => {
                let c = char_at(text, start);
                if is_punct(c) && !has_emoji_marks(piece.of(text)) {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                }
            }
        };
        let end = pieces[next - 1].end as usize;
        out.push_token(text, Span::new(start, end), kind);
        i = next;
    }
}

/// One unit of a word: piece `i`, plus the final period of an abbreviation with inner periods
/// ("L.A" + "." → "L.A.") unless more terminators follow ("L.A..."). Returns the index of the
/// next piece and the unit's end.
#[inline]
fn unit(text: &str, pieces: &[Span], i: usize) -> (usize, usize) {
    let piece = pieces[i];
    let next = i + 1;
    if next < pieces.len()
        && single_char(text, pieces[next]) == Some('.')
        && is_dotted_abbreviation(piece.of(text))
        && !pieces
            .get(next + 1)
            .is_some_and(|&p| single_char(text, p).is_some_and(is_terminator))
    {
        return (next + 1, pieces[next].end as usize);
    }
    (next, piece.end as usize)
}

/// The number of pieces an emoticon starting at piece `i` covers, if one does.
#[inline]
fn match_emoticon(lists: &Lists, text: &str, pieces: &[Span], i: usize) -> Option<usize> {
    let start = pieces[i].start as usize;
    let rest = &text.as_bytes()[start..];
    for emoticon in lists.emoticons() {
        if !rest.starts_with(emoticon.as_bytes()) {
            continue;
        }
        let end = start + emoticon.len();
        // The emoticon must end on a piece boundary: ":D" is not the start of ":Dear".
        let mut k = i;
        while k < pieces.len() && (pieces[k].end as usize) < end {
            k += 1;
        }
        if k < pieces.len() && pieces[k].end as usize == end {
            return Some(k - i + 1);
        }
    }
    None
}
