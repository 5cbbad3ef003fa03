//! Titles the typer joins: two neighbouring candidates that one title may span ("Dexter's
//! Lab", "Star Trek: Voyager", "Return of the King", "Batman - The Animated Series").
//!
//! The span layer ([`super::names`]) ends a name at a possessive, a colon, a dash or a
//! lowercase word, because these end names at least as often as they join titles ("Altman's
//! Nashville", "Cast: Tom Hanks", "Weaver in Alien"); the corpus's titles ([`super::titles`])
//! join the titles many reviews quote. For the others, the shape cannot decide and evidence
//! must: each pair of neighbours with such a joint between them is proposed as one candidate
//! (its [`Joint`] set), the learned typer scores it as it scores any candidate (with features
//! of the joint and the words either side of it), reading it among the candidates beside it
//! only ([`compact`]), and the joined title replaces its two parts when the typer gives it a
//! kind rather than none. The typer learns these decisions from
//! annotated reviews: a proposed title is an example whose answer is the kind of the gold
//! mention with exactly its span, else none ([`super::EntityExtractor::examples`]).
//!
//! Invariants:
//! - a proposal joins two candidates next to each other in `cands` (sorted, not overlapping),
//!   neither blocked, fixed by the user's gazetteer or patterns, linked to a partner (a cast
//!   pair), quoted or emphasized, with only the joint's text between them (spaces, no line
//!   break); proposals never share a candidate;
//! - [`apply`] keeps every other candidate as it was, moving links with their candidates;
//! - a joined candidate spans from its first part's first token to its second part's last,
//!   has no kind of its own (the typer decides it) and keeps the `Joint` it was proposed for;
//! - without a typer nothing is joined: the rules alone never join.

use super::names::Form;
use super::{Cand, NONE};
use crate::entity::scan::Tok;

/// What stands between the two parts of a proposed title.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Joint {
    /// Not a joined title.
    #[default]
    None,
    /// A possessive: "Dexter's Lab", "Brahms' Lullaby".
    Possessive,
    /// A colon: "Star Trek: Voyager", "ST:TNG".
    Colon,
    /// A preposition or "and" before "the": "Return of the King", "Pinky and the Brain".
    ConnectorThe,
    /// A preposition alone: "Lady from Shanghai", "Road to Kingdom".
    Connector,
    /// A dash between spaces: "Batman - The Animated Series".
    Dash,
}

impl Joint {
    /// The name features and `explain` give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Joint::None => "none",
            Joint::Possessive => "possessive",
            Joint::Colon => "colon",
            Joint::ConnectorThe => "connector the",
            Joint::Connector => "connector",
            Joint::Dash => "dash",
        }
    }
}

/// The prepositions a [`Joint::Connector`] or [`Joint::ConnectorThe`] may be ("and" only before
/// "the": "Tom and Jerry" are two names more often than one title).
const CONNECTORS: [&str; 8] = ["of", "in", "on", "at", "to", "from", "for", "with"];

/// The joint `gap` (the text between two candidates) is, if any.
pub fn joint_of(gap: &str) -> Joint {
    match gap {
        "'s " | "’s " | "' " | "’ " => return Joint::Possessive,
        ":" | ": " | " : " => return Joint::Colon,
        " - " | " – " | " — " => return Joint::Dash,
        _ => {}
    }
    let Some(inner) = gap.strip_prefix(' ').and_then(|g| g.strip_suffix(' ')) else {
        return Joint::None;
    };
    if let Some(word) = inner.strip_suffix(" the") {
        if word == "and" || CONNECTORS.contains(&word) {
            return Joint::ConnectorThe;
        }
    }
    if CONNECTORS.contains(&inner) {
        return Joint::Connector;
    }
    Joint::None
}

/// True when candidate `c` may be part of a joined title.
fn joinable(c: &Cand) -> bool {
    !c.blocked
        && c.fixed == NONE
        && c.link == NONE
        && c.joint == Joint::None
        && !matches!(c.form, Form::Quoted | Form::Emphasis)
}

