//! Layers 1 and 3: explicit structure and cue words.
//!
//! - [`QuotedTitles`] finds titles between quote marks or in emphasis (`“Title”`, `*Title*`,
//!   `<i>Title</i>`, `**Artist - Title**`) and decides song or show from the words around them
//!   (`to Artist’s “Title”`, `“Title” by Artist`, "the song", "series"...) and the review's genre.
//! - [`CastPatterns`] reads casting structure: `Character (Actor)` and `Actor (Character)`,
//!   `X plays Y`, `Y, played by X`, `X as Y`, `starring A, B and C`.
//! - [`CueTyping`] types the remaining names from nearby cue words: roles (`directed by`,
//!   `creator`), performers (`actress`, `’s performance`), musicians (`singer`, `band`), and
//!   titles (`Netflix’s X`, `X episodes`, `the film X`, `X is a great movie`).
//!
//! Each pattern only raises a candidate's kind when it is surer than what set it before
//! ([`Cand::assign`]).

use super::known::{class, Known};
use super::lexicon::{flags as lf, FxHasher, Lexicon};
use super::names::Form;
use super::scan::{shape, Tok, TokKind};
use super::words::{Case, Word};
use super::{Cand, Genre, Role, Strength, NONE};
use crate::entity::MentionKind;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

/// How many words around a quoted title are searched for song or show cues.
const CUE_WINDOW_BEFORE: usize = 20;
/// What crossing a sentence end adds to a cue's distance.
const SENTENCE_COST: usize = 6;
const CUE_WINDOW_AFTER: usize = 10;

/// True when `t` is the word `w` in any case.
#[inline]
fn word_is(t: &Tok, w: Word) -> bool {
    t.word == w
}

#[inline]
fn is_double_open(t: &Tok) -> bool {
    matches!(t.kind(), TokKind::Punct('“' | '"'))
}

/// Finds quoted and emphasized titles.
pub struct QuotedTitles;

impl QuotedTitles {
    /// Appends title candidates to `out` and marks their tokens (and album titles') as taken.
    /// `openers` are the tokens for which [`is_opener`] holds, in order.
    pub fn find(
        text: &str,
        toks: &[Tok],
        openers: &[u32],
        genre: Genre,
        taken: &mut [bool],
        out: &mut Vec<Cand>,
    ) {
        // The first token not yet read; only quote marks and emphasis open a title (the others
        // have no matching close).
        let mut i = 0;
        for &o in openers {
            if (o as usize) < i {
                continue;
            }
            i = o as usize;
            let Some(close) = matching_close(toks, i) else {
                i += 1;
                continue;
            };
            let emphasis = !matches!(toks[i].kind(), TokKind::Punct('“' | '"' | '‘' | '\''));
            let bold =
                matches!(toks[i].kind(), TokKind::Punct('*')) && toks[i].end - toks[i].start >= 2;
            if bold && Self::artist_dash_title(text, toks, i + 1, close, genre, taken, out) {
                i = close + 1;
                continue;
            }
            match title_content(text, toks, i, close) {
                // A surer layer (the user's gazetteer or patterns) already holds these words.
                Some((a, b, _)) if taken[a..=b].iter().any(|&t| t) => i = close + 1,
                Some((a, b, quoted)) => {
                    let sure = quoted == Quoted::Sure;
                    // A quoted nickname inside or before a name is not a title; a comma or
                    // full stop inside the quotes ends a title, never a nickname (Altman's
                    // "Nashville," Lumet's "Network").
                    let next_is_name = b + 1 == close
                        && toks.get(close + 1).is_some_and(|t| {
                            t.is_cap_word() && !t.info().has(lf::STOP) && !t.is(shape::SENT_START)
                        });
                    let prev_is_name =
                        i > 0 && toks[i - 1].is_cap_word() && !toks[i - 1].is(shape::POSS);
                    if is_double_open(&toks[i]) && next_is_name && (prev_is_name || a == b) {
                        i = close + 1;
                        continue;
                    }
                    let cues = cue_distances(toks, i, close);
                    // Quoted words in lowercase are a title only beside a song cue ("the song
                    // "foot loose"", "sings "blackbird""); elsewhere, and beside a show cue ("a
                    // "quality" show"), they are scare quotes.
                    let (song, show, _) = cues;
                    if quoted == Quoted::Lower && (song > LOWER_CUE_DISTANCE || show <= song) {
                        i = close + 1;
                        continue;
                    }
                    let form = if emphasis {
                        Form::Emphasis
                    } else {
                        Form::Quoted
                    };
                    let mut cand = Cand::new(toks, a, b, form, false);
                    cand.end = toks[b].end.max(cand.end);
                    if toks[b].kind() == TokKind::Word {
                        cand.end = toks[b].core_end;
                    }
                    // A question or exclamation mark touching the last word and closed by the
                    // quote is the title's own ("But Where Are You?", "Who Will Buy?"; a lone
                    // word with one, "Wow!", is no title: `title_content`).
                    if b + 2 == close
                        && !emphasis
                        && matches!(toks[b + 1].kind(), TokKind::Punct('?' | '!'))
                        && !toks[b + 1].is(shape::SPACE_BEFORE)
                        && toks[b].end == toks[b].core_end
                    {
                        cand.end = toks[b + 1].end;
                    }
                    let (kind, strength, artist) =
                        quoted_kind(toks, i, close, cues, genre, emphasis);
                    match kind {
                        Some(kind) if sure || strength >= Strength::CUE => {
                            cand.assign(kind, strength);
                            cand.artist_tok = artist.map_or(NONE, |a| a as u32);
                        }
                        // Quoted words not in title case ("Light it Up", "Elegy to Eric
                        // Dolphy") with no cue: a candidate of no kind, for the typer.
                        Some(_) => cand.artist_tok = artist.map_or(NONE, |a| a as u32),
                        None => cand.blocked = true,
                    }
                    for t in taken.iter_mut().take(close + 1).skip(i) {
                        *t = true;
                    }
                    out.push(cand);
                    i = close + 1;
                }
                None => i = if emphasis { i + 1 } else { close + 1 },
            }
        }
        share_kind_in_lists(toks, out);
        Self::follow_cued_titles(out);
    }

    /// Quoted titles no cue typed follow the kind most cued quoted titles of the review have.
    fn follow_cued_titles(cands: &mut [Cand]) {
        let quoted = |c: &&mut Cand| c.form == Form::Quoted && !c.blocked;
        let (mut songs, mut shows) = (0, 0);
        for c in cands.iter_mut().filter(quoted) {
            if c.strength >= Strength::CUE {
                match c.kind {
                    Some(MentionKind::Song) => songs += 1,
                    Some(MentionKind::Show) => shows += 1,
                    _ => {}
                }
            }
        }
        let kind = match songs.cmp(&shows) {
            std::cmp::Ordering::Greater => MentionKind::Song,
            std::cmp::Ordering::Less => MentionKind::Show,
            std::cmp::Ordering::Equal => return,
        };
        for c in cands.iter_mut().filter(quoted) {
            if c.strength <= Strength::DEFAULT && c.kind.is_some() {
                c.kind = Some(kind);
            }
        }
    }

