"""The in-memory store answers as the DynamoDB store does: one scenario through the store's functions,
run on each, and every answer, refusal and record read back compared.

The scenario touches every public function of the store (a test checks that), with fixed ids and
times so both runs can be compared item for item.
"""
from __future__ import annotations

import dataclasses
import inspect
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.records import (
    Event,
    Fact,
    Institution,
    Logo,
    Message,
    PersonAnswers,
    Project,
    Quota,
    Registration,
    WaitPlace,
)
from chalicelib.store.refusals import EditRefused, Refused

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
SESSIONS = [{"id": "a", "title": {"en": "A"}, "capacity": 1, "starts_at": None, "ends_at": None},
            {"id": "b", "title": {"en": "B"}, "capacity": 2, "starts_at": None, "ends_at": None}]


def event(event_id: str, **overrides: Any) -> Event:
    values: dict[str, Any] = {
        "event_id": event_id, "kind": "workshop", "starts_at": T0 + timedelta(days=10),
        "ends_at": T0 + timedelta(days=10, hours=2), "timezone": "Europe/Warsaw", "capacity": 2, "created_at": T0,
        "updated_at": T0, "project": "re-turn", "status": "published", "title": {"en": "Workshop"},
        "sessions": SESSIONS, "session_capacity": {"a": 1, "b": 2}, "session_taken": {"a": 0, "b": 0},
        "session_waiting": {"a": 0, "b": 0}, "languages": ["pl", "en"]}
    values.update(overrides)
    return Event(**values)


def person(n: int, **overrides: Any) -> Registration:
    values: dict[str, Any] = {
        "registration_id": f"r{n:02d}", "event_id": "e1", "status": "confirmed",
        "created_at": T0 + timedelta(minutes=n), "updated_at": T0, "name": f"Person {n}",
        "email": f"p{n}@example.org", "email_hash": f"h{n}", "language": "en", "manage_hash": f"m{n}",
        "search_text": f"person {n} | p{n}@example.org", "sessions": []}
    values.update(overrides)
    return Registration(**values)


def message(n: int, registration_id: str, kind: str = "confirmation", due: datetime = T0) -> Message:
    return Message(f"msg{n:03d}", n % 4, due.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), kind, "e1", registration_id, kind)


def plain(value: Any) -> Any:
    """Records as dictionaries, lists and tuples as lists, StrEnums as their strings."""
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, str):
        return str(value)
    return value


def attempt(function: Any, *args: Any, **kwargs: Any) -> Any:
    """The answer, or the refusal as data: its kind, labels and the event it carried."""
    try:
        answer = function(*args, **kwargs)
        return plain(list(answer) if inspect.isgenerator(answer) else answer)
    except Refused as refusal:
        return {"refused": sorted(refusal.labels)}
    except EditRefused:
        return {"edit_refused": True}


