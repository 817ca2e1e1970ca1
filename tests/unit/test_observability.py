"""Logs are JSON lines with the request id and no personal data; metrics go out as EMF."""
from __future__ import annotations

import json

import pytest

from tests import aws_calls, log_capture
from tests.factories import person, published_event

pytestmark = pytest.mark.usefixtures("aws")


def _emf(output: str) -> list[dict]:
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{") and '"_aws"' in line]
    return [line for line in lines if "CloudWatchMetrics" in line["_aws"]]


def test_registrations_and_sent_mail_are_counted_as_emf(client, capsys):
    event = published_event(capacity=1)
    for n in (1, 2):
        client.http.post(f"/api/events/{event.event_id}/registrations", headers={
            "Content-Type": "application/json"}, body=json.dumps(person(n, name=f"Secret Name {n}")))
    metrics = _emf(capsys.readouterr().out)
    assert len(metrics) == 2  # one flush per invocation
    first, second = metrics
    assert first["RegistrationsConfirmed"] == [1.0] and first["EmailsSent"] == [1.0]
    assert second["RegistrationsWaitlisted"] == [1.0]
    assert first["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "zapisy"
    assert "Secret Name" not in json.dumps(metrics) and "@" not in json.dumps(metrics)


def test_log_lines_are_json_with_the_request_id_and_no_personal_data(client, monkeypatch):
    event = published_event()
    before = len(log_capture.LINES)

    def failing(*args, **kwargs):
        raise RuntimeError("SES is down")

    from chalicelib import aws

    monkeypatch.setattr(aws, "ses", lambda: type("Down", (), {"send_raw_email": failing})())
    response = client.http.post(f"/api/events/{event.event_id}/registrations", headers={
        "Content-Type": "application/json"}, body=json.dumps(person(7, name="Ołena Łysa", email="olena.l@example.com")))
    assert response.status_code == 201
    lines = [json.loads(line) for line in log_capture.LINES[before:]]
    assert lines and all(line["service"] == "zapisy" for line in lines)
    assert {line["message"] for line in lines} >= {"send failed"}
    assert all(line.get("request_id") for line in lines)
    assert all(line.get("route") == "/api/events/{event_id}/registrations" for line in lines)
    assert "Ołena Łysa" in aws_calls.PERSONAL and "olena.l@example.com" in aws_calls.PERSONAL
    assert log_capture.personal_data_in_logs({"Ołena Łysa", "olena.l@example.com"}) == []


def test_the_search_finds_a_leak():
    log_capture.LINES.append('{"message": "sent to someone@example.net"}')
    try:
        assert log_capture.personal_data_in_logs(set()) == ['{"message": "sent to someone@example.net"}']
    finally:
        log_capture.LINES.pop()
