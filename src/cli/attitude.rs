//! `reviewlens attitude learn`: the attitude model from reviews annotated with the reviewer's
//! attitude toward the entities they judge; and what `eval critics` reads of such reviews.
//!
//! A gold review (JSONL, one a line, as `../shared/data/critics/` has them) holds `id`, `text`,
//! `doc_label` (the verdict), `entity_sentiment` (`[{name, sign}]`: the entities judged
//! clearly, "+" or "-"), and may hold `mentions` (`[{canonical, surface, ...}]`: every entity
//! the review names) and `unsure` (names whose attitude the annotators did not agree on).
//!
//! The model learns from the mentions the pipeline finds (its rules' compounds, before any
//! attitude model), grouped by entity (kind and name). An entity found is labelled as the
//! scorer matches judgements: the sign of the judgement whose name is within its mentions' name
//! or surface; it is left out when judgements of both signs match it, when an `unsure` name
//! matches it, and when no judgement does.

use super::eval::{fold_of, GoldDoc};
use super::progress::Steps;
use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use reviewlens::batch::analyze_docs;
use reviewlens::eval::{self, fold, Judgement, NamedMention};
use reviewlens::pipeline::Pipeline;
use reviewlens::sentiment::attitude::{self, AttitudeModel, Features, MentionInput, Trainer};
use reviewlens::sentiment::MentionRule;
use reviewlens::{Analysis, Doc};
use std::collections::{HashMap, HashSet};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum AttitudeCommand {
    /// Learn the attitude model (what a review thinks of each entity it names) from reviews
    /// annotated with the reviewer's attitudes.
    ///
    /// GOLD is JSONL as ../shared/data/critics/dev_critics.jsonl: id, text, doc_label,
    /// entity_sentiment ([{name, sign}], the entities judged clearly) and, optionally, unsure
    /// (names whose attitude is in doubt, left out). Use the file with `--attitude FILE`.
    Learn(LearnArgs),
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// The annotated reviews (JSONL; ids unique across the files).
    #[arg(required = true)]
    gold: Vec<PathBuf>,

    /// Where to write the model (TSV).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    #[command(flatten)]
    pipeline: super::PipelineArgs,
}

/// Runs `reviewlens attitude ...`.
pub fn attitude(command: AttitudeCommand) -> anyhow::Result<ExitCode> {
    match command {
        AttitudeCommand::Learn(args) => learn(args),
    }
}

/// A review with the critic's verdict and attitudes.
pub(super) struct CriticGold {
    pub(super) doc: GoldDoc,
    /// The index of the file it was read from.
    pub(super) file: usize,
    /// The verdict, as a label's name.
    pub(super) verdict: String,
    pub(super) judgements: Vec<Judgement>,
    /// Folded names whose attitude the annotators did not agree on.
    unsure: Vec<String>,
}

/// Reads critics' gold files (ids unique across them).
pub(super) fn read_critics(paths: &[PathBuf]) -> anyhow::Result<Vec<CriticGold>> {
    let mut out = Vec::new();
    let mut ids = HashMap::new();
    for (file, path) in paths.iter().enumerate() {
        for d in super::eval::read_jsonl(path)? {
            let at = || format!("{}:{}", path.display(), d.line);
            if let Some(first) = ids.insert(d.id.clone(), at()) {
                bail!("{}: id {:?} is also at {first}", at(), d.id);
            }
            let verdict = match &d.value["doc_label"] {
                serde_json::Value::String(label) => eval::parse_verdict(label).with_context(at)?,
                _ => bail!("{}: no doc_label", at()),
            };
            let judged = match &d.value["entity_sentiment"] {
                serde_json::Value::Null => &[][..],
                serde_json::Value::Array(judged) => judged.as_slice(),
                _ => bail!("{}: entity_sentiment is not a list", at()),
            };
            let mut judgements = Vec::with_capacity(judged.len());
            for (n, e) in judged.iter().enumerate() {
                let at = || format!("{}: entity_sentiment {}", at(), n + 1);
                let (Some(name), Some(sign)) = (e["name"].as_str(), e["sign"].as_str()) else {
                    bail!("{}: needs a name and a sign", at());
                };
                judgements.push(eval::parse_judgement(name, sign).with_context(at)?);
            }
            let unsure = match &d.value["unsure"] {
                serde_json::Value::Null => Vec::new(),
                serde_json::Value::Array(names) => names
                    .iter()
                    .map(|n| n.as_str().map(fold))
                    .collect::<Option<Vec<_>>>()
                    .with_context(|| format!("{}: unsure holds a non-string", at()))?,
                _ => bail!("{}: unsure is not a list", at()),
            };
            out.push(CriticGold {
                file,
                verdict: verdict.as_str().to_string(),
                judgements,
                unsure,
                doc: d,
            });
        }
    }
    Ok(out)
}

