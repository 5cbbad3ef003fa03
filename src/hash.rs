//! Term keys: a fast 64-bit hash of a term's bytes, and maps keyed by it.
//!
//! Lexicon lookups run once or twice per token, so they must not allocate: the scorer hashes the
//! token's lowercase bytes (or a pair of hashes for a two-word term) and looks the `u64` up in a
//! [`KeyMap`], whose hasher passes the key through. Keys are well mixed (each 8-byte word folded
//! in by a multiply and an xor-shift, then MurmurHash3's finalizer), so distinct terms colliding
//! is a 2^-64 event per pair; the lexicon builder checks its own keys for collisions. The
//! sentiment lexicon keys its words with [`word_key`], which mixes a word of up to 8 bytes as one
//! 8-byte load. A [`KeyFilter`] in front of a map lets most absent keys skip it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map from term keys to values.
pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// A bit per value of a key's top bits, set for the keys of a map: a key whose bit is clear is
/// not in the map, so most absent keys are turned away by one load from a small table that
/// stays in cache (the maps index by the low bits).
#[derive(Clone, Debug)]
pub(crate) struct KeyFilter {
    bits: Box<[u64]>,
    shift: u32,
}

impl KeyFilter {
    /// An empty filter of `2^log2_bits` bits (at least 64).
    pub fn new(log2_bits: u32) -> KeyFilter {
        let log2_bits = log2_bits.clamp(6, 32);
        KeyFilter {
            bits: vec![0; 1 << (log2_bits - 6)].into_boxed_slice(),
            shift: 64 - log2_bits,
        }
    }

    /// A filter of `2^log2_bits` bits holding `keys`.
    pub fn of<'k>(log2_bits: u32, keys: impl IntoIterator<Item = &'k u64>) -> KeyFilter {
        let mut filter = KeyFilter::new(log2_bits);
        for &key in keys {
            let bit = filter.bit(key);
            filter.bits[bit / 64] |= 1 << (bit % 64);
        }
        filter
    }

    #[inline]
    fn bit(&self, key: u64) -> usize {
        (key >> self.shift) as usize
    }

    /// False when `key` is surely not among the keys the filter was made of.
    #[inline]
    pub fn may_hold(&self, key: u64) -> bool {
        let bit = self.bit(key);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// The key of a term: a 64-bit hash of its bytes.
#[inline]
pub(crate) fn term_key(term: &str) -> u64 {
    hash_bytes(term.as_bytes())
}

/// The key of a term given as bytes (the same as [`term_key`] of the same UTF-8 text).
#[inline]
pub(crate) fn term_key_bytes(term: &[u8]) -> u64 {
    hash_bytes(term)
}

/// The key of a sentiment word (the sentiment lexicon's words and two-word terms are keyed by
/// it): words of up to 8 bytes, most of them, are read as one little-endian word and mixed
/// without branching on their length; longer ones take [`term_key`]. Distinct words of the same
/// length up to 8 bytes never share a key (every step is a bijection of the word).
#[inline]
pub(crate) fn word_key(word: &[u8]) -> u64 {
    let len = word.len();
    if len > 8 {
        return hash_bytes(word);
    }
    let mut w = [0u8; 8];
    w[..len].copy_from_slice(word);
    short_word_key(u64::from_le_bytes(w), len)
}

/// The bytes of a word of `len` (at most 8) bytes: a mask of the low `len` bytes of a
/// little-endian load, for readers that load 8 bytes at once ([`short_word_key`]).
#[inline]
fn low_bytes_mask(len: usize) -> u64 {
    u64::MAX >> ((8 - len) * 8).min(63) >> ((len == 0) as u32)
}

/// The word `bytes[start..start + len]` read at once as a little-endian `u64`, its bytes past
/// `len` zero: `None` unless it is at most 8 bytes long and 8 bytes follow `start` (most words
/// in running text), so that the caller takes its slice instead.
#[inline(always)]
pub(crate) fn short_word_at(bytes: &[u8], start: usize, len: usize) -> Option<u64> {
    let eight = bytes.get(start..start.checked_add(8)?)?;
    if len > 8 {
        return None;
    }
    Some(u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])) & low_bytes_mask(len))
}

/// [`word_key`] of a word of `len` (at most 8) bytes read as the little-endian `w` (its bytes
/// past `len` zero).
#[inline]
pub(crate) fn short_word_key(w: u64, len: usize) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    fmix64(w.wrapping_mul(K) ^ (len as u64) << 59)
}

/// The key of a two-word term from the keys of its words.
#[inline]
pub(crate) fn pair_key(first: u64, second: u64) -> u64 {
    fmix64(first.rotate_left(23) ^ second.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5851_F42D)
}

/// The key of an ASCII term after lowercasing it: `term_key(&term.to_ascii_lowercase())`,
/// computed without allocating or validating UTF-8. `None` for terms over 32 bytes.
#[inline]
pub(crate) fn ascii_lower_key(term: &[u8]) -> Option<u64> {
    let len = term.len();
    if len > 32 {
        return None;
    }
    let mut buf = [0u8; 32];
    buf[..len].copy_from_slice(term);
    for b in &mut buf {
        b.make_ascii_lowercase();
    }
    Some(hash_bytes(&buf[..len]))
}

/// Reads 8 bytes at `at` as a little-endian word.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(w)
}

/// Reads 4 bytes at `at` as a little-endian word.
#[inline]
fn half_at(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(w) as u64
}

