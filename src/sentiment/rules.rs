//! The sentence scorer: lexicon valences adjusted by VADER-style rules tuned for reviews.
//!
//! One left-to-right pass over a sentence's tokens, with a few words of state:
//! - **boosters and dampeners** ("very", "extremely", "slightly", "kind of") in the three words
//!   before a sentiment word add to (or take from) its magnitude, by 1, 0.95 and 0.9 of their
//!   increment as they get further away;
//! - **ALL CAPS** adds 0.733 to a sentiment word's magnitude when the sentence isn't all caps;
//! - **negation** ("not", "never", "no", "without", "n't", "hardly", "least" but not "at least",
//!   "less" but not "no less" or "more or less")
//!   opens a scope over the next three content words (articles, determiners and boosters don't
//!   count) that ends at any clause boundary; a positive word in it is multiplied by -0.74, a
//!   negative one by -0.5 ("not bad" is milder praise than "bad" is criticism). "not only",
//!   "not just", "no doubt", "no less" open no scope. "lack(s)" flips positive words only. A negator that
//!   has a valence of its own ("no", "lacks") adds it only when its scope flipped nothing;
//!   A sentence-opening negator before an auxiliary ("Never has a show been so good",
//!   "Rarely have I laughed so much") is an inversion: it negates nothing. "anything but"
//!   negates like "not" and is no contrast ("anything but boring"). A negated ability with
//!   "more" or "enough" ahead in its clause ("couldn't recommend it more", "can't praise it
//!   enough", "could not be more charming") is emphatic: it leaves what it scopes as it is;
//! - **counterfactual hedges** ("could/should/would/might have", "could've", "if only", "wish",
//!   "hoped", "supposed to", "wanted to") make the rest of the clause hypothetical: positive words × -0.5,
//!   negative words × -0.3 ("could have been worse"); negated counterfactuals ("couldn't have
//!   been better") keep the word's own sign; an **expectation** ("expected", "expecting",
//!   "anticipated", "braced", "assumed", "promised", but not after "than" or "as") hedges the
//!   same way up to the next "and" or "then" ("I went in expecting a disaster and came out
//!   charmed");
//! - **contrast**: "but", "however", "yet", "nevertheless", "nonetheless" halve everything before
//!   them in the sentence and weigh what follows × 1.5; a concessive clause ("although",
//!   "though", "despite", "whereas", "albeit", "while") weighs × 0.5 up to the next comma or
//!   semicolon;
//! - **reported opinion**: a clause opening (within its first three words) with an opinion
//!   holder other than the writer ("fans", "critics", "viewers", "audiences", "others", "the
//!   hype", "the trailer", "my friends") weighs × 0.3 ("Fans may adore it; I found it a
//!   slog");
//! - **synopsis lines**: a sentence opening with a credit or setting ("Created by", "Directed
//!   by", "Set in", "Based on", "Starring") weighs × 0.2: its words tell the story ("a
//!   disgraced chef"), not the verdict;
//! - **phrases** (`data/sentiment/phrases.tsv`): idioms of two or more words replace their
//!   words' valences with their own ("tears of joy", "chews the scenery", "nothing to do" but
//!   not "nothing to do with"; the longest match wins), under the open negation ("never gets
//!   off the ground");
//! - **emphasis**: each "!" (counted inside punctuation tokens, at most 4) adds 0.292 towards the
//!   sentence's sign; two or more "?" add 0.18 each (at most 0.96);
//! - **emoticons** (":)", ":-(", "<3", matched on the raw text so any tokenizer works) and
//!   **emoji** (variation selectors and skin tones ignored) carry their own valences;
//! - **names**: in a sentence not in title case, a Capitalized word next to another (not the
//!   sentence's first word) is part of a name or title and carries no valence ("Blake Lively",
//!   "Breaking Bad");
//! - **ratings**: "7/10", "4.5 out of 5" (scales 5, 10, 100) and letter grades after
//!   "grade", "rating" or "verdict" ("Rating: B-") are read as the critic's explicit verdict,
//!   55% of the scale being neutral; so are star glyphs ("★★★★☆" 4 of 5, "★★★½" 3.5 of 5 when
//!   no empty star gives the scale), stars in words given as a rating ("I give it two
//!   stars", "three and a half stars out of five"; three or more only with their scale) and
//!   thumbs ("two thumbs up"); the review takes its last one into account, unless an earlier
//!   one came under a label ("Overall: 3/5"), which only a later labelled one replaces;
//! - **"like"** is the verb only after a subject, an auxiliary or "to" ("I like", "didn't like",
//!   "easy to like"); elsewhere it is a preposition without valence ("sounds like", "much like");
//! - **compounds**: "binge-worthy" is looked up whole whether the tokenizer gives one token or
//!   three; an unknown hyphenated token takes its strongest part; "film's" falls back to "film";
//! - **comparisons** ("funnier than", "outshines", "can't hold a candle to", "is no Y", "the
//!   only reason to watch") are marked in their segment ([`Comparison`]) for the mentions'
//!   scores and change no sentence score, except that a counterfactual hedge ends at a
//!   comparison's "than" and an opening "nothing (nobody, no one) ... is more X than" negates
//!   nothing.
//!
//! The pass also cuts the sentence into segments at commas, other clause punctuation and
//! contrast words (each segment remembers its major clause: commas don't end a major clause),
//! so that a mention can take the sentiment of its own clause.

use super::lexicon::{is_emoji_modifier, Lexicon, WordInfo};
use crate::doc::Span;
use crate::hash::{short_word_at, short_word_key, word_key, KeyFilter};
use crate::tokenize::{Token, TokenKind, Tokens};

/// Rule classes of words (bits of [`WordInfo::class`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum WordClass {
    /// Opens a negation scope.
    Negator = 1,
    /// "but": halves what came before, weighs what follows more.
    Contrast = 1 << 1,
    /// "although": the clause it opens weighs less.
    Concessive = 1 << 2,
    /// Articles and determiners: don't use up a negation scope.
    Determiner = 1 << 3,
    /// "could", "should", "would", "might" (and their negations).
    Modal = 1 << 4,
    /// "have": after a modal, a counterfactual.
    Have = 1 << 5,
    /// "could've", "wish", "hoped": opens a counterfactual scope by itself.
    Counterfactual = 1 << 6,
    /// "only", "just", "doubt": right after a negator, cancel it ("not only").
    NegationCancel = 1 << 7,
    /// "if" (for "if only").
    If = 1 << 8,
    /// "only" (for "if only").
    Only = 1 << 9,
    /// "at" (for "at least").
    At = 1 << 10,
    /// "least": a negator unless after "at".
    Least = 1 << 11,
    /// "lack": negates positive words only.
    Lack = 1 << 12,
    /// "another", "again": after "yet", not a contrast ("yet another").
    NotAfterYet = 1 << 13,
    /// "yet" (a contrast unless "yet another", "not yet", "as yet").
    Yet = 1 << 14,
    /// "wish", "hope": counterfactual only before a subject ("I wish it were", not "I wish you
    /// a happy birthday").
    Wish = 1 << 15,
    /// The first word of some two-word term: only then is the pair looked up.
    PairFirst = 1 << 16,
    /// "has", "have", "did", "was"...: after a sentence-opening "never", an inversion.
    Auxiliary = 1 << 17,
    /// "wanted": counterfactual before "to" ("I wanted to love it").
    WantedTo = 1 << 18,
    /// "less": negates what follows ("less impressed", "less than stellar") unless after a
    /// negator or "or" ("no less", "more or less").
    Less = 1 << 19,
    /// The first word of some phrase of [`super::lexicon::Phrase`]s.
    PhraseFirst = 1 << 20,
    /// "expected", "expecting": what follows, up to "and" or the clause's end, was expected,
    /// not found ("expecting a disaster and came out charmed").
    Expectation = 1 << 21,
    /// "fans", "critics", "the hype": opening a clause, the opinion in it is someone else's
    /// ("Fans may adore it; I found it a slog").
    Reported = 1 << 22,
    /// "Created (by)", "Set (in)", "Based (on)", "Starring": opening a sentence, a synopsis or
    /// credit line whose words tell the story, not the verdict.
    Credit = 1 << 23,
}

/// Word lists by class.
pub(crate) const WORD_CLASSES: &[(&[&str], WordClass)] = &[
    (
        &[
            "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor",
            "without", "cannot", "aint", "arent", "cant", "couldnt", "didnt", "doesnt", "dont",
            "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neednt", "shouldnt", "wasnt",
            "werent", "wont", "wouldnt", "hardly", "rarely", "seldom", "nope", "lack", "lacks",
            "lacked", "lacking", "devoid",
        ],
        WordClass::Negator,
    ),
    (
        &["lack", "lacks", "lacked", "lacking", "devoid"],
        WordClass::Lack,
    ),
    (
        &["but", "however", "yet", "nevertheless", "nonetheless"],
        WordClass::Contrast,
    ),
    (&["yet"], WordClass::Yet),
    (&["another", "again"], WordClass::NotAfterYet),
    (
        &[
            "although",
            "though",
            "albeit",
            "whereas",
            "despite",
            "notwithstanding",
            "while",
            "whilst",
        ],
        WordClass::Concessive,
    ),
    (
        &[
            "a", "an", "the", "this", "that", "these", "those", "any", "my", "his", "her", "its",
            "their", "our", "your", "single", "at", "all", "as", "one", "of", "to", "be", "been",
            "is", "was", "are", "were", "it", "i", "have", "has", "had",
        ],
        WordClass::Determiner,
    ),
    (
        &[
            "could",
            "should",
            "would",
            "might",
            "ought",
            "couldn't",
            "shouldn't",
            "wouldn't",
            "mightn't",
            "couldnt",
            "shouldnt",
            "wouldnt",
        ],
        WordClass::Modal,
    ),
    (&["have", "'ve", "of"], WordClass::Have),
    (
        &[
            "could've",
            "should've",
            "would've",
            "might've",
            "coulda",
            "shoulda",
            "woulda",
            "hoped",
            "supposed",
        ],
        WordClass::Counterfactual,
    ),
    (&["wish", "wished", "wishing"], WordClass::Wish),
    (&["wanted", "ready", "poised"], WordClass::WantedTo),
    (
        &[
            "expected",
            "expecting",
            "anticipated",
            "anticipating",
            "braced",
            "assumed",
            "promised",
        ],
        WordClass::Expectation,
    ),
    (
        &[
            "fans",
            "critics",
            "viewers",
            "audiences",
            "purists",
            "admirers",
            "detractors",
            "reviewers",
            "hype",
            "others",
            "naysayers",
            "skeptics",
            "sceptics",
            "friends",
            "crowd",
            "trades",
            "marketing",
            "trailer",
            "trailers",
        ],
        WordClass::Reported,
    ),
    (
        &[
            "created",
            "set",
            "based",
            "directed",
            "written",
            "produced",
            "adapted",
            "starring",
            "co-created",
            "inspired",
        ],
        WordClass::Credit,
    ),
    (
        &["only", "just", "merely", "doubt", "wonder", "less"],
        WordClass::NegationCancel,
    ),
    (&["if"], WordClass::If),
    (
        &[
            "has", "have", "had", "is", "was", "are", "were", "did", "does", "do", "will", "would",
            "could", "can", "should",
        ],
        WordClass::Auxiliary,
    ),
    (&["only"], WordClass::Only),
    (&["at"], WordClass::At),
    (&["least"], WordClass::Least),
    (&["less"], WordClass::Less),
];

/// Classes whose words the rules own: learned weights of these words, and of bigrams holding
/// them, would count their effect twice (and fight the rules on short texts).
pub(crate) const RULE_OWNED: u32 = WordClass::Negator as u32
    | WordClass::Contrast as u32
    | WordClass::Concessive as u32
    | WordClass::Modal as u32
    | WordClass::Counterfactual as u32
    | WordClass::Wish as u32
    | WordClass::Least as u32
    | WordClass::Expectation as u32;

/// Classes that change how a word itself is scored (the others matter only to the words
/// around it, or to a negation scope's count).
const OWN_RULES: u32 = WordClass::Negator as u32
    | WordClass::Contrast as u32
    | WordClass::Concessive as u32
    | WordClass::Have as u32
    | WordClass::Counterfactual as u32
    | WordClass::NegationCancel as u32
    | WordClass::Only as u32
    | WordClass::Least as u32
    | WordClass::Lack as u32
    | WordClass::Yet as u32
    | WordClass::Wish as u32
    | WordClass::WantedTo as u32
    | WordClass::Less as u32
    | WordClass::PhraseFirst as u32
    | WordClass::Expectation as u32
    | WordClass::Reported as u32
    | WordClass::Credit as u32;

/// True when the rules handle `lower` (a lowercase token) themselves: negators (including any
/// word ending in "n't"), contrast and concessive words, modals and counterfactuals.
pub(crate) fn is_rule_word(lower: &str) -> bool {
    lower.ends_with("n't")
        || WORD_CLASSES
            .iter()
            .any(|(words, class)| *class as u32 & RULE_OWNED != 0 && words.contains(&lower))
}

