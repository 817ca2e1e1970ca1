"""What a run must leave behind: each event's partition agrees with the seat rules, the outbox is
empty, and nobody received the same e-mail twice.

Read with a plain boto3 client (strongly consistent Queries), so the same checks serve the fault
tests against moto in-process, the load test against the local stack and the soak run.
"""
from __future__ import annotations

import email.parser
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

REGION = "eu-central-1"
ACTIVE = ("pending_email", "pending_approval", "confirmed", "waitlisted")
PENDING = ("pending_email", "pending_approval")


def _plain(value: Any) -> Any:
    """DynamoDB's Decimal numbers as ints, inside maps and lists too."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value)
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, (list, set)):
        return [_plain(inner) for inner in value]
    return value


def _query(dynamodb: Any, table: str, pk: str) -> Iterable[dict[str, Any]]:
    from boto3.dynamodb.types import TypeDeserializer

    read = TypeDeserializer().deserialize
    for page in dynamodb.get_paginator("query").paginate(
            TableName=table, KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": {"S": pk}},
            ConsistentRead=True):
        for raw in page["Items"]:
            yield {name: _plain(read(value)) for name, value in raw.items()}


@dataclass
class Audit:
    """What an event's partition holds, and every way it disagrees with the seat rules."""

    event_id: str
    statuses: dict[str, str] = field(default_factory=dict)  # registration id → status
    registrations: list[dict[str, Any]] = field(default_factory=list)  # as read, for a caller's own checks
    emails_recorded: int = 0  # e-mails the registrations record as sent
    overbooked: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return self.overbooked + self.mismatches

    def count(self) -> Counter:
        return Counter(self.statuses.values())


def _compare(audit: Audit, what: str, on_item: int, counted: int) -> None:
    if on_item != counted:
        audit.mismatches.append(f"{audit.event_id}: {what} is {on_item} on the event item, {counted} in the items")


def _check_counters(audit: Audit, meta: dict[str, Any], registrations: list[dict[str, Any]]) -> None:
    """The counter item (`meta`: the event's seat counters, its sk META#SEATS) against the registrations."""
    confirmed = [r for r in registrations if r["status"] == "confirmed"]
    waitlisted = [r for r in registrations if r["status"] == "waitlisted"]
    resources = {"event": (meta["capacity"], meta.get("taken", 0), meta.get("waiting", 0))}
    for sid, capacity in (meta.get("session_capacity") or {}).items():
        resources[f"session:{sid}"] = (capacity, (meta.get("session_taken") or {}).get(sid, 0),
                                       (meta.get("session_waiting") or {}).get(sid, 0))
    for resource, (capacity, taken, waiting) in resources.items():
        holders = len(confirmed) if resource == "event" else sum(
            resource.split(":", 1)[1] in (r.get("sessions") or []) for r in confirmed)
        if holders > capacity or taken > capacity:
            audit.overbooked.append(f"{audit.event_id}: {resource} has {holders} confirmed "
                                    f"({taken} counted) for {capacity} seats")
        _compare(audit, f"taken[{resource}]", taken, holders)
        _compare(audit, f"waiting[{resource}]", waiting,
                 sum(resource in (r.get("waiting_on") or []) for r in waitlisted))
    _compare(audit, "pending", meta.get("pending", 0),
             sum(r["status"] in PENDING and not r.get("erased_at") for r in registrations))


def _check_places_and_markers(audit: Audit, items: list[dict[str, Any]], registrations: list[dict[str, Any]]) -> None:
    by_id = {r["registration_id"]: r for r in registrations}
    places = Counter(i["registration_id"] for i in items if i["sk"].startswith("WAIT#"))
    waiting = {r["registration_id"] for r in registrations if r["status"] == "waitlisted"}
    if set(places) != waiting or any(n > 1 for n in places.values()):
        audit.mismatches.append(f"{audit.event_id}: queue places {dict(places)} for the waitlisted {sorted(waiting)}")
    markers = {i["sk"][len("EMAIL#"):]: i["registration_id"] for i in items if i["sk"].startswith("EMAIL#")}
    for email_hash, registration_id in markers.items():
        owner = by_id.get(registration_id)
        if owner is None or owner["status"] == "cancelled" or owner.get("email_hash") != email_hash:
            audit.mismatches.append(f"{audit.event_id}: e-mail marker of {registration_id} holds no live sign-up")
    for registration in registrations:
        if registration["status"] in (*ACTIVE, "rejected") and registration.get("email_hash") and \
                markers.get(registration["email_hash"]) != registration["registration_id"]:
            audit.mismatches.append(f"{audit.event_id}: {registration['registration_id']} has no e-mail marker")


def _check_links(audit: Audit, dynamodb: Any, table: str, registrations: list[dict[str, Any]]) -> None:
    wanted = {f"MANAGE#{r['manage_hash']}": r["registration_id"] for r in registrations
              if r.get("manage_hash") and not r.get("erased_at")}
    keys = list(wanted)
    found: dict[str, str] = {}
    for start in range(0, len(keys), 100):
        request = {table: {"Keys": [{"pk": {"S": k}, "sk": {"S": "LINK"}} for k in keys[start:start + 100]],
                           "ConsistentRead": True}}
        while request:
            answer = dynamodb.batch_get_item(RequestItems=request)
            found.update({i["pk"]["S"]: i["registration_id"]["S"] for i in answer["Responses"].get(table, [])})
            request = answer.get("UnprocessedKeys") or {}
    for key, registration_id in wanted.items():
        if found.get(key) != registration_id:
            audit.mismatches.append(f"{audit.event_id}: {registration_id} has no manage link")


def audit_event(dynamodb: Any, table: str, event_id: str) -> Audit:
    """Read the event's partition (strongly consistent) and check it against the seat rules."""
    audit = Audit(event_id)
    items = list(_query(dynamodb, table, f"EVENT#{event_id}"))
    metas = [i for i in items if i["sk"] == "META"]
    counters = [i for i in items if i["sk"] == "META#SEATS"]
    if not metas or not counters:
        audit.mismatches.append(f"{event_id}: no event item" if not metas else f"{event_id}: no seat counter item")
        return audit
    registrations = [i for i in items if i["sk"].startswith("REG#")]
    audit.registrations = registrations
    audit.statuses = {r["registration_id"]: r["status"] for r in registrations}
    audit.emails_recorded = sum(len(r.get("emails_sent") or {}) for r in registrations)
    _check_counters(audit, counters[0], registrations)
    _check_places_and_markers(audit, items, registrations)
    _check_links(audit, dynamodb, table, registrations)
    return audit


def outbox_left(dynamodb: Any, table: str, event_ids: Iterable[str], shards: int = 4) -> list[dict[str, Any]]:
    """Outbox messages of these events still waiting to be sent."""
    wanted = set(event_ids)
    return [m for shard in range(shards) for m in _query(dynamodb, table, f"OUTBOX#{shard}")
            if m.get("event_id") in wanted]


def mailbox(addresses: Callable[[str], bool] = lambda _: True) -> Counter:
    """(recipient, kind) of every e-mail moto's SES accepted in this process, headers only."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    parse = email.parser.BytesHeaderParser().parsebytes
    tally: Counter = Counter()
    for message in list(ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages):
        raw = message.raw_data
        headers = parse(raw.encode() if isinstance(raw, str) else raw)
        recipient = str(headers["To"] or "").lower()
        if addresses(recipient):
            tally[(recipient, str(headers["X-Zapisy-Kind"] or ""))] += 1
    return tally
