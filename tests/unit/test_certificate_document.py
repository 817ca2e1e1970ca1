"""The certificate of attendance as a PDF, read back by real parsers: pypdf for the text, pdfium to
render the page, zxing-cpp to read the QR code, fontTools and HarfBuzz for the shaped glyphs."""
from __future__ import annotations

import dataclasses
import io
import re
import zlib

import pytest

from chalicelib.certificates import document
from chalicelib.certificates.document import CertificateContent, render
from chalicelib.fonts import FONTS
from chalicelib.i18n import gettext

MM = 72 / 25.4  # PDF points in a millimetre
SVG_LOGO = ((b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40">'
             b'<rect width="120" height="40" fill="#2a7"/></svg>'), "image/svg+xml")
ARABIC, UKRAINIAN = "محمد عبد الله", "Олена Ковальчук"
WORDS = {  # what each language's page says, from its own catalogue (a missing translation fails here)
    "pl": ("Zażółć Gęślą-Jaźń", "Kompetencje cyfrowe dla powracających migrantów", "12–14 maja 2026"),
    "en": ("Anna-Maria Nowak", "Digital skills for returning migrants", "12–14 May 2026"),
    "uk": (UKRAINIAN, "Цифрові навички для мігрантів, що повертаються", "12–14 травня 2026"),
}


