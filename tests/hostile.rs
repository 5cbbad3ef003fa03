//! The failures a hostile run found (issue 15), each run through the real binary: named inputs
//! never passed over, closed pipes, huge reviews under a memory limit, broken CSV quotes and line
//! endings, the report set replaced whole, concurrent runs, signals, UTF-16 tables, file names
//! that are not UTF-8, duplicate ids, unbounded work.
//!
//! A run that could hang (a FIFO, a deep tree, a huge --jobs) is given a deadline far above
//! what it needs and killed past it: a hang fails the test instead of stopping the suite. No
//! test measures speed.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_reviewlens"))
}

fn reviewlens() -> Command {
    Command::new(binary())
}

/// Runs `command` to its end, or kills it after `deadline` and fails.
fn run_within(mut command: Command, deadline: Duration) -> Output {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_within(child, deadline)
}

fn wait_within(mut child: Child, deadline: Duration) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "still running after {deadline:?}; stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A run expected to take well under a second.
fn run(command: Command) -> Output {
    run_within(command, Duration::from_secs(120))
}

fn analyze(args: &[&std::ffi::OsStr]) -> Output {
    let mut command = reviewlens();
    command.arg("analyze").args(args);
    run(command)
}

fn os<S: AsRef<std::ffi::OsStr> + ?Sized>(s: &S) -> &std::ffi::OsStr {
    s.as_ref()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

type Rows = Vec<std::collections::HashMap<String, String>>;

fn read_csv(path: &Path) -> Rows {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn column(rows: &Rows, name: &str) -> Vec<String> {
    rows.iter().map(|r| r[name].clone()).collect()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// --- 1. a named input is analyzed, or the run is refused; never "0 reviews" ---

#[test]
fn a_folder_that_is_also_the_output_folder_is_analyzed() {
    let tmp = TempDir::new().unwrap();
    let r1 = tmp.path().join("r1");
    fs::create_dir(&r1).unwrap();
    fs::write(r1.join("a.txt"), "Great show.").unwrap();
    for _ in 0..2 {
        // The second time, the first run's reports are in the folder: skipped, not read.
        let output = analyze(&[os(&r1), os("-o"), os(&r1)]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stderr(&output).contains("1 reviews"), "{}", stderr(&output));
        assert_eq!(
            column(&read_csv(&r1.join("reviews.csv")), "review_id"),
            ["a.txt"]
        );
    }
}

#[test]
fn a_folder_holding_an_earlier_runs_reports_beside_reviews_is_analyzed() {
    let tmp = TempDir::new().unwrap();
    let r2 = tmp.path().join("r2");
    fs::create_dir(&r2).unwrap();
    fs::write(r2.join("a.txt"), "Great show.").unwrap();
    assert!(analyze(&[os(&r2), os("-o"), os(&r2), os("--sentences")])
        .status
        .success());
    fs::write(r2.join("b.txt"), "A dull film.").unwrap();
    let out = r2.join("out");
    let output = analyze(&[os(&r2), os("-o"), os(&out), os("--verbose")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        column(&read_csv(&out.join("reviews.csv")), "review_id"),
        ["a.txt", "b.txt"]
    );
    let err = stderr(&output);
    assert!(err.contains("5 earlier reports skipped"), "{err}");
    assert!(err.contains("an earlier run's sentences.csv"), "{err}");
}

#[test]
fn inputs_with_nothing_to_analyze_are_refused_and_the_earlier_reports_stay() {
    let tmp = TempDir::new().unwrap();
    let good = tmp.path().join("good");
    fs::create_dir(&good).unwrap();
    fs::write(good.join("a.txt"), "Great show.").unwrap();
    let out = tmp.path().join("out");
    assert!(analyze(&[os(&good), os("-o"), os(&out)]).status.success());
    let before = fs::read(out.join("reviews.csv")).unwrap();

    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    fs::write(empty.join("notes.json"), "{}").unwrap();
    let output = analyze(&[os(&empty), os("-o"), os(&out)]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("no reviews found") && err.contains("1 other files skipped"),
        "{err}"
    );
    assert_eq!(fs::read(out.join("reviews.csv")).unwrap(), before);

    // A file named as an input that is no review or table is refused before anything runs.
    let notes = tmp.path().join("notes.json");
    fs::write(&notes, "{}").unwrap();
    let output = analyze(&[os(&good), os(&notes), os("-o"), os(&out)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot tell how to read"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(out.join("reviews.csv")).unwrap(), before);

    // Beside a folder with reviews, an empty one is an error row: the rest is analyzed.
    let output = analyze(&[os(&empty), os(&good), os("-o"), os(&out)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let errors = read_csv(&out.join("errors.csv"));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]["error"].contains("no review or table files"),
        "{errors:?}"
    );
}

// --- 2. a closed stdout or stderr never loses the run ---

/// A pipe whose reader is already gone: every write to it fails with a broken pipe.
fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

#[test]
fn a_closed_stderr_does_not_stop_the_analysis() {
    let tmp = TempDir::new().unwrap();
    let (a, b) = (tmp.path().join("a.txt"), tmp.path().join("b.txt"));
    fs::write(&a, "Great show.").unwrap();
    // b is binary: its error line goes to the closed stderr too.
    fs::write(&b, b"\0\x01").unwrap();
    let out = tmp.path().join("pe");
    let child = reviewlens()
        .arg("analyze")
        .args([&a, &b])
        .arg("-o")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(closed_pipe())
        .spawn()
        .unwrap();
    let output = wait_within(child, Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        column(&read_csv(&out.join("reviews.csv")), "review_id"),
        ["a.txt"]
    );
    assert_eq!(read_csv(&out.join("errors.csv")).len(), 1);
}

#[test]
fn commands_that_print_end_quietly_when_their_reader_goes() {
    let tmp = TempDir::new().unwrap();
    let review = tmp.path().join("r.txt");
    fs::write(&review, "Great show. The finale dragged.").unwrap();
    let commands: [&[&std::ffi::OsStr]; 3] = [
        &[os("explain"), os("Great show")],
        &[os("explain"), os("--json"), os("Great show")],
        &[os("bench"), os(&review), os("-k"), os("1")],
    ];
    for args in commands {
        let child = reviewlens()
            .args(args)
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = wait_within(child, Duration::from_secs(120));
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            !stderr(&output).contains("panicked"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

// --- 3. one large review cannot take the run down ---

/// `reviewlens` with its address space limited to `kb` kilobytes (`ulimit -v`).
fn limited(kb: u64) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {kb} && exec \"$0\" \"$@\""))
        .arg(binary());
    command
}

#[test]
fn a_huge_review_is_an_error_row_under_a_memory_limit() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("in");
    fs::create_dir(&dir).unwrap();
    // 105 MB of one-letter sentences: 85 bytes of analysis per byte if it were analyzed.
    let mut huge = fs::File::create(dir.join("huge.txt")).unwrap();
    let block = "A. ".repeat(1 << 16);
    for _ in 0..534 {
        std::io::Write::write_all(&mut huge, block.as_bytes()).unwrap();
    }
    drop(huge);
    fs::write(dir.join("good.txt"), "A good review of a good show.").unwrap();
    fs::write(
        dir.join("rows.csv"),
        format!("id,text\n1,\"{}\"\n2,fine\n", "B. ".repeat(3_500_000)),
    )
    .unwrap();
    let out = tmp.path().join("out");

    // Over the size limit: refused without being read, whatever the memory.
    let mut command = limited(2_000_000);
    command.arg("analyze").arg(&dir).arg("-o").arg(&out);
    let output = run(command);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        column(&read_csv(&out.join("reviews.csv")), "review_id"),
        ["good.txt", "2"]
    );
    let errors = read_csv(&out.join("errors.csv"));
    assert_eq!(errors.len(), 2, "{errors:?}");
    for error in &errors {
        assert!(
            error["error"].contains("over the limit of 10000000 bytes"),
            "{errors:?}"
        );
    }

    // Under a raised limit, a review the memory cannot hold is an error row, not an abort.
    let mut command = limited(2_000_000);
    command.arg("analyze").arg(&dir).arg("-o").arg(&out).args([
        "--max-review-bytes",
        "200000000",
        "-j",
        "1",
    ]);
    let output = run(command);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let reviews = column(&read_csv(&out.join("reviews.csv")), "review_id");
    assert!(reviews.contains(&"good.txt".to_string()), "{reviews:?}");
    let errors = read_csv(&out.join("errors.csv"));
    assert!(
        errors
            .iter()
            .any(|e| e["source"].ends_with("huge.txt") && e["error"].contains("not enough memory")),
        "{errors:?}"
    );
    // Nothing half-written is left.
    assert_eq!(
        names(&out),
        [
            ".reviewlens.lock",
            "entities.csv",
            "errors.csv",
            "mentions.csv",
            "reviews.csv"
        ]
    );
}

// --- 4, 5. CSV quotes and line numbers ---

#[test]
fn an_unclosed_quote_costs_one_row_and_lines_are_physical_for_every_ending() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("in");
    fs::create_dir(&dir).unwrap();
    fs::write(
        dir.join("a.csv"),
        "id,text\n1,good\n2,\"oops\n3,fine\n4,also fine\n",
    )
    .unwrap();
    fs::write(
        dir.join("b.csv"),
        "id,text\r\nb1,good\r\nb2,\"two\r\nlines\"\r\nb3,fine\r\n",
    )
    .unwrap();
    fs::write(dir.join("c.csv"), "id,text\rc1,good\rc2,fine\r\rc3,last").unwrap();
    let out = tmp.path().join("out");
    let output = analyze(&[os(&dir), os("-o"), os(&out)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let reviews = read_csv(&out.join("reviews.csv"));
    let sources: Vec<String> = reviews
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["review_id"],
                r["source"].rsplit('/').next().unwrap()
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            "1 a.csv:2",
            "3 a.csv:4",
            "4 a.csv:5",
            "b1 b.csv:2",
            "b2 b.csv:3",
            "b3 b.csv:5",
            "c1 c.csv:2",
            "c2 c.csv:3",
            "c3 c.csv:5"
        ]
    );
    let errors = read_csv(&out.join("errors.csv"));
    assert_eq!(errors.len(), 1);
    assert!(errors[0]["source"].ends_with("a.csv:3"), "{errors:?}");
    assert!(
        errors[0]["error"].contains("the quote opened on line 3 does not close"),
        "{errors:?}"
    );
}

// --- 6. the reports are replaced all together ---

#[test]
fn a_failure_while_publishing_leaves_the_earlier_set_whole() {
    let tmp = TempDir::new().unwrap();
    let first = tmp.path().join("first.txt");
    fs::write(&first, "Great show.").unwrap();
    let out = tmp.path().join("out");
    assert!(analyze(&[os(&first), os("-o"), os(&out)]).status.success());
    let before: Vec<Vec<u8>> = ["reviews.csv", "mentions.csv", "errors.csv"]
        .iter()
        .map(|n| fs::read(out.join(n)).unwrap())
        .collect();
    // entities.csv is now a folder: the new set cannot be published.
    fs::remove_file(out.join("entities.csv")).unwrap();
    fs::create_dir(out.join("entities.csv")).unwrap();
    let second = tmp.path().join("second.txt");
    fs::write(&second, "A dull film.").unwrap();
    let output = analyze(&[os(&second), os("-o"), os(&out)]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("entities.csv"),
        "{}",
        stderr(&output)
    );
    let after: Vec<Vec<u8>> = ["reviews.csv", "mentions.csv", "errors.csv"]
        .iter()
        .map(|n| fs::read(out.join(n)).unwrap())
        .collect();
    assert_eq!(after, before);
    assert_eq!(
        names(&out),
        [
            ".reviewlens.lock",
            "entities.csv",
            "errors.csv",
            "mentions.csv",
            "reviews.csv"
        ]
    );
}

/// A CSV of synthetic reviews big enough for a run of about a second.
fn big_csv(dir: &Path) -> PathBuf {
    let path = dir.join("big.csv");
    let mut command = reviewlens();
    command
        .args(["synth", "--reviews", "12000", "--seed", "5", "-o"])
        .arg(&path);
    assert!(run(command).status.success());
    path
}

/// Waits until `path` exists (the run has opened its reports).
fn wait_for(path: &Path, child: &mut Child) {
    let started = Instant::now();
    while !path.exists() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before {}",
            path.display()
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_second_run_into_the_same_folder_is_refused_while_the_first_runs() {
    let tmp = TempDir::new().unwrap();
    let big = big_csv(tmp.path());
    let small = tmp.path().join("small.txt");
    fs::write(&small, "Great show.").unwrap();
    let out = tmp.path().join("out");
    let mut first = reviewlens()
        .args([
            os("analyze"),
            os(&big),
            os("-o"),
            os(&out),
            os("-j"),
            os("1"),
            os("-q"),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(&out.join(".reviewlens.new"), &mut first);
    let second = analyze(&[os(&small), os("-o"), os(&out)]);
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("another reviewlens run is writing reports into"),
        "{}",
        stderr(&second)
    );
    let first = wait_within(first, Duration::from_secs(300));
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(read_csv(&out.join("reviews.csv")).len(), 12000);
}

// --- 7. signals leave nothing behind; a killed run's leftovers go with the next run ---

#[cfg(unix)]
#[test]
fn sigint_sigterm_and_sighup_leave_no_temporary_file_and_the_earlier_reports() {
    let tmp = TempDir::new().unwrap();
    let big = big_csv(tmp.path());
    let small = tmp.path().join("small.txt");
    fs::write(&small, "Great show.").unwrap();
    let out = tmp.path().join("out");
    assert!(analyze(&[os(&small), os("-o"), os(&out)]).status.success());
    let before = fs::read(out.join("reviews.csv")).unwrap();
    for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let mut child = reviewlens()
            .args([
                os("analyze"),
                os(&big),
                os("-o"),
                os(&out),
                os("-j"),
                os("1"),
                os("-q"),
            ])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for(&out.join(".reviewlens.new"), &mut child);
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        let output = wait_within(child, Duration::from_secs(60));
        assert_eq!(
            output.status.code(),
            Some(code),
            "SIG{signal}: {}",
            stderr(&output)
        );
        assert_eq!(
            names(&out),
            [
                ".reviewlens.lock",
                "entities.csv",
                "errors.csv",
                "mentions.csv",
                "reviews.csv"
            ],
            "SIG{signal}"
        );
        assert_eq!(
            fs::read(out.join("reviews.csv")).unwrap(),
            before,
            "SIG{signal}"
        );
    }
    // A new folder made by an interrupted run is removed again.
    let fresh = tmp.path().join("fresh");
    let mut child = reviewlens()
        .args([
            os("analyze"),
            os(&big),
            os("-o"),
            os(&fresh),
            os("-j"),
            os("1"),
            os("-q"),
        ])
        .spawn()
        .unwrap();
    wait_for(&fresh.join(".reviewlens.new"), &mut child);
    Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    let _ = wait_within(child, Duration::from_secs(60));
    assert!(!fresh.exists());
}

#[cfg(unix)]
#[test]
fn what_a_killed_run_left_is_swept_by_the_next() {
    let tmp = TempDir::new().unwrap();
    let big = big_csv(tmp.path());
    let out = tmp.path().join("out");
    let mut child = reviewlens()
        .args([
            os("analyze"),
            os(&big),
            os("-o"),
            os(&out),
            os("-j"),
            os("1"),
            os("-q"),
        ])
        .spawn()
        .unwrap();
    wait_for(&out.join(".reviewlens.new"), &mut child);
    // Give it time to write some rows.
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(out.join(".reviewlens.new").exists());
    // Temporary files of earlier versions, beside.
    fs::write(out.join(".reviews.csv.Ab12Cd.tmp"), "half a report").unwrap();
    let small = tmp.path().join("small.txt");
    fs::write(&small, "Great show.").unwrap();
    let output = analyze(&[os(&small), os("-o"), os(&out)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        names(&out),
        [
            ".reviewlens.lock",
            "entities.csv",
            "errors.csv",
            "mentions.csv",
            "reviews.csv"
        ]
    );
}

// --- 8. UTF-16 and byte-order marks in tables; no control byte in a cell ---

fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

#[test]
fn utf16_tables_are_read_and_no_cell_gets_a_control_byte() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("in");
    fs::create_dir(&dir).unwrap();
    fs::write(
        dir.join("a.csv"),
        utf16le("id,text\r\nu1,Amélie was wonderful.\r\n"),
    )
    .unwrap();
    fs::write(
        dir.join("b.jsonl"),
        utf16le("{\"id\": \"u2\", \"text\": \"Björk sang.\"}\r\n"),
    )
    .unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(b"{\"id\": \"u3\", \"text\": \"Fine.\"}\n");
    fs::write(dir.join("c.jsonl"), bom).unwrap();
    // UTF-16 without a byte-order mark: binary, and said so without NUL bytes.
    let mut no_bom = utf16le("id,text\r\nx,y\r\n");
    no_bom.drain(..2);
    fs::write(dir.join("d.csv"), no_bom).unwrap();
    let out = tmp.path().join("out");
    let output = analyze(&[os(&dir), os("-o"), os(&out)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let reviews = read_csv(&out.join("reviews.csv"));
    assert_eq!(column(&reviews, "review_id"), ["u1", "u2", "u3"]);
    assert_eq!(column(&reviews, "encoding"), ["utf-16", "utf-16", "utf-8"]);
    for name in ["reviews.csv", "errors.csv", "mentions.csv", "entities.csv"] {
        let bytes = fs::read(out.join(name)).unwrap();
        let control = bytes.iter().any(|&b| b < 0x20 && b != b'\r' && b != b'\n');
        assert!(!control, "{name}: {:?}", String::from_utf8_lossy(&bytes));
    }
    let errors = read_csv(&out.join("errors.csv"));
    assert!(errors[0]["error"].contains("binary file"), "{errors:?}");
}

// --- 9. ids stay distinct ---

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_and_duplicate_ids_give_distinct_review_ids() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("in");
    fs::create_dir(&dir).unwrap();
    for name in [&b"x\xff.txt"[..], b"x\xfe.txt"] {
        fs::write(dir.join(std::ffi::OsStr::from_bytes(name)), "Great show.").unwrap();
    }
    fs::write(dir.join("a.csv"), "id,text\n1,One.\n 007 ,Seven.\n").unwrap();
    fs::write(dir.join("b.csv"), "id,text\n1,Another one.\n").unwrap();
    let out = tmp.path().join("out");
    let output = analyze(&[os(&dir), os("-o"), os(&out)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("1 reviews renamed"),
        "{}",
        stderr(&output)
    );
    let reviews = read_csv(&out.join("reviews.csv"));
    assert_eq!(
        column(&reviews, "review_id"),
        ["1", " 007 ", "1#2", "x\\xFE.txt", "x\\xFF.txt"]
    );
}

// --- 10. bounded work ---

#[test]
fn a_huge_jobs_number_is_capped_with_a_message() {
    let tmp = TempDir::new().unwrap();
    let review = tmp.path().join("r.txt");
    fs::write(&review, "Great show.").unwrap();
    let output = analyze(&[
        os(&review),
        os("-o"),
        os(&tmp.path().join("out")),
        os("--jobs"),
        os("100000"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--jobs 100000 is more than this machine can use"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_folder_two_thousand_levels_deep_is_walked() {
    let tmp = TempDir::new().unwrap();
    let mut deep = tmp.path().join("in");
    for _ in 0..2000 {
        deep.push("d");
    }
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("bottom.txt"), "Great show.").unwrap();
    fs::write(tmp.path().join("in/top.txt"), "A dull film.").unwrap();
    let mut command = reviewlens();
    command
        .arg("analyze")
        .arg(tmp.path().join("in"))
        .arg("-o")
        .arg(tmp.path().join("out"));
    // The earlier walk took 39 s here (it resolved every folder's path again); now well under
    // one. A hang is what this guards against, not speed.
    let output = run_within(command, Duration::from_secs(30));
    assert!(output.status.success(), "{}", stderr(&output));
    let ids = column(&read_csv(&tmp.path().join("out/reviews.csv")), "review_id");
    assert_eq!(ids.len(), 2);
    assert!(
        ids[0].ends_with("d/d/bottom.txt") && ids[0].len() == 2000 * 2 + 10,
        "{}",
        ids[0].len()
    );
    assert_eq!(ids[1], "top.txt");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_an_error_row_not_a_hang() {
    let tmp = TempDir::new().unwrap();
    let fifo = tmp.path().join("pipe.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let review = tmp.path().join("r.txt");
    fs::write(&review, "Great show.").unwrap();
    let out = tmp.path().join("out");
    let mut command = reviewlens();
    command
        .arg("analyze")
        .arg(&fifo)
        .arg(&review)
        .arg("-o")
        .arg(&out);
    let output = run_within(command, Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let errors = read_csv(&out.join("errors.csv"));
    assert!(
        errors[0]["error"].contains("not a regular file (a FIFO)"),
        "{errors:?}"
    );
    assert_eq!(
        column(&read_csv(&out.join("reviews.csv")), "review_id"),
        ["r.txt"]
    );
}

// --- 12. smaller ones ---

#[test]
fn an_os_error_is_printed_once() {
    let tmp = TempDir::new().unwrap();
    let review = tmp.path().join("r.txt");
    fs::write(&review, "Great show.").unwrap();
    // The output folder's parent is a file.
    let blocker = tmp.path().join("file");
    fs::write(&blocker, "x").unwrap();
    let output = analyze(&[os(&review), os("-o"), os(&blocker.join("out"))]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

#[cfg(unix)]
#[test]
fn file_names_with_line_breaks_and_escapes_are_escaped_on_the_terminal() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("in");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("bad\n\x1b[31mname.txt"), b"\0binary").unwrap();
    fs::write(dir.join("good.txt"), "Great show.").unwrap();
    let output = analyze(&[os(&dir), os("-o"), os(&tmp.path().join("out"))]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(!err.contains('\x1b'), "{err:?}");
    assert!(err.contains("bad\\n\\x1B[31mname.txt"), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    let mut text = String::new();
    fs::File::open(tmp.path().join("out/errors.csv"))
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert!(
        !text.contains('\x1b') && text.contains("bad\\n\\x1B[31mname.txt"),
        "{text:?}"
    );
}
