"""Small-cell suppression: a count from 1 to 4 is shown as "<5", everywhere the report goes.

A group of one to four people could point at someone (the only Ukrainian-speaking participant of
a small project), so such counts never leave the report as numbers: not on the page, not in the
downloads, not as the length of a bar, and no rate is computed from them. Zero stays zero.
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
