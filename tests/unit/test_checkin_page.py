"""The check-in page at the door: typed codes, sessions, the name search, CSRF, isolation, the counter."""
from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from urllib.parse import urlencode

import pytest

from chalicelib.checkin import service, tokens
from chalicelib.registration import signup
from chalicelib.store import checkins
from chalicelib.store import events as event_store
from chalicelib.store import registrations as registration_store
from chalicelib.store.convert import event_ref, registration_ref
from chalicelib.store.models import EventItem, RegistrationItem
from tests.factories import person, published_event
from tests.unit.test_dashboard import login

pytestmark = pytest.mark.usefixtures("aws")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SESSIONS = [{"id": "am", "title": {"pl": "Rano", "en": "Morning"}, "capacity": 5},
            {"id": "pm", "title": {"pl": "Po południu", "en": "Afternoon"}, "capacity": 5}]


def register(event, n: int, **overrides) -> str:
    return signup.register(event_store.load_event(event.event_id, consistent=True),
                                  person(n, **overrides)).registration_id


def code_of(event, registration_id: str) -> str:
    return tokens.checkin_code(event.event_id, registration_id)


class Door:
    """An organizer at the door: the page, its CSRF token, and posts to it."""

    def __init__(self, web, event, cookie: str | None = None) -> None:
        self.web, self.event = web, event
        self.cookie = cookie or login(web)
        self.path = f"/organizer/events/{event.event_id}/checkin"

    def get(self, **query) -> tuple[int, str]:
        response = self.web.get(f"{self.path}?{urlencode({'lang': 'en', **query})}", headers={"Cookie": self.cookie})
        return response.status_code, response.body.decode()

    def csrf(self) -> str:
        status, page = self.get()
        assert status == 200, page
        return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)

    def post(self, headers: dict | None = None, **fields) -> tuple[int, str]:
        body = urlencode({"lang": "en", "csrf": self.csrf(), **fields})
        response = self.web.post(self.path, headers={**FORM, "Cookie": self.cookie, **(headers or {})}, body=body)
        return response.status_code, response.body.decode()


def result_of(page: str) -> tuple[str, str]:
    """(tone, text) of the page's status region."""
    match = re.search(r'<div id="door-result" class="door-result ?([a-z]*)" role="status"[^>]*>(.*?)</div>', page,
                      re.DOTALL)
    assert match, page
    return match.group(1), " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(2))).split())


def counts_of(page: str) -> str:
    match = re.search(r'<p class="door-counts" id="door-counts">(.*?)</p>', page, re.DOTALL)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def stored(event, registration_id: str) -> RegistrationItem:
    return registration_store.load_registration(event.event_id, registration_id)


def counters(event) -> tuple[int, dict]:
    item = event_store.load_event(event.event_id, consistent=True)
    return int(item.checked_in), {k: int(v) for k, v in item.session_checked_in.items()}


def test_a_typed_code_checks_in_and_the_result_is_shown_large(web):
    event = published_event(capacity=5)
    registration_id = register(event, 1, name="Łukasz Żółw")
    register(event, 2)
    door = Door(web, event)
    status, page = door.get()
    assert status == 200 and counts_of(page) == "Checked in: 0 of 2 confirmed"
    assert 'id="door-scan" hidden' in page  # the camera button appears only where a script finds a camera reader
    assert 'nonce="' in page and 'BarcodeDetector' in page
    status, page = door.post(code=code_of(event, registration_id).lower().replace("-", " "))
    assert status == 200
    assert result_of(page) == ("ok", "✓ Checked in Checked in: Łukasz Żółw.")
    assert counts_of(page) == "Checked in: 1 of 2 confirmed"
    assert stored(event, registration_id).checked_in_at is not None
    assert counters(event) == (1, {})
    for language in ("pl", "uk"):
        response = web.get(f"{door.path}?lang={language}", headers={"Cookie": door.cookie})
        assert response.status_code == 200 and 'id="door-counts"' in response.body.decode()


def test_a_second_scan_says_when_they_came_and_changes_nothing(web):
    event = published_event(capacity=5)
    registration_id = register(event, 1)
    door = Door(web, event)
    door.post(code=code_of(event, registration_id))
    first = stored(event, registration_id).checked_in_at
    status, page = door.post(code=code_of(event, registration_id))
    tone, text = result_of(page)
    assert status == 200 and tone == "warn"
    assert re.fullmatch(r"! Already checked in Person 1 was already checked in at \d\d:\d\d\.", text), text
    assert stored(event, registration_id).checked_in_at == first and counters(event) == (1, {})


