"""A dashboard page without a valid session: off to the login, and back to that page after it.

Every dashboard route is checked here without a session (so a route added without the check
fails), a form posted after the session ended is not replayed, and the login comes back only to
a dashboard page of this site.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from chalicelib import auth
from chalicelib.handlers.dashboard.shared import safe_next
from chalicelib.organizers import session
from tests.factories import person, published_event
from tests.unit.test_dashboard import FORM, login

pytestmark = pytest.mark.usefixtures("aws")
WAY_IN = {"/organizer", "/organizer/login", "/organizer/callback", "/organizer/{proxy+}"}


def login_target(response) -> str:
    """Where the login will bring the browser back: the `next` of a redirect to the login."""
    assert response.status_code == 303, (response.status_code, response.body[:200])
    location = urlsplit(response.headers["Location"])
    assert location.path == "/organizer/login", response.headers["Location"]
    return parse_qs(location.query)["next"][0]


def dashboard_routes() -> list[tuple[str, str]]:
    from app import app

    return sorted((method, path) for path, methods in app.routes.items() for method in methods
                  if path.startswith("/organizer") and path not in WAY_IN)


def table_items() -> int:
    import boto3

    return boto3.client("dynamodb").scan(TableName="zapisy-test", Select="COUNT")["Count"]


def _encoded(fields: dict[str, str], *, uploads: bool) -> tuple[str, bytes | str]:
    """The body a browser sends: a form, or for an upload form multipart with a small file."""
    if not uploads:
        return FORM["Content-Type"], urlencode(fields)
    from urllib3 import encode_multipart_formdata

    body, kind = encode_multipart_formdata({**fields, "logo": ("logo.png", b"not read", "image/png")})
    return kind, body


def test_every_dashboard_route_sends_a_visitor_without_a_session_to_the_login_and_runs_nothing(web):
    event = published_event(project="re-turn")
    expired = auth.issue_organizer_token(auth.Organizer("x", "x@city.example", "admin", ("re-turn",)), ttl_seconds=-1)
    before = table_items()
    routes = dashboard_routes()
    assert len(routes) >= 25 and ("POST", "/organizer/logout") in routes
    values = {"event_id": event.event_id, "file_name": "re-turn.csv"}
    for method, path in routes:
        concrete = re.sub(r"\{(\w+)\}", lambda found: values.get(found.group(1), "x1"), path)
        for cookie in ("", f"{session.COOKIE}={expired}"):
            headers = {"Cookie": cookie} if cookie else {}
            if method == "GET":
                response = web.get(f"{concrete}?lang=en&x=1", headers=headers)
                assert login_target(response) == f"{concrete}?lang=en&x=1", (method, path)
            else:
                fields = {"csrf": session.csrf_token(expired), "lang": "uk", "action": "approve", "confirm": "yes"}
                upload = path.endswith(("/logo", "/logos"))  # its form's action carries the language too
                kind, body = _encoded(fields, uploads=upload)
                sent_from = {"Referer": "http://zapisy.test/organizer/reports?lang=uk", "Host": "zapisy.test"}
                response = web.post(concrete + ("?lang=uk" if upload else ""),
                                    headers={**headers, **sent_from, "Content-Type": kind}, body=body)
                assert login_target(response) == "/organizer/reports?lang=uk", (method, path)
            assert response.headers["Location"].endswith("&lang=" + ("en" if method == "GET" else "uk"))
    assert table_items() == before


def test_a_form_posted_after_the_session_ended_is_not_replayed_and_the_login_returns_to_its_page(web):
    from chalicelib.registration import signup
    from chalicelib.store import registrations as store

    event = published_event(project="re-turn", requires_approval=True, capacity=5)
    outcome = signup.register(event, person(1))
    page = f"/organizer/events/{event.event_id}?lang=pl&status=waitlisted"
    cookie = login(web)
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', web.get(page, headers={"Cookie": cookie}).body.decode())[1]
    ended = web.post(f"/organizer/events/{event.event_id}/registrations/{outcome.registration_id}",
                     headers={**FORM, "Host": "zapisy.test", "Referer": f"http://zapisy.test{page}"},
                     body=urlencode({"action": "approve", "csrf": csrf, "lang": "pl"}))
    assert login_target(ended) == page
    assert store.load_registration(event.event_id, outcome.registration_id).status != "confirmed"
    back = web.post("/organizer/login", headers=FORM, body=urlencode({"role": "organizer", "project": "re-turn",
                                                                       "next": page}))
    assert back.status_code == 303 and back.headers["Location"] == page
    fresh = back.headers["Set-Cookie"].split(";")[0]
    assert web.get(back.headers["Location"], headers={"Cookie": fresh}).status_code == 200


def test_a_post_from_another_site_or_without_referer_comes_back_to_the_events(web):
    for headers in ({}, {"Host": "zapisy.test", "Referer": "https://evil.example/organizer/reports"},
                    {"Host": "zapisy.test", "Referer": "http://zapisy.test/organizer/login?next=/x"}):
        response = web.post("/organizer/events/new", headers={**FORM, **headers}, body="title=x")
        assert login_target(response) == "/organizer/events", headers


@pytest.mark.parametrize("language, notice", [
    ("pl", "Zaloguj się, aby kontynuować."), ("en", "Log in to continue."), ("uk", "Увійдіть, щоб продовжити.")])
def test_the_login_page_says_why_and_keeps_where_to_come_back_to(web, language, notice):
    page = web.get(f"/organizer/login?lang={language}&next=%2Forganizer%2Freports%3Flang%3D{language}").body.decode()
    assert notice in page
    assert f'<input type="hidden" name="next" value="/organizer/reports?lang={language}">' in page
    switch = re.findall(r'href="(/organizer/login\?[^"]+)" lang="(\w+)"', page)
    assert len(switch) == 3 and all("next=%2Forganizer%2Freports" in href for href, _ in switch)
    plain = web.get(f"/organizer/login?lang={language}").body.decode()
    assert notice not in plain and 'name="next"' not in plain


@pytest.mark.parametrize("next_page", [
    "https://evil.example/organizer/events", "//evil.example/organizer/events", "/\\evil.example",
    "/events", "/organizer/login?next=/organizer/events", "/organizer/logout", "/organizer/../events",
    "/organizer/%2e%2e/events", "/organizer/events\r\nSet-Cookie: x=1", "javascript:alert(1)", "/organizer/ev ents",
    "/organizer/events#top", "/organizer/" + "a" * 1200, "/organizer/żółw"])
def test_the_login_never_comes_back_to_another_site_or_the_way_in(web, next_page):
    assert safe_next(next_page) == ""
    done = web.post("/organizer/login", headers=FORM, body=urlencode({"role": "organizer", "next": next_page}))
    assert done.status_code == 303 and done.headers["Location"] == "/organizer/events?lang=pl"


@pytest.mark.parametrize("next_page", ["/organizer/events", "/organizer/events/e1/edit?lang=uk&x=%2F",
                                       "/organizer/reports?project=re-turn&lang=en"])
def test_the_login_comes_back_to_a_dashboard_page(next_page):
    assert safe_next(next_page) == next_page
