"""The certificate of attendance as a PDF: one A4 landscape page per certificate, many in one file.

The page reads top to bottom as a certificate from a public office does: who issues it (logo and
name), what it is, who took part in what, when and for how long; then, along the bottom, the QR
code that verifies it, who funds the project (with the EU emblem where the project shows it) and
the signature. Every fixed text is in the certificate's language (i18n); the holder's name may be
in any script, so text is shaped by HarfBuzz (uharfbuzz): Arabic letters join and run right to
left. Long names and titles shrink, then wrap, then are cut with "…": nothing leaves the page.

fpdf2, fontTools and uharfbuzz are imported only when a certificate is made (a cold start that
makes none does not load them). Pictures (logos, the emblem, the QR code) are in pictures.py.
"""
from __future__ import annotations

import copy
import io
import logging
import warnings
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..fonts import FAMILY, FONTS
from ..i18n import N_, babel_locale, gettext
from ..institutions.emblem import COFUNDED, FLAG
from .pictures import Picture, draw_qr, emblem_picture, logo_picture

PAGE_W, PAGE_H = 297.0, 210.0  # A4 landscape, mm
FRAME, INNER_FRAME = 8.0, 10.5  # the double border's lines, from the page's edge
LEFT, RIGHT = 22.0, PAGE_W - 22.0  # the content's edges
BODY_W = RIGHT - LEFT
BOTTOM = 148.0  # where the QR code, the funding and the signature begin
MM_PER_PT = 25.4 / 72
NAVY, GOLD, INK, GREY, RED = (31, 58, 104), (176, 141, 60), (33, 33, 33), (105, 105, 105), (200, 16, 46)
QR_SIZE, SIGNATURE_W, FUNDING_PICTURE_H = 30.0, 72.0, 11.0
# Texts already fitted, across documents: an event's certificates share all but the name, and fitting
# shapes a text at each size it tries. Only the fonts matter to a fit, and every document has the same.
FITTED_KEPT = 512
_FITTED: OrderedDict[tuple, tuple[float, list[str]]] = OrderedDict()
_CONTROLS = str.maketrans({code: " " for code in (*range(32), 127) if code != 10})  # no glyph for a tab; lines stay

# The fixed texts, in the order the page shows them (N_: extracted here, translated where drawn).
TITLE = N_("Certificate of attendance")
# Translators: on a certificate, above the holder's name ("This is to certify that / NAME / took part in / EVENT").
CERTIFY = N_("This is to certify that")
# Translators: on a certificate, between the holder's name and the event. The holder's gender is not known.
TOOK_PART = N_("took part in")
HOURS = N_("Number of hours: %(hours)s")
# Translators: on a certificate, before the organizer's list of what the event covered.
PROGRAMME = N_("Programme:")
NUMBER = N_("Certificate number: %(number)s")
# Translators: on a certificate, above the web address (under the QR code) where anyone can check it is genuine.
VERIFY_AT = N_("Verify at:")
ISSUED_ON = N_("Issued on %(date)s")
SIGNATURE = N_("Signature")
# Translators: written in large letters across a certificate that is no longer valid.
REVOKED = N_("REVOKED")


@dataclass(frozen=True)
class CertificateContent:
    """What one certificate says, already in its language; the document only lays it out."""

    number: str  # e.g. "RT-2026-00042": printed and, through verify_url, in the QR code
    verify_url: str  # the page that confirms the certificate: the QR code and the printed short address
    language: str  # "pl" | "en" | "uk": every fixed text on the page
    holder_name: str  # any script: Latin with diacritics, Cyrillic, Arabic (shaped, right to left)
    event_title: str
    covered: str  # what the event covered, the organizer's text (may be several lines)
    dates: str  # an already formatted date range
    hours: float | None  # hours of training; the line is left out when None
    place: str
    institution_name: str
    institution_logo: tuple[bytes, str] | None  # (data, "image/png" | "image/svg+xml")
    project_name: str
    funding_statement: str
    show_eu_emblem: bool  # the EU emblem with "Co-funded by the European Union" in `language`
    funder_logos: tuple[tuple[bytes, str], ...]
    signatory: str  # who signs, with their function
    issued_on: str  # an already formatted date
    revoked: bool = False  # marked "REVOKED" across the page (an organizer's archive copy)


