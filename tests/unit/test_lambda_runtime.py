"""The runtime's CPython here: a 3.13 the machine has is linked; `--build` builds Debian's instead."""
from __future__ import annotations

from pathlib import Path

import pytest

from infra import runtime


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Path]]:
    """The real interpreter, and the folders a (stand-in) Debian build was asked to build into."""
    real = runtime.interpreter().resolve()  # make test provides it before the suite runs
    monkeypatch.setattr(runtime, "HOME", tmp_path / "lambda-python")
    monkeypatch.setattr(runtime, "INTERPRETER", tmp_path / "lambda-python" / "bin" / runtime.RUNTIME)
    monkeypatch.setattr(runtime, "_found", lambda: real)
    built: list[Path] = []

    def build_from_debian(target: Path) -> Path:
        built.append(target)
        (target / "bin").mkdir(parents=True)
        (target / "bin" / runtime.RUNTIME).symlink_to(real)
        return target / "bin" / runtime.RUNTIME

    monkeypatch.setattr(runtime, "build_from_debian", build_from_debian)
    return real, built


def test_a_python_of_the_runtime_on_the_machine_is_linked_and_kept(home):
    real, built = home
    linked = runtime.provide()
    assert linked.resolve() == real and built == []
    assert runtime.provide() == linked and built == []  # a working one is kept


def test_build_replaces_a_linked_python_with_debian_s_built_from_source(home):
    _, built = home
    runtime.provide()
    runtime.provide(build=True)
    assert built == [runtime.HOME]
    assert runtime.INTERPRETER.exists()
