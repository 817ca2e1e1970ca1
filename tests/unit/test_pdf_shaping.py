"""The sign-in sheet draws every name as a browser does: HarfBuzz joins Arabic letters, the bidi
algorithm runs Arabic and Hebrew right to left with numbers in their own order, and the names
that need none of this are drawn exactly as before. Read back with pypdfium2: the characters'
places on the page and the rendered pixels."""
from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.exports import pdf_sheet
from chalicelib.records import Event, Registration

STARTS = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
EVENT = Event(event_id="e1", kind="workshop", status="published", title={"pl": "Warsztat"}, starts_at=STARTS,
              ends_at=STARTS + timedelta(hours=2), timezone="Europe/Warsaw", venue="Kielce", capacity=10,
              created_at=STARTS, updated_at=STARTS)
PT_PER_MM = 72 / 25.4
SCALE = 4  # pixels per point when rendered


def sheet(*names: str) -> bytes:
    people = [Registration(registration_id=str(n), event_id="e1", status="confirmed", name=name,
                           email=f"p{n}@example.org", created_at=STARTS, updated_at=STARTS)
              for n, name in enumerate(names)]
    out = io.BytesIO()
    pdf_sheet.write_signin_sheet(EVENT, people, out, language="pl", funder="", only_session=None)
    return out.getvalue()


def drawn(body: bytes, name: str) -> tuple[str, tuple[float, float, float, float]]:
    """The characters of the row holding `name`, left to right as they stand on the page, and the
    row's box (left, bottom, right, top, in points)."""
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(body)[0].get_textpage()
    chars = [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())]
    letters = {c for c in name if c.isalpha() and c > "\u0590"} or {c for c in name if c.isalpha()}  # the row's own
    boxes = [box for char, box in chars if char in letters]
    bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
    left = (pdf_sheet.MARGIN + pdf_sheet.NUMBER_W) * PT_PER_MM
    right = left + pdf_sheet.NAME_W * PT_PER_MM
    row = [(box[0], char) for char, box in chars
           if left <= box[0] <= right and box[1] < top and box[3] > bottom and char.strip()]
    return "".join(char for _, char in sorted(row)), (left, bottom, right, top)


def ink_pieces(body: bytes, box: tuple[float, float, float, float]) -> int:
    """How many separate strokes of ink are in `box`: joined letters are one."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(body)[0]
    bitmap = page.render(scale=SCALE, grayscale=True)
    width, stride, height = bitmap.width, bitmap.stride, bitmap.height
    pixels = bytes(bitmap.buffer)
    page_h = page.get_height()
    x0, x1 = int(box[0] * SCALE) + 4, int(box[2] * SCALE) - 4
    y0, y1 = int((page_h - box[3]) * SCALE) - 2, int((page_h - box[1]) * SCALE) + 2
    ink = {(x, y) for y in range(max(0, y0), min(height, y1)) for x in range(max(0, x0), min(width, x1))
           if pixels[y * stride + x] < 128}
    pieces = 0
    while ink:
        pieces += 1
        todo = [ink.pop()]
        while todo:
            x, y = todo.pop()
            for near in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if near in ink:
                    ink.remove(near)
                    todo.append(near)
    return pieces


def test_an_arabic_name_runs_right_to_left():
    name = "محمد"  # read from the right: meem, hah, meem, dal
    assert drawn(sheet(name, "Anna Nowak"), name)[0] == name[::-1]


def test_an_arabic_name_has_its_letters_joined():
    name = "محمد"  # four letters without dots: one stroke when joined, four when not
    body = sheet(name)
    assert ink_pieces(body, drawn(body, name)[1]) == 1


def test_numbers_in_a_hebrew_name_keep_their_order():
    name = "דוד 123 כהן"
    assert drawn(sheet(name), name)[0] == "ןהכ123דוד"  # the words right to left, the number left to right


def test_a_mixed_name_runs_as_a_browser_runs_it():
    name = "Anna محمد"
    assert drawn(sheet(name), name)[0] == "Anna" + "محمد"[::-1]


def glyphs(body: bytes) -> list[tuple[str, float, float, float, float]]:
    """Every character on the first page with its box."""
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(body)[0].get_textpage()
    found = [(text.get_text_range(i, 1), *text.get_charbox(i)) for i in range(text.count_chars())]
    return [g for g in found if g[0].strip()]  # a space has no ink, and the reader guesses its box


@pytest.mark.parametrize("name", ["Zażółć Gęślą Jaźń", "Олена Коваленко-Їжак", "Γιώργος Παπαδόπουλος",
                                  "O'Brien-Smith, Jr.", "Wojciech Fijałkowski-Lewandowski"])
def test_names_that_need_no_shaping_are_drawn_as_shaped_ones(monkeypatch, name):
    assert not pdf_sheet.needs_shaping(name)
    fast = glyphs(sheet(name))
    monkeypatch.setattr(pdf_sheet, "needs_shaping", lambda text: True)  # the whole sheet through HarfBuzz
    shaped = glyphs(sheet(name))
    assert [g[0] for g in fast] == [g[0] for g in shaped]  # the same characters, in the same order
    worst = max(abs(a - b) for f, s in zip(fast, shaped, strict=True) for a, b in zip(f[1:], s[1:], strict=True))
    assert worst < 0.05  # points: the same glyphs in the same places, to the rounding of the PDF's numbers


def test_only_scripts_and_marks_that_need_it_are_shaped():
    assert [pdf_sheet.needs_shaping(t) for t in ("Łukasz", "Їжак", "محمد", "דוד", "e\u0301", "Zosia 🎉")] == [
        False, False, True, True, True, True]
