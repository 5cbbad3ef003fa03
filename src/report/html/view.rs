//! One review as the page shows it: its text cut into sentences tinted by their scores, with
//! each mention marked by its kind and sign, and the verdict said as `explain` says it.
//!
//! Invariants:
//! - the pieces, read in order, are the review's text (up to [`MAX_VIEW_BYTES`], cut at a
//!   character boundary; what is cut is counted), each byte once;
//! - a mention is marked only inside the sentence that holds it, and never overlaps another
//!   (a mention starting inside an earlier one is left unmarked);
//! - texts are kept as they are: the template escapes them.

use super::{label_class, sign_symbol, signed};
use crate::entity::MentionKind;
use crate::pipeline::{Analysis, MentionRow};
use crate::report::rows::{rounded, COMPOUND_DECIMALS, SHARE_DECIMALS};
use crate::sentiment::Label;
use serde::Serialize;

/// Bytes of a review's text the page shows; the rest is counted, not shown.
pub const MAX_VIEW_BYTES: usize = 12_000;
/// Pieces (stretches between sentences, plain text in a sentence, mentions) a review's view
/// holds at most: each brings about 150 bytes of markup, so that the page stays bounded however
/// short a review's sentences are.
pub const MAX_VIEW_PIECES: usize = 300;

/// A review's text and scores, ready for the template.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReviewView {
    pub id: String,
    pub source: String,
    pub label: &'static str,
    pub class: &'static str,
    pub symbol: &'static str,
    pub compound: String,
    pub confidence: String,
    /// Why the review has its label (the rule that gave it).
    pub basis: &'static str,
    /// The rating the review states, as written ("" for none).
    pub rating: String,
    pub parts: Vec<Part>,
    /// Characters of the text not shown (0 when it is shown whole).
    pub cut_chars: u64,
}

/// A stretch of the text: a sentence (with its tone) or what lies between sentences.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Part {
    /// `None` between sentences; a sentence's CSS tone class otherwise (`pos2`, `neg1`...).
    pub tone: Option<String>,
    /// The sentence's sign symbol ("" for none and for neutral sentences), and its colour.
    pub symbol: &'static str,
    pub class: &'static str,
    /// The sentence's score, in words.
    pub title: String,
    pub pieces: Vec<Piece>,
}

/// Plain text, or a mention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Piece {
    pub text: String,
    pub mention: Option<Mark>,
}

/// A mention's marking.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    pub kind: &'static str,
    /// The kind's one-letter tag (S, A, C, a note for songs, P).
    pub tag: &'static str,
    pub class: &'static str,
    pub symbol: &'static str,
    /// Kind, canonical name, role and score, in words.
    pub title: String,
}

/// The CSS tone of a score: its sign and one of four strengths.
fn tone(label: Label, compound: f64) -> String {
    let strength = match compound.abs() {
        a if a >= 0.75 => 4,
        a if a >= 0.5 => 3,
        a if a >= 0.25 => 2,
        _ => 1,
    };
    match label {
        Label::Positive => format!("pos{strength}"),
        Label::Negative => format!("neg{strength}"),
        // Not the page's `mix` and `neu` classes, which colour text: a tone only tints.
        Label::Mixed => "tmix".to_string(),
        Label::Neutral => "tneu".to_string(),
    }
}

/// What is left to show of a review: bytes of text and pieces (each piece costs markup).
struct Budget {
    bytes: usize,
    pieces: usize,
}

impl Budget {
    /// Takes the start of `text` that fits, cut at a character boundary, as one piece (none
    /// when no piece is left).
    fn take<'t>(&mut self, text: &'t str) -> &'t str {
        if self.pieces == 0 {
            return "";
        }
        self.pieces -= 1;
        if text.len() <= self.bytes {
            self.bytes -= text.len();
            return text;
        }
        let mut end = self.bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        self.bytes = 0;
        &text[..end]
    }

    /// Takes what fits of `text[*at..to]` and moves `at` past it; false when it was cut short.
    fn advance<'t>(&mut self, text: &'t str, at: &mut usize, to: usize) -> (&'t str, bool) {
        let shown = self.take(&text[*at..to]);
        *at += shown.len();
        (shown, *at == to)
    }
}

fn plain(text: &str) -> Piece {
    Piece {
        text: text.to_string(),
        mention: None,
    }
}

fn gap(text: &str) -> Part {
    Part {
        tone: None,
        symbol: "",
        class: "",
        title: String::new(),
        pieces: vec![plain(text)],
    }
}

