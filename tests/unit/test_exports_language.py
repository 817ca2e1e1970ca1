"""Exports speak the reader's language: names in its alphabetical order, statuses and languages in its
words, a CSV that opens in its Excel as it is, and the funding line of a sheet in its language."""
from __future__ import annotations

import csv
import io

import pytest

from tests.factories import funded_project
from tests.unit.test_dashboard import login
from tests.unit.test_dashboard_registrations import page_of, row_names
from tests.unit.test_exports import BOM, XLSX, add, bucket, get, make_event, pdf_pages  # noqa: F401

pytestmark = pytest.mark.usefixtures("aws", "bucket")
# In code-point order the Latin names with marks and the Ukrainian ones that start with Є and І come last or first.
NAMES = ["Żaneta Zięba", "Zofia Nowak", "Łucja Lis", "Ludwik Mróz", "Anna Ąbel", "Adam Zając"]
PL_ORDER = ["Adam Zając", "Anna Ąbel", "Ludwik Mróz", "Łucja Lis", "Zofia Nowak", "Żaneta Zięba"]
UK_NAMES = ["Ігор Бойко", "Євген Шевченко", "Андрій Мельник", "Йосип Гнатюк", "Ганна Ґудзь"]
UK_ORDER = ["Андрій Мельник", "Ганна Ґудзь", "Євген Шевченко", "Ігор Бойко", "Йосип Гнатюк"]


@pytest.fixture
def event():
    event = make_event(sessions=[], questions=[], project="epi")
    for name in NAMES:
        add(event, name, sessions=())
    add(event, "Олена Коваленко", sessions=(), language="uk", status="waitlisted")
    return event


def csv_rows(body: bytes, delimiter: str) -> list[list[str]]:
    assert body.startswith(BOM)  # Excel reads UTF-8 only with it
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_a_polish_csv_is_for_polish_excel_sorted_and_in_polish_words(client, event):
    response = get(client, f"/api/organizer/events/{event.event_id}/attendees.csv?lang=pl")
    assert response.status_code == 200, response.body
    rows = csv_rows(response.body, ";")
    assert all(len(row) == len(rows[0]) for row in rows) and len(rows[0]) > 5  # split on semicolons
    assert [row[0] for row in rows[1:]] == [*PL_ORDER, "Олена Коваленко"]  # Latin, then Cyrillic
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Anna Ąbel"][2:4] == ["Potwierdzone", "polski"]
    assert by_name["Олена Коваленко"][2:4] == ["Na liście rezerwowej", "ukraiński"]


def test_an_english_csv_is_comma_separated_and_a_ukrainian_one_speaks_ukrainian(client, event):
    path = f"/api/organizer/events/{event.event_id}/attendees.csv"
    english = csv_rows(get(client, path + "?lang=en").body, ",")
    assert english[0][:4] == ["Name", "E-mail", "Status", "Language"]
    assert {row[0]: row[2:4] for row in english[1:]}["Олена Коваленко"] == ["On the waiting list", "Ukrainian"]
    ukrainian = csv_rows(get(client, path + "?lang=uk").body, ";")
    assert {row[0]: row[2:4] for row in ukrainian[1:]}["Anna Ąbel"] == ["Підтверджено", "польська"]
    asked = csv_rows(get(client, path + "?lang=uk&delimiter=comma").body, ",")  # a separator asked for still wins
    assert asked[1][0] == ukrainian[1][0]


def test_ukrainian_names_are_in_ukrainian_order_in_the_workbook(client):
    from openpyxl import load_workbook

    event = make_event(sessions=[], questions=[], project="epi")
    for name in UK_NAMES:
        add(event, name, sessions=(), language="uk")
    response = get(client, f"/api/organizer/events/{event.event_id}/attendees.xlsx?lang=uk", accept=XLSX)
    rows = list(load_workbook(io.BytesIO(response.body)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == UK_ORDER
    assert {row[3] for row in rows[1:]} == {"українська"} and {row[2] for row in rows[1:]} == {"Підтверджено"}


def test_the_sheet_lists_names_alphabetically_in_its_language(client):
    event = make_event(sessions=[], questions=[], project="epi")
    for name in NAMES + UK_NAMES:
        add(event, name, sessions=())
    path = f"/api/organizer/events/{event.event_id}/signin-sheet.pdf"
    for language, order in (("pl", PL_ORDER + UK_ORDER), ("uk", UK_ORDER)):
        text = "\n".join(pdf_pages(get(client, f"{path}?lang={language}", accept="application/pdf").body))
        assert sorted(order, key=text.index) == order, language


def test_a_ukrainian_sheet_has_its_funding_line_in_ukrainian(client):
    funded_project("re-turn", {"pl": "Projekt współfinansowany przez Unię Europejską ze środków EFRR",
                               "en": "Co-financed by the European Union from the ERDF"}, eu_emblem=False)
    event = make_event(sessions=[], questions=[], project="re-turn")
    add(event, "Олена Коваленко", sessions=(), language="uk")
    path = f"/api/organizer/events/{event.event_id}/signin-sheet.pdf"
    ukrainian = "\n".join(pdf_pages(get(client, path + "?lang=uk", accept="application/pdf").body))
    assert "Співфінансовано Європейським Союзом" in ukrainian
    assert "Projekt współfinansowany" not in ukrainian and "Co-financed" not in ukrainian
    polish = "\n".join(pdf_pages(get(client, path + "?lang=pl", accept="application/pdf").body))
    assert "Projekt współfinansowany przez Unię Europejską ze środków EFRR" in polish  # its own line, where it has one


def test_the_dashboard_sorts_registrations_and_says_how_the_csv_opens(web, event):
    cookie = login(web, project="epi")
    status, page = page_of(web, f"/organizer/events/{event.event_id}?lang=pl", cookie)
    assert status == 200
    assert [name for name in row_names(page) if name in PL_ORDER] == PL_ORDER
    assert "średnik" in page and "UTF-8" in page
    status, page = page_of(web, f"/organizer/events/{event.event_id}?lang=en", cookie)
    assert "separated by commas" in page
