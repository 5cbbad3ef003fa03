//! `reviewlens eval`: runs the pipeline over annotated data and prints the figures the
//! project's reference scorers print.

use super::progress::Steps;
use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use reviewlens::batch::analyze_docs;
use reviewlens::eval::{self, Judgement, NamedMention, SpanMention};
use reviewlens::report::defused;
use reviewlens::report::rows::{rounded, COMPOUND_DECIMALS};
use reviewlens::sentiment::learn::LearnOptions;
use reviewlens::sentiment::LEARNED_LAYERS;
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
    /// accuracy, compound >= 0 meaning pos). An id given twice, a rating that is not a finite
    /// number or a label other than pos, positive, neg or negative stops the run (exit code 2)
    /// naming the file and line.
    Sentiment(SentimentArgs),
    /// Entity mentions against gold mentions.
    ///
    /// GOLD is JSONL, one document per line: {"id", "text", "mentions": [{"kind", "start",
    /// "end", ...}]}, offsets in characters. Prints per-kind precision, recall and F1, strict
    /// (same kind and span) and lenient (same kind, overlapping spans), then the macro lenient F1.
    /// An id given twice, an unknown kind, or offsets that are not a non-empty span of the text
    /// (or do not hold the mention's `surface`, when given) stop the run (exit code 2) naming
    /// the file and line.
    Entities(EntitiesArgs),
    /// Review labels and per-entity attitudes against critics' verdicts.
    ///
    /// GOLD is JSONL like `eval entities` takes, plus `doc_label` (positive, negative, mixed or
    /// neutral) and `entity_sentiment` ([{"name", "sign": "+" or "-"}]) per document. An id
    /// given twice, another doc_label or sign, or a judgement without a name stops the run
    /// (exit code 2) naming the file and line.
    Critics(CriticsArgs),
}

#[derive(Debug, Args)]
pub struct SentimentArgs {
    /// The gold CSV file.
    gold: PathBuf,
    /// Cross-validate learned weights by document (a label column is needed): learn term weights
    /// from all folds but one (as `reviewlens lexicon learn` would, with the options below),
    /// score that fold with them, and score the pooled predictions. The weights replace the built-in
    /// layer learned from a file of the gold's name (critic_polarity_dev.csv, imdb_train.csv),
    /// so no document is scored with weights learned from it; for another file they are used
    /// as `--lexicon` uses a learned file. The folds are fixed by a hash of each document's id.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(2..=100))]
    folds: Option<u32>,
    #[command(flatten)]
    terms: super::lexicon::TermArgs,
    #[command(flatten)]
    pipeline: super::PipelineArgs,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// The gold JSONL files (ids unique across them).
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// Kinds the macro F1 is averaged over, comma separated.
    #[arg(long, value_name = "KINDS", default_value = "show,actor,song")]
    kinds: String,
    /// Cross-validate the entity typer by document: learn it (as `reviewlens entities learn`
    /// would) from all folds but one, type the documents of that fold, and score the pooled
    /// predictions. The folds are fixed by a hash of each document's id.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(2..=100))]
    folds: Option<u32>,
    /// Also print where each kind's gold mentions went (a confusion table).
    #[arg(long)]
    confusion: bool,
    /// Write every mistake to this CSV (id, gold kind, predicted kind, surface, context,
    /// predicted surface): a gold mention no prediction of its kind overlaps, a prediction no
    /// gold mention of its kind overlaps, and a gold mention a prediction of its kind overlaps
    /// with other bounds (a strict mistake only; the last column holds the prediction's words
    /// when they differ).
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// With --folds: passes over the training documents.
    #[arg(long, value_name = "N", default_value_t = super::entities::EPOCHS, requires = "folds")]
    epochs: usize,
    /// With --folds: learn each fold's typer with typed priors mined from these unlabeled
    /// reviews, as `reviewlens entities learn --typed-corpus` does (cross-fitted within the
    /// fold's training documents). Without it the folds learn without typed priors, as the
    /// built-in table was mined by a typer that learned from every annotated review.
    #[arg(long, value_name = "INPUT", requires = "folds")]
    typed_corpus: Vec<PathBuf>,
    /// With --typed-corpus: leave the reviews these files list (one id a line) out of it.
    #[arg(long, value_name = "FILE", requires = "typed_corpus")]
    exclude_ids: Vec<PathBuf>,
    /// With --folds: gold JSONL files every fold's typer also learns from, never scored (texts
    /// written for learning, or another domain's annotations, whose effect on the GOLD files is
    /// what the run measures). Repeatable.
    #[arg(long, value_name = "GOLD", requires = "folds")]
    train_only: Vec<PathBuf>,
    #[command(flatten)]
    pipeline: super::PipelineArgs,
}

