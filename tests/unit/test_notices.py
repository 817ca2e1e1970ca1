"""The privacy notice (GDPR art. 13) and the accessibility statement (the Polish act of 4 April 2019
and its template): every item the law asks for is on the page, in Polish, English and Ukrainian,
filled from the institution's and project's records, and a missing record reads "not provided yet"."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from chalicelib.institutions import service
from chalicelib.registration import signup
from tests.factories import admin, person, published_event
from tests.unit.test_privacy_tools import admin_session, post

pytestmark = pytest.mark.usefixtures("aws")
LANGUAGES = ("pl", "en", "uk")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MISSING = {"pl": "jeszcze nie podano", "en": "not provided yet", "uk": "ще не надано"}

LUBLIN = {
    "id": "lublin", "name": {"pl": "Urząd Miasta Lublin", "en": "Lublin City Hall", "uk": "Міська рада Любліна"},
    "address": "Plac Króla Władysława Łokietka 1\n20-109 Lublin", "email": "um@lublin.eu", "phone": "+48 81 466 10 00",
    "website": "https://lublin.eu",
    "controller": {"pl": "Prezydent Miasta Lublin, Plac Króla Władysława Łokietka 1, 20-109 Lublin",
                   "en": "The Mayor of Lublin, Plac Króla Władysława Łokietka 1, 20-109 Lublin",
                   "uk": "Мер міста Люблін, Plac Króla Władysława Łokietka 1, 20-109 Lublin"},
    "dpo_name": "Anna Nowak", "dpo_email": "iod@lublin.eu", "dpo_phone": "+48 81 466 11 11",
    "accessibility_contact": "Jan Kowalski", "accessibility_email": "dostepnosc@lublin.eu",
    "accessibility_phone": "+48 81 466 12 12", "accessibility_status": "partial",
    "accessibility_exceptions": {"pl": "Filmy nie mają napisów.", "en": "Films have no captions.",
                                 "uk": "Фільми не мають субтитрів."},
    "accessibility_premises": {"pl": "Wejście od ulicy ma podjazd.", "en": "The street entrance has a ramp.",
                               "uk": "Вхід з вулиці має пандус."},
    "statement_published": "2026-11-02", "statement_updated": "2027-01-15"}
EPI = {"id": "epi", "institution": "lublin", "name": {"pl": "Partnerstwo", "en": "Partnership", "uk": "Партнерство"},
       "purposes": {"pl": "Cel: szkolenia EPI.", "en": "Purpose: EPI training.", "uk": "Мета: навчання EPI."},
       "legal_basis": {"pl": "Podstawa: art. 6 ust. 1 lit. e RODO.", "en": "Basis: Art. 6(1)(e) GDPR.",
                       "uk": "Підстава: ст. 6(1)(e) GDPR."},
       "recipients": {"pl": "Odbiorca: Instytucja Zarządzająca.", "en": "Recipient: the Managing Authority.",
                      "uk": "Одержувач: Керівний орган."}}


class Ids(HTMLParser):
    """The text inside every element with an id (nested ones count for each ancestor)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.text: dict[str, str] = {}
        self.attrs: dict[str, dict[str, str | None]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs).get("id")
        if found:
            self.text.setdefault(found, "")
            self.attrs[found] = dict(attrs)
        if tag not in VOID:
            self.open.append((tag, found))

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, found in self.open:
            if found:
                self.text[found] += data

    def __getitem__(self, key: str) -> str:
        return " ".join(self.text[key].split())


def page(web, path: str) -> Ids:
    response = web.get(path)
    assert response.status_code == 200, response.body
    return Ids(response.body.decode())


@pytest.fixture
def lublin():
    service.save_institution(admin(), LUBLIN)
    return service.save_project(admin(), EPI)


def by_language(path: str, web) -> dict[str, Ids]:
    return {lang: page(web, f"{path}{'&' if '?' in path else '?'}lang={lang}") for lang in LANGUAGES}


