"""The checks at the end of a run, over every test: AWS calls against IAM grants and against the operations the
zip's botocore data holds, log lines for personal data.

tests/aws_calls.py and tests/log_capture.py record in the process that runs the tests. Under
pytest-xdist that is each worker: a worker hands its records to the controller when it finishes
(xdist's `workeroutput`), and the controller checks them all together, as one process would: a
name stored in one worker and logged in another is found, and a problem from any worker fails
the run. A worker that went down without handing them over fails the run too, since the tests
it ran would be left unchecked.
"""
from __future__ import annotations

from typing import Any

import pytest

from tests import aws_calls, log_capture

RECORDS = "end_of_run_records"  # the key in xdist's workeroutput
LOST = pytest.StashKey[list[str]]()  # workers whose records never arrived


def pytest_configure(config: pytest.Config) -> None:
    """Record every AWS call the functions make and every log line, from the first test on."""
    aws_calls.start()
    log_capture.start()
    config.stash[LOST] = []


def records() -> dict[str, Any]:
    """This process's records, in types xdist can send."""
    return {"recorded": {function: sorted(actions) for function, actions in aws_calls.RECORDED.items()},
            "operations": sorted(aws_calls.OPERATIONS),
            "personal": sorted(aws_calls.PERSONAL), "lines": list(log_capture.LINES)}


def merge(received: dict[str, Any]) -> None:
    """Add a worker's records to this process's, as if its tests had run here."""
    for function, actions in received["recorded"].items():
        aws_calls.RECORDED[function].update(actions)
    aws_calls.OPERATIONS.update(received["operations"])
    aws_calls.PERSONAL.update(received["personal"])
    log_capture.LINES.extend(received["lines"])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object | None) -> None:
    """In the controller: take a finished worker's records (a crashed worker has none)."""
    received = getattr(node, "workeroutput", {}).get(RECORDS)
    if received is None:
        node.config.stash[LOST].append(f"{node.gateway.id} ({error or 'no records sent'})")
    else:
        merge(received)


def problems(lost: list[str]) -> list[str]:
    """What fails the run: calls without a grant, log lines naming someone, records that never arrived."""
    found = []
    missing = aws_calls.missing_grants()
    if missing:
        found.append(f"AWS calls without an IAM grant (infra/policies.py): {missing}")
    unshipped = aws_calls.missing_operations()
    if unshipped:
        found.append(f"AWS operations the zip's botocore data leaves out (infra/botocore_data.py): {unshipped}")
    leaked = log_capture.personal_data_in_logs(aws_calls.PERSONAL)
    if leaked:
        found.append(f"{len(leaked)} log lines with personal data, e.g. {leaked[0][:300]}")
    if lost:
        found.append(f"the records of {', '.join(lost)} were lost: their tests' AWS calls and logs are unchecked")
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A worker hands its records over; the controller, or a run without workers, checks them all."""
    config = session.config
    if hasattr(config, "workeroutput"):
        config.workeroutput[RECORDS] = records()
        return
    found = problems(config.stash[LOST])
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter:
        reporter.write_line(f"checked {sum(map(len, aws_calls.RECORDED.values()))} recorded AWS actions and "
                            f"{len(log_capture.LINES)} log lines against {len(aws_calls.PERSONAL)} stored names "
                            "and addresses")
        for problem in found:
            reporter.write_line(problem, red=True)
    if found:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
