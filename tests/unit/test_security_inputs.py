"""Odd ids in every path parameter of every route, odd query values, and oversized or absurd bodies:
always a clear 4xx, never a 500, and nothing written."""
from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote, unquote, urlencode

import pytest

from chalicelib import auth
from chalicelib.registration import signup
from tests.factories import person, published_event
from tests.unit.test_dashboard import FORM, login

pytestmark = pytest.mark.usefixtures("aws")
ODD = ["../../etc/passwd", "..%2f..%2fetc%2fpasswd", "..", ".", "\x00", "%00", "x\x00y", "a" * 3000, "ż" * 1100,
       "żółw-ключ-🙂", "REG#x", "EVENT#", "x#META", "META", "#", " ", "x\r\nSet-Cookie: a=b",
       "<script>alert(1)</script>", "{event_id}", "null", "x.ics", "../../etc/passwd.ics", "a" * 3000 + ".csv"]
JSON_BODY = {"name": "Intruder", "email": "intruder@example.com", "consent": True, "language": "en",
             "code": "0" * 24, "subject": "S", "body": "B", "to": ["all"], "title": "T", "capacity": 5}
FORM_BODY = {"name": "Intruder", "email": "intruder@example.com", "consent": "on", "action": "approve",
             "confirm": "yes", "code": "0" * 24, "count": "2", "every": "week", "capacity": "5", "title-en": "T"}


@pytest.fixture(autouse=True)
def decoded_path_parameters(monkeypatch):
    """API Gateway hands a view its path parameters URL-decoded; Chalice's local gateway does not."""
    from chalice import local

    original = local.RouteMatcher.match_route

    def match(self, url):
        result = original(self, url)
        return local.MatchResult(result.route, {k: unquote(v) for k, v in result.captured.items()},
                                 result.query_params)

    monkeypatch.setattr(local.RouteMatcher, "match_route", match)


KEY_LIMITS = {"pk": 2048, "sk": 1024}  # bytes: DynamoDB's partition and sort key limits (moto checks neither on reads)


def _key_too_long(attributes: dict) -> bool:
    for name, value in (attributes or {}).items():
        limit = KEY_LIMITS.get(name[-2:])
        if limit and "S" in value and len(value["S"].encode()) > limit:
            return True
    return False


def _keys_in(operation: str, params: dict) -> list[dict]:
    if operation in ("GetItem", "DeleteItem", "UpdateItem"):
        return [params.get("Key", {})]
    if operation == "PutItem":
        return [params.get("Item", {})]
    if operation == "Query":
        used = set(re.findall(r":\w+", params.get("KeyConditionExpression", "")))
        names = params.get("ExpressionAttributeNames", {})
        condition = params.get("KeyConditionExpression", "")
        found = {}
        for placeholder, value in params.get("ExpressionAttributeValues", {}).items():
            if placeholder in used:  # the attribute it is compared with names the limit
                match = re.search(r"(#?\w+)\s*(?:=|<|>|<=|>=|BETWEEN)\s*" + placeholder + r"\b", condition) or \
                    re.search(r"begins_with\s*\(\s*(#?\w+)\s*,\s*" + placeholder, condition)
                attribute = names.get(match.group(1), match.group(1)) if match else "pk"
                found[attribute] = value
        return [found]
    if operation == "TransactWriteItems":
        return [action.get("Key") or action.get("Item") or {} for item in params.get("TransactItems", [])
                for action in item.values()]
    if operation == "BatchGetItem":
        return [key for table in params.get("RequestItems", {}).values() for key in table.get("Keys", [])]
    if operation == "BatchWriteItem":
        return [(r.get("PutRequest") or {}).get("Item") or (r.get("DeleteRequest") or {}).get("Key") or {}
                for requests in params.get("RequestItems", {}).values() for r in requests]
    return []


@pytest.fixture(autouse=True)
def key_size_limits(monkeypatch):
    """DynamoDB refuses a key over its size limit with a ValidationException, on reads too."""
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    original = BaseClient._make_api_call

    def checked(self, operation, params):
        if self.meta.service_model.service_name == "dynamodb" and any(
                _key_too_long(key) for key in _keys_in(operation, params)):
            raise ClientError({"Error": {"Code": "ValidationException", "Message": "One or more parameter values "
                                         "were invalid: Size of hashkey has exceeded the maximum size limit"}},
                              operation)
        return original(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", checked)


def test_the_key_size_limit_is_emulated():
    from chalicelib.store import events as event_store

    with pytest.raises(Exception, match="ValidationException"):
        from chalicelib.store.models import EventItem

        EventItem.get("EVENT#" + "a" * 3000, "META")
    assert event_store.load_event("a" * 100) is None


def table_items() -> int:
    import boto3

    return boto3.client("dynamodb").scan(TableName="zapisy-test", Select="COUNT")["Count"]


@pytest.fixture
def world(web):
    event = published_event(requires_approval=True)
    outcome = signup.register(event, person(1))
    cookie = login(web, role="admin", project=["re-turn", "epi"])
    page = web.get("/organizer/events?lang=en", headers={"Cookie": cookie}).body.decode()
    return {"event_id": event.event_id, "registration_id": outcome.registration_id, "cookie": cookie,
            "csrf": re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1),
            "token": auth.manage_token(event.event_id, outcome.registration_id),
            "bearer": auth.issue_organizer_token(auth.Organizer("a", "admin@city.example", "admin", ("re-turn",)))}


