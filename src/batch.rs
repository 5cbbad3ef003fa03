//! The batch runner: finds the inputs, reads them, runs the pipeline over all cores and feeds
//! the results to a sink in input order.
//!
//! This is the only module with threads. Invariants:
//! - inputs are visited in a fixed order (arguments as given; folders walked recursively in
//!   byte order of file names), and results reach the sink in that order whatever the number of
//!   threads, so reports are byte-identical for every `--jobs`;
//! - documents stream through in bounded chunks, read, analyzed and written in a pipeline: a
//!   reader thread fills the next chunk while the pool analyzes the two before it, in small
//!   batches taken first in, first out, and the caller's thread writes the older one once all
//!   its batches are done. Memory holds at most four chunks, plus the per-entity aggregates;
//! - the walk streams too ([`Walker`]): a folder is listed when the walk reaches it, so the
//!   first reviews are analyzed while the rest of a large tree is still being found;
//! - one bad input is one error event for the sink; the run goes on. Only a failing sink stops it;
//! - the output folder is never read as input, nor is a folder holding an earlier run's reports
//!   (reviews.csv, mentions.csv, entities.csv and errors.csv together); hidden files and folders (names starting with
//!   `.`) are not visited; symlinks to files are followed, symlinks to folders are not.

use crate::aggregate::{EntityTable, Totals};
use crate::doc::Doc;
use crate::error::{Error, Result};
use crate::pipeline::{Analysis, Encoding, Pipeline, Scratch};
use crate::read::{self, Columns, CsvRows, JsonlRows, Row};
use crate::report::ReportSink;
use rayon::prelude::*;
use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// How an input file is read, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `.txt` or `.md`: the file is one review.
    Review,
    /// `.csv`: one review per row.
    Csv,
    /// `.jsonl` (or `.ndjson`): one review per line.
    Jsonl,
}

impl FileKind {
    /// The kind of a path, or `None` for files that are not reviews.
    pub fn of(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "markdown" => Some(FileKind::Review),
            "csv" => Some(FileKind::Csv),
            "jsonl" | "ndjson" => Some(FileKind::Jsonl),
            _ => None,
        }
    }
}

/// One input file found by the walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its review id: the path relative to the folder given, with `/`, or the file name.
    pub id: String,
    /// How to read it.
    pub kind: FileKind,
    /// Its size in bytes (0 if unknown).
    pub bytes: u64,
}

/// What the walk found: files to read, problems, and how many files were skipped.
#[derive(Debug, Default)]
pub struct Walk {
    /// Review and table files, in visiting order, with the problems found on the way
    /// (a broken symlink, an unreadable folder) in their place.
    pub entries: Vec<std::result::Result<InputFile, (String, Error)>>,
    /// Files skipped because they are not reviews (their extension).
    pub skipped: u64,
}

impl Walk {
    /// Total bytes of the files found.
    pub fn bytes(&self) -> u64 {
        self.entries
            .iter()
            .filter_map(|e| e.as_ref().ok())
            .map(|f| f.bytes)
            .sum()
    }
}

/// Finds the input files under `inputs`, leaving out `exclude` (the output folder): all of
/// [`Walker`]'s entries, gathered.
///
/// An input that does not exist is an error for the whole run: the caller asked for it by name.
pub fn walk(inputs: &[PathBuf], exclude: Option<&Path>) -> Result<Walk> {
    let mut walker = Walker::new(inputs, exclude)?;
    let entries = walker.by_ref().collect();
    Ok(Walk {
        entries,
        skipped: walker.counts().skipped(),
    })
}

/// One entry of a walk: a file to read, or a problem found on the way and where.
pub type WalkEntry = std::result::Result<InputFile, (String, Error)>;

/// The input files under some inputs, found as they are asked for (a run can start analyzing
/// before the walk of a large folder is over). Same order and same entries as [`walk`] gives.
pub struct Walker {
    /// Inputs not visited yet, with their metadata.
    inputs: VecDeque<(PathBuf, std::fs::Metadata)>,
    /// The folders being listed, innermost last: the input folder they are under and the
    /// entries not visited yet, in order.
    folders: Vec<(Arc<Path>, std::vec::IntoIter<std::fs::DirEntry>)>,
    exclude: Option<PathBuf>,
    counts: WalkCounts,
}