def test_the_code_of_another_event_or_a_waitlisted_person_checks_nobody_in(web):
    event, other = published_event(capacity=1), published_event(capacity=5)
    register(event, 1)
    waitlisted = register(event, 2)
    elsewhere = register(other, 3)
    door = Door(web, event)
    invalid = "✗ Unknown code This code is not valid for this event. Check it and try again."
    assert result_of(door.post(code=code_of(other, elsewhere))[1]) == ("bad", invalid)
    assert result_of(door.post(registration_id=elsewhere)[1])[1].startswith("✗ Unknown code")
    tone, text = result_of(door.post(code=code_of(event, waitlisted))[1])
    assert (tone, text) == ("bad", "✗ Not confirmed Person 2 has no confirmed seat and cannot be checked in.")
    assert stored(other, elsewhere).checked_in_at is None and stored(event, waitlisted).checked_in_at is None
    assert counters(event) == (0, {}) and counters(other) == (0, {})


@pytest.mark.parametrize("code,message", [("", "Type the code from the ticket."),
                                          ("x" * 101, "Use at most 100 characters.")])
def test_an_empty_or_overlong_code_is_a_clear_400(web, code, message):
    event = published_event()
    status, page = Door(web, event).post(code=code)
    assert status == 400 and 'id="error-summary"' in page and 'href="#f-code"' in page
    assert message in page and 'aria-invalid="true"' in page and result_of(page) == ("", "")


def test_check_in_to_a_session(web):
    event = published_event(capacity=10, sessions=SESSIONS)
    morning = register(event, 1, sessions=["am"])
    both = register(event, 2, sessions=["am", "pm"])
    door = Door(web, event)
    status, page = door.get(session="am")
    assert status == 200 and '<option value="am" selected>Morning</option>' in page
    assert "<h1>Check-in: Morning</h1>" in page and counts_of(page) == "Checked in: 0 of 2 confirmed"
    status, page = door.post(code=code_of(event, morning), session="am")
    assert result_of(page) == ("ok", "✓ Checked in Checked in to Morning: Person 1.")
    assert counts_of(page) == "Checked in: 1 of 2 confirmed"
    tone, text = result_of(door.post(code=code_of(event, morning), session="pm")[1])
    assert (tone, text) == ("bad", "✗ Not signed up for this session Person 1 is not signed up for this session.")
    assert counters(event) == (1, {"am": 1})
    door.post(code=code_of(event, both))  # at the door first, then each session: the person counts once
    door.post(code=code_of(event, both), session="pm")
    door.post(code=code_of(event, both), session="am")
    assert counters(event) == (2, {"am": 2, "pm": 1})
    assert set(stored(event, both).checked_in_sessions) == {"am", "pm"}
    status, page = door.get(session="nope")
    assert status == 400 and "This event has no such session." in page
    assert door.post(code=code_of(event, both), session="nope")[0] == 400


def test_find_by_name_and_check_in_from_the_list(web):
    event = published_event(capacity=2)
    olena = register(event, 1, name="Олена Коваленко")
    register(event, 2, name="Jan Kowalski")
    register(event, 3, name="Olena Waitlisted")  # no seat: not found
    door = Door(web, event)
    status, page = door.get(q="olena")
    assert status == 200 and "Олена Коваленко" in page and "Waitlisted" not in page and "Kowalski" not in page
    assert 'aria-label="Check in: Олена Коваленко"' in page and "Not checked in yet" in page
    assert "pe\u2026@example.com" in page and "person1@example.com" not in page
    status, page = door.post(registration_id=olena, q="olena")
    assert result_of(page) == ("ok", "✓ Checked in Checked in: Олена Коваленко.")
    assert re.search(r"Checked in at \d\d:\d\d", page) and 'aria-label="Check in: Олена Коваленко"' not in page
    assert stored(event, olena).checked_in_by == "local-organizer"
    status, page = door.get(q="nobody")
    assert status == 200 and "Nobody with a confirmed seat matches this name." in page
    status, page = door.get(q=" - ")
    assert status == 400 and 'href="#f-q"' in page


