"""An event's registrations by name are in the reader's alphabet across every page, not only within
one: the dashboard's table (50 a page) and the API's list (`?order=name`). Sign-up order stays a
choice, and a list position that is not one of ours is a clear 400."""
from __future__ import annotations

import random
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from chalicelib.registration import ordering, signup
from chalicelib.store import events as event_store
from chalicelib.vocabulary.collation import sort_for
from tests.factories import person, published_event
from tests.unit.test_checkin import call
from tests.unit.test_dashboard import login

pytestmark = pytest.mark.usefixtures("aws")

POLISH = ["Łucja Nowak", "Lucyna Zając", "Łukasz Wiśniewski", "Ludwik Lis", "Żaneta Wójcik", "Zofia Kamińska",
          "Zbigniew Ćwik", "Ścibor Sowa", "Sebastian Śliwa", "Ćwirek Adam", "Cezary Czech", "Ewa Ębska",
          "Edyta Dąb", "Óla Olszewska", "Ola Ostrowska", "Źdźisław Zieliński", "Zuzanna Żak", "Agata Ąbel",
          "Adam Małysz", "Bartosz Bąk", "Natalia Ńowak", "Nina Nowicka", "Marek Łoś", "Maria Lewandowska",
          "Wojciech Żuraw", "Weronika Wrona", "Anna Kowalska", "Andrzej Łęcki", "Jan Kowalski", "Joanna Jóźwiak",
          "Irena Iwańska"]
UKRAINIAN = ["Єва Шевченко", "Ірина Бойко", "Олена Коваленко", "Андрій Ґонта", "Юлія Їжакевич", "Євген Кравець",
             "Едуард Гнатюк", "Іван Франко", "Їжак Орест", "Йосип Гринько", "Иван Грозний", "Катерина Білик",
             "Ганна Гайова", "Ґалина Ґудзь", "Богдан Ступка", "Василь Стус", "Дарина Дорош", "Жанна Жук",
             "Зоряна Зінченко", "Лариса Косач", "Марія Заньковецька", "Назар Яремчук", "Оксана Білозір",
             "Павло Тичина", "Роман Кобзар", "Софія Ротару", "Тарас Шевченко", "Устим Кармалюк", "Філарет Колесса",
             "Христина Соловій", "Яна Клочкова"]
EVERYONE = POLISH + UKRAINIAN  # 62: more than one page of the dashboard's table


