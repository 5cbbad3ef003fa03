//! The progress bar as a person sees it: `analyze` run under a pseudo-terminal (`script`, from
//! util-linux), its frames read back from what the terminal received.

use std::path::Path;
use std::process::Command;

/// What `analyze INPUT -o OUT` draws on a terminal, escape sequences included.
fn terminal_output(input: &Path, out: &Path) -> String {
    let quote = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', r"'\''"));
    let command = format!(
        "{} analyze {} -o {}",
        quote(Path::new(env!("CARGO_BIN_EXE_reviewlens"))),
        quote(input),
        quote(out)
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
