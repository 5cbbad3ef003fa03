//! End-to-end tests of the `reviewlens` binary on temporary folders.

use assert_cmd::Command;
use predicates::prelude::*;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn reviewlens() -> Command {
    Command::cargo_bin("reviewlens").unwrap()
}

/// A folder of small reviews.
fn fixture() -> TempDir {
    let dir = TempDir::new().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "tv/harbor.txt",
        "Harbor Lights is a warm, funny series. Mara Quill (Dana Okafor) steals every scene.\n\n\
         Sadly the final episode is a dull, overlong mess.",
    );
    write(
        "film/quiet.md",
        "# Quiet Hours\n\nA *lovely* little film. I can’t stop thinking about it!",
    );
    write("notes.json", "{\"not\": \"a review\"}");
    write(
        "rows.csv",
        "id,text\nr1,\"Great songs, weak plot.\"\nr2,Terrible from start to finish.\n",
    );
    dir
}

/// A report's rows, each a map from column to cell.
type Rows = Vec<HashMap<String, String>>;

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

fn header(path: &Path) -> String {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

fn analyze(inputs: &[&Path], out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    reviewlens()
        .arg("analyze")
        .args(inputs)
        .arg("-o")
        .arg(out)
        .args(extra)
        .assert()
}

#[test]
fn every_report_has_its_documented_header() {
    let dir = fixture();
    let out = dir.path().join("out");
    analyze(&[dir.path()], &out, &["--sentences"]).success();
    let expected = [
        ("reviews.csv", "review_id,source,chars,words,sentences,compound,label,positive,negative,neutral,mentions,encoding,rating,rating_text,verdict_confidence"),
        ("mentions.csv", "review_id,kind,name,surface,start,end,sentence,role,compound,label"),
        ("entities.csv", "kind,name,reviews,mentions,mean_compound,positive,negative,mixed,neutral"),
        ("errors.csv", "source,error"),
        ("sentences.csv", "review_id,sentence,start,end,compound,label,text"),
    ];
    for (file, columns) in expected {
        assert_eq!(header(&out.join(file)), columns, "{file}");
    }
    // No temporary file is left behind: only the lock file beside the reports.
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".reviewlens.lock",
            "entities.csv",
            "errors.csv",
            "mentions.csv",
            "reviews.csv",
            "sentences.csv"
        ]
    );
}

/// The file names in `dir`, sorted, but the lock.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".reviewlens.lock")
        .collect();
    names.sort();
    names
}

#[test]
fn formats_are_written_as_asked_and_a_run_replaces_the_whole_set() {
    let dir = fixture();
    let out = dir.path().join("out");
    analyze(&[dir.path()], &out, &["--format", "xlsx,parquet", "-q"]).success();
    assert_eq!(
        file_names(&out),
        [
            "entities.parquet",
            "errors.parquet",
            "mentions.parquet",
            "reports.xlsx",
            "reviews.parquet"
        ]
    );
    // xlsx is a zip file; Parquet files start and end with PAR1.
    assert!(fs::read(out.join("reports.xlsx"))
        .unwrap()
        .starts_with(b"PK"));
    let parquet = fs::read(out.join("reviews.parquet")).unwrap();
    assert!(parquet.starts_with(b"PAR1") && parquet.ends_with(b"PAR1"));
    // A CSV-only run replaces the whole earlier set: the workbook and Parquet files go.
    analyze(&[dir.path()], &out, &["-q"]).success();
    assert_eq!(
        file_names(&out),
        ["entities.csv", "errors.csv", "mentions.csv", "reviews.csv"]
    );
    analyze(&[dir.path()], &out, &["--format", "csv,pdf"])
        .code(2)
        .stderr(predicate::str::contains("pdf"));
}

#[test]
fn sentences_report_is_only_written_on_request() {
    let dir = fixture();
    let out = dir.path().join("out");
    analyze(&[dir.path()], &out, &[]).success();
    assert!(!out.join("sentences.csv").exists());
}

#[test]
fn reviews_come_in_input_order_with_relative_ids_and_row_ids() {
    let dir = fixture();
    let out = dir.path().join("out");
    analyze(&[dir.path()], &out, &[])
        .success()
        .stderr(predicate::str::contains("4 reviews"));
    let rows = read_csv(&out.join("reviews.csv"));
    let ids: Vec<&str> = rows.iter().map(|r| r["review_id"].as_str()).collect();
    assert_eq!(ids, ["film/quiet.md", "r1", "r2", "tv/harbor.txt"]);
    assert!(
        rows[1]["source"].ends_with("rows.csv:2"),
        "{}",
        rows[1]["source"]
    );
    assert!(rows[2]["source"].ends_with("rows.csv:3"));
}

