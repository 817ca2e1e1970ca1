"""The one place that creates boto3 clients: lazily, once per container.

Endpoints come from the standard AWS_ENDPOINT_URL* variables, which is how the local stack
and the integration tests point everything at moto server.
"""
from __future__ import annotations

import threading
from typing import Any

from .config import settings

_lock = threading.Lock()
_clients: dict[tuple[str, str | None], Any] = {}


def _client(service: str, region: str | None) -> Any:
    """The one client of a service: concurrent first requests (chalice local serves each on a
    thread) wait for a single build rather than each building its own."""
    client = _clients.get((service, region))
    if client is None:
        import boto3  # the first client costs ~70 ms: pay it only on paths that send or enqueue

        with _lock:  # building boto3 sessions and clients is not safe from several threads at once
            client = _clients.get((service, region))
            if client is None:
                client = _clients[(service, region)] = boto3.session.Session().client(service, region_name=region)
    return client


def ses() -> Any:
    return _client("ses", settings().ses_region)


def sqs() -> Any:
    return _client("sqs", None)


def ssm() -> Any:
    return _client("ssm", None)


def s3() -> Any:
    return _client("s3", None)


def cognito_idp() -> Any:
    return _client("cognito-idp", None)


def reset_clients() -> None:
    """Forget cached clients (tests switch endpoints between moto in-process and moto server)."""
    with _lock:
        _clients.clear()


def refusal_code(error: BaseException) -> str | None:
    """The error code AWS answered a call with ("UserNotFoundException" …), or None if `error` is not
    an answer from AWS. Callers sort refusals without importing botocore themselves."""
    from botocore.exceptions import ClientError

    if isinstance(error, ClientError):
        return str(error.response.get("Error", {}).get("Code", ""))
    return None


def no_answer(error: BaseException) -> bool:
    """The call went out and no answer came back: no connection, or a timeout (botocore's own retries
    spent). Unlike a refused or malformed call, trying again later may well work."""
    from botocore.exceptions import ConnectionError as NoConnection
    from botocore.exceptions import HTTPClientError

    return isinstance(error, (NoConnection, HTTPClientError))


def unreachable(error: BaseException) -> bool:
    """The call never got an answer from AWS (no connection, no credentials, a timeout …)."""
    from botocore.exceptions import BotoCoreError

    return isinstance(error, BotoCoreError)
