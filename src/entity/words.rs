//! The words the entity rules test by their spelling ("by", "played", "Season"...), numbered so
//! that a rule compares a token's [`Word`] instead of its text.
//!
//! The scanner gives every word token whose core is ASCII and at most [`SHORT`] bytes long the
//! [`Word`] its lowercased core spells (or [`Word::Other`]) and, when it has one, the [`Case`]
//! it is written in, from the same table look-up that finds its lexicon flags
//! ([`super::lexicon::Lexicon::lookup_short`], [`super::lexicon::Lexicon::lookup_short_cap`]);
//! every other token gets [`Word::Other`]. So, for a token `t` and a listed word `w` spelled
//! `s`:
//! - `t.word == w` exactly when `t` is a word whose core equals `s` ignoring ASCII case;
//! - `t.is_lower(w)` exactly when the core equals `s`;
//! - `t.is_title(w)` exactly when the core equals `s` with its first letter capitalized.
//!
//! A property test checks these against the string comparisons on generated text.

use crate::ascii::upper_bits;

/// Longest word (in bytes) with a [`Word`] and a one-probe table look-up.
pub const SHORT: usize = 16;

macro_rules! words {
    ($($name:ident = $text:literal,)*) => {
        /// A word some rule tests by spelling.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Word {
            /// Any other word, number or mark.
            #[default]
            Other,
            $(
                #[doc = $text]
                $name,
            )*
        }

        /// Every listed word with its lowercase spelling.
        pub const SPELLED: &[(Word, &str)] = &[$((Word::$name, $text),)*];
    };
}

words! {
    A = "a",
    After = "after",
    An = "an",
    And = "and",
    Another = "another",
    Anthem = "anthem",
    As = "as",
    At = "at",
    Aunt = "aunt",
    Auntie = "auntie",
    Ballad = "ballad",
    Before = "before",
    Biopic = "biopic",
    By = "by",
    Capt = "capt",
    CaptDot = "capt.",
    Captain = "captain",
    CaptainDot = "captain.",
    Cartoon = "cartoon",
    Cast = "cast",
    Chapter = "chapter",
    Character = "character",
    Classic = "classic",
    CoStarring = "co-starring",
    Comedy = "comedy",
    Commander = "commander",
    CommanderDot = "commander.",
    Constable = "constable",
    ConstableDot = "constable.",
    Cousin = "cousin",
    Cover = "cover",
    Definitely = "definitely",
    Deputy = "deputy",
    DeputyDot = "deputy.",
    Det = "det",
    DetDot = "det.",
    Detective = "detective",
    DetectiveDot = "detective.",
    Documentary = "documentary",
    Drama = "drama",
    Duet = "duet",
    Episode = "episode",
    Episodes = "episodes",
    Featuring = "featuring",
    Film = "film",
    Films = "films",
    For = "for",
    Franchise = "franchise",
    From = "from",
    Grandma = "grandma",
    Grandpa = "grandpa",
    Granny = "granny",
    Her = "her",
    Herself = "herself",
    Himself = "himself",
    His = "his",
    Hit = "hit",
    In = "in",
    Includes = "includes",
    Inspector = "inspector",
    InspectorDot = "inspector.",
    Is = "is",
    Lieutenant = "lieutenant",
    LieutenantDot = "lieutenant.",
    Lt = "lt",
    LtDot = "lt.",
    Miniseries = "miniseries",
    Movie = "movie",
    Movies = "movies",
    Musical = "musical",
    My = "my",
    Nor = "nor",
    Nurse = "nurse",
    NurseDot = "nurse.",
    Of = "of",
    Officer = "officer",
    OfficerDot = "officer.",
    On = "on",
    One = "one",
    Or = "or",
    Agent = "agent",
    AgentDot = "agent.",
    Part = "part",
    Performances = "performances",
    Performed = "performed",
    Pilot = "pilot",
    Played = "played",
    Playing = "playing",
    Plays = "plays",
    Portrayed = "portrayed",
    Portraying = "portraying",
    Portrays = "portrays",
    Recommend = "recommend",
    Recommended = "recommended",
    Remains = "remains",
    Remake = "remake",
    Review = "review",
    Rewatch = "rewatch",
    Role = "role",
    Saw = "saw",
    Season = "season",
    Seasons = "seasons",
    See = "see",
    Seen = "seen",
    Sequel = "sequel",
    Sergeant = "sergeant",
    SergeantDot = "sergeant.",
    Series = "series",
    Sgt = "sgt",
    SgtDot = "sgt.",
    Sheriff = "sheriff",
    SheriffDot = "sheriff.",
    Show = "show",
    Shows = "shows",
    Simply = "simply",
    Single = "single",
    Singles = "singles",
    Sitcom = "sitcom",
    Sitcoms = "sitcoms",
    Song = "song",
    Songs = "songs",
    Starring = "starring",
    Stars = "stars",
    The = "the",
    Their = "their",
    Themselves = "themselves",
    Thriller = "thriller",
    To = "to",
    Track = "track",
    Tracks = "tracks",
    Truly = "truly",
    Tune = "tune",
    Uncle = "uncle",
    Vol = "vol.",
    Voiced = "voiced",
    Volume = "volume",
    Was = "was",
    Watch = "watch",
    Watched = "watched",
    Watching = "watching",
    Who = "who",
    With = "with",
}

