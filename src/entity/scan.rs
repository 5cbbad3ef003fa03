//! A byte-level scanner that cuts a review into the small tokens the entity layers need.
//!
//! It works on the raw text, independently of [`crate::tokenize`], so that entity rules see one
//! stable view of names whatever the word tokenizer does: "O’Brien", "Ex-Girlfriend" and "L.A."
//! are one word; a possessive `’s`/`'s` (or the bare `’` of "James’") stays outside the word's
//! [`Tok::core_end`]; every quote mark, bracket and emphasis marker is its own token; line breaks
//! and `<br />` become [`TokKind::Break`]; `<i>`/`<em>` become emphasis tokens. A word carries
//! what the lexicon says about it and, when short and ASCII, the [`Word`] its core spells and
//! its [`Case`] (see [`super::words`]).
//!
//! Words of ASCII letters, digits and joiners take a byte-level path (`ascii_word`, and before
//! it, for the commonest words, with no joiner, `plain_word`); a word a
//! non-ASCII char touches takes the general one (`word`), as every word did before.
//!
//! Invariants: tokens are in text order and do not overlap; `start`, `core_end` and `end` are
//! `char` boundaries with `start <= core_end <= end`.

use super::lexicon::{flags as lf, Lexicon, WordInfo};
use super::patterns::{is_opener, starts_cast_pattern};
use super::words::{Case, Word, SHORT};
use super::{Genre, Starts};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// Letters (with inner apostrophes, hyphens and initials' periods).
    Word,
    /// Starts with a digit.
    Num,
    /// One punctuation mark, or a run of the same mark ("...", "**").
    Punct(char),
    /// `<i>` or `<em>`.
    EmOpen,
    /// `</i>` or `</em>`.
    EmClose,
    /// A line break or `<br />`: nothing spans it.
    Break,
}

/// Shape bits of a token.
pub mod shape {
    /// Starts with an uppercase letter.
    pub const CAP: u8 = 1 << 0;
    /// Two or more letters, all uppercase.
    pub const ALL_CAPS: u8 = 1 << 1;
    /// Followed by a possessive `’s`, `'s` or a bare `’`.
    pub const POSS: u8 = 1 << 2;
    /// First word of a sentence.
    pub const SENT_START: u8 = 1 << 3;
    /// An initial ("P.", "B.J.") or an abbreviation with its period ("Mr.", "Jr.").
    pub const DOTTED: u8 = 1 << 4;
    /// Follows white space (or starts the text).
    pub const SPACE_BEFORE: u8 = 1 << 5;
    /// Ends a sentence ('.', '!', '?').
    pub const SENT_END: u8 = 1 << 6;
}

/// One token: 20 bytes (a review may hold a token every byte or two). Its kind and what the
/// lexicon says of it share one field: a mark's char, or a word's [`WordInfo`].
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    /// First byte.
    pub start: u32,
    /// End of the word without its possessive.
    pub core_end: u32,
    /// End of the token, possessive included.
    pub end: u32,
    /// [`shape`] bits.
    pub shape: u8,
    /// The listed word the core spells, ignoring case ([`Word::Other`] for any other token).
    pub word: Word,
    /// How the core of a token with a [`Word`] is written.
    pub case: Case,
    /// [`TokKind`]'s variant ([`kind_tag`]).
    tag: u8,
    /// For a [`TokKind::Punct`], its char; for any other token, its [`WordInfo`]'s flags and
    /// role (bits 16 to 23).
    data: u32,
}

/// The tags of [`Tok::tag`].
mod kind_tag {
    pub const WORD: u8 = 0;
    pub const NUM: u8 = 1;
    pub const PUNCT: u8 = 2;
    pub const EM_OPEN: u8 = 3;
    pub const EM_CLOSE: u8 = 4;
    pub const BREAK: u8 = 5;
}

