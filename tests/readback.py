"""Reads a run's reports back with real readers: openpyxl for reports.xlsx (and calamine, the
Rust reader behind pandas' and polars' fast Excel engines, which must see the same cells),
pyarrow and pandas for the Parquet files, pandas for the CSV files, and checks that the three
formats hold the same rows with the right types.

Usage: python3 tests/readback.py OUT_DIR SHEET_ROWS [EXPECT...]
  OUT_DIR     a folder written by `reviewlens analyze --format csv,xlsx,parquet`
  SHEET_ROWS  the rows a sheet holds, its header included (--xlsx-sheet-rows)
  EXPECT      report:column:value triples that must be found, as text, in every format
              (for example reviews:review_id:00123)

Run by tests/readback.rs; exits non-zero, naming what differs, on the first failure.
"""

import math
import re
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import python_calamine
import pyarrow as pa
import pyarrow.parquet as pq

REPORTS = ["reviews", "mentions", "entities", "errors", "sentences"]
# What pyarrow reads each kind of column as.
ARROW_TEXT, ARROW_INT, ARROW_FLOAT = pa.string(), pa.int64(), pa.float64()
# Cells the CSV defuses with a leading ' (never the other formats).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def fail(message):
    print(f"readback: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def undefused(value):
    """The text a defused CSV cell stands for."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def openpyxl_value(value):
    """A cell as openpyxl reads it, with the `_xHHHH_` escapes of control characters decoded:
    openpyxl leaves them as written, where Excel, LibreOffice and calamine give the character
    back. (It does decode the `_x005F_` that guards a literal `_xHHHH_`.)"""
    if not isinstance(value, str):
        return value
    control = lambda m: chr(int(m[1], 16)) if int(m[1], 16) < 0x20 else m[0]
    return re.sub(r"_x([0-9A-Fa-f]{4})_", control, value)


def same(a, b):
    """Cells equal, NaN and None both meaning empty."""
    empty = lambda v: v is None or (isinstance(v, float) and math.isnan(v))
    if empty(a) or empty(b):
        return empty(a) and empty(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


def main():
    out, sheet_rows = Path(sys.argv[1]), int(sys.argv[2])
    expect = [arg.split(":", 2) for arg in sys.argv[3:]]
    book = openpyxl.load_workbook(out / "reports.xlsx")
    calamine = python_calamine.CalamineWorkbook.from_path(str(out / "reports.xlsx"))
    check(calamine.sheet_names == book.sheetnames,
          f"calamine sheets {calamine.sheet_names} != {book.sheetnames}")
    present = [r for r in REPORTS if (out / f"{r}.csv").exists()]

    # Sheets: each report's first sheet, then its numbered continuations, in report order.
    expected_names = []
    for report in present:
        csv_rows = len(pd.read_csv(out / f"{report}.csv", dtype=str))
        parts = max(1, math.ceil(csv_rows / (sheet_rows - 1)))
        expected_names += [report] + [f"{report} ({i})" for i in range(2, parts + 1)]
    check(book.sheetnames == expected_names, f"sheets {book.sheetnames} != {expected_names}")

    split = 0
    for report in present:
        table = pq.read_table(out / f"{report}.parquet")
        columns = table.schema.names
        kinds = {f.name: f.type for f in table.schema}
        text_columns = [c for c in columns if kinds[c] == ARROW_TEXT]
        for name, kind in kinds.items():
            check(kind in (ARROW_TEXT, ARROW_INT, ARROW_FLOAT), f"{report}.{name}: {kind}")

        # CSV: text columns as text, an empty field as missing; defused cells undone.
        csv = pd.read_csv(
            out / f"{report}.csv",
            dtype={c: str for c in text_columns},
            keep_default_na=False,
            na_values=[""],
        )
        check(list(csv.columns) == columns, f"{report}: CSV {list(csv.columns)} != {columns}")
        for c in text_columns:
            csv[c] = csv[c].map(undefused)
        parquet = table.to_pandas()
        check(len(csv) == len(parquet), f"{report}: {len(csv)} CSV rows, {len(parquet)} Parquet")
        for c in columns:
            if kinds[c] == ARROW_INT:
                check(str(parquet[c].dtype) == "int64", f"{report}.{c}: {parquet[c].dtype}")
                if len(csv):
                    check(str(csv[c].dtype) == "int64", f"{report}.{c} CSV: {csv[c].dtype}")
            if kinds[c] == ARROW_FLOAT:
                check(str(parquet[c].dtype) == "float64", f"{report}.{c}: {parquet[c].dtype}")
        csv_rows = [list(r) for r in csv.itertuples(index=False)]
        parquet_rows = [list(r) for r in parquet.itertuples(index=False)]
        for i, (a, b) in enumerate(zip(csv_rows, parquet_rows)):
            check(all(map(same, a, b)), f"{report} row {i + 1}: CSV {a} != Parquet {b}")

        # xlsx: the report's sheets, header first on each, typed cells, the same rows.
        sheets = [book[n] for n in book.sheetnames if n == report or n.startswith(f"{report} (")]
        split += len(sheets) - 1
        xlsx_rows = []
        for sheet in sheets:
            rows = list(sheet.iter_rows())
            check(len(rows) <= sheet_rows, f"{sheet.title}: {len(rows)} rows > {sheet_rows}")
            check([c.value for c in rows[0]] == columns, f"{sheet.title}: header {rows[0]}")
            check(all(c.font.b for c in rows[0]), f"{sheet.title}: header not bold")
            check(sheet.freeze_panes == "A2", f"{sheet.title}: frozen at {sheet.freeze_panes}")
            last = openpyxl.utils.get_column_letter(len(columns))
            want_filter = f"A1:{last}{max(len(rows), 1)}"
            check(sheet.auto_filter.ref == want_filter,
                  f"{sheet.title}: autofilter {sheet.auto_filter.ref} != {want_filter}")
            for row in rows[1:]:
                values = []
                for column, cell in zip(columns, row):
                    if cell.value is not None:
                        want = "s" if kinds[column] == ARROW_TEXT else "n"
                        check(cell.data_type == want,
                              f"{sheet.title}!{cell.coordinate} ({column}): type "
                              f"{cell.data_type}, value {cell.value!r}")
                    values.append(openpyxl_value(cell.value))
                values += [None] * (len(columns) - len(values))
                xlsx_rows.append(values)
        check(len(xlsx_rows) == len(csv_rows),
              f"{report}: {len(xlsx_rows)} xlsx rows, {len(csv_rows)} CSV")
        # calamine: the same sheets, the same cells (it reads a blank cell as "").
        calamine_rows = []
        for sheet in sheets:
            rows = calamine.get_sheet_by_name(sheet.title).to_python()
            check(rows[0] == columns, f"calamine {sheet.title}: header {rows[0]}")
            calamine_rows += [[None if v == "" else v for v in r] for r in rows[1:]]
        check(len(calamine_rows) == len(xlsx_rows),
              f"{report}: {len(calamine_rows)} calamine rows, {len(xlsx_rows)} openpyxl")
        for i, (a, b) in enumerate(zip(xlsx_rows, calamine_rows)):
            b += [None] * (len(a) - len(b))
            check(all(map(same, a, b)), f"{report} row {i + 1}: openpyxl {a} != calamine {b}")
        for i, (a, b) in enumerate(zip(csv_rows, xlsx_rows)):
            check(all(map(same, a, b)), f"{report} row {i + 1}: CSV {a} != xlsx {b}")

        for want_report, column, value in expect:
            if want_report != report:
                continue
            for name, rows in [("CSV", csv_rows), ("Parquet", parquet_rows), ("xlsx", xlsx_rows)]:
                found = [r[columns.index(column)] for r in rows]
                check(value in found, f"{report}.{column}: {value!r} not in {name} {found[:10]}")

    print(f"readback: {len(present)} reports, {len(book.sheetnames)} sheets "
          f"({split} continued), the same rows in CSV, xlsx and Parquet")


if __name__ == "__main__":
    main()