/// The titles `cands` (sorted by start, not overlapping) may join: each as the index of its
/// first part (the second is the next candidate) and its joint, in order, sharing no part.
pub fn propose(text: &str, cands: &[Cand], out: &mut Vec<(u32, Joint)>) {
    out.clear();
    let mut i = 0;
    while i + 1 < cands.len() {
        let (a, b) = (&cands[i], &cands[i + 1]);
        let joint = if joinable(a) && joinable(b) && a.end <= b.start && b.first - a.last <= 4 {
            text.get(a.end as usize..b.start as usize)
                .map_or(Joint::None, joint_of)
        } else {
            Joint::None
        };
        if joint == Joint::None {
            i += 1;
        } else {
            out.push((i as u32, joint));
            i += 2;
        }
    }
}

/// The list [`apply`] makes of `n` candidates and `joins`, as each item's first candidate and
/// its joint ([`Joint::None`] for a candidate kept as it is; a title takes two).
fn items(n: usize, joins: &[(u32, Joint)]) -> impl Iterator<Item = (usize, Joint)> + '_ {
    let mut next = joins.iter().peekable();
    let mut i = 0;
    std::iter::from_fn(move || {
        if i >= n {
            return None;
        }
        let item = match next.next_if(|(j, _)| *j as usize == i) {
            Some(&(_, joint)) => (i, joint),
            None => (i, Joint::None),
        };
        i += if item.1 == Joint::None { 1 } else { 2 };
        Some(item)
    })
}

/// The title joining `cands[i]` and `cands[i + 1]` at `joint`.
fn title(toks: &[Tok], cands: &[Cand], i: usize, joint: Joint) -> Cand {
    let (a, b) = (&cands[i], &cands[i + 1]);
    let mut title = Cand::new(toks, a.first as usize, b.last as usize, Form::Title, false);
    title.end = b.end;
    title.joint = joint;
    title
}

/// `cands` with the titles of `joins` ([`propose`]'s, or some of them) in place of their two
/// parts, written to `out`; the joined candidates' indices in `out` go to `at`, in order.
pub fn apply(
    toks: &[Tok],
    cands: &[Cand],
    joins: &[(u32, Joint)],
    out: &mut Vec<Cand>,
    at: &mut Vec<u32>,
) {
    out.clear();
    at.clear();
    // Links between candidates are indices: each moves with its candidate, and one to a part
    // of a joined title goes to the title.
    let mut moved = Vec::with_capacity(cands.len());
    for (i, joint) in items(cands.len(), joins) {
        let n = out.len() as u32;
        if joint == Joint::None {
            out.push(cands[i].clone());
            moved.push(n);
        } else {
            at.push(n);
            out.push(title(toks, cands, i, joint));
            moved.extend([n, n]);
        }
    }
    for c in out.iter_mut().filter(|c| c.link != NONE) {
        c.link = moved[c.link as usize];
    }
}

/// The titles of `joins` ([`propose`]'s) with the candidates right beside each in the list
/// [`apply`] would make, and nothing else, written to `out` in order (links cleared); the
/// titles' indices in `out` go to `at`, in order. What the typer reads of a title is there: the
/// title itself, its list neighbours and the document's sentences (its features read no other
/// candidate, but for how many candidates share its text, which counts here only the titles and
/// their neighbours); a review with few titles to decide is not read a second time whole.
pub fn compact(
    toks: &[Tok],
    cands: &[Cand],
    joins: &[(u32, Joint)],
    out: &mut Vec<Cand>,
    at: &mut Vec<u32>,
) {
    out.clear();
    at.clear();
    let items: Vec<(usize, Joint)> = items(cands.len(), joins).collect();
    let is_title = |p: usize| items.get(p).is_some_and(|&(_, j)| j != Joint::None);
    for (p, &(i, joint)) in items.iter().enumerate() {
        if joint != Joint::None {
            at.push(out.len() as u32);
            out.push(title(toks, cands, i, joint));
        } else if is_title(p + 1) || p.checked_sub(1).is_some_and(is_title) {
            let mut c = cands[i].clone();
            c.link = NONE;
            out.push(c);
        }
    }
}

