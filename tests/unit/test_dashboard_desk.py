"""Adding a person at a desk (with or without an address), resending the confirmation, the pending
count through every transition, and never another project's people."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from chalicelib.registration import leaving, moving_up, signup
from chalicelib.store import registrations as store
from tests import mailbox
from tests.factories import person, published_event
from tests.unit.test_dashboard import login
from tests.unit.test_dashboard_registrations import (
    QUESTIONS,
    SESSIONS,
    csrf_of,
    page_of,
    post,
    registration,
    reload,
    row_names,
    sign_up,
)

pytestmark = pytest.mark.usefixtures("aws")


# Adding a person at a desk

def desk_form(csrf: str, **fields) -> dict:
    return {"csrf": csrf, "lang": "en", "language": "uk", "name": "Оксана Мельник", **fields}


def test_a_person_with_an_address_gets_the_normal_confirmation_and_no_approval_step(web):
    event = published_event(capacity=1, requires_approval=True, double_opt_in=True, sessions=SESSIONS,
                            questions=QUESTIONS)
    cookie = login(web, email="desk@city.example")
    csrf = csrf_of(page_of(web, f"/organizer/events/{event.event_id}?lang=en", cookie)[1])
    added = post(web, f"/organizer/events/{event.event_id}/registrations", cookie,
                 desk_form(csrf, email="Oksana@Example.com", session="morning"))
    assert added.status_code == 303, added.body
    rid = added.headers["Location"].split("/registrations/")[1].split("?")[0]
    held = registration(event.event_id, rid)
    assert (held.status, held.added_by, held.language, held.email) == (
        "confirmed", "desk@city.example", "uk", "oksana@example.com")
    assert held.consent_version == "2026-11" and held.consent_at is not None and held.answers == {}
    [mail] = [m for m in mailbox.sent() if m["To"] == "oksana@example.com"]
    assert mail["X-Zapisy-Kind"] == "confirmation"
    body = mailbox.text_of(mail)
    from chalicelib import auth
    from chalicelib.checkin import tokens

    assert f"/manage/{auth.manage_token(event.event_id, rid)}" in body
    assert tokens.checkin_code(event.event_id, rid) in body
    assert any(part.get_content_type() == "image/png" for part in mail.walk())
    page = page_of(web, added.headers["Location"], cookie)[1]
    assert "The person is registered. Their status: Confirmed." in page and "Added by desk@city.example" in page
    again = post(web, f"/organizer/events/{event.event_id}/registrations", cookie,
                 desk_form(csrf, name="Someone Else", email="oksana@example.com", session="afternoon"))
    assert again.status_code == 400
    assert "This e-mail address is already registered for this event." in again.body.decode()
    assert len(store.list_registrations(event.event_id, cursor=None, limit=50)[0]) == 1
    assert len([m for m in mailbox.sent() if m["To"] == "oksana@example.com"]) == 1
    full = post(web, f"/organizer/events/{event.event_id}/registrations", cookie,
                desk_form(csrf, name="Taras", email="taras@example.com", session="afternoon"))
    late = full.headers["Location"].split("/registrations/")[1].split("?")[0]
    assert registration(event.event_id, late).status == "waitlisted"  # the event's one seat is taken


def test_a_person_without_an_address_gets_no_mail_but_a_printable_code_and_link(web):
    event = published_event(capacity=3, questions=QUESTIONS)
    cookie = login(web)
    csrf = csrf_of(page_of(web, f"/organizer/events/{event.event_id}?lang=en", cookie)[1])
    missing = post(web, f"/organizer/events/{event.event_id}/registrations", cookie, desk_form(csrf, name=""))
    assert missing.status_code == 400 and 'href="#f-name"' in missing.body.decode()
    added = post(web, f"/organizer/events/{event.event_id}/registrations", cookie, desk_form(csrf, email=""))
    assert added.status_code == 303
    rid = added.headers["Location"].split("/registrations/")[1].split("?")[0]
    held = registration(event.event_id, rid)
    assert held.status == "confirmed" and held.email is None and held.email_hash is None
    assert mailbox.sent() == []
    from chalicelib.store.models import EmailMarker

    assert list(EmailMarker.query(f"EVENT#{event.event_id}", EmailMarker.sk.startswith("EMAIL#"))) == []
    page = page_of(web, added.headers["Location"], cookie)[1]
    from chalicelib import auth
    from chalicelib.checkin import tokens

    token = auth.manage_token(event.event_id, rid)
    assert tokens.checkin_code(event.event_id, rid) in page and f"/manage/{token}" in page
    assert "<svg" in page and "No e-mail address" in page
    assert web.get(f"/manage/{token}?lang=en").status_code == 200
    assert row_names(page_of(web, f"/organizer/events/{event.event_id}?lang=en&q=oksana", cookie)[1]) == [
        "Оксана Мельник"]


# Sending the confirmation again

def test_the_confirmation_is_resent_once_then_refused_for_ten_minutes(web, time_machine):
    from datetime import UTC, datetime

    time_machine.move_to(datetime.now(UTC), tick=False)
    event = published_event(capacity=5)
    outcome = sign_up(event, person(1))
    cookie = login(web)
    path = f"/organizer/events/{event.event_id}/registrations/{outcome.registration_id}"
    page = page_of(web, path + "?lang=en", cookie)[1]
    fields = {"csrf": csrf_of(page), "lang": "en", "back": "registration", "action": "resend"}

    def confirmations() -> int:
        return len([m for m in mailbox.sent() if m["X-Zapisy-Kind"] == "confirmation"])

    assert confirmations() == 1
    assert post(web, path, cookie, fields).status_code == 303
    assert confirmations() == 2
    time_machine.shift(timedelta(minutes=9))
    refused = post(web, path, cookie, fields)
    assert refused.status_code == 409 and "less than 10 minutes ago" in refused.body.decode()
    assert confirmations() == 2
    time_machine.shift(timedelta(minutes=2))
    assert post(web, path, cookie, fields).status_code == 303
    assert confirmations() == 3
    sent = registration(event.event_id, outcome.registration_id).emails_sent
    assert len([k for k in sent if k.startswith("resent:confirmation:")]) == 2
    assert page_of(web, path + "?lang=en", cookie)[1].count("Seat confirmed (sent again)") == 2


def test_no_resend_without_an_address_or_for_a_closed_registration(web):
    from chalicelib.errors import InvalidTransition
    from chalicelib.registration.resend import resend_confirmation

    event = published_event(capacity=5)
    on_paper = signup.register_on_behalf(event, {"name": "Bez Maila", "language": "pl"}, "desk@example.org")
    with pytest.raises(InvalidTransition):
        resend_confirmation(registration(event.event_id, on_paper.registration_id))
    gone = signup.register(reload(event.event_id), person(2))
    leaving.cancel(registration(event.event_id, gone.registration_id))
    with pytest.raises(InvalidTransition):
        resend_confirmation(registration(event.event_id, gone.registration_id))


# The pending counter

def pending_now(event_id: str) -> int:
    from chalicelib.events.views import organizer_view

    counted = int(organizer_view(reload(event_id))["pending"])
    items, _ = store.list_registrations(event_id, cursor=None, limit=200)
    assert counted == sum(1 for r in items if r.status in ("pending_email", "pending_approval") and not r.erased_at)
    return counted


def test_the_pending_counter_follows_every_transition():
    from datetime import UTC, datetime

    from chalicelib.privacy.retention import erase_event
    from chalicelib.registration.changes import erase_my_data

    event = published_event(capacity=1, requires_approval=True, double_opt_in=True)
    eid = event.event_id

    def sign_up(n: int) -> str:
        return signup.register(reload(eid), person(n)).registration_id

    first, second = sign_up(1), sign_up(2)
    assert pending_now(eid) == 2  # pending_email
    moving_up.confirm_email(registration(eid, first))
    assert registration(eid, first).status == "pending_approval" and pending_now(eid) == 2
    moving_up.approve(registration(eid, first))
    assert registration(eid, first).status == "confirmed" and pending_now(eid) == 1
    moving_up.confirm_email(registration(eid, second))
    moving_up.approve(registration(eid, second))
    assert registration(eid, second).status == "waitlisted" and pending_now(eid) == 0
    third = sign_up(3)
    assert pending_now(eid) == 1
    leaving.cancel(registration(eid, third))
    assert pending_now(eid) == 0
    fourth = sign_up(4)
    moving_up.confirm_email(registration(eid, fourth))
    leaving.reject(registration(eid, fourth))
    assert pending_now(eid) == 0
    erase_my_data(registration(eid, sign_up(5)))
    assert pending_now(eid) == 0
    desk = signup.register_on_behalf(reload(eid), {"name": "Walk In", "language": "pl"}, "desk@example.org")
    assert registration(eid, desk.registration_id).status == "waitlisted" and pending_now(eid) == 0
    leaving.cancel(registration(eid, first))  # the seat goes to the waiting list
    assert registration(eid, second).status == "confirmed" and pending_now(eid) == 0
    leaving.release_unconfirmed(registration(eid, second))
    assert pending_now(eid) == 0
    left = sign_up(6)
    assert pending_now(eid) == 1
    erase_event(reload(eid), datetime.now(UTC))  # retention: nobody is left to confirm or approve
    assert registration(eid, left).erased_at is not None and pending_now(eid) == 0
    leaving.cancel(registration(eid, left))
    with pytest.raises(Exception, match="already closed"):
        leaving.reject(registration(eid, left))
    assert pending_now(eid) == 0


def test_the_event_page_shows_the_pending_count(web):
    event = published_event(capacity=3, requires_approval=True)
    signup.register(event, person(1))
    page = page_of(web, f"/organizer/events/{event.event_id}?lang=en", login(web))[1]
    assert re.search(r"<dt>Pending \(approval or e-mail confirmation\)</dt><dd>1</dd>", page)


# Another project's people

def test_an_organizer_of_another_project_can_neither_see_nor_touch_a_registration(web):
    theirs = published_event(project="epi", capacity=1, sessions=SESSIONS, requires_approval=True)
    ours = published_event(project="re-turn", capacity=5)
    applicant = sign_up(theirs, person(1, sessions=["morning"]))
    before = (registration(theirs.event_id, applicant.registration_id),
              int(reload(theirs.event_id).pending), len(mailbox.sent()))
    cookie = login(web, project="re-turn")
    csrf = csrf_of(page_of(web, f"/organizer/events/{ours.event_id}?lang=en", cookie)[1])
    path = f"/organizer/events/{theirs.event_id}/registrations/{applicant.registration_id}"
    assert page_of(web, path + "?lang=en", cookie)[0] == 404
    crossed = f"/organizer/events/{ours.event_id}/registrations/{applicant.registration_id}"
    assert page_of(web, crossed + "?lang=en", cookie)[0] == 404
    for action, extra in (("approve", {}), ("reject", {}), ("cancel", {}), ("resend", {}),
                          ("move", {"session": "afternoon"})):
        for target in (path, crossed):
            response = post(web, target, cookie, {"csrf": csrf, "lang": "en", "back": "registration",
                                                  "action": action, **extra})
            assert response.status_code == 404, (action, target)
    added = post(web, f"/organizer/events/{theirs.event_id}/registrations", cookie,
                 desk_form(csrf, session="morning"))
    assert added.status_code == 404
    assert "Оксана" not in page_of(web, f"/organizer/events/{theirs.event_id}?lang=en&q=oksana", cookie)[1]
    after = (registration(theirs.event_id, applicant.registration_id),
             int(reload(theirs.event_id).pending), len(mailbox.sent()))
    assert after == before and before[1:] == (1, 1)
    assert len(store.list_registrations(theirs.event_id, cursor=None, limit=50)[0]) == 1
