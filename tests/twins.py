"""Run the same AWS calls on moto twice — as it ships, and with one of the local stack's shortcuts —
and keep every answer exactly as a client receives it, so a test can demand they are identical.

Each run gets a fresh in-process moto, the same frozen clock and the same seed for moto's random
ids, so two runs of moto's own code answer byte for byte alike: only the request id differs. An
answer is kept whole — HTTP status, headers, the raw body and botocore's parse of it, errors
included — and the calls that fail come back as their error response instead of raising.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
        """The parsed answer, or the parsed error answer; an exception moto let out (a server error
        on a moto server) is kept as an answer too."""
        try:
            return getattr(self.client(service), operation)(**params)
        except ClientError as error:
            return error.response
        except Exception as error:  # noqa: BLE001 - in-process moto raises its own bugs into the caller
            name = self.client(service).meta.method_to_api_mapping.get(operation, operation)
            self.answers.append({"operation": name, "raised": f"{type(error).__name__}: {error}"})
            return {}

    def _keep(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        headers = {k.lower(): v for k, v in http_response.headers.items() if k.lower() not in VOLATILE_HEADERS}
        parsed = dict(parsed)
        metadata = dict(parsed.pop("ResponseMetadata", {}))
        metadata.pop("RequestId", None)
        metadata["HTTPHeaders"] = {k: v for k, v in metadata.get("HTTPHeaders", {}).items()
                                   if k not in VOLATILE_HEADERS}
        self.answers.append({"operation": model.name, "status": http_response.status_code, "headers": headers,
                             "body": http_response.content, "parsed": parsed, "metadata": metadata})


@contextmanager
def fresh_moto(shortcut: Shortcut | None = None) -> Iterator[Run]:
    """A fresh in-process moto on the frozen clock and seed (with `shortcut` installed, if given)."""
    with mock_aws(), time_machine.travel(FROZEN, tick=False) as clock:
        mock_random.seed(20270301)
        session = Run.current = Run(clock)
        try:
            with installed(shortcut):
                yield session
        finally:
            Run.current = None


@contextmanager
def installed(shortcut: Shortcut | None) -> Iterator[None]:
    if shortcut is not None:
        shortcut.install()
    try:
        yield
    finally:
        if shortcut is not None:
            shortcut.uninstall()


def run(scenario: Callable[[Run], None], shortcut: Shortcut | None = None) -> list[dict[str, Any]]:
    """Every answer `scenario` got from a fresh moto (with `shortcut` installed, if given)."""
    with fresh_moto(shortcut) as session:
        scenario(session)
    return session.answers


def assert_same_answers(scenario: Callable[[Run], None], shortcut: Shortcut) -> list[dict[str, Any]]:
    """Fail on the first answer that differs with the shortcut; return moto's own answers."""
    plain = run(scenario)
    assert_same(plain, run(scenario, shortcut))
    return plain


def assert_same(plain: list[dict[str, Any]], fast: list[dict[str, Any]]) -> None:
    for number, (want, have) in enumerate(zip(plain, fast, strict=False)):
        assert have == want, f"answer {number} ({want['operation']}) differs: {difference(want, have)}"
    assert len(fast) == len(plain)


def difference(want: dict[str, Any], have: dict[str, Any]) -> str:
    """Each part of an answer that differs, moto's own first (bodies from their first different byte)."""
    parts = []
    for part in sorted(set(want) | set(have)):
        mine, theirs = want.get(part), have.get(part)
        if mine == theirs:
            continue
        if isinstance(mine, bytes) and isinstance(theirs, bytes):
            pairs = enumerate(zip(mine, theirs, strict=False))
            at = next((i for i, (x, y) in pairs if x != y), min(len(mine), len(theirs)))
            mine, theirs = mine[max(0, at - 40):at + 160], theirs[max(0, at - 40):at + 160]
        parts.append(f"\n{part}:\n  moto:     {json.dumps(mine, default=str)[:1500]}"
                     f"\n  shortcut: {json.dumps(theirs, default=str)[:1500]}")
    return "".join(parts)


def dump_table(session: Run, table: str) -> list[list[dict[str, Any]]]:
    """Every item of the table and of each of its indexes, as Scan answers them (and kept as answers)."""
    description = session.call("dynamodb", "describe_table", TableName=table)["Table"]
    indexes = [i["IndexName"] for i in description.get("GlobalSecondaryIndexes", [])]
    return [session.call("dynamodb", "scan", TableName=table, **({"IndexName": index} if index else {}))
            .get("Items", []) for index in [None, *indexes]]