/// A mention's marking.
fn mark(m: &MentionRow) -> Mark {
    let kind = m.mention.kind;
    let role = m.mention.role.as_str();
    let role = match (kind, role.is_empty()) {
        (_, true) => String::new(),
        (MentionKind::Actor, false) => format!(" as {role}"),
        (MentionKind::Character, false) => format!(", played by {role}"),
        (MentionKind::Song, false) => format!(", by {role}"),
        _ => format!(" ({role})"),
    };
    Mark {
        kind: kind.as_str(),
        tag: match kind {
            MentionKind::Show => "S",
            MentionKind::Actor => "A",
            MentionKind::Character => "C",
            MentionKind::Song => "\u{266a}",
            MentionKind::Person => "P",
        },
        class: label_class(m.label),
        symbol: sign_symbol(m.label),
        title: format!(
            "{} {}{role}: {} {}",
            kind.as_str(),
            m.mention.name.as_str(),
            m.label.as_str(),
            signed(reported(m.compound))
        ),
    }
}

/// A score as the reports write it (four decimals), so that the page says what they say.
fn reported(x: f64) -> f64 {
    rounded(x, COMPOUND_DECIMALS)
}

impl ReviewView {
    /// The view of an analyzed review, cut to [`MAX_VIEW_BYTES`] of text and
    /// [`MAX_VIEW_PIECES`] pieces.
    pub fn of(a: &Analysis) -> ReviewView {
        ReviewView::cut_to(a, MAX_VIEW_BYTES, MAX_VIEW_PIECES)
    }

    /// The view of an analyzed review showing at most `bytes` of its text in at most `pieces`
    /// pieces.
    pub fn cut_to(a: &Analysis, bytes: usize, pieces: usize) -> ReviewView {
        let text = a.doc.text.as_str();
        let mut left = Budget { bytes, pieces };
        let mut parts: Vec<Part> = Vec::new();
        // Everything before `at` is shown; once a stretch is cut short, nothing more is.
        let mut at = 0usize;
        let mut cut = false;
        let mut mentions = a.mentions.iter().peekable();
        for s in &a.sentences {
            let (start, end) = (s.span.start as usize, s.span.end as usize);
            if start < at || end > text.len() || start >= end {
                continue;
            }
            if start > at {
                let (shown, whole) = left.advance(text, &mut at, start);
                if !shown.is_empty() {
                    parts.push(gap(shown));
                }
                if !whole {
                    cut = true;
                    break;
                }
            }
            let mut pieces = Vec::new();
            while let Some(&m) = mentions.peek() {
                let (ms, me) = (m.mention.span.start as usize, m.mention.span.end as usize);
                if ms >= end {
                    break;
                }
                mentions.next();
                if ms < at || me > end || ms >= me {
                    continue;
                }
                if ms > at {
                    let (shown, whole) = left.advance(text, &mut at, ms);
                    if !shown.is_empty() {
                        pieces.push(plain(shown));
                    }
                    if !whole {
                        cut = true;
                        break;
                    }
                }
                let (surface, whole) = left.advance(text, &mut at, me);
                if !surface.is_empty() {
                    pieces.push(Piece {
                        text: surface.to_string(),
                        mention: Some(mark(m)),
                    });
                }
                if !whole {
                    cut = true;
                    break;
                }
            }
            if !cut && at < end {
                let (rest, whole) = left.advance(text, &mut at, end);
                if !rest.is_empty() {
                    pieces.push(plain(rest));
                }
                cut = !whole;
            }
            if !pieces.is_empty() {
                let symbol = match s.label {
                    Label::Neutral => "",
                    label => sign_symbol(label),
                };
                parts.push(Part {
                    tone: Some(tone(s.label, s.compound)),
                    symbol,
                    class: label_class(s.label),
                    title: format!(
                        "sentence: {} {}",
                        s.label.as_str(),
                        signed(reported(s.compound))
                    ),
                    pieces,
                });
            }
            if cut {
                break;
            }
        }
        if !cut && at < text.len() {
            let (tail, _) = left.advance(text, &mut at, text.len());
            if !tail.is_empty() {
                parts.push(gap(tail));
            }
        }
        let cut_chars = text[at..].chars().count() as u64;
        ReviewView {
            id: a.doc.id.clone(),
            source: a.doc.source.clone(),
            label: a.review.label.as_str(),
            class: label_class(a.review.label),
            symbol: sign_symbol(a.review.label),
            compound: signed(reported(a.review.polarity.compound)),
            confidence: format!("{:.2}", rounded(a.confidence, SHARE_DECIMALS)),
            basis: a.basis.describe(),
            rating: a
                .rating
                .map(|r| r.span.of(text).to_string())
                .unwrap_or_default(),
            parts,
            cut_chars,
        }
    }

