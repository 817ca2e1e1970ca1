"""The local stack's snapshot-free TransactWriteItems answers exactly as moto's own does, failures
included: same errors, same cancellation reasons in the same order (with the old items asked
for), and the same tables and indexes afterwards."""
from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.store.table import create_table
from devstack import fast_transactions
from tests.twins import Run, assert_same_answers, dump_table

TABLE = "zapisy-test"
SIDE = "side"  # a second table, keyed by its hash key alone


def key(sk: str) -> dict[str, Any]:
    return {"pk": {"S": "E"}, "sk": {"S": sk}}


def setup(session: Run) -> None:
    """The table as the app has it, a hash-only one, and an event with a registration."""
    dynamodb = session.client("dynamodb")
    create_table(dynamodb, TABLE)
    dynamodb.create_table(TableName=SIDE, BillingMode="PAY_PER_REQUEST",
                          KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    session.call("dynamodb", "put_item", TableName=TABLE, Item={
        **key("META"), "seats": {"N": "1"}, "status": {"S": "open"}, "gsi1pk": {"S": "EVENTS"},
        "gsi1sk": {"S": "2027-03-01"}, "answers": {"M": {"q": {"S": "a"}}}})
    session.call("dynamodb", "put_item", TableName=TABLE, Item={
        **key("REG#0"), "email_hash": {"S": "h0"}, "created_at": {"S": "2027-02-01"}, "name": {"S": "Ola"}})
    session.call("dynamodb", "put_item", TableName=SIDE, Item={"id": {"S": "a"}, "n": {"N": "5"}})


def transact(session: Run, *items: dict[str, Any]) -> dict[str, Any]:
    return session.call("dynamodb", "transact_write_items", TransactItems=list(items))


def state(session: Run) -> list[Any]:
    return [dump_table(session, TABLE), dump_table(session, SIDE)]


def compare(steps: Any) -> list[dict[str, Any]]:
    """moto's own answers to setup + steps + the final state, checked equal with the shortcut."""
    def scenario(session: Run) -> None:
        setup(session)
        steps(session)
        state(session)

    return assert_same_answers(scenario, fast_transactions)


def error(answer: dict[str, Any]) -> str:
    return answer["parsed"]["Error"]["Code"]


def transactions(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [a for a in answers if a["operation"] == "TransactWriteItems"]


def final_keys(answers: list[dict[str, Any]]) -> list[str]:
    """The main table's keys in the final state (the last seven answers: both tables, four indexes)."""
    return [item["sk"]["S"] for item in answers[-6]["parsed"]["Items"]]


REGISTER = {"Put": {"TableName": TABLE, "Item": {**key("REG#1"), "email_hash": {"S": "h1"},
                                                  "created_at": {"S": "2027-02-02"}},
                    "ConditionExpression": "attribute_not_exists(pk)"}}


def take_seat(update: str = "SET seats = seats - :one", **extra: Any) -> dict[str, Any]:
    return {"Update": {"TableName": TABLE, "Key": key("META"), "UpdateExpression": update,
                       "ConditionExpression": "seats > :zero",
                       "ExpressionAttributeValues": {":one": {"N": "1"}, ":zero": {"N": "0"}}, **extra}}


def test_an_update_that_fails_after_its_condition_held_undoes_the_whole_transaction():
    """The seat condition holds, the registration is written, then the update itself is invalid."""
    answers = compare(lambda s: transact(s, REGISTER, take_seat("SET seats = seats - :one, nowhere.x = :one")))
    assert error(transactions(answers)[-1]) == "ValidationException"
    assert final_keys(answers) == ["META", "REG#0"]  # moto leaves no REG#1 behind


def test_invalid_updates_of_every_kind_leave_nothing_behind():
    invalid = ["ADD status :one", "SET seats = missing + :one", "SET sk = :one", "SET seats = :one, seats = :one",
               "SET big = :big"]

    def steps(session: Run) -> None:
        for expression in invalid:
            values = {":one": {"N": "1"}, ":zero": {"N": "0"}, ":big": {"S": "x" * 410_000}}
            update = take_seat(expression, ExpressionAttributeValues={
                k: v for k, v in values.items() if k in expression or k == ":zero"})
            transact(session, REGISTER, update)

    answers = compare(steps)
    assert [error(a) for a in transactions(answers)] == ["ValidationException"] * 5
    assert final_keys(answers) == ["META", "REG#0"]


def test_cancellation_reasons_keep_the_request_order_and_the_old_items():
    def steps(session: Run) -> None:
        transact(
            session,
            {"ConditionCheck": {"TableName": TABLE, "Key": key("REG#9"), "ConditionExpression": "attribute_exists(pk)",
                                "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            REGISTER,
            {"Delete": {"TableName": TABLE, "Key": key("REG#0"), "ConditionExpression": "#n = :other",
                        "ExpressionAttributeNames": {"#n": "name"},
                        "ExpressionAttributeValues": {":other": {"S": "Ela"}},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            take_seat(ReturnValuesOnConditionCheckFailure="ALL_OLD"),
            {"Put": {"TableName": SIDE, "Item": {"id": {"S": "a"}}, "ConditionExpression": "n > :nine",
                     "ExpressionAttributeValues": {":nine": {"N": "9"}}}},
            {"ConditionCheck": {"TableName": "no-such-table", "Key": {"id": {"S": "a"}},
                                "ConditionExpression": "attribute_exists(id)"}},
            {"Delete": {"TableName": SIDE, "Key": {"id": {"S": "b"}}}},
        )

    answers = compare(steps)
    reasons = transactions(answers)[-1]["parsed"]["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["ConditionalCheckFailed", "None", "ConditionalCheckFailed", "None",
                                            "ConditionalCheckFailed", "ResourceNotFoundException", "None"]
    assert reasons[2]["Item"]["name"] == {"S": "Ola"} and "Item" not in reasons[0] and "Item" not in reasons[4]
    assert final_keys(answers) == ["META", "REG#0"]


def test_a_refused_condition_before_an_invalid_update_answers_the_validation_error():
    """moto goes on past a failed condition, so a later invalid update decides the answer."""
    refused = {**REGISTER, "Put": {**REGISTER["Put"], "Item": key("REG#0")}}
    answers = compare(lambda s: transact(s, refused, take_seat("ADD status :one")))
    assert error(transactions(answers)[-1]) == "ValidationException"


def test_requests_moto_refuses_as_a_whole():
    def steps(session: Run) -> None:
        transact(session, REGISTER, REGISTER)  # the same item twice
        transact(session, REGISTER, {"Put": {"TableName": "no-such-table", "Item": {"id": {"S": "a"}}}})
        transact(session, take_seat(), {"Put": REGISTER["Put"], "Delete": {"TableName": SIDE,
                                                                           "Key": {"id": {"S": "a"}}}})
        transact(session, *[{"Put": {"TableName": SIDE, "Item": {"id": {"S": str(n)}}}} for n in range(101)])

    answers = compare(steps)
    codes = [error(a) for a in transactions(answers)]
    assert codes == ["ValidationException", "ResourceNotFoundException", "ValidationException", "ValidationException"]


def test_indexes_after_a_rollback_and_after_a_commit():
    """Items that move in and out of the indexes, then a refused condition or an invalid update."""
    move = {"Update": {"TableName": TABLE, "Key": key("META"), "UpdateExpression": "SET gsi1sk = :d, gsi2pk = :p, "
                       "gsi2sk = :d REMOVE answers", "ExpressionAttributeValues": {":d": {"S": "2027-04-01"},
                                                                                  ":p": {"S": "PROJECT"}}}}
    erase = {"Update": {"TableName": TABLE, "Key": key("REG#0"), "UpdateExpression": "REMOVE email_hash"}}
    new = {"Put": {"TableName": TABLE, "Item": {**key("REG#2"), "gsi1pk": {"S": "EVENTS"}, "gsi1sk": {"S": "0"}}}}
    refuse = {"ConditionCheck": {"TableName": SIDE, "Key": {"id": {"S": "a"}}, "ConditionExpression": "n < :one",
                                 "ExpressionAttributeValues": {":one": {"N": "1"}}}}
    invalid = {"Update": {"TableName": SIDE, "Key": {"id": {"S": "a"}}, "UpdateExpression": "SET nowhere.deep = :one",
                          "ExpressionAttributeValues": {":one": {"N": "1"}}}}

    def steps(session: Run) -> None:
        for last in (refuse, invalid):
            transact(session, move, erase, new, last)
            state(session)
        transact(session, move, erase, new)

    answers = compare(steps)
    scans = [a["parsed"]["Items"] for a in answers if a["operation"] == "Scan"]  # five per state
    for after_rollback in (scans[0:5], scans[5:10]):
        assert [i["sk"]["S"] for i in after_rollback[1]] == ["META"] and len(after_rollback[3]) == 1
    assert sorted(i["sk"]["S"] for i in scans[-4]) == ["META", "REG#2"] and scans[-2] == []  # committed


# Sequences of transactions over a few items, with conditions that hold or not and updates that
# are valid or not, compared answer by answer.
KEYS = [(TABLE, key(sk)) for sk in ("META", "REG#0", "REG#1")] + [(SIDE, {"id": {"S": i}}) for i in "ab"]
CONDITIONS = {None: {}, "attribute_exists(#k)": {}, "attribute_not_exists(#k)": {},
              "n < :lim": {":lim": {"N": "3"}}, "size(#t) > :zero": {":zero": {"N": "0"}}}
UPDATES = {"SET n = if_not_exists(n, :zero) + :one": {":zero": {"N": "0"}, ":one": {"N": "1"}},
           "SET n = n + :one": {":one": {"N": "1"}}, "ADD n :one": {":one": {"N": "1"}},
           "ADD t :one": {":one": {"N": "1"}}, "SET m.x = :one": {":one": {"N": "1"}},
           "SET m = :map": {":map": {"M": {"x": {"N": "0"}}}}, "SET t = :t, gsi1pk = :t, gsi1sk = :t": {
               ":t": {"S": "EVENTS"}}, "REMOVE t, gsi1pk": {}, "SET big = :big": {":big": {"S": "x" * 300_000}}}


@st.composite
def operation(draw: Any) -> dict[str, Any]:
    table, item_key = draw(st.sampled_from(KEYS))
    kind = draw(st.sampled_from(["Put", "Update", "Delete", "ConditionCheck"]))
    condition = draw(st.sampled_from(list(CONDITIONS)))
    if kind == "ConditionCheck" and condition is None:
        condition = "attribute_exists(#k)"
    op: dict[str, Any] = {"TableName": table}
    values = dict(CONDITIONS[condition])
    if kind == "Put":
        attributes = draw(st.fixed_dictionaries({}, optional={
            "n": st.sampled_from([{"N": "1"}, {"N": "7"}, {"S": "7"}]), "t": st.just({"S": "EVENTS"}),
            "m": st.just({"M": {}}), "big": st.just({"S": "y" * 250_000})}))
        op["Item"] = {**item_key, **attributes}
    else:
        op["Key"] = item_key
    if kind == "Update":
        op["UpdateExpression"] = draw(st.sampled_from(list(UPDATES)))
        values.update(UPDATES[op["UpdateExpression"]])
    if condition is not None:
        op["ConditionExpression"] = condition
        if "#k" in condition or "#t" in condition:
            op["ExpressionAttributeNames"] = {"#k": next(iter(item_key))} if "#k" in condition else {"#t": "t"}
    if values:
        op["ExpressionAttributeValues"] = values
    if draw(st.booleans()):
        op["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
    return {kind: op}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(operation(), min_size=1, max_size=4), min_size=1, max_size=4))
def test_sequences_of_transactions_answer_as_moto_does(transactions):
    def steps(session: Run) -> None:
        for items in transactions:
            transact(session, *items)
            dump_table(session, TABLE)

    compare(steps)


def test_a_table_with_a_stream_keeps_motos_snapshot_and_its_records():
    """moto's own snapshot holds the stream's records too (moto serves no stream API in-process: read them)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    def steps(session: Run) -> None:
        session.client("dynamodb").create_table(
            TableName="streamed", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        put = {"Put": {"TableName": "streamed", "Item": {"id": {"S": "a"}}}}
        transact(session, put, {"Update": {"TableName": "streamed", "Key": {"id": {"S": "b"}},
                                           "UpdateExpression": "SET nowhere.deep = :one",
                                           "ExpressionAttributeValues": {":one": {"N": "1"}}}})
        transact(session, put)
        shard = dynamodb_backends[DEFAULT_ACCOUNT_ID]["eu-central-1"].tables["streamed"].stream_shard
        session.answers.append({"operation": "stream", "records": [r.to_json() for r in shard.items]})
        dump_table(session, "streamed")

    answers = assert_same_answers(steps, fast_transactions)
    records = next(a for a in answers if a["operation"] == "stream")["records"]
    assert [r["eventName"] for r in records] == ["INSERT"]  # the rolled-back transaction left no record