def row_names(page: str) -> list[str]:
    return [unescape(name) for name in re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', page)]


def next_cursor(page: str) -> str | None:
    found = re.search(r'<a href="([^"]*cursor=[^"]+)#registrations">', page)
    return parse_qs(urlsplit(unescape(found.group(1))).query)["cursor"][0] if found else None


def event_with(names: list[str]):
    """An event its people signed up for in no alphabetical order (a fixed shuffle)."""
    event = published_event(capacity=len(names) + 5)
    shuffled = list(names)
    random.Random(7).shuffle(shuffled)
    for n, name in enumerate(shuffled):
        signup.register(event_store.load_event(event.event_id, consistent=True), person(n, name=name))
    return event


def table_pages(web, event, cookie: str, query: str = "") -> list[list[str]]:
    pages, cursor = [], None
    while True:
        response = web.get(f"/organizer/events/{event.event_id}?{query}" + (f"&cursor={cursor}" if cursor else ""),
                           headers={"Cookie": cookie})
        assert response.status_code == 200
        pages.append(row_names(response.body.decode()))
        if not (cursor := next_cursor(response.body.decode())):
            return pages


def api_pages(client, event, query: str, path: str = "registrations") -> list[list[str]]:
    """The names on each page of an API list, following its cursor to the end."""
    pages, cursor = [], ""
    while True:
        status, body = call(client, "GET", f"/api/organizer/events/{event.event_id}/{path}?{query}{cursor}")
        assert status == 200, body
        pages.append([item["name"] for item in body["items"]])
        if not body["next"]:
            return pages
        cursor = f"&cursor={body['next']}"


def test_the_dashboards_table_is_in_the_readers_alphabet_across_its_pages(web):
    event = event_with(EVERYONE)
    cookie = login(web)
    polish = table_pages(web, event, cookie, "lang=pl")
    assert [len(page) for page in polish] == [50, 12]
    listed = [name for page in polish for name in page]
    assert listed == sort_for("pl", EVERYONE)
    # as a Polish reader looks for them: Ł after every L, Ż after Ź after Z, Latin before Cyrillic
    assert listed.index("Lucyna Zając") < listed.index("Ludwik Lis") < listed.index("Łucja Nowak") \
        < listed.index("Łukasz Wiśniewski") < listed.index("Maria Lewandowska")
    assert listed.index("Zuzanna Żak") < listed.index("Źdźisław Zieliński") < listed.index("Żaneta Wójcik") \
        < listed.index("Андрій Ґонта")
    ukrainian = [name for page in table_pages(web, event, cookie, "lang=uk") for name in page]
    assert ukrainian == sort_for("uk", EVERYONE)
    assert ukrainian.index("Едуард Гнатюк") < ukrainian.index("Євген Кравець") < ukrainian.index("Жанна Жук")
    assert ukrainian.index("Иван Грозний") < ukrainian.index("Ірина Бойко") < ukrainian.index("Їжак Орест") \
        < ukrainian.index("Йосип Гринько") < ukrainian.index("Катерина Білик") < ukrainian.index("Яна Клочкова")


def test_sign_up_order_is_still_a_choice_of_the_table(web):
    event = event_with(POLISH[:8])
    shuffled = list(POLISH[:8])
    random.Random(7).shuffle(shuffled)
    cookie = login(web)
    assert table_pages(web, event, cookie, "lang=pl&order=signed_up") == [shuffled]
    page = web.get(f"/organizer/events/{event.event_id}?lang=en", headers={"Cookie": cookie}).body.decode()
    assert '<option value="name" selected>Name</option>' in page
    assert '<option value="signed_up">Registered at</option>' in page


def test_a_filtered_table_by_name_is_in_order_across_its_pages(web, monkeypatch):
    from chalicelib.registration import listing

    monkeypatch.setattr(listing, "PAGE", 3)
    event = event_with(POLISH)
    pages = table_pages(web, event, login(web), "lang=pl&q=ska")
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [name for page in pages for name in page] == sort_for("pl", [n for n in POLISH if "ska" in n])


def test_the_next_page_begins_after_the_last_person_shown_even_if_someone_signed_up_since(web, monkeypatch):
    from chalicelib.registration import listing

    monkeypatch.setattr(listing, "PAGE", 5)
    event = event_with(POLISH[:10])
    cookie = login(web)
    first = web.get(f"/organizer/events/{event.event_id}?lang=pl", headers={"Cookie": cookie}).body.decode()
    signup.register(event_store.load_event(event.event_id, consistent=True), person(99, name="Aaron Aaronowicz"))
    rest = table_pages(web, event, cookie, f"lang=pl&cursor={next_cursor(first)}")
    assert row_names(first) + [name for page in rest for name in page] == sort_for("pl", POLISH[:10])


def test_an_event_too_large_to_sort_is_listed_by_sign_up_time_and_says_so(web, monkeypatch):
    monkeypatch.setattr(ordering, "SORTED_AT_MOST", 3)
    event = event_with(POLISH[:5])
    shuffled = list(POLISH[:5])
    random.Random(7).shuffle(shuffled)
    page = web.get(f"/organizer/events/{event.event_id}?lang=en", headers={"Cookie": login(web)}).body.decode()
    assert row_names(page) == shuffled and "too many registrations to sort them by name" in page


def test_the_api_lists_by_name_in_the_requests_language_with_order_name(client):
    event = event_with(EVERYONE)
    pages = api_pages(client, event, "order=name&limit=25&lang=uk")
    assert [len(page) for page in pages] == [25, 25, 12]
    assert [name for page in pages for name in page] == sort_for("uk", EVERYONE)
    signed_up = [name for page in api_pages(client, event, "limit=25") for name in page]
    assert signed_up != sort_for("uk", EVERYONE) and sorted(signed_up) == sorted(EVERYONE)


def test_a_list_position_that_is_not_ours_is_a_clear_400(client, web):
    import base64
    import json

    event, other = event_with(POLISH[:4]), event_with(POLISH[:4])
    base = f"/api/organizer/events/{event.event_id}/registrations?limit=2"
    by_name = call(client, "GET", base + "&order=name")[1]["next"]
    by_time = call(client, "GET", base)[1]["next"]
    elsewhere = call(client, "GET", f"/api/organizer/events/{other.event_id}/registrations?limit=2&order=name")[1]
    place = json.loads(base64.urlsafe_b64decode(by_name + "=" * (-len(by_name) % 4)))

    def forged(sk: str) -> str:
        raw = json.dumps({"pk": place["pk"], "sk": sk}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    assert call(client, "GET", base + f"&order=name&cursor={by_name}")[0] == 200
    for order, cursor in (("name", by_time), ("signed_up", by_name), ("name", elsewhere["next"]),
                          ("name", "%%%"), ("name", forged("name:x:abc")), ("name", forged("name:2:A#B")),
                          ("name", forged("signed_up:2:abc")), ("signed_up", forged("OTHER#x"))):
        status, body = call(client, "GET", base + f"&order={order}&cursor={cursor}")
        assert (status, list(body["error"]["fields"])) == (400, ["cursor"]), (order, cursor)
    status, body = call(client, "GET", base + "&order=surname")
    assert (status, list(body["error"]["fields"])) == (400, ["order"])
    page = web.get(f"/organizer/events/{event.event_id}?lang=en&cursor={by_time}", headers={"Cookie": login(web)})
    assert page.status_code == 400 and 'href="#registrations"' in page.body.decode()


# The check-in door's name search

def door_pages(client, event, query: str) -> list[list[str]]:
    return api_pages(client, event, query, "checkin/search")


def test_the_doors_search_is_in_the_readers_alphabet_across_its_pages(client):
    from chalicelib.vocabulary.names import NameQuery

    event = event_with(EVERYONE)
    matching = [name for name in EVERYONE if NameQuery("a").matches(name)]
    assert len(matching) > 40
    polish = door_pages(client, event, "q=a&lang=pl")
    assert [len(page) for page in polish[:-1]] == [20] * (len(polish) - 1)
    found = [name for page in polish for name in page]
    assert found == sort_for("pl", matching)
    assert found.index("Lucyna Zając") < found.index("Łucja Nowak") < found.index("Marek Łoś")
    ukrainian = [name for page in door_pages(client, event, "q=a&lang=uk") for name in page]
    assert ukrainian == sort_for("uk", matching)
    assert ukrainian.index("Ганна Гайова") < ukrainian.index("Ґалина Ґудзь") < ukrainian.index("Едуард Гнатюк") \
        < ukrainian.index("Євген Кравець") < ukrainian.index("Ірина Бойко") < ukrainian.index("Катерина Білик")


def test_the_doors_page_shows_a_polish_readers_order(web):
    event = event_with(["Łucja Nowak", "Lucyna Zając", "Ludwik Lis", "Marek Łoś"])
    page = web.get(f"/organizer/events/{event.event_id}/checkin?lang=pl&q=lu", headers={"Cookie": login(web)})
    shown = re.findall(r"Lucyna Zając|Ludwik Lis|Łucja Nowak", page.body.decode())
    assert page.status_code == 200 and list(dict.fromkeys(shown)) == ["Lucyna Zając", "Ludwik Lis", "Łucja Nowak"]


@pytest.mark.parametrize(("query", "name"), [
    ("lukasz", "Łukasz Wiśniewski"), ("ŁUKASZ", "Łukasz Wiśniewski"), ("олена", "Олена Коваленко"),
    ("ОЛЕНА", "Олена Коваленко"), ("гонта", "Андрій Ґонта"),
    ("gudrun", "Guðrun Ólafsdóttir"), ("GUÐRÚN", "Guðrun Ólafsdóttir"), ("hamrun", "Ħamrun Spiteri"),
    ("aesa", "Æsa Berg"), ("bjorn", "Bjørn Dæhlie"), ("марʼяна", "Мар'яна Садовська"),
])
def test_the_door_finds_a_name_with_case_and_marks_ignored(client, query, name):
    from urllib.parse import quote

    event = event_with(["Łukasz Wiśniewski", "Олена Коваленко", "Андрій Ґонта", "Guðrun Ólafsdóttir",
                        "Ħamrun Spiteri", "Æsa Berg", "Bjørn Dæhlie", "Мар'яна Садовська"])
    assert door_pages(client, event, f"q={quote(query)}") == [[name]]


def test_a_tables_cursor_is_no_place_in_the_doors_search(client):
    event = event_with(POLISH[:4])
    by_name = call(client, "GET", f"/api/organizer/events/{event.event_id}/registrations?limit=2&order=name")[1]
    status, body = call(client, "GET", f"/api/organizer/events/{event.event_id}/checkin/search?q=a&limit=1"
                                       f"&cursor={by_name['next']}")
    assert (status, list(body["error"]["fields"])) == (400, ["cursor"])


def test_the_door_searches_an_event_too_large_to_sort_in_portions(client, monkeypatch):
    monkeypatch.setattr(ordering, "SORTED_AT_MOST", 3)
    event = event_with(POLISH[:6])
    pages = door_pages(client, event, "q=a&limit=2&lang=pl")
    found = [name for page in pages for name in page]
    assert sorted(found) == sorted(n for n in POLISH[:6] if "a" in n.lower()) and len(pages) > 1
    assert all(page == sort_for("pl", page) for page in pages)