    /// `**Artist - Title**` headers of music blogs. Returns false when the bold text has no dash.
    fn artist_dash_title(
        text: &str,
        toks: &[Tok],
        a: usize,
        close: usize,
        genre: Genre,
        taken: &mut [bool],
        out: &mut Vec<Cand>,
    ) -> bool {
        let Some(dash) =
            (a..close).find(|&q| matches!(toks[q].kind(), TokKind::Punct('-' | '–' | '—')))
        else {
            return false;
        };
        if dash == a || dash + 1 >= close || !genre.is_music() {
            return false;
        }
        let artist_ok = (a..dash).all(|q| toks[q].kind() == TokKind::Word || toks[q].is_punct('&'));
        if !artist_ok || !toks[a].is_cap_word() {
            return false;
        }
        let mut artist = Cand::new(toks, a, dash - 1, Form::Title, false);
        artist.assign(MentionKind::Person, Strength::EXPLICIT);
        artist.role = Role::ARTIST;
        out.push(artist);
        // The title runs to the first bracket; a title in italics is an album.
        let t0 = dash + 1;
        if matches!(toks[t0].kind(), TokKind::Punct('*' | '_'))
            || toks[t0].kind() == TokKind::EmOpen
        {
            for t in taken.iter_mut().take(close + 1).skip(a - 1) {
                *t = true;
            }
            let mut album = Cand::new(
                toks,
                t0 + 1,
                close.saturating_sub(1).max(t0 + 1),
                Form::Emphasis,
                false,
            );
            album.blocked = true;
            album.end = album.end.max(album.start);
            out.push(album);
            return true;
        }
        let mut t1 = t0;
        while t1 + 1 < close && !toks[t1 + 1].is_punct('(') {
            t1 += 1;
        }
        let mut song = Cand::new(toks, t0, t1, Form::Emphasis, false);
        song.assign(MentionKind::Song, Strength::EXPLICIT);
        song.artist_tok = a as u32;
        out.push(song);
        for t in taken.iter_mut().take(t1 + 1).skip(a - 1) {
            *t = true;
        }
        let _ = text;
        true
    }
}

/// True for the tokens `matching_close` may find a close for (quote marks, emphasis markup).
#[inline]
pub fn is_opener(t: &Tok) -> bool {
    matches!(
        t.kind(),
        TokKind::Punct('“' | '"' | '‘' | '\'' | '*' | '_') | TokKind::EmOpen
    )
}

/// The index of the token closing the quote or emphasis opened at `i`, if any.
fn matching_close(toks: &[Tok], i: usize) -> Option<usize> {
    let open = &toks[i];
    let prev_touches =
        i > 0 && !open.is(shape::SPACE_BEFORE) && toks[i - 1].kind() == TokKind::Word;
    // A straight quote opens only before a word it touches ("right!" Theme... closes).
    let opens_straight = toks.get(i + 1).is_some_and(|n| n.start == open.end)
        && (open.is(shape::SPACE_BEFORE) || i == 0 || !prev_touches);
    let closes: fn(&Tok) -> bool = match open.kind() {
        TokKind::Punct('“') => |t| matches!(t.kind(), TokKind::Punct('”' | '"')),
        TokKind::Punct('"') if opens_straight => {
            |t| matches!(t.kind(), TokKind::Punct('”' | '"')) && !t.is(shape::SPACE_BEFORE)
        }
        TokKind::Punct('‘' | '\'') if !prev_touches => {
            |t| matches!(t.kind(), TokKind::Punct('’' | '\''))
        }
        TokKind::Punct('*') if !prev_touches => |t| matches!(t.kind(), TokKind::Punct('*')),
        TokKind::Punct('_') if open.is(shape::SPACE_BEFORE) || i == 0 => {
            |t| t.kind() == TokKind::Punct('_')
        }
        TokKind::EmOpen => |t| t.kind() == TokKind::EmClose,
        _ => return None,
    };
    let limit = (i + 30).min(toks.len());
    for (q, t) in toks.iter().enumerate().take(limit).skip(i + 1) {
        if t.kind() == TokKind::Break {
            return None;
        }
        if closes(t) {
            return (q > i + 1).then_some(q);
        }
    }
    None
}

/// How a quoted text is written, and so how sure it is to be a title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quoted {
    /// Title case: surely a title.
    Sure,
    /// Short sentence case ("Light it Up"): typed only with a cue, else left to the typer.
    Maybe,
    /// Opening with a lowercase word ("foot loose"), or a lone function word ("One"): a
    /// candidate only beside a song cue ([`LOWER_CUE_DISTANCE`]).
    Lower,
}

/// How near (in words) a song cue must stand to a quoted lowercase title.
const LOWER_CUE_DISTANCE: usize = 2;

/// The most words a quoted lowercase title may have.
const LOWER_MAX_WORDS: usize = 6;

/// True when `digits` spell a year a film or a review may name, 1880 to 2039.
pub(super) fn is_year(digits: &[u8]) -> bool {
    digits.len() == 4
        && digits.iter().all(u8::is_ascii_digit)
        && matches!(
            digits,
            [b'1', b'8', b'8'..=b'9', _] | [b'1', b'9', _, _] | [b'2', b'0', b'0'..=b'3', _]
        )
}

/// True for the tokens "(", a year ([`is_year`]), ")".
fn is_bracketed_year(text: &str, toks: &[Tok]) -> bool {
    let [open, year, close] = toks else {
        return false;
    };
    open.kind() == TokKind::Punct('(')
        && close.kind() == TokKind::Punct(')')
        && year.kind() == TokKind::Num
        && is_year(&text.as_bytes()[year.start as usize..year.end as usize])
}

/// The title inside `open..close`: first and last token and how sure it is to be one.
fn title_content(
    text: &str,
    toks: &[Tok],
    open: usize,
    close: usize,
) -> Option<(usize, usize, Quoted)> {
    let a = open + 1;
    let mut b = close - 1;
    let mut exclaims = false;
    while b >= a {
        match toks[b].kind() {
            TokKind::Punct('!' | '?') => {
                exclaims = true;
                b -= 1;
            }
            TokKind::Punct(',' | '.' | ';' | ':' | '…') => b -= 1,
            _ => break,
        }
    }
    // A year in brackets closing the quotes is the film's date, not its title ("Top Hat
    // (1935)": each of the 10 such quoted titles the gold reviews hold leaves it out).
    if b >= a + 3 && is_bracketed_year(text, &toks[b - 2..=b]) {
        b -= 3;
    }
    if b < a {
        return None;
    }
    let first = &toks[a];
    let lowercase = first.kind() == TokKind::Word && !first.is(shape::CAP);
    if !(first.is_cap_word() || first.kind() == TokKind::Num || lowercase) {
        return None;
    }
    let mut words = 0;
    let mut lettered = 0;
    let mut lower = 0;
    for t in &toks[a..=b] {
        match t.kind() {
            TokKind::Word => {
                words += 1;
                lettered += 1;
                if !t.is(shape::CAP) && !t.info().has(lf::CONNECTOR) && t.core_end - t.start > 1 {
                    lower += 1;
                }
            }
            TokKind::Num => words += 1,
            // A full stop inside is a sentence, not a title ("Go. Now.").
            TokKind::Punct('.' | '!' | '?') if t.is(shape::SENT_END) && !t.is(shape::DOTTED) => {
                return None;
            }
            _ => {}
        }
    }
    // A title has words, not only numbers ("**0.5 / 5**" is a rating).
    if lettered == 0 || words > 12 {
        return None;
    }
    if exclaims && words == 1 {
        return None;
    }
    // A lone function word in quotes ("The", "One") is a title only beside a cue.
    if lowercase || (words == 1 && first.info().has(lf::STOP) && first.info().has(lf::COMMON)) {
        return (words <= LOWER_MAX_WORDS && !exclaims).then_some((a, b, Quoted::Lower));
    }
    if lower == 0 {
        return Some((a, b, Quoted::Sure));
    }
    if lower <= 2 && words <= 4 && !exclaims {
        return Some((a, b, Quoted::Maybe));
    }
    // Title case with the odd lowercase word ("How I Choose to Remember It").
    if lower * 4 <= words && !exclaims {
        return Some((a, b, Quoted::Sure));
    }
    None
}

