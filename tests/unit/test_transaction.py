"""The labelled transaction: refusals name their items, and conflicts are retried.

(The local stack's faster moto transaction is compared with moto's own in
test_devstack_transactions.py.)"""
from __future__ import annotations

from unittest import mock

import pytest
from pynamodb.exceptions import TransactWriteError, VerboseClientError

from chalicelib.store import transaction
from chalicelib.store.models import EmailMarker
from chalicelib.store.transaction import Contention, Refused, Transaction

pytestmark = pytest.mark.usefixtures("aws")


def conflict() -> TransactWriteError:
    response = {"Error": {"Code": "TransactionCanceledException", "Message": "conflict"},
                "CancellationReasons": [{"Code": "TransactionConflict"}]}
    cause = VerboseClientError(response, "TransactWriteItems", {},
                               cancellation_reasons=[mock.Mock(code="TransactionConflict", raw_item=None)])
    return TransactWriteError("Failed to commit transaction", cause=cause)


def marker(sk: str) -> EmailMarker:
    return EmailMarker("EVENT#t", sk, registration_id="r")


def test_refusal_names_the_guarded_item_in_pynamodbs_order():
    marker("EMAIL#a").save()
    tx = Transaction()
    tx.put("fresh", marker("EMAIL#b"), condition=EmailMarker.pk.does_not_exist())
    tx.check("guard", EmailMarker, "EVENT#t", "EMAIL#zz", EmailMarker.pk.exists())  # sent first
    tx.put("taken", marker("EMAIL#a"), condition=EmailMarker.pk.does_not_exist())
    with pytest.raises(Refused) as refused:
        tx.commit()
    assert refused.value.labels == {"guard", "taken"}
    assert refused.value.items["taken"]["registration_id"] == {"S": "r"}


def test_conflicts_are_retried_then_reported_as_contention(monkeypatch):
    monkeypatch.setattr(transaction.time, "sleep", lambda seconds: None)
    tx = Transaction()
    tx.put("one", marker("EMAIL#c"))
    real = Transaction._commit_once
    attempts = {"n": 0}

    def flaky(self):
        attempts["n"] += 1
        if attempts["n"] < 3:
            raise conflict()
        return real(self)

    with mock.patch.object(Transaction, "_commit_once", flaky):
        tx.commit()
    assert attempts["n"] == 3 and EmailMarker.get("EVENT#t", "EMAIL#c")
    with mock.patch.object(Transaction, "_commit_once", side_effect=conflict()), pytest.raises(Contention):
        tx.commit()
