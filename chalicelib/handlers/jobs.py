"""Scheduled jobs. Each is also runnable by name (locally: POST /dev/jobs/<name>)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint, Rate

jobs = Blueprint(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


def run_outbox() -> dict[str, Any]:
    """Send every due e-mail that the fast path did not (SES down, process killed, queue lost)."""
    from ..emails.delivery import sweep

    return sweep()


def run_reminders() -> dict[str, Any]:
    from ..emails.delivery import after_commit
    from ..notifications import reminders

    report = reminders.run(_now())
    after_commit(report.messages)
    return report.summary()


def run_reconfirm() -> dict[str, Any]:
    from ..emails.delivery import after_commit
    from ..notifications import reconfirm

    result = reconfirm.run(_now())
    after_commit(result.pop("messages"))
    return result


def run_retention() -> dict[str, Any]:
    from ..privacy import retention

    return retention.run(_now())


JOBS: dict[str, Callable[[], dict[str, Any]]] = {
    "outbox": run_outbox,
    "reminders": run_reminders,
    "reconfirm": run_reconfirm,
    "retention": run_retention,
}


@jobs.schedule(Rate(1, unit=Rate.MINUTES), name="outbox-sweep")
def outbox_sweep(event: Any) -> dict[str, Any]:
    return run_outbox()


@jobs.schedule(Rate(15, unit=Rate.MINUTES), name="reminders")
def reminders_job(event: Any) -> dict[str, Any]:
    return run_reminders()


@jobs.schedule(Rate(15, unit=Rate.MINUTES), name="reconfirm")
def reconfirm_job(event: Any) -> dict[str, Any]:
    return run_reconfirm()


@jobs.schedule(Rate(1, unit=Rate.DAYS), name="retention")
def retention_job(event: Any) -> dict[str, Any]:
    return run_retention()
