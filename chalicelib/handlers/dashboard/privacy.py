"""Dashboard: data protection. Administrators find a person across every event by their address,
download everything stored about them (access) or erase it (erasure), and see the log of both.

The address travels only in POST bodies, never in a URL, so it stays out of browser history and
access logs.
"""
from __future__ import annotations

import json
from typing import Any

from chalice import Blueprint, Response

from ...errors import InvalidInput
from ...i18n import ngettext
from . import shared
from .shared import FORM

privacy_pages = Blueprint(__name__)
PATH = "/organizer/privacy"


def _posted() -> tuple[dict[str, list[str]], str, Any]:
    """The checked form, the address it asks about, and the viewer."""
    from ...web import forms

    request = privacy_pages.current_request
    form = shared.posted_form(request)
    return form, forms.first(form, "email")[:320], shared.viewer(request, form)


def _page(viewer: Any, **shown: Any) -> Response:
    from ...application.admin import privacy
    from ...web.dashboard.privacy import privacy_page

    return privacy_page(viewer, privacy.request_log(viewer.organizer), **shown)


def _refused(viewer: Any, email: str, error: InvalidInput) -> Response:
    """The search form again, saying what is wrong with the address."""
    from ...web import views

    return _page(viewer, email=email, errors=views.field_errors(error, viewer.language), status=400)


@shared.page(privacy_pages, PATH, methods=["GET"])
def privacy_page() -> Response:
    """The search form and the request log; after an erasure, how many registrations went."""
    request = privacy_pages.current_request
    viewer = shared.viewer(request)
    erased = (request.query_params or {}).get("erased", "")
    notice = ""
    if erased.isdigit() and len(erased) < 6:
        notice = ngettext(viewer.language, "%(n)d registration erased. Nothing more is found for that address.",
                          "%(n)d registrations erased. Nothing more is found for that address.", int(erased))
    return _page(viewer, notice=notice)


@shared.page(privacy_pages, PATH, methods=["POST"], content_types=FORM)
def find() -> Response:
    """Every registration of the address, in any event and project."""
    from ...application.admin import privacy

    _, email, viewer = _posted()
    try:
        person = privacy.find_person(viewer.organizer, email)
    except InvalidInput as error:
        return _refused(viewer, email, error)
    return _page(viewer, email=email, person=person)


@shared.page(privacy_pages, f"{PATH}/download", methods=["POST"], content_types=FORM)
def download() -> Response:
    """Everything stored about the person as a JSON file (the answer to an access request)."""
    from ...application.admin import privacy

    _, email, viewer = _posted()
    report = privacy.access_report(viewer.organizer, email)
    body = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True)
    return Response(body=body, status_code=200, headers={
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": f'attachment; filename="personal-data-{report["generated_at"][:10]}.json"',
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


@shared.page(privacy_pages, f"{PATH}/erase", methods=["POST"], content_types=FORM)
def erase() -> Response:
    """First the confirmation (what will go); with `confirm=yes`, the erasure itself."""
    from ...application.admin import privacy
    from ...web import forms
    from ...web.dashboard.privacy import erase_confirmation_page

    form, email, viewer = _posted()
    try:
        if forms.first(form, "confirm") != "yes":
            return erase_confirmation_page(viewer, email, privacy.find_person(viewer.organizer, email))
        done = privacy.erase_person(viewer.organizer, email)
    except InvalidInput as error:
        return _refused(viewer, email, error)
    return shared.back_to(PATH, privacy_pages.current_request, form, erased=str(done.registrations))
