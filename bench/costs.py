"""What 10,000 registrations cost on AWS, from units measured here and list prices.

In-process moto, the app driven through Chalice's test client as Lambda would run it, with
`OUTBOX_MODE=queue` as in AWS: 200 people sign up for four conferences like the demo's (two days,
a panel, two workshops side by side, a networking morning, eight questions, texts in Polish,
English and Ukrainian; 40 seats each, so 40 people are waitlisted), each choosing sessions and
answering the form as a person would; then the queue worker sends what they queued. A botocore
hook records every AWS call, refused ones too, and counts DynamoDB request units as DynamoDB bills
them (bench/units.py): item sizes by DynamoDB's documented rules, read from the emulator's table
just before and after each write; a write unit per 1 KB of the larger of the item before and
after, doubled inside a transaction (a condition check too); a strongly consistent read unit per
4 KB, half for an eventually consistent one. Writes to global secondary indexes are counted as
well, as standard writes of the projected item (`gsi_write_units_per_registration`), and are
part of the write units priced; `write_units_by_item` shows where a sign-up's units go. Our
code's milliseconds are the wall time of the invocations minus the time spent inside the
emulator and the meter; they are billed as CPU-bound (the same GB-seconds at any memory size,
since Lambda's CPU grows with memory), and each AWS call adds a network wait (`NETWORK_MS`)
billed at the function's memory size. Reminders (two per registration by default) are counted as
the reminders benchmark measured them: a conditional write per reminder when queued, then a send.

Since August 2025 Lambda bills a cold start's initialisation too. A city hall's traffic is sparse,
so the worst case is priced: every invocation meets a cold container and pays, beyond a warm one,
what the `coldstart` benchmark measured for it (a fresh process from the unpacked zip, its first
request over its second), at the function's memory size. Those figures are read from the
coldstart section of docs/benchmarks.md, which `make bench` writes first.

The API function ships with SnapStart (API_SNAPSTART): a cold API container is restored from a
snapshot instead, billed for its restore at the function's memory (the coldstart benchmark's
restored first request over a warm one) plus SnapStart's charge per GB restored; and each
published version's snapshot is cached at a charge per GB-second, a fixed monthly cost.
"""
from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.conference import conference, sign_up
from bench.inprocess import bench_environment, prepare_environment, reset_clients
from bench.units import Meter, item_bytes, stored_item

