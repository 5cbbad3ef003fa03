//! Word lists for entity extraction, loaded once from the data files under `data/entity/`.
//!
//! Every word maps to one [`WordInfo`]: a set of [`flags`] (is it a given name, a surname, an
//! ordinary lowercase word, a cue for songs or shows...) and, for role cues, which role. Keys are
//! lowercase with typographic apostrophes folded to `'`; [`Lexicon::lookup`] folds its argument the
//! same way without allocating for ASCII words.

use super::words::{Case, ShortKey, Word, SPELLED};
use crate::hash::{ascii_lower_key, term_key, KeyMap};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Bit flags describing a word.
pub mod flags {
    /// A given name (US Census 1990 lists).
    pub const FIRST_NAME: u32 = 1 << 0;
    /// A surname (US Census 1990 list).
    pub const SURNAME: u32 = 1 << 1;
    /// An ordinary word, written lowercase most of the time.
    pub const COMMON: u32 = 1 << 2;
    /// A capitalized word that is never (part of) a name on its own.
    pub const STOP: u32 = 1 << 3;
    /// Names a song nearby.
    pub const SONG: u32 = 1 << 4;
    /// Names a film or TV work nearby.
    pub const SHOW: u32 = 1 << 5;
    /// Names an album nearby.
    pub const ALBUM: u32 = 1 << 6;
    /// A person nearby is a performer.
    pub const ACTOR: u32 = 1 << 7;
    /// A person nearby is a musician.
    pub const ARTIST: u32 = 1 << 8;
    /// A person nearby has the role in [`super::WordInfo::role`].
    pub const ROLE: u32 = 1 << 9;
    /// The review is about music.
    pub const MUSIC: u32 = 1 << 10;
    /// The review is about film or TV.
    pub const SCREEN: u32 = 1 << 11;
    /// Ends the name of a place or organization.
    pub const ORG: u32 = 1 << 12;
    /// A title before a name ("Mr.", "Sheriff").
    pub const HONORIFIC: u32 = 1 << 13;
    /// A lowercase word allowed inside a title.
    pub const CONNECTOR: u32 = 1 << 14;
    /// A lowercase word allowed inside a person's name.
    pub const PARTICLE: u32 = 1 << 15;
}

/// What the lexicon knows about one word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordInfo {
    /// [`flags`] bits.
    pub flags: u32,
    /// Index into [`Lexicon::roles`] when [`flags::ROLE`] is set.
    pub role: u8,
}

impl WordInfo {
    /// True when any of `bits` is set.
    #[inline]
    pub fn has(self, bits: u32) -> bool {
        self.flags & bits != 0
    }
}

/// A fast, non-cryptographic hasher (the FxHash mixing step) for short word keys.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` keyed with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The built-in word lists.
#[derive(Debug)]
pub struct Lexicon {
    /// Every word, by [`term_key`] of its lowercase form.
    words: KeyMap<WordInfo>,
    /// The cue words and stop words only: what a lowercase word can be (small, stays in cache).
    cues: KeyMap<WordInfo>,
    /// For each first byte (mod 32), a bit per length of the cue words: most words skip the map.
    cue_shapes: [u64; 32],
    /// A bit per cue key's top 16 bits: most words that pass `cue_shapes` skip the map too.
    cue_bits: Box<[u64; 1024]>,
    /// The cue words and the rules' [`Word`]s of at most [`SHORT`](super::words::SHORT) bytes, by [`ShortKey`]:
    /// what a short ASCII word needs in one probe sequence (open addressing, linear probing).
    short: Box<[ShortSlot]>,
    /// For the first two bytes of a word ([`short_shape`]), a bit per length of the words in
    /// `short`: most words skip the probe.
    short_shapes: Box<[u32; 1024]>,
    roles: Vec<&'static str>,
}

/// One slot of [`Lexicon::short`]; empty when `lo` is 0 (no word starts with a NUL byte).
#[derive(Clone, Copy, Debug, Default)]
struct ShortSlot {
    lo: u64,
    hi: u64,
    /// What [`Lexicon::lookup_cue`] gives the word.
    cue: WordInfo,
    word: Word,
}

