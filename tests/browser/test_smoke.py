"""The browser set-up works end to end: chromium renders the stack's pages, axe and the weighing run."""
from __future__ import annotations

import pytest

from tests.browser.support import axe_violations, describe_violations, page_weight, screenshot
from tests.factories import person
from tests.stack_client import Api

SMOKE_ADDRESS = "browser-smoke@example.com"


def test_template_preview_renders_at_each_width(page):
    page.goto("/dev/outbox?preview=1")
    heading = page.locator("h1")
    assert heading.is_visible()
    assert heading.inner_text() == "Every e-mail template in every language"
    assert page.evaluate("document.documentElement.lang")
    assert page.locator("article").count() >= 3  # every template in three languages
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the page scrolls sideways"
    path = screenshot(page, "outbox-preview")
    assert path.stat().st_size > 10_000


@pytest.fixture(scope="module")
def one_sign_up(stack):
    """One registration through the JSON API, so the mailbox shows a real confirmation."""
    api = Api(stack)
    event_id = api.published_event()
    signed_up = api.request("POST", f"/api/events/{event_id}/registrations", body=person(1, email=SMOKE_ADDRESS))
    assert signed_up.status_code == 201, signed_up.text


def test_mailbox_has_no_accessibility_violations(page, one_sign_up):
    page.goto("/dev/outbox")
    assert page.locator("article", has_text=SMOKE_ADDRESS).count() == 1
    # The outbox holds every message of this worker's browser tests, each in a frame: the full page
    # runs to tens of thousands of pixels, which a loaded machine could not capture in 30 s.
    screenshot(page, "outbox", full_page=False)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_template_preview_has_no_accessibility_violations(desktop):
    desktop.goto("/dev/outbox?preview=1")
    violations = axe_violations(desktop)
    assert not violations, describe_violations(violations)


def test_page_weight_counts_what_the_page_fetched(desktop, stack):
    weight = page_weight(desktop, stack.url + "/dev/outbox")
    assert weight["requests"] >= 1
    assert weight["bytes"] > 500  # at least the document and its headers
    assert weight["third_party"] == []
    assert weight["urls"][0] == stack.url + "/dev/outbox"
