"""store/checkins.py in memory: marks at the door and from the sign-in sheet, with the same conditions."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from chalicelib.records import Registration
from chalicelib.vocabulary.statuses import Status

from .registrations import _cursor, _from_cursor, _key, _stored, projected
from .state import state


def _eligible(stored: Registration | None) -> bool:
    return stored is not None and stored.status == Status.CONFIRMED and not stored.erased_at


def mark_event(registration: Registration, day: str, now: datetime, by: str) -> Registration | None:
    with state().lock:
        stored = _stored(registration)
        if not _eligible(stored) or stored.checked_in_at is not None:
            return None
        event = state().events[registration.event_id]
        state().events[registration.event_id] = replace(event, checked_in=event.checked_in + 1)
        changes = {"checked_in_at": now, "checked_in_by": by, "checked_in_days": sorted({*stored.checked_in_days, day})}
        state().registrations[_key(registration)] = replace(stored, **changes)
        return replace(registration, **changes)


def mark_day(registration: Registration, day: str) -> Registration | None:
    with state().lock:
        stored = _stored(registration)
        if not _eligible(stored) or stored.checked_in_at is None or day in stored.checked_in_days:
            return None
        days = sorted({*stored.checked_in_days, day})
        state().registrations[_key(registration)] = replace(stored, checked_in_days=days)
        return replace(registration, checked_in_days=sorted({*registration.checked_in_days, day}))


def set_attendance(registration: Registration, marks: dict[str, bool], log: list[dict[str, Any]]) -> bool:
    with state().lock:
        stored = _stored(registration)
        if not _eligible(stored) or stored.attendance_log != registration.attendance_log:
            return False
        state().registrations[_key(registration)] = replace(stored, attendance_marks=dict(marks),
                                                            attendance_log=list(log))
        return True


def mark_session(registration: Registration, session_id: str, now: datetime, by: str) -> Registration | None:
    with state().lock:
        stored = _stored(registration)
        if (not _eligible(stored) or session_id not in stored.sessions or session_id in stored.checked_in_sessions
                or (registration.checked_in_at is None) != (stored.checked_in_at is None)):
            return None
        event = state().events[registration.event_id]
        counted = {**event.session_checked_in, session_id: event.session_checked_in.get(session_id, 0) + 1}
        first_at_event = stored.checked_in_at is None
        state().events[registration.event_id] = replace(
            event, session_checked_in=counted, checked_in=event.checked_in + int(first_at_event))
        marks = {**stored.checked_in_sessions, session_id: now.isoformat()}
        changes: dict[str, Any] = {"checked_in_sessions": marks}
        if first_at_event:
            changes.update(checked_in_at=now, checked_in_by=by)
        state().registrations[_key(registration)] = replace(stored, **changes)
        return replace(registration, **changes)


def registrations_from(event_id: str, cursor: str | None, budget: int) -> Iterator[tuple[Registration, str]]:
    from chalicelib.store.checkins import SEARCH_ATTRIBUTES

    for registration in _from_cursor(event_id, cursor)[:budget]:
        yield projected(registration, SEARCH_ATTRIBUTES), _cursor(registration) or ""
