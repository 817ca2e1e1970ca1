"""Signing up: a participant's own sign-up, and an organizer's on someone's behalf.

One transaction takes the seat (or waiting-list place, or pending state), writes the
registration, its e-mail marker, its manage link and its e-mail (placing.py). A second sign-up
of the same address for the same event creates nothing and never tells the client whether the
address was registered before: a repeat within minutes is a double submit and answers as the
first did, with no second e-mail; a later one e-mails the address's owner the truth (at most
once an hour) while the answer looks like a new sign-up.
"""
from __future__ import annotations

from datetime import timedelta

from .. import auth
from ..config import settings
from ..errors import Busy, InvalidInput, Text
from ..events.window import blocked_resources
from ..records import Event, Message, Quota, Registration, new_id, new_message, ordered_registration_id
from ..store import events as event_store
from ..store import registrations as store
from ..store.refusals import Refused
from ..vocabulary.names import search_text
from ..vocabulary.seats import resources_for
from ..vocabulary.statuses import Status
from .form import RegistrationForm, read_form
from .placing import PLACEMENT_ATTEMPTS, DefinitionChanged, Outcome, first_status, now, place, refuse_full_sessions

DOUBLE_SUBMIT = timedelta(minutes=10)  # a repeat this soon: the first e-mail is on its way
TELL_AGAIN_AFTER = timedelta(hours=1)  # "already registered" at most once an hour per address and event


def read(event: Event, data: object) -> RegistrationForm:
    """The sign-up checked against the event's form (InvalidInput names each field), before anything is written."""
    return read_form(event, data, settings().default_language)


def register(event: Event, data: object, form: RegistrationForm | None = None, quota: Quota | None = None) -> Outcome:
    """Sign a participant up: seat, waitlist place or pending state, in one transaction.

    `form` is `data` already read against `event` (see `read`), if the caller did; `quota`, an
    allowance the sign-up uses up, counted in its commit (placing.py). `event` may be
    a few seconds old (see `events.recent`): the commit requires the definition checked here to be
    the current one, and if it was edited meanwhile, the sign-up is checked again against the
    event DynamoDB returned with the refusal.
    """
    from ..events import recent

    for _ in range(PLACEMENT_ATTEMPTS):
        try:
            return _register(event, form or read(event, data), quota)
        except DefinitionChanged as change:
            event, form = change.current, None
            recent.remember(event)
    raise Busy()


def _new_registration(event: Event, form: RegistrationForm, *, added_by: str | None = None) -> Registration:
    """The registration to place; its consent names the notice of the event's project the person was shown."""
    from ..institutions.notices import consent_version

    moment = now()
    registration_id = ordered_registration_id(moment)
    return Registration(
        registration_id, event.event_id, status="", name=form.name, email=form.email or None,
        email_hash=auth.email_hash(form.email) if form.email else None, language=form.language,
        answers=form.answers, sessions=form.sessions, wait_if_full=form.waitlist, added_by=added_by,
        consent_version=consent_version(event.project), consent_at=moment, created_at=moment, updated_at=moment,
        manage_hash=auth.token_hash(auth.manage_token(event.event_id, registration_id)),
        search_text=search_text(form.name, form.email))


def _register(event: Event, form: RegistrationForm, quota: Quota | None) -> Outcome:
    from .placing import check_open

    check_open(event, now())
    registration = _new_registration(event, form)
    resources = resources_for(form.sessions)
    try:
        status, messages = place(event, registration, resources, new=True, check_definition=True, quota=quota)
    except Refused as refusal:
        if "email" in refusal.labels:
            return _already_registered(event, registration, resources, waitlist=form.waitlist)
        raise
    return Outcome(registration.registration_id, status, tuple(messages))


def register_on_behalf(event: Event, data: object, added_by: str) -> Outcome:
    """An organizer registers someone at a desk: a seat if one is free, else the waiting list (of a
    full session only if they ticked that the person wants to wait for it: SessionFull otherwise).

    No approval and no e-mail confirmation step: the organizer vouches for the person, and their
    action is the consent record (`added_by`, with the notice's version). The address is optional;
    without one nothing is e-mailed and no e-mail marker is kept, but the manage link and the
    check-in code exist all the same (the organizer can print them).
    """
    from ..errors import EventNotOpen, RegistrationClosed
    from ..vocabulary.statuses import EventStatus

    if event.status != EventStatus.PUBLISHED:
        raise EventNotOpen()
    if event.ends_at <= now():
        raise RegistrationClosed()
    form = read_form(event, data, settings().default_language, on_behalf=True)
    registration = _new_registration(event, form, added_by=added_by)
    try:
        status, messages = place(event, registration, resources_for(form.sessions), new=True, on_behalf=True)
    except Refused as refusal:
        if "email" in refusal.labels:
            raise InvalidInput(fields={"email": Text("This e-mail address is already registered for this event.")}) \
                from None
        raise
    return Outcome(registration.registration_id, status, tuple(messages))


def _already_registered(event: Event, attempt: Registration, resources: list[str], *, waitlist: bool) -> Outcome:
    """The address holds a place in this event already: nothing is created.

    A repeat soon after the first sign-up (a double click, a resent form) answers as the first
    did, and its e-mail is already on its way. Later, the address's owner is told the truth by
    e-mail, with their manage link, at most once an hour; the client sees what a new sign-up
    would see now.
    """
    moment = now()
    existing_id = store.load_marker(event.event_id, attempt.email_hash or "")
    existing = existing_id and store.load_registration(event.event_id, existing_id)
    if existing and existing.active and existing.created_at and moment - existing.created_at < DOUBLE_SUBMIT:
        return Outcome(existing.registration_id, existing.status)
    messages: list[Message] = []
    if existing:
        message = new_message("already_registered", event.event_id, existing.registration_id,
                              dedupe_key=f"already_registered:{new_id(4)}")
        try:
            store.tell_already_registered(existing, message, moment, moment - TELL_AGAIN_AFTER)
            messages.append(message)
        except Refused:
            pass  # told within the hour already, or erased meanwhile
    current = event_store.load_event(event.event_id) or event
    return Outcome(ordered_registration_id(moment), looks_like(current, resources, waitlist=waitlist), tuple(messages))


def looks_like(event: Event, resources: list[str], *, waitlist: bool) -> Status:
    """The status a new sign-up for these resources would get now (SessionFull as it would be refused)."""
    held = first_status(event)
    if held:
        return held
    blocked = blocked_resources(event, resources)
    refuse_full_sessions(event, blocked, waitlist=waitlist)
    return Status.WAITLISTED if blocked else Status.CONFIRMED