#[derive(Debug, Args)]
pub struct CriticsArgs {
    /// The gold JSONL files (ids unique across them).
    #[arg(required = true)]
    gold: Vec<PathBuf>,

    /// Cross-validate the attitude model by review: learn it (as `reviewlens attitude learn`
    /// would) from all folds but one, score that fold's mentions with it, and pool. The folds
    /// are fixed by a hash of each review's id. Verdicts learn nothing from the attitude model:
    /// they are the same with and without this option.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(2..))]
    folds: Option<u32>,
    /// Write every judgement to this CSV (id, name, the critic's sign, the review's verdict and
    /// label, the mentions found, their mean compound, right or not), to read the mistakes.
    #[arg(long, value_name = "FILE")]
    judgements: Option<PathBuf>,
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

fn run(docs: Vec<Doc>, options: &super::PipelineArgs) -> anyhow::Result<Vec<Analysis>> {
    let _progress = Steps::new(&format!("analyzing {} documents", docs.len()));
    let pipeline = options.pipeline()?;
    Ok(options.pool()?.install(|| analyze_docs(&pipeline, docs)))
}

fn sentiment(args: SentimentArgs) -> anyhow::Result<()> {
    let path = &args.gold;
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{FEFF}') == name)
    };
    let (Some(id), Some(text)) = (column("id"), column("text")) else {
        bail!("{}: needs columns id and text", path.display());
    };
    let (rating, label) = (column("rating"), column("label"));
    if rating.is_none() && label.is_none() {
        bail!("{}: needs a rating or a label column", path.display());
    }
    let mut docs = Vec::new();
    let mut ratings = Vec::new();
    let mut labels = Vec::new();
    let mut ids = eval::UniqueIds::default();
    for (row, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: row {}", path.display(), row + 1))?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        let at = || format!("{}:{line}", path.display());
        let doc_id = field(id);
        ids.insert(&doc_id, line).with_context(at)?;
        // A rating column wins over a label column, as in score_sentiment.py.
        if let Some(rating) = rating {
            let value = eval::parse_rating(&field(rating)).with_context(at)?;
            ratings.push((doc_id.clone(), value));
        } else if let Some(label) = label {
            let value = field(label);
            eval::parse_label(&value).with_context(at)?;
            labels.push((doc_id.clone(), value));
        }
        docs.push(Doc::new(doc_id, path.display().to_string(), field(text)));
    }
    if args.folds.is_none() && args.terms.any_given() {
        bail!(
            "--min-docs, --max-terms, --smoothing, --no-bigrams, --method and --l2 say how \
             --folds learns: add --folds K"
        );
    }
    let analyses = match args.folds {
        None => run(docs, &args.pipeline)?,
        Some(folds) => {
            if rating.is_some() {
                bail!(
                    "{}: --folds learns from labels; this file has a rating column",
                    path.display()
                );
            }
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            // Cross-validate a built-in layer as it was learned, unless told otherwise.
            let recipe = LEARNED_LAYERS
                .iter()
                .find(|l| l.source == name)
                .map_or(LearnOptions::DEFAULT, |l| l.learned_with);
            let learn = args.terms.options_over(recipe);
            cross_validate_lexicon(docs, &labels, &name, folds, &learn, &args.pipeline)?
        }
    };
    let predicted: HashMap<String, f64> = analyses
        .into_iter()
        .map(|a| {
            (
                a.doc.id,
                rounded(a.review.polarity.compound, COMPOUND_DECIMALS),
            )
        })
        .collect();
    if rating.is_some() {
        super::term::out!("{}", eval::score_ratings(&ratings, &predicted))?;
    } else {
        super::term::out!("{}", eval::score_labels(&labels, &predicted))?;
    }
    Ok(())
}

/// One gold JSONL document.
pub(super) struct GoldDoc {
    pub(super) id: String,
    pub(super) text: String,
    pub(super) value: serde_json::Value,
    /// The 1-based line of the file that holds it.
    pub(super) line: u64,
}

/// A document of entity gold: the document and its mentions (kind, character offsets).
pub(super) struct EntityGold {
    pub(super) doc: GoldDoc,
    pub(super) mentions: Vec<SpanMention>,
    /// The id as the file gives it: documents that share it (two excerpts of one review in two
    /// files) fall in the same cross-validation fold.
    pub(super) fold_key: String,
}

