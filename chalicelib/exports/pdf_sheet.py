"""The printable sign-in sheet: one numbered row per participant with room for a signature.

fpdf2 draws it with a Unicode font shipped in `chalicelib/fonts/` (DejaVu Sans: Polish, Ukrainian, Arabic,
Hebrew letters). Rows are drawn with `text()`, `rect()` and `line()` rather than `cell()` or `table()`:
for 10,000 rows that is ~1.5 s instead of ~8 s (`cell()`) or ~16 s (`table()`), because those
re-parse every string into styled fragments.

A text in a script that needs shaping (Arabic, Hebrew, anything beyond Latin, Greek and Cyrillic,
or with combining marks) is shaped by HarfBuzz (uharfbuzz, as on the certificates) and laid out
by the Unicode bidi algorithm, so it reads as a browser draws it: Arabic letters joined and right to
left, numbers in a Hebrew or Arabic name in their own order. Shaping is several times slower, so
only those texts are shaped: with kerning and ligatures off (as in the unshaped path), HarfBuzz
gives Latin, Greek and Cyrillic text without marks the same glyphs and advances `text()` draws, so
the rest of the sheet looks the same either way: the same glyphs in the same places, to the
hundredth of a point the PDF writes (tests/unit/test_pdf_shaping.py compares the two).
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO

from ..fields import pick_language
from ..fonts import FAMILY, FONTS
from ..i18n import format_datetime_range, gettext
from ..records import Event, Registration
from ..vocabulary.collation import sort_for

PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 15.0
ROW_H, FOOTER_H = 9.0, 18.0
NUMBER_W, NAME_W = 12.0, 95.0
SIGNATURE_W = PAGE_W - 2 * MARGIN - NUMBER_W - NAME_W
BODY_PT, SMALLEST_PT = 10.0, 7.0
_WIDEST_LETTER_MM = 1.45 * BODY_PT * 25.4 / 72  # the widest DejaVu Sans glyph below U+0530 is 1.42 em (Ǳ)
# Text made only of these is drawn the same shaped or not: Latin, Greek, Cyrillic letters without
# combining marks, and punctuation (not the bidi controls U+200E, U+200F, U+202A–U+202E).
_NEEDS_NO_SHAPING = re.compile("[\x00-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff\u2010-\u2027"
                               "\u2030-\u205e\u20a0-\u20bf]*")
SHAPING_FEATURES = {"kern": False, "liga": False}  # what the unshaped path draws: see the docstring
_CONTROLS = str.maketrans({code: " " for code in (*range(32), 127)})  # a font has no glyph for a tab


@dataclass
class SheetGroup:
    """One session's sheet (or the whole event's when it has no sessions): its heading and names."""

    heading: str
    names: list[str] = field(default_factory=list)


def _session_heading(session: dict[str, Any], event: Event, language: str) -> str:
    title = pick_language(session["title"], language)
    if not session.get("starts_at"):
        return title
    starts = datetime.fromisoformat(session["starts_at"])
    ends = datetime.fromisoformat(session["ends_at"]) if session.get("ends_at") else starts
    return f"{title} — {format_datetime_range(starts, ends, event.timezone, language)}"


def sheet_groups(event: Event, registrations: Iterable[Registration], language: str,
                 only_session: str | None) -> list[SheetGroup]:
    """Participants per sheet, sorted by name: one sheet per session, in the event's order.

    Only names are kept (a few MB for 10,000 people), not the items: a sheet must be sorted,
    and the table's order (random registration ids) is no order for a person looking for a name.
    """
    sessions = [s for s in event.sessions if only_session in (None, s["id"])]
    groups = {s["id"]: SheetGroup(_session_heading(s, event, language)) for s in sessions}
    loose = SheetGroup(gettext(language, "No session chosen") if sessions else "")
    for registration in registrations:
        name = (registration.name or "").translate(_CONTROLS).strip()
        chosen = [groups[s] for s in registration.sessions if s in groups]
        for group in chosen or ([] if only_session else [loose]):
            group.names.append(name)
    result = [*groups.values(), *([loose] if loose.names or not sessions else [])]
    for group in result:
        group.names = sort_for(language, group.names)
    return result


def needs_shaping(text: str) -> bool:
    """Whether `text` must go through HarfBuzz to be drawn as a browser draws it."""
    return _NEEDS_NO_SHAPING.fullmatch(text) is None


def _fpdf_class() -> Any:
    with warnings.catch_warnings():  # fpdf2 warns when Pillow is missing; we add no images
        warnings.filterwarnings("ignore", message="Pillow could not be imported")
        from fpdf import FPDF  # heavy (fontTools): only when a sheet is made
    return FPDF


class SignInSheet:
    """Draws the sheets page by page; every page repeats the heading, so a loose page is still clear."""

    def __init__(self, event: Event, language: str, funder: str, cofunded: str = "", whose: str = "") -> None:
        self.language = language
        self.whose = whose  # the institution and the project, on the top line of every page
        self.cofunded = cofunded  # "Co-funded by the European Union", drawn with the emblem, when the project shows it
        self.title = pick_language(event.title, language)
        self.when = format_datetime_range(event.starts_at, event.ends_at, event.timezone, language)
        self.venue = event.venue or ""
        self.funder = funder
        self.pdf = _fpdf_class()(orientation="portrait", unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.pdf.set_title(f"{gettext(language, 'Sign-in sheet')}: {self.title}")
        self.pdf.set_creator("zapisy")
        self.pdf.set_lang(language)
        self._labels = (gettext(language, "No."), gettext(language, "Name"), gettext(language, "Signature"))
        self._page_in_group = 0
        self._y = 0.0
        self._wrapped: dict[tuple[str, float, bool], list[tuple[str, float]]] = {}

    def _font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", size)

    @contextmanager
    def _shaping(self, text: str) -> Iterator[None]:
        """HarfBuzz and the bidi algorithm on while `text` is measured or drawn, when it needs them."""
        if not needs_shaping(text):
            yield
            return
        self.pdf.set_text_shaping(True, features=SHAPING_FEATURES)
        try:
            yield
        finally:
            self.pdf.set_text_shaping(False)

    def _say(self, x: float, baseline: float, text: str) -> None:
        """Draw `text` from `x` on `baseline`: `text()` for plain text, a shaped `cell()` otherwise,
        placed so its glyphs fall exactly where `text()` would put them."""
        pdf = self.pdf
        if not needs_shaping(text):
            pdf.text(x, baseline, text)
            return
        with self._shaping(text):
            height = 2 * pdf.font_size  # a cell centres its line: baseline = top + height / 2 + 0.3 font size
            pdf.set_xy(x - pdf.c_margin, baseline - height / 2 - 0.3 * pdf.font_size)
            pdf.cell(pdf.get_string_width(text) + 2 * pdf.c_margin, height, text)

    def _lines(self, text: str, size: float, bold: bool = False) -> list[tuple[str, float]]:
        """`text` broken into lines of the page's width, with their widths: worked out once, drawn per page.

        `multi_cell()` on every page would cost more than all the rows (it re-breaks the text).
        """
        key = (text, size, bold)
        if key not in self._wrapped:
            self._font(size, bold)
            with self._shaping(text):
                lines = self.pdf.multi_cell(PAGE_W - 2 * MARGIN, 1, text, dry_run=True, output="LINES")
                self._wrapped[key] = [(line, self.pdf.get_string_width(line)) for line in lines]
        return self._wrapped[key]

    def _block(self, text: str, size: float, y: float, *, line_h: float, bold: bool = False,
               centred: bool = False) -> float:
        """Draw a wrapped paragraph from `y` down; return the y below it."""
        lines = self._lines(text, size, bold)
        self._font(size, bold)
        for line, width in lines:
            x = MARGIN + ((PAGE_W - 2 * MARGIN - width) / 2 if centred else 0)
            self._say(x, y + 0.78 * line_h, line)
            y += line_h
        return y

    def _footer(self) -> None:
        top = PAGE_H - MARGIN - FOOTER_H + 3
        if self.cofunded:
            import io

            from ..institutions.emblem import emblem_svg

            self.pdf.image(io.BytesIO(emblem_svg().encode()), x=MARGIN, y=top, h=6, w=9)
            self._font(7, bold=True)
            self._say(MARGIN + 10.5, top + 4, self.cofunded)
            top += 7
        if self.funder:
            self._block(self.funder, 7, top, line_h=3.5, centred=True)
        self._font(8)
        page = gettext(self.language, "Page %(page)s", page=self._page_in_group)
        self.pdf.text(PAGE_W - MARGIN - self.pdf.get_string_width(page), PAGE_H - MARGIN + 2, page)

    def _new_page(self, heading: str) -> None:
        if self.pdf.page and self._page_in_group:
            self._footer()  # the page being left, numbered within its own sheet
        self.pdf.add_page()
        self._page_in_group += 1
        top_line = " · ".join(filter(None, (gettext(self.language, "Sign-in sheet"), self.whose)))
        y = self._block(top_line, 8, MARGIN, line_h=4) + 1
        y = self._block(self.title, 14, y, line_h=6.5, bold=True)
        for label, text in ((gettext(self.language, "When:"), self.when),
                            (gettext(self.language, "Where:"), self.venue)):
            if text:
                y = self._block(f"{label} {text}", BODY_PT, y, line_h=5)
        if heading:
            y = self._block(heading, 11, y + 1.5, line_h=5.5, bold=True)
        self._y = y + 3
        self._row(*self._labels, bold=True)

    def _fit(self, text: str, width: float) -> str:
        """Shrink the font (down to 7 pt), then cut with "…", so a 200-character name fits its box."""
        if len(text) * _WIDEST_LETTER_MM <= width and max(text) < "\u0530":
            return text  # Latin, Greek, Cyrillic letters this short fit: no need to measure each one
        with self._shaping(text):
            return self._cut(text, width)

    def _cut(self, text: str, width: float) -> str:
        pdf = self.pdf
        measured = pdf.get_string_width(text)
        if measured <= width:
            return text
        size = max(SMALLEST_PT, BODY_PT * width / measured)
        self._font(size)
        measured = pdf.get_string_width(text)
        if measured <= width:
            return text
        keep = max(1, int(len(text) * width / measured))
        while keep > 1 and pdf.get_string_width(text[:keep] + "…") > width:
            keep -= 1
        return text[:keep] + "…"

    def _row(self, number: str, name: str, signature: str = "", bold: bool = False) -> None:
        pdf, y = self.pdf, self._y
        if bold:
            pdf.set_fill_color(230, 230, 230)
        pdf.rect(MARGIN, y, PAGE_W - 2 * MARGIN, ROW_H, style="DF" if bold else "D")
        pdf.line(MARGIN + NUMBER_W, y, MARGIN + NUMBER_W, y + ROW_H)
        pdf.line(MARGIN + NUMBER_W + NAME_W, y, MARGIN + NUMBER_W + NAME_W, y + ROW_H)
        self._font(BODY_PT, bold)
        if number:
            pdf.text(MARGIN + 1.5, y + 6, number)
        if name:
            self._say(MARGIN + NUMBER_W + 1.5, y + 6, self._fit(name, NAME_W - 3))
        if signature:
            self._font(BODY_PT, bold)
            pdf.text(MARGIN + NUMBER_W + NAME_W + 1.5, y + 6, signature)
        self._y = y + ROW_H

    def _room_for_row(self) -> bool:
        return self._y + ROW_H <= PAGE_H - MARGIN - FOOTER_H

    def add_group(self, group: SheetGroup) -> int:
        """A sheet starting on a new page with its own page numbers; blank rows fill its last page."""
        if self.pdf.page:
            self._footer()
        self._page_in_group = 0
        self._new_page(group.heading)
        self.pdf.start_section(group.heading or self.title)
        for number, name in enumerate(group.names, start=1):
            if not self._room_for_row():
                self._new_page(group.heading)
            self._row(str(number), name)
        while self._room_for_row():  # for people who come without registering
            self._row("", "")
        return len(group.names)

    def write(self, out: BinaryIO) -> None:
        if self.pdf.page:
            self._footer()
        out.write(self.pdf.output())


def write_signin_sheet(event: Event, registrations: Iterable[Registration], out: BinaryIO, *,
                       language: str, funder: str, only_session: str | None, cofunded: str = "",
                       whose: str = "") -> int:
    """Write the PDF into `out`; return the number of participant rows on all sheets.

    `funder`: the project's funding statement in the sheet's language; `cofunded`: the words drawn
    with the EU emblem, when the project shows it; `whose`: the institution and the project.
    """
    groups = sheet_groups(event, registrations, language, only_session)
    sheet = SignInSheet(event, language, funder, cofunded, whose)
    rows = sum(sheet.add_group(group) for group in groups)
    sheet.write(out)
    return rows
