"""An organizer whose session ends mid-work, in a real browser: the next page asks them to log in
and, after it, shows the page they were on; a form sent after the end is not replayed. Unknown
addresses and the gateway's refusals are zapisy's pages, accessible like the rest."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from chalicelib import auth
from chalicelib.organizers import session
from tests.browser.support import assert_accessible, screenshot
from tests.browser.test_dashboard_pages import log_in
from tests.factories import person
from tests.stack_client import Api

NOTICE = {"pl": "Zaloguj się, aby kontynuować.", "en": "Log in to continue.", "uk": "Увійдіть, щоб продовжити."}
WAITING = {"pl": "Czeka na akceptację", "en": "Waiting for approval", "uk": "Очікує на схвалення"}


def _event_with_an_applicant(api: Api, lang: str) -> tuple[str, str, str]:
    run = uuid.uuid4().hex[:8]
    title = f"Expiry {lang} {run}"
    event_id = api.published_event(capacity=5, requires_approval=True, project="re-turn",
                                   title={"pl": title, "en": title, "uk": title})
    address = f"expiry.{run}@example.com"
    assert api.request("POST", f"/api/events/{event_id}/registrations", body=person(1, email=address)).ok
    return event_id, title, address


def _back_after_login(page: Page, lang: str, expected_url: str, name: str) -> None:
    """The login page says why, is accessible, and brings the browser back to `expected_url`."""
    expect(page.get_by_role("status")).to_contain_text(NOTICE[lang])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page)
    screenshot(page, f"{name}-{lang}")
    page.locator("form[action='/organizer/login'] button[type=submit]").click()
    expect(page).to_have_url(expected_url)


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_a_session_that_ends_mid_work_returns_to_the_page_after_login(page: Page, api: Api, lang: str):
    event_id, title, address = _event_with_an_applicant(api, lang)
    log_in(page, lang)
    page.get_by_role("link", name=title).click()
    expect(page.locator("tr", has_text=address)).to_have_count(1)
    here = page.url
    assert here == f"{api.url}/organizer/events/{event_id}?lang={lang}"
    page.context.clear_cookies()  # the 8-hour cookie ran out (or another tab logged out)
    page.reload()
    _back_after_login(page, lang, here, "session-ended")
    expect(page.locator("tr", has_text=address)).to_contain_text(WAITING[lang])
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_a_form_sent_after_the_session_ended_is_not_replayed(desktop: Page, api: Api, lang: str):
    page = desktop
    event_id, title, address = _event_with_an_applicant(api, lang)
    log_in(page, lang)
    page.get_by_role("link", name=title).click()
    row = page.locator("tr", has_text=address)
    expect(row).to_have_count(1)
    here = page.url
    assert here == f"{api.url}/organizer/events/{event_id}?lang={lang}"
    expired = auth.issue_organizer_token(auth.Organizer("local-organizer", "o@example.org", "organizer",
                                                        ("re-turn",)), ttl_seconds=-5)
    page.context.add_cookies([{"name": session.COOKIE, "value": expired, "url": api.url, "httpOnly": True,
                               "secure": True, "sameSite": "Lax"}])
    row.locator("form").first.locator("button").click()  # approve, with a session that has ended
    _back_after_login(page, lang, here, "session-ended-form")
    expect(page.locator("tr", has_text=address)).to_contain_text(WAITING[lang])  # not approved behind their back


def test_unknown_addresses_and_gateway_refusals_are_accessible_pages(page: Page, api: Api):
    response = page.goto("/no/such/page?lang=uk")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Сторінку не знайдено")
    assert_accessible(page)
    screenshot(page, "not-found-uk")
    page.get_by_role("link", name="Повернутися до всіх заходів").click()
    expect(page).to_have_url(f"{api.url}/events?lang=uk")
    response = page.goto("/events/nothing/registered/here")  # below a known path: the gateway's own 404
    assert response is not None and response.status == 404
    expect(page.locator("section[lang]")).to_have_count(3)
    assert_accessible(page)
    screenshot(page, "gateway-not-found")
    response = page.goto("/api/organizer/events")  # the API without a token, opened in a browser
    assert response is not None and response.status == 401
    expect(page.locator("h1")).to_have_text("Aby to zobaczyć, zaloguj się jako organizator.")
    assert_accessible(page)
