//! Entity extraction: the shows, actors, characters, songs and other people a review names.
//!
//! Extraction runs in layers over one document, each a small type:
//! 1. [`gazetteer::Gazetteer`] (optional): the user's own catalogue, matched first and trusted most;
//! 2. [`patterns::QuotedTitles`]: titles in quotes or emphasis, typed song or show from cue words;
//! 3. [`names::find_names`]: capitalized spans, trimmed and sorted by shape (person, title...);
//!    [`titles::Titles`] then joins the titles the mined corpus knows whole ("The Man in the
//!    White Suit") where those spans cut them, and [`titles::Listed`] proposes the known list's
//!    titles those spans cut or left out ("An American in Paris"), for the typer to decide;
//! 4. [`patterns::CastPatterns`]: casting structure ("Character (Actor)", "X plays Y", "starring");
//! 5. [`patterns::CueTyping`]: roles from nearby cue words ("director", "singer", "Netflix’s");
//! 6. [`joins`] (with a typer): neighbouring candidates parted by a possessive, a colon, a dash
//!    or a preposition are proposed as one title, which replaces its parts where the typer gives
//!    it a kind ("Star Trek: Voyager", "Return of the King"; not "Spielberg's Jaws");
//!    [`resolve`]: defaults by the review's genre and document consistency (a surname after a
//!    full name, every other occurrence of a title), canonical names and roles;
//! 7. [`typer`]: the learned typer decides each candidate's kind, or none, from what the layers
//!    said, the candidate and its context, the corpus priors and the typed priors; the mentions
//!    of one entity, or of one name the rules left untyped, decide together, and a listed name
//!    reads its neighbours' scores too ([`LIST_WEIGHT`]).
//!
//! A layer raises a candidate's kind only when it is surer than the layer that set it
//! ([`Strength`]). The scanner ([`scan`]) works on the raw text, so the rules hold whatever the
//! word tokenizer does; [`Tokens`] only supplies sentence indices.
//!
//! Invariants:
//! - every [`Mention::span`] is on `char` boundaries of the document text and covers the name
//!   only (no surrounding quotes, emphasis markers, possessive `’s` or trailing punctuation);
//! - mentions are sorted by start and do not overlap;
//! - [`Mention::name`] is canonical: the same entity gets the same name wherever it appears
//!   (curly and straight apostrophes and quotes folded to ASCII, possessives dropped, a surname
//!   or first name alone resolved to the full name).

pub mod classes;
pub mod gazetteer;
pub mod joins;
pub mod known;
pub mod lexicon;
mod name;
pub mod names;
pub mod patterns;
pub mod resolve;
#[cfg(test)]
mod resolve_reference;
pub mod scan;
#[cfg(test)]
mod scan_reference;
pub mod titles;
pub mod typer;
pub mod words;

use crate::doc::Span;
use crate::tokenize::Tokens;
pub use gazetteer::{Gazetteer, GazetteerEntry};
use lexicon::{flags as lf, Lexicon};
pub use name::Name;
use names::Form;
pub use resolve::set_sentences;
use scan::{shape, Tok, TokKind};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

/// The kind of thing a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MentionKind {
    /// A TV series or film.
    Show,
    /// A performer.
    Actor,
    /// A fictional character.
    Character,
    /// A song or track.
    Song,
    /// Any other named person: creator, director, musician, critic...
    Person,
}

impl MentionKind {
    /// All kinds, in report order.
    pub const ALL: [MentionKind; 5] = [
        MentionKind::Show,
        MentionKind::Actor,
        MentionKind::Character,
        MentionKind::Song,
        MentionKind::Person,
    ];

    /// The name written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Show => "show",
            MentionKind::Actor => "actor",
            MentionKind::Character => "character",
            MentionKind::Song => "song",
            MentionKind::Person => "person",
        }
    }

    /// Parses a report name (`show`, `actor`, ...).
    pub fn parse(name: &str) -> Option<MentionKind> {
        MentionKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// One mention of an entity in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// What it names.
    pub kind: MentionKind,
    /// Bytes of the surface form in the document text.
    pub span: Span,
    /// Canonical name (one shared copy for all the mentions of an entity in a document).
    pub name: Name,
    /// For an actor, the character played; for a character, the actor playing it; for a song,
    /// its artist; for a person, a role such as `artist` or `director`. Empty when unknown.
    pub role: Name,
    /// Index of the sentence holding the mention.
    pub sentence: u32,
}

/// How sure a layer is of the kind it gives a candidate; a later layer overrides only a weaker one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Strength(u8);

impl Strength {
    /// Its level, from 0 (not typed) to 5 (the user's gazetteer).
    pub fn level(self) -> u8 {
        self.0
    }

    /// Not typed.
    pub const NONE: Strength = Strength(0);
    /// The review's genre's default (a person in a film review is an actor).
    pub const DEFAULT: Strength = Strength(1);
    /// Same entity as a typed mention elsewhere in the document.
    pub const ALIAS: Strength = Strength(2);
    /// A cue word next to it.
    pub const CUE: Strength = Strength(3);
    /// Explicit structure (casting parentheses, "X plays Y").
    pub const EXPLICIT: Strength = Strength(4);
    /// The user's gazetteer.
    pub const GAZETTEER: Strength = Strength(5);
}

/// "No index".
pub const NONE: u32 = u32::MAX;

/// A person's role as candidates carry it ("director", "artist"), or none: one byte, an index
/// into [`Role::NAMES`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Role(u8);

impl Role {
    /// No role.
    pub const NONE: Role = Role(0);
    /// A musician.
    pub const ARTIST: Role = Role(1);
    /// A filmmaker.
    pub const DIRECTOR: Role = Role(2);
    /// Every role's name: none, the two the rules give, and those the cue words' `role:NAME`
    /// categories name (`data/entity/cues.txt`; the lexicon refuses a name not listed here).
    pub const NAMES: [&'static str; 11] = [
        "",
        "artist",
        "director",
        "creator",
        "writer",
        "choreographer",
        "composer",
        "producer",
        "photographer",
        "cinematographer",
        "critic",
    ];

    /// The role named `name`, if listed in [`Role::NAMES`].
    pub fn named(name: &str) -> Option<Role> {
        Role::NAMES
            .iter()
            .position(|&n| n == name)
            .map(|i| Role(i as u8))
    }

