//! reviewlens turns reviews of TV shows, films and music into spreadsheet-ready CSV: who and what
//! each review talks about, and how it feels about them.
//!
//! One document flows through ordered stages, each a plain struct built once and pure over a
//! document: [`read`] → [`tokenize`] → [`entity`] → [`sentiment`] → [`aggregate`] → [`report`].
//! [`pipeline::Pipeline`] chains the per-document stages; [`batch`] finds inputs and runs
//! documents in parallel (the only place with threads); reports go through the
//! [`report::ReportSink`] trait.
//!
//! ```
//! use reviewlens::{Doc, pipeline::{Encoding, Pipeline, Scratch}};
//! let pipeline = Pipeline::new();
//! let doc = Doc::new("r1", "inline", "A warm, funny show. I loved every minute.");
//! let analysis = pipeline.analyze(doc, Encoding::Utf8, &mut Scratch::new());
//! assert_eq!(analysis.sentences.len(), 2);
//! ```

pub mod aggregate;
pub(crate) mod ascii;
pub mod batch;
pub mod doc;
pub mod entity;
pub mod error;
pub mod escape;
pub mod eval;
pub(crate) mod hash;
pub mod pipeline;
pub(crate) mod portable;
pub mod read;
pub mod report;
pub(crate) mod scratch;
pub mod sentiment;
pub mod synth;
pub mod tokenize;

pub use doc::{Doc, Span};
pub use error::{Error, Result};
pub use pipeline::{Analysis, Pipeline};
