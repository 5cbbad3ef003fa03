//! The xlsx workbook: one sheet per report, its SpreadsheetML written straight into the zip.
//!
//! Invariants:
//! - cells are typed: ids, names and every other text are strings (`00123` stays `00123`, no
//!   cell is ever a formula, so nothing needs defusing), counts and offsets are numbers, scores
//!   are numbers written with the CSV's text (so they read back as the CSV's values,
//!   [`super::rows::rounded`]) and shown with its decimals; an empty value is no cell at all;
//! - every sheet has a bold header row, frozen, with an autofilter over its rows, and fixed
//!   column widths from the report's columns;
//! - a sheet holds at most [`ReportOptions::sheet_rows`] rows, its header included (Excel's
//!   limit, 1,048,576, by default); a report with more rows continues on sheets named
//!   `mentions (2)`, `mentions (3)`... placed right after its first sheet;
//! - a text over Excel's 32,767 UTF-16 units a cell is cut at a character boundary under
//!   the limit (the CSV and Parquet files keep it whole) and counted; characters XML cannot
//!   hold (controls other than tab and line feed, U+FFFE, U+FFFF) are written as Excel's
//!   `_xHHHH_` escapes, and a text that itself looks like one has its underscore escaped, so
//!   Excel reads every text back as it was;
//! - texts of up to [`SHARED_MAX_LEN`] bytes go to the workbook's shared strings (the first
//!   [`SHARED_MAX`] distinct ones: kinds, labels, roles, most names and ids), unless their
//!   column's texts rarely repeat ([`ColumnShare`]); the others are written in their cells;
//! - a cell carries its reference (`r="I7"`) only when the cell before it in its row is
//!   empty, and so not written; a row always carries its number;
//! - the workbook is byte-identical for the same rows: its creation time is a fixed date, the
//!   zip entries carry no time, shared strings are numbered in order of first use;
//! - memory does not grow with the rows: each sheet's XML is deflated as its rows come into a
//!   one-entry zip in an unlinked temporary file of the staging folder, and [`finish`] copies
//!   those compressed entries into the workbook without inflating them again.
//!
//! The format is ECMA-376's SpreadsheetML, the least of it that spreadsheets read without
//! complaint: content types, relationships, document properties, the workbook with a hidden
//! `_xlnm._FilterDatabase` name per autofilter, one style sheet, the shared strings and the
//! sheets. `tests/readback.rs` reads it back with openpyxl and calamine; LibreOffice read the
//! same workbooks equal to the CSV when checked by hand (README, Formats).
//!
//! [`finish`]: XlsxWorkbook::finish

use super::csv::{push_fixed, push_u64};
use super::record;
use super::rows::{self, Cells, Column, Kind, Report};
use super::ReportOptions;
use crate::aggregate::EntityTable;
use crate::error::{Error, Result};
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The workbook's file name.
pub const WORKBOOK: &str = "reports.xlsx";

/// Excel's most rows in a sheet, the header row included.
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// Excel's most UTF-16 code units in a cell.
const MAX_CELL_UNITS: usize = 32_767;

/// The longest text, in bytes, kept in the shared strings.
pub(crate) const SHARED_MAX_LEN: usize = 32;

/// The most distinct shared strings; later new texts are written in their cells.
pub(crate) const SHARED_MAX: usize = 1 << 16;

/// A sheet's XML is handed to the compressor in pieces of about this many bytes.
const FLUSH_AT: usize = 1 << 17;

/// The deflate level of every part: the fastest.
const DEFLATE_LEVEL: i64 = 1;

/// The style of the header cells (bold) in `styles.xml`.
const STYLE_HEADER: u32 = 1;

/// The style of a number with `d` decimals is `STYLE_DECIMALS + d`, d from 0 to 6.
const STYLE_DECIMALS: u32 = 2;

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// One sheet of the workbook.
struct Part {
    name: String,
    columns: usize,
    /// Rows written, the header included.
    rows: u32,
    /// How each column shares its texts.
    recent: Vec<ColumnShare>,
    state: PartState,
}

enum PartState {
    /// Rows are still coming: the XML not yet compressed, and the zip it goes into.
    Open {
        xml: Vec<u8>,
        /// Boxed: the writer keeps its compressor's state inline (some 9 KB).
        zip: Box<ZipWriter<BufWriter<File>>>,
    },
    /// Complete: the temporary file holding the sheet's zip.
    Closed(File),
    /// Closing it failed (the workbook is not written).
    Failed,
}

/// The workbook of a run, written into the staging folder.
pub(crate) struct XlsxWorkbook {
    dir: PathBuf,
    path: PathBuf,
    /// Rows a sheet holds, its header included.
    sheet_rows: u32,
    /// Each report's columns, in [`Report::ALL`]'s order.
    columns: [Vec<Column>; 5],
    /// Each report's sheets, as indices into `parts`, in order.
    sheets: [Vec<usize>; 5],
    parts: Vec<Part>,
    shared: SharedStrings,
    /// Cells cut to Excel's limit.
    cut: u64,
}

