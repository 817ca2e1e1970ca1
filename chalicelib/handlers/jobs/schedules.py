"""The schedules: each calls one job of application/schedules/jobs.py."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate

from ...observability import observed

schedules = Blueprint(__name__)


def _run(name: str) -> dict[str, Any]:
    from ...application.schedules.jobs import JOBS

    return JOBS[name]()


@schedules.schedule(Rate(1, unit=Rate.MINUTES), name="outbox-sweep")
@observed
def outbox_sweep(event: Any) -> dict[str, Any]:
    return _run("outbox")


@schedules.schedule(Rate(15, unit=Rate.MINUTES), name="reminders")
@observed
def reminders_job(event: Any) -> dict[str, Any]:
    return _run("reminders")


@schedules.schedule(Rate(15, unit=Rate.MINUTES), name="reconfirm")
@observed
def reconfirm_job(event: Any) -> dict[str, Any]:
    return _run("reconfirm")


@schedules.schedule(Rate(1, unit=Rate.HOURS), name="after-event")
@observed
def after_event_job(event: Any) -> dict[str, Any]:
    """Hourly: what goes to attendees after an event (certificates, the satisfaction survey)."""
    return _run("after-event")


@schedules.schedule(Rate(1, unit=Rate.DAYS), name="retention")
@observed
def retention_job(event: Any) -> dict[str, Any]:
    """Daily: erase what has outlived its retention, and give events written before projects were
    records (an upgrade) their project, so a deployment needs no manual migration step."""
    return {**_run("retention"), "directory": _run("migrate")}
