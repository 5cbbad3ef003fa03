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

use super::hash::{pair_key, term_key, KeyMap};
use super::rules::{WordClass, WORD_CLASSES};

/// Everything the scorer knows about one word.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct WordInfo {
    /// Lexicon valence, -4..4 (0 when the word is not a sentiment word).
    pub valence: f32,
    /// Learned weight (log-odds scale), 0 when none.
    pub learned: f32,
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
    /// Booster or dampener increment carried by the pair ("kind of", "a bit").
    pub boost: f32,
}

/// The built lexicon. Built once per [`super::Scorer`].
#[derive(Clone, Debug)]
pub(crate) struct Lexicon {
    words: KeyMap<WordInfo>,
    pairs: KeyMap<PairInfo>,
    /// ASCII emoticons (":)", "<3", ":-(") by key.
    emoticons: KeyMap<f32>,
    /// Which bytes can start an emoticon.
    emoticon_start: [bool; 256],
    /// Longest emoticon, in bytes.
    emoticon_max: usize,
    /// Emoji by code point.
    emoji: KeyMap<f32>,
}

const VADER: &str = include_str!("../../data/sentiment/vader_lexicon.tsv");
const REVIEW: &str = include_str!("../../data/sentiment/review_lexicon.tsv");
const EMOJI: &str = include_str!("../../data/sentiment/emoji.tsv");
const LEARNED: &str = include_str!("../../data/sentiment/imdb_weights.tsv");

/// Pairs that boost or damp the next words, with their increments.
pub(crate) const PAIR_BOOSTS: &[(&str, &str, f32)] = &[
    ("kind", "of", -0.293),
    ("sort", "of", -0.293),
    ("a", "bit", -0.293),
    ("a", "little", -0.293),
    ("at", "all", 0.293),
    ("by", "far", 0.293),
];

/// Parses `term TAB number` lines, skipping blank lines and `#` comments.
pub(crate) fn parse_tsv(data: &str) -> impl Iterator<Item = (&str, f32)> {
    data.lines().filter_map(|line| {
        if line.starts_with('#') && !line.contains('\t') {
            return None;
        }
        let (term, value) = line.split_once('\t')?;
        let value: f32 = value.split('\t').next()?.trim().parse().ok()?;
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
        Lexicon::from_sources(&[VADER, REVIEW], EMOJI, LEARNED)
    }

    /// Builds a lexicon from valence files (later ones override earlier), an emoji file and a
    /// learned-weights file.
    pub fn from_sources(valence_files: &[&str], emoji_file: &str, learned_file: &str) -> Lexicon {
        let mut lex = Lexicon {
            words: KeyMap::default(),
            pairs: KeyMap::default(),
            emoticons: KeyMap::default(),
            emoticon_start: [false; 256],
            emoticon_max: 0,
            emoji: KeyMap::default(),
        };
        let mut seen: KeyMap<String> = KeyMap::default();
        let mut check = |term: &str, key: u64| {
            if let Some(prev) = seen.insert(key, term.to_string()) {
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
                    let key = pair_key(term_key(a), term_key(b));
                    check(term, key);
                    lex.pairs.entry(key).or_default().valence = valence;
                    lex.mark_pair_first(a);
                } else if is_emoticon(term) {
                    lex.add_emoticon(term, valence);
                } else {
                    let key = term_key(term);
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
        for (term, weight) in parse_tsv(learned_file) {
            if let Some((a, b)) = term.split_once(' ') {
                let key = pair_key(term_key(a), term_key(b));
                check(term, key);
                lex.pairs.entry(key).or_default().learned = weight;
                lex.mark_pair_first(a);
            } else {
                let key = term_key(term);
                check(term, key);
                lex.words.entry(key).or_default().learned = weight;
            }
        }
        for &(words, class) in WORD_CLASSES {
            for word in words {
                let key = term_key(word);
                check(word, key);
                lex.words.entry(key).or_default().class |= class as u32;
            }
        }
        for &(word, boost) in super::rules::BOOSTERS {
            let key = term_key(word);
            check(word, key);
            lex.words.entry(key).or_default().boost = boost;
        }
        for &(a, b, boost) in PAIR_BOOSTS {
            lex.pairs
                .entry(pair_key(term_key(a), term_key(b)))
                .or_default()
                .boost = boost;
            lex.mark_pair_first(a);
        }
        lex
    }

    fn mark_pair_first(&mut self, word: &str) {
        self.words.entry(term_key(word)).or_default().class |= WordClass::PairFirst as u32;
    }

    fn add_emoticon(&mut self, term: &str, valence: f32) {
        let lower = term.to_ascii_lowercase();
        self.emoticons.insert(term_key(term), valence);
        self.emoticons.entry(term_key(&lower)).or_insert(valence);
        self.emoticon_start[term.as_bytes()[0] as usize] = true;
        self.emoticon_max = self.emoticon_max.max(term.len());
    }

    /// The word with lowercase form `lower`, by key.
    #[inline]
    pub fn word(&self, key: u64) -> Option<&WordInfo> {
        self.words.get(&key)
    }

    /// The two-word term of two word keys.
    #[inline]
    pub fn pair(&self, first: u64, second: u64) -> Option<&PairInfo> {
        if self.pairs.is_empty() {
            return None;
        }
        self.pairs.get(&pair_key(first, second))
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
    pub fn emoticon_at(&self, text: &str, start: usize) -> Option<(usize, f32)> {
        let bytes = text.as_bytes();
        let first = bytes[start];
        if !self.emoticon_start[first as usize] {
            return None;
        }
        if start > 0 {
            let before = bytes[start - 1];
            let attached =
                matches!(first, b':' | b';' | b'=' | b'<') && before.is_ascii_alphanumeric();
            if !(before.is_ascii_whitespace() || attached) {
                return None;
            }
        }
        let max = self.emoticon_max.min(bytes.len() - start);
        for len in (2..=max).rev() {
            let end = start + len;
            if !text.is_char_boundary(end) {
                continue;
            }
            // "great:)" but not "http://".
            if bytes
                .get(end)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'/')
            {
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
