"""The board as an RSS 2.0 feed: new events reach people whose reader follows the board.

One item per upcoming published event, in the reader's language, linking to the event's page
(which keeps that language). Written with the standard library's ElementTree: a feed library
would bring lxml, whose 5 MB would push the Lambda zip past its 10 MB budget.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Response

from ..events.views import public_view
from ..i18n import gettext
from ..records import Page
from ..vocabulary.labels import kind_label
from . import pages, views
from .identity import identity

RSS_TYPE = "application/rss+xml; charset=utf-8"
FEED_PATH = "/events.rss"
ATOM = "http://www.w3.org/2005/Atom"  # atom:link rel="self", as feed validators ask of RSS 2.0


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _add(parent: Any, tag: str, text: str, **attributes: str) -> Any:
    from xml.etree.ElementTree import SubElement

    element = SubElement(parent, tag, attributes)
    element.text = text
    return element


def board_feed(page: Page, language: str) -> bytes:
    """The RSS 2.0 document of the board's events, each item linking to the event's page."""
    from email.utils import format_datetime
    from xml.etree.ElementTree import Element, SubElement, tostring

    from ..config import settings

    base = settings().base_url
    site = identity(language, [item.project for item in page.items])["institution"]
    heading = gettext(language, "Upcoming events")
    rss = Element("rss", {"version": "2.0", "xmlns:atom": ATOM})
    channel = SubElement(rss, "channel")
    _add(channel, "title", f"{heading} – {site['name']}" if site else heading)
    _add(channel, "link", base + pages.link("/events", language))
    _add(channel, "description", gettext(language, "New and upcoming events you can register for."))
    _add(channel, "language", language)
    _add(channel, "lastBuildDate", format_datetime(datetime.now(UTC)))
    _add(channel, "atom:link", "", href=base + pages.link(FEED_PATH, language), rel="self", type="application/rss+xml")
    for item in page.items:
        view = public_view(item, language)
        url = base + pages.link(f"/events/{item.event_id}", language)
        when = views.when(view["starts_at"], view["ends_at"], view["timezone"], language)
        entry = SubElement(channel, "item")
        _add(entry, "title", view["title"] or item.event_id)
        _add(entry, "link", url)
        _add(entry, "description", "\n".join(part for part in (when, view["venue"], view["description"]) if part))
        _add(entry, "category", kind_label(item.kind, language))
        _add(entry, "guid", url, isPermaLink="true")
        _add(entry, "pubDate", format_datetime(_aware(item.created_at)))
    return tostring(rss, encoding="utf-8", xml_declaration=True)


def board_feed_response(page: Page, language: str) -> Response:
    return Response(body=board_feed(page, language).decode("utf-8"), status_code=200,
                    headers={"Content-Type": RSS_TYPE})
