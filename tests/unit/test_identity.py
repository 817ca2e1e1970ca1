"""Whose service this is, everywhere it matters: the pages' header, funding band and footer, the
e-mails' footer, the calendar entry's organizer and the sign-in sheet's funding line."""
from __future__ import annotations

import io
import re

import pytest

from chalicelib import auth
from chalicelib.institutions.recent import forget
from chalicelib.registration import signup
from tests import mailbox
from tests.factories import admin, funded_project, person, published_event

pytestmark = pytest.mark.usefixtures("aws")
COFUNDED = {"pl": "Współfinansowane przez Unię Europejską", "en": "Co-funded by the European Union",
            "uk": "Співфінансовано Європейським Союзом"}
FUNDING = {"pl": "Projekt współfinansowany ze środków EFRR", "en": "Co-financed by the ERDF",
           "uk": "Співфінансується з коштів ЄФРР"}


@pytest.fixture
def project():
    yield funded_project("re-turn", FUNDING)
    forget()


@pytest.mark.parametrize("language", ["pl", "en", "uk"])
def test_an_events_pages_say_whose_service_it_is_and_who_funds_it(web, project, language):
    event = published_event(project=project, description={"en": "Workshops for migrants. " * 20,
                                                          "pl": "Warsztaty dla migrantów. " * 20})
    page = web.get(f"/events/{event.event_id}?lang={language}").body.decode()
    header = page.split("</header>")[0]
    assert {"pl": "Świętokrzyskiego", "en": "Świętokrzyskie", "uk": "Свентокшиського"}[language] in header
    band = page.split('class="funding"')[1].split("</div>\n</div>")[0]
    assert COFUNDED[language] in band and "<svg" in band and "Re-Turn" in band
    assert 'aria-label="' in band.split("<svg")[1].split(">")[0]  # the emblem is named for screen readers
    footer = page.split("<footer>")[1]
    assert FUNDING[language] in footer and "urzad@sejmik.kielce.pl" in footer and "+48 41 342 15 30" in footer
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert 0 < len(description) <= 160
    board = web.get(f"/events?lang={language}").body.decode()
    assert {"pl": "Świętokrzyskiego", "en": "Świętokrzyskie", "uk": "Свентокшиського"}[language] in board
    assert COFUNDED[language] in board.split('class="funding"')[1] and "Re-Turn" in board  # its events' project


def test_the_success_page_names_the_event_and_its_date(web, project):
    event = published_event(project=project)
    page = web.get(f"/events/{event.event_id}/registered?lang=en&status=confirmed").body.decode()
    assert "Workshop" in page and "Co-funded by the European Union" in page
    assert re.search(r"<dt>When</dt><dd>[^<]*20\d\d", page)


def test_every_email_says_who_sends_it_and_who_funds_it(client, project):
    from chalicelib.emails.delivery import after_commit

    event = published_event(project=project)
    after_commit(signup.register(event, person(1, language="uk")).messages)
    [message] = mailbox.sent()
    text = mailbox.text_of(message)
    lines = [line.strip() for line in text.splitlines()]
    footer = [line for line in lines[len(lines) - lines[::-1].index("--"):] if line]  # after the signature dashes
    assert len(footer) == 3, footer  # why this came, who sent it, who funds it: each on its own line
    assert "Маршалківський уряд Свентокшиського воєводства" in footer[1]
    assert "al. IX Wieków Kielc 3, 25-516 Kielce · urzad@sejmik.kielce.pl · +48 41 342 15 30" in footer[1]
    assert footer[2] == FUNDING["uk"]
    html = next(p for p in message.walk() if p.get_content_type() == "text/html").get_content()
    assert "Маршалківський уряд Свентокшиського воєводства" in html and FUNDING["uk"] in html
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar").get_content()
    from icalendar import Calendar

    organizer = Calendar.from_ical(calendar).walk("VEVENT")[0]["ORGANIZER"]
    assert str(organizer) == "mailto:urzad@sejmik.kielce.pl" and "Свентокшиського" in organizer.params["CN"]


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_the_sign_in_sheet_carries_the_funding_line_and_emblem_in_its_language(client, project, language):
    from pypdf import PdfReader

    event = published_event(project=project)
    signup.register(event, person(1))
    token = auth.issue_organizer_token(admin())
    response = client.http.get(f"/api/organizer/events/{event.event_id}/signin-sheet.pdf?lang={language}",
                               headers={"Authorization": f"Bearer {token}", "Accept": "application/pdf"})
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.body))
    text = " ".join(reader.pages[0].extract_text().split())
    assert FUNDING[language] in text and COFUNDED[language] in text
    other = FUNDING["uk" if language == "pl" else "pl"]
    assert other not in text
    drawing = reader.pages[0].get_contents().get_data()
    assert b"0 0.2 0.6 rg" in drawing and b"1 0.8 0 rg" in drawing  # the emblem's blue and yellow, drawn


def test_a_board_of_several_institutions_names_whose_event_each_is(web, project):
    from chalicelib.institutions import service

    published_event(project=project)
    assert "Organizator:" not in web.get("/events?lang=pl").body.decode()  # one institution: the header says it
    service.save_institution(admin(), {"id": "lublin", "name": {"pl": "Urząd Miasta Lublin"}})
    service.save_project(admin(), {"id": "epi", "institution": "lublin", "name": {"pl": "EPI"}})
    forget()
    published_event(project="epi")
    board = web.get("/events?lang=pl").body.decode()
    cards = board.split('<ul class="cards">')[1].split("</ul>")[0].split("<li>")[1:]
    assert sorted(card.split("Organizator: ")[1].split("<")[0] for card in cards) == [
        "Urząd Marszałkowski Województwa Świętokrzyskiego", "Urząd Miasta Lublin"]
