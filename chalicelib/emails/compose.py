"""From an outbox message to a ready MIME e-mail: who, in which language, with which links."""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from .. import auth
from ..checkin import qr
from ..checkin import tokens as checkin_tokens
from ..config import settings
from ..fields import pick_language
from ..records import Event, Message, Registration
from ..store import events as event_store
from ..store import registrations as registration_store
from ..vocabulary.seats import session_resource
from ..vocabulary.statuses import Status
from . import STOPPABLE
from .mime import ICS_CONTENT_TYPE, Attachment, build_message
from .render import EmailContext, SessionInfo, render_email

WITH_CALENDAR = ("confirmation", "promoted", "reminder", "event_changed")
CALENDAR_CANCELS = ("cancelled", "released", "event_cancelled")  # the .ics that removes the entry
WITH_CHECKIN = ("confirmation", "promoted")  # the check-in QR code and its typed form
WITH_SURVEY = "survey"  # the survey link; `{"reminder": true}` in the payload: the one reminder
QR_FILENAME = "checkin.png"
QR_CONTENT_ID = "checkin-qr@zapisy"  # referenced from the HTML part as cid:checkin-qr@zapisy
log = logging.getLogger(__name__)


CERTIFICATE = "certificate"  # its e-mail carries the PDF


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def email_context(event: Event, registration: Registration, payload: dict) -> EmailContext:
    language = registration.language
    base = settings().base_url
    token = auth.manage_token(event.event_id, registration.registration_id)
    chosen = set(registration.sessions)
    waits = set(registration.waiting_on) if registration.status == Status.WAITLISTED else set()
    sessions = tuple(
        SessionInfo(pick_language(s["title"], language), _parse(s.get("starts_at")), _parse(s.get("ends_at")),
                    waiting=session_resource(s["id"]) in waits)
        for s in event.sessions if s["id"] in chosen)
    return EmailContext(
        participant_name=registration.name or "",
        event_title=pick_language(event.title, language),
        event_kind=event.kind, starts_at=event.starts_at, ends_at=event.ends_at,
        timezone=event.timezone, venue=event.venue, manage_url=f"{base}/manage/{token}",
        sessions=sessions, confirm_url=f"{base}/confirm/{token}",
        message_subject=payload.get("subject", ""), message_body=payload.get("body", ""),
        changes=tuple(payload.get("changes", ())),
        reconfirm_url=f"{base}/manage/{token}/still-coming" if "deadline" in payload else "",
        deadline=_parse(payload.get("deadline")), about_you_url=_about_you(event, registration, base, token),
        **_sender(event, language),
    )


def _certificate_pdf(event: Event, registration: Registration, number: str) -> Attachment:
    """The certificate as it stands now (a revoked one says so), in the holder's language."""
    from ..certificates.content import content_of, pdf_of
    from ..store.certificates import load_certificate

    certificate = load_certificate(number)
    if certificate is None or certificate.registration_id != registration.registration_id:
        raise LookupError(f"certificate {number} of {registration.registration_id} is missing")
    return Attachment(f"certificate-{number}.pdf", "application/pdf", pdf_of([content_of(event, registration,
                                                                                           certificate)]))


def _about_you(event: Event, registration: Registration, base: str, token: str) -> str:
    """The link to the funder's questions, for a person who can be recognised in the project."""
    from ..indicators.service import questions_of

    return f"{base}/manage/{token}/about-you" if registration.email_hash and questions_of(event.project) else ""


def survey_link(event: Event, registration: Registration) -> str:
    """The participant's own survey link (the token is derived: the reminder carries the same one)."""
    token = auth.survey_token(event.event_id, registration.registration_id)
    return f"{settings().base_url}/survey/{token}?lang={registration.language}"


