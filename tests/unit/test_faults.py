"""Faults around a sign-up and its e-mail: SES, SQS and DynamoDB failing, the process dying.

Each test breaks one thing where AWS answers: a botocore `before-call` hook on the app's own
client answers the operation with the error AWS would send, so the client's own retries are
already spent (what a sustained outage looks like to the code). Then it checks what the
participant and the table see: nothing half-written, no e-mail lost, none sent twice.

Already covered elsewhere and not repeated here: throttling retried inside one drain
(test_pipeline), one SES failure kept for the sweep (test_delivery), two senders racing for one
message and a message already recorded (test_delivery), SQS refusing single entries
(test_pipeline), conflicts retried inside the transaction (test_transaction).
"""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError

from bench.invariants import audit_event, outbox_left
from chalicelib import aws
from chalicelib.application import delivery as application_delivery
from chalicelib.emails import compose as composing
from chalicelib.emails import delivery
from chalicelib.registration import signup
from chalicelib.store import transaction
from chalicelib.store.connection import shared_connection
from infra.policies import allowed_actions
from tests import aws_calls
from tests.factories import person, published_event
from tests.faults import Outage, dies_on_call
from tests.mailbox import kinds_by_recipient, sent

pytestmark = pytest.mark.usefixtures("aws")
TABLE = "zapisy-test"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def outage():
    started: list[Outage] = []

    def start(client: Any, operation: str, code: str = "", **options: Any) -> Outage:
        started.append(Outage(client, operation, code, **options))
        return started[-1]

    yield start
    for fault in started:
        fault.end()


@pytest.fixture
def no_backoff(monkeypatch):
    """Retries back off with random sleeps; the tests count attempts, not seconds."""
    monkeypatch.setattr(transaction.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(delivery.time, "sleep", lambda seconds: None)


def dynamodb():
    return boto3.client("dynamodb")


def register(client, event_id: str, n: int, **overrides: Any):
    return client.http.post(f"/api/events/{event_id}/registrations", headers=JSON,
                            body=json.dumps(person(n, **overrides)))


def sweep(client) -> None:
    """The scheduled safety net, run as its Lambda function."""
    client.lambda_.invoke("outbox-sweep", client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]))


def assert_consistent(event_id: str) -> dict[str, str]:
    """The partition agrees with itself: counters equal the items, places, markers and links exist."""
    audit = audit_event(dynamodb(), TABLE, event_id)
    assert audit.problems == []
    return audit.statuses


# --- SES ---------------------------------------------------------------------------------------

def test_ses_throttling_inside_a_sign_up_is_retried_and_the_mail_sent_once(client, outage, no_backoff):
    event = published_event(capacity=3)
    throttled = outage(aws.ses(), "SendRawEmail", "Throttling", times=3)
    response = register(client, event.event_id, 1)
    assert response.status_code == 201
    assert throttled.calls == 3
    assert kinds_by_recipient() == {("person1@example.com", "confirmation"): 1}
    assert outbox_left(dynamodb(), TABLE, [event.event_id]) == []


def test_ses_throttling_that_outlasts_the_retries_leaves_the_mail_for_the_sweep(client, outage, no_backoff,
                                                                                 time_machine):
    event = published_event(capacity=3)
    throttled = outage(aws.ses(), "SendRawEmail", "Throttling")
    assert register(client, event.event_id, 1).status_code == 201
    assert throttled.calls == delivery.THROTTLE_RETRIES + 1 and sent() == []
    [left] = outbox_left(dynamodb(), TABLE, [event.event_id])
    assert left["attempts"] == 1 and left["last_error"].startswith("ClientError")
    throttled.end()
    time_machine.move_to(datetime.now(UTC) + timedelta(minutes=2))
    sweep(client)
    sweep(client)
    assert kinds_by_recipient() == {("person1@example.com", "confirmation"): 1}
    assert outbox_left(dynamodb(), TABLE, [event.event_id]) == []


