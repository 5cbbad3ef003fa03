//! Rows recorded as typed cells in a byte buffer, so that a format can write them on a thread
//! of its own ([`super::Reports`] hands the workbook and the Parquet files theirs).
//!
//! Invariants:
//! - [`replay`] gives every recorded row back, in order, cell for cell: the same values, to
//!   the same [`Cells`] methods but for texts, which all come back through
//!   [`Cells::text_bytes`] (a test checks a row of every kind of cell);
//! - a buffer holds whole rows; each row is its report and its cells' byte length, then its
//!   cells, each a tag and its value (little-endian numbers, texts with their length).

use super::rows::{Cells, Report};

const TEXT: u8 = 1;
const INT: u8 = 2;
const FIXED: u8 = 3;
const EMPTY: u8 = 4;

/// Rows being recorded.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    buf: Vec<u8>,
    /// Where the length of the row being recorded goes.
    row_start: usize,
}

impl Recorder {
    /// Starts a row of `report`; its cells follow.
    pub(crate) fn start(&mut self, report: Report) {
        self.buf.push(report as u8);
        self.row_start = self.buf.len();
        self.buf.extend_from_slice(&[0; 4]);
    }

    /// Ends the row started last.
    pub(crate) fn end(&mut self) {
        let len = (self.buf.len() - self.row_start - 4) as u32;
        self.buf[self.row_start..self.row_start + 4].copy_from_slice(&len.to_le_bytes());
    }

    /// Bytes recorded.
    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }

    /// The rows recorded so far; the recorder starts empty again.
    pub(crate) fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.buf)
    }
}

impl Cells for Recorder {
    type Id = str;

    fn id(&mut self, id: &str) {
        self.text(id);
    }

    fn text(&mut self, text: &str) {
        self.text_bytes(text.as_bytes());
    }

    fn text_bytes(&mut self, text: &[u8]) {
        self.buf.push(TEXT);
        self.buf
            .extend_from_slice(&(text.len() as u32).to_le_bytes());
        self.buf.extend_from_slice(text);
    }

    fn word(&mut self, word: &'static str) {
        self.text(word);
    }

    fn int(&mut self, n: u64) {
        self.buf.push(INT);
        self.buf.extend_from_slice(&n.to_le_bytes());
    }

    fn fixed(&mut self, x: f64, decimals: usize) {
        self.buf.push(FIXED);
        self.buf.extend_from_slice(&x.to_le_bytes());
        self.buf.push(decimals as u8);
    }

    fn empty(&mut self) {
        self.buf.push(EMPTY);
    }
}

/// The rows of a recorded buffer: each report and its cells' bytes.
pub(crate) fn rows(buf: &[u8]) -> impl Iterator<Item = (Report, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let report = *Report::ALL.get(usize::from(*buf.get(at)?))?;
        let len = u32::from_le_bytes(buf.get(at + 1..at + 5)?.try_into().ok()?) as usize;
        let cells = buf.get(at + 5..at + 5 + len)?;
        at += 5 + len;
        Some((report, cells))
    })
}

/// The first `n` bytes of `cells` (fewer if it is shorter), which then holds the rest.
fn take<'a>(cells: &mut &'a [u8], n: usize) -> &'a [u8] {
    let (head, tail) = cells.split_at(n.min(cells.len()));
    *cells = tail;
    head
}

/// Writes the recorded cells of one row into `c`.
pub(crate) fn replay<C: Cells<Id = str>>(mut cells: &[u8], c: &mut C) {
    while let Some((&tag, rest)) = cells.split_first() {
        cells = rest;
        match tag {
            TEXT => {
                let len = u32::from_le_bytes(take(&mut cells, 4).try_into().unwrap_or([0; 4]));
                // Recorded from a `&str` or valid bytes: valid UTF-8 (a row is whole).
                c.text_bytes(take(&mut cells, len as usize));
            }
            INT => {
                let n = u64::from_le_bytes(take(&mut cells, 8).try_into().unwrap_or([0; 8]));
                c.int(n);
            }
            FIXED => {
                let x = f64::from_le_bytes(take(&mut cells, 8).try_into().unwrap_or([0; 8]));
                let decimals = take(&mut cells, 1).first().copied().unwrap_or(0);
                c.fixed(x, usize::from(decimals));
            }
            _ => c.empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every call, written out.
    #[derive(Default)]
    struct Calls(Vec<String>);

    impl Cells for Calls {
        type Id = str;
        fn id(&mut self, id: &str) {
            self.text(id);
        }
        fn text(&mut self, text: &str) {
            self.0.push(format!("text {text}"));
        }
        fn text_bytes(&mut self, text: &[u8]) {
            self.text(&String::from_utf8_lossy(text));
        }
        fn word(&mut self, word: &'static str) {
            self.text(word);
        }
        fn int(&mut self, n: u64) {
            self.0.push(format!("int {n}"));
        }
        fn fixed(&mut self, x: f64, decimals: usize) {
            self.0.push(format!("fixed {x:?} {decimals}"));
        }
        fn empty(&mut self) {
            self.0.push("empty".into());
        }
    }

    fn write(c: &mut impl Cells<Id = str>) {
        c.id("00123");
        c.text("Penélope Cruz, \"Volver\"");
        c.text_bytes("Björk".as_bytes());
        c.word("positive");
        c.int(u64::MAX);
        c.fixed(-0.123456, 4);
        c.empty();
        c.text("");
    }

    #[test]
    fn replayed_rows_are_the_rows_recorded() {
        let mut direct = Calls::default();
        write(&mut direct);
        let mut recorder = Recorder::default();
        for report in [Report::Mentions, Report::Errors] {
            recorder.start(report);
            write(&mut recorder);
            recorder.end();
        }
        recorder.start(Report::Reviews);
        recorder.end();
        let buf = recorder.take();
        assert_eq!(recorder.len(), 0);
        let rows: Vec<(Report, &[u8])> = rows(&buf).collect();
        let reports: Vec<Report> = rows.iter().map(|r| r.0).collect();
        assert_eq!(reports, [Report::Mentions, Report::Errors, Report::Reviews]);
        for (_, cells) in &rows[..2] {
            let mut replayed = Calls::default();
            replay(cells, &mut replayed);
            assert_eq!(replayed.0, direct.0);
        }
        assert!(rows[2].1.is_empty());
    }
}
