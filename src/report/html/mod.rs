//! The HTML report: one self-contained page that shows what a run found, at a glance first and
//! in detail on demand (`report.html`).
//!
//! A [`PageBuilder`] takes a run's rows one at a time, from an analysis in progress
//! (`analyze --html`, through [`super::Reports`]) or from the CSV reports an earlier run (or
//! the Spark job) wrote (`reviewlens report`, [`from_csv`]); [`Page`] is what it found, and
//! [`render`] writes it through the template `report.html` (minijinja, escaping HTML).
//!
//! Invariants:
//! - one file, nothing fetched: CSS inline, charts inline SVG, no script at all; the page's
//!   Content-Security-Policy forbids every request and every script, so that even a text that
//!   slipped past escaping could not run or call out;
//! - every text that comes from the input (review texts, ids, sources, names, roles, errors)
//!   reaches the page through the template's HTML escaping, in an element that isolates its
//!   direction (bidi controls in a review cannot reorder the page around it);
//! - bounded whatever the run's size: the most mentioned entities of each kind, a few reviews
//!   of each list, [`view::MAX_VIEW_BYTES`] of each text shown, the first errors;
//! - the page depends only on the rows, in their order: no clock, no machine; the same run
//!   gives the same bytes from its analyses as from its CSV files (numbers are taken as the
//!   CSV writes them, [`super::rows::rounded`]).

pub mod chart;
pub mod from_csv;
pub mod view;

use self::chart::{Diverging, Histogram, BINS};
pub use self::view::ReviewView;
use super::rows::{rounded, COMPOUND_DECIMALS};
use crate::aggregate::EntityTable;
use crate::entity::MentionKind;
use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use crate::sentiment::Label;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// The page's file name in an output folder.
pub const PAGE: &str = "report.html";
/// How the page's temporary file is named while it is written (`.report.html.XXXX.tmp`); an
/// output folder's next run removes one a killed `reviewlens report` left.
pub const TEMP_PREFIX: &str = ".report.html.";
/// Entities listed per kind.
pub const TOP_ENTITIES: usize = 15;
/// Reviews in each list (most positive, most negative, mixed, a sample).
pub const LISTED: usize = 8;
/// Errors listed (the rest are counted).
pub const LISTED_ERRORS: usize = 50;
/// The width of the label chart's bar for all the reviews, in SVG units.
const LABEL_BAR: f64 = 220.0;
/// Roles listed per entity (an actor's characters, a song's artists).
const LISTED_ROLES: usize = 3;

/// The symbol that shows a label's sign beside its colour.
pub fn sign_symbol(label: Label) -> &'static str {
    match label {
        Label::Positive => "+",
        Label::Negative => "\u{2212}",
        Label::Mixed => "\u{b1}",
        Label::Neutral => "\u{25cb}",
    }
}

/// A score as the page writes it: two decimals, with its sign.
pub fn signed(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    chart::minus(&format!("{x:+.2}"))
}

fn label_class(label: Label) -> &'static str {
    match label {
        Label::Positive => "pos",
        Label::Negative => "neg",
        Label::Mixed => "mix",
        Label::Neutral => "neu",
    }
}

fn kind_index(kind: MentionKind) -> usize {
    MentionKind::ALL
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(0)
}

/// What the page needs of one review (a row of reviews.csv).
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewFacts {
    pub id: String,
    pub source: String,
    pub words: u64,
    /// As reviews.csv writes it (four decimals).
    pub compound: f64,
    pub label: Label,
}

/// One entity's figures (a row of entities.csv).
#[derive(Clone, Debug, PartialEq)]
pub struct EntityFacts {
    pub kind: MentionKind,
    pub name: String,
    pub reviews: u64,
    pub mentions: u64,
    /// As entities.csv writes it (four decimals).
    pub mean_compound: f64,
    /// Mentions by label, in [`Label::ALL`] order.
    pub labels: [u64; 4],
}

impl EntityFacts {
    /// Listing order: most mentions, then most reviews, then by name.
    fn before(&self, other: &EntityFacts) -> bool {
        (other.mentions, other.reviews, self.name.as_str())
            < (self.mentions, self.reviews, other.name.as_str())
    }
}

