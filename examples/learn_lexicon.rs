//! Learns the shipped term weights from IMDB reviews (Maas et al., 2011).
//!
//! ```text
//! cargo run --release --example learn_lexicon -- imdb_train.csv data/sentiment/imdb_weights.tsv \
//!     [--heldout /tmp/imdb_heldout.csv]
//! ```
//! Learns on the rows [`is_held_out`] keeps for training (four fifths); `--heldout` writes the
//! other fifth, columns unchanged, for `score_sentiment.py`.

use anyhow::{anyhow, Context, Result};
use reviewlens::sentiment::learn::{is_held_out, learn_lexicon, write_weights, LearnOptions};
use std::fs::File;
use std::io::BufWriter;

const HEADER: &str = "\
Term weights learned by reviewlens (src/sentiment/learn.rs, examples/learn_lexicon.rs):
naive-Bayes log-count ratios of words and bigrams (term TAB weight; a bigram is two words
separated by a space), from the train half of the Large Movie Review Dataset, using only the four
fifths of its rows that learn::is_held_out keeps for training. No review text is included.
Maas, A. L., Daly, R. E., Pham, P. T., Huang, D., Ng, A. Y. & Potts, C. (2011). Learning Word
Vectors for Sentiment Analysis. ACL 2011. https://ai.stanford.edu/~amaas/data/sentiment/";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output) = match args.as_slice() {
        [i, o, ..] => (i, o),
        _ => {
            return Err(anyhow!(
                "usage: learn_lexicon IMDB.csv OUT.tsv [--heldout PATH]"
            ))
        }
    };
    let heldout = args
        .iter()
        .position(|a| a == "--heldout")
        .and_then(|i| args.get(i + 1));
    let mut reader = csv::Reader::from_path(input).with_context(|| format!("reading {input}"))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| anyhow!("{input} has no {name} column"))
    };
    let (id, label, text) = (column("id")?, column("label")?, column("text")?);
    let mut train = Vec::new();
    let mut held = match heldout {
        Some(path) => {
            let mut w = csv::Writer::from_path(path)?;
            w.write_record(&headers)?;
            Some(w)
        }
        None => None,
    };
    for record in reader.records() {
        let record = record?;
        if is_held_out(&record[id]) {
            if let Some(w) = held.as_mut() {
                w.write_record(&record)?;
            }
        } else {
            let positive = record[label].to_ascii_lowercase().starts_with("pos");
            train.push((record[text].to_string(), positive));
        }
    }
    if let Some(mut w) = held {
        w.flush()?;
    }
    let options = LearnOptions::default();
    let weights = learn_lexicon(train.iter().map(|(t, p)| (t.as_str(), *p)), &options);
    let file = File::create(output).with_context(|| format!("writing {output}"))?;
    write_weights(BufWriter::new(file), HEADER, &weights)?;
    eprintln!(
        "learned {} terms from {} reviews ({:?})",
        weights.len(),
        train.len(),
        options
    );
    Ok(())
}