impl Tok {
    /// A token of `kind` over `start..end` (the word without its possessive ending at
    /// `core_end`), with what the lexicon says of it (default for a [`TokKind::Punct`]).
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        start: u32,
        core_end: u32,
        end: u32,
        kind: TokKind,
        shape: u8,
        info: WordInfo,
        word: Word,
        case: Case,
    ) -> Tok {
        let (tag, data) = match kind {
            TokKind::Word => (kind_tag::WORD, info.packed()),
            TokKind::Num => (kind_tag::NUM, info.packed()),
            TokKind::Punct(c) => {
                debug_assert_eq!(info, WordInfo::default());
                (kind_tag::PUNCT, c as u32)
            }
            TokKind::EmOpen => (kind_tag::EM_OPEN, info.packed()),
            TokKind::EmClose => (kind_tag::EM_CLOSE, info.packed()),
            TokKind::Break => (kind_tag::BREAK, info.packed()),
        };
        Tok {
            start,
            core_end,
            end,
            shape,
            word,
            case,
            tag,
            data,
        }
    }

    /// What it is.
    #[inline(always)]
    pub fn kind(&self) -> TokKind {
        match self.tag {
            kind_tag::WORD => TokKind::Word,
            kind_tag::NUM => TokKind::Num,
            kind_tag::PUNCT => TokKind::Punct(char::from_u32(self.data).unwrap_or(' ')),
            kind_tag::EM_OPEN => TokKind::EmOpen,
            kind_tag::EM_CLOSE => TokKind::EmClose,
            _ => TokKind::Break,
        }
    }

    /// True for a word.
    #[inline(always)]
    pub fn is_word(&self) -> bool {
        self.tag == kind_tag::WORD
    }

    /// What the lexicon says about the word (default for a mark).
    #[inline(always)]
    pub fn info(&self) -> WordInfo {
        if self.tag == kind_tag::PUNCT {
            WordInfo::default()
        } else {
            WordInfo::unpacked(self.data)
        }
    }

    /// True when any of the [`shape`] bits is set.
    #[inline]
    pub fn is(&self, bits: u8) -> bool {
        self.shape & bits != 0
    }

    /// True for a word starting with an uppercase letter.
    #[inline]
    pub fn is_cap_word(&self) -> bool {
        self.is_word() && self.is(shape::CAP)
    }

    /// True for the punctuation mark `c`.
    #[inline]
    pub fn is_punct(&self, c: char) -> bool {
        self.tag == kind_tag::PUNCT && self.data == c as u32
    }

    /// True when the core is `w` in lowercase (`core == "and"`).
    #[inline]
    pub fn is_lower(&self, w: Word) -> bool {
        self.word == w && self.case == Case::Lower
    }

    /// True when the core is `w` capitalized (`core == "The"`).
    #[inline]
    pub fn is_title(&self, w: Word) -> bool {
        self.word == w && self.case == Case::Title
    }

    /// The [`Word`] of a core in lowercase, else [`Word::Other`].
    #[inline]
    pub fn lower_word(&self) -> Word {
        if self.case == Case::Lower {
            self.word
        } else {
            Word::Other
        }
    }

    /// The [`Word`] of a capitalized core, else [`Word::Other`].
    #[inline]
    pub fn title_word(&self) -> Word {
        if self.case == Case::Title {
            self.word
        } else {
            Word::Other
        }
    }

    /// The core text (without possessive).
    #[inline]
    pub fn core<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.core_end as usize]
    }
}

#[inline]
pub(super) fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        text[i..].chars().next()
    }
}

/// `char::is_alphanumeric`, answering at once for ASCII and for the General Punctuation block
/// (quotes, dashes, ellipsis: none is a letter or a digit, as a test checks), which reviews
/// are full of.
#[inline]
fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !('\u{2000}'..='\u{206F}').contains(&c) && c.is_alphanumeric()
}

#[inline]
pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Byte classes for the ASCII fast paths of [`scan`] and [`word`].
mod class {
    /// A letter or digit.
    pub const ALNUM: u8 = 1 << 0;
    /// An uppercase letter.
    pub const UPPER: u8 = 1 << 1;
    /// A lowercase letter.
    pub const LOWER: u8 = 1 << 2;
    /// White space other than a line break (`char::is_whitespace` on ASCII).
    pub const SPACE: u8 = 1 << 3;
    /// `\n` or `\r`.
    pub const NEWLINE: u8 = 1 << 4;
    /// Not ASCII: decode the char.
    pub const HIGH: u8 = 1 << 5;
}

const fn class_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c >= 0x80 {
            class::HIGH
        } else if c.is_ascii_uppercase() {
            class::ALNUM | class::UPPER
        } else if c.is_ascii_lowercase() {
            class::ALNUM | class::LOWER
        } else if c.is_ascii_digit() {
            class::ALNUM
        } else if c == b'\n' || c == b'\r' {
            class::NEWLINE
        } else if matches!(c, b' ' | b'\t' | 0x0B | 0x0C) {
            class::SPACE
        } else {
            0
        };
        b += 1;
    }
    table
}

static CLASS: [u8; 256] = class_table();

/// Tokenizes `text` into `out` (cleared first).
///
/// ASCII bytes are classified by a table; only non-ASCII chars are decoded (and tested with the
/// Unicode properties). The result equals the char-by-char scanner's (a property test checks
/// it against the reference kept in the tests).
pub fn scan(text: &str, lex: &Lexicon, out: &mut Vec<Tok>) {
    scan_starts(text, lex, out, &mut Starts::default());
}

