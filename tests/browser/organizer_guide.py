"""What the organizers' guide walk needs besides its steps: the screenshots it may take, the sample
institution, project and events it sets up, and small helpers for forms, e-mail and dates.

The guide (docs/organizers.md, docs/organizers.pl.md) shows these screenshots; the walk takes them
only with GUIDE_SCREENSHOTS=1 (`make guide-screenshots`), so an ordinary test run never rewrites
the docs. Each is cropped to the page's column and reduced to a palette, to stay small.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

from chalicelib.i18n import gettext, ngettext
from tests.stack_client import Api

DOCS = Path(__file__).resolve().parents[2] / "docs"
IMAGES = DOCS / "images" / "organizers"
GUIDES = {"en": DOCS / "organizers.md", "pl": DOCS / "organizers.pl.md"}
LANGUAGES = tuple(GUIDES)
ZONE = ZoneInfo("Europe/Warsaw")
# Every screenshot the walk takes, in its order; each guide shows each once, in its own language.
SHOTS = (
    "institutions", "institution", "project", "organizers", "events-empty", "editor-about", "editor-question",
    "preview", "published", "public-event-phone", "registered-phone", "email-confirmation", "editor-sessions",
    "public-sessions", "editor-rules", "approval", "invite-only-phone", "series", "editor-slots",
    "public-slots-phone", "desk-added", "message", "checkin-phone", "checkin-search-phone", "event-registrations",
    "report", "cancel", "events", "editor-after", "attendance", "certificate-phone", "survey-results",
    "privacy-found", "privacy-erase",
)
CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){5}\b")
INSTITUTION_LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 72">'
                    b'<path d="M4 4h56v30c0 18-12 30-28 36C16 64 4 52 4 34z" fill="#1d6b35"/>'
                    b'<path d="M32 14l6 12h13l-10 8 4 13-13-8-13 8 4-13-10-8h13z" fill="#f2c200"/></svg>')
FUNDER_LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 180 48">'
               b'<rect width="180" height="48" fill="#fff"/>'
               b'<circle cx="24" cy="24" r="17" fill="#d4213d"/><circle cx="24" cy="24" r="8" fill="#fff"/>'
               b'<text x="50" y="31" font-family="sans-serif" font-size="19" font-weight="bold" fill="#003399">'
               b'Social Fund</text></svg>')


def say(language: str, message: str, **params: Any) -> str:
    """What the page says for an English msgid in `language`: the labels the guide quotes."""
    return gettext(language, message, **params)


class Camera:
    """Saves the guide's screenshots, only when GUIDE_SCREENSHOTS=1: docs/images/organizers/<lang>/<name>.png."""

    def __init__(self, language: str) -> None:
        self.folder = IMAGES / language
        self.on = os.environ.get("GUIDE_SCREENSHOTS") == "1"
        self.taken: list[str] = []

    def shot(self, page: Page, name: str, top: Locator | None = None, bottom: Locator | None = None,
             *, height: int = 0, pad: int = 12) -> None:
        """The page's column from `top` (else the page's top) to `bottom` (else `height` px below the
        top, else one screen). On a phone: the screen as it is, or from `top` on."""
        assert name in SHOTS, f"{name} is not in SHOTS: the guides would not show it"
        self.taken.append(name)
        if not self.on:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{name}.png"
        page.evaluate("() => document.activeElement && document.activeElement.blur()")  # no focus ring in the picture
        screen = page.viewport_size or {"width": 1280, "height": 900}
        scrolled = page.evaluate("() => window.scrollY")
        wrap = page.locator("main .wrap")
        column = (wrap.bounding_box() if wrap.count() else None) or {"x": 0, "width": screen["width"] - 32}
        first = top.bounding_box() if top else None
        start = max(0, first["y"] + scrolled - pad) if first else 0
        last = bottom.bounding_box() if bottom else None
        end = last["y"] + last["height"] + scrolled + pad if last else start + (height or screen["height"])
        phone = screen["width"] < 600
        left = 0 if phone else max(0, column["x"] - 16)
        right = max([column["x"] + column["width"]] + [box["x"] + box["width"] for box in (first, last) if box])
        width = screen["width"] if phone else min(screen["width"] - left, right + 16 - left)  # a table may be wider
        page.screenshot(path=str(path), full_page=True, scale="css", caret="hide", animations="disabled",
                        clip={"x": left, "y": start, "width": width, "height": max(1, end - start)})
        _shrink(path)


def _shrink(path: Path) -> None:
    """A palette of 128 colours: text and flat colours stay sharp, the file shrinks to a third or less."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def first_monday(after_days: int, today: date | None = None) -> date:
    """The first Monday at least `after_days` from today: the guide's events fall on working days."""
    day = (today or date.today()) + timedelta(days=after_days)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def local(day: date, hour: int, minute: int = 0) -> str:
    """A datetime-local field's value."""
    return datetime(day.year, day.month, day.day, hour, minute).strftime("%Y-%m-%dT%H:%M")


