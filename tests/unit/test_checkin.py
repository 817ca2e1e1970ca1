"""Check-in: the signed code and its QR code in the e-mail, marking attendance once, the name search."""
from __future__ import annotations

import email
import email.policy
import json
import os
import struct
import subprocess
import sys
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import auth
from chalicelib.checkin import qr, service, tokens
from chalicelib.emails import compose, delivery
from chalicelib.emails.mime import ICS_CONTENT_TYPE, Attachment, build_message
from chalicelib.emails.render import EmailContent
from chalicelib.registration import leaving, signup
from chalicelib.store import registrations as registration_store
from chalicelib.store.convert import registration_ref
from chalicelib.store.models import RegistrationItem
from tests import mailbox
from tests.conftest import ROOT, TEST_ENV
from tests.factories import admin, person, published_event

pytestmark = pytest.mark.usefixtures("aws")
SESSIONS = [{"id": "am", "title": {"pl": "Rano", "en": "Morning"}, "capacity": 5},
            {"id": "pm", "title": {"pl": "Po południu", "en": "Afternoon"}, "capacity": 5}]



def bearer(organizer=None) -> dict[str, str]:
    return {"Authorization": f"Bearer {auth.issue_organizer_token(organizer or admin())}",
            "Content-Type": "application/json"}


def call(client, method: str, path: str, body=None, organizer=None):
    response = client.http.request(method, path, headers=bearer(organizer),
                                   body=json.dumps(body) if body is not None else b"")
    return response.status_code, json.loads(response.body)


def register(event, n: int, *, mail: bool = True, **overrides) -> str:
    outcome = signup.register(reload(event), person(n, **overrides))
    if mail:
        delivery.after_commit(outcome.messages)
    return outcome.registration_id


def reload(event):
    from chalicelib.store import events as event_store

    return event_store.load_event(event.event_id, consistent=True)


def stored(event, registration_id: str) -> RegistrationItem:
    return registration_store.load_registration(event.event_id, registration_id)


def check(client, event, body, organizer=None):
    """Check in, with the door's messages in English (the tests read them)."""
    return call(client, "POST", f"/api/organizer/events/{event.event_id}/checkin", {"language": "en", **body},
                organizer)


# --- reading the QR code back out of the e-mail ------------------------------------------------

def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """A greyscale PNG (as segno writes it) decoded with zlib alone: width, height, rows of 0/255."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, compressed, header = 8, b"", None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind, body = data[position + 4:position + 8], data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
    width, height, depth, colour, _, _, interlace = header
    assert colour == 0 and interlace == 0 and depth in (1, 8), header
    stride = (width * depth + 7) // 8
    raw, previous, rows = zlib.decompress(compressed), bytearray(stride), []
    for y in range(height):
        kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left, up, corner = (row[i - 1] if i else 0), previous[i], (previous[i - 1] if i else 0)
            if kind == 1:
                row[i] = (row[i] + left) & 255
            elif kind == 2:
                row[i] = (row[i] + up) & 255
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        previous = row
        if depth == 8:
            rows.append(bytes(row))
        else:
            rows.append(bytes(255 if row[x // 8] >> (7 - x % 8) & 1 else 0 for x in range(width)))
    return width, height, rows


def modules_of(png: bytes) -> tuple[tuple[int, ...], ...]:
    """The QR modules drawn in the PNG (1 dark), sampled at each module's centre, quiet zone off."""
    width, height, rows = png_pixels(png)
    assert width == height and width % qr.SCALE == 0
    size = width // qr.SCALE - 2 * qr.BORDER
    centre = qr.SCALE // 2
    return tuple(tuple(int(rows[(qr.BORDER + y) * qr.SCALE + centre][(qr.BORDER + x) * qr.SCALE + centre] == 0)
                       for x in range(size)) for y in range(size))


