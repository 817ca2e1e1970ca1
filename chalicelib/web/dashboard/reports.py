"""The funder report page (choose a project and a period; the report below) and its files."""
from __future__ import annotations

import io
from typing import Any

from chalice import Response

from ...errors import Text
from .layout import Viewer, render

PATH = "/organizer/reports"
ERROR_ANCHORS = {"project": "f-project", "from": "f-from", "to": "f-to", "form": "main"}
FIELD_LABELS = {"project": Text("Project"), "from": Text("From"), "to": Text("To")}
FILES = {"csv": False, "xlsx": True}  # the downloads, and whether each is a binary file


def report_page(viewer: Viewer, report: Any, form: dict[str, str], *, errors: dict[str, str] | None = None) -> Response:
    from ...application.admin.directory import project_choices
    from ...reports.tables import chart_bars, report_tables, say
    from .. import views

    language, organizer = viewer.language, viewer.organizer
    return render(
        viewer, "organizer/reports.html", path=PATH, status=400 if errors else 200,
        errors=errors or {}, anchors=ERROR_ANCHORS, labels={k: say(language, v) for k, v in FIELD_LABELS.items()},
        projects=views.project_options(project_choices(organizer), language), free_project=organizer.is_admin,
        form=form,
        report=report, tables=report_tables(report, language) if report else [],
        bars=chart_bars(report, language) if report else [], keep=form)


def content_type(extension: str) -> str:
    from ...reports import files

    return files.XLSX_TYPE if FILES[extension] else files.CSV_TYPE


def report_file(report: Any, extension: str, language: str, *, publication: bool = False) -> Response:
    """`csv` or `xlsx`: the page's tables, with a heading naming the project and the period; for
    publication, with counts from 1 to 4 hidden."""
    from ...reports import files
    from ...reports.tables import report_tables, say

    tables = report_tables(report, language, publication=publication)
    heading = [(say(language, Text("Funder report")), report.project),
               (say(language, Text("Period")), f"{report.period.start.isoformat()} – {report.period.end.isoformat()}"),
               (say(language, Text("Counts from 1 to 4")),
                "<5" if publication else say(language, Text("exact (not for publication)")))]
    out = io.BytesIO()
    binary = FILES[extension]
    if binary:
        files.write_xlsx(heading, tables, out, title=f"{say(language, Text('Funder report'))}: {report.project}")
    else:
        files.write_csv(heading, tables, out)
    name = (f"report-{report.project}-{report.period.start.isoformat()}-{report.period.end.isoformat()}"
            f"{'-publication' if publication else ''}.{extension}")
    data = out.getvalue()
    return Response(body=data if binary else data.decode("utf-8"), status_code=200, headers={
        "Content-Type": content_type(extension), "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'attachment; filename="{name}"'})
