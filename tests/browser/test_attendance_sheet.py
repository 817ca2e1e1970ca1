"""The sign-in sheet in a real browser: an organizer ticks who came to each day of a two-day training,
saves, and reads the attendance in the registrations table — in pl, en and uk, at phone and desktop
widths, with no accessibility violations."""
from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from chalicelib.i18n import gettext
from tests.browser.support import assert_accessible, screenshot
from tests.browser.test_directory_pages_in_browser import log_in_as_admin
from tests.factories import person
from tests.stack_client import Api

WARSAW = ZoneInfo("Europe/Warsaw")  # the events' zone in tests/factories.py
NAMES = ["Zofia Nowak", "Олена Коваленко", "محمد عبد الله"]


@pytest.fixture(scope="module")
def training(stack) -> str:
    """A two-day training that began yesterday, with three people signed up while it was still ahead."""
    api = Api(stack)
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    event = api.published_event(capacity=5, kind="training", starts_at=soon.isoformat(),
                                ends_at=(soon + timedelta(days=1, hours=8)).isoformat(),
                                title={"pl": "Szkolenie: prawo pracy", "en": "Training: labour law",
                                       "uk": "Тренінг: трудове право"})
    for n, name in enumerate(NAMES):
        assert api.request("POST", f"/api/events/{event}/registrations",
                           body=person(n, name=name, email=f"sheet{n}@example.com")).status_code == 201
    # Two calendar days where the event is (Warsaw), whatever the hour the test runs at: yesterday
    # 09:00 to today 17:00. (A start of "now minus a day" with 32 hours spanned three days after 15:00.)
    today = datetime.now(WARSAW).date()
    began = datetime.combine(today - timedelta(days=1), time(9), WARSAW)
    ends = datetime.combine(today, time(17), WARSAW)
    moved = api.request("PATCH", f"/api/organizer/events/{event}", organizer=True,
                        body={"starts_at": began.isoformat(), "ends_at": ends.isoformat()})
    assert moved.status_code == 200, moved.text
    return event


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_tick_the_sheet_and_read_the_attendance(page: Page, training, lang):
    say = lambda text: gettext(lang, text)  # noqa: E731
    log_in_as_admin(page, lang)
    page.goto(f"/organizer/events/{training}?lang={lang}")
    page.get_by_role("link", name=say("Attendance"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(say("Attendance from the sign-in sheet"))
    for name in NAMES[:2]:
        page.get_by_label(name).check()
    page.get_by_label(NAMES[2]).uncheck()
    assert_accessible(page)
    screenshot(page, f"attendance-sheet-{lang}")
    page.get_by_role("button", name=say("Save the sheet")).click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.get_by_label(NAMES[0])).to_be_checked()
    expect(page.get_by_label(NAMES[2])).not_to_be_checked()
    page.goto(f"/organizer/events/{training}?lang={lang}")
    row = page.get_by_role("row").filter(has_text=NAMES[0])
    expect(row).to_contain_text("1/2 (50%)")
    assert_accessible(page)
    screenshot(page, f"attendance-table-{lang}")
