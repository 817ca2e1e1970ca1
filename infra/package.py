"""`make package STAGE=prod`: the Lambda zip and the SAM template, small and complete.

Chalice would resolve requirements.txt itself, pulling in every dependency. Instead the build
directory gets an empty requirements.txt and a `vendor/` we fill: the runtime requirements and
their dependencies for the Lambda platform, minus what the runtime already has (boto3,
botocore and theirs), minus Pillow (text-only PDFs never load it) and dnspython (only e-mail
deliverability checks import it). Then Babel's locale data is pruned to the stage's languages,
compiled accelerators of fontTools are dropped (it falls back to its pure Python), and so are
the parts of Powertools beyond Logger and Metrics and the C sources some wheels carry beside
their extensions (1.1 MB compressed, never read at run time). pyuca's collation table is parsed
here and goes in prebuilt, in the form chalicelib/vocabulary/collation_table.py loads in a fifth
of the time (a cold start that sorts a list by name no longer parses 1.8 MB of text), so none of
pyuca's text tables ships. botocore's data is added, cut to the services and operations the
functions call (infra/botocore_data.py). Last, every module of the zip is compiled for the
runtime's Python (infra/bytecode.py).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

from chalicelib.config import SettingsError, read_settings
from chalicelib.vocabulary import collation_table

from . import botocore_data
from .bytecode import check_runtime, compile_archive
from .runtime import LAMBDA_PYTHON, RUNTIME
from .template import ROOT, call_the_live_alias, event_source_names, merge_template, stage_environment
from .templates import compile_into

LAMBDA_PLATFORM = ["--platform", "manylinux2014_x86_64", "--implementation", "cp", "--python-version", LAMBDA_PYTHON,
                   "--only-binary=:all:"]
IN_RUNTIME = {"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "python-dateutil", "six",
              "snapshot-restore-py"}
NOT_NEEDED = {"pillow", "dnspython"}
APP_FILES = ("app.py", "chalicelib")
# Parts of libraries the app never imports (we use Powertools' Logger and Metrics only).
UNUSED_PARTS = ("aws_lambda_powertools/event_handler", "aws_lambda_powertools/utilities/parser",
                "aws_lambda_powertools/utilities/data_classes", "aws_lambda_powertools/utilities/idempotency",
                "aws_lambda_powertools/utilities/batch", "aws_lambda_powertools/utilities/streaming",
                "aws_lambda_powertools/utilities/feature_flags", "aws_lambda_powertools/utilities/data_masking")
SKIP = re.compile(r"(__pycache__|\.pyc$|\.po$|\.pot$|\.pyi$|/tests?/)")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def vendor_requirements(work: Path) -> list[str]:
    """The pinned set to vendor: requirements.txt resolved for the Lambda platform, minus exclusions."""
    report = work / "resolution.json"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--dry-run",
                    "--ignore-installed", "--target", str(work / "resolve"), *LAMBDA_PLATFORM,
                    "--report", str(report), "-r", str(ROOT / "requirements.txt")], check=True)
    chosen = []
    for item in json.loads(report.read_text())["install"]:
        name = _normalise(item["metadata"]["name"])
        if name not in IN_RUNTIME | NOT_NEEDED:
            chosen.append(f"{item['metadata']['name']}=={item['metadata']['version']}")
    return sorted(chosen)


def locale_files(languages: tuple[str, ...]) -> set[str]:
    """The CLDR files Babel reads for the app's locales: each one and its parents up to root."""
    from babel.core import get_global

    from chalicelib.i18n import babel_locale

    parents = get_global("parent_exceptions")
    keep = {"root"}
    for language in languages:
        name = babel_locale(language)
        while name and name != "root":
            keep.add(name)
            name = parents.get(name) or "_".join(name.split("_")[:-1])
    return keep


def prebuild_collation(build: Path, pins: list[str]) -> Path:
    """The collation table pyuca's Collator reads on the Lambda's Python, parsed from the vendored
    copy by this environment's pyuca, which must be the vendored one, and written where the app
    loads it; returns the file."""
    if f"pyuca=={version('pyuca')}" not in pins:
        raise RuntimeError(f"this environment's pyuca {version('pyuca')} is not the one vendored: "
                           f"its table would not be the one the package's pyuca looks up")
    from pyuca import Collator

    text = build / "vendor" / "pyuca" / f"allkeys-{Collator.UCA_VERSION}.txt"
    return collation_table.write(build / collation_table.FOLDER.relative_to(ROOT), text)