def test_an_ses_outage_loses_nothing_and_recovery_sends_each_mail_once(client, outage, time_machine, monkeypatch):
    recorded: dict[str, set[str]] = defaultdict(set)
    monkeypatch.setattr(aws_calls, "RECORDED", recorded)
    now = datetime.now(UTC)
    event = published_event(capacity=3)
    down = outage(aws.ses(), "SendRawEmail", "ServiceUnavailable", status=503)
    answers = [register(client, event.event_id, n).status_code for n in range(5)]
    assert answers == [201] * 5  # the sign-ups stand while the mail waits
    assert sent() == [] and len(outbox_left(dynamodb(), TABLE, [event.event_id])) == 5
    time_machine.move_to(now + timedelta(minutes=2))
    sweep(client)  # SES still down: every message is kept, with its next try further away
    assert sent() == [] and {m["attempts"] for m in outbox_left(dynamodb(), TABLE, [event.event_id])} == {2}
    down.end()
    time_machine.move_to(now + timedelta(minutes=3))
    sweep(client)
    assert sent() == []  # the back-off (2 minutes after the second try) still holds them
    time_machine.move_to(now + timedelta(minutes=5))
    sweep(client)
    sweep(client)
    assert kinds_by_recipient() == {(f"person{n}@example.com", kind): 1 for n, kind in
                                    enumerate(["confirmation"] * 3 + ["waitlisted"] * 2)}
    assert outbox_left(dynamodb(), TABLE, [event.event_id]) == []
    statuses = assert_consistent(event.event_id)
    assert sorted(statuses.values()) == ["confirmed"] * 3 + ["waitlisted"] * 2
    # the sweep sends (and parks what keeps failing) itself: its role must allow both
    assert "ses:SendRawEmail" in recorded["OutboxSweep"]
    assert recorded["OutboxSweep"] <= allowed_actions("OutboxSweep")


# --- SQS ---------------------------------------------------------------------------------------

@pytest.fixture
def queue_mode(settings_env):
    sqs = boto3.client("sqs")
    queue = sqs.create_queue(QueueName="zapisy-outbox")["QueueUrl"]
    settings_env(OUTBOX_MODE="queue", QUEUE_URL=queue, SES_RATE="0")
    return queue


