//! `reviewlens lexicon learn`: a domain lexicon of learned weights from labeled reviews.

use super::progress::Steps;
use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use reviewlens::sentiment::learn::{
    is_held_out, learn_terms_over, residual_of, write_weights, LearnOptions, Method,
};
use reviewlens::sentiment::LEARNED_MARKER;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Learn word and bigram weights from labeled reviews.
    ///
    /// INPUT is a CSV (header row) or JSONL file (by extension) with a text and a label per
    /// review; labels are pos/positive/1/true or neg/negative/0/-1/false (rows with another
    /// label, such as neutral, are skipped and counted). The weights are naive-Bayes log-count
    /// ratios of the words and bigrams the scorer looks up; use the file with
    /// `--lexicon OUT.tsv`, which replaces the built-in learned weights of its terms.
    Learn(LearnArgs),
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// The labeled reviews (CSV or JSONL).
    input: PathBuf,

    /// Where to write the lexicon (TSV).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    /// Column (CSV) or field (JSONL) holding the review text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_column: String,

    /// Column or field holding the label.
    #[arg(long, value_name = "NAME", default_value = "label")]
    label_column: String,

    /// Column or field holding the review id (used by --holdout).
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_column: String,

    /// Learn only from the four fifths of rows whose id is not held out (a fixed hash of the
    /// id), so the other fifth can measure the result; this is how the shipped IMDB weights
    /// were learned.
    #[arg(long)]
    holdout: bool,

    /// With --holdout: also write the held-out rows here, as CSV with columns id, label (pos or
    /// neg), text, ready for `reviewlens eval sentiment`.
    #[arg(long, value_name = "FILE", requires = "holdout")]
    heldout_out: Option<PathBuf>,

    #[command(flatten)]
    terms: TermArgs,

    /// Where the reviews come from (a citation, a licence), written into the file's header.
    #[arg(long, value_name = "TEXT")]
    credit: Option<String>,
}

/// How term weights are learned: `lexicon learn`'s options, which `eval sentiment --folds`
/// takes too so that it cross-validates what `lexicon learn` with them would make. An option not
/// given takes the default (for `--folds` over the file a built-in layer was learned from, that
/// layer's own recipe).
#[derive(Debug, Args)]
pub struct TermArgs {
    /// Drop terms found in fewer reviews than this [default: 20].
    #[arg(long, value_name = "N")]
    min_docs: Option<u32>,

    /// Keep at most this many terms (the strongest and most frequent; at least 1) [default:
    /// 12000].
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    max_terms: Option<usize>,

    /// Additive smoothing of the document counts (a number above 0) [default: 1].
    #[arg(
        long,
        value_name = "A",
        value_parser = positive_number,
        allow_negative_numbers = true
    )]
    smoothing: Option<f64>,

    /// Learn single words only, no bigrams.
    #[arg(long)]
    no_bigrams: bool,

    /// How the weights are fit: `nb` (naive-Bayes log-count ratios, each term on its own) or
    /// `logistic` (an L2-penalized logistic regression over the evidence the scorer sums, the
    /// ratios as feature scales; for a built-in layer's file, fit to what the rest of the
    /// scorer leaves unexplained) [default: nb].
    #[arg(long, value_name = "METHOD", value_parser = ["nb", "logistic"])]
    method: Option<String>,

    /// With --method logistic: strength of the L2 penalty (a number above 0) [default: 1e-5].
    #[arg(long, value_name = "L", value_parser = positive_number)]
    l2: Option<f64>,
}

impl TermArgs {
    /// The learner's options: those given, the others from `base`.
    pub fn options_over(&self, base: LearnOptions) -> LearnOptions {
        LearnOptions {
            min_docs: self.min_docs.unwrap_or(base.min_docs),
            max_terms: self.max_terms.unwrap_or(base.max_terms),
            smoothing: self.smoothing.unwrap_or(base.smoothing),
            bigrams: base.bigrams && !self.no_bigrams,
            method: match self.method.as_deref() {
                Some("logistic") => Method::Logistic,
                Some(_) => Method::NaiveBayes,
                None => base.method,
            },
            l2: self.l2.unwrap_or(base.l2),
        }
    }

