"""DynamoDB request units counted as DynamoDB bills them, from the items the in-process moto holds.

A unit figure is only worth pricing if it follows DynamoDB's own rules, so every rule here is the
one AWS documents, and the item sizes are read from the emulator's table just before and just
after each call (a write is billed on the item as it was and as it became, not on what was sent).

Sizes, per "DynamoDB item sizes and formats" (Developer Guide): an attribute is its name's UTF-8
bytes plus its value; a String its UTF-8 bytes; a Number 1 byte per two significant digits
(leading and trailing zeros trimmed), rounded up, plus 1; a Binary its raw bytes; a Boolean or
Null 1 byte; a List or Map 3 bytes plus its elements, each 1 byte more (a map entry also counts its
key's bytes); a set the sum of its elements.

Writes, per "Capacity unit consumption for writes": 1 unit per KB, rounded up per item, at least 1.
PutItem and UpdateItem are billed on the larger of the item before and after, DeleteItem on the
deleted item, BatchWriteItem per item. Inside TransactWriteItems every item costs twice that
("DynamoDB performs two underlying reads or writes of every item in the transaction: one to prepare
the transaction and one to commit", Developer Guide, "Capacity management for transactions"); a
ConditionCheck is one of those items and is billed as a transactional write of the checked item
(measured against DynamoDB: "A standalone ConditionCheck costs 2 WCU, billed as write rather than
read", paritysuite/dynamodb-conformance pull request 67). A global secondary index is written
outside the transaction, at 1 unit per KB of its entry (the projected item): an item entering an
index is one write of its new entry, leaving it one write of its old entry, a changed index key
both, a changed projected attribute one write of the larger entry, anything else nothing ("Global
secondary indexes: provisioned throughput considerations").

Refused writes: a failed conditional PutItem, UpdateItem or DeleteItem consumes "write capacity
units from the table" (Developer Guide), counted here on the larger of the stored item and the one
a Put sent, at least 1. For a cancelled transaction AWS documents no figure and answers with no
ConsumedCapacity; we assume only its prepare phase is billed: each item once, on its stored size,
at least 1 (`CANCELLED_TRANSACTION_FACTOR`).

Reads, per "Capacity unit consumption for reads": 1 unit per 4 KB for a strongly consistent read,
half for an eventually consistent one, twice for a transactional one. GetItem, BatchGetItem and
TransactGetItems round each item up on its own (an absent item still costs the minimum); a Query
or Scan adds up the items it read (before any filter, whole items whatever the projection), then
rounds up once.
"""
from __future__ import annotations

import base64
import math
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

WRITE_UNIT_BYTES = 1024
READ_UNIT_BYTES = 4096
CANCELLED_TRANSACTION_FACTOR = 1  # an assumption: a cancelled transaction pays its prepare writes only
Item = Mapping[str, Mapping[str, Any]]  # DynamoDB JSON, as on the wire: {"name": {"S": "text"}}
Call = Callable[[Any, str, dict[str, Any]], dict[str, Any]]


def number_bytes(text: str) -> int:
    """A Number: 1 byte per two significant digits, rounded up, plus 1 (zeros at either end trimmed)."""
    digits = "".join(str(digit) for digit in Decimal(text).as_tuple().digits).strip("0")
    return math.ceil(len(digits) / 2) + 1


def binary_bytes(value: bytes | bytearray | str) -> int:
    """A Binary is billed on its raw bytes: text is the wire's base64 form, decoded first."""
    return len(base64.b64decode(value)) if isinstance(value, str) else len(value)


def value_bytes(value: Mapping[str, Any]) -> int:
    """The size of one attribute value (without its name), by DynamoDB's rules."""
    (kind, inner), = value.items()
    if kind == "S":
        return len(inner.encode("utf-8"))
    if kind == "N":
        return number_bytes(inner)
    if kind == "B":
        return binary_bytes(inner)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(element.encode("utf-8")) for element in inner)
    if kind == "NS":
        return sum(number_bytes(element) for element in inner)
    if kind == "BS":
        return sum(binary_bytes(element) for element in inner)
    if kind == "L":
        return 3 + sum(value_bytes(element) + 1 for element in inner)
    if kind == "M":
        return 3 + sum(len(name.encode("utf-8")) + value_bytes(element) + 1 for name, element in inner.items())
    raise ValueError(f"not a DynamoDB value type: {kind}")


