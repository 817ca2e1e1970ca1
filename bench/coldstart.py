"""The first request after idle: what a participant waits for when the Lambda container is cold.

`make package`'s zip for prod is unpacked, as Lambda unpacks it into /var/task, and each sample
is a fresh `python3.13 -S -I -B` process (the runtime's CPython, infra/runtime.py) whose path
holds that folder and the runtime's boto3 (the version requirements-dev.txt pins) and nothing
else. It imports the handler the SAM template
names and invokes it with one event shaped as AWS sends it, with the environment the template
gives the function, against a moto server holding the stage's resources: the event page
(`GET /events/{id}?lang=uk`), a registration (`POST /api/events/{id}/registrations`), the
organizer's page of the event (with a session cookie), one queue message (one e-mail sent
through SES) and the reminder schedule. Before each of them runs the floor, a process that
imports boto3, makes one DynamoDB client and reads one item: what any Python function reading
DynamoDB pays on a cold start. Ratios are of medians over the rounds, case over floor.

Then the same process serves a second request: the warm figures, timed inside the process.
`registration_after_page` is a container that first served a page: its first registration,
over a warm one.

To measure one change on a shared, noisy machine, `python -m bench.coldstart --baseline FOLDER`
(FOLDER: `python -m infra.package --stage prod --out FOLDER` run at the commit before it) runs
that package's processes in the same rounds, after the same floors, as `baseline_…` figures.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chalicelib.handlers.snapstart import SNAPSHOT_INIT
from infra.runtime import CACHE_TAG, interpreter

from .lambda_events import api_request, page_headers, schedule, sqs_message
from .lambda_stage import ROOT, Function, build_package, create_resources, functions, runtime_packages, unpack

TITLE = "The first request after idle: each function cold, from the unpacked zip"
ROUNDS = 15
SHIPPED, BASELINE = "shipped", "baseline"
CHILD = Path(__file__).with_name("lambda_child.py")
RESTORED = "restored_"  # a case served by a container restored from a SnapStart snapshot (emulated by a fork)
SNAPSTART_CASES = ("page", "registration", "dashboard", "after_page")  # the API function's: it has SnapStart
GOALS = {"page": 1.3, "registration": 1.5, "dashboard": 1.6, "email": 1.8}
SERVED = {"page": "the event page", "registration": "a registration", "dashboard": "the organizer's event page",
          "email": "a queue message (one e-mail)", "reminders": "the reminder schedule"}
FIGURES = {
    "floor_ms": "median wall time of the floor: `import boto3`, one DynamoDB client, one GetItem",
    **{f"first_{case}_ratio": f"{SERVED[case]}, first in its process, over the floor (goal ≤ {goal})"
       for case, goal in GOALS.items()},
    "first_reminders_ratio": "the reminder schedule's first run over the floor (information)",
    **{f"first_{case}_ms": f"median wall time of a fresh process serving {SERVED[case]}" for case in SERVED},
    "registration_after_page_ratio": "a container's first registration after a page, over a warm one, in a "
                                     "container started without SnapStart (information: as the API function ships, "
                                     "its containers are restored from a snapshot, see restored_…)",
    "registration_after_page_ms": "median time of that registration, in the process",
    **{f"warm_{case}_ms": f"median time of {SERVED[case]} served again by the same process" for case in SERVED},
    **{f"restored_first_{case}_ms": f"{SERVED[case]}, first in a container restored from the API function's "
                                    f"SnapStart snapshot (emulated: a fork after init and the hooks before the "
                                    f"snapshot), with the hook after the restore" for case in SNAPSTART_CASES
       if case in SERVED},
    "restored_registration_after_page_ratio": "a restored container's first registration after a page, over a warm "
                                              "one (goal ≤ 3: the API function ships with SnapStart)",
    "api_import_ms": "median time of importing the API's handler (`import app`) inside the cold processes",
    "emails_sent": "e-mails SES took, two per e-mail process (the run fails unless each message sent one)",
    "zip_bytes": "the deployment zip measured",
    "zip_bytecode": "modules of the zip shipped compiled, of all its modules",
    "rounds": "samples of each case and of the floor before it",
}
HEADLINE = {name: name for name in (*(f"first_{case}_ratio" for case in GOALS), "registration_after_page_ratio",
                                    "restored_registration_after_page_ratio")}
NOTES = (
    ("A case's wall time runs from its process's start until the first request is answered: interpreter "
     "start, imports, settings, AWS clients and the request. What the process does after that (the warm "
     "request, the e-mail case's pause) is timed inside it and taken off; the process leaves without the "
     "interpreter's teardown, as a frozen container does. (Before 2026-12-06 06:30 the wall time ran to the "
     "process's end, so each case also carried its warm request, and the e-mail case its 0.2 s pause.)"),
    ("moto answers on this machine, so each AWS call costs microseconds of network where AWS costs "
     "milliseconds: the figures weigh what the process itself does."),
    ("The e-mail case takes its SQS messages from the queue the registrations filled; its second message "
     "comes after the SES pacing interval (SES_RATE), as messages at the queue's rate do."),
)


@dataclass(frozen=True)
class Package:
    """One deployment package, unpacked as Lambda lays it out, and its functions as its template declares them."""

    task_root: Path
    functions: dict[str, Function]


@dataclass
class Stage:
    """What the cases run against: the packages, the runtime's boto3, the stage's resources and data."""

    runtime: Path
    packages: dict[str, Package]  # SHIPPED, and BASELINE when one is compared with it
    refs: dict[str, str]
    endpoint: str
    event_id: str = ""
    dashboard_event_id: str = ""
    token: str = ""
    messages: collections.deque[str] = field(default_factory=collections.deque)
    counter: int = 0

    def next_number(self) -> int:
        self.counter += 1
        return self.counter

    def api(self) -> Function:
        return self.packages[SHIPPED].functions["APIHandler"]


def _child(spec: dict[str, Any], function: Function, stage: Stage) -> tuple[float, dict[str, Any]]:
    """One fresh process: its wall time (ms) and its answer."""
    spec = {**spec, "runtime": str(stage.runtime)}
    snapshot = {"AWS_LAMBDA_INITIALIZATION_TYPE": SNAPSHOT_INIT} if spec.get("restored") else {}
    env = {**function.environment, **snapshot}
    started = time.perf_counter()
    done = subprocess.run([str(interpreter()), "-S", "-I", "-B", str(CHILD)], input=json.dumps(spec), text=True,
                          cwd=spec.get("root") or stage.runtime, env=env, capture_output=True,
                          timeout=300, check=False)
    wall = (time.perf_counter() - started) * 1000
    if done.returncode:
        raise RuntimeError(f"the {function.name} process failed:\n{done.stderr[-3000:]}")
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


def _page(stage: Stage) -> dict[str, Any]:
    return api_request("GET", "/events/{event_id}", f"/events/{stage.event_id}", query={"lang": "uk"},
                       headers=page_headers("uk"), source_ip="203.0.113.10")


def _registration(stage: Stage) -> dict[str, Any]:
    n = stage.next_number()
    return api_request("POST", "/api/events/{event_id}/registrations", f"/api/events/{stage.event_id}/registrations",
                       source_ip=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
                       headers={"Accept": "application/json", "Accept-Language": "uk"},
                       body={"name": f"Олена Коваленко {n}", "email": f"participant.{n}@example.org",
                             "language": "uk", "consent": True})


def _dashboard(stage: Stage) -> dict[str, Any]:
    return api_request("GET", "/organizer/events/{event_id}", f"/organizer/events/{stage.dashboard_event_id}",
                       headers={**page_headers("pl"), "Cookie": f"zapisy_session={stage.token}"},
                       source_ip="198.51.100.7")


def _message(stage: Stage) -> dict[str, Any]:
    if not stage.messages:
        _collect_messages(stage)
    return sqs_message(stage.messages.popleft(), stage.refs["OutboxQueueArn"])


def _collect_messages(stage: Stage) -> None:
    """The outbox messages the registrations so far handed to SQS (the sender's event source reads them)."""
    import boto3

    sqs = boto3.client("sqs", endpoint_url=stage.endpoint, region_name="eu-central-1",
                       aws_access_key_id="bench", aws_secret_access_key="bench")
    while True:
        got = sqs.receive_message(QueueUrl=stage.refs["OutboxQueue"], MaxNumberOfMessages=10).get("Messages", [])
        if not got:
            break
        for message in got:
            stage.messages.append(message["Body"])
            sqs.delete_message(QueueUrl=stage.refs["OutboxQueue"], ReceiptHandle=message["ReceiptHandle"])
    if not stage.messages:
        raise RuntimeError("no outbox message in the queue: the registrations sent none")


# case -> (function, the events of one process, pause between them, the answer each must give)
Case = tuple[str, Callable[[Stage], list[dict[str, Any]]], float, Callable[[Any], bool]]


def _status(*codes: int) -> Callable[[Any], bool]:
    return lambda answer: isinstance(answer, dict) and answer.get("status") in codes


CASES: dict[str, Case] = {
    "page": ("APIHandler", lambda s: [_page(s), _page(s)], 0.0, _status(200)),
    "registration": ("APIHandler", lambda s: [_registration(s), _registration(s)], 0.0, _status(201, 202)),
    "dashboard": ("APIHandler", lambda s: [_dashboard(s), _dashboard(s)], 0.0, _status(200)),
    "email": ("SendQueued", lambda s: [_message(s), _message(s)], 0.2, lambda answer: answer is None),
    "reminders": ("Reminders", lambda s: [schedule("zapisy-prod-Reminders")] * 2, 0.0,
                  lambda answer: isinstance(answer, dict)),
    "after_page": ("APIHandler", lambda s: [_page(s), _registration(s), _registration(s)], 0.0,
                   _status(200, 201, 202)),
}


def _sample(case: str, stage: Stage, package: Package) -> tuple[float, dict[str, Any]]:
    base = case.removeprefix(RESTORED)
    function_name, events, pause, valid = CASES[base]
    function = package.functions[function_name]
    wall, result = _child({"root": str(package.task_root), "handler": function.handler, "events": events(stage),
                           "pause_seconds": pause, "restored": base != case}, function, stage)
    wrong = [call["answer"] for call in result["calls"] if not valid(call["answer"])]
    if wrong:
        raise RuntimeError(f"{case}: unexpected answers {wrong}")
    return wall, result


def _floor(stage: Stage) -> float:
    key = {"pk": {"S": f"EVENT#{stage.event_id}"}, "sk": {"S": "META"}}
    wall, result = _child({"floor": {"table": stage.refs["Table"], "key": key}}, stage.api(), stage)
    if not result["found"]:
        raise RuntimeError("the floor read no item")
    return wall


def _setup(stage: Stage) -> None:
    env = {**stage.api().environment, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    done = subprocess.run([sys.executable, "-m", "bench.lambda_setup", "event"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    if done.returncode:
        raise RuntimeError(f"setting up the event failed:\n{done.stderr[-3000:]}")
    made = json.loads(done.stdout.strip().splitlines()[-1])
    stage.event_id, stage.dashboard_event_id, stage.token = made["event_id"], made["dashboard_event_id"], made["token"]


def _measure(stage: Stage, rounds: int) -> dict[str, Any]:
    """Each round, each case after its floor, once per package (in turns, so neither always goes first)."""
    floors: list[float] = []
    walls: dict[tuple[str, str], list[float]] = collections.defaultdict(list)
    calls: dict[tuple[str, str], list[list[float]]] = collections.defaultdict(list)
    imports: dict[str, list[float]] = collections.defaultdict(list)
    for number in range(rounds + 1):  # round 0 warms the file cache and is not counted
        for case in (*CASES, *(RESTORED + case for case in SNAPSTART_CASES)):
            floor = _floor(stage)
            names = list(stage.packages)[::-1 if number % 2 else 1]
            for name, (wall, result) in [(name, _sample(case, stage, stage.packages[name])) for name in names]:
                if number:  # the first request's: the warm ones after it, and pauses, are timed in the process
                    walls[name, case].append(wall - result["after_first_ms"])
                    calls[name, case].append([call["ms"] for call in result["calls"]])
                    if case.startswith(RESTORED):  # from the fork: the hooks after a restore, then the request
                        calls[name, case][-1][0] += result["restore_hooks_ms"]
                    elif CASES[case][0] == "APIHandler":
                        imports[name].append(result["import_ms"])
            if number:
                floors.append(floor)
        print(f"[coldstart] round {number}/{rounds}", file=sys.stderr, flush=True)
    floor = statistics.median(floors)
    figures: dict[str, Any] = {"floor_ms": round(floor, 1)}
    for name in stage.packages:
        prefix = "" if name == SHIPPED else f"{name}_"
        figures.update({prefix + key: value for key, value in _figures(
            floor, {case: walls[name, case] for case in CASES}, {case: calls[name, case] for case in CASES},
            imports[name]).items()})
        figures.update({prefix + key: value for key, value in _restored_figures(
            {case: calls[name, RESTORED + case] for case in SNAPSTART_CASES}).items()})
    return figures


def _figures(floor: float, walls: dict[str, list[float]], calls: dict[str, list[list[float]]],
             imports: list[float]) -> dict[str, Any]:
    median = statistics.median
    figures: dict[str, Any] = {}
    for case in SERVED:
        figures[f"first_{case}_ratio"] = round(median(walls[case]) / floor, 3)
    for case in SERVED:
        figures[f"first_{case}_ms"] = round(median(walls[case]), 1)
    after_page, warm = median(c[1] for c in calls["after_page"]), median(c[2] for c in calls["after_page"])
    figures["registration_after_page_ratio"] = round(after_page / warm, 2)
    figures["registration_after_page_ms"] = round(after_page, 1)
    for case in SERVED:
        figures[f"warm_{case}_ms"] = round(median(c[1] for c in calls[case]), 1)
    figures["api_import_ms"] = round(median(imports), 1)
    return figures


def _restored_figures(calls: dict[str, list[list[float]]]) -> dict[str, Any]:
    """A container restored from the API function's SnapStart snapshot: its first request (with the hooks
    run after a restore), and its first registration after a page over a warm one."""
    median = statistics.median
    figures: dict[str, Any] = {f"restored_first_{case}_ms": round(median(c[0] for c in calls[case]), 1)
                               for case in SNAPSTART_CASES if case != "after_page"}
    after_page, warm = median(c[1] for c in calls["after_page"]), median(c[2] for c in calls["after_page"])
    figures["restored_registration_after_page_ratio"] = round(after_page / warm, 2)
    return figures


def _bytecode_share(archive: Path) -> str:
    """How many of the zip's modules have their bytecode for this Python in it, of how many."""
    names = set(zipfile.ZipFile(archive).namelist())
    modules = {n[:-3] for n in names if n.endswith(".py")} | {n[:-4] for n in names if n.endswith(".pyc")
                                                              and "__pycache__/" not in n}
    tag = CACHE_TAG

    def compiled(module: str) -> bool:
        folder, _, name = module.rpartition("/")
        cached = f"{folder}/__pycache__/{name}.{tag}.pyc" if folder else f"__pycache__/{name}.{tag}.pyc"
        return f"{module}.pyc" in names or cached in names

    return f"{sum(map(compiled, modules)):,} of {len(modules):,}"


def run(rounds: int = ROUNDS, baseline: Path | None = None) -> dict[str, Any]:
    """The figures of the package this checkout builds; with `baseline` (a folder holding another build's
    deployment.zip and sam.json), that package's too, measured in the same rounds (`baseline_…`)."""
    from devstack.moto_server import MotoServer

    runtime = runtime_packages()
    with tempfile.TemporaryDirectory(prefix="zapisy-coldstart-") as folder:
        archives = {SHIPPED: build_package(Path(folder) / "dist")}
        if baseline is not None:
            archives[BASELINE] = baseline / "deployment.zip"
        moto = MotoServer().start()
        try:
            refs = create_resources(moto.url)
            packages = {}
            for name, archive in archives.items():
                task_root = unpack(archive, Path(folder) / f"task-{name}")
                packages[name] = Package(task_root, functions(archive.parent / "sam.json", refs, moto.url, task_root))
            stage = Stage(runtime, packages, refs, moto.url)
            _setup(stage)
            figures = _measure(stage, rounds)
            figures["emails_sent"] = _emails_sent(moto.url)
        finally:
            moto.stop()
        for name, archive in archives.items():
            prefix = "" if name == SHIPPED else f"{name}_"
            figures.update({f"{prefix}zip_bytes": archive.stat().st_size,
                            f"{prefix}zip_bytecode": _bytecode_share(archive)})
    figures["rounds"] = rounds
    expected = 2 * (rounds + 1) * len(archives)
    if figures["emails_sent"] != expected:
        raise RuntimeError(f"{figures['emails_sent']} e-mails sent for {expected} queue messages")
    return figures


def _emails_sent(endpoint: str) -> int:
    import boto3

    ses = boto3.client("ses", endpoint_url=endpoint, region_name="eu-central-1", aws_access_key_id="bench",
                       aws_secret_access_key="bench")
    return int(ses.get_send_quota()["SentLast24Hours"])


def main() -> None:
    parser = argparse.ArgumentParser(description="The figures as JSON, without writing the report (see bench.run).")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--baseline", type=Path, help="a folder from `python -m infra.package --stage prod --out "
                                                       "FOLDER` at an earlier commit: measured alongside")
    args = parser.parse_args()
    print(json.dumps(run(args.rounds, args.baseline), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
