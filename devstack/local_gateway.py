"""Make Chalice's local gateway (behind `chalice local` and `chalice.test`) route and refuse as the
deployed API Gateway does.

- Greedy `{proxy+}` routes: Chalice's local matcher knows only one-segment parameters. API
  Gateway hands a greedy resource any path below its parent that no sibling resource takes (it
  does not backtrack into a sibling's subtree), and so does this.
- Refusals: where Chalice's gateway answers its raw `{"message": ...}` (no token, a denied token,
  no route, a broken authorizer), answer with the gateway responses the deployed template
  defines (chalicelib/web/gateway.py), chosen by `Accept` as API Gateway chooses them.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

from chalice import local

GREEDY = re.compile(r"^(?P<parent>.*)/\{(?P<name>\w+)\+\}$")
_installed = False


class GreedyRouteMatcher(local.RouteMatcher):
    """Chalice's matcher for every other route; then the greedy ones, deepest parent first."""

    def __init__(self, route_urls: list[str]) -> None:
        greedy = [(GREEDY.match(url), url) for url in route_urls]
        self._greedy = sorted(((m["parent"], m["name"], url) for m, url in greedy if m), key=lambda g: -len(g[0]))
        self._others = [url for m, url in greedy if not m]
        super().__init__(self._others)

    def _taken_by_a_sibling(self, parent: str, segment: str) -> bool:
        """Whether another route below `parent` starts with `segment` (or with a parameter)."""
        for url in self._others:
            if url.startswith(parent + "/"):
                first = url[len(parent) + 1:].split("/", 1)[0]
                if first == segment or (first.startswith("{") and first.endswith("}")):
                    return True
        return False

    def match_route(self, url: str) -> local.MatchResult:
        try:
            return super().match_route(url)
        except ValueError:
            pass
        parsed = urlparse(url)
        path = parsed.path.rstrip("/") if parsed.path != "/" else parsed.path
        for parent, name, route in self._greedy:
            rest = path[len(parent) + 1:] if path.startswith(parent + "/") else ""
            if rest and not self._taken_by_a_sibling(parent, rest.split("/", 1)[0]):
                query = parse_qs(parsed.query, keep_blank_values=True)
                return local.MatchResult(route, {name: rest}, query)
        raise ValueError(f"No matching route found for: {url}")


def _kind(refusal: local.LocalGatewayException) -> tuple[str, int]:
    """Which gateway response API Gateway would give for Chalice's refusal, and its own status."""
    error_type = {k.lower(): v for k, v in refusal.headers.items()}.get("x-amzn-errortype", "")
    if isinstance(refusal, local.NotAuthorizedError):
        return "UNAUTHORIZED", 401
    if isinstance(refusal, local.InvalidAuthorizerError):
        return "DEFAULT_5XX", 500  # AUTHORIZER_CONFIGURATION_ERROR belongs to the 5xx family
    if error_type == "AccessDeniedException":
        return "ACCESS_DENIED", 403
    if b"Missing Authentication Token" in (refusal.body or b""):
        return "MISSING_AUTHENTICATION_TOKEN", 403
    return "INCOMPLETE_SIGNATURE", 403  # no route, and an Authorization header it reads as a signature


def _media_type(accept: str | None, templates: dict[str, str]) -> str:
    """API Gateway's choice of template: the first media type in Accept it has, else JSON."""
    for item in (accept or "").split(","):
        media = item.split(";", 1)[0].strip().lower()
        if media in templates:
            return media
    return "application/json"


def gateway_answer(refusal: local.LocalGatewayException, request_headers: dict[str, str]) -> dict[str, Any]:
    """The deployed gateway response for this refusal, as a Lambda proxy response."""
    from chalicelib.config import settings
    from chalicelib.web.gateway import gateway_responses

    kind, status = _kind(refusal)
    response = gateway_responses(settings().languages, settings().default_language)[kind]
    accept = {k.lower(): v for k, v in request_headers.items()}.get("accept")
    media = _media_type(accept, response["responseTemplates"])
    headers = {name.removeprefix("gatewayresponse.header."): value.strip("'")
               for name, value in response["responseParameters"].items()}
    return {"statusCode": int(response.get("statusCode", status)), "multiValueHeaders": {},
            "headers": {**refusal.headers, **headers, "Content-Type": media},
            "body": response["responseTemplates"][media]}


def install() -> None:
    global _installed
    if _installed:
        return
    original = local.LocalGateway.handle_request

    def handle_request(self: Any, method: str, path: str, headers: dict[str, str], body: bytes | None) -> Any:
        try:
            return original(self, method, path, headers, body)
        except local.LocalGatewayException as refusal:
            return gateway_answer(refusal, headers)

    local.RouteMatcher = GreedyRouteMatcher  # LocalGateway builds its matcher from this name
    local.LocalGateway.handle_request = handle_request
    _installed = True
