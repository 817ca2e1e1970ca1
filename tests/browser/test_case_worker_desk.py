"""A case worker in a real browser: adds a person without an e-mail address at the desk, approves an
applicant, filters the list, opens a registration's page and downloads the Excel list."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, screenshot
from tests.browser.test_dashboard_pages import log_in
from tests.factories import person
from tests.stack_client import Api

SESSIONS = [{"id": "morning", "title": {"en": "Morning group", "pl": "Grupa poranna", "uk": "Ранкова група"},
             "capacity": 3},
            {"id": "evening", "title": {"en": "Evening group", "pl": "Grupa wieczorna", "uk": "Вечірня група"},
             "capacity": 3}]
QUESTIONS = [{"id": "need", "type": "choice", "required": True,
              "label": {"en": "What help do you need?", "pl": "Jakiej pomocy potrzebujesz?", "uk": "Яка допомога?"},
              "options": [{"id": "job", "label": {"en": "Finding a job", "pl": "Szukanie pracy", "uk": "Робота"}},
                          {"id": "papers", "label": {"en": "Documents", "pl": "Dokumenty", "uk": "Документи"}}]}]


def test_a_case_worker_adds_approves_filters_and_downloads(page: Page, api: Api):
    width = page.viewport_size["width"]
    title = f"Consultations at the desk {width}"
    event_id = api.published_event(capacity=5, requires_approval=True, project="re-turn", sessions=SESSIONS,
                                   questions=QUESTIONS, title={"en": title, "pl": title})
    applicant = f"applicant.desk.{width}@example.com"
    created = api.request("POST", f"/api/events/{event_id}/registrations", body=person(
        1, email=applicant, name="Łucja Żak", sessions=["morning"], answers={"need": "job"}))
    assert created.status_code in (201, 202), created.text
    log_in(page, "en")
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("dl.counts")).to_contain_text("Pending (approval or e-mail confirmation)1")
    assert_accessible(page)
    screenshot(page, "organizer-event-registrations")

    # a person at the desk, without an e-mail address
    page.get_by_text("Open the form").click()
    form = page.locator("form.desk")
    form.get_by_label("Name").fill("Олена Коваленко")
    form.get_by_label("Language of the e-mails").select_option("uk")
    form.get_by_label(re.compile("Evening group")).check()
    assert_accessible(page)
    screenshot(page, "organizer-event-add-person")
    form.get_by_role("button", name="Add this person").click()
    expect(page.get_by_role("status")).to_contain_text("The person is registered. Their status: Confirmed.")
    expect(page.locator("h1")).to_have_text("Олена Коваленко")
    expect(page.locator(".code")).to_have_text(re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$"))
    expect(page.get_by_role("img", name="QR code for check-in")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "organizer-registration-without-email")
    page.get_by_role("link", name=f"Back to {title}").click()

    # the applicant waits for approval: find her, approve her
    page.locator("#f-status").select_option("pending_approval")
    page.get_by_role("button", name="Show").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(applicant)
    rows.first.get_by_role("button", name="Approve: Łucja Żak").click()
    expect(page.locator("table tbody tr")).to_have_count(0)  # the filter is kept: nobody is pending now
    expect(page.locator("#f-status")).to_have_value("pending_approval")

    # search without Polish letters; then everyone confirmed in the evening group
    page.locator("#f-status").select_option("")
    page.locator("#f-q").fill("lucja zak")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr").first).to_contain_text("Confirmed")
    page.locator("#f-q").fill("")
    page.locator("#filter-session").select_option("evening")
    page.locator("#f-status").select_option("confirmed")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr").first).to_contain_text("Олена Коваленко")
    assert_accessible(page)
    screenshot(page, "organizer-event-filtered")

    # her page: everything held, in the page's language
    page.locator("#filter-session").select_option("")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="Łucja Żak", exact=True).click()
    expect(page.locator("main")).to_contain_text("What help do you need?")
    expect(page.locator("main")).to_contain_text("Finding a job")
    expect(page.locator("main")).to_contain_text("Seat confirmed")
    assert_accessible(page)
    screenshot(page, "organizer-registration")
    page.get_by_role("link", name=f"Back to {title}").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="Attendee list (Excel)").click()
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True).active
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"Łucja Żak", "Олена Коваленко"} <= names