/// What a [`Walker`] has found so far, readable from any thread while it runs.
#[derive(Clone, Debug, Default)]
pub struct WalkCounts(Arc<Counts>);

#[derive(Debug, Default)]
struct Counts {
    skipped: AtomicU64,
    bytes: AtomicU64,
}

impl WalkCounts {
    /// Files skipped because they are not reviews (their extension).
    pub fn skipped(&self) -> u64 {
        self.0.skipped.load(Ordering::Relaxed)
    }

    /// Total bytes of the files found.
    pub fn bytes(&self) -> u64 {
        self.0.bytes.load(Ordering::Relaxed)
    }

    fn skip(&self) {
        self.0.skipped.fetch_add(1, Ordering::Relaxed);
    }

    fn found(&self, bytes: u64) {
        self.0.bytes.fetch_add(bytes, Ordering::Relaxed);
    }
}

impl Walker {
    /// A walk of `inputs`, leaving out `exclude`. Every input must exist.
    pub fn new(inputs: &[PathBuf], exclude: Option<&Path>) -> Result<Walker> {
        let inputs = inputs
            .iter()
            .map(|input| match std::fs::metadata(input) {
                Ok(meta) => Ok((input.clone(), meta)),
                Err(source) => Err(Error::Read {
                    path: input.clone(),
                    source,
                }),
            })
            .collect::<Result<_>>()?;
        Ok(Walker {
            inputs,
            folders: Vec::new(),
            exclude: exclude.and_then(|p| p.canonicalize().ok()),
            counts: WalkCounts::default(),
        })
    }

    /// A handle on the counts, which go on growing as the walk proceeds.
    pub fn counts(&self) -> WalkCounts {
        self.counts.clone()
    }

    /// Starts listing `dir` (under the input folder `root`), or tells why it cannot be listed.
    fn enter(&mut self, root: &Arc<Path>, dir: &Path) -> Option<WalkEntry> {
        if let (Some(exclude), Ok(canonical)) = (&self.exclude, dir.canonicalize()) {
            if canonical == *exclude {
                return None;
            }
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(source) => {
                return Some(Err((
                    dir.display().to_string(),
                    Error::Read {
                        path: dir.to_path_buf(),
                        source,
                    },
                )))
            }
        };
        let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
        entries.sort_by_key(|e| e.file_name());
        if !is_report_folder(&entries) {
            self.folders.push((root.clone(), entries.into_iter()));
        }
        None
    }

    /// The entry for a file (of type `file_type`, not a folder) found at `path` in a folder
    /// under `root`, if it is one to read or a problem.
    fn file(&self, root: &Path, file_type: std::fs::FileType, path: PathBuf) -> Option<WalkEntry> {
        let Some(kind) = FileKind::of(&path) else {
            self.counts.skip();
            return None;
        };
        // Follows symlinks: a broken one is an error for that input.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => {
                self.counts.found(meta.len());
                Some(Ok(InputFile {
                    id: relative_id(root, &path),
                    path,
                    kind,
                    bytes: meta.len(),
                }))
            }
            Ok(_) => {
                self.counts.skip();
                None
            }
            Err(source) => {
                let source = if file_type.is_symlink() {
                    std::io::Error::new(source.kind(), format!("broken symlink: {source}"))
                } else {
                    source
                };
                Some(Err((
                    path.display().to_string(),
                    Error::Read { path, source },
                )))
            }
        }
    }
}

impl Iterator for Walker {
    type Item = WalkEntry;