    /// True when any option was given.
    pub fn any_given(&self) -> bool {
        self.min_docs.is_some()
            || self.max_terms.is_some()
            || self.smoothing.is_some()
            || self.no_bigrams
            || self.method.is_some()
            || self.l2.is_some()
    }
}

/// Runs `reviewlens lexicon`.
pub fn lexicon(command: LexiconCommand) -> anyhow::Result<ExitCode> {
    match command {
        LexiconCommand::Learn(args) => learn(args),
    }
}

/// One labeled review.
struct Row {
    id: String,
    label: String,
    text: String,
    /// 1-based line of the file where the row starts.
    line: u64,
}

/// A finite number above 0 (for `--smoothing`: 0 or less, NaN or infinity would write
/// infinite or NaN weights).
fn positive_number(value: &str) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        Ok(_) => Err(format!("{value} is not a finite number above 0")),
        Err(e) => Err(format!("{value} is not a number: {e}")),
    }
}

/// A whole number of at least 1 (for `--max-terms`: 0 would write an empty lexicon).
fn at_least_one(value: &str) -> Result<usize, String> {
    match value.trim().parse::<usize>() {
        Ok(0) => Err("0 keeps no term; give at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{value} is not a whole number: {e}")),
    }
}

/// Which file a path names, to tell whether two paths are the same file.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum FileIdentity {
    /// An existing file (symlinks followed): its device and inode.
    #[cfg(unix)]
    Inode(u64, u64),
    /// An existing file (symlinks followed): its canonical path.
    #[cfg(not(unix))]
    Existing(PathBuf),
    /// A file not there yet: its folder's canonical path and its name.
    New(PathBuf),
}

/// The identity of the file at `path`.
pub(super) fn file_identity(path: &Path) -> FileIdentity {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::MetadataExt;
        return FileIdentity::Inode(meta.dev(), meta.ino());
    }
    #[cfg(not(unix))]
    if let Ok(path) = std::fs::canonicalize(path) {
        return FileIdentity::Existing(path);
    }
    let parent = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(parent), path.file_name()) {
        (Ok(parent), Some(name)) => FileIdentity::New(parent.join(name)),
        _ => FileIdentity::New(path.to_path_buf()),
    }
}

/// Refuses outputs that would overwrite the input or each other.
fn check_outputs(args: &LearnArgs) -> anyhow::Result<()> {
    let input = file_identity(&args.input);
    let output = file_identity(&args.output);
    if output == input {
        bail!(
            "-o {} is the same file as the input {}: refusing to overwrite the labeled reviews",
            args.output.display(),
            args.input.display()
        );
    }
    if let Some(held) = &args.heldout_out {
        let held_identity = file_identity(held);
        if held_identity == input {
            bail!(
                "--heldout-out {} is the same file as the input {}: refusing to overwrite the \
                 labeled reviews",
                held.display(),
                args.input.display()
            );
        }
        if held_identity == output {
            bail!(
                "--heldout-out {} is the same file as -o {}: give them different files",
                held.display(),
                args.output.display()
            );
        }
    }
    Ok(())
}