impl EntityGold {
    /// The gold mentions as byte spans of the text, for training.
    pub(super) fn byte_spans(&self) -> Vec<(reviewlens::Span, reviewlens::entity::MentionKind)> {
        let mut bytes: Vec<usize> = self.doc.text.char_indices().map(|(i, _)| i).collect();
        bytes.push(self.doc.text.len());
        self.mentions
            .iter()
            .filter_map(|(kind, start, end)| {
                let kind = reviewlens::entity::MentionKind::parse(kind)?;
                Some((reviewlens::Span::new(bytes[*start], bytes[*end]), kind))
            })
            .collect()
    }
}

/// The documents of entity gold files, checked: ids unique in each file, every mention a span
/// of its text of a known kind. A document whose id an earlier file used is named
/// `FILE-STEM/ID`.
pub(super) fn read_entity_gold(paths: &[PathBuf]) -> anyhow::Result<Vec<EntityGold>> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for path in paths {
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        for mut doc in read_jsonl(path)? {
            let at = || format!("{}:{}", path.display(), doc.line);
            let fold_key = doc.id.clone();
            if seen.contains_key(&doc.id) {
                doc.id = format!("{stem}/{}", doc.id);
            }
            if let Some(other) = seen.insert(doc.id.clone(), at()) {
                bail!("{}: id {:?} is also at {other}", at(), doc.id);
            }
            let Some(mentions) = doc.value["mentions"].as_array() else {
                bail!("{}: no mentions list", at());
            };
            let mut spans = Vec::with_capacity(mentions.len());
            for (n, m) in mentions.iter().enumerate() {
                let at = || format!("{}: mention {}", at(), n + 1);
                let Some(kind) = m["kind"].as_str() else {
                    bail!("{}: no kind", at());
                };
                let offset = |field: &str| {
                    m[field].as_u64().ok_or_else(|| {
                        anyhow::anyhow!("{}: {field} {} is not a character offset", at(), m[field])
                    })
                };
                let (start, end) = (offset("start")?, offset("end")?);
                let surface = match &m["surface"] {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(s) => Some(s.as_str()),
                    other => bail!("{}: surface {other} is not a string", at()),
                };
                spans.push(
                    eval::check_mention(&doc.text, kind, start, end, surface).with_context(at)?,
                );
            }
            out.push(EntityGold {
                doc,
                mentions: spans,
                fold_key,
            });
        }
    }
    Ok(out)
}

/// The documents of a gold JSONL file, each with an id (given once) and a text.
pub(super) fn read_jsonl(path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let data =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut docs = Vec::new();
    let mut ids = eval::UniqueIds::default();
    for (i, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let line_no = i as u64 + 1;
        let value: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{line_no}: not JSON", path.display()))?;
        let id = match &value["id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => bail!("{}:{line_no}: no id", path.display()),
        };
        let Some(text) = value["text"].as_str().map(String::from) else {
            bail!("{}:{line_no}: no text", path.display());
        };
        ids.insert(&id, line_no)
            .with_context(|| format!("{}:{line_no}", path.display()))?;
        docs.push(GoldDoc {
            id,
            text,
            value,
            line: line_no,
        });
    }
    Ok(docs)
}

