"""Checking people in at the door, per event or per session, and finding them by name.

`check_in` is idempotent: the first check-in is recorded once (a conditional update), and every
later scan of the same code answers `already_checked_in` with that first time — except on a later
day of a multi-day event without sessions, where the first scan of the day records that day's
arrival (registration/attendance.py counts days). Only a confirmed
seat can be checked in; waitlisted, pending, cancelled or rejected people cannot.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .. import i18n
from ..errors import Busy, InvalidInput, InvalidTransition, Text
from ..fields import pick_language
from ..i18n import N_
from ..records import Event, Registration
from ..registration import attendance, ordering
from ..store import checkins as store
from ..store import registrations as registration_store
from ..vocabulary.names import NameQuery, searchable
from ..vocabulary.statuses import EventStatus, Status
from . import tokens

CHECKED_IN = "checked_in"
ALREADY_CHECKED_IN = "already_checked_in"
NOT_CONFIRMED = "not_confirmed"
NOT_IN_SESSION = "not_in_session"
UNKNOWN = "unknown"
INVALID_CODE = "invalid_code"
RESULTS = (CHECKED_IN, ALREADY_CHECKED_IN, NOT_CONFIRMED, NOT_IN_SESSION, UNKNOWN, INVALID_CODE)

MAX_INPUT = 100
SEARCH_LIMIT = 20
SEARCH_BUDGET = 2000  # registrations read per search request of an event too large to sort; `next` continues
DOOR = "door"  # the order of the search's cursor: a table's cursor is not one of its places
_ATTEMPTS = 4

_MESSAGES = {
    CHECKED_IN: N_("Checked in: %(name)s."),
    ALREADY_CHECKED_IN: N_("%(name)s was already checked in at %(time)s."),
    NOT_CONFIRMED: N_("%(name)s has no confirmed seat and cannot be checked in."),
    NOT_IN_SESSION: N_("%(name)s is not signed up for this session."),
    UNKNOWN: N_("No registration for this event was found."),
    INVALID_CODE: N_("This code is not valid for this event. Check it and try again."),
}
_SESSION_CHECKED_IN = N_("Checked in to %(session)s: %(name)s.")


@dataclass(frozen=True)
class CheckInResult:
    """What the door learns. `checked_in_at` is the recorded (first) time of this check-in."""

    result: str
    registration: Registration | None = None
    session_id: str | None = None
    checked_in_at: datetime | None = None

    @property
    def ok(self) -> bool:
        """The person may come in: checked in now or before."""
        return self.result in (CHECKED_IN, ALREADY_CHECKED_IN)


def _now() -> datetime:
    return datetime.now(UTC)


def _session_title(event: Event, session_id: str, language: str) -> str:
    for session in event.sessions:
        if session["id"] == session_id:
            return pick_language(session["title"], language) or session_id
    return session_id


def check_session(event: Event, session_id: Any) -> str | None:
    """The session id if the event has it; None for the whole event; InvalidInput otherwise."""
    if session_id is None or session_id == "":
        return None
    if not isinstance(session_id, str) or session_id not in {s["id"] for s in event.sessions}:
        raise InvalidInput(fields={"session": Text("This event has no such session.")})
    return session_id


def resolve(event: Event, code_or_registration_id: str) -> str | None:
    """The registration a scanned or typed code names (verified), or a registration id as given."""
    value = (code_or_registration_id or "").strip()
    if tokens.is_registration_id(value):
        return value
    return tokens.registration_for(event.event_id, value)


def check_in(event: Event, code_or_registration_id: str, session_id: str | None = None, *,
             by: str, now: datetime | None = None) -> CheckInResult:
    """Check a person in at the door (`session_id` None) or to one session of the event.

    `code_or_registration_id` is a check-in code (as scanned or typed) or a registration id (as
    found by the name search). Returns the outcome; raises only for a cancelled event, an unknown
    session or when the table keeps changing underneath (Busy).
    """
    if event.status == EventStatus.CANCELLED:
        raise InvalidTransition()
    session_id = check_session(event, session_id)
    registration_id = resolve(event, code_or_registration_id)
    if registration_id is None:
        return CheckInResult(INVALID_CODE, session_id=session_id)
    moment = now or _now()
    for _ in range(_ATTEMPTS):
        registration = registration_store.load_registration(event.event_id, registration_id)
        if registration is None or registration.erased_at:
            return CheckInResult(UNKNOWN, session_id=session_id)
        if registration.status != Status.CONFIRMED:
            return CheckInResult(NOT_CONFIRMED, registration, session_id)
        if session_id is None:
            day = attendance.event_day(event, moment)
            if registration.checked_in_at and not _new_day(event, registration, day):
                return CheckInResult(ALREADY_CHECKED_IN, registration, None, registration.checked_in_at)
            marked = (store.mark_day(registration, day) if registration.checked_in_at
                      else store.mark_event(registration, day, moment, by))
            if marked is not None:
                return CheckInResult(CHECKED_IN, marked, None, moment)
        else:
            if session_id not in registration.sessions:
                return CheckInResult(NOT_IN_SESSION, registration, session_id)
            first = registration.checked_in_sessions.get(session_id)
            if first:
                return CheckInResult(ALREADY_CHECKED_IN, registration, session_id, datetime.fromisoformat(first))
            marked = store.mark_session(registration, session_id, moment, by)
            if marked is not None:
                return CheckInResult(CHECKED_IN, marked, session_id, moment)
        # refused: someone else checked them in, or the registration changed; read it again
    raise Busy()


def _new_day(event: Event, registration: Registration, day: str) -> bool:
    """A later day of a multi-day event without sessions: the door records each day's arrival."""
    return not event.sessions and len(attendance.event_days(event)) > 1 and \
        day not in attendance.recorded_at_door(event, registration)


