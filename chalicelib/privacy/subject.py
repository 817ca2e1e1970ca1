"""A person's rights across every event: access to everything stored about them, and erasure.

Only administrators answer these requests: they see every project. A person is found by the keyed
hash of their normalised address, the same in every event, so the address itself never becomes
a key and any spelling of it (case, spaces) finds the same registrations. Erasing goes through
the participant's own "delete my data" path, one registration at a time, so seats are freed, the
waiting list moves up and the anonymous counts stay. Each request is logged for the
data-protection officer with who asked, what and how many registrations, never the address.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .. import auth
from ..errors import DomainError, Forbidden, InvalidInput, Text
from ..fields import pick_language
from ..i18n import gettext
from ..institutions.notices import notice_url
from ..records import Event, Message, Registration, Suppression
from ..store import audit, people, suppression
from ..vocabulary.addresses import normalise_address, valid_address

AREA = "privacy"
BAD_ADDRESS = Text("Enter an e-mail address like name@example.com.")


@dataclass(frozen=True)
class Found:
    """One registration of the person, with its event (None if the event is gone)."""

    registration: Registration
    event: Event | None


@dataclass(frozen=True)
class Person:
    """What is stored about one address: its registrations and its place on the suppression list."""

    email: str
    found: tuple[Found, ...]
    suppression: Suppression | None


@dataclass(frozen=True)
class Erasure:
    """How many registrations were erased; `messages` are e-mails to others (the waitlist moving up)."""

    registrations: int
    events: int
    messages: tuple[Message, ...] = ()


def require_admin(organizer: auth.Organizer) -> None:
    """A person's data across projects is for administrators only."""
    if not organizer.is_admin:
        raise Forbidden()


def read_address(value: str) -> str:
    """The address as stored for every sign-up (trimmed, NFC, lower case), or a field error."""
    address = normalise_address(value or "")
    if not valid_address(address):
        raise InvalidInput(fields={"email": BAD_ADDRESS})
    return address


def _now() -> datetime:
    return datetime.now(UTC)


def _lookup(address: str) -> Person:
    email_hash = auth.email_hash(address)
    registrations = people.registrations_of(email_hash)
    events = people.events_by_id(r.event_id for r in registrations)
    return Person(address, tuple(Found(r, events.get(r.event_id)) for r in registrations),
                  suppression.suppression_of(email_hash))


def _log(organizer: auth.Organizer, action: str, registrations: int, events: int) -> None:
    audit.record_admin_action(AREA, action, organizer_id=organizer.organizer_id,
                              organizer_email=organizer.email, at=_now(), registrations=registrations,
                              details={"events": events})


def _event_count(found: tuple[Found, ...] | list[Found]) -> int:
    return len({f.registration.event_id for f in found})


def find_person(organizer: auth.Organizer, value: str) -> Person:
    """Every registration of this address in any event, and whether mail to it is suppressed."""
    require_admin(organizer)
    person = _lookup(read_address(value))
    _log(organizer, "search", len(person.found), _event_count(person.found))
    return person


def access_report(organizer: auth.Organizer, value: str) -> dict[str, Any]:
    """Everything stored about the person, as one JSON-ready document (GDPR art. 15)."""
    require_admin(organizer)
    person = _lookup(read_address(value))
    _log(organizer, "download", len(person.found), _event_count(person.found))
    return {
        "generated_at": _now().isoformat(),
        "email": person.email,
        "suppression": _suppression_view(person.suppression),
        "registrations": [_registration_record(f.registration, f.event) for f in person.found],
        "answers_for_funders": [{"project": a.project, "answers": a.answers, "answered_at": _iso(a.answered_at),
                                 "special_consent_at": _iso(a.special_consent_at),
                                 "special_consent_notice": a.special_consent_version}
                                for a in _indicator_answers(person.email)],
        "kept_for_funder_reports": _kept_facts(person.email),
    }


def _kept_facts(address: str) -> list[dict[str, Any]]:
    """What retention kept of the person's erased registrations for the funders' counts (pseudonymous:
    a project-scoped key, README "Counts that survive retention"): one entry per participation, with
    the event, until when it is kept and why. It is not erased on request (Article 17(3)(b) GDPR)."""
    from ..indicators.service import records_until
    from ..store import directory
    from ..store import facts as kept
    from ..store.reports import project_events_starting

    email_hash, now = auth.email_hash(address), _now()
    since = now - timedelta(days=7 * 366)  # facts go at the end of the fifth year after the event's
    entries = []
    for project in directory.list_projects():
        person = auth.person_key(project.project_id, email_hash)
        for event in project_events_starting(project.project_id, since, now):
            if not (event.anonymous_stats or {}).get("facts"):
                continue
            for fact in kept.facts_of(event.event_id):
                if fact.person == person:
                    entries.append({"project": project.project_id, "event": _event_record(event, event.event_id),
                                    "status": fact.status, "attended": fact.attended, "language": fact.language,
                                    "kept_until": _iso(records_until(event)),
                                    "why": "Article 6(1)(c) and (e) GDPR: the funder's indicators and audit"})
    return entries


