"""The one place that creates AWS clients: lazily, once per container, from one botocore session.

A botocore session reads botocore's data files (endpoints, partitions, retry rules, each
service's model) once and keeps them: every client here, and PynamoDB's (store/connection.py),
is built from the same session, so a cold start parses them once rather than once per client.
The clients are botocore's: boto3 adds nothing to them but S3's transfers, so it is imported
for S3 alone.

Endpoints come from the standard AWS_ENDPOINT_URL* variables, which is how the local stack
and the integration tests point everything at moto server.

The deployment zip carries botocore's data cut to the services and operations used here
(infra/botocore_data.py), and the session reads that alone: botocore's whole data costs a cold
start's first client a listing of some 400 service folders and a 1.2 MB endpoint table. A
checkout has no such folder and reads botocore's own.
"""
from __future__ import annotations

import os
import threading
from contextlib import AbstractContextManager
from typing import Any

from .config import settings

_lock = threading.RLock()  # building sessions and clients is not safe from several threads at once
_sessions: list[Any] = []  # the container's one botocore session, once built
_clients: dict[tuple[str, str | None], Any] = {}
BOTOCORE_DATA = "botocore_data"  # beside chalicelib in the deployment zip
_PACKAGED_DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), BOTOCORE_DATA)


def botocore_session() -> Any:
    """The container's one botocore session, for a library that builds its own client (PynamoDB):
    build it while holding `building()`."""
    if not _sessions:
        import botocore.session  # the first client costs tens of ms: pay it only on paths that use AWS

        with _lock:
            if not _sessions:
                session = botocore.session.get_session()
                if os.path.isdir(_PACKAGED_DATA):
                    from botocore.loaders import Loader

                    session.register_component("data_loader", Loader(
                        extra_search_paths=[_PACKAGED_DATA], include_default_search_paths=False))
                _sessions.append(session)
    return _sessions[0]


def building() -> AbstractContextManager[Any]:
    """The lock to hold while building a client from `botocore_session()`: concurrent first requests
    (chalice local serves each on a thread) wait for a single build rather than each building its own."""
    return _lock


def _client(service: str, region: str | None) -> Any:
    """The one client of a service."""
    client = _clients.get((service, region))
    if client is None:
        session = botocore_session()
        with _lock:
            client = _clients.get((service, region))
            if client is None:
                client = _clients[(service, region)] = _build(session, service, region)
    return client


def _build(session: Any, service: str, region: str | None) -> Any:
    """botocore's client; boto3's for S3 alone, whose upload_fileobj (multipart) boto3 adds. boto3
    itself (with s3transfer, about 20 ms to import) then loads on the export path only."""
    if service == "s3":
        import boto3

        return boto3.session.Session(botocore_session=session).client(service, region_name=region)
    return session.create_client(service, region_name=region)


def ses() -> Any:
    return _client("ses", settings().ses_region)


def sqs() -> Any:
    return _client("sqs", None)


def ssm() -> Any:
    return _client("ssm", None)


def secretsmanager() -> Any:
    return _client("secretsmanager", None)


def s3() -> Any:
    return _client("s3", None)


def cognito_idp() -> Any:
    return _client("cognito-idp", None)


def reset_clients() -> None:
    """Forget cached clients and the session (tests switch endpoints between moto in-process and moto server)."""
    with _lock:
        _clients.clear()
        _sessions.clear()


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
