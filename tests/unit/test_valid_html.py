"""Every page is valid HTML: the Nu HTML Checker finds no error on any page, public or dashboard, in
pl, en and uk, on the demo's institutions, projects and events.

The pages are found the way a reader finds them: from the board and the dashboard's event list,
following every link (and every redirect) within the site; the pages only a form leads to (a refused
form, the page after signing up, one's own registration before and after cancelling, the problem
pages) are added by hand. vnu runs once over them all: one JVM, a few seconds.
"""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from chalicelib import auth
from chalicelib.store import registrations as store
from tests.unit.test_dashboard import FORM, login
from tests.vnu import describe, html_errors

pytestmark = pytest.mark.usefixtures("aws")
LANGUAGES = ("pl", "en", "uk")
SKIPPED = re.compile(r"\.(csv|xlsx|pdf|ics|png|svg|jpg|webp)(\?|$)|^/logos/|^/organizer/logout|^/dev/")
HREF = re.compile(r'href="(/[^"]*)"')
PER_LANGUAGE = 400


def _links(page: str) -> list[str]:
    return [unescape(href).split("#")[0] for href in HREF.findall(page)]


def _key(url: str) -> str:
    """Pages that differ only in the reader's language or in the registration shown count once."""
    parts = urlsplit(url)
    query = "&".join(sorted(p for p in parts.query.split("&") if p and not p.startswith("lang=")))
    return f"{parts.path}?{query}"


def crawl(web, starts: list[str], headers: dict[str, str]) -> dict[str, str]:
    """Every HTML page reachable from `starts` by links and redirects, by its URL."""
    found: dict[str, str] = {}
    queue, seen = list(starts), {_key(url) for url in starts}
    while queue and len(found) < PER_LANGUAGE:
        url = queue.pop(0)
        response = web.get(url, headers=headers)
        targets = []
        if response.status_code in (301, 302, 303, 307):
            targets = [response.headers["Location"]]
        elif response.headers.get("Content-Type", "").startswith("text/html"):
            assert response.status_code < 500, (url, response.body[:500])
            found[url] = response.body.decode()
            targets = _links(found[url])
        for target in targets:
            if target.startswith("/") and not SKIPPED.search(target) and _key(target) not in seen:
                seen.add(_key(target))
                queue.append(target)
    return found


def _sign_up(web, event_id: str, language: str) -> tuple[str, str, str]:
    """The refused form, the page after signing up and the new registration's token."""
    headers = {**FORM, "Accept-Language": language}
    refused = web.post(f"/events/{event_id}", headers=headers, body=urlencode({"lang": language}))
    assert refused.status_code == 400
    form = {"lang": language, "name": "Olena Kovalenko", "email": f"olena.{language}@example.org",
            "consent": "yes", "language": language}
    done = web.post(f"/events/{event_id}", headers=headers, body=urlencode(form))
    assert done.status_code == 303, done.body[:500]
    success = web.get(done.headers["Location"], headers={"Accept-Language": language})
    assert success.status_code == 200
    found = [r for r in store.list_registrations(event_id, cursor=None, limit=100)[0] if r.email == form["email"]]
    return refused.body.decode(), success.body.decode(), auth.manage_token(event_id, found[0].registration_id)


def pages_in(web, language: str, event_id: str, cookie: str) -> dict[str, str]:
    """Every page a reader, an organizer and an admin see, in one language."""
    reader = {"Accept-Language": language}
    pages = crawl(web, ["/", "/privacy", "/accessibility", "/no-such-page", "/events/no-such-event",
                        "/manage/not-a-token", "/organizer/login"], reader)
    refused, success, token = _sign_up(web, event_id, language)
    pages |= {"refused form": refused, "signed up": success}
    for asked in ("", "?confirm=cancel", "?confirm=erase"):
        pages[f"/manage/{token}{asked}"] = web.get(f"/manage/{token}{asked}", headers=reader).body.decode()
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', pages[f"/manage/{token}"]).group(1)
    cancelled = web.post(f"/manage/{token}", headers={**FORM, **reader},
                         body=urlencode({"lang": language, "csrf": csrf, "action": "cancel", "sure": "yes"}))
    pages["cancelled"] = cancelled.body.decode()
    pages |= crawl(web, ["/organizer/events"], {**reader, "Cookie": cookie})
    return pages


@pytest.fixture
def demo():
    """The demo's directory and events, as `make run` shows them."""
    from devstack.demo import seed

    return seed()


EMPTY_BOX = re.compile(r'<(p|div) class="notice"[^>]*>\s*</\1>')
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)">')


def test_every_page_is_valid_html(web, demo, tmp_path: Path):
    cookie = login(web, role="admin", project=["re-turn", "epi"], email="admin@zapisy.example.org")
    written = 0
    for language in LANGUAGES:
        for url, page in pages_in(web, language, demo[0], cookie).items():
            assert not EMPTY_BOX.search(page), f"{url} ({language}) shows an empty notice box"
            assert DESCRIPTION.search(page), f"{url} ({language}) has no meta description"
            name = re.sub(r"[^A-Za-z0-9.-]+", "_", url).strip("_")[:150] or "board"
            (tmp_path / f"{language}-{written:04d}-{name}.html").write_text(page, encoding="utf-8")
            written += 1
    assert written > 60, written  # the crawl reached the dashboard's pages, not just the board
    errors = html_errors(tmp_path)
    assert not errors, f"{len(errors)} HTML errors in {written} pages:\n{describe(errors, tmp_path)}"