/// Song or show for the title quoted between `open` and `close`, how sure, and the token of
/// the artist's name when the text gives it; `cues` are the title's [`cue_distances`].
fn quoted_kind(
    toks: &[Tok],
    open: usize,
    close: usize,
    cues: (usize, usize, usize),
    genre: Genre,
    emphasis: bool,
) -> (Option<MentionKind>, Strength, Option<usize>) {
    let mut artist = None;
    let mut song_hint = false;
    // Artist’s “Title”.
    if open > 0 {
        let p = &toks[open - 1];
        if p.is_cap_word() && p.is(shape::POSS) {
            if p.info().has(lf::STOP) {
                return (Some(MentionKind::Show), Strength::CUE, None);
            }
            artist = Some(open - 1);
            // "to Artist’s “Title”": dancing or singing to a record.
            let mut q = open - 1;
            while q > 0 && toks[q - 1].is_cap_word() {
                q -= 1;
            }
            if q > 0 && word_is(&toks[q - 1], Word::To) {
                song_hint = true;
            }
        }
    }
    // “Title” by Artist.
    if let (Some(by), Some(name)) = (toks.get(close + 1), toks.get(close + 2)) {
        if word_is(by, Word::By) && name.is_cap_word() {
            artist = Some(close + 2);
        }
    }
    let (song_d, show_d, album_d) = cues;
    if album_d < song_d.min(show_d) && album_d <= 1 {
        return (None, Strength::CUE, None);
    }
    // An artist written next to the title (Artist’s “Title”, “Title” by Artist) makes a song
    // unless a show cue stands right beside the title ("the film “Title” by ...").
    let adjacent_show = show_d <= 1 && show_d < song_d;
    if artist.is_some() && !emphasis && !adjacent_show {
        return (Some(MentionKind::Song), Strength::CUE, artist);
    }
    if song_hint || song_d < show_d {
        return (Some(MentionKind::Song), Strength::CUE, artist);
    }
    if show_d < song_d {
        return (Some(MentionKind::Show), Strength::CUE, None);
    }
    // No cue: the review's genre decides. Music reviews italicize albums.
    if genre.is_music() {
        if emphasis {
            return (None, Strength::DEFAULT, None);
        }
        return (Some(MentionKind::Song), Strength::DEFAULT, artist);
    }
    if artist.is_some() && !emphasis {
        return (Some(MentionKind::Song), Strength::DEFAULT, artist);
    }
    (Some(MentionKind::Show), Strength::DEFAULT, None)
}

/// Distances in words from the title to the nearest song, show and album cue in its sentence.
fn cue_distances(toks: &[Tok], open: usize, close: usize) -> (usize, usize, usize) {
    let mut best = [usize::MAX; 3];
    let mut note = |t: &Tok, d: usize| {
        for (slot, bit) in [lf::SONG, lf::SHOW, lf::ALBUM].into_iter().enumerate() {
            if t.info().has(bit) && !t.is(shape::CAP) && d < best[slot] {
                best[slot] = d;
            }
        }
    };
    // Before the title the window reaches into the previous sentence, at a cost.
    let mut d = 0;
    for t in toks[..open].iter().rev() {
        if t.kind() == TokKind::Break {
            break;
        }
        if t.is(shape::SENT_END) {
            d += SENTENCE_COST;
            if d >= CUE_WINDOW_BEFORE {
                break;
            }
        }
        if t.kind() == TokKind::Word {
            d += 1;
            note(t, d);
            if d >= CUE_WINDOW_BEFORE {
                break;
            }
        }
    }
    d = 0;
    for t in &toks[close + 1..] {
        if t.kind() == TokKind::Break || t.is(shape::SENT_END) {
            break;
        }
        if t.kind() == TokKind::Word {
            d += 1;
            note(t, d);
            if d >= CUE_WINDOW_AFTER {
                break;
            }
        }
    }
    (best[0], best[1], best[2])
}

/// Titles listed together ("“A”, “B” and “C”") share the surest kind among them.
fn share_kind_in_lists(toks: &[Tok], cands: &mut [Cand]) {
    let mut start = 0;
    while start < cands.len() {
        let mut end = start;
        while end + 1 < cands.len() && listed_together(toks, &cands[end], &cands[end + 1]) {
            end += 1;
        }
        if end > start {
            let best = (start..=end)
                .filter(|&c| cands[c].kind.is_some())
                .max_by_key(|&c| cands[c].strength);
            if let Some(best) = best {
                let (kind, strength) = (cands[best].kind, cands[best].strength);
                for c in &mut cands[start..=end] {
                    if c.strength < strength && !c.blocked {
                        c.kind = kind;
                        c.strength = strength;
                    }
                }
            }
        }
        start = end + 1;
    }
}

/// True when only commas, "and", "or" and quote marks separate two titles.
fn listed_together(toks: &[Tok], a: &Cand, b: &Cand) -> bool {
    if a.form != b.form || a.blocked || b.blocked {
        return false;
    }
    let between = &toks[a.last as usize + 1..b.first as usize];
    between.len() <= 5
        && between.iter().all(|t| match t.kind() {
            TokKind::Punct(c) => matches!(
                c,
                ',' | '“' | '”' | '"' | '‘' | '’' | '\'' | '*' | '_' | '.'
            ),
            TokKind::EmOpen | TokKind::EmClose => true,
            TokKind::Word => word_is(t, Word::And) || word_is(t, Word::Or),
            _ => false,
        })
}

/// Finds the candidate covering token `tok`, given `owner` (token → candidate index).
#[inline]
fn cand_at(owner: &[u32], tok: usize) -> Option<usize> {
    match owner.get(tok) {
        Some(&c) if c != NONE => Some(c as usize),
        _ => None,
    }
}

/// Casting structure.
pub struct CastPatterns;