#[test]
fn hand_checked_counts_of_a_small_review() {
    let dir = TempDir::new().unwrap();
    // 3 sentences; 69 characters (10 + 1 + 26 + 1 + 31), 3 of them curly quotes of 3 bytes each.
    fs::write(
        dir.path().join("a.txt"),
        "It’s fine. Dr. Ames plays “Dot” well!\nThe end is 10 minutes too long.",
    )
    .unwrap();
    let out = dir.path().join("out");
    analyze(&[dir.path()], &out, &["--sentences"]).success();
    let review = &read_csv(&out.join("reviews.csv"))[0];
    assert_eq!(review["review_id"], "a.txt");
    assert_eq!(review["chars"], "69");
    assert_eq!(review["sentences"], "3");
    let sentences = read_csv(&out.join("sentences.csv"));
    let spans: Vec<(&str, &str, &str)> = sentences
        .iter()
        .map(|s| (s["start"].as_str(), s["end"].as_str(), s["text"].as_str()))
        .collect();
    assert_eq!(
        spans,
        [
            ("0", "10", "It’s fine."),
            ("11", "37", "Dr. Ames plays “Dot” well!"),
            ("38", "69", "The end is 10 minutes too long.")
        ]
    );
}

#[test]
fn character_offsets_slice_the_text_like_python() {
    let dir = fixture();
    let out = dir.path().join("out");
    analyze(&[dir.path()], &out, &["--sentences"]).success();
    let texts: HashMap<String, String> = [
        ("tv/harbor.txt", "tv/harbor.txt"),
        ("film/quiet.md", "film/quiet.md"),
    ]
    .iter()
    .map(|(id, file)| {
        (
            id.to_string(),
            fs::read_to_string(dir.path().join(file)).unwrap(),
        )
    })
    .collect();
    let slice = |id: &str, start: &str, end: &str| -> Option<String> {
        let text = texts.get(id)?;
        let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
        Some(text.chars().skip(start).take(end - start).collect())
    };
    for s in read_csv(&out.join("sentences.csv")) {
        if let Some(found) = slice(&s["review_id"], &s["start"], &s["end"]) {
            assert_eq!(found, s["text"]);
        }
    }
    for m in read_csv(&out.join("mentions.csv")) {
        if let Some(found) = slice(&m["review_id"], &m["start"], &m["end"]) {
            assert_eq!(found, m["surface"]);
        }
    }
}

#[test]
fn every_offset_in_the_corpus_reports_slices_back_to_its_text() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    analyze(&[&corpus], &out, &["--sentences", "-q"]).success();
    let mut texts: HashMap<String, Vec<char>> = HashMap::new();
    for review in read_csv(&out.join("reviews.csv")) {
        let id = &review["review_id"];
        let text = if review["source"].contains(".csv:") {
            let rows = read_csv(&corpus.join("reviews.csv"));
            rows.into_iter()
                .find(|r| &r["id"] == id)
                .map(|r| r["text"].clone())
                .unwrap()
        } else {
            fs::read_to_string(corpus.join(id)).unwrap()
        };
        assert_eq!(text.chars().count().to_string(), review["chars"], "{id}");
        texts.insert(id.clone(), text.chars().collect());
    }
    let slice = |id: &str, start: &str, end: &str| -> String {
        let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
        texts[id][start..end].iter().collect()
    };
    let mentions = read_csv(&out.join("mentions.csv"));
    assert!(
        mentions.len() > 200,
        "the corpus names many entities: {}",
        mentions.len()
    );
    for m in mentions {
        assert_eq!(
            slice(&m["review_id"], &m["start"], &m["end"]),
            m["surface"],
            "{m:?}"
        );
    }
    for s in read_csv(&out.join("sentences.csv")) {
        let text = s["text"]
            .strip_prefix('\'')
            .filter(|t| t.starts_with(['=', '+', '-', '@']))
            .unwrap_or(&s["text"]);
        assert_eq!(
            slice(&s["review_id"], &s["start"], &s["end"]),
            text,
            "{s:?}"
        );
    }
}

#[test]
fn reports_are_byte_identical_for_one_and_four_jobs() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let dir = TempDir::new().unwrap();
    let inputs: Vec<PathBuf> = if corpus.is_dir() {
        vec![corpus]
    } else {
        vec![fixture().keep()]
    };
    let run = |jobs: &str, name: &str| {
        let out = dir.path().join(name);
        reviewlens()
            .arg("analyze")
            .args(&inputs)
            .arg("-o")
            .arg(&out)
            .args(["--sentences", "-q", "--jobs", jobs])
            .args(["--format", "csv,xlsx,parquet"])
            .assert()
            .success();
        out
    };
    let one = run("1", "one");
    let four = run("4", "four");
    let again = run("4", "again");
    for file in [
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
    ] {
        let a = fs::read(one.join(file)).unwrap();
        assert_eq!(a, fs::read(four.join(file)).unwrap(), "{file}: 1 vs 4 jobs");
        assert_eq!(a, fs::read(again.join(file)).unwrap(), "{file}: run to run");
    }
}

