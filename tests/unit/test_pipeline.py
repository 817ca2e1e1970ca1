"""The e-mail pipeline as it runs in AWS: SQS worker, SES failures and throttling, dead letters,
bounces and complaints via SNS, organizer messages and automatic notices."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from unittest import mock

import boto3
import pytest
from botocore.exceptions import ClientError

from chalicelib import auth, aws
from chalicelib.emails import delivery
from chalicelib.registration import signup
from chalicelib.store import outbox
from chalicelib.store import registrations as store
from tests.factories import admin, person, published_event
from tests.mailbox import kinds_by_recipient, sent

pytestmark = pytest.mark.usefixtures("aws")


@pytest.fixture
def queue_mode(settings_env):
    sqs = boto3.client("sqs")
    dead = sqs.create_queue(QueueName="zapisy-outbox-dead")["QueueUrl"]
    queue = sqs.create_queue(QueueName="zapisy-outbox")["QueueUrl"]
    settings_env(OUTBOX_MODE="queue", QUEUE_URL=queue, DEAD_LETTER_URL=dead, SES_RATE="0")
    return {"queue": queue, "dead": dead}



def received(queue_url: str) -> list[str]:
    sqs = boto3.client("sqs")
    bodies = []
    while True:
        batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if not batch:
            return bodies
        bodies += [m["Body"] for m in batch]


def ses_error(code: str, message: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "SendRawEmail")


def test_queue_worker_sends_what_the_request_enqueued(queue_mode, client):
    event = published_event(capacity=5)
    messages = [m for n in range(3) for m in signup.register(event, person(n)).messages]
    delivery.after_commit(messages)
    bodies = received(queue_mode["queue"])
    assert len(bodies) == 1 and len(json.loads(bodies[0])["refs"]) == 3  # one SQS message carries all three
    result = client.lambda_.invoke("send_queued", client.events.generate_sqs_event(message_bodies=bodies))
    assert result.payload is None or "errorMessage" not in str(result.payload)
    assert sorted(kinds_by_recipient()) == [(f"person{n}@example.com", "confirmation") for n in range(3)]
    client.lambda_.invoke("send_queued", client.events.generate_sqs_event(message_bodies=bodies))  # redelivery
    assert len(sent()) == 3


def test_a_queue_message_skips_what_it_names_that_is_gone_or_no_outbox_item(queue_mode):
    from chalicelib.store import events as event_store

    event = published_event(capacity=5)
    [body] = delivery.queue_bodies(signup.register(event, person(1)).messages)
    refs = json.loads(body)["refs"]
    assert delivery.drain_refs(refs) == {"sent": 1, "skipped": 0, "failed": 0}
    stored = event_store.load_event(event.event_id, consistent=True)
    strays = [{"pk": f"EVENT#{event.event_id}", "sk": "META"}, {"pk": "OUTBOX#0"}, "OUTBOX#0", None]
    assert delivery.drain_refs(refs + strays) == {"sent": 0, "skipped": 5, "failed": 0}  # sent already, strays
    assert len(sent()) == 1 and event_store.load_event(event.event_id, consistent=True) == stored


def test_one_failing_message_does_not_resend_the_others(queue_mode):
    event = published_event(capacity=5)
    messages = [m for n in range(3) for m in signup.register(event, person(n)).messages]
    real = aws.ses().send_raw_email

    def fails_for_person1(**kwargs):
        if b"person1@" in kwargs["RawMessage"]["Data"]:
            raise ses_error("MessageRejected", "rejected")
        return real(**kwargs)

    with mock.patch.object(aws.ses(), "send_raw_email", side_effect=fails_for_person1):
        assert delivery.drain(messages) == {"sent": 2, "skipped": 0, "failed": 1}
    [left] = list(outbox.due_messages(datetime(2100, 1, 1, tzinfo=UTC)))
    assert left.registration_id == messages[1].registration_id
    assert len(sent()) == 2


def test_throttling_is_retried_with_backoff(queue_mode, monkeypatch):
    monkeypatch.setattr(delivery.time, "sleep", lambda seconds: None)
    event = published_event(capacity=5)
    messages = signup.register(event, person(1)).messages
    real = aws.ses().send_raw_email
    calls = {"n": 0}

    def throttled_twice(**kwargs):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise ses_error("Throttling", "Maximum sending rate exceeded.")
        return real(**kwargs)

    with mock.patch.object(aws.ses(), "send_raw_email", side_effect=throttled_twice):
        assert delivery.drain(messages)["sent"] == 1
    assert calls["n"] == 3 and len(sent()) == 1


def test_a_message_that_keeps_failing_ends_in_the_dead_letter_queue(queue_mode, time_machine, client):
    now = datetime.now(UTC)
    time_machine.move_to(now, tick=False)
    event = published_event(capacity=5)
    outcome = signup.register(event, person(1))
    with mock.patch.object(aws.ses(), "send_raw_email", side_effect=ses_error("MessageRejected", "bad address")):
        delivery.drain(outcome.messages)
        for minutes in (2, 5, 10, 20, 40):
            time_machine.move_to(now + timedelta(minutes=minutes), tick=False)
            delivery.sweep()
    assert list(outbox.due_messages(now + timedelta(days=1))) == []
    [dead] = received(queue_mode["dead"])
    assert json.loads(dead)["kind"] == "confirmation"
    registration = store.load_registration(event.event_id, outcome.registration_id)
    assert registration.delivery_problem.startswith("confirmation: ClientError")
    headers = {"Authorization": "Bearer " + auth.issue_organizer_token(admin())}
    listed = json.loads(client.http.get(f"/api/organizer/events/{event.event_id}/registrations",
                                        headers=headers).body)
    assert listed["items"][0]["delivery_problem"].startswith("confirmation:")


def test_bounces_and_complaints_suppress_the_address(client, time_machine):
    event = published_event(capacity=5)
    time_machine.move_to(datetime.now(UTC), tick=False)
    signup.register(event, person(1, email="Bounced@Example.com"))
    signup.register(event, person(2))
    def bounce(kind: str, address: str) -> dict:
        return {"notificationType": "Bounce",
                "bounce": {"bounceType": kind, "bouncedRecipients": [{"emailAddress": address}]}}

    for note in (bounce("Transient", "person2@example.com"), bounce("Permanent", "bounced@example.com"),
                 {"notificationType": "Complaint", "complaint": {"complainedRecipients": [
                     {"emailAddress": "Someone <person3@example.com>"}]}},
                 "not json"):
        message = note if isinstance(note, str) else json.dumps(note)
        client.lambda_.invoke("ses_feedback", client.events.generate_sns_event(message=message))
    before = len(sent())
    time_machine.shift(timedelta(minutes=11))  # past a double submit: the owner would be told again
    follow_up = signup.register(event, person(1, email="bounced@example.com"))  # already registered
    assert delivery.drain(follow_up.messages) == {"sent": 0, "skipped": 1, "failed": 0}
    assert len(sent()) == before
    headers = {"Authorization": "Bearer " + auth.issue_organizer_token(admin())}
    listed = json.loads(client.http.get(f"/api/organizer/events/{event.event_id}/registrations",
                                        headers=headers).body)["items"]
    flags = {r["email"]: (r["email_suppressed"], r["delivery_problem"]) for r in listed}
    assert flags["bounced@example.com"][0] == "bounce" and "suppressed" in flags["bounced@example.com"][1]
    assert flags["person2@example.com"] == (None, None)


def test_entries_sqs_refuses_are_retried_and_the_rest_left_to_the_sweep(queue_mode):
    event = published_event(capacity=5)
    messages = signup.register(event, person(1)).messages
    real = aws.sqs().send_message_batch
    answers = iter([{"Successful": [], "Failed": [{"Id": "0", "SenderFault": False, "Code": "InternalError"}]}])

    def refuses_once(**kwargs):
        return next(answers, None) or real(**kwargs)

    with mock.patch.object(aws.sqs(), "send_message_batch", side_effect=refuses_once) as sent_batches:
        delivery.after_commit(messages)
    assert sent_batches.call_count == 2
    assert len(received(queue_mode["queue"])) == 1


def test_a_queue_message_reads_its_event_once(queue_mode, request):
    event = published_event(capacity=10)
    messages = [m for n in range(5) for m in signup.register(event, person(n)).messages]
    calls = request.getfixturevalue("dynamodb_calls")  # counting starts here
    [body] = delivery.queue_bodies(messages)
    assert delivery.drain_refs(json.loads(body)["refs"])["sent"] == 5
    # per e-mail: the claim (which answers with the outbox item, so nothing reads it before), the
    # registration (with the event, in one BatchGetItem, for the batch's first), the suppression
    # check, record-and-delete
    assert calls.count("BatchGetItem") == 1
    assert calls.count("GetItem") == 4 + 5
    assert calls.count("UpdateItem") == 5 and calls.count("TransactWriteItems") == 5
