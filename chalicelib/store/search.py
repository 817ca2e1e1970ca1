"""Finding an event's registrations by status, session, check-in and the words of a name or
address: a Query of the event's partition with a FilterExpression, read on until a page is full."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..records import Found
from . import keys
from .convert import registration_record
from .models import RegistrationItem
from .pages import decode_cursor, encode_cursor

LIST_BUDGET = 2000  # registrations a filtered list reads per request at most; its cursor continues
LIST_CHUNK = 250  # registrations read per Query call of a filtered list


def _list_condition(statuses: Sequence[str], session: str | None, checked_in: bool | None,
                    words: Sequence[Sequence[str]]) -> Any:
    parts: list[Any] = []
    if statuses:
        parts.append(RegistrationItem.status.is_in(*statuses))
    if session:
        parts.append(RegistrationItem.sessions.contains(session))
    if checked_in is True:
        parts.append(RegistrationItem.checked_in_at.exists())
    elif checked_in is False:
        parts.append(RegistrationItem.checked_in_at.does_not_exist())
    for alternatives in words:  # every word, in any of its spellings
        either = None
        for spelling in alternatives:
            found = RegistrationItem.search_text.contains(spelling)
            either = found if either is None else either | found
        if either is not None:
            parts.append(either)
    condition = None
    for part in parts:
        condition = part if condition is None else condition & part
    return condition


def find_registrations(event_id: str, *, statuses: Sequence[str] = (), session: str | None = None,
                       checked_in: bool | None = None, words: Sequence[Sequence[str]] = (),
                       cursor: str | None, limit: int, budget: int | None = None) -> Found:
    """A page of the event's registrations that pass the filters: a Query of the event's partition.

    DynamoDB applies a FilterExpression after reading, so one call may return few matches: we read
    on, LIST_CHUNK at a time, until one match more than the page holds is found (so a cursor never
    leads to an empty page), the partition ends, or `budget` registrations were read. A full page's
    cursor continues right after its last item, so nothing is skipped.
    """
    pk = keys.event_pk(event_id)
    budget = budget or LIST_BUDGET
    condition = _list_condition(statuses, session, checked_in, words)
    query = RegistrationItem.query(pk, RegistrationItem.sk.startswith("REG#"), filter_condition=condition,
                                   last_evaluated_key=decode_cursor(cursor, "REG#", pk=pk),
                                   page_size=limit + 1 if condition is None else LIST_CHUNK)
    pages = query.page_iter
    items: list[RegistrationItem] = []
    read = 0
    while read < budget and len(items) <= limit:
        pages.page_size = min(pages.page_size or LIST_CHUNK, budget - read)
        try:
            page = next(pages)
        except StopIteration:
            break
        read += int(page.get("ScannedCount", 0))
        items += [RegistrationItem.from_raw_data(raw) for raw in page.get("Items", [])]
        if pages.last_evaluated_key is None:
            break
    records = [registration_record(item) for item in items]
    if len(items) >= limit and (len(items) > limit or pages.last_evaluated_key is not None):
        last = items[limit - 1]
        return Found(records[:limit], encode_cursor({"pk": {"S": last.pk}, "sk": {"S": last.sk}}))
    if pages.last_evaluated_key is not None:  # the budget ran out first
        return Found(records, encode_cursor(pages.last_evaluated_key), exhausted=True)
    return Found(records, None)
