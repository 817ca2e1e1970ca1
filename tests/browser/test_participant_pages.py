"""Participants in a real browser: sign up, read the e-mail, manage, get promoted, book a slot."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from chalicelib import auth
from tests.browser.support import assert_accessible, page_weight, screenshot
from tests.factories import person
from tests.stack_client import Api

QUESTIONS = [
    {"id": "interpreter", "type": "checkbox", "label": {"pl": "Potrzebuję tłumacza", "en": "I need an interpreter",
                                                         "uk": "Мені потрібен перекладач"}},
    {"id": "tongue", "type": "choice", "required": True, "show_if": {"question": "interpreter", "equals": True},
     "label": {"pl": "Język tłumaczenia", "en": "Interpreting language", "uk": "Мова перекладу"},
     "options": [{"id": "uk", "label": "українська"}, {"id": "en", "label": "English"}]},
    {"id": "country", "type": "country", "label": {"pl": "Kraj", "en": "Country", "uk": "Країна"}},
]


def mails_to(api: Api, address: str) -> list[dict]:
    return [m for m in api.outbox() if m["to"] == address]


def manage_path(mail: dict) -> str:
    return "/manage/" + mail["text"].split("/manage/")[1].split()[0]


def fill_form(page: Page, name: str, email: str) -> None:
    page.get_by_label(re.compile("ім’я|full name|Imię", re.IGNORECASE)).first.fill(name)
    page.locator("#f-email").fill(email)
    page.locator("#f-consent").check()


def test_a_person_registers_in_ukrainian_reads_the_mail_and_cancels(phone: Page, api: Api):
    event_id = api.published_event(capacity=5, questions=QUESTIONS)
    phone.goto(f"/events/{event_id}?lang=uk")
    expect(phone.locator("html")).to_have_attribute("lang", "uk")
    expect(phone.locator("#f-q-tongue")).to_be_hidden()  # the conditional question waits for its answer
    fill_form(phone, "Олена Коваленко", "olena.browser@example.com")
    phone.get_by_label("Мені потрібен перекладач").check()
    phone.get_by_label("українська").check()
    phone.locator("#f-q-country").select_option("UA")
    screenshot(phone, "event-form-filled-uk")
    phone.get_by_role("button", name="Зареєструватися").click()
    expect(phone.locator("h1")).to_have_text("Вас зареєстровано")
    [mail] = mails_to(api, "olena.browser@example.com")
    assert mail["kind"] == "confirmation" and "Олена" in mail["text"]
    phone.goto(manage_path(mail) + "?lang=uk")
    expect(phone.get_by_text("Олена Коваленко")).to_be_visible()
    screenshot(phone, "manage-uk")
    phone.get_by_role("button", name="Скасувати мою реєстрацію").click()
    # asked first, with a plain form: nothing is cancelled yet, and "no" leads back
    expect(phone.get_by_role("heading", name="Скасувати вашу реєстрацію?")).to_be_visible()
    assert [m["kind"] for m in mails_to(api, "olena.browser@example.com")] == ["confirmation"]
    assert_accessible(phone)
    screenshot(phone, "manage-confirm-cancel-uk")
    phone.get_by_role("link", name="Ні, залишити мою реєстрацію").click()
    expect(phone.get_by_role("heading", name="Скасувати вашу реєстрацію?")).to_have_count(0)
    phone.get_by_role("button", name="Скасувати мою реєстрацію").click()
    phone.get_by_role("button", name="Так, скасувати мою реєстрацію").click()
    expect(phone.get_by_role("status")).to_have_text("Вашу реєстрацію скасовано.")
    assert [m["kind"] for m in mails_to(api, "olena.browser@example.com")] == ["confirmation", "cancelled"]
    # what no longer applies is gone: no cancelling again, no changing the answers
    expect(phone.get_by_role("button", name="Скасувати мою реєстрацію")).to_have_count(0)
    expect(phone.locator("form input[name=action][value=update]")).to_have_count(0)
    assert_accessible(phone)
    screenshot(phone, "manage-cancelled-uk")


def test_a_waitlisted_person_is_promoted_when_a_seat_frees(desktop: Page, api: Api):
    event_id = api.published_event(capacity=1)
    for address, button in (("first.browser@example.com", "Register"),
                            ("second.browser@example.com", "Join the waiting list")):
        desktop.goto(f"/events/{event_id}?lang=en")
        fill_form(desktop, "Test Person", address)
        desktop.get_by_role("button", name=button).click()
    expect(desktop.locator("h1")).to_have_text("You are on the waiting list")
    screenshot(desktop, "waitlisted-en")
    desktop.goto(manage_path(mails_to(api, "first.browser@example.com")[0]) + "?lang=en")
    desktop.get_by_role("button", name="Cancel my registration").click()
    desktop.get_by_role("button", name="Yes, cancel my registration").click()
    expect(desktop.get_by_role("status")).to_have_text("Your registration is cancelled.")
    kinds = [m["kind"] for m in mails_to(api, "second.browser@example.com")]
    assert kinds == ["waitlisted", "promoted"]


def test_a_booked_consultation_slot_disappears_for_the_next_person(phone: Page, api: Api):
    slots = [{"id": f"s{n}", "title": f"{9 + n}:00", "capacity": 1} for n in range(3)]
    event_id = api.published_event(kind="consultation", capacity=3, sessions=slots)
    phone.goto(f"/events/{event_id}?lang=pl")
    expect(phone.locator("#session-s1")).to_be_visible()
    fill_form(phone, "Jan Nowak", "jan.browser@example.com")
    phone.locator("label[for=session-s1]").click()
    phone.get_by_role("button", name="Zapisz się").click()
    expect(phone.locator("h1")).to_have_text("Zapis potwierdzony")
    phone.goto(f"/events/{event_id}?lang=pl")
    expect(phone.locator("input[name=session]")).to_have_count(2)
    expect(phone.locator("#session-s1")).to_have_count(0)
    screenshot(phone, "consultation-slots-pl")


def test_an_error_is_shown_fixed_and_resubmitted(desktop: Page, api: Api):
    event_id = api.published_event(capacity=5, questions=QUESTIONS)
    desktop.goto(f"/events/{event_id}?lang=en")
    desktop.locator("#f-name").fill("Amal Haddad")
    desktop.locator("#f-email").fill("amal@")
    desktop.get_by_label("I need an interpreter").check()
    desktop.get_by_role("button", name="Register").click()
    summary = desktop.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    screenshot(desktop, "event-form-errors-en")
    assert_accessible(desktop)
    expect(desktop.locator("#f-name")).to_have_value("Amal Haddad")  # nothing typed is lost
    summary.get_by_role("link").first.click()
    expect(desktop.locator("#f-email")).to_be_focused()
    desktop.locator("#f-email").fill("amal.browser@example.com")
    desktop.get_by_label("English").check()
    desktop.locator("#f-consent").check()
    desktop.get_by_role("button", name="Register").click()
    expect(desktop.locator("h1")).to_have_text("You are registered")


def test_conditional_questions_work_without_javascript(browser, stack, api: Api):
    from tests.browser.support import new_page

    event_id = api.published_event(capacity=5, questions=QUESTIONS)
    page = new_page(browser, "phone", base_url=stack.url, java_script_enabled=False)
    try:
        page.goto(f"/events/{event_id}?lang=en")
        expect(page.locator("#f-q-tongue")).to_be_visible()
        expect(page.get_by_text("Answer only if you answered “yes” to “I need an interpreter”.")).to_be_visible()
        fill_form(page, "No Script", "noscript.browser@example.com")
        page.get_by_label("English").check()  # answered, though the condition is not met: ignored
        page.get_by_role("button", name="Register").click()
        expect(page.locator("h1")).to_have_text("You are registered")
    finally:
        page.context.close()
    [registration] = [r for r in api.registrations(event_id) if r["email"] == "noscript.browser@example.com"]
    assert "tongue" not in registration["answers"]


@pytest.fixture(scope="module")
def pages_to_check(stack) -> list[tuple[str, str]]:
    """One of every kind of page a participant can reach."""
    api = Api(stack)
    event_id = api.published_event(capacity=1, questions=QUESTIONS,
                                   sessions=[{"id": "a", "title": "Morning", "capacity": 5}])
    opt_in = api.published_event(capacity=3, double_opt_in=True)
    api.request("POST", f"/api/events/{event_id}/registrations",
                body=person(1, email="axe.browser@example.com", sessions=["a"]))
    [registration] = api.registrations(event_id)
    token = auth.manage_token(event_id, registration["id"])
    return [("board", "/events"), ("event", f"/events/{event_id}"),
            ("waitlisted", f"/events/{event_id}/registered?status=waitlisted"), ("manage", f"/manage/{token}"),
            ("confirm-email", f"/confirm/{token}"), ("still-coming", f"/manage/{token}/still-coming"),
            ("accessibility", "/accessibility"), ("privacy", "/privacy"), ("not-found", "/events/missing-event"),
            ("double-opt-in-event", f"/events/{opt_in}")]


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_every_page_in_every_language_has_no_accessibility_violations(page: Page, pages_to_check, lang):
    for name, path in pages_to_check:
        separator = "&" if "?" in path else "?"
        page.goto(f"{path}{separator}lang={lang}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], path
        screenshot(page, f"{name}-{lang}")
        assert_accessible(page)
    # the form with its errors, too
    page.goto(f"{pages_to_check[1][1]}?lang={lang}")
    page.locator("form[method=post] button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    screenshot(page, f"event-errors-{lang}")
    assert_accessible(page)


def test_an_event_page_is_light_for_a_phone_on_a_slow_connection(desktop: Page, stack, api: Api):
    sessions = [{"id": f"s{n}", "title": f"{9 + n}:00", "capacity": 1} for n in range(16)]
    event_id = api.published_event(kind="consultation", capacity=16, sessions=sessions, questions=QUESTIONS)
    weight = page_weight(desktop, f"{stack.url}/events/{event_id}?lang=uk")
    assert weight["third_party"] == []
    assert weight["requests"] <= 5, weight["urls"]
    assert weight["bytes"] <= 50 * 1024, weight["bytes"]
