"""An organizer writes to an event's participants from the dashboard — the same action as the API:
whom by status (with how many each choice reaches), a subject and a text, each person told once,
nobody without an address counted, and a clear refusal in the reader's language."""
from __future__ import annotations

import re

import pytest

from chalicelib.registration import signup
from tests import mailbox
from tests.factories import person, published_event
from tests.unit.test_dashboard import login
from tests.unit.test_dashboard_registrations import csrf_of, page_of, post, sign_up

pytestmark = pytest.mark.usefixtures("aws")


def test_the_confirmed_are_written_to_once_and_the_page_says_how_many(web):
    event = published_event(capacity=3)
    for n in (1, 2):
        sign_up(event, person(n))
    signup.register_on_behalf(event, {"name": "Walk-in", "consent": True, "language": "pl"}, "desk@city.example")
    sign_up(event, person(3))  # on the waiting list
    cookie = login(web)
    actions = page_of(web, f"/organizer/events/{event.event_id}?lang=en", cookie)[1]
    path = f"/organizer/events/{event.event_id}/message"
    assert f'href="{path}?lang=en"' in actions
    status, form = page_of(web, path + "?lang=en", cookie)
    assert status == 200 and re.search(r'id="to-confirmed"[^>]*checked', form)
    assert "Confirmed participants <span" in form and "(3)</span>" in form  # two, and the walk-in without an address
    before = len(mailbox.sent())

    sent = post(web, path, cookie, {"csrf": csrf_of(form), "lang": "en", "to": "confirmed",
                                    "subject": "Room change", "body": "We meet in room 12.\nSee you!"})
    assert sent.status_code == 303 and sent.headers["Location"] == f"{path}?sent=2&lang=en"
    told = mailbox.sent()[before:]
    assert sorted(str(m["To"]) for m in told) == ["person1@example.com", "person2@example.com"]
    assert all(m["X-Zapisy-Kind"] == "organizer_message" and "We meet in room 12." in mailbox.text_of(m)
               for m in told)
    assert "Your message is on its way to 2 people." in page_of(web, f"{path}?sent=2&lang=en", cookie)[1]


def test_a_message_without_a_subject_is_refused_in_the_readers_language_and_nothing_is_sent(web):
    event = published_event(capacity=5)
    sign_up(event, person(1))
    cookie = login(web)
    path = f"/organizer/events/{event.event_id}/message"
    form = page_of(web, path + "?lang=pl", cookie)[1]
    before = len(mailbox.sent())
    refused = post(web, path, cookie, {"csrf": csrf_of(form), "lang": "pl", "to": "waitlisted", "subject": "",
                                       "body": "Treść"})
    shown = refused.body.decode()
    assert refused.status_code == 400 and 'href="#f-subject"' in shown and "Treść</textarea>" in shown
    assert re.search(r'id="to-waitlisted"[^>]*checked', shown) and len(mailbox.sent()) == before
    wrong = post(web, path, cookie, {"csrf": csrf_of(form), "lang": "en", "to": "everybody", "subject": "S",
                                     "body": "B"})
    assert wrong.status_code == 400 and 'href="#to-confirmed"' in wrong.body.decode()


def test_another_projects_event_cannot_be_written_to(web):
    theirs = published_event(project="epi", capacity=5)
    sign_up(theirs, person(1))
    cookie = login(web, project="re-turn")
    path = f"/organizer/events/{theirs.event_id}/message"
    assert page_of(web, path + "?lang=en", cookie)[0] == 404
    own = published_event(capacity=5)
    form = page_of(web, f"/organizer/events/{own.event_id}/message?lang=en", cookie)[1]
    before = len(mailbox.sent())
    answer = post(web, path, cookie, {"csrf": csrf_of(form), "lang": "en", "to": "all", "subject": "S", "body": "B"})
    assert answer.status_code == 404 and len(mailbox.sent()) == before


def test_whoever_stopped_the_organizers_messages_is_left_out_and_shown(web):
    from datetime import UTC, datetime

    from chalicelib.store import registrations as store

    event = published_event(capacity=3)
    stopping = sign_up(event, person(1))
    sign_up(event, person(2))
    assert store.stop_messages(event.event_id, stopping.registration_id, datetime.now(UTC))
    cookie = login(web)
    path = f"/organizer/events/{event.event_id}/message"
    form = page_of(web, path + "?lang=pl", cookie)[1]
    before = len(mailbox.sent())
    sent = post(web, path, cookie, {"csrf": csrf_of(form), "lang": "pl", "to": "confirmed",
                                    "subject": "Sala", "body": "Sala 12."})
    assert sent.headers["Location"] == f"{path}?sent=1&left_out=1&lang=pl"
    assert [str(m["To"]) for m in mailbox.sent()[before:]] == ["person2@example.com"]
    shown = page_of(web, sent.headers["Location"], cookie)[1]
    assert "Pominięto 1 osobę, która zrezygnowała z Twoich wiadomości o tym wydarzeniu." in shown
    listing = page_of(web, f"/organizer/events/{event.event_id}?lang=pl", cookie)[1]
    assert listing.count("Zrezygnował(a) z Twoich wiadomości") == 1
    detail = page_of(web, f"/organizer/events/{event.event_id}/registrations/{stopping.registration_id}?lang=pl",
                     cookie)[1]
    assert "Uczestnik zrezygnował z nich" in detail
