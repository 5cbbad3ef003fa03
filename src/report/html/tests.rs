use super::*;
use crate::doc::Doc;
use crate::pipeline::{Encoding, Pipeline, Scratch};
use crate::report::{Formats, ReportOptions, ReportSink, Reports};

/// A small deterministic generator (xorshift), for inputs the oracles sort.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn facts(rng: &mut Rng, i: usize) -> ReviewFacts {
    // Two decimals: many ties, which the lists must break by order.
    let compound = (rng.below(201) as f64 - 100.0) / 100.0;
    ReviewFacts {
        id: format!("r{i}"),
        source: format!("r{i}.txt"),
        words: rng.below(900),
        compound,
        label: Label::ALL[rng.below(4) as usize],
    }
}

fn ids(lines: &[ReviewLine]) -> Vec<String> {
    lines.iter().map(|l| l.id.clone()).collect()
}

#[test]
fn the_lists_are_what_sorting_every_review_gives() {
    for seed in 1..=20u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let n = rng.below(300) as usize;
        let all: Vec<ReviewFacts> = (0..n).map(|i| facts(&mut rng, i)).collect();
        let mut page = PageBuilder::<()>::new();
        for f in &all {
            page.review(f, || ());
        }
        let page = page.finish("t", None, |_, ()| None);
        // The oracle: sort everything, take the first.
        let mut order: Vec<usize> = (0..n).collect();
        let top = |order: &[usize]| -> Vec<String> {
            order
                .iter()
                .take(LISTED)
                .map(|&i| all[i].id.clone())
                .collect()
        };
        order.sort_by(|&a, &b| all[b].compound.total_cmp(&all[a].compound).then(a.cmp(&b)));
        assert_eq!(ids(&page.most_positive), top(&order), "seed {seed}");
        order.sort_by(|&a, &b| all[a].compound.total_cmp(&all[b].compound).then(a.cmp(&b)));
        assert_eq!(ids(&page.most_negative), top(&order), "seed {seed}");
        let mixed: Vec<usize> = order_of(&all, |f| f.label == Label::Mixed);
        assert_eq!(ids(&page.mixed), top(&mixed), "seed {seed}");
        let count = mixed.len().to_string();
        assert_eq!(page.mixed_total, count);
        let hash = |i: usize| crate::hash::term_key_bytes(all[i].id.as_bytes());
        order.sort_by(|&a, &b| hash(a).cmp(&hash(b)).then(a.cmp(&b)));
        assert_eq!(ids(&page.sample), top(&order), "seed {seed}");
        let counted: u64 = page
            .labels
            .iter()
            .map(|l| l.count.replace(',', "").parse::<u64>().unwrap())
            .sum();
        assert_eq!(counted, n as u64);
    }
}

fn order_of(all: &[ReviewFacts], keep: impl Fn(&ReviewFacts) -> bool) -> Vec<usize> {
    (0..all.len()).filter(|&i| keep(&all[i])).collect()
}

#[test]
fn the_entities_listed_are_the_most_mentioned_of_their_kind() {
    let mut rng = Rng(77);
    let all: Vec<EntityFacts> = (0..400)
        .map(|i| EntityFacts {
            kind: MentionKind::ALL[rng.below(5) as usize],
            name: format!("e{}", rng.below(1000) * 1000 + i),
            reviews: rng.below(4),
            mentions: rng.below(12),
            mean_compound: 0.0,
            labels: [1, 0, 0, 0],
        })
        .collect();
    let mut page = PageBuilder::<()>::new();
    for e in &all {
        page.entity(e.clone());
    }
    let page = page.finish("t", None, |_, ()| None);
    for (k, kind) in MentionKind::ALL.iter().enumerate() {
        let mut oracle: Vec<&EntityFacts> = all.iter().filter(|e| e.kind == *kind).collect();
        oracle.sort_by(|a, b| {
            (b.mentions, b.reviews, &a.name).cmp(&(a.mentions, a.reviews, &b.name))
        });
        let expected: Vec<&str> = oracle
            .iter()
            .take(TOP_ENTITIES)
            .map(|e| e.name.as_str())
            .collect();
        let listed: Vec<&str> = page.kinds[k].rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(listed, expected, "{kind:?}");
        assert_eq!(page.kinds[k].distinct, oracle.len().to_string());
    }
}

fn analyses(texts: &[(&str, &str)]) -> Vec<crate::Analysis> {
    let pipeline = Pipeline::new();
    let mut scratch = Scratch::new();
    texts
        .iter()
        .map(|(id, text)| {
            let doc = Doc::new(*id, format!("{id}.txt"), *text);
            pipeline.analyze(doc, Encoding::Utf8, &mut scratch)
        })
        .collect()
}

