"""The attendee list as an Excel workbook, written row by row with XlsxWriter."""
from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import BinaryIO

from ..records import Registration
from .cells import neutralise
from .columns import AttendeeColumns

_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
_WIDTHS = (30, 32, 14, 9, 17, 30, 17)  # name … checked in; every question column gets 24


def sheet_name(text: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of []:*?/\\, not blank."""
    return text.translate(_SHEET_NAME_FORBIDDEN).strip("' ")[:31] or "Sheet1"


def workbook_options() -> dict:
    """Constant memory (each finished row goes to a temporary file) and no automatic conversions."""
    return {"constant_memory": True, "tmpdir": tempfile.gettempdir(),
            "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def write_cells(worksheet, row: int, cells: Iterable[int | float | str | None], cell_format=None) -> None:
    """One row of any workbook: numbers as numbers, text neutralised and written as text, never a formula."""
    for col, value in enumerate(cells):
        if isinstance(value, bool) or value is None or value == "":
            continue
        if isinstance(value, int | float):
            worksheet.write_number(row, col, value, cell_format)
        else:
            worksheet.write_string(row, col, neutralise(str(value)), cell_format)


def write_xlsx(columns: AttendeeColumns, registrations: Iterable[Registration], out: BinaryIO,
               title: str, sheet: str) -> int:
    """Write the workbook into `out`; return the number of attendee rows.

    `constant_memory` flushes each finished row to a temporary file, so memory stays flat however
    long the list. Every cell is written with `write_string`, never `write`, and the automatic
    conversions are off: a name like `=HYPERLINK(...)` stays text (and is neutralised already).
    """
    import xlsxwriter  # heavy: only when a workbook is made

    workbook = xlsxwriter.Workbook(out, workbook_options())
    try:
        workbook.set_properties({"title": title, "comments": "zapisy"})
        worksheet = workbook.add_worksheet(sheet_name(sheet))
        for index in range(len(columns.header)):
            worksheet.set_column(index, index, _WIDTHS[index] if index < len(_WIDTHS) else 24)
        worksheet.freeze_panes(1, 0)
        bold = workbook.add_format({"bold": True})
        for col, text in enumerate(columns.header):
            worksheet.write_string(0, col, text, bold)
        rows = 0
        for registration in registrations:
            rows += 1
            for col, text in enumerate(columns.row(registration)):
                if text:
                    worksheet.write_string(rows, col, text)
        worksheet.autofilter(0, 0, max(rows, 1), len(columns.header) - 1)
    finally:
        workbook.close()
    return rows
