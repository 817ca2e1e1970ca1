"""One DynamoDB client for every model and transaction of the process, from the container's one
botocore session (aws.py).

PynamoDB gives each model class its own connection, and each connection its own botocore session
and client, created on first use: each session parses botocore's data files again (tens of
milliseconds), and when several threads start at once (chalice local serves a thread per request)
they all build their own. Here one client is built once, from the session every other client
of the container comes from, under the lock they are built under, and shared.
"""
from __future__ import annotations

from typing import Any

from pynamodb.connection import Connection

from .. import aws

_connection: Connection | None = None


class _SharedSessionConnection(Connection):
    """PynamoDB's connection (its timeouts, retries and hooks), but its client is built from the
    container's one botocore session rather than from a session of its own."""

    @property
    def session(self) -> Any:
        return aws.botocore_session()


def shared_connection() -> Connection:
    global _connection
    if _connection is None:
        with aws.building():
            if _connection is None:
                connection = _SharedSessionConnection()
                connection.client  # noqa: B018 - build it now, while holding the lock
                _connection = connection
    return _connection


def reset() -> None:
    """Forget the client (tests switch between moto in-process and moto server)."""
    global _connection
    with aws.building():
        _connection = None
