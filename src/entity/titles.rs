//! Titles the corpus knows whole: names of several words that the mined corpus saw mostly in
//! quotes or emphasis ("Where the Sidewalk Ends", "Charlie's Angels", "Star Trek: Voyager"),
//! joined where the capitalized-span layer ([`super::names`]) cut them at a lowercase word, a
//! possessive or a colon.
//!
//! The capitalized-span layer cannot join such titles by their shape alone: "of the", "'s" or
//! ":" join a title as often as they end a name ("Tom Hanks's Forrest Gump", "Cast: Tom
//! Hanks"). What decides here is evidence from many documents: a name the mining pass
//! ([`super::typer::PriorCounter`]) saw quoted or emphasized at least [`MIN_QUOTED`] times, and
//! in at least a third of its occurrences, is a title wherever a review writes it with a
//! capital, even unquoted. The match only replaces the pieces the span layer made of it; the
//! typer then decides its kind, as for any candidate.
//!
//! Invariants:
//! - a title is matched whole words only, case-insensitively (ASCII; a straight apostrophe
//!   matches a curly one), from a capitalized word the scanner listed ([`super::Starts::caps`]),
//!   on token boundaries, and replaces candidates only when every one it
//!   overlaps lies inside it, is untyped and is a plain capitalized span (no quotes, no
//!   gazetteer entry): it never cuts a candidate or overrides a surer layer;
//! - the titles come from the priors the extractor reads, so mining priors (which must not
//!   read priors) never uses them.

use super::gazetteer::whole_words;
use super::lexicon::FxHasher;
use super::names::Form;
use super::scan::Tok;
use super::typer::Priors;
use super::{Cand, NONE};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// How often, at least, the corpus saw a title in quotes or emphasis.
pub const MIN_QUOTED: u32 = 3;

/// The corpus's titles, by their first two words.
#[derive(Clone, Debug, Default)]
pub struct Titles {
    /// The hash of a title's first two words ([`first_word_key`]) to the titles they open, as
    /// lowercase bytes, longest first.
    by_first: HashMap<u64, Vec<Box<[u8]>>, BuildHasherDefault<FxHasher>>,
}

impl Titles {
    /// The titles of `priors`: their names of two words or more seen quoted or emphasized at
    /// least [`MIN_QUOTED`] times and in a third of their occurrences or more; `None` when
    /// there is none.
    pub fn of(priors: &Priors) -> Option<Titles> {
        let mut titles = Titles::default();
        for (name, entry) in priors.multiword_entries() {
            let quoted = entry.contexts[0] + entry.contexts[1];
            let seen = entry.counts[5].max(1);
            if quoted < MIN_QUOTED || quoted * 3 < seen {
                continue;
            }
            let lower = name.to_ascii_lowercase().into_bytes().into_boxed_slice();
            let key = first_word_key(&lower);
            if key != 0 {
                titles.by_first.entry(key).or_default().push(lower);
            }
        }
        if titles.by_first.is_empty() {
            return None;
        }
        for list in titles.by_first.values_mut() {
            list.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            list.dedup();
        }
        Some(titles)
    }

    /// Joins the titles of `text` that the capitalized-span layer cut into pieces: a title
    /// starting at one of the capitalized words `caps` (token indices, ascending) replaces the
    /// candidates inside it (see the module's invariants). `cands` are sorted by start and do
    /// not overlap, and stay so. Linear in the candidates and the capitalized words (a
    /// title's pieces are found by binary search, the list rebuilt once).
    pub fn join(&self, text: &str, toks: &[Tok], caps: &[u32], cands: &mut Vec<Cand>) {
        let bytes = text.as_bytes();
        // Each title found: the candidates it replaces (`lo..hi`) and its own.
        let mut joined: Vec<(usize, usize, Cand)> = Vec::new();
        let mut after = 0; // the first token a title may start at (titles do not overlap)
        for &first in caps {
            let first = first as usize;
            if first < after {
                continue;
            }
            let s = toks[first].start as usize;
            let Some(list) = self.by_first.get(&first_word_key(&bytes[s..])) else {
                continue;
            };
            let Some(e) = list
                .iter()
                .find_map(|title| matched(&bytes[s..], title).map(|n| s + n))
                .filter(|&e| whole_words(text, s, e))
            else {
                continue;
            };
            let mut last = first;
            while last + 1 < toks.len() && (toks[last + 1].start as usize) < e {
                last += 1;
            }
            if toks[last].core_end as usize != e {
                continue;
            }
            let lo = cands.partition_point(|c| (c.last as usize) < first);
            let hi = cands.partition_point(|c| (c.first as usize) <= last);
            let inside = &cands[lo..hi.max(lo)];
            let replaceable = |c: &Cand| {
                c.first as usize >= first
                    && c.last as usize <= last
                    && c.kind.is_none()
                    && c.fixed == NONE
                    && !c.blocked
                    && matches!(
                        c.form,
                        Form::Title | Form::NameLike | Form::Person | Form::Single
                    )
            };
            // Only where the span layer cut the title: something to replace, and not the
            // title itself already.
            let whole = inside
                .iter()
                .any(|c| c.first as usize == first && c.last as usize == last);
            if inside.is_empty() || whole || !inside.iter().all(replaceable) {
                continue;
            }
            joined.push((lo, hi, Cand::new(toks, first, last, Form::Title, false)));
            after = last + 1;
        }
        if joined.is_empty() {
            return;
        }
        let old = std::mem::take(cands);
        let mut old = old.into_iter().enumerate().peekable();
        for (lo, hi, title) in joined {
            while let Some((_, c)) = old.next_if(|(i, _)| *i < lo) {
                cands.push(c);
            }
            while old.next_if(|(i, _)| *i < hi).is_some() {}
            cands.push(title);
        }
        cands.extend(old.map(|(_, c)| c));
    }
}

