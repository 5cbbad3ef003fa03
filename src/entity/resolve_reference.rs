//! The resolve step as it was before its per-document maps were keyed by hash in reused
//! buffers: `FxHashMap<Cow<str>, _>` maps made for every document, each name hashed again in
//! every pass. Kept, for tests only, as the oracle [`super::resolve`] must equal.

use super::lexicon::FxHashMap;
use super::names::Form;
use super::scan::{shape, Tok, TokKind};
use super::words::Word;
use super::{Cand, Genre, Mention, MentionKind, Name, Starts, Strength, NONE};
use crate::doc::Span;
use crate::tokenize::Tokens;
use std::borrow::Cow;

/// One entity of the document; its name borrows the document text when it is canonical there.
#[derive(Debug)]
struct Entity<'t> {
    kind: MentionKind,
    name: Cow<'t, str>,
    strength: Strength,
    /// The related entity: an actor's character, a character's actor, a song's artist.
    partner: u32,
    role: &'static str,
}

/// How an alias was derived; a surname beats a given name.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum AliasRank {
    GivenName = 1,
    Surname = 2,
    Nickname = 3,
}

#[derive(Clone, Copy)]
struct Alias {
    entity: u32,
    rank: AliasRank,
    ambiguous: bool,
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
fn is_canonical(b: &[u8]) -> bool {
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

/// Folds typographic apostrophes and quotes to ASCII and collapses white space.
pub fn canonical(surface: &str) -> String {
    let mut out = String::with_capacity(surface.len());
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
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
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
    tokens: &Tokens,
    scratch: &mut Scratch,
    out: &mut Vec<Mention>,
) {
    apply_defaults(genre, toks, starts, cands);
    share_kind_in_lists(toks, cands);

    let mut entities: Vec<Entity> = Vec::with_capacity(cands.len());
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
        if c.blocked || (c.form == Form::Single && c.fixed_name.is_none()) {
            continue;
        }
        let name = c.fixed_name.as_deref().map_or_else(
            || canonical_cow(&text[c.start as usize..c.end as usize]),
            |n| Cow::Owned(n.to_string()),
        );
        let e = *by_name.entry(name.clone()).or_insert_with(|| {
            entities.push(Entity {
                kind,
                name,
                strength: c.strength,
                partner: NONE,
                role: "",
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
                    role: "",
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
                role: "",
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

    // Partners and roles, entity-wide.
    for ci in 0..cands.len() {
        let e = entity_of[ci];
        if e == NONE || cands[ci].kind.is_none() {
            continue;
        }
        if !cands[ci].role.is_empty() && entities[e as usize].role.is_empty() {
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
    let names = &mut scratch.names;
    names.clear();
    names.resize(entities.len(), None);
    // One shared copy of each entity's name for all its mentions (and its partners' roles).
    let mut name_of = |e: u32| -> Name {
        names[e as usize]
            .get_or_insert_with(|| match &entities[e as usize].name {
                Cow::Borrowed(name) => Name::new(name),
                Cow::Owned(name) => Name::new(name),
            })
            .clone()
    };
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
                p => name_of(p),
            },
            MentionKind::Person => {
                Name::from_static(if c.role.is_empty() { ent.role } else { c.role })
            }
            MentionKind::Show => Name::default(),
        };
        out.push(Mention {
            kind,
            span: Span::new(c.start as usize, c.end as usize),
            name: name_of(e),
            role,
            sentence: 0,
        });
    }
    scratch.names.clear();
    let added = &mut out[start..];
    added.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
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
    // Sentence indices with one forward pass over the sentences.
    let sentences = tokens.sentences();
    let mut s = 0;
    for m in &mut out[start..] {
        while s + 1 < sentences.len() && sentences[s + 1].span.start <= m.span.start {
            s += 1;
        }
        m.sentence = s as u32;
    }
}

/// An entity takes the kind of its surest mention; weakly typed mentions follow it.
fn unify_kinds(
    cands: &mut [Cand],
    entity_of: &[u32],
    entities: &mut [Entity],
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
            && !c.role.is_empty()
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
fn apply_defaults(genre: Genre, toks: &[Tok], starts: &Starts, cands: &mut [Cand]) {
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
                c.role = "artist";
            } else {
                c.assign(MentionKind::Actor, Strength::DEFAULT);
            }
        } else if c.form == Form::Title && !genre.is_music() {
            let shouting = toks[c.first as usize..=c.last as usize]
                .iter()
                .all(|t| t.kind != TokKind::Word || t.is(shape::ALL_CAPS) || !t.is(shape::CAP));
            if shouting {
                continue;
            }
            if !in_headline(toks, starts, c.first as usize, c.last as usize, &mut line) {
                c.assign(MentionKind::Show, Strength::DEFAULT);
            }
        }
    }
}

/// True when tokens `first..=last` lie in a line written in title case (`headline_lines` in resolve.rs).
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
    if toks[first].kind == TokKind::Break {
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
                if t.kind == TokKind::Word && t.core_end - t.start > 3 {
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
fn type_loose_singles(toks: &[Tok], cands: &mut [Cand], entity_of: &[u32]) {
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
fn share_kind_in_lists(toks: &[Tok], cands: &mut [Cand]) {
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
        .filter(|t| t.kind == TokKind::Word && t.is(shape::CAP));
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
        .position(|t| matches!(t.kind, TokKind::Punct('“' | '"' | '‘')))
    {
        if let Some(nick) = inner.get(open + 1).filter(|t| t.is_cap_word()) {
            add(canonical_cow(nick.core(text)), AliasRank::Nickname);
        }
    }
}

/// A name's or title's surface for [`tag_other_occurrences`], in its first word's list.
#[derive(Clone, Copy)]
struct Surface {
    entity: u32,
    start: usize,
    end: usize,
    /// The next surface with the same first word, or [`NONE`].
    next: u32,
}

/// Tags occurrences of multi-word names and titles that no candidate covers yet.
#[allow(clippy::too_many_arguments)]
fn tag_other_occurrences(
    text: &str,
    toks: &[Tok],
    caps: &[u32],
    cands: &mut Vec<Cand>,
    entity_of: &mut Vec<u32>,
    entities: &[Entity],
    surfaces: &mut Vec<Surface>,
    covered: &mut Vec<bool>,
) {
    // Surfaces by their first word: each word's list, in order, linked through `next` in one
    // vector; `lens` has a bit per first word's length (mod 64) and `firsts` one per its first
    // byte (mod 64), so most words skip the map.
    let mut heads: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
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
        if first.kind != TokKind::Word || !first.is(shape::CAP) {
            continue;
        }
        let (s, en) = (c.start as usize, c.end as usize);
        let new = surfaces.len() as u32;
        let key = first.core(text);
        match heads.get_mut(key) {
            None => {
                if heads.is_empty() {
                    // Sized once, in the documents that have surfaces at all.
                    heads.reserve(cands.len());
                }
                heads.insert(key, (new, new));
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
        let listed = if maybe { heads.get(t.core(text)) } else { None };
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
                if !text[at..].starts_with(surface) {
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
                if matched.map_or(true, |(_, l, _): (u32, usize, usize)| last > l) {
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
