"""Cold start: importing the app against importing the framework it stands on.

Each sample is a fresh `python -c` process, as a Lambda cold start is: `import app` (with the
stage's environment, so settings are read as in AWS) against `from chalice import Chalice;
import pynamodb.models, jinja2, boto3` — what any Chalice + PynamoDB + Jinja2 service imports
before its own first line. The two commands alternate, so the machine's load falls on both
alike; the ratio is of the medians. Bytecode is compiled by a first, unmeasured run of each.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from infra.template import stage_environment

TITLE = "Cold start: `import app` against the framework alone"
ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 21
APP = "import app"
BASELINE = "from chalice import Chalice; import pynamodb.models, jinja2, boto3"
ENV = {**stage_environment("prod"), "AWS_DEFAULT_REGION": "eu-central-1"}  # valid settings, or `import app` fails
FIGURES = {
    "app_import_ms": "median wall time of `python -c \"import app\"`",
    "baseline_import_ms": "median wall time of the framework imports alone",
    "python_ms": "median wall time of `python -c pass` (the interpreter itself)",
    "cold_start_ratio": "app over baseline (goal ≤ 1.15)",
    "rounds": "samples of each, interleaved",
}
HEADLINE = {"cold_start_ratio": "cold_start_ratio"}


def _sample(code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    return (time.perf_counter() - started) * 1000


def run() -> dict[str, Any]:
    env = {**os.environ, **ENV}
    for code in (APP, BASELINE):
        _sample(code, env)  # compile bytecode, warm the file cache
    samples: dict[str, list[float]] = {APP: [], BASELINE: [], "pass": []}
    for _ in range(ROUNDS):
        for code in (APP, BASELINE, "pass"):
            samples[code].append(_sample(code, env))
    app, baseline = statistics.median(samples[APP]), statistics.median(samples[BASELINE])
    return {"app_import_ms": round(app, 1), "baseline_import_ms": round(baseline, 1),
            "python_ms": round(statistics.median(samples["pass"]), 1),
            "cold_start_ratio": round(app / baseline, 3), "rounds": ROUNDS}