TITLE = "Cost per 10,000 registrations: measured units at list prices"
PEOPLE = 200
EVENTS = 4
TABLE = "zapisy-bench"
NETWORK_MS = 6.0  # per AWS call inside the region (DynamoDB single-digit ms; SES and SQS similar)
API_MEMORY_GB = 1.0  # MemorySize of the API and of the workers (infra/template.py)
WORKER_MEMORY_GB = 0.5
FULL_CPU_GB = 1.769  # Lambda gives one full vCPU at 1,769 MB: CPU-bound work costs the same GB-s at any size
REMINDERS_PER_REGISTRATION = 2
# List prices (USD, us-east-1, on-demand; other regions differ by up to ~20 %).
PRICES = {
    "lambda_gb_second": 0.0000166667, "lambda_request": 0.20 / 1e6, "api_request": 3.50 / 1e6,
    "dynamodb_write_unit": 0.625 / 1e6, "dynamodb_read_unit": 0.125 / 1e6, "sqs_request": 0.40 / 1e6,
    "ses_email": 0.10 / 1000, "logs_gb": 0.50, "dynamodb_gb_month": 0.25,
    "snapstart_cache_gb_second": 0.0000015046, "snapstart_restore_gb": 0.0001397998,
}
MONTH_SECONDS = 30 * 24 * 3600
ENV = bench_environment(TABLE, RATE_PER_IP="100000", RATE_PER_ADDRESS="100000")
FIGURES = {
    "registrations": "sign-ups made through the API in the measurement",
    "api_calls_per_registration": "AWS calls of one registration request (DynamoDB and SQS)",
    "ddb_calls_per_registration": "DynamoDB calls of one registration request (goal ≤ 2)",
    "write_units_per_registration": "DynamoDB write request units per registration (transactions doubled, "
                                    "GSI writes included)",
    "gsi_write_units_per_registration": "of which writes to global secondary indexes",
    "write_units_by_item": "write units per registration by the item written (`gsi`: its index entries)",
    "read_units_per_registration": "DynamoDB read request units per registration",
    "event_item_bytes": "size of an event's META item as stored, by DynamoDB's rules",
    "api_ms_per_registration": "CPU milliseconds of our code in one registration (emulator time removed)",
    "emails_per_registration": "confirmation or waitlist e-mail + default reminders",
    "send_calls_per_email": "AWS calls per e-mail sent by the queue worker (DynamoDB, SES, SQS)",
    "write_units_per_email": "DynamoDB write units per e-mail sent (GSI writes included)",
    "worker_ms_per_email": "CPU milliseconds of our code per e-mail sent (MIME, QR code, .ics)",
    "cold_extra_ms_registration": "a registration in a cold container beyond a warm one (coldstart benchmark)",
    "cold_extra_ms_email": "a queue message in a cold container beyond a warm one (coldstart benchmark)",
    "cost_per_10k_usd": "cost of 10,000 registrations with their e-mails, by service (containers warm)",
    "cold_lambda_usd": "Lambda's cost if every invocation met a cold container instead (the worst case), "
                       "the API function without SnapStart",
    "cold_extra_ms_restored_registration": "a registration in a container restored from the API function's "
                                           "snapshot beyond a warm one (coldstart benchmark)",
    "snapstart_cold_lambda_usd": "the same worst case with SnapStart on the API function: each registration "
                                 "restored, billed for its restore and SnapStart's charge per GB restored",
    "snapstart_cache_usd_month": "SnapStart's charge for keeping one version's snapshot (1 GB) for a month",
}
HEADLINE = {"ddb_calls_per_registration": "ddb_calls_per_registration",
            "cost_per_10k_usd_total": "cost_per_10k_usd_total"}
NOTES = (
    ("Storage is not in the total: a registration with its manage link and markers is about 2 KB, so "
    "10,000 are 20 MB (USD 0.005 a month) until retention erases them. CloudWatch log ingestion is "
    "counted at 0.5 KB per invocation."),
)


def _register_all(client: Any, meter: Meter) -> dict[str, Any]:
    from chalicelib.events import service
    from chalicelib.store import keys
    from tests.factories import admin

    first_day = datetime.now(UTC) + timedelta(days=20)
    event_ids = []
    for n in range(EVENTS):  # capacity 40 each: 160 confirmed, 40 waitlisted
        item = service.create_event(admin(), conference(n + 1, first_day + timedelta(days=3 * n)))
        event_ids.append(service.publish_event(admin(), item.event_id).event_id)
    calls0, writes0, reads0, emulator0 = meter.snapshot()
    gsi0, kinds0 = meter.gsi_write_units, Counter(meter.writes_by_kind)
    dynamodb0 = sum(n for key, n in meter.calls.items() if key.startswith("DynamoDB:"))
    started = time.perf_counter()
    for n in range(PEOPLE):
        response = client.http.post(f"/api/events/{event_ids[n % EVENTS]}/registrations",
                                    headers={"Content-Type": "application/json"}, body=json.dumps(sign_up(n)))
        if response.status_code not in (201, 202):
            raise RuntimeError(f"registration refused: {response.status_code} {response.body[:200]!r}")
    wall = time.perf_counter() - started
    calls, writes, reads, emulator = meter.snapshot()
    dynamodb = sum(n for key, n in meter.calls.items() if key.startswith("DynamoDB:")) - dynamodb0
    calls -= calls0
    kinds = Counter(meter.writes_by_kind)
    kinds.subtract(kinds0)
    event_key = {"pk": {"S": keys.event_pk(event_ids[0])}, "sk": {"S": keys.META}}
    return {"calls": calls / PEOPLE, "dynamodb_calls": dynamodb / PEOPLE,
            "writes": (writes - writes0) / PEOPLE, "reads": (reads - reads0) / PEOPLE,
            "gsi_writes": (meter.gsi_write_units - gsi0) / PEOPLE,
            "writes_by_item": {kind: round(units / PEOPLE, 1) for kind, units in kinds.most_common() if units},
            "event_item_bytes": item_bytes(stored_item(TABLE, event_key)),
            "own_ms": (wall - (emulator - emulator0)) * 1000 / PEOPLE}


