"""An in-memory store for the tests of rules (domain and application), with the same functions and
the same answers as chalicelib/store on DynamoDB, refusals included.

`install(monkeypatch)` puts it in place of every public function of the store's modules. The
store's own tests keep running on moto, and tests/fast/test_store_contract.py runs one set of
checks against both, so the two cannot drift apart unnoticed.
"""
from __future__ import annotations

from typing import Any

from . import checkins, directory, events, lists, others, outbox, registrations
from .state import State

# store module -> the memory module that stands in for it
MODULES = {"events": events, "registrations": registrations, "outbox": outbox, "checkins": checkins,
           "search": registrations, "suppression": others, "ratelimit": others, "audit": others, "people": lists,
           "reports": lists, "facts": lists, "persons": others, "directory": directory}


def public_functions(module: Any) -> set[str]:
    import inspect

    return {name for name, value in vars(module).items() if inspect.isfunction(value) and not name.startswith("_")
            and value.__module__ == module.__name__}


def install(monkeypatch: Any) -> State:
    """Replace the store's functions with the memory ones; the fresh, empty state."""
    import importlib

    state = State.fresh()
    for name, memory in MODULES.items():
        store = importlib.import_module(f"chalicelib.store.{name}")
        for function in public_functions(store):
            monkeypatch.setattr(store, function, getattr(memory, function))
    return state
