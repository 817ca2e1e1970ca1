"""A participant's whole path over HTTP: register, read the e-mail SES got, manage, cancel."""
from __future__ import annotations

import email
import email.policy

from tests.factories import person


def mails_to(api, address: str) -> list[dict]:
    return [m for m in api.outbox() if m["to"] == address]


def manage_token(mail: dict) -> str:
    return mail["text"].split("/manage/")[1].split()[0]


def test_register_in_ukrainian_and_cancel_by_the_e_mail_link(api):
    event_id = api.published_event(capacity=1)
    olena = person(1, name="Олена Коваленко", email="olena.flow@example.com", language="uk")
    created = api.request("POST", f"/api/events/{event_id}/registrations", body=olena)
    assert created.status_code == 201 and created.json()["status"] == "confirmed"
    waiting = api.request("POST", f"/api/events/{event_id}/registrations",
                          body=person(2, email="second.flow@example.com", language="pl"))
    assert waiting.json()["status"] == "waitlisted"

    [confirmation] = mails_to(api, "olena.flow@example.com")
    assert confirmation["kind"] == "confirmation"
    assert "Семінар" in confirmation["subject"] and "Олена" in confirmation["text"]
    assert confirmation["attachments"] == ["checkin.png", "event.ics"]
    assert "<html lang=\"uk\"" in confirmation["html"]
    [waitlisted] = mails_to(api, "second.flow@example.com")
    assert waitlisted["kind"] == "waitlisted" and "Warsztat" in waitlisted["subject"]

    token = manage_token(confirmation)
    mine = api.request("GET", f"/api/manage/{token}?lang=uk").json()
    assert mine["status"] == "confirmed" and mine["event"]["title"] == "Семінар"
    assert api.request("DELETE", f"/api/manage/{token}").json()["status"] == "cancelled"
    assert api.request("DELETE", f"/api/manage/{token}").json()["status"] == "cancelled"  # idempotent

    kinds = [m["kind"] for m in mails_to(api, "olena.flow@example.com")]
    assert kinds == ["confirmation", "cancelled"]
    promoted = mails_to(api, "second.flow@example.com")[-1]
    assert promoted["kind"] == "promoted" and promoted["attachments"] == ["checkin.png", "event.ics"]


def test_a_double_submit_answers_as_the_first_and_sends_one_mail(api):
    """Later repeats (past 10 minutes) tell the owner the truth: tests/unit/test_registration.py,
    with the clock moved; here over HTTP, the double click."""
    event_id = api.published_event(capacity=5)
    first = api.request("POST", f"/api/events/{event_id}/registrations",
                        body=person(1, email="Twice.Flow@Example.com"))
    again = api.request("POST", f"/api/events/{event_id}/registrations",
                        body=person(1, email="  twice.flow@example.com ", name="Someone Else"))
    assert (first.status_code, again.status_code) == (201, 201) and first.json() == again.json()
    assert len(api.registrations(event_id)) == 1
    assert [m["kind"] for m in mails_to(api, "twice.flow@example.com")] == ["confirmation"]


def test_approval_flow_over_http(api):
    event_id = api.published_event(capacity=3, requires_approval=True)
    applied = api.request("POST", f"/api/events/{event_id}/registrations", body=person(1, email="apply@example.com"))
    assert applied.json()["status"] == "pending_approval"
    [registration] = api.registrations(event_id)
    path = f"/api/organizer/events/{event_id}/registrations/{registration['id']}"
    assert api.request("POST", f"{path}/approve").status_code in (401, 403)
    assert api.request("POST", f"{path}/approve", organizer=True).json()["status"] == "confirmed"
    assert [m["kind"] for m in mails_to(api, "apply@example.com")] == ["pending_approval", "confirmation"]


def test_sent_mail_is_real_mime(api):
    """What /dev/outbox.json reports is parsed from the raw message SES received."""
    import json
    import urllib.request

    with urllib.request.urlopen(f"{api.stack.moto.url}/_zapisy/sent-mail.json") as response:
        raw = json.load(response)["ses"]["RawMessage"]
    assert raw, "SES received nothing"
    message = email.message_from_string(raw[-1]["raw_data"], policy=email.policy.default)
    assert message.is_multipart() and message["X-Zapisy-Kind"]
