//! Dev harness: scores a CSV of reviews with the tokenizer and the sentiment scorer (no
//! entities) and writes `review_id,compound,label` for `score_sentiment.py`.
//!
//! ```text
//! cargo run --release --example sentiment_eval -- INPUT.csv OUTPUT.csv
//! ```
//! INPUT has at least the columns `id` and `text`.

use anyhow::{anyhow, Context, Result};
use rayon::prelude::*;
use reviewlens::sentiment::{Params, Scorer, Sentiment};
use reviewlens::tokenize::{Tokenizer, Tokens};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err(anyhow!("usage: sentiment_eval INPUT.csv OUTPUT.csv"));
    };
    let mut reader = csv::Reader::from_path(input).with_context(|| format!("reading {input}"))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| anyhow!("{input} has no {name} column"))
    };
    let (id_col, text_col) = (column("id")?, column("text")?);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        rows.push((record[id_col].to_string(), record[text_col].to_string()));
    }
    let tokenizer = Tokenizer::new();
    // REVIEWLENS_PARAMS="sentence_learned,review_mean,review_learned,review_bias,power" overrides the
    // shipped weights, for tuning.
    let mut params = Params::default();
    if let Ok(spec) = std::env::var("REVIEWLENS_PARAMS") {
        let v: Vec<f64> = spec
            .split(',')
            .map(|x| x.trim().parse())
            .collect::<Result<_, _>>()?;
        if let [a, b, c, d, e] = v.as_slice() {
            params = Params {
                sentence_learned: *a,
                review_mean: *b,
                review_learned: *c,
                review_bias: *d,
                learned_length_power: *e,
                ..Params::default()
            };
        }
    }
    let scorer = Scorer::with_params(params);
    let started = std::time::Instant::now();
    let scored: Vec<(f64, &'static str)> = rows
        .par_iter()
        .map_init(
            || (Tokens::new(), Sentiment::default()),
            |(tokens, sentiment), (_, text)| {
                tokenizer.tokenize(text, tokens);
                scorer.score(text, tokens, &[], sentiment);
                (
                    sentiment.review.polarity.compound,
                    sentiment.review.label.as_str(),
                )
            },
        )
        .collect();
    let mut writer = csv::Writer::from_path(output).with_context(|| format!("writing {output}"))?;
    writer.write_record(["review_id", "compound", "label"])?;
    for ((id, _), (compound, label)) in rows.iter().zip(&scored) {
        writer.write_record([id.as_str(), &format!("{compound:.4}"), label])?;
    }
    writer.flush()?;
    eprintln!("{} reviews in {:.2?}", rows.len(), started.elapsed());
    Ok(())
}
