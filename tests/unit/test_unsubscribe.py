"""A person stops an event's organizer messages from the message itself (RFC 2369 and RFC 8058): one
click, no login; what they need about their seat still comes, and the organizer sees who left."""
from __future__ import annotations

import email
import email.policy
import re
from urllib.parse import unquote, urlsplit

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from tests.factories import person

pytestmark = pytest.mark.usefixtures("aws")
ONE_CLICK = {"Content-Type": "application/x-www-form-urlencoded"}
MULTIPART_ONE_CLICK = b'--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n'


def raw_sent() -> list[email.message.EmailMessage]:
    backend = ses_backends[DEFAULT_ACCOUNT_ID]["eu-central-1"]
    return [email.message_from_bytes(m.raw_data.encode(), policy=email.policy.strict)
            for m in backend.sent_messages]


def of_kind(kind: str, to: str | None = None) -> list[email.message.EmailMessage]:
    return [m for m in raw_sent() if m["X-Zapisy-Kind"] == kind and (to is None or m["To"] == to)]


@pytest.fixture
def api(as_admin):
    return as_admin


@pytest.fixture
def event_id(event_with_people):
    return event_with_people(5, [person(1, language="uk"), person(2, language="pl")])


def write(api, event_id: str) -> dict:
    status, body = api("POST", f"/api/organizer/events/{event_id}/messages",
                       {"subject": "Parking", "body": "Use the back entrance.", "to": ["all"]})
    assert status == 202
    return body


def unsubscribe_links(message) -> tuple[str, str]:
    """The https link and the mailto of List-Unsubscribe, in the order written."""
    found = re.findall(r"<([^>]+)>", str(message["List-Unsubscribe"]))
    assert len(found) == 2
    return found[0], found[1]


def test_organizer_messages_carry_one_click_unsubscribe_and_other_mail_does_not(api, event_id):
    write(api, event_id)
    [message] = of_kind("organizer_message", "person1@example.com")
    https, mailto = unsubscribe_links(message)
    assert urlsplit(https).scheme in ("http", "https") and "/unsubscribe/" in https
    assert mailto.startswith("mailto:zapisy@zapisy.example.org?subject=")
    assert unquote(mailto).endswith(https.rsplit("/", 1)[1].split("?")[0])
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Content-Language"] == "uk"
    text = next(p.get_content() for p in message.walk() if p.get_content_type() == "text/plain")
    assert urlsplit(https).path in text  # a link to read, for mail programs that show no button
    [confirmation] = of_kind("confirmation", "person1@example.com")
    assert confirmation["List-Unsubscribe"] is None and confirmation["List-Unsubscribe-Post"] is None


def test_the_link_shows_a_page_in_the_persons_language_and_a_get_changes_nothing(web, api, event_id):
    write(api, event_id)
    https, _ = unsubscribe_links(of_kind("organizer_message", "person1@example.com")[0])
    link = https.split("://", 1)[1].split("/", 1)[1]
    page = web.get("/" + link)
    assert page.status_code == 200 and page.headers["Content-Language"] == "uk"
    html = page.body.decode()
    assert 'lang="uk"' in html and f'action="/{link.split("?")[0]}"' in html and "<button" in html
    registrations = api("GET", f"/api/organizer/events/{event_id}/registrations")[1]["items"]
    assert all(r["messages_stopped_at"] is None for r in registrations)


def test_one_click_stops_organizer_messages_for_that_event_only(web, api, event_id, event_with_people):
    write(api, event_id)
    https, _ = unsubscribe_links(of_kind("organizer_message", "person1@example.com")[0])
    path = "/" + https.split("://", 1)[1].split("/", 1)[1]
    answer = web.post(path, headers=ONE_CLICK, body=b"List-Unsubscribe=One-Click")
    assert answer.status_code == 200 and "<button" not in answer.body.decode()
    again = web.post(path, headers={"Content-Type": "multipart/form-data; boundary=x"},
                     body=MULTIPART_ONE_CLICK)
    assert again.status_code == 200

    registrations = {r["email"]: r for r in api("GET", f"/api/organizer/events/{event_id}/registrations")[1]["items"]}
    stopped_at = registrations["person1@example.com"]["messages_stopped_at"]
    assert stopped_at and registrations["person2@example.com"]["messages_stopped_at"] is None
    assert write(api, event_id) == {"queued": 1, "left_out": 1}
    assert len(of_kind("organizer_message", "person1@example.com")) == 1  # only the one before
    assert len(of_kind("organizer_message", "person2@example.com")) == 2
    # what the person needs about their seat still comes
    assert api("PATCH", f"/api/organizer/events/{event_id}", {"venue": "Sala 2, Lublin"})[0] == 200
    assert len(of_kind("event_changed", "person1@example.com")) == 1
    # another event of the same person is not affected
    other = event_with_people(5, [person(1, language="uk")])
    assert write(api, other) == {"queued": 1, "left_out": 0}
    # the first time is kept
    later = {r["email"]: r for r in api("GET", f"/api/organizer/events/{event_id}/registrations")[1]["items"]}
    assert later["person1@example.com"]["messages_stopped_at"] == stopped_at


def test_a_message_queued_before_the_click_is_not_sent_after_it(api, event_id, settings_env):
    from chalicelib.emails.delivery import sweep
    from chalicelib.store import registrations as store

    settings_env(OUTBOX_MODE="queue", QUEUE_URL="")  # queued, left for the sweep
    write(api, event_id)
    assert of_kind("organizer_message") == []
    [registration] = [r for r in store.with_status(event_id, ("confirmed",)) if r.email == "person1@example.com"]
    assert store.stop_messages(event_id, registration.registration_id, registration.created_at)
    counts = sweep()
    assert counts["skipped"] >= 1 and [m["To"] for m in of_kind("organizer_message")] == ["person2@example.com"]
    assert sweep() == {"sent": 0, "skipped": 0, "failed": 0}  # nothing left over, nothing sent twice


@pytest.mark.parametrize("token", ["nothing", "a.b.c", "x" * 300])
def test_a_forged_or_malformed_link_is_not_found(web, event_id, token):
    for answer in (web.get(f"/unsubscribe/{token}"), web.post(f"/unsubscribe/{token}", headers=ONE_CLICK,
                                                               body=b"List-Unsubscribe=One-Click")):
        assert answer.status_code == 404


def test_a_link_with_another_registration_id_is_not_found(web, api, event_id):
    write(api, event_id)
    https, _ = unsubscribe_links(of_kind("organizer_message", "person1@example.com")[0])
    token = https.rsplit("/", 1)[1].split("?")[0]
    event, registration, mac = token.split(".")
    assert web.get(f"/unsubscribe/{event}.{registration[::-1]}.{mac}").status_code == 404
