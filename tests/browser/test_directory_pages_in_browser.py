"""An administrator in a real browser sets up an institution and a project: every form without
JavaScript's help, a refused field and a refused file said on the page, logos uploaded and shown,
and the project then offered by name in the event editor."""
from __future__ import annotations

import io

import png
import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import assert_accessible, screenshot

SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
FUNDER_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" '
              b'fill="#003399"/><text x="10" y="27" fill="#fff" font-size="18">FUNDER</text></svg>')
WORDS = {
    "pl": {"institutions": "Instytucje", "projects": "Projekty", "add_institution": "Dodaj instytucję",
           "save_institution": "Zapisz instytucję", "upload": "Wgraj logo", "add_project": "Dodaj projekt",
           "save_project": "Zapisz projekt", "added": "Dodano.", "saved": "Zmiany zapisane.",
           "uploaded": "Logo wgrane.", "bad_email": "Wpisz adres e-mail", "script": "Plik SVG zawiera skrypty",
           "emblem": "Pokazuj znak Unii", "version": "Wersja 2 informacji", "logo_alt": "Logo: ",
           "funder_alt": "Logo instytucji finansującej 1", "new_event": "Nowe wydarzenie"},
    "en": {"institutions": "Institutions", "projects": "Projects", "add_institution": "Add the institution",
           "save_institution": "Save the institution", "upload": "Upload the logo", "add_project": "Add the project",
           "save_project": "Save the project", "added": "Added.", "saved": "Changes saved.",
           "uploaded": "Logo uploaded.", "bad_email": "Enter an e-mail address", "script": "The SVG contains scripts",
           "emblem": "Show the EU emblem", "version": "Version 2 of the notice", "logo_alt": "Logo: ",
           "funder_alt": "Funder's logo 1", "new_event": "New event"},
    "uk": {"institutions": "Установи", "projects": "Проєкти", "add_institution": "Додати установу",
           "save_institution": "Зберегти установу", "upload": "Завантажити логотип", "add_project": "Додати проєкт",
           "save_project": "Зберегти проєкт", "added": "Додано.", "saved": "Зміни збережено.",
           "uploaded": "Логотип завантажено.", "bad_email": "Введіть електронну адресу",
           "script": "Файл SVG містить скрипти", "emblem": "Показувати емблему ЄС", "version": "Версія 2 повідомлення",
           "logo_alt": "Логотип: ", "funder_alt": "Логотип фінансувальника 1", "new_event": "Новий захід"},
}


