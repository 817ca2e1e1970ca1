"""The scheduled jobs through POST /dev/jobs/<name> on the running local stack."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from tests.factories import person


def run_job(api, name: str) -> dict:
    response = api.request("POST", f"/dev/jobs/{name}")
    assert response.status_code == 200, response.text
    return response.json()["result"]


def test_reminder_goes_out_when_its_moment_comes(api):
    # the "2h" reminder comes due two seconds after the sign-up
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2, seconds=3)
    event_id = api.published_event(capacity=5, reminders=["2h"], starts_at=start.isoformat(),
                                   ends_at=(start + timedelta(hours=1)).isoformat())
    body = person(1, email="reminded@example.com", language="uk")
    assert api.request("POST", f"/api/events/{event_id}/registrations", body=body).status_code == 201
    queued = 0
    deadline = time.monotonic() + 30
    while not queued and time.monotonic() < deadline:  # wait for the moment, not a fixed time
        queued = run_job(api, "reminders")["queued"]
        if not queued:
            time.sleep(0.5)
    assert queued == 1
    assert run_job(api, "reminders")["queued"] == 0
    reminders = [m for m in api.outbox() if m["to"] == "reminded@example.com" and m["kind"] == "reminder"]
    assert len(reminders) == 1 and reminders[0]["attachments"] == ["event.ics"]
    assert "/manage/" in reminders[0]["text"]


def test_every_job_runs_by_name_and_unknown_ones_are_404(api):
    for name in ("outbox", "reconfirm", "retention"):
        assert isinstance(run_job(api, name), dict)
    response = api.request("POST", "/dev/jobs/nope")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
