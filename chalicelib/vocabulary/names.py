"""Names as people type them: case, diacritics and alphabet do not matter when searching.

"lukasz" finds "Łukasz", "андріи" finds "Андрій", "gonta" finds "Ґонта", and "olena kovalenko"
finds "Олена Коваленко" (Ukrainian names are compared in the official Latin transliteration as
well, the one in Ukrainian passports, so a door without a Cyrillic keyboard finds them; and a
Cyrillic query finds a name registered in Latin letters).
"""
from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th",
                          "ґ": "г", "ё": "е", "ї": "і", "й": "и", "ʼ": "", "’": "", "'": "", "`": ""})
_MARKS = re.compile(r"[\u0300-\u036f]")
_SEPARATORS = re.compile(r"[\s\ufeff\-‐‑–—.,]+")
# A character a search can look for: not a space (Python's and JavaScript's, listed so both read the
# class alike), a separator, an apostrophe or a combining mark. openapi.yaml states the same class.
_SEARCHABLE = re.compile(r"[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
                         r"\-\u2010\u2011\u2013\u2014.,'`\u02bc\u2019\u0300-\u036f]")

# Ukrainian national transliteration (Cabinet of Ministers resolution 55/2010), on folded text:
# й and ї are folded to и and і first, which the resolution writes "i" and "i" except at the start
# of a word, where "y" and "yi"; є, ю, я likewise "ie", "iu", "ia" inside and "ye", "yu", "ya" first.
_LATIN = {"а": "a", "б": "b", "в": "v", "г": "h", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
          "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
          "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
          "ю": "iu", "я": "ia", "ъ": "", "ы": "y", "э": "e"}
_WORD_START = {"є": "ye", "ю": "yu", "я": "ya"}


def fold(text: str) -> str:
    """Lower case, no diacritics, one space between words: "Łukasz  Ząbek" -> "lukasz zabek"."""
    text = unicodedata.normalize("NFKD", (text or "").casefold())
    text = _MARKS.sub("", text)
    text = unicodedata.normalize("NFC", text).translate(_SPECIAL)
    return " ".join(_SEPARATORS.sub(" ", text).split())


def _latin_word(word: str) -> str:
    out = []
    for index, letter in enumerate(word):
        if letter == "г" and index and word[index - 1] == "з":
            out.append("gh")  # зг -> zgh, so it is not read as zh
        elif index == 0 and letter in _WORD_START:
            out.append(_WORD_START[letter])
        else:
            out.append(_LATIN.get(letter, letter))
    return "".join(out)


def latin(folded: str) -> str:
    """A folded text with Cyrillic letters written in Latin ones."""
    return " ".join(_latin_word(word) for word in folded.split(" "))


def _forms(text: str) -> tuple[str, str]:
    folded = fold(text)
    # й and и fold alike, so "y" (и) and "i" (й) are both accepted for either: compare with i.
    return folded, latin(folded).replace("y", "i")


def searchable(query: str) -> bool:
    """Whether a query has something to look for (it may still fold to nothing, and find nobody)."""
    return bool(_SEARCHABLE.search(query))


class NameQuery:
    """A search typed at the door: every word must appear in the name, in any order, as folded here,
    in Latin letters, or letter for letter at the collation's first level (any letter of Unicode
    with its case and marks ignored: "gudrun" finds "Guðrun", which folding leaves alone)."""

    def __init__(self, query: str) -> None:
        from .collation import base_letters

        typed = [word for word in _SEPARATORS.sub(" ", query or "").split() if fold(word)]
        # a word the collation ignores whole (a zero-width space) has no letters to find
        self.words = [(fold(word), _forms(word)[1], base_letters(word) or None) for word in typed]

    def __bool__(self) -> bool:
        return bool(self.words)

    def matches(self, name: str | None) -> bool:
        from .collation import base_letters

        if not name or not self.words:
            return False
        folded, latin_name = _forms(name)
        letters = base_letters(name)
        return all(word in folded or word_latin in latin_name or (base is not None and base in letters)
                   for word, word_latin, base in self.words)


def _search_latin(folded: str) -> str:
    # й and и fold alike, so compare "y" and "i" as one letter (as the check-in search does).
    return latin(folded).replace("y", "i")


def search_text(name: str | None, email: str | None) -> str | None:
    """What the organizers' search looks in: folded name, its Latin spelling, the address."""
    folded = fold(name or "")
    parts = [folded, _search_latin(folded), fold(email or "")]
    text = " | ".join(dict.fromkeys(p for p in parts if p))
    return text or None


def search_words(query: str, max_words: int = 5) -> list[tuple[str, ...]]:
    """Each word of a query with the spellings that may match it (every word must match)."""
    words = []
    for word in fold(query).split(" ")[:max_words]:
        if word:
            words.append(tuple(dict.fromkeys((word, _search_latin(word)))))
    return words
