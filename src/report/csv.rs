//! The CSV reports: reviews.csv, mentions.csv, entities.csv, errors.csv and, on request,
//! sentences.csv.
//!
//! Invariants:
//! - UTF-8, RFC 4180 (CRLF line ends, quoting only where needed), one header row;
//! - a text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`,
//!   tab or CR) is written with a leading `'` unless defusing is turned off (OWASP's advice);
//! - numbers are plain, with a fixed number of decimals (compounds 4, proportions 3) and never
//!   `-0.0000`;
//! - every file is written to a temporary file in the output folder and renamed into place by
//!   [`CsvReports::finish`]; a run that fails or is dropped early leaves no partial report.

use super::ReportSink;
use crate::aggregate::{EntityTable, Totals};
use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use crate::sentiment::Label;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// The header row of each report, by file name.
pub const HEADERS: [(&str, &[&str]); 5] = [
    (
        "reviews.csv",
        &[
            "review_id",
            "source",
            "chars",
            "words",
            "sentences",
            "compound",
            "label",
            "positive",
            "negative",
            "neutral",
            "mentions",
            "encoding",
        ],
    ),
    (
        "mentions.csv",
        &[
            "review_id",
            "kind",
            "name",
            "surface",
            "start",
            "end",
            "sentence",
            "role",
            "compound",
            "label",
        ],
    ),
    (
        "entities.csv",
        &[
            "kind",
            "name",
            "reviews",
            "mentions",
            "mean_compound",
            "positive",
            "negative",
            "mixed",
            "neutral",
        ],
    ),
    ("errors.csv", &["source", "error"]),
    (
        "sentences.csv",
        &[
            "review_id",
            "sentence",
            "start",
            "end",
            "compound",
            "label",
            "text",
        ],
    ),
];

fn header(name: &str) -> &'static [&'static str] {
    HEADERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, h)| *h)
        .unwrap_or(&[])
}

/// How the CSV files are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvOptions {
    /// Also write sentences.csv.
    pub sentences: bool,
    /// Start each file with a UTF-8 byte-order mark (for Excel).
    pub bom: bool,
    /// Defuse cells a spreadsheet would run as formulas.
    pub defuse: bool,
}

impl Default for CsvOptions {
    fn default() -> CsvOptions {
        CsvOptions {
            sentences: false,
            bom: false,
            defuse: true,
        }
    }
}

/// One report being written to its temporary file.
struct Report {
    name: &'static str,
    writer: ::csv::Writer<NamedTempFile>,
}

/// Writes the reports of a run into an output folder, atomically.
pub struct CsvReports {
    dir: PathBuf,
    options: CsvOptions,
    /// The reports being written; `None` once they are persisted.
    open: Option<OpenReports>,
    /// Reused cell buffers.
    cells: Cells,
}

struct OpenReports {
    reviews: Report,
    mentions: Report,
    errors: Report,
    sentences: Option<Report>,
}

impl std::fmt::Debug for CsvReports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvReports")
            .field("dir", &self.dir)
            .field("options", &self.options)
            .finish()
    }
}

impl CsvReports {
    /// Creates `dir` if needed and opens the temporary files.
    pub fn create(dir: &Path, options: CsvOptions) -> Result<CsvReports> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let open = |name| Report::open(dir, name, options);
        let reports = OpenReports {
            reviews: open("reviews.csv")?,
            mentions: open("mentions.csv")?,
            errors: open("errors.csv")?,
            sentences: if options.sentences {
                Some(open("sentences.csv")?)
            } else {
                None
            },
        };
        let cells = Cells {
            defuse: options.defuse,
            ..Cells::default()
        };
        Ok(CsvReports {
            dir: dir.to_path_buf(),
            options,
            open: Some(reports),
            cells,
        })
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn reports(&mut self) -> Result<(&mut OpenReports, &mut Cells)> {
        match &mut self.open {
            Some(open) => Ok((open, &mut self.cells)),
            None => Err(Error::Write {
                path: self.dir.clone(),
                source: std::io::Error::other("the reports are already finished"),
            }),
        }
    }

    /// Writes entities.csv and moves every report into place. Called by [`ReportSink::finish`].
    fn persist(&mut self, entities: &EntityTable) -> Result<()> {
        let Some(open) = self.open.take() else {
            return self.reports().map(|_| ());
        };
        let mut table = Report::open(&self.dir, "entities.csv", self.options)?;
        let c = &mut self.cells;
        for (kind, name, stats) in entities.iter() {
            c.clear();
            c.text(kind.as_str());
            c.text(name);
            c.int(stats.reviews);
            c.int(stats.mentions);
            c.fixed(stats.mean_compound(), 4);
            for label in Label::ALL {
                c.int(stats.count(label));
            }
            table.write(c)?;
        }
        let reports = [open.reviews, open.mentions, open.errors, table];
        for report in reports.into_iter().chain(open.sentences) {
            report.persist(&self.dir)?;
        }
        Ok(())
    }
}

