"""Browser tests: Debian's chromium, driven by Playwright, against the local stack started here.

Fixtures: `stack` and `api` (the running service and its JSON client), `browser`, and pages in
fresh contexts: `phone` (390×844, touch, mobile user agent), `desktop` (1280×900), and `page`,
which runs a test once at each of the two widths. Pages come with `base_url` set to the stack, so
`page.goto("/dev/outbox")` works. Helpers (screenshots, axe, page weight) are in support.py.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from devstack.stack import UNLIMITED, LocalStack
from tests.browser.support import VIEWPORTS, launch_chromium, new_page
from tests.stack_client import Api


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    """A stack per test file, as in tests/integration/conftest.py (moto and `mock_aws` share this process)."""
    local = LocalStack(table_name="zapisy-browser", extra_env=UNLIMITED).start(export_env=False)
    yield local
    local.stop()


@pytest.fixture
def api(stack: LocalStack) -> Api:
    return Api(stack)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    playwright = sync_playwright().start()
    try:
        chromium = launch_chromium(playwright)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


def _page(browser: Browser, stack: LocalStack, viewport: str) -> Iterator[Page]:
    page = new_page(browser, viewport, base_url=stack.url)
    page.set_default_timeout(30_000)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser: Browser, stack: LocalStack) -> Iterator[Page]:
    yield from _page(browser, stack, "phone")


@pytest.fixture
def desktop(browser: Browser, stack: LocalStack) -> Iterator[Page]:
    yield from _page(browser, stack, "desktop")


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser: Browser, stack: LocalStack) -> Iterator[Page]:
    """The test runs once per viewport (phone, desktop); the test id names it."""
    yield from _page(browser, stack, request.param)
