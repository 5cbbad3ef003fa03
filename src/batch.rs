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
use crate::read::{self, ReadOptions, Row};
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
    /// Its review id: the path relative to the folder given, with `/`, or the file name
    /// (bytes that are not UTF-8 and control characters escaped, see [`crate::escape`]).
    pub id: String,
    /// How to read it.
    pub kind: FileKind,
    /// Its size in bytes (0 if unknown).
    pub bytes: u64,
}

/// Why an input was not read. Not an error: nothing was asked of it that failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// A file in a folder whose extension is not a review's or a table's.
    NotReview,
    /// A table that is one of reviewlens' own reports (an earlier run's output).
    Report(&'static str),
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::NotReview => f.write_str("not a .txt, .md, .csv or .jsonl file"),
            Skip::Report(name) => write!(f, "an earlier run's {name}"),
        }
    }
}

/// One entry of a walk, in visiting order.
#[derive(Debug)]
pub enum WalkEntry {
    /// A file to read.
    File(InputFile),
    /// A problem found on the way (a broken symlink, an unreadable folder, a FIFO, a folder
    /// named as an input that holds no review), and where.
    Failed(String, Error),
    /// A file not read, and why.
    Skipped(String, Skip),
}

/// What the walk found, gathered.
#[derive(Debug, Default)]
pub struct Walk {
    /// The entries, in visiting order.
    pub entries: Vec<WalkEntry>,
}

impl Walk {
    /// Total bytes of the files found.
    pub fn bytes(&self) -> u64 {
        self.files().map(|f| f.bytes).sum()
    }

    /// The files found.
    pub fn files(&self) -> impl Iterator<Item = &InputFile> {
        self.entries.iter().filter_map(|e| match e {
            WalkEntry::File(file) => Some(file),
            _ => None,
        })
    }

    /// Number of files skipped.
    pub fn skipped(&self) -> usize {
        let skipped = |e: &&WalkEntry| matches!(e, WalkEntry::Skipped(..));
        self.entries.iter().filter(skipped).count()
    }
}

/// Finds the input files under `inputs`: all of [`Walker`]'s entries, gathered.
///
/// An input that does not exist, or a file named as an input that is no review or table (by its
/// extension), is an error for the whole run: the caller asked for it by name.
pub fn walk(inputs: &[PathBuf]) -> Result<Walk> {
    Ok(Walk {
        entries: Walker::new(inputs)?.collect(),
    })
}

/// The input files under some inputs, found as they are asked for (a run can start analyzing
/// before the walk of a large folder is over). Same order and same entries as [`walk`] gives.
///
/// A folder is listed when the walk reaches it, once: the cost of a walk is one `read_dir` and
/// one `stat` per entry, whatever the depth (no path is resolved twice to compare folders).
pub struct Walker {
    /// Inputs not visited yet, with their metadata.
    inputs: VecDeque<(PathBuf, std::fs::Metadata)>,
    /// The input folder being walked, and the folders being listed under it, innermost last,
    /// with the entries not visited yet, in order.
    root: Option<Root>,
    counts: WalkCounts,
}

/// A folder named as an input, while it is walked.
struct Root {
    path: Arc<Path>,
    folders: Vec<std::vec::IntoIter<std::fs::DirEntry>>,
    /// Review and table files found under it.
    found: u64,
    /// Files skipped under it.
    skipped: u64,
}

/// What a [`Walker`] has found so far, readable from any thread while it runs.
#[derive(Clone, Debug, Default)]
pub struct WalkCounts(Arc<Counts>);

#[derive(Debug, Default)]
struct Counts {
    skipped: AtomicU64,
    bytes: AtomicU64,
    files: AtomicU64,
}

impl WalkCounts {
    /// Files skipped (not reviews by their extension).
    pub fn skipped(&self) -> u64 {
        self.0.skipped.load(Ordering::Relaxed)
    }

    /// Total bytes of the files found.
    pub fn bytes(&self) -> u64 {
        self.0.bytes.load(Ordering::Relaxed)
    }

    /// Review and table files found.
    pub fn files(&self) -> u64 {
        self.0.files.load(Ordering::Relaxed)
    }

    fn skip(&self) {
        self.0.skipped.fetch_add(1, Ordering::Relaxed);
    }

    fn found(&self, bytes: u64) {
        self.0.bytes.fetch_add(bytes, Ordering::Relaxed);
        self.0.files.fetch_add(1, Ordering::Relaxed);
    }
}

/// What a file that is neither regular nor a folder is, for error messages.
fn special_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "not a file"
}

/// True for names starting with `.`.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