/// The reviews of `gold` as documents to analyze.
pub(super) fn docs(gold: &[CriticGold]) -> Vec<Doc> {
    gold.iter()
        .map(|g| Doc::new(g.doc.id.clone(), "gold", g.doc.text.clone()))
        .collect()
}

/// What the model learns from and is measured on in one review: the analysis (its mentions
/// with their rules' compounds), each mention's features and entity, and each entity's
/// attitude (positive or not; `None`: left out).
pub(super) struct Rows {
    pub(super) analysis: Analysis,
    pub(super) features: Vec<Features>,
    pub(super) entity_of: Vec<u32>,
    pub(super) positive: Vec<Option<bool>>,
    /// Each mention's rule.
    pub(super) rules: Vec<MentionRule>,
}

/// Analyzes `gold` with `pipeline` without its attitude model and gathers the [`Rows`] of each
/// review.
pub(super) fn rows(pipeline: &Pipeline, gold: &[CriticGold]) -> Vec<Rows> {
    use rayon::prelude::*;
    let mut pipeline = pipeline.clone();
    pipeline.scorer = pipeline.scorer.clone().with_attitude(None);
    let analyses = analyze_docs(&pipeline, docs(gold));
    analyses
        .into_par_iter()
        .zip(gold)
        .map(|(analysis, g)| {
            let text = &analysis.doc.text;
            let mentions: Vec<_> = analysis
                .mentions
                .iter()
                .map(|m| m.mention.clone())
                .collect();
            let compounds: Vec<f64> = analysis.mentions.iter().map(|m| m.compound).collect();
            let again = pipeline.rescore(text, &mentions);
            let (bases, sentences) = (again.mention_bases, again.sentences);
            let input = MentionInput {
                mentions: &mentions,
                compounds: &compounds,
                bases: &bases,
                review: analysis.review.polarity.compound,
                sentences: &sentences,
            };
            let mut scratch = attitude::Scratch::default();
            let features = attitude::features(&input, &mut scratch);
            let entity_of = scratch.entity_of().to_vec();
            let entities = entity_of.iter().map(|&e| e as usize + 1).max().unwrap_or(0);
            let mut strings: Vec<Vec<String>> = vec![Vec::new(); entities];
            for (m, &e) in mentions.iter().zip(&entity_of) {
                strings[e as usize].push(eval::mention_key(&m.name, m.span.of(text)));
            }
            let positive = (0..entities)
                .map(|e| {
                    let matches = |key: &str| strings[e].iter().any(|s| s.contains(key));
                    let signs: HashSet<bool> = g
                        .judgements
                        .iter()
                        .filter(|(name, _)| matches(&fold(name)))
                        .map(|&(_, positive)| positive)
                        .collect();
                    if signs.len() != 1 || g.unsure.iter().any(|u| matches(u)) {
                        return None;
                    }
                    Some(signs.contains(&true))
                })
                .collect();
            Rows {
                analysis,
                features,
                entity_of,
                positive,
                rules: bases.iter().map(|b| b.rule).collect(),
            }
        })
        .collect()
}

