"""The organizer's part of the guide walk: each kind of event made in the editor and published, and
then the work with its people — approving, a desk registration, a message, the door, the lists,
the funder report and cancelling. Called in order by test_organizer_guide.py."""
from __future__ import annotations

import base64
import io
import re
from datetime import date

import openpyxl
import pypdf
from playwright.sync_api import expect

from chalicelib.checkin.qr import qr_png
from chalicelib.emails.compose import QR_CONTENT_ID
from tests.browser.organizer_guide import CODE, Walk, event_state, fill_languages, local, sign_up, statuses

CROWD = [("Olena Kovalenko", "Олена Коваленко", "uk"), ("Piotr Wójcik", "Piotr Wójcik", "pl"),
         ("Agnieszka Kamińska", "Agnieszka Kamińska", "pl"), ("Mehmet Yılmaz", "Mehmet Yılmaz", "en"),
         ("Tomasz Lewandowski", "Tomasz Lewandowski", "pl"), ("Natalia Szymańska", "Natalia Szymańska", "pl"),
         ("Andrii Melnyk", "Андрій Мельник", "uk")]


def _address(name: str) -> str:
    ascii_name = name.translate(str.maketrans("ąćęłńóśźżıÓŚŁŻ", "acelnoszziOSLZ")).lower()
    return ascii_name.replace(" ", ".") + "@example.com"


def new_event(walk: Walk, key: str, kind: str, *, venue: str, capacity: int, day: date, start: tuple[int, int],
              end: tuple[int, int], end_day: date | None = None) -> None:
    """New event: titles in every language, its type, venue, seats and times (the project is the organizer's)."""
    page = walk.page
    walk.menu(page, "New event")
    fill_languages(page, "title", walk.sample.titles[key])
    page.locator("#f-kind").select_option(kind)
    expect(page.locator("#f-project")).to_have_value(walk.sample.project)
    page.locator("#f-venue").fill(venue)
    page.locator("#f-capacity").fill(str(capacity))
    page.locator("#f-starts_at").fill(local(day, *start))
    page.locator("#f-ends_at").fill(local(end_day or day, *end))


def save(walk: Walk, key: str) -> str:
    """Save event: on to the event's page; its id."""
    page = walk.page
    page.get_by_role("button", name=walk.say("Save event")).first.click()
    expect(page.locator("h1")).to_have_text(walk.sample.titles[key][walk.lang])
    found = re.search(r"/organizer/events/([a-z0-9]+)\?", page.url)
    assert found, page.url
    return found.group(1)


def publish(walk: Walk, event_id: str) -> None:
    page = walk.page
    page.get_by_role("button", name=walk.say("Publish")).click()
    expect(page.locator("#share-title")).to_have_text(walk.say("The event is published"))
    expect(page.locator("#share-page")).to_have_value(re.compile(f"^https?://[^/]+/events/{event_id}$"))


