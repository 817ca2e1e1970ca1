"""Shared test set-up: the project on sys.path, a clean environment, moto in-process."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOCAL_TOKEN_SECRET = "local-only-secret-do-not-use-in-aws-0123456789"
TEST_ENV = {
    "STAGE": "local", "TABLE_NAME": "zapisy-test", "TOKEN_SECRET": LOCAL_TOKEN_SECRET,
    "AWS_DEFAULT_REGION": "eu-central-1", "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing", "BASE_URL": "http://zapisy.test",
    "SENDER": "Zapisy <no-reply@zapisy.example.org>", "REPLY_ADDRESS": "zapisy@zapisy.example.org",
    "OUTBOX_MODE": "inline",
}
for _name in [n for n in os.environ if n.startswith("AWS_ENDPOINT_URL")]:
    del os.environ[_name]  # mock_aws must intercept; integration tests pass endpoints explicitly
os.environ.update(TEST_ENV)

from devstack import local_gateway  # noqa: E402 - chalice.test must route and refuse as API Gateway does

local_gateway.install()

# At the end, every AWS call checked against the IAM roles and every log line searched for personal
# data; under `pytest -n N --dist loadfile`, every collected test scheduled.
pytest_plugins = ["tests.run_checks", "tests.scheduling"]


def _reset_clients() -> None:
    from devstack.inprocess import reset_clients

    reset_clients()


@pytest.fixture
def aws():
    """A fresh in-process AWS (moto) with the table and a verified sender domain."""
    import boto3
    from moto import mock_aws

    from chalicelib.store.table import create_table

    with mock_aws():
        _reset_clients()
        create_table(boto3.client("dynamodb"), TEST_ENV["TABLE_NAME"])
        boto3.client("ses").verify_domain_identity(Domain="zapisy.example.org")
        yield
    _reset_clients()


@pytest.fixture(autouse=True)
def no_pending_metrics():
    """Each test starts with no metrics waiting to be flushed: a drain or job called outside a handler
    counts without flushing, and the next handler invocation, in whichever test, would print them."""
    from chalicelib import observability

    observability.metrics().clear_metrics()


@pytest.fixture
def settings_env(monkeypatch):
    """Change settings for one test: set variables, and the cached settings are re-read."""
    from chalicelib.config import settings

    def change(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        settings.cache_clear()

    yield change
    settings.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """Compile .po -> .mo when missing or stale, so tests don't depend on a prior build step.

    Parallel workers may compile at once: each writes its own file and renames it into place, so
    no process (nor `chalice local`) ever reads a half-written catalog.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from chalicelib import i18n

    for po in i18n.LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as src:
                catalog = read_po(src)
            own = mo.with_name(f"{mo.name}.{os.getpid()}")  # the usual permissions: the package copies it
            with own.open("wb") as dst:
                write_mo(dst, catalog)
            own.replace(mo)
    i18n.reset_caches()  # the templates read the catalogs at each render: nothing of them is kept elsewhere


@pytest.fixture
def dynamodb_calls(monkeypatch):
    """The DynamoDB operations made from now on, in order (a botocore hook on every client)."""
    from botocore.client import BaseClient

    calls: list[str] = []
    original = BaseClient._make_api_call

    def counting(self, operation, params):
        if self.meta.service_model.service_name == "dynamodb":
            calls.append(operation)
        return original(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    return calls
