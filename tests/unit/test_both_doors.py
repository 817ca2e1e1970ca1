"""The rules that used to live behind one door only, now written once (chalicelib/application) and
checked here through both: the JSON API and the pages (public form, dashboard).

- the sign-up limits and the honeypot;
- a double submit: one registration, one e-mail, the same answer;
- "Approve" on a waitlisted person approves that person;
- one status code per rule: "only a confirmed seat can be kept" is a 409 through either door.
"""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from chalicelib import auth
from chalicelib.registration import leaving, signup
from chalicelib.store import events as event_store
from chalicelib.store import registrations as store
from tests import mailbox
from tests.factories import admin, person, published_event
from tests.unit.test_dashboard import login
from tests.unit.test_dashboard_registrations import csrf_of, page_of
from tests.unit.test_dashboard_registrations import post as dashboard_post

pytestmark = pytest.mark.usefixtures("aws")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def api_sign_up(client, event_id: str, data: dict, language: str = "en"):
    response = client.http.post(f"/api/events/{event_id}/registrations", headers={"Content-Type": "application/json"},
                                body=json.dumps({**data, "language": language}))
    return response.status_code, json.loads(response.body), response.headers


def form_sign_up(client, event_id: str, data: dict, language: str = "en"):
    fields = {"name": data["name"], "email": data["email"], "consent": "on", "lang": language,
              **{k: v for k, v in data.items() if k == "website"}}
    return client.http.post(f"/events/{event_id}", headers=FORM, body=urlencode(fields))


def registrations_of(event_id: str) -> list:
    return store.list_registrations(event_id, cursor=None, limit=200).items


def table_keys() -> set[tuple[str, str]]:
    import boto3

    items = boto3.client("dynamodb").scan(TableName="zapisy-test")["Items"]
    return {(i["pk"]["S"], i["sk"]["S"]) for i in items}


# --- the sign-up limits and the honeypot -------------------------------------------------------

def test_the_json_api_limits_sign_ups_per_address_with_a_429_that_writes_and_sends_nothing(client):
    events = [published_event(capacity=5) for _ in range(6)]
    for event in events[:5]:
        assert api_sign_up(client, event.event_id, person(1))[0] == 201
    sent_before, keys_before = len(mailbox.sent()), table_keys()
    status, body, headers = api_sign_up(client, events[5].event_id, person(1), language="uk")
    assert status == 429 and body["error"]["code"] == "rate_limited"
    assert body["error"]["message"].startswith("Цю форму надіслано")  # in the sign-up's language
    assert 0 < int(headers["Retry-After"]) <= 3600
    assert registrations_of(events[5].event_id) == []
    assert table_keys() - keys_before <= {k for k in table_keys() if k[0].startswith("RATE#")}
    assert len(mailbox.sent()) == sent_before
    # the same address on the web form is counted in the same place
    page = form_sign_up(client, events[5].event_id, person(1))
    assert page.status_code == 429 and "Too many attempts" in page.body.decode()
    assert page.headers["Retry-After"] == headers["Retry-After"] or int(page.headers["Retry-After"]) > 0


def test_the_json_api_limits_sign_ups_per_source(client, settings_env):
    settings_env(RATE_PER_IP="3")
    event = published_event(capacity=10)
    assert [api_sign_up(client, event.event_id, person(n))[0] for n in range(3)] == [201] * 3
    status, _, headers = api_sign_up(client, event.event_id, person(3))
    assert status == 429 and int(headers["Retry-After"]) <= 600
    assert len(registrations_of(event.event_id)) == 3
    assert form_sign_up(client, event.event_id, person(4)).status_code == 429  # one count for both doors


def test_a_form_with_errors_counts_nothing_and_writes_nothing(client, settings_env):
    settings_env(RATE_PER_IP="1")
    event = published_event(capacity=10)
    keys = table_keys()
    for _ in range(3):
        status, body, _ = api_sign_up(client, event.event_id, {"name": "", "email": "nope", "consent": True})
        assert status == 400 and set(body["error"]["fields"]) >= {"name", "email"}
    assert table_keys() == keys
    assert api_sign_up(client, event.event_id, person(1))[0] == 201


def test_an_organizer_adding_people_at_a_desk_is_never_limited(client, settings_env):
    settings_env(RATE_PER_IP="1", RATE_PER_ADDRESS="1")
    from chalicelib.application.organizer import registrations

    event = published_event(capacity=10)
    for n in range(4):
        registrations.add_on_behalf(admin(), event.event_id, person(n))
    assert len(registrations_of(event.event_id)) == 4


@pytest.mark.parametrize("door", ["api", "form"])
def test_the_honeypot_stores_and_sends_nothing(client, door):
    """The form hides the field, so a bot that fills it gets what a sign-up would; the API documents it
    as empty (openapi.yaml), so a value there is refused like any field that breaks its rule."""
    event = published_event(capacity=5)
    keys = table_keys()
    bot = {**person(1), "website": "http://spam.example"}
    if door == "api":
        status, body, _ = api_sign_up(client, event.event_id, bot)
        assert status == 400 and list(body["error"]["fields"]) == ["website"]
        assert body["error"]["fields"]["website"] == "Leave this field empty."
    else:
        response = form_sign_up(client, event.event_id, bot)
        assert response.status_code == 303 and "status=confirmed" in response.headers["Location"]
    assert table_keys() == keys and mailbox.sent() == []


