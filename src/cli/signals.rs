//! Ending early on SIGINT, SIGTERM and SIGHUP without leaving anything behind.
//!
//! A command registers what it would leave half-done (a staging folder, a temporary file, an
//! output folder it created) with [`Cleanup::add`], under the same [`Cleanup::hold`] as it
//! makes it (no signal falls between the two); a signal thread removes those and ends
//! the process with status 128 + the signal's number, as a shell reports a process killed by it.
//! Publishing the reports holds [`Cleanup::hold`] so that a signal waits for it to end: a set of
//! reports is published whole or not at all. SIGKILL cannot be caught: what a killed run leaves
//! is removed by the next run into the same folder (see `reviewlens::report::publish`).

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

/// What to remove if the process is ended by a signal.
#[derive(Debug, Default)]
pub struct Cleanup {
    /// Folders to remove with everything in them.
    trees: Vec<PathBuf>,
    /// Files to remove.
    files: Vec<PathBuf>,
    /// Folders to remove if they are empty once the rest is gone (an output folder the run
    /// created).
    empty_dirs: Vec<PathBuf>,
}

static CLEANUP: OnceLock<Mutex<Cleanup>> = OnceLock::new();

fn cleanup() -> &'static Mutex<Cleanup> {
    CLEANUP.get_or_init(|| {
        install();
        Mutex::new(Cleanup::default())
    })
}

fn lock() -> MutexGuard<'static, Cleanup> {
    cleanup()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What a registration covers.
pub enum Leftover {
    /// A folder and everything in it.
    Tree(PathBuf),
    /// A file.
    File(PathBuf),
    /// A folder, if it is empty.
    EmptyDir(PathBuf),
}

impl Cleanup {
    /// Removes `leftover` if a signal ends the process, until [`Cleanup::forget`]. Called on
    /// a [`hold`](Self::hold)'s guard: make what a signal must remove while holding, then add
    /// it, so that no signal falls between the two.
    pub fn add(&mut self, leftover: Leftover) {
        match leftover {
            Leftover::Tree(p) => self.trees.push(p),
            Leftover::File(p) => self.files.push(p),
            Leftover::EmptyDir(p) => self.empty_dirs.push(p),
        }
    }

    /// Stops covering everything registered (the command finished with it).
    pub fn forget() {
        *lock() = Cleanup::default();
    }

    /// Waits, if a signal is being handled, for the signal thread to end the process: a command
    /// whose files the signal thread removed under it fails, and its error (and exit status)
    /// must not race the signal's. Called on the way out of every command; does nothing (and
    /// installs nothing) when no command registered anything.
    pub fn settle() {
        if let Some(cleanup) = CLEANUP.get() {
            drop(cleanup.lock());
        }
    }

    /// Holds off signals until the guard is dropped: what it covers happens whole. The first
    /// call (or registration) installs the signal handler.
    pub fn hold() -> MutexGuard<'static, Cleanup> {
        lock()
    }

    fn run(&mut self) {
        for tree in self.trees.drain(..) {
            // The run goes on while this thread cleans, and may add a file to the folder
            // after its listing was read (the folder is then not empty): try again.
            for _ in 0..5 {
                if std::fs::remove_dir_all(&tree).is_ok() || !tree.exists() {
                    break;
                }
            }
        }
        for file in self.files.drain(..) {
            let _ = std::fs::remove_file(file);
        }
        for dir in self.empty_dirs.drain(..) {
            let _ = std::fs::remove_file(dir.join(reviewlens::report::publish::LOCK));
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Starts the thread that cleans up and exits on SIGINT, SIGTERM or SIGHUP.
fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        // Without the handler, signals keep their default: the process ends at once, and the
        // next run removes what it left.
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("reviewlens-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Waits for a publication under way to end, then keeps the lock until the
                // process exits: a command that fails meanwhile (its staging folder gone) waits
                // in `settle`, `hold` or `forget` instead of exiting with its own status.
                let mut held = lock();
                held.run();
                let name = match signal {
                    SIGINT => "SIGINT",
                    SIGTERM => "SIGTERM",
                    _ => "SIGHUP",
                };
                super::term::message!(
                    "reviewlens: stopped by {name}; nothing half-written is left"
                );
                std::process::exit(128 + signal);
            }
        });
    let _ = spawned;
}
