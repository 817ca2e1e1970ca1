"""Organizer actions on events and the views of an event that clients read."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from .. import auth
from ..config import settings
from ..errors import EventNotFound, Forbidden, InvalidInput, InvalidTransition, Text
from ..fields import pick_language
from ..store import events as store
from ..store.keys import META, event_pk, new_id
from ..store.models import EventItem
from .spec import DEFAULT_REMINDERS, check_times, read_event_fields, reminder_offset_label
from .window import registration_state, seats_left, session_seats_left

_LONGEST_EVENT = timedelta(days=31)


def _now() -> datetime:
    return datetime.now(UTC)


def _apply_invite_codes(event_id: str, values: dict[str, Any]) -> None:
    codes = values.pop("invite_codes", None)
    if codes is not None:
        values["invite_code_hashes"] = sorted({auth.invite_code_hash(event_id, c) for c in codes})


def create_event(organizer: auth.Organizer, data: Any) -> EventItem:
    cfg = settings()
    values = read_event_fields(data, cfg.languages, creating=True)
    check_times(values)
    project = values.pop("project", None) or (organizer.projects[0] if organizer.projects and
                                              organizer.projects[0] != "*" else "default")
    if not organizer.can_manage(project):
        raise Forbidden(fields={"project": Text("You do not have access to this project.")})
    event_id = new_id(6)
    _apply_invite_codes(event_id, values)
    now = _now()
    sessions = values.pop("sessions", [])
    item = EventItem(
        event_pk(event_id), META, event_id=event_id, project=project, status="draft",
        created_at=now, updated_at=now, created_by=organizer.organizer_id,
        languages=values.pop("languages", None) or list(cfg.languages),
        reminders=values.pop("reminders", None) or list(DEFAULT_REMINDERS),
        retention_days=values.pop("retention_days", None) or cfg.retention_days_default,
        audiences=values.pop("audiences", None) or [],
        sessions=sessions,
        session_capacity={s["id"]: s["capacity"] for s in sessions},
        session_taken={s["id"]: 0 for s in sessions},
        session_waiting={s["id"]: 0 for s in sessions},
        **store.index_keys(event_id, project, values["starts_at"]),
        **{k: v for k, v in values.items() if v is not None},
    )
    store.insert_event(item)
    return item


def organizer_event(organizer: auth.Organizer, event_id: str, *, consistent: bool = False) -> EventItem:
    """The event if this organizer may see it; an unknown and a foreign event look the same."""
    item = store.load_event(event_id, consistent=consistent)
    if item is None or not organizer.can_manage(item.project):
        raise EventNotFound()
    return item


def update_event(organizer: auth.Organizer, event_id: str, data: Any) -> EventItem:
    item = organizer_event(organizer, event_id, consistent=True)
    if item.status == "cancelled":
        raise InvalidTransition(Text("A cancelled event cannot be changed."))
    values = read_event_fields(data, settings().languages, creating=False)
    merged = {"starts_at": item.starts_at, "ends_at": item.ends_at,
              "registration_opens_at": item.registration_opens_at,
              "registration_closes_at": item.registration_closes_at}
    merged.update({k: v for k, v in values.items() if k in merged})
    check_times(merged)
    if "project" in values and not organizer.can_manage(values["project"]):
        raise Forbidden(fields={"project": Text("You do not have access to this project.")})
    _apply_invite_codes(event_id, values)
    if "starts_at" in values or "project" in values:
        values.update(store.index_keys(event_id, values.get("project", item.project),
                                   values.get("starts_at", item.starts_at)))
    for name in ("languages", "reminders"):
        if name in values and not values[name]:
            values.pop(name)
    try:
        store.update_event(item, values, _now())
    except store.EditRefused:
        raise InvalidInput(fields={"capacity": Text(
            "Capacity cannot be lower than the seats already taken, and a session with people "
            "in it cannot be removed.")}) from None
    return store.load_event(event_id, consistent=True) or item


def publish_event(organizer: auth.Organizer, event_id: str) -> EventItem:
    item = organizer_event(organizer, event_id)
    if item.status != "published" and not store.set_status(item, ("draft",), "published", _now()):
        raise InvalidTransition(Text("Only a draft event can be published."))
    return store.load_event(event_id, consistent=True) or item


def cancel_event(organizer: auth.Organizer, event_id: str) -> EventItem:
    item = organizer_event(organizer, event_id)
    if item.status != "cancelled" and not store.set_status(item, ("draft", "published"), "cancelled", _now()):
        raise InvalidTransition()
    return store.load_event(event_id, consistent=True) or item


def list_organizer_events(organizer: auth.Organizer, project: str | None, cursor: str | None,
                          limit: int) -> tuple[list[EventItem], str | None]:
    if project:
        if not organizer.can_manage(project):
            raise Forbidden()
        return store.project_events(project, cursor=cursor, limit=limit)
    if organizer.is_admin:
        return store.all_events(cursor=cursor, limit=limit)
    if len(organizer.projects) != 1:
        raise InvalidInput(fields={"project": Text("Choose a project.")})
    return store.project_events(organizer.projects[0], cursor=cursor, limit=limit)


def public_events(cursor: str | None, limit: int) -> tuple[list[EventItem], str | None]:
    """Published events that have not ended, soonest first (drafts are skipped, not shown)."""
    items, next_cursor = store.events_starting(_now() - _LONGEST_EVENT, cursor=cursor, limit=limit)
    now = _now()
    return [i for i in items if i.status == "published" and i.ends_at > now], next_cursor


def public_event(event_id: str) -> EventItem:
    return _public(store.load_event(event_id))


def event_to_register_for(event_id: str) -> EventItem:
    """As `public_event`, but possibly a few seconds old: see `events.recent` for why that is safe."""
    from . import recent

    return _public(recent.published_event(event_id))


def _public(item: EventItem | None) -> EventItem:
    """Drafts are not found: nobody outside the organizers knows of them."""
    if item is None or item.status == "draft":
        raise EventNotFound()
    return item


def _iso(value: datetime | None, zone: str) -> str | None:
    if value is None:
        return None
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(zone)).isoformat()


def public_view(item: EventItem, language: str) -> dict[str, Any]:
    """What anyone may read about an event, in the reader's language."""
    state = registration_state(item, _now())
    zone = item.timezone
    return {
        "id": item.event_id, "kind": item.kind, "status": item.status,
        "title": pick_language(item.title.as_dict(), language),
        "description": pick_language(item.description.as_dict(), language),
        "starts_at": _iso(item.starts_at, zone), "ends_at": _iso(item.ends_at, zone), "timezone": zone,
        "venue": item.venue, "capacity": int(item.capacity), "seats_left": seats_left(item),
        "waitlist_open": bool(item.waitlist_enabled) and state == "open",
        "registration": state,
        "registration_opens_at": _iso(item.registration_opens_at, zone),
        "registration_closes_at": _iso(item.registration_closes_at, zone),
        "languages": list(item.languages), "audiences": list(item.audiences),
        "requires_approval": item.requires_approval, "invite_only": item.invite_only,
        "double_opt_in": item.double_opt_in,
        "questions": [_localized_question(q, language) for q in item.questions],
        "sessions": [{"id": s["id"], "title": pick_language(s["title"], language),
                      "starts_at": s.get("starts_at"), "ends_at": s.get("ends_at"),
                      "capacity": s["capacity"], "seats_left": session_seats_left(item, s["id"])}
                     for s in item.sessions],
    }


