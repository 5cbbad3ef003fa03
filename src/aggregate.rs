//! Corpus-level aggregates: run totals and per-entity statistics.
//!
//! Aggregates are plain values merged with `+=` ([`std::ops::AddAssign`]). The batch runner
//! adds documents in input order, so floating-point sums, and hence the reports, are the same
//! for every thread count and every run. [`EntityTable::add_review`] gives exactly what
//! `+= EntityTable::of(..)` gives: each entity's compounds are summed per review (in mention
//! order), and that sum is added to the entity's total.
//!
//! An [`EntityTable`] keeps its entities in the order first seen, with an open-addressing hash
//! index on (kind, canonical name) for the per-mention look-ups; iteration sorts them by kind,
//! then name (byte order), so what callers see never depends on hash or insertion order.

use crate::entity::{MentionKind, Name};
use crate::pipeline::Analysis;
use crate::sentiment::Label;
use std::ops::AddAssign;
use std::sync::OnceLock;

/// Counts for a whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Reviews analyzed.
    pub reviews: u64,
    /// Mentions found.
    pub mentions: u64,
    /// Inputs (files or rows) that could not be analyzed.
    pub errors: u64,
    /// Inputs not read: files that are not reviews by their extension, earlier runs' reports.
    pub skipped: u64,
    /// Reviews whose id was taken by an earlier review of the run, and got a `#N` suffix.
    pub renamed: u64,
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
        self.renamed += other.renamed;
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
        self.labels[label.index()]
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

/// Per-entity statistics keyed by (kind, canonical name), iterated in sorted order.
#[derive(Clone, Default)]
pub struct EntityTable {
    /// The entities, in the order first seen.
    entries: Vec<Entry>,
    /// Open-addressing index over `entries` by key hash, probed linearly: 0 is an empty slot,
    /// else [`slot`] of the entry's position and hash. Empty, or a power of two over twice
    /// `entries.len()`.
    slots: Vec<u64>,
    /// While [`EntityTable::add_review`] runs: the entries the review mentions (by position)
    /// and the sum of the review's compounds for each (its counts go to the entry at once).
    /// Empty between calls.
    pending: Vec<(u32, f64)>,
    /// Positions of `entries` in [`EntityTable::iter`]'s order, sorted once for every
    /// report written from the table (a change to the table drops it).
    order: OnceLock<Vec<u32>>,
}

/// An entity's entry (72 bytes: its hash is not kept, but computed again when the index
/// grows; the index holds half of it).
#[derive(Clone, Debug)]
struct Entry {
    kind: MentionKind,
    /// The mentions' own shared name, kept without a copy.
    name: Name,
    stats: EntityStats,
    /// 1 + its place in `pending` while the review being added mentions it, else 0.
    pending: u32,
}

fn key_hash(kind: MentionKind, name: &[u8]) -> u64 {
    crate::hash::pair_key(crate::hash::term_key_bytes(name), kind as u64)
}

/// An index slot: 1 + the entry's position in the low half, the top half of its hash in the
/// high half, so that a probe passes other entries without reading them. (Positions fit in 32
/// bits: four billion entities would need hundreds of gigabytes of memory first.)
fn slot(at: usize, hash: u64) -> u64 {
    (hash & !0xFFFF_FFFF) | (at as u64 + 1) & 0xFFFF_FFFF
}

impl EntityTable {
    /// An empty table.
    pub fn new() -> EntityTable {
        EntityTable::default()
    }

    /// The table of one review: each entity counts one review however often it is mentioned.
    pub fn of(analysis: &Analysis) -> EntityTable {
        let mut table = EntityTable::new();
        table.add_review(analysis);
        table
    }

