"""The report as a download: CSV (UTF-8 with a BOM) and an Excel workbook, the page's very tables.

Every text cell passes through the exports' formula neutraliser (a project or audience name
could start with "="); counts are suppressed already (reports.cells), so "<5" travels as text.
"""
from __future__ import annotations

import csv
import io
from typing import BinaryIO

from ..exports.cells import neutralise
from .tables import Table

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_cell(value: int | str) -> int | str:
    return neutralise(value) if isinstance(value, str) else value


def write_csv(heading: list[tuple[str, str]], tables: list[Table], out: BinaryIO) -> None:
    """The heading lines (what, which project, which period), then each table under its title.

    `utf-8-sig` puts the BOM first, so Excel reads Polish and Ukrainian letters; rows end in CRLF.
    """
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")  # type: ignore[type-var]
    try:
        writer = csv.writer(text)
        for label, value in heading:
            writer.writerow([neutralise(label), neutralise(value)])
        for table in tables:
            writer.writerow([])
            writer.writerow([neutralise(table.title)])
            writer.writerow([neutralise(h) for h in table.header])
            for row in table.rows:
                writer.writerow([_csv_cell(c) for c in row])
        text.flush()
    finally:
        text.detach()


def write_xlsx(heading: list[tuple[str, str]], tables: list[Table], out: BinaryIO, title: str) -> None:
    """One sheet per table; the first (the summary) starts with the heading lines."""
    import xlsxwriter  # heavy: only when a workbook is made

    from ..exports.xlsx_file import sheet_name, workbook_options, write_cells

    workbook = xlsxwriter.Workbook(out, workbook_options())
    try:
        workbook.set_properties({"title": title, "comments": "zapisy"})
        bold = workbook.add_format({"bold": True})
        used: set[str] = set()
        for index, table in enumerate(tables):
            name = sheet_name(table.title)
            while name.casefold() in used:  # Excel refuses two sheets of one name
                name = sheet_name(f"{name[:28]} {index}")
            used.add(name.casefold())
            sheet = workbook.add_worksheet(name)
            sheet.set_column(0, 0, 44)
            sheet.set_column(1, len(table.header), 16)
            row = 0
            if index == 0:
                for label, value in heading:
                    write_cells(sheet, row, [label, value])
                    row += 1
                row += 1
            write_cells(sheet, row, table.header, bold)
            for cells in table.rows:
                row += 1
                write_cells(sheet, row, cells)
    finally:
        workbook.close()
