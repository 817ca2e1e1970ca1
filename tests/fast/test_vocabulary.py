"""One vocabulary at the bottom of the house: each word is defined once and everyone else uses it."""
from __future__ import annotations

import ast
from pathlib import Path

from chalicelib.vocabulary.addresses import normalise_address, valid_address
from chalicelib.vocabulary.labels import STATUS_LABELS, STATUS_MESSAGES, email_kind_label, kind_label, status_label
from chalicelib.vocabulary.names import NameQuery, search_text, search_words
from chalicelib.vocabulary.statuses import ACTIVE, CLOSED, TRANSITIONS, Status, can_move

PACKAGE = Path(__file__).resolve().parents[2] / "chalicelib"


def string_literals(value: str) -> list[str]:
    """Where `value` is written as a string literal in the package's Python (docstrings aside)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        found += [f"{path.relative_to(PACKAGE)}:{node.lineno}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and node.value == value and id(node) not in docstrings]
    return found


def test_the_string_confirmed_is_written_in_one_place():
    assert string_literals("confirmed") == ["vocabulary/statuses.py:21"]


def test_every_status_has_its_transitions_labels_and_messages():
    assert set(TRANSITIONS) == set(Status) == set(STATUS_LABELS) == set(STATUS_MESSAGES)
    assert set(ACTIVE) | set(CLOSED) == set(Status) and not TRANSITIONS[Status.CANCELLED]
    assert can_move("waitlisted", "confirmed") and not can_move("cancelled", "confirmed")
    assert status_label("confirmed", "uk") == "Підтверджено" and status_label("odd", "pl") == "odd"


def test_labels_are_said_in_the_readers_language():
    assert kind_label("study_visit", "pl") == "Wizyta studyjna" and kind_label("nothing", "pl") == ""
    assert email_kind_label("resent:confirmation:x7k2", "en") == "Seat confirmed (sent again)"
    assert email_kind_label("reminder:1440", "en") == "Reminder"


def test_one_address_has_one_spelling():
    assert normalise_address("  Ola@Example.COM ") == "ola@example.com"
    assert valid_address("ola@example.com") and not valid_address("ola@") and not valid_address("a" * 250 + "@x.pl")


def test_names_match_whatever_the_case_accents_and_alphabet():
    assert NameQuery("lukasz").matches("Łukasz Ząbek") and NameQuery("olena").matches("Олена Коваленко")
    assert NameQuery("kowal").matches("Anna Kowalska") and not NameQuery("kowal anna").matches("Anna Nowak")
    assert "olena" in search_text("Олена", "o@example.org") and search_words("Ąb cd") == [("ab",), ("cd",)]
