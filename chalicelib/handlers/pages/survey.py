"""The satisfaction survey, from the link in the survey e-mail: the questions (GET) and the
answers (POST, with the link's CSRF token). Answered already: 409; wrong answers: 400, the form
again with what was sent."""
from __future__ import annotations

from chalice import Blueprint, Response

from ...errors import InvalidInput, Text
from .door import FORM, language, page_route

survey_pages = Blueprint(__name__)
EXPIRED = Text("This form has expired. Please open the link from your e-mail again.")


@page_route(survey_pages, "/survey/{token}", methods=["GET"])
def survey_form(token: str) -> Response:
    from ...application.participant import survey
    from ...web.survey import survey_page

    return survey_page(survey.open_survey(token), token, language(survey_pages))


@page_route(survey_pages, "/survey/{token}", methods=["POST"], content_types=FORM)
def survey_answers(token: str) -> Response:
    from ...application.participant import survey
    from ...web import forms, views
    from ...web.csrf import valid
    from ...web.survey import survey_page, thanks_page

    form = forms.parse_form(survey_pages.current_request.raw_body)
    reader = language(survey_pages, form)
    invited = survey.open_survey(token)  # unknown: 404, answered: 409, whatever the form says
    if not valid(token, forms.first(form, "csrf")):
        raise InvalidInput(EXPIRED)
    try:
        survey.answer(token, forms.answers_from(invited.questions, form))
    except InvalidInput as error:
        return survey_page(invited, token, reader, errors=views.field_errors(error, reader),
                           values=views.FormValues(form), status=400)
    return thanks_page(invited, token, reader)
