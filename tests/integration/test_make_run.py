"""`make run` brings the whole service up with demo data and takes all of it down on a signal."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time

import pytest
import requests

from devstack.moto_server import free_port
from devstack.stack import wait_until_serving
from tests.conftest import ROOT


def refused(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def start_make_run() -> tuple[subprocess.Popen, int, int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_", "STAGE", "BASE_URL"))}
    process = subprocess.Popen(["make", "--no-print-directory", "run", f"PORT={port}"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    moto_port = None
    deadline = time.monotonic() + 120
    for line in process.stdout:  # the banner names both ports
        match = re.search(r"AWS emulated by moto at http://127\.0\.0\.1:(\d+)", line)
        if match:
            moto_port = int(match.group(1))
            break
        assert time.monotonic() < deadline, "make run did not come up"
    assert moto_port, "make run ended before serving"
    wait_until_serving(f"http://127.0.0.1:{port}/api/events")
    return process, port, moto_port


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm-to-make"])
def test_make_run_serves_demo_data_and_stops_everything(how):
    process, port, moto_port = start_make_run()
    try:
        events = requests.get(f"http://127.0.0.1:{port}/api/events?lang=uk", timeout=30).json()["items"]
        assert len(events) >= 6 and {e["kind"] for e in events} >= {"workshop", "conference", "consultation"}
        token = subprocess.run(["make", "--no-print-directory", "-s", "token"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.strip()
        listed = requests.get(f"http://127.0.0.1:{port}/api/organizer/events",
                              headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert listed.status_code == 200 and len(listed.json()["items"]) >= 7
        if how == "ctrl-c":
            os.killpg(process.pid, signal.SIGINT)  # what the terminal sends to the whole group
        else:
            os.kill(process.pid, signal.SIGTERM)  # make alone: its children must notice and stop
        assert wait_for(lambda: refused(port) and refused(moto_port)), "a server outlived make run"
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)
    assert wait_for(lambda: subprocess.run(["pgrep", "-f", f"--port {port}"], capture_output=True,
                                         check=False).returncode != 0)
