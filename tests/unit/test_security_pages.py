"""Hostile text on every page that shows it: stored by organizers and participants, or echoed back.

Each text field an organizer or a participant fills in carries markup, an attribute break-out, a
template expression and a bidi override, tagged by field; every page that shows the field must
show it as text, run nothing, evaluate nothing and drop the override (tests/unit/hostile.py).
"""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest

from chalicelib import auth
from chalicelib.events import service as events
from chalicelib.registration import links, signup
from tests.factories import admin, event_data
from tests.unit.hostile import RLO, assert_inert, hostile, shown
from tests.unit.test_dashboard import FORM, login

pytestmark = pytest.mark.usefixtures("aws")
START = (datetime.now(UTC) + timedelta(days=10)).replace(microsecond=0)
QUESTIONS = [
    {"id": "note", "type": "text", "label": {"en": hostile("QLABEL"), "pl": hostile("QLABEL-PL")},
     "help": {"en": hostile("QHELP")}},
    {"id": "audience", "type": "choice", "label": {"en": "Who are you?"},
     "options": [{"id": "public", "label": {"en": hostile("OPTION")}}, {"id": "ngo", "label": "NGO"}]},
    {"id": "topics", "type": "multichoice", "label": "Topics",
     "options": [{"id": "a", "label": {"en": hostile("MULTI")}}, {"id": "b", "label": "B"}]},
]
SESSIONS = [{"id": "s1", "title": {"en": hostile("SESSION"), "pl": hostile("SESSION-PL")}, "capacity": 5,
             "starts_at": START.isoformat(), "ends_at": (START + timedelta(hours=1)).isoformat()}]


def html(response, status: int = 200) -> str:
    assert response.status_code == status, response.body[:2000]
    assert response.headers["Content-Type"].startswith("text/html")
    return response.body.decode()


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


@pytest.fixture
def world(web):
    """A hostile event (every text field, every language) with a hostile participant in it."""
    data = event_data(
        kind="conference", capacity=5, starts_at=START.isoformat(), ends_at=(START + timedelta(hours=3)).isoformat(),
        title={"en": hostile("TITLE"), "pl": hostile("TITLE-PL"), "uk": hostile("TITLE-UK")},
        description={"en": f"{hostile('DESCRIPTION')}\njavascript:alert(1)", "pl": hostile("DESCRIPTION-PL")},
        venue=hostile("VENUE"), questions=QUESTIONS, sessions=SESSIONS, audiences=["public"])
    item = events.create_event(admin(), data)
    item = events.publish_event(admin(), item.event_id)
    outcome = signup.register(item, {
        "name": hostile("NAME"), "email": "olena@example.com", "language": "en", "consent": True,
        "sessions": ["s1"], "answers": {"note": hostile("ANSWER"), "audience": "public", "topics": ["a"]}})
    cookie = login(web, role="admin", project=["re-turn", "epi"], email="admin@city.example")
    return {"event": item, "registration": outcome.registration_id, "cookie": cookie,
            "token": auth.manage_token(item.event_id, outcome.registration_id)}


def test_input_loses_its_bidi_override_but_keeps_the_rest(world):
    from chalicelib.store import registrations as store

    stored = store.load_registration(world["event"].event_id, world["registration"])
    assert stored.name == shown("NAME") and stored.answers["note"] == shown("ANSWER")
    assert RLO not in world["event"].title["en"]


def test_public_pages_show_stored_text_as_text(web, world):
    event_id = world["event"].event_id
    assert_inert(html(web.get("/events?lang=en")), "TITLE", "VENUE")
    assert_inert(html(web.get("/events?lang=pl")), "TITLE-PL", "VENUE")
    page = html(web.get(f"/events/{event_id}?lang=en"))
    assert_inert(page, "TITLE", "DESCRIPTION", "VENUE", "QLABEL", "QHELP", "OPTION", "MULTI", "SESSION")
    assert "javascript:alert(1)" in page  # shown as a line of the description, never a link
    assert_inert(html(web.get(f"/events/{event_id}?lang=pl")), "TITLE-PL", "DESCRIPTION-PL", "QLABEL-PL",
                 "SESSION-PL")
    assert_inert(html(web.get(f"/events/{event_id}/registered?lang=en&status=confirmed")))
    manage = html(web.get(f"/manage/{world['token']}?lang=en"))
    assert_inert(manage, "TITLE", "VENUE", "ANSWER", "SESSION", "QLABEL", "OPTION")
    for path in (f"/confirm/{world['token']}?lang=en", f"/manage/{world['token']}/still-coming?lang=en"):
        assert_inert(html(web.get(path)))


