"""Participant pages: the event board, the event and its form, the manage page, statements.

Forms post application/x-www-form-urlencoded with the documented field names (web/forms.py).
Every refusal re-renders the page in the reader's language: never JSON, never a 500.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

from chalice import Blueprint, Response

from .. import auth
from ..errors import DomainError, InvalidInput, Text
from ..observability import count_registration
from .http import RETRY_AFTER, after_commit, guarded_route, page_language

public_pages = Blueprint(__name__)
FORM = ["application/x-www-form-urlencoded"]


def _language(form: dict[str, list[str]] | None = None) -> str:
    return page_language(public_pages.current_request, form)


def page_route(path: str, **options: Any) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """A page: any domain refusal becomes a friendly page with the right status, in the reader's language."""
    return guarded_route(public_pages, path, _refused, **options)


def _refused(error: DomainError) -> Response:
    """The problem page; with Retry-After when the table is busy (503)."""
    from ..web import views
    from ..web.page_views import problem_page

    language = _language()
    details = " ".join(views.field_errors(error, language).values()) if error.fields else None
    page = problem_page(language, error.status, error.message, details, public_pages.current_request.path)
    if error.status == 503:
        page.headers.update(RETRY_AFTER)
    return page


@page_route("/", methods=["GET"])
def home() -> Response:
    from ..web import pages

    return pages.redirect(pages.link("/events", _language()))


@page_route("/events", methods=["GET"])
def board() -> Response:
    from ..web.page_views import board_page

    query = public_pages.current_request.query_params or {}
    return board_page(_language(), query.get("kind", ""), query.get("language", ""), query.get("cursor"))


@page_route("/events.ics", methods=["GET"])
def feed() -> Response:
    from ..web.page_views import calendar_feed_response

    return calendar_feed_response(_language())


@page_route("/events/{event_id}", methods=["GET"])
def event(event_id: str) -> Response:
    from ..events import service as events
    from ..web.page_views import event_calendar_response, event_page

    if event_id.endswith(".ics"):
        return event_calendar_response(event_id[:-4], _language())
    return event_page(events.public_event(event_id), _language())


@page_route("/events/{event_id}", methods=["POST"], content_types=FORM)
def register(event_id: str) -> Response:
    from ..events import service as events
    from ..registration import service as registrations
    from ..web import forms, pages, views
    from ..web.page_views import event_page, rate_limited

    request = public_pages.current_request
    form = forms.parse_form(request.raw_body)
    language = _language(form)
    event_item = events.event_to_register_for(event_id)
    if forms.is_bot(form):
        return pages.redirect(pages.link(f"/events/{event_id}/registered", language, status="confirmed"))
    data = forms.registration_data(event_item, form, language)
    if not _within_limits(request, data["email"]):
        return rate_limited(language, request.path)
    try:
        outcome = registrations.register(event_item, data)
    except InvalidInput as error:  # shown with the current definition: it may be newer than the one kept
        return event_page(events.public_event(event_id), language, errors=views.field_errors(error, language),
                          values=views.FormValues(form), status=400)
    after_commit(outcome.messages)
    count_registration(outcome.status)
    return pages.redirect(pages.link(f"/events/{event_id}/registered", language, status=outcome.status))


def _within_limits(request: Any, email: str) -> bool:
    """Per source address and per e-mail address, counted under keyed hashes (no personal data in keys)."""
    from datetime import datetime

    from ..config import settings
    from ..registration.form import normalise_email
    from ..store.ratelimit import allow

    cfg, now = settings(), datetime.now(UTC)
    source = (request.context.get("identity") or {}).get("sourceIp") or "unknown"
    if not allow("ip-" + auth.email_hash("ip:" + source)[:32], cfg.rate_per_ip, timedelta(minutes=10), now):
        return False
    return not email or allow("mail-" + auth.email_hash(normalise_email(email))[:32], cfg.rate_per_address,
                              timedelta(hours=1), now)


@page_route("/events/{event_id}/registered", methods=["GET"])
def registered(event_id: str) -> Response:
    from ..events import service as events
    from ..web import views
    from ..web.page_views import status_page

    event_item = events.public_event(event_id)
    status = (public_pages.current_request.query_params or {}).get("status", "")
    return status_page(event_item, _language(), status if status in views.MESSAGES_BY_STATUS else "confirmed")


def _registration(token: str) -> tuple[Any, Any]:
    """The registration behind a participant's link, and its event."""
    from ..events import service as events
    from ..registration import service as registrations

    registration = registrations.find_by_token(token)
    return registration, events.public_event(registration.event_id)


