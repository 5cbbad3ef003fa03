//! The valence lexicon: words, two-word terms, emoticons and emoji, with their valences, learned
//! weights and rule classes, all behind one allocation-free lookup per token.
//!
//! Sources, embedded at build time (see the header of each file for its licence and origin):
//! - `data/sentiment/vader_lexicon.tsv`: VADER's lexicon (Hutto & Gilbert, 2014; MIT);
//! - `data/sentiment/review_lexicon.tsv`: reviewlens' review-domain words, overriding VADER;
//! - `data/sentiment/emoji.tsv`: emoji and extra emoticons;
//! - `data/sentiment/imdb_weights.tsv`: unigram and bigram weights learned from the Large Movie
//!   Review Dataset (Maas et al., 2011) by [`crate::sentiment::learn`].
//!
//! Invariants: every key is lowercase with straight apostrophes (as [`Tokens::lower`] gives);
//! valences are on VADER's -4..4 scale; no two distinct terms share a key (checked when built).
//!
//! [`Tokens::lower`]: crate::tokenize::Tokens::lower

use super::learn::{LearnOptions, Method};
use super::rules::{RuleKeys, WordClass, WORD_CLASSES};
use crate::error::{Error, Result};
use crate::hash::{pair_key, term_key, word_key, KeyFilter, KeyMap};
use std::path::Path;

/// Everything the scorer knows about one word.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct WordInfo {
    /// Lexicon valence, -4..4 (0 when the word is not a sentiment word).
    pub valence: f32,
    /// Learned weight (log-odds scale), 0 when none.
    pub learned: f32,
    /// Learned weight of the layers that count in long reviews only
    /// ([`LearnedLayer::long_reviews`]).
    pub learned_long: f32,
    /// Booster (> 0) or dampener (< 0) increment for the next words.
    pub boost: f32,
    /// Rule classes (bit set of [`WordClass`]).
    pub class: u32,
}

impl WordInfo {
    #[inline]
    pub fn is(&self, class: WordClass) -> bool {
        self.class & class as u32 != 0
    }
}

/// What the scorer knows about a two-word term.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct PairInfo {
    /// Valence of the term as a whole ("fed up", "can't stand").
    pub valence: f32,
    /// Learned weight of the bigram.
    pub learned: f32,
    /// Learned weight of the bigram in the layers for long reviews only.
    pub learned_long: f32,
    /// Booster or dampener increment carried by the pair ("kind of", "a bit").
    pub boost: f32,
}

/// The built lexicon. Built once per [`super::Scorer`].
#[derive(Clone, Debug)]
pub(crate) struct Lexicon {
    words: KeyMap<WordInfo>,
    pairs: KeyMap<PairInfo>,
    /// The pairs' keys (2^17 bits, 16 KiB): most word pairs are not terms and skip the map.
    pair_filter: KeyFilter,
    /// ASCII emoticons (":)", "<3", ":-(") by key.
    emoticons: KeyMap<f32>,
    /// Which bytes can start an emoticon.
    emoticon_start: [bool; 256],
    /// Longest emoticon, in bytes.
    emoticon_max: usize,
    /// By first byte, the lengths of the emoticons (as written or lowercased) starting with it:
    /// bit `n` for `n` bytes (all bits for an emoticon of 64 bytes or more).
    emoticon_lens: [u64; 256],
    /// Emoji by code point.
    emoji: KeyMap<f32>,
    /// Phrases by the key of their first word, longest first.
    phrases: KeyMap<Vec<Phrase>>,
    /// Keys of the words some rules test for by their spelling.
    pub keys: RuleKeys,
}

/// A phrase of two or more words with a valence of its own ("off the ground", "tears of joy",
/// "nothing to do"), found by its first word.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Phrase {
    /// Keys of the words after the first.
    pub rest: Box<[u64]>,
    /// Valence of the phrase as a whole; its words' own valences do not count.
    pub valence: f32,
}

/// Log2 of the bits of the pairs' filter.
const PAIR_FILTER_BITS: u32 = 17;

const VADER: &str = include_str!("../../data/sentiment/vader_lexicon.tsv");
const REVIEW: &str = include_str!("../../data/sentiment/review_lexicon.tsv");
const EMOJI: &str = include_str!("../../data/sentiment/emoji.tsv");
const PHRASES: &str = include_str!("../../data/sentiment/phrases.tsv");
const LEARNED: &str = include_str!("../../data/sentiment/imdb_weights.tsv");
const CRITIC_LEARNED: &str = include_str!("../../data/sentiment/critic_weights.tsv");

