"""The fast layer: rules of the domain and the application on the in-memory store (tests/memory),
no AWS at all. `make check` runs these; the store's own behaviour is tested on moto elsewhere."""
from __future__ import annotations

import pytest

from tests.memory.state import State


@pytest.fixture(autouse=True)
def memory(monkeypatch, settings_env) -> State:
    """A fresh in-memory store in place of DynamoDB; e-mails stay in its outbox (nothing is sent)."""
    from chalicelib.events import recent
    from chalicelib.institutions import recent as directory
    from tests.memory import install

    settings_env(OUTBOX_MODE="queue", QUEUE_URL="")
    recent.forget_all()
    directory.forget()
    found = install(monkeypatch)
    yield found
    recent.forget_all()
    directory.forget()
    State.current = None


def outbox_kinds(state: State) -> list[tuple[str, str]]:
    """(registration id, kind) of every message waiting in the outbox, in the order written."""
    return [(m.registration_id, m.kind) for m in state.outbox.values()]
