//! Reads a folder of CSV reports (written by `analyze`, or by the Spark job) into a
//! [`PageBuilder`].
//!
//! Invariants:
//! - columns are found by name, so kept input columns and the columns later versions add do
//!   not matter; a missing column the page needs is an error naming the file and the column;
//! - a cell the writer defused (`'` before `=`, `+`, `-`, `@`, a tab or a CR) is read back as
//!   it was before, and a UTF-8 byte-order mark (`--bom`) is ignored (a run with
//!   `--no-defuse` whose id really starts with `'=` would lose that `'`: the files do not say
//!   whether they were defused);
//! - a malformed row is an error naming the file and its line; nothing is guessed.

use super::{EntityFacts, PageBuilder, ReviewFacts};
use crate::entity::MentionKind;
use crate::error::{Error, Result};
use crate::sentiment::Label;
use std::path::{Path, PathBuf};

/// The reports the page reads, and whether it needs them.
pub const READ: [(&str, bool); 4] = [
    ("reviews.csv", true),
    ("entities.csv", false),
    ("mentions.csv", false),
    ("errors.csv", false),
];

/// A cell as it was before the CSV writer defused it (a `'` before what would start a
/// formula).
fn undefused(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if crate::report::csv::starts_like_formula(rest.as_bytes()) => rest,
        _ => cell,
    }
}

/// One CSV report being read: its rows, and where its columns are.
struct Table {
    path: PathBuf,
    reader: csv::Reader<std::fs::File>,
    header: Vec<String>,
    record: csv::StringRecord,
}

impl Table {
    fn open(path: PathBuf) -> Result<Table> {
        let file = std::fs::File::open(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(file);
        let header = reader
            .headers()
            .map_err(|e| data(&path, 1, &e))?
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = if i == 0 {
                    h.trim_start_matches('\u{feff}')
                } else {
                    h
                };
                h.trim().to_string()
            })
            .collect();
        Ok(Table {
            path,
            reader,
            header,
            record: csv::StringRecord::new(),
        })
    }

    /// Where `name` is, or an error naming the file and its columns.
    fn column(&self, name: &str) -> Result<usize> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::Data {
                path: self.path.clone(),
                line: 1,
                message: format!(
                    "no column named {name:?} (its columns: {})",
                    self.header.join(", ")
                ),
            })
    }

    /// The next row, if any.
    fn next(&mut self) -> Result<bool> {
        match self.reader.read_record(&mut self.record) {
            Ok(more) => Ok(more),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                Err(data(&self.path, line, &e))
            }
        }
    }

    fn line(&self) -> usize {
        self.record.position().map_or(0, |p| p.line() as usize)
    }

    fn text(&self, column: usize) -> &str {
        undefused(self.record.get(column).unwrap_or(""))
    }

    fn parsed<T: std::str::FromStr>(&self, column: usize, what: &str) -> Result<T> {
        let cell = self.record.get(column).unwrap_or("").trim();
        cell.parse().map_err(|_| self.bad(what, cell))
    }

    /// A score: a finite number (NaN would unsettle every ordering of the lists).
    fn score(&self, column: usize, what: &str) -> Result<f64> {
        let x: f64 = self.parsed(column, what)?;
        if x.is_finite() {
            Ok(x)
        } else {
            Err(self.bad(what, self.record.get(column).unwrap_or("")))
        }
    }

    fn bad(&self, what: &str, cell: &str) -> Error {
        Error::Data {
            path: self.path.clone(),
            line: self.line(),
            message: format!("{what} {cell:?} is not valid"),
        }
    }

    fn label(&self, column: usize) -> Result<Label> {
        let cell = self.text(column);
        Label::ALL
            .into_iter()
            .find(|l| l.as_str() == cell)
            .ok_or_else(|| self.bad("label", cell))
    }

    fn kind(&self, column: usize) -> Result<MentionKind> {
        let cell = self.text(column);
        MentionKind::parse(cell).ok_or_else(|| self.bad("kind", cell))
    }
}

fn data(path: &Path, line: usize, e: &csv::Error) -> Error {
    Error::Data {
        path: path.to_path_buf(),
        line,
        message: e.to_string(),
    }
}

