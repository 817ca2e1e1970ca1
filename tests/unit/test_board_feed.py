"""The board as RSS 2.0 (/events.rss): read back with feedparser, in the reader's language."""
from __future__ import annotations

import feedparser
import pytest

from tests.factories import funded_project, published_event

pytestmark = pytest.mark.usefixtures("aws")


def test_the_board_feed_lists_upcoming_events_linking_to_their_pages_in_the_readers_language(web):
    funded_project()
    event = published_event(description={"en": "Bring a laptop.", "uk": "Візьміть ноутбук."})
    response = web.get("/events.rss?lang=uk")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.body)
    assert not feed.bozo and feed.version == "rss20"
    assert feed.feed.language == "uk" and feed.feed.link == "http://zapisy.test/events?lang=uk"
    [item] = feed.entries
    assert item.title == "Семінар" and item.link == f"http://zapisy.test/events/{event.event_id}?lang=uk"
    assert item.id == item.link and "Візьміть ноутбук." in item.summary and "Kielce" in item.summary
    english = feedparser.parse(web.get("/events.rss?lang=en").body)
    assert english.entries[0].title == "Workshop" and english.feed.language == "en"


def test_the_board_page_points_feed_readers_to_the_feed_in_its_language(web):
    page = web.get("/events?lang=pl").body.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in page
    assert 'href="/events.rss?lang=pl"' in page
