//! Titles the corpus knows whole: names of several words that the mined corpus saw mostly in
//! quotes or emphasis ("Where the Sidewalk Ends", "Charlie's Angels", "Star Trek: Voyager"),
//! joined where the capitalized-span layer ([`super::names`]) cut them at a lowercase word, a
//! possessive or a colon.
//!
//! The capitalized-span layer cannot join such titles by their shape alone: "of the", "'s" or
//! ":" join a title as often as they end a name ("Tom Hanks's Forrest Gump", "Cast: Tom
//! Hanks"). What decides here is evidence from many documents: a name the mining pass
//! ([`super::typer::PriorCounter`]) saw quoted or emphasized at least [`MIN_QUOTED`] times, and
//! in at least a third of its occurrences, is a title wherever a review writes it with a
//! capital, even unquoted. The match only replaces the pieces the span layer made of it; the
//! typer then decides its kind, as for any candidate.
//!
//! Invariants:
//! - a title is matched whole words only, case-insensitively (ASCII; a straight apostrophe
//!   matches a curly one), from a capitalized word the scanner listed ([`super::Starts::caps`]),
//!   on token boundaries, and replaces candidates only when every one it
//!   overlaps lies inside it, is untyped and is a plain capitalized span (no quotes, no
//!   gazetteer entry): it never cuts a candidate or overrides a surer layer;
//! - the titles come from the priors the extractor reads, so mining priors (which must not
//!   read priors) never uses them.
//!
//! [`Listed`] does the same with the known-names list's titles of films, TV series and songs,
//! weaker evidence: its matches are candidates marked [`Cand::listed`] for the typer, only as a
//! whole capitalized run in title case or over names the span layer found inside, and
//! `TitleIndex::longest_at` (a hash of every title's word prefixes, a bit filter before it) finds
//! exactly what trying every listed title would (tested against that reference).
//!
//! Once the kinds are decided, [`take_own_edges`] gives shows and songs the edges of their
//! titles the span layer leaves out, a leading number ("48 Hours") and a closing "!" or "?"
//! ("Oliver!"), where the text around them shows they are the title's; it only widens a
//! mention over text no other candidate holds.

use super::gazetteer::whole_words;
use super::lexicon::flags as lf;
use super::lexicon::FxHasher;
use super::names::Form;
use super::scan::{shape, Tok, TokKind};
use super::typer::Priors;
use super::{Cand, NONE};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// How often, at least, the corpus saw a title in quotes or emphasis.
pub const MIN_QUOTED: u32 = 3;

/// The corpus's titles, by the hashes of their word prefixes.
#[derive(Clone, Debug)]
pub struct Titles {
    /// The titles, lowercase.
    index: TitleIndex,
}

impl Titles {
    /// The titles of `priors`: their names of two words or more seen quoted or emphasized at
    /// least [`MIN_QUOTED`] times and in a third of their occurrences or more; `None` when
    /// there is none.
    pub fn of(priors: &Priors) -> Option<Titles> {
        let mut index = TitleIndex::with_capacity(0);
        for (name, entry) in priors.multiword_entries() {
            let quoted = entry.contexts[0] + entry.contexts[1];
            let seen = entry.counts[5].max(1);
            if quoted < MIN_QUOTED || quoted * 3 < seen {
                continue;
            }
            index.insert(Cow::Owned(name.to_ascii_lowercase().into_bytes()));
        }
        (!index.is_empty()).then_some(Titles { index })
    }

    /// Joins the titles of `text` that the capitalized-span layer cut into pieces: a title
    /// starting at one of the capitalized words `caps` (token indices, ascending) replaces the
    /// candidates inside it (see the module's invariants). `cands` are sorted by start and do
    /// not overlap, and stay so. Linear in the candidates and the capitalized words (a
    /// title's pieces are found by binary search, the list rebuilt once).
    pub fn join(&self, text: &str, toks: &[Tok], caps: &[u32], cands: &mut Vec<Cand>) {
        // Each title found: the candidates it replaces (`lo..hi`) and its own.
        let mut joined: Vec<(usize, usize, Cand)> = Vec::new();
        let mut after = 0; // the first token a title may start at (titles do not overlap)
        for &first in caps {
            let first = first as usize;
            if first < after {
                continue;
            }
            let Some(last) = title_at(&self.index, text, toks, first) else {
                continue;
            };
            let (lo, hi) = overlapped(cands, first, last);
            let inside = &cands[lo..hi];
            // Only where the span layer cut the title: something to replace, and not the
            // title itself already.
            if inside.is_empty() || !can_replace(inside, first, last) {
                continue;
            }
            joined.push((lo, hi, Cand::new(toks, first, last, Form::Title, false)));
            after = last + 1;
        }
        splice(cands, joined);
    }
}

