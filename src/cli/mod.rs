//! The command line: one module per command; argument parsing, progress and printing only. No
//! analysis logic lives here: it wires the library's stages to files and the terminal.

mod analyze;
mod attitude;
mod bench;
mod entities;
mod eval;
mod explain;
mod lexicon;
mod progress;
mod report;
mod signals;
mod synth;
mod term;

use clap::{Args, Parser, Subcommand};
use reviewlens::entity::{EntityExtractor, Gazetteer};
use reviewlens::sentiment::{Params, Scorer};
use reviewlens::tokenize::Tokenizer;
use reviewlens::Pipeline;
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn a folder of TV, film and music reviews into spreadsheet-ready CSV: the shows, actors,
/// characters, songs and people each review names, and how it feels about them.
#[derive(Debug, Parser)]
#[command(name = "reviewlens", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyze reviews into CSV reports (reviews, mentions, entities, errors).
    ///
    /// Exit status: 0 when every input was analyzed, 1 when some inputs could not be (each is a
    /// row of errors.csv and a line on stderr), 2 when the run could not be done.
    Analyze(analyze::AnalyzeArgs),
    /// Write one HTML page to read: what a folder of reports holds (charts, the most mentioned
    /// entities, the reviews to read, their texts with each sentence and mention marked).
    Report(report::ReportArgs),
    /// Measure quality against annotated data (sentiment, entities, critics' verdicts).
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Explain why a text got its scores: each sentence's words, valences and rules, the
    /// mentions and the review's verdict.
    Explain(explain::ExplainArgs),
    /// Measure throughput on your own reviews: each stage alone, and whole runs on 1..N threads.
    Bench(bench::BenchArgs),
    /// Build sentiment lexicons from your own labeled reviews.
    #[command(subcommand)]
    Lexicon(lexicon::LexiconCommand),
    /// Learn the entity typer from your own annotated reviews.
    #[command(subcommand)]
    Entities(entities::EntitiesCommand),
    /// Learn the attitude model (what a review thinks of each entity it names) from reviews
    /// annotated with the reviewer's attitudes.
    #[command(subcommand)]
    Attitude(attitude::AttitudeCommand),
    /// Write a reproducible synthetic corpus (TV, film and music reviews) for benchmarking.
    Synth(synth::SynthArgs),
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::analyze(args),
        Command::Report(args) => report::report(args),
        Command::Eval(command) => eval::eval(command),
        Command::Synth(args) => synth::synth(args),
        Command::Bench(args) => bench::bench(args),
        Command::Explain(args) => explain::explain(args),
        Command::Lexicon(command) => lexicon::lexicon(command),
        Command::Entities(command) => entities::entities(command),
        Command::Attitude(command) => attitude::attitude(command),
    };
    // A signal being handled ends the process with its own status, not this command's.
    signals::Cleanup::settle();
    match result {
        Ok(code) => code,
        // The reader of the results has gone (`reviewlens explain ... | head -1`): end quietly.
        Err(error) if term::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            term::message!("reviewlens: error: {}", term::chain(&error));
            ExitCode::from(2)
        }
    }
}

/// How table inputs are read: their id and text columns and the largest review, shared by
/// `analyze` and `report` (which reads the same inputs again).
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Column (CSV) or field (JSONL) holding each row's id; rows are numbered from 1 without it.
    #[arg(long, value_name = "C", default_value = "id")]
    id_column: String,

    /// Column (CSV) or field (JSONL) holding each row's review text.
    #[arg(long, value_name = "C", default_value = "text")]
    text_column: String,

    /// A review (a file, a table row) over this many bytes is an error row, never read whole.
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = reviewlens::read::DEFAULT_MAX_REVIEW_BYTES,
        value_parser = clap::value_parser!(u64).range(1..=reviewlens::read::MAX_REVIEW_BYTES_CEILING)
    )]
    max_review_bytes: u64,
}

