"""Alphabetical order as a reader of each language expects it, not the order of code points.

Sorting by code point puts "Єгипет" and "Ізраїль" before "Австралія" and "Łotwa" after
"Zjednoczone Emiraty Arabskie". The Unicode Collation Algorithm (pyuca, pure Python, its default
table: the DUCET) gets most of it right and ignores case and accents as people do; on top of it
come CLDR's tailorings for Polish and Ukrainian, where some letters with marks are letters of
their own: ą after a (and before b), ł after l, ż after ź after z; ґ after г, є after е, і, ї and й
after и. English needs none.

`base_letters` compares at the first level of the same table: what a search ignores case and
accents with.

The table is read once per process, the first time a list is sorted (a cold start that sorts
nothing never reads it), and shared by the languages. pyuca parses it from a 1.8 MB text file
(about 110 ms); the deployment package carries it prebuilt instead, parsed by pyuca at packaging
time and pickled as plain tuples and dicts, which load in about 20 ms (`collation_table`): the same
entries under pyuca's own algorithm, so the order is the same either way.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")

# Each rule: the base letter and the letters that follow it, in order, as letters of their own.
TAILORINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "pl": (("a", "ą"), ("c", "ć"), ("e", "ę"), ("l", "ł"), ("n", "ń"), ("o", "ó"), ("s", "ś"), ("z", "źż")),
    "uk": (("г", "ґ"), ("е", "є"), ("и", "іїй")),
}
_ABOVE_ALL = 0x10000  # a primary weight above every weight of the table (they have 16 bits)


@cache
def _ducet() -> Any:
    from .collation_table import collator  # reads the table: only when a list is sorted

    return collator()


class _Overlay:
    """The table with a language's own entries in front: the longer match wins, the language's on a tie."""

    def __init__(self, table: Any, own: Any) -> None:
        self.table, self.own = table, own

    def find_prefix(self, key: list[int]) -> tuple[list[int], Any, list[int]]:
        found = self.table.find_prefix(key)
        mine = self.own.find_prefix(key)
        return mine if mine[1] is not None and len(mine[0]) >= len(found[0]) else found


@cache
def _collator(language: str) -> Any:
    base = _ducet()
    rules = TAILORINGS.get(language)
    if not rules:
        return base
    from pyuca.trie import Trie

    own = Trie()
    for letter, followers in rules:
        for rank, follower in enumerate(followers, start=1):
            for case in (str.lower, str.upper):
                before = base.collation_elements(unicodedata.normalize("NFD", case(letter)))
                key = [ord(c) for c in unicodedata.normalize("NFD", case(follower))]
                own.add(key, [*before, [_ABOVE_ALL + rank, 0x20, 0x02]])
    tailored = object.__new__(type(base))  # the same algorithm and table, without reading the file again
    tailored.__dict__.update(base.__dict__, table=_Overlay(base.table, own))
    return tailored


def base_letters(text: str) -> str:
    """`text` as the root collation (the DUCET, untailored) sees it at its first level: letters with
    case and marks ignored, so "Łódź" and "LODZ", "Guðrun" and "gudrun", "Ґонта" and "гонта", "Æsa"
    and "aesa" read the same. One character per primary weight, to compare with `in`; the letters a
    language counts as its own (ł in Polish) are equal to their base here, as a person typing
    without them expects."""
    elements = _ducet().collation_elements(unicodedata.normalize("NFD", text))
    return "".join(chr(element[0]) for element in elements if element[0])


# CLDR's `[reorder Cyrl]`: in a Cyrillic language, Cyrillic letters come before Latin (and Greek
# and Coptic), so "Олена" is listed before "Anna" for a Ukrainian reader. Each entry: the first
# letter of the script moved to the front, and the first letter after that script in the table.
REORDER_FIRST: dict[str, tuple[str, str]] = {"uk": ("а", "Ⰰ")}  # Cyrillic, up to Glagolitic


@cache
def collation_key(language: str) -> Callable[[str], tuple[int, ...]]:
    """The sort key of a text in `language`: `sorted(names, key=collation_key("pl"))`."""
    collator = _collator(language)
    if language not in REORDER_FIRST:
        return collator.sort_key
    first, after = (collator.collation_elements(letter)[0][0] for letter in REORDER_FIRST[language])
    latin = collator.collation_elements("a")[0][0]
    back, forward = after - first, first - latin  # the moved script's span; what it jumps over

    def primary(weight: int) -> int:
        if first <= weight < after:
            return weight - forward
        return weight + back if latin <= weight < first else weight

    def reordered(text: str) -> tuple[int, ...]:
        key = collator.sort_key(text)
        end = key.index(0) if 0 in key else len(key)  # the primary weights come first, up to a 0
        return tuple(primary(weight) for weight in key[:end]) + key[end:]

    return reordered


def sort_for(language: str, items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """`items` in the alphabetical order of `language`, by the text `key` gives; ties by code point,
    so the order never depends on the order the items came in."""
    text_key = collation_key(language)
    return sorted(items, key=lambda item: (text_key(key(item) or ""), key(item) or ""))
