"""The Chalice app object and what wraps every request.

`ZapisyApp` keeps the current request per thread: Lambda runs one request per container, but
`chalice local` serves requests on threads, and Chalice's single `current_request` attribute
would then hand one request's body to another's view.
"""
from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from chalice import Chalice, Response

from ..errors import Text
from ..i18n import N_
from .http import error_response, request_language

log = logging.getLogger(__name__)

_CHALICE_ERRORS = {
    400: ("bad_request", N_("The request could not be processed.")),
    404: ("not_found", N_("Not found.")),
    405: ("method_not_allowed", N_("This method is not allowed here.")),
    413: ("too_large", N_("The request is too large.")),
    415: ("unsupported_media_type", N_("Send the request as application/json.")),
    500: ("internal", N_("Something went wrong on our side. Please try again later.")),
}


class ZapisyApp(Chalice):
    _local = threading.local()

    @property  # type: ignore[override]
    def current_request(self) -> Any:
        return getattr(self._local, "request", None)

    @current_request.setter
    def current_request(self, value: Any) -> None:
        self._local.request = value

    @property  # type: ignore[override]
    def lambda_context(self) -> Any:
        return getattr(self._local, "context", None)

    @lambda_context.setter
    def lambda_context(self, value: Any) -> None:
        self._local.context = value


def _is_chalice_error(response: Response) -> bool:
    body = response.body
    if isinstance(body, (str, bytes)):
        try:
            body = json.loads(body)
        except ValueError:
            return False
    return isinstance(body, dict) and "Code" in body and "error" not in body


def install_observability(app: Chalice) -> None:
    """Every request logs with its request id, and flushes the metrics it counted. (The event
    handlers' functions do not load the app in AWS: each is wrapped by `observability.observed`.)"""
    from .. import observability

    @app.middleware("http")
    def observe(event: Any, get_response: Callable[[Any], Any]) -> Any:
        with observability.invocation(event):
            return get_response(event)


def install_error_shape(app: Chalice) -> None:
    """Give Chalice's own refusals (415, 405, 500 …) the API's error shape and language."""

    @app.middleware("http")
    def error_shape(event: Any, get_response: Callable[[Any], Response]) -> Response:
        response = get_response(event)
        if response.status_code >= 400 and _is_chalice_error(response):
            code, msgid = _CHALICE_ERRORS.get(response.status_code, _CHALICE_ERRORS[400])
            if response.status_code >= 500:
                log.error("unhandled error", extra={"status": response.status_code})  # the route is in the context
            headers = {k: v for k, v in response.headers.items() if k.lower() == "allow"}
            language = request_language(event)
            if not str(getattr(event, "path", "")).startswith(("/api/", "/dev/")):  # a browser gets a page
                from ..web.public import problem_page

                return problem_page(language, response.status_code, Text(msgid))
            return error_response(response.status_code, code, Text(msgid), {}, language, headers)
        return response