/// [`scan`], also filling `starts` and returning the genre as [`Starts::fill`] would.
pub fn scan_starts(text: &str, lex: &Lexicon, out: &mut Vec<Tok>, starts: &mut Starts) -> Genre {
    out.clear();
    starts.caps.clear();
    starts.openers.clear();
    starts.cast.clear();
    starts.breaks.clear();
    let mut genre = Genre::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut space_before = true;
    let mut sentence_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        let cls = CLASS[b as usize];
        if cls & class::NEWLINE != 0 {
            if !matches!(out.last(), Some(t) if t.kind() == TokKind::Break) {
                starts.breaks.push(out.len() as u32);
                out.push(plain(i, i + 1, TokKind::Break));
            }
            i += 1;
            space_before = true;
            sentence_start = true;
            continue;
        }
        if cls & class::SPACE != 0 {
            i += 1;
            space_before = true;
            continue;
        }
        let (c, clen) = if cls & class::HIGH == 0 {
            (b as char, 1)
        } else {
            let c = char_at(text, i).unwrap_or(' ');
            if c.is_whitespace() {
                i += c.len_utf8();
                space_before = true;
                continue;
            }
            (c, c.len_utf8())
        };
        if b == b'<' {
            if let Some((kind, len)) = markup(&bytes[i..]) {
                if let Some(kind) = kind {
                    if kind == TokKind::Break {
                        sentence_start = true;
                        starts.breaks.push(out.len() as u32);
                    }
                    if kind == TokKind::EmOpen {
                        starts.openers.push(out.len() as u32);
                    }
                    out.push(plain(i, i + len, kind));
                }
                i += len;
                space_before = true;
                continue;
            }
        }
        if cls & class::ALNUM != 0 || (cls & class::HIGH != 0 && is_alnum(c)) {
            let mut cls = cls;
            // Words one space apart follow each other here, without the dispatch above.
            loop {
                // URLs are skipped whole: nothing in them is a name. (One test of four bytes
                // first: a word's first letter says too little to guess from.)
                if url_prefix(bytes, i) {
                    if let Some(len) = url_len(&bytes[i..]) {
                        i += len;
                        space_before = false;
                        break;
                    }
                }
                let mut sink = Sink {
                    out: &mut *out,
                    starts: &mut *starts,
                    genre: &mut genre,
                };
                // Each kind of first byte has a path of its own, without the others' branches.
                let ascii = if cls & class::LOWER != 0 {
                    match plain_word::<LOWER>(
                        bytes,
                        i,
                        lex,
                        space_before,
                        sentence_start,
                        &mut sink,
                    ) {
                        None => ascii_word::<LOWER>(
                            bytes,
                            i,
                            lex,
                            space_before,
                            sentence_start,
                            &mut sink,
                        ),
                        end => end,
                    }
                } else if cls & class::UPPER != 0 {
                    match plain_word::<UPPER>(
                        bytes,
                        i,
                        lex,
                        space_before,
                        sentence_start,
                        &mut sink,
                    ) {
                        None => ascii_word::<UPPER>(
                            bytes,
                            i,
                            lex,
                            space_before,
                            sentence_start,
                            &mut sink,
                        ),
                        end => end,
                    }
                } else {
                    ascii_word::<OTHER>(bytes, i, lex, space_before, sentence_start, &mut sink)
                };
                i = match ascii {
                    Some(end) => end,
                    None => sink.push_word(bytes, word(text, i, lex, space_before, sentence_start)),
                };
                sentence_start = false;
                space_before = false;
                match bytes.get(i..i + 3) {
                    Some(&[b' ', next, _]) if CLASS[next as usize] & class::ALNUM != 0 => {
                        i += 1;
                        space_before = true;
                        cls = CLASS[next as usize];
                    }
                    // A mark ending a clause or a sentence, one space and a word, as the
                    // punctuation path below makes them (a mark touching a word has no space
                    // before it; none of these opens a quote).
                    Some(
                        &[mark @ (b',' | b'.' | b'!' | b'?' | b';' | b':' | b')'), b' ', next],
                    ) if CLASS[next as usize] & class::ALNUM != 0 => {
                        let mut t = plain(i, i + 1, TokKind::Punct(mark as char));
                        if matches!(mark, b'.' | b'!' | b'?') {
                            t.shape |= shape::SENT_END;
                            sentence_start = true;
                        }
                        out.push(t);
                        i += 2;
                        space_before = true;
                        cls = CLASS[next as usize];
                    }
                    // (The text's last two bytes go through the dispatch above.)
                    _ => break,
                }
            }
            continue;
        }
        // Punctuation: runs of the same mark are one token.
        let mut end = i + clen;
        if clen == 1 {
            while end < bytes.len() && bytes[end] == b {
                end += 1;
            }
        } else {
            let mark = &bytes[i..i + clen];
            while bytes[end..].starts_with(mark) {
                end += clen;
            }
        }
        let mut t = plain(i, end, TokKind::Punct(c));
        if space_before {
            t.shape |= shape::SPACE_BEFORE;
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            t.shape |= shape::SENT_END;
            sentence_start = true;
        }
        if is_opener(&t) {
            starts.openers.push(out.len() as u32);
        }
        out.push(t);
        i = end;
        space_before = false;
    }
    genre
}

/// True when `bytes[i..]` starts with `http` or `www.`, as every URL [`url_len`] finds does.
#[inline(always)]
fn url_prefix(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i..i + 4) {
        Some(w) => {
            let w = u32::from_le_bytes(w.try_into().unwrap_or([0; 4]));
            (w == u32::from_le_bytes(*b"http")) | (w == u32::from_le_bytes(*b"www."))
        }
        None => false,
    }
}

