"""The guide walk after an event: the workshop's certificate and survey set up in the editor, the day
gone by, the sign-in sheet ticked, certificates issued and checked on a phone, the survey answered
and its results read. Called by test_organizer_guide.py after the event list."""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

import pypdf
from playwright.sync_api import expect

from tests.browser.organizer_guide import ZONE, Walk, fill_languages
from tests.browser.organizer_guide_events import CROWD
from tests.browser.support import answer_survey

LINK = re.compile(r"(/survey/[A-Za-z0-9_-]{20,100})\?lang=")
SHEET = [shown for _, shown, _ in CROWD[1:5]]  # ticked by hand: the door checked in Maria and Olena
ANSWERS = ((5, 5, 4, "Więcej przykładów z życia."), (4, 5, 5, "More time for questions."), (5, 4, 4, ""),
           (3, 4, 3, "Sala była za mała."), (5, 5, 5, "Дякую, дуже корисно."))


def set_up_certificate_and_survey(walk: Walk, workshop: str) -> None:
    """Edit event → Certificate of attendance and Satisfaction survey."""
    page, lang = walk.page, walk.lang
    page.goto(f"/organizer/events/{workshop}?lang={lang}")
    page.get_by_role("link", name=walk.say("Edit event")).click()
    page.locator("#f-certificate_enabled").check()
    page.locator("#f-certificate_hours").fill("4")
    fill_languages(page, "certificate_text", {
        "pl": "Rejestracja działalności, formy opodatkowania, ZUS, gdzie szukać dotacji.",
        "en": "Registering a business, forms of taxation, social insurance, where to find grants.",
        "uk": "Реєстрація діяльності, форми оподаткування, соціальне страхування, де шукати гранти."})
    page.locator("#f-certificate_signatory").fill("Katarzyna Nowak, kierownik projektu")
    page.locator("#f-survey_enabled").check()
    page.locator("#f-survey_reminder").check()
    walk.camera.shot(page, "editor-after", page.locator("#certificate"), page.locator("#f-survey_reminder"))
    page.get_by_role("button", name=walk.say("Save event")).first.click()
    expect(page.locator("h1")).to_have_text(walk.sample.titles["workshop"][lang])
    assert walk.api.request("GET", f"/api/organizer/events/{workshop}", organizer=True).json()["certificate"] == {
        "enabled": True, "min_attendance": 0.8, "hours": 4, "text": {
            "pl": "Rejestracja działalności, formy opodatkowania, ZUS, gdzie szukać dotacji.",
            "en": "Registering a business, forms of taxation, social insurance, where to find grants.",
            "uk": "Реєстрація діяльності, форми оподаткування, соціальне страхування, де шукати гранти."},
        "signatory": "Katarzyna Nowak, kierownik projektu"}


def the_day_goes_by(walk: Walk, workshop: str) -> None:
    """The workshop moves to yesterday (a guide cannot wait a day); the API does as the editor would."""
    yesterday = datetime.now(ZONE).replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)
    moved = walk.api.request("PATCH", f"/api/organizer/events/{workshop}", organizer=True, body={
        "starts_at": yesterday.isoformat(), "ends_at": (yesterday + timedelta(hours=4)).isoformat()})
    assert moved.status_code == 200, moved.text


def tick_the_sheet(walk: Walk, workshop: str) -> None:
    """The event's page → Attendance: tick who signed the paper sheet, save."""
    page = walk.page
    page.goto(f"/organizer/events/{workshop}?lang={walk.lang}")
    page.get_by_role("link", name=walk.say("Attendance"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(walk.say("Attendance from the sign-in sheet"))
    for name in SHEET:
        page.get_by_label(name).check()
    save = page.get_by_role("button", name=walk.say("Save the sheet"))
    walk.camera.shot(page, "attendance", page.locator("h1"), save)
    save.click()
    expect(page.get_by_role("status")).to_be_visible()
    attended = {r["name"] for r in walk.api.registrations(workshop) if r["attendance"]["share"] == 1}
    assert attended == {"Maria Zielińska", "Олена Коваленко", *SHEET}, attended


def certificates(walk: Walk, workshop: str) -> None:
    """The after-event run issues a certificate to each of the six; one is checked on a phone; the
    event's page downloads all of them in one PDF."""
    run = walk.api.request("POST", "/dev/jobs/after-event")
    assert run.json()["result"]["certificates"]["certificates"] == 6, run.text
    holders = {r["name"]: r["certificate"] for r in walk.api.registrations(workshop) if r["certificate"]}
    assert set(holders) == {"Maria Zielińska", "Олена Коваленко", *SHEET}
    mail = walk.mails_to(walk.people["maria"], "certificate")
    assert len(mail) == 1 and mail[0]["attachments"] == [f"certificate-{holders['Maria Zielińska']}.pdf"], mail
    phone = walk.phone
    phone.goto(f"/certificates/{holders['Олена Коваленко']}?lang={walk.lang}")
    expect(phone.get_by_role("status")).to_have_text(walk.say("This certificate is valid."))
    walk.camera.shot(phone, "certificate-phone")
    page = walk.page
    page.goto(f"/organizer/events/{workshop}?lang={walk.lang}")
    with page.expect_download() as download:
        page.get_by_role("link", name=walk.say("Certificates of attendance (PDF)")).click()
    pages = pypdf.PdfReader(io.BytesIO(download.value.path().read_bytes())).pages
    assert len(pages) == 6 and "Agnieszka Kamińska" in " ".join(p.extract_text() for p in pages)


def survey(walk: Walk, workshop: str) -> None:
    """Five of the six answer the survey from their e-mail; the event's page → Survey results."""
    links = [LINK.search(m["text"]).group(1) for m in walk.api.outbox()[walk.mail_seen:] if m["kind"] == "survey"]
    assert len(links) == 6, links
    for link, (overall, useful, organisation, change) in zip(links, ANSWERS, strict=False):
        answer_survey(walk.api.session, walk.api.url, f"{link}?lang=en", {
            "overall": str(overall), "useful": str(useful), "organisation": str(organisation), "change": change})
    page = walk.page
    page.goto(f"/organizer/events/{workshop}?lang={walk.lang}")
    page.get_by_role("link", name=walk.say("Survey results")).click()
    expect(page.locator("table.bars")).to_have_count(3)
    expect(page.locator(".open-answers li")).to_have_count(4)
    walk.camera.shot(page, "survey-results", page.locator("h1"), page.locator(".open-answers"))


def after_the_event(walk: Walk, workshop: str) -> None:
    set_up_certificate_and_survey(walk, workshop)
    the_day_goes_by(walk, workshop)
    tick_the_sheet(walk, workshop)
    certificates(walk, workshop)
    survey(walk, workshop)
