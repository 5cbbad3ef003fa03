//! Reports: where analyses go.
//!
//! The batch runner pushes results into a [`ReportSink`] in input order, like ripgrep's
//! searcher pushes matches into its `Sink`. [`CsvReports`] writes the CSV files of the output
//! folder; [`MemorySink`] collects everything for tests. Sinks never analyze; they only format.

mod csv;
pub mod publish;

pub use self::csv::{CsvOptions, CsvReports, HEADERS};
pub use self::publish::OutputDir;

use crate::aggregate::{EntityTable, Totals};
use crate::error::{Error, Result};
use crate::pipeline::Analysis;

/// The report a table's header row (its column names, trimmed) shows it to be, if it is one of
/// reviewlens' own: an earlier run's output, never read as reviews.
pub fn report_named_by(columns: &[String]) -> Option<&'static str> {
    HEADERS.iter().find_map(|(name, header)| {
        let same = header.len() == columns.len() && header.iter().zip(columns).all(|(a, b)| a == b);
        same.then_some(*name)
    })
}

/// Receives the results of a run, in input order.
pub trait ReportSink {
    /// One review was analyzed.
    fn review(&mut self, analysis: &Analysis) -> Result<()>;

    /// One input (a file or a table row) could not be analyzed.
    fn error(&mut self, source: &str, error: &Error) -> Result<()>;

    /// One input was not read (not a review by its extension, an earlier run's report).
    fn skipped(&mut self, source: &str, skip: &crate::batch::Skip) -> Result<()> {
        let _ = (source, skip);
        Ok(())
    }

    /// The run is over: corpus-level aggregates. Called once, last.
    fn finish(&mut self, entities: &EntityTable, totals: &Totals) -> Result<()> {
        let _ = (entities, totals);
        Ok(())
    }
}

/// A sink that keeps everything in memory, for tests and library users.
#[derive(Debug, Default)]
pub struct MemorySink {
    /// Every analysis, in input order.
    pub reviews: Vec<Analysis>,
    /// Every error as (source, message), in input order.
    pub errors: Vec<(String, String)>,
    /// The aggregates given to `finish`.
    pub entities: EntityTable,
    /// The totals given to `finish`.
    pub totals: Totals,
    /// Whether `finish` was called.
    pub finished: bool,
}

impl ReportSink for MemorySink {
    fn review(&mut self, analysis: &Analysis) -> Result<()> {
        self.reviews.push(analysis.clone());
        Ok(())
    }

    fn error(&mut self, source: &str, error: &Error) -> Result<()> {
        self.errors.push((source.to_string(), error.to_string()));
        Ok(())
    }

    fn finish(&mut self, entities: &EntityTable, totals: &Totals) -> Result<()> {
        self.entities = entities.clone();
        self.totals = *totals;
        self.finished = true;
        Ok(())
    }
}
