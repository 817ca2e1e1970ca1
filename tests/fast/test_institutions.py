"""Institutions and projects: only administrators change them, uploads are checked, the privacy
notice's version follows its text, and existing events get their projects."""
from __future__ import annotations

import io

import png
import pytest

from chalicelib.auth import Organizer
from chalicelib.errors import Conflict, Forbidden, InvalidInput
from chalicelib.institutions import migration, service
from chalicelib.institutions.logos import MAX_BYTES, check_logo
from chalicelib.store import directory as store
from tests.factories import admin, published_event

SVG = b'<svg xmlns="http://www.w3.org/2000/svg">'
ORGANIZER = Organizer("o-1", "o@example.org", "organizer", ("re-turn",))
LUBLIN = {"id": "lublin", "name": {"pl": "Urząd Miasta Lublin", "en": "City of Lublin", "uk": "Міська рада Любліна"},
          "address": "Plac Króla Władysława Łokietka 1, 20-109 Lublin", "email": "Sekretariat@Lublin.eu",
          "phone": "+48 81 466 10 00", "dpo_email": "iod@lublin.eu", "accessibility_status": "partial",
          "statement_published": "2026-11-02"}


def a_png(width: int = 4, height: int = 3) -> bytes:
    out = io.BytesIO()
    png.Writer(width, height, greyscale=True).write(out, [[255] * width for _ in range(height)])
    return out.getvalue()


def test_an_administrator_sets_up_an_institution_and_a_project_and_nobody_else_can():
    with pytest.raises(Forbidden):
        service.save_institution(ORGANIZER, LUBLIN)
    city = service.save_institution(admin(), LUBLIN)
    assert city.email == "sekretariat@lublin.eu" and city.statement_published.isoformat() == "2026-11-02"
    project = service.save_project(admin(), {"id": "epi", "institution": "lublin", "name": {"en": "EPI"},
                                             "funding": {"pl": "Współfinansowane przez Unię Europejską"},
                                             "eu_emblem": True})
    assert project.institution_id == "lublin" and project.eu_emblem and project.privacy_version == 1
    with pytest.raises(Conflict) as taken:  # a well-formed id that is taken: a conflict (409)
        service.save_project(admin(), {"id": "epi", "institution": "lublin", "name": {"en": "Again"}})
    assert set(taken.value.fields) == {"id"}
    with pytest.raises(InvalidInput) as unknown:
        service.save_project(admin(), {"id": "x", "institution": "nowhere", "name": {"en": "X"}})
    assert set(unknown.value.fields) == {"institution"}


def test_every_wrong_field_is_named_at_once():
    with pytest.raises(InvalidInput) as refused:
        service.save_institution(admin(), {"id": "Bad Id", "email": "nope", "phone": "call me", "website": "http://x",
                                           "accessibility_status": "mostly", "statement_updated": "yesterday"})
    assert set(refused.value.fields) == {"id", "name", "email", "phone", "website", "accessibility_status",
                                         "statement_updated"}


def test_the_privacy_notice_gets_a_new_version_only_when_its_text_changes():
    service.save_institution(admin(), LUBLIN)
    service.save_project(admin(), {"id": "epi", "institution": "lublin", "name": {"en": "EPI"}})
    assert service.save_project(admin(), {"name": {"en": "EPI 2"}}, "epi").privacy_version == 1
    changed = service.save_project(admin(), {"purposes": {"en": "To run the events."}}, "epi")
    assert changed.privacy_version == 2 and changed.privacy_changed is not None
    assert service.save_project(admin(), {"purposes": {"en": "To run the events."}}, "epi").privacy_version == 2


def test_a_logo_must_be_a_real_png_or_a_picture_only_svg():
    assert check_logo(a_png(), "image/png") == "image/png"
    assert check_logo(b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4" fill="#039"/></svg>',
                      "image/svg+xml") == "image/svg+xml"
    refusals = {
        "a text file": (b"hello", "text/plain"),
        "a PDF called PNG": (b"%PDF-1.4 ...", "image/png"),
        "a truncated PNG": (a_png()[:-20], "image/png"),
        "too large": (a_png() + b"\0" * MAX_BYTES, "image/png"),
        "a script": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        "a handler": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
        "a foreign object": (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "image/svg+xml"),
        "a remote image": (SVG + b'<image xmlns:x="http://www.w3.org/1999/xlink" x:href="https://e.x/p.png"/></svg>',
                           "image/svg+xml"),
        "a javascript link": (SVG + b'<a href="javascript:alert(1)"><rect/></a></svg>', "image/svg+xml"),
        "entities": (b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
                     "image/svg+xml"),
        "a style that loads": (SVG + b"<style>@import url(//e.x/a.css)</style></svg>", "image/svg+xml"),
        "not svg at all": (b"<html/>", "image/svg+xml"),
    }
    for why, (data, kind) in refusals.items():
        with pytest.raises(InvalidInput) as refused:
            check_logo(data, kind)
        assert set(refused.value.fields) == {"logo"}, why


def test_a_new_institution_logo_replaces_the_old_and_funder_logos_add_up(memory):
    service.save_institution(admin(), LUBLIN)
    first = service.upload_logo(admin(), "institution", "lublin", a_png(), "image/png")
    second = service.upload_logo(admin(), "institution", "lublin", a_png(8, 8), "image/png")
    assert store.load_institution("lublin").logo == second.logo_id and store.load_logo(first.logo_id) is None
    service.save_project(admin(), {"id": "epi", "institution": "lublin", "name": {"en": "EPI"}})
    logos = [service.upload_logo(admin(), "project", "epi", a_png(), "image/png").logo_id for _ in range(2)]
    assert store.load_project("epi").funder_logos == logos
    service.remove_logo(admin(), "project", "epi", logos[0])
    assert store.load_project("epi").funder_logos == logos[1:] and set(memory.logos) == {second.logo_id, logos[1]}


def test_existing_events_get_their_projects_once():
    for project in ("re-turn", "epi", "re-turn"):
        published_event(project=project)
    assert migration.run() == {"projects": 2, "institutions": 1}
    assert migration.run() == {"projects": 0, "institutions": 0}
    re_turn = store.load_project("re-turn")
    assert re_turn.eu_emblem and "Europejskiego Funduszu Rozwoju Regionalnego" in re_turn.funding["pl"]
    assert {p.institution_id for p in store.list_projects()} == {"institution"}
