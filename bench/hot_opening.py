"""A hot opening: 3,000 people sign up at once for 60 seats, against a stack that conflicts as DynamoDB does.

The local stack as `make run` starts it, with two changes: the emulator refuses a transaction
on an item another transaction holds in flight, as DynamoDB does (`devstack/conflicts.py`; every
sign-up's transaction takes the event's seat counter, so they all contend), and
`OUTBOX_MODE=queue` as in AWS (the e-mails are handed to SQS, not sent inside the request; the
queue is not drained). The rate limits are raised, since every request comes from loopback.

One published event with 60 seats and a waiting list; 64 client threads start together and
sign up 3,000 distinct people through the JSON API, each in their language (pl, en, uk in turn:
`Accept-Language` and the body's `language`), over HTTP with keep-alive. The app retries each
conflict itself (with jitter) and answers 503 "busy" with `Retry-After` once it gives up; the
person then waits as advised (capped at `RETRY_AFTER_CAP` seconds, never scaled) and tries
again, `ATTEMPTS` requests in all, after which they count as refused. The 503's message must be
"try again in a moment" in the person's language. Everything is bounded: one deadline for the
traffic, a timeout per request.

Afterwards the event's partition is read back with strongly consistent Queries: every 201 must
be in the table with its status (nobody cancels, so nobody moves up), nothing may be in the table
that nobody was answered a 2xx for (a 503 whose sign-up was written anyway is lost, half-written),
no more than 60 may hold a seat and no address two registrations; `bench/invariants.py` checks
the counters against the items. Any of those, a 5xx other than a proper 503, an answer a sign-up
should not get, or a request without an answer fails the benchmark.
"""
from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .stats import percentile

TITLE = "Hot opening: 3,000 sign-ups for 60 seats with DynamoDB's transaction conflicts"
PEOPLE = 3000
CLIENTS = 64
CAPACITY = 60
ATTEMPTS = 8  # HTTP requests a person makes, as the page asks them to try again, before giving up
RETRY_AFTER_CAP = 5.0  # seconds: the longest advised pause honoured (the app advises 2)
DEADLINE = 420.0  # seconds for the whole traffic; a person not done by then has no answer
REQUEST_TIMEOUT = 60.0
LANGUAGES = ("pl", "en", "uk")
MEANINGS = {
    "attempts": "HTTP requests made (a person's retries after a 503 included)",
    "people": "people in the crowd, each trying to sign up once (distinct name and address each)",
    "confirmed": "registrations holding a seat, in the table",
    "waitlisted": "registrations on the waiting list, in the table",
    "refused_503_after_retries": f"people answered 503 with Retry-After {ATTEMPTS} times, so not signed up",
    "five_xx": "5xx answers other than a 503 with Retry-After and the busy message in the person's language",
    "lost": "a 201 not in the table with its status, or a registration in the table nobody was answered a 2xx for",
    "double_seats": "confirmed registrations beyond the seats, and addresses holding two registrations",
    "attempts_per_signup_p50": "requests per person answered 201, median (p99: 99th percentile)",
    "latency_ms_p50": "per request, from sending it to reading the answer, 503s included (p90, p99, max alike)",
    "signups_per_second": "201 answers per second of traffic",
    "conflicts_emulated": "transactions (and single writes) the emulator refused with TransactionConflict",
    "seconds": "wall time of the traffic, first request to last answer",
    "unexpected": "answers a sign-up should not get (4xx); no_answer: requests without an answer in time",
}
FIGURES = {"hot_opening": "the run's figures: what each is, below the table"}
HEADLINE = {"hot_opening": "hot_opening"}
NOTES = (
    *(f"`{key}`: {meaning}." for key, meaning in MEANINGS.items()),
    ("One machine runs the 64 client threads, `chalice local` (a thread per request) and moto, which "
     "serves one AWS call at a time; a transaction waiting for it holds its items, so the refusals "
     "measure this emulator's queue as much as the app. What the run shows is that under conflicts "
     "nothing is lost, nothing overbooked and nothing answered with a bare 5xx."),
)


@dataclass
class Person:
    """One person and everything they were answered."""

    n: int
    name: str
    email: str
    language: str
    statuses: list[int] = field(default_factory=list)  # HTTP status of each request
    five_xx: int = 0  # 5xx answers other than a proper 503
    registration_id: str | None = None
    status: str | None = None  # as answered with the 201
    outcome: str = "pending"  # signed | refused | five_xx | unexpected | no_answer


def people(count: int, seed: int) -> list[Person]:
    return [Person(n, f"Hot Person {n}", f"hot{seed}-{n}@example.com", LANGUAGES[n % 3]) for n in range(count)]


