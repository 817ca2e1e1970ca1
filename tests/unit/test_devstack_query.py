"""The benchmark's faster moto Query (devstack.fast_query) answers exactly as moto's own does: every
page of every query, byte for byte, and every error — over the app's table and its indexes, a
table without a sort key, and tables with number and binary sort keys."""
from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.store.table import create_table
from devstack import fast_query
from tests.twins import Run, assert_same, assert_same_answers, fresh_moto, installed

TABLE = "fast-query"


def pages(session: Run, params: dict[str, Any], most: int = 200) -> list[dict[str, Any]]:
    """Every page of a query, following LastEvaluatedKey (an error answer ends it)."""
    answers, start = [], None
    while len(answers) < most:
        answer = session.call("dynamodb", "query", **params, **({"ExclusiveStartKey": start} if start else {}))
        answers.append(answer)
        start = answer.get("LastEvaluatedKey")
        if not start:
            break
    return answers


def simple_table(session: Run, name: str, sort_type: str | None) -> None:
    keys = [("pk", "HASH", "S")] + ([("sk", "RANGE", sort_type)] if sort_type else [])
    session.client("dynamodb").create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": n, "KeyType": k} for n, k, _ in keys],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, _, t in keys])


def fill(session: Run) -> None:
    """300 items over two partitions of the app's table, some in indexes, some binary, four of 300 kB;
    and a few in tables keyed by a number, by bytes, and by the partition key alone."""
    dynamodb = session.client("dynamodb")
    create_table(dynamodb, TABLE)
    rng = random.Random(7)
    requests = []
    for n in range(300):
        sk = rng.choice(["REG#", "EMAIL#", "WAIT#2027-01-01#", "AUDIT#"]) + f"{rng.getrandbits(40):010x}"
        item = {"pk": {"S": "EVENT#a" if n % 5 else "EVENT#b"}, "sk": {"S": sk},
                "status": {"S": rng.choice(["confirmed", "waitlisted"])}, "n": {"N": str(rng.randint(-5, 5000))},
                "sessions": {"L": [{"S": "a"}, {"S": "b"}][: n % 3]}, "name": {"S": f"Олена {n} ✓"},
                "answers": {"M": {"q": {"S": "x" * (n % 40)}, "ok": {"BOOL": n % 2 == 0}, "none": {"NULL": True}}}}
        if n % 17 == 0:
            item["blob"] = {"B": bytes([n % 256]) * 3}
        if n % 23 == 0:
            item.update(tags={"SS": ["a", "b"]}, scores={"NS": ["1", "2.5"]})
        if n % 11 == 0:
            item.update(gsi1pk={"S": "EVENTS"}, gsi1sk={"S": f"2027-{n % 7:04d}"})
        if n % 13 == 0:
            item.update(email_hash={"S": f"h{n % 3}"}, created_at={"S": f"2027-{n:04d}"})
        requests.append({"PutRequest": {"Item": item}})
    for start in range(0, len(requests), 25):
        dynamodb.batch_write_item(RequestItems={TABLE: requests[start:start + 25]})
    for sk in ("META", "BIG#1", "BIG#2", "BIG#3"):  # 1.2 MB: a page without a limit stops at moto's 1 MB
        dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "EVENT#a"}, "sk": {"S": sk}, "big": {"S": "x" * 300_000}})
    for name, sort_type, values in (("numbers", "N", ["-1.5", "0", "2", "10", "1e3", "7"]),
                                    ("bytes", "B", [b"\x00", b"\xff", b"a", b"ab"]), ("flat", None, [None])):
        simple_table(session, name, sort_type)
        for value in values:
            item = {"pk": {"S": "P"}, "v": {"S": str(value)}, **({"sk": {sort_type: value}} if sort_type else {})}
            dynamodb.put_item(TableName=name, Item=item)


