"""The JSON API through Chalice's own test client (the app, its authorizer and middleware)."""
from __future__ import annotations

import json
import time

import jwt
import pytest

from chalicelib import auth
from tests.factories import admin, event_data, person

pytestmark = pytest.mark.usefixtures("aws")
PUBLIC_PATHS = {"/", "/organizer", "/organizer/login", "/organizer/callback",  # the way in to the dashboard
                "/robots.txt", "/{proxy+}", "/api/{proxy+}", "/organizer/{proxy+}"}  # and the 404 for unknown paths
PUBLIC_PREFIXES = ("/api/events", "/api/manage", "/dev/", "/events", "/manage/", "/confirm/", "/survey/",
                   "/unsubscribe/", "/privacy", "/logos/", "/certificates/", "/accessibility")



def bearer(organizer=None) -> dict[str, str]:
    return {"Authorization": f"Bearer {auth.issue_organizer_token(organizer or admin())}",
            "Content-Type": "application/json"}


def call(client, method: str, path: str, body=None, headers=None):
    headers = {"Content-Type": "application/json", **(headers or {})}
    raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
    response = client.http.request(method, path, headers=headers, body=raw or b"")
    return response.status_code, (json.loads(response.body) if response.body else None)


def create_published(client, **overrides) -> str:
    status, created = call(client, "POST", "/api/organizer/events", event_data(**overrides), bearer())
    assert status == 201, created
    assert call(client, "POST", f"/api/organizer/events/{created['id']}/publish", headers=bearer())[0] == 200
    return created["id"]


def test_every_non_public_route_has_the_authorizer():
    from app import app

    unguarded = [(path, method) for path, methods in app.routes.items() for method, entry in methods.items()
                 if path not in PUBLIC_PATHS and not path.startswith(PUBLIC_PREFIXES) and entry.authorizer is None
                 and not path.startswith("/organizer/")]  # the dashboard checks its session itself: test_dashboard.py
    assert unguarded == []
    guarded = [path for path, methods in app.routes.items() for entry in methods.values() if entry.authorizer]
    assert all(path.startswith("/api/organizer/") for path in guarded) and guarded


@pytest.mark.parametrize("token", [
    None,
    "not-a-jwt",
    jwt.encode({"sub": "x", "role": "admin", "projects": ["*"], "iss": "zapisy", "aud": "zapisy-organizer",
                "iat": int(time.time()), "exp": int(time.time()) + 60}, key=None, algorithm="none"),
    jwt.encode({"sub": "x", "role": "admin", "projects": ["*"], "iss": "zapisy", "aud": "zapisy-organizer",
                "iat": int(time.time()), "exp": int(time.time()) + 60}, "another-key-of-sufficient-length-123456",
               algorithm="HS256"),
], ids=["missing", "garbage", "alg-none", "other-key"])
def test_organizer_routes_refuse_bad_tokens(client, token):
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    status, _ = call(client, "GET", "/api/organizer/events", headers=headers)
    assert status in (401, 403)


def test_expired_wrong_issuer_and_tampered_tokens_are_refused(client):
    good = auth.issue_organizer_token(admin())
    header, payload, signature = good.split(".")
    tampered = f"{header}.{payload[:-2]}xx.{signature}"
    expired = auth.issue_organizer_token(admin(), ttl_seconds=-10)
    key = auth._derived_key("organizer-jwt")
    claims = {"sub": "x", "role": "admin", "projects": ["re-turn"], "iat": int(time.time()),
              "exp": int(time.time()) + 60}
    wrong_issuer = jwt.encode({**claims, "iss": "someone", "aud": auth.AUDIENCE}, key, algorithm="HS256")
    wrong_audience = jwt.encode({**claims, "iss": auth.ISSUER, "aud": "other"}, key, algorithm="HS256")
    for token in (tampered, expired, wrong_issuer, wrong_audience):
        assert call(client, "GET", "/api/organizer/events", headers={"Authorization": f"Bearer {token}"})[0] == 403
    assert call(client, "GET", "/api/organizer/events", headers={"Authorization": f"Bearer {good}"})[0] == 200


def test_organizer_creates_edits_publishes_and_cancels(client):
    status, created = call(client, "POST", "/api/organizer/events", event_data(capacity=30), bearer())
    assert status == 201 and created["status"] == "draft" and created["id"]
    event_id = created["id"]
    assert call(client, "GET", f"/api/events/{event_id}")[0] == 404  # drafts are not public
    status, edited = call(client, "PATCH", f"/api/organizer/events/{event_id}",
                          {"venue": "Lublin", "capacity": 40, "reminders": ["3d", "2h"]}, bearer())
    assert status == 200 and edited["venue"] == "Lublin" and edited["capacity"] == 40
    assert edited["reminders"] == ["3d", "2h"]
    published = call(client, "POST", f"/api/organizer/events/{event_id}/publish", headers=bearer())[1]
    assert published["status"] == "published"
    status, public = call(client, "GET", f"/api/events/{event_id}?lang=uk")
    assert status == 200 and public["title"] == "Семінар" and public["seats_left"] == 40
    listed = call(client, "GET", "/api/events")[1]
    assert [e["id"] for e in listed["items"]] == [event_id] and listed["next"] is None
    cancelled = call(client, "POST", f"/api/organizer/events/{event_id}/cancel", headers=bearer())[1]
    assert cancelled["status"] == "cancelled"
    assert call(client, "GET", "/api/events")[1]["items"] == []


