"""What a funder report counts of one registration: a `Fact`, the same whether it is read from a held
registration or from what retention kept of an erased one (store/facts.py).

"Attended" means the person came: any part of the event attended (registration/attendance.py), or
checked in at the door. People are told apart by a project-scoped keyed hash of their address.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..indicators.service import person_of
from ..records import Event, Fact, Registration
from ..registration import attendance
from . import tally


def fact_of(event: Event, registration: Registration) -> Fact:
    question = tally.audience_question(event)
    options = {str(o["id"]) for o in question["options"]} if question else None
    country = tally.country_question(event)
    return Fact(person_of(event, registration), registration.status, attendance.attended(event, registration),
                registration.language or "", tuple(dict.fromkeys(tally.audience_keys(event, registration, options))),
                tally.country_code((registration.answers or {}).get(country)) if country else "",
                registration.registration_id)


def facts_of(event: Event, registrations: Iterable[Registration]) -> list[Fact]:
    return [fact_of(event, registration) for registration in registrations]