#[test]
fn no_input_means_corpus_and_no_output_means_reports() {
    let dir = TempDir::new().unwrap();
    fs::create_dir(dir.path().join("corpus")).unwrap();
    fs::write(dir.path().join("corpus/one.txt"), "A fine show.").unwrap();
    reviewlens()
        .current_dir(dir.path())
        .args(["analyze", "-q"])
        .assert()
        .success();
    assert_eq!(read_csv(&dir.path().join("reports/reviews.csv")).len(), 1);
}

#[test]
fn the_output_folder_is_never_read_as_input() {
    let dir = fixture();
    let out = dir.path().join("reports");
    analyze(&[dir.path()], &out, &["-q"]).success();
    analyze(&[dir.path()], &out, &["-q"]).success();
    assert_eq!(read_csv(&out.join("reviews.csv")).len(), 4);
}

#[test]
fn an_earlier_runs_reports_inside_the_input_are_not_read() {
    let dir = fixture();
    analyze(&[dir.path()], &dir.path().join("first"), &["-q"]).success();
    analyze(&[dir.path()], &dir.path().join("second"), &["-q"]).success();
    assert_eq!(read_csv(&dir.path().join("second/reviews.csv")).len(), 4);
}

#[test]
fn kept_columns_follow_the_review_id_from_csv_and_jsonl() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("a.csv"),
        "id,date,text,outlet,stars\n7,2024-05-01,A fine show.,Le Monde,05\n8,,Dull.\n",
    )
    .unwrap();
    fs::write(
        input.join("b.jsonl"),
        "{\"text\": \"Great songs.\", \"stars\": 4.5, \"outlet\": null, \"date\": \"2024\"}\n\
         {\"text\": \"Weak plot.\"}\n",
    )
    .unwrap();
    fs::write(input.join("c.txt"), "A lovely film.").unwrap();
    let out = dir.path().join("out");
    analyze(
        &[&input],
        &out,
        &["--keep-columns", "outlet,stars,date", "-q"],
    )
    .success();
    assert!(header(&out.join("reviews.csv")).starts_with("review_id,outlet,stars,date,source,"));
    let rows = read_csv(&out.join("reviews.csv"));
    let kept: Vec<[&str; 4]> = rows
        .iter()
        .map(|r| [&r["review_id"], &r["outlet"], &r["stars"], &r["date"]].map(String::as_str))
        .collect();
    assert_eq!(
        kept,
        [
            ["7", "Le Monde", "05", "2024-05-01"],
            // A short CSV row, a later JSONL row without the fields, a text file: empty.
            ["8", "", "", ""],
            ["1", "", "4.5", "2024"],
            ["2", "", "", ""],
            ["c.txt", "", "", ""],
        ]
    );
    // A second run over the folder holding the first's reports does not read them as reviews.
    analyze(
        &[dir.path()],
        &dir.path().join("again"),
        &["--keep-columns", "stars", "-q"],
    )
    .success();
    assert_eq!(read_csv(&dir.path().join("again/reviews.csv")).len(), 5);
}

#[test]
fn an_unknown_kept_column_stops_the_run_naming_the_columns_there_are() {
    let dir = fixture();
    let out = dir.path().join("out");
    analyze(&[dir.path()], &out, &["--keep-columns", "venue"])
        .code(2)
        .stderr(predicate::str::contains(
            "rows.csv has no column named \"venue\" (its columns: id,text)",
        ));
    assert!(!out.exists(), "nothing is written");
    analyze(&[dir.path()], &out, &["--keep-columns", "label"])
        .code(2)
        .stderr(predicate::str::contains("already a column of reviews.csv"));
}

#[test]
fn formula_like_cells_are_defused_unless_asked_not_to() {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("rows.csv"),
        "id,text\n=HYPERLINK(1),\"-Awful, truly.\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    analyze(&[&dir.path().join("rows.csv")], &out, &["--sentences"]).success();
    assert_eq!(
        read_csv(&out.join("reviews.csv"))[0]["review_id"],
        "'=HYPERLINK(1)"
    );
    assert!(read_csv(&out.join("sentences.csv"))[0]["text"].starts_with("'-Awful"));
    analyze(&[&dir.path().join("rows.csv")], &out, &["--no-defuse"]).success();
    assert_eq!(
        read_csv(&out.join("reviews.csv"))[0]["review_id"],
        "=HYPERLINK(1)"
    );
}

