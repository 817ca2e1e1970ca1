"""The report laid out as tables in the reader's language: exact, or for publication.

The page, the CSV and the workbook all show these same tables, so the numbers cannot differ
between them. Organizers see exact counts; a download marked "for publication" shows counts from
1 to 4 as "<5" and makes no rate of them (reports/cells.py). Group rows are in alphabetical order
of their labels (never by size: the order would tell which "<5" is bigger), with "not stated" and
"not recorded" last.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..errors import Text
from ..fields import pick_language
from ..i18n import N_, babel_locale, gettext
from ..vocabulary.collation import collation_key
from ..vocabulary.indicators import INDICATORS, option_label
from .cells import percent, rate, shown, suppressed
from .service import INDICATOR, Figures, Report
from .tally import NOT_RECORDED

Cell = int | str

TITLES = {"summary": N_("Summary"), "events": N_("Events"), "audience": N_("By audience"),
          "kind": N_("By kind of event"), "language": N_("By participant's language"), "country": N_("By country")}
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
    if dimension.startswith(INDICATOR):
        label = option_label(dimension[len(INDICATOR):], key)
        return say(language, label) if label else key
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


def _sort_key(key: str, label: str, language: str) -> tuple[int, tuple[int, ...], str]:
    """Groups in the reader's alphabet, "not recorded" last."""
    return (1 if key in ("", NOT_RECORDED) else 0, collation_key(language)(label), label)


class Cells:
    """How counts leave the report: exact for organizers, or with 1–4 hidden for publication."""

    def __init__(self, publication: bool) -> None:
        self.publication = publication

    def count(self, value: int) -> Cell:
        return shown(value) if self.publication else int(value)

    def rate(self, part: int, whole: int) -> str:
        return percent(rate(part, whole) if self.publication else (part / whole if whole > 0 else None))

    def hidden(self, value: int) -> bool:
        return self.publication and suppressed(value)


METRICS = (N_("Registrations"), N_("Participations (confirmed seats)"), N_("Attended"), N_("Unique participants"),
           N_("Unique participants who attended"))


def _metrics(figures: Figures, cells: Cells) -> tuple[Cell, ...]:
    return tuple(cells.count(v) for v in (figures.registrations, figures.confirmed, figures.attended,
                                           figures.unique, figures.unique_attended))


def summary(report: Report, language: str, cells: Cells) -> Table:
    totals = report.totals
    rows = (
        (say(language, N_("Events held")), cells.count(report.events_held)),
        (say(language, N_("Events still to come in this period")), cells.count(report.events_upcoming)),
        *((say(language, label), value) for label, value in zip(METRICS, _metrics(totals, cells), strict=True)),
        (say(language, N_("Attendance rate (events held: attended / confirmed)")),
         cells.rate(report.held.attended, report.held.confirmed)),
    )
    return Table("summary", say(language, TITLES["summary"]),
                 (say(language, N_("Figure")), say(language, N_("Value"))), rows)


def breakdown(report: Report, dimension: str, language: str, cells: Cells) -> Table:
    groups: dict[str, Figures] = report.groups.get(dimension, {})
    labelled = sorted(((group_label(dimension, key, report, language), key, figures)
                       for key, figures in groups.items()), key=lambda item: _sort_key(item[1], item[0], language))
    header = [_heading(dimension, language)]
    if dimension == "kind":
        header.append(say(language, N_("Events")))
    header += [say(language, label) for label in METRICS]
    rows = []
    for label, key, figures in labelled:
        row: list[Cell] = [label]
        if dimension == "kind":
            row.append(cells.count(report.events_by_kind.get(key, 0)))
        rows.append((*row, *_metrics(figures, cells)))
    return Table(dimension, _title(dimension, language), tuple(header), tuple(rows))


def _heading(dimension: str, language: str) -> str:
    if dimension.startswith(INDICATOR):
        return say(language, INDICATORS[dimension[len(INDICATOR):]].label)
    return say(language, GROUP_HEADINGS[dimension])


def _title(dimension: str, language: str) -> str:
    if dimension.startswith(INDICATOR):
        return say(language, Text(N_("By answer: %(question)s"), {"question": _heading(dimension, language)}))
    return say(language, TITLES[dimension])


def event_list(report: Report, language: str, cells: Cells) -> Table:
    """Every event counted: when, what, where, seats, confirmed and attended."""
    from ..i18n import format_datetime_range

    header = tuple(say(language, h) for h in (N_("Event"), N_("When"), N_("Kind of event"), N_("Place"),
                                              N_("Seats"), N_("Participations (confirmed seats)"), N_("Attended")))
    rows = tuple((pick_language(line.event.title, language),
                  format_datetime_range(line.event.starts_at, line.event.ends_at, line.event.timezone, language),
                  _kind_label(line.event.kind, language), line.event.venue, line.event.capacity,
                  cells.count(line.figures.confirmed), cells.count(line.figures.attended))
                 for line in report.events)
    return Table("events", say(language, TITLES["events"]), header, rows)


def report_tables(report: Report, language: str, *, publication: bool = False) -> list[Table]:
    """Summary first, the event list, then every breakdown (country only where a country question was asked)."""
    cells = Cells(publication)
    dimensions = (["audience", "kind", "language"] + (["country"] if report.asks_country else [])
                  + [INDICATOR + indicator for indicator in report.indicators if indicator in INDICATORS])
    return ([summary(report, language, cells), event_list(report, language, cells)]
            + [breakdown(report, d, language, cells) for d in dimensions])


def chart_bars(report: Report, language: str, dimension: str = "audience") -> list[Bar]:
    """Confirmed and attended per group, for a bar chart of the exact figures organizers see."""
    cells = Cells(publication=False)
    table = breakdown(report, dimension, language, cells)
    groups = report.groups.get(dimension, {})
    ordered = sorted(groups.items(), key=lambda item: _sort_key(item[0], group_label(dimension, item[0], report,
                                                                                    language), language))
    longest = max([c for _, figures in ordered for c in (figures.confirmed, figures.attended)] + [0])
    bars = []
    for row, (_, figures) in zip(table.rows, ordered, strict=True):
        values = tuple((cells.count(c), None if not longest else c / longest)
                       for c in (figures.confirmed, figures.attended))
        bars.append(Bar(str(row[0]), values))
    return bars