    /// Adds one review's mentions: the same as `*self += EntityTable::of(analysis)`, sums
    /// included, without building the review's table.
    pub fn add_review(&mut self, analysis: &Analysis) {
        self.order.take();
        // Room for as many new entities as the review names, made at once: a review of many
        // distinct names would otherwise grow the lists and the index step by step, each step
        // a copy, and the allocator keeps the memory of the old ones. (An entity mentioned
        // as two kinds is two entries: the lists then grow as usual.)
        let n = analysis.mentions.len().min(analysis.entities);
        self.entries.reserve(n);
        self.pending.reserve(n);
        if (self.entries.len() + n) * 2 > self.slots.len() {
            self.grow((self.entries.len() + n) * 2);
        }
        for row in &analysis.mentions {
            let at = self.position(row.mention.kind, &row.mention.name);
            let entry = &mut self.entries[at];
            if entry.pending == 0 {
                self.pending.push((at as u32, 0.0));
                entry.pending = self.pending.len() as u32;
                entry.stats.reviews += 1;
            }
            entry.stats.mentions += 1;
            entry.stats.labels[row.label.index()] += 1;
            if let Some((_, sum)) = self.pending.get_mut(entry.pending as usize - 1) {
                *sum += row.compound;
            }
        }
        for &(at, sum) in &self.pending {
            if let Some(entry) = self.entries.get_mut(at as usize) {
                entry.stats.compound_sum += sum;
                entry.pending = 0;
            }
        }
        crate::scratch::trim(&mut self.pending);
    }

    /// Entities in (kind, name) order (sorted at the first call after a change; the reports
    /// written on threads of their own share that order).
    pub fn iter(&self) -> impl Iterator<Item = (MentionKind, &str, &EntityStats)> {
        self.order
            .get_or_init(|| self.sorted_positions())
            .iter()
            .filter_map(|&at| self.entries.get(at as usize))
            .map(|e| (e.kind, e.name.as_str(), &e.stats))
    }

    /// Positions of the entries in (kind, name) order.
    fn sorted_positions(&self) -> Vec<u32> {
        // Sorted by a key made of the kind and the name's first eight bytes (big-endian,
        // zero-padded: the same order as the bytes'), then by the whole name within each run
        // of equal keys.
        let mut sorted: Vec<(u128, u32)> = self
            .entries
            .iter()
            .enumerate()
            .map(|(at, e)| {
                let mut head = [0u8; 8];
                let name = e.name.as_bytes();
                let n = name.len().min(8);
                head[..n].copy_from_slice(&name[..n]);
                let key = (e.kind as u128) << 64 | u128::from(u64::from_be_bytes(head));
                (key, at as u32)
            })
            .collect();
        sorted.sort_unstable_by_key(|&(key, _)| key);
        let name = |at: u32| self.entries[at as usize].name.as_bytes();
        for run in sorted.chunk_by_mut(|a, b| a.0 == b.0) {
            if run.len() > 1 {
                run.sort_unstable_by(|a, b| name(a.1).cmp(name(b.1)));
            }
        }
        sorted.into_iter().map(|(_, at)| at).collect()
    }

    /// Number of distinct entities.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no entity was found.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The statistics of one entity.
    pub fn get(&self, kind: MentionKind, name: &str) -> Option<&EntityStats> {
        let name = name.as_bytes();
        let at = self.find(key_hash(kind, name), kind, name).ok()?;
        self.entries.get(at).map(|e| &e.stats)
    }