impl CastPatterns {
    /// Types actors and characters from parentheses, "plays", "played by", "as" and "starring".
    /// `cast` are the tokens for which [`starts_cast_pattern`] holds, in order.
    pub fn apply(text: &str, toks: &[Tok], cast: &[u32], owner: &[u32], cands: &mut [Cand]) {
        let mut pairs: Vec<CastPair> = Vec::new();
        for ci in 0..cands.len() {
            let c = &cands[ci];
            if c.blocked || matches!(c.form, Form::Quoted | Form::Emphasis) {
                continue;
            }
            let last = c.last as usize;
            let next = toks.get(last + 1);
            let poss = toks[last].is(shape::POSS);
            // Name (Name) and Name (as Name).
            if !poss && next.is_some_and(|t| t.is_punct('(')) {
                pairs.extend(Self::parenthesis(toks, owner, cands, ci, last + 2));
                continue;
            }
            if poss || !c.form.is_personish() {
                continue;
            }
            let Some(next) = next else { continue };
            if word_is(next, Word::As) {
                let mut q = last + 2;
                if toks
                    .get(q)
                    .is_some_and(|t| t.info().has(lf::HONORIFIC) && t.is(shape::CAP))
                {
                    q += 1;
                }
                if let Some(b) = cand_at(owner, q) {
                    let b_ok = cands[b].form.is_personish()
                        || (cands[b].form == Form::Title && cands[ci].form != Form::Single);
                    if b_ok && cands[b].first as usize == q && !ends_possessive(toks, &cands[b]) {
                        link_cast(cands, ci, b, Strength::EXPLICIT);
                    } else if b_ok && ends_possessive(toks, &cands[b]) {
                        // "X as Nellie’s father": X acts; Nellie is not the role.
                        cands[ci].assign(MentionKind::Actor, Strength::CUE);
                    }
                } else if toks.get(last + 2).is_some_and(|t| {
                    t.kind() == TokKind::Word && !t.is(shape::CAP) && is_determiner(t)
                }) {
                    cands[ci].assign(MentionKind::Actor, Strength::CUE);
                }
            } else if is_play_verb(next) {
                let mut q = last + 2;
                while q < toks.len()
                    && (word_is(&toks[q], Word::The)
                        || word_is(&toks[q], Word::Role)
                        || word_is(&toks[q], Word::Of)
                        || word_is(&toks[q], Word::As))
                {
                    q += 1;
                }
                match cand_at(owner, q) {
                    // "X playing Y’s song", "X plays Y’s father": Y is not X's role.
                    Some(b) if ends_possessive(toks, &cands[b]) => {}
                    Some(b) if cands[b].form.is_personish() && cands[b].first as usize == q => {
                        link_cast(cands, ci, b, Strength::EXPLICIT)
                    }
                    _ => cands[ci].assign(MentionKind::Actor, Strength::CUE),
                }
            }
        }
        Self::orient_pairs(text, toks, cands, &mut pairs);
        for p in &pairs {
            let (actor, character) = if p.actor_first {
                (p.outer, p.inner)
            } else {
                (p.inner, p.outer)
            };
            link_cast(cands, actor, character, Strength::EXPLICIT);
        }
        // "Character, played by Actor" and "starring A, B and C".
        for &q in cast {
            let q = q as usize;
            let t = &toks[q];
            if t.kind() != TokKind::Word || t.is(shape::CAP) {
                continue;
            }
            let w = t.lower_word();
            let by_follows = toks.get(q + 1).is_some_and(|n| word_is(n, Word::By));
            if by_follows
                && matches!(
                    w,
                    Word::Played | Word::Portrayed | Word::Voiced | Word::Performed
                )
            {
                let Some(actor) = cand_at(owner, q + 2) else {
                    continue;
                };
                if !cands[actor].form.is_personish() {
                    continue;
                }
                let mut p = q;
                while p > 0
                    && (matches!(toks[p - 1].kind(), TokKind::Punct(',' | '('))
                        || word_is(&toks[p - 1], Word::Is)
                        || word_is(&toks[p - 1], Word::Was))
                {
                    p -= 1;
                }
                match p.checked_sub(1).and_then(|p| cand_at(owner, p)) {
                    Some(ch) if cands[ch].form.is_personish() && ch != actor => {
                        link_cast(cands, actor, ch, Strength::EXPLICIT)
                    }
                    _ => cands[actor].assign(MentionKind::Actor, Strength::EXPLICIT),
                }
            } else if !by_follows
                && matches!(
                    w,
                    Word::Playing | Word::Plays | Word::Portraying | Word::Portrays
                )
            {
                let mut p = q + 1;
                let mut skipped = 0;
                while p < toks.len()
                    && skipped < 3
                    && toks[p].kind() == TokKind::Word
                    && !toks[p].is(shape::CAP)
                    && !matches!(
                        toks[p].lower_word(),
                        Word::In
                            | Word::On
                            | Word::At
                            | Word::For
                            | Word::With
                            | Word::From
                            | Word::Of
                            | Word::To
                            | Word::By
                            | Word::And
                    )
                {
                    p += 1;
                    skipped += 1;
                }
                if let Some(ch) = cand_at(owner, p) {
                    let c = &cands[ch];
                    if c.first as usize == p
                        && matches!(
                            c.form,
                            Form::Person | Form::NameLike | Form::Single | Form::Title
                        )
                    {
                        cands[ch].assign(MentionKind::Character, Strength::CUE);
                    }
                }
            } else if matches!(
                w,
                Word::Starring
                    | Word::CoStarring
                    | Word::Stars
                    | Word::Featuring
                    | Word::Performances
                    | Word::Cast
            ) {
                let mut p = q + 1;
                while p < toks.len() && matches!(toks[p].kind(), TokKind::Punct(':' | '('))
                    || p < toks.len()
                        && (word_is(&toks[p], Word::From)
                            || word_is(&toks[p], Word::By)
                            || word_is(&toks[p], Word::Includes))
                {
                    p += 1;
                }
                while let Some(a) = cand_at(owner, p) {
                    if !cands[a].form.is_personish() || cands[a].first as usize != p {
                        break;
                    }
                    cands[a].assign(MentionKind::Actor, Strength::EXPLICIT);
                    p = cands[a].last as usize + 1;
                    // Skip a parenthesis after the name.
                    if toks.get(p).is_some_and(|t| t.is_punct('(')) {
                        while p < toks.len() && !toks[p].is_punct(')') {
                            p += 1;
                        }
                        p += 1;
                    }
                    while p < toks.len() && (toks[p].is_punct(',') || word_is(&toks[p], Word::And))
                    {
                        p += 1;
                    }
                }
            }
        }
    }

