"""The directory in the dashboard: administrators add and edit institutions and projects (every
field, texts per language), organizers read the projects they work in, and the event editor offers
the directory's projects by name."""
from __future__ import annotations

import html
import re
from urllib.parse import urlencode

import pytest

from chalicelib.store import directory as store
from tests.unit.test_dashboard import FORM, login

pytestmark = pytest.mark.usefixtures("aws")
ADMIN = {"role": "admin", "project": ["re-turn"], "email": "boss@city.example"}
CITY = {"name-pl": "Urząd Miasta Lublin", "name-en": "City of Lublin", "name-uk": "Міська рада Любліна"}


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


class Session:
    """One logged-in browser: its cookie and its forms' CSRF token."""

    def __init__(self, web, **who) -> None:
        self.web, self.cookie = web, login(web, **who)
        self.csrf = csrf_of(self.get("/organizer/events?lang=en").body.decode())

    def get(self, path: str):
        return self.web.get(path, headers={"Cookie": self.cookie})

    def post(self, path: str, csrf: str | None = None, **fields):
        body = urlencode({"csrf": self.csrf if csrf is None else csrf, "lang": "en", **fields}, doseq=True)
        return self.web.post(path, headers={**FORM, "Cookie": self.cookie}, body=body)

    def page(self, path: str) -> str:
        response = self.get(path)
        assert response.status_code == 200, response.body
        return html.unescape(response.body.decode())


@pytest.fixture
def admin(web) -> Session:
    return Session(web, **ADMIN)


@pytest.fixture
def organizer(web) -> Session:
    return Session(web)  # works in re-turn only


def set_up(admin: Session) -> None:
    assert admin.post("/organizer/institutions", id="lublin", **CITY).status_code == 303
    assert admin.post("/organizer/projects", id="re-turn", institution="lublin",
                      **{"name-en": "Re-Turn", "name-pl": "Powroty"}).status_code == 303


def value_of(page: str, field_id: str) -> str:
    """What an input or a textarea holds on the page."""
    found = re.search(rf'<input[^>]*id="{field_id}"[^>]*value="([^"]*)"', page) or \
        re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    return found.group(1)


def test_an_administrator_adds_an_institution_then_fills_in_every_field(admin):
    listed = admin.page("/organizer/institutions?lang=en")
    assert "No institutions yet" in listed and 'href="/organizer/institutions?lang=en" aria-current="page"' in listed
    added = admin.post("/organizer/institutions", id="lublin", **CITY)
    assert added.status_code == 303
    assert added.headers["Location"] == "/organizer/institutions/lublin?done=created&lang=en"
    page = admin.page(added.headers["Location"])
    assert "Added. Fill in the rest of the details below." in page and "<h1>City of Lublin</h1>" in page

    texts = {"controller": ("Prezydent Miasta Lublin,\nPlac Łokietka 1", "The Mayor of Lublin", "Мер Любліна"),
             "accessibility_exceptions": ("Filmy bez napisów.", "Videos without captions.", "Відео без субтитрів."),
             "accessibility_premises": ("Winda przy wejściu B.", "A lift at entrance B.", "Ліфт біля входу B.")}
    fields = {**CITY, "name-en": "Lublin City Office", "address": "Plac Króla Władysława Łokietka 1\n20-109 Lublin",
              "email": "Sekretariat@Lublin.eu", "phone": "+48 81 466 10 00", "website": "https://lublin.eu",
              "dpo_name": "Anna Kowalska", "dpo_email": "iod@lublin.eu", "dpo_phone": "+48 81 466 10 01",
              "accessibility_contact": "Jan Nowak", "accessibility_email": "dostepnosc@lublin.eu",
              "accessibility_phone": "+48 81 466 10 02", "accessibility_status": "full",
              "statement_published": "2026-11-02", "statement_updated": "2026-12-01"}
    fields.update({f"{name}-{lang}": text.replace("\n", "\r\n") for name, values in texts.items()
                   for lang, text in zip(("pl", "en", "uk"), values, strict=True)})
    saved = admin.post("/organizer/institutions/lublin", **fields)
    assert saved.status_code == 303 and saved.headers["Location"].endswith("?done=saved&lang=en")

    city = store.load_institution("lublin")
    assert city.name == {"pl": "Urząd Miasta Lublin", "en": "Lublin City Office", "uk": "Міська рада Любліна"}
    assert city.controller == {"pl": "Prezydent Miasta Lublin,\nPlac Łokietka 1", "en": "The Mayor of Lublin",
                               "uk": "Мер Любліна"}
    assert city.accessibility_premises["uk"] == "Ліфт біля входу B." and city.accessibility_status == "full"
    assert (city.email, city.dpo_phone, city.website) == ("sekretariat@lublin.eu", "+48 81 466 10 01",
                                                          "https://lublin.eu")
    assert city.statement_published.isoformat() == "2026-11-02" and city.address.endswith("\n20-109 Lublin")
    page = admin.page("/organizer/institutions/lublin?lang=uk&done=saved")
    assert "<h1>Міська рада Любліна</h1>" in page and 'role="status"' in page
    for lang, text in zip(("pl", "en", "uk"), texts["accessibility_exceptions"], strict=True):
        assert value_of(page, f"f-accessibility_exceptions-{lang}") == text  # every language kept, each in its box
    assert value_of(page, "f-statement_updated") == "2026-12-01" and value_of(page, "f-dpo_email") == "iod@lublin.eu"
    assert re.search(r'id="f-accessibility_status-full"[^>]*checked', page)
    assert "Lublin City Office" in admin.page("/organizer/institutions?lang=en")