def _send_all(client: Any, meter: Meter, queue_url: str) -> dict[str, float]:
    import boto3

    sqs = boto3.client("sqs")
    calls0, writes0, reads0, emulator0 = meter.snapshot()
    sent_before = _ses_sent()
    started = time.perf_counter()
    invocations = 0
    while True:
        batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if not batch:
            break
        for message in batch:  # the event source mapping receives and deletes: count as one call each
            client.lambda_.invoke("send_queued", client.events.generate_sqs_event(message_bodies=[message["Body"]]))
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            invocations += 1
    wall = time.perf_counter() - started
    calls, writes, reads, emulator = meter.snapshot()
    emails = _ses_sent() - sent_before
    calls -= calls0
    return {"emails": emails, "invocations": invocations, "calls": calls / emails,
            "writes": (writes - writes0) / emails, "reads": (reads - reads0) / emails,
            "own_ms": (wall - (emulator - emulator0)) * 1000 / emails}


def _ses_sent() -> int:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return len(ses_backends[DEFAULT_ACCOUNT_ID]["eu-central-1"].sent_messages)


COLDSTART_REPORT = os.path.join(os.path.dirname(__file__), "..", "docs", "benchmarks.md")


def cold_extra_ms(report: str) -> dict[str, float]:
    """What a cold container adds to a registration and to a queue message, in ms: the coldstart
    section's first request over its warm one (0 where the report has no such figures yet)."""
    def figure(name: str) -> float | None:
        found = re.search(rf"^\| `{name}` \| ([0-9.,]+) \|", report, re.MULTILINE)
        return float(found.group(1).replace(",", "")) if found else None

    extra = {}
    for case, first_name in (("registration", "first_registration_ms"), ("email", "first_email_ms"),
                             ("restored_registration", "restored_first_registration_ms")):
        first, warm = figure(first_name), figure(f"warm_{case.removeprefix('restored_')}_ms")
        extra[case] = round(first - warm, 1) if first is not None and warm is not None else 0.0
    return extra


def _invocations(n: int) -> tuple[int, float]:
    """E-mails and Lambda invocations for `n` registrations."""
    emails = n * (1 + REMINDERS_PER_REGISTRATION)
    return emails, n + emails / 10  # queue messages carry up to 50 refs; ~10 per message in practice


def cold_lambda_usd(n: int, cold: dict[str, float]) -> float:
    """Lambda's extra cost if every invocation were cold: the API's at 1 GB, the workers' at 0.5 GB."""
    _, invocations = _invocations(n)
    gb_seconds = n * cold["registration"] / 1000 * API_MEMORY_GB + (invocations - n) * cold["email"] / 1000 * \
        WORKER_MEMORY_GB
    return gb_seconds * PRICES["lambda_gb_second"]


def snapstart_cold_lambda_usd(n: int, cold: dict[str, float]) -> float:
    """The worst case with SnapStart on the API function: each registration restored (its restore billed
    at 1 GB, and SnapStart's charge per GB restored), the workers cold as without it."""
    _, invocations = _invocations(n)
    restored = n * (cold["restored_registration"] / 1000 * API_MEMORY_GB * PRICES["lambda_gb_second"]
                    + API_MEMORY_GB * PRICES["snapstart_restore_gb"])
    workers = (invocations - n) * cold["email"] / 1000 * WORKER_MEMORY_GB * PRICES["lambda_gb_second"]
    return restored + workers


