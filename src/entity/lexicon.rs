//! Word lists for entity extraction, loaded once from the data files under `data/entity/`.
//!
//! Every word maps to one [`WordInfo`]: a set of [`flags`] (is it a given name, a surname, an
//! ordinary lowercase word, a cue for songs or shows...) and, for role cues, which role. Keys are
//! lowercase with typographic apostrophes folded to `'`; [`Lexicon::lookup`] folds its argument the
//! same way without allocating for ASCII words.

use super::words::{Case, ShortKey, Word, SPELLED};
use super::Role;
use crate::ascii::data_lines;
use crate::hash::{ascii_lower_key, term_key, KeyFilter, KeyMap};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Bit flags describing a word.
pub mod flags {
    /// A given name (US Census 1990 lists).
    pub const FIRST_NAME: u16 = 1 << 0;
    /// A surname (US Census 1990 list).
    pub const SURNAME: u16 = 1 << 1;
    /// An ordinary word, written lowercase most of the time.
    pub const COMMON: u16 = 1 << 2;
    /// A capitalized word that is never (part of) a name on its own.
    pub const STOP: u16 = 1 << 3;
    /// Names a song nearby.
    pub const SONG: u16 = 1 << 4;
    /// Names a film or TV work nearby.
    pub const SHOW: u16 = 1 << 5;
    /// Names an album nearby.
    pub const ALBUM: u16 = 1 << 6;
    /// A person nearby is a performer.
    pub const ACTOR: u16 = 1 << 7;
    /// A person nearby is a musician.
    pub const ARTIST: u16 = 1 << 8;
    /// A person nearby has the role in [`super::WordInfo::role`].
    pub const ROLE: u16 = 1 << 9;
    /// The review is about music.
    pub const MUSIC: u16 = 1 << 10;
    /// The review is about film or TV.
    pub const SCREEN: u16 = 1 << 11;
    /// Ends the name of a place or organization.
    pub const ORG: u16 = 1 << 12;
    /// A title before a name ("Mr.", "Sheriff").
    pub const HONORIFIC: u16 = 1 << 13;
    /// A lowercase word allowed inside a title.
    pub const CONNECTOR: u16 = 1 << 14;
    /// A lowercase word allowed inside a person's name.
    pub const PARTICLE: u16 = 1 << 15;
}

/// What the lexicon knows about one word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordInfo {
    /// [`flags`] bits.
    pub flags: u16,
    /// The [`Role`]'s index (see [`Lexicon::role`]) when [`flags::ROLE`] is
    /// set.
    pub role: u8,
}

impl WordInfo {
    /// True when any of `bits` is set.
    #[inline]
    pub fn has(self, bits: u16) -> bool {
        self.flags & bits != 0
    }

    /// The flags and the role in one word (the role in bits 16 to 23), as a token keeps them.
    #[inline(always)]
    pub fn packed(self) -> u32 {
        u32::from(self.flags) | u32::from(self.role) << 16
    }