/// A built-in layer of learned weights: the file it was learned from, its weights, and how much
/// they count. A term's learned weight is the sum over the layers of `scale × weight`.
#[derive(Clone, Copy, Debug)]
pub struct LearnedLayer {
    /// The name of the labeled file the weights were learned from (`reviewlens eval sentiment
    /// --folds` replaces the layer learned from the file it cross-validates on).
    pub source: &'static str,
    /// The weights file's text (`term TAB weight` lines).
    pub data: &'static str,
    /// How much the layer's weights count.
    pub scale: f32,
    /// The layer counts fully in reviews of [`super::LONG_REVIEW_WORDS`] words or more, and
    /// less in shorter ones (see [`super::long_review_share`]): weights fit to full-length
    /// reviews, each word's evidence diluted over hundreds, are not trusted on a sentence.
    pub long_reviews: bool,
    /// How the weights were learned (`reviewlens lexicon learn` with these options reproduces
    /// the file; `eval sentiment --folds` cross-validates the layer with them).
    pub learned_with: LearnOptions,
}

/// The built-in layers: IMDB users' reviews (four fifths of imdb_train.csv) and critics' film
/// reviews (critic_polarity_dev.csv). They agree on the common words ("flawless", "waste",
/// "tedious" weigh alike in both); the critics' layer adds terms of critics' prose that IMDB's
/// lacks ("portrayed", "philosophy") and its own weights for the ones they share.
pub const LEARNED_LAYERS: &[LearnedLayer] = &[
    LearnedLayer {
        source: "imdb_train.csv",
        data: LEARNED,
        scale: 1.0,
        long_reviews: false,
        learned_with: LearnOptions::DEFAULT,
    },
    LearnedLayer {
        source: "critic_polarity_dev.csv",
        data: CRITIC_LEARNED,
        scale: CRITIC_SCALE,
        long_reviews: true,
        // A logistic fit to what the rules and IMDB's layer leave unexplained: 5-fold
        // cross-validated 0.884 on critic_polarity_dev.csv, against 0.856 for naive Bayes.
        learned_with: LearnOptions {
            min_docs: 3,
            method: Method::Logistic,
            l2: 3e-5,
            ..LearnOptions::DEFAULT
        },
    },
];

/// A learned weight of a user's lexicon file at least this strong (a term about e times as
/// frequent in one class's reviews as in the other's) gives a word without a valence one.
pub const LEARNED_VALENCE_MIN: f32 = 1.0;
/// Valence per unit of learned weight for such a word.
pub const LEARNED_VALENCE_SCALE: f32 = 1.0;

/// Weight of the critics' layer beside IMDB's.
pub const CRITIC_SCALE: f32 = 0.5;

/// Pairs that boost or damp the next words, with their increments.
pub(crate) const PAIR_BOOSTS: &[(&str, &str, f32)] = &[
    ("kind", "of", -0.293),
    ("sort", "of", -0.293),
    ("a", "bit", -0.293),
    ("a", "little", -0.293),
    ("at", "all", 0.293),
    ("by", "far", 0.293),
];

/// What the numbers of a user's lexicon file are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LexiconKind {
    /// Valences on VADER's -4..4 scale, replacing the built-in valence of each term.
    Valences,
    /// Learned weights (log-count ratios, as `reviewlens lexicon learn` writes), replacing the
    /// built-in learned weight of each term.
    Learned,
}

/// The header line that marks a file of learned weights.
pub const LEARNED_MARKER: &str = "# reviewlens: learned weights";

/// A user's lexicon file, parsed and checked: `term TAB number` lines, `#` comments and blank
/// lines ignored. A term is one word or two words separated by one space (or an emoticon);
/// keys are lowercased with straight apostrophes, as the scorer looks them up. A file whose
/// lines include [`LEARNED_MARKER`] holds learned weights; any other holds valences (-4..4).
#[derive(Clone, Debug, PartialEq)]
pub struct UserLexicon {
    /// What the numbers are.
    pub kind: LexiconKind,
    /// The terms and their numbers, in file order (a later line wins).
    pub terms: Vec<(String, f32)>,
}

