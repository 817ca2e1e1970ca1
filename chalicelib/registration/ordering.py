"""Lists of an event's registrations in the reader's alphabet, across every page.

The table's key keeps registrations in sign-up order, and a page of it sorted by name would be in
order only within itself: "Łukasz" on page one after "Zofia" on page two. So a list by name reads
every registration it holds (an event has a few thousand at most), sorts them with the reader's
collation and shows a slice. Its cursor names the last registration shown and its place, so the
next page begins right after that person even if someone signed up in between; it is bound to the
event and the order, and any other is refused (400).
"""
from __future__ import annotations

from collections.abc import Iterable

from ..records import Found, Registration
from ..store.pages import decode_place, encode_place
from ..vocabulary.collation import sort_for

NAME, SIGNED_UP = "name", "signed_up"
ORDERS = (NAME, SIGNED_UP)
SORTED_AT_MOST = 10000  # registrations read to sort one list; a larger one stays in sign-up order


def by_name(registrations: Iterable[Registration], language: str) -> list[Registration]:
    """In the alphabetical order of `language`; people of the same name in sign-up order."""
    return sort_for(language, registrations, key=lambda r: r.name or "")


def page(ordered: list[Registration], event_id: str, cursor: str | None, limit: int,
         order: str = NAME) -> Found:
    """The page of `ordered` that `cursor` points at (the first without one), and the next page's cursor."""
    offset, after = decode_place(cursor, event_id, order)
    if after:
        ids = [r.registration_id for r in ordered]
        offset = ids.index(after) + 1 if after in ids else min(offset, len(ordered))
    shown = ordered[offset:offset + limit]
    more = bool(shown) and offset + limit < len(ordered)
    return Found(shown, encode_place(event_id, order, offset + limit, shown[-1].registration_id) if more else None)