def _localized_question(question: dict, language: str) -> dict:
    view = dict(question, label=pick_language(question["label"], language),
                help=pick_language(question.get("help") or {}, language))
    if "options" in question:
        view["options"] = [{"id": o["id"], "label": pick_language(o["label"], language)}
                           for o in question["options"]]
    return view


def organizer_view(item: EventItem) -> dict[str, Any]:
    """Everything an organizer set, as they set it, plus the live counters."""
    zone = item.timezone
    return {
        "id": item.event_id, "project": item.project, "status": item.status, "kind": item.kind,
        "title": item.title.as_dict(), "description": item.description.as_dict(),
        "starts_at": _iso(item.starts_at, zone), "ends_at": _iso(item.ends_at, zone), "timezone": zone,
        "venue": item.venue, "capacity": int(item.capacity),
        "confirmed": int(item.taken), "waitlisted": int(item.waiting), "seats_left": seats_left(item),
        "pending": int(item.pending or 0),
        "checked_in": int(item.checked_in or 0), "session_checked_in": item.session_checked_in.as_dict(),
        "registration_opens_at": _iso(item.registration_opens_at, zone),
        "registration_closes_at": _iso(item.registration_closes_at, zone),
        "languages": list(item.languages), "audiences": list(item.audiences),
        "questions": item.questions, "sessions": [
            dict(s, confirmed=int(item.session_taken.as_dict().get(s["id"], 0)),
                 seats_left=session_seats_left(item, s["id"])) for s in item.sessions],
        "requires_approval": item.requires_approval, "invite_only": item.invite_only,
        "invite_codes_count": len(item.invite_code_hashes), "double_opt_in": item.double_opt_in,
        "waitlist_enabled": item.waitlist_enabled,
        "reminders": [reminder_offset_label(int(m)) for m in item.reminders],
        "retention_days": int(item.retention_days),
        "reconfirm_days": int(item.reconfirm_days) if item.reconfirm_days else None,
        "reconfirm_hours": int(item.reconfirm_hours),
        "personal_data_erased_at": item.erased_at.isoformat() if item.erased_at else None,
        "anonymous_stats": item.anonymous_stats,
        "created_at": item.created_at.isoformat(), "updated_at": item.updated_at.isoformat(),
    }