def _prune(vendor: Path, languages: tuple[str, ...]) -> None:
    keep = locale_files(languages)
    for data in (vendor / "babel" / "locale-data").glob("*.dat"):
        if data.stem not in keep:
            data.unlink()
    for accelerator in (vendor / "fontTools").rglob("*.so"):
        accelerator.unlink()
    for c_source in vendor.rglob("*.c"):
        c_source.unlink()
    for unused in UNUSED_PARTS:
        shutil.rmtree(vendor / unused, ignore_errors=True)
    for table in (vendor / "pyuca").glob("allkeys-*.txt"):  # the one read goes in prebuilt
        table.unlink()
    for path in sorted(vendor.rglob("*"), reverse=True):
        if path.is_dir() and (path.name in ("__pycache__", "tests", "test") or not any(path.iterdir())):
            shutil.rmtree(path)


def _own_code(name: str) -> bool:
    """A file of the app itself (not vendored): its modules keep their sources in the zip, for tracebacks."""
    return any(name == part or name.startswith(part + "/") for part in APP_FILES)


def _runtime(template: Path) -> str:
    """The one runtime of the template's functions (Chalice names the interpreter that packaged it)."""
    resources = json.loads(template.read_text())["Resources"].values()
    runtimes = {r["Properties"]["Runtime"] for r in resources if r["Type"] == "AWS::Serverless::Function"}
    if len(runtimes) != 1:
        raise RuntimeError(f"the functions should share one runtime, not {sorted(runtimes)}")
    return runtimes.pop()


def _copy_app(build: Path) -> None:
    for name in APP_FILES:
        source = ROOT / name
        if source.is_file():
            shutil.copy2(source, build / name)
            continue
        for path in source.rglob("*"):
            relative = path.relative_to(ROOT)
            if path.is_file() and not SKIP.search(str(relative)):
                (build / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, build / relative)
    (build / ".chalice").mkdir()
    shutil.copy2(ROOT / ".chalice" / "config.json", build / ".chalice" / "config.json")
    (build / "requirements.txt").write_text("# vendored: see infra/package.py\n")


def package(stage: str, out: Path) -> Path:
    """Build `out/sam.json` and `out/deployment.zip`; returns the zip.

    The stage's settings are checked first, as the Lambda checks them at init (the variables the template
    wires in are optional there), so a stage that would refuse to start is never built. Then this process
    takes them on: the table's definition comes from the app, which reads its settings."""
    check_runtime(RUNTIME)  # before minutes of work whose bytecode the runtime would ignore
    environment = stage_environment(stage)
    if read_settings(environment).stage != stage:
        raise SettingsError([f"stage {stage!r} sets STAGE={environment['STAGE']!r}: the two must agree"])
    os.environ.update(environment)
    work = out / "build"
    if out.exists():
        shutil.rmtree(out)
    build = work / "project"
    build.mkdir(parents=True)
    _copy_app(build)
    compile_into(build)
    pins = vendor_requirements(work)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--target", str(build / "vendor"), *LAMBDA_PLATFORM, *pins], check=True)
    languages = tuple(x.strip() for x in stage_environment(stage).get("LANGUAGES", "pl,en,uk").split(","))
    prebuild_collation(build, pins)
    _prune(build / "vendor", languages)
    botocore_data.write_into(build / "vendor")
    merge = work / "merge-template.json"
    merge.write_text(json.dumps(merge_template(stage), indent=2))
    env = {**os.environ, **event_source_names(stage),
           "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-central-1")}
    subprocess.run([str(Path(sys.executable).parent / "chalice"), "package", "--stage", stage,
                    "--merge-template", str(merge), str(out.resolve())], cwd=build, env=env, check=True)
    shutil.rmtree(work)
    template = out / "sam.json"
    template.write_text(json.dumps(call_the_live_alias(json.loads(template.read_text())), indent=2))
    compile_archive(out / "deployment.zip", _runtime(out / "sam.json"), _own_code)
    return out / "deployment.zip"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default="prod", choices=("dev", "prod"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    archive = package(args.stage, args.out or ROOT / "dist" / args.stage)
    with zipfile.ZipFile(archive) as opened:
        unpacked = sum(info.file_size for info in opened.infolist())
    print(f"{archive.relative_to(ROOT) if archive.is_relative_to(ROOT) else archive}: "
          f"{archive.stat().st_size:,} bytes ({archive.stat().st_size / 1e6:.2f} MB; {unpacked / 1e6:.1f} MB unpacked)")
    print(f"{(archive.parent / 'sam.json')}")


if __name__ == "__main__":
    main()