impl UserLexicon {
    /// Parses a lexicon file's text; errors name `path` and the line.
    pub fn parse(data: &str, path: &Path) -> Result<UserLexicon> {
        let bad = |line: usize, message: String| Error::Data {
            path: path.to_path_buf(),
            line,
            message,
        };
        let kind = if data.lines().any(|l| l.trim_end() == LEARNED_MARKER) {
            LexiconKind::Learned
        } else {
            LexiconKind::Valences
        };
        let mut terms = Vec::new();
        for (n, line) in data.lines().enumerate() {
            let line_no = n + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let Some((term, value)) = line.split_once('\t') else {
                return Err(bad(line_no, "expected term<TAB>number".into()));
            };
            let term = term.trim();
            let value = value.split('\t').next().unwrap_or("").trim();
            if term.is_empty() {
                return Err(bad(line_no, "empty term".into()));
            }
            if term.split(' ').count() > 2 || term.contains("  ") {
                return Err(bad(
                    line_no,
                    format!("{term:?}: a term is one word or two words separated by a space"),
                ));
            }
            let number: f32 = value
                .parse()
                .ok()
                .filter(|v: &f32| v.is_finite())
                .ok_or_else(|| bad(line_no, format!("{value:?} is not a number")))?;
            if kind == LexiconKind::Valences && !(-4.0..=4.0).contains(&number) {
                return Err(bad(
                    line_no,
                    format!("valence {number} is outside VADER's scale -4..4"),
                ));
            }
            // Emoticons keep their case (":-D" is not ":-d"); words are looked up lowercase.
            let key = if is_emoticon(term) {
                term.to_string()
            } else {
                term.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'")
            };
            terms.push((key, number));
        }
        Ok(UserLexicon { kind, terms })
    }

    /// Reads and parses a lexicon file.
    pub fn from_path(path: &Path) -> Result<UserLexicon> {
        let data = crate::error::read_text(path)?;
        UserLexicon::parse(&data, path)
    }
}

/// Parses `term TAB number` lines, skipping blank lines and `#` comments.
pub(crate) fn parse_tsv(data: &str) -> impl Iterator<Item = (&str, f32)> {
    // A line without a tab (a comment among them) has no number. Lines are short: their tabs
    // are found byte by byte ('\t' is ASCII, so they are char boundaries).
    let tab = |s: &str| s.bytes().position(|b| b == b'\t');
    crate::ascii::lines(data).filter_map(move |line| {
        let at = tab(line)?;
        let (term, rest) = (&line[..at], &line[at + 1..]);
        let value = tab(rest).map_or(rest, |end| &rest[..end]);
        let value = crate::ascii::parse_decimal(value.trim())?;
        (!term.is_empty() && value.is_finite()).then_some((term, value))
    })
}

/// True when `term` is an emoticon rather than a word: it holds a character that is neither
/// alphanumeric nor an apostrophe or hyphen.
fn is_emoticon(term: &str) -> bool {
    term.is_ascii()
        && term
            .chars()
            .any(|c| !(c.is_alphanumeric() || c == '\'' || c == '-'))
}

/// Whether an emoticon may start at byte `start` of `bytes` (whose byte there starts one):
/// after white space or at the start of the text, or, for one starting with `:`, `;`, `=` or
/// `<`, right after a word ("great:)", "love<3").
#[inline]
fn emoticon_may_start(bytes: &[u8], start: usize) -> bool {
    let Some(&before) = start.checked_sub(1).and_then(|i| bytes.get(i)) else {
        return true;
    };
    let attached =
        matches!(bytes[start], b':' | b';' | b'=' | b'<') && before.is_ascii_alphanumeric();
    before.is_ascii_whitespace() || attached
}

/// Whether an emoticon may end at byte `end` of `bytes`: not before a letter, a digit or a `/`
/// ("great:)" but not "http://").
#[inline]
fn emoticon_may_end(bytes: &[u8], end: usize) -> bool {
    !bytes
        .get(end)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'/')
}

/// Strips variation selectors, zero-width joiners and skin-tone modifiers.
#[inline]
pub(crate) fn is_emoji_modifier(c: char) -> bool {
    matches!(
        c,
        '\u{FE0E}' | '\u{FE0F}' | '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}'
    )
}

#[inline]
fn char_key(c: char) -> u64 {
    let mut buf = [0u8; 4];
    term_key(c.encode_utf8(&mut buf))
}

impl Lexicon {
    /// Builds the lexicon from the embedded data files.
    pub fn builtin() -> Lexicon {
        Lexicon::builtin_without(None)
    }

    /// The built-in lexicon, leaving out the learned layer learned from `source`, if given.
    fn builtin_without(source: Option<&str>) -> Lexicon {
        let layers: Vec<(&str, f32, bool)> = LEARNED_LAYERS
            .iter()
            .filter(|l| Some(l.source) != source)
            .map(|l| (l.data, l.scale, l.long_reviews))
            .collect();
        let mut lex = Lexicon::from_sources(&[VADER, REVIEW], EMOJI, &layers);
        lex.add_phrases(PHRASES);
        lex
    }