#[test]
fn bom_flag_starts_every_report_with_a_byte_order_mark() {
    let dir = fixture();
    let out = dir.path().join("out");
    analyze(&[dir.path()], &out, &["--bom"]).success();
    for file in ["reviews.csv", "mentions.csv", "entities.csv", "errors.csv"] {
        assert!(
            fs::read(out.join(file))
                .unwrap()
                .starts_with(b"\xEF\xBB\xBFreview_id")
                || file != "reviews.csv"
        );
        assert!(
            fs::read(out.join(file))
                .unwrap()
                .starts_with(b"\xEF\xBB\xBF"),
            "{file}"
        );
    }
    let plain = TempDir::new().unwrap();
    let plain = plain.path();
    analyze(&[dir.path()], plain, &[]).success();
    assert!(fs::read(plain.join("reviews.csv"))
        .unwrap()
        .starts_with(b"review_id"));
}

#[test]
fn custom_id_and_text_columns_are_read() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("t.csv"), "key,body,extra\nk1,Lovely.,x\n").unwrap();
    fs::write(
        dir.path().join("t.jsonl"),
        "{\"key\": \"k2\", \"body\": \"Awful.\"}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    analyze(
        &[dir.path()],
        &out,
        &["--id-column", "key", "--text-column", "body"],
    )
    .success();
    let ids: Vec<String> = read_csv(&out.join("reviews.csv"))
        .iter()
        .map(|r| r["review_id"].clone())
        .collect();
    assert_eq!(ids, ["k1", "k2"]);
}

#[test]
fn help_describes_every_analyze_option() {
    reviewlens()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("analyze"));
    let help = reviewlens().args(["analyze", "--help"]).assert().success();
    let out = String::from_utf8(help.get_output().stdout.clone()).unwrap();
    for flag in [
        "--output",
        "--jobs",
        "--sentences",
        "--id-column",
        "--text-column",
        "--bom",
        "--no-defuse",
        "--format",
        "--keep-columns",
        "--quiet",
        "Exit status",
    ] {
        assert!(out.contains(flag), "analyze --help lacks {flag}");
    }
}

// --- bad input: one row in errors.csv and a line on stderr each; the rest is analyzed ---

fn bad_input_run(setup: impl FnOnce(&Path)) -> (Rows, Rows, String) {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("good.txt"), "A good review of a good show.").unwrap();
    setup(&input);
    let out = dir.path().join("out");
    let assert = analyze(&[&input], &out, &[]).code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    (
        read_csv(&out.join("reviews.csv")),
        read_csv(&out.join("errors.csv")),
        stderr,
    )
}

fn assert_one_error(setup: impl FnOnce(&Path), source_ends: &str, reason: &str) {
    let (reviews, errors, stderr) = bad_input_run(setup);
    assert!(
        reviews.iter().any(|r| r["review_id"] == "good.txt"),
        "the good review is still analyzed"
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["source"].ends_with(source_ends), "{errors:?}");
    assert!(errors[0]["error"].contains(reason), "{errors:?}");
    assert!(
        stderr.contains(source_ends) && stderr.contains(reason),
        "{stderr}"
    );
}

#[test]
fn a_binary_file_is_an_error() {
    assert_one_error(
        |d| fs::write(d.join("image.txt"), b"GIF89a\0\0\x01").unwrap(),
        "image.txt",
        "binary",
    );
}

#[test]
fn an_empty_file_is_an_error() {
    assert_one_error(
        |d| fs::write(d.join("empty.md"), "  \n").unwrap(),
        "empty.md",
        "empty",
    );
}

#[cfg(unix)]
#[test]
fn a_broken_symlink_is_an_error() {
    assert_one_error(
        |d| std::os::unix::fs::symlink(d.join("gone.txt"), d.join("link.txt")).unwrap(),
        "link.txt",
        "broken symlink",
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_an_error() {
    // /proc/self/mem fails to read at offset 0 even for root, unlike a file with mode 000.
    assert_one_error(
        |d| std::os::unix::fs::symlink("/proc/self/mem", d.join("mem.txt")).unwrap(),
        "mem.txt",
        "cannot read",
    );
}

#[test]
fn a_csv_row_that_cannot_be_parsed_is_an_error_with_its_line() {
    assert_one_error(
        |d| {
            fs::write(
                d.join("rows.csv"),
                "id,text\n\"multi\nline\",ok review\nlonely\n",
            )
            .unwrap()
        },
        "rows.csv:4",
        "CSV line 4",
    );
    let (reviews, _, _) =
        bad_input_run(|d| fs::write(d.join("rows.csv"), "id,text\nlonely\n2,fine\n").unwrap());
    assert_eq!(reviews.len(), 2, "the rows after a bad row are still read");
}

#[test]
fn a_jsonl_line_that_cannot_be_parsed_is_an_error_with_its_line() {
    assert_one_error(
        |d| {
            fs::write(
                d.join("rows.jsonl"),
                "{\"id\": 1, \"text\": \"ok\"}\n{oops\n",
            )
            .unwrap()
        },
        "rows.jsonl:2",
        "JSONL line 2",
    );
}

#[test]
fn a_csv_without_the_text_column_is_an_error() {
    assert_one_error(
        |d| fs::write(d.join("rows.csv"), "id,body\n1,hello\n").unwrap(),
        "rows.csv",
        "no column named \"text\"",
    );
}

#[test]
fn a_windows_1252_file_is_decoded_and_said_so() {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("latin.txt"),
        b"Caf\xe9 Society is \x93charming\x94.",
    )
    .unwrap();
    let out = dir.path().join("out");
    analyze(&[dir.path()], &out, &["--sentences"])
        .success()
        .stderr(predicate::str::contains(
            "latin.txt is not UTF-8; decoded as Windows-1252",
        ));
    assert_eq!(
        read_csv(&out.join("reviews.csv"))[0]["encoding"],
        "windows-1252"
    );
    assert_eq!(
        read_csv(&out.join("sentences.csv"))[0]["text"],
        "Café Society is “charming”."
    );
}

#[test]
fn files_that_are_not_reviews_are_skipped_and_counted() {
    let dir = fixture();
    analyze(&[dir.path()], &dir.path().join("out"), &[])
        .success()
        .stderr(predicate::str::contains("(1 files skipped)"));
}

#[test]
fn an_output_folder_that_cannot_be_written_fails_with_one_line_and_leaves_nothing() {
    let dir = fixture();
    let blocker = dir.path().join("file");
    fs::write(&blocker, "x").unwrap();
    for out in [blocker.clone(), blocker.join("sub")] {
        let assert = analyze(&[dir.path()], &out, &[]).code(2);
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(&*blocker.to_string_lossy()), "{stderr}");
    }
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "x");
}

