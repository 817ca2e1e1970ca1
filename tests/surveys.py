"""Survey test data: an event with its survey on, attendees checked in, and their answers."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from tests.factories import person, published_event

START = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)
END = START + timedelta(hours=3)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
REMINDER_WORDS = ("Reminder", "Przypomnienie", "Нагадування")
LINK = re.compile(r"/survey/([A-Za-z0-9_-]{20,100})\?lang=(pl|en|uk)")


def survey_event(time_machine: Any, *, attendees: int = 5, reminder: bool = True,
                 **overrides: Any) -> tuple[Any, dict]:
    """A published event with the ready survey: `attendees` people checked in (languages pl, en, uk
    in turn), one confirmed but never checked in, one checked in and then cancelled.
    Returns the event and {role: [registration ids]}."""
    from chalicelib.checkin import service as checkin
    from chalicelib.registration import leaving, signup
    from chalicelib.store import registrations as store

    time_machine.move_to(START - timedelta(days=10), tick=False)
    overrides.setdefault("survey", {"enabled": True, "reminder": reminder})
    event = published_event(capacity=attendees + 2, starts_at=START.isoformat(), ends_at=END.isoformat(),
                            **overrides)
    languages = ("pl", "en", "uk")
    came = [signup.register(event, person(n, language=languages[n % 3])).registration_id for n in range(attendees)]
    absent = signup.register(event, person(attendees)).registration_id
    left = signup.register(event, person(attendees + 1)).registration_id
    time_machine.move_to(START + timedelta(minutes=5), tick=False)
    for registration_id in [*came, left]:
        assert checkin.check_in(event, registration_id, by="door").result == "checked_in"
    leaving.cancel(store.load_registration(event.event_id, left))
    return event, {"came": came, "absent": [absent], "left": [left]}


def survey_mails(reminder: bool | None = None) -> list[Any]:
    """The survey e-mails SES received (only invitations or only reminders, if asked)."""
    from tests.mailbox import sent

    found = [m for m in sent() if m["X-Zapisy-Kind"] == "survey"]
    if reminder is None:
        return found
    return [m for m in found if any(word in str(m["Subject"]) for word in REMINDER_WORDS) == reminder]


def token_of(message: Any) -> str:
    from tests.mailbox import text_of

    return LINK.search(text_of(message)).group(1)


def tokens_by_address() -> dict[str, str]:
    return {str(m["To"]): token_of(m) for m in survey_mails(reminder=False)}


def answer(web: Any, token: str, *, language: str = "en", overall: str = "5", useful: str = "4",
           organisation: str = "4", change: str = "", csrf: str | None = None) -> Any:
    """Post the survey form as the browser would."""
    from chalicelib.web.csrf import csrf_token

    body = {"lang": language, "csrf": csrf_token(token) if csrf is None else csrf, "q_overall": overall,
            "q_useful": useful, "q_organisation": organisation, "q_change": change}
    return web.post(f"/survey/{token}", headers=FORM, body=urlencode(body))


def raw_items(prefix: str) -> list[dict[str, Any]]:
    """The table's items whose key begins with `prefix`, as DynamoDB holds them (test code may Scan)."""
    import boto3

    from tests.conftest import TEST_ENV

    found = boto3.client("dynamodb").scan(TableName=TEST_ENV["TABLE_NAME"])["Items"]
    return [item for item in found if item["pk"]["S"].startswith(prefix)]
