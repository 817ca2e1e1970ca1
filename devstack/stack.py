"""Start and stop the whole local service: moto server, bootstrap, `chalice local`.

`make run` and the integration tests use this same code, so what the tests speak to is what a
developer runs.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .bootstrap import LOCAL_ENV, bootstrap
from .moto_server import MotoServer, free_port

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOCAL_TOKEN_SECRET = "local-only-secret-do-not-use-in-aws-0123456789"
# For stacks that many clients on this machine sign up through (tests, benchmarks): every request
# comes from 127.0.0.1, so the per-source and per-address sign-up limits are raised out of the way.
UNLIMITED = {"RATE_PER_IP": "1000000", "RATE_PER_ADDRESS": "1000000"}


def wait_until_serving(url: str, process: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Poll until the URL answers (any HTTP status), the process dies, or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


class LocalStack:
    """moto in this process, `chalice local --stage local` as a child process."""

    def __init__(self, port: int = 0, table_name: str = "zapisy-local", host: str = "127.0.0.1",
                 extra_env: dict[str, str] | None = None) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.table_name = table_name
        self.moto = MotoServer(host)
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen | None = None
        self.queues: dict[str, str] = {}  # what bootstrap made: queue URLs and the organizers' user pool id

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def environment(self) -> dict[str, str]:
        """What the service and this process need to talk to the embedded AWS."""
        return {**LOCAL_ENV, "AWS_ENDPOINT_URL": self.moto.url, "BASE_URL": self.url,
                "TABLE_NAME": self.table_name, "TOKEN_SECRET": LOCAL_TOKEN_SECRET,
                "QUEUE_URL": self.queues.get("queue_url", ""),
                "COGNITO_USER_POOL_ID": self.queues.get("user_pool_id", ""), **self.extra_env}

    def start_aws(self, *, export_env: bool = True) -> None:
        """Start moto and create the resources; `export_env` points this process at it too."""
        self.moto.start()
        if export_env:
            os.environ.update(self.environment())  # before chalicelib reads its settings
        self.queues = bootstrap(self.moto.url, self.table_name)
        if export_env:
            os.environ.update(self.environment())

    def start_app(self) -> None:
        env = {**os.environ, **self.environment(), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devstack.chalice_local", "local", "--stage", "local",
             "--host", self.host, "--port", str(self.port),
             "--no-autoreload"], cwd=PROJECT_DIR, env=env, start_new_session=True)
        wait_until_serving(f"{self.url}/api/events", self.process)

    def start(self, *, export_env: bool = True) -> LocalStack:
        self.start_aws(export_env=export_env)
        self.start_app()
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None
        self.moto.stop()
