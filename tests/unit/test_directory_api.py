"""Institutions, projects and logos through the organizer API, and logos as the public sees them."""
from __future__ import annotations

import io
import json

import png
import pytest

from chalicelib import auth
from chalicelib.auth import Organizer
from tests.factories import admin

pytestmark = pytest.mark.usefixtures("aws")
ORGANIZER = Organizer("o-1", "o@example.org", "organizer", ("epi",))


def headers(organizer=None, content_type: str = "application/json", language: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {auth.issue_organizer_token(organizer or admin())}", "Content-Type": content_type,
            "Accept-Language": language}


def call(client, method: str, path: str, body=None, organizer=None, content_type="application/json", language="en"):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
    response = client.http.request(method, path, headers=headers(organizer, content_type, language), body=raw)
    return response.status_code, (json.loads(response.body) if response.body and
                                  response.headers.get("Content-Type", "").startswith("application/json") else None)


IMG = {"Accept": "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"}  # what <img> asks with


def a_png() -> bytes:
    out = io.BytesIO()
    png.Writer(2, 2, greyscale=True).write(out, [[0, 255], [255, 0]])
    return out.getvalue()


def set_up(client) -> None:
    assert call(client, "POST", "/api/organizer/institutions", {
        "id": "lublin", "name": {"pl": "Urząd Miasta Lublin", "en": "City of Lublin"},
        "dpo_email": "iod@lublin.eu"})[0] == 201
    assert call(client, "POST", "/api/organizer/projects", {
        "id": "epi", "institution": "lublin", "name": {"en": "EPI"}, "eu_emblem": True})[0] == 201
    assert call(client, "POST", "/api/organizer/projects", {
        "id": "other", "institution": "lublin", "name": {"en": "Other"}})[0] == 201


def test_administrators_set_up_institutions_and_projects_and_organizers_read_theirs(client):
    set_up(client)
    status, body = call(client, "POST", "/api/organizer/institutions", {"id": "x", "name": "X"}, ORGANIZER)
    assert status == 403 and body["error"]["code"] == "forbidden"
    status, body = call(client, "PATCH", "/api/organizer/projects/epi", {"name": {"en": "Mine"}}, ORGANIZER)
    assert status == 403
    status, body = call(client, "GET", "/api/organizer/projects", organizer=ORGANIZER)
    assert status == 200 and [p["id"] for p in body["items"]] == ["epi"]
    assert call(client, "GET", "/api/organizer/projects/other", organizer=ORGANIZER)[0] == 404
    status, project = call(client, "PATCH", "/api/organizer/projects/epi", {"purposes": {"pl": "Rekrutacja"}})
    assert status == 200 and project["privacy_version"] == 2 and project["institution"] == "lublin"
    status, institution = call(client, "GET", "/api/organizer/institutions/lublin", organizer=ORGANIZER)
    assert status == 200 and institution["dpo_email"] == "iod@lublin.eu" and institution["logo"] is None


def test_bad_fields_are_refused_in_the_readers_language(client):
    set_up(client)
    status, body = call(client, "PATCH", "/api/organizer/institutions/lublin", {"email": "nope", "website": "ftp://x"},
                        language="pl")
    assert status == 400 and set(body["error"]["fields"]) == {"email", "website"}
    assert body["error"]["fields"]["email"].startswith("Wpisz adres e-mail")


