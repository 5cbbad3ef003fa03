//! Layer 4, document consistency, and the final mentions.
//!
//! - Genre defaults: an untyped person's name is an actor in a film or TV review and an artist
//!   in a music review; an untyped multi-word title is a show in a film or TV review.
//! - Lists share kinds: in "both Riverdale and Chilling Adventures of Sabrina" a title next to a
//!   show is a show.
//! - Entities: mentions with the same folded name are one entity. A full name's surname, given
//!   name and quoted nickname become aliases, so "James" and "James’" after "Paul James" are the
//!   actor Paul James (a surname beats a given name; an alias two entities share is dropped).
//! - Every other occurrence of a found name or title is tagged, even inside a longer capitalized
//!   run the name finder could not type.
//! - Roles: an actor's character, a character's actor, a song's artist, a person's role.
//!
//! The document's names and aliases live in one table (`Names`) that the thread reuses from
//! document to document: a name is a byte range of the text when it is canonical there, else of
//! the table's own buffer; it is hashed once, and a look-up compares the bytes of the names
//! whose hash matches, so the table answers exactly as a map keyed by the name's text.

use super::lexicon::{FxHashMap, FxHasher};
use super::names::Form;
use super::scan::{shape, Tok, TokKind};
use super::words::Word;
use super::{
    Cand, GazetteerEntry, Genre, Mention, MentionKind, Name, Role, Starts, Strength, NONE,
};
use crate::doc::Span;
use crate::tokenize::Tokens;
use std::borrow::Cow;
use std::hash::Hasher;

/// One entity of the document, named by `N` (a [`Key`] here; the test oracle names its own
/// entities by their text).
#[derive(Debug)]
pub(super) struct Entity<N = Key> {
    pub(super) kind: MentionKind,
    pub(super) name: N,
    pub(super) strength: Strength,
    /// The related entity: an actor's character, a character's actor, a song's artist.
    pub(super) partner: u32,
    pub(super) role: Role,
}

/// How an alias was derived; a surname beats a given name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum AliasRank {
    GivenName = 1,
    Surname = 2,
    Nickname = 3,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Alias {
    /// The entity, or [`NONE`] when the name is no alias.
    entity: u32,
    rank: AliasRank,
    ambiguous: bool,
}

impl Alias {
    const NO: Alias = Alias {
        entity: NONE,
        rank: AliasRank::GivenName,
        ambiguous: false,
    };

    /// The entity of an alias only one entity has.
    #[inline]
    fn sure(&self) -> Option<u32> {
        (self.entity != NONE && !self.ambiguous).then_some(self.entity)
    }

    /// Registers `entity`'s alias of `rank`: a better rank takes the alias over, an equal rank
    /// of another entity makes it ambiguous.
    #[inline]
    fn add(&mut self, entity: u32, rank: AliasRank) {
        if self.entity == NONE {
            *self = Alias {
                entity,
                rank,
                ambiguous: false,
            };
        } else if self.entity != entity {
            if rank > self.rank {
                *self = Alias {
                    entity,
                    rank,
                    ambiguous: false,
                };
            } else if rank == self.rank {
                self.ambiguous = true;
            }
        }
    }
}

/// [`canonical`] without allocating when the surface is already canonical (printable ASCII
/// words, no backquote, single spaces between them): always equal to [`canonical`].
pub fn canonical_cow(surface: &str) -> Cow<'_, str> {
    if is_canonical(surface.as_bytes()) {
        Cow::Borrowed(surface)
    } else {
        Cow::Owned(canonical(surface))
    }
}

/// True for printable ASCII words without a backquote, one space between them.
#[inline]
pub(super) fn is_canonical(b: &[u8]) -> bool {
    let mut after_space = true; // no space first
    for &c in b {
        match CANONICAL[c as usize] {
            GRAPHIC => after_space = false,
            SPACE if !after_space => after_space = true,
            _ => return false,
        }
    }
    !after_space || b.is_empty()
}

const GRAPHIC: u8 = 1;
const SPACE: u8 = 2;