def item_bytes(item: Item | None) -> int:
    """An item's size, the basis of every unit DynamoDB bills: names plus values (0 for no item)."""
    return sum(len(name.encode("utf-8")) + value_bytes(value) for name, value in (item or {}).items())


def write_units(size: int) -> int:
    """Standard write units of an item of `size` bytes: 1 per KB, rounded up, at least 1."""
    return max(1, math.ceil(size / WRITE_UNIT_BYTES))


def read_units(size: int) -> int:
    """Strongly consistent read units of `size` bytes: 1 per 4 KB, rounded up, at least 1."""
    return max(1, math.ceil(size / READ_UNIT_BYTES))


def item_kind(pk: str, sk: str) -> str:
    """A short name for what an item is, from its key, so a reader sees where the write units go."""
    for prefix, kind in (("MANAGE#", "manage link"), ("OUTBOX#", "outbox"), ("RATE#", "rate counter")):
        if pk.startswith(prefix):
            return kind
    if sk == "META":
        return "event"
    if "SEATS" in sk:
        return "seats"
    for prefix, kind in (("REG#", "registration"), ("EMAIL#", "email marker")):
        if sk.startswith(prefix):
            return kind
    if sk.startswith("META#"):
        sk = sk.removeprefix("META#")
    return (sk or pk).split("#", 1)[0].lower() or "other"


def _wire(value: Any) -> dict[str, Any]:
    """A moto DynamoType as DynamoDB JSON (fresh containers, so a later change in moto cannot alter it)."""
    if value.type == "L":
        return {"L": [_wire(element) for element in value.value]}
    if value.type == "M":
        return {"M": {name: _wire(element) for name, element in value.value.items()}}
    if value.type in ("SS", "NS", "BS"):
        return {value.type: list(value.value)}
    return {value.type: value.value}


@dataclass
class _Target:
    """One item a write names: its table, key, what is done to it, and how it was before."""

    table: Any  # moto's Table
    key: dict[str, Any]
    action: str  # put, update, delete, check
    sent: Item | None = None  # a Put's item
    before: dict[str, Any] | None = None

    @property
    def kind(self) -> str:
        pk, sk = (str(self.key[name].get("S", "")) if name else ""
                  for name in (self.table.hash_key_attr, self.table.range_key_attr))
        return item_kind(pk, sk)


