"""What both notices share: the administrators' texts as written, in the reader's language or the
nearest one (marked with its language, so a screen reader pronounces it right), and dates."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from ...records import Institution

FALLBACK_ORDER = ("*", "pl", "en", "uk")
# Parts of an address a line must not break inside: "00-193 Warszawa", "L-1855 Luxembourg", "ul. Stawki 2".
UNBROKEN = re.compile(r"\b(?:\d{2}-\d{3}|[A-Z]-\d{4})\s+[^\s,;]+|\b(?:ul|al|pl|os)\.\s+[^\s,;]+(?:\s+\d+\w*)?")


@dataclass(frozen=True)
class Written:
    """A text an administrator wrote: paragraphs of lines, and its language when not the reader's."""

    paragraphs: tuple[tuple[str, ...], ...]
    lang: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join("\n".join(lines) for lines in self.paragraphs)


def written(texts: dict[str, str] | str | None, language: str) -> Written | None:
    """The text in the reader's language, else the nearest one found (the law's own language first);
    None when there is none at all."""
    if isinstance(texts, str):
        texts = {language: texts}
    for key in (language, *FALLBACK_ORDER, *sorted(texts or {})):
        value = (texts or {}).get(key, "").strip()
        if value:
            paragraphs = tuple(tuple(line.strip() for line in block.splitlines() if line.strip())
                               for block in value.replace("\r\n", "\n").split("\n\n") if block.strip())
            return Written(paragraphs, "" if key in (language, "*") else key)
    return None


def keep_together(text: str) -> Markup:
    """The text, escaped, with its postcodes and street names kept on one line each (a phone
    would otherwise break "00-193" at the hyphen)."""
    out, start = Markup(), 0
    for found in UNBROKEN.finditer(text):
        out += escape(text[start:found.start()]) + Markup('<span class="nowrap">%s</span>') % found.group(0)
        start = found.end()
    return out + escape(text[start:])


def institution_name(institution: Institution | None, language: str) -> Written | None:
    return written(institution.name, language) if institution else None


def long_date(value: date | None, language: str) -> str:
    """A date in words, e.g. "2 listopada 2026"; "" when there is none."""
    if value is None:
        return ""
    from babel.dates import format_date

    from ...i18n import babel_locale

    return format_date(value, "long", locale=babel_locale(language))
