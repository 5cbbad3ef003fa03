//! Writing to the terminal without ever losing a run to it.
//!
//! - Messages (warnings, skipped inputs, the summary) go to stderr through [`message!`], which
//!   ignores write errors: a closed or full stderr never stops an analysis.
//! - Results go to stdout through [`out!`], which returns the write error; [`main`](super::main)
//!   ends a command quietly, with status 0, when stdout is a pipe whose reader has gone (as
//!   `head` closes it), the way Unix tools end.
//! - Error chains are printed once each: a cause already quoted by the message above it is not
//!   repeated.

use std::fmt;
use std::io::Write;

/// Writes one line to stderr, ignoring errors (a broken pipe, a closed descriptor).
pub fn message_line(args: fmt::Arguments<'_>) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_fmt(args);
    let _ = stderr.write_all(b"\n");
}

/// Writes one line to stdout; the error (a broken pipe) is the caller's to return.
pub fn out_line(args: fmt::Arguments<'_>) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_fmt(args)?;
    stdout.write_all(b"\n")
}

/// `eprintln!` that never panics: for messages, whose loss must not stop a run.
macro_rules! message {
    ($($arg:tt)*) => {
        $crate::cli::term::message_line(format_args!($($arg)*))
    };
}

/// `println!` that returns the write error instead of panicking: for results.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::term::out_line(format_args!($($arg)*))
    };
}

pub(crate) use {message, out};

/// True when the error, or any cause in its chain, is a broken pipe.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes on one line, `: `-separated, leaving out a cause whose text the
/// line already ends with (a library error quotes its I/O error in its own message).
pub fn chain(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.ends_with(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn a_quoted_cause_is_printed_once() {
        let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let error = reviewlens::Error::Write {
            path: "out/reviews.csv".into(),
            source: io,
        };
        let error = anyhow::Error::from(error);
        let text = chain(&error);
        assert_eq!(text.matches("permission denied").count(), 1, "{text}");
        assert!(text.starts_with("cannot write out/reviews.csv: "), "{text}");
        let wrapped = Err::<(), _>(error).context("cannot finish").unwrap_err();
        assert_eq!(chain(&wrapped), format!("cannot finish: {text}"));
    }

    #[test]
    fn broken_pipes_are_found_anywhere_in_the_chain() {
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let error = Err::<(), _>(pipe).context("writing").unwrap_err();
        assert!(is_broken_pipe(&error));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }
}
