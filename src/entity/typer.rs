//! The learned typer: a linear model that gives each candidate its kind, or none, from features
//! of the candidate, its context and what the rule layers said of it.
//!
//! The rule layers ([`super::patterns`], [`super::names`], [`super::resolve`]) find candidates
//! and type them; their output becomes features here ("the rules typed it actor, from a cue"),
//! beside the candidate's shape, the words around it, the word lists, the well-known names
//! ([`super::known`]) and what their words say of the candidate's, the review's genre and the
//! other candidates of the document and the cue words of its sentence, and what a large
//! unlabeled corpus says of the name ([`Priors`]: how often the sure rules typed it each kind,
//! and the [`CONTEXTS`] it stood in) and what a typer learned without that evidence decided of
//! it there ([`TypedPriors`]). A multinomial logistic regression, trained on annotated reviews
//! by [`Trainer`] (`reviewlens entities learn`), weighs them; [`Model::decide`] picks the kind
//! with the highest score.
//!
//! Invariants:
//! - a feature is a template name and a value (lowercased ASCII); the same function,
//!   [`features`], makes the features for training (as text, [`FeatureText`]) and for typing (as
//!   hashes, [`Scores`]), so a model typed with is the model trained;
//! - a model file is text: a header line, then `feature<TAB>w_none<TAB>w_show...` lines sorted
//!   by feature, weights with 4 decimals; [`Trainer`] is deterministic (fixed example order and
//!   fixed-seed shuffles, one thread, its own `exp`), so the same gold gives the same file
//!   byte for byte;
//! - a feature's hash is of its template's name, `=` and its value with ASCII letters
//!   lowercased; `hash_value` (eight bytes a step) is checked against `hash_reference`
//!   (a copy lowercased first), and a model file's lines are hashed the same way when read;
//! - weights are summed in the order [`features`] gives the features, in training and in
//!   typing alike, so the same model gives the same scores to the last bit;
//! - typing reads only the document: no state is kept between documents;
//! - a model with weights for any [`decided_features`] reads a document twice: the first
//!   reading's scores decide each candidate once ([`Decided`]), and those decisions of the
//!   other candidates are a second reading's features, whose weights are added to the first
//!   scores; they are learned over first scores cross-fitted by document
//!   ([`Trainer::add_with_offset`]), and the first reading's weights are the same as without
//!   them;
//! - typed priors give a feature only for a name they hold (a name the corpus never showed
//!   counts as nothing, not as evidence against it), and a typer learns them cross-fitted
//!   (`reviewlens entities learn --typed-corpus`): no document learns from counts a typer
//!   that learned from it made.

use super::classes::WordClasses;
use super::joins::{self, Joint};
use super::known::{self, Known};
use super::lexicon::flags as lf;
use super::names::{is_close_quote, is_open_quote, Form};
use super::resolve::{canonical_cow, is_canonical};
use super::scan::{shape, Tok, TokKind};
use super::words::Word;
use super::{Cand, Genre, MentionKind, NONE};
use crate::ascii::headed_lines;
use crate::error::{read_data_file, Result};
use crate::hash::KeyFilter;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::path::Path;
use std::sync::OnceLock;

/// The decisions, in model-file column order: no entity, then each kind.
pub const LABELS: [Option<MentionKind>; 6] = [
    None,
    Some(MentionKind::Show),
    Some(MentionKind::Actor),
    Some(MentionKind::Character),
    Some(MentionKind::Song),
    Some(MentionKind::Person),
];

/// Number of decisions.
pub const N: usize = LABELS.len();

/// The first line of a model file.
pub const MODEL_HEADER: &str = "# reviewlens: entity typer";

/// The index of show in [`LABELS`].
pub const SHOW: usize = 1;
/// The index of character in [`LABELS`].
pub const CHARACTER: usize = 3;
const _: () = assert!(matches!(LABELS[SHOW], Some(MentionKind::Show)));
const _: () = assert!(matches!(LABELS[CHARACTER], Some(MentionKind::Character)));

/// The index of a decision in [`LABELS`].
pub fn label_index(kind: Option<MentionKind>) -> usize {
    LABELS.iter().position(|&l| l == kind).unwrap_or(0)
}

const K: u64 = 0x517c_c1b7_2722_0a95;

/// The hash state after a template's name and `=`, byte by byte (at compile time for the
/// templates of [`features`], through [`t!`]).
const fn seed_of(name: &[u8]) -> u64 {
    let mut h: u64 = 0;
    let mut i = 0;
    while i <= name.len() {
        let b = if i < name.len() { name[i] } else { b'=' };
        h = (h.rotate_left(5) ^ b as u64).wrapping_mul(K);
        i += 1;
    }
    h
}

/// A feature template: its name and the hash state its values start from.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    /// The name, as model files write it before `=`.
    pub name: &'static str,
    seed: u64,
}

impl Template {
    /// The template called `name`.
    pub const fn new(name: &'static str) -> Template {
        Template {
            name,
            seed: seed_of(name.as_bytes()),
        }
    }
}

/// A [`Template`] made at compile time.
macro_rules! t {
    ($name:literal) => {{
        const T: Template = Template::new($name);
        T
    }};
}

/// ASCII letters of eight bytes lowercased at once; every other byte unchanged.
#[inline]
fn lower8(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & LOW7;
    // Bit 7 of each byte: set when its low seven bits are >= 'A', and >= '[' (past 'Z').
    let from_a = low.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let past_z = low.wrapping_add(0x2525_2525_2525_2525);
    let upper = from_a & !past_z & !x & HIGH;
    x | (upper >> 2)
}

/// A feature's hash from its template's `seed`: the value lowercased (ASCII), eight bytes at a
/// step (the last step zero-padded), then its length.
#[inline]
fn hash_value(seed: u64, value: &[u8]) -> u64 {
    let mut h = seed;
    let mut chunks = value.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        h = (h.rotate_left(5) ^ lower8(x)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h.rotate_left(5) ^ lower8(tail(rest))).wrapping_mul(K);
    }
    (h ^ value.len() as u64).wrapping_mul(K)
}

/// The 1 to 7 bytes of `rest` as a little-endian integer zero-padded to eight bytes, read in
/// registers: two overlapping loads (of four bytes, or of single bytes under four) whose common
/// bytes agree. Copying them into a zeroed array and loading it back cost a call to `memcpy`
/// and a store-to-load stall on every short feature value (a third of `features`' time on the
/// entity bench).
#[inline]
fn tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    debug_assert!((1..8).contains(&n));
    if n >= 4 {
        let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
        let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
        u64::from(lo) | (u64::from(hi) << (8 * (n - 4)))
    } else {
        let (first, mid, last) = (rest[0], rest[n / 2], rest[n - 1]);
        u64::from(first) | (u64::from(mid) << (8 * (n / 2))) | (u64::from(last) << (8 * (n - 1)))
    }
}

/// A feature's hash, from its template's name (as a model file gives it) and its value.
fn hash_feature(template: &str, value: &[u8]) -> u64 {
    hash_value(seed_of(template.as_bytes()), value)
}

/// [`hash_value`] the plain way: the value lowercased into a copy, then hashed in 8-byte steps;
/// the oracle its tests compare with.
#[cfg(test)]
fn hash_reference(template: &str, value: &[u8]) -> u64 {
    let lower = value.to_ascii_lowercase();
    let mut h = seed_of(template.as_bytes());
    for c in lower.chunks(8) {
        let mut step = [0u8; 8];
        step[..c.len()].copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(step)).wrapping_mul(K);
    }
    (h ^ value.len() as u64).wrapping_mul(K)
}

/// Concatenates `parts` into `buf` (cut at its end), for a feature value made of several.
fn joined<'b>(buf: &'b mut [u8; 48], parts: &[&[u8]]) -> &'b [u8] {
    let mut n = 0;
    for part in parts {
        let take = part.len().min(buf.len() - n);
        buf[n..n + take].copy_from_slice(&part[..take]);
        n += take;
    }
    &buf[..n]
}

/// The seed of the texts the typer compares (names, last words).
const EMPTY_SEED: u64 = seed_of(b"");

/// The key of a word as the typer compares words: its bytes hashed, ASCII letters lowercased
/// ([`super::classes`] looks words up by it).
pub(super) fn word_key(word: &[u8]) -> u64 {
    hash_value(EMPTY_SEED, word)
}

/// Where [`features`] puts the features of a candidate.
pub trait FeatureSink {
    /// One feature: `template` with `value` (lowercased by the sink).
    fn feature(&mut self, template: Template, value: &[u8]);
}

/// Features as text (`template=value`), for training and for showing what decided.
#[derive(Debug, Default)]
pub struct FeatureText(pub Vec<String>);

impl FeatureSink for FeatureText {
    fn feature(&mut self, template: Template, value: &[u8]) {
        let value = String::from_utf8_lossy(value).to_ascii_lowercase();
        if !value.contains(['\t', '\n', '\r']) {
            self.0.push(format!("{}={value}", template.name));
        }
    }
}

/// The scores of each decision, summed from a model's weights in the order the features came.
pub struct Scores<'m> {
    model: &'m Model,
    /// Per decision.
    pub scores: [f32; N],
    /// The hashes of the features not yet looked up: a candidate's lookups are made together,
    /// in one tight loop whose memory reads overlap, rather than one between each feature.
    pending: [u64; 64],
    n: usize,
}

impl<'m> Scores<'m> {
    fn new(model: &'m Model) -> Scores<'m> {
        Scores {
            model,
            scores: [0.0; N],
            pending: [0; 64],
            n: 0,
        }
    }

    /// Adds the weights of the pending features, in the order they came.
    fn flush(&mut self) {
        for &h in &self.pending[..self.n] {
            if let Some(w) = self.model.weights_of(h) {
                for (s, w) in self.scores.iter_mut().zip(w) {
                    *s += w;
                }
            }
        }
        self.n = 0;
    }
}

impl FeatureSink for Scores<'_> {
    #[inline]
    fn feature(&mut self, template: Template, value: &[u8]) {
        if self.n == self.pending.len() {
            self.flush();
        }
        self.pending[self.n] = hash_value(template.seed, value);
        self.n += 1;
    }
}

/// Each feature with the weights the model gives it, for showing what decided (`explain`).
pub struct Contributions<'m> {
    model: &'m Model,
    /// `template=value` and its weights, for features the model has weights for.
    pub features: Vec<(String, [f32; N])>,
}

impl<'m> Contributions<'m> {
    /// An empty list of contributions under `model`.
    pub fn new(model: &'m Model) -> Contributions<'m> {
        Contributions {
            model,
            features: Vec::new(),
        }
    }
}

impl FeatureSink for Contributions<'_> {
    fn feature(&mut self, template: Template, value: &[u8]) {
        if let Some(w) = self.model.weights_of(hash_value(template.seed, value)) {
            let value = String::from_utf8_lossy(value).to_ascii_lowercase();
            self.features
                .push((format!("{}={value}", template.name), *w));
        }
    }
}

type FastMap<V> = HashMap<u64, V, BuildHasherDefault<super::lexicon::FxHasher>>;

/// A typer's weights.
#[derive(Clone, Debug)]
pub struct Model {
    weights: FastMap<[f32; N]>,
    /// A bit per top bits of each feature hash with weights: most of a candidate's features
    /// have none, and are turned away by one load from this small table instead of a probe
    /// of the map.
    filter: KeyFilter,
    /// Whether any feature with weights is one of [`decided_features`] (a second reading).
    second_reading: bool,
}

impl Default for Model {
    fn default() -> Model {
        Model::of(FastMap::default(), false)
    }
}

impl Model {
    /// The model of `weights`, with its filter.
    fn of(weights: FastMap<[f32; N]>, second_reading: bool) -> Model {
        // Sixteen bits per feature or more: about one absent feature in sixteen probes the map.
        let log2_bits = (weights.len().max(4) * 16)
            .next_power_of_two()
            .trailing_zeros();
        let filter = KeyFilter::of(log2_bits, weights.keys());
        Model {
            weights,
            filter,
            second_reading,
        }
    }

    /// Whether the model reads what a first reading decided of the other candidates
    /// ([`decided_features`]).
    pub fn reads_twice(&self) -> bool {
        self.second_reading
    }

    /// The scores of features given as text (`template=value`, as [`FeatureText`] makes
    /// them), summed in their order.
    pub fn score_text(&self, features: &[String]) -> [f32; N] {
        let mut scores = [0f32; N];
        for f in features {
            let (template, value) = f.split_once('=').unwrap_or((f, ""));
            if let Some(w) = self.weights_of(hash_feature(template, value.as_bytes())) {
                for (s, w) in scores.iter_mut().zip(w) {
                    *s += w;
                }
            }
        }
        scores
    }

