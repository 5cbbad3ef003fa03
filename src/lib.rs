//! reviewlens turns reviews of TV shows, films and music into spreadsheet-ready CSV: who and what
//! each review talks about, and how it feels about them.
//!
//! One document flows through ordered stages, each a plain struct built once and pure over a
//! document: [`tokenize`] → [`entity`] → [`sentiment`] → [`aggregate`] → [`report`].
//! [`pipeline::Pipeline`] chains them; [`batch`] reads inputs and runs documents in parallel
//! (the only place with threads); reports go through the [`report::ReportSink`] trait.

pub mod doc;
pub mod entity;
pub mod error;
pub mod sentiment;
pub mod tokenize;

pub use doc::{Doc, Span};
pub use error::{Error, Result};