def scenario() -> list[Any]:
    from chalicelib.store import (
        audit,
        checkins,
        directory,
        facts,
        outbox,
        people,
        persons,
        ratelimit,
        reports,
        search,
        suppression,
    )
    from chalicelib.store import events as events_store
    from chalicelib.store import registrations as store

    seen: list[Any] = []
    note = seen.append
    load = store.load_registration
    note(attempt(events_store.insert_event, event("e1")))
    note(attempt(events_store.insert_event, event("e1")))
    note(attempt(events_store.insert_events, [event("e2", project="epi", starts_at=T0 + timedelta(days=3),
                                                    ends_at=T0 + timedelta(days=3, hours=1)), event("e3")]))
    note(attempt(events_store.insert_events, [event("e2"), event("e4")]))
    note(plain(events_store.load_event("e4")))
    # seats: two confirmed, the third refused with the event as it was, then queued
    for n in (1, 2):
        note(attempt(store.insert, person(n), mode=store.CONFIRM, resources=["event"],
                     messages=[message(n, f"r{n:02d}")]))
    note(attempt(store.insert, person(3), mode=store.CONFIRM, resources=["event"], messages=[]))
    queued = person(3, status="waitlisted", waiting_on=["event"], queued_at="q3#r03")
    note(attempt(store.insert, queued, mode=store.WAIT, resources=["event"],
                 messages=[message(3, "r03", "waitlisted")]))
    note(attempt(store.insert, person(4, email_hash="h1"), mode=store.CONFIRM, resources=["event"], messages=[]))
    quota = Quota("mail-q", 1, timedelta(hours=1), T0)
    note(attempt(store.insert, person(8, status="pending_approval"), mode=store.HOLD, resources=["event"],
                 messages=[], quota=quota))
    note(attempt(store.insert, person(9, status="pending_approval"), mode=store.HOLD, resources=["event"],
                 messages=[], quota=quota))
    note(attempt(ratelimit.allow, "mail-q", 2, timedelta(hours=1), T0))
    note(attempt(store.insert, person(5, status="pending_approval"), mode=store.HOLD, resources=["event"],
                 messages=[], checked_against=event("e1", updated_at=T0 - timedelta(days=1))))
    note(attempt(store.insert, person(5, status="pending_approval"), mode=store.HOLD, resources=["event"],
                 messages=[], checked_against=events_store.load_event("e1")))
    note(plain(events_store.load_event("e1")))
    note(attempt(store.waitlist, "e1"))
    note([store.load_marker("e1", "h1"), store.load_marker("e1", "h9"), store.load_link("m3"), store.load_link("x")])
    # moving: approval into the queue, a promotion, a leave, the organizer's added seat
    note(attempt(store.transition, load("e1", "r05"), from_status="pending_approval", to_status="waitlisted",
                 mode=store.WAIT, resources=["event"], waiting_on=["event"], queued_at="q5#r05", messages=[],
                 now=T0))
    note(attempt(store.transition, load("e1", "r05"), from_status="pending_approval", to_status="confirmed",
                 mode=store.CONFIRM, resources=["event"], waiting_on=[], queued_at=None, messages=[], now=T0))
    note(attempt(store.promote, WaitPlace("e1", "r03", "q3#r03", [], ["event"]), ["event"], [], T0))
    note(attempt(store.release, load("e1", "r01"), to_status="cancelled", resources=["event"], messages=[],
                 now=T0, free_email=True))
    note(attempt(store.release, person(1), to_status="cancelled", resources=["event"], messages=[], now=T0,
                 free_email=True))
    note(attempt(store.promote, WaitPlace("e1", "r03", "q3#r03", [], ["event"]), ["event"], [], T0))
    note(attempt(store.promote, WaitPlace("e1", "r05", "q5#r05", [], ["event"]), ["event"], [], T0))
    note(attempt(store.promote, WaitPlace("e1", "r05", "q5#r05", [], ["event"]), ["event"], [], T0,
                 grow={"event": 2}))
    note(plain(events_store.load_event("e1")))
    # sessions: a move needs a free seat in the session joined
    note(attempt(store.insert, person(6, sessions=["a"]), mode=store.CONFIRM, resources=["event", "session:a"],
                 messages=[]))
    events_store.update_event(events_store.load_event("e1"), {"capacity": 9}, T0)
    note(attempt(store.insert, person(6, sessions=["a"]), mode=store.CONFIRM, resources=["event", "session:a"],
                 messages=[]))
    note(attempt(store.change, load("e1", "r06"), answers={"x": 1}, sessions=["b"], now=T0))
    note(attempt(store.insert, person(7, sessions=["b"]), mode=store.CONFIRM, resources=["event", "session:b"],
                 messages=[]))
    note(attempt(store.change, load("e1", "r03"), answers={}, sessions=["b"], now=T0))
    note(attempt(events_store.update_event, events_store.load_event("e1"), {"capacity": 1}, T0))
    note(attempt(events_store.update_event, events_store.load_event("e1"),
                 {"sessions": [SESSIONS[1]], "venue": "Kielce", "registration_closes_at": None}, T0))
    note(attempt(events_store.update_event, events_store.load_event("e1"),
                 {"sessions": SESSIONS + [{"id": "c", "title": {"en": "C"}, "capacity": 1}], "title": {"pl": "W"}},
                 T0 + timedelta(seconds=1)))
    note(plain(events_store.load_event("e1")))
    note([events_store.set_status("e4", ("draft",), "cancelled", T0), events_store.set_status("e4", ("published",),
                                                                                           "cancelled", T0)])
    # mail bookkeeping on registrations
    note(attempt(store.resend, load("e1", "r02"), message(20, "r02"), T0, T0 - timedelta(minutes=10)))
    note(attempt(store.resend, load("e1", "r02"), message(21, "r02"), T0, T0 - timedelta(minutes=10)))
    note(attempt(store.tell_already_registered, load("e1", "r02"), message(22, "r02"), T0, T0 - timedelta(hours=1)))
    note(attempt(store.tell_already_registered, load("e1", "r02"), message(23, "r02"), T0, T0 - timedelta(hours=1)))
    note(attempt(store.add_messages, person(99), [message(24, "r99")]))
    note(attempt(store.queue_once, [(load("e1", r), message(30 + i, r, "reminder")) for i, r in
                                    enumerate(("r02", "r03", "r01"))], "reminder:60", T0))
    note(attempt(store.queue_once, [(load("e1", "r02"), message(40, "r02", "reminder"))], "reminder:60", T0))
    note([store.mark_reconfirmed(load("e1", "r02"), T0), store.mark_reconfirmed(load("e1", "r01"), T0)])
    note([store.stop_messages("e1", "r03", T0), store.stop_messages("e1", "r03", T0 + timedelta(hours=1)),
          store.stop_messages("e1", "r77", T0), plain(load("e1", "r03"))])
    # check-in, and a door holding a stale copy
    stale = load("e1", "r02")
    note(attempt(checkins.mark_event, load("e1", "r02"), "day:2027-01-01", T0, "door"))
    note(attempt(checkins.mark_event, stale, "day:2027-01-01", T0, "door"))
    note(attempt(checkins.mark_day, load("e1", "r02"), "day:2027-01-02"))
    note(attempt(checkins.mark_day, load("e1", "r02"), "day:2027-01-02"))  # that day is recorded already
    note(attempt(checkins.mark_day, load("e1", "r06"), "day:2027-01-02"))  # never checked in at the door
    sheet = load("e1", "r02")
    mark = [{"unit": "day:2027-01-03", "present": True, "by": "o", "at": T0.isoformat()}]
    note(attempt(checkins.set_attendance, sheet, {"day:2027-01-03": True}, mark))
    note(attempt(checkins.set_attendance, sheet, {"day:2027-01-03": False}, mark * 2))  # a stale copy
    note(attempt(checkins.set_attendance, load("e1", "r02"), {"day:2027-01-03": False}, mark * 2))
    note(load("e1", "r02"))
    note(attempt(checkins.mark_session, load("e1", "r06"), "b", T0, "door"))
    note(attempt(checkins.mark_session, load("e1", "r06"), "b", T0, "door"))
    note(attempt(checkins.mark_session, load("e1", "r06"), "a", T0, "door"))
    note(attempt(checkins.registrations_from, "e1", None, 3))
    # lists, filters, pages
    note(attempt(store.list_registrations, "e1", cursor=None, limit=3))
    first = store.list_registrations("e1", cursor=None, limit=3)
    note(attempt(store.list_registrations, "e1", cursor=first.next, limit=3))
    for filters in ({"statuses": ["confirmed"]}, {"session": "b"}, {"checked_in": True}, {"checked_in": False},
                    {"words": [["person"], ["3"]]}, {"statuses": ["confirmed", "waitlisted"], "budget": 2}):
        note(attempt(search.find_registrations, "e1", cursor=None, limit=2, **filters))
    note(attempt(store.with_status, "e1", ("confirmed", "cancelled")))
    # erasure: personal data and its links go, the counts stay
    note(attempt(store.erase, load("e1", "r03"), T0, T0 + timedelta(days=30)))
    note(attempt(store.erase, load("e1", "r03"), T0, T0 + timedelta(days=30)))
    note([plain(load("e1", "r03")), store.load_link("m3"), store.load_marker("e1", "h3")])
    # events by time and by project, page by page
    for limit in (1, 2, 5):
        page = events_store.events_starting(T0, cursor=None, limit=limit)
        note([plain(page), plain(events_store.events_starting(T0, cursor=page.next, limit=limit)) if page.next else 0])
    note(attempt(events_store.events_starting, T0, T0 + timedelta(days=5)))
    note(attempt(events_store.project_events, "epi"))
    for limit in (1, 2, 3):  # several projects merged by start time, page by page to the end
        pages, cursor = [], None
        while len(pages) < 5:
            page = events_store.projects_events(["re-turn", "epi", "none"], cursor=cursor, limit=limit)
            pages.append(plain(page))
            if not (cursor := page.next):
                break
        note(pages)
    note(attempt(events_store.projects_events, ["epi"], limit=1))
    note(attempt(events_store.all_events, limit=2))
    events_store.mark_done("e1", "reminders_done", 60)
    events_store.keep_stats("e1", {"registrations": 7})
    note([attempt(events_store.announce_change, "e1"), attempt(events_store.announce_change, "e1"),
          attempt(events_store.announce_change, "missing")])
    events_store.mark_erased("e1", T0)
    note(plain(events_store.load_event("e1")))
    note([plain(events_store.load_with_registration(*ids)) for ids in (("e1", "r02"), ("e1", "r99"), ("zz", "r02"))])
    note(plain(events_store.after_refusal(events_store.load_event("e1"), None)))
    note(attempt(events_store.move_all_counters))
    note(attempt(reports.project_events_starting, "re-turn", T0, T0 + timedelta(days=30)))
    note(attempt(reports.registration_facts, "e1"))
    kept = [Fact("p1", "confirmed", True, "uk", ("migrants",), "UA", "r01"), Fact("r-r09", "waitlisted", False, "pl",
                                                                           ref="r09"),
            Fact("p1", "cancelled", False, "uk", ref="r03")]  # the same person, cancelled and signed up again
    note(attempt(facts.keep_facts, "e1", kept, T0 + timedelta(days=2000)))
    note(attempt(facts.keep_facts, "e1", kept, T0 + timedelta(days=2000)))  # a run cut off, then again
    note(attempt(facts.facts_of, "e1"))
    note(attempt(facts.facts_of, "e2"))
    said = PersonAnswers("re-turn", "p1", {"gender": "female", "disability": "yes"}, T0, T0, "re-turn-v1")
    note([attempt(persons.save_answers, said, T0 + timedelta(days=2000)),
          attempt(persons.save_answers, replace(said, answers={}), T0 + timedelta(days=2000))])
    note([attempt(persons.load_answers, "re-turn", "p1"), attempt(persons.load_answers, "epi", "p1")])
    note(attempt(persons.answers_of_project, "re-turn"))
    persons.forget("re-turn", "p1")
    persons.forget("re-turn", "nobody")
    note([attempt(persons.load_answers, "re-turn", "p1"), attempt(persons.answers_of_project, "re-turn")])
    note([attempt(people.registrations_of, "h2"), sorted(people.events_by_id(["e1", "e2", "zz"]))])
    # the outbox
    outbox.put_many([message(50, "r02", "organizer_message", T0 - timedelta(minutes=5))])
    due = list(outbox.due_messages(T0))
    note(plain(due))
    claimed = outbox.claim(outbox.message_ref(due[0]), T0, timedelta(minutes=2))
    note([plain(claimed), plain(outbox.claim(outbox.message_ref(due[0]), T0, timedelta(minutes=2)))])
    gone = {**outbox.message_ref(due[0]), "sk": "2000-01-01T00:00:00.000000Z#nothing"}
    note([outbox.claim(ref, T0, timedelta(minutes=2)) for ref in (gone, {"pk": "EVENT#e1", "sk": "META"},
                                                                   {"pk": "x"}, "x", None)])
    outbox.release(claimed, "SES said no", T0 + timedelta(minutes=1))
    note(plain(outbox.load(outbox.message_ref(due[0]))))
    outbox.mark_sent(due[1], load("e1", "r02"), T0)
    outbox.discard(due[2])
    note([plain(load("e1", "r02").emails_sent), len(list(outbox.due_messages(T0 + timedelta(days=1))))])
    # suppression, limits, the logs
    suppression.suppress("h2", "bounce", T0)
    note([plain(suppression.suppression_of("h2")), suppression.suppression_of("h3"),
          suppression.suppressed_among({"h2", "h3"})])
    suppression.note_problem(load("e1", "r02"), "confirmation: bounced")
    note(load("e1", "r02").delivery_problem)
    note([ratelimit.allow("k", 2, timedelta(minutes=10), T0) for _ in range(3)])
    for n in range(3):
        audit.record_export(event_id="e1", project="re-turn", organizer_id="o", organizer_email="o@x",
                            file_format="csv", filters={}, rows=n, size=10, delivery="inline",
                            at=T0 + timedelta(minutes=n), export_id=f"x{n}")
    page = audit.list_exports("e1", cursor=None, limit=2)
    note([plain(page), plain(audit.list_exports("e1", cursor=page.next, limit=2))])
    audit.record_admin_action("privacy", "search", organizer_id="o", organizer_email="o@x", at=T0, registrations=1)
    note([(a.action, a.registrations) for a in audit.recent_admin_actions("privacy")])
    note([audit.audit_pk("e1"), audit.admin_log_pk("privacy")])
    # the directory: institutions, projects, logos
    city = Institution("lublin", {"pl": "Urząd Miasta Lublin", "en": "City of Lublin"}, address="Plac Łokietka 1",
                       controller={"pl": "Prezydent Miasta Lublin"}, statement_published=T0.date(), updated_at=T0)
    directory.save_institution(city)
    directory.save_institution(replace(city, institution_id="kielce", name={"pl": "Urząd Marszałkowski"}))
    directory.save_project(Project("epi", "lublin", {"en": "EPI"}, funding={"pl": "Współfinansowane…"},
                                   eu_emblem=True, funder_logos=["l1"], privacy_changed=T0.date(), updated_at=T0))
    note([plain(directory.load_institution("lublin")), directory.load_institution("none"),
          plain(directory.list_institutions()), plain(directory.load_project("epi")), directory.load_project("x"),
          plain(directory.list_projects()), plain(directory.list_directory())])
    directory.save_logo(Logo("l1", "image/png", b"\x89PNG\r\n\x1a\n\x00", "project:epi", T0))
    note([plain(directory.load_logo("l1")), directory.load_logo("l2")])
    directory.delete_logo("l1")
    note(directory.load_logo("l1"))
    return seen


