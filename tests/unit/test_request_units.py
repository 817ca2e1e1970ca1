"""The cost benchmark counts DynamoDB request units as DynamoDB bills them: item sizes by the
documented rules, writes on the larger of before and after (doubled in a transaction), GSI writes,
reads rounded per item or per Query. The real Meter runs against moto in-process."""
from __future__ import annotations

import base64

import boto3
import pytest
from moto import mock_aws

from bench.units import Meter, index_write_units, item_bytes, item_kind, number_bytes, value_bytes

TABLE = "meter-test"
KB = 1024


@pytest.mark.parametrize(("text", "size"), [
    ("123.45", 4),  # 5 significant digits: 3 bytes, plus 1
    ("0", 1),  # no significant digit
    ("-1e10", 2),  # one significant digit, the exponent costs nothing
    ("100", 2),  # trailing zeros trimmed
    ("0.0012", 2),  # leading zeros trimmed
    ("1005", 3),  # zeros inside count
    ("12345678901234567890123456789012345678", 20),  # 38 digits, the most DynamoDB keeps
])
def test_a_number_is_a_byte_per_two_significant_digits_plus_one(text, size):
    assert number_bytes(text) == size


def test_each_type_is_sized_by_its_documented_rule():
    assert value_bytes({"S": "zażółć"}) == 10  # UTF-8 bytes, not characters
    assert value_bytes({"S": ""}) == 0
    assert value_bytes({"B": b"\x00\x01\x02"}) == 3  # raw bytes ...
    assert value_bytes({"B": base64.b64encode(b"\x00\x01\x02").decode()}) == 3  # ... also from the wire's base64
    assert value_bytes({"B": b""}) == 0
    assert value_bytes({"BOOL": False}) == value_bytes({"NULL": True}) == 1
    assert value_bytes({"SS": ["ab", "ćd"]}) == 2 + 3  # a set: its elements, no overhead
    assert value_bytes({"NS": ["1", "123"]}) == 2 + 3
    assert value_bytes({"L": []}) == value_bytes({"M": {}}) == 3
    assert value_bytes({"L": [{"S": "ab"}, {"N": "7"}]}) == 3 + (2 + 1) + (2 + 1)  # 1 byte per element
    assert value_bytes({"M": {"pl": {"S": "Tak"}, "en": {"S": "Yes"}}}) == 3 + (2 + 3 + 1) * 2  # key, value, 1


def test_an_item_is_its_names_and_values_nested_maps_and_lists_included():
    item = {"pk": {"S": "EVENT#1"}, "n": {"N": "40"}, "ok": {"BOOL": True},
            "title": {"M": {"pl": {"S": "Konferencja"}, "tags": {"L": [{"S": "a"}, {"M": {}}]}}}}
    inner_list = 3 + (1 + 1) + (3 + 1)
    title = 3 + (2 + 11 + 1) + (4 + inner_list + 1)
    assert item_bytes(item) == (2 + 7) + (1 + 2) + (2 + 1) + (5 + title)
    assert item_bytes(None) == item_bytes({}) == 0


@pytest.mark.parametrize(("pk", "sk", "kind"), [
    ("EVENT#e1", "META", "event"), ("EVENT#e1", "META#SEATS", "seats"), ("EVENT#e1", "SEATS", "seats"),
    ("EVENT#e1", "REG#r1", "registration"), ("EVENT#e1", "EMAIL#ab12", "email marker"),
    ("MANAGE#ab12", "LINK", "manage link"), ("OUTBOX#3", "2026-01-01T00:00#m1", "outbox"),
    ("RATE#ip#1.2.3.4", "17", "rate counter"), ("EVENT#e1", "WAIT#2026#r1", "wait"),
])
def test_write_units_are_broken_down_by_the_kind_of_item_named_by_its_key(pk, sk, kind):
    assert item_kind(pk, sk) == kind


@pytest.fixture
def ddb():
    """A small table with three kinds of GSI: ALL, KEYS_ONLY and INCLUDE."""
    def gsi(name: str, pk: str, sk: str, projection: dict) -> dict:
        return {"IndexName": name, "Projection": projection,
                "KeySchema": [{"AttributeName": pk, "KeyType": "HASH"}, {"AttributeName": sk, "KeyType": "RANGE"}]}

    with mock_aws():
        client = boto3.client("dynamodb", region_name="eu-central-1")
        client.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"}
                                  for n in ("pk", "sk", "gsi1pk", "gsi1sk", "email_hash", "created_at", "kind")],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[
                gsi("by_start", "gsi1pk", "gsi1sk", {"ProjectionType": "ALL"}),
                gsi("by_person", "email_hash", "created_at", {"ProjectionType": "KEYS_ONLY"}),
                gsi("by_kind", "kind", "sk", {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["title"]})])
        yield client


def item(sk: str, size: int, pk: str = "P", **extra: str) -> dict:
    """An item of exactly `size` bytes (its padding attribute filled up), with `extra` string attributes."""
    fields = {"pk": {"S": pk}, "sk": {"S": sk}, **{name: {"S": value} for name, value in extra.items()}}
    padding = size - item_bytes(fields) - len("filler")
    assert padding >= 0
    fields["filler"] = {"S": "x" * padding}
    assert item_bytes(fields) == size
    return fields


