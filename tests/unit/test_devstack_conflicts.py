"""The local stack's emulation of DynamoDB's transaction conflicts (devstack/conflicts.py).

With nothing overlapping, the switch changes no answer and no table. While one transaction is
held in flight (a test seam, gated by events: no sleeping), another on one of its items is
refused as DynamoDB refuses it, and botocore, PynamoDB and the app's own Transaction read the
refusal as a conflict; other items go through, and once the first is done the second succeeds.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import boto3
import pytest
import requests
import time_machine
from botocore.config import Config
from botocore.exceptions import ClientError
from moto.moto_api._internal import mock_random

from chalicelib.store.table import create_table
from devstack.moto_server import MotoServer
from tests.twins import FROZEN

REGION = "eu-central-1"
TABLE = "zapisy-conflicts"
SIDE = "side"  # keyed by its hash key alone
VOLATILE = {"x-amzn-requestid", "x-amz-request-id", "date"}


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[bool, MotoServer]]:
    """One moto server with the switch off and one with it on (they share moto's backends, so the
    tests use one at a time and reset moto before each)."""
    started = {on: MotoServer(transaction_conflicts=on).start() for on in (False, True)}
    yield started
    for server in started.values():
        server.stop()


class Recorder:
    """A client of one server that keeps every answer whole (status, headers, body, parse)."""

    def __init__(self, server: MotoServer) -> None:
        self.answers: list[dict[str, Any]] = []
        self.client = boto3.client("dynamodb", endpoint_url=server.url, region_name=REGION,
                                   aws_access_key_id="local", aws_secret_access_key="local",
                                   config=Config(retries={"max_attempts": 1, "mode": "standard"}, read_timeout=15))
        self.client.meta.events.register("after-call.*", self._keep)

    def _keep(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        parsed = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
        self.answers.append({"operation": model.name, "status": http_response.status_code, "parsed": parsed,
                             "headers": {k.lower(): v for k, v in http_response.headers.items()
                                         if k.lower() not in VOLATILE},
                             "body": http_response.content})

    def call(self, operation: str, **params: Any) -> dict[str, Any]:
        try:
            return getattr(self.client, operation)(**params)
        except ClientError as error:
            return error.response


def reset(server: MotoServer) -> None:
    requests.post(f"{server.url}/moto-api/reset", timeout=30).raise_for_status()


def key(sk: str) -> dict[str, Any]:
    return {"pk": {"S": "EVENT#e"}, "sk": {"S": sk}}


def setup(session: Recorder) -> None:
    create_table(session.client, TABLE)
    session.call("create_table", TableName=SIDE, BillingMode="PAY_PER_REQUEST",
                 KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                 AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    session.call("put_item", TableName=TABLE, Item={**key("META"), "seats": {"N": "2"}, "gsi1pk": {"S": "EVENTS"},
                                                    "gsi1sk": {"S": "2027-03-01"}})
    session.call("put_item", TableName=TABLE, Item={**key("REG#0"), "email_hash": {"S": "h0"},
                                                    "created_at": {"S": "2027-02-01"}})


def take_seat(**extra: Any) -> dict[str, Any]:
    return {"Update": {"TableName": TABLE, "Key": key("META"), "UpdateExpression": "SET seats = seats - :one",
                       "ConditionExpression": "seats > :zero",
                       "ExpressionAttributeValues": {":one": {"N": "1"}, ":zero": {"N": "0"}}, **extra}}


def register(sk: str) -> dict[str, Any]:
    return {"Put": {"TableName": TABLE, "Item": {**key(sk), "email_hash": {"S": sk}, "created_at": {"S": "2027"}},
                    "ConditionExpression": "attribute_not_exists(pk)"}}


def contents(session: Recorder) -> list[Any]:
    """Both tables and the main table's indexes, as Scan answers them."""
    scans = [session.call("scan", TableName=SIDE)["Items"], session.call("scan", TableName=TABLE)["Items"]]
    for index in ("by_start", "by_project", "by_person"):
        answer = session.call("scan", TableName=TABLE, IndexName=index)
        scans.append(answer.get("Items", answer.get("Error")))
    return scans


