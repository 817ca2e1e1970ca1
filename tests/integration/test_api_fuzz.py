"""The JSON API fuzzed from openapi.yaml: over HTTP to the local stack, no 5xx ever, and every
answer as the spec says, with every check schemathesis has: status code, content type, body
schema and required headers; unknown methods (TRACE too) get 405 with Allow; a missing or broken
token is refused; and the spec states every rule the server enforces, so a schema-valid request
is never refused (400) and a schema-invalid one never accepted.

Schemathesis sends the spec's examples, the boundaries and wrong types of every field and
parameter (its coverage phase), and valid and invalid requests drawn at random, for every
operation: about 2,000 requests in 3 minutes. Before sending, fuzz_cases.py points path
parameters at real events, registrations and tokens most of the time (else nearly everything
would be a 404), and keeps the valid parts of a request valid against the rules JSON Schema
cannot say: across fields (an end after its start) or on stored state (a session of this event,
a cursor the list gave). Organizer routes carry a valid bearer token most of the time (else a
missing or broken one). Generation is derandomized with a fixed seed, so a run is repeatable;
the stack answers on the loopback interface only.
"""
from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.specs.openapi import checks as openapi_checks  # noqa: F401 - registers the OpenAPI checks

from chalicelib import auth
from chalicelib.checkin.tokens import checkin_code
from tests.factories import admin, event_data, person
from tests.integration.fuzz_cases import SVG, World, pick, prepare
from tests.stack_client import Api

SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"
EXAMPLES_PER_OPERATION = 20
MIN_CASES = 1000
TIME_BUDGET_SECONDS = 420  # for all operations together (about 3 minutes on two cores); past it the rest skip
CHECKS = REGISTERED_CHECKS.get_all()

# openapi.yaml's own format: a time zone the server's database knows (JSON Schema cannot list them).
schemathesis.openapi.format("iana-time-zone", st.sampled_from(sorted(available_timezones())))

CONFIG = schemathesis.Config.from_dict({
    "seed": 20261101,
    "generation": {"mode": "all", "deterministic": True, "with-security-parameters": False,
                   "max-examples": EXAMPLES_PER_OPERATION, "database": "none"},
    "phases": {
        "examples": {"enabled": True},  # the request examples in the spec
        "coverage": {"enabled": True,  # boundaries and wrong types of every field and parameter, in turn
                     "unexpected-methods": ["get", "put", "post", "delete", "patch", "trace"]},
        "fuzzing": {"enabled": True},  # valid and invalid requests drawn at random (fixed seed)
        "stateful": {"enabled": False},
    },
    "checks": {
        # A valid request may still meet stored state that forbids it: 409 (an id already taken, a full
        # event or session, a status that does not allow the action). Never 400: that says it is invalid.
        "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]},
        # An invalid request is refused, 413 included (a body past 64 KB is refused before it is read).
        "negative_data_rejection": {"expected-statuses": ["400", "401", "403", "404", "405", "406", "409", "413",
                                                          "415", "422", "428", "429", "5xx"]},
    },
    # An event has so many fields that their valid boundaries alone would be a thousand requests.
    "operations": [{"include-operation-id": ["createEvent", "updateEvent"],
                    "phases": {"coverage": {"generation": {"mode": "negative"}}}}],
})
schema = schemathesis.openapi.from_path(str(SPEC), config=CONFIG)

CASES: Counter[str] = Counter()
STATUSES: Counter[tuple[str, int]] = Counter()
CLOCK: dict[str, float] = {}
AUTHORIZED: set[str] = set()  # operations that have had a request with a valid token and their own method


def _register(api: Api, event_id: str, n: int, **overrides: Any) -> str:
    response = api.request("POST", f"/api/events/{event_id}/registrations",
                           body=person(n, email=f"fuzz{n}@example.com", **overrides))
    assert response.status_code in (201, 202), response.text
    return response.json()["id"]