/// For [`is_canonical`]: [`GRAPHIC`] for the printable ASCII bytes but the backquote, [`SPACE`]
/// for the space, 0 for the others.
static CANONICAL: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c == b' ' {
            SPACE
        } else if c.is_ascii_graphic() && c != b'`' {
            GRAPHIC
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Folds typographic apostrophes and quotes to ASCII and collapses white space.
pub fn canonical(surface: &str) -> String {
    let mut out = String::with_capacity(surface.len());
    canonical_into(surface, &mut out);
    out
}

/// Appends [`canonical`] of `surface` to `out`.
fn canonical_into(surface: &str, out: &mut String) {
    let start = out.len();
    let mut space = false;
    for c in surface.chars() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && out.len() > start {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
}

/// A name of the document: bytes `start..end` of the text, or of [`Names::own`] when `own`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Key {
    start: u32,
    end: u32,
    own: bool,
}

impl Key {
    /// No key (yet).
    const UNKNOWN: Key = Key {
        start: u32::MAX,
        end: u32::MAX,
        own: false,
    };
}

/// The hash [`Names`] keys a name's text by.
#[inline]
fn hash_name(name: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(name.as_bytes());
    h.finish()
}

/// A name in [`Names`]: the entity of that exact name and the alias of that name.
#[derive(Clone, Copy, Debug)]
struct NameEntry {
    hash: u64,
    key: Key,
    /// The entity named so, or [`NONE`].
    entity: u32,
    alias: Alias,
}

/// The names and aliases of one document, by their text: an open-addressing table of entry
/// indices (linear probing, at most half full) over the entries, each with its name's hash.
#[derive(Default)]
struct Names {
    /// Canonical names the text does not spell as such.
    own: String,
    /// Entry index or [`NONE`]; a power of two long.
    slots: Vec<u32>,
    /// `64 - log2(slots.len())`: a hash's top bits pick its first slot.
    shift: u32,
    entries: Vec<NameEntry>,
}

impl Names {
    /// Empties the table for a document of about `expected` names.
    fn clear(&mut self, expected: usize) {
        self.own.clear();
        self.entries.clear();
        let len = (expected * 2).next_power_of_two().max(16);
        self.slots.clear();
        self.slots.resize(len, NONE);
        self.shift = 64 - len.trailing_zeros();
    }

    /// The text of `key`.
    #[inline]
    fn str<'a>(&'a self, text: &'a str, key: Key) -> &'a str {
        let s = if key.own { &self.own } else { text };
        &s[key.start as usize..key.end as usize]
    }

    /// The canonical name of `surface` (a range of `text`), with its hash: the range itself when
    /// it is canonical, else [`canonical`] of it added to [`Names::own`].
    #[inline(always)]
    fn canonical_key(&mut self, text: &str, surface: std::ops::Range<usize>) -> (u64, Key) {
        let s = &text[surface.clone()];
        if is_canonical(s.as_bytes()) {
            let key = Key {
                start: surface.start as u32,
                end: surface.end as u32,
                own: false,
            };
            (hash_name(s), key)
        } else {
            let start = self.own.len();
            canonical_into(s, &mut self.own);
            self.own_key(start)
        }
    }

    /// `name` as a key, copied to [`Names::own`], with its hash.
    fn copied_key(&mut self, name: &str) -> (u64, Key) {
        let start = self.own.len();
        self.own.push_str(name);
        self.own_key(start)
    }

    /// The key of [`Names::own`] from `start` on, with its hash.
    #[inline]
    fn own_key(&self, start: usize) -> (u64, Key) {
        let key = Key {
            start: start as u32,
            end: self.own.len() as u32,
            own: true,
        };
        (hash_name(&self.own[start..]), key)
    }

    /// Gives back the bytes of a key just made that is not kept (the last in [`Names::own`]).
    #[inline]
    fn drop_key(&mut self, key: Key) {
        if key.own && key.end as usize == self.own.len() {
            self.own.truncate(key.start as usize);
        }
    }

    /// The bytes of `key`.
    #[inline(always)]
    fn bytes<'a>(&'a self, text: &'a str, key: Key) -> &'a [u8] {
        let s = if key.own { &self.own } else { text };
        &s.as_bytes()[key.start as usize..key.end as usize]
    }

    /// The entry of the name `key` hashed to `hash`, if any.
    #[inline(always)]
    fn find(&self, text: &str, hash: u64, key: Key) -> Option<usize> {
        let name = self.bytes(text, key);
        let mask = self.slots.len() - 1;
        let mut i = (hash >> self.shift) as usize;
        loop {
            let e = self.slots[i & mask];
            if e == NONE {
                return None;
            }
            let entry = &self.entries[e as usize];
            if entry.hash == hash && self.bytes(text, entry.key) == name {
                return Some(e as usize);
            }
            i += 1;
        }
    }

    /// Adds the name `key` hashed to `hash`, which is not in the table yet; its entry index.
    fn insert_new(&mut self, hash: u64, key: Key) -> usize {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let e = self.entries.len();
        self.entries.push(NameEntry {
            hash,
            key,
            entity: NONE,
            alias: Alias::NO,
        });
        self.place(e);
        e
    }

    /// The entry of the name `key`, added if new; and whether it was there before.
    #[inline(always)]
    fn entry(&mut self, text: &str, hash: u64, key: Key) -> (usize, bool) {
        match self.find(text, hash, key) {
            Some(e) => (e, true),
            None => (self.insert_new(hash, key), false),
        }
    }

    /// Puts entry `e` in the first free slot of its probe sequence.
    fn place(&mut self, e: usize) {
        let mask = self.slots.len() - 1;
        let mut i = (self.entries[e].hash >> self.shift) as usize;
        while self.slots[i] != NONE {
            i = (i + 1) & mask;
        }
        self.slots[i] = e as u32;
    }

    /// Doubles the slots and places the entries again.
    fn grow(&mut self) {
        let len = self.slots.len() * 2;
        self.slots.clear();
        self.slots.resize(len, NONE);
        self.shift = 64 - len.trailing_zeros();
        for e in 0..self.entries.len() {
            self.place(e);
        }
    }
}

/// A single word's canonical name, made the first time a pass asks (`known`, then no longer
/// [`Key::UNKNOWN`]; a later pass hashes it again rather than keep the hash).
#[inline]
fn single_key(text: &str, c: &Cand, names: &mut Names, known: &mut Key) -> (u64, Key) {
    if *known == Key::UNKNOWN {
        let (hash, key) = names.canonical_key(text, c.start as usize..c.end as usize);
        *known = key;
        (hash, key)
    } else {
        (hash_name(names.str(text, *known)), *known)
    }
}

/// Buffers [`resolve`] reuses from document to document.
#[derive(Default)]
pub struct Scratch {
    entity_of: Vec<u32>,
    /// Per candidate: its single word's name once made ([`single_key`]).
    single: Vec<Key>,
    known: Vec<u32>,
    role_strength: Vec<Strength>,
    surfaces: Vec<Surface>,
    covered: Vec<bool>,
    /// The document's entities.
    entities: Vec<Entity>,
    /// The document's names and aliases.
    names: Names,
    /// Per entity: its name as the mentions share it, made on first use (empty between calls).
    shared: Vec<Option<Name>>,
}

impl Scratch {
    /// Per candidate: the entity it names, or [`NONE`].
    pub(super) fn entity_of(&self) -> &[u32] {
        &self.entity_of
    }

    /// Forgets the document, freeing the buffers a very large one grew ([`crate::scratch`]).
    pub(super) fn trim(&mut self) {
        use crate::scratch::{trim, trim_string};
        trim(&mut self.entity_of);
        trim(&mut self.single);
        trim(&mut self.known);
        trim(&mut self.role_strength);
        trim(&mut self.surfaces);
        trim(&mut self.covered);
        trim(&mut self.entities);
        trim_string(&mut self.names.own);
        trim(&mut self.names.slots);
        trim(&mut self.names.entries);
        trim(&mut self.shared);
    }
}

/// Applies defaults and consistency to `cands` and appends the mentions to `out`, sorted:
/// [`resolve_entities`], then [`emit`].
#[allow(clippy::too_many_arguments)]
pub fn resolve(
    text: &str,
    toks: &[Tok],
    starts: &Starts,
    genre: Genre,
    cands: &mut Vec<Cand>,
    fixed_names: &[GazetteerEntry],
    scratch: &mut Scratch,
    out: &mut Vec<Mention>,
) {
    resolve_entities(text, toks, starts, genre, cands, fixed_names, scratch);
    emit(text, cands, scratch, out);
}

/// Applies defaults and consistency to `cands`, giving each candidate that names an entity
/// its entity in `scratch`, for [`emit`] (which needs neither the tokens nor the starts).
pub fn resolve_entities(
    text: &str,
    toks: &[Tok],
    starts: &Starts,
    genre: Genre,
    cands: &mut Vec<Cand>,
    fixed_names: &[GazetteerEntry],
    scratch: &mut Scratch,
) {
    apply_defaults(genre, toks, starts, cands);
    share_kind_in_lists(toks, cands);

    let Scratch {
        entity_of,
        single,
        known: single_entities_known,
        role_strength,
        surfaces,
        covered,
        entities,
        names,
        shared: _,
    } = scratch;
    entities.clear();
    // Sized for the candidates of an ordinary review; it grows with the distinct names of a
    // larger one.
    names.clear(cands.len().min(1 << 12));
    entity_of.clear();
    entity_of.resize(cands.len(), NONE);

    // Multi-word names and all titles first: they define entities and aliases.
    for ci in 0..cands.len() {
        let c = &cands[ci];
        let Some(kind) = c.kind else { continue };
        if c.blocked || (c.form == Form::Single && c.fixed == NONE) {
            continue;
        }
        let (hash, key) = match c.fixed {
            NONE => names.canonical_key(text, c.start as usize..c.end as usize),
            g => names.copied_key(&fixed_names[g as usize].name),
        };
        let (n, seen) = names.entry(text, hash, key);
        if seen {
            names.drop_key(key); // the entry's own key spells it
        }
        let e = entity_named(entities, names, n, kind, c.strength);
        if c.strength > entities[e as usize].strength {
            entities[e as usize].kind = kind;
            entities[e as usize].strength = c.strength;
        }
        entity_of[ci] = e;
        if matches!(
            kind,
            MentionKind::Actor | MentionKind::Character | MentionKind::Person
        ) && c.form.is_personish()
        {
            add_aliases(text, toks, c, e, names);
        }
    }
    // Single words: an exact name, else an alias, else their own entity when typed.
    single.clear();
    single.resize(cands.len(), Key::UNKNOWN);
    single_entities_known.clear();
    single_entities_known.resize(cands.len(), NONE);
    for (ci, c) in cands.iter().enumerate() {
        if entity_of[ci] == NONE && c.form == Form::Single && !c.blocked {
            let (hash, key) = single_key(text, c, names, &mut single[ci]);
            if let Some(n) = names.find(text, hash, key) {
                let n = &names.entries[n];
                if n.entity != NONE || n.alias.sure().is_some() {
                    single_entities_known[ci] = 0;
                }
            }
        }
    }
    type_loose_singles(toks, cands, single_entities_known);
    for ci in 0..cands.len() {
        if entity_of[ci] != NONE || cands[ci].blocked || cands[ci].form != Form::Single {
            continue;
        }
        let c = &cands[ci];
        let (hash, key) = single_key(text, c, names, &mut single[ci]);
        let n = names.find(text, hash, key);
        let found = n.and_then(|n| {
            let n = &names.entries[n];
            match n.entity {
                NONE => n.alias.sure(),
                e => Some(e),
            }
        });
        match found {
            Some(e) => {
                let c = &mut cands[ci];
                if c.kind.is_none() {
                    c.strength = Strength::ALIAS;
                }
                entity_of[ci] = e;
            }
            None => {
                let Some(kind) = c.kind else { continue };
                // No entity and no sure alias has this name: it names a new one.
                let n = n.unwrap_or_else(|| names.insert_new(hash, key));
                entity_of[ci] = entity_named(entities, names, n, kind, c.strength);
            }
        }
    }
    unify_kinds(cands, entity_of, entities, role_strength);
    // Names listed with an actor that only now is one.
    type_loose_singles(toks, cands, entity_of);
    for ci in 0..cands.len() {
        let c = &cands[ci];
        if entity_of[ci] != NONE || c.form != Form::Single {
            continue;
        }
        let Some(kind) = c.kind else { continue };
        let (hash, key) = single_key(text, c, names, &mut single[ci]);
        let (n, _) = names.entry(text, hash, key);
        entity_of[ci] = entity_named(entities, names, n, kind, c.strength);
    }
    // Every other occurrence of a name or title.
    tag_other_occurrences(
        text,
        toks,
        &starts.caps,
        cands,
        entity_of,
        entities,
        surfaces,
        covered,
    );
    // What only the passes above needed is given back for a very large document.
    use crate::scratch::trim;
    trim(single);
    trim(single_entities_known);
    trim(role_strength);
    trim(surfaces);
    trim(covered);
}

/// Appends the mentions of `cands`, typed and given their entities by [`resolve_entities`],
/// to `out`, sorted; returns the number of entities they name (as names or roles).
pub fn emit(text: &str, cands: &[Cand], scratch: &mut Scratch, out: &mut Vec<Mention>) -> usize {
    let Scratch {
        entity_of,
        entities,
        names,
        shared,
        ..
    } = scratch;
    shared.clear();
    shared.resize(entities.len(), None);
    let names = &*names;
    emit_mentions(cands, entity_of, entities, out, |e, entity| {
        shared[e as usize]
            .get_or_insert_with(|| Name::new(names.str(text, entity.name)))
            .clone()
    });
    let named = shared.iter().filter(|s| s.is_some()).count();
    shared.clear();
    named
}

/// The last steps of [`resolve`] (and of its test oracle): partners and roles entity-wide;
/// then one mention per typed, unblocked candidate with an entity, named by `name_of(e, entity
/// e)` (one shared copy per entity: the caller caches it), added to `out` in text order without
/// overlaps (the earlier and longer mention kept), with sentence index 0 ([`set_sentences`]
/// sets them).
pub(super) fn emit_mentions<N>(
    cands: &[Cand],
    entity_of: &[u32],
    entities: &mut [Entity<N>],
    out: &mut Vec<Mention>,
    mut name_of: impl FnMut(u32, &Entity<N>) -> Name,
) {
    // Partners and roles, entity-wide.
    for ci in 0..cands.len() {
        let e = entity_of[ci];
        if e == NONE || cands[ci].kind.is_none() {
            continue;
        }
        if !cands[ci].role.is_none() && entities[e as usize].role.is_none() {
            entities[e as usize].role = cands[ci].role;
        }
        let link = cands[ci].link;
        if link != NONE && entity_of[link as usize] != NONE {
            let partner = entity_of[link as usize];
            if entities[e as usize].partner == NONE && partner != e {
                entities[e as usize].partner = partner;
            }
        }
    }

    let start = out.len();
    // The roles' names, made once each.
    let mut roles: [Option<Name>; Role::NAMES.len()] = Default::default();
    for (ci, c) in cands.iter().enumerate() {
        let (Some(kind), e) = (c.kind, entity_of[ci]) else {
            continue;
        };
        if c.blocked || e == NONE {
            continue;
        }
        let ent = &entities[e as usize];
        let role = match kind {
            MentionKind::Actor | MentionKind::Character | MentionKind::Song => match ent.partner {
                NONE => Name::default(),
                p => name_of(p, &entities[p as usize]),
            },
            MentionKind::Person => {
                let role = if c.role.is_none() { ent.role } else { c.role };
                roles[role.0 as usize]
                    .get_or_insert_with(|| Name::from_static(role.as_str()))
                    .clone()
            }
            MentionKind::Show => Name::default(),
        };
        out.push(Mention {
            kind,
            span: Span::new(c.start as usize, c.end as usize),
            name: name_of(e, ent),
            role,
            sentence: 0,
        });
    }
    let added = &mut out[start..];
    let key = |m: &Mention| (m.span.start, std::cmp::Reverse(m.span.end));
    // Usually in order already (the candidates are sorted by start): then the stable sort and
    // its buffer (half the mentions) are skipped.
    if !added.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
        added.sort_by_key(key);
    }
    // Drop overlaps, keeping the earlier (and longer) mention.
    let mut keep_end = 0u32;
    let mut w = start;
    for r in start..out.len() {
        if out[r].span.start >= keep_end || w == start {
            keep_end = out[r].span.end;
            out.swap(w, r);
            w += 1;
        }
    }
    out.truncate(w);
}