/// The last token of the first part and the first token of the second part of the joined
/// candidate over tokens `first..=last` (found again from the text between them, as
/// [`joint_of`] read it); `None` when no two of its tokens are parted that way.
pub fn parts(
    text: &str,
    toks: &[Tok],
    first: usize,
    last: usize,
    joint: Joint,
) -> Option<(usize, usize)> {
    (first..last).find_map(|q| {
        let end = toks[q].core_end as usize;
        (q + 1..=last)
            .find(|&r| {
                text.get(end..toks[r].start as usize)
                    .is_some_and(|gap| joint_of(gap) == joint)
            })
            .map(|r| (q, r))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::lexicon::Lexicon;
    use crate::entity::scan::scan;

    #[test]
    fn joined_titles_replace_their_parts_and_links_follow_their_candidates() {
        let text = "Ann saw Harbor Watch: The Next Shift with Bo and Cy.";
        let mut toks = Vec::new();
        scan(text, Lexicon::builtin(), &mut toks);
        let at_word = |w: &str| {
            toks.iter()
                .position(|t| &text[t.start as usize..t.core_end as usize] == w)
                .unwrap()
        };
        let one = |w: &str| Cand::new(&toks, at_word(w), at_word(w), Form::Single, false);
        let two = |a: &str, b: &str| Cand::new(&toks, at_word(a), at_word(b), Form::Title, false);
        let mut cands = vec![
            one("Ann"),
            two("Harbor", "Watch"),
            two("The", "Shift"),
            one("Bo"),
            one("Cy"),
        ];
        cands[0].link = 3;
        cands[4].link = 2;
        let mut joins = Vec::new();
        propose(text, &cands, &mut joins);
        assert_eq!(joins, [(1, Joint::Colon)]);
        let (mut out, mut at) = (Vec::new(), Vec::new());
        apply(&toks, &cands, &joins, &mut out, &mut at);
        let spans: Vec<&str> = out
            .iter()
            .map(|c| &text[c.start as usize..c.end as usize])
            .collect();
        assert_eq!(spans, ["Ann", "Harbor Watch: The Next Shift", "Bo", "Cy"]);
        assert_eq!(at, [1]);
        assert_eq!(out[1].joint, Joint::Colon);
        // Ann's link to Bo moves with Bo; Cy's link to a part goes to the title.
        assert_eq!((out[0].link, out[3].link), (2, 1));
        // Linked candidates are never parts of a proposal.
        assert!(!joinable(&cands[0]) && joinable(&cands[1]));
        // The compact list holds the title and its neighbours only, unlinked.
        compact(&toks, &cands, &joins, &mut out, &mut at);
        let spans: Vec<&str> = out
            .iter()
            .map(|c| &text[c.start as usize..c.end as usize])
            .collect();
        assert_eq!(spans, ["Ann", "Harbor Watch: The Next Shift", "Bo"]);
        assert_eq!(at, [1]);
        assert!(out.iter().all(|c| c.link == NONE));
    }

    #[test]
    fn joints_are_read_from_the_text_between_two_names() {
        for (gap, want) in [
            ("'s ", Joint::Possessive),
            ("’ ", Joint::Possessive),
            (": ", Joint::Colon),
            (":", Joint::Colon),
            (" of the ", Joint::ConnectorThe),
            (" and the ", Joint::ConnectorThe),
            (" from ", Joint::Connector),
            (" – ", Joint::Dash),
            (" and ", Joint::None),
            (", ", Joint::None),
            (" of a ", Joint::None),
            ("'s\n", Joint::None),
            (" ", Joint::None),
        ] {
            assert_eq!(joint_of(gap), want, "{gap:?}");
        }
    }
}
