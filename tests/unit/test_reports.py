"""Funder reports: the numbers of a known data set (one event erased), suppression, downloads, isolation."""
from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape
from html.parser import HTMLParser

import pytest

from chalicelib import auth
from chalicelib.application.schedules.jobs import run_retention
from chalicelib.checkin import service as checkin
from chalicelib.events import service as events
from chalicelib.registration import signup
from chalicelib.reports import cells, service, tally
from chalicelib.store import events as event_store
from chalicelib.store import facts as fact_store
from tests.factories import admin, person, published_event
from tests.unit.test_dashboard import login

pytestmark = pytest.mark.usefixtures("aws")
SETUP = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
REPORT_TIME = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUDIENCE_QUESTION = {"id": "audience", "type": "choice", "label": {"en": "You are", "pl": "Jesteś"}, "required": True,
                     "options": [{"id": "youth", "label": {"en": "Young people", "pl": "Młodzież"}},
                                 {"id": "parents", "label": {"en": "Parents", "pl": "Rodzice"}}]}


def event_on(day: datetime, **overrides):
    return published_event(starts_at=day.isoformat(), ends_at=(day + timedelta(hours=3)).isoformat(), **overrides)


def sign_up(event, n: int, **overrides) -> str:
    return signup.register(event_store.load_event(event.event_id, consistent=True),
                                  person(n, **overrides)).registration_id


def check_in(event, registration_id: str) -> None:
    assert checkin.check_in(event, registration_id, by="door").result == "checked_in"


@pytest.fixture
def data_set(time_machine):
    """re-turn in 2027: a training (erased by retention), a workshop (held), a seminar (to come).

    | event    | registrations                         | confirmed | checked in |
    | training | 7: uk+UA ×5, pl+PL ×2; migrants, seniors | 7       | 6 (5 uk, 1 pl) |
    | workshop | 8 in English: youth ×5, parents ×3     | 6 (4 youth) | 5 (4 youth, 1 parent) |
    | seminar  | 3 in Polish, no audience               | 3         | 0 |
    People 1–3 of the seminar are people 1–3 of the workshop and of the training.
    """
    time_machine.move_to(SETUP - timedelta(days=60), tick=False)
    sign_up(event_on(datetime(2026, 12, 31, 9, tzinfo=UTC), capacity=10), 21)  # the year before: not counted
    time_machine.move_to(SETUP, tick=False)
    training = event_on(datetime(2027, 2, 10, 9, tzinfo=UTC), kind="training", capacity=10, retention_days=10,
                        audiences=["migrants", "seniors"],
                        questions=[{"id": "from", "type": "country", "label": "Country"}])
    for n in range(1, 8):
        language, country = ("uk", "UA") if n <= 5 else ("pl", "PL")
        registration_id = sign_up(training, n, language=language, answers={"from": country})
        if n <= 6:
            check_in(training, registration_id)
    workshop = event_on(datetime(2027, 3, 5, 9, tzinfo=UTC), kind="workshop", capacity=6,
                        questions=[AUDIENCE_QUESTION])
    for n in range(1, 9):
        registration_id = sign_up(workshop, n, answers={"audience": "youth" if n in (1, 2, 3, 4, 7) else "parents"})
        if n <= 5:
            check_in(workshop, registration_id)
    seminar = event_on(datetime(2027, 9, 1, 9, tzinfo=UTC), kind="seminar", capacity=5)
    for n in range(1, 4):
        sign_up(seminar, n, language="pl")
    # not counted either: a cancelled event, a draft, another project's event
    cancelled = event_on(datetime(2027, 2, 1, 9, tzinfo=UTC), capacity=10)
    sign_up(cancelled, 20)
    events.cancel_event(admin(), cancelled.event_id)
    events.create_event(admin(), {**_event_data(datetime(2027, 4, 1, 9, tzinfo=UTC))})
    foreign = event_on(datetime(2027, 2, 3, 9, tzinfo=UTC), project="epi", capacity=10, title={"pl": "Obce"})
    for n in range(30, 37):
        sign_up(foreign, n)
    return {"training": training, "workshop": workshop, "seminar": seminar, "time": time_machine}