def _cost(register: dict[str, float], send: dict[str, float]) -> dict[str, float]:
    n = 10_000
    emails, invocations = _invocations(n)
    def gb_seconds(step: dict[str, float], memory_gb: float) -> float:
        return step["own_ms"] / 1000 * FULL_CPU_GB + step["calls"] * NETWORK_MS / 1000 * memory_gb

    lambda_seconds = n * gb_seconds(register, API_MEMORY_GB) + emails * gb_seconds(send, WORKER_MEMORY_GB)
    cost = {
        "api_gateway": n * PRICES["api_request"],
        "lambda": lambda_seconds * PRICES["lambda_gb_second"] + invocations * PRICES["lambda_request"],
        "dynamodb": (n * register["writes"] + emails * send["writes"]
                     + n * REMINDERS_PER_REGISTRATION * 4) * PRICES["dynamodb_write_unit"]
                    + (n * register["reads"] + emails * send["reads"]) * PRICES["dynamodb_read_unit"],
        "sqs": (n + emails / 10) * 3 * PRICES["sqs_request"],  # send, receive, delete
        "ses": emails * PRICES["ses_email"],
        "cloudwatch_logs": invocations * 0.5 / 1024 / 1024 * PRICES["logs_gb"],
    }
    return {k: round(v, 4) for k, v in cost.items()}


def run() -> dict[str, Any]:
    prepare_environment(ENV)
    import boto3
    from chalice.test import Client
    from moto import mock_aws

    from chalicelib.config import settings
    from chalicelib.store.table import create_table

    meter = Meter()
    with mock_aws():
        reset_clients()
        create_table(boto3.client("dynamodb"), TABLE)
        boto3.client("ses").verify_domain_identity(Domain="zapisy.example.org")
        queue_url = boto3.client("sqs").create_queue(QueueName="zapisy-bench-outbox")["QueueUrl"]
        os.environ["QUEUE_URL"] = queue_url
        settings.cache_clear()
        meter.install()
        from app import app

        with Client(app, stage_name="local") as client:
            register = _register_all(client, meter)
            send = _send_all(client, meter, queue_url)
    cost = _cost(register, send)
    with open(COLDSTART_REPORT, encoding="utf-8") as report:
        cold = cold_extra_ms(report.read())
    return {
        "registrations": PEOPLE,
        "api_calls_per_registration": round(register["calls"], 2),
        "ddb_calls_per_registration": round(register["dynamodb_calls"], 2),
        "write_units_per_registration": round(register["writes"], 1),
        "gsi_write_units_per_registration": round(register["gsi_writes"], 1),
        "write_units_by_item": register["writes_by_item"],
        "read_units_per_registration": round(register["reads"], 1),
        "event_item_bytes": register["event_item_bytes"],
        "api_ms_per_registration": round(register["own_ms"], 1),
        "emails_per_registration": 1 + REMINDERS_PER_REGISTRATION,
        "send_calls_per_email": round(send["calls"], 2),
        "write_units_per_email": round(send["writes"], 1),
        "worker_ms_per_email": round(send["own_ms"], 1),
        "cold_extra_ms_registration": cold["registration"],
        "cold_extra_ms_email": cold["email"],
        "cost_per_10k_usd": cost,
        "cost_per_10k_usd_total": round(sum(cost.values()), 2),
        "cold_lambda_usd": round(cost["lambda"] + cold_lambda_usd(10_000, cold), 3),
        "cold_extra_ms_restored_registration": cold["restored_registration"],
        "snapstart_cold_lambda_usd": round(cost["lambda"] + snapstart_cold_lambda_usd(10_000, cold), 3),
        "snapstart_cache_usd_month": round(API_MEMORY_GB * MONTH_SECONDS * PRICES["snapstart_cache_gb_second"], 2),
    }
