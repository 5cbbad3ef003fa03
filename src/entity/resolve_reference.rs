//! The resolve step as it was before its per-document maps were keyed by hash in reused
//! buffers: `FxHashMap<Cow<str>, _>` maps made for every document, each name hashed again in
//! every pass. Kept, for tests only, as the oracle [`super::resolve`] must equal.

//!
//! Only what the change replaced is kept here; the steps it left as they were are
//! [`super::resolve`]'s own.

use super::lexicon::FxHashMap;
use super::names::Form;
use super::resolve::{
    apply_defaults, canonical, canonical_cow, emit_mentions, is_canonical, share_kind_in_lists,
    tag_other_occurrences, type_loose_singles, unify_kinds, AliasRank, Entity, Surface,
};
use super::scan::{shape, Tok, TokKind};
use super::{
    Cand, GazetteerEntry, Genre, Mention, MentionKind, Name, Role, Starts, Strength, NONE,
};
use std::borrow::Cow;

#[derive(Clone, Copy)]
struct Alias {
    entity: u32,
    rank: AliasRank,
    ambiguous: bool,
}

/// [`Scratch::plain`]: not known yet.
const UNKNOWN: u8 = 0;
/// [`Scratch::plain`]: the surface is canonical.
const PLAIN: u8 = 1;
/// [`Scratch::plain`]: the surface needs [`canonical`].
const FOLDED: u8 = 2;

/// [`canonical_cow`] of a single word's surface, testing it only the first time (`plain`).
#[inline]
fn single_key<'t>(text: &'t str, c: &Cand, plain: &mut u8) -> Cow<'t, str> {
    let surface = &text[c.start as usize..c.end as usize];
    if *plain == UNKNOWN {
        *plain = if is_canonical(surface.as_bytes()) {
            PLAIN
        } else {
            FOLDED
        };
    }
    match *plain {
        PLAIN => Cow::Borrowed(surface),
        _ => Cow::Owned(canonical(surface)),
    }
}

/// Buffers [`resolve`] reuses from document to document.
#[derive(Default)]
pub struct Scratch {
    entity_of: Vec<u32>,
    /// Per candidate: whether its surface is canonical, once known ([`single_key`]).
    plain: Vec<u8>,
    known: Vec<u32>,
    role_strength: Vec<Strength>,
    surfaces: Vec<Surface>,
    covered: Vec<bool>,
    /// Per entity: its name as the mentions share it, made on first use (empty between calls).
    names: Vec<Option<Name>>,
}