    /// The role's name ("" for none).
    #[inline]
    pub fn as_str(self) -> &'static str {
        Role::NAMES[self.0 as usize]
    }

    /// True for no role.
    #[inline]
    pub fn is_none(self) -> bool {
        self == Role::NONE
    }
}

/// A candidate mention: a token range, its form and, once typed, its kind.
#[derive(Clone, Debug)]
pub struct Cand {
    /// First token.
    pub first: u32,
    /// Last token (inclusive).
    pub last: u32,
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
    /// What it looks like.
    pub form: Form,
    /// Came after an honorific ("Mr.").
    pub honorific: bool,
    /// The kind, once typed.
    pub kind: Option<MentionKind>,
    /// How sure the kind is.
    pub strength: Strength,
    /// A person's role ("director", "artist").
    pub role: Role,
    /// The related candidate: an actor's character, a character's actor, a song's artist.
    pub link: u32,
    /// For a quoted song, the token of the artist's name.
    pub artist_tok: u32,
    /// Not an entity, but its tokens are spoken for (an album title).
    pub blocked: bool,
    /// The gazetteer entry (an index into [`Gazetteer::entries`]) whose name is the canonical
    /// name, or [`NONE`].
    pub fixed: u32,
    /// For a title joined from two candidates, what stood between them ([`joins`]).
    pub joint: joins::Joint,
    /// A title the known-names list holds whole, found where the span layer cut or left it
    /// out ([`titles::Listed`]): the typer decides whether it is one.
    pub listed: bool,
}

impl Cand {
    /// A candidate over tokens `first..=last`.
    pub fn new(toks: &[Tok], first: usize, last: usize, form: Form, honorific: bool) -> Cand {
        Cand {
            first: first as u32,
            last: last as u32,
            start: toks[first].start,
            end: toks[last].core_end,
            form,
            honorific,
            kind: None,
            strength: Strength::NONE,
            role: Role::NONE,
            link: NONE,
            artist_tok: NONE,
            blocked: false,
            fixed: NONE,
            joint: joins::Joint::None,
            listed: false,
        }
    }

    /// Sets the kind if `strength` beats the current one.
    pub fn assign(&mut self, kind: MentionKind, strength: Strength) {
        if strength > self.strength && !self.blocked {
            if self.kind != Some(kind) {
                self.role = Role::NONE;
            }
            self.kind = Some(kind);
            self.strength = strength;
        }
    }

    /// Number of capitalized words in the span.
    pub fn words(&self, toks: &[Tok]) -> usize {
        toks[self.first as usize..=self.last as usize]
            .iter()
            .filter(|t| t.is_cap_word())
            .count()
    }
}

/// Whether a review is about music or about film and TV, from its cue words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Genre {
    /// Music cue words seen.
    pub music: u32,
    /// Film and TV cue words seen.
    pub screen: u32,
}

impl Genre {
    /// Counts the cue words of a scanned document.
    pub fn of(toks: &[Tok]) -> Genre {
        let mut g = Genre::default();
        for t in toks {
            if t.kind() == TokKind::Word && !t.is(shape::CAP) {
                g.music += t.info().has(lf::MUSIC) as u32;
                g.screen += t.info().has(lf::SCREEN) as u32;
            }
        }
        g
    }

    /// True when music cues outnumber film and TV cues.
    pub fn is_music(self) -> bool {
        self.music > self.screen
    }
}

/// Where the layers start looking: token indices gathered while scanning (or in one pass over a
/// scanned document, [`Starts::fill`]) with its [`Genre`], so that no layer walks every token to
/// find its few.
#[derive(Debug, Default)]
pub struct Starts {
    /// Capitalized words: a name, a title or another occurrence of one starts at one.
    pub caps: Vec<u32>,
    /// Quote marks and emphasis markup: a quoted or emphasized title opens at one.
    pub openers: Vec<u32>,
    /// The lowercase words a casting pattern starts at ("played", "plays", "starring"...).
    pub cast: Vec<u32>,
    /// The [`TokKind::Break`]s, which end the lines.
    pub breaks: Vec<u32>,
}

impl Starts {
    /// Gives back the spare room of a very large document's lists ([`crate::scratch::fit`]).
    fn fit(&mut self) {
        use crate::scratch::fit;
        fit(&mut self.caps);
        fit(&mut self.openers);
        fit(&mut self.cast);
        fit(&mut self.breaks);
    }

    /// Forgets the document, freeing the lists a very large one grew ([`crate::scratch`]).
    fn trim(&mut self) {
        use crate::scratch::trim;
        trim(&mut self.caps);
        trim(&mut self.openers);
        trim(&mut self.cast);
        trim(&mut self.breaks);
    }

    /// Fills the lists for `toks` and returns the document's genre ([`Genre::of`]).
    pub fn fill(&mut self, toks: &[Tok]) -> Genre {
        self.caps.clear();
        self.openers.clear();
        self.cast.clear();
        self.breaks.clear();
        for (i, t) in toks.iter().enumerate() {
            if t.kind() == TokKind::Break {
                self.breaks.push(i as u32);
            }
            if t.kind() == TokKind::Word {
                if t.is(shape::CAP) {
                    self.caps.push(i as u32);
                } else if patterns::starts_cast_pattern(t) {
                    self.cast.push(i as u32);
                }
            } else if patterns::is_opener(t) {
                self.openers.push(i as u32);
            }
        }
        Genre::of(toks)
    }
}

/// Per-thread buffers reused from document to document.
#[derive(Default)]
pub(crate) struct Scratch {
    toks: Vec<Tok>,
    starts: Starts,
    taken: Vec<bool>,
    owner: Vec<u32>,
    cands: Vec<Cand>,
    resolve: resolve::Scratch,
    /// The titles [`joins`] proposes with the candidates beside them ([`joins::compact`]), then
    /// the candidates with the kept titles in place of their parts; the joins proposed, and
    /// where the joined titles stand.
    joined: Vec<Cand>,
    /// The sentences the typer reads ([`typer::sentences_of`]), found once a document, and
    /// what it reads of each candidate's text ([`typer::span_infos`]), of `cands` and of
    /// `joined`.
    sentences: Vec<typer::Sentence>,
    infos: Vec<typer::SpanInfo>,
    joined_infos: Vec<typer::SpanInfo>,
    joins: Vec<(u32, joins::Joint)>,
    joined_at: Vec<u32>,
}

