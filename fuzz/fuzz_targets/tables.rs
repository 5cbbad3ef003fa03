//! Any bytes as a CSV table and as a JSONL file: no panic; every row is either a document or
//! an error naming the file and line it comes from; the documents are analyzed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reviewlens::pipeline::{Pipeline, Scratch};
use reviewlens::read::{Columns, CsvRows, JsonlRows, Row};
use std::io::Cursor;
use std::sync::OnceLock;

static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

/// Analyzes the first rows, checking that each says where it comes from.
fn drain(rows: impl Iterator<Item = Row>, file: &str, scratch: &mut Scratch) {
    let pipeline = PIPELINE.get_or_init(Pipeline::new);
    let prefix = format!("{file}:");
    for row in rows.take(64) {
        match row {
            Ok((doc, encoding)) => {
                assert!(doc.source.starts_with(&prefix), "source {:?}", doc.source);
                let _ = pipeline.analyze(doc, encoding, scratch);
            }
            Err((source, error)) => {
                assert!(source.starts_with(&prefix), "source {source:?} of {error}");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let columns = Columns::default();
    let mut scratch = Scratch::new();
    let csv = Cursor::new(data.to_vec());
    if let Ok(rows) = CsvRows::from_reader(Box::new(csv), "fuzz.csv".into(), &columns) {
        drain(rows, "fuzz.csv", &mut scratch);
    }
    let jsonl = Cursor::new(data.to_vec());
    let rows = JsonlRows::from_reader(Box::new(jsonl), "fuzz.jsonl".into(), &columns);
    drain(rows, "fuzz.jsonl", &mut scratch);
});