def _when(moment: datetime, event: Event, language: str, now: datetime) -> str:
    """"10:42" on the same day in the event's timezone, the full date and time otherwise."""
    try:
        zone = ZoneInfo(event.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = moment.astimezone(zone)
    if local.date() == now.astimezone(zone).date():
        return local.strftime("%H:%M")
    return i18n.format_datetime(moment, event.timezone, language)


def door_time(moment: datetime, event: Event, language: str, now: datetime | None = None) -> str:
    """When someone was checked in, as the door reads it: "10:42" today, else date and time."""
    return _when(moment, event, language, now or _now())


def message(outcome: CheckInResult, event: Event, language: str, now: datetime | None = None) -> str:
    """One sentence for the door, in the organizer's language."""
    name = (outcome.registration.name or "") if outcome.registration else ""
    if outcome.result == CHECKED_IN and outcome.session_id:
        return i18n.gettext(language, _SESSION_CHECKED_IN, name=name,
                            session=_session_title(event, outcome.session_id, language))
    time = _when(outcome.checked_in_at, event, language, now or _now()) if outcome.checked_in_at else ""
    return i18n.gettext(language, _MESSAGES[outcome.result], name=name, time=time)


def search(event: Event, query: Any, cursor: str | None = None, limit: int = SEARCH_LIMIT,
           language: str = "en") -> tuple[list[Registration], str | None]:
    """Confirmed registrations whose name contains every word of `query`, at most `limit`, in the
    alphabet of `language` across every page (see registration/ordering.py).

    Case, diacritics and alphabet do not matter (see names.py). Every registration of the event
    is read (its name and little more) and the matches sorted; an event of more than
    ordering.SORTED_AT_MOST is searched in portions in key order instead, each page sorted
    (`_in_portions`).
    """
    text = query if isinstance(query, str) else ""
    name_query = NameQuery(text[:MAX_INPUT + 1])  # one that folds to no word finds nobody
    if not searchable(text) or len(text) > MAX_INPUT:
        raise InvalidInput(fields={"q": Text("Type part of a name (up to %(max)s characters).",
                                             {"max": MAX_INPUT})})
    found: list[Registration] = []
    most = ordering.SORTED_AT_MOST
    for read, (registration, _) in enumerate(store.registrations_from(event.event_id, None, most + 1)):
        if read == most:
            return _in_portions(event, name_query, cursor, limit, language)
        if _is_match(registration, name_query):
            found.append(registration)
    shown = ordering.page(ordering.by_name(found, language), event.event_id, cursor, limit, order=DOOR)
    return shown.items, shown.next


def _is_match(registration: Registration, name_query: NameQuery) -> bool:
    return (registration.status == Status.CONFIRMED and not registration.erased_at
            and name_query.matches(registration.name))


def _in_portions(event: Event, name_query: NameQuery, cursor: str | None, limit: int,
                 language: str) -> tuple[list[Registration], str | None]:
    """The search of an event too large to sort: read page by page in key order, at most SEARCH_BUDGET
    per call; `next` continues after the last registration returned (or read), None at the end."""
    found: list[Registration] = []
    last_cursor, read = None, 0
    for registration, position in store.registrations_from(event.event_id, cursor, SEARCH_BUDGET):
        read, last_cursor = read + 1, position
        if _is_match(registration, name_query):
            found.append(registration)
            if len(found) >= limit:
                break
    more = len(found) >= limit or read >= SEARCH_BUDGET
    return ordering.by_name(found, language), (last_cursor if more else None)
