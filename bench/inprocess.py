"""What every in-process benchmark shares: the test environment and fresh clients for moto."""
from __future__ import annotations

import os
import sys

from devstack.inprocess import reset_clients

__all__ = ["prepare_environment", "reset_clients"]


def prepare_environment(env: dict[str, str]) -> None:
    """The environment the tests use, set before anything of chalicelib reads its settings."""
    for name in [n for n in os.environ if n.startswith("AWS_ENDPOINT_URL")]:
        del os.environ[name]  # mock_aws must intercept every call
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "QUEUE_URL", "DEAD_LETTER_URL", "TOKEN_SECRET_PARAM"):
        os.environ.pop(name, None)
    os.environ.update(env)
    if "chalicelib.config" in sys.modules:
        sys.modules["chalicelib.config"].settings.cache_clear()