impl Scratch {
    /// Forgets the document, freeing the buffers a very large one grew ([`crate::scratch`]).
    fn trim(&mut self) {
        use crate::scratch::trim;
        trim(&mut self.toks);
        self.starts.trim();
        trim(&mut self.taken);
        trim(&mut self.owner);
        trim(&mut self.cands);
        self.resolve.trim();
        trim(&mut self.joined);
        trim(&mut self.sentences);
        trim(&mut self.infos);
        trim(&mut self.joined_infos);
        trim(&mut self.joins);
        trim(&mut self.joined_at);
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Finds mentions in one tokenized document. Built once, shared by all threads.
#[derive(Clone, Debug)]
pub struct EntityExtractor {
    lex: &'static Lexicon,
    gazetteer: Option<Arc<Gazetteer>>,
    /// The user's patterns, matched after the gazetteer and as surely.
    patterns: Option<Arc<gazetteer::UserPatterns>>,
    /// The learned typer that decides each candidate's kind; `None`: the rules decide.
    typer: Option<Arc<typer::Model>>,
    /// The corpus priors the typer reads.
    priors: Option<Arc<typer::Priors>>,
    /// What a typer decided of each name over a corpus ([`typer::TypedPriors`]),
    /// which the typer reads beside the rules' priors.
    typed: Option<Arc<typer::TypedPriors>>,
    /// The titles the priors know whole ([`titles`]), joined where the span layer cut them.
    titles: Option<Arc<titles::Titles>>,
    /// The titles the known-names list holds whole ([`titles::Listed`]), candidates where the
    /// span layer cut or left them out.
    listed: Option<Arc<titles::Listed>>,
}

impl Default for EntityExtractor {
    fn default() -> Self {
        EntityExtractor::new()
    }
}

impl EntityExtractor {
    /// An extractor with the built-in rules and data.
    pub fn new() -> EntityExtractor {
        // Read once here, not by the first document.
        known::Known::builtin();
        EntityExtractor {
            lex: Lexicon::builtin(),
            gazetteer: None,
            patterns: None,
            typer: builtin_typer(),
            priors: builtin_priors(),
            typed: builtin_typed(),
            titles: builtin_titles(),
            listed: titles::Listed::builtin(),
        }
    }

    /// An extractor that also knows the entries of `gazetteer` (matched first, trusted most).
    pub fn with_gazetteer(gazetteer: Gazetteer) -> EntityExtractor {
        known::Known::builtin();
        EntityExtractor {
            lex: Lexicon::builtin(),
            gazetteer: Some(Arc::new(gazetteer)),
            patterns: None,
            typer: builtin_typer(),
            priors: builtin_priors(),
            typed: builtin_typed(),
            titles: builtin_titles(),
            listed: titles::Listed::builtin(),
        }
    }

    /// This extractor with the user's `patterns` (`kind<TAB>regex` lines), matched after the
    /// gazetteer and trusted as much.
    pub fn with_patterns(mut self, patterns: gazetteer::UserPatterns) -> EntityExtractor {
        self.patterns = (!patterns.is_empty()).then(|| Arc::new(patterns));
        self
    }

    /// This extractor with `model` deciding the candidates' kinds (`None`: the rule layers
    /// alone decide).
    pub fn with_typer(mut self, model: Option<typer::Model>) -> EntityExtractor {
        self.typer = model.filter(|m| !m.is_empty()).map(Arc::new);
        self
    }

    /// This extractor with `priors` for the typer to read (`None`: none).
    pub fn with_priors(mut self, priors: Option<typer::Priors>) -> EntityExtractor {
        self.titles = priors.as_ref().and_then(titles::Titles::of).map(Arc::new);
        self.priors = priors.map(Arc::new);
        self
    }

    /// The corpus priors the typer reads, if any.
    pub fn priors(&self) -> Option<&typer::Priors> {
        self.priors.as_deref()
    }

    /// This extractor with `typed` priors for the typer to read (`None`: none): what a typer
    /// decided of each name over a corpus ([`count_typed`](Self::count_typed)).
    pub fn with_typed(mut self, typed: Option<typer::TypedPriors>) -> EntityExtractor {
        self.typed = typed.map(Arc::new);
        self
    }

    /// The typed priors the typer reads, if any.
    pub fn typed(&self) -> Option<&typer::TypedPriors> {
        self.typed.as_deref()
    }

    /// Counts what this extractor decides of each candidate of `text` into `counter`: the kind
    /// it gives the candidate (none when it rejects it), for typed priors. Without a typer, the
    /// rules' kinds.
    pub fn count_typed(&self, text: &str, counter: &mut typer::PriorCounter) {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let s = &mut *scratch;
            self.find_typed(text, s);
            for c in &s.cands {
                let kind = c.kind.filter(|_| !c.blocked);
                counter.count(&text[c.start as usize..c.end as usize], kind, 0);
            }
            s.trim();
        })
    }

    /// The candidates of `text` in `s`, resolved and typed as [`find`](Self::find) types them.
    fn find_typed(&self, text: &str, s: &mut Scratch) {
        let genre = self.find_joined(text, s);
        let fixed = self.fixed_names();
        if let Some(model) = &self.typer {
            let typings = {
                let doc = self.typer_doc(text, s, genre);
                let groups = decision_groups(&doc, &s.cands, s.resolve.entity_of());
                decide_kinds(&doc, &s.cands, model, &groups)
            };
            apply_typings(text, &mut s.cands, &typings, fixed, &mut s.resolve);
        }
    }

