"""Whose service a page is: the institution in the header and footer and, on an event's pages, the
project that funds it — its name, its funding line and, where the project shows it, the EU emblem
with "Co-funded by the European Union" in the page's language."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cache
from typing import Any

from markupsafe import Markup

from ..fields import pick_language
from ..i18n import gettext
from ..institutions.emblem import COFUNDED, FLAG, emblem_svg
from ..institutions.views import address_line, logo_url
from ..records import Project

logger = logging.getLogger(__name__)


@cache
def emblem(language: str) -> Markup:
    """The EU emblem as inline SVG, named for screen readers in the page's language."""
    return Markup(emblem_svg(gettext(language, FLAG)))


def identity(language: str, project_ids: Sequence[str] = ()) -> dict[str, Any]:
    """The institution and the projects a page is about (one on an event's pages, those of the listed
    events on the board). The institution is theirs if they share one, else the one the site speaks for."""
    from ..institutions.recent import Directory, directory

    try:
        found = directory()
    except Exception:  # the directory is the page's frame: an error page must still show when the table fails
        logger.warning("directory unavailable; page shown without the institution", exc_info=True)
        found = Directory()
    projects = [p for p in (found.project(i) for i in dict.fromkeys(project_ids)) if p is not None]
    owners = {p.institution_id for p in projects}
    institution = found.institutions.get(owners.pop()) if len(owners) == 1 else found.host()
    context: dict[str, Any] = {"institution": None, "projects": [_project(p, language) for p in projects]}
    context["project"] = context["projects"][0] if len(projects) == 1 else None
    cofunded = [p for p in context["projects"] if p["eu_emblem"]]  # one emblem for all the EU co-funded
    context["bands"] = ([cofunded] if cofunded else []) + [[p] for p in context["projects"] if not p["eu_emblem"]]
    if institution is not None:
        context["institution"] = {
            "name": pick_language(institution.name, language), "logo": logo_url(institution.logo),
            "address": address_line(institution.address),
            "email": institution.email, "phone": institution.phone, "website": institution.website}
    return context


def _project(project: Project, language: str) -> dict[str, Any]:
    return {"name": pick_language(project.name, language), "funding": pick_language(project.funding, language),
            "programme": pick_language(project.programme, language), "eu_emblem": project.eu_emblem,
            "emblem": emblem(language) if project.eu_emblem else "", "cofunded": gettext(language, COFUNDED),
            "logos": [logo_url(logo) for logo in project.funder_logos], "id": project.project_id}


def description(text: str, limit: int = 160) -> str:
    """A page's `<meta name="description">`: the first words of a text, on one line, at most `limit` characters."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    return words[:limit - 1].rsplit(" ", 1)[0] + "…"
