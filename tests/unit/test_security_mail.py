"""Hostile text in e-mail: every kind keeps it inert in HTML, as typed in text, and out of the headers.

The messages go the whole way (outbox, compose, MIME, SES) and are read back from what SES received.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from chalice.test import Client

from chalicelib import auth
from chalicelib.emails.delivery import after_commit
from chalicelib.emails.render import EMAIL_KINDS
from chalicelib.events import service as events
from chalicelib.records import new_message
from chalicelib.registration import signup
from chalicelib.store import outbox
from chalicelib.store import registrations as registration_store
from chalicelib.store.convert import event_ref
from chalicelib.store.models import EventItem
from tests.conftest import ROOT
from tests.factories import admin, event_data, person, published_event
from tests.mailbox import sent
from tests.unit.hostile import RLO, assert_inert, assert_inert_text, hostile, shown

pytestmark = pytest.mark.usefixtures("aws")
TAGS = ("TITLE", "VENUE", "NAME", "SESSION", "SUBJECT", "BODY")
HEADERS = {"from", "to", "subject", "date", "message-id", "auto-submitted", "x-zapisy-kind", "mime-version",
           "content-type", "content-language"}
PAYLOADS = {"organizer_message": {"subject": hostile("SUBJECT"), "body": f"{hostile('BODY')}\n\nSee you."},
            "event_changed": {"changes": ["venue", "time"]}}


def table_items() -> int:
    import boto3

    return boto3.client("dynamodb").scan(TableName="zapisy-test", Select="COUNT")["Count"]


@pytest.fixture
def api():
    from app import app

    token = auth.issue_organizer_token(admin())
    with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
        def call(method: str, path: str, body=None, organizer: bool = False):
            headers = {"Content-Type": "application/json"}
            if organizer:
                headers["Authorization"] = f"Bearer {token}"
            response = client.http.request(method, path, headers=headers, body=json.dumps(body).encode())
            return response.status_code, json.loads(response.body) if response.body else None
        yield call


def one_line_headers(message) -> None:
    """Exactly the headers we set, each on one line, and exactly one recipient."""
    stoppable = {"list-unsubscribe", "list-unsubscribe-post"}
    stoppable = stoppable if message["X-Zapisy-Kind"] == "organizer_message" else set()
    assert {name.lower() for name in message} == HEADERS | stoppable
    assert len(message.get_all("To")) == 1 and len(message["To"].addresses) == 1
    for name in ("Subject", "To", "From", "X-Zapisy-Kind"):
        assert "\n" not in str(message[name]) and "\r" not in str(message[name]) and RLO not in str(message[name])


def parts(message) -> dict[str, str]:
    found = {}
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html", "text/calendar"):
            found[part.get_content_type()] = part.get_content() if part.get_content_type() != "text/calendar" \
                else part.get_payload(decode=True).decode()
    return found


def test_every_kind_of_e_mail_keeps_hostile_text_inert():
    start = (datetime.now(UTC) + timedelta(days=10)).replace(microsecond=0)
    item = events.create_event(admin(), event_data(
        kind="conference", title={"en": hostile("TITLE"), "pl": "Tytuł"}, venue=hostile("VENUE"),
        sessions=[{"id": "s1", "title": {"en": hostile("SESSION")}, "capacity": 3, "starts_at": start.isoformat(),
                   "ends_at": (start + timedelta(hours=1)).isoformat()}]))
    item = events.publish_event(admin(), item.event_id)
    outcome = signup.register(item, person(1, name=hostile("NAME"), sessions=["s1"]))
    deadline = {"deadline": (start - timedelta(days=1)).isoformat()}
    from chalicelib.certificates import issuing
    from chalicelib.store.registrations import load_registration

    issuing.issue(item, load_registration(item.event_id, outcome.registration_id), 1.0, "test", start)
    number = load_registration(item.event_id, outcome.registration_id).certificate_number
    payloads = {**PAYLOADS, "certificate": {"number": number}}  # its e-mail carries the real certificate
    messages = [new_message(kind, item.event_id, outcome.registration_id, dedupe_key=f"{kind}:test",
                            payload=payloads.get(kind, deadline)) for kind in EMAIL_KINDS]
    outbox.put_many(messages)
    after_commit(messages)

    received = {str(m["X-Zapisy-Kind"]): m for m in sent()}
    assert set(EMAIL_KINDS) <= set(received), set(EMAIL_KINDS) - set(received)
    for kind in EMAIL_KINDS:
        message = received[kind]
        one_line_headers(message)
        assert str(message["To"]) == "person1@example.com"
        if kind == "organizer_message":
            assert shown("SUBJECT") in str(message["Subject"])
        body = parts(message)
        assert_inert(body["text/html"], "TITLE")
        assert_inert_text(body["text/plain"], "TITLE")
        for tag in TAGS:  # whatever a kind shows of the hostile fields, it shows whole
            for text in (body["text/html"], body["text/plain"]):
                assert f'alert("{tag}")' not in text or shown(tag) in text.replace("&#34;", '"'), (kind, tag)
        if kind == "organizer_message":
            assert_inert(body["text/html"], "BODY")
            assert_inert_text(body["text/plain"], "BODY")
        if "text/calendar" in body:
            from icalendar import Calendar

            [vevent] = Calendar.from_ical(body["text/calendar"]).walk("VEVENT")
            assert str(vevent["SUMMARY"]) == shown("TITLE") and str(vevent["LOCATION"]) == shown("VENUE")
    assert "NAME" in json.dumps([parts(received[k])["text/plain"] for k in ("confirmation", "reminder")])


@pytest.mark.parametrize("subject", [
    "Hi\r\nBcc: evil@example.com", "Hi\nBcc: evil@example.com", "Hi\rBcc: evil@example.com",
    "Hi%0d%0aBcc: evil@example.com", "Hi\u2028Bcc: evil@example.com", "Hi\x85Bcc: evil@example.com",
    "Hi\r\n\r\n<html>body</html>", "=?utf-8?q?Hi=0D=0ABcc=3A_evil=40example=2Ecom?="])
def test_an_organizer_message_cannot_add_headers_or_recipients(api, subject):
    event = published_event()
    signup.register(event, person(1))
    status, body = api("POST", f"/api/organizer/events/{event.event_id}/messages",
                       {"subject": subject, "body": "Body\r\nBcc: evil@example.com\r\n\r\nmore", "to": ["all"]},
                       organizer=True)
    assert (status, body) == (202, {"queued": 1, "left_out": 0})
    [message] = [m for m in sent() if m["X-Zapisy-Kind"] == "organizer_message"]
    one_line_headers(message)
    assert str(message["To"]) == "person1@example.com" and message["Bcc"] is None
    assert "evil@example.com" not in str(message["To"])


@pytest.mark.parametrize("address", [
    "a@example.com\r\nBcc: evil@example.com", "a@example.com\nBcc: evil@example.com",
    "a@example.com%0d%0aBcc:evil@example.com", "a@example.com, evil@example.com", "a@example.com;evil@example.com",
    "Anna <a@example.com>", "a@example.com>\r\nBcc: <evil@example.com", '"a@example.com\r\nBcc:"@example.com'])
def test_an_address_with_a_smuggled_header_is_refused(api, address):
    event = published_event()
    before = table_items()
    status, body = api("POST", f"/api/events/{event.event_id}/registrations",
                       person(1, name="Anna\r\nBcc: evil@example.com", email=address))
    assert status == 400 and "email" in body["error"]["fields"]
    assert table_items() == before and sent() == []


def test_a_name_with_line_breaks_stays_on_one_line_and_out_of_the_headers(api):
    event = published_event()
    status, created = api("POST", f"/api/events/{event.event_id}/registrations",
                          person(1, name="Anna\r\nBcc: evil@example.com\r\n\r\n<b>x</b>"))
    assert status == 201
    stored = registration_store.load_registration(event.event_id, created["id"])
    assert stored.name == "Anna Bcc: evil@example.com <b>x</b>"
    [message] = sent()
    one_line_headers(message)
    assert "Anna" not in str(message["To"]) and message["Bcc"] is None


def test_a_title_stored_with_line_breaks_still_cannot_reach_the_headers():
    """Defence in depth: whatever the table holds, the message is built with one-line headers."""
    event = published_event()
    event_ref(event.event_id).update(actions=[EventItem.title.set(
        {"en": "Course\r\nBcc: evil@example.com\r\nX-Injected: yes", "pl": "Kurs\nBcc: evil@example.com"})])
    after_commit(signup.register(events.public_event(event.event_id), person(1)).messages)
    [message] = sent()
    one_line_headers(message)
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert "Course Bcc: evil@example.com X-Injected: yes" in str(message["Subject"])
