"""Dashboard: administrators manage the organizers (Cognito users and their groups).

One page lists everyone with their role, projects and state, and carries the forms: invite,
change access, disable or enable. Every form is a CSRF-checked POST answered with a redirect.
Without COGNITO_USER_POOL_ID the page says so and offers nothing.
"""
from __future__ import annotations

from chalice import Blueprint, Response

from ...errors import InvalidInput
from . import shared
from .shared import FORM

organizer_pages = Blueprint(__name__)
PATH = "/organizer/organizers"


@shared.page(organizer_pages, PATH, methods=["GET"])
def organizers_page() -> Response:
    from ...application.admin import organizers
    from ...web.dashboard.organizers import organizers_page as page

    request = organizer_pages.current_request
    viewer = shared.viewer(request)
    return page(viewer, organizers.directory(viewer.organizer), done=(request.query_params or {}).get("done", ""))


@shared.page(organizer_pages, PATH, methods=["POST"], content_types=FORM)
def change() -> Response:
    """Invite, change access, disable or enable: then back to the list (303)."""
    from ...application.admin import organizers
    from ...web import forms, views
    from ...web.dashboard.organizers import organizers_page as page

    request = organizer_pages.current_request
    form = shared.posted_form(request)
    viewer = shared.viewer(request, form)
    if not organizers.configured():
        return page(viewer, organizers.directory(viewer.organizer))
    action, username = forms.first(form, "action"), forms.first(form, "username")
    try:
        organizers.change(viewer.organizer, action, username=username, email=forms.first(form, "email"),
                          role=forms.first(form, "role"), projects=form.get("project", []),
                          new_projects=forms.first(form, "new_projects"))
    except InvalidInput as error:
        return page(viewer, organizers.directory(viewer.organizer), errors=views.field_errors(error, viewer.language),
                    failed=username or "invite", values=form, status=400)
    return shared.back_to(PATH, request, form, done=action)