/// Keys of the words some rules test for by their spelling, so that the rules compare a token's
/// key (computed once per token) instead of its text.
#[derive(Clone, Debug)]
pub(crate) struct RuleKeys {
    /// "like" (a verb or a preposition).
    pub like: u64,
    /// "grade", "rating" and "verdict" (a letter grade may follow).
    pub grade: u64,
    pub rating: u64,
    pub verdict: u64,
    /// "stars", "star", "thumbs" and "thumb" (a rating in words may end or start there).
    pub stars: u64,
    pub star: u64,
    pub thumbs: u64,
    pub thumb: u64,
    /// "or" ("more or less").
    pub or: u64,
    /// "except", "excepting", "apart", "aside" and "exception" (an exception's markers).
    pub except: u64,
    pub excepting: u64,
    pub apart: u64,
    pub aside: u64,
    pub exception: u64,
    /// "anything" ("anything but boring": a negation, not a contrast).
    pub anything: u64,
    /// "more" and "enough" ("couldn't recommend it more": praise, not a negation).
    pub more: u64,
    pub enough: u64,
    /// "but" (after "anything").
    pub but: u64,
    /// "and" and "then" (end an expectation's scope).
    pub and: u64,
    pub then: u64,
    /// "can" and "could" (before "not").
    pub can: u64,
    pub could: u64,
    /// "than" (after a comparative).
    pub than: u64,
    /// The keys of the words of a comparison by a verb or phrase ([`COMPARISON_WORDS`]) with
    /// their sides, sorted by key.
    pub comparison: [(u64, i8); COMPARISON_WORDS.len()],
    /// A filter of those keys and "than"'s, so that most words are passed over by one test.
    pub comparison_filter: KeyFilter,
}

/// The words of a comparison by a verb or phrase, and the side they put what precedes them
/// on: verbs of outdoing (+1), "pales" (-1), and (0) the telling word of a phrase whose words
/// around it [`comparison_phrase`] checks and which says the side ("candle" of "can't hold a
/// candle to").
pub(crate) const COMPARISON_WORDS: [(&str, i8); 52] = [
    ("no", 0),
    ("candle", 0),
    ("match", 0),
    ("substitute", 0),
    ("short", 0),
    ("imitation", 0),
    ("shadow", 0),
    ("copy", 0),
    ("lacks", 0),
    ("lacked", 0),
    ("lacking", 0),
    ("lack", 0),
    ("without", 0),
    ("none", 0),
    ("improvement", 0),
    ("step", 0),
    ("prefer", 0),
    ("prefers", 0),
    ("preferred", 0),
    ("only", 0),
    ("sole", 0),
    ("lone", 0),
    ("outshines", 1),
    ("outshine", 1),
    ("outshone", 1),
    ("outclasses", 1),
    ("outclassed", 1),
    ("outplays", 1),
    ("outplayed", 1),
    ("outperforms", 1),
    ("outperformed", 1),
    ("outacts", 1),
    ("outacted", 1),
    ("outsings", 1),
    ("outsang", 1),
    ("outdoes", 1),
    ("outdid", 1),
    ("eclipses", 1),
    ("eclipsed", 1),
    ("upstages", 1),
    ("upstaged", 1),
    ("overshadows", 1),
    ("overshadowed", 1),
    ("surpasses", 1),
    ("surpassed", 1),
    ("trumps", 1),
    ("dwarfs", 1),
    ("dwarfed", 1),
    ("pales", -1),
    ("paled", -1),
    ("outstrips", 1),
    ("outstripped", 1),
];

/// Bits of [`RuleKeys::comparison_filter`]: 1,024 for its 53 keys.
const COMPARISON_FILTER_BITS: u32 = 10;

impl RuleKeys {
    pub fn new() -> RuleKeys {
        RuleKeys {
            like: word_key(b"like"),
            grade: word_key(b"grade"),
            rating: word_key(b"rating"),
            verdict: word_key(b"verdict"),
            stars: word_key(b"stars"),
            star: word_key(b"star"),
            thumbs: word_key(b"thumbs"),
            thumb: word_key(b"thumb"),
            or: word_key(b"or"),
            except: word_key(b"except"),
            excepting: word_key(b"excepting"),
            apart: word_key(b"apart"),
            aside: word_key(b"aside"),
            exception: word_key(b"exception"),
            anything: word_key(b"anything"),
            more: word_key(b"more"),
            enough: word_key(b"enough"),
            but: word_key(b"but"),
            and: word_key(b"and"),
            then: word_key(b"then"),
            can: word_key(b"can"),
            could: word_key(b"could"),
            than: word_key(b"than"),
            comparison: {
                let mut keys = COMPARISON_WORDS.map(|(w, sign)| (word_key(w.as_bytes()), sign));
                keys.sort_unstable_by_key(|&(k, _)| k);
                keys
            },
            // "than" passes the same filter.
            comparison_filter: KeyFilter::of(
                COMPARISON_FILTER_BITS,
                &COMPARISON_WORDS
                    .iter()
                    .map(|(w, _)| *w)
                    .chain(["than"])
                    .map(|w| word_key(w.as_bytes()))
                    .collect::<Vec<_>>(),
            ),
        }
    }
}

/// Words after "wish" that make it counterfactual.
const WISH_SUBJECTS: &[&str] = &[
    "i", "it", "they", "he", "she", "we", "there", "that", "this", "the", "i'd", "it'd", "they'd",
    "someone", "somebody", "they'd", "more", "they'd",
];

/// Words before "like" that make it the verb ("I like", "didn't like", "easy to like"); after
/// anything else it is a preposition ("sounds like", "cues like", "much like") with no valence.
const LIKE_VERB_AFTER: &[&str] = &[
    "i",
    "you",
    "we",
    "they",
    "he",
    "she",
    "'d",
    "i'd",
    "you'd",
    "we'd",
    "they'd",
    "would",
    "do",
    "does",
    "did",
    "don't",
    "doesn't",
    "didn't",
    "dont",
    "doesnt",
    "didnt",
    "will",
    "'ll",
    "i'll",
    "you'll",
    "might",
    "may",
    "can",
    "could",
    "should",
    "really",
    "also",
    "still",
    "genuinely",
    "truly",
    "actually",
    "definitely",
    "certainly",
    "to",
    "who",
    "people",
    "fans",
    "kids",
    "viewers",
    "readers",
    "listeners",
    "audiences",
];

const B_INCR: f32 = 0.293;
const B_DECR: f32 = -0.293;

/// Boosters (> 0) and dampeners (< 0): VADER's degree adverbs plus review-domain ones.
pub(crate) const BOOSTERS: &[(&str, f32)] = &[
    ("absolutely", B_INCR),
    ("amazingly", B_INCR),
    ("awfully", B_INCR),
    ("completely", B_INCR),
    ("considerably", B_INCR),
    ("decidedly", B_INCR),
    ("deeply", B_INCR),
    ("downright", B_INCR),
    ("enormously", B_INCR),
    ("entirely", B_INCR),
    ("especially", B_INCR),
    ("exceptionally", B_INCR),
    ("extremely", B_INCR),
    ("fabulously", B_INCR),
    ("fully", B_INCR),
    ("genuinely", B_INCR),
    ("greatly", B_INCR),
    ("hella", B_INCR),
    ("highly", B_INCR),
    ("hugely", B_INCR),
    ("incredibly", B_INCR),
    ("insanely", B_INCR),
    ("intensely", B_INCR),
    ("majorly", B_INCR),
    ("more", B_INCR),
    ("most", B_INCR),
    ("painfully", B_INCR),
    ("particularly", B_INCR),
    ("purely", B_INCR),
    ("quite", B_INCR),
    ("really", B_INCR),
    ("remarkably", B_INCR),
    ("ridiculously", B_INCR),
    ("simply", B_INCR),
    ("so", B_INCR),
    ("substantially", B_INCR),
    ("such", B_INCR),
    ("thoroughly", B_INCR),
    ("totally", B_INCR),
    ("tremendously", B_INCR),
    ("truly", B_INCR),
    ("unbelievably", B_INCR),
    ("unusually", B_INCR),
    ("utterly", B_INCR),
    ("very", B_INCR),
    ("wildly", B_INCR),
    ("almost", B_DECR),
    ("barely", B_DECR),
    ("fairly", B_DECR),
    ("kinda", B_DECR),
    ("largely", -0.15),
    ("less", B_DECR),
    ("little", B_DECR),
    ("marginally", B_DECR),
    ("mildly", B_DECR),
    ("moderately", B_DECR),
    ("mostly", -0.15),
    ("occasionally", B_DECR),
    ("partly", B_DECR),
    ("pretty", -0.15),
    ("rather", -0.15),
    ("reasonably", B_DECR),
    ("relatively", B_DECR),
    ("scarcely", B_DECR),
    ("slightly", B_DECR),
    ("somewhat", B_DECR),
    ("sorta", B_DECR),
];

/// Rule constants.
const NEGATION_SCOPE: u8 = 3;
const NEGATE_POSITIVE: f64 = -0.74;
const NEGATE_NEGATIVE: f64 = -0.5;
const HEDGE_POSITIVE: f64 = -0.5;
const HEDGE_NEGATIVE: f64 = -0.3;
const CAPS_INCR: f64 = 0.733;
const BEFORE_BUT: f64 = 0.5;
const AFTER_BUT: f64 = 1.5;
const CONCESSIVE: f64 = 0.5;
/// Weight of a clause holding someone else's opinion ("fans may adore it").
const REPORTED: f64 = 0.3;
/// Weight of a synopsis or credit sentence ("Set in 1970s Glasgow, the film follows...").
const SYNOPSIS: f64 = 0.2;
const BOOST_DECAY: [f64; 3] = [1.0, 0.95, 0.9];
const EXCLAMATION_INCR: f64 = 0.292;
const EXCLAMATION_MAX: u32 = 4;
const QUESTION_INCR: f64 = 0.18;
const QUESTION_MAX: f64 = 0.96;

/// A rule that fired, for explanations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A booster strengthened a word.
    Booster,
    /// A dampener weakened a word.
    Dampener,
    /// An ALL-CAPS word was emphasized.
    Caps,
    /// A word was flipped by a negation.
    Negation,
    /// A negator's own valence counted because it negated nothing.
    NegatorValence,
    /// A word was made hypothetical by a counterfactual hedge.
    Counterfactual,
    /// A negated counterfactual kept the word's sign ("couldn't have been better").
    NegatedCounterfactual,
    /// "but" and friends: before halved, after × 1.5.
    Contrast,
    /// A concessive clause was weakened.
    Concessive,
    /// "!" emphasis.
    Exclamation,
    /// "??" emphasis.
    Question,
    /// An emoticon.
    Emoticon,
    /// An emoji.
    Emoji,
    /// A hyphenated compound was looked up whole or by its parts.
    Compound,
    /// A two-word term ("fed up").
    Multiword,
    /// A possessive was looked up without its "'s".
    Possessive,
    /// A sentence-opening negator before an auxiliary ("Never has...") emphasizes.
    Inversion,
    /// A Capitalized word in a run of them is part of a name: no valence.
    Name,
    /// An explicit rating ("7/10", "Grade: B-").
    Rating,
    /// "like" as a preposition ("sounds like"): no valence.
    Preposition,
}

impl Rule {
    /// The rule's name in explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Booster => "booster",
            Rule::Dampener => "dampener",
            Rule::Caps => "all-caps",
            Rule::Negation => "negation",
            Rule::NegatorValence => "negator-valence",
            Rule::Counterfactual => "counterfactual",
            Rule::NegatedCounterfactual => "negated-counterfactual",
            Rule::Contrast => "contrast",
            Rule::Concessive => "concessive",
            Rule::Exclamation => "exclamation",
            Rule::Question => "question",
            Rule::Emoticon => "emoticon",
            Rule::Emoji => "emoji",
            Rule::Compound => "compound",
            Rule::Multiword => "multiword",
            Rule::Possessive => "possessive",
            Rule::Inversion => "inversion",
            Rule::Name => "name",
            Rule::Rating => "rating",
            Rule::Preposition => "preposition",
        }
    }
}

/// Receives what the scorer does, for explanations. The fast path uses [`NoTrace`].
pub(crate) trait Trace {
    /// False for the no-op tracer, so tracing code compiles away.
    const ON: bool;
    /// Token `index` (into the document's tokens) got lexicon valence `base`, learned weight
    /// `learned`, and contributes `valence` after rules and clause weights.
    fn token(&mut self, _index: usize, _base: f32, _learned: f32, _valence: f64) {}
    /// `rule` fired, on token `index` if any.
    fn rule(&mut self, _index: Option<usize>, _rule: Rule) {}
    /// Everything recorded so far in the sentence was multiplied by `factor` ("but").
    fn scale(&mut self, _factor: f64) {}
}

/// The no-op tracer.
pub(crate) struct NoTrace;

impl Trace for NoTrace {
    const ON: bool = false;
}

/// Most segments kept per sentence; later ones merge into the last.
pub(crate) const MAX_SEGMENTS: usize = 24;

/// A stretch of a sentence between clause boundaries.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Segment {
    /// First byte of the segment in the text.
    pub start: u32,
    /// Sum of valences after rules (without clause weights).
    pub raw: f32,
    /// Sum of learned weights.
    pub learned: f32,
    /// Number of lexicon hits.
    pub hits: u16,
    /// Index of the major clause (commas don't end one).
    pub major: u8,
    /// The segment opens with a contrast ("but", "however").
    pub contrast: bool,
    /// The segment opens with a linking verb ("is", "was", "seems"): the predicate of a
    /// subject that ended an earlier segment ("Rachel McAdams, forced to wear a bad wig, is
    /// very good").
    pub predicate: bool,
    /// The segment opens by setting a name against its clause ("Unlike X,", "Compared with
    /// X,", "Next to X,", "Opposite X,").
    pub set_against: bool,
}