/// The hash of the first two words opening `bytes` (runs of ASCII letters and digits,
/// lowercased, whatever stands between them), 0 when `bytes` does not open with a word: the
/// key a title and the text share where the title may start ("charlie's angels" and
/// "Charlie’s Angels" both give "charlie", "s").
fn first_word_key(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    let mut words = 0;
    let mut in_word = false;
    for &b in bytes.iter().take(64) {
        if b.is_ascii_alphanumeric() {
            if !in_word {
                if words == 2 {
                    break;
                }
                words += 1;
                in_word = true;
                h.write_u8(b' ');
            }
            h.write_u8(b.to_ascii_lowercase());
        } else {
            if words == 0 {
                return 0;
            }
            in_word = false;
        }
    }
    if words == 0 {
        0
    } else {
        h.finish() | 1
    }
}

/// The length in bytes of the text opening `text` that spells `title` (lowercase), ignoring
/// ASCII case, a straight apostrophe of the title matching a curly one too; `None` if it does
/// not.
fn matched(text: &[u8], title: &[u8]) -> Option<usize> {
    const CURLY: &[u8] = "\u{2019}".as_bytes();
    let mut i = 0;
    for &b in title {
        if b == b'\'' && text[i..].starts_with(CURLY) {
            i += CURLY.len();
        } else if text.get(i).is_some_and(|c| c.to_ascii_lowercase() == b) {
            i += 1;
        } else {
            return None;
        }
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::typer::{PriorCounter, PRIORS_HEADER};
    use crate::entity::EntityExtractor;
    use crate::tokenize::{Tokenizer, Tokens};

    fn priors(lines: &str) -> Priors {
        Priors::parse(&format!("{PRIORS_HEADER}\n{lines}")).unwrap()
    }

    /// The surfaces the rule layers find in `text` with `priors` (and their titles).
    fn surfaces(priors: Option<Priors>, text: &str) -> Vec<String> {
        let extractor = EntityExtractor::new().with_typer(None).with_priors(priors);
        let mut tokens = Tokens::new();
        Tokenizer::new().tokenize(text, &mut tokens);
        let mut out = Vec::new();
        extractor.extract(text, &tokens, &mut out);
        out.iter().map(|m| m.span.of(text).to_string()).collect()
    }

    const TEXT: &str =
        "Last night I watched The Man in the White Suit again, and Charlie\u{2019}s \
                        Angels after it.";

    #[test]
    fn a_title_the_corpus_quotes_is_joined_where_the_span_layer_cut_it() {
        let cut = surfaces(None, TEXT);
        assert!(
            !cut.iter().any(|s| s == "The Man in the White Suit"),
            "{cut:?}"
        );
        let known = priors(
            "charlie's angels\t2\t0\t0\t0\t0\t4\tq=4\n\
             the man in the white suit\t6\t0\t0\t0\t0\t14\tq=8 start=5\n",
        );
        let joined = surfaces(Some(known), TEXT);
        assert!(
            joined.iter().any(|s| s == "The Man in the White Suit"),
            "{joined:?}"
        );
        // Curly apostrophes in the text match the straight ones of the priors.
        assert!(
            joined.iter().any(|s| s == "Charlie\u{2019}s Angels"),
            "{joined:?}"
        );
        // Not in running lowercase prose.
        let prose = "the man in the white suit left early.";
        let found = surfaces(
            Some(priors("the man in the white suit\t0\t0\t0\t0\t0\t9\tq=9\n")),
            prose,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_title_needs_to_be_quoted_often_and_in_a_third_of_its_occurrences() {
        for line in [
            // Quoted twice only.
            "the man in the white suit\t0\t0\t0\t0\t0\t2\tq=2\n",
            // Quoted 4 times in 20.
            "the man in the white suit\t0\t0\t0\t0\t0\t20\tq=4\n",
        ] {
            let found = surfaces(Some(priors(line)), TEXT);
            assert!(
                !found.iter().any(|s| s == "The Man in the White Suit"),
                "{line}: {found:?}"
            );
            assert!(Titles::of(&priors(line)).is_none(), "{line}");
        }
        // Emphasis counts as quotes.
        let line = "the man in the white suit\t0\t0\t0\t0\t0\t9\te=3\n";
        assert!(surfaces(Some(priors(line)), TEXT)
            .iter()
            .any(|s| s == "The Man in the White Suit"));
    }

    #[test]
    fn mining_priors_never_reads_the_titles_of_the_priors_it_has() {
        let known = priors("the man in the white suit\t6\t0\t0\t0\t0\t14\tq=8\n");
        let extractor = EntityExtractor::new().with_priors(Some(known));
        let mut counter = PriorCounter::new();
        extractor.count_priors(TEXT, &mut counter);
        let mut written = Vec::new();
        counter.write(0, 0, "", &mut written).unwrap();
        let written = String::from_utf8(written).unwrap();
        assert!(
            !written.contains("the man in the white suit\t"),
            "{written}"
        );
        // The same text mined without priors counts the same names.
        let mut plain = PriorCounter::new();
        EntityExtractor::new()
            .with_priors(None)
            .count_priors(TEXT, &mut plain);
        let mut again = Vec::new();
        plain.write(0, 0, "", &mut again).unwrap();
        assert_eq!(written, String::from_utf8(again).unwrap());
    }
}
