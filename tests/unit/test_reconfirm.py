""""Still coming?": unanswered seats go to the waitlist in order, everyone concerned is told."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.application.schedules.jobs import run_reconfirm
from chalicelib.notifications.reconfirm import still_coming
from chalicelib.registration import signup
from chalicelib.store import registrations as store
from tests.factories import person, published_event
from tests.mailbox import kinds_by_recipient, sent, text_of

pytestmark = pytest.mark.usefixtures("aws")
START = datetime(2027, 5, 20, 8, 0, tzinfo=UTC)


def test_unanswered_seats_are_released_to_the_waitlist(time_machine):
    time_machine.move_to(START - timedelta(days=20), tick=False)
    event = published_event(capacity=2, reconfirm_days=3, reconfirm_hours=24, starts_at=START.isoformat(),
                            ends_at=(START + timedelta(hours=2)).isoformat())
    keeper, _silent, waiting = (signup.register(event, person(n)) for n in (1, 2, 3))
    assert waiting.status == "waitlisted"
    time_machine.move_to(START - timedelta(days=3) + timedelta(minutes=10), tick=False)
    assert run_reconfirm() == {"asked": 2, "released": 0}
    assert run_reconfirm() == {"asked": 0, "released": 0}
    asked = [m for m in sent() if m["X-Zapisy-Kind"] == "reconfirm"]
    assert len(asked) == 2 and "/still-coming" in text_of(asked[0])
    assert still_coming(store.load_registration(event.event_id, keeper.registration_id), START)
    time_machine.move_to(START - timedelta(days=2) + timedelta(minutes=20), tick=False)
    assert run_reconfirm() == {"asked": 0, "released": 1}
    status = {r.email: r.status for r in store.with_status(event.event_id, ("confirmed", "cancelled", "waitlisted"))}
    assert status == {"person1@example.com": "confirmed", "person2@example.com": "cancelled",
                      "person3@example.com": "confirmed"}
    kinds = kinds_by_recipient()
    assert kinds[("person2@example.com", "released")] == 1
    assert kinds[("person3@example.com", "promoted")] == 1
    assert run_reconfirm() == {"asked": 0, "released": 0}


def test_events_without_the_question_are_left_alone(time_machine):
    time_machine.move_to(START - timedelta(days=20), tick=False)
    event = published_event(capacity=2, starts_at=START.isoformat(), ends_at=(START + timedelta(hours=2)).isoformat())
    signup.register(event, person(1))
    time_machine.move_to(START - timedelta(hours=1), tick=False)
    assert run_reconfirm() == {"asked": 0, "released": 0}