impl InputArgs {
    /// How to read the inputs, with the columns `keep` carried through.
    fn read_options(&self, keep: Vec<String>) -> reviewlens::read::ReadOptions {
        reviewlens::read::ReadOptions {
            columns: reviewlens::read::Columns {
                id: self.id_column.clone(),
                text: self.text_column.clone(),
            },
            max_review_bytes: self.max_review_bytes,
            keep,
        }
    }
}

/// Options that build the pipeline and size the thread pool, shared by every command that
/// analyzes reviews.
#[derive(Debug, Args)]
pub struct PipelineArgs {
    /// A catalogue of your own shows, songs and people to find: one entry a line,
    /// kind<TAB>name<TAB>alias..., kind being show, actor, character, song or person. Repeatable.
    #[arg(long, value_name = "FILE")]
    gazetteer: Vec<PathBuf>,

    /// Your own sentiment words: term<TAB>valence lines (-4..4, VADER's scale; a term is one
    /// word or two), extending and overriding the built-in lexicon; or a file written by
    /// `reviewlens lexicon learn` (learned weights). Repeatable; a later file wins.
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,

    #[command(flatten)]
    typer: TyperArgs,

    #[command(flatten)]
    attitude: AttitudeArgs,

    /// Number of threads [default: one per core].
    #[arg(
        short,
        long,
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    jobs: usize,
}

impl PipelineArgs {
    /// The pipeline these options ask for.
    fn pipeline(&self) -> anyhow::Result<Pipeline> {
        let mut pipeline = build_pipeline(&self.gazetteer, &self.lexicon)?;
        pipeline.extractor = self.typer.apply(pipeline.extractor)?;
        pipeline.scorer = self.attitude.apply(pipeline.scorer)?;
        Ok(pipeline)
    }

    /// [`PipelineArgs::pipeline`] with learned term weights in place of the built-in layer
    /// learned from the file named `source`, or, when none was, used as a learned `--lexicon`
    /// file is (before the user's files); true when a built-in layer was replaced.
    fn pipeline_with_learned(
        &self,
        source: &str,
        weights: &[(String, f32)],
    ) -> anyhow::Result<(Pipeline, bool)> {
        use reviewlens::sentiment::{LexiconKind, UserLexicon};
        let mut pipeline = self.pipeline()?;
        let mut lexicons = self
            .lexicon
            .iter()
            .map(|p| UserLexicon::from_path(p))
            .collect::<reviewlens::error::Result<Vec<_>>>()?;
        let (scorer, replaced) =
            Scorer::with_layer_replaced(Params::default(), &lexicons, source, weights);
        pipeline.scorer = if replaced {
            scorer
        } else {
            let learned = UserLexicon {
                kind: LexiconKind::Learned,
                terms: weights.to_vec(),
            };
            lexicons.insert(0, learned);
            Scorer::with_lexicons(Params::default(), &lexicons)
        };
        pipeline.scorer = self.attitude.apply(pipeline.scorer)?;
        Ok((pipeline, replaced))
    }

    /// A rayon pool with the threads asked for (0: one per core).
    fn pool(&self) -> anyhow::Result<rayon::ThreadPool> {
        pool(self.jobs())
    }

    /// The threads to run (0: one per core), at most [`max_jobs`]; a larger request is capped
    /// with a message.
    fn jobs(&self) -> usize {
        let max = max_jobs();
        if self.jobs > max {
            term::message!(
                "reviewlens: warning: --jobs {} is more than this machine can use; running {max} \
                 threads (four per core)",
                self.jobs
            );
            return max;
        }
        self.jobs
    }
}

/// The most threads a run starts: four per core. More only add memory (each thread's chunk of
/// reviews in flight) and switching, and a huge number never finishes starting.
fn max_jobs() -> usize {
    4 * std::thread::available_parallelism().map_or(1, usize::from)
}

/// The default stages, with the user's gazetteers and lexicons if any.
/// True for the word `none` given where a model or priors file is expected: leave it out.
fn is_none(path: &std::path::Path) -> bool {
    path.as_os_str() == "none"
}

