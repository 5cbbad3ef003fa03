//! Documents and spans.
//!
//! A [`Doc`] owns the text of one review exactly as read (after decoding). Every later stage
//! refers back into it with [`Span`]s of byte offsets; a span is always on a `char` boundary of
//! `Doc::text`. Reports convert byte offsets to character offsets (Unicode scalar values, as
//! Python indexes a `str`) with [`CharOffsets`].

use std::ops::Range;

/// One review: an id, where it came from and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    /// The review's id: a relative path for files, the id column for table rows.
    pub id: String,
    /// Where the review came from: the file's path, with `:line` for table rows.
    pub source: String,
    /// The full text, UTF-8.
    pub text: String,
    /// The values of the table columns kept for the reports (`--keep-columns`), in the
    /// order asked; empty for a review file, and shorter when a JSONL row lacks a field.
    pub kept: Vec<String>,
}

impl Doc {
    /// A document from its parts.
    pub fn new(id: impl Into<String>, source: impl Into<String>, text: impl Into<String>) -> Doc {
        Doc {
            id: id.into(),
            source: source.into(),
            text: text.into(),
            kept: Vec::new(),
        }
    }
}

/// A half-open byte range `[start, end)` into a document's text, on `char` boundaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The span as a `Range<usize>`, for slicing.
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no bytes.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text this span covers.
    #[inline]
    pub fn of(self, text: &str) -> &str {
        &text[self.range()]
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies inside `self`.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Converts byte offsets into character offsets (Unicode scalar values) for one text.
///
/// ASCII texts convert for free. Otherwise a forward cursor makes a run of increasing queries
/// linear in the text's length; a query behind the cursor restarts from the beginning.
pub struct CharOffsets<'a> {
    text: &'a str,
    ascii: bool,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    /// A converter for `text`.
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        CharOffsets {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of byte offset `byte` (which must be a char boundary).
    pub fn char_offset(&mut self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += count_chars(&self.text.as_bytes()[self.byte..byte]);
        self.byte = byte;
        self.chars
    }

    /// The character count of the whole text.
    pub fn total(&mut self) -> usize {
        self.char_offset(self.text.len())
    }
}

/// Number of `char`s in a UTF-8 byte slice that starts and ends on boundaries.
#[inline]
pub fn count_chars(bytes: &[u8]) -> usize {
    // Every byte that is not a continuation byte (0b10xx_xxxx) starts a char.
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalar_values_not_bytes() {
        let text = "O’Brien sings “Hi” — é!";
        let mut offsets = CharOffsets::new(text);
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(offsets.char_offset(byte), chars, "byte {byte}");
        }
        assert_eq!(offsets.total(), text.chars().count());
        // Going backwards restarts the cursor and is still right.
        let curly = text.find('“').unwrap();
        assert_eq!(offsets.char_offset(curly), text[..curly].chars().count());
    }

    #[test]
    fn ascii_text_offsets_are_identity() {
        let mut offsets = CharOffsets::new("plain text");
        assert_eq!(offsets.char_offset(5), 5);
        assert_eq!(offsets.total(), 10);
    }

    #[test]
    fn span_helpers_agree_with_ranges() {
        let s = Span::new(2, 5);
        assert_eq!(s.len(), 3);
        assert_eq!(s.of("abcdefg"), "cde");
        assert!(s.overlaps(Span::new(4, 9)));
        assert!(!s.overlaps(Span::new(5, 9)));
        assert!(s.contains(Span::new(3, 5)));
        assert!(Span::new(3, 3).is_empty());
    }
}