impl Walker {
    /// A walk of `inputs`. Every input must exist, and a file named as an input must be a
    /// review or a table by its extension ([`Error::UnknownKind`]).
    pub fn new(inputs: &[PathBuf]) -> Result<Walker> {
        let mut checked = VecDeque::with_capacity(inputs.len());
        for input in inputs {
            let meta = std::fs::metadata(input).map_err(|source| Error::Read {
                path: input.clone(),
                source,
            })?;
            if meta.is_file() && FileKind::of(input).is_none() {
                return Err(Error::UnknownKind {
                    path: input.clone(),
                });
            }
            checked.push_back((input.clone(), meta));
        }
        Ok(Walker {
            inputs: checked,
            root: None,
            counts: WalkCounts::default(),
        })
    }

    /// A handle on the counts, which go on growing as the walk proceeds.
    pub fn counts(&self) -> WalkCounts {
        self.counts.clone()
    }

    /// The entries of `dir`, sorted by name; or the entry telling why it cannot be listed.
    fn list(dir: &Path) -> std::result::Result<Vec<std::fs::DirEntry>, WalkEntry> {
        let entries = std::fs::read_dir(dir).map_err(|source| {
            WalkEntry::Failed(
                crate::escape::path(dir),
                Error::Read {
                    path: dir.to_path_buf(),
                    source,
                },
            )
        })?;
        let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
        entries.sort_by_key(|e| e.file_name());
        Ok(entries)
    }

    /// The entry for a file (of type `file_type`, not a folder) found at `path` in a folder
    /// under `root`.
    fn file(&self, root: &Path, file_type: std::fs::FileType, path: PathBuf) -> WalkEntry {
        let Some(kind) = FileKind::of(&path) else {
            self.counts.skip();
            return WalkEntry::Skipped(crate::escape::path(&path), Skip::NotReview);
        };
        // Follows symlinks: a broken one is an error for that input.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => {
                self.counts.found(meta.len());
                WalkEntry::File(InputFile {
                    id: relative_id(root, &path),
                    path,
                    kind,
                    bytes: meta.len(),
                })
            }
            Ok(meta) => {
                let kind = special_kind(meta.file_type());
                WalkEntry::Failed(crate::escape::path(&path), Error::NotRegular { kind })
            }
            Err(source) => {
                let source = if file_type.is_symlink() {
                    std::io::Error::new(source.kind(), format!("broken symlink: {source}"))
                } else {
                    source
                };
                WalkEntry::Failed(crate::escape::path(&path), Error::Read { path, source })
            }
        }
    }

    /// The next entry under the folder being walked, or `None` when it is done.
    fn next_in_root(&mut self) -> Option<WalkEntry> {
        let root = self.root.as_mut()?;
        loop {
            let entries = root.folders.last_mut()?;
            let Some(entry) = entries.next() else {
                root.folders.pop();
                continue;
            };
            if is_hidden(&entry.file_name()) {
                continue;
            }
            let path = entry.path();
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_dir() {
                match Walker::list(&path) {
                    Ok(entries) => root.folders.push(entries.into_iter()),
                    Err(problem) => return Some(problem),
                }
                continue;
            }
            let root_path = root.path.clone();
            let entry = self.file(&root_path, file_type, path);
            let root = self.root.as_mut()?;
            match entry {
                WalkEntry::File(_) => root.found += 1,
                WalkEntry::Skipped(..) => root.skipped += 1,
                WalkEntry::Failed(..) => root.found += 1,
            }
            return Some(entry);
        }
    }
}

impl Iterator for Walker {
    type Item = WalkEntry;

    fn next(&mut self) -> Option<WalkEntry> {
        loop {
            if self.root.is_some() {
                if let Some(entry) = self.next_in_root() {
                    return Some(entry);
                }
                // The folder is done: one named as an input that held nothing to read says so.
                let root = self.root.take()?;
                if root.found == 0 {
                    let message = match root.skipped {
                        0 => "no review or table files in this folder".to_string(),
                        n => format!(
                            "no review or table files in this folder ({n} other files skipped: \
                             reviews are .txt, .md, .csv or .jsonl files)"
                        ),
                    };
                    return Some(WalkEntry::Failed(
                        crate::escape::path(&root.path),
                        Error::NoReviews(message),
                    ));
                }
                continue;
            }
            let (input, meta) = self.inputs.pop_front()?;
            if meta.is_dir() {
                match Walker::list(&input) {
                    Ok(entries) => {
                        self.root = Some(Root {
                            path: Arc::from(input.as_path()),
                            folders: vec![entries.into_iter()],
                            found: 0,
                            skipped: 0,
                        })
                    }
                    Err(problem) => return Some(problem),
                }
                continue;
            }
            if !meta.is_file() {
                let kind = special_kind(meta.file_type());
                return Some(WalkEntry::Failed(
                    crate::escape::path(&input),
                    Error::NotRegular { kind },
                ));
            }
            let id = input.file_name().map_or_else(
                || crate::escape::path(&input),
                |n| crate::escape::path(Path::new(n)),
            );
            // Checked by `new`: a file named as an input is a review or a table.
            let kind = FileKind::of(&input).unwrap_or(FileKind::Review);
            self.counts.found(meta.len());
            return Some(WalkEntry::File(InputFile {
                path: input,
                id,
                kind,
                bytes: meta.len(),
            }));
        }
    }
}

