//! The CSV reports: reviews.csv, mentions.csv, entities.csv, errors.csv and, on request,
//! sentences.csv.
//!
//! Invariants:
//! - UTF-8, RFC 4180 (CRLF line ends, quoting only where needed), one header row, byte for
//!   byte what the `csv` crate's default writer (`QuoteStyle::Necessary`, CRLF terminator)
//!   would write: a field is quoted when it holds `,`, `"`, CR or LF, a quote inside a quoted
//!   field is doubled, and a row made of a single empty field is written `""` (a property test
//!   checks [`Row`] against the crate);
//! - a text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`,
//!   tab or CR) is written with a leading `'` unless defusing is turned off (OWASP's advice);
//! - numbers are plain, with a fixed number of decimals (compounds 4, proportions 3) and never
//!   `-0.0000`;
//! - rows are formatted into one reused byte buffer per report, which goes to the report's file
//!   in blocks of about [`BLOCK`] bytes;
//! - every file is written into the output folder's staging folder and the whole set is
//!   published together with the other formats' by [`super::Reports`] ([`super::publish`]).

use super::rows::{self, Cells, Report};
use super::ReportOptions;
use crate::aggregate::EntityTable;
use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Bytes of formatted rows a report gathers before handing them to its file.
const BLOCK: usize = 128 << 10;

/// One CSV report being written into the staging folder.
struct CsvFile {
    /// Its file name.
    name: &'static str,
    /// Where it is written; named in write errors.
    path: PathBuf,
    file: File,
    /// Formatted rows not yet handed to the file.
    row: Row,
}

/// The CSV files of a run, written into the output folder's staging folder.
pub(crate) struct CsvFiles {
    reviews: CsvFile,
    mentions: CsvFile,
    errors: CsvFile,
    sentences: Option<CsvFile>,
    /// The options of the run (the entity table is opened with them at the end).
    options: ReportOptions,
    /// The staging folder.
    dir: PathBuf,
    /// The review id of the review being written, encoded once for all its rows.
    id: Vec<u8>,
}

impl CsvFiles {
    /// Opens the files of the reports written as the run goes in `dir`.
    pub(crate) fn create(dir: &Path, options: &ReportOptions) -> Result<CsvFiles> {
        let open = |report| CsvFile::open(dir, report, options);
        Ok(CsvFiles {
            reviews: open(Report::Reviews)?,
            mentions: open(Report::Mentions)?,
            errors: open(Report::Errors)?,
            sentences: if options.sentences {
                Some(open(Report::Sentences)?)
            } else {
                None
            },
            options: options.clone(),
            dir: dir.to_path_buf(),
            id: Vec::new(),
        })
    }

    /// Writes the rows of one review.
    pub(crate) fn review(&mut self, a: &Analysis) -> Result<()> {
        let id = &mut self.id;
        id.clear();
        push_text(id, a.doc.id.as_bytes(), self.options.defuse);
        let id = &self.id[..];

        rows::review(&mut self.reviews.row, id, a, self.options.keep.len());
        self.reviews.end_row()?;

        let mentions = &mut self.mentions;
        for m in &a.mentions {
            rows::mention(&mut mentions.row, id, a, m);
            mentions.end_row()?;
        }

        if let Some(sentences) = &mut self.sentences {
            for (i, s) in a.sentences.iter().enumerate() {
                rows::sentence(&mut sentences.row, id, a, i, s);
                sentences.end_row()?;
            }
        }
        Ok(())
    }

    /// Writes the row of one input that could not be analyzed.
    pub(crate) fn error(&mut self, source: &str, error: &str) -> Result<()> {
        rows::error(&mut self.errors.row, source, error);
        self.errors.end_row()
    }

