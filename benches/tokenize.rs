//! Tokenizer throughput on realistic review text.
//!
//! Input, first found: the first 2,000 rows of `/work/shared/data/sentiment/imdb_train.csv`
//! (or the CSV named by `REVIEWLENS_BENCH_CSV`), the text files under `corpus/`, or a generated
//! review-like text. Throughput is reported in bytes.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use reviewlens::tokenize::{Tokenizer, Tokens};
use std::path::Path;
use unicode_segmentation::UnicodeSegmentation;

const ROWS: usize = 2_000;

fn imdb_rows(path: &Path) -> Option<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).ok()?;
    let text_column = reader.headers().ok()?.iter().position(|h| h == "text")?;
    let docs: Vec<String> = reader
        .records()
        .filter_map(Result::ok)
        .take(ROWS)
        .filter_map(|record| record.get(text_column).map(str::to_owned))
        .collect();
    (!docs.is_empty()).then_some(docs)
}

fn corpus_files(dir: &Path) -> Option<Vec<String>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let docs: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    (!docs.is_empty()).then_some(docs)
}

fn generated() -> Vec<String> {
    let sentence = "The show’s second season isn't as dance-heavy as the first, but Sam \
                    (Paul James) still sings 10 songs in L.A. — and it's great!! :) ";
    (0..ROWS).map(|_| sentence.repeat(8)).collect()
}

fn documents() -> (String, Vec<String>) {
    let csv = std::env::var("REVIEWLENS_BENCH_CSV")
        .unwrap_or_else(|_| "/work/shared/data/sentiment/imdb_train.csv".to_owned());
    if let Some(docs) = imdb_rows(Path::new(&csv)) {
        return (format!("{csv} ({} rows)", docs.len()), docs);
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    if let Some(docs) = corpus_files(&corpus) {
        return (format!("corpus/ ({} files)", docs.len()), docs);
    }
    ("generated text".to_owned(), generated())
}

fn bench_tokenize(c: &mut Criterion) {
    let (source, docs) = documents();
    let bytes: usize = docs.iter().map(String::len).sum();
    eprintln!("tokenize bench input: {source}, {bytes} bytes");
    let tokenizer = Tokenizer::new();
    let mut tokens = Tokens::new();

    let count = |tokenize: &dyn Fn(&str, &mut Tokens), tokens: &mut Tokens| -> usize {
        docs.iter()
            .map(|doc| {
                tokenize(doc, tokens);
                tokens.tokens().len()
            })
            .sum()
    };
    let fast_count = count(&|t, out| tokenizer.tokenize(t, out), &mut tokens);
    let general_count = count(&|t, out| tokenizer.tokenize_general(t, out), &mut tokens);
    assert!(fast_count > 0, "the bench input produced no tokens");
    assert_eq!(fast_count, general_count, "both paths give the same tokens");

    let mut group = c.benchmark_group("tokenize");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("fast", |b| {
        b.iter(|| {
            let mut n = 0;
            for doc in &docs {
                tokenizer.tokenize(black_box(doc), &mut tokens);
                n += tokens.tokens().len();
            }
            assert_eq!(n, fast_count);
        })
    });
    group.bench_function("general", |b| {
        b.iter(|| {
            let mut n = 0;
            for doc in &docs {
                tokenizer.tokenize_general(black_box(doc), &mut tokens);
                n += tokens.tokens().len();
            }
            assert_eq!(n, fast_count);
        })
    });
    // Baselines: plain UAX #29 word and sentence bounds, no tokens stored.
    group.bench_function("uax29_word_bounds", |b| {
        b.iter(|| {
            docs.iter()
                .map(|doc| black_box(doc).split_word_bounds().count())
                .sum::<usize>()
        })
    });
    group.bench_function("uax29_sentence_bounds", |b| {
        b.iter(|| {
            docs.iter()
                .map(|doc| black_box(doc).split_sentence_bounds().count())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_tokenize);
criterion_main!(benches);