/// An exception: a segment excepts the names after a marker from what its clause says
/// ("everyone except X was awful", "apart from X, the cast is dreadful", "with the exception
/// of X"). Rare, so kept apart from the segments ([`SentenceScore::exclusions`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Exclusion {
    /// The index of its segment.
    pub segment: usize,
    /// The document index of the marker's last token ("except", "from", "of").
    pub after: u32,
    /// The document index of the first word after it that opens a clause ([`opens_clause`]:
    /// "when", "that", "he"...) or a relative one ("who", "which"), or of the first sentiment
    /// word; `u32::MAX` while there is none. The names between are excepted.
    pub until: u32,
    /// The segment's `raw`, `learned` and `hits` before the marker: what the names are
    /// excepted from, when it is said first ("the acting is hideous, except for X").
    pub before: (f32, f32, u16),
    /// The excepted names are followed by "who", "whose" or "which": what follows is said
    /// of them ("except for X, who shows some promise").
    pub relative: bool,
}

impl Exclusion {
    /// True when a name whose first token has document index `token` is excepted.
    pub fn excepts(&self, token: u32) -> bool {
        token > self.after && token < self.until
    }
}

/// A comparison in a segment ("X is funnier than Y", "X outshines Y"): where what is compared
/// with begins, and what the segment held before it. Rare, so kept apart from the segments.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Comparison {
    /// The index of its segment.
    pub segment: usize,
    /// Where "than" stands, or where what follows a verb or phrase of comparison begins.
    pub at: u32,
    /// The document index of the token that marked it: a valence counted later for a token
    /// up to it (a negator's own, once its scope closes) belongs before it.
    pub token: u32,
    /// The segment's `raw`, `learned` and `hits` before it.
    pub before: (f32, f32, u16),
    /// For "than", the comparison is negated, says that nothing compares or says "even" ("X
    /// is no better than Y", "nothing is more tedious than Y"): what follows it takes the
    /// comparative's sign, not its opposite. For a verb or phrase, that it is negated ("X
    /// never outshines Y").
    pub same: bool,
    /// 0 for a comparison by "than"; for one by a verb or phrase, +1 when it puts what
    /// precedes it above what follows ("X outshines Y") and -1 below ("X pales beside Y",
    /// "X can't hold a candle to Y", "X is no Y").
    pub sign: i8,
    /// For "than", its comparative's valence ("funnier", "less charming").
    pub valence: f32,
    /// Where the comparison's subject may begin: after the last "and", "&", "or", "while" or
    /// "whereas" before it in its segment ("X is dreadful and Y is the only saving grace":
    /// X is no part of it).
    pub subject_from: u32,
    /// For "the only reason to watch" and its kin, the document index of a linking verb after
    /// it ("the only bright spot is X"): a name after that verb is what it singles out, on the
    /// same side as one before it ("X is the sole reason to watch"); `u32::MAX` for none.
    pub link: u32,
}

/// The raw scores of one sentence.
#[derive(Clone, Debug)]
pub(crate) struct SentenceScore {
    /// Sum of valences after rules and clause weights.
    pub raw: f64,
    /// Sum of learned weights, with clause weights.
    pub learned: f64,
    /// Sum of the learned weights of the layers for long reviews, with clause weights.
    pub learned_long: f64,
    /// Unweighted sum of learned weights (for the document-level evidence).
    pub learned_plain: f64,
    /// Emphasis from "!" and "?", added towards the sentence's sign.
    pub emphasis: f64,
    /// VADER-style positive sum (valence + 1 per positive word).
    pub pos_sum: f64,
    /// VADER-style negative sum.
    pub neg_sum: f64,
    /// Number of words and symbols without valence.
    pub neutral: u32,
    /// Number of word and number tokens.
    pub words: u32,
    /// Number of lexicon hits.
    pub hits: u32,
    /// The segments, `segments[..n_segments]`.
    pub segments: [Segment; MAX_SEGMENTS],
    /// Number of segments used.
    pub n_segments: usize,
    /// The last explicit rating in the sentence ("7/10", "4 out of 5", "Grade: B-").
    pub rating: Option<Rating>,
    /// Scratch: the sentence's tokens' keys and shapes, computed once per sentence.
    lexed: Vec<Lexed>,
    /// The valences counted after a comparison's mark in its segment, with their tokens'
    /// document indices: what is said of a compared name before it ("than the shrill Y").
    pub after_marks: Vec<(u32, f32)>,
    /// The sentence's comparisons, in order, at most one a segment.
    pub comparisons: Vec<Comparison>,
    /// The sentence's exceptions, in order, at most one a segment.
    pub exclusions: Vec<Exclusion>,
}

/// What the rules ask of a token's text, computed once per sentence: its lexicon key, its
/// letter case and a few facts of its spelling. Packed, 9 bytes rather than 16: a sentence may
/// be a whole long review, and the sentence's `Lexed` are all kept while it is scored.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, packed)]
struct Lexed {
    /// [`word_key`] of the lowercase form (words and numbers; 0 for other tokens).
    key: u64,
    /// [`case`] bits (case bits for words only, spelling bits for words and numbers).
    case: u8,
}

/// Letter-case and spelling bits of a word token.
mod case {
    /// The first char is uppercase.
    pub const UPPER_FIRST: u8 = 1 << 0;
    /// Two or more letters and no lowercase one ([`super::is_all_caps`]).
    pub const ALL_CAPS: u8 = 1 << 1;
    /// The word "I".
    pub const I: u8 = 1 << 2;
    /// The lowercase form holds a hyphen.
    pub const HYPHEN: u8 = 1 << 3;
}

/// The [`case::HYPHEN`] bit of a lowercase form.
#[inline]
fn spelling(lower: &[u8]) -> u8 {
    if lower.contains(&b'-') {
        case::HYPHEN
    } else {
        0
    }
}

/// [`spelling`] of a lowercase form of at most 8 bytes read as the little-endian `w` (its
/// bytes past the form zero), without branches.
#[inline]
fn short_spelling(w: u64) -> u8 {
    // The zero bytes past the form are no hyphen.
    let hyphen = crate::ascii::bytes_equal(w, b'-') != 0;
    hyphen as u8 * case::HYPHEN
}

impl Lexed {
    /// The key, case and spelling of token `t` of `text`.
    #[inline(always)]
    fn of(text: &str, tokens: &Tokens, t: &Token) -> Lexed {
        if !matches!(t.kind, TokenKind::Word | TokenKind::Number) {
            return Lexed::default();
        }
        let buf = tokens.lower_buffer();
        // Most words are short: read at once, with the bytes past the word masked off (a
        // length given as over 8 is one, whatever it is exactly).
        let (start, len) = t.lower_hint();
        let (key, spelling) = match short_word_at(buf, start, len) {
            Some(w) => (short_word_key(w, len), short_spelling(w)),
            None => {
                let lower = &buf[tokens.lower_span(t).range()];
                (word_key(lower), spelling(lower))
            }
        };
        let case = if t.kind == TokenKind::Word {
            word_case(text, t.span)
        } else {
            0
        };
        Lexed {
            key,
            case: case | spelling,
        }
    }

    #[inline]
    fn is(self, bits: u8) -> bool {
        self.case & bits != 0
    }

    /// [`is_titlecase`] of the word.
    #[inline]
    fn titlecase(self) -> bool {
        self.case & (case::UPPER_FIRST | case::ALL_CAPS | case::I) == case::UPPER_FIRST
    }
}

/// The [`case`] bits of the word at `span` of `text`: ASCII words from their bytes in one
/// pass, others char by char.
#[inline(always)]
fn word_case(text: &str, span: Span) -> u8 {
    if text
        .as_bytes()
        .get(span.start as usize)
        .is_some_and(u8::is_ascii_lowercase)
    {
        // Most words: a lowercase letter, so not ALL CAPS, and not capitalized.
        return 0;
    }
    let len = span.len();
    if let Some(w) = short_word_at(text.as_bytes(), span.start as usize, len) {
        if w & crate::ascii::HIGH == 0 {
            return ascii_word_case(w, len);
        }
    }
    word_case_slow(text, span)
}

/// [`word_case`] of a word not starting with an ASCII lowercase letter, and not a short ASCII
/// word with eight bytes of text from its start.
#[inline(never)]
fn word_case_slow(text: &str, span: Span) -> u8 {
    let bytes = &text.as_bytes()[span.range()];
    let (mut letters, mut lower, mut high) = (0u32, false, false);
    for &b in bytes {
        high |= b >= 0x80;
        lower |= b.is_ascii_lowercase();
        letters += b.is_ascii_alphabetic() as u32;
    }
    if !high {
        let mut bits = 0;
        if bytes.first().is_some_and(u8::is_ascii_uppercase) {
            bits |= case::UPPER_FIRST;
            if bytes.len() == 1 && bytes[0] == b'I' {
                bits |= case::I;
            }
        }
        if letters >= 2 && !lower {
            bits |= case::ALL_CAPS;
        }
        return bits;
    }
    let word = span.of(text);
    let mut bits = 0;
    if word.chars().next().is_some_and(char::is_uppercase) {
        bits |= case::UPPER_FIRST;
    }
    if is_all_caps(word) {
        bits |= case::ALL_CAPS;
    }
    bits
}

/// [`word_case`] of an ASCII word of `len` (at most 8) bytes read as the little-endian `w`,
/// its bytes past the word zero: each byte tested without a branch (SWAR).
#[inline]
fn ascii_word_case(w: u64, len: usize) -> u8 {
    let (lower, upper) = (crate::ascii::lower_bits(w), crate::ascii::upper_bits(w));
    let mut bits = 0;
    if upper & 0x80 != 0 {
        bits |= case::UPPER_FIRST;
        if len == 1 && w == u64::from(b'I') {
            bits |= case::I;
        }
    }
    // No lowercase letter, so the letters are the uppercase ones: two or more is ALL CAPS.
    if lower == 0 && upper.count_ones() >= 2 {
        bits |= case::ALL_CAPS;
    }
    bits
}

impl SentenceScore {
    /// Frees the buffers a very large sentence grew ([`crate::scratch`]).
    pub(crate) fn trim(&mut self) {
        crate::scratch::trim(&mut self.lexed);
        crate::scratch::trim(&mut self.after_marks);
        crate::scratch::trim(&mut self.comparisons);
        crate::scratch::trim(&mut self.exclusions);
    }
}

impl Default for SentenceScore {
    fn default() -> Self {
        SentenceScore {
            raw: 0.0,
            learned: 0.0,
            learned_long: 0.0,
            learned_plain: 0.0,
            emphasis: 0.0,
            pos_sum: 0.0,
            neg_sum: 0.0,
            neutral: 0,
            words: 0,
            hits: 0,
            segments: [Segment::default(); MAX_SEGMENTS],
            n_segments: 0,
            rating: None,
            lexed: Vec::new(),
            after_marks: Vec::new(),
            comparisons: Vec::new(),
            exclusions: Vec::new(),
        }
    }
}

/// Mutable state of the pass over one sentence.
struct Pass {
    weight: f64,
    concessive: bool,
    neg_scope: u8,
    neg_pending: f64,
    neg_pending_token: usize,
    neg_flipped: bool,
    neg_lack: bool,
    /// The open negation is emphatic ("couldn't recommend it more", "can't praise it enough"):
    /// it leaves what it scopes as it is.
    neg_emphatic: bool,
    neg_just_opened: bool,
    hedge: bool,
    /// The hedge is an expectation's: "and" or "then" ends it.
    hedge_to_and: bool,
    /// Boosts of the last three words, most recent first.
    boosts: [f64; 3],
    prev_key: Option<u64>,
    prev: WordInfo,
    /// Whether the previous word was a negator ("not", "never", any "n't").
    prev_negator: bool,
    prev2: WordInfo,
    segment_tokens: u32,
    major: u8,
    /// The document index and valence of the last valence counted: a comparative's, at
    /// "than".
    last_hit: (usize, f64),
}

impl Pass {
    fn new() -> Pass {
        Pass {
            weight: 1.0,
            concessive: false,
            neg_scope: 0,
            neg_pending: 0.0,
            neg_pending_token: 0,
            neg_flipped: false,
            neg_lack: false,
            neg_emphatic: false,
            neg_just_opened: false,
            hedge: false,
            hedge_to_and: false,
            boosts: [0.0; 3],
            prev_key: None,
            prev: WordInfo::default(),
            prev_negator: false,
            prev2: WordInfo::default(),
            segment_tokens: 0,
            major: 0,
            last_hit: (usize::MAX, 0.0),
        }
    }
}

#[inline]
fn is_all_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// An explicit rating a critic states: "7/10", "4 out of 5", "Grade: B-", "three and a half
/// stars", "two thumbs up".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rating {
    /// The share of its scale, 0..1: "7/10" 0.7, "4 out of 5" 0.8; a letter grade A 0.95,
    /// B 0.75, C 0.55, D 0.35, E or F 0.1, a `+` or `-` 0.05 more or less; "two thumbs up"
    /// 0.9, "thumbs up" 0.8, "thumbs down" 0.2, "two thumbs down" 0.1.
    pub share: f64,
    /// Where it is written in the text: from the score to its scale ("7/10"), or from the
    /// word "grade", "rating" or "verdict" to the letter and its sign ("Grade: B-").
    pub span: Span,
    /// Given under a label ("Overall: 3/5", "Rating: B-", "Verdict: ★★★"): the review's
    /// verdict, which a later rating without a label ("5/5 for the best episode") does not
    /// replace.
    pub labelled: bool,
}

impl Rating {
    /// Puts `self`, found after the rating in `kept` (if any), in its place unless only the
    /// earlier one has a label; true when it did.
    pub fn offer(self, kept: &mut Option<Rating>) -> bool {
        let replaces = self.labelled || !kept.is_some_and(|e| e.labelled);
        if replaces {
            *kept = Some(self);
        }
        replaces
    }
}

/// Words that label a rating when a colon follows them ("Overall: 3/5", "My score: 7/10").
const RATING_LABELS: &[&str] = &[
    "overall", "rating", "verdict", "score", "grade", "stars", "final", "total", "line",
];