fn entities(args: EntitiesArgs) -> anyhow::Result<()> {
    let gold_docs = read_entity_gold(&args.gold)?;
    let gold: HashMap<String, Vec<SpanMention>> = gold_docs
        .iter()
        .map(|g| (g.doc.id.clone(), g.mentions.clone()))
        .collect();
    let analyses = match args.folds {
        None => {
            let docs = gold_docs
                .iter()
                .map(|g| Doc::new(g.doc.id.clone(), "gold", g.doc.text.clone()))
                .collect();
            run(docs, &args.pipeline)?
        }
        Some(folds) => {
            let extra = read_entity_gold(&args.train_only)?;
            if let Some(d) = extra.iter().find(|d| gold.contains_key(&d.doc.id)) {
                bail!(
                    "{:?} is both in the gold and among the --train-only documents",
                    d.doc.id
                );
            }
            let corpus = if args.typed_corpus.is_empty() {
                None
            } else {
                Some(super::entities::TypedCorpus::new(
                    &args.typed_corpus,
                    "text",
                    &args.exclude_ids,
                    // The documents learned from only are annotated too: kept out of it.
                    gold_docs.iter().chain(&extra),
                )?)
            };
            cross_validate(
                &gold_docs,
                &extra,
                folds,
                args.epochs,
                corpus.as_ref(),
                &args.pipeline,
            )?
        }
    };
    let mut pred: HashMap<String, Vec<SpanMention>> = HashMap::new();
    for analysis in analyses {
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
    super::term::out!("{}", eval::score_entities(&gold, &pred, &kinds))?;
    if args.confusion {
        super::term::out!("{}", eval::entity_confusion(&gold, &pred))?;
    }
    if let Some(path) = &args.errors {
        write_errors(path, &gold_docs, &pred)?;
    }
    Ok(())
}

/// Writes the mistakes of `pred` against `gold` as a CSV, its text cells defused as the
/// reports' are ([`defused`]).
fn write_errors(
    path: &Path,
    gold: &[EntityGold],
    pred: &HashMap<String, Vec<SpanMention>>,
) -> anyhow::Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    w.write_record([
        "id",
        "gold",
        "predicted",
        "surface",
        "context",
        "predicted_surface",
    ])?;
    let empty = Vec::new();
    for g in gold {
        let chars: Vec<char> = g.doc.text.chars().collect();
        let slice = |a: usize, b: usize| {
            chars[a.min(chars.len())..b.min(chars.len())]
                .iter()
                .collect::<String>()
        };
        let context = |a: usize, b: usize| {
            format!(
                "{}[{}]{}",
                slice(a.saturating_sub(50), a),
                slice(a, b),
                slice(b, b + 50)
            )
            .replace(['\n', '\r'], " ")
        };
        let p = pred.get(&g.doc.id).unwrap_or(&empty);
        let overlap = |a: &SpanMention, b: &SpanMention| a.1 < b.2 && b.1 < a.2;
        let bounds = |m: &SpanMention| (m.1, m.2);
        for gm in &g.mentions {
            let same_kind = p.iter().find(|pm| pm.0 == gm.0 && overlap(gm, pm));
            let exact = p.iter().any(|pm| pm.0 == gm.0 && bounds(pm) == bounds(gm));
            let got = match same_kind {
                Some(_) if exact => continue,
                Some(pm) => Some(pm),
                None => p.iter().find(|pm| overlap(gm, pm)),
            };
            let (surface, context) = (slice(gm.1, gm.2), context(gm.1, gm.2));
            let other = got
                .filter(|pm| bounds(pm) != bounds(gm))
                .map_or(String::new(), |pm| slice(pm.1, pm.2));
            w.write_record([
                &*defused(&g.doc.id),
                &gm.0,
                got.map_or("-", |pm| pm.0.as_str()),
                &*defused(&surface),
                &*defused(&context),
                &*defused(&other),
            ])?;
        }
        for pm in p {
            if !g.mentions.iter().any(|gm| pm.0 == gm.0 && overlap(gm, pm)) {
                let was = g
                    .mentions
                    .iter()
                    .find(|gm| overlap(gm, pm))
                    .map_or("-", |gm| gm.0.as_str());
                let (surface, context) = (slice(pm.1, pm.2), context(pm.1, pm.2));
                w.write_record([
                    &*defused(&g.doc.id),
                    was,
                    &pm.0,
                    &*defused(&surface),
                    &*defused(&context),
                    "",
                ])?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// The fold of a document, from its id: the same for every run.
pub(super) fn fold_of(id: &str, folds: u32) -> u32 {
    // FNV-1a: stable across platforms and versions.
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h % folds
}

/// Scores every document with term weights learned from the other folds' documents (`labels`
/// holds each document's id and label, in the order of `docs`).
fn cross_validate_lexicon(
    docs: Vec<Doc>,
    labels: &[(String, String)],
    source: &str,
    folds: u32,
    learn: &LearnOptions,
    options: &super::PipelineArgs,
) -> anyhow::Result<Vec<Analysis>> {
    use reviewlens::sentiment::learn::{learn_terms_over, residual_of, strip_markup, Method};
    let pool = options.pool()?;
    let positive: Vec<bool> = labels
        .iter()
        .map(|(_, l)| eval::parse_label(l))
        .collect::<Result<_, _>>()?;
    let texts: Vec<std::borrow::Cow<'_, str>> =
        docs.iter().map(|d| strip_markup(&d.text)).collect();
    let mut analyses = Vec::with_capacity(docs.len());
    let mut replaced_any = false;
    // What the rest of the scorer makes of each review: a logistic layer fits what it leaves
    // unexplained (the residual depends on no label, so it is computed once for all folds).
    let residual = if learn.method == Method::Logistic {
        residual_of(source, texts.iter().map(|t| t.as_ref()))
    } else {
        None
    };
    let progress = Steps::new("cross-validating");
    progress.count(u64::from(folds));
    for fold in 0..folds {
        progress.doing(format!(
            "fold {} of {folds}: learning term weights from the others",
            fold + 1
        ));
        let train = docs
            .iter()
            .zip(&texts)
            .zip(&positive)
            .filter(|((d, _), _)| fold_of(&d.id, folds) != fold)
            .map(|((_, t), &p)| (t.as_ref(), p));
        let train_scores: Vec<f64> = residual.as_ref().map_or_else(Vec::new, |base| {
            docs.iter()
                .zip(&base.scores)
                .filter(|(d, _)| fold_of(&d.id, folds) != fold)
                .map(|(_, &y)| y)
                .collect()
        });
        let over = residual.as_ref().map(|base| base.residual(&train_scores));
        let weights = learn_terms_over(train, over, learn).weights;
        let (pipeline, replaced) = options.pipeline_with_learned(source, &weights)?;
        replaced_any |= replaced;
        let held: Vec<Doc> = docs
            .iter()
            .filter(|d| fold_of(&d.id, folds) == fold)
            .cloned()
            .collect();
        progress.doing(format!(
            "fold {} of {folds}: scoring its {} reviews",
            fold + 1,
            held.len()
        ));
        analyses.extend(pool.install(|| analyze_docs(&pipeline, held)));
        progress.step();
    }
    drop(progress);
    super::term::message!(
        "reviewlens: {folds}-fold cross-validation: each fold scored with weights learned from \
         the others{}",
        if replaced_any {
            format!(", in place of the built-in weights learned from {source}")
        } else {
            ", as a learned --lexicon file".to_string()
        }
    );
    Ok(analyses)
}

/// Types every document with a typer learned from the other folds' documents and every `extra`
/// one (with typed priors mined from `corpus`, cross-fitted within those documents, when
/// given). The `extra` documents are never typed.
fn cross_validate(
    gold: &[EntityGold],
    extra: &[EntityGold],
    folds: u32,
    epochs: usize,
    corpus: Option<&super::entities::TypedCorpus<'_>>,
    options: &super::PipelineArgs,
) -> anyhow::Result<Vec<Analysis>> {
    let pipeline = options.pipeline()?;
    let pool = options.pool()?;
    let rules = pipeline.extractor.clone().with_typer(None).with_typed(None);
    // A document's examples do not depend on the model: made once.
    let examples: Vec<Vec<reviewlens::entity::typer::Example>> = pool.install(|| {
        use rayon::prelude::*;
        gold.par_iter()
            .chain(extra.par_iter())
            .map(|g| rules.examples(&g.doc.text, &g.byte_spans()))
            .collect()
    });
    // Whether document `i` of `gold` then `extra` is learned from in `fold`.
    let learned_in = |i: usize, g: &EntityGold, fold: u32| {
        i >= gold.len() || fold_of(&g.fold_key, folds) != fold
    };
    let mut analyses = Vec::with_capacity(gold.len());
    let progress = Steps::new("cross-validating");
    progress.count(u64::from(folds));
    for fold in 0..folds {
        progress.doing(format!(
            "fold {} of {folds}: learning the typer from the others ({epochs} passes)",
            fold + 1
        ));
        let mut typed = pipeline.clone();
        typed.extractor = match corpus {
            None => {
                let mut trainer = reviewlens::entity::typer::Trainer::new();
                let mut train = Vec::new();
                let mut train_examples = Vec::new();
                for (i, (g, ex)) in gold.iter().chain(extra).zip(&examples).enumerate() {
                    if learned_in(i, g, fold) {
                        for e in ex {
                            trainer.add(e);
                        }
                        train.push(g);
                        train_examples.push(ex.clone());
                    }
                }
                let weights = trainer.train(epochs);
                let weights = pool.install(|| {
                    super::entities::learn_second(&rules, &train, &train_examples, weights, epochs)
                });
                rules
                    .clone()
                    .with_typer(Some(reviewlens::entity::typer::Trainer::model(&weights)))
            }
            Some(corpus) => {
                let train: Vec<&EntityGold> = gold
                    .iter()
                    .chain(extra)
                    .enumerate()
                    .filter(|&(i, g)| learned_in(i, g, fold))
                    .map(|(_, g)| g)
                    .collect();
                let stacked = pool.install(|| {
                    super::entities::learn_stacked(&rules, &train, corpus, folds, epochs, &progress)
                })?;
                rules
                    .clone()
                    .with_typer(Some(reviewlens::entity::typer::Trainer::model(
                        &stacked.weights,
                    )))
                    .with_typed(Some(super::entities::typed_priors(&stacked.typed)))
            }
        };
        let docs: Vec<Doc> = gold
            .iter()
            .filter(|g| fold_of(&g.fold_key, folds) == fold)
            .map(|g| Doc::new(g.doc.id.clone(), "gold", g.doc.text.clone()))
            .collect();
        progress.doing(format!(
            "fold {} of {folds}: typing its {} documents",
            fold + 1,
            docs.len()
        ));
        analyses.extend(pool.install(|| analyze_docs(&typed, docs)));
        progress.step();
    }
    Ok(analyses)
}

fn critics(args: CriticsArgs) -> anyhow::Result<()> {
    let gold = super::attitude::read_critics(&args.gold)?;
    // Opened first, so that a path that cannot be written fails before the run.
    let judgements_csv = match &args.judgements {
        Some(path) => Some((
            csv::Writer::from_path(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
            path,
        )),
        None => None,
    };
    let mut labels = HashMap::new();
    let mentions: HashMap<String, Vec<NamedMention>> = match args.folds {
        None => {
            let mut mentions = HashMap::new();
            for a in run(super::attitude::docs(&gold), &args.pipeline)? {
                let named = super::attitude::named_of(&a, a.mentions.iter().map(|m| m.compound));
                labels.insert(a.doc.id.clone(), a.review.label.as_str().to_string());
                mentions.insert(a.doc.id, named);
            }
            mentions
        }
        Some(folds) => {
            let _progress = Steps::new(&format!(
                "analyzing {} reviews, then learning the attitude model {folds} times",
                gold.len()
            ));
            let pipeline = args.pipeline.pipeline()?;
            let pool = args.pipeline.pool()?;
            let rows = pool.install(|| super::attitude::rows(&pipeline, &gold));
            for r in &rows {
                labels.insert(
                    r.analysis.doc.id.clone(),
                    r.analysis.review.label.as_str().to_string(),
                );
            }
            super::attitude::cross_validate(&rows, &gold, folds)
        }
    };
    let files: Vec<usize> = gold.iter().map(|g| g.file).collect();
    let gold: Vec<(String, String, Vec<Judgement>)> = gold
        .into_iter()
        .map(|g| (g.doc.id, g.verdict, g.judgements))
        .collect();
    if args.gold.len() > 1 {
        for (f, path) in args.gold.iter().enumerate() {
            let part: Vec<_> = gold
                .iter()
                .zip(&files)
                .filter(|(_, &file)| file == f)
                .map(|(g, _)| g.clone())
                .collect();
            let scores = eval::score_critics(&part, &labels, &mentions);
            super::term::out!("{}:", path.display())?;
            super::term::out!("{scores}")?;
        }
        super::term::out!("all:")?;
    }
    super::term::out!("{}", eval::score_critics(&gold, &labels, &mentions))?;
    if let Some((w, path)) = judgements_csv {
        write_judgements(w, &gold, &labels, &mentions)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Writes every judgement of `gold` and what became of it to `w` as a CSV. The mean is written
/// with six decimals (what is right or wrong against ±0.05 shows in it), never as `-0`
/// ([`rounded`], as the reports write numbers); its text cells (id, name) are defused as the
/// reports' are ([`defused`]).
fn write_judgements(
    mut w: csv::Writer<std::fs::File>,
    gold: &[(String, String, Vec<Judgement>)],
    labels: &HashMap<String, String>,
    mentions: &HashMap<String, Vec<NamedMention>>,
) -> anyhow::Result<()> {
    w.write_record([
        "id", "name", "sign", "verdict", "label", "mentions", "mean", "right",
    ])?;
    for o in eval::judge(gold, mentions) {
        let mean = o
            .mean
            .map_or(String::new(), |m| format!("{:.6}", rounded(m, 6)));
        w.write_record([
            &*defused(o.id),
            &*defused(o.name),
            if o.positive { "positive" } else { "negative" },
            o.verdict,
            labels.get(o.id).map_or("", String::as_str),
            &o.mentions.to_string(),
            &mean,
            if o.right() { "yes" } else { "no" },
        ])?;
    }
    w.flush()?;
    Ok(())
}
