//! Known names: well-known people by what they do (actor, director, musician, anyone else, a
//! film's cast) and titles of films, TV series and charting songs, for the typer's `known`
//! features and the orientation of casting parentheses.
//!
//! The list (`data/entity/known_names.tsv`) comes from public data (Pantheon 1.0, CC0; the
//! American films Wikipedia lists, with their casts; streaming catalogues' TV series and
//! Wikipedia's list of TV programs; Billboard's charts: README's Credits;
//! `scripts/gen_known_names.py` rebuilds it). For the typer it only informs: the typer learns
//! from annotated reviews how far each class is to be trusted, so a singer's name that a review
//! gives a character ("Elvis") and a film called "Greed" are weighed, not forced.
//!
//! Invariants:
//! - a name is looked up as the typer keys names: canonical (quotes and apostrophes folded, white
//!   space collapsed) and lowercased; the list's names are written that way;
//! - a name with several classes ("actor,musician") has all their bits;
//! - the table is read once, from the binary; no state is kept between documents;
//! - [`Known::word_evidence`] reads the words of the list's names as evidence of what an unlisted
//!   name is (song titles say "you" and "love", film titles "the" and "of", people's names
//!   "john"), and never the name's own entry: a name's evidence is the same whether the list
//!   holds it or not, so the typer learns from it what it would make of a name never listed.

use super::resolve::canonical_cow;
use super::typer::{name_key, word_key};
use crate::ascii::{headed_lines, split_byte};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// The classes of a known name, as bits.
pub mod class {
    /// A performer on screen.
    pub const ACTOR: u8 = 1;
    /// A film director.
    pub const DIRECTOR: u8 = 2;
    /// A singer, musician or composer.
    pub const MUSICIAN: u8 = 4;
    /// Anyone else well known: writers, politicians, athletes, scientists...
    pub const PERSON: u8 = 8;
    /// The title of a film.
    pub const FILM: u8 = 16;
    /// A name in a film's cast (most are actors; some are singers, athletes or directors).
    pub const CAST: u8 = 32;
    /// The title of a TV series.
    pub const TV: u8 = 64;
    /// The title of a song that charted.
    pub const SONG: u8 = 128;
}

/// The classes in file order, with their names.
pub const CLASSES: [(u8, &str); 8] = [
    (class::ACTOR, "actor"),
    (class::DIRECTOR, "director"),
    (class::MUSICIAN, "musician"),
    (class::PERSON, "person"),
    (class::FILM, "film"),
    (class::CAST, "cast"),
    (class::TV, "tv"),
    (class::SONG, "song"),
];

/// The list shipped with reviewlens (`data/entity/known_names.tsv`).
pub(super) const BUILTIN_TEXT: &str = include_str!("../../data/entity/known_names.tsv");

/// The first line of a known-names file.
pub const HEADER: &str = "# reviewlens: known names";

/// The groups of names [`Known::word_evidence`] counts words in: song titles, film and TV
/// titles, people (any of the person classes).
const WORD_GROUPS: [u8; 3] = [
    class::SONG,
    class::FILM | class::TV,
    class::ACTOR | class::DIRECTOR | class::MUSICIAN | class::PERSON | class::CAST,
];

type FxMap<V> = HashMap<u64, V, BuildHasherDefault<super::lexicon::FxHasher>>;

/// Known names: per name's hash, its class bits; and per word, how many song titles, film or
/// TV titles and people's names hold it.
#[derive(Clone, Debug, Default)]
pub struct Known {
    names: FxMap<u8>,
    words: FxMap<[u16; 3]>,
    totals: [u32; 3],
    /// `ln(n + WORD_SMOOTHING)` for every count `n` up to the largest in `words`, so that
    /// typing takes no logarithm.
    ln_count: Vec<f32>,
    /// Per group, `ln(total + 2 WORD_SMOOTHING)` of its total, and of its total less one (a
    /// name's own entry left out).
    ln_total: [[f32; 2]; 3],
}

/// The bytes of a word in [`name_words`]: ASCII letters and digits, the apostrophe and every
/// non-ASCII byte.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'\'' || c >= 0x80;
        b += 1;
    }
    table
};

/// The most words of a name [`Known::word_evidence`] reads (longer names are rare: a title of
/// a sentence); the rest are left out.
const MAX_NAME_WORDS: usize = 16;