def render(certificates: Iterable[CertificateContent]) -> bytes:
    """One A4 landscape page per certificate, all in one PDF (a whole event's certificates print at once)."""
    pdf: Any = None
    for certificate in certificates:
        if pdf is None:
            pdf = _new_document(certificate)
        _CertificatePage(pdf, certificate).draw()
    if pdf is None:
        raise ValueError("no certificates to render")
    return bytes(pdf.output())


@lru_cache(maxsize=1)
def _template() -> Any:
    """A blank document with the fonts read: reading them is half the time of a one-page certificate,
    and the after-event run makes one file per person. Each document is a deep copy (as fpdf2 itself
    copies documents to measure them), so the fonts' glyph subsets never mix between files."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # a line per font table subset, otherwise
    with warnings.catch_warnings():  # fpdf2 warns when Pillow is missing (the Lambda has none; pictures.py copes)
        warnings.filterwarnings("ignore", message="Pillow could not be imported")
        from fpdf import FPDF  # heavy (fontTools): only when a certificate is made
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(LEFT, INNER_FRAME, PAGE_W - RIGHT)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_text_shaping(True)  # HarfBuzz: Arabic joined and right to left, marks placed, kerning
    pdf.set_creator("zapisy")
    return pdf


@lru_cache(maxsize=4)
def _font_file(path: str) -> bytes:
    return Path(path).read_bytes()


def _new_document(first: CertificateContent) -> Any:
    from fontTools.ttLib import TTFont

    pdf = copy.deepcopy(_template())
    for font in pdf.fonts.values():  # its own font files: writing the PDF subsets them in place
        font.ttfont = TTFont(io.BytesIO(_font_file(font.ttffile)), recalcTimestamp=False, lazy=True)
    pdf.set_title(f"{gettext(first.language, TITLE)}: {first.event_title}")
    pdf.set_lang(first.language)
    return pdf


def hours_text(hours: float, language: str) -> str:
    """16.0 as "16", 1.5 as "1,5" in Polish and Ukrainian, "1.5" in English."""
    from babel.numbers import format_decimal

    return format_decimal(hours, format="#,##0.##", locale=babel_locale(language))


class _CertificatePage:
    """One certificate's page, drawn top to bottom, each part from the y it is given."""

    def __init__(self, pdf: Any, content: CertificateContent) -> None:
        self.pdf = pdf
        self.content = content
        self.language = content.language
        self.drawing = True  # False while a block is only measured

    def say(self, message: str, **params: object) -> str:
        return gettext(self.language, message, **params)

    def draw(self) -> None:
        self.pdf.add_page()
        self._frame()
        self._heading()
        self._verification()
        self._funding()
        self._signature()
        if self.content.revoked:
            self._revoked()

    # Text ------------------------------------------------------------------------------------------

    def _font(self, size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", size)
        self.pdf.set_text_color(*colour)

    def _fit(self, text: str, width: float, max_h: float, size: float, smallest: float, *,
             bold: bool = False, leading: float = 1.25) -> tuple[float, list[str]]:
        """The largest size from `size` down to `smallest` at which `text`, wrapped to `width`, is at most
        `max_h` high, and its lines; at the smallest size, the lines that fit, the last one cut with "…"."""
        key = (text, width, max_h, size, smallest, bold, leading)
        if key in _FITTED:
            _FITTED.move_to_end(key)
        else:
            _FITTED[key] = self._wrap(text, width, max_h, size, smallest, bold=bold, leading=leading)
            if len(_FITTED) > FITTED_KEPT:
                _FITTED.popitem(last=False)
        return _FITTED[key]

    def _wrap(self, text: str, width: float, max_h: float, size: float, smallest: float, *, bold: bool,
              leading: float) -> tuple[float, list[str]]:
        pdf, points = self.pdf, size
        while True:
            self._font(points, bold)
            line_h = points * MM_PER_PT * leading
            lines = pdf.multi_cell(width, line_h, text, dry_run=True, output="LINES", align="C")
            if len(lines) * line_h <= max_h + 0.01 or points <= smallest:
                break
            points = max(smallest, points - 1)
        room = max(1, int((max_h + 0.01) // line_h))
        if len(lines) > room:
            lines = lines[:room]
            last = lines[-1].rstrip()
            while last and pdf.get_string_width(last + "…") > width:
                last = last[:-1].rstrip()
            lines[-1] = last + "…"
        return points, lines

    def _block(self, text: str, y: float, *, x: float = LEFT, width: float = BODY_W, max_h: float, size: float,
               smallest: float | None = None, bold: bool = False, colour: tuple[int, int, int] = INK,
               align: str = "C", leading: float = 1.25) -> float:
        """Draw `text` fitted into `width` × `max_h` from `y` down; return the y below it."""
        text = text.translate(_CONTROLS).strip()
        if not text:
            return y
        points, lines = self._fit(text, width, max_h, size, smallest or size, bold=bold, leading=leading)
        self._font(points, bold, colour)
        line_h = points * MM_PER_PT * leading
        if not self.drawing:
            return y + len(lines) * line_h
        for line in lines:
            self.pdf.set_xy(x, y)
            self.pdf.cell(width, line_h, line, align=align)
            y += line_h
        return y

    # Parts of the page ------------------------------------------------------------------------------

    def _frame(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*NAVY)
        pdf.set_line_width(1.2)
        pdf.rect(FRAME, FRAME, PAGE_W - 2 * FRAME, PAGE_H - 2 * FRAME)
        pdf.set_draw_color(*GOLD)
        pdf.set_line_width(0.35)
        pdf.rect(INNER_FRAME, INNER_FRAME, PAGE_W - 2 * INNER_FRAME, PAGE_H - 2 * INNER_FRAME)

    def _heading(self) -> None:
        """The issuing institution at the top (logo, then name); what the document says, centred below it."""
        content, y = self.content, 17.0
        logo = logo_picture(self.pdf, content.institution_logo, content.institution_name) \
            if content.institution_logo else None
        if logo is not None:
            height = min(16.0, 70.0 / logo.ratio)  # a wide logo at most 70 mm wide
            logo.draw(self.pdf, (PAGE_W - height * logo.ratio) / 2, y, height)
            y += height + 2.5
        top = self._block(content.institution_name, y, width=200, x=(PAGE_W - 200) / 2, max_h=10, size=12,
                          smallest=8, bold=True, colour=NAVY) + 6
        self.drawing = False  # measured first, then drawn in the middle of the room it has
        used = self._body(top) - top
        self.drawing = True
        self._body(top + max(0.0, (BOTTOM - 4 - top - used) / 2))

    def _body(self, y: float) -> float:
        """What it is; who took part in what; when, where and how long; what it covered. Returns the y below."""
        content = self.content
        y = self._block(self.say(TITLE).upper(), y, max_h=12, size=26, smallest=18, bold=True, colour=NAVY)
        if self.drawing:
            self.pdf.set_draw_color(*GOLD)
            self.pdf.set_line_width(0.6)
            self.pdf.line(PAGE_W / 2 - 25, y + 1.5, PAGE_W / 2 + 25, y + 1.5)
        y = self._block(self.say(CERTIFY), y + 6, max_h=7, size=12, colour=GREY)
        y = self._block(content.holder_name, y + 1.5, max_h=24, size=28, smallest=14, bold=True, leading=1.2)
        y = self._block(self.say(TOOK_PART), y + 1.5, max_h=7, size=12, colour=GREY)
        y = self._block(content.event_title, y + 1.5, max_h=20, size=17, smallest=11, bold=True, colour=NAVY)
        details = [content.dates, content.place]
        if content.hours is not None:
            details.append(self.say(HOURS, hours=hours_text(content.hours, self.language)))
        y = self._block("  ·  ".join(part for part in details if part), y + 2, max_h=10, size=10.5, smallest=8)
        room = BOTTOM - 4 - (y + 4)
        if content.covered.strip() and room >= 6:
            covered = f"{self.say(PROGRAMME)} {content.covered.strip()}"
            y = self._block(covered, y + 4, x=LEFT + 20, width=BODY_W - 40, max_h=room, size=9, smallest=7,
                            colour=GREY)
        return y

    def _verification(self) -> None:
        """The QR code in the bottom left corner, the number and the short address under it."""
        content, top = self.content, BOTTOM + 2
        draw_qr(self.pdf, content.verify_url, LEFT, top, QR_SIZE)
        y = self._block(self.say(NUMBER, number=content.number), top + QR_SIZE + 2,
                        width=60, max_h=4, size=7.5, smallest=6, bold=True, align="L")
        y = self._block(self.say(VERIFY_AT), y + 0.3, width=60, max_h=3, size=6.5, colour=GREY, align="L")
        self._block(content.verify_url.split("://", 1)[-1], y, width=60, max_h=6, size=6.5, smallest=5,
                    colour=GREY, align="L")

    def _funding(self) -> None:
        """Who funds the project: the EU emblem with its words, the funders' logos, the project and statement."""
        content, pdf = self.content, self.pdf
        left, right = LEFT + 62, RIGHT - SIGNATURE_W - 8
        width, top = right - left, BOTTOM + 6
        pictures: list[Picture] = [p for p in (logo_picture(pdf, logo) for logo in content.funder_logos) if p]
        cofunded = self.say(COFUNDED) if content.show_eu_emblem else ""
        if content.show_eu_emblem:
            pictures.insert(0, emblem_picture(self.say(FLAG)))
        if pictures:
            self._font(8, bold=True)
            words_w = min(pdf.get_string_width(cofunded) + 1, 45.0) if cofunded else 0.0
            gaps = 5.0 * (len(pictures) - 1) + (2.5 if cofunded else 0)
            scale = min(1.0, (width - words_w - gaps) / (FUNDING_PICTURE_H * sum(p.ratio for p in pictures)))
            height = FUNDING_PICTURE_H * scale
            x = left + (width - words_w - gaps - height * sum(p.ratio for p in pictures)) / 2
            for index, picture in enumerate(pictures):
                x += picture.draw(pdf, x, top + (FUNDING_PICTURE_H - height) / 2, height)
                if index == 0 and cofunded:
                    lines_h = 2 * 8 * MM_PER_PT * 1.2
                    self._block(cofunded, top + (FUNDING_PICTURE_H - lines_h) / 2 + 0.5, x=x + 2.5, width=words_w,
                                max_h=lines_h, size=8, smallest=6.5, bold=True, align="L", leading=1.2)
                    x += 2.5 + words_w
                x += 5.0
            top += FUNDING_PICTURE_H + 4
        top = self._block(content.project_name, top, x=left, width=width, max_h=8, size=8, smallest=6.5, bold=True)
        self._block(content.funding_statement, top + 0.5, x=left, width=width, max_h=PAGE_H - INNER_FRAME - 3 - top,
                    size=7.5, smallest=6, colour=GREY)

    def _signature(self) -> None:
        """Where and when issued, the line to sign on and who signs, in the bottom right corner."""
        content, left = self.content, RIGHT - SIGNATURE_W
        self._block(self.say(ISSUED_ON, date=content.issued_on), BOTTOM + 16, x=left, width=SIGNATURE_W,
                    max_h=5, size=9, smallest=7)
        line_y = BOTTOM + 30
        self.pdf.set_draw_color(*INK)
        self.pdf.set_line_width(0.3)
        self.pdf.set_dash_pattern(dash=0.6, gap=0.8)
        self.pdf.line(left, line_y, RIGHT, line_y)
        self.pdf.set_dash_pattern()
        y = self._block(self.say(SIGNATURE), line_y + 0.8, x=left, width=SIGNATURE_W, max_h=3, size=6.5, colour=GREY)
        self._block(content.signatory, y + 0.8, x=left, width=SIGNATURE_W, max_h=PAGE_H - INNER_FRAME - 2 - y,
                    size=8.5, smallest=6.5)

    def _revoked(self) -> None:
        """"REVOKED" in large red letters across the page, the text under it still readable."""
        pdf, word = self.pdf, self.say(REVOKED)
        self._font(72, bold=True, colour=RED)
        width = min(pdf.get_string_width(word), PAGE_W * 0.9)
        with pdf.local_context(fill_opacity=0.35), pdf.rotation(angle=25, x=PAGE_W / 2, y=PAGE_H / 2):
            self._block(word, PAGE_H / 2 - 15, x=(PAGE_W - width) / 2, width=width, max_h=32, size=72, smallest=30,
                        bold=True, colour=RED, leading=1.1)
