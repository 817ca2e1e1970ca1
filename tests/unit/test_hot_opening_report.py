"""The hot-opening benchmark's arithmetic: percentiles, what counts as lost or as a doubled seat,
how a person's answers are classified, and the figures summed from them."""
from __future__ import annotations

import time
from typing import Any

from bench import hot_opening
from bench.hot_opening import Crowd, Person, busy_message_ok, empty_seats, lost_and_doubles, percentile, report

BUSY = {"pl": "Serwis jest zajęty.", "en": "The service is busy.", "uk": "Сервіс зайнятий."}


class Answer:
    """What the client reads of an HTTP answer."""

    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        self.status_code, self._body, self.headers = status, body, headers or {}
        self.text = str(body)

    def json(self) -> Any:
        if self._body is None:
            raise ValueError("no JSON")
        return self._body


def busy(language: str = "en", retry_after: str | None = "0") -> Answer:
    return Answer(503, {"error": {"code": "busy", "message": BUSY[language]}},
                  {"Retry-After": retry_after} if retry_after is not None else {})


def created(rid: str, status: str = "confirmed") -> Answer:
    return Answer(201, {"id": rid, "status": status})


class Session:
    """Answers in turn, one per POST."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)

    def post(self, *args: Any, **kwargs: Any) -> Answer:
        return self.answers.pop(0)


def signed_up(*answers: Answer, language: str = "en") -> Person:
    crowd = Crowd("http://127.0.0.1:1", "e", [], BUSY)
    crowd.deadline = time.monotonic() + 60
    person = Person(0, "A", "a@example.com", language)
    crowd.sign_up(Session(*answers), person)
    return person


def test_percentiles_are_nearest_rank_and_zero_for_nothing():
    assert percentile([], 0.5) == 0
    assert percentile([7], 0.99) == 7
    assert percentile([3, 1, 2], 0.5) == 2
    assert percentile(list(range(1, 101)), 0.5) == 51
    assert percentile(list(range(1, 101)), 0.99) == 100
    assert percentile(list(range(1, 1001)), 0.99) == 991


def row(rid: str, status: str, email: str | None = None) -> dict[str, str]:
    return {"registration_id": rid, "status": status, "email": email or f"{rid}@example.com"}


def test_lost_counts_missing_changed_and_unanswered_registrations():
    answered = {"a": "confirmed", "b": "waitlisted", "c": "waitlisted", "d": "confirmed", "e": "confirmed"}
    stored = [row("a", "confirmed"), row("b", "waitlisted"), row("c", "confirmed"),  # moved up: fine
              row("d", "waitlisted"),  # answered with a seat, holds none
              row("x", "waitlisted")]  # nobody was answered (a 503 written anyway)
    assert lost_and_doubles(answered, stored, capacity=10) == (3, 0)  # d, e (missing) and x
    assert lost_and_doubles({}, [], capacity=10) == (0, 0)


def test_double_seats_count_seats_beyond_capacity_and_second_registrations_of_an_address():
    confirmed = [row(f"r{n}", "confirmed") for n in range(62)]
    answered = {r["registration_id"]: "confirmed" for r in confirmed}
    assert lost_and_doubles(answered, confirmed, capacity=60) == (0, 2)
    twice = [row("a", "confirmed", "Same@Example.com"), row("b", "waitlisted", "same@example.com"),
             row("c", "waitlisted", "same@example.com")]
    assert lost_and_doubles({"a": "confirmed", "b": "waitlisted", "c": "waitlisted"}, twice, 60) == (0, 2)


def test_a_person_retries_proper_503s_and_stops_at_a_201():
    person = signed_up(busy("uk"), busy("uk"), created("r1", "waitlisted"), language="uk")
    assert (person.outcome, person.statuses, person.registration_id, person.status, person.five_xx) == (
        "signed", [503, 503, 201], "r1", "waitlisted", 0)


def test_a_person_answered_503_at_every_attempt_is_refused():
    person = signed_up(*[busy()] * hot_opening.ATTEMPTS, created("never"))
    assert person.outcome == "refused" and person.statuses == [503] * hot_opening.ATTEMPTS and not person.five_xx


def test_improper_503s_and_other_5xx_are_failures():
    for answer in (busy(retry_after=None), busy("pl"), Answer(503, None, {"Retry-After": "0"}), Answer(500, {})):
        person = signed_up(answer, created("r1"))
        assert (person.outcome, person.five_xx, person.statuses) == ("five_xx", 1, [answer.status_code])
    assert signed_up(Answer(409, {"error": {}})).outcome == "unexpected"


def test_the_busy_message_must_be_in_the_persons_language_with_retry_after():
    assert busy_message_ok(busy("pl"), "pl", BUSY)
    assert not busy_message_ok(busy("pl"), "en", BUSY)
    assert not busy_message_ok(busy("en", retry_after=None), "en", BUSY)
    assert not busy_message_ok(Answer(503, {"message": BUSY["en"]}, {"Retry-After": "2"}), "en", BUSY)


def test_the_report_sums_what_people_were_answered_and_what_the_table_holds():
    crowd = [Person(n, f"P{n}", f"p{n}@example.com", "en") for n in range(4)]
    crowd[0].statuses, crowd[0].outcome, crowd[0].registration_id, crowd[0].status = [201], "signed", "a", "confirmed"
    crowd[1].statuses, crowd[1].outcome, crowd[1].registration_id, crowd[1].status = (
        [503, 503, 201], "signed", "b", "waitlisted")
    crowd[2].statuses, crowd[2].outcome = [503] * 4, "refused"
    crowd[3].statuses, crowd[3].outcome, crowd[3].five_xx = [503, 502], "five_xx", 1
    stored = [row("a", "confirmed"), row("b", "waitlisted")]
    figures = report(crowd, stored, [10.0, 20.0, 30.0, 40.0], seconds=4.0, conflicts=12, capacity=1)
    assert figures == {
        "attempts": 10, "people": 4, "confirmed": 1, "waitlisted": 1, "refused_503_after_retries": 1,
        "five_xx": 1, "lost": 0, "double_seats": 0, "attempts_per_signup_p50": 3, "attempts_per_signup_p99": 3,
        "latency_ms_p50": 30.0, "latency_ms_p90": 40.0, "latency_ms_p99": 40.0, "latency_ms_max": 40.0,
        "signups_per_second": 0.5, "conflicts_emulated": 12, "seconds": 4.0, "unexpected": 0, "no_answer": 0}


def test_a_seat_left_empty_while_people_wait_is_a_problem():
    assert empty_seats({"confirmed": 60, "waitlisted": 2940}) == []
    assert empty_seats({"confirmed": 12, "waitlisted": 0}) == []
    assert empty_seats({"confirmed": 59, "waitlisted": 1}) != []
    assert empty_seats({"confirmed": 12, "waitlisted": 3}) != []
