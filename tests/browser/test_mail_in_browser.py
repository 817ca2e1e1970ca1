"""Mail as people meet it in a browser: the local mailbox's links and pictures work."""
from __future__ import annotations

import pytest

from tests.factories import person
from tests.stack_client import Api

ADDRESS = "mail-in-browser@example.com"


@pytest.fixture(scope="module")
def confirmed(stack) -> str:
    """One confirmed seat: its confirmation carries the manage link and the check-in QR code."""
    api = Api(stack)
    event_id = api.published_event()
    signed_up = api.request("POST", f"/api/events/{event_id}/registrations", body=person(1, email=ADDRESS))
    assert signed_up.status_code == 201, signed_up.text
    return event_id


def test_the_outbox_json_shows_each_messages_headers(api, confirmed):
    mail = next(m for m in api.outbox() if m["to"] == ADDRESS and m["kind"] == "confirmation")
    headers = {name.lower(): value for name, value in mail["headers"]}
    assert headers["to"] == ADDRESS and headers["content-language"] == "en"
    assert headers["subject"] == mail["subject"] and headers["message-id"].startswith("<")


def test_a_link_in_an_outbox_message_opens_and_the_qr_code_loads(desktop, confirmed):
    desktop.goto("/dev/outbox")
    frame = desktop.frame_locator("article:has-text('mail-in-browser@example.com') iframe").first
    qr = frame.locator("img[src^='data:image/png']")
    qr.wait_for()
    assert qr.evaluate("image => image.complete && image.naturalWidth") > 0
    link = frame.locator("a[href*='/manage/']").first
    href = link.get_attribute("href")
    link.click()
    desktop.wait_for_url(href)
    assert desktop.locator("h1").first.is_visible()
