"""The funder's indicator questions: asked once per project through the person's own link, "prefer not to
say" everywhere, disability only with its own consent, counted by person in the report, and gone with
the person's data."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import boto3
import pytest

from chalicelib import auth
from chalicelib.application.admin import privacy
from chalicelib.institutions import recent, service
from chalicelib.registration import signup
from chalicelib.reports import service as reports
from tests import mailbox
from tests.factories import admin, funded_project, person, published_event

pytestmark = pytest.mark.usefixtures("aws")
TABLE = "zapisy-test"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def asking():
    """re-turn asks the ESF+ set."""
    funded_project()
    service.save_project(admin(), {"indicators": "esf_plus"}, "re-turn")
    recent.forget()


def sign_up(client, event, n: int, **overrides) -> str:
    response = client.http.post(f"/api/events/{event.event_id}/registrations", headers={
        "Content-Type": "application/json"}, body=json.dumps(person(n, **overrides)))
    assert response.status_code == 201, response.body
    return auth.manage_token(event.event_id, json.loads(response.body)["id"])


def questions(client, token: str) -> dict:
    response = client.http.get(f"/api/manage/{token}/characteristics?lang=en")
    assert response.status_code == 200
    return json.loads(response.body)


def put(client, token: str, body) -> tuple[int, dict]:
    response = client.http.put(f"/api/manage/{token}/characteristics?lang=uk",
                               headers={"Content-Type": "application/json"}, body=json.dumps(body))
    return response.status_code, json.loads(response.body)


def stored_people() -> list[dict]:
    items = boto3.client("dynamodb").scan(TableName=TABLE)["Items"]
    return [item for item in items if item["sk"]["S"].startswith("PERSON#")]


def test_a_project_that_asks_says_so_in_its_notice_and_bumps_its_version(web, asking):
    project = service.project("re-turn")
    assert project.indicators == ["gender", "age_band", "labour_status", "education", "third_country_national",
                                  "foreign_background", "disability"]
    assert project.privacy_version == 2
    page = web.get("/privacy?project=re-turn&lang=en").body.decode()
    assert 'id="indicators"' in page and "Gender; Age; Situation on the labour market" in page
    assert "Article 9(2)(a)" in page
    bad = web.get("/privacy?project=re-turn&lang=pl").body.decode()
    assert "Płeć" in bad


def test_the_link_in_the_confirmation_asks_each_question_with_prefer_not_to_say(web, client, asking):
    event = published_event(capacity=5)
    token = sign_up(client, event, 1)
    [mail] = [m for m in mailbox.sent() if m["X-Zapisy-Kind"] == "confirmation"]
    assert f"/manage/{token}/about-you" in mailbox.text_of(mail)
    page = web.get(f"/manage/{token}/about-you?lang=uk").body.decode()
    assert page.count('value="prefer_not"') == 7 and page.count("Волію не відповідати") >= 7
    asked = questions(client, token)
    assert asked["asks"] and not asked["answered"] and len(asked["questions"]) == 7
    assert all(q["options"][-1]["id"] == "prefer_not" for q in asked["questions"])
    assert [q["id"] for q in asked["questions"] if q["special"]] == ["disability"]
    manage = web.get(f"/manage/{token}?lang=en").body.decode()
    assert f'/manage/{token}/about-you?lang=en"' in manage


def test_disability_needs_its_own_consent_and_nothing_is_kept_without_it(client, asking):
    event = published_event(capacity=5)
    token = sign_up(client, event, 1)
    status, body = put(client, token, {"gender": "female", "disability": "yes"})
    assert status == 400 and "special_consent" in body["error"]["fields"] and stored_people() == []
    status, body = put(client, token, {"gender": "robot"})
    assert status == 400 and "gender" in body["error"]["fields"] and stored_people() == []
    assert put(client, token, {"gender": "female", "disability": "prefer_not"})[0] == 200  # no consent needed
    [item] = stored_people()
    assert json.loads(item["answers"]["S"]) == {"gender": "female", "disability": "prefer_not"}
    assert "special_consent_at" not in item
    assert "person1" not in json.dumps(item) and item["sk"]["S"] == "PERSON#" + auth.person_key(
        "re-turn", auth.email_hash("person1@example.com"))


def test_answered_once_per_project_and_asked_again_in_another(client, web, asking):
    first, second = published_event(capacity=5), published_event(capacity=5)
    token = sign_up(client, first, 1)
    status, _ = put(client, token, {"gender": "male", "disability": "yes", "special_consent": True})
    assert status == 200
    [item] = stored_people()
    assert item["special_consent_version"]["S"] == "re-turn-v2" and item["special_consent_at"]["S"]
    status, body = put(client, token, {"gender": "female"})
    assert status == 409 and body["error"]["code"] == "invalid_transition"
    again = sign_up(client, second, 1)  # the same person at the project's next event: not asked again
    assert questions(client, again) == {"asks": True, "answered": True, "questions": []}
    assert "about-you" not in web.get(f"/manage/{again}?lang=en").body.decode()
    assert "already" in web.get(f"/manage/{again}/about-you?lang=en").body.decode()
    funded_project("epi", institution="lublin")
    service.save_project(admin(), {"indicators": "amif"}, "epi")
    recent.forget()
    elsewhere = published_event(capacity=5, project="epi")
    assert len(questions(client, sign_up(client, elsewhere, 1))["questions"]) == 3  # another project, another key


def test_the_form_posts_answers_and_refuses_a_special_answer_without_consent(web, client, asking):
    event = published_event(capacity=5)
    token = sign_up(client, event, 1)
    page = web.get(f"/manage/{token}/about-you?lang=en").body.decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    refused = web.post(f"/manage/{token}/about-you", headers=FORM, body=urlencode(
        {"csrf": csrf, "lang": "en", "gender": "female", "disability": "yes"}))
    shown = refused.body.decode()
    assert refused.status_code == 400 and 'href="#special_consent"' in shown
    assert re.search(r'id="gender-female"[^>]*checked', shown) and stored_people() == []
    saved = web.post(f"/manage/{token}/about-you", headers=FORM, body=urlencode(
        {"csrf": csrf, "lang": "en", "gender": "female", "disability": "yes", "special_consent": "on"}))
    assert saved.status_code == 200 and "Thank you! Your answers are saved." in saved.body.decode()
    assert len(stored_people()) == 1


def test_no_address_no_questions(client, asking):
    event = published_event(capacity=5)
    outcome = signup.register_on_behalf(event, {"name": "Walk-in", "consent": True, "language": "pl"}, "desk")
    token = auth.manage_token(event.event_id, outcome.registration_id)
    assert questions(client, token)["questions"] == []
    assert put(client, token, {"gender": "female"})[0] == 409


def test_the_report_counts_people_by_their_answers_across_events(client, asking, time_machine):
    start = datetime(2027, 3, 1, 9, tzinfo=UTC)
    time_machine.move_to(start - timedelta(days=20), tick=False)
    events = [published_event(capacity=5, starts_at=(start + timedelta(days=d)).isoformat(),
                              ends_at=(start + timedelta(days=d, hours=2)).isoformat()) for d in (0, 7)]
    answers = {1: {"gender": "female"}, 2: {"gender": "male"}, 3: {"gender": "prefer_not"}}
    for n in (1, 2, 3, 4):
        tokens = [sign_up(client, event, n) for event in events]
        if n in answers:
            assert put(client, tokens[0], answers[n])[0] == 200
    period = reports.Period(datetime(2027, 1, 1).date(), datetime(2027, 12, 31).date())
    report = reports.project_report(admin(), "re-turn", period, now=start + timedelta(days=30))
    gender = report.groups["indicator:gender"]
    assert {key: (g.confirmed, g.unique) for key, g in gender.items()} == {
        "female": (2, 1), "male": (2, 1), "prefer_not": (2, 1), "": (2, 1)}  # two events each, one person
    from chalicelib.reports.tables import report_tables

    [table] = [t for t in report_tables(report, "en") if t.key == "indicator:gender"]
    assert table.title == "By answer: Gender"
    assert [row[0] for row in table.rows] == ["I prefer not to say", "Man", "Woman", "Not stated"]


def test_the_answers_are_part_of_an_access_request_and_go_with_an_erasure(client, asking):
    event = published_event(capacity=5)
    token = sign_up(client, event, 1)
    put(client, token, {"age_band": "30_54", "disability": "yes", "special_consent": True})
    report = privacy.access_report(admin(), "Person1@Example.com")
    [kept] = report["answers_for_funders"]
    assert kept["project"] == "re-turn" and kept["answers"] == {"age_band": "30_54", "disability": "yes"}
    assert kept["special_consent_notice"] == "re-turn-v2"
    privacy.erase_person(admin(), "person1@example.com")
    assert stored_people() == [] and privacy.access_report(admin(), "person1@example.com")["answers_for_funders"] == []


def test_every_known_question_is_checked_and_the_consent_is_true_or_false(client, asking):
    """openapi.yaml lists every question's answers, whichever the project asks; other keys are not read."""
    event = published_event(capacity=5)
    token = sign_up(client, event, 1)
    for body, field in (({"gender": "female", "special_consent": "yes"}, "special_consent"),
                        ({"gender": 5}, "gender"), ({"disability": "no"}, "special_consent")):
        status, refused = put(client, token, body)
        assert status == 400 and list(refused["error"]["fields"]) == [field] and stored_people() == []
    assert put(client, token, {"gender": "female", "special_consent": None, "anything": [1]})[0] == 200