def workshop(walk: Walk) -> str:
    """A workshop: the editor, a question, a preview, publishing, and what a participant sees and receives."""
    page, lang, sample = walk.page, walk.lang, walk.sample
    new_event(walk, "workshop", "workshop", venue="Urząd Miasta Przykładowo, sala 101, ul. Rynek 1", capacity=20,
              day=sample.day(1), start=(10, 0), end=(14, 0))
    fill_languages(page, "description", {
        "pl": "Jak zarejestrować działalność, jakie są pierwsze obowiązki i gdzie szukać wsparcia.",
        "en": "How to register a business, the first duties, and where to find support.",
        "uk": "Як зареєструвати бізнес, перші обов'язки та де шукати підтримку."})
    page.locator("#f-audiences").fill("residents, entrepreneurs")
    walk.camera.shot(page, "editor-about", page.locator("h1"), page.locator("#f-capacity"))
    page.get_by_role("button", name=walk.say("Add a question"), exact=True).click()
    row = page.locator("#question-0")
    expect(row).to_be_visible()
    page.locator("#f-q0-id").fill("meal")
    page.locator("#f-q0-type").select_option("choice")
    page.locator("#f-q0-required").check()
    fill_languages(page, "q0-label", {"pl": "Posiłek", "en": "Meal", "uk": "Харчування"})
    fill_languages(page, "q0-options", {"pl": "Standardowy\nWegetariański\nWegański",
                                        "en": "Standard\nVegetarian\nVegan",
                                        "uk": "Звичайне\nВегетаріанське\nВеганське"})
    walk.camera.shot(page, "editor-question", row, row)
    event_id = save(walk, "workshop")
    expect(page.get_by_text(walk.say("A draft is seen only here. Publish it to open registration."))).to_be_visible()
    assert walk.api.request("GET", f"/api/events/{event_id}").status_code == 404  # nobody else sees a draft

    page.get_by_role("link", name=walk.say("Preview"), exact=True).click()
    expect(page.locator("#preview-banner")).to_contain_text(walk.say("Preview — not published"))
    expect(page.get_by_role("button", name=walk.say("Register"))).to_be_disabled()
    walk.camera.shot(page, "preview", None, page.locator("h1"), pad=160)
    page.get_by_role("link", name=walk.say("Back to the event in the dashboard")).click()
    publish(walk, event_id)
    walk.camera.shot(page, "published", page.locator("h1"), page.locator(".event-actions"))

    phone, address = walk.phone, "maria.zielinska@example.com"
    walk.people["maria"] = address
    phone.goto(f"/events/{event_id}?lang={lang}")
    expect(phone.locator("h1")).to_have_text(sample.titles["workshop"][lang])
    expect(phone.locator(".funding")).to_contain_text(walk.say("Co-funded by the European Union"))
    walk.camera.shot(phone, "public-event-phone")
    phone.locator("#f-name").fill("Maria Zielińska")
    phone.locator("#f-email").fill(address)
    phone.get_by_label({"pl": "Wegetariański", "en": "Vegetarian"}[lang]).check()
    phone.locator("#f-consent").check()
    phone.get_by_role("button", name=walk.say("Register")).click()
    expect(phone.locator("h1")).to_have_text(walk.say("You are registered"))
    walk.camera.shot(phone, "registered-phone")
    _show_the_email(walk, address)
    return event_id


def _show_the_email(walk: Walk, address: str) -> None:
    """The confirmation as a mail program shows it, its QR code put back in place of the attachment."""
    mails = walk.mails_to(address, "confirmation")
    assert len(mails) == 1 and "event.ics" in mails[0]["attachments"] and "checkin.png" in mails[0]["attachments"]
    code = walk.checkin_code(address, "workshop")
    picture = "data:image/png;base64," + base64.b64encode(qr_png(code)).decode()
    reader = walk.page.context.new_page()
    reader.set_viewport_size({"width": 640, "height": 900})
    reader.set_content(mails[0]["html"].replace(f"cid:{QR_CONTENT_ID}", picture))
    article = reader.locator("[role=article]")
    expect(article).to_contain_text(code)
    walk.camera.shot(reader, "email-confirmation", article, article)
    reader.close()


