//! Word classes learned without labels: each frequent word of a corpus put in one of about a
//! thousand classes of words used alike, for the typer's features (the class of a name's
//! first and last word, and of the words just before and after it).
//!
//! A word's use is the words seen right before and right after it: for every word seen at
//! least [`ClassOptions::min_count`] times, its counts beside each of the
//! [`ClassOptions::contexts`] commonest words (on the left, then on the right), weighed as
//! positive pointwise mutual information and scaled to unit length. Spherical k-means (k-means++
//! seeding from a fixed seed, then Lloyd's steps by cosine similarity) groups those vectors
//! into [`ClassOptions::classes`] classes. Words of one class stand in the same places: given
//! names ("tom", "jack"), titles' words, cue words ("starring", "featuring"), adjectives of
//! praise. The typer learns from annotated reviews what each class says of a candidate, so a
//! name word or a neighbour that no annotated review holds still tells something through its
//! class (cross-validated in README, Entities).
//!
//! Invariants:
//! - learning reads no label, only text; the same texts and options give the same file byte
//!   for byte on every machine: the arithmetic is done in a fixed order, the logarithm is
//!   written out ([`ln`]), and ties go to the lower class;
//! - a word is looked up as the typer hashes words: its bytes with ASCII letters lowercased
//!   ([`super::typer::word_key`]); the file's words are written that way;
//! - the table is read once, from the binary; no state is kept between documents.
//!
//! Learning holds every distinct word and every distinct pair of neighbours of the corpus in
//! memory, and the kept words' counts sparsely: 77 MB at peak for imdb_train.csv's 33 MB.

use super::scan::is_apostrophe;
use super::typer::{parse_count, word_key};
use crate::ascii::headed_lines;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<super::lexicon::FxHasher>>;

/// The first line of a word-classes file.
pub const HEADER: &str = "# reviewlens: word classes";

/// Word classes: per word's key, its class.
#[derive(Clone, Debug, Default)]
pub struct WordClasses {
    classes: FxMap<u64, u16>,
}

/// How many of a class's words [`WordClasses::builtin_examples`] gives.
const EXAMPLES: usize = 4;

/// The shipped classes (`data/entity/word_classes.tsv`).
const BUILTIN: &str = include_str!("../../data/entity/word_classes.tsv");

impl WordClasses {
    /// The classes shipped with reviewlens (`data/entity/word_classes.tsv`), parsed once.
    pub fn builtin() -> &'static WordClasses {
        static CLASSES: OnceLock<WordClasses> = OnceLock::new();
        CLASSES.get_or_init(|| WordClasses::parse(BUILTIN).unwrap_or_default())
    }

    /// Parses a word-classes file (`word<TAB>class` lines after the header); an error gives
    /// the line (from 1) and what is wrong. Read at every start: the table is sized once.
    pub fn parse(text: &str) -> Result<WordClasses, (usize, String)> {
        // The header is checked as every data file's is.
        let _ = headed_lines(text, HEADER, "word classes")?;
        let mut out = WordClasses::default();
        out.classes.reserve(text.len() / 10);
        for entry in entries(text) {
            let (word, class) = entry?;
            out.classes.insert(word_key(word.as_bytes()), class);
        }
        Ok(out)
    }

    /// The class of `word` (any ASCII case), if the corpus knew it.
    #[inline]
    pub fn class_of(&self, word: &[u8]) -> Option<u16> {
        if self.classes.is_empty() {
            return None;
        }
        self.classes.get(&word_key(word)).copied()
    }

    /// The commonest words of the built-in `class` (up to four), to say what a class is
    /// (`explain`); read from the shipped file when first asked, not at every start.
    pub fn builtin_examples(class: u16) -> &'static [&'static str] {
        static EXAMPLES_OF: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
        let all = EXAMPLES_OF.get_or_init(|| {
            let mut all: Vec<Vec<&'static str>> = Vec::new();
            for (word, class) in entries(BUILTIN).flatten() {
                let class = usize::from(class);
                if all.len() <= class {
                    all.resize(class + 1, Vec::new());
                }
                if all[class].len() < EXAMPLES {
                    all[class].push(word);
                }
            }
            all
        });
        all.get(usize::from(class)).map_or(&[], Vec::as_slice)
    }

    /// Number of words with a class.
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// True when no word has a class.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }
}

