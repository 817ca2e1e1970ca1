"""An event's registrations on the dashboard: filters and search, one registration's page, and
moving someone between sessions (adding people at a desk, resending: test_dashboard_desk.py)."""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from chalicelib.registration import leaving, listing, signup
from chalicelib.store import events as event_store
from chalicelib.store import registrations as store
from chalicelib.store import search
from tests import mailbox
from tests.factories import person, published_event
from tests.unit.test_dashboard import login

pytestmark = pytest.mark.usefixtures("aws")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SESSIONS = [{"id": "morning", "title": {"en": "Morning", "pl": "Rano", "uk": "Ранок"}, "capacity": 2},
            {"id": "afternoon", "title": {"en": "Afternoon", "pl": "Popołudnie", "uk": "Пообідній"}, "capacity": 1}]
QUESTIONS = [{"id": "need", "type": "choice", "required": True,
              "label": {"en": "What do you need?", "pl": "Czego potrzebujesz?", "uk": "Що вам потрібно?"},
              "options": [{"id": "job", "label": {"en": "A job", "pl": "Pracy", "uk": "Роботи"}},
                          {"id": "school", "label": {"en": "A school", "pl": "Szkoły", "uk": "Школи"}}]}]


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def page_of(web, path: str, cookie: str) -> tuple[int, str]:
    response = web.get(path, headers={"Cookie": cookie})
    return response.status_code, response.body.decode()


def post(web, path: str, cookie: str, fields: dict) -> object:
    return web.post(path, headers={**FORM, "Cookie": cookie}, body=urlencode(fields, doseq=True))


