"""store/directory.py in memory."""
from __future__ import annotations

from chalicelib.records import Institution, Logo, Project

from .state import state


def load_institution(institution_id: str) -> Institution | None:
    return state().institutions.get(institution_id)


def load_project(project_id: str) -> Project | None:
    return state().projects.get(project_id)


def save_institution(institution: Institution) -> None:
    state().institutions[institution.institution_id] = institution


def save_project(project: Project) -> None:
    state().projects[project.project_id] = project


def list_institutions() -> list[Institution]:
    return [state().institutions[k] for k in sorted(state().institutions)]


def list_projects() -> list[Project]:
    return [state().projects[k] for k in sorted(state().projects)]


def list_directory() -> tuple[list[Institution], list[Project]]:
    return list_institutions(), list_projects()


def save_logo(logo: Logo) -> None:
    state().logos[logo.logo_id] = logo


def load_logo(logo_id: str) -> Logo | None:
    return state().logos.get(logo_id)


def delete_logo(logo_id: str) -> None:
    state().logos.pop(logo_id, None)
