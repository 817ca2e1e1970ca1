"""A session that fills up between the sign-up and the moment the seat is sought: nobody lands on
its waiting list without having asked to. An organizer's approval is refused (409 `session_full`,
in the organizer's words and language, nothing written) through the API and the dashboard; a
participant confirming their address is asked to choose again (`pending_choice`) through the API
and the pages, and chooses on their manage page; a pending person picking a full session there,
and a person added at a desk, are refused unless they ask to wait; promotion from the event's
queue passes over whoever's session is full."""
from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import urlencode

import pytest

from chalicelib import auth
from chalicelib.store import events as event_store
from chalicelib.store import registrations as store
from tests import mailbox
from tests.factories import admin, person, published_event
from tests.unit.test_dashboard import login
from tests.unit.test_dashboard_registrations import csrf_of, page_of, post

pytestmark = pytest.mark.usefixtures("aws")
JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SESSIONS = [{"id": "lab", "title": {"en": "Lab", "pl": "Laboratorium", "uk": "Лабораторія"}, "capacity": 1},
            {"id": "hall", "title": {"en": "Hall", "pl": "Sala", "uk": "Зала"}, "capacity": 5}]


def workshops(**overrides):
    return published_event(kind="conference", capacity=10, sessions=SESSIONS, **overrides)


def sign_up(client, event_id: str, n: int, sessions: list[str], **extra) -> dict:
    response = client.http.post(f"/api/events/{event_id}/registrations", headers=JSON,
                                body=json.dumps(person(n, sessions=sessions, language="uk", **extra)))
    assert response.status_code in (201, 202), response.body
    return json.loads(response.body)


def approve(client, event_id: str, registration_id: str, lang: str = "en"):
    bearer = {"Authorization": f"Bearer {auth.issue_organizer_token(admin())}"}
    response = client.http.post(f"/api/organizer/events/{event_id}/registrations/{registration_id}/approve?lang={lang}",
                                headers=bearer)
    return response.status_code, json.loads(response.body)


def held(event_id: str, registration_id: str):
    return store.load_registration(event_id, registration_id)


def counters(event_id: str) -> tuple:
    event = event_store.load_event(event_id, consistent=True)
    return event.taken, event.waiting, event.pending, event.session_taken, event.session_waiting


def mail_to(n: int) -> list:
    return [m for m in mailbox.sent() if m["To"] == f"person{n}@example.com"]


def kinds_to(n: int) -> list[str]:
    return [str(m["X-Zapisy-Kind"]) for m in mail_to(n)]


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.body.decode())).split())


def manage(event_id: str, registration_id: str) -> str:
    return auth.manage_token(event_id, registration_id)


def csrf_for(web, token: str) -> str:
    return csrf_of(web.get(f"/manage/{token}?lang=en").body.decode())


# An organizer approves an applicant whose session filled up meanwhile

def test_the_api_refuses_to_approve_into_a_full_session_not_asked_for_and_writes_nothing(client):
    event = workshops(requires_approval=True)
    first = sign_up(client, event.event_id, 1, ["lab"])
    second = sign_up(client, event.event_id, 2, ["lab"])
    patient = sign_up(client, event.event_id, 3, ["lab"], waitlist=True)
    assert approve(client, event.event_id, first["id"]) == (200, {"id": first["id"], "status": "confirmed"})
    before, sent = counters(event.event_id), len(mailbox.sent())

    status, body = approve(client, event.event_id, second["id"], lang="pl")
    assert status == 409 and body["error"]["code"] == "session_full" and body["error"]["sessions"] == ["lab"]
    assert body["error"]["message"].startswith("W: Laboratorium nie ma teraz wolnego miejsca, a ta osoba nie prosiła")
    status, body = approve(client, event.event_id, second["id"], lang="en")
    assert body["error"]["message"] == ("No free seat in Lab now, and this person did not ask to wait for one. "
                                        "Move them to a session with free seats first, or reject the application.")
    assert held(event.event_id, second["id"]).status == "pending_approval"
    assert counters(event.event_id) == before and len(mailbox.sent()) == sent

    status, body = approve(client, event.event_id, patient["id"])  # asked to wait: the queue, as before
    assert (status, body["status"]) == (200, "waitlisted")
    assert held(event.event_id, patient["id"]).waiting_on == ["session:lab"]
    [waiting] = [m for m in mail_to(3) if m["X-Zapisy-Kind"] == "waitlisted"]
    assert "Лабораторія" in mailbox.text_of(waiting)
    bearer = {"Authorization": f"Bearer {auth.issue_organizer_token(admin())}"}
    listed = json.loads(client.http.get(f"/api/organizer/events/{event.event_id}/registrations", headers=bearer).body)
    assert {r["id"]: r["wait_if_full"] for r in listed["items"]} == {
        first["id"]: False, second["id"]: False, patient["id"]: True}  # what approving them will do