/// What a workbook holds beyond one sheet per report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkbookNotes {
    /// Reports continued on more sheets, with their number of sheets.
    pub split: Vec<(Report, usize)>,
    /// Text cells cut to Excel's 32,767 characters.
    pub cut: u64,
}

fn zip_error(path: &Path, error: zip::result::ZipError) -> Error {
    let source = match error {
        zip::result::ZipError::Io(io) => io,
        other => std::io::Error::other(other.to_string()),
    };
    io_error(path, source)
}

/// A sheet that closing left unwritten, met again (after that error was reported).
fn not_open(path: &Path) -> Error {
    io_error(
        path,
        std::io::Error::other("a sheet of the workbook could not be completed"),
    )
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// The options of every zip entry: deflated, dated 1980-01-01, the same permissions.
fn entry_options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
}

impl XlsxWorkbook {
    /// Opens a workbook to be written at `dir/reports.xlsx`, its sheets' temporary files in
    /// `dir`.
    pub(crate) fn create(dir: &Path, options: &ReportOptions) -> Result<XlsxWorkbook> {
        let mut book = XlsxWorkbook {
            dir: dir.to_path_buf(),
            path: dir.join(WORKBOOK),
            sheet_rows: options.sheet_rows.clamp(2, EXCEL_MAX_ROWS),
            columns: Report::ALL.map(|report| report.columns(&options.keep)),
            sheets: Default::default(),
            parts: Vec::new(),
            shared: SharedStrings::default(),
            cut: 0,
        };
        // The entity table's sheet is added at the end, once the table is complete.
        for report in [Report::Reviews, Report::Mentions, Report::Errors] {
            book.add_sheet(report)?;
        }
        if options.sentences {
            book.add_sheet(Report::Sentences)?;
        }
        Ok(book)
    }

    /// Starts the next sheet of `report`, with its header row.
    fn add_sheet(&mut self, report: Report) -> Result<()> {
        let number = self.sheets[report as usize].len() + 1;
        let name = if number == 1 {
            report.stem().to_string()
        } else {
            format!("{} ({number})", report.stem())
        };
        let file = tempfile::tempfile_in(&self.dir).map_err(|e| io_error(&self.path, e))?;
        let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 16, file));
        zip.start_file("sheet.xml", entry_options())
            .map_err(|e| zip_error(&self.path, e))?;
        let columns = &self.columns[report as usize];
        let mut xml = Vec::with_capacity(FLUSH_AT + (1 << 12));
        // The first sheet of the workbook is the one shown when it opens.
        let selected = report == Report::Reviews && number == 1;
        sheet_start(&mut xml, columns, selected);
        self.sheets[report as usize].push(self.parts.len());
        self.parts.push(Part {
            name,
            columns: columns.len(),
            rows: 1,
            recent: (0..columns.len()).map(|_| ColumnShare::default()).collect(),
            state: PartState::Open {
                xml,
                zip: Box::new(zip),
            },
        });
        Ok(())
    }

    /// Ends the sheet `index`: its closing XML, its zip completed.
    fn close(&mut self, index: usize) -> Result<()> {
        let part = &mut self.parts[index];
        let state = std::mem::replace(&mut part.state, PartState::Failed);
        let PartState::Open { mut xml, mut zip } = state else {
            part.state = state;
            return Ok(());
        };
        sheet_end(&mut xml, part.columns, part.rows);
        zip.write_all(&xml).map_err(|e| io_error(&self.path, e))?;
        let writer = zip.finish().map_err(|e| zip_error(&self.path, e))?;
        let file = writer
            .into_inner()
            .map_err(|e| io_error(&self.path, e.into_error()))?;
        part.state = PartState::Closed(file);
        Ok(())
    }

    /// Writes one row of `report` with `write`, starting a new sheet when the last one is full.
    fn row<C>(&mut self, report: Report, write: C) -> Result<()>
    where
        C: FnOnce(&mut SheetRow<'_>),
    {
        let index = match self.sheets[report as usize].last() {
            Some(&index) if self.parts[index].rows < self.sheet_rows => index,
            last => {
                if let Some(&full) = last {
                    self.close(full)?;
                }
                self.add_sheet(report)?;
                self.parts.len() - 1
            }
        };
        let part = &mut self.parts[index];
        part.rows += 1;
        let PartState::Open { xml, zip } = &mut part.state else {
            return Err(not_open(&self.path));
        };
        let mut row = SheetRow::start(
            xml,
            part.rows,
            &mut part.recent,
            &mut self.shared,
            &mut self.cut,
        );
        write(&mut row);
        row.end();
        if xml.len() >= FLUSH_AT {
            zip.write_all(xml).map_err(|e| io_error(&self.path, e))?;
            xml.clear();
        }
        Ok(())
    }

    /// Writes the rows recorded in `buf` ([`super::record`]).
    pub(crate) fn replay(&mut self, buf: &[u8]) -> Result<()> {
        for (report, cells) in record::rows(buf) {
            self.row(report, |c| record::replay(cells, c))?;
        }
        Ok(())
    }

    /// Writes the entities sheet, then the workbook, and syncs it to disk.
    pub(crate) fn finish(mut self, entities: &EntityTable) -> Result<WorkbookNotes> {
        self.add_sheet(Report::Entities)?;
        for (kind, name, stats) in entities.iter() {
            self.row(Report::Entities, |c| rows::entity(c, kind, name, stats))?;
        }
        for index in 0..self.parts.len() {
            self.close(index)?;
        }
        let notes = WorkbookNotes {
            split: Report::ALL
                .iter()
                .map(|&r| (r, self.sheets[r as usize].len()))
                .filter(|&(_, n)| n > 1)
                .collect(),
            cut: self.cut,
        };
        // The sheets in report order, each report's continuations after its first.
        let order: Vec<usize> = self.sheets.iter().flatten().copied().collect();
        let path = self.path.clone();
        let zerr = |e| zip_error(&path, e);
        let file = File::create_new(&path).map_err(|e| io_error(&path, e))?;
        let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 20, file));
        let mut text = String::new();
        let parts: Vec<&Part> = order.iter().map(|&i| &self.parts[i]).collect();
        for (name, write) in [
            (
                "[Content_Types].xml",
                content_types as fn(&mut String, &[&Part]),
            ),
            ("_rels/.rels", package_rels),
            ("docProps/app.xml", app_properties),
            ("docProps/core.xml", core_properties),
            ("xl/workbook.xml", workbook_xml),
            ("xl/_rels/workbook.xml.rels", workbook_rels),
            ("xl/styles.xml", styles_xml),
        ] {
            text.clear();
            write(&mut text, &parts);
            zip.start_file(name, entry_options()).map_err(zerr)?;
            zip.write_all(text.as_bytes())
                .map_err(|e| io_error(&path, e))?;
        }
        zip.start_file("xl/sharedStrings.xml", entry_options())
            .map_err(zerr)?;
        self.shared
            .write_xml(&mut zip)
            .map_err(|e| io_error(&path, e))?;
        for (number, &index) in order.iter().enumerate() {
            let PartState::Closed(file) = &mut self.parts[index].state else {
                return Err(not_open(&path));
            };
            file.seek(SeekFrom::Start(0))
                .map_err(|e| io_error(&path, e))?;
            let mut archive = ZipArchive::new(&*file).map_err(zerr)?;
            let entry = archive.by_index_raw(0).map_err(zerr)?;
            zip.raw_copy_file_rename(entry, format!("xl/worksheets/sheet{}.xml", number + 1))
                .map_err(zerr)?;
        }
        let writer = zip.finish().map_err(zerr)?;
        let file = writer
            .into_inner()
            .map_err(|e| io_error(&path, e.into_error()))?;
        file.sync_all().map_err(|e| io_error(&path, e))?;
        Ok(notes)
    }
}

