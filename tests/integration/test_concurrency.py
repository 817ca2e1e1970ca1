"""No overbooking under real concurrency: HTTP to `chalice local`, DynamoDB in moto server."""
from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.factories import person

CLIENTS = 200


def register_all(api, event_id: str, extra: dict | None = None) -> Counter:
    def one(n: int) -> tuple[int, str]:
        with requests.Session() as session:
            response = api.request("POST", f"/api/events/{event_id}/registrations",
                                   body=person(n, **(extra or {})), session=session)
        return response.status_code, response.json().get("status", "")

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(one, range(CLIENTS)))
    assert all(code < 500 for code, _ in results), Counter(code for code, _ in results)
    return Counter(status for _, status in results)


def stored(api, event_id: str) -> Counter:
    return Counter(r["status"] for r in api.registrations(event_id))


def test_200_concurrent_registrations_for_50_seats(api):
    event_id = api.published_event(capacity=50)
    answered = register_all(api, event_id)
    assert answered == {"confirmed": 50, "waitlisted": 150}
    assert stored(api, event_id) == {"confirmed": 50, "waitlisted": 150}
    event = api.request("GET", f"/api/organizer/events/{event_id}", organizer=True).json()
    assert (event["confirmed"], event["waitlisted"], event["seats_left"]) == (50, 150, 0)


def test_200_concurrent_registrations_for_a_session_with_5_seats(api):
    sessions = [{"id": "small", "title": "Small room", "capacity": 5}]
    event_id = api.published_event(capacity=500, sessions=sessions)
    answered = register_all(api, event_id, {"sessions": ["small"], "waitlist": True})
    assert answered == {"confirmed": 5, "waitlisted": 195}
    assert stored(api, event_id) == {"confirmed": 5, "waitlisted": 195}


def test_racing_cancellations_promote_without_overbooking(api):
    event_id = api.published_event(capacity=10)
    addresses = {f"racer{n}@example.com" for n in range(30)}
    for n in range(30):
        body = person(n, email=f"racer{n}@example.com")
        assert api.request("POST", f"/api/events/{event_id}/registrations", body=body).status_code == 201
    links = {}
    for mail in api.outbox():
        if mail["kind"] == "confirmation" and mail["to"] in addresses:
            links[mail["to"]] = mail["text"].split("/manage/")[1].split()[0]
    tokens = list(links.values())[:8]
    assert len(tokens) == 8

    def cancel(token: str) -> int:
        with requests.Session() as session:
            return api.request("DELETE", f"/api/manage/{token}", session=session).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(cancel, tokens + tokens))  # each link twice, at once
    assert all(code == 200 for code in codes), codes
    assert stored(api, event_id) == {"confirmed": 10, "waitlisted": 12, "cancelled": 8}
    promoted = [m for m in api.outbox() if m["kind"] == "promoted" and m["to"] in addresses]
    assert len(promoted) == 8