    /// The position of an entity in `entries`, or the empty slot where its index goes.
    fn find(&self, hash: u64, kind: MentionKind, name: &[u8]) -> Result<usize, usize> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = hash as usize & mask;
        // At least half the slots are empty, so the probe ends (at once for an empty index).
        let tag = hash & !0xFFFF_FFFF;
        for _ in 0..self.slots.len() {
            let slot = self.slots[i];
            if slot == 0 {
                return Err(i);
            }
            if slot & !0xFFFF_FFFF == tag {
                let at = (slot & 0xFFFF_FFFF) as usize - 1;
                if let Some(e) = self.entries.get(at) {
                    if e.kind == kind && e.name.as_bytes() == name {
                        return Ok(at);
                    }
                }
            }
            i = (i + 1) & mask;
        }
        Err(usize::MAX)
    }

    /// The position of an entity, added with zero statistics if it is new.
    fn position(&mut self, kind: MentionKind, name: &Name) -> usize {
        let hash = key_hash(kind, name.as_bytes());
        match self.find(hash, kind, name.as_bytes()) {
            Ok(at) => at,
            Err(slot) => self.insert(slot, hash, kind, name.clone()),
        }
    }

    /// Adds an entity whose key `find` did not find, its index going in `slot`.
    fn insert(&mut self, mut slot: usize, hash: u64, kind: MentionKind, name: Name) -> usize {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow(self.slots.len() * 2);
            slot = self.empty_slot(hash);
        }
        let at = self.entries.len();
        self.entries.push(Entry {
            kind,
            name,
            stats: EntityStats::default(),
            pending: 0,
        });
        if let Some(s) = self.slots.get_mut(slot) {
            *s = self::slot(at, hash);
        }
        at
    }

    /// The first empty slot on the probe path of `hash`.
    fn empty_slot(&self, hash: u64) -> usize {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = hash as usize & mask;
        while self.slots.get(i).is_some_and(|&s| s != 0) {
            i = (i + 1) & mask;
        }
        i
    }

    /// Makes the index at least `min` slots (a power of two, at least 16) and places every
    /// entry again.
    fn grow(&mut self, min: usize) {
        let len = min.next_power_of_two().max(16);
        self.slots = vec![0; len];
        for at in 0..self.entries.len() {
            let e = &self.entries[at];
            let hash = key_hash(e.kind, e.name.as_bytes());
            let i = self.empty_slot(hash);
            self.slots[i] = slot(at, hash);
        }
    }
}

impl AddAssign for EntityTable {
    fn add_assign(&mut self, other: EntityTable) {
        self.order.take();
        for e in other.entries {
            let hash = key_hash(e.kind, e.name.as_bytes());
            let at = match self.find(hash, e.kind, e.name.as_bytes()) {
                Ok(at) => at,
                Err(slot) => self.insert(slot, hash, e.kind, e.name),
            };
            if let Some(entry) = self.entries.get_mut(at) {
                entry.stats += e.stats;
            }
        }
    }
}

impl PartialEq for EntityTable {
    /// The same entities with the same statistics, whatever order they were added in.
    fn eq(&self, other: &EntityTable) -> bool {
        self.len() == other.len()
            && self
                .entries
                .iter()
                .all(|e| other.get(e.kind, &e.name) == Some(&e.stats))
    }
}

