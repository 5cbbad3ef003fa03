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
use crate::pipeline::Analysis;
use crate::sentiment::Label;
use serde::Serialize;

/// Bytes of a review's text the page shows; the rest is counted, not shown.
pub const MAX_VIEW_BYTES: usize = 12_000;

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
        Label::Mixed => "mix".to_string(),
        Label::Neutral => "neu".to_string(),
    }
}

/// Cuts `text` to the bytes left in `budget`, at a character boundary, and takes them from it.
fn take<'t>(text: &'t str, budget: &mut usize) -> &'t str {
    if text.len() <= *budget {
        *budget -= text.len();
        return text;
    }
    let mut end = *budget;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    *budget = 0;
    &text[..end]
}

fn plain(text: &str) -> Piece {
    Piece {
        text: text.to_string(),
        mention: None,
    }
}

impl ReviewView {
    /// The view of an analyzed review, its text cut to [`MAX_VIEW_BYTES`].
    pub fn of(a: &Analysis) -> ReviewView {
        ReviewView::cut_to(a, MAX_VIEW_BYTES)
    }

    /// The view of an analyzed review showing `budget` bytes of its text at most.
    pub fn cut_to(a: &Analysis, budget: usize) -> ReviewView {
        let text = a.doc.text.as_str();
        let mut budget = budget;
        let mut parts: Vec<Part> = Vec::new();
        let mut at = 0usize;
        let mut mentions = a.mentions.iter().peekable();
        for s in &a.sentences {
            if budget == 0 {
                break;
            }
            let (start, end) = (s.span.start as usize, s.span.end as usize);
            if start < at || end > text.len() || start > end {
                continue;
            }
            if start > at {
                let gap = take(&text[at..start], &mut budget);
                parts.push(Part {
                    tone: None,
                    symbol: "",
                    class: "",
                    title: String::new(),
                    pieces: vec![plain(gap)],
                });
                at += gap.len();
                if budget == 0 {
                    break;
                }
            }
            let mut pieces = Vec::new();
            let mut cursor = start;
            while let Some(&m) = mentions.peek() {
                let (ms, me) = (m.mention.span.start as usize, m.mention.span.end as usize);
                if ms >= end {
                    break;
                }
                mentions.next();
                if ms < cursor || me > end || ms >= me {
                    continue;
                }
                if ms > cursor {
                    pieces.push(plain(take(&text[cursor..ms], &mut budget)));
                }
                if budget == 0 {
                    cursor = ms;
                    break;
                }
                let surface = take(&text[ms..me], &mut budget);
                let kind = m.mention.kind;
                let role = m.mention.role.as_str();
                let role = match (kind, role.is_empty()) {
                    (_, true) => String::new(),
                    (MentionKind::Actor, false) => format!(" as {role}"),
                    (MentionKind::Character, false) => format!(", played by {role}"),
                    (MentionKind::Song, false) => format!(", by {role}"),
                    _ => format!(" ({role})"),
                };
                pieces.push(Piece {
                    text: surface.to_string(),
                    mention: Some(Mark {
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
                            signed(m.compound)
                        ),
                    }),
                });
                cursor = ms + surface.len();
                if budget == 0 {
                    break;
                }
            }
            if cursor < end && budget > 0 {
                let rest = take(&text[cursor..end], &mut budget);
                pieces.push(plain(rest));
                cursor += rest.len();
            }
            let symbol = match s.label {
                Label::Neutral => "",
                label => sign_symbol(label),
            };
            parts.push(Part {
                tone: Some(tone(s.label, s.compound)),
                symbol,
                class: label_class(s.label),
                title: format!("sentence: {} {}", s.label.as_str(), signed(s.compound)),
                pieces,
            });
            at = cursor;
        }
        if budget > 0 && at < text.len() {
            let tail = take(&text[at..], &mut budget);
            parts.push(Part {
                tone: None,
                symbol: "",
                class: "",
                title: String::new(),
                pieces: vec![plain(tail)],
            });
            at += tail.len();
        }
        let cut_chars = text[at.min(text.len())..].chars().count() as u64;
        ReviewView {
            id: a.doc.id.clone(),
            source: a.doc.source.clone(),
            label: a.review.label.as_str(),
            class: label_class(a.review.label),
            symbol: sign_symbol(a.review.label),
            compound: signed(a.review.polarity.compound),
            confidence: format!("{:.2}", a.confidence),
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
        // The budget ends everywhere: in gaps, sentences, mentions and multibyte characters.
        let text = " Pénélope Cruz is magnificent in Parallel Mothers.\n\nAlmodóvar's best in \
                    years; \"Volver\" it is not. ";
        let doc = Doc::new("r1", "r1.txt", text);
        let a = Pipeline::new().analyze(doc, Encoding::Utf8, &mut Scratch::new());
        assert!(a.mentions.len() >= 2, "{:?}", a.mentions);
        let total = text.chars().count() as u64;
        for budget in 0..=text.len() + 1 {
            let v = ReviewView::cut_to(&a, budget);
            let shown = v.shown_text();
            assert!(shown.len() <= budget, "{budget}");
            assert!(text.starts_with(&shown), "{budget}: {shown:?}");
            assert_eq!(
                v.cut_chars + shown.chars().count() as u64,
                total,
                "{budget}"
            );
            // Nothing is cut that fits: at most one character's bytes are left unused.
            assert!(
                budget.min(text.len()) - shown.len() < 4,
                "{budget}: {shown:?}"
            );
        }
    }
}
