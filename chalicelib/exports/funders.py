"""The funding statement printed on each project's sign-in sheets.

EU-funded projects must show who pays on every document participants sign. For now a fixed
table per project; a later change makes it editable by the project's organizers.
"""
from __future__ import annotations

FUNDER_LINES: dict[str, str] = {
    "re-turn": ("Projekt współfinansowany przez Unię Europejską ze środków Europejskiego Funduszu Rozwoju "
                "Regionalnego w ramach Programu dla Europy Środkowej"),
}


def funder_line(project: str) -> str:
    """The project's funding statement, or "" when it has none."""
    return FUNDER_LINES.get(project, "")
