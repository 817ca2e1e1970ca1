"""Retention: personal data erased N days after the event; anonymous counts stay."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import auth
from chalicelib.application.schedules.jobs import run_retention
from chalicelib.errors import RegistrationNotFound
from chalicelib.events import service as events
from chalicelib.registration import links, signup
from chalicelib.store import registrations as store
from tests.factories import person, published_event
from tests.faults import dies_on_call

pytestmark = pytest.mark.usefixtures("aws")
START = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
END = START + timedelta(hours=4)


def make_event(retention_days: int = 90):
    event = published_event(capacity=2, starts_at=START.isoformat(), ends_at=END.isoformat(),
                            retention_days=retention_days, audiences=["migrants"],
                            questions=[{"id": "from", "type": "country", "label": "Country"}])
    ids = [signup.register(event, person(n, language=lang, answers={"from": country})).registration_id
           for n, (lang, country) in enumerate([("uk", "UA"), ("pl", "PL"), ("en", "UA")])]
    return event, ids


def test_data_is_erased_after_the_retention_period_and_counts_stay(time_machine):
    time_machine.move_to(START - timedelta(days=30), tick=False)
    event, ids = make_event()
    _short, _ = make_event(retention_days=10)
    token = auth.manage_token(event.event_id, ids[0])
    time_machine.move_to(END + timedelta(days=89), tick=False)
    assert run_retention() == {"events": 1, "registrations": 3}  # only the short one
    assert store.load_registration(event.event_id, ids[0]).email == "person0@example.com"
    time_machine.move_to(END + timedelta(days=90, minutes=1), tick=False)
    assert run_retention() == {"events": 1, "registrations": 3}
    assert run_retention() == {"events": 0, "registrations": 0}
    for rid in ids:
        erased = store.load_registration(event.event_id, rid)
        assert (erased.name, erased.email, erased.email_hash, erased.answers) == (None, None, None, {})
        assert erased.erased_at and erased.expires_at > erased.erased_at
    with pytest.raises(RegistrationNotFound):
        links.find_by_token(token)
    stats = events.public_event(event.event_id).anonymous_stats
    assert stats["registrations"] == 3 and stats["unique_participants"] == 3
    assert stats["by_status"] == {"confirmed": 2, "waitlisted": 1}
    assert stats["by_language"] == {"uk": 1, "pl": 1, "en": 1}
    assert stats["by_country"] == {"UA": 1, "PL": 1} and stats["audiences"] == ["migrants"]
    assert "person" not in str(stats)


def test_a_run_killed_half_way_is_finished_by_the_next(time_machine, monkeypatch):
    time_machine.move_to(START - timedelta(days=30), tick=False)
    event, ids = make_event()
    time_machine.move_to(END + timedelta(days=91), tick=False)
    real = store.erase
    monkeypatch.setattr(store, "erase", dies_on_call(real, 2))
    with pytest.raises(SystemExit):
        run_retention()
    monkeypatch.setattr(store, "erase", real)
    assert run_retention() == {"events": 1, "registrations": 2}
    assert all(store.load_registration(event.event_id, rid).erased_at for rid in ids)
    assert events.public_event(event.event_id).anonymous_stats["registrations"] == 3
