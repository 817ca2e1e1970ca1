"""Run the benchmarks, record them in docs/benchmarks.md, print the headline figures.

    python -m bench.run                    # every benchmark
    python -m bench.run reminders          # only these; the other sections of the report are kept
    python -m bench.run --only coldstart   # the same (`make bench ONLY=coldstart`)

Progress goes to stderr. The last line on stdout is one JSON object with the headline figures.
"""
from __future__ import annotations

import json
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from . import coldstart, costs, evidence, exports, hot_opening, package_size, registration, reminders, startup

Benchmark = Callable[[], dict[str, Any]]

# (name, function). A benchmark's module may define TITLE, FIGURES ({key: one-line meaning}),
# HEADLINE ({printed name: key of the result}) and NOTES (sentences shown under its table).
BENCHMARKS: list[tuple[str, Benchmark]] = [
    ("startup", startup.run),
    ("coldstart", coldstart.run),
    ("registration", registration.run),
    ("hot_opening", hot_opening.run),
    ("reminders", reminders.run),
    ("exports", exports.run),
    ("evidence", evidence.run),
    ("costs", costs.run),
    ("package", package_size.run),
]

REPORT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
INTRO = """# Benchmarks

`make bench` runs every benchmark in `bench/` and rewrites its section below
(`make bench ONLY=coldstart`, or `python -m bench.run coldstart`, runs only that one and keeps
the other sections). AWS is [moto](https://docs.getmoto.org/), in-process or as a local server:
call counts are what AWS would receive, while seconds are this machine running our code
together with botocore and the emulator. A block between `<!-- kept:NAME -->` and
`<!-- /kept:NAME -->` is written by hand and stays below the section NAME.
"""


def _log(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def _meminfo_gib() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 ** 2:.1f} GiB RAM"
    except OSError:
        pass
    return "RAM unknown"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    return (f"{platform.system()} {platform.machine()}, {_cpu_model()}, "
            f"{os.cpu_count()} CPUs, {_meminfo_gib()}, Python {platform.python_version()}")


def _module_of(function: Benchmark) -> ModuleType:
    return sys.modules[function.__module__]


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "<br>".join(f"`{key}`: {_value(inner)}" for key, inner in value.items()) or "none"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def section(name: str, function: Benchmark, result: dict[str, Any], when: datetime, seconds: float) -> str:
    module = _module_of(function)
    figures: dict[str, str] = getattr(module, "FIGURES", {})
    about = (module.__doc__ or "").strip().split("\n\n")
    lines = [f"<!-- bench:{name} -->", f"## {getattr(module, 'TITLE', name)} (`{name}`)", "",
             f"Measured {when:%Y-%m-%d %H:%M} on {machine()}; the benchmark took {seconds:.0f} s.", ""]
    lines += [" ".join(paragraph.split()) + "\n" for paragraph in about[1:]]
    lines += ["| figure | value | what it is |", "|---|---|---|"]
    for key in [*figures, *(k for k in result if k not in figures)]:
        if key in result:
            lines.append(f"| `{key}` | {_value(result[key])} | {figures.get(key, '')} |")
    notes = getattr(module, "NOTES", ())
    if notes:
        lines += ["", *(f"- {note}" for note in notes)]
    lines += [f"<!-- /bench:{name} -->", ""]
    return "\n".join(lines)


def _existing_sections(text: str, kind: str = "bench") -> dict[str, str]:
    pattern = re.compile(rf"^<!-- {kind}:(?P<name>[\w-]+) -->\n.*?^<!-- /{kind}:(?P=name) -->\n?",
                         re.DOTALL | re.MULTILINE)  # markers on lines of their own, not the ones quoted above
    return {match["name"]: match[0].rstrip("\n") + "\n" for match in pattern.finditer(text)}


def write_report(new_sections: dict[str, str]) -> None:
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    old, kept = _existing_sections(text), _existing_sections(text, "kept")
    known = [name for name, _ in BENCHMARKS]
    merged = {**old, **new_sections}
    names = [n for n in known if n in merged] + [n for n in merged if n not in known]
    ordered = [merged[n] + ("\n" + kept[n] if n in kept else "") for n in names]
    ordered += [block for n, block in kept.items() if n not in merged]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(INTRO + "\n" + "\n".join(ordered), encoding="utf-8")


def headline(function: Benchmark, result: dict[str, Any]) -> dict[str, Any]:
    wanted: dict[str, str] = getattr(_module_of(function), "HEADLINE", {})
    return {printed: result[key] for printed, key in wanted.items()}


def main(argv: list[str]) -> int:
    argv = [name for name in argv if name != "--only"]
    chosen = [(name, fn) for name, fn in BENCHMARKS if not argv or name in argv]
    unknown = set(argv) - {name for name, _ in BENCHMARKS}
    if unknown:
        _log(f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(n for n, _ in BENCHMARKS)}")
        return 2
    figures: dict[str, Any] = {}
    for name, function in chosen:
        when = datetime.now()
        _log(f"{name}: running")
        started = time.perf_counter()
        with redirect_stdout(sys.stderr):  # stdout carries only the final JSON line
            result = function()
        seconds = time.perf_counter() - started
        _log(f"{name}: done in {seconds:.0f} s\n{json.dumps(result, indent=2, ensure_ascii=False)}")
        # written at once: a later benchmark reads an earlier one's figures (costs prices coldstart's)
        write_report({name: section(name, function, result, when, seconds)})
        figures.update(headline(function, result))
    _log(f"wrote {REPORT.relative_to(REPORT.parent.parent)}")
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