/// The [`Lexicon::short_shapes`] index of a word starting with bytes `first` and `second` (0
/// for a one-byte word): the same for both cases of an ASCII letter.
#[inline]
fn short_shape(first: u8, second: u8) -> usize {
    ((first as usize & 31) << 5) | (second as usize & 31)
}

/// Slots of [`Lexicon::short`]: `1 << SHORT_BITS`, at most a quarter of them used.
const SHORT_BITS: u32 = 11;

const FIRST_NAMES: &str = include_str!("../../data/entity/first_names.txt");
const SURNAMES: &str = include_str!("../../data/entity/surnames.txt");
const COMMON_WORDS: &str = include_str!("../../data/entity/common_words.txt");
const STOP_CAPS: &str = include_str!("../../data/entity/stop_caps.txt");
const CUES: &str = include_str!("../../data/entity/cues.txt");

/// Longest word looked up; longer words get no flags.
const MAX_WORD: usize = 32;

impl Lexicon {
    /// The shared built-in lexicon, parsed on first use.
    pub fn builtin() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::parse_builtin)
    }

    fn parse_builtin() -> Lexicon {
        let mut lex = Lexicon {
            words: KeyMap::default(),
            cues: KeyMap::default(),
            cue_shapes: [0; 32],
            cue_bits: Box::new([0; 1024]),
            short: vec![ShortSlot::default(); 1 << SHORT_BITS].into_boxed_slice(),
            short_shapes: Box::new([0; 1024]),
            roles: Vec::new(),
        };
        // Every distinct word, to check that no two share a key (and for the cue shapes).
        let mut spelled: FxHashMap<u64, Box<str>> = FxHashMap::default();
        lex.add_list(FIRST_NAMES, flags::FIRST_NAME, &mut spelled);
        lex.add_list(SURNAMES, flags::SURNAME, &mut spelled);
        lex.add_list(COMMON_WORDS, flags::COMMON, &mut spelled);
        lex.add_list(STOP_CAPS, flags::STOP, &mut spelled);
        for line in data_lines(CUES) {
            let mut fields = line.split_whitespace();
            let Some(category) = fields.next() else {
                continue;
            };
            let (bits, role) = match category {
                "song" => (flags::SONG, 0),
                "show" => (flags::SHOW, 0),
                "album" => (flags::ALBUM, 0),
                "actor" => (flags::ACTOR, 0),
                "artist" => (flags::ARTIST, 0),
                "music" => (flags::MUSIC, 0),
                "screen" => (flags::SCREEN, 0),
                "org" => (flags::ORG, 0),
                "honorific" => (flags::HONORIFIC, 0),
                "connector" => (flags::CONNECTOR, 0),
                "particle" => (flags::PARTICLE, 0),
                other => match other.strip_prefix("role:") {
                    Some(name) => {
                        lex.roles.push(name);
                        (flags::ROLE, lex.roles.len() as u8)
                    }
                    None => continue,
                },
            };
            for word in fields {
                let info = lex.words.entry(spell(&mut spelled, word)).or_default();
                info.flags |= bits;
                if role != 0 {
                    info.role = role;
                }
            }
        }
        // Lowercase words only need their cue flags (the rest describe capitalized words).
        let cap_only = flags::FIRST_NAME
            | flags::SURNAME
            | flags::COMMON
            | flags::STOP
            | flags::ORG
            | flags::HONORIFIC;
        lex.cues = lex
            .words
            .iter()
            .filter(|(_, info)| info.flags & !cap_only != 0)
            .map(|(k, info)| (*k, *info))
            .collect();
        for k in lex.cues.keys() {
            let top = (k >> 48) as usize;
            lex.cue_bits[top / 64] |= 1 << (top % 64);
            let w = &spelled[k];
            let (first, len) = (w.as_bytes()[0], w.len());
            if len < 64 {
                lex.cue_shapes[(first & 31) as usize] |= 1 << len;
            }
        }
        let cues: Vec<(&str, WordInfo)> =
            lex.cues.iter().map(|(k, i)| (&*spelled[k], *i)).collect();
        for (w, info) in cues {
            if let Some(slot) = lex.short_entry(w) {
                slot.cue = info;
            }
        }
        for &(word, w) in SPELLED {
            if let Some(slot) = lex.short_entry(w) {
                slot.word = word;
            }
        }
        let used = lex.short.iter().filter(|s| s.lo != 0).count();
        assert!(
            used * 4 <= lex.short.len(),
            "entity short-word table too full"
        );
        lex
    }

    /// The slot of `w` in [`Lexicon::short`], claimed if new; None for a word longer than
    /// [`SHORT`](super::words::SHORT) (looked up in the maps only).
    fn short_entry(&mut self, w: &str) -> Option<&mut ShortSlot> {
        let key = ShortKey::of_entry(w)?;
        let mask = self.short.len() - 1;
        let mut i = key.slot(SHORT_BITS);
        loop {
            let s = &self.short[i];
            if s.lo == 0 || (s.lo == key.lo && s.hi == key.hi) {
                break;
            }
            i = (i + 1) & mask;
        }
        let b = w.as_bytes();
        self.short_shapes[short_shape(b[0], b.get(1).copied().unwrap_or(0))] |= 1 << b.len();
        let s = &mut self.short[i];
        s.lo = key.lo;
        s.hi = key.hi;
        Some(s)
    }

    /// The cue flags ([`Lexicon::lookup_cue`]), the [`Word`] and its [`Case`] of the ASCII word
    /// `bytes[start..end]`, at most [`SHORT`](super::words::SHORT) bytes long.
    #[inline(always)]
    pub fn lookup_short(&self, bytes: &[u8], start: usize, end: usize) -> (WordInfo, Word, Case) {
        let len = end - start;
        let second = if len > 1 { bytes[start + 1] } else { 0 };
        if self.short_shapes[short_shape(bytes[start], second)] & (1 << len) == 0 {
            return (WordInfo::default(), Word::Other, Case::Other);
        }
        self.probe_short(ShortKey::new(bytes, start, end))
    }

    /// [`Lexicon::lookup_short`] of the `len`-byte ASCII word (`len` at most
    /// [`SHORT`](super::words::SHORT)) whose first 16 bytes, as two little-endian words, are
    /// `lo` and `hi` (the bytes past the word ignored).
    #[inline(always)]
    pub fn lookup_short_words(&self, lo: u64, hi: u64, len: usize) -> (WordInfo, Word, Case) {
        let second = if len > 1 { (lo >> 8) as u8 } else { 0 };
        if self.short_shapes[short_shape(lo as u8, second)] & (1 << len) == 0 {
            return (WordInfo::default(), Word::Other, Case::Other);
        }
        self.probe_short(ShortKey::of_words(lo, hi, len))
    }

    /// The cue flags, [`Word`] and [`Case`] of the word keyed `key` in [`Lexicon::short`].
    #[inline(always)]
    fn probe_short(&self, key: ShortKey) -> (WordInfo, Word, Case) {
        let mask = self.short.len() - 1;
        let mut i = key.slot(SHORT_BITS);
        loop {
            let s = &self.short[i];
            if s.lo == key.lo && s.hi == key.hi {
                return (s.cue, s.word, key.case());
            }
            if s.lo == 0 {
                return (WordInfo::default(), Word::Other, Case::Other);
            }
            i = (i + 1) & mask;
        }
    }

    /// What [`Lexicon::lookup_ascii`] says of the ASCII word `bytes[start..end]` (at most
    /// [`SHORT`](super::words::SHORT) bytes long), with its [`Word`] and [`Case`]: one key
    /// serves both tables.
    #[inline(always)]
    pub fn lookup_short_cap(
        &self,
        bytes: &[u8],
        start: usize,
        end: usize,
    ) -> (WordInfo, Word, Case) {
        let key = ShortKey::new(bytes, start, end);
        let info = self
            .words
            .get(&key.term_key(end - start))
            .copied()
            .unwrap_or_default();
        let mask = self.short.len() - 1;
        let mut i = key.slot(SHORT_BITS);
        loop {
            let s = &self.short[i];
            if s.lo == key.lo && s.hi == key.hi {
                return (info, s.word, key.case());
            }
            if s.lo == 0 {
                return (info, Word::Other, Case::Other);
            }
            i = (i + 1) & mask;
        }
    }

    fn add_list(&mut self, list: &str, bits: u32, spelled: &mut FxHashMap<u64, Box<str>>) {
        for word in data_lines(list) {
            self.words.entry(spell(spelled, word)).or_default().flags |= bits;
        }
    }

    /// The role name for a [`WordInfo`] with [`flags::ROLE`].
    pub fn role_name(&self, info: WordInfo) -> &'static str {
        match info.role {
            0 => "",
            r => self.roles[r as usize - 1],
        }
    }

    /// What the lexicon knows about `word` (any case, any apostrophe).
    pub fn lookup(&self, word: &str) -> WordInfo {
        self.lookup_in(&self.words, word)
    }

    /// The cue and stop flags of a word written in lowercase (no name or ordinary-word flags).
    pub fn lookup_cue(&self, word: &str) -> WordInfo {
        let (first, len) = (word.as_bytes().first().copied().unwrap_or(0), word.len());
        if word.is_ascii()
            && (len >= 64
                || self.cue_shapes[(first.to_ascii_lowercase() & 31) as usize] & (1 << len) == 0)
        {
            return WordInfo::default();
        }
        self.lookup_in(&self.cues, word)
    }

    /// [`Lexicon::lookup`] of an ASCII word.
    #[inline]
    pub fn lookup_ascii(&self, word: &[u8]) -> WordInfo {
        debug_assert!(word.is_ascii());
        match ascii_lower_key(word) {
            Some(key) => self.words.get(&key).copied().unwrap_or_default(),
            None => WordInfo::default(),
        }
    }

    /// [`Lexicon::lookup_cue`] of an ASCII word.
    #[inline]
    pub fn lookup_cue_ascii(&self, word: &[u8]) -> WordInfo {
        debug_assert!(word.is_ascii());
        let (first, len) = (word.first().copied().unwrap_or(0), word.len());
        if len >= 64
            || self.cue_shapes[(first.to_ascii_lowercase() & 31) as usize] & (1 << len) == 0
        {
            return WordInfo::default();
        }
        let Some(key) = ascii_lower_key(word) else {
            return WordInfo::default();
        };
        let top = (key >> 48) as usize;
        if self.cue_bits[top / 64] & (1 << (top % 64)) == 0 {
            return WordInfo::default();
        }
        self.cues.get(&key).copied().unwrap_or_default()
    }

    fn lookup_in(&self, map: &KeyMap<WordInfo>, word: &str) -> WordInfo {
        if word.len() > MAX_WORD {
            return WordInfo::default();
        }
        if word.is_ascii() {
            let mut buf = [0u8; MAX_WORD];
            let bytes = &mut buf[..word.len()];
            bytes.copy_from_slice(word.as_bytes());
            bytes.make_ascii_lowercase();
            // Lowercasing ASCII keeps it valid UTF-8.
            let key = std::str::from_utf8(bytes).unwrap_or_default();
            return map.get(&term_key(key)).copied().unwrap_or_default();
        }
        let mut key = String::with_capacity(word.len());
        crate::tokenize::push_lower(&mut key, word);
        map.get(&term_key(&key)).copied().unwrap_or_default()
    }
}

