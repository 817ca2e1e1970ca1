"""Dashboard: funder reports per project and period, on the page and as CSV or Excel downloads."""
from __future__ import annotations

from chalice import Blueprint, Response

from ...errors import NotFound
from . import shared

report_pages = Blueprint(__name__)
PATH = "/organizer/reports"


def _asked() -> tuple[str, str, str]:
    query = report_pages.current_request.query_params or {}
    return query.get("project", "")[:64].strip(), query.get("from", "")[:20], query.get("to", "")[:20]


@shared.page(report_pages, PATH, methods=["GET"])
def report_page() -> Response:
    """Choose a project and a period (default: this calendar year); the report shows below."""
    from ...application.organizer import reports
    from ...web.dashboard.reports import report_page as page

    viewer = shared.viewer(report_pages.current_request)
    report, errors, form = shared.project_and_period(
        report_pages.current_request, viewer, lambda project, period: reports.report(viewer.organizer, project, period))
    return page(viewer, report, form, errors=errors)


@shared.page(report_pages, PATH + "/{file_name}", methods=["GET"], one_field=True)
def report_download(file_name: str) -> Response:
    """`<project>.csv` or `<project>.xlsx` with the page's `from`, `to` and `lang`: the same tables
    (`publication=1`: counts from 1 to 4 hidden)."""
    from ...application.organizer import reports
    from ...errors import require_accept
    from ...web.dashboard.reports import FILES, content_type, report_file

    request = report_pages.current_request
    project, _, extension = file_name.rpartition(".")
    if extension not in FILES:
        raise NotFound()
    if FILES[extension]:
        require_accept(request.headers.get("accept"), content_type(extension))
    _, raw_from, raw_to = _asked()
    report = reports.report(shared.organizer(request), project, reports.period(raw_from, raw_to))
    publication = (request.query_params or {}).get("publication") == "1"
    return report_file(report, extension, shared.language(request), publication=publication)
