"""The funder's voluntary questions in a real browser: an administrator ticks them for a project, a
participant answers through their link (disability only with its consent), and the project's notice
says so — in pl, en and uk, at phone and desktop widths, with no accessibility violations."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from chalicelib import auth
from chalicelib.i18n import gettext
from tests.browser.support import assert_accessible, screenshot
from tests.browser.test_directory_pages_in_browser import log_in_as_admin
from tests.factories import event_data, person
from tests.stack_client import Api


@pytest.fixture(scope="module")
def project(stack) -> str:
    api = Api(stack)
    name = f"q-{uuid.uuid4().hex[:6]}"
    assert api.request("POST", "/api/organizer/institutions", organizer=True, body={
        "id": name, "name": {"pl": "Urząd Miasta", "en": "City Hall", "uk": "Міська рада"}}).status_code == 201
    assert api.request("POST", "/api/organizer/projects", organizer=True, body={
        "id": name, "institution": name, "name": {"en": "Welcome Lublin"}}).status_code == 201
    return name


def _signed_up(api: Api, project: str, lang: str) -> str:
    event = api.request("POST", "/api/organizer/events", organizer=True, body=event_data(project=project)).json()["id"]
    assert api.request("POST", f"/api/organizer/events/{event}/publish", organizer=True).status_code == 200
    answer = api.request("POST", f"/api/events/{event}/registrations",
                         body=person(1, language=lang, email=f"q-{uuid.uuid4().hex[:6]}@example.com"))
    return auth.manage_token(event, answer.json()["id"])


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_ask_answer_and_say_so(page: Page, stack, project, lang):
    say = lambda text: gettext(lang, text)  # noqa: E731
    log_in_as_admin(page, lang)
    page.goto(f"/organizer/projects/{project}?lang={lang}")
    for key in ("gender", "age_band", "disability"):
        page.locator(f"#indicator-{key}").check()
    assert_accessible(page)
    page.get_by_role("button", name=say("Save the project")).click()
    expect(page.locator("#indicator-disability")).to_be_checked()

    token = _signed_up(Api(stack), project, lang)
    page.goto(f"/manage/{token}?lang={lang}")
    page.get_by_role("link", name=say("Answer the questions")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(say("A few questions for the funder"))
    page.get_by_role("group", name=say("Gender")).get_by_label(say("Woman")).check()
    page.get_by_role("group", name=say("Do you have a disability?")).get_by_label(say("Yes"), exact=True).check()
    page.get_by_role("button", name=say("Send my answers")).click()
    expect(page.locator(".error-summary, #error-summary")).to_be_visible()  # the consent is missing
    assert_accessible(page)
    screenshot(page, f"funder-questions-refused-{lang}")
    page.locator("#special_consent").check()
    page.get_by_role("button", name=say("Send my answers")).click()
    expect(page.get_by_role("status")).to_have_text(say("Thank you! Your answers are saved."))
    expect(page.get_by_role("link", name=say("Answer the questions"))).to_have_count(0)
    assert_accessible(page)

    page.goto(f"/privacy?project={project}&lang={lang}")
    expect(page.locator("#indicators")).to_contain_text(say("Gender"))
    screenshot(page, f"funder-questions-notice-{lang}")
