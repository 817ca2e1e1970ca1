"""How a registration reads to its participant and to organizers."""
from __future__ import annotations

from typing import Any

from ..fields import pick_language
from ..records import Event, Registration
from ..vocabulary.statuses import Status
from . import attendance


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def queue_places(registration: Registration, longest: int = 1000) -> dict[str | None, int]:
    """Where a waitlisted person stands in each queue they wait in ({session id, or None for the event
    itself: their place}); counted from the queue's head, as promotion takes it (oldest first)."""
    from ..store import registrations as store
    from ..vocabulary.seats import session_of

    if registration.status != Status.WAITLISTED:
        return {}
    ahead = {resource: 1 for resource in registration.waiting_on}
    for place in store.waitlist(registration.event_id, limit=longest):
        if place.registration_id == registration.registration_id:
            break
        for resource in set(place.waiting_on) & set(ahead):
            ahead[resource] += 1
    return {session_of(resource): n for resource, n in ahead.items()}


def full_choices(event: Event, registration: Registration) -> list[str]:
    """For someone asked to choose again (`pending_choice`): which of their chosen sessions have no
    seat for them now (full, or with a queue), as the event's counters say."""
    from ..events.window import blocked_resources
    from ..vocabulary.seats import resources_for, session_of

    if registration.status != Status.PENDING_CHOICE:
        return []
    return [sid for sid in (session_of(r) for r in blocked_resources(event, resources_for(registration.sessions)))
            if sid is not None]


def participant_view(event: Event, registration: Registration, language: str) -> dict[str, Any]:
    """The participant's own registration in `language`, the event's times as its clock reads them."""
    from ..events.views import local_iso
    from ..i18n import zone_name

    titles = {s["id"]: pick_language(s["title"], language) for s in event.sessions}
    places = queue_places(registration)
    return {
        "id": registration.registration_id, "status": registration.status,
        "name": registration.name, "email": registration.email, "language": registration.language,
        "answers": registration.answers, "created_at": _iso(registration.created_at),
        "sessions": [{"id": s, "title": titles.get(s, s)} for s in registration.sessions],
        "waiting_for": [{"session": sid, "title": titles.get(sid, "") if sid else "", "place": n}
                        for sid, n in places.items()],
        "sessions_full": full_choices(event, registration),
        "event": {"id": event.event_id, "title": pick_language(event.title, language),
                  "starts_at": local_iso(event.starts_at, event.timezone),
                  "ends_at": local_iso(event.ends_at, event.timezone), "timezone": event.timezone,
                  "timezone_name": zone_name(event.starts_at, event.timezone, language),
                  "venue": event.venue, "status": event.status},
    }


def organizer_view(registration: Registration, suppressed_reason: str | None = None, *,
                   event: Event | None = None) -> dict[str, Any]:
    """What organizers read about a registration; with its `event`, its attendance too."""
    return {
        "id": registration.registration_id, "name": registration.name, "email": registration.email,
        "status": registration.status, "language": registration.language,
        "created_at": _iso(registration.created_at), "updated_at": _iso(registration.updated_at),
        "answers": registration.answers, "sessions": list(registration.sessions),
        "wait_if_full": registration.wait_if_full,
        "consent": {"version": registration.consent_version, "at": _iso(registration.consent_at)},
        "added_by": registration.added_by,
        "emails_sent": sorted(registration.emails_sent),
        "delivery_problem": registration.delivery_problem,
        "email_suppressed": suppressed_reason,
        "messages_stopped_at": _iso(registration.messages_stopped_at),
        "reconfirmed_at": _iso(registration.reconfirmed_at),
        "checked_in_at": _iso(registration.checked_in_at),
        "checked_in_sessions": checked_in_sessions(registration),
        "certificate": registration.certificate_number, "survey_answered": registration.survey_answered,
        **({"attendance": attendance_view(event, registration)} if event is not None else {}),
    }


def attendance_view(event: Event, registration: Registration) -> dict[str, Any] | None:
    """{due, attended (unit ids), share, log}, or None without a confirmed seat."""
    found = attendance.of(event, registration)
    if found is None:
        return None
    return {"due": list(found.due), "attended": list(found.attended), "share": round(found.share, 4),
            "log": list(registration.attendance_log)}


def checked_in_sessions(registration: Registration) -> dict[str, str]:
    """{session id: ISO time of its first check-in}."""
    return dict(registration.checked_in_sessions)