/// The length of a URL starting at the beginning of `bytes`, if one starts there.
pub(super) fn url_len(bytes: &[u8]) -> Option<usize> {
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

pub(super) fn plain(start: usize, end: usize, kind: TokKind) -> Tok {
    Tok::new(
        start as u32,
        end as u32,
        end as u32,
        kind,
        0,
        WordInfo::default(),
        Word::Other,
        Case::Other,
    )
}

/// Recognizes `<br />`, `<i>`, `</em>`... at the start of `bytes`: the token kind (None for
/// markup that is simply skipped) and the tag's length.
pub(super) fn markup(bytes: &[u8]) -> Option<(Option<TokKind>, usize)> {
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

/// [`word`] for a word of ASCII letters, digits and joiners, on bytes; None when a non-ASCII
/// char touches it or follows one of its joiners (then [`word`] decides). Equal to [`word`]
/// wherever it answers. `FIRST` says what the word starts with ([`LOWER`], [`UPPER`] or
/// [`OTHER`], a digit or a non-ASCII letter): each gets code without the others' branches.
#[inline]
fn ascii_word<const FIRST: u8>(
    bytes: &[u8],
    start: usize,
    lex: &Lexicon,
    space_before: bool,
    sentence_start: bool,
    sink: &mut Sink,
) -> Option<usize> {
    let n = bytes.len();
    let b0 = bytes[start];
    debug_assert_eq!(FIRST == LOWER, b0.is_ascii_lowercase());
    debug_assert_eq!(FIRST == UPPER, b0.is_ascii_uppercase());
    let numeric = FIRST == OTHER && b0.is_ascii_digit();
    let mut i = start;
    let mut segment = start; // where the chars since the last joiner start
    let mut dotted = false;
    let mut hyphen = false;
    let mut apostrophe = false;
    loop {
        i = crate::ascii::alnum_run(bytes, i);
        let Some(&j) = bytes.get(i) else { break };
        if !matches!(j, b'\'' | b'-' | b'.' | b',') {
            if j >= 0x80 {
                // A non-ASCII letter or joiner may continue the word.
                let c = char_after(bytes, i).0;
                if is_alnum(c) || matches!(c, '\u{2019}' | '\u{02BC}' | '\u{2010}') {
                    return None;
                }
            }
            break;
        }
        let Some(&a) = bytes.get(i + 1) else { break };
        if a >= 0x80 {
            return None;
        }
        if CLASS[a as usize] & class::ALNUM == 0 {
            break;
        }
        let joins = match j {
            b'\'' | b'-' => !numeric,
            b'.' => (!numeric && i - segment == 1) || (numeric && a.is_ascii_digit()),
            _ => numeric && a.is_ascii_digit(),
        };
        if !joins {
            break;
        }
        match j {
            b'.' => dotted = true,
            b'-' => hyphen = true,
            b'\'' => apostrophe = true,
            _ => {}
        }
        i += 1;
        segment = i;
    }
    if i == start {
        return None; // not an ASCII word after all
    }
    let w = &bytes[start..i];
    let mut end = i;
    let mut core_end = i;
    let mut shape_bits = if space_before { shape::SPACE_BEFORE } else { 0 };
    let cap = FIRST == UPPER;
    if cap {
        shape_bits |= shape::CAP;
        if all_caps_ascii(w) {
            shape_bits |= shape::ALL_CAPS;
        }
    }
    if !numeric {
        // Possessive 's inside the word.
        let len = w.len();
        if apostrophe
            && len > 2
            && matches!(w[len - 1], b's' | b'S')
            && w[len - 2] == b'\''
            && !is_contraction_base_ascii(&w[..len - 2])
        {
            core_end = end - 2;
            shape_bits |= shape::POSS;
        }
        // A bare possessive apostrophe after a capitalized word ending in s.
        if cap && shape_bits & shape::POSS == 0 && matches!(w[len - 1], b's' | b'z') {
            let (a, alen) = char_after(bytes, end);
            if is_apostrophe(a) && !is_alnum(char_after(bytes, end + alen).0) {
                shape_bits |= shape::POSS;
            }
        }
    }
    // "Burton-ish", "Potter-style": an English combining form is not part of the name
    // (any other lowercase part is: "Hey-ho", "Svefn-g-englar").
    if hyphen && cap && core_end == end {
        if let Some(h) = w.iter().rposition(|&b| b == b'-') {
            let suffix = &w[h + 1..];
            if h > 0 && is_name_suffix(suffix) {
                core_end = start + h;
            }
        }
    }
    let core = &bytes[start..core_end];
    let mut word = Word::Other;
    let mut case = Case::Other;
    let mut info = if numeric {
        WordInfo::default()
    } else if core.len() <= SHORT {
        let (info, w, c) = if cap {
            lex.lookup_short_cap(bytes, start, core_end)
        } else {
            lex.lookup_short(bytes, start, core_end)
        };
        word = w;
        case = c;
        info
    } else if cap {
        lex.lookup_ascii(core)
    } else {
        lex.lookup_cue_ascii(core)
    };
    // "There's", "I'm", "I've": a contraction of a stop word is a stop word.
    if apostrophe && cap && !info.has(lf::STOP) {
        if let Some(a) = memchr::memchr(b'\'', core).filter(|&a| a > 0) {
            if lex.lookup_ascii(&core[..a]).has(lf::STOP) {
                info.flags |= lf::STOP;
            }
        }
    }
    // Initials and abbreviations keep their period and do not end the sentence.
    if end < n && bytes[end] == b'.' && core_end == end && !numeric {
        if dotted || letters_ascii(w) == 1 || info.has(lf::HONORIFIC) || is_abbreviation_ascii(w) {
            end += 1;
            core_end = end;
            shape_bits |= shape::DOTTED;
            // The word is the core's, period included ("Vol.", "Sgt.").
            (word, case) = if core_end - start <= SHORT {
                let (_, w, c) = lex.lookup_short(bytes, start, core_end);
                (w, c)
            } else {
                (Word::Other, Case::Other)
            };
        }
    } else if dotted {
        shape_bits |= shape::DOTTED;
    }
    if sentence_start {
        shape_bits |= shape::SENT_START;
    }
    Some(sink.push_word(
        bytes,
        Tok::new(
            start as u32,
            core_end as u32,
            end as u32,
            if numeric { TokKind::Num } else { TokKind::Word },
            shape_bits,
            info,
            word,
            case,
        ),
    ))
}

/// [`ascii_word`] of the commonest words, on two 8-byte words of text: ASCII letters and digits
/// only, starting with a lowercase ([`LOWER`]) or an uppercase ([`UPPER`]) letter, at most 15
/// bytes long with 16 bytes of text from the start, and ended by an ASCII byte that neither
/// joins it to more, nor makes it an abbreviation, nor is a possessive apostrophe (none of
/// `'`, `-`, `.`; a `,` joins only numbers). None for any other word, which [`ascii_word`]
/// then scans.
#[inline(always)]
fn plain_word<const FIRST: u8>(
    bytes: &[u8],
    start: usize,
    lex: &Lexicon,
    space_before: bool,
    sentence_start: bool,
    sink: &mut Sink,
) -> Option<usize> {
    debug_assert!(FIRST == LOWER || FIRST == UPPER);
    let chunk = bytes.get(start..start + 16)?;
    let lo = u64::from_le_bytes(chunk[..8].try_into().unwrap_or([0; 8]));
    let hi = u64::from_le_bytes(chunk[8..].try_into().unwrap_or([0; 8]));
    let stop = !crate::ascii::alnum_bits(lo) & crate::ascii::HIGH;
    let len = if stop != 0 {
        (stop.trailing_zeros() / 8) as usize
    } else {
        let stop = !crate::ascii::alnum_bits(hi) & crate::ascii::HIGH;
        if stop == 0 {
            return None;
        }
        8 + (stop.trailing_zeros() / 8) as usize
    };
    let j = chunk[len];
    if matches!(j, b'\'' | b'-' | b'.') || j >= 0x80 {
        return None;
    }
    let mut shape_bits = if space_before { shape::SPACE_BEFORE } else { 0 };
    if sentence_start {
        shape_bits |= shape::SENT_START;
    }
    let (info, word, case) = if FIRST == UPPER {
        shape_bits |= shape::CAP;
        if all_caps_ascii(&chunk[..len]) {
            shape_bits |= shape::ALL_CAPS;
        }
        lex.lookup_short_cap(bytes, start, start + len)
    } else if len < 8 {
        lex.lookup_short_low(lo, len)
    } else {
        lex.lookup_short_words(lo, hi, len)
    };
    let end = (start + len) as u32;
    Some(sink.push_word(
        bytes,
        Tok::new(
            start as u32,
            end,
            end,
            TokKind::Word,
            shape_bits,
            info,
            word,
            case,
        ),
    ))
}

/// Where [`scan_starts`] puts a scanned word.
struct Sink<'a> {
    out: &'a mut Vec<Tok>,
    starts: &'a mut Starts,
    genre: &'a mut Genre,
}

impl Sink<'_> {
    /// Pushes a word or number (a bare possessive apostrophe after it becomes part of it),
    /// noting it in the starts and the genre; returns where the next token may start.
    #[inline(always)]
    fn push_word(&mut self, bytes: &[u8], mut tok: Tok) -> usize {
        let at = self.out.len() as u32;
        if tok.kind() == TokKind::Word {
            if tok.is(shape::CAP) {
                self.starts.caps.push(at);
            } else {
                self.genre.music += tok.info().has(lf::MUSIC) as u32;
                self.genre.screen += tok.info().has(lf::SCREEN) as u32;
                if starts_cast_pattern(&tok) {
                    self.starts.cast.push(at);
                }
            }
        }
        // A bare possessive apostrophe ("James’ delivery") belongs to the word.
        if tok.is(shape::POSS) && tok.core_end == tok.end {
            tok.end += char_after(bytes, tok.end as usize).1 as u32;
        }
        self.out.push(tok);
        tok.end as usize
    }
}

