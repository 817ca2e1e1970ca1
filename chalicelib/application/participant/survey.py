"""A participant's survey, through the link in the survey e-mail: see the questions, answer once."""
from __future__ import annotations

from typing import Any


def open_survey(token: str) -> Any:
    """The event and its questions; 404 for an unknown or erased link, 409 once answered or closed."""
    from ...surveys.answering import open_survey as opened

    return opened(token)


def answer(token: str, answers: Any) -> Any:
    """Store the answers apart from the person and mark the registration answered, in one commit;
    400 with a message per wrong answer (nothing written), 409 for a second answer."""
    from ...surveys.answering import answer as given

    return given(token, answers)