    /// Adds the phrases of a `phrase TAB valence` file (words separated by single spaces; a
    /// line of one word is skipped: single words belong in the valence files).
    fn add_phrases(&mut self, data: &str) {
        for (phrase, valence) in parse_tsv(data) {
            let mut words = phrase.split(' ');
            let Some(first) = words.next() else { continue };
            let rest: Box<[u64]> = words.map(|w| word_key(w.as_bytes())).collect();
            if rest.is_empty() {
                continue;
            }
            let key = word_key(first.as_bytes());
            self.words.entry(key).or_default().class |= WordClass::PhraseFirst as u32;
            let list = self.phrases.entry(key).or_default();
            list.push(Phrase { rest, valence });
            // Longest first, then in file order: the longest phrase that matches wins.
            list.sort_by_key(|p| std::cmp::Reverse(p.rest.len()));
        }
    }

    /// The phrases starting with the word of key `first`, longest first.
    #[inline]
    pub fn phrases(&self, first: u64) -> &[Phrase] {
        self.phrases.get(&first).map_or(&[], Vec::as_slice)
    }

    /// The built-in lexicon with the learned layer whose source is `source` replaced by
    /// `weights` (at that layer's scale); false, and the built-in lexicon, when no layer was
    /// learned from `source`.
    pub fn builtin_replacing(source: &str, weights: &[(String, f32)]) -> (Lexicon, bool) {
        let Some(replaced) = LEARNED_LAYERS.iter().find(|l| l.source == source) else {
            return (Lexicon::builtin(), false);
        };
        let mut lex = Lexicon::builtin_without(Some(source));
        lex.add_learned(weights, replaced.scale, replaced.long_reviews);
        (lex, true)
    }

    /// Adds `scale × weight` to the learned weight of each term (to its weight for long
    /// reviews only, when `long`).
    fn add_learned(&mut self, weights: &[(String, f32)], scale: f32, long: bool) {
        for (term, weight) in weights {
            self.add_learned_term(term, scale * weight, long);
        }
        self.index_pairs();
    }

    /// Adds `weight` to the learned weight of `term` (a word, or two separated by a space), to
    /// its weight for long reviews only when `long`; returns the term's key.
    fn add_learned_term(&mut self, term: &str, weight: f32, long: bool) -> u64 {
        let (key, learned, learned_long) = if let Some((a, b)) = term.split_once(' ') {
            let key = pair_key(word_key(a.as_bytes()), word_key(b.as_bytes()));
            self.mark_pair_first(a);
            let entry = self.pairs.entry(key).or_default();
            (key, &mut entry.learned, &mut entry.learned_long)
        } else {
            let key = word_key(term.as_bytes());
            let entry = self.words.entry(key).or_default();
            (key, &mut entry.learned, &mut entry.learned_long)
        };
        *if long { learned_long } else { learned } += weight;
        key
    }

