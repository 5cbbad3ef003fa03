//! Python bindings of reviewlens: `reviewlens._reviewlens`, wrapped by the pure-Python package
//! `reviewlens` (python/reviewlens), which adds pandas DataFrames.
//!
//! Invariants:
//! - the tables hold exactly the rows and values of the CLI's CSV reports for the same texts
//!   and ids: each row is written by the library's own row functions (`report::rows`), numbers
//!   rounded as the CSV writes them, empty cells as `None`;
//! - the GIL is released while the reviews are analyzed (rayon, all cores or `jobs`);
//! - a bad argument is a Python exception; a row that is not a string is a row of the errors
//!   table, and the other rows are analyzed.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use reviewlens::aggregate::EntityTable;
use reviewlens::batch::analyze_docs;
use reviewlens::entity::{EntityExtractor, Gazetteer};
use reviewlens::pipeline::{Encoding, Scratch};
use reviewlens::report::rows::{self, Cells, Kind, Report};
use reviewlens::sentiment::{Params, Scorer};
use reviewlens::tokenize::Tokenizer;
use reviewlens::{Analysis, Doc, Pipeline};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A column of a table: text cells as indices into the table's distinct strings (`None` for an
/// empty cell), numbers as native arrays (NaN for an empty decimal cell).
enum Column {
    Text(Vec<Option<u32>>),
    Int(Vec<i64>),
    Float(Vec<f64>),
}

/// A report's table, column by column, filled row by row through [`Cells`] without the GIL;
/// each distinct string becomes one Python object, shared by every cell that holds it.
struct Table {
    names: Vec<String>,
    columns: Vec<Column>,
    strings: Vec<String>,
    index: HashMap<String, u32, BuildHasherDefault<Fnv>>,
    at: usize,
}

/// FNV-1a: the interned strings are short (ids, names, labels), where it beats SipHash.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

impl Table {
    fn new(report: Report) -> Table {
        let (names, columns) = report
            .columns(&[])
            .into_iter()
            .map(|c| {
                let column = match c.kind {
                    Kind::Text => Column::Text(Vec::new()),
                    Kind::Int => Column::Int(Vec::new()),
                    Kind::Decimal(_) => Column::Float(Vec::new()),
                };
                (c.name, column)
            })
            .unzip();
        Table {
            names,
            columns,
            strings: Vec::new(),
            index: HashMap::default(),
            at: 0,
        }
    }

    /// Starts a row.
    fn row(&mut self) -> &mut Table {
        self.at = 0;
        self
    }

    /// The next cell's column.
    fn next(&mut self) -> &mut Column {
        self.at += 1;
        &mut self.columns[self.at - 1]
    }

    fn push_text(&mut self, text: &str) {
        let id = match self.index.get(text) {
            Some(&id) => id,
            None => {
                let id = self.strings.len() as u32;
                self.strings.push(text.to_string());
                self.index.insert(text.to_string(), id);
                id
            }
        };
        match self.next() {
            Column::Text(cells) => cells.push(Some(id)),
            _ => unreachable!("the row functions write text in text columns"),
        }
    }

    /// The table as a dict of column name to values, in column order: a list of strings (or
    /// `None`) for text, and for numbers a pair of a type code (`q` for 64-bit integers, `d`
    /// for doubles, as Python's `array` module spells them) and the native-endian bytes.
    fn into_py<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        let strings: Vec<Bound<'py, PyString>> =
            self.strings.iter().map(|s| PyString::new(py, s)).collect();
        for (name, column) in self.names.into_iter().zip(self.columns) {
            match column {
                Column::Text(cells) => {
                    let none = py.None().into_bound(py);
                    let list = PyList::new(
                        py,
                        cells.iter().map(|cell| match cell {
                            Some(id) => strings[*id as usize].as_any(),
                            None => &none,
                        }),
                    )?;
                    dict.set_item(name, list)?;
                }
                Column::Int(cells) => {
                    let bytes: Vec<u8> = cells.iter().flat_map(|v| v.to_ne_bytes()).collect();
                    dict.set_item(name, ("q", PyBytes::new(py, &bytes)))?;
                }
                Column::Float(cells) => {
                    let bytes: Vec<u8> = cells.iter().flat_map(|v| v.to_ne_bytes()).collect();
                    dict.set_item(name, ("d", PyBytes::new(py, &bytes)))?;
                }
            }
        }
        Ok(dict)
    }
}

impl Cells for Table {
    type Id = str;
    fn id(&mut self, id: &str) {
        self.push_text(id);
    }
    fn text(&mut self, text: &str) {
        self.push_text(text);
    }
    fn text_bytes(&mut self, text: &[u8]) {
        self.push_text(&String::from_utf8_lossy(text));
    }
    fn word(&mut self, word: &'static str) {
        self.push_text(word);
    }
    fn int(&mut self, n: u64) {
        match self.next() {
            Column::Int(cells) => cells.push(n as i64),
            _ => unreachable!("the row functions write whole numbers in int columns"),
        }
    }
    fn fixed(&mut self, x: f64, decimals: usize) {
        match self.next() {
            Column::Float(cells) => cells.push(rows::rounded(x, decimals)),
            _ => unreachable!("the row functions write decimals in decimal columns"),
        }
    }
    fn empty(&mut self) {
        match self.next() {
            Column::Text(cells) => cells.push(None),
            Column::Float(cells) => cells.push(f64::NAN),
            Column::Int(cells) => cells.push(0),
        }
    }
}