/// The titles of films, TV series and songs the known-names list holds ([`super::known`]),
/// of two words or more, by the hashes of their word prefixes (`TitleIndex`): candidates the
/// span layer cut or left out
/// ("An American in Paris", made only of words that are never a name alone; "Mystery Science
/// Theater 3000"; "Mr. Smith Goes to Washington", cut at "goes").
///
/// A listed title is weaker evidence than a title the corpus quotes ([`Titles`]): the list
/// holds "New York" (a film and a song) and "He Is" (a song). So a match is only a candidate,
/// marked [`Cand::listed`] for the typer, which learns from annotated reviews how far a
/// listed run of ordinary words is a title; and it must be the whole capitalized run (no
/// capitalized word just before or after it), written in title case (capitalized words,
/// numbers and the lowercase connectors of titles) unless the span layer found a name inside
/// it. Mining priors never reads it (no typer decides there), and without a typer it adds only
/// the titles the rules type from their own cues.
#[derive(Clone, Debug)]
pub struct Listed {
    index: TitleIndex,
}

/// Titles by the hashes of their word prefixes ([`word_hashes`]): the longest title a text
/// spells from a word is found reading the text's words once, each a bit of a filter and,
/// where the filter lets it through, a probe of the table; a title is then checked letter by
/// letter ([`matched`]).
#[derive(Clone, Debug)]
struct TitleIndex {
    /// One bit per prefix hash's top [`FILTER_LOG2`] bits, set for those of `prefixes`: a
    /// text's words that open no title mostly stop here, without a probe of the table (which,
    /// for the known list's titles, misses the cache).
    filter: Box<[u64]>,
    /// The hashes of the first two words or more of each title (lowercase) to the title they
    /// spell whole (an index into `titles`), or [`NO_TITLE`]: a text's words that open no
    /// title are read no further.
    prefixes: HashMap<u64, u32, BuildHasherDefault<FxHasher>>,
    /// The titles, in the order given.
    titles: Vec<Cow<'static, [u8]>>,
    /// The other titles of the same words ("close-up" beside "close up"), by their hash.
    spellings: HashMap<u64, Vec<Cow<'static, [u8]>>, BuildHasherDefault<FxHasher>>,
}

/// The log2 of [`TitleIndex::filter`]'s bits: 2^20 bits, 128 KiB, for the known list's some
/// 98,000 prefixes.
const FILTER_LOG2: u32 = 20;

/// A prefix of [`TitleIndex::prefixes`] that is no title whole.
const NO_TITLE: u32 = u32::MAX;

/// The most words of a title in a [`TitleIndex`]; longer ones are left out.
const MAX_TITLE_WORDS: usize = 12;

impl TitleIndex {
    /// An empty index with room for about `prefixes` prefixes.
    fn with_capacity(prefixes: usize) -> TitleIndex {
        TitleIndex {
            filter: vec![0u64; 1 << (FILTER_LOG2 - 6)].into_boxed_slice(),
            prefixes: HashMap::with_capacity_and_hasher(prefixes, Default::default()),
            titles: Vec::new(),
            spellings: HashMap::default(),
        }
    }

    /// Adds `title` (lowercase) if it has two to [`MAX_TITLE_WORDS`] words; false if not.
    fn insert(&mut self, title: Cow<'static, [u8]>) -> bool {
        // The hashes of the title's first two words, three... up to the whole title.
        let mut hashes = [0u64; MAX_TITLE_WORDS + 1];
        let mut words = 0;
        word_hashes(&title, MAX_TITLE_WORDS + 1, |h, n, _| {
            hashes[n - 1] = h;
            words = n;
            true
        });
        if !(2..=MAX_TITLE_WORDS).contains(&words) {
            return false;
        }
        for &h in &hashes[1..words] {
            let bit = filter_bit(h);
            self.filter[bit >> 6] |= 1 << (bit & 63);
            self.prefixes.entry(h).or_insert(NO_TITLE);
        }
        let whole = hashes[words - 1];
        let at = self.prefixes.get_mut(&whole).expect("inserted above");
        if *at == NO_TITLE {
            *at = self.titles.len() as u32;
            self.titles.push(title);
        } else if self.titles[*at as usize] != title {
            let more = self.spellings.entry(whole).or_default();
            if !more.contains(&title) {
                more.push(title);
            }
        }
        true
    }

    fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }

    /// The end (in bytes) of the longest title the text `bytes[s..]` spells from its start,
    /// ignoring ASCII case (a straight apostrophe of the title matching a curly one).
    fn longest_at(&self, bytes: &[u8], s: usize) -> Option<usize> {
        let mut found = None;
        word_hashes(&bytes[s..], MAX_TITLE_WORDS, |h, n, end| {
            if n < 2 {
                return true;
            }
            let bit = filter_bit(h);
            if self.filter[bit >> 6] & (1 << (bit & 63)) == 0 {
                return false;
            }
            let Some(&at) = self.prefixes.get(&h) else {
                return false;
            };
            if at != NO_TITLE {
                // A title may end with a mark after its last word ("Oliver!").
                let more = self.spellings.get(&h).map_or(&[][..], Vec::as_slice);
                let longest = std::iter::once(&self.titles[at as usize])
                    .chain(more)
                    .filter_map(|title| matched(&bytes[s..], title))
                    .max();
                if let Some(m) = longest.filter(|&m| m >= end) {
                    found = Some(s + m);
                }
            }
            true
        });
        found
    }
}