def decoded_text(png: bytes) -> str | None:
    """What a real QR reader (zxing-cpp) reads from the PNG."""
    import zxingcpp
    width, height, rows = png_pixels(png)
    pixels = b"".join(rows)  # kept alive while zxing reads it: the view does not hold a reference
    result = zxingcpp.read_barcode(zxingcpp.ImageView(pixels, width, height, zxingcpp.ImageFormat.Lum))
    assert result is None or result.format.name == "QRCode"
    return result.text if result else None


def checkin_mail(address: str) -> email.message.EmailMessage:
    [message] = [m for m in mailbox.sent() if m["To"] == address and m["X-Zapisy-Kind"] in compose.WITH_CHECKIN]
    return message


def png_part(message: email.message.EmailMessage):
    [part] = [p for p in message.walk() if p.get_filename() == compose.QR_FILENAME]
    return part


def test_the_confirmation_carries_the_qr_code_inline_and_the_code_in_the_text():
    event = published_event(capacity=5)
    registration_id = register(event, 1, language="uk", name="Олена Коваленко")
    code = tokens.checkin_code(event.event_id, registration_id)
    message = checkin_mail("person1@example.com")

    part = png_part(message)
    png = part.get_payload(decode=True)
    assert part.get_content_type() == "image/png" and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert part.get_content_disposition() == "inline" and part["Content-ID"] == f"<{compose.QR_CONTENT_ID}>"
    # multipart/mixed > alternative(text, related(html, png)) + the calendar
    alternative, calendar = message.iter_parts()
    plain, related = alternative.iter_parts()
    assert related.get_content_type() == "multipart/related"
    html, image = related.iter_parts()
    assert image is not None and image.get_filename() == compose.QR_FILENAME
    assert f'src="cid:{compose.QR_CONTENT_ID}"' in html.get_content()
    assert code in html.get_content() and code in plain.get_content()
    assert calendar.get_filename() == "event.ics"

    # the picture is the code: segno's own matrix of the expected text, module for module ...
    assert modules_of(png) == qr.qr_matrix(code)
    # ... and a real QR reader reads exactly the code back
    assert decoded_text(png) == code
    assert tokens.registration_for(event.event_id, decoded_text(png)) == registration_id


def test_the_promoted_mail_carries_the_code_and_the_waitlisted_one_does_not():
    event = published_event(capacity=1)
    first = register(event, 1)
    second = register(event, 2)
    waitlisted = [m for m in mailbox.sent() if m["X-Zapisy-Kind"] == "waitlisted"]
    assert len(waitlisted) == 1 and not [p for p in waitlisted[0].walk() if p.get_filename() == compose.QR_FILENAME]
    delivery.after_commit(leaving.cancel(stored(event, first)).messages)
    promoted = checkin_mail("person2@example.com")
    assert promoted["X-Zapisy-Kind"] == "promoted"
    png = png_part(promoted).get_payload(decode=True)
    assert modules_of(png) == qr.qr_matrix(tokens.checkin_code(event.event_id, second))
    assert tokens.checkin_code(event.event_id, second) in mailbox.text_of(promoted)