def _indicator_answers(address: str) -> list[Any]:
    """The person's answers to each project's indicator questions (kept with the person, per project)."""
    from ..store import directory, persons

    email_hash = auth.email_hash(address)
    found = (persons.load_answers(p.project_id, auth.person_key(p.project_id, email_hash))
             for p in directory.list_projects())
    return [answers for answers in found if answers is not None]


def erase_person(organizer: auth.Organizer, value: str) -> Erasure:
    """Erase every registration of this address (GDPR art. 17), each as the person's own deletion would."""
    from ..registration.changes import erase_my_data

    require_admin(organizer)
    person = _lookup(read_address(value))
    messages: list[Message] = []
    done: list[Found] = []
    try:
        for found in person.found:
            messages += erase_my_data(found.registration).messages
            done.append(found)
    except DomainError:
        _log(organizer, "erase", len(done), _event_count(done))  # what was erased stays on record
        raise
    from ..store import persons

    for answers in _indicator_answers(person.email):  # withdrawn with the rest (an Article 9 consent too)
        persons.forget(answers.project, answers.person)
    _log(organizer, "erase", len(done), _event_count(done))
    return Erasure(len(done), _event_count(done), tuple(messages))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _suppression_view(record: Suppression | None) -> dict[str, Any] | None:
    return {"reason": record.reason, "since": _iso(record.at)} if record else None


def _email_kind(key: str) -> str:
    """The e-mail a recorded message key stands for: a status names its e-mail, others are `kind:detail`."""
    from ..registration.placing import STATUS_EMAIL

    first = key.split(":", 1)[0]
    return STATUS_EMAIL.get(first, first)


def _answer_text(question: dict[str, Any], value: Any, language: str) -> str:
    """The answer as the person saw it: option labels instead of option ids."""
    options = {o["id"]: pick_language(o["label"], language) for o in question.get("options", [])}
    if isinstance(value, list):
        return ", ".join(options.get(v, str(v)) for v in value)
    if isinstance(value, bool):
        return gettext(language, "yes") if value else gettext(language, "no")
    return options.get(value, str(value)) if value is not None else ""


def _answers(registration: Registration, event: Event | None, language: str) -> list[dict[str, Any]]:
    questions = {q["id"]: q for q in (event.questions if event else [])}
    answers = []
    for question_id, value in (registration.answers or {}).items():
        question = questions.get(question_id, {})
        answers.append({"question": question_id, "label": pick_language(question.get("label") or {}, language),
                        "type": question.get("type"), "answer": value,
                        "answer_text": _answer_text(question, value, language)})
    return answers


def _event_record(event: Event | None, event_id: str) -> dict[str, Any]:
    if event is None:
        return {"id": event_id}
    return {"id": event.event_id, "title": dict(event.title), "project": event.project, "kind": event.kind,
            "starts_at": _iso(event.starts_at), "ends_at": _iso(event.ends_at), "timezone": event.timezone,
            "venue": event.venue, "status": event.status}


def _registration_record(registration: Registration, event: Event | None) -> dict[str, Any]:
    """One registration as stored, minus what is about others (who checked the person in)."""
    language = registration.language
    titles = {s["id"]: pick_language(s["title"], language) for s in (event.sessions if event else [])}
    checked_sessions = dict(registration.checked_in_sessions)
    return {
        "id": registration.registration_id, "status": registration.status, "name": registration.name,
        "email": registration.email, "language": language,
        "registered_at": _iso(registration.created_at), "updated_at": _iso(registration.updated_at),
        "consent": {"notice_version": registration.consent_version, "given_at": _iso(registration.consent_at),
                    "notice": notice_url(event.project if event else None)},
        "answers": _answers(registration, event, language),
        "sessions": [{"id": s, "title": titles.get(s, s)} for s in registration.sessions],
        "check_in": {"checked_in_at": _iso(registration.checked_in_at),
                     "sessions": [{"id": s, "title": titles.get(s, s), "at": at}
                                  for s, at in sorted(checked_sessions.items())],
                     "days": list(registration.checked_in_days),
                     "marked_by_hand": [{"unit": e["unit"], "present": e["present"], "at": e["at"]}
                                        for e in registration.attendance_log]},
        "emails_sent": [{"kind": _email_kind(key), "key": key, "sent_at": at}
                        for key, at in sorted(registration.emails_sent.items(), key=lambda kv: kv[1])],
        "delivery_problem": registration.delivery_problem,
        "reconfirmed_at": _iso(registration.reconfirmed_at),
        "event": _event_record(event, registration.event_id),
    }
