"""No dead end for an organizer, in a real browser: writing to participants from the event's page,
cancelling someone only after a second question, and an invite-only draft that says what it lacks
instead of offering Publish — in pl, en and uk, at phone and desktop widths, with no accessibility
violations."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from chalicelib.i18n import gettext, ngettext
from tests.browser.support import assert_accessible, screenshot
from tests.browser.test_directory_pages_in_browser import log_in_as_admin
from tests.factories import event_data, person
from tests.stack_client import Api


@pytest.fixture(scope="module")
def events(stack) -> dict[str, str]:
    """A workshop with two people (one seat, one on the waiting list), and an invite-only draft."""
    api = Api(stack)
    workshop = api.published_event(capacity=1, title={"pl": "Warsztaty CV", "en": "CV workshop",
                                                       "uk": "Майстерня резюме"})
    for n in (1, 2):
        assert api.request("POST", f"/api/events/{workshop}/registrations",
                           body=person(n, email=f"dead.end{n}@example.com")).status_code == 201
    draft = api.request("POST", "/api/organizer/events", organizer=True,
                        body=event_data(invite_only=True, title={"en": "Steering committee"})).json()["id"]
    return {"workshop": workshop, "draft": draft}


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_message_cancel_and_an_unreachable_draft(page: Page, events, lang):
    say = lambda text: gettext(lang, text)  # noqa: E731
    log_in_as_admin(page, lang)

    page.goto(f"/organizer/events/{events['workshop']}?lang={lang}")
    page.get_by_role("link", name=say("Write to participants")).click()
    expect(page.locator("#to-confirmed")).to_be_checked()
    page.locator("#f-subject").fill("Sala 12")
    page.locator("#f-body").fill("Zmiana sali / Room change / Зміна аудиторії")
    assert_accessible(page)
    screenshot(page, f"organizer-message-{lang}")
    page.get_by_role("button", name=say("Send")).click()
    expect(page.get_by_role("status")).to_have_text(ngettext(
        lang, "Your message is on its way to %(num)d person.", "Your message is on its way to %(num)d people.", 1,
        num=1))

    page.goto(f"/organizer/events/{events['workshop']}?lang={lang}")
    page.get_by_role("link", name=f"{say('Cancel registration')}: Person 1").click()
    confirm = page.locator("#confirm")
    expect(confirm).to_contain_text(say("It goes to the first person on the waiting list, who is told at once."))
    assert_accessible(page)
    screenshot(page, f"organizer-cancel-confirm-{lang}")
    confirm.get_by_role("link", name=say("No, keep it")).click()
    expect(page.locator("#confirm")).to_have_count(0)
    expect(page.get_by_role("link", name=say("Cancel registration"), exact=True)).to_be_visible()

    page.goto(f"/organizer/events/{events['draft']}?lang={lang}")
    expect(page.get_by_role("button", name=say("Publish"), exact=True)).to_have_count(0)
    expect(page.locator(".event-actions")).to_contain_text(say(
        "This event is invite-only and has no invitation codes yet, so nobody could sign up. Add codes in Edit "
        "event; then it can be published."))
    assert_accessible(page)
    screenshot(page, f"organizer-invite-only-draft-{lang}")