/// `path` relative to `root`, with `/` separators, escaped ([`crate::escape::path`]).
fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| crate::escape::path(Path::new(c.as_os_str())))
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
        /// The largest review read, in bytes.
        limit: u64,
    },
    /// A document already read (a table row).
    Doc(Doc, Encoding),
    /// An input that failed before analysis.
    Failed(String, Error),
    /// An input not read, and why.
    Skipped(String, Skip),
}

impl Task {
    /// Roughly the bytes of text this task brings into memory, for sizing chunks.
    fn weight(&self) -> usize {
        match self {
            Task::Doc(doc, _) => doc.text.len(),
            Task::File { bytes, .. } => usize::try_from(*bytes).unwrap_or(usize::MAX).max(4096),
            _ => 256,
        }
    }

    /// The document, read from its file if need be; or where and why it could not be had.
    fn load(self) -> Loaded {
        match self {
            Task::Doc(doc, encoding) => Loaded::Doc(doc, encoding),
            Task::Failed(source, error) => Loaded::Failed(source, error),
            Task::Skipped(source, skip) => Loaded::Skipped(source, skip),
            Task::File {
                path,
                id,
                bytes,
                limit,
            } => match read::read_review_sized(&path, id, bytes, limit) {
                Ok((doc, encoding)) => Loaded::Doc(doc, encoding),
                Err(error) => Loaded::Failed(crate::escape::path(&path), error),
            },
        }
    }
}

/// A task with its document read.
enum Loaded {
    Doc(Doc, Encoding),
    Failed(String, Error),
    Skipped(String, Skip),
}

/// Turns the files of a walk into tasks, streaming the rows of table files.
pub struct Tasks {
    files: Box<dyn Iterator<Item = WalkEntry> + Send>,
    rows: Option<Box<dyn Iterator<Item = Row> + Send>>,
    options: ReadOptions,
}

impl Tasks {
    /// Tasks for the files of a walk.
    pub fn new(walk: Walk, options: ReadOptions) -> Tasks {
        Tasks::streaming(walk.entries.into_iter(), options)
    }

    /// Tasks for the rows of one table read as it arrives (standard input).
    pub fn from_rows(rows: Box<dyn Iterator<Item = Row> + Send>, options: ReadOptions) -> Tasks {
        Tasks {
            files: Box::new(std::iter::empty()),
            rows: Some(rows),
            options,
        }
    }

    /// Tasks for files as a [`Walker`] (or any iterator of walk entries) finds them.
    pub fn streaming(
        files: impl Iterator<Item = WalkEntry> + Send + 'static,
        options: ReadOptions,
    ) -> Tasks {
        Tasks {
            files: Box::new(files),
            rows: None,
            options,
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
                WalkEntry::File(file) => file,
                WalkEntry::Failed(source, error) => return Some(Task::Failed(source, error)),
                WalkEntry::Skipped(source, skip) => return Some(Task::Skipped(source, skip)),
            };
            let jsonl = match file.kind {
                FileKind::Review => {
                    return Some(Task::File {
                        path: file.path,
                        id: file.id,
                        bytes: file.bytes,
                        limit: self.options.max_review_bytes,
                    })
                }
                FileKind::Csv => false,
                FileKind::Jsonl => true,
            };
            match read::open_table(&file.path, jsonl, &self.options) {
                Ok(rows) => self.rows = Some(rows),
                Err(Error::Report { report }) => {
                    let source = crate::escape::path(&file.path);
                    return Some(Task::Skipped(source, Skip::Report(report)));
                }
                Err(error) => return Some(Task::Failed(crate::escape::path(&file.path), error)),
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
    /// It was not read: where, and why.
    Skipped(String, Skip),
}

/// Runs the pipeline over tasks on a pool of threads.
pub struct Runner<'p> {
    pipeline: &'p Pipeline,
    pool: rayon::ThreadPool,
    chunk_tasks: usize,
    chunk_bytes: usize,
    /// Whether a large review is analyzed only once its memory could be reserved.
    memory_check: bool,
}

impl<'p> Runner<'p> {
    /// A runner with `jobs` threads (0: one per core).
    pub fn new(pipeline: &'p Pipeline, jobs: usize) -> Result<Runner<'p>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .thread_name(|i| format!("reviewlens-{i}"))
            .build()
            .map_err(|e| Error::Threads {
                threads: jobs,
                message: e.to_string(),
            })?;
        let threads = pool.current_num_threads();
        Ok(Runner {
            pipeline,
            pool,
            chunk_tasks: 256 * threads,
            chunk_bytes: 16 << 20,
            memory_check: true,
        })
    }

