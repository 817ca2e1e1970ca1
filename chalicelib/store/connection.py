"""One DynamoDB client for every model and transaction of the process.

PynamoDB gives each model class its own botocore client, created on first use. Each costs tens
of milliseconds, and when several threads start at once (chalice local serves a thread per
request) they all build their own. Here one client is built once, under a lock, and shared.
"""
from __future__ import annotations

import threading

from pynamodb.connection import Connection

_lock = threading.Lock()
_connection: Connection | None = None


def shared_connection() -> Connection:
    global _connection
    if _connection is None:
        with _lock:
            if _connection is None:
                connection = Connection()
                connection.client  # noqa: B018 - build it now, while holding the lock
                _connection = connection
    return _connection


def reset() -> None:
    """Forget the client (tests switch between moto in-process and moto server)."""
    global _connection
    with _lock:
        _connection = None
