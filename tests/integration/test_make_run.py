"""`make run` brings the whole service up with demo data and takes all of it down on a signal.

Whichever way it is stopped — SIGINT or SIGTERM, to make alone or to its process group, while the
app is still starting or once it serves, or by killing make and the stack outright — no process
that `make run` started may outlive it, and neither the app's port nor moto's stays taken. The
processes are found from /proc: make's descendants (`chalice local` runs in a session of its own,
but is still their child) and the ports they listen on.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests

from devstack.moto_server import free_port
from devstack.stack import wait_until_serving
from tests.conftest import ROOT

REPEATS = 3  # per way of stopping: while starting, once serving, once serving again
BANNER = re.compile(r"AWS emulated by moto at http://127\.0\.0\.1:(\d+)")


def wait_for(predicate: Callable[[], object], timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _stat(pid: int) -> list[str] | None:
    """/proc/<pid>/stat after the command name: [state, ppid, pgrp, session, …]; None once gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def descendants(root: int) -> dict[int, str]:
    """The root and every process below it, each with its start time (tells a reused pid apart)."""
    children: dict[int, list[int]] = {}
    started: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            started[int(entry.name)] = fields[19]
    found, pending = {}, [root]
    while pending:
        pid = pending.pop()
        if pid in started:
            found[pid] = started[pid]
            pending += children.get(pid, [])
    return found


def alive(processes: dict[int, str]) -> dict[int, str]:
    """Which of these processes still run (a zombie has ended: it holds no port and runs nothing)."""
    survivors = {}
    for pid, start in processes.items():
        fields = _stat(pid)
        if fields and fields[19] == start and fields[0] != "Z":
            survivors[pid] = _cmdline(pid)
    return survivors