/// [`ascii_word`] of a word starting with a lowercase ASCII letter.
const LOWER: u8 = 0;
/// [`ascii_word`] of a word starting with an uppercase ASCII letter.
const UPPER: u8 = 1;
/// [`ascii_word`] of a word starting with anything else.
const OTHER: u8 = 2;

/// The char at byte `i` (a char boundary of the `str` whose bytes these are) and its length; a
/// space past the end.
#[inline]
fn char_after(bytes: &[u8], i: usize) -> (char, usize) {
    let Some(&b) = bytes.get(i) else {
        return (' ', 1);
    };
    if b < 0x80 {
        return (b as char, 1);
    }
    let len = match b {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    let c = bytes
        .get(i..i + len)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.chars().next())
        .unwrap_or(' ');
    (c, c.len_utf8())
}

/// Two or more uppercase ASCII letters and no lowercase one.
#[inline]
fn all_caps_ascii(w: &[u8]) -> bool {
    let mut upper = 0;
    for &b in w {
        let cls = CLASS[b as usize];
        if cls & class::LOWER != 0 {
            return false;
        }
        upper += (cls & class::UPPER != 0) as usize;
    }
    upper >= 2
}

/// ASCII letters in `w`.
#[inline]
fn letters_ascii(w: &[u8]) -> usize {
    w.iter().filter(|b| b.is_ascii_alphabetic()).count()
}

