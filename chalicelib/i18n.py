"""Languages, translations and locale-aware date formatting.

Participants are often migrants who read Polish poorly, so every text a
participant sees goes through this module. English strings are the msgids;
compiled catalogs live in ``chalicelib/locale/<lang>/LC_MESSAGES/messages.mo``.

Heavy libraries (Babel) are imported inside functions so that a Lambda cold
start that never formats a date does not pay for them.
"""

from __future__ import annotations

import gettext as _gettext
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SUPPORTED_LANGUAGES: tuple[str, ...] = ("pl", "en", "uk")

logger = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

# Codes people (and browsers) send that mean one of our languages.
# "ua" is the country code of Ukraine, commonly typed where "uk" is meant.
_ALIASES = {
    "pl": "pl",
    "pol": "pl",
    "polish": "pl",
    "polski": "pl",
    "en": "en",
    "eng": "en",
    "english": "en",
    "uk": "uk",
    "ua": "uk",
    "ukr": "uk",
    "ukrainian": "uk",
}

_BABEL_LOCALES = {"pl": "pl_PL", "en": "en_GB", "uk": "uk_UA"}
# Where zapisy's institutions and their public are: a time there is shown without its zone's name.
HOME_ZONE = "Europe/Warsaw"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it (translate later with gettext)."""
    return message


def _match_language(value: str | None) -> str | None:
    """Map a language tag ("uk-UA", "PL_pl", "ua") to a supported code, or None."""
    if not value:
        return None
    tag = value.strip().lower().replace("_", "-")
    if not tag:
        return None
    primary = tag.split("-", 1)[0]
    return _ALIASES.get(tag) or _ALIASES.get(primary)


def normalise_language(value: str | None, default: str = "pl") -> str:
    """Return a supported language code for user input or stored data; unknown -> default."""
    return _match_language(value) or _match_language(default) or SUPPORTED_LANGUAGES[0]


def negotiate_language(accept_language: str | None, default: str = "pl") -> str:
    """Pick the best supported language from an Accept-Language header (RFC 9110 q-values)."""
    fallback = normalise_language(default)
    if not accept_language:
        return fallback
    candidates: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language[:1024].split(",")):
        parts = [p.strip() for p in item.split(";")]
        tag = parts[0]
        if not tag:
            continue
        quality = 1.0
        for param in parts[1:]:
            name, _, raw = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(raw.strip())
                except ValueError:
                    quality = -1.0
        if not 0.0 < quality <= 1.0:  # q=0 means "not acceptable"; garbage is ignored
            continue
        candidates.append((-quality, position, tag))
    for _, _, tag in sorted(candidates):
        if tag == "*":
            return fallback
        matched = _match_language(tag)
        if matched:
            return matched
    return fallback


def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalog for a language (loaded once); English msgids if it is missing."""
    return _load_translations(normalise_language(language))


@cache
def _load_translations(code: str) -> _gettext.NullTranslations:
    loaded = _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[code], fallback=True)
    if code != "en" and not isinstance(loaded, _gettext.GNUTranslations):
        # A build without `pybabel compile` would quietly send English to everyone.
        logger.warning("no compiled catalog for %r in %s; texts will be in English", code, LOCALE_DIR)
    return loaded


def reset_caches() -> None:
    """Forget loaded catalogs, e.g. after recompiling .mo files in tests or a dev server."""
    _load_translations.cache_clear()


def _format(translated: str, fallback: str, params: dict) -> str:
    """%-format a translation; a broken translation must not break an e-mail, so fall back to English."""
    try:
        return translated % params
    except (KeyError, ValueError, TypeError):
        return fallback % params


def pick_text(texts: Mapping[str, str], language: str, fallback: str = "en") -> str:
    """The text in the reader's language, else the all-languages text ("*"), the fallback, any."""
    for key in (language, "*", fallback, "en", "pl"):
        if texts.get(key):
            return texts[key]
    return next(iter(texts.values()), "")


class InLanguages(dict):
    """A message parameter known in several languages ({language or "*": text}, as titles are).

    gettext fills in the reader's, so a refusal raised once, deep down, names things right in
    whichever language the door that shows it speaks (a participant's, an organizer's)."""


def _filled(language: str, params: dict[str, object]) -> dict[str, object]:
    return {name: pick_text(value, language) if isinstance(value, InLanguages) else value
            for name, value in params.items()}


