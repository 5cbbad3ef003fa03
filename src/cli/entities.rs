//! `reviewlens entities learn`: the entity typer learned from annotated reviews.

use super::progress::Steps;
use clap::{Args, Subcommand};
use reviewlens::entity::classes::{ClassCounter, ClassOptions};
use reviewlens::entity::typer::{Example, PriorCounter, Priors, Trainer, TypedPriors};
use reviewlens::entity::EntityExtractor;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Passes over the training documents: in 3-, 5- and 10-fold cross-validation over the 860
/// annotated reviews, 30 scored 0.751, 0.766 and 0.768 macro F1 against 0.747, 0.763 and 0.766
/// for 20 (10 scored 0.756 on 5 folds; 40 and 60 no better than 30).
pub const EPOCHS: usize = 30;

#[derive(Debug, Subcommand)]
pub enum EntitiesCommand {
    /// Learn the entity typer from annotated reviews.
    ///
    /// GOLD is JSONL as `reviewlens eval entities` reads it (id, text, mentions with kind and
    /// character offsets). The rule layers find each review's candidates; the typer learns,
    /// from their features and the gold kinds, which kind (or none) each candidate is. Use the
    /// file with `--entity-model OUT`; the same files give the same model byte for byte.
    Learn(LearnArgs),
    /// Mine corpus priors from unlabeled reviews: for each name, how often the high-precision
    /// rule layers (casting structure such as "Character (Actor)" and "X plays Y", cue words
    /// such as "directed by" or "the song", a gazetteer) type it each kind.
    ///
    /// INPUT is read as `analyze` reads it (folders, .txt/.md, .csv, .jsonl). No label is read.
    /// Use the file with `--entity-priors OUT` (added to the built-in priors); a typer learned
    /// with priors should be used with the same priors.
    Mine(MineArgs),
    /// Learn word classes from unlabeled reviews: the words seen often enough, grouped by
    /// the words seen right before and after them (spherical k-means), for the typer's
    /// features.
    ///
    /// INPUT is read as `analyze` reads it (folders, .txt/.md, .csv, .jsonl). No label is read.
    /// The same inputs and options give the same file byte for byte, whatever the threads.
    /// The typer reads the built-in classes (`data/entity/word_classes.tsv`, which
    /// `scripts/learn_typer.sh` rebuilds from imdb_train.csv).
    Classes(ClassesArgs),
}

#[derive(Debug, Args)]
pub struct ClassesArgs {
    /// The reviews (folders or files).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write the classes.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Number of classes.
    #[arg(long, value_name = "N", default_value_t = ClassOptions::default().classes)]
    classes: usize,
    /// Keep the words seen at least this many times.
    #[arg(long, value_name = "N", default_value_t = ClassOptions::default().min_count)]
    min_count: u64,
    /// How many of the commonest words are the contexts, on each side.
    #[arg(long, value_name = "N", default_value_t = ClassOptions::default().contexts)]
    contexts: usize,
    /// The most k-means steps.
    #[arg(long, value_name = "N", default_value_t = ClassOptions::default().iterations)]
    iterations: usize,
    /// The seed of the k-means++ draws.
    #[arg(long, value_name = "N", default_value_t = ClassOptions::default().seed)]
    seed: u64,
    /// Column (CSV) or field (JSONL) holding each row's review text.
    #[arg(long, value_name = "C", default_value = "text")]
    text_column: String,
    /// Where the reviews come from (a citation, a licence), written into the file's header.
    #[arg(long, value_name = "TEXT")]
    credit: Option<String>,
}

