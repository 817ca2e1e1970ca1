"""Over HTTP to `chalice local`: unknown paths, the gateway's refusals, /robots.txt and a dashboard
page without a session answer as zapisy, not as a bare gateway (`{"message": ...}`, 403s)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "Accept-Language": "en"}


def get(stack, path: str, **headers: str) -> requests.Response:
    return requests.get(stack.url + path, headers=headers, allow_redirects=False, timeout=60)


def test_robots_txt(stack):
    response = get(stack, "/robots.txt")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /organizer\n" in response.text and "Allow: /events\n" in response.text


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_an_unknown_path_is_zapisys_404_page(stack, method):
    response = requests.request(method, stack.url + "/no/such/page", headers=BROWSER, timeout=60)
    assert response.status_code == 404 and response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="en"' in response.text and "Page not found" in response.text


def test_an_unknown_api_path_is_the_error_shape(stack):
    response = requests.post(stack.url + "/api/no-such-thing?lang=uk", json={}, timeout=60)
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Не знайдено.", "fields": {}}}


def test_the_gateways_refusals_are_what_the_deployed_template_defines(stack):
    from chalicelib.web.gateway import gateway_responses

    deployed = gateway_responses(("pl", "en", "uk"), "pl")
    unauthorized = get(stack, "/api/organizer/events")
    assert unauthorized.status_code == 401 and unauthorized.headers["Content-Type"] == "application/json"
    assert unauthorized.text == deployed["UNAUTHORIZED"]["responseTemplates"]["application/json"]
    assert unauthorized.json()["error"]["code"] == "unauthorized"
    denied = get(stack, "/api/organizer/events", Authorization="Bearer not-a-token")
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "forbidden"
    below = get(stack, "/events/x1/registered/more", **BROWSER)
    assert below.status_code == 404 and below.headers["Content-Type"] == "text/html"
    assert below.text == deployed["MISSING_AUTHENTICATION_TOKEN"]["responseTemplates"]["text/html"]


def test_a_dashboard_page_without_a_session_goes_to_the_login_and_comes_back(stack):
    asked = "/organizer/reports?lang=en"
    refused = get(stack, asked)
    assert refused.status_code == 303
    location = urlsplit(refused.headers["Location"])
    assert location.path == "/organizer/login" and parse_qs(location.query)["next"] == [asked]
    login = requests.get(stack.url + refused.headers["Location"], timeout=60)
    assert login.status_code == 200 and f'name="next" value="{asked}"' in login.text
    back = requests.post(stack.url + "/organizer/login", data={"role": "organizer", "project": "re-turn",
                                                               "next": asked}, allow_redirects=False, timeout=60)
    assert back.status_code == 303 and back.headers["Location"] == asked
    cookie = back.headers["Set-Cookie"].split(";")[0]  # Secure: a browser sends it to localhost, requests would not
    page = get(stack, asked, Cookie=cookie)
    assert page.status_code == 200 and "Funder reports" in page.text


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "BREW"])
@pytest.mark.parametrize("path", ["/api/events", "/api/organizer/events", "/events"])
def test_an_unknown_method_is_a_405_not_the_servers_501(stack, method, path):
    """The HTTP server itself knew only the usual methods: TRACE and the rest got its bare 501."""
    response = requests.request(method, stack.url + path + "?lang=en", timeout=60)
    assert response.status_code == 405, response.text[:300]
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "method_not_allowed"
        assert response.headers["Allow"]
