"""The scheduled jobs. Each is also runnable by name (locally: POST /dev/jobs/<name>)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..delivery import deliver


def _now() -> datetime:
    return datetime.now(UTC)


def run_outbox() -> dict[str, Any]:
    """Send every due e-mail that the fast path did not (SES down, process killed, queue lost)."""
    from ...emails.delivery import sweep

    return sweep()


def run_reminders() -> dict[str, Any]:
    """Queue each due reminder once per confirmed participant, then send."""
    from ...notifications import reminders

    report = reminders.run(_now())
    deliver(report.messages)
    return report.summary()


def run_reconfirm() -> dict[str, Any]:
    """"Still coming?": ask, and at the deadline release the seats of those who did not answer."""
    from ...notifications import reconfirm

    result = reconfirm.run(_now())
    deliver(result.pop("messages"))
    return result


def run_after_event() -> dict[str, Any]:
    """After an event: what goes to its attendees — their certificates of attendance, then the
    satisfaction survey and its one reminder."""
    now = _now()
    return {"certificates": issue_certificates(now), "survey": send_surveys(now)}


def issue_certificates(now: datetime) -> dict[str, int]:
    """Issue and e-mail each certificate once, to those whose attendance reaches the event's threshold."""
    from ...certificates import issuing

    issued = issuing.run(now)
    deliver(issued.messages)
    return {"events": issued.events, "certificates": issued.certificates}


def send_surveys(now: datetime) -> dict[str, int]:
    """Queue each attendee's survey once, and the reminder to those who have not answered; then send."""
    from ...surveys import invitations

    report = invitations.run(now)
    deliver(report.messages)
    return report.summary()


def run_retention() -> dict[str, Any]:
    """Erase the personal data of events whose retention has run out, keeping anonymous counts."""
    from ...privacy import retention

    return retention.run(_now())


JOBS: dict[str, Callable[[], dict[str, Any]]] = {
    "outbox": run_outbox,
    "reminders": run_reminders,
    "reconfirm": run_reconfirm,
    "retention": run_retention,
    "after-event": run_after_event,
}


def run_migrate() -> dict[str, Any]:
    """Once after an upgrade: every project that events name exists in the directory, and every
    event's seat counters are in their own item (an event read before this runs has them moved
    on that read)."""
    from ...institutions import migration
    from ...store import events as event_store

    moved = event_store.move_all_counters()  # first: the project step reads events, and reading moves them too
    return {**migration.run(_now()), "seat_counters_moved": moved}


JOBS["migrate"] = run_migrate