# --- a double submit ----------------------------------------------------------------------------

def test_a_double_submit_through_the_api_gives_one_registration_and_one_mail(client):
    event = published_event(capacity=5)
    first = api_sign_up(client, event.event_id, person(1))
    second = api_sign_up(client, event.event_id, person(1))
    assert first[:2] == second[:2] and first[0] == 201  # the same answer: id and status
    assert len(registrations_of(event.event_id)) == 1
    assert mailbox.kinds_by_recipient() == {("person1@example.com", "confirmation"): 1}


def test_a_double_submit_through_the_form_gives_one_registration_and_one_mail(client):
    event = published_event(capacity=5, requires_approval=True)
    first = form_sign_up(client, event.event_id, person(1), "pl")
    second = form_sign_up(client, event.event_id, person(1), "pl")
    assert first.status_code == second.status_code == 303
    status = [parse_qs(urlsplit(r.headers["Location"]).query)["status"] for r in (first, second)]
    assert status == [["pending_approval"], ["pending_approval"]]
    assert len(registrations_of(event.event_id)) == 1
    assert mailbox.kinds_by_recipient() == {("person1@example.com", "pending_approval"): 1}


# --- approve acts on the registration chosen ---------------------------------------------------

def queue_of_three(capacity: int = 1):
    """A full event, and three people waiting in order."""
    event = published_event(capacity=capacity)
    for n in range(capacity):
        signup.register(event, person(n))
    waiting = [signup.register(event_store.load_event(event.event_id), person(10 + n)).registration_id
               for n in range(3)]
    return event, waiting


def status_of(event_id: str, registration_id: str) -> str:
    return store.load_registration(event_id, registration_id).status


def test_approve_through_the_api_gives_the_chosen_waitlisted_person_a_seat(client):
    event, (head, middle, last) = queue_of_three()
    headers = {"Authorization": f"Bearer {auth.issue_organizer_token(admin())}"}
    response = client.http.post(f"/api/organizer/events/{event.event_id}/registrations/{middle}/approve",
                                headers=headers)
    assert response.status_code == 200 and json.loads(response.body)["status"] == "confirmed"
    assert [status_of(event.event_id, r) for r in (head, middle, last)] == ["waitlisted", "confirmed", "waitlisted"]
    counted = event_store.load_event(event.event_id, consistent=True)
    assert (counted.capacity, counted.taken, counted.waiting) == (2, 2, 2)  # a seat was added for them
    assert mailbox.kinds_by_recipient("promoted") == {("person11@example.com", "promoted"): 1}
    # the queue keeps its order for the rest: a freed seat goes to the head, not the last
    leaving.cancel(store.load_registration(event.event_id, middle))
    assert [status_of(event.event_id, r) for r in (head, last)] == ["confirmed", "waitlisted"]


def test_approve_on_a_waitlisted_row_of_the_dashboard_approves_that_row(web):
    event, (head, middle, last) = queue_of_three()
    cookie = login(web)
    csrf = csrf_of(page_of(web, f"/organizer/events/{event.event_id}?lang=en", cookie)[1])
    response = dashboard_post(web, f"/organizer/events/{event.event_id}/registrations/{last}", cookie,
                              {"csrf": csrf, "lang": "en", "action": "approve", "back": "registration"})
    assert response.status_code == 303
    assert [status_of(event.event_id, r) for r in (head, middle, last)] == ["waitlisted", "waitlisted", "confirmed"]
    page = page_of(web, response.headers["Location"], cookie)[1]
    assert "one seat was added for this person" in page


def test_approve_is_refused_with_409_where_the_status_does_not_allow_it(client):
    event = published_event(capacity=5)
    confirmed = signup.register(event, person(1)).registration_id
    headers = {"Authorization": f"Bearer {auth.issue_organizer_token(admin())}"}
    response = client.http.post(f"/api/organizer/events/{event.event_id}/registrations/{confirmed}/approve",
                                headers=headers)
    assert response.status_code == 409 and json.loads(response.body)["error"]["code"] == "invalid_transition"


# --- one status code per rule ------------------------------------------------------------------

def test_only_a_confirmed_seat_can_be_kept_is_409_through_both_doors(client):
    event = published_event(capacity=1)
    signup.register(event, person(1))
    waiting = signup.register(event_store.load_event(event.event_id), person(2))
    token = auth.manage_token(event.event_id, waiting.registration_id)
    api = client.http.post(f"/api/manage/{token}/still-coming", headers={"Content-Type": "application/json"},
                           body="{}")
    assert api.status_code == 409 and json.loads(api.body)["error"]["code"] == "invalid_transition"
    page = client.http.get(f"/manage/{token}?lang=en&confirm=erase").body.decode()
    import re

    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = client.http.post(f"/manage/{token}/still-coming", headers=FORM,
                            body=urlencode({"csrf": csrf, "lang": "en"}))
    assert form.status_code == 409 and "Only a confirmed seat can be kept." in form.body.decode()