#[test]
fn a_missing_input_is_a_usage_error() {
    let dir = TempDir::new().unwrap();
    analyze(&[&dir.path().join("nope")], &dir.path().join("out"), &[])
        .code(2)
        .stderr(predicate::str::contains("no such file or folder"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    reviewlens()
        .args(["analyze", "--no-such-flag"])
        .assert()
        .code(2);
}

#[test]
fn a_gazetteer_adds_the_users_own_entities() {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("r.txt"),
        "i rewatched bluey again and loved it. the theme tune is pure joy.",
    )
    .unwrap();
    let gazetteer = dir.path().join("catalogue.tsv");
    fs::write(
        &gazetteer,
        "# my catalogue\nshow\tBluey\tbluey\nsong\tTheme Tune\ttheme tune\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    analyze(
        &[&dir.path().join("r.txt")],
        &out,
        &["--gazetteer", gazetteer.to_str().unwrap()],
    )
    .success();
    let found: Vec<(String, String, String)> = read_csv(&out.join("mentions.csv"))
        .into_iter()
        .map(|m| (m["kind"].clone(), m["name"].clone(), m["surface"].clone()))
        .collect();
    assert!(
        found.contains(&("show".into(), "Bluey".into(), "bluey".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("song".into(), "Theme Tune".into(), "theme tune".into())),
        "{found:?}"
    );
}

#[test]
fn a_malformed_gazetteer_is_a_usage_error_naming_its_line() {
    let dir = fixture();
    let gazetteer = dir.path().join("bad.tsv");
    fs::write(&gazetteer, "show\tFine\nalbum\tNot A Kind\n").unwrap();
    let out = TempDir::new().unwrap();
    let assert = analyze(
        &[dir.path()],
        &out.path().join("out"),
        &["--gazetteer", gazetteer.to_str().unwrap()],
    )
    .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("bad.tsv:2") && stderr.contains("unknown kind"),
        "{stderr}"
    );
    assert!(!out.path().join("out").exists(), "nothing is left behind");
}

/// The review compound of each review of `out`, by id.
fn compounds(out: &Path) -> HashMap<String, f64> {
    read_csv(&out.join("reviews.csv"))
        .into_iter()
        .map(|r| (r["review_id"].clone(), r["compound"].parse().unwrap()))
        .collect()
}

#[test]
fn a_user_lexicon_gives_its_words_their_valence() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("r.txt"), "The new season is zorbly.").unwrap();
    let lexicon = dir.path().join("words.tsv");
    fs::write(&lexicon, "# my words\nZorbly\t2.5\nfalls flat\t-2\n").unwrap();
    let plain = dir.path().join("plain");
    analyze(&[&dir.path().join("r.txt")], &plain, &[]).success();
    let with = dir.path().join("with");
    analyze(
        &[&dir.path().join("r.txt")],
        &with,
        &["--lexicon", lexicon.to_str().unwrap()],
    )
    .success();
    let (before, after) = (compounds(&plain)["r.txt"], compounds(&with)["r.txt"]);
    assert!(before.abs() < 0.05, "unknown word: {before}");
    assert!(after > 0.3, "with the lexicon: {after}");
    let rows = read_csv(&with.join("reviews.csv"));
    assert_eq!(rows[0]["label"], "positive");
}

