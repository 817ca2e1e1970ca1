"""Finding registrations of one event: by status, session, check-in, and a name or address typed in.

The search is a substring match on `search_text`, which each registration carries from the moment
its name and address are written until they are erased: the name folded (case, diacritics and
letters like ł ignored), the name in Latin letters (Ukrainian in the passport transliteration), and
the address. A query is folded the same way, so "lukasz" finds "Łukasz", "ОЛЕНА" and "olena" find
"Олена", and "kowal" finds "Kowalska". The filters run in DynamoDB (a Query of the event's
partition with a FilterExpression), never in a Scan.

The list comes by sign-up time (the table's order, a page at a time) or by name in the reader's
alphabet (every registration that passes the filters read and sorted: see ordering.py).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..errors import InvalidInput, Text
from ..records import Event, Found
from ..store import search as store
from ..vocabulary.names import search_words
from ..vocabulary.statuses import ALL as STATUSES
from . import ordering
from .ordering import NAME, ORDERS, SIGNED_UP

MAX_QUERY = 100
MAX_WORDS = 5
PAGE = 50


@dataclass(frozen=True)
class Filters:
    """What an organizer narrowed the list to; empty values mean "any"."""

    status: str = ""
    session: str = ""
    checked_in: str = ""  # "yes", "no" or ""
    q: str = ""
    order: str = SIGNED_UP  # or NAME

    def as_query(self) -> dict[str, str]:
        return {"status": self.status, "session": self.session, "checked_in": self.checked_in, "q": self.q,
                "order": self.order}


def read_filters(event: Event, query: dict[str, Any], default_order: str = SIGNED_UP) -> Filters:
    """The filters from a page's or the API's query string; a value that names nothing is refused."""
    def value(name: str) -> str:
        raw = query.get(name)
        return raw.strip() if isinstance(raw, str) else ""

    filters = Filters(value("status"), value("session"), value("checked_in"), value("q"),
                      value("order") or default_order)
    problems: dict[str, Text] = {}
    if filters.status and filters.status not in STATUSES:
        problems["status"] = Text("Choose one of: %(choices)s.", {"choices": ", ".join(STATUSES)})
    if filters.session and filters.session not in {s["id"] for s in event.sessions}:
        problems["session"] = Text("Choose from the sessions of this event.")
    if filters.checked_in not in ("", "yes", "no"):
        problems["checked_in"] = Text("Choose one of: %(choices)s.", {"choices": "yes, no"})
    if filters.order not in ORDERS:
        problems["order"] = Text("Choose one of: %(choices)s.", {"choices": ", ".join(ORDERS)})
    if len(filters.q) > MAX_QUERY:
        problems["q"] = Text("Use at most %(max)s characters.", {"max": MAX_QUERY})
    if problems:
        raise InvalidInput(fields=problems)
    return filters


def find(event: Event, filters: Filters, cursor: str | None, limit: int | None = None,
         language: str = "en") -> Found:
    """One page of the event's registrations that pass `filters`, in their order (by name: in the
    alphabet of `language`); `next` continues the list."""
    checked_in = {"yes": True, "no": False}.get(filters.checked_in)
    search = {"statuses": (filters.status,) if filters.status else (), "session": filters.session or None,
              "checked_in": checked_in, "words": search_words(filters.q, MAX_WORDS)}
    if filters.order == NAME:
        every = store.find_registrations(event.event_id, **search, cursor=None, limit=ordering.SORTED_AT_MOST,
                                         budget=ordering.SORTED_AT_MOST)
        if every.next is None:  # all of them read: sorted, then one page of them
            return ordering.page(ordering.by_name(every.items, language), event.event_id, cursor, limit or PAGE)
    found = store.find_registrations(event.event_id, **search, cursor=cursor, limit=limit or PAGE)
    return found if filters.order == SIGNED_UP else replace(found, unsorted=True)
