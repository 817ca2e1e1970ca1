"""Organizer exports: attendee lists (CSV, XLSX), the sign-in sheet (PDF) and the export log.

The domain (exports, events, the store) is imported inside the routes, so loading the app loads none of it.
"""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..errors import Text
from .authorizer import current_organizer, organizer_auth
from .http import HttpError, api_route, json_response, query_limit

exports_api = Blueprint(__name__)
EVENT = "/api/organizer/events/{event_id}"


def _guarded(path: str, **options):
    return api_route(exports_api, path, authorizer=organizer_auth, methods=["GET"], **options)


def _accepts(accept: str | None, content_type: str) -> bool:
    """Whether API Gateway (and Chalice) will send this binary type: Accept must name it or */*."""
    wanted = {part.split(";")[0].strip().lower() for part in (accept or "").split(",")}
    return bool(wanted & {content_type.lower(), "*/*"})


def _export(event_id: str, name: str) -> Response:
    return export_response(exports_api.current_request, event_id, name)


def export_response(request: Any, event_id: str, name: str) -> Response:
    """The export as a download (or a redirect to S3), for the API and the dashboard alike."""
    from ..events import service as events
    from ..exports import service as exports
    from ..exports.filters import read_filters

    organizer = current_organizer(request)
    event = events.organizer_event(organizer, event_id)
    file_format = exports.FORMATS[name]
    if file_format.binary and not _accepts(request.headers.get("accept"), file_format.content_type):
        raise HttpError(406, "not_acceptable", Text("Ask for this file with the header Accept: %(type)s.",
                                                   {"type": file_format.content_type}))
    filters = read_filters(request.query_params or {}, event, file_format.default_statuses)
    result = exports.export(organizer, event, file_format, filters)
    headers = {"Cache-Control": "no-store", "X-Export-Id": result.export_id, "X-Export-Rows": str(result.rows)}
    if result.delivery.url:
        return Response(body="", status_code=302, headers={**headers, "Location": result.delivery.url})
    return Response(body=result.delivery.body, status_code=200, headers={
        **headers, "Content-Type": result.content_type, "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'attachment; filename="{result.filename}"'})


@_guarded(EVENT + "/attendees.csv")
def attendees_csv(event_id: str) -> Response:
    return _export(event_id, "csv")


@_guarded(EVENT + "/attendees.xlsx")
def attendees_xlsx(event_id: str) -> Response:
    return _export(event_id, "xlsx")


@_guarded(EVENT + "/signin-sheet.pdf")
def signin_sheet_pdf(event_id: str) -> Response:
    return _export(event_id, "pdf")


@_guarded(EVENT + "/exports")
def export_log(event_id: str) -> Response:
    """Who exported this event's attendees, when, in which format and with which filters."""
    from ..events import service as events
    from ..store import audit

    request = exports_api.current_request
    events.organizer_event(current_organizer(request), event_id)
    items, cursor = audit.list_exports(event_id, cursor=(request.query_params or {}).get("cursor"),
                                       limit=query_limit(request))
    return json_response({"items": [{
        "id": i.export_id, "at": i.at.isoformat(), "organizer": {"id": i.organizer_id, "email": i.organizer_email},
        "format": i.format, "filters": i.filters, "rows": int(i.rows), "size": int(i.size), "delivery": i.delivery,
    } for i in items], "next": cursor})