def test_the_dashboard_shows_the_refusal_on_the_registration_page_and_from_the_table(web, client):
    event = workshops(requires_approval=True)
    approve(client, event.event_id, sign_up(client, event.event_id, 1, ["lab"])["id"])
    late = sign_up(client, event.event_id, 2, ["lab"])["id"]
    cookie = login(web)
    path = f"/organizer/events/{event.event_id}/registrations/{late}"
    shown = page_of(web, path + "?lang=en", cookie)[1]
    csrf = csrf_of(shown)
    before = counters(event.event_id)

    on_page = post(web, path, cookie, {"csrf": csrf, "lang": "pl", "action": "approve", "back": "registration"})
    assert on_page.status_code == 409
    assert "W: Laboratorium nie ma teraz wolnego miejsca" in text(on_page)  # the organizer's language, not theirs
    on_page = post(web, path, cookie, {"csrf": csrf, "lang": "en", "action": "approve", "back": "registration"})
    assert on_page.status_code == 409 and "No free seat in Lab now" in text(on_page)
    from_table = post(web, path, cookie, {"csrf": csrf, "lang": "en", "action": "approve"})
    assert from_table.status_code == 409 and "No free seat in Lab now" in text(from_table)
    assert held(event.event_id, late).status == "pending_approval" and counters(event.event_id) == before
    assert kinds_to(2) == ["pending_approval"]
    assert "If a chosen session is full They did not ask to wait for it" in " ".join(
        unescape(re.sub(r"<[^>]+>", " ", shown)).split())  # the page told beforehand

    moved = post(web, path, cookie, {"csrf": csrf, "lang": "en", "action": "move", "session": "hall",
                                     "back": "registration"})
    assert moved.status_code == 303  # the way out the message names: a free session, then approval
    assert post(web, path, cookie, {"csrf": csrf, "lang": "en", "action": "approve"}).status_code == 303
    assert (held(event.event_id, late).status, held(event.event_id, late).sessions) == ("confirmed", ["hall"])


# A participant confirms their address after their session filled up

def confirm_api(client, token: str):
    response = client.http.post(f"/api/manage/{token}/confirm", headers=JSON, body="{}")
    return response.status_code, json.loads(response.body)


def test_confirming_through_the_api_asks_to_choose_again_instead_of_queueing(client):
    event = workshops(double_opt_in=True)
    first, second = (sign_up(client, event.event_id, n, ["lab"]) for n in (1, 2))
    patient = sign_up(client, event.event_id, 3, ["lab"], waitlist=True)
    assert {first["status"], second["status"], patient["status"]} == {"pending_email"}
    assert confirm_api(client, manage(event.event_id, first["id"]))[1]["status"] == "confirmed"
    before = counters(event.event_id)

    token = manage(event.event_id, second["id"])
    assert confirm_api(client, token) == (200, {"id": second["id"], "status": "pending_choice",
                                                "sessions_full": ["lab"]})
    now = held(event.event_id, second["id"])
    assert (now.status, now.waiting_on, now.queued_at) == ("pending_choice", [], None)
    assert counters(event.event_id) == before  # still pending: no seat, no queue place
    assert kinds_to(2) == ["pending_email"]
    own = json.loads(client.http.get(f"/api/manage/{token}").body)
    assert (own["status"], own["sessions_full"], own["waiting_for"]) == ("pending_choice", ["lab"], [])
    assert confirm_api(client, token)[1]["status"] == "pending_choice"  # again: still full, still asked

    status, body = confirm_api(client, manage(event.event_id, patient["id"]))
    assert (status, body["status"]) == (200, "waitlisted") and kinds_to(3)[-1] == "waitlisted"

    client.http.request("DELETE", f"/api/manage/{manage(event.event_id, first['id'])}")
    assert held(event.event_id, patient["id"]).status == "confirmed"  # the seat went to the one who waited
    assert held(event.event_id, second["id"]).status == "pending_choice"