impl std::fmt::Debug for EntityTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|(kind, name, stats)| ((kind, name), stats)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Doc, Span};
    use crate::entity::{Mention, Name};
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
            rating: None,
            confidence: 1.0,
            mentions: mentions
                .iter()
                .map(|&(kind, name, compound, label)| MentionRow {
                    mention: Mention {
                        kind,
                        span: Span::new(0, 1),
                        name: name.into(),
                        role: Name::default(),
                        sentence: 0,
                    },
                    start: 0,
                    end: 1,
                    compound,
                    label,
                })
                .collect(),
            entities: mentions.len(),
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

    /// The table as the BTreeMap implementation built it: `of` per review, merged with `+=`.
    fn reference(reviews: &[Analysis]) -> Vec<(MentionKind, String, EntityStats)> {
        use std::collections::BTreeMap;
        let mut total: BTreeMap<(MentionKind, String), EntityStats> = BTreeMap::new();
        for a in reviews {
            let mut one: BTreeMap<(MentionKind, String), EntityStats> = BTreeMap::new();
            for row in &a.mentions {
                let stats = one
                    .entry((row.mention.kind, row.mention.name.to_string()))
                    .or_default();
                stats.reviews = 1;
                stats.mentions += 1;
                stats.compound_sum += row.compound;
                stats.labels[row.label.index()] += 1;
            }
            for (key, stats) in one {
                *total.entry(key).or_default() += stats;
            }
        }
        total.into_iter().map(|((k, n), s)| (k, n, s)).collect()
    }

    /// The table's rows, with sums compared bit for bit.
    fn rows(table: &EntityTable) -> Vec<(MentionKind, String, EntityStats, u64)> {
        table
            .iter()
            .map(|(k, n, s)| (k, n.to_string(), *s, s.compound_sum.to_bits()))
            .collect()
    }

    fn with_bits(
        rows: Vec<(MentionKind, String, EntityStats)>,
    ) -> Vec<(MentionKind, String, EntityStats, u64)> {
        rows.into_iter()
            .map(|(k, n, s)| (k, n, s, s.compound_sum.to_bits()))
            .collect()
    }

    #[test]
    fn thousands_of_entities_grow_the_index_and_stay_sorted() {
        let names: Vec<String> = (0..5000)
            .map(|i| format!("Name {}", i * 7919 % 5000))
            .collect();
        let reviews: Vec<Analysis> = names
            .chunks(7)
            .map(|chunk| {
                let mentions: Vec<(MentionKind, &str, f64, Label)> = chunk
                    .iter()
                    .enumerate()
                    .map(|(i, n)| {
                        (
                            MentionKind::ALL[i % 5],
                            n.as_str(),
                            0.1 * i as f64,
                            Label::Positive,
                        )
                    })
                    .collect();
                analysis(&mentions)
            })
            .collect();
        let mut table = EntityTable::new();
        for a in reviews.iter().chain(&reviews) {
            table.add_review(a);
        }
        assert_eq!(table.len(), 5000);
        let doubled: Vec<Analysis> = reviews.iter().chain(&reviews).cloned().collect();
        assert_eq!(rows(&table), with_bits(reference(&doubled)));
        assert!(table
            .iter()
            .all(|(_, _, s)| s.reviews == 2 && s.mentions == 2));
        assert_eq!(table.get(MentionKind::Show, "Nobody"), None);
    }

    #[test]
    fn tables_equal_whatever_the_order_entities_came_in() {
        let a = analysis(&[
            (MentionKind::Song, "Elastic", 0.5, Label::Positive),
            (MentionKind::Show, "Columbo", 0.0, Label::Neutral),
        ]);
        let b = analysis(&[
            (MentionKind::Show, "Columbo", 0.0, Label::Neutral),
            (MentionKind::Song, "Elastic", 0.5, Label::Positive),
        ]);
        assert_eq!(EntityTable::of(&a), EntityTable::of(&b));
        assert_ne!(EntityTable::of(&a), EntityTable::new());
        let table = EntityTable::of(&a);
        let names: Vec<&str> = table.iter().map(|(_, n, _)| n).collect();
        assert_eq!(names, ["Columbo", "Elastic"]);
    }

    fn mention() -> impl proptest::strategy::Strategy<Value = (usize, String, f64, usize)> {
        (
            0usize..5,
            proptest::prop_oneof!["[AB]{1,2}", "[a-zé ]{0,12}"],
            -1.0f64..1.0,
            0usize..4,
        )
    }

    proptest::proptest! {
        #[test]
        fn adding_reviews_matches_the_btreemap_fold(
            reviews in proptest::collection::vec(proptest::collection::vec(mention(), 0..12), 0..40),
        ) {
            let reviews: Vec<Analysis> = reviews
                .iter()
                .map(|ms| {
                    let ms: Vec<(MentionKind, &str, f64, Label)> = ms
                        .iter()
                        .map(|(k, n, c, l)| (MentionKind::ALL[*k], n.as_str(), *c, Label::ALL[*l]))
                        .collect();
                    analysis(&ms)
                })
                .collect();
            let expected = with_bits(reference(&reviews));
            let mut added = EntityTable::new();
            let mut merged = EntityTable::new();
            for a in &reviews {
                added.add_review(a);
                merged += EntityTable::of(a);
            }
            proptest::prop_assert_eq!(rows(&added), expected.clone());
            proptest::prop_assert_eq!(rows(&merged), expected);
            proptest::prop_assert_eq!(&added, &merged);
        }
    }
}