def a_png() -> bytes:
    out = io.BytesIO()
    rows = [[(0, 51, 153)[(x // 8 + y // 8) % 3] for x in range(48)] for y in range(24)]
    png.Writer(48, 24, greyscale=True).write(out, rows)
    return out.getvalue()


def log_in_as_admin(page: Page, lang: str) -> None:
    page.goto(f"/organizer/login?lang={lang}")
    page.locator("#role-admin").check()
    page.locator("form[action='/organizer/login'] button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()


def expect_loaded(page: Page, name: str) -> None:
    """The image is shown, not just referenced: the page's policy let it load and it decoded."""
    image = page.get_by_role("img", name=name)
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_an_administrator_sets_up_an_institution_and_a_project(page: Page, lang: str):
    words, run = WORDS[lang], f"{lang}-{page.viewport_size['width']}"
    city, project = f"miasto-{run}", f"powroty-{run}"
    names = {"pl": f"Urząd Miasta {run}", "en": f"City Office {run}", "uk": f"Міська рада {run}"}
    log_in_as_admin(page, lang)

    page.locator("nav.dashboard-menu").get_by_role("link", name=words["institutions"], exact=True).click()
    page.locator("#f-id").fill(city)
    for code, name in names.items():
        page.locator(f"#f-name-{code}").fill(name)
    assert_accessible(page)
    screenshot(page, f"organizer-institutions-{lang}")
    page.get_by_role("button", name=words["add_institution"]).click()
    expect(page.locator("h1")).to_have_text(names[lang])
    expect(page.get_by_role("status")).to_contain_text(words["added"])

    page.locator("#f-email").fill("sekretariat(at)miasto")
    page.locator("#f-dpo_name").fill("Anna Kowalska")
    page.get_by_role("button", name=words["save_institution"]).click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text(words["bad_email"])
    expect(page.locator("#f-dpo_name")).to_have_value("Anna Kowalska")  # what was typed stays
    assert_accessible(page)
    screenshot(page, f"organizer-institution-error-{lang}")
    page.locator("#error-summary a").first.click()
    expect(page.locator("#f-email")).to_be_focused()
    page.locator("#f-email").fill("sekretariat@miasto.example")
    page.locator("#f-accessibility_status-full").check()
    page.locator("#f-accessibility_premises-uk").fill("Ліфт біля входу B.")
    page.get_by_role("button", name=words["save_institution"]).click()
    expect(page.get_by_role("status")).to_have_text(words["saved"])
    expect(page.locator("#f-accessibility_premises-uk")).to_have_value("Ліфт біля входу B.")
    expect(page.locator("#f-accessibility_status-full")).to_be_checked()

    page.locator("#f-logo").set_input_files({"name": "x.svg", "mimeType": "image/svg+xml", "buffer": SVG_WITH_SCRIPT})
    page.get_by_role("button", name=words["upload"]).click()
    expect(page.locator("#error-summary")).to_contain_text(words["script"])
    expect(page.locator("#f-logo")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    screenshot(page, f"organizer-institution-logo-refused-{lang}")
    page.locator("#f-logo").set_input_files({"name": "herb.png", "mimeType": "image/png", "buffer": a_png()})
    page.get_by_role("button", name=words["upload"]).click()
    expect(page.get_by_role("status")).to_have_text(words["uploaded"])
    expect_loaded(page, words["logo_alt"] + names[lang])
    assert_accessible(page)
    screenshot(page, f"organizer-institution-{lang}")

    page.locator("nav.dashboard-menu").get_by_role("link", name=words["projects"], exact=True).click()
    page.locator("#f-id").fill(project)
    page.locator("#f-institution").select_option(city)
    page.locator(f"#f-name-{lang}").fill(f"Powroty {run}")
    page.get_by_role("button", name=words["add_project"]).click()
    expect(page.locator("h1")).to_have_text(f"Powroty {run}")
    page.locator("#f-funding-pl").fill("Projekt współfinansowany przez Unię Europejską")
    page.locator("#f-funding-uk").fill("Проєкт співфінансується Європейським Союзом")
    page.get_by_label(words["emblem"]).check()
    page.locator("#f-purposes-uk").fill("Реєстрація на заходи та звіти для фінансувальника.")
    page.get_by_role("button", name=words["save_project"]).click()
    expect(page.get_by_role("status")).to_have_text(words["saved"])
    expect(page.locator("#privacy + p")).to_contain_text(words["version"])
    expect(page.get_by_label(words["emblem"])).to_be_checked()
    page.locator("#f-logo").set_input_files({"name": "funder.svg", "mimeType": "image/svg+xml", "buffer": FUNDER_SVG})
    page.get_by_role("button", name=words["upload"]).click()
    expect(page.get_by_role("status")).to_have_text(words["uploaded"])
    expect_loaded(page, words["funder_alt"])
    assert_accessible(page)
    screenshot(page, f"organizer-project-{lang}")
    page.locator("nav.dashboard-menu").get_by_role("link", name=words["projects"], exact=True).click()
    expect(page.get_by_role("link", name=f"Powroty {run}")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"organizer-projects-{lang}")

    page.locator("nav.dashboard-menu").get_by_role("link", name=words["new_event"], exact=True).click()
    choice = page.locator("#f-project")
    choice.select_option(project)
    expect(choice.locator("option:checked")).to_have_text(f"Powroty {run} ({project})")
