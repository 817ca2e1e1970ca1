"""The check-in desk's name search: case, diacritics and alphabet ignored, paged, one partition."""
from __future__ import annotations

import pytest

from tests.factories import published_event
from tests.unit.test_checkin import call, register

pytestmark = pytest.mark.usefixtures("aws")


# --- the name search ---------------------------------------------------------------------------

def search(client, event, query: str, organizer=None):
    from urllib.parse import quote

    return call(client, "GET", f"/api/organizer/events/{event.event_id}/checkin/search?q={quote(query)}",
                organizer=organizer)


def names(body) -> list[str]:
    return [item["name"] for item in body["items"]]


def test_search_ignores_case_diacritics_and_alphabet(client):
    event = published_event(capacity=5)
    for n, name in enumerate(("Łukasz Żółw", "Олена Коваленко", "Андрій Ґонта", "Юлія Їжакевич", "Zoë Brontë")):
        register(event, n, name=name, mail=False)
    register(event, 10, name="Łucja Kowalska", mail=False)  # waitlisted: not found
    expectations = {
        "lukasz": ["Łukasz Żółw"], "ŻOŁW": ["Łukasz Żółw"], "zolw luk": ["Łukasz Żółw"],
        "олена": ["Олена Коваленко"], "ОЛЕНА": ["Олена Коваленко"], "olena kovalenko": ["Олена Коваленко"],
        "kovalenko olena": ["Олена Коваленко"], "андрии": ["Андрій Ґонта"], "гонта": ["Андрій Ґонта"],
        "andrii honta": ["Андрій Ґонта"], "yuliia": ["Юлія Їжакевич"], "іжак": ["Юлія Їжакевич"],
        "zoe bronte": ["Zoë Brontë"], "łucja": [], "nobody": [],
    }
    for query, expected in expectations.items():
        status, body = search(client, event, query)
        assert (status, names(body), body["next"]) == (200, expected, None), query
    item = search(client, event, "lukasz")[1]["items"][0]
    assert set(item) == {"id", "name", "status", "email_hint", "language", "sessions", "checked_in_at",
                         "checked_in_sessions"}
    assert item["email_hint"] == "pe\u2026@example.com" and item["status"] == "confirmed"


def test_search_returns_at_most_20_and_continues_from_the_cursor(client):
    event = published_event(capacity=30)
    for n in range(25):
        register(event, n, name=f"Anna Nowak {n:02d}", mail=False)
    register(event, 99, name="Jan Kowalski", mail=False)
    status, first = search(client, event, "nowak")
    assert status == 200 and len(first["items"]) == 20 and first["next"]
    assert names(first) == sorted(names(first))
    path = f"/api/organizer/events/{event.event_id}/checkin/search?q=nowak&cursor={first['next']}"
    status, rest = call(client, "GET", path)
    assert status == 200 and len(rest["items"]) == 5 and rest["next"] is None
    assert len(set(names(first)) | set(names(rest))) == 25
    assert len(search(client, event, "a")[1]["items"]) == 20
    limited = call(client, "GET", f"/api/organizer/events/{event.event_id}/checkin/search?q=nowak&limit=3")[1]
    assert len(limited["items"]) == 3 and limited["next"]


def test_search_reads_the_events_partition_without_a_scan(client, request):
    event = published_event()
    register(event, 1, name="Ola")
    calls = request.getfixturevalue("dynamodb_calls")  # counting starts here
    assert names(search(client, event, "ola")[1]) == ["Ola"]
    assert "Scan" not in calls and "Query" in calls


@pytest.mark.parametrize("query", ["", "   ", "-", "x" * 101])
def test_search_needs_a_name_part(client, query):
    event = published_event()
    status, body = search(client, event, query)
    assert (status, body["error"]["code"], list(body["error"]["fields"])) == (400, "invalid", ["q"])


def test_search_refuses_a_cursor_of_another_event(client):
    event, other = published_event(capacity=30), published_event(capacity=30)
    for n in range(21):
        register(other, n, name=f"Anna {n}", mail=False)
    cursor = search(client, other, "anna")[1]["next"]
    status, body = call(client, "GET", f"/api/organizer/events/{event.event_id}/checkin/search?q=anna&cursor={cursor}")
    assert (status, list(body["error"]["fields"])) == (400, ["cursor"])