def row_names(page: str) -> list[str]:
    return [unescape(name) for name in re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', page)]


def next_cursor(page: str) -> str | None:
    found = re.search(r'<a href="([^"]+)#registrations">(?:More registrations|Search further)</a>', page)
    return parse_qs(urlsplit(unescape(found.group(1))).query)["cursor"][0] if found else None


def sign_up(event, data: dict):
    """A participant registers through the domain, and the e-mails go out as after a request."""
    from chalicelib.emails.delivery import after_commit

    outcome = signup.register(event, data)
    after_commit(outcome.messages)
    return outcome


def reload(event_id: str):
    return event_store.load_event(event_id, consistent=True)


def registration(event_id: str, registration_id: str):
    return store.load_registration(event_id, registration_id)


# Filters, search and pagination

def test_filters_run_in_the_store_and_every_page_is_full_until_the_end(web, monkeypatch):
    monkeypatch.setattr(listing, "PAGE", 3)
    monkeypatch.setattr(search, "LIST_CHUNK", 2)  # several Query calls per page, most items filtered out
    event = published_event(capacity=40, sessions=[dict(s, capacity=20) for s in SESSIONS])
    ids = {}
    for n in range(14):
        outcome = signup.register(reload(event.event_id), person(n, sessions=[SESSIONS[n % 2]["id"]]))
        ids[f"Person {n}"] = outcome.registration_id
    for n in (0, 2, 4):  # checked in at the door
        from chalicelib.checkin import service as checkin

        checkin.check_in(reload(event.event_id), ids[f"Person {n}"], by="door@example.org")
    leaving.cancel(registration(event.event_id, ids["Person 6"]))
    cookie = login(web)

    def flat(pages: list[list[str]]) -> list[str]:
        return [name for page in pages for name in page]

    def all_pages(query: str) -> list[list[str]]:
        pages, cursor = [], None
        while True:
            status, page = page_of(web, f"/organizer/events/{event.event_id}?lang=en&{query}"
                                   + (f"&cursor={cursor}" if cursor else ""), cookie)
            assert status == 200
            pages.append(row_names(page))
            cursor = next_cursor(page)
            if not cursor:
                return pages

    morning = all_pages("session=morning&status=confirmed")
    assert [len(p) for p in morning] == [3, 3]  # full pages; no empty page at the end
    assert sorted(flat(morning)) == sorted(f"Person {n}" for n in (0, 2, 4, 8, 10, 12))
    not_in = all_pages("session=morning&checked_in=no")
    assert sorted(flat(not_in)) == sorted(f"Person {n}" for n in (6, 8, 10, 12))
    assert [len(p) for p in not_in] == [3, 1]
    everyone = all_pages("")
    assert len(flat(everyone)) == 14 and len(set(flat(everyone))) == 14
    assert all(len(p) == 3 for p in everyone[:-1])


def test_a_search_that_reads_its_budget_returns_what_it_found_and_continues():
    event = published_event(capacity=30)
    for n in range(9):
        signup.register(reload(event.event_id), person(n, name="Ola Kowalska" if n in (1, 7) else f"P {n}"))
    found, cursor, pages = [], None, 0
    while True:
        part = search.find_registrations(event.event_id, words=listing.search_words("kowal"), cursor=cursor,
                                        limit=5, budget=3)
        pages += 1
        found += part.items
        assert part.exhausted == bool(part.next)  # never a full page here: only the budget stops it
        cursor = part.next
        if not cursor:
            break
    assert [r.name for r in found] == ["Ola Kowalska", "Ola Kowalska"] and pages == 3


NAMES = {"lukasz": "Łukasz Żółć", "olena": "Олена Коваленко", "gonta": "Ґонта Їжак", "anna": "Anna Nowak-Wiśniewska"}


@pytest.mark.parametrize(("query", "expected"), [
    ("lukasz", ["lukasz"]), ("ŻÓŁĆ", ["lukasz"]), ("zolc", ["lukasz"]), ("ŁUK żó", ["lukasz"]),
    ("олена", ["olena"]), ("OLENA", ["olena"]), ("коваль", ["olena"]), ("kovalenko olena", ["olena"]),
    ("ґонта", ["gonta"]), ("гонта", ["gonta"]), ("izhak", ["gonta"]),
    ("wisniewska", ["anna"]), ("nowak-wiś", ["anna"]), ("a.nowak@", ["anna"]),
    ("example.org", ["anna", "gonta", "lukasz", "olena"]), ("kowalski", []),
])
def test_search_ignores_case_diacritics_and_alphabet(web, query, expected):
    event = published_event(capacity=10)
    for key, name in NAMES.items():
        email = "a.nowak@example.org" if key == "anna" else f"{key}@example.org"
        signup.register(reload(event.event_id), person(1, name=name, email=email))
    status, page = page_of(web, f"/organizer/events/{event.event_id}?lang=en&{urlencode({'q': query})}", login(web))
    assert status == 200
    assert sorted(row_names(page)) == sorted(NAMES[k] for k in expected)


def test_a_filter_that_names_nothing_is_a_clear_400_and_the_list_still_shows(web):
    event = published_event(capacity=5)
    signup.register(event, person(1))
    status, page = page_of(web, f"/organizer/events/{event.event_id}?lang=en&status=bogus&cursor=xyz", login(web))
    assert status == 400 and "Please correct the following" in page and 'href="#f-status"' in page
    assert row_names(page) == ["Person 1"]


def test_erasure_removes_the_search_text():
    event = published_event(capacity=5)
    outcome = signup.register(event, person(1, name="Ірина Бойко"))
    assert "ірина" in registration(event.event_id, outcome.registration_id).search_text
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    store.erase(registration(event.event_id, outcome.registration_id), now, now + timedelta(days=30))
    assert registration(event.event_id, outcome.registration_id).search_text is None
    assert search.find_registrations(event.event_id, words=listing.search_words("boiko"), cursor=None,
                                    limit=10).items == []


# One registration's page

def test_the_registration_page_shows_everything_held_in_the_page_language(web):
    event = published_event(capacity=5, sessions=SESSIONS, questions=QUESTIONS)
    outcome = sign_up(event, person(1, name="Марія Шевченко", language="uk", sessions=["morning"],
                                    answers={"need": "school"}))
    from chalicelib.checkin import service as checkin
    from chalicelib.store import suppression

    checkin.check_in(reload(event.event_id), outcome.registration_id, "morning",
                     by="door@example.org")
    held = registration(event.event_id, outcome.registration_id)
    from datetime import UTC, datetime

    suppression.suppress(held.email_hash, "bounce", datetime.now(UTC))
    cookie = login(web)
    status, table = page_of(web, f"/organizer/events/{event.event_id}?lang=en", cookie)
    path = f"/organizer/events/{event.event_id}/registrations/{outcome.registration_id}"
    assert f'href="{path}?lang=en">Марія Шевченко</a>' in table
    status, page = page_of(web, path + "?lang=en", cookie)
    assert status == 200
    text = unescape(re.sub(r"<[^>]+>", " ", page))
    for expected in ("Марія Шевченко", "person1@example.com", "Українська", "Confirmed", "Morning",
                     "What do you need?", "A school", "privacy notice version 2026-11",
                     "Given in the registration form", "Seat confirmed",
                     "Nothing more is sent to this address (bounce)"):
        assert expected in text, expected
    assert re.search(r"Checked in\s+\S.*Morning: ", text, re.DOTALL)
    assert "Send the e-mail again" not in page  # the address is suppressed
    polish = page_of(web, path + "?lang=pl", cookie)[1]
    assert "Czego potrzebujesz?" in polish and "Szkoły" in polish and "Rano" in polish


# Moving between sessions

def test_a_seat_moves_to_another_session_only_if_it_has_room(web):
    event = published_event(capacity=5, sessions=SESSIONS)
    first = sign_up(event, person(1, sessions=["morning"]))
    second = sign_up(reload(event.event_id), person(2, sessions=["afternoon"]))
    cookie = login(web)
    path = f"/organizer/events/{event.event_id}/registrations/{first.registration_id}"
    csrf = csrf_of(page_of(web, path + "?lang=en", cookie)[1])
    before = len(mailbox.sent())
    assert before == 2  # the two confirmations
    refused = post(web, path, cookie, {"csrf": csrf, "lang": "en", "back": "registration", "action": "move",
                                       "session": "afternoon"})
    assert refused.status_code == 400
    assert "There are no free seats in that session." in refused.body.decode()
    assert reload(event.event_id).session_taken == {"morning": 1, "afternoon": 1}
    assert registration(event.event_id, first.registration_id).sessions == ["morning"]
    other = f"/organizer/events/{event.event_id}/registrations/{second.registration_id}"
    moved = post(web, other, cookie, {"csrf": csrf, "lang": "en", "back": "registration", "action": "move",
                                      "session": "morning"})
    assert moved.status_code == 303 and moved.headers["Location"].startswith(other + "?")
    assert registration(event.event_id, second.registration_id).sessions == ["morning"]
    assert reload(event.event_id).session_taken == {"morning": 2, "afternoon": 0}
    assert int(reload(event.event_id).taken) == 2
    assert len(mailbox.sent()) == before  # no e-mail kind announces a move
    notice = page_of(web, moved.headers["Location"], cookie)[1]
    assert "Moved to the chosen sessions." in notice


def test_cancelling_someone_asks_once_more_and_says_who_is_told(web):
    event = published_event(capacity=1)
    seated, queued = sign_up(event, person(1)), sign_up(event, person(2))
    cookie = login(web)
    table = page_of(web, f"/organizer/events/{event.event_id}?lang=en", cookie)[1]
    path = f"/organizer/events/{event.event_id}/registrations/{seated.registration_id}"
    assert f'href="{path}?confirm=cancel&amp;lang=en#confirm"' in table
    before = len(mailbox.sent())

    unconfirmed = post(web, path, cookie, {"csrf": csrf_of(table), "lang": "en", "action": "cancel"})
    assert unconfirmed.status_code == 303
    assert unconfirmed.headers["Location"] == f"{path}?confirm=cancel&lang=en#confirm"
    assert registration(event.event_id, seated.registration_id).status == "confirmed"
    assert len(mailbox.sent()) == before
    status, asked = page_of(web, f"{path}?confirm=cancel&lang=en", cookie)
    assert status == 200 and "Cancel this registration?" in asked and "Person 1 receives an e-mail" in asked
    assert "first person on the waiting list" in asked and 'name="sure" value="yes"' in asked

    done = post(web, path, cookie, {"csrf": csrf_of(asked), "lang": "en", "action": "cancel", "sure": "yes",
                                    "back": "registration"})
    assert done.status_code == 303 and "done=cancel" in done.headers["Location"]
    assert registration(event.event_id, seated.registration_id).status == "cancelled"
    assert registration(event.event_id, queued.registration_id).status == "confirmed"
    assert "Cancel this registration?" not in page_of(web, f"{path}?confirm=cancel&lang=en", cookie)[1]