def conference(walk: Walk) -> str:
    """A conference of two days with three sessions; participants choose one or more."""
    page, sample = walk.page, walk.sample
    new_event(walk, "conference", "conference", venue="Centrum Kultury, ul. Ogrodowa 5", capacity=150,
              day=sample.day(8), start=(9, 0), end_day=sample.day(9), end=(16, 0))
    sessions = [("plenary", {"pl": "Sesja plenarna", "en": "Plenary session", "uk": "Пленарна сесія"},
                 sample.day(8), (9, 0), (12, 30), 150),
                ("housing", {"pl": "Warsztaty: mieszkania", "en": "Workshop: housing", "uk": "Семінар: житло"},
                 sample.day(8), (13, 30), (16, 0), 40),
                ("transport", {"pl": "Warsztaty: transport", "en": "Workshop: transport", "uk": "Семінар: транспорт"},
                 sample.day(9), (9, 0), (12, 0), 40)]
    for i, (session_id, titles, day, start, end, seats) in enumerate(sessions):
        page.get_by_role("button", name=walk.say("Add a session")).click()
        expect(page.locator(f"#session-{i}")).to_be_visible()
        page.locator(f"#f-s{i}-id").fill(session_id)
        page.locator(f"#f-s{i}-capacity").fill(str(seats))
        page.locator(f"#f-s{i}-starts_at").fill(local(day, *start))
        page.locator(f"#f-s{i}-ends_at").fill(local(day, *end))
        fill_languages(page, f"s{i}-title", titles)
    walk.camera.shot(page, "editor-sessions", page.locator("#sessions"), page.locator("#session-1"))
    event_id = save(walk, "conference")
    free = walk.say("%(confirmed)s of %(capacity)s seats taken", confirmed=0, capacity=40)
    expect(page.get_by_text(free)).to_have_count(2)  # the two workshops
    publish(walk, event_id)

    page.goto(f"/events/{event_id}?lang={walk.lang}")
    choices = page.locator("input[name=session]")
    expect(choices).to_have_count(3)
    assert {choices.nth(i).get_attribute("type") for i in range(3)} == {"checkbox"}  # one or more
    walk.camera.shot(page, "public-sessions", page.locator("#f-session"), page.locator("#session-transport"), pad=40)
    walk.people["tomasz"] = address = _address("Tomasz Lewandowski")
    assert sign_up(walk.api, event_id, "Tomasz Lewandowski", address, "pl", sessions=["plenary", "housing"],
                   )["status"] == "confirmed"
    return event_id


def study_visit(walk: Walk) -> str:
    """A study visit of two seats that organizers approve: applicants wait; the third approved is put on the
    waiting list."""
    page, sample = walk.page, walk.sample
    new_event(walk, "visit", "study_visit", venue="Lublin, pl. Króla Władysława Łokietka 1", capacity=2,
              day=sample.day(17), start=(7, 30), end=(19, 0))
    page.get_by_label(walk.say("Organizers approve each registration")).check()
    walk.camera.shot(page, "editor-rules", page.locator("#rules"), page.locator("#f-invite_codes"))
    event_id = save(walk, "visit")
    publish(walk, event_id)
    applicants = ["Anna Malinowska", "Ewa Dąbrowska", "Jan Wróblewski", "Karolina Mazur"]
    for name in applicants:
        assert sign_up(walk.api, event_id, name, _address(name), "pl")["status"] == "pending_approval"
    page.reload()
    rows = page.locator("#registrations ~ div tbody tr")
    expect(rows).to_have_count(4)
    walk.camera.shot(page, "approval", page.locator("#registrations"), page.locator("#registrations ~ div table"))
    for name, action, status in (("Anna Malinowska", "Approve", "Confirmed"), ("Ewa Dąbrowska", "Approve", "Confirmed"),
                                 ("Karolina Mazur", "Approve", "On the waiting list"),  # no seat left
                                 ("Jan Wróblewski", "Reject", "Not accepted")):
        page.get_by_role("button", name=f"{walk.say(action)}: {name}").click()
        expect(rows.filter(has_text=name)).to_contain_text(walk.say(status))
    assert statuses(walk.api, event_id) == {"Anna Malinowska": "confirmed", "Ewa Dąbrowska": "confirmed",
                                            "Karolina Mazur": "waitlisted", "Jan Wróblewski": "rejected"}
    for name, kinds in (("Anna Malinowska", ["pending_approval", "confirmation"]),
                        ("Karolina Mazur", ["pending_approval", "waitlisted"]),
                        ("Jan Wróblewski", ["pending_approval", "rejected"])):
        assert [m["kind"] for m in walk.mails_to(_address(name))] == kinds, name
    return event_id


