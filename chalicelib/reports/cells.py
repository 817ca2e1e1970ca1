"""Small-cell suppression for publication: a count from 1 to 4 is shown as "<5".

A group of one to four people could point at someone (the only Ukrainian-speaking participant of
a small project), so in what is made for publication such counts never appear as numbers and no
rate is computed from them. Zero stays zero. Organizers themselves see exact counts: they report
each event to their funder, and a small project could not report at all otherwise.
"""
from __future__ import annotations

THRESHOLD = 5
SUPPRESSED = "<5"


def suppressed(count: int) -> bool:
    return 0 < count < THRESHOLD


def shown(count: int) -> int | str:
    """The count as it may be shown: the number, or "<5"."""
    return SUPPRESSED if suppressed(count) else int(count)


def rate(part: int, whole: int) -> float | None:
    """part / whole, unless either is suppressed or there is nothing to divide by."""
    if whole <= 0 or suppressed(part) or suppressed(whole):
        return None
    return part / whole


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"
