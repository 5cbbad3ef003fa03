//! The sentiment stage alone: scoring pre-tokenized reviews.
//!
//! Reads up to 2,000 reviews from `imdb_train.csv` (`$REVIEWLENS_IMDB`, else
//! `../shared/data/sentiment/imdb_train.csv` beside the repo) when present, else scores a
//! synthetic review set. Throughput is in bytes of review text; the scores are checked to be
//! nonzero so the bench can't measure an empty loop.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use reviewlens::sentiment::{Scorer, Sentiment};
use reviewlens::tokenize::{Tokenizer, Tokens};
use std::path::PathBuf;

const MAX_DOCS: usize = 2_000;

fn load_texts() -> Vec<String> {
    let path = std::env::var_os("REVIEWLENS_IMDB")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/sentiment/imdb_train.csv")
        });
    let mut texts = Vec::new();
    if let Ok(mut reader) = csv::Reader::from_path(&path) {
        let text_col = reader
            .headers()
            .ok()
            .and_then(|h| h.iter().position(|c| c == "text"));
        if let Some(col) = text_col {
            for record in reader.records().map_while(Result::ok).take(MAX_DOCS) {
                texts.push(record[col].to_string());
            }
        }
    }
    if texts.is_empty() {
        eprintln!("{} not found: scoring synthetic reviews", path.display());
        let sample = "The first season was not bad at all, but the second one is a bland, \
            formulaic mess. Paul James is CHARMING!! Although the songs are catchy, the plot \
            could have been so much better :( I wouldn't recommend it. ";
        texts = (0..MAX_DOCS).map(|i| sample.repeat(1 + i % 8)).collect();
    }
    texts
}

fn bench_sentiment(c: &mut Criterion) {
    let texts = load_texts();
    let tokenizer = Tokenizer::new();
    let docs: Vec<(&str, Tokens)> = texts
        .iter()
        .map(|t| {
            let mut tokens = Tokens::new();
            tokenizer.tokenize(t, &mut tokens);
            (t.as_str(), tokens)
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let scorer = Scorer::new();
    let mut out = Sentiment::default();

    let mut total = 0.0;
    for (text, tokens) in &docs {
        scorer.score(text, tokens, &[], &mut out);
        total += out.review.polarity.compound.abs();
    }
    assert!(total > 0.0, "the scorer gave nothing but zeros");

    let mut group = c.benchmark_group("sentiment");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("score_reviews", |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for (text, tokens) in &docs {
                scorer.score(text, tokens, &[], &mut out);
                sum += out.review.polarity.compound;
            }
            black_box(sum)
        })
    });
    group.finish();
}

criterion_group!(benches, bench_sentiment);
criterion_main!(benches);
