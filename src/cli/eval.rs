//! `reviewlens eval`: runs the pipeline over annotated data and prints the figures the
//! project's reference scorers print.

use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use reviewlens::batch::analyze_docs;
use reviewlens::eval::{self, Judgement, NamedMention, SpanMention};
use reviewlens::{Analysis, Doc};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Sentiment against gold ratings or labels.
    ///
    /// GOLD is a CSV with columns id, text and either `rating` (mean human valence, -4..4:
    /// prints Pearson r, 3-class accuracy and macro-F1) or `label` (pos/neg: prints binary
    /// accuracy, compound >= 0 meaning pos).
    Sentiment(SentimentArgs),
    /// Entity mentions against gold mentions.
    ///
    /// GOLD is JSONL, one document per line: {"id", "text", "mentions": [{"kind", "start",
    /// "end", ...}]}, offsets in characters. Prints per-kind precision, recall and F1, strict
    /// (same kind and span) and lenient (same kind, overlapping spans), then the macro lenient F1.
    Entities(EntitiesArgs),
    /// Review labels and per-entity attitudes against critics' verdicts.
    ///
    /// GOLD is JSONL like `eval entities` takes, plus `doc_label` (positive, negative, mixed or
    /// neutral) and `entity_sentiment` ([{"name", "sign": "+" or "-"}]) per document.
    Critics(CriticsArgs),
}

#[derive(Debug, Args)]
pub struct SentimentArgs {
    /// The gold CSV file.
    gold: PathBuf,
    #[command(flatten)]
    pipeline: super::PipelineArgs,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// The gold JSONL file.
    gold: PathBuf,
    /// Kinds the macro F1 is averaged over, comma separated.
    #[arg(long, value_name = "KINDS", default_value = "show,actor,song")]
    kinds: String,
    #[command(flatten)]
    pipeline: super::PipelineArgs,
}

#[derive(Debug, Args)]
pub struct CriticsArgs {
    /// The gold JSONL file.
    gold: PathBuf,
    #[command(flatten)]
    pipeline: super::PipelineArgs,
}

/// Runs `reviewlens eval ...`.
pub fn eval(command: EvalCommand) -> anyhow::Result<ExitCode> {
    match command {
        EvalCommand::Sentiment(args) => sentiment(args),
        EvalCommand::Entities(args) => entities(args),
        EvalCommand::Critics(args) => critics(args),
    }?;
    Ok(ExitCode::SUCCESS)
}

/// A compound as the reports write it (4 decimals), so figures agree with scoring the CSVs.
fn as_reported(compound: f64) -> f64 {
    format!("{compound:.4}").parse().unwrap_or(0.0)
}

fn run(docs: Vec<Doc>, options: &super::PipelineArgs) -> anyhow::Result<Vec<Analysis>> {
    let pipeline = options.pipeline()?;
    Ok(options.pool()?.install(|| analyze_docs(&pipeline, docs)))
}

fn sentiment(args: SentimentArgs) -> anyhow::Result<()> {
    let mut reader = csv::Reader::from_path(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{FEFF}') == name)
    };
    let (Some(id), Some(text)) = (column("id"), column("text")) else {
        bail!("{}: needs columns id and text", args.gold.display());
    };
    let (rating, label) = (column("rating"), column("label"));
    if rating.is_none() && label.is_none() {
        bail!("{}: needs a rating or a label column", args.gold.display());
    }
    let mut docs = Vec::new();
    let mut gold = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: row {}", args.gold.display(), row + 1))?;
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        docs.push(Doc::new(
            field(id),
            args.gold.display().to_string(),
            field(text),
        ));
        gold.push((
            field(id),
            rating.map_or_else(|| field(label.unwrap_or(0)), field),
        ));
    }
    let predicted: HashMap<String, f64> = run(docs, &args.pipeline)?
        .into_iter()
        .map(|a| (a.doc.id, as_reported(a.review.polarity.compound)))
        .collect();
    if rating.is_some() {
        let gold: Vec<(String, f64)> = gold
            .into_iter()
            .map(|(id, r)| {
                r.trim()
                    .parse()
                    .map(|r| (id.clone(), r))
                    .with_context(|| format!("rating of {id}: {r:?}"))
            })
            .collect::<anyhow::Result<_>>()?;
        println!("{}", eval::score_ratings(&gold, &predicted));
    } else {
        println!("{}", eval::score_labels(&gold, &predicted));
    }
    Ok(())
}

