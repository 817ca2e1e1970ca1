"""Under `pytest -n 2 --dist loadfile`, every collected test runs, and each file's tests in one worker."""
from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict

from tests.conftest import ROOT
from tests.scheduling import distinct

# Three files of three tests each, and a file of three items sharing one node id, as schemathesis
# makes them (one per API operation); each test writes down where it ran.
TESTS = """
import os

import pytest


@pytest.mark.parametrize("number", range(3))
def test_one(number):
    with open(os.environ["WORKER_LOG"], "a") as log:
        log.write(f"{__name__} {number} {os.environ['PYTEST_XDIST_WORKER']}\\n")
"""
ALIKE = """
import os

import pytest


class Alike(pytest.Item):
    def runtest(self):
        with open(os.environ["WORKER_LOG"], "a") as log:
            log.write(f"operations {self.number} {os.environ['PYTEST_XDIST_WORKER']}\\n")


class Operations(pytest.File):
    def collect(self):
        for number in range(3):
            item = Alike.from_parent(self, name="test_operation")
            item.number = number
            yield item


def pytest_collect_file(file_path, parent):
    return Operations.from_parent(parent, path=file_path) if file_path.suffix == ".operations" else None
"""


def test_repeated_node_ids_are_numbered():
    assert distinct(["a::t", "a::t", "a::u", "a::t"]) == ["a::t", "a::t\x001", "a::u", "a::t\x002"]


def test_every_test_runs_once_and_a_file_stays_in_one_worker(tmp_path):
    for name in ("test_a", "test_b", "test_c"):
        (tmp_path / f"{name}.py").write_text(TESTS)
    (tmp_path / "api.operations").write_text("")
    (tmp_path / "conftest.py").write_text(ALIKE)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    env.update(PYTHONPATH=str(ROOT), WORKER_LOG=str(tmp_path / "workers.log"))
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.scheduling", "-p", "no:cacheprovider",
                           "-n", "2", "--dist", "loadfile", "-q"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    ran = [line.split() for line in (tmp_path / "workers.log").read_text().splitlines()]
    assert sorted((file, number) for file, number, _ in ran) == [
        (file, str(number)) for file in ("operations", "test_a", "test_b", "test_c") for number in range(3)]
    workers = defaultdict(set)
    for file, _, worker in ran:
        workers[file].add(worker)
    assert all(len(used) == 1 for used in workers.values()), workers
