"""What every in-process benchmark shares: the test environment and fresh clients for moto."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from devstack.inprocess import reset_clients

__all__ = ["bench_environment", "emulated_table", "prepare_environment", "reset_clients"]


def bench_environment(table: str, **settings: str) -> dict[str, str]:
    """The settings every in-process benchmark runs with (a local stage, emulated AWS, no pacing),
    for `table`, with `settings` over them."""
    return {
        "STAGE": "local", "TABLE_NAME": table, "TOKEN_SECRET": "bench-only-secret-never-used-in-aws-0123456789",
        "AWS_DEFAULT_REGION": "eu-central-1", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "BASE_URL": "http://zapisy.test", "SENDER": "Zapisy <no-reply@zapisy.example.org>",
        "OUTBOX_MODE": "queue", "SES_RATE": "0", **settings,
    }


def prepare_environment(env: dict[str, str]) -> None:
    """The environment the tests use, set before anything of chalicelib reads its settings."""
    for name in [n for n in os.environ if n.startswith("AWS_ENDPOINT_URL")]:
        del os.environ[name]  # mock_aws must intercept every call
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "QUEUE_URL", "DEAD_LETTER_URL", "TOKEN_SECRET_PARAM"):
        os.environ.pop(name, None)
    os.environ.update(env)
    if "chalicelib.config" in sys.modules:
        sys.modules["chalicelib.config"].settings.cache_clear()


@contextmanager
def emulated_table(table: str) -> Iterator[None]:
    """In-process moto with the service's table, and the emulator's fast paths for big partitions
    and transactions (devstack.fast_query, fast_transactions), so moto's slowness hides nothing."""
    import boto3
    from moto import mock_aws

    from chalicelib.store.models import RegistrationItem
    from chalicelib.store.table import create_table
    from devstack import fast_query, fast_transactions

    if RegistrationItem.Meta.table_name != table:
        raise RuntimeError("chalicelib was imported with another TABLE_NAME before the benchmark")
    fast_transactions.install()
    fast_query.install()
    with mock_aws():
        reset_clients()
        create_table(boto3.client("dynamodb"), table)
        try:
            yield
        finally:
            reset_clients()