def test_confirming_on_the_page_lands_on_the_choice_and_a_free_session_takes_the_seat(web, client):
    event = workshops(double_opt_in=True)
    first, second = (sign_up(client, event.event_id, n, ["lab"]) for n in (1, 2))
    web.post(f"/confirm/{manage(event.event_id, first['id'])}", headers=FORM,
             body=urlencode({"csrf": csrf_for(web, manage(event.event_id, first["id"])), "lang": "en"}))
    token = manage(event.event_id, second["id"])
    csrf = csrf_for(web, token)

    page = web.post(f"/confirm/{token}", headers=FORM, body=urlencode({"csrf": csrf, "lang": "en"}))
    shown = text(page)
    assert page.status_code == 200 and held(event.event_id, second["id"]).status == "pending_choice"
    assert "Your e-mail address is confirmed, but a session you chose filled up in the meantime." in shown
    assert "No seat was left in Lab when you confirmed, and you had not asked to wait for one." in shown
    assert "Waiting for your choice of session" in shown and 'name="waitlist"' in page.body.decode()
    assert re.search(r'<div class="choice taken"><input type="checkbox" id="session-lab"', page.body.decode())
    assert counters(event.event_id)[1] == 0 and kinds_to(2) == ["pending_email"]

    def choose(**fields):
        return web.post(f"/manage/{token}", headers=FORM, body=urlencode(
            {"csrf": csrf, "lang": "en", "action": "update", **fields}, doseq=True))

    refused = choose(session="lab")
    assert refused.status_code == 409 and "Already taken: Lab." in text(refused)
    assert held(event.event_id, second["id"]).status == "pending_choice"
    chosen = choose(session="hall")
    assert chosen.status_code == 200 and "Your seat is confirmed." in text(chosen)
    now = held(event.event_id, second["id"])
    assert (now.status, now.sessions) == ("confirmed", ["hall"])
    taken, waiting, pending, session_taken, session_waiting = counters(event.event_id)
    assert (taken, waiting, pending, session_taken["hall"], session_waiting.get("lab", 0)) == (2, 0, 0, 1, 0)
    [confirmation] = [m for m in mail_to(2) if m["X-Zapisy-Kind"] == "confirmation"]
    body = mailbox.text_of(confirmation)
    assert "Зала" in body and "Лабораторія" not in body


def test_choosing_to_wait_for_the_full_session_on_the_page_joins_its_queue(web, client):
    event = workshops(double_opt_in=True)
    first, second = (sign_up(client, event.event_id, n, ["lab"]) for n in (1, 2))
    confirm_api(client, manage(event.event_id, first["id"]))
    token = manage(event.event_id, second["id"])
    assert confirm_api(client, token)[1]["status"] == "pending_choice"
    waited = web.post(f"/manage/{token}", headers=FORM, body=urlencode(
        {"csrf": csrf_for(web, token), "lang": "en", "action": "update", "session": "lab", "waitlist": "on"}))
    assert waited.status_code == 200 and "We will e-mail you at once if a seat becomes free." in text(waited)
    now = held(event.event_id, second["id"])
    assert (now.status, now.waiting_on, now.wait_if_full) == ("waitlisted", ["session:lab"], True)
    [waiting] = [m for m in mail_to(2) if m["X-Zapisy-Kind"] == "waitlisted"]
    assert "Лабораторія" in mailbox.text_of(waiting)


# A pending person changes session on their manage page; a person added at a desk

