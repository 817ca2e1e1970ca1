"""The participant's own pages, from the link in every e-mail: the manage page (see, change,
cancel, delete my data), the double opt-in confirmation and "still coming?"; and, from organizer
messages, the link that stops them (List-Unsubscribe).

A GET only shows a question and a button: a mail scanner that opens links changes nothing. Every
post carries the link's CSRF token.
"""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ...errors import InvalidInput, SessionFull, Text
from .door import FORM, language, page_route

manage_pages = Blueprint(__name__)
EXPIRED = Text("This form has expired. Please open the link from your e-mail again.")
SAVED = Text("Your changes are saved.")
ADDRESS_CONFIRMED = Text("Your e-mail address is confirmed, but a session you chose filled up in the meantime. "
                         "Please choose again below.")


def _language(form: dict[str, list[str]] | None = None) -> str:
    return language(manage_pages, form)


def _posted(token: str) -> tuple[dict[str, list[str]], str]:
    """A form posted from a participant's link, once its CSRF token is checked, and its language."""
    from ...web import forms
    from ...web.csrf import valid

    form = forms.parse_form(manage_pages.current_request.raw_body)
    if not valid(token, forms.first(form, "csrf")):
        from ...application.participant import manage

        manage.own_registration(token)  # an unknown link is "not found", whatever the form says
        raise InvalidInput(EXPIRED)
    return form, _language(form)


@page_route(manage_pages, "/manage/{token}", methods=["GET"])
def manage(token: str) -> Response:
    from ...application.participant.indicators import questionnaire
    from ...web.public import manage_page

    asked = questionnaire(token)
    confirm = (manage_pages.current_request.query_params or {}).get("confirm", "")
    return manage_page(asked.own.event, asked.own.registration, token, _language(), ask_about_you=bool(asked.questions),
                       confirm=confirm)


@page_route(manage_pages, "/manage/{token}/certificate.pdf", methods=["GET"])
def own_certificate(token: str) -> Response:
    """The holder's certificate of attendance, to download."""
    from ...application.participant.certificates import own_certificate as pdf
    from ..http import pdf_response

    name, data = pdf(token)
    return pdf_response(name, data, manage_pages.current_request.headers.get("accept"))


@page_route(manage_pages, "/manage/{token}/about-you", methods=["GET"])
def about_you(token: str) -> Response:
    """The funder's voluntary questions, once per person and project."""
    from ...application.participant.indicators import questionnaire
    from ...web.public import about_you_page

    return about_you_page(questionnaire(token), token, _language())


@page_route(manage_pages, "/manage/{token}/about-you", methods=["POST"], content_types=FORM)
def about_you_answers(token: str) -> Response:
    """Keep the answers, then the registration's page with thanks; a refusal shows the questions again."""
    from ...application.participant import indicators
    from ...web import forms, views
    from ...web.public import about_you_page, manage_page

    form, reader = _posted(token)
    values = {name: forms.first(form, name) for name in form}
    answers = {**values, "special_consent": values.get("special_consent") in ("on", "yes", "true")}  # a tick box
    try:
        indicators.answer(token, answers)
    except InvalidInput as error:
        return about_you_page(indicators.questionnaire(token), token, reader, errors=views.field_errors(error, reader),
                              values=values, status=400)
    found = indicators.questionnaire(token).own
    return manage_page(found.event, found.registration, token, reader,
                       notice=views.say(reader, Text("Thank you! Your answers are saved.")))