#[test]
fn a_malformed_lexicon_is_a_usage_error_naming_its_line() {
    let dir = fixture();
    let out = TempDir::new().unwrap();
    for (data, reason) in [
        ("good\t1\nbad\tvery\n", "not a number"),
        ("good\t1\nawful\t-9\n", "outside"),
        ("good\t1\njump the shark\t-2\n", "two words"),
        ("good\t1\nno tab here\n", "term<TAB>number"),
    ] {
        let lexicon = dir.path().join("bad.lex");
        fs::write(&lexicon, data).unwrap();
        let assert = analyze(
            &[dir.path()],
            &out.path().join("out"),
            &["--lexicon", lexicon.to_str().unwrap()],
        )
        .code(2);
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(
            stderr.contains("bad.lex:2") && stderr.contains(reason),
            "{data:?}: {stderr}"
        );
        assert!(!out.path().join("out").exists(), "nothing is left behind");
    }
}

#[test]
fn lexicon_learn_writes_weights_that_analyze_uses() {
    let dir = TempDir::new().unwrap();
    // A made-up word only the positive reviews use, and one only the negative ones use.
    let mut csv = String::from("id,label,text\n");
    for i in 0..60 {
        let (label, text) = if i % 2 == 0 {
            ("pos", "The cast is good and the plot is quibbly.")
        } else {
            ("neg", "The cast is good but the plot is florp.")
        };
        csv.push_str(&format!("r{i},{label},{text}\n"));
    }
    csv.push_str("r60,neutral,An unlabeled row.\n");
    let labeled = dir.path().join("labeled.csv");
    fs::write(&labeled, csv).unwrap();
    let weights = dir.path().join("domain.tsv");
    let heldout = dir.path().join("heldout.csv");
    let assert = reviewlens()
        .args(["lexicon", "learn"])
        .arg(&labeled)
        .arg("-o")
        .arg(&weights)
        .args(["--min-docs", "5", "--holdout", "--heldout-out"])
        .arg(&heldout)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("1 rows with another label skipped"),
        "{stderr}"
    );
    let learned = fs::read_to_string(&weights).unwrap();
    assert!(
        learned.starts_with("# reviewlens: learned weights"),
        "{learned}"
    );
    let weight = |term: &str| -> f64 {
        learned
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{term}\t")))
            .unwrap_or_else(|| panic!("no {term} in {learned}"))
            .parse()
            .unwrap()
    };
    assert!(weight("quibbly") > 0.5 && weight("florp") < -0.5);
    // The held-out fifth is written with the columns eval sentiment reads, and learned from none.
    let held = read_csv(&heldout);
    assert!(!held.is_empty() && held.len() < 30, "{}", held.len());
    // A review with the positive word scores higher with the learned weights than without.
    fs::write(
        dir.path().join("r.txt"),
        "A fine show, and quibbly throughout.",
    )
    .unwrap();
    let plain = dir.path().join("plain");
    let with = dir.path().join("with");
    analyze(&[&dir.path().join("r.txt")], &plain, &[]).success();
    analyze(
        &[&dir.path().join("r.txt")],
        &with,
        &["--lexicon", weights.to_str().unwrap()],
    )
    .success();
    let (before, after) = (compounds(&plain)["r.txt"], compounds(&with)["r.txt"]);
    assert!(after > before + 0.05, "{before} -> {after}");
}

#[test]
fn a_learned_lexicon_moves_a_sentence_not_only_the_review() {
    let dir = TempDir::new().unwrap();
    let weights = dir.path().join("domain.tsv");
    fs::write(
        &weights,
        "# reviewlens: learned weights\nhypnotic\t1.64\nsleazy\t-1.3\n",
    )
    .unwrap();
    let sentence = |args: &[&str]| -> f64 {
        let out = reviewlens()
            .args(["explain", "--json", "The finale was hypnotic."])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["sentences"][0]["compound"].as_f64().unwrap()
    };
    assert_eq!(
        sentence(&[]),
        0.0,
        "no built-in word of the sentence has a valence"
    );
    let with = sentence(&["--lexicon", weights.to_str().unwrap()]);
    assert!(with > 0.3, "{with}");
}

/// A labeled CSV where made-up words alone tell the classes apart: only learned weights can
/// classify it.
fn made_up_labeled(dir: &Path) -> PathBuf {
    let mut csv = String::from("id,label,text\n");
    for i in 0..200 {
        let (label, text) = if i % 2 == 0 {
            ("pos", "The third act is quibbly and the cast is florpish.")
        } else {
            ("neg", "The third act is drabbet and the cast is snerky.")
        };
        csv.push_str(&format!("r{i},{label},{text}\n"));
    }
    let path = dir.join("made_up.csv");
    fs::write(&path, csv).unwrap();
    path
}