/// The words of a name as [`Known::word_evidence`] counts them: runs of letters, digits and
/// apostrophes (any non-ASCII byte counts as a letter), by their [`word_key`] (which ignores
/// ASCII case); each word once, the first [`MAX_NAME_WORDS`] of them. On the stack: typing
/// calls it once per candidate.
fn name_words(name: &str) -> ([u64; MAX_NAME_WORDS], usize) {
    let mut keys = [0u64; MAX_NAME_WORDS];
    let mut n = 0;
    let bytes = name.as_bytes();
    let is_word = |b: u8| WORD_BYTES[b as usize];
    let mut i = 0;
    while i < bytes.len() && n < MAX_NAME_WORDS {
        if !is_word(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        let h = word_key(&bytes[start..i]);
        if !keys[..n].contains(&h) {
            keys[n] = h;
            n += 1;
        }
    }
    (keys, n)
}

/// The smoothing added to a word's count in [`Known::word_evidence`].
const WORD_SMOOTHING: f64 = 0.5;

impl Known {
    /// The list shipped with reviewlens, parsed once.
    pub fn builtin() -> &'static Known {
        static KNOWN: OnceLock<Known> = OnceLock::new();
        KNOWN.get_or_init(|| Known::of_entries(builtin_entries()))
    }

    /// Parses a known-names file (`name<TAB>class,class...` lines after the header); an error
    /// gives the line (from 1) and what is wrong.
    pub fn parse(text: &str) -> Result<Known, (usize, String)> {
        Ok(Known::of_entries(&entries(text)?))
    }

    /// The known names of a file's `entries` ([`entries`]).
    fn of_entries(entries: &[(&str, u8)]) -> Known {
        let mut known = Known::default();
        for &(name, bits) in entries {
            *known.names.entry(name_key(name)).or_default() |= bits;
        }
        // The words of each name, by group; a title listed with and without its opening "The"
        // counts once, without it.
        let mut words_counted: FxMap<[u32; 3]> = FxMap::default();
        for &(name, bits) in entries {
            let mut bits = bits;
            if let Some(rest) = strip_the(name) {
                bits &= !known.classes(rest);
            }
            let (words, n) = name_words(name);
            let words = &words[..n];
            for (g, &group) in WORD_GROUPS.iter().enumerate() {
                if bits & group == 0 {
                    continue;
                }
                known.totals[g] += 1;
                for &w in words {
                    words_counted.entry(w).or_default()[g] += 1;
                }
            }
        }
        // In 16 bits a count: a smaller table, read once per candidate word.
        known.words = words_counted
            .into_iter()
            .map(|(w, n)| (w, n.map(|n| n.min(u16::MAX.into()) as u16)))
            .collect();
        let most = known
            .words
            .values()
            .flatten()
            .map(|&n| u32::from(n))
            .chain(known.totals)
            .max();
        known.ln_count = (0..=most.map_or(0, |n| n as usize + 1))
            .map(|n| (n as f64 + WORD_SMOOTHING).ln() as f32)
            .collect();
        known.ln_total = known.totals.map(|t| {
            [t, t.saturating_sub(1)].map(|t| (t as f64 + 2.0 * WORD_SMOOTHING).ln() as f32)
        });
        known
    }

    /// What the words of `surface`, whose classes are `classes` ([`Known::classes`]), say it
    /// is, as two log-likelihood ratios summed over its words (each once; a word no other
    /// listed name holds counts nothing): a song's title against a film's or TV series', and a
    /// person's name against a title. The name's own entry is left out of the counts and
    /// totals (as [`Known::parse`] counted it, without an opening "The" when listed both
    /// ways), so a listed name gets the evidence an unlisted one of the same words would.
    /// `None` when none of its words counts.
    pub fn word_evidence(&self, surface: &str, classes: u8) -> Option<[f32; 2]> {
        let own = match strip_the(surface) {
            Some(rest) if classes != 0 => match self.classes(rest) {
                0 => classes,
                rest => rest,
            },
            _ => classes,
        };
        let (words, n) = name_words(surface);
        let mut ratios = [0f32; 2];
        let mut seen = false;
        for w in &words[..n] {
            let Some(counts) = self.words.get(w) else {
                continue;
            };
            // The counts without the name's own entry; a word only it holds says nothing.
            let mut n = [0u32; 3];
            let mut ln_total = [0f32; 3];
            for (g, &group) in WORD_GROUPS.iter().enumerate() {
                let own = own & group != 0;
                n[g] = u32::from(counts[g]).saturating_sub(u32::from(own));
                ln_total[g] = self.ln_total[g][usize::from(own)];
            }
            if n == [0; 3] {
                continue;
            }
            seen = true;
            // ln((n + α) / (total + 2α)) per group.
            let p = |g: usize| self.ln_count[n[g] as usize] - ln_total[g];
            ratios[0] += p(0) - p(1);
            ratios[1] += p(2) - p(1);
        }
        seen.then_some(ratios)
    }

    /// [`Known::word_evidence`] of `surface`, its classes looked up.
    #[cfg(test)]
    fn word_evidence_of(&self, surface: &str) -> Option<[f32; 2]> {
        self.word_evidence(surface, self.classes(surface))
    }

    /// The classes of a name as a review writes it (any case), 0 when it is not known.
    pub fn classes(&self, surface: &str) -> u8 {
        self.classes_keyed(surface, name_key(surface))
    }

    /// [`Known::classes`] of `surface` whose [`name_key`] is `key` (computed once by the caller).
    pub(super) fn classes_keyed(&self, surface: &str, key: u64) -> u8 {
        // The key lowercases ASCII letters only; other letters ("É") are lowercased here.
        let key = if surface.is_ascii() {
            key
        } else {
            name_key(&canonical_cow(surface).to_lowercase())
        };
        self.names.get(&key).copied().unwrap_or(0)
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there is no name.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// The entries of the list shipped with reviewlens, read once: the known names and the listed
/// titles ([`super::titles::Listed`]) are both made from them.
pub(super) fn builtin_entries() -> &'static [(&'static str, u8)] {
    static ENTRIES: OnceLock<Vec<(&'static str, u8)>> = OnceLock::new();
    ENTRIES.get_or_init(|| entries(BUILTIN_TEXT).unwrap_or_default())
}

/// The entries of a known-names file (`name<TAB>class,class...` lines after the header), each
/// name with its class bits, in file order; an error gives the line (from 1) and what is wrong.
pub(super) fn entries(text: &str) -> Result<Vec<(&str, u8)>, (usize, String)> {
    let mut entries = Vec::new();
    for (i, line) in headed_lines(text, HEADER, "known names")? {
        let mut fields = split_byte(line, b'\t');
        let (Some(name), Some(classes), None) = (fields.next(), fields.next(), fields.next())
        else {
            return Err((i + 1, "name<TAB>classes expected".to_string()));
        };
        let mut bits = 0;
        for c in split_byte(classes, b',') {
            bits |= CLASSES
                .iter()
                .find(|(_, n)| *n == c)
                .map(|(b, _)| *b)
                .ok_or_else(|| (i + 1, format!("{c:?} is not a class")))?;
        }
        entries.push((name, bits));
    }
    Ok(entries)
}

/// `name` without an opening "The " (any case), when it opens so and more follows.
fn strip_the(name: &str) -> Option<&str> {
    let b = name.as_bytes();
    (b.len() > 4 && b[..4].eq_ignore_ascii_case(b"the ")).then(|| &name[4..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_list_parses_and_knows_names_in_any_case_and_spelling() {
        let known = Known::builtin();
        assert!(known.len() > 10_000, "{}", known.len());
        assert_eq!(known.classes("Gary Oldman"), class::ACTOR | class::CAST);
        assert_eq!(known.classes("GARY  OLDMAN"), class::ACTOR | class::CAST);
        assert_eq!(
            known.classes("Elvis Presley"),
            class::MUSICIAN | class::CAST
        );
        assert_eq!(known.classes("Béla Lugosi") & class::ACTOR, class::ACTOR);
        assert_eq!(known.classes("BÉLA LUGOSI") & class::ACTOR, class::ACTOR);
        assert_eq!(known.classes("Bela Lugosi") & class::ACTOR, class::ACTOR);
        assert_eq!(known.classes("Luchino Visconti"), class::DIRECTOR);
        assert_eq!(known.classes("Stephen King"), class::PERSON | class::CAST);
        assert_eq!(known.classes("Reviewlens"), 0);
    }

    #[test]
    fn the_builtin_list_knows_films_casts_tv_series_and_songs() {
        let known = Known::builtin();
        assert_eq!(known.classes("Halloween"), class::FILM);
        // A title opening with "The" is known with and without it.
        assert_eq!(known.classes("The Maltese Falcon"), class::FILM);
        assert_eq!(known.classes("Maltese Falcon"), class::FILM);
        assert_eq!(known.classes("Purple Rain"), class::FILM | class::SONG);
        assert_eq!(known.classes("Breaking Bad"), class::TV);
        assert_eq!(known.classes("Hey Jude"), class::SONG);
        assert_eq!(known.classes("Walter Brennan") & class::CAST, class::CAST);
        // Wikipedia's notes in parentheses are not part of a title.
        assert_eq!(known.classes("An Enemy to the King (film)"), 0);
        assert_eq!(known.classes("An Enemy to the King"), class::FILM);
    }

    #[test]
    fn word_evidence_reads_other_names_words_and_never_the_names_own_entry() {
        let list =
            |lines: &[&str]| Known::parse(&format!("{HEADER}\n{}\n", lines.join("\n"))).unwrap();
        let all = [
            "love me do\tsong",
            "she loves you\tsong",
            "i love you\tsong",
            "you and me\tsong",
            "the dark knight\tfilm",
            "dark knight\tfilm",
            "knight rider\ttv",
            "night of the living dead\tfilm",
            "dead of night\tfilm",
            "love actually\tfilm",
            "john smith\tactor,cast",
            "john wayne\tactor,cast",
        ];
        let known = list(&all);
        // A listed song gets the evidence it would get unlisted: its own entry is left out.
        let without = |name: &str| {
            let rest: Vec<&str> = all
                .iter()
                .copied()
                .filter(|l| !l.starts_with(name))
                .collect();
            list(&rest)
        };
        let song = known.word_evidence_of("Love Me Do").unwrap();
        assert_eq!(
            Some(song),
            without("love me do").word_evidence_of("Love Me Do")
        );
        assert!(song[0] > 0.0, "{song:?}");
        // "The Dark Knight", listed with and without "The", counts once, as "Dark Knight".
        assert_eq!(
            known.word_evidence_of("Knight of Love"),
            without("the dark knight").word_evidence_of("Knight of Love")
        );
        assert_eq!(
            known.word_evidence_of("Knight of Love"),
            without("dark knight").word_evidence_of("Knight of Love")
        );
        let neither: Vec<&str> = all
            .iter()
            .copied()
            .filter(|l| !l.contains("dark"))
            .collect();
        assert_ne!(
            known.word_evidence_of("Knight of Love"),
            list(&neither).word_evidence_of("Knight of Love")
        );
        let film = known.word_evidence_of("Knight of the Dead").unwrap();
        assert!(film[0] < 0.0 && film[1] < 0.0, "{film:?}");
        let person = known.word_evidence_of("JOHN Doe").unwrap();
        assert!(person[1] > 0.0, "{person:?}");
        assert_eq!(known.word_evidence_of("Zyx Qwerty"), None);
        // A word only the name itself holds says nothing: listed "John Smith" reads as
        // "John" would with it unlisted.
        assert_eq!(
            known.word_evidence_of("John Smith"),
            without("john smith").word_evidence_of("John Doe")
        );
        // The shipped lists: a song's words, a film's, a person's.
        let known = Known::builtin();
        assert!(known.word_evidence_of("Baby I Need Your Loving").unwrap()[0] > 2.0);
        assert!(known.word_evidence_of("The Return of the Killer").unwrap()[0] < -2.0);
        assert!(known.word_evidence_of("Margaret Thompson").unwrap()[1] > 2.0);
    }

    #[test]
    fn a_malformed_line_is_an_error_naming_it() {
        let text = format!("{HEADER}\nann smith\tactor\nbob jones\tjuggler\n");
        assert_eq!(Known::parse(&text).unwrap_err().0, 3);
        let text = format!("{HEADER}\nann smith\n");
        assert_eq!(Known::parse(&text).unwrap_err().0, 2);
        assert_eq!(Known::parse("ann\tactor\n").unwrap_err().0, 1);
        let text = format!("{HEADER}\n# a note\nann smith\tactor,musician\n");
        let known = Known::parse(&text).unwrap();
        assert_eq!(known.classes("Ann Smith"), class::ACTOR | class::MUSICIAN);
    }
}
