"""Funder reports per project and period: the figures, and the same tables as CSV or XLSX."""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from ...auth import Organizer


def today() -> date:
    return datetime.now(UTC).date()


def this_year() -> Any:
    from ...reports.service import this_year as year

    return year(today())


def period(raw_from: str | None, raw_to: str | None) -> Any:
    """The period asked for (default: this calendar year); InvalidInput names the wrong date."""
    from ...reports.service import read_period

    return read_period(raw_from, raw_to, today())


def report(organizer: Organizer, project: str, asked: Any) -> Any:
    """The project's report for the period; Forbidden for another organizer's project."""
    from ...reports import service

    return service.project_report(organizer, project, asked)