@pytest.mark.parametrize("why,data,content_type", [
    ("not an image", b"just some text", "text/plain"),
    ("a pdf", b"%PDF-1.7 not a picture", "image/png"),
    ("too large", b"\x89PNG\r\n\x1a\n" + b"\0" * 210_000, "image/png"),
    ("scripts", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
])
def test_a_logo_upload_refuses_what_is_not_a_safe_image_with_a_clear_message(client, why, data, content_type):
    set_up(client)
    status, body = call(client, "PUT", "/api/organizer/institutions/lublin/logo", data, content_type=content_type,
                        language="uk")
    assert status in (400, 413, 415), why
    if status == 400:  # said in the reader's language (Ukrainian here)
        assert set(body["error"]["fields"]) == {"logo"} and "\u0400" <= body["error"]["fields"]["logo"][0] <= "\u04ff"
    status, institution = call(client, "GET", "/api/organizer/institutions/lublin")
    assert institution["logo"] is None


def test_an_uploaded_logo_is_served_so_that_nothing_in_it_runs(client):
    set_up(client)
    status, saved = call(client, "PUT", "/api/organizer/institutions/lublin/logo", a_png(), content_type="image/png")
    assert status == 201
    response = client.http.get(saved["url"], headers=IMG)
    assert response.status_code == 200 and response.body == a_png()
    assert response.headers["Content-Type"] == "image/png" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" fill="#039"/></svg>'
    status, second = call(client, "POST", "/api/organizer/projects/epi/logos", svg, content_type="image/svg+xml")
    assert status == 201 and client.http.get(second["url"], headers=IMG).headers["Content-Type"] == "image/svg+xml"
    assert client.http.get("/logos/nothing-here", headers=IMG).status_code == 404
    assert call(client, "DELETE", f"/api/organizer/projects/epi/logos/{second['id']}")[0] == 204
    assert client.http.get(second["url"], headers=IMG).status_code == 404


def test_a_logo_is_removed_only_through_the_project_that_shows_it(client):
    set_up(client)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'
    status, theirs = call(client, "POST", "/api/organizer/projects/epi/logos", svg, content_type="image/svg+xml")
    assert status == 201
    assert call(client, "DELETE", f"/api/organizer/projects/other/logos/{theirs['id']}")[0] == 404
    assert client.http.get(theirs["url"], headers=IMG).status_code == 200  # still there for the project showing it
    shown = call(client, "GET", "/api/organizer/projects/epi")[1]["funder_logos"]
    assert [logo["id"] for logo in shown] == [theirs["id"]]
    status, refused = call(client, "GET", "/api/organizer/projects/other", organizer=ORGANIZER)  # not theirs
    assert status == 404 and refused["error"]["code"] == "not_found"  # a project, not "this event does not exist"


def test_the_daily_schedule_gives_events_written_before_projects_were_records_their_project(client):
    from chalicelib.store import directory as store
    from tests.factories import published_event

    published_event(project="legacy-project")
    assert store.load_project("legacy-project") is None
    answer = client.lambda_.invoke("retention", client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]))
    assert answer.payload["directory"] == {"projects": 1, "institutions": 1, "seat_counters_moved": 0}
    assert store.load_project("legacy-project").institution_id == "institution"  # a placeholder to complete


def test_an_id_already_taken_and_a_seventh_logo_are_conflicts_with_what_is_stored(client):
    set_up(client)
    status, body = call(client, "POST", "/api/organizer/institutions", {"id": "lublin", "name": "Again"})
    assert status == 409 and body["error"]["code"] == "conflict" and list(body["error"]["fields"]) == ["id"]
    status, body = call(client, "POST", "/api/organizer/projects", {"id": "epi", "institution": "lublin", "name": "X"})
    assert status == 409 and list(body["error"]["fields"]) == ["id"]
    for _ in range(6):
        assert call(client, "POST", "/api/organizer/projects/epi/logos", a_png(), content_type="image/png")[0] == 201
    status, body = call(client, "POST", "/api/organizer/projects/epi/logos", a_png(), content_type="image/png")
    assert status == 409 and list(body["error"]["fields"]) == ["logo"]


@pytest.mark.parametrize("value, status", [("2026-11-02", 200), ("", 200), (None, 200), ("20261102", 400),
                                           (" 2026-11-02", 400), (20261102, 400)])
def test_a_statement_date_is_a_date_as_written_or_none(client, value, status):
    set_up(client)
    answered, _ = call(client, "PATCH", "/api/organizer/institutions/lublin", {"statement_published": value})
    assert answered == status
