"""Helpers for the browser tests: the browser, viewports, screenshots, accessibility, page weight.

The browser is Debian's chromium (`make chromium` installs it), driven by Playwright; Playwright's
own browser downloads are never used.
"""
from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

# An Android phone's user agent; {major} is the running chromium's major version.
PHONE_USER_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/{major}.0.0.0 Mobile Safari/537.36")
VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
              "has_touch": True, "user_agent": PHONE_USER_AGENT},
    "desktop": {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1},
}
# Every page starts in the same place and time zone, so renderings and dates don't depend on the machine.
CONTEXT_DEFAULTS: dict[str, Any] = {"locale": "pl-PL", "timezone_id": "Europe/Warsaw"}

# Lighthouse's mobile profile: a mid-range phone on a slow 4G connection.
SLOW_PHONE_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_638_400 // 8,
                      "uploadThroughput": 768_000 // 8}
SLOW_PHONE_CPU = 4


def launch_chromium(playwright: Playwright) -> Browser:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make chromium` installs Debian's chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def new_context(browser: Browser, viewport: str, *, base_url: str | None = None, **options: Any) -> BrowserContext:
    """A fresh context (no cookies, no cache) at one of VIEWPORTS; `options` override anything."""
    settings = {**CONTEXT_DEFAULTS, **VIEWPORTS[viewport], **options}
    if "{major}" in settings.get("user_agent", ""):
        settings["user_agent"] = settings["user_agent"].format(major=browser.version.split(".")[0])
    if base_url:
        settings["base_url"] = base_url
    return browser.new_context(**settings)


def new_page(browser: Browser, viewport: str, *, base_url: str | None = None, **options: Any) -> Page:
    """A page in its own fresh context; closing the context is the caller's job (`page.context.close()`)."""
    return new_context(browser, viewport, base_url=base_url, **options).new_page()


def viewport_name(page: Page) -> str:
    size = page.viewport_size or {"width": 0, "height": 0}
    for name, settings in VIEWPORTS.items():
        if settings["viewport"] == size:
            return name
    return f"{size['width']}x{size['height']}"


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG (the full page, or what the viewport shows) as screenshots/<name>-<viewport>.png
    and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "page"
    path = SCREENSHOTS / f"{slug}-{viewport_name(page)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def axe_violations(page: Page, *, context: Any = None, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; every violation as {id, impact, help, url, nodes: [target]}."""
    from axe_playwright_python.sync_playwright import Axe

    run_options = {"resultTypes": ["violations"], **(options or {})}
    results = Axe().run(page, context=context, options=run_options)
    return [{"id": v["id"], "impact": v.get("impact"), "help": v.get("help", ""), "url": v.get("helpUrl", ""),
             "nodes": [{"target": node.get("target"), "html": node.get("html", ""),
                        "summary": node.get("failureSummary", "")} for node in v.get("nodes", [])]}
            for v in results.response["violations"]]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """A readable report for an assertion message."""
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} {violation['url']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['html'][:200]}")
            if node["summary"]:
                lines.extend("      " + line for line in node["summary"].splitlines())
    return "\n".join(lines)


def assert_accessible(page: Page, **kwargs: Any) -> None:
    violations = axe_violations(page, **kwargs)
    assert not violations, describe_violations(violations)


def page_weight(page: Page | Browser, url: str, *, throttle: bool = True) -> dict[str, Any]:
    """Load `url` in a fresh phone context (empty cache, slow 4G and a 4× slower CPU unless `throttle`
    is false) and weigh everything it fetched until the network went quiet.

    `url` is absolute, or relative to the page's current URL. Returns `requests` (every request the
    page made, redirects included), `bytes` (exactly what crossed the network: headers and encoded
    bodies, from chromium's own accounting), `third_party` (URLs not on the page's host and port),
    `urls`, and `load_ms` (navigation start to the load event).
    """
    if isinstance(page, Page):
        browser = page.context.browser
        if not urlsplit(url).scheme:
            url = urljoin(page.url, url)
    else:
        browser = page
    if browser is None or not urlsplit(url).scheme.startswith("http"):
        raise ValueError(f"page_weight needs a browser and an absolute http(s) URL, not {url!r}")
    origin = urlsplit(url).netloc

    context = new_context(browser, "phone")
    try:
        weighed = context.new_page()
        cdp = context.new_cdp_session(weighed)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if throttle:
            cdp.send("Network.emulateNetworkConditions", SLOW_PHONE_NETWORK)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_PHONE_CPU})

        urls: list[str] = []
        finished: dict[str, int] = {}
        redirects: list[int] = []
        responses: list[str] = []
        weighed.on("request", lambda request: urls.append(request.url))
        weighed.on("response", lambda response: responses.append(response.url))
        cdp.on("Network.loadingFinished",
               lambda event: finished.__setitem__(event["requestId"], int(event["encodedDataLength"])))
        cdp.on("Network.requestWillBeSent", lambda event: redirects.append(
            int(event["redirectResponse"].get("encodedDataLength", 0))) if event.get("redirectResponse") else None)

        weighed.goto(url, wait_until="networkidle")
        load_ms = weighed.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0]; return n ? n.loadEventEnd : null; }")
        deadline = time.monotonic() + 5  # the last loadingFinished may trail the network going idle
        while len(finished) < len(responses) - len(redirects) and time.monotonic() < deadline:
            weighed.wait_for_timeout(50)
        network = [u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
        return {
            "requests": len(network),
            "bytes": sum(finished.values()) + sum(redirects),
            "third_party": sorted({u for u in network if urlsplit(u).netloc != origin}),
            "urls": network,
            "load_ms": round(load_ms) if load_ms is not None else None,
        }
    finally:
        context.close()


def answer_survey(session: Any, base_url: str, link: str, answers: dict[str, str]) -> None:
    """Answer a survey as its form does, over HTTP: `link` as the e-mail gives it, `answers` by question id."""
    form = session.get(base_url + link, timeout=60)
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', form.text).group(1)
    posted = session.post(base_url + link.split("?")[0], timeout=60, data={
        "lang": "en", "csrf": csrf, **{f"q_{question}": value for question, value in answers.items()}})
    assert posted.status_code == 200, posted.text[:2000]
