"""The event editor's page (new and edit) and the series page: what they show, in the reader's words."""
from __future__ import annotations

from functools import cache
from typing import Any

from chalice import Response

from ...errors import Text
from ...i18n import N_, format_datetime_range
from ...records import Event, Project
from ...vocabulary.collation import sort_for
from ...vocabulary.kinds import KINDS, QUESTION_TYPES, RATING, SURVEY_QUESTION_TYPES
from ...vocabulary.labels import kind_label
from .. import event_form_errors, views
from ..event_form import EditorForm
from ..event_form_after import show_ready_survey
from .layout import Viewer, render

TYPE_LABELS = {"text": N_("Short text"), "textarea": N_("Long text"), "choice": N_("One choice from a list"),
               "multichoice": N_("Several choices from a list"), "checkbox": N_("A box to tick (yes or no)"),
               "email": N_("E-mail address"), "phone": N_("Phone number"), "country": N_("Country"),
               "date": N_("Date"), RATING: N_("Rating from 1 to 5")}
EVERY_LABELS = {"week": N_("every week"), "2weeks": N_("every 2 weeks"),
                "month": N_("every month, on the same weekday of the same week")}
SERIES_LABELS = {"count": N_("How many dates in all, this one included"), "every": N_("How often"),
                 "publish": N_("Publish the copies at once")}


@cache
def timezones() -> tuple[str, ...]:
    from zoneinfo import available_timezones

    return ("UTC", *sorted(z for z in available_timezones() if z.startswith("Europe/")))


def project_choices(viewer: Viewer, editor: EditorForm, records: list[Project] | None,
                    event: Event | None) -> tuple[bool, list[tuple[str, str]]]:
    """Whether the project is typed (an administrator, before any project is a record), and the
    choices: the directory's projects the organizer works in, by name, with the projects of their
    login not set up yet and the event's own project (never changed by merely saving it)."""
    own = [p for p in viewer.organizer.projects if p != "*"]
    if records is None:
        return viewer.organizer.is_admin, [(p, p) for p in own]
    choices = {p.project_id: views.project_label(p.project_id, p, viewer.language) for p in records}
    for pid in own + ([editor.get("project")] if event else []):
        if pid and pid not in choices:
            choices[pid] = pid
    ordered = sort_for(viewer.language, choices.items(), key=lambda choice: choice[1])
    if event is None and ordered and editor.get("project") not in choices:  # a new event: the first choice
        editor.fields["project"] = ordered[0][0]
    return False, ordered


def editor_page(viewer: Viewer, editor: EditorForm, *, event: Event | None = None,
                errors: dict[str, Text] | None = None, status: int = 200,
                projects: list[Project] | None = None) -> Response:
    """`projects`: the directory's projects the organizer works in, None before any project is a record."""
    language, errors = viewer.language, errors or {}
    free_project, choices = project_choices(viewer, editor, projects, event)
    show_ready_survey(editor)
    path = f"/organizer/events/{event.event_id}/edit" if event else "/organizer/events/new"
    return render(
        viewer, "organizer/edit.html", path=path, status=status, form=editor,
        item=event and {"id": event.event_id, "status": event.status, "codes": len(event.invite_code_hashes),
                        "title": views.pick(event.title, language)},
        errors={key: views.say(language, message) for key, message in errors.items()},
        summary=event_form_errors.summary(errors, editor.languages, language),
        kinds=[(k, kind_label(k, language)) for k in KINDS],
        types=[(t, views.say(language, Text(TYPE_LABELS[t]))) for t in QUESTION_TYPES],
        survey_types=[(t, views.say(language, Text(TYPE_LABELS[t]))) for t in SURVEY_QUESTION_TYPES],
        free_project=free_project, projects=[code for code, _ in choices], timezones=timezones(),
        project_choices=choices)


def confirm_cancel_page(viewer: Viewer, event: Event) -> Response:
    """Cancelling e-mails everyone registered, so it is asked once more, with the numbers."""
    from ...events.views import organizer_view

    language = viewer.language
    view = organizer_view(event)
    return render(viewer, "organizer/confirm_cancel.html", path=f"/organizer/events/{event.event_id}/cancel",
                  event={**view, "title": views.pick(view["title"], language)},
                  when=views.when(view["starts_at"], view["ends_at"], view["timezone"], language))


def series_page(viewer: Viewer, event: Event, *, count: str, every: str, publish: bool,
                planned: list[tuple[Any, Any]] | None = None, errors: dict[str, Text] | None = None,
                created: int = 0, status: int = 200) -> Response:
    from ...events import series
    from ...events.views import organizer_view

    language, errors = viewer.language, errors or {}
    view = organizer_view(event)
    preview = [format_datetime_range(starts, ends, event.timezone, language) for starts, ends in planned or []]
    return render(
        viewer, "organizer/series.html", path=f"/organizer/events/{event.event_id}/series", status=status,
        event={**view, "title": views.pick(view["title"], language)},
        count=count, every=every, publish=publish, preview=preview, created=created,
        errors={key: views.say(language, message) for key, message in errors.items()},
        summary=[{"anchor": f"f-{key}", "label": views.say(language, Text(SERIES_LABELS.get(key, key))),
                  "message": views.say(language, message)} for key, message in errors.items()],
        rhythms=[(key, views.say(language, Text(label))) for key, label in EVERY_LABELS.items()],
        min_dates=series.MIN_DATES, max_dates=series.MAX_DATES)
