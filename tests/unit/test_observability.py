"""Logs are JSON lines with the request id and no personal data; metrics go out as EMF."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests import aws_calls, log_capture
from tests.conftest import ROOT
from tests.factories import person, published_event

pytestmark = pytest.mark.usefixtures("aws")


def _emf(output: str) -> list[dict]:
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{") and '"_aws"' in line]
    return [line for line in lines if "CloudWatchMetrics" in line["_aws"]]


def test_registrations_and_sent_mail_are_counted_as_emf(client, capsys):
    from chalicelib import observability

    observability.metrics().clear_metrics()  # counted outside any invocation by earlier tests of this process
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


FIRST_CALLS = """
import json, logging, threading
from chalicelib import aws, observability
from chalicelib.store import connection

builders = {"logger": observability.logger, "metrics": observability.metrics, "sqs": aws.sqs, "ses": aws.ses,
            "dynamodb": connection.shared_connection}
threads = 32
barrier = threading.Barrier(threads)
built = {name: set() for name in builders}
errors = []

def first_request():
    barrier.wait()  # all at once, as a burst of first requests on chalice local's threads
    try:
        for name, build in builders.items():
            built[name].add(id(build()))
        observability.begin("first", "/api/events")
    except Exception as error:
        errors.append(repr(error))

workers = [threading.Thread(target=first_request) for _ in range(threads)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
try:
    observability.begin("later", "/api/events")
    later = "ok"
except Exception as error:
    later = repr(error)
print(json.dumps({"built": {name: len(ids) for name, ids in built.items()}, "errors": errors[:3], "later": later,
                  "handlers": [len(logging.getLogger(name).handlers) for name in ("zapisy", "chalicelib")]}))
"""


def test_concurrent_first_calls_in_a_fresh_process_build_each_singleton_once():
    env = {**os.environ, "AWS_DEFAULT_REGION": "eu-central-1", "AWS_ACCESS_KEY_ID": "local",
           "AWS_SECRET_ACCESS_KEY": "local"}
    done = subprocess.run([sys.executable, "-c", FIRST_CALLS], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["errors"] == [] and result["later"] == "ok"
    assert result["built"] == {"logger": 1, "metrics": 1, "sqs": 1, "ses": 1, "dynamodb": 1}
    assert result["handlers"] == [1, 1]  # one JSON line per record, not one per concurrent build


LOG_ONCE = """
import logging
import app  # the Chalice app: by default it would add a plain-text handler of its own to the "zapisy" logger
from chalicelib import observability
observability.logger().info("one line")
logging.getLogger("chalicelib.probe").warning("another line")
"""


def test_with_the_app_loaded_every_log_record_is_one_json_line():
    env = {**os.environ, "STAGE": "local", "TABLE_NAME": "zapisy-log", "AWS_DEFAULT_REGION": "eu-central-1"}
    done = subprocess.run([sys.executable, "-c", LOG_ONCE], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert [json.loads(line)["message"] for line in lines] == ["one line", "another line"], lines


def test_invocations_served_on_threads_at_once_count_and_flush_without_failing(capsys):
    """`chalice local` serves a thread per request, all sharing the container's one recorder: two
    invocations ending together once made one flush find the set the other had just emptied
    (SchemaValidationError, a 500 from the observing middleware). Every count goes out exactly once."""
    import threading

    from chalicelib import observability

    observability.metrics().clear_metrics()
    threads, rounds = 8, 300
    start, failures = threading.Barrier(threads), []

    def invocation() -> None:
        start.wait()
        for _ in range(rounds):
            try:
                observability.begin("request", "/api/events", "api")
                observability.count("RegistrationsConfirmed")
                observability.finish()
            except Exception as error:  # noqa: BLE001 - the failure is what the test looks for
                failures.append(repr(error))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as a loaded machine might
    try:
        workers = [threading.Thread(target=invocation) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
    flushed = sum(sum(line["RegistrationsConfirmed"]) for line in _emf(capsys.readouterr().out))
    assert flushed == threads * rounds


EVENT_FUNCTION = """
import json
from chalicelib.application.schedules import jobs
from chalicelib import observability
from chalicelib.handlers.jobs import schedules  # as Lambda loads it: the SAM handler is this module, not app.py


def sweep():
    observability.logger().info("swept")
    observability.count(observability.EMAILS_SENT, 2)
    return {"sent": 2}


class Context:
    aws_request_id = "invocation-7"
    function_name = "zapisy-prod-OutboxSweep"


jobs.JOBS["outbox"] = sweep
event = {"version": "0", "id": "e1", "detail-type": "Scheduled Event", "source": "aws.events", "account": "1",
         "time": "2026-12-06T05:00:00Z", "region": "eu-central-1", "resources": [], "detail": {}}
print(json.dumps(schedules.outbox_sweep(event, Context())))
"""


def test_a_scheduled_function_loaded_without_the_app_logs_its_request_id_and_flushes_its_metrics():
    """In AWS each event function's handler is its blueprint's module (app.py is never imported), so
    the app's middleware never ran there: no request id on its log lines, and its metrics were never
    flushed (lost with the container)."""
    env = {**os.environ, "STAGE": "local", "TABLE_NAME": "zapisy-log", "AWS_DEFAULT_REGION": "eu-central-1"}
    done = subprocess.run([sys.executable, "-c", EVENT_FUNCTION], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    logged = [line for line in lines if line.get("message") == "swept"]
    assert [line["request_id"] for line in logged] == ["invocation-7"]
    metrics = [line for line in lines if "_aws" in line]
    assert [line["EmailsSent"] for line in metrics] == [[2.0]]  # flushed when the invocation ended
    assert lines[-1] == {"sent": 2}