/// The `word<TAB>class` lines of a word-classes file (notes, the header and empty lines
/// skipped), each word with its class or the line (from 1) and what is wrong: the one reading
/// of the format that [`WordClasses::parse`] and [`WordClasses::builtin_examples`] share.
fn entries(text: &str) -> impl Iterator<Item = Result<(&str, u16), (usize, String)>> {
    crate::ascii::lines(text)
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(i, line)| {
            let (word, class) = line
                .split_once('\t')
                .ok_or_else(|| (i + 1, "word<TAB>class expected".to_string()))?;
            let class = parse_count(class)
                .and_then(|n| u16::try_from(n).ok())
                .ok_or_else(|| (i + 1, format!("{class:?} is not a class number")))?;
            Ok((word, class))
        })
}

/// How [`ClassCounter::learn`] groups words.
#[derive(Clone, Copy, Debug)]
pub struct ClassOptions {
    /// Number of classes.
    pub classes: usize,
    /// The fewest times a word must be seen to get a class.
    pub min_count: u64,
    /// How many of the commonest words are a word's contexts (on each side).
    pub contexts: usize,
    /// The most Lloyd's steps (fewer when no word changes class).
    pub iterations: usize,
    /// The seed of the k-means++ draws.
    pub seed: u64,
}

impl Default for ClassOptions {
    /// The options of the shipped classes: 1,000 classes of the words seen 10 times or more,
    /// by their 300 commonest neighbours on each side, 20 steps. In 5-, 3- and 10-fold
    /// cross-validation, 200 classes of words seen 20 times did less well, and 3,000 classes,
    /// two granularities together, or 1,000 contexts no better (README, Entities).
    fn default() -> ClassOptions {
        ClassOptions {
            classes: 1000,
            min_count: 10,
            contexts: 300,
            iterations: 20,
            seed: 7,
        }
    }
}

/// Counts words and the pairs of words that follow one another over a corpus, then learns the
/// classes ([`ClassCounter::learn`]).
#[derive(Debug, Default)]
pub struct ClassCounter {
    ids: FxMap<Box<[u8]>, u32>,
    words: Vec<Box<[u8]>>,
    counts: Vec<u64>,
    /// (left word's id << 32 | right word's id) to the times they stood side by side.
    pairs: FxMap<u64, u32>,
    /// The words of the document being read.
    doc: Vec<u32>,
}

impl ClassCounter {
    /// An empty counter.
    pub fn new() -> ClassCounter {
        ClassCounter::default()
    }

    /// Counts the words of one review and the pairs of words side by side in it.
    pub fn add(&mut self, text: &str) {
        let mut doc = std::mem::take(&mut self.doc);
        doc.clear();
        corpus_words(text, |w| {
            let id = match self.ids.get(w) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    self.ids.insert(w.into(), id);
                    self.words.push(w.into());
                    self.counts.push(0);
                    id
                }
            };
            self.counts[id as usize] += 1;
            doc.push(id);
        });
        for pair in doc.windows(2) {
            *self
                .pairs
                .entry(u64::from(pair[0]) << 32 | u64::from(pair[1]))
                .or_insert(0) += 1;
        }
        self.doc = doc;
    }

    /// The classes learned from the counts: each kept word and its class, commonest word
    /// first. Parallel over words where it may be (each word's class is found alone), so the
    /// result does not depend on the number of threads.
    pub fn learn(&self, options: &ClassOptions) -> Vec<(&[u8], u16)> {
        // The vocabulary, commonest first (ties by the word's bytes).
        let mut vocab: Vec<u32> = (0..self.words.len() as u32)
            .filter(|&i| self.counts[i as usize] >= options.min_count)
            .collect();
        vocab.sort_by(|&a, &b| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then_with(|| self.words[a as usize].cmp(&self.words[b as usize]))
        });
        if vocab.is_empty() {
            return Vec::new();
        }
        let nc = options.contexts.min(vocab.len());
        let dims = 2 * nc;
        let mut row_of = vec![u32::MAX; self.words.len()];
        for (r, &w) in vocab.iter().enumerate() {
            row_of[w as usize] = r as u32;
        }
        // Each row's counts beside the contexts (the left neighbour's columns, then the right
        // one's), sparse as most cells are empty: a cell takes one pair's count, so the map's
        // order does not matter once a row is sorted.
        let mut counts: Vec<Vec<(u16, u32)>> = vec![Vec::new(); vocab.len()];
        for (&key, &n) in &self.pairs {
            let (a, b) = ((key >> 32) as usize, (key & 0xffff_ffff) as usize);
            let (ra, rb) = (row_of[a] as usize, row_of[b] as usize);
            if ra != u32::MAX as usize && rb < nc {
                counts[ra].push(((nc + rb) as u16, n));
            }
            if rb != u32::MAX as usize && ra < nc {
                counts[rb].push((ra as u16, n));
            }
        }
        for row in &mut counts {
            row.sort_unstable();
        }
        let rows = ppmi_rows(&counts, dims);
        let labels = spherical_kmeans(&rows, dims, options);
        vocab
            .iter()
            .zip(labels)
            .map(|(&w, l)| (&*self.words[w as usize], l))
            .collect()
    }

    /// Writes learned classes as a word-classes file: the header, `notes` as `#` lines, then
    /// `word<TAB>class` lines.
    pub fn write(
        classes: &[(&[u8], u16)],
        notes: &str,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<()> {
        writeln!(out, "{HEADER} (word, then its class)")?;
        for line in notes.lines() {
            writeln!(out, "# {line}")?;
        }
        for (word, class) in classes {
            out.write_all(word)?;
            writeln!(out, "\t{class}")?;
        }
        Ok(())
    }
}