/// Applies defaults and consistency to `cands` and appends the mentions to `out`, sorted.
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
    apply_defaults(genre, toks, starts, cands);
    share_kind_in_lists(toks, cands);

    let mut entities: Vec<Entity<Cow<str>>> = Vec::with_capacity(cands.len());
    let mut by_name: FxHashMap<Cow<str>, u32> = FxHashMap::default();
    by_name.reserve(cands.len());
    let mut aliases: FxHashMap<Cow<str>, Alias> = FxHashMap::default();
    aliases.reserve(cands.len());
    let entity_of = &mut scratch.entity_of;
    entity_of.clear();
    entity_of.resize(cands.len(), NONE);

    // Multi-word names and all titles first: they define entities and aliases.
    for ci in 0..cands.len() {
        let c = &cands[ci];
        let Some(kind) = c.kind else { continue };
        if c.blocked || (c.form == Form::Single && c.fixed == NONE) {
            continue;
        }
        let name = match c.fixed {
            NONE => canonical_cow(&text[c.start as usize..c.end as usize]),
            g => Cow::Owned(fixed_names[g as usize].name.to_string()),
        };
        let e = *by_name.entry(name.clone()).or_insert_with(|| {
            entities.push(Entity {
                kind,
                name,
                strength: c.strength,
                partner: NONE,
                role: Role::NONE,
            });
            (entities.len() - 1) as u32
        });
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
            add_aliases(text, toks, c, e, &mut aliases);
        }
    }
    // Single words: an exact name, else an alias, else their own entity when typed.
    let plain = &mut scratch.plain;
    plain.clear();
    plain.resize(cands.len(), UNKNOWN);
    let single_entities_known = &mut scratch.known;
    single_entities_known.clear();
    single_entities_known.resize(cands.len(), NONE);
    for (ci, c) in cands.iter().enumerate() {
        if entity_of[ci] == NONE && c.form == Form::Single && !c.blocked {
            let key = single_key(text, c, &mut plain[ci]);
            let key = key.as_ref();
            if by_name.contains_key(key) || aliases.get(key).is_some_and(|a| !a.ambiguous) {
                single_entities_known[ci] = 0;
            }
        }
    }
    type_loose_singles(toks, cands, single_entities_known);
    for ci in 0..cands.len() {
        if entity_of[ci] != NONE || cands[ci].blocked || cands[ci].form != Form::Single {
            continue;
        }
        let c = &cands[ci];
        let key = single_key(text, c, &mut plain[ci]);
        let found = by_name.get(key.as_ref()).copied().or_else(|| {
            aliases
                .get(key.as_ref())
                .filter(|a| !a.ambiguous)
                .map(|a| a.entity)
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
                let e = entities.len() as u32;
                entities.push(Entity {
                    kind,
                    name: key.clone(),
                    strength: c.strength,
                    partner: NONE,
                    role: Role::NONE,
                });
                by_name.insert(key, e);
                entity_of[ci] = e;
            }
        }
    }
    unify_kinds(cands, entity_of, &mut entities, &mut scratch.role_strength);
    // Names listed with an actor that only now is one.
    type_loose_singles(toks, cands, entity_of);
    for ci in 0..cands.len() {
        let c = &cands[ci];
        if entity_of[ci] != NONE || c.form != Form::Single {
            continue;
        }
        let Some(kind) = c.kind else { continue };
        let key = single_key(text, c, &mut plain[ci]);
        let e = *by_name.entry(key.clone()).or_insert_with(|| {
            entities.push(Entity {
                kind,
                name: key,
                strength: c.strength,
                partner: NONE,
                role: Role::NONE,
            });
            (entities.len() - 1) as u32
        });
        entity_of[ci] = e;
    }
    // Every other occurrence of a name or title.
    tag_other_occurrences(
        text,
        toks,
        &starts.caps,
        cands,
        entity_of,
        &entities,
        &mut scratch.surfaces,
        &mut scratch.covered,
    );

    let names = &mut scratch.names;
    names.clear();
    names.resize(entities.len(), None);
    emit_mentions(cands, entity_of, &mut entities, out, |e, entity| {
        names[e as usize]
            .get_or_insert_with(|| match &entity.name {
                Cow::Borrowed(name) => Name::new(name),
                Cow::Owned(name) => Name::new(name),
            })
            .clone()
    });
    scratch.names.clear();
}

/// Registers a multi-word person's surname, given name and nickname as aliases of `e`.
fn add_aliases<'t>(
    text: &'t str,
    toks: &[Tok],
    c: &Cand,
    e: u32,
    aliases: &mut FxHashMap<Cow<'t, str>, Alias>,
) {
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
    let mut add = |key: Cow<'t, str>, rank: AliasRank| {
        aliases
            .entry(key)
            .and_modify(|a| {
                if a.entity != e {
                    if rank > a.rank {
                        *a = Alias {
                            entity: e,
                            rank,
                            ambiguous: false,
                        };
                    } else if rank == a.rank {
                        a.ambiguous = true;
                    }
                }
            })
            .or_insert(Alias {
                entity: e,
                rank,
                ambiguous: false,
            });
    };
    let initial = |t: &Tok| t.is(shape::DOTTED) || t.core_end - t.start <= 2;
    if !initial(last) {
        add(canonical_cow(last.core(text)), AliasRank::Surname);
    }
    if !initial(first) {
        let rank = if is_character {
            AliasRank::Surname
        } else {
            AliasRank::GivenName
        };
        add(canonical_cow(first.core(text)), rank);
    }
    // A nickname between quotes: Eleanor “Nellie” O’Brien.
    let inner = &toks[c.first as usize..=c.last as usize];
    if let Some(open) = inner
        .iter()
        .position(|t| matches!(t.kind(), TokKind::Punct('“' | '"' | '‘')))
    {
        if let Some(nick) = inner.get(open + 1).filter(|t| t.is_cap_word()) {
            add(canonical_cow(nick.core(text)), AliasRank::Nickname);
        }
    }
}