def measure(action) -> Meter:
    meter = Meter()
    with meter.installed():
        action()
    return meter


def key(sk: str, pk: str = "P") -> dict:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def test_a_transactional_update_of_a_3_5_kb_item_costs_8_units(ddb):
    ddb.put_item(TableName=TABLE, Item=item("A", 3584))
    meter = measure(lambda: ddb.transact_write_items(TransactItems=[{"Update": {
        "TableName": TABLE, "Key": key("A"), "UpdateExpression": "SET n = :one",
        "ExpressionAttributeValues": {":one": {"N": "1"}}}}]))
    assert meter.write_units == 8  # 3.5 KB → 4 units, twice inside a transaction
    assert meter.writes_by_kind == {"a": 8} and meter.gsi_write_units == 0


def test_a_plain_update_of_a_100_byte_item_costs_1_unit(ddb):
    ddb.put_item(TableName=TABLE, Item=item("A", 100))
    meter = measure(lambda: ddb.update_item(TableName=TABLE, Key=key("A"), UpdateExpression="SET n = :one",
                                            ExpressionAttributeValues={":one": {"N": "1"}}))
    assert meter.write_units == 1


def test_an_update_is_billed_on_the_larger_of_before_and_after(ddb):
    ddb.put_item(TableName=TABLE, Item=item("A", 3000))
    shrink = measure(lambda: ddb.update_item(TableName=TABLE, Key=key("A"), UpdateExpression="REMOVE filler"))
    assert shrink.write_units == 3  # 3,000 bytes before, a few after
    grow = measure(lambda: ddb.update_item(TableName=TABLE, Key=key("A"), UpdateExpression="SET filler = :p",
                                           ExpressionAttributeValues={":p": {"S": "x" * 5000}}))
    assert grow.write_units == 5


def test_a_put_replacing_an_item_pays_for_the_larger_and_a_delete_for_the_deleted(ddb):
    ddb.put_item(TableName=TABLE, Item=item("A", 2500))
    assert measure(lambda: ddb.put_item(TableName=TABLE, Item=item("A", 200))).write_units == 3
    assert measure(lambda: ddb.put_item(TableName=TABLE, Item=item("B", 1025))).write_units == 2
    assert measure(lambda: ddb.delete_item(TableName=TABLE, Key=key("B"))).write_units == 2
    assert measure(lambda: ddb.delete_item(TableName=TABLE, Key=key("gone"))).write_units == 1


def test_a_condition_check_in_a_transaction_is_a_transactional_write_of_the_checked_item(ddb):
    ddb.put_item(TableName=TABLE, Item=item("A", 1500))
    meter = measure(lambda: ddb.transact_write_items(TransactItems=[
        {"ConditionCheck": {"TableName": TABLE, "Key": key("A"), "ConditionExpression": "attribute_exists(pk)"}},
        {"Put": {"TableName": TABLE, "Item": item("B", 300)}}]))
    assert meter.write_units == 2 * 2 + 2 * 1


def test_refused_writes_still_consume_units(ddb):
    from botocore.exceptions import ClientError

    ddb.put_item(TableName=TABLE, Item=item("A", 2500))

    def refused(call) -> Meter:
        def attempt():
            with pytest.raises(ClientError):
                call()
        return measure(attempt)

    absent = {"ConditionExpression": "attribute_not_exists(pk)"}
    assert refused(lambda: ddb.put_item(TableName=TABLE, Item=item("A", 100), **absent)).write_units == 3
    assert refused(lambda: ddb.update_item(TableName=TABLE, Key=key("A"), UpdateExpression="SET n = :one",
                                           ExpressionAttributeValues={":one": {"N": "1"}}, **absent)).write_units == 3
    assert refused(lambda: ddb.delete_item(TableName=TABLE, Key=key("none"), ConditionExpression="attribute_exists(pk)")
                   ).write_units == 1  # no item: the minimum
    cancelled = refused(lambda: ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": TABLE, "Item": item("A", 100), **absent}},
        {"Put": {"TableName": TABLE, "Item": item("C", 100)}}]))
    assert cancelled.write_units == 3 + 1  # assumed: each item's prepare write, on its stored size
    assert "Item" not in ddb.get_item(TableName=TABLE, Key=key("C"))  # nothing of it was written


def test_gsi_writes_follow_the_index_entry_in_and_out_of_each_index(ddb):
    entering = item("REG#1", 2000, email_hash="h1", created_at="t1")
    put = measure(lambda: ddb.put_item(TableName=TABLE, Item=entering))
    assert (put.write_units, put.gsi_write_units) == (2 + 1, 1)  # KEYS_ONLY: a small entry
    assert put.writes_by_kind == {"registration": 2, "gsi": 1}

    untouched = measure(lambda: ddb.update_item(TableName=TABLE, Key=key("REG#1"), UpdateExpression="SET n = :one",
                                                ExpressionAttributeValues={":one": {"N": "1"}}))
    assert untouched.gsi_write_units == 0  # nothing projected changed

    moved = measure(lambda: ddb.update_item(TableName=TABLE, Key=key("REG#1"), UpdateExpression="SET created_at = :t",
                                            ExpressionAttributeValues={":t": {"S": "t2"}}))
    assert moved.gsi_write_units == 2  # its index key changed: a delete and a put

    leaving = measure(lambda: ddb.update_item(TableName=TABLE, Key=key("REG#1"), UpdateExpression="REMOVE email_hash"))
    assert leaving.gsi_write_units == 1