    fn next(&mut self) -> Option<WalkEntry> {
        loop {
            if let Some((root, entries)) = self.folders.last_mut() {
                let root = root.clone();
                let Some(entry) = entries.next() else {
                    self.folders.pop();
                    continue;
                };
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                let path = entry.path();
                let Ok(file_type) = entry.file_type() else {
                    continue;
                };
                let found = if file_type.is_dir() {
                    self.enter(&root, &path)
                } else {
                    self.file(&root, file_type, path)
                };
                match found {
                    Some(found) => return Some(found),
                    None => continue,
                }
            }
            let (input, meta) = self.inputs.pop_front()?;
            if meta.is_dir() {
                let root: Arc<Path> = Arc::from(input.as_path());
                if let Some(problem) = self.enter(&root, &input) {
                    return Some(problem);
                }
                continue;
            }
            let id = input.file_name().map_or_else(
                || input.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            match FileKind::of(&input) {
                Some(kind) => {
                    self.counts.found(meta.len());
                    return Some(Ok(InputFile {
                        path: input,
                        id,
                        kind,
                        bytes: meta.len(),
                    }));
                }
                None => self.counts.skip(),
            }
        }
    }
}

/// True when a folder's entries include every report a run always writes.
fn is_report_folder(entries: &[std::fs::DirEntry]) -> bool {
    REPORT_FILES
        .iter()
        .all(|name| entries.iter().any(|e| e.file_name() == *name))
}

/// The reports every run writes; a folder holding all of them is an earlier run's output.
const REPORT_FILES: [&str; 4] = ["reviews.csv", "mentions.csv", "entities.csv", "errors.csv"];

/// `path` relative to `root`, with `/` separators.
fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// One unit of work, in input order.
#[derive(Debug)]
pub enum Task {
    /// A review file, read by the worker.
    File {
        /// The file.
        path: PathBuf,
        /// Its review id.
        id: String,
        /// Its size when the walk found it (0 if unknown): how much to read at once.
        bytes: u64,
    },
    /// A document already read (a table row).
    Doc(Doc, Encoding),
    /// An input that failed before analysis.
    Failed(String, Error),
}

impl Task {
    fn weight(&self) -> usize {
        match self {
            Task::Doc(doc, _) => doc.text.len(),
            _ => 4096,
        }
    }

    /// The document, read from its file if need be; or where and why it could not be had.
    fn load(self) -> std::result::Result<(Doc, Encoding), (String, Error)> {
        match self {
            Task::Doc(doc, encoding) => Ok((doc, encoding)),
            Task::Failed(source, error) => Err((source, error)),
            Task::File { path, id, bytes } => read::read_review_sized(&path, id, bytes)
                .map_err(|error| (path.display().to_string(), error)),
        }
    }
}

/// Turns the files of a walk into tasks, streaming the rows of table files.
pub struct Tasks {
    files: Box<dyn Iterator<Item = WalkEntry> + Send>,
    rows: Option<Box<dyn Iterator<Item = Row> + Send>>,
    columns: Columns,
}

impl Tasks {
    /// Tasks for the files of a walk.
    pub fn new(walk: Walk, columns: Columns) -> Tasks {
        Tasks::streaming(walk.entries.into_iter(), columns)
    }

    /// Tasks for files as a [`Walker`] (or any iterator of walk entries) finds them.
    pub fn streaming(
        files: impl Iterator<Item = WalkEntry> + Send + 'static,
        columns: Columns,
    ) -> Tasks {
        Tasks {
            files: Box::new(files),
            rows: None,
            columns,
        }
    }
}

impl Iterator for Tasks {
    type Item = Task;

    fn next(&mut self) -> Option<Task> {
        loop {
            if let Some(rows) = &mut self.rows {
                match rows.next() {
                    Some(Ok((doc, encoding))) => return Some(Task::Doc(doc, encoding)),
                    Some(Err((source, error))) => return Some(Task::Failed(source, error)),
                    None => self.rows = None,
                }
            }
            let file = match self.files.next()? {
                Ok(file) => file,
                Err((source, error)) => return Some(Task::Failed(source, error)),
            };
            let opened: Result<Box<dyn Iterator<Item = Row> + Send>> = match file.kind {
                FileKind::Review => {
                    return Some(Task::File {
                        path: file.path,
                        id: file.id,
                        bytes: file.bytes,
                    })
                }
                FileKind::Csv => CsvRows::open(&file.path, &self.columns).map(|r| Box::new(r) as _),
                FileKind::Jsonl => {
                    JsonlRows::open(&file.path, &self.columns).map(|r| Box::new(r) as _)
                }
            };
            match opened {
                Ok(rows) => self.rows = Some(rows),
                Err(error) => return Some(Task::Failed(file.path.display().to_string(), error)),
            }
        }
    }
}

/// The results of one chunk's batches, filled in by the pool as they finish.
struct ChunkResults {
    /// By batch, in input order: its outcomes, or the panic that ended it.
    slots: Mutex<Vec<Option<std::thread::Result<Vec<Outcome>>>>>,
    /// Batches not finished yet.
    left: AtomicUsize,
}

/// The result of one task.
#[derive(Debug)]
pub enum Outcome {
    /// The review was analyzed.
    Analyzed(Box<Analysis>),
    /// It could not be: where, and why.
    Failed(String, Error),
}

/// Runs the pipeline over tasks on a pool of threads.
pub struct Runner<'p> {
    pipeline: &'p Pipeline,
    pool: rayon::ThreadPool,
    chunk_tasks: usize,
    chunk_bytes: usize,
}

