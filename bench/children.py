"""Peak memory measured in a fresh Python process, apart from the emulated table this one holds.

A child runs `python -m <module> --child <args>` against a moto server started by the parent and
prints one JSON line; its own high-water mark is `VmHWM` of /proc/self/status (a child's
`ru_maxrss` keeps the parent's peak across fork and exec on Linux).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    """This process's peak resident set size; ru_maxrss would carry the parent's over fork and exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_child(module: str, args: list[str], env: dict[str, str], endpoint: str) -> dict[str, Any]:
    """Run `module --child *args` in a fresh interpreter talking to AWS at `endpoint`; its last JSON line."""
    child_env = {**os.environ, **env, "AWS_ENDPOINT_URL": endpoint, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", module, "--child", *args], cwd=ROOT, env=child_env,
                          capture_output=True, text=True, timeout=900, check=False)
    if done.returncode:
        raise RuntimeError(f"the {module} child {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
