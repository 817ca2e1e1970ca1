"""People's answers to a project's indicator questions, one item per person in the project's partition.

| item    | pk               | sk                |
|---------|------------------|-------------------|
| answers | PROJECT#<id>     | PERSON#<person>   |

`person` is the project-scoped keyed hash of the address (auth.person_key): no name, no address.
Written once (a person answers once per project); read whole by the funder report (one Query);
removed by TTL with the facts they describe, or at once by an erasure request.
"""
from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import JSONAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..records import PersonAnswers
from .models import _Base
from .transaction import put_if_absent

PREFIX = "PERSON#"


class PersonItem(_Base):
    answers = JSONAttribute(default=dict)
    answered_at = UTCDateTimeAttribute()
    special_consent_at = UTCDateTimeAttribute(null=True)
    special_consent_version = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


def _pk(project: str) -> str:
    return f"PROJECT#{project}"


def _record(project: str, item: PersonItem) -> PersonAnswers:
    return PersonAnswers(project, item.sk[len(PREFIX):], dict(item.answers or {}), item.answered_at,
                         item.special_consent_at, item.special_consent_version)


def load_answers(project: str, person: str) -> PersonAnswers | None:
    try:
        return _record(project, PersonItem.get(_pk(project), PREFIX + person, consistent_read=True))
    except PersonItem.DoesNotExist:
        return None


def save_answers(answers: PersonAnswers, expires_at: datetime) -> bool:
    """Store a person's first answers; False if they answered already (nothing changes)."""
    item = PersonItem(_pk(answers.project), PREFIX + answers.person, answers=answers.answers,
                      answered_at=answers.answered_at, special_consent_at=answers.special_consent_at,
                      special_consent_version=answers.special_consent_version, expires_at=expires_at)
    return put_if_absent(item)


def answers_of_project(project: str) -> dict[str, dict[str, str]]:
    """{person: answers} of everyone who answered in the project, for its report."""
    return {item.sk[len(PREFIX):]: dict(item.answers or {})
            for item in PersonItem.query(_pk(project), PersonItem.sk.startswith(PREFIX), page_size=500)}


def forget(project: str, person: str) -> None:
    """An erasure request: the person's answers go at once."""
    PersonItem(_pk(project), PREFIX + person).delete()
