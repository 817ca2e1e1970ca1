"""Mixed traffic against the local stack for minutes on end: nothing lost, nothing overbooked, no 5xx.

`make soak` (`python -m bench.soak --seconds 300`) starts the local stack as `make run` does (moto
server in the same process, `chalice local`, each e-mail sent right after its request) and keeps a
fixed number of client threads busy on loopback. Each thread picks its next request at random with
fixed weights: a sign-up through the JSON API, a cancellation through the manage link of someone
signed up earlier, a double opt-in confirmation, the public board (JSON and page), an event's page,
a participant's manage page, an organizer's list of registrations, and the CSV attendee list. Four
kinds of event share the traffic — two plain ones, one whose people choose one of two sessions, one
with double opt-in (202, no seat until confirmed) — each small, so waiting lists form, and
cancellations promote people while others keep signing up; after 120 sign-ups an event is followed
by a fresh one of its kind.

At the end every event's partition is read back with strongly consistent Queries and checked:
every answered sign-up is in the table with the status it was answered with (or confirmed, if it
was waiting; or cancelled, if the client cancelled it), nothing is in the table that nobody was
answered, no event or session holds more confirmed people than seats, the event's seat
counters equal the items (seats, queue places, pending), every waiting person has one queue place and
every registration its e-mail marker and manage link. The outbox must be empty, SES must have
received exactly the e-mails the registrations record, and no address the same kind twice. A 503
with `Retry-After` is retried by the client after the advised pause and counted; any other 5xx,
and any answer a request should not get, is a failure.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from .invariants import REGION, audit_event, mailbox, outbox_left
from .stats import percentile

TITLE = "Soak: five minutes of mixed traffic on the local stack"
WORKERS = 16
MIX = {"register": 30, "cancel": 8, "confirm": 3, "board_json": 10, "board_page": 10, "event_page": 15,
       "organizer_list": 12, "csv_export": 3, "manage_page": 9}
FIGURES = {
    "workers": "client threads, each sending its next request as soon as the last one was answered",
    "seconds": "how long the traffic ran",
    "load_average": "the machine's 1-minute load average as the traffic began (other processes share the CPUs)",
    "requests_total": "requests answered, all kinds",
    "requests_per_second": "the same per second",
    "requests": "requests answered, per kind",
    "answers": "HTTP statuses of the answers, all kinds together",
    "lost": "answered sign-ups missing from the table, or registrations in the table nobody was answered",
    "overbooked": "events or sessions holding more confirmed people than seats",
    "counter_mismatches": "event counters (seats, queue, pending) that differ from the items, and missing "
                          "queue places, e-mail markers or manage links",
    "server_errors": "5xx answers other than a 503 with Retry-After",
    "busy_retried": "503 answers with Retry-After, each retried by the client (the retry is counted as a request)",
    "unexpected_answers": "answers a request should not get (a 4xx to a valid sign-up, cancellation or confirmation)",
    "events": "events the run signed people up for",
    "registrations": "the run's registrations in the table at the end, by status",
    "emails": "e-mails SES accepted; every one a registration records, none twice",
    "latency_ms": "per kind: p50 / p90 / p99 / max, milliseconds from sending the request to reading the answer",
}
NOTES = (
    ("One machine runs everything: the client threads, `chalice local` (a thread per request, the e-mail rendered "
    "and sent inside the request) and moto, which serves one AWS call at a time. Latencies are therefore queueing "
    "behind the emulator, not what Lambda and DynamoDB would show; what the run shows is that the invariants hold "
     "under sustained mixed load."),
)


# --- the traffic ------------------------------------------------------------------------------

SLOTS = {  # event shapes, small so that queues form; a slot opens a fresh event after PER_EVENT sign-ups
    "plain-a": {"capacity": 12},
    "plain-b": {"capacity": 8},
    "sessions": {"capacity": 10, "sessions": [{"id": "am", "title": "Morning", "capacity": 5},
                                              {"id": "pm", "title": "Afternoon", "capacity": 5}]},
    "opt-in": {"capacity": 6, "double_opt_in": True},
}
PER_EVENT = 120
EXPECTED = {"register": {201, 202}, "cancel": {200}, "confirm": {200}, "csv_export": {200}}
LANGUAGES = ("pl", "en", "uk")


def _event_body(shape: dict[str, Any]) -> dict[str, Any]:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    return {"title": {"pl": "Warsztat", "en": "Workshop", "uk": "Семінар"}, "kind": "workshop",
            "timezone": "Europe/Warsaw", "project": "re-turn", "venue": "Kielce",
            "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=3)).isoformat(), **shape}


@dataclass
class Sign:
    """One sign-up as the client knows it: what it was answered, and what the client did since."""

    event_id: str
    registration_id: str
    status: str
    session: str | None = None


class Traffic:
    """The client side: worker threads, what they were answered, latencies per kind of request."""

    def __init__(self, url: str, organizer_token: str, manage_token: Callable[[str, str], str], seed: int,
                 per_event: int = PER_EVENT) -> None:
        self.url, self.seed, self.manage_token, self.per_event = url, seed, manage_token, per_event
        self.organizer = {"Authorization": f"Bearer {organizer_token}"}
        self.lock = threading.Lock()
        self.slot_lock = threading.Lock()  # one creator of a slot's next event at a time
        self.numbers = iter(range(10 ** 9))
        self.slots: dict[str, str] = {}
        self.signed: dict[str, int] = Counter()  # sign-ups answered per event
        self.events: list[str] = []
        self.signs: dict[str, Sign] = {}  # registration id → what the client knows
        self.cancellable: list[str] = []
        self.unconfirmed: list[str] = []
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.answers: Counter = Counter()
        self.requests: Counter = Counter()
        self.busy_retried = 0
        self.server_errors: list[str] = []
        self.unexpected: list[str] = []

    # one request: timed, 503 + Retry-After retried after the advised pause, anything else recorded
    def send(self, session: requests.Session, kind: str, method: str, path: str, *, body: Any = None,
             organizer: bool = False) -> requests.Response | None:
        headers = {**(self.organizer if organizer else {}), **({"Content-Type": "application/json"} if body else {})}
        while True:
            began = time.perf_counter()
            try:
                response = session.request(method, self.url + path, headers=headers, timeout=120,
                                           data=None if body is None else json.dumps(body))
            except requests.RequestException as error:
                with self.lock:
                    self.unexpected.append(f"{kind} {path}: {type(error).__name__}")
                return None
            elapsed = (time.perf_counter() - began) * 1000
            with self.lock:
                self.latencies[kind].append(elapsed)
                self.requests[kind] += 1
                self.answers[response.status_code] += 1
                if response.status_code == 503 and "Retry-After" in response.headers:
                    self.busy_retried += 1
                elif response.status_code >= 500:
                    self.server_errors.append(f"{kind} {method} {path}: {response.status_code}")
                elif response.status_code not in EXPECTED.get(kind, {200}):
                    self.unexpected.append(f"{kind} {method} {path}: {response.status_code} {response.text[:200]}")
            if response.status_code != 503 or "Retry-After" not in response.headers:
                return response if response.status_code < 400 else None
            time.sleep(float(response.headers["Retry-After"]))

    def open_event(self, session: requests.Session, slot: str) -> str:
        """The slot's current event; a fresh one once the current one had its `per_event` sign-ups."""
        with self.slot_lock:
            current = self.slots.get(slot)
            if current and self.signed[current] < self.per_event:
                return current
            created = session.post(self.url + "/api/organizer/events", json=_event_body(SLOTS[slot]),
                                   headers=self.organizer, timeout=120)
            created.raise_for_status()
            event_id = created.json()["id"]
            session.post(f"{self.url}/api/organizer/events/{event_id}/publish", headers=self.organizer,
                         timeout=120).raise_for_status()
            with self.lock:
                self.slots[slot] = event_id
                self.events.append(event_id)
            return event_id

    def register(self, session: requests.Session, rng: random.Random) -> None:
        slot = rng.choice(list(SLOTS))
        event_id = self.open_event(session, slot)
        n = next(self.numbers)
        body = {"name": f"Soak Person {n}", "email": f"soak{self.seed}-{n}@example.com",
                "language": rng.choice(LANGUAGES), "consent": True}
        chosen = rng.choice(SLOTS[slot]["sessions"])["id"] if "sessions" in SLOTS[slot] else None
        if chosen:
            body["sessions"], body["waitlist"] = [chosen], True  # a full session queues only those who ask
        response = self.send(session, "register", "POST", f"/api/events/{event_id}/registrations", body=body)
        if response is None:
            return
        answer = response.json()
        with self.lock:
            self.signed[event_id] += 1
            self.signs[answer["id"]] = Sign(event_id, answer["id"], answer["status"], chosen)
            (self.unconfirmed if answer["status"] == "pending_email" else self.cancellable).append(answer["id"])

    def _take(self, pool: list[str], rng: random.Random) -> Sign | None:
        with self.lock:
            if not pool:
                return None
            index = rng.randrange(len(pool))
            pool[index], pool[-1] = pool[-1], pool[index]
            return self.signs[pool.pop()]

    def cancel(self, session: requests.Session, rng: random.Random) -> None:
        sign = self._take(self.cancellable, rng)
        if sign is None:
            return self.register(session, rng)
        response = self.send(session, "cancel", "DELETE",
                             f"/api/manage/{self.manage_token(sign.event_id, sign.registration_id)}")
        if response is not None:
            sign.status = response.json()["status"]

    def confirm(self, session: requests.Session, rng: random.Random) -> None:
        sign = self._take(self.unconfirmed, rng)
        if sign is None:
            return self.register(session, rng)
        response = self.send(session, "confirm", "POST",
                             f"/api/manage/{self.manage_token(sign.event_id, sign.registration_id)}/confirm", body={})
        if response is not None:
            sign.status = response.json()["status"]
            with self.lock:
                self.cancellable.append(sign.registration_id)

    def _some_event(self, rng: random.Random) -> str | None:
        with self.lock:
            return rng.choice(self.events) if self.events else None

    def view(self, session: requests.Session, rng: random.Random, kind: str) -> None:
        language = rng.choice(LANGUAGES)
        event_id = self._some_event(rng)
        if kind == "board_json":
            self.send(session, kind, "GET", f"/api/events?lang={language}")
        elif kind == "board_page":
            self.send(session, kind, "GET", f"/events?lang={language}")
        elif event_id is None:
            self.register(session, rng)
        elif kind == "event_page":
            self.send(session, kind, "GET", f"/events/{event_id}?lang={language}")
        elif kind == "organizer_list":
            status = rng.choice(["", "&status=confirmed", "&status=waitlisted"])
            self.send(session, kind, "GET", f"/api/organizer/events/{event_id}/registrations?limit=50{status}",
                      organizer=True)
        elif kind == "csv_export":
            self.send(session, kind, "GET", f"/api/organizer/events/{event_id}/attendees.csv", organizer=True)
        elif kind == "manage_page":
            with self.lock:
                sign = self.signs[rng.choice(list(self.signs))] if self.signs else None
            if sign is not None:
                self.send(session, kind, "GET",
                          f"/manage/{self.manage_token(sign.event_id, sign.registration_id)}?lang={language}")

    def worker(self, index: int, deadline: float) -> None:
        rng = random.Random(self.seed * 1000 + index)
        kinds, weights = list(MIX), list(MIX.values())
        with requests.Session() as session:
            while time.monotonic() < deadline:
                kind = rng.choices(kinds, weights)[0]
                if kind in ("register", "cancel", "confirm"):
                    getattr(self, kind)(session, rng)
                else:
                    self.view(session, rng, kind)

    def run(self, workers: int, seconds: float) -> float:
        deadline = time.monotonic() + seconds
        started = time.perf_counter()
        threads = [threading.Thread(target=self.worker, args=(i, deadline), name=f"soak-{i}") for i in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started


# --- checking what the run left, and the report ------------------------------------------------

def _latency(values: list[float]) -> str:
    return " / ".join(f"{percentile(values, q):.0f}" for q in (0.5, 0.9, 0.99)) + f" / {max(values):.0f}"


def check(traffic: Traffic, dynamodb: Any, table: str) -> tuple[dict[str, Any], list[str]]:
    """Read every event of the run back; compare with what the clients were answered and what SES got."""
    audits = [audit_event(dynamodb, table, event_id) for event_id in traffic.events]
    stored = {rid: status for audit in audits for rid, status in audit.statuses.items()}
    problems = [p for audit in audits for p in audit.problems]
    lost = [f"answered {rid} ({sign.status}) is not in the table" for rid, sign in traffic.signs.items()
            if rid not in stored]
    lost += [f"{rid} ({status}) is in the table but nobody was answered" for rid, status in stored.items()
             if rid not in traffic.signs]
    for rid, sign in traffic.signs.items():
        allowed = {"waitlisted", "confirmed"} if sign.status == "waitlisted" else {sign.status}
        if rid in stored and stored[rid] not in allowed:
            problems.append(f"{rid} was answered {sign.status} and is {stored[rid]} in the table")
    left = outbox_left(dynamodb, table, traffic.events)
    mails = mailbox(lambda address: address.startswith(f"soak{traffic.seed}-"))
    doubles = sum(n - 1 for n in mails.values() if n > 1)
    recorded = sum(audit.emails_recorded for audit in audits)
    if left:
        problems.append(f"{len(left)} e-mails still in the outbox")
    if doubles or sum(mails.values()) != recorded:
        problems.append(f"{sum(mails.values())} e-mails sent, {recorded} recorded, {doubles} sent twice")
    problems += lost + traffic.server_errors + traffic.unexpected
    figures = {
        "lost": len(lost), "overbooked": sum(len(a.overbooked) for a in audits),
        "counter_mismatches": sum(len(a.mismatches) for a in audits), "server_errors": len(traffic.server_errors),
        "busy_retried": traffic.busy_retried, "unexpected_answers": len(traffic.unexpected),
        "events": len(traffic.events), "registrations": dict(Counter(stored.values()).most_common()),
        "emails": {"sent": sum(mails.values()), "recorded": recorded, "sent_twice": doubles,
                   "left_in_outbox": len(left)},
    }
    return figures, problems


@dataclass
class Report:
    """The figures for the report, and every broken invariant (none, when the run is good)."""

    figures: dict[str, Any]
    problems: list[str]


def soak(stack: Any, seconds: float, workers: int = WORKERS, seed: int | None = None,
         per_event: int = PER_EVENT) -> Report:
    """Run the traffic against a running local stack, then check the table and the mailbox."""
    import boto3

    from chalicelib import auth

    seed = seed if seed is not None else int(time.time())
    organizer = auth.Organizer("soak", "soak@example.org", "admin", ("re-turn",))
    traffic = Traffic(stack.url, auth.issue_organizer_token(organizer), auth.manage_token, seed, per_event)
    load = os.getloadavg()[0]
    elapsed = traffic.run(workers, seconds)
    dynamodb = boto3.client("dynamodb", endpoint_url=stack.moto.url, region_name=REGION,
                            aws_access_key_id="local", aws_secret_access_key="local")
    checked, problems = check(traffic, dynamodb, stack.table_name)
    total = sum(traffic.requests.values())
    figures = {"workers": workers, "seconds": round(elapsed, 1), "load_average": round(load, 1),
               "requests_total": total, "requests_per_second": round(total / elapsed, 1),
               "requests": dict(traffic.requests.most_common()),
               "answers": {str(code): n for code, n in sorted(traffic.answers.items())}, **checked,
               "latency_ms": {kind: _latency(values) for kind, values in sorted(traffic.latencies.items())}}
    return Report(figures, problems)


def run(seconds: float = 300, workers: int = WORKERS) -> dict[str, Any]:
    """The benchmark: start a local stack of its own, soak it, stop it; fail loudly on any problem."""
    from devstack.stack import UNLIMITED, LocalStack

    stack = LocalStack(table_name="zapisy-soak", extra_env=UNLIMITED).start(export_env=True)
    try:
        report = soak(stack, seconds, workers)
    finally:
        stack.stop()
    if report.problems:
        raise AssertionError(f"{len(report.problems)} problems, e.g. " + "; ".join(report.problems[:5]))
    return report.figures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--workers", type=int, default=WORKERS)
    options = parser.parse_args(argv)
    from . import run as bench

    when = datetime.now()
    started = time.perf_counter()
    figures = run(options.seconds, options.workers)
    text = bench.section("soak", run, figures, when, time.perf_counter() - started)
    bench.write_report({"soak": text})
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
