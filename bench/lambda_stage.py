"""A deployed stage on this machine: the packaged zip unpacked, the runtime's boto3 beside it, the
functions as the SAM template declares them (handler, memory, environment), and the AWS resources
that environment names, created on a moto server.

The runtime's boto3 is the version requirements-dev.txt pins, installed once with
`pip install --target` for the Lambda platform into dist/bench/ (kept between runs) and compiled
by the runtime's CPython (infra/runtime.py), which runs the functions here: the
deployment zip leaves boto3 out because the runtime has it, so the function must find it there
and nowhere else.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .lambda_events import REGION

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "dist" / "bench"
STAGE = "prod"
RUNTIME_PACKAGES = ("boto3", "snapshot-restore-py")  # boto3 with what it needs; SnapStart's hooks


@dataclass(frozen=True)
class Function:
    """One function of the template: its handler ("module.attribute") and the environment Lambda gives it."""

    name: str
    handler: str
    environment: dict[str, str]


def _pin(package: str) -> str:
    """`package==version` as requirements-dev.txt pins it (the version the service is tested with)."""
    for line in (ROOT / "requirements-dev.txt").read_text().splitlines():
        if re.match(rf"{re.escape(package)}\s*==", line.strip(), re.IGNORECASE):
            return line.split("#")[0].strip()
    raise LookupError(f"requirements-dev.txt pins no {package}")


def runtime_packages() -> Path:
    """A folder holding only boto3 and its dependencies, as the Lambda runtime provides them; built once."""
    from infra.package import LAMBDA_PLATFORM
    from infra.runtime import interpreter

    pins = [_pin(name) for name in RUNTIME_PACKAGES]
    folder = CACHE / ("runtime-" + "-".join(pin.replace("==", "-") for pin in pins))
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--target", str(folder), *LAMBDA_PLATFORM, *pins], check=True)
        # the runtime's own modules come compiled; a first import must not compile them inside a measurement
        subprocess.run([str(interpreter()), "-m", "compileall", "-q", "-j", "0", str(folder)], check=True,
                       stdout=subprocess.DEVNULL)
        done.write_text("\n".join(pins) + "\n")
    return folder


def build_package(out: Path) -> Path:
    """`make package`'s zip and template for the stage, built by infra/package.py in a process of its own
    (it takes on the stage's environment)."""
    done = subprocess.run([sys.executable, "-m", "infra.package", "--stage", STAGE, "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"packaging failed:\n{done.stderr[-3000:]}")
    return out / "deployment.zip"


def unpack(archive: Path, task_root: Path) -> Path:
    """The zip as Lambda lays it out in /var/task."""
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(task_root)
    return task_root


def create_resources(endpoint: str) -> dict[str, str]:
    """What the stage's template creates, made on moto by a process of its own (see bench/lambda_setup.py):
    the value of each logical id the functions' environment refers to (`Ref` / `${...}`)."""
    from devstack.bootstrap import LOCAL_ENV

    env = {**os.environ, **LOCAL_ENV, "AWS_ENDPOINT_URL": endpoint}
    done = subprocess.run([sys.executable, "-m", "bench.lambda_setup", "resources", STAGE], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    if done.returncode:
        raise RuntimeError(f"creating the stage's resources failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _resolve(value: Any, refs: dict[str, str]) -> str:
    if isinstance(value, str):
        return value
    if "Ref" in value:
        return refs[value["Ref"]]
    if "Fn::Sub" in value:
        return re.sub(r"\$\{([\w:]+)\}", lambda match: refs[match[1]], value["Fn::Sub"])
    raise ValueError(f"no value for {value!r} on this machine")


def functions(template: Path, refs: dict[str, str], endpoint: str, task_root: Path) -> dict[str, Function]:
    """Each function of the template with the environment Lambda would give it, pointed at `endpoint`."""
    resources = json.loads(template.read_text())["Resources"]
    found = {}
    for name, resource in resources.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        properties = resource["Properties"]
        variables = {key: _resolve(value, refs) for key, value in properties["Environment"]["Variables"].items()}
        found[name] = Function(name, properties["Handler"], {
            **variables, **_lambda_variables(name, properties, endpoint, task_root)})
    return found


def _lambda_variables(name: str, properties: dict[str, Any], endpoint: str, task_root: Path) -> dict[str, str]:
    """What the Lambda runtime itself sets (credentials of the role, region, the function's identity),
    and the endpoint of the AWS this machine emulates."""
    return {"AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION, "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench", "AWS_SESSION_TOKEN": "bench", "AWS_ENDPOINT_URL": endpoint,
            "AWS_LAMBDA_FUNCTION_NAME": f"zapisy-{STAGE}-{name}", "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(properties.get("MemorySize", 128)),
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{properties['Runtime']}", "_HANDLER": properties["Handler"],
            "LAMBDA_TASK_ROOT": str(task_root), "TZ": ":UTC", "LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin"}
