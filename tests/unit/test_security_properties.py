"""Property tests of the readers of untrusted input: whatever JSON arrives, they answer with clean
values or InvalidInput, never with another exception (which would be a 500)."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chalicelib import fields
from chalicelib.errors import InvalidInput
from chalicelib.events.spec import read_event_fields, valid_timezone
from chalicelib.registration.form import MAX_NAME, RegistrationForm, read_form
from chalicelib.store.models import EventItem
from chalicelib.vocabulary.addresses import normalise_address as normalise_email
from chalicelib.vocabulary.addresses import valid_address as valid_email

LANGUAGES = ("pl", "en", "uk")
BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)  # surrogates too: JSON may carry "\ud800"
EVENT_KEYS = ("title", "description", "kind", "starts_at", "ends_at", "registration_opens_at",
              "registration_closes_at", "timezone", "venue", "capacity", "retention_days", "reconfirm_days",
              "reconfirm_hours", "project", "requires_approval", "invite_only", "double_opt_in", "waitlist_enabled",
              "languages", "audiences", "reminders", "invite_codes", "questions", "sessions")
NESTED_KEYS = ("id", "type", "label", "help", "required", "options", "max_length", "show_if", "question", "equals",
               "capacity", "starts_at", "ends_at", "title", "pl", "en", "uk", "*")
GOOD_VALUES = ("Europe/Warsaw", "Europe", "2027-03-01T10:00:00+01:00", "2027-03-01T10:00", "9999-12-31T23:59:59-23:59",
               "0001-01-01T00:00:00+14:00", "workshop", "choice", "multichoice", "text", "date", "q1", "o1", "7d",
               "90m", "²", "٣", "10", " 5 ", "re-turn", "A" * 70)
SCALARS = (st.none() | st.booleans() | st.integers(-(2 ** 64), 2 ** 64) | st.floats() | ANY_TEXT
           | st.sampled_from(GOOD_VALUES))
KEYS = st.sampled_from(EVENT_KEYS + NESTED_KEYS) | ANY_TEXT


def json_values(keys: st.SearchStrategy = KEYS) -> st.SearchStrategy:
    """Whatever json.loads can return (NaN and Infinity included), with keys the readers look for."""
    return st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6),
                        max_leaves=25)


def mostly(good: tuple, bad: tuple = ()) -> st.SearchStrategy:
    """Mostly a value the reader accepts; one time in twenty a plausible mistake, or anything at all."""
    noise = json_values() | st.sampled_from(bad) if bad else json_values()
    return st.integers(0, 19).flatmap(lambda n: noise if n == 0 else st.sampled_from(good))


TEXTS = mostly(("Label", {"en": "Label", "pl": "Etykieta"}, {"*": "Any"}), ({"xx": "?"}, {"en": ""}, "x" * 301))
OPTIONS = st.lists(st.fixed_dictionaries({"id": mostly(("o1", "o2")), "label": TEXTS}) | mostly(("Option",)),
                   min_size=1, max_size=3)
SHOW_IF = st.fixed_dictionaries({"question": mostly(("q1", "q2"), (["q1"],)), "equals": mostly(("o1", True))})


def question_of(kind: str) -> st.SearchStrategy:
    """A question of one type, with options where the type needs them, now and then shown only if…"""
    base = st.fixed_dictionaries({"id": mostly(("q1", "q2", "q3"), ("Q 1",)), "type": mostly((kind,)), "label": TEXTS,
                                  **({"options": OPTIONS} if kind in ("choice", "multichoice") else {})},
                                 optional={"help": TEXTS, "required": mostly((True, False)),
                                           "max_length": mostly((1, 5000), (5001, "²"))})
    with_condition = st.tuples(base, SHOW_IF).map(lambda pair: {**pair[0], "show_if": pair[1]})
    return st.integers(0, 3).flatmap(lambda n: with_condition if n == 0 else base)


QUESTION = st.sampled_from(("text", "textarea", "choice", "multichoice", "checkbox", "date")).flatmap(question_of)
SESSION = st.fixed_dictionaries({"id": mostly(("s1", "s2")), "title": TEXTS, "capacity": mostly((1, 3, "3"), ("²",))},
                                optional={"starts_at": mostly(("2027-03-01T10:00:00+01:00",),
                                                              ("0001-01-01T00:00:00+14:00",)),
                                          "ends_at": mostly(("2027-03-01T11:00:00+01:00",))})
EVENTS = st.dictionaries(st.sampled_from(EVENT_KEYS) | ANY_TEXT, json_values(), max_size=10) | st.fixed_dictionaries(
    {}, optional={"title": TEXTS, "description": TEXTS,
                  "questions": st.lists(QUESTION, max_size=3, unique_by=lambda q: repr(q["id"])),
                  "sessions": st.lists(SESSION, max_size=3, unique_by=lambda s: repr(s["id"])),
                  "timezone": mostly(("Europe/Warsaw",), ("Europe",)),
                  "starts_at": mostly(("2027-03-01T10:00:00+01:00",)), "capacity": mostly((5, "5"), ("²",))})


def test_a_directory_of_zones_is_not_a_time_zone():
    assert not valid_timezone("Europe") and not valid_timezone("America/Argentina")
    assert valid_timezone("Europe/Warsaw") and valid_timezone("America/Argentina/Buenos_Aires")


@settings(BOUNDED, max_examples=200)
@given(EVENTS, st.booleans())
@example({"timezone": "Europe"}, True)
@example({"questions": [{"id": "q1", "type": "choice", "label": "Q", "options": [{"id": 5, "label": "x"}]}]}, False)
@example({"questions": [{"id": "a", "type": "text", "label": "A"},
                        {"id": "b", "type": "text", "label": "B", "show_if": {"question": ["a"], "equals": "x"}}]},
         False)
@example({"capacity": "²"}, False)
@example({"starts_at": "9999-12-31T23:59:59-23:59"}, False)
def test_event_fields_are_clean_values_or_invalid_input(data, creating):
    try:
        values = read_event_fields(data, LANGUAGES, creating=creating)
    except InvalidInput as error:
        assert error.fields
        return
    assert set(values) <= set(EVENT_KEYS)
    for question in values.get("questions", []):
        assert isinstance(question["id"], str)
        assert all(isinstance(option["id"], str) for option in question.get("options", []))
    for name in ("title", "description"):
        assert all(isinstance(text, str) for text in values.get(name, {}).values())


@BOUNDED
@given(json_values(), st.integers(1, 300))
def test_each_field_reader_only_collects_errors(value, limit):
    errors = fields.FieldErrors()
    data = {"x": value}
    fields.text(errors, data, "x", max_length=limit)
    fields.localized(errors, data, "x", LANGUAGES, max_length=limit, multiline=True)
    fields.moment(errors, data, "x")
    fields.integer(errors, data, "x", minimum=1, maximum=100)
    fields.flag(errors, data, "x")
    fields.slug_list(errors, data, "x")
    assert all(isinstance(name, str) for name in errors.errors)


QUESTIONS = [
    {"id": "note", "type": "text", "label": {"en": "Note"}, "required": True, "max_length": 50},
    {"id": "long", "type": "textarea", "label": {"en": "Long"}},
    {"id": "pick", "type": "choice", "label": {"en": "Pick"}, "options": [{"id": "a", "label": {"en": "A"}},
                                                                        {"id": "b", "label": {"en": "B"}}]},
    {"id": "many", "type": "multichoice", "label": {"en": "Many"}, "options": [{"id": "x", "label": {"en": "X"}},
                                                                              {"id": "y", "label": {"en": "Y"}}]},
    {"id": "tick", "type": "checkbox", "label": {"en": "Tick"}},
    {"id": "mail", "type": "email", "label": {"en": "Mail"}, "show_if": {"question": "tick", "equals": True}},
    {"id": "phone", "type": "phone", "label": {"en": "Phone"}},
    {"id": "country", "type": "country", "label": {"en": "Country"}},
    {"id": "day", "type": "date", "label": {"en": "Day"}, "show_if": {"question": "pick", "equals": "a"}},
]
SESSIONS = [{"id": "s1", "title": {"en": "S1"}, "capacity": 5}, {"id": "s2", "title": {"en": "S2"}, "capacity": 5}]
EVENT = EventItem("EVENT#e1", "META", event_id="e1", questions=QUESTIONS, sessions=SESSIONS)
ANSWERS = {"long": mostly(("Long\ntext",)), "pick": mostly(("a", "b"), ("c",)),
           "many": mostly((["x"], ["x", "y"], "x"), (["x", "x", "y"],)), "tick": mostly((True, "on", "yes")),
           "mail": mostly(("a@example.com",), ("a@",)), "phone": mostly(("+48 600 000 000",), ("²²²²²²²",)),
           "country": mostly(("PL", "pl"), ("Ł1",)), "day": mostly(("2026-05-30",), ("2026-02-30",))}
FORMS = st.fixed_dictionaries({
    "name": mostly(("Anna", " Олена "), ("x" * 121,)), "email": mostly(("a@example.com", "A@Example.COM"), ("a@",)),
    "consent": mostly((True,)), "sessions": mostly((["s1"], ["s1", "s2"], "s2"), (["s3"],)),
    "answers": st.integers(0, 9).flatmap(lambda n: json_values() if n == 0 else st.fixed_dictionaries(
        {"note": mostly(("A note",), ("x" * 51,))}, optional=ANSWERS))},
    optional={"language": mostly(("uk", "en-GB")), "invite_code": mostly(("", "CODE"))})


@BOUNDED
@given(FORMS, st.booleans())
@example({"name": "A", "email": "a@example.com", "consent": True, "answers": {"pick": ["a"]}}, False)
@example({"name": "A", "email": "a@example.com", "consent": True, "answers": {"pick": {"a": 1}}}, False)
@example({"name": "A", "email": "a@example.com", "consent": True, "answers": {"phone": "²²²²²²²²"}}, False)
@example({"name": "A", "email": "a@example.com", "consent": True, "sessions": [{"s1": 1}]}, False)
def test_a_registration_form_is_a_clean_registration_or_invalid_input(data, on_behalf):
    try:
        form = read_form(EVENT, data, "pl", on_behalf=on_behalf)
    except InvalidInput as error:
        assert error.fields
        return
    assert isinstance(form, RegistrationForm)
    assert 0 < len(form.name) <= MAX_NAME and (not form.email or valid_email(form.email))
    assert set(form.answers) <= {q["id"] for q in QUESTIONS}
    assert set(form.sessions) <= {"s1", "s2"} and form.sessions
    assert all(isinstance(value, (str, bool, list)) for value in form.answers.values())


@BOUNDED
@given(ANY_TEXT)
@example("J\u030c@example.com")  # no precomposed capital J with caron, but a small one (U+01F0)
@example("\u0130@example.com")  # capital I with dot: lower() gives two code points
@example(" A\u0301@EXAMPLE.com\u2028")
def test_normalising_an_address_never_fails_and_is_idempotent(value):
    once = normalise_email(value)
    assert normalise_email(once) == once
    assert unicodedata.is_normalized("NFC", once)
    valid_email(value)
    valid_email(once)


@BOUNDED
@given(st.emails())
def test_valid_addresses_survive_normalising_and_the_form(address):
    if not valid_email(address):  # a few generated addresses are outside what we accept at all
        return
    normalised = normalise_email(address)
    assert valid_email(normalised) and normalise_email(normalised) == normalised
    local, _, domain = address.rpartition("@")
    assert normalise_email(f"{local}@{domain.upper()}") == normalised == normalise_email(f"{local}@{domain.lower()}")
    form = read_form(EventItem("EVENT#e2", "META", event_id="e2"), {"name": "A", "email": f"  {address} ",
                                                                       "consent": True}, "pl")
    assert form.email == normalised


@pytest.mark.parametrize("address", ["Anna@Example.COM", " anna@example.com ", "ANNA@EXAMPLE.COM"])
def test_one_address_in_any_case_is_one_address(address):
    assert normalise_email(address) == "anna@example.com"
