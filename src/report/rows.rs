//! What each report holds, once for every format: its columns (name, type, width) and the
//! functions that put an analysis's values into a row, cell by cell.
//!
//! Every format (CSV, xlsx, Parquet) implements [`Cells`] and calls the same row functions,
//! so the formats cannot disagree about which value goes in which column: they only differ in
//! how a typed value is written.
//!
//! Invariants:
//! - a row function writes exactly the columns of its report's [`Column`] list, in order, each
//!   with the [`Kind`] the list gives (a test checks every report with a checking [`Cells`]);
//! - a number written with `decimals` has the value its CSV text has: [`rounded`] gives the
//!   `f64` that parsing the CSV cell gives, so the three formats hold the same figures;
//! - an empty cell ([`Cells::empty`], or an empty text) is a blank cell in xlsx and a null in
//!   Parquet, as pandas and DuckDB read an empty CSV field.

use crate::aggregate::EntityStats;
use crate::entity::MentionKind;
use crate::pipeline::{Analysis, MentionRow, SentenceRow};
use crate::sentiment::Label;

/// Decimals of a compound (-1..1) in every report.
pub const COMPOUND_DECIMALS: usize = 4;
/// Decimals of a proportion (0..1).
pub const SHARE_DECIMALS: usize = 3;

/// The type of a column's cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text (ids, names, labels): never read as a number, so `00123` stays `00123`.
    Text,
    /// A whole number, 0 or more.
    Int,
    /// A number written with this many decimals.
    Decimal(usize),
}

/// One column of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The header.
    pub name: String,
    /// What its cells hold.
    pub kind: Kind,
    /// A spreadsheet column width that shows a typical cell whole (in characters).
    pub width: f64,
}

/// The reports of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Report {
    /// One row per review.
    Reviews,
    /// One row per mention.
    Mentions,
    /// One row per entity over the run.
    Entities,
    /// One row per input that could not be analyzed.
    Errors,
    /// One row per sentence (on request).
    Sentences,
}

impl Report {
    /// Every report, in the order of the output's sheets and files.
    pub const ALL: [Report; 5] = [
        Report::Reviews,
        Report::Mentions,
        Report::Entities,
        Report::Errors,
        Report::Sentences,
    ];

    /// Its name without extension: `reviews`, a sheet's name in the workbook.
    pub fn stem(self) -> &'static str {
        match self {
            Report::Reviews => "reviews",
            Report::Mentions => "mentions",
            Report::Entities => "entities",
            Report::Errors => "errors",
            Report::Sentences => "sentences",
        }
    }

    /// Its CSV file's name: `reviews.csv`.
    pub fn csv_name(self) -> &'static str {
        match self {
            Report::Reviews => "reviews.csv",
            Report::Mentions => "mentions.csv",
            Report::Entities => "entities.csv",
            Report::Errors => "errors.csv",
            Report::Sentences => "sentences.csv",
        }
    }

    /// Its Parquet file's name: `reviews.parquet`.
    pub fn parquet_name(self) -> &'static str {
        match self {
            Report::Reviews => "reviews.parquet",
            Report::Mentions => "mentions.parquet",
            Report::Entities => "entities.parquet",
            Report::Errors => "errors.parquet",
            Report::Sentences => "sentences.parquet",
        }
    }

    /// Its columns; `keep`, the input columns carried through, come right after the review
    /// id in the reviews report.
    pub fn columns(self, keep: &[String]) -> Vec<Column> {
        let spec: &[Spec] = match self {
            Report::Reviews => &REVIEWS,
            Report::Mentions => &MENTIONS,
            Report::Entities => &ENTITIES,
            Report::Errors => &ERRORS,
            Report::Sentences => &SENTENCES,
        };
        let mut columns: Vec<Column> = spec
            .iter()
            .map(|&(name, kind, width)| Column {
                name: name.to_string(),
                kind,
                width,
            })
            .collect();
        if self == Report::Reviews {
            let kept = keep.iter().map(|name| Column {
                name: name.clone(),
                kind: Kind::Text,
                width: 14.0,
            });
            columns.splice(1..1, kept);
        }
        columns
    }
}

