"""A small HTTP client for a running local stack, shared by the integration and browser tests."""
from __future__ import annotations

import json
from typing import Any

import requests

from chalicelib import auth
from devstack.stack import LocalStack
from tests.factories import admin, event_data


class Api:
    """A small HTTP client for the running stack."""

    def __init__(self, stack: LocalStack) -> None:
        self.stack = stack
        self.url = stack.url
        self.session = requests.Session()

    def organizer_headers(self, organizer: auth.Organizer | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {auth.issue_organizer_token(organizer or admin())}"}

    def request(self, method: str, path: str, *, body: Any = None, organizer: bool = False,
                headers: dict[str, str] | None = None, session: requests.Session | None = None) -> requests.Response:
        all_headers = {**(self.organizer_headers() if organizer else {}), **(headers or {})}
        data = None if body is None else json.dumps(body)
        if data is not None:
            all_headers.setdefault("Content-Type", "application/json")
        return (session or self.session).request(method, self.url + path, data=data, headers=all_headers,
                                                 timeout=120)

    def published_event(self, **overrides: Any) -> str:
        created = self.request("POST", "/api/organizer/events", body=event_data(**overrides), organizer=True)
        assert created.status_code == 201, created.text
        event_id = created.json()["id"]
        assert self.request("POST", f"/api/organizer/events/{event_id}/publish", organizer=True).ok
        return event_id

    def registrations(self, event_id: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        cursor = ""
        while True:
            page = self.request("GET", f"/api/organizer/events/{event_id}/registrations?limit=200"
                                + (f"&cursor={cursor}" if cursor else ""), organizer=True).json()
            items += page["items"]
            cursor = page["next"]
            if not cursor:
                return items

    def outbox(self) -> list[dict[str, Any]]:
        return self.request("GET", "/dev/outbox.json").json()
