"""Lists a person reads are alphabetical in that person's language, not in code-point order."""
from __future__ import annotations

import pytest

from chalicelib.vocabulary.collation import collation_key, sort_for


def test_ukrainian_letters_sort_where_a_ukrainian_reader_looks_for_them():
    shuffled = ["Йорданія", "Єгипет", "Кенія", "Ізраїль", "Їжак", "Австралія", "Иран", "Ґана", "Гана", "Естонія"]
    assert sort_for("uk", shuffled) == ["Австралія", "Гана", "Ґана", "Естонія", "Єгипет", "Иран", "Ізраїль",
                                        "Їжак", "Йорданія", "Кенія"]


def test_polish_letters_with_marks_are_letters_of_their_own():
    shuffled = ["Żaba", "Zjednoczone Emiraty Arabskie", "Łotwa", "źdźbło", "Ąb", "Az", "Ba", "Óz", "Oz", "Litwa",
                "Mali", "Ćma", "Cz"]
    assert sort_for("pl", shuffled) == ["Az", "Ąb", "Ba", "Cz", "Ćma", "Litwa", "Łotwa", "Mali", "Oz", "Óz",
                                        "Zjednoczone Emiraty Arabskie", "źdźbło", "Żaba"]


def test_english_ignores_case_and_accents_as_a_reader_does():
    assert sort_for("en", ["zoe", "Łukasz", "Émile", "anna", "Lucy", "Zadie"]) == [
        "anna", "Émile", "Lucy", "Łukasz", "Zadie", "zoe"]


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_case_and_decomposed_marks_do_not_move_a_name(language):
    key = collation_key(language)
    assert key("a\u0328b") == key("ąb") and key("ї") == key("і\u0308")  # typed with combining marks
    assert sort_for(language, ["ąb", "Ąb", "ĄB"]) == sort_for(language, ["ĄB", "Ąb", "ąb"])


def test_the_country_list_of_a_form_is_in_the_readers_alphabet():
    from chalicelib.web.views import countries

    ukrainian = [name for _, name in countries("uk")]
    assert ukrainian.index("Австралія") < ukrainian.index("Єгипет") < ukrainian.index("Ізраїль") \
        < ukrainian.index("Йорданія")
    polish = [name for _, name in countries("pl")]
    assert polish.index("Litwa") < polish.index("Łotwa") < polish.index("Zjednoczone Emiraty Arabskie")


def test_base_letters_ignore_case_and_marks_of_every_alphabet():
    from chalicelib.vocabulary.collation import base_letters

    for typed, written in (("lodz", "ŁÓDŹ"), ("gudrun", "Guðrún"), ("гонта", "Ґонта"), ("aesa", "Æsa"),
                           ("іжак", "Їжак"), ("strasse", "Straße")):
        assert base_letters(typed) == base_letters(written), (typed, written)
    assert base_letters("lodz") != base_letters("lodx") and base_letters("е") != base_letters("є")


def test_a_ukrainian_reader_finds_cyrillic_names_before_latin_ones_and_others_do_not():
    names = ["Anna Nowak", "Олена Коваленко", "Zofia Wiśniewska", "Ґонта Ігор", "Łukasz Żółć", "Єва Ігнатенко",
             "Alpha", "α-beta"]
    assert sort_for("uk", names) == ["Ґонта Ігор", "Єва Ігнатенко", "Олена Коваленко", "Alpha", "Anna Nowak",
                                     "Łukasz Żółć", "Zofia Wiśniewska", "α-beta"]  # CLDR uk: [reorder Cyrl]
    assert sort_for("pl", names) == ["Alpha", "Anna Nowak", "Łukasz Żółć", "Zofia Wiśniewska", "α-beta",
                                     "Ґонта Ігор", "Єва Ігнатенко", "Олена Коваленко"]
    assert sort_for("uk", ["10 Downing", "Яна", "Ян"]) == ["10 Downing", "Ян", "Яна"]  # digits still first