    /// Candidate `ci`'s first scores `first` with the weights of its [`decided_features`]
    /// added, one after another in their order (as training adds them to its offsets).
    pub fn read_again(
        &self,
        doc: &Doc<'_>,
        ci: usize,
        decided: &Decided,
        first: [f32; N],
    ) -> [f32; N] {
        let mut scores = Scores::new(self);
        scores.scores = first;
        decided_features(doc, ci, decided, &mut scores);
        scores.flush();
        scores.scores
    }

    /// The weights of the feature hashed `h`, if it has any.
    #[inline]
    fn weights_of(&self, h: u64) -> Option<&[f32; N]> {
        if !self.filter.may_hold(h) {
            return None;
        }
        self.weights.get(&h)
    }
}

impl Model {
    /// The model shipped with reviewlens (`data/entity/typer.tsv`), parsed once.
    pub fn builtin() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::parse(include_str!("../../data/entity/typer.tsv"))
                .unwrap_or_else(|_| Model::default())
        })
    }

    /// A model read from a file written by [`Trainer::write`]. A file with no weights (its
    /// header alone) is refused: typing with it would silently leave the rules alone, which
    /// `--entity-model none` says openly.
    pub fn from_path(path: &Path) -> Result<Model> {
        read_data_file(path, |text| {
            let model = Model::parse(text)?;
            if model.is_empty() {
                return Err((
                    1,
                    "an entity typer with no weights (learn one with `reviewlens entities \
                     learn`, or give `none` for the rules alone)"
                        .to_string(),
                ));
            }
            Ok(model)
        })
    }

    /// Parses a model file; an error gives the line (from 1) and what is wrong.
    pub fn parse(text: &str) -> std::result::Result<Model, (usize, String)> {
        let mut weights = FastMap::default();
        let mut second_reading = false;
        for (i, line) in headed_lines(text, MODEL_HEADER, "an entity typer")? {
            let mut fields = crate::ascii::split_byte(line, b'\t');
            let feature = fields.next().unwrap_or("");
            let Some((template, value)) = feature.split_once('=') else {
                return Err((i + 1, format!("{feature:?} is not template=value")));
            };
            let mut w = [0f32; N];
            for slot in &mut w {
                let field = fields
                    .next()
                    .ok_or_else(|| (i + 1, format!("{N} weights expected")))?;
                *slot = crate::ascii::parse_decimal(field)
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| (i + 1, format!("{field:?} is not a number")))?;
            }
            if fields.next().is_some() {
                return Err((i + 1, format!("more than {N} weights")));
            }
            second_reading |= is_decided_template(template);
            weights.insert(hash_feature(template, value.as_bytes()), w);
        }
        Ok(Model::of(weights, second_reading))
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// True when the model has no weights (it types nothing).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The decision with the highest score for candidate `ci`, and the scores.
    pub fn decide(&self, doc: &Doc<'_>, ci: usize) -> (Option<MentionKind>, [f32; N]) {
        let mut scores = Scores::new(self);
        features(doc, ci, &mut scores);
        scores.flush();
        let best = argmax(&scores.scores);
        (LABELS[best], scores.scores)
    }
}

/// The index of the largest score; the first on ties.
pub fn argmax(scores: &[f32; N]) -> usize {
    let mut best = 0;
    for i in 1..N {
        if scores[i] > scores[best] {
            best = i;
        }
    }
    best
}

/// The kinds priors count, in priors-file column order.
pub const PRIOR_KINDS: [MentionKind; 5] = [
    MentionKind::Show,
    MentionKind::Actor,
    MentionKind::Character,
    MentionKind::Song,
    MentionKind::Person,
];

/// The known names' classes, with the values features write them as: for a name of several
/// words, and for one word alone (a singer called "Prince", a philosopher called "Aristotle").
const KNOWN_CLASSES: [(u8, KnownValues); 8] = [
    (known::class::ACTOR, (b"actor", b"actor 1")),
    (known::class::DIRECTOR, (b"director", b"director 1")),
    (known::class::MUSICIAN, (b"musician", b"musician 1")),
    (known::class::PERSON, (b"person", b"person 1")),
    (known::class::FILM, (b"film", b"film 1")),
    (known::class::CAST, (b"cast", b"cast 1")),
    (known::class::TV, (b"tv", b"tv 1")),
    (known::class::SONG, (b"song", b"song 1")),
];

/// A known class's feature values: for a name of several words, for one word alone.
type KnownValues = (&'static [u8], &'static [u8]);

/// The known classes that come from long lists of titles and casts (films, TV series, charting
/// songs, films' casts), which no list keeps complete: a review's new or invented title is in
/// none of them.
const LISTED_CLASSES: [&str; 4] = ["film", "tv", "song", "cast"];

/// The share of names (by a hash of the name, so all of a name's mentions alike) whose training
/// examples are shown without their [`LISTED_CLASSES`] features, so that the typer learns to
/// type a title or a cast member from its context too and does not take a name missing from
/// the lists for a sign that it is no title.
pub const LISTED_DROPOUT: f64 = 0.5;

/// The features of candidate `ci` of `doc`, whose text is `surface`, as a training example
/// shows them: [`features`], less the [`LISTED_CLASSES`] ones when [`LISTED_DROPOUT`] picks
/// the name ([`drop_listed`]).
pub fn training_features(doc: &Doc<'_>, ci: usize, surface: &str) -> Vec<String> {
    let mut features = FeatureText::default();
    self::features(doc, ci, &mut features);
    drop_listed(surface, &mut features.0);
    features.0
}

/// Drops the [`LISTED_CLASSES`] features of a training example of the name `surface` when
/// [`LISTED_DROPOUT`] picks it (by its [`word_key`], which ignores ASCII case).
fn drop_listed(surface: &str, features: &mut Vec<String>) {
    let h = word_key(surface.as_bytes());
    if (h >> 11) as f64 / (1u64 << 53) as f64 >= LISTED_DROPOUT {
        return;
    }
    features.retain(|f| {
        let value = f
            .strip_prefix("known=")
            .or_else(|| f.strip_prefix("known full name="));
        value.is_none_or(|v| !LISTED_CLASSES.contains(&v.trim_end_matches(" 1")))
    });
}

/// The first line of a priors file.
pub const PRIORS_HEADER: &str = "# reviewlens: entity priors";

/// A name's key in priors: canonical (quotes and apostrophes folded, white space collapsed),
/// ASCII lowercased.
pub fn prior_key(surface: &str) -> String {
    canonical_cow(surface).to_ascii_lowercase()
}

/// A name's key in [`Priors`] and [`Known`]: the hash of its canonical form, ASCII letters
/// lowercased. A candidate whose text is canonical already has it as its text's hash.
pub(super) fn name_key(surface: &str) -> u64 {
    hash_value(EMPTY_SEED, canonical_cow(surface).as_bytes())
}

/// The contexts corpus priors count for each name, by the tags a priors file writes them as:
/// quoted (`q`) or emphasized (`e`); a cue word of each class ([`CUES`]: song, show, album,
/// performer, musician, role) within four tokens before (`<s`...) or after (`>s`...);
/// possessive; at a sentence's start; an opening parenthesis right before or right after;
/// right after the lowercase word "the", "by", "in", "as" or "plays"/"played"; in capitals;
/// given a role by a casting pattern; after an honorific. Distributional evidence, as in
/// Collins and Singer's (1999) contextual rules: where a name stands over thousands of
/// reviews, read without labels.
pub const CONTEXTS: [&str; 26] = [
    "q", "e", "<s", "<w", "<a", "<p", "<m", "<r", ">s", ">w", ">a", ">p", ">m", ">r", "pos",
    "start", "<(", ">(", "<the", "<by", "<in", "<as", "<plays", "caps", "role", "hon",
];

/// The number of [`CONTEXTS`].
pub const N_CONTEXTS: usize = CONTEXTS.len();

/// The [`CONTEXTS`] candidate `c` stands in, as bits (bit `k` for `CONTEXTS[k]`).
pub fn contexts_of(toks: &[Tok], c: &Cand) -> u32 {
    let (first, last) = (c.first as usize, c.last as usize);
    let mut bits = 0u32;
    let mut set = |k: usize| bits |= 1 << k;
    match c.form {
        Form::Quoted => set(0),
        Form::Emphasis => set(1),
        _ => {}
    }
    for (base, before) in [(2, true), (8, false)] {
        for t in cue_window(toks, first, last, before) {
            let info = t.info();
            for (i, &(bit, _)) in CUES.iter().enumerate() {
                if info.has(bit) {
                    set(base + i);
                }
            }
        }
    }
    if toks[last].is(shape::POSS) {
        set(14);
    }
    if toks[first].is(shape::SENT_START) {
        set(15);
    }
    let before = first.checked_sub(1).map(|i| &toks[i]);
    if before.is_some_and(|t| t.is_punct('(')) {
        set(16);
    }
    if toks.get(last + 1).is_some_and(|t| t.is_punct('(')) {
        set(17);
    }
    if let Some(b) = before {
        for (k, w) in [
            (18, Word::The),
            (19, Word::By),
            (20, Word::In),
            (21, Word::As),
        ] {
            if b.is_lower(w) {
                set(k);
            }
        }
        if b.is_lower(Word::Plays) || b.is_lower(Word::Played) {
            set(22);
        }
    }
    if all_caps(&toks[first..=last]) {
        set(23);
    }
    if !c.role.is_none() {
        set(24);
    }
    if c.honorific {
        set(25);
    }
    bits
}

/// A count written in decimal digits (`str::parse` without its generic machinery: priors
/// files hold hundreds of thousands of counts, parsed at every start).
pub(super) fn parse_count(field: &str) -> Option<u32> {
    if field.is_empty() || field.len() > 10 {
        return None;
    }
    let mut n = 0u64;
    for b in field.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
    }
    u32::try_from(n).ok()
}

/// A context tag's bytes as one integer (tags are at most eight bytes).
const fn pack_tag(tag: &[u8]) -> u64 {
    let mut x = 0u64;
    let mut i = 0;
    while i < tag.len() && i < 8 {
        x |= (tag[i] as u64) << (8 * i);
        i += 1;
    }
    x
}

/// [`CONTEXTS`] packed by [`pack_tag`].
const PACKED_CONTEXTS: [u64; N_CONTEXTS] = {
    let mut packed = [0u64; N_CONTEXTS];
    let mut k = 0;
    while k < N_CONTEXTS {
        assert!(CONTEXTS[k].len() <= 8);
        packed[k] = pack_tag(CONTEXTS[k].as_bytes());
        k += 1;
    }
    packed
};

/// The index in [`CONTEXTS`] of `tag`.
fn context_index(tag: &str) -> Option<usize> {
    if tag.len() > 8 {
        return None;
    }
    let packed = pack_tag(tag.as_bytes());
    PACKED_CONTEXTS.iter().position(|&p| p == packed)
}

/// What priors hold of one name.
#[derive(Clone, Copy, Debug, Default)]
pub struct PriorEntry {
    /// The times the rules typed it each of [`PRIOR_KINDS`], then the times it was a
    /// candidate.
    pub counts: [u32; 6],
    /// The times it stood in each of [`CONTEXTS`].
    pub contexts: [u32; N_CONTEXTS],
}

impl PriorEntry {
    fn add(&mut self, other: &PriorEntry) {
        for (s, c) in self.counts.iter_mut().zip(&other.counts) {
            *s = s.saturating_add(*c);
        }
        for (s, c) in self.contexts.iter_mut().zip(&other.contexts) {
            *s = s.saturating_add(*c);
        }
    }
}

/// Corpus priors: for each name, how often the high-precision rule layers (casting structure,
/// cue words, a user's gazetteer) typed it each kind over a large corpus, how often it was a
/// candidate at all, and in which [`CONTEXTS`]. Learned without labels by `reviewlens
/// entities mine`.
#[derive(Clone, Debug, Default)]
pub struct Priors {
    /// Per name ([`name_key`]).
    entries: FastMap<PriorEntry>,
    /// The names of two words or more, as the files write them, with their keys, for
    /// [`super::titles`].
    multiword: Vec<(u64, Box<str>)>,
}

