"""No dead end for an organizer: an invite-only event cannot go live without a code (nobody could
sign up), and a cancelled event offers no check-in."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import auth
from tests.factories import admin
from tests.unit.test_dashboard_editor import csrf_of, login, post

pytestmark = pytest.mark.usefixtures("aws")
START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


def call(client, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {auth.issue_organizer_token(admin())}",
               "Content-Type": "application/json", "Accept-Language": "en"}
    answer = client.http.request(method, path, headers=headers, body=json.dumps(body) if body is not None else None)
    return answer.status_code, json.loads(answer.body)


def invite_only_draft(client) -> str:
    status, body = call(client, "POST", "/api/organizer/events", {
        "project": "re-turn", "kind": "workshop", "title": {"en": "Closed workshop"}, "capacity": 10,
        "timezone": "Europe/Warsaw", "invite_only": True,
        "starts_at": START.isoformat(), "ends_at": (START + timedelta(hours=2)).isoformat()})
    assert status == 201, body
    return body["id"]


def test_an_invite_only_event_without_codes_is_not_published_until_it_has_one(client):
    event_id = invite_only_draft(client)
    status, body = call(client, "POST", f"/api/organizer/events/{event_id}/publish")
    assert status == 409 and "needs at least one invitation code" in body["error"]["message"]
    assert call(client, "GET", f"/api/organizer/events/{event_id}")[1]["status"] == "draft"

    assert call(client, "PATCH", f"/api/organizer/events/{event_id}", {"invite_codes": ["MEET-2027"]})[0] == 200
    assert call(client, "POST", f"/api/organizer/events/{event_id}/publish")[0] == 200
    status, body = call(client, "PATCH", f"/api/organizer/events/{event_id}", {"invite_codes": []})
    assert status == 409 and "needs at least one invitation code" in body["error"]["message"]
    assert call(client, "GET", f"/api/organizer/events/{event_id}")[1]["invite_codes_count"] == 1


def test_the_dashboard_says_what_is_missing_instead_of_offering_publish(web, client):
    event_id = invite_only_draft(client)
    cookie = login(web)
    shown = web.get(f"/organizer/events/{event_id}?lang=en", headers={"Cookie": cookie}).body.decode()
    assert f'action="/organizer/events/{event_id}/publish"' not in shown
    assert "has no invitation codes yet, so nobody could sign up" in shown
    refused = post(web, f"/organizer/events/{event_id}/publish", cookie, {"csrf": csrf_of(web, cookie), "lang": "pl"})
    assert refused.status_code == 409 and "kod" in refused.body.decode()

    call(client, "PATCH", f"/api/organizer/events/{event_id}", {"invite_codes": ["MEET-2027"]})
    shown = web.get(f"/organizer/events/{event_id}?lang=en", headers={"Cookie": cookie}).body.decode()
    assert f'action="/organizer/events/{event_id}/publish"' in shown and "nobody could sign up" not in shown


def test_copies_of_an_invite_only_event_are_drafts_until_they_have_codes(web, client):
    from chalicelib.application.organizer import events
    from chalicelib.errors import InvalidInput

    event_id = invite_only_draft(client)
    with pytest.raises(InvalidInput) as refused:
        events.create_series(admin(), event_id, 3, "week", publish=True)
    assert "create them as drafts" in refused.value.fields["publish"].msgid
    cookie = login(web)
    page = web.get(f"/organizer/events/{event_id}/series?lang=en", headers={"Cookie": cookie}).body.decode()
    assert 'name="publish"' not in page and "are created as drafts" in page
    form = {"csrf": csrf_of(web, cookie), "lang": "en", "count": "3", "every": "week", "action": "create",
            "publish": "on"}
    answer = post(web, f"/organizer/events/{event_id}/series", cookie, form)
    assert answer.status_code == 400 and "add codes to each" in answer.body.decode()
    assert len(call(client, "GET", "/api/organizer/events?project=re-turn")[1]["items"]) == 1
    assert post(web, f"/organizer/events/{event_id}/series", cookie, {**form, "publish": ""}).status_code == 303
    listed = call(client, "GET", "/api/organizer/events?project=re-turn")[1]["items"]
    assert sorted(e["status"] for e in listed) == ["draft"] * 3


def test_a_cancelled_event_offers_no_check_in(web, client):
    event_id = invite_only_draft(client)
    call(client, "POST", f"/api/organizer/events/{event_id}/cancel")
    shown = web.get(f"/organizer/events/{event_id}?lang=en", headers={"Cookie": login(web)}).body.decode()
    assert "/checkin" not in shown and "/publish" not in shown