/// How a word with a [`Word`] is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Case {
    /// No uppercase letter.
    Lower,
    /// An uppercase first letter and no other.
    Title,
    /// Anything else (and every token without a [`Word`]).
    #[default]
    Other,
}

/// The two 8-byte words of a short ASCII word lowercased and zero-padded, and where its
/// uppercase letters were.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShortKey {
    /// Bytes 0..8, lowercase, zero-padded.
    pub lo: u64,
    /// Bytes 8..16, lowercase, zero-padded.
    pub hi: u64,
    /// The high bit of each uppercase byte, over the 16 bytes (bytes 0..8 in the low word).
    upper: (u64, u64),
}

/// Masks keeping the first `n` bytes of a little-endian pair of words, for `n` in `0..=16`.
const fn masks() -> [(u64, u64); SHORT + 1] {
    let mut out = [(0u64, 0u64); SHORT + 1];
    let mut n = 0;
    while n <= SHORT {
        let lo = if n >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        };
        let hi = if n >= 16 {
            u64::MAX
        } else if n <= 8 {
            0
        } else {
            (1u64 << (8 * (n - 8))) - 1
        };
        out[n] = (lo, hi);
        n += 1;
    }
    out
}

static MASKS: [(u64, u64); SHORT + 1] = masks();

