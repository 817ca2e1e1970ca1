"""What the public pages share: the route decorator that turns refusals into friendly pages, and
the reader's language."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Blueprint, Response

from ...errors import DomainError, Text
from ..http import guarded_route, page_language, requested_path, retry_headers

FORM = ["application/x-www-form-urlencoded"]


def language(blueprint: Blueprint, form: dict[str, list[str]] | None = None) -> str:
    return page_language(blueprint.current_request, form)


def page_route(blueprint: Blueprint, path: str,
               **options: Any) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """A page: any domain refusal becomes a friendly page with the right status, in the reader's language."""

    def refused(error: DomainError) -> Response:
        from ...web import views
        from ...web.public import problem_page

        reader = language(blueprint)
        details = " ".join(views.field_errors(error, reader).values()) if error.fields else None
        if error.heading:  # the message is a sentence under a heading of its own
            page = problem_page(reader, error.status, Text(error.heading), error.message,
                                requested_path(blueprint.current_request))
        else:
            page = problem_page(reader, error.status, error.message, details, requested_path(blueprint.current_request))
        page.headers.update(retry_headers(error))
        return page

    return guarded_route(blueprint, path, refused, **options)