/// A model learned from the rows of the reviews `keep` admits.
pub(super) fn train(rows: &[Rows], keep: impl Fn(usize) -> bool) -> (AttitudeModel, [usize; 2]) {
    let mut trainer = Trainer::new();
    let kept = rows.iter().enumerate().filter(|(i, _)| keep(*i));
    for r in kept.map(|(_, r)| r) {
        for (x, &e) in r.features.iter().zip(&r.entity_of) {
            if let Some(positive) = r.positive[e as usize] {
                trainer.add(*x, positive);
            }
        }
    }
    let counts = trainer.counts();
    (trainer.train(), counts)
}

/// The mentions of `analysis` as the scorer of critics reads them (name, surface, compound),
/// with `compounds` in their order.
pub(super) fn named_of(
    analysis: &Analysis,
    compounds: impl Iterator<Item = f64>,
) -> Vec<NamedMention> {
    let text = &analysis.doc.text;
    analysis
        .mentions
        .iter()
        .zip(compounds)
        .map(|(m, compound)| {
            (
                m.mention.name.to_string(),
                m.mention.span.of(text).to_string(),
                compound,
            )
        })
        .collect()
}

/// The mentions of a review as the scorer of critics reads them, with compounds from `model`
/// where it decides them, else the rules'.
fn named(r: &Rows, model: &AttitudeModel) -> Vec<NamedMention> {
    let compounds = r
        .analysis
        .mentions
        .iter()
        .zip(&r.features)
        .zip(&r.rules)
        .map(|((m, x), &rule)| {
            if attitude::decides(rule, x) {
                model.compound(x)
            } else {
                m.compound
            }
        });
    named_of(&r.analysis, compounds)
}

/// `eval critics --folds K`: each review's mentions scored by a model learned from the other
/// folds' reviews.
pub(super) fn cross_validate(
    rows: &[Rows],
    gold: &[CriticGold],
    folds: u32,
) -> HashMap<String, Vec<NamedMention>> {
    let fold: Vec<u32> = gold.iter().map(|g| fold_of(&g.doc.id, folds)).collect();
    let mut out = HashMap::new();
    for j in 0..folds {
        if !fold.contains(&j) {
            continue;
        }
        let (model, _) = train(rows, |i| fold[i] != j);
        for (i, r) in rows.iter().enumerate().filter(|(i, _)| fold[*i] == j) {
            out.insert(gold[i].doc.id.clone(), named(r, &model));
        }
    }
    out
}

fn learn(args: LearnArgs) -> anyhow::Result<ExitCode> {
    super::entities::check_output(&args.output, &args.gold)?;
    let gold = read_critics(&args.gold)?;
    if gold.is_empty() {
        bail!("no annotated review in {}", names(&args.gold));
    }
    let pipeline = args.pipeline.pipeline()?;
    let rows = {
        let _progress = Steps::new(&format!("analyzing {} reviews", gold.len()));
        args.pipeline.pool()?.install(|| rows(&pipeline, &gold))
    };
    let (model, counts) = train(&rows, |_| true);
    if counts.iter().sum::<usize>() == 0 {
        bail!(
            "no judged entity of {} was found in its review: nothing to learn",
            names(&args.gold)
        );
    }
    let notes = format!(
        "Learned by `reviewlens attitude learn` from {} ({} reviews; mentions of entities judged \
         positively {}, negatively {}), {} passes.",
        names(&args.gold),
        gold.len(),
        counts[0],
        counts[1],
        attitude::ITERATIONS,
    );
    let file = std::fs::File::create(&args.output)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    let mut out = BufWriter::new(file);
    model.write(&notes, &mut out)?;
    out.flush()
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    super::term::message!(
        "reviewlens: wrote {} ({} mentions of judged entities: positive {}, negative {})",
        args.output.display(),
        counts[0] + counts[1],
        counts[0],
        counts[1]
    );
    Ok(ExitCode::SUCCESS)
}

/// The file names of `paths`, comma-separated, for a model's notes.
fn names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| {
            Path::new(p)
                .file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
        })
        .collect::<Vec<_>>()
        .join(", ")
}
