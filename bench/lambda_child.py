"""One cold Lambda container: `python -S -I -B lambda_child.py`, its instructions as JSON on stdin.

Only the standard library is imported here: the child's sys.path is what a Lambda function has,
the unpacked deployment zip (when there is one) and then the runtime's boto3, nothing else
(`-S`: no site-packages; `-I`: no PYTHON* variables, no user site, not even this script's
folder; `-B`: nothing written, as /var/task is read-only). It imports the function's handler
("module.attribute", as in the SAM template) and invokes it with each event in turn, timing
each call and what followed the first answer; or, for the floor, imports boto3 and reads one
item; or, with "restored", initialises as for a SnapStart snapshot and serves the events from a
fork of itself, as a container restored from the snapshot would. The last line on stdout is one
JSON object; the process then leaves without the interpreter's teardown (a Lambda container is
frozen, not torn down).
"""
from __future__ import annotations

import importlib
import json
import os
import sys
import time
import uuid


class Context:
    """The attributes of the Lambda context object that code (Powertools, Chalice) reads."""

    def __init__(self, function_name: str, memory_mb: str, region: str) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{region}:123456789012:function:{function_name}"
        self.memory_limit_in_mb = memory_mb
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "2026/01/01/[$LATEST]bench"
        self._deadline = time.monotonic() + 300

    def get_remaining_time_in_millis(self) -> int:
        return int((self._deadline - time.monotonic()) * 1000)


def _summary(answer: object) -> object:
    """What the parent checks: an API answer's status code, or a job's small result."""
    if isinstance(answer, dict) and "statusCode" in answer:
        return {"status": answer["statusCode"], "location": (answer.get("headers") or {}).get("Location", "")}
    return answer if answer is None or isinstance(answer, (dict, list, str, int, float, bool)) else repr(answer)


def _floor(spec: dict) -> dict:
    import boto3

    client = boto3.client("dynamodb")
    item = client.get_item(TableName=spec["table"], Key=spec["key"])
    return {"found": "Item" in item}


def _handler(spec: dict) -> object:
    """The function's handler, "module.attribute" as the SAM template names it."""
    module_name, _, attribute = spec["handler"].rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def _invoke(spec: dict) -> dict:
    started = time.perf_counter()
    handler = _handler(spec)
    imported = time.perf_counter()
    calls = []
    first_done = None
    for index, event in enumerate(spec["events"]):
        if index and spec.get("pause_seconds"):
            time.sleep(spec["pause_seconds"])  # not timed: e.g. SES pacing's interval between two messages
        context = Context(os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "bench"),
                          os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"),
                          os.environ.get("AWS_REGION", "eu-central-1"))
        began = time.perf_counter()
        answer = handler(event, context)
        calls.append({"ms": (time.perf_counter() - began) * 1000, "answer": _summary(answer)})
        first_done = first_done or time.perf_counter()
    # What came after the first answer (pauses, warm requests), for the parent to take off the wall time.
    after_first_ms = (time.perf_counter() - first_done) * 1000 if first_done else 0.0
    return {"import_ms": (imported - started) * 1000, "calls": calls, "after_first_ms": after_first_ms}


def _restored(spec: dict) -> dict:
    """SnapStart, emulated: initialise as Lambda does for a snapshot (import the handler, run the hooks
    registered before the snapshot), then fork: the child is a container restored from that memory. It
    runs the hooks registered for after a restore and serves the events; its figures start at the fork."""
    _handler(spec)
    import snapshot_restore_py  # the runtime's

    for hook, args, kwargs in reversed(snapshot_restore_py.get_before_snapshot()):
        hook(*args, **kwargs)
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child:
        _, status = os.waitpid(child, 0)
        os._exit(os.waitstatus_to_exitcode(status))
    restored = time.perf_counter()
    for hook, args, kwargs in snapshot_restore_py.get_after_restore():
        hook(*args, **kwargs)
    hooks_ms = (time.perf_counter() - restored) * 1000
    return {**_invoke(spec), "restore_hooks_ms": hooks_ms}


def main() -> None:
    spec = json.load(sys.stdin)
    sys.path[:0] = [path for path in (spec.get("root"), spec["runtime"]) if path]
    result = _floor(spec["floor"]) if "floor" in spec else _restored(spec) if spec.get("restored") else _invoke(spec)
    print(json.dumps(result), flush=True)
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
