"""One calendar entry per event, wherever it comes from, and updates and cancellations calendars apply.

Every file is parsed back with icalendar: the board's feed, the event's own .ics and the files
attached to the e-mails must name the event with one UID (a person who subscribes to the board
and keeps the e-mailed file sees it once), an announced change raises the stored SEQUENCE, and a
cancellation (of the event or of one's registration) is a METHOD:CANCEL that removes the entry.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from chalicelib import auth
from chalicelib.application.organizer import events as organizer_events
from chalicelib.application.organizer import registrations as organizer_registrations
from chalicelib.application.participant import manage
from chalicelib.emails import delivery
from chalicelib.registration import signup
from chalicelib.store import events as event_store
from tests.factories import admin, funded_project, person, published_event
from tests.mailbox import sent

pytestmark = pytest.mark.usefixtures("aws")


def attached(kind: str, to: str) -> Calendar:
    """The calendar attached to the last `kind` e-mail sent to `to`."""
    [*_, message] = [m for m in sent() if m["X-Zapisy-Kind"] == kind and m["To"] == to]
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_payload(decode=True))


def entry(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def signed_up(event, n: int) -> str:
    outcome = signup.register(event, person(n))
    delivery.after_commit(outcome.messages)
    return outcome.registration_id


@pytest.fixture
def event():
    funded_project()  # its institution writes the calendar's ORGANIZER
    return published_event(capacity=5)


def test_the_feed_the_events_file_and_every_email_name_the_event_with_one_uid(event, web):
    signed_up(event, 1)
    feed = Calendar.from_ical(web.get("/events.ics").body)
    own = Calendar.from_ical(web.get(f"/events/{event.event_id}.ics").body)
    mailed = attached("confirmation", "person1@example.com")
    [in_feed] = [e for e in feed.walk("VEVENT") if str(e["url"]).endswith(event.event_id)]
    assert str(in_feed["uid"]) == str(entry(own)["uid"]) == str(entry(mailed)["uid"]) == f"{event.event_id}@zapisy"
    assert mailed["method"] == own["method"] == feed["method"] == "PUBLISH"


def test_an_announced_change_is_an_update_with_a_higher_sequence_kept_on_the_event(event):
    signed_up(event, 1)
    first = entry(attached("confirmation", "person1@example.com"))
    organizer_events.edit(admin(), event.event_id, {"title": {"en": "Only the title"}})  # not announced
    assert event_store.load_event(event.event_id).sequence == 0
    before = datetime.now(UTC) - timedelta(seconds=1)
    organizer_events.edit(admin(), event.event_id, {"venue": "Sala 2, Lublin"})
    changed = attached("event_changed", "person1@example.com")
    update = entry(changed)
    assert changed["method"] == "PUBLISH" and update["uid"] == first["uid"]
    assert int(update["sequence"]) == int(first.get("sequence", 0)) + 1
    assert update["dtstamp"].dt >= before and str(update["location"]) == "Sala 2, Lublin"
    assert event_store.load_event(event.event_id, consistent=True).sequence == 1
    signed_up(event, 2)  # a later confirmation carries the sequence reached, not the first one
    assert int(entry(attached("confirmation", "person2@example.com"))["sequence"]) == 1


def test_cancelling_the_event_sends_a_cancel_that_removes_the_entry(event):
    signed_up(event, 1)
    organizer_events.edit(admin(), event.event_id, {"venue": "Sala 2, Lublin"})
    organizer_events.cancel(admin(), event.event_id)
    organizer_events.cancel(admin(), event.event_id)  # once more: nothing more announced
    cancelled = attached("event_cancelled", "person1@example.com")
    removal = entry(cancelled)
    assert cancelled["method"] == "CANCEL" and removal["status"] == "CANCELLED"
    assert removal["uid"] == f"{event.event_id}@zapisy" and int(removal["sequence"]) == 2
    assert event_store.load_event(event.event_id, consistent=True).sequence == 2


def test_a_cancelled_registration_carries_a_cancel_for_that_person_alone(event):
    mine, theirs = signed_up(event, 1), signed_up(event, 2)
    manage.cancel(auth.manage_token(event.event_id, mine))
    organizer_registrations.cancel(admin(), event.event_id, theirs)
    for n in (1, 2):
        confirmed = entry(attached("confirmation", f"person{n}@example.com"))
        cancelled = attached("cancelled", f"person{n}@example.com")
        removal = entry(cancelled)
        assert cancelled["method"] == "CANCEL" and removal["status"] == "CANCELLED"
        assert removal["uid"] == confirmed["uid"]
        assert int(removal.get("sequence", 0)) >= int(confirmed.get("sequence", 0))
        assert removal["dtstamp"].dt >= confirmed["dtstamp"].dt
    assert event_store.load_event(event.event_id).sequence == 0  # the event itself did not change