def test_calendar_files_hold_the_text_without_new_lines_or_properties(web, world):
    from icalendar import Calendar

    event_id = world["event"].event_id
    for path in ("/events.ics?lang=en", f"/events/{event_id}.ics?lang=en"):
        response = web.get(path)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.body)
        [vevent] = [c for c in calendar.walk("VEVENT") if str(c["UID"]).startswith(event_id)]
        assert str(vevent["SUMMARY"]) == shown("TITLE") and str(vevent["LOCATION"]) == shown("VENUE")
        assert str(vevent["DESCRIPTION"]) == f"{shown('DESCRIPTION')}\njavascript:alert(1)"
        unfolded = response.body.decode().replace("\r\n ", "")
        assert len(calendar.walk("VEVENT")) == 1 and RLO not in unfolded
        assert all(re.match(r"[A-Z-]+[;:]", line) for line in unfolded.split("\r\n") if line)


def test_the_organizers_pages_show_stored_text_as_text(web, world):
    event_id, cookie = world["event"].event_id, {"Cookie": world["cookie"]}
    base = f"/organizer/events/{event_id}"
    assert_inert(html(web.get("/organizer/events?lang=en", headers=cookie)), "TITLE")
    assert_inert(html(web.get(f"{base}?lang=en", headers=cookie)), "TITLE", "VENUE", "NAME", "SESSION", "QLABEL",
                 "OPTION")
    detail = html(web.get(f"{base}/registrations/{world['registration']}?lang=en", headers=cookie))
    assert_inert(detail, "TITLE", "NAME", "ANSWER", "QLABEL", "OPTION", "MULTI", "SESSION")
    editor = html(web.get(f"{base}/edit?lang=en", headers=cookie))
    assert_inert(editor, "TITLE", "TITLE-PL", "TITLE-UK", "DESCRIPTION", "DESCRIPTION-PL", "VENUE", "QLABEL",
                 "QLABEL-PL", "QHELP", "OPTION", "MULTI", "SESSION", "SESSION-PL")
    assert_inert(html(web.get(f"{base}/checkin?lang=en", headers=cookie)), "TITLE", "SESSION")
    found = html(web.get(f"{base}/checkin?" + urlencode({"lang": "en", "q": "script alert"}), headers=cookie))
    assert_inert(found, "TITLE", "NAME")
    for path in (f"{base}/series?lang=en", f"{base}/cancel?lang=en"):
        assert_inert(html(web.get(path, headers=cookie)), "TITLE")
    period = {"from": (START - timedelta(days=30)).date().isoformat(),
              "to": (START + timedelta(days=30)).date().isoformat()}
    report = html(web.get("/organizer/reports?" + urlencode({"lang": "en", "project": "re-turn", **period}),
                          headers=cookie))
    assert_inert(report, "OPTION")


def test_the_privacy_tools_show_stored_text_as_text(web, world):
    cookie = world["cookie"]
    csrf = csrf_of(html(web.get("/organizer/privacy?lang=en", headers={"Cookie": cookie})))
    for path in ("/organizer/privacy", "/organizer/privacy/erase"):
        page = web.post(path, headers={**FORM, "Cookie": cookie},
                        body=urlencode({"lang": "en", "csrf": csrf, "email": "olena@example.com"}))
        assert_inert(html(page), "TITLE")  # the person's name is not shown there, only their registrations
    download = web.post("/organizer/privacy/download", headers={**FORM, "Cookie": cookie},
                        body=urlencode({"lang": "en", "csrf": csrf, "email": "olena@example.com"}))
    assert download.headers["Content-Type"].startswith("application/json")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert links.find_by_token(world["token"]).name == shown("NAME")  # the confirmation step erased nothing


