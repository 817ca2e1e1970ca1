"""The sign-in sheet page: tick who came to a day or a session after the fact, see it in the table and
on the person's page with who marked what, and nothing marked before the event or for a stranger."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from chalicelib.registration import signup
from tests.factories import person, published_event
from tests.unit.test_dashboard import login
from tests.unit.test_dashboard_registrations import csrf_of, page_of, post

pytestmark = pytest.mark.usefixtures("aws")
START = datetime(2027, 3, 15, 8, 0, tzinfo=UTC)


@pytest.fixture
def training(time_machine):
    time_machine.move_to(START - timedelta(days=7), tick=False)
    event = published_event(kind="training", capacity=3, starts_at=START.isoformat(),
                            ends_at=(START + timedelta(days=1, hours=8)).isoformat())
    ids = [signup.register(event, person(n, name=name)).registration_id
           for n, name in enumerate(["Zofia Nowak", "Олена Коваленко", "Ahmed Ali"])]
    return event, ids


def ticked(page: str) -> set[str]:
    return {unescape(m) for m in re.findall(r'type="checkbox" id="p-\w+" name="present" value="\w+" checked>'
                                            r'<label for="p-\w+">([^<(]+?)(?: <|</label>)', page)}


def test_a_sheet_saved_after_the_event_shows_in_the_table_and_on_the_persons_page(web, training, time_machine):
    event, ids = training
    time_machine.move_to(START + timedelta(days=3), tick=False)
    cookie = login(web)
    path = f"/organizer/events/{event.event_id}/attendance"
    assert f'href="{path}?lang=en"' in page_of(web, f"/organizer/events/{event.event_id}?lang=en", cookie)[1]
    status, sheet = page_of(web, f"{path}?lang=en", cookie)
    assert status == 200 and "<h2>Monday, 15 March 2027</h2>" in sheet
    assert 'href="' + path + '?unit=day%3A2027-03-16&amp;lang=en"' in sheet and ticked(sheet) == set()
    saved = post(web, path, cookie, {"csrf": csrf_of(sheet), "lang": "en", "unit": "day:2027-03-15",
                                     "present": [ids[0], ids[1]]})
    assert saved.status_code == 303
    assert saved.headers["Location"] == f"{path}?unit=day%3A2027-03-15&saved=1&present=2&absent=0&lang=en"
    again = page_of(web, saved.headers["Location"], cookie)[1]
    assert "Saved: 2 marked present, 0 marked absent." in again
    assert ticked(again) == {"Zofia Nowak", "Олена Коваленко"}
    corrected = post(web, path, cookie, {"csrf": csrf_of(again), "lang": "en", "unit": "day:2027-03-15",
                                         "present": [ids[1]]})
    assert corrected.headers["Location"].endswith("present=0&absent=1&lang=en")
    table = page_of(web, f"/organizer/events/{event.event_id}?lang=en", cookie)[1]
    assert "1/2 (50%)" in table and table.count("0/2 (0%)") == 2
    person_page = page_of(web, f"/organizer/events/{event.event_id}/registrations/{ids[0]}?lang=en", cookie)[1]
    assert "0/2 (0%)" in person_page and "Marked by hand (2)" in person_page
    log = re.findall(r"<li>([^<]*ola@city\.example[^<]*)</li>", person_page)
    assert [entry.split(" · ", 1)[1] for entry in log] == [
        "ola@city.example: Monday, 15 March 2027 — absent", "ola@city.example: Monday, 15 March 2027 — present"]


def test_before_the_event_the_sheet_says_when_and_a_post_is_refused(web, training):
    event, ids = training
    cookie = login(web)
    path = f"/organizer/events/{event.event_id}/attendance"
    sheet = page_of(web, f"{path}?lang=pl", cookie)[1]
    assert "<form method=\"post\" action=\"" + path not in sheet
    refused = post(web, path, cookie, {"csrf": csrf_of(sheet), "lang": "pl", "unit": "day:2027-03-15",
                                       "present": [ids[0]]})
    assert refused.status_code == 409
    assert "0/2 (0%)" in page_of(web, f"/organizer/events/{event.event_id}?lang=pl", cookie)[1]


def test_a_sheet_with_a_stranger_or_an_unknown_day_is_refused_and_changes_nothing(web, training, time_machine):
    event, ids = training
    time_machine.move_to(START + timedelta(days=3), tick=False)
    cookie = login(web)
    path = f"/organizer/events/{event.event_id}/attendance"
    sheet = page_of(web, f"{path}?lang=uk", cookie)[1]
    for fields in ({"unit": "day:2027-03-15", "present": [ids[0], "aaaaaaaaaaaaaaaa"]},
                   {"unit": "day:2027-04-01", "present": [ids[0]]}):
        refused = post(web, path, cookie, {"csrf": csrf_of(sheet), "lang": "uk", **fields})
        assert refused.status_code == 400 and 'lang="uk"' in refused.body.decode()
    assert page_of(web, f"{path}?unit=day%3A2027-04-01&lang=en", cookie)[0] == 400
    assert ticked(page_of(web, f"{path}?lang=en", cookie)[1]) == set()
    other = login(web, project="epi")
    assert page_of(web, f"{path}?lang=en", other)[0] == 404