/// The default pipeline, built once.
fn default_pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(Pipeline::new)
}

/// A pipeline with the user's gazetteer and lexicon files, as the CLI's `--gazetteer` and
/// `--lexicon` build it.
fn pipeline_with(gazetteer: &[PathBuf], lexicon: &[PathBuf]) -> PyResult<Pipeline> {
    let bad = |e: reviewlens::Error| PyValueError::new_err(e.to_string());
    let extractor = if gazetteer.is_empty() {
        EntityExtractor::new()
    } else {
        EntityExtractor::with_gazetteer(Gazetteer::from_paths(gazetteer).map_err(bad)?)
    };
    let scorer = Scorer::with_lexicon_files(Params::default(), lexicon).map_err(bad)?;
    Ok(Pipeline::from_stages(Tokenizer::new(), extractor, scorer))
}

/// One path or a list of paths.
fn paths(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(one) = value.extract::<PathBuf>() {
        return Ok(vec![one]);
    }
    value
        .extract::<Vec<PathBuf>>()
        .map_err(|_| PyTypeError::new_err("expected a path or a list of paths"))
}

/// Analyzes the texts; returns the reviews, mentions, entities and errors tables, each a dict
/// of column name to values (the CSV reports' columns, in their order; see [`Table::into_py`]),
/// and `mentions_unrounded`, each mention's compound before rounding (for Spark's entities).
#[pyfunction]
#[pyo3(signature = (texts, ids=None, *, jobs=None, gazetteer=None, lexicon=None))]
fn analyze<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    ids: Option<&Bound<'py, PyAny>>,
    jobs: Option<usize>,
    gazetteer: Option<&Bound<'py, PyAny>>,
    lexicon: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be a list of strings, not one string (use [text])",
        ));
    }
    let items: Vec<Bound<'py, PyAny>> = texts
        .try_iter()
        .map_err(|_| PyTypeError::new_err("texts must be an iterable of strings"))?
        .collect::<PyResult<_>>()?;
    let ids: Option<Vec<String>> = match ids.filter(|v| !v.is_none()) {
        None => None,
        Some(ids) => Some(
            ids.try_iter()
                .map_err(|_| PyTypeError::new_err("ids must be an iterable"))?
                .map(|id| id.and_then(|id| Ok(id.str()?.to_string())))
                .collect::<PyResult<_>>()?,
        ),
    };
    if let Some(ids) = &ids {
        if ids.len() != items.len() {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} texts",
                ids.len(),
                items.len()
            )));
        }
    }
    if jobs == Some(0) {
        return Err(PyValueError::new_err(
            "jobs must be at least 1 (None: all cores)",
        ));
    }
    let (gazetteer, lexicon) = (paths(gazetteer)?, paths(lexicon)?);
    let custom = if gazetteer.is_empty() && lexicon.is_empty() {
        None
    } else {
        Some(pipeline_with(&gazetteer, &lexicon)?)
    };
    let mut docs = Vec::with_capacity(items.len());
    let mut errors = Table::new(Report::Errors);
    for (n, item) in items.iter().enumerate() {
        let id = ids
            .as_ref()
            .map_or_else(|| n.to_string(), |ids| ids[n].clone());
        match item.extract::<String>() {
            Ok(text) => docs.push(Doc::new(id.clone(), id, text)),
            Err(_) => {
                let type_name = item.get_type().name()?.to_string();
                let message = format!("not a string ({type_name})");
                rows::error(errors.row(), &format!("{id} (row {n})"), &message);
            }
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let tables = py.detach(|| {
        let pipeline = custom.as_ref().unwrap_or_else(|| default_pipeline());
        // Chunks: the rows of one chunk are written while the next is analyzed, as the CLI's
        // report writer does, and a chunk's analyses are dropped once written.
        let mut tables = Tables::new();
        let mut docs = docs.into_iter();
        let mut pending: Vec<Analysis> = Vec::new();
        loop {
            let chunk: Vec<Doc> = docs.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let (analyzed, ()) = pool
                .install(|| rayon::join(|| analyze_docs(pipeline, chunk), || tables.add(&pending)));
            pending = analyzed;
        }
        tables.add(&pending);
        tables.finish()
    });
    let out = PyDict::new(py);
    let ([reviews, mentions, entities], unrounded) = tables;
    let bytes: Vec<u8> = unrounded.iter().flat_map(|v| v.to_ne_bytes()).collect();
    out.set_item("mentions_unrounded", ("d", PyBytes::new(py, &bytes)))?;
    for (name, table) in [
        ("reviews", reviews),
        ("mentions", mentions),
        ("entities", entities),
        ("errors", errors),
    ] {
        out.set_item(name, table.into_py(py)?)?;
    }
    Ok(out)
}

/// Reviews analyzed in one chunk.
const CHUNK: usize = 2048;

/// The reviews, mentions and entities tables, filled with analyses in input order.
struct Tables {
    reviews: Table,
    mentions: Table,
    /// Each mention's compound before rounding (the entities' means are summed from these).
    unrounded: Vec<f64>,
    entities: EntityTable,
}

impl Tables {
    fn new() -> Tables {
        Tables {
            reviews: Table::new(Report::Reviews),
            mentions: Table::new(Report::Mentions),
            unrounded: Vec::new(),
            entities: EntityTable::new(),
        }
    }

    fn add(&mut self, analyses: &[Analysis]) {
        for a in analyses {
            rows::review(self.reviews.row(), &a.doc.id, a, 0);
            for m in &a.mentions {
                rows::mention(self.mentions.row(), &a.doc.id, a, m);
                self.unrounded.push(m.compound);
            }
            self.entities.add_review(a);
        }
    }

    fn finish(self) -> ([Table; 3], Vec<f64>) {
        let mut entities = Table::new(Report::Entities);
        for (kind, name, stats) in self.entities.iter() {
            rows::entity(entities.row(), kind, name, stats);
        }
        ([self.reviews, self.mentions, entities], self.unrounded)
    }
}

/// Analyzes one text with the default pipeline.
fn analyze_one(text: &str) -> Analysis {
    default_pipeline().analyze(
        Doc::new("text", "text", text),
        Encoding::Utf8,
        &mut Scratch::new(),
    )
}

/// The review scores of one text, as VADER's `polarity_scores` gives them (`neg`, `neu`, `pos`,
/// `compound`), with reviewlens's `label` and `verdict_confidence`.
#[pyfunction]
fn score<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
    let a = py.detach(|| analyze_one(text));
    let p = a.review.polarity;
    let out = PyDict::new(py);
    out.set_item("neg", p.negative)?;
    out.set_item("neu", p.neutral)?;
    out.set_item("pos", p.positive)?;
    out.set_item("compound", p.compound)?;
    out.set_item("label", a.review.label.as_str())?;
    out.set_item("verdict_confidence", a.confidence)?;
    Ok(out)
}