/// The entity stage's patterns and typer, shared by the commands that extract entities.
#[derive(Debug, Clone, Args)]
pub struct TyperArgs {
    /// Your own name patterns: kind<TAB>regex lines (Rust regex syntax); whole-word matches
    /// are found and typed as surely as gazetteer entries, named as written. Repeatable.
    #[arg(long, value_name = "FILE")]
    patterns: Vec<PathBuf>,

    /// The entity typer to use: a file written by `reviewlens entities learn`, or `none` for
    /// the rule layers alone [default: the built-in model].
    #[arg(long, value_name = "FILE")]
    entity_model: Option<PathBuf>,

    /// Corpus priors for the entity typer, written by `reviewlens entities mine`, added to the
    /// built-in ones (`none`: leave the built-in ones out). Repeatable.
    #[arg(long, value_name = "FILE")]
    entity_priors: Vec<PathBuf>,

    /// Typed priors for the entity typer (what a typer decided of each name over a corpus),
    /// written by `reviewlens entities learn --typed-output`, in place of the built-in ones
    /// (`none`: without). A typer learned with `--typed-corpus` goes with the table learned
    /// beside it.
    #[arg(long, value_name = "FILE")]
    entity_typed: Option<PathBuf>,
}

impl TyperArgs {
    /// `extractor` with the typer and priors these options ask for.
    fn apply(&self, mut extractor: EntityExtractor) -> anyhow::Result<EntityExtractor> {
        use reviewlens::entity::gazetteer::UserPatterns;
        use reviewlens::entity::typer::{Model, Priors, TypedPriors};
        if !self.patterns.is_empty() {
            extractor = extractor.with_patterns(UserPatterns::from_paths(&self.patterns)?);
        }
        match &self.entity_model {
            None => {}
            Some(path) if is_none(path) => extractor = extractor.with_typer(None),
            Some(path) => extractor = extractor.with_typer(Some(Model::from_path(path)?)),
        }
        if !self.entity_priors.is_empty() {
            let mut priors = if self.entity_priors.iter().any(|p| is_none(p)) {
                Priors::default()
            } else {
                extractor.priors().cloned().unwrap_or_default()
            };
            for path in self.entity_priors.iter().filter(|p| !is_none(p)) {
                priors.merge(&Priors::from_path(path)?);
            }
            extractor = extractor.with_priors((!priors.is_empty()).then_some(priors));
        }
        match &self.entity_typed {
            None => {}
            Some(path) if is_none(path) => extractor = extractor.with_typed(None),
            Some(path) => extractor = extractor.with_typed(Some(TypedPriors::from_path(path)?)),
        }
        Ok(extractor)
    }
}

/// The sentiment stage's attitude model, shared by the commands that score mentions.
#[derive(Debug, Clone, Args)]
pub struct AttitudeArgs {
    /// The attitude model that gives each mention its compound: a file written by
    /// `reviewlens attitude learn`, or `none` for the mention rules' compounds alone [default:
    /// the built-in model].
    #[arg(long, value_name = "FILE")]
    attitude: Option<PathBuf>,
}

impl AttitudeArgs {
    /// `scorer` with the attitude model this option asks for.
    fn apply(&self, scorer: Scorer) -> anyhow::Result<Scorer> {
        use reviewlens::sentiment::attitude::AttitudeModel;
        Ok(match &self.attitude {
            None => scorer,
            Some(path) if is_none(path) => scorer.with_attitude(None),
            Some(path) => scorer.with_attitude(Some(AttitudeModel::from_path(path)?)),
        })
    }
}

fn build_pipeline(gazetteers: &[PathBuf], lexicons: &[PathBuf]) -> anyhow::Result<Pipeline> {
    let extractor = if gazetteers.is_empty() {
        EntityExtractor::new()
    } else {
        EntityExtractor::with_gazetteer(Gazetteer::from_paths(gazetteers)?)
    };
    let scorer = Scorer::with_lexicon_files(Params::default(), lexicons)?;
    Ok(Pipeline::from_stages(Tokenizer::new(), extractor, scorer))
}

/// A rayon pool with `jobs` threads (0: one per core).
fn pool(jobs: usize) -> anyhow::Result<rayon::ThreadPool> {
    Ok(rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?)
}
