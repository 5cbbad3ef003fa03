//! Any bytes as a CSV table and as a JSONL file, with the default size limit and a tiny one: no
//! panic and no hang; every row is either a document or an error naming the file and a line
//! that exists, lines never go back, no review is over the limit (as read), and no id holds a control
//! character. The documents are analyzed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reviewlens::pipeline::{Pipeline, Scratch};
use reviewlens::read::{CsvRows, JsonlRows, ReadOptions, Row};
use std::io::Cursor;
use std::sync::OnceLock;

static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

/// Physical lines of the text the bytes stand for (LF, CR and CRLF end one line each), UTF-16
/// decoded first when they start with its byte-order mark.
fn lines(data: &[u8]) -> u64 {
    let units = |little: bool| {
        data[2..]
            .chunks(2)
            .map(move |p| {
                let pair = [p[0], *p.get(1).unwrap_or(&0)];
                if little {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect::<Vec<u16>>()
    };
    let text: Vec<u8> = match data {
        [0xFF, 0xFE, ..] => String::from_utf16_lossy(&units(true)).into_bytes(),
        [0xFE, 0xFF, ..] => String::from_utf16_lossy(&units(false)).into_bytes(),
        _ => data.to_vec(),
    };
    let mut n = 1;
    for (i, &b) in text.iter().enumerate() {
        if b == b'\r' || (b == b'\n' && (i == 0 || text[i - 1] != b'\r')) {
            n += 1;
        }
    }
    n
}

/// Analyzes the first rows, checking that each says where it comes from.
fn drain(rows: impl Iterator<Item = Row>, file: &str, limit: u64, most: u64, scratch: &mut Scratch) {
    let pipeline = PIPELINE.get_or_init(Pipeline::new);
    let prefix = format!("{file}:");
    let mut last = 0u64;
    for row in rows.take(64) {
        let source = match &row {
            Ok((doc, _)) => doc.source.clone(),
            Err((source, _)) => source.clone(),
        };
        // An error for the whole file names the file alone.
        if source != file {
            let line: u64 = source
                .strip_prefix(&prefix)
                .and_then(|l| l.parse().ok())
                .unwrap_or_else(|| panic!("source {source:?}"));
            assert!(line >= 1 && line <= most, "line {line} of {most}");
            assert!(line >= last, "line {line} after {last}");
            last = line;
        }
        if let Ok((doc, encoding)) = row {
            // The limit counts bytes as read; decoding Windows-1252 or UTF-16 to UTF-8 makes
            // them at most three times as many.
            let most = 3 * limit;
            assert!(doc.text.len() as u64 <= most, "{} bytes over {most}", doc.text.len());
            assert!(!doc.id.chars().any(char::is_control), "id {:?}", doc.id);
            let _ = pipeline.analyze(doc, encoding, scratch);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut scratch = Scratch::new();
    let most = lines(data);
    for limit in [ReadOptions::default().max_review_bytes, 24] {
        let options = ReadOptions {
            max_review_bytes: limit,
            ..ReadOptions::default()
        };
        let csv = Cursor::new(data.to_vec());
        if let Ok(rows) = CsvRows::from_reader(Box::new(csv), "fuzz.csv".into(), &options) {
            drain(rows, "fuzz.csv", limit, most, &mut scratch);
        }
        let jsonl = Cursor::new(data.to_vec());
        if let Ok(rows) = JsonlRows::from_reader(Box::new(jsonl), "fuzz.jsonl".into(), &options) {
            drain(rows, "fuzz.jsonl", limit, most, &mut scratch);
        }
    }
});