impl Priors {
    /// The priors shipped with reviewlens (`data/entity/priors.tsv`), parsed once.
    pub fn builtin() -> &'static Priors {
        static PRIORS: OnceLock<Priors> = OnceLock::new();
        PRIORS.get_or_init(|| {
            Priors::parse(include_str!("../../data/entity/priors.tsv")).unwrap_or_default()
        })
    }

    /// Priors read from a file written by [`PriorCounter::write`].
    pub fn from_path(path: &Path) -> Result<Priors> {
        read_data_file(path, Priors::parse)
    }

    /// Parses a priors file; an error gives the line (from 1) and what is wrong.
    pub fn parse(text: &str) -> std::result::Result<Priors, (usize, String)> {
        let mut priors = Priors::default();
        for (i, line) in headed_lines(text, PRIORS_HEADER, "entity priors")? {
            let (name, entry) = parse_prior_line(line).map_err(|e| (i + 1, e))?;
            priors.add(name, &entry);
        }
        Ok(priors)
    }

    /// Adds `entry`'s counts to the name's.
    pub fn add(&mut self, name: &str, entry: &PriorEntry) {
        let key = name_key(name);
        self.entries.entry(key).or_default().add(entry);
        if name.contains(' ') {
            self.multiword.push((key, name.into()));
        }
    }

    /// Adds every name of `other`.
    pub fn merge(&mut self, other: &Priors) {
        for (h, entry) in &other.entries {
            self.entries.entry(*h).or_default().add(entry);
        }
        self.multiword.extend(other.multiword.iter().cloned());
    }

    /// Each name of two words or more with what the priors hold of it (a name merged from
    /// several files comes once per file, with the same entry).
    pub fn multiword_entries(&self) -> impl Iterator<Item = (&str, &PriorEntry)> {
        self.multiword
            .iter()
            .filter_map(|(key, n)| self.entries.get(key).map(|e| (&**n, e)))
    }

    /// What the priors hold of a name as written (in any case).
    pub fn get(&self, surface: &str) -> Option<&PriorEntry> {
        self.entries.get(&name_key(surface))
    }

    /// What the priors hold of the name keyed `key` ([`name_key`]).
    fn get_key(&self, key: u64) -> Option<&PriorEntry> {
        self.entries.get(&key)
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no name.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One line of a priors file: the name and its counts and contexts.
fn parse_prior_line(line: &str) -> std::result::Result<(&str, PriorEntry), String> {
    let mut fields = crate::ascii::split_byte(line, b'\t');
    let name = fields.next().unwrap_or("");
    let mut entry = PriorEntry::default();
    for slot in &mut entry.counts {
        let field = fields
            .next()
            .ok_or_else(|| "7 or 8 fields expected".to_string())?;
        *slot = parse_count(field).ok_or_else(|| format!("{field:?} is not a count"))?;
    }
    // The contexts (files mined before they were counted have none): `tag=count` pairs
    // between spaces.
    for pair in
        crate::ascii::split_byte(fields.next().unwrap_or(""), b' ').filter(|p| !p.is_empty())
    {
        let (tag, n) = pair
            .split_once('=')
            .ok_or_else(|| format!("{pair:?} is not a context=count pair"))?;
        let k = context_index(tag).ok_or_else(|| format!("{tag:?} is not a context"))?;
        entry.contexts[k] = parse_count(n).ok_or_else(|| format!("{n:?} is not a count"))?;
    }
    if fields.next().is_some() {
        return Err("7 or 8 fields expected".to_string());
    }
    Ok((name, entry))
}

/// Typed priors: for each name, how often a typer (learned without them) typed it each kind
/// over a corpus, and how often it was a candidate at all. The file is a priors file (written
/// by [`PriorCounter::write`] from [`EntityExtractor::count_typed`](super::EntityExtractor::count_typed)
/// counts); only the counts are kept, 24 bytes a name.
#[derive(Clone, Debug, Default)]
pub struct TypedPriors {
    entries: FastMap<[u32; 6]>,
}

impl TypedPriors {
    /// The typed priors shipped with reviewlens (`data/entity/typed_priors.tsv`): what the
    /// typer, learned without them, decided of each name over imdb_train.csv (annotated and
    /// held-out reviews left out), parsed once.
    pub fn builtin() -> &'static TypedPriors {
        static TYPED: OnceLock<TypedPriors> = OnceLock::new();
        TYPED.get_or_init(|| {
            TypedPriors::parse(include_str!("../../data/entity/typed_priors.tsv"))
                .unwrap_or_default()
        })
    }

    /// Typed priors read from a file (`reviewlens entities learn --typed-output`).
    pub fn from_path(path: &Path) -> Result<TypedPriors> {
        read_data_file(path, TypedPriors::parse)
    }

    /// Parses a typed priors file; an error gives the line (from 1) and what is wrong.
    pub fn parse(text: &str) -> std::result::Result<TypedPriors, (usize, String)> {
        let mut typed = TypedPriors::default();
        for (i, line) in headed_lines(text, PRIORS_HEADER, "entity priors")? {
            let (name, entry) = parse_prior_line(line).map_err(|e| (i + 1, e))?;
            let slot = typed.entries.entry(name_key(name)).or_default();
            for (s, c) in slot.iter_mut().zip(&entry.counts) {
                *s = s.saturating_add(*c);
            }
        }
        Ok(typed)
    }

    /// The counts of the name `surface` (any case), if it has any.
    pub fn get(&self, surface: &str) -> Option<&[u32; 6]> {
        self.entries.get(&name_key(surface))
    }

    /// The number of names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no name.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Counts, over a corpus, what the rule layers say of each name, for [`Priors`].
#[derive(Debug, Default)]
pub struct PriorCounter {
    entries: HashMap<String, PriorEntry>,
}

impl PriorCounter {
    /// An empty counter.
    pub fn new() -> PriorCounter {
        PriorCounter::default()
    }

    /// Counts one candidate: its text, the kind the rules gave it if they were sure (`None`
    /// otherwise), and the [`CONTEXTS`] it stands in (bits, [`contexts_of`]).
    pub fn count(&mut self, surface: &str, sure: Option<MentionKind>, contexts: u32) {
        let slot = self.entries.entry(prior_key(surface)).or_default();
        if let Some(kind) = sure {
            if let Some(k) = PRIOR_KINDS.iter().position(|&p| p == kind) {
                slot.counts[k] = slot.counts[k].saturating_add(1);
            }
        }
        slot.counts[5] = slot.counts[5].saturating_add(1);
        for (k, n) in slot.contexts.iter_mut().enumerate() {
            if contexts & (1 << k) != 0 {
                *n = n.saturating_add(1);
            }
        }
    }

    /// Adds another counter's counts.
    pub fn merge(&mut self, other: PriorCounter) {
        for (name, entry) in other.entries {
            self.entries.entry(name).or_default().add(&entry);
        }
    }

    /// The names typed at least `min_typed` times or candidates at least `min_seen` times (and
    /// that a line can hold: a name opening with `#` would be read back as a comment), in no
    /// order.
    fn kept(&self, min_typed: u32, min_seen: u32) -> impl Iterator<Item = (&String, &PriorEntry)> {
        self.entries.iter().filter(move |(name, e)| {
            (e.counts[..5].iter().sum::<u32>() >= min_typed || e.counts[5] >= min_seen)
                && !name.contains(['\t', '\n', '\r'])
                && !name.starts_with('#')
        })
    }

    /// The typed priors of the names [`write`](Self::write) would write: the same table as
    /// that file read back by [`TypedPriors::parse`].
    pub fn typed_priors(&self, min_typed: u32, min_seen: u32) -> TypedPriors {
        let mut typed = TypedPriors::default();
        for (name, e) in self.kept(min_typed, min_seen) {
            let slot = typed.entries.entry(name_key(name)).or_default();
            for (s, c) in slot.iter_mut().zip(&e.counts) {
                *s = s.saturating_add(*c);
            }
        }
        typed
    }

    /// Writes the names typed at least `min_typed` times or candidates at least `min_seen`
    /// times (sorted), after `notes` as `#` lines; a context is written when it was seen at
    /// least twice.
    pub fn write(
        &self,
        min_typed: u32,
        min_seen: u32,
        notes: &str,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<usize> {
        writeln!(out, "{PRIORS_HEADER} (name, then the times it was typed: show actor character song person, then the times it was a candidate, then the contexts it stood in: tag=times)")?;
        for line in notes.lines() {
            writeln!(out, "# {line}")?;
        }
        let mut names: Vec<(&String, &PriorEntry)> = self.kept(min_typed, min_seen).collect();
        names.sort_by(|a, b| a.0.cmp(b.0));
        for (name, e) in &names {
            let c = &e.counts;
            write!(
                out,
                "{name}\t{}\t{}\t{}\t{}\t{}\t{}\t",
                c[0], c[1], c[2], c[3], c[4], c[5]
            )?;
            let mut sep = "";
            for (tag, &n) in CONTEXTS.iter().zip(&e.contexts) {
                if n >= 2 {
                    write!(out, "{sep}{tag}={n}")?;
                    sep = " ";
                }
            }
            writeln!(out)?;
        }
        Ok(names.len())
    }
}

/// What [`features`] reads of a document: its text, scanned tokens, candidates (as the rule
/// layers left them) and genre, and an index of the candidates' words.
pub struct Doc<'a> {
    text: &'a str,
    toks: &'a [Tok],
    cands: &'a [Cand],
    genre: Genre,
    /// Per candidate: how many candidates of the document have the same text (lowercased
    /// hash), five for five or more.
    same_text: Vec<u8>,
    /// The hash of each multi-word person-like candidate's last word, with its rule kind and
    /// known classes.
    last_words: FastMap<(Option<MentionKind>, u8)>,
    /// Per candidate: its [`name_key`] and classes in the known names ([`SpanInfo`]).
    infos: Cow<'a, [SpanInfo]>,
    /// The sentences (split at sentence starts and line breaks): each one's first token and how
    /// many words of each cue class ([`CUES`]) it holds ([`Sentence`]).
    sentences: Cow<'a, [Sentence]>,
    /// Per candidate: the index in `sentences` of the sentence its first token is in.
    sentence_of: Vec<u32>,
    priors: Option<&'a Priors>,
    /// What a typer decided of each name over a corpus ([`TypedPriors`]).
    typed: Option<&'a TypedPriors>,
    /// The word classes ([`WordClasses::builtin`]).
    classes: &'static WordClasses,
}

impl Doc<'_> {
    /// Candidate `ci`'s text as a name key ([`name_key`]): equal for the same name written
    /// with other case, quotes or spacing.
    pub fn name_key_of(&self, ci: usize) -> u64 {
        self.infos[ci].key
    }

    /// The candidates listed right before and after candidate `ci` ([`list_neighbours`]).
    pub fn list_neighbours_of(&self, ci: usize) -> impl Iterator<Item = usize> + '_ {
        list_neighbours(self, ci)
    }
}

/// The cue classes of the lexicon and the letters features write them as: s song, w show, a
/// album, p performer, m musician, r role.
const CUES: [(u16, u8); 6] = [
    (lf::SONG, b's'),
    (lf::SHOW, b'w'),
    (lf::ALBUM, b'a'),
    (lf::ACTOR, b'p'),
    (lf::ARTIST, b'm'),
    (lf::ROLE, b'r'),
];

/// Every cue class's flag: a word with none of them (most words) is passed over at once.
const CUE_FLAGS: u16 = {
    let mut all = 0;
    let mut i = 0;
    while i < CUES.len() {
        all |= CUES[i].0;
        i += 1;
    }
    all
};

/// Counts, per cue class, the cue words among `toks`.
fn count_cues(toks: &[Tok], counts: &mut [u16; CUES.len()]) {
    for t in toks.iter().filter(|t| t.is_word()) {
        let info = t.info();
        if !info.has(CUE_FLAGS) {
            continue;
        }
        for (n, &(bit, _)) in counts.iter_mut().zip(&CUES) {
            if info.has(bit) {
                *n = n.saturating_add(1);
            }
        }
    }
}

/// What the typer reads of a candidate's text alone: its name key ([`name_key`]), its classes in
/// the known names ([`Known`]) and what the known names' words say of it ([`Known::word_evidence`],
/// as [`evidence_bin`]s: song against film, person against title; [`NO_EVIDENCE`] when none of its
/// words is in a listed name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpanInfo {
    key: u64,
    known: u8,
    words: [u8; 2],
}

/// The bounds of the bins [`Known::word_evidence`]'s log-likelihood ratios fall in: bin `i`
/// holds the ratios above `EVIDENCE_BOUNDS[i - 1]` up to `EVIDENCE_BOUNDS[i]`.
const EVIDENCE_BOUNDS: [f32; 6] = [-4.0, -2.0, -0.5, 0.5, 2.0, 4.0];

/// A [`SpanInfo`]'s word evidence when the known names hold none of the candidate's words.
const NO_EVIDENCE: [u8; 2] = [u8::MAX; 2];

/// The bin (0 to 6) of a log-likelihood ratio: how many of [`EVIDENCE_BOUNDS`] it exceeds.
fn evidence_bin(ratio: f32) -> u8 {
    EVIDENCE_BOUNDS.iter().filter(|&&b| ratio > b).count() as u8
}

