"""The report laid out as tables in the reader's language, counts already suppressed.

The page, the CSV and the workbook all show these same tables, so the numbers cannot differ
between them. Group rows are in alphabetical order of their labels (never by size: the order
would tell which "<5" is bigger), with "not stated" and "not recorded" last.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..errors import Text
from ..fields import pick_language
from ..i18n import N_, babel_locale, gettext
from .cells import percent, rate, shown, suppressed
from .service import Report
from .tally import NOT_RECORDED, Counts

Cell = int | str

TITLES = {"summary": N_("Summary"), "audience": N_("By audience"), "kind": N_("By kind of event"),
          "language": N_("By participant's language"), "country": N_("By country")}
GROUP_HEADINGS = {"audience": N_("Audience"), "kind": N_("Kind of event"), "language": N_("Language"),
                  "country": N_("Country")}
NOT_STATED = N_("Not stated")
NOT_RECORDED_LABEL = N_("Not recorded")


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[tuple[Cell, float | None], ...]  # per metric: shown value, share of the longest bar (None: no bar)


def say(language: str, message: str | Text) -> str:
    if isinstance(message, Text):
        return gettext(language, message.msgid, **message.params)
    return gettext(language, message)


@cache
def _names(language: str) -> tuple[dict[str, str], dict[str, str]]:
    from babel import Locale

    locale = Locale.parse(babel_locale(language))
    return dict(locale.languages), dict(locale.territories)


def _kind_label(kind: str, language: str) -> str:
    from ..vocabulary.labels import kind_label

    return kind_label(kind, language) or kind


def group_label(dimension: str, key: str, report: Report, language: str) -> str:
    if key == "":
        return say(language, NOT_STATED)
    if key == NOT_RECORDED:
        return say(language, NOT_RECORDED_LABEL)
    if dimension == "kind":
        return _kind_label(key, language)
    if dimension == "language":
        return _names(language)[0].get(key, key)
    if dimension == "country":
        return _names(language)[1].get(key.upper(), key)
    labels = report.audience_labels.get(key)
    return pick_language(labels, language) if labels else key.replace("-", " ").replace("_", " ")


def _sort_key(key: str, label: str) -> tuple[int, str]:
    return (1 if key in ("", NOT_RECORDED) else 0, label.casefold())


def summary(report: Report, language: str) -> Table:
    held = rate(report.held.checked_in, report.held.confirmed)
    rows = (
        (say(language, N_("Events held")), shown(report.events_held)),
        (say(language, N_("Events still to come in this period")), shown(report.events_upcoming)),
        (say(language, N_("Registrations")), shown(report.totals.registrations)),
        (say(language, N_("Unique participants")), shown(report.unique_participants)),
        (say(language, N_("Confirmed")), shown(report.totals.confirmed)),
        (say(language, N_("Checked in")), shown(report.totals.checked_in)),
        (say(language, N_("Attendance rate (events held: checked in / confirmed)")), percent(held)),
    )
    return Table("summary", say(language, TITLES["summary"]),
                 (say(language, N_("Figure")), say(language, N_("Value"))), rows)


def breakdown(report: Report, dimension: str, language: str) -> Table:
    groups: dict[str, Counts] = report.groups.get(dimension, {})
    labelled = sorted(((group_label(dimension, key, report, language), key, counts) for key, counts in groups.items()),
                      key=lambda item: _sort_key(item[1], item[0]))
    header = [say(language, GROUP_HEADINGS[dimension])]
    if dimension == "kind":
        header.append(say(language, N_("Events")))
    header += [say(language, N_("Registrations")), say(language, N_("Confirmed")), say(language, N_("Checked in"))]
    rows = []
    for label, key, counts in labelled:
        row: list[Cell] = [label]
        if dimension == "kind":
            row.append(shown(report.events_by_kind.get(key, 0)))
        row += [shown(counts.registrations), shown(counts.confirmed), shown(counts.checked_in)]
        rows.append(tuple(row))
    return Table(dimension, say(language, TITLES[dimension]), tuple(header), tuple(rows))


def report_tables(report: Report, language: str) -> list[Table]:
    """Summary first, then every breakdown (country only where a country question was asked)."""
    dimensions = ["audience", "kind", "language"] + (["country"] if report.asks_country else [])
    return [summary(report, language)] + [breakdown(report, d, language) for d in dimensions]


def chart_bars(report: Report, language: str, dimension: str = "audience") -> list[Bar]:
    """Confirmed and checked in per group, for a bar chart: suppressed counts get no bar at all."""
    table = breakdown(report, dimension, language)
    groups = report.groups.get(dimension, {})
    ordered = sorted(groups.items(), key=lambda item: _sort_key(item[0], group_label(dimension, item[0], report,
                                                                                    language)))
    longest = max([c for _, counts in ordered for c in (counts.confirmed, counts.checked_in) if not suppressed(c)]
                  + [0])
    bars = []
    for row, (_, counts) in zip(table.rows, ordered, strict=True):
        values = tuple((shown(c), None if suppressed(c) or not longest else c / longest)
                       for c in (counts.confirmed, counts.checked_in))
        bars.append(Bar(str(row[0]), values))
    return bars
