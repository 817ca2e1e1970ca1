"""The organizer's list of events, with the counts that say where work waits, and the project
switcher: all their projects at once, or one."""
from __future__ import annotations

from chalice import Response

from ...events.views import organizer_view
from ...records import Page
from ...vocabulary.labels import event_status_label
from ...vocabulary.statuses import Status
from .. import views
from .layout import Viewer, render


def event_list_page(viewer: Viewer, page: Page, *, project: str = "") -> Response:
    """`project`: the one project shown ("" for all of the organizer's)."""
    from ...application.admin.directory import project_choices

    language = viewer.language
    projects = views.project_options(project_choices(viewer.organizer), language)
    if project and project not in dict(projects):  # an admin's choice beyond the known projects
        projects.append((project, project))
    rows = []
    for event in page.items:
        view = organizer_view(event)
        rows.append({"id": event.event_id, "title": views.pick(view["title"], language), "project": event.project,
                     "status": event.status,
                     "status_label": event_status_label(event.status, language),
                     "when": views.when(view["starts_at"], view["ends_at"], view["timezone"], language),
                     Status.CONFIRMED.value: view[Status.CONFIRMED], "capacity": view["capacity"],
                     "waitlisted": view[Status.WAITLISTED],
                     "pending": view["pending"], "checked_in": view["checked_in"]})
    switcher = len(projects) > (0 if viewer.organizer.is_admin else 1)  # an admin's default is every project
    return render(viewer, "organizer/events.html", path="/organizer/events", events=rows, next=page.next,
                  project=project, projects=projects, switcher=switcher, keep={"project": project})