def listening_ports(pids: set[int]) -> set[int]:
    """TCP ports on which any of these processes listens."""
    sockets = set()
    for pid in pids:
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                link = os.readlink(fd)
            except OSError:  # closed since the listing (a server's connections come and go): not a listener
                continue
            if link.startswith("socket:["):
                sockets.add(link[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in sockets:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def port_free(port: int) -> bool:
    """Nothing answers on the port and a server could listen on it again."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as every server here does
        try:
            server.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class MakeRun:
    """`make run` in a session of its own (as a terminal's job is), its output read as it comes."""

    def __init__(self) -> None:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_", "STAGE", "BASE_URL"))}
        self.process = subprocess.Popen(["make", "--no-print-directory", "run", f"PORT={self.port}"], cwd=ROOT,
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.output: list[str] = []
        self.started: dict[int, str] = {}
        self.moto_port: int | None = None  # from the banner, once it is out
        threading.Thread(target=self._read, daemon=True).start()  # a full pipe would stall the stack

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)

    def serving(self) -> None:
        """Wait for the banner (it names moto's port) and for the app to answer."""
        assert wait_for(lambda: any(BANNER.search(line) for line in self.output) or self.process.poll() is not None,
                        timeout=120), "make run did not come up"
        match = next((BANNER.search(line) for line in self.output if BANNER.search(line)), None)
        assert match, f"make run ended before serving:\n{''.join(self.output)}"
        self.moto_port = int(match.group(1))
        wait_until_serving(f"http://127.0.0.1:{self.port}/api/events")

    def app_starting(self) -> None:
        """Wait until `chalice local` has been started (it may not serve yet)."""
        assert wait_for(lambda: any("devstack.chalice_local" in _cmdline(pid) for pid in descendants(self.process.pid))
                        or self.process.poll() is not None, timeout=120), "chalice local was never started"
        assert self.process.poll() is None, f"make run ended early:\n{''.join(self.output)}"

    def stop_and_check(self, signum: int, target: str) -> None:
        """Signal make (or its group); then every process it started must end and every port be free."""
        self.started = started = descendants(self.process.pid)
        assert any("devstack.chalice_local" in cmd for cmd in alive(started).values()), alive(started)
        ports = listening_ports(set(started)) | {self.port}
        assert ports - {self.port}, f"moto listens on no port: {ports}"
        assert self.moto_port is None or self.moto_port in ports, f"the banner's moto port is not in {ports}"
        if target == "group":
            os.killpg(self.process.pid, signum)
        else:
            os.kill(self.process.pid, signum)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"make run still runs 60 s after {signal.Signals(signum).name} to {target}: "
                        f"{alive(started)}\n{''.join(self.output[-20:])}")
        assert wait_for(lambda: not alive(started), timeout=30), \
            f"outlived make run after {signal.Signals(signum).name} to {target}: {alive(started)}"
        assert wait_for(lambda: all(port_free(port) for port in ports), timeout=30), \
            f"still taken: {[port for port in ports if not port_free(port)]}"

    def kill(self) -> None:
        """Clean-up after a failed assertion: whatever is left of this run, by the pids it had."""
        survivors = {**self.started, **(descendants(self.process.pid) if self.process.poll() is None else {})}
        for pid in alive(survivors):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.kill()
        self.process.wait(timeout=30)


def test_make_run_serves_demo_data_and_an_organizer_token():
    run = MakeRun()
    try:
        run.serving()
        events = requests.get(f"http://127.0.0.1:{run.port}/api/events?lang=uk", timeout=30).json()["items"]
        assert len(events) >= 6 and {e["kind"] for e in events} >= {"workshop", "conference", "consultation"}
        board = requests.get(f"http://127.0.0.1:{run.port}/events?lang=pl", timeout=30).text
        assert "Urząd Marszałkowski Województwa Świętokrzyskiego" in board
        re_turn = next(e for e in events if e["project"] == "re-turn")
        page = requests.get(f"http://127.0.0.1:{run.port}/events/{re_turn['id']}?lang=pl", timeout=30).text
        assert "Europejskiego Funduszu Rozwoju Regionalnego" in page and "Programu dla Europy Środkowej" in page
        epi = next(e for e in events if e["project"] == "epi")
        page = requests.get(f"http://127.0.0.1:{run.port}/events/{epi['id']}?lang=en", timeout=30).text
        assert "City of Lublin" in page and "Co-funded by the European Union" in page
        token = subprocess.run(["make", "--no-print-directory", "-s", "token"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.strip()
        listed = requests.get(f"http://127.0.0.1:{run.port}/api/organizer/events",
                              headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert listed.status_code == 200 and len(listed.json()["items"]) >= 7
        _check_the_demo_after_an_event(run.port, token, listed.json()["items"])
        run.stop_and_check(signal.SIGINT, "group")  # Ctrl-C in a terminal
    finally:
        run.kill()


def _check_the_demo_after_an_event(port: int, token: str, events: list[dict]) -> None:
    """The demo's training that ended: 5 of 8 came to both days and got a certificate, 6 answered the
    survey (enough to show results), and the funder report counts its people."""
    base, headers = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}
    training = next(e for e in events if e["kind"] == "training" and e["certificate"]["enabled"])
    people = requests.get(f"{base}/api/organizer/events/{training['id']}/registrations", headers=headers,
                          timeout=30).json()["items"]
    numbers = [p["certificate"] for p in people if p.get("certificate")]
    assert len(people) == 8 and len(numbers) == 5, people
    page = requests.get(f"{base}/certificates/{numbers[0]}?lang=en", timeout=30)
    assert page.status_code == 200 and "valid" in page.text.lower()
    survey = requests.get(f"{base}/api/organizer/events/{training['id']}/survey", headers=headers, timeout=30).json()
    assert survey["invited"] == 7 and survey["answered"] == 6 and survey["shown"]
    today = date.today()
    report = requests.get(f"{base}/api/organizer/reports?project=re-turn&from={today - timedelta(days=30)}"
                          f"&to={today + timedelta(days=60)}", headers=headers, timeout=30)
    assert report.status_code == 200, report.text
    assert report.json()["unique_participants"] >= 8 and report.json()["events"] >= 6


@pytest.mark.parametrize(("signum", "target"), [
    (signal.SIGINT, "group"),  # Ctrl-C: make and the stack both get it
    (signal.SIGINT, "make"),  # make does not pass SIGINT on: it waits for its recipe to end
    (signal.SIGTERM, "group"),  # kill -TERM -<pgid>, as a supervisor or a CI runner stops a job
    (signal.SIGTERM, "make"),  # make passes SIGTERM on to its recipe, then waits for it
    (signal.SIGKILL, "group"),  # make and the stack die at once: `chalice local` must notice alone
    (signal.SIGKILL, "make"),  # make dies at once: the stack must notice that its parent is gone
], ids=lambda value: value.name if isinstance(value, signal.Signals) else value)
def test_every_way_of_stopping_make_run_leaves_no_process_and_no_port(signum, target):
    for attempt in range(REPEATS):
        run = MakeRun()
        try:
            if attempt == 0:
                run.app_starting()
            else:
                run.serving()
            run.stop_and_check(signum, target)
        finally:
            run.kill()