/// A review as a list shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReviewLine {
    /// Its place among the run's reviews (from 0): the anchor of its text on the page.
    pub order: u64,
    pub id: String,
    pub source: String,
    pub words: u64,
    pub compound: String,
    pub label: &'static str,
    pub class: &'static str,
    pub symbol: &'static str,
    /// True when the page shows its text.
    pub shown: bool,
}

/// A review kept by a list, with what the caller keeps beside it (its view, or nothing).
#[derive(Clone, Debug)]
struct Kept<T> {
    order: u64,
    facts: ReviewFacts,
    payload: T,
}

/// Bounded lists of reviews picked as they stream by: the most positive, the most negative,
/// the first mixed ones, and a sample (the lowest hashes of their ids: the same reviews
/// whatever the order of the run, about uniformly).
#[derive(Clone, Debug)]
struct Picker<T> {
    positive: Vec<Kept<T>>,
    negative: Vec<Kept<T>>,
    mixed: Vec<Kept<T>>,
    mixed_total: u64,
    sample: Vec<(u64, Kept<T>)>,
}

impl<T> Default for Picker<T> {
    fn default() -> Picker<T> {
        Picker {
            positive: Vec::new(),
            negative: Vec::new(),
            mixed: Vec::new(),
            mixed_total: 0,
            sample: Vec::new(),
        }
    }
}

/// Where `key` goes in `list` (sorted by key, ties by order: first come first), if it makes
/// the first [`LISTED`].
fn slot<K: PartialOrd + Copy, T>(list: &[T], key: K, key_of: impl Fn(&T) -> K) -> Option<usize> {
    let at = list.partition_point(|kept| key_of(kept) <= key);
    (at < LISTED).then_some(at)
}

fn insert<T>(list: &mut Vec<T>, at: usize, item: T) {
    list.insert(at, item);
    list.truncate(LISTED);
}

impl<T: Clone> Picker<T> {
    fn offer(&mut self, order: u64, facts: &ReviewFacts, payload: impl FnOnce() -> T) {
        let c = facts.compound;
        let positive = slot(&self.positive, -c, |k| -k.facts.compound);
        let negative = slot(&self.negative, c, |k| k.facts.compound);
        let mixed =
            (facts.label == Label::Mixed && self.mixed.len() < LISTED).then_some(self.mixed.len());
        if facts.label == Label::Mixed {
            self.mixed_total += 1;
        }
        let hash = crate::hash::term_key_bytes(facts.id.as_bytes());
        let sample = slot(&self.sample, hash, |(h, _)| *h);
        if positive.is_none() && negative.is_none() && mixed.is_none() && sample.is_none() {
            return;
        }
        let kept = Kept {
            order,
            facts: facts.clone(),
            payload: payload(),
        };
        if let Some(at) = positive {
            insert(&mut self.positive, at, kept.clone());
        }
        if let Some(at) = negative {
            insert(&mut self.negative, at, kept.clone());
        }
        if let Some(at) = mixed {
            insert(&mut self.mixed, at, kept.clone());
        }
        if let Some(at) = sample {
            insert(&mut self.sample, at, (hash, kept));
        }
    }
}

/// Roles by entity name, one map per kind in [`MentionKind::ALL`] order, each role with its
/// count of mentions.
type Roles = [HashMap<Box<str>, HashMap<Box<str>, u64>>; 5];

/// Gathers a run's rows into a [`Page`]. `T` is what is kept beside each picked review: its
/// [`ReviewView`] when the analyses are at hand, `()` when only the CSV files are.
#[derive(Clone, Debug)]
pub struct PageBuilder<T> {
    reviews: u64,
    words: u64,
    mentions: u64,
    labels: [u64; 4],
    bins: [u64; BINS],
    picker: Picker<T>,
    errors: Vec<(String, String)>,
    errors_total: u64,
    /// Roles by entity (kind, name): an actor's characters, a song's artists, with counts.
    roles: Roles,
    /// The most mentioned entities of each kind, in [`MentionKind::ALL`] order.
    top: [Vec<EntityFacts>; 5],
    distinct: [u64; 5],
}

impl<T> Default for PageBuilder<T> {
    fn default() -> PageBuilder<T> {
        PageBuilder {
            reviews: 0,
            words: 0,
            mentions: 0,
            labels: [0; 4],
            bins: [0; BINS],
            picker: Picker::default(),
            errors: Vec::new(),
            errors_total: 0,
            roles: Default::default(),
            top: Default::default(),
            distinct: [0; 5],
        }
    }
}

