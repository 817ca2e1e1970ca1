"""Scheduled jobs. Each is also runnable by name (locally: POST /dev/jobs/<name>)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Blueprint, Rate

jobs = Blueprint(__name__)


def run_outbox() -> dict[str, Any]:
    """Send every due e-mail that the fast path did not (SES down, process killed, queue lost)."""
    from ..emails.delivery import sweep

    return sweep()


JOBS: dict[str, Callable[[], dict[str, Any]]] = {
    "outbox": run_outbox,
}


@jobs.schedule(Rate(1, unit=Rate.MINUTES), name="outbox-sweep")
def outbox_sweep(event: Any) -> dict[str, Any]:
    return run_outbox()
