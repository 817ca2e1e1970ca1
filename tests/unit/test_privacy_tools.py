"""Data protection on the dashboard: an administrator finds one person across every event, hands them
everything stored about them, or erases it; organizers never reach any of it."""
from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest

from chalicelib import auth
from chalicelib.registration import signup
from chalicelib.store import events as event_store
from chalicelib.store import registrations as store
from tests.factories import person, published_event
from tests.unit.test_dashboard import FORM, login

pytestmark = pytest.mark.usefixtures("aws")
ADDRESS = "anna.kowalska@example.com"
OTHER = "olena.other@example.com"
QUESTIONS = [{"id": "diet", "type": "choice", "label": {"pl": "Dieta", "en": "Diet"},
              "options": [{"id": "veg", "label": {"pl": "Wegetariańska", "en": "Vegetarian"}},
                          {"id": "any", "label": {"pl": "Dowolna", "en": "Anything"}}]}]


@pytest.fixture
def world():
    """Anna in three events of two projects (signing up in three spellings); Olena next to her."""
    full = published_event(project="re-turn", capacity=1, questions=QUESTIONS,
                           title={"pl": "Warsztat pierwszy", "en": "First workshop"})
    second = published_event(project="re-turn", title={"pl": "Szkolenie drugie", "en": "Second training"})
    third = published_event(project="epi", title={"pl": "Seminarium trzecie", "en": "Third seminar"})
    anna = [signup.register(full, person(1, name="Anna Kowalska", email=ADDRESS,
                                                answers={"diet": "veg"})),
            signup.register(second, person(1, name="Anna Kowalska", email="Anna.Kowalska@Example.COM")),
            signup.register(third, person(1, name="Anna K.", email="  ANNA.KOWALSKA@example.com "))]
    olena = [signup.register(full, person(2, name="Olena Other", email=OTHER, answers={"diet": "any"})),
             signup.register(third, person(2, name="Olena Other", email=OTHER))]
    from chalicelib.emails.delivery import after_commit

    for outcome in anna + olena:
        after_commit(outcome.messages)  # sent, so each registration records its e-mail
    assert [o.status for o in anna] == ["confirmed"] * 3
    assert [o.status for o in olena] == ["waitlisted", "confirmed"]
    return {"events": (full, second, third), "anna": anna, "olena": olena}


def admin_session(web) -> tuple[str, str]:
    cookie = login(web, role="admin", project=["re-turn", "epi"], email="dpo.admin@city.example")
    page = web.get("/organizer/privacy?lang=en", headers={"Cookie": cookie})
    assert page.status_code == 200
    return cookie, re.search(r'name="csrf" value="([0-9a-f]+)"', page.body.decode()).group(1)


def post(web, cookie: str, path: str, **fields: str):
    return web.post(path, headers={**FORM, "Cookie": cookie}, body=urlencode({"lang": "en", **fields}))


def test_an_admin_finds_every_registration_of_an_address_in_any_spelling(web, world):
    cookie, csrf = admin_session(web)
    found = post(web, cookie, "/organizer/privacy", csrf=csrf, email=" ANNA.Kowalska@EXAMPLE.com")
    page = found.body.decode()
    assert found.status_code == 200
    assert "3 registrations found" in page
    for title in ("First workshop", "Second training", "Third seminar"):
        assert title in page
    assert "re-turn" in page and "epi" in page and "Confirmed" in page
    assert "2026-11" in page  # the privacy notice version she consented to
    assert "not on the suppression list" in page
    assert "Olena" not in page and OTHER not in page


def test_the_page_says_when_the_address_is_suppressed(web, world):
    from datetime import UTC, datetime

    from chalicelib.store import suppression

    suppression.suppress(auth.email_hash(ADDRESS), "complaint", datetime(2026, 5, 4, 12, 0, tzinfo=UTC))
    cookie, csrf = admin_session(web)
    page = post(web, cookie, "/organizer/privacy", csrf=csrf, email=ADDRESS).body.decode()
    assert "on the suppression list since" in page and "Complaint" in page and "2026" in page


def test_an_unknown_or_bad_address_answers_plainly(web, world):
    cookie, csrf = admin_session(web)
    nobody = post(web, cookie, "/organizer/privacy", csrf=csrf, email="nobody@example.com")
    assert nobody.status_code == 200 and "0 registrations found" in nobody.body.decode()
    bad = post(web, cookie, "/organizer/privacy", csrf=csrf, email="not an address")
    page = bad.body.decode()
    assert bad.status_code == 400
    assert 'id="error-summary"' in page and "Enter an e-mail address like name@example.com." in page
    assert 'aria-invalid="true"' in page


