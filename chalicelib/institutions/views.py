"""Institutions and projects as the API shows them: the fields an administrator sets, by their names."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from ..records import Institution, Project


def address_line(address: str) -> str:
    """A postal address on one line (it is entered on several): "al. IX Wieków Kielc 3, 25-516 Kielce"."""
    return ", ".join(line.strip() for line in address.splitlines() if line.strip())


def logo_url(logo_id: str | None) -> str | None:
    return f"/logos/{logo_id}" if logo_id else None


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in values.items()}


def institution_view(institution: Institution) -> dict[str, Any]:
    values = asdict(institution)
    values["id"] = values.pop("institution_id")
    values["logo"] = logo_url(values["logo"])
    return _plain(values)


def project_view(project: Project) -> dict[str, Any]:
    values = asdict(project)
    values["id"] = values.pop("project_id")
    values["institution"] = values.pop("institution_id")
    values["funder_logos"] = [{"id": logo, "url": logo_url(logo)} for logo in values["funder_logos"]]
    return _plain(values)
