"""Key builders: the only place that knows how keys are spelled."""
from __future__ import annotations

META = "META"
SEATS = "META#SEATS"  # the seat counters, read with the definition by one Query (sk begins with META)
LINK = "LINK"
MAX_NAME_BYTES = 200  # the service's own ids are 10 to 16 characters; DynamoDB refuses keys over 1 KB or 2 KB


def fits(name: str) -> bool:
    """Whether an id or project name from a request can be part of a key (a longer one names nothing)."""
    return len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES


def event_pk(event_id: str) -> str:
    return f"EVENT#{event_id}"


def registration_sk(registration_id: str) -> str:
    return f"REG#{registration_id}"


def email_sk(email_hash: str) -> str:
    return f"EMAIL#{email_hash}"


def wait_sk(queued_at: str, registration_id: str) -> str:
    return f"WAIT#{queued_at}#{registration_id}"


def manage_pk(token_hash: str) -> str:
    return f"MANAGE#{token_hash}"


def survey_link_pk(token_hash: str) -> str:
    return f"SURVEY#{token_hash}"


def answers_pk(event_id: str) -> str:
    return f"ANSWERS#{event_id}"


def suppression_pk(email_hash: str) -> str:
    return f"SUPPRESSED#{email_hash}"


OUTBOX = "OUTBOX#"


def outbox_pk(shard: int) -> str:
    return f"{OUTBOX}{shard}"


def outbox_sk(due_iso: str, message_id: str) -> str:
    return f"{due_iso}#{message_id}"