#[test]
fn eval_sentiment_folds_learns_from_the_other_folds() {
    let dir = TempDir::new().unwrap();
    let labeled = made_up_labeled(dir.path());
    let accuracy = |args: &[&str]| -> f64 {
        let out = reviewlens()
            .args(["eval", "sentiment"])
            .arg(&labeled)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        let at = stdout.find("binary accuracy ").unwrap() + "binary accuracy ".len();
        stdout[at..].trim().parse().unwrap()
    };
    // Without learning, the made-up words say nothing: every review scores alike.
    assert!(accuracy(&[]) <= 0.5);
    assert!(accuracy(&["--folds", "5"]) >= 0.95);
}

#[test]
fn eval_sentiment_folds_needs_labels() {
    let dir = TempDir::new().unwrap();
    let rated = dir.path().join("rated.csv");
    fs::write(&rated, "id,rating,text\n1,2.0,Great.\n2,-2.0,Awful.\n").unwrap();
    reviewlens()
        .args(["eval", "sentiment"])
        .arg(&rated)
        .args(["--folds", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("rating column"));
}

/// Runs `reviewlens analyze ARGS` with `stdin` on standard input.
fn analyze_stdin(args: &[&str], stdin: &str) -> std::process::Output {
    reviewlens()
        .arg("analyze")
        .args(args)
        .write_stdin(stdin.to_string())
        .output()
        .unwrap()
}

#[test]
fn rows_on_standard_input_stream_out_as_json_records_equal_to_the_reports() {
    let dir = fixture();
    let table =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/reviews.csv"))
            .unwrap();
    let out = analyze_stdin(&["-", "--format", "jsonl", "-q"], &table);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The same table as a file, into CSV reports.
    let reports = dir.path().join("reports");
    analyze(
        &[&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/reviews.csv")],
        &reports,
        &[],
    )
    .success();
    let reviews = read_csv(&reports.join("reviews.csv"));
    let mentions = read_csv(&reports.join("mentions.csv"));
    assert_eq!(records.len(), reviews.len());
    for (record, row) in records.iter().zip(&reviews) {
        assert_eq!(
            record["review_id"],
            row["review_id"].as_str(),
            "input order"
        );
        let compound: f64 = row["compound"].parse().unwrap();
        assert_eq!(record["compound"].as_f64().unwrap(), compound);
        assert_eq!(record["label"], row["label"].as_str());
        let listed = mentions
            .iter()
            .filter(|m| m["review_id"] == row["review_id"])
            .count();
        assert_eq!(record["mention_rows"].as_array().unwrap().len(), listed);
        assert_eq!(record["mentions"], listed as u64, "the reviews.csv count");
        let keys: Vec<&str> = record
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            keys[..3],
            ["review_id", "source", "chars"],
            "reviews.csv's order"
        );
    }
    // JSONL on standard input, into CSV reports.
    let jsonl =
        "{\"id\": \"a\", \"text\": \"A dull mess.\"}\n{\"id\": \"b\", \"text\": \"A joy.\"}\n";
    let folder = dir.path().join("from-stdin");
    let out = analyze_stdin(&["-", "-o", folder.to_str().unwrap(), "-q"], jsonl);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = read_csv(&folder.join("reviews.csv"));
    let ids: Vec<&str> = rows.iter().map(|r| r["review_id"].as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(rows[0]["label"], "negative");
}

#[test]
fn jsonl_output_and_standard_input_are_used_alone() {
    let out = analyze_stdin(&["-", "corpus", "--format", "jsonl"], "id,text\n1,x\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only input"));
    let out = analyze_stdin(&["-", "--format", "jsonl,csv"], "id,text\n1,x\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("without other formats"));
    // An empty stream (a streaming engine's empty partition) gives no records and succeeds;
    // into reports, it is a run that found nothing.
    let out = analyze_stdin(&["-", "--format", "jsonl", "-q"], "");
    assert!(out.status.success() && out.stdout.is_empty());
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("r");
    let out = analyze_stdin(&["-", "-o", folder.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no reviews found"));
}

#[test]
fn lexicon_learn_needs_both_classes() {
    let dir = TempDir::new().unwrap();
    let labeled = dir.path().join("one.csv");
    fs::write(&labeled, "label,text\npos,Great.\npos,Lovely.\n").unwrap();
    reviewlens()
        .args(["lexicon", "learn"])
        .arg(&labeled)
        .arg("-o")
        .arg(dir.path().join("w.tsv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("both positive and negative"));
    assert!(!dir.path().join("w.tsv").exists());
}

#[test]
fn synth_writes_the_same_corpus_for_the_same_seed_in_every_format() {
    let dir = TempDir::new().unwrap();
    let run = |out: &Path, seed: &str| {
        reviewlens()
            .args(["synth", "--reviews", "30", "--seed", seed, "-o"])
            .arg(out)
            .assert()
            .success();
    };
    let (a, b, c) = (
        dir.path().join("a.csv"),
        dir.path().join("b.csv"),
        dir.path().join("c.csv"),
    );
    run(&a, "7");
    run(&b, "7");
    run(&c, "8");
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
    assert_ne!(fs::read(&a).unwrap(), fs::read(&c).unwrap());
    let folder = dir.path().join("folder");
    let jsonl = dir.path().join("rows.jsonl");
    run(&folder, "7");
    run(&jsonl, "7");
    for input in [&a, &folder, &jsonl] {
        let out = dir.path().join("out");
        analyze(&[input], &out, &["-q"]).success();
        let reviews = read_csv(&out.join("reviews.csv"));
        assert_eq!(reviews.len(), 30, "{}", input.display());
        assert!(reviews.iter().all(|r| r["review_id"].contains("synth-")));
        assert!(
            read_csv(&out.join("mentions.csv")).len() > 100,
            "casts and songs are found"
        );
    }
}

#[test]
fn bench_reports_every_stage_and_thread_count_as_json() {
    let dir = fixture();
    let assert = reviewlens()
        .arg("bench")
        .arg(dir.path())
        .args(["--repeat", "1", "--jobs", "2", "--json"])
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(report["reviews"], 4);
    let runs = report["runs"].as_array().unwrap();
    let names: Vec<(&str, u64)> = runs
        .iter()
        .map(|r| (r["stage"].as_str().unwrap(), r["threads"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            ("tokenize", 1),
            ("entities", 1),
            ("sentiment", 1),
            ("report", 1),
            ("end-to-end", 1),
            ("end-to-end", 2)
        ]
    );
    assert!(runs.iter().all(|r| r["seconds"].as_f64().unwrap() > 0.0));
}

#[test]
fn explain_shows_the_rules_that_fired_and_the_verdict() {
    let assert = reviewlens()
        .args(["explain", "The plot is not bad, but the ending is awful."])
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(out.contains("negation"), "{out}");
    assert!(out.contains("contrast"), "{out}");
    assert!(out.contains("review: negative"), "{out}");
    let assert = reviewlens()
        .args(["explain", "--json", "-"])
        .write_stdin("Lovely songs. Dull plot.")
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let labels: Vec<&str> = report["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["positive", "negative"]);
}

#[test]
fn entities_classes_learns_every_frequent_word_a_class_and_never_overwrites_its_input() {
    let dir = TempDir::new().unwrap();
    const ARGS: [&str; 7] = [
        "entities",
        "classes",
        "corpus",
        "--classes",
        "20",
        "--min-count",
        "5",
    ];
    let out = dir.path().join("classes.tsv");
    reviewlens()
        .args(ARGS)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("# reviewlens: word classes"), "{text}");
    let rows: Vec<(&str, u16)> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let (w, c) = l.split_once('\t').unwrap();
            (w, c.parse().unwrap())
        })
        .collect();
    assert!(rows.len() > 300, "{}", rows.len());
    assert!(rows.iter().all(|&(_, c)| c < 20));
    assert_eq!(rows[0].0, "the", "commonest word first");
    // The same input gives the same file on one thread.
    let again = dir.path().join("again.tsv");
    reviewlens()
        .env("RAYON_NUM_THREADS", "1")
        .args(ARGS)
        .arg("-o")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(std::fs::read(&again).unwrap(), text.as_bytes());
    reviewlens()
        .args(["entities", "classes"])
        .arg(&out)
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicates::str::contains("refusing to overwrite"));
}

#[test]
fn eval_lists_of_mistakes_and_judgements_defuse_formula_cells() {
    let dir = TempDir::new().unwrap();
    // A name and an id a spreadsheet would run as formulas; "=Rex" is no song the extractor
    // finds, so it is listed as a mistake.
    let gold = dir.path().join("gold.jsonl");
    fs::write(
        &gold,
        "{\"id\": \"=1+1\", \"text\": \"=Rex is a dreadful song.\", \"doc_label\": \"negative\", \
         \"mentions\": [{\"kind\": \"song\", \"start\": 0, \"end\": 4}], \
         \"entity_sentiment\": [{\"name\": \"@Rex\", \"sign\": \"-\"}]}\n",
    )
    .unwrap();
    let errors = dir.path().join("errors.csv");
    reviewlens()
        .args(["eval", "entities"])
        .arg(&gold)
        .arg("--errors")
        .arg(&errors)
        .assert()
        .success();
    let rows = fs::read_to_string(&errors).unwrap();
    let row = rows.lines().nth(1).expect(&rows);
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells[0], "'=1+1", "{rows}");
    assert_eq!(cells[3], "'=Rex", "{rows}");
    let judgements = dir.path().join("judgements.csv");
    reviewlens()
        .args(["eval", "critics"])
        .arg(&gold)
        .arg("--judgements")
        .arg(&judgements)
        .assert()
        .success();
    let rows = fs::read_to_string(&judgements).unwrap();
    let row = rows.lines().nth(1).expect(&rows);
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(&cells[..3], ["'=1+1", "'@Rex", "negative"], "{rows}");
}