@page_route(manage_pages, "/manage/{token}", methods=["POST"], content_types=FORM)
def manage_action(token: str) -> Response:
    """Cancel, delete my data, or save changed answers."""
    from ...application.participant import manage as own
    from ...vocabulary.labels import status_sentence
    from ...web import forms, views
    from ...web.public import manage_page, problem_page

    form, reader = _posted(token)
    action = forms.first(form, "action")
    if action in ("cancel", "erase") and forms.first(form, "sure") != "yes":  # asked first, on the same page
        found = own.own_registration(token)
        return manage_page(found.event, found.registration, token, reader, confirm=action)
    if action == "cancel":
        own.cancel(token)
        notice = views.say(reader, Text("Your registration is cancelled."))
    elif action == "erase":
        own.erase(token)
        return problem_page(reader, 200, Text("Your data has been deleted"), Text(
            "We have cancelled your registration and deleted your name, e-mail address and answers."))
    elif action == "update":
        found = own.own_registration(token)
        try:
            changed = own.change(token, forms.registration_data(found.event, form, reader))
        except (InvalidInput, SessionFull) as error:  # a full session is offered again with the others
            return manage_page(found.event, found.registration, token, reader, errors=views.field_errors(error, reader),
                               values=views.FormValues(form), status=error.status,
                               taken=tuple(getattr(error, "session_ids", ())))
        notice = views.say(reader, SAVED) if changed.registration.status == found.registration.status else \
            status_sentence(changed.registration.status, reader)  # a seat or a queue place: say which
    else:
        raise InvalidInput()
    found = own.own_registration(token)
    return manage_page(found.event, found.registration, token, reader, notice=notice)


def _question(token: str, **texts: Any) -> Response:
    """One question and one button, posted with the link's CSRF token."""
    from ...application.participant import manage as own
    from ...web.public import question_page

    own.own_registration(token)
    return question_page(_language(), manage_pages.current_request.path, token, **texts)


@page_route(manage_pages, "/confirm/{token}", methods=["GET"])
def confirm_email_page(token: str) -> Response:
    return _question(token, heading=Text("Confirm your registration"),
                     message=Text("Press the button to confirm your e-mail address and book your seat."),
                     button=Text("Confirm my registration"), action=f"/confirm/{token}")


@page_route(manage_pages, "/confirm/{token}", methods=["POST"], content_types=FORM)
def confirm_email(token: str) -> Response:
    from ...application.participant import manage as own
    from ...vocabulary.statuses import Status
    from ...web import views
    from ...web.public import manage_page, status_page

    _, reader = _posted(token)
    outcome = own.confirm_address(token)
    found = own.own_registration(token)
    if outcome.status == Status.PENDING_CHOICE:  # a chosen session filled meanwhile: choose again there
        return manage_page(found.event, found.registration, token, reader, taken=getattr(outcome, "full", ()),
                           notice=views.say(reader, ADDRESS_CONFIRMED))
    return status_page(found.event, reader, outcome.status)


@page_route(manage_pages, "/manage/{token}/still-coming", methods=["GET"])
def still_coming_page(token: str) -> Response:
    return _question(token, heading=Text("Are you still coming?"), message=Text("Press the button to keep your seat."),
                     button=Text("Yes, I am coming"), action=f"/manage/{token}/still-coming")


@page_route(manage_pages, "/manage/{token}/still-coming", methods=["POST"], content_types=FORM)
def still_coming(token: str) -> Response:
    from ...application.participant import manage as own
    from ...web import views
    from ...web.public import manage_page

    _, reader = _posted(token)
    found = own.keep_seat(token)
    return manage_page(found.event, found.registration, token, reader,
                       notice=views.say(reader, Text("Thank you. Your seat is kept.")))


UNSUBSCRIBE = "/unsubscribe/{token}"


@page_route(manage_pages, UNSUBSCRIBE, methods=["GET"])
def unsubscribe_page(token: str) -> Response:
    from ...application.participant import unsubscribe
    from ...web.public import unsubscribe_page as page

    found = unsubscribe.whose(token)
    return page(found.event, found.registration.messages_stopped_at is not None, token, _language())


@page_route(manage_pages, UNSUBSCRIBE, methods=["POST"], content_types=[*FORM, "multipart/form-data"])
def unsubscribe(token: str) -> Response:
    """The page's button and a mail program's one-click post (RFC 8058): the link alone decides."""
    from ...application.participant import unsubscribe as stop
    from ...web.public import unsubscribe_page as page

    found = stop.stop_messages(token)
    return page(found.event, True, token, _language())