def test_the_download_holds_everything_about_her_and_nothing_about_anyone_else(web, world):
    from chalicelib.checkin import service as checkin

    full, second, third = world["events"]
    checkin.check_in(event_store.load_event(full.event_id), world["anna"][0].registration_id, by="door-1")
    cookie, csrf = admin_session(web)
    response = post(web, cookie, "/organizer/privacy/download", csrf=csrf, email="Anna.Kowalska@example.com")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "anna" not in response.headers["Content-Disposition"].lower()
    assert response.headers["Cache-Control"] == "no-store"
    text = response.body.decode()
    report = json.loads(text)
    assert report["email"] == ADDRESS and report["suppression"] is None
    by_event = {r["event"]["id"]: r for r in report["registrations"]}
    assert set(by_event) == {full.event_id, second.event_id, third.event_id}
    first = by_event[full.event_id]
    assert first["name"] == "Anna Kowalska" and first["status"] == "confirmed"
    assert first["event"]["title"]["en"] == "First workshop" and first["event"]["starts_at"]
    assert first["answers"] == [{"question": "diet", "label": "Diet", "type": "choice", "answer": "veg",
                                 "answer_text": "Vegetarian"}]
    assert first["consent"]["notice_version"] == "2026-11" and first["consent"]["given_at"]
    assert first["check_in"]["checked_in_at"]
    assert [e["kind"] for e in first["emails_sent"]] == ["confirmation"] and first["emails_sent"][0]["sent_at"]
    for foreign in ("Olena", OTHER, "any", "Anything", "door-1", world["olena"][0].registration_id):
        assert foreign not in text


def test_erasing_keeps_the_counts_moves_the_waitlist_up_and_leaves_nothing_to_find(web, world):
    from chalicelib.store import people
    from chalicelib.store.audit import AdminLogEntry, admin_log_pk
    from tests import mailbox

    full, second, _third = world["events"]
    cookie, csrf = admin_session(web)
    confirm = post(web, cookie, "/organizer/privacy/erase", csrf=csrf, email=ADDRESS)
    page = confirm.body.decode()
    assert confirm.status_code == 200 and "<h1>Erase this person" in page
    assert 'name="confirm" value="yes"' in page and "First workshop" in page
    assert people.registrations_of(auth.email_hash(ADDRESS)), "the confirmation step erases nothing"

    done = post(web, cookie, "/organizer/privacy/erase", csrf=csrf, email=ADDRESS, confirm="yes")
    assert done.status_code == 303
    assert done.headers["Location"] == "/organizer/privacy?erased=3&lang=en"
    notice = web.get(done.headers["Location"], headers={"Cookie": cookie}).body.decode()
    assert "3 registrations erased" in notice

    event = event_store.load_event(full.event_id, consistent=True)
    assert (int(event.taken), int(event.waiting)) == (1, 0)  # her seat went to Olena
    olena = store.load_registration(full.event_id, world["olena"][0].registration_id)
    assert olena.status == "confirmed" and olena.email == OTHER
    assert any(kind == "promoted" and OTHER in to for to, kind in mailbox.kinds_by_recipient())
    for outcome, item in zip(world["anna"], world["events"], strict=True):
        husk = store.load_registration(item.event_id, outcome.registration_id)
        assert husk is not None and husk.erased_at and husk.status == "cancelled"
        assert husk.name is None and husk.email is None and husk.email_hash is None and husk.answers == {}
    assert signup.register(event_store.load_event(second.event_id), person(9)).status == "confirmed"

    assert people.registrations_of(auth.email_hash(ADDRESS)) == []
    again = post(web, cookie, "/organizer/privacy", csrf=csrf, email=ADDRESS).body.decode()
    assert "0 registrations found" in again
    assert [r.registration_id for r in people.registrations_of(auth.email_hash(OTHER))] == \
        [o.registration_id for o in world["olena"]]

    entries = list(AdminLogEntry.query(admin_log_pk("privacy")))
    erasure = [e for e in entries if e.action == "erase"]
    assert len(erasure) == 1 and int(erasure[0].registrations) == 3
    assert erasure[0].organizer_email == "dpo.admin@city.example"
    raw = json.dumps([e.to_simple_dict() for e in entries])
    assert "anna" not in raw.lower() and auth.email_hash(ADDRESS) not in raw
    log = web.get("/organizer/privacy?lang=en", headers={"Cookie": cookie}).body.decode()
    assert "Erasure" in log and "dpo.admin@city.example" in log


def test_organizers_get_403_everywhere(web, world):
    cookie = login(web, role="organizer", project=["re-turn", "epi"])
    page = web.get("/organizer/events?lang=en", headers={"Cookie": cookie}).body.decode()
    assert "/organizer/privacy" not in page
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    assert web.get("/organizer/privacy", headers={"Cookie": cookie}).status_code == 403
    for path in ("/organizer/privacy", "/organizer/privacy/download", "/organizer/privacy/erase"):
        response = post(web, cookie, path, csrf=csrf, email=ADDRESS, confirm="yes")
        assert response.status_code == 403, path
        assert "Anna" not in response.body.decode()
    assert len(registrations_left()) == 3


def registrations_left() -> list:
    from chalicelib.store import people

    return people.registrations_of(auth.email_hash(ADDRESS))


def test_posts_need_the_csrf_token_and_this_site_as_origin(web, world):
    cookie, csrf = admin_session(web)
    for path in ("/organizer/privacy", "/organizer/privacy/download", "/organizer/privacy/erase"):
        assert post(web, cookie, path, csrf="forged", email=ADDRESS, confirm="yes").status_code == 403, path
        cross = web.post(path, headers={**FORM, "Cookie": cookie, "Origin": "https://evil.example",
                                        "Host": "zapisy.test"},
                         body=urlencode({"csrf": csrf, "email": ADDRESS, "confirm": "yes"}))
        assert cross.status_code == 403, path
    anonymous = web.post("/organizer/privacy/erase", headers=FORM, body=urlencode(
        {"csrf": csrf, "email": ADDRESS, "confirm": "yes"}))
    assert anonymous.status_code == 303 and anonymous.headers["Location"].startswith("/organizer/login?next=")
    assert len(registrations_left()) == 3