impl ReviewFacts {
    /// The facts of an analyzed review, as reviews.csv writes them.
    pub fn of(a: &Analysis) -> ReviewFacts {
        ReviewFacts {
            id: a.doc.id.clone(),
            source: a.doc.source.clone(),
            words: a.words as u64,
            compound: rounded(a.review.polarity.compound, COMPOUND_DECIMALS),
            label: a.review.label,
        }
    }
}

impl<T: Clone> PageBuilder<T> {
    /// An empty page.
    pub fn new() -> PageBuilder<T> {
        PageBuilder::default()
    }

    /// An analyzed review and its mentions, in run order, as the CSV reports hold them.
    pub fn analysis(&mut self, a: &Analysis, payload: impl FnOnce() -> T) {
        self.review(&ReviewFacts::of(a), payload);
        for m in &a.mentions {
            let mention = &m.mention;
            self.mention(mention.kind, mention.name.as_str(), mention.role.as_str());
        }
    }

    /// Every entity of a run's table, as entities.csv holds them.
    pub fn entities(&mut self, table: &EntityTable) {
        for (kind, name, stats) in table.iter() {
            self.entity(EntityFacts {
                kind,
                name: name.to_string(),
                reviews: stats.reviews,
                mentions: stats.mentions,
                mean_compound: rounded(stats.mean_compound(), COMPOUND_DECIMALS),
                labels: Label::ALL.map(|label| stats.count(label)),
            });
        }
    }

    /// The reviews the lists keep, each once, in the lists' order: those whose texts the page
    /// would show.
    pub fn picked(&self) -> Vec<&ReviewFacts> {
        let p = &self.picker;
        let mut picked: Vec<(u64, &ReviewFacts)> = Vec::new();
        let all = p
            .positive
            .iter()
            .chain(&p.negative)
            .chain(&p.mixed)
            .chain(p.sample.iter().map(|(_, k)| k));
        for k in all {
            if !picked.iter().any(|(o, _)| *o == k.order) {
                picked.push((k.order, &k.facts));
            }
        }
        picked.into_iter().map(|(_, f)| f).collect()
    }

    /// One review, in run order; `payload` is called only when a list keeps it.
    pub fn review(&mut self, facts: &ReviewFacts, payload: impl FnOnce() -> T) {
        let order = self.reviews;
        self.reviews += 1;
        self.words += facts.words;
        self.labels[facts.label.index()] += 1;
        self.bins[chart::bin_of(facts.compound)] += 1;
        self.picker.offer(order, facts, payload);
    }

    /// One mention (a row of mentions.csv).
    pub fn mention(&mut self, kind: MentionKind, name: &str, role: &str) {
        self.mentions += 1;
        if role.is_empty() {
            return;
        }
        // Looked up before inserting, once: most mentions repeat an entity and a role already
        // seen, and the lookups allocate nothing.
        let by_name = &mut self.roles[kind_index(kind)];
        match by_name.get_mut(name) {
            Some(roles) => match roles.get_mut(role) {
                Some(n) => *n += 1,
                None => {
                    roles.insert(Box::from(role), 1);
                }
            },
            None => {
                by_name.insert(Box::from(name), HashMap::from([(Box::from(role), 1)]));
            }
        }
    }

    /// One input that could not be analyzed (a row of errors.csv).
    pub fn error(&mut self, source: &str, message: &str) {
        self.errors_total += 1;
        if self.errors.len() < LISTED_ERRORS {
            self.errors.push((source.to_string(), message.to_string()));
        }
    }

    /// One entity (a row of entities.csv), in any order.
    pub fn entity(&mut self, e: EntityFacts) {
        let k = kind_index(e.kind);
        self.distinct[k] += 1;
        let list = &mut self.top[k];
        let at = list.partition_point(|x| x.before(&e));
        if at < TOP_ENTITIES {
            list.insert(at, e);
            list.truncate(TOP_ENTITIES);
        }
    }