/// Texts kept once in `xl/sharedStrings.xml`, numbered in order of first use: their bytes
/// one after the other, and an open-addressing index over them (no allocation per text).
struct SharedStrings {
    /// The texts' bytes, in the order of their numbers.
    bytes: Vec<u8>,
    /// Where each text ends in `bytes`.
    ends: Vec<u32>,
    /// [`SHARED_SLOTS`] slots probed linearly from a text's hash: 0 is empty, else the high
    /// half of the text's hash over 1 + its number (so a probe passes other texts without
    /// reading them). Never more than half full.
    slots: Vec<u64>,
    /// Cells that refer to one.
    uses: u64,
}

/// The index's slots: twice the most texts.
const SHARED_SLOTS: usize = 2 * SHARED_MAX;

impl Default for SharedStrings {
    fn default() -> SharedStrings {
        SharedStrings {
            bytes: Vec::new(),
            ends: Vec::new(),
            slots: vec![0; SHARED_SLOTS],
            uses: 0,
        }
    }
}

impl SharedStrings {
    /// The text numbered `n`.
    fn text(&self, n: usize) -> &[u8] {
        let start = n.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        &self.bytes[start..self.ends[n] as usize]
    }

    /// The number of `text` (up to [`SHARED_MAX_LEN`] bytes) in the table, adding it while
    /// the table has room, and whether it was there already; `None` when the table is full
    /// and `text` is not in it.
    #[inline]
    fn number(&mut self, text: &[u8]) -> Option<(u32, bool)> {
        let hash = crate::hash::term_key_bytes(text);
        let tag = hash & !0xFFFF_FFFF;
        let mask = SHARED_SLOTS - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                break;
            }
            if slot & !0xFFFF_FFFF == tag {
                let n = (slot & 0xFFFF_FFFF) as usize - 1;
                if self.text(n) == text {
                    self.uses += 1;
                    return Some((n as u32, true));
                }
            }
            i = (i + 1) & mask;
        }
        // Not there; `i` is the empty slot its index goes in.
        if self.ends.len() >= SHARED_MAX {
            return None;
        }
        let n = self.ends.len();
        self.bytes.extend_from_slice(text);
        self.ends.push(self.bytes.len() as u32);
        self.slots[i] = tag | (n as u64 + 1);
        self.uses += 1;
        Some((n as u32, false))
    }

    fn write_xml(&self, out: &mut impl Write) -> std::io::Result<()> {
        let mut xml = Vec::with_capacity(FLUSH_AT + 1024);
        xml.extend_from_slice(XML_DECL.as_bytes());
        xml.extend_from_slice(format!("<sst xmlns=\"{MAIN_NS}\" count=\"").as_bytes());
        push_u64(&mut xml, self.uses);
        xml.extend_from_slice(b"\" uniqueCount=\"");
        push_u64(&mut xml, self.ends.len() as u64);
        xml.extend_from_slice(b"\">");
        for n in 0..self.ends.len() {
            xml.extend_from_slice(b"<si>");
            push_t(&mut xml, self.text(n));
            xml.extend_from_slice(b"</si>");
            if xml.len() >= FLUSH_AT {
                out.write_all(&xml)?;
                xml.clear();
            }
        }
        xml.extend_from_slice(b"</sst>");
        out.write_all(&xml)
    }
}