/// Appends the [`SpanInfo`] of each of `cands` to `out`.
pub fn span_infos(text: &str, cands: &[Cand], out: &mut Vec<SpanInfo>) {
    let known_names = Known::builtin();
    out.extend(cands.iter().map(|c| {
        let span = &text[c.start as usize..c.end as usize];
        let hash = hash_value(EMPTY_SEED, span.as_bytes());
        // Most candidates' texts are canonical: their key is their text's hash.
        let key = if is_canonical(span.as_bytes()) {
            hash
        } else {
            name_key(span)
        };
        let known = known_names.classes_keyed(span, key);
        SpanInfo {
            key,
            known,
            words: known_names
                .word_evidence(span, known)
                .map_or(NO_EVIDENCE, |r| r.map(evidence_bin)),
        }
    }));
}

/// A sentence as the typer reads it: its first token and how many words of each cue class
/// (song, show, album, performer, musician, role) it holds.
pub type Sentence = (u32, [u16; CUES.len()]);

/// The sentences of `toks` (split at sentence starts and line breaks), into `out`, in one pass
/// over the tokens.
pub fn sentences_of(toks: &[Tok], out: &mut Vec<Sentence>) {
    out.clear();
    out.push((0, [0; CUES.len()]));
    for (i, t) in toks.iter().enumerate() {
        let starts = t.kind() == TokKind::Break || (t.is(shape::SENT_START) && i > 0);
        if starts && out.last().is_some_and(|s| s.0 < i as u32) {
            out.push((i as u32, [0; CUES.len()]));
        }
        if let Some(last) = out.last_mut() {
            count_cues(std::slice::from_ref(t), &mut last.1);
        }
    }
}

impl<'a> Doc<'a> {
    /// The document as the typer reads it.
    pub fn new(
        text: &'a str,
        toks: &'a [Tok],
        cands: &'a [Cand],
        genre: Genre,
        priors: Option<&'a Priors>,
    ) -> Doc<'a> {
        let mut sentences = Vec::new();
        sentences_of(toks, &mut sentences);
        let mut infos = Vec::new();
        span_infos(text, cands, &mut infos);
        Doc::with_parts(
            text,
            toks,
            cands,
            Cow::Owned(sentences),
            Cow::Owned(infos),
            genre,
            priors,
        )
    }

    /// [`new`](Self::new) with the sentences of `toks` ([`sentences_of`]) and the
    /// [`SpanInfo`] of each of `cands` ([`span_infos`]) already found: a document read twice,
    /// with other candidates, walks its tokens once and looks each name up once.
    pub fn with_parts(
        text: &'a str,
        toks: &'a [Tok],
        cands: &'a [Cand],
        sentences: Cow<'a, [Sentence]>,
        infos: Cow<'a, [SpanInfo]>,
        genre: Genre,
        priors: Option<&'a Priors>,
    ) -> Doc<'a> {
        debug_assert!({
            let mut fresh = Vec::new();
            sentences_of(toks, &mut fresh);
            let mut fresh_infos = Vec::new();
            span_infos(text, cands, &mut fresh_infos);
            fresh[..] == sentences[..] && fresh_infos[..] == infos[..]
        });
        // Each candidate's text hashed (lowercased), and how many have it.
        let hashes: Vec<u64> = cands
            .iter()
            .map(|c| {
                hash_value(
                    EMPTY_SEED,
                    &text.as_bytes()[c.start as usize..c.end as usize],
                )
            })
            .collect();
        let mut counts: FastMap<u32> = FastMap::default();
        for &h in &hashes {
            *counts.entry(h).or_insert(0) += 1;
        }
        // Features read five or more as one.
        let same_text = hashes.iter().map(|h| counts[h].min(5) as u8).collect();
        drop(hashes);
        // The first multi-word name a word ends gives its kind and known classes.
        let mut last_words: FastMap<(Option<MentionKind>, u8)> = FastMap::default();
        for (ci, c) in cands.iter().enumerate() {
            if c.last <= c.first || !c.form.is_personish() {
                continue;
            }
            let t = &toks[c.last as usize];
            let word = &text.as_bytes()[t.start as usize..t.core_end as usize];
            last_words
                .entry(hash_value(EMPTY_SEED, word))
                .or_insert((c.kind, infos[ci].known));
        }
        // Each candidate's sentence, by one walk over both (candidates come in text order; one
        // that does not is looked up).
        let mut si = 0;
        let sentence_of = cands
            .iter()
            .map(|c| {
                let first = c.first;
                if sentences[si].0 > first {
                    si = sentence_index(&sentences, first);
                }
                while sentences.get(si + 1).is_some_and(|s| s.0 <= first) {
                    si += 1;
                }
                si as u32
            })
            .collect();
        Doc {
            text,
            toks,
            cands,
            genre,
            same_text,
            infos,
            last_words,
            sentences,
            sentence_of,
            priors,
            typed: None,
            classes: WordClasses::builtin(),
        }
    }

    /// The document with `typed` priors to read: what a typer decided of each name over a
    /// corpus.
    pub fn with_typed(mut self, typed: Option<&'a TypedPriors>) -> Doc<'a> {
        self.typed = typed;
        self
    }

    fn word(&self, t: &Tok) -> &'a [u8] {
        &self.text.as_bytes()[t.start as usize..t.core_end as usize]
    }
}

fn kind_name(kind: Option<MentionKind>) -> &'static str {
    kind.map_or("-", MentionKind::as_str)
}

/// The cue classes of a word, as letters (s song, w show, a album, p performer, m musician, r
/// role), or empty.
fn cue_letters(t: &Tok, out: &mut [u8; 6]) -> usize {
    let info = t.info();
    if !info.has(CUE_FLAGS) {
        return 0;
    }
    let mut n = 0;
    for (bit, letter) in CUES {
        if info.has(bit) {
            out[n] = letter;
            n += 1;
        }
    }
    n
}

/// A token as a context value: a word's text, a mark's char, `<em>`, `<br>`.
fn token_value<'t>(doc: &Doc<'t>, t: &Tok, buf: &'t mut [u8; 4]) -> &'t [u8] {
    match t.kind() {
        TokKind::Word | TokKind::Num => doc.word(t),
        TokKind::Punct(c) => c.encode_utf8(buf).as_bytes(),
        TokKind::EmOpen => b"<em>",
        TokKind::EmClose => b"</em>",
        TokKind::Break => b"<br>",
    }
}

/// `n` written in decimal into `buf`.
fn decimal(n: u16, buf: &mut [u8; 5]) -> &[u8] {
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

/// The features of candidate `ci` of `doc`.
pub fn features(doc: &Doc<'_>, ci: usize, sink: &mut impl FeatureSink) {
    let c = &doc.cands[ci];
    let toks = doc.toks;
    let (first, last) = (c.first as usize, c.last as usize);
    let rule = kind_name(c.kind);
    let strength = [b'0' + c.strength.level()];
    let genre: &[u8] = if doc.genre.is_music() {
        b"music"
    } else if doc.genre.screen > 0 {
        b"screen"
    } else {
        b"none"
    };
    sink.feature(t!("bias"), b"");
    sink.feature(t!("rule"), rule.as_bytes());
    let mut buf = [0u8; 48];
    sink.feature(
        t!("rule+strength"),
        joined(&mut buf, &[rule.as_bytes(), &strength]),
    );

    sink.feature(
        t!("rule+genre"),
        joined(&mut buf, &[rule.as_bytes(), b"+", genre]),
    );
    sink.feature(t!("genre"), genre);
    let form = FORM_NAMES[form_index(c)];
    sink.feature(t!("form"), form.as_bytes());
    sink.feature(
        t!("form+genre"),
        joined(&mut buf, &[form.as_bytes(), b"+", genre]),
    );
    if c.blocked {
        sink.feature(t!("blocked"), b"");
    }
    // A "!" or "?" a title would own ("Oliver!", "Dig!, fortune smiled"): see
    // [`super::titles::take_own_edges`].
    if super::titles::own_mark(doc.text, c.start as usize, c.end as usize) {
        sink.feature(t!("own mark"), b"");
    }
    if c.honorific {
        sink.feature(t!("honorific"), b"");
    }
    if !c.role.is_none() {
        sink.feature(t!("role"), c.role.as_str().as_bytes());
    }
    if c.link != NONE {
        let partner = kind_name(doc.cands.get(c.link as usize).and_then(|p| p.kind));
        sink.feature(t!("linked"), partner.as_bytes());
    }
    list_features(doc, ci, sink);
    if c.joint != Joint::None {
        joint_features(doc, c, genre, sink);
    }
    let words = toks[first..=last].iter().filter(|t| t.is_word()).count();
    sink.feature(t!("words"), &[b'0' + words.min(5) as u8]);
    let span = &doc.text.as_bytes()[c.start as usize..c.end as usize];
    sink.feature(t!("text"), span);
    let same = doc.same_text[ci];
    sink.feature(t!("same text"), &[b'0' + same]);

    // The words of the candidate.
    let first_tok = &toks[first];
    let last_tok = &toks[last];
    sink.feature(t!("first word"), doc.word(first_tok));
    sink.feature(t!("last word"), doc.word(last_tok));
    let mut lists = [0u8; 3];
    for (name, t) in [
        (t!("first word is"), first_tok),
        (t!("last word is"), last_tok),
    ] {
        sink.feature(name, list_letters(t, &mut lists));
    }
    if all_caps(&toks[first..=last]) {
        sink.feature(t!("all caps"), b"");
    }
    if toks[first..=last].iter().any(|t| t.kind() == TokKind::Num) {
        sink.feature(t!("number"), b"");
    }
    if first_tok.is(shape::SENT_START) {
        sink.feature(t!("sentence start"), b"");
    }
    if last_tok.is(shape::POSS) {
        sink.feature(t!("possessive"), b"");
    }
    let suffix_len = doc.word(last_tok).len().min(3);
    let lw = doc.word(last_tok);
    sink.feature(t!("suffix"), &lw[lw.len() - suffix_len..]);
    // What the known names say of the name, and of the full name a single word ends.
    for &(bit, class) in &KNOWN_CLASSES {
        if doc.infos[ci].known & bit != 0 {
            sink.feature(t!("known"), if words == 1 { class.1 } else { class.0 });
        }
    }
    // What the words of the known names say of its words.
    if doc.infos[ci].words != NO_EVIDENCE {
        let [song, name] = doc.infos[ci].words.map(|bin| [b'0' + bin]);
        sink.feature(t!("song words"), &song);
        sink.feature(t!("name words"), &name);
        sink.feature(
            t!("song words+genre"),
            joined(&mut buf, &[&song, b"+", genre]),
        );
        sink.feature(
            t!("song words+form"),
            joined(&mut buf, &[&song, b"+", form.as_bytes()]),
        );
    }
    if words == 1 {
        let h = hash_value(EMPTY_SEED, doc.word(last_tok));
        if let Some(&(kind, known)) = doc.last_words.get(&h) {
            sink.feature(t!("surname of"), kind_name(kind).as_bytes());
            for &(bit, class) in &KNOWN_CLASSES {
                if known & bit != 0 {
                    sink.feature(t!("known full name"), class.0);
                }
            }
        }
    }

    // What the corpus says of the name (and, for a single word, of the full name it ends).
    if let Some(priors) = doc.priors {
        let entry = priors.get_key(doc.infos[ci].key);
        prior_features(entry.map(|e| (&e.counts, &e.contexts)), t!("prior"), sink);
    }
    // What a typer decided of the name over a corpus: the evidence of the other reviews that
    // name it, wherever the name stands in them (a second round of bootstrapping, as Collins
    // and Singer's). A name the corpus never showed gives nothing: a new show is no less a
    // show.
    if let Some(counts) = doc.typed.and_then(|t| t.entries.get(&doc.infos[ci].key)) {
        prior_features(Some((counts, &NO_CONTEXTS)), t!("typed"), sink);
    }

    // The context: two tokens each side, and the cue words within four.
    let mut buf = [0u8; 4];
    let before = |k: usize| first.checked_sub(k).map(|i| &toks[i]);
    let after = |k: usize| toks.get(last + k);

    // The classes of the name's first and last word and of the words right beside it.
    let mut digits = [0u8; 5];
    for (template, t) in [
        (t!("class first word"), Some(first_tok)),
        (t!("class last word"), Some(last_tok)),
        (t!("class before"), before(1)),
        (t!("class after"), after(1)),
    ] {
        let class = t
            .filter(|t| t.is_word())
            .and_then(|t| doc.classes.class_of(doc.word(t)));
        if let Some(class) = class {
            sink.feature(template, decimal(class, &mut digits));
        }
    }
    for (name, t) in [(t!("before"), before(1)), (t!("before 2"), before(2))] {
        match t {
            Some(t) => sink.feature(name, token_value(doc, t, &mut buf)),
            None => sink.feature(name, b"^"),
        }
    }
    for (name, t) in [(t!("after"), after(1)), (t!("after 2"), after(2))] {
        match t {
            Some(t) => sink.feature(name, token_value(doc, t, &mut buf)),
            None => sink.feature(name, b"$"),
        }
    }
    if let (Some(b), Some(a)) = (before(1), after(1)) {
        let mut pair = [0u8; 8];
        let mut b1 = [0u8; 4];
        let mut a1 = [0u8; 4];
        let bv = token_value(doc, b, &mut b1);
        let av = token_value(doc, a, &mut a1);
        if !b.is_word() && !a.is_word() && bv.len() + av.len() < pair.len() {
            pair[..bv.len()].copy_from_slice(bv);
            pair[bv.len()] = b'_';
            pair[bv.len() + 1..bv.len() + 1 + av.len()].copy_from_slice(av);
            sink.feature(t!("around"), &pair[..bv.len() + 1 + av.len()]);
        }
    }
    // The lowercase words nearby (within three tokens, in the same line).
    for (dir, template) in [(-1i64, t!("word before")), (1, t!("word after"))] {
        for k in 1..=3i64 {
            let i = if dir < 0 {
                first as i64 - k
            } else {
                last as i64 + k
            };
            let Some(t) = usize::try_from(i).ok().and_then(|i| toks.get(i)) else {
                break;
            };
            if t.kind() == TokKind::Break {
                break;
            }
            if t.is_word() && !t.is(shape::CAP) {
                sink.feature(template, doc.word(t));
            }
        }
    }
    sentence_features(doc, ci, sink);
    let mut cues = [0u8; 6];
    for (template, before) in [(t!("cue before"), true), (t!("cue after"), false)] {
        for t in cue_window(toks, first, last, before) {
            let n = cue_letters(t, &mut cues);
            for &l in &cues[..n] {
                sink.feature(template, &[l]);
            }
        }
    }
}

/// What a title joined from two candidates ([`joins`]) is made of: its joint, and the words
/// either side of the joint with the name lists that hold them ("Dexter's Lab": a first name
/// before a possessive; "Altman's Nashville": a surname).
fn joint_features(doc: &Doc<'_>, c: &Cand, genre: &[u8], sink: &mut impl FeatureSink) {
    let joint = c.joint.as_str().as_bytes();
    let mut buf = [0u8; 48];
    sink.feature(t!("joint"), joint);
    sink.feature(t!("joint+genre"), joined(&mut buf, &[joint, b"+", genre]));
    let toks = doc.toks;
    let Some((l, r)) = joins::parts(doc.text, toks, c.first as usize, c.last as usize, c.joint)
    else {
        return;
    };
    let mut lists = [0u8; 3];
    for (word, is, t) in [
        (t!("joint left"), t!("joint left is"), &toks[l]),
        (t!("joint right"), t!("joint right is"), &toks[r]),
    ] {
        sink.feature(word, doc.word(t));
        sink.feature(is, list_letters(t, &mut lists));
    }
}

/// The name lists that hold the word of token `t`, as letters written into `buf`: g first
/// names, s surnames, c common words.
fn list_letters<'b>(t: &Tok, buf: &'b mut [u8; 3]) -> &'b [u8] {
    let info = t.info();
    let mut n = 0;
    for (bit, letter) in [
        (lf::FIRST_NAME, b'g'),
        (lf::SURNAME, b's'),
        (lf::COMMON, b'c'),
    ] {
        if info.has(bit) {
            buf[n] = letter;
            n += 1;
        }
    }
    &buf[..n]
}