fn learn(args: LearnArgs) -> anyhow::Result<ExitCode> {
    check_outputs(&args)?;
    let progress = Steps::new("reading the labeled reviews");
    let rows = read_rows(&args)?;
    let mut train: Vec<(&str, bool)> = Vec::with_capacity(rows.len());
    let mut held: Vec<(&Row, bool)> = Vec::new();
    let mut skipped = 0usize;
    let mut first_skipped = None;
    for row in &rows {
        let Some(positive) = parse_label(&row.label) else {
            skipped += 1;
            first_skipped.get_or_insert(row.line);
            continue;
        };
        if args.holdout && is_held_out(&row.id) {
            held.push((row, positive));
        } else {
            train.push((row.text.as_str(), positive));
        }
    }
    let (pos, neg) = (
        train.iter().filter(|r| r.1).count(),
        train.iter().filter(|r| !r.1).count(),
    );
    if pos == 0 || neg == 0 {
        bail!(
            "{}: need both positive and negative reviews to learn from (found {pos} positive, \
             {neg} negative, {skipped} with another label)",
            args.input.display()
        );
    }
    let options = args.terms.options_over(LearnOptions::DEFAULT);
    progress.doing(format!(
        "learning term weights from {} reviews",
        train.len()
    ));
    let name = args.input.file_name().map_or_else(
        || args.input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // A logistic layer that replaces a built-in one fits what the rest of the scorer leaves
    // unexplained.
    let residual = if options.method == Method::Logistic {
        residual_of(&name, train.iter().map(|r| r.0))
    } else {
        None
    };
    let learned = learn_terms_over(
        train.iter().copied(),
        residual.as_ref().map(|base| base.residual(&base.scores)),
        &options,
    );
    drop(progress);
    let weights = learned.weights;
    let holdout = if args.holdout {
        ",\nthe four fifths of rows that sentiment::learn::is_held_out keeps for training"
    } else {
        ""
    };
    let method = match (options.method, &residual) {
        (Method::NaiveBayes, _) => "naive-Bayes log-count ratios of words and bigrams (term TAB \
             weight; a bigram is two\nwords separated by a space)"
            .to_string(),
        (Method::Logistic, residual) => {
            format!(
            "an L2-penalized logistic regression (l2 {:e}) of the labels on the evidence of the\n\
             {} the scorer sums, naive-Bayes ratios as feature scales{};\nterm TAB weight, a \
             bigram being two words separated by a space",
            options.l2,
            if options.bigrams {
                "words and bigrams"
            } else {
                "words"
            },
            match residual {
                Some(base) => format!(
                    ",\nfit to what the built-in scorer leaves unexplained without this layer \
                     (added at scale {}{})",
                    base.scale,
                    if base.long_reviews {
                        format!(", in full from {} words", reviewlens::sentiment::LONG_REVIEW_WORDS)
                    } else {
                        String::new()
                    }
                ),
                None => String::new(),
            }
        )
        }
    };
    let mut header = format!(
        "{}\nTerm weights learned by `reviewlens lexicon learn` from {name}:\n{method}, from {} \
         reviews ({pos} positive, {neg} negative){holdout};\nmin docs {}, smoothing {}, at \
         most {} terms. No review text is included.",
        LEARNED_MARKER.trim_start_matches("# "),
        train.len(),
        options.min_docs,
        options.smoothing,
        options.max_terms,
    );
    add_credit(&mut header, args.credit.as_deref());
    write_atomically(&args.output, |w| write_weights(w, &header, &weights))?;
    if let Some(path) = &args.heldout_out {
        write_atomically(path, |w| {
            let mut csv = csv::Writer::from_writer(w);
            csv.write_record(["id", "label", "text"])?;
            // The labels eval sentiment (and score_sentiment.py) read, whatever the input said.
            for (row, positive) in &held {
                let label = if *positive { "pos" } else { "neg" };
                csv.write_record([row.id.as_str(), label, row.text.as_str()])?;
            }
            csv.flush()
        })?;
    }
    super::term::message!(
        "reviewlens: learned {} terms from {} reviews ({pos} positive, {neg} negative){}{} -> {}",
        weights.len(),
        train.len(),
        if args.holdout {
            format!("; {} held out", held.len())
        } else {
            String::new()
        },
        if let Some(line) = first_skipped {
            format!("; {skipped} rows with another label skipped (the first at line {line})")
        } else {
            String::new()
        },
        args.output.display()
    );
    if learned.frequent_terms == 0 {
        // Written as it is (the run did what was asked), but almost certainly not what was meant.
        super::term::message!(
            "reviewlens: warning: no term reached --min-docs {} in the {} training reviews, so \
             {} holds no weights; try a lower --min-docs",
            options.min_docs,
            train.len(),
            args.output.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A label's class: `Some(true)` for positive, `Some(false)` for negative, `None` otherwise.
fn parse_label(label: &str) -> Option<bool> {
    match label.trim().to_ascii_lowercase().as_str() {
        "pos" | "positive" | "1" | "true" | "+" => Some(true),
        "neg" | "negative" | "0" | "-1" | "false" | "-" => Some(false),
        _ => None,
    }
}

fn read_rows(args: &LearnArgs) -> anyhow::Result<Vec<Row>> {
    let path = &args.input;
    let jsonl = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
    if jsonl {
        read_jsonl(args)
    } else {
        read_csv(args)
    }
}

fn read_csv(args: &LearnArgs) -> anyhow::Result<Vec<Row>> {
    let path = &args.input;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let headers = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header row", path.display()))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: no column named {name:?} (columns: {})",
                    path.display(),
                    headers.iter().collect::<Vec<_>>().join(", ")
                )
            })
    };
    let text = column(&args.text_column)?;
    let label = column(&args.label_column)?;
    let id = if args.holdout {
        Some(column(&args.id_column)?)
    } else {
        headers.iter().position(|h| h.trim() == args.id_column)
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("{}", path.display()))?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        rows.push(Row {
            id: id.map(field).unwrap_or_else(|| line.to_string()),
            label: field(label),
            text: field(text),
            line,
        });
    }
    Ok(rows)
}