/// Sets the sentence index of each of `mentions` (sorted by start) from the sentences of
/// `tokens`, with one forward pass over the sentences: the last sentence starting at or before
/// the mention.
pub fn set_sentences(tokens: &Tokens, mentions: &mut [Mention]) {
    let sentences = tokens.sentences();
    let mut s = 0;
    for m in mentions {
        while s + 1 < sentences.len() && sentences[s + 1].span.start <= m.span.start {
            s += 1;
        }
        m.sentence = s as u32;
    }
}

/// The entity of the name in entry `n` of `names`, made (of `kind` and `strength`, named by
/// the entry's key) if the name has none yet.
fn entity_named(
    entities: &mut Vec<Entity>,
    names: &mut Names,
    n: usize,
    kind: MentionKind,
    strength: Strength,
) -> u32 {
    let entry = &mut names.entries[n];
    if entry.entity == NONE {
        entry.entity = entities.len() as u32;
        entities.push(Entity {
            kind,
            name: entry.key,
            strength,
            partner: NONE,
            role: Role::NONE,
        });
    }
    entry.entity
}

/// Gives candidate `ci` (typed, after [`resolve_entities`]) an entity if it has none: the one
/// of its name, made if need be.
pub(super) fn give_entity(
    text: &str,
    cands: &[Cand],
    ci: usize,
    fixed_names: &[GazetteerEntry],
    scratch: &mut Scratch,
) {
    let c = &cands[ci];
    let Some(kind) = c.kind else { return };
    if scratch.entity_of[ci] != NONE {
        return;
    }
    let names = &mut scratch.names;
    let (hash, key) = match c.fixed {
        NONE => names.canonical_key(text, c.start as usize..c.end as usize),
        g => names.copied_key(&fixed_names[g as usize].name),
    };
    let (n, seen) = names.entry(text, hash, key);
    if seen {
        names.drop_key(key);
    }
    scratch.entity_of[ci] = entity_named(&mut scratch.entities, names, n, kind, c.strength);
}

