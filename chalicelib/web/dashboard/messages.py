"""The form to write to an event's participants: whom (by status, with how many each choice
reaches), subject and text; after sending, how many e-mails are on their way."""
from __future__ import annotations

from chalice import Response

from ...errors import Text
from ...events.views import organizer_view
from ...i18n import N_
from ...records import Event
from ...vocabulary.statuses import Status
from .. import views
from .layout import Viewer, render

AUDIENCE_LABELS = {Status.CONFIRMED.value: N_("Confirmed participants"),
                   Status.WAITLISTED.value: N_("The waiting list"),
                   "pending": N_("Waiting for approval or e-mail confirmation"),
                   "checked_in": N_("Those who came (checked in)"), "all": N_("Everyone registered")}
FIELD_LABELS = {"to": Text("To"), "subject": Text("Subject"), "body": Text("Message")}


def message_page(viewer: Viewer, event: Event, *, sent: int | None = None, left_out: int = 0,
                 errors: dict[str, str] | None = None,
                 values: views.FormValues | None = None, status: int = 200) -> Response:
    language, view = viewer.language, organizer_view(event)
    reach = {Status.CONFIRMED.value: view[Status.CONFIRMED], Status.WAITLISTED.value: view[Status.WAITLISTED],
             "pending": view["pending"],
             "checked_in": view["checked_in"],
             "all": view[Status.CONFIRMED] + view[Status.WAITLISTED] + view["pending"]}
    return render(
        viewer, "organizer/message.html", path=f"/organizer/events/{event.event_id}/message", status=status,
        event={"id": event.event_id, "title": views.pick(event.title, language), "status": event.status},
        audiences=[(key, views.say(language, Text(label)), reach[key]) for key, label in AUDIENCE_LABELS.items()],
        sent=sent, left_out=left_out, errors=errors or {},
        values=values or views.FormValues({"to": [Status.CONFIRMED.value]}),
        anchors={"to": "to-confirmed", "subject": "f-subject", "body": "f-body", "form": "main"},
        labels={key: views.say(language, label) for key, label in FIELD_LABELS.items()})
