"""The Python the functions run on in AWS, and the interpreter on this machine that stands for it.

The functions run on Lambda's python3.13 runtime, for SnapStart (Python 3.12 and later): a
restored snapshot skips the imports and warm-up a cold start would pay (see
chalicelib/handlers/snapstart.py). Their zip holds wheels and bytecode for that Python, so the
package is compiled, and its tests and the cold-start benchmark run, on a CPython 3.13 here;
the service itself keeps running locally on the development Python (3.11 and later).

`python -m infra.runtime` makes `.lambda-python/bin/python3.13` (kept out of git): a link to a
CPython 3.13 the machine has (`python3.13` on PATH, or one pyenv installed), or else one built
from Debian's own source package of python3.13, fetched with apt-get from Debian 13's archive
and compiled here (a few minutes; bookworm ships no Python 3.13 and the binary package would
need a newer C library).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAMBDA_PYTHON = "3.13"  # the functions' runtime: the wheels and the bytecode are for it
RUNTIME = f"python{LAMBDA_PYTHON}"
CACHE_TAG = f"cpython-{LAMBDA_PYTHON.replace('.', '')}"  # the runtime's bytecode: __pycache__/<module>.<tag>.pyc
HOME = ROOT / ".lambda-python"
INTERPRETER = HOME / "bin" / RUNTIME
DEBIAN_SOURCE = "deb-src http://deb.debian.org/debian trixie main\n"
BUILD_PACKAGES = ("build-essential", "libssl-dev", "zlib1g-dev", "libffi-dev", "libbz2-dev", "liblzma-dev",
                  "libsqlite3-dev", "xz-utils")


def interpreter() -> Path:
    """The CPython of the functions' runtime on this machine; `make lambda-python` provides it."""
    if not INTERPRETER.exists():
        raise RuntimeError(f"no {RUNTIME} at {INTERPRETER.relative_to(ROOT)}: run `make lambda-python`")
    return INTERPRETER


def _found() -> Path | None:
    """A CPython 3.13 already on this machine."""
    on_path = shutil.which(RUNTIME)
    candidates = [Path(on_path)] if on_path else []
    pyenv = shutil.which("pyenv")
    if pyenv:
        listed = subprocess.run([pyenv, "versions", "--bare"], capture_output=True, text=True, check=False).stdout
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False).stdout.strip()
        candidates += [Path(root, "versions", v, "bin", RUNTIME) for v in sorted(listed.split(), reverse=True)
                       if v.startswith(LAMBDA_PYTHON + ".") and v.replace(".", "").isdigit()]
    for candidate in candidates:
        if candidate.exists() and _works(candidate):
            return candidate
    return None


def _works(python: Path) -> bool:
    """It is a 3.13 with what the package build and the tests need (ssl for boto3, zlib for zips)."""
    probe = "import sys, ssl, zlib, ctypes, lzma, bz2; assert sys.version_info[:2] == (3, 13)"
    return subprocess.run([str(python), "-c", probe], capture_output=True, check=False).returncode == 0


def _apt(*arguments: str, private: Path | None = None, cwd: Path | None = None) -> None:
    """apt-get; with `private`, on that folder's own source list and package lists, not the machine's."""
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    options = []
    if private:
        options = ["-o", f"Dir::Etc::sourcelist={private / 'sources.list'}", "-o",
                   f"Dir::Etc::sourceparts={private / 'parts'}", "-o", f"Dir::State::Lists={private / 'lists'}"]
    subprocess.run([*prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", *options, *arguments],
                   cwd=cwd, check=True)


def build_from_debian(target: Path) -> Path:
    """Fetch Debian's source of python3.13 (its archive alone, not the rest of that release) and build it
    into `target`; returns the interpreter."""
    missing = [p for p in BUILD_PACKAGES if subprocess.run(["dpkg", "-s", p], capture_output=True,
                                                           check=False).returncode]
    if missing:
        _apt("update")
        _apt("install", "-y", "--no-install-recommends", *missing)
    with tempfile.TemporaryDirectory(prefix="lambda-python-") as folder:
        work = Path(folder)
        (work / "lists" / "partial").mkdir(parents=True)
        (work / "parts").mkdir()
        (work / "sources.list").write_text(DEBIAN_SOURCE)
        _apt("update", private=work)
        _apt("source", "--download-only", RUNTIME, private=work, cwd=work)
        archive = next(work.glob(f"{RUNTIME}_*.orig.tar.xz"))
        source = work / "source"
        source.mkdir()
        subprocess.run(["tar", "xJf", str(archive), "-C", str(source), "--strip-components=1"], check=True)
        for step in (["./configure", f"--prefix={target}", "--without-ensurepip"],
                     ["make", f"-j{os.cpu_count() or 2}"], ["make", "install"]):
            done = subprocess.run(step, cwd=source, capture_output=True, text=True, check=False)
            if done.returncode:  # the compiler's warnings are shown only when the build fails
                raise RuntimeError(f"{' '.join(step)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return target / "bin" / RUNTIME


def provide(build: bool = False) -> Path:
    """`.lambda-python/bin/python3.13`, linked to a CPython 3.13 found here or built from Debian's source."""
    if not build and INTERPRETER.exists() and _works(INTERPRETER):
        return INTERPRETER
    shutil.rmtree(HOME, ignore_errors=True)
    found = None if build else _found()
    if found is None:
        print(f"no {RUNTIME} on this machine: building Debian's from source (a few minutes)", file=sys.stderr)
        built = build_from_debian(HOME)
        if not _works(built):
            raise RuntimeError(f"the {RUNTIME} built from Debian's source lacks ssl, zlib or ctypes")
        return built
    INTERPRETER.parent.mkdir(parents=True)
    INTERPRETER.symlink_to(found)
    return INTERPRETER


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="build from Debian's source even if one is found")
    python = provide(parser.parse_args().build)
    print(f"{python.relative_to(ROOT)} -> {python.resolve()}")


if __name__ == "__main__":
    main()