/// After `cands[ci]` was widened from `old` to its present bounds (a title's own edges:
/// [`super::titles::take_own_edges`]), its entity is named after the widened words if it was
/// named after the old ones ("48 Hours", not "Hours").
pub(super) fn rename_widened(
    text: &str,
    cands: &[Cand],
    ci: usize,
    old: std::ops::Range<usize>,
    scratch: &mut Scratch,
) {
    let e = scratch.entity_of[ci];
    if e == NONE {
        return;
    }
    let names = &mut scratch.names;
    let entity = &mut scratch.entities[e as usize];
    if names.str(text, entity.name) == canonical_cow(&text[old]) {
        let c = &cands[ci];
        entity.name = names
            .canonical_key(text, c.start as usize..c.end as usize)
            .1;
    }
}

/// An entity takes the kind of its surest mention; weakly typed mentions follow it.
pub(super) fn unify_kinds<N>(
    cands: &mut [Cand],
    entity_of: &[u32],
    entities: &mut [Entity<N>],
    role_strength: &mut Vec<Strength>,
) {
    for (c, &e) in cands.iter().zip(entity_of) {
        let (Some(kind), false) = (c.kind, e == NONE) else {
            continue;
        };
        let ent = &mut entities[e as usize];
        if c.strength > ent.strength {
            ent.kind = kind;
            ent.strength = c.strength;
        }
    }
    // Roles from the surest mention that has one.
    role_strength.clear();
    role_strength.resize(entities.len(), Strength::NONE);
    for (c, &e) in cands.iter().zip(entity_of) {
        if e != NONE
            && !c.role.is_none()
            && c.kind == Some(entities[e as usize].kind)
            && c.strength > role_strength[e as usize]
        {
            role_strength[e as usize] = c.strength;
            entities[e as usize].role = c.role;
        }
    }
    for (c, &e) in cands.iter_mut().zip(entity_of) {
        if e == NONE || c.blocked {
            continue;
        }
        let ent = &entities[e as usize];
        let same_group = |a: MentionKind, b: MentionKind| is_titled(a) == is_titled(b);
        let weak = c.strength <= Strength::ALIAS;
        let outranked =
            c.kind.is_some_and(|k| same_group(k, ent.kind)) && c.strength < ent.strength;
        if (weak || outranked) && c.kind != Some(ent.kind) {
            c.kind = Some(ent.kind);
            c.role = ent.role;
        }
    }
}