def _sender(event: Event, language: str) -> dict[str, str]:
    """Who sends this and how to reach them (the event's institution), and who funds it."""
    from ..institutions.recent import directory

    found = directory()
    institution, project = found.institution_of(event.project), found.project(event.project)
    if institution is None:
        return {}
    from ..institutions.views import address_line

    contact = " · ".join(part for part in (address_line(institution.address), institution.email, institution.phone)
                         if part)
    return {"sender": pick_language(institution.name, language), "sender_contact": contact,
            "funding": pick_language(project.funding, language) if project else ""}


def calendar_attachment(event: Event, registration: Registration, url: str, *, cancelled: bool = False,
                        ) -> Attachment:
    """The event's calendar entry (its one UID and current SEQUENCE); `cancelled`: the CANCEL removing it."""
    from ..calendar_file import event_calendar
    from ..events.calendar import calendar_entry

    data = event_calendar(**calendar_entry(event, registration.language, url, cancelled=cancelled))
    return Attachment("event.ics", ICS_CONTENT_TYPE, data)


def unsubscribe_link(event: Event, registration: Registration) -> str:
    """The person's link that stops the event's organizer messages, opening in their language."""
    token = auth.unsubscribe_token(event.event_id, registration.registration_id)
    return f"{settings().base_url}/unsubscribe/{token}?lang={registration.language}"


def list_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail programs offer "unsubscribe", and post the link in one click."""
    token = unsubscribe_url.rsplit("/", 1)[-1].split("?", 1)[0]
    mailto = f"mailto:{settings().reply_address}?subject=unsubscribe%20{token}"
    return {"List-Unsubscribe": f"<{unsubscribe_url}>, <{mailto}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def compose(message: Message, events: dict[str, Event | None] | None = None,
            ) -> tuple[Registration, bytes] | None:
    """The registration and the raw e-mail, or None when there is nothing to send.

    `events` caches event items across the messages of one batch (they mostly share one event).
    """
    events = {} if events is None else events
    if message.event_id in events:
        registration = registration_store.load_registration(message.event_id, message.registration_id)
    else:  # the batch's first message of this event: the event comes in the same round trip
        events[message.event_id], registration = event_store.load_with_registration(message.event_id,
                                                                                     message.registration_id)
    event = events[message.event_id]
    if (registration is None or event is None or not registration.email or registration.erased_at
            or message.dedupe_key in registration.emails_sent
            or (message.kind == STOPPABLE and registration.messages_stopped_at)):  # stopped after it was queued
        return None
    context = email_context(event, registration, message.payload or {})
    attachments = []
    if message.kind in WITH_CHECKIN and checkin_tokens.is_registration_id(registration.registration_id):
        code = checkin_tokens.checkin_code(event.event_id, registration.registration_id)
        context = replace(context, checkin_code=code)
        try:
            attachments.append(Attachment(QR_FILENAME, "image/png", qr.qr_png(code), content_id=QR_CONTENT_ID))
            context = replace(context, checkin_image_url=f"cid:{QR_CONTENT_ID}")
        except Exception:  # the seat matters more than the picture: send the typed code alone
            log.exception("check-in QR code for %s not drawn", registration.registration_id)
    if message.kind == CERTIFICATE:
        attachments.append(_certificate_pdf(event, registration, (message.payload or {}).get("number", "")))
    if message.kind == WITH_SURVEY:
        context = replace(context, survey_url=survey_link(event, registration),
                          reminder=bool((message.payload or {}).get("reminder")))
    headers = {"X-Zapisy-Kind": message.kind}
    if message.kind == STOPPABLE:
        context = replace(context, unsubscribe_url=unsubscribe_link(event, registration))
        headers |= list_headers(context.unsubscribe_url)
    content = render_email(message.kind, registration.language, context)
    if message.kind in WITH_CALENDAR or message.kind in CALENDAR_CANCELS:
        attachments.append(calendar_attachment(event, registration, context.manage_url,
                                               cancelled=message.kind in CALENDAR_CANCELS))
    raw = build_message(settings().sender, registration.email, content, attachments, headers=headers)
    return registration, raw