def test_build_message_keeps_its_shape_without_inline_parts_and_relates_them_with():
    content = EmailContent("s", "text", "<p>html</p>")
    ics = Attachment("event.ics", ICS_CONTENT_TYPE, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    plain = email.message_from_bytes(build_message("a@example.org", "b@example.org", content, [ics]),
                                     policy=email.policy.default)
    assert [p.get_content_type() for p in plain.walk()] == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar"]
    image = Attachment("checkin.png", "image/png", b"\x89PNG\r\n\x1a\n", content_id="x<y>@z\r\nBcc: c")
    both = email.message_from_bytes(build_message("a@example.org", "b@example.org", content, [image, ics]),
                                    policy=email.policy.default)
    assert [p.get_content_type() for p in both.walk()] == [
        "multipart/mixed", "multipart/alternative", "text/plain", "multipart/related", "text/html",
        "image/png", "text/calendar"]
    [png] = [p for p in both.walk() if p.get_content_type() == "image/png"]
    assert png["Content-ID"] == "<xy@zBcc:c>" and png.get_payload(decode=True) == b"\x89PNG\r\n\x1a\n"
    assert both["Bcc"] is None


# --- the code ----------------------------------------------------------------------------------

def test_codes_are_short_grouped_and_forgiving_to_type():
    event = published_event()
    registration_id = register(event, 1)
    code = tokens.checkin_code(event.event_id, registration_id)
    assert len(code) == 29 and [len(g) for g in code.split("-")] == [4] * 6
    assert set(code) <= set(tokens.ALPHABET + "-")
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert tokens.registration_for(event.event_id, typed) == registration_id
    assert tokens.registration_for(event.event_id, f"  {code}\n") == registration_id
    for bad in ("", "ABCD", code + "A", code.replace("-", "")[:-1], "U" * 24, None):
        assert tokens.registration_for(event.event_id, bad) is None


def test_a_code_of_one_registration_never_checks_in_another(client):
    event = published_event(capacity=5)
    other_event = published_event(capacity=5)
    mine, yours = register(event, 1), register(event, 2)
    elsewhere = register(other_event, 3)
    my_code = tokens.checkin_code(event.event_id, mine)
    assert tokens.registration_for(event.event_id, my_code) == mine
    assert tokens.registration_for(other_event.event_id, my_code) is None  # the MAC binds the event
    # my MAC with your id: refused
    id_part = tokens.checkin_code(event.event_id, yours).replace("-", "")[:16]
    spliced = id_part + my_code.replace("-", "")[16:]
    assert tokens.registration_for(event.event_id, spliced) is None

    status, body = check(client, event, {"code": tokens.checkin_code(other_event.event_id, elsewhere)})
    assert (status, body["result"], body["registration"]) == (200, "invalid_code", None)
    status, body = check(client, event, {"code": spliced})
    assert (status, body["result"]) == (200, "invalid_code")
    status, body = check(client, event, {"code": my_code})
    assert (status, body["result"], body["registration"]["id"]) == (200, "checked_in", mine)
    assert stored(event, yours).checked_in_at is None
    assert stored(other_event, elsewhere).checked_in_at is None
    # a registration id of another event names nobody here
    status, body = check(client, event, {"registration_id": elsewhere})
    assert (status, body["result"]) == (200, "unknown")


def test_every_single_character_changed_is_refused(client):
    event = published_event()
    registration_id = register(event, 1)
    symbols = tokens.checkin_code(event.event_id, registration_id).replace("-", "")
    for index, symbol in enumerate(symbols):
        for other in tokens.ALPHABET:
            if other != symbol:
                tampered = symbols[:index] + other + symbols[index + 1:]
                assert tokens.registration_for(event.event_id, tampered) is None, tampered
    tampered = ("1" if symbols[0] != "1" else "2") + symbols[1:]
    status, body = check(client, event, {"code": tampered})
    assert (status, body["result"], body["ok"]) == (200, "invalid_code", False)
    assert body["message"] == "This code is not valid for this event. Check it and try again."
    assert stored(event, registration_id).checked_in_at is None


# --- marking attendance ------------------------------------------------------------------------

def test_checking_in_twice_records_one_time(client, time_machine):
    event = published_event()
    registration_id = register(event, 1, name="Łukasz Żółw")
    code = tokens.checkin_code(event.event_id, registration_id)
    status, first = check(client, event, {"code": code})
    assert (status, first["result"], first["ok"]) == (200, "checked_in", True)
    assert first["message"] == "Checked in: Łukasz Żółw."
    assert first["registration"]["name"] == "Łukasz Żółw" and first["registration"]["status"] == "confirmed"
    assert first["registration"]["checked_in_at"] == first["checked_in_at"]
    recorded = stored(event, registration_id)
    assert recorded.checked_in_at.isoformat() == first["checked_in_at"] and recorded.checked_in_by == "admin-1"

    time_machine.move_to(datetime.now(UTC) + timedelta(minutes=30))
    status, again = check(client, event, {"code": code})
    assert (status, again["result"], again["ok"]) == (200, "already_checked_in", True)
    assert again["checked_in_at"] == first["checked_in_at"]
    assert again["message"].startswith("Łukasz Żółw was already checked in at ")
    status, by_id = check(client, event, {"registration_id": registration_id})
    assert (by_id["result"], by_id["checked_in_at"]) == ("already_checked_in", first["checked_in_at"])
    assert stored(event, registration_id).checked_in_at == recorded.checked_in_at

    listed = call(client, "GET", f"/api/organizer/events/{event.event_id}/registrations")[1]["items"]
    assert [(r["checked_in_at"], r["checked_in_sessions"]) for r in listed] == [(first["checked_in_at"], {})]


def test_a_racing_second_scan_finds_the_first_time():
    """Two doors scan the same code: the slower one's conditional update is refused, it reads again."""
    event = published_event()
    registration_id = register(event, 1)
    stale = stored(event, registration_id)
    first = service.check_in(reload(event), registration_id, by="door-1")
    loads = iter([stale, stored(event, registration_id)])
    original = registration_store.load_registration
    registration_store.load_registration = lambda *_: next(loads)
    try:
        second = service.check_in(reload(event), registration_id, by="door-2")
    finally:
        registration_store.load_registration = original
    assert (first.result, second.result) == ("checked_in", "already_checked_in")
    assert second.checked_in_at == first.checked_in_at and stored(event, registration_id).checked_in_by == "door-1"


def test_check_in_per_session(client):
    event = published_event(capacity=10, sessions=SESSIONS)
    morning_only = register(event, 1, sessions=["am"])
    both = register(event, 2, sessions=["am", "pm"])
    path = f"/api/organizer/events/{event.event_id}/checkin"
    code = tokens.checkin_code(event.event_id, morning_only)

    status, body = call(client, "POST", path, {"code": code, "session": "am", "language": "en"})
    assert (status, body["result"], body["session"]) == (200, "checked_in", "am")
    assert body["message"] == "Checked in to Morning: Person 1."
    assert body["registration"]["checked_in_sessions"] == {"am": body["checked_in_at"]}
    assert body["registration"]["checked_in_at"] == body["checked_in_at"]  # they came to the event too
    assert call(client, "POST", path, {"code": code, "session": "am"})[1]["result"] == "already_checked_in"
    status, body = call(client, "POST", path, {"code": code, "session": "pm"})
    assert (status, body["result"], body["ok"]) == (200, "not_in_session", False)
    status, body = call(client, "POST", path, {"code": code, "session": "nope"})
    assert (status, body["error"]["code"], list(body["error"]["fields"])) == (400, "invalid", ["session"])
    # at the door first, then each session
    assert call(client, "POST", path, {"registration_id": both})[1]["result"] == "checked_in"
    door = stored(event, both).checked_in_at
    for session in ("am", "pm"):
        assert call(client, "POST", path, {"registration_id": both, "session": session})[1]["result"] == "checked_in"
    record = stored(event, both)
    assert record.checked_in_at == door and set(record.checked_in_sessions) == {"am", "pm"}
    assert stored(event, morning_only).checked_in_sessions.keys() == {"am"}


def test_a_registration_stored_before_session_check_in_existed_gets_its_map():
    event = published_event(capacity=10, sessions=SESSIONS)
    registration_id = register(event, 1, sessions=["pm"])
    registration_ref(event.event_id, registration_id).update(actions=[RegistrationItem.checked_in_sessions.remove()])
    result = service.check_in(reload(event), registration_id, "pm", by="door")
    assert result.result == "checked_in"
    assert stored(event, registration_id).checked_in_sessions == {"pm": result.checked_in_at.isoformat()}
    assert service.check_in(reload(event), registration_id, "pm", by="door").result == "already_checked_in"


def test_waitlisted_and_cancelled_people_cannot_be_checked_in(client):
    event = published_event(capacity=1)
    first, second, third = register(event, 1), register(event, 2), register(event, 3)
    status, body = check(client, event, {"code": tokens.checkin_code(event.event_id, second)})
    assert (status, body["result"], body["registration"]["status"]) == (200, "not_confirmed", "waitlisted")
    assert body["message"] == "Person 2 has no confirmed seat and cannot be checked in."
    delivery.after_commit(leaving.cancel(stored(event, first)).messages)  # second moves up
    for registration_id, status_now in ((first, "cancelled"), (third, "waitlisted")):
        body = check(client, event, {"code": tokens.checkin_code(event.event_id, registration_id)})[1]
        assert (body["result"], body["registration"]["status"], body["ok"]) == ("not_confirmed", status_now, False)
        assert stored(event, registration_id).checked_in_at is None
    assert check(client, event, {"code": tokens.checkin_code(event.event_id, second)})[1]["result"] == "checked_in"
    # a seat released between the read and the write is not checked in either
    stale = replace(stored(event, third), status="confirmed")
    from chalicelib.store import checkins

    assert checkins.mark_event(stale, datetime.now(UTC), "door") is None


def test_the_other_projects_organizer_gets_404_and_changes_nothing(client):
    event = published_event()
    registration_id = register(event, 1)
    stranger = auth.Organizer("o-2", "o2@example.org", "organizer", ("epi-2",))
    code = tokens.checkin_code(event.event_id, registration_id)
    status, body = check(client, event, {"code": code}, stranger)
    assert (status, body["error"]["code"]) == (404, "event_not_found")
    status, body = call(client, "GET", f"/api/organizer/events/{event.event_id}/checkin/search?q=person",
                        organizer=stranger)
    assert status == 404
    assert stored(event, registration_id).checked_in_at is None
    own = auth.Organizer("o-1", "o1@example.org", "organizer", ("re-turn",))
    assert check(client, event, {"code": code}, own)[1]["result"] == "checked_in"
    assert stored(event, registration_id).checked_in_by == "o-1"
    assert call(client, "POST", "/api/organizer/events/nope/checkin", {"code": code})[0] == 404
    anonymous = client.http.request("POST", f"/api/organizer/events/{event.event_id}/checkin",
                                    headers={"Content-Type": "application/json"}, body=json.dumps({"code": code}))
    assert anonymous.status_code in (401, 403)


@pytest.mark.parametrize("body,field", [
    ({}, "code"),
    ({"code": "ABCD", "registration_id": "abcd"}, "code"),
    ({"code": 12}, "code"),
    ({"registration_id": "x" * 101}, "registration_id"),
])
def test_a_check_in_needs_exactly_one_code_or_id(client, body, field):
    event = published_event()
    status, error = check(client, event, body)
    assert (status, error["error"]["code"], list(error["error"]["fields"])) == (400, "invalid", [field])


def test_a_cancelled_event_checks_nobody_in(client):
    event = published_event()
    registration_id = register(event, 1)
    assert call(client, "POST", f"/api/organizer/events/{event.event_id}/cancel")[0] == 200
    status, body = check(client, event, {"registration_id": registration_id})
    assert (status, body["error"]["code"]) == (409, "invalid_transition")


# --- the name search ---------------------------------------------------------------------------

def search(client, event, query: str, organizer=None):
    from urllib.parse import quote

    return call(client, "GET", f"/api/organizer/events/{event.event_id}/checkin/search?q={quote(query)}",
                organizer=organizer)


def names(body) -> list[str]:
    return [item["name"] for item in body["items"]]


def test_search_ignores_case_diacritics_and_alphabet(client):
    event = published_event(capacity=5)
    for n, name in enumerate(("Łukasz Żółw", "Олена Коваленко", "Андрій Ґонта", "Юлія Їжакевич", "Zoë Brontë")):
        register(event, n, name=name, mail=False)
    register(event, 10, name="Łucja Kowalska", mail=False)  # waitlisted: not found
    expectations = {
        "lukasz": ["Łukasz Żółw"], "ŻOŁW": ["Łukasz Żółw"], "zolw luk": ["Łukasz Żółw"],
        "олена": ["Олена Коваленко"], "ОЛЕНА": ["Олена Коваленко"], "olena kovalenko": ["Олена Коваленко"],
        "kovalenko olena": ["Олена Коваленко"], "андрии": ["Андрій Ґонта"], "гонта": ["Андрій Ґонта"],
        "andrii honta": ["Андрій Ґонта"], "yuliia": ["Юлія Їжакевич"], "іжак": ["Юлія Їжакевич"],
        "zoe bronte": ["Zoë Brontë"], "łucja": [], "nobody": [],
    }
    for query, expected in expectations.items():
        status, body = search(client, event, query)
        assert (status, names(body), body["next"]) == (200, expected, None), query
    item = search(client, event, "lukasz")[1]["items"][0]
    assert set(item) == {"id", "name", "status", "email_hint", "language", "sessions", "checked_in_at",
                         "checked_in_sessions"}
    assert item["email_hint"] == "pe\u2026@example.com" and item["status"] == "confirmed"


def test_search_returns_at_most_20_and_continues_from_the_cursor(client):
    event = published_event(capacity=30)
    for n in range(25):
        register(event, n, name=f"Anna Nowak {n:02d}", mail=False)
    register(event, 99, name="Jan Kowalski", mail=False)
    status, first = search(client, event, "nowak")
    assert status == 200 and len(first["items"]) == 20 and first["next"]
    assert names(first) == sorted(names(first))
    path = f"/api/organizer/events/{event.event_id}/checkin/search?q=nowak&cursor={first['next']}"
    status, rest = call(client, "GET", path)
    assert status == 200 and len(rest["items"]) == 5 and rest["next"] is None
    assert len(set(names(first)) | set(names(rest))) == 25
    assert len(search(client, event, "a")[1]["items"]) == 20
    limited = call(client, "GET", f"/api/organizer/events/{event.event_id}/checkin/search?q=nowak&limit=3")[1]
    assert len(limited["items"]) == 3 and limited["next"]


def test_search_reads_the_events_partition_without_a_scan(client, request):
    event = published_event()
    register(event, 1, name="Ola")
    calls = request.getfixturevalue("dynamodb_calls")  # counting starts here
    assert names(search(client, event, "ola")[1]) == ["Ola"]
    assert "Scan" not in calls and "Query" in calls


@pytest.mark.parametrize("query", ["", "   ", "-", "x" * 101])
def test_search_needs_a_name_part(client, query):
    event = published_event()
    status, body = search(client, event, query)
    assert (status, body["error"]["code"], list(body["error"]["fields"])) == (400, "invalid", ["q"])


def test_search_refuses_a_cursor_of_another_event(client):
    event, other = published_event(capacity=30), published_event(capacity=30)
    for n in range(21):
        register(other, n, name=f"Anna {n}", mail=False)
    cursor = search(client, other, "anna")[1]["next"]
    status, body = call(client, "GET", f"/api/organizer/events/{event.event_id}/checkin/search?q=anna&cursor={cursor}")
    assert (status, list(body["error"]["fields"])) == (400, ["cursor"])


# --- cold start --------------------------------------------------------------------------------

def test_importing_the_app_does_not_import_segno():
    code = "import sys, app\nprint('segno' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={**os.environ, **TEST_ENV})
    assert result.stdout.strip() == "False"
