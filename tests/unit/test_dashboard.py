"""The dashboard's session: one token, in an HttpOnly cookie, checked by every dashboard route."""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from chalicelib import auth
from chalicelib.organizers import session
from tests.factories import published_event

pytestmark = pytest.mark.usefixtures("aws")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}



def login(web, **fields) -> str:
    response = web.post("/organizer/login", headers=FORM, body=urlencode(
        {"role": "organizer", "project": "re-turn", "email": "ola@city.example", **fields}, doseq=True))
    assert response.status_code == 303, response.body
    cookie = response.headers["Set-Cookie"]
    assert {"HttpOnly", "Secure", "SameSite=Lax", "Path=/"} <= {part.strip() for part in cookie.split(";")}
    return cookie.split(";")[0]


def test_the_way_in_leads_to_the_login_then_to_the_events(web):
    assert web.get("/organizer").headers["Location"].startswith("/organizer/login")
    cookie = login(web)
    assert web.get("/organizer", headers={"Cookie": cookie}).headers["Location"].startswith("/organizer/events")


def test_pages_need_a_valid_session(web):
    cookie = login(web)
    name, token = cookie.split("=", 1)
    expired = auth.issue_organizer_token(auth.Organizer("x", "x@example.org", "admin", ()), ttl_seconds=-5)
    for headers in ({}, {"Cookie": "other=1"}, {"Cookie": f"{name}={token[:-3]}abc"}, {"Cookie": f"{name}={expired}"}):
        refused = web.get("/organizer/events?lang=uk", headers=headers)
        assert refused.status_code == 303, headers  # off to the login, and back here after it
        assert refused.headers["Location"] == "/organizer/login?next=%2Forganizer%2Fevents%3Flang%3Duk&lang=uk"
        assert "Set-Cookie" not in refused.headers and not refused.body
    assert web.get("/organizer/events", headers={"Cookie": cookie}).status_code == 200


def test_an_organizer_sees_only_the_events_of_their_projects(web):
    ours = published_event(project="re-turn", title={"pl": "Nasze wydarzenie"})
    published_event(project="epi", title={"pl": "Cudze wydarzenie"})
    page = web.get("/organizer/events?lang=pl", headers={"Cookie": login(web)}).body.decode()
    assert "Nasze wydarzenie" in page and "Cudze wydarzenie" not in page
    assert ours.event_id  # listed by title, in the organizer's language
    admin_page = web.get("/organizer/events", headers={"Cookie": login(web, role="admin", project=["re-turn", "epi"])})
    assert "Cudze wydarzenie" in admin_page.body.decode()


def test_logout_needs_the_forms_csrf_token_and_clears_the_cookie(web):
    cookie = login(web)
    page = web.get("/organizer/events", headers={"Cookie": cookie}).body.decode()
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    assert csrf == session.csrf_token(cookie.split("=", 1)[1])
    refused = web.post("/organizer/logout", headers={**FORM, "Cookie": cookie}, body="csrf=forged")
    assert refused.status_code == 403
    out = web.post("/organizer/logout", headers={**FORM, "Cookie": cookie}, body=urlencode({"csrf": csrf}))
    assert out.status_code == 303 and "Max-Age=0" in out.headers["Set-Cookie"]


def test_a_cross_site_login_post_is_refused(web):
    response = web.post("/organizer/login", headers={**FORM, "Origin": "https://evil.example", "Host": "zapisy.test"},
                        body="role=admin&project=re-turn")
    assert response.status_code == 403 and "Set-Cookie" not in response.headers


def test_the_development_login_exists_only_locally(web, settings_env):
    settings_env(STAGE="prod")
    assert web.get("/organizer/login").status_code == 404
    assert web.post("/organizer/login", headers=FORM, body="role=admin").status_code == 404


