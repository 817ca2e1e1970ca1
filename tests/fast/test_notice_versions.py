"""Each consent records the version of the privacy notice the person was shown: the notice of the
event's project when the project is a record (and the version it had at that moment), the site's
notice otherwise."""
from __future__ import annotations

from chalicelib.application.organizer import registrations
from chalicelib.application.participant.sign_up import sign_up
from chalicelib.institutions import service
from chalicelib.store import registrations as store
from tests.factories import admin, person, published_event


def consents(event_id: str) -> dict[str, str | None]:
    return {r.name: r.consent_version for r in store.list_registrations(event_id, cursor=None, limit=20).items}


def test_a_sign_up_records_the_version_of_its_projects_notice_at_that_moment():
    service.save_institution(admin(), {"id": "lublin", "name": {"pl": "Urząd Miasta Lublin"}})
    service.save_project(admin(), {"id": "epi", "institution": "lublin", "name": {"pl": "EPI"}})
    event = published_event(project="epi", capacity=10)
    sign_up(event.event_id, person(1, name="Before"), source="192.0.2.1")
    service.save_project(admin(), {"purposes": {"pl": "Nowy cel."}}, "epi")  # the notice's text changes
    sign_up(event.event_id, person(2, name="After"), source="192.0.2.1")
    registrations.add_on_behalf(admin(), event.event_id, {"name": "At the desk", "email": ""})
    assert consents(event.event_id) == {"Before": "epi-v1", "After": "epi-v2", "At the desk": "epi-v2"}


def test_an_event_of_a_project_that_is_no_record_records_the_sites_notice_version(settings_env):
    settings_env(PRIVACY_NOTICE_VERSION="2027-01")
    event = published_event(project="re-turn", capacity=10)
    sign_up(event.event_id, person(1, name="Anyone"), source="192.0.2.1")
    assert consents(event.event_id) == {"Anyone": "2027-01"}
