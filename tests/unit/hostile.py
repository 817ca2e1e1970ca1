"""Hostile text for the security tests, and the checks that a page or an e-mail kept it inert."""
from __future__ import annotations

from html.parser import HTMLParser

RLO = "\u202e"  # right-to-left override: turns "exe.pdf" into "fdp.exe" on screen
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}


def hostile(tag: str) -> str:
    """Markup, an attribute break-out, a template expression and a bidi override, marked by `tag`.

    Short enough for every field it goes into (a name takes 120 characters).
    """
    return (f'<script>alert("{tag}")</script>"><img src=x onerror=alert(1)>'
            f"</title><svg onload=alert(1)>[[{{{{7*7}}}}]]{RLO}")


def shown(tag: str) -> str:
    """What a reader must see of `hostile(tag)`: all of it as text, the bidi override taken out."""
    return hostile(tag).replace(RLO, "")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append((tag, values))
        self.texts.extend(values.values())
        self._in_script = tag == "script"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.texts).append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def assert_inert(html: str, *tags: str, reflected: bool = False) -> None:
    """The page shows each tagged payload as text, and nothing in it runs.

    No element carries an event handler, no script lacks the page's nonce or speaks of `alert`,
    no link or form points at `javascript:`, and `{{7*7}}` was not evaluated. Stored text must
    have lost its bidi override; a page that merely echoes what its reader typed (`reflected`)
    may keep it.
    """
    page = parse(html)
    for tag, attrs in page.elements:
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, f"<{tag}> with {handlers}"
        for name in URL_ATTRIBUTES & set(attrs):
            assert not attrs[name].strip().lower().startswith(("javascript:", "data:text", "vbscript:")), (tag, attrs)
        if tag == "script":
            assert attrs.get("nonce"), "a script without the page's nonce"
    assert not any("alert(" in script for script in page.scripts)
    text = "\n".join(page.texts)
    assert "[[49]]" not in text
    for tag in tags:
        assert shown(tag) in text.replace(RLO, ""), f"{tag} is not shown as text"
    if not reflected:
        assert RLO not in html


def assert_inert_text(text: str, *tags: str) -> None:
    """A plain-text part or a file: the payload is there as typed, minus the bidi override."""
    assert "[[49]]" not in text
    for tag in tags:
        assert shown(tag) in text, f"{tag} is missing"
    assert RLO not in text
