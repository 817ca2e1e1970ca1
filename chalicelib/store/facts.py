"""The funder's facts of an erased event's registrations, in the event's own partition.

| item | pk         | sk                  |
|------|------------|---------------------|
| fact | EVENT#<id> | FACT#<registration> |

Written (a BatchWrite, idempotent: one item per registration) before retention erases the
registrations, read back by the funder report instead of them. A fact carries a project-scoped
keyed hash and group keys (status, attended, language, audiences, country) — no name, no address,
no answer text — and a TTL: DynamoDB removes it when the project's duty to keep records ends.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from pynamodb.attributes import BooleanAttribute, ListAttribute, TTLAttribute, UnicodeAttribute

from ..records import Fact
from . import keys
from .models import _Base

PREFIX = "FACT#"


class FactItem(_Base):
    person = UnicodeAttribute()
    status = UnicodeAttribute()
    attended = BooleanAttribute(default=False)
    language = UnicodeAttribute(default="")
    audiences = ListAttribute(of=UnicodeAttribute, default=list)
    country = UnicodeAttribute(default="")
    expires_at = TTLAttribute(null=True)


def keep_facts(event_id: str, facts: Iterable[Fact], expires_at: datetime) -> int:
    """Store the event's facts (again, if a run was cut off: the same items); how many."""
    count = 0
    with FactItem.batch_write() as batch:
        for fact in facts:
            batch.save(FactItem(keys.event_pk(event_id), PREFIX + (fact.ref or fact.person), person=fact.person,
                                status=fact.status,
                                attended=fact.attended, language=fact.language, audiences=list(fact.audiences),
                                country=fact.country, expires_at=expires_at))
            count += 1
    return count


def facts_of(event_id: str) -> Iterator[Fact]:
    """The erased event's facts, page by page."""
    for item in FactItem.query(keys.event_pk(event_id), FactItem.sk.startswith(PREFIX), page_size=500):
        yield Fact(item.person, item.status, bool(item.attended), item.language or "",
                   tuple(item.audiences or ()), item.country or "", item.sk[len(PREFIX):])