def committee_meeting(walk: Walk) -> str:
    """A meeting by invitation (codes), then a monthly series of it: copies as drafts, without the codes."""
    page, phone, lang, sample = walk.page, walk.phone, walk.lang, walk.sample
    new_event(walk, "meeting", "meeting", venue="Urząd Miasta Przykładowo, sala sesyjna", capacity=25,
              day=sample.day(2), start=(11, 0), end=(13, 0))
    page.get_by_label(walk.say("By invitation only")).check()
    page.locator("#f-invite_codes").fill("KOMITET-2027\nGOSC-2027")
    event_id = save(walk, "meeting")
    publish(walk, event_id)

    phone.goto(f"/events/{event_id}?lang={lang}")
    phone.locator("#f-name").fill("Marek Nowicki")
    phone.locator("#f-email").fill(_address("Marek Nowicki"))
    phone.locator("#f-invite_code").fill("KOMITET-2026")
    phone.locator("#f-consent").check()
    phone.get_by_role("button", name=walk.say("Register")).click()
    expect(phone.locator("#error-summary")).to_contain_text(walk.say("This invitation code is not valid."))
    walk.camera.shot(phone, "invite-only-phone", phone.locator("#error-summary"), phone.locator("#f-invite_code"))
    phone.locator("#f-invite_code").fill("komitet-2027")  # as the invitation gave it; case does not matter
    phone.get_by_role("button", name=walk.say("Register")).click()
    expect(phone.locator("h1")).to_have_text(walk.say("You are registered"))

    page.get_by_role("link", name=walk.say("Create a series")).click()
    page.locator("#f-count").fill("6")
    page.locator("#every-month").check()
    page.get_by_role("button", name=walk.say("Show the dates")).click()
    expect(page.locator("#dates + ol li")).to_have_count(6)
    walk.camera.shot(page, "series", page.locator("h1"), page.locator("#dates + ol"))
    page.get_by_role("button", name=walk.say("Create the copies")).click()
    expect(page.get_by_role("status")).to_contain_text(walk.plural(
        "%(num)d copy was created.", "%(num)d copies were created.", 5))
    listed = walk.api.request("GET", f"/api/organizer/events?project={sample.project}", organizer=True).json()["items"]
    copies = [e for e in listed if e["kind"] == "meeting" and e["id"] != event_id]
    assert len(copies) == 5 and {e["status"] for e in copies} == {"draft"}
    page.goto(f"/organizer/events/{copies[0]['id']}/edit?lang={lang}")
    expect(page.locator("#f-invite_only")).to_be_checked()
    expect(page.locator("#hint-invite_codes")).to_contain_text(walk.plural(
        "%(num)d code is stored.", "%(num)d codes are stored.", 0))  # codes are not copied
    return event_id


def consultation(walk: Walk) -> str:
    """Consultation slots from the slot generator: a booked slot leaves the public page."""
    page, phone, sample = walk.page, walk.phone, walk.sample
    day = sample.day(3)
    new_event(walk, "consultation", "consultation", venue="Urząd Miasta Przykładowo, pokój 12", capacity=8,
              day=day, start=(9, 0), end=(13, 0))
    page.locator("#f-slots_count").fill("8")
    page.locator("#f-slots_minutes").fill("30")
    page.locator("#f-slots_from").fill("09:00")
    page.locator("#f-slots_date").fill(day.isoformat())
    page.locator("#f-slots_capacity").fill("1")
    walk.camera.shot(page, "editor-slots", page.locator("#slot-generator"), page.locator("#slot-generator"))
    page.get_by_role("button", name=walk.say("Add the slots")).click()
    expect(page.locator("#session-7")).to_be_visible()
    expect(page.locator("#session-8")).to_have_count(0)
    event_id = save(walk, "consultation")
    publish(walk, event_id)
    slots = event_state(walk.api, event_id)["sessions"]
    assert [s["capacity"] for s in slots] == [1] * 8
    assert sign_up(walk.api, event_id, "Maria Zielińska", walk.people["maria"], "pl",
                   sessions=[slots[0]["id"]])["status"] == "confirmed"
    phone.goto(f"/events/{event_id}?lang={walk.lang}")
    expect(phone.locator("input[name=session][type=radio]")).to_have_count(7)  # the 09:00 slot is taken
    expect(phone.locator(f"#session-{slots[0]['id']}")).to_have_count(0)
    walk.camera.shot(phone, "public-slots-phone", phone.locator("#f-session"), height=760)
    return event_id


