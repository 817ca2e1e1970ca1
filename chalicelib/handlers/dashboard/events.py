"""The organizer's events: the list (with the counts that say where work waits)."""
from __future__ import annotations

from chalice import Blueprint, Response

from . import shared

event_pages = Blueprint(__name__)


@shared.page(event_pages, "/organizer/events", methods=["GET"])
def event_list() -> Response:
    from ...application.organizer import events
    from ...web.dashboard.events import event_list_page

    request = event_pages.current_request
    organizer = shared.organizer(request)
    query = request.query_params or {}
    project = query.get("project") or (None if organizer.is_admin else organizer.projects[0])
    return event_list_page(shared.viewer(request), events.list_events(organizer, project, query.get("cursor"), 50))
