"""What every cell and file name of an export passes through."""
from __future__ import annotations

import re
import unicodedata

# A spreadsheet treats a cell starting with one of these as a formula (or, for tab and CR, may
# shift it into one): a registrant could otherwise run `=HYPERLINK(...)` in an organizer's Excel.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Ukrainian national romanisation (2010), lowercase; enough for a readable ASCII file name.
_CYRILLIC = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёэыъ", [
    "a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia", "e", "e", "y", ""], strict=True))
_LATIN_EXTRA = {"ł": "l", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "œ": "oe"}


def neutralise(value: str) -> str:
    """The cell text, with a leading `'` when a spreadsheet would read it as a formula.

    One function for CSV and XLSX alike (OWASP's "CSV injection" advice): the apostrophe is
    what a person types in Excel to keep text as text, and it stays visible in the file.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def slug(title: str, fallback: str, max_length: int = 60) -> str:
    """An ASCII file name stem from a title in any of our languages ("Семінар" → "seminar")."""
    text = "".join(_CYRILLIC.get(c, _LATIN_EXTRA.get(c, c)) for c in title.casefold())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:max_length].rstrip("-")
    return text or fallback