/// How one column of a sheet shares its texts. A column whose texts rarely repeat (the
/// entities' names, the reviews' ids) writes them in their cells after its first
/// [`SHARE_TRIAL`] texts: a lookup that finds nothing costs more than the bytes it would save,
/// and the table's room is kept for texts that repeat.
#[derive(Default)]
struct ColumnShare {
    /// The column's last shared text and its number: consecutive rows often repeat one (a
    /// review's id down its mentions, kinds, labels), and comparing costs less than hashing.
    last: Vec<u8>,
    number: u32,
    /// Texts looked up, and how many were there already.
    tries: u32,
    repeats: u32,
    /// Texts are written in their cells from now on.
    inline: bool,
}

/// Texts a column looks up before it may give sharing up.
const SHARE_TRIAL: u32 = 2_000;

impl ColumnShare {
    /// At the end of the trial, stops sharing unless half of the texts were repeats.
    #[inline]
    fn give_up_if_unrewarding(&mut self) {
        if self.tries == SHARE_TRIAL && self.repeats * 2 < self.tries {
            self.inline = true;
        }
    }
}

/// One row of a sheet being written.
struct SheetRow<'a> {
    xml: &'a mut Vec<u8>,
    /// Where the row's number (1 is the header) is written in `xml`, as digits: a cell's
    /// reference copies them from there.
    number: std::ops::Range<usize>,
    col: usize,
    /// The column a cell written now would have without a reference.
    next: usize,
    /// The sheet's [`Part::recent`].
    recent: &'a mut [ColumnShare],
    shared: &'a mut SharedStrings,
    cut: &'a mut u64,
}

impl<'a> SheetRow<'a> {
    fn start(
        xml: &'a mut Vec<u8>,
        row: u32,
        recent: &'a mut [ColumnShare],
        shared: &'a mut SharedStrings,
        cut: &'a mut u64,
    ) -> SheetRow<'a> {
        xml.extend_from_slice(b"<row r=\"");
        let start = xml.len();
        push_u64(xml, u64::from(row));
        let number = start..xml.len();
        xml.extend_from_slice(b"\">");
        SheetRow {
            xml,
            number,
            col: 0,
            next: 0,
            recent,
            shared,
            cut,
        }
    }

    fn end(self) {
        self.xml.extend_from_slice(b"</row>");
    }

    /// The shared-string number of the current cell's `text`, if its column shares texts: from
    /// the column's last one when it is the same text, else from the table.
    #[inline]
    fn shared_number(&mut self, text: &[u8]) -> Option<u32> {
        let Some(column) = self.recent.get_mut(self.col) else {
            return self.shared.number(text).map(|(n, _)| n);
        };
        if column.inline {
            return None;
        }
        column.tries += 1;
        if column.last == text {
            column.repeats += 1;
            self.shared.uses += 1;
            return Some(column.number);
        }
        let Some((n, found)) = self.shared.number(text) else {
            column.give_up_if_unrewarding();
            return None;
        };
        column.repeats += u32::from(found);
        column.give_up_if_unrewarding();
        column.last.clear();
        column.last.extend_from_slice(text);
        column.number = n;
        Some(n)
    }

    /// Opens the current cell's element up to its attributes: `<c`, with its reference
    /// (`<c r="B7"`) only when the cell before it in the row was empty, and so not written.
    #[inline]
    fn open_cell(&mut self) {
        if self.col == self.next {
            self.xml.extend_from_slice(b"<c");
        } else {
            self.xml.extend_from_slice(b"<c r=\"");
            push_column(self.xml, self.col);
            self.xml.extend_from_within(self.number.clone());
            self.xml.push(b'"');
        }
        self.col += 1;
        self.next = self.col;
    }
}