    /// Builds a lexicon from valence files (later ones override earlier), an emoji file and
    /// layers of learned weights with their scales and whether they are for long reviews only
    /// (a term's learned weight is the sum of `scale × weight` over the layers of each kind).
    pub fn from_sources<'a>(
        valence_files: &[&'a str],
        emoji_file: &str,
        learned_layers: &[(&'a str, f32, bool)],
    ) -> Lexicon {
        let mut lex = Lexicon {
            words: KeyMap::default(),
            pairs: KeyMap::default(),
            pair_filter: KeyFilter::new(PAIR_FILTER_BITS),
            emoticons: KeyMap::default(),
            emoticon_start: [false; 256],
            emoticon_max: 0,
            emoticon_lens: [0; 256],
            emoji: KeyMap::default(),
            phrases: KeyMap::default(),
            keys: RuleKeys::new(),
        };
        // Every term's spelling by key, to check that no two terms share a key.
        let mut seen: KeyMap<&str> = KeyMap::default();
        seen.reserve(1 << 15);
        let mut check = |term: &'a str, key: u64| {
            if let Some(prev) = seen.insert(key, term) {
                assert_eq!(prev, term, "lexicon key collision");
            }
        };
        for file in valence_files {
            for (term, valence) in parse_tsv(file) {
                if term.bytes().all(|b| b.is_ascii_digit()) {
                    continue; // "143", "182": numbers in reviews are years and scores
                }
                if let Some((a, b)) = term.split_once(' ') {
                    if b.contains(' ') {
                        continue;
                    }
                    let key = pair_key(word_key(a.as_bytes()), word_key(b.as_bytes()));
                    check(term, key);
                    lex.pairs.entry(key).or_default().valence = valence;
                    lex.mark_pair_first(a);
                } else if is_emoticon(term) {
                    lex.add_emoticon(term, valence);
                } else {
                    let key = word_key(term.as_bytes());
                    check(term, key);
                    lex.words.entry(key).or_default().valence = valence;
                }
            }
        }
        for (term, valence) in parse_tsv(emoji_file) {
            if term.is_ascii() {
                lex.add_emoticon(term, valence);
            } else {
                for c in term.chars().filter(|&c| !is_emoji_modifier(c)) {
                    lex.emoji.insert(char_key(c), valence);
                }
            }
        }
        for &(learned_file, scale, long) in learned_layers {
            for (term, weight) in parse_tsv(learned_file) {
                let key = lex.add_learned_term(term, scale * weight, long);
                check(term, key);
            }
        }
        for &(words, class) in WORD_CLASSES {
            for word in words {
                let key = word_key(word.as_bytes());
                check(word, key);
                lex.words.entry(key).or_default().class |= class as u32;
            }
        }
        for &(word, boost) in super::rules::BOOSTERS {
            let key = word_key(word.as_bytes());
            check(word, key);
            lex.words.entry(key).or_default().boost = boost;
        }
        for &(a, b, boost) in PAIR_BOOSTS {
            lex.pairs
                .entry(pair_key(word_key(a.as_bytes()), word_key(b.as_bytes())))
                .or_default()
                .boost = boost;
            lex.mark_pair_first(a);
        }
        lex.index_pairs();
        lex
    }

    /// Adds a user's lexicon file: its terms override or extend the built-in ones.
    pub fn apply(&mut self, user: &UserLexicon) {
        for (term, value) in &user.terms {
            if let Some((a, b)) = term.split_once(' ') {
                let entry = self
                    .pairs
                    .entry(pair_key(word_key(a.as_bytes()), word_key(b.as_bytes())))
                    .or_default();
                match user.kind {
                    LexiconKind::Valences => entry.valence = *value,
                    LexiconKind::Learned => {
                        entry.learned = *value;
                        entry.learned_long = 0.0;
                    }
                }
                self.mark_pair_first(a);
            } else if user.kind == LexiconKind::Valences && is_emoticon(term) {
                self.add_emoticon(term, *value);
            } else {
                let entry = self.words.entry(word_key(term.as_bytes())).or_default();
                match user.kind {
                    LexiconKind::Valences => entry.valence = *value,
                    LexiconKind::Learned => {
                        entry.learned = *value;
                        entry.learned_long = 0.0;
                        // The user's own domain word counts in sentences and mentions too, not
                        // only in the review's learned evidence: "hypnotic" learned +1.6 makes
                        // "The finale was hypnotic." positive. Words the valence lexicon or
                        // the rules own keep their meaning.
                        let owned = entry.class & super::rules::RULE_OWNED != 0;
                        if entry.valence == 0.0 && !owned && value.abs() >= LEARNED_VALENCE_MIN {
                            entry.valence = (value * LEARNED_VALENCE_SCALE).clamp(-4.0, 4.0);
                        }
                    }
                }
            }
        }
        self.index_pairs();
    }

    /// Rebuilds the pairs' filter from the pairs' keys.
    fn index_pairs(&mut self) {
        self.pair_filter = KeyFilter::of(PAIR_FILTER_BITS, self.pairs.keys());
    }

    fn mark_pair_first(&mut self, word: &str) {
        self.words
            .entry(word_key(word.as_bytes()))
            .or_default()
            .class |= WordClass::PairFirst as u32;
    }

    fn add_emoticon(&mut self, term: &str, valence: f32) {
        let lower = term.to_ascii_lowercase();
        self.emoticons.insert(term_key(term), valence);
        self.emoticons.entry(term_key(&lower)).or_insert(valence);
        self.emoticon_start[term.as_bytes()[0] as usize] = true;
        self.emoticon_max = self.emoticon_max.max(term.len());
        let len_bit = 1u64.checked_shl(term.len() as u32).unwrap_or(u64::MAX);
        for spelling in [term, lower.as_str()] {
            self.emoticon_lens[spelling.as_bytes()[0] as usize] |= len_bit;
        }
    }

    /// The word with lowercase form `lower`, by key.
    #[inline]
    pub fn word(&self, key: u64) -> Option<&WordInfo> {
        self.words.get(&key)
    }

    /// The two-word term of two word keys.
    #[inline]
    pub fn pair(&self, first: u64, second: u64) -> Option<&PairInfo> {
        let key = pair_key(first, second);
        if !self.pair_filter.may_hold(key) {
            return None;
        }
        self.pairs.get(&key)
    }

    /// The valence of the emoji `c`, if it has one.
    #[inline]
    pub fn emoji(&self, c: char) -> Option<f32> {
        self.emoji.get(&char_key(c)).copied()
    }

    /// The longest emoticon starting at byte `start` of `text` and standing alone: its length
    /// in bytes and valence. Standing alone means no letter or digit right after it, and white
    /// space (or the start of the text) right before it, except for emoticons starting with
    /// `:`, `;`, `=` or `<`, which may follow a word ("great:)", "love<3").
    #[inline]
    pub fn emoticon_at(&self, text: &str, start: usize) -> Option<(usize, f32)> {
        // Most punctuation ("." and "," above all) starts no emoticon: no call for it.
        let first = *text.as_bytes().get(start)?;
        if !self.emoticon_start[first as usize] {
            return None;
        }
        self.emoticon_from(text, start, first)
    }

    /// [`Lexicon::emoticon_at`] of a `start` whose byte, `first`, starts some emoticon.
    #[inline(never)]
    fn emoticon_from(&self, text: &str, start: usize, first: u8) -> Option<(usize, f32)> {
        let bytes = text.as_bytes();
        if !emoticon_may_start(bytes, start) {
            return None;
        }
        let max = self.emoticon_max.min(bytes.len() - start);
        // Only the lengths of emoticons starting with this byte can match.
        let lens = self.emoticon_lens[first as usize];
        for len in (2..=max).rev() {
            if len < 64 && lens & (1 << len) == 0 {
                continue;
            }
            let end = start + len;
            if !text.is_char_boundary(end) {
                continue;
            }
            if !emoticon_may_end(bytes, end) {
                continue;
            }
            if let Some(&v) = self.emoticons.get(&term_key(&text[start..end])) {
                return Some((len, v));
            }
        }
        None
    }

    /// Number of words, two-word terms, emoticons and emoji known.
    pub fn len(&self) -> usize {
        self.words.len() + self.pairs.len() + self.emoticons.len() + self.emoji.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A term's learned weight, all layers together.
    fn learned(lex: &Lexicon, term: &str) -> f32 {
        lex.word(word_key(term.as_bytes()))
            .map_or(0.0, |w| w.learned + w.learned_long)
    }

    #[test]
    fn a_terms_learned_weight_sums_the_layers_at_their_scales() {
        let lex = Lexicon::from_sources(
            &[],
            "",
            &[
                ("a\t1.0\nb\t-2\n", 1.0, false),
                ("a\t0.5\n", 2.0, false),
                ("a\t0.25\nb\t1\n", 2.0, true),
            ],
        );
        let word = |t: &str| *lex.word(word_key(t.as_bytes())).unwrap();
        assert_eq!((word("a").learned, word("a").learned_long), (2.0, 0.5));
        assert_eq!((word("b").learned, word("b").learned_long), (-2.0, 2.0));
    }

    #[test]
    fn cross_validation_replaces_the_layer_learned_from_the_same_file() {
        let builtin = Lexicon::builtin();
        // A term of the critics' layer only (not in IMDB's): learned from critic_polarity_dev.
        let imdb: Vec<&str> = parse_tsv(LEARNED).map(|(t, _)| t).collect();
        let (term, weight) = parse_tsv(CRITIC_LEARNED)
            .find(|(t, w)| !t.contains(' ') && !imdb.contains(t) && w.abs() > 0.5)
            .expect("a term of the critics' layer alone");
        assert_eq!(learned(&builtin, term), CRITIC_SCALE * weight);
        let info = builtin.word(word_key(term.as_bytes())).unwrap();
        assert_eq!(
            info.learned, 0.0,
            "the critics' layer counts in long reviews only"
        );
        let fold = vec![(term.to_string(), 2.0f32)];
        let (lex, replaced) = Lexicon::builtin_replacing("critic_polarity_dev.csv", &fold);
        assert!(replaced);
        assert_eq!(learned(&lex, term), CRITIC_SCALE * 2.0);
        let (lex, replaced) = Lexicon::builtin_replacing("critic_polarity_dev.csv", &[]);
        assert!(replaced);
        assert_eq!(
            learned(&lex, term),
            0.0,
            "nothing of the replaced layer is left"
        );
        let (lex, replaced) = Lexicon::builtin_replacing("my_reviews.csv", &fold);
        assert!(!replaced, "no built-in layer was learned from another file");
        assert_eq!(learned(&lex, term), learned(&builtin, term));
    }

    #[test]
    fn a_users_strong_learned_word_gets_a_valence_and_known_words_keep_theirs() {
        let mut lex = Lexicon::builtin();
        let valence =
            |lex: &Lexicon, t: &str| lex.word(word_key(t.as_bytes())).map_or(0.0, |w| w.valence);
        let good = valence(&lex, "good");
        let user = UserLexicon {
            kind: LexiconKind::Learned,
            terms: vec![
                ("hypnotic".into(), 1.64),
                ("sleazy".into(), -1.2),
                ("languid".into(), 0.4),
                ("good".into(), -3.0),
                ("not".into(), 2.0),
            ],
        };
        assert_eq!(valence(&lex, "hypnotic"), 0.0);
        lex.apply(&user);
        assert_eq!(valence(&lex, "hypnotic"), 1.64 * LEARNED_VALENCE_SCALE);
        assert_eq!(valence(&lex, "sleazy"), -1.2 * LEARNED_VALENCE_SCALE);
        assert_eq!(
            valence(&lex, "languid"),
            0.0,
            "too weak to be a sentiment word"
        );
        assert_eq!(
            valence(&lex, "good"),
            good,
            "a valence word keeps its valence"
        );
        assert_eq!(valence(&lex, "not"), 0.0, "the rules own negators");
        assert_eq!(learned(&lex, "good"), -3.0);
    }

    fn parse(data: &str) -> Result<UserLexicon> {
        UserLexicon::parse(data, Path::new("user.tsv"))
    }

    #[test]
    fn user_lexicons_parse_terms_and_kinds() {
        type Case<'a> = (&'a str, LexiconKind, &'a [(&'a str, f32)]);
        let cases: &[Case] = &[
            ("", LexiconKind::Valences, &[]),
            ("# only a comment\n\n", LexiconKind::Valences, &[]),
            (
                "Zorbly\t2.5\nfalls  flat\t-2\n",
                LexiconKind::Valences,
                &[("zorbly", 2.5)],
            ),
            (
                "Don\u{2019}t Miss\t1.5\r\n:-D\t2\n",
                LexiconKind::Valences,
                &[("don't miss", 1.5), (":-D", 2.0)],
            ),
            (
                "# reviewlens: learned weights\nquibbly\t7.25\nthe plot\t-0.5\textra\n",
                LexiconKind::Learned,
                &[("quibbly", 7.25), ("the plot", -0.5)],
            ),
        ];
        for &(data, kind, terms) in cases {
            match parse(data) {
                Ok(user) => {
                    assert_eq!(user.kind, kind, "{data:?}");
                    let want: Vec<(String, f32)> =
                        terms.iter().map(|&(t, v)| (t.to_string(), v)).collect();
                    assert_eq!(user.terms, want, "{data:?}");
                }
                // "falls  flat" (two spaces) is refused: checked below.
                Err(e) => assert!(data.contains("  "), "{data:?}: {e}"),
            }
        }
    }

    #[test]
    fn malformed_user_lexicon_lines_are_errors_with_their_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("ok\t1\nno tab\n", 2, "term<TAB>number"),
            ("ok\t1\n\t2\n", 2, "empty term"),
            ("ok\t1\n# c\njump the shark\t-1\n", 3, "two words"),
            ("a  b\t1\n", 1, "two words"),
            ("ok\tNaN\n", 1, "not a number"),
            ("ok\t1e9\n", 1, "outside"),
            ("ok\t\n", 1, "not a number"),
        ];
        for &(data, line, reason) in cases {
            match parse(data) {
                Err(Error::Data {
                    line: l, message, ..
                }) => {
                    assert_eq!(l, line, "{data:?}");
                    assert!(message.contains(reason), "{data:?}: {message}");
                }
                other => panic!("{data:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn user_terms_override_and_extend_the_builtin_lexicon() {
        let mut lex = Lexicon::builtin();
        let good = *lex.word(word_key(b"good")).unwrap();
        assert!(good.valence > 0.0);
        assert!(lex.pair(word_key(b"zorbly"), word_key(b"dull")).is_none());
        lex.apply(&parse("good\t-1\nzorbly\t2\nfalls flat\t-3.5\nzorbly dull\t-2\n").unwrap());
        assert_eq!(lex.word(word_key(b"good")).unwrap().valence, -1.0);
        assert_eq!(lex.word(word_key(b"good")).unwrap().learned, good.learned);
        assert_eq!(lex.word(word_key(b"zorbly")).unwrap().valence, 2.0);
        let pair = lex.pair(word_key(b"falls"), word_key(b"flat")).unwrap();
        assert_eq!(pair.valence, -3.5);
        let pair = lex.pair(word_key(b"zorbly"), word_key(b"dull")).unwrap();
        assert_eq!(pair.valence, -2.0);
        lex.apply(&parse("# reviewlens: learned weights\ngood\t0.25\n").unwrap());
        assert_eq!(lex.word(word_key(b"good")).unwrap().learned, 0.25);
        assert_eq!(lex.word(word_key(b"good")).unwrap().valence, -1.0);
    }

    /// [`parse_tsv`] as written with std's searches, line by line.
    fn parse_tsv_by_std(data: &str) -> Vec<(&str, f32)> {
        data.lines()
            .filter_map(|line| {
                if line.starts_with('#') && !line.contains('\t') {
                    return None;
                }
                let (term, value) = line.split_once('\t')?;
                let value: f32 = value.split('\t').next()?.trim().parse().ok()?;
                (!term.is_empty() && value.is_finite()).then_some((term, value))
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn tsv_lines_parse_as_with_std(data in "([ab# é]{0,3}(\t[ 0-9.eE-]{0,4}){0,2}(\r?\n)?){0,6}") {
            proptest::prop_assert_eq!(parse_tsv(&data).collect::<Vec<_>>(), parse_tsv_by_std(&data));
        }
    }

    #[test]
    fn builtin_tsv_files_parse_as_with_std() {
        for data in [VADER, REVIEW, EMOJI, LEARNED, CRITIC_LEARNED, PHRASES] {
            assert_eq!(parse_tsv(data).collect::<Vec<_>>(), parse_tsv_by_std(data));
        }
    }

    #[test]
    fn lowercased_emoticons_are_found_whatever_their_length() {
        // "XO:)" is also kept lowercased, "xo:)"; "x(" makes 'x' a first byte, but of a
        // shorter emoticon: "xo:)" must still be tried at its own length.
        let lex = Lexicon::from_sources(&["XO:)\t2\nx(\t-1\n"], "", &[]);
        assert_eq!(lex.emoticon_at("so xo:) indeed", 3), Some((4, 2.0)));
        assert_eq!(lex.emoticon_at("x( no", 0), Some((2, -1.0)));
        assert_eq!(lex.emoticon_at("XO:)", 0), Some((4, 2.0)));
    }

    #[test]
    fn emoticons_stand_alone_or_follow_a_word() {
        // (text, start of the would-be emoticon, end of it, may start, may end)
        let cases: &[(&str, usize, usize, bool, bool)] = &[
            (":)", 0, 2, true, true),
            ("so :) ok", 3, 5, true, true),
            ("great:)", 5, 7, true, true),
            ("love<3", 4, 6, true, true),
            ("wow=)", 3, 5, true, true),
            ("wink;)x", 4, 6, true, false),
            ("a(:", 1, 3, false, true),
            ("x.(:", 2, 4, false, true),
            ("\t(:\n", 1, 3, true, true),
            ("http://x", 4, 6, true, false),
            (":)5", 0, 2, true, false),
            (":)é", 0, 2, true, true),
        ];
        for &(text, start, end, may_start, may_end) in cases {
            let bytes = text.as_bytes();
            assert_eq!(
                emoticon_may_start(bytes, start),
                may_start,
                "{text:?} start {start}"
            );
            assert_eq!(emoticon_may_end(bytes, end), may_end, "{text:?} end {end}");
        }
    }

    /// [`Lexicon::emoticon_at`] without its table of lengths: every length from the longest
    /// down, as the definition reads.
    fn emoticon_at_every_length(lex: &Lexicon, text: &str, start: usize) -> Option<(usize, f32)> {
        let bytes = text.as_bytes();
        if !lex.emoticon_start[bytes[start] as usize] || !emoticon_may_start(bytes, start) {
            return None;
        }
        (2..=lex.emoticon_max.min(bytes.len() - start))
            .rev()
            .filter(|&len| text.is_char_boundary(start + len))
            .filter(|&len| emoticon_may_end(bytes, start + len))
            .find_map(|len| {
                let v = lex.emoticons.get(&term_key(&text[start..start + len]))?;
                Some((len, *v))
            })
    }

    proptest::proptest! {
        #[test]
        fn emoticon_lengths_table_changes_nothing(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                ":)", ":-)", ":D", ":d", "XD", "xD", "xd", "<3", ":(", ";)", ":P", "(:", "):",
                "(-:", "0:-3", "---'-;-{@", "..###-:", "%-)", "^_^", " ", " ", "\n", "a", "x",
                "D", "/", ".", "-", ":", "(", ")", "é",
            ]), 1..8),
        ) {
            let text = pieces.concat();
            static LEX: std::sync::LazyLock<Lexicon> = std::sync::LazyLock::new(Lexicon::builtin);
            for start in 0..text.len() {
                proptest::prop_assert_eq!(
                    LEX.emoticon_at(&text, start),
                    emoticon_at_every_length(&LEX, &text, start),
                    "{:?} at {}", text, start
                );
            }
        }
    }
}
