"""openapi.yaml's patterns say exactly what the server's readers accept, character by character.

The API fuzzing (tests/integration/test_api_fuzz.py) holds the server to the spec with requests
drawn at random; these tests hold each pattern to its reader on every character of the Basic
Multilingual Plane's first blocks (and the odd ones past them), judged as schemathesis judges
them: by jsonschema_rs, in the spec's own (ECMAScript) regular expressions.
"""
from __future__ import annotations

from pathlib import Path

import jsonschema_rs
import pytest
import yaml

from chalicelib.fields import FieldErrors, clean_text, moment
from chalicelib.vocabulary.names import searchable

SPEC = yaml.safe_load((Path(__file__).resolve().parents[2] / "openapi.yaml").read_text(encoding="utf-8"))
SCHEMAS = SPEC["components"]["schemas"]
CHARACTERS = [chr(n) for n in range(0x3100)] + ["\ufeff", "\ufe50", "\uff0c", "\U0001f600", "\U000e0001"]


def _operation(operation_id: str) -> dict:
    return next(operation for item in SPEC["paths"].values() for operation in item.values()
                if isinstance(operation, dict) and operation.get("operationId") == operation_id)


def _matches(pattern: str):
    return jsonschema_rs.validator_for({"type": "string", "pattern": pattern}).is_valid


def test_a_text_the_spec_calls_visible_is_one_the_server_keeps():
    visible = _matches(SCHEMAS["Title"]["oneOf"][0]["pattern"])
    for character in CHARACTERS:
        for multiline in (False, True):
            assert visible(character) == bool(clean_text(character, multiline=multiline)), hex(ord(character))


def test_a_blank_text_the_spec_allows_is_one_the_server_leaves_empty():
    blank = _matches(SCHEMAS["OptionalPhone"]["anyOf"][1]["pattern"])
    for character in CHARACTERS:
        assert blank(character * 3) == (clean_text(character * 3) == ""), hex(ord(character))


def test_a_check_in_code_the_spec_calls_filled_is_one_the_server_reads():
    filled = _matches(SCHEMAS["CheckInInput"]["oneOf"][0]["properties"]["code"]["pattern"])
    for character in CHARACTERS:
        assert filled(character) == bool(character.strip()), hex(ord(character))


def test_a_name_search_the_spec_allows_is_one_the_server_searches_with():
    q = next(p for p in _operation("checkInSearch")["parameters"] if p.get("name") == "q")
    allowed = _matches(q["schema"]["pattern"])
    for character in CHARACTERS:
        assert allowed(character) == searchable(character), hex(ord(character))


@pytest.mark.parametrize("value", ["7d", "365d", "366d", "0d", "07d", "8760h", "8761h", "9999m", "10000m", "1 D",
                                   " 24h ", "\t24h", "24 h ", "٣d", "1w", "", "d", "90m"])
def test_a_reminder_the_spec_allows_is_one_the_server_takes(value):
    from chalicelib.events.spec import _reminders

    pattern = SCHEMAS["EventFields"]["properties"]["reminders"]["items"]["oneOf"][0]["pattern"]
    errors = FieldErrors()
    _reminders(errors, [value])
    assert _matches(pattern)(value) == (errors.errors == {}), value


@pytest.mark.parametrize("value", ["2027-03-01T10:00:00+01:00", "2027-03-01T10:00:00Z", "2027-03-01T10:00:00.25-09:30",
                                   "2000-01-01T00:00:00+14:00", "2100-12-31T23:59:59-12:00", "1999-12-31T23:59:59Z",
                                   "2101-01-01T00:00:00Z", "2027-03-01T10:00+01:00", "2027-03-01 10:00:00+01:00",
                                   "2027-03-01T10:00:00", "2027-03-01t10:00:00z", "20270301T100000Z",
                                   "2027-02-30T10:00:00Z", "2027-03-01T24:00:00Z", " 2027-03-01T10:00:00Z"])
def test_a_time_the_spec_allows_is_one_the_server_reads(value):
    valid = jsonschema_rs.validator_for(SCHEMAS["DateTime"], validate_formats=True).is_valid
    errors = FieldErrors()
    moment(errors, {"t": value}, "t", years=(2000, 2100))
    assert valid(value) == (errors.errors == {}), value


@pytest.mark.parametrize("value", ["", " ", "all", " all ", "confirmed", "confirmed,waitlisted",
                                   "confirmed , cancelled", "all,confirmed", "confirmed,", ",", "Confirmed",
                                   "\tconfirmed", "pending"])
def test_an_export_status_the_spec_allows_is_one_the_server_reads(value):
    from types import SimpleNamespace

    from chalicelib.errors import InvalidInput
    from chalicelib.exports.filters import read_filters

    pattern = SPEC["components"]["parameters"]["ExportStatus"]["schema"]["pattern"]
    try:
        read_filters({"status": value}, SimpleNamespace(sessions=[]), ("confirmed",))
        read = True
    except InvalidInput:
        read = False
    assert _matches(pattern)(value) == read, value