def queued(queue_url: str) -> list[str]:
    sqs = boto3.client("sqs")
    bodies = []
    while batch := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
        bodies += [m["Body"] for m in batch]
        sqs.delete_message_batch(QueueUrl=queue_url, Entries=[
            {"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(batch)])
    return bodies


@pytest.mark.parametrize("failure", [
    {"code": "AWS.SimpleQueueService.ServiceUnavailable", "status": 503},
    {"error": EndpointConnectionError(endpoint_url="https://sqs.eu-central-1.amazonaws.com/")},
], ids=["service-unavailable", "unreachable"])
def test_sqs_down_after_the_commit_the_sign_up_stands_and_the_sweep_sends_it_once(
        client, outage, queue_mode, failure):
    event = published_event(capacity=3)
    down = outage(aws.sqs(), "SendMessageBatch", failure.get("code", ""), status=failure.get("status", 400),
                  error=failure.get("error"))
    response = register(client, event.event_id, 1)
    assert response.status_code == 201 and down.calls == 1
    registration_id = json.loads(response.body)["id"]
    assert assert_consistent(event.event_id) == {registration_id: "confirmed"}
    assert sent() == [] and queued(queue_mode) == []
    down.end()
    sweep(client)
    sweep(client)
    assert kinds_by_recipient() == {("person1@example.com", "confirmation"): 1}
    assert outbox_left(dynamodb(), TABLE, [event.event_id]) == []


def test_a_redelivered_queue_message_after_a_worker_died_half_way_sends_nothing_twice(
        client, queue_mode, monkeypatch, time_machine):
    now = datetime.now(UTC)
    event = published_event(capacity=5)
    # three e-mails committed together (as a job queues them): one SQS message names all three
    delivery.after_commit([m for n in range(3) for m in signup.register(event, person(n)).messages])
    [body] = queued(queue_mode)
    assert len(json.loads(body)["refs"]) == 3
    # the worker sends the first e-mail, claims the second and dies before sending it (a timeout)
    monkeypatch.setattr(composing, "compose", dies_on_call(composing.compose, 2))
    with pytest.raises(SystemExit):
        client.lambda_.invoke("send_queued", client.events.generate_sqs_event(message_bodies=[body]))
    assert kinds_by_recipient() == {("person0@example.com", "confirmation"): 1}
    # SQS redelivers the same message: the first is gone, the second is leased, the third goes out
    client.lambda_.invoke("send_queued", client.events.generate_sqs_event(message_bodies=[body]))
    assert len(sent()) == 2
    # the lease of the dead worker runs out; the sweep sends the second; another redelivery sends nothing
    time_machine.move_to(now + timedelta(minutes=3))
    sweep(client)
    client.lambda_.invoke("send_queued", client.events.generate_sqs_event(message_bodies=[body]))
    sweep(client)
    assert kinds_by_recipient() == {(f"person{n}@example.com", "confirmation"): 1 for n in range(3)}
    assert outbox_left(dynamodb(), TABLE, [event.event_id]) == []


# --- the process dying between the commit and the send ------------------------------------------

def test_a_process_killed_between_the_commit_and_the_send_loses_no_mail(client, monkeypatch):
    event = published_event(capacity=3)

    def killed(messages):
        raise SystemExit("Lambda timed out")

    monkeypatch.setattr(application_delivery, "deliver", killed)
    with pytest.raises(SystemExit):
        register(client, event.event_id, 1)
    monkeypatch.undo()
    assert list(assert_consistent(event.event_id).values()) == ["confirmed"]  # committed, not announced
    assert sent() == [] and len(outbox_left(dynamodb(), TABLE, [event.event_id])) == 1
    sweep(client)
    sweep(client)
    assert kinds_by_recipient() == {("person1@example.com", "confirmation"): 1}
    assert outbox_left(dynamodb(), TABLE, [event.event_id]) == []


def test_a_process_killed_during_the_inline_drain_loses_no_mail_and_doubles_none(client, monkeypatch):
    event = published_event(capacity=1)
    first = json.loads(register(client, event.event_id, 1).body)["id"]
    assert register(client, event.event_id, 2).status_code == 201  # waitlisted behind person 1
    # cancelling queues two e-mails (cancelled, promoted); the process dies before sending the second
    monkeypatch.setattr(delivery, "send_message", dies_on_call(delivery.send_message, 2))
    from chalicelib import auth

    with pytest.raises(SystemExit):
        client.http.delete(f"/api/manage/{auth.manage_token(event.event_id, first)}")
    monkeypatch.undo()
    assert len(outbox_left(dynamodb(), TABLE, [event.event_id])) == 1
    sweep(client)
    sweep(client)
    assert kinds_by_recipient() == {("person1@example.com", "confirmation"): 1,
                                    ("person2@example.com", "waitlisted"): 1,
                                    ("person1@example.com", "cancelled"): 1,
                                    ("person2@example.com", "promoted"): 1}
    statuses = assert_consistent(event.event_id)
    assert sorted(statuses.values()) == ["cancelled", "confirmed"]


# --- DynamoDB throttling and conflicts on a sign-up ---------------------------------------------

THROTTLED = [
    {"code": "ProvisionedThroughputExceededException"},
    {"code": "ThrottlingException"},
    {"code": "TransactionCanceledException", "cancelled": "ThrottlingError"},
    {"code": "TransactionCanceledException", "cancelled": "ProvisionedThroughputExceeded"},
    {"code": "TransactionCanceledException", "cancelled": "TransactionConflict"},
]
THROTTLED_IDS = ["provisioned-throughput", "throttling", "cancelled-throttled", "cancelled-provisioned",
                 "conflict-storm"]


def written_anyway(request_body: dict[str, Any]) -> list[str]:
    """Keys of the items a refused TransactWriteItems would have written that exist all the same."""
    found = []
    for item in request_body["TransactItems"]:
        for operation in item.values():
            key = operation.get("Key") or {"pk": operation["Item"]["pk"], "sk": operation["Item"]["sk"]}
            stored = dynamodb().get_item(TableName=TABLE, Key=key, ConsistentRead=True).get("Item")
            if stored and "Item" in operation:
                found.append(f"{key['pk']['S']} {key['sk']['S']}")
    return found


@pytest.mark.parametrize("fault", THROTTLED, ids=THROTTLED_IDS)
def test_a_throttled_or_conflicting_sign_up_answers_503_and_writes_nothing(client, outage, no_backoff, fault):
    event = published_event(capacity=2)
    for n in (1, 2, 3):  # two seats taken, one waiting: counters that must not move
        assert register(client, event.event_id, n).status_code == 201
    before = assert_consistent(event.event_id)
    mails = len(sent())
    refused = outage(shared_connection().client, "TransactWriteItems", **fault)
    response = register(client, event.event_id, 4, language="uk")
    assert response.status_code == 503, response.body
    assert response.headers["Retry-After"] == "2"
    assert response.headers["Content-Language"] == "uk"
    assert json.loads(response.body)["error"]["code"] == "busy"
    assert refused.calls == transaction.CONFLICT_RETRIES
    assert assert_consistent(event.event_id) == before  # nothing half-written: no sign-up without its seat
    assert all(written_anyway(body) == [] for body in refused.refused)  # not the manage link nor the outbox item either
    assert len(sent()) == mails and outbox_left(dynamodb(), TABLE, [event.event_id]) == []
    refused.end()
    retried = register(client, event.event_id, 4, language="uk")  # the client comes back after Retry-After
    assert retried.status_code == 201 and json.loads(retried.body)["status"] == "waitlisted"
    statuses = assert_consistent(event.event_id)
    assert sorted(statuses.values()) == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert kinds_by_recipient("waitlisted")[("person4@example.com", "waitlisted")] == 1


def test_a_short_burst_of_conflicts_is_absorbed_and_the_client_sees_a_seat(client, outage, no_backoff):
    event = published_event(capacity=2)
    burst = outage(shared_connection().client, "TransactWriteItems", "TransactionCanceledException",
                   cancelled="TransactionConflict", times=3)
    response = register(client, event.event_id, 1)
    assert response.status_code == 201 and json.loads(response.body)["status"] == "confirmed"
    assert burst.calls == 3
    assert list(assert_consistent(event.event_id).values()) == ["confirmed"]
    assert kinds_by_recipient() == {("person1@example.com", "confirmation"): 1}


@pytest.mark.parametrize("method,path,body", [
    ("POST", "/api/events/{id}/registrations", json.dumps(person(1))),
    ("POST", "/events/{id}?lang=en", urlencode({"name": "Olena", "email": "olena@example.com", "consent": "on"})),
    ("GET", "/api/events/{id}", None),
    ("GET", "/events/{id}?lang=en", None),
    ("GET", "/api/events", None),
    ("GET", "/events?lang=en", None),
], ids=["api-sign-up", "form-sign-up", "api-event", "event-page", "api-board", "board-page"])
def test_a_table_throttled_on_every_call_answers_503_not_500(client, outage, no_backoff, method, path, body):
    event = published_event(capacity=2)
    throttled = outage(shared_connection().client, "*", "ProvisionedThroughputExceededException")
    form = path.startswith("/events")
    headers = {"Content-Type": "application/x-www-form-urlencoded" if form else "application/json"} if body else {}
    response = client.http.request(method, path.format(id=event.event_id), body=body or b"", headers=headers)
    assert throttled.calls >= 1
    assert response.status_code == 503, response.body[:300]
    assert response.headers["Retry-After"] == "2"
    assert response.headers["Content-Type"].startswith("text/html" if form else "application/json")
    throttled.end()
    assert assert_consistent(event.event_id) == {}


@pytest.mark.parametrize("unanswered", [
    ReadTimeoutError(endpoint_url="https://dynamodb.eu-central-1.amazonaws.com/", error="timed out"),
    EndpointConnectionError(endpoint_url="https://dynamodb.eu-central-1.amazonaws.com/"),
], ids=["read-timeout", "unreachable"])
def test_a_sign_up_whose_commit_gets_no_answer_is_told_to_come_back_not_500(client, outage, unanswered):
    """DynamoDB that does not answer, after the client's own retries (an overloaded network): a 503
    the participant can retry, in their language; the retry finds the seat rules as they were."""
    event = published_event(capacity=1)
    silent = outage(shared_connection().client, "TransactWriteItems", error=unanswered)
    response = register(client, event.event_id, 1, language="uk")
    assert silent.calls == 1
    assert response.status_code == 503, response.body[:300]
    assert response.headers["Retry-After"] == "2" and response.headers["Content-Language"] == "uk"
    assert json.loads(response.body)["error"]["code"] == "busy"
    assert assert_consistent(event.event_id) == {} and sent() == []
    silent.end()
    retried = register(client, event.event_id, 1, language="uk")
    assert retried.status_code == 201 and json.loads(retried.body)["status"] == "confirmed"
    assert kinds_by_recipient() == {("person1@example.com", "confirmation"): 1}


def test_a_call_botocore_refused_to_send_is_a_fault_of_ours_not_a_reason_to_come_back():
    """Only a call that got no answer is worth retrying; a malformed one would fail again."""
    from botocore.exceptions import ParamValidationError
    from pynamodb.exceptions import TransactWriteError

    assert not transaction.overloaded(TransactWriteError("m", ParamValidationError(report="bad key")))
    assert transaction.overloaded(TransactWriteError("m", ReadTimeoutError(endpoint_url="x", error="t")))


BUSY = {"pl": "Serwis jest teraz zajęty. Spróbuj ponownie za chwilę.",
        "en": "The service is busy. Please try again in a moment.",
        "uk": "Сервіс зараз зайнятий. Спробуйте ще раз за мить."}


@pytest.mark.parametrize("language", sorted(BUSY))
def test_a_person_refused_after_the_retries_is_told_to_try_again_in_a_moment_in_their_language(
        client, outage, no_backoff, language):
    event = published_event(capacity=2)
    outage(shared_connection().client, "TransactWriteItems", "TransactionCanceledException",
           cancelled="TransactionConflict")
    response = register(client, event.event_id, 1, language=language)
    assert (response.status_code, response.headers["Retry-After"]) == (503, "2")
    assert json.loads(response.body)["error"]["message"] == BUSY[language]
    assert assert_consistent(event.event_id) == {} and sent() == []


def test_the_web_form_during_a_conflict_storm_answers_503_with_retry_after(client, outage, no_backoff):
    event = published_event(capacity=2)
    outage(shared_connection().client, "TransactWriteItems", "TransactionCanceledException",
           cancelled="TransactionConflict")
    response = client.http.post(f"/events/{event.event_id}?lang=en", headers={
        "Content-Type": "application/x-www-form-urlencoded"}, body=urlencode(
        {"name": "Olena Kovalenko", "email": "olena@example.com", "consent": "on", "lang": "en"}))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.headers["Content-Type"].startswith("text/html")
    assert assert_consistent(event.event_id) == {}


def test_the_partition_audit_sees_what_a_half_written_sign_up_would_leave():
    """The checks above can fail: a registration without its seat, marker and link, and an overbooked event."""
    event = published_event(capacity=1)
    signup.register(event, person(1))
    pk = {"S": f"EVENT#{event.event_id}"}
    dynamodb().put_item(TableName=TABLE, Item={
        "pk": pk, "sk": {"S": "REG#orphan"}, "registration_id": {"S": "orphan"}, "status": {"S": "confirmed"},
        "email_hash": {"S": "f" * 64}, "manage_hash": {"S": "0" * 64}})
    audit = audit_event(dynamodb(), TABLE, event.event_id)
    assert audit.overbooked == [f"{event.event_id}: event has 2 confirmed (1 counted) for 1 seats"]
    assert sorted(audit.mismatches) == sorted([
        f"{event.event_id}: taken[event] is 1 on the event item, 2 in the items",
        f"{event.event_id}: orphan has no e-mail marker", f"{event.event_id}: orphan has no manage link"])
