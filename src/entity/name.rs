//! [`Name`]: the text of a mention's name or role, shared instead of copied.
//!
//! Invariant: a `Name` reads, compares, orders, hashes, prints and serializes as its text, so
//! whether two names share one allocation never shows in any result.

use std::sync::Arc;

/// A name or role as mentions hold it: text shared between the mentions of one entity instead
/// of copied for each, or a static string. It reads as a `str`; the default is empty.
///
/// Cloning costs a reference count, not an allocation, so a review naming one actor fifty
/// times holds one copy of the name, and so does an aggregate keeping the name. A `Name` is one
/// pointer (8 bytes; none for an empty name), which keeps a [`Mention`](super::Mention) at 32
/// bytes: a review can hold a mention every few bytes.
#[derive(Clone, Default)]
pub struct Name(Option<Arc<NameText>>);

/// The text of a non-empty [`Name`]: a short one (most names) is kept in the name's own
/// allocation, so that a name costs one allocation, not two.
enum NameText {
    Static(&'static str),
    Inline { len: u8, bytes: [u8; INLINE] },
    Owned(Box<str>),
}

/// Most bytes of a [`NameText::Inline`] (which is then no larger than the other variants).
const INLINE: usize = 22;

impl Name {
    /// A name holding a copy of `text` (no allocation when it is empty).
    pub fn new(text: &str) -> Name {
        if text.is_empty() {
            return Name::default();
        }
        let repr = if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            NameText::Inline {
                len: text.len() as u8,
                bytes,
            }
        } else {
            NameText::Owned(text.into())
        };
        Name(Some(Arc::new(repr)))
    }

    /// A name for a static string (one small allocation, none when it is empty; clone it
    /// rather than make it again for each mention).
    pub fn from_static(text: &'static str) -> Name {
        if text.is_empty() {
            return Name::default();
        }
        Name(Some(Arc::new(NameText::Static(text))))
    }

    /// The text's bytes (read without checking that they are UTF-8, which
    /// [`Name::as_str`] does for a short name: comparisons and hashes go through them).
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match self.0.as_deref() {
            None => b"",
            Some(NameText::Static(s)) => s.as_bytes(),
            Some(NameText::Inline { len, bytes }) => &bytes[..*len as usize],
            Some(NameText::Owned(s)) => s.as_bytes(),
        }
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self.0.as_deref() {
            None => "",
            Some(NameText::Static(s)) => s,
            // Copied from a `str` whole: always UTF-8.
            Some(NameText::Inline { len, bytes }) => {
                std::str::from_utf8(&bytes[..*len as usize]).unwrap_or_default()
            }
            Some(NameText::Owned(s)) => s,
        }
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::new(&text)
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        // UTF-8 orders as its bytes do.
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_and_compare_as_their_text() {
        let table = [("", true), ("Paul James", false)];
        for (text, empty) in table {
            let name = Name::new(text);
            assert_eq!(name, text);
            assert_eq!(name.is_empty(), empty);
            assert_eq!(name, Name::from(text.to_string()));
            assert_eq!(format!("{name}"), text);
            assert_eq!(format!("{name:?}"), format!("{text:?}"));
        }
        assert_eq!(Name::default(), Name::from_static(""));
        // Short names live in the name's allocation, longer ones in their own.
        for text in [
            "é",
            "Paul James",
            "Twenty-two bytes, yes",
            "Twenty-three bytes here",
        ] {
            assert_eq!(Name::new(text), text);
            assert_eq!(Name::new(text).as_str(), text);
        }
        assert_eq!(std::mem::size_of::<Name>(), 8);
        assert_eq!(std::mem::size_of::<NameText>(), 24);
        assert!(Name::new("Abba") < Name::from_static("Blondie"));
        // Borrow<str> holds: a set of names is looked up by text.
        let set: std::collections::HashSet<Name> = [Name::new("Paul James")].into();
        assert!(set.contains("Paul James"));
        assert!(!set.contains("Paul"));
    }
}