/// Whether the rating whose first token is `i` follows a label: a label word and a colon
/// within the four tokens before it ("Overall: 3/5", "My rating: B-"; not "grade A material").
fn labelled_at(text: &str, tokens: &Tokens, toks: &[Token], i: usize) -> bool {
    (i.saturating_sub(4)..i)
        .rev()
        .find(|&j| toks[j].span.of(text) == ":")
        .is_some_and(|j| j > 0 && RATING_LABELS.contains(&tokens.lower(&toks[j - 1])))
}

/// The value of a number written as a word, up to ten.
fn number_word(word: &str) -> Option<f64> {
    Some(match word {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        _ => return None,
    })
}

/// The most stars a rating without its scale may count: "two stars" is a poor verdict out of 5
/// or out of 10, but "three stars" is mixed out of 5 and poor out of 10, and the users of
/// imdb_train.csv count out of 10 ("three stars" or "3 stars" without a scale is in 38 of its
/// negative reviews and 18 positive ones, four stars in 30 and 23), critics out of 5 or 4.
const SCALELESS_STARS_MAX: f64 = 2.0;

/// Verbs that give a rating within three words before it ("I give it two stars", "earns two
/// thumbs up", "worth four stars out of five").
const RATING_VERBS: &[&str] = &[
    "give", "gives", "gave", "giving", "given", "get", "gets", "got", "earn", "earns", "earned",
    "deserve", "deserves", "deserved", "rate", "rated", "award", "awarded", "worth",
];

/// Whether the rating whose first token is `i` is given as one: a rating verb within three
/// tokens before it, a label's colon right before it, or nothing but a list mark or an
/// opening quote or bracket before it in its sentence.
fn given_as_rating(text: &str, tokens: &Tokens, toks: &[Token], i: usize) -> bool {
    if toks[..i]
        .iter()
        .all(|t| t.kind != TokenKind::Word && t.kind != TokenKind::Number)
    {
        return true;
    }
    if toks[i - 1].span.of(text) == ":" {
        return true;
    }
    (i.saturating_sub(3)..i).any(|j| RATING_VERBS.contains(&tokens.lower(&toks[j])))
}

/// A rating in words ending at token `i`, the word "stars" or "star": "three stars out of
/// five", "3.5 stars out of 4", "I give it two stars". A count of stars
/// is a rating only when given as one ([`given_as_rating`]) or followed by its scale ("out of
/// five"); "the two stars share the screen" is not one. Without its scale (4, 5 or 10) only
/// a count up to [`SCALELESS_STARS_MAX`] is one, read on a scale of 5.
fn star_words_rating(text: &str, tokens: &Tokens, toks: &[Token], i: usize) -> Option<Rating> {
    let lower = |j: usize| toks.get(j).map_or("", |t| tokens.lower(t));
    let mut j = i.checked_sub(1)?;
    let mut half = 0.0;
    if j >= 3 && lower(j) == "half" && lower(j - 1) == "a" && lower(j - 2) == "and" {
        half = 0.5;
        j -= 3;
    } else if lower(j) == "½" {
        half = 0.5;
        j = j.checked_sub(1)?;
    }
    let count = match toks[j].kind {
        TokenKind::Number => toks[j].span.of(text).parse::<f64>().ok()?,
        TokenKind::Word => number_word(lower(j))?,
        _ => return None,
    } + half;
    let mut end = i + 1;
    let mut scale = None;
    if lower(end) == "out" && lower(end + 1) == "of" {
        end += 2;
    } else if lower(end) == "of" {
        end += 1;
    }
    if end > i + 1 {
        let n = match toks.get(end)?.kind {
            TokenKind::Number => toks[end].span.of(text).parse::<f64>().ok(),
            TokenKind::Word => number_word(lower(end)),
            _ => None,
        };
        if let Some(n) = n.filter(|n| [4.0, 5.0, 10.0].contains(n)) {
            scale = Some(n);
            end += 1;
        } else {
            end = i + 1;
        }
    }
    if scale.is_none() && !given_as_rating(text, tokens, toks, j) {
        return None;
    }
    if scale.is_none() && count > SCALELESS_STARS_MAX {
        return None;
    }
    let scale = scale.unwrap_or(5.0);
    if count > scale {
        return None;
    }
    Some(Rating {
        share: count / scale,
        span: Span {
            start: toks[j].span.start,
            end: toks[end - 1].span.end,
        },
        labelled: labelled_at(text, tokens, toks, j),
    })
}

/// A thumbs verdict at token `i` ("thumbs" or "thumb"): "two thumbs up" (0.9), "two thumbs
/// down" (0.1), or "thumbs up" (0.8) and "thumbs down" (0.2) given as a rating ("I give it a
/// thumbs down", a line of its own).
fn thumbs_rating(text: &str, tokens: &Tokens, toks: &[Token], i: usize) -> Option<Rating> {
    let lower = |j: usize| toks.get(j).map_or("", |t| tokens.lower(t));
    let mut next = i + 1;
    if lower(next) == "way" {
        next += 1;
    }
    let up = match lower(next) {
        "up" => true,
        "down" => false,
        _ => return None,
    };
    let mut first = i;
    let two = i > 0 && lower(i - 1) == "two";
    if two {
        first = i - 1;
    } else {
        if i > 0 && matches!(lower(i - 1), "a" | "big") {
            first = i - 1;
        }
        if !given_as_rating(text, tokens, toks, first) {
            return None;
        }
    }
    let share = match (two, up) {
        (true, true) => 0.9,
        (false, true) => 0.8,
        (false, false) => 0.2,
        (true, false) => 0.1,
    };
    Some(Rating {
        share,
        span: Span {
            start: toks[first].span.start,
            end: toks[next].span.end,
        },
        labelled: labelled_at(text, tokens, toks, first),
    })
}

impl Rating {
    /// The rating mapped to -1..1: 55% of the scale is the neutral point (IMDB's line between
    /// 4/10 and 7/10, a C grade), 100% is 1, 10% or less is -1.
    pub fn value(self) -> f64 {
        ((self.share - 0.55) / 0.45).clamp(-1.0, 1.0)
    }
}

/// Words after "N/M" or "N out of M" that make it a proportion.
const PROPORTION_NEXT: &[&str] = &[
    "of",
    "have",
    "has",
    "had",
    "are",
    "were",
    "do",
    "did",
    "say",
    "said",
    "people",
    "voters",
    "americans",
    "respondents",
    "times",
    "cases",
];

/// An explicit rating starting at number token `i`: "7/10", "4.5/5", "8 out of 10".
/// Only scales of 5, 10 and 100 count, so dates ("9/11"), "24/7" and "3/4 inch" don't.
fn rating_at(text: &str, tokens: &Tokens, toks: &[Token], i: usize) -> Option<Rating> {
    let score: f64 = toks[i].span.of(text).parse().ok()?;
    let word = |j: usize| toks.get(j).map(|t| tokens.lower(t));
    let scale_at = match (word(i + 1), word(i + 2)) {
        (Some("/"), _) => i + 2,
        (Some("out"), Some("of")) => i + 3,
        _ => return None,
    };
    let scale_token = toks.get(scale_at)?;
    if scale_token.kind != TokenKind::Number {
        return None;
    }
    // "1/10 of a second", "9 out of 10 have": proportions, not ratings.
    if word(scale_at + 1).is_some_and(|w| PROPORTION_NEXT.contains(&w)) {
        return None;
    }
    let scale: f64 = scale_token.span.of(text).parse().ok()?;
    let known_scale = [5.0, 10.0, 100.0].contains(&scale);
    (known_scale && (0.0..=scale).contains(&score)).then(|| Rating {
        share: score / scale,
        span: Span {
            start: toks[i].span.start,
            end: scale_token.span.end,
        },
        labelled: labelled_at(text, tokens, toks, i),
    })
}

/// A letter grade after "grade", "rating" or "verdict" (token `i`): "Grade: B-", "rating A".
fn letter_grade_after(text: &str, tokens: &Tokens, toks: &[Token], i: usize) -> Option<Rating> {
    let mut j = i + 1;
    if toks.get(j).is_some_and(|t| t.span.of(text) == ":") {
        j += 1;
    }
    let letter = toks.get(j).filter(|t| t.kind == TokenKind::Word)?;
    let mut grade = tokens.lower(letter);
    let mut modifier = 0.0;
    let mut end = letter.span.end;
    if let Some(g) = grade.strip_suffix('+') {
        (grade, modifier) = (g, 0.05);
    } else if let Some(g) = grade.strip_suffix('-') {
        (grade, modifier) = (g, -0.05);
    } else if let Some(next) = toks.get(j + 1).filter(|n| n.span.start == letter.span.end) {
        match next.span.of(text) {
            "+" => (modifier, end) = (0.05, next.span.end),
            "-" | "–" => (modifier, end) = (-0.05, next.span.end),
            _ => {}
        }
    }
    let base = match grade {
        "a" => 0.95,
        "b" => 0.75,
        "c" => 0.55,
        "d" => 0.35,
        "e" | "f" => 0.1,
        _ => return None,
    };
    Some(Rating {
        share: base + modifier,
        span: Span {
            start: toks[i].span.start,
            end,
        },
        labelled: labelled_at(text, tokens, toks, j),
    })
}

/// What the scorer needs to know about a sentence as a whole.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shape {
    /// Some but not all words are ALL CAPS: caps are emphasis.
    cap_diff: bool,
    /// The sentence isn't in title case: runs of Capitalized Words are names.
    names: bool,
}

/// The definition [`Lexed::titlecase`] computes from case bits.
#[cfg(test)]
fn is_titlecase(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && !is_all_caps(word) && word != "I"
}

/// True when word `i` (not the sentence's first) is Capitalized next to another Capitalized
/// word: part of a name or title ("Blake Lively", "Breaking Bad", "Friends of Harvey Mudd").
#[inline]
fn is_name_word(toks: &[Token], lexed: &[Lexed], i: usize) -> bool {
    if !lexed[i].titlecase() {
        return false;
    }
    let capitalized = |j: usize| {
        toks.get(j).is_some_and(|t| {
            let l = lexed[j];
            t.kind == TokenKind::Word && l.is(case::UPPER_FIRST) && !l.is(case::I)
        })
    };
    capitalized(i - 1) || capitalized(i + 1)
}

/// What masks a stretch of the text (its words carry no sentiment): a span, or a mention,
/// so that the scorer reads a document's mentions in place rather than copy their spans.
pub(crate) trait Masked {
    /// The stretch of text.
    fn span(&self) -> Span;
}

impl Masked for Span {
    #[inline(always)]
    fn span(&self) -> Span {
        *self
    }
}

impl Masked for crate::entity::Mention {
    #[inline(always)]
    fn span(&self) -> Span {
        self.span
    }
}

/// Walks the sorted, non-overlapping `masked` spans alongside a sentence's tokens.
struct MaskCursor<'m, M> {
    spans: &'m [M],
    /// The first span that does not end at or before the last token asked about.
    next: usize,
}

