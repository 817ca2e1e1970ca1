"""Organizer actions on an event's definition and status, and finding events for each reader."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from .. import auth
from ..config import settings
from ..errors import Conflict, EventNotFound, Forbidden, InvalidInput, InvalidTransition, Text
from ..fields import SLUG
from ..records import Event, Page, new_id
from ..store import events as store
from ..store.refusals import EditRefused
from ..vocabulary.statuses import EventStatus
from .spec import DEFAULT_REMINDERS, check_times, patched_texts, read_event_fields

_LONGEST_EVENT = timedelta(days=31)
CANCELLED_IS_FINAL = Text("A cancelled event cannot be changed.")
NO_INVITATION_CODES = Text("An invite-only event needs at least one invitation code before it is published: "
                           "add codes in the event's settings.")


def _now() -> datetime:
    return datetime.now(UTC)


def _apply_invite_codes(event_id: str, values: dict[str, Any]) -> None:
    codes = values.pop("invite_codes", None)
    if codes is not None:
        values["invite_code_hashes"] = sorted({auth.invite_code_hash(event_id, c) for c in codes})


def _project_for(organizer: auth.Organizer, values: dict[str, Any]) -> str:
    project = values.pop("project", None) or (organizer.projects[0] if organizer.projects and
                                              organizer.projects[0] != "*" else "default")
    if not organizer.can_manage(project):
        raise Forbidden(fields={"project": Text("You do not have access to this project.")})
    return project


def create_event(organizer: auth.Organizer, data: Any) -> Event:
    cfg = settings()
    values = read_event_fields(data, cfg.languages, creating=True)
    check_times(values)
    project = _project_for(organizer, values)
    event_id = new_id(6)
    _apply_invite_codes(event_id, values)
    now = _now()
    sessions = values.pop("sessions", [])
    event = Event(
        event_id=event_id, project=project, status=EventStatus.DRAFT, created_at=now, updated_at=now,
        created_by=organizer.organizer_id,
        languages=values.pop("languages", None) or list(cfg.languages),
        reminders=values.pop("reminders", None) or list(DEFAULT_REMINDERS),
        retention_days=values.pop("retention_days", None) or cfg.retention_days_default,
        audiences=values.pop("audiences", None) or [],
        sessions=sessions,
        session_capacity={s["id"]: s["capacity"] for s in sessions},
        session_taken={s["id"]: 0 for s in sessions},
        session_waiting={s["id"]: 0 for s in sessions},
        **{k: v for k, v in values.items() if v is not None},
    )
    store.insert_event(event)
    return event


def organizer_event(organizer: auth.Organizer, event_id: str, *, consistent: bool = False) -> Event:
    """The event if this organizer may see it; an unknown and a foreign event look the same."""
    event = store.load_event(event_id, consistent=consistent)
    if event is None or not organizer.can_manage(event.project):
        raise EventNotFound()
    return event


def refuse_cancelled(event: Event) -> None:
    """A cancelled event is final: its definition and status no longer change."""
    if event.status == EventStatus.CANCELLED:
        raise InvalidTransition(CANCELLED_IS_FINAL)


def refuse_unreachable(invite_only: bool, code_hashes: list[str] | tuple[str, ...]) -> None:
    """A published invite-only event without a code would turn every participant away."""
    if invite_only and not code_hashes:
        raise InvalidTransition(NO_INVITATION_CODES)


def update_event(organizer: auth.Organizer, event_id: str, data: Any) -> Event:
    event = organizer_event(organizer, event_id, consistent=True)
    refuse_cancelled(event)
    languages = settings().languages
    data = patched_texts({"title": event.title, "description": event.description}, data, languages)
    values = read_event_fields(data, languages, creating=False)
    merged = {"starts_at": event.starts_at, "ends_at": event.ends_at,
              "registration_opens_at": event.registration_opens_at,
              "registration_closes_at": event.registration_closes_at}
    merged.update({k: v for k, v in values.items() if k in merged})
    check_times(merged)
    if "project" in values and not organizer.can_manage(values["project"]):
        raise Forbidden(fields={"project": Text("You do not have access to this project.")})
    _apply_invite_codes(event_id, values)
    if event.status == EventStatus.PUBLISHED:
        refuse_unreachable(values.get("invite_only", event.invite_only),
                           values.get("invite_code_hashes", event.invite_code_hashes))
    for name in ("languages", "reminders"):
        if name in values and not values[name]:
            values.pop(name)
    try:
        store.update_event(event, values, _now())
    except EditRefused:  # what is stored forbids it, however well-formed the change: a conflict
        raise Conflict(fields={"capacity": Text(
            "Capacity cannot be lower than the seats already taken, and a session with people "
            "in it cannot be removed.")}) from None
    return store.load_event(event_id, consistent=True) or event


def publish_event(organizer: auth.Organizer, event_id: str) -> Event:
    event = organizer_event(organizer, event_id, consistent=True)
    if event.status == EventStatus.DRAFT:
        refuse_unreachable(event.invite_only, event.invite_code_hashes)
    if event.status != EventStatus.PUBLISHED and not store.set_status(
            event_id, (EventStatus.DRAFT,), EventStatus.PUBLISHED, _now()):
        raise InvalidTransition(Text("Only a draft event can be published."))
    return store.load_event(event_id, consistent=True) or event


def cancel_event(organizer: auth.Organizer, event_id: str) -> Event:
    event = organizer_event(organizer, event_id)
    if event.status != EventStatus.CANCELLED and not store.set_status(
            event_id, (EventStatus.DRAFT, EventStatus.PUBLISHED), EventStatus.CANCELLED, _now()):
        raise InvalidTransition()
    return store.load_event(event_id, consistent=True) or event


def announced(event: Event) -> Event:
    """The event after a change people are told about: its calendar SEQUENCE one higher, so the
    e-mailed update or cancellation replaces the entry calendars hold."""
    return replace(event, sequence=store.announce_change(event.event_id))


def managed_projects(organizer: auth.Organizer) -> tuple[str, ...]:
    """The projects an organizer works in, once each, in the order their login gave them."""
    return tuple(dict.fromkeys(p for p in organizer.projects if p and p != "*"))


def list_organizer_events(organizer: auth.Organizer, project: str | None, cursor: str | None,
                          limit: int) -> Page:
    """The events of every project the organizer works in (all of them for an admin), by start time;
    `project` narrows the list to one of them (403 for a project not theirs)."""
    if project:
        if not SLUG.match(project):  # no project has such an id: a mistake, not an empty list
            raise InvalidInput(fields={"project": Text("Use lowercase letters, digits, - or _.")})
        if not organizer.can_manage(project):
            raise Forbidden()
        return store.project_events(project, cursor=cursor, limit=limit)
    if organizer.is_admin:
        return store.all_events(cursor=cursor, limit=limit)
    projects = managed_projects(organizer)
    if len(projects) == 1:  # one Query, and the same cursors as `?project=` gives
        return store.project_events(projects[0], cursor=cursor, limit=limit)
    return store.projects_events(projects, cursor=cursor, limit=limit)


def public_events(cursor: str | None, limit: int) -> Page:
    """Published events that have not ended, soonest first (drafts are skipped, not shown)."""
    items, next_cursor = store.events_starting(_now() - _LONGEST_EVENT, cursor=cursor, limit=limit)
    now = _now()
    return Page([i for i in items if i.status == EventStatus.PUBLISHED and i.ends_at > now], next_cursor)


def public_event(event_id: str) -> Event:
    return _public(store.load_event(event_id))


def event_to_register_for(event_id: str) -> Event:
    """As `public_event`, but possibly a few seconds old: see `events.recent` for why that is safe."""
    from . import recent

    return _public(recent.published_event(event_id))


def _public(event: Event | None) -> Event:
    """Drafts are not found: nobody outside the organizers knows of them."""
    if event is None or event.status == EventStatus.DRAFT:
        raise EventNotFound()
    return event
