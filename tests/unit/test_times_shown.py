"""Times on pages and in e-mails name their zone only when the clock there is not the home one."""
from __future__ import annotations

import pytest

from chalicelib.emails import delivery
from chalicelib.registration import signup
from tests.factories import person, published_event
from tests.mailbox import sent, text_of

pytestmark = pytest.mark.usefixtures("aws")


def test_a_time_at_home_is_shown_bare_and_one_abroad_with_its_zones_name(web):
    home, abroad = published_event(), published_event(timezone="America/New_York")
    outcome = signup.register(home, person(1, language="pl"))
    delivery.after_commit(outcome.messages)
    outcome = signup.register(abroad, person(2, language="pl"))
    delivery.after_commit(outcome.messages)
    mail_home, mail_abroad = (text_of(m) for m in sorted(sent(), key=lambda m: str(m["To"])))
    page_home = web.get(f"/events/{home.event_id}?lang=pl").body.decode()
    page_abroad = web.get(f"/events/{abroad.event_id}?lang=pl").body.decode()
    board = web.get("/events?lang=en").body.decode()
    for text in (mail_home, mail_abroad, page_home, page_abroad, board):
        assert "Europe/Warsaw" not in text and "America/New_York" not in text
    for text in (mail_abroad, page_abroad):
        assert "(czas wschodnioamerykański" in text
    assert "czas wschodnioamerykański" not in mail_home + page_home and "(Eastern " in board
