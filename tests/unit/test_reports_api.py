"""The funder report through the organizer API, and the facts kept at erasure that make it survive retention."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from chalicelib import auth
from chalicelib.application.schedules.jobs import run_retention
from chalicelib.indicators.service import records_until
from chalicelib.store import events as event_store
from chalicelib.store import facts as fact_store
from chalicelib.store import registrations as registration_store
from tests.factories import admin
from tests.faults import dies_on_call
from tests.unit.test_reports import REPORT_TIME, data_set  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("aws")


def report(client, query: str, organizer=None):
    token = auth.issue_organizer_token(organizer or admin())
    response = client.http.get(f"/api/organizer/reports?{query}", headers={"Authorization": f"Bearer {token}"})
    return response.status_code, json.loads(response.body)


def test_the_report_as_json_gives_exact_integers_and_the_events(client, data_set):  # noqa: F811
    data_set["time"].move_to(datetime(2027, 3, 1, tzinfo=UTC), tick=False)
    run_retention()
    data_set["time"].move_to(REPORT_TIME, tick=False)
    status, body = report(client, "project=re-turn&from=2027-01-01&to=2027-12-31")
    assert status == 200
    assert {k: body[k] for k in ("events", "events_held", "events_erased", "registrations", "participations",
                                 "attended", "unique_participants", "unique_attended")} == {
        "events": 3, "events_held": 2, "events_erased": 1, "registrations": 18, "participations": 16,
        "attended": 11, "unique_participants": 7, "unique_attended": 6}
    listed = [(e["kind"], e["capacity"], e["participations"], e["attended"], e["erased"]) for e in body["event_list"]]
    assert listed == [("training", 10, 7, 6, True), ("workshop", 6, 6, 5, False), ("seminar", 5, 3, 0, False)]
    parents = next(g for g in body["breakdowns"]["audience"] if g["key"] == "parents")
    assert parents == {"key": "parents", "registrations": 3, "participations": 2, "attended": 1,
                       "unique_participants": 2, "unique_attended": 1}  # small, and exact for organizers
    assert "@" not in json.dumps(body) and "Person" not in json.dumps(body)


def test_the_json_report_refuses_another_project_and_a_bad_period(client, data_set):  # noqa: F811
    other = auth.Organizer("o-2", "o2@example.org", "organizer", ("epi",))
    assert report(client, "project=re-turn", other)[0] == 403
    status, body = report(client, "project=re-turn&from=2027-05-01&to=2027-04-01")
    assert status == 400 and "to" in body["error"]["fields"]
    assert report(client, "from=2027-01-01")[0] == 400


def test_a_purge_cut_off_half_way_keeps_every_fact_and_counts_nobody_twice(data_set, monkeypatch):  # noqa: F811
    training = data_set["training"]
    data_set["time"].move_to(datetime(2027, 3, 1, tzinfo=UTC), tick=False)
    monkeypatch.setattr(registration_store, "erase", dies_on_call(registration_store.erase, 3))
    with pytest.raises(SystemExit):
        run_retention()
    assert len(list(fact_store.facts_of(training.event_id))) == 7  # all kept before the first erasure
    monkeypatch.undo()
    assert run_retention() == {"events": 1, "registrations": 5}  # the two erased before the cut are not again
    assert len(list(fact_store.facts_of(training.event_id))) == 7
    stored = event_store.load_event(training.event_id)
    assert stored.erased_at and stored.anonymous_stats["facts"] is True
    until = records_until(stored)
    assert until == datetime(2033, 1, 1, tzinfo=UTC)  # five years after the event's year