/// The candidates listed beside candidate `ci` ("X, Y and Z", "X / Y"): the one before and
/// the one after it, when only commas, slashes, ampersands, quote marks, "and" or "or" stand
/// between (at most four tokens, no line break).
fn list_neighbours(doc: &Doc<'_>, ci: usize) -> impl Iterator<Item = usize> {
    list_before(doc, ci).into_iter().chain(list_after(doc, ci))
}

/// Whether only list punctuation, quote marks, "and" or "or" stand between tokens `from` and
/// `to` (at most four tokens, at least one comma, slash, ampersand, semicolon, "and" or "or").
fn list_joins(doc: &Doc<'_>, from: u32, to: u32) -> bool {
    // Tokens strictly between.
    if to <= from + 1 || to - from - 1 > 4 {
        return false;
    }
    let between = &doc.toks[from as usize + 1..to as usize];
    let mut joined = false;
    for t in between {
        match t.kind() {
            TokKind::Punct(',' | '/' | '&' | ';') => joined = true,
            // A quote mark, as the span layer reads them, or a straight apostrophe.
            TokKind::Punct('\'') => {}
            _ if is_open_quote(t) || is_close_quote(t) => {}
            TokKind::Word if t.is_lower(Word::And) || t.is_lower(Word::Or) => joined = true,
            _ => return false,
        }
    }
    joined
}

/// The candidate listed right before candidate `ci` ([`list_neighbours`]), if any.
fn list_before(doc: &Doc<'_>, ci: usize) -> Option<usize> {
    let c = &doc.cands[ci];
    ci.checked_sub(1)
        .filter(|&p| doc.cands[p].last < c.first && list_joins(doc, doc.cands[p].last, c.first))
}

/// The candidate listed right after candidate `ci` ([`list_neighbours`]), if any.
fn list_after(doc: &Doc<'_>, ci: usize) -> Option<usize> {
    let c = &doc.cands[ci];
    Some(ci + 1)
        .filter(|&n| n < doc.cands.len())
        .filter(|&n| doc.cands[n].first > c.last && list_joins(doc, c.last, doc.cands[n].first))
}

/// What the candidates listed beside candidate `ci` are: their rule kinds and the kinds the
/// corpus gives their names most (items of a list are mostly of one kind).
fn list_features(doc: &Doc<'_>, ci: usize, sink: &mut impl FeatureSink) {
    for nb in list_neighbours(doc, ci) {
        sink.feature(t!("list rule"), kind_name(doc.cands[nb].kind).as_bytes());
        let key = doc.infos[nb].key;
        if let Some(e) = doc.priors.and_then(|p| p.get_key(key)) {
            if let Some(k) = top_kind(&e.counts) {
                sink.feature(t!("list prior"), k);
            }
        }
        if let Some(counts) = doc.typed.and_then(|t| t.entries.get(&key)) {
            if let Some(k) = top_kind(counts) {
                sink.feature(t!("list typed"), k);
            }
        }
    }
}

/// The templates of [`decided_features`] all begin so: a model with weights for any of them
/// reads a document twice ([`Model::reads_twice`]).
const DECIDED: &str = "decided ";

/// True for the name of a template of [`decided_features`].
fn is_decided_template(name: &str) -> bool {
    name.starts_with(DECIDED)
}

/// The decisions as [`decided_features`] write them.
const DECISION_NAMES: [&[u8]; N] = [b"none", b"show", b"actor", b"character", b"song", b"person"];

/// A candidate's forms as the `form` features write them (and [`decided_features`] counts
/// decisions by): the [`Form`]s, then a listed title ([`Cand::listed`]), whatever its form.
const FORM_NAMES: [&str; 7] = [
    "quoted", "emphasis", "person", "namelike", "title", "single", "listed",
];

/// The index of candidate `c`'s form in [`FORM_NAMES`].
fn form_index(c: &Cand) -> usize {
    if c.listed {
        return 6;
    }
    match c.form {
        Form::Quoted => 0,
        Form::Emphasis => 1,
        Form::Person => 2,
        Form::NameLike => 3,
        Form::Title => 4,
        Form::Single => 5,
    }
}

/// What a first reading decided of every candidate of a document (the index in [`LABELS`] of
/// each one's decision), counted per sentence, per form and over the document, for
/// [`decided_features`].
#[derive(Debug, Default)]
pub struct Decided {
    labels: Vec<u8>,
    /// By the index of a sentence that holds candidates (a review of many short sentences
    /// holds few).
    by_sentence: FastMap<[u16; N]>,
    by_form: [[u16; N]; FORM_NAMES.len()],
    all: [u16; N],
}

impl Decided {
    /// The counts of `labels` (one per candidate of `doc`).
    pub fn of(doc: &Doc<'_>, labels: Vec<u8>) -> Decided {
        debug_assert_eq!(labels.len(), doc.cands.len());
        let mut by_sentence: FastMap<[u16; N]> = FastMap::default();
        let mut by_form = [[0u16; N]; FORM_NAMES.len()];
        let mut all = [0u16; N];
        for (ci, &l) in labels.iter().enumerate() {
            let l = usize::from(l);
            let bump = |n: &mut u16| *n = n.saturating_add(1);
            bump(
                &mut by_sentence
                    .entry(u64::from(doc.sentence_of[ci]))
                    .or_default()[l],
            );
            bump(&mut by_form[form_index(&doc.cands[ci])][l]);
            bump(&mut all[l]);
        }
        Decided {
            labels,
            by_sentence,
            by_form,
            all,
        }
    }

    /// The decision of candidate `ci`.
    pub fn label(&self, ci: usize) -> usize {
        usize::from(self.labels[ci])
    }
}

/// The decision `counts` hold most (ties: the first; none only when `with_none`), with a word
/// for its share of `total` (all, most, some); `None` when no count is above zero.
fn top_of(counts: &[u16; N], with_none: bool) -> Option<(usize, &'static [u8])> {
    let total: u32 = counts.iter().map(|&n| u32::from(n)).sum();
    let from = usize::from(!with_none);
    let best = (from..N).fold(from, |b, k| if counts[k] > counts[b] { k } else { b });
    let n = u32::from(counts[best]);
    if n == 0 {
        return None;
    }
    let share: &[u8] = if n == total {
        b" all"
    } else if n * 2 > total {
        b" most"
    } else {
        b" some"
    };
    Some((best, share))
}

/// What a first reading decided of the candidates around candidate `ci` (`decided`), as a
/// second reading's features: the decision most of the list it is an item of holds (the
/// candidates listed before and after it, transitively), with its own first decision; each
/// decision the other candidates of its sentence hold; the one most other candidates of its
/// form hold in the document; and the kind (not none) most other candidates of the document
/// hold. A setlist whose items are mostly read as songs, or a review whose quoted titles are
/// mostly films, says what its uncertain items are (Krishnan and Manning's two-stage reading
/// of non-local evidence, 2006).
pub fn decided_features(doc: &Doc<'_>, ci: usize, decided: &Decided, sink: &mut impl FeatureSink) {
    let own = decided.label(ci);
    let mut buf = [0u8; 48];
    // The list: the items before it, then those after (a long list is read 64 items each way).
    let mut counts = [0u16; N];
    for step in [list_before, list_after] {
        let mut at = ci;
        for _ in 0..64 {
            let Some(next) = step(doc, at) else { break };
            counts[decided.label(next)] += 1;
            at = next;
        }
    }
    if let Some((top, share)) = top_of(&counts, true) {
        let value = joined(&mut buf, &[DECISION_NAMES[top], share]);
        sink.feature(t!("decided list"), value);
        let value = joined(
            &mut buf,
            &[DECISION_NAMES[top], share, b" ", DECISION_NAMES[own]],
        );
        sink.feature(t!("decided list+own"), value);
    }
    // The candidates right before and after it in its sentence ("Gary Oldman as Jackson Lamb").
    for (template, other) in [
        (t!("decided before"), ci.checked_sub(1)),
        (t!("decided after"), Some(ci + 1)),
    ] {
        if let Some((o, word)) = other.and_then(|o| beside(doc, ci, o)) {
            let value = joined(&mut buf, &[DECISION_NAMES[decided.label(o)], b" ", word]);
            sink.feature(template, value);
        }
    }
    // The others of its sentence.
    let mut sentence = decided.by_sentence[&u64::from(doc.sentence_of[ci])];
    sentence[own] -= 1;
    for k in 1..N {
        if sentence[k] > 0 {
            sink.feature(t!("decided sentence"), DECISION_NAMES[k]);
        }
    }
    // The others of its form.
    let mut form = decided.by_form[form_index(&doc.cands[ci])];
    form[own] -= 1;
    if let Some((top, share)) = top_of(&form, true) {
        let value = joined(&mut buf, &[DECISION_NAMES[top], share]);
        sink.feature(t!("decided form"), value);
    }
    // The document.
    let mut all = decided.all;
    all[own] -= 1;
    if let Some((top, share)) = top_of(&all, false) {
        let value = joined(&mut buf, &[DECISION_NAMES[top], share]);
        sink.feature(t!("decided document"), value);
    }
}