    /// Writes entities.csv and syncs every file to disk; returns the files' names.
    ///
    /// The reports written during the run are flushed and synced on a second thread while
    /// entities.csv is formatted.
    pub(crate) fn finish(self, entities: &EntityTable) -> Result<Vec<&'static str>> {
        let mut written = vec![self.reviews, self.mentions, self.errors];
        written.extend(self.sentences);
        let (dir, options) = (&self.dir, &self.options);
        let (written, table) = std::thread::scope(|scope| {
            let syncing = scope.spawn(move || {
                for report in &mut written {
                    report.sync()?;
                }
                Ok(written)
            });
            let table = entity_table(dir, options, entities).and_then(|mut table| {
                table.sync()?;
                Ok(table)
            });
            let written = syncing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (written, table)
        });
        let (mut written, table) = (written?, table?);
        written.insert(2, table);
        Ok(written.iter().map(|r| r.name).collect())
    }
}

/// entities.csv, formatted and handed to its file.
fn entity_table(dir: &Path, options: &ReportOptions, entities: &EntityTable) -> Result<CsvFile> {
    let mut table = CsvFile::open(dir, Report::Entities, options)?;
    for (kind, name, stats) in entities.iter() {
        rows::entity(&mut table.row, kind, name, stats);
        table.end_row()?;
    }
    Ok(table)
}

impl CsvFile {
    fn open(dir: &Path, report: Report, options: &ReportOptions) -> Result<CsvFile> {
        let name = report.csv_name();
        let path = dir.join(name);
        let file = match File::create_new(&path) {
            Ok(file) => file,
            Err(source) => return Err(Error::Write { path, source }),
        };
        let mut row = Row::new(false);
        if options.bom {
            row.raw("\u{FEFF}".as_bytes());
        }
        for column in report.columns(&options.keep) {
            row.text(&column.name);
        }
        row.end();
        row.defuse = options.defuse;
        Ok(CsvFile {
            name,
            path,
            file,
            row,
        })
    }

    /// Ends the row being formatted; hands the buffer to the file once it holds a block.
    #[inline]
    fn end_row(&mut self) -> Result<()> {
        self.row.end();
        if self.row.buf.len() >= BLOCK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if let Err(source) = self.file.write_all(&self.row.buf) {
            return Err(Error::Write {
                path: self.path.clone(),
                source,
            });
        }
        self.row.clear();
        Ok(())
    }

    /// Hands the last rows to the file and waits until the file is on disk.
    fn sync(&mut self) -> Result<()> {
        self.flush()?;
        self.file.sync_all().map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }
}

impl Cells for Row {
    type Id = [u8];

    #[inline]
    fn id(&mut self, id: &[u8]) {
        self.encoded(id);
    }

    #[inline]
    fn text(&mut self, text: &str) {
        Row::text(self, text);
    }

    #[inline]
    fn text_bytes(&mut self, text: &[u8]) {
        Row::text_bytes(self, text);
    }

    #[inline]
    fn word(&mut self, word: &'static str) {
        Row::word(self, word);
    }

    #[inline]
    fn int(&mut self, n: u64) {
        Row::int(self, n);
    }

    #[inline(always)]
    fn fixed(&mut self, x: f64, decimals: usize) {
        Row::fixed(self, x, decimals);
    }

    #[inline]
    fn empty(&mut self) {
        self.buf.push(b',');
    }
}

/// CSV rows formatted into one byte buffer.
///
/// Each field is appended with a delimiter after it; [`Row::end`] turns the last one into the
/// line end. The buffer holds whole rows between calls to `end`, and is emptied by its owner.
#[derive(Debug)]
struct Row {
    buf: Vec<u8>,
    /// Where the row being formatted starts in `buf`.
    start: usize,
    /// Defuse formula-like text cells.
    defuse: bool,
}

/// Bytes that make the `csv` crate's writer quote a field (`QuoteStyle::Necessary` with a CRLF
/// terminator): the delimiter, the quote, CR and LF. Nothing else, not even a leading `#` or an
/// empty field.
const NEEDS_QUOTES: [bool; 256] = {
    let mut table = [false; 256];
    table[b',' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'\n' as usize] = true;
    table
};