    /// The page: `from` says what was analyzed; `view` gives the text of a review a list
    /// kept (from its payload), or `None` when the texts are not at hand (`texts_note` then
    /// says why).
    pub fn finish(
        self,
        from: &str,
        texts_note: Option<String>,
        mut view: impl FnMut(&ReviewFacts, T) -> Option<ReviewView>,
    ) -> Page {
        let PageBuilder {
            reviews,
            words,
            mentions,
            labels,
            bins,
            picker,
            errors,
            errors_total,
            roles,
            top,
            distinct,
        } = self;
        // The reviews whose texts are shown, each once, in the order of the lists.
        let mut views: Vec<(u64, ReviewView)> = Vec::new();
        let mut lines = |list: Vec<Kept<T>>| -> Vec<ReviewLine> {
            list.into_iter()
                .map(|k| {
                    let seen = views.iter().any(|(o, _)| *o == k.order);
                    let shown = seen
                        || match view(&k.facts, k.payload) {
                            Some(v) => {
                                views.push((k.order, v));
                                true
                            }
                            None => false,
                        };
                    ReviewLine {
                        order: k.order,
                        id: k.facts.id.clone(),
                        source: k.facts.source.clone(),
                        words: k.facts.words,
                        compound: signed(k.facts.compound),
                        label: k.facts.label.as_str(),
                        class: label_class(k.facts.label),
                        symbol: sign_symbol(k.facts.label),
                        shown,
                    }
                })
                .collect()
        };
        let most_positive = lines(picker.positive);
        let most_negative = lines(picker.negative);
        let mixed = lines(picker.mixed);
        let sample = lines(picker.sample.into_iter().map(|(_, k)| k).collect());
        let label_rows = Label::ALL
            .iter()
            .map(|&label| {
                let count = labels[label.index()];
                let share = if reviews == 0 {
                    0.0
                } else {
                    count as f64 / reviews as f64
                };
                LabelRow {
                    y: format!("{}", label.index() * 30 + 4),
                    text_x: format!("{:.1}", 90.0 + share * LABEL_BAR + 6.0),
                    label: label.as_str(),
                    class: label_class(label),
                    symbol: sign_symbol(label),
                    count: chart::thousands(count),
                    share: format!("{:.1}%", share * 100.0),
                    width: format!("{:.1}", share * LABEL_BAR),
                }
            })
            .collect();
        let kinds = MentionKind::ALL
            .iter()
            .zip(top)
            .zip(distinct)
            .map(|((&kind, top), distinct)| KindTable::new(kind, top, distinct, &roles))
            .collect();
        let stats = vec![
            Stat::new("reviews", reviews),
            Stat::new("words", words),
            Stat::new("mentions", mentions),
            Stat::new("entities", distinct.iter().sum()),
            Stat::new("errors", errors_total),
        ];
        Page {
            from: from.to_string(),
            version: env!("CARGO_PKG_VERSION"),
            reviews,
            stats,
            labels: label_rows,
            histogram: chart::histogram(&bins),
            kinds,
            most_positive,
            most_negative,
            mixed,
            mixed_total: chart::thousands(picker.mixed_total),
            sample,
            views: views
                .into_iter()
                .map(|(order, view)| Shown { order, view })
                .collect(),
            texts_note,
            notes: Vec::new(),
            errors_more: (errors.len() as u64) < errors_total,
            errors: errors
                .into_iter()
                .map(|(source, message)| ErrorLine { source, message })
                .collect(),
            errors_total: chart::thousands(errors_total),
        }
    }
}

/// A figure of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stat {
    pub name: &'static str,
    pub value: String,
}

impl Stat {
    fn new(name: &'static str, value: u64) -> Stat {
        Stat {
            name,
            value: chart::thousands(value),
        }
    }
}

/// A label's share of the reviews.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelRow {
    pub label: &'static str,
    pub class: &'static str,
    pub symbol: &'static str,
    pub count: String,
    pub share: String,
    /// The bar's width in SVG units ([`LABEL_BAR`] for every review).
    pub width: String,
    /// The row's top, and where its count is written.
    pub y: String,
    pub text_x: String,
}

/// The most mentioned entities of one kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KindTable {
    pub kind: &'static str,
    pub title: &'static str,
    /// The roles column's heading ("" when the kind has none).
    pub roles_heading: &'static str,
    pub distinct: String,
    /// True when more were found than are listed.
    pub more: bool,
    pub rows: Vec<EntityRow>,
}

/// One entity's row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityRow {
    pub name: String,
    pub mentions: String,
    pub reviews: String,
    pub mean: String,
    pub class: &'static str,
    /// The most frequent roles ("2 more" last when there are more).
    pub roles: Vec<String>,
    pub bar: Diverging,
    pub positive: String,
    pub negative: String,
    pub mixed: String,
}

