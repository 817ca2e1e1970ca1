"""Ten rounds of 200 concurrent sign-ups for 50 seats: nothing lost, nothing overbooked, no 5xx.

Each round publishes four events holding 50 seats together — three plain ones (13, 13 and 12
seats) and one of 12 seats whose people choose one of two sessions of 6 — and fires 200
sign-ups at them at once over HTTP (a thread and a connection each, as in test_concurrency).
After each round the events' partitions are read back from the table and checked. A client
answered 503 with `Retry-After` tries again after the seconds it was told, with jitter, as a
browser's script or an app does (up to eight times); such answers are allowed only when a retry
succeeds, and are counted (`busy_retried`, a recorded property of the test). On a loaded machine
the embedded emulator, serving one call at a time, can keep a call waiting past the service's read
timeout: the sign-up then answers 503, and trying again at once only adds to the queue.
An e-mail whose send failed on an overloaded machine stays in the outbox for the scheduled sweep,
which the test then runs (`swept`); either way every person gets exactly one e-mail.
"""
from __future__ import annotations

import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
import requests

from bench.invariants import audit_event, mailbox, outbox_left
from tests.factories import person

ROUNDS = 10
CLIENTS = 200
PLAIN_SEATS = (13, 13, 12)
SESSIONS = [{"id": "morning", "title": "Morning", "capacity": 6}, {"id": "afternoon", "title": "Afternoon",
                                                                     "capacity": 6}]
BUSY_TRIES = 8


@pytest.fixture(scope="module")
def table(stack):
    """The stack's table, read directly (strongly consistent Queries)."""
    client = boto3.client("dynamodb", endpoint_url=stack.moto.url, region_name="eu-central-1",
                          aws_access_key_id="local", aws_secret_access_key="local")
    return client, stack.table_name


def end_leases(dynamodb, table: str, messages: list[dict]) -> None:
    """Let the sweep take these outbox messages now, as it would once their lease ran out."""
    for message in messages:
        dynamodb.update_item(TableName=table, Key={"pk": {"S": message["pk"]}, "sk": {"S": message["sk"]}},
                             UpdateExpression="REMOVE lease_until")


def publish_round(api) -> list[str]:
    events = [api.published_event(capacity=seats) for seats in PLAIN_SEATS]
    events.append(api.published_event(capacity=12, sessions=SESSIONS))
    return events


def sign_up(api, events: list[str], round_: int, n: int) -> tuple[str, int, dict, int]:
    """One client: POST its sign-up; a 503 with Retry-After is retried when it says (and counted),
    anything else is final."""
    event_id = events[n % len(events)]
    body = person(n, email=f"load{round_}-{n}@example.com")
    if event_id == events[-1]:
        body["sessions"] = [SESSIONS[(n // len(events)) % 2]["id"]]
        body["waitlist"] = True  # a full session queues only those who ask for it
    busy = 0
    with requests.Session() as session:
        for _ in range(BUSY_TRIES):
            response = api.request("POST", f"/api/events/{event_id}/registrations", body=body, session=session)
            if response.status_code != 503 or "Retry-After" not in response.headers:
                break
            busy += 1
            time.sleep(float(response.headers["Retry-After"]) * random.uniform(0.5, 1.5))  # what the answer asks
    return event_id, response.status_code, response.json(), busy


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_200_concurrent_sign_ups_for_50_seats_lose_and_overbook_nothing(api, table, round_, record_property):
    events = publish_round(api)
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        answers = list(pool.map(lambda n: sign_up(api, events, round_, n), range(CLIENTS)))

    codes = Counter(code for _, code, _, _ in answers)
    assert codes == {201: CLIENTS}, (codes, [a for a in answers if a[1] != 201][:3])  # 0 5xx, retried 503s included
    busy_retried = sum(busy for *_, busy in answers)
    answered = {event_id: {} for event_id in events}
    for event_id, _, body, _ in answers:
        answered[event_id][body["id"]] = body["status"]

    dynamodb, name = table
    for event_id, capacity in zip(events, [*PLAIN_SEATS, 12], strict=True):
        audit = audit_event(dynamodb, name, event_id)
        assert audit.problems == []  # 0 overbooked; counters equal the items; places, markers, links
        assert audit.statuses == answered[event_id]  # 0 lost: answered ⇔ stored, with the same status
        assert audit.count() == {"confirmed": capacity, "waitlisted": CLIENTS // len(events) - capacity}
    left = outbox_left(dynamodb, name, events)
    if left:  # a send that failed under load waits in the outbox, leased, for the sweep
        end_leases(dynamodb, name, left)  # as if the lease had run out
        assert api.request("POST", "/dev/jobs/outbox").status_code == 200
    assert outbox_left(dynamodb, name, events) == []
    mails = mailbox(lambda address: address.startswith(f"load{round_}-"))
    expected = {(f"load{round_}-{n}@example.com", "confirmation" if status == "confirmed" else "waitlisted")
                for n, (_, _, body, _) in enumerate(answers) for status in [body["status"]]}
    assert mails == Counter(expected)  # every sign-up told once, nobody twice
    record_property("busy_retried", busy_retried)  # 503s with Retry-After, each followed by a successful retry
    record_property("swept", len(left))  # sent by the sweep, not right after the commit
