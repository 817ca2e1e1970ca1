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


def test_the_unsubscribe_page_on_a_phone_in_ukrainian(api, phone, confirmed):
    from tests.browser.support import axe_violations, describe_violations, screenshot

    address = "unsubscribe-uk@example.com"
    assert api.request("POST", f"/api/events/{confirmed}/registrations",
                       body=person(2, email=address, language="uk")).status_code == 201
    written = api.request("POST", f"/api/organizer/events/{confirmed}/messages", organizer=True,
                          body={"subject": "Паркування", "body": "Вхід з двору.", "to": ["all"]})
    assert written.status_code == 202, written.text
    mail = next(m for m in api.outbox() if m["to"] == address and m["kind"] == "organizer_message")
    headers = {name.lower(): value for name, value in mail["headers"]}
    assert headers["list-unsubscribe-post"] == "List-Unsubscribe=One-Click"
    link = headers["list-unsubscribe"].split("<", 1)[1].split(">", 1)[0]
    phone.goto(link)
    assert phone.evaluate("document.documentElement.lang") == "uk"
    button = phone.get_by_role("button", name="Відмовитися від повідомлень організатора")
    violations = axe_violations(phone)
    assert not violations, describe_violations(violations)
    screenshot(phone, "unsubscribe-uk")
    button.click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Повідомлення організатора вимкнено"
    assert phone.get_by_role("button").count() == 0
    violations = axe_violations(phone)
    assert not violations, describe_violations(violations)
    again = api.request("POST", f"/api/organizer/events/{confirmed}/messages", organizer=True,
                        body={"subject": "Ще раз", "body": "Текст.", "to": ["all"]})
    assert again.json()["left_out"] == 1