def _posted(token: str) -> tuple[dict[str, list[str]], str, Any, Any]:
    """A form posted from a participant's link: its fields, language, registration and event,
    once the CSRF token is checked."""
    from ..web import forms
    from ..web.csrf import valid

    form = forms.parse_form(public_pages.current_request.raw_body)
    registration, event_item = _registration(token)
    if not valid(token, forms.first(form, "csrf")):
        raise InvalidInput(Text("This form has expired. Please open the link from your e-mail again."))
    return form, _language(form), registration, event_item


@page_route("/manage/{token}", methods=["GET"])
def manage(token: str) -> Response:
    from ..web.page_views import manage_page

    registration, event_item = _registration(token)
    return manage_page(event_item, registration, token, _language())


@page_route("/manage/{token}", methods=["POST"], content_types=FORM)
def manage_action(token: str) -> Response:
    from ..registration import changes
    from ..registration import service as registrations
    from ..web import forms, views
    from ..web.page_views import manage_page, problem_page

    form, language, registration, event_item = _posted(token)
    action = forms.first(form, "action")
    if action == "cancel":
        after_commit(registrations.cancel(registration).messages)
        notice = views.say(language, Text("Your registration is cancelled."))
    elif action == "erase":
        after_commit(changes.erase_my_data(registration).messages)
        return problem_page(language, 200, Text("Your data has been deleted"), Text(
            "We have cancelled your registration and deleted your name, e-mail address and answers."))
    elif action == "update":
        data = forms.registration_data(event_item, form, language)
        try:
            changes.change_answers(event_item, registration, data)
        except InvalidInput as error:
            return manage_page(event_item, registration, token, language, errors=views.field_errors(error, language),
                               values=views.FormValues(form), status=400)
        notice = views.say(language, Text("Your changes are saved."))
    else:
        raise InvalidInput()
    registration, event_item = _registration(token)
    return manage_page(event_item, registration, token, language, notice=notice)


def _confirmation_page(token: str, *, heading: Text, message: Text, button: Text, action: str) -> Response:
    """One question and one button, posted with the link's CSRF token (a mail scanner's GET changes nothing)."""
    from ..registration import service as registrations
    from ..web import pages, views
    from ..web.csrf import csrf_token

    registrations.find_by_token(token)
    language = _language()
    return pages.render("message.html", language, path=public_pages.current_request.path,
                        heading=views.say(language, heading), message=views.say(language, message),
                        action=action, csrf=csrf_token(token), button=views.say(language, button),
                        back="", back_label="")


@page_route("/confirm/{token}", methods=["GET"])
def confirm_email_page(token: str) -> Response:
    return _confirmation_page(token, heading=Text("Confirm your registration"),
                              message=Text("Press the button to confirm your e-mail address and book your seat."),
                              button=Text("Confirm my registration"), action=f"/confirm/{token}")


@page_route("/confirm/{token}", methods=["POST"], content_types=FORM)
def confirm_email(token: str) -> Response:
    from ..registration import service as registrations
    from ..web.page_views import status_page

    _, language, registration, event_item = _posted(token)
    outcome = registrations.confirm_email(registration)
    after_commit(outcome.messages)
    return status_page(event_item, language, outcome.status)


@page_route("/manage/{token}/still-coming", methods=["GET"])
def still_coming_page(token: str) -> Response:
    return _confirmation_page(token, heading=Text("Are you still coming?"),
                              message=Text("Press the button to keep your seat."),
                              button=Text("Yes, I am coming"), action=f"/manage/{token}/still-coming")


@page_route("/manage/{token}/still-coming", methods=["POST"], content_types=FORM)
def still_coming(token: str) -> Response:
    from datetime import datetime

    from ..notifications.reconfirm import still_coming as keep_seat
    from ..web import views
    from ..web.page_views import manage_page

    _, language, registration, event_item = _posted(token)
    if not keep_seat(registration, datetime.now(UTC)):
        raise InvalidInput(Text("Only a confirmed seat can be kept."))
    return manage_page(event_item, registration, token, language,
                       notice=views.say(language, Text("Thank you. Your seat is kept.")))


def _statement(which: tuple, path: str) -> Response:
    """The privacy or accessibility statement, in the reader's language."""
    from ..web import pages
    from ..web.statements import statement

    language = _language()
    heading, sections = statement(which, language)
    return pages.render("statement.html", language, path=path, heading=heading, sections=sections)


@page_route("/privacy", methods=["GET"])
def privacy() -> Response:
    from ..web.statements import PRIVACY

    return _statement(PRIVACY, "/privacy")


@page_route("/accessibility", methods=["GET"])
def accessibility() -> Response:
    from ..web.statements import ACCESSIBILITY

    return _statement(ACCESSIBILITY, "/accessibility")