def _event_data(day: datetime) -> dict:
    from tests.factories import event_data

    return event_data(starts_at=day.isoformat(), ends_at=(day + timedelta(hours=2)).isoformat())


class Tables(HTMLParser):
    """Every <table id=...> of a page as rows of cell texts; the summary figures as (label, value)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = dict(attrs).get("id")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def summary_figures(html: str) -> dict[str, str]:
    return {unescape(label).strip(): unescape(value) for value, label in re.findall(
        r'<li><span class="figure">([^<]*)</span>([^<]*)</li>', html)}


def report_page(web, cookie, query: str = "project=re-turn&from=2027-01-01&to=2027-12-31"):
    response = web.get(f"/organizer/reports?lang=en&{query}", headers={"Cookie": cookie})
    return response.status_code, response.body.decode()


EXPECTED_SUMMARY = {"Events held": "2", "Events still to come in this period": "1", "Registrations": "18",
                    "Participations (confirmed seats)": "16", "Attended": "11", "Unique participants": "7",
                    "Unique participants who attended": "6",
                    "Attendance rate (events held: attended / confirmed)": "85%"}
METRICS = ["Registrations", "Participations (confirmed seats)", "Attended", "Unique participants",
           "Unique participants who attended"]
EXPECTED = {  # exact, as organizers see them: people 1–7 are counted once across the three events
    "table-audience": [["Audience", *METRICS],
                       ["migrants", "7", "7", "6", "7", "6"], ["Parents", "3", "2", "1", "2", "1"],
                       ["seniors", "7", "7", "6", "7", "6"], ["Young people", "5", "4", "4", "4", "4"],
                       ["Not stated", "3", "3", "0", "3", "0"]],
    "table-kind": [["Kind of event", "Events", *METRICS],
                   ["Seminar", "1", "3", "3", "0", "3", "0"], ["Training", "1", "7", "7", "6", "7", "6"],
                   ["Workshop", "1", "8", "6", "5", "6", "5"]],
    "table-language": [["Language", *METRICS],
                       ["English", "8", "6", "5", "6", "5"], ["Polish", "5", "5", "1", "5", "1"],
                       ["Ukrainian", "5", "5", "5", "5", "5"]],
    "table-country": [["Country", *METRICS],
                      ["Poland", "2", "2", "1", "2", "1"], ["Ukraine", "5", "5", "5", "5", "5"]],
}
PUBLISHED_SUMMARY = {**EXPECTED_SUMMARY, "Events held": "<5", "Events still to come in this period": "<5"}
PUBLISHED_AUDIENCE = [["Audience", *METRICS],
                      ["migrants", "7", "7", "6", "7", "6"], ["Parents", "<5", "<5", "<5", "<5", "<5"],
                      ["seniors", "7", "7", "6", "7", "6"], ["Young people", "5", "<5", "<5", "<5", "<5"],
                      ["Not stated", "<5", "<5", "0", "<5", "0"]]


def test_the_report_of_a_known_data_set_counts_erased_events_alike(web, data_set):
    time = data_set["time"]
    time.move_to(datetime(2027, 3, 1, tzinfo=UTC), tick=False)
    assert run_retention() == {"events": 1, "registrations": 7}  # the training only
    assert event_store.load_event(data_set["training"].event_id).erased_at
    time.move_to(REPORT_TIME, tick=False)
    status, html = report_page(web, login(web))
    assert status == 200
    assert summary_figures(html) == EXPECTED_SUMMARY
    tables = Tables(html).tables
    for table_id, rows in EXPECTED.items():
        assert tables[table_id] == rows, table_id
    assert "a person who comes again counts once" in html and "had their personal data erased" in html
    events = Tables(html).tables["table-events"]
    assert [row[0] for row in events[1:]] == ["Workshop"] * 3 and [row[4:] for row in events[1:]] == [
        ["10", "7", "6"], ["6", "6", "5"], ["5", "3", "0"]]  # seats, confirmed, attended: training, workshop, seminar
    for language in ("pl", "uk"):  # the same figures in every language
        response = web.get(f"/organizer/reports?lang={language}&project=re-turn&from=2027-01-01&to=2027-12-31",
                           headers={"Cookie": login(web)})
        assert response.status_code == 200
        figures = list(summary_figures(response.body.decode()).values())
        assert figures == list(EXPECTED_SUMMARY.values())
    assert "Obce" not in html and "Person 1" not in html and "@example.com" not in html


def test_erasure_changes_nothing_not_even_how_many_people_there_were(data_set):
    data_set["time"].move_to(datetime(2027, 2, 28, tzinfo=UTC), tick=False)
    period = service.Period(datetime(2027, 1, 1).date(), datetime(2027, 12, 31).date())
    organizer = auth.Organizer("o", "o@example.org", "organizer", ("re-turn",))
    before = service.project_report(organizer, "re-turn", period, now=REPORT_TIME)
    data_set["time"].move_to(datetime(2027, 3, 1, tzinfo=UTC), tick=False)
    run_retention()
    after = service.project_report(organizer, "re-turn", period, now=REPORT_TIME)
    assert (before.events_erased, after.events_erased) == (0, 1)
    assert (before.unique_participants, after.unique_participants) == (7, 7)  # people 1–7, before and after
    assert before.totals == after.totals and before.held == after.held and before.groups == after.groups
    assert (after.totals.registrations, after.totals.confirmed, after.totals.attended) == (18, 16, 11)
    kept = list(fact_store.facts_of(data_set["training"].event_id))
    assert len(kept) == 7 and all(len(f.person) == 32 and "@" not in str(f) for f in kept)
    stats = event_store.load_event(data_set["training"].event_id).anonymous_stats
    assert stats["groups"]["country"] == {"UA": {"registrations": 5, "confirmed": 5, "checked_in": 5},
                                          "PL": {"registrations": 2, "confirmed": 2, "checked_in": 1}}
    assert "@" not in str(stats) and "person" not in str(stats).lower()


def test_counts_kept_before_the_breakdowns_existed_still_add_up(data_set):
    """An event erased by an older version kept totals only: its groups show as "not recorded"."""
    data_set["time"].move_to(datetime(2027, 3, 1, tzinfo=UTC), tick=False)
    run_retention()
    training = event_store.load_event(data_set["training"].event_id)
    old = {k: v for k, v in training.anonymous_stats.items() if k not in ("version", "groups", "confirmed",
                                                                          "unique_confirmed", "checked_in", "facts")}
    event_store.keep_stats(training.event_id, {**old, "checked_in": 6})  # and no "facts" flag
    period = service.Period(datetime(2027, 1, 1).date(), datetime(2027, 12, 31).date())
    for fact in fact_store.facts_of(training.event_id):  # as an older version left it: no facts
        fact_store.FactItem(f"EVENT#{training.event_id}", f"FACT#{fact.ref}").delete()
    report = service.project_report(admin(), "re-turn", period, now=REPORT_TIME)
    assert (report.totals.registrations, report.totals.confirmed, report.totals.attended) == (18, 16, 11)
    assert report.unique_participants == 13  # its own seven people cannot be matched with anyone
    assert report.groups["language"]["?"].confirmed == 7 and report.groups["audience"]["migrants"].confirmed == 7


def test_organizers_see_small_counts_exactly_and_publication_hides_them(web, time_machine):
    time_machine.move_to(SETUP, tick=False)
    event = event_on(datetime(2027, 2, 1, 9, tzinfo=UTC), capacity=10, audiences=["seniors"])
    ids = [sign_up(event, n) for n in range(1, 7)]
    for registration_id in ids[:3]:
        check_in(event, registration_id)
    time_machine.move_to(REPORT_TIME, tick=False)
    cookie = login(web)
    status, html = report_page(web, cookie)
    assert status == 200
    figures = summary_figures(html)
    assert (figures["Events held"], figures["Participations (confirmed seats)"], figures["Attended"]) == ("1", "6", "3")
    assert figures["Attendance rate (events held: attended / confirmed)"] == "50%"
    assert Tables(html).tables["table-audience"][1] == ["seniors", "6", "6", "3", "6", "3"]
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert len(re.findall(r"<rect ", svg)) == 2  # both bars, the 3 included
    published = _download(web, cookie, "csv", publication="1")
    assert 'filename="report-re-turn-2027-01-01-2027-12-31-publication.csv"' in published.headers[
        "Content-Disposition"]
    rows = list(csv.reader(io.StringIO(published.body.decode("utf-8-sig"))))
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    assert summary["Counts from 1 to 4"] == "<5" and summary["Events held"] == "<5"
    assert summary["Attended"] == "<5" and summary["Attendance rate (events held: attended / confirmed)"] == "–"
    assert ["seniors", "6", "6", "<5", "6", "<5"] in rows
    exact = list(csv.reader(io.StringIO(_download(web, cookie, "csv").body.decode("utf-8-sig"))))
    assert ["seniors", "6", "6", "3", "6", "3"] in exact
    assert [cells.shown(n) for n in (0, 1, 4, 5)] == [0, "<5", "<5", 5]
    assert cells.rate(3, 10) is None and cells.rate(5, 10) == 0.5 and cells.rate(0, 6) == 0


def _download(web, cookie, extension: str, publication: str = "", **headers):
    extra = f"&publication={publication}" if publication else ""
    return web.get(f"/organizer/reports/re-turn.{extension}?lang=en&from=2027-01-01&to=2027-12-31{extra}",
                   headers={"Cookie": cookie, **headers})


def test_the_downloads_carry_the_pages_numbers(web, data_set):
    import openpyxl

    data_set["time"].move_to(datetime(2027, 3, 1, tzinfo=UTC), tick=False)
    run_retention()
    data_set["time"].move_to(REPORT_TIME, tick=False)
    cookie = login(web)
    response = _download(web, cookie, "csv")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert 'filename="report-re-turn-2027-01-01-2027-12-31.csv"' in response.headers["Content-Disposition"]
    assert response.body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert rows[0] == ["Funder report", "re-turn"] and rows[1] == ["Period", "2027-01-01 – 2027-12-31"]
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    assert {k: summary[k] for k in EXPECTED_SUMMARY} == EXPECTED_SUMMARY
    for expected in EXPECTED.values():
        start = rows.index(expected[0])
        assert rows[start:start + len(expected)] == expected

    assert _download(web, cookie, "xlsx", Accept="text/html").status_code == 406
    response = _download(web, cookie, "xlsx", Accept=XLSX)
    assert response.status_code == 200 and response.headers["Content-Type"] == XLSX
    workbook = openpyxl.load_workbook(io.BytesIO(response.body), read_only=True)
    sheets = {sheet.title: [[cell for cell in row if cell is not None]
                            for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}
    assert list(sheets) == ["Summary", "Events", "By audience", "By kind of event", "By participant's language",
                            "By country"]
    summary = {row[0]: row[1] for row in sheets["Summary"] if len(row) == 2}
    assert summary["Registrations"] == 18 and summary["Unique participants"] == 7
    assert summary["Events held"] == 2 and summary["Attendance rate (events held: attended / confirmed)"] == "85%"
    as_text = {name: [[str(cell) for cell in row] for row in rows if row] for name, rows in sheets.items()}
    assert as_text["By audience"] == EXPECTED["table-audience"]
    assert as_text["By country"] == EXPECTED["table-country"]
    assert [row[0] for row in as_text["Events"][1:]] == ["Workshop"] * 3
    response = _download(web, cookie, "xlsx", publication="1", Accept=XLSX)
    workbook = openpyxl.load_workbook(io.BytesIO(response.body), read_only=True)
    published = {sheet.title: [[str(cell) for cell in row if cell is not None]
                               for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}
    assert [row for row in published["By audience"] if row] == PUBLISHED_AUDIENCE
    assert {row[0]: row[1] for row in published["Summary"] if len(row) == 2 and row[0] in PUBLISHED_SUMMARY} == \
        PUBLISHED_SUMMARY


def test_an_organizer_sees_only_their_projects_reports(web, data_set):
    data_set["time"].move_to(REPORT_TIME, tick=False)
    cookie = login(web)  # an organizer of re-turn
    for query in ("project=epi", "project=epi&from=2027-01-01&to=2027-12-31"):
        status, html = report_page(web, cookie, query)
        assert status == 403 and "Obce" not in html and "table-audience" not in html
    for extension, headers in (("csv", {}), ("xlsx", {"Accept": XLSX})):
        response = web.get(f"/organizer/reports/epi.{extension}?lang=en", headers={"Cookie": cookie, **headers})
        assert response.status_code == 403 and b"Registrations" not in response.body
    status, html = report_page(web, cookie, "")  # their own project by default, this year
    assert status == 200 and "Project re-turn, 2027-01-01 – 2027-12-31" in html
    assert web.get("/organizer/reports?lang=en").headers["Location"] == (
        "/organizer/login?next=%2Forganizer%2Freports%3Flang%3Den&lang=en")  # no session: the login, then back
    admin_cookie = login(web, role="admin", project=["re-turn"])
    status, html = report_page(web, admin_cookie, "project=epi&from=2027-01-01&to=2027-12-31")
    assert status == 200 and summary_figures(html)["Registrations"] == "7"


@pytest.mark.parametrize("query,field", [
    ("project=re-turn&from=2027-13-01", "from"), ("project=re-turn&from=2027-05-01&to=2027-04-01", "to"),
    ("project=re-turn&from=2020-01-01&to=2027-01-01", "to"), ("project=Bad%20Name", "project"),
    ("project=re-turn&from=0001-01-01&to=0001-12-31", "from"),  # was a 500: the start less 15 hours is no date
])
def test_a_bad_period_or_project_is_a_clear_400(web, query, field):
    status, html = report_page(web, login(web), query)
    assert status == 400 and 'id="error-summary"' in html and f'href="#f-{field}"' in html
    assert 'aria-invalid="true"' in html


def test_typed_answers_never_become_groups(time_machine):
    """A free-text "audience" question or a country typed by hand could name someone: never counted as a group."""
    time_machine.move_to(SETUP, tick=False)
    event = event_on(datetime(2027, 2, 1, 9, tzinfo=UTC), capacity=10, audiences=["seniors"], questions=[
        {"id": "audience", "type": "text", "label": "Who are you?"},
        {"id": "from", "type": "country", "label": "Country"}])
    sign_up(event, 1, answers={"audience": "Anna Nowak from the 3rd floor", "from": "UA"})
    from chalicelib.store import reports as report_store

    stats, people = tally.count_registrations(event, report_store.registration_facts(event.event_id))
    assert stats["groups"]["audience"] == {"seniors": {"registrations": 1, "confirmed": 1, "checked_in": 0}}
    assert list(stats["groups"]["country"]) == ["UA"] and len(people) == 1
    assert "Anna" not in str(stats)


def test_an_access_request_lists_what_was_kept_of_erased_events_for_the_funder(data_set):
    """The kept facts are pseudonymous personal data: the person's access request shows them, with the
    event, until when and why; another address finds none of them."""
    from chalicelib.privacy.subject import access_report
    from tests.factories import funded_project

    funded_project("re-turn")
    funded_project("epi")
    data_set["time"].move_to(datetime(2027, 3, 1, tzinfo=UTC), tick=False)
    run_retention()
    held = access_report(admin(), "Person1@Example.com")
    kept = held["kept_for_funder_reports"]
    assert [(k["project"], k["event"]["id"], k["status"], k["attended"]) for k in kept] == [
        ("re-turn", data_set["training"].event_id, "confirmed", True)]
    assert kept[0]["kept_until"] == "2033-01-01T00:00:00+00:00" and "6(1)(c)" in kept[0]["why"]  # through 2032
    assert access_report(admin(), "person8@example.com")["kept_for_funder_reports"] == []  # not at the training
