"""Registration and event statuses, and which moves between them the seat rules allow."""
from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a registration stands. Stored and sent as its value (`"confirmed"` …).

    The three pending ones hold no seat and no waiting-list place (they are counted as `pending` on
    the event). `pending_choice`: the address is confirmed (double opt-in), but a session the person
    chose filled up before that and they had not asked to wait for it, so they are not queued behind
    their back. It ends when they choose on their manage page (a free session: the seat at once; the
    full one with "put me on its waiting list": its queue), confirm again once a seat is free (an
    organizer may move them to a free session first), or cancel.
    """

    PENDING_EMAIL = "pending_email"  # double opt-in: no seat until the address is confirmed
    PENDING_APPROVAL = "pending_approval"  # no seat until an organizer approves
    PENDING_CHOICE = "pending_choice"  # address confirmed; a chosen session filled meanwhile: they choose again
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    REJECTED = "rejected"


PENDING = (Status.PENDING_EMAIL, Status.PENDING_APPROVAL, Status.PENDING_CHOICE)
ACTIVE = (*PENDING, Status.CONFIRMED, Status.WAITLISTED)
CLOSED = (Status.CANCELLED, Status.REJECTED)
ALL = tuple(Status)
HOLDS_SEAT_OR_PLACE = (Status.CONFIRMED, Status.WAITLISTED)  # what leaving frees on the event's counters

# Every move the seat rules make; anything else is a state conflict (409).
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.PENDING_EMAIL: frozenset({Status.PENDING_APPROVAL, Status.PENDING_CHOICE, Status.CONFIRMED,
                                     Status.WAITLISTED, Status.CANCELLED, Status.REJECTED}),
    Status.PENDING_CHOICE: frozenset({Status.PENDING_APPROVAL, Status.CONFIRMED, Status.WAITLISTED,
                                      Status.CANCELLED, Status.REJECTED}),
    Status.PENDING_APPROVAL: frozenset({Status.CONFIRMED, Status.WAITLISTED, Status.CANCELLED, Status.REJECTED}),
    Status.CONFIRMED: frozenset({Status.CANCELLED, Status.REJECTED}),
    Status.WAITLISTED: frozenset({Status.CONFIRMED, Status.CANCELLED, Status.REJECTED}),
    Status.CANCELLED: frozenset(),
    Status.REJECTED: frozenset(),
}


def can_move(current: str, to: str) -> bool:
    """Whether a registration in `current` may move to `to`."""
    return current in TRANSITIONS and Status(to) in TRANSITIONS[Status(current)]


def parse_status(value: str) -> Status | None:
    """The status a stored or typed value names, or None."""
    try:
        return Status(value)
    except ValueError:
        return None


class EventStatus(StrEnum):
    DRAFT = "draft"  # seen only by its organizers
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class RegistrationWindow(StrEnum):
    """Whether an event takes sign-ups now (`registration` in the public view)."""

    OPEN = "open"
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    DRAFT = "draft"
