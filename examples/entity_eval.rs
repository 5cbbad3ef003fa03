//! Dev harness for the entity stage: runs the tokenizer and the entity extractor over a gold
//! JSONL file (`id`, `text`, ...) or an `id,text` CSV and writes a mentions CSV with columns
//! `review_id,kind,name,surface,start,end,role` (start/end in characters), the input of
//! `shared/eval/score_entities.py`.
//!
//! ```text
//! cargo run --release --example entity_eval -- GOLD.jsonl OUT.csv [--gazetteer FILE]
//! python3 ../shared/eval/score_entities.py GOLD.jsonl OUT.csv
//! ```

use anyhow::{bail, Context, Result};
use reviewlens::doc::CharOffsets;
use reviewlens::entity::gazetteer::Gazetteer;
use reviewlens::entity::{EntityExtractor, Mention};
use reviewlens::tokenize::{Tokenizer, Tokens};
use std::io::BufRead;

fn read_docs(path: &str) -> Result<Vec<(String, String)>> {
    let mut docs = Vec::new();
    if path.ends_with(".csv") {
        let mut reader = csv::Reader::from_path(path).with_context(|| format!("opening {path}"))?;
        let headers = reader.headers()?.clone();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (Some(id), Some(text)) = (col("id"), col("text")) else {
            bail!("{path}: needs id and text columns");
        };
        for row in reader.records() {
            let row = row?;
            docs.push((row[id].to_string(), row[text].to_string()));
        }
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("opening {path}"))?;
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(&line).with_context(|| format!("{path}:{}", n + 1))?;
            let id = match &v["id"] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let text = v["text"].as_str().unwrap_or_default().to_string();
            docs.push((id, text));
        }
    }
    Ok(docs)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        bail!("usage: entity_eval INPUT.jsonl|INPUT.csv OUT.csv [--gazetteer FILE]");
    }
    let extractor = match args.iter().position(|a| a == "--gazetteer") {
        Some(i) => {
            let path = args.get(i + 1).context("--gazetteer needs a file")?;
            EntityExtractor::with_gazetteer(Gazetteer::from_path(path)?)
        }
        None => EntityExtractor::new(),
    };
    let docs = read_docs(&args[0])?;
    let tokenizer = Tokenizer::new();
    let mut tokens = Tokens::new();
    let mut mentions: Vec<Mention> = Vec::new();
    let mut out =
        csv::Writer::from_path(&args[1]).with_context(|| format!("creating {}", args[1]))?;
    out.write_record([
        "review_id",
        "kind",
        "name",
        "surface",
        "start",
        "end",
        "role",
    ])?;
    let mut total = 0;
    for (id, text) in &docs {
        tokenizer.tokenize(text, &mut tokens);
        mentions.clear();
        extractor.extract(text, &tokens, &mut mentions);
        let mut offsets = CharOffsets::new(text);
        for m in &mentions {
            let start = offsets.char_offset(m.span.start as usize);
            let end = offsets.char_offset(m.span.end as usize);
            out.write_record([
                id.as_str(),
                m.kind.as_str(),
                &m.name,
                m.span.of(text),
                &start.to_string(),
                &end.to_string(),
                &m.role,
            ])?;
        }
        total += mentions.len();
    }
    out.flush()?;
    eprintln!(
        "{} documents, {} mentions -> {}",
        docs.len(),
        total,
        args[1]
    );
    Ok(())
}