/// True when the `csv` crate's writer would quote this field.
#[inline]
fn needs_quotes(field: &[u8]) -> bool {
    if field.len() < 8 {
        return field.iter().any(|&b| NEEDS_QUOTES[usize::from(b)]);
    }
    if field.len() >= 64 {
        return memchr::memchr3(b',', b'"', b'\n', field).is_some()
            || memchr::memchr(b'\r', field).is_some();
    }
    let word = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().unwrap_or([0; 8]));
    let mut chunks = field.chunks_exact(8);
    if chunks.any(|chunk| word_needs_quotes(word(chunk))) {
        return true;
    }
    // The last eight bytes, overlapping the last whole word when the length is no multiple of 8.
    word_needs_quotes(word(&field[field.len() - 8..]))
}

/// True when one of the eight bytes of `word` is a [`NEEDS_QUOTES`] byte (SWAR).
#[inline(always)]
fn word_needs_quotes(word: u64) -> bool {
    // Or-ed without a branch per byte value.
    let found = [b',', b'"', b'\r', b'\n']
        .iter()
        .fold(0, |found, &b| found | crate::ascii::bytes_equal(word, b));
    found != 0
}

impl Row {
    fn new(defuse: bool) -> Row {
        Row {
            buf: Vec::with_capacity(BLOCK + (BLOCK >> 2)),
            start: 0,
            defuse,
        }
    }

    /// Empties the buffer (between rows).
    fn clear(&mut self) {
        self.buf.clear();
        self.start = 0;
    }

    /// Bytes that are no field, before the first row (a byte-order mark).
    fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
        self.start = self.buf.len();
    }

    /// A text cell: defused when a spreadsheet would run it as a formula, then quoted if needed.
    #[inline]
    fn text(&mut self, s: &str) {
        self.text_bytes(s.as_bytes());
    }

    /// [`Row::text`] of a text's UTF-8 bytes (a [`Name`](crate::entity::Name)'s, read without
    /// checking them again).
    #[inline]
    fn text_bytes(&mut self, s: &[u8]) {
        push_text(&mut self.buf, s, self.defuse);
        self.buf.push(b',');
    }

    /// A cell of a fixed vocabulary (kinds, labels, encodings), which never needs quoting or
    /// defusing (a test checks every word).
    #[inline]
    fn word(&mut self, s: &'static str) {
        self.buf.extend_from_slice(s.as_bytes());
        self.buf.push(b',');
    }

    /// A cell already encoded by [`push_text`].
    #[inline]
    fn encoded(&mut self, cell: &[u8]) {
        self.buf.extend_from_slice(cell);
        self.buf.push(b',');
    }

    /// An integer cell.
    #[inline]
    fn int(&mut self, n: u64) {
        push_u64(&mut self.buf, n);
        self.buf.push(b',');
    }

    /// A number with `decimals` digits after the point; never negative zero, never NaN.
    #[inline(always)]
    fn fixed(&mut self, x: f64, decimals: usize) {
        push_fixed(&mut self.buf, x, decimals);
        self.buf.push(b',');
    }

    /// Ends the row: its last delimiter becomes CRLF. A row whose fields are all empty and
    /// which has no delimiter (one empty field, or none) is written `""`, as the csv crate does.
    #[inline]
    fn end(&mut self) {
        if self.buf.len() > self.start {
            self.buf.pop();
        }
        if self.buf.len() == self.start {
            self.buf.extend_from_slice(b"\"\"");
        }
        self.buf.extend_from_slice(b"\r\n");
        self.start = self.buf.len();
    }
}

/// Appends a text cell as the csv crate would write it: with a leading `'` when `defuse` is set
/// and a spreadsheet would run it as a formula, in quotes when it needs them.
#[inline]
fn push_text(buf: &mut Vec<u8>, bytes: &[u8], defuse: bool) {
    let defuse = defuse && starts_like_formula(bytes);
    if needs_quotes(bytes) {
        buf.push(b'"');
        if defuse {
            buf.push(b'\'');
        }
        push_doubling_quotes(buf, bytes);
        buf.push(b'"');
    } else {
        if defuse {
            buf.push(b'\'');
        }
        buf.extend_from_slice(bytes);
    }
}