def lost_and_doubles(answered: dict[str, str], stored: list[dict[str, str]], capacity: int) -> tuple[int, int]:
    """How many sign-ups are lost and how many seats doubled, from the 201s (registration id →
    status answered) and the registrations read back (registration_id, email, status).

    Lost: a 201 missing from the table or with another status (waitlisted may have become
    confirmed), and a registration nobody got a 2xx for. Doubled: confirmed beyond `capacity`,
    and every registration an address holds beyond its first."""
    in_table = {r["registration_id"]: r["status"] for r in stored}
    lost = sum(1 for rid, status in answered.items()
               if in_table.get(rid) not in ({"waitlisted", "confirmed"} if status == "waitlisted" else {status}))
    lost += sum(1 for rid in in_table if rid not in answered)
    confirmed = sum(1 for r in stored if r["status"] == "confirmed")
    per_address = Counter(r["email"].lower() for r in stored)
    return lost, max(0, confirmed - capacity) + sum(n - 1 for n in per_address.values() if n > 1)


def empty_seats(figures: dict[str, Any], capacity: int = CAPACITY) -> list[str]:
    """A seat left empty while someone waits (nobody cancels, so the first `capacity` get seats)."""
    held = figures["confirmed"] + figures["waitlisted"]
    if figures["confirmed"] != min(capacity, held):
        return [f"{figures['confirmed']} confirmed of {capacity} seats while {figures['waitlisted']} wait"]
    return []


def busy_message_ok(response: Any, language: str, expected: dict[str, str]) -> bool:
    """A 503 the client may retry: Retry-After given, the busy message in the person's language."""
    try:
        message = response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return False
    return bool(response.headers.get("Retry-After")) and message == expected[language]


class Crowd:
    """The client side: threads taking the next person until everyone is done or time is up."""

    def __init__(self, url: str, event_id: str, crowd: list[Person], expected: dict[str, str]) -> None:
        self.url, self.event_id, self.expected = url, event_id, expected
        self.waiting = list(reversed(crowd))
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.problems: list[str] = []
        self.deadline = 0.0

    def _next(self) -> Person | None:
        with self.lock:
            return self.waiting.pop() if self.waiting and time.monotonic() < self.deadline else None

    def sign_up(self, session: Any, person: Person) -> None:
        import requests

        body = {"name": person.name, "email": person.email, "language": person.language, "consent": True}
        headers = {"Accept-Language": person.language}
        for _ in range(ATTEMPTS):
            left = self.deadline - time.monotonic()
            if left <= 0:
                break
            began = time.perf_counter()
            try:
                response = session.post(f"{self.url}/api/events/{self.event_id}/registrations", json=body,
                                        headers=headers, timeout=min(REQUEST_TIMEOUT, left))
            except requests.RequestException as error:
                person.statuses.append(0)
                self._problem(f"{person.email}: no answer ({type(error).__name__})")
                break
            with self.lock:
                self.latencies.append((time.perf_counter() - began) * 1000)
            person.statuses.append(response.status_code)
            busy = response.status_code == 503 and busy_message_ok(response, person.language, self.expected)
            if response.status_code >= 500 and not busy:
                person.five_xx += 1
            if response.status_code == 201:
                answer = response.json()
                person.registration_id, person.status, person.outcome = answer["id"], answer["status"], "signed"
                return
            if busy:
                time.sleep(min(float(response.headers["Retry-After"]), RETRY_AFTER_CAP,
                               max(0.0, self.deadline - time.monotonic())))
                continue
            person.outcome = "five_xx" if response.status_code >= 500 else "unexpected"
            self._problem(f"{person.email}: {response.status_code} {response.text[:200]}")
            return
        else:
            person.outcome = "refused"
            return
        person.outcome = "no_answer"

    def _problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)

    def _worker(self, start: threading.Barrier) -> None:
        import requests

        with requests.Session() as session:
            start.wait()
            while (person := self._next()) is not None:
                self.sign_up(session, person)

    def run(self, clients: int, seconds: float) -> float:
        start = threading.Barrier(clients + 1)
        threads = [threading.Thread(target=self._worker, args=(start,), name=f"hot-{i}", daemon=True)
                   for i in range(clients)]
        for thread in threads:
            thread.start()
        self.deadline = time.monotonic() + seconds
        began = time.perf_counter()
        start.wait()
        for thread in threads:
            thread.join(max(0.0, self.deadline - time.monotonic()) + REQUEST_TIMEOUT)
        if any(thread.is_alive() for thread in threads):
            self._problem("client threads still running after the deadline")
        return time.perf_counter() - began