/// Shows and songs are titles; the other kinds are people.
fn is_titled(kind: MentionKind) -> bool {
    matches!(kind, MentionKind::Show | MentionKind::Song)
}

/// Genre defaults for candidates no layer typed in a document scanned into `toks` and `starts`.
pub(super) fn apply_defaults(genre: Genre, toks: &[Tok], starts: &Starts, cands: &mut [Cand]) {
    // The line of the last title that needed one.
    let mut line = None;
    for c in cands.iter_mut() {
        if c.kind.is_some() || c.blocked {
            continue;
        }
        let personish = matches!(c.form, Form::Person | Form::NameLike);
        if personish {
            if genre.is_music() {
                c.assign(MentionKind::Person, Strength::DEFAULT);
                c.role = Role::ARTIST;
            } else {
                c.assign(MentionKind::Actor, Strength::DEFAULT);
            }
        } else if c.form == Form::Title && !genre.is_music() {
            let shouting = toks[c.first as usize..=c.last as usize]
                .iter()
                .all(|t| t.kind() != TokKind::Word || t.is(shape::ALL_CAPS) || !t.is(shape::CAP));
            if shouting {
                continue;
            }
            if !in_headline(toks, starts, c.first as usize, c.last as usize, &mut line) {
                c.assign(MentionKind::Show, Strength::DEFAULT);
            }
        }
    }
}

/// True when tokens `first..=last` lie in a line written in title case ([`headline_lines`]).
/// Finds only the line of `first` (between two of the [`Starts::breaks`]), remembered in `line`
/// (its range and whether it is a headline) for the next candidates, which come in text order.
///
/// A headline has at least four capitalized words in five of its words longer than three
/// bytes, so it has no more than a quarter as many lowercase long words as capitalized words
/// of any length ([`Starts::caps`], counted by binary search): the count of a line stops as
/// soon as it has more, which in prose is after a few words.
fn in_headline(
    toks: &[Tok],
    starts: &Starts,
    first: usize,
    last: usize,
    line: &mut Option<(usize, usize, bool)>,
) -> bool {
    if toks[first].kind() == TokKind::Break {
        return false; // a break is in no line
    }
    let (_, end, headline) = match *line {
        Some(l) if l.0 <= first && first < l.1 => l,
        _ => {
            let breaks = &starts.breaks;
            let b = breaks.partition_point(|&k| (k as usize) < first);
            let start = if b == 0 {
                0
            } else {
                breaks[b - 1] as usize + 1
            };
            let end = breaks.get(b).map_or(toks.len(), |&k| k as usize);
            let caps = &starts.caps;
            let all_caps = caps.partition_point(|&k| (k as usize) < end)
                - caps.partition_point(|&k| (k as usize) < start);
            let (mut words, mut caps) = (0, 0);
            for t in &toks[start..end] {
                if t.kind() == TokKind::Word && t.core_end - t.start > 3 {
                    words += 1;
                    caps += t.is(shape::CAP) as usize;
                    if (words - caps) * 4 > all_caps {
                        break; // more lowercase words than a headline has
                    }
                }
            }
            let l = (start, end, words >= 2 && caps * 5 >= words * 4);
            *line = Some(l);
            l
        }
    };
    headline && last < end
}

/// Token ranges of lines written in title case (headlines, captions, credits), where a run of
/// capitalized words is no evidence of a title.
#[cfg(test)]
fn headline_lines(toks: &[Tok]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let (mut words, mut caps) = (0, 0);
    for (i, t) in toks.iter().enumerate() {
        if t.kind() == TokKind::Break {
            if words >= 2 && caps * 5 >= words * 4 {
                out.push((start, i));
            }
            start = i + 1;
            words = 0;
            caps = 0;
        } else if t.kind() == TokKind::Word && t.core_end - t.start > 3 {
            words += 1;
            caps += t.is(shape::CAP) as usize;
        }
    }
    if words >= 2 && caps * 5 >= words * 4 {
        out.push((start, toks.len()));
    }
    out
}

/// True when only a comma, "and", "or" or ", and" separate two candidates.
fn listed(toks: &[Tok], a: &Cand, b: &Cand) -> bool {
    // Candidates that touch or overlap (a quoted title inside a name run) are not a list.
    let Some(between) = toks.get(a.last as usize + 1..b.first as usize) else {
        return false;
    };
    !between.is_empty()
        && between.len() <= 2
        && between
            .iter()
            .all(|t| t.is_punct(',') || matches!(t.lower_word(), Word::And | Word::Or | Word::Nor))
}