    /// The inverse of [`WordInfo::packed`].
    #[inline(always)]
    pub fn unpacked(data: u32) -> WordInfo {
        WordInfo {
            flags: data as u16,
            role: (data >> 16) as u8,
        }
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
    /// The cue keys (2^16 bits): most words that pass `cue_shapes` skip the map too.
    cue_filter: KeyFilter,
    /// The cue words and the rules' [`Word`]s of at most [`SHORT`](super::words::SHORT) bytes,
    /// by [`ShortKey`]: what a short ASCII word needs, in the one slot its key can have (a
    /// perfect hash, see [`short_slot`]), so that a look-up reads one slot, with no probe
    /// sequence and no filter before it.
    short: Box<[ShortSlot; SHORT_SLOTS]>,
    /// The displacement of each bucket of keys ([`short_slot`]).
    short_disp: Box<[u16; SHORT_BUCKETS]>,
}

/// One slot of [`Lexicon::short`]; empty when `lo` is 0 (no word starts with a NUL byte, so no
/// key has a zero `lo`).
#[derive(Clone, Copy, Debug, Default)]
struct ShortSlot {
    lo: u64,
    hi: u64,
    /// What [`Lexicon::lookup_cue`] gives the word: its flags and role.
    flags: u16,
    role: u8,
    word: Word,
}

/// Slots of [`Lexicon::short`].
const SHORT_SLOTS: usize = 1 << SHORT_SLOT_BITS;
const SHORT_SLOT_BITS: u32 = 10;
/// Buckets of keys, each with a displacement in [`Lexicon::short_disp`].
const SHORT_BUCKETS: usize = 1 << SHORT_BUCKET_BITS;
const SHORT_BUCKET_BITS: u32 = 7;

/// A short key's hash: its bucket is the top [`SHORT_BUCKET_BITS`], and with the bucket's
/// displacement it gives the slot ([`short_slot`]).
#[inline(always)]
fn short_hash(key: &ShortKey) -> u64 {
    (key.lo ^ key.hi.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The slot of a key of hash `h` in a bucket of displacement `d` (hash and displace: the
/// builder finds, bucket by bucket, the first `d` that puts each of the bucket's keys in a
/// slot of its own).
#[inline(always)]
fn short_slot(h: u64, d: u16) -> usize {
    let x = h.wrapping_add((d as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    (x.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> (64 - SHORT_SLOT_BITS)) as usize
}

/// The [`Lexicon::short`] table and its displacements for `entries`, whose keys are distinct.
fn build_short(
    entries: &[(ShortKey, WordInfo, Word)],
) -> (Box<[ShortSlot; SHORT_SLOTS]>, Box<[u16; SHORT_BUCKETS]>) {
    assert!(
        entries.len() * 4 <= SHORT_SLOTS * 3,
        "entity short-word table too full"
    );
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); SHORT_BUCKETS];
    for (i, (key, _, _)) in entries.iter().enumerate() {
        buckets[(short_hash(key) >> (64 - SHORT_BUCKET_BITS)) as usize].push(i);
    }
    let mut order: Vec<usize> = (0..SHORT_BUCKETS).collect();
    order.sort_by_key(|&b| std::cmp::Reverse(buckets[b].len()));
    let mut slots = Box::new([ShortSlot::default(); SHORT_SLOTS]);
    let mut disp = Box::new([0u16; SHORT_BUCKETS]);
    let mut taken = vec![false; SHORT_SLOTS];
    let mut these = Vec::new();
    for b in order {
        if buckets[b].is_empty() {
            continue;
        }
        let fits = |d: u16, these: &mut Vec<usize>| {
            these.clear();
            for &i in &buckets[b] {
                let at = short_slot(short_hash(&entries[i].0), d);
                if taken[at] || these.contains(&at) {
                    return false;
                }
                these.push(at);
            }
            true
        };
        let d = (0..=u16::MAX)
            .find(|&d| fits(d, &mut these))
            .expect("entity short-word table: no displacement fits");
        disp[b] = d;
        for (&i, &at) in buckets[b].iter().zip(&these) {
            let (key, info, word) = entries[i];
            taken[at] = true;
            slots[at] = ShortSlot {
                lo: key.lo,
                hi: key.hi,
                flags: info.flags,
                role: info.role,
                word,
            };
        }
    }
    (slots, disp)
}

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
            cue_filter: KeyFilter::new(16),
            short: Box::new([ShortSlot::default(); SHORT_SLOTS]),
            short_disp: Box::new([0; SHORT_BUCKETS]),
        };
        // Room for every listed word at once, rather than growing through each size.
        let listed = [FIRST_NAMES, SURNAMES, COMMON_WORDS, STOP_CAPS].map(crate::ascii::line_count);
        lex.words.reserve(listed.iter().sum());
        // Every distinct word, to check that no two share a key (and for the cue shapes).
        let mut spelled: FxHashMap<u64, &str> = FxHashMap::default();
        spelled.reserve(1 << 15);
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
                        let role = Role::named(name).unwrap_or_else(|| {
                            panic!("cues.txt: role {name:?} is not in entity::Role::NAMES")
                        });
                        (flags::ROLE, role.0)
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
        lex.cue_filter = KeyFilter::of(16, lex.cues.keys());
        for k in lex.cues.keys() {
            let w = spelled[k];
            let (first, len) = (w.as_bytes()[0], w.len());
            if len < 64 {
                lex.cue_shapes[(first & 31) as usize] |= 1 << len;
            }
        }
        // The short table's entries: the cue words', then the Words' (words longer than
        // SHORT are looked up in the maps only).
        let mut entries: Vec<(ShortKey, WordInfo, Word)> = Vec::new();
        let entry = |entries: &mut Vec<(ShortKey, WordInfo, Word)>, w: &str| {
            let key = ShortKey::of_entry(w)?;
            let at = match entries
                .iter()
                .position(|e| (e.0.lo, e.0.hi) == (key.lo, key.hi))
            {
                Some(at) => at,
                None => {
                    entries.push((key, WordInfo::default(), Word::Other));
                    entries.len() - 1
                }
            };
            Some(at)
        };
        let mut cues: Vec<(&str, WordInfo)> =
            lex.cues.iter().map(|(k, i)| (spelled[k], *i)).collect();
        cues.sort_unstable_by_key(|c| c.0);
        for (w, info) in cues {
            if let Some(at) = entry(&mut entries, w) {
                entries[at].1 = info;
            }
        }
        for &(word, w) in SPELLED {
            if let Some(at) = entry(&mut entries, w) {
                entries[at].2 = word;
            }
        }
        (lex.short, lex.short_disp) = build_short(&entries);
        lex
    }

    /// The cue flags ([`Lexicon::lookup_cue`]), the [`Word`] and its [`Case`] of the ASCII word
    /// `bytes[start..end]`, at most [`SHORT`](super::words::SHORT) bytes long.
    #[inline(always)]
    pub fn lookup_short(&self, bytes: &[u8], start: usize, end: usize) -> (WordInfo, Word, Case) {
        self.probe_short(ShortKey::new(bytes, start, end))
    }

    /// [`Lexicon::lookup_short`] of the `len`-byte ASCII word (`len` at most
    /// [`SHORT`](super::words::SHORT)) whose first 16 bytes, as two little-endian words, are
    /// `lo` and `hi` (the bytes past the word ignored).
    #[inline(always)]
    pub fn lookup_short_words(&self, lo: u64, hi: u64, len: usize) -> (WordInfo, Word, Case) {
        self.probe_short(ShortKey::of_words(lo, hi, len))
    }

    /// [`Lexicon::lookup_short_words`] of a word shorter than 8 bytes, whose first 8 bytes are
    /// `lo`.
    #[inline(always)]
    pub fn lookup_short_low(&self, lo: u64, len: usize) -> (WordInfo, Word, Case) {
        self.probe_short(ShortKey::of_low(lo, len))
    }

    /// The cue flags, [`Word`] and [`Case`] of the word keyed `key` in [`Lexicon::short`]
    /// (nothing, [`Word::Other`] and [`Case::Other`] when it is not there).
    #[inline(always)]
    fn probe_short(&self, key: ShortKey) -> (WordInfo, Word, Case) {
        let h = short_hash(&key);
        let d = self.short_disp[(h >> (64 - SHORT_BUCKET_BITS)) as usize];
        let s = &self.short[short_slot(h, d)];
        if s.lo == key.lo && s.hi == key.hi {
            let info = WordInfo {
                flags: s.flags,
                role: s.role,
            };
            (info, s.word, key.case())
        } else {
            (WordInfo::default(), Word::Other, Case::Other)
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
        let (_, word, case) = self.probe_short(key);
        (info, word, case)
    }

    fn add_list<'d>(&mut self, list: &'d str, bits: u16, spelled: &mut FxHashMap<u64, &'d str>) {
        for word in data_lines(list) {
            self.words.entry(spell(spelled, word)).or_default().flags |= bits;
        }
    }

    /// The role of a [`WordInfo`] with [`flags::ROLE`].
    pub fn role(&self, info: WordInfo) -> Role {
        Role(info.role)
    }

    /// What the lexicon knows about `word` (any case, any apostrophe).
    pub fn lookup(&self, word: &str) -> WordInfo {
        self.lookup_in(&self.words, word)
    }

    /// The cue and stop flags of a word written in lowercase (no name or ordinary-word flags).
    pub fn lookup_cue(&self, word: &str) -> WordInfo {
        if word.is_ascii() && !self.may_be_cue(word.as_bytes()) {
            return WordInfo::default();
        }
        self.lookup_in(&self.cues, word)
    }

    /// False when the ASCII `word` has a first letter and length no cue word has.
    #[inline]
    fn may_be_cue(&self, word: &[u8]) -> bool {
        let (first, len) = (word.first().copied().unwrap_or(0), word.len());
        len < 64 && self.cue_shapes[(first.to_ascii_lowercase() & 31) as usize] & (1 << len) != 0
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
        if !self.may_be_cue(word) {
            return WordInfo::default();
        }
        let Some(key) = ascii_lower_key(word) else {
            return WordInfo::default();
        };
        if !self.cue_filter.may_hold(key) {
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
fn spell<'d>(spelled: &mut FxHashMap<u64, &'d str>, word: &'d str) -> u64 {
    let key = term_key(word);
    let prev = spelled.entry(key).or_insert(word);
    assert_eq!(*prev, word, "entity lexicon key collision");
    key
}

#[cfg(test)]
mod tests {
    use super::super::words::SHORT;
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
        assert_eq!(lex.role(info).as_str(), "director");
        assert_eq!(
            lex.role(lex.lookup("choreographer")).as_str(),
            "choreographer"
        );
    }

    #[test]
    fn short_table_finds_its_words_and_only_them() {
        let lex = Lexicon::builtin();
        let probe = |w: &str| lex.lookup_short(w.as_bytes(), 0, w.len());
        let mut words: Vec<&str> = SPELLED.iter().map(|&(_, w)| w).collect();
        words.extend(data_lines(CUES).flat_map(|l| l.split_whitespace().skip(1)));
        for w in words
            .into_iter()
            .filter(|w| w.len() <= SHORT && w.is_ascii())
        {
            let word = SPELLED
                .iter()
                .find(|s| s.1 == w)
                .map_or(Word::Other, |s| s.0);
            let (info, got, case) = probe(w);
            assert_eq!((info, got), (lex.lookup_cue(w), word), "{w}");
            let listed = info != WordInfo::default() || word != Word::Other;
            assert_eq!(case, if listed { Case::Lower } else { Case::Other }, "{w}");
            let upper = w.to_ascii_uppercase();
            assert_eq!(probe(&upper).1, word, "{upper}");
        }
        for w in [
            "zebra",
            "thee",
            "playedx",
            "b",
            "starrin",
            "cinematographerz",
        ] {
            assert_eq!(
                probe(w),
                (WordInfo::default(), Word::Other, Case::Other),
                "{w}"
            );
        }
    }

    #[test]
    fn networks_and_sentence_openers_are_stop_words() {
        let lex = Lexicon::builtin();
        for w in ["Netflix", "However", "The", "Monday"] {
            assert!(lex.lookup(w).has(flags::STOP), "{w}");
        }
    }
}