def report(crowd: list[Person], stored: list[dict[str, str]], latencies: list[float], seconds: float,
           conflicts: int, capacity: int = CAPACITY) -> dict[str, Any]:
    """The section's one object, from what the people were answered and what the table holds."""
    signed = [p for p in crowd if p.outcome == "signed"]
    answered = {p.registration_id: p.status for p in signed if p.registration_id and p.status}
    lost, doubles = lost_and_doubles(answered, stored, capacity)
    statuses = Counter(r["status"] for r in stored)
    tries = [len(p.statuses) for p in signed]
    outcomes = Counter(p.outcome for p in crowd)
    return {
        "attempts": sum(len(p.statuses) for p in crowd), "people": len(crowd),
        "confirmed": statuses["confirmed"], "waitlisted": statuses["waitlisted"],
        "refused_503_after_retries": outcomes["refused"],
        "five_xx": sum(p.five_xx for p in crowd),
        "lost": lost, "double_seats": doubles,
        "attempts_per_signup_p50": percentile(tries, 0.5), "attempts_per_signup_p99": percentile(tries, 0.99),
        **{f"latency_ms_p{q}": round(percentile(latencies, q / 100), 1) for q in (50, 90, 99)},
        "latency_ms_max": round(max(latencies, default=0), 1),
        "signups_per_second": round(len(signed) / seconds, 1) if seconds else 0.0,
        "conflicts_emulated": conflicts, "seconds": round(seconds, 1),
        "unexpected": outcomes["unexpected"], "no_answer": outcomes["no_answer"] + outcomes["pending"],
    }


def _log(text: str) -> None:
    print(f"[hot_opening] {text}", file=sys.stderr, flush=True)


def hot_opening(stack: Any, count: int = PEOPLE, clients: int = CLIENTS,
                seconds: float = DEADLINE) -> tuple[dict[str, Any], list[str]]:
    """Open a fresh event of a running local stack to the crowd, then read back what it left:
    the figures, and every broken invariant (none, when the run is good)."""
    from ipaddress import ip_address
    from urllib.parse import urlsplit

    import boto3

    from chalicelib.errors import Busy
    from chalicelib.i18n import gettext
    from tests.stack_client import Api

    from .invariants import REGION, audit_event

    assert all(ip_address(urlsplit(url).hostname or "").is_loopback for url in (stack.url, stack.moto.url)), \
        "the benchmark speaks to loopback only"
    event_id = Api(stack).published_event(capacity=CAPACITY)
    expected = {language: gettext(language, Busy.msgid) for language in LANGUAGES}
    crowd = people(count, int(time.time()))
    gate = stack.moto.conflicts
    refused_before, writes_before = (gate.refused, gate.refused_writes) if gate is not None else (0, 0)
    _log(f"{count} people, {clients} clients, event {event_id}, conflicts {'on' if gate else 'off'}")
    traffic = Crowd(stack.url, event_id, crowd, expected)
    elapsed = traffic.run(clients, seconds)
    conflicts = (gate.refused if gate is not None else 0) - refused_before
    _log(f"of which single-item writes: {(gate.refused_writes if gate is not None else 0) - writes_before}")
    dynamodb = boto3.client("dynamodb", endpoint_url=stack.moto.url, region_name=REGION,
                            aws_access_key_id="local", aws_secret_access_key="local")
    audit = audit_event(dynamodb, stack.table_name, event_id)  # reads the partition once, strongly consistent
    stored = [{"registration_id": r["registration_id"], "email": r.get("email", ""), "status": r["status"]}
              for r in audit.registrations]
    figures = report(crowd, stored, traffic.latencies, elapsed, conflicts)
    _log(str(figures))
    problems = audit.problems + traffic.problems[:20] + empty_seats(figures)
    problems += [f"{figures[k]} {k}" for k in ("lost", "double_seats", "five_xx", "unexpected", "no_answer")
                 if figures[k]]
    return figures, problems


def run(count: int = PEOPLE, clients: int = CLIENTS, seconds: float = DEADLINE) -> dict[str, Any]:
    """The benchmark: a conflicting local stack of its own, the crowd, the checks; fail loudly on any problem."""
    import os

    from devstack.stack import UNLIMITED, LocalStack

    stack = LocalStack(table_name="zapisy-bench", extra_env={"OUTBOX_MODE": "queue", **UNLIMITED},
                       transaction_conflicts=True)
    stack.start()  # this process issues the organizer's token: the exported environment has the secret
    try:
        figures, problems = hot_opening(stack, count, clients, seconds)
    finally:
        stack.stop()
        os.environ.pop("AWS_ENDPOINT_URL", None)
    if problems:
        raise AssertionError(f"{len(problems)} problems, e.g. " + "; ".join(problems[:8]))
    return {"hot_opening": figures}
