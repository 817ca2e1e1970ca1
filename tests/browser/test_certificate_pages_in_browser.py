"""A certificate's public page in a real browser: valid, then revoked, and the holder's download on
their own page — in pl, en and uk, at phone and desktop widths, with no accessibility violations."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from chalicelib import auth
from chalicelib.i18n import gettext
from tests.browser.support import assert_accessible, screenshot
from tests.factories import person
from tests.stack_client import Api


@pytest.fixture(scope="module")
def issued(stack) -> dict[str, str]:
    api = Api(stack)
    event = api.published_event(capacity=5, title={"pl": "Szkolenie: prawo pracy", "en": "Training: labour law",
                                                    "uk": "Тренінг: трудове право"})
    registration = api.request("POST", f"/api/events/{event}/registrations",
                               body=person(1, name="Олена Коваленко", email="cert.page@example.com")).json()["id"]
    number = api.request("POST", f"/api/organizer/events/{event}/registrations/{registration}/certificate",
                         organizer=True).json()["certificate"]
    return {"event": event, "registration": registration, "number": number,
            "token": auth.manage_token(event, registration)}


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_the_public_page_says_valid_and_the_holder_can_download(page: Page, issued, lang):
    say = lambda text: gettext(lang, text)  # noqa: E731
    page.goto(f"/certificates/{issued['number']}?lang={lang}")
    expect(page.get_by_role("status")).to_have_text(say("This certificate is valid."))
    expect(page.locator("dl.meta")).to_contain_text("Олена Коваленко")
    assert_accessible(page)
    screenshot(page, f"certificate-valid-{lang}")
    page.goto(f"/manage/{issued['token']}?lang={lang}")
    link = page.get_by_role("link", name=say("Download your certificate of attendance (PDF)"))
    with page.expect_download() as download:
        link.click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    assert_accessible(page)


def test_a_revoked_certificate_says_so(page: Page, stack, issued):
    api = Api(stack)
    path = f"/api/organizer/events/{issued['event']}/registrations/{issued['registration']}/certificate"
    assert api.request("DELETE", path, organizer=True).status_code in (200, 409)
    for lang in ("pl", "en", "uk"):
        page.goto(f"/certificates/{issued['number']}?lang={lang}")
        revoked = gettext(lang, "This certificate was revoked. It is no longer valid.")
        expect(page.get_by_role("status")).to_have_text(revoked)
        assert_accessible(page)
        screenshot(page, f"certificate-revoked-{lang}")
