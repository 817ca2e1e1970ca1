"""The satisfaction survey in a real browser: the form in Polish, English and Ukrainian, a refusal
with its error summary, the thanks, and the organizer's results, on a phone and on a desktop.
Every page passes axe; screenshots go to /tmp/zapisy-survey-shots for a person to look at."""
from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.support import answer_survey, assert_accessible, viewport_name
from tests.factories import person
from tests.stack_client import Api

SHOTS = Path("/tmp/zapisy-survey-shots")
LINK = re.compile(r"(/survey/[A-Za-z0-9_-]{20,100}\?lang=(pl|en|uk))")
LANGUAGES = ("pl", "en", "uk")
HEADINGS = {"pl": "Jak oceniasz wydarzenie?", "en": "How was the event?", "uk": "Як Вам захід?"}
RESULTS = {"pl": "Wyniki ankiety", "en": "Survey results", "uk": "Результати опитування"}


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{viewport_name(page)}.png"), full_page=True)


def ended_event_with_attendees(api: Api, run: str, attendees: int) -> str:
    """A published event with its survey, `attendees` people checked in, then moved to yesterday
    (sign-up and check-in are for events to come), and the after-event job run."""
    event_id = api.published_event(capacity=attendees, survey={"enabled": True},
                                   title={"pl": "Warsztat: własna firma", "en": "Workshop: your own business",
                                          "uk": "Семінар: власна справа"})
    for n in range(attendees):
        response = api.request("POST", f"/api/events/{event_id}/registrations", body=person(
            n, email=f"survey.{run}.{n}@example.com", language=LANGUAGES[n % 3]))
        assert response.status_code == 201, response.text
        done = api.request("POST", f"/api/organizer/events/{event_id}/checkin", organizer=True,
                           body={"registration_id": response.json()["id"]})
        assert done.json()["result"] == "checked_in", done.text
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    moved = api.request("PATCH", f"/api/organizer/events/{event_id}", organizer=True, body={
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=3)).isoformat()})
    assert moved.status_code == 200, moved.text
    job = api.request("POST", "/dev/jobs/after-event")
    assert job.json()["result"]["survey"]["invited"] >= attendees, job.text
    return event_id


def links(api: Api, run: str) -> list[tuple[str, str]]:
    """(link, language) of each survey e-mail of this run, in the order the people signed up."""
    found = {m["to"]: LINK.search(m["text"]) for m in api.outbox() if m["kind"] == "survey" and f".{run}." in m["to"]}
    return [(match.group(1), match.group(2)) for _, match in sorted(found.items(), key=lambda kv: int(
        kv[0].split("@")[0].rsplit(".", 1)[1]))]


def answer_by_post(api: Api, link: str, overall: str) -> None:
    answer_survey(api.session, api.url, link, {"overall": overall, "useful": "4", "organisation": "5",
                                               "change": f"Answer number {overall}"})


def test_the_survey_form_and_its_results_in_three_languages(page: Page, api: Api):
    run = uuid.uuid4().hex[:8]
    event_id = ended_event_with_attendees(api, run, attendees=6)
    invited = links(api, run)
    assert [language for _, language in invited] == ["pl", "en", "uk", "pl", "en", "uk"]

    for link, language in invited[:3]:
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[language])
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("fieldset.scale")).to_have_count(3)
        assert_accessible(page)
        shot(page, f"survey-form-{language}")

    link, _ = invited[2]  # Ukrainian: sent empty first, then answered
    page.goto(link)
    page.get_by_role("button", name="Надіслати відповіді").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(3)
    assert_accessible(page)
    shot(page, "survey-form-errors-uk")
    for question in ("overall", "useful", "organisation"):
        page.locator(f"label[for='q-{question}-4']").click()
    page.get_by_label("Що нам варто змінити?", exact=False).fill("Більше практичних прикладів")
    page.get_by_role("button", name="Надіслати відповіді").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Дякуємо за відповіді")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ви вже відповіли")

    for n, (other, _) in enumerate([invited[0], invited[1], invited[3]]):
        answer_by_post(api, other, str(3 + n % 3))
    page.goto("/organizer/login?lang=en")
    page.get_by_label("Administrator").check()
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/organizer/events/{event_id}/survey?lang=en")
    expect(page.get_by_text("4 people have answered so far", exact=False)).to_be_visible()
    answer_by_post(api, invited[4][0], "5")
    for language in LANGUAGES:
        page.goto(f"/organizer/events/{event_id}/survey?lang={language}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(RESULTS[language])
        expect(page.locator("table.bars")).to_have_count(3)
        expect(page.locator(".open-answers li")).to_have_count(5)
        assert_accessible(page)
        shot(page, f"survey-results-{language}")
    page.goto(f"/organizer/events/{event_id}?lang=pl")
    page.get_by_role("link", name="Wyniki ankiety").click()
    expect(page).to_have_url(re.compile(rf"/organizer/events/{event_id}/survey\?lang=pl$"))
    page.goto("/organizer/reports?project=re-turn&lang=uk")  # the funder report leads to the project's survey
    page.get_by_role("link", name="Результати опитувань проєкту").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Результати опитувань проєкту")
    assert_accessible(page)
    shot(page, "survey-project-uk")
