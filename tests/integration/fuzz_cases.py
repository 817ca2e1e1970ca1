"""How the API fuzzing (test_api_fuzz.py) prepares a generated request before sending it.

Path parameters point at real events, registrations, tokens, projects and logos most of the time
(else nearly everything would be a 404). A part of the request that was generated valid is then
kept valid against what openapi.yaml cannot say in JSON Schema: rules across fields (an end after
its start, ids unique within a list) and rules on stored state (a session of this event, a cursor
the list gave, an institution that exists). Each such rule is in the operation's description; the
function that keeps it names it. A part generated invalid is left as it is: it must be refused.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import requests
from schemathesis.core.parameters import ParameterLocation

from chalicelib import auth
from chalicelib.fields import clean_text
from tests.factories import admin

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'
HOUR = timedelta(hours=1)
LONGEST_REPORT = timedelta(days=1830)  # five years of 366 days, as reports/service.py counts


@dataclass
class World:
    """Real things for path parameters to point at."""

    main: str  # published, open, a few people (confirmed and waitlisted), optional questions
    with_sessions: str  # published, two sessions (morning, noon), people in them
    draft: str
    approval: str  # requires approval: registrations waiting for it
    opt_in: str  # double opt-in: registrations waiting for their address to be confirmed
    to_cancel: str  # the cancel route's own event
    to_patch: str  # the PATCH route's own event
    started: str  # began yesterday: attendance can be marked (on its first day, `started_day`)
    started_day: str
    institution: str
    project: str  # a project record that asks the funder's questions
    logos: list[str]  # the project's funder logos: the remove route has several to remove
    asking_tokens: list[str]  # manage tokens of people in that project's event
    keeping_tokens: list[str]  # confirmed seats no other operation cancels: "still coming?" can keep them
    to_reject: str  # requires approval: a queue of applicants for the reject route alone
    registrations: dict[str, list[str]]  # event id -> registration ids
    tokens: list[str]
    codes: list[str]  # check-in codes of the main event

    def events(self) -> list[str]:
        return [self.main, self.with_sessions, self.draft, self.approval, self.opt_in]


def pick(case: Any, salt: str) -> int:
    """A number that depends only on the generated case, so a replayed example is the same request."""
    seen = repr((case.operation.label, case.path_parameters, case.query, case.body, salt))
    return int.from_bytes(hashlib.sha256(seen.encode("utf-8", "surrogatepass")).digest()[:4], "big")


def prepare(case: Any, world: World, http: requests.Session, base_url: str) -> None:
    """Point the case at real things and keep its valid parts valid; then schemathesis judges the
    request as it will be sent (positive or negative), not as it was drawn."""
    meta = case.meta
    valid = {location for location in ParameterLocation if _drawn_valid(meta, location)}
    operation = case.operation.definition.raw.get("operationId", "")
    if ParameterLocation.PATH in valid:
        _point_at_real_things(case, world)
    if ParameterLocation.QUERY in valid and isinstance(case.query, dict):
        _keep_query_valid(case, world, http, base_url)
    if ParameterLocation.BODY in valid:
        if operation in ("uploadInstitutionLogo", "uploadProjectLogo"):
            # The body is the image (a file that is not one is a 400): an upload drawn valid sends a real one.
            # Schemathesis cannot validate bytes, so the case stays the valid case it was drawn as.
            case.body = SVG if case.media_type == "image/svg+xml" else _png()
            meta.clear_dirty(ParameterLocation.BODY)
        elif isinstance(case.body, dict) and operation in BODIES:
            BODIES[operation](case, world)
    case.meta  # noqa: B018 - judged as sent: schemathesis re-checks what was changed


def _drawn_valid(meta: Any, location: ParameterLocation) -> bool:
    """Whether that part of the request was drawn valid (the parts of an example have no mode of their own)."""
    part = meta.components.get(location)
    return meta.generation.mode.is_positive if part is None else not part.mode.is_negative


def _point_at_real_things(case: Any, world: World) -> None:
    """Most cases name a real event (and registration or token); the rest keep the generated ids."""
    path = case.operation.path
    params = case.path_parameters
    if not params:
        return
    if "event_id" in params and pick(case, "event") % 5:
        if path.endswith("/cancel"):
            event_id = world.to_cancel
        elif case.method.upper() == "PATCH":
            event_id = world.to_patch
        elif path.endswith(("/attendance", "/certificate", "/certificates.pdf")):
            event_id = world.started
        elif path.endswith("/reject"):
            event_id = world.to_reject
        elif "registration_id" in params:
            event_id = world.approval if pick(case, "which") % 3 else world.main
        else:
            events = world.events()
            event_id = events[pick(case, "which") % len(events)]
        params["event_id"] = event_id
        if "registration_id" in params and pick(case, "registration") % 4:
            people = world.registrations[event_id]
            params["registration_id"] = people[pick(case, "who") % len(people)]
    if "token" in params and pick(case, "token") % 4:
        people = (world.asking_tokens if path.endswith("/characteristics")
                  else world.keeping_tokens if path.endswith("/still-coming") else world.tokens)
        params["token"] = people[pick(case, "who") % len(people)]
    if "project_id" in params and pick(case, "project") % 4:
        params["project_id"] = world.project
    if "logo_id" in params and pick(case, "logo") % 4:
        params["logo_id"] = world.logos[pick(case, "which logo") % len(world.logos)]
    if "institution_id" in params and pick(case, "institution") % 4:
        params["institution_id"] = world.institution


def _event(case: Any) -> str:
    return (case.path_parameters or {}).get("event_id", "")


def _a_session_of(case: Any, world: World) -> str:
    """The one value a session filter or choice may take on this event: one of its sessions, or none."""
    return "morning" if _event(case) == world.with_sessions else ""


def _keep_query_valid(case: Any, world: World, http: requests.Session, base_url: str) -> None:
    query = case.query
    if query.get("cursor"):
        _real_cursor(case, http, base_url)
    if "session" in query and str(query["session"]).strip():  # a session of this event
        query["session"] = _a_session_of(case, world)
    if query.get("from") and query.get("to"):  # `to` not before `from`, and at most five years on
        start, end = sorted(date.fromisoformat(query[name]) for name in ("from", "to"))
        query["from"], query["to"] = str(max(start, end - LONGEST_REPORT)), str(end)


def _real_cursor(case: Any, http: requests.Session, base_url: str) -> None:
    """A cursor is only what the same list gave as `next`: ask for its first page of one."""
    query = {name: value for name, value in case.query.items() if name not in ("cursor", "limit")}
    path = case.formatted_path
    headers = ({"Authorization": f"Bearer {auth.issue_organizer_token(admin())}"}
               if path.startswith("/api/organizer/") else {})
    first = http.get(base_url + path, params={**query, "limit": 1}, headers=headers, timeout=60)
    given = first.json().get("next") if first.status_code == 200 else None
    if given:
        case.query["cursor"] = given
    else:
        del case.query["cursor"]


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _in_order(body: dict[str, Any], first: str, then: str, *, both: bool = False) -> None:
    """`then` after `first` when both are given; `both`: a change names the pair, so the stored one
    it would be checked against does not matter (a change of one alone is checked with the other)."""
    start, end = _moment(body.get(first)), _moment(body.get(then))
    if both and (start is None) != (end is None):
        start, end = (start, start + HOUR) if start else (end - HOUR, end)  # type: ignore[operator]
    if start is None or end is None:
        return
    if end < start:
        start, end = end, start
    elif end == start:
        start, end = (start, end + HOUR) if (end + HOUR).year <= 2100 else (start - HOUR, end)
    body[first], body[then] = start.isoformat(), end.isoformat()


def _unique_ids(items: Any) -> list[str]:
    """Ids unique within their list (a repeated one gets a suffix); the ids, in order."""
    seen: list[str] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            if item["id"] in seen:
                item["id"] = f"{item['id'][:30]}-{len(seen)}"
            seen.append(item["id"])
    return seen


def _questions_in_order(questions: Any) -> None:
    """Ids unique within the list, and `show_if` naming an earlier question of it."""
    _unique_ids(questions)
    earlier: list[str] = []
    for question in questions if isinstance(questions, list) else []:
        if not isinstance(question, dict):
            continue
        condition = question.get("show_if")
        if isinstance(condition, dict) and condition.get("question") not in earlier:
            if earlier:
                condition["question"] = earlier[0]
            else:
                question["show_if"] = None
        if isinstance(question.get("id"), str):
            earlier.append(question["id"])


def _event_body(case: Any, world: World) -> None:
    body = case.body
    changing = case.method.upper() == "PATCH"
    _in_order(body, "starts_at", "ends_at", both=changing)  # the end after the start
    _in_order(body, "registration_opens_at", "registration_closes_at", both=changing)  # closing after opening
    _questions_in_order(body.get("questions"))
    if isinstance(body.get("survey"), dict):
        _questions_in_order(body["survey"].get("questions"))
    _unique_ids(body.get("sessions"))  # session ids unique within the event
    for session in body.get("sessions") if isinstance(body.get("sessions"), list) else []:
        if isinstance(session, dict):
            _in_order(session, "starts_at", "ends_at")  # a session's end after its start
    title = body.get("title")
    if changing and isinstance(title, dict) and not any(isinstance(t, str) and clean_text(t) for t in title.values()):
        title["en"] = "Fuzz"  # a title keeps at least one language: this change alone need not remove them all


def _sign_up(case: Any, world: World) -> None:
    """Answers to this event's questions, and one of its sessions where it has them."""
    body = case.body
    if isinstance(body.get("answers"), dict):
        body["answers"] = {"diet": "o2"} if _event(case) == world.main and pick(case, "diet") % 2 else {}  # vegan
    session = _a_session_of(case, world)
    if session or body.get("sessions"):
        body["sessions"] = [session] if session else None


def _check_in(case: Any, world: World) -> None:
    """A session of this event (or the door); a third of the codes are real ones."""
    body = case.body
    if body.get("session"):
        body["session"] = _a_session_of(case, world) or None
    if pick(case, "code") % 3 == 0:
        body.pop("registration_id", None)
        body["code"] = world.codes[pick(case, "who") % len(world.codes)]


def _attendance(case: Any, world: World) -> None:
    """A unit of this event: its first day (the event that started has no sessions)."""
    case.body["unit"] = world.started_day


def _project(case: Any, world: World) -> None:
    """An institution that exists."""
    if "institution" in case.body:
        case.body["institution"] = world.institution


def _characteristics(case: Any, world: World) -> None:
    """Half of the answers are a plain one the project asks, so that some are kept."""
    if pick(case, "answers") % 2:
        case.body.clear()
        case.body["gender"] = "female"


BODIES = {"createEvent": _event_body, "updateEvent": _event_body, "register": _sign_up, "checkIn": _check_in,
          "markAttendance": _attendance, "createProject": _project, "updateProject": _project,
          "characteristicsAnswers": _characteristics}


def _png() -> bytes:
    """A 1x1 grey PNG, checksums and all."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))