    /// The document as the typer reads it, with this extractor's priors. The sentences and the
    /// candidates' [`typer::SpanInfo`] must have been found (`s.sentences`, `s.infos`:
    /// [`find_joined`](Self::find_joined)).
    fn typer_doc<'d>(&'d self, text: &'d str, s: &'d Scratch, genre: Genre) -> typer::Doc<'d> {
        self.doc_of(text, s, &s.cands, &s.infos, genre)
    }

    /// The document as the typer reads it with `cands` (whose [`typer::SpanInfo`] are `infos`)
    /// and the sentences of `s`.
    fn doc_of<'d>(
        &'d self,
        text: &'d str,
        s: &'d Scratch,
        cands: &'d [Cand],
        infos: &'d [typer::SpanInfo],
        genre: Genre,
    ) -> typer::Doc<'d> {
        typer::Doc::with_parts(
            text,
            &s.toks,
            cands,
            Cow::Borrowed(&s.sentences),
            Cow::Borrowed(infos),
            genre,
            self.priors.as_deref(),
        )
        .with_typed(self.typed.as_deref())
    }

    /// Counts what the rule layers say of each candidate of `text` into `counter`: the kind of
    /// those typed from explicit structure, cue words or the gazetteer, for corpus priors.
    pub fn count_priors(&self, text: &str, counter: &mut typer::PriorCounter) {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let s = &mut *scratch;
            // The corpus's titles come from priors: mining must not read them.
            self.find_cands(text, s, false);
            for c in &s.cands {
                let sure = c.kind.filter(|_| c.strength >= Strength::CUE && !c.blocked);
                let contexts = typer::contexts_of(&s.toks, c);
                counter.count(&text[c.start as usize..c.end as usize], sure, contexts);
            }
            s.trim();
        })
    }

    /// The training examples of `text` for the typer: each candidate the rule layers find, with
    /// its features and the decision `gold` (kinds at byte spans) makes right: the kind of the
    /// gold mention with its exact span, else of the one it overlaps most, else none.
    ///
    /// The titles [`joins`] proposes are examples too, each read among the candidates beside it
    /// (as extraction reads them, [`joins::compact`]): the kind of the
    /// gold mention with exactly its span, else none (a title joined past a name's end is wrong
    /// even where its parts overlap gold mentions).
    pub fn examples(&self, text: &str, gold: &[(Span, MentionKind)]) -> Vec<typer::Example> {
        self.for_training(text, |s, genre| {
            let doc = self.typer_doc(text, s, genre);
            let mut examples: Vec<typer::Example> = s
                .cands
                .iter()
                .enumerate()
                .map(|(ci, c)| {
                    let span = Span {
                        start: c.start,
                        end: c.end,
                    };
                    typer::Example {
                        features: typer::training_features(&doc, ci, &text[span.range()]),
                        label: gold_label(gold, span),
                    }
                })
                .collect();
            drop(doc);
            if !s.joins.is_empty() {
                let doc = self.joined_doc(text, s, genre);
                for &ci in &s.joined_at {
                    let c = &s.joined[ci as usize];
                    let span = Span {
                        start: c.start,
                        end: c.end,
                    };
                    let exact = gold.iter().find(|(g, _)| *g == span);
                    examples.push(typer::Example {
                        features: typer::training_features(&doc, ci as usize, &text[span.range()]),
                        label: typer::label_index(exact.map(|(_, k)| *k)),
                    });
                }
            }
            examples
        })
    }

    /// The second reading's training examples of `text` ([`typer::decided_features`]): for
    /// each candidate [`examples`](Self::examples) gives first (the joined titles left out),
    /// the features of what a first reading decided of the others, given its scores `first`
    /// per candidate, and the decision `gold` makes right.
    pub fn decided_examples(
        &self,
        text: &str,
        gold: &[(Span, MentionKind)],
        first: &[[f32; typer::N]],
    ) -> Vec<typer::Example> {
        self.for_training(text, |s, genre| {
            let doc = self.typer_doc(text, s, genre);
            assert!(
                first.len() >= s.cands.len(),
                "first scores for every candidate"
            );
            let decided = typer::Decided::of(&doc, first_decisions(&s.cands, first));
            s.cands
                .iter()
                .enumerate()
                .map(|(ci, c)| {
                    let mut features = typer::FeatureText::default();
                    typer::decided_features(&doc, ci, &decided, &mut features);
                    let span = Span {
                        start: c.start,
                        end: c.end,
                    };
                    typer::Example {
                        features: features.0,
                        label: gold_label(gold, span),
                    }
                })
                .collect()
        })
    }

    /// `f` over the candidates of `text` as the typer learns from them: found, with the titles
    /// [`joins`] proposes beside them, and resolved ([`find_proposed`](Self::find_proposed),
    /// [`resolve_for_typer`](Self::resolve_for_typer)), in this thread's scratch.
    fn for_training<R>(&self, text: &str, f: impl FnOnce(&Scratch, Genre) -> R) -> R {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let s = &mut *scratch;
            let genre = self.find_proposed(text, s);
            self.resolve_for_typer(text, s, genre);
            let out = f(s, genre);
            s.trim();
            out
        })
    }

    /// Appends the mentions of `text` (already tokenized into `tokens`) to `out`, sorted.
    pub fn extract(&self, text: &str, tokens: &Tokens, out: &mut Vec<Mention>) {
        let start = out.len();
        self.find(text, out);
        set_sentences(tokens, &mut out[start..]);
    }

    /// [`extract`](Self::extract) without the tokens: appends the mentions of `text` to `out`,
    /// sorted, each in sentence 0 until [`set_sentences`] gives them their sentences.
    ///
    /// The extractor needs the tokenizer's output for nothing else, so a pipeline may run it
    /// first: its buffers (per-thread, given back after a very large review) are then never
    /// held at the same time as the tokens. Returns the number of entities the mentions name
    /// (as names or roles), at most the number of distinct names among them.
    pub fn find(&self, text: &str, out: &mut Vec<Mention>) -> usize {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let s = &mut *scratch;
            self.find_typed(text, s);
            let mut widened = Vec::new();
            titles::take_own_edges(text, &mut s.cands, &mut widened);
            for (ci, start, end) in widened {
                let old = start as usize..end as usize;
                resolve::rename_widened(text, &s.cands, ci as usize, old, &mut s.resolve);
            }
            // The mentions are made from the candidates alone: a very large document's tokens
            // are given back first.
            crate::scratch::trim(&mut s.toks);
            s.starts.trim();
            let named = resolve::emit(text, &s.cands, &mut s.resolve, out);
            s.trim();
            named
        })
    }

    /// True when a learned typer decides the kinds (not `--entity-model none`).
    pub fn has_typer(&self) -> bool {
        self.typer.is_some()
    }

    /// What the typer decided for each candidate of `text`, with the features that weighed
    /// (`reviewlens explain --entities`); empty without a typer. The kinds are those
    /// [`find`](Self::find) gives.
    pub fn typings(&self, text: &str) -> Vec<Typing> {
        let Some(model) = &self.typer else {
            return Vec::new();
        };
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let s = &mut *scratch;
            let genre = self.find_joined(text, s);
            let doc = self.typer_doc(text, s, genre);
            let groups = decision_groups(&doc, &s.cands, s.resolve.entity_of());
            let decisions = decide_kinds(&doc, &s.cands, model, &groups);
            // The scores each decision read, as `decide_kinds` reads them; a kept candidate's
            // that no decision read, its own.
            let (own, first) = own_scores(&doc, &s.cands, model, |_| true);
            let decided = decided_groups(&s.cands, &groups);
            let read: Vec<([f32; typer::N], [u32; 2])> = (0..s.cands.len())
                .map(|ci| {
                    if is_read(&s.cands, &groups, &decided, ci) {
                        listed_scores(&doc, &s.cands, ci, own[ci], |nb| own[nb])
                    } else {
                        (own[ci], [NONE; 2])
                    }
                })
                .collect();
            let scores: Vec<[f32; typer::N]> = read.iter().map(|r| r.0).collect();
            let entity = |ci: usize| groups.get(ci).copied().unwrap_or(NONE);
            // The spans `find` gives the mentions: the candidates' with the kinds decided and a
            // title's own edges (`titles::take_own_edges`).
            let mut decided_cands = s.cands.clone();
            for (c, d) in decided_cands.iter_mut().zip(&decisions) {
                take_decision(c, d);
            }
            titles::take_own_edges(text, &mut decided_cands, &mut Vec::new());
            let mut sums = Vec::new();
            for (ci, sc) in scores.iter().enumerate() {
                add_entity_scores(&mut sums, entity(ci), sc);
            }
            let typings = s
                .cands
                .iter()
                .enumerate()
                .map(|(ci, c)| {
                    let entity_scores = match entity(ci) {
                        NONE => None,
                        e => Some(sums[e as usize]),
                    };
                    let mut sink = typer::Contributions::new(model);
                    typer::features(&doc, ci, &mut sink);
                    if let Some(first) = &first {
                        typer::decided_features(&doc, ci, first, &mut sink);
                    }
                    Typing {
                        span: Span {
                            start: decided_cands[ci].start,
                            end: decided_cands[ci].end,
                        },
                        rule: c.kind,
                        strength: c.strength,
                        own_scores: own[ci],
                        listed_with: read[ci]
                            .1
                            .iter()
                            .filter(|&&nb| nb != NONE)
                            .map(|&nb| {
                                let nb = &s.cands[nb as usize];
                                Span {
                                    start: nb.start,
                                    end: nb.end,
                                }
                            })
                            .collect(),
                        scores: scores[ci],
                        entity_scores,
                        kind: decisions[ci].kind,
                        kept: decisions[ci].kept,
                        title_pick: decisions[ci].title_pick,
                        features: sink.features,
                    }
                })
                .collect();
            drop(doc);
            s.trim();
            typings
        })
    }

    /// The gazetteer's entries (none without one).
    fn fixed_names(&self) -> &[GazetteerEntry] {
        self.gazetteer.as_deref().map_or(&[][..], |g| g.entries())
    }

    /// Layers 1 to 4: [`find_cands`](Self::find_cands), then the resolver gives the candidates
    /// their entities (what the typer reads, or decides after); no titles joined ([`joins`]).
    #[cfg(test)]
    fn find_resolved(&self, text: &str, s: &mut Scratch) -> Genre {
        let genre = self.find_cands(text, s, true);
        self.resolve(text, s, genre);
        genre
    }

    /// Layer 6 over `s.cands`.
    fn resolve(&self, text: &str, s: &mut Scratch, genre: Genre) {
        resolve::resolve_entities(
            text,
            &s.toks,
            &s.starts,
            genre,
            &mut s.cands,
            self.fixed_names(),
            &mut s.resolve,
        );
    }

    /// Layers 1 to 4 and the resolver, with the titles the typer joins ([`joins`]): the typer
    /// decides each proposed title from its own scores, read among the candidates beside it
    /// ([`joins::compact`]); the titles it gives a kind replace their parts, and the candidates
    /// are resolved once. Without a typer, the layers' candidates,
    /// resolved. With one, also finds the sentences the typer reads (`s.sentences`).
    fn find_joined(&self, text: &str, s: &mut Scratch) -> Genre {
        let Some(model) = &self.typer else {
            let genre = self.find_cands(text, s, true);
            // A listed title is for a typer to decide; the rules keep those their cues typed.
            s.cands.retain(|c| !c.listed || c.kind.is_some());
            self.resolve(text, s, genre);
            return genre;
        };
        let genre = self.find_proposed(text, s);
        if !s.joins.is_empty() {
            let kept: Vec<(u32, joins::Joint)> = {
                let doc = self.joined_doc(text, s, genre);
                s.joins
                    .iter()
                    .zip(&s.joined_at)
                    .filter(|&(_, &ci)| model.decide(&doc, ci as usize).0.is_some())
                    .map(|(&join, _)| join)
                    .collect()
            };
            if !kept.is_empty() {
                joins::apply(&s.toks, &s.cands, &kept, &mut s.joined, &mut s.joined_at);
                std::mem::swap(&mut s.cands, &mut s.joined);
            }
        }
        self.resolve_for_typer(text, s, genre);
        genre
    }

    /// Layers 1 to 3 ([`find_cands`](Self::find_cands)), then the sentences the typer reads and
    /// the titles [`joins`] proposes ([`propose_titles`](Self::propose_titles)); the typer's
    /// training examples start here.
    fn find_proposed(&self, text: &str, s: &mut Scratch) -> Genre {
        let genre = self.find_cands(text, s, true);
        self.propose_titles(text, s);
        genre
    }

    /// The sentences the typer reads (`s.sentences`), and `s.joined`: the titles [`joins`]
    /// proposes over `s.cands` (`s.joins`) with the candidates beside them
    /// ([`joins::compact`]) and their [`typer::SpanInfo`].
    fn propose_titles(&self, text: &str, s: &mut Scratch) {
        typer::sentences_of(&s.toks, &mut s.sentences);
        joins::propose(text, &s.cands, &mut s.joins);
        if !s.joins.is_empty() {
            joins::compact(&s.toks, &s.cands, &s.joins, &mut s.joined, &mut s.joined_at);
            s.joined_infos.clear();
            typer::span_infos(text, &s.joined, &mut s.joined_infos);
        }
    }

    /// Layer 6 over `s.cands`, then each candidate's [`typer::SpanInfo`] (`s.infos`).
    fn resolve_for_typer(&self, text: &str, s: &mut Scratch, genre: Genre) {
        self.resolve(text, s, genre);
        s.infos.clear();
        typer::span_infos(text, &s.cands, &mut s.infos);
    }

    /// The document as the typer reads it to decide the proposed titles (`s.joined`).
    fn joined_doc<'d>(&'d self, text: &'d str, s: &'d Scratch, genre: Genre) -> typer::Doc<'d> {
        self.doc_of(text, s, &s.joined, &s.joined_infos, genre)
    }

    /// Layers 1 to 3: scans `text` into `s.toks` and `s.starts`, finds and types `s.cands`
    /// (joining the corpus's titles the span layer cut, if `join_titles`).
    fn find_cands(&self, text: &str, s: &mut Scratch, join_titles: bool) -> Genre {
        let genre = scan::scan_starts(text, self.lex, &mut s.toks, &mut s.starts);
        // Done growing: a very large document's lists give back their spare room.
        crate::scratch::fit(&mut s.toks);
        s.starts.fit();
        let toks = &s.toks;
        let starts = &s.starts;
        s.cands.clear();
        s.taken.clear();
        s.taken.resize(toks.len(), false);
        if let Some(g) = &self.gazetteer {
            g.find_cands(text, toks, &mut s.taken, &mut s.cands);
        }
        if let Some(p) = &self.patterns {
            p.find_cands(text, toks, &mut s.taken, &mut s.cands);
        }
        patterns::QuotedTitles::find(
            text,
            toks,
            &starts.openers,
            genre,
            &mut s.taken,
            &mut s.cands,
        );
        names::find_names(text, toks, &starts.caps, &s.taken, &mut s.cands);
        // Each list below is given back, for a very large document, once its last reader is
        // done (the resolver reads only the capitalized words and the breaks).
        crate::scratch::trim(&mut s.taken);
        crate::scratch::trim(&mut s.starts.openers);
        s.cands.sort_by_key(|c| c.start);
        if join_titles {
            if let Some(titles) = &self.titles {
                titles.join(text, toks, &s.starts.caps, &mut s.cands);
            }
            if let Some(listed) = &self.listed {
                listed.join(text, toks, &s.starts.caps, &mut s.cands);
            }
        }
        crate::scratch::fit(&mut s.cands);
        s.owner.clear();
        s.owner.resize(toks.len(), NONE);
        for (ci, c) in s.cands.iter().enumerate() {
            for o in &mut s.owner[c.first as usize..=c.last as usize] {
                *o = ci as u32;
            }
        }
        patterns::CastPatterns::apply(text, toks, &s.starts.cast, &s.owner, &mut s.cands);
        crate::scratch::trim(&mut s.starts.cast);
        patterns::CueTyping::apply(text, toks, &s.owner, self.lex, genre, &mut s.cands);
        crate::scratch::trim(&mut s.owner);
        genre
    }
}