#[derive(Debug, Args)]
pub struct MineArgs {
    /// The reviews (folders or files).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write the priors.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Keep the names the rules typed at least this many times.
    #[arg(long, value_name = "N", default_value_t = 2)]
    min_typed: u32,
    /// Keep, too, the names that were candidates at least this many times (with the contexts
    /// they stood in).
    #[arg(long, value_name = "N", default_value_t = 5)]
    min_seen: u32,
    /// Column (CSV) or field (JSONL) holding each row's review text.
    #[arg(long, value_name = "C", default_value = "text")]
    text_column: String,
    /// A user's catalogue, as for `analyze` (its matches count as sure).
    #[arg(long, value_name = "FILE")]
    gazetteer: Vec<PathBuf>,
    /// Where the reviews come from (a citation, a licence), written into the file's header.
    #[arg(long, value_name = "TEXT")]
    credit: Option<String>,
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// The gold JSONL files.
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Passes over the training documents.
    #[arg(long, value_name = "N", default_value_t = EPOCHS)]
    epochs: usize,
    /// A user's catalogue, as for `analyze` (its matches become features and stay trusted).
    #[arg(long, value_name = "FILE")]
    gazetteer: Vec<PathBuf>,
    /// Learn with these corpus priors instead of the built-in ones (`none`: without priors).
    /// A typer should be used with the priors it learned with.
    #[arg(long, value_name = "FILE")]
    priors: Option<PathBuf>,
    /// Where the annotations come from (a citation, a licence), written into the file's header.
    #[arg(long, value_name = "TEXT")]
    credit: Option<String>,
    /// Learn with typed priors mined from these unlabeled reviews (read as `analyze` reads
    /// them): what a typer learned without them decides of each name over the corpus, as
    /// features. Cross-fitted: each document learns from a table mined by a typer that did
    /// not learn from it. Needs --typed-output.
    #[arg(long, value_name = "INPUT", requires = "typed_output")]
    typed_corpus: Vec<PathBuf>,
    /// With --typed-corpus: where to write the typed priors the typer is to be used with
    /// (`--entity-typed FILE`), mined by a typer learned from every document.
    #[arg(long, value_name = "FILE", requires = "typed_corpus")]
    typed_output: Option<PathBuf>,
    /// With --typed-corpus: leave the reviews these files list (one id a line) out of it, as
    /// the annotated documents are (reviews kept for evaluation).
    #[arg(long, value_name = "FILE", requires = "typed_corpus")]
    exclude_ids: Vec<PathBuf>,
    /// With --typed-corpus: the folds of the cross-fitting.
    #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u32).range(2..=100))]
    typed_folds: u32,
    /// Column (CSV) or field (JSONL) holding each review's text in --typed-corpus.
    #[arg(long, value_name = "C", default_value = "text")]
    text_column: String,
}

/// Runs `reviewlens entities ...`.
pub fn entities(command: EntitiesCommand) -> anyhow::Result<ExitCode> {
    match command {
        EntitiesCommand::Learn(args) => learn(args),
        EntitiesCommand::Mine(args) => mine(args),
        EntitiesCommand::Classes(args) => classes(args),
    }
}

