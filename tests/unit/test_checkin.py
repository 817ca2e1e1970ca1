"""Check-in: the signed code and its QR code in the e-mail, marking attendance once, the name search."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import auth
from chalicelib.checkin import service, tokens
from chalicelib.emails import delivery
from chalicelib.registration import leaving, signup
from chalicelib.store import registrations as registration_store
from chalicelib.store.convert import registration_ref
from chalicelib.store.models import RegistrationItem
from tests.conftest import ROOT, TEST_ENV
from tests.factories import admin, person, published_event

pytestmark = pytest.mark.usefixtures("aws")
SESSIONS = [{"id": "am", "title": {"pl": "Rano", "en": "Morning"}, "capacity": 5},
            {"id": "pm", "title": {"pl": "Po południu", "en": "Afternoon"}, "capacity": 5}]



def bearer(organizer=None) -> dict[str, str]:
    return {"Authorization": f"Bearer {auth.issue_organizer_token(organizer or admin())}",
            "Content-Type": "application/json"}


def call(client, method: str, path: str, body=None, organizer=None):
    response = client.http.request(method, path, headers=bearer(organizer),
                                   body=json.dumps(body) if body is not None else b"")
    return response.status_code, json.loads(response.body)


def register(event, n: int, *, mail: bool = True, **overrides) -> str:
    outcome = signup.register(reload(event), person(n, **overrides))
    if mail:
        delivery.after_commit(outcome.messages)
    return outcome.registration_id


def reload(event):
    from chalicelib.store import events as event_store

    return event_store.load_event(event.event_id, consistent=True)


def stored(event, registration_id: str) -> RegistrationItem:
    return registration_store.load_registration(event.event_id, registration_id)


def check(client, event, body, organizer=None):
    """Check in, with the door's messages in English (the tests read them)."""
    return call(client, "POST", f"/api/organizer/events/{event.event_id}/checkin", {"language": "en", **body},
                organizer)


# --- the code ----------------------------------------------------------------------------------

def test_codes_are_short_grouped_and_forgiving_to_type():
    event = published_event()
    registration_id = register(event, 1)
    code = tokens.checkin_code(event.event_id, registration_id)
    assert len(code) == 29 and [len(g) for g in code.split("-")] == [4] * 6
    assert set(code) <= set(tokens.ALPHABET + "-")
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert tokens.registration_for(event.event_id, typed) == registration_id
    assert tokens.registration_for(event.event_id, f"  {code}\n") == registration_id
    for bad in ("", "ABCD", code + "A", code.replace("-", "")[:-1], "U" * 24, None):
        assert tokens.registration_for(event.event_id, bad) is None


def test_a_code_of_one_registration_never_checks_in_another(client):
    event = published_event(capacity=5)
    other_event = published_event(capacity=5)
    mine, yours = register(event, 1), register(event, 2)
    elsewhere = register(other_event, 3)
    my_code = tokens.checkin_code(event.event_id, mine)
    assert tokens.registration_for(event.event_id, my_code) == mine
    assert tokens.registration_for(other_event.event_id, my_code) is None  # the MAC binds the event
    # my MAC with your id: refused
    id_part = tokens.checkin_code(event.event_id, yours).replace("-", "")[:16]
    spliced = id_part + my_code.replace("-", "")[16:]
    assert tokens.registration_for(event.event_id, spliced) is None

    status, body = check(client, event, {"code": tokens.checkin_code(other_event.event_id, elsewhere)})
    assert (status, body["result"], body["registration"]) == (200, "invalid_code", None)
    status, body = check(client, event, {"code": spliced})
    assert (status, body["result"]) == (200, "invalid_code")
    status, body = check(client, event, {"code": my_code})
    assert (status, body["result"], body["registration"]["id"]) == (200, "checked_in", mine)
    assert stored(event, yours).checked_in_at is None
    assert stored(other_event, elsewhere).checked_in_at is None
    # a registration id of another event names nobody here
    status, body = check(client, event, {"registration_id": elsewhere})
    assert (status, body["result"]) == (200, "unknown")


