"""Each function's role allows exactly the AWS calls its code makes (recorded via botocore)."""
from __future__ import annotations

import json

import pytest

from infra.policies import FUNCTIONS, GRANTS, allowed_actions
from tests import aws_calls, mailbox
from tests.factories import person, published_event

pytestmark = pytest.mark.usefixtures("aws")


@pytest.fixture
def recorded(monkeypatch):
    """A fresh recording for this test only."""
    fresh: dict[str, set[str]] = aws_calls.RECORDED.__class__(set)
    monkeypatch.setattr(aws_calls, "RECORDED", fresh)
    return fresh


def _covered(recorded: dict[str, set[str]]) -> None:
    for function, actions in recorded.items():
        assert actions <= allowed_actions(function), (function, sorted(actions - allowed_actions(function)))


def test_a_registration_and_the_jobs_stay_within_their_roles(client, recorded, settings_env):
    event = published_event(capacity=1)
    for n in (1, 2):
        response = client.http.post(f"/api/events/{event.event_id}/registrations", headers={
            "Content-Type": "application/json"}, body=json.dumps(person(n)))
        assert response.status_code == 201
    for name in ("outbox-sweep", "reminders", "reconfirm", "retention", "after-event"):
        client.lambda_.invoke(name, client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]))
    assert {"APIHandler", "SendQueued"} <= set(recorded)  # locally the API drains inline: the sender's calls
    assert "ses:SendRawEmail" in recorded["SendQueued"] and "dynamodb:PutItem" in recorded["APIHandler"]
    assert mailbox.sent()
    _covered(recorded)


def test_the_queue_worker_and_the_feedback_handler_stay_within_their_roles(client, recorded):
    client.lambda_.invoke("send_queued", client.events.generate_sqs_event(message_bodies=[json.dumps({"refs": []})]))
    message = {"notificationType": "Bounce", "bounce": {"bounceType": "Permanent", "bouncedRecipients": [
        {"emailAddress": "gone@example.org"}]}, "mail": {"destination": ["gone@example.org"]}}
    client.lambda_.invoke("ses_feedback", client.events.generate_sns_event(message=json.dumps(message)))
    assert "dynamodb:PutItem" in recorded["SesFeedback"] or "dynamodb:UpdateItem" in recorded["SesFeedback"]
    _covered(recorded)


def test_a_call_without_a_grant_is_caught(recorded):
    recorded["OrganizerAuth"].add("dynamodb:Scan")
    assert aws_calls.missing_grants() == {"OrganizerAuth": ["dynamodb:Scan"]}


def test_no_role_grants_a_wildcard_action_or_resource():
    for grants in FUNCTIONS.values():
        for grant in grants:
            for actions, resources in GRANTS[grant]:
                assert not [a for a in actions if "*" in a]
                assert "*" not in resources