    /// Number of threads.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Turns off (or on) the check that a review of 1 MB or more gets the memory
    /// [`crate::pipeline::memory_bound`] says it may need before it is analyzed: the check
    /// reserves that memory for a moment, which a test measuring what the analysis itself
    /// allocates must leave out.
    pub fn memory_check(mut self, on: bool) -> Runner<'p> {
        self.memory_check = on;
        self
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
        let mut ids = UniqueIds::default();
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
                            if ids.make_unique(&mut analysis.doc.id) {
                                done.renamed += 1;
                            }
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
                        Outcome::Skipped(source, skip) => {
                            sink.skipped(&source, &skip)?;
                            done.skipped += 1;
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
            Loaded::Doc(doc, encoding) => {
                if self.memory_check {
                    if let Err(error) = memory_for(doc.text.len()) {
                        return Outcome::Failed(doc.source, error);
                    }
                }
                Outcome::Analyzed(Box::new(self.pipeline.analyze(doc, encoding, scratch)))
            }
            Loaded::Failed(source, error) => Outcome::Failed(source, error),
            Loaded::Skipped(source, skip) => Outcome::Skipped(source, skip),
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

/// Reviews of at least this many bytes are analyzed only once the memory their analysis needs
/// could be had ([`memory_for`]); smaller ones need less than a thread's stack.
const MEMORY_CHECK_BYTES: usize = 1 << 20;

/// Checks that the memory analyzing a review of `bytes` bytes may need
/// ([`crate::pipeline::memory_bound`]) can be had now, by asking for it and giving it back: a
/// review the machine cannot hold is an error for that review, not an abort of the run (the
/// allocator aborts the process when an allocation fails). Under an address-space limit
/// (`ulimit -v`) the answer is exact; with overcommitted memory it catches only the hopeless.
fn memory_for(bytes: usize) -> Result<()> {
    if bytes < MEMORY_CHECK_BYTES {
        return Ok(());
    }
    let needed = crate::pipeline::memory_bound(bytes);
    let mut probe: Vec<u8> = Vec::new();
    probe
        .try_reserve_exact(needed)
        .map_err(|_| Error::OutOfMemory {
            bytes: bytes as u64,
            needed_mb: (needed as u64).div_ceil(1_000_000),
        })
}

/// The review ids of a run, made unique in input order: an id seen before gets `#2`, `#3`...
/// (the first suffix not taken).
#[derive(Debug, Default)]
struct UniqueIds {
    seen: std::collections::HashSet<Box<str>>,
}

impl UniqueIds {
    /// Makes `id` unique in the run; true when it had to change.
    fn make_unique(&mut self, id: &mut String) -> bool {
        if !self.seen.contains(id.as_str()) {
            self.seen.insert(id.as_str().into());
            return false;
        }
        let base = id.clone();
        let mut n = 2u64;
        loop {
            id.clear();
            let _ = std::fmt::Write::write_fmt(id, format_args!("{base}#{n}"));
            if !self.seen.contains(id.as_str()) {
                self.seen.insert(id.as_str().into());
                return true;
            }
            n += 1;
        }
    }
}

/// Reads every task into memory, in order: the documents, and the inputs that failed (skipped
/// inputs are left out). For benchmarks and evaluation, which need the text loaded before any
/// timing starts.
pub fn read_all(tasks: impl Iterator<Item = Task>) -> (Vec<Doc>, Vec<(String, Error)>) {
    let mut docs = Vec::new();
    let mut failed = Vec::new();
    for task in tasks {
        match task.load() {
            Loaded::Doc(doc, _) => docs.push(doc),
            Loaded::Failed(source, error) => failed.push((source, error)),
            Loaded::Skipped(..) => {}
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

    /// The ids of a walk's files, and the sources of its other entries with what they are.
    fn entries(walker: impl Iterator<Item = WalkEntry>) -> Vec<String> {
        walker
            .map(|e| match e {
                WalkEntry::File(f) => f.id,
                WalkEntry::Failed(s, e) => format!("failed {s}: {e}"),
                WalkEntry::Skipped(s, k) => format!("skipped {s}: {k}"),
            })
            .collect()
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
        let mut walker = Walker::new(&[dir.path().to_path_buf()]).unwrap();
        let counts = walker.counts();
        assert_eq!(counts.bytes(), 0);
        let Some(WalkEntry::File(first)) = walker.next() else {
            panic!("a file first")
        };
        assert_eq!(first.id, "a/1.txt");
        // Only the first file is counted so far: b/ has not been listed yet.
        assert_eq!((counts.bytes(), counts.skipped()), (3, 0));
        let rest = entries(walker);
        let notes = dir.path().join("b/notes.json").display().to_string();
        assert_eq!(
            rest,
            [
                "a/2.txt".to_string(),
                "b/3.txt".into(),
                format!("skipped {notes}: not a .txt, .md, .csv or .jsonl file"),
            ]
        );
        assert_eq!((counts.bytes(), counts.skipped()), (12, 1));
    }

    #[test]
    fn named_inputs_are_read_or_refused_never_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        std::fs::create_dir_all(path("empty")).unwrap();
        std::fs::create_dir_all(path("other")).unwrap();
        std::fs::write(path("other/a.json"), "{}").unwrap();
        std::fs::write(path("notes.json"), "{}").unwrap();
        std::fs::write(path("r.txt"), "A review.").unwrap();
        // A file named as an input that is no review stops the run before it starts.
        let refused = Walker::new(&[path("r.txt"), path("notes.json")]);
        assert!(
            matches!(refused, Err(Error::UnknownKind { .. })),
            "{:?}",
            refused.err()
        );
        assert!(matches!(
            Walker::new(&[path("missing")]),
            Err(Error::Read { .. })
        ));
        // A folder named as an input that holds nothing to read is an error row.
        let walker = Walker::new(&[path("empty"), path("other"), path("r.txt")]).unwrap();
        let got = entries(walker);
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(
            got[0].starts_with("failed")
                && got[0].ends_with("no review or table files in this folder"),
            "{got:?}"
        );
        assert!(got[1].starts_with("skipped"), "{got:?}");
        assert!(
            got[2]
                .ends_with("(1 other files skipped: reviews are .txt, .md, .csv or .jsonl files)"),
            "{got:?}"
        );
        assert_eq!(got[3], "r.txt");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_are_error_rows_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        std::fs::write(dir.path().join("r.txt"), "A review.").unwrap();
        // Named, and found in a folder: both are errors, and the walk goes on.
        let got = entries(Walker::new(&[fifo.clone(), dir.path().to_path_buf()]).unwrap());
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            got[0].ends_with("not a regular file (a FIFO): not read"),
            "{got:?}"
        );
        assert!(
            got[1].ends_with("not a regular file (a FIFO): not read"),
            "{got:?}"
        );
        assert_eq!(got[2], "r.txt");
    }

    #[cfg(unix)]
    #[test]
    fn file_names_that_are_not_utf8_keep_distinct_ids() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        for name in [&b"x\xff.txt"[..], b"x\xfe.txt", b"y\n\x1b[31m.txt"] {
            let path = dir.path().join(std::ffi::OsStr::from_bytes(name));
            if std::fs::write(path, "A review.").is_err() {
                return; // A file system that refuses such names.
            }
        }
        let got = entries(Walker::new(&[dir.path().to_path_buf()]).unwrap());
        assert_eq!(got, ["x\\xFE.txt", "x\\xFF.txt", "y\\n\\x1B[31m.txt"]);
    }

    #[test]
    fn duplicate_ids_get_the_first_free_suffix() {
        let mut ids = UniqueIds::default();
        let mut renamed = Vec::new();
        for id in ["1", "1", "1#2", "2", "1", "1#2"] {
            let mut id = id.to_string();
            let changed = ids.make_unique(&mut id);
            renamed.push((id, changed));
        }
        let expected = [
            ("1", false),
            ("1#2", true),
            ("1#2#2", true),
            ("2", false),
            ("1#3", true),
            ("1#2#3", true),
        ];
        let expected: Vec<(String, bool)> =
            expected.iter().map(|(i, c)| (i.to_string(), *c)).collect();
        assert_eq!(renamed, expected);
    }

    #[test]
    fn relative_ids_use_forward_slashes() {
        assert_eq!(
            relative_id(Path::new("corpus"), Path::new("corpus/tv/a.txt")),
            "tv/a.txt"
        );
    }
}
