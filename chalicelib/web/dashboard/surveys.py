"""Survey results on the dashboard: one event's (linked from its page) and a project's for a period
(next to the funder reports). Figures appear only from the fifth answer (surveys/results.py)."""
from __future__ import annotations

from typing import Any

from chalice import Response

from ...errors import Text
from ...events.views import public_view
from ...fields import pick_language
from ...i18n import babel_locale
from ...surveys.results import MIN_ANSWERS, QuestionResult, Results
from ...vocabulary.collation import sort_for
from ...vocabulary.kinds import RATING
from .. import views
from .layout import Viewer, render

PROJECT_PATH = "/organizer/reports/surveys"
YES = Text("yes")


def _bars(counts: list[tuple[str, int]], answered: int) -> list[dict[str, Any]]:
    """Rows of a small bar chart: label, people, and the bar's share of the widest (0 to 100)."""
    widest = max((n for _, n in counts), default=0)
    return [{"label": label, "count": n, "width": round(100 * n / widest) if widest else 0,
             "percent": round(100 * n / answered) if answered else 0} for label, n in counts]


def _average(value: float | None, language: str) -> str:
    """"4,2" or "4.2", as the reader writes decimals."""
    from babel.numbers import format_decimal

    return "–" if value is None else format_decimal(value, format="0.0", locale=babel_locale(language))


def _question(result: QuestionResult, language: str) -> dict[str, Any]:
    question = result.question
    shown: dict[str, Any] = {"id": question["id"], "type": question["type"], "answered": result.answered,
                             "label": pick_language(question["label"], language), "bars": [], "texts": []}
    if question["type"] == RATING:
        shown["average"] = _average(result.average, language)
        shown["bars"] = _bars([(str(score), n) for score, n in sorted(result.distribution.items())],
                              result.answered)
    elif question["type"] in ("text", "textarea"):
        shown["texts"] = sort_for(language, result.texts)
    else:
        labels = {o["id"]: pick_language(o["label"], language) for o in question.get("options", [])}
        labels["yes"] = views.say(language, YES)
        order = [o["id"] for o in question.get("options", [])] or ["yes"]
        shown["bars"] = _bars([(labels.get(option, option), result.options.get(option, 0)) for option in order],
                              result.answered)
    return shown


def results_view(results: Results, language: str) -> dict[str, Any]:
    """What the results partial shows: the counts, and the figures once shown."""
    return {"invited": results.invited, "answered": results.answered, "minimum": MIN_ANSWERS,
            "questions": [_question(q, language) for q in results.questions]}


def event_survey_page(viewer: Viewer, event: Any, results: Results) -> Response:
    view = public_view(event, viewer.language)
    return render(viewer, "organizer/survey.html", path=f"/organizer/events/{event.event_id}/survey",
                  event=view, survey_on=bool(event.survey and event.survey.get("enabled")),
                  when=views.when(view["starts_at"], view["ends_at"], view["timezone"], viewer.language),
                  results=results_view(results, viewer.language))


def project_survey_page(viewer: Viewer, results: Results | None, form: dict[str, str], *,
                        errors: dict[str, str] | None = None) -> Response:
    from ...application.admin.directory import project_choices
    from .reports import ERROR_ANCHORS, FIELD_LABELS

    language = viewer.language
    events = [{"id": event.event_id, "title": pick_language(event.title, language), "answered": answered,
               "invited": event.survey_invited,
               "when": views.short_datetime(event.starts_at, event.timezone, language)}
              for event, answered in (results.events if results else [])]
    return render(viewer, "organizer/survey_project.html", path=PROJECT_PATH, status=400 if errors else 200,
                  errors=errors or {}, anchors=ERROR_ANCHORS,
                  labels={k: views.say(language, v) for k, v in FIELD_LABELS.items()},
                  projects=views.project_options(project_choices(viewer.organizer), language),
                  free_project=viewer.organizer.is_admin, form=form, keep=form, events=events,
                  results=results_view(results, language) if results else None)
