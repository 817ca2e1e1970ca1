"""Answering the survey: once, through one's own link, stored without anything that leads back."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from chalicelib.application.schedules.jobs import JOBS, run_retention
from chalicelib.store import registrations as store
from tests.surveys import END, answer, raw_items, survey_event, tokens_by_address

pytestmark = pytest.mark.usefixtures("aws")


@pytest.fixture
def invited(time_machine):
    """The event, its registrations by role, and each attendee's survey link by address, an hour after the end."""
    event, ids = survey_event(time_machine)
    time_machine.move_to(END + timedelta(hours=1), tick=False)
    JOBS["after-event"]()
    return event, ids, tokens_by_address()


def test_the_form_opens_in_the_persons_language_and_a_second_answer_is_refused(invited, web):
    _, _, tokens = invited
    token = tokens["person2@example.com"]  # Ukrainian
    page = web.get(f"/survey/{token}?lang=uk")
    assert page.status_code == 200
    html = page.body.decode()
    assert '<html lang="uk"' in html and "Як загалом Ви оцінюєте захід?" in html and 'name="q_overall"' in html
    assert answer(web, token, language="uk").status_code == 200
    again = answer(web, token, language="uk", overall="1")
    assert again.status_code == 409
    assert "Ви вже відповіли" in again.body.decode()
    assert web.get(f"/survey/{token}?lang=uk").status_code == 409
    assert len(raw_items("ANSWERS#")) == 1


def test_wrong_answers_come_back_with_the_form_and_write_nothing(invited, web):
    event, ids, tokens = invited
    refused = answer(web, tokens["person0@example.com"], language="pl", overall="7", change="Więcej przerw")
    assert refused.status_code == 400
    html = refused.body.decode()
    assert 'id="error-summary"' in html and "Wybierz liczbę od 1 do 5." in html
    assert 'href="#f-q-overall"' in html  # the summary leads to the question
    assert "Więcej przerw" in html  # what was typed is kept
    missing = answer(web, tokens["person0@example.com"], language="pl", useful="")
    assert missing.status_code == 400
    assert raw_items("ANSWERS#") == []
    assert not store.load_registration(event.event_id, ids["came"][0]).survey_answered


def test_a_form_without_the_links_csrf_token_is_refused(invited, web):
    _, _, tokens = invited
    assert answer(web, tokens["person0@example.com"], csrf="forged").status_code == 400
    assert raw_items("ANSWERS#") == []


def test_an_unknown_link_is_not_found(web):
    assert web.get("/survey/" + "x" * 43).status_code == 404
    assert answer(web, "y" * 43).status_code == 404


def test_nothing_in_the_stored_answer_leads_to_the_person(invited, web, time_machine):
    event, ids, tokens = invited
    answered_at = END + timedelta(hours=2, minutes=17, seconds=31)
    time_machine.move_to(answered_at, tick=False)
    assert answer(web, tokens["person1@example.com"], change="The room was too cold").status_code == 200
    registration = store.load_registration(event.event_id, ids["came"][1])
    assert registration.survey_answered
    [item] = raw_items("ANSWERS#")
    assert set(item) == {"pk", "sk", "answers"}
    assert json.loads(item["answers"]["S"]) == {"overall": 5, "useful": 4, "organisation": 4,
                                                "change": "The room was too cold"}
    personal = [registration.registration_id, registration.manage_hash, registration.email_hash,
                registration.survey_hash, registration.name, registration.email,
                answered_at.isoformat()[:16], answered_at.strftime("%Y%m%d"), str(int(answered_at.timestamp()))[:6]]
    assert all(personal)
    for value in (v.get("S") or v.get("N") or "" for v in item.values()):
        for secret in personal:
            assert secret not in value, secret
    assert item["pk"]["S"] == f"ANSWERS#{event.event_id}"


def test_retention_erases_the_links_and_keeps_the_answers(invited, web, time_machine):
    event, _, tokens = invited
    assert answer(web, tokens["person0@example.com"]).status_code == 200
    assert len(raw_items("SURVEY#")) == 5
    time_machine.move_to(END + timedelta(days=event.retention_days, hours=1), tick=False)
    assert run_retention()["events"] == 1
    assert raw_items("SURVEY#") == []
    assert len(raw_items("ANSWERS#")) == 1
    assert web.get(f"/survey/{tokens['person3@example.com']}").status_code == 404