/// Single names nothing typed: one listed with an actor is an actor ("Juhi and Sunny").
pub(super) fn type_loose_singles(toks: &[Tok], cands: &mut [Cand], entity_of: &[u32]) {
    let loose =
        |c: &Cand, e: u32| c.form == Form::Single && c.kind.is_none() && !c.blocked && e == NONE;
    for i in 0..cands.len() {
        if !loose(&cands[i], entity_of[i]) {
            continue;
        }
        let actor_next = |j: usize| {
            cands[j].kind == Some(MentionKind::Actor) && cands[j].strength >= Strength::DEFAULT
        };
        let before = i > 0 && actor_next(i - 1) && listed(toks, &cands[i - 1], &cands[i]);
        let after =
            i + 1 < cands.len() && actor_next(i + 1) && listed(toks, &cands[i], &cands[i + 1]);
        if before || after {
            cands[i].assign(MentionKind::Actor, Strength::ALIAS);
        }
    }
}

/// A title listed with a show ("both Riverdale and Chilling Adventures of Sabrina") is a show.
pub(super) fn share_kind_in_lists(toks: &[Tok], cands: &mut [Cand]) {
    for i in 1..cands.len() {
        let (a, b) = (i - 1, i);
        if !listed(toks, &cands[a], &cands[b]) {
            continue;
        }
        for (from, to) in [(a, b), (b, a)] {
            if cands[to].blocked {
                continue;
            }
            let is_show = cands[from].kind == Some(MentionKind::Show)
                && cands[from].strength >= Strength::DEFAULT;
            let open =
                cands[to].kind.is_none() && matches!(cands[to].form, Form::Single | Form::Title);
            if is_show && open {
                cands[to].assign(MentionKind::Show, Strength::ALIAS);
            }
            // People listed with a director or an artist share the role.
            let person = cands[from].kind == Some(MentionKind::Person)
                && cands[from].strength >= Strength::CUE
                && cands[from].form != Form::Quoted;
            let weak_person = matches!(cands[to].form, Form::Person | Form::NameLike)
                && cands[to].strength <= Strength::DEFAULT;
            if person && weak_person {
                let role = cands[from].role;
                cands[to].assign(MentionKind::Person, Strength::ALIAS);
                cands[to].role = role;
            }
        }
    }
}

/// Registers a multi-word person's surname, given name and nickname as aliases of `e`.
fn add_aliases(text: &str, toks: &[Tok], c: &Cand, e: u32, names: &mut Names) {
    // The first and last of two or more capitalized words.
    let mut words = toks[c.first as usize..=c.last as usize]
        .iter()
        .filter(|t| t.kind() == TokKind::Word && t.is(shape::CAP));
    let (Some(first), Some(mut last)) = (words.next(), words.next()) else {
        return;
    };
    for t in words {
        last = t;
    }
    let is_character = c.kind == Some(MentionKind::Character);
    let mut add = |word: &Tok, rank: AliasRank| {
        let (hash, key) = names.canonical_key(text, word.start as usize..word.core_end as usize);
        let (n, seen) = names.entry(text, hash, key);
        if seen {
            names.drop_key(key);
        }
        names.entries[n].alias.add(e, rank);
    };
    let initial = |t: &Tok| t.is(shape::DOTTED) || t.core_end - t.start <= 2;
    if !initial(last) {
        add(last, AliasRank::Surname);
    }
    if !initial(first) {
        let rank = if is_character {
            AliasRank::Surname
        } else {
            AliasRank::GivenName
        };
        add(first, rank);
    }
    // A nickname between quotes: Eleanor “Nellie” O’Brien.
    let inner = &toks[c.first as usize..=c.last as usize];
    if let Some(open) = inner
        .iter()
        .position(|t| matches!(t.kind(), TokKind::Punct('“' | '"' | '‘')))
    {
        if let Some(nick) = inner.get(open + 1).filter(|t| t.is_cap_word()) {
            add(nick, AliasRank::Nickname);
        }
    }
}

/// A name's or title's surface for [`tag_other_occurrences`], in its first word's list.
#[derive(Clone, Copy)]
pub(super) struct Surface {
    entity: u32,
    start: usize,
    end: usize,
    /// The next surface with the same first word, or [`NONE`].
    next: u32,
}

