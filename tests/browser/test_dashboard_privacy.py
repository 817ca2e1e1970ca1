"""Administrators in a real browser: a person's data found, handed over and erased; organizers invited."""
from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, screenshot
from tests.factories import person
from tests.stack_client import Api


def log_in_as_admin(page: Page, email: str) -> None:
    page.goto("/organizer/login?lang=en")
    page.locator("#f-email").fill(email)
    page.locator("#role-admin").check()
    page.locator("form[action='/organizer/login'] button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()


def test_an_admin_finds_a_person_downloads_their_data_and_erases_it(page: Page, api: Api):
    width = page.viewport_size["width"]
    address, other = f"dsr.{width}@example.com", f"neighbour.{width}@example.com"
    full = api.published_event(capacity=1, project="re-turn", title={"pl": f"Warsztat {width}",
                                                                     "en": f"Workshop {width}"})
    seminar = api.published_event(project="epi", title={"pl": f"Seminarium {width}", "en": f"Seminar {width}"})
    for event_id, email, name in ((full, address, "Daria Subject"), (full, other, "Nadia Neighbour"),
                                  (seminar, address.upper(), "Daria Subject")):
        signed = api.request("POST", f"/api/events/{event_id}/registrations",
                             body=person(1, email=email, name=name))
        assert signed.status_code == 201, signed.text

    log_in_as_admin(page, f"dpo.{width}@city.example")
    page.get_by_role("link", name="Data protection").click()
    expect(page.locator("h1")).to_have_text("Data protection")
    assert_accessible(page)
    screenshot(page, "organizer-privacy-en")

    page.locator("#f-email").fill("not an address")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page)
    screenshot(page, "organizer-privacy-error-en")

    page.locator("#f-email").fill(address.title())
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#found")).to_have_text("2 registrations found")
    rows = page.locator("section[aria-labelledby=found] tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(f"Workshop {width}")
    expect(page.locator("main")).not_to_contain_text("Nadia")
    assert_accessible(page)
    screenshot(page, "organizer-privacy-found-en")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download all data (JSON)").click()
    assert download.value.suggested_filename.startswith("personal-data-")
    text = download.value.path().read_text(encoding="utf-8")
    report = json.loads(text)
    assert report["email"] == address
    assert {r["event"]["id"] for r in report["registrations"]} == {full, seminar}
    assert "Nadia" not in text and other not in text

    page.get_by_role("button", name="Erase this person's data…").click()
    expect(page.locator("h1")).to_have_text("Erase this person's data?")
    assert_accessible(page)
    screenshot(page, "organizer-privacy-erase-en")
    page.get_by_role("button", name="Yes, erase the data").click()
    expect(page.locator("p.notice[role=status]")).to_contain_text("2 registrations erased")
    expect(page.locator("section[aria-labelledby=log] tbody tr").first).to_contain_text("Erasure")
    assert_accessible(page)
    screenshot(page, "organizer-privacy-erased-en")

    left = {r["email"]: r["status"] for r in api.registrations(full)}
    assert left == {None: "cancelled", other: "confirmed"}  # her seat went to the neighbour
    page.locator("#f-email").fill(address)
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#found")).to_have_text("0 registrations found")


def test_an_admin_invites_an_organizer_and_changes_their_projects(page: Page, api: Api):
    width = page.viewport_size["width"]
    invited = f"invited.{width}@city.example"
    log_in_as_admin(page, f"boss.{width}@city.example")
    expect(page.get_by_role("link", name="Organizers")).to_have_attribute("href", "/organizer/organizers?lang=en")
    page.goto("/organizer/organizers?lang=en")
    expect(page.locator("h1")).to_have_text("Organizers")
    assert_accessible(page)

    invite = page.locator("section[aria-labelledby=invite] form")
    invite.locator("#f-invite-email").fill(invited)
    invite.get_by_label("re-turn", exact=True).check()
    invite.get_by_role("button", name="Send invitation").click()
    expect(page.locator("p.notice[role=status]")).to_contain_text("Invitation sent")
    row = page.locator("li.account", has=page.locator("h3", has_text=invited))
    expect(row).to_contain_text("re-turn")
    expect(row).to_contain_text("Invited, not logged in yet")
    assert_accessible(page)
    screenshot(page, "organizer-organizers-en")

    row.locator("summary").click()
    row.get_by_label("epi", exact=True).check()
    row.get_by_role("button", name="Save access").click()
    expect(page.locator("p.notice[role=status]")).to_contain_text("Access changed")
    row = page.locator("li.account", has=page.locator("h3", has_text=invited))
    expect(row).to_contain_text("epi, re-turn")
    row.locator("summary").click()
    assert_accessible(page)
    screenshot(page, "organizer-organizers-change-en")
    row.get_by_role("button", name="Disable").click()
    expect(page.locator("li.account", has=page.locator("h3", has_text=invited))).to_contain_text("Disabled")
