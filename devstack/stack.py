"""Start and stop the whole local service: moto server, bootstrap, `chalice local`.

`make run` and the integration tests use this same code, so what the tests speak to is what a
developer runs.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .bootstrap import LOCAL_ENV, bootstrap
from .moto_server import MotoServer, free_port

PROJECT_DIR = Path(__file__).resolve().parent.parent
PARENT_PID_VARIABLE = "DEVSTACK_PARENT_PID"  # `chalice local` ends when this process is gone (chalice_local.py)
LOCAL_TOKEN_SECRET = "local-only-secret-do-not-use-in-aws-0123456789"
# For stacks that many clients on this machine sign up through (tests, benchmarks): every request
# comes from 127.0.0.1, so the per-source and per-address sign-up limits are raised out of the way.
UNLIMITED = {"RATE_PER_IP": "1000000", "RATE_PER_ADDRESS": "1000000"}


def _wait(ready: Callable[[float], bool], what: str, process: subprocess.Popen | None, timeout: float,
          stopped: Callable[[], bool] | None) -> bool:
    """Poll `ready(seconds left)` until it holds (True) or a stop is asked for (False); raise when
    the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        if stopped is not None and stopped():
            return False
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        if ready(left):
            return True
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not answer within {timeout} s")


def wait_until_serving(url: str, process: subprocess.Popen | None = None, timeout: float = 60,
                       stopped: Callable[[], bool] | None = None) -> bool:
    """Poll until the URL answers (any HTTP status): True; False if `stopped()` first.

    Each probe may take a while (up to 5 s): the first request builds what a container builds
    once, and on a loaded machine a shorter timeout sent the next probe while the first was
    still being served."""
    def answers(left: float) -> bool:
        try:
            urllib.request.urlopen(url, timeout=min(left, 5)).close()
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    return _wait(answers, url, process, timeout, stopped)


def wait_until_listening(host: str, port: int, process: subprocess.Popen | None = None, timeout: float = 60,
                         stopped: Callable[[], bool] | None = None) -> bool:
    """Poll until the port takes connections, without sending a request: True; False if `stopped()` first."""
    def listens(left: float) -> bool:
        with socket.socket() as probe:
            probe.settimeout(min(left, 5))
            return probe.connect_ex((host, port)) == 0

    return _wait(listens, f"{host}:{port}", process, timeout, stopped)


def _signal_session(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:  # it ended meanwhile
        pass


class LocalStack:
    """moto in this process, `chalice local --stage local` as a child process.

    `transaction_conflicts`: moto refuses a transaction on an item another one holds, as DynamoDB
    does (None: as DEVSTACK_TRANSACTION_CONFLICTS says, so `make run` can have it too)."""

    def __init__(self, port: int = 0, table_name: str = "zapisy-local", host: str = "127.0.0.1",
                 extra_env: dict[str, str] | None = None, transaction_conflicts: bool | None = None) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.table_name = table_name
        self.moto = MotoServer(host, transaction_conflicts=transaction_conflicts)
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

    def start_app(self, *, warm: bool = True, stopped: Callable[[], bool] | None = None) -> bool:
        """Start `chalice local` and wait for it: True once it serves, False if `stopped()` first.

        `warm` waits for an answer to a first request; without it, only for the port to listen,
        so that the first requests are the caller's. The app runs in a session of its own (a
        Ctrl-C in the terminal reaches this process only, which stops the app in order), and
        ends by itself if this process dies without stopping it."""
        env = {**os.environ, **self.environment(), "PYTHONUNBUFFERED": "1", PARENT_PID_VARIABLE: str(os.getpid())}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devstack.chalice_local", "local", "--stage", "local",
             "--host", self.host, "--port", str(self.port),
             "--no-autoreload"], cwd=PROJECT_DIR, env=env, start_new_session=True)
        if warm:
            return wait_until_serving(f"{self.url}/api/events", self.process, stopped=stopped)
        return wait_until_listening(self.host, self.port, self.process, stopped=stopped)

    def start(self, *, export_env: bool = True) -> LocalStack:
        self.start_aws(export_env=export_env)
        self.start_app()
        return self

    def stop(self) -> None:
        """Stop the app (its whole session: SIGTERM, then SIGKILL after 10 s), then moto."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            _signal_session(process, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_session(process, signal.SIGKILL)
                process.wait()
        self.moto.stop()
