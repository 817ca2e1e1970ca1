"""Jinja2 templates: one environment per template folder per container, the reader's language per render.

Compiling a template (parsing it, generating and compiling Python) costs a cold start more than
rendering it, so the deployment zip carries every folder's templates compiled at build time
(infra/templates.py) beside the folder, and a folder with that twin loads from it; without one
(local runs, tests) templates compile from their sources at first use. Both are built by
`build_environment`, so the compiled code cannot drift from what the sources would give.

The language is bound per render in a context variable, not in the environment: every thread has
its own (chalice local serves requests on threads), and a macro imported without context, whose
template module the environment caches for every language, still translates in the language of
the render that calls it. Jinja2 is imported at first use: a cold start that renders nothing
never loads it.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import i18n

COMPILED_SUFFIX = "_compiled"
MANIFEST = "templates.txt"  # in a compiled twin: the names of its templates (its modules' names are hashes)

_language: ContextVar[str] = ContextVar("template_language")
_environments: dict[TemplateFolder, Any] = {}
_building = threading.Lock()


@dataclass(frozen=True)
class TemplateFolder:
    """A folder of templates and the filters they use (a filter must exist when a template compiles)."""

    path: Path
    filters: tuple[tuple[str, Callable[..., Any]], ...] = ()

    @property
    def compiled(self) -> Path:
        """Where the build puts the folder's templates compiled to Python modules."""
        return self.path.with_name(self.path.name + COMPILED_SUFFIX)

    def names(self) -> list[str]:
        """Every template of the folder, as the build listed them in the twin, or found among the sources."""
        manifest = self.compiled / MANIFEST
        if manifest.is_file():
            return manifest.read_text(encoding="utf-8").split()
        return list(environment(self).list_templates())

    def render(self, name: str, language: str, /, **context: Any) -> str:
        """Template `name` rendered with `context`, its texts translated into `language`."""
        bound = _language.set(language)
        try:
            return environment(self).get_template(name).render(context)
        finally:
            _language.reset(bound)


def environment(folder: TemplateFolder) -> Any:
    """The folder's environment, built once per container: from its compiled twin when there is one."""
    found = _environments.get(folder)
    if found is None:
        with _building:
            found = _environments.get(folder)
            if found is None:
                import jinja2

                loader = (jinja2.ModuleLoader(str(folder.compiled)) if folder.compiled.is_dir()
                          else jinja2.FileSystemLoader(str(folder.path)))
                found = _environments[folder] = build_environment(folder, loader)
    return found


def reset_environments() -> None:
    """Forget the built environments (tests that swap template folders or catalogs)."""
    with _building:
        _environments.clear()


def build_environment(folder: TemplateFolder, loader: Any) -> Any:
    """The folder's environment over `loader`: the one definition used to render and to compile.

    Syntax, extensions, policies, newstyle gettext and filters all shape the compiled code.
    """
    import jinja2

    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(*_escaping_gettext(), newstyle=True)
    env.filters.update(folder.filters)
    return env


def _translations() -> Any:
    try:
        return i18n.translations(_language.get())
    except LookupError:
        raise RuntimeError("a template was rendered without a language: render it with TemplateFolder.render") from None


def _escaping_gettext() -> tuple[Any, Any]:
    """gettext and ngettext in the render's language, whose translations are text, not markup, where
    the template autoescapes.

    Jinja2 marks a translation safe as it is, so a "<5" in a message reached the page as a broken
    tag; escaped here, the placeholders are still filled (and escaped) by the i18n extension.
    """
    import jinja2
    from markupsafe import escape

    @jinja2.pass_context
    def gettext(context: Any, message: str) -> Any:
        text = _translations().gettext(message)
        return escape(text) if context.eval_ctx.autoescape else text

    @jinja2.pass_context
    def ngettext(context: Any, singular: str, plural: str, n: int) -> Any:
        text = _translations().ngettext(singular, plural, n)
        return escape(text) if context.eval_ctx.autoescape else text

    return gettext, ngettext
