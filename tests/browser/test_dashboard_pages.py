"""Organizers in a real browser: log in, see their events, approve an applicant, download a list."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, screenshot
from tests.factories import person
from tests.stack_client import Api


def log_in(page: Page, lang: str) -> None:
    page.goto(f"/organizer?lang={lang}")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"organizer-login-{lang}")
    page.locator("form[action='/organizer/login'] button[type=submit]").click()


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_an_organizer_approves_and_downloads(page: Page, api: Api, lang: str):
    run = f"{lang}-{page.viewport_size['width']}"  # titles stay unique on the shared stack
    titles = {"pl": f"Wizyta studyjna {run}", "en": f"Study visit {run}", "uk": f"Навчальний візит {run}"}
    event_id = api.published_event(capacity=5, requires_approval=True, project="re-turn", title=titles)
    address = f"applicant.{lang}.{page.viewport_size['width']}@example.com"
    api.request("POST", f"/api/events/{event_id}/registrations", body=person(1, email=address, name="Jan Nowak"))
    log_in(page, lang)
    expect(page).to_have_url(f"{api.url}/organizer/events?lang={lang}")
    assert_accessible(page)
    screenshot(page, f"organizer-events-{lang}")
    page.get_by_role("link", name=titles[lang]).click()
    row = page.locator("tr", has_text=address)
    expect(row).to_have_count(1)
    assert_accessible(page)
    screenshot(page, f"organizer-event-{lang}")
    row.locator("form").first.locator("button").click()  # approve
    expect(page.locator("tr", has_text=address)).to_contain_text(
        {"pl": "Potwierdzone", "en": "Confirmed", "uk": "Підтверджено"}[lang])
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=False).click()
    assert "Jan Nowak" in download.value.path().read_text(encoding="utf-8-sig")
