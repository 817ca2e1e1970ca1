"""Reminders: exactly one per participant and offset, whatever the job and the clock do."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.application.schedules.jobs import run_reminders
from chalicelib.emails import delivery
from chalicelib.registration import leaving, signup
from chalicelib.store import registrations as store
from tests.factories import person, published_event
from tests.faults import dies_on_call
from tests.mailbox import kinds_by_recipient, sent, text_of

pytestmark = pytest.mark.usefixtures("aws")
START = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def event(time_machine):
    """Four confirmed in pl and en, one waitlisted, one cancelled, one rejected, ten days out."""
    time_machine.move_to(START - timedelta(days=10), tick=False)
    item = published_event(capacity=4, starts_at=START.isoformat(), ends_at=(START + timedelta(hours=3)).isoformat(),
                           sessions=[{"id": "am", "title": {"pl": "Rano", "en": "Morning", "uk": "Ранок"},
                                      "capacity": 10}])
    outcomes = [signup.register(item, person(n, language=lang, sessions=["am"]))
                for n, lang in enumerate(["pl", "en", "uk", "en"])]
    signup.register(item, person(4, sessions=["am"]))  # waitlisted
    leaving.cancel(store.load_registration(item.event_id, outcomes[3].registration_id))  # 4 promoted
    rejected = store.load_registration(item.event_id, outcomes[2].registration_id)
    leaving.reject(rejected)  # uk participant rejected: 0, 1, 4 confirmed
    signup.register(item, person(5, sessions=["am"]))  # confirmed (seat 3 of 4 ... )
    signup.register(item, person(6, sessions=["am"]))  # waitlisted
    return item


def reminders_sent() -> dict[str, int]:
    return {to: n for (to, _), n in kinds_by_recipient("reminder").items()}


def confirmed_addresses(event_id: str) -> set[str]:
    return {r.email for r in store.with_status(event_id, ("confirmed",))}


def test_each_confirmed_person_gets_each_reminder_once(event, time_machine):
    confirmed = confirmed_addresses(event.event_id)
    assert len(confirmed) == 4
    time_machine.move_to(START - timedelta(days=7) + timedelta(minutes=5), tick=False)
    assert run_reminders()["queued"] == 4
    assert run_reminders()["queued"] == 0  # run twice
    assert reminders_sent() == dict.fromkeys(confirmed, 1)
    time_machine.move_to(START - timedelta(hours=23), tick=False)
    assert run_reminders()["queued"] == 4
    assert reminders_sent() == dict.fromkeys(confirmed, 2)
    polish = next(m for m in sent() if m["X-Zapisy-Kind"] == "reminder" and m["To"] == "person0@example.com")
    body = text_of(polish)
    assert "Rano" in body and "/manage/" in body and "marca 2027" in body
    assert [p.get_filename() for p in polish.walk() if p.get_filename()] == ["event.ics"]


def test_nobody_waitlisted_cancelled_or_rejected_is_reminded(event, time_machine):
    time_machine.move_to(START - timedelta(hours=2), tick=False)
    run_reminders()
    assert set(reminders_sent()) == confirmed_addresses(event.event_id)
    assert "person2@example.com" not in reminders_sent()  # rejected
    assert "person3@example.com" not in reminders_sent()  # cancelled
    assert "person6@example.com" not in reminders_sent()  # waitlisted


def test_a_clock_jump_past_both_offsets_sends_one_reminder_each(event, time_machine):
    time_machine.move_to(START - timedelta(hours=12), tick=False)
    report = run_reminders()
    assert report == {"events": 1, "queued": 4, "skipped_offsets": 1}
    assert set(reminders_sent().values()) == {1}
    time_machine.move_to(START - timedelta(hours=1), tick=False)
    assert run_reminders()["queued"] == 0


def test_a_job_killed_half_way_and_rerun_misses_no_one_and_doubles_no_one(event, time_machine, monkeypatch):
    time_machine.move_to(START - timedelta(days=6), tick=False)
    monkeypatch.setattr(store, "QUEUE_BATCH", 1)
    monkeypatch.setattr(store, "_queue_batch", dies_on_call(store._queue_batch, 3))
    with pytest.raises(SystemExit):
        run_reminders()
    delivery.sweep()  # the two queued before the crash go out through the safety net
    assert sum(reminders_sent().values()) == 2
    assert run_reminders()["queued"] == 2
    assert reminders_sent() == dict.fromkeys(confirmed_addresses(event.event_id), 1)


def test_who_registers_after_a_reminder_came_due_does_not_get_it(time_machine):
    time_machine.move_to(START - timedelta(days=10), tick=False)
    event = published_event(capacity=10, starts_at=START.isoformat(),
                            ends_at=(START + timedelta(hours=3)).isoformat())
    signup.register(event, person(1))
    time_machine.move_to(START - timedelta(days=7) + timedelta(minutes=1), tick=False)
    assert run_reminders()["queued"] == 1
    time_machine.move_to(START - timedelta(days=3), tick=False)
    assert signup.register(event, person(2)).status == "confirmed"
    assert run_reminders()["queued"] == 0
    time_machine.move_to(START - timedelta(hours=20), tick=False)
    assert run_reminders()["queued"] == 2
    assert reminders_sent() == {"person1@example.com": 2, "person2@example.com": 1}