impl<'p> Runner<'p> {
    /// A runner with `jobs` threads (0: one per core).
    pub fn new(pipeline: &'p Pipeline, jobs: usize) -> Result<Runner<'p>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .thread_name(|i| format!("reviewlens-{i}"))
            .build()
            .map_err(|e| Error::Write {
                path: PathBuf::from("<thread pool>"),
                source: std::io::Error::other(e),
            })?;
        let threads = pool.current_num_threads();
        Ok(Runner {
            pipeline,
            pool,
            chunk_tasks: 256 * threads,
            chunk_bytes: 16 << 20,
        })
    }

    /// Number of threads.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Sets how many tasks (at most) and roughly how many bytes of table text go in one chunk.
    pub fn chunk_size(mut self, tasks: usize, bytes: usize) -> Runner<'p> {
        self.chunk_tasks = tasks.max(1);
        self.chunk_bytes = bytes.max(1);
        self
    }

    /// Analyzes every task and feeds the sink in input order; `progress` is called after each
    /// batch with the number of tasks done in it. Returns the totals (skipped files not included).
    ///
    /// Three stages overlap: a reader thread gathers the next chunk of tasks (parsing table
    /// rows) while the pool analyzes the two chunks before it and this thread writes the older
    /// one's results to the sink once all of it is done. A chunk goes to the pool as small
    /// batches, queued first in, first out, so that the workers are never left idle at the end
    /// of a chunk: the next one is already queued behind it. The last batch of a chunk to
    /// finish wakes this thread, once per chunk. Results reach the sink in input order; at most
    /// four chunks are in memory.
    pub fn run(
        &self,
        tasks: impl Iterator<Item = Task> + Send,
        sink: &mut dyn ReportSink,
        progress: impl FnMut(&Totals),
    ) -> Result<(Totals, EntityTable)> {
        self.run_with(tasks, sink, progress, |task, scratch| {
            self.process(task, scratch)
        })
    }

    /// [`Runner::run`] with `process` turning each task into its outcome (tests give it one
    /// that panics).
    fn run_with(
        &self,
        tasks: impl Iterator<Item = Task> + Send,
        sink: &mut dyn ReportSink,
        mut progress: impl FnMut(&Totals),
        process: impl Fn(Task, &mut Scratch) -> Outcome + Sync,
    ) -> Result<(Totals, EntityTable)> {
        let process = &process;
        let mut totals = Totals::default();
        let mut entities = EntityTable::new();
        let (chunk_tasks, chunk_bytes) = (self.chunk_tasks, self.chunk_bytes);
        // Eight batches per thread and chunk: small enough that the last batches of a chunk
        // end close together, large enough that queueing them costs nothing.
        let batch_len = (chunk_tasks / (8 * self.threads())).max(1);
        let scratches = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            let (chunks_tx, chunks) = std::sync::mpsc::sync_channel::<Vec<Task>>(1);
            scope.spawn(move || {
                let mut tasks = tasks;
                loop {
                    let mut chunk = Vec::with_capacity(chunk_tasks);
                    let mut bytes = 0;
                    while chunk.len() < chunk_tasks && bytes < chunk_bytes {
                        let Some(task) = tasks.next() else { break };
                        bytes += task.weight();
                        chunk.push(task);
                    }
                    // An empty chunk means the end; a closed channel, that the writer stopped.
                    if chunk.is_empty() || chunks_tx.send(chunk).is_err() {
                        break;
                    }
                }
            });
            let (done_tx, done) = std::sync::mpsc::channel::<u64>();
            let mut write = |outcomes: Vec<Outcome>| -> Result<()> {
                let mut done = Totals::default();
                for outcome in outcomes {
                    match outcome {
                        Outcome::Analyzed(mut analysis) => {
                            sink.review(&analysis)?;
                            done += Totals::of(&analysis);
                            // Written: the text and the sentences are given back before the
                            // entity table takes in the review's entities.
                            drop(std::mem::take(&mut analysis.doc.text));
                            drop(std::mem::take(&mut analysis.sentences));
                            entities.add_review(&analysis);
                        }
                        Outcome::Failed(source, error) => {
                            sink.error(&source, &error)?;
                            done.errors += 1;
                        }
                    }
                }
                progress(&done);
                totals += done;
                Ok(())
            };
            self.pool.in_place_scope_fifo(|pool| {
                // The chunks in the pool, oldest first, and the numbers of those that came back
                // (the last batch of a chunk sends its number: one wake-up of this thread per
                // chunk, not per batch).
                let mut in_pool: VecDeque<(u64, Arc<ChunkResults>)> = VecDeque::new();
                let mut finished: Vec<u64> = Vec::new();
                let mut numbered = 0u64;
                let mut exhausted = false;
                loop {
                    if !exhausted && in_pool.len() < 2 {
                        let Ok(chunk) = chunks.recv() else {
                            exhausted = true;
                            continue;
                        };
                        let batches = chunk.len().div_ceil(batch_len);
                        let results = Arc::new(ChunkResults {
                            slots: Mutex::new((0..batches).map(|_| None).collect()),
                            left: AtomicUsize::new(batches),
                        });
                        let mut chunk = chunk.into_iter();
                        for slot in 0..batches {
                            let batch: Vec<Task> = chunk.by_ref().take(batch_len).collect();
                            let (results, done_tx) = (Arc::clone(&results), done_tx.clone());
                            let (number, scratches) = (numbered, &scratches);
                            pool.spawn_fifo(move |_| {
                                // Caught so that this thread, waiting for the chunk, hears of it.
                                let outcomes = std::panic::catch_unwind(AssertUnwindSafe(|| {
                                    analyze_batch(batch, scratches, process)
                                }));
                                if let Ok(mut slots) = results.slots.lock() {
                                    slots[slot] = Some(outcomes);
                                }
                                if results.left.fetch_sub(1, Ordering::AcqRel) == 1 {
                                    // The receiver lives until every chunk has come back.
                                    let _ = done_tx.send(number);
                                }
                            });
                        }
                        in_pool.push_back((numbered, results));
                        numbered += 1;
                        continue;
                    }
                    let Some((oldest, results)) = in_pool.pop_front() else {
                        return Ok(());
                    };
                    while !finished.contains(&oldest) {
                        let Ok(number) = done.recv() else {
                            unreachable!("this thread holds a sender")
                        };
                        finished.push(number);
                    }
                    finished.retain(|&n| n != oldest);
                    let slots = match results.slots.lock() {
                        Ok(mut slots) => std::mem::take(&mut *slots),
                        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
                    };
                    for outcomes in slots {
                        // Every batch fills its slot before it counts itself finished.
                        let Some(outcomes) = outcomes else {
                            unreachable!("a finished chunk has every batch's outcomes")
                        };
                        let outcomes =
                            outcomes.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                        write(outcomes)?;
                    }
                }
            })
        })?;
        Ok((totals, entities))
    }

    fn process(&self, task: Task, scratch: &mut Scratch) -> Outcome {
        match task.load() {
            Ok((doc, encoding)) => {
                Outcome::Analyzed(Box::new(self.pipeline.analyze(doc, encoding, scratch)))
            }
            Err((source, error)) => Outcome::Failed(source, error),
        }
    }
}

