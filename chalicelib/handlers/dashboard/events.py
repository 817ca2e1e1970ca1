"""The organizer's events: the list (with the counts that say where work waits), of every project
they work in or of the one chosen with the project switcher (`?project=`)."""
from __future__ import annotations

from chalice import Blueprint, Response

from . import shared

event_pages = Blueprint(__name__)


@shared.page(event_pages, "/organizer/events", methods=["GET"])
def event_list() -> Response:
    from ...application.organizer import events
    from ...web.dashboard.events import event_list_page

    request = event_pages.current_request
    viewer, query = shared.viewer(request), request.query_params or {}
    project = query.get("project") or ""
    page = events.list_events(viewer.organizer, project or None, query.get("cursor"), 50)
    return event_list_page(viewer, page, project=project)