impl<'m, M: Masked> MaskCursor<'m, M> {
    /// A cursor for tokens from byte `start` on.
    #[inline]
    fn new(spans: &'m [M], start: u32) -> MaskCursor<'m, M> {
        MaskCursor {
            spans,
            next: spans.partition_point(|s| s.span().end <= start),
        }
    }

    /// True when `t` lies inside one of the spans; tokens must come in text order.
    #[inline]
    fn covers(&mut self, t: &Token) -> bool {
        while self
            .spans
            .get(self.next)
            .is_some_and(|s| s.span().end <= t.span.start)
        {
            self.next += 1;
        }
        self.spans
            .get(self.next)
            .is_some_and(|s| s.span().contains(t.span))
    }
}

#[inline]
fn adjacent(a: &Token, b: &Token) -> bool {
    a.span.end == b.span.start
}

/// Scores sentence `index` of `tokens` (the tokens of `text`) into `out` (reset first).
///
/// Words inside a `masked` span (mention names, sorted by start) carry no sentiment: "Blake
/// Lively", "Tom Hardy" and "Bad Romance" are names, not opinions.
#[inline]
pub(crate) fn score_sentence<T: Trace, M: Masked>(
    lex: &Lexicon,
    text: &str,
    tokens: &Tokens,
    index: usize,
    masked: &[M],
    out: &mut SentenceScore,
    trace: &mut T,
) {
    out.raw = 0.0;
    out.learned = 0.0;
    out.learned_long = 0.0;
    out.learned_plain = 0.0;
    out.emphasis = 0.0;
    out.pos_sum = 0.0;
    out.neg_sum = 0.0;
    out.neutral = 0;
    out.words = 0;
    out.hits = 0;
    out.n_segments = 1;
    out.rating = None;
    out.after_marks.clear();
    out.comparisons.clear();
    out.exclusions.clear();
    let range = tokens.sentences()[index].tokens.clone();
    let first = range.start as usize;
    let toks = &tokens.tokens()[range.start as usize..range.end as usize];
    out.segments[0] = Segment {
        start: toks.first().map_or(0, |t| t.span.start),
        ..Segment::default()
    };

    // ALL CAPS counts only when the sentence isn't shouted as a whole; runs of Capitalized
    // Words are names only when the sentence isn't in title case.
    let (mut caps, mut titles, mut long_words) = (0u32, 0u32, 0u32);
    let mut lexed = std::mem::take(&mut out.lexed);
    lexed.clear();
    lexed.reserve(toks.len());
    for t in toks {
        let l = Lexed::of(text, tokens, t);
        if t.kind == TokenKind::Word && t.span.len() >= 2 {
            long_words += 1;
            caps += l.is(case::ALL_CAPS) as u32;
            titles += l.titlecase() as u32;
        }
        lexed.push(l);
    }
    let shape = Shape {
        cap_diff: caps > 0 && caps < long_words,
        names: titles * 2 <= long_words,
    };

    let mut pass = Pass::new();
    let mut mask = MaskCursor::new(masked, out.segments[0].start);
    let (mut exclamations, mut questions) = (0u32, 0u32);
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let doc_index = first + i;
        match t.kind {
            TokenKind::Punct | TokenKind::Symbol => {
                if let Some((len, v)) = lex.emoticon_at(text, t.span.start as usize) {
                    let end = t.span.start + len as u32;
                    let mut j = i + 1;
                    while j < toks.len() && toks[j].span.start < end {
                        j += 1;
                    }
                    if T::ON {
                        trace.rule(Some(doc_index), Rule::Emoticon);
                    }
                    add_valence(out, &mut pass, v as f64, v, trace, doc_index);
                    i = j;
                    continue;
                }
                if t.kind == TokenKind::Symbol {
                    if let Some((r, j)) = star_rating(text, tokens, toks, i) {
                        r.offer(&mut out.rating);
                        out.neutral += 1;
                        if T::ON {
                            trace.rule(Some(doc_index), Rule::Rating);
                        }
                        i = j;
                        continue;
                    }
                    let mut v = 0.0f32;
                    let mut found = false;
                    for c in t.span.of(text).chars().filter(|&c| !is_emoji_modifier(c)) {
                        if let Some(e) = lex.emoji(c) {
                            v += e;
                            found = true;
                        }
                    }
                    if found {
                        if T::ON {
                            trace.rule(Some(doc_index), Rule::Emoji);
                        }
                        add_valence(out, &mut pass, v as f64, v, trace, doc_index);
                    } else {
                        out.neutral += 1;
                    }
                    i += 1;
                    continue;
                }
                let p = &text.as_bytes()[t.span.range()];
                let mut boundary = false;
                let mut major = false;
                for &b in p {
                    match b {
                        b'!' => exclamations += 1,
                        b'?' => questions += 1,
                        _ => {}
                    }
                }
                let mut mark = |c: char| match c {
                    ',' => boundary = true,
                    '-' => {
                        // A hyphen between two words is part of a compound, not a dash.
                        let joined = i > 0
                            && i + 1 < toks.len()
                            && adjacent(&toks[i - 1], t)
                            && adjacent(t, &toks[i + 1]);
                        if !joined {
                            boundary = true;
                            major = true;
                        }
                    }
                    ';' | ':' | '(' | ')' | '[' | ']' | '—' | '–' | '…' | '.' | '!' | '?' => {
                        boundary = true;
                        major = true;
                    }
                    _ => {}
                };
                // Most punctuation is ASCII: its bytes are its chars.
                if p.is_ascii() {
                    p.iter().for_each(|&b| mark(b as char));
                } else {
                    t.span.of(text).chars().for_each(mark);
                }
                if boundary {
                    end_clause(out, &mut pass, t.span.end, major, trace);
                }
                i += 1;
            }
            TokenKind::Number => {
                // Offered first: a kept rating is traced only when tracing.
                if rating_at(text, tokens, toks, i).is_some_and(|r| r.offer(&mut out.rating))
                    && T::ON
                {
                    trace.rule(Some(doc_index), Rule::Rating);
                }
                out.words += 1;
                out.neutral += 1;
                let key = lexed[i].key;
                let info = lex.word(key).copied().unwrap_or_default();
                add_learned(out, &pass, info.learned as f64, info.learned_long as f64);
                let learned = info.learned + info.learned_long;
                if T::ON && learned != 0.0 {
                    trace.token(doc_index, 0.0, learned, 0.0);
                }
                pass.prev2 = pass.prev;
                pass.prev = info;
                pass.prev_negator = false;
                pass.prev_key = Some(key);
                i += 1;
            }
            TokenKind::Word if mask.covers(t) => {
                out.words += 1;
                out.neutral += 1;
                pass.prev_key = None;
                i += 1;
            }
            TokenKind::Word => {
                let key = lexed[i].key;
                if lex.keys.comparison_filter.may_hold(key) {
                    mark_any_comparison(
                        out, &mut pass, key, &lex.keys, text, tokens, toks, i, doc_index,
                    );
                }
                let consumed = score_word(
                    lex, text, tokens, toks, &lexed, i, first, shape, out, &mut pass, trace,
                );
                i += consumed;
            }
        }
    }
    close_negation(out, &mut pass, trace);
    out.lexed = lexed;
    let ex = exclamations.min(EXCLAMATION_MAX) as f64 * EXCLAMATION_INCR;
    let qm = if questions > 1 {
        (questions as f64 * QUESTION_INCR).min(QUESTION_MAX)
    } else {
        0.0
    };
    out.emphasis = ex + qm;
    if T::ON {
        if exclamations > 0 {
            trace.rule(None, Rule::Exclamation);
        }
        if questions > 1 {
            trace.rule(None, Rule::Question);
        }
    }
}

/// A rating written in star glyphs from token `i` ("★★★★☆", "★★★½", "★★★★★" of 5), and the
/// token after it: filled (and half) stars over all stars written, or over 5 when no empty
/// star is.
fn star_rating(text: &str, tokens: &Tokens, toks: &[Token], i: usize) -> Option<(Rating, usize)> {
    let (mut filled, mut half, mut empty) = (0u32, 0u32, 0u32);
    let mut j = i;
    while j < toks.len()
        && matches!(
            toks[j].kind,
            TokenKind::Symbol | TokenKind::Punct | TokenKind::Number
        )
        && (j == i || adjacent(&toks[j - 1], &toks[j]))
    {
        let piece = toks[j].span.of(text);
        if !piece.chars().all(|c| matches!(c, '★' | '☆' | '½')) {
            break;
        }
        for c in piece.chars() {
            match c {
                '★' => filled += 1,
                '☆' => empty += 1,
                _ => half += 1,
            }
        }
        j += 1;
    }
    let score = filled as f64 + 0.5 * half as f64;
    let scale = if empty > 0 {
        (filled + half + empty) as f64
    } else {
        5.0
    };
    if j == i || score == 0.0 && empty == 0 || score > scale || scale > 10.0 {
        return None;
    }
    let span = Span::new(toks[i].span.start as usize, toks[j - 1].span.end as usize);
    Some((
        Rating {
            share: score / scale,
            span,
            labelled: labelled_at(text, tokens, toks, i),
        },
        j,
    ))
}

/// Whether the negator at token `i` (lowercase `lower`) is one of ability with a comparative
/// ahead in its clause: "couldn't recommend it more", "can't praise this show enough",
/// "could not be more charming" praise, they do not negate.
fn is_emphatic_negation(
    lower: &[u8],
    pass: &Pass,
    keys: &RuleKeys,
    toks: &[Token],
    lexed: &[Lexed],
    i: usize,
) -> bool {
    let ability = matches!(
        lower,
        b"couldn't" | b"can't" | b"cannot" | b"couldnt" | b"cant"
    ) || (lower == b"not"
        && (pass.prev_key == Some(keys.can) || pass.prev_key == Some(keys.could)));
    ability
        && toks[i + 1..]
            .iter()
            .zip(&lexed[i + 1..])
            .take(6)
            .take_while(|(t, _)| matches!(t.kind, TokenKind::Word | TokenKind::Number))
            .any(|(_, l)| l.key == keys.more || l.key == keys.enough)
}

/// Scores the longest phrase starting at token `i`, if one does ("never gets off the ground",
/// "tears of joy", "nothing to do"): the phrase's valence replaces its words' own (under the
/// open negation scope and hedge, as a word's would be); their learned weights still count.
/// Returns the number of tokens it spans.
#[allow(clippy::too_many_arguments)]
fn score_phrase<T: Trace>(
    lex: &Lexicon,
    toks: &[Token],
    lexed: &[Lexed],
    i: usize,
    first: usize,
    out: &mut SentenceScore,
    pass: &mut Pass,
    trace: &mut T,
) -> Option<usize> {
    let phrase = lex.phrases(lexed[i].key).iter().find(|p| {
        let n = p.rest.len();
        i + n < toks.len()
            && p.rest.iter().enumerate().all(|(k, &key)| {
                let j = i + 1 + k;
                toks[j].kind == TokenKind::Word && lexed[j].key == key
            })
    })?;
    let len = 1 + phrase.rest.len();
    let doc_index = first + i;
    out.words += len as u32;
    let (mut learned, mut learned_long) = (0.0, 0.0);
    let mut last = WordInfo::default();
    for l in &lexed[i..i + len] {
        let w = lex.word(l.key).copied().unwrap_or_default();
        learned += w.learned as f64;
        learned_long += w.learned_long as f64;
        last = w;
    }
    pass.neg_just_opened = false;
    if T::ON {
        trace.rule(Some(doc_index), Rule::Multiword);
    }
    if phrase.valence != 0.0 {
        let v = in_scope(pass, phrase.valence as f64, trace, doc_index);
        add_valence(out, pass, v, phrase.valence, trace, doc_index);
        out.neutral += len as u32 - 1;
    } else {
        out.neutral += len as u32;
        pass.segment_tokens += 1;
    }
    add_learned(out, pass, learned, learned_long);
    pass_plain_word(out, pass, trace, true, last, lexed[i + len - 1].key);
    Some(len)
}

/// Moves the pass past a word (or phrase) that opens, boosts and negates nothing: it uses up
/// one word of an open negation scope (when `counts`: determiners don't) and becomes the
/// previous word (`info`, key `key`).
#[inline]
fn pass_plain_word<T: Trace>(
    out: &mut SentenceScore,
    pass: &mut Pass,
    trace: &mut T,
    counts: bool,
    info: WordInfo,
    key: u64,
) {
    if pass.neg_scope > 0 && counts {
        pass.neg_scope -= 1;
        if pass.neg_scope == 0 {
            close_negation(out, pass, trace);
        }
    }
    pass.boosts = [0.0, pass.boosts[0], pass.boosts[1]];
    pass.prev2 = pass.prev;
    pass.prev = info;
    pass.prev_negator = false;
    pass.prev_key = Some(key);
}

/// Adds a learned weight `w` and a weight `long` of the layers for long reviews to the
/// sentence, and both to the current segment.
///
/// Half the words have no learned weight, so this adds without testing for one: adding a zero
/// leaves each sum as it is (a sum of these weights from +0 is never -0, and clause weights are
/// positive).
#[inline]
fn add_learned(out: &mut SentenceScore, pass: &Pass, w: f64, long: f64) {
    out.learned += w * pass.weight;
    out.learned_long += long * pass.weight;
    out.learned_plain += w + long;
    let seg = &mut out.segments[out.n_segments - 1];
    seg.learned += (w + long) as f32;
}

/// A valence under the open negation scope and counterfactual hedge, if any: negation flips
/// and damps it ("not good", "never wears thin"), a hedge damps or reverses it ("could have been
/// great"), both together leave it as it is ("couldn't have been better").
#[inline]
fn in_scope<T: Trace>(pass: &mut Pass, mut v: f64, trace: &mut T, doc_index: usize) -> f64 {
    let negated = pass.neg_scope > 0 && !(pass.neg_lack && v < 0.0);
    if negated && (pass.hedge || pass.neg_emphatic) {
        pass.neg_flipped = true;
        if T::ON {
            trace.rule(Some(doc_index), Rule::NegatedCounterfactual);
        }
    } else if negated {
        v *= if v > 0.0 {
            NEGATE_POSITIVE
        } else {
            NEGATE_NEGATIVE
        };
        pass.neg_flipped = true;
        if T::ON {
            trace.rule(Some(doc_index), Rule::Negation);
        }
    } else if pass.hedge {
        v *= if v > 0.0 {
            HEDGE_POSITIVE
        } else {
            HEDGE_NEGATIVE
        };
        if T::ON {
            trace.rule(Some(doc_index), Rule::Counterfactual);
        }
    }
    v
}

/// Adds a final valence `v` (base `base`) at token `index`.
fn add_valence<T: Trace>(
    out: &mut SentenceScore,
    pass: &mut Pass,
    v: f64,
    base: f32,
    trace: &mut T,
    index: usize,
) {
    let w = v * pass.weight;
    out.raw += w;
    if v > 0.0 {
        out.pos_sum += (v + 1.0) * pass.weight;
    } else if v < 0.0 {
        out.neg_sum += (v - 1.0) * pass.weight;
    } else {
        out.neutral += 1;
    }
    out.hits += 1;
    pass.last_hit = (index, v);
    let seg = &mut out.segments[out.n_segments - 1];
    seg.raw += v as f32;
    seg.hits += 1;
    if let Some(e) = out.exclusions.last_mut() {
        if e.segment == out.n_segments - 1 && e.until == u32::MAX && index as u32 > e.after {
            e.until = index as u32;
        }
    }
    if let Some(c) = out.comparisons.last_mut() {
        if c.segment == out.n_segments - 1 {
            if index as u32 <= c.token {
                c.before.0 += v as f32;
                c.before.2 += 1;
            } else {
                out.after_marks.push((index as u32, v as f32));
            }
        }
    }
    pass.segment_tokens += 1;
    if T::ON {
        trace.token(index, base, 0.0, w);
    }
}

/// Ends the negation scope, counting the negator's own valence if it flipped nothing.
fn close_negation<T: Trace>(out: &mut SentenceScore, pass: &mut Pass, trace: &mut T) {
    if pass.neg_scope > 0 || pass.neg_pending != 0.0 {
        if !pass.neg_flipped && pass.neg_pending != 0.0 {
            let v = pass.neg_pending;
            if T::ON {
                trace.rule(Some(pass.neg_pending_token), Rule::NegatorValence);
            }
            add_valence(out, pass, v, v as f32, trace, pass.neg_pending_token);
        }
        pass.neg_scope = 0;
        pass.neg_pending = 0.0;
        pass.neg_flipped = false;
        pass.neg_lack = false;
        pass.neg_emphatic = false;
    }
}