/// The key of a data-file word, remembering its spelling; two words sharing a key would be a
/// defect of the shipped data, caught by the tests.
fn spell(spelled: &mut FxHashMap<u64, Box<str>>, word: &str) -> u64 {
    let key = term_key(word);
    let prev = spelled.entry(key).or_insert_with(|| word.into());
    assert_eq!(&**prev, word, "entity lexicon key collision");
    key
}

/// The non-empty, non-comment lines of a data file, trimmed.
pub fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_and_apostrophe_style() {
        let lex = Lexicon::builtin();
        assert!(lex.lookup("Paul").has(flags::FIRST_NAME));
        assert!(lex.lookup("PAUL").has(flags::FIRST_NAME));
        assert!(lex.lookup("house").has(flags::COMMON));
        assert!(lex.lookup("n’").has(flags::CONNECTOR));
    }

    #[test]
    fn role_cues_name_their_role() {
        let lex = Lexicon::builtin();
        let info = lex.lookup("directed");
        assert!(info.has(flags::ROLE));
        assert_eq!(lex.role_name(info), "director");
        assert_eq!(lex.role_name(lex.lookup("choreographer")), "choreographer");
    }

    #[test]
    fn networks_and_sentence_openers_are_stop_words() {
        let lex = Lexicon::builtin();
        for w in ["Netflix", "However", "The", "Monday"] {
            assert!(lex.lookup(w).has(flags::STOP), "{w}");
        }
    }
}
