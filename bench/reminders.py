"""10,000 due reminders: how many SQS and SES calls, and how long the enqueue step takes.

AWS is moto, in-process. One published event with 10,000 confirmed registrations is written
directly (setting up is not measured); then the clock is frozen just after the 7-day reminder
came due and the scheduled job's work is measured: `reminders.run(now)` followed by
`delivery.after_commit(messages)`, as `handlers.jobs.run_reminders` does it. Every AWS call
made meanwhile is counted per service and operation. Delivery is measured on a sample: the
first 200 queued outbox messages are drained the way the SQS worker drains them.
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.inprocess import bench_environment, prepare_environment, reset_clients
from bench.people import write_confirmed

TITLE = "10,000 due reminders: SQS and SES calls, time to enqueue"
REMINDERS = 10_000
DELIVERY_SAMPLE = 200
TABLE = "zapisy-bench"
QUEUE = "zapisy-bench-outbox"
SENDER_DOMAIN = "zapisy.example.org"
NOW = datetime(2027, 3, 3, 8, 0, tzinfo=UTC)  # a fixed "now": runs are comparable
START = NOW + timedelta(days=7, hours=1)  # the 7-day reminder comes due one hour after NOW
SEVEN_DAYS = 7 * 24 * 60
NAMES = ("Anna Kowalska", "John Smith", "Олена Коваленко")

ENV = bench_environment(TABLE)

# What each figure of the result means, in the order the report shows them.
FIGURES = {
    "reminders": "confirmed registrations whose 7-day reminder is due",
    "queued": "outbox messages the job committed (the benchmark fails unless every reminder is queued)",
    "enqueue_seconds": "wall time of `reminders.run(now)` + `delivery.after_commit(messages)` against moto",
    "enqueue_seconds_in_aws_calls": "part of that spent inside AWS calls (botocore and moto)",
    "enqueue_seconds_own_code": "the rest: our code and PynamoDB (models, conditions, outbox messages, SQS bodies)",
    "enqueue_seconds_by_operation": "time inside the AWS calls of the enqueue step, per operation",
    "enqueue_calls": "AWS calls of the enqueue step, per service and operation",
    "reminder_enqueue_calls_10k": "all AWS calls of the enqueue step",
    "sqs_calls": "SQS calls of the enqueue step (a SendMessageBatch carries up to 10 messages of up to 50 outbox refs)",
    "sqs_messages": "SQS messages waiting in the queue after the step",
    "ses_calls_enqueue": "SES calls of the enqueue step (nothing is sent while queueing)",
    "delivery_sample": "outbox messages delivered in the sample, taken from the first SQS messages",
    "delivery_seconds": "wall time of delivering the sample against moto (rendering, MIME, .ics, calls)",
    "delivery_calls": "AWS calls of delivering the sample, per service and operation",
    "ses_calls_per_reminder": "SES calls per delivered reminder, measured on the sample",
    "ses_calls_10k_extrapolated": ("SES calls to deliver all reminders: extrapolated from the measured "
                                   "per-message count"),
    "dynamodb_calls_per_delivered_reminder": "DynamoDB calls per delivered reminder, measured on the sample",
}

# The figures `bench.run` prints on its last line: {printed name: key of the result}.
HEADLINE = {
    "reminder_enqueue_calls_10k": "reminder_enqueue_calls_10k",
    "reminder_enqueue_seconds": "enqueue_seconds",
    "reminder_enqueue_seconds_own_code": "enqueue_seconds_own_code",
    "sqs_calls_10k": "sqs_calls",
    "ses_calls_10k": "ses_calls_10k_extrapolated",
    "dynamodb_calls_per_delivered_reminder": "dynamodb_calls_per_delivered_reminder",
}

NOTES = (
    ("AWS is moto in-process, so the seconds measure our code plus botocore and moto, not the network "
     "latency of real AWS; the call counts are what real AWS would receive, except that DynamoDB may "
     "answer a last page that exactly fills the limit with a LastEvaluatedKey (one more, empty Query)."),
    ("moto copies the whole table before every TransactWriteItems (to roll back a failed one), which at "
     "10,000 registrations would time moto rather than zapisy. The benchmark installs "
     "`devstack.fast_transactions` (the local stack's patch: moto's own transaction, with the table copy "
     "replaced by a copy of each item it touches, put back wherever moto would roll back), which gives "
     "moto's own answers and tables, failures included."),
    ("moto's Query walks every item of the table, sorts the partition and skips to the start key on every "
     "page, so paging through 10,000 registrations costs moto time that grows with the square of the "
     "partition; real DynamoDB reads one page per call."),
    "Setting up the event and writing the registrations (BatchWriteItem) is not measured.",
    "Receiving from SQS is not counted in delivery: in AWS the Lambda event source mapping does it.",
)


def _log(text: str) -> None:
    print(f"[reminders] {text}", file=sys.stderr, flush=True)


def _prepare_environment() -> None:
    prepare_environment(ENV)


class CallCounter:
    """Counts botocore API calls as "service.Operation" and the time spent inside them."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.seconds_by_operation: Counter[str] = Counter()

    @property
    def seconds(self) -> float:
        return sum(self.seconds_by_operation.values())

    def total(self, service: str | None = None) -> int:
        return sum(n for key, n in self.calls.items() if service is None or key.split(".")[0] == service)

    def by_operation(self) -> dict[str, int]:
        return dict(sorted(self.calls.items()))

    def seconds_per_operation(self) -> dict[str, float]:
        return {key: round(seconds, 3) for key, seconds in sorted(self.seconds_by_operation.items())}