/// Candidate `o` when it stands right beside candidate `ci` for [`decided_features`]: in its
/// sentence, with at most two tokens between; with the word between (empty when none, `..`
/// for two tokens).
fn beside<'d>(doc: &Doc<'d>, ci: usize, o: usize) -> Option<(usize, &'d [u8])> {
    if o >= doc.cands.len() || doc.sentence_of[o] != doc.sentence_of[ci] {
        return None;
    }
    let (c, oc) = (&doc.cands[ci], &doc.cands[o]);
    let (from, to) = if o < ci {
        (oc.last, c.first)
    } else {
        (c.last, oc.first)
    };
    if to <= from || to - from > 3 {
        return None;
    }
    let word: &[u8] = match &doc.toks[from as usize + 1..to as usize] {
        [] => b"",
        [t] => doc.word(t),
        _ => b"..",
    };
    Some((o, word))
}

/// The kind a name's prior counts give most, if any.
fn top_kind(c: &[u32; 6]) -> Option<&'static [u8]> {
    let mut best = 0;
    for k in 1..5 {
        if c[k] > c[best] {
            best = k;
        }
    }
    (c[best] > 0).then(|| PRIOR_KINDS[best].as_str().as_bytes())
}

/// The tokens within four of a candidate over tokens `first..=last`, on the side `before` says
/// (nearest first), up to a line break: the window the `cue before` and `cue after` features
/// and the priors' cue [`CONTEXTS`] read.
fn cue_window(toks: &[Tok], first: usize, last: usize, before: bool) -> impl Iterator<Item = &Tok> {
    (1..=4)
        .map_while(move |k| {
            if before {
                first.checked_sub(k).map(|i| &toks[i])
            } else {
                toks.get(last + k)
            }
        })
        .take_while(|t| t.kind() != TokKind::Break)
}

/// True when every word of `toks` is in capitals.
fn all_caps(toks: &[Tok]) -> bool {
    toks.iter().all(|t| !t.is_word() || t.is(shape::ALL_CAPS))
}

/// The cues of the sentence holding candidate `ci` outside the candidate and the window of
/// four tokens each side that `cue before` and `cue after` read, anywhere else in the
/// sentence (`sentence cue`), and of the sentence before it (`previous sentence cue`; the one
/// after it was tried and cost 0.008 of cross-validated macro F1).
/// The index of the sentence (of `sentences`, by first token) that token `first` is in.
fn sentence_index(sentences: &[Sentence], first: u32) -> usize {
    sentences
        .partition_point(|s| s.0 <= first)
        .saturating_sub(1)
}

fn sentence_features(doc: &Doc<'_>, ci: usize, sink: &mut impl FeatureSink) {
    let c = &doc.cands[ci];
    let (first, last) = (c.first as usize, c.last as usize);
    let si = doc.sentence_of[ci] as usize;
    debug_assert_eq!(si, sentence_index(&doc.sentences, c.first));
    let end = doc
        .sentences
        .get(si + 1)
        .map_or(doc.toks.len(), |s| s.0 as usize);
    let start = doc.sentences[si].0 as usize;
    let mut counts = doc.sentences[si].1;
    let mut near = [0u16; CUES.len()];
    count_cues(
        &doc.toks[first.saturating_sub(4).max(start)..(last + 5).min(end)],
        &mut near,
    );
    for (k, (n, &(_, letter))) in counts.iter_mut().zip(&CUES).enumerate() {
        *n = n.saturating_sub(near[k]);
        if *n > 0 {
            sink.feature(t!("sentence cue"), &[letter]);
        }
    }
    if let Some(prev) = si.checked_sub(1).map(|p| &doc.sentences[p]) {
        for (&n, &(_, letter)) in prev.1.iter().zip(&CUES) {
            if n > 0 {
                sink.feature(t!("previous sentence cue"), &[letter]);
            }
        }
    }
}

/// The features of the [`CONTEXTS`] a name stood in over the corpus: each context seen at
/// least twice and in a twentieth of the name's occurrences or more, with its share (some, a
/// fifth or more, half or more).
fn context_features(counts: &[u32; 6], contexts: &[u32; N_CONTEXTS], sink: &mut impl FeatureSink) {
    let seen = counts[5];
    if seen < 3 {
        return;
    }
    let mut buf = [0u8; 48];
    for (tag, &n) in CONTEXTS.iter().zip(contexts) {
        if n < 2 || n * 20 < seen {
            continue;
        }
        let share: &[u8] = if n * 2 >= seen {
            b" most"
        } else if n * 5 >= seen {
            b" many"
        } else {
            b" some"
        };
        sink.feature(t!("context"), joined(&mut buf, &[tag.as_bytes(), share]));
    }
}

/// The contexts of a name counted without them (typed priors).
const NO_CONTEXTS: [u32; N_CONTEXTS] = [0; N_CONTEXTS];

/// The features of a name's prior counts: for each kind typed, how often (a few times, some,
/// many) and what share of the typings; the most typed kind; how often the name was a
/// candidate at all.
fn prior_features(
    entry: Option<(&[u32; 6], &[u32; N_CONTEXTS])>,
    template: Template,
    sink: &mut impl FeatureSink,
) {
    let Some((c, contexts)) = entry else {
        sink.feature(template, b"unseen");
        return;
    };
    let typed: u32 = c[..5].iter().sum();
    let seen = c[5];
    let seen_bucket: &[u8] = match seen {
        0..=2 => b"seen few",
        3..=20 => b"seen some",
        _ => b"seen many",
    };
    sink.feature(template, seen_bucket);
    context_features(c, contexts, sink);
    if typed == 0 {
        sink.feature(template, b"never typed");
        return;
    }
    let mut buf = [0u8; 48];
    for k in 0..5 {
        if c[k] == 0 {
            continue;
        }
        let share = c[k] as f64 / typed as f64;
        let how_many: &str = match c[k] {
            1 => "1",
            2..=4 => "few",
            5..=20 => "some",
            _ => "many",
        };
        let share_bucket = if share >= 0.8 {
            "most"
        } else if share >= 0.5 {
            "half"
        } else {
            "some"
        };
        let kind = PRIOR_KINDS[k].as_str().as_bytes();
        let value = joined(
            &mut buf,
            &[
                kind,
                b" ",
                how_many.as_bytes(),
                b" ",
                share_bucket.as_bytes(),
            ],
        );
        sink.feature(template, value);
    }
    if let Some(kind) = top_kind(c) {
        sink.feature(template, joined(&mut buf, &[b"top ", kind]));
    }
}

/// One training example: a candidate's features and the right decision.
#[derive(Clone, Debug)]
pub struct Example {
    /// The features, as text.
    pub features: Vec<String>,
    /// The index in [`LABELS`] of the right decision.
    pub label: usize,
}

/// The fewest examples a feature must be seen in to get weights.
pub const MIN_EXAMPLES: u32 = 2;

/// The AdaGrad learning rate of [`Trainer::train`] (0.02 and 0.05 scored alike in
/// cross-validation; 0.1 a little lower, 0.5 far lower).
pub const LEARNING_RATE: f32 = 0.02;

/// `e^x` for the softmax of [`Trainer::train`], the same to the last bit on every machine
/// ([`crate::portable::exp`], in `f64`). For `x <= 0` (the softmax's shifted scores).
fn exp(x: f32) -> f32 {
    crate::portable::exp(f64::from(x)) as f32
}

/// Trains a typer: a multinomial logistic regression (see [`Trainer::train`]).
#[derive(Debug, Default)]
pub struct Trainer {
    /// Feature text to its index.
    index: BTreeMap<String, u32>,
    examples: Vec<(Vec<u32>, usize)>,
    /// Per example: the scores its features' weights add to (zero but for a second reading's
    /// examples, [`add_with_offset`](Self::add_with_offset)).
    offsets: Vec<[f32; N]>,
}

impl Trainer {
    /// An empty trainer.
    pub fn new() -> Trainer {
        Trainer::default()
    }

    /// Adds an example.
    pub fn add(&mut self, example: &Example) {
        self.add_with_offset(example, [0.0; N]);
    }

    /// Adds an example whose scores start from `offset`: what another model already says of
    /// it, so that the weights learned are what its features add to that (a second reading
    /// learned over the first's scores).
    pub fn add_with_offset(&mut self, example: &Example, offset: [f32; N]) {
        self.offsets.push(offset);
        let ids = example
            .features
            .iter()
            .map(|f| {
                let next = self.index.len() as u32;
                *self.index.entry(f.clone()).or_insert(next)
            })
            .collect();
        self.examples.push((ids, example.label));
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.examples.len()
    }