def routes_with_parameters():
    from app import app

    for path, methods in sorted(app.routes.items()):
        if "{" in path:
            for method, entry in sorted(methods.items()):
                yield method, path, entry


def request_for(method: str, path: str, entry, world: dict) -> dict:
    """Headers and a body that would pass every check but the id: the route's own credentials and form token."""
    headers: dict[str, str] = {}
    authorizer = entry.authorizer.name if entry.authorizer else ""
    if authorizer == "organizer_auth":
        headers["Authorization"] = f"Bearer {world['bearer']}"
    elif path.startswith("/organizer/"):  # the dashboard: its session cookie
        headers["Cookie"] = world["cookie"]
    body = b""
    if method in ("POST", "PATCH", "PUT"):
        if "application/x-www-form-urlencoded" in entry.content_types and "application/json" not in entry.content_types:
            headers.update(FORM)
            body = urlencode({**FORM_BODY, "csrf": world["csrf"]}).encode()
        else:
            headers["Content-Type"] = "application/json"
            body = json.dumps(JSON_BODY).encode()
    return {"headers": headers, "body": body}


def fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: quote(values[m.group(1)], safe=""), path)


def test_odd_ids_in_every_path_parameter_are_refused_cleanly(web, world):
    real = {"event_id": world["event_id"], "registration_id": world["registration_id"], "token": world["token"],
            "name": "outbox", "file_name": "re-turn.csv", "institution_id": "nowhere", "project_id": "re-turn",
            "logo_id": "nothing"}
    before = table_items()
    problems = []
    checked = 0
    for method, path, entry in routes_with_parameters():
        names = re.findall(r"\{(\w+)\}", path)
        for odd in ODD:
            for wrong in names + (["*"] if len(names) > 1 else []):
                values = {name: odd if wrong in (name, "*") else real[name] for name in names}
                response = web.request(method, fill(path, values), **request_for(method, path, entry, world))
                checked += 1
                if not 400 <= response.status_code < 500:
                    problems.append((method, path, wrong, odd[:40], response.status_code, response.body[:200]))
                elif path.startswith("/api/") and response.status_code not in (401, 403):
                    assert json.loads(response.body)["error"]["code"], (method, path, odd)
    assert problems == [], "\n".join(map(repr, problems))
    assert checked > 1000
    assert table_items() == before


def test_odd_query_values_never_break_a_page(web, world):
    event_id, cookie = world["event_id"], {"Cookie": world["cookie"]}
    bearer = {"Authorization": f"Bearer {world['bearer']}"}
    pages = [("/events", {}), ("/events.ics", {}), (f"/events/{event_id}", {}), (f"/events/{event_id}/registered", {}),
             (f"/manage/{world['token']}", {}), ("/organizer/events", cookie),
             (f"/organizer/events/{event_id}", cookie),
             (f"/organizer/events/{event_id}/checkin", cookie), ("/organizer/reports", cookie),
             (f"/organizer/events/{event_id}/registrations/{world['registration_id']}", cookie),
             ("/organizer/privacy", cookie),
             ("/api/events", {}), (f"/api/organizer/events/{event_id}/registrations", bearer),
             (f"/api/organizer/events/{event_id}/checkin/search", bearer), ("/api/organizer/events", bearer)]
    names = ("cursor", "lang", "kind", "language", "status", "session", "checked_in", "q", "project", "from", "to",
             "limit", "done", "erased", "delimiter")
    queries = [{name: odd for name in names}
               for odd in ("..", "\x00", "REG#x", "x#META", "żółw", "-1", "[]", "99999999999999999999")]
    queries += [{name: "a" * 3000} for name in names]
    queries.append({"cursor": base64.urlsafe_b64encode(deeply_nested(1500)).decode()})
    before = table_items()
    problems = []
    for path, headers in pages:
        for query in queries:
            response = web.get(f"{path}?{urlencode(query)}", headers=headers)
            if response.status_code >= 500:
                problems.append((path, sorted(query)[:2], next(iter(query.values()))[:20], response.status_code))
    assert problems == [], "\n".join(map(repr, problems))
    assert table_items() == before


