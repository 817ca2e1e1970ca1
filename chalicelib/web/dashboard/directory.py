"""The directory's dashboard pages: the institutions and projects lists with their "add" forms, and
each record's page with every field, per language where it is text, and its logos.

Administrators edit everything; an organizer sees the projects they work in, read only (the
funding line and the privacy notice participants see), and no institution page.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from chalice import Response

from ...errors import Text
from ...i18n import N_, babel_locale
from ...institutions.emblem import emblem_svg
from ...institutions.logos import MAX_BYTES, MAX_PIXELS
from ...institutions.spec import STATUSES
from ...records import Institution, Project
from ...vocabulary.collation import sort_for
from .. import views
from ..directory_form import institution_values, project_values
from .layout import Viewer, render

INSTITUTIONS = "/organizer/institutions"
PROJECTS = "/organizer/projects"
MAX_FUNDER_LOGOS = 6
LOCALIZED = {"name", "controller", "accessibility_exceptions", "accessibility_premises", "programme", "funding",
             "purposes", "legal_basis", "recipients"}
LABELS = {  # in the order of the forms
    "id": N_("Short id"), "institution": N_("Institution"), "name": N_("Name of the institution"),
    "address": N_("Address"),
    "email": N_("E-mail"), "phone": N_("Phone"), "website": N_("Website"),
    "controller": N_("Controller of personal data"), "dpo_name": N_("Data protection officer"),
    "dpo_email": N_("Data protection officer's e-mail"), "dpo_phone": N_("Data protection officer's phone"),
    "accessibility_contact": N_("Contact person for accessibility"),
    "accessibility_email": N_("E-mail for accessibility"), "accessibility_phone": N_("Phone for accessibility"),
    "accessibility_status": N_("Compliance status"), "statement_published": N_("Statement published on"),
    "statement_updated": N_("Statement last updated on"),
    "accessibility_exceptions": N_("What is not accessible, and why"),
    "accessibility_premises": N_("Accessibility of the premises"),
    "programme": N_("Funding programme"), "funding": N_("Funding statement"), "eu_emblem": N_("EU emblem"),
    "purposes": N_("Purposes of processing"), "legal_basis": N_("Legal basis"), "recipients": N_("Recipients"),
    "logo": N_("Logo"), "body": N_("Form"),
}
PROJECT_LABELS = {**LABELS, "name": N_("Name of the project")}
STATUS_LABELS = {"full": N_("Fully compliant"), "partial": N_("Partially compliant"), "none": N_("Not compliant")}
DONE = {"created": N_("Added. Fill in the rest of the details below."), "saved": N_("Changes saved."),
        "logo": N_("Logo uploaded."), "logo_removed": N_("Logo removed.")}
IMAGES_TOO = ("img-src data:", "img-src 'self' data:")  # logos are served by this site, at /logos/<id>


def _with_logos(response: Response) -> Response:
    """These pages show uploaded logos: images from this site are allowed, nothing else changes."""
    policy = response.headers.get("Content-Security-Policy", "")
    response.headers["Content-Security-Policy"] = policy.replace(*IMAGES_TOO)
    return response


def _summary(errors: dict[str, Text], languages: tuple[str, ...], language: str,
             labels: dict[str, str]) -> list[dict[str, str]]:
    """The error summary in the order of the form: where to go, the field's name, the message."""
    order = list(labels)

    def anchor(key: str) -> str:
        if key in LOCALIZED:
            return f"f-{key}-{languages[0]}"
        if key == "accessibility_status":
            return f"f-{key}-{STATUSES[0]}"
        return "main" if key == "body" else f"f-{key}"

    keys = sorted(errors, key=lambda k: order.index(k) if k in order else len(order))
    return [{"anchor": anchor(key), "label": views.say(language, Text(labels[key])) if key in labels else "",
             "message": views.say(language, errors[key])} for key in keys]


def _form_context(viewer: Viewer, errors: dict[str, Text] | None, languages: tuple[str, ...],
                  labels: dict[str, str] = LABELS) -> dict[str, Any]:
    errors = errors or {}
    return {"errors": {key: views.say(viewer.language, message) for key, message in errors.items()},
            "summary": _summary(errors, languages, viewer.language, labels)}


def _notice(viewer: Viewer, done: str) -> str:
    return viewer.say(Text(DONE[done])) if done in DONE else ""


def _long_date(value: date | None, language: str) -> str:
    from babel.dates import format_date

    return format_date(value, format="d MMMM y", locale=babel_locale(language)) if value else ""  # no trailing "р."