    /// True when no example was added.
    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }

    /// Trains for `epochs` passes (the examples shuffled with a fixed seed before each) and
    /// returns the weights, by feature text, rounded to 4 decimals as a model file keeps them.
    /// Features seen in fewer than [`MIN_EXAMPLES`] examples are left out (a name seen once
    /// teaches nothing that generalizes), as are those whose weights all round to zero.
    ///
    /// The model is a multinomial logistic regression: each example's loss is the negative log of
    /// the softmax of its scores (its offset, zero but for
    /// [`add_with_offset`](Self::add_with_offset), plus its features' weights) at its label,
    /// weighed by the square root of how much rarer its label is than the commonest (`none`), and
    /// every weight of the example's features takes a step of AdaGrad (the rate [`LEARNING_RATE`]
    /// divided by the root of that weight's summed squared gradients). It replaced an averaged
    /// perceptron, whose 5-fold cross-validated macro F1 over the annotated reviews was 0.005 to
    /// 0.009 lower (3, 5 and 10 folds). The label weights leave that figure as it was (0.754
    /// unweighed, 0.755) but make the kinds' predicted counts those of the gold (songs 673 for 701,
    /// 579 unweighed; actors 3,891 for 3,744, 4,108 unweighed), so counts per kind can be trusted.
    /// The arithmetic is `f32` in a fixed order, with [`exp`] written out, so the same examples
    /// give the same weights on every machine.
    pub fn train(&self, epochs: usize) -> BTreeMap<String, [f32; N]> {
        let features = self.index.len();
        let mut seen = vec![0u32; features];
        for (ids, _) in &self.examples {
            for &f in ids {
                seen[f as usize] += 1;
            }
        }
        let kept: Vec<Vec<u32>> = self
            .examples
            .iter()
            .map(|(ids, _)| {
                ids.iter()
                    .copied()
                    .filter(|&f| seen[f as usize] >= MIN_EXAMPLES)
                    .collect()
            })
            .collect();
        let mut w = vec![[0f32; N]; features];
        // Summed squared gradients, from a small floor so that the first step is finite.
        let mut g2 = vec![[1e-6f32; N]; features];
        let mut per_label = [0f32; N];
        for (_, l) in &self.examples {
            per_label[*l] += 1.0;
        }
        let most = per_label.iter().copied().fold(1f32, f32::max);
        let class_weight: Vec<f32> = per_label
            .iter()
            .map(|&n| (most / n.max(1.0)).sqrt())
            .collect();
        let mut order: Vec<usize> = (0..self.examples.len()).collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            for &e in &order {
                let label = self.examples[e].1;
                let ids = &kept[e];
                let mut scores = self.offsets[e];
                for &f in ids {
                    for (s, x) in scores.iter_mut().zip(&w[f as usize]) {
                        *s += x;
                    }
                }
                // The gradient of the loss in each score: softmax minus the one-hot label.
                let max = scores.iter().copied().fold(f32::MIN, f32::max);
                let mut z = 0f32;
                for s in scores.iter_mut() {
                    *s = exp(*s - max);
                    z += *s;
                }
                for (k, s) in scores.iter_mut().enumerate() {
                    *s = (*s / z - if k == label { 1.0 } else { 0.0 }) * class_weight[label];
                }
                for &f in ids {
                    let (w, g2) = (&mut w[f as usize], &mut g2[f as usize]);
                    for k in 0..N {
                        let g = scores[k];
                        g2[k] += g * g;
                        w[k] -= LEARNING_RATE * g / g2[k].sqrt();
                    }
                }
            }
        }
        let mut out = BTreeMap::new();
        for (text, &i) in &self.index {
            let i = i as usize;
            let mut rounded = [0f32; N];
            for (r, x) in rounded.iter_mut().zip(&w[i]) {
                let x = (x * 10_000.0).round() / 10_000.0;
                // No "-0.0000" in the file.
                *r = if x == 0.0 { 0.0 } else { x };
            }
            if rounded.iter().any(|&x| x != 0.0) {
                out.insert(text.clone(), rounded);
            }
        }
        out
    }

    /// Writes weights as a model file: the header, `notes` as `#` lines, then the weights.
    pub fn write(
        weights: &BTreeMap<String, [f32; N]>,
        notes: &str,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<()> {
        writeln!(
            out,
            "{MODEL_HEADER} (feature, then the weights of: none show actor character song person)"
        )?;
        for line in notes.lines() {
            writeln!(out, "# {line}")?;
        }
        for (feature, w) in weights {
            write!(out, "{feature}")?;
            for x in w {
                write!(out, "\t{x:.4}")?;
            }
            writeln!(out)?;
        }
        Ok(())
    }

    /// A model of weights, as [`Model::parse`] would read them from the file [`Trainer::write`]
    /// makes.
    pub fn model(weights: &BTreeMap<String, [f32; N]>) -> Model {
        let mut hashed = FastMap::default();
        let mut second_reading = false;
        for (feature, w) in weights {
            let (template, value) = feature.split_once('=').unwrap_or((feature, ""));
            second_reading |= is_decided_template(template);
            hashed.insert(hash_feature(template, value.as_bytes()), *w);
        }
        Model::of(hashed, second_reading)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(features: &[&str], label: usize) -> Example {
        Example {
            features: features.iter().map(|f| f.to_string()).collect(),
            label,
        }
    }

    /// A toy task: "cue=plays" means actor, "cue=song" means song, anything else none.
    fn toy() -> Trainer {
        let mut t = Trainer::new();
        for i in 0..20 {
            let name = format!("text=name{}", i % 4);
            t.add(&example(&["bias=", "cue=plays", &name], 2));
            t.add(&example(&["bias=", "cue=song", &name], 4));
            t.add(&example(&["bias=", "cue=the", &name], 0));
        }
        t.add(&example(&["bias=", "text=once"], 1));
        t
    }

    #[test]
    fn the_filter_turns_away_only_features_without_weights() {
        // The built-in model: every feature with weights passes the filter and finds them; any
        // other hash finds nothing, filtered or not (the plain map lookup is the oracle).
        let model = Model::builtin();
        for (&h, w) in &model.weights {
            assert_eq!(model.weights_of(h), Some(w));
        }
        let mut h = 0x9E37_79B9_7F4A_7C15u64;
        let mut turned_away = 0;
        for _ in 0..100_000 {
            h = h
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            assert_eq!(model.weights_of(h), model.weights.get(&h));
            turned_away += usize::from(!model.filter.may_hold(h));
        }
        // Sixteen bits or more per feature: most absent features never reach the map.
        assert!(turned_away > 90_000, "{turned_away}");
    }

    #[test]
    fn training_learns_separable_examples_and_is_deterministic() {
        let t = toy();
        let a = t.train(5);
        assert_eq!(a, t.train(5));
        let model = Trainer::model(&a);
        let score = |features: &[&str]| {
            let mut scores = [0f32; N];
            for f in features {
                let (template, value) = f.split_once('=').unwrap();
                if let Some(w) = model.weights.get(&hash_feature(template, value.as_bytes())) {
                    for (s, x) in scores.iter_mut().zip(w) {
                        *s += x;
                    }
                }
            }
            LABELS[argmax(&scores)]
        };
        assert_eq!(score(&["bias=", "cue=plays"]), Some(MentionKind::Actor));
        assert_eq!(score(&["bias=", "cue=song"]), Some(MentionKind::Song));
        assert_eq!(score(&["bias=", "cue=the"]), None);
        // A feature seen once gets no weight.
        assert!(!a.contains_key("text=once"));
    }

    #[test]
    fn the_written_out_exp_agrees_with_the_platform_s() {
        for i in 0..=4000 {
            let x = -(i as f32) * 0.025; // 0 down to -100
            let (ours, std) = (exp(x), x.exp());
            assert!(
                (ours - std).abs() <= 2.0 * f32::EPSILON * std.max(f32::MIN_POSITIVE),
                "exp({x}): {ours} against {std}"
            );
        }
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-200.0), 0.0);
    }

    #[test]
    fn a_written_model_reads_back_to_the_same_weights() {
        let weights = toy().train(3);
        let mut file = Vec::new();
        Trainer::write(&weights, "a note\nand another", &mut file).unwrap();
        let text = String::from_utf8(file).unwrap();
        assert!(text.starts_with(MODEL_HEADER));
        assert!(text.contains("\n# a note\n# and another\n"));
        let read = Model::parse(&text).unwrap();
        assert_eq!(read.weights, Trainer::model(&weights).weights);
        assert_eq!(read.len(), weights.len());
    }

    #[test]
    fn bad_model_and_priors_files_name_the_line() {
        assert_eq!(Model::parse("weights\n").unwrap_err().0, 1);
        let h = MODEL_HEADER;
        assert_eq!(
            Model::parse(&format!("{h}\nbias=\t1\t2\n")).unwrap_err().0,
            2
        );
        assert_eq!(
            Model::parse(&format!("{h}\n\nbias=\t1\t2\t3\t4\t5\tinf\n"))
                .unwrap_err()
                .0,
            3
        );
        assert_eq!(
            Model::parse(&format!("{h}\nbias\t1\t2\t3\t4\t5\t6\n"))
                .unwrap_err()
                .0,
            2
        );
        assert_eq!(
            Model::parse(&format!("{h}\nbias=\t1\t2\t3\t4\t5\t6\t7\n"))
                .unwrap_err()
                .0,
            2
        );
        let p = PRIORS_HEADER;
        assert_eq!(
            Priors::parse(&format!("{p}\nglee\t1\t2\n")).unwrap_err().0,
            2
        );
        assert_eq!(
            Priors::parse(&format!("{p}\nglee\t1\t2\t3\t4\t5\t-6\n"))
                .unwrap_err()
                .0,
            2
        );
    }

    #[test]
    fn typed_priors_keep_counts_only_and_bad_files_name_the_line() {
        let p = PRIORS_HEADER;
        let text =
            format!("{p}\n# mined\nslow horses\t5\t0\t1\t0\t0\t9\t\nglee\t0\t0\t0\t0\t0\t3\t\n");
        let typed = TypedPriors::parse(&text).unwrap();
        assert_eq!(typed.len(), 2);
        // Any case, any apostrophe: looked up by the name's key.
        assert_eq!(typed.get("Slow Horses"), Some(&[5, 0, 1, 0, 0, 9]));
        assert_eq!(typed.get("GLEE"), Some(&[0, 0, 0, 0, 0, 3]));
        assert_eq!(typed.get("Gleeful"), None);
        assert_eq!(
            TypedPriors::parse(&format!("{p}\nglee\t1\t2\n"))
                .unwrap_err()
                .0,
            2
        );
        assert_eq!(
            TypedPriors::parse("glee\t1\t2\t3\t4\t5\t6\n")
                .unwrap_err()
                .0,
            1
        );
    }

    #[test]
    fn a_counter_written_and_read_as_typed_priors_gives_the_kinds_counted() {
        let mut counter = PriorCounter::new();
        for _ in 0..3 {
            counter.count("Slow Horses", Some(MentionKind::Show), 0);
        }
        counter.count("slow horses", None, 0);
        counter.count("Saskia Reeves", Some(MentionKind::Actor), 0);
        counter.count("Madrid", None, 0);
        counter.count("#Glee", Some(MentionKind::Show), 0);
        let mut file = Vec::new();
        // Names typed once or more, or candidates twice or more: "Madrid" (once, never typed)
        // is left out.
        assert_eq!(counter.write(1, 2, "", &mut file).unwrap(), 2);
        let typed = TypedPriors::parse(std::str::from_utf8(&file).unwrap()).unwrap();
        assert_eq!(counter.typed_priors(1, 2).entries, typed.entries);
        assert_eq!(typed.get("Slow Horses"), Some(&[3, 0, 0, 0, 0, 4]));
        assert_eq!(typed.get("Saskia Reeves"), Some(&[0, 1, 0, 0, 0, 1]));
        assert_eq!(typed.get("Madrid"), None);
        let mut features = FeatureText::default();
        prior_features(
            typed.get("Slow Horses").map(|c| (c, &NO_CONTEXTS)),
            t!("typed"),
            &mut features,
        );
        assert_eq!(
            features.0,
            ["typed=seen some", "typed=show few most", "typed=top show"]
        );
    }

    #[test]
    fn each_candidate_knows_its_sentence_as_a_search_finds_it() {
        let extractor = super::super::EntityExtractor::new();
        let text = "Tom Hanks stars. Meryl Streep sings \"Paper Lanterns\".\nThe Office is back! \
                    Steve Carell returns to The Office, and Jenna Fischer too.<br />Great.";
        let mut s = super::super::Scratch::default();
        let genre = extractor.find_resolved(text, &mut s);
        let doc = Doc::new(text, &s.toks, &s.cands, genre, None);
        assert!(doc.sentences.len() >= 4, "{:?}", doc.sentences.len());
        assert!(doc.cands.len() >= 6, "{}", doc.cands.len());
        for (ci, c) in doc.cands.iter().enumerate() {
            assert_eq!(
                doc.sentence_of[ci] as usize,
                sentence_index(&doc.sentences, c.first)
            );
        }
    }

    #[test]
    fn list_neighbours_are_the_names_beside_a_name_in_a_list() {
        let extractor = super::super::EntityExtractor::new();
        let text = "I grew up on \"Laura\", \"The Ghost and Mrs Muir\" and \"Gaslight\". \
                    \"Ember Lane\" is no \"Sparrow Hill\", but Tom Hanks, Meryl Streep\nand \
                    Jenna Fischer are fine.";
        let mut s = super::super::Scratch::default();
        let genre = extractor.find_resolved(text, &mut s);
        let doc = Doc::new(text, &s.toks, &s.cands, genre, None);
        let name = |ci: usize| &text[doc.cands[ci].start as usize..doc.cands[ci].end as usize];
        let of = |wanted: &str| {
            let ci = (0..doc.cands.len())
                .find(|&ci| name(ci) == wanted)
                .unwrap_or_else(|| panic!("no candidate {wanted:?}"));
            list_neighbours(&doc, ci).map(name).collect::<Vec<_>>()
        };
        assert_eq!(of("Laura"), ["The Ghost and Mrs Muir"]);
        assert_eq!(of("The Ghost and Mrs Muir"), ["Laura", "Gaslight"]);
        assert_eq!(of("Gaslight"), ["The Ghost and Mrs Muir"]);
        // "is no" is not a list; a sentence's end and a line break end one.
        assert!(of("Ember Lane").is_empty());
        assert!(of("Sparrow Hill").is_empty());
        assert_eq!(of("Tom Hanks"), ["Meryl Streep"]);
        assert_eq!(of("Meryl Streep"), ["Tom Hanks"]);
    }

    #[test]
    fn a_second_reading_reads_what_the_first_decided_around_a_candidate() {
        let extractor = super::super::EntityExtractor::new();
        let text = "They played \"Laura\", \"Gaslight\", \"Ember Lane\" and \"Sparrow Hill\". \
                    Then Tom Hanks as Woody.";
        let mut s = super::super::Scratch::default();
        let genre = extractor.find_resolved(text, &mut s);
        let doc = Doc::new(text, &s.toks, &s.cands, genre, None);
        let name = |ci: usize| &text[doc.cands[ci].start as usize..doc.cands[ci].end as usize];
        let of = |wanted: &str| {
            (0..doc.cands.len())
                .find(|&ci| name(ci) == wanted)
                .unwrap_or_else(|| panic!("no candidate {wanted:?}"))
        };
        // A first reading: three of the list songs, one a show; an actor and his character.
        let mut labels = vec![0u8; doc.cands.len()];
        for (n, kind) in [
            ("Laura", MentionKind::Song),
            ("Gaslight", MentionKind::Song),
            ("Ember Lane", MentionKind::Show),
            ("Sparrow Hill", MentionKind::Song),
            ("Tom Hanks", MentionKind::Actor),
            ("Woody", MentionKind::Character),
        ] {
            labels[of(n)] = label_index(Some(kind)) as u8;
        }
        let others = labels.iter().filter(|&&l| l == 0).count();
        let decided = Decided::of(&doc, labels);
        let features = |n: &str| {
            let mut f = FeatureText::default();
            decided_features(&doc, of(n), &decided, &mut f);
            f.0
        };
        // What each candidate's features hold, and the templates they leave out.
        let check = |n: &str, has: &[&str], lacks: &[&str]| {
            let got = features(n);
            for want in has {
                assert!(got.iter().any(|f| f == want), "{n}: {want} not in {got:?}");
            }
            for prefix in lacks {
                assert!(
                    !got.iter().any(|f| f.starts_with(prefix)),
                    "{n}: {prefix} in {got:?}"
                );
            }
        };
        // Its neighbours stand three tokens away (a quote mark, a comma or "and", a quote
        // mark): too far for "before" and "after". Nothing of its own decision but with the
        // list's: no "show" from itself.
        check(
            "Ember Lane",
            &[
                "decided list=song all",
                "decided list+own=song all show",
                "decided sentence=song",
            ],
            &["decided before", "decided after", "decided sentence=show"],
        );
        // The other quoted names are all songs; over the document, songs are the most.
        if others == 0 {
            check(
                "Ember Lane",
                &["decided form=song all", "decided document=song most"],
                &[],
            );
        }
        check(
            "Woody",
            &["decided before=actor as", "decided sentence=actor"],
            &["decided list"],
        );
        // A model without these weights reads once; one with any reads twice.
        assert!(!Trainer::model(&BTreeMap::from([("bias=".to_string(), [1.0; N])])).reads_twice());
        let twice = BTreeMap::from([("decided list=song all".to_string(), [1.0; N])]);
        assert!(Trainer::model(&twice).reads_twice());
        let mut file = Vec::new();
        Trainer::write(&twice, "", &mut file).unwrap();
        assert!(Model::parse(std::str::from_utf8(&file).unwrap())
            .unwrap()
            .reads_twice());
    }

    /// [`decided_features`] the plain way: every other candidate of the document counted for
    /// each candidate, without [`Decided`]'s counts.
    fn decided_reference(doc: &Doc<'_>, ci: usize, labels: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        let name = |l: usize| String::from_utf8(DECISION_NAMES[l].to_vec()).unwrap();
        // The decision most of `others` hold, with its share, as `top_of` words it.
        let top = |others: &[usize], with_none: bool| -> Option<String> {
            let mut counts = [0usize; N];
            for &j in others {
                counts[usize::from(labels[j])] += 1;
            }
            let from = usize::from(!with_none);
            let mut best = from;
            for k in from..N {
                if counts[k] > counts[best] {
                    best = k;
                }
            }
            let n = counts[best];
            let share = if n == 0 {
                return None;
            } else if n == others.len() {
                "all"
            } else if 2 * n > others.len() {
                "most"
            } else {
                "some"
            };
            Some(format!("{} {share}", name(best)))
        };
        let own = usize::from(labels[ci]);
        let mut list = Vec::new();
        let mut at = ci;
        while let Some(b) = list_before(doc, at).filter(|_| list.len() < 64) {
            list.push(b);
            at = b;
        }
        let before = list.len();
        at = ci;
        while let Some(a) = list_after(doc, at).filter(|_| list.len() - before < 64) {
            list.push(a);
            at = a;
        }
        if let Some(t) = top(&list, true) {
            out.push(format!("decided list={t}"));
            out.push(format!("decided list+own={t} {}", name(own)));
        }
        // Which candidate stands beside it is `beside`'s to say; what is checked here is the
        // counting.
        let c = &doc.cands[ci];
        let si = doc.sentence_of[ci];
        for (template, other) in [("before", ci.checked_sub(1)), ("after", Some(ci + 1))] {
            if let Some((o, word)) = other.and_then(|o| beside(doc, ci, o)) {
                let word = String::from_utf8_lossy(word).to_ascii_lowercase();
                out.push(format!(
                    "decided {template}={} {word}",
                    name(usize::from(labels[o]))
                ));
            }
        }
        let others: Vec<usize> = (0..doc.cands.len()).filter(|&j| j != ci).collect();
        let sentence: Vec<usize> = others
            .iter()
            .copied()
            .filter(|&j| doc.sentence_of[j] == si)
            .collect();
        for k in 1..N {
            if sentence.iter().any(|&j| usize::from(labels[j]) == k) {
                out.push(format!("decided sentence={}", name(k)));
            }
        }
        let form: Vec<usize> = others
            .iter()
            .copied()
            .filter(|&j| form_index(&doc.cands[j]) == form_index(c))
            .collect();
        if let Some(t) = top(&form, true) {
            out.push(format!("decided form={t}"));
        }
        if let Some(t) = top(&others, false) {
            out.push(format!("decided document={t}"));
        }
        out
    }

    #[test]
    fn the_decided_features_are_those_of_every_other_candidate_counted() {
        let extractor = super::super::EntityExtractor::new();
        let mut texts = Vec::new();
        for dir in ["corpus/tv", "corpus/film", "corpus/music"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            paths.sort();
            texts.extend(paths.iter().map(|p| std::fs::read_to_string(p).unwrap()));
        }
        texts.push(
            "Porch, Even Flow, Alive and Down; \"Jeremy\" and \"Black\". Tom Hanks as Woody."
                .into(),
        );
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut checked = 0;
        for text in &texts {
            let mut s = super::super::Scratch::default();
            let genre = extractor.find_resolved(text, &mut s);
            let doc = Doc::new(text, &s.toks, &s.cands, genre, None);
            // Decisions drawn at random, most of them none or of one or two kinds.
            let labels: Vec<u8> = (0..doc.cands.len())
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    [0, 0, 1, 1, 2, 3, 4, 5][(seed % 8) as usize]
                })
                .collect();
            let decided = Decided::of(&doc, labels.clone());
            for ci in 0..doc.cands.len() {
                let mut f = FeatureText::default();
                decided_features(&doc, ci, &decided, &mut f);
                let mut want = decided_reference(&doc, ci, &labels);
                let mut got = f.0;
                want.sort();
                got.sort();
                assert_eq!(got, want, "candidate {ci} of {:.60}", text);
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn weights_learned_over_offsets_learn_what_the_offsets_get_wrong() {
        // "cue=x" stands beside as many actors as characters: alone, it says neither. Over
        // scores that already say actor, surely where it is one and barely where the candidate
        // is a character, it is the characters it must learn: "cue=x" says character.
        let ex = |label: usize| example(&["cue=x"], label);
        let (mut plain, mut over) = (Trainer::new(), Trainer::new());
        let (mut sure, mut wrong) = ([0.0; N], [0.0; N]);
        sure[2] = 8.0;
        wrong[2] = 0.5;
        for _ in 0..10 {
            plain.add(&ex(2));
            plain.add(&ex(3));
            over.add_with_offset(&ex(2), sure);
            over.add_with_offset(&ex(3), wrong);
        }
        let lean = |t: &Trainer| {
            let w = t.train(10).get("cue=x").copied().unwrap_or([0.0; N]);
            w[3] - w[2]
        };
        let (plain, over) = (lean(&plain), lean(&over));
        assert!(plain.abs() < 0.05, "{plain}");
        assert!(over > 0.2, "{over}");
    }

    #[test]
    fn a_tail_read_in_registers_is_the_zero_padded_copy() {
        let bytes: Vec<u8> = (0..7u8).map(|i| 0x80 | (i * 37)).collect();
        for n in 1..8 {
            for start in 0..(7 - n + 1) {
                let rest = &bytes[start..start + n];
                let mut padded = [0u8; 8];
                padded[..n].copy_from_slice(rest);
                assert_eq!(tail(rest), u64::from_le_bytes(padded), "{rest:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn hashing_eight_bytes_at_a_step_agrees_with_the_reference(
            value in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
        ) {
            proptest::prop_assert_eq!(hash_feature("text", &value), hash_reference("text", &value));
            proptest::prop_assert_eq!(
                hash_value(t!("text").seed, &value),
                hash_reference("text", &value)
            );
        }
    }

    #[test]
    fn lowercasing_eight_bytes_at_once_changes_only_ascii_capitals() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let x = u64::from(b) << (8 * pos) | 0x4141_4141_4141_4141 & !(0xff << (8 * pos));
                let got = lower8(x).to_le_bytes();
                let mut want = x.to_le_bytes();
                want.make_ascii_lowercase();
                assert_eq!(got, want, "byte {b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn listed_classes_are_dropped_from_about_half_the_names_training_examples_only() {
        let features = || {
            [
                "known=film",
                "known=tv 1",
                "known full name=cast",
                "known=song",
                "known=actor",
                "known=musician 1",
                "words=2",
            ]
            .map(String::from)
            .to_vec()
        };
        let names: Vec<String> = (0..1000).map(|i| format!("Title Number {i}")).collect();
        let mut dropped = 0;
        for name in &names {
            let mut f = features();
            drop_listed(name, &mut f);
            if f.len() < 7 {
                dropped += 1;
                // Only the listed classes go; Pantheon's classes and the rest stay.
                assert_eq!(f, ["known=actor", "known=musician 1", "words=2"]);
            }
            // All of a name's mentions alike, in any case.
            let mut g = features();
            drop_listed(&name.to_uppercase(), &mut g);
            assert_eq!(f, g);
        }
        let share = dropped as f64 / names.len() as f64;
        assert!((share - LISTED_DROPOUT).abs() < 0.05, "{share}");
    }

    #[test]
    fn features_hash_case_insensitively_and_priors_match_any_case() {
        assert_eq!(hash_feature("text", b"Glee"), hash_feature("text", b"GLEE"));
        assert_ne!(
            hash_feature("text", b"glee"),
            hash_feature("first word", b"glee")
        );
        let mut counter = PriorCounter::new();
        counter.count("Slow Horses", Some(MentionKind::Show), 0b1);
        counter.count("slow horses", Some(MentionKind::Show), 0b11);
        counter.count("Slow Horses", None, 0b100);
        let mut file = Vec::new();
        assert_eq!(counter.write(2, 10, "", &mut file).unwrap(), 1);
        let text = std::str::from_utf8(&file).unwrap();
        // A context seen once is left out of the file.
        assert!(
            text.ends_with("slow horses\t2\t0\t0\t0\t0\t3\tq=2\n"),
            "{text}"
        );
        let priors = Priors::parse(text).unwrap();
        let entry = priors.get("SLOW HORSES").unwrap();
        assert_eq!(entry.counts, [2, 0, 0, 0, 0, 3]);
        assert_eq!(entry.contexts[0], 2);
        assert_eq!(entry.contexts[1..].iter().sum::<u32>(), 0);
        // Under both minimums, a name is left out; a name seen often enough is kept even
        // when never typed.
        let mut file = Vec::new();
        assert_eq!(counter.write(3, 10, "", &mut file).unwrap(), 0);
        let mut file = Vec::new();
        assert_eq!(counter.write(3, 3, "", &mut file).unwrap(), 1);
    }

    #[test]
    fn priors_files_without_contexts_still_parse_and_bad_contexts_name_the_line() {
        let p = PRIORS_HEADER;
        let old = Priors::parse(&format!("{p}\nglee\t1\t2\t3\t4\t5\t6\n")).unwrap();
        assert_eq!(old.get("Glee").unwrap().counts, [1, 2, 3, 4, 5, 6]);
        let new = Priors::parse(&format!("{p}\nglee\t1\t0\t0\t0\t0\t6\tq=4 <w=3\n")).unwrap();
        let contexts = new.get("Glee").unwrap().contexts;
        assert_eq!((contexts[0], contexts[3]), (4, 3));
        for bad in ["q4", "quoted=4", "q=x", "q=1\tmore"] {
            let text = format!("{p}\nglee\t1\t0\t0\t0\t0\t6\t{bad}\n");
            assert_eq!(Priors::parse(&text).unwrap_err().0, 2, "{bad}");
        }
    }

    /// The contexts, by tag, of a candidate over the first occurrence of `name` in `text`
    /// (quoted when a quote opens it).
    fn contexts_in(text: &str, name: &str) -> Vec<&'static str> {
        let lex = super::super::lexicon::Lexicon::builtin();
        let mut toks = Vec::new();
        let mut starts = Default::default();
        super::super::scan::scan_starts(text, lex, &mut toks, &mut starts);
        let at = text.find(name).unwrap();
        let first = toks.iter().position(|t| t.start as usize == at).unwrap();
        let last = toks
            .iter()
            .rposition(|t| t.core_end as usize <= at + name.len())
            .unwrap();
        let form = if text[..at].ends_with('"') {
            Form::Quoted
        } else {
            Form::Title
        };
        let c = Cand::new(&toks, first, last, form, false);
        let bits = contexts_of(&toks, &c);
        (0..N_CONTEXTS)
            .filter(|k| bits & (1 << k) != 0)
            .map(|k| CONTEXTS[k])
            .collect()
    }

    #[test]
    fn contexts_read_quotes_cues_and_the_words_around_a_name() {
        assert_eq!(
            contexts_in("We saw the film \"Halloween\" twice.", "Halloween"),
            ["q", "<w"]
        );
        assert_eq!(
            contexts_in(
                "It was directed by John Carpenter (who else).",
                "John Carpenter"
            ),
            // "directed" is a role cue.
            ["<r", ">(", "<by"]
        );
        assert_eq!(
            contexts_in("Jamie Lee Curtis plays the lead.", "Jamie Lee Curtis"),
            // "plays" is a performer's cue.
            [">p", "start"]
        );
        assert_eq!(
            contexts_in("It was the TITANIC that sank.", "TITANIC"),
            ["<the", "caps"]
        );
        assert_eq!(contexts_in("It was Titanic's fault.", "Titanic"), ["pos"]);
        assert_eq!(contexts_in("A ship (Titanic) sank.", "Titanic"), ["<("]);
        assert_eq!(contexts_in("We were in Titanic too.", "Titanic"), ["<in"]);
        // "cast" is a performer's cue.
        assert_eq!(
            contexts_in("She was cast as Rose here.", "Rose"),
            ["<p", "<as"]
        );
    }
}