def test_a_post_without_the_forms_token_or_from_another_site_checks_nobody_in(web):
    event = published_event()
    registration_id = register(event, 1)
    door = Door(web, event)
    forged = web.post(door.path, headers={**FORM, "Cookie": door.cookie},
                      body=urlencode({"csrf": "forged", "code": code_of(event, registration_id)}))
    assert forged.status_code == 403
    status, _ = door.post(headers={"Origin": "https://evil.example", "Host": "zapisy.test"},
                          code=code_of(event, registration_id))
    assert status == 403
    anonymous = web.post(door.path, headers=FORM, body=urlencode({"code": code_of(event, registration_id)}))
    assert anonymous.status_code == 303 and anonymous.headers["Location"].startswith("/organizer/login?next=")
    assert stored(event, registration_id).checked_in_at is None and counters(event) == (0, {})


def test_another_projects_organizer_gets_404_and_changes_nothing(web):
    theirs = published_event(project="epi", title={"pl": "Cudze"})
    registration_id = register(theirs, 1, name="Anna Obca")
    ours = published_event(project="re-turn")
    door = Door(web, ours)  # an organizer of re-turn, with a valid token of their own session
    stranger = Door(web, theirs, cookie=door.cookie)
    status, page = stranger.get(q="anna")
    assert status == 404 and "Anna" not in page and "Cudze" not in page
    body = urlencode({"lang": "en", "csrf": door.csrf(), "code": code_of(theirs, registration_id)})
    refused = web.post(stranger.path, headers={**FORM, "Cookie": door.cookie}, body=body)
    assert refused.status_code == 404 and b"Anna" not in refused.body
    body = urlencode({"lang": "en", "csrf": door.csrf(), "registration_id": registration_id})
    assert web.post(stranger.path, headers={**FORM, "Cookie": door.cookie}, body=body).status_code == 404
    assert stored(theirs, registration_id).checked_in_at is None and counters(theirs) == (0, {})


def test_the_counter_counts_each_person_exactly_once_however_often_they_are_scanned(web):
    event = published_event(capacity=10, sessions=SESSIONS)
    people = [register(event, n, sessions=["am"]) for n in range(3)]
    door = Door(web, event)
    for _ in range(3):
        for registration_id in people:
            door.post(code=code_of(event, registration_id))
            door.post(code=code_of(event, registration_id), session="am")
    for _ in range(3):
        assert service.check_in(event, people[0], by="api").result == "already_checked_in"
    # a door holding a stale copy (read before the first scan) is refused and counts nothing
    stale = replace(stored(event, people[1]), checked_in_at=None)
    assert checkins.mark_event(stale, "day:2027-01-01", stale.created_at, "door-2") is None
    assert checkins.mark_session(stale, "am", stale.created_at, "door-2") is None
    assert counters(event) == (3, {"am": 3})
    assert [bool(stored(event, r).checked_in_at) for r in people] == [True] * 3


def test_items_stored_before_the_counters_existed_get_them(web):
    event = published_event(capacity=10, sessions=SESSIONS)
    registration_id = register(event, 1, sessions=["pm"])
    event_ref(event.event_id).update(actions=[EventItem.checked_in.remove(),
                                                  EventItem.session_checked_in.remove()])
    registration_ref(event.event_id, registration_id).update(actions=[RegistrationItem.checked_in_sessions.remove()])
    raw = event_store.load_event(event.event_id, consistent=True)
    assert raw.checked_in == 0 and raw.session_checked_in == {}
    door = Door(web, event)
    assert result_of(door.post(code=code_of(event, registration_id), session="pm")[1])[0] == "ok"
    assert result_of(door.post(code=code_of(event, registration_id), session="pm")[1])[0] == "warn"
    assert counters(event) == (1, {"pm": 1})


def test_the_event_list_shows_the_counts_and_leads_to_the_door(web):
    event = published_event(capacity=1, title={"pl": "Szkolenie", "en": "Training"})
    first = register(event, 1)
    register(event, 2)
    service.check_in(event, first, by="door")
    page = web.get("/organizer/events?lang=en", headers={"Cookie": login(web)}).body.decode()
    row = re.search(r"<tr><th scope=\"row\">.*?Training.*?</tr>", page, re.DOTALL).group(0)
    cells = [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
             for c in re.findall(r'<td data-label="[^"]*"[^>]*>(.*?)</td>', row, re.DOTALL)]
    assert cells == ["1 / 1", "1", "0", "1"]  # confirmed / capacity, waiting list, pending, checked in
    assert f'href="/organizer/events/{event.event_id}/checkin?lang=en"' in row