impl Cells for SheetRow<'_> {
    type Id = str;

    fn id(&mut self, id: &str) {
        self.text(id);
    }

    fn text(&mut self, text: &str) {
        self.text_bytes(text.as_bytes());
    }

    /// Every text cell comes here, as bytes: replayed rows ([`record::replay`]) give their
    /// texts so, valid UTF-8 as recorded, which is all the escaping needs.
    fn text_bytes(&mut self, text: &[u8]) {
        debug_assert!(std::str::from_utf8(text).is_ok(), "a text cell is UTF-8");
        if text.is_empty() {
            self.col += 1;
            return;
        }
        if text.len() <= SHARED_MAX_LEN {
            if let Some(n) = self.shared_number(text) {
                self.open_cell();
                self.xml.extend_from_slice(b" t=\"s\"><v>");
                push_u64(self.xml, u64::from(n));
                self.xml.extend_from_slice(b"</v></c>");
                return;
            }
        }
        self.open_cell();
        self.xml.extend_from_slice(b" t=\"inlineStr\"><is>");
        if text.len() > MAX_CELL_UNITS {
            let text = String::from_utf8_lossy(text);
            match within_cell_limit(&text) {
                Some(cut) => {
                    *self.cut += 1;
                    push_t(self.xml, cut.as_bytes());
                }
                None => push_t(self.xml, text.as_bytes()),
            }
        } else {
            push_t(self.xml, text);
        }
        self.xml.extend_from_slice(b"</is></c>");
    }

    fn word(&mut self, word: &'static str) {
        self.text(word);
    }

    fn int(&mut self, n: u64) {
        self.open_cell();
        self.xml.extend_from_slice(b"><v>");
        push_u64(self.xml, n);
        self.xml.extend_from_slice(b"</v></c>");
    }

    /// The number as the CSV writes it, in the style that shows its decimals.
    fn fixed(&mut self, x: f64, decimals: usize) {
        self.open_cell();
        self.xml.extend_from_slice(b" s=\"");
        push_u64(self.xml, u64::from(decimal_style(decimals)));
        self.xml.extend_from_slice(b"\"><v>");
        push_fixed(self.xml, x, decimals);
        self.xml.extend_from_slice(b"</v></c>");
    }

    fn empty(&mut self) {
        self.col += 1;
    }
}

/// The style showing `decimals` digits after the point (6 at most).
fn decimal_style(decimals: usize) -> u32 {
    STYLE_DECIMALS + decimals.min(6) as u32
}

/// Appends the letters of the 0-based column `col`: A, B, ... Z, AA, AB...
#[inline]
fn push_column(buf: &mut Vec<u8>, col: usize) {
    if col < 26 {
        buf.push(b'A' + col as u8);
        return;
    }
    let mut letters = [0u8; 4];
    let mut i = letters.len();
    let mut n = col + 1;
    while n > 0 {
        n -= 1;
        i -= 1;
        letters[i] = b'A' + (n % 26) as u8;
        n /= 26;
    }
    buf.extend_from_slice(&letters[i..]);
}

/// The column's letters, as a string.
fn column_name(col: usize) -> String {
    let mut buf = Vec::new();
    push_column(&mut buf, col);
    String::from_utf8(buf).expect("column letters are ASCII")
}

/// Appends `<t>text</t>`, escaped, with `xml:space="preserve"` when the text starts or ends
/// with white space (which XML readers may otherwise drop).
fn push_t(buf: &mut Vec<u8>, bytes: &[u8]) {
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    if bytes.first().is_some_and(space) || bytes.last().is_some_and(space) {
        buf.extend_from_slice(b"<t xml:space=\"preserve\">");
    } else {
        buf.extend_from_slice(b"<t>");
    }
    push_escaped(buf, bytes);
    buf.extend_from_slice(b"</t>");
}

/// Bytes [`push_escaped`] must look at: `& < > _`, controls, and 0xEF (U+FFFE and U+FFFF
/// start with it).
const ATTENTION: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\t' as usize && b != b'\n' as usize;
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'_' as usize] = true;
    table[0xEF] = true;
    table
};