def json_routes(world: dict) -> list[tuple[str, str, dict[str, str]]]:
    """Every route that reads a JSON body, with the headers it needs."""
    event_id, json_type = world["event_id"], {"Content-Type": "application/json"}
    bearer = {"Authorization": f"Bearer {world['bearer']}", **json_type}
    return [("POST", f"/api/events/{event_id}/registrations", json_type),
            ("POST", "/api/organizer/events", bearer),
            ("PATCH", f"/api/organizer/events/{event_id}", bearer),
            ("POST", f"/api/organizer/events/{event_id}/messages", bearer),
            ("POST", f"/api/organizer/events/{event_id}/checkin", bearer)]


def test_oversized_json_is_refused_with_413(web, world):
    huge = json.dumps({**JSON_BODY, "answers": {"note": "x" * (65 * 1024)}}).encode()
    before = table_items()
    for method, path, headers in json_routes(world):
        response = web.request(method, path, headers=headers, body=huge)
        assert response.status_code == 413, (path, response.body[:200])
        assert json.loads(response.body)["error"]["code"] == "too_large"
    assert table_items() == before


def deeply_nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


@pytest.mark.parametrize("body", [deeply_nested(30000), b'{"a":' * 20000 + b"1" + b"}" * 20000,
                                  b'{"language": ' + deeply_nested(30000) + b"}", b'{"name": "x", "answers": ' +
                                  b'{"a":' * 5000 + b"1" + b"}" * 5000 + b"}", b"1" * 5000, b'"\\ud800"',
                                  b"\xff\xfe{}", b"NaN", b'{"capacity": 1e999}', b"[" * 1000])
def test_absurd_json_is_refused_with_400(web, world, body):
    json_type = {"Content-Type": "application/json"}
    before = table_items()
    for method, path, headers in json_routes(world):
        response = web.request(method, path, headers=headers, body=body)
        assert 400 <= response.status_code < 500, (path, response.status_code, response.body[:300])
        assert json.loads(response.body)["error"]["code"]
    confirmed = web.post(f"/api/manage/{world['token']}/confirm", headers=json_type, body=body)
    assert confirmed.status_code in (200, 409)  # it reads no body: the language falls back, nothing breaks
    assert table_items() == before


def form_paths(world: dict) -> list[tuple[str, dict, int]]:
    """Every kind of form post, with the most it may carry (the event editor carries many rows)."""
    event_id, cookie = world["event_id"], {"Cookie": world["cookie"]}
    small, editor = 64 * 1024, 768 * 1024
    return [(f"/events/{event_id}", {}, small), (f"/manage/{world['token']}", {}, small),
            (f"/confirm/{world['token']}", {}, small), (f"/organizer/events/{event_id}/registrations", cookie, small),
            (f"/organizer/events/{event_id}/registrations/{world['registration_id']}", cookie, small),
            (f"/organizer/events/{event_id}/checkin", cookie, small), ("/organizer/privacy", cookie, small),
            (f"/organizer/events/{event_id}/cancel", cookie, small), ("/organizer/login", {}, small),
            (f"/organizer/events/{event_id}/edit", cookie, editor), ("/organizer/events/new", cookie, editor)]


def test_an_oversized_form_is_refused_with_413(web, world):
    before = table_items()
    for path, headers, limit in form_paths(world):
        fields = {**FORM_BODY, "csrf": world["csrf"], "lang": "en", "q_note": "ą" * (limit // 6 + 10)}
        body = urlencode(fields).encode()
        assert len(body) > limit
        response = web.post(f"{path}?lang=en", headers={**FORM, **headers}, body=body)
        assert response.status_code == 413, (path, response.status_code)
        assert response.headers["Content-Type"].startswith("text/html")
        assert "The request is too large." in response.body.decode()
    assert table_items() == before


@pytest.mark.parametrize("body", [b"&x=1" * 10000, b"&" * 20000, b"&name=\xff\xfe", b"&q_note=\xc0\xaf"],
                         ids=["10000-fields", "20000-empty-fields", "latin-1", "overlong-utf-8"])
def test_a_form_of_ten_thousand_fields_or_not_utf8_is_refused_with_400(web, world, body):
    before = table_items()
    for path, headers, _ in form_paths(world):
        fields = urlencode({**FORM_BODY, "csrf": world["csrf"], "lang": "en"}).encode()
        response = web.post(f"{path}?lang=en", headers={**FORM, **headers}, body=fields + body)
        assert response.status_code == 400, (path, response.status_code)
        assert response.headers["Content-Type"].startswith("text/html")
    assert table_items() == before
