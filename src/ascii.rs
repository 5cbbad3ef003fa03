//! Byte-level helpers shared by the scanners (the tokenizer's fast path and the entity
//! scanner): word-at-a-time tests on ASCII text; and the lines, fields and numbers of the data
//! files, read at every start. Each equals its byte-by-byte (or std) definition, tested for
//! every byte value at every position (or on any text, or every number of its short form).

/// 0x01 in every byte of a word.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte of a word.
pub(crate) const HIGH: u64 = 0x80 * ONES;

/// The high bit of each byte of `w` that equals `b`, exact up to the first such byte (a byte
/// after an equal one may be flagged too): nonzero exactly when some byte equals `b`, and its
/// lowest set bit marks the first (SWAR: the bytes of `w ^ b * ONES` that are zero).
#[inline(always)]
pub(crate) fn bytes_equal(w: u64, b: u8) -> u64 {
    let v = w ^ (ONES * u64::from(b));
    v.wrapping_sub(ONES) & !v & HIGH
}

/// The high bit of every byte of `w` (ASCII bytes only) that is an uppercase letter.
#[inline(always)]
pub(crate) fn upper_bits(w: u64) -> u64 {
    // For a byte x <= 0x7F, x + 0x3F has its high bit set when x >= 'A' and x + 0x25 when
    // x > 'Z'; neither sum carries into the next byte.
    let ge_a = w.wrapping_add(0x3F * ONES);
    let gt_z = w.wrapping_add(0x25 * ONES);
    ge_a & !gt_z & HIGH
}

/// The high bit of every byte of `w` (ASCII bytes only) that is a lowercase letter.
#[inline(always)]
pub(crate) fn lower_bits(w: u64) -> u64 {
    // As in upper_bits: x + 0x1F reaches 0x80 when x >= 'a', x + 0x05 when x > 'z'.
    let ge_a = w.wrapping_add(0x1F * ONES);
    let gt_z = w.wrapping_add(0x05 * ONES);
    ge_a & !gt_z & HIGH
}

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

/// The first `\n` at or after `i`, eight bytes at a time (SWAR): data lines are too short for a
/// vectorized search to pay for its set-up.
#[inline]
fn newline(bytes: &[u8], mut i: usize) -> Option<usize> {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let found = bytes_equal(
            u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])),
            b'\n',
        );
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter().position(|&b| b == b'\n').map(|at| i + at)
}

/// At least the number of [`lines`] of `text` (one more when it ends with a `\n`).
pub(crate) fn line_count(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count() + 1
}

/// The lines of `text`, as [`str::lines`] gives them (split after each `\n`, which is dropped
/// with a `\r` before it; no empty line after a final `\n`), their ends found by [`newline`].
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let line = match newline(text.as_bytes(), start) {
            // '\n' is ASCII: the bytes around it are char boundaries.
            Some(end) => {
                let line = &text[start..end];
                start = end + 1;
                line.strip_suffix('\r').unwrap_or(line)
            }
            None if start < text.len() => {
                let line = &text[start..];
                start = text.len();
                line
            }
            None => return None,
        };
        Some(line)
    })
}

/// The data lines of a file that must open with `header` (`what` names the kind of file in
/// the error otherwise: line 1 and what is wrong), each with its index from 0: every line
/// after the first that is neither empty nor a `#` note.
pub(crate) fn headed_lines<'t>(
    text: &'t str,
    header: &str,
    what: &str,
) -> Result<impl Iterator<Item = (usize, &'t str)>, (usize, String)> {
    let mut lines = lines(text).enumerate();
    match lines.next() {
        Some((_, first)) if first.starts_with(header) => {}
        _ => {
            return Err((
                1,
                format!("not {what}: the first line must start {header:?}"),
            ))
        }
    }
    Ok(lines.filter(|(_, line)| !line.is_empty() && !line.starts_with('#')))
}

/// The non-empty, non-comment lines of a data file, trimmed.
pub(crate) fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    lines(data)
        .map(
            |line| match (line.as_bytes().first(), line.as_bytes().last()) {
                // Printable ASCII at both ends is no white space: most lines need no trimming.
                (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => line,
                _ => line.trim(),
            },
        )
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The parts of `s` between the ASCII byte `sep`, as `str::split` gives them, by a plain byte
/// loop: data files' fields are short, and `str::split`'s search call per field costs more than
/// the loop (the data files are parsed at every start).
pub(crate) fn split_byte(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    debug_assert!(sep.is_ascii());
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut i = start;
        while i < bytes.len() && bytes[i] != sep {
            i += 1;
        }
        // An ASCII separator is a char boundary.
        let part = &s[start..i];
        if i == bytes.len() {
            done = true;
        } else {
            start = i + 1;
        }
        Some(part)
    })
}

