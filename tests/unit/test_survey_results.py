"""Survey results for organizers: nothing but counts before the fifth answer, only their own projects."""
from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from chalicelib import auth
from chalicelib.application.schedules.jobs import JOBS
from tests.factories import event_data
from tests.surveys import END, FORM, answer, survey_event, tokens_by_address

pytestmark = pytest.mark.usefixtures("aws")
RATINGS = [("5", "5", "4"), ("4", "3", "4"), ("3", "4", "2"), ("5", "4", "5"), ("4", "5", "3")]
CHANGES = ["Longer breaks", "", "More examples, please", "A bigger room", ""]


def login(web, **fields) -> str:
    response = web.post("/organizer/login", headers=FORM, body=urlencode(
        {"role": "organizer", "project": "re-turn", "email": "ola@city.example", **fields}, doseq=True))
    assert response.status_code == 303, response.body
    return response.headers["Set-Cookie"].split(";")[0]


def bearer(projects=("re-turn",)) -> dict[str, str]:
    organizer = auth.Organizer("org-1", "ola@city.example", "organizer", tuple(projects))
    return {"Authorization": f"Bearer {auth.issue_organizer_token(organizer)}"}


@pytest.fixture
def answered(time_machine, web):
    """Six attendees invited; returns the event and a function answering for the n-th of them."""
    event, _ = survey_event(time_machine, attendees=6)
    time_machine.move_to(END + timedelta(hours=1), tick=False)
    JOBS["after-event"]()
    tokens = tokens_by_address()

    def give(n: int) -> None:
        overall, useful, organisation = RATINGS[n]
        assert answer(web, tokens[f"person{n}@example.com"], overall=overall, useful=useful,
                      organisation=organisation, change=CHANGES[n]).status_code == 200
    return event, give


def figures(web, event_id: str, cookie: str, language: str = "en") -> str:
    page = web.get(f"/organizer/events/{event_id}/survey?lang={language}", headers={"Cookie": cookie})
    assert page.status_code == 200
    return page.body.decode()


def test_results_stay_hidden_at_four_answers_and_show_at_five(answered, web, client):
    event, give = answered
    cookie = login(web)
    for n in range(4):
        give(n)
    page = figures(web, event.event_id, cookie)
    assert "4 people have answered so far" in page and "from 5 answers on" in page
    assert "Average" not in page and "Longer breaks" not in page
    api = client.http.get(f"/api/organizer/events/{event.event_id}/survey", headers=bearer())
    assert json.loads(api.body) == {"id": event.event_id, "invited": 6, "answered": 4, "minimum": 5, "shown": False,
                                    "questions": []}
    give(4)
    page = figures(web, event.event_id, cookie, "pl")
    assert "Średnia: 4,2 na 5" in page  # overall 5, 4, 3, 5, 4
    assert "Średnia: 3,6 na 5" in page  # organisation 4, 4, 2, 5, 3
    for text in ("Longer breaks", "More examples, please", "A bigger room"):
        assert text in page
    body = json.loads(client.http.get(f"/api/organizer/events/{event.event_id}/survey", headers=bearer()).body)
    assert body["shown"] is True and body["answered"] == 5
    overall = next(q for q in body["questions"] if q["id"] == "overall")
    assert overall["average"] == pytest.approx(4.2)
    assert overall["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 2, "5": 2}
    change = next(q for q in body["questions"] if q["id"] == "change")
    assert change["answers"] == ["A bigger room", "Longer breaks", "More examples, please"]
    rows = re.findall(r'<th scope="row">(\d)</th><td class="num">(\d+)</td>', page)
    assert rows[:5] == [("1", "0"), ("2", "0"), ("3", "1"), ("4", "2"), ("5", "2")]  # the chart's table


def test_a_projects_results_add_up_only_the_events_that_reached_five(answered, web, time_machine):
    event, give = answered
    for n in range(5):
        give(n)
    small, _ = survey_event(time_machine, attendees=3)
    time_machine.move_to(END + timedelta(hours=2), tick=False)
    JOBS["after-event"]()
    cookie = login(web)
    page = web.get("/organizer/reports/surveys?project=re-turn&from=2027-01-01&to=2027-12-31&lang=en",
                   headers={"Cookie": cookie})
    assert page.status_code == 200
    html = page.body.decode()
    assert "Average: 4.2 of 5" in html
    assert f"/organizer/events/{small.event_id}/survey" in html and f"/organizer/events/{event.event_id}/survey" in html


def test_another_projects_organizer_sees_no_results(answered, web, client):
    event, give = answered
    for n in range(5):
        give(n)
    theirs = login(web, project="epi")
    assert web.get(f"/organizer/events/{event.event_id}/survey", headers={"Cookie": theirs}).status_code == 404
    assert client.http.get(f"/api/organizer/events/{event.event_id}/survey",
                           headers=bearer(("epi",))).status_code == 404
    refused = web.get("/organizer/reports/surveys?project=re-turn", headers={"Cookie": theirs})
    assert refused.status_code == 403 and "Average" not in refused.body.decode()
    assert web.get(f"/organizer/events/{event.event_id}/survey").status_code == 303  # no session: the login


def test_the_event_page_links_to_its_results(answered, web):
    event, _ = answered
    page = web.get(f"/organizer/events/{event.event_id}?lang=en", headers={"Cookie": login(web)}).body.decode()
    assert f'href="/organizer/events/{event.event_id}/survey?lang=en"' in page


def test_the_api_takes_the_survey_with_the_ready_questions_and_refuses_personal_ones(client):
    headers = {**bearer(("re-turn", "epi")), "Content-Type": "application/json"}
    created = client.http.post("/api/organizer/events", headers=headers,
                               body=json.dumps(event_data(survey={"enabled": True})))
    assert created.status_code == 201, created.body
    survey = json.loads(created.body)["survey"]
    assert survey["enabled"] is True and survey["reminder"] is True
    assert [(q["id"], q["type"]) for q in survey["questions"]] == [
        ("overall", "rating"), ("useful", "rating"), ("organisation", "rating"), ("change", "textarea")]
    assert survey["questions"][0]["label"]["uk"] == "Як загалом Ви оцінюєте захід?"
    event_id = json.loads(created.body)["id"]
    wrong = client.http.patch(f"/api/organizer/events/{event_id}", headers=headers, body=json.dumps(
        {"survey": {"questions": [{"id": "mail", "type": "email", "label": "Your e-mail"}]}}))
    assert wrong.status_code == 400
    assert "survey.questions[0].type" in json.loads(wrong.body)["error"]["fields"]
    own = [{"id": "venue", "type": "choice", "label": {"en": "The venue was"}, "options": ["fine", "too far"]}]
    changed = client.http.patch(f"/api/organizer/events/{event_id}", headers=headers,
                                body=json.dumps({"survey": {"reminder": False, "questions": own}}))
    assert changed.status_code == 200
    assert json.loads(changed.body)["survey"]["questions"][0]["options"][1] == {"id": "o2",
                                                                                "label": {"*": "too far"}}
    off = client.http.patch(f"/api/organizer/events/{event_id}", headers=headers, body=json.dumps({"survey": None}))
    assert json.loads(off.body)["survey"] is None
