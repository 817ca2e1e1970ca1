"""Attendance per person: days of a multi-day training, sessions, and marks from the sign-in sheet."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.auth import Organizer
from chalicelib.registration import attendance, signup
from tests.factories import person, published_event
from tests.unit.test_checkin import bearer, call

pytestmark = pytest.mark.usefixtures("aws")
START = datetime(2027, 3, 15, 8, 0, tzinfo=UTC)  # 09:00 in Warsaw, a Monday
DAYS = [f"day:2027-03-{15 + n}" for n in range(3)]
# which of the three days each of ten people came to (by their number)
CAME = [{0, 1, 2}, {0, 1, 2}, {0, 1}, {0, 2}, {1, 2}, {0}, {1}, {2}, set(), {0, 1, 2}]


@pytest.fixture
def training(time_machine):
    """A three-day training (Monday 9:00 to Wednesday 17:00 in Warsaw) with ten people signed up."""
    time_machine.move_to(START - timedelta(days=7), tick=False)
    event = published_event(kind="training", capacity=10, starts_at=START.isoformat(),
                            ends_at=(START + timedelta(days=2, hours=8)).isoformat())
    ids = [signup.register(event, person(n)).registration_id for n in range(10)]
    return event, ids


def check_in(client, event, registration_id: str) -> str:
    status, body = call(client, "POST", f"/api/organizer/events/{event.event_id}/checkin",
                        {"registration_id": registration_id})
    assert status == 200, body
    return body["result"]


def door_days(client, time_machine, event, ids) -> None:
    for day in range(3):
        time_machine.move_to(START + timedelta(days=day, hours=1, minutes=30), tick=False)
        for n, came in enumerate(CAME):
            if day in came:
                assert check_in(client, event, ids[n]) == "checked_in"


def shares(client, event) -> dict[str, float]:
    status, body = call(client, "GET", f"/api/organizer/events/{event.event_id}/registrations?limit=100")
    assert status == 200
    return {item["name"]: item["attendance"]["share"] for item in body["items"]}


def test_a_three_day_training_gives_each_person_the_share_of_days_they_came(client, training, time_machine):
    event, ids = training
    door_days(client, time_machine, event, ids)
    assert shares(client, event) == {f"Person {n}": round(len(came) / 3, 4) for n, came in enumerate(CAME)}
    status, body = call(client, "GET", f"/api/organizer/events/{event.event_id}/registrations?limit=100")
    assert status == 200
    first = next(item for item in body["items"] if item["name"] == "Person 3")
    assert first["attendance"]["due"] == DAYS and first["attendance"]["attended"] == [DAYS[0], DAYS[2]]


def test_the_door_records_each_day_once_and_a_second_scan_that_day_changes_nothing(client, training, time_machine):
    event, ids = training
    time_machine.move_to(START + timedelta(hours=1), tick=False)
    assert check_in(client, event, ids[0]) == "checked_in"
    assert check_in(client, event, ids[0]) == "already_checked_in"
    time_machine.move_to(START + timedelta(days=1, hours=1), tick=False)
    assert check_in(client, event, ids[0]) == "checked_in"  # Tuesday is a day of its own
    assert check_in(client, event, ids[0]) == "already_checked_in"
    status, body = call(client, "GET", f"/api/organizer/events/{event.event_id}")
    assert status == 200 and body["checked_in"] == 1  # the counter counts people, not days
    assert shares(client, event)["Person 0"] == round(2 / 3, 4)


def test_marks_from_the_sheet_add_what_the_door_missed_and_take_back_a_mistaken_scan(client, training, time_machine):
    event, ids = training
    door_days(client, time_machine, event, ids)
    time_machine.move_to(START + timedelta(days=4), tick=False)  # the paper sheets, after the event
    path = f"/api/organizer/events/{event.event_id}/registrations/{{}}/attendance"
    status, body = call(client, "PUT", path.format(ids[8]), {"unit": DAYS[0], "present": True})
    assert status == 200 and body["attendance"]["attended"] == [DAYS[0]]
    status, body = call(client, "PUT", path.format(ids[0]), {"unit": DAYS[2], "present": False})
    assert status == 200 and body["attendance"]["share"] == round(2 / 3, 4)
    [entry] = body["attendance"]["log"]
    assert entry == {"unit": DAYS[2], "present": False, "by": "admin@example.org", "at": entry["at"]}
    assert datetime.fromisoformat(entry["at"]) == START + timedelta(days=4)
    status, body = call(client, "PUT", path.format(ids[0]), {"unit": DAYS[2], "present": False})
    assert status == 200 and len(body["attendance"]["log"]) == 1  # no change, nothing logged
    status, body = call(client, "PUT", path.format(ids[0]), {"unit": DAYS[2], "present": True})
    assert body["attendance"]["share"] == 1.0 and len(body["attendance"]["log"]) == 2  # corrected back, logged
    assert shares(client, event)["Person 8"] == round(1 / 3, 4)


@pytest.mark.parametrize("body,status,field", [
    ({"unit": "day:2027-03-20", "present": True}, 400, "unit"),
    ({"unit": DAYS[0], "present": "yes"}, 400, "present"),
    ([], 400, "body"),
])
def test_a_bad_mark_is_refused_and_writes_nothing(client, training, time_machine, body, status, field):
    event, ids = training
    time_machine.move_to(START + timedelta(days=4), tick=False)
    answer, found = call(client, "PUT", f"/api/organizer/events/{event.event_id}/registrations/{ids[0]}/attendance",
                         body)
    assert answer == status and field in found["error"]["fields"], found
    assert shares(client, event)["Person 0"] == 0.0


def test_marks_need_a_started_event_a_confirmed_seat_and_access_to_the_project(client, time_machine):
    time_machine.move_to(START - timedelta(days=7), tick=False)
    event = published_event(kind="training", capacity=1, starts_at=START.isoformat(),
                            ends_at=(START + timedelta(hours=8)).isoformat())
    seated, waiting = (signup.register(event, person(n)).registration_id for n in (1, 2))
    path = f"/api/organizer/events/{event.event_id}/registrations/{{}}/attendance"
    mark = {"unit": "day:2027-03-15", "present": True}
    assert call(client, "PUT", path.format(seated), mark)[0] == 409  # not started yet
    time_machine.move_to(START + timedelta(hours=2), tick=False)
    assert call(client, "PUT", path.format(waiting), mark)[0] == 409  # no seat, nothing to attend
    stranger = Organizer("org-2", "org2@example.org", "organizer", ("elsewhere",))
    assert call(client, "PUT", path.format(seated), mark, organizer=stranger)[0] == 404
    status, body = call(client, "PUT", path.format(seated), mark)
    assert status == 200 and body["attendance"]["share"] == 1.0


def test_sessions_count_the_sessions_a_person_chose(client, time_machine):
    time_machine.move_to(START - timedelta(days=7), tick=False)
    sessions = [{"id": s, "title": {"en": s}, "capacity": 5} for s in ("mon", "tue", "wed")]
    event = published_event(kind="conference", capacity=5, sessions=sessions, starts_at=START.isoformat(),
                            ends_at=(START + timedelta(days=2, hours=8)).isoformat())
    both = signup.register(event, person(1, sessions=["mon", "tue"])).registration_id
    time_machine.move_to(START + timedelta(hours=1), tick=False)
    status, body = call(client, "POST", f"/api/organizer/events/{event.event_id}/checkin",
                        {"registration_id": both, "session": "mon"})
    assert body["result"] == "checked_in"
    status, body = call(client, "GET", f"/api/organizer/events/{event.event_id}/registrations")
    assert status == 200
    assert body["items"][0]["attendance"] == {"due": ["mon", "tue"], "attended": ["mon"], "share": 0.5, "log": []}


def test_event_days_follow_the_events_own_calendar():
    from chalicelib.records import Event

    def event(starts: str, ends: str, zone: str = "Europe/Warsaw") -> Event:
        return Event("e", "training", datetime.fromisoformat(starts), datetime.fromisoformat(ends), zone, 1,
                     datetime.fromisoformat(starts), None)

    days = attendance.event_days
    assert [d.isoformat() for d in days(event("2027-03-15T23:30:00+00:00", "2027-03-16T08:00:00+00:00"))] == [
        "2027-03-16"]  # 00:30 to 09:00 in Warsaw: one day
    assert len(days(event("2027-03-15T08:00:00+00:00", "2027-03-16T23:00:00+00:00"))) == 2  # ends at midnight
    assert len(days(event("2027-03-15T08:00:00+00:00", "2027-03-15T16:00:00+00:00", "Pacific/Kiritimati"))) == 2


def test_the_attendee_lists_carry_each_persons_attendance(client, training, time_machine):
    import csv
    import io

    from openpyxl import load_workbook

    event, ids = training
    door_days(client, time_machine, event, ids)
    headers = {"Authorization": bearer()["Authorization"], "Accept-Language": "en"}
    response = client.http.get(f"/api/organizer/events/{event.event_id}/attendees.csv?lang=en", headers=headers)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    at = rows[0].index("Attended")
    assert rows[0][at + 1] == "Attendance"
    found = {row[0]: row[at:at + 2] for row in rows[1:]}
    assert found["Person 3"] == ["2/3", "67%"] and found["Person 8"] == ["0/3", "0%"]
    assert found["Person 0"] == ["3/3", "100%"]
    xlsx = client.http.get(f"/api/organizer/events/{event.event_id}/attendees.xlsx?lang=en", headers={
        **headers, "Accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    sheet = load_workbook(io.BytesIO(xlsx.body)).active
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in table if "Attended" in row)
    by_name = {row[0]: row for row in table[table.index(header) + 1:]}
    assert by_name["Person 6"][header.index("Attended")] == "1/3"
