"""The satisfaction survey's questions in the dashboard's editor: shown as rows like the registration
questions (the ready ones when the survey is on and has none of its own), edited, added and removed,
read back through the organizer API; a bad row is refused beside its field with nothing stored, and
switching the survey off keeps its questions."""
from __future__ import annotations

import re

import pytest

from chalicelib.events.survey import default_questions
from tests.unit.test_dashboard_editor import api, created_id, csrf_of, form_on, full_event, login, post

pytestmark = pytest.mark.usefixtures("aws")
READY = ["overall", "useful", "organisation", "change"]


def survey_event(web, cookie: str, **overrides) -> str:
    return created_id(post(web, "/organizer/events/new", cookie, full_event(
        csrf_of(web, cookie), survey_enabled="on", **overrides)))


def editor(web, cookie: str, event_id: str, lang: str = "en") -> str:
    response = web.get(f"/organizer/events/{event_id}/edit?lang={lang}", headers={"Cookie": cookie})
    assert response.status_code == 200
    return response.body.decode()


def survey_of(client, event_id: str) -> dict:
    status, view = api(client, "GET", f"/api/organizer/events/{event_id}")
    assert status == 200
    return view["survey"]


def changed(fields: list[tuple[str, str]], values: dict[str, str]) -> list[tuple[str, str]]:
    """The posted form with some fields set to other values (or ticked)."""
    return [(k, v) for k, v in fields if k not in values] + list(values.items())


def errors_beside(page: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(
        r'<p class="error" id="err-([\w-]+)"><span class="visually-hidden">[^<]*</span>([^<]+)</p>', page)}


def test_the_ready_questions_are_rows_when_the_survey_is_on(web, client):
    cookie = login(web)
    new = web.get("/organizer/events/new?lang=en", headers={"Cookie": cookie}).body.decode()
    assert 'name="v0-id"' not in new and 'value="add_survey_question"' in new  # survey off: no rows yet

    event_id = survey_event(web, cookie)
    values = dict(form_on(editor(web, cookie, event_id)))
    ready = default_questions()
    assert [values[f"v{n}-id"] for n in range(4)] == READY and "v4-id" not in values
    assert [values[f"v{n}-type"] for n in range(4)] == ["rating", "rating", "rating", "textarea"]
    for n, question in enumerate(ready):
        assert {lang: values[f"v{n}-label-{lang}"] for lang in ("pl", "en", "uk")} == question["label"]
    assert values["v0-help-en"] == "1 means very poor, 5 means excellent." and values["v0-required"] == "on"
    assert values["v3-max_length"] == "2000" and "v3-required" not in values
    page = editor(web, cookie, event_id, "pl")
    assert '<option value="rating" selected>' in page and 'name="v0-show_if"' not in page

    # posted back untouched, the survey is as it was
    before = survey_of(client, event_id)
    created_id(post(web, f"/organizer/events/{event_id}/edit", cookie,
                    form_on(editor(web, cookie, event_id)) + [("action", "save")]))
    assert survey_of(client, event_id) == before

    # a new event's survey, switched on: the button shows the ready rows and one more, a rating
    added = post(web, "/organizer/events/new", cookie, form_on(new) + [("survey_enabled", "on"),
                                                                       ("action", "add_survey_question")])
    assert added.status_code == 200
    values = dict(form_on(added.body.decode()))
    assert [values[f"v{n}-id"] for n in range(5)] == [*READY, "q5"] and values["v4-type"] == "rating"


def test_survey_questions_are_edited_added_and_removed(web, client):
    cookie = login(web)
    event_id = survey_event(web, cookie)
    fields = changed(form_on(editor(web, cookie, event_id)),
                     {"v0-label-en": "All in all, how was it?", "v2-remove": "on"})
    added = post(web, f"/organizer/events/{event_id}/edit", cookie, fields + [("action", "add_survey_question")])
    assert added.status_code == 200
    page = added.body.decode()
    assert 'value="All in all, how was it?"' in page  # what was typed survives the added row
    values = dict(form_on(page))
    assert [values[f"v{n}-id"] for n in range(4)] == ["overall", "useful", "change", "q4"]
    assert values["v3-type"] == "rating" and "v4-id" not in values
    assert survey_of(client, event_id)["questions"][0]["label"]["en"] == "Overall, how would you rate the event?"

    fields = changed(form_on(page), {"v3-label-pl": "Jak oceniasz salę?", "v3-label-en": "How was the room?",
                                     "v3-label-uk": "Як Ви оцінюєте залу?", "v3-required": "on", "v3-position": "1",
                                     "v0-position": "2"})  # ties keep the page's order
    created_id(post(web, f"/organizer/events/{event_id}/edit", cookie, fields + [("action", "save")]))
    survey = survey_of(client, event_id)
    assert survey["enabled"] is True
    assert [q["id"] for q in survey["questions"]] == ["q4", "overall", "useful", "change"]
    room = survey["questions"][0]
    assert room == {"id": "q4", "type": "rating", "required": True, "help": {},
                    "label": {"pl": "Jak oceniasz salę?", "en": "How was the room?", "uk": "Як Ви оцінюєте залу?"}}
    assert survey["questions"][1]["label"]["en"] == "All in all, how was it?"
    assert survey["questions"][1]["label"]["pl"] == "Jak ogólnie oceniasz wydarzenie?"

    # a choice, with its options in two languages, is read like a registration question's
    fields = changed(form_on(editor(web, cookie, event_id)), {
        "v3-type": "choice", "v3-label-en": "How did you hear of it?", "v3-options-en": "A friend\nThe city's website",
        "v3-options-pl": "Znajomy\nStrona miasta", "v3-options-uk": "", "v3-required": ""})
    created_id(post(web, f"/organizer/events/{event_id}/edit", cookie, fields + [("action", "save")]))
    heard = survey_of(client, event_id)["questions"][3]
    assert (heard["id"], heard["type"], heard["required"]) == ("change", "choice", False)
    assert heard["options"] == [{"id": "o1", "label": {"pl": "Znajomy", "en": "A friend"}},
                                {"id": "o2", "label": {"pl": "Strona miasta", "en": "The city's website"}}]