def _stored(table: Any, key: Mapping[str, Any]) -> dict[str, Any] | None:
    """The item under `key` in moto's table, as DynamoDB JSON, or None."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    def typed(name: str) -> Any:
        (kind, value), = key[name].items()
        if kind == "B" and not isinstance(value, str):
            value = base64.b64encode(value).decode("ascii")  # moto keeps binary in its wire form
        return DynamoType({kind: value})

    range_key = typed(table.range_key_attr) if table.range_key_attr else None
    item = table.get_item(typed(table.hash_key_attr), range_key)
    return {name: _wire(value) for name, value in item.attrs.items()} if item is not None else None


def _index_entry(index: Mapping[str, Any], table_keys: list[str], image: Item | None) -> dict[str, Any] | None:
    """The entry `image` has in a global secondary index (its projection), or None if it is not in it."""
    names = [element["AttributeName"] for element in index["KeySchema"]]
    if image is None or any(name not in image for name in names):
        return None
    projection = index.get("Projection", {})
    kind = projection.get("ProjectionType", "ALL")
    if kind == "ALL":
        return dict(image)
    kept = {*table_keys, *names, *(projection.get("NonKeyAttributes", []) if kind == "INCLUDE" else [])}
    return {name: value for name, value in image.items() if name in kept}


def index_write_units(index: Mapping[str, Any], table_keys: list[str], before: Item | None,
                      after: Item | None) -> int:
    """Standard write units one table write costs in one global secondary index (see the module's rules)."""
    old, new = _index_entry(index, table_keys, before), _index_entry(index, table_keys, after)
    if old is None and new is None or old == new:
        return 0
    if old is None or new is None:
        return write_units(item_bytes(old if new is None else new))
    names = [element["AttributeName"] for element in index["KeySchema"]]
    if any(old[name] != new[name] for name in names):
        return write_units(item_bytes(old)) + write_units(item_bytes(new))  # a delete, then a put
    return write_units(max(item_bytes(old), item_bytes(new)))


_READ_OPTIONS = ("FilterExpression", "ProjectionExpression", "AttributesToGet", "QueryFilter", "ScanFilter",
                 "Select", "ConditionalOperator")


class Meter:
    """Counts AWS calls, DynamoDB request units as billed, and the time spent outside our code (in
    the emulator and in this meter). `write_units` includes the GSI writes in `gsi_write_units`;
    `writes_by_kind` splits it by item kind (see `item_kind`), the GSI writes under "gsi"."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.write_units = 0.0
        self.gsi_write_units = 0.0
        self.read_units = 0.0
        self.writes_by_kind: Counter[str] = Counter()
        self.emulator_seconds = 0.0
        self._original: Call | None = None

    def install(self) -> None:
        """Measure every botocore call from now on (in-process moto: `mock_aws()`)."""
        import botocore.client

        original: Call = botocore.client.BaseClient._make_api_call
        meter = self

        def measured(client: Any, operation: str, params: dict[str, Any]) -> dict[str, Any]:
            started = time.perf_counter()
            try:
                return meter.call(original, client, operation, params)
            finally:
                meter.emulator_seconds += time.perf_counter() - started

        self._original = original
        botocore.client.BaseClient._make_api_call = measured

    def uninstall(self) -> None:
        import botocore.client

        if self._original is not None:
            botocore.client.BaseClient._make_api_call = self._original
            self._original = None

    @contextmanager
    def installed(self) -> Iterator[Meter]:
        """The meter installed for a block, botocore restored after."""
        self.install()
        try:
            yield self
        finally:
            self.uninstall()

    def snapshot(self) -> tuple[int, float, float, float]:
        return sum(self.calls.values()), self.write_units, self.read_units, self.emulator_seconds

    def call(self, original: Call, client: Any, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """Make one call through `original`, counting it (refused ones too: AWS receives and bills them)."""
        from botocore.exceptions import ClientError

        service = client.meta.service_model.service_id
        self.calls[f"{service}:{operation}"] += 1
        if service != "DynamoDB":
            return original(client, operation, params)
        targets = self._targets(client, operation, params)
        for target in targets:
            target.before = _stored(target.table, target.key)
        try:
            response = original(client, operation, params)
        except ClientError as error:
            self._refused(targets, error.response.get("Error", {}).get("Code", ""))
            raise
        if targets:
            self._written(operation, targets, response)
        else:
            self._read(original, client, operation, params, response)
        return response

    def _write(self, kind: str, units: float) -> None:
        self.write_units += units
        self.writes_by_kind[kind] += units
        if kind == "gsi":
            self.gsi_write_units += units

    def _targets(self, client: Any, operation: str, params: dict[str, Any]) -> list[_Target]:
        """The items a write names, each with its moto table (none for reads or unknown tables)."""
        named: list[tuple[str, str, Mapping[str, Any]]] = []  # (table, action, request part)
        if operation in ("PutItem", "UpdateItem", "DeleteItem"):
            named.append((params["TableName"], operation.removesuffix("Item").lower(), params))
        elif operation == "TransactWriteItems":
            for entry in params.get("TransactItems", []):
                (kind, body), = entry.items()
                action = "check" if kind == "ConditionCheck" else kind.lower()
                named.append((body["TableName"], action, body))
        elif operation == "BatchWriteItem":
            for table_name, requests in params.get("RequestItems", {}).items():
                for request in requests:
                    (kind, body), = request.items()
                    named.append((table_name, "put" if kind == "PutRequest" else "delete", body))
        targets = []
        for table_name, action, body in named:
            table = _moto_table(client.meta.region_name, table_name)
            if table is None:
                continue
            sent = body.get("Item")
            given = sent or body.get("Key") or {}
            key_names = [name for name in (table.hash_key_attr, table.range_key_attr) if name]
            if all(name in given for name in key_names):  # else DynamoDB refuses the call, unbilled
                targets.append(_Target(table, {name: given[name] for name in key_names}, action, sent))
        return targets

    def _written(self, operation: str, targets: list[_Target], response: dict[str, Any]) -> None:
        transactional = operation == "TransactWriteItems"
        left = [body for requests in response.get("UnprocessedItems", {}).values()
                for request in requests for body in request.values()]
        for target in targets:
            if any(body.get("Item", body.get("Key")) == (target.sent or target.key) for body in left):
                continue  # BatchWriteItem left it for a retry: not written, not billed
            if target.action == "check":  # nothing written: billed on the item checked
                self._write(target.kind, 2 * write_units(item_bytes(target.before)))
                continue
            after = None if target.action == "delete" else _stored(target.table, target.key)
            size = max(item_bytes(target.before), item_bytes(after))
            self._write(target.kind, write_units(size) * (2 if transactional else 1))
            table_keys = [name for name in (target.table.hash_key_attr, target.table.range_key_attr) if name]
            for index in target.table.global_indexes:  # outside any transaction: standard writes
                units = index_write_units(index.describe(), table_keys, target.before, after)
                if units:
                    self._write("gsi", units)

    def _refused(self, targets: list[_Target], code: str) -> None:
        """A write refused by its condition still consumes units (see the module's assumptions)."""
        if code == "ConditionalCheckFailedException":
            for target in targets:
                self._write(target.kind, write_units(max(item_bytes(target.before), item_bytes(target.sent))))
        elif code == "TransactionCanceledException":
            for target in targets:
                self._write(target.kind, write_units(item_bytes(target.before)) * CANCELLED_TRANSACTION_FACTOR)

    def _read(self, original: Call, client: Any, operation: str, params: dict[str, Any],
              response: dict[str, Any]) -> None:
        factor = 1.0 if params.get("ConsistentRead") else 0.5
        if operation == "GetItem":
            table = _moto_table(client.meta.region_name, params["TableName"])
            if table is not None:
                self.read_units += factor * read_units(item_bytes(_stored(table, params["Key"])))
        elif operation == "TransactGetItems":
            for entry in params.get("TransactItems", []):
                table = _moto_table(client.meta.region_name, entry["Get"]["TableName"])
                if table is not None:
                    self.read_units += 2 * read_units(item_bytes(_stored(table, entry["Get"]["Key"])))
        elif operation == "BatchGetItem":
            for table_name, wanted in params.get("RequestItems", {}).items():
                table = _moto_table(client.meta.region_name, table_name)
                left = response.get("UnprocessedKeys", {}).get(table_name, {}).get("Keys", [])
                per_item = 1.0 if wanted.get("ConsistentRead") else 0.5
                for key in wanted.get("Keys", []):
                    if table is not None and key not in left:
                        self.read_units += per_item * read_units(item_bytes(_stored(table, key)))
        elif operation in ("Query", "Scan"):
            items = response.get("Items", [])
            if any(name in params for name in _READ_OPTIONS):
                items = original(client, operation, _everything_read(params)).get("Items", [])
            self.read_units += factor * read_units(sum(item_bytes(item) for item in items))


def _everything_read(params: dict[str, Any]) -> dict[str, Any]:
    """The same Query or Scan without filter or projection: the same page of items, as DynamoDB read
    them (a Limit and the 1 MB page count items read, before any filter)."""
    kept = {name: value for name, value in params.items()
            if name not in (*_READ_OPTIONS, "ExpressionAttributeNames", "ExpressionAttributeValues")}
    tokens = set(re.findall(r"[#:][A-Za-z0-9_]+", params.get("KeyConditionExpression", "")))
    for name in ("ExpressionAttributeNames", "ExpressionAttributeValues"):
        values = {token: value for token, value in params.get(name, {}).items() if token in tokens}
        if values:
            kept[name] = values
    return kept


def stored_item(table: str, key: Item, region: str | None = None) -> dict[str, Any] | None:
    """An item as the in-process moto holds it, as DynamoDB JSON (None if absent): what it is billed on."""
    found = _moto_table(region or os.environ["AWS_DEFAULT_REGION"], table)
    return _stored(found, key) if found is not None else None


def _moto_table(region: str, name: str) -> Any:
    """moto's in-process table of that name in that region, or None."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.exceptions import ResourceNotFoundException
    from moto.dynamodb.models import dynamodb_backends

    try:
        return dynamodb_backends[DEFAULT_ACCOUNT_ID][region].get_table(name)
    except (KeyError, ResourceNotFoundException):  # no such table: the call itself fails, billed nothing
        return None