    /// `Outer (Inner ...)`, with the parenthesis' first token at `p`.
    fn parenthesis(
        toks: &[Tok],
        owner: &[u32],
        cands: &mut [Cand],
        outer: usize,
        mut p: usize,
    ) -> Option<CastPair> {
        let mut inner_is_character = false;
        let mut inner_is_show = false;
        if toks
            .get(p)
            .is_some_and(|t| word_is(t, Word::As) || word_is(t, Word::Playing))
        {
            inner_is_character = true;
            p += 1;
        } else if toks.get(p).is_some_and(|t| {
            matches!(
                t.word,
                Word::Before | Word::From | Word::Of | Word::After | Word::In
            )
        }) {
            inner_is_show = true;
            p += 1;
        }
        let inner = cand_at(owner, p)?;
        if cands[inner].first as usize != p {
            return None;
        }
        let after = toks.get(cands[inner].last as usize + 1);
        if !after.is_some_and(|t| matches!(t.kind(), TokKind::Punct(')' | ',' | ';'))) {
            return None;
        }
        let (o, i) = (&cands[outer], &cands[inner]);
        // Two plain capitalized words before an actor's name are a character:
        // aspiring DJ Shaolin Fantastic (Shameik Moore).
        let outer_plain = o.form == Form::Title && o.words(toks) == 2 && o.last == o.first + 1;
        let inner_person = matches!(i.form, Form::Person | Form::NameLike);
        if !(o.form.is_personish() || (outer_plain && inner_person)) {
            return None;
        }
        if inner_is_show && !matches!(i.form, Form::Person) {
            cands[outer].assign(MentionKind::Actor, Strength::CUE);
            cands[inner].assign(MentionKind::Show, Strength::CUE);
            return None;
        }
        // A list with a title in it is a list of titles: Actor (Show, The Show).
        let list_of_titles = after.is_some_and(|t| t.is_punct(','))
            && cand_at(owner, i.last as usize + 2).is_some_and(|n| {
                matches!(cands[n].form, Form::Title | Form::Quoted | Form::Emphasis)
            });
        let outer_is_name = matches!(o.form, Form::Person | Form::NameLike);
        // Two words without title marks inside the parenthesis of a single name are a name:
        // Ezekiel (Justice Smith).
        let inner_named = i.form == Form::Title
            && o.form == Form::Single
            && i.words(toks) == 2
            && i.last == i.first + 1;
        if !inner_named
            && !outer_plain
            && (matches!(i.form, Form::Title | Form::Quoted | Form::Emphasis)
                || (list_of_titles && outer_is_name))
        {
            // Actor (Show, Show).
            cands[outer].assign(MentionKind::Actor, Strength::CUE);
            let mut q = inner;
            loop {
                cands[q].assign(MentionKind::Show, Strength::CUE);
                let mut n = cands[q].last as usize + 1;
                if !toks.get(n).is_some_and(|t| t.is_punct(',')) {
                    break;
                }
                n += 1;
                match cand_at(owner, n) {
                    Some(next)
                        if cands[next].first as usize == n && cands[next].form != Form::Person =>
                    {
                        q = next
                    }
                    _ => break,
                }
            }
            return None;
        }
        if !i.form.is_personish() && !inner_named {
            return None;
        }
        let outer_words = o.words(toks);
        let inner_words = i.words(toks);
        let before = (o.first as usize).checked_sub(1).map(|q| &toks[q]);
        let described = before.is_some_and(|t| t.kind() == TokKind::Word && !t.is(shape::CAP));
        let actor_first = inner_is_character
            || o.kind == Some(MentionKind::Actor)
            || (outer_words >= 2 && inner_words == 1)
            || (outer_words >= 2
                && inner_words >= 2
                && !described
                && o.form == Form::Person
                && i.form != Form::Person);
        // The parenthesis' closing mark, where a list's next pair may follow.
        let close = (i.last as usize + 1..toks.len())
            .take(8)
            .find(|&q| toks[q].is_punct(')'))
            .unwrap_or(i.last as usize + 1);
        Some(CastPair {
            outer,
            inner,
            actor_first,
            sure: inner_is_character || o.kind == Some(MentionKind::Actor),
            marked: inner_is_character,
            shaped: outer_words == 1 && inner_words >= 2,
            close,
        })
    }

    /// Orients the casting pairs of lists as one: "Cast: Jackson Lamb (Gary Oldman), Catherine
    /// Standish (Saskia Reeves)" writes every pair the same way round. A list's pairs follow
    /// one another with only commas, semicolons, "and" or line breaks between them; a pair
    /// whose order is sure ("Name (as Name)", or a well-known performer on one side only, from
    /// [`Known`]) decides for its list, else the most pairs do
    /// (the first pair on a tie). Then a pair outside any list whose names a list or an earlier
    /// pair has cast takes their roles from it ("Gary Oldman (Jackson Lamb)" after the list
    /// above). A list with no sure pair, and a pair outside any list that no cast name settles,
    /// follow the review's way round: the majority of its sure pairs, else of all its pairs
    /// ("as" pairs, which mark an order, do not vote; a single name before a full one keeps
    /// its shape's order).
    fn orient_pairs(text: &str, toks: &[Tok], cands: &[Cand], pairs: &mut [CastPair]) {
        let joins = |from: usize, to: usize| {
            from < to
                && toks[from + 1..to].iter().all(|t| {
                    matches!(t.kind(), TokKind::Punct(',' | ';') | TokKind::Break)
                        || word_is(t, Word::And)
                })
        };
        let name = |ci: usize| &text[cands[ci].start as usize..cands[ci].end as usize];
        // A well-known performer on one side only settles a pair, and so its list.
        let known = Known::builtin();
        let performer = |ci: usize| {
            known.classes(name(ci)) & (class::ACTOR | class::MUSICIAN | class::CAST) != 0
        };
        for p in pairs.iter_mut().filter(|p| !p.sure) {
            match (performer(p.outer), performer(p.inner)) {
                (true, false) => (p.actor_first, p.sure) = (true, true),
                (false, true) => (p.actor_first, p.sure) = (false, true),
                _ => {}
            }
        }
        // A review writes its casting parentheses one way round (in the annotated reviews
        // with two pairs or more, 310 of 313 pairs follow their review's majority): the
        // majority of its sure pairs, else of all its pairs, orients the pairs that neither a
        // sure pair of their list nor a name cast before settles.
        let majority = |sure_only: bool| {
            let (n, first) = pairs
                .iter()
                .filter(|p| !p.marked && (p.sure || !sure_only))
                .fold((0, 0), |(n, f), p| (n + 1, f + usize::from(p.actor_first)));
            (2 * first != n).then_some(2 * first > n)
        };
        let document = if pairs.iter().any(|p| p.sure && !p.marked) {
            majority(true)
        } else {
            majority(false)
        };
        // Sets, not lists: a long document's pairs are each looked up (a list made this
        // quadratic in the pairs of a document).
        let mut actors: NameSet<'_> = NameSet::default();
        let mut characters: NameSet<'_> = NameSet::default();
        let mut in_list = vec![false; pairs.len()];
        let mut k = 0;
        while k < pairs.len() {
            let mut end = k + 1;
            while end < pairs.len()
                && joins(pairs[end - 1].close, cands[pairs[end].outer].first as usize)
            {
                end += 1;
            }
            if end - k >= 2 {
                let list = &mut pairs[k..end];
                let first = list.iter().filter(|p| p.actor_first).count();
                let orientation = match (list.iter().find(|p| p.sure), document) {
                    (Some(p), _) => p.actor_first,
                    (None, Some(d)) => d,
                    (None, None) if 2 * first == list.len() => list[0].actor_first,
                    (None, None) => 2 * first > list.len(),
                };
                for p in list.iter_mut() {
                    if !p.sure {
                        p.actor_first = orientation;
                    }
                    let (a, c) = if p.actor_first {
                        (p.outer, p.inner)
                    } else {
                        (p.inner, p.outer)
                    };
                    actors.insert(name(a));
                    characters.insert(name(c));
                }
                in_list[k..end].fill(true);
            }
            k = end;
        }
        for (p, listed) in pairs.iter_mut().zip(in_list) {
            if listed {
                continue;
            }
            let (outer, inner) = (name(p.outer), name(p.inner));
            if !p.sure {
                if actors.contains(outer) || characters.contains(inner) {
                    p.actor_first = true;
                } else if actors.contains(inner) || characters.contains(outer) {
                    p.actor_first = false;
                } else if let Some(d) = document.filter(|_| !p.shaped) {
                    p.actor_first = d;
                }
            }
            // Later pairs follow this one's roles too, as the lists'.
            let (a, c) = if p.actor_first {
                (outer, inner)
            } else {
                (inner, outer)
            };
            actors.insert(a);
            characters.insert(c);
        }
    }
}