impl Report {
    fn open(dir: &Path, name: &'static str, options: CsvOptions) -> Result<Report> {
        let write_err = |source| Error::Write {
            path: dir.join(name),
            source,
        };
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            // Reports are ordinary files (rw-r--r-- before the umask), not private temp files.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o644));
        }
        let mut file = builder.tempfile_in(dir).map_err(write_err)?;
        if options.bom {
            file.write_all("\u{FEFF}".as_bytes()).map_err(write_err)?;
        }
        let writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .buffer_capacity(1 << 16)
            .from_writer(file);
        let mut report = Report { name, writer };
        let mut cells = Cells {
            defuse: false,
            ..Cells::default()
        };
        for column in header(name) {
            cells.text(column);
        }
        report.write(&cells)?;
        Ok(report)
    }

    fn write(&mut self, cells: &Cells) -> Result<()> {
        let name = self.name;
        let fields = cells.ends.iter().scan(0, |start, &end| {
            let cell = &cells.buf[*start..end];
            *start = end;
            Some(cell)
        });
        self.writer
            .write_record(fields)
            .map_err(|e| csv_write_error(name, e))
    }

    fn persist(self, dir: &Path) -> Result<()> {
        let path = dir.join(self.name);
        let file = self.writer.into_inner().map_err(|e| Error::Write {
            path: path.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        file.as_file().sync_all().map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        file.persist(&path).map_err(|e| Error::Write {
            path,
            source: e.error,
        })?;
        Ok(())
    }
}

fn csv_write_error(name: &str, e: ::csv::Error) -> Error {
    let source = match e.into_kind() {
        ::csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    };
    Error::Write {
        path: PathBuf::from(name),
        source,
    }
}

impl ReportSink for CsvReports {
    fn review(&mut self, a: &Analysis) -> Result<()> {
        let id = a.doc.id.as_str();
        let (open, c) = self.reports()?;
        c.clear();
        c.text(id);
        c.text(&a.doc.source);
        c.int(a.chars as u64);
        c.int(a.words as u64);
        c.int(a.sentences.len() as u64);
        c.fixed(a.review.polarity.compound, 4);
        c.text(a.review.label.as_str());
        c.fixed(a.review.polarity.positive, 3);
        c.fixed(a.review.polarity.negative, 3);
        c.fixed(a.review.polarity.neutral, 3);
        c.int(a.mentions.len() as u64);
        c.text(a.encoding.as_str());
        open.reviews.write(c)?;

        for m in &a.mentions {
            c.clear();
            c.text(id);
            c.text(m.mention.kind.as_str());
            c.text(&m.mention.name);
            c.text(m.mention.span.of(&a.doc.text));
            c.int(m.start as u64);
            c.int(m.end as u64);
            c.int(u64::from(m.mention.sentence) + 1);
            c.text(&m.mention.role);
            c.fixed(m.compound, 4);
            c.text(m.label.as_str());
            open.mentions.write(c)?;
        }

        if let Some(sentences) = &mut open.sentences {
            for (i, s) in a.sentences.iter().enumerate() {
                c.clear();
                c.text(id);
                c.int(i as u64 + 1);
                c.int(s.start as u64);
                c.int(s.end as u64);
                c.fixed(s.scored.polarity.compound, 4);
                c.text(s.scored.label.as_str());
                c.text(s.span.of(&a.doc.text));
                sentences.write(c)?;
            }
        }
        Ok(())
    }

    fn error(&mut self, source: &str, error: &Error) -> Result<()> {
        let (open, c) = self.reports()?;
        c.clear();
        c.text(source);
        c.text(&error.to_string());
        open.errors.write(c)
    }

    fn finish(&mut self, entities: &EntityTable, _totals: &Totals) -> Result<()> {
        self.persist(entities)
    }
}

/// One row's cells, formatted into a single reused buffer.
#[derive(Debug)]
struct Cells {
    buf: String,
    ends: Vec<usize>,
    defuse: bool,
}

impl Default for Cells {
    fn default() -> Cells {
        Cells {
            buf: String::with_capacity(256),
            ends: Vec::with_capacity(16),
            defuse: true,
        }
    }
}

impl Cells {
    fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
    }

    fn end(&mut self) {
        self.ends.push(self.buf.len());
    }

    /// A text cell, defused when a spreadsheet would run it as a formula.
    fn text(&mut self, s: &str) {
        if self.defuse && is_formula_like(s) {
            self.buf.push('\'');
        }
        self.buf.push_str(s);
        self.end();
    }

    fn int(&mut self, n: u64) {
        let _ = write!(self.buf, "{n}");
        self.end();
    }

    /// A number with `decimals` digits after the point; never negative zero, never NaN.
    fn fixed(&mut self, x: f64, decimals: usize) {
        let x = if x.is_finite() { x } else { 0.0 };
        if push_fixed_fast(&mut self.buf, x, decimals) {
            self.end();
            return;
        }
        let start = self.buf.len();
        let _ = write!(self.buf, "{x:.decimals$}");
        if self.buf[start..].starts_with('-')
            && self.buf[start + 1..]
                .bytes()
                .all(|b| b == b'0' || b == b'.')
        {
            self.buf.remove(start);
        }
        self.end();
    }
}

