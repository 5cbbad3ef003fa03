//! The output folder: one run at a time, and a set of reports replaced all together or not at
//! all.
//!
//! A run writes its reports into a staging folder inside the output folder and publishes them
//! with a small journal, so that whatever fails, and wherever a run is killed, the folder holds
//! either the complete earlier set or the complete new one:
//!
//! 1. **Lock.** [`OutputDir::open`] takes an exclusive lock on `DIR/.reviewlens.lock` (an
//!    advisory `flock`, released by the system when the process ends, however it ends). A second
//!    run into the same folder fails at once with [`Error::Busy`]; it never mixes its files with
//!    the first's. Holding the lock, it first finishes (or undoes) a publication an earlier run
//!    was killed in, and deletes what earlier runs left behind (their staging folder, and the
//!    `.reviews.csv.*.tmp` files of earlier versions, the `.report.html.*.tmp` of a killed
//!    `reviewlens report`).
//! 2. **Stage.** The reports are written to `DIR/.reviewlens.new/` and synced to disk.
//! 3. **Commit.** A manifest naming each new file and its identity (device and inode, which a
//!    rename keeps) is synced into the staging folder, which is then renamed
//!    `DIR/.reviewlens.publish` in one step. Before this point a failure leaves the earlier set
//!    untouched; after it, the new set is the one to publish.
//! 4. **Swap.** For each report, the earlier file is first hard-linked into
//!    `DIR/.reviewlens.old/`, then the new one is renamed over it (each file is replaced in one
//!    step, so no report is ever missing or half-written); an earlier report the new set does
//!    not have (sentences.csv from a run that asked for it) is removed the same way.
//! 5. **Clean.** The journal folders are removed.
//!
//! A failure during the swap undoes it: every earlier file comes back from `.reviewlens.old`
//! and the new ones go back to the journal, which is then removed. A run killed during the swap
//! leaves the journal, and the next run into the folder completes it (the manifest tells which
//! files are already the new ones), or undoes it if it cannot be completed. Signals that end a
//! run early (the CLI handles SIGINT, SIGTERM and SIGHUP) only remove the staging folder; a
//! killed run's staging folder is removed by the next run.
//!
//! Every step that changes the folder goes through [`Steps`], which a test uses to make each
//! one fail in turn, or to stop the process there, and checks that the folder always holds one
//! complete set.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The lock file every run into a folder takes; left in place (removing a lock file others may
/// be waiting on is a race).
pub const LOCK: &str = ".reviewlens.lock";
/// Where a run writes its reports before publishing them.
pub const STAGING: &str = ".reviewlens.new";
/// The committed new set, during its swap.
pub const JOURNAL: &str = ".reviewlens.publish";
/// The earlier set's files, during a swap.
pub const BACKUP: &str = ".reviewlens.old";
/// The list of the new set's files, in the journal.
const MANIFEST: &str = "manifest";

/// Every file name a run may publish: a published set replaces all of them (a name the new set
/// lacks is removed).
pub const REPORT_FILES: [&str; 12] = [
    "reviews.csv",
    "mentions.csv",
    "entities.csv",
    "errors.csv",
    "sentences.csv",
    "reports.xlsx",
    "reviews.parquet",
    "mentions.parquet",
    "entities.parquet",
    "errors.parquet",
    "sentences.parquet",
    "report.html",
];

/// A file's identity: kept by a rename, different for a new file.
type Identity = (u64, u64);

fn identity(meta: &std::fs::Metadata) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        (meta.len(), modified)
    }
}

/// The steps that change the output folder, counted; a test makes one of them fail.
#[derive(Debug, Default)]
pub struct Steps {
    done: usize,
    /// Fail the step with this number (from 1).
    fail_at: Option<usize>,
    /// Once the failing step is reached, fail every later one too (the process died there).
    crash: bool,
    crashed: bool,
}

impl Steps {
    /// Steps that never fail on purpose.
    pub fn real() -> Steps {
        Steps::default()
    }

    /// Steps whose number `at` fails; with `crash`, so does every step after it, as if the
    /// process had died there.
    pub fn failing_at(at: usize, crash: bool) -> Steps {
        Steps {
            fail_at: Some(at),
            crash,
            ..Steps::default()
        }
    }