/// Appends a field's bytes with every `"` doubled.
fn push_doubling_quotes(buf: &mut Vec<u8>, mut bytes: &[u8]) {
    while let Some(i) = memchr::memchr(b'"', bytes) {
        buf.extend_from_slice(&bytes[..=i]);
        buf.push(b'"');
        bytes = &bytes[i + 1..];
    }
    buf.extend_from_slice(bytes);
}

/// True when a spreadsheet would treat a cell starting with these bytes as a formula.
#[inline]
pub(super) fn starts_like_formula(bytes: &[u8]) -> bool {
    matches!(
        bytes.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// "00" to "99".
const DIGIT_PAIRS: [u8; 200] = {
    let mut pairs = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        pairs[2 * i] = b'0' + (i / 10) as u8;
        pairs[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    pairs
};

/// Appends the decimal digits of `n`, as `write!("{n}")` would.
#[inline]
pub(super) fn push_u64(buf: &mut Vec<u8>, n: u64) {
    let pair = |n: u64| {
        let i = n as usize % 100 * 2;
        [DIGIT_PAIRS[i], DIGIT_PAIRS[i + 1]]
    };
    match n {
        0..=9 => buf.push(b'0' + n as u8),
        10..=99 => buf.extend_from_slice(&pair(n)),
        100..=999 => {
            let [a, b] = pair(n);
            buf.extend_from_slice(&[b'0' + (n / 100) as u8, a, b]);
        }
        1000..=9999 => {
            let ([a, b], [c, d]) = (pair(n / 100), pair(n));
            buf.extend_from_slice(&[a, b, c, d]);
        }
        _ => push_u64_long(buf, n),
    }
}

/// [`push_u64`] for 10,000 and above.
fn push_u64_long(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        digits[i..i + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = n as usize * 2;
        i -= 2;
        digits[i..i + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else {
        i -= 1;
        digits[i] = b'0' + n as u8;
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Appends `x` with `decimals` digits after the point, as the reports write a score: never
/// negative zero, 0 for NaN and infinities (the xlsx sheets write the same text).
#[inline(always)]
pub(super) fn push_fixed(buf: &mut Vec<u8>, x: f64, decimals: usize) {
    let x = if x.is_finite() { x } else { 0.0 };
    if !push_fixed_fast(buf, x, decimals) {
        push_fixed_exact(buf, x, decimals);
    }
}

/// Powers of ten for [`push_fixed_fast`].
const POW10: [u64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/// Writes `x` with `decimals` digits after the point exactly as `format!("{x:.decimals$}")`
/// would, without negative zero, when that is cheap to get right: `x` not huge and not within
/// a millionth of a rounding tie (`{:.N}` rounds the exact binary value; so does this away
/// from ties). Returns false, writing nothing, otherwise.
#[inline(always)]
fn push_fixed_fast(buf: &mut Vec<u8>, x: f64, decimals: usize) -> bool {
    let Some(&scale) = POW10.get(decimals) else {
        return false;
    };
    let y = x.abs() * scale as f64;
    if y.is_nan() || y >= 1e15 {
        return false;
    }
    // 0 <= y < 2^53: the conversion truncates to floor(y), and y - floor(y) is exact.
    let floor = y as u64;
    let frac = y - floor as f64;
    if (frac - 0.5).abs() < 1e-6 {
        return false;
    }
    // Not a tie: rounding to nearest.
    let n = floor + u64::from(frac > 0.5);
    if x < 0.0 && n != 0 {
        buf.push(b'-');
    }
    push_u64(buf, n / scale);
    if decimals > 0 {
        buf.push(b'.');
        let mut rest = n % scale;
        let mut digits = [b'0'; 6];
        let mut i = decimals;
        while i >= 2 {
            let pair = (rest % 100) as usize * 2;
            rest /= 100;
            i -= 2;
            digits[i..i + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        }
        if i == 1 {
            digits[0] = b'0' + rest as u8;
        }
        buf.extend_from_slice(&digits[..decimals]);
    }
    true
}

/// `format!("{x:.decimals$}")` without negative zero: the slow, exact path.
#[cold]
fn push_fixed_exact(buf: &mut Vec<u8>, x: f64, decimals: usize) {
    let formatted = format!("{x:.decimals$}");
    let digits = match formatted.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest,
        _ => &formatted,
    };
    buf.extend_from_slice(digits.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::Totals;
    use crate::entity::MentionKind;
    use crate::pipeline::Encoding;
    use crate::report::{ReportSink, Reports};
    use crate::sentiment::Label;

    /// The bytes of one row formatted by `f`.
    fn line(defuse: bool, f: impl FnOnce(&mut Row)) -> String {
        let mut row = Row::new(defuse);
        f(&mut row);
        row.end();
        String::from_utf8(row.buf).unwrap()
    }

    /// What the csv crate writes for these rows (CRLF, its default quoting).
    fn csv_crate(rows: &[Vec<String>]) -> Vec<u8> {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(Vec::new());
        for row in rows {
            writer.write_record(row).unwrap();
        }
        writer.into_inner().unwrap()
    }

    fn ours(rows: &[Vec<String>], defuse: bool) -> Vec<u8> {
        let mut row = Row::new(defuse);
        for fields in rows {
            for field in fields {
                row.text(field);
            }
            row.end();
        }
        row.buf
    }

    #[test]
    fn text_cells_are_quoted_and_defused_like_the_csv_crate_and_owasp_say() {
        let table = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("\"", "\"\"\"\""),
            ("a\rb", "\"a\rb\""),
            ("a\nb", "\"a\nb\""),
            ("a\r\nb", "\"a\r\nb\""),
            ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
            ("=1,2", "\"'=1,2\""),
            ("+1", "'+1"),
            ("-rated", "'-rated"),
            ("@home", "'@home"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("a=b", "a=b"),
            ("a\tb", "a\tb"),
            ("#hashtag", "#hashtag"),
            (" lead", " lead"),
            ("'quoted'", "'quoted'"),
            ("Amélie — Björk, 東京", "\"Amélie — Björk, 東京\""),
            ("Amélie — Björk 東京", "Amélie — Björk 東京"),
            ("é", "é"),
        ];
        for (input, expected) in table {
            assert_eq!(
                line(true, |r| r.text(input)),
                format!("{expected}\r\n"),
                "{input:?}"
            );
        }
    }

    #[test]
    fn fields_of_every_length_are_scanned_whole() {
        for len in 1..=80 {
            let plain = &"é-a b=c#".repeat(10).into_bytes()[..len];
            assert!(!needs_quotes(plain), "{len}");
            for at in 0..len {
                for special in [b',', b'"', b'\r', b'\n'] {
                    let mut field = plain.to_vec();
                    field[at] = special;
                    assert!(
                        needs_quotes(&field),
                        "{:?} at {at} of {len}",
                        special as char
                    );
                }
            }
        }
        let long = "a".repeat(100);
        let rows = [vec![long.clone(), "x,y".into()]];
        assert_eq!(ours(&rows, false), csv_crate(&rows));
        assert_eq!(
            ours(&rows, false),
            format!("{long},\"x,y\"\r\n").into_bytes()
        );
    }

    #[test]
    fn vocabulary_words_need_no_quoting_or_defusing() {
        let encodings = [Encoding::Utf8, Encoding::Utf16, Encoding::Windows1252].map(|e| {
            // Fails to build when an encoding is added and not listed here.
            match e {
                Encoding::Utf8 | Encoding::Utf16 | Encoding::Windows1252 => e.as_str(),
            }
        });
        // Every kind and label is in its ALL list (these matches fail to build otherwise).
        let kinds = MentionKind::ALL.map(|k| match k {
            MentionKind::Show
            | MentionKind::Actor
            | MentionKind::Character
            | MentionKind::Song
            | MentionKind::Person => k.as_str(),
        });
        let labels = Label::ALL.map(|l| match l {
            Label::Positive | Label::Negative | Label::Mixed | Label::Neutral => l.as_str(),
        });
        assert_eq!((kinds.len(), labels.len()), (5, 4));
        let words = kinds.into_iter().chain(labels).chain(encodings);
        for word in words {
            assert_eq!(line(true, |r| r.word(word)), line(true, |r| r.text(word)));
            assert!(
                !needs_quotes(word.as_bytes()) && !starts_like_formula(word.as_bytes()),
                "{word}"
            );
        }
    }

    #[test]
    fn defusing_can_be_turned_off() {
        assert_eq!(line(false, |r| r.text("=1")), "=1\r\n");
        assert_eq!(line(false, |r| r.text("=1,2")), "\"=1,2\"\r\n");
    }

    #[test]
    fn empty_fields_follow_the_csv_crate() {
        // A row of one empty field (or none) is `""`, else empty fields are just left empty.
        assert_eq!(line(true, |r| r.text("")), "\"\"\r\n");
        assert_eq!(line(true, |_| {}), "\"\"\r\n");
        assert_eq!(
            line(true, |r| {
                r.text("");
                r.text("")
            }),
            ",\r\n"
        );
        assert_eq!(
            line(true, |r| {
                r.text("a");
                r.text("");
                r.text("b")
            }),
            "a,,b\r\n"
        );
        for rows in [
            vec![vec![String::new()]],
            vec![vec![]],
            vec![vec![String::new(), String::new()]],
            vec![vec!["a".into()], vec![String::new()], vec![]],
        ] {
            assert_eq!(ours(&rows, false), csv_crate(&rows), "{rows:?}");
        }
    }

    #[test]
    fn numbers_have_fixed_decimals_and_no_negative_zero() {
        let table = [
            (0.5, 4, "0.5000"),
            (-0.00001, 4, "0.0000"),
            (-0.25, 3, "-0.250"),
            (f64::NAN, 4, "0.0000"),
            (f64::INFINITY, 4, "0.0000"),
            (1.0, 3, "1.000"),
            (0.05, 3, "0.050"),
            (0.00005, 4, "0.0001"),
            // Near ties, the exact binary value decides.
            (-0.99995, 4, "-1.0000"),
            (12345.678, 1, "12345.7"),
            (1e300, 2, &format!("{:.2}", 1e300)),
        ];
        for (x, decimals, expected) in table {
            assert_eq!(
                line(true, |r| r.fixed(x, decimals)),
                format!("{expected}\r\n"),
                "{x}"
            );
        }
    }

    #[test]
    fn integers_are_plain_digits() {
        for n in [
            0,
            7,
            9,
            10,
            42,
            99,
            100,
            101,
            999,
            1000,
            65_535,
            1 << 40,
            u64::MAX,
        ] {
            assert_eq!(line(true, |r| r.int(n)), format!("{n}\r\n"), "{n}");
        }
    }

    #[test]
    fn a_row_of_every_kind_of_cell() {
        let got = line(true, |r| {
            r.text("r1");
            r.int(12);
            r.fixed(-0.125, 4);
            r.text("-x, y");
            r.text("");
        });
        assert_eq!(got, "r1,12,-0.1250,\"'-x, y\",\r\n");
    }

    fn field() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            "[a-c ,\"\r\n'=+@#\t-]{0,30}",
            "[a,é\"東\n]{20,80}",
            proptest::string::string_regex(".{0,40}").unwrap(),
            proptest::arbitrary::any::<String>(),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        #[test]
        fn rows_are_what_the_csv_crate_writes(
            rows in proptest::collection::vec(proptest::collection::vec(field(), 0..6), 1..5),
            defuse: bool,
        ) {
            let expected: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|cell| {
                            if defuse && starts_like_formula(cell.as_bytes()) {
                                format!("'{cell}")
                            } else {
                                cell.clone()
                            }
                        })
                        .collect()
                })
                .collect();
            proptest::prop_assert_eq!(ours(&rows, defuse), csv_crate(&expected));
        }

        #[test]
        fn integers_match_the_standard_library(n: u64) {
            let mut buf = Vec::new();
            push_u64(&mut buf, n);
            proptest::prop_assert_eq!(buf, n.to_string().into_bytes());
        }

        #[test]
        fn fast_fixed_formatting_matches_the_standard_library(
            x in proptest::prop_oneof![-2.0f64..2.0, -1e7f64..1e7, proptest::num::f64::NORMAL],
            decimals in 0usize..=6,
        ) {
            let mut fast = Vec::new();
            if push_fixed_fast(&mut fast, x, decimals) {
                let mut std = format!("{x:.decimals$}");
                if std.starts_with('-') && std[1..].bytes().all(|b| b == b'0' || b == b'.') {
                    std.remove(0);
                }
                proptest::prop_assert_eq!(String::from_utf8(fast).unwrap(), std);
            }
        }

        #[test]
        fn fixed_cells_match_the_standard_library(
            x in proptest::prop_oneof![-2.0f64..2.0, proptest::num::f64::ANY],
            decimals in 0usize..=8,
        ) {
            let got = line(true, |r| r.fixed(x, decimals));
            let x = if x.is_finite() { x } else { 0.0 };
            let mut std = format!("{x:.decimals$}");
            if std.starts_with('-') && std[1..].bytes().all(|b| b == b'0' || b == b'.') {
                std.remove(0);
            }
            proptest::prop_assert_eq!(got, format!("{std}\r\n"));
        }
    }

    #[test]
    fn fast_fixed_formatting_of_exact_values() {
        for (x, decimals, expected) in [
            (0.0, 4, "0.0000"),
            (-0.0, 4, "0.0000"),
            (0.12345678, 4, "0.1235"),
            (-0.99996, 4, "-1.0000"),
            (12.5, 0, "12"),
            (0.1, 3, "0.100"),
            (-7.25e-5, 4, "-0.0001"),
        ] {
            let mut s = Vec::new();
            let exact = format!("{x:.decimals$}");
            if push_fixed_fast(&mut s, x, decimals) {
                assert_eq!(String::from_utf8(s).unwrap(), expected, "{x}");
            } else {
                // A tie: the caller falls back to the standard library.
                assert!(
                    exact.trim_start_matches('-') == expected.trim_start_matches('-'),
                    "{x}"
                );
            }
        }
    }

    #[test]
    fn reports_are_written_in_blocks_and_published_together() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let mut reports = Reports::create(&out, ReportOptions::default()).unwrap();
        let long = "x,".repeat(1000);
        for i in 0..200 {
            reports.error(&format!("{long}{i}"), &Error::Empty).unwrap();
        }
        // Over a block went to the temporary file; nothing is in place yet.
        assert!(!out.join("errors.csv").exists());
        reports
            .finish(&EntityTable::new(), &Totals::default())
            .unwrap();
        let errors = std::fs::read_to_string(out.join("errors.csv")).unwrap();
        assert_eq!(errors.lines().count(), 201);
        assert!(errors.starts_with("source,error\r\n\"x,x,"));
        assert!(errors.ends_with("x,199\",empty review\r\n"));
        let leftovers: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.file_name())
            .collect();
        // Only the lock file stays.
        assert_eq!(leftovers, [crate::report::publish::LOCK], "{leftovers:?}");
        assert!(reports
            .finish(&EntityTable::new(), &Totals::default())
            .is_err());
    }
}