/// Calls `f` with each word of `text` (runs of letters and digits, an apostrophe between two
/// of them kept inside), ASCII letters lowercased; HTML tags (`<br />`) are skipped.
fn corpus_words(text: &str, mut f: impl FnMut(&[u8])) {
    let mut word: Vec<u8> = Vec::with_capacity(32);
    let mut chars = text.char_indices().peekable();
    let bytes = text.as_bytes();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            let mut buf = [0u8; 4];
            word.extend_from_slice(c.to_ascii_lowercase().encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let inner_apostrophe = is_apostrophe(c)
            && !word.is_empty()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if inner_apostrophe {
            word.extend_from_slice(&bytes[i..i + c.len_utf8()]);
            continue;
        }
        if !word.is_empty() {
            f(&word);
            word.clear();
        }
        // A tag: '<' and a letter or '/', up to the next '>' within 16 bytes.
        if c == '<'
            && bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/')
        {
            if let Some(end) = bytes[i + 1..bytes.len().min(i + 17)]
                .iter()
                .position(|&b| b == b'>')
            {
                let stop = i + 1 + end;
                while chars.peek().is_some_and(|&(j, _)| j <= stop) {
                    chars.next();
                }
            }
        }
    }
    if !word.is_empty() {
        f(&word);
    }
}

/// `ln x` for a positive finite `x`, the same to the last bit on every machine (the platform's
/// `log` need not be): `x = m 2^e` with `m` in `[sqrt(1/2), sqrt(2))`, `ln m = 2 atanh(s)` with
/// `s = (m - 1) / (m + 1)` by its series to the 27th power (`|s| < 0.172`, error under 1e-20).
fn ln(x: f64) -> f64 {
    debug_assert!(x > 0.0 && x.is_finite());
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m /= 2.0;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    for k in 0..14 {
        sum += term / f64::from(2 * k + 1);
        term *= s2;
    }
    2.0 * sum + e as f64 * std::f64::consts::LN_2
}

/// A word's vector: its nonzero dimensions and their values (unit length).
type SparseRow = Vec<(u16, f32)>;

/// The rows of `counts` (each row's nonzero cells by dimension, of `dims`) as positive
/// pointwise mutual information, scaled to unit length (a row of zeros stays empty). Sums run
/// row by row, each row's cells in order.
fn ppmi_rows(counts: &[Vec<(u16, u32)>], dims: usize) -> Vec<SparseRow> {
    let mut total = 0f64;
    let mut col = vec![0f64; dims];
    let mut row_sums = vec![0f64; counts.len()];
    for (row, sum) in counts.iter().zip(&mut row_sums) {
        for &(d, n) in row {
            let x = f64::from(n);
            total += x;
            col[usize::from(d)] += x;
            *sum += x;
        }
    }
    counts
        .iter()
        .zip(&row_sums)
        .map(|(cells, &row_sum)| {
            let mut row: Vec<(u16, f64)> = cells
                .iter()
                .map(|&(d, n)| {
                    (
                        d,
                        ln(f64::from(n) * total / (row_sum * col[usize::from(d)])),
                    )
                })
                .filter(|&(_, v)| v > 0.0)
                .collect();
            let norm = row.iter().map(|&(_, v)| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                for (_, v) in &mut row {
                    *v /= norm;
                }
            }
            row.into_iter().map(|(d, v)| (d, v as f32)).collect()
        })
        .collect()
}

/// xorshift64*: the seeded draws of k-means++.
struct Rng(u64);

