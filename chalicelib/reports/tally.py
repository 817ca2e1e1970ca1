"""One event's anonymous counts, kept on the event when retention erases it (`anonymous_stats`).

Reports count facts (reports/facts.py), kept at erasure since `"facts": true` was added to these
counts; the counts themselves now serve events erased by older versions, which kept nothing
else, and anyone who wants an erased event's totals at a glance. Only counts are kept: no name,
address, answer text or hash.

    {"version": 2, "kind", "audiences", "project",
     "registrations", "checked_in", "unique_participants", "unique_confirmed",
     "by_status": {status: n}, "by_language": {code: n}, "by_country": {code: n}  (confirmed only),
     "groups": {"language" | "audience" | "country": {key: {"registrations", <confirmed>, "checked_in"}}}}

`groups.audience` counts the participants' answers when the event asks a question with id
`audience`, otherwise every registration under each of the event's audiences. `groups.country`
exists only when the event asks a country question. An empty key means "not given".
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..records import Event, Registration
from ..vocabulary.statuses import Status

VERSION = 2
AUDIENCE_QUESTION = "audience"
CONFIRMED = Status.CONFIRMED.value  # the count of confirmed seats, under the status's own name
METRICS = ("registrations", CONFIRMED, "checked_in")
NOT_RECORDED = "?"  # counts kept before this breakdown existed: known in total, not by group


@dataclass
class Counts:
    """Registrations, confirmed seats and people checked in, for one event or one group."""

    registrations: int = 0
    confirmed: int = 0
    checked_in: int = 0

    def add(self, other: Counts) -> None:
        self.registrations += other.registrations
        self.confirmed += other.confirmed
        self.checked_in += other.checked_in

    def as_dict(self) -> dict[str, int]:
        return {"registrations": self.registrations, CONFIRMED: self.confirmed, "checked_in": self.checked_in}

    @classmethod
    def of(cls, values: Any) -> Counts:
        values = values if isinstance(values, dict) else {}
        return cls(*(int(values.get(name) or 0) for name in METRICS))


@dataclass
class EventTally:
    """What an event erased by an older version adds to a report: its counts, and its own number of
    people (who cannot be matched with anyone: no facts were kept then)."""

    totals: Counts
    unique_confirmed: int
    groups: dict[str, dict[str, Counts]]
    erased: bool = False


def country_question(event: Event) -> str | None:
    return next((q["id"] for q in event.questions if q.get("type") == "country"), None)


def audience_question(event: Event) -> dict | None:
    """The event's question `audience`, if it offers options (free text is never counted: it could name people)."""
    return next((q for q in event.questions if q.get("id") == AUDIENCE_QUESTION
                 and q.get("type") in ("choice", "multichoice") and q.get("options")), None)


def audience_keys(event: Event, registration: Registration, options: set[str] | None) -> list[str]:
    if options is None:
        return list(event.audiences) or [""]
    answer = (registration.answers or {}).get(AUDIENCE_QUESTION)
    chosen = answer if isinstance(answer, list) else [answer]
    return [str(a) for a in chosen if str(a) in options] or [""]


def country_code(answer: object) -> str:
    """An ISO 3166 code as the form stores it; anything else counts as not given."""
    text = str(answer or "").strip().upper()
    return text if len(text) == 2 and text.isalpha() else ""


def _person(registration: Registration) -> str:
    """Who a registration is, across events: the keyed e-mail hash, or (added without an address,
    or erased) the registration itself."""
    return registration.email_hash or f"registration:{registration.registration_id}"


def count_registrations(event: Event, registrations: Iterable[Registration]) -> tuple[dict, set[str]]:
    """The event's anonymous counts (see the module docstring) and the keys of its confirmed people."""
    country = country_question(event)
    question = audience_question(event)
    options = {str(o["id"]) for o in question["options"]} if question else None
    totals = Counts()
    groups: dict[str, dict[str, Counts]] = {"language": {}, "audience": {}}
    if country:
        groups["country"] = {}
    by_status: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    by_country: Counter[str] = Counter()
    everyone: set[str] = set()
    confirmed_people: set[str] = set()
    for registration in registrations:
        one = Counts(1, int(registration.status == Status.CONFIRMED), int(bool(registration.checked_in_at)))
        totals.add(one)
        by_status[registration.status] += 1
        by_language[registration.language] += 1
        if registration.email_hash:
            everyone.add(registration.email_hash)
        if one.confirmed:
            confirmed_people.add(_person(registration))
        keys = {"language": [registration.language or ""],
                "audience": audience_keys(event, registration, options)}
        if country:
            answer = country_code((registration.answers or {}).get(country))
            keys["country"] = [answer]
            if one.confirmed:
                by_country[answer or "?"] += 1
        for dimension, values in keys.items():
            for value in dict.fromkeys(values):
                groups[dimension].setdefault(value, Counts()).add(one)
    stats: dict[str, Any] = {
        "version": VERSION, "kind": event.kind, "audiences": list(event.audiences), "project": event.project,
        "registrations": totals.registrations, CONFIRMED: totals.confirmed, "checked_in": totals.checked_in,
        "by_status": dict(by_status), "by_language": dict(by_language),
        "unique_participants": len(everyone), "unique_confirmed": len(confirmed_people),
        "groups": {dimension: {key: counts.as_dict() for key, counts in values.items()}
                   for dimension, values in groups.items()},
    }
    if country:
        stats["by_country"] = dict(by_country)
    return stats, confirmed_people


def from_stats(event: Event, stats: dict) -> EventTally:
    """The tally kept on an erased event. Counts kept before version 2 know the totals and the
    event's audiences, but not the participants' groups: those go under NOT_RECORDED."""
    by_status = stats.get("by_status") or {}
    totals = Counts(int(stats.get("registrations") or 0), int(stats.get(CONFIRMED, by_status.get(CONFIRMED, 0))),
                    int(stats.get("checked_in") or 0))
    if stats.get("version", 1) >= VERSION:
        groups = {dimension: {key: Counts.of(values) for key, values in found.items()}
                  for dimension, found in (stats.get("groups") or {}).items()}
        unique = int(stats.get("unique_confirmed") or 0)
    else:
        everything = {NOT_RECORDED: totals}
        groups = {"language": dict(everything),
                  "audience": ({a: totals for a in stats.get("audiences") or event.audiences} or {"": totals})
                  if audience_question(event) is None else dict(everything)}
        if country_question(event):
            groups["country"] = dict(everything)
        unique = int(stats.get("unique_participants") or 0)
    return EventTally(totals, unique, groups, erased=True)