/// Why one text got its scores: its sentences (text, compound, label), its mentions (kind, name,
/// surface, role, compound, label, and what decided the compound: the rule `from` that read the
/// words `from_words` and gave `rule_compound`, and `p_positive`, the attitude model's
/// probability of a positive attitude where it decided, else None) and the review's verdict and
/// why.
#[pyfunction]
fn explain<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
    let a = py.detach(|| analyze_one(text));
    let sentences = PyList::empty(py);
    for s in &a.sentences {
        let d = PyDict::new(py);
        d.set_item("text", s.span.of(&a.doc.text))?;
        d.set_item("compound", s.compound)?;
        d.set_item("label", s.label.as_str())?;
        sentences.append(d)?;
    }
    let attitudes = py.detach(|| {
        let found: Vec<_> = a.mentions.iter().map(|m| m.mention.clone()).collect();
        default_pipeline().mention_attitudes(&a.doc.text, &found)
    });
    let mentions = PyList::empty(py);
    for (m, attitude) in a.mentions.iter().zip(&attitudes) {
        let basis = &attitude.basis;
        let d = PyDict::new(py);
        d.set_item("kind", m.mention.kind.as_str())?;
        d.set_item("name", &*m.mention.name)?;
        d.set_item("surface", m.mention.span.of(&a.doc.text))?;
        d.set_item("role", &*m.mention.role)?;
        d.set_item("compound", m.compound)?;
        d.set_item("label", m.label.as_str())?;
        d.set_item("from", basis.rule.describe())?;
        d.set_item("from_words", basis.words_of(&a.doc.text))?;
        d.set_item("rule_compound", attitude.rule_compound)?;
        d.set_item(
            "p_positive",
            attitude.model.as_ref().map(|decision| decision.p_positive),
        )?;
        mentions.append(d)?;
    }
    let p = a.review.polarity;
    let review = PyDict::new(py);
    review.set_item("compound", p.compound)?;
    review.set_item("label", a.review.label.as_str())?;
    review.set_item("label_basis", a.basis.describe())?;
    review.set_item("verdict_confidence", a.confidence)?;
    review.set_item("positive", p.positive)?;
    review.set_item("negative", p.negative)?;
    review.set_item("neutral", p.neutral)?;
    review.set_item("rating", a.rating.map(|r| r.share))?;
    let out = PyDict::new(py);
    out.set_item("sentences", sentences)?;
    out.set_item("mentions", mentions)?;
    out.set_item("review", review)?;
    Ok(out)
}

#[pymodule]
fn _reviewlens(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(score, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
