"""Choosing a session or slot, through both doors: a taken slot is offered again with the free
ones (API: 409 `session_full` naming it), waiting for it is the person's explicit choice, and then
the e-mail and the manage page say what they wait for; overlapping sessions of an exclusive event
are refused by name."""
from __future__ import annotations

import email
import email.policy
import json
import re
from datetime import datetime, timedelta
from html import unescape
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

from chalicelib import auth
from chalicelib.store import events as event_store
from chalicelib.store import registrations as store
from tests import mailbox
from tests.factories import person, published_event

pytestmark = pytest.mark.usefixtures("aws")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Content-Type": "application/json"}
WARSAW = ZoneInfo("Europe/Warsaw")
DAY = (datetime.now(WARSAW) + timedelta(days=20)).replace(hour=0, minute=0, second=0, microsecond=0)


def at(hour: int, minute: int = 0, day: int = 0) -> str:
    return (DAY + timedelta(days=day)).replace(hour=hour, minute=minute).isoformat()


def consultation():
    slots = [{"id": f"slot-{h:02d}00", "title": f"{h:02d}:00\u2013{h:02d}:30", "capacity": 1,
              "starts_at": at(h), "ends_at": at(h, 30)} for h in (9, 10, 11)]
    slots.append({"id": "slot-0900-b", "title": "09:00\u201309:30", "capacity": 1,
                  "starts_at": at(9, day=1), "ends_at": at(9, 30, day=1)})
    return published_event(kind="consultation", sessions=slots, starts_at=at(9), ends_at=at(10, day=1), capacity=10)


def conference(**overrides):
    sessions = [{"id": "keynote", "title": {"en": "Keynote", "uk": "Пленарна доповідь"}, "capacity": 50,
                 "starts_at": at(9), "ends_at": at(11)},
                {"id": "lab", "title": {"en": "Lab", "uk": "Лабораторія"}, "capacity": 50,
                 "starts_at": at(10), "ends_at": at(12)},
                {"id": "panel", "title": {"en": "Panel"}, "capacity": 50, "starts_at": at(12), "ends_at": at(13)}]
    return published_event(kind="conference", sessions=sessions, starts_at=at(9), ends_at=at(13), capacity=100,
                           **overrides)


def api(client, event_id: str, data: dict):
    response = client.http.post(f"/api/events/{event_id}/registrations", headers=JSON, body=json.dumps(data))
    return response.status_code, json.loads(response.body)


def form(web, event_id: str, n: int, sessions: list[str], language: str = "en", **extra: str):
    fields = [("name", f"Person {n}"), ("email", f"person{n}@example.com"), ("consent", "on"), ("lang", language),
              *(("session", s) for s in sessions), *extra.items()]
    return web.post(f"/events/{event_id}", headers=FORM, body=urlencode(fields))


def counters(event_id: str) -> tuple:
    event = event_store.load_event(event_id)
    return event.taken, event.waiting, event.session_taken, event.session_waiting


def labels_of(html: str) -> dict[str, str]:
    """{session id: its label's text} of the form's session picker."""
    found = re.findall(r'<label for="session-([^"]+)">(.*?)</label>', html, re.DOTALL)
    return {sid: " ".join(re.sub(r"<[^>]+>", "", unescape(text)).split()) for sid, text in found}


def strict(message: email.message.EmailMessage) -> email.message.EmailMessage:
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.strict)


def test_the_api_refuses_a_taken_slot_with_409_naming_it_and_writes_nothing(client):
    event = consultation()
    assert api(client, event.event_id, person(1, sessions=["slot-0900"]))[0] == 201
    before, sent = counters(event.event_id), len(mailbox.sent())
    status, body = api(client, event.event_id, person(2, sessions=["slot-0900"], language="uk"))
    assert status == 409 and body["error"]["code"] == "session_full"
    assert body["error"]["sessions"] == ["slot-0900"] and "09:00–09:30" in body["error"]["fields"]["sessions"]
    assert counters(event.event_id) == before and len(mailbox.sent()) == sent
    status, body = api(client, event.event_id, person(2, sessions=["slot-0900"], waitlist=True))
    assert (status, body["status"]) == (201, "waitlisted")
    status, body = api(client, event.event_id, person(3, sessions=["slot-1000"], waitlist="yes"))
    assert status == 400 and set(body["error"]["fields"]) == {"waitlist"}


def test_the_form_offers_the_taken_slot_again_marked_with_the_free_ones_by_day(web):
    event = consultation()
    assert form(web, event.event_id, 1, ["slot-0900"]).status_code == 303
    page = form(web, event.event_id, 2, ["slot-0900"])
    html = page.body.decode()
    assert page.status_code == 409
    labels = labels_of(html)
    assert labels["slot-0900"].startswith("09:00–09:30") and "taken" in labels["slot-0900"]
    assert labels["slot-1000"] == "10:00–10:30 (1 seat left)"  # short: the day is its heading, once
    headings = re.findall(r'<fieldset class="day"><legend>([^<]+)</legend>', html)
    assert len(headings) == 2 and str(DAY.day) in headings[0]
    assert not re.search(r'value="slot-0900" checked', html)
    assert 'name="waitlist"' in html and "09:00–09:30" in unescape(re.search(r'class="error"[^>]*>(.*?)</p>', html,
                                                                             re.DOTALL).group(1))
    assert form(web, event.event_id, 2, ["slot-1000"]).headers["Location"].count("status=confirmed") == 1
    waited = form(web, event.event_id, 3, ["slot-0900"], waitlist="on")
    assert waited.status_code == 303 and "status=waitlisted" in waited.headers["Location"]