def sequence(session: Recorder) -> None:
    """Calls of every kind, one after the other: writes whose conditions hold and fail,
    transactions committed, cancelled by a condition and refused as a whole, reads."""
    setup(session)
    call = session.call
    call("put_item", TableName=SIDE, Item={"id": {"S": "a"}, "n": {"N": "5"}})
    call("put_item", TableName=SIDE, Item={"id": {"S": "a"}}, ConditionExpression="attribute_not_exists(id)")
    call("update_item", TableName=SIDE, Key={"id": {"S": "a"}}, UpdateExpression="SET n = n + :one",
         ConditionExpression="n > :zero", ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}},
         ReturnValues="ALL_NEW")
    call("update_item", TableName=SIDE, Key={"id": {"S": "a"}}, UpdateExpression="SET n = n + :one",
         ConditionExpression="n < :zero", ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}},
         ReturnValuesOnConditionCheckFailure="ALL_OLD")
    call("delete_item", TableName=SIDE, Key={"id": {"S": "b"}}, ConditionExpression="attribute_exists(id)")
    call("transact_write_items", TransactItems=[register("REG#1"), take_seat()])
    call("transact_write_items", TransactItems=[
        {"ConditionCheck": {"TableName": TABLE, "Key": key("REG#9"), "ConditionExpression": "attribute_exists(pk)"}},
        register("REG#2"), take_seat(ReturnValuesOnConditionCheckFailure="ALL_OLD")])
    call("transact_write_items", TransactItems=[register("REG#2"), take_seat()])
    call("transact_write_items", TransactItems=[register("REG#3"),
                                                take_seat(ReturnValuesOnConditionCheckFailure="ALL_OLD")])
    arn = call("describe_table", TableName=SIDE)["Table"]["TableArn"]
    call("transact_write_items", TransactItems=[
        {"Update": {"TableName": arn, "Key": {"id": {"S": "a"}}, "UpdateExpression": "ADD n :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"Delete": {"TableName": TABLE, "Key": key("REG#0")}},
        {"ConditionCheck": {"TableName": TABLE, "Key": key("META"), "ConditionExpression": "seats = :zero",
                            "ExpressionAttributeValues": {":zero": {"N": "0"}}}}])
    call("transact_write_items", TransactItems=[register("REG#4"), register("REG#4")])  # one item twice
    call("transact_write_items", TransactItems=[register("REG#5"), {"Put": {"TableName": "none", "Item": key("x")}}])
    call("get_item", TableName=TABLE, Key=key("META"), ConsistentRead=True)
    call("query", TableName=TABLE, KeyConditionExpression="pk = :pk AND begins_with(sk, :reg)", ConsistentRead=True,
         ExpressionAttributeValues={":pk": {"S": "EVENT#e"}, ":reg": {"S": "REG#"}})
    call("batch_get_item", RequestItems={TABLE: {"Keys": [key("META"), key("REG#1")], "ConsistentRead": True}})
    contents(session)


@contextmanager
def frozen() -> Iterator[None]:
    """The same clock and the same random ids for each run, so two runs answer alike."""
    with time_machine.travel(FROZEN, tick=False):
        mock_random.seed(20270301)
        yield


def run(server: MotoServer, scenario: Callable[[Recorder], None]) -> list[dict[str, Any]]:
    reset(server)
    session = Recorder(server)
    with frozen():
        scenario(session)
    return session.answers


def test_with_nothing_overlapping_the_switch_changes_no_answer_and_no_table(servers):
    plain, gated = run(servers[False], sequence), run(servers[True], sequence)
    assert len(plain) == len(gated)
    for number, (want, have) in enumerate(zip(plain, gated, strict=True)):
        assert have == want, f"answer {number} ({want['operation']}) differs"
    codes = [a["parsed"].get("Error", {}).get("Code") for a in plain if a["operation"] == "TransactWriteItems"]
    assert codes == [None, "TransactionCanceledException", None, "TransactionCanceledException", None,
                     "ValidationException", "ResourceNotFoundException"]  # every kind of answer was compared
    assert plain[-4]["parsed"]["Items"][0]["seats"] == {"N": "0"}
    assert servers[True].conflicts.refused == 0 and not servers[True].conflicts.held()


class Held:
    """Holds the first transaction that reaches the gate in flight until released."""

    def __init__(self, server: MotoServer) -> None:
        self.holding, self.release = threading.Event(), threading.Event()
        self.taken = False
        self.error: list[BaseException] = []
        server.conflicts.hold = self

    def __call__(self, keys: frozenset[Any]) -> None:
        if not self.taken:
            self.taken = True
            self.holding.set()
            assert self.release.wait(30), "never released"

    def start(self, work: Callable[[], Any]) -> threading.Thread:
        def target() -> None:
            try:
                work()
            except BaseException as error:  # noqa: BLE001 - reported by the test that joins
                self.error.append(error)

        thread = threading.Thread(target=target, name="held-transaction")
        thread.start()
        assert self.holding.wait(30), "the first transaction never reached the gate"
        return thread

    def finish(self, thread: threading.Thread) -> None:
        self.release.set()
        thread.join(30)
        assert not thread.is_alive() and not self.error, self.error


@pytest.fixture
def gated(servers) -> Iterator[tuple[MotoServer, Recorder]]:
    server = servers[True]
    reset(server)
    session = Recorder(server)
    setup(session)
    server.conflicts.refused = server.conflicts.refused_writes = 0
    yield server, session
    server.conflicts.hold = None


def test_a_transaction_on_an_item_in_flight_is_refused_for_that_item_and_succeeds_once_it_is_done(gated):
    server, session = gated
    held = Held(server)
    first = held.start(lambda: session.client.transact_write_items(TransactItems=[register("REG#1"), take_seat()]))
    before = contents(session)

    refused = session.call("transact_write_items", TransactItems=[register("REG#2"), take_seat()])
    assert refused["Error"]["Code"] == "TransactionCanceledException"
    assert refused["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert refused["Error"]["Message"] == ("Transaction cancelled, please refer cancellation reasons for specific "
                                           "reasons [None, TransactionConflict]")
    assert refused["CancellationReasons"] == [
        {"Code": "None"}, {"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"}]
    assert contents(session) == before  # nothing of it written

    other = session.call("transact_write_items", TransactItems=[register("REG#3"), {"ConditionCheck": {
        "TableName": TABLE, "Key": key("REG#0"), "ConditionExpression": "attribute_exists(pk)"}}])
    assert "Error" not in other  # other items go through while the first is held

    held.finish(first)
    again = session.call("transact_write_items", TransactItems=[register("REG#2"), take_seat()])
    assert "Error" not in again
    registered = [i["sk"]["S"] for i in contents(session)[1]]
    assert registered == ["META", "REG#0", "REG#1", "REG#2", "REG#3"]
    assert session.call("get_item", TableName=TABLE, Key=key("META"))["Item"]["seats"] == {"N": "0"}
    assert server.conflicts.refused == 1 and not server.conflicts.held()


def test_single_item_writes_of_a_held_item_are_refused_with_transaction_conflict(gated):
    server, session = gated
    held = Held(server)
    first = held.start(lambda: session.client.transact_write_items(TransactItems=[register("REG#1"), take_seat()]))
    writes = [("put_item", {"Item": {**key("META"), "seats": {"N": "9"}}}),
              ("update_item", {"Key": key("REG#1"), "UpdateExpression": "SET x = :one",
                               "ExpressionAttributeValues": {":one": {"N": "1"}}}),
              ("delete_item", {"Key": key("META")})]
    for operation, params in writes:
        answer = session.call(operation, TableName=TABLE, **params)
        assert answer["Error"] == {"Code": "TransactionConflictException",
                                   "Message": "Transaction is ongoing for the item"}, operation
        assert answer["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "Error" not in session.call("put_item", TableName=TABLE, Item=key("REG#7"))  # a free item
    held.finish(first)
    assert session.call("get_item", TableName=TABLE, Key=key("META"))["Item"]["seats"] == {"N": "1"}
    assert server.conflicts.refused == 3 and server.conflicts.refused_writes == 3


def test_the_refusal_has_the_shape_of_motos_own_cancellations(gated):
    """Same status, the same headers and body keys as moto's answer to a failed condition."""
    server, session = gated
    session.call("transact_write_items", TransactItems=[register("REG#0"), take_seat()])
    held = Held(server)
    first = held.start(lambda: session.client.transact_write_items(TransactItems=[take_seat()]))
    session.call("transact_write_items", TransactItems=[register("REG#2"), take_seat()])
    held.finish(first)
    cancellations = [a for a in session.answers if a["parsed"].get("CancellationReasons")]
    own, emulated = cancellations
    assert [r["Code"] for r in own["parsed"]["CancellationReasons"]] == ["ConditionalCheckFailed", "None"]
    assert [r["Code"] for r in emulated["parsed"]["CancellationReasons"]] == ["None", "TransactionConflict"]
    assert emulated["status"] == own["status"] == 400
    assert set(emulated["headers"]) == set(own["headers"])
    assert emulated["headers"]["x-amzn-errortype"] == own["headers"]["x-amzn-errortype"]
    assert emulated["headers"]["content-type"] == own["headers"]["content-type"]
    body = json.loads(emulated["body"])
    assert list(body) == list(json.loads(own["body"])) == ["__type", "CancellationReasons", "Message"]
    assert body["__type"] == "com.amazonaws.dynamodb.v20120810#TransactionCanceledException"


def test_pynamodb_and_the_apps_transaction_read_the_refusal_as_a_conflict(gated, monkeypatch):
    """PynamoDB's cancellation reasons name TransactionConflict for the held item; the app's
    Transaction retries it (its jitter not slept here) and, held throughout, gives up with Contention."""
    from pynamodb.attributes import UnicodeAttribute
    from pynamodb.connection import Connection
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.models import Model
    from pynamodb.transactions import TransactWrite

    from chalicelib.store import transaction
    from chalicelib.store.refusals import Contention
    from devstack.inprocess import reset_clients

    server, session = gated

    class Item(Model):
        class Meta:
            table_name, host, region = TABLE, server.url, REGION

        pk = UnicodeAttribute(hash_key=True)
        sk = UnicodeAttribute(range_key=True)
        note = UnicodeAttribute(null=True)

    held = Held(server)
    first = held.start(lambda: session.client.transact_write_items(TransactItems=[take_seat()]))
    with pytest.raises(TransactWriteError) as refused, TransactWrite(connection=Connection(host=server.url)) as tx:
        tx.save(Item("EVENT#e", "REG#5"))
        tx.update(Item("EVENT#e", "META"), actions=[Item.note.set("x")])
    assert [r.code if r else None for r in refused.value.cancellation_reasons] == [None, "TransactionConflict"]

    monkeypatch.setenv("AWS_ENDPOINT_URL", server.url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    reset_clients()
    pauses: list[float] = []
    monkeypatch.setattr(transaction, "time", SimpleNamespace(sleep=pauses.append))
    try:
        app_transaction = transaction.Transaction()
        app_transaction.put("seat", Item("EVENT#e", "META"))
        with pytest.raises(Contention):
            app_transaction.commit()
        assert len(pauses) == transaction.CONFLICT_RETRIES
        assert server.conflicts.refused == 1 + transaction.CONFLICT_RETRIES
        held.finish(first)
        app_transaction.commit()  # free again: written
    finally:
        held.release.set()
        reset_clients()
    assert session.call("get_item", TableName=TABLE, Key=key("META"))["Item"] == key("META")


def test_the_environment_switches_it_on_for_stacks_that_do_not_say(monkeypatch):
    """`DEVSTACK_TRANSACTION_CONFLICTS=1 make run`: the stack's moto conflicts; saying so overrides it."""
    from devstack.stack import LocalStack

    for value, on in (("1", True), ("yes", True), ("0", False), ("", False)):
        monkeypatch.setenv("DEVSTACK_TRANSACTION_CONFLICTS", value)
        assert MotoServer().transaction_conflicts is on and LocalStack().moto.transaction_conflicts is on
    assert LocalStack(transaction_conflicts=False).moto.transaction_conflicts is False
    monkeypatch.delenv("DEVSTACK_TRANSACTION_CONFLICTS")
    assert MotoServer().transaction_conflicts is False and MotoServer(transaction_conflicts=True).transaction_conflicts