# GDPR art. 13: each item (a section id) and what the records and the law put in it, per language.
PRIVACY_ITEMS = {
    "controller": lambda lang: [LUBLIN["controller"][lang], "um@lublin.eu", "+48 81 466 10 00"],
    "dpo": lambda lang: ["Anna Nowak", "iod@lublin.eu", "+48 81 466 11 11"],
    "purposes": lambda lang: [EPI["purposes"][lang]],
    "legal-basis": lambda lang: [EPI["legal_basis"][lang]],
    "recipients": lambda lang: ["Amazon Web Services EMEA SARL", "eu-central-1 (Frankfurt)", EPI["recipients"][lang]],
    "transfer": lambda lang: [],
    "retention": lambda lang: ["90", "6(1)(c)" if lang != "pl" else "6"],  # and what is kept for the funder
    "rights": lambda lang: ["15", "16", "17", "18", "20", "21", "7 ust. 3" if lang == "pl" else "7(3)"],
    "complaint": lambda lang: ["Urzędu Ochrony Danych Osobowych", "ul. Stawki 2, 00-193 Warszawa", "uodo.gov.pl"],
    "requirement": lambda lang: [],
    "automated": lambda lang: ["22"],
    "version": lambda lang: ["epi-v1"],
}
RIGHTS = ("right-access", "right-rectification", "right-erasure", "right-restriction", "right-objection",
          "right-portability", "right-withdraw")


def test_a_projects_privacy_notice_has_every_item_of_gdpr_article_13_in_every_language(web, lublin):
    notices = by_language("/privacy?project=epi", web)
    for item, expected in PRIVACY_ITEMS.items():
        for lang, found in notices.items():
            assert item in found.text, (item, lang)
            for part in expected(lang):
                assert part in found[item], (item, lang, part, found[item])
            assert MISSING[lang] not in found[item], (item, lang)
        # the law's words are translated, not left in English
        assert notices["pl"][item] != notices["en"][item] != notices["uk"][item], item
    for lang, found in notices.items():
        assert all(found[right] for right in RIGHTS), lang
        assert found["retention-funder"] and "@" not in found["retention-funder"], lang
        assert found["version"].count(str(lublin.privacy_changed.year)) == 1  # the date of the last change


def test_without_the_projects_own_texts_the_notice_says_the_defaults_and_which_basis_applies(web):
    service.save_institution(admin(), {"id": "city", "name": {"pl": "Gmina"}, "address": "ul. Długa 1, Kielce"})
    service.save_project(admin(), {"id": "solo", "institution": "city", "name": {"pl": "Solo"}})
    notices = by_language("/privacy?project=solo", web)
    assert "6(1)(e)" in notices["en"]["legal-basis"] and "6(1)(a)" in notices["en"]["legal-basis"]
    assert "6 ust. 1 lit. e" in notices["pl"]["legal-basis"] and "6 ust. 1 lit. a" in notices["pl"]["legal-basis"]
    for lang, found in notices.items():
        # no controller text: the institution's own name and address, marked as Polish where it is
        assert "Gmina" in found["controller"] and "ul. Długa 1, Kielce" in found["controller"], lang
        assert MISSING[lang] in found["dpo"], lang
        assert found["purposes"] and MISSING[lang] not in found["purposes"]
        assert "Amazon Web Services" in found["recipients"]
    assert 'lang="pl">Gmina' in web.get("/privacy?project=solo&lang=uk").body.decode()


def test_the_sites_notice_speaks_for_the_host_and_links_every_projects_notice(web, lublin):
    site = web.get("/privacy?lang=en").body.decode()
    found = Ids(site)
    assert LUBLIN["controller"]["en"] in found["controller"] and "2026-11" in found["version"]
    assert 'href="/privacy?project=epi&amp;lang=en"' in site and "Partnership" in found["projects"]
    unknown = Ids(web.get("/privacy?project=nothing-like-it&lang=en").body.decode())
    assert unknown["version"] == found["version"]  # a project that is no record: the site's notice


def test_with_no_records_at_all_both_pages_say_what_is_not_provided_yet(web):
    for lang in LANGUAGES:
        notice = page(web, f"/privacy?lang={lang}")
        assert MISSING[lang] in notice["controller"] and MISSING[lang] in notice["dpo"]
        assert "Amazon Web Services" in notice["recipients"] and "Stawki 2" in notice["complaint"]
        statement = page(web, f"/accessibility?lang={lang}")
        for item in ("a11y-podmiot", "a11y-osoba", "a11y-email", "a11y-telefon", "a11y-data-publikacja",
                     "a11y-data-sporzadzenie", "a11y-architektura"):
            assert MISSING[lang] in statement[item], (lang, item)
        assert "Rzecznika Praw Obywatelskich" in statement["a11y-procedura"]


ACT = {"pl": "z ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych i aplikacji "
             "mobilnych podmiotów publicznych",
       "en": "the Act of 4 April 2019 on the digital accessibility of websites and mobile applications of public "
             "bodies",
       "uk": "4 квітня 2019"}
STATUS = {"full": {"pl": "jest zgodna", "en": "fully compliant", "uk": "повністю відповідає"},
          "partial": {"pl": "jest częściowo zgodna", "en": "partially compliant", "uk": "частково відповідає"},
          "none": {"pl": "jest niezgodna", "en": "not compliant", "uk": "не відповідає"}}
