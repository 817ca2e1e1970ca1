"""Choosing a slot or sessions on a phone, in Ukrainian: a slot taken while the form was open comes
back marked as taken, with the free ones offered under their day's heading; two sessions at the same
time of an exclusive event are refused by name. Both pages pass axe."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, screenshot
from tests.factories import person
from tests.stack_client import Api

DAY = (datetime.now(UTC) + timedelta(days=15)).replace(hour=8, minute=0, second=0, microsecond=0)  # 09:00 in Warsaw


def at(hours: float) -> str:
    return (DAY + timedelta(hours=hours)).isoformat()


def fill_in(phone: Page, name: str, address: str) -> None:
    phone.locator("#f-name").fill(name)
    phone.locator("#f-email").fill(address)
    phone.locator("#f-consent").check()


def test_a_slot_taken_meanwhile_is_offered_again_with_the_free_ones(phone: Page, api: Api):
    slots = [{"id": f"slot-{9 + n:02d}00", "title": f"{9 + n:02d}:00\u2013{9 + n:02d}:30", "capacity": 1,
              "starts_at": at(n), "ends_at": at(n + 0.5)} for n in range(3)]
    event_id = api.published_event(kind="consultation", capacity=3, sessions=slots, starts_at=at(0), ends_at=at(3))
    phone.goto(f"/events/{event_id}?lang=uk")
    day = phone.locator("fieldset.day legend")
    expect(day).to_have_count(1)
    expect(phone.locator("label[for=session-slot-0900]")).to_contain_text("09:00–09:30")
    fill_in(phone, "Олена Коваленко", "olena.slot@example.com")
    phone.locator("label[for=session-slot-0900]").click()
    taken = api.request("POST", f"/api/events/{event_id}/registrations",
                        body=person(1, sessions=["slot-0900"], language="uk"))
    assert taken.status_code == 201  # someone else was quicker
    phone.get_by_role("button", name="Зареєструватися").click()
    summary = phone.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Уже зайнято: 09:00–09:30")
    expect(phone.locator("label[for=session-slot-0900]")).to_contain_text("зайнято")
    expect(phone.locator("#session-slot-0900")).not_to_be_checked()
    for free in ("slot-1000", "slot-1100"):
        expect(phone.locator(f"label[for=session-{free}]")).to_contain_text("Залишилося 1 місце")
    expect(phone.get_by_label("Якщо місць немає, внесіть мене до списку очікування")).to_be_visible()
    expect(phone.locator("#f-name")).to_have_value("Олена Коваленко")  # nothing typed is lost
    screenshot(phone, "slot-taken-uk")
    assert_accessible(phone)
    phone.locator("label[for=session-slot-1000]").click()
    phone.get_by_role("button", name="Зареєструватися").click()
    expect(phone.locator("h1")).to_have_text("Вас зареєстровано")


def test_two_sessions_at_the_same_time_are_refused_by_name(phone: Page, api: Api):
    sessions = [{"id": "keynote", "title": {"uk": "Пленарна доповідь", "pl": "Wykład"}, "capacity": 30,
                 "starts_at": at(0), "ends_at": at(2)},
                {"id": "lab", "title": {"uk": "Лабораторія", "pl": "Laboratorium"}, "capacity": 30,
                 "starts_at": at(1), "ends_at": at(3)},
                {"id": "panel", "title": {"uk": "Панель", "pl": "Panel"}, "capacity": 30,
                 "starts_at": at(3), "ends_at": at(4)}]
    event_id = api.published_event(kind="conference", capacity=60, sessions=sessions, sessions_exclusive=True,
                                   starts_at=at(0), ends_at=at(4))
    phone.goto(f"/events/{event_id}?lang=uk")
    fill_in(phone, "Петро Шевчук", "petro.clash@example.com")
    phone.locator("label[for=session-keynote]").click()
    phone.locator("label[for=session-lab]").click()
    phone.get_by_role("button", name="Зареєструватися").click()
    expect(phone.locator("#error-summary")).to_contain_text("Пленарна доповідь / Лабораторія")
    screenshot(phone, "sessions-clash-uk")
    assert_accessible(phone)
    phone.locator("#session-lab").uncheck()
    phone.locator("label[for=session-panel]").click()
    phone.get_by_role("button", name="Зареєструватися").click()
    expect(phone.locator("h1")).to_have_text("Вас зареєстровано")
