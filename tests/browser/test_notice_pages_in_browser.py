"""The privacy notice and the accessibility statement in a real browser: filled from the records, in
every language, at phone and desktop widths, with no accessibility violations; the event's form
leads to its project's notice."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, screenshot
from tests.stack_client import Api
from tests.unit.test_notices import EPI, LUBLIN


@pytest.fixture(scope="module")
def records(stack) -> str:
    """The institution and its project, set up once through the API (an administrator's token)."""
    api = Api(stack)
    for path, body in (("/api/organizer/institutions", LUBLIN), ("/api/organizer/projects", EPI)):
        created = api.request("POST", path, body=body, organizer=True)
        assert created.status_code in (201, 400), created.text  # 400: set up by an earlier run of this module
    return EPI["id"]


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_both_notices_show_the_records_and_pass_axe_in_every_language(page: Page, records, lang):
    for name, path, heading in (("privacy-project", f"/privacy?project={records}&lang={lang}", "#controller"),
                                ("accessibility-statement", f"/accessibility?lang={lang}", "#a11y-status")):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator(heading)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], path
        screenshot(page, f"{name}-{lang}")
        assert_accessible(page)
    expect(page.locator("#a11y-email")).to_have_attribute("href", "mailto:dostepnosc@lublin.eu")
    page.goto(f"/privacy?lang={lang}")
    page.locator("#projects a").first.click()
    expect(page).to_have_url(f"{page.url.split('/privacy')[0]}/privacy?project={records}&lang={lang}")
    expect(page.locator("#version")).to_contain_text(f"{records}-v1")


def test_the_form_links_the_notice_of_the_events_project(desktop: Page, api: Api, records):
    event_id = api.published_event(project=records)
    desktop.goto(f"/events/{event_id}?lang=uk")
    desktop.locator("label[for=f-consent] a").click()
    expect(desktop.locator("#purposes")).to_contain_text(EPI["purposes"]["uk"])
    desktop.get_by_role("link", name="English").click()  # the language switch keeps the project
    expect(desktop.locator("#purposes")).to_contain_text(EPI["purposes"]["en"])