impl Rng {
    /// A number in `[0, 1)`.
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The dot product of a sparse row with a dense vector.
fn dot(row: &SparseRow, dense: &[f32]) -> f32 {
    row.iter().map(|&(d, v)| v * dense[d as usize]).sum()
}

/// Groups unit `rows` into `options.classes` classes by cosine similarity: k-means++ seeding
/// (the first centre the commonest word's row), then Lloyd's steps until no row changes class
/// or `options.iterations` are done. Returns each row's class.
fn spherical_kmeans(rows: &[SparseRow], dims: usize, options: &ClassOptions) -> Vec<u16> {
    use rayon::prelude::*;
    let k = options.classes.clamp(1, rows.len()).min(u16::MAX as usize);
    let mut rng = Rng(options.seed.max(1));
    // Centres, dense, one after another.
    let mut centres = vec![0f32; k * dims];
    let dense = |row: &SparseRow, out: &mut [f32]| {
        out.fill(0.0);
        for &(d, v) in row {
            out[d as usize] = v;
        }
    };
    dense(&rows[0], &mut centres[..dims]);
    let mut far: Vec<f32> = rows
        .par_iter()
        .map(|r| 1.0 - dot(r, &centres[..dims]))
        .collect();
    for c in 1..k {
        let weights: Vec<f64> = far.iter().map(|&d| f64::from(d.max(0.0)).powi(2)).collect();
        let total: f64 = weights.iter().sum();
        let pick = if total > 0.0 {
            let mut u = rng.next_f64() * total;
            let mut pick = rows.len() - 1;
            for (i, &w) in weights.iter().enumerate() {
                if u < w {
                    pick = i;
                    break;
                }
                u -= w;
            }
            pick
        } else {
            c
        };
        let centre = &mut centres[c * dims..(c + 1) * dims];
        dense(&rows[pick], centre);
        let centre = &*centre;
        far.par_iter_mut()
            .zip(rows.par_iter())
            .for_each(|(f, r)| *f = f.min(1.0 - dot(r, centre)));
    }
    let mut labels = vec![u16::MAX; rows.len()];
    for _ in 0..options.iterations.max(1) {
        let next = assign(rows, &centres, k, dims);
        if next == labels {
            break;
        }
        labels = next;
        // Each centre the mean direction of its rows (a centre with no row stays).
        let mut sums = vec![0f64; k * dims];
        let mut members = vec![0usize; k];
        for (row, &l) in rows.iter().zip(&labels) {
            members[l as usize] += 1;
            for &(d, v) in row {
                sums[l as usize * dims + d as usize] += f64::from(v);
            }
        }
        for c in 0..k {
            let sum = &sums[c * dims..(c + 1) * dims];
            let norm = sum.iter().map(|x| x * x).sum::<f64>().sqrt();
            if members[c] > 0 && norm > 0.0 {
                for (out, &x) in centres[c * dims..(c + 1) * dims].iter_mut().zip(sum) {
                    *out = (x / norm) as f32;
                }
            }
        }
    }
    labels
}

/// The class of each row: the centre with the largest dot product (the first on a tie), of
/// `k` dense centres of `dims` one after another. The centres are transposed so that a row's
/// cell adds to every centre's score in one pass over a contiguous column; parallel over rows.
/// Each score is summed over the row's cells in order, as `assign_reference` (the test
/// oracle) sums it centre by centre, so the two agree to the bit.
fn assign(rows: &[SparseRow], centres: &[f32], k: usize, dims: usize) -> Vec<u16> {
    use rayon::prelude::*;
    let mut by_dim = vec![0f32; dims * k];
    for c in 0..k {
        for d in 0..dims {
            by_dim[d * k + c] = centres[c * dims + d];
        }
    }
    rows.par_iter()
        .map_init(
            || vec![0f32; k],
            |scores, row| {
                scores.fill(0.0);
                for &(d, v) in row {
                    let column = &by_dim[d as usize * k..(d as usize + 1) * k];
                    for (s, &x) in scores.iter_mut().zip(column) {
                        *s += v * x;
                    }
                }
                let mut best = 0;
                for (c, &s) in scores.iter().enumerate() {
                    if s > scores[best] {
                        best = c;
                    }
                }
                best as u16
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_line_is_reported_with_its_number() {
        let h = HEADER;
        assert!(WordClasses::parse("word\t1\n").is_err());
        assert_eq!(
            WordClasses::parse(&format!("{h}\n# note\nthe\t0\r\n"))
                .unwrap()
                .len(),
            1
        );
        for (bad, line) in [("the 0", 3), ("the\t70000", 3), ("the\tx", 3), ("the\t", 3)] {
            let text = format!("{h}\nfilm\t2\n{bad}\n");
            assert_eq!(WordClasses::parse(&text).unwrap_err().0, line, "{bad:?}");
        }
    }

    /// The shipped classes (from imdb_train.csv) put given names together, and surnames, apart
    /// from the words around them.
    #[test]
    fn the_shipped_classes_group_given_names_and_surnames() {
        let classes = WordClasses::builtin();
        assert!(classes.len() > 15_000, "{}", classes.len());
        let class = |w: &str| classes.class_of(w.as_bytes()).unwrap();
        assert_eq!(class("Tom"), class("jack"));
        assert_eq!(class("HANKS"), class("bogart"));
        assert_ne!(class("tom"), class("hanks"));
        assert_ne!(class("tom"), class("starring"));
        let examples = WordClasses::builtin_examples(class("tom"));
        assert!(
            examples.len() == 4 && examples.contains(&"tom"),
            "{examples:?}"
        );
        assert!(WordClasses::builtin_examples(u16::MAX).is_empty());
    }

    /// `assign` the plain way: each centre's score by a loop over the row's cells.
    fn assign_reference(rows: &[SparseRow], centres: &[f32], k: usize, dims: usize) -> Vec<u16> {
        rows.iter()
            .map(|row| {
                let score = |c: usize| {
                    let mut s = 0f32;
                    for &(d, v) in row {
                        s += v * centres[c * dims + d as usize];
                    }
                    s
                };
                let mut best = 0;
                for c in 1..k {
                    if score(c) > score(best) {
                        best = c;
                    }
                }
                best as u16
            })
            .collect()
    }

    #[test]
    fn assignment_matches_its_reference_to_the_bit() {
        let mut rng = Rng(42);
        let (k, dims) = (37, 50);
        let centres: Vec<f32> = (0..k * dims).map(|_| rng.next_f64() as f32 - 0.5).collect();
        let mut rows: Vec<SparseRow> = Vec::new();
        for _ in 0..500 {
            let mut row = SparseRow::new();
            for d in 0..dims as u16 {
                if rng.next_f64() < 0.2 && row.len() < 12 {
                    row.push((d, rng.next_f64() as f32));
                }
            }
            rows.push(row);
        }
        assert_eq!(
            assign(&rows, &centres, k, dims),
            assign_reference(&rows, &centres, k, dims)
        );
    }

    #[test]
    fn ln_matches_the_platform_to_the_last_bits() {
        let mut x = 1e-12f64;
        while x < 1e12 {
            let (a, b) = (ln(x), x.ln());
            assert!(
                (a - b).abs() <= 4.0 * f64::EPSILON * b.abs().max(1.0),
                "{x}: {a} {b}"
            );
            x *= 1.37;
        }
        assert_eq!(ln(1.0), 0.0);
    }

    #[test]
    fn corpus_words_are_lowercased_runs_with_inner_apostrophes_and_no_tags() {
        let mut got = Vec::new();
        corpus_words(
            "Don't miss O\u{2019}Brien's <br />film, Beyoncé 'rocks'.<i>Yes</i>",
            |w| got.push(String::from_utf8(w.to_vec()).unwrap()),
        );
        assert_eq!(
            got,
            [
                "don't",
                "miss",
                "o\u{2019}brien's",
                "film",
                "beyoncé",
                "rocks",
                "yes"
            ]
        );
    }

    /// Words that stand in the same places fall in one class; words that never share a
    /// neighbour in another.
    #[test]
    fn words_used_alike_share_a_class() {
        let mut counter = ClassCounter::new();
        let names = ["tom", "jack", "anna", "mary"];
        let things = ["car", "boat", "house", "tree"];
        for i in 0..400 {
            let name = names[i % 4];
            let thing = things[(i / 4) % 4];
            counter.add(&format!(
                "yesterday {name} smiled and {name} laughed near the red {thing} by the old {thing} today"
            ));
        }
        let options = ClassOptions {
            classes: 2,
            min_count: 5,
            contexts: 20,
            iterations: 20,
            seed: 7,
        };
        let classes: HashMap<&[u8], u16> = counter.learn(&options).into_iter().collect();
        let class = |w: &str| classes[w.as_bytes()];
        for w in &names[1..] {
            assert_eq!(class(w), class("tom"), "{w}");
        }
        for w in &things[1..] {
            assert_eq!(class(w), class("car"), "{w}");
        }
        assert_ne!(class("tom"), class("car"));
        // The file round-trips through the parser.
        let learned = counter.learn(&options);
        let mut file = Vec::new();
        ClassCounter::write(&learned, "test", &mut file).unwrap();
        let parsed = WordClasses::parse(std::str::from_utf8(&file).unwrap()).unwrap();
        assert_eq!(parsed.len(), learned.len());
        assert_eq!(parsed.class_of(b"Tom"), Some(class("tom")));
        assert_eq!(parsed.class_of(b"zebra"), None);
    }
}
