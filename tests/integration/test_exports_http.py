"""Exports over real HTTP: `chalice local` serves the binary files, and a large one comes from S3."""
from __future__ import annotations

import io

import pytest
import requests

from devstack.stack import UNLIMITED, LocalStack
from tests.factories import person
from tests.stack_client import Api

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def tiny_limit_api():
    """A second stack whose every export is "too large", so each one is a redirect to S3."""
    local = LocalStack(table_name="zapisy-it-exports", extra_env={"EXPORT_INLINE_MAX_BYTES": "1", **UNLIMITED})
    local.start(export_env=False)
    yield Api(local)
    local.stop()


def _event_with_people(api: Api) -> str:
    event_id = api.published_event(capacity=5, venue="Łódź")
    for n, name in enumerate(["Олена Коваленко", "Zażółć Gęślą"], start=1):
        body = person(n, name=name, email=f"export{n}@example.com", language="uk")
        assert api.request("POST", f"/api/events/{event_id}/registrations", body=body).status_code == 201
    return event_id


def test_chalice_local_serves_the_binary_exports(api):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    event_id = _event_with_people(api)
    base = f"/api/organizer/events/{event_id}"
    pdf = api.request("GET", base + "/signin-sheet.pdf", organizer=True, headers={"Accept": "application/pdf"})
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Олена Коваленко" in text and "Zażółć Gęślą" in text and "Łódź" in text
    xlsx = api.request("GET", base + "/attendees.xlsx", organizer=True)  # requests sends Accept: */*
    assert xlsx.status_code == 200 and xlsx.headers["Content-Type"] == XLSX
    names = {row[0].value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=2)}
    assert names == {"Олена Коваленко", "Zażółć Gęślą"}
    csv = api.request("GET", base + "/attendees.csv", organizer=True)
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    assert "Олена Коваленко" in csv.content.decode("utf-8-sig")
    refused = api.request("GET", base + "/signin-sheet.pdf", organizer=True, headers={"Accept": "text/html"})
    assert refused.status_code == 406 and refused.json()["error"]["code"] == "not_acceptable"


def test_a_large_export_is_fetched_from_s3_with_the_presigned_link(tiny_limit_api):
    api = tiny_limit_api
    event_id = _event_with_people(api)
    response = api.request("GET", f"/api/organizer/events/{event_id}/signin-sheet.pdf", organizer=True,
                           headers={"Accept": "application/pdf"}, session=requests.Session())
    assert response.status_code == 200 and response.history and response.history[0].status_code == 302
    assert response.history[0].headers["Location"].startswith(api.stack.moto.url)
    assert response.content.startswith(b"%PDF-")
    log = api.request("GET", f"/api/organizer/events/{event_id}/exports", organizer=True).json()
    assert [(i["format"], i["delivery"], i["rows"]) for i in log["items"]] == [("pdf", "s3", 2)]
