"""Rendering pages: the shared layout's context (language, links that keep `?lang=`) and views."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from chalice import Response

from ..config import settings
from ..i18n import format_datetime_range, gettext
from ..templating import TemplateFolder

TEMPLATES = TemplateFolder(Path(__file__).resolve().parent / "templates")
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
LANGUAGE_NAMES = {"pl": "Polski", "en": "English", "uk": "Українська"}
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; img-src 'self' data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def link(path: str, language: str, /, **params: str) -> str:
    """A link that keeps the page's language."""
    query = {k: v for k, v in params.items() if v}
    query["lang"] = language
    return f"{path}?{urlencode(query)}"


def render(template: str, language: str, *, path: str, status: int = 200, funded_by: Sequence[str] = (),
           description: str = "", **context: Any) -> Response:
    """A page in the reader's language; the only script allowed is the page's own (by nonce).

    `funded_by`: the projects whose events the page shows (their funding lines and emblem are shown);
    `description`: the page's meta description (else a sentence naming the institution).
    """
    import secrets

    from .identity import identity

    nonce = secrets.token_urlsafe(12)
    whose = identity(language, funded_by)
    if not description and whose["institution"]:
        description = gettext(language, "Events of %(institution)s: information and registration online.",
                              institution=whose["institution"]["name"])
    html = TEMPLATES.render(
        template, language, lang=language, dir="rtl" if language in RTL_LANGUAGES else "ltr", path=path, nonce=nonce,
        languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in settings().languages],
        link=link, privacy_version=settings().privacy_notice_version, keep=context.pop("keep", {}),
        identity=whose, description=description or gettext(language, "Events and registration"), **context)
    return Response(body=html, status_code=status, headers={
        "Content-Type": "text/html; charset=utf-8", "Content-Language": language,
        "Cache-Control": "no-store", "Content-Security-Policy": CSP.format(nonce=nonce), **SECURITY_HEADERS})


def redirect(location: str) -> Response:
    return Response(body="", status_code=303, headers={"Location": location, "Cache-Control": "no-store"})


def when(event_view: dict[str, Any], language: str) -> str:
    """The event's time in its own timezone, in the reader's words."""
    from datetime import datetime

    return format_datetime_range(datetime.fromisoformat(event_view["starts_at"]),
                                 datetime.fromisoformat(event_view["ends_at"]), event_view["timezone"], language)