PK = {":p": {"S": "EVENT#a"}}
QUERIES = [
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": PK},
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": PK, "Limit": 7},
    {"KeyConditionExpression": "pk = :p AND begins_with(sk, :r)", "Limit": 13, "ConsistentRead": True,
     "ExpressionAttributeValues": {**PK, ":r": {"S": "REG#"}}, "ReturnConsumedCapacity": "TOTAL"},
    {"KeyConditionExpression": "pk = :p AND begins_with(sk, :r)", "Limit": 9, "ReturnConsumedCapacity": "INDEXES",
     "FilterExpression": "#s IN (:c) AND size(sessions) > :zero", "ExpressionAttributeNames": {"#s": "status"},
     "ExpressionAttributeValues": {**PK, ":r": {"S": "REG#"}, ":c": {"S": "confirmed"}, ":zero": {"N": "0"}}},
    {"KeyConditionExpression": "pk = :p AND sk BETWEEN :a AND :b", "Limit": 5, "ScanIndexForward": False,
     "ExpressionAttributeValues": {**PK, ":a": {"S": "EMAIL#4"}, ":b": {"S": "WAIT#"}}},
    {"KeyConditionExpression": "pk = :p AND sk > :a", "Limit": 11, "ProjectionExpression": "sk, #n, answers.q",
     "ExpressionAttributeNames": {"#n": "name"}, "ExpressionAttributeValues": {**PK, ":a": {"S": "EMAIL#8"}}},
    {"KeyConditionExpression": "pk = :p AND sk <= :a", "Limit": 4, "ProjectionExpression": "#b, tags",
     "ExpressionAttributeNames": {"#b": "blob"},
     "ExpressionAttributeValues": {**PK, ":a": {"S": "REG#8"}}, "ScanIndexForward": False},
    {"KeyConditionExpression": "pk = :p", "Select": "COUNT", "Limit": 50, "ExpressionAttributeValues": PK},
    {"KeyConditionExpression": "pk = :p", "ScanIndexForward": False, "Limit": 6, "ExpressionAttributeValues": PK},
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "EVENT#nobody"}}},
    {"KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "EVENT#b"}]}}, "Limit": 3,
     "QueryFilter": {"status": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "confirmed"}]}}},
    {"IndexName": "by_start", "KeyConditionExpression": "gsi1pk = :e", "Limit": 4,
     "ExpressionAttributeValues": {":e": {"S": "EVENTS"}}},
    {"IndexName": "by_person", "KeyConditionExpression": "email_hash = :h", "Limit": 2, "ScanIndexForward": False,
     "ExpressionAttributeValues": {":h": {"S": "h1"}}},
]


def test_every_page_of_every_query_is_motos_own():
    def scenario(session: Run) -> None:
        fill(session)
        for query in QUERIES:
            pages(session, {"TableName": TABLE, **query})
        for table, condition, values in (("numbers", "pk = :p AND sk > :v", {":v": {"N": "0"}}),
                                         ("bytes", "pk = :p AND sk >= :v", {":v": {"B": b"a"}}),
                                         ("flat", "pk = :p", {})):
            for limit, forward in ((1, True), (2, False), (100, True)):
                pages(session, {"TableName": table, "KeyConditionExpression": condition, "Limit": limit,
                                "ScanIndexForward": forward, "ExpressionAttributeValues": {":p": {"S": "P"}, **values}})

    answers = assert_same_answers(scenario, fast_query)
    queried = [a for a in answers if a["operation"] == "Query"]
    assert len(queried) > 80 and all(a["status"] == 200 for a in queried)
    assert any(b'"B"' in a["body"] for a in queried)  # binary values answered through moto's serializer
    assert "LastEvaluatedKey" in queried[0]["parsed"] and "Limit" not in QUERIES[0]  # stopped by size