/// The typer shipped in `data/entity/typer.tsv`, if it has weights.
fn builtin_typer() -> Option<Arc<typer::Model>> {
    static BUILTIN: std::sync::OnceLock<Option<Arc<typer::Model>>> = std::sync::OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            let model = typer::Model::builtin();
            (!model.is_empty()).then(|| Arc::new(model.clone()))
        })
        .clone()
}

/// The titles of the priors shipped in `data/entity/priors.tsv`, if any.
fn builtin_titles() -> Option<Arc<titles::Titles>> {
    static BUILTIN: std::sync::OnceLock<Option<Arc<titles::Titles>>> = std::sync::OnceLock::new();
    BUILTIN
        .get_or_init(|| titles::Titles::of(typer::Priors::builtin()).map(Arc::new))
        .clone()
}

/// The priors shipped in `data/entity/priors.tsv`, if any.
fn builtin_priors() -> Option<Arc<typer::Priors>> {
    static BUILTIN: std::sync::OnceLock<Option<Arc<typer::Priors>>> = std::sync::OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            let priors = typer::Priors::builtin();
            (!priors.is_empty()).then(|| Arc::new(priors.clone()))
        })
        .clone()
}

/// The typed priors shipped in `data/entity/typed_priors.tsv`, if any.
fn builtin_typed() -> Option<Arc<typer::TypedPriors>> {
    static BUILTIN: std::sync::OnceLock<Option<Arc<typer::TypedPriors>>> =
        std::sync::OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            let typed = typer::TypedPriors::builtin();
            (!typed.is_empty()).then(|| Arc::new(typed.clone()))
        })
        .clone()
}