/// Scans one word or number starting at `start`.
///
/// Runs of ASCII letters and digits are consumed by the class table alone; the letter counts
/// the shape needs (all capitals, a lone letter before a period) are taken afterwards, and only
/// for the words that need them.
#[inline(never)]
fn word(text: &str, start: usize, lex: &Lexicon, space_before: bool, sentence_start: bool) -> Tok {
    let bytes = text.as_bytes();
    let first = char_at(text, start).unwrap_or(' ');
    let numeric = first.is_ascii_digit();
    let mut i = start;
    let mut segment = start; // where the chars since the last joiner start
    let mut dotted = false;
    let mut ascii = true;
    let mut hyphen = false; // a '-' joiner was consumed
    let mut apostrophe = false; // a '\'' or '’' joiner was consumed
    loop {
        // Consume a run of alphanumerics.
        loop {
            while i < bytes.len()
                && CLASS[bytes[i] as usize] & (class::ALNUM | class::HIGH) == class::ALNUM
            {
                i += 1;
            }
            if i < bytes.len() && bytes[i] >= 0x80 {
                let c = char_at(text, i).unwrap_or(' ');
                if is_alnum(c) {
                    ascii = false;
                    i += c.len_utf8();
                    continue;
                }
            }
            break;
        }
        // A joiner followed by an alphanumeric continues the word.
        let j = match bytes.get(i) {
            Some(&b @ (b'\'' | b'-' | b'.' | b',')) => b as char,
            Some(0xE2 | 0xCA) => match char_at(text, i) {
                Some(c @ ('\u{2019}' | '\u{02BC}' | '\u{2010}')) => c,
                _ => break,
            },
            _ => break,
        };
        let after = i + j.len_utf8();
        let next_alnum = char_at(text, after).is_some_and(is_alnum);
        if !next_alnum {
            break;
        }
        let joins = match j {
            '\'' | '\u{2019}' | '\u{02BC}' | '-' | '\u{2010}' => !numeric,
            '.' => {
                (!numeric && single_char(&text[segment..i]))
                    || (numeric && is_digit_at(text, after))
            }
            ',' => numeric && is_digit_at(text, after),
            _ => false,
        };
        if !joins {
            break;
        }
        match j {
            '.' => dotted = true,
            '-' => hyphen = true,
            '\'' | '\u{2019}' => apostrophe = true,
            _ => {}
        }
        ascii &= j.is_ascii();
        i = after;
        segment = after;
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
            if all_caps(&text[start..end], ascii) {
                shape_bits |= shape::ALL_CAPS;
            }
        }
        // Possessive 's / ’s inside the word.
        let w = &text[start..end];
        let ends_in_s = matches!(w.as_bytes().last(), Some(b's' | b'S'));
        for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
            if !ends_in_s {
                break;
            }
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
                if is_apostrophe(a) && !char_at(text, after).is_some_and(is_alnum) {
                    shape_bits |= shape::POSS;
                }
            }
        }
    }
    // "Burton-ish", "Potter-style": an English combining form is not part of the name
    // (any other lowercase part is: "Hey-ho", "Svefn-g-englar").
    if hyphen && shape_bits & shape::CAP != 0 && core_end == end {
        let w = &text[start..end];
        if let Some(h) = w.rfind('-') {
            let suffix = &w[h + 1..];
            if h > 0 && is_name_suffix(suffix.as_bytes()) {
                core_end = start + h;
            }
        }
    }
    let core = &text[start..core_end];
    // A possessive ’s may be all the word has that is not ASCII.
    let core_ascii = ascii || core.is_ascii();
    let mut word = Word::Other;
    let mut case = Case::Other;
    let mut info = if numeric {
        WordInfo::default()
    } else if core_ascii && core.len() <= SHORT {
        let (cue, w, c) = lex.lookup_short(bytes, start, core_end);
        word = w;
        case = c;
        if shape_bits & shape::CAP != 0 {
            lex.lookup_ascii(core.as_bytes())
        } else {
            cue
        }
    } else if shape_bits & shape::CAP != 0 {
        if ascii {
            lex.lookup_ascii(core.as_bytes())
        } else {
            lex.lookup(core)
        }
    } else if ascii {
        lex.lookup_cue_ascii(core.as_bytes())
    } else {
        lex.lookup_cue(core)
    };
    // "There's", "I'm", "I've": a contraction of a stop word is a stop word.
    if apostrophe && !info.has(lf::STOP) && shape_bits & shape::CAP != 0 {
        let apostrophe = if ascii {
            memchr::memchr(b'\'', core.as_bytes())
        } else {
            core.find(['\'', '\u{2019}'])
        };
        if let Some(a) = apostrophe.filter(|&a| a > 0) {
            let base = &core[..a];
            let stop = if ascii {
                lex.lookup_ascii(base.as_bytes())
            } else {
                lex.lookup(base)
            };
            if stop.has(lf::STOP) {
                info.flags |= lf::STOP;
            }
        }
    }
    // Initials and abbreviations keep their period and do not end the sentence.
    if !numeric && bytes.get(end) == Some(&b'.') && core_end == end {
        if dotted
            || single_letter(&text[start..end], ascii)
            || info.has(lf::HONORIFIC)
            || is_abbreviation(&text[start..end])
        {
            end += 1;
            core_end = end;
            shape_bits |= shape::DOTTED;
            // The word is the core's, period included ("Vol.", "Sgt.").
            (word, case) = if core_ascii && core_end - start <= SHORT {
                let (_, w, c) = lex.lookup_short(bytes, start, core_end);
                (w, c)
            } else {
                (Word::Other, Case::Other)
            };
        }
    } else if dotted {
        shape_bits |= shape::DOTTED;
    }
    if sentence_start {
        shape_bits |= shape::SENT_START;
    }
    Tok::new(
        start as u32,
        core_end as u32,
        end as u32,
        kind,
        shape_bits,
        info,
        word,
        case,
    )
}

/// True when `s` is one char.
#[inline]
fn single_char(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some() && chars.next().is_none()
}

