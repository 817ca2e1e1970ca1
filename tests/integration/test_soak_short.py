"""Twenty seconds of the soak's mixed traffic (`make soak` runs it for five minutes): the same checks.

Sign-ups, cancellations through the manage link, double opt-in confirmations, the public board,
event and manage pages, organizers' lists and CSV exports at once; then every event of the run is
read back from the table and the mailbox is counted.
"""
from __future__ import annotations

from bench.soak import soak


def test_twenty_seconds_of_mixed_traffic_lose_overbook_and_fail_nothing(stack):
    report = soak(stack, seconds=20, per_event=3)  # events fill up and are followed by fresh ones
    figures = report.figures
    assert report.problems == []
    assert (figures["lost"], figures["overbooked"], figures["counter_mismatches"], figures["server_errors"],
            figures["unexpected_answers"]) == (0, 0, 0, 0, 0)
    assert {"register", "cancel", "board_json", "board_page", "event_page", "organizer_list"} <= set(
        figures["requests"])
    assert figures["registrations"].get("cancelled", 0) > 0  # seats were freed while people kept signing up
    assert figures["events"] > 4
    emails = figures["emails"]
    assert emails["sent"] == emails["recorded"] > 0 and emails["sent_twice"] == emails["left_in_outbox"] == 0