def test_a_refused_institution_form_comes_back_as_typed_with_an_error_summary(admin):
    set_up(admin)
    refused = admin.post("/organizer/institutions/lublin", **{
        **CITY, "name-pl": "", "name-en": "", "name-uk": "", "lang": "pl", "email": "nie-adres", "phone": "123",
        "accessibility_status": "partial", "statement_published": "2 listopada", "dpo_name": "Anna Kowalska"})
    page = html.unescape(refused.body.decode())
    assert refused.status_code == 400 and page.count('class="error-summary"') == 1
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.DOTALL).group(0)
    assert re.findall(r'href="#([^"]+)"', summary) == ["f-name-pl", "f-email", "f-phone", "f-statement_published"]
    assert "Nazwa instytucji: To pole jest wymagane." in summary and "<title>Błąd:" in page
    assert 'id="f-email" name="email" value="nie-adres"' in page and value_of(page, "f-dpo_name") == "Anna Kowalska"
    assert 'aria-invalid="true"' in page and store.load_institution("lublin").dpo_name == ""  # nothing saved

    taken = admin.post("/organizer/institutions", id="lublin", **{"name-en": "Again"})
    assert taken.status_code == 409 and "This id is taken." in taken.body.decode()  # a conflict, said by its field
    bad = admin.post("/organizer/institutions", id="Lublin City", **{"name-en": ""})
    text = html.unescape(bad.body.decode())
    assert bad.status_code == 400 and "Use lowercase letters, digits, - or _." in text
    assert 'href="#f-id"' in text and 'href="#f-name-pl"' in text and 'value="Lublin City"' in text


def test_an_administrator_adds_a_project_and_edits_every_field(admin):
    assert "Add an institution first." in admin.page("/organizer/projects?lang=en")
    set_up(admin)
    assert admin.post("/organizer/institutions", id="kielce", **{"name-pl": "Urząd Miasta Kielce"}).status_code == 303
    assert '<option value="" selected>Choose an institution</option>' in admin.page("/organizer/projects?lang=en")
    unchosen = admin.post("/organizer/projects", id="epi", institution="", **{"name-en": "EPI"})
    assert unchosen.status_code == 400 and 'href="#f-institution">Institution: This field is required.' in \
        html.unescape(unchosen.body.decode()) and store.load_project("epi") is None
    page = admin.page("/organizer/projects/re-turn?lang=en&done=created")
    assert "<h1>Re-Turn</h1>" in page and "Version 1 of the notice, in force since" in page
    assert re.search(r'<option value="lublin" selected>City of Lublin</option>', page)
    privacy = {"purposes-pl": "Rekrutacja na wydarzenia.", "purposes-uk": "Реєстрація на заходи.",
               "legal_basis-en": "Article 6(1)(e) GDPR.", "recipients-pl": "Instytucja Zarządzająca."}
    saved = admin.post("/organizer/projects/re-turn", institution="kielce", eu_emblem="on", **{
        "name-pl": "Powroty", "name-en": "Re-Turn", "name-uk": "Повернення",
        "programme-en": "Interreg Central Europe", "programme-pl": "Interreg Europa Środkowa",
        "funding-pl": "Projekt współfinansowany przez Unię Europejską", "funding-uk": "Співфінансується ЄС"},
        **privacy)
    assert saved.status_code == 303
    project = store.load_project("re-turn")
    assert project.institution_id == "kielce" and project.eu_emblem and project.privacy_version == 2
    assert project.name == {"pl": "Powroty", "en": "Re-Turn", "uk": "Повернення"}
    assert project.funding == {"pl": "Projekt współfinansowany przez Unię Europejską", "uk": "Співфінансується ЄС"}
    assert project.purposes == {"pl": "Rekrutacja na wydarzenia.", "uk": "Реєстрація на заходи."}
    page = admin.page("/organizer/projects/re-turn?lang=pl")
    assert "Wersja 2 informacji" in page and value_of(page, "f-funding-uk") == "Співфінансується ЄС"
    assert re.search(r'id="f-eu_emblem"[^>]*checked', page) and 'aria-label="Flaga Unii Europejskiej"' in page

    again = admin.post("/organizer/projects/re-turn", institution="kielce", **{"name-en": "Re-Turn"}, **privacy)
    assert again.status_code == 303  # the emblem off; the same privacy texts keep the version
    project = store.load_project("re-turn")
    assert not project.eu_emblem and project.privacy_version == 2 and project.funding == {}
    assert project.name == {"en": "Re-Turn"}
    refused = admin.post("/organizer/projects/re-turn", institution="nowhere", **{"name-en": "Re-Turn"})
    assert refused.status_code == 400 and "There is no such institution." in refused.body.decode()
    assert 'href="#f-institution"' in refused.body.decode()


