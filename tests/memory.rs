//! The memory one review needs, measured: a counting global allocator (this test binary's own,
//! so it affects no other test) records the peak of the bytes allocated while the batch runner
//! reads, analyzes, writes and tallies one pathological review of about 1 MB, which must stay
//! within [`memory_bound`] of its size. The patterns are the worst found for each stage: a
//! mention every four bytes, a sentence every three, a distinct name every eight, a token
//! every byte or two; and ordinary prose, which must need far less.

use reviewlens::batch::{Runner, Task};
use reviewlens::entity::scan::Tok;
use reviewlens::entity::{Cand, Mention};
use reviewlens::pipeline::{
    memory_bound, Encoding, MentionRow, Pipeline, SentenceRow, MEMORY_PER_REVIEW,
};
use reviewlens::report::{ReportOptions, Reports};
use reviewlens::sentiment::SentenceSentiment;
use reviewlens::tokenize::Token;
use reviewlens::Doc;
use std::alloc::{GlobalAlloc, Layout, System};
use std::mem::size_of;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Counts the bytes allocated now and at most since the last [`reset_peak`].
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed to the system allocator unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts a measurement: the peak is what is allocated now.
fn reset_peak() -> usize {
    let now = CURRENT.load(Relaxed);
    PEAK.store(now, Relaxed);
    now
}

/// About `size` bytes of `piece`, repeated.
fn repeated(piece: &str, size: usize) -> String {
    piece.repeat(size / piece.len())
}

/// About `size` bytes of `make` applied to distinct capitalized five-letter words, in turn.
fn distinct(size: usize, make: impl Fn(&str) -> String) -> String {
    let mut text = String::with_capacity(size + 64);
    let mut n = 0u32;
    while text.len() < size {
        let word: String = (0..5)
            .map(|i| {
                let letter = b'a' + (n / 26u32.pow(4 - i) % 26) as u8;
                let c = letter as char;
                if i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
        text.push_str(&make(&word));
        n += 1;
    }
    text
}

/// The peak of the bytes allocated while one review of `text` is read, analyzed, written and
/// tallied, its text included.
fn peak_for(pipeline: &Pipeline, text: String) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let len = text.len();
    let mut sink = Reports::create(dir.path(), ReportOptions::default()).unwrap();
    // The check that reserves memory_bound for a moment is left out: this measures the analysis.
    let runner = Runner::new(pipeline, 1).unwrap().memory_check(false);
    let doc = Doc::new("r", "r", text);
    // The text is counted as part of the review: the peak starts below it.
    let base = reset_peak() - len;
    let tasks = std::iter::once(Task::Doc(doc, Encoding::Utf8));
    runner.run(tasks, &mut sink, |_| {}).unwrap();
    PEAK.load(Relaxed) - base
}

#[test]
fn one_review_needs_no_more_than_memory_bound_says() {
    // What the bound rests on: the size of what a review holds per token, sentence and mention.
    assert_eq!(size_of::<Token>(), 16);
    assert_eq!(size_of::<Tok>(), 20);
    assert_eq!(size_of::<Cand>(), 36);
    assert_eq!(size_of::<Mention>(), 32);
    assert_eq!(size_of::<MentionRow>(), 56);
    assert_eq!(size_of::<SentenceRow>(), 32);
    assert_eq!(size_of::<SentenceSentiment>(), 16);

    const SIZE: usize = 1 << 20;
    let pipeline = Pipeline::new();
    // Warm up: whatever is made once per process is made before measuring.
    peak_for(
        &pipeline,
        "A warm-up review of Paul James in “Pilot”.".to_string(),
    );
    let small = peak_for(
        &pipeline,
        "A short review of Paul James in “Pilot”.".to_string(),
    );
    assert!(
        small <= MEMORY_PER_REVIEW,
        "a short review: peak {small} bytes"
    );
    let reviews: Vec<(&str, String)> = vec![
        ("a quoted name every 4 bytes", repeated("'A' ", SIZE)),
        ("a sentence every 3 bytes", repeated("A. ", SIZE)),
        ("a question every 3 bytes", repeated("A? ", SIZE)),
        ("a line every 2 bytes", repeated("a\n", SIZE)),
        (
            "a distinct quoted name every 8 bytes",
            distinct(SIZE, |w| format!("'{w}' ")),
        ),
        ("distinct casts", distinct(SIZE, |w| format!("{w} ({w}s) "))),
        ("a word every 2 bytes", repeated("a ", SIZE)),
    ];
    let prose = repeated("The show was good but the ending dragged. ", SIZE);
    let mut report = Vec::new();
    for (what, text) in reviews {
        let len = text.len();
        let peak = peak_for(&pipeline, text);
        report.push(format!(
            "{what}: {len} bytes, peak {peak} bytes ({:.1} per byte), bound {}",
            peak as f64 / len as f64,
            memory_bound(len)
        ));
        assert!(
            peak <= memory_bound(len),
            "{what}: peak {peak} bytes over the bound {}\n{}",
            memory_bound(len),
            report.join("\n")
        );
        // The aim the bound leaves a margin over: 40 bytes per byte.
        assert!(
            peak <= 40 * len + (1 << 20),
            "{what}: peak {peak} bytes\n{}",
            report.join("\n")
        );
    }
    // Prose needs at most 15 bytes per byte.
    let len = prose.len();
    let peak = peak_for(&pipeline, prose);
    report.push(format!(
        "prose: {len} bytes, peak {peak} bytes ({:.1} per byte)",
        peak as f64 / len as f64
    ));
    assert!(
        peak <= 15 * len,
        "prose: peak {peak} bytes\n{}",
        report.join("\n")
    );
    eprintln!("{}", report.join("\n"));
}