def test_a_waitlisted_person_is_told_what_for_sees_their_place_and_can_take_a_free_slot(client, web):
    event = consultation()
    api(client, event.event_id, person(1, sessions=["slot-0900"]))
    first = api(client, event.event_id, person(2, sessions=["slot-0900"], waitlist=True))[1]
    second = api(client, event.event_id, person(3, sessions=["slot-0900"], waitlist=True))[1]
    mail = strict(next(m for m in mailbox.sent() if m["X-Zapisy-Kind"] == "waitlisted"
                       and m["To"] == "person3@example.com"))
    text = mail.get_body(("plain",)).get_content()
    assert "waiting for a seat in 1 session" in text and "09:00–09:30" in text and "10:00–10:30" not in text
    token = auth.manage_token(event.event_id, second["id"])
    html = unescape(web.get(f"/manage/{token}?lang=en").body.decode())
    assert "09:00–09:30: you are number 2 in the queue" in html
    assert set(labels_of(html)) == {"slot-1000", "slot-1100", "slot-0900-b"}  # free ones only
    own = json.loads(client.http.get(f"/api/manage/{token}").body)
    assert own["waiting_for"] == [{"session": "slot-0900", "title": "09:00–09:30", "place": 2}]
    moved = web.post(f"/manage/{token}", headers=FORM, body=urlencode(
        {"lang": "en", "csrf": _csrf(html), "action": "update", "session": "slot-1000"}))
    assert moved.status_code == 200
    now = store.load_registration(event.event_id, second["id"])
    assert (now.status, now.sessions, now.waiting_on) == ("confirmed", ["slot-1000"], [])
    taken, waiting, session_taken, session_waiting = counters(event.event_id)
    assert (taken, waiting, session_taken["slot-1000"], session_waiting["slot-0900"]) == (2, 0, 1, 1)
    assert store.load_registration(event.event_id, first["id"]).status == "waitlisted"  # still first in line
    assert [m["X-Zapisy-Kind"] for m in mailbox.sent() if m["To"] == "person3@example.com"][-1] == "confirmation"


def test_clashing_sessions_are_refused_by_name_through_both_doors(client, web):
    event = conference(sessions_exclusive=True)
    status, body = api(client, event.event_id, person(1, sessions=["keynote", "lab"], language="uk"))
    assert status == 400 and body["error"]["fields"]["sessions"].count("Пленарна доповідь / Лабораторія") == 1
    page = form(web, event.event_id, 2, ["keynote", "lab"])
    assert page.status_code == 400 and "Keynote / Lab" in unescape(page.body.decode())
    assert counters(event.event_id)[0] == 0
    assert api(client, event.event_id, person(3, sessions=["keynote", "panel"]))[0] == 201
    assert api(client, conference().event_id, person(4, sessions=["keynote", "lab"]))[0] == 201


def test_organizers_declare_sessions_exclusive_in_the_api_and_in_the_editor(client, web):
    from tests.factories import admin
    from tests.unit.test_dashboard_editor import form_on, login, post

    event = conference()
    bearer = {"Authorization": f"Bearer {auth.issue_organizer_token(admin())}"}
    response = client.http.request("PATCH", f"/api/organizer/events/{event.event_id}",
                                   body=json.dumps({"sessions_exclusive": True}), headers={**JSON, **bearer})
    assert response.status_code == 200 and json.loads(response.body)["sessions_exclusive"] is True
    assert event_store.load_event(event.event_id).sessions_exclusive is True
    cookie = login(web)
    page = web.get(f"/organizer/events/{event.event_id}/edit", headers={"Cookie": cookie}).body.decode()
    fields = form_on(page)
    assert ("sessions_exclusive", "on") in fields
    saved = post(web, f"/organizer/events/{event.event_id}/edit", cookie,
                 [f for f in fields if f[0] != "sessions_exclusive"] + [("action", "save")])
    assert saved.status_code == 303 and event_store.load_event(event.event_id).sessions_exclusive is False


def test_the_demo_keeps_its_slots_short_and_its_parallel_workshops_exclusive(client):
    from chalicelib.events.days import by_day
    from devstack.demo import seed

    events = [event_store.load_event(event_id) for event_id in seed()]
    conference = next(e for e in events if e.kind == "conference")
    consultation = next(e for e in events if e.kind == "consultation")
    assert conference.sessions_exclusive
    assert api(client, conference.event_id, person(1, sessions=["ws-labour", "ws-business"]))[0] == 400
    assert api(client, conference.event_id, person(1, sessions=["panel", "ws-labour"]))[0] == 201
    from chalicelib.fields import pick_language

    named = [{**s, "title": pick_language(s["title"], "pl")} for s in consultation.sessions]
    days = by_day(named, consultation.timezone, "pl")
    assert len(days) == 1 and len(days[0].sessions) == 16 and all(s["named_by_time"] for s in days[0].sessions)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)