def desk_and_message(walk: Walk, workshop: str) -> None:
    """Someone without e-mail added at the desk (their code to print); more sign-ups; a message to all confirmed."""
    page, lang = walk.page, walk.lang
    page.goto(f"/organizer/events/{workshop}?lang={lang}")
    page.locator("summary", has_text=walk.say("Open the form")).click()
    page.locator("#f-name").fill("Stanisław Kowalczyk")
    page.get_by_label({"pl": "Standardowy", "en": "Standard"}[lang]).check()
    page.get_by_role("button", name=walk.say("Add this person")).click()
    expect(page.get_by_role("status")).to_contain_text(walk.say(
        "The person is registered. Their status: %(status)s.", status=walk.say("Confirmed")))
    expect(page.locator("svg.qr")).to_be_visible()
    expect(page.locator(".code")).to_have_text(CODE)
    walk.camera.shot(page, "desk-added", page.get_by_role("status"), page.locator(".code"))
    meal = event_state(walk.api, workshop)["questions"][0]["options"][0]["id"]
    for key, name, language in CROWD:
        walk.people[key] = _address(key)
        signed = sign_up(walk.api, workshop, name, _address(key), language, answers={"meal": meal})
        assert signed["status"] == "confirmed"
    page.goto(f"/organizer/events/{workshop}?lang={lang}")
    page.get_by_role("link", name=walk.say("Write to participants")).click()
    expect(page.locator("#to-confirmed")).to_be_checked()
    page.locator("#f-subject").fill("Sala 101 / Room 101")
    page.locator("#f-body").fill("Wejście od ul. Rynek. / The entrance is from Rynek street.")
    walk.camera.shot(page, "message", page.locator("h1"), page.get_by_role("button", name=walk.say("Send")))
    page.get_by_role("button", name=walk.say("Send")).click()
    people = 1 + len(CROWD)  # Maria and the crowd; the person added at the desk has no address
    expect(page.get_by_role("status")).to_have_text(walk.plural(
        "Your message is on its way to %(num)d person.", "Your message is on its way to %(num)d people.", people))
    told = [m["to"] for m in walk.mails_to("@", "organizer_message") if "Sala 101" in m["subject"]]
    assert sorted(told) == sorted([walk.people["maria"], *(_address(key) for key, _, _ in CROWD)]), told


def check_in(walk: Walk, workshop: str) -> None:
    """The door on a phone: a code typed from the ticket, then someone found by name."""
    phone, lang = walk.phone, walk.lang
    phone.goto(f"/organizer/events?lang={lang}")
    row = phone.locator("tr", has_text=walk.sample.titles["workshop"][lang])
    row.get_by_role("link", name=walk.say("Check-in")).click()
    expect(phone.locator("h1")).to_have_text(walk.say("Check-in"))
    phone.get_by_label(walk.say("Code from the ticket")).fill(walk.checkin_code(walk.people["maria"], "workshop"))
    phone.get_by_role("button", name=walk.say("Check in"), exact=True).click()
    expect(phone.locator("#door-result")).to_contain_text(walk.say("Checked in"))
    expect(phone.locator("#door-counts")).to_contain_text(walk.say("of %(n)s confirmed", n=2 + len(CROWD)))
    walk.camera.shot(phone, "checkin-phone")
    phone.get_by_label(walk.say("Name")).fill("olena")
    phone.get_by_role("button", name=walk.say("Search")).click()
    phone.get_by_role("button", name=f"{walk.say('Check in')}: Олена Коваленко").click()
    expect(phone.locator("#door-result")).to_contain_text("Олена Коваленко")
    walk.camera.shot(phone, "checkin-search-phone", phone.locator("#door-result"), phone.locator(".door-matches"))
    checked = {r["name"] for r in walk.api.registrations(workshop) if r["checked_in_at"]}
    assert checked == {"Maria Zielińska", "Олена Коваленко"}


