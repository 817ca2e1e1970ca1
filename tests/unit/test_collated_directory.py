"""The directory's lists and the other lists of names a person reads (institutions, projects, the
choices of a project, the privacy notices of the projects, a report's groups) are in the reader's
alphabet: in Polish Ł after L and Ż after Z, in Ukrainian Є after Е and І after И, not by code point."""
from __future__ import annotations

import re
from datetime import date

import pytest

from chalicelib.institutions import service
from tests.factories import admin
from tests.unit.test_dashboard import login

pytestmark = pytest.mark.usefixtures("aws")

# id: (Polish name, Ukrainian name); a reader of each expects them in the order of the ids
NAMES = {"a": ("Agencja Pracy", "Агенція праці"), "b": ("Lubelski Urząd", "Єдиний центр"),
         "c": ("Łódzki Urząd", "Житомирський фонд"), "d": ("Zamojski Ośrodek", "Ізмаїльська рада"),
         "e": ("Żyrardowskie Centrum", "Яворівська громада")}
SHUFFLED = ["e", "c", "a", "d", "b"]  # the order they are added in, and of their ids

# Polish: A, L, Ł, Z, Ż; Ukrainian: А, Є, Ж, І, Я (by code point: Ł after Z, and Є, І after Я)
EXPECTED = ["a", "b", "c", "d", "e"]


@pytest.fixture
def directory() -> None:
    for n, key in enumerate(SHUFFLED):
        polish, ukrainian = NAMES[key]
        service.save_institution(admin(), {"id": f"inst-{n}-{key}", "name": {"pl": polish, "uk": ukrainian},
                                           "address": "ul. Długa 1, Kielce"})
        service.save_project(admin(), {"id": f"proj-{n}-{key}", "institution": f"inst-{n}-{key}",
                                       "name": {"pl": f"{polish} – projekt", "uk": f"{ukrainian} – проєкт"}})


def order_of(page: str, pattern: str) -> list[str]:
    """The keys of NAMES in the order `pattern` (with one group: the key) finds them in the page."""
    return list(dict.fromkeys(re.findall(pattern, page)))


def as_admin(web, path: str) -> str:
    response = web.get(path, headers={"Cookie": login(web, role="admin", project=["re-turn"],
                                                       email="boss@city.example")})
    assert response.status_code == 200
    return response.body.decode()


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_the_institutions_and_projects_pages_list_in_the_readers_alphabet(web, directory, language):
    institutions = as_admin(web, f"/organizer/institutions?lang={language}")
    assert order_of(institutions, r'/organizer/institutions/inst-[0-9]-([a-e])\?') == EXPECTED
    projects = as_admin(web, f"/organizer/projects?lang={language}")
    assert order_of(projects, r'/organizer/projects/proj-[0-9]-([a-e])\?') == EXPECTED
    assert order_of(projects, r'<option value="inst-[0-9]-([a-e])"') == EXPECTED


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_a_list_of_projects_to_choose_from_is_in_the_readers_alphabet(web, directory, language):
    events = as_admin(web, f"/organizer/events?lang={language}")
    assert order_of(events, r'<option value="proj-[0-9]-([a-e])"') == EXPECTED


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_the_sites_privacy_notice_links_the_projects_in_the_readers_alphabet(web, directory, language):
    site = web.get(f"/privacy?lang={language}").body.decode()
    assert order_of(site, r'href="/privacy\?project=proj-[0-9]-([a-e])&') == EXPECTED


def test_a_reports_groups_are_in_the_readers_alphabet_and_not_recorded_last():
    from chalicelib.reports.service import Figures, Period, Report
    from chalicelib.reports.tables import Cells, breakdown
    from chalicelib.reports.tally import NOT_RECORDED

    report = Report("proj-a", Period(date(2027, 1, 1), date(2027, 12, 31)))
    report.groups["country"] = {code: Figures(registrations=1) for code in ("UA", "EG", "IL", "AU", NOT_RECORDED)}
    rows = breakdown(report, "country", "uk", Cells(publication=False)).rows
    assert [row[0] for row in rows][:4] == ["Австралія", "Єгипет", "Ізраїль", "Україна"]
    polish = breakdown(report, "country", "pl", Cells(publication=False)).rows
    assert [row[0] for row in polish][:4] == ["Australia", "Egipt", "Izrael", "Ukraina"]

