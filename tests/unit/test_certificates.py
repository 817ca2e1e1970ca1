"""Certificates of attendance: a three-day training with ten people and partial check-ins; exactly the
people over the threshold get one e-mail each, in their language, however often the schedule runs
and even after it dies half-way; the PDF reads back and its QR code opens the verification page,
which says valid, then revoked."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest

from chalicelib.application.schedules.jobs import run_after_event, run_outbox
from chalicelib.registration import signup
from chalicelib.store import certificates as certificate_store
from tests import mailbox
from tests.factories import event_data, person, published_event
from tests.faults import dies_on_call
from tests.unit.test_attendance import CAME, START, door_days
from tests.unit.test_checkin import call

pytestmark = pytest.mark.usefixtures("aws")
LANGUAGES = ["pl", "en", "uk", "en", "pl", "uk", "en", "pl", "uk", "uk"]
NAMES = {0: "Zofia Żółkiewska", 1: "Ahmed Ali", 9: "Олена Коваленко"}
QUALIFY = {n for n, came in enumerate(CAME) if len(came) == 3}  # 3 of 3 days; 2 of 3 is below 80 %
CERTIFICATE = {"enabled": True, "hours": 16, "signatory": "Anna Kowalska, Head of Department",
               "text": {"pl": "Prawo pracy w Polsce", "en": "Labour law in Poland", "uk": "Трудове право в Польщі"}}


@pytest.fixture
def training(client, time_machine):
    time_machine.move_to(START - timedelta(days=7), tick=False)
    event = published_event(kind="training", capacity=10, starts_at=START.isoformat(),
                            ends_at=(START + timedelta(days=2, hours=8)).isoformat(), certificate=CERTIFICATE,
                            title={"pl": "Szkolenie", "en": "Training", "uk": "Тренінг"})
    ids = [signup.register(event, person(n, language=LANGUAGES[n], name=NAMES.get(n, f"Person {n}"))).registration_id
           for n in range(10)]
    door_days(client, time_machine, event, ids)
    time_machine.move_to(START + timedelta(days=3), tick=False)  # the day after it ended
    return event, ids


def certificate_mails() -> dict[str, list]:
    found: dict[str, list] = {}
    for message in mailbox.sent():
        if message["X-Zapisy-Kind"] == "certificate":
            found.setdefault(str(message["To"]), []).append(message)
    return found


def pdf_of(message) -> bytes:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    return part.get_payload(decode=True)


def text_and_qr(pdf: bytes) -> tuple[str, str]:
    import pypdfium2
    import zxingcpp
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    [code] = zxingcpp.read_barcodes(image)
    return text, code.text


def test_exactly_the_people_over_the_threshold_get_one_certificate_each_through_reruns_and_a_crash(
        training, monkeypatch):
    monkeypatch.setattr(certificate_store, "issue", dies_on_call(certificate_store.issue, 2))
    with pytest.raises(SystemExit):
        run_after_event()  # died after the first certificate, before the second
    monkeypatch.undo()
    assert run_after_event()["certificates"] == {"events": 1, "certificates": len(QUALIFY) - 1}
    assert run_after_event()["certificates"] == {"events": 0, "certificates": 0}  # done with this event
    run_outbox()  # the e-mail committed by the run that died waits in the outbox for the sweep
    mails = certificate_mails()
    assert sorted(mails) == sorted(f"person{n}@example.com" for n in QUALIFY)
    assert all(len(found) == 1 for found in mails.values())
    for n in QUALIFY:
        [message] = mails[f"person{n}@example.com"]
        from chalicelib.i18n import gettext

        assert gettext(LANGUAGES[n], "Can't come? Free your seat") not in mailbox.text_of(message)  # it is over
        subject = {"pl": "zaświadczenie", "en": "certificate", "uk": "сертифікат"}[LANGUAGES[n]]
        assert subject in str(message["Subject"]).lower(), message["Subject"]
        text, url = text_and_qr(pdf_of(message))
        number = url.rsplit("/", 1)[1]
        assert (NAMES[n] in text) if n != 1 else ("Ahmed" in text and "Ali" in text)
        assert {"pl": "Szkolenie", "en": "Training", "uk": "Тренінг"}[LANGUAGES[n]] in text
        assert {"pl": "Zaświadczenie", "en": "CERTIFICATE", "uk": "СЕРТИФІКАТ"}[LANGUAGES[n]].lower() in text.lower()
        assert number in text and "2027" in text and "16" in text


def test_the_qr_code_opens_a_page_that_says_valid_then_revoked(client, web, training):
    event, ids = training
    run_after_event()
    [message] = certificate_mails()["person9@example.com"]
    _, url = text_and_qr(pdf_of(message))
    path = url.split("://", 1)[1].split("/", 1)[1]
    page = web.get(f"/{path}?lang=uk").body.decode()
    assert "Цей сертифікат дійсний." in page and "Олена Коваленко" in page and "Тренінг" in page
    status, body = call(client, "DELETE", f"/api/organizer/events/{event.event_id}/registrations/{ids[9]}/certificate")
    assert status == 200 and body["revoked_at"]
    assert "This certificate was revoked" in web.get(f"/{path}?lang=en").body.decode()
    again = call(client, "DELETE", f"/api/organizer/events/{event.event_id}/registrations/{ids[9]}/certificate")
    assert again[0] == 409
    unknown = web.get("/certificates/2027-AAAA-BBBB?lang=en")
    assert unknown.status_code == 404 and "no certificate with this number" in unknown.body.decode()


def test_organizers_issue_by_hand_and_print_them_all_and_holders_download_theirs(client, web, training):
    event, ids = training
    run_after_event()
    status, body = call(client, "POST", f"/api/organizer/events/{event.event_id}/registrations/{ids[2]}/certificate")
    assert status == 200 and body["certificate"]  # 2 of 3 days: below the threshold, issued by hand
    assert len(certificate_mails()["person2@example.com"]) == 1
    status, again = call(client, "POST", f"/api/organizer/events/{event.event_id}/registrations/{ids[2]}/certificate")
    assert again["certificate"] == body["certificate"] and len(certificate_mails()["person2@example.com"]) == 2
    from chalicelib import auth
    from tests.unit.test_checkin import bearer

    everything = client.http.get(f"/api/organizer/events/{event.event_id}/certificates.pdf",
                                 headers={**bearer(), "Accept": "application/pdf"})
    from pypdf import PdfReader

    assert everything.status_code == 200 and len(PdfReader(io.BytesIO(everything.body)).pages) == len(QUALIFY) + 1
    token = auth.manage_token(event.event_id, ids[0])
    assert "certificate.pdf" in web.get(f"/manage/{token}?lang=en").body.decode()
    own = web.get(f"/manage/{token}/certificate.pdf", headers={"Accept": "*/*"})
    assert own.status_code == 200 and own.headers["Content-Type"] == "application/pdf"
    assert web.get(f"/manage/{auth.manage_token(event.event_id, ids[8])}/certificate.pdf",
                   headers={"Accept": "*/*"}).status_code == 404


def test_the_certificate_settings_are_checked_and_have_defaults(client):
    status, created = call(client, "POST", "/api/organizer/events", {**event_data(), "certificate": {"enabled": True}})
    assert status == 201 and created["certificate"] == {"enabled": True, "min_attendance": 0.8, "hours": None,
                                                        "text": {}, "signatory": ""}
    for wrong in ({"enabled": "yes"}, {"min_attendance": 1.5}, {"hours": -1}, {"text": {"de": "x"}}, {"colour": 1}, []):
        status, body = call(client, "PATCH", f"/api/organizer/events/{created['id']}", {"certificate": wrong})
        assert status == 400 and "certificate" in body["error"]["fields"], wrong


def test_the_dashboard_prints_them_all_from_the_event_page(client, web, training):
    """The event page links every certificate in one PDF once certificates are on; before any is issued the
    link answers a clear 404 page, not an empty file; another project's organizer gets nothing."""
    from pypdf import PdfReader

    from tests.unit.test_dashboard import login

    event, _ = training
    cookie = login(web)
    page = web.get(f"/organizer/events/{event.event_id}?lang=en", headers={"Cookie": cookie}).body.decode()
    assert f"/organizer/events/{event.event_id}/certificates.pdf?lang=en" in page
    path = f"/organizer/events/{event.event_id}/certificates.pdf?lang=en"
    early = web.get(path, headers={"Cookie": cookie, "Accept": "*/*"})
    assert early.status_code == 404 and "No certificates have been issued for this event yet." in early.body.decode()
    run_after_event()
    printed = web.get(path, headers={"Cookie": cookie, "Accept": "*/*"})
    assert printed.status_code == 200 and printed.headers["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(printed.body)).pages) == len(QUALIFY)
    outsider = login(web, project="epi", email="other@city.example")
    assert web.get(path, headers={"Cookie": outsider, "Accept": "*/*"}).status_code == 404