@pytest.fixture(scope="module")
def world(stack) -> World:
    CLOCK["started"] = time.monotonic()
    api = Api(stack)
    questions = [{"id": "diet", "type": "choice", "label": {"en": "Diet", "pl": "Dieta"},
                  "options": ["none", "vegan"]},
                 {"id": "note", "type": "text", "label": "Note", "max_length": 50}]
    main = api.published_event(capacity=3, questions=questions)
    start = event_data()["starts_at"]
    sessions = [{"id": "morning", "title": "Morning", "capacity": 2, "starts_at": start,
                 "ends_at": event_data()["ends_at"]},
                {"id": "noon", "title": {"en": "Noon", "uk": "Полудень"}, "capacity": 1}]
    with_sessions = api.published_event(sessions=sessions)
    draft = api.request("POST", "/api/organizer/events", body=event_data(), organizer=True).json()["id"]
    approval = api.published_event(requires_approval=True, capacity=5)
    opt_in = api.published_event(double_opt_in=True)
    to_cancel, to_patch = api.published_event(), api.published_event()
    started = api.published_event(capacity=5)
    assert api.request("POST", "/api/organizer/institutions", organizer=True,
                       body={"id": "fuzz-city", "name": {"en": "City"}}).status_code == 201
    assert api.request("POST", "/api/organizer/projects", organizer=True, body={
        "id": "fuzz", "institution": "fuzz-city", "name": {"en": "Fuzz"}, "indicators": "amif"}).status_code == 201
    asking = api.published_event(capacity=20, project="fuzz")
    keeping = api.published_event(capacity=20)
    to_reject = api.published_event(requires_approval=True, capacity=20)
    logos = [api.session.post(f"{api.url}/api/organizer/projects/fuzz/logos", data=SVG, timeout=60,
                              headers={**api.organizer_headers(), "Content-Type": "image/svg+xml"}).json()["id"]
             for _ in range(5)]  # of at most six: the upload route has room for one more
    registrations = {
        main: [_register(api, main, n) for n in range(1, 5)],
        with_sessions: [_register(api, with_sessions, 10 + n, sessions=[session])
                        for n, session in enumerate(["morning", "noon"])],
        approval: [_register(api, approval, 20 + n) for n in range(6)],
        opt_in: [_register(api, opt_in, 30 + n) for n in range(3)],
        to_patch: [_register(api, to_patch, 40)],
        started: [_register(api, started, 50 + n) for n in range(3)],
        asking: [_register(api, asking, 60 + n) for n in range(6)],
        keeping: [_register(api, keeping, 70 + n) for n in range(6)],
        to_reject: [_register(api, to_reject, 80 + n) for n in range(12)],
    }
    began = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    assert api.request("PATCH", f"/api/organizer/events/{started}", organizer=True, body={
        "starts_at": began.isoformat(), "ends_at": (began + timedelta(hours=3)).isoformat()}).status_code == 200
    started_day = "day:" + began.astimezone(ZoneInfo("Europe/Warsaw")).date().isoformat()
    for rid in registrations[started]:  # certificates the revoke route can revoke
        assert api.request("POST", f"/api/organizer/events/{started}/registrations/{rid}/certificate",
                           organizer=True).status_code == 200
    tokens = [auth.manage_token(event_id, rid) for event_id in (main, opt_in, with_sessions)
              for rid in registrations[event_id]]
    codes = [checkin_code(main, rid) for rid in registrations[main]]
    asking_tokens = [auth.manage_token(asking, rid) for rid in registrations[asking]]
    keeping_tokens = [auth.manage_token(keeping, rid) for rid in registrations[keeping]]
    return World(main, with_sessions, draft, approval, opt_in, to_cancel, to_patch, started, started_day, "fuzz-city",
                 "fuzz", logos, asking_tokens, keeping_tokens, to_reject, registrations, tokens, codes)


def _organizer_headers(case: Any) -> dict[str, str]:
    """A valid organizer token for 9 cases in 10; otherwise none, or one that is not valid. The first
    request of an operation with its own method always carries a valid one: an operation without
    inputs has only a handful of requests to make, and a roll of the dice must not leave all of
    them unauthorized (then nothing would show that it can succeed)."""
    if not case.operation.path.startswith("/api/organizer/"):
        return {}
    own_method = case.method.upper() == case.operation.method.upper()
    roll = 2 if own_method and case.operation.label not in AUTHORIZED else pick(case, "auth") % 10
    if own_method and roll >= 2:
        AUTHORIZED.add(case.operation.label)
    if roll == 0:
        return {}
    token = auth.issue_organizer_token(admin())
    if roll == 1:
        return {"Authorization": f"Bearer {token[:-4]}AAAA"}
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def http():
    with requests.Session() as session:
        yield session


@pytest.mark.timeout(300)
@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck), print_blob=True)
def test_api_answers_as_documented(case, stack, world, http):
    if time.monotonic() - CLOCK["started"] > TIME_BUDGET_SECONDS:
        pytest.skip("the fuzzing time budget is spent")
    prepare(case, world, http, stack.url)
    response = case.call(base_url=stack.url, session=http, headers=_organizer_headers(case), timeout=60,
                         allow_redirects=False)
    CASES[case.operation.label] += 1
    STATUSES[(case.operation.label, response.status_code)] += 1
    case.validate_response(response, checks=CHECKS)


def _has_inputs(label: str) -> bool:
    """Whether an operation takes parameters or a body: one without them has only a few distinct
    requests to make (its unexpected methods and a missing or wrong authorization)."""
    import yaml

    method, path = label.split(" ", 1)
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["paths"][path]
    operation = spec[method.lower()]
    return bool(spec.get("parameters") or operation.get("parameters") or operation.get("requestBody"))


def test_the_fuzzing_generated_enough_cases_across_operations():
    """Runs after the fuzzing above (same module, defined later): at least MIN_CASES requests in all."""
    operations = {result.ok().label for result in schema.get_all_operations()}
    if set(CASES) != operations:
        pytest.skip("run the whole module to count the generated cases")
    assert sum(CASES.values()) >= MIN_CASES, CASES
    assert all(n >= (10 if _has_inputs(label) else 5) for label, n in CASES.items()), CASES
    successes = {label for (label, status), n in STATUSES.items() if status < 300}
    assert len(successes) >= len(operations) - 2, sorted(operations - successes)