/// Appends `text` as XML character data that Excel reads back as `text`: `& < >` as
/// entities; controls other than tab and line feed, U+FFFE and U+FFFF (which XML cannot hold)
/// as `_xHHHH_`; and the underscore of a `_xHHHH_` already in the text as `_x005F_`, the
/// escape Excel itself writes for it.
fn push_escaped(buf: &mut Vec<u8>, bytes: &[u8]) {
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !ATTENTION[b as usize] {
            i += 1;
            continue;
        }
        let (escape, len): (&[u8], usize) = match b {
            b'&' => (b"&amp;", 1),
            b'<' => (b"&lt;", 1),
            b'>' => (b"&gt;", 1),
            b'_' if looks_escaped(&bytes[i..]) => (b"_x005F_", 1),
            0xEF if bytes[i + 1..].starts_with(&[0xBF, 0xBE]) => (b"_xFFFE_", 3),
            0xEF if bytes[i + 1..].starts_with(&[0xBF, 0xBF]) => (b"_xFFFF_", 3),
            0..=0x1F => {
                buf.extend_from_slice(&bytes[from..i]);
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                buf.extend_from_slice(b"_x00");
                buf.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)], b'_']);
                i += 1;
                from = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        buf.extend_from_slice(&bytes[from..i]);
        buf.extend_from_slice(escape);
        i += len;
        from = i;
    }
    buf.extend_from_slice(&bytes[from..]);
}

/// Whether `bytes` starts with `_xHHHH_` (four hex digits, either case).
fn looks_escaped(bytes: &[u8]) -> bool {
    bytes.len() >= 7
        && bytes[1] == b'x'
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

/// `text` cut to Excel's limit of UTF-16 units in a cell, at a character boundary.
fn within_cell_limit(text: &str) -> Option<&str> {
    // Up to MAX_CELL_UNITS / 2 characters always fit (a character is at most two units).
    if text.len() <= MAX_CELL_UNITS {
        return None;
    }
    let mut units = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_UNITS {
            return Some(&text[..at]);
        }
    }
    None
}

/// A column width in characters as Excel stores it: with its 5 pixels of padding, in 256ths
/// of the width of a digit of the default font (7 pixels).
fn stored_width(chars: f64) -> f64 {
    ((chars * 7.0 + 5.0) / 7.0 * 256.0).trunc() / 256.0
}

/// The sheet's XML up to its first data row: frozen header, widths, the header row.
fn sheet_start(xml: &mut Vec<u8>, columns: &[Column], selected: bool) {
    let mut head = String::with_capacity(1024);
    head.push_str(XML_DECL);
    head.push_str(&format!(
        "<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheetViews><sheetView{} \
         workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" \
         state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>\
         </sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>",
        if selected { " tabSelected=\"1\"" } else { "" }
    ));
    if !columns.is_empty() {
        head.push_str("<cols>");
        for (i, column) in columns.iter().enumerate() {
            // A number column's style also applies to cells a user types into it.
            let style = match column.kind {
                Kind::Decimal(d) => format!(" style=\"{}\"", decimal_style(d)),
                Kind::Text | Kind::Int => String::new(),
            };
            head.push_str(&format!(
                "<col min=\"{n}\" max=\"{n}\" width=\"{}\"{style} customWidth=\"1\"/>",
                stored_width(column.width),
                n = i + 1
            ));
        }
        head.push_str("</cols>");
    }
    head.push_str("<sheetData><row r=\"1\">");
    xml.extend_from_slice(head.as_bytes());
    for (i, column) in columns.iter().enumerate() {
        xml.extend_from_slice(b"<c r=\"");
        push_column(xml, i);
        xml.extend_from_slice(format!("1\" s=\"{STYLE_HEADER}\" t=\"inlineStr\"><is>").as_bytes());
        push_t(xml, column.name.as_bytes());
        xml.extend_from_slice(b"</is></c>");
    }
    xml.extend_from_slice(b"</row>");
}

/// The sheet's XML after its last row: the autofilter over its `rows` rows.
fn sheet_end(xml: &mut Vec<u8>, columns: usize, rows: u32) {
    xml.extend_from_slice(b"</sheetData>");
    if columns > 0 {
        xml.extend_from_slice(
            format!(
                "<autoFilter ref=\"A1:{}{rows}\"/>",
                column_name(columns - 1)
            )
            .as_bytes(),
        );
    }
    xml.extend_from_slice(
        b"<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" \
          footer=\"0.3\"/></worksheet>",
    );
}

fn content_types(out: &mut String, parts: &[&Part]) {
    const SML: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    out.push_str(XML_DECL);
    out.push_str(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" \
         ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    );
    out.push_str(&format!(
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"{SML}.sheet.main+xml\"/>"
    ));
    for number in 1..=parts.len() {
        out.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{number}.xml\" \
             ContentType=\"{SML}.worksheet+xml\"/>"
        ));
    }
    out.push_str(&format!(
        "<Override PartName=\"/xl/styles.xml\" ContentType=\"{SML}.styles+xml\"/>\
         <Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"{SML}.sharedStrings+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" \
         ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" \
         ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
         </Types>"
    ));
}

fn package_rels(out: &mut String, _: &[&Part]) {
    out.push_str(XML_DECL);
    out.push_str(&format!(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{REL_NS}/officeDocument\" Target=\"xl/workbook.xml\"/>\
         <Relationship Id=\"rId2\" \
         Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" \
         Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{REL_NS}/extended-properties\" \
         Target=\"docProps/app.xml\"/></Relationships>"
    ));
}