/// At a word the comparison filter let through (token `i`, document index `doc_index`): marks
/// the comparison it ends, if any. Kept out of line, as few words get here.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn mark_any_comparison(
    out: &mut SentenceScore,
    pass: &mut Pass,
    key: u64,
    keys: &RuleKeys,
    text: &str,
    tokens: &Tokens,
    toks: &[Token],
    i: usize,
    doc_index: usize,
) {
    if key == keys.than {
        mark_comparison(out, pass, tokens, toks, i, doc_index);
    } else if let Ok(k) = keys.comparison.binary_search_by_key(&key, |&(k, _)| k) {
        let sign = keys.comparison[k].1;
        mark_verb_comparison(out, text, tokens, toks, i, doc_index, sign);
    }
}

/// At "than" (token `i`) after a comparative ("funnier than", "a far more propulsive record
/// than", "no better than"), the current segment keeps what it held before it, so that a
/// mention after "than" can take the comparison's opposite ("X is funnier than Y": Y leans
/// negative) and one before it the comparison's own sign. Sentence scores do not change.
fn mark_comparison(
    out: &mut SentenceScore,
    pass: &mut Pass,
    tokens: &Tokens,
    toks: &[Token],
    i: usize,
    doc_index: usize,
) {
    let n = out.n_segments - 1;
    if out.comparisons.last().is_some_and(|c| c.segment == n) || i == 0 {
        return;
    }
    let seg = &out.segments[n];
    let lower = |j: usize| tokens.lower_bytes(&toks[j]);
    let first = segment_first(toks, seg.start, i);
    let comparative = comparative_before(tokens, toks, first, i);
    // "more than ten years", "less than a week": a quantity, not a comparison; "knew better
    // than to rent it": an action weighed, not a name.
    let quantity = toks.get(i + 1).is_some_and(|t| {
        let next = tokens.lower_bytes(t);
        t.kind == TokenKind::Number
            || next == b"to"
            || (matches!(lower(i - 1), b"more" | b"less" | b"fewer") && is_quantity_word(next))
    });
    // The comparison's sign is its comparative's (the last valence within three words before
    // "than": "funnier", "more tedious", "a more vivid record", "less charming" as negated):
    // the subject's words ("this hell would be lovelier than") do not say it.
    let first_index = doc_index - (i - first);
    let (hit, valence) = pass.last_hit;
    let near = hit != usize::MAX && hit >= first_index && hit < doc_index && hit + 3 >= doc_index;
    if !comparative || quantity || !near {
        return;
    }
    // "even richer than Y", "still worse than Y" say Y is rich, or bad, too.
    let same = (first..i).any(|j| is_comparison_negator(lower(j)))
        || (first.max(i.saturating_sub(4))..i).any(|j| matches!(lower(j), b"even" | b"still"));
    out.comparisons.push(Comparison {
        segment: n,
        at: toks[i].span.start,
        token: doc_index as u32,
        before: (seg.raw, seg.learned, seg.hits),
        same,
        sign: 0,
        valence: valence as f32,
        link: u32::MAX,
        subject_from: subject_from(tokens, toks, first, seg.start, i),
    });
    // A counterfactual hedges the comparison's first term, not what it is measured against
    // ("fans would have enjoyed it more than the insufferable mess that is Y").
    pass.hedge = false;
    pass.hedge_to_and = false;
}

/// At a word of [`COMPARISON_WORDS`] (token `i`, its side `sign`): when it ends a comparison
/// ("X outshines Y", "X pales beside Y", "X can't hold a candle to Y", "X is no Y"), the
/// current segment marks where what is compared begins, so that a mention before it takes
/// the side the comparison puts it on and one after it the other side ([`Comparison::sign`]).
fn mark_verb_comparison(
    out: &mut SentenceScore,
    text: &str,
    tokens: &Tokens,
    toks: &[Token],
    i: usize,
    doc_index: usize,
    sign: i8,
) {
    let n = out.n_segments - 1;
    if out.comparisons.last().is_some_and(|c| c.segment == n) || (i == 0 && sign != 0) {
        return;
    }
    let seg = &out.segments[n];
    // A phrase is marked after its last word ("to" of "can't hold a candle to").
    let phrase = sign == 0;
    let (sign, last) = if phrase {
        match comparison_phrase(text, tokens, toks, seg.start, i) {
            Some(found) => found,
            None => return,
        }
    } else {
        (sign, i)
    };
    // "the only reason to watch is X": the linking verb after the phrase, within its clause.
    let mut link = u32::MAX;
    if phrase && matches!(tokens.lower_bytes(&toks[i]), b"only" | b"sole" | b"lone") {
        for (k, t) in toks.iter().enumerate().skip(last + 1).take(8) {
            if t.kind != TokenKind::Word {
                break;
            }
            let w = tokens.lower_bytes(t);
            if is_linking_verb(w) || w == b"'s" {
                link = (doc_index + (k - i)) as u32;
                break;
            }
        }
    }
    // "X can't hold a candle to Y" and "X is no match for Y" are said negated; a verb of
    // outdoing or "pales" negated turns round ("X never outshines Y").
    let first = segment_first(toks, seg.start, i);
    let negated = !phrase
        && toks[first..i]
            .iter()
            .any(|t| is_comparison_negator(tokens.lower_bytes(t)));
    out.comparisons.push(Comparison {
        segment: n,
        at: toks[last].span.end,
        token: (doc_index + (last - i)) as u32,
        before: (seg.raw, seg.learned, seg.hits),
        same: negated,
        sign,
        valence: 0.0,
        link,
        subject_from: subject_from(tokens, toks, first, seg.start, i),
    });
}

/// The side a comparison by a phrase puts what precedes it on, and the token of its last
/// word, when the telling word at token `i` (of the segment starting at byte `seg_start`)
/// stands in one: below (-1) for "hold a candle to", "no match for", "a poor substitute
/// for", "falls short of", "a pale imitation (shadow, copy) of", "lacks (without) the wit
/// of", "has none of the wit of", "a step down from", and "is no" before a name ("she is no
/// Streep"); above (+1) for "preferred X to", "an improvement on (over)" and "the only
/// (sole, lone) reason (bright spot, spark, saving grace...)".
fn comparison_phrase(
    text: &str,
    tokens: &Tokens,
    toks: &[Token],
    seg_start: u32,
    i: usize,
) -> Option<(i8, usize)> {
    let back = |k: usize| -> &[u8] {
        match i.checked_sub(k).map(|j| &toks[j]) {
            Some(t) if t.span.start >= seg_start => tokens.lower_bytes(t),
            _ => b"",
        }
    };
    let fwd = |k: usize| -> &[u8] { toks.get(i + k).map_or(b"", |t| tokens.lower_bytes(t)) };
    let found = match tokens.lower_bytes(&toks[i]) {
        b"candle" => (fwd(1) == b"to" && (1..=3).any(|k| back(k).starts_with(b"hold")))
            .then_some((-1, i + 1)),
        b"match" => (back(1) == b"no" && fwd(1) == b"for").then_some((-1, i + 1)),
        b"substitute" => {
            (matches!(back(1), b"poor" | b"pale") && fwd(1) == b"for").then_some((-1, i + 1))
        }
        b"short" => ((back(1).starts_with(b"fall") || back(1) == b"fell") && fwd(1) == b"of")
            .then_some((-1, i + 1)),
        b"imitation" | b"shadow" | b"copy" => {
            (matches!(back(1), b"pale" | b"poor") && fwd(1) == b"of").then_some((-1, i + 1))
        }
        b"lacks" | b"lacked" | b"lacking" | b"lack" | b"without" => {
            (fwd(1) == b"the" && fwd(3) == b"of").then_some((-1, i + 3))
        }
        b"none" => (fwd(1) == b"of" && fwd(2) == b"the" && fwd(4) == b"of").then_some((-1, i + 4)),
        b"improvement" => matches!(fwd(1), b"on" | b"over").then_some((1, i + 1)),
        b"step" => (fwd(1) == b"down" && fwd(2) == b"from").then_some((-1, i + 2)),
        // "X is the sole reason to watch", "X brings the only spark of life to it": what
        // precedes stands above the rest.
        b"only" | b"sole" | b"lone" => {
            if back(1) != b"the" {
                return None;
            }
            // "the only good (great, redeeming...) thing"; "the only thing we learn of X" is
            // no praise.
            let good_thing = fwd(2) == b"thing" && is_praise_adjective(fwd(1));
            if good_thing {
                return Some((1, i + 2));
            }
            (1..=3)
                .find(|&k| is_saving_noun(fwd(k)))
                .map(|k| (1, i + k))
        }
        b"prefer" | b"prefers" | b"preferred" => {
            (2..=6).find(|&k| fwd(k) == b"to").map(|k| (1, i + k))
        }
        b"no" => {
            let linked = |w: &[u8]| matches!(w, b"is" | b"was") || w.ends_with(b"'s");
            // The name, perhaps after an opening quote.
            let name = toks[i + 1..]
                .iter()
                .take(2)
                .find(|t| t.kind == TokenKind::Word);
            (linked(back(1))
                && back(1) != b"there's"
                && back(2) != b"there"
                && name.is_some_and(|t| {
                    tokens.lower_bytes(t) != b"one"
                        && text.as_bytes()[t.span.start as usize].is_ascii_uppercase()
                }))
            .then_some((-1, i))
        }
        _ => None,
    }?;
    // The phrase stays within the sentence's tokens.
    (found.1 < toks.len()).then_some(found)
}

/// The first byte a comparison's subject may hold: after the last "and", "&", "or", "while"
/// or "whereas" among tokens `first..i` of the segment starting at byte `seg_start` (or the
/// segment's start).
fn subject_from(tokens: &Tokens, toks: &[Token], first: usize, seg_start: u32, i: usize) -> u32 {
    toks[first..i]
        .iter()
        .rev()
        .find(|t| {
            matches!(
                tokens.lower_bytes(t),
                b"and" | b"&" | b"or" | b"while" | b"whereas"
            )
        })
        .map_or(seg_start, |t| t.span.end)
}

/// A noun that "the only" makes praise of ("the only reason to watch", "the sole bright spot",
/// "the lone saving grace").
fn is_saving_noun(w: &[u8]) -> bool {
    matches!(
        w,
        b"reason"
            | b"bright"
            | b"spot"
            | b"spark"
            | b"highlight"
            | b"saving"
            | b"grace"
            | b"redeeming"
            | b"light"
            | b"asset"
            | b"pleasure"
            | b"joy"
            | b"standout"
            | b"virtue"
            | b"merit"
    )
}

/// An adjective that makes "the only ... thing" praise ("the only good thing about it").
fn is_praise_adjective(w: &[u8]) -> bool {
    matches!(
        w,
        b"good"
            | b"great"
            | b"nice"
            | b"decent"
            | b"interesting"
            | b"worthwhile"
            | b"redeeming"
            | b"positive"
            | b"enjoyable"
            | b"memorable"
            | b"funny"
            | b"special"
    )
}

/// "Nothing in the series is more tedious than X", "No one on screen is funnier than X": a
/// sentence opening with "nothing", "no one" or "nobody" whose "than" (within eight words,
/// after a comparative) says what is most so; its opening negates nothing.
fn nothing_compares(tokens: &Tokens, toks: &[Token], lexed: &[Lexed], keys: &RuleKeys) -> bool {
    let opening = tokens.lower_bytes(&toks[0]);
    let opens = match opening {
        b"nothing" | b"nobody" => true,
        b"no" => toks
            .get(1)
            .is_some_and(|t| matches!(tokens.lower_bytes(t), b"one" | b"film" | b"show")),
        _ => false,
    };
    opens
        && (2..toks.len().min(10))
            .any(|j| lexed[j].key == keys.than && comparative_before(tokens, toks, 0, j))
}

/// A word that makes "more than" a quantity ("more than ten years", "less than a week").
fn is_quantity_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"a" | b"an"
            | b"one"
            | b"two"
            | b"three"
            | b"four"
            | b"five"
            | b"six"
            | b"seven"
            | b"eight"
            | b"nine"
            | b"ten"
            | b"twelve"
            | b"twenty"
            | b"thirty"
            | b"fifty"
            | b"half"
            | b"dozen"
            | b"hundred"
            | b"hundreds"
            | b"thousand"
            | b"thousands"
            | b"once"
            | b"twice"
            | b"enough"
    )
}

/// The index of the first of the tokens before token `i` that lie in the segment starting at
/// byte `seg_start` (`i` when none does).
fn segment_first(toks: &[Token], seg_start: u32, i: usize) -> usize {
    toks[..i]
        .iter()
        .rposition(|t| t.span.start < seg_start)
        .map_or(0, |p| p + 1)
}

/// True when the "than" at token `i` follows a comparative: the word right before it
/// ("funnier than"), or "more" or "less" within four words before it ("more tedious than"),
/// none before token `first`.
fn comparative_before(tokens: &Tokens, toks: &[Token], first: usize, i: usize) -> bool {
    let lower = |j: usize| tokens.lower_bytes(&toks[j]);
    (first < i && is_comparative(lower(i - 1)))
        || (first.max(i.saturating_sub(4))..i).any(|j| matches!(lower(j), b"more" | b"less"))
}

