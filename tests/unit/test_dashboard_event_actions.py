"""The dashboard's actions on a whole event — publish, cancel, duplicate, a series — within the
organizer's projects, behind the form's CSRF token, and never a crash whatever is typed."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from tests.factories import admin, person, published_event
from tests.mailbox import kinds_by_recipient
from tests.unit.test_dashboard_editor import (
    DAY,
    api,
    created_id,
    csrf_of,
    full_event,
    login,
    post,
    project_events,
    warsaw,
)

pytestmark = pytest.mark.usefixtures("aws")


def test_publish_then_cancel_after_the_confirmation_page(web, client):
    from chalicelib.registration import signup
    from chalicelib.store import events as store

    cookie = login(web)
    csrf = csrf_of(web, cookie)
    event_id = created_id(post(web, "/organizer/events/new", cookie, full_event(
        csrf, invite_only="", requires_approval="", double_opt_in="", registration_opens_at="")))
    actions = web.get(f"/organizer/events/{event_id}?lang=en", headers={"Cookie": cookie}).body.decode()
    for href in (f"/organizer/events/{event_id}/edit?lang=en", f"/organizer/events/{event_id}/checkin?lang=en",
                 f"/organizer/events/{event_id}/series?lang=en", f"/organizer/events/{event_id}/cancel?lang=en"):
        assert f'href="{href}"' in actions
    assert f'action="/organizer/events/{event_id}/publish"' in actions
    published = post(web, f"/organizer/events/{event_id}/publish", cookie, {"csrf": csrf, "lang": "en"})
    assert published.headers["Location"] == f"/organizer/events/{event_id}?done=published&lang=en"
    assert api(client, "GET", f"/api/organizer/events/{event_id}")[1]["status"] == "published"
    signup.register(store.load_event(event_id, consistent=True), person(1, sessions=["morning"],
                                                                              answers={"sector": "o1"}))

    confirm = web.get(f"/organizer/events/{event_id}/cancel?lang=en", headers={"Cookie": cookie})
    assert confirm.status_code == 200 and "cannot be undone" in confirm.body.decode()
    assert api(client, "GET", f"/api/organizer/events/{event_id}")[1]["status"] == "published"
    for _ in range(2):
        created_id(post(web, f"/organizer/events/{event_id}/cancel", cookie, {"csrf": csrf, "lang": "en"}))
    assert api(client, "GET", f"/api/organizer/events/{event_id}")[1]["status"] == "cancelled"
    assert kinds_by_recipient("event_cancelled") == {("person1@example.com", "event_cancelled"): 1}
    assert web.get(f"/organizer/events/{event_id}/edit?lang=en", headers={"Cookie": cookie}).status_code == 409


def test_duplicate_makes_a_draft_with_every_time_moved(web, client):
    cookie = login(web)
    csrf = csrf_of(web, cookie)
    event_id = created_id(post(web, "/organizer/events/new", cookie, full_event(csrf)))
    same = post(web, f"/organizer/events/{event_id}/duplicate", cookie, {"csrf": csrf, "lang": "en", "new_date": ""})
    assert same.status_code == 303
    same_id = re.fullmatch(r"/organizer/events/(\w+)/edit\?lang=en", same.headers["Location"]).group(1)
    _, source = api(client, "GET", f"/api/organizer/events/{event_id}")
    _, twin = api(client, "GET", f"/api/organizer/events/{same_id}")
    ignore = {"id", "created_at", "updated_at", "invite_codes_count", "status"}
    assert {k: v for k, v in twin.items() if k not in ignore} == {k: v for k, v in source.items() if k not in ignore}
    assert twin["status"] == "draft" and twin["invite_only"] and twin["invite_codes_count"] == 0

    later = DAY + timedelta(days=100)  # across a change of summer time, at the same wall-clock times
    moved = post(web, f"/organizer/events/{event_id}/duplicate", cookie,
                 {"csrf": csrf, "lang": "en", "new_date": str(later)})
    moved_id = re.fullmatch(r"/organizer/events/(\w+)/edit\?lang=en", moved.headers["Location"]).group(1)
    _, copy = api(client, "GET", f"/api/organizer/events/{moved_id}")
    assert copy["starts_at"] == warsaw(later, 9) and copy["ends_at"] == warsaw(later, 17)
    assert copy["registration_closes_at"] == warsaw(later - timedelta(days=1), 20)
    assert datetime.fromisoformat(copy["sessions"][1]["starts_at"]) == datetime.fromisoformat(warsaw(later, 13))
    assert (copy["confirmed"], copy["waitlisted"]) == (0, 0) and copy["questions"] == source["questions"]
    assert web.get(f"/organizer/events/{moved_id}/edit?lang=en", headers={"Cookie": cookie}).status_code == 200


def test_a_monthly_series_of_working_group_meetings(web, client):
    from chalicelib.events import service

    first = date(DAY.year + 1, 1, 1)
    first += timedelta(days=(1 - first.weekday()) % 7 + 7)  # the 2nd Tuesday of January
    item = service.create_event(admin(), {
        "title": {"pl": "Grupa robocza", "en": "Working group"}, "kind": "meeting", "project": "re-turn",
        "timezone": "Europe/Warsaw", "capacity": 30, "starts_at": warsaw(first, 10), "ends_at": warsaw(first, 12)})
    cookie = login(web)
    csrf = csrf_of(web, cookie)
    preview = post(web, f"/organizer/events/{item.event_id}/series", cookie,
                   {"csrf": csrf, "lang": "en", "count": "12", "every": "month", "action": "preview"})
    assert preview.status_code == 200 and preview.body.decode().count("<li>") >= 12
    assert len(project_events(client, "re-turn")) == 1
    done = post(web, f"/organizer/events/{item.event_id}/series", cookie,
                {"csrf": csrf, "lang": "en", "count": "12", "every": "month", "action": "create"})
    assert done.status_code == 303 and "created=11" in done.headers["Location"]
    assert "11 copies were created." in web.get(done.headers["Location"], headers={"Cookie": cookie}).body.decode()
    meetings = project_events(client, "re-turn")
    starts = sorted(datetime.fromisoformat(e["starts_at"]) for e in meetings)
    assert len(starts) == 12 and all(e["status"] == "draft" or e["id"] == item.event_id for e in meetings)
    assert all(s.weekday() == 1 and 8 <= s.day <= 14 and (s.hour, s.minute) == (10, 0) for s in starts)
    assert len({(s.year, s.month) for s in starts}) == 12

    refused = post(web, f"/organizer/events/{item.event_id}/series", cookie,
                   {"csrf": csrf, "lang": "en", "count": "25", "every": "yearly", "action": "create"})
    assert refused.status_code == 400 and 'href="#f-count"' in refused.body.decode()
    assert len(project_events(client, "re-turn")) == 12


def test_another_projects_event_can_be_neither_seen_nor_changed(web, client):
    foreign = published_event(project="epi", title={"en": "Their event"})
    cookie = login(web)  # an organizer of re-turn only
    csrf = csrf_of(web, cookie)
    base = f"/organizer/events/{foreign.event_id}"
    for path in (f"{base}/edit", f"{base}/cancel", f"{base}/series"):
        response = web.get(f"{path}?lang=en", headers={"Cookie": cookie})
        assert response.status_code == 404 and "Their event" not in response.body.decode()
    edit_page = [("csrf", csrf), ("lang", "en"), ("title-en", "Taken over"), ("action", "save")]
    for path, fields in ((f"{base}/edit", edit_page), (f"{base}/publish", {"csrf": csrf}),
                         (f"{base}/cancel", {"csrf": csrf}), (f"{base}/duplicate", {"csrf": csrf}),
                         (f"{base}/series", {"csrf": csrf, "count": "3", "every": "week", "action": "create"})):
        assert post(web, path, cookie, fields).status_code == 404, path
    theirs = project_events(client, "epi")
    assert [(e["id"], e["title"], e["status"]) for e in theirs] == [(foreign.event_id, {"en": "Their event"},
                                                                     "published")]
    moved = post(web, "/organizer/events/new", cookie, full_event(csrf, project="epi"))
    assert moved.status_code == 403 and 'href="#f-project"' in moved.body.decode()
    assert len(project_events(client, "epi")) == 1 and project_events(client, "re-turn") == []


def test_posts_without_the_forms_csrf_token_are_refused(web, client):
    cookie = login(web)
    fields = full_event("")
    assert post(web, "/organizer/events/new", cookie, fields).status_code == 403
    assert post(web, "/organizer/events/new", cookie, {**fields, "csrf": "0" * 64}).status_code == 403
    event = published_event()
    for action in ("publish", "cancel", "duplicate", "series"):
        fields = {"count": "3", "every": "week", "action": "create", "lang": "en"}
        assert post(web, f"/organizer/events/{event.event_id}/{action}", cookie, fields).status_code == 403
    assert project_events(client, "re-turn")[0]["status"] == "published"
    assert len(project_events(client, "re-turn")) == 1


@pytest.mark.parametrize("typed", [
    {"starts_at": "0001-01-01T00:30"}, {"ends_at": "9999-12-31T23:59"}, {"starts_at": "2027-13-45T99:99"},
    {"timezone": "Mars/Base"}, {"q0-type": "nonsense", "q1-max_length": "99999999999999"},
    {"q1-show_if": "nope", "q1-equals": "x"}, {"s0-id": "Bad Id!", "s1-id": "Bad Id!", "s0-capacity": "-1"},
    {"action": "add_slots", "slots_count": "16", "slots_minutes": "1440", "slots_from": "23:59",
     "slots_date": "9999-12-31", "slots_capacity": "1"},
])
def test_whatever_is_typed_the_answer_is_the_form_again_never_a_crash(web, client, typed):
    cookie = login(web)
    response = post(web, "/organizer/events/new", cookie, full_event(csrf_of(web, cookie), **typed))
    assert response.status_code == 400 and 'id="error-summary"' in response.body.decode()
    assert project_events(client, "re-turn") == []


def test_a_duplicate_on_a_date_out_of_range_is_refused(web, client):
    cookie = login(web)
    event = published_event()
    for typed in ("9999-12-31", "garbage", "2027-02-30"):
        refused = post(web, f"/organizer/events/{event.event_id}/duplicate", cookie,
                       {"csrf": csrf_of(web, cookie), "lang": "en", "new_date": typed})
        assert refused.status_code == 400, typed
    assert len(project_events(client, "re-turn")) == 1
