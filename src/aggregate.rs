//! Corpus-level aggregates: run totals and per-entity statistics.
//!
//! Aggregates are plain values merged with `+=` ([`std::ops::AddAssign`]). The batch runner
//! adds documents in input order, so floating-point sums, and hence the reports, are the same
//! for every thread count and every run. Entities are kept in a `BTreeMap` keyed by
//! (kind, canonical name): iteration order is sorted, never hash order.

use crate::entity::MentionKind;
use crate::pipeline::Analysis;
use crate::sentiment::Label;
use std::collections::BTreeMap;
use std::ops::AddAssign;

/// Counts for a whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Reviews analyzed.
    pub reviews: u64,
    /// Mentions found.
    pub mentions: u64,
    /// Inputs (files or rows) that could not be analyzed.
    pub errors: u64,
    /// Files skipped because of their extension.
    pub skipped: u64,
    /// Bytes of review text analyzed.
    pub bytes: u64,
    /// Words analyzed.
    pub words: u64,
}

impl AddAssign for Totals {
    fn add_assign(&mut self, other: Totals) {
        self.reviews += other.reviews;
        self.mentions += other.mentions;
        self.errors += other.errors;
        self.skipped += other.skipped;
        self.bytes += other.bytes;
        self.words += other.words;
    }
}

impl Totals {
    /// The totals of one analyzed review.
    pub fn of(analysis: &Analysis) -> Totals {
        Totals {
            reviews: 1,
            mentions: analysis.mentions.len() as u64,
            bytes: analysis.doc.text.len() as u64,
            words: analysis.words as u64,
            ..Totals::default()
        }
    }
}

/// Statistics of one entity over the corpus.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EntityStats {
    /// Reviews that mention it.
    pub reviews: u64,
    /// Mentions in all.
    pub mentions: u64,
    /// Sum of the mentions' compounds.
    pub compound_sum: f64,
    /// Mentions labelled positive, negative, mixed and neutral, in [`Label::ALL`] order.
    pub labels: [u64; 4],
}

impl EntityStats {
    /// Mean compound of its mentions (0 when it has none).
    pub fn mean_compound(&self) -> f64 {
        if self.mentions == 0 {
            0.0
        } else {
            self.compound_sum / self.mentions as f64
        }
    }

    /// Mentions with the given label.
    pub fn count(&self, label: Label) -> u64 {
        self.labels[label_index(label)]
    }
}

impl AddAssign for EntityStats {
    fn add_assign(&mut self, other: EntityStats) {
        self.reviews += other.reviews;
        self.mentions += other.mentions;
        self.compound_sum += other.compound_sum;
        for (a, b) in self.labels.iter_mut().zip(other.labels) {
            *a += b;
        }
    }
}

fn label_index(label: Label) -> usize {
    Label::ALL.iter().position(|&l| l == label).unwrap_or(3)
}

/// Per-entity statistics keyed by (kind, canonical name), in sorted order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntityTable {
    entities: BTreeMap<(MentionKind, String), EntityStats>,
}

impl EntityTable {
    /// An empty table.
    pub fn new() -> EntityTable {
        EntityTable::default()
    }

    /// The table of one review: each entity counts one review however often it is mentioned.
    pub fn of(analysis: &Analysis) -> EntityTable {
        let mut table = EntityTable::new();
        for row in &analysis.mentions {
            let key = (row.mention.kind, row.mention.name.clone());
            let stats = table.entities.entry(key).or_default();
            stats.reviews = 1;
            stats.mentions += 1;
            stats.compound_sum += row.compound;
            stats.labels[label_index(row.label)] += 1;
        }
        table
    }

    /// Entities in (kind, name) order.
    pub fn iter(&self) -> impl Iterator<Item = (MentionKind, &str, &EntityStats)> {
        self.entities
            .iter()
            .map(|((kind, name), stats)| (*kind, name.as_str(), stats))
    }

    /// Number of distinct entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// True when no entity was found.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The statistics of one entity.
    pub fn get(&self, kind: MentionKind, name: &str) -> Option<&EntityStats> {
        self.entities.get(&(kind, name.to_string()))
    }
}

impl AddAssign for EntityTable {
    fn add_assign(&mut self, other: EntityTable) {
        for (key, stats) in other.entities {
            *self.entities.entry(key).or_default() += stats;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Doc, Span};
    use crate::entity::Mention;
    use crate::pipeline::{Encoding, MentionRow};
    use crate::sentiment::Scored;

    fn analysis(mentions: &[(MentionKind, &str, f64, Label)]) -> Analysis {
        Analysis {
            doc: Doc::new("id", "src", "text"),
            encoding: Encoding::Utf8,
            chars: 4,
            words: 1,
            sentences: vec![],
            review: Scored::default(),
            basis: Default::default(),
            mentions: mentions
                .iter()
                .map(|&(kind, name, compound, label)| MentionRow {
                    mention: Mention {
                        kind,
                        span: Span::new(0, 1),
                        name: name.into(),
                        role: String::new(),
                        sentence: 0,
                    },
                    start: 0,
                    end: 1,
                    compound,
                    label,
                })
                .collect(),
        }
    }

    #[test]
    fn an_entity_counts_one_review_however_often_it_is_mentioned() {
        let a = analysis(&[
            (MentionKind::Actor, "Paul James", 0.5, Label::Positive),
            (MentionKind::Actor, "Paul James", -0.1, Label::Negative),
        ]);
        let b = analysis(&[(MentionKind::Actor, "Paul James", 0.2, Label::Positive)]);
        let mut table = EntityTable::of(&a);
        table += EntityTable::of(&b);
        let stats = table.get(MentionKind::Actor, "Paul James").unwrap();
        assert_eq!(stats.reviews, 2);
        assert_eq!(stats.mentions, 3);
        assert!((stats.mean_compound() - 0.2).abs() < 1e-12);
        assert_eq!(stats.count(Label::Positive), 2);
        assert_eq!(stats.count(Label::Negative), 1);
    }

    #[test]
    fn same_name_of_different_kinds_are_different_entities() {
        let a = analysis(&[
            (MentionKind::Show, "Columbo", 0.0, Label::Neutral),
            (MentionKind::Character, "Columbo", 0.0, Label::Neutral),
        ]);
        assert_eq!(EntityTable::of(&a).len(), 2);
    }

    #[test]
    fn totals_add_up() {
        let a = analysis(&[(MentionKind::Song, "Elastic", 0.0, Label::Neutral)]);
        let mut totals = Totals::of(&a);
        totals += Totals::of(&a);
        totals += Totals {
            errors: 1,
            ..Totals::default()
        };
        assert_eq!(totals.reviews, 2);
        assert_eq!(totals.mentions, 2);
        assert_eq!(totals.errors, 1);
        assert_eq!(totals.bytes, 8);
    }
}
