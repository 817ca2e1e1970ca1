"""An event's registrations come out in sign-up order — in the dashboard's table sorted so, the
API's list and every page of them — because a registration's id sorts by the time it was made."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib import auth
from chalicelib.checkin import tokens
from chalicelib.records import ordered_registration_id
from tests.factories import admin, person, published_event
from tests.unit.test_dashboard_editor import login

moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC))


@given(moments, moments)
def test_an_earlier_sign_up_has_the_smaller_id(first, second):
    one, two = ordered_registration_id(first), ordered_registration_id(second)
    if first.replace(microsecond=first.microsecond // 1000 * 1000) < second.replace(
            microsecond=second.microsecond // 1000 * 1000):
        assert one < two


@given(moments)
def test_the_id_is_ten_bytes_of_base32_as_check_in_codes_need(moment):
    registration_id = ordered_registration_id(moment)
    assert re.fullmatch(r"[a-z2-7]{16}", registration_id)
    code = tokens.checkin_code("ev1234", registration_id)
    assert tokens.registration_for("ev1234", code) == registration_id


@pytest.mark.usefixtures("aws")
def test_the_dashboard_and_the_api_list_people_in_the_order_they_signed_up(web, client, time_machine):
    from chalicelib.registration import signup

    event = published_event(capacity=20)
    start = datetime.now(UTC)
    for n in range(8):
        time_machine.move_to(start + timedelta(minutes=n))
        signup.register(event, person(n))
    names = [f"Person {n}" for n in range(8)]

    table = web.get(f"/organizer/events/{event.event_id}?lang=en&order=signed_up",
                    headers={"Cookie": login(web)}).body.decode()
    assert list(dict.fromkeys(re.findall(r"Person \d", table))) == names

    listed, cursor = [], ""
    while True:
        token = auth.issue_organizer_token(admin())
        answer = client.http.get(f"/api/organizer/events/{event.event_id}/registrations?limit=3{cursor}",
                                 headers={"Authorization": f"Bearer {token}"})
        body = json.loads(answer.body)
        listed += [item["name"] for item in body["items"]]
        if not body.get("next"):
            break
        cursor = f"&cursor={body['next']}"
    assert listed == names
