"""A registration through the whole stack against its one transaction issued raw.

The local stack as `make run` starts it (moto server, `chalice local`), but with
`OUTBOX_MODE=queue` as in AWS: after the commit the request only hands the outbox keys to SQS,
no e-mail is sent inside it. 16 client threads register for one published event with room for
everyone (so every sign-up is a seat), `PER_CLIENT` each, over HTTP with keep-alive.

Then, against the same moto server and with the same 16 threads, the raw baseline: the
TransactWriteItems a registration commits — captured from the app's own code (the seat update
on the event's counter item with its condition, the registration, the e-mail marker, the manage
link and the outbox message) — replayed through boto3 with fresh ids and hashes. The ratio is of the
median latencies. Both sides talk to the same single-threaded emulator, so queueing there is
in both; the app side also pays for HTTP, `chalice local` and the SQS call (the event itself is
read once and kept for 30 seconds, as in a warm Lambda container; the queue is not drained, and
the local moto's SendMessage costs the same at any depth, as SQS's does: `devstack/fast_sqs.py`).
"""
from __future__ import annotations

import json
import os
import statistics
import threading
import time
import uuid
from typing import Any

from .stats import percentile

TITLE = "Registration latency: the whole stack against the raw transaction"
CLIENTS = 16
PER_CLIENT = 25
FIGURES = {
    "registrations": "sign-ups through the stack (and raw transactions replayed)",
    "registration_p50_ms": "median latency of POST /api/events/{id}/registrations (201)",
    "registration_p90_ms": "90th percentile of the same",
    "raw_transaction_p50_ms": "median latency of the raw TransactWriteItems",
    "registration_p50_ratio": ("stack median over raw median (information: 16 threads against one emulator "
                               "time its lock and `chalice local`; the goals are the coldstart section's)"),
}


def _in_threads(work: Any) -> list[float]:
    """Run `work(client_index, n)` CLIENTS × PER_CLIENT times; return each call's milliseconds."""
    latencies: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client(index: int) -> None:
        mine = []
        start.wait()
        for n in range(PER_CLIENT):
            began = time.perf_counter()
            work(index, n)
            mine.append((time.perf_counter() - began) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def _through_the_stack(url: str, event_id: str) -> list[float]:
    import requests

    sessions = [requests.Session() for _ in range(CLIENTS)]

    def register(index: int, n: int) -> None:
        body = {"name": f"Bench {index}-{n}", "email": f"bench.{index}.{n}@example.org", "language": "pl",
                "consent": True}
        response = sessions[index].post(f"{url}/api/events/{event_id}/registrations", json=body, timeout=60)
        if response.status_code != 201:
            raise RuntimeError(f"{response.status_code}: {response.text[:200]}")

    return _in_threads(register)


def _captured_transaction(event_id: str) -> dict[str, Any]:
    """The TransactWriteItems of one registration, as the app's own code builds it."""
    import botocore.client

    from chalicelib.events.service import public_event
    from chalicelib.registration import signup

    captured: dict[str, Any] = {}
    original = botocore.client.BaseClient._make_api_call

    def capture(client: Any, operation: str, params: dict[str, Any]) -> Any:
        if operation == "TransactWriteItems" and not captured:
            captured.update(params)
        return original(client, operation, params)

    botocore.client.BaseClient._make_api_call = capture
    try:
        signup.register(public_event(event_id), {"name": "Template Person", "email": "template@example.org",
                                                  "language": "pl", "consent": True})
    finally:
        botocore.client.BaseClient._make_api_call = original
    return captured


def _raw(template: dict[str, Any]) -> list[float]:
    import boto3

    text = json.dumps(template)
    puts = [i["Put"]["Item"] for i in template["TransactItems"] if "Put" in i]
    registration = next(item for item in puts if item["sk"]["S"].startswith("REG#"))
    secrets = {registration["registration_id"]["S"], registration["email_hash"]["S"],
               registration["manage_hash"]["S"]}
    outbox = next(item for item in puts if item["pk"]["S"].startswith("OUTBOX#"))
    secrets.add(outbox["message_id"]["S"])
    clients = [boto3.session.Session().client("dynamodb") for _ in range(CLIENTS)]

    def transact(index: int, n: int) -> None:
        fresh = text
        for secret in secrets:
            fresh = fresh.replace(secret, uuid.uuid4().hex[: len(secret)].ljust(len(secret), "0"))
        clients[index].transact_write_items(**json.loads(fresh))

    return _in_threads(transact)


def run() -> dict[str, Any]:
    from devstack.stack import UNLIMITED, LocalStack
    from tests.stack_client import Api

    # the table name the in-process benchmarks use too: chalicelib reads it once per process
    stack = LocalStack(table_name="zapisy-bench", extra_env={"OUTBOX_MODE": "queue", **UNLIMITED})
    stack.start()  # this process talks to the same moto server (exported environment)
    try:
        api = Api(stack)
        event_id = api.published_event(capacity=100000)
        api.request("POST", f"/api/events/{event_id}/registrations", body={
            "name": "Warm Up", "email": "warm.up@example.org", "language": "pl", "consent": True})
        through_stack = _through_the_stack(stack.url, event_id)
        raw = _raw(_captured_transaction(event_id))
    finally:
        stack.stop()
        for name in ("AWS_ENDPOINT_URL",):
            os.environ.pop(name, None)
    stack_p50, raw_p50 = statistics.median(through_stack), statistics.median(raw)
    return {"registrations": len(through_stack), "registration_p50_ms": round(stack_p50, 1),
            "registration_p90_ms": round(percentile(through_stack, 0.9), 1),
            "raw_transaction_p50_ms": round(raw_p50, 1),
            "registration_p50_ratio": round(stack_p50 / raw_p50, 3)}
