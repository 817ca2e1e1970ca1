"""The collation table the package carries prebuilt gives exactly pyuca's answers: every entry of
the table, the sort key of every character and contraction in it and of characters it lacks, and
the orders and base letters `vocabulary.collation` derives from it, in pl, uk, en and ar."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import pyuca

from chalicelib.vocabulary import collation, collation_table
from infra.package import prebuild_collation

NAMES = {
    "pl": ["Łucja Nowak", "Lucyna Zając", "Łukasz Wiśniewski", "Żaneta Wójcik", "Zofia Kamińska", "Źdźisław Zieliński",
           "Zbigniew Ćwik", "Cezary Czech", "Ścibor Sowa", "Sebastian Śliwa", "Ewa Ębska", "Edyta Dąb", "Óla Olszewska",
           "Ola Ostrowska", "Agata Ąbel", "Adam Małysz", "Natalia Ńowak", "Nina Nowicka", "ŁUKASZ ŻAK", "łukasz żak",
           "Anna-Maria Kowalska", "Jan Kowalski", "O'Neill", "Zażółć Gęślą Jaźń", ""],
    "uk": ["Єва Шевченко", "Ірина Бойко", "Олена Коваленко", "Андрій Ґонта", "Юлія Їжакевич", "Иван Грозний",
           "Йосип Гринько", "Ганна Гайова", "Ґалина Ґудзь", "ҐОНТА", "Їжак Орест", "Андрій Ґонта", "Anna Kowalska",
           "Zoë Ødegaard", "Ἀλέξανδρος", "Яна Клочкова", "Ь", "Й", "Ё", "й"],
    "en": ["Æsa Jónsdóttir", "aesa", "Zoë", "Zoe", "ZOE", "van der Berg", "O'Brien", "Ødegaard", "Guðrun", "gudrun",
           "Nguyễn Thị Mỹ Linh", "Đặng", "Søren Kierkegaard", "Ĳsselmeer", "ﬁnn", "Łódź", "l·l", "L·L", "Ǆ", "ǆemal"],
    "ar": ["محمد عبد الله", "أحمد", "إبراهيم", "آمنة", "عمر", "عُمَر", "ﻻ", "لا", "فاطمة الزهراء", "يوسف", "Ahmed",
           "王小明", "𠀀", "𗀀", "한국", "ภาษาไทย", "เก", "ᄀ\u1161", "a\u0301\u0323", "a\u0323\u0301"],
}


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return collation_table.collator(collation_table.write(tmp_path_factory.mktemp("collation")))


@pytest.fixture(scope="module")
def parsed() -> Any:
    return pyuca.Collator()


def _entries(node: Any, key: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], Any]]:
    """Every node of pyuca's trie, with its key (the root's is empty)."""
    yield key, node
    for part, child in (node.children or {}).items():
        yield from _entries(child, (*key, part))


def _lists(found: tuple[list[int], Any, list[int]]) -> tuple[list[int], Any, list[int]]:
    prefix, elements, rest = found
    return prefix, None if elements is None else [list(weights) for weights in elements], rest


def test_every_entry_of_the_table_is_pyucas(prebuilt, parsed):
    """The same nodes with the same collation elements, and the same longest match from each of them,
    followed by a character that ends every contraction or by one that continues none."""
    table, mine = parsed.table, prebuilt.table
    entries = list(_entries(table.root))
    assert len(entries) > 30_000
    for key, node in entries:
        walked = mine.root
        for part in key:
            walked = walked[1][part]
        assert (walked[0] and [list(weights) for weights in walked[0]]) == node.value, key
        assert sorted(walked[1] or ()) == sorted(node.children or ()), key
        for extra in ([], [0x0301], [0x10FFFF]):
            lookup = [*key, *extra]
            assert _lists(mine.find_prefix(lookup)) == table.find_prefix(lookup), lookup
    assert [list(weights) for weights in prebuilt.implicit_weights] == parsed.implicit_weights


def test_every_character_and_contraction_of_the_table_sorts_as_with_pyuca(prebuilt, parsed):
    texts = ["".join(map(chr, key)) for key, node in _entries(parsed.table.root) if node.value]
    lacking = [chr(point) for point in (0x4E00, 0x9FD5, 0x3400, 0x20000, 0x2B740, 0x2CEA2, 0x17000, 0x187EC, 0xE0100,
                                        0x10FFFD, 0xFFFE, 0xD7A3)]
    for text in texts + lacking:
        assert prebuilt.sort_key(text) == parsed.sort_key(text), text
        assert list(map(list, prebuilt.collation_elements(text))) == parsed.collation_elements(text), text


def _answers(ducet: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What `vocabulary.collation` answers over `ducet`: keys, orders and base letters of NAMES."""
    monkeypatch.setattr(collation, "_ducet", lambda: ducet)
    for cached in (collation._collator, collation.collation_key):
        cached.cache_clear()
    everyone = [name for names in NAMES.values() for name in names]
    try:
        return {"keys": {language: list(map(collation.collation_key(language), everyone)) for language in NAMES},
                "orders": {language: collation.sort_for(language, everyone) for language in NAMES},
                "base_letters": [collation.base_letters(name) for name in everyone]}
    finally:
        for cached in (collation._collator, collation.collation_key):
            cached.cache_clear()


def test_names_sort_and_fold_in_every_language_as_with_pyucas_table(prebuilt, parsed, monkeypatch):
    mine, pyucas = _answers(prebuilt, monkeypatch), _answers(parsed, monkeypatch)
    assert mine == pyucas
    polish, ukrainian = mine["orders"]["pl"], mine["orders"]["uk"]
    assert polish.index("Lucyna Zając") < polish.index("Łucja Nowak") < polish.index("Zofia Kamińska") < polish.index(
        "Źdźisław Zieliński") < polish.index("Żaneta Wójcik")
    assert ukrainian.index("Ганна Гайова") < ukrainian.index("Ґалина Ґудзь") < ukrainian.index("Anna Kowalska")
    assert mine["base_letters"][NAMES["pl"].index("Łucja Nowak")] == collation.base_letters("lucja nowak")


def test_the_prebuilt_table_is_read_without_pyucas_text(tmp_path, monkeypatch):
    """With the file where the package puts it, pyuca's loader (its text table) is never called;
    without it, pyuca reads its own table as before."""
    written = collation_table.write(tmp_path)
    assert written == collation_table.prebuilt_path(tmp_path) and written.name == "ducet-9.0.0.pickle"
    assert isinstance(collation_table.collator(tmp_path / "absent.pickle").table, pyuca.trie.Trie)

    def no_text(self: Any, filename: str) -> None:
        raise AssertionError(f"pyuca read {filename}")

    monkeypatch.setattr(pyuca.Collator, "load", no_text)
    loaded = collation_table.collator(written)
    assert isinstance(loaded.table, collation_table.PrebuiltTable) and isinstance(loaded, pyuca.Collator)
    assert loaded.sort_key("Łotwa") < loaded.sort_key("Zjednoczone Emiraty Arabskie")
    monkeypatch.setattr(collation_table, "FOLDER", tmp_path)
    assert isinstance(collation_table.collator().table, collation_table.PrebuiltTable)


def test_the_build_parses_the_table_only_with_the_pyuca_it_vendors(tmp_path):
    with pytest.raises(RuntimeError, match="not the one vendored"):
        prebuild_collation(tmp_path, ["pyuca==0.1", "Jinja2==3.1.6"])
