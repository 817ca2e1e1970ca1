"""The survey after an event: one invitation per attendee, at most one reminder, whatever the job does."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from chalicelib.application.schedules.jobs import JOBS
from chalicelib.emails import delivery
from chalicelib.store import events as event_store
from chalicelib.store import surveys as survey_store
from tests.faults import dies_on_call
from tests.mailbox import text_of
from tests.surveys import END, answer, survey_event, survey_mails, token_of, tokens_by_address

pytestmark = pytest.mark.usefixtures("aws")
run = JOBS["after-event"]


def invited_addresses(ids_count: int) -> set[str]:
    return {f"person{n}@example.com" for n in range(ids_count)}


def test_each_attendee_gets_one_invitation_and_a_second_run_sends_nothing(time_machine):
    event, _ = survey_event(time_machine)
    time_machine.move_to(END - timedelta(minutes=1), tick=False)
    assert run()["survey"]["invited"] == 0  # not before the event ends
    time_machine.move_to(END + timedelta(minutes=30), tick=False)
    assert run()["survey"] == {"events": 1, "invited": 5, "reminded": 0}
    assert run()["survey"]["invited"] == 0
    recipients = Counter(str(m["To"]) for m in survey_mails())
    assert recipients == dict.fromkeys(invited_addresses(5), 1)  # not the absent one (5), not the cancelled (6)
    assert event_store.load_event(event.event_id).survey_invited == 5


def test_a_run_killed_half_way_and_run_again_invites_each_attendee_exactly_once(time_machine, monkeypatch):
    survey_event(time_machine)
    time_machine.move_to(END + timedelta(hours=1), tick=False)
    monkeypatch.setattr(survey_store, "BATCH", 1)
    monkeypatch.setattr(survey_store, "_invite_batch", dies_on_call(survey_store._invite_batch, 3))
    with pytest.raises(SystemExit):
        run()
    delivery.sweep()  # the two queued before the crash go out through the outbox's safety net
    assert len(survey_mails()) == 2
    assert run()["survey"]["invited"] == 3
    assert Counter(str(m["To"]) for m in survey_mails()) == dict.fromkeys(invited_addresses(5), 1)


def test_one_reminder_goes_only_to_those_who_have_not_answered(time_machine, web):
    survey_event(time_machine)
    time_machine.move_to(END + timedelta(hours=1), tick=False)
    run()
    tokens = tokens_by_address()
    for address in ("person0@example.com", "person1@example.com"):
        assert answer(web, tokens[address]).status_code == 200
    time_machine.move_to(END + timedelta(days=2), tick=False)
    assert run()["survey"]["reminded"] == 0  # not yet
    time_machine.move_to(END + timedelta(days=3, hours=1), tick=False)
    assert run()["survey"]["reminded"] == 3
    time_machine.move_to(END + timedelta(days=5), tick=False)
    assert run()["survey"] == {"events": 1, "invited": 0, "reminded": 0}
    reminders = survey_mails(reminder=True)
    assert sorted(str(m["To"]) for m in reminders) == ["person2@example.com", "person3@example.com",
                                                      "person4@example.com"]
    for message in reminders:  # the same link as the invitation's
        assert token_of(message) == tokens[str(message["To"])]
    assert "A reminder: how was the event?" in text_of(next(m for m in reminders if m["To"] == "person4@example.com"))


def test_an_event_without_a_reminder_sends_none_and_one_without_a_survey_nothing(time_machine):
    survey_event(time_machine, reminder=False)
    survey_event(time_machine, survey=None)  # the same people, another event: its survey off
    time_machine.move_to(END + timedelta(hours=1), tick=False)
    assert run()["survey"] == {"events": 1, "invited": 5, "reminded": 0}
    time_machine.move_to(END + timedelta(days=4), tick=False)
    assert run()["survey"]["reminded"] == 0
    assert len(survey_mails()) == 5


def test_the_job_runs_by_name_on_the_local_stage(time_machine, client):
    survey_event(time_machine)
    time_machine.move_to(END + timedelta(hours=1), tick=False)
    response = client.http.post("/dev/jobs/after-event")
    assert response.status_code == 200
    assert response.json_body == {"job": "after-event", "result": {
        "certificates": {"events": 0, "certificates": 0}, "survey": {"events": 1, "invited": 5, "reminded": 0}}}


@pytest.mark.parametrize(("language", "subject", "words"), [
    ("pl", "Jak było? Warsztat", "Dziękujemy za udział"),
    ("en", "How was it? Workshop", "Thank you for coming"),
    ("uk", "Як усе пройшло? Семінар", "Дякуємо, що прийшли"),
])
def test_the_survey_email_is_in_the_persons_language_with_their_own_link(time_machine, language, subject, words):
    survey_event(time_machine)
    time_machine.move_to(END + timedelta(hours=1), tick=False)
    run()
    message = next(m for m in survey_mails() if token_of(m) and f"?lang={language}" in text_of(m))
    assert str(message["Subject"]) == subject
    html = next(p.get_content() for p in message.walk() if p.get_content_type() == "text/html")
    assert f'<html lang="{language}"' in html and words in html and words in text_of(message)
    token = token_of(message)
    assert f"http://zapisy.test/survey/{token}?lang={language}" in html
    assert "/manage/" in html  # their data stays reachable