def _logo_limits(viewer: Viewer) -> str:
    return viewer.say(Text("PNG or SVG, at most %(size)s KB and %(pixels)s pixels wide and high.",
                           {"size": MAX_BYTES // 1024, "pixels": MAX_PIXELS}))


def _institution_row(viewer: Viewer, institution: Institution, projects: list[Project]) -> dict[str, Any]:
    return {"id": institution.institution_id, "name": views.pick(institution.name, viewer.language),
            "email": institution.email, "logo": bool(institution.logo),
            "projects": sort_for(viewer.language, [views.pick(p.name, viewer.language) or p.project_id for p in projects
                                                   if p.institution_id == institution.institution_id])}


def _project_row(viewer: Viewer, project: Project, overview: Any) -> dict[str, Any]:
    owner = overview.institution(project.institution_id)
    return {"id": project.project_id, "name": views.pick(project.name, viewer.language) or project.project_id,
            "institution": views.pick(owner.name, viewer.language) if owner else project.institution_id,
            "programme": views.pick(project.programme, viewer.language), "eu_emblem": project.eu_emblem,
            "version": project.privacy_version}


def institutions_page(viewer: Viewer, overview: Any, languages: tuple[str, ...], *,
                      errors: dict[str, Text] | None = None, values: dict[str, str] | None = None,
                      status: int = 200) -> Response:
    """Every institution, and the form to add one (its id and name; the rest on its own page)."""
    rows = sort_for(viewer.language, (_institution_row(viewer, i, overview.projects) for i in overview.institutions),
                    key=lambda row: row["name"])
    return render(viewer, "organizer/institutions.html", path=INSTITUTIONS, status=status, institutions=rows,
                  values=values or {}, **_form_context(viewer, errors, languages))


def institution_page(viewer: Viewer, institution: Institution, overview: Any, languages: tuple[str, ...], *,
                     done: str = "", errors: dict[str, Text] | None = None, values: dict[str, str] | None = None,
                     status: int = 200) -> Response:
    """Every field of one institution, its logo, and its projects."""
    language = viewer.language
    page = render(
        viewer, "organizer/institution.html", path=f"{INSTITUTIONS}/{institution.institution_id}", status=status,
        item={"id": institution.institution_id, "name": views.pick(institution.name, language) or
              institution.institution_id, "logo": institution.logo},
        values=values if values is not None else institution_values(institution, languages),
        statuses=[(s, viewer.say(Text(STATUS_LABELS[s]))) for s in STATUSES], notice=_notice(viewer, done),
        logo_limits=_logo_limits(viewer),
        projects=sort_for(language, (_project_row(viewer, p, overview) for p in overview.projects
                                     if p.institution_id == institution.institution_id), key=lambda row: row["name"]),
        **_form_context(viewer, errors, languages))
    return _with_logos(page)


def projects_page(viewer: Viewer, overview: Any, languages: tuple[str, ...], *,
                  errors: dict[str, Text] | None = None, values: dict[str, str] | None = None,
                  status: int = 200) -> Response:
    """The projects the viewer works in (every one for an administrator), and the form to add one."""
    rows = sort_for(viewer.language, (_project_row(viewer, p, overview) for p in overview.projects),
                    key=lambda row: row["name"])
    choices = _institution_choices(viewer, overview)
    if len(choices) > 1:  # no silent default: which one is a choice to make
        choices.insert(0, ("", viewer.say(Text("Choose an institution"))))
    return render(viewer, "organizer/projects.html", path=PROJECTS, status=status, projects=rows,
                  institutions=choices, values=values or {},
                  **_form_context(viewer, errors, languages, PROJECT_LABELS))


def _institution_choices(viewer: Viewer, overview: Any) -> list[tuple[str, str]]:
    return sort_for(viewer.language, ((i.institution_id, views.pick(i.name, viewer.language) or i.institution_id)
                                      for i in overview.institutions), key=lambda choice: choice[1])


def _indicator_choices(viewer: Viewer) -> list[tuple[str, str, bool]]:
    """(id, question, whether it is in the ESF+ set only) for the project's indicator checkboxes."""
    from ...vocabulary.indicators import INDICATORS, PRESETS

    return [(key, viewer.say(Text(indicator.label)), key not in PRESETS["amif"])
            for key, indicator in INDICATORS.items()]


def project_page(viewer: Viewer, project: Project, overview: Any, languages: tuple[str, ...], *, done: str = "",
                 errors: dict[str, Text] | None = None, values: dict[str, str] | None = None,
                 status: int = 200) -> Response:
    """One project: its form for an administrator, what it says for an organizer; its funders' logos."""
    language = viewer.language
    values = values if values is not None else project_values(project, languages)
    owner = overview.institution(project.institution_id)
    page = render(
        viewer, "organizer/project.html", path=f"{PROJECTS}/{project.project_id}", status=status,
        item={"id": project.project_id, "name": views.pick(project.name, language) or project.project_id,
              "institution": views.pick(owner.name, language) if owner else project.institution_id,
              "logos": project.funder_logos, "room": MAX_FUNDER_LOGOS - len(project.funder_logos),
              "version": project.privacy_version, "changed": _long_date(project.privacy_changed, language),
              "eu_emblem": project.eu_emblem},
        texts={name: views.pick(getattr(project, name), language) for name in LOCALIZED if hasattr(project, name)},
        values=values, institutions=_institution_choices(viewer, overview), notice=_notice(viewer, done),
        emblem=emblem_svg(viewer.say(Text("Flag of the European Union"))), logo_limits=_logo_limits(viewer),
        max_logos=MAX_FUNDER_LOGOS, indicator_choices=_indicator_choices(viewer),
        **_form_context(viewer, errors, languages, PROJECT_LABELS))
    return _with_logos(page)
