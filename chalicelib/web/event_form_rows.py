"""The editor's question rows, the same for the registration form's questions (`q<n>-<field>`) and
the satisfaction survey's (`v<n>-<field>`): a question as its row of text fields, the posted rows
in the order of their numbers, and a row as the API's question. One reading for both lists, so a
survey question is refused beside its field for the same reasons as a registration question.
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import Text
from ..fields import pick_language
from ..i18n import gettext
from .forms import by_language

QUESTION_FIELDS = ("id", "type", "required", "show_if", "equals", "max_length", "position", "option_ids")
QUESTION_TEXTS = ("label", "help", "options")
CHOICE_TYPES = ("choice", "multichoice")
YES = {"yes", "true", "on", "1", "tak", "так", "y", "t"}
NO = {"no", "false", "off", "0", "nie", "ні", "n", "f"}
ROW_PREFIXES = ("q", "s", "v")  # registration questions, sessions, survey questions
_ROW = re.compile(r"^([qsv])(\d{1,3})-")

Row = dict[str, str]


def free_id(prefix: str, taken: set[str]) -> str:
    """An id for a new row that no other row of its list has (`q3`, `s2`), so added rows can be saved as they are."""
    n = len(taken) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def number(rows: list[Row]) -> None:
    """Positions 1, 2, 3 … in the rows' order, so the page shows the order that will be saved."""
    for position, row in enumerate(rows, start=1):
        row["position"] = str(position)


def filled(rows: list[Row], languages: tuple[str, ...]) -> list[Row]:
    """The question rows with some text in them: a row added but never filled in is not a question."""
    return [row for row in rows if any(row.get(f"{name}-{lang}", "").strip()
                                       for name in QUESTION_TEXTS for lang in languages)]


def posted_rows(form: dict[str, list[str]]) -> dict[str, list[Row]]:
    """The posted rows by prefix (`q`, `s`, `v`), in the order of their numbers; rows marked for removal left out."""
    rows: dict[tuple[str, int], Row] = {}
    for name, values in form.items():
        match = _ROW.match(name)
        if match:
            rows.setdefault((match.group(1), int(match.group(2))), {})[name[match.end():]] = values[0]
    found: dict[str, list[Row]] = {prefix: [] for prefix in ROW_PREFIXES}
    for (prefix, _), row in sorted(rows.items()):
        if row.pop("remove", None) != "on":
            found[prefix].append(row)
    return found


def _position(row: Row, index: int) -> tuple[int, int]:
    raw = row.get("position", "").strip()
    return (int(raw) if raw.isdigit() else index + 1, index)


def in_order(rows: list[Row]) -> list[Row]:
    """Question rows in the order of their typed positions (ties in the page's order), numbered again."""
    ordered = [row for _, row in sorted(((_position(row, i), row) for i, row in enumerate(rows)),
                                        key=lambda pair: pair[0])]
    number(ordered)
    return ordered


def per_language(texts: dict[str, str] | None, language: str) -> str:
    texts = texts or {}
    return texts.get(language) or texts.get("*") or ""


def _answer_text(question: dict[str, Any], source: dict[str, Any] | None, language: str) -> str:
    equals = question["show_if"]["equals"]
    if equals is True or equals is False:
        return gettext(language, "yes") if equals else gettext(language, "no")
    for option in (source or {}).get("options", []):
        if option["id"] == equals:
            return pick_language(option["label"], language) or equals
    return str(equals)


