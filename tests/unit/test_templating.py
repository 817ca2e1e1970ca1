"""Templates: compiled at build time they render the bytes their sources render, in every language,
through one environment per folder per container that takes the reader's language per render."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from chalicelib import i18n, templating
from chalicelib.emails import render as emails
from chalicelib.templating import TemplateFolder
from chalicelib.web import pages
from infra.templates import compile_folder, folders
from tests.conftest import ROOT
from tests.factories import funded_project, published_event
from tests.unit.test_dashboard import login

LANGUAGES = ("pl", "en", "uk")
SIGNED_UP = ("You signed up for %(count)s session:", "You signed up for %(count)s sessions:")
SMALL = {  # a macro imported without context, a plural block, a value that waits for the other renders
    "page.html": '{% from "_notes.html" import when %}{{ _("When:") }}|{{ pause }}|{{ when() }}|'
                 '{% trans count=n %}You signed up for {{ count }} session:{% pluralize %}'
                 'You signed up for {{ count }} sessions:{% endtrans %}',
    "_notes.html": '{% macro when() %}{{ _("When:") }}{% endmacro %}',
    "mark.html": '{{ _("Seats: %(n)s", n=value) }}',
    "mark.txt": '{{ _("Seats: %(n)s", n=value) }}',
}


def _twin(folder: TemplateFolder, where: Path) -> TemplateFolder:
    """The folder as the zip has it: its templates compiled beside it; its sources are not there."""
    twin = TemplateFolder(where / "templates", folder.filters)
    compile_folder(folder, twin.compiled)
    assert not twin.path.exists()
    return twin


@pytest.fixture(params=["sources", "compiled"])
def small(request, tmp_path) -> TemplateFolder:
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in SMALL.items():
        (sources / name).write_text(text)
    folder = TemplateFolder(sources)
    return folder if request.param == "sources" else _twin(folder, tmp_path / "zip")


def _expected(language: str, n: int) -> str:
    translations = i18n.translations(language)
    when = translations.gettext("When:")
    return f"{when}||{when}|{translations.ngettext(*SIGNED_UP, n) % {'count': n}}"


def test_concurrent_renders_in_different_languages_each_get_their_own(small):
    """Every render has set its language and stopped in the middle before any goes on (chalice local
    serves on threads): a language bound anywhere shared would reach the others' texts."""
    renders = [(language, n) for language in LANGUAGES for n in (1, 3, 5)]
    all_started = threading.Barrier(len(renders), timeout=30)

    class Pause:
        def __html__(self) -> str:
            all_started.wait()
            return ""

    got: dict[tuple[str, int], str] = {}

    def run(language: str, n: int) -> None:
        got[language, n] = small.render("page.html", language, pause=Pause(), n=n)

    threads = [threading.Thread(target=run, args=render) for render in renders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == {(language, n): _expected(language, n) for language, n in renders}
    assert len({got[language, 5] for language in LANGUAGES}) == 3  # really three languages


def test_translated_text_is_escaped_where_the_template_escapes(small, monkeypatch):
    class Shouting:
        def __init__(self, language: str) -> None:
            self.language = language

        def gettext(self, message: str) -> str:
            return f"<{self.language}> {message}"

    monkeypatch.setattr(i18n, "translations", Shouting)
    assert small.render("mark.html", "uk", value="<b>") == "&lt;uk&gt; Seats: &lt;b&gt;"
    assert small.render("mark.txt", "pl", value="<b>") == "<pl> Seats: <b>"


def test_a_template_rendered_without_a_language_says_so(small):
    with pytest.raises(RuntimeError, match="without a language"):
        templating.environment(small).get_template("page.html").render(pause="", n=1)


def _sample(web, event_id: str, cookie: str, languages: tuple[str, ...] = LANGUAGES) -> dict[tuple[str, str], str]:
    """Pages (imported macros, includes, plurals) and every e-mail, each language in turn per page."""
    found = {}
    for path in ("/events", f"/events/{event_id}", "/privacy", "/accessibility", f"/organizer/events/{event_id}"):
        for language in languages:
            response = web.get(f"{path}?lang={language}", headers={"Cookie": cookie})
            assert response.status_code == 200, (path, response.body[:300])
            found[path, language] = response.body.decode()
    for kind in emails.EMAIL_KINDS:
        for language in languages:
            content = emails.render_email(kind, language, emails.sample_context(language))
            found[kind, language] = content.text + content.html
    return found


@pytest.mark.usefixtures("aws")
def test_compiled_templates_render_the_same_bytes_as_their_sources(web, monkeypatch, tmp_path):
    """Against the reference of one environment per language (as before): one shared environment,
    from sources and from compiled modules, renders byte for byte the same in pl, en and uk."""
    funded_project()
    event_id = published_event().event_id
    cookie = login(web)
    monkeypatch.setattr("secrets.token_urlsafe", lambda size=None: "nonce")
    reference = {}
    for language in LANGUAGES:
        templating.reset_environments()
        reference.update(_sample(web, event_id, cookie, (language,)))
    templating.reset_environments()
    shared = _sample(web, event_id, cookie)
    monkeypatch.setattr(pages, "TEMPLATES", _twin(pages.TEMPLATES, tmp_path / "web"))
    monkeypatch.setattr(emails, "TEMPLATES", _twin(emails.TEMPLATES, tmp_path / "emails"))
    compiled = _sample(web, event_id, cookie)
    assert type(templating.environment(pages.TEMPLATES).loader).__name__ == "ModuleLoader"
    assert shared == reference
    assert compiled == reference
    assert "Коли:" in compiled["confirmation", "uk"] and "Kiedy:" in compiled["confirmation", "pl"]


ONE_PER_FOLDER = """
import jinja2, json
made = []
init = jinja2.Environment.__init__
def counting(self, *args, **kwargs):
    made.append(self)
    init(self, *args, **kwargs)
jinja2.Environment.__init__ = counting
from chalicelib.emails.render import EMAIL_KINDS, render_email, sample_context
from chalicelib.web.gateway import _html, ANSWERS
for _ in range(3):
    for language in ("pl", "en", "uk"):
        for kind in EMAIL_KINDS:
            render_email(kind, language, sample_context(language))
        _html(ANSWERS["THROTTLED"], (language, "pl"))
print(json.dumps(len(made)))
"""


def test_one_environment_per_template_folder_per_container():
    """A fresh process renders every e-mail and the gateway's page in three languages, thrice: two
    folders, two environments."""
    done = subprocess.run([sys.executable, "-c", ONE_PER_FOLDER], cwd=ROOT, env=os.environ, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == 2


def test_every_template_folder_is_compiled_by_the_build():
    found = {path for path in (ROOT / "chalicelib").rglob("templates") if path.is_dir()}
    assert found == {folder.path for folder in folders()}


def test_templates_imported_without_context_translate_only_inside_their_macros():
    """Such a template's module is made once per environment, that is for every language: a text it
    translated outside a macro would stay in the language of the first render that imported it."""
    from jinja2 import nodes

    checked = 0
    for folder in folders():
        env = templating.environment(folder)
        trees = {name: env.parse(env.loader.get_source(env, name)[0]) for name in env.list_templates()}
        imported = {node.template.value for tree in trees.values()
                    for node in tree.find_all((nodes.Import, nodes.FromImport)) if not node.with_context}
        checked += len(imported)
        for name in imported:
            in_macros = {id(call) for macro in trees[name].find_all(nodes.Macro) for call in macro.find_all(nodes.Call)}
            outside = [call.lineno for call in trees[name].find_all(nodes.Call) if id(call) not in in_macros
                       and isinstance(call.node, nodes.Name) and call.node.name in ("_", "gettext", "ngettext")]
            assert outside == [], f"{folder.path.name}/{name} translates outside a macro on lines {outside}"
    assert checked >= 5  # the e-mails' and the pages' macros
