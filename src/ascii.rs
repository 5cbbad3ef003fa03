//! Byte-level helpers shared by the scanners (the tokenizer's fast path and the entity
//! scanner): word-at-a-time tests on ASCII text. Each equals its byte-by-byte definition
//! (tested for every byte value at every position).

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x80 * ONES;

/// The high bit of each byte of the little-endian word `w` that is an ASCII letter or digit,
/// each byte tested without a branch (SWAR).
#[inline]
pub(crate) fn alnum_bits(w: u64) -> u64 {
    // On the low seven bits of each byte no sum below carries into the next byte.
    let h = w & !HIGH;
    let folded = h | (0x20 * ONES); // 'A'..='Z' onto 'a'..='z'
    let letter = folded.wrapping_add(0x1F * ONES) & !folded.wrapping_add(0x05 * ONES);
    let digit = h.wrapping_add(0x50 * ONES) & !h.wrapping_add(0x46 * ONES);
    (letter | digit) & !w & HIGH
}

/// The end of the run of ASCII letters and digits starting at `i`: eight bytes at a time, each
/// tested without a branch (SWAR), then byte by byte near the end of the text.
#[inline]
pub(crate) fn alnum_run(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let stop = !alnum_bits(w) & HIGH;
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alnum_bits_mark_the_letters_and_digits() {
        for b in 0..=255u8 {
            for at in 0..8 {
                for fill in [b'a', b'Z', b'5', b' ', 0x80, 0xFF] {
                    let mut bytes = [fill; 8];
                    bytes[at] = b;
                    let bits = alnum_bits(u64::from_le_bytes(bytes));
                    for (k, &c) in bytes.iter().enumerate() {
                        let want = if c.is_ascii_alphanumeric() { 0x80 } else { 0 };
                        assert_eq!((bits >> (8 * k)) & 0xFF, want, "{bytes:?} byte {k}");
                    }
                }
            }
        }
    }

    #[test]
    fn alnum_runs_end_at_the_first_other_byte() {
        for b in 0..=255u8 {
            for at in 0..12 {
                let mut bytes = vec![b'a'; 12];
                bytes[at] = b;
                let want = if b.is_ascii_alphanumeric() { 12 } else { at };
                assert_eq!(alnum_run(&bytes, 0), want, "{b:#x} at {at}");
                assert_eq!(alnum_run(&bytes, at), want.max(at), "{b:#x} from {at}");
            }
        }
    }
}
