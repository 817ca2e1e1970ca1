"""A labelled TransactWriteItems: tells which guarded item refused, retries conflicts with jitter.

PynamoDB sends the operations grouped in a fixed order (condition checks, deletes, puts,
updates), whatever the order they were added in, and DynamoDB reports cancellation reasons in
the order sent. We keep the labels in the same groups so a reason maps back to its label.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from ..aws import no_answer
from .connection import shared_connection
from .refusals import Contention, Refused

CONFLICT_RETRIES = 8
T = TypeVar("T")


class Transaction:
    """Collects operations, each with a label, and commits them as one transaction."""

    def __init__(self) -> None:
        self._ops: dict[str, list[tuple[str, tuple, dict]]] = {
            "check": [], "delete": [], "put": [], "update": []}

    def check(self, label: str, model_cls: type[Model], hash_key: str, range_key: str,
              condition: Condition) -> None:
        self._ops["check"].append((label, (model_cls, hash_key, range_key), {"condition": condition}))

    def delete(self, label: str, model: Model, condition: Condition | None = None) -> None:
        self._ops["delete"].append((label, (model,), {"condition": condition}))

    def put(self, label: str, model: Model, condition: Condition | None = None) -> None:
        self._ops["put"].append((label, (model,), {"condition": condition, "return_values": "ALL_OLD"}))

    def update(self, label: str, model: Model, actions: list, condition: Condition | None = None) -> None:
        self._ops["update"].append(
            (label, (model, actions), {"condition": condition, "return_values": "ALL_OLD"}))

    def _labels(self) -> list[str]:
        return [label for group in ("check", "delete", "put", "update") for label, _, _ in self._ops[group]]

    def _commit_once(self) -> None:
        with TransactWrite(connection=shared_connection()) as tx:
            for group, operation in (("check", tx.condition_check), ("delete", tx.delete),
                                     ("put", tx.save), ("update", tx.update)):
                for _label, args, kwargs in self._ops[group]:
                    operation(*args, **kwargs)

    def commit(self) -> None:
        """Commit; raise Refused when a condition fails, Contention after repeated conflicts."""
        for attempt in range(CONFLICT_RETRIES):
            try:
                self._commit_once()
                return
            except TransactWriteError as error:
                reasons = error.cancellation_reasons or []
                codes = {r.code for r in reasons if r is not None}
                if "ConditionalCheckFailed" in codes:
                    labels, items = set(), {}
                    for label, reason in zip(self._labels(), reasons, strict=False):
                        if reason is not None and reason.code == "ConditionalCheckFailed":
                            labels.add(label)
                            if reason.raw_item:
                                items[label] = reason.raw_item
                    raise Refused(labels, items) from error
                retryable = codes & {"TransactionConflict", "ThrottlingError",
                                     "ProvisionedThroughputExceeded"} or _answer_code(error) in {
                    "TransactionConflictException", "ThrottlingException",
                    "ProvisionedThroughputExceededException", "TransactionInProgressException",
                    "InternalServerError"}
                if not retryable:
                    raise
                time.sleep(random.uniform(0, 0.02 * 2 ** attempt))  # full jitter
        raise Contention("transaction conflicted too often")


def commit_in_batches(items: Sequence[T], size: int, commit: Callable[[list[T]], None]) -> list[T]:
    """Commit `items` `size` at a time, one transaction each (`commit` builds and commits one); a
    refused batch falls back to one transaction per item, so one refusal costs only its own item.
    The items written, in order."""
    written: list[T] = []
    for start in range(0, len(items), size):
        batch = list(items[start:start + size])
        try:
            commit(batch)
            written += batch
        except Refused:
            for item in batch:
                try:
                    commit([item])
                    written.append(item)
                except Refused:
                    pass  # its condition no longer holds: done already, or no longer wanted
    return written


THROTTLED = {"ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded"}


def _answer_code(error: BaseException) -> str | None:
    """The error code DynamoDB answered with, or None when it never answered. (PynamoDB's own
    `cause_response_code` fails on a read timeout, whose `response` is None.)"""
    cause = getattr(error, "cause", None) or error
    response = getattr(cause, "response", None) or {}
    return response.get("Error", {}).get("Code") if isinstance(response, dict) else None


def overloaded(error: BaseException) -> bool:
    """The table refused for load, or never answered, after the client's own retries: answer
    "come back later", not a failure. A commit that timed out may still have been written; the
    retried sign-up then finds it and answers as for a repeat."""
    if isinstance(error, Contention):
        return True
    return _answer_code(error) in THROTTLED or no_answer(getattr(error, "cause", None) or error)


def update_if(item: Model, actions: list, condition: Condition) -> bool:
    """A conditional UpdateItem: True if it applied, False if the condition did not hold."""
    from pynamodb.exceptions import UpdateError

    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as error:
        if _answer_code(error) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def put_if_absent(item: Model) -> bool:
    """A PutItem that never overwrites: True if written, False if the key was taken."""
    from pynamodb.exceptions import PutError

    try:
        item.save(condition=type(item).pk.does_not_exist())
    except PutError as error:
        if _answer_code(error) == "ConditionalCheckFailedException":
            return False
        raise
    return True
