"""Which AWS calls each Lambda function makes, recorded while the tests run, against its IAM role.

Every botocore call made in this process passes `_recording_call`. The Lambda function it belongs
to is read from the stack: a scheduled job's, a worker's or an authorizer's handler frame names
that function; any other frame inside the app's request dispatch is the API function. Local
stage drains the outbox inside the request; in AWS that work (SES) is the queue worker's, so it
is attributed there. Calls made by fixtures (creating tables, reading the mailbox) have no
handler frame and are not attributed.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from functools import cache
from typing import Any

import botocore.client

RECORDED: dict[str, set[str]] = defaultdict(set)
OPERATIONS: set[str] = set()  # "service:Operation" of every attributed call: the zip's botocore data must hold it
PERSONAL: set[str] = set()  # every name and address the suite stored: none may appear in a log line
_original = botocore.client.BaseClient._make_api_call
_TRANSACT = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem"}
_ACTION = {("sqs", "SendMessageBatch"): "SendMessage", ("sqs", "DeleteMessageBatch"): "DeleteMessage",
           ("dynamodb", "TransactGetItems"): "GetItem"}


@cache
def _handler_functions() -> dict[tuple[str, str], str]:
    """(module file suffix, function name) → the function's logical id in the SAM template."""
    from chalice.utils import to_cfn_resource_name

    from app import app

    handlers = {}
    for source in [*app.event_sources, *app.builtin_auth_handlers]:
        module, _, function = source.handler_string.rpartition(".")
        handlers[(module.replace(".", "/") + ".py", function)] = to_cfn_resource_name(source.name)
    return handlers


def _function_on_stack() -> str | None:
    handlers = _handler_functions()
    frame = sys._getframe(2)
    in_app = False
    drained_inline = False
    while frame is not None:
        code = frame.f_code
        filename = code.co_filename.replace("\\", "/")
        for (suffix, name), logical_id in handlers.items():
            if code.co_name == name and filename.endswith(suffix):
                return logical_id
        if filename.endswith("chalicelib/handlers/dev.py"):
            return None  # local-only routes that run jobs on demand
        if code.co_name == "after_commit" and filename.endswith("chalicelib/emails/delivery.py"):
            drained_inline = True
        if filename.endswith("chalice/app.py") and code.co_name in ("__call__", "_main_rest_api_handler"):
            in_app = True
        frame = frame.f_back
    if not in_app:
        return None
    from chalicelib.config import settings

    return "SendQueued" if drained_inline and settings().outbox_mode == "inline" else "APIHandler"


def iam_actions(client: Any, operation: str, params: dict[str, Any]) -> set[str]:
    """The IAM actions a call needs (a transaction needs those of each item it writes)."""
    prefix = client.meta.service_model.signing_name
    if prefix == "dynamodb" and operation == "TransactWriteItems":
        return {f"dynamodb:{_TRANSACT[kind]}" for item in params.get("TransactItems", []) for kind in item}
    return {f"{prefix}:{_ACTION.get((prefix, operation), operation)}"}


def _remember_personal(params: dict[str, Any]) -> None:
    items = [params.get("Item")] + [entry.get("Put", {}).get("Item") for entry in params.get("TransactItems", [])]
    for item in items:
        for attribute in ("name", "email"):
            value = (item or {}).get(attribute, {}).get("S")
            if value and len(value) >= 5:
                PERSONAL.add(value)


def _recording_call(self: Any, operation: str, params: dict[str, Any]) -> Any:
    if operation in ("PutItem", "TransactWriteItems"):
        _remember_personal(params)
    function = _function_on_stack()
    if function:
        RECORDED[function] |= iam_actions(self, operation, params)
        OPERATIONS.add(f"{self.meta.service_model.service_name}:{operation}")
    return _original(self, operation, params)


def start() -> None:
    botocore.client.BaseClient._make_api_call = _recording_call


def missing_operations() -> list[str]:
    """Recorded operations that the zip's cut botocore data (infra/botocore_data.py) does not hold."""
    from infra.botocore_data import OPERATIONS as SHIPPED

    return sorted(call for call in OPERATIONS if call.partition(":")[2] not in SHIPPED.get(call.partition(":")[0], ()))


def missing_grants() -> dict[str, list[str]]:
    """Recorded actions that a function's role in infra/policies.py does not allow."""
    from infra.policies import allowed_actions

    return {function: sorted(actions - allowed_actions(function))
            for function, actions in RECORDED.items() if actions - allowed_actions(function)}