/// The hash of a byte string: its length, then words that together cover every byte (the last
/// one overlapping the one before when the length is not a multiple of the word size), each
/// folded in by a multiply and an xor-shift, then MurmurHash3's finalizer. Every step is a
/// bijection of the word, so two terms of up to 8 bytes and the same length never share a key,
/// and a difference anywhere in a longer term reaches every bit of the next step (a plain
/// multiply-rotate chain lets a difference in a word's top byte cancel against the next word).
#[inline]
fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let len = bytes.len();
    let step = |h: u64, w: u64| {
        let x = (h ^ w).wrapping_mul(K);
        x ^ (x >> 32)
    };
    let h = (len as u64).wrapping_mul(K);
    let h = match len {
        0 => h,
        1..=3 => step(
            h,
            bytes[0] as u64 | (bytes[len / 2] as u64) << 8 | (bytes[len - 1] as u64) << 16,
        ),
        4..=8 => step(h, half_at(bytes, 0) | half_at(bytes, len - 4) << 32),
        _ => {
            let mut h = h;
            let mut at = 0;
            while at + 8 <= len {
                h = step(h, word_at(bytes, at));
                at += 8;
            }
            if at < len {
                h = step(h, word_at(bytes, len - 8));
            }
            h
        }
    };
    fmix64(h)
}

#[inline]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    k ^= k >> 33;
    k = k.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    k ^ (k >> 33)
}

/// A hasher for keys that are already hashes: passes a `u64` through.
#[derive(Clone, Copy, Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not used by KeyMap (keys are u64), but keep it a correct hasher.
        self.0 = hash_bytes(bytes) ^ self.0.rotate_left(7);
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_read_at_once_are_their_bytes() {
        let text = b"a fine cast, weak ending!";
        for start in 0..=text.len() + 1 {
            for len in 0..=10 {
                let got = short_word_at(text, start, len);
                let fits = len <= 8 && start + 8 <= text.len();
                assert_eq!(got.is_some(), fits, "{start} {len}");
                if let Some(w) = got {
                    let mut want = [0u8; 8];
                    want[..len].copy_from_slice(&text[start..start + len]);
                    assert_eq!(w, u64::from_le_bytes(want), "{start} {len}");
                }
            }
        }
    }

    #[test]
    fn keys_differ_for_near_identical_terms() {
        let terms = [
            "good", "goods", "god", "dog", "not good", "good not", "", "a", "b",
        ];
        let mut keys: Vec<u64> = terms.iter().map(|t| term_key(t)).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), terms.len());
        let (a, b) = (term_key("not"), term_key("good"));
        assert_ne!(pair_key(a, b), pair_key(b, a));
    }

    #[test]
    fn a_key_filter_holds_its_keys_and_turns_most_others_away() {
        let keys: Vec<u64> = (0..1000u32).map(|i| term_key(&i.to_string())).collect();
        let filter = KeyFilter::of(16, &keys);
        assert!(keys.iter().all(|&k| filter.may_hold(k)));
        let passed = (1000..11000u32)
            .filter(|i| filter.may_hold(term_key(&i.to_string())))
            .count();
        // 1,000 keys set at most 1,000 of 65,536 bits: about 1.5% of other keys pass.
        assert!(passed < 400, "{passed} of 10,000 absent keys passed");
        assert!(!KeyFilter::new(10).may_hold(keys[0]));
    }

    #[test]
    fn keys_of_short_terms_are_distinct() {
        // Every term of up to two letters and many of three: the overlapping reads must not
        // lose a byte.
        let letters: Vec<char> = "abcz'-é".chars().collect();
        let mut terms = vec![String::new()];
        for a in &letters {
            terms.push(a.to_string());
            for b in &letters {
                terms.push(format!("{a}{b}"));
                for c in &letters {
                    terms.push(format!("{a}{b}{c}"));
                    terms.push(format!("{a}{b}{c}{a}{b}"));
                    terms.push(format!("{a}{b}{c}{a}{b}{c}{a}{b}{c}"));
                }
            }
        }
        terms.sort();
        terms.dedup();
        let mut keys: Vec<u64> = terms.iter().map(|t| term_key(t)).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), terms.len());
    }

    #[test]
    fn keys_of_long_terms_differing_in_their_last_bytes_are_distinct() {
        // A multiply-rotate chain gave "desperado" the key of "desperate": a difference in
        // the first word's top byte cancelled against the second word's low byte.
        assert_ne!(term_key("desperado"), term_key("desperate"));
        let mut terms = Vec::new();
        for stem in ["despera", "performan", "character", "cinematogr", "x"] {
            for a in b'a'..=b'z' {
                for b in b'a'..=b'z' {
                    let mut t = stem.to_string();
                    t.push(a as char);
                    t.push(b as char);
                    terms.push(t);
                }
            }
        }
        let mut keys: Vec<u64> = terms.iter().map(|t| term_key(t)).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), terms.len());
    }

    #[test]
    fn ascii_lower_key_is_the_key_of_the_lowercase_term() {
        let terms = [
            "",
            "a",
            "Paul",
            "PAUL",
            "O'Brien",
            "eightlet",
            "EightLetters",
            "sixteen-chars-ok",
            "a-term-of-exactly-thirty-two-byt",
            "x1y2z3",
        ];
        for term in terms {
            assert_eq!(
                ascii_lower_key(term.as_bytes()),
                Some(term_key(&term.to_ascii_lowercase())),
                "{term}"
            );
        }
        assert_eq!(ascii_lower_key(&[b'a'; 33]), None);
    }
}
