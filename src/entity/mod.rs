//! Entity extraction: the shows, actors, characters, songs and other people a review names.
//!
//! Invariants:
//! - every [`Mention::span`] is on `char` boundaries of the document text and covers the name
//!   only (no surrounding quotes, emphasis markers, possessive `’s` or trailing punctuation);
//! - mentions are sorted by start and do not overlap;
//! - [`Mention::name`] is canonical: the same entity gets the same name wherever it appears
//!   (curly and straight apostrophes folded, possessives dropped).

use crate::doc::Span;
use crate::tokenize::Tokens;

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
    /// Canonical name.
    pub name: String,
    /// For an actor, the character played; for a character, the actor playing it; for a song,
    /// its artist; for a person, a role such as `artist` or `director`. Empty when unknown.
    pub role: String,
    /// Index of the sentence holding the mention.
    pub sentence: u32,
}

/// Finds mentions in one tokenized document. Built once, shared by all threads.
#[derive(Clone, Debug, Default)]
pub struct EntityExtractor {}

impl EntityExtractor {
    /// An extractor with the built-in rules and data.
    pub fn new() -> EntityExtractor {
        EntityExtractor {}
    }

    /// Appends the mentions of `text` (already tokenized into `tokens`) to `out`, sorted.
    pub fn extract(&self, text: &str, tokens: &Tokens, out: &mut Vec<Mention>) {
        let _ = (text, tokens, out);
    }
}
