//! End-to-end pipeline throughput on the shipped corpus (tokenize, entities, sentiment, rows).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use reviewlens::batch::{self, Tasks};
use reviewlens::pipeline::{Encoding, Pipeline, Scratch};
use reviewlens::read::ReadOptions;
use reviewlens::Doc;
use std::path::PathBuf;

/// Every review of corpus/ (files and table rows), read once.
fn corpus_docs() -> Vec<Doc> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let walk = batch::walk(&[corpus]).expect("corpus/ is readable");
    batch::read_all(Tasks::new(walk, ReadOptions::default())).0
}

fn pipeline(c: &mut Criterion) {
    let docs = corpus_docs();
    assert!(docs.len() >= 20, "corpus/ has {} reviews", docs.len());
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let pipeline = Pipeline::new();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("corpus_one_thread", |b| {
        let mut scratch = Scratch::new();
        b.iter(|| {
            let mut sentences = 0;
            for doc in &docs {
                let analysis = pipeline.analyze(doc.clone(), Encoding::Utf8, &mut scratch);
                sentences += analysis.sentences.len();
            }
            assert!(sentences > docs.len());
            sentences
        })
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
