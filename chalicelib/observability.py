"""Structured logs and metrics, without personal data.

Logs: every `chalicelib.*` logger writes one JSON line per record through Powertools Logger,
with the request id (API Gateway's, or the Lambda invocation's) and the route *template*
(`/manage/{token}`), never the path itself, which may hold a secret link. Nothing here or in
the callers logs a name, an address or an answer; the test suite searches its captured logs
for every name and address it used.

Metrics: counts go out as CloudWatch embedded metric format lines (Powertools Metrics), so no
API call and no permission is needed; they are flushed at the end of each invocation.
Powertools is imported on first use, not when the app module loads.

The logger and the metrics recorder are built once per container, under a lock: `chalice local`
serves a thread per request, and two Powertools Loggers built at once for the same service leave
one of them without a formatter (every later `begin` then fails) and the package logger with
duplicate handlers. For the same reason an invocation's log keys are its thread's own (in Lambda
there is one thread), and counting and flushing hold one lock: Powertools' recorder is a plain
dict, and two invocations ending together made one flush find the set the other had just emptied.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

SERVICE = "zapisy"
NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "zapisy")
# Metric names: what organizers and operators watch.
PROMOTED = "WaitlistPromoted"
EMAILS_SENT = "EmailsSent"
EMAILS_FAILED = "EmailsFailed"

T = TypeVar("T")
_counting = threading.Lock()  # the recorder's set, between invocations served on threads at once


def _once(build: Callable[[], T]) -> Callable[[], T]:
    """Like `functools.cache` on a function of no arguments, but concurrent first callers wait for
    the one build instead of each running it (the cache keeps whichever finished last)."""
    lock = threading.Lock()
    built: list[T] = []

    @wraps(build)
    def get() -> T:
        if not built:
            with lock:
                if not built:
                    built.append(build())
        return built[0]

    return get


class _StdoutHandler(logging.StreamHandler):
    """Writes to whatever `sys.stdout` is at the moment (test runners swap it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        import sys

        return sys.stdout

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


@_once
def logger() -> Any:
    """The service's Powertools Logger; the `chalicelib` loggers share its JSON handler."""
    from aws_lambda_powertools.logging import Logger

    service_logger = Logger(service=SERVICE, level=os.environ.get("LOG_LEVEL", "INFO"),
                            logger_handler=_StdoutHandler())
    package = logging.getLogger("chalicelib")
    for handler in service_logger.handlers:
        if handler not in package.handlers:
            package.addHandler(handler)
    package.setLevel(service_logger.log_level)
    package.propagate = not os.environ.get("AWS_LAMBDA_FUNCTION_NAME")  # Lambda's root handler would double it
    return service_logger


@_once
def metrics() -> Any:
    """The Powertools Metrics recorder whose counts `finish` flushes."""
    from aws_lambda_powertools.metrics import Metrics

    return Metrics(namespace=NAMESPACE, service=SERVICE)


def begin(request_id: str, route: str = "", function: str = "api") -> None:
    """Start an invocation's log context: its request id and what it serves."""
    log = logger()
    log.thread_safe_clear_keys()
    log.thread_safe_append_keys(request_id=request_id, route=route, function=function)


def count(name: str, value: int = 1) -> None:
    if value > 0:
        from aws_lambda_powertools.metrics import MetricUnit

        recorder = metrics()
        with _counting:
            recorder.add_metric(name=name, unit=MetricUnit.Count, value=value)


def count_registration(status: str) -> None:
    from .vocabulary.statuses import Status  # the words load with the first sign-up, not with the app

    names = {Status.CONFIRMED: "RegistrationsConfirmed", Status.WAITLISTED: "RegistrationsWaitlisted",
             Status.PENDING_APPROVAL: "RegistrationsPending", Status.PENDING_EMAIL: "RegistrationsPending"}
    if status in names:
        count(names[status])


def count_delivery(result: dict[str, int]) -> None:
    """From a drain's result: e-mails sent and failed."""
    count(EMAILS_SENT, int(result.get("sent", 0)))
    count(EMAILS_FAILED, int(result.get("failed", 0)) + int(result.get("dead", 0)))


def invocation_ids(event: Any) -> tuple[str, str, str]:
    """Request id, route template and function kind of an invocation (a Chalice event or request
    object), whatever triggered it."""
    context = getattr(event, "context", None)
    invocation = str(getattr(getattr(event, "lambda_context", None) or context, "aws_request_id", ""))
    if isinstance(context, dict):  # an HTTP request: API Gateway's request context
        return str(context.get("requestId") or invocation), str(context.get("resourcePath", "")), "api"
    return invocation, "", type(event).__name__


def observed(handler: Callable[[Any], T]) -> Callable[[Any], T]:
    """An event handler (queue, topic, schedule) as one observed invocation: its log lines carry
    its request id, and the metrics it counted are flushed when it ends.

    Each of these functions' handler is its blueprint's module, not app.py (the SAM template
    names it so), so the app's middleware never wraps them in AWS; this does, there and locally."""
    @wraps(handler)
    def run(event: Any) -> T:
        with invocation(event):
            return handler(event)

    return run


@contextmanager
def invocation(event: Any) -> Iterator[None]:
    """One observed invocation of any kind (the app's HTTP middleware and `observed` both use it):
    its log context begins, and its metrics are flushed when it ends, however it ends."""
    begin(*invocation_ids(event))
    try:
        yield
    finally:
        finish()


def finish() -> None:
    """Flush this invocation's metrics (one EMF line); nothing is printed when none were counted."""
    recorder = metrics()
    with _counting:
        if recorder.metric_set:
            recorder.flush_metrics()