fn app_properties(out: &mut String, _: &[&Part]) {
    out.push_str(XML_DECL);
    out.push_str(
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/\
         extended-properties\"><Application>reviewlens</Application></Properties>",
    );
}

/// A fixed creation date, so that the same rows give the same bytes.
fn core_properties(out: &mut String, _: &[&Part]) {
    out.push_str(XML_DECL);
    out.push_str(
        "<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:creator>reviewlens</dc:creator>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:modified>\
         </cp:coreProperties>",
    );
}

fn workbook_xml(out: &mut String, parts: &[&Part]) {
    out.push_str(XML_DECL);
    out.push_str(&format!(
        "<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><bookViews><workbookView/>\
         </bookViews><sheets>"
    ));
    for (i, part) in parts.iter().enumerate() {
        out.push_str(&format!(
            "<sheet name=\"{}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>",
            part.name,
            n = i + 1
        ));
    }
    out.push_str("</sheets>");
    let filtered: Vec<(usize, &&Part)> = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.columns > 0)
        .collect();
    if !filtered.is_empty() {
        out.push_str("<definedNames>");
        for (i, part) in filtered {
            out.push_str(&format!(
                "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">\
                 '{}'!$A$1:${}${}</definedName>",
                part.name,
                column_name(part.columns - 1),
                part.rows
            ));
        }
        out.push_str("</definedNames>");
    }
    out.push_str("</workbook>");
}

