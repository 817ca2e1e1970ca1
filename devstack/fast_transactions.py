"""A faster TransactWriteItems for the embedded moto, with the same outcome.

moto snapshots the whole table (deepcopy) before every transaction so it can roll back a
failed one: that costs ~50 µs per stored item, so each registration slows down as the table
grows (≈100 ms per transaction at 2,000 items). Here every condition is checked first, against
the current items, without writing; only a transaction whose conditions all hold is applied,
and then no snapshot is needed. Requests to our moto server are serialised, so nothing changes
between the check and the write.
"""
from __future__ import annotations

from typing import Any

_installed = False


def _key_of(backend: Any, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return op["Key"]
    table = backend.get_table(op["TableName"])
    key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = op["Item"][table.range_key_attr]
    return key


def install() -> None:
    """Patch moto's DynamoDB backend (idempotent)."""
    global _installed
    if _installed:
        return
    from moto.dynamodb import models
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import MultipleTransactionsException, TransactionCanceledException

    original = models.DynamoDBBackend.transact_write_items

    class _NoCopy:
        @staticmethod
        def deepcopy(value: Any) -> Any:
            return value

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        errors: list[tuple[Any, Any, Any]] = []
        seen: set[tuple[str, str]] = set()
        for entry in transact_items:
            op_type, op = next(iter(entry.items()))
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"} or len(entry) != 1:
                return original(self, transact_items)  # let moto raise its own error
            key = _key_of(self, op_type, op)
            marker = (op["TableName"], str(dict(sorted(key.items()))))
            if marker in seen:
                raise MultipleTransactionsException()
            seen.add(marker)
            expression = op.get("ConditionExpression")
            current = self.get_item(op["TableName"], key)
            if expression is not None and not get_filter_expression(
                    expression, op.get("ExpressionAttributeNames"),
                    op.get("ExpressionAttributeValues")).expr(current):
                old = (current.to_json()["Attributes"] if current and
                       op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" else None)
                errors.append(("ConditionalCheckFailed", "The conditional request failed", old))
            else:
                errors.append((None, None, None))
        if any(code is not None for code, _, _ in errors):
            raise TransactionCanceledException(errors)
        real_copy = models.copy
        models.copy = _NoCopy  # conditions hold: no rollback can be needed
        try:
            return original(self, transact_items)
        finally:
            models.copy = real_copy

    models.DynamoDBBackend.transact_write_items = transact_write_items
    _installed = True
