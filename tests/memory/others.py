"""store/suppression.py, store/ratelimit.py, store/audit.py and store/persons.py in memory."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from chalicelib.records import AdminAction, ExportRecord, Page, PersonAnswers, Registration, Suppression, new_id
from chalicelib.store.pages import decode_cursor, encode_cursor

from .state import state

# --- suppression ---


def suppress(email_hash: str, reason: str, at: datetime) -> None:
    state().suppressions[email_hash] = (reason[:200], at)


def suppression_of(email_hash: str | None) -> Suppression | None:
    found = state().suppressions.get(email_hash or "")
    return Suppression(*found) if found else None


def suppressed_among(email_hashes: set[str]) -> dict[str, str]:
    return {h: state().suppressions[h][0] for h in email_hashes if h in state().suppressions}


def note_problem(registration: Registration, problem: str) -> None:
    key = (registration.event_id, registration.registration_id)
    with state().lock:
        stored = state().registrations.get(key)
        if stored is None:
            raise LookupError("the registration is gone")  # as the conditional update refuses
        state().registrations[key] = replace(stored, delivery_problem=problem[:300])


# --- rate limits ---

def allow(key: str, limit: int, window: timedelta, now: datetime) -> bool:
    slot = str(int(now.timestamp()) // int(window.total_seconds()))
    with state().lock:
        hits = state().counters.get((key, slot), 0)
        if hits >= limit:
            return False
        state().counters[(key, slot)] = hits + 1
        return True


# --- audit ---

def audit_pk(event_id: str) -> str:
    return f"AUDIT#{event_id}"


def admin_log_pk(area: str) -> str:
    return f"ADMINLOG#{area}"


def record_export(*, event_id: str, project: str, organizer_id: str, organizer_email: str, file_format: str,
                  filters: dict[str, Any], rows: int, size: int, delivery: str, at: datetime,
                  export_id: str | None = None) -> None:
    state().exports.append(ExportRecord(export_id or new_id(8), event_id, project, organizer_id, organizer_email,
                                        file_format, filters, rows, size, delivery, at))


def list_exports(event_id: str, *, cursor: str | None, limit: int) -> Page:
    pk = audit_pk(event_id)
    mine = sorted((e for e in state().exports if e.event_id == event_id),
                  key=lambda e: f"{e.at.isoformat()}#{e.export_id}", reverse=True)
    start = decode_cursor(cursor, pk=pk)
    if start:
        mine = [e for e in mine if f"{e.at.isoformat()}#{e.export_id}" < start["sk"]["S"]]
    items = mine[:limit]
    last = items[-1] if len(mine) > limit else None
    return Page(items, encode_cursor({"pk": {"S": pk}, "sk": {"S": f"{last.at.isoformat()}#{last.export_id}"}})
                if last else None)


def record_admin_action(area: str, action: str, *, organizer_id: str, organizer_email: str, at: datetime,
                        target: str = "", registrations: int | None = None,
                        details: dict[str, Any] | None = None) -> None:
    from chalicelib.store.audit import ADMIN_AREAS

    if area not in ADMIN_AREAS:
        raise ValueError(area)
    state().admin_log.append(AdminAction(new_id(8), area, action, organizer_id, organizer_email, at, target,
                                         registrations, details or {}))


def recent_admin_actions(area: str, *, limit: int = 20) -> list[AdminAction]:
    mine = [a for a in state().admin_log if a.area == area]
    return sorted(mine, key=lambda a: f"{a.at.isoformat()}#{a.entry_id}", reverse=True)[:limit]


# --- store/persons.py -------------------------------------------------------------------------

def load_answers(project: str, person: str) -> PersonAnswers | None:
    return state().persons.get((project, person))


def save_answers(answers: PersonAnswers, expires_at: datetime) -> bool:
    with state().lock:
        if (answers.project, answers.person) in state().persons:
            return False
        state().persons[(answers.project, answers.person)] = answers
        return True


def answers_of_project(project: str) -> dict[str, dict[str, str]]:
    return {person: dict(found.answers) for (p, person), found in sorted(state().persons.items()) if p == project}


def forget(project: str, person: str) -> None:
    state().persons.pop((project, person), None)
