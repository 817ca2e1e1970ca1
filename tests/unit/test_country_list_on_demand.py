"""The event page sorts the country list only when one of its questions asks for a country: the
sort loads the collation table (a fifth of a second or more on a cold start) that other pages never need."""
from __future__ import annotations

import pytest

from chalicelib.vocabulary import collation
from chalicelib.web import views
from tests.factories import published_event

pytestmark = pytest.mark.usefixtures("aws")


def _fresh() -> None:
    for cached in (collation._ducet, collation._collator, collation.collation_key, views.countries):
        cached.cache_clear()


def test_an_event_page_without_a_country_question_never_loads_the_collation_table(web):
    event = published_event()
    _fresh()
    page = web.get(f"/events/{event.event_id}?lang=uk")
    assert page.status_code == 200 and collation._ducet.cache_info().currsize == 0


def test_an_event_page_asking_for_a_country_lists_them_in_the_readers_alphabet(web):
    event = published_event(questions=[{"id": "from", "type": "country", "label": {"en": "Country", "uk": "Країна"}}])
    _fresh()
    page = web.get(f"/events/{event.event_id}?lang=uk").body.decode()
    assert collation._ducet.cache_info().currsize == 1
    assert page.index(">Австралія<") < page.index(">Єгипет<") < page.index(">Ізраїль<") < page.index(">Японія<")