    /// Steps taken so far.
    pub fn taken(&self) -> usize {
        self.done
    }

    fn step(&mut self) -> std::io::Result<()> {
        self.done += 1;
        if self.crashed || self.fail_at == Some(self.done) {
            self.crashed = self.crash;
            return Err(std::io::Error::other(format!(
                "step {} failed on purpose",
                self.done
            )));
        }
        Ok(())
    }

    fn rename(&mut self, from: &Path, to: &Path) -> std::io::Result<()> {
        self.step()?;
        std::fs::rename(from, to)
    }

    fn remove_file(&mut self, path: &Path) -> std::io::Result<()> {
        self.step()?;
        match std::fs::remove_file(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    fn remove_tree(&mut self, path: &Path) -> std::io::Result<()> {
        self.step()?;
        match std::fs::remove_dir_all(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    fn create_dir(&mut self, path: &Path) -> std::io::Result<()> {
        self.step()?;
        match std::fs::create_dir(path) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => Ok(()),
            other => other,
        }
    }

    /// Keeps the file at `from` as `to` too: a hard link, or a move where links are not
    /// supported.
    fn keep(&mut self, from: &Path, to: &Path) -> std::io::Result<()> {
        self.step()?;
        match std::fs::hard_link(from, to) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(_) => std::fs::rename(from, to),
        }
    }

    fn write_synced(&mut self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.step()?;
        let mut file = File::create(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    }

    fn sync_dir(&mut self, dir: &Path) -> std::io::Result<()> {
        self.step()?;
        sync_dir(dir)
    }
}

/// Makes a folder's entries (renames, new and removed files) durable.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// The output folder of a run, locked for it.
#[derive(Debug)]
pub struct OutputDir {
    dir: PathBuf,
    staging: PathBuf,
    /// The open lock file; the lock lasts as long as it is open.
    lock: Option<File>,
    /// Whether this run created the folder (it is removed again if nothing is published).
    created: bool,
    /// Whether this run holds the folder (its lock and staging folder are its own).
    owned: bool,
    published: bool,
}

impl OutputDir {
    /// Creates `dir` if needed, takes its lock, repairs what an earlier run left and opens a
    /// fresh staging folder.
    pub fn open(dir: &Path) -> Result<OutputDir> {
        let write_error = |path: &Path, source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        let created = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
        let mut output = OutputDir {
            dir: dir.to_path_buf(),
            staging: dir.join(STAGING),
            lock: None,
            created,
            owned: false,
            published: false,
        };
        let lock_path = dir.join(LOCK);
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| write_error(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                // Nothing here is ours to remove: the other run holds it.
                return Err(Error::Busy {
                    dir: dir.to_path_buf(),
                });
            }
            // A file system without locks: carry on unlocked rather than refuse to work.
            Err(std::fs::TryLockError::Error(_)) => {}
        }
        output.lock = Some(lock);
        output.owned = true;
        recover(dir, &mut Steps::real()).map_err(|e| write_error(dir, e))?;
        std::fs::create_dir(&output.staging).map_err(|e| write_error(&output.staging, e))?;
        Ok(output)
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The staging folder, where this run writes its reports.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Publishes the files `names` of the staging folder (each synced to disk already) as the
    /// folder's set of reports, replacing every earlier report.
    pub fn publish(&mut self, names: &[&str]) -> Result<()> {
        self.publish_with(names, &mut Steps::real())
    }

    /// [`OutputDir::publish`] with its steps counted (and failed) by `steps`.
    pub fn publish_with(&mut self, names: &[&str], steps: &mut Steps) -> Result<()> {
        let dir = self.dir.clone();
        let error = |source| Error::Write {
            path: dir.clone(),
            source,
        };
        // A report's place must take a file: found out before anything changes.
        for name in REPORT_FILES {
            let target = self.dir.join(name);
            if let Ok(meta) = std::fs::symlink_metadata(&target) {
                if meta.is_dir() {
                    return Err(Error::Write {
                        path: target,
                        source: std::io::Error::other("a folder is in the way of the report"),
                    });
                }
            }
        }
        let mut manifest = String::new();
        for name in names {
            let path = self.staging.join(name);
            let meta = std::fs::metadata(&path).map_err(|e| Error::Write { path, source: e })?;
            let (dev, ino) = identity(&meta);
            manifest.push_str(&format!("{name}\t{dev}\t{ino}\n"));
        }
        steps
            .write_synced(&self.staging.join(MANIFEST), manifest.as_bytes())
            .map_err(error)?;
        steps.sync_dir(&self.staging).map_err(error)?;
        // The commit: from here on, the new set is the one to publish.
        steps
            .rename(&self.staging, &self.dir.join(JOURNAL))
            .map_err(error)?;
        self.published = true;
        let _ = steps.sync_dir(&self.dir);
        finish_journal(&self.dir, steps).map_err(error)
    }
}

#[cfg(test)]
impl OutputDir {
    /// Ends as a killed process would: the lock goes, nothing is cleaned.
    fn kill(mut self) {
        self.lock.take();
        self.owned = false;
    }
}

impl Drop for OutputDir {
    /// An unpublished run leaves nothing: its staging folder goes, and so does the folder
    /// itself if this run created it and nothing else is in it.
    fn drop(&mut self) {
        if !self.owned {
            return;
        }
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        if self.created && !self.published {
            let _ = std::fs::remove_file(self.dir.join(LOCK));
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

/// Reads a journal's manifest: each new file's name and identity.
fn read_manifest(journal: &Path) -> std::io::Result<BTreeMap<String, Identity>> {
    let text = std::fs::read_to_string(journal.join(MANIFEST))?;
    let mut manifest = BTreeMap::new();
    for line in text.lines() {
        let mut fields = line.split('\t');
        let parsed = (|| {
            let name = fields.next()?;
            let dev = fields.next()?.parse().ok()?;
            let ino = fields.next()?.parse().ok()?;
            REPORT_FILES
                .contains(&name)
                .then(|| (name.to_string(), (dev, ino)))
        })();
        let (name, id) = parsed.ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, "a damaged manifest")
        })?;
        manifest.insert(name, id);
    }
    Ok(manifest)
}

/// The identity of the file at `path`, if there is one.
fn identity_of(path: &Path) -> Option<Identity> {
    std::fs::symlink_metadata(path).ok().map(|m| identity(&m))
}

/// Completes the journal in `dir`; if that fails, undoes it. Either way the folder then holds
/// one complete set, unless undoing fails too (the error says so; the next run tries again).
fn finish_journal(dir: &Path, steps: &mut Steps) -> std::io::Result<()> {
    let journal = dir.join(JOURNAL);
    let manifest = match read_manifest(&journal) {
        Ok(manifest) => manifest,
        // No readable manifest: the new set cannot be told apart; bring the old one back.
        Err(error) => {
            roll_back(dir, &BTreeMap::new(), steps)?;
            return Err(error);
        }
    };
    match roll_forward(dir, &manifest, steps) {
        Ok(()) => {
            // The new set is in place and on disk: the journal is no longer needed. A failure
            // to remove it changes nothing; the next run removes it.
            clean(dir, steps);
            Ok(())
        }
        Err(error) => {
            roll_back(dir, &manifest, steps).map_err(|undo| {
                std::io::Error::new(
                    undo.kind(),
                    format!(
                        "{error}; undoing it failed too ({undo}): the next run into this folder \
                         will repair it"
                    ),
                )
            })?;
            Err(error)
        }
    }
}

/// Puts every new file of the journal in place, keeping each earlier one in the backup folder
/// first. Safe to run again after it was interrupted.
fn roll_forward(
    dir: &Path,
    manifest: &BTreeMap<String, Identity>,
    steps: &mut Steps,
) -> std::io::Result<()> {
    let (journal, backup) = (dir.join(JOURNAL), dir.join(BACKUP));
    steps.create_dir(&backup)?;
    for name in REPORT_FILES {
        let target = dir.join(name);
        let current = identity_of(&target);
        let new = manifest.get(name).copied();
        if new.is_some() && current == new {
            continue;
        }
        if current.is_some() && !backup.join(name).exists() {
            steps.keep(&target, &backup.join(name))?;
        }
        match new {
            Some(_) => steps.rename(&journal.join(name), &target)?,
            None if target.exists() => steps.remove_file(&target)?,
            None => {}
        }
    }
    steps.sync_dir(dir)
}

/// Removes the journal and the backup once one set is whole in place: what fails to go is
/// removed by the next run.
fn clean(dir: &Path, steps: &mut Steps) {
    let _ = steps.remove_tree(&dir.join(JOURNAL));
    let _ = steps.remove_tree(&dir.join(BACKUP));
    let _ = steps.sync_dir(dir);
}

/// Brings every earlier file back from the backup folder and moves the new ones back into the
/// journal, then removes both. Safe to run again after it was interrupted.
fn roll_back(
    dir: &Path,
    manifest: &BTreeMap<String, Identity>,
    steps: &mut Steps,
) -> std::io::Result<()> {
    let (journal, backup) = (dir.join(JOURNAL), dir.join(BACKUP));
    for name in REPORT_FILES {
        let target = dir.join(name);
        let kept = backup.join(name);
        let is_new =
            manifest.get(name).is_some() && identity_of(&target) == manifest.get(name).copied();
        if kept.exists() {
            steps.rename(&kept, &target)?;
        } else if is_new {
            steps.rename(&target, &journal.join(name))?;
        }
    }
    steps.sync_dir(dir)?;
    clean(dir, steps);
    Ok(())
}

/// Repairs what earlier runs left in `dir` (under its lock): completes or undoes an interrupted
/// publication, removes a staging folder and earlier versions' temporary files.
pub fn recover(dir: &Path, steps: &mut Steps) -> std::io::Result<()> {
    if dir.join(JOURNAL).is_dir() {
        finish_journal(dir, steps)?;
    } else if dir.join(BACKUP).exists() {
        // The journal was removed, so the set in place is complete: the backup is stale.
        steps.remove_tree(&dir.join(BACKUP))?;
    }
    if dir.join(STAGING).exists() {
        steps.remove_tree(&dir.join(STAGING))?;
    }
    // Earlier versions wrote `.reviews.csv.XXXXXX.tmp` files beside the reports, and
    // `reviewlens report` writes its page as `.report.html.XXXXXX.tmp` before renaming it.
    for entry in std::fs::read_dir(dir)?.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = name.ends_with(".tmp")
            && REPORT_FILES
                .iter()
                .any(|report| name.starts_with(&format!(".{report}.")));
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            steps.remove_file(&entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    type Set = BTreeMap<String, String>;

    fn set(files: &[(&str, &str)]) -> Set {
        files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    /// The reports in `dir`, by name, and whatever else is there besides the lock.
    fn contents(dir: &Path) -> (Set, Vec<String>) {
        let mut reports = Set::new();
        let mut other = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if REPORT_FILES.contains(&name.as_str()) && entry.path().is_file() {
                reports.insert(name, std::fs::read_to_string(entry.path()).unwrap());
            } else if name != LOCK {
                other.push(name);
            }
        }
        (reports, other)
    }

    fn write_set(dir: &Path, files: &Set) {
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }

    /// Publishes `new` over `old` with every step failing in turn (as an error, then as the
    /// process dying there), and checks that the folder always ends with one complete set.
    fn every_failure_leaves_one_whole_set(old: &Set, new: &Set) {
        for crash in [false, true] {
            let mut at = 1;
            loop {
                let tmp = tempfile::tempdir().unwrap();
                let dir = tmp.path().join("out");
                std::fs::create_dir(&dir).unwrap();
                write_set(&dir, old);
                let mut output = OutputDir::open(&dir).unwrap();
                write_set(output.staging(), new);
                let names: Vec<&str> = new.keys().map(String::as_str).collect();
                let mut steps = Steps::failing_at(at, crash);
                let result = output.publish_with(&names, &mut steps);
                let reached = steps.taken() >= at;
                if crash {
                    output.kill();
                    // The next run repairs the folder before anything else.
                    drop(OutputDir::open(&dir).unwrap());
                } else {
                    drop(output);
                }
                let (reports, _) = contents(&dir);
                assert!(
                    reports == *old || reports == *new,
                    "step {at} (crash {crash}): {reports:?}"
                );
                // A journal whose removal failed is removed by the next run, which changes no
                // report.
                drop(OutputDir::open(&dir).unwrap());
                let (again, other) = contents(&dir);
                assert_eq!(again, reports, "step {at} (crash {crash})");
                assert!(
                    other.is_empty(),
                    "step {at} (crash {crash}): left {other:?}"
                );
                if !reached {
                    assert!(result.is_ok(), "{result:?}");
                    assert_eq!(reports, *new);
                    break;
                }
                if !crash {
                    // A failure reported as such leaves the earlier set (a failing step whose
                    // failure changes nothing, syncing the folder after the commit, is not one).
                    let expected = if result.is_err() { old } else { new };
                    assert_eq!(reports, *expected, "step {at}: {result:?}");
                }
                at += 1;
            }
            assert!(at > 10, "only {at} steps were tried");
        }
    }

    #[test]
    fn a_failure_at_any_step_of_publishing_leaves_the_old_set_or_the_new_one() {
        let old = set(&[
            ("reviews.csv", "old reviews"),
            ("mentions.csv", "old mentions"),
            ("entities.csv", "old entities"),
            ("errors.csv", "old errors"),
            ("sentences.csv", "old sentences"),
            ("reports.xlsx", "old workbook"),
            ("mentions.parquet", "old mentions"),
        ]);
        let new = set(&[
            ("reviews.csv", "new reviews"),
            ("reviews.parquet", "new reviews"),
            ("mentions.csv", "new mentions"),
            ("entities.csv", "new entities"),
            ("errors.csv", "new errors"),
        ]);
        every_failure_leaves_one_whole_set(&old, &new);
        // The other way round: a new sentences.csv where there was none.
        every_failure_leaves_one_whole_set(&new, &old);
        // A first run.
        every_failure_leaves_one_whole_set(&Set::new(), &new);
    }

    #[test]
    fn a_folder_in_the_way_fails_before_anything_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let old = set(&[("reviews.csv", "old"), ("errors.csv", "old")]);
        write_set(dir, &old);
        std::fs::create_dir(dir.join("entities.csv")).unwrap();
        let mut output = OutputDir::open(dir).unwrap();
        write_set(
            output.staging(),
            &set(&[("reviews.csv", "new"), ("entities.csv", "new")]),
        );
        let error = output
            .publish(&["reviews.csv", "entities.csv"])
            .unwrap_err();
        assert!(error.to_string().contains("entities.csv"), "{error}");
        drop(output);
        assert_eq!(contents(dir), (old, vec!["entities.csv".to_string()]));
    }

    #[test]
    fn a_second_run_into_the_same_folder_is_refused_while_the_first_runs() {
        let tmp = tempfile::tempdir().unwrap();
        let first = OutputDir::open(tmp.path()).unwrap();
        let second = OutputDir::open(tmp.path());
        assert!(matches!(second, Err(Error::Busy { .. })), "{second:?}");
        // The refused run removed nothing of the first's.
        assert!(first.staging().is_dir());
        drop(first);
        assert!(OutputDir::open(tmp.path()).is_ok());
    }

    #[test]
    fn what_killed_runs_left_is_removed_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let killed = OutputDir::open(dir).unwrap();
        std::fs::write(killed.staging().join("reviews.csv"), "half").unwrap();
        killed.kill();
        std::fs::write(dir.join(".reviews.csv.a1B2c3.tmp"), "an earlier version's").unwrap();
        std::fs::write(dir.join(".report.html.Zz9.tmp"), "a killed `report`'s").unwrap();
        std::fs::write(dir.join(".notes.tmp"), "not ours").unwrap();
        std::fs::write(dir.join("reviews.csv"), "kept").unwrap();
        drop(OutputDir::open(dir).unwrap());
        let (reports, other) = contents(dir);
        assert_eq!(reports, set(&[("reviews.csv", "kept")]));
        assert_eq!(other, [".notes.tmp"]);
    }

    #[test]
    fn an_unpublished_run_removes_the_folder_it_created() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("new");
        let output = OutputDir::open(&dir).unwrap();
        std::fs::write(output.staging().join("reviews.csv"), "x").unwrap();
        drop(output);
        assert!(!dir.exists());
    }
}
