"""The .ics files attached to e-mails and served as a public feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.calendar_file import calendar_feed, event_calendar

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Warsaw
END = START + timedelta(hours=3)


def parse(data: bytes):
    from icalendar import Calendar

    assert isinstance(data, bytes)
    return Calendar.from_ical(data)


def make(**overrides) -> bytes:
    kwargs = {
        "uid": "event-1-reg-7@zapisy",
        "title": "Warsztaty: jak założyć firmę",
        "description": "Pierwsza linia\nDruga linia",
        "location": "Sala 2, ul. Przykładowa 12, Warszawa",
        "starts_at": START,
        "ends_at": END,
        "timezone": "Europe/Warsaw",
        "url": "https://zapisy.example.org/manage/tok",
    }
    kwargs.update(overrides)
    return event_calendar(**kwargs)


def test_event_calendar_round_trip():
    cal = parse(make())
    assert str(cal["METHOD"]) == "PUBLISH" and str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    (event,) = cal.events
    assert str(event["UID"]) == "event-1-reg-7@zapisy"
    assert str(event["SUMMARY"]) == "Warsztaty: jak założyć firmę"
    assert str(event["LOCATION"]) == "Sala 2, ul. Przykładowa 12, Warszawa"
    assert str(event["DESCRIPTION"]) == "Pierwsza linia\nDruga linia"
    assert str(event["URL"]) == "https://zapisy.example.org/manage/tok"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert event.start == START and event.end == END
    assert (event.start.hour, event.end.hour) == (10, 13)  # local wall time in Warsaw
    assert str(event.start.tzinfo) == "Europe/Warsaw"
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    (alarm,) = event.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(days=-1)


def test_raw_text_has_tzid_and_crlf():
    raw = make()
    assert b"DTSTART;TZID=Europe/Warsaw:20261124T100000\r\n" in raw
    assert b"BEGIN:VTIMEZONE" in raw
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # RFC 5545 folding


def test_cancelled_event():
    cal = parse(make(cancelled=True, sequence=3))
    (event,) = cal.events
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 3
    assert not event.walk("VALARM")
    assert str(parse(make(method="cancel")).events[0]["STATUS"]) == "CANCELLED"


def test_hostile_text_stays_on_one_line():
    raw = make(title="Kurs\r\nATTENDEE:mailto:evil@example.com", uid="u-1\r\nX-EVIL:1", location="A\nB")
    assert b"\r\nATTENDEE" not in raw and b"\r\nX-EVIL" not in raw
    (event,) = parse(raw).events
    assert "ATTENDEE" not in event and str(event["SUMMARY"]) == "Kurs ATTENDEE:mailto:evil@example.com"
    assert str(event["LOCATION"]) == "A B"


def test_other_timezones_and_bad_input():
    (event,) = parse(make(timezone="Europe/Kyiv")).events
    assert event.start.hour == 11 and event["DTSTART"].params["TZID"] == "Europe/Kyiv"
    (event,) = parse(make(timezone="Not/AZone")).events
    assert event.start == START  # falls back to UTC, still the right instant
    with pytest.raises(ValueError):
        make(uid=" ")
    with pytest.raises(ValueError):
        make(method="REFRESH")


def test_calendar_feed():
    events = [
        {"uid": "e1@zapisy", "title": "Szkolenie", "description": "", "location": "Kraków", "starts_at": START,
             "ends_at": END, "timezone": "Europe/Warsaw", "url": "https://zapisy.example.org/e/1"},
        {"uid": "e2@zapisy", "title": "Konferencja", "starts_at": START + timedelta(days=200),
             "ends_at": START + timedelta(days=201), "timezone": "Europe/Kyiv", "cancelled": True, "method": "PUBLISH"},
    ]
    cal = parse(calendar_feed(events, name="Zapisy \u2013 wydarzenia"))
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "Zapisy \u2013 wydarzenia"
    assert [str(e["UID"]) for e in cal.events] == ["e1@zapisy", "e2@zapisy"]
    assert [str(e["STATUS"]) for e in cal.events] == ["CONFIRMED", "CANCELLED"]
    assert sorted(str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")) == ["Europe/Kyiv", "Europe/Warsaw"]
    assert cal.events[1].start.tzinfo is not None and str(cal.events[1].start.tzinfo) == "Europe/Kyiv"


def test_empty_feed_is_valid():
    cal = parse(calendar_feed([]))
    assert cal.events == []