    /// The text the view shows, pieces joined (for tests).
    pub fn shown_text(&self) -> String {
        self.parts
            .iter()
            .flat_map(|p| p.pieces.iter())
            .map(|p| p.text.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Doc;
    use crate::pipeline::{Encoding, Pipeline, Scratch};

    fn view(text: &str) -> (ReviewView, Analysis) {
        let doc = Doc::new("r1", "r1.txt", text);
        let a = Pipeline::new().analyze(doc, Encoding::Utf8, &mut Scratch::new());
        (ReviewView::of(&a), a)
    }

    #[test]
    fn the_pieces_are_the_text_each_byte_once() {
        let text = "  Slow Horses is superb.\n\nGary Oldman (Jackson Lamb) is wonderful, but the \
                    finale drags badly. I hated \"Strange Game\" by Mick Jagger.  ";
        let (v, a) = view(text);
        assert_eq!(v.shown_text(), text);
        assert_eq!(v.cut_chars, 0);
        let marked: Vec<&str> = v
            .parts
            .iter()
            .flat_map(|p| &p.pieces)
            .filter(|p| p.mention.is_some())
            .map(|p| p.text.as_str())
            .collect();
        assert!(!a.mentions.is_empty());
        assert!(marked.contains(&"Gary Oldman"), "{marked:?}");
        let sentences = v.parts.iter().filter(|p| p.tone.is_some()).count();
        assert_eq!(sentences, a.sentences.len());
    }

    #[test]
    fn a_huge_text_is_cut_at_a_character_boundary_and_counted() {
        let text = "é".repeat(MAX_VIEW_BYTES) + " The end was wonderful.";
        let (v, _) = view(&text);
        let shown = v.shown_text();
        assert!(shown.len() <= MAX_VIEW_BYTES);
        assert!(text.starts_with(&shown));
        assert_eq!(
            v.cut_chars,
            (text.chars().count() - shown.chars().count()) as u64
        );
        assert!(v.cut_chars > 0);
    }

    #[test]
    fn every_cut_of_the_text_shows_a_prefix_and_counts_the_rest() {
        // The budgets end everywhere: in gaps, in plain text before a mention in the middle of
        // a sentence, in mentions and in multibyte characters.
        let text =
            " I think that Pénélope Cruz is magnificent in Parallel Mothers.\n\nAlmodóvar's \
                    best in years; \"Volver\" it is not. ";
        let doc = Doc::new("r1", "r1.txt", text);
        let a = Pipeline::new().analyze(doc, Encoding::Utf8, &mut Scratch::new());
        assert!(a.mentions.len() >= 2, "{:?}", a.mentions);
        let total = text.chars().count() as u64;
        for pieces in (0..24).chain([usize::MAX]) {
            for bytes in 0..=text.len() + 1 {
                let v = ReviewView::cut_to(&a, bytes, pieces);
                let shown = v.shown_text();
                let at = format!("{bytes} bytes, {pieces} pieces: {shown:?}");
                assert!(shown.len() <= bytes, "{at}");
                assert!(text.starts_with(&shown), "{at}");
                assert_eq!(v.cut_chars + shown.chars().count() as u64, total, "{at}");
                let count: usize = v.parts.iter().map(|p| p.pieces.len()).sum();
                assert!(count <= pieces, "{at}");
                if pieces == usize::MAX {
                    // Nothing is cut that fits: at most one character's bytes are left unused.
                    assert!(bytes.min(text.len()) - shown.len() < 4, "{at}");
                }
            }
        }
    }

    #[test]
    fn sentence_tones_only_tint_and_never_take_a_text_colour_class() {
        // The page's `pos`, `neg`, `mix` and `neu` classes colour text; a sentence's tone must
        // be none of them, whatever its label.
        let (v, a) = view(
            "The cast is brilliant but the script is a dreadful, boring mess. It has eight \
             episodes. A wonderful, moving finale. A dull, lifeless start.",
        );
        let labels: Vec<Label> = a.sentences.iter().map(|s| s.label).collect();
        assert!(labels.contains(&Label::Neutral), "{labels:?}");
        for tone in v.parts.iter().filter_map(|p| p.tone.as_deref()) {
            assert!(!["pos", "neg", "mix", "neu"].contains(&tone), "{tone}");
        }
    }

    #[test]
    fn many_short_sentences_are_cut_by_their_count() {
        let text = "Great. ".repeat(4000);
        let (v, _) = view(&text);
        let count: usize = v.parts.iter().map(|p| p.pieces.len()).sum();
        assert!(count <= MAX_VIEW_PIECES);
        let shown = v.shown_text();
        assert!(shown.len() < MAX_VIEW_BYTES);
        assert_eq!(v.cut_chars as usize, text.len() - shown.len());
    }
}