def test_the_event_page_lists_registrations_and_approves_from_the_table(web):
    from chalicelib.registration import signup
    from chalicelib.store import registrations as store
    from tests.factories import person

    event = published_event(project="re-turn", requires_approval=True, capacity=5)
    outcome = signup.register(event, person(1, name="Anna <Nowak>"))
    cookie = login(web)
    page = web.get(f"/organizer/events/{event.event_id}?lang=en", headers={"Cookie": cookie}).body.decode()
    assert "Anna &lt;Nowak&gt;" in page and "Waiting for approval" in page
    assert 'aria-label="Approve: Anna &lt;Nowak&gt;"' in page
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    path = f"/organizer/events/{event.event_id}/registrations/{outcome.registration_id}"
    forged = web.post(path, headers={**FORM, "Cookie": cookie}, body="action=approve&csrf=x")
    assert forged.status_code == 403
    done = web.post(path, headers={**FORM, "Cookie": cookie}, body=urlencode({"action": "approve", "csrf": csrf}))
    assert done.status_code == 303
    assert store.load_registration(event.event_id, outcome.registration_id).status == "confirmed"
    filtered = web.get(f"/organizer/events/{event.event_id}?lang=en&status=waitlisted", headers={"Cookie": cookie})
    assert "Anna" not in filtered.body.decode()


def test_downloads_work_with_the_session_and_only_for_ones_own_project(web):
    import csv
    import io

    from chalicelib.registration import signup
    from tests.factories import person

    ours = published_event(project="re-turn")
    theirs = published_event(project="epi")
    signup.register(ours, person(1, name="Олена"))
    cookie = login(web)
    response = web.get(f"/organizer/events/{ours.event_id}/attendees.csv", headers={"Cookie": cookie})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig")), delimiter=";"))  # a Polish reader's Excel
    assert rows[1][0] == "Олена"
    assert web.get(f"/organizer/events/{theirs.event_id}/attendees.csv", headers={"Cookie": cookie}).status_code == 404
    assert web.get(f"/organizer/events/{theirs.event_id}", headers={"Cookie": cookie}).status_code == 404


@pytest.mark.parametrize("path", ["/organizer/events", "/organizer/events/{id}", "/organizer/events/{id}/edit",
                                  "/organizer/events/{id}/checkin", "/organizer/events/{id}/series"])
def test_a_throttled_table_answers_a_dashboard_page_with_503_and_retry_after(web, path):
    from chalicelib.store.connection import shared_connection
    from tests.faults import Outage

    event = published_event(project="re-turn")
    cookie = login(web)
    throttled = Outage(shared_connection().client, "*", "ProvisionedThroughputExceededException")
    try:
        response = web.get(path.format(id=event.event_id) + "?lang=uk", headers={"Cookie": cookie})
    finally:
        throttled.end()
    assert throttled.calls >= 1
    assert response.status_code == 503, response.body[:300]
    assert response.headers["Retry-After"] == "2"
    assert response.headers["Content-Type"].startswith("text/html")
    page = response.body.decode()
    assert 'lang="uk"' in page and "Сервіс зараз зайнятий. Спробуйте ще раз за мить." in page


def test_a_throttled_table_answers_a_dashboard_form_post_with_503_in_the_forms_language(web):
    from chalicelib.store.connection import shared_connection
    from tests.faults import Outage

    event = published_event(project="re-turn")
    cookie = login(web)
    csrf = session.csrf_token(cookie.split("=", 1)[1])
    throttled = Outage(shared_connection().client, "*", "ThrottlingException")
    try:
        response = web.post(f"/organizer/events/{event.event_id}/cancel", headers={**FORM, "Cookie": cookie},
                            body=urlencode({"csrf": csrf, "lang": "en"}))
    finally:
        throttled.end()
    assert response.status_code == 503, response.body[:300]
    assert response.headers["Retry-After"] == "2"
    assert "The service is busy. Please try again in a moment." in response.body.decode()
    assert web.get(f"/organizer/events/{event.event_id}?lang=en", headers={"Cookie": cookie}).status_code == 200
