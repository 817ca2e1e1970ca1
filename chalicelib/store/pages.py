"""Opaque list cursors: DynamoDB's LastEvaluatedKey, encoded for a URL and checked on the way in."""
from __future__ import annotations

import base64
import json
import re
from typing import Any

from ..errors import InvalidInput, Text
from . import keys

_ALLOWED_KEYS = {"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"}
NOT_VALID = Text("This list position is not valid.")
_CURSOR = re.compile(r"[A-Za-z0-9_-]+")  # URL-safe base64 without padding, as openapi.yaml says


def encode_cursor(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    flat = {k: v["S"] for k, v in last_key.items()}
    return base64.urlsafe_b64encode(json.dumps(flat, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, sk_starts: str = "", **expected: str) -> dict[str, Any] | None:
    """The start key a client sent back; it must belong to the same query (`expected` keys, and a
    sort key that begins with `sk_starts`: another list's position is refused, not sent to the table)."""
    if not cursor:
        return None
    try:
        if not _CURSOR.fullmatch(cursor):  # the decoder would skip other characters, not refuse them
            raise ValueError(cursor)
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        flat = json.loads(raw)
        if (not isinstance(flat, dict) or not flat or set(flat) - _ALLOWED_KEYS
                or not all(isinstance(v, str) and 0 < len(v) < 300 for v in flat.values())
                or any(flat.get(k) != v for k, v in expected.items())
                or not str(flat.get("sk", sk_starts)).startswith(sk_starts)):
            raise ValueError(cursor)
    except (ValueError, TypeError, RecursionError):  # RecursionError: JSON nested thousands deep
        raise InvalidInput(fields={"cursor": NOT_VALID}) from None
    return {k: {"S": v} for k, v in flat.items()}


def encode_position(**key: str) -> str | None:
    """A cursor that is a position of our own (a list merged from several queries), not a query's key."""
    return encode_cursor({name: {"S": value} for name, value in key.items()})


def decode_position(cursor: str | None, sort_key: str, **partition: str) -> str:
    """The sort key a position cursor carries ("" for none); it names `partition` and nothing else."""
    start = decode_cursor(cursor, **partition)
    if start is None:
        return ""
    if set(start) != {*partition, sort_key}:
        raise InvalidInput(fields={"cursor": NOT_VALID})
    return str(start[sort_key]["S"])


def encode_place(event_id: str, order: str, offset: int, after: str) -> str:
    """The cursor of a list of an event's registrations that the service sorts itself (by name): the
    next page begins right after the registration `after`, or at `offset` if it has left the list."""
    return encode_position(pk=keys.event_pk(event_id), sk=f"{order}:{offset}:{after}") or ""


def decode_place(cursor: str | None, event_id: str, order: str) -> tuple[int, str]:
    """(offset, after) of a cursor `encode_place` made for this event and order; (0, "") for none.
    Any other cursor (another event's, another order's, a table key, a changed one) is refused."""
    place = decode_position(cursor, "sk", pk=keys.event_pk(event_id))
    if not place:
        return 0, ""
    kind, _, rest = place.partition(":")
    offset, _, after = rest.partition(":")
    if kind != order or not re.fullmatch(r"[0-9]{1,6}", offset) or not re.fullmatch(r"[a-z0-9]{1,64}", after):
        raise InvalidInput(fields={"cursor": NOT_VALID})
    return int(offset), after


def page_of(result_iterator: Any, limit: int) -> tuple[list[Any], str | None]:
    """Read at most `limit` items of a PynamoDB query and the cursor for the next page."""
    items = []
    for item in result_iterator:
        items.append(item)
        if len(items) >= limit:
            break
    last = result_iterator.last_evaluated_key if len(items) >= limit else None
    return items, encode_cursor(_as_wire(last))


def _as_wire(key: dict[str, Any] | None) -> dict[str, Any] | None:
    if not key:
        return None
    return {k: (v if isinstance(v, dict) else {"S": v}) for k, v in key.items()}
