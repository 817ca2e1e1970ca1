"""A fresh stack whose first requests all arrive at once still answers every later request.

`chalice local` serves each request on a thread, so concurrent first requests race to build what
a container builds once (the logger, AWS clients, template environments, catalogs). One such
race left the logger without a formatter and every later request answering 500.
"""
from __future__ import annotations

import threading
from collections import Counter

import pytest
import requests

from devstack.stack import LocalStack

BURST = 32
# JSON and HTML, in three languages, found and not found: each builds its own share of the singletons.
PATHS = ("/api/events", "/api/events?lang=uk", "/events", "/events?lang=en", "/privacy?lang=uk",
         "/events/no-such-event", "/api/manage/no-such-token", "/dev/outbox")


@pytest.fixture
def fresh_stack():
    """A stack of its own whose app has served nothing yet (only its port was awaited)."""
    stack = LocalStack(table_name="zapisy-it-fresh")
    try:
        stack.start_aws(export_env=False)
        stack.start_app(warm=False)
        yield stack
    finally:
        stack.stop()


def test_a_burst_of_first_requests_leaves_every_later_request_answered(fresh_stack):
    barrier = threading.Barrier(BURST)
    first: list[tuple[str, int | str]] = []

    def first_request(path: str) -> None:
        barrier.wait(timeout=60)
        try:
            first.append((path, requests.get(fresh_stack.url + path, timeout=120).status_code))
        except requests.RequestException as error:
            first.append((path, repr(error)))

    threads = [threading.Thread(target=first_request, args=(PATHS[n % len(PATHS)],)) for n in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert len(first) == BURST
    later = [(path, requests.get(fresh_stack.url + path, timeout=60).status_code) for path in PATHS * 2]
    failed = Counter((path, status) for path, status in first + later if not isinstance(status, int) or status >= 500)
    assert not failed, f"first {Counter(s for _, s in first)}, later {Counter(s for _, s in later)}: {failed}"
