"""The check-in code in the e-mails: the QR code inline in the confirmation, read back out of the
PNG with zlib alone and decoded, and the typed code in the text."""
from __future__ import annotations

import email
import email.policy
import struct
import zlib

import pytest

from chalicelib.checkin import qr, tokens
from chalicelib.emails import compose, delivery
from chalicelib.emails.mime import ICS_CONTENT_TYPE, Attachment, build_message
from chalicelib.emails.render import EmailContent
from chalicelib.registration import leaving
from tests import mailbox
from tests.factories import published_event
from tests.unit.test_checkin import register, stored

pytestmark = pytest.mark.usefixtures("aws")


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
