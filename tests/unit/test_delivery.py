"""E-mail delivery from the outbox: nothing lost when SES fails, nothing sent twice."""
from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from chalicelib.emails import delivery
from chalicelib.registration import signup
from chalicelib.store import outbox
from tests.factories import person, published_event

pytestmark = pytest.mark.usefixtures("aws")


def sent() -> list[email.message.EmailMessage]:
    backend = ses_backends[DEFAULT_ACCOUNT_ID]["eu-central-1"]
    return [email.message_from_string(m.raw_data, policy=email.policy.default) for m in backend.sent_messages]


def pending() -> list:
    return list(outbox.due_messages(datetime.now(UTC) + timedelta(days=1)))


def test_confirmation_is_sent_in_the_participants_language_with_calendar():
    event = published_event(capacity=3)
    outcome = signup.register(event, person(1, language="uk", name="Олена"))
    delivery.after_commit(outcome.messages)
    [message] = sent()
    assert message["To"] == "person1@example.com"
    assert message["X-Zapisy-Kind"] == "confirmation"
    assert "Семінар" in message["Subject"]
    parts = {p.get_content_type(): p for p in message.walk() if not p.is_multipart()}
    assert "text/calendar" in parts and parts["text/calendar"].get_filename() == "event.ics"
    assert "http://zapisy.test/manage/" in parts["text/plain"].get_content()
    assert pending() == []


def test_ses_failure_keeps_the_message_and_the_sweep_sends_it_once(time_machine):
    event = published_event(capacity=3)
    outcome = signup.register(event, person(1))
    with mock.patch("chalicelib.aws.ses") as broken:
        broken.return_value.send_raw_email.side_effect = RuntimeError("SES down")
        delivery.after_commit(outcome.messages)
    assert sent() == []
    [left] = pending()
    assert left.last_error.startswith("RuntimeError") and left.attempts == 1
    # too early: the retry lease holds the message back
    assert delivery.sweep()["sent"] == 0
    time_machine.move_to(datetime.now(UTC) + timedelta(minutes=2))
    assert delivery.sweep() == {"sent": 1, "skipped": 0, "failed": 0}
    assert delivery.sweep() == {"sent": 0, "skipped": 0, "failed": 0}
    assert len(sent()) == 1 and pending() == []


def test_a_message_already_recorded_is_never_sent_again():
    event = published_event(capacity=3)
    outcome = signup.register(event, person(1))
    [message] = outcome.messages
    delivery.after_commit(outcome.messages)
    # the process died after SES accepted and before the outbox item was deleted: replay it
    from chalicelib.store.convert import message_item

    message_item(message).save()
    assert delivery.drain([message]) == {"sent": 0, "skipped": 1, "failed": 0}
    assert len(sent()) == 1


def test_two_senders_racing_for_one_message_send_it_once():
    event = published_event(capacity=3)
    outcome = signup.register(event, person(1))
    [message] = outcome.messages
    copy = outbox.load(outbox.message_ref(message))
    assert delivery.send_message(message) == "sent"
    assert delivery.send_message(copy) == "skipped"
    assert len(sent()) == 1


def test_mail_goes_through_the_configuration_set_that_reports_bounces(settings_env):
    from chalicelib import aws

    settings_env(SES_CONFIGURATION_SET="zapisy-test-mail")
    aws.ses().create_configuration_set(ConfigurationSet={"Name": "zapisy-test-mail"})
    calls = []
    original = aws.ses().send_raw_email
    with mock.patch.object(aws.ses(), "send_raw_email", side_effect=lambda **kw: calls.append(kw) or original(**kw)):
        event = published_event(capacity=3)
        delivery.after_commit(signup.register(event, person(1)).messages)
    assert [call["ConfigurationSetName"] for call in calls] == ["zapisy-test-mail"]
    assert len(sent()) == 1


def test_keys_dynamodb_leaves_unprocessed_are_asked_for_again():
    from chalicelib.store.models import EventItem

    event = published_event(capacity=3)
    outcome = signup.register(event, person(1))
    table = EventItem._get_connection()
    real, asked = table.batch_get_item, []

    def throttled_once(keys, **kwargs):
        asked.append(len(keys))
        if len(asked) > 1:
            return real(keys, **kwargs)
        serialized = [{name: {"S": value} for name, value in key.items()} for key in keys]
        return {"Responses": {}, "UnprocessedKeys": {table.table_name: {"Keys": serialized}}}

    with mock.patch.object(table, "batch_get_item", side_effect=throttled_once):
        delivery.after_commit(outcome.messages)
    # the definition, its seat counters and the registration, asked for again
    assert asked == [3, 3] and len(sent()) == 1 and pending() == []