def png_logo(width: int = 60, height: int = 20) -> tuple[bytes, str]:
    """A small PNG with a transparent half, written by pypng (no Pillow, as in the Lambda)."""
    import png

    rows = [[value for x in range(width) for value in ((200, 30, 40, 255) if x < width // 2 else (0, 0, 0, 0))]
            for _ in range(height)]
    out = io.BytesIO()
    png.Writer(width, height, greyscale=False, alpha=True).write(out, rows)
    return out.getvalue(), "image/png"


def certificate(**changes: object) -> CertificateContent:
    base = CertificateContent(
        number="RT-2026-00042", verify_url="https://zapisy.example/certificates/RT-2026-00042", language="en",
        holder_name="Anna-Maria Nowak", event_title="Digital skills for returning migrants",
        covered="Public e-services\nSafe online payments", dates="12–14 May 2026", hours=16.0,
        place="Kraków, ul. Wielopole 17", institution_name="City of Kraków", institution_logo=png_logo(),
        project_name="Re-Turn", funding_statement="Co-financed by the European Union from the ERDF",
        show_eu_emblem=True, funder_logos=(SVG_LOGO,), signatory="Anna Kowalska, Head of the Department",
        issued_on="14 May 2026")
    return dataclasses.replace(base, **changes)


def page_text(pdf: bytes, page: int = 0) -> str:
    """The page's text as pypdf reads it, lines joined by single spaces (wrapped text reads whole)."""
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", PdfReader(io.BytesIO(pdf)).pages[page].extract_text())


def page_image(pdf: bytes, page: int = 0, scale: float = 3.0):
    """The page as pdfium draws it, in grey (a real renderer, not our own idea of the page)."""
    import pypdfium2

    return pypdfium2.PdfDocument(pdf)[page].render(scale=scale).to_pil().convert("L")


def qr_texts(pdf: bytes, page: int = 0) -> list[str]:
    import zxingcpp

    image = page_image(pdf, page)
    pixels = image.tobytes()  # kept alive while zxing reads it: the view does not hold a reference
    view = zxingcpp.ImageView(pixels, image.width, image.height, zxingcpp.ImageFormat.Lum)
    return [found.text for found in zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.mark.parametrize("language", ["pl", "en", "uk"])
def test_the_page_says_who_took_part_in_what_and_when_in_its_language(language):
    name, title, dates = WORDS[language]
    text = page_text(render([certificate(language=language, holder_name=name, event_title=title, dates=dates)]))
    for expected in (name, title, dates, "RT-2026-00042", "zapisy.example/certificates/RT-2026-00042",
                     gettext(language, document.TITLE).upper(), gettext(language, document.CERTIFY),
                     gettext(language, "Co-funded by the European Union"),
                     gettext(language, document.HOURS, hours="16")):
        assert expected in text, (language, expected)
    if language != "en":
        assert gettext(language, document.TITLE) != document.TITLE  # translated, not the English msgid


def test_hours_are_written_as_the_language_writes_numbers_and_left_out_when_unknown():
    assert gettext("pl", document.HOURS, hours="1,5") in page_text(render([certificate(language="pl", hours=1.5)]))
    assert "16" not in page_text(render([certificate(hours=None, dates="May 2026")])).replace("2026-00042", "")


def test_the_qr_code_reads_back_as_the_verification_address():
    content = certificate()
    assert qr_texts(render([content])) == [content.verify_url]


def test_several_certificates_make_one_pdf_with_a_page_each():
    from pypdf import PdfReader

    names = ["Anna Nowak", UKRAINIAN, ARABIC]
    pdf = render([certificate(holder_name=name, number=f"RT-2026-{i:05d}", verify_url=f"https://z.example/c/{i}")
                  for i, name in enumerate(names)])
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3
    for index, name in enumerate(names[:2]):  # (pypdf gives Arabic back in drawing order: see the shaping test)
        assert name in page_text(pdf, index) and f"RT-2026-{index:05d}" in page_text(pdf, index)
    assert [qr_texts(pdf, page) for page in range(3)] == [["https://z.example/c/0"], ["https://z.example/c/1"],
                                                         ["https://z.example/c/2"]]


def test_no_certificates_is_an_error_not_an_empty_file():
    with pytest.raises(ValueError):
        render([])


def test_a_revoked_certificate_says_so_across_the_page_in_its_language():
    revoked = page_text(render([certificate(language="uk", revoked=True)]))
    assert gettext("uk", document.REVOKED) in revoked and gettext("uk", document.REVOKED) != "REVOKED"
    assert "REVOKED" not in page_text(render([certificate()]))


def test_without_the_emblem_there_is_no_eu_statement_and_a_broken_logo_is_left_out():
    text = page_text(render([certificate(show_eu_emblem=False, institution_logo=(b"not a png", "image/png"),
                                         funder_logos=((b"<svg", "image/svg+xml"),))]))
    assert "Co-funded" not in text and "City of Kraków" in text


# Shaping ------------------------------------------------------------------------------------------------


def _outline(font, glyph: str) -> tuple:
    """A glyph's points and contours (components resolved) and its advance: the same glyph in any subset.

    Glyphs are compared by outline, not by id: the PDF holds a subset of the font with its glyphs
    renumbered, and some glyphs share an outline (Latin "a" and Cyrillic "а"), so ids cannot be mapped back."""
    coordinates, ends, flags = font["glyf"][glyph].getCoordinates(font["glyf"])
    return tuple(coordinates), tuple(ends), bytes(flags), font["hmtx"][glyph][0]


def _shaped_by_harfbuzz(text: str, font_file: str) -> list[tuple]:
    """The glyphs HarfBuzz picks for `text` from the font file itself, in drawing (visual) order."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    face = hb.Face(hb.Blob.from_file_path(str(FONTS / font_file)))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(hb.Font(face), buffer, {})
    font = TTFont(str(FONTS / font_file))
    return [_outline(font, font.getGlyphName(info.codepoint)) for info in buffer.glyph_infos]


def _drawn_runs(pdf: bytes, base_font: str) -> list[list[tuple]]:
    """The glyphs of each text object drawn in `base_font` on the first page, in the order drawn."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    [(resource, font)] = [(key, value.get_object()) for key, value in page["/Resources"]["/Font"].items()
                          if value.get_object()["/BaseFont"].endswith(base_font)]
    cid_font = font["/DescendantFonts"][0].get_object()
    subset = TTFont(io.BytesIO(cid_font["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
    cid_to_gid = cid_font["/CIDToGIDMap"].get_object().get_data()
    runs: list[list[tuple]] = []
    current: list[tuple] = []
    in_font = False
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            in_font = operands[0] == resource
        elif operator == b"BT":
            current = []
        elif operator in (b"Tj", b"TJ") and in_font:
            strings = operands[0] if operator == b"TJ" else operands
            for string in (s for s in strings if not isinstance(s, int | float)):
                raw = getattr(string, "original_bytes", None) or bytes(string)
                for index in range(0, len(raw), 2):  # Identity-H: two bytes a glyph
                    cid = int.from_bytes(raw[index:index + 2], "big")
                    gid = int.from_bytes(cid_to_gid[2 * cid:2 * cid + 2], "big")
                    current.append(_outline(subset, subset.getGlyphName(gid)))
        elif operator == b"ET" and current:
            runs.append(current)
    return runs


@pytest.mark.parametrize("name", [ARABIC, UKRAINIAN, "Zażółć Gęślą-Jaźń"])
def test_names_are_drawn_in_the_glyphs_and_order_harfbuzz_shapes_them(name):
    """Arabic letters take their joined forms (initial, medial, final, the lam-lam-heh ligature) and run
    right to left; Cyrillic and Polish letters keep their own glyphs, in order."""
    drawn = _drawn_runs(render([certificate(holder_name=name)]), "DejaVuSansBold")
    assert _shaped_by_harfbuzz(name, "DejaVuSans-Bold.ttf") in drawn


def test_the_shaping_check_fails_when_shaping_is_off(monkeypatch):
    """The check above can fail: with shaping off, the Arabic letters are drawn in their isolated forms."""
    import fpdf

    original = fpdf.FPDF.set_text_shaping
    monkeypatch.setattr(fpdf.FPDF, "set_text_shaping", lambda self, *args, **kwargs: original(self, False))
    document._template.cache_clear()  # the blank document every certificate is copied from, made again
    try:
        drawn = _drawn_runs(render([certificate(holder_name=ARABIC)]), "DejaVuSansBold")
    finally:
        document._template.cache_clear()
    shaped = _shaped_by_harfbuzz(ARABIC, "DejaVuSans-Bold.ttf")
    assert shaped not in drawn
    assert not any(set(shaped) <= set(run) for run in drawn)  # not only in another order: other glyphs


# Long texts -------------------------------------------------------------------------------------------------


def _character_boxes(pdf: bytes) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every character pdfium finds on the first page with its box (left, bottom, right, top) in points."""
    import pypdfium2

    text_page = pypdfium2.PdfDocument(pdf)[0].get_textpage()
    return [(text_page.get_text_range(index, 1), text_page.get_charbox(index))
            for index in range(text_page.count_chars())]


def test_a_120_character_name_and_a_300_character_title_stay_inside_the_frame():
    name = ("Wolfeschlegelsteinhausenbergerdorff Maria-Magdalena Aleksandra Krzyżanowska-Wierzbicka "
            "von Hohenzollern-Sigmaringen Ruíz")
    title = " ".join(f"Session{n} on integration, housing, work and language courses;" for n in range(10))[:300]
    assert len(name) == 120 and len(title) == 300
    pdf = render([certificate(holder_name=name, event_title=title, covered="Many topics. " * 60)])
    inner = document.INNER_FRAME * MM
    width, height = document.PAGE_W * MM, document.PAGE_H * MM
    boxes = [box for character, box in _character_boxes(pdf) if character.strip()]
    assert boxes
    for left, bottom, right, top in boxes:
        assert inner <= left and right <= width - inner and inner <= bottom and top <= height - inner
    text = page_text(pdf)
    assert name in text  # the whole name, shrunk and wrapped, never cut
    assert title[:150] in text
    assert qr_texts(pdf) == [certificate().verify_url]  # nothing was drawn over the code


def test_a_name_too_long_for_any_size_is_cut_with_an_ellipsis_inside_the_frame():
    pdf = render([certificate(holder_name="Ab" * 400)])
    assert "…" in page_text(pdf)
    inner = document.INNER_FRAME * MM
    assert all(inner <= box[0] and box[2] <= document.PAGE_W * MM - inner for _, box in _character_boxes(pdf))


def test_a_png_logo_needs_no_pillow_and_keeps_its_transparency():
    """The Lambda has no Pillow: the PNG is decoded by pypng and embedded with an alpha mask."""
    from pypdf import PdfReader

    pdf = render([certificate(funder_logos=())])
    [image] = [xobject.get_object() for xobject in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"]
               .values() if xobject.get_object()["/Subtype"] == "/Image"]
    assert (image["/Width"], image["/Height"]) == (60, 20) and "/SMask" in image
    alpha = zlib.decompress(image["/SMask"].get_object()._data)
    assert alpha[1:31] == b"\xff" * 30 and alpha[31:61] == b"\0" * 30  # (after each row's filter byte)


def test_certificates_drawn_one_after_another_each_have_their_own_fonts():
    """Every file is a copy of one blank document whose fonts are read once; writing a file subsets its
    fonts, so a copy sharing them would break the next file (or carry the last one's glyphs)."""
    names = ["Олена Коваленко", ARABIC, "Łukasz Żółtowski", "Олена Коваленко"]
    numbers = ["RT-2026-00001", "RT-2026-00002", "RT-2026-00003", "RT-2026-00001"]
    files = [render([certificate(holder_name=name, number=number)])
             for name, number in zip(names, numbers, strict=True)]
    for name, number, pdf in zip(names, numbers, files, strict=True):
        text = page_text(pdf)
        assert number in text
        if name != ARABIC:  # pypdf reads Arabic in drawing order; the shaping tests above check it
            assert name in text
    assert _embedded_glyphs(files[0]) == _embedded_glyphs(files[3])  # the same again: no glyph of the others


def _embedded_glyphs(pdf: bytes) -> dict[str, list[str]]:
    """The glyphs of each font embedded in the first page, by name."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    found = {}
    for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        found[str(font["/BaseFont"])] = sorted(embedded.getGlyphOrder())
    return found
