"""One export from start to finish: read, write the file, hand it over, log it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from ..auth import Organizer
from ..fields import pick_language
from ..i18n import gettext
from ..records import Event, new_id
from ..store import audit
from ..vocabulary.statuses import Status
from . import storage
from .cells import slug
from .filters import ACTIVE_STATUSES, ExportFilters
from .source import attendees, by_name


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    content_type: str
    binary: bool  # served base64-encoded: the caller's Accept header must name the type
    default_statuses: tuple[str, ...]
    write: Callable[[Event, ExportFilters, IO[bytes]], int]


def _write_csv(event: Event, filters: ExportFilters, out: IO[bytes]) -> int:
    from .columns import AttendeeColumns
    from .csv_file import write_csv

    return write_csv(AttendeeColumns(event, filters.language), by_name(event.event_id, filters), out,
                     filters.delimiter)


def _write_xlsx(event: Event, filters: ExportFilters, out: IO[bytes]) -> int:
    from .columns import AttendeeColumns
    from .xlsx_file import write_xlsx

    title = pick_language(event.title, filters.language)
    return write_xlsx(AttendeeColumns(event, filters.language), by_name(event.event_id, filters), out,
                      title=title, sheet=gettext(filters.language, "Attendees"))


def funding_line(statements: dict[str, str], language: str, cofunded: str) -> str:
    """The project's funding statement in the sheet's language. A project without one in that language
    gets the EU's own words in it ("Co-funded by the European Union"), not another language's line,
    unless they are printed with the emblem already."""
    from ..institutions.emblem import COFUNDED

    own = statements.get(language) or statements.get("*")
    if own or not any(statements.values()):
        return own or ""
    return "" if cofunded else gettext(language, COFUNDED)


def _write_pdf(event: Event, filters: ExportFilters, out: IO[bytes]) -> int:
    from ..institutions.emblem import COFUNDED
    from ..institutions.recent import directory
    from .pdf_sheet import write_signin_sheet

    language = filters.language
    project, institution = directory().project(event.project), directory().institution_of(event.project)
    cofunded = gettext(language, COFUNDED) if project and project.eu_emblem else ""
    funding = funding_line(project.funding if project else {}, language, cofunded)
    whose = " · ".join(filter(None, (
        pick_language(institution.name, language) if institution else "",
        gettext(language, "Project: %(project)s", project=pick_language(project.name, language)) if project else "")))
    return write_signin_sheet(event, attendees(event.event_id, filters), out, language=language, funder=funding,
                              only_session=filters.session, cofunded=cofunded, whose=whose)


CSV = ExportFormat("csv", "csv", "text/csv; charset=utf-8", False, ACTIVE_STATUSES, _write_csv)
XLSX = ExportFormat("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", True,
                    ACTIVE_STATUSES, _write_xlsx)
PDF = ExportFormat("pdf", "pdf", "application/pdf", True, (Status.CONFIRMED,), _write_pdf)
FORMATS = {f.name: f for f in (CSV, XLSX, PDF)}


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    rows: int
    delivery: storage.Delivery
    export_id: str


def file_name(event: Event, filters: ExportFilters, file_format: ExportFormat) -> str:
    """ASCII, after the event's title: "warsztat-rekrutacyjny.xlsx" (the event id if nothing is left)."""
    title = pick_language(event.title, filters.language)
    return f"{slug(title, fallback=f'event-{event.event_id}')}.{file_format.extension}"


def export(organizer: Organizer, event: Event, file_format: ExportFormat, filters: ExportFilters,
           now: datetime | None = None) -> Export:
    """Write the file, deliver it (inline or S3), then log it; the caller answers only after the log."""
    export_id = new_id(8)
    filename = file_name(event, filters, file_format)
    with storage.spooled_file() as out:
        rows = file_format.write(event, filters, out)
        delivery = storage.deliver(out, key=f"{event.event_id}/{export_id}/{filename}", filename=filename,
                                   content_type=file_format.content_type, binary=file_format.binary)
    filters_logged: dict[str, Any] = filters.as_dict()
    audit.record_export(event_id=event.event_id, project=event.project, organizer_id=organizer.organizer_id,
                        organizer_email=organizer.email, file_format=file_format.name, filters=filters_logged,
                        rows=rows, size=delivery.size, delivery=delivery.how, at=now or datetime.now(UTC),
                        export_id=export_id)
    return Export(filename, file_format.content_type, rows, delivery, export_id)