/// Names already cast, looked up by text.
type NameSet<'t> = HashSet<&'t str, BuildHasherDefault<FxHasher>>;

/// A casting parenthesis between two names, "Name (Name)", before it is linked.
#[derive(Clone, Copy, Debug)]
struct CastPair {
    outer: usize,
    inner: usize,
    /// The name outside the parenthesis is the actor.
    actor_first: bool,
    /// The order is written out ("Name (as Name)"), or the outer name was already an actor.
    sure: bool,
    /// The order is written out ("Name (as Name)"): a writer marks the order that differs
    /// from their usual one, so such a pair says nothing of the review's way round.
    marked: bool,
    /// A single name before a full one ("Felix (Anselm Brandt)"): a character and its actor
    /// by their shape, whatever the review's other pairs (a full name before a single one is
    /// no such evidence: "Tom Oakley (Thaw)" gives a character's full name and an actor's
    /// surname as often as "Tom Hanks (Woody)" the other way).
    shaped: bool,
    /// The token that closes the parenthesis.
    close: usize,
}

/// The words the played-by, plays and starring patterns of [`CastPatterns::apply`] start at,
/// written in lowercase.
const CAST_WORDS: [Word; 14] = {
    use Word::*;
    [
        Played,
        Portrayed,
        Voiced,
        Performed,
        Playing,
        Plays,
        Portraying,
        Portrays,
        Starring,
        CoStarring,
        Stars,
        Featuring,
        Performances,
        Cast,
    ]
};

/// Whether each [`Word`] (by its `u8` value) is one of `CAST_WORDS`.
static IS_CAST_WORD: [bool; 256] = {
    let mut out = [false; 256];
    let mut i = 0;
    while i < CAST_WORDS.len() {
        out[CAST_WORDS[i] as usize] = true;
        i += 1;
    }
    out
};

/// True for a word the played-by, plays and starring patterns of [`CastPatterns::apply`] start
/// at (no other word starts one): one of `CAST_WORDS` in lowercase. Tested without a branch
/// (the scanner asks of every word, and whether a word has a [`Word`] is as good as random).
#[inline]
pub fn starts_cast_pattern(t: &Tok) -> bool {
    (t.kind() == TokKind::Word)
        & !t.is(shape::CAP)
        & (t.case == Case::Lower)
        & IS_CAST_WORD[t.word as usize]
}

/// True when the candidate's last word is possessive ("Nellie’s", "Vale's").
fn ends_possessive(toks: &[Tok], c: &Cand) -> bool {
    toks[c.last as usize].is(shape::POSS)
}

fn is_determiner(t: &Tok) -> bool {
    matches!(
        t.lower_word(),
        Word::A
            | Word::An
            | Word::The
            | Word::His
            | Word::Her
            | Word::Their
            | Word::Himself
            | Word::Herself
            | Word::Themselves
    )
}

fn is_play_verb(t: &Tok) -> bool {
    t.kind() == TokKind::Word
        && matches!(
            t.lower_word(),
            Word::Plays
                | Word::Played
                | Word::Portrays
                | Word::Portrayed
                | Word::Playing
                | Word::Portraying
        )
}

/// Makes `actor` an actor and `character` the character it plays.
fn link_cast(cands: &mut [Cand], actor: usize, character: usize, strength: Strength) {
    if actor == character {
        return;
    }
    cands[actor].assign(MentionKind::Actor, strength);
    cands[character].assign(MentionKind::Character, strength);
    if cands[actor].kind == Some(MentionKind::Actor)
        && cands[character].kind == Some(MentionKind::Character)
    {
        cands[actor].link = character as u32;
        cands[character].link = actor as u32;
    }
}

/// Typing from cue words near a name.
pub struct CueTyping;

impl CueTyping {
    /// Types people from role cues and titles from show and song cues.
    pub fn apply(
        text: &str,
        toks: &[Tok],
        owner: &[u32],
        lex: &Lexicon,
        genre: Genre,
        cands: &mut [Cand],
    ) {
        for c in cands.iter_mut() {
            if c.blocked || c.strength >= Strength::EXPLICIT {
                continue;
            }
            // A film or TV review headed by a name alone ("Marrowgate", "Lantern Bay, “Pilot”",
            // "Frostline (Season 1) — episode guide"): the reviewed work.
            if !genre.is_music() && is_heading_title(toks, c) {
                c.assign(MentionKind::Show, Strength::CUE);
                continue;
            }
            match c.form {
                Form::Person | Form::NameLike => {
                    Self::person(text, toks, lex, genre, c);
                }
                Form::Single => {
                    if !Self::title(toks, genre, c) {
                        Self::person(text, toks, lex, genre, c);
                    }
                }
                Form::Title => {
                    Self::title(toks, genre, c);
                }
                Form::Quoted | Form::Emphasis => {}
            }
        }
        // "Director’s Title" and "Artist’s Title".
        for ci in 1..cands.len() {
            let (owner_c, title_c) = (&cands[ci - 1], &cands[ci]);
            let adjacent = owner_c.last + 1 == title_c.first;
            let possessive = toks[owner_c.last as usize].is(shape::POSS);
            let title_like = title_c.form == Form::Title
                || (title_c.form == Form::Single
                    && !toks[title_c.first as usize]
                        .info()
                        .has(lf::FIRST_NAME | lf::SURNAME));
            if !adjacent
                || !possessive
                || !title_like
                || title_c.strength >= Strength::CUE
                || !owner_c.form.is_personish()
                || owner_c.strength >= Strength::EXPLICIT
            {
                continue;
            }
            if genre.is_music() {
                cands[ci].assign(MentionKind::Song, Strength::CUE);
                cands[ci - 1].assign(MentionKind::Person, Strength::CUE);
                cands[ci - 1].role = Role::ARTIST;
                cands[ci].link = (ci - 1) as u32;
            } else {
                cands[ci].assign(MentionKind::Show, Strength::CUE);
                cands[ci - 1].assign(MentionKind::Person, Strength::CUE);
                cands[ci - 1].role = Role::DIRECTOR;
            }
        }
        // Quoted songs point at their artists.
        for ci in 0..cands.len() {
            let at = cands[ci].artist_tok;
            if at == NONE || cands[ci].kind != Some(MentionKind::Song) {
                continue;
            }
            if let Some(a) = cand_at(owner, at as usize) {
                if a != ci && !cands[a].blocked && cands[a].strength < Strength::EXPLICIT {
                    cands[a].kind = Some(MentionKind::Person);
                    cands[a].strength = Strength::CUE;
                    cands[a].role = Role::ARTIST;
                }
                if a != ci && cands[a].kind == Some(MentionKind::Person) {
                    cands[ci].link = a as u32;
                }
            }
        }
    }