def test_every_single_character_changed_is_refused(client):
    event = published_event()
    registration_id = register(event, 1)
    symbols = tokens.checkin_code(event.event_id, registration_id).replace("-", "")
    for index, symbol in enumerate(symbols):
        for other in tokens.ALPHABET:
            if other != symbol:
                tampered = symbols[:index] + other + symbols[index + 1:]
                assert tokens.registration_for(event.event_id, tampered) is None, tampered
    tampered = ("1" if symbols[0] != "1" else "2") + symbols[1:]
    status, body = check(client, event, {"code": tampered})
    assert (status, body["result"], body["ok"]) == (200, "invalid_code", False)
    assert body["message"] == "This code is not valid for this event. Check it and try again."
    assert stored(event, registration_id).checked_in_at is None


# --- marking attendance ------------------------------------------------------------------------

def test_checking_in_twice_records_one_time(client, time_machine):
    event = published_event()
    registration_id = register(event, 1, name="Łukasz Żółw")
    code = tokens.checkin_code(event.event_id, registration_id)
    status, first = check(client, event, {"code": code})
    assert (status, first["result"], first["ok"]) == (200, "checked_in", True)
    assert first["message"] == "Checked in: Łukasz Żółw."
    assert first["registration"]["name"] == "Łukasz Żółw" and first["registration"]["status"] == "confirmed"
    assert first["registration"]["checked_in_at"] == first["checked_in_at"]
    recorded = stored(event, registration_id)
    assert recorded.checked_in_at.isoformat() == first["checked_in_at"] and recorded.checked_in_by == "admin-1"

    time_machine.move_to(datetime.now(UTC) + timedelta(minutes=30))
    status, again = check(client, event, {"code": code})
    assert (status, again["result"], again["ok"]) == (200, "already_checked_in", True)
    assert again["checked_in_at"] == first["checked_in_at"]
    assert again["message"].startswith("Łukasz Żółw was already checked in at ")
    status, by_id = check(client, event, {"registration_id": registration_id})
    assert (by_id["result"], by_id["checked_in_at"]) == ("already_checked_in", first["checked_in_at"])
    assert stored(event, registration_id).checked_in_at == recorded.checked_in_at

    listed = call(client, "GET", f"/api/organizer/events/{event.event_id}/registrations")[1]["items"]
    assert [(r["checked_in_at"], r["checked_in_sessions"]) for r in listed] == [(first["checked_in_at"], {})]


def test_a_racing_second_scan_finds_the_first_time():
    """Two doors scan the same code: the slower one's conditional update is refused, it reads again."""
    event = published_event()
    registration_id = register(event, 1)
    stale = stored(event, registration_id)
    first = service.check_in(reload(event), registration_id, by="door-1")
    loads = iter([stale, stored(event, registration_id)])
    original = registration_store.load_registration
    registration_store.load_registration = lambda *_: next(loads)
    try:
        second = service.check_in(reload(event), registration_id, by="door-2")
    finally:
        registration_store.load_registration = original
    assert (first.result, second.result) == ("checked_in", "already_checked_in")
    assert second.checked_in_at == first.checked_in_at and stored(event, registration_id).checked_in_by == "door-1"


def test_check_in_per_session(client):
    event = published_event(capacity=10, sessions=SESSIONS)
    morning_only = register(event, 1, sessions=["am"])
    both = register(event, 2, sessions=["am", "pm"])
    path = f"/api/organizer/events/{event.event_id}/checkin"
    code = tokens.checkin_code(event.event_id, morning_only)

    status, body = call(client, "POST", path, {"code": code, "session": "am", "language": "en"})
    assert (status, body["result"], body["session"]) == (200, "checked_in", "am")
    assert body["message"] == "Checked in to Morning: Person 1."
    assert body["registration"]["checked_in_sessions"] == {"am": body["checked_in_at"]}
    assert body["registration"]["checked_in_at"] == body["checked_in_at"]  # they came to the event too
    assert call(client, "POST", path, {"code": code, "session": "am"})[1]["result"] == "already_checked_in"
    status, body = call(client, "POST", path, {"code": code, "session": "pm"})
    assert (status, body["result"], body["ok"]) == (200, "not_in_session", False)
    status, body = call(client, "POST", path, {"code": code, "session": "nope"})
    assert (status, body["error"]["code"], list(body["error"]["fields"])) == (400, "invalid", ["session"])
    # at the door first, then each session
    assert call(client, "POST", path, {"registration_id": both})[1]["result"] == "checked_in"
    door = stored(event, both).checked_in_at
    for session in ("am", "pm"):
        assert call(client, "POST", path, {"registration_id": both, "session": session})[1]["result"] == "checked_in"
    record = stored(event, both)
    assert record.checked_in_at == door and set(record.checked_in_sessions) == {"am", "pm"}
    assert stored(event, morning_only).checked_in_sessions.keys() == {"am"}


