"""A consultation slot is named by its time: the sign-up form says that time once, short, under its
day's heading (the date is not repeated per slot), where a named session keeps its name and its time."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from tests.factories import published_event

pytestmark = pytest.mark.usefixtures("aws")
WARSAW = ZoneInfo("Europe/Warsaw")


def at(day: datetime, hour: int, minute: int = 0) -> str:
    return day.replace(hour=hour, minute=minute).isoformat()


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_a_slot_is_labelled_once_and_a_named_session_keeps_its_name(web, lang):
    day = (datetime.now(WARSAW) + timedelta(days=20)).replace(second=0, microsecond=0)
    sessions = [{"id": "slot-0900", "title": "09:00\u201309:30", "capacity": 1,
                 "starts_at": at(day, 9), "ends_at": at(day, 9, 30)},
                {"id": "intro", "title": "Introduction", "capacity": 5,
                 "starts_at": at(day, 10), "ends_at": at(day, 11)}]
    event = published_event(kind="consultation", sessions=sessions, starts_at=at(day, 9), ends_at=at(day, 11),
                            capacity=6)
    shown = unescape(web.get(f"/events/{event.event_id}?lang={lang}").body.decode())
    labels = [" ".join(re.sub(r"<[^>]+>", "", label).split())
              for label in re.findall(r'<label for="session-[^"]+">(.*?)</label>', shown, re.DOTALL)]
    slot, intro = labels
    assert slot.startswith("09:00–09:30 (") and slot.count("09:00") == 1 and str(day.year) not in slot
    assert intro.startswith("Introduction – 10:00–11:00 (") and str(day.year) not in intro
    headings = re.findall(r'<fieldset class="day"><legend>([^<]+)</legend>', shown)
    assert len(headings) == 1 and str(day.day) in headings[0] and str(day.year) in headings[0]
