"""The table's shape: used to create it on moto (local stack, tests) and mirrored in infra/."""
from __future__ import annotations

from typing import Any

from .models import EVENTS_BY_PROJECT, EVENTS_BY_START, REGISTRATIONS_BY_PERSON


def table_spec(table_name: str) -> dict[str, Any]:
    """CreateTable arguments: on-demand, string keys, two GSIs over events, one sparse GSI over registrations.

    `by_person` holds only items that carry `email_hash` (registrations not yet erased) and only
    their keys: a data-subject request reads the keys there, then the items themselves.
    """
    def gsi(name: str, pk: str, sk: str, projection: str = "ALL") -> dict[str, Any]:
        return {
            "IndexName": name,
            "KeySchema": [{"AttributeName": pk, "KeyType": "HASH"},
                          {"AttributeName": sk, "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": projection},
        }

    names = ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "email_hash", "created_at"]
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in names],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "sk", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [
            gsi(EVENTS_BY_START, "gsi1pk", "gsi1sk"),
            gsi(EVENTS_BY_PROJECT, "gsi2pk", "gsi2sk"),
            gsi(REGISTRATIONS_BY_PERSON, "email_hash", "created_at", "KEYS_ONLY"),
        ],
    }


def create_table(client: Any, table_name: str) -> None:
    """Create the table with TTL on `expires_at` (idempotent: an existing table is kept)."""
    existing = client.list_tables().get("TableNames", [])
    if table_name in existing:
        return
    client.create_table(**table_spec(table_name))
    client.update_time_to_live(
        TableName=table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"},
    )