def test_organizer_of_another_project_sees_nothing(client):
    event_id = create_published(client)
    stranger = auth.Organizer("o-2", "o2@example.org", "organizer", ("epi",))
    assert call(client, "GET", f"/api/organizer/events/{event_id}", headers=bearer(stranger))[0] == 404
    assert call(client, "GET", f"/api/organizer/events/{event_id}/registrations", headers=bearer(stranger))[0] == 404
    assert call(client, "GET", "/api/organizer/events", headers=bearer(stranger))[1]["items"] == []


def test_register_then_manage_and_cancel_by_link(client):
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    event_id = create_published(client, capacity=1)
    status, body = call(client, "POST", f"/api/events/{event_id}/registrations", person(1, language="pl"))
    assert (status, body["status"]) == (201, "confirmed")
    status, body = call(client, "POST", f"/api/events/{event_id}/registrations", person(2))
    assert (status, body["status"]) == (201, "waitlisted")
    mails = ses_backends[DEFAULT_ACCOUNT_ID]["eu-central-1"].sent_messages
    link = next(m.raw_data for m in mails if "person1@" in m.raw_data)
    token = link.split("http://zapisy.test/manage/")[1].split()[0].strip().strip('"').split("<")[0]
    status, mine = call(client, "GET", f"/api/manage/{token}")
    assert status == 200 and mine["status"] == "confirmed" and mine["email"] == "person1@example.com"
    assert call(client, "DELETE", f"/api/manage/{token}")[1]["status"] == "cancelled"
    registrations = call(client, "GET", f"/api/organizer/events/{event_id}/registrations", headers=bearer())[1]
    assert {r["email"]: r["status"] for r in registrations["items"]} == {
        "person1@example.com": "cancelled", "person2@example.com": "confirmed"}
    assert call(client, "GET", "/api/manage/" + "x" * 43)[0] == 404


@pytest.mark.parametrize("headers,body,status,code", [
    ({"Content-Type": "text/plain"}, "hello", 415, "unsupported_media_type"),
    ({}, "{not json", 400, "invalid_json"),
    ({}, json.dumps({"name": "x" * (70 * 1024)}), 413, "too_large"),
    ({}, "[1, 2]", 400, "invalid"),
])
def test_bad_requests_get_clear_errors(client, headers, body, status, code):
    event_id = create_published(client)
    got, error = call(client, "POST", f"/api/events/{event_id}/registrations", body, headers)
    assert (got, error["error"]["code"]) == (status, code)
    assert error["error"]["message"]


def test_errors_speak_the_requests_language(client):
    event_id = create_published(client)
    status, error = call(client, "POST", f"/api/events/{event_id}/registrations",
                         {"name": "Ola", "email": "nope", "language": "pl", "consent": True})
    assert status == 400
    assert error["error"]["fields"]["email"] != "Enter an e-mail address like name@example.com."
    status, error = call(client, "GET", "/api/events/nope", headers={"Accept-Language": "uk-UA,uk;q=0.9"})
    assert status == 404 and error["error"]["code"] == "event_not_found"
    assert error["error"]["message"] != "This event does not exist or is no longer available."


def test_bad_cursor_and_limit_are_refused(client):
    assert call(client, "GET", "/api/events?cursor=%%%")[0] == 400
    assert call(client, "GET", "/api/events?limit=0")[0] == 400
    foreign = "eyJwayI6IkVWRU5UI3giLCJzayI6Ik1FVEEifQ"  # a key of another query
    assert call(client, "GET", "/api/events?cursor=" + foreign)[0] == 400


def test_dev_routes_exist_only_in_the_local_stage(client, settings_env):
    assert call(client, "POST", "/dev/jobs/outbox")[0] == 200
    settings_env(STAGE="prod")
    assert call(client, "GET", "/dev/outbox.json")[0] == 404
    assert call(client, "POST", "/dev/jobs/outbox")[0] == 404


def test_a_registration_costs_the_event_read_the_source_counter_and_one_transaction(client, settings_env, request):
    event_id = create_published(client, capacity=5)
    settings_env(OUTBOX_MODE="queue", QUEUE_URL="")  # as in AWS: delivery happens elsewhere
    calls = request.getfixturevalue("dynamodb_calls")  # counting starts here
    status, body = call(client, "POST", f"/api/events/{event_id}/registrations", person(1))
    assert (status, body["status"]) == (201, "confirmed")
    # the event (definition and seat counters, one Query) is read once per container
    # (events/recent.py); the source's sign-up counter (application/participant/limits.py); the
    # directory, in one Query once a minute per container (institutions/recent.py), for the privacy
    # notice version the consent records; then the one transaction, which counts the address too
    assert calls == ["Query", "UpdateItem", "Query", "TransactWriteItems"]