def downloads(walk: Walk, workshop: str) -> None:
    """The registrations table, then the attendee list as CSV and Excel, and the sign-in sheet as PDF."""
    page = walk.page
    page.goto(f"/organizer/events/{workshop}?lang={walk.lang}")
    expect(page.locator("#registrations ~ div tbody tr")).to_have_count(2 + len(CROWD))
    files = page.locator("h2", has_text=walk.say("Downloads")).locator("+ ul")
    walk.camera.shot(page, "event-registrations", page.locator("#registrations"), files)
    got = {}
    for label in ("Attendee list (CSV)", "Attendee list (Excel)", "Sign-in sheet (PDF)"):
        with page.expect_download() as download:
            files.get_by_role("link", name=walk.say(label)).click()
        got[label] = download.value.path().read_bytes()
    table = got["Attendee list (CSV)"].decode("utf-8-sig")
    assert "Maria Zielińska" in table and "Stanisław Kowalczyk" in table
    assert {"pl": "Posiłek", "en": "Meal"}[walk.lang] in table  # a column per question, in the page's language
    sheet = openpyxl.load_workbook(io.BytesIO(got["Attendee list (Excel)"])).active
    assert "Андрій Мельник" in {cell.value for row in sheet.iter_rows() for cell in row}
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(got["Sign-in sheet (PDF)"])).pages)
    assert "Agnieszka Kamińska" in text and "Stanisław Kowalczyk" in text, text[:500]
    assert walk.say("Co-funded by the European Union") in text and walk.sample.project_names[walk.lang] in text


def report(walk: Walk) -> None:
    """Funder reports: the organizer's project, a period, the figures and the files."""
    page, sample = walk.page, walk.sample
    walk.menu(page, "Funder reports")
    expect(page.locator("#f-project")).to_have_value(sample.project)
    page.locator("#f-from").fill(sample.day(0).isoformat())
    page.locator("#f-to").fill(sample.day(30).isoformat())
    page.get_by_role("button", name=walk.say("Show report")).click()
    expect(page.locator("#report-heading")).to_contain_text(sample.project)
    figures = page.locator(".summary-figures li")
    signed_up = (2 + len(CROWD)) + 1 + 4 + 1 + 1  # workshop, conference, study visit, meeting, consultation
    expect(figures.filter(has_text=walk.say("Registrations"))).to_contain_text(str(signed_up))
    walk.camera.shot(page, "report", page.locator("h1"), page.locator("figure.chart"))
    with page.expect_download() as download:
        page.get_by_role("link", name=walk.say("Report (CSV)")).click()
    assert sample.project in download.value.path().read_text(encoding="utf-8-sig")


def cancel(walk: Walk, conference: str) -> None:
    """Cancel event → a confirmation with the numbers → everyone registered is e-mailed."""
    page = walk.page
    page.goto(f"/organizer/events/{conference}?lang={walk.lang}")
    page.get_by_role("link", name=walk.say("Cancel event")).click()
    expect(page.locator("h1")).to_contain_text(walk.say("Cancel event"))
    button = page.get_by_role("button", name=walk.say("Cancel the event and e-mail everyone"))
    walk.camera.shot(page, "cancel", page.locator("h1"), button)
    button.click()
    expect(page.get_by_role("link", name=walk.say("Edit event"))).to_have_count(0)
    assert event_state(walk.api, conference)["status"] == "cancelled"
    assert walk.mails_to(walk.people["tomasz"], "event_cancelled")


def event_list(walk: Walk) -> None:
    """Your events: every event of the project with its counts, drafts and the cancelled one included."""
    page = walk.page
    walk.menu(page, "Your events")
    rows = page.locator("table.event-list tbody tr")
    expect(rows).to_have_count(10)  # five events and the five copies of the meeting
    expect(rows.filter(has_text=walk.say("Draft"))).to_have_count(5)
    expect(rows.filter(has_text=walk.say("Cancelled"))).to_have_count(1)
    walk.camera.shot(page, "events", page.locator("h1"), rows.nth(3))
