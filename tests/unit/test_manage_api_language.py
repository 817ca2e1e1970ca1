"""GET /api/manage/{token}: the person's own registration in their language, at the event's clock."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import auth
from chalicelib.registration import signup
from tests.factories import person, published_event

pytestmark = pytest.mark.usefixtures("aws")
START = datetime(2030, 7, 1, 8, 0, tzinfo=UTC)  # 10:00 in Warsaw (summer time)


@pytest.fixture
def token():
    event = published_event(starts_at=START.isoformat(), ends_at=(START + timedelta(hours=2)).isoformat(),
                            timezone="Europe/Warsaw")
    outcome = signup.register(event, person(1, language="uk"))
    return auth.manage_token(event.event_id, outcome.registration_id)


def own(web, path: str, **headers: str) -> tuple[dict, str]:
    response = web.get(path, headers={"Accept-Language": "pl", **headers})
    assert response.status_code == 200
    return json.loads(response.body), response.headers.get("Content-Language", "")


def test_it_answers_in_the_registrations_language_not_the_browsers(web, token):
    mine, language = own(web, f"/api/manage/{token}")
    assert language == "uk" and mine["event"]["title"] == "Семінар"
    assert mine["event"]["timezone_name"] == "за центральноєвропейським літнім часом"


def test_lang_in_the_query_still_chooses(web, token):
    mine, language = own(web, f"/api/manage/{token}?lang=en")
    assert language == "en" and mine["event"]["title"] == "Workshop"
    assert mine["event"]["timezone_name"] == "Central European Summer Time"


def test_the_events_times_are_its_local_times_with_their_offset(web, token):
    event = own(web, f"/api/manage/{token}")[0]["event"]
    assert event["starts_at"] == "2030-07-01T10:00:00+02:00" and event["ends_at"] == "2030-07-01T12:00:00+02:00"
    assert datetime.fromisoformat(event["starts_at"]) == START and event["timezone"] == "Europe/Warsaw"
