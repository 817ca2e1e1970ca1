"""API Gateway's own answers, in zapisy's words: what the gateway says when it refuses a request
before the service sees it (no token, a denied token, a path or method it does not know, its
throttle, its other 4xx and 5xx).

API Gateway picks a gateway response's body by the request's `Accept`: an API client gets
zapisy's error shape as JSON, a browser a small page in every language the stage offers (the
gateway cannot negotiate a language, and its templates are substituted, not rendered: no `$`
may appear in them). The same definitions go into the deployed template (infra/template.py) and
answer for the local gateway (devstack/local_gateway.py), so both say the same bytes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..i18n import N_, gettext

JSON, HTML = "application/json", "text/html"
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
           "X-Frame-Options": "DENY"}


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: the gateway's own status stays (its DEFAULT_4XX and DEFAULT_5XX families)
    code: str
    msgid: str
    headers: tuple[tuple[str, str], ...] = ()


ANSWERS = {
    "UNAUTHORIZED": Answer(401, "unauthorized", N_("You need to log in as an organizer to see this.")),
    "ACCESS_DENIED": Answer(403, "forbidden", N_("You do not have access to this.")),
    # A path under a known one, or a method a path does not have: the gateway knows no route for it.
    "MISSING_AUTHENTICATION_TOKEN": Answer(404, "not_found", N_("Not found.")),
    # The same with an `Authorization` header, which the gateway then reads as a signature: zapisy
    # has no route that takes one, so this is a path or method it does not know, too.
    "INCOMPLETE_SIGNATURE": Answer(404, "not_found", N_("Not found.")),
    "THROTTLED": Answer(429, "throttled", N_("The service is busy. Please try again in a moment."),
                        (("Retry-After", "1"),)),
    "DEFAULT_4XX": Answer(None, "bad_request", N_("The request could not be processed.")),
    "DEFAULT_5XX": Answer(None, "internal", N_("Something went wrong on our side. Please try again later.")),
}


def _json(answer: Answer, language: str) -> str:
    """zapisy's error shape, in the stage's default language (ASCII: the gateway names no charset)."""
    return json.dumps({"error": {"code": answer.code, "message": gettext(language, answer.msgid), "fields": {}}},
                      ensure_ascii=True)


def _html(answer: Answer, languages: tuple[str, ...]) -> str:
    """One page saying it in every language, the default first (ASCII: the gateway names no charset)."""
    from .pages import TEMPLATES

    parts = [{"lang": code, "message": gettext(code, answer.msgid), "back": gettext(code, "Back to all events"),
              "site": gettext(code, "Event registration")} for code in languages]
    page = TEMPLATES.render("gateway.html", languages[0], parts=parts)
    return page.encode("ascii", "xmlcharrefreplace").decode("ascii")


@cache
def gateway_responses(languages: tuple[str, ...], default_language: str) -> dict[str, Any]:
    """`x-amazon-apigateway-gateway-responses`: each of ANSWERS with its status, headers and bodies."""
    ordered = (default_language, *(code for code in languages if code != default_language))
    responses: dict[str, Any] = {}
    for kind, answer in ANSWERS.items():
        headers = {**HEADERS, **dict(answer.headers)}
        response: dict[str, Any] = {
            "responseParameters": {f"gatewayresponse.header.{name}": f"'{value}'" for name, value in headers.items()},
            "responseTemplates": {JSON: _json(answer, default_language), HTML: _html(answer, ordered)}}
        if answer.status is not None:
            response["statusCode"] = str(answer.status)
        responses[kind] = response
    return responses
