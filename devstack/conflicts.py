"""DynamoDB's transaction conflicts, emulated in front of the embedded moto server.

The moto server runs one request at a time (moto_server.py), so two transactions on the same
item never overlap there and never conflict. Real DynamoDB refuses a TransactWriteItems at once
when another transaction holding one of its items is still in flight: TransactionCanceledException,
with "TransactionConflict" as the reason of each item concerned and "None" for the others. It
refuses a PutItem, UpdateItem or DeleteItem of such an item too (TransactionConflictException).
Code that retries those conflicts (chalicelib/store/transaction.py) is only exercised locally
if the emulator conflicts as DynamoDB does: this WSGI wrapper, placed before the serialising
lock, does that.

A TransactWriteItems whose items are free marks their keys as in flight, goes through to moto
as before and frees them once its response is made, whatever it is. One with an item in flight
is answered at once, as moto answers its own cancellations (same status, headers and body
shape), and moto never sees it.

Not emulated: a TransactWriteItems arriving while a single-item write of one of its items is in
flight (single writes hold nothing), TransactGetItems, and BatchWriteItem against transactions.
"""
from __future__ import annotations

import io
import json
import os
import re
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

ENVIRONMENT_VARIABLE = "DEVSTACK_TRANSACTION_CONFLICTS"
TARGET_PREFIX = "DynamoDB_20120810."
SINGLE_WRITES = ("PutItem", "UpdateItem", "DeleteItem")
CONFLICT_CODE = "TransactionConflict"
CONFLICT_MESSAGE = "Transaction is ongoing for the item"
_CREDENTIAL = re.compile(r"Credential=[^/,]*/[^/,]*/(?P<region>[^/,]*)/")

Key = tuple[str, str, str | None]  # table ARN, hash key value, range key value (as JSON)
Hold = Callable[[frozenset[Key]], None]