impl ShortKey {
    /// The key of `bytes[start..end]`, which must be ASCII and at most [`SHORT`] bytes long.
    #[inline]
    pub fn new(bytes: &[u8], start: usize, end: usize) -> ShortKey {
        let n = end - start;
        debug_assert!(n <= SHORT && bytes[start..end].is_ascii());
        match bytes.get(start..start + 16) {
            Some(b) => ShortKey::of_words(
                u64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8])),
                u64::from_le_bytes(b[8..].try_into().unwrap_or([0; 8])),
                n,
            ),
            None => {
                let mut buf = [0u8; 16];
                let n = n.min(SHORT);
                buf[..n].copy_from_slice(&bytes[start..start + n]);
                ShortKey::of_words(
                    u64::from_le_bytes(buf[..8].try_into().unwrap_or([0; 8])),
                    u64::from_le_bytes(buf[8..].try_into().unwrap_or([0; 8])),
                    n,
                )
            }
        }
    }

    /// The key of an `n`-byte ASCII word (`n` at most [`SHORT`]) whose first 16 bytes, as two
    /// little-endian words, are `lo` and `hi`; the bytes past the word are ignored.
    #[inline]
    pub fn of_words(lo: u64, hi: u64, n: usize) -> ShortKey {
        let (m_lo, m_hi) = MASKS[n.min(SHORT)];
        let (lo, hi) = (lo & m_lo, hi & m_hi);
        let (u_lo, u_hi) = (upper_bits(lo), upper_bits(hi));
        ShortKey {
            lo: lo | (u_lo >> 2),
            hi: hi | (u_hi >> 2),
            upper: (u_lo, u_hi),
        }
    }

    /// How the word is written.
    #[inline]
    pub fn case(&self) -> Case {
        match self.upper {
            (0, 0) => Case::Lower,
            (0x80, 0) => Case::Title,
            _ => Case::Other,
        }
    }

    /// The key of a table entry: `word`'s bytes as they are (at most [`SHORT`]).
    pub fn of_entry(word: &str) -> Option<ShortKey> {
        let b = word.as_bytes();
        if b.is_empty() || b.len() > SHORT {
            return None;
        }
        let mut buf = [0u8; 16];
        buf[..b.len()].copy_from_slice(b);
        Some(ShortKey {
            lo: u64::from_le_bytes(buf[..8].try_into().unwrap_or([0; 8])),
            hi: u64::from_le_bytes(buf[8..].try_into().unwrap_or([0; 8])),
            upper: (0, 0),
        })
    }

    /// [`ShortKey::of_words`] of a word of `n` bytes, `n` in `1..8`, whose first 8 bytes are
    /// the little-endian word `lo`: a key in one word (`hi` is 0).
    #[inline]
    pub fn of_low(lo: u64, n: usize) -> ShortKey {
        debug_assert!((1..8).contains(&n));
        let lo = lo & ((1u64 << (8 * (n & 7))) - 1);
        let u = upper_bits(lo);
        ShortKey {
            lo: lo | (u >> 2),
            hi: 0,
            upper: (u, 0),
        }
    }

    /// The lexicon key (`crate::hash::ascii_lower_key`) of the `len`-byte word this is the
    /// key of: the one term hash over its lowercase bytes, which the key holds.
    #[inline]
    pub fn term_key(&self, len: usize) -> u64 {
        let mut buf = [0u8; 16];
        buf[..8].copy_from_slice(&self.lo.to_le_bytes());
        buf[8..].copy_from_slice(&self.hi.to_le_bytes());
        crate::hash::term_key_bytes(&buf[..len.min(16)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_are_distinct_lowercase_and_short() {
        let mut seen = std::collections::HashSet::new();
        for &(w, s) in SPELLED {
            assert!(seen.insert(s), "{s} listed twice");
            assert!(s.len() <= SHORT && s.is_ascii(), "{s}");
            assert_eq!(s, s.to_ascii_lowercase(), "{w:?}");
        }
    }

    #[test]
    fn keys_lowercase_and_tell_the_case() {
        let key = |s: &str| ShortKey::new(s.as_bytes(), 0, s.len());
        for (s, case) in [
            ("the", Case::Lower),
            ("The", Case::Title),
            ("THE", Case::Other),
            ("tHe", Case::Other),
            ("Co-Starring", Case::Other),
            ("Co-starring", Case::Title),
            ("cinematographers", Case::Lower),
            ("Z9", Case::Title),
            ("@[`{", Case::Lower),
        ] {
            let k = key(s);
            assert_eq!(k.case(), case, "{s}");
            let lower = s.to_ascii_lowercase();
            assert_eq!((k.lo, k.hi), {
                let e = ShortKey::of_entry(&lower).unwrap();
                (e.lo, e.hi)
            });
        }
        // Near the end of the text and in the middle of a longer one, the same key.
        let text = "xx Detective. yy";
        let k = ShortKey::new(text.as_bytes(), 3, 12);
        assert_eq!(k, key("Detective"));
        let k = ShortKey::new(text.as_bytes(), 14, 16);
        assert_eq!(k, key("yy"));
        assert_eq!(key("yY").case(), Case::Other);
    }

    #[test]
    fn term_keys_are_the_lexicon_keys() {
        for w in [
            "",
            "a",
            "Paul",
            "PAUL",
            "O'Brien",
            "eightlet",
            "EightLetters",
            "sixteen-chars-ok",
            "Cinematographers",
            "x1",
            "The",
            "Sgt.",
        ] {
            let k = ShortKey::new(w.as_bytes(), 0, w.len());
            assert_eq!(
                Some(k.term_key(w.len())),
                crate::hash::ascii_lower_key(w.as_bytes()),
                "{w}"
            );
        }
    }
}
