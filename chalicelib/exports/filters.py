"""Which registrations an export holds: `?status=`, `?session=`, the language of its labels and, for
a CSV, the separator (by default the one the reader's Excel expects)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..config import settings
from ..errors import InvalidInput, Text
from ..i18n import normalise_language
from ..records import Event
from ..vocabulary.statuses import ACTIVE, CLOSED

ACTIVE_STATUSES = ACTIVE
ALL_STATUSES = (*ACTIVE, *CLOSED)
DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}


@dataclass(frozen=True)
class ExportFilters:
    statuses: tuple[str, ...]
    session: str | None
    language: str
    delimiter: str = ","

    def as_dict(self) -> dict[str, Any]:
        """How the audit log records what was exported."""
        return {"status": list(self.statuses), "session": self.session, "lang": self.language}


def excel_delimiter(language: str) -> str:
    """The separator Excel expects in the reader's language: where the decimal mark is a comma
    (Polish, Ukrainian), Excel splits a CSV on semicolons; in English, on commas."""
    return "comma" if language == "en" else "semicolon"


def _values(query: Mapping[str, str], name: str) -> list[str]:
    """Every value of a parameter: repeated (`?status=a&status=b`) or comma-separated, spaces around
    each ignored. An empty part between commas stays (as "") for the caller to refuse; a value that
    is empty or spaces says nothing."""
    if name not in query:
        return []
    getlist = getattr(query, "getlist", None)
    raw = getlist(name) if getlist else [query[name]]
    return [part.strip(" ") for value in raw if value.strip(" ") for part in value.split(",")]


def read_filters(query: Mapping[str, str], event: Event, default_statuses: tuple[str, ...]) -> ExportFilters:
    """The export's filters from the query string; 400 with per-field messages when one is wrong."""
    fields: dict[str, Text] = {}
    statuses = _values(query, "status")
    if statuses == ["all"]:
        statuses = list(ALL_STATUSES)
    unknown = [s for s in statuses if s not in ALL_STATUSES]
    if unknown:
        fields["status"] = Text("Choose statuses from: %(allowed)s.", {"allowed": ", ".join(ALL_STATUSES)})
    sessions = _values(query, "session")
    known_sessions = {s["id"] for s in event.sessions}
    if len(sessions) > 1 or (sessions and sessions[0] not in known_sessions):
        fields["session"] = Text("Choose from the sessions of this event.")
    language = normalise_language(query.get("lang"), settings().default_language)
    delimiter = query.get("delimiter") or excel_delimiter(language)
    if delimiter not in DELIMITERS:
        fields["delimiter"] = Text("Choose one of: %(allowed)s.", {"allowed": ", ".join(DELIMITERS)})
    if fields:
        raise InvalidInput(fields=fields)
    ordered = tuple(s for s in ALL_STATUSES if s in statuses) or default_statuses
    return ExportFilters(ordered, sessions[0] if sessions else None, language, DELIMITERS[delimiter])
