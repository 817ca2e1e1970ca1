"""The certificate of attendance set up in the event editor: on, the threshold as a percentage, hours,
what the event covered per language and the signatory; a bad percentage refused beside its field."""
from __future__ import annotations

import re

import pytest

from tests.unit.test_dashboard import login
from tests.unit.test_dashboard_editor import api, created_id, csrf_of, form_on, full_event, post

pytestmark = pytest.mark.usefixtures("aws")


def test_the_certificate_is_set_up_in_the_editor_and_reads_back_through_the_api(web, client):
    cookie = login(web)
    event_id = created_id(post(web, "/organizer/events/new", cookie, full_event(
        csrf_of(web, cookie), certificate_enabled="on", certificate_percent="75", certificate_hours="1,5",
        **{"certificate_text-pl": "Prawo pracy, umowy, ZUS", "certificate_text-uk": "Трудове право"},
        certificate_signatory="Anna Kowalska, dyrektor")))
    _, view = api(client, "GET", f"/api/organizer/events/{event_id}")
    assert view["certificate"] == {"enabled": True, "min_attendance": 0.75, "hours": 1.5, "signatory":
                                   "Anna Kowalska, dyrektor",
                                   "text": {"pl": "Prawo pracy, umowy, ZUS", "uk": "Трудове право"}}
    page = web.get(f"/organizer/events/{event_id}/edit?lang=pl", headers={"Cookie": cookie}).body.decode()
    fields = dict(form_on(page))
    assert (fields["certificate_enabled"], fields["certificate_percent"], fields["certificate_hours"]) == (
        "on", "75", "1.5")
    assert fields["certificate_text-uk"] == "Трудове право"
    switched_off = [(k, v) for k, v in form_on(page) if k != "certificate_enabled"] + [("action", "save")]
    saved = post(web, f"/organizer/events/{event_id}/edit", cookie, switched_off)
    assert saved.status_code == 303, re.findall(r'<a href="#[^"]+">[^<]+', saved.body.decode())
    _, off = api(client, "GET", f"/api/organizer/events/{event_id}")
    assert off["certificate"] == dict(view["certificate"], enabled=False)  # the rest is kept


def test_a_percentage_out_of_range_is_refused_beside_its_field_and_nothing_is_stored(web, client):
    cookie = login(web)
    refused = post(web, "/organizer/events/new", cookie, full_event(
        csrf_of(web, cookie), certificate_enabled="on", certificate_percent="180"))
    page = refused.body.decode()
    assert refused.status_code == 400 and 'href="#f-certificate_percent"' in page
    assert 'value="180"' in page