/// A built-in column: name, kind and width.
type Spec = (&'static str, Kind, f64);

const TEXT: Kind = Kind::Text;
const INT: Kind = Kind::Int;
const COMPOUND: Kind = Kind::Decimal(COMPOUND_DECIMALS);
const SHARE: Kind = Kind::Decimal(SHARE_DECIMALS);

const REVIEWS: [Spec; 15] = [
    ("review_id", TEXT, 18.0),
    ("source", TEXT, 30.0),
    ("chars", INT, 8.0),
    ("words", INT, 8.0),
    ("sentences", INT, 10.0),
    ("compound", COMPOUND, 10.0),
    ("label", TEXT, 9.0),
    ("positive", SHARE, 9.0),
    ("negative", SHARE, 9.0),
    ("neutral", SHARE, 9.0),
    ("mentions", INT, 10.0),
    ("encoding", TEXT, 12.0),
    ("rating", SHARE, 8.0),
    ("rating_text", TEXT, 14.0),
    ("verdict_confidence", SHARE, 12.0),
];

/// How many of the reviews report's last columns earlier versions did not write: an earlier
/// run's reviews.csv may end without them (`verdict_confidence`, or that and the ratings).
pub const REVIEWS_ADDED: [usize; 2] = [1, 3];

const MENTIONS: [Spec; 10] = [
    ("review_id", TEXT, 18.0),
    ("kind", TEXT, 10.0),
    ("name", TEXT, 26.0),
    ("surface", TEXT, 26.0),
    ("start", INT, 8.0),
    ("end", INT, 8.0),
    ("sentence", INT, 9.0),
    ("role", TEXT, 20.0),
    ("compound", COMPOUND, 10.0),
    ("label", TEXT, 9.0),
];

const ENTITIES: [Spec; 9] = [
    ("kind", TEXT, 10.0),
    ("name", TEXT, 30.0),
    ("reviews", INT, 9.0),
    ("mentions", INT, 10.0),
    ("mean_compound", COMPOUND, 15.0),
    ("positive", INT, 9.0),
    ("negative", INT, 9.0),
    ("mixed", INT, 9.0),
    ("neutral", INT, 9.0),
];

const ERRORS: [Spec; 2] = [("source", TEXT, 40.0), ("error", TEXT, 60.0)];

const SENTENCES: [Spec; 7] = [
    ("review_id", TEXT, 18.0),
    ("sentence", INT, 9.0),
    ("start", INT, 8.0),
    ("end", INT, 8.0),
    ("compound", COMPOUND, 10.0),
    ("label", TEXT, 9.0),
    ("text", TEXT, 80.0),
];

/// The header row of each report's CSV file, by file name: how an earlier run's report is
/// recognized among the inputs.
pub const HEADERS: [(&str, &[Spec]); 5] = [
    ("reviews.csv", &REVIEWS),
    ("mentions.csv", &MENTIONS),
    ("entities.csv", &ENTITIES),
    ("errors.csv", &ERRORS),
    ("sentences.csv", &SENTENCES),
];

/// Where a format writes the typed values of one row, left to right.
///
/// `Id` is a review id as the format keeps it for all of a review's rows (the CSV writer
/// encodes it once per review).
pub trait Cells {
    /// A review id, prepared once per review.
    type Id: ?Sized;
    /// The review id cell.
    fn id(&mut self, id: &Self::Id);
    /// A text cell.
    fn text(&mut self, text: &str);
    /// A text cell from UTF-8 bytes known to be valid (a [`Name`](crate::entity::Name)'s, or a
    /// text of a recorded row replayed).
    fn text_bytes(&mut self, text: &[u8]);
    /// A cell of a fixed vocabulary (kinds, labels, encodings): plain ASCII words.
    fn word(&mut self, word: &'static str);
    /// A whole number.
    fn int(&mut self, n: u64);
    /// A number with `decimals` digits after the point.
    fn fixed(&mut self, x: f64, decimals: usize);
    /// A cell with no value.
    fn empty(&mut self);
}

/// reviews.csv's row of one review; `kept` columns carried through from the input follow the
/// id (empty for a review that has no value for them).
pub fn review<C: Cells>(c: &mut C, id: &C::Id, a: &Analysis, kept: usize) {
    c.id(id);
    for i in 0..kept {
        match a.doc.kept.get(i) {
            Some(value) => c.text(value),
            None => c.empty(),
        }
    }
    c.text(&a.doc.source);
    c.int(a.chars as u64);
    c.int(a.words as u64);
    c.int(a.sentences.len() as u64);
    c.fixed(a.review.polarity.compound, COMPOUND_DECIMALS);
    c.word(a.review.label.as_str());
    c.fixed(a.review.polarity.positive, SHARE_DECIMALS);
    c.fixed(a.review.polarity.negative, SHARE_DECIMALS);
    c.fixed(a.review.polarity.neutral, SHARE_DECIMALS);
    c.int(a.mentions.len() as u64);
    c.word(a.encoding.as_str());
    match a.rating {
        Some(rating) => {
            c.fixed(rating.share, SHARE_DECIMALS);
            c.text(rating.span.of(&a.doc.text));
        }
        None => {
            c.empty();
            c.empty();
        }
    }
    c.fixed(a.confidence, SHARE_DECIMALS);
}

/// mentions.csv's row of one mention of review `a`.
#[inline]
pub fn mention<C: Cells>(c: &mut C, id: &C::Id, a: &Analysis, m: &MentionRow) {
    c.id(id);
    c.word(m.mention.kind.as_str());
    c.text_bytes(m.mention.name.as_bytes());
    c.text(m.mention.span.of(&a.doc.text));
    c.int(u64::from(m.start));
    c.int(u64::from(m.end));
    c.int(u64::from(m.mention.sentence) + 1);
    c.text_bytes(m.mention.role.as_bytes());
    c.fixed(m.compound, COMPOUND_DECIMALS);
    c.word(m.label.as_str());
}

/// sentences.csv's row of sentence `index` (from 0) of review `a`.
#[inline]
pub fn sentence<C: Cells>(c: &mut C, id: &C::Id, a: &Analysis, index: usize, s: &SentenceRow) {
    c.id(id);
    c.int(index as u64 + 1);
    c.int(u64::from(s.start));
    c.int(u64::from(s.end));
    c.fixed(s.compound, COMPOUND_DECIMALS);
    c.word(s.label.as_str());
    c.text(s.span.of(&a.doc.text));
}

/// entities.csv's row of one entity.
pub fn entity<C: Cells>(c: &mut C, kind: MentionKind, name: &str, stats: &EntityStats) {
    c.word(kind.as_str());
    c.text(name);
    c.int(stats.reviews);
    c.int(stats.mentions);
    c.fixed(stats.mean_compound(), COMPOUND_DECIMALS);
    for label in Label::ALL {
        c.int(stats.count(label));
    }
}

/// errors.csv's row of one input that could not be analyzed.
pub fn error<C: Cells>(c: &mut C, source: &str, error: &str) {
    c.text(source);
    c.text(error);
}

/// The `f64` that reading `x` written with `decimals` digits after the point gives back
/// (`format!("{x:.decimals$}").parse()`), never negative zero; 0 for NaN and infinities, as
/// the CSV writes them.
pub fn rounded(x: f64, decimals: usize) -> f64 {
    const POW10: [f64; 7] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6];
    if !x.is_finite() {
        return 0.0;
    }
    if let Some(&scale) = POW10.get(decimals) {
        let y = x.abs() * scale;
        if y < 1e15 {
            let floor = y.trunc();
            let frac = y - floor;
            // Away from a tie the nearest is clear; the quotient of two exact integers is the
            // double nearest the decimal, as parsing it gives.
            if (frac - 0.5).abs() >= 1e-6 {
                let n = floor + if frac > 0.5 { 1.0 } else { 0.0 };
                let value = n / scale;
                return if x < 0.0 && n != 0.0 { -value } else { value };
            }
        }
    }
    let value: f64 = format!("{x:.decimals$}").parse().unwrap_or(0.0);
    if value == 0.0 {
        0.0
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::EntityTable;
    use crate::doc::Doc;
    use crate::pipeline::{Encoding, Pipeline, Scratch};

    /// Records the kind of every cell written.
    #[derive(Default)]
    struct Kinds(Vec<Kind>);

    impl Cells for Kinds {
        type Id = str;
        fn id(&mut self, _: &str) {
            self.0.push(Kind::Text);
        }
        fn text(&mut self, _: &str) {
            self.0.push(Kind::Text);
        }
        fn text_bytes(&mut self, text: &[u8]) {
            assert!(std::str::from_utf8(text).is_ok());
            self.0.push(Kind::Text);
        }
        fn word(&mut self, _: &'static str) {
            self.0.push(Kind::Text);
        }
        fn int(&mut self, _: u64) {
            self.0.push(Kind::Int);
        }
        fn fixed(&mut self, _: f64, decimals: usize) {
            self.0.push(Kind::Decimal(decimals));
        }
        fn empty(&mut self) {}
    }

    fn kinds(report: Report) -> Vec<Kind> {
        report.columns(&[]).iter().map(|c| c.kind).collect()
    }

    #[test]
    fn every_row_function_writes_its_reports_columns_with_their_kinds() {
        let doc = Doc::new(
            "r1",
            "r1.txt",
            "Paul James is charming in Slow Horses, but the ending drags. 7/10.",
        );
        let analysis = Pipeline::new().analyze(doc, Encoding::Utf8, &mut Scratch::new());
        assert!(!analysis.mentions.is_empty() && !analysis.sentences.is_empty());
        let mut cells = Kinds::default();
        review(&mut cells, "r1", &analysis, 0);
        assert_eq!(cells.0, kinds(Report::Reviews));
        let keep = ["date".to_string(), "stars".to_string()];
        let columns = Report::Reviews.columns(&keep);
        assert_eq!(columns[1].name, "date");
        assert_eq!(columns[2].name, "stars");
        assert_eq!(columns[3].name, "source");
        let mut cells = Kinds::default();
        review(&mut cells, "r1", &analysis, 2);
        let kept: Vec<Kind> = columns.iter().map(|c| c.kind).collect();
        // The review has no kept values: its two kept cells are empty, not written.
        assert_eq!(cells.0.len() + 2, kept.len());
        let mut cells = Kinds::default();
        mention(&mut cells, "r1", &analysis, &analysis.mentions[0]);
        assert_eq!(cells.0, kinds(Report::Mentions));
        let mut cells = Kinds::default();
        sentence(&mut cells, "r1", &analysis, 0, &analysis.sentences[0]);
        assert_eq!(cells.0, kinds(Report::Sentences));
        let mut table = EntityTable::new();
        table.add_review(&analysis);
        let (kind, name, stats) = table.iter().next().unwrap();
        let mut cells = Kinds::default();
        entity(&mut cells, kind, name, stats);
        assert_eq!(cells.0, kinds(Report::Entities));
        let mut cells = Kinds::default();
        error(&mut cells, "a.txt", "empty review");
        assert_eq!(cells.0, kinds(Report::Errors));
    }

    #[test]
    fn the_csv_headers_are_the_columns() {
        for (report, (file, header)) in Report::ALL.into_iter().zip(HEADERS) {
            assert_eq!(file, format!("{}.csv", report.stem()));
            assert_eq!(file, report.csv_name());
            assert_eq!(report.parquet_name(), format!("{}.parquet", report.stem()));
            let names: Vec<&str> = header.iter().map(|c| c.0).collect();
            let columns: Vec<String> = report.columns(&[]).into_iter().map(|c| c.name).collect();
            assert_eq!(names, columns);
        }
    }

    #[test]
    fn rounded_values_of_ties_and_extremes() {
        for (x, decimals, expected) in [
            (0.12345678, 4, 0.1235f64),
            (-0.00001, 4, 0.0),
            (-0.0, 4, 0.0),
            (f64::NAN, 4, 0.0),
            (f64::NEG_INFINITY, 3, 0.0),
            (-0.99996, 4, -1.0),
            (0.125, 2, 0.12),
            (1e300, 2, 1e300),
        ] {
            let got = rounded(x, decimals);
            assert_eq!(got.to_bits(), expected.to_bits(), "{x} {decimals}: {got}");
        }
    }

    proptest::proptest! {
        #[test]
        fn rounded_is_what_reading_the_csv_cell_gives(
            x in proptest::prop_oneof![-2.0f64..2.0, -1e7f64..1e7, proptest::num::f64::NORMAL],
            decimals in 0usize..=8,
        ) {
            let parsed: f64 = format!("{x:.decimals$}").parse().unwrap();
            let parsed = if parsed == 0.0 { 0.0 } else { parsed };
            proptest::prop_assert_eq!(rounded(x, decimals).to_bits(), parsed.to_bits());
        }
    }
}
