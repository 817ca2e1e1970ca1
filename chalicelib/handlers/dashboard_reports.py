"""Dashboard: funder reports per project and period, on the page and as CSV or Excel downloads.

The figures come from chalicelib/reports (no HTTP there); this module reads the query, answers
with the page or the file, and turns refusals into pages in the reader's language.
"""
from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from ..auth import Organizer
from ..errors import DomainError, InvalidInput, NotFound, Text
from . import dashboard
from .authorizer import current_organizer

if TYPE_CHECKING:
    from ..reports.service import Report

dashboard_reports = Blueprint(__name__)
PATH = "/organizer/reports"
BINARY = {"csv": False, "xlsx": True}  # the downloads, and whether each is a binary file
ERROR_ANCHORS = {"project": "f-project", "from": "f-from", "to": "f-to", "form": "main"}
FIELD_LABELS = {"project": Text("Project"), "from": Text("From"), "to": Text("To")}


class _NotAcceptable(DomainError):
    """A workbook asked for without saying so in Accept: API Gateway would mangle the binary body."""

    status = 406
    code = "not_acceptable"

    def __init__(self, content_type: str) -> None:
        super().__init__(Text("Ask for this file with the header Accept: %(type)s.", {"type": content_type}))


def _default_project(organizer: Organizer) -> str:
    return organizer.projects[0] if organizer.projects and organizer.projects[0] != "*" else ""


def _today() -> datetime:
    return datetime.now(UTC)


def _ask(request: Any) -> tuple[str, str, str]:
    query = request.query_params or {}
    return (query.get("project", "")[:64].strip(), query.get("from", "")[:20], query.get("to", "")[:20])


@dashboard.page(dashboard_reports, PATH, methods=["GET"])
def report_page() -> Response:
    """Choose a project and a period (default: this calendar year); the report shows below."""
    from ..reports import service as reports
    from ..reports.tables import chart_bars, report_tables, say

    request = dashboard_reports.current_request
    organizer, language = current_organizer(request), dashboard.language(request)
    project, raw_from, raw_to = _ask(request)
    project = project or _default_project(organizer)
    period = reports.this_year(_today().date())
    errors: dict[str, str] = {}
    report = None
    try:
        period = reports.read_period(raw_from, raw_to, _today().date())
        if project:
            report = reports.project_report(organizer, project, period)
    except InvalidInput as error:
        errors = {name: say(language, text) for name, text in error.fields.items()} or {
            "form": say(language, error.message)}
    keep = {"project": project, "from": raw_from or period.start.isoformat(), "to": raw_to or period.end.isoformat()}
    return dashboard.render(
        request, "organizer/reports.html", language=language, path=PATH, status=400 if errors else 200,
        errors=errors, anchors=ERROR_ANCHORS, labels={k: say(language, v) for k, v in FIELD_LABELS.items()},
        projects=[p for p in organizer.projects if p != "*"], free_project=organizer.is_admin, form=keep,
        report=report, tables=report_tables(report, language) if report else [],
        bars=chart_bars(report, language) if report else [], keep=keep)


def _accepts(accept: str | None, content_type: str) -> bool:
    """API Gateway sends a binary body only when Accept names its type or */*."""
    wanted = {part.split(";")[0].strip().lower() for part in (accept or "").split(",")}
    return bool(wanted & {content_type.split(";")[0].lower(), "*/*"})


def _heading(report: Report, language: str) -> list[tuple[str, str]]:
    from ..reports.tables import say

    return [(say(language, Text("Funder report")), report.project),
            (say(language, Text("Period")), f"{report.period.start.isoformat()} – {report.period.end.isoformat()}"),
            (say(language, Text("Counts from 1 to 4")), "<5")]


@dashboard.page(dashboard_reports, PATH + "/{file_name}", methods=["GET"], one_field=True)
def report_download(file_name: str) -> Response:
    """`<project>.csv` or `<project>.xlsx` with the page's `from`, `to` and `lang`: the same tables."""
    from ..reports import files
    from ..reports import service as reports
    from ..reports.tables import report_tables, say

    request = dashboard_reports.current_request
    language = dashboard.language(request)
    project, _, extension = file_name.rpartition(".")
    _, raw_from, raw_to = _ask(request)
    if extension not in BINARY:
        raise NotFound()
    binary = BINARY[extension]
    content_type = files.XLSX_TYPE if binary else files.CSV_TYPE
    if binary and not _accepts(request.headers.get("accept"), content_type):
        raise _NotAcceptable(content_type)
    period = reports.read_period(raw_from, raw_to, _today().date())
    report = reports.project_report(current_organizer(request), project, period)
    tables, heading = report_tables(report, language), _heading(report, language)
    out = io.BytesIO()
    if binary:
        files.write_xlsx(heading, tables, out, title=f"{say(language, Text('Funder report'))}: {report.project}")
    else:
        files.write_csv(heading, tables, out)
    name = f"report-{report.project}-{period.start.isoformat()}-{period.end.isoformat()}.{extension}"
    data = out.getvalue()
    return Response(body=data if binary else data.decode("utf-8"), status_code=200, headers={
        "Content-Type": content_type, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'attachment; filename="{name}"'})
