"""The participant's survey page: the questions in their language, and the thanks after answering."""
from __future__ import annotations

from typing import Any

from chalice import Response

from ..errors import Text
from ..events.views import localized_question, public_view
from ..vocabulary.kinds import RATING, RATING_SCALE
from . import pages, views
from .csrf import csrf_token

RATING_HINT = Text("1 means very poor, 5 means excellent.")


def _question(question: dict[str, Any], language: str) -> dict[str, Any]:
    """A question as the form's macro draws it; a rating is a row of five radio buttons."""
    shown = localized_question(question, language)
    if question["type"] == RATING:
        shown["options"] = [{"id": str(score), "label": str(score)} for score in RATING_SCALE]
        shown["help"] = shown["help"] or views.say(language, RATING_HINT)
    return shown


def survey_page(invited: Any, token: str, language: str, *, errors: dict[str, str] | None = None,
                values: views.FormValues | None = None, status: int = 200) -> Response:
    """The survey's form; with `errors`, shown again with what was sent and the error summary on top."""
    event = invited.event
    view = public_view(event, language)
    questions = [_question(q, language) for q in invited.questions]
    return pages.render(
        "survey.html", language, path=f"/survey/{token}", status=status, event=view, funded_by=(event.project,),
        token=token, csrf=csrf_token(token), questions=questions, errors=errors or {},
        values=values or views.FormValues(), anchors=views.anchors(invited.questions),
        labels=views.QuestionLabels(questions, language), countries=(),
        when=views.when(view["starts_at"], view["ends_at"], view["timezone"], language))


def thanks_page(invited: Any, token: str, language: str) -> Response:
    """After the answers are saved."""
    from .public import problem_page

    return problem_page(language, 200, Text("Thank you for your answers"), Text(
        "Your answers are saved without your name or e-mail address. They help us plan the next events."),
        f"/survey/{token}")
