"""The attendee list as CSV: UTF-8 with a byte order mark, so Excel reads Polish and Ukrainian."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import BinaryIO

from ..records import Registration
from .columns import AttendeeColumns


def write_csv(columns: AttendeeColumns, registrations: Iterable[Registration], out: BinaryIO,
              delimiter: str = ",") -> int:
    """Write the header and one row per registration as they arrive; return the number of rows.

    `utf-8-sig` puts the BOM first: without it Excel guesses a Windows code page and shows
    "Ĺ‚" for "ł". Rows end in CRLF (RFC 4180, what Excel writes itself).
    """
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")  # type: ignore[type-var]
    try:
        writer = csv.writer(text, delimiter=delimiter)
        writer.writerow(columns.header)
        rows = 0
        for registration in registrations:
            writer.writerow(columns.row(registration))
            rows += 1
        text.flush()
    finally:
        text.detach()  # leave `out` open for the caller
    return rows
