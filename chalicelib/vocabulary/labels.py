"""What people read for each word of the vocabulary, as gettext msgids (translated per reader)."""
from __future__ import annotations

from ..i18n import N_, gettext
from .kinds import EventKind
from .statuses import EventStatus, Status

STATUS_LABELS = {
    Status.CONFIRMED: N_("Confirmed"), Status.WAITLISTED: N_("On the waiting list"),
    Status.PENDING_APPROVAL: N_("Waiting for approval"),
    Status.PENDING_EMAIL: N_("Waiting for your e-mail confirmation"),
    Status.PENDING_CHOICE: N_("Waiting for your choice of session"),
    Status.CANCELLED: N_("Cancelled"), Status.REJECTED: N_("Not accepted"),
}
# The participant's success and status pages: a heading and one sentence per status.
STATUS_MESSAGES = {
    Status.CONFIRMED: (N_("You are registered"), N_("Your seat is confirmed.")),
    Status.WAITLISTED: (N_("You are on the waiting list"),
                        N_("The event is full. We will e-mail you at once if a seat becomes free.")),
    Status.PENDING_APPROVAL: (N_("Application received"),
                              N_("The organizers will review it and e-mail you their decision.")),
    Status.PENDING_EMAIL: (N_("Check your e-mail"),
                           N_("Click the link in the e-mail we sent to confirm your registration.")),
    Status.PENDING_CHOICE: (N_("Choose again"),
                            N_("A session you chose filled up before you confirmed. Choose another one on your "
                               "registration page, or join its waiting list there.")),
    Status.CANCELLED: (N_("Registration cancelled"), N_("Your registration is cancelled.")),
    Status.REJECTED: (N_("Application not accepted"), N_("The organizers could not accept this application.")),
}
EVENT_STATUS_LABELS = {EventStatus.DRAFT: N_("Draft"), EventStatus.PUBLISHED: N_("Published"),
                       EventStatus.CANCELLED: N_("Cancelled")}
KIND_LABELS = {
    EventKind.WORKSHOP: N_("Workshop"), EventKind.TRAINING: N_("Training"),
    EventKind.CONFERENCE: N_("Conference"), EventKind.STUDY_VISIT: N_("Study visit"),
    EventKind.SEMINAR: N_("Seminar"), EventKind.MEETING: N_("Meeting"),
    EventKind.CONSULTATION: N_("Consultation"),
}
# What an e-mail was, from the key it is recorded under on the registration (see emails_sent).
EMAIL_KIND_LABELS = {
    Status.CONFIRMED.value: N_("Seat confirmed"), "confirmation": N_("Seat confirmed"),
    Status.WAITLISTED.value: N_("On the waiting list"), Status.PENDING_APPROVAL.value: N_("Registration received"),
    Status.PENDING_EMAIL.value: N_("Please confirm your e-mail"),
    "promoted": N_("Moved from the waiting list to a seat"),
    "already_registered": N_("Already registered"), Status.CANCELLED.value: N_("Registration cancelled"),
    Status.REJECTED.value: N_("Not accepted"), "reminder": N_("Reminder"), "reconfirm": N_("Are you still coming?"),
    "released": N_("Seat released"), "event_cancelled": N_("Event cancelled"),
    "event_changed": N_("Event details changed"), "organizer_message": N_("Message from the organiser"),
}


def status_label(status: str, language: str) -> str:
    label = STATUS_LABELS.get(status)  # type: ignore[call-overload]
    return gettext(language, label) if label else status


def status_sentence(status: str, language: str) -> str:
    """The one sentence that says what a status means for the participant (as after signing up)."""
    found = STATUS_MESSAGES.get(status)  # type: ignore[call-overload]
    return gettext(language, found[1]) if found else status


def event_status_label(status: str, language: str) -> str:
    label = EVENT_STATUS_LABELS.get(status)  # type: ignore[call-overload]
    return gettext(language, label) if label else status


def kind_label(kind: str, language: str) -> str:
    """Translated name of an event kind ("workshop" -> "Warsztaty"); empty if unknown."""
    label = KIND_LABELS.get(kind)  # type: ignore[call-overload]
    return gettext(language, label) if label else ""


def email_kind_label(key: str, language: str) -> str:
    """"resent:confirmation:x7k2" → "Seat confirmed (sent again)"; "reminder:1440" → "Reminder"."""
    resent = key.startswith("resent:")
    parts = key.split(":")
    kind = parts[1] if resent and len(parts) > 1 else parts[0]
    label = gettext(language, EMAIL_KIND_LABELS[kind]) if kind in EMAIL_KIND_LABELS else kind
    return gettext(language, "%(email)s (sent again)", email=label) if resent else label
