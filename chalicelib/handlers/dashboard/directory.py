"""Dashboard: institutions and projects. Administrators add and edit them and upload their logos;
an organizer reads the projects they work in.

Every form is a CSRF-checked POST answered with a redirect (303) and a notice, or with the page
again and its errors. Logos are posted as multipart/form-data; the action's `?lang=` keeps the
language of a refusal that comes before the form is read.
"""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ...config import settings
from ...errors import Conflict, InvalidInput
from . import shared
from .shared import FORM

directory_pages = Blueprint(__name__)
INSTITUTIONS = "/organizer/institutions"
PROJECTS = "/organizer/projects"
UPLOAD = ["multipart/form-data"]


def _request() -> Any:
    return directory_pages.current_request


def _done() -> str:
    return (_request().query_params or {}).get("done", "")


def _posted() -> dict[str, list[str]]:
    from ...web.directory_form import parse_directory_form

    request = _request()
    return shared.checked_form(request, parse_directory_form(request.raw_body))


@shared.page(directory_pages, INSTITUTIONS, methods=["GET"])
def institutions_list() -> Response:
    from ...application.admin import directory
    from ...web.dashboard.directory import institutions_page

    viewer = shared.viewer(_request())
    return institutions_page(viewer, directory.overview(viewer.organizer, admin_only=True), settings().languages)


@shared.page(directory_pages, INSTITUTIONS, methods=["POST"], content_types=FORM)
def add_institution() -> Response:
    """Its id and name; then on to its page for everything else."""
    return _add("institution")


@shared.page(directory_pages, INSTITUTIONS + "/{institution_id}", methods=["GET"])
def institution(institution_id: str) -> Response:
    return _page("institution", shared.viewer(_request()), institution_id, done=_done())


@shared.page(directory_pages, INSTITUTIONS + "/{institution_id}", methods=["POST"], content_types=FORM)
def save_institution(institution_id: str) -> Response:
    return _save("institution", institution_id)


@shared.page(directory_pages, INSTITUTIONS + "/{institution_id}/logo", methods=["POST"], content_types=UPLOAD)
def upload_institution_logo(institution_id: str) -> Response:
    """A new logo replaces the old one."""
    return _upload("institution", institution_id)


@shared.page(directory_pages, INSTITUTIONS + "/{institution_id}/logo/remove", methods=["POST"], content_types=FORM)
def remove_institution_logo(institution_id: str) -> Response:
    from ...web import forms

    return _remove("institution", institution_id, lambda form: forms.first(form, "logo"))


@shared.page(directory_pages, PROJECTS, methods=["GET"])
def projects_list() -> Response:
    from ...application.admin import directory
    from ...web.dashboard.directory import projects_page

    viewer = shared.viewer(_request())
    return projects_page(viewer, directory.overview(viewer.organizer), settings().languages)


@shared.page(directory_pages, PROJECTS, methods=["POST"], content_types=FORM)
def add_project() -> Response:
    """Its id, institution and name; then on to its page for everything else."""
    return _add("project")


@shared.page(directory_pages, PROJECTS + "/{project_id}", methods=["GET"])
def project(project_id: str) -> Response:
    return _page("project", shared.viewer(_request()), project_id, done=_done())


@shared.page(directory_pages, PROJECTS + "/{project_id}", methods=["POST"], content_types=FORM)
def save_project(project_id: str) -> Response:
    return _save("project", project_id)


@shared.page(directory_pages, PROJECTS + "/{project_id}/logos", methods=["POST"], content_types=UPLOAD)
def upload_project_logo(project_id: str) -> Response:
    """One more funder's logo (at most six)."""
    return _upload("project", project_id)


@shared.page(directory_pages, PROJECTS + "/{project_id}/logos/{logo_id}/remove", methods=["POST"],
             content_types=FORM)
def remove_project_logo(project_id: str, logo_id: str) -> Response:
    return _remove("project", project_id, lambda form: logo_id)


def _path(owner: str, owner_id: str = "") -> str:
    return (INSTITUTIONS if owner == "institution" else PROJECTS) + (f"/{owner_id}" if owner_id else "")


def _page(owner: str, viewer: Any, owner_id: str, **options: Any) -> Response:
    """A record's page: an institution's for administrators, a project's for those who work in it."""
    from ...application.admin import directory
    from ...web.dashboard import directory as pages

    if owner == "institution":
        found, build = directory.institution_for_admin(viewer.organizer, owner_id), pages.institution_page
    else:
        found, build = directory.project(viewer.organizer, owner_id), pages.project_page
    return build(viewer, found, directory.overview(viewer.organizer), settings().languages, **options)


def _steps(owner: str) -> tuple[Any, Any]:
    """How the record's form becomes the API's object, and the action that saves it."""
    from ...application.admin import directory
    from ...web import directory_form

    if owner == "institution":
        return directory_form.institution_data, directory.save_institution
    return directory_form.project_data, directory.save_project


def _add(owner: str) -> Response:
    from ...application.admin import directory
    from ...web import directory_form
    from ...web.dashboard import directory as pages

    form, languages = _posted(), settings().languages
    viewer = shared.viewer(_request(), form)
    read, save = _steps(owner)
    try:
        saved = save(viewer.organizer, read(form, languages, creating=True))
    except (InvalidInput, Conflict) as error:  # a taken id is a conflict (409), shown by its field all the same
        listing = pages.institutions_page if owner == "institution" else pages.projects_page
        return listing(viewer, directory.overview(viewer.organizer, admin_only=owner == "institution"), languages,
                       errors=error.fields, values=directory_form.posted_values(form), status=error.status)
    saved_id = saved.institution_id if owner == "institution" else saved.project_id
    return shared.back_to(_path(owner, saved_id), _request(), form, done="created")


def _save(owner: str, owner_id: str) -> Response:
    """Every field at once: its page again with the errors, or back to it with a notice."""
    from ...web import directory_form

    form = _posted()
    viewer = shared.viewer(_request(), form)
    read, save = _steps(owner)
    try:
        save(viewer.organizer, read(form, settings().languages, creating=False), owner_id)
    except InvalidInput as error:
        return _page(owner, viewer, owner_id, errors=error.fields, values=directory_form.posted_values(form),
                     status=400)
    return shared.back_to(_path(owner, owner_id), _request(), form, done="saved")


def _remove(owner: str, owner_id: str, logo_of: Any) -> Response:
    from ...application.admin import directory

    form = shared.posted_form(_request())
    directory.remove_logo(shared.organizer(_request()), owner, owner_id, logo_of(form))
    return shared.back_to(_path(owner, owner_id), _request(), form, done="logo_removed")


def _upload(owner: str, owner_id: str) -> Response:
    """Store a checked logo and go back to its page; a refused file is said there, and nothing is stored."""
    from ...application.admin import directory
    from ...web import directory_form

    request = _request()
    try:
        upload = directory_form.read_upload(request.raw_body, request.headers.get("content-type", ""))
    except InvalidInput as error:  # too large to read: nothing can be stored, so the page just says why
        return _page(owner, shared.viewer(request, {}), owner_id, errors=error.fields, status=413)
    form = shared.checked_form(request, upload.fields)
    viewer = shared.viewer(request, form)
    try:
        directory.upload_logo(viewer.organizer, owner, owner_id, upload.data, upload.content_type)
    except (InvalidInput, Conflict) as error:  # a seventh logo is a conflict (409), said by its field
        return _page(owner, viewer, owner_id, errors=error.fields, status=error.status)
    return shared.back_to(_path(owner, owner_id), request, form, done="logo")