/// A comparative adjective or adverb before "than" ("better", "funnier", "more").
fn is_comparative(w: &[u8]) -> bool {
    match w {
        b"better" | b"worse" | b"more" | b"less" | b"fewer" | b"greater" | b"lesser" => true,
        b"other" | b"rather" | b"whether" | b"however" | b"never" | b"ever" | b"after"
        | b"over" | b"under" => false,
        _ => w.len() >= 5 && w.ends_with(b"er"),
    }
}

/// A word that negates a comparison or says nothing compares ("not", "isn't", "no",
/// "nothing", "hardly"), as a token's lowercase form gives it (curly apostrophes folded).
fn is_comparison_negator(w: &[u8]) -> bool {
    matches!(
        w,
        b"not"
            | b"no"
            | b"never"
            | b"nothing"
            | b"nobody"
            | b"none"
            | b"neither"
            | b"hardly"
            | b"scarcely"
            | b"barely"
            | b"few"
    ) || w.ends_with(b"n't")
}

/// Starts a new segment at byte `start`.
fn new_segment(out: &mut SentenceScore, pass: &mut Pass, start: u32, major: bool) {
    if major {
        pass.major = pass.major.saturating_add(1);
    }
    if pass.segment_tokens == 0 && out.n_segments > 0 {
        // Nothing scored yet in the current segment: reuse it.
        let seg = &mut out.segments[out.n_segments - 1];
        if seg.hits == 0 && seg.learned == 0.0 {
            seg.start = start;
            seg.major = pass.major;
            return;
        }
    }
    if out.n_segments < MAX_SEGMENTS {
        out.segments[out.n_segments] = Segment {
            start,
            major: pass.major,
            ..Segment::default()
        };
        out.n_segments += 1;
    }
    pass.segment_tokens = 0;
}

/// A word that opens a clause after an exception's marker, so that no name after it is
/// excepted ("except when he sings", "except that the ending drags", "except they went too
/// far"): a subordinating conjunction or a subject pronoun.
fn opens_clause(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"when"
            | b"whenever"
            | b"that"
            | b"if"
            | b"because"
            | b"since"
            | b"where"
            | b"while"
            | b"how"
            | b"what"
            | b"why"
            | b"as"
            | b"he"
            | b"she"
            | b"they"
            | b"it"
            | b"i"
            | b"you"
            | b"we"
            | b"there"
    )
}

/// A verb that links a subject to what is said of it.
fn is_linking_verb(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"is"
            | b"was"
            | b"are"
            | b"were"
            | b"remains"
            | b"remained"
            | b"seems"
            | b"seemed"
            | b"looks"
            | b"looked"
            | b"sounds"
            | b"sounded"
            | b"feels"
            | b"felt"
            | b"proves"
            | b"proved"
            | b"becomes"
            | b"became"
    )
}

/// A clause boundary ending at byte `end`.
fn end_clause<T: Trace>(
    out: &mut SentenceScore,
    pass: &mut Pass,
    end: u32,
    major: bool,
    trace: &mut T,
) {
    close_negation(out, pass, trace);
    pass.hedge = false;
    pass.hedge_to_and = false;
    pass.boosts = [0.0; 3];
    pass.prev_key = None;
    if pass.concessive {
        pass.concessive = false;
        pass.weight = 1.0;
    }
    new_segment(out, pass, end, major);
}

#[inline]
#[allow(clippy::too_many_arguments)]
fn score_word<T: Trace>(
    lex: &Lexicon,
    text: &str,
    tokens: &Tokens,
    toks: &[Token],
    lexed: &[Lexed],
    i: usize,
    first: usize,
    shape: Shape,
    out: &mut SentenceScore,
    pass: &mut Pass,
    trace: &mut T,
) -> usize {
    let t = &toks[i];
    let doc_index = first + i;
    if shape.names && i > 0 && is_name_word(toks, lexed, i) {
        out.words += 1;
        out.neutral += 1;
        pass.prev_key = None;
        pass.prev2 = pass.prev;
        pass.prev = WordInfo::default();
        pass.prev_negator = false;
        if T::ON {
            trace.rule(Some(doc_index), Rule::Name);
        }
        return 1;
    }
    // The lowercase form as bytes: the rules only compare it and hash its parts.
    let lower = tokens.lower_bytes(t);
    if pass.segment_tokens == 0 && is_linking_verb(lower) {
        out.segments[out.n_segments - 1].predicate = true;
    }
    // "Unlike X, ...", "Compared with X, ...", "Next to X, ...", "Opposite X, ...": a stretch
    // that sets a name against its clause.
    if pass.segment_tokens == 0
        && (matches!(lower, b"unlike" | b"opposite" | b"beside")
            || (matches!(lower, b"compared" | b"next")
                && toks
                    .get(i + 1)
                    .is_some_and(|t| matches!(tokens.lower_bytes(t), b"to" | b"with"))))
    {
        out.segments[out.n_segments - 1].set_against = true;
    }
    // What is excepted ends where a clause opens ("except when he sings", "except that the
    // ending drags") or a relative clause does ("except for X, who...").
    if let Some(e) = out.exclusions.last_mut() {
        let relative = matches!(lower, b"who" | b"whose" | b"which");
        let current = out.n_segments - 1;
        // "except for X, who shows some promise": the relative clause after the comma is
        // said of the names.
        let open = e.until == u32::MAX
            && doc_index as u32 > e.after
            && (e.segment == current
                || (relative && pass.segment_tokens == 0 && e.segment + 1 == current));
        if open && (relative || opens_clause(lower)) {
            e.until = doc_index as u32;
            e.relative = relative;
        }
    }
    let own_key = lexed[i].key;
    let keys = &lex.keys;
    // "except X", "apart from X", "aside from X", "with the exception of X": what follows is
    // excepted from what the segment says.
    let next_is = |w: &[u8]| toks.get(i + 1).is_some_and(|t| tokens.lower_bytes(t) == w);
    let marker_end = if own_key == keys.except || own_key == keys.excepting {
        Some(i)
    } else if ((own_key == keys.apart || own_key == keys.aside) && next_is(b"from"))
        || (own_key == keys.exception && next_is(b"of"))
    {
        Some(i + 1)
    } else {
        None
    };
    if let Some(end) = marker_end {
        let segment = out.n_segments - 1;
        let seg = &out.segments[segment];
        let exclusion = Exclusion {
            segment,
            after: (first + end) as u32,
            until: u32::MAX,
            before: (seg.raw, seg.learned, seg.hits),
            relative: false,
        };
        match out.exclusions.last_mut() {
            Some(last) if last.segment == segment => *last = exclusion,
            _ => out.exclusions.push(exclusion),
        }
    }
    let rating = if own_key == keys.grade || own_key == keys.rating || own_key == keys.verdict {
        letter_grade_after(text, tokens, toks, i)
    } else if own_key == keys.stars || own_key == keys.star {
        star_words_rating(text, tokens, toks, i)
    } else if own_key == keys.thumbs || own_key == keys.thumb {
        thumbs_rating(text, tokens, toks, i)
    } else {
        None
    };
    if rating.is_some_and(|r| r.offer(&mut out.rating)) && T::ON {
        trace.rule(Some(doc_index), Rule::Rating);
    }
    let mut key = own_key;
    let mut info = lex.word(key).copied();
    if info.is_some_and(|w| w.is(WordClass::PhraseFirst)) {
        if let Some(len) = score_phrase(lex, toks, lexed, i, first, out, pass, trace) {
            return len;
        }
    }
    let mut consumed = 1;
    out.words += 1;

    // "binge-worthy" split into three tokens by a simple tokenizer.
    if i + 2 < toks.len()
        && toks[i + 1].kind == TokenKind::Punct
        && toks[i + 2].kind == TokenKind::Word
        && adjacent(t, &toks[i + 1])
        && adjacent(&toks[i + 1], &toks[i + 2])
        && text.as_bytes()[toks[i + 1].span.range()] == *b"-"
    {
        let second = tokens.lower_bytes(&toks[i + 2]);
        let mut buf = [0u8; 64];
        let len = lower.len() + 1 + second.len();
        if len <= buf.len() {
            buf[..lower.len()].copy_from_slice(lower);
            buf[lower.len()] = b'-';
            buf[lower.len() + 1..len].copy_from_slice(second);
            // The key of the joined text "binge-worthy".
            let joined_key = word_key(&buf[..len]);
            if let Some(ci) = lex.word(joined_key) {
                if ci.valence != 0.0 || ci.learned != 0.0 || ci.learned_long != 0.0 {
                    info = Some(*ci);
                    key = joined_key;
                    consumed = 3;
                    out.words += 1;
                    if T::ON {
                        trace.rule(Some(doc_index), Rule::Compound);
                    }
                }
            }
        }
    }
    // The rare spelling first: it is the better predicted test.
    if lower.ends_with(b"'s") && info.is_none() {
        if let Some(stem) = lower.strip_suffix(b"'s") {
            info = lex.word(word_key(stem)).copied();
            if T::ON && info.is_some() {
                trace.rule(Some(doc_index), Rule::Possessive);
            }
        }
    }
    if lexed[i].is(case::HYPHEN) && info.is_none_or(|i| i.valence == 0.0 && i.class == 0) {
        // One token "well-meaning", "good-looking" without a valence of its own: take its
        // strongest part's (keeping the whole word's learned weight).
        let mut best = info.unwrap_or_default();
        // '-' is ASCII, so splitting the bytes splits the text at its hyphens.
        for part in lower.split(|&b| b == b'-').filter(|p| !p.is_empty()) {
            if let Some(pi) = lex.word(word_key(part)) {
                if pi.valence.abs() > best.valence.abs() {
                    best.valence = pi.valence;
                }
            }
        }
        if best.valence != 0.0 {
            info = Some(best);
            if T::ON {
                trace.rule(Some(doc_index), Rule::Compound);
            }
        }
    }
    let info = info.unwrap_or_default();
    let pair = if pass.prev.is(WordClass::PairFirst) {
        pass.prev_key.and_then(|pk| lex.pair(pk, key)).copied()
    } else {
        None
    };

    // Most words carry at most a learned weight: no valence, boost, pair or rule of their own
    // (their classes matter only to the words after them, or, for determiners, to a negation
    // scope). They take the short way; explanations take the long one, which is the
    // definition (a test checks that both give the same scores).
    // "expecting a disaster and came out charmed": the expectation ends at "and".
    if pass.hedge_to_and && (own_key == keys.and || own_key == keys.then) {
        pass.hedge = false;
        pass.hedge_to_and = false;
    }
    // One branch for the whole test (`&` on bools: no short circuits).
    if !T::ON
        && (consumed == 1)
            & pair.is_none()
            & (info.valence == 0.0)
            & (info.boost == 0.0)
            & (info.class & OWN_RULES == 0)
            & !lower.ends_with(b"n't")
    {
        pass.neg_just_opened = false;
        out.neutral += 1;
        add_learned(out, pass, info.learned as f64, info.learned_long as f64);
        let counts = !info.is(WordClass::Determiner);
        pass_plain_word(out, pass, trace, counts, info, key);
        pass.segment_tokens += 1;
        return 1;
    }

    // "not only", "no doubt": the negation just opened is cancelled.
    if pass.neg_just_opened && info.is(WordClass::NegationCancel) {
        pass.neg_scope = 0;
        pass.neg_pending = 0.0;
    }
    pass.neg_just_opened = false;

    // Counterfactual hedges.
    let modal_have = info.is(WordClass::Have)
        && (pass.prev.is(WordClass::Modal)
            || (pass.prev.is(WordClass::Negator) && pass.prev2.is(WordClass::Modal)));
    // The next word, lowercase; only a few rules look at it.
    let next = || {
        toks.get(i + 1)
            .filter(|n| n.kind == TokenKind::Word)
            .map(|n| tokens.lower_bytes(n))
    };
    // The lexicon entry of the next word, if it is a word.
    let next_info = || {
        toks.get(i + 1)
            .filter(|n| n.kind == TokenKind::Word)
            .and_then(|_| lex.word(lexed[i + 1].key))
    };
    let to = Some(b"to".as_slice());
    // "would have to say" is no counterfactual.
    let modal_have = modal_have && next() != to;
    let if_only = info.is(WordClass::Only) && pass.prev.is(WordClass::If);
    let wish = (info.is(WordClass::Wish)
        && next().is_some_and(|n| WISH_SUBJECTS.iter().any(|w| w.as_bytes() == n)))
        || (info.is(WordClass::WantedTo) && next() == to);
    if modal_have || if_only || wish || info.is(WordClass::Counterfactual) {
        pass.hedge = true;
    }
    // "I expected great things": not after "than" or "as" ("better than expected").
    if info.is(WordClass::Expectation)
        && !(i > 0 && matches!(tokens.lower_bytes(&toks[i - 1]), b"than" | b"as"))
    {
        pass.hedge = true;
        pass.hedge_to_and = true;
        if T::ON {
            trace.rule(Some(doc_index), Rule::Counterfactual);
        }
    }
    // "Created by X and starring Y, the series follows...", "Set in 1970s Glasgow, the film
    // tells...": a synopsis sentence; its words tell the story, not the verdict.
    if info.is(WordClass::Credit)
        && i == 0
        && (lower == b"starring"
            || next().is_some_and(|n| {
                matches!(n, b"by" | b"in" | b"on" | b"from" | b"during" | b"around")
            }))
    {
        pass.weight = SYNOPSIS;
        if T::ON {
            trace.rule(Some(doc_index), Rule::Concessive);
        }
    }
    // "Fans may adore it", "the hype promised a masterpiece": someone else's opinion, at the
    // start of its clause, weighs little beside the writer's own.
    if info.is(WordClass::Reported) && pass.segment_tokens <= 2 && !pass.concessive {
        pass.weight *= REPORTED;
        pass.concessive = true;
        if T::ON {
            trace.rule(Some(doc_index), Rule::Concessive);
        }
    }

    // Contrast and concession.
    // "anything but boring" negates "boring"; it is no contrast.
    let anything_but = own_key == keys.but && pass.prev_key == Some(keys.anything);
    let is_contrast = info.is(WordClass::Contrast)
        && !anything_but
        && !(info.is(WordClass::Yet)
            && (pass.prev.is(WordClass::Negator)
                || next_info().is_some_and(|n| n.is(WordClass::NotAfterYet))));
    if is_contrast {
        end_clause(out, pass, t.span.start, true, trace);
        out.segments[out.n_segments - 1].contrast = true;
        out.raw *= BEFORE_BUT;
        out.learned *= BEFORE_BUT;
        out.learned_long *= BEFORE_BUT;
        out.pos_sum *= BEFORE_BUT;
        out.neg_sum *= BEFORE_BUT;
        pass.weight = AFTER_BUT;
        if T::ON {
            trace.scale(BEFORE_BUT);
            trace.rule(Some(doc_index), Rule::Contrast);
        }
    } else if info.is(WordClass::Concessive) {
        end_clause(out, pass, t.span.start, true, trace);
        pass.weight = CONCESSIVE;
        pass.concessive = true;
        if T::ON {
            trace.rule(Some(doc_index), Rule::Concessive);
        }
    }

    // "Never has a show been so good", "Rarely have I laughed so much": an inverted
    // negator opening the sentence emphasizes rather than negates.
    let inverted = i == 0
        && info.is(WordClass::Negator)
        && (next_info().is_some_and(|n| n.is(WordClass::Auxiliary))
            || nothing_compares(tokens, toks, lexed, &lex.keys));
    let negator = !inverted
        && (anything_but
            || info.is(WordClass::Negator)
            || (info.is(WordClass::Least) && !pass.prev.is(WordClass::At))
            || (info.is(WordClass::Less) && !pass.prev_negator && pass.prev_key != Some(keys.or))
            || lower.ends_with(b"n't"));
    if inverted && T::ON {
        trace.rule(Some(doc_index), Rule::Inversion);
    }

    let mut v = info.valence as f64;
    if own_key == keys.like
        && !(i > 0 && toks[i - 1].kind == TokenKind::Word && {
            let prev = tokens.lower_bytes(&toks[i - 1]);
            LIKE_VERB_AFTER.iter().any(|w| w.as_bytes() == prev)
        })
    {
        v = 0.0;
        if T::ON {
            trace.rule(Some(doc_index), Rule::Preposition);
        }
    }
    if negator {
        close_negation(out, pass, trace);
        pass.neg_scope = NEGATION_SCOPE;
        pass.neg_pending = v;
        pass.neg_pending_token = doc_index;
        pass.neg_flipped = false;
        pass.neg_lack = info.is(WordClass::Lack);
        pass.neg_emphatic = is_emphatic_negation(lower, pass, keys, toks, lexed, i);
        pass.neg_just_opened = true;
        out.neutral += 1;
    } else if v != 0.0 {
        let sign = v.signum();
        let boost: f64 = pass
            .boosts
            .iter()
            .zip(BOOST_DECAY)
            .map(|(b, d)| b * d)
            .sum();
        if boost != 0.0 {
            let boosted = v + boost * sign;
            v = if boosted.signum() == sign {
                boosted
            } else {
                0.0
            };
            if T::ON {
                let rule = if boost > 0.0 {
                    Rule::Booster
                } else {
                    Rule::Dampener
                };
                trace.rule(Some(doc_index), rule);
            }
        }
        if shape.cap_diff && lexed[i].is(case::ALL_CAPS) {
            v += CAPS_INCR * sign;
            if T::ON {
                trace.rule(Some(doc_index), Rule::Caps);
            }
        }
        v = in_scope(pass, v, trace, doc_index);
        add_valence(out, pass, v, info.valence, trace, doc_index);
    } else {
        out.neutral += 1;
    }

    let mut learned = info.learned as f64;
    let mut learned_long = info.learned_long as f64;
    let mut boost = info.boost as f64;
    if let Some(p) = pair {
        if p.valence != 0.0 {
            if T::ON {
                trace.rule(Some(doc_index), Rule::Multiword);
            }
            // A negation opened before the pair scopes it; a negator inside the pair
            // ("goes nowhere", "don't work") is part of its meaning.
            let v = if negator || pass.prev_negator {
                p.valence as f64
            } else {
                in_scope(pass, p.valence as f64, trace, doc_index)
            };
            add_valence(out, pass, v, p.valence, trace, doc_index);
        }
        learned += p.learned as f64;
        learned_long += p.learned_long as f64;
        if p.boost != 0.0 {
            boost = p.boost as f64;
        }
    }
    add_learned(out, pass, learned, learned_long);
    if T::ON && learned + learned_long != 0.0 {
        trace.token(doc_index, 0.0, (learned + learned_long) as f32, 0.0);
    }
    if boost != 0.0 && shape.cap_diff && lexed[i].is(case::ALL_CAPS) {
        boost += CAPS_INCR * boost.signum();
    }

    // The negation scope counts content words only.
    if !negator && pass.neg_scope > 0 && boost == 0.0 && !info.is(WordClass::Determiner) {
        pass.neg_scope -= 1;
        if pass.neg_scope == 0 {
            close_negation(out, pass, trace);
        }
    }
    pass.boosts = [boost, pass.boosts[0], pass.boosts[1]];
    pass.prev2 = pass.prev;
    pass.prev = info;
    pass.prev_negator = negator;
    pass.prev_key = Some(key);
    pass.segment_tokens += 1;
    consumed
}