const REVIEWS: [(&str, &str); 5] = [
    (
        "slow",
        "Slow Horses is superb. Gary Oldman (Jackson Lamb) is a joy, though the finale drags. 8/10",
    ),
    (
        "mothers",
        "Pénélope Cruz is magnificent in Parallel Mothers. Almodóvar's best in years.",
    ),
    (
        "weeknd",
        "The Idol is a mess. Abel Tesfaye sleepwalks through it and \"Popular\" is forgettable.",
    ),
    (
        "mixed",
        "A brilliant, moving first half. Then a dreadful, boring second half ruins it.",
    ),
    ("flat", "The series has eight episodes. It airs on Sundays."),
];

/// The page an `analyze --html` run writes for `analyses`, and the folder with its CSVs.
fn run_page(analyses: &[crate::Analysis], errors: &[(&str, Error)]) -> (String, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let options = ReportOptions {
        formats: Formats {
            html: true,
            ..Formats::default()
        },
        title: "the tests' reviews".to_string(),
        ..ReportOptions::default()
    };
    let mut reports = Reports::create(&out, options).unwrap();
    let mut entities = EntityTable::new();
    for a in analyses {
        reports.review(a).unwrap();
        entities.add_review(a);
    }
    for (source, error) in errors {
        reports.error(source, error).unwrap();
    }
    reports
        .finish(&entities, &crate::aggregate::Totals::default())
        .unwrap();
    let html = std::fs::read_to_string(out.join(PAGE)).unwrap();
    (html, tmp)
}

#[test]
fn the_page_from_the_csv_files_is_the_page_of_the_run() {
    // Forty reviews, five texts over and over: every list is full and breaks ties, and ids
    // a spreadsheet would run as formulas are defused in the CSV and read back.
    let texts: Vec<(String, &str)> = (0..40)
        .map(|i| {
            let id = match i % 3 {
                0 => format!("-r{i}"),
                1 => format!("=r{i}"),
                _ => format!("r{i}"),
            };
            (id, REVIEWS[i % REVIEWS.len()].1)
        })
        .collect();
    let texts: Vec<(&str, &str)> = texts.iter().map(|(id, t)| (id.as_str(), *t)).collect();
    let analyses = analyses(&texts);
    let errors = [("broken.txt", Error::Empty)];
    let (html, tmp) = run_page(&analyses, &errors);
    let mut page = PageBuilder::<()>::new();
    let missing = from_csv::read(&tmp.path().join("out"), &mut page).unwrap();
    assert!(missing.is_empty(), "{missing:?}");
    let page = page.finish("the tests' reviews", None, |facts, ()| {
        analyses
            .iter()
            .find(|a| a.doc.id == facts.id)
            .map(ReviewView::of)
    });
    assert_eq!(render(&page).unwrap(), html);
    // And it says what the run found.
    assert!(html.contains("Gary Oldman"));
    assert!(html.contains("broken.txt"));
    // (the page from the CSV equals the run's, so its ids were read back without the `'`)
    assert!(html.contains("-r0") && !html.contains("&#x27;-r0"));
    assert_eq!(page.most_positive.len(), LISTED);
    assert!(page.views.len() > LISTED);
    assert_eq!(page.stats[0].value, "40");
}

/// The elements of `html` as a stack while it is read: checks that every element the page
/// opens is closed in order, and calls `text` with each stretch of text between tags and the
/// elements (name, class) that hold it.
fn walk(html: &str, mut text: impl FnMut(&str, &[(String, String)])) {
    const VOID: [&str; 2] = ["meta", "!doctype"];
    let mut stack: Vec<(String, String)> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text(&rest[..open], &stack);
        let close = rest[open..].find('>').expect("a tag is closed") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let (top, _) = stack.pop().expect("a closing tag closes an element");
            assert_eq!(top, name, "elements close in order");
            continue;
        }
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap()
            .to_ascii_lowercase();
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        let class = tag
            .split("class=\"")
            .nth(1)
            .and_then(|c| c.split('"').next())
            .unwrap_or("")
            .to_string();
        stack.push((name, class));
        if stack.last().unwrap().0 == "style" {
            let end = rest.find("</style>").unwrap();
            rest = &rest[end..];
        }
    }
    text(rest, &stack);
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

/// The tags and attributes the template writes: anything else came from a review.
const TAGS: &str = "html head meta title style body header h1 p span nav a main section h2 dl \
                    div dt dd figure figcaption svg g text rect line details summary h3 table \
                    thead tr th tbody td article q sup mark footer";
const ATTRIBUTES: &str = "lang charset http-equiv content name class id href title width height \
                          viewBox role aria-label x y x1 x2 y1 y2 dy transform text-anchor \
                          stroke-dasharray open";