def gettext(language: str, message: str, **params: object) -> str:
    """Translate ``message`` (an English msgid) and fill ``%(name)s`` placeholders from params."""
    translated = translations(language).gettext(message)
    if not params:
        return translated
    return _format(translated, message, _filled(language, params))


def ngettext(language: str, singular: str, plural: str, n: int, **params: object) -> str:
    """Plural-aware translation; ``%(n)d`` is always available as a placeholder."""
    translated = translations(language).ngettext(singular, plural, n)
    values = {"n": n, **_filled(language, params)}
    return _format(translated, singular if n == 1 else plural, values)


def babel_locale(language: str) -> str:
    """Babel/CLDR locale for a language: British English avoids US month-first dates."""
    return _BABEL_LOCALES[normalise_language(language)]


def language_name(code: str, language: str) -> str:
    """A language's name in `language` (CLDR's, lower case where the language writes it so):
    "uk" in Polish is "ukraiński"; an unknown code stays as it is."""
    from babel import Locale

    return Locale.parse(babel_locale(language)).languages.get(code, code) if code else ""


def _zone(timezone: str | None) -> tuple[tzinfo, str]:
    """Resolve an IANA name; an unknown one degrades to UTC and says so in the label."""
    try:
        if timezone:
            return ZoneInfo(timezone), timezone
    except (ZoneInfoNotFoundError, ValueError):
        pass
    return UTC, "UTC"


def _aware(value: datetime) -> datetime:
    """Treat naive datetimes as UTC (the store keeps UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _date_text(value: datetime, language: str) -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value.date(), "full", locale=babel_locale(language))


def _time_text(value: datetime, language: str) -> str:
    from babel.dates import format_time as babel_format_time

    return babel_format_time(value.replace(tzinfo=None), "HH:mm", locale=babel_locale(language))


def format_date(value: datetime, timezone: str, language: str) -> str:
    """Full date with weekday as seen in the event's timezone, e.g. "wtorek, 24 listopada 2026"."""
    zone, _ = _zone(timezone)
    return _date_text(_aware(value).astimezone(zone), language)


def zone_name(value: datetime, timezone: str, language: str) -> str:
    """The zone's name in the reader's language at that moment ("czas wschodnioeuropejski letni");
    where CLDR has no such name (it would say "GMT+03:00"), the zone's place ("czas: Ukraina (Kyiv)")."""
    from babel.dates import get_timezone_name

    zone, _ = _zone(timezone)
    local = _aware(value).astimezone(zone)
    name = get_timezone_name(local, "long", locale=babel_locale(language))
    return get_timezone_name(zone, "long", locale=babel_locale(language)) if name.startswith("GMT") else name


def _zone_suffix(value: datetime, timezone: str, language: str) -> str:
    """" (its zone's name)" when the clock there reads otherwise than at home, else nothing: people
    here need no "(Europe/Warsaw)" after every time, but an event abroad must say whose time it is."""
    zone, _ = _zone(timezone)
    moment = _aware(value)
    if moment.astimezone(zone).utcoffset() == moment.astimezone(ZoneInfo(HOME_ZONE)).utcoffset():
        return ""
    return f" ({zone_name(moment, timezone, language)})"


def format_datetime(value: datetime, timezone: str, language: str) -> str:
    """Date and time in the event's timezone, e.g. "wtorek, 24 listopada 2026, 10:00" (the zone named
    only when it is not the home one)."""
    zone, _ = _zone(timezone)
    local = _aware(value).astimezone(zone)
    return f"{_date_text(local, language)}, {_time_text(local, language)}{_zone_suffix(value, timezone, language)}"


def format_datetime_range(starts_at: datetime, ends_at: datetime, timezone: str, language: str) -> str:
    """Human range in the event's timezone: compact when on one day, both dates otherwise."""
    zone, _ = _zone(timezone)
    start = _aware(starts_at).astimezone(zone)
    end = _aware(ends_at).astimezone(zone) if ends_at is not None else start
    start_date, start_time = _date_text(start, language), _time_text(start, language)
    label = _zone_suffix(starts_at, timezone, language)
    if end <= start:
        return f"{start_date}, {start_time}{label}"
    end_time = _time_text(end, language)
    if end.date() == start.date():
        return f"{start_date}, {start_time}\u2013{end_time}{label}"
    return f"{start_date}, {start_time} \u2013 {_date_text(end, language)}, {end_time}{label}"