/// Refuses an output that is one of the inputs: learning or mining never overwrites its data.
pub(super) fn check_output(output: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let out = super::lexicon::file_identity(output);
    for input in inputs {
        if super::lexicon::file_identity(input) == out {
            anyhow::bail!(
                "-o {} is the same file as the input {}: refusing to overwrite it",
                output.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// The inputs' file names, for a data file's header.
fn file_names(inputs: &[PathBuf]) -> String {
    inputs
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `inputs` (as `analyze` reads them) in chunks of 4,096 reviews, giving each chunk's
/// documents to `each` and showing `what` with the count so far; returns the reviews read and
/// the inputs that could not be. With `report`, each input that could not be read is named
/// on stderr with the reason (the first [`REPORTED`]; then how many more).
/// How many unreadable inputs [`read_in_chunks`] names, at most.
const REPORTED: usize = 20;

fn read_in_chunks(
    inputs: &[PathBuf],
    text_column: &str,
    what: &str,
    report: bool,
    mut each: impl FnMut(&[reviewlens::doc::Doc]),
) -> anyhow::Result<(usize, usize)> {
    use reviewlens::batch::{Tasks, Walker};
    use reviewlens::read::{Columns, ReadOptions};
    let walker = Walker::new(inputs)?;
    let options = ReadOptions::with_columns(Columns {
        id: "id".into(),
        text: text_column.to_string(),
    });
    let mut tasks = Tasks::streaming(walker, options);
    let (mut reviews, mut failed) = (0usize, 0usize);
    let progress = Steps::new(&format!("{what}: 0 reviews"));
    loop {
        let chunk: Vec<_> = tasks.by_ref().take(4096).collect();
        if chunk.is_empty() {
            break;
        }
        let (docs, errors) = reviewlens::batch::read_all(chunk.into_iter());
        if report {
            for (source, error) in errors.iter().take(REPORTED.saturating_sub(failed)) {
                super::term::message!("reviewlens: skipped {source}: {error}");
            }
        }
        failed += errors.len();
        reviews += docs.len();
        each(&docs);
        progress.doing(format!("{what}: {reviews} reviews"));
    }
    if report && failed > REPORTED {
        super::term::message!(
            "reviewlens: skipped {} more inputs that could not be read",
            failed - REPORTED
        );
    }
    Ok((reviews, failed))
}

fn mine(args: MineArgs) -> anyhow::Result<ExitCode> {
    check_output(&args.output, &args.inputs)?;
    use rayon::prelude::*;
    let extractor = super::build_pipeline(&args.gazetteer, &[])?.extractor;
    let mut counter = PriorCounter::new();
    let (reviews, failed) = read_in_chunks(
        &args.inputs,
        &args.text_column,
        "mining names",
        true,
        |docs| {
            counter.merge(count_in_parallel(
                docs.par_iter().map(|d| &*d.text),
                |text, c| extractor.count_priors(text, c),
            ));
        },
    )?;
    let mut notes = format!(
        "Mined by `reviewlens entities mine` from {reviews} reviews ({}); names typed at least \
         {} times or candidates at least {} times. No review text is included.",
        file_names(&args.inputs),
        args.min_typed,
        args.min_seen
    );
    super::lexicon::add_credit(&mut notes, args.credit.as_deref());
    let mut names = 0;
    super::lexicon::write_atomically(&args.output, |w| {
        names = counter.write(args.min_typed, args.min_seen, &notes, w)?;
        Ok(())
    })?;

    super::term::message!(
        "reviewlens: {names} names from {reviews} reviews ({failed} inputs could not be read) -> {}",
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn classes(args: ClassesArgs) -> anyhow::Result<ExitCode> {
    check_output(&args.output, &args.inputs)?;
    anyhow::ensure!(args.classes >= 1, "--classes must be at least 1");
    anyhow::ensure!(
        args.classes <= usize::from(u16::MAX) && args.contexts <= 30_000,
        "--classes and --contexts must be at most 65,535 and 30,000"
    );
    let mut counter = ClassCounter::new();
    let (reviews, failed) = read_in_chunks(
        &args.inputs,
        &args.text_column,
        "counting words",
        true,
        |docs| {
            for doc in docs {
                counter.add(&doc.text);
            }
        },
    )?;
    let options = ClassOptions {
        classes: args.classes,
        min_count: args.min_count,
        contexts: args.contexts,
        iterations: args.iterations,
        seed: args.seed,
    };
    let progress = Steps::new(&format!("grouping words into {} classes", options.classes));
    let learned = counter.learn(&options);
    drop(progress);
    let mut notes = format!(
        "Learned by `reviewlens entities classes` from {reviews} reviews ({}): the words seen \
         at least {} times in {} classes, by their {} commonest neighbours on each side ({} \
         k-means steps at most, seed {}). No review text is included.",
        file_names(&args.inputs),
        options.min_count,
        options.classes,
        options.contexts,
        options.iterations,
        options.seed
    );
    super::lexicon::add_credit(&mut notes, args.credit.as_deref());
    super::lexicon::write_atomically(&args.output, |w| {
        ClassCounter::write(&learned, &notes, w)?;
        Ok(())
    })?;
    super::term::message!(
        "reviewlens: {} words in {} classes from {reviews} reviews ({failed} inputs could not be \
         read) -> {}",
        learned.len(),
        options.classes,
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn learn(args: LearnArgs) -> anyhow::Result<ExitCode> {
    check_output(&args.output, &args.gold)?;
    if let Some(typed_output) = &args.typed_output {
        check_output(typed_output, &args.gold)?;
        check_output(typed_output, &args.typed_corpus)?;
        anyhow::ensure!(
            super::lexicon::file_identity(typed_output)
                != super::lexicon::file_identity(&args.output),
            "--typed-output and -o are the same file"
        );
    }
    let gold = super::eval::read_entity_gold(&args.gold)?;
    let pipeline = super::build_pipeline(&args.gazetteer, &[])?;
    let mut rules = pipeline.extractor.with_typer(None).with_typed(None);
    match &args.priors {
        None => {}
        Some(path) if super::is_none(path) => rules = rules.with_priors(None),
        Some(path) => rules = rules.with_priors(Some(Priors::from_path(path)?)),
    }
    let progress = Steps::new(&format!("finding candidates in {} documents", gold.len()));
    let (weights, typed) = if args.typed_corpus.is_empty() {
        let examples: Vec<_> = {
            use rayon::prelude::*;
            gold.par_iter()
                .map(|g| rules.examples(&g.doc.text, &g.byte_spans()))
                .collect()
        };
        progress.doing(format!(
            "learning the typer: {} passes over {} examples",
            args.epochs,
            examples.iter().map(Vec::len).sum::<usize>()
        ));
        let (weights, candidates) = train_on(&examples, |_| true, args.epochs);
        let refs: Vec<_> = gold.iter().collect();
        let weights = learn_second(&rules, &refs, &examples, weights, args.epochs);
        ((weights, candidates), None)
    } else {
        let corpus = TypedCorpus::new(
            &args.typed_corpus,
            &args.text_column,
            &args.exclude_ids,
            &gold,
        )?;
        let refs: Vec<_> = gold.iter().collect();
        let stacked = learn_stacked(
            &rules,
            &refs,
            &corpus,
            args.typed_folds,
            args.epochs,
            &progress,
        )?;
        let names = typed_priors(&stacked.typed).len();
        (
            (stacked.weights, stacked.candidates),
            Some((stacked.typed, names, stacked.reviews, stacked.failed)),
        )
    };
    drop(progress);
    let (weights, candidates) = weights;
    let mut notes = format!(
        "Learned by `reviewlens entities learn` from {} ({} reviews, {candidates} candidates), \
         {} passes.",
        file_names(&args.gold),
        gold.len(),
        args.epochs
    );
    notes.push_str(&format!(
        "\nWith a second reading: what a first reading decided of the other candidates of a \
         review, learned over first readings cross-fitted over {SECOND_FOLDS} folds."
    ));
    if let Some((_, names, reviews, _)) = &typed {
        notes.push_str(&format!(
            "\nWith typed priors ({names} names) mined from {reviews} reviews of {} (annotated \
             and listed reviews left out), cross-fitted over {} folds.",
            file_names(&args.typed_corpus),
            args.typed_folds
        ));
    }
    super::lexicon::add_credit(&mut notes, args.credit.as_deref());
    super::lexicon::write_atomically(&args.output, |w| Trainer::write(&weights, &notes, w))?;
    if let (Some((counter, _, reviews, _)), Some(path)) = (&typed, &args.typed_output) {
        let mut typed_notes = format!(
            "Typed priors: what a typer learned by `reviewlens entities learn` from {} ({} \
             reviews), without typed priors, decided of each name over {reviews} reviews of {} \
             (annotated and listed reviews left out). No review text is included.",
            file_names(&args.gold),
            gold.len(),
            file_names(&args.typed_corpus),
        );
        super::lexicon::add_credit(&mut typed_notes, args.credit.as_deref());
        super::lexicon::write_atomically(path, |w| {
            counter.write(TYPED_MIN, TYPED_MIN_SEEN, &typed_notes, w)?;
            Ok(())
        })?;
    }
    super::term::message!(
        "reviewlens: learned {} feature weights from {candidates} candidates of {} reviews -> {}{}",
        weights.len(),
        gold.len(),
        args.output.display(),
        match (&typed, &args.typed_output) {
            (Some((_, names, reviews, failed)), Some(p)) => format!(
                " (typed priors of {names} names from {reviews} reviews, {failed} inputs could \
                 not be read -> {})",
                p.display()
            ),
            _ => String::new(),
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// The fewest times the typer must have typed a name over the corpus for typed priors to
/// keep it; learning and mining use the same.
pub const TYPED_MIN: u32 = 1;

/// The share of training candidates that learn without their typed priors (out of so many).
pub const TYPED_DROPOUT: (u32, u32) = (1, 2);

/// The fewest times a name the typer never typed must have been a candidate for typed priors
/// to keep it.
pub const TYPED_MIN_SEEN: u32 = 2;

/// The unlabeled reviews typed priors are mined from: every review of `inputs` but those whose
/// id one of the exclusion files lists (one id a line) and those whose text is an annotated
/// document's (a review's own decision must not come back to it as evidence from others).
/// The files are read again at each pass, a chunk at a time, so a corpus of any size is
/// never held whole.
pub(super) struct TypedCorpus<'a> {
    inputs: &'a [PathBuf],
    text_column: &'a str,
    ids: std::collections::HashSet<String>,
    annotated: std::collections::HashSet<&'a str>,
    /// Whether a pass has named the inputs that cannot be read.
    reported: std::sync::atomic::AtomicBool,
}

impl<'a> TypedCorpus<'a> {
    /// The corpus of `inputs`, leaving out the ids `exclude_ids` list and the `annotated`
    /// documents' texts.
    pub(super) fn new(
        inputs: &'a [PathBuf],
        text_column: &'a str,
        exclude_ids: &[PathBuf],
        annotated: impl IntoIterator<Item = &'a super::eval::EntityGold>,
    ) -> anyhow::Result<TypedCorpus<'a>> {
        let mut ids = std::collections::HashSet::new();
        for path in exclude_ids {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
            ids.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(String::from),
            );
        }
        Ok(TypedCorpus {
            inputs,
            text_column,
            ids,
            annotated: annotated.into_iter().map(|g| g.doc.text.as_str()).collect(),
            reported: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// What `extractor` decides of each candidate over the corpus, counted by name, with the
    /// reviews counted and the inputs that could not be read.
    fn count(&self, extractor: &EntityExtractor) -> anyhow::Result<(PriorCounter, usize, usize)> {
        use rayon::prelude::*;
        let mut counter = PriorCounter::new();
        let mut counted = 0;
        // The first pass names the inputs that cannot be read; the others only count them.
        let report = !self
            .reported
            .swap(true, std::sync::atomic::Ordering::Relaxed);
        let (_, failed) = read_in_chunks(
            self.inputs,
            self.text_column,
            "typing the corpus",
            report,
            |docs| {
                let kept: Vec<&str> = docs
                    .iter()
                    .filter(|d| !self.ids.contains(&*d.id) && !self.annotated.contains(&*d.text))
                    .map(|d| &*d.text)
                    .collect();
                counted += kept.len();
                counter.merge(count_in_parallel(kept.into_par_iter(), |text, c| {
                    extractor.count_typed(text, c)
                }));
            },
        )?;
        anyhow::ensure!(
            counted > 0,
            "--typed-corpus {}: no review to mine ({failed} inputs could not be read; every \
             other review is annotated or excluded)",
            file_names(self.inputs)
        );
        Ok((counter, counted, failed))
    }
}

/// What `count` counts of each of `texts`, counted in parallel and merged.
fn count_in_parallel<'t>(
    texts: impl rayon::iter::ParallelIterator<Item = &'t str>,
    count: impl Fn(&str, &mut PriorCounter) + Sync + Send,
) -> PriorCounter {
    use rayon::iter::ParallelIterator;
    texts
        .fold(PriorCounter::new, |mut counter, text| {
            count(text, &mut counter);
            counter
        })
        .reduce(PriorCounter::new, |mut a, b| {
            a.merge(b);
            a
        })
}

/// The priors a typed counter holds: the names typed at least [`TYPED_MIN`] times or seen
/// [`TYPED_MIN_SEEN`] times (the table its file holds).
pub(super) fn typed_priors(counter: &PriorCounter) -> TypedPriors {
    counter.typed_priors(TYPED_MIN, TYPED_MIN_SEEN)
}

/// A typer's weights learned from `examples` (per document) of the documents `keep` selects.
/// Returns them with the number of examples.
fn train_on(
    examples: &[Vec<Example>],
    keep: impl Fn(usize) -> bool,
    epochs: usize,
) -> (Weights, usize) {
    let mut trainer = Trainer::new();
    for (i, ex) in examples.iter().enumerate() {
        if keep(i) {
            for e in ex {
                trainer.add(e);
            }
        }
    }
    (trainer.train(epochs), trainer.len())
}

type Weights = std::collections::BTreeMap<String, [f32; reviewlens::entity::typer::N]>;

/// The folds the second reading's first scores are cross-fitted over ([`learn_second`]).
pub(super) const SECOND_FOLDS: u32 = 5;

/// `weights` (a first reading, learned from `examples` of the documents `gold`) with those of a
/// second reading ([`reviewlens::entity::typer::decided_features`]): what the first reading's
/// decisions of the other candidates of a document add to a candidate's scores.
///
/// Stacking, cross-fitted by document: the documents fall in [`SECOND_FOLDS`] folds; a first
/// reading learned from the others scores each fold's candidates, and the second reading's
/// weights are learned over those scores (as offsets: the first reading's weights stay as
/// they are), so that they learn how far a first decision can be trusted on a review it never
/// saw. `rules` must find the candidates `examples` were made of.
pub(super) fn learn_second(
    rules: &EntityExtractor,
    gold: &[&super::eval::EntityGold],
    examples: &[Vec<Example>],
    weights: Weights,
    epochs: usize,
) -> Weights {
    use rayon::prelude::*;
    let fold: Vec<u32> = gold
        .iter()
        .map(|g| super::eval::fold_of(&g.fold_key, SECOND_FOLDS))
        .collect();
    let mut first: Vec<Vec<[f32; reviewlens::entity::typer::N]>> = vec![Vec::new(); gold.len()];
    for j in 0..SECOND_FOLDS {
        if !fold.contains(&j) {
            continue;
        }
        let (w, _) = train_on(examples, |i| fold[i] != j, epochs);
        let model = Trainer::model(&w);
        let part: Vec<(usize, Vec<_>)> = (0..gold.len())
            .into_par_iter()
            .filter(|&i| fold[i] == j)
            .map(|i| {
                (
                    i,
                    examples[i]
                        .iter()
                        .map(|e| model.score_text(&e.features))
                        .collect(),
                )
            })
            .collect();
        for (i, scores) in part {
            first[i] = scores;
        }
    }
    let second: Vec<Vec<Example>> = (0..gold.len())
        .into_par_iter()
        .map(|i| rules.decided_examples(&gold[i].doc.text, &gold[i].byte_spans(), &first[i]))
        .collect();
    let mut trainer = Trainer::new();
    for (ex, first) in second.iter().zip(&first) {
        for (e, &offset) in ex.iter().zip(first) {
            trainer.add_with_offset(e, offset);
        }
    }
    let mut weights = weights;
    weights.extend(trainer.train(epochs));
    weights
}

/// A typer learned with typed priors, and the typed priors it is to be used with.
///
/// Stacking, cross-fitted by document: the documents fall in `folds` folds (by
/// [`super::eval::fold_of`] of their fold key); a typer learned without typed priors from
/// all folds but one types `corpus`, and what it decided is the typed priors the held-out
/// fold's documents learn from. So no document learns from evidence its own label shaped,
/// as no review a user types did. The table returned is mined by a typer learned from every
/// document. `rules` is the extractor without typer or typed priors.
pub(super) fn learn_stacked(
    rules: &EntityExtractor,
    gold: &[&super::eval::EntityGold],
    corpus: &TypedCorpus<'_>,
    folds: u32,
    epochs: usize,
    progress: &Steps,
) -> anyhow::Result<Stacked> {
    use rayon::prelude::*;
    let rules = &rules.clone().with_typer(None).with_typed(None);
    let fold: Vec<u32> = gold
        .iter()
        .map(|g| super::eval::fold_of(&g.fold_key, folds))
        .collect();
    let plain: Vec<Vec<Example>> = gold
        .par_iter()
        .map(|g| rules.examples(&g.doc.text, &g.byte_spans()))
        .collect();
    let mut stacked: Vec<Vec<Example>> = vec![Vec::new(); gold.len()];
    for j in 0..folds {
        if !fold.contains(&j) {
            continue;
        }
        progress.doing(format!(
            "typed priors for part {} of {folds}: learning a typer from the others",
            j + 1,
        ));
        let (weights, _) = train_on(&plain, |i| fold[i] != j, epochs);
        let typer = rules.clone().with_typer(Some(Trainer::model(&weights)));
        let table = typed_priors(&corpus.count(&typer)?.0);
        let with = rules.clone().with_typed(Some(table));
        let part: Vec<(usize, Vec<Example>)> = (0..gold.len())
            .into_par_iter()
            .filter(|&i| fold[i] == j)
            .map(|i| (i, with.examples(&gold[i].doc.text, &gold[i].byte_spans())))
            .collect();
        for (i, ex) in part {
            // Typed priors change features, never candidates.
            debug_assert_eq!(ex.len(), plain[i].len());
            // Some candidates learn without their typed priors (as a name the corpus never
            // showed is typed), so that the other features keep their weight.
            stacked[i] = ex
                .into_iter()
                .zip(&plain[i])
                .enumerate()
                .map(|(ci, (typed, plain))| {
                    let key = format!("{}#{ci}", gold[i].fold_key);
                    if super::eval::fold_of(&key, TYPED_DROPOUT.1) < TYPED_DROPOUT.0 {
                        plain.clone()
                    } else {
                        typed
                    }
                })
                .collect();
        }
    }
    progress.doing("typed priors: learning a typer from every document".to_string());
    let (all, _) = train_on(&plain, |_| true, epochs);
    let (typed, reviews, failed) =
        corpus.count(&rules.clone().with_typer(Some(Trainer::model(&all))))?;
    progress.doing("learning the typer with typed priors".to_string());
    let (weights, candidates) = train_on(&stacked, |_| true, epochs);
    progress.doing("learning the second reading".to_string());
    let with = rules.clone().with_typed(Some(typed_priors(&typed)));
    let weights = learn_second(&with, gold, &stacked, weights, epochs);
    Ok(Stacked {
        weights,
        candidates,
        typed,
        reviews,
        failed,
    })
}

/// What [`learn_stacked`] learns.
pub(super) struct Stacked {
    /// The typer's weights.
    pub(super) weights: Weights,
    /// The candidates it learned from.
    pub(super) candidates: usize,
    /// The typed priors it goes with, as counted.
    pub(super) typed: PriorCounter,
    /// The corpus's reviews they were counted over.
    pub(super) reviews: usize,
    /// The corpus's inputs that could not be read.
    pub(super) failed: usize,
}
