"""The labelled transaction: refusals name their items, conflicts are retried, and the faster
moto transaction of the local stack behaves like moto's own."""
from __future__ import annotations

from unittest import mock

import boto3
import pytest
from botocore.exceptions import ClientError
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


def test_fast_moto_transactions_match_moto():
    """Same outcomes with and without the local stack's snapshot-free TransactWriteItems."""
    from devstack import fast_transactions

    client = boto3.client("dynamodb")

    def run() -> list:
        client.put_item(TableName="zapisy-test", Item={"pk": {"S": "K"}, "sk": {"S": "1"}, "n": {"N": "1"}})
        outcomes = []
        for limit in ("5", "0"):
            try:
                client.transact_write_items(TransactItems=[
                    {"Put": {"TableName": "zapisy-test", "Item": {"pk": {"S": "K"}, "sk": {"S": limit}}}},
                    {"Update": {"TableName": "zapisy-test", "Key": {"pk": {"S": "K"}, "sk": {"S": "1"}},
                                "UpdateExpression": "SET n = n + :one", "ConditionExpression": "n < :limit",
                                "ExpressionAttributeValues": {":one": {"N": "1"}, ":limit": {"N": limit}},
                                "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}])
                outcomes.append("ok")
            except ClientError as error:
                outcomes.append([r.get("Code") for r in error.response["CancellationReasons"]]
                                + [error.response["CancellationReasons"][1].get("Item")])
        items = client.query(TableName="zapisy-test", KeyConditionExpression="pk = :k",
                             ExpressionAttributeValues={":k": {"S": "K"}})["Items"]
        client.delete_item(TableName="zapisy-test", Key={"pk": {"S": "K"}, "sk": {"S": "1"}})
        client.delete_item(TableName="zapisy-test", Key={"pk": {"S": "K"}, "sk": {"S": "5"}})
        return [outcomes, sorted(items, key=lambda i: i["sk"]["S"])]

    from moto.dynamodb import models

    original = models.DynamoDBBackend.transact_write_items
    plain = run()
    try:
        fast_transactions.install()
        fast = run()
    finally:
        models.DynamoDBBackend.transact_write_items = original
        fast_transactions._installed = False
    assert fast == plain
    assert plain[0][0] == "ok" and plain[0][1][:2] == ["None", "ConditionalCheckFailed"]
    assert [i["sk"]["S"] for i in plain[1]] == ["1", "5"]  # the refused put left nothing behind