#[test]
fn hostile_text_is_escaped_and_isolated() {
    let bidi = "\u{202e}evil\u{202c}\u{2066}x\u{2069}";
    let script = "<script>alert(1)</script>";
    let img = "\"><img src=x onerror=alert(1)>";
    let text1 = format!(
        "{script} Gary Oldman is superb in {img} Slow Horses. {bidi} A wonderful, funny show. \
         'single' & \"double\" quotes; </span></div> closing tags."
    );
    let id1 = format!("<b>id</b>{bidi}\"'");
    let long = format!("Terrible {} awful.", "a".repeat(200_000));
    let analyses = analyses(&[(&id1, &text1), ("long", &long)]);
    let errors = [(
        "<img src=x onerror=alert(2)>.txt",
        Error::NoReviews(format!("{script}{bidi}")),
    )];
    let (html, _tmp) = run_page(&analyses, &errors);
    // Every tag and attribute is the template's own.
    let tags: Vec<&str> = TAGS.split_whitespace().collect();
    let attributes: Vec<&str> = ATTRIBUTES.split_whitespace().collect();
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').unwrap() + open;
        let tag = rest[open + 1..close].trim_start_matches('/');
        rest = &rest[close + 1..];
        if tag.starts_with("!doctype") {
            continue;
        }
        let mut words = tag.split_whitespace();
        let name = words.next().unwrap().trim_end_matches('/');
        assert!(tags.contains(&name), "tag {name:?} in <{tag}>");
        // Attribute names: the word before each `="`.
        for part in tag.split("=\"").take(tag.matches("=\"").count()) {
            let attribute = part.rsplit(char::is_whitespace).next().unwrap();
            assert!(
                attributes.contains(&attribute),
                "attribute {attribute:?} in <{tag}>"
            );
        }
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(html.contains("&lt;b&gt;id&lt;&#x2f;b&gt;"));
    assert!(!html.contains("<script") && !html.contains("<img"));
    // The policy that forbids scripts and requests comes before any text from a review.
    let policy = html.find("Content-Security-Policy").unwrap();
    assert!(policy < html.find("&lt;b&gt;").unwrap());
    assert!(html.contains("content=\"default-src 'none';"));
    // Each bidi control sits in an element that isolates its direction (or in a tooltip, or
    // the document's title, which lay nothing out).
    let mut seen = 0;
    walk(&html, |text, stack| {
        if text.contains('\u{202e}') {
            seen += 1;
            let isolated = stack.iter().any(|(name, class)| {
                let classes: Vec<&str> = class.split_whitespace().collect();
                name == "title"
                    || classes.contains(&"u")
                    || classes.contains(&"s")
                    || classes.contains(&"m")
                    || classes.contains(&"text")
            });
            assert!(isolated, "{text:?} in {stack:?}");
        }
    });
    assert!(seen >= 3, "{seen}");
    // The long review is shown cut, and counted.
    assert!(html.len() < 200_000, "{}", html.len());
    assert!(html.contains("more characters not shown"));
}

#[test]
fn a_large_run_gives_a_bounded_page() {
    // Three thousand long reviews, each naming its own people and titles.
    let mut page = PageBuilder::<std::sync::Arc<ReviewView>>::new();
    let pipeline = Pipeline::new();
    let mut scratch = Scratch::new();
    let mut entities = EntityTable::new();
    let mut views = 0;
    for i in 0..3000 {
        let text = format!(
            "Marta Ortiz{i} is wonderful in \"Night Song {i}\", and Tom Reyes{i} is dreadful. \
             {}",
            "The pacing of the middle episodes is slow, but the ending lands well. ".repeat(40)
        );
        let a = pipeline.analyze(
            Doc::new(format!("r{i}"), format!("r{i}.txt"), text),
            Encoding::Utf8,
            &mut scratch,
        );
        entities.add_review(&a);
        page.analysis(&a, || {
            views += 1;
            std::sync::Arc::new(ReviewView::of(&a))
        });
    }
    page.entities(&entities);
    let page = page.finish("t", None, |_, v| Some((*v).clone()));
    assert!(page.views.len() <= 4 * LISTED);
    assert!(page.kinds.iter().all(|k| k.rows.len() <= TOP_ENTITIES));
    let html = render(&page).unwrap();
    // 4 lists of 8 texts of at most 12 kB, and the rest.
    assert!(
        html.len() < 4 * LISTED * MAX_VIEW_BYTES * 3,
        "{}",
        html.len()
    );
    // Views are made only for reviews a list takes: far fewer than the reviews.
    assert!(views < 600, "{views}");
}

use super::view::MAX_VIEW_BYTES;