impl Listed {
    /// The titles of the list shipped with reviewlens, read once; `None` if it has none.
    pub fn builtin() -> Option<std::sync::Arc<Listed>> {
        static BUILTIN: std::sync::OnceLock<Option<std::sync::Arc<Listed>>> =
            std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                Listed::of_entries(super::known::builtin_entries()).map(std::sync::Arc::new)
            })
            .clone()
    }

    /// The titles of a known-names file (its entries as [`super::known::entries`] reads them);
    /// `None` when there is none or the file is malformed.
    #[cfg(test)]
    fn of(text: &'static str) -> Option<Listed> {
        Listed::of_entries(&super::known::entries(text).ok()?)
    }

    /// The titles among a known-names file's `entries`: the names of two to
    /// [`MAX_TITLE_WORDS`] words with a film, TV or song class; `None` when there is none.
    fn of_entries(entries: &[(&'static str, u8)]) -> Option<Listed> {
        use super::known::class::{FILM, SONG, TV};
        let mut index = TitleIndex::with_capacity(entries.len() * 2);
        for &(name, bits) in entries {
            if bits & (FILM | TV | SONG) != 0 {
                index.insert(Cow::Borrowed(name.as_bytes()));
            }
        }
        (!index.is_empty()).then_some(Listed { index })
    }

    /// Adds the listed titles of `text` as candidates (see the type's doc): a title starting
    /// at one of the capitalized words `caps` replaces the candidates inside it when all are
    /// plain untyped capitalized spans. `cands` are sorted by start and do not overlap, and
    /// stay so.
    pub fn join(&self, text: &str, toks: &[Tok], caps: &[u32], cands: &mut Vec<Cand>) {
        let mut joined: Vec<(usize, usize, Cand)> = Vec::new();
        let mut after = 0;
        for &first in caps {
            let first = first as usize;
            if first < after || (first > 0 && toks[first - 1].is_cap_word()) {
                continue;
            }
            let Some(last) = title_at(&self.index, text, toks, first) else {
                continue;
            };
            if toks
                .get(last + 1)
                .is_some_and(|t| t.is_cap_word() || t.kind() == TokKind::Num)
            {
                continue;
            }
            let (lo, hi) = overlapped(cands, first, last);
            let inside = &cands[lo..hi];
            let title_case = || {
                toks[first..=last].iter().all(|t| match t.kind() {
                    TokKind::Word => t.is(shape::CAP) || t.info().has(lf::CONNECTOR),
                    TokKind::Num | TokKind::Punct(_) => true,
                    _ => false,
                })
            };
            if !can_replace(inside, first, last) || (inside.is_empty() && !title_case()) {
                continue;
            }
            let mut title = Cand::new(toks, first, last, Form::Title, false);
            title.listed = true;
            joined.push((lo, hi, title));
            after = last + 1;
        }
        splice(cands, joined);
    }
}

/// The last token of the longest title of `index` that `text` spells from token `first`, on
/// whole words and ending where a token's word ends.
fn title_at(index: &TitleIndex, text: &str, toks: &[Tok], first: usize) -> Option<usize> {
    let s = toks[first].start as usize;
    let e = index
        .longest_at(text.as_bytes(), s)
        .filter(|&e| whole_words(text, s, e))?;
    let mut last = first;
    while last + 1 < toks.len() && (toks[last + 1].start as usize) < e {
        last += 1;
    }
    (toks[last].core_end as usize == e).then_some(last)
}

/// The candidates (sorted by start, not overlapping) that tokens `first..=last` overlap, as a
/// range of `cands`.
fn overlapped(cands: &[Cand], first: usize, last: usize) -> (usize, usize) {
    let lo = cands.partition_point(|c| (c.last as usize) < first);
    let hi = cands.partition_point(|c| (c.first as usize) <= last);
    (lo, hi.max(lo))
}

/// True when a title over tokens `first..=last` may replace the candidates `inside` it
/// overlaps: none is the title itself already, and each is [`replaceable`].
fn can_replace(inside: &[Cand], first: usize, last: usize) -> bool {
    let whole = |c: &Cand| c.first as usize == first && c.last as usize == last;
    !inside.iter().any(whole) && inside.iter().all(|c| replaceable(c, first, last))
}

/// True when a title over tokens `first..=last` may replace candidate `c`: it lies inside, is
/// untyped and is a plain capitalized span (no quotes, no gazetteer entry, no blocked album).
fn replaceable(c: &Cand, first: usize, last: usize) -> bool {
    c.first as usize >= first
        && c.last as usize <= last
        && c.kind.is_none()
        && c.fixed == NONE
        && !c.blocked
        && matches!(
            c.form,
            Form::Title | Form::NameLike | Form::Person | Form::Single
        )
}

/// Replaces, for each `(lo, hi, title)` of `joined` (ascending, not overlapping), the
/// candidates `lo..hi` of `cands` by `title`.
fn splice(cands: &mut Vec<Cand>, joined: Vec<(usize, usize, Cand)>) {
    if joined.is_empty() {
        return;
    }
    let old = std::mem::take(cands);
    let mut old = old.into_iter().enumerate().peekable();
    for (lo, hi, title) in joined {
        while let Some((_, c)) = old.next_if(|(i, _)| *i < lo) {
            cands.push(c);
        }
        while old.next_if(|(i, _)| *i < hi).is_some() {}
        cands.push(title);
    }
    cands.extend(old.map(|(_, c)| c));
}

/// Reads the words opening `bytes` (runs of ASCII letters and digits and of non-ASCII bytes
/// other than curly quotes, ASCII lowercased), calling `at_end(hash, n, end)` at the end of
/// each: the hash of the first `n` words, whatever stands between them, and the byte after the
/// word. Stops when `at_end` returns false, after `max_words` words, or at a byte no title
/// holds between its words (a line break, a bracket, a straight double quote, `;`).
fn word_hashes(bytes: &[u8], max_words: usize, mut at_end: impl FnMut(u64, usize, usize) -> bool) {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mix = |h: u64, b: u8| (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    // A curly quote (U+2018 to U+201D) stands between words; any other byte of a non-ASCII
    // letter is part of one.
    let curly_quote = |i: usize| {
        bytes[i] == 0xE2
            && bytes.get(i + 1) == Some(&0x80)
            && matches!(bytes.get(i + 2), Some(0x98..=0x9D))
    };
    let is_word = |i: usize| match BYTE_CLASS[bytes[i] as usize] {
        WORD => true,
        MAYBE_QUOTE => !curly_quote(i),
        _ => false,
    };
    let mut h = 0u64;
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        if is_word(i) {
            if n > 0 {
                h = mix(h, b' ');
            }
            while i < bytes.len() && is_word(i) {
                h = mix(h, bytes[i].to_ascii_lowercase());
                i += 1;
            }
            n += 1;
            if !at_end(h, n, i) || n == max_words {
                return;
            }
        } else if BYTE_CLASS[bytes[i] as usize] == STOP {
            return;
        } else {
            i += if curly_quote(i) { 3 } else { 1 };
        }
    }
}

/// The bit of [`Listed::filter`] for a [`word_hashes`] value: its top bits, the best mixed.
#[inline]
fn filter_bit(h: u64) -> usize {
    (h >> (64 - FILTER_LOG2)) as usize
}

/// The classes of bytes [`word_hashes`] reads.
const WORD: u8 = 1;
const MAYBE_QUOTE: u8 = 2;
const STOP: u8 = 3;
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c == 0xE2 {
            MAYBE_QUOTE
        } else if c.is_ascii_alphanumeric() || c >= 0x80 {
            WORD
        } else if matches!(
            c,
            b'\n' | b'\r' | b'"' | b'(' | b')' | b'[' | b']' | b'<' | b'>' | b';'
        ) {
            STOP
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The length in bytes of the text opening `text` that spells `title` (lowercase), ignoring
/// ASCII case, a straight apostrophe of the title matching a curly one too; `None` if it does
/// not.
fn matched(text: &[u8], title: &[u8]) -> Option<usize> {
    const CURLY: &[u8] = "\u{2019}".as_bytes();
    let mut i = 0;
    for &b in title {
        if b == b'\'' && text[i..].starts_with(CURLY) {
            i += CURLY.len();
        } else if text.get(i).is_some_and(|c| c.to_ascii_lowercase() == b) {
            i += 1;
        } else {
            return None;
        }
    }
    Some(i)
}

/// Gives the shows and songs of `cands` the edges of their titles the span layer leaves out,
/// where the text shows they are the title's: a show's leading number ([`leading_number`]) and
/// a show's or song's closing question or exclamation mark ([`own_mark`]). Runs once the kinds
/// are decided: the same edges are not a person's ("\"Oliver!\" she cried", "In 1954 Marlon
/// Brando"). Each candidate widened goes to `widened` with its bounds before (its index,
/// start, end), for its entity's name to follow ([`super::resolve::rename_widened`]).
pub fn take_own_edges(text: &str, cands: &mut [Cand], widened: &mut Vec<(u32, u32, u32)>) {
    use super::MentionKind::{Show, Song};
    for ci in 0..cands.len() {
        let c = &cands[ci];
        if c.blocked || !matches!(c.kind, Some(Show | Song)) {
            continue;
        }
        let (start, end) = (c.start as usize, c.end as usize);
        let mut to = (start, end);
        if own_mark(text, start, end) && free(cands, ci, end, end + 1) {
            to.1 = end + 1;
        }
        if c.kind == Some(Show) {
            let from = leading_number(text, start);
            if from < start && free(cands, ci, from, start) {
                to.0 = from;
            }
        }
        if to != (start, end) {
            (cands[ci].start, cands[ci].end) = (to.0 as u32, to.1 as u32);
            widened.push((ci as u32, start as u32, end as u32));
        }
    }
}

/// True when no candidate but `cands[ci]` holds any of the bytes `from..to`. (The candidates
/// are not in text order once the resolver has added a found title's other occurrences; this
/// is read only for the few titles an edge would widen.)
fn free(cands: &[Cand], ci: usize, from: usize, to: usize) -> bool {
    !cands
        .iter()
        .enumerate()
        .any(|(j, o)| j != ci && (o.start as usize) < to && from < o.end as usize)
}

/// True when the question or exclamation mark right after a title ending at `end` (and
/// starting at `start`) is the title's own ("Oliver!", "Airplane!", "What's the Matter with
/// Helen?"): one mark touching the title's last word and then a closing quote, when a quote
/// opens right before the title; or then a comma, a full stop or a lowercase word ("In Dig!,
/// fortune smiled", "Oliver! is a worthy contender"). A mark followed by a capital ("I loved
/// Frasier! The cast...") or doubled ("Tremors!!!") ends the sentence as often as the title.
///
/// Over the gold reviews (1,217), a show's or song's mark in that place is the title's in 46
/// of 52 cases (32 of 38 quoted, 14 of 14 bare); anywhere else, 3 times in 29.
pub(super) fn own_mark(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    if !matches!(bytes.get(end), Some(b'!' | b'?'))
        || !bytes
            .get(end.wrapping_sub(1))
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80)
    {
        return false;
    }
    let after = &text[end + 1..];
    let quoted = text[..start]
        .chars()
        .next_back()
        .is_some_and(|q| matches!(q, '"' | '“' | '\'' | '‘' | '`'))
        && after.starts_with(['"', '”', '\'', '’']);
    let bare = match after.as_bytes() {
        [b',' | b'.', ..] => !after.starts_with(".."),
        [b' ', b, ..] => b.is_ascii_lowercase(),
        _ => false,
    };
    quoted || bare
}

/// Where a show starting at `start` starts with the number the span layer left out before it
/// ("48 Hours", "10 ITEMS OR LESS", "The 100 Greatest TV Characters"): a number of digits
/// alone, one space before the title, not a year (1880 to 2039: "In 1954 Marlon Brando", "the
/// 1997 Titanic"), an ordinal ("the 6th American Pie movie") or part of a rating or figure
/// ("8/10", "#1", "$5"), and a capitalized "The" before it; `start` when there is none.
///
/// Over the gold reviews, the shows the shipped typer finds right after such a number start
/// with it (or with "The" and it) in 11 of 13 cases; the other two start earlier still ("TV's
/// 50 Greatest Stars"). After an ordinal they did in 2 of 4 ("42nd Street"; "the 6th American
/// Pie movie"), after a year in none of 2.
fn leading_number(text: &str, start: usize) -> usize {
    let head = &text.as_bytes()[..start];
    let [.., b' '] = head else {
        return start;
    };
    let digits = head[..head.len() - 1]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let num_start = start - 1 - digits;
    let number = &text.as_bytes()[num_start..start - 1];
    if digits == 0 || digits > 4 || super::patterns::is_year(number) {
        return start;
    }
    let lead = &text.as_bytes()[..num_start];
    match lead.last() {
        None | Some(b'"' | b'\'' | b'(' | b'\n' | b' ') => {}
        Some(0x80..) if text[..num_start].ends_with(['“', '‘']) => {}
        _ => return start,
    }
    for the in ["The ", "THE "] {
        if lead.ends_with(the.as_bytes())
            && lead.len() >= the.len()
            && (lead.len() == the.len()
                || !lead[lead.len() - the.len() - 1].is_ascii_alphanumeric())
        {
            return num_start - the.len();
        }
    }
    num_start
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::typer::{PriorCounter, PRIORS_HEADER};
    use crate::entity::EntityExtractor;
    use crate::tokenize::{Tokenizer, Tokens};

    fn priors(lines: &str) -> Priors {
        Priors::parse(&format!("{PRIORS_HEADER}\n{lines}")).unwrap()
    }

    /// The surfaces the rule layers find in `text` with `priors` (and their titles).
    fn surfaces(priors: Option<Priors>, text: &str) -> Vec<String> {
        let extractor = EntityExtractor::new().with_typer(None).with_priors(priors);
        let mut tokens = Tokens::new();
        Tokenizer::new().tokenize(text, &mut tokens);
        let mut out = Vec::new();
        extractor.extract(text, &tokens, &mut out);
        out.iter().map(|m| m.span.of(text).to_string()).collect()
    }

    const TEXT: &str =
        "Last night I watched The Man in the White Suit again, and Charlie\u{2019}s \
                        Angels after it.";

    #[test]
    fn a_title_the_corpus_quotes_is_joined_where_the_span_layer_cut_it() {
        let cut = surfaces(None, TEXT);
        assert!(
            !cut.iter().any(|s| s == "The Man in the White Suit"),
            "{cut:?}"
        );
        let known = priors(
            "charlie's angels\t2\t0\t0\t0\t0\t4\tq=4\n\
             the man in the white suit\t6\t0\t0\t0\t0\t14\tq=8 start=5\n",
        );
        let joined = surfaces(Some(known), TEXT);
        assert!(
            joined.iter().any(|s| s == "The Man in the White Suit"),
            "{joined:?}"
        );
        // Curly apostrophes in the text match the straight ones of the priors.
        assert!(
            joined.iter().any(|s| s == "Charlie\u{2019}s Angels"),
            "{joined:?}"
        );
        // Not in running lowercase prose.
        let prose = "the man in the white suit left early.";
        let found = surfaces(
            Some(priors("the man in the white suit\t0\t0\t0\t0\t0\t9\tq=9\n")),
            prose,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_title_needs_to_be_quoted_often_and_in_a_third_of_its_occurrences() {
        for line in [
            // Quoted twice only.
            "the man in the white suit\t0\t0\t0\t0\t0\t2\tq=2\n",
            // Quoted 4 times in 20.
            "the man in the white suit\t0\t0\t0\t0\t0\t20\tq=4\n",
        ] {
            let found = surfaces(Some(priors(line)), TEXT);
            assert!(
                !found.iter().any(|s| s == "The Man in the White Suit"),
                "{line}: {found:?}"
            );
            assert!(Titles::of(&priors(line)).is_none(), "{line}");
        }
        // Emphasis counts as quotes.
        let line = "the man in the white suit\t0\t0\t0\t0\t0\t9\te=3\n";
        assert!(surfaces(Some(priors(line)), TEXT)
            .iter()
            .any(|s| s == "The Man in the White Suit"));
    }

    /// The candidates' surfaces of `text` before and after `listed` joins its titles, and
    /// those marked listed.
    fn listed_join(listed: &Listed, text: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
        let extractor = EntityExtractor::new().with_priors(None);
        let mut s = crate::entity::Scratch::default();
        extractor.find_cands(text, &mut s, false);
        let surfaces = |cands: &[Cand]| -> Vec<String> {
            cands
                .iter()
                .map(|c| text[c.start as usize..c.end as usize].to_string())
                .collect()
        };
        let before = surfaces(&s.cands);
        let mut cands = s.cands.clone();
        listed.join(text, &s.toks, &s.starts.caps, &mut cands);
        assert!(
            cands.windows(2).all(|w| w[0].last < w[1].first),
            "sorted, apart"
        );
        let marked: Vec<Cand> = cands.iter().filter(|c| c.listed).cloned().collect();
        (before, surfaces(&cands), surfaces(&marked))
    }

    #[test]
    fn a_listed_title_is_a_candidate_only_as_a_whole_run_in_title_case_or_over_a_name() {
        let listed = Listed::of(
            "# reviewlens: known names (a test list)\n\
             an american in paris\tfilm\n\
             mystery science theater 3000\ttv\n\
             mr. smith goes to washington\tfilm\n\
             new york\tfilm,song\n\
             he is\tsong\n\
             paris hilton\tperson\n\
             greed\tfilm\n",
        )
        .unwrap();
        // Words that are never a name alone, and a title the span layer cut at "goes".
        let text = "I loved An American in Paris, Mystery Science Theater 3000 and \
                    Mr. Smith goes to Washington when I was a kid.";
        let (before, after, marked) = listed_join(&listed, text);
        assert!(!before.iter().any(|s| s.contains("American")), "{before:?}");
        assert!(before.iter().any(|s| s == "Washington"), "{before:?}");
        let want = [
            "An American in Paris",
            "Mystery Science Theater 3000",
            "Mr. Smith goes to Washington",
        ];
        assert_eq!(marked, want, "{after:?}");
        assert!(!after.iter().any(|s| s == "Washington"), "{after:?}");
        // Not part of a longer capitalized run, not in running prose, not a person's name or
        // a title of one word.
        for text in [
            "She read the New York Times every day.",
            "We went to New York City.",
            "He is sent away. The Greed of it all.",
            "Paris Hilton was there.",
            "I watched An American in Paris Hilton parody.",
        ] {
            let (_, _, marked) = listed_join(&listed, text);
            assert!(marked.is_empty(), "{text}: {marked:?}");
        }
        // The built-in list holds them too.
        let builtin = Listed::builtin().unwrap();
        let (_, _, marked) = listed_join(&builtin, text);
        assert_eq!(marked, want);
    }

    /// What [`TitleIndex::longest_at`] finds for the listed titles, the slow way: every listed title of two to
    /// [`MAX_TITLE_WORDS`] words (runs of alphanumeric characters) that opens with the
    /// text's first word, tried in turn.
    fn longest_at_reference(
        titles: &HashMap<String, Vec<&'static str>>,
        bytes: &[u8],
        s: usize,
    ) -> Option<usize> {
        let text = std::str::from_utf8(&bytes[s..]).ok()?;
        let first: String = text
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        titles
            .get(&first)?
            .iter()
            .filter_map(|title| matched(&bytes[s..], title.as_bytes()))
            .filter(|&n| !text[n..].starts_with(|c: char| c.is_alphanumeric()))
            .max()
            .map(|n| s + n)
    }

    #[test]
    fn the_listed_titles_index_finds_what_trying_every_title_finds() {
        let mut titles: HashMap<String, Vec<&'static str>> = HashMap::new();
        for line in crate::entity::known::BUILTIN_TEXT.lines() {
            let Some((name, classes)) = line.split_once('\t') else {
                continue;
            };
            let words = name
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count();
            let title = classes
                .split(',')
                .any(|c| matches!(c, "film" | "tv" | "song"));
            if title && !line.starts_with('#') && (2..=MAX_TITLE_WORDS).contains(&words) {
                let first = name.split(|c: char| !c.is_alphanumeric()).next().unwrap();
                titles.entry(first.to_string()).or_default().push(name);
            }
        }
        let listed = Listed::builtin().unwrap();
        let mut texts: Vec<String> = Vec::new();
        for dir in ["film", "tv", "music", "other"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("corpus")
                .join(dir);
            for entry in std::fs::read_dir(dir).unwrap() {
                texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
            }
        }
        texts.push(
            "An American in Paris, Mystery Science Theater 3000, Charlie\u{2019}s Angels \
             and Star Trek: The Next Generation; Am\u{e9}lie, Friday the 13th."
                .to_string(),
        );
        let mut found = 0;
        for text in &texts {
            let bytes = text.as_bytes();
            for (s, c) in text.char_indices() {
                let starts_word = text[..s]
                    .chars()
                    .next_back()
                    .is_none_or(|p| !p.is_alphanumeric());
                if !(c.is_alphanumeric() && starts_word) {
                    continue;
                }
                let fast = listed.index.longest_at(bytes, s);
                let slow = longest_at_reference(&titles, bytes, s);
                assert_eq!(fast, slow, "at {:?}", &text[s..(s + 60).min(text.len())]);
                found += usize::from(fast.is_some());
            }
        }
        assert!(found > 20, "{found}");
    }

    #[test]
    fn mining_priors_never_reads_the_titles_of_the_priors_it_has() {
        let known = priors("the man in the white suit\t6\t0\t0\t0\t0\t14\tq=8\n");
        let extractor = EntityExtractor::new().with_priors(Some(known));
        let mut counter = PriorCounter::new();
        extractor.count_priors(TEXT, &mut counter);
        let mut written = Vec::new();
        counter.write(0, 0, "", &mut written).unwrap();
        let written = String::from_utf8(written).unwrap();
        assert!(
            !written.contains("the man in the white suit\t"),
            "{written}"
        );
        // The same text mined without priors counts the same names.
        let mut plain = PriorCounter::new();
        EntityExtractor::new()
            .with_priors(None)
            .count_priors(TEXT, &mut plain);
        let mut again = Vec::new();
        plain.write(0, 0, "", &mut again).unwrap();
        assert_eq!(written, String::from_utf8(again).unwrap());
    }
    #[test]
    fn a_show_or_song_takes_the_edges_of_its_title_only_where_the_text_shows_they_are_its() {
        use crate::entity::lexicon::Lexicon;
        use crate::entity::scan::scan;
        use crate::entity::MentionKind::{Character, Person, Show, Song};
        use crate::entity::Strength;
        // (text, the kind of the candidate over the words "Dig", "Oliver" or "Harbor Lights",
        // the surface it ends with). Marks first.
        let cases = [
            ("We saw \"Oliver!\" twice.", Some(Show), "Oliver!"),
            ("We saw `Oliver?' twice.", Some(Show), "Oliver?"),
            ("In Dig!, fortune smiled.", Some(Show), "Dig!"),
            ("So Dig! is a treat.", Some(Show), "Dig!"),
            ("So Dig!. It was fun.", Some(Song), "Dig!"),
            // The sentence's mark: a capital or another mark follows, or a space before it.
            ("I loved Dig! The cast too.", Some(Show), "Dig"),
            ("I loved Dig!! so much.", Some(Show), "Dig"),
            ("I loved Dig!.. so much.", Some(Show), "Dig"),
            ("I loved Dig ! so much.", Some(Show), "Dig"),
            ("I loved (Dig!) so much.", Some(Show), "Dig"),
            // Quoted only when the quote opens right before the title.
            ("\"I loved Dig!\" she said.", Some(Show), "Dig"),
            // Not a title: a person keeps the words only.
            ("\"Oliver!\" she cried.", Some(Person), "Oliver"),
            ("Come here, Oliver! now.", Some(Character), "Oliver"),
            ("We saw \"Oliver!\" twice.", None, "Oliver"),
            // A show's leading number, and a capitalized "The" before it.
            (
                "We loved 48 Harbor Lights too.",
                Some(Show),
                "48 Harbor Lights",
            ),
            (
                "It topped (10 Harbor Lights).",
                Some(Show),
                "10 Harbor Lights",
            ),
            (
                "It was 3 on The 100 Harbor Lights.",
                Some(Show),
                "The 100 Harbor Lights",
            ),
            (
                "So 48 Harbor Lights! is fun.",
                Some(Show),
                "48 Harbor Lights!",
            ),
            // Not a year, an ordinal, a rating, a rank or a song's or person's number.
            ("In 1954 Harbor Lights opened.", Some(Show), "Harbor Lights"),
            ("In 2039 Harbor Lights opened.", Some(Show), "Harbor Lights"),
            ("The 6th Harbor Lights film.", Some(Show), "Harbor Lights"),
            (
                "Rated 8/10 Harbor Lights is fun.",
                Some(Show),
                "Harbor Lights",
            ),
            ("The #1 Harbor Lights fan.", Some(Show), "Harbor Lights"),
            ("It cost $5 Harbor Lights.", Some(Show), "Harbor Lights"),
            ("Track 4 Harbor Lights is fun.", Some(Song), "Harbor Lights"),
            ("All 5 Harbor Lights came.", Some(Person), "Harbor Lights"),
            ("So 48  Harbor Lights is fun.", Some(Show), "Harbor Lights"),
            // Nor a number another candidate holds (here the sentence's first word).
            ("48 Harbor Lights is fun.", Some(Show), "Harbor Lights"),
            (
                "Their 48 Harbor Lights is fun.",
                Some(Show),
                "48 Harbor Lights",
            ),
            (
                "Bathe 48 Harbor Lights is fun.",
                Some(Show),
                "48 Harbor Lights",
            ),
        ];
        for (text, kind, want) in cases {
            let mut toks = Vec::new();
            scan(text, Lexicon::builtin(), &mut toks);
            let word = |t: &Tok| &text[t.start as usize..t.core_end as usize];
            let first = toks
                .iter()
                .position(|t| matches!(word(t), "Dig" | "Oliver" | "Harbor"))
                .unwrap();
            let last = first + usize::from(word(&toks[first]) == "Harbor");
            // A candidate over the sentence's first word: the edges never take its text.
            let mut cands = vec![Cand::new(&toks, 0, 0, Form::Single, false)];
            let mut cand = Cand::new(&toks, first, last, Form::Title, false);
            if let Some(kind) = kind {
                cand.assign(kind, Strength::CUE);
            }
            cands.push(cand);
            let mut widened = Vec::new();
            take_own_edges(text, &mut cands, &mut widened);
            let c = &cands[1];
            let was = (c.start as usize, c.end as usize)
                != (toks[first].start as usize, toks[last].core_end as usize);
            assert_eq!(widened.len(), usize::from(was), "{text}");
            assert_eq!(&text[c.start as usize..c.end as usize], want, "{text}");
            assert_eq!(cands[0].end, toks[0].core_end, "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Whatever the candidates (out of order, overlapping, of any kind), the edges only
        /// widen shows and songs, on char boundaries, over bytes no other candidate holds, and
        /// `widened` lists exactly the candidates they widened, with their bounds before.
        #[test]
        fn edges_widen_only_titles_and_only_over_free_text(
            text in crate::entity::tests::review_text(),
            picks in proptest::collection::vec((0usize..64, 0usize..3, 0usize..4), 0..12),
        ) {
            use crate::entity::lexicon::Lexicon;
            use crate::entity::scan::scan;
            use crate::entity::MentionKind::{Person, Show, Song};
            use crate::entity::Strength;
            let mut toks = Vec::new();
            scan(&text, Lexicon::builtin(), &mut toks);
            if toks.is_empty() {
                return Ok(());
            }
            let mut cands: Vec<Cand> = picks
                .iter()
                .map(|&(at, len, kind)| {
                    let first = at % toks.len();
                    let last = (first + len).min(toks.len() - 1);
                    let mut c = Cand::new(&toks, first, last, Form::Title, false);
                    if let Some(kind) = [None, Some(Show), Some(Song), Some(Person)][kind] {
                        c.assign(kind, Strength::CUE);
                    }
                    c
                })
                .collect();
            let before: Vec<(u32, u32)> = cands.iter().map(|c| (c.start, c.end)).collect();
            let mut widened = Vec::new();
            take_own_edges(&text, &mut cands, &mut widened);
            let mut listed = widened.iter();
            for (ci, c) in cands.iter().enumerate() {
                let (start, end) = before[ci];
                proptest::prop_assert!(c.start <= start && c.end >= end);
                proptest::prop_assert!(text.get(c.start as usize..c.end as usize).is_some());
                if (c.start, c.end) == (start, end) {
                    continue;
                }
                proptest::prop_assert!(matches!(c.kind, Some(Show | Song)) && !c.blocked);
                proptest::prop_assert_eq!(listed.next(), Some(&(ci as u32, start, end)));
                for (lo, hi) in [(c.start, start), (end, c.end)] {
                    for (j, o) in cands.iter().enumerate() {
                        proptest::prop_assert!(j == ci || lo >= hi || o.end <= lo || o.start >= hi);
                    }
                }
            }
            proptest::prop_assert!(listed.next().is_none());
        }
    }
}