@contextmanager
def counting_calls() -> Iterator[CallCounter]:
    from botocore.client import BaseClient

    counter = CallCounter()
    original: Callable[..., Any] = BaseClient._make_api_call
    depth = 0

    def counted(client: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
        nonlocal depth
        if depth:  # a call made while serving another is part of it
            return original(client, operation_name, api_params)
        key = f"{client.meta.service_model.service_name}.{operation_name}"
        counter.calls[key] += 1
        depth += 1
        started = time.perf_counter()
        try:
            return original(client, operation_name, api_params)
        finally:
            counter.seconds_by_operation[key] += time.perf_counter() - started
            depth -= 1

    BaseClient._make_api_call = counted
    try:
        yield counter
    finally:
        BaseClient._make_api_call = original


def _create_event() -> Any:
    from chalicelib.auth import Organizer
    from chalicelib.events import service

    admin = Organizer("bench-admin", "admin@example.org", "admin", ("bench",))
    item = service.create_event(admin, {
        "title": {"pl": "Konferencja", "en": "Conference", "uk": "Конференція"},
        "description": {"pl": "Dzień otwarty projektu.", "en": "The project's open day.",
                        "uk": "День відкритих дверей проєкту."},
        "kind": "conference", "timezone": "Europe/Warsaw", "capacity": REMINDERS, "project": "bench",
        "starts_at": START.isoformat(), "ends_at": (START + timedelta(hours=8)).isoformat(),
        "venue": "Kielce, Targi Kielce",
    })
    return service.publish_event(admin, item.event_id)


def _write_registrations(event: Any) -> None:
    """10,000 confirmed registrations as `registration.signup.register` writes them."""
    write_confirmed(event, REMINDERS, NOW - timedelta(days=30), NAMES)


def _received_refs(queue_url: str, wanted: int) -> list[dict[str, str]]:
    """Outbox refs from the first SQS messages in the queue, as the worker would get them."""
    from chalicelib import aws

    refs: list[dict[str, str]] = []
    while len(refs) < wanted:
        batch = aws.sqs().receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if not batch:
            break
        refs += [ref for message in batch for ref in json.loads(message["Body"])["refs"]]
    return refs[:wanted]


def run() -> dict[str, Any]:
    _prepare_environment()
    import boto3
    import time_machine
    from moto import mock_aws

    from chalicelib import aws
    from chalicelib.config import settings
    from chalicelib.emails import delivery
    from chalicelib.notifications import reminders
    from chalicelib.store.models import RegistrationItem
    from chalicelib.store.table import create_table
    from devstack import fast_transactions

    if RegistrationItem.Meta.table_name != TABLE:
        raise RuntimeError("chalicelib was imported with another TABLE_NAME before the benchmark")
    fast_transactions.install()

    with mock_aws(), time_machine.travel(NOW, tick=False) as traveller:
        reset_clients()
        create_table(boto3.client("dynamodb"), TABLE)
        boto3.client("ses").verify_domain_identity(Domain=SENDER_DOMAIN)
        os.environ["QUEUE_URL"] = boto3.client("sqs").create_queue(QueueName=QUEUE)["QueueUrl"]
        settings.cache_clear()

        started = time.perf_counter()
        event = _create_event()
        _write_registrations(event)
        _log(f"set up one event and {REMINDERS} confirmed registrations in {time.perf_counter() - started:.1f} s")

        now = START - timedelta(minutes=SEVEN_DAYS) + timedelta(minutes=1)
        traveller.move_to(now)
        _log(f"clock frozen at {now.isoformat()}, one minute after the 7-day reminder came due; enqueueing")
        with counting_calls() as enqueue:
            started = time.perf_counter()
            report = reminders.run(now)
            delivery.after_commit(report.messages)
            enqueue_seconds = time.perf_counter() - started
        if report.queued != REMINDERS or len(report.messages) != REMINDERS:
            raise AssertionError(f"expected {REMINDERS} reminders queued, the job queued {report.queued}")
        attributes = aws.sqs().get_queue_attributes(QueueUrl=settings().queue_url,
                                                    AttributeNames=["ApproximateNumberOfMessages"])
        sqs_messages = int(attributes["Attributes"]["ApproximateNumberOfMessages"])
        expected_messages = -(-REMINDERS // delivery.REFS_PER_QUEUE_MESSAGE)
        if sqs_messages != expected_messages:
            raise AssertionError(f"expected {expected_messages} SQS messages, the queue holds {sqs_messages}")
        _log(f"queued {report.queued} in {enqueue_seconds:.2f} s with {enqueue.total()} AWS calls: "
             f"{enqueue.by_operation()}")

        refs = _received_refs(settings().queue_url, DELIVERY_SAMPLE)
        if len(refs) != DELIVERY_SAMPLE:
            raise AssertionError(f"expected {DELIVERY_SAMPLE} outbox refs from SQS, got {len(refs)}")
        _log(f"delivering a sample of {len(refs)} reminders")
        results: Counter[str] = Counter()
        with counting_calls() as sending:
            started = time.perf_counter()
            for start in range(0, len(refs), delivery.REFS_PER_QUEUE_MESSAGE):  # one drain per SQS message
                results.update(delivery.drain_refs(refs[start:start + delivery.REFS_PER_QUEUE_MESSAGE]))
            delivery_seconds = time.perf_counter() - started
        sent = results["sent"]
        if sent != DELIVERY_SAMPLE:
            raise AssertionError(f"expected {DELIVERY_SAMPLE} reminders sent, got {dict(results)}")
        ses_sent = int(aws.ses().get_send_quota()["SentLast24Hours"])
        if ses_sent != sent:
            raise AssertionError(f"SES accepted {ses_sent} e-mails, delivery reported {sent}")
        _log(f"sent {sent} in {delivery_seconds:.2f} s with {sending.total()} AWS calls: {sending.by_operation()}")
        reset_clients()

    ses_per_reminder = sending.total("ses") / sent
    return {
        "reminders": REMINDERS,
        "queued": report.queued,
        "enqueue_seconds": round(enqueue_seconds, 3),
        "enqueue_seconds_in_aws_calls": round(enqueue.seconds, 3),
        "enqueue_seconds_own_code": round(enqueue_seconds - enqueue.seconds, 3),
        "enqueue_seconds_by_operation": enqueue.seconds_per_operation(),
        "enqueue_calls": enqueue.by_operation(),
        "reminder_enqueue_calls_10k": enqueue.total(),
        "sqs_calls": enqueue.total("sqs"),
        "sqs_messages": sqs_messages,
        "ses_calls_enqueue": enqueue.total("ses"),
        "delivery_sample": sent,
        "delivery_seconds": round(delivery_seconds, 3),
        "delivery_calls": sending.by_operation(),
        "ses_calls_per_reminder": ses_per_reminder,
        "ses_calls_10k_extrapolated": round(ses_per_reminder * REMINDERS),
        "dynamodb_calls_per_delivered_reminder": sending.total("dynamodb") / sent,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