def wanted(environment: dict[str, str] | None = None) -> bool:
    """Whether the environment asks for conflicts (DEVSTACK_TRANSACTION_CONFLICTS=1, or true/yes/on)."""
    value = (os.environ if environment is None else environment).get(ENVIRONMENT_VARIABLE, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def _table(name: str, environ: dict[str, Any]) -> Any:
    """moto's table of that name (or ARN) in the request's region, or None: read from the
    backends moto already holds, never creating one (moto creates them lazily, under its lock)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    if name.startswith("arn:"):
        name = name.rsplit("table/", 1)[-1]
    found = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    region = found["region"] if found else "us-east-1"
    preferred = os.environ.get("MOTO_ACCOUNT_ID") or environ.get("HTTP_X_MOTO_ACCOUNT_ID") or DEFAULT_ACCOUNT_ID
    tables = {}
    for account, regions in list(dict.items(dynamodb_backends)):
        backend = dict.get(regions, region)
        table = backend.tables.get(name) if backend is not None else None
        if table is not None:
            tables[account] = table
    return tables.get(preferred) or next(iter(tables.values()), None)


def item_key(operation: dict[str, Any], environ: dict[str, Any], attributes: str = "Key") -> Key | None:
    """The item an operation writes or checks, as (table, hash, range); None where moto will refuse
    the request itself (no such table, key attributes missing)."""
    if not isinstance(operation, dict) or not isinstance(operation.get(attributes), dict):
        return None
    table = _table(str(operation.get("TableName", "")), environ)
    if table is None:
        return None
    values = operation[attributes]
    hash_value = values.get(table.hash_key_attr)
    range_value = values.get(table.range_key_attr) if table.range_key_attr else None
    if hash_value is None or (table.range_key_attr and range_value is None):
        return None
    return (table.table_arn, json.dumps(hash_value, sort_keys=True),
            json.dumps(range_value, sort_keys=True) if range_value is not None else None)


def transaction_keys(body: dict[str, Any], environ: dict[str, Any]) -> list[Key | None]:
    """The key of each entry of a TransactWriteItems, in request order (Put: from its Item)."""
    keys: list[Key | None] = []
    for entry in body.get("TransactItems") or []:
        kind, operation = next(iter(entry.items()), (None, None)) if isinstance(entry, dict) else (None, None)
        keys.append(item_key(operation, environ, "Item" if kind == "Put" else "Key") if operation else None)
    return keys


def _answer(exception: Any) -> tuple[str, list[tuple[str, str]], bytes]:
    """A moto exception as moto's server sends it: its status, moto's headers, its JSON body."""
    from moto.settings import DISABLE_GLOBAL_CORS
    from moto.utilities.aws_headers import gen_amz_crc32, gen_amzn_requestid_long

    body = exception.description.encode()
    headers: dict[str, Any] = {"server": "amazon.com", **dict(exception.get_headers()), "status": str(exception.code)}
    gen_amzn_requestid_long(headers)
    gen_amz_crc32(body, headers)
    listed = [(name, str(value)) for name, value in headers.items()] + [("Content-Length", str(len(body)))]
    if not DISABLE_GLOBAL_CORS:
        listed.append(("Access-Control-Allow-Origin", "*"))
    return f"{exception.code} {HTTPStatus(exception.code).phrase.upper()}", listed, body


def cancelled(conflicting: list[bool]) -> tuple[str, list[tuple[str, str]], bytes]:
    """The TransactionCanceledException DynamoDB answers: TransactionConflict where an item is held."""
    from moto.dynamodb.exceptions import TransactionCanceledException

    return _answer(TransactionCanceledException(
        [(CONFLICT_CODE, CONFLICT_MESSAGE, None) if held else (None, None, None) for held in conflicting]))


def single_write_refused() -> tuple[str, list[tuple[str, str]], bytes]:
    """The TransactionConflictException DynamoDB answers a PutItem/UpdateItem/DeleteItem of a held item."""
    from moto.dynamodb.exceptions import ERROR_TYPE_PREFIX, DynamodbException

    return _answer(DynamodbException(ERROR_TYPE_PREFIX + "TransactionConflictException", CONFLICT_MESSAGE))


class TransactionConflicts:
    """WSGI middleware: refuse what DynamoDB would refuse for an item held by a transaction in flight.

    `refused` counts the TransactionConflict refusals given (transactions and single writes);
    `hold`, if set, is called with a transaction's keys once they are held and before it goes on
    (a test seam: a test holds one transaction in flight for as long as it needs)."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._held: set[Key] = set()
        self.refused = 0
        self.refused_writes = 0  # of which single-item writes
        self.hold: Hold | None = None

    def held(self) -> frozenset[Key]:
        """The keys of the transactions in flight now."""
        with self._lock:
            return frozenset(self._held)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        operation = target[len(TARGET_PREFIX):] if target.startswith(TARGET_PREFIX) else ""
        if operation != "TransactWriteItems" and operation not in SINGLE_WRITES:
            return self._app(environ, start_response)
        body = _read_body(environ)
        if body is None:
            return self._app(environ, start_response)
        if operation != "TransactWriteItems":
            key = item_key(body, environ, "Item" if operation == "PutItem" else "Key")
            with self._lock:
                refuse = key is not None and key in self._held
                if refuse:
                    self.refused += 1
                    self.refused_writes += 1
            if refuse:
                return _send(single_write_refused(), start_response)
            return self._app(environ, start_response)
        keys = transaction_keys(body, environ)
        mine = frozenset(key for key in keys if key is not None)
        with self._lock:
            conflicting = [key is not None and key in self._held for key in keys]
            if any(conflicting):
                self.refused += 1
            else:
                self._held |= mine
        if any(conflicting):
            return _send(cancelled(conflicting), start_response)
        try:
            if self.hold is not None:
                self.hold(mine)
            return list(self._app(environ, start_response))
        finally:
            with self._lock:
                self._held -= mine


def _read_body(environ: dict[str, Any]) -> dict[str, Any] | None:
    """The request's JSON body, read and put back for moto to read again; None if it is not one."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length <= 0:
        return None
    raw = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(raw)
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _send(answer: tuple[str, list[tuple[str, str]], bytes], start_response: Callable[..., Any]) -> list[bytes]:
    status, headers, body = answer
    start_response(status, headers)
    return [body]