def test_a_pending_person_picking_a_full_session_is_asked_whether_to_wait_and_that_is_kept(web, client):
    event = workshops(requires_approval=True)
    approve(client, event.event_id, sign_up(client, event.event_id, 1, ["lab"])["id"])
    applicant = sign_up(client, event.event_id, 2, ["hall"])["id"]
    token = manage(event.event_id, applicant)
    csrf = csrf_for(web, token)

    def change(**fields):
        return web.post(f"/manage/{token}", headers=FORM, body=urlencode(
            {"csrf": csrf, "lang": "en", "action": "update", **fields}))

    refused = change(session="lab")
    assert refused.status_code == 409 and "Already taken: Lab." in text(refused)
    assert held(event.event_id, applicant).sessions == ["hall"]
    assert change(session="lab", waitlist="on").status_code == 200
    now = held(event.event_id, applicant)
    assert (now.status, now.sessions, now.wait_if_full) == ("pending_approval", ["lab"], True)
    assert 'id="f-waitlist" name="waitlist" value="on" checked' in web.get(f"/manage/{token}?lang=en").body.decode()
    assert approve(client, event.event_id, applicant)[1]["status"] == "waitlisted"  # as they asked


def test_a_desk_registration_waits_for_a_full_session_only_when_ticked(web, client):
    event = workshops()
    sign_up(client, event.event_id, 1, ["lab"])
    cookie = login(web)
    path = f"/organizer/events/{event.event_id}/registrations"
    csrf = csrf_of(page_of(web, f"/organizer/events/{event.event_id}?lang=en", cookie)[1])
    desk = {"csrf": csrf, "lang": "pl", "language": "uk", "name": "Оксана Мельник", "email": "oksana@example.com",
            "session": "lab"}
    before = counters(event.event_id)

    refused = post(web, path, cookie, desk)
    assert refused.status_code == 409 and "Już zajęte: Laboratorium. Wybierz wolny termin" in text(refused)
    assert 'name="waitlist"' in refused.body.decode()
    assert counters(event.event_id) == before and not [m for m in mailbox.sent() if m["To"] == "oksana@example.com"]
    english = text(post(web, path, cookie, {**desk, "lang": "en"}))
    assert "Already taken: Lab. Choose a free one, or tick “If it is full, put them on its waiting list”." in english
    added = post(web, path, cookie, {**desk, "waitlist": "on"})
    assert added.status_code == 303
    rid = added.headers["Location"].split("/registrations/")[1].split("?")[0]
    assert (held(event.event_id, rid).status, held(event.event_id, rid).waiting_on) == ("waitlisted", ["session:lab"])


# A seat frees in the event: promotion never takes anyone into a full session

def test_a_freed_event_seat_passes_over_the_one_whose_session_filled_and_goes_to_the_next(client):
    from chalicelib.application.organizer import registrations

    event = published_event(kind="conference", capacity=3, sessions=[
        {"id": "lab", "title": {"en": "Lab"}, "capacity": 2}, {"id": "hall", "title": {"en": "Hall"}, "capacity": 5}])
    eid = event.event_id
    sign_up(client, eid, 1, ["lab"])
    mover = sign_up(client, eid, 2, ["hall"])["id"]
    leaver = sign_up(client, eid, 3, ["hall"])["id"]
    first_in_line = sign_up(client, eid, 4, ["lab"])  # the lab had a seat: they wait for the event only
    next_in_line = sign_up(client, eid, 5, ["hall"])
    assert (first_in_line["status"], next_in_line["status"]) == ("waitlisted", "waitlisted")
    registrations.move(admin(), eid, mover, ["lab"])  # the lab is full now

    client.http.request("DELETE", f"/api/manage/{manage(eid, leaver)}")
    skipped, promoted = held(eid, first_in_line["id"]), held(eid, next_in_line["id"])
    assert (promoted.status, promoted.sessions) == ("confirmed", ["hall"]) and kinds_to(5)[-1] == "promoted"
    assert (skipped.status, skipped.waiting_on, skipped.sessions) == ("waitlisted", ["event"], ["lab"])
    taken, waiting, _pending, session_taken, session_waiting = counters(eid)
    assert (taken, waiting, session_taken["lab"], session_waiting.get("lab", 0)) == (3, 1, 2, 0)
    assert "promoted" not in kinds_to(4)
