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
//! - the table is read once, from the binary; no state is kept between documents.

use super::resolve::canonical_cow;
use super::typer::name_key;
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

/// The first line of a known-names file.
pub const HEADER: &str = "# reviewlens: known names";

/// Known names: per name's hash, its class bits.
#[derive(Clone, Debug, Default)]
pub struct Known {
    names: HashMap<u64, u8, BuildHasherDefault<super::lexicon::FxHasher>>,
}

impl Known {
    /// The list shipped with reviewlens, parsed once.
    pub fn builtin() -> &'static Known {
        static KNOWN: OnceLock<Known> = OnceLock::new();
        KNOWN.get_or_init(|| {
            Known::parse(include_str!("../../data/entity/known_names.tsv")).unwrap_or_default()
        })
    }

    /// Parses a known-names file (`name<TAB>class,class...` lines after the header); an error
    /// gives the line (from 1) and what is wrong.
    pub fn parse(text: &str) -> Result<Known, (usize, String)> {
        let mut known = Known::default();
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
            *known.names.entry(name_key(name)).or_default() |= bits;
        }
        Ok(known)
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
