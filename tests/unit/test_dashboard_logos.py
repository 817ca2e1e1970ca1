"""Logos in the dashboard: uploaded as multipart/form-data, checked before anything is stored,
refused on the page in the reader's language, shown from this site, removed one by one."""
from __future__ import annotations

import html
import io
import os
import re

import boto3
import png
import pytest
from urllib3 import encode_multipart_formdata

from chalicelib.store import directory as store
from tests.conftest import TEST_ENV
from tests.unit.test_dashboard_directory import Session, set_up

pytestmark = pytest.mark.usefixtures("aws")
ADMIN = {"role": "admin", "project": ["re-turn"], "email": "boss@city.example"}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" fill="#039"/></svg>'
IMG = {"Accept": "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"}


def a_png(side: int = 2, noise: bool = False) -> bytes:
    """A real PNG; with noise it hardly compresses, so its size is about side² bytes."""
    rows = [list(os.urandom(side)) if noise else [(x + y) % 2 * 255 for x in range(side)] for y in range(side)]
    out = io.BytesIO()
    png.Writer(side, side, greyscale=True).write(out, rows)
    return out.getvalue()


def upload(session: Session, path: str, data: bytes, filename: str, content_type: str, *, lang: str = "en",
           csrf: str | None = None):
    body, multipart = encode_multipart_formdata({
        "csrf": session.csrf if csrf is None else csrf, "lang": lang, "logo": (filename, data, content_type)})
    return session.web.post(f"{path}?lang={lang}", headers={"Content-Type": multipart, "Cookie": session.cookie},
                            body=body)


def stored_logos() -> int:
    table = boto3.resource("dynamodb").Table(TEST_ENV["TABLE_NAME"])
    return sum(item["pk"].startswith("LOGO#") for item in table.scan()["Items"])


@pytest.fixture
def admin(web) -> Session:
    session = Session(web, **ADMIN)
    set_up(session)
    return session


def test_an_institution_gets_a_png_logo_then_an_svg_one_then_none(admin):
    page = admin.page("/organizer/institutions/lublin?lang=en")
    assert "No logo yet." in page and 'enctype="multipart/form-data"' in page
    sent = upload(admin, "/organizer/institutions/lublin/logo", a_png(), "herb.png", "image/png")
    assert sent.status_code == 303 and sent.headers["Location"].endswith("?done=logo&lang=en")
    first = store.load_institution("lublin").logo
    shown = admin.get(sent.headers["Location"])
    assert f'<img src="/logos/{first}" alt="Logo: City of Lublin">' in shown.body.decode()
    assert "img-src 'self' data:" in shown.headers["Content-Security-Policy"]  # the page may show it
    assert "Logo uploaded." in shown.body.decode()
    assert admin.web.get(f"/logos/{first}", headers=IMG).body == a_png()

    assert upload(admin, "/organizer/institutions/lublin/logo", SVG, "herb.svg", "image/svg+xml").status_code == 303
    second = store.load_institution("lublin").logo
    assert second != first and admin.web.get(f"/logos/{first}", headers=IMG).status_code == 404
    assert admin.web.get(f"/logos/{second}", headers=IMG).headers["Content-Type"] == "image/svg+xml"
    assert stored_logos() == 1

    removed = admin.post("/organizer/institutions/lublin/logo/remove", logo=second)
    assert removed.status_code == 303 and removed.headers["Location"].endswith("?done=logo_removed&lang=en")
    assert store.load_institution("lublin").logo is None and stored_logos() == 0
    assert "Logo removed." in admin.page(removed.headers["Location"])


@pytest.mark.parametrize("why,data,filename,content_type,status,message", [
    ("not an image", b"minutes of the meeting", "notes.txt", "text/plain", 400, {
        "pl": "Wgraj obraz PNG lub SVG.", "uk": "Завантажте зображення PNG або SVG."}),
    ("a document named .png", b"%PDF-1.7 a letter", "logo.png", "image/png", 400, {
        "pl": "Ten plik nie jest poprawnym obrazem PNG.", "uk": "Цей файл не є правильним зображенням PNG."}),
    ("too large, read", a_png(458, noise=True), "photo.png", "image/png", 400, {
        "pl": "Obraz może mieć najwyżej 200 KB.", "uk": "Зображення може мати щонайбільше 200 КБ."}),
    ("too large to read", a_png(700, noise=True), "photo.png", "image/png", 413, {
        "pl": "Obraz może mieć najwyżej 200 KB.", "uk": "Зображення може мати щонайбільше 200 КБ."}),
    ("an svg with a script", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg",
     "image/svg+xml", 400, {"pl": "Plik SVG zawiera skrypty lub aktywne elementy, które są niedozwolone.",
                            "uk": "Файл SVG містить скрипти або активні елементи, які не дозволені."}),
    ("an svg with a handler", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "x.svg",
     "image/svg+xml", 400, {"pl": "Plik SVG zawiera skrypty lub aktywne elementy, które są niedozwolone.",
                            "uk": "Файл SVG містить скрипти або активні елементи, які не дозволені."}),
    ("no file chosen", b"", "", "application/octet-stream", 400, {
        "pl": "Wgraj obraz PNG lub SVG.", "uk": "Завантажте зображення PNG або SVG."}),
])
@pytest.mark.parametrize("lang", ["pl", "uk"])
def test_a_refused_file_is_said_on_the_page_and_nothing_is_stored(admin, why, data, filename, content_type, status,
                                                                  message, lang):
    for path in ("/organizer/institutions/lublin/logo", "/organizer/projects/re-turn/logos"):
        refused = upload(admin, path, data, filename, content_type, lang=lang)
        page = html.unescape(refused.body.decode())
        assert refused.status_code == status, why
        summary = re.search(r'<div class="error-summary".*?</div>', page, re.DOTALL).group(0)
        assert 'href="#f-logo"' in summary and message[lang] in summary, why
        assert f'<html lang="{lang}"' in page and 'id="f-logo"' in page and 'aria-invalid="true"' in page
    assert store.load_institution("lublin").logo is None and store.load_project("re-turn").funder_logos == []
    assert stored_logos() == 0


