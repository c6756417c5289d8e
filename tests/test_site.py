"""The built book in a real browser, with the network cut.

Debian's ``chromium``, driven by Playwright, opens every page of
``book/_build/html`` (built by ``nox -s book``) from a server on 127.0.0.1.
Every request to any other host is aborted and recorded, so a page that needs
the network fails here exactly as it would fail for a reader offline. Each
page must then load without a console error, render all of its math with
MathJax (served from the site itself), show every image, and keep its figures
on a light background in dark mode. The search page and the light/dark switch
are exercised as a reader would use them.

Without chromium or without the built HTML the tests are skipped with a hint;
with ``WBCODE_REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail instead.
``WBCODE_SITE_HTML`` points them at another build directory,
``WBCODE_CHROMIUM`` at another chromium binary.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("WBCODE_SITE_HTML", ROOT / "book" / "_build" / "html")).resolve()
REQUIRED = os.environ.get("WBCODE_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads"}


def _unavailable(hint: str) -> None:
    """Skip with a one-line hint, or fail when the browser tests are mandatory."""
    if REQUIRED:
        pytest.fail(f"WBCODE_REQUIRE_BROWSER=1 but {hint}", pytrace=False)
    pytest.skip(hint)


def _chromium() -> str | None:
    for candidate in (os.environ.get("WBCODE_CHROMIUM"), shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _pages() -> list[str]:
    if not (HTML / "index.html").exists():
        return []
    return sorted(
        p.relative_to(HTML).as_posix()
        for p in HTML.rglob("*.html")
        if not SKIP_DIRS & set(p.relative_to(HTML).parts[:-1])
    )


# With no built HTML there is one placeholder case, so the fixture can skip
# (or fail) with its hint instead of pytest silently collecting nothing.
PAGES = _pages() or ["<no built HTML>"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """Serve book/_build/html on 127.0.0.1 (a free port); yield its base URL."""
    if not (HTML / "index.html").exists():
        _unavailable(f"no built book at {HTML}: run `nox -s book` first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser(site: str) -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        _unavailable("Debian's chromium is not installed: `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: `pip install -e .[test]`")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Visit:
    """One page in a fresh browser context, with everything that went wrong recorded."""

    def __init__(self, browser: Any, site: str) -> None:
        self.site = site
        self.blocked: list[str] = []  # requests to another host (aborted)
        self.failed: list[str] = []  # requests to the site that failed or returned >= 400
        self.errors: list[str] = []  # console errors and uncaught exceptions
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, service_workers="block"
        )
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._request_failed)

    def _local(self, url: str) -> bool:
        return urlsplit(url).netloc == urlsplit(self.site).netloc

    def _route(self, route: Any) -> None:
        url = route.request.url
        if self._local(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and self._local(response.url):
            self.failed.append(f"{response.status} {response.url}")

    def _request_failed(self, request: Any) -> None:
        if self._local(request.url):
            self.failed.append(f"{request.failure} {request.url}")

    def open(self, path: str) -> Any:
        self.page.goto(self.site + path, wait_until="load")
        return self.page

    def assert_clean(self) -> None:
        problems = (
            [f"request to another host: {u}" for u in self.blocked]
            + [f"failed request: {u}" for u in self.failed]
            + self.errors
        )
        assert not problems, "\n".join(problems)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, site: str) -> Iterator[Visit]:
    v = Visit(browser, site)
    try:
        yield v
    finally:
        v.close()


# Resolves once MathJax has typeset the page; "no-math" where the page has none.
WAIT_FOR_MATHJAX = """
async () => {
  if (!document.querySelector('.math')) return 'no-math';
  for (let i = 0; i < 400; i++) {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) break;
    await new Promise(r => setTimeout(r, 25));
  }
  if (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) return 'no-mathjax';
  await MathJax.startup.promise;
  return 'typeset';
}
"""

MATH_REPORT = r"""
() => ({
  math: document.querySelectorAll('.math').length,
  untypeset: [...document.querySelectorAll('.math')]
    .filter(e => !e.querySelector('mjx-container'))
    .map(e => e.textContent.trim().slice(0, 80)),
  errors: [...document.querySelectorAll('mjx-merror')]
    .map(e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 80))
    // an undefined macro is typeset as its own name in red (MathJax's noundefined)
    .concat([...document.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]')]
      .map(e => e.textContent).filter(t => t.startsWith('\\'))
      .map(t => 'undefined macro ' + t)),
  fonts: [...document.fonts].filter(f => f.status === 'error').map(f => f.family),
})
"""

# Loads every image (lazy ones too) and reports those that did not decode.
BROKEN_IMAGES = """
async () => {
  const imgs = [...document.images];
  imgs.forEach(img => { img.loading = 'eager'; });
  const res = await Promise.all(imgs.map(img =>
    img.decode().then(() => null, () => null).then(() =>
      (img.complete && img.naturalWidth > 0) ? null : img.getAttribute('src'))));
  return res.filter(x => x !== null);
}
"""


def _frame_luminance(png: bytes, inset: int = 6) -> float:
    """Median luminance (0 black .. 1 white) of a thin frame ``inset`` px inside an image."""
    import numpy as np
    from matplotlib.image import imread

    rgb = imread(io.BytesIO(png), format="png")[..., :3]
    h, w = rgb.shape[:2]
    i = max(1, min(inset, h // 4, w // 4))
    frame = np.concatenate([rgb[i, i:-i], rgb[-i - 1, i:-i], rgb[i:-i, i], rgb[i:-i, -i - 1]])
    return float(np.median(frame @ np.array([0.2126, 0.7152, 0.0722])))


def _check_dark_mode_figures(page: Any) -> None:
    """Switch to dark mode the way the theme does; every figure must keep a light ground."""
    page.evaluate(
        "() => { const d = document.documentElement.dataset; d.theme = 'dark'; d.mode = 'dark'; }"
    )
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    figures = page.locator("article figure img, article .cell_output img")
    for i in range(figures.count()):
        img = figures.nth(i)
        img.scroll_into_view_if_needed()
        luminance = _frame_luminance(img.screenshot(animations="disabled"))
        assert luminance > 0.85, (
            f"{img.get_attribute('src')}: its edge renders dark ({luminance:.2f}) on the dark "
            f"page ({background}); give the figure an opaque light background"
        )


@pytest.mark.parametrize("path", PAGES)
def test_page_reads_offline(visit: Visit, path: str) -> None:
    """No request leaves the site, no console error, all math typeset by MathJax,
    every image decodes, and figures stay legible in dark mode."""
    page = visit.open(path)
    state = page.evaluate(WAIT_FOR_MATHJAX)
    assert state != "no-mathjax", f"{path} has math but MathJax did not start"
    math = page.evaluate(MATH_REPORT)
    assert not math["untypeset"], f"math left as TeX source: {math['untypeset']}"
    assert not math["errors"], f"MathJax errors: {math['errors']}"
    if math["math"]:
        assert page.locator("mjx-container").count() >= math["math"]
    assert not math["fonts"], f"fonts that failed to load: {math['fonts']}"
    assert page.evaluate(BROKEN_IMAGES) == [], "images that do not show"
    _check_dark_mode_figures(page)
    visit.assert_clean()


def _indexed_pages() -> list[str]:
    """The pages the search index of this build covers."""
    text = (HTML / "searchindex.js").read_text(encoding="utf-8")
    match = re.search(r'"docnames":(\[[^\]]*\])', text)
    return json.loads(match.group(1)) if match else []


def test_search_works_offline(visit: Visit) -> None:
    page = visit.open("search.html?q=softmax")
    # Results appear one by one; the summary line says when the last one is in.
    page.wait_for_function(
        "() => /Search finished/.test(document.querySelector('#search-results')?.innerText)",
        timeout=30_000,
    )
    results = page.locator("#search-results ul.search li")
    hrefs = results.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs, "searching for 'softmax' found nothing"
    missing = [h for h in hrefs if not (HTML / urlsplit(h).path).exists()]
    assert not missing, f"search results that lead nowhere: {missing}"
    if "q01-softmax" in _indexed_pages():  # the whole book, or any build with Q1 in it
        assert any(urlsplit(h).path == "q01-softmax.html" for h in hrefs), hrefs
    visit.assert_clean()


def test_theme_switch_changes_the_colour_mode(visit: Visit) -> None:
    page = visit.open("index.html")
    html = page.locator("html")
    for mode in ("dark", "light", "dark"):
        page.locator(".theme-switch-button").first.click()
        page.locator(f".theme-change-button[data-mode={mode}]").first.click()
        page.wait_for_function(f"() => document.documentElement.dataset.theme === '{mode}'")
        assert html.get_attribute("data-mode") == mode
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in background[background.index("(") + 1 : -1].split(",")[:3]]
    assert max(channels) < 80, f"dark mode, yet the page background is {background}"
    # The choice survives a reload (the theme keeps it in localStorage).
    page.reload()
    assert html.get_attribute("data-theme") == "dark"
    visit.assert_clean()


def test_reads_from_a_file_share(browser: Any) -> None:
    """Opened as files (a folder, a USB stick, a network share), with no server at all:
    math, figures, the theme and the search still work, and nothing is fetched."""
    question = next((p for p in _pages() if re.match(r"q\d\d-", p)), "index.html")
    visit = Visit(browser, HTML.as_uri() + "/")
    try:
        for path in ("index.html", question):
            page = visit.open(path)
            assert page.evaluate(WAIT_FOR_MATHJAX) != "no-mathjax", f"{path}: no MathJax"
            math = page.evaluate(MATH_REPORT)
            assert not math["untypeset"] and not math["errors"] and not math["fonts"], math
            assert page.evaluate(BROKEN_IMAGES) == [], f"{path}: images that do not show"
        page = visit.open("search.html?q=softmax")
        page.wait_for_function(
            "() => /Search finished/.test(document.querySelector('#search-results')?.innerText)",
            timeout=30_000,
        )
        assert page.locator("#search-results ul.search li").count() > 0
        visit.assert_clean()
    finally:
        visit.close()
