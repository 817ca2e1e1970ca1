"""The event editor in a real browser: an organizer builds a consultation day with a question in three
languages and 16 slots, without JavaScript doing any of it, publishes it, and the public page shows it."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, screenshot
from tests.browser.test_dashboard_pages import log_in
from tests.stack_client import Api

LABELS = {"pl": "Czego dotyczy konsultacja?", "en": "What is the consultation about?",
          "uk": "Чого стосується консультація?"}
SLOTS = [f"{9 + m // 60:02d}:{m % 60:02d}–{9 + (m + 30) // 60:02d}:{(m + 30) % 60:02d}" for m in range(0, 480, 30)]


def test_an_organizer_builds_publishes_and_the_public_page_shows_it(page: Page, api: Api):
    width = page.viewport_size["width"]
    day = (datetime.now(UTC) + timedelta(days=30 + width % 7)).date()
    title = f"Konsultacje dla firm {width}"
    log_in(page, "en")
    page.get_by_role("link", name="New event").click()
    expect(page.locator("h1")).to_have_text("New event")
    assert_accessible(page)

    page.locator("#f-title-pl").fill(title)
    page.locator("#f-title-en").fill(f"Business consultations {width}")
    page.locator("#f-title-uk").fill(f"Консультації для бізнесу {width}")
    page.locator("#f-kind").select_option("consultation")
    page.locator("#f-capacity").fill("16")
    page.locator("#f-starts_at").fill(f"{day}T09:00")
    page.locator("#f-ends_at").fill(f"{day}T17:00")
    page.get_by_role("button", name="Add a question", exact=True).click()
    for lang, label in LABELS.items():
        page.locator(f"#f-q0-label-{lang}").fill(label)
    page.locator("#f-q0-required").check()
    page.locator("#f-slots_count").fill("16")
    page.locator("#f-slots_minutes").fill("30")
    page.locator("#f-slots_from").fill("09:00")
    page.locator("#f-slots_date").fill(str(day))
    page.locator("#f-slots_capacity").fill("1")
    page.get_by_role("button", name="Add the slots").click()
    expect(page.locator("fieldset.row-box[id^=session-]")).to_have_count(16)
    expect(page.locator("#f-s15-starts_at")).to_have_value(f"{day}T16:30")
    expect(page.locator("#f-q0-label-uk")).to_have_value(LABELS["uk"])  # what was typed survived the round trip
    assert_accessible(page)
    screenshot(page, "editor-slots-en")

    page.locator("#f-capacity").fill("")  # a mistake: the summary links to the field
    page.get_by_role("button", name="Save event").first.click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "editor-errors-en")
    page.locator("#error-summary a[href='#f-capacity']").click()
    expect(page.locator("#f-capacity")).to_be_focused()
    page.locator("#f-capacity").fill("16")
    page.get_by_role("button", name="Save event").first.click()

    expect(page.locator("h1")).to_have_text(f"Business consultations {width}")
    event_id = page.url.split("/organizer/events/")[1].split("?")[0]
    assert_accessible(page)
    screenshot(page, "event-actions-en")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)

    page.goto(f"/events/{event_id}?lang=uk")
    expect(page.locator("h1")).to_have_text(f"Консультації для бізнесу {width}")
    expect(page.get_by_text(LABELS["uk"])).to_be_visible()
    slots = page.locator("input[name=session]")
    expect(slots).to_have_count(16)
    for label in (SLOTS[0], SLOTS[-1]):
        expect(page.locator("label", has_text=label)).to_have_count(1)
    assert SLOTS[-1] == "16:30–17:00"
    screenshot(page, "event-with-slots-uk")


def test_the_series_and_cancel_pages_are_accessible(page: Page, api: Api):
    event_id = api.published_event(project="re-turn", title={"en": f"Working group {page.viewport_size['width']}"})
    log_in(page, "en")
    page.goto(f"/organizer/events/{event_id}/series?lang=en")
    page.get_by_label("every month", exact=False).check()
    page.locator("#f-count").fill("12")
    page.get_by_role("button", name="Show the dates").click()
    expect(page.locator("ol li")).to_have_count(12)
    assert_accessible(page)
    screenshot(page, "series-en")
    page.goto(f"/organizer/events/{event_id}/cancel?lang=en")
    expect(page.get_by_role("button", name="Cancel the event and e-mail everyone")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "confirm-cancel-en")
    page.get_by_role("link", name="Keep the event").click()
    expect(page.locator("h1")).to_have_text(f"Working group {page.viewport_size['width']}")


SURVEY_LABELS = {"pl": "Jak oceniasz salę?", "en": "How was the room?", "uk": "Як Ви оцінюєте залу?"}


def test_an_organizer_adds_a_survey_question_and_the_editor_stays_accessible(page: Page, api: Api):
    width = page.viewport_size["width"]
    event_id = api.published_event(project="re-turn", survey={"enabled": True},
                                   title={"en": f"Survey workshop {width}"})
    log_in(page, "en")
    page.goto(f"/organizer/events/{event_id}/edit?lang=en")
    rows = page.locator("fieldset.row-box[id^=survey-question-]")
    expect(rows).to_have_count(4)  # the ready questions, to be edited like any other
    expect(page.locator("#f-v0-label-en")).to_have_value("Overall, how would you rate the event?")
    page.get_by_role("button", name="Add a survey question").click()
    expect(rows).to_have_count(5)
    expect(page.locator("#f-v4-type")).to_have_value("rating")
    for lang, label in SURVEY_LABELS.items():
        page.locator(f"#f-v4-label-{lang}").fill(label)
    page.locator("#f-v4-required").check()
    page.locator("#f-v2-remove").check()
    assert_accessible(page)
    screenshot(page, "editor-survey-en")
    page.get_by_role("button", name="Save event").first.click()
    expect(page.locator("h1")).to_have_text(f"Survey workshop {width}")

    survey = api.request("GET", f"/api/organizer/events/{event_id}", organizer=True).json()["survey"]
    assert [q["id"] for q in survey["questions"]] == ["overall", "useful", "change", "q5"]
    assert survey["questions"][3] == {"id": "q5", "type": "rating", "required": True, "label": SURVEY_LABELS,
                                      "help": {}}
    for lang in ("pl", "en", "uk"):
        page.goto(f"/organizer/events/{event_id}/edit?lang={lang}")
        expect(page.locator("#f-v3-label-uk")).to_have_value(SURVEY_LABELS["uk"])
        page.locator("#survey-questions").scroll_into_view_if_needed()
        assert_accessible(page)
        screenshot(page, f"editor-survey-{lang}")