/// Reads the reports in `dir` into `page`, reviews in file order. Returns the optional
/// reports that are missing.
pub fn read(dir: &Path, page: &mut PageBuilder<()>) -> Result<Vec<&'static str>> {
    let mut missing = Vec::new();
    for (name, required) in READ {
        let path = dir.join(name);
        if !path.is_file() {
            if required {
                return Err(Error::Read {
                    path,
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "no reviews report here (run `reviewlens analyze` into this folder first)",
                    ),
                });
            }
            missing.push(name);
            continue;
        }
        let mut t = Table::open(path)?;
        match name {
            "reviews.csv" => {
                let c = [
                    t.column("review_id")?,
                    t.column("source")?,
                    t.column("words")?,
                    t.column("compound")?,
                    t.column("label")?,
                ];
                while t.next()? {
                    let facts = ReviewFacts {
                        id: t.text(c[0]).to_string(),
                        source: t.text(c[1]).to_string(),
                        words: t.parsed(c[2], "words")?,
                        compound: t.score(c[3], "compound")?,
                        label: t.label(c[4])?,
                    };
                    page.review(&facts, || ());
                }
            }
            "entities.csv" => {
                let c = [
                    t.column("kind")?,
                    t.column("name")?,
                    t.column("reviews")?,
                    t.column("mentions")?,
                    t.column("mean_compound")?,
                    t.column("positive")?,
                    t.column("negative")?,
                    t.column("mixed")?,
                    t.column("neutral")?,
                ];
                while t.next()? {
                    page.entity(EntityFacts {
                        kind: t.kind(c[0])?,
                        name: t.text(c[1]).to_string(),
                        reviews: t.parsed(c[2], "reviews")?,
                        mentions: t.parsed(c[3], "mentions")?,
                        mean_compound: t.score(c[4], "mean_compound")?,
                        labels: [
                            t.parsed(c[5], "positive")?,
                            t.parsed(c[6], "negative")?,
                            t.parsed(c[7], "mixed")?,
                            t.parsed(c[8], "neutral")?,
                        ],
                    });
                }
            }
            "mentions.csv" => {
                let c = [t.column("kind")?, t.column("name")?, t.column("role")?];
                while t.next()? {
                    let kind = t.kind(c[0])?;
                    page.mention(kind, t.text(c[1]), t.text(c[2]));
                }
            }
            _ => {
                let c = [t.column("source")?, t.column("error")?];
                while t.next()? {
                    page.error(t.text(c[0]), t.text(c[1]));
                }
            }
        }
    }
    Ok(missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defused_cells_read_back_as_written() {
        assert_eq!(undefused("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(undefused("'-5"), "-5");
        assert_eq!(undefused("'quoted'"), "'quoted'");
        assert_eq!(undefused("plain"), "plain");
        assert_eq!(undefused("'"), "'");
    }

    /// The error of reading a folder whose reviews.csv is `reviews`.
    fn error_reading(dir: &Path, reviews: &str) -> String {
        std::fs::write(dir.join("reviews.csv"), reviews).unwrap();
        read(dir, &mut PageBuilder::new()).unwrap_err().to_string()
    }

    #[test]
    fn a_missing_column_or_a_bad_value_names_the_file_and_line() {
        let tmp = tempfile::tempdir().unwrap();
        let text = error_reading(tmp.path(), "review_id,source\nr1,a.txt\n");
        assert!(
            text.contains("reviews.csv") && text.contains("\"words\""),
            "{text}"
        );
        let text = error_reading(
            tmp.path(),
            "\u{feff}review_id,source,words,compound,label\nr1,a.txt,12,0.5,positive\nr2,b.txt,x,0.1,positive\n",
        );
        assert!(
            text.contains("reviews.csv:3") && text.contains("\"x\""),
            "{text}"
        );
        let text = error_reading(
            tmp.path(),
            "review_id,source,words,compound,label\nr1,a.txt,12,NaN,positive\n",
        );
        assert!(text.contains("compound \"NaN\""), "{text}");
        let text = match read(
            tmp.path().join("nowhere").as_path(),
            &mut PageBuilder::new(),
        ) {
            Err(e) => e.to_string(),
            Ok(_) => String::new(),
        };
        assert!(text.contains("no reviews report"), "{text}");
    }
}
