"""Addresses that must not get more mail (permanent bounces, complaints), by keyed hash."""
from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist

from ..records import Registration
from ..records import Suppression as SuppressionRecord
from . import keys
from .convert import registration_ref
from .models import RegistrationItem, Suppression


def suppress(email_hash: str, reason: str, at: datetime) -> None:
    Suppression(keys.suppression_pk(email_hash), keys.META, reason=reason[:200], at=at).save()


def suppression_of(email_hash: str | None) -> SuppressionRecord | None:
    if not email_hash:
        return None
    try:
        item = Suppression.get(keys.suppression_pk(email_hash), keys.META)
    except DoesNotExist:
        return None
    return SuppressionRecord(item.reason, item.at)


def suppressed_among(email_hashes: set[str]) -> dict[str, str]:
    """{hash: reason} for the suppressed ones (a BatchGet, for organizers' lists)."""
    found: dict[str, str] = {}
    wanted = [(keys.suppression_pk(h), keys.META) for h in email_hashes if h]
    for item in Suppression.batch_get(wanted):
        found[item.pk.split("#", 1)[1]] = item.reason
    return found


def note_problem(registration: Registration, problem: str) -> None:
    """Show organizers that mail to this registration did not get through."""
    registration_ref(registration.event_id, registration.registration_id).update(
        actions=[RegistrationItem.delivery_problem.set(problem[:300])], condition=RegistrationItem.pk.exists())
