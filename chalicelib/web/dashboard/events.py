"""The organizer's list of events, with the counts that say where work waits."""
from __future__ import annotations

from chalice import Response

from ...events.views import organizer_view
from ...records import Page
from ...vocabulary.labels import event_status_label
from ...vocabulary.statuses import Status
from .. import views
from .layout import Viewer, render


def event_list_page(viewer: Viewer, page: Page) -> Response:
    language = viewer.language
    rows = []
    for event in page.items:
        view = organizer_view(event)
        rows.append({"id": event.event_id, "title": views.pick(view["title"], language),
                     "status_label": event_status_label(event.status, language),
                     "when": views.when(view["starts_at"], view["ends_at"], view["timezone"], language),
                     Status.CONFIRMED.value: view[Status.CONFIRMED], "capacity": view["capacity"],
                     "waitlisted": view[Status.WAITLISTED],
                     "pending": view["pending"], "checked_in": view["checked_in"]})
    return render(viewer, "organizer/events.html", path="/organizer/events", events=rows, next=page.next)