    /// Role cues before and after a person's name.
    fn person(text: &str, toks: &[Tok], lex: &Lexicon, genre: Genre, c: &mut Cand) {
        let first = c.first as usize;
        let last = c.last as usize;
        // "Sheriff Rosco Coltrane", "Uncle Jesse": ranks and kin name characters.
        let mut h = first;
        while h > 0 && toks[h - 1].is_punct('.') {
            h -= 1;
        }
        let ranked = h > 0 && toks[h - 1].is_cap_word() && is_rank(&toks[h - 1]);
        if (ranked || (c.words(toks) >= 2 && is_kin(&toks[first]))) && !genre.is_music() {
            c.assign(MentionKind::Character, Strength::CUE);
            return;
        }
        if is_role_of(toks, first) && !genre.is_music() {
            c.assign(MentionKind::Character, Strength::CUE);
            return;
        }
        // "Burton-ish", "Lynch-style": a maker whose style is named.
        let t = &toks[last];
        if t.core_end < t.end && !t.is(shape::POSS) {
            c.assign(MentionKind::Person, Strength::CUE);
            return;
        }
        // Before: "director Jane Roe", "directed by the great Jane Roe", "singer Jane Roe".
        let mut words = 0;
        let mut q = first;
        while q > 0 && words < 5 {
            q -= 1;
            let t = &toks[q];
            if t.kind() == TokKind::Break || t.is(shape::SENT_END) || t.is_punct('(') {
                break;
            }
            if t.kind() != TokKind::Word {
                if t.is_punct(',') && words > 0 {
                    break;
                }
                continue;
            }
            let cue = lf::ROLE | lf::ACTOR | lf::ARTIST;
            let cue_opens_sentence = t.is(shape::SENT_START) && t.info().has(cue);
            if t.is(shape::CAP) && !t.info().has(lf::STOP) && !cue_opens_sentence {
                break;
            }
            words += 1;
            if Self::role_word(lex, t, c, words == 1) {
                return;
            }
            if words == 1 && word_is(t, Word::By) {
                // "played to perfection by Name" is a performer; "by Name" alone a maker.
                let performed = toks[..q]
                    .iter()
                    .rev()
                    .take_while(|t| t.kind() != TokKind::Break && !t.is(shape::SENT_END))
                    .filter(|t| t.kind() == TokKind::Word)
                    .take(4)
                    .any(|t| t.info().has(lf::ACTOR) && !t.is(shape::CAP));
                if performed {
                    c.assign(MentionKind::Actor, Strength::CUE);
                    return;
                }
                c.assign(MentionKind::Person, Strength::CUE);
            }
        }
        // After: "Jane Roe directed", "Jane Roe’s performance", "Jane Roe, the director".
        let mut words = 0;
        let mut q = last + 1;
        while q < toks.len() && words < 3 {
            let t = &toks[q];
            q += 1;
            if t.kind() == TokKind::Break || t.is(shape::SENT_END) {
                break;
            }
            if t.kind() != TokKind::Word {
                continue;
            }
            if t.is(shape::CAP) {
                if t.info().has(lf::STOP) {
                    words += 1;
                    continue;
                }
                break;
            }
            words += 1;
            if Self::role_word(lex, t, c, false) {
                return;
            }
            // "Name’s new series": the person who made it.
            if toks[last].is(shape::POSS) && t.info().has(lf::SHOW) && is_title_noun(t) {
                c.assign(MentionKind::Person, Strength::CUE);
                if c.kind == Some(MentionKind::Person) && c.role.is_none() {
                    c.role = Role::DIRECTOR;
                }
                return;
            }
        }
        let _ = (text, genre);
    }

    /// Applies the cue in `t` to `c`; true when it decided.
    #[inline]
    fn role_word(lex: &Lexicon, t: &Tok, c: &mut Cand, adjacent: bool) -> bool {
        let info = t.info();
        if info.has(lf::ROLE) {
            c.assign(MentionKind::Person, Strength::CUE);
            if c.kind == Some(MentionKind::Person) {
                c.role = lex.role(info);
            }
            return true;
        }
        if info.has(lf::ARTIST) {
            c.assign(MentionKind::Person, Strength::CUE);
            if c.kind == Some(MentionKind::Person) {
                c.role = Role::ARTIST;
            }
            return true;
        }
        if info.has(lf::ACTOR) {
            c.assign(MentionKind::Actor, Strength::CUE);
            return true;
        }
        let _ = adjacent;
        false
    }

    /// Show and song cues around a title-like span; true when it decided.
    fn title(toks: &[Tok], genre: Genre, c: &mut Cand) -> bool {
        let first = c.first as usize;
        let last = c.last as usize;
        let prev = first.checked_sub(1).map(|q| &toks[q]);
        // "the part of Boss Hogg", "the role of Nellie": a character.
        if is_role_of(toks, first) && !genre.is_music() {
            c.assign(MentionKind::Character, Strength::CUE);
            return true;
        }
        // "by Name": a person, not a title.
        if prev.is_some_and(|p| word_is(p, Word::By)) && c.form == Form::Title {
            c.assign(MentionKind::Person, Strength::CUE);
            if genre.is_music() {
                c.role = Role::ARTIST;
            }
            return true;
        }
        // "Title group", "Title band": a band.
        if let Some(n) = toks.get(last + 1) {
            if n.kind() == TokKind::Word && !n.is(shape::CAP) && n.info().has(lf::ARTIST) {
                c.assign(MentionKind::Person, Strength::CUE);
                c.role = Role::ARTIST;
                return true;
            }
        }
        // "Name, who ...": a person.
        let mut n = last + 1;
        if toks.get(n).is_some_and(|t| t.is_punct(',')) {
            n += 1;
        }
        let shouting = toks[first].is(shape::ALL_CAPS);
        if toks.get(n).is_some_and(|t| word_is(t, Word::Who))
            && !toks[last].is(shape::POSS)
            && !shouting
        {
            if genre.is_music() {
                c.assign(MentionKind::Person, Strength::DEFAULT);
                c.role = Role::ARTIST;
            } else {
                c.assign(MentionKind::Actor, Strength::DEFAULT);
            }
            return true;
        }
        // Netflix’s Soundtrack (music reviews name cities this way: "Philadelphia’s Band").
        if let Some(p) = prev {
            if p.is_cap_word() && p.is(shape::POSS) && p.info().has(lf::STOP) && !genre.is_music() {
                c.assign(MentionKind::Show, Strength::CUE);
                return true;
            }
            if p.kind() == TokKind::Word && !p.is(shape::CAP) {
                if p.info().has(lf::SONG) && !p.info().has(lf::SHOW) && is_title_noun(p) {
                    c.assign(MentionKind::Song, Strength::CUE);
                    return true;
                }
                if p.info().has(lf::SHOW) && is_title_noun(p) {
                    c.assign(MentionKind::Show, Strength::CUE);
                    return true;
                }
                // "an episode of Show".
                if word_is(p, Word::Of)
                    && first >= 2
                    && toks[first - 2].info().has(lf::SHOW)
                    && !toks[first - 2].is(shape::CAP)
                {
                    c.assign(MentionKind::Show, Strength::CUE);
                    return true;
                }
            }
        }
        // Show episodes, Show series.
        if let Some(n) = toks.get(last + 1) {
            if n.kind() == TokKind::Word
                && !n.is(shape::CAP)
                && !toks[last].is(shape::POSS)
                && n.info().has(lf::SHOW)
                && is_title_noun(n)
            {
                c.assign(MentionKind::Show, Strength::CUE);
                return true;
            }
        }
        // "Title is a great movie", "Title is the breakout song".
        if toks
            .get(last + 1)
            .is_some_and(|t| matches!(t.lower_word(), Word::Is | Word::Was | Word::Remains))
        {
            let mut words = 0;
            for t in &toks[last + 2..] {
                if t.kind() == TokKind::Break
                    || t.is(shape::SENT_END)
                    || t.is_punct(',')
                    || words >= 6
                {
                    break;
                }
                if t.kind() != TokKind::Word {
                    continue;
                }
                words += 1;
                if words == 1
                    && !matches!(
                        t.lower_word(),
                        Word::A
                            | Word::An
                            | Word::The
                            | Word::One
                            | Word::My
                            | Word::Another
                            | Word::Definitely
                            | Word::Truly
                            | Word::Simply
                    )
                {
                    break;
                }
                if !t.is(shape::CAP) && is_title_noun(t) {
                    if t.info().has(lf::SHOW) {
                        c.assign(MentionKind::Show, Strength::CUE);
                        return true;
                    }
                    if t.info().has(lf::SONG) {
                        c.assign(MentionKind::Song, Strength::CUE);
                        return true;
                    }
                }
            }
        }
        // Photo captions: "Austin Butler in Elvis.", "Tom Hanks and Austin Butler in Elvis".
        if prev.is_some_and(|p| word_is(p, Word::In))
            && first >= 2
            && toks
                .get(last + 1)
                .is_none_or(|t| t.kind() == TokKind::Break || t.is(shape::SENT_END))
            && caption_names_before(toks, first - 2)
        {
            c.assign(MentionKind::Show, Strength::CUE);
            return true;
        }
        // "watch Title".
        if let Some(p) = prev {
            let given_name = toks[first].info().has(lf::FIRST_NAME);
            if !(c.form == Form::Single && given_name)
                && matches!(
                    p.lower_word(),
                    Word::Watch
                        | Word::Watched
                        | Word::Watching
                        | Word::See
                        | Word::Saw
                        | Word::Seen
                        | Word::Rewatch
                        | Word::Recommend
                        | Word::Recommended
                )
            {
                c.assign(MentionKind::Show, Strength::CUE);
                return true;
            }
        }
        false
    }
}