/// A number as the data files write their weights and valences: an optional minus, one or two
/// digits, a point and one to four digits ("-0.1425", "2.626", "-1.5") is read as the integer
/// it spells over a power of ten; anything else by `str::parse`. The two agree on every such
/// value (`short_decimals_parse_as_str_parse_does` checks each of them), and the short way
/// skips most of the parse's work.
#[inline]
pub(crate) fn parse_decimal(field: &str) -> Option<f32> {
    const SCALE: [f64; 5] = [1.0, 10.0, 100.0, 1_000.0, 10_000.0];
    let b = field.as_bytes();
    let negative = b.first() == Some(&b'-');
    let digits = &b[usize::from(negative)..];
    if (3..=7).contains(&digits.len()) {
        // One pass: the digits as one integer, and where the point is (at most seven bytes,
        // so the integer stays under 10^6).
        let (mut m, mut point, mut ok) = (0u32, usize::MAX, true);
        for (i, &d) in digits.iter().enumerate() {
            if d.is_ascii_digit() {
                m = m * 10 + u32::from(d - b'0');
            } else if d == b'.' && point == usize::MAX {
                point = i;
            } else {
                ok = false;
                break;
            }
        }
        if ok && (1..=2).contains(&point) && (1..=4).contains(&(digits.len() - point - 1)) {
            let fraction = digits.len() - point - 1;
            let x = (f64::from(m) / SCALE[fraction]) as f32;
            return Some(if negative { -x } else { x });
        }
    }
    field.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_decimals_parse_as_str_parse_does() {
        // Every number of one or two digits, a point and one to four digits, either sign.
        for fraction in 1..=4u32 {
            let scale = 10u32.pow(fraction);
            for m in 0..100 * scale {
                for sign in ["", "-"] {
                    let text = format!(
                        "{sign}{}.{:0width$}",
                        m / scale,
                        m % scale,
                        width = fraction as usize
                    );
                    let want: f32 = text.parse().unwrap();
                    assert_eq!(
                        parse_decimal(&text).map(f32::to_bits),
                        Some(want.to_bits()),
                        "{text}"
                    );
                    if m < 10 * scale {
                        // One digit before the point, written with a leading zero too.
                        let padded = format!(
                            "{sign}0{}.{:0width$}",
                            m / scale,
                            m % scale,
                            width = fraction as usize
                        );
                        assert_eq!(
                            parse_decimal(&padded).map(f32::to_bits),
                            Some(want.to_bits()),
                            "{padded}"
                        );
                    }
                }
            }
        }
        for other in [
            "1", "-3", "1e3", "0.5e1", ".5", "-.1425", "123.4", "1.23456", "inf", "NaN", "+1.5",
        ] {
            assert_eq!(
                parse_decimal(other).map(f32::to_bits),
                other.parse::<f32>().ok().map(f32::to_bits),
                "{other}"
            );
        }
        for bad in [
            "", "-", "1.2x4", "1..2", "..5", ".1.5", "1.", "--1.0", "a.b", "-.", "12.",
        ] {
            assert_eq!(parse_decimal(bad), bad.parse::<f32>().ok(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_short_number_parses_as_str_parse_does(text in "[-+]?[0-9.]{0,8}") {
            proptest::prop_assert_eq!(
                parse_decimal(&text).map(f32::to_bits),
                text.parse::<f32>().ok().map(f32::to_bits)
            );
        }
    }

    #[test]
    fn splitting_at_a_byte_splits_as_str_split_does() {
        for s in ["", "a", "\t", "a\tb", "\ta\t\tb\t", "é\tü\t", "x y  z "] {
            for sep in [b'\t', b' ', b','] {
                let want: Vec<&str> = s.split(sep as char).collect();
                assert_eq!(split_byte(s, sep).collect::<Vec<_>>(), want, "{s:?}");
            }
        }
    }

    use proptest::prelude::*;

    #[test]
    fn byte_tests_mark_their_bytes() {
        for b in 0..=255u8 {
            for at in 0..8 {
                for fill in [b'a', b'Z', b'-', 0, 0x80, 0xFF] {
                    let mut bytes = [fill; 8];
                    bytes[at] = b;
                    let w = u64::from_le_bytes(bytes);
                    for target in [b, fill, b'\n'] {
                        let first = bytes.iter().position(|&c| c == target);
                        let found = bytes_equal(w, target);
                        let got = (found != 0).then(|| (found.trailing_zeros() / 8) as usize);
                        assert_eq!(got, first, "{bytes:?} for {target:#x}");
                    }
                    if bytes.is_ascii() {
                        for (k, &c) in bytes.iter().enumerate() {
                            let bit = |x: u64| (x >> (8 * k)) & 0xFF == 0x80;
                            assert_eq!(bit(upper_bits(w)), c.is_ascii_uppercase(), "{bytes:?}");
                            assert_eq!(bit(lower_bits(w)), c.is_ascii_lowercase(), "{bytes:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn newline_finds_the_first_line_feed() {
        for b in 0..=255u8 {
            for at in 0..12 {
                let mut bytes = vec![b'a'; 12];
                bytes[at] = b;
                let want = (b == b'\n').then_some(at);
                assert_eq!(newline(&bytes, 0), want, "{b:#x} at {at}");
                bytes[11] = b'\n';
                let first = if b == b'\n' { at } else { 11 };
                assert_eq!(newline(&bytes, 0), Some(first), "{b:#x} at {at}, then 11");
                assert_eq!(newline(&bytes, at.min(11)), Some(first), "{b:#x} from {at}");
            }
        }
        assert_eq!(newline(b"ab", 2), None);
        assert_eq!(newline(b"ab", 3), None);
    }

    proptest! {
        #[test]
        fn lines_are_str_lines(text in "[a\t\r\né#]{0,24}") {
            prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
            prop_assert!(line_count(&text) >= text.lines().count());
        }

        #[test]
        fn data_lines_are_std_lines_trimmed(data in "[a# \t\u{a0}\u{2003}é\r\n]{0,24}") {
            let by_std: Vec<&str> = data
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect();
            prop_assert_eq!(data_lines(&data).collect::<Vec<_>>(), by_std);
        }
    }

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