def test_odd_start_keys_and_bad_requests_answer_as_moto_does():
    a = {"pk": {"S": "EVENT#a"}}
    starts = [{**a, "sk": {"S": "REG#8"}}, {"pk": {"S": "EVENT#b"}, "sk": {"S": "REG#8"}},
              {"pk": {"S": "EVENT#0"}, "sk": {"S": "REG#8"}}, {**a, "sk": {"S": "zzz"}}, {**a, "sk": {"N": "5"}},
              {**a, "sk": {"S": "REG#8"}, "status": {"S": "confirmed"}}, {"sk": {"S": "REG#8"}}, a]
    bad = [{"IndexName": "no_such_index"}, {"KeyConditionExpression": "sk = :p"},
           {"FilterExpression": "pk = :p"}, {"ProjectionExpression": "#missing"},
           {"Select": "ALL_PROJECTED_ATTRIBUTES"}, {"ExpressionAttributeValues": {":p": {"N": "1"}}},
           {"TableName": "no-such-table"}, {"KeyConditionExpression": "pk = :p AND sk > :nothing"}]

    def scenario(session: Run) -> None:
        fill(session)
        for start in starts:
            for forward in (True, False):
                session.call("dynamodb", "query", TableName=TABLE, KeyConditionExpression="pk = :p", Limit=3,
                             ExpressionAttributeValues=PK, ExclusiveStartKey=start, ScanIndexForward=forward)
        for change in bad:
            session.call("dynamodb", "query", **{"TableName": TABLE, "KeyConditionExpression": "pk = :p",
                                                 "ExpressionAttributeValues": PK, **change})

    answers = assert_same_answers(scenario, fast_query)
    queried = [a for a in answers if a["operation"] == "Query"]
    assert [a["raised"][:9] for a in queried[:2 * len(starts)] if "raised" in a] == ["TypeError"] * 6  # moto's
    assert [a["status"] for a in queried[-len(bad):]] == [400, 400, 200, 200, 400, 200, 400, 400]


@st.composite
def query(draw: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"TableName": TABLE, "ExpressionAttributeValues": {
        ":p": {"S": draw(st.sampled_from(["EVENT#a", "EVENT#b"]))}}}
    condition = draw(st.sampled_from([None, "begins_with(sk, :v)", "sk > :v", "sk <= :v", "sk BETWEEN :v AND :w"]))
    params["KeyConditionExpression"] = "pk = :p" + (f" AND {condition}" if condition else "")
    if condition:
        bounds = sorted(draw(st.lists(st.sampled_from(["A", "AUDIT#8", "EMAIL#", "REG#4", "REG#c", "WAIT#", "z"]),
                                      min_size=2, max_size=2)))
        params["ExpressionAttributeValues"].update({":v": {"S": bounds[0]}, ":w": {"S": bounds[1]}}
                                                   if "BETWEEN" in condition else {":v": {"S": bounds[0]}})
    if draw(st.booleans()):
        params["FilterExpression"] = draw(st.sampled_from(["n > :zero", "attribute_exists(blob)",
                                                           "size(sessions) = :one"]))
        params["ExpressionAttributeValues"].update({":zero": {"N": "0"}} if ":zero" in params["FilterExpression"]
                                                   else {":one": {"N": "1"}} if ":one" in params["FilterExpression"]
                                                   else {})
    if draw(st.booleans()):
        params["ProjectionExpression"] = draw(st.sampled_from(["sk", "sk, tags", "answers.q, sessions[1]", "big"]))
    params["ScanIndexForward"] = draw(st.booleans())
    params["Limit"] = draw(st.integers(min_value=3, max_value=60))  # pages without a limit: the test above
    return params


def test_random_queries_page_as_moto_does():
    """Queries change nothing: each is paged through on one moto, with and without the shortcut."""
    with fresh_moto() as session:
        fill(session)

        @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(st.lists(query(), min_size=1, max_size=4))
        def check(queries: list[dict[str, Any]]) -> None:
            for params in queries:
                del session.answers[:]
                pages(session, params, most=20)
                plain = list(session.answers)
                del session.answers[:]
                with installed(fast_query):
                    pages(session, params, most=20)
                assert_same(plain, session.answers)

        check()
