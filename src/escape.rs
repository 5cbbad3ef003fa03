//! Names made safe to show: file paths and ids without control bytes or lossy decoding.
//!
//! Invariants:
//! - [`path`] is injective on the bytes of a Unix path except for names that already hold a
//!   `\xHH` escape: a byte that is not part of valid UTF-8 becomes `\xHH` (two uppercase hex
//!   digits), so `x\xff.txt` and `x\xfe.txt` stay two names (the batch runner makes ids unique
//!   in a run for the rare name that collides anyway);
//! - the output of [`path`] and [`controls`] holds no control character (C0, DEL or C1): each
//!   becomes `\n`, `\r`, `\t` or `\xHH` / `\u{HHHH}`, so a name printed to a terminal cannot move
//!   the cursor or start an ANSI sequence, and a report cell never holds one;
//! - printable text, including every non-ASCII letter, passes through unchanged, borrowed.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// True for the characters [`controls`] escapes: C0 controls, DEL and C1 controls.
#[inline]
fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\x1F' | '\x7F'..='\u{9F}')
}

/// Appends `c`, escaped if it is a control character.
fn push_char(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 && is_control(c) => {
            let _ = write!(out, "\\x{:02X}", c as u32);
        }
        c if is_control(c) => {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// `text` with every control character escaped (`\n`, `\r`, `\t`, `\x1B`, `\u{0085}`).
pub fn controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_char(&mut out, c);
    }
    Cow::Owned(out)
}

/// A path as text: its UTF-8 parts as they are, every other byte as `\xHH`, control
/// characters escaped. On platforms other than Unix, the lossy conversion, escaped.
pub fn path(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        bytes(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        controls(&path.to_string_lossy()).into_owned()
    }
}

/// Bytes as text: valid UTF-8 runs as they are, every other byte as `\xHH`, control
/// characters escaped.
pub fn bytes(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(&controls(text));
                return out;
            }
            Err(error) => {
                let (valid, rest) = bytes.split_at(error.valid_up_to());
                // Valid UTF-8 by the error's word.
                out.push_str(&controls(std::str::from_utf8(valid).unwrap_or_default()));
                let bad = error.error_len().unwrap_or(rest.len());
                for b in &rest[..bad] {
                    let _ = write!(out, "\\x{b:02X}");
                }
                bytes = &rest[bad..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_text_is_borrowed_unchanged() {
        for text in ["plain", "Amélie — Björk, 東京 😀", "a\\xFFb", ""] {
            assert!(
                matches!(controls(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
    }

    #[test]
    fn control_characters_are_escaped() {
        let table = [
            ("a\nb", "a\\nb"),
            ("\r\t", "\\r\\t"),
            ("\x1B[31mred", "\\x1B[31mred"),
            ("nul\0", "nul\\x00"),
            ("del\x7F", "del\\x7F"),
            ("next\u{85}line", "next\\u{0085}line"),
            ("csi\u{9B}", "csi\\u{009B}"),
        ];
        for (text, expected) in table {
            assert_eq!(controls(text), expected, "{text:?}");
        }
    }

    #[test]
    fn invalid_bytes_become_hex_escapes_and_stay_distinct() {
        assert_eq!(bytes(b"x\xff.txt"), "x\\xFF.txt");
        assert_eq!(bytes(b"x\xfe.txt"), "x\\xFE.txt");
        assert_eq!(bytes("café\n".as_bytes()), "café\\n");
        // A truncated sequence at the end, and one in the middle.
        assert_eq!(bytes(b"caf\xc3"), "caf\\xC3");
        assert_eq!(bytes(b"a\xe2\x82b"), "a\\xE2\\x82b");
    }

    #[cfg(unix)]
    #[test]
    fn paths_keep_their_bytes() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(OsStr::from_bytes(b"dir/r\xff\x1b.txt"));
        assert_eq!(path(p), "dir/r\\xFF\\x1B.txt");
    }

    proptest::proptest! {
        #[test]
        fn escaped_bytes_hold_no_control_character_and_valid_text_round_trips(
            raw in proptest::collection::vec(proptest::arbitrary::any::<u8>(), 0..64),
            text in "\\PC{0,32}",
        ) {
            let escaped = bytes(&raw);
            proptest::prop_assert!(!escaped.chars().any(is_control), "{:?}", escaped);
            // Text without controls or backslashes comes back as it went in.
            if !text.contains('\\') {
                proptest::prop_assert_eq!(bytes(text.as_bytes()), text.clone());
            }
        }
    }
}