/// True when `c` opens the document (after markup such as `#`) and its line goes on with
/// nothing or with a separator (a dash, colon, comma, bar or parenthesis): a heading naming the
/// reviewed work. A known person's name ("Paul James") is not taken for one.
fn is_heading_title(toks: &[Tok], c: &Cand) -> bool {
    let first = c.first as usize;
    let opens = toks[..first]
        .iter()
        .all(|t| t.kind() == TokKind::Break || matches!(t.kind(), TokKind::Punct('#' | '*' | '_')));
    if !opens || c.form == Form::Quoted {
        return false;
    }
    if c.form == Form::Person || (c.form == Form::Single && toks[first].info().has(lf::FIRST_NAME))
    {
        return false;
    }
    match toks.get(c.last as usize + 1) {
        None => true,
        Some(t) if t.kind() == TokKind::Break => true,
        Some(t) => matches!(
            t.kind(),
            TokKind::Punct('—' | '–' | '-' | ':' | ',' | '|' | '(' | '*' | '_')
        ),
    }
}

/// True when the words right before token `first` are "part of", "role of" or "character of"
/// ("played the part of", "the role of").
fn is_role_of(toks: &[Tok], first: usize) -> bool {
    first >= 2
        && word_is(&toks[first - 1], Word::Of)
        && matches!(
            toks[first - 2].word,
            Word::Part | Word::Role | Word::Character
        )
}

/// True when the tokens from the sentence's start through `end` are only people's names
/// (capitalized words, at least one a known first name or surname) joined by "and" or commas:
/// the subject of a photo caption.
fn caption_names_before(toks: &[Tok], end: usize) -> bool {
    let mut known = false;
    let mut words = 0;
    let mut i = end;
    loop {
        let t = &toks[i];
        match t.kind() {
            TokKind::Word if t.is(shape::CAP) && !t.is(shape::POSS) => {
                known |= t.info().has(lf::FIRST_NAME | lf::SURNAME);
                words += 1;
            }
            TokKind::Word if word_is(t, Word::And) && i != end => {}
            TokKind::Punct(',') if i != end => {}
            _ => return false,
        }
        if words > 8 {
            return false;
        }
        let at_start = t.is(shape::SENT_START)
            || i == 0
            || toks[i - 1].kind() == TokKind::Break
            || toks[i - 1].is(shape::SENT_END);
        if at_start {
            return known && t.kind() == TokKind::Word && t.is(shape::CAP);
        }
        i -= 1;
    }
}

/// Ranks and job titles that, before a name in a film or TV review, mark a character (with
/// or without a period: "Sgt.").
fn is_rank(t: &Tok) -> bool {
    use Word::*;
    matches!(
        t.title_word(),
        Sheriff
            | SheriffDot
            | Detective
            | DetectiveDot
            | Det
            | DetDot
            | Officer
            | OfficerDot
            | Agent
            | AgentDot
            | Captain
            | CaptainDot
            | Capt
            | CaptDot
            | Sergeant
            | SergeantDot
            | Sgt
            | SgtDot
            | Lieutenant
            | LieutenantDot
            | Lt
            | LtDot
            | Deputy
            | DeputyDot
            | Inspector
            | InspectorDot
            | Commander
            | CommanderDot
            | Nurse
            | NurseDot
            | Constable
            | ConstableDot
    )
}

/// Kinship words that are part of a character's name ("Uncle Jesse").
fn is_kin(t: &Tok) -> bool {
    matches!(
        t.title_word(),
        Word::Uncle
            | Word::Aunt
            | Word::Auntie
            | Word::Grandpa
            | Word::Grandma
            | Word::Granny
            | Word::Cousin
    )
}

/// Nouns that name a work (not "star" or "hit" used as a verb).
fn is_title_noun(t: &Tok) -> bool {
    matches!(
        t.lower_word(),
        Word::Film
            | Word::Films
            | Word::Movie
            | Word::Movies
            | Word::Series
            | Word::Show
            | Word::Shows
            | Word::Sitcom
            | Word::Sitcoms
            | Word::Episode
            | Word::Episodes
            | Word::Season
            | Word::Seasons
            | Word::Documentary
            | Word::Miniseries
            | Word::Pilot
            | Word::Sequel
            | Word::Remake
            | Word::Franchise
            | Word::Biopic
            | Word::Cartoon
            | Word::Drama
            | Word::Comedy
            | Word::Thriller
            | Word::Song
            | Word::Songs
            | Word::Track
            | Word::Tracks
            | Word::Single
            | Word::Singles
            | Word::Tune
            | Word::Ballad
            | Word::Anthem
            | Word::Hit
            | Word::Duet
            | Word::Cover
            | Word::Classic
            | Word::Musical
    )
}
