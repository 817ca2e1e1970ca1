"""The organizers' guide, walked in a real browser in each of its languages: an administrator sets
up the institution, the project and an organizer; the organizer creates each kind of event,
publishes, approves, checks people in, downloads the lists and reports to the funder, and after an
event ticks the sign-in sheet, issues certificates and reads the survey's results; the
administrator answers a person's request for their data.

Every step asserts what the guide promises. With GUIDE_SCREENSHOTS=1 (`make guide-screenshots`)
the walk also saves the guide's screenshots in docs/images/organizers/<language>/. Each language
walks on a stack of its own, so the pages show only the guide's city hall and its events.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from chalicelib import auth
from chalicelib.organizers import session
from devstack.stack import UNLIMITED, LocalStack
from tests.browser import organizer_guide_events as events
from tests.browser.organizer_guide import (
    FUNDER_LOGO,
    GUIDES,
    IMAGES,
    INSTITUTION_LOGO,
    LANGUAGES,
    SHOTS,
    Camera,
    Sample,
    Walk,
    fill_languages,
)
from tests.browser.organizer_guide_after import after_the_event
from tests.browser.support import new_page
from tests.stack_client import Api

LOCALES = {"pl": "pl-PL", "en": "en-GB"}
ORGANIZER = "k.nowak@przykladowo.example"
PUBLIC_ADDRESS = "https://zapisy.przykladowo.example"  # what links shared and e-mailed show


@pytest.fixture(params=LANGUAGES)
def lang(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def guide_stack(lang: str) -> Iterator[LocalStack]:
    local = LocalStack(table_name=f"zapisy-guide-{lang}", extra_env={**UNLIMITED, "BASE_URL": PUBLIC_ADDRESS})
    local.start(export_env=False)
    yield local
    local.stop()


@pytest.fixture
def walk(lang: str, browser: Browser, guide_stack: LocalStack) -> Iterator[Walk]:
    pages = [new_page(browser, viewport, base_url=guide_stack.url, locale=LOCALES[lang])
             for viewport in ("desktop", "phone")]
    for page in pages:
        page.set_default_timeout(30_000)
    yield Walk(lang, pages[0], pages[1], Api(guide_stack), Camera(lang), Sample())
    for page in pages:
        page.context.close()


def test_the_organizers_guide(walk: Walk):
    log_in_as_admin(walk)
    set_up_institution(walk)
    set_up_project(walk)
    invite_organizer(walk)
    work_as_organizer(walk)
    workshop = events.workshop(walk)
    conference = events.conference(walk)
    events.study_visit(walk)
    events.committee_meeting(walk)
    consultation = events.consultation(walk)
    events.desk_and_message(walk, workshop)
    events.check_in(walk, workshop)
    events.downloads(walk, workshop)
    events.report(walk)
    events.cancel(walk, conference)
    events.event_list(walk)
    after_the_event(walk, workshop)
    data_request(walk, workshop, consultation)
    assert walk.camera.taken == list(SHOTS), "the walk and SHOTS (the guides' order) disagree"


def test_the_guides_show_every_screenshot_and_link_each_other():
    """Each guide shows every screenshot of its language once, and no other; each links the other at the top,
    and its links within itself lead to its headings (as GitHub names them).
    Runs without a browser: a guide or a picture out of step with the walk fails `make test`."""
    for lang, guide in GUIDES.items():
        text = guide.read_text(encoding="utf-8")
        shown = re.findall(r"!\[[^\]]+\]\(images/organizers/([a-z]+)/([a-z-]+)\.png\)", text)
        assert {folder for folder, _ in shown} == {lang}, f"{guide.name} shows another language's screenshots"
        names = [name for _, name in shown]
        assert sorted(names) == sorted(SHOTS), f"{guide.name} shows {sorted(names)}, the walk takes {sorted(SHOTS)}"
        other = next(g for code, g in GUIDES.items() if code != lang)
        top = text.split("\n## ", 1)[0]
        assert f"]({other.name})" in top, f"{guide.name} does not link {other.name} at the top"
        headings = re.findall(r"^#+ (.+)$", text, re.MULTILINE)
        anchors = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
        broken = set(re.findall(r"\]\(#([^)]+)\)", text)) - anchors
        assert not broken, f"{guide.name} links to no heading: {broken}"
        saved = {p.stem for p in (IMAGES / lang).glob("*.png")}
        assert saved == set(SHOTS), f"{lang}: missing {set(SHOTS) - saved}, not shown {saved - set(SHOTS)}"


def log_in_as_admin(walk: Walk) -> None:
    page = walk.page
    page.goto(f"/organizer/login?lang={walk.lang}")
    page.locator("#role-admin").check()
    page.locator("form[action='/organizer/login'] button[type=submit]").click()
    expect(page.locator("nav.dashboard-menu")).to_be_visible()


def set_up_institution(walk: Walk) -> None:
    """Institutions → add (short id and names) → its page: contacts, personal data, accessibility, logo."""
    page, lang, sample = walk.page, walk.lang, walk.sample
    walk.menu(page, "Institutions")
    expect(page.get_by_text(walk.say("No institutions yet. Add the first one below."))).to_be_visible()
    page.locator("#f-id").fill(sample.institution)
    fill_languages(page, "name", sample.names)
    add = page.get_by_role("button", name=walk.say("Add the institution"))
    walk.camera.shot(page, "institutions", page.locator("h1"), add)
    add.click()
    expect(page.locator("h1")).to_have_text(sample.names[lang])

    page.locator("#f-address").fill("ul. Rynek 1\n00-950 Przykładowo")
    page.locator("#f-email").fill("sekretariat@przykladowo.example")
    page.locator("#f-phone").fill("+48 22 555 01 00")
    page.locator("#f-website").fill("https://www.przykladowo.example")
    fill_languages(page, "controller", {"pl": "Prezydent Miasta Przykładowo, ul. Rynek 1, 00-950 Przykładowo",
                                        "en": "The Mayor of Przykładowo, ul. Rynek 1, 00-950 Przykładowo"})
    page.locator("#f-dpo_name").fill("Jan Kowalski")
    page.locator("#f-dpo_email").fill("iod@przykladowo.example")
    page.locator("#f-accessibility_contact").fill("Anna Wiśniewska")
    page.locator("#f-accessibility_email").fill("dostepnosc@przykladowo.example")
    page.locator("#f-accessibility_phone").fill("+48 22 555 01 50")
    page.locator("#f-accessibility_status-partial").check()
    page.locator("#f-statement_published").fill(f"{walk.sample.monday.year - 1}-09-01")
    fill_languages(page, "accessibility_premises", {
        "pl": "Wejście od ul. Rynek bez progów, winda do sali 101, pętla indukcyjna w biurze obsługi.",
        "en": "Step-free entrance from Rynek street, a lift to room 101, an induction loop at the front desk."})
    page.get_by_role("button", name=walk.say("Save the institution")).click()
    expect(page.get_by_role("status")).to_have_text(walk.say("Changes saved."))
    page.locator("#f-logo").set_input_files({"name": "crest.svg", "mimeType": "image/svg+xml",
                                             "buffer": INSTITUTION_LOGO})
    page.get_by_role("button", name=walk.say("Upload the logo")).click()
    expect(page.get_by_role("status")).to_have_text(walk.say("Logo uploaded."))
    expect(page.locator("header img")).to_be_visible()  # the institution's logo now heads every page
    walk.camera.shot(page, "institution", None, page.locator("#f-website"))


def set_up_project(walk: Walk) -> None:
    """Projects → add (short id, institution, names) → its page: funding line, EU emblem, privacy texts, logos."""
    page, lang, sample = walk.page, walk.lang, walk.sample
    walk.menu(page, "Projects")
    page.locator("#f-id").fill(sample.project)
    page.locator("#f-institution").select_option(sample.institution)
    fill_languages(page, "name", sample.project_names)
    page.get_by_role("button", name=walk.say("Add the project")).click()
    expect(page.locator("h1")).to_have_text(sample.project_names[lang])
    fill_languages(page, "programme", {"pl": "Fundusze Europejskie dla Rozwoju Społecznego 2021–2027",
                                       "en": "European Funds for Social Development 2021–2027",
                                       "uk": "Європейські фонди для соціального розвитку 2021–2027"})
    fill_languages(page, "funding", {
        "pl": "Projekt „Aktywni razem” jest współfinansowany przez Unię Europejską z Europejskiego Funduszu "
              "Społecznego Plus.",
        "en": "The project “Active Together” is co-funded by the European Union from the European Social Fund Plus.",
        "uk": "Проєкт «Активні разом» співфінансується Європейським Союзом з Європейського соціального фонду+."})
    page.get_by_label(walk.say("Show the EU emblem")).check()
    fill_languages(page, "purposes", {"pl": "Zapisy na wydarzenia projektu i sprawozdania dla instytucji finansującej.",
                                      "en": "Registration for the project's events and reports to the funder."})
    fill_languages(page, "legal_basis", {"pl": "Art. 6 ust. 1 lit. a i e RODO.", "en": "Article 6(1)(a) and (e) GDPR."})
    page.get_by_role("button", name=walk.say("Save the project")).click()
    expect(page.get_by_role("status")).to_have_text(walk.say("Changes saved."))
    expect(page.locator(".emblem-preview svg")).to_be_visible()
    page.locator("#f-logo").set_input_files({"name": "fund.svg", "mimeType": "image/svg+xml", "buffer": FUNDER_LOGO})
    page.get_by_role("button", name=walk.say("Upload the logo")).click()
    expect(page.get_by_role("status")).to_have_text(walk.say("Logo uploaded."))
    expect(page.get_by_role("img", name=walk.say("Funder's logo %(n)s", n=1))).to_be_visible()
    walk.camera.shot(page, "project", page.locator("#funding"), page.locator(".emblem-preview"))


def invite_organizer(walk: Walk) -> None:
    """Organizers → invite: e-mail, role, the project (typed under "Other projects" until someone has it)."""
    page = walk.page
    walk.menu(page, "Organizers")
    page.locator("#f-invite-email").fill(ORGANIZER)
    page.locator("#r-invite-organizer").check()
    page.locator("#f-invite-new").fill(walk.sample.project)
    send = page.get_by_role("button", name=walk.say("Send invitation"))
    walk.camera.shot(page, "organizers", page.locator("#invite"), send)
    send.click()
    expect(page.get_by_role("status")).to_have_text(walk.say(
        "Invitation sent. Cognito e-mails them a temporary password."))
    expect(page.locator("li.account", has_text=ORGANIZER)).to_contain_text(walk.sample.project)


def work_as_organizer(walk: Walk) -> None:
    """From here on the invited organizer works: a session for them in both browsers, as their login opens."""
    token = auth.issue_organizer_token(auth.Organizer("k-nowak", ORGANIZER, "organizer", (walk.sample.project,)))
    for page in (walk.page, walk.phone):
        page.context.add_cookies([{"name": session.COOKIE, "value": token, "url": walk.api.url, "httpOnly": True,
                                   "secure": True, "sameSite": "Lax"}])
    page = walk.page
    page.goto(f"/organizer/events?lang={walk.lang}")
    expect(page.get_by_text(walk.say("No events yet."))).to_be_visible()
    expect(page.locator("nav.dashboard-menu").get_by_role("link", name=walk.say("Institutions"))).to_have_count(0)
    walk.camera.shot(page, "events-empty", None, page.locator("main .notice"))


def data_request(walk: Walk, workshop: str, consultation: str) -> None:
    """An administrator finds a person's registrations, downloads them, and erases them after a confirmation."""
    page, address = walk.page, walk.people["maria"]
    page.context.clear_cookies()
    log_in_as_admin(walk)
    walk.menu(page, "Data protection")
    page.locator("#f-email").fill(address)
    page.get_by_role("button", name=walk.say("Find")).click()
    expect(page.locator("#found")).to_have_text(walk.plural("%(num)d registration found",
                                                            "%(num)d registrations found", 2))
    rows = page.locator("section[aria-labelledby=found] tbody tr")
    expect(rows).to_have_count(2)
    erase = page.get_by_role("button", name=walk.say("Erase this person's data…"))
    walk.camera.shot(page, "privacy-found", page.locator("h1"), erase)
    with page.expect_download() as download:
        page.get_by_role("button", name=walk.say("Download all data (JSON)")).click()
    held = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert "Maria Zielińska" in json.dumps(held, ensure_ascii=False)

    erase.click()
    expect(page.locator("h1")).to_have_text(walk.say("Erase this person's data?"))
    walk.camera.shot(page, "privacy-erase", page.locator("h1"), page.get_by_role("link", name=walk.say(
        "Back without erasing")))
    page.get_by_role("button", name=walk.say("Yes, erase the data")).click()
    expect(page.get_by_role("status")).to_contain_text(walk.plural(
        "%(n)d registration erased. Nothing more is found for that address.",
        "%(n)d registrations erased. Nothing more is found for that address.", 2))
    for event_id in (workshop, consultation):
        assert "Maria Zielińska" not in {r["name"] for r in walk.api.registrations(event_id)}
    assert "Maria Zielińska" not in page.content()  # the log names no one