def test_an_index_projecting_everything_pays_for_the_whole_item_even_in_a_transaction(ddb):
    event = item("META", 3000, gsi1pk="EVENTS", gsi1sk="2026-06-01", kind="conference", title="Konferencja")
    ddb.put_item(TableName=TABLE, Item=event)
    meter = measure(lambda: ddb.transact_write_items(TransactItems=[{"Update": {
        "TableName": TABLE, "Key": key("META"), "UpdateExpression": "SET taken = :n",
        "ExpressionAttributeValues": {":n": {"N": "12"}}}}]))
    # the table: 3 KB twice; by_start (ALL): one standard write of the 3 KB entry; by_kind (INCLUDE
    # title) saw no projected attribute change
    assert (meter.write_units, meter.gsi_write_units) == (2 * 3 + 3, 3)
    assert meter.writes_by_kind == {"event": 6, "gsi": 3}
    deleted = measure(lambda: ddb.delete_item(TableName=TABLE, Key=key("META")))
    assert deleted.write_units == 3 + 3 + 1  # the item, its ALL entry, its INCLUDE entry


def test_an_index_entry_is_the_projection_of_the_item():
    index = {"KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}],
             "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["title"]}}
    before = {**item("A", 5000), "kind": {"S": "k"}, "title": {"S": "t"}}
    after = {**before, "title": {"S": "u" * 1500}}
    assert index_write_units(index, ["pk", "sk"], before, after) == 2  # the entry grew past 1 KB, not the item
    assert index_write_units(index, ["pk", "sk"], before, {**before, "filler": {"S": ""}}) == 0


def test_a_query_rounds_up_the_items_it_read_once(ddb):
    for n, size in enumerate((3 * KB, 2 * KB)):
        ddb.put_item(TableName=TABLE, Item=item(f"Q{n}", size, pk="Q"))

    def query(**options):
        return measure(lambda: ddb.query(TableName=TABLE, KeyConditionExpression="pk = :p",
                                         ExpressionAttributeValues={":p": {"S": "Q"}}, **options)).read_units

    assert query(ConsistentRead=True) == 2  # 5 KB → 8 KB
    assert query() == 1  # eventually consistent: half
    assert measure(lambda: ddb.query(  # a filter and a projection: still the items read
        TableName=TABLE, KeyConditionExpression="pk = :p AND begins_with(sk, :q)", FilterExpression="n = :n",
        ProjectionExpression="pk", ConsistentRead=True,
        ExpressionAttributeValues={":p": {"S": "Q"}, ":q": {"S": "Q"}, ":n": {"N": "1"}})).read_units == 2
    assert measure(lambda: ddb.query(TableName=TABLE, KeyConditionExpression="pk = :p",
                                     ExpressionAttributeValues={":p": {"S": "nobody"}})).read_units == 0.5


def test_gets_round_up_each_item_on_its_own(ddb):
    ddb.put_item(TableName=TABLE, Item=item("A", 1536))
    ddb.put_item(TableName=TABLE, Item=item("B", 6656))
    assert measure(lambda: ddb.get_item(TableName=TABLE, Key=key("B"), ConsistentRead=True)).read_units == 2
    assert measure(lambda: ddb.get_item(TableName=TABLE, Key=key("B"), ProjectionExpression="pk")).read_units == 1
    assert measure(lambda: ddb.get_item(TableName=TABLE, Key=key("none"))).read_units == 0.5
    batch = measure(lambda: ddb.batch_get_item(RequestItems={TABLE: {
        "Keys": [key("A"), key("B")], "ConsistentRead": True}}))
    assert batch.read_units == 1 + 2  # 4 KB + 8 KB, not 8 KB in all
    transactional = measure(lambda: ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": TABLE, "Key": key("A")}}, {"Get": {"TableName": TABLE, "Key": key("B")}}]))
    assert transactional.read_units == 2 * (1 + 2)


def test_batch_writes_are_standard_writes_per_item(ddb):
    meter = measure(lambda: ddb.batch_write_item(RequestItems={TABLE: [
        {"PutRequest": {"Item": item("A", 500)}}, {"PutRequest": {"Item": item("B", 3584)}}]}))
    assert meter.write_units == 1 + 4


def test_the_meter_counts_every_call_and_leaves_botocore_as_it_was(ddb):
    import botocore.client

    before = botocore.client.BaseClient._make_api_call
    meter = measure(lambda: ddb.list_tables())
    assert meter.calls == {"DynamoDB:ListTables": 1} and meter.write_units == meter.read_units == 0
    assert botocore.client.BaseClient._make_api_call is before