/// The rule layers' kind stands, whatever the typer says, for a candidate typed this surely:
/// explicit casting structure ("Character (Actor)" oriented with its list, "X plays Y") and
/// the user's gazetteer. Keeping them leaves the cross-validated figures as they are (0.728
/// against 0.729 when the typer decides these too, 2026-12-02) and keeps a structure the
/// review states from being outvoted by the words around a name.
pub const KEEP_RULE_KIND: Strength = Strength::EXPLICIT;

/// What the typer decided for one candidate, and from what.
#[derive(Clone, Debug)]
pub struct Typing {
    /// The candidate's bytes, as its mention has them (with a title's own edges:
    /// [`titles::take_own_edges`]).
    pub span: Span,
    /// The kind the rule layers gave it, if any.
    pub rule: Option<MentionKind>,
    /// How sure the rules were.
    pub strength: Strength,
    /// The model's score of each decision ([`typer::LABELS`]) for this candidate alone.
    pub own_scores: [f32; typer::N],
    /// The untyped candidates listed beside it whose scores count in its own
    /// ([`LIST_WEIGHT`]); empty for a kept candidate no decision read.
    pub listed_with: Vec<Span>,
    /// Its scores as its decision reads them: its own plus [`LIST_WEIGHT`] times the mean of
    /// those of `listed_with`.
    pub scores: [f32; typer::N],
    /// The scores summed over the mentions of its group ([`decision_groups`]: its entity, or
    /// the untyped mentions of its name), when it has one: what decided, save for
    /// [`title_pick`](Self::title_pick).
    pub entity_scores: Option<[f32; typer::N]>,
    /// True when its entity's sum chose show or character and its own `scores` chose which
    /// of the two ([`title_or_character`]).
    pub title_pick: bool,
    /// The kind it ends with (none: not a mention).
    pub kind: Option<MentionKind>,
    /// True when the rules' kind was kept ([`KEEP_RULE_KIND`]).
    pub kept: bool,
    /// With [`EntityExtractor::typings`]: each feature that has weights, with them.
    pub features: Vec<(String, [f32; typer::N])>,
}

