"""The end-of-run checks (tests/run_checks.py) see what every pytest-xdist worker recorded.

Each case runs a small suite in a fresh pytest with two workers, every test on both (`--dist
each`); the test does something else in each worker, so only a controller that gathered both
workers' records can print the right totals, find a name stored in one worker and logged in the
other, and fail the run.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PREAMBLE = """
import logging
import os

from tests import aws_calls

WORKER = os.environ["PYTEST_XDIST_WORKER"]
log = logging.getLogger("chalicelib.probe")
"""
IN_EACH_WORKER = {
    "problems": """
def test_each_worker_records_its_own():
    if WORKER == "gw0":
        aws_calls.RECORDED["APIHandler"].add("dynamodb:GetItem")
        aws_calls.PERSONAL.update({"Jan Kowalski", "anna.nowak@example.com"})
        log.info("sign-up stored")
        log.info("mail queued")
    else:
        aws_calls.RECORDED["APIHandler"].add("dynamodb:DeleteTable")  # no role allows it
        aws_calls.OPERATIONS.update({"dynamodb:GetItem", "dynamodb:DeleteTable"})  # the zip's data lacks the second
        aws_calls.RECORDED["Reminders"].add("dynamodb:GetItem")
        aws_calls.PERSONAL.add("Piotr Zieliński")
        log.info("reminder sent to Jan Kowalski")  # stored by the other worker
""",
    "crash": """
def test_a_worker_dies():
    if WORKER == "gw1":
        os._exit(3)
""",
}


def run_suite(directory: Path, case: str) -> subprocess.CompletedProcess[str]:
    (directory / "test_case.py").write_text(PREAMBLE + IN_EACH_WORKER[case])
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.run_checks", "-p", "no:cacheprovider",
                           "-n", "2", "--dist", "each", "-q", str(directory)],
                          cwd=directory, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_the_controller_checks_every_workers_records_and_a_problem_in_any_fails_the_run(tmp_path):
    done = run_suite(tmp_path, "problems")
    assert "2 passed" in done.stdout, done.stdout + done.stderr  # the tests pass; the checks fail the run
    assert done.returncode == pytest.ExitCode.TESTS_FAILED
    assert ("checked 3 recorded AWS actions and 3 log lines against 3 stored names and addresses"
            in done.stdout), done.stdout
    assert "1 log lines with personal data" in done.stdout and "reminder sent to Jan Kowalski" in done.stdout
    assert "AWS calls without an IAM grant (infra/policies.py): {'APIHandler': ['dynamodb:DeleteTable']}" in (
        done.stdout)
    assert ("AWS operations the zip's botocore data leaves out (infra/botocore_data.py): ['dynamodb:DeleteTable']"
            in done.stdout), done.stdout


def test_a_worker_that_never_handed_its_records_over_fails_the_run(tmp_path):
    done = run_suite(tmp_path, "crash")
    assert done.returncode == pytest.ExitCode.TESTS_FAILED, done.stdout + done.stderr
    assert "the records of gw1 (" in done.stdout and "were lost" in done.stdout, done.stdout