/// Tags occurrences of multi-word names and titles that no candidate covers yet.
#[allow(clippy::too_many_arguments)]
pub(super) fn tag_other_occurrences<N>(
    text: &str,
    toks: &[Tok],
    caps: &[u32],
    cands: &mut Vec<Cand>,
    entity_of: &mut Vec<u32>,
    entities: &[Entity<N>],
    surfaces: &mut Vec<Surface>,
    covered: &mut Vec<bool>,
) {
    // Surfaces by their first word: each word's list, in order, linked through `next` in one
    // vector; `lens` has a bit per first word's length (mod 64) and `firsts` one per its first
    // byte (mod 64), so most words skip the map.
    // Keyed by the first word's hash: two words of one hash share a list, where the text of
    // each surface tells them apart, as it tells apart the surfaces of one first word.
    let mut heads: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
    surfaces.clear();
    let mut lens = 0u64;
    let mut firsts = 0u64;
    for (ci, c) in cands.iter().enumerate() {
        let e = entity_of[ci];
        if e == NONE || c.kind.is_none() || c.blocked || c.first == c.last && c.form != Form::Quoted
        {
            continue;
        }
        let first = &toks[c.first as usize];
        if first.kind() != TokKind::Word || !first.is(shape::CAP) {
            continue;
        }
        let (s, en) = (c.start as usize, c.end as usize);
        let new = surfaces.len() as u32;
        let key = first.core(text);
        let hash = hash_name(key);
        match heads.get_mut(&hash) {
            None => {
                if heads.is_empty() {
                    // Sized once, in the documents that have surfaces at all: for as many
                    // first words as entities (a rare entity of several first words grows
                    // it), not as candidates.
                    heads.reserve(cands.len().min(entities.len()));
                }
                heads.insert(hash, (new, new));
                lens |= 1 << (key.len() % 64);
                firsts |= 1 << (key.as_bytes()[0] % 64);
            }
            Some((head, tail)) => {
                let mut q = *head;
                let mut seen = false;
                while q != NONE {
                    let o = &surfaces[q as usize];
                    if o.entity == e && text[o.start..o.end] == text[s..en] {
                        seen = true;
                        break;
                    }
                    q = o.next;
                }
                if seen {
                    continue;
                }
                surfaces[*tail as usize].next = new;
                *tail = new;
            }
        }
        surfaces.push(Surface {
            entity: e,
            start: s,
            end: en,
            next: NONE,
        });
    }
    if surfaces.is_empty() {
        return;
    }
    covered.clear();
    covered.resize(toks.len(), false);
    for (ci, c) in cands.iter().enumerate() {
        if entity_of[ci] != NONE && c.kind.is_some() || c.blocked {
            covered[c.first as usize..=c.last as usize].fill(true);
        }
    }
    let mut added = Vec::new();
    let mut i = 0; // the first token not yet read
    for &c in caps {
        if (c as usize) < i {
            continue;
        }
        i = c as usize;
        let t = &toks[i];
        if covered[i] {
            continue;
        }
        let mut matched = None;
        let len = (t.core_end - t.start) as usize;
        let first_byte = text.as_bytes()[t.start as usize];
        let maybe = lens & (1 << (len % 64)) != 0 && firsts & (1 << (first_byte % 64)) != 0;
        let listed = if maybe {
            heads.get(&hash_name(t.core(text)))
        } else {
            None
        };
        if let Some(&(head, _)) = listed {
            let mut q = head;
            while q != NONE {
                let Surface {
                    entity: e,
                    start: s,
                    end: en,
                    next,
                } = surfaces[q as usize];
                q = next;
                let surface = &text[s..en];
                let at = t.start as usize;
                // (A surface of another first word of the same hash starts otherwise.)
                if !surface.starts_with(t.core(text)) || !text[at..].starts_with(surface) {
                    continue;
                }
                let end = at + surface.len();
                // The match must end where a token's word ends.
                let mut j = i;
                while j < toks.len() && (toks[j].start as usize) < end {
                    j += 1;
                }
                let last = j - 1;
                if toks[last].core_end as usize != end || (i..=last).any(|q| covered[q]) {
                    continue;
                }
                if matched.is_none_or(|(_, l, _): (u32, usize, usize)| last > l) {
                    matched = Some((e, last, end));
                }
            }
        }
        match matched {
            Some((e, last, end)) => {
                let ent = &entities[e as usize];
                let mut c = Cand::new(toks, i, last, Form::Title, false);
                c.end = end as u32;
                c.kind = Some(ent.kind);
                c.strength = Strength::ALIAS;
                added.push((c, e));
                covered[i..=last].fill(true);
                i = last + 1;
            }
            None => i += 1,
        }
    }
    for (c, e) in added {
        cands.push(c);
        entity_of.push(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::gazetteer::Gazetteer;
    use crate::entity::{resolve_reference, EntityExtractor};
    use crate::tokenize::Tokenizer;
    use proptest::prelude::*;

    /// Name-dense review text: a few names again and again, whole, in part, possessive, with
    /// typographic quotes and apostrophes, odd spacing and the cues that type them.
    fn name_dense_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Paul James "),
            Just("James "),
            Just("James’ "),
            Just("Paul "),
            Just("Eleanor “Nellie” O’Brien "),
            Just("Eleanor \"Nellie\" O'Brien "),
            Just("Nellie "),
            Just("O’Brien "),
            Just("O'Brien "),
            Just("O`Brien "),
            Just("Mara  Quillon "),
            Just("Mara\u{A0}Quillon "),
            Just("Mara\nQuillon "),
            Just("Mara Quillon’s "),
            Just("Quillon "),
            Just("B.J. Novak "),
            Just("Novak "),
            Just("Ben "),
            Just("Juhi "),
            Just("Sunny "),
            Just("Morning Tide "),
            Just("Tide "),
            Just("The Velvet Hour "),
            Just("Velvet Hour "),
            Just("Riverdale "),
            Just("Chilling Adventures of Sabrina "),
            Just("“Blue Moon” "),
            Just("director "),
            Just("Dr. "),
            Just(" and "),
            Just(" or "),
            Just(", "),
            Just(", and "),
            Just(" as "),
            Just(" played by "),
            Just(" starring "),
            Just(" plays "),
            Just(" the show "),
            Just(" the film "),
            Just(" the album "),
            Just(" song "),
            Just(" sang "),
            Just(" directed by "),
            Just(" both "),
            Just(" episode "),
            Just(" ("),
            Just(") "),
            Just(". "),
            Just("\n"),
            Just("<br /><br />"),
        ];
        let piece = prop_oneof![
            8 => piece.prop_map(String::from),
            1 => "[A-Z][a-z]{1,5} ",
            1 => "[a-z]{1,6} ",
        ];
        prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    /// The mentions of each of `texts` by [`resolve`] and by the reference, one scratch each
    /// for all the texts (as a thread reuses it).
    fn both(gazetteer: Option<&str>, texts: &[String]) -> (Vec<Mention>, Vec<Mention>) {
        let extractor = match gazetteer {
            Some(g) => EntityExtractor::with_gazetteer(Gazetteer::from_str(g).unwrap()),
            None => EntityExtractor::new(),
        };
        let mut s = crate::entity::Scratch::default();
        let mut reference = resolve_reference::Scratch::default();
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        let mut tokens = Tokens::new();
        for text in texts {
            Tokenizer::new().tokenize(text, &mut tokens);
            let genre = extractor.find_cands(text, &mut s, true);
            let fixed = extractor
                .gazetteer
                .as_deref()
                .map_or(&[][..], |g| g.entries());
            let mut cands = s.cands.clone();
            let (ours_start, theirs_start) = (ours.len(), theirs.len());
            resolve(
                text,
                &s.toks,
                &s.starts,
                genre,
                &mut s.cands,
                fixed,
                &mut s.resolve,
                &mut ours,
            );
            resolve_reference::resolve(
                text,
                &s.toks,
                &s.starts,
                genre,
                &mut cands,
                fixed,
                &mut reference,
                &mut theirs,
            );
            set_sentences(&tokens, &mut ours[ours_start..]);
            set_sentences(&tokens, &mut theirs[theirs_start..]);
        }
        (ours, theirs)
    }

    const GAZETTEER: &str = "song\tMorning Tide\tTide\nshow\tThe Velvet Hour\tVelvet Hour\n\
        actor\tMara Quillon\tQuillon\nactor\tJuhi\n";

    #[test]
    fn resolves_the_sample_corpus_as_the_reference() {
        fn files(dir: &std::path::Path, out: &mut Vec<String>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
            entries.sort_by_key(|e| e.path());
            for e in entries {
                let path = e.path();
                if path.is_dir() {
                    files(&path, out);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    out.push(text);
                }
            }
        }
        let mut texts = Vec::new();
        files(
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")),
            &mut texts,
        );
        assert!(texts.len() > 10);
        for gazetteer in [None, Some(GAZETTEER)] {
            let (ours, theirs) = both(gazetteer, &texts);
            assert!(ours.len() > 100);
            assert_eq!(ours, theirs);
        }
    }

    /// Looks `names` up in a [`Names`] and in a `HashMap` by text, adding the missing ones (with
    /// hashes cut to `hash_bits` bits, so that names collide): both must agree throughout.
    fn names_as_a_map(text: &str, names: &[(usize, usize, bool)], hash_bits: u32) {
        let mut table = Names::default();
        let mut map: std::collections::HashMap<String, usize> = Default::default();
        table.clear(names.len() / 4);
        for (i, &(a, b, copy)) in names.iter().enumerate() {
            let (a, b) = (a.min(text.len()), b.min(text.len()));
            let (a, b) = (a.min(b), a.max(b));
            if !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                continue;
            }
            let (hash, key) = if copy {
                table.copied_key(&text[a..b])
            } else {
                table.canonical_key(text, a..b)
            };
            let hash = hash & (u64::MAX >> (64 - hash_bits));
            let name = table.str(text, key).to_string();
            let want = if copy {
                text[a..b].to_string()
            } else {
                canonical(&text[a..b])
            };
            assert_eq!(name, want);
            let found = table.find(text, hash, key);
            assert_eq!(
                found.map(|e| table.entries[e].entity as usize),
                map.get(&name).copied()
            );
            if found.is_none() {
                let e = table.insert_new(hash, key);
                table.entries[e].entity = i as u32;
                map.insert(name.clone(), i);
            }
            let (e, seen) = table.entry(text, hash, key);
            assert!(seen);
            assert_eq!(table.str(text, table.entries[e].key), name);
            if found.is_some() {
                table.drop_key(key);
            }
        }
        assert_eq!(table.entries.len(), map.len());
    }

    #[test]
    fn names_answer_as_a_map_of_their_text() {
        let text = "Paul James  James’ O’Brien O'Brien James\u{A0}Paul Paul James";
        let mut names = Vec::new();
        for a in 0..text.len() {
            for b in a..text.len().min(a + 12) {
                names.push((a, b, (a + b) % 5 == 0));
            }
        }
        for bits in [1, 4, 64] {
            names_as_a_map(text, &names, bits);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn names_answer_as_a_map(
            text in "[ abAB'’\t]{0,24}",
            names in prop::collection::vec((0usize..25, 0usize..25, any::<bool>()), 0..80),
            hash_bits in prop_oneof![Just(1u32), Just(3), Just(64)],
        ) {
            names_as_a_map(&text, &names, hash_bits);
        }

        #[test]
        fn resolves_as_the_reference(
            texts in prop::collection::vec(
                prop_oneof![name_dense_text(), crate::entity::tests::review_text()],
                1..4,
            ),
            gazetteer in any::<bool>(),
        ) {
            let (ours, theirs) = both(gazetteer.then_some(GAZETTEER), &texts);
            prop_assert_eq!(ours, theirs, "{:?}", texts);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn canonical_cow_equals_canonical(s in "[ a-zA-Z'`’‘“”\"\t\n\u{A0}.-]{0,12}") {
            prop_assert_eq!(canonical_cow(&s).into_owned(), canonical(&s));
        }

        #[test]
        fn canonical_cow_equals_canonical_on_any_string(s in any::<String>()) {
            prop_assert_eq!(canonical_cow(&s).into_owned(), canonical(&s));
        }

        #[test]
        fn headline_of_one_line_as_of_all_lines(
            words in prop::collection::vec(
                prop_oneof![
                    "[A-Z][a-z]{0,6}",
                    "[a-z]{1,7}",
                    Just("\n".to_string()),
                    Just("\r\n".to_string()),
                    Just("<br /><br />".to_string()),
                    Just("<p>".to_string()),
                    Just(",".to_string()),
                ],
                1..40,
            ),
            spans in prop::collection::vec((0usize..60, 0usize..4), 1..12),
        ) {
            let text = words.join(" ");
            let mut toks = Vec::new();
            let mut starts = Starts::default();
            crate::entity::scan::scan_starts(&text, crate::entity::lexicon::Lexicon::builtin(), &mut toks, &mut starts);
            prop_assume!(!toks.is_empty());
            let headlines = headline_lines(&toks);
            let mut spans: Vec<(usize, usize)> = spans
                .into_iter()
                .map(|(a, n)| (a % toks.len(), (a % toks.len() + n).min(toks.len() - 1)))
                .collect();
            spans.sort();
            let mut line = None;
            for (first, last) in spans {
                let h = headlines.partition_point(|&(a, _)| a <= first);
                let want = h > 0 && last < headlines[h - 1].1;
                prop_assert_eq!(in_headline(&toks, &starts, first, last, &mut line), want, "{:?} {}..={}", text, first, last);
            }
        }
    }
}