fn read_jsonl(args: &LearnArgs) -> anyhow::Result<Vec<Row>> {
    let path = &args.input;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line_no = n as u64 + 1;
        let line = line.with_context(|| format!("{}:{line_no}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{line_no}: not JSON", path.display()))?;
        let field = |name: &str| match value.get(name) {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        };
        let text = field(&args.text_column).ok_or_else(|| {
            anyhow::anyhow!(
                "{}:{line_no}: no {:?} field",
                path.display(),
                args.text_column
            )
        })?;
        let id = match field(&args.id_column) {
            Some(id) => id,
            None if args.holdout => bail!(
                "{}:{line_no}: no {:?} field (--holdout needs ids)",
                path.display(),
                args.id_column
            ),
            None => line_no.to_string(),
        };
        rows.push(Row {
            id,
            label: field(&args.label_column).unwrap_or_default(),
            text,
            line: line_no,
        });
    }
    Ok(rows)
}

/// Writes `path` through a temporary file in the same folder, renamed into place when
/// complete, so that a failed run never leaves a half-written file.
pub(super) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&mut std::fs::File>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".lexicon.").suffix(".tmp");
    #[cfg(unix)]
    {
        // An ordinary file (rw-r--r-- before the umask), not a private temp file.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut held = super::signals::Cleanup::hold();
    let mut tmp = builder
        .tempfile_in(&dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    held.add(super::signals::Leftover::File(tmp.path().to_path_buf()));
    drop(held);
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        write(&mut w).with_context(|| format!("cannot write {}", path.display()))?;
        w.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    {
        let _hold = super::signals::Cleanup::hold();
        tmp.persist(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    super::signals::Cleanup::forget();
    Ok(())
}

/// Adds the user's `--credit` text (a citation, a licence) as the last line of a data file's
/// notes.
pub(super) fn add_credit(notes: &mut String, credit: Option<&str>) {
    if let Some(credit) = credit {
        notes.push('\n');
        notes.push_str(credit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoothing_must_be_a_finite_number_above_zero() {
        assert_eq!(positive_number("0.5"), Ok(0.5));
        for bad in ["0", "-0", "-1", "NaN", "inf", "-inf", "", "one"] {
            assert!(positive_number(bad).is_err(), "{bad}");
        }
        assert_eq!(at_least_one("3"), Ok(3));
        assert!(at_least_one("0").is_err());
    }

    #[test]
    fn a_file_is_known_by_its_identity_whatever_its_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "label,text\n").unwrap();
        let same = |a: &Path, b: &Path| file_identity(a) == file_identity(b);
        assert!(same(&input, &dir.path().join(".").join("in.csv")));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            assert!(same(&input, &link));
        }
        // Files not there yet are the same when their folder and name are.
        let new = dir.path().join("new.tsv");
        assert!(same(&new, &dir.path().join(".").join("new.tsv")));
        assert!(!same(&new, &input));
        assert!(!same(&new, &dir.path().join("other.tsv")));
    }
}