/// One gold JSONL document.
struct GoldDoc {
    id: String,
    text: String,
    value: serde_json::Value,
}

fn read_jsonl(path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let data =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut docs = Vec::new();
    for (i, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let value: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
        let id = match &value["id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => bail!("{}:{}: no id", path.display(), i + 1),
        };
        let Some(text) = value["text"].as_str().map(String::from) else {
            bail!("{}:{}: no text", path.display(), i + 1);
        };
        docs.push(GoldDoc { id, text, value });
    }
    Ok(docs)
}

fn analyze_gold(
    gold: &[GoldDoc],
    source: &Path,
    options: &super::PipelineArgs,
) -> anyhow::Result<Vec<Analysis>> {
    let docs = gold
        .iter()
        .map(|g| Doc::new(g.id.clone(), source.display().to_string(), g.text.clone()))
        .collect();
    run(docs, options)
}

fn entities(args: EntitiesArgs) -> anyhow::Result<()> {
    let gold_docs = read_jsonl(&args.gold)?;
    let mut gold: HashMap<String, Vec<SpanMention>> = HashMap::new();
    for doc in &gold_docs {
        let mentions = doc.value["mentions"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let spans = gold.entry(doc.id.clone()).or_default();
        for m in mentions {
            let (Some(kind), Some(start), Some(end)) =
                (m["kind"].as_str(), m["start"].as_u64(), m["end"].as_u64())
            else {
                bail!(
                    "{}: document {}: a mention lacks kind, start or end",
                    args.gold.display(),
                    doc.id
                );
            };
            spans.push((kind.to_string(), start as usize, end as usize));
        }
    }
    let mut pred: HashMap<String, Vec<SpanMention>> = HashMap::new();
    for analysis in analyze_gold(&gold_docs, &args.gold, &args.pipeline)? {
        let spans = pred.entry(analysis.doc.id.clone()).or_default();
        spans.extend(analysis.mentions.iter().map(|m| {
            (
                m.mention.kind.as_str().to_string(),
                m.start as usize,
                m.end as usize,
            )
        }));
    }
    let kinds: Vec<String> = args
        .kinds
        .split(',')
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect();
    println!("{}", eval::score_entities(&gold, &pred, &kinds));
    Ok(())
}

fn critics(args: CriticsArgs) -> anyhow::Result<()> {
    let gold_docs = read_jsonl(&args.gold)?;
    let gold: Vec<(String, String, Vec<Judgement>)> = gold_docs
        .iter()
        .map(|d| {
            let verdict = d.value["doc_label"].as_str().unwrap_or("").to_string();
            let judgements = d.value["entity_sentiment"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or(&[])
                .iter()
                .filter_map(|e| Some((e["name"].as_str()?.to_string(), e["sign"].as_str()? == "+")))
                .collect();
            (d.id.clone(), verdict, judgements)
        })
        .collect();
    let mut labels = HashMap::new();
    let mut mentions: HashMap<String, Vec<NamedMention>> = HashMap::new();
    for a in analyze_gold(&gold_docs, &args.gold, &args.pipeline)? {
        let named = a.mentions.iter().map(|m| {
            (
                m.mention.name.to_string(),
                m.mention.span.of(&a.doc.text).to_string(),
                m.compound,
            )
        });
        mentions.entry(a.doc.id.clone()).or_default().extend(named);
        labels.insert(a.doc.id, a.review.label.as_str().to_string());
    }
    println!("{}", eval::score_critics(&gold, &labels, &mentions));
    Ok(())
}
