"""Jinja2 environments with gettext installed: one per template folder and language, built once.

Binding the translations once per environment keeps rendering thread-safe, and building lazily
keeps Jinja2 off the import path of a cold start that renders nothing.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from . import i18n


@cache
def jinja_environment(template_dir: str, language: str) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(*_escaping_gettext(i18n.translations(language)), newstyle=True)
    return env


def _escaping_gettext(translations: Any) -> tuple[Any, Any]:
    """gettext and ngettext whose translations are text, not markup, where the template autoescapes.

    Jinja2 marks a translation safe as it is, so a "<5" in a message reached the page as a broken
    tag; escaped here, the placeholders are still filled (and escaped) by the i18n extension.
    """
    import jinja2
    from markupsafe import escape

    @jinja2.pass_context
    def gettext(context: Any, message: str) -> Any:
        text = translations.gettext(message)
        return escape(text) if context.eval_ctx.autoescape else text

    @jinja2.pass_context
    def ngettext(context: Any, singular: str, plural: str, n: int) -> Any:
        text = translations.ngettext(singular, plural, n)
        return escape(text) if context.eval_ctx.autoescape else text

    return gettext, ngettext