def test_a_bad_survey_row_is_refused_beside_its_field_and_nothing_changes(web, client):
    cookie = login(web)
    event_id = survey_event(web, cookie)
    before = survey_of(client, event_id)
    fields = changed(form_on(editor(web, cookie, event_id, "pl")), {
        "lang": "pl", "v0-label-pl": "", "v0-label-en": "", "v0-label-uk": "",  # help left: the row is not empty
        "v1-type": "choice",  # and no options
        "v2-type": "multichoice", "v2-options-pl": "Tak\nNie", "v2-options-en": "Yes",
        "v3-max_length": "long", "v3-id": "Bad Id!"})
    refused = post(web, f"/organizer/events/{event_id}/edit", cookie, fields + [("action", "save")])
    assert refused.status_code == 400
    page = refused.body.decode()
    beside = errors_beside(page)
    assert beside["v0-label"] == "To pole jest wymagane."  # in the page's language
    assert beside["v1-options"] == "Podaj od 1 do 50 opcji."
    assert beside["v2-options"] == "Podaj tyle samo opcji w każdym języku, po jednej w wierszu."
    assert beside["v3-max_length"] == "Wpisz liczbę całkowitą."
    assert beside["v3-id"] == "Użyj unikalnego identyfikatora z małych liter, cyfr, - lub _."
    for anchor in ("f-v0-label-pl", "f-v1-options-pl", "f-v2-options-pl", "f-v3-max_length", "f-v3-id"):
        assert f'href="#{anchor}"' in page, anchor
    assert 'id="f-v0-label-pl" name="v0-label-pl" lang="pl" value="" maxlength="300" aria-describedby="err-v0-label"' \
        in page
    assert 'name="v2-options-pl" lang="pl" maxlength="6000" aria-describedby="hint-v2-options err-v2-options" ' \
        'aria-invalid="true">Tak\nNie</textarea>' in page  # what was typed comes back, marked
    assert survey_of(client, event_id) == before

    english = changed(fields, {"lang": "en"})
    summary = post(web, f"/organizer/events/{event_id}/edit", cookie, english + [("action", "save")]).body.decode()
    assert "Survey question 2: Options" in summary and "Survey question 1: Question" in summary
    assert survey_of(client, event_id) == before


def test_a_survey_with_no_question_left_asks_the_ready_ones(web, client):
    cookie = login(web)
    event_id = survey_event(web, cookie)
    fields = changed(form_on(editor(web, cookie, event_id)),
                     {"v1-remove": "on", "v2-remove": "on", "v3-remove": "on"})
    created_id(post(web, f"/organizer/events/{event_id}/edit", cookie, fields + [("action", "save")]))
    assert [q["id"] for q in survey_of(client, event_id)["questions"]] == ["overall"]
    fields = changed(form_on(editor(web, cookie, event_id)), {"v0-remove": "on"})
    created_id(post(web, f"/organizer/events/{event_id}/edit", cookie, fields + [("action", "save")]))
    assert [q["id"] for q in survey_of(client, event_id)["questions"]] == READY


def test_switching_the_survey_off_keeps_the_edited_questions(web, client):
    cookie = login(web)
    event_id = survey_event(web, cookie)
    fields = [(k, v) for k, v in changed(form_on(editor(web, cookie, event_id)),
                                         {"v3-label-en": "One wish?", "v1-remove": "on"}) if k != "survey_enabled"]
    created_id(post(web, f"/organizer/events/{event_id}/edit", cookie, fields + [("action", "save")]))
    off = survey_of(client, event_id)
    assert off["enabled"] is False
    assert [q["id"] for q in off["questions"]] == ["overall", "organisation", "change"]
    assert off["questions"][2]["label"]["en"] == "One wish?"

    page = editor(web, cookie, event_id)
    assert 'name="survey_enabled" value="on" checked' not in page and 'value="One wish?"' in page
    created_id(post(web, f"/organizer/events/{event_id}/edit", cookie,
                    form_on(page) + [("survey_enabled", "on"), ("action", "save")]))
    assert survey_of(client, event_id) == dict(off, enabled=True)


def test_an_editor_page_from_before_the_rows_keeps_its_hidden_questions(web, client):
    """A page opened before this version posts the questions as JSON in `survey_questions`."""
    import json

    cookie = login(web)
    event_id = survey_event(web, cookie)
    own = [{"id": "venue", "type": "rating", "label": {"en": "The venue"}, "required": False, "help": {}}]
    fields = [(k, v) for k, v in form_on(editor(web, cookie, event_id)) if not k.startswith("v")]
    created_id(post(web, f"/organizer/events/{event_id}/edit", cookie, [
        (k, v) for k, v in fields if k not in ("venue",)] + [
        ("venue", "Sala 2"), ("survey_questions", json.dumps(own)), ("action", "save")]))
    assert survey_of(client, event_id)["questions"] == own
