"""The import-linter contracts name every route module, so a new one cannot slip past "routes only"."""
from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = {"shared", "door", "__init__"}  # what the routes of one door share: not routes themselves


def route_modules() -> set[str]:
    handlers = ROOT / "chalicelib" / "handlers"
    return {f"chalicelib.handlers.{path.parent.name}.{path.stem}"
            for path in handlers.glob("*/*.py") if path.stem not in SHARED}


def test_every_route_module_is_in_the_routes_only_contract():
    contracts = configparser.ConfigParser()
    contracts.read(ROOT / ".importlinter")
    named = set(contracts["importlinter:contract:routes"]["modules"].split())
    assert route_modules() - named == set()
    assert named - route_modules() == set()  # nor one that is gone
