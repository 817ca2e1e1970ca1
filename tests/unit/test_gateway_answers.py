"""What the site answers where no page is: /robots.txt, zapisy's 404 for unknown paths, and API
Gateway's own refusals in zapisy's words (the deployed gateway responses, answered alike by the
local gateway that `chalice local` and Chalice's test client run)."""
from __future__ import annotations

import json
import re

import pytest

from chalicelib import auth
from tests.factories import admin

pytestmark = pytest.mark.usefixtures("aws")
REQUIRED = {"UNAUTHORIZED", "ACCESS_DENIED", "MISSING_AUTHENTICATION_TOKEN", "THROTTLED", "DEFAULT_4XX", "DEFAULT_5XX"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def deployed() -> dict:
    from chalicelib.web.gateway import gateway_responses

    return gateway_responses(("pl", "en", "uk"), "pl")


def error(response) -> dict:
    assert response.headers["Content-Type"].startswith("application/json"), response.headers
    body = json.loads(response.body)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]


def test_robots_txt_lets_the_public_pages_be_indexed_and_not_the_dashboard_or_personal_links(web):
    response = web.get("/robots.txt")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.body.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Allow: /events", "Allow: /privacy", "Allow: /accessibility"} <= set(lines)
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")}
    assert {"/organizer", "/manage", "/confirm", "/survey", "/unsubscribe", "/api/manage", "/dev"} <= disallowed
    assert not [path for path in disallowed if "/events".startswith(path) or path == "/"]


@pytest.mark.parametrize("path", ["/nope", "/wp-login.php", "/no/such/page", "/organizer/evnts", "/organizer/a/b"])
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_an_unknown_path_is_zapisys_404_page_in_the_readers_language(web, path, method):
    response = web.request(method, path, headers={"Accept-Language": "uk", "Accept": BROWSER,
                                                  "Content-Type": "application/x-www-form-urlencoded"}, body=b"a=1")
    assert response.status_code == 404
    page = response.body.decode()
    assert response.headers["Content-Type"] == "text/html; charset=utf-8" and '<html lang="uk"' in page
    assert "Сторінку не знайдено" in page and 'href="/events?lang=uk"' in page


def test_an_unknown_path_answers_head_without_a_body(web):
    response = web.request("HEAD", "/nope")
    assert response.status_code == 404 and not response.body


@pytest.mark.parametrize("path", ["/api/nope", "/api/v2/events"])
def test_an_unknown_api_path_is_the_apis_error_shape(web, path):
    response = web.request("POST", f"{path}?lang=en", headers={"Content-Type": "application/json"}, body=b"{}")
    assert response.status_code == 404
    assert error(response) == {"code": "not_found", "message": "Not found.", "fields": {}}
    assert error(web.get(f"{path}?lang=pl"))["code"] == "not_found"


def test_the_catch_alls_shadow_no_route():
    """Every route, asked for with its parameters filled, is still matched by itself."""
    from chalice import local

    from app import app

    matcher = local.RouteMatcher(list(app.routes))
    for route in app.routes:
        if route.endswith("{proxy+}"):
            continue
        concrete = re.sub(r"\{\w+\}", "x1", route)
        assert matcher.match_route(concrete).route == route, route
    assert matcher.match_route("/a/b/c").route == "/{proxy+}"
    assert matcher.match_route("/api/v2").route == "/api/{proxy+}"
    assert matcher.match_route("/organizer/a/b").route == "/organizer/{proxy+}"
    with pytest.raises(ValueError):  # below a known path, the gateway itself answers (no backtracking)
        matcher.match_route("/events/x1/registered/more")


def test_the_gateway_refuses_the_api_without_a_token_in_the_error_shape(web):
    response = web.get("/api/organizer/events")
    assert response.status_code == 401
    assert error(response)["code"] == "unauthorized"
    assert error(response)["message"] == "Aby to zobaczyć, zaloguj się jako organizator."  # the stage's default
    assert response.headers["Cache-Control"] == "no-store"


def test_the_gateway_refuses_a_bad_token_in_the_error_shape(web):
    token = auth.issue_organizer_token(admin(), ttl_seconds=-5)
    response = web.get("/api/organizer/events", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403 and error(response)["code"] == "forbidden"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer x"}], ids=["no-token", "a-token"])
def test_a_path_below_a_known_one_is_the_gateways_404(web, headers):
    response = web.get("/api/events/x1/registrations/more", headers=headers)
    assert response.status_code == 404 and error(response)["code"] == "not_found"


def test_a_browser_gets_the_gateways_refusal_as_a_page_in_every_language(web):
    response = web.get("/events/x1/registered/more", headers={"Accept": BROWSER})
    assert response.status_code == 404 and response.headers["Content-Type"] == "text/html"
    page = response.body.decode()
    assert page == deployed()["MISSING_AUTHENTICATION_TOKEN"]["responseTemplates"]["text/html"]
    assert re.findall(r'<section lang="(\w+)"', page) == ["pl", "en", "uk"] and '<html lang="pl">' in page
    assert "Nie znaleziono" in page and "Not found." in page and "&#1053;&#1077; &#1079;" in page  # "Не з…" (uk)


def test_the_local_gateway_answers_what_the_deployed_template_defines(web):
    for path, headers, kind, media in [
            ("/api/organizer/events", {}, "UNAUTHORIZED", "application/json"),
            ("/api/organizer/events", {"Accept": BROWSER}, "UNAUTHORIZED", "text/html"),
            ("/api/organizer/events", {"Authorization": "Bearer x", "Accept": "*/*"}, "ACCESS_DENIED",
             "application/json"),
            ("/events/x1/registered/more", {"Accept": "application/json"}, "MISSING_AUTHENTICATION_TOKEN",
             "application/json")]:
        response = web.get(path, headers=headers)
        definition = deployed()[kind]
        assert response.status_code == int(definition["statusCode"]), (path, kind)
        assert response.body.decode() == definition["responseTemplates"][media], (path, kind)
        for name, value in definition["responseParameters"].items():
            assert response.headers[name.removeprefix("gatewayresponse.header.")] == value.strip("'")


def test_the_gateway_responses_say_it_in_zapisys_words():
    responses = deployed()
    assert REQUIRED <= set(responses)
    assert {kind: responses[kind].get("statusCode") for kind in REQUIRED} == {
        "UNAUTHORIZED": "401", "ACCESS_DENIED": "403", "MISSING_AUTHENTICATION_TOKEN": "404", "THROTTLED": "429",
        "DEFAULT_4XX": None, "DEFAULT_5XX": None}  # the two families keep the gateway's own status
    for kind, response in responses.items():
        templates = response["responseTemplates"]
        assert set(templates) == {"application/json", "text/html"}
        assert all("$" not in body and body.isascii() for body in templates.values()), kind  # substituted, not rendered
        shape = json.loads(templates["application/json"])["error"]
        assert shape["code"] and shape["message"] and shape["fields"] == {}
        assert templates["text/html"].startswith("<!doctype html>") and "<main>" in templates["text/html"]
        assert all(value.startswith("'") and value.endswith("'") for value in response["responseParameters"].values())
    assert responses["THROTTLED"]["responseParameters"]["gatewayresponse.header.Retry-After"] == "'1'"
