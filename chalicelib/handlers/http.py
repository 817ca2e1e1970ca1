"""What every door shares: reading the body, choosing the language, turning refusals (and a
throttled table) into answers, and shaping a file download."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from chalice import Response

from ..config import settings
from ..errors import Busy, DomainError, Text
from ..i18n import gettext, negotiate_language, normalise_language

MAX_BODY = 64 * 1024
JSON_TYPES = ["application/json"]
# A POST whose body is ignored (openapi.yaml's `Ignored`): a bare POST from a mail client or a form may come too.
ANY_POST = JSON_TYPES + ["application/x-www-form-urlencoded", "text/plain"]
log = logging.getLogger(__name__)


class HttpError(Exception):
    def __init__(self, status: int, code: str, message: Text, fields: dict[str, Text] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.status, self.code, self.message = status, code, message
        self.fields = fields or {}
        self.headers = headers or {}


def _body_language(request: Any) -> Any:
    raw = request.raw_body or b""
    if not raw or len(raw) > MAX_BODY:
        return None
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # nested thousands deep: no language to read
        return None
    return body.get("language") if isinstance(body, dict) else None


def request_language(request: Any) -> str:
    """The JSON body's `language`, then `?lang=`, then Accept-Language, then the stage default."""
    default = settings().default_language
    body_language = _body_language(request) if request.method in ("POST", "PATCH", "PUT") else None
    if isinstance(body_language, str) and body_language:
        return normalise_language(body_language, default)
    query = request.query_params or {}
    if query.get("lang"):
        return normalise_language(query["lang"], default)
    return negotiate_language(request.headers.get("accept-language"), default)


def page_language(request: Any, form: dict[str, list[str]] | None = None) -> str:
    """For pages: the posted form's `lang`, then `?lang=`, then Accept-Language."""
    if form is None and request.method == "POST":
        from ..web.forms import readable_form

        form = readable_form(request.raw_body)
    chosen = (form or {}).get("lang", [""])[0]
    return normalise_language(chosen, settings().default_language) if chosen else request_language(request)


def requested_path(request: Any) -> str:
    """The path the browser asked for: Chalice's `request.path` is the route, `{event_id}` and all."""
    from urllib.parse import quote

    path = request.path
    for name, value in (request.uri_params or {}).items():
        path = path.replace("{" + name + "+}", value).replace("{" + name + "}", quote(value, safe=""))
    return path


def json_body(request: Any) -> Any:
    """The parsed JSON body; 413 past 64 KB, 400 when it does not parse."""
    raw = request.raw_body or b""
    if len(raw) > MAX_BODY:
        raise HttpError(413, "too_large", Text("The request is too large."))
    if not raw.strip():
        raise HttpError(400, "invalid_json", Text("Send a JSON object."))
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: arrays nested thousands deep
        raise HttpError(400, "invalid_json", Text("The request body is not valid JSON.")) from None


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body=json.dumps(body, ensure_ascii=False, default=str), status_code=status,
                    headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def error_response(status: int, code: str, message: Text, fields: dict[str, Text], language: str,
                   headers: dict[str, str] | None = None, details: dict[str, Any] | None = None) -> Response:
    def say(text: Text) -> str:
        return gettext(language, text.msgid, **text.params)

    body = {"error": {"code": code, "message": say(message),
                      "fields": {name: say(text) for name, text in fields.items()}, **(details or {})}}
    return json_response(body, status, {"Content-Language": language, **(headers or {})})


def _call(view: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a view; a throttled table becomes `Busy` (a 503 the client retries), not a 500.

    The store (and pynamodb) is imported only when an unexpected error needs looking at, so
    that loading the routes does not load the domain.
    """
    try:
        return view(*args, **kwargs)
    except (DomainError, HttpError):
        raise
    except Exception as error:
        from ..store.transaction import overloaded

        if overloaded(error):
            raise Busy() from error
        raise


def guarded_route(blueprint: Any, path: str, refused: Callable[[Any], Response],
                  errors: tuple[type[Exception], ...] = (DomainError,),
                  **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`blueprint.route`, where a refusal the view raises (one of `errors`; a throttled table counts
    as `Busy`) is answered by `refused(error)`: the one place routes turn refusals into answers."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            try:
                return _call(view, *args, **kwargs)
            except errors as error:
                return refused(error)

        blueprint.route(path, **options)(wrapper)
        return view

    return decorator


def retry_headers(error: Exception) -> dict[str, str]:
    """How long a client waits before trying again, for a refusal that says (429, 503)."""
    seconds = getattr(error, "retry_after", None)
    return {"Retry-After": str(seconds)} if seconds else {}


def api_route(blueprint: Any, path: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`blueprint.route`, plus the mapping of domain refusals to the one error shape."""

    def refused(error: DomainError | HttpError) -> Response:
        language = request_language(blueprint.current_request)
        if isinstance(error, HttpError):
            return error_response(error.status, error.code, error.message, error.fields, language, error.headers)
        return error_response(error.status, error.code, error.message, error.fields, language, retry_headers(error),
                              error.details)

    return guarded_route(blueprint, path, refused, (DomainError, HttpError), **options)


def query_limit(request: Any, default: int = 50, maximum: int = 200) -> int:
    raw = (request.query_params or {}).get("limit")
    if raw is None:
        return default
    if not (raw.isdecimal() and len(raw) <= 20) or not 1 <= int(raw) <= maximum:  # "²".isdigit(), yet no int
        raise HttpError(400, "invalid", Text("Some fields need your attention."),
                        {"limit": Text("Enter a number from %(min)s to %(max)s.", {"min": 1, "max": maximum})})
    return int(raw)


def source_address(request: Any) -> str:
    """The client's address as API Gateway saw it (for per-source limits; never logged or stored)."""
    return str((request.context.get("identity") or {}).get("sourceIp") or "unknown")


def download(export: Any) -> Response:
    """An export as a download, or a redirect to where it was stored (S3) when too large to answer."""
    headers = {"Cache-Control": "no-store", "X-Export-Id": export.export_id, "X-Export-Rows": str(export.rows)}
    if export.delivery.url:
        return Response(body="", status_code=302, headers={**headers, "Location": export.delivery.url})
    return Response(body=export.delivery.body, status_code=200, headers={
        **headers, "Content-Type": export.content_type, "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'attachment; filename="{export.filename}"'})


def pdf_response(filename: str, data: bytes, accept: str | None) -> Response:
    """A PDF to download (406 unless the client accepts PDF: API Gateway returns binary bodies only then)."""
    from ..errors import require_accept

    require_accept(accept, "application/pdf")
    return Response(body=data, status_code=200, headers={
        "Content-Type": "application/pdf", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'attachment; filename="{filename}"'})