fn workbook_rels(out: &mut String, parts: &[&Part]) {
    out.push_str(XML_DECL);
    out.push_str(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for number in 1..=parts.len() {
        out.push_str(&format!(
            "<Relationship Id=\"rId{number}\" Type=\"{REL_NS}/worksheet\" \
             Target=\"worksheets/sheet{number}.xml\"/>"
        ));
    }
    let n = parts.len();
    out.push_str(&format!(
        "<Relationship Id=\"rId{}\" Type=\"{REL_NS}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rId{}\" Type=\"{REL_NS}/sharedStrings\" \
         Target=\"sharedStrings.xml\"/></Relationships>",
        n + 1,
        n + 2
    ));
}

/// Styles: 0 the default, [`STYLE_HEADER`] bold, then numbers with 0 to 6 decimals.
fn styles_xml(out: &mut String, _: &[&Part]) {
    out.push_str(XML_DECL);
    out.push_str(&format!(
        "<styleSheet xmlns=\"{MAIN_NS}\"><numFmts count=\"7\">"
    ));
    for d in 0..=6 {
        let code = if d == 0 {
            "0".to_string()
        } else {
            format!("0.{}", "0".repeat(d))
        };
        out.push_str(&format!(
            "<numFmt numFmtId=\"{}\" formatCode=\"{code}\"/>",
            164 + d
        ));
    }
    out.push_str(
        "</numFmts><fonts count=\"2\">\
         <font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
         <font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>\
         <fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>\
         <fill><patternFill patternType=\"gray125\"/></fill></fills>\
         <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border>\
         </borders><cellStyleXfs count=\"1\">\
         <xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
         <cellXfs count=\"9\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
         <xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
    );
    for d in 0..=6 {
        out.push_str(&format!(
            "<xf numFmtId=\"{}\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" \
             applyNumberFormat=\"1\"/>",
            164 + d
        ));
    }
    out.push_str(
        "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/>\
         </cellStyles><dxfs count=\"0\"/><tableStyles count=\"0\"/></styleSheet>",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut buf = Vec::new();
        push_escaped(&mut buf, text.as_bytes());
        String::from_utf8(buf).unwrap()
    }

    /// What Excel reads from escaped text: entities and `_xHHHH_` undone (the reference).
    fn excel_reads(xml: &str) -> String {
        let xml = xml
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let mut out = String::new();
        let mut rest = xml.as_str();
        while let Some(at) = rest.find("_x") {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            if looks_escaped(tail.as_bytes()) {
                let code = u32::from_str_radix(&tail[2..6], 16).unwrap();
                out.push(char::from_u32(code).unwrap());
                rest = &tail[7..];
            } else {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn text_is_escaped_as_excel_expects() {
        assert_eq!(escaped("Tom & Jerry <3"), "Tom &amp; Jerry &lt;3");
        assert_eq!(escaped("a\tb\nc"), "a\tb\nc");
        assert_eq!(escaped("a\rb\u{1}"), "a_x000D_b_x0001_");
        assert_eq!(escaped("_x0041_ and _xZZ_"), "_x005F_x0041_ and _xZZ_");
        assert_eq!(escaped("\u{FFFE}é\u{FFFF}"), "_xFFFE_é_xFFFF_");
        assert_eq!(escaped("Björk’s “Jóga”"), "Björk’s “Jóga”");
    }

    proptest::proptest! {
        #[test]
        fn escaped_text_is_valid_xml_and_reads_back(text in "(\\PC|[\\x00-\\x1f]|_x[0-9a-fA-F]{4}_|[\u{FFFE}\u{FFFF}&<>])*") {
            let xml = escaped(&text);
            for c in xml.chars() {
                let allowed = matches!(c, '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
                proptest::prop_assert!(allowed, "{c:?} in {xml:?}");
            }
            proptest::prop_assert!(!xml.contains('<') && !xml.contains('>'));
            proptest::prop_assert_eq!(excel_reads(&xml), text);
        }
    }

    proptest::proptest! {
        /// The table against a reference: a map from each text to its first place.
        #[test]
        fn shared_strings_number_texts_as_a_map_would(texts in proptest::collection::vec("[ab]{0,3}|[a-z ]{0,32}", 0..300)) {
            let mut shared = SharedStrings::default();
            let mut reference: std::collections::HashMap<&str, u32> = Default::default();
            for text in &texts {
                let next = reference.len() as u32;
                let want = match reference.get(text.as_str()) {
                    Some(&n) => (n, true),
                    None => {
                        reference.insert(text, next);
                        (next, false)
                    }
                };
                proptest::prop_assert_eq!(shared.number(text.as_bytes()), Some(want));
                proptest::prop_assert_eq!(shared.text(want.0 as usize), text.as_bytes());
            }
            proptest::prop_assert_eq!(shared.uses, texts.len() as u64);
        }
    }

    #[test]
    fn column_letters() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(
            names,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
        );
    }

    #[test]
    fn widths_are_stored_as_excel_stores_them() {
        assert_eq!(stored_width(18.0), 18.7109375);
        assert_eq!(stored_width(8.43), 9.140625);
    }

    #[test]
    fn shared_strings_are_numbered_by_first_use_and_bounded() {
        let mut shared = SharedStrings::default();
        assert_eq!(shared.number(b"positive"), Some((0, false)));
        assert_eq!(shared.number(b"actor"), Some((1, false)));
        assert_eq!(shared.number(b"positive"), Some((0, true)));
        for i in 2..SHARED_MAX {
            assert_eq!(
                shared.number(i.to_string().as_bytes()),
                Some((i as u32, false))
            );
        }
        assert_eq!(shared.number(b"one too many"), None);
        assert_eq!(shared.number(b"actor"), Some((1, true)));
        assert_eq!(shared.uses, SHARED_MAX as u64 + 2);
        let mut xml = Vec::new();
        shared.write_xml(&mut xml).unwrap();
        let xml = String::from_utf8(xml).unwrap();
        assert!(xml.contains(&format!(
            "count=\"{}\" uniqueCount=\"{SHARED_MAX}\"",
            SHARED_MAX + 2
        )));
        assert!(xml.contains("<si><t>positive</t></si><si><t>actor</t></si><si><t>2</t></si>"));
    }

    #[test]
    fn cells_of_every_kind() {
        let mut xml = Vec::new();
        let mut shared = SharedStrings::default();
        let mut cut = 0;
        let mut recent: Vec<ColumnShare> = (0..3).map(|_| ColumnShare::default()).collect();
        let mut row = SheetRow::start(&mut xml, 12, &mut recent, &mut shared, &mut cut);
        row.id("00123");
        row.empty();
        row.int(42);
        row.fixed(-0.00004, 4);
        row.text(" a long text, longer than thirty-two bytes ");
        row.word("positive");
        row.text("");
        row.end();
        assert_eq!(
            String::from_utf8(xml).unwrap(),
            "<row r=\"12\"><c t=\"s\"><v>0</v></c><c r=\"C12\"><v>42</v></c>\
             <c s=\"6\"><v>0.0000</v></c><c t=\"inlineStr\"><is>\
             <t xml:space=\"preserve\"> a long text, longer than thirty-two bytes </t></is></c>\
             <c t=\"s\"><v>1</v></c></row>"
        );
        assert_eq!(cut, 0);
    }

    #[test]
    fn long_texts_are_cut_to_excels_limit_at_a_character_boundary() {
        assert_eq!(within_cell_limit(&"a".repeat(MAX_CELL_UNITS)), None);
        let over = "a".repeat(MAX_CELL_UNITS + 1);
        assert_eq!(within_cell_limit(&over).map(str::len), Some(MAX_CELL_UNITS));
        // Two units a character: 16,383 characters fit.
        let emoji = "😀".repeat(20_000);
        let cut = within_cell_limit(&emoji).unwrap();
        assert_eq!(cut.chars().count(), MAX_CELL_UNITS / 2);
        // Three bytes, one unit: longer in bytes than the limit, yet within it.
        let kana = "あ".repeat(20_000);
        assert_eq!(within_cell_limit(&kana), None);
    }

    #[test]
    fn kinds_are_every_kind_a_column_may_have() {
        // The cell writers cover each kind; a new kind must be added to them.
        for report in Report::ALL {
            for column in report.columns(&[]) {
                match column.kind {
                    Kind::Text | Kind::Int => {}
                    Kind::Decimal(n) => assert!(n <= 6, "{}", column.name),
                }
            }
        }
    }
}