# The statutory template's items: the ids of its technical conditions and what each holds, per language.
STATEMENT_ITEMS = {
    "a11y-deklaracja": lambda lang: [],
    "a11y-wstep": lambda lang: [LUBLIN["name"][lang], ACT[lang]],
    "a11y-podmiot": lambda lang: [LUBLIN["name"][lang]],
    "a11y-url": lambda lang: ["zapisy.test"],
    "a11y-data-publikacja": lambda lang: ["2026-11-02"],
    "a11y-data-aktualizacja": lambda lang: ["2027-01-15"],
    "a11y-status": lambda lang: [STATUS["partial"][lang], ACT[lang]],
    "a11y-data-sporzadzenie": lambda lang: ["2026-11-02"],
    "a11y-kontakt": lambda lang: [],
    "a11y-osoba": lambda lang: ["Jan Kowalski"],
    "a11y-email": lambda lang: ["dostepnosc@lublin.eu"],
    "a11y-telefon": lambda lang: ["+48 81 466 12 12"],
    "a11y-procedura": lambda lang: ["7", "2", "Rzecznika Praw Obywatelskich, al. Solidarności 77, 00-090 Warszawa",
                                    LUBLIN["name"][lang], "Plac Króla Władysława Łokietka 1, 20-109 Lublin"],
    "a11y-architektura": lambda lang: [LUBLIN["accessibility_premises"][lang]],
    "a11y-aplikacje": lambda lang: [],
}


def test_the_accessibility_statement_has_every_item_of_the_statutory_template_in_every_language(web, lublin):
    statements = by_language("/accessibility", web)
    for item, expected in STATEMENT_ITEMS.items():
        for lang, found in statements.items():
            assert item in found.text and found[item], (item, lang)
            for part in expected(lang):
                assert part in found[item], (item, lang, part, found[item])
            assert MISSING[lang] not in found[item], (item, lang)
    for lang, found in statements.items():
        assert LUBLIN["accessibility_exceptions"][lang] in found.text["main"]  # what is not accessible, and why
        assert found.attrs["a11y-data-publikacja"]["datetime"] == "2026-11-02"
        assert found.attrs["a11y-email"]["href"] == "mailto:dostepnosc@lublin.eu"
    for item in ("a11y-deklaracja", "a11y-status", "a11y-procedura", "a11y-architektura", "a11y-aplikacje"):
        assert statements["pl"][item] != statements["en"][item] != statements["uk"][item], item
    assert "Polish version is the legal original" in statements["en"].text["main"]


@pytest.mark.parametrize("status", ["full", "none"])
def test_the_compliance_status_uses_the_acts_wording(web, lublin, status):
    service.save_institution(admin(), {"accessibility_status": status}, "lublin")
    for lang, found in by_language("/accessibility", web).items():
        assert STATUS[status][lang] in found["a11y-status"], (lang, found["a11y-status"])
        shown = LUBLIN["accessibility_exceptions"][lang] in found.text["main"]
        assert shown == (status != "full"), lang


def test_the_event_page_and_its_form_link_the_notice_of_the_events_project(web, lublin):
    event = published_event(project="epi")
    html = web.get(f"/events/{event.event_id}?lang=uk").body.decode()
    consent = html.split('for="f-consent"')[1].split("</label>")[0]
    assert 'href="/privacy?project=epi&amp;lang=uk"' in consent
    footer = html.split("<footer>")[1]
    assert 'href="/privacy?project=epi&amp;lang=uk"' in footer


def test_where_consents_are_shown_the_version_leads_to_its_notice(web, lublin):
    event = published_event(project="epi")
    outcome = signup.register(event, person(1, email="zofia@example.com"))
    cookie, csrf = admin_session(web)
    detail = web.get(f"/organizer/events/{event.event_id}/registrations/{outcome.registration_id}?lang=en",
                     headers={"Cookie": cookie}).body.decode()
    assert '<a href="/privacy?project=epi&amp;lang=en">privacy notice version epi-v1</a>' in detail
    found = post(web, cookie, "/organizer/privacy", csrf=csrf, email="zofia@example.com").body.decode()
    assert '<a href="/privacy?project=epi&amp;lang=en">epi-v1</a>' in found
    report = json.loads(post(web, cookie, "/organizer/privacy/download", csrf=csrf, email="zofia@example.com").body)
    assert report["registrations"][0]["consent"]["notice_version"] == "epi-v1"
    assert report["registrations"][0]["consent"]["notice"] == "http://zapisy.test/privacy?project=epi"