def test_the_registrations_api_filters_like_the_dashboard(client):
    event_id = create_published(client, capacity=1)
    for n, name in ((1, "Łucja Żak"), (2, "Олена Коваленко"), (3, "John Smith")):
        call(client, "POST", f"/api/events/{event_id}/registrations", person(n, name=name))
    path = f"/api/organizer/events/{event_id}/registrations"
    status, body = call(client, "GET", path + "?status=waitlisted", headers=bearer())
    assert status == 200 and sorted(i["name"] for i in body["items"]) == ["John Smith", "Олена Коваленко"]
    status, body = call(client, "GET", path + "?q=lucja", headers=bearer())
    assert [i["name"] for i in body["items"]] == ["Łucja Żak"]
    status, body = call(client, "GET", path + "?status=bogus", headers=bearer())
    assert status == 400 and "status" in body["error"]["fields"]


def test_an_organizer_of_two_projects_lists_both_page_by_page_and_can_narrow_to_one(client, dynamodb_calls):
    from datetime import UTC, datetime, timedelta

    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=20)
    ids = {}
    for hours, project in ((0, "re-turn"), (5, "epi"), (10, "other"), (15, "re-turn"), (20, "epi"), (25, "re-turn")):
        begins = start + timedelta(hours=hours)
        ids[hours] = create_published(client, project=project, starts_at=begins.isoformat(),
                                      ends_at=(begins + timedelta(hours=1)).isoformat())
    ours = [ids[h] for h in (0, 5, 15, 20, 25)]  # by start time, the other project's event left out
    both = bearer(auth.Organizer("o-2", "o2@example.org", "organizer", ("re-turn", "epi")))
    status, everything = call(client, "GET", "/api/organizer/events", headers=both)
    assert status == 200 and [e["id"] for e in everything["items"]] == ours and everything["next"] is None

    dynamodb_calls.clear()
    seen, cursor, pages = [], "", 0
    while True:
        status, page = call(client, "GET", "/api/organizer/events?limit=2" + (f"&cursor={cursor}" if cursor else ""),
                            headers=both)
        assert status == 200 and len(page["items"]) <= 2
        seen += [e["id"] for e in page["items"]]
        pages, cursor = pages + 1, page["next"]
        if not cursor:
            break
    assert seen == ours and pages == 3
    # one Query a project, no Scan, and one BatchGetItem of the page's seat counters
    assert set(dynamodb_calls) == {"Query", "BatchGetItem"} and len(dynamodb_calls) == 3 * pages

    status, narrowed = call(client, "GET", "/api/organizer/events?project=epi", headers=both)
    assert [e["id"] for e in narrowed["items"]] == [ids[5], ids[20]]
    assert call(client, "GET", "/api/organizer/events?project=other", headers=both)[0] == 403
    first = call(client, "GET", "/api/organizer/events?limit=2", headers=both)[1]["next"]
    assert call(client, "GET", f"/api/organizer/events?project=epi&cursor={first}", headers=both)[0] == 400
    single = call(client, "GET", "/api/organizer/events?project=epi&limit=1", headers=both)[1]["next"]
    assert call(client, "GET", f"/api/organizer/events?cursor={single}", headers=both)[0] == 400


def test_a_patch_changes_one_language_of_a_text_and_keeps_the_others(client):
    """A translation map merges: a language given replaces that one, null removes it; a required text
    keeps at least one language."""
    body = event_data(title={"pl": "Seminarium", "en": "Seminar", "uk": "Семінар"},
                      description={"pl": "Opis", "en": "About"})
    status, created = call(client, "POST", "/api/organizer/events", body, bearer())
    assert status == 201, created
    path = f"/api/organizer/events/{created['id']}"
    status, edited = call(client, "PATCH", path, {"title": {"uk": "Новий семінар"}, "description": {"en": None}},
                          bearer())
    assert status == 200, edited
    assert edited["title"] == {"pl": "Seminarium", "en": "Seminar", "uk": "Новий семінар"}
    assert edited["description"] == {"pl": "Opis"}
    status, edited = call(client, "PATCH", path, {"title": {"pl": None, "en": None}}, bearer())
    assert status == 200 and edited["title"] == {"uk": "Новий семінар"}
    status, refused = call(client, "PATCH", path, {"title": {"uk": None}}, bearer())
    assert status == 400 and "title" in refused["error"]["fields"], refused
    assert call(client, "GET", path, headers=bearer())[1]["title"] == {"uk": "Новий семінар"}
    status, edited = call(client, "PATCH", path, {"title": "One title"}, bearer())
    assert status == 200 and edited["title"] == {"*": "One title"}


def test_the_event_list_refuses_a_project_filter_that_is_no_project_id(client):
    """The spec's rule for `?project=`: empty means every project, anything but an id is a 400."""
    event_id = create_published(client)
    assert call(client, "GET", "/api/organizer/events?project=0.5", headers=bearer())[0] == 400
    status, listed = call(client, "GET", "/api/organizer/events?project=", headers=bearer())
    assert status == 200 and [e["id"] for e in listed["items"]] == [event_id]
