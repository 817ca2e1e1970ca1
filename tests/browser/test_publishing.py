"""Publishing in a real browser: an organizer previews a draft as participants will see it (marked,
unindexed, its form unsendable), publishes, and gets the confirmation with the link to copy."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, screenshot
from tests.browser.test_dashboard_pages import log_in
from tests.factories import event_data
from tests.stack_client import Api

WORDS = {
    "pl": {"preview": "Podgląd", "banner": "Podgląd — nieopublikowane",
           "back": "Wróć do wydarzenia w panelu organizatora", "register": "Zapisz się",
           "publish": "Opublikuj", "published": "Wydarzenie jest opublikowane",
           "copy": "Kopiuj link", "copied": "Link skopiowany.", "calendar": "Plik kalendarza (.ics)"},
    "uk": {"preview": "Попередній перегляд", "banner": "Попередній перегляд — не опубліковано",
           "back": "Назад до заходу в панелі організатора", "register": "Зареєструватися",
           "publish": "Опублікувати", "published": "Захід опубліковано", "copy": "Копіювати посилання",
           "copied": "Посилання скопійовано.", "calendar": "Файл календаря (.ics)"},
}
QUESTION = {"id": "diet", "type": "text", "label": {"pl": "Dieta", "en": "Diet", "uk": "Дієта"}}


@pytest.mark.parametrize("lang", ["pl", "uk"])
def test_preview_a_draft_then_publish_and_copy_the_link(page: Page, api: Api, lang: str):
    words, run = WORDS[lang], f"{lang}-{page.viewport_size['width']}"
    titles = {"pl": f"Dzień otwarty {run}", "en": f"Open day {run}", "uk": f"День відкритих дверей {run}"}
    created = api.request("POST", "/api/organizer/events", organizer=True,
                          body=event_data(title=titles, capacity=12, questions=[QUESTION]))
    assert created.status_code == 201, created.text
    event_id = created.json()["id"]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=api.url)
    log_in(page, lang)
    page.goto(f"/organizer/events/{event_id}?lang={lang}")

    with page.expect_response(lambda r: r.url.split("?")[0].endswith(f"/{event_id}/preview")) as previewed:
        page.get_by_role("link", name=words["preview"], exact=True).click()
    assert "noindex" in previewed.value.headers["x-robots-tag"]
    expect(page.locator("#preview-banner")).to_contain_text(words["banner"])
    expect(page.locator("h1")).to_have_text(titles[lang])
    expect(page.get_by_label(QUESTION["label"][lang])).to_be_disabled()
    expect(page.get_by_role("button", name=words["register"])).to_be_disabled()
    expect(page.locator("form[action^='/events/']")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, f"preview-draft-{lang}")

    page.get_by_role("link", name=words["back"]).click()
    page.get_by_role("button", name=words["publish"]).click()
    expect(page.locator("#share-title")).to_have_text(words["published"])
    expect(page.locator("#share")).to_be_focused()  # the confirmation is what a screen reader reads first
    public = f"{api.url}/events/{event_id}"
    expect(page.locator("#share-page")).to_have_value(public)
    expect(page.get_by_role("link", name=words["calendar"])).to_have_attribute("href", public + ".ics")
    copy = page.get_by_role("button", name=words["copy"])
    expect(copy).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"published-confirmation-{lang}")
    copy.click()
    expect(page.locator("#copy-done")).to_have_text(words["copied"])
    assert page.evaluate("navigator.clipboard.readText()") == public

    page.goto(f"/organizer/events/{event_id}/preview?lang={lang}")  # a published event's preview: no "not published"
    expect(page.locator("#preview-banner")).not_to_contain_text(words["banner"])
    expect(page.get_by_role("button", name=words["register"])).to_be_disabled()
    assert_accessible(page)
    page.goto(f"/events/{event_id}?lang={lang}")
    expect(page.get_by_role("button", name=words["register"])).to_be_enabled()  # participants can sign up


def test_an_organizer_of_two_projects_switches_between_them(page: Page, api: Api):
    run = f"switch-{page.viewport_size['width']}"
    api.published_event(project="re-turn", title={"pl": f"Re-turn {run}"})
    api.published_event(project="epi", title={"pl": f"Epi {run}"})
    page.goto("/organizer/login?lang=pl")
    page.locator("#project-epi").check()
    page.locator("form[action='/organizer/login'] button[type=submit]").click()
    expect(page.get_by_role("link", name=f"Re-turn {run}")).to_be_visible()
    expect(page.get_by_role("link", name=f"Epi {run}")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "organizer-events-switcher-pl")
    page.get_by_label("Projekt", exact=True).select_option("epi")
    page.get_by_role("button", name="Pokaż").click()
    expect(page).to_have_url(f"{api.url}/organizer/events?lang=pl&project=epi")
    expect(page.get_by_role("link", name=f"Re-turn {run}")).to_have_count(0)
    expect(page.get_by_role("link", name=f"Epi {run}")).to_be_visible()
    page.get_by_role("link", name="Українська").click()
    expect(page.get_by_label("Проєкт", exact=True)).to_have_value("epi")  # the choice survives the language
    assert_accessible(page)
