"""What a survey's answers add up to, shown only once enough people answered to hide each of them.

Below MIN_ANSWERS an event's results say how many answered and nothing else: with two answers an
organizer who knows who came could tell whose "2 out of 5" or comment it is. A project adds up the
events that reached the minimum, so a small event's answers never show through the project's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..events.survey import enabled
from ..records import Event
from ..reports.cells import THRESHOLD
from ..store import surveys as survey_store
from ..vocabulary.kinds import RATING, RATING_SCALE

MIN_ANSWERS = THRESHOLD  # the funder reports' small cells: below it, a figure could point at someone
OPEN_TYPES = ("text", "textarea")


@dataclass
class QuestionResult:
    """One question's figures: ratings (distribution 1–5 and average), options chosen, or texts."""

    question: dict[str, Any]
    answered: int = 0
    distribution: dict[int, int] = field(default_factory=dict)  # rating: {1..5: people}
    options: dict[str, int] = field(default_factory=dict)  # choice, multichoice, checkbox ("yes")
    texts: list[str] = field(default_factory=list)

    @property
    def average(self) -> float | None:
        total = sum(self.distribution.values())
        return sum(score * n for score, n in self.distribution.items()) / total if total else None

    def add(self, value: Any) -> None:
        kind = self.question["type"]
        self.answered += 1
        if kind == RATING and value in RATING_SCALE:
            self.distribution[value] = self.distribution.get(value, 0) + 1
        elif kind in OPEN_TYPES:
            self.texts.append(str(value))
        else:
            for option in (value if isinstance(value, list) else ["yes" if value is True else value]):
                self.options[str(option)] = self.options.get(str(option), 0) + 1


@dataclass
class Results:
    """A survey's figures; `questions` is empty while fewer than MIN_ANSWERS answered."""

    invited: int
    answered: int
    questions: list[QuestionResult] = field(default_factory=list)
    events: list[tuple[Event, int]] = field(default_factory=list)  # a project's events and their answers

    @property
    def shown(self) -> bool:
        return self.answered >= MIN_ANSWERS


def _questions(event: Event) -> list[dict[str, Any]]:
    return list((event.survey or {}).get("questions") or [])


def _tally(results: dict[str, QuestionResult], questions: list[dict[str, Any]], answers: list[dict]) -> None:
    """Add answers to the figures of the questions they answer (same id and type)."""
    for question in questions:
        found = results.setdefault(question["id"], QuestionResult(question))
        if found.question["type"] != question["type"]:
            continue  # the same id asked otherwise in another event: not added up together
        for given in answers:
            if question["id"] in given:
                found.add(given[question["id"]])
    for result in results.values():
        result.distribution = {score: result.distribution.get(score, 0) for score in RATING_SCALE} \
            if result.question["type"] == RATING else result.distribution


def event_results(event: Event) -> Results:
    """An event's survey: invited, answered, and the figures from the MIN_ANSWERS-th answer on."""
    answers = survey_store.answers(event.event_id)
    results = Results(event.survey_invited, len(answers))
    if results.shown:
        by_question: dict[str, QuestionResult] = {}
        _tally(by_question, _questions(event), answers)
        results.questions = list(by_question.values())
    return results


def project_results(events: list[Event]) -> Results:
    """A project's surveys added up: every event's counts, the figures of those that reached the minimum."""
    results = Results(0, 0)
    by_question: dict[str, QuestionResult] = {}
    shown = 0
    for event in events:
        if not (enabled(event.survey) or event.survey_invited):
            continue
        answers = survey_store.answers(event.event_id)
        results.invited += event.survey_invited
        results.answered += len(answers)
        results.events.append((event, len(answers)))
        if len(answers) >= MIN_ANSWERS:
            shown += len(answers)
            _tally(by_question, _questions(event), answers)
    results.questions = list(by_question.values()) if shown >= MIN_ANSWERS else []
    return results


def json_view(results: Results) -> dict[str, Any]:
    """The results as the API gives them (labels as the organizer wrote them, per language)."""
    def question(result: QuestionResult) -> dict[str, Any]:
        shown: dict[str, Any] = {"id": result.question["id"], "type": result.question["type"],
                                 "label": result.question["label"], "answered": result.answered}
        if result.question["type"] == RATING:
            shown.update(average=result.average, distribution={str(k): v for k, v in result.distribution.items()})
        elif result.question["type"] in OPEN_TYPES:
            shown["answers"] = sorted(result.texts, key=str.casefold)
        else:
            shown["options"] = dict(result.options)
        return shown

    return {"invited": results.invited, "answered": results.answered, "minimum": MIN_ANSWERS,
            "shown": bool(results.questions), "questions": [question(q) for q in results.questions]}
