//! The xlsx workbook: one sheet per report, written with `rust_xlsxwriter`.
//!
//! Invariants:
//! - cells are typed: ids, names and every other text are strings (`00123` stays `00123`, no
//!   cell is ever a formula, so nothing needs defusing), counts and offsets are numbers, scores
//!   are numbers holding the value their CSV text has ([`super::rows::rounded`]) shown with the
//!   CSV's decimals; an empty value is a blank cell;
//! - every sheet has a bold header row, frozen, with an autofilter over its rows, and fixed
//!   column widths from the report's columns;
//! - a sheet holds at most [`ReportOptions::sheet_rows`] rows, its header included (Excel's
//!   limit, 1,048,576, by default); a report with more rows continues on sheets named
//!   `mentions (2)`, `mentions (3)`... placed right after its first sheet;
//! - a text over Excel's 32,767 UTF-16 units a cell is cut at a character boundary under
//!   the limit (the CSV and Parquet files keep it whole) and counted;
//! - the workbook is byte-identical for the same rows: its creation time is a fixed date and
//!   the zip entries carry no time;
//! - sheets are written row by row through temporary files in the staging folder
//!   (`rust_xlsxwriter`'s constant-memory mode), so memory does not grow with the rows.

use super::record;
use super::rows::{self, Cells, Column, Kind, Report};
use super::ReportOptions;
use crate::aggregate::EntityTable;
use crate::error::{Error, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

/// The workbook's file name.
pub const WORKBOOK: &str = "reports.xlsx";

/// Excel's most rows in a sheet, the header row included.
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// Excel's most UTF-16 code units in a cell.
const MAX_CELL_UNITS: usize = 32_767;

/// One report's sheets.
struct Sheets {
    report: Report,
    columns: Vec<Column>,
    /// Indices of its sheets in the workbook, in order.
    indices: Vec<usize>,
    /// The next row of the last sheet (0 is the header).
    row: u32,
}

/// The formats of header and number cells.
struct Formats {
    header: Format,
    /// By number of decimals.
    decimals: [Format; 7],
}

/// The workbook of a run, written into the staging folder.
pub(crate) struct XlsxWorkbook {
    workbook: Workbook,
    path: PathBuf,
    formats: Formats,
    /// Rows a sheet holds, its header included.
    sheet_rows: u32,
    /// Each report's sheets, in [`Report::ALL`]'s order (none for a report not written).
    sheets: [Sheets; 5],
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

fn xlsx_error(path: &Path, error: XlsxError) -> Error {
    let source = match error {
        XlsxError::IoError(io) => io,
        other => std::io::Error::other(other.to_string()),
    };
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

impl XlsxWorkbook {
    /// Opens a workbook to be written at `dir/reports.xlsx`, its sheets' temporary files in
    /// `dir`.
    pub(crate) fn create(dir: &Path, options: &ReportOptions) -> Result<XlsxWorkbook> {
        let path = dir.join(WORKBOOK);
        let error = |e| xlsx_error(&path, e);
        let mut workbook = Workbook::new();
        workbook.set_tempdir(dir).map_err(error)?;
        // A fixed creation time, so that the same rows give the same bytes.
        let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(error)?;
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
        workbook.set_zip_compression_level(1);
        let decimal = |n: usize| {
            let pattern = if n == 0 {
                "0".to_string()
            } else {
                format!("0.{}", "0".repeat(n))
            };
            Format::new().set_num_format(pattern)
        };
        let formats = Formats {
            header: Format::new().set_bold(),
            decimals: std::array::from_fn(decimal),
        };
        let sheet_rows = options.sheet_rows.clamp(2, EXCEL_MAX_ROWS);
        let mut book = XlsxWorkbook {
            workbook,
            path,
            formats,
            sheet_rows,
            sheets: Report::ALL.map(|report| Sheets::new(report, &options.keep)),
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

    fn sheets(&mut self, report: Report) -> &mut Sheets {
        &mut self.sheets[report as usize]
    }

    /// Adds the next sheet of `report`, with its header row.
    fn add_sheet(&mut self, report: Report) -> Result<()> {
        let path = self.path.clone();
        let error = |e| xlsx_error(&path, e);
        let index = self.workbook.worksheets_mut().len();
        let sheets = self.sheets(report);
        let part = sheets.indices.len() + 1;
        sheets.indices.push(index);
        sheets.row = 1;
        let columns = sheets.columns.clone();
        let name = if part == 1 {
            report.stem().to_string()
        } else {
            format!("{} ({part})", report.stem())
        };
        let header = &self.formats.header;
        let sheet = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(error)?;
        sheet.set_name(name).map_err(error)?;
        for (col, column) in columns.iter().enumerate() {
            let col = col as u16;
            sheet.set_column_width(col, column.width).map_err(error)?;
            // A column's format applies to its cells written without one: cheaper than a
            // format per cell, which the writer looks up by hashing it.
            if let Kind::Decimal(decimals) = column.kind {
                let format = &self.formats.decimals[decimals.min(6)];
                sheet.set_column_format(col, format).map_err(error)?;
            }
            sheet
                .write_string_with_format(0, col, &column.name, header)
                .map_err(error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(error)?;
        Ok(())
    }

    /// The sheet and row the next row of `report` goes to, starting a new sheet when the last
    /// one is full.
    fn next_row(&mut self, report: Report) -> Result<(usize, u32)> {
        if self.sheets(report).row >= self.sheet_rows {
            self.add_sheet(report)?;
        }
        let sheets = self.sheets(report);
        let row = sheets.row;
        sheets.row += 1;
        Ok((*sheets.indices.last().unwrap_or(&0), row))
    }

    /// Writes one row of `report` with `write`.
    fn row<C>(&mut self, report: Report, write: C) -> Result<()>
    where
        C: FnOnce(&mut SheetRow<'_>),
    {
        let (index, row) = self.next_row(report)?;
        let sheet = &mut self.workbook.worksheets_mut()[index];
        let mut cells = SheetRow {
            sheet,
            row,
            col: 0,
            error: None,
            cut: &mut self.cut,
        };
        write(&mut cells);
        match cells.error {
            Some(error) => Err(xlsx_error(&self.path, error)),
            None => Ok(()),
        }
    }

    /// Writes the rows recorded in `buf` ([`super::record`]).
    pub(crate) fn replay(&mut self, buf: &[u8]) -> Result<()> {
        for (report, cells) in record::rows(buf) {
            self.row(report, |c| record::replay(cells, c))?;
        }
        Ok(())
    }

    /// Writes the entities sheet, saves the workbook and syncs it to disk.
    pub(crate) fn finish(mut self, entities: &EntityTable) -> Result<WorkbookNotes> {
        self.add_sheet(Report::Entities)?;
        for (kind, name, stats) in entities.iter() {
            self.row(Report::Entities, |c| rows::entity(c, kind, name, stats))?;
        }
        let notes = WorkbookNotes {
            split: self
                .sheets
                .iter()
                .filter(|s| s.indices.len() > 1)
                .map(|s| (s.report, s.indices.len()))
                .collect(),
            cut: self.cut,
        };
        // Autofilters over each sheet's rows, then the sheets in report order.
        let mut order = Vec::new();
        for sheets in &self.sheets {
            let last_col = sheets.columns.len().saturating_sub(1) as u16;
            for (part, &index) in sheets.indices.iter().enumerate() {
                let last_row = if part + 1 == sheets.indices.len() {
                    sheets.row - 1
                } else {
                    self.sheet_rows - 1
                };
                let sheet = &mut self.workbook.worksheets_mut()[index];
                sheet
                    .autofilter(0, 0, last_row, last_col)
                    .map_err(|e| xlsx_error(&self.path, e))?;
                order.push(index);
            }
        }
        let mut sheets: Vec<Option<Worksheet>> = std::mem::take(self.workbook.worksheets_mut())
            .into_iter()
            .map(Some)
            .collect();
        let ordered: Vec<Worksheet> = order
            .into_iter()
            .filter_map(|index| sheets.get_mut(index).and_then(Option::take))
            .collect();
        *self.workbook.worksheets_mut() = ordered;
        let file = std::fs::File::create_new(&self.path).map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })?;
        let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
        self.workbook
            .save_to_writer(&mut writer)
            .map_err(|e| xlsx_error(&self.path, e))?;
        let file = writer.into_inner().map_err(|e| Error::Write {
            path: self.path.clone(),
            source: e.into_error(),
        })?;
        file.sync_all().map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })?;
        Ok(notes)
    }
}

impl Sheets {
    fn new(report: Report, keep: &[String]) -> Sheets {
        Sheets {
            report,
            columns: report.columns(keep),
            indices: Vec::new(),
            row: 0,
        }
    }
}

/// One row of a sheet being written.
struct SheetRow<'a> {
    sheet: &'a mut Worksheet,
    row: u32,
    col: u16,
    /// The first error writing the row met.
    error: Option<XlsxError>,
    cut: &'a mut u64,
}

impl SheetRow<'_> {
    /// Writes the current cell with `write`, keeping its first error, and moves to the next.
    fn write<F>(&mut self, write: F)
    where
        F: FnOnce(&mut Worksheet, u32, u16) -> std::result::Result<&mut Worksheet, XlsxError>,
    {
        if let Err(error) = write(self.sheet, self.row, self.col) {
            self.error.get_or_insert(error);
        }
        self.col += 1;
    }
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

impl Cells for SheetRow<'_> {
    type Id = str;

    fn id(&mut self, id: &str) {
        self.text(id);
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            self.col += 1;
            return;
        }
        let text = match within_cell_limit(text) {
            Some(cut) => {
                *self.cut += 1;
                cut
            }
            None => text,
        };
        self.write(|sheet, row, col| sheet.write_string(row, col, text));
    }

    fn text_bytes(&mut self, text: &[u8]) {
        self.text(&String::from_utf8_lossy(text));
    }

    fn word(&mut self, word: &'static str) {
        self.text(word);
    }

    fn int(&mut self, n: u64) {
        self.write(|sheet, row, col| sheet.write_number(row, col, n as f64));
    }

    /// The column's format shows the decimals ([`XlsxWorkbook::add_sheet`]).
    fn fixed(&mut self, x: f64, decimals: usize) {
        let value = rows::rounded(x, decimals);
        self.write(|sheet, row, col| sheet.write_number(row, col, value));
    }

    fn empty(&mut self) {
        self.col += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
