"""`make bench` writes each benchmark's section as soon as it ends: the cost benchmark prices the cold
starts the coldstart benchmark measured in the same run, not those of the run before."""
from __future__ import annotations

from bench import run


def first() -> dict:
    return {"figure": 1}


def second() -> dict:
    """Reads the report as the cost benchmark does."""
    return {"figure": int("| `figure` | 1 |" in run.REPORT.read_text(encoding="utf-8"))}


def test_a_benchmark_reads_the_figures_an_earlier_one_of_the_same_run_wrote(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "REPORT", tmp_path / "benchmarks.md")
    monkeypatch.setattr(run, "BENCHMARKS", [("first", first), ("second", second)])
    assert run.main([]) == 0
    report = run.REPORT.read_text(encoding="utf-8")
    assert "<!-- bench:first -->" in report and "<!-- bench:second -->" in report
    assert report.count("| `figure` | 1 |") == 2  # the second saw the first's figure