/// The typer's decision for one candidate.
#[derive(Clone, Copy, Debug)]
struct Decision {
    kind: Option<MentionKind>,
    /// The rules' kind was kept ([`KEEP_RULE_KIND`]).
    kept: bool,
    /// Its own scores chose between show and character ([`title_or_character`]).
    title_pick: bool,
}

/// How much the untyped candidates listed beside a candidate ("X, Y and Z", "X / Y") weigh in
/// its decision: its scores plus this times the mean of theirs. Items of a list are mostly of
/// one kind, and a neighbour's scores hold all the typer read of it, where the list features
/// ([`typer::features`]) read only its rule kind and corpus counts. Chosen by 5-fold
/// cross-validation over 0.25, 0.5, 0.75 and 1 (2026-12-05: 0.805, 0.806, 0.805, 0.801; 0 gave
/// 0.801); see README, "Listed names decide together".
pub const LIST_WEIGHT: f32 = 0.5;

/// The scores a decision reads for candidate `ci` whose own scores are `own`: those plus
/// [`LIST_WEIGHT`] times the mean of the own scores (`own_of`) of the candidates listed right
/// beside it ([`typer::Doc::list_neighbours_of`]) whose kind the typer decides (not kept);
/// with those neighbours ([`NONE`] for none).
fn listed_scores(
    doc: &typer::Doc<'_>,
    cands: &[Cand],
    ci: usize,
    own: [f32; typer::N],
    mut own_of: impl FnMut(usize) -> [f32; typer::N],
) -> ([f32; typer::N], [u32; 2]) {
    // Two neighbours at most: one before, one after.
    let mut listed = [NONE; 2];
    let mut n = 0;
    for nb in doc.list_neighbours_of(ci).filter(|&nb| !kept(&cands[nb])) {
        listed[n] = nb as u32;
        n += 1;
    }
    let mut scores = own;
    if n > 0 {
        let w = LIST_WEIGHT / n as f32;
        for &nb in &listed[..n] {
            for (a, b) in scores.iter_mut().zip(own_of(nb as usize)) {
                *a += w * b;
            }
        }
    }
    (scores, listed)
}

/// Each candidate's own scores, for those `read` selects (zero for the others): its features'
/// weights, and when the model reads twice ([`typer::Model::reads_twice`]) what its
/// [`typer::decided_features`] add, read from the first scores' decisions (a kept candidate's
/// decision is its rule kind); with those decisions.
fn own_scores(
    doc: &typer::Doc<'_>,
    cands: &[Cand],
    model: &typer::Model,
    read: impl Fn(usize) -> bool,
) -> (Vec<[f32; typer::N]>, Option<typer::Decided>) {
    let mut own: Vec<[f32; typer::N]> = (0..cands.len())
        .map(|ci| {
            if read(ci) {
                model.decide(doc, ci).1
            } else {
                [0.0; typer::N]
            }
        })
        .collect();
    if !model.reads_twice() {
        return (own, None);
    }
    let decided = typer::Decided::of(doc, first_decisions(cands, &own));
    for (ci, scores) in own.iter_mut().enumerate() {
        if read(ci) {
            *scores = model.read_again(doc, ci, &decided, *scores);
        }
    }
    (own, Some(decided))
}

/// A first reading's decision of each candidate (its index in [`typer::LABELS`]): a kept
/// candidate's rule kind, any other's highest score of `scores`.
fn first_decisions(cands: &[Cand], scores: &[[f32; typer::N]]) -> Vec<u8> {
    cands
        .iter()
        .zip(scores)
        .map(|(c, sc)| {
            if kept(c) {
                typer::label_index(c.kind) as u8
            } else {
                typer::argmax(sc) as u8
            }
        })
        .collect()
}

/// Whether a decision of [`decide_kinds`] reads candidate `ci`'s scores: it is not kept, or
/// its group (`groups`) has a mention that is not (`decided`, per group).
fn is_read(cands: &[Cand], groups: &[u32], decided: &[bool], ci: usize) -> bool {
    let e = groups.get(ci).copied().unwrap_or(NONE);
    !kept(&cands[ci]) || (e != NONE && decided.get(e as usize).copied().unwrap_or(false))
}

/// Per group: whether it has a mention the typer decides (not kept).
fn decided_groups(cands: &[Cand], groups: &[u32]) -> Vec<bool> {
    let mut decided: Vec<bool> = Vec::new();
    for (ci, c) in cands.iter().enumerate() {
        let e = groups.get(ci).copied().unwrap_or(NONE);
        if e != NONE && !kept(c) {
            let e = e as usize;
            if decided.len() <= e {
                decided.resize(e + 1, false);
            }
            decided[e] = true;
        }
    }
    decided
}

/// The typer's decisions for `cands` (as the rules left them, entities resolved). A candidate's own
/// scores are its features' weights, plus, for a model that reads twice, what the first reading's
/// decisions of the others add ([`own_scores`]); the scores that decide are its own plus a share of
/// its untyped list neighbours' ([`listed_scores`]). The mentions of one group (`groups`,
/// [`decision_groups`]: an entity's mentions, a full name, its surname alone, every occurrence of a
/// title, or the untyped mentions of one name) decide together: the kind with the highest sum of
/// their scores, save that a show or character group's mention picks between the two on its own
/// ([`title_or_character`]); a candidate without a group decides alone. Each candidate's features
/// are read once at most (not at all for a kept candidate whose scores no sum needs), and what is
/// kept beside the decisions is one sum per group and the own scores and a first decision per
/// candidate (24 and 1 bytes: a review's memory stays within its bound).
fn decide_kinds(
    doc: &typer::Doc<'_>,
    cands: &[Cand],
    model: &typer::Model,
    groups: &[u32],
) -> Vec<Decision> {
    let entity = |ci: usize| groups.get(ci).copied().unwrap_or(NONE);
    // A kept candidate's scores count only in the sum of a group with a mention the typer
    // decides; the features of the others (most of a cast list's pairs) are never read.
    let decided = decided_groups(cands, groups);
    let (own, _) = own_scores(doc, cands, model, |ci| is_read(cands, groups, &decided, ci));
    let mut sums: Vec<[f32; typer::N]> = Vec::new();
    // The scores a decision reads: its own and its list neighbours' (made twice for a candidate
    // the typer decides, rather than kept for every candidate of a very large review).
    let listed = |ci: usize| listed_scores(doc, cands, ci, own[ci], |nb| own[nb]).0;
    for ci in 0..cands.len() {
        if is_read(cands, groups, &decided, ci) {
            add_entity_scores(&mut sums, entity(ci), &listed(ci));
        }
    }
    cands
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let kept = kept(c);
            if kept {
                return Decision {
                    kind: c.kind,
                    kept,
                    title_pick: false,
                };
            }
            // Not kept: read.
            let scores = listed(ci);
            let (label, title_pick) = match entity(ci) {
                NONE => (typer::argmax(&scores), false),
                e => {
                    let summed = typer::argmax(&sums[e as usize]);
                    let pick = matches!(summed, typer::SHOW | typer::CHARACTER);
                    // Each candidate's own lean between show and character.
                    (title_or_character(summed, title_lean(&scores)), pick)
                }
            };
            Decision {
                kind: typer::LABELS[label],
                kept,
                title_pick,
            }
        })
        .collect()
}

