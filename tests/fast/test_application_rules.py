"""The application layer's own rules, on the in-memory store: limits and anti-spam, which actions
a status allows, access by project, what an edit or a cancellation sets off, idempotent check-in
and scheduled mail."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.application.organizer import checkin, events, messages, registrations
from chalicelib.application.participant import manage
from chalicelib.application.participant.sign_up import sign_up
from chalicelib.application.schedules import jobs
from chalicelib.auth import Organizer, manage_token
from chalicelib.errors import EventNotFound, Forbidden, InvalidInput, InvalidTransition, TooManyAttempts
from chalicelib.store import events as event_store
from chalicelib.store import registrations as store
from tests.factories import admin, event_data, person, published_event
from tests.fast.conftest import outbox_kinds

EPI = Organizer("epi-1", "epi@example.org", "organizer", ("epi",))


def status(event_id: str, registration_id: str) -> str:
    return store.load_registration(event_id, registration_id).status


# --- sign-up: limits and anti-spam ---------------------------------------------------------------

def test_past_the_limit_per_address_nothing_is_written_and_the_wait_is_said(settings_env, memory):
    settings_env(RATE_PER_ADDRESS="2")
    first, second, third = (published_event(capacity=5) for _ in range(3))
    for event in (first, second):
        sign_up(event.event_id, person(1), source="10.0.0.1")
    with pytest.raises(TooManyAttempts) as refused:
        sign_up(third.event_id, person(1), source="10.0.0.2")
    assert 0 < refused.value.retry_after <= 3600 and refused.value.status == 429
    assert store.list_registrations(third.event_id, cursor=None, limit=5).items == []
    assert sign_up(third.event_id, person(2), source="10.0.0.2").status == "confirmed"


def test_past_the_limit_per_source_another_source_still_signs_up(settings_env):
    settings_env(RATE_PER_IP="2")
    event = published_event(capacity=9)
    for n in range(2):
        sign_up(event.event_id, person(n), source="10.0.0.1")
    with pytest.raises(TooManyAttempts):
        sign_up(event.event_id, person(3), source="10.0.0.1")
    assert sign_up(event.event_id, person(3), source="10.0.0.9").status == "confirmed"


def test_bad_input_is_refused_before_it_counts(settings_env, memory):
    settings_env(RATE_PER_IP="1")
    event = published_event(capacity=5)
    for _ in range(3):
        with pytest.raises(InvalidInput):
            sign_up(event.event_id, {"name": "x"}, source="10.0.0.1")
    with pytest.raises(InvalidInput):
        sign_up(event.event_id, ["not", "an", "object"], source="10.0.0.1")
    assert memory.counters == {}
    assert sign_up(event.event_id, person(1), source="10.0.0.1").status == "confirmed"


def test_the_forms_honeypot_gets_a_plausible_answer_and_nothing_else(memory):
    event = published_event(capacity=1)
    sign_up(event.event_id, person(1), source="s")
    before = (dict(memory.registrations), dict(memory.outbox), dict(memory.counters))
    decoy = sign_up(event.event_id, {**person(2), "website": "http://spam.example"}, source="s", form=True)
    assert decoy.status == "waitlisted" and decoy.messages == ()  # what a new sign-up would see now
    assert (memory.registrations, memory.outbox, memory.counters) == before


@pytest.mark.parametrize("filled", ["http://spam.example", " ", 0, False])
def test_the_apis_honeypot_is_documented_empty_and_a_value_there_is_refused(memory, filled):
    event = published_event(capacity=1)
    before = (dict(memory.registrations), dict(memory.outbox), dict(memory.counters))
    with pytest.raises(InvalidInput) as refused:
        sign_up(event.event_id, {**person(2), "website": filled}, source="s")
    assert set(refused.value.fields) == {"website"}
    assert (memory.registrations, memory.outbox, memory.counters) == before
    for empty in ("", None):
        assert sign_up(event.event_id, {**person(3), "website": empty}, source="s").status == "confirmed"


def test_a_draft_is_not_found_for_signing_up():
    draft = events.create(admin(), event_data())
    with pytest.raises(EventNotFound):
        sign_up(draft.event_id, person(1), source="s")


# --- the organizer: actions by status, access by project --------------------------------------

def test_each_status_allows_its_own_actions_and_the_rest_is_a_conflict():
    event = published_event(capacity=1, requires_approval=True)
    applicant = sign_up(event.event_id, person(1), source="s").registration_id
    for refused in ("cancel",):
        with pytest.raises(InvalidTransition):
            registrations.act(admin(), event.event_id, applicant, refused, [])
    assert registrations.act(admin(), event.event_id, applicant, "approve", []) == "approve"
    assert status(event.event_id, applicant) == "confirmed"
    for refused in ("approve", "reject"):
        with pytest.raises(InvalidTransition):
            registrations.act(admin(), event.event_id, applicant, refused, [])
    registrations.act(admin(), event.event_id, applicant, "cancel", [])
    with pytest.raises(InvalidTransition):
        registrations.act(admin(), event.event_id, applicant, "cancel", [])


def test_approve_acts_on_the_chosen_person_and_says_when_a_seat_was_added(memory):
    event = published_event(capacity=1)
    sign_up(event.event_id, person(0), source="s")
    head, chosen = (sign_up(event.event_id, person(n), source="s").registration_id for n in (1, 2))
    assert registrations.act(admin(), event.event_id, chosen, "approve", []) == "seat_added"
    assert (status(event.event_id, head), status(event.event_id, chosen)) == ("waitlisted", "confirmed")
    assert (chosen, "promoted") in outbox_kinds(memory)


def test_another_projects_organizer_finds_nothing_and_changes_nothing(memory):
    event = published_event(capacity=1, project="re-turn")
    someone = sign_up(event.event_id, person(1), source="s").registration_id
    before = dict(memory.registrations)
    for attempt in (lambda: registrations.approve(EPI, event.event_id, someone),
                    lambda: registrations.cancel(EPI, event.event_id, someone),
                    lambda: registrations.detail(EPI, event.event_id, someone),
                    lambda: registrations.add_on_behalf(EPI, event.event_id, person(2)),
                    lambda: events.edit(EPI, event.event_id, {"capacity": 9}),
                    lambda: messages.message_registrants(EPI, event.event_id, {"subject": "s", "body": "b"}),
                    lambda: checkin.check_in(EPI, event.event_id, someone, None)):
        with pytest.raises(EventNotFound):
            attempt()
    with pytest.raises(Forbidden):
        events.create(EPI, event_data(project="re-turn"))
    assert memory.registrations == before


def test_an_organizer_lists_every_project_they_work_in_unless_they_name_one():
    soon = datetime.now(UTC) + timedelta(days=5)
    made = {project: published_event(project=project, starts_at=(soon + timedelta(days=n)).isoformat(),
                                     ends_at=(soon + timedelta(days=n, hours=1)).isoformat()).event_id
            for n, project in enumerate(("epi", "other", "re-turn"))}
    both = Organizer("o-2", "o2@example.org", "organizer", ("re-turn", "epi", "re-turn", "*"))
    assert [e.event_id for e in events.list_events(both, None, None, 50).items] == [made["epi"], made["re-turn"]]
    assert [e.event_id for e in events.list_events(both, "re-turn", None, 50).items] == [made["re-turn"]]
    assert [e.event_id for e in events.list_events(EPI, None, None, 50).items] == [made["epi"]]
    assert len(events.list_events(admin(), None, None, 50).items) == 3
    assert events.list_events(Organizer("o-3", "o3@example.org", "organizer", ()), None, None, 50).items == []
    with pytest.raises(Forbidden):
        events.list_events(both, "other", None, 50)


def test_more_capacity_moves_the_queue_and_a_new_time_is_announced_to_everyone_concerned(memory):
    event = published_event(capacity=1)
    first, waiting = (sign_up(event.event_id, person(n), source="s").registration_id for n in (1, 2))
    memory.outbox.clear()
    later = event_store.load_event(event.event_id).starts_at + timedelta(hours=1)
    changed = events.edit(admin(), event.event_id, {"capacity": 2, "starts_at": later.isoformat(),
                                                    "ends_at": (later + timedelta(hours=3)).isoformat()})
    assert status(event.event_id, waiting) == "confirmed"
    assert sorted(m.kind for m in changed.messages) == ["event_changed", "event_changed", "promoted"]
    assert {m.registration_id for m in changed.messages} == {first, waiting}


def test_cancelling_an_event_tells_everyone_once_and_it_stays_cancelled(memory):
    event = published_event(capacity=1)
    for n in range(3):
        sign_up(event.event_id, person(n), source="s")
    memory.outbox.clear()
    assert len(events.cancel(admin(), event.event_id).messages) == 3
    assert events.cancel(admin(), event.event_id).messages == ()
    with pytest.raises(InvalidTransition):
        events.edit(admin(), event.event_id, {"venue": "elsewhere"})
    with pytest.raises(InvalidTransition):
        events.editable(admin(), event.event_id)


def test_the_desk_is_never_limited(settings_env):
    settings_env(RATE_PER_IP="1", RATE_PER_ADDRESS="1")
    event = published_event(capacity=10)
    for n in range(3):
        registrations.add_on_behalf(admin(), event.event_id, {"name": f"Walk-in {n}", "email": "same@example.org"
                                    if n == 0 else ""})
    assert len(store.list_registrations(event.event_id, cursor=None, limit=10).items) == 3


# --- the participant's own link -----------------------------------------------------------------

def test_keeping_a_seat_one_does_not_hold_is_a_conflict():
    event = published_event(capacity=1)
    sign_up(event.event_id, person(1), source="s")
    waiting = sign_up(event.event_id, person(2), source="s")
    with pytest.raises(InvalidTransition):
        manage.keep_seat(manage_token(event.event_id, waiting.registration_id))


def test_cancelling_through_the_link_gives_the_seat_to_the_queue(memory):
    event = published_event(capacity=1)
    first = sign_up(event.event_id, person(1), source="s").registration_id
    waiting = sign_up(event.event_id, person(2), source="s").registration_id
    outcome = manage.cancel(manage_token(event.event_id, first))
    assert [m.kind for m in outcome.messages] == ["cancelled", "promoted"]
    assert status(event.event_id, waiting) == "confirmed"


# --- the door and the schedules -----------------------------------------------------------------

def test_check_in_is_idempotent_and_only_for_confirmed_seats():
    event = published_event(capacity=1)
    seated = sign_up(event.event_id, person(1), source="s").registration_id
    waiting = sign_up(event.event_id, person(2), source="s").registration_id
    results = [checkin.check_in(admin(), event.event_id, r, None)[1].result for r in (seated, seated, waiting)]
    assert results == ["checked_in", "already_checked_in", "not_confirmed"]
    assert event_store.load_event(event.event_id).checked_in == 1


def test_each_reminder_is_queued_once_however_often_the_job_runs(time_machine, memory):
    event = published_event(capacity=3)
    people = [sign_up(event.event_id, person(n), source="s").registration_id for n in range(2)]
    memory.outbox.clear()
    time_machine.move_to(event.starts_at - timedelta(hours=23), tick=False)
    assert jobs.run_reminders()["queued"] == 2
    assert jobs.run_reminders()["queued"] == 0
    assert sorted(outbox_kinds(memory)) == sorted((r, "reminder") for r in people)


def test_retention_erases_people_and_keeps_their_counts(time_machine):
    event = published_event(capacity=3)
    token = None
    for n in range(2):
        token = manage_token(event.event_id, sign_up(event.event_id, person(n), source="s").registration_id)
    time_machine.move_to(event.ends_at + timedelta(days=91), tick=False)
    assert jobs.run_retention() == {"events": 1, "registrations": 2}
    kept = event_store.load_event(event.event_id).anonymous_stats
    assert kept["registrations"] == 2 and kept["unique_participants"] == 2
    with pytest.raises(Exception, match="not valid"):
        manage.own_registration(token)
    assert datetime.now(UTC) > event.ends_at