@dataclass
class Sample:
    """The guide's city hall, its project and its events: the same in every language's walk."""

    monday: date = field(default_factory=lambda: first_monday(45))
    institution: str = "przykladowo"
    project: str = "aktywni-razem"
    names: dict[str, str] = field(default_factory=lambda: {
        "pl": "Urząd Miasta Przykładowo", "en": "Przykładowo City Hall", "uk": "Міська рада Пшикладово"})
    project_names: dict[str, str] = field(default_factory=lambda: {
        "pl": "Aktywni razem", "en": "Active Together", "uk": "Активні разом"})
    titles: dict[str, dict[str, str]] = field(default_factory=lambda: {
        "workshop": {"pl": "Warsztaty: jak założyć firmę", "en": "Workshop: starting a business",
                     "uk": "Семінар: як заснувати бізнес"},
        "conference": {"pl": "Konferencja: miasto dla wszystkich", "en": "Conference: a city for everyone",
                       "uk": "Конференція: місто для всіх"},
        "visit": {"pl": "Wizyta studyjna w Lublinie", "en": "Study visit to Lublin",
                  "uk": "Навчальний візит до Любліна"},
        "meeting": {"pl": "Posiedzenie komitetu sterującego", "en": "Steering committee meeting",
                    "uk": "Засідання керівного комітету"},
        "consultation": {"pl": "Konsultacje indywidualne: dotacje dla organizacji",
                         "en": "One-to-one consultations: grants for NGOs",
                         "uk": "Індивідуальні консультації: гранти для організацій"},
    })

    def day(self, offset: int) -> date:
        return self.monday + timedelta(days=offset)


def fill_languages(page: Page, prefix: str, texts: dict[str, str]) -> None:
    """One text per language of a field group: inputs `#f-<prefix>-<language>`."""
    for language, text in texts.items():
        page.locator(f"#f-{prefix}-{language}").fill(text)


def sign_up(api: Api, event_id: str, name: str, address: str, language: str, **extra: Any) -> dict[str, Any]:
    """A participant signs up through the public API (the form's twin): {id, status}."""
    body = {"name": name, "email": address, "language": language, "consent": True, **extra}
    response = api.request("POST", f"/api/events/{event_id}/registrations", body=body)
    assert response.status_code in (201, 202), response.text
    return response.json()


def event_state(api: Api, event_id: str) -> dict[str, Any]:
    response = api.request("GET", f"/api/organizer/events/{event_id}", organizer=True)
    assert response.ok, response.text
    return response.json()


def statuses(api: Api, event_id: str) -> dict[str, str]:
    """Each registrant's status, by name."""
    return {r["name"]: r["status"] for r in api.registrations(event_id)}


@dataclass
class Walk:
    """One language's walk through the guide: its pages (desktop, phone), the stack, the camera, the
    sample and what the walk has made so far."""

    lang: str
    page: Page
    phone: Page
    api: Api
    camera: Camera
    sample: Sample
    people: dict[str, str] = field(default_factory=dict)  # who signed up: a short name → their address
    mail_seen: int = -1  # e-mail already in the (shared) outbox when the walk began

    def __post_init__(self) -> None:
        self.mail_seen = len(self.api.outbox())

    def say(self, message: str, **params: Any) -> str:
        return say(self.lang, message, **params)

    def plural(self, singular: str, plural: str, n: int) -> str:
        return ngettext(self.lang, singular, plural, n, num=n)

    def menu(self, page: Page, label: str) -> None:
        """Click an entry of the dashboard's menu (from a public page: the dashboard first)."""
        menu = page.locator("nav.dashboard-menu")
        if not menu.count():
            page.goto(f"/organizer/events?lang={self.lang}")
        menu.get_by_role("link", name=self.say(label), exact=True).click()
        expect(page.locator("h1")).to_be_visible()

    def mails_to(self, address: str, kind: str = "") -> list[dict[str, Any]]:
        """The e-mail this walk sent to an address (of one kind), oldest first."""
        return [m for m in self.api.outbox()[self.mail_seen:] if address in m["to"] and (not kind or m["kind"] == kind)]

    def checkin_code(self, address: str, event: str) -> str:
        """The check-in code in the confirmation of an event (its key in the sample's titles) sent to the
        address, as the participant reads it."""
        titles = self.sample.titles[event].values()
        mails = [m for m in self.mails_to(address, "confirmation") if any(t in m["subject"] for t in titles)]
        assert mails, f"no confirmation of {event} was sent to {address}"
        found = CODE.search(mails[-1]["text"])
        assert found, mails[-1]["text"]
        return found.group(0)