def question_row(question: dict[str, Any], position: int, languages: tuple[str, ...], page_language: str,
                 earlier: dict[str, dict[str, Any]]) -> Row:
    """A stored question as its row of fields; `earlier` (by id) words a `show_if` answer as the page's language."""
    row = {"id": question["id"], "type": question["type"], "required": "on" if question.get("required") else "",
           "max_length": str(question.get("max_length") or ""), "position": str(position),
           "option_ids": " ".join(o["id"] for o in question.get("options", []))}
    if question.get("show_if"):
        row["show_if"] = question["show_if"]["question"]
        row["equals"] = _answer_text(question, earlier.get(question["show_if"]["question"]), page_language)
    for lang in languages:
        row[f"label-{lang}"] = per_language(question["label"], lang)
        row[f"help-{lang}"] = per_language(question.get("help"), lang)
        row[f"options-{lang}"] = "\n".join(per_language(o["label"], lang) for o in question.get("options", []))
    return row


def question_rows(questions: list[dict[str, Any]], languages: tuple[str, ...], page_language: str) -> list[Row]:
    """A list of stored questions as rows, numbered from 1."""
    by_id = {q["id"]: q for q in questions}
    return [question_row(q, position, languages, page_language, by_id)
            for position, q in enumerate(questions, start=1)]


def whole(raw: str) -> int | str | None:
    """A whole number as typed; anything else is passed on as text for the API to refuse beside its field."""
    raw = raw.strip()
    if not raw:
        return None
    return int(raw) if re.fullmatch(r"-?\d{1,9}", raw) else raw


def _options(errors: dict[str, Text], key: str, row: Row, languages: tuple[str, ...]) -> list[dict[str, Any]]:
    lines = {lang: [line.strip() for line in row.get(f"options-{lang}", "").splitlines() if line.strip()]
             for lang in languages}
    lines = {lang: items for lang, items in lines.items() if items}
    if len({len(items) for items in lines.values()}) > 1:
        errors[key] = Text("Give the same number of options in each language, one per line.")
        return []
    count = max((len(items) for items in lines.values()), default=0)
    ids = [i for i in row.get("option_ids", "").split() if i][:count]
    while len(ids) < count:
        ids.append(free_id("o", set(ids)))
    return [{"id": ids[k], "label": {lang: items[k] for lang, items in lines.items()}} for k in range(count)]


def _equals(raw: str, source: dict[str, Any] | None) -> str | bool:
    """The answer that shows a question: yes/no for a checkbox, an option (its id or any label) for a choice."""
    answer = raw.strip()
    if source and source.get("type") == "checkbox":
        if answer.lower() in YES:
            return True
        if answer.lower() in NO:
            return False
    for option in (source or {}).get("options", []):
        if answer == option["id"] or answer.casefold() in {t.casefold() for t in option["label"].values()}:
            return option["id"]
    return answer


def question_from_row(errors: dict[str, Text], row_key: str, row: Row, languages: tuple[str, ...],
                      earlier: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A row as the API's question; what the row itself cannot say goes to `errors` under `<row_key>-<field>`
    (`q2-options`, `v0-show_if`), the names the page shows its errors by."""
    qtype = row.get("type", "")
    question: dict[str, Any] = {"id": row.get("id", "").strip(), "type": qtype, "required": row.get("required") == "on",
                                "label": by_language(row, "label", languages),
                                "help": by_language(row, "help", languages)}
    if qtype in CHOICE_TYPES:
        question["options"] = _options(errors, f"{row_key}-options", row, languages)
    if qtype in ("text", "textarea") and row.get("max_length", "").strip():
        question["max_length"] = whole(row["max_length"])
    if row.get("show_if", "").strip():
        if not row.get("equals", "").strip():
            errors[f"{row_key}-show_if"] = Text("Enter the answer that shows this question.")
        question["show_if"] = {"question": row["show_if"].strip(),
                               "equals": _equals(row.get("equals", ""), earlier.get(row["show_if"].strip()))}
    return question


def questions_from_rows(errors: dict[str, Text], prefix: str, rows: list[Row],
                        languages: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every row of one list as the API's questions, each `show_if` read against the questions before it."""
    questions: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        questions.append(question_from_row(errors, f"{prefix}{index}", row, languages,
                                           {q["id"]: q for q in questions}))
    return questions