impl KindTable {
    fn new(kind: MentionKind, top: Vec<EntityFacts>, distinct: u64, roles: &Roles) -> KindTable {
        let (title, roles_heading) = match kind {
            MentionKind::Show => ("Shows and films", ""),
            MentionKind::Actor => ("Actors", "plays"),
            MentionKind::Character => ("Characters", "played by"),
            MentionKind::Song => ("Songs", "by"),
            MentionKind::Person => ("Other people", "role"),
        };
        let rows: Vec<EntityRow> = top
            .into_iter()
            .map(|e| {
                let mut listed: Vec<(&str, u64)> = roles[kind_index(e.kind)]
                    .get(e.name.as_str())
                    .map(|r| r.iter().map(|(k, &n)| (&**k, n)).collect())
                    .unwrap_or_default();
                listed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                let more = listed.len().saturating_sub(LISTED_ROLES);
                let mut roles: Vec<String> = listed
                    .iter()
                    .take(LISTED_ROLES)
                    .map(|(r, _)| r.to_string())
                    .collect();
                if more > 0 {
                    roles.push(format!("{more} more"));
                }
                let [pos, neg, mix, neu] = e.labels;
                let leaning = if e.mean_compound > 0.0 {
                    Label::Positive
                } else if e.mean_compound < 0.0 {
                    Label::Negative
                } else {
                    Label::Neutral
                };
                EntityRow {
                    name: e.name,
                    mentions: chart::thousands(e.mentions),
                    reviews: chart::thousands(e.reviews),
                    mean: signed(e.mean_compound),
                    class: label_class(leaning),
                    roles,
                    bar: chart::diverging(pos, neg, mix, neu, 160),
                    positive: chart::thousands(pos),
                    negative: chart::thousands(neg),
                    mixed: chart::thousands(mix),
                }
            })
            .collect();
        KindTable {
            kind: kind.as_str(),
            title,
            roles_heading,
            distinct: chart::thousands(distinct),
            more: (rows.len() as u64) < distinct,
            rows,
        }
    }
}

/// A review whose text the page shows, and its place in the run (its anchor).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shown {
    pub order: u64,
    #[serde(flatten)]
    pub view: ReviewView,
}

/// An input that could not be analyzed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorLine {
    pub source: String,
    pub message: String,
}

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page {
    /// What was analyzed (the inputs, or the reports folder).
    pub from: String,
    pub version: &'static str,
    pub reviews: u64,
    pub stats: Vec<Stat>,
    pub labels: Vec<LabelRow>,
    pub histogram: Histogram,
    pub kinds: Vec<KindTable>,
    pub most_positive: Vec<ReviewLine>,
    pub most_negative: Vec<ReviewLine>,
    pub mixed: Vec<ReviewLine>,
    pub mixed_total: String,
    pub sample: Vec<ReviewLine>,
    pub views: Vec<Shown>,
    /// Why no text is shown, when none is, or why some are missing.
    pub texts_note: Option<String>,
    /// What the figures lack (a report that was not found).
    pub notes: Vec<String>,
    pub errors: Vec<ErrorLine>,
    pub errors_total: String,
    /// True when more errors happened than are listed.
    pub errors_more: bool,
}

/// The page's template.
const TEMPLATE: &str = include_str!("report.html");

/// The page as HTML.
pub fn render(page: &Page) -> Result<String> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let rendered = env
        .add_template("report.html", TEMPLATE)
        .and_then(|()| env.get_template("report.html"))
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(page))));
    rendered.map_err(|e| Error::Write {
        path: PAGE.into(),
        source: std::io::Error::other(format!("the page's template: {e:#}")),
    })
}

/// Writes the page to `path` (a file of its own, created or replaced).
pub fn write(page: &Page, path: &Path) -> Result<()> {
    let html = render(page)?;
    let error = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // Written beside its place and renamed over it: a reader never sees half a page. Created
    // as any file is (0666 less the umask), not as a temporary file's owner-only 0600.
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(error)?;
    std::io::Write::write_all(&mut tmp, html.as_bytes()).map_err(error)?;
    tmp.as_file().sync_all().map_err(error)?;
    tmp.persist(path).map_err(|e| error(e.error))?;
    // The rename itself, on disk.
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(error)?;
    Ok(())
}

#[cfg(test)]
mod tests;
