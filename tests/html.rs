//! The HTML report, end to end: `analyze --html` and `reviewlens report` give the same page,
//! and the page loads in a real browser (headless Chromium) with no console message, its
//! sections in the DOM, no horizontal overflow at 1280 px even with hostile review text, and
//! stays under 5 MB for 25,000 reviews. Screenshots are kept under `target/html-report/`.
//!
//! Chromium is a CI requirement (`.ci/run` installs Debian's package): without it the browser
//! tests fail when `CI` is set, and elsewhere pass after saying on stderr that they checked
//! nothing (`apt-get install chromium` to run them).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn reviewlens() -> Command {
    Command::cargo_bin("reviewlens").unwrap()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where the screenshots go.
fn artifacts() -> PathBuf {
    let dir = repo().join("target/html-report");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The browser, if there is one; in CI its absence is a failure.
fn chromium() -> Option<PathBuf> {
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let found = std::env::var_os("CHROMIUM").map(PathBuf::from).or_else(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let why = "headless Chromium is needed to render the page (apt-get install chromium)";
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("html: NOT CHECKED in a browser: {why}");
    }
    found
}

/// Runs the browser headless on `page` with `args`; its stdout and stderr.
fn browse(browser: &Path, page: &Path, args: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.canonicalize().unwrap().display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Renders `page` to `png` at 1280 px wide; checks the page logged nothing to the console (no
/// blocked request, no script) and that its sections are in the DOM.
fn render_and_check(browser: &Path, page: &Path, png: &Path) {
    let (_, log) = browse(
        browser,
        page,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2200".to_string(),
        ],
    );
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert!(
        png.metadata().unwrap().len() > 10_000,
        "an empty screenshot"
    );
    let (dom, _) = browse(browser, page, &["--dump-dom".to_string()]);
    for section in ["run", "verdicts", "entities", "reviews", "texts", "errors"] {
        assert!(
            dom.contains(&format!("<section id=\"{section}\">")),
            "section {section} is missing"
        );
    }
    assert!(dom.contains("<svg"), "no chart");
}

/// The page's width as laid out at 1280 px, and its script and image elements, measured by a
/// copy of the page with a measuring script added (the page itself runs none).
fn measure(browser: &Path, page: &Path) -> (u64, u64, u64) {
    let html = std::fs::read_to_string(page).unwrap();
    let policy =
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
    assert!(
        html.contains(policy),
        "the page's policy changed: update the test"
    );
    let probe = "<script>document.body.setAttribute('data-probe', \
                 document.documentElement.scrollWidth + ' ' + \
                 (document.scripts.length - 1) + ' ' + document.images.length)</script>";
    let measured = html
        .replace(
            policy,
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
        )
        .replace("</body>", &format!("{probe}</body>"));
    let copy = page.with_extension("probe.html");
    std::fs::write(&copy, measured).unwrap();
    let (dom, _) = browse(
        browser,
        &copy,
        &[
            "--window-size=1280,900".to_string(),
            "--dump-dom".to_string(),
        ],
    );
    let probe = dom
        .split("data-probe=\"")
        .nth(1)
        .and_then(|p| p.split('"').next())
        .expect("the probe ran");
    let numbers: Vec<u64> = probe.split(' ').map(|n| n.parse().unwrap()).collect();
    (numbers[0], numbers[1], numbers[2])
}

/// Runs `analyze INPUT --html` into `tmp/reports`, expecting exit `code`; the folder.
fn analyze_html(input: &Path, tmp: &Path, code: i32) -> PathBuf {
    let out = tmp.join("reports");
    reviewlens()
        .arg("analyze")
        .arg(input)
        .arg("-o")
        .arg(&out)
        .args(["--html", "--quiet"])
        .assert()
        .code(code);
    out
}

#[test]
fn analyze_html_and_report_write_the_same_page() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = repo().join("corpus");
    let out = analyze_html(&corpus, tmp.path(), 0);
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    let again = tmp.path().join("again.html");
    reviewlens()
        .arg("report")
        .arg(&out)
        .arg(&corpus)
        .arg("-o")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&again).unwrap(), page);
    assert!(page.contains("<article"), "texts are shown");
    // Without the inputs: the figures, and why the texts are missing.
    let bare = tmp.path().join("bare.html");
    reviewlens()
        .arg("report")
        .arg(&out)
        .arg("-o")
        .arg(&bare)
        .arg("-q")
        .assert()
        .success();
    let bare = std::fs::read_to_string(&bare).unwrap();
    assert!(!bare.contains("<article"));
    assert!(bare.contains("The texts are not shown"));
    // The default place is the reports folder; a later run without --html removes it, as it
    // would describe reports that are gone.
    reviewlens()
        .arg("report")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    assert!(out.join("report.html").is_file());
    reviewlens()
        .arg("analyze")
        .arg(corpus.join("tv"))
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    assert!(!out.join("report.html").exists());
    // A folder with no reports is refused, naming what to do.
    reviewlens()
        .arg("report")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("holds no reviews.csv"));
}

#[test]
fn the_corpus_page_renders_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = analyze_html(&repo().join("corpus"), tmp.path(), 0);
    let page = out.join("report.html");
    render_and_check(&browser, &page, &artifacts().join("corpus.png"));
    let (width, scripts, images) = measure(&browser, &page);
    assert!(width <= 1280, "the page is {width} px wide at 1280");
    assert_eq!((scripts, images), (0, 0));
}

#[test]
fn hostile_reviews_stay_text_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let write = |name: &str, text: &str| std::fs::write(inputs.join(name), text).unwrap();
    write(
        "script.txt",
        "<script>document.title='pwned'</script> Slow Horses is superb. Gary Oldman is a joy.",
    );
    write(
        "\"><img src=x onerror=alert(1)>.txt",
        "\"><img src=x onerror=alert(1)> The worst film of the year, dreadful and dull.",
    );
    write(
        "bidi.txt",
        "\u{202e}Gary Oldman is terrible\u{202c} but \u{2067}Slow Horses\u{2069} is wonderful.",
    );
    // One sentence of a megabyte, with no space to break it at.
    write("huge.txt", &format!("Brilliant {}!", "x".repeat(1 << 20)));
    write("binary.txt", "a\0b");
    // A name as long as a file's may be, with nothing to break it at.
    write(&format!("{}.txt", "y".repeat(240)), "A wonderful film.");
    let out = analyze_html(&inputs, tmp.path(), 1);
    let page = out.join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.len() < 400_000, "{}", html.len());
    assert!(html.contains("&lt;script&gt;"));
    render_and_check(&browser, &page, &artifacts().join("hostile.png"));
    let (width, scripts, images) = measure(&browser, &page);
    assert!(width <= 1280, "the page is {width} px wide at 1280");
    assert_eq!(
        (scripts, images),
        (0, 0),
        "a review's markup became elements"
    );
}

#[test]
fn twenty_five_thousand_reviews_give_a_page_under_five_megabytes() {
    let imdb = repo().join("../shared/data/sentiment/imdb_train.csv");
    if !imdb.is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is beside the repository in CI"
        );
        eprintln!("html: NOT CHECKED: {} is missing", imdb.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = analyze_html(&imdb, tmp.path(), 0);
    let page = out.join("report.html");
    let size = page.metadata().unwrap().len();
    assert!(size < 5_000_000, "{size} bytes");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("25,000"), "the run's count of reviews");
    if let Some(browser) = chromium() {
        render_and_check(&browser, &page, &artifacts().join("imdb_train.png"));
        let (width, _, _) = measure(&browser, &page);
        assert!(width <= 1280, "the page is {width} px wide at 1280");
    }
}
