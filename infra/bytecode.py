"""Bytecode in the deployment zip, in the form the Lambda runtime uses as it finds it.

/var/task is read-only and a new container has no bytecode cache, so from a zip of sources every
cold start compiles every module it imports (150-190 ms of a first request here). The zip
carries them compiled instead:

- our own code (app.py, chalicelib/) keeps its sources, so its tracebacks show their lines, with
  its bytecode in `__pycache__` as unchecked-hash .pyc: Python loads such a file without comparing
  it to the source (the usual timestamp check could not hold: the zip dates every file 1980);
- the vendored libraries ship as bytecode alone, `module.pyc` where `module.py` was, which Python
  imports with no source beside it: with sources and bytecode both the zip would pass 10 MB. Their
  tracebacks still name file and line;
- compiled without column positions (`-X no_debug_ranges`, a quarter smaller): a traceback loses
  the ^^^ under the failing expression, not its line.

Bytecode is for one Python minor version, the one compiling it: it is compiled by the CPython of
the functions' runtime (infra/runtime.py), and the build refuses a template naming another.
"""
from __future__ import annotations

import os
import py_compile
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def interpreter_runtime() -> str:
    """The Lambda runtime whose bytecode the functions' interpreter here writes ("python3.13")."""
    from .runtime import interpreter

    done = subprocess.run([str(interpreter()), "-c", "import sys; print(*sys.version_info[:2], sep='.')"],
                          capture_output=True, text=True, check=True)
    return f"python{done.stdout.strip()}"


def check_runtime(runtime: str) -> None:
    """Refuse to build bytecode that `runtime` would not read (its magic number differs)."""
    if runtime != interpreter_runtime():
        raise RuntimeError(f"the functions run on {runtime}, but this is {interpreter_runtime()}: "
                           f"build the package with that Python, whose bytecode the runtime reads")


def compile_archive(archive: Path, runtime: str, keep_source: Callable[[str], bool]) -> dict[str, int]:
    """Rewrite `archive` with every module compiled; `keep_source(name)` keeps a module's source too.

    Entries keep their order, dates and permissions; each .pyc takes its source's. Returns counts."""
    check_runtime(runtime)
    with zipfile.ZipFile(archive) as opened:
        entries = [(info, opened.read(info)) for info in opened.infolist()]
    sources = [info.filename for info, _ in entries if info.filename.endswith(".py")]
    compiled = _compile(sources, {info.filename: data for info, data in entries})
    kept = 0
    partial = archive.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            name = info.filename
            if name not in compiled:
                out.writestr(info, data)
            elif keep_source(name):
                kept += 1
                out.writestr(info, data)
                out.writestr(_entry_like(info, _cached_name(name)), compiled[name])
            else:
                out.writestr(_entry_like(info, name + "c"), compiled[name])
    os.replace(partial, archive)
    return {"modules": len(compiled), "with_source": kept}


def _cached_name(source: str) -> str:
    """Where the runtime's Python looks for a source's bytecode: `__pycache__/<name>.cpython-313.pyc`."""
    from .runtime import CACHE_TAG

    folder, _, file = source.rpartition("/")
    return f"{folder}/__pycache__/{file[:-3]}.{CACHE_TAG}.pyc".lstrip("/")


def _entry_like(info: zipfile.ZipInfo, name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=info.date_time)
    entry.external_attr, entry.create_system, entry.compress_type = (
        info.external_attr, info.create_system, zipfile.ZIP_DEFLATED)
    return entry


def _compile(names: list[str], contents: dict[str, bytes]) -> dict[str, bytes]:
    """name -> its .pyc, compiled by the runtime's interpreter without column positions."""
    from .runtime import interpreter

    with tempfile.TemporaryDirectory(prefix="zapisy-bytecode-") as folder:
        for name in names:
            (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / name).write_bytes(contents[name])
        subprocess.run([str(interpreter()), "-X", "no_debug_ranges", "-E", "-s", "-m", "infra.bytecode", folder],
                       input="\n".join(names), text=True, cwd=ROOT, check=True)
        return {name: (Path(folder) / (name + "c")).read_bytes() for name in names}


def _compile_here(folder: Path, names: list[str]) -> None:
    """In the child: each source to `<name>c`; the name recorded in the code is the zip's, relative."""
    for name in names:
        py_compile.compile(str(folder / name), cfile=str(folder / (name + "c")), dfile=name, doraise=True,
                           optimize=0, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)


if __name__ == "__main__":
    _compile_here(Path(sys.argv[1]), [name for name in sys.stdin.read().split("\n") if name])
