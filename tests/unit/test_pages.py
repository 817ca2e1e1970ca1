"""Participant pages through the app: forms in, pages out, in the reader's language; never JSON."""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from chalicelib import auth
from chalicelib.store import registrations as store
from tests.factories import published_event

pytestmark = pytest.mark.usefixtures("aws")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
QUESTIONS = [
    {"id": "interpreter", "type": "checkbox", "label": {"pl": "Potrzebuję tłumacza", "en": "I need an interpreter",
                                                         "uk": "Мені потрібен перекладач"}},
    {"id": "tongue", "type": "choice", "required": True, "show_if": {"question": "interpreter", "equals": True},
     "label": {"en": "Which language?", "uk": "Яка мова?"}, "options": [{"id": "uk", "label": "українська"},
                                                                       {"id": "ar", "label": "العربية"}]},
    {"id": "country", "type": "country", "label": "Country"},
]



def post(web, path: str, fields: dict | list) -> object:
    return web.post(path, headers=FORM, body=urlencode(fields, doseq=True))


def html(response) -> str:
    assert response.headers["Content-Type"].startswith("text/html"), response.headers
    return response.body.decode()


def fields(**overrides) -> dict:
    data = {"name": "Olena Kovalenko", "email": "olena@example.com", "consent": "on", "lang": "uk"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("lang,title,word", [("pl", "Warsztat", "Najbliższe wydarzenia"),
                                              ("en", "Workshop", "Upcoming events"),
                                              ("uk", "Семінар", "Найближчі заходи")])
def test_board_and_event_page_speak_the_readers_language(web, lang, title, word):
    event = published_event(questions=QUESTIONS)
    board = html(web.get(f"/events?lang={lang}"))
    assert f'<html lang="{lang}"' in board and word in board and title in board
    assert f"/events/{event.event_id}?lang={lang}" in board  # links keep the language
    page = html(web.get(f"/events/{event.event_id}?lang={lang}"))
    for name in ('name="name"', 'name="email"', 'name="consent"', 'name="q_interpreter"', 'name="q_tongue"',
                 'name="q_country"', 'name="lang"', 'name="website"'):
        assert name in page
    assert 'data-show-if="q_interpreter"' in page and 'data-equals="true"' in page


def test_a_form_without_a_country_question_sorts_no_countries(web, monkeypatch):
    """Sorting the countries reads the collation table, a few hundred milliseconds of a cold start:
    the page of an event that asks no country must not pay for it."""
    from chalicelib.web import views

    def sorted_countries(language: str) -> tuple:
        raise AssertionError("countries sorted for a form that asks none")

    event = published_event(questions=QUESTIONS[:2])
    monkeypatch.setattr(views, "countries", sorted_countries)
    response = web.get(f"/events/{event.event_id}?lang=uk")
    assert response.status_code == 200
    assert 'name="q_interpreter"' in html(response) and 'name="q_country"' not in html(response)


def test_accept_language_chooses_when_no_lang_is_given(web):
    page = html(web.get("/events", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"}))
    assert '<html lang="uk"' in page


def test_a_good_form_registers_and_redirects_to_the_success_page(web):
    event = published_event(questions=QUESTIONS)
    response = post(web, f"/events/{event.event_id}", fields(q_interpreter="on", q_tongue="uk", q_country="UA"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/events/{event.event_id}/registered?status=confirmed&lang=uk"
    [registration] = store.list_registrations(event.event_id, cursor=None, limit=10)[0]
    assert registration.answers == {"interpreter": True, "tongue": "uk", "country": "UA"}
    assert registration.language == "uk" and registration.consent_version
    success = html(web.get(response.headers["Location"]))
    assert "Вас зареєстровано" in success


def test_errors_re_render_the_form_with_values_and_a_linked_summary(web):
    event = published_event(questions=QUESTIONS)
    response = post(web, f"/events/{event.event_id}", fields(email="olena@", consent=None, q_interpreter="on",
                                                              name="Олена <b>"))
    page = html(response)
    assert response.status_code == 400
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert {"#f-email", "#f-consent", "#f-q-tongue"} == set(re.findall(r'href="(#[^"]+)"', summary))
    assert 'value="Олена &lt;b&gt;"' in page and 'value="olena@"' in page  # values kept, escaped
    assert 'aria-invalid="true"' in page and "Помилка:" in page
    assert store.list_registrations(event.event_id, cursor=None, limit=10)[0] == []


def test_the_honeypot_pretends_success_and_creates_nothing(web):
    event = published_event()
    response = post(web, f"/events/{event.event_id}", fields(website="http://spam.example"))
    assert response.status_code == 303
    assert store.list_registrations(event.event_id, cursor=None, limit=10)[0] == []


def test_too_many_sign_ups_get_a_friendly_429(web, settings_env):
    settings_env(RATE_PER_ADDRESS="2")
    events = [published_event(capacity=10) for _ in range(3)]
    codes = [post(web, f"/events/{event.event_id}", fields()).status_code for event in events]
    assert codes == [303, 303, 429]
    refused = post(web, f"/events/{events[2].event_id}", fields())
    assert "Забагато спроб" in html(refused) and int(refused.headers["Retry-After"]) > 0


def test_a_browser_never_gets_json(web):
    event = published_event()
    wrong_type = web.post(f"/events/{event.event_id}?lang=pl", headers={"Content-Type": "application/json"},
                          body="{}")
    assert wrong_type.status_code == 415 and "<h1>" in html(wrong_type)
    missing = web.get("/events/nope?lang=en")
    assert missing.status_code == 404 and "does not exist" in html(missing)
    assert web.get("/manage/" + "x" * 43 + "?lang=pl").status_code == 404


def manage_link(event_id: str) -> str:
    [registration] = store.list_registrations(event_id, cursor=None, limit=10)[0]
    return auth.manage_token(event_id, registration.registration_id)


def test_manage_page_changes_answers_and_cancels_with_csrf(web):
    sessions = [{"id": "a", "title": "Slot A", "capacity": 1}, {"id": "b", "title": "Slot B", "capacity": 1}]
    event = published_event(kind="consultation", capacity=2, sessions=sessions, questions=QUESTIONS[2:])
    post(web, f"/events/{event.event_id}", fields(session="a"))
    token = manage_link(event.event_id)
    page = html(web.get(f"/manage/{token}?lang=en"))
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    assert "Slot A" in page and "olena@example.com" in page
    refused = post(web, f"/manage/{token}", {"action": "cancel", "csrf": "0" * 64, "lang": "en"})
    assert refused.status_code == 400 and "expired" in html(refused)
    moved = post(web, f"/manage/{token}", {"action": "update", "csrf": csrf, "lang": "en", "session": "b",
                                           "q_country": "PL"})
    assert moved.status_code == 200 and "Your changes are saved." in html(moved)
    registration = store.list_registrations(event.event_id, cursor=None, limit=10)[0][0]
    assert registration.sessions == ["b"] and registration.answers == {"country": "PL"}
    from chalicelib.events import service as events

    assert events.public_event(event.event_id).session_taken == {"a": 0, "b": 1}
    asked = html(post(web, f"/manage/{token}", {"action": "cancel", "csrf": csrf, "lang": "en"}))
    assert "Cancel your registration?" in asked and 'name="sure" value="yes"' in asked
    assert store.list_registrations(event.event_id, cursor=None, limit=10)[0][0].status == "confirmed"
    cancelled = html(post(web, f"/manage/{token}", {"action": "cancel", "csrf": csrf, "lang": "en", "sure": "yes"}))
    assert "Your registration is cancelled." in cancelled
    assert "Cancel my registration" not in cancelled and "Save changes" not in cancelled
    asked = html(post(web, f"/manage/{token}", {"action": "erase", "csrf": csrf, "lang": "en"}))
    assert "Delete your data?" in asked and web.get(f"/manage/{token}").status_code == 200
    erased = post(web, f"/manage/{token}", {"action": "erase", "csrf": csrf, "lang": "en", "sure": "yes"})
    assert "deleted" in html(erased)
    assert web.get(f"/manage/{token}").status_code == 404


def test_double_opt_in_takes_the_seat_only_after_the_click(web):
    event = published_event(double_opt_in=True, capacity=1)
    response = post(web, f"/events/{event.event_id}", fields())
    assert response.headers["Location"].endswith("status=pending_email&lang=uk")
    token = manage_link(event.event_id)
    page = html(web.get(f"/confirm/{token}?lang=uk"))
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    assert store.list_registrations(event.event_id, cursor=None, limit=10)[0][0].status == "pending_email"
    done = post(web, f"/confirm/{token}", {"csrf": csrf, "lang": "uk"})
    assert done.status_code == 200 and "Вас зареєстровано" in html(done)
    assert store.list_registrations(event.event_id, cursor=None, limit=10)[0][0].status == "confirmed"


def test_calendar_files_parse(web):
    from icalendar import Calendar

    event = published_event()
    one = web.get(f"/events/{event.event_id}.ics?lang=uk")
    assert one.headers["Content-Type"].startswith("text/calendar")
    [vevent] = Calendar.from_ical(one.body).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Семінар"
    feed = Calendar.from_ical(web.get("/events.ics").body)
    assert [str(e["UID"]) for e in feed.walk("VEVENT")] == [f"{event.event_id}@zapisy"]


def test_statements_exist_in_every_language(web):
    for lang in ("pl", "en", "uk"):
        assert "WCAG" in html(web.get(f"/accessibility?lang={lang}"))
        assert web.get(f"/privacy?lang={lang}").status_code == 200
