"""Whose service it is, in a real browser: the institution in the header and footer, and the project's
funding band with the EU emblem, on the board, the event page, the success page and the manage page —
in pl, en and uk, at phone and desktop widths, with no accessibility violations.

The records are the demo's (devstack/demo_directory), set up through the API with the logo upload,
so what `make run` shows is what is tested here.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from chalicelib import auth
from chalicelib.i18n import gettext
from devstack.demo_directory import INSTITUTIONS, PROJECTS
from tests.browser.support import assert_accessible, screenshot
from tests.factories import person
from tests.stack_client import Api

COFUNDED = {"pl": "Współfinansowane przez Unię Europejską", "en": "Co-funded by the European Union",
            "uk": "Співфінансовано Європейським Союзом"}
INSTITUTION = INSTITUTIONS[0]
PROJECT = next(p for p in PROJECTS if p["institution"] == INSTITUTION["id"])


@pytest.fixture(scope="module")
def pages(stack) -> dict[str, str]:
    """An event of the demo project soon (so it leads the board), and a person signed up to it."""
    api = Api(stack)
    fields = {k: v for k, v in INSTITUTION.items() if k != "logo"}
    created = api.request("POST", "/api/organizer/institutions", body=fields, organizer=True)
    assert created.status_code in (201, 400), created.text  # 400: this id is taken by an earlier run
    logo = api.session.put(f"{api.url}/api/organizer/institutions/{INSTITUTION['id']}/logo",
                           data=INSTITUTION["logo"], timeout=60,
                           headers={**api.organizer_headers(), "Content-Type": "image/svg+xml"})
    assert logo.status_code == 201, logo.text
    created = api.request("POST", "/api/organizer/projects", body=PROJECT, organizer=True)
    assert created.status_code in (201, 400), created.text
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=30)
    event_id = api.published_event(project=PROJECT["id"], starts_at=start.isoformat(),
                                   ends_at=(start + timedelta(hours=3)).isoformat())
    assert api.request("POST", f"/api/events/{event_id}/registrations",
                       body=person(1, email="identity.browser@example.com")).status_code == 201
    [registration] = api.registrations(event_id)
    return {"board": "/events", "event": f"/events/{event_id}",
            "registered": f"/events/{event_id}/registered?status=confirmed",
            "manage": f"/manage/{auth.manage_token(event_id, registration['id'])}"}


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_every_participant_page_says_whose_service_it_is_and_who_funds_it(page: Page, pages, lang):
    name = INSTITUTION["name"][lang]
    for kind, path in pages.items():
        page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        band = page.get_by_role("region", name=gettext(lang, "Funding"))
        expect(band).to_contain_text(COFUNDED[lang])
        expect(band).to_contain_text(PROJECT["name"][lang])
        emblem = band.get_by_role("img", name=gettext(lang, "Flag of the European Union"))
        expect(emblem).to_be_visible()
        box = emblem.bounding_box()
        assert box and abs(box["width"] / box["height"] - 1.5) < 0.02, box  # the flag's 3:2, never squeezed
        footer = page.locator("footer")
        expect(footer).to_contain_text(PROJECT["funding"][lang])
        if kind != "board":  # the board speaks for the site's institution, which other tests may have set up
            expect(page.locator("header")).to_contain_text(name)
            expect(page.locator("header img")).to_be_visible()  # the uploaded logo, served by zapisy
            expect(footer.locator("address")).to_contain_text(INSTITUTION["email"])
            notice = footer.get_by_role("link", name=gettext(lang, "Privacy notice"))
            expect(notice).to_have_attribute("href", f"/privacy?project={PROJECT['id']}&lang={lang}")
        description = page.locator('meta[name="description"]').get_attribute("content")
        assert description and len(description) <= 160
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], path
        screenshot(page, f"whose-service-{kind}-{lang}")
        assert_accessible(page)