def test_long_texts_in_three_languages_fit_in_one_form(admin):
    set_up(admin)
    long = {f"{name}-{lang}": "ї" * limit for name, limit in (("purposes", 3000), ("legal_basis", 2000),
                                                                ("recipients", 2000), ("funding", 600))
            for lang in ("pl", "en", "uk")}  # about 270 KB once percent-encoded
    assert admin.post("/organizer/projects/re-turn", institution="lublin", **{"name-en": "Re-Turn"},
                      **long).status_code == 303
    assert store.load_project("re-turn").purposes["uk"] == "ї" * 3000


def test_every_form_needs_its_csrf_token(admin):
    set_up(admin)
    for path, fields in (("/organizer/institutions", {"id": "x", "name-en": "X"}),
                         ("/organizer/institutions/lublin", {**CITY, "dpo_name": "Forged"}),
                         ("/organizer/projects", {"id": "y", "institution": "lublin", "name-en": "Y"}),
                         ("/organizer/projects/re-turn", {"institution": "lublin", "name-en": "Forged"}),
                         ("/organizer/institutions/lublin/logo/remove", {"logo": "x"})):
        refused = admin.post(path, csrf="forged", **fields)
        assert refused.status_code == 403 and "This form has expired." in refused.body.decode(), path
    assert store.load_institution("x") is None and store.load_project("y") is None
    assert store.load_institution("lublin").dpo_name == "" and store.load_project("re-turn").name["en"] == "Re-Turn"


def test_organizers_read_their_projects_and_nothing_else(admin, organizer):
    set_up(admin)
    assert admin.post("/organizer/projects", id="epi", institution="lublin", **{"name-en": "EPI"}).status_code == 303
    assert admin.post("/organizer/projects/re-turn", institution="lublin", **{
        "name-en": "Re-Turn", "funding-en": "Co-funded by the European Union", "purposes-en": "Sign-up."}
    ).status_code == 303
    menu = organizer.page("/organizer/projects?lang=en")
    assert '>Projects</a>' in menu and "/organizer/institutions" not in menu
    assert "Re-Turn" in menu and "EPI" not in menu and "Add a project" not in menu
    page = organizer.page("/organizer/projects/re-turn?lang=en")
    assert "Co-funded by the European Union" in page and "Sign-up." in page and "City of Lublin" in page
    assert "<form method=\"post\" action=\"/organizer/projects" not in page and 'type="file"' not in page
    assert organizer.get("/organizer/projects/epi?lang=en").status_code == 404

    for path in ("/organizer/institutions", "/organizer/institutions/lublin"):
        refused = organizer.get(path + "?lang=pl")
        assert refused.status_code == 403 and "Nie masz do tego dostępu." in refused.body.decode()
    for path, fields in (("/organizer/institutions", {"id": "x", "name-en": "X"}),
                         ("/organizer/institutions/lublin", {**CITY, "dpo_name": "Mine"}),
                         ("/organizer/projects", {"id": "mine", "institution": "lublin", "name-en": "Mine"}),
                         ("/organizer/projects/re-turn", {"institution": "lublin", "name-en": "Mine"})):
        assert organizer.post(path, **fields).status_code == 403, path
    assert store.load_project("mine") is None and store.load_project("re-turn").name == {"en": "Re-Turn"}
    assert store.load_institution("x") is None and store.load_institution("lublin").dpo_name == ""
    admin_menu = admin.page("/organizer/events?lang=en")
    assert 'href="/organizer/institutions?lang=en">Institutions</a>' in admin_menu


def test_the_event_editor_offers_the_directorys_projects_by_name(admin, organizer):
    free = organizer.page("/organizer/events/new?lang=en")  # no project records yet: as before
    assert re.search(r'<select id="f-project" name="project"[^>]*>\s*<option value="re-turn"', free)
    assert 'list="project-list"' in admin.page("/organizer/events/new?lang=en")  # an administrator types it

    set_up(admin)
    assert admin.post("/organizer/projects", id="epi", institution="lublin", **{"name-en": "EPI",
                                                                                 "name-uk": "ЕПІ"}).status_code == 303
    page = admin.page("/organizer/events/new?lang=uk")
    options = re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', page.split('id="f-project"')[1]
                         .split("</select>")[0])
    assert [(value, label) for value, _, label in options] == [("epi", "ЕПІ (epi)"), ("re-turn", "Re-Turn (re-turn)")]
    # by name in a Ukrainian reader's alphabet: Cyrillic before Latin
    assert 'list="project-list"' not in page
    mine = organizer.page("/organizer/events/new?lang=en")
    assert "Re-Turn (re-turn)" in mine and "(epi)" not in mine  # only the projects they work in

    from tests.factories import published_event

    old = published_event(project="legacy")  # a project that is not a record: editing keeps it
    page = admin.page(f"/organizer/events/{old.event_id}/edit?lang=en")
    assert '<option value="legacy" selected>legacy</option>' in page
