//! The xlsx workbook and the Parquet files read back with real readers (Python's openpyxl,
//! calamine, pyarrow and pandas, run by `tests/readback.py`): the same rows as the CSV, with the right
//! cell and column types, ids such as `00123` kept as text, non-ASCII names whole, and a report
//! split across sheets when it is over a sheet's rows.
//!
//! The Python packages are a CI requirement (`.ci/run` installs them): without them this test
//! fails when `CI` is set, and elsewhere passes after saying on stderr that it checked nothing
//! (`pip install openpyxl python-calamine pyarrow pandas` to run it).

use assert_cmd::Command;
use std::path::Path;

/// Whether python3 can import the readers; in CI their absence is a failure.
fn readers_available() -> bool {
    let found = std::process::Command::new("python3")
        .args(["-c", "import openpyxl, python_calamine, pyarrow, pandas"])
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        let why = "python3 with openpyxl, python-calamine, pyarrow and pandas is needed to read \
                   the xlsx and Parquet files back (pip install openpyxl python-calamine \
                   pyarrow pandas)";
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("readback: NOT CHECKED: {why}");
    }
    found
}

/// Runs `analyze` into `out` with every format, then the Python readback of it.
fn analyze_and_read_back(
    inputs: &[&Path],
    out: &Path,
    sheet_rows: u32,
    keep: &str,
    expect: &[&str],
) -> String {
    let run = Command::cargo_bin("reviewlens")
        .unwrap()
        .arg("analyze")
        .args(inputs)
        .arg("-o")
        .arg(out)
        .args(["--sentences", "--format", "csv,xlsx,parquet"])
        .arg(format!("--xlsx-sheet-rows={sheet_rows}"))
        .args(if keep.is_empty() {
            vec![]
        } else {
            vec!["--keep-columns", keep]
        })
        .assert()
        .success();
    let summary = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/readback.py");
    let read = std::process::Command::new("python3")
        .arg(script)
        .arg(out)
        .arg(sheet_rows.to_string())
        .args(expect)
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}{}",
        String::from_utf8_lossy(&read.stdout),
        String::from_utf8_lossy(&read.stderr)
    );
    summary
}

#[test]
fn xlsx_and_parquet_hold_the_csv_rows_with_their_types_and_split_sheets() {
    if !readers_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "id,text,outlet,stars\n\
         00123,\"Penélope Cruz plays Raimunda in “Volver”, and she is magnificent. 9/10.\",\
         Le Monde,05\n\
         1e5,\"=SUM(A1) is not a review, but Slow Horses is a dull, overlong mess. Gary Oldman \
         (Jackson Lamb) deserves better.\",Süddeutsche,2\n\
         3/4,\"Björk’s “Jóga” is gorgeous; Zoë Kravitz stars as Catwoman. 4 out of 5 stars.\",\
         \"  _x0041_ & <Co>\u{1} \",\n",
    )
    .unwrap();
    // Three rows a sheet, the header included: every report but errors is split.
    let summary = analyze_and_read_back(
        &[&input],
        &dir.path().join("out"),
        3,
        "outlet,stars",
        &[
            "reviews:review_id:00123",
            // Kept columns are text: "05" stays "05".
            "reviews:stars:05",
            "reviews:outlet:Süddeutsche",
            // XML's specials, a control character, an escape-like text, edge spaces: kept.
            "reviews:outlet:  _x0041_ & <Co>\u{1} ",
            "reviews:review_id:1e5",
            "reviews:review_id:3/4",
            "mentions:name:Penélope Cruz",
            "mentions:name:Björk",
            "mentions:surface:Zoë Kravitz",
            // Defused with a ' in the CSV only; the readback undoes it there.
            "sentences:text:=SUM(A1) is not a review, but Slow Horses is a dull, overlong mess.",
        ],
    );
    assert!(
        summary.contains("reviews continued on 2 sheets of reports.xlsx"),
        "{summary}"
    );
    assert!(summary.contains("mentions continued on"), "{summary}");
}

#[test]
fn the_shipped_corpus_has_the_same_figures_in_every_format() {
    if !readers_available() {
        return;
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let dir = tempfile::tempdir().unwrap();
    let summary = analyze_and_read_back(&[&corpus], &dir.path().join("out"), 1_048_576, "", &[]);
    assert!(!summary.contains("continued"), "{summary}");
}
