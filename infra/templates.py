"""The templates compiled at build time, so a cold Lambda renders without compiling any.

Each folder's templates become Python modules in its compiled twin inside the build directory
(chalicelib/templating.py loads them with Jinja2's ModuleLoader when the twin is there), built
by the same `build_environment` that renders them from sources locally. The sources then leave
the build: nothing in the zip reads them, and a template missing from the twin fails the
package's tests instead of being compiled quietly at a cold start.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from chalicelib.templating import MANIFEST, TemplateFolder, build_environment

from .template import ROOT


def folders() -> tuple[TemplateFolder, ...]:
    """Every template folder the app renders from."""
    from chalicelib.devtools.mailbox import TEMPLATES as OUTBOX
    from chalicelib.emails.render import TEMPLATES as EMAILS
    from chalicelib.web.pages import TEMPLATES as PAGES

    return PAGES, EMAILS, OUTBOX


def compile_folder(folder: TemplateFolder, target: Path) -> list[str]:
    """Compile every template of `folder` into modules in `target`; returns the templates' names.

    A template that does not compile fails the build here rather than a request later.
    """
    import jinja2

    env = build_environment(folder, jinja2.FileSystemLoader(str(folder.path)))
    env.compile_templates(str(target), zip=None, ignore_errors=False)
    names = env.list_templates()
    (target / MANIFEST).write_text("\n".join(names) + "\n", encoding="utf-8")
    return names


def compile_into(build: Path) -> None:
    """In the app copied into `build`, replace each template folder by its compiled twin."""
    for folder in folders():
        compile_folder(folder, build / folder.compiled.relative_to(ROOT))
        shutil.rmtree(build / folder.path.relative_to(ROOT))