def test_a_project_shows_up_to_six_funder_logos_each_removable(admin):
    for n in range(6):
        kind = ("x.svg", SVG, "image/svg+xml") if n % 2 else ("x.png", a_png(n + 2), "image/png")
        assert upload(admin, "/organizer/projects/re-turn/logos", kind[1], kind[0], kind[2]).status_code == 303
    logos = store.load_project("re-turn").funder_logos
    page = admin.page("/organizer/projects/re-turn?lang=en")
    assert len(logos) == 6 and all(f'<img src="/logos/{logo}"' in page for logo in logos)
    assert 'type="file"' not in page and "A project shows at most 6 logos." in page
    seventh = upload(admin, "/organizer/projects/re-turn/logos", a_png(), "x.png", "image/png")
    assert seventh.status_code == 409 and "A project may show at most 6 logos." in html.unescape(seventh.body.decode())
    assert 'href="#f-logo"' in seventh.body.decode() and stored_logos() == 6

    for removed, logo in enumerate(logos, start=1):
        assert admin.post(f"/organizer/projects/re-turn/logos/{logo}/remove").status_code == 303
        assert store.load_project("re-turn").funder_logos == logos[removed:]
        assert admin.web.get(f"/logos/{logo}", headers=IMG).status_code == 404
    assert "No funders' logos yet." in admin.page("/organizer/projects/re-turn?lang=en") and stored_logos() == 0


def test_an_upload_needs_an_administrator_and_the_forms_token(admin, web):
    forged = upload(admin, "/organizer/institutions/lublin/logo", a_png(), "x.png", "image/png", csrf="forged",
                    lang="uk")
    assert forged.status_code == 403 and "Термін дії форми минув." in forged.body.decode()
    organizer = Session(web)
    page = organizer.page("/organizer/projects/re-turn?lang=en")
    assert 'type="file"' not in page
    for path in ("/organizer/institutions/lublin/logo", "/organizer/projects/re-turn/logos"):
        assert upload(organizer, path, a_png(), "x.png", "image/png").status_code == 403
    assert upload(admin, "/organizer/projects/re-turn/logos", SVG, "x.svg", "image/svg+xml").status_code == 303
    logo = store.load_project("re-turn").funder_logos[0]
    assert organizer.post(f"/organizer/projects/re-turn/logos/{logo}/remove").status_code == 403
    assert store.load_institution("lublin").logo is None and store.load_project("re-turn").funder_logos == [logo]


def test_a_logo_is_removed_only_through_its_own_record(admin):
    assert admin.post("/organizer/projects", id="epi", institution="lublin", **{"name-en": "EPI"}).status_code == 303
    assert upload(admin, "/organizer/projects/epi/logos", SVG, "x.svg", "image/svg+xml").status_code == 303
    theirs = store.load_project("epi").funder_logos[0]
    assert admin.post(f"/organizer/projects/re-turn/logos/{theirs}/remove").status_code == 404
    assert admin.post("/organizer/institutions/lublin/logo/remove", logo=theirs).status_code == 404
    assert store.load_project("epi").funder_logos == [theirs]
    assert admin.web.get(f"/logos/{theirs}", headers=IMG).status_code == 200  # still shown where it belongs


def test_a_body_that_is_not_a_multipart_form_is_refused_and_nothing_is_stored(admin):
    for content_type, body in (("multipart/form-data", a_png()),  # no boundary
                               ("multipart/form-data; boundary=x", b"--y\r\n")):  # not the boundary it names
        refused = admin.web.post("/organizer/institutions/lublin/logo?lang=en",
                                 headers={"Content-Type": content_type, "Cookie": admin.cookie}, body=body)
        assert refused.status_code == 400 and refused.headers["Content-Type"].startswith("text/html")
    assert store.load_institution("lublin").logo is None and stored_logos() == 0
