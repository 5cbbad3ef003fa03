//! What a per-thread scratch buffer keeps between documents.
//!
//! Stages reuse their buffers from document to document, so that an ordinary review allocates
//! nothing. A buffer that one very large review grew is given back instead ([`trim`]): kept, it
//! would hold that review's memory through the later stages of its analysis and for the rest of
//! the run.

/// Most bytes a scratch buffer keeps after a document: what a review of about 100 KB needs of
/// the largest buffer (its tokens), some ten times the longest IMDB review.
pub(crate) const KEEP_BYTES: usize = 1 << 19;

/// Empties `v`, and frees it if it holds more than [`KEEP_BYTES`].
#[inline]
pub(crate) fn trim<T>(v: &mut Vec<T>) {
    if v.capacity() * std::mem::size_of::<T>() > KEEP_BYTES {
        *v = Vec::new();
    } else {
        v.clear();
    }
}

/// Gives back the room a finished list of a very large document (over [`KEEP_BYTES`]) has
/// beyond its length: what doubling it as it grew left over (freed at once rather than held
/// through the later stages; a smaller list keeps its room for the next document).
#[inline]
pub(crate) fn fit<T>(v: &mut Vec<T>) {
    if v.capacity() * std::mem::size_of::<T>() > KEEP_BYTES {
        v.shrink_to_fit();
    }
}

/// [`trim`] for a string.
#[inline]
pub(crate) fn trim_string(s: &mut String) {
    if s.capacity() > KEEP_BYTES {
        *s = String::new();
    } else {
        s.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_buffers_are_kept_and_large_ones_freed() {
        let mut small: Vec<u64> = Vec::with_capacity(100);
        small.push(1);
        trim(&mut small);
        assert!(small.is_empty() && small.capacity() >= 100);
        let mut large: Vec<u64> = Vec::with_capacity(KEEP_BYTES / 8 + 1);
        trim(&mut large);
        assert_eq!(large.capacity(), 0);
        let mut s = String::with_capacity(KEEP_BYTES + 1);
        trim_string(&mut s);
        assert_eq!(s.capacity(), 0);
        let mut grown: Vec<u8> = Vec::with_capacity(2 * KEEP_BYTES);
        grown.resize(KEEP_BYTES + 1, 0);
        fit(&mut grown);
        assert_eq!(grown.capacity(), KEEP_BYTES + 1);
        let mut small: Vec<u8> = Vec::with_capacity(100);
        fit(&mut small);
        assert_eq!(small.capacity(), 100);
    }
}
