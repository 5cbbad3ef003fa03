//! Term keys: a fast 64-bit hash of a term's bytes, and maps keyed by it.
//!
//! Lexicon lookups run once or twice per token, so they must not allocate: the scorer hashes the
//! token's lowercase `&str` (or a pair of hashes for a two-word term) and looks the `u64` up in a
//! [`KeyMap`], whose hasher passes the key through. Keys are well mixed (a multiply-rotate pass
//! over 8-byte words, then MurmurHash3's finalizer), so distinct terms colliding is a 2^-64 event
//! per pair; the lexicon builder checks its own keys for collisions.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map from term keys to values.
pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// The key of a term: a 64-bit hash of its bytes.
#[inline]
pub(crate) fn term_key(term: &str) -> u64 {
    hash_bytes(term.as_bytes())
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
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let len = term.len();
    if len > 32 {
        return None;
    }
    // Zero padding is what hash_bytes gives the last, partial word.
    let mut buf = [0u8; 32];
    buf[..len].copy_from_slice(term);
    for b in &mut buf {
        b.make_ascii_lowercase();
    }
    let mut h = (len as u64).wrapping_mul(K);
    for word in buf.chunks_exact(8).take(len.div_ceil(8)) {
        let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    Some(fmix64(h))
}

#[inline]
fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
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
