//! Progress drawn on stderr when it is a terminal: `analyze`'s bar ([`Progress`]), and the
//! counted steps of `bench`, `eval` and `lexicon learn` ([`Steps`]).
//!
//! `analyze`'s bar:
//! Invariants:
//! - one unit everywhere: MB are 10^6 bytes, as the summary line counts them;
//! - a percentage and an ETA are shown only once the input's total is known: a second walk of
//!   the inputs, on its own thread, counts their bytes (the run's own walk goes on as the run
//!   goes, so its count grows until the end); until then the bar says it is counting;
//! - the bar never shows more than 100%, and shows 100% once every input is read (what is
//!   analyzed is review text, a little less than a table file's bytes);
//! - it counts reviews analyzed, bytes of text done, the rate and the time left.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use reviewlens::aggregate::Totals;
use reviewlens::batch::Walker;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::thread::JoinHandle;

/// Shown while the input's total is being counted.
const COUNTING: &str =
    "{spinner} [{elapsed_precise}] {msg}, {decimal_bytes} ({decimal_bytes_per_sec}); counting the input...";
/// Shown once the total is known.
const KNOWN: &str = "{spinner} [{elapsed_precise}] {wide_bar} {percent:>3}% {msg}, \
                     {decimal_bytes}/{decimal_total_bytes} ({decimal_bytes_per_sec}, {eta} left)";

/// The progress of a run.
pub struct Progress {
    bar: ProgressBar,
    /// The thread counting the input's bytes, until it has.
    counting: Option<JoinHandle<Option<u64>>>,
    /// The input's bytes, once counted.
    total: Option<u64>,
    /// Bytes of review text analyzed.
    done: u64,
    reviews: u64,
}

impl Progress {
    /// A bar for a run over `inputs`; hidden when `quiet` or when stderr is no terminal.
    pub fn new(inputs: &[PathBuf], quiet: bool) -> Progress {
        let shown = !quiet && std::io::stderr().is_terminal();
        Progress::drawn_to(
            inputs,
            if shown {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        )
    }

    fn drawn_to(inputs: &[PathBuf], target: ProgressDrawTarget) -> Progress {
        let hidden = target.is_hidden();
        let bar = ProgressBar::with_draw_target(None, target);
        let counting = (!hidden).then(|| {
            let inputs = inputs.to_vec();
            std::thread::spawn(move || {
                let walker = Walker::new(&inputs).ok()?;
                let counts = walker.counts();
                walker.for_each(drop);
                Some(counts.bytes())
            })
        });
        let mut progress = Progress {
            bar,
            counting,
            total: None,
            done: 0,
            reviews: 0,
        };
        progress.style(COUNTING);
        progress.bar.set_message("0 reviews");
        progress
    }

    fn style(&mut self, template: &str) {
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style);
        }
    }

    /// The bar, to print messages above it.
    pub fn bar(&self) -> &ProgressBar {
        &self.bar
    }

    /// Counts what a part of the run did.
    pub fn advance(&mut self, done: &Totals) {
        self.reviews += done.reviews;
        self.done += done.bytes;
        self.take_total(false);
        let position = match self.total {
            Some(total) => self.done.min(total),
            None => self.done,
        };
        self.bar.set_position(position);
        self.bar.set_message(format!("{} reviews", self.reviews));
    }

    /// Takes the input's total from the counting thread once it has it (with `wait`, waits for
    /// it), and shows the percentage from then on.
    fn take_total(&mut self, wait: bool) {
        let ready = self
            .counting
            .as_ref()
            .is_some_and(|c| wait || c.is_finished());
        if !ready {
            return;
        }
        if let Some(Some(total)) = self.counting.take().and_then(|c| c.join().ok()) {
            self.total = Some(total);
            self.bar.set_length(total);
            self.style(KNOWN);
        }
    }

    /// Every input is read: 100%, and the reports are being written.
    pub fn writing(&mut self) {
        self.take_total(true);
        if let Some(total) = self.total {
            self.bar.set_position(total);
        }
        self.bar
            .set_message(format!("{} reviews; writing the reports", self.reviews));
    }

    /// The reports are written: the bar stays, at 100%, and what follows starts on the next
    /// line.
    pub fn finish(&self) {
        self.bar
            .finish_with_message(format!("{} reviews", self.reviews));
        if !self.bar.is_hidden() {
            super::term::message!("");
        }
    }

    /// The run stopped: the bar goes.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}

/// Shown by [`Steps`]: what is being done, and how far along the counted steps.
const STEPS: &str = "{spinner} [{elapsed_precise}] {bar:20} {pos}/{len} ({eta} left) {wide_msg}";
/// Shown by [`Steps`] while it has no count (reading the input).
const STEPS_UNCOUNTED: &str = "{spinner} [{elapsed_precise}] {wide_msg}";

/// The progress of a command made of counted steps (`bench`'s timed runs, `eval`'s folds,
/// `lexicon learn`'s passes): drawn on stderr when it is a terminal, with a spinner that turns
/// while a long step runs; gone from the screen once done (the command's results follow).
pub struct Steps {
    bar: ProgressBar,
}

impl Steps {
    /// Progress that starts by saying `message`, without a count yet.
    pub fn new(message: &str) -> Steps {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        if let Ok(style) = ProgressStyle::with_template(STEPS_UNCOUNTED) {
            bar.set_style(style);
        }
        bar.set_message(message.to_string());
        if !bar.is_hidden() {
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
        }
        Steps { bar }
    }

    /// From now on, `total` steps are counted.
    pub fn count(&self, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(0);
        if let Ok(style) = ProgressStyle::with_template(STEPS) {
            self.bar.set_style(style);
        }
    }

    /// Says what the step under way does.
    pub fn doing(&self, message: impl Into<String>) {
        self.bar.set_message(message.into());
    }

    /// One step is done.
    pub fn step(&self) {
        self.bar.inc(1);
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
