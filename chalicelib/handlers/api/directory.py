"""Organizer JSON API: institutions and projects (administrators change them; organizers read their
projects), their logos, and the public logo images."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..authorizer import current_organizer, organizer_auth
from ..http import JSON_TYPES, api_route, json_body, json_response

directory_api = Blueprint(__name__)
IMAGES = ["image/png", "image/svg+xml"]
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"  # an SVG shown alone runs nothing


def _guarded(path: str, **options: Any):
    return api_route(directory_api, path, authorizer=organizer_auth, **options)


def _organizer() -> Any:
    return current_organizer(directory_api.current_request)


def _institution(found: Any, status: int = 200) -> Response:
    from ...institutions.views import institution_view

    return json_response(institution_view(found), status)


def _project(found: Any, status: int = 200) -> Response:
    from ...institutions.views import project_view

    return json_response(project_view(found), status)


@_guarded("/api/organizer/institutions", methods=["GET"])
def list_institutions() -> Response:
    from ...application.admin import directory
    from ...institutions.views import institution_view

    return json_response({"items": [institution_view(i) for i in directory.institutions()], "next": None})


@_guarded("/api/organizer/institutions", methods=["POST"], content_types=JSON_TYPES)
def create_institution() -> Response:
    from ...application.admin import directory

    return _institution(directory.save_institution(_organizer(), json_body(directory_api.current_request)), 201)


@_guarded("/api/organizer/institutions/{institution_id}", methods=["GET"])
def get_institution(institution_id: str) -> Response:
    from ...application.admin import directory

    return _institution(directory.institution(institution_id))


@_guarded("/api/organizer/institutions/{institution_id}", methods=["PATCH"], content_types=JSON_TYPES)
def update_institution(institution_id: str) -> Response:
    from ...application.admin import directory

    body = json_body(directory_api.current_request)
    return _institution(directory.save_institution(_organizer(), body, institution_id))


@_guarded("/api/organizer/institutions/{institution_id}/logo", methods=["PUT"], content_types=IMAGES)
def upload_institution_logo(institution_id: str) -> Response:
    """The body is the image itself (PNG or SVG, at most 200 KB); it replaces the institution's logo."""
    from ...application.admin import directory

    request = directory_api.current_request
    logo = directory.upload_logo(_organizer(), "institution", institution_id, request.raw_body or b"",
                                 request.headers.get("content-type", ""))
    return json_response({"id": logo.logo_id, "url": f"/logos/{logo.logo_id}"}, 201)


@_guarded("/api/organizer/projects", methods=["GET"])
def list_projects() -> Response:
    from ...application.admin import directory
    from ...institutions.views import project_view

    return json_response({"items": [project_view(p) for p in directory.projects(_organizer())], "next": None})


@_guarded("/api/organizer/projects", methods=["POST"], content_types=JSON_TYPES)
def create_project() -> Response:
    from ...application.admin import directory

    return _project(directory.save_project(_organizer(), json_body(directory_api.current_request)), 201)


@_guarded("/api/organizer/projects/{project_id}", methods=["GET"])
def get_project(project_id: str) -> Response:
    from ...application.admin import directory

    return _project(directory.project(_organizer(), project_id))


@_guarded("/api/organizer/projects/{project_id}", methods=["PATCH"], content_types=JSON_TYPES)
def update_project(project_id: str) -> Response:
    from ...application.admin import directory

    return _project(directory.save_project(_organizer(), json_body(directory_api.current_request), project_id))


@_guarded("/api/organizer/projects/{project_id}/logos", methods=["POST"], content_types=IMAGES)
def upload_project_logo(project_id: str) -> Response:
    """One more funder's logo shown with the project (at most six)."""
    from ...application.admin import directory

    request = directory_api.current_request
    logo = directory.upload_logo(_organizer(), "project", project_id, request.raw_body or b"",
                                 request.headers.get("content-type", ""))
    return json_response({"id": logo.logo_id, "url": f"/logos/{logo.logo_id}"}, 201)


@_guarded("/api/organizer/projects/{project_id}/logos/{logo_id}", methods=["DELETE"])
def remove_project_logo(project_id: str, logo_id: str) -> Response:
    from ...application.admin import directory

    directory.remove_logo(_organizer(), "project", project_id, logo_id)
    return Response(body="", status_code=204)


@api_route(directory_api, "/logos/{logo_id}", methods=["GET"])
def logo_image(logo_id: str) -> Response:
    """A logo as uploaded; an SVG is served so that nothing in it can run."""
    from ...application.admin import directory

    found = directory.logo(logo_id)
    body: Any = found.data
    return Response(body=body, status_code=200, headers={
        "Content-Type": found.content_type, "Cache-Control": "public, max-age=3600",
        "Content-Security-Policy": LOGO_POLICY, "X-Content-Type-Options": "nosniff"})
