"""Injected faults: a process that dies part-way through a job, an AWS operation that fails."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.awsrequest import AWSResponse


def dies_on_call(real: Callable[..., Any], n: int, why: str = "Lambda timed out") -> Callable[..., Any]:
    """`real`, except that the n-th call ends the process (SystemExit), as a timeout would."""
    calls = {"n": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == n:
            raise SystemExit(why)
        return real(*args, **kwargs)

    return wrapper


class Outage:
    """One operation of one botocore client answers with an AWS error until `end()` (or `times` calls)."""

    def __init__(self, client: Any, operation: str, code: str, *, status: int = 400, times: int | None = None,
                 cancelled: str | None = None, error: Exception | None = None) -> None:
        service = client.meta.service_model.service_id.hyphenize()
        self.client = client
        self.event = f"before-call.{service}" + ("" if operation == "*" else f".{operation}")
        self.code, self.status, self.times, self.cancelled, self.error = code, status, times, cancelled, error
        self.calls = 0
        self.refused: list[dict[str, Any]] = []  # the request bodies it refused (JSON protocols)
        client.meta.events.register(self.event, self._answer, unique_id=f"outage-{id(self)}")

    def _answer(self, params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        if self.times is not None and self.calls >= self.times:
            return None
        self.calls += 1
        body = params.get("body")
        if isinstance(body, (bytes, str)) and body[:1] in (b"{", "{"):
            self.refused.append(json.loads(body))
        if self.error is not None:
            raise self.error
        parsed: dict[str, Any] = {"Error": {"Code": self.code, "Message": f"{self.code} (injected)"},
                                  "ResponseMetadata": {"HTTPStatusCode": self.status, "HTTPHeaders": {}}}
        if self.cancelled:  # a cancelled transaction names the reason per item, in the order sent
            items = self.refused[-1]["TransactItems"] if self.refused else []
            parsed["CancellationReasons"] = [{"Code": self.cancelled if n == 0 else "None"} for n in range(len(items))]
        return AWSResponse("https://injected.invalid", self.status, {}, None), parsed

    def end(self) -> None:
        self.client.meta.events.unregister(self.event, unique_id=f"outage-{id(self)}")