def diff(left: Any, right: Any, path: str = "") -> str:
    """Where two plain values first differ, for the failure message."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right)):
            if left.get(key) != right.get(key):
                return diff(left.get(key), right.get(key), f"{path}.{key}")
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            if a != b:
                return diff(a, b, f"{path}[{index}]")
    return f"{path}: memory {left!r}, dynamodb {right!r}"


@pytest.fixture
def moto_store():
    """The real store on moto, in place of the memory one this layer installs by default."""
    import boto3
    from moto import mock_aws

    from chalicelib.store.table import create_table
    from devstack.inprocess import reset_clients
    from tests.conftest import TEST_ENV

    with mock_aws():
        reset_clients()
        create_table(boto3.client("dynamodb"), TEST_ENV["TABLE_NAME"])
        yield
    reset_clients()


def test_the_memory_store_answers_as_the_dynamodb_store(monkeypatch, moto_store):
    on_memory = scenario()
    monkeypatch.undo()  # the store's own functions again, on moto
    from tests.conftest import TEST_ENV

    monkeypatch.setenv("TABLE_NAME", TEST_ENV["TABLE_NAME"])
    on_dynamodb = scenario()
    assert len(on_memory) == len(on_dynamodb)
    for step, (memory, dynamodb) in enumerate(zip(on_memory, on_dynamodb, strict=True)):
        assert memory == dynamodb, f"step {step}: {diff(memory, dynamodb)}"


def test_the_scenario_touches_every_function_of_the_store(monkeypatch):
    import importlib

    from tests.memory import MODULES, public_functions

    monkeypatch.undo()  # the store's own functions, to list them
    source = inspect.getsource(scenario)
    untouched = {f"{module}.{name}" for module in MODULES
                 for name in public_functions(importlib.import_module(f"chalicelib.store.{module}"))
                 if f".{name}" not in source}
    assert untouched == {"events.with_counters"}  # index items to records: the memory store keeps records
