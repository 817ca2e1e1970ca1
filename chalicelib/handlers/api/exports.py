"""Organizer exports: attendee lists (CSV, XLSX), the sign-in sheet (PDF) and the export log."""
from __future__ import annotations

from chalice import Blueprint, Response

from ..authorizer import current_organizer, organizer_auth
from ..http import api_route, download, json_response, pdf_response, query_limit

exports_api = Blueprint(__name__)
EVENT = "/api/organizer/events/{event_id}"


def _guarded(path: str, **options):
    return api_route(exports_api, path, authorizer=organizer_auth, methods=["GET"], **options)


def _export(event_id: str, name: str) -> Response:
    from ...application.organizer import exports

    request = exports_api.current_request
    return download(exports.export(current_organizer(request), event_id, name, request.query_params or {},
                                   request.headers.get("accept")))


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
    from ...application.organizer import exports

    request = exports_api.current_request
    page = exports.export_log(current_organizer(request), event_id, (request.query_params or {}).get("cursor"),
                              query_limit(request))
    return json_response({"items": [{
        "id": i.export_id, "at": i.at.isoformat(), "organizer": {"id": i.organizer_id, "email": i.organizer_email},
        "format": i.format, "filters": i.filters, "rows": i.rows, "size": i.size, "delivery": i.delivery,
    } for i in page.items], "next": page.next})


@_guarded(EVENT + "/certificates.pdf")
def certificates_pdf(event_id: str) -> Response:
    """Every certificate of the event in one PDF, to print (revoked ones marked so)."""
    from ...application.organizer import certificates

    request = exports_api.current_request
    name, data = certificates.all_certificates(current_organizer(request), event_id)
    return pdf_response(name, data, request.headers.get("accept"))