def test_a_registration_stored_before_session_check_in_existed_gets_its_map():
    event = published_event(capacity=10, sessions=SESSIONS)
    registration_id = register(event, 1, sessions=["pm"])
    registration_ref(event.event_id, registration_id).update(actions=[RegistrationItem.checked_in_sessions.remove()])
    result = service.check_in(reload(event), registration_id, "pm", by="door")
    assert result.result == "checked_in"
    assert stored(event, registration_id).checked_in_sessions == {"pm": result.checked_in_at.isoformat()}
    assert service.check_in(reload(event), registration_id, "pm", by="door").result == "already_checked_in"


def test_waitlisted_and_cancelled_people_cannot_be_checked_in(client):
    event = published_event(capacity=1)
    first, second, third = register(event, 1), register(event, 2), register(event, 3)
    status, body = check(client, event, {"code": tokens.checkin_code(event.event_id, second)})
    assert (status, body["result"], body["registration"]["status"]) == (200, "not_confirmed", "waitlisted")
    assert body["message"] == "Person 2 has no confirmed seat and cannot be checked in."
    delivery.after_commit(leaving.cancel(stored(event, first)).messages)  # second moves up
    for registration_id, status_now in ((first, "cancelled"), (third, "waitlisted")):
        body = check(client, event, {"code": tokens.checkin_code(event.event_id, registration_id)})[1]
        assert (body["result"], body["registration"]["status"], body["ok"]) == ("not_confirmed", status_now, False)
        assert stored(event, registration_id).checked_in_at is None
    assert check(client, event, {"code": tokens.checkin_code(event.event_id, second)})[1]["result"] == "checked_in"
    # a seat released between the read and the write is not checked in either
    stale = replace(stored(event, third), status="confirmed")
    from chalicelib.store import checkins

    assert checkins.mark_event(stale, "day:2027-01-01", datetime.now(UTC), "door") is None


def test_the_other_projects_organizer_gets_404_and_changes_nothing(client):
    event = published_event()
    registration_id = register(event, 1)
    stranger = auth.Organizer("o-2", "o2@example.org", "organizer", ("epi-2",))
    code = tokens.checkin_code(event.event_id, registration_id)
    status, body = check(client, event, {"code": code}, stranger)
    assert (status, body["error"]["code"]) == (404, "event_not_found")
    status, body = call(client, "GET", f"/api/organizer/events/{event.event_id}/checkin/search?q=person",
                        organizer=stranger)
    assert status == 404
    assert stored(event, registration_id).checked_in_at is None
    own = auth.Organizer("o-1", "o1@example.org", "organizer", ("re-turn",))
    assert check(client, event, {"code": code}, own)[1]["result"] == "checked_in"
    assert stored(event, registration_id).checked_in_by == "o-1"
    assert call(client, "POST", "/api/organizer/events/nope/checkin", {"code": code})[0] == 404
    anonymous = client.http.request("POST", f"/api/organizer/events/{event.event_id}/checkin",
                                    headers={"Content-Type": "application/json"}, body=json.dumps({"code": code}))
    assert anonymous.status_code in (401, 403)


@pytest.mark.parametrize("body,field", [
    ({}, "code"),
    ({"code": "ABCD", "registration_id": "abcd"}, "code"),
    ({"code": 12}, "code"),
    ({"registration_id": "x" * 101}, "registration_id"),
])
def test_a_check_in_needs_exactly_one_code_or_id(client, body, field):
    event = published_event()
    status, error = check(client, event, body)
    assert (status, error["error"]["code"], list(error["error"]["fields"])) == (400, "invalid", [field])


def test_a_cancelled_event_checks_nobody_in(client):
    event = published_event()
    registration_id = register(event, 1)
    assert call(client, "POST", f"/api/organizer/events/{event.event_id}/cancel")[0] == 200
    status, body = check(client, event, {"registration_id": registration_id})
    assert (status, body["error"]["code"]) == (409, "invalid_transition")


# --- cold start --------------------------------------------------------------------------------

def test_importing_the_app_does_not_import_segno():
    code = "import sys, app\nprint('segno' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={**os.environ, **TEST_ENV})
    assert result.stdout.strip() == "False"