#[cfg(test)]
mod case_tests {
    use super::*;
    use proptest::prelude::*;

    fn check(word: &str) {
        let bits = word_case(word, Span::new(0, word.len()));
        // Followed by more text, a short ASCII word is read eight bytes at once.
        let longer = format!("{word} and the rest");
        assert_eq!(
            word_case(&longer, Span::new(0, word.len())),
            bits,
            "{word:?} in {longer:?}"
        );
        let l = Lexed { key: 0, case: bits };
        assert_eq!(l.is(case::ALL_CAPS), is_all_caps(word), "{word:?}");
        assert_eq!(
            l.is(case::UPPER_FIRST),
            word.chars().next().is_some_and(char::is_uppercase),
            "{word:?}"
        );
        assert_eq!(l.is(case::I), word == "I", "{word:?}");
        assert_eq!(l.titlecase(), is_titlecase(word), "{word:?}");
    }

    #[test]
    fn case_bits_of_typical_words() {
        for w in [
            "I", "A", "Paul", "PAUL", "DJ's", "iPhone", "ÉCOLE", "École", "ß", "Ǆ", "x", "",
        ] {
            check(w);
        }
    }

    proptest! {
        #[test]
        fn case_bits_agree_with_the_char_definitions(word in "[A-Za-z'ÉéßǅΣσ0-9-]{0,8}") {
            check(&word);
        }

        #[test]
        fn case_bits_agree_on_any_string(word in any::<String>()) {
            check(&word);
        }
    }
}

#[cfg(test)]
mod fast_path_tests {
    //! Scoring without a tracer takes a short way for plain words and reads the case and
    //! hyphen bits and keys from one load per short word; explanations (a tracer) take the
    //! long way, which is the definition. Both must give the same scores, bit for bit.
    use super::*;
    use crate::tokenize::Tokenizer;
    use proptest::prelude::*;

    /// A tracer that records nothing but makes the scorer take its traced path.
    struct Long;

    impl Trace for Long {
        const ON: bool = true;
    }

    /// Words that exercise the rules, plain words, names, compounds and punctuation.
    const VOCAB: &[&str] = &[
        "the",
        "a",
        "film",
        "film's",
        "show",
        "it",
        "is",
        "was",
        "not",
        "never",
        "no",
        "isn't",
        "didn't",
        "wasnt",
        "very",
        "really",
        "kind",
        "of",
        "a bit",
        "at",
        "all",
        "least",
        "less",
        "more",
        "or",
        "but",
        "however",
        "yet",
        "another",
        "although",
        "though",
        "could",
        "have",
        "would",
        "should've",
        "wish",
        "I",
        "wanted",
        "to",
        "if",
        "only",
        "just",
        "lacks",
        "like",
        "good",
        "great",
        "bad",
        "boring",
        "GREAT",
        "AWFUL",
        "Blake",
        "Lively",
        "Breaking",
        "Bad",
        "well-meaning",
        "binge",
        "-",
        "worthy",
        "good-looking",
        "fed",
        "up",
        "can't",
        "stand",
        "grade",
        "rating",
        ":",
        "B-",
        "7/10",
        "8",
        "out",
        "10",
        ",",
        ".",
        "!",
        "!!",
        "?",
        "??",
        ";",
        "(",
        ")",
        "—",
        ":)",
        ":-(",
        "<3",
        "😂",
        "👍🏽",
        "movie",
        "plot",
        "acting",
        "waste",
        "Never",
        "has",
        "been",
        "so",
        "funny",
        "rarely",
        "hardly",
        "doubt",
        "season",
        "episode",
        "x-men",
        "people's",
        "don't",
        "work",
        "goes",
        "nowhere",
        "lacking",
        "devoid",
        "café",
        "Éclair",
        "ÉCOLE",
        "it's",
        "supposed",
        "hoped",
        "merely",
        "wonder",
        "pretty",
        "slightly",
    ];

    fn sentence_scores(lex: &Lexicon, text: &str, masked: &[Span], long: bool) -> Vec<String> {
        let mut tokens = Tokens::new();
        Tokenizer::new().tokenize(text, &mut tokens);
        let mut out = SentenceScore::default();
        (0..tokens.sentences().len())
            .map(|index| {
                if long {
                    score_sentence(lex, text, &tokens, index, masked, &mut out, &mut Long);
                } else {
                    score_sentence(lex, text, &tokens, index, masked, &mut out, &mut NoTrace);
                }
                // Debug prints floats exactly (shortest round-trip form).
                format!(
                    "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {} {:?} {:?}",
                    out.raw,
                    out.learned,
                    out.learned_long,
                    out.learned_plain,
                    out.emphasis,
                    out.pos_sum,
                    out.neg_sum,
                    out.neutral,
                    out.words,
                    out.hits,
                    out.rating,
                    &out.segments[..out.n_segments],
                )
            })
            .collect()
    }

    proptest! {
        #[test]
        fn the_short_way_scores_as_the_long_way(
            picks in proptest::collection::vec(0..VOCAB.len(), 0..40),
            glue in proptest::collection::vec(0..4usize, 40),
            mask_at in 0..30usize,
        ) {
            let lex = Lexicon::builtin();
            let mut text = String::new();
            for (n, &p) in picks.iter().enumerate() {
                text.push_str(VOCAB[p]);
                text.push_str([" ", " ", "", "  "][glue[n]]);
            }
            let mut tokens = Tokens::new();
            Tokenizer::new().tokenize(&text, &mut tokens);
            let masked: Vec<Span> = tokens.tokens().get(mask_at).map(|t| t.span).into_iter().collect();
            for masked in [&[][..], &masked[..]] {
                prop_assert_eq!(
                    sentence_scores(&lex, &text, masked, false),
                    sentence_scores(&lex, &text, masked, true),
                    "{:?}", text
                );
            }
        }
    }

    proptest! {
        #[test]
        fn adding_zero_learned_weights_changes_no_sum(
            weights in proptest::collection::vec(
                prop_oneof![Just(0.0f64), Just(-0.0f64), -3.0f64..3.0, Just(1.5), Just(-1.5)],
                0..30,
            ),
            clause in prop_oneof![Just(1.0f64), Just(0.5), Just(1.5)],
            long_layer in proptest::bool::ANY,
        ) {
            let mut out = SentenceScore { n_segments: 1, ..SentenceScore::default() };
            let pass = Pass { weight: clause, ..Pass::new() };
            let (mut learned, mut plain, mut seg) = (0.0f64, 0.0f64, 0.0f32);
            for &w in &weights {
                // The weight comes from one kind of layer or the other.
                if long_layer {
                    add_learned(&mut out, &pass, 0.0, w);
                } else {
                    add_learned(&mut out, &pass, w, 0.0);
                }
                // The definition: only nonzero weights are added.
                if w != 0.0 {
                    learned += w * clause;
                    plain += w;
                    seg += w as f32;
                }
            }
            let (sum, other) = if long_layer {
                (out.learned_long, out.learned)
            } else {
                (out.learned, out.learned_long)
            };
            prop_assert_eq!(sum.to_bits(), learned.to_bits());
            prop_assert_eq!(other.to_bits(), 0.0f64.to_bits());
            prop_assert_eq!(out.learned_plain.to_bits(), plain.to_bits());
            prop_assert_eq!(out.segments[0].learned.to_bits(), seg.to_bits());
        }
    }

    #[test]
    fn short_word_keys_and_bits_are_the_slices_definitions() {
        let text = "The FILM's well-meaning x-men: I LOVED it, don't-care 123 \
            zero-to-hero extraordinarily-long-words-here a-b É-é ok";
        let mut tokens = Tokens::new();
        Tokenizer::new().tokenize(text, &mut tokens);
        for t in tokens.tokens() {
            let l = Lexed::of(text, &tokens, t);
            if matches!(t.kind, TokenKind::Word | TokenKind::Number) {
                let lower = tokens.lower_bytes(t);
                assert_eq!({ l.key }, word_key(lower), "{:?}", t.span.of(text));
                assert_eq!(
                    l.is(case::HYPHEN),
                    lower.contains(&b'-'),
                    "{:?}",
                    t.span.of(text)
                );
            } else {
                assert_eq!((l.key, l.case), (0, 0));
            }
        }
    }
}
