"""Run the same AWS calls on moto twice — as it ships, and with one of the local stack's shortcuts —
and keep every answer exactly as a client receives it, so a test can demand they are identical.

Each run gets a fresh in-process moto, the same frozen clock and the same seed for moto's random
ids, so two runs of moto's own code answer byte for byte alike: only the request id differs. An
answer is kept whole — HTTP status, headers, the raw body and botocore's parse of it, errors
included — and the calls that fail come back as their error response instead of raising.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

import boto3
import time_machine
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.moto_api._internal import mock_random

FROZEN = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
VOLATILE_HEADERS = {"x-amzn-requestid", "x-amz-request-id"}  # a fresh uuid per request, even on moto's own


class Shortcut(Protocol):
    def install(self) -> None: ...

    def uninstall(self) -> None: ...


_clients: dict[str, Any] = {}  # made once (≈60 ms each): moto intercepts them whenever a mock is active


class Run:
    """One run's clock and answers."""

    current: Run | None = None

    def __init__(self, clock: Any) -> None:
        self.clock = clock
        self.answers: list[dict[str, Any]] = []

    @staticmethod
    def client(service: str) -> Any:
        if service not in _clients:
            client = boto3.client(service)
            client.meta.events.register("after-call.*", Run._keep_in_current)
            _clients[service] = client
        return _clients[service]

    @staticmethod
    def _keep_in_current(**kwargs: Any) -> None:
        if Run.current is not None:
            Run.current._keep(**kwargs)

    def call(self, service: str, operation: str, **params: Any) -> dict[str, Any]:
        """The parsed answer, or the parsed error answer (never raises a ClientError)."""
        try:
            return getattr(self.client(service), operation)(**params)
        except ClientError as error:
            return error.response

    def _keep(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        headers = {k.lower(): v for k, v in http_response.headers.items() if k.lower() not in VOLATILE_HEADERS}
        parsed = dict(parsed)
        metadata = dict(parsed.pop("ResponseMetadata", {}))
        metadata.pop("RequestId", None)
        metadata["HTTPHeaders"] = {k: v for k, v in metadata.get("HTTPHeaders", {}).items()
                                   if k not in VOLATILE_HEADERS}
        self.answers.append({"operation": model.name, "status": http_response.status_code, "headers": headers,
                             "body": http_response.content, "parsed": parsed, "metadata": metadata})


def run(scenario: Callable[[Run], None], shortcut: Shortcut | None = None) -> list[dict[str, Any]]:
    """Every answer `scenario` got from a fresh moto (with `shortcut` installed, if given)."""
    with mock_aws(), time_machine.travel(FROZEN, tick=False) as clock:
        mock_random.seed(20270301)
        if shortcut is not None:
            shortcut.install()
        session = Run.current = Run(clock)
        try:
            scenario(session)
        finally:
            Run.current = None
            if shortcut is not None:
                shortcut.uninstall()
    return session.answers


def assert_same_answers(scenario: Callable[[Run], None], shortcut: Shortcut) -> list[dict[str, Any]]:
    """Fail on the first answer that differs with the shortcut; return moto's own answers."""
    plain = run(scenario)
    fast = run(scenario, shortcut)
    for number, (want, have) in enumerate(zip(plain, fast, strict=False)):
        assert have == want, f"answer {number} ({want['operation']}) differs:\n{describe(want)}\n{describe(have)}"
    assert len(fast) == len(plain)
    return plain


def describe(answer: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in answer.items() if k != "body"}, default=str, indent=1)[:4000]


def dump_table(session: Run, table: str) -> list[list[dict[str, Any]]]:
    """Every item of the table and of each of its indexes, as Scan answers them (and kept as answers)."""
    description = session.call("dynamodb", "describe_table", TableName=table)["Table"]
    indexes = [i["IndexName"] for i in description.get("GlobalSecondaryIndexes", [])]
    return [session.call("dynamodb", "scan", TableName=table, **({"IndexName": index} if index else {}))
            .get("Items", []) for index in [None, *indexes]]