/// True when a spreadsheet would treat a cell starting like `s` as a formula.
pub fn is_formula_like(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Powers of ten for [`push_fixed_fast`].
const POW10: [u64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/// Writes `x` with `decimals` digits after the point exactly as `format!("{x:.decimals$}")`
/// would, without negative zero, when that is cheap to get right: `x` not huge and not within
/// a millionth of a rounding tie (`{:.N}` rounds the exact binary value; so does this away
/// from ties). Returns false, writing nothing, otherwise.
fn push_fixed_fast(buf: &mut String, x: f64, decimals: usize) -> bool {
    let Some(&scale) = POW10.get(decimals) else {
        return false;
    };
    let y = x.abs() * scale as f64;
    if y >= 1e15 {
        return false;
    }
    let frac = y - y.floor();
    if (frac - 0.5).abs() < 1e-6 {
        return false;
    }
    let n = y.round() as u64;
    if x < 0.0 && n != 0 {
        buf.push('-');
    }
    let mut digits = itoa_buf(n / scale);
    buf.push_str(digits.as_str());
    if decimals > 0 {
        buf.push('.');
        digits = itoa_buf(n % scale);
        for _ in digits.as_str().len()..decimals {
            buf.push('0');
        }
        buf.push_str(digits.as_str());
    }
    true
}

/// The decimal digits of `n`, on the stack.
struct Digits {
    buf: [u8; 20],
    start: usize,
}

impl Digits {
    fn as_str(&self) -> &str {
        // Only ASCII digits are written.
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or("0")
    }
}

fn itoa_buf(mut n: u64) -> Digits {
    let mut d = Digits {
        buf: [0; 20],
        start: 20,
    };
    loop {
        d.start -= 1;
        d.buf[d.start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return d;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(f: impl FnOnce(&mut Cells)) -> Vec<String> {
        let mut cells = Cells::default();
        f(&mut cells);
        let mut start = 0;
        cells
            .ends
            .iter()
            .map(|&end| {
                let s = cells.buf[start..end].to_string();
                start = end;
                s
            })
            .collect()
    }

    #[test]
    fn formula_like_cells_are_defused() {
        let table = [
            ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
            ("+1", "'+1"),
            ("-rated", "'-rated"),
            ("@home", "'@home"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Soundtrack", "Soundtrack"),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (input, expected) in table {
            assert_eq!(row(|c| c.text(input)), [expected], "{input:?}");
        }
    }

    #[test]
    fn defusing_can_be_turned_off() {
        assert_eq!(
            row(|c| {
                c.defuse = false;
                c.text("=1")
            }),
            ["=1"]
        );
    }

    #[test]
    fn numbers_have_fixed_decimals_and_no_negative_zero() {
        let table = [
            (0.5, 4, "0.5000"),
            (-0.00001, 4, "0.0000"),
            (-0.25, 3, "-0.250"),
            (f64::NAN, 4, "0.0000"),
            (1.0, 3, "1.000"),
        ];
        for (x, decimals, expected) in table {
            assert_eq!(row(|c| c.fixed(x, decimals)), [expected], "{x}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_fixed_formatting_matches_the_standard_library(
            x in proptest::prop_oneof![-2.0f64..2.0, -1e7f64..1e7, proptest::num::f64::NORMAL],
            decimals in 0usize..=6,
        ) {
            let mut fast = String::new();
            if push_fixed_fast(&mut fast, x, decimals) {
                let mut std = format!("{x:.decimals$}");
                if std.starts_with('-') && std[1..].bytes().all(|b| b == b'0' || b == b'.') {
                    std.remove(0);
                }
                proptest::prop_assert_eq!(fast, std);
            }
        }
    }

    #[test]
    fn fast_fixed_formatting_of_exact_values() {
        for (x, decimals, expected) in [
            (0.0, 4, "0.0000"),
            (-0.0, 4, "0.0000"),
            (0.12345678, 4, "0.1235"),
            (-0.99996, 4, "-1.0000"),
            (12.5, 0, "12"),
            (0.1, 3, "0.100"),
            (-7.25e-5, 4, "-0.0001"),
        ] {
            let mut s = String::new();
            let exact = format!("{x:.decimals$}");
            if push_fixed_fast(&mut s, x, decimals) {
                assert_eq!(s, expected, "{x}");
            } else {
                // A tie: the caller falls back to the standard library.
                assert!(
                    exact.trim_start_matches('-') == expected.trim_start_matches('-'),
                    "{x}"
                );
            }
        }
    }
}
