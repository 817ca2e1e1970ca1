"""The funder report in a real browser: the chart is drawn and named, the page passes axe, the CSV matches."""
from __future__ import annotations

import csv
import uuid
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, screenshot
from tests.factories import person
from tests.stack_client import Api

CHART = "Confirmed participations and those attended, by audience"


def _log_in_as_admin(page: Page) -> None:
    page.goto("/organizer/login?lang=en")
    page.get_by_label("Administrator").check()
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{page.url.split('/organizer')[0]}/organizer/events?lang=en")


def _event_with_people(api: Api, project: str, run: str, audience: str, people: int, checked_in: int) -> None:
    event_id = api.published_event(capacity=10, project=project, audiences=[audience])
    for n in range(people):
        response = api.request("POST", f"/api/events/{event_id}/registrations",
                               body=person(n, email=f"report.{run}.{audience}.{n}@example.com",
                                           language="uk" if n % 2 else "pl"))
        assert response.status_code == 201, response.text
        if n < checked_in:
            done = api.request("POST", f"/api/organizer/events/{event_id}/checkin", organizer=True,
                               body={"registration_id": response.json()["id"]})
            assert done.json()["result"] == "checked_in", done.text


def test_the_report_page_draws_an_accessible_chart_and_downloads_the_same_numbers(page: Page, api: Api):
    run = uuid.uuid4().hex[:8]
    project = f"report-{run}"
    _event_with_people(api, project, run, "migrants", people=7, checked_in=5)
    _event_with_people(api, project, run, "seniors", people=2, checked_in=1)
    today = date.today()
    _log_in_as_admin(page)
    page.get_by_role("link", name="Funder reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Funder reports")
    page.get_by_label("Project").fill(project)
    page.get_by_label("From").fill(today.isoformat())
    page.get_by_label("To").fill((today + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Show report").click()

    expect(page.get_by_role("heading", name=f"Project {project}", exact=False)).to_be_visible()
    chart = page.get_by_role("img", name=CHART)
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 250 and box["height"] > 80
    expect(chart.locator("rect")).to_have_count(4)  # exact for organizers: every group's two bars
    audience = page.locator("#table-audience")
    expect(audience.locator("tr", has_text="migrants").locator("td")).to_have_text(["7", "7", "5", "7", "5"])
    expect(audience.locator("tr", has_text="seniors").locator("td")).to_have_text(["2", "2", "1", "2", "1"])
    expect(page.locator(".summary-figures")).to_contain_text("Registrations")
    assert_accessible(page)
    screenshot(page, "organizer-reports-en")

    with page.expect_download() as download:
        page.get_by_role("link", name="Report (CSV)").click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    assert (summary["Registrations"], summary["Participations (confirmed seats)"], summary["Attended"]) == (
        "9", "9", "6")
    assert ["migrants", "7", "7", "5", "7", "5"] in rows and ["seniors", "2", "2", "1", "2", "1"] in rows
    with page.expect_download() as download:
        page.get_by_role("link", name="Report for publication (CSV)").click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as file:
        published = list(csv.reader(file))
    assert ["seniors", "<5", "<5", "<5", "<5", "<5"] in published
