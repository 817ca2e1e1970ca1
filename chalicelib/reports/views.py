"""The report as JSON for the organizer API: the exact figures the page and files show, and the events."""
from __future__ import annotations

from typing import Any

from .service import Figures, Report


def figures_view(figures: Figures) -> dict[str, int]:
    return {"registrations": figures.registrations, "participations": figures.confirmed,
            "attended": figures.attended, "unique_participants": figures.unique,
            "unique_attended": figures.unique_attended}


def report_view(report: Report) -> dict[str, Any]:
    """{project, from, to, events, events_held, …, breakdowns: {dimension: [{key, …figures}]}, event_list}."""
    return {
        "project": report.project, "from": report.period.start.isoformat(), "to": report.period.end.isoformat(),
        "events": len(report.events), "events_held": report.events_held, "events_upcoming": report.events_upcoming,
        "events_erased": report.events_erased, **figures_view(report.totals),
        "breakdowns": {dimension: [{"key": key, **figures_view(figures)} for key, figures in sorted(groups.items())]
                       for dimension, groups in report.groups.items() if groups},
        "event_list": [{"id": line.event.event_id, "title": dict(line.event.title), "kind": line.event.kind,
                        "starts_at": line.event.starts_at.isoformat(), "ends_at": line.event.ends_at.isoformat(),
                        "timezone": line.event.timezone, "venue": line.event.venue,
                        "capacity": line.event.capacity, "held": line.past, "erased": line.erased,
                        **figures_view(line.figures)} for line in report.events],
    }
