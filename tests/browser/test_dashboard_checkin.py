"""The door in a real browser: a typed code and a name search on a phone, and the camera scan path.

Headless chromium has no camera and (on Linux) no BarcodeDetector, so the scan test puts a fake
of each into the page before its scripts run: the detector hands out the codes the test pushes,
the camera is a painted canvas. What it proves is the page's part: the button appears where both
exist, a decoded code is posted to the check-in form, the result is shown, and scanning goes on.
"""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from chalicelib.checkin import tokens
from tests.browser.support import assert_accessible, screenshot
from tests.browser.test_dashboard_pages import log_in
from tests.factories import person
from tests.stack_client import Api

FAKE_SCANNER = """
window.__codes = [];
window.__detections = 0;
window.BarcodeDetector = class {
  constructor(options) { window.__formats = options && options.formats; }
  static getSupportedFormats() { return Promise.resolve(["ean_13", "qr_code"]); }
  detect(source) {
    window.__detections += 1;
    document.documentElement.setAttribute("data-detections", String(window.__detections));
    const code = window.__codes.shift();
    return Promise.resolve(code ? [{rawValue: code, format: "qr_code"}] : []);
  }
};
if (!navigator.mediaDevices) { Object.defineProperty(navigator, "mediaDevices", {value: {}, configurable: true}); }
navigator.mediaDevices.getUserMedia = function (constraints) {
  window.__constraints = constraints;
  const canvas = document.createElement("canvas");
  canvas.width = 320; canvas.height = 240;
  const context = canvas.getContext("2d");
  let shade = 0;
  (function paint() {
    shade = (shade + 8) % 256;
    context.fillStyle = "rgb(" + shade + ",80,80)";
    context.fillRect(0, 0, 320, 240);
    requestAnimationFrame(paint);
  })();
  return Promise.resolve(canvas.captureStream(15));
};
"""


def _event(api: Api, label: str) -> tuple[str, str]:
    run = uuid.uuid4().hex[:8]
    title = f"Door {label} {run}"
    return api.published_event(capacity=5, project="re-turn", title={"pl": title, "en": title, "uk": title}), run


def _register(api: Api, event_id: str, n: int, name: str, run: str) -> str:
    response = api.request("POST", f"/api/events/{event_id}/registrations",
                           body=person(n, name=name, email=f"door.{run}.{n}@example.com"))
    assert response.status_code == 201 and response.json()["status"] == "confirmed", response.text
    return response.json()["id"]


def _checked_in(api: Api, event_id: str) -> dict[str, bool]:
    return {r["name"]: bool(r["checked_in_at"]) for r in api.registrations(event_id)}


def test_a_typed_code_and_a_name_search_at_the_door_on_a_phone(phone: Page, api: Api):
    event_id, run = _event(api, "typed")
    first = _register(api, event_id, 1, f"Łucja Brzęczyszczykiewicz {run}", run)
    _register(api, event_id, 2, f"Олена Коваленко {run}", run)
    log_in(phone, "en")
    phone.goto("/organizer/events?lang=en")
    row = phone.locator("tr", has_text=f"Door typed {run}")
    expect(row.get_by_role("link", name="Check-in")).to_be_visible()
    row.get_by_role("link", name="Check-in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Check-in")
    expect(phone.locator("#door-counts")).to_have_text("Checked in: 0 of 2 confirmed")
    if phone.evaluate("typeof window.BarcodeDetector") != "function":
        expect(phone.get_by_role("button", name="Scan with camera")).to_be_hidden()
    assert_accessible(phone)
    screenshot(phone, "organizer-checkin-en")

    phone.get_by_label("Code from the ticket").fill(tokens.checkin_code(event_id, first).lower())
    phone.get_by_role("button", name="Check in", exact=True).click()
    status = phone.get_by_role("status")
    expect(status).to_contain_text("Checked in")
    expect(status).to_contain_text(f"Checked in: Łucja Brzęczyszczykiewicz {run}.")
    expect(status).to_be_focused()
    expect(phone.locator("#door-counts")).to_have_text("Checked in: 1 of 2 confirmed")
    assert_accessible(phone)
    screenshot(phone, "organizer-checkin-typed-en")

    phone.get_by_label("Name").fill("olena kovalenko")
    phone.get_by_role("button", name="Search").click()
    match = phone.locator(".door-matches li", has_text=f"Олена Коваленко {run}")
    expect(match).to_contain_text("Not checked in yet")
    assert_accessible(phone)
    screenshot(phone, "organizer-checkin-search-en")
    match.get_by_role("button", name=f"Check in: Олена Коваленко {run}").click()
    expect(phone.get_by_role("status")).to_contain_text(f"Checked in: Олена Коваленко {run}.")
    expect(phone.locator(".door-matches li", has_text=f"Олена Коваленко {run}")).to_contain_text("Checked in at")
    expect(phone.locator("#door-counts")).to_have_text("Checked in: 2 of 2 confirmed")

    phone.get_by_label("Code from the ticket").fill(tokens.checkin_code(event_id, first))
    phone.get_by_role("button", name="Check in", exact=True).click()
    expect(phone.get_by_role("status")).to_contain_text("was already checked in at")
    assert set(_checked_in(api, event_id).values()) == {True}


def test_the_camera_scan_posts_the_decoded_code_and_keeps_scanning(page: Page, api: Api):
    event_id, run = _event(api, "scan")
    ids = [_register(api, event_id, n, f"Scanned Person {n} {run}", run) for n in (1, 2)]
    page.add_init_script(FAKE_SCANNER)
    log_in(page, "en")
    page.goto(f"/organizer/events/{event_id}/checkin?lang=en")
    start = page.get_by_role("button", name="Scan with camera")
    expect(start).to_be_visible()
    assert_accessible(page)
    start.click()
    expect(page.get_by_role("button", name="Stop the camera")).to_be_visible()
    # the camera runs and its frames are being read (a page attribute: the CSP forbids polling by eval)
    expect(page.locator("html")).to_have_attribute("data-detections", re.compile(r"^[1-9]\d*$"))
    assert page.evaluate("window.__formats") == ["qr_code"]
    assert page.evaluate("window.__constraints.video.facingMode") == "environment"

    def scan(code: str, expected: str) -> None:
        """Hold a ticket to the camera: its code is posted, the answer shown, and the camera starts again."""
        page.evaluate("code => window.__codes.push(code)", code)
        expect(page.get_by_role("status")).to_contain_text(expected)
        expect(page.get_by_role("button", name="Stop the camera")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("data-detections", re.compile(r"^[1-9]\d*$"))

    scan(tokens.checkin_code(event_id, ids[0]), f"Checked in: Scanned Person 1 {run}.")
    expect(page.locator("#door-counts")).to_have_text("Checked in: 1 of 2 confirmed")
    expect(page.get_by_label("Code from the ticket")).to_have_value("")
    scan(tokens.checkin_code(event_id, ids[1]), f"Checked in: Scanned Person 2 {run}.")
    expect(page.locator("#door-counts")).to_have_text("Checked in: 2 of 2 confirmed")
    scan("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01", "Unknown code")
    assert_accessible(page)
    screenshot(page, "organizer-checkin-scan-en")
    assert _checked_in(api, event_id) == {f"Scanned Person 1 {run}": True, f"Scanned Person 2 {run}": True}

    page.get_by_role("button", name="Stop the camera").click()
    expect(start).to_be_visible()
    expect(page.locator("#scan-video")).to_be_hidden()