/// Upper and lower case letters of a scanned word (its joiners are neither).
#[inline]
fn case_counts(w: &str, ascii: bool) -> (usize, usize) {
    let (mut upper, mut lower) = (0, 0);
    if ascii {
        for &b in w.as_bytes() {
            let cls = CLASS[b as usize];
            upper += (cls & class::UPPER != 0) as usize;
            lower += (cls & class::LOWER != 0) as usize;
        }
    } else {
        for c in w.chars() {
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
        }
    }
    (upper, lower)
}

/// Two or more uppercase letters and no lowercase one.
#[inline]
fn all_caps(w: &str, ascii: bool) -> bool {
    if ascii {
        let mut upper = 0;
        for &b in w.as_bytes() {
            let cls = CLASS[b as usize];
            if cls & class::LOWER != 0 {
                return false;
            }
            upper += (cls & class::UPPER != 0) as usize;
        }
        return upper >= 2;
    }
    let (upper, lower) = case_counts(w, ascii);
    upper >= 2 && lower == 0
}

/// Exactly one letter (upper or lower case).
#[inline]
fn single_letter(w: &str, ascii: bool) -> bool {
    let (upper, lower) = case_counts(w, ascii);
    upper + lower == 1
}

#[inline]
pub(super) fn is_digit_at(text: &str, i: usize) -> bool {
    text.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

/// Words whose `’s` is "is" or "us", not a possessive ("It’s", "Let’s").
pub(super) fn is_contraction_base(w: &str) -> bool {
    const BASES: [&str; 14] = [
        "it", "that", "he", "she", "what", "there", "here", "let", "who", "where", "how", "this",
        "everyone", "nobody",
    ];
    w.len() <= 8 && BASES.iter().any(|b| w.eq_ignore_ascii_case(b))
}

fn is_abbreviation_ascii(w: &[u8]) -> bool {
    matches!(
        w,
        b"Jr" | b"Sr" | b"vs" | b"Vs" | b"St" | b"etc" | b"Mt" | b"Co" | b"Inc" | b"Ltd"
    )
}

/// [`is_contraction_base`] of ASCII bytes.
fn is_contraction_base_ascii(w: &[u8]) -> bool {
    std::str::from_utf8(w).is_ok_and(is_contraction_base)
}

pub(super) fn is_abbreviation(w: &str) -> bool {
    matches!(
        w,
        "Jr" | "Sr" | "vs" | "Vs" | "St" | "etc" | "Mt" | "Co" | "Inc" | "Ltd"
    )
}

/// English combining forms written after a name with a hyphen ("Burton-ish", "Potter-style",
/// "Lynch-esque", "Nolan-directed"): they make an adjective of the name and are not part of it.
pub(super) fn is_name_suffix(suffix: &[u8]) -> bool {
    const SUFFIXES: &[&[u8]] = &[
        b"ish",
        b"esque",
        b"style",
        b"like",
        b"type",
        b"era",
        b"level",
        b"lite",
        b"led",
        b"penned",
        b"directed",
        b"produced",
        b"written",
        b"helmed",
        b"fronted",
        b"starring",
        b"based",
        b"inspired",
        b"influenced",
        b"centric",
        b"adjacent",
        b"worthy",
        b"sized",
        b"approved",
        b"obsessed",
        b"loving",
        b"hating",
        b"free",
        b"heavy",
        b"less",
        b"ian",
        b"ism",
        b"isms",
        b"fest",
        b"mania",
    ];
    SUFFIXES.contains(&suffix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn toks(text: &str) -> Vec<(String, TokKind, u8)> {
        let mut out = Vec::new();
        scan(text, Lexicon::builtin(), &mut out);
        out.iter()
            .map(|t| (t.core(text).to_string(), t.kind(), t.shape))
            .collect()
    }

    fn cores(text: &str) -> Vec<String> {
        toks(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn inner_apostrophes_hyphens_and_initials_stay_in_the_word() {
        assert_eq!(
            cores("O’Brien can't see Ex-Girlfriend in L.A. with B.J. Cook"),
            [
                "O’Brien",
                "can't",
                "see",
                "Ex-Girlfriend",
                "in",
                "L.A.",
                "with",
                "B.J.",
                "Cook"
            ]
        );
    }

    #[test]
    fn a_hyphened_combining_form_is_cut_from_a_name_and_other_lowercase_parts_are_not() {
        assert_eq!(
            cores("Burton-ish and Lynch-esque, Nolan-directed, Hey-ho and Svefn-g-englar"),
            [
                "Burton",
                "and",
                "Lynch",
                ",",
                "Nolan",
                ",",
                "Hey-ho",
                "and",
                "Svefn-g-englar"
            ]
        );
    }

    #[test]
    fn possessives_are_left_outside_the_core() {
        let t = toks("Robyn’s song and James’ voice and Tom's car");
        assert_eq!(t[0].0, "Robyn");
        assert!(t[0].2 & shape::POSS != 0);
        assert_eq!(t[3].0, "James");
        assert!(t[3].2 & shape::POSS != 0);
        assert_eq!(t[6].0, "Tom");
    }

    #[test]
    fn a_token_is_20_bytes_and_keeps_its_kind_and_info() {
        assert_eq!(std::mem::size_of::<Tok>(), 20);
        let info = WordInfo {
            flags: lf::ROLE | lf::PARTICLE,
            role: 7,
        };
        let kinds = [
            TokKind::Word,
            TokKind::Num,
            TokKind::Punct('“'),
            TokKind::Punct('😀'),
            TokKind::EmOpen,
            TokKind::EmClose,
            TokKind::Break,
        ];
        for kind in kinds {
            let punct = matches!(kind, TokKind::Punct(_));
            let given = if punct { WordInfo::default() } else { info };
            let t = Tok::new(1, 2, 3, kind, shape::CAP, given, Word::Other, Case::Other);
            assert_eq!(t.kind(), kind);
            assert_eq!(t.info(), given);
            assert_eq!(t.is_word(), kind == TokKind::Word);
            assert_eq!(t.is_punct('“'), kind == TokKind::Punct('“'));
        }
    }

    #[test]
    fn quotes_and_markup_are_their_own_tokens() {
        let t = toks("to “Deep Blue”<br /><i>Film</i>");
        let kinds: Vec<TokKind> = t.iter().map(|t| t.1).collect();
        assert_eq!(
            kinds,
            [
                TokKind::Word,
                TokKind::Punct('“'),
                TokKind::Word,
                TokKind::Word,
                TokKind::Punct('”'),
                TokKind::Break,
                TokKind::EmOpen,
                TokKind::Word,
                TokKind::EmClose
            ]
        );
    }

    #[test]
    fn honorific_periods_do_not_start_a_new_sentence() {
        let t = toks("Then Mr. Stone left. Later");
        assert_eq!(t[1].0, "Mr.");
        assert!(t[2].2 & shape::SENT_START == 0);
        assert!(t[5].2 & shape::SENT_START != 0);
    }

    /// Text with what the scanner treats specially: words with joiners, possessives, initials,
    /// markup, URLs, quotes, runs of marks, non-ASCII letters, spaces and line breaks.
    fn scanner_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[A-Za-z]{1,9}",
            "[A-Z][a-z]{0,6}('s|’s|'S|’|')?",
            "[a-z]{1,5}(['’-][a-z]{1,4})?",
            "[0-9]{1,4}([.,][0-9]{1,3})?",
            "[A-Z]\\.([A-Z]\\.)?",
            Just("<br />".to_string()),
            Just("<i>".to_string()),
            Just("</em>".to_string()),
            Just("<b".to_string()),
            Just("https://x.co/a".to_string()),
            Just("www.".to_string()),
            "[ \t\n\r\u{0B}\u{0C}\u{85}\u{A0}\u{2028}]{1,3}",
            "[.!?…“”\"‘’'()*&,;:_-]{1,3}",
            "[éÉßİıǅÅ日本ＡＢ٣]{1,3}",
            Just("Mr.".to_string()),
            Just("Jr.".to_string()),
            Just("Burton-ish".to_string()),
            Just("There's".to_string()),
            "[,.!?;:)] ",
            spelled_word(),
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    #[test]
    fn is_alnum_is_char_is_alphanumeric() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// A word the rules test by spelling, in any case, maybe with a period or a suffix.
    fn spelled_word() -> impl Strategy<Value = String> {
        let n = crate::entity::words::SPELLED.len();
        (
            0..n,
            0..4u8,
            prop_oneof![Just(""), Just("."), Just("s"), Just("'s"), Just("-x")],
        )
            .prop_map(|(i, case, tail)| {
                let w = crate::entity::words::SPELLED[i].1;
                let w = match case {
                    0 => w.to_string(),
                    1 => w.to_ascii_uppercase(),
                    2 => capitalized(w),
                    _ => w
                        .chars()
                        .enumerate()
                        .map(|(k, c)| {
                            if k % 2 == 1 {
                                c.to_ascii_uppercase()
                            } else {
                                c
                            }
                        })
                        .collect(),
                };
                format!("{w}{tail}")
            })
    }

    fn capitalized(w: &str) -> String {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    }

    /// Every token's [`Word`] and [`Case`] agree with comparing its core to the spellings.
    fn words_agree_with_spellings(text: &str) {
        let mut toks = Vec::new();
        scan(text, Lexicon::builtin(), &mut toks);
        for t in &toks {
            let core = t.core(text);
            for &(w, s) in crate::entity::words::SPELLED {
                let any_case = t.kind() == TokKind::Word && core.eq_ignore_ascii_case(s);
                assert_eq!(t.word == w, any_case, "{core:?} {w:?} in {text:?}");
                assert_eq!(t.is_lower(w), core == s, "{core:?} {w:?} in {text:?}");
                assert_eq!(
                    t.is_title(w),
                    core == capitalized(s),
                    "{core:?} {w:?} in {text:?}"
                );
            }
        }
    }

    fn same_as_reference(text: &str) {
        let lex = Lexicon::builtin();
        let (mut fast, mut reference) = (Vec::new(), Vec::new());
        scan(text, lex, &mut fast);
        super::super::scan_reference::scan(text, lex, &mut reference);
        assert_eq!(fast.len(), reference.len(), "{text:?}");
        for (f, r) in fast.iter().zip(&reference) {
            assert_eq!(
                (f.start, f.core_end, f.end, f.kind(), f.shape, f.info()),
                (r.start, r.core_end, r.end, r.kind(), r.shape, r.info()),
                "{text:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn fast_scan_equals_the_char_by_char_scan(text in scanner_text()) {
            same_as_reference(&text);
        }

        #[test]
        fn fast_scan_equals_the_char_by_char_scan_on_any_string(text in any::<String>()) {
            same_as_reference(&text);
        }

        #[test]
        fn token_words_equal_spelling_comparisons(text in scanner_text()) {
            words_agree_with_spellings(&text);
        }
    }
}
