//! The progress bar as a person sees it: `analyze` run under a pseudo-terminal (`script`, from
//! util-linux), its frames read back from what the terminal received.

use std::path::Path;
use std::process::Command;

/// What `analyze INPUT -o OUT` draws on a terminal, escape sequences included.
fn terminal_output(input: &Path, out: &Path) -> String {
    terminal_output_of(&format!("analyze {} -o {}", quote(input), quote(out)))
}

/// A path quoted for the shell.
fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

#[test]
fn the_bar_counts_reviews_and_megabytes_and_ends_at_one_hundred_percent() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    for i in 0..40 {
        let text = format!("Review {i}. Paul James is charming in Slow Horses, a tense show. ");
        std::fs::write(input.join(format!("sub/r{i:02}.txt")), text.repeat(50)).unwrap();
    }
    std::fs::write(input.join("notes.json"), "{}").unwrap();
    let screen = terminal_output(&input, &dir.path().join("out"));
    // Frames are separated by carriage returns; the last holds the end of the run.
    let frames: Vec<&str> = screen.split('\r').filter(|f| f.contains('[')).collect();
    let percents: Vec<u32> = frames
        .iter()
        .filter_map(|f| {
            let at = f.find('%')?;
            f[..at].rsplit(' ').next()?.trim().parse().ok()
        })
        .collect();
    assert!(!percents.is_empty(), "no percentage drawn: {screen:?}");
    assert!(
        percents.windows(2).all(|w| w[0] <= w[1]) && percents.iter().all(|&p| p <= 100),
        "{percents:?}"
    );
    let last = frames.iter().rev().find(|f| f.contains('%')).unwrap_or(&"");
    assert!(last.contains("100% 40 reviews, "), "last frame: {last:?}");
    // One unit: decimal kB or MB of text, done of total, and a rate.
    assert!(
        last.contains(" kB/") && last.contains("/s"),
        "last frame: {last:?}"
    );
    // The summary line starts a line of its own, below the bar.
    assert!(screen.contains("\nreviewlens: 40 reviews"), "{screen:?}");
}

/// What `reviewlens ARGS...` draws on a terminal.
fn terminal_output_of(args: &str) -> String {
    let command = format!(
        "{} {args}",
        quote(Path::new(env!("CARGO_BIN_EXE_reviewlens")))
    );
    let run = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("TERM", "xterm")
        .env("COLUMNS", "120")
        .output()
        .expect("script (util-linux) runs the command under a pseudo-terminal");
    assert!(run.status.success(), "{run:?}");
    String::from_utf8_lossy(&run.stdout).into_owned()
}

#[test]
fn bench_counts_its_timed_runs_on_a_terminal() {
    // Enough text that the runs take a few of the bar's redraws.
    let dir = tempfile::tempdir().unwrap();
    let text = "Paul James is charming in Slow Horses, a tense and funny show. ".repeat(400);
    for i in 0..60 {
        std::fs::write(dir.path().join(format!("r{i:02}.txt")), &text).unwrap();
    }
    let screen = terminal_output_of(&format!("bench {} -k 3", quote(dir.path())));
    let frames: Vec<&str> = screen
        .split(['\r', '\n'])
        .filter(|f| f.contains(" left) "))
        .collect();
    assert!(!frames.is_empty(), "no progress drawn: {screen:?}");
    // Steps done of the steps there are, never more, never backwards; each says what runs.
    let counts: Vec<(u64, u64)> = frames
        .iter()
        .filter_map(|f| {
            let slash = f.find('/')?;
            let done = f[..slash].rsplit(' ').next()?.parse().ok()?;
            let total = f[slash + 1..].split(' ').next()?.parse().ok()?;
            Some((done, total))
        })
        .collect();
    assert!(!counts.is_empty(), "{frames:?}");
    assert!(
        counts.iter().all(|&(d, t)| d <= t && t == counts[0].1),
        "{counts:?}"
    );
    assert!(counts.windows(2).all(|w| w[0].0 <= w[1].0), "{counts:?}");
    assert!(
        frames
            .iter()
            .any(|f| f.contains("warm-up") || f.contains("round ")),
        "{frames:?}"
    );
    // The bar is gone when the results are printed.
    assert!(screen.contains("end-to-end"), "{screen:?}");
}