/// Per candidate, the group whose summed scores decide its kind ([`decide_kinds`]): its
/// entity if the rules gave it one; else, for a candidate the typer decides, the other such
/// candidates of the same name ([`typer::Doc::name_key_of`]) when there are any: a name the
/// rules left untyped ("Beyoncé" twice in an album review) is one thing throughout a review,
/// as an entity's mentions are (one sense per discourse); else [`NONE`].
fn decision_groups(doc: &typer::Doc<'_>, cands: &[Cand], entity_of: &[u32]) -> Vec<u32> {
    let entity = |ci: usize| entity_of.get(ci).copied().unwrap_or(NONE);
    let mut groups: Vec<u32> = (0..cands.len()).map(entity).collect();
    // Group numbers for names start after the entities'.
    let mut next = groups
        .iter()
        .filter(|&&e| e != NONE)
        .map(|&e| e + 1)
        .max()
        .unwrap_or(0);
    // Name keys are hashes already.
    let mut first_of: HashMap<u64, usize, BuildHasherDefault<lexicon::FxHasher>> =
        HashMap::default();
    for ci in 0..cands.len() {
        if entity(ci) != NONE || kept(&cands[ci]) {
            continue;
        }
        match first_of.entry(doc.name_key_of(ci)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(ci);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let first = *o.get();
                if groups[first] == NONE {
                    groups[first] = next;
                    next += 1;
                }
                groups[ci] = groups[first];
            }
        }
    }
    groups
}

/// How much more a candidate's own `scores` say show than character.
fn title_lean(scores: &[f32; typer::N]) -> f32 {
    scores[typer::SHOW] - scores[typer::CHARACTER]
}

/// The decision for one mention of an entity whose mentions' summed scores chose `label`: a
/// title that names its own lead ("Columbo", "Cinderella", "Batman") is a show in one mention
/// ("a later Columbo") and the character in the next ("Columbo meets his match"), so when the
/// entity is a show or a character, each mention picks between the two by its own scores
/// (`lean`, [`title_lean`]); whether it is one of the two at all stays the entity's decision,
/// even for a mention whose own best is another kind or none. It holds for every show or
/// character entity, a character's full name and its first name alone too (which its own
/// scores rarely call a show). Measured 2026-12-05: 5-fold CV macro 0.799 to 0.801 (show 0.77
/// to 0.78), the 150 held-out reviews 0.750 to 0.751 (show 0.74 to 0.75, character 0.78 to
/// 0.79), the seed unchanged; the 23 held-out reviews annotated after it 0.795 to 0.790, the
/// 173 together 0.778 either way.
fn title_or_character(label: usize, lean: f32) -> usize {
    match label {
        typer::SHOW if lean < 0.0 => typer::CHARACTER,
        typer::CHARACTER if lean > 0.0 => typer::SHOW,
        _ => label,
    }
}

/// The decision (index in [`typer::LABELS`]) the gold mentions of a document (kinds at byte
/// spans) make right for a candidate over `span`: the kind of the gold mention with its exact
/// span, else of the one it overlaps most, else none.
fn gold_label(gold: &[(Span, MentionKind)], span: Span) -> usize {
    let exact = gold.iter().find(|(g, _)| *g == span);
    let overlap = |g: &Span| (g.end.min(span.end)).saturating_sub(g.start.max(span.start));
    let best = exact.or_else(|| {
        gold.iter()
            .filter(|(g, _)| overlap(g) > 0)
            .max_by_key(|(g, _)| overlap(g))
    });
    typer::label_index(best.map(|(_, k)| *k))
}

/// True when the rules' kind of `c` stands whatever the typer says ([`KEEP_RULE_KIND`]).
fn kept(c: &Cand) -> bool {
    c.kind.is_some() && c.strength >= KEEP_RULE_KIND
}

/// Adds a candidate's `scores` to the sum of its entity `e` (nothing for [`NONE`]); the sums of
/// [`decide_kinds`] and of [`EntityExtractor::typings`], in candidate order.
fn add_entity_scores(sums: &mut Vec<[f32; typer::N]>, e: u32, scores: &[f32; typer::N]) {
    if e == NONE {
        return;
    }
    let e = e as usize;
    if sums.len() <= e {
        sums.resize(e + 1, [0.0; typer::N]);
    }
    for (a, b) in sums[e].iter_mut().zip(scores) {
        *a += b;
    }
}

/// Gives every candidate the kind the typer decided ([`decide_kinds`]); a candidate newly
/// typed gets its entity.
fn apply_typings(
    text: &str,
    cands: &mut [Cand],
    typings: &[Decision],
    fixed: &[GazetteerEntry],
    scratch: &mut resolve::Scratch,
) {
    for (ci, t) in typings.iter().enumerate() {
        if take_decision(&mut cands[ci], t) {
            resolve::give_entity(text, cands, ci, fixed, scratch);
        }
    }
}

/// Gives candidate `c` the typer's decision `d`: its kind, and a kind the typer chose (not a
/// rule's kept) unblocks it; true in that case, when the candidate needs an entity.
fn take_decision(c: &mut Cand, d: &Decision) -> bool {
    c.kind = d.kind;
    let chosen = d.kind.is_some() && !d.kept;
    if chosen {
        c.blocked = false;
    }
    chosen
}

#[cfg(test)]
mod tests;
