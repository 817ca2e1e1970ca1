"""Survey results for an event's or a project's organizers (the same access as their other pages)."""
from __future__ import annotations

from typing import Any

from ...auth import Organizer


def event_results(organizer: Organizer, event_id: str) -> tuple[Any, Any]:
    """The event and its survey's results; not found for another project's event."""
    from ...events import service
    from ...surveys.results import event_results as results

    event = service.organizer_event(organizer, event_id)
    return event, results(event)


def project_results(organizer: Organizer, project: str, period: Any) -> Any:
    """The surveys of a project's events in a period (as funder reports choose them) added up;
    Forbidden for another organizer's project."""
    from ...reports.service import check_project, events_in
    from ...surveys.results import project_results as results

    return results(events_in(check_project(organizer, project), period))
