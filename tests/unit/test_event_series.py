"""Series and duplicates of an event: the dates (weekly, fortnightly, the same weekday of the same week
each month), wall-clock times kept across summer time in Europe/Warsaw, and copies written all together."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.auth import Organizer
from chalicelib.errors import Busy, EventNotFound, InvalidInput
from chalicelib.events import series, service
from tests.factories import admin

WARSAW = ZoneInfo("Europe/Warsaw")
TUESDAY = 1


@pytest.mark.parametrize("year, month, weekday, nth, expected", [
    (2027, 3, TUESDAY, 1, date(2027, 3, 2)),
    (2027, 3, TUESDAY, 2, date(2027, 3, 9)),
    (2027, 3, TUESDAY, 5, date(2027, 3, 30)),   # March 2027 has five Tuesdays
    (2027, 4, TUESDAY, 5, date(2027, 4, 27)),   # April has four: the last one
    (2027, 2, 0, 5, date(2027, 2, 22)),         # February of a common year: the last Monday
    (2028, 2, TUESDAY, 5, date(2028, 2, 29)),   # a leap year's 29 February is its 5th Tuesday
    (2027, 12, 4, 4, date(2027, 12, 24)),
    (2027, 8, 6, 1, date(2027, 8, 1)),          # the month begins on that weekday
])
def test_the_nth_weekday_of_a_month_or_its_last(year, month, weekday, nth, expected):
    assert series.nth_weekday(year, month, weekday, nth) == expected


def test_monthly_working_group_meetings_on_the_second_tuesday_across_the_new_year():
    dates = series.series_dates(date(2027, 11, 9), 12, "month")
    assert dates[:3] == [date(2027, 11, 9), date(2027, 12, 14), date(2028, 1, 11)]
    assert dates[-1] == date(2028, 10, 10)
    assert all(d.weekday() == TUESDAY and 8 <= d.day <= 14 for d in dates)


def test_a_fifth_weekday_falls_back_to_the_last_where_a_month_has_none():
    assert series.series_dates(date(2027, 3, 30), 4, "month") == [
        date(2027, 3, 30), date(2027, 4, 27), date(2027, 5, 25), date(2027, 6, 29)]
    # a month-end date that is the 4th weekday stays the 4th, not the last
    assert series.series_dates(date(2027, 1, 28), 3, "month") == [date(2027, 1, 28), date(2027, 2, 25),
                                                                   date(2027, 3, 25)]


@pytest.mark.parametrize("every, gap", [("week", 7), ("2weeks", 14)])
def test_weekly_and_fortnightly(every, gap):
    dates = series.series_dates(date(2027, 12, 20), 4, every)
    assert [(b - a).days for a, b in pairwise(dates)] == [gap] * 3


@given(first=st.dates(date(2000, 1, 1), date(2090, 12, 31)), count=st.integers(2, 24),
       every=st.sampled_from(series.EVERY))
def test_any_series_keeps_its_weekday_and_its_rhythm(first, count, every):
    dates = series.series_dates(first, count, every)
    assert len(dates) == count and dates[0] == first
    assert all(d.weekday() == first.weekday() for d in dates)
    assert all(a < b for a, b in pairwise(dates))
    if every == "month":
        nth = (first.day - 1) // 7 + 1
        for index, day in enumerate(dates):
            months = (day.year - first.year) * 12 + day.month - first.month
            assert months == index  # one date each month, none skipped
            week = (day.day - 1) // 7 + 1
            last_of_month = (day + timedelta(days=7)).month != day.month
            assert week == nth or (nth == 5 and last_of_month and week == 4)


@given(moment=st.datetimes(datetime(2020, 1, 1), datetime(2035, 12, 31)), days=st.integers(-400, 400))
def test_a_shift_keeps_the_wall_clock_time_in_warsaw(moment, days):
    local = moment.replace(tzinfo=WARSAW)
    shifted = series.shift_days(local.astimezone(UTC), WARSAW, days).astimezone(WARSAW)
    target = (local.replace(tzinfo=None) + timedelta(days=days))
    if target.replace(tzinfo=WARSAW).astimezone(UTC).astimezone(WARSAW).replace(tzinfo=None) != target:
        return  # the hour that does not exist when summer time starts
    if local.astimezone(UTC).astimezone(WARSAW).replace(tzinfo=None) != local.replace(tzinfo=None):
        return
    assert shifted.replace(tzinfo=None) == target


@pytest.fixture
def meeting(aws):
    """A Tuesday meeting a week before summer time starts (28 March 2027), with a session and a window."""
    start = datetime(2027, 3, 23, 10, 0, tzinfo=WARSAW)
    return service.create_event(admin(), {
        "title": {"pl": "Spotkanie", "en": "Meeting"}, "kind": "meeting", "project": "re-turn",
        "timezone": "Europe/Warsaw", "capacity": 12, "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "registration_closes_at": (start - timedelta(days=1)).isoformat(),
        "invite_only": True, "invite_codes": ["SECRET-1"], "reminders": ["1d"],
        "questions": [{"id": "org", "type": "text", "label": {"pl": "Organizacja"}}],
        "sessions": [{"id": "part-2", "title": "Part 2", "capacity": 6,
                      "starts_at": (start + timedelta(hours=1)).isoformat(),
                      "ends_at": (start + timedelta(hours=2)).isoformat()}]})


def test_a_weekly_series_across_the_start_of_summer_time_keeps_ten_oclock(meeting):
    copies = series.create_series(admin(), meeting.event_id, 3, "week")
    assert [c.starts_at for c in copies] == [datetime(2027, 3, 30, 8, tzinfo=UTC), datetime(2027, 4, 6, 8, tzinfo=UTC)]
    assert meeting.starts_at == datetime(2027, 3, 23, 9, tzinfo=UTC)  # 10:00 in winter, 10:00 in summer
    first = copies[0]
    assert first.sessions[0]["starts_at"] == datetime(2027, 3, 30, 9, tzinfo=UTC).isoformat()
    assert first.registration_closes_at == datetime(2027, 3, 29, 8, tzinfo=UTC)
    for copy in copies:
        stored = service.organizer_event(admin(), copy.event_id, consistent=True)
        assert (stored.status, int(stored.taken), int(stored.waiting), stored.project) == ("draft", 0, 0, "re-turn")
        assert stored.session_capacity == {"part-2": 6} and stored.session_taken == {"part-2": 0}
        assert stored.questions == meeting.questions and list(stored.reminders) == [1440]
        assert stored.invite_only and list(stored.invite_code_hashes) == []  # codes are tied to their event


def test_a_series_across_the_end_of_summer_time_may_be_published_at_once(aws):
    start = datetime(2027, 10, 26, 18, 30, tzinfo=WARSAW)
    item = service.create_event(admin(), {"title": "Evening", "kind": "seminar", "timezone": "Europe/Warsaw",
                                          "capacity": 5, "starts_at": start.isoformat(),
                                          "ends_at": (start + timedelta(minutes=90)).isoformat()})
    [copy] = series.create_series(admin(), item.event_id, 2, "week", publish=True)
    assert copy.starts_at.astimezone(WARSAW).replace(tzinfo=None) == datetime(2027, 11, 2, 18, 30)
    assert copy.ends_at - copy.starts_at == timedelta(minutes=90)
    assert service.public_event(copy.event_id).status == "published"


def test_the_series_size_and_rhythm_are_checked():
    for count, every, fields in (("1", "week", {"count"}), ("25", "month", {"count"}), ("x", "week", {"count"}),
                                 ("3", "yearly", {"every"}), ("", None, {"count", "every"})):
        with pytest.raises(InvalidInput) as refused:
            series.read_series(count, every)
        assert set(refused.value.fields) == fields
    assert series.read_series("24", "2weeks") == (24, "2weeks")


def test_a_series_is_written_whole_or_not_at_all(meeting, monkeypatch):
    taken = iter(["fresh1", "fresh2", meeting.event_id, "fresh4"])  # the third copy's id is taken
    monkeypatch.setattr(series, "new_id", lambda nbytes: next(taken))
    with pytest.raises(Busy):
        series.create_series(admin(), meeting.event_id, 5, "week")
    for event_id in ("fresh1", "fresh2", "fresh4"):
        with pytest.raises(EventNotFound):
            service.organizer_event(admin(), event_id)
    assert service.organizer_event(admin(), meeting.event_id).title == {"pl": "Spotkanie", "en": "Meeting"}


def test_duplicate_moves_to_the_new_date_and_stays_in_the_organizers_projects(meeting):
    copy = series.duplicate(admin(), meeting.event_id, date(2027, 4, 20))
    assert copy.starts_at == datetime(2027, 4, 20, 8, tzinfo=UTC) and copy.status == "draft"
    assert copy.sessions[0]["ends_at"] == datetime(2027, 4, 20, 10, tzinfo=UTC).isoformat()
    same = series.duplicate(admin(), meeting.event_id)
    assert (same.starts_at, same.ends_at) == (meeting.starts_at, meeting.ends_at) and same.event_id != meeting.event_id

    stranger = Organizer("epi-1", "epi@example.org", "organizer", ("epi",))
    before = service.list_organizer_events(admin(), "re-turn", None, 50)[0]
    for attempt in (lambda: series.duplicate(stranger, meeting.event_id),
                    lambda: series.create_series(stranger, meeting.event_id, 3, "week")):
        with pytest.raises(EventNotFound):
            attempt()
    assert len(service.list_organizer_events(admin(), "re-turn", None, 50)[0]) == len(before) == 3
    assert service.list_organizer_events(admin(), "epi", None, 50)[0] == []