/// Processes one batch with a scratch taken from (and given back to) `scratches`.
fn analyze_batch(
    batch: Vec<Task>,
    scratches: &Mutex<Vec<Scratch>>,
    process: impl Fn(Task, &mut Scratch) -> Outcome,
) -> Vec<Outcome> {
    let taken = scratches.lock().ok().and_then(|mut s| s.pop());
    let mut scratch = taken.unwrap_or_default();
    let outcomes = batch
        .into_iter()
        .map(|task| process(task, &mut scratch))
        .collect();
    if let Ok(mut s) = scratches.lock() {
        s.push(scratch);
    }
    outcomes
}

/// Reads every task into memory, in order: the documents, and the inputs that failed. For
/// benchmarks and evaluation, which need the text loaded before any timing starts.
pub fn read_all(tasks: impl Iterator<Item = Task>) -> (Vec<Doc>, Vec<(String, Error)>) {
    let mut docs = Vec::new();
    let mut failed = Vec::new();
    for task in tasks {
        match task.load() {
            Ok((doc, _)) => docs.push(doc),
            Err(failure) => failed.push(failure),
        }
    }
    (docs, failed)
}

/// Analyzes documents already in memory, in parallel, in order. For library users and tests.
pub fn analyze_docs(pipeline: &Pipeline, docs: Vec<Doc>) -> Vec<Analysis> {
    docs.into_par_iter()
        .map_init(Scratch::new, |scratch, doc| {
            pipeline.analyze(doc, Encoding::Utf8, scratch)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::MemorySink;

    #[test]
    fn file_kinds_follow_extensions() {
        let table = [
            ("a.txt", Some(FileKind::Review)),
            ("b.MD", Some(FileKind::Review)),
            ("c.csv", Some(FileKind::Csv)),
            ("d.jsonl", Some(FileKind::Jsonl)),
            ("e.json", None),
            ("f", None),
            ("g.tsv", None),
        ];
        for (name, kind) in table {
            assert_eq!(FileKind::of(Path::new(name)), kind, "{name}");
        }
    }

    #[test]
    fn results_reach_the_sink_in_input_order_for_any_chunk_size() {
        let pipeline = Pipeline::new();
        let tasks = || {
            (0..50).map(|i| {
                if i % 7 == 3 {
                    Task::Failed(format!("bad{i}"), Error::Empty)
                } else {
                    Task::Doc(
                        Doc::new(format!("r{i}"), "s", format!("Review number {i} is fine.")),
                        Encoding::Utf8,
                    )
                }
            })
        };
        let mut reference = Vec::new();
        for (jobs, chunk) in [(1, 1), (2, 3), (4, 64)] {
            let runner = Runner::new(&pipeline, jobs)
                .unwrap()
                .chunk_size(chunk, 1 << 20);
            let mut sink = MemorySink::default();
            let (totals, _) = runner.run(tasks(), &mut sink, |_| {}).unwrap();
            let ids: Vec<String> = sink.reviews.iter().map(|a| a.doc.id.clone()).collect();
            assert_eq!(totals.reviews as usize, ids.len());
            assert_eq!(totals.errors, 7);
            if reference.is_empty() {
                reference = ids;
            } else {
                assert_eq!(ids, reference, "jobs {jobs}, chunk {chunk}");
            }
        }
        assert_eq!(reference.first().map(String::as_str), Some("r0"));
    }

    #[test]
    fn batches_that_finish_out_of_order_are_written_in_order() {
        let pipeline = Pipeline::new();
        // Every fifth review is long, so that the batches after it finish first.
        let tasks = || {
            (0..300).map(|i| {
                let sentence = format!("Review {i} has a fine cast and a weak ending. ");
                let text = sentence.repeat(if i % 5 == 0 { 200 } else { 1 });
                Task::Doc(Doc::new(format!("r{i}"), "s", text), Encoding::Utf8)
            })
        };
        for (jobs, chunk) in [(1, 16), (2, 16), (4, 40), (3, 7)] {
            let runner = Runner::new(&pipeline, jobs)
                .unwrap()
                .chunk_size(chunk, 1 << 20);
            let mut sink = MemorySink::default();
            let mut reported = 0;
            let (totals, _) = runner
                .run(tasks(), &mut sink, |done| reported += done.reviews)
                .unwrap();
            let ids: Vec<String> = sink.reviews.iter().map(|a| a.doc.id.clone()).collect();
            let expected: Vec<String> = (0..300).map(|i| format!("r{i}")).collect();
            assert_eq!(ids, expected, "jobs {jobs}, chunk {chunk}");
            assert_eq!((totals.reviews, reported), (300, 300));
        }
    }

    #[test]
    fn a_panic_while_analyzing_reaches_the_caller_instead_of_hanging_it() {
        let pipeline = Pipeline::new();
        let tasks = || {
            (0..200).map(|i| {
                let doc = Doc::new(format!("r{i}"), "s", format!("Review {i} is fine."));
                Task::Doc(doc, Encoding::Utf8)
            })
        };
        for jobs in [1, 2] {
            let runner = Runner::new(&pipeline, jobs)
                .unwrap()
                .chunk_size(16, 1 << 20);
            let mut sink = MemorySink::default();
            let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
                runner.run_with(
                    tasks(),
                    &mut sink,
                    |_| {},
                    |task, scratch| {
                        if matches!(&task, Task::Doc(doc, _) if doc.id == "r77") {
                            panic!("analysis failed on r77");
                        }
                        runner.process(task, scratch)
                    },
                )
            }));
            let panic = run.expect_err("the panic must reach the caller");
            assert_eq!(
                panic.downcast_ref::<&str>(),
                Some(&"analysis failed on r77")
            );
            // Everything before the failing chunk was written, in order.
            let ids: Vec<String> = sink.reviews.iter().map(|a| a.doc.id.clone()).collect();
            let before: Vec<String> = (0..ids.len()).map(|i| format!("r{i}")).collect();
            assert_eq!(ids, before, "jobs {jobs}");
            assert!(ids.len() <= 77, "jobs {jobs}: {} written", ids.len());
        }
    }

    /// A sink whose disk fills up after `room` reviews.
    struct FullDisk {
        room: usize,
        written: usize,
    }

    impl ReportSink for FullDisk {
        fn review(&mut self, _: &Analysis) -> Result<()> {
            if self.written == self.room {
                return Err(Error::Write {
                    path: "full.csv".into(),
                    source: std::io::Error::other("no space left"),
                });
            }
            self.written += 1;
            Ok(())
        }
        fn error(&mut self, _: &str, _: &Error) -> Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_sink_error_stops_the_run_with_that_error() {
        let pipeline = Pipeline::new();
        // Endless input: the run must stop at the sink's error, not read on.
        let tasks = (0..).map(|i| {
            Task::Doc(
                Doc::new(format!("r{i}"), "s", "A fine review."),
                Encoding::Utf8,
            )
        });
        for jobs in [1, 2] {
            let runner = Runner::new(&pipeline, jobs).unwrap().chunk_size(4, 1 << 20);
            let mut sink = FullDisk {
                room: 10,
                written: 0,
            };
            let result = runner.run(tasks.clone(), &mut sink, |_| {});
            assert!(matches!(result, Err(Error::Write { .. })), "{result:?}");
            assert_eq!(sink.written, 10);
        }
    }

    #[test]
    fn the_walker_finds_files_as_they_are_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [
            ("a/1.txt", "one"),
            ("a/2.txt", "two!"),
            ("b/3.txt", "three"),
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::write(dir.path().join("b/notes.json"), "{}").unwrap();
        let mut walker = Walker::new(&[dir.path().to_path_buf()], None).unwrap();
        let counts = walker.counts();
        assert_eq!(counts.bytes(), 0);
        let first = walker.next().unwrap().unwrap();
        assert_eq!(first.id, "a/1.txt");
        // Only the first file is counted so far: b/ has not been listed yet.
        assert_eq!((counts.bytes(), counts.skipped()), (3, 0));
        let rest: Vec<String> = walker.map(|e| e.unwrap().id).collect();
        assert_eq!(rest, ["a/2.txt", "b/3.txt"]);
        assert_eq!((counts.bytes(), counts.skipped()), (12, 1));
    }

    #[test]
    fn relative_ids_use_forward_slashes() {
        assert_eq!(
            relative_id(Path::new("corpus"), Path::new("corpus/tv/a.txt")),
            "tv/a.txt"
        );
    }
}
