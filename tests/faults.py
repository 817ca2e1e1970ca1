"""Injected faults: a process that dies part-way through a job."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any


def dies_on_call(real: Callable[..., Any], n: int, why: str = "Lambda timed out") -> Callable[..., Any]:
    """`real`, except that the n-th call ends the process (SystemExit), as a timeout would."""
    calls = {"n": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == n:
            raise SystemExit(why)
        return real(*args, **kwargs)

    return wrapper
