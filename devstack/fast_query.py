"""A faster Query for the embedded moto, with the same results.

Two costs of moto 5.2 would otherwise time the emulator rather than zapisy when a partition holds
thousands of registrations (≈2.6 s per 200-item page at 10,000 items):

- For every page moto sorts every item of the table, keeps the partition's, sorts them again and
  walks from the first item to the page's start key: time that grows with the square of the
  partition. Here moto's own `Table.query` still does all the work — key condition, filter,
  limit, size limit, LastEvaluatedKey, projection — but is handed only the partition's items
  after the start key, already in key order, so it has nothing to skip; and only a window of
  them, just longer than the page, retried with a longer window whenever moto did not stop
  inside it. Queries of an index, of a table without a sort key, or on a sort key that is
  neither a string nor a number, and pages whose start key is not a sort key of the queried
  partition (moto then skips all or nothing, or fails), go to moto unchanged.
- moto turns every response into JSON through a generic, shape-driven serializer (≈1 ms per
  item). A Query answer holds only JSON-ready values unless an item has a binary attribute, so it
  is dumped with `json.dumps` directly, its top-level members in the serializer's order, which
  gives the same bytes; with a binary value moto's serializer runs as before.

`tests/unit/test_devstack_query.py` pages through the same queries with and without this patch
(filters, limits, projections, indexes, both directions, binary values, odd start keys, errors)
and demands the same answers byte for byte.
"""
from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from typing import Any

_original: Any = None
_original_handler: Any = None


def _value_of(key_type: str) -> Any:
    """What moto compares sort keys by (`DynamoType.cast_value`), without its per-call type checks."""
    if key_type == "S":  # str values: code point order, which is also DynamoDB's UTF-8 byte order
        return lambda key: key.value
    from decimal import Decimal

    return lambda key: Decimal(key.value)


def _candidates(table: Any, hash_key: Any, start_key: dict[str, Any] | None, forward: bool) -> list[Any] | None:
    """The partition's items after the start key, in key order; None when moto must decide itself."""
    partition = table.items.get(hash_key)
    if not partition:
        return []
    items = list(partition.values())
    key_types = {item.range_key.type if item.range_key is not None else None for item in items}
    if len(key_types) != 1 or not key_types <= {"S", "N"}:
        return None
    value_of = _value_of(key_types.pop())

    def key(item: Any) -> Any:
        return value_of(item.range_key)

    items.sort(key=key)
    if not start_key:
        return items
    start = _start_value(table, hash_key, start_key, items[0].range_key.type)
    if start is None:
        return None
    start = value_of(start)
    if forward:
        return items[bisect_right(items, start, key=key):]
    return items[:bisect_left(items, start, key=key)]


def _start_value(table: Any, hash_key: Any, start_key: dict[str, Any], key_type: str) -> Any:
    """The start key's sort key, when it is in this partition and of its type; None for moto to judge
    (moto skips by comparing the partition key first: another partition's key skips all or nothing)."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    try:
        start_hash, start = DynamoType(start_key[table.hash_key_attr]), DynamoType(start_key[table.range_key_attr])
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    if start_hash.type != hash_key.type or start_hash.value != hash_key.value or start.type != key_type:
        return None
    return start


def _in_shape_order(value: dict[str, Any], shape: Any) -> dict[str, Any]:
    """The structure's members in the order of its shape, as moto's serializer writes them (the body's
    bytes, and so its CRC32 header, come out the same). Lists and maps keep their order: no walk into them."""
    ordered = {}
    for name, member in shape.members.items():
        if name in value:
            inner = value[name]
            ordered[name] = _in_shape_order(inner, member) if member.type_name == "structure" else inner
    return ordered


def _json_result_class() -> Any:
    from moto.core.responses import ActionResult

    class JsonResult(ActionResult):
        """`json.dumps` instead of moto's shape walk, for an answer made of JSON types only."""

        def execute_result(self, context: Any) -> Any:
            try:
                body = json.dumps(_in_shape_order(self.result, context.operation_model.output_shape))
            except TypeError:  # bytes of a binary attribute: moto's serializer base64-encodes them
                return super().execute_result(context)
            version = context.service_model.metadata.get("jsonVersion", "1.0")
            return 200, {"Content-Type": f"application/x-amz-json-{version}"}, body

    return JsonResult


def install() -> None:
    """Patch moto's Table.query and DynamoHandler.query (idempotent)."""
    global _original, _original_handler
    if _original is not None:
        return
    from moto.dynamodb.models.table import Table
    from moto.dynamodb.responses import DynamoHandler

    json_result = _json_result_class()
    original_handler = DynamoHandler.query

    def handler_query(self: Any) -> Any:
        return json_result(original_handler(self).result)

    original = Table.query

    def query(self: Any, hash_key: Any, range_comparison: Any, range_objs: Any, limit: Any,
              exclusive_start_key: Any, scan_index_forward: bool, projection_expressions: Any,
              index_name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        def moto(items: list[Any] | None) -> Any:
            if items is not None:
                self.all_items = lambda: items  # moto reads the table through this one call
            try:
                return original(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                                scan_index_forward, projection_expressions, index_name, *args, **kwargs)
            finally:
                if items is not None:
                    del self.all_items

        forward = scan_index_forward is not False
        candidates = None
        if index_name is None and hash_key is not None and self.range_key_attr:
            candidates = _candidates(self, hash_key, exclusive_start_key, forward)
        if candidates is None:
            return moto(None)
        # moto stops at the first item past the limit (or the 1 MB mark) and answers a LastEvaluatedKey:
        # a window that makes it stop gives the answer the whole partition gives. Without a stop, the
        # window may have been too short: try a longer one, up to the whole rest of the partition.
        window = (limit + 1) if limit else len(candidates)
        while True:
            part = candidates[:window] if forward else candidates[max(0, len(candidates) - window):]
            answer = moto(part)
            if answer[2] is not None or len(part) == len(candidates):
                return answer
            window *= 8

    Table.query = query
    DynamoHandler.query = handler_query
    _original, _original_handler = original, original_handler


def uninstall() -> None:
    """Give moto its own Query back (the equivalence test compares both)."""
    global _original, _original_handler
    if _original is None:
        return
    from moto.dynamodb.models.table import Table
    from moto.dynamodb.responses import DynamoHandler

    Table.query = _original
    DynamoHandler.query = _original_handler
    _original, _original_handler = None, None
