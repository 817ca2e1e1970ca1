"""Language negotiation, catalogs and locale-aware dates for participants."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from chalicelib import i18n

LOCALE_DIR = Path(i18n.__file__).resolve().parent / "locale"
TRANSLATED = ("pl", "uk")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("pl", "pl"),
        ("PL", "pl"),
        ("pl-PL", "pl"),
        ("en_GB", "en"),
        ("uk-UA", "uk"),
        ("UK", "uk"),
        ("ua", "uk"),
        (" uk ", "uk"),
        ("de", "pl"),
        ("", "pl"),
        (None, "pl"),
    ],
)
def test_normalise_language(value, expected):
    assert i18n.normalise_language(value) == expected


def test_normalise_language_custom_default():
    assert i18n.normalise_language("fr", default="en") == "en"
    assert i18n.normalise_language("fr", default="xx") == "pl"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("uk-UA,uk;q=0.9,en-US;q=0.8,en;q=0.7", "uk"),
        ("en-US,en;q=0.9,pl;q=0.8", "en"),
        ("ru-RU,ru;q=0.9,uk;q=0.8,en;q=0.5", "uk"),  # first supported wins
        ("de;q=1.0, en;q=0.3, pl;q=0.7", "pl"),  # q-values, not order
        ("en;q=0.5, uk;q=0.9", "uk"),
        ("uk;q=0, en;q=0.1", "en"),  # q=0 means "not acceptable"
        ("fr-FR, de", "pl"),  # nothing supported -> default
        ("*", "pl"),
        ("de, *;q=0.5", "pl"),
        ("en;q=abc, uk;q=0.2", "uk"),  # malformed q is ignored
        ("", "pl"),
        (None, "pl"),
        (" , ;q=1", "pl"),
    ],
)
def test_negotiate_language(header, expected):
    assert i18n.negotiate_language(header) == expected


def test_negotiate_language_default():
    assert i18n.negotiate_language("fr", default="uk") == "uk"
    assert i18n.negotiate_language("", default="EN-gb") == "en"


def test_babel_locale():
    assert [i18n.babel_locale(x) for x in ("pl", "en", "uk")] == ["pl_PL", "en_GB", "uk_UA"]
    assert i18n.babel_locale("uk-UA") == "uk_UA"


def test_gettext_translates_and_formats():
    assert i18n.gettext("pl", "When:") == "Kiedy:"
    assert i18n.gettext("uk", "When:") == "Коли:"
    assert i18n.gettext("en", "When:") == "When:"
    assert i18n.gettext("pl", "Reminder: %(title)s", title="Warsztaty") == "Przypomnienie: Warsztaty"
    # Unknown msgids fall back to English; no params means no %-formatting.
    assert i18n.gettext("uk", "Not in the catalog 100%") == "Not in the catalog 100%"
    assert i18n.gettext("de", "When:") == "Kiedy:"  # unknown language -> default (pl)


def test_ngettext_plural_forms():
    one, many = "You signed up for %(count)s session:", "You signed up for %(count)s sessions:"
    pl = [i18n.ngettext("pl", one, many, n, count=n) for n in (1, 2, 5, 22, 25)]
    assert pl == [
        "Zapisano Cię na 1 sesję:",
        "Zapisano Cię na 2 sesje:",
        "Zapisano Cię na 5 sesji:",
        "Zapisano Cię na 22 sesje:",
        "Zapisano Cię na 25 sesji:",
    ]
    uk = [i18n.ngettext("uk", one, many, n, count=n) for n in (1, 3, 11, 21)]
    assert uk == [
        "Вас записано на 1 сесію:",
        "Вас записано на 3 сесії:",
        "Вас записано на 11 сесій:",
        "Вас записано на 21 сесію:",
    ]
    assert i18n.ngettext("en", "%(n)d seat", "%(n)d seats", 1) == "1 seat"
    assert i18n.ngettext("en", "%(n)d seat", "%(n)d seats", 4) == "4 seats"


def test_translations_fall_back_when_catalog_missing():
    import gettext

    assert isinstance(i18n.translations("en"), gettext.NullTranslations)
    assert i18n.translations("xx") is i18n.translations("pl")  # normalised, cached


def test_missing_catalog_is_logged(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.reset_caches()
    try:
        with caplog.at_level("WARNING", logger="chalicelib.i18n"):
            assert i18n.gettext("uk", "When:") == "When:"
        assert "no compiled catalog for 'uk'" in caplog.text
    finally:
        monkeypatch.undo()
        i18n.reset_caches()


def test_broken_translation_falls_back_to_english(monkeypatch):
    class Broken:
        def gettext(self, message):
            return "Zepsute %(nope)s"

    monkeypatch.setattr(i18n, "translations", lambda language: Broken())
    assert i18n.gettext("pl", "Hello %(name)s,", name="Ala") == "Hello Ala,"


NOV_START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
NOV_END = datetime(2026, 11, 22, 11, 0, tzinfo=UTC)


def test_format_datetime_range_same_day_in_event_timezone():
    text = i18n.format_datetime_range(NOV_START, NOV_END, "Europe/Warsaw", "pl")
    assert text == "niedziela, 22 listopada 2026, 10:00\u201312:00"  # at home: no zone after the time
    en = i18n.format_datetime_range(NOV_START, NOV_END, "Europe/Warsaw", "en")
    assert "22 November 2026" in en and "10:00\u201312:00" in en
    uk = i18n.format_datetime_range(NOV_START, NOV_END, "Europe/Warsaw", "uk")
    assert "22 листопада 2026" in uk and "10:00\u201312:00" in uk


def test_format_datetime_range_summer_time_and_other_zone():
    start = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    end = datetime(2026, 7, 1, 10, 30, tzinfo=UTC)
    assert "11:00\u201312:30" in i18n.format_datetime_range(start, end, "Europe/Warsaw", "pl")
    kyiv = i18n.format_datetime_range(start, end, "Europe/Kyiv", "uk")
    assert kyiv.endswith("12:00\u201313:30 (час: Україна (Kyiv))")
    assert i18n.format_datetime_range(start, end, "Europe/London", "pl").endswith(
        "10:00\u201311:30 (Brytyjski czas letni)")
    assert i18n.format_datetime_range(start, end, "Europe/Berlin", "en").endswith("11:00\u201312:30")  # Warsaw's clock


def test_format_datetime_range_multi_day_shows_both_dates():
    end = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    text = i18n.format_datetime_range(NOV_START, end, "Europe/Warsaw", "pl")
    assert "22 listopada 2026, 10:00" in text
    assert "24 listopada 2026, 16:00" in text


def test_format_datetime_range_crossing_midnight_locally():
    start = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)  # 23:30 in Warsaw
    end = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 01:30 next day
    text = i18n.format_datetime_range(start, end, "Europe/Warsaw", "en")
    assert "22 November 2026, 23:30" in text and "23 November 2026, 01:30" in text


def test_format_datetime_range_degenerate_and_bad_zone():
    assert i18n.format_datetime_range(NOV_START, NOV_START, "Europe/Warsaw", "en").endswith(", 10:00")
    assert i18n.format_datetime_range(NOV_START, NOV_END, "Mars/Olympus", "en").endswith(
        "09:00\u201311:00 (Coordinated Universal Time)")
    naive = datetime(2026, 11, 22, 9, 0)  # naive = UTC
    assert "10:00" in i18n.format_datetime_range(naive, naive.replace(hour=11), "Europe/Warsaw", "pl")


def test_format_date_uses_event_timezone():
    late = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # already 23 November in Warsaw/Kyiv
    assert "23 listopada 2026" in i18n.format_date(late, "Europe/Warsaw", "pl")
    assert "23 листопада 2026" in i18n.format_date(late, "Europe/Kyiv", "uk")
    assert "22 November 2026" in i18n.format_date(late, "America/New_York", "en")


def test_format_datetime():
    assert i18n.format_datetime(NOV_START, "Europe/Warsaw", "uk") == "неділя, 22 листопада 2026\u202fр., 10:00"
    assert i18n.format_datetime(NOV_START, "America/New_York", "pl") == (
        "niedziela, 22 listopada 2026, 04:00 (czas wschodnioamerykański standardowy)")


def _read_catalog(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f)


@pytest.mark.parametrize("language", TRANSLATED)
def test_po_catalog_is_complete(language):
    """Participants must never see English in pl/uk: no empty, fuzzy or broken translations."""
    catalog = _read_catalog(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po")
    assert catalog.num_plurals == 3
    template_ids = {m.id for m in _read_catalog(LOCALE_DIR / "messages.pot") if m.id}
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
            problems.append(f"wrong number of plural forms: {message.id!r}")
        if not all(s and s.strip() for s in strings):
            problems.append(f"untranslated: {message.id!r}")
        for error in message.check(catalog):
            problems.append(f"{error}: {message.id!r}")
    missing = template_ids - {m.id for m in catalog if m.id}
    problems += [f"not in {language}.po (run pybabel update): {m!r}" for m in sorted(map(str, missing))]
    assert not problems, "\n".join(problems)


def test_message_template_is_up_to_date():
    """Every gettext/N_/template string in the code is in messages.pot (run pybabel extract + update)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = LOCALE_DIR.parents[1]
    with (root / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {message for _, _, message, _, _ in extract_from_dir(str(root), method_map, options_map)}
    template_ids = {m.id for m in _read_catalog(LOCALE_DIR / "messages.pot") if m.id}
    missing = sorted(map(str, found - template_ids))
    assert not missing, "msgids missing from messages.pot:\n" + "\n".join(missing)
    assert "Seat confirmed: %(title)s" in found  # gettext:2 / N_ keywords really work
    assert ("You signed up for %(count)s session:", "You signed up for %(count)s sessions:") in found


def test_babel_cfg_extracts_language_first_calls(tmp_path):
    """gettext(lang, "...") and ngettext(lang, "...", "...", n) take the msgid from the 2nd argument."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    (tmp_path / "chalicelib").mkdir()
    (tmp_path / "chalicelib" / "sample.py").write_text(
        "from chalicelib import i18n\n"
        "from chalicelib.i18n import N_, gettext, ngettext\n"
        "def f(lang, n, msg):\n"
        "    gettext(lang, 'Plain %(name)s', name='x')\n"
        "    i18n.gettext(lang, 'Attribute style')\n"
        "    ngettext(lang, '%(n)d seat left', '%(n)d seats left', n)\n"
        "    gettext(lang, msg)\n"
        "    return N_('Deferred')\n",
        encoding="utf-8",
    )
    with (LOCALE_DIR.parents[1] / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {message for _, _, message, _, _ in extract_from_dir(str(tmp_path), method_map, options_map)}
    assert found == {"Plain %(name)s", "Attribute style", ("%(n)d seat left", "%(n)d seats left"), "Deferred"}