def test_what_a_reader_typed_comes_back_as_text(web, world):
    """Refused forms show the values again: the reflected payload stays text."""
    event_id, token, cookie = world["event"].event_id, world["token"], world["cookie"]
    refused = web.post(f"/events/{event_id}", headers=FORM, body=urlencode(
        {"lang": "en", "name": hostile("TYPED"), "email": hostile("TYPED-MAIL")[:60], "consent": "on",
         "q_note": hostile("TYPED-NOTE"), "session": "s1"}))
    assert_inert(html(refused, 400), "TYPED", "TYPED-NOTE", reflected=True)
    manage = html(web.get(f"/manage/{token}?lang=en"))
    refused = web.post(f"/manage/{token}", headers=FORM, body=urlencode(
        {"lang": "en", "csrf": csrf_of(manage), "action": "update", "q_note": hostile("TYPED-ANSWER"),
         "q_audience": "nobody", "session": "s1"}))
    assert_inert(html(refused, 400), "TYPED-ANSWER", reflected=True)

    base = f"/organizer/events/{event_id}"
    page = html(web.get(f"{base}?lang=en", headers={"Cookie": cookie}))
    csrf = csrf_of(page)
    searched = web.get(f"{base}?" + urlencode({"lang": "en", "q": hostile("TYPED-Q")}), headers={"Cookie": cookie})
    assert_inert(searched.body.decode(), reflected=True)
    assert searched.status_code in (200, 400)
    desk = web.post(f"{base}/registrations", headers={**FORM, "Cookie": cookie}, body=urlencode(
        {"lang": "en", "csrf": csrf, "name": hostile("TYPED-DESK"), "email": "not an address",
         "q_note": hostile("TYPED-DESK-NOTE"), "session": "s1"}))
    assert_inert(html(desk, 400), "TYPED-DESK", "TYPED-DESK-NOTE", reflected=True)
    edited = web.post(f"{base}/edit", headers={**FORM, "Cookie": cookie}, body=urlencode(
        {"lang": "en", "csrf": csrf, "title-en": hostile("TYPED-TITLE"), "capacity": "many"}))
    assert_inert(html(edited, 400), "TYPED-TITLE", reflected=True)
    door = web.post(f"{base}/checkin", headers={**FORM, "Cookie": cookie},
                    body=urlencode({"lang": "en", "csrf": csrf, "code": hostile("C")[:60], "q": hostile("TYPED-DOOR")}))
    assert door.status_code in (200, 400)
    assert_inert(door.body.decode(), reflected=True)
    found = web.post("/organizer/privacy", headers={**FORM, "Cookie": cookie},
                     body=urlencode({"lang": "en", "csrf": csrf, "email": hostile("TYPED-EMAIL")}))
    assert_inert(html(found, 400), "TYPED-EMAIL", reflected=True)
    for query in ({"project": hostile("P")}, {"project": "re-turn", "from": hostile("F")}):
        report = web.get("/organizer/reports?" + urlencode({"lang": "en", **query}), headers={"Cookie": cookie})
        assert report.status_code in (400, 403)
        assert_inert(report.body.decode(), reflected=True)
    listed = web.get("/organizer/events?" + urlencode({"lang": "en", "project": hostile("P")}),
                     headers={"Cookie": cookie})
    assert listed.status_code == 400  # no project is called that: refused, and what was typed stays text
    assert_inert(listed.body.decode(), reflected=True)


def test_problem_pages_do_not_echo_the_path(web):
    for path in ("/events/%3Cscript%3Ealert(1)%3C%2Fscript%3E", '/events/"><svg onload=alert(1)>',
                 "/manage/javascript:alert(1)"):
        response = web.get(path + "?lang=en")
        assert response.status_code == 404
        assert_inert(response.body.decode(), reflected=True)
        assert "<svg" not in response.body.decode()
