"""What the browser tests share: the built site, a loopback server, chromium, a page visit.

``tests/conftest.py`` turns these into fixtures (one server and one chromium per
pytest process, so per xdist worker); the browser test modules import the
constants and page scripts from here.

- ``WBCODE_SITE_HTML``: the build directory to test (default ``book/_build/html``);
- ``WBCODE_CHROMIUM``: another chromium binary (default: Debian's ``chromium``);
- ``WBCODE_REQUIRE_BROWSER=1`` (set by ``.ci/run``): a missing browser or build
  fails the tests instead of skipping them.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

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
QUESTION = re.compile(r"q\d\d-[\w-]+\.html")
WIDE, NARROW = 1280, 400


def unavailable(hint: str) -> None:
    """Skip with a one-line hint, or fail when the browser tests are mandatory."""
    if REQUIRED:
        pytest.fail(f"WBCODE_REQUIRE_BROWSER=1 but {hint}", pytrace=False)
    pytest.skip(hint)


def chromium() -> str | None:
    for candidate in (os.environ.get("WBCODE_CHROMIUM"), shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def pages() -> list[str]:
    """Every HTML page of the build (not the assets), sorted."""
    if not (HTML / "index.html").exists():
        return []
    return sorted(
        p.relative_to(HTML).as_posix()
        for p in HTML.rglob("*.html")
        if not SKIP_DIRS & set(p.relative_to(HTML).parts[:-1])
    )


def question_pages() -> list[str]:
    return [p for p in pages() if QUESTION.fullmatch(p)]


# With no built HTML there is one placeholder case, so the fixtures can skip
# (or fail) with their hint instead of pytest silently collecting nothing.
NO_BUILD = "<no built HTML>"


def or_placeholder(names: list[str]) -> list[str]:
    return names or [NO_BUILD]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port); yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def launch() -> Iterator[Any]:
    """Debian's chromium through Playwright (skips, or fails, without either)."""
    executable = chromium()
    if executable is None:
        unavailable("Debian's chromium is not installed: `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: `pip install -e .[test]`")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Visit:
    """One page in a fresh browser context, with everything that went wrong recorded."""

    def __init__(self, browser: Any, site: str, width: int = WIDE, height: int = 900) -> None:
        self.site = site
        self.blocked: list[str] = []  # requests to another host (aborted)
        self.failed: list[str] = []  # requests to the site that failed or returned >= 400
        self.errors: list[str] = []  # console errors and uncaught exceptions
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, service_workers="block"
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

    def reset(self) -> None:
        """Forget what earlier pages did (a tab shared by several tests)."""
        self.blocked.clear()
        self.failed.clear()
        self.errors.clear()
        self.page.emulate_media(media="screen")

    def open(self, path: str) -> Any:
        self.reset()
        self.page.goto(self.site + path, wait_until="load")
        return self.page

    def problems(self) -> list[str]:
        return (
            [f"request to another host: {u}" for u in self.blocked]
            + [f"failed request: {u}" for u in self.failed]
            + self.errors
        )

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "\n".join(problems)

    def close(self) -> None:
        self.context.close()


class Findings:
    """Problems found by the several checks of one test, reported together.

    A test that loads a page once runs every check on that load; each check
    records what it finds under its name, and the test fails at the end with
    all of them, so one failing check does not hide the others.
    """

    def __init__(self, where: str) -> None:
        self.where = where
        self.found: dict[str, list[str]] = {}

    def add(self, check: str, problems: list[str] | str) -> None:
        items = [problems] if isinstance(problems, str) else list(problems)
        if items:
            self.found.setdefault(check, []).extend(items)

    def check(self, check: str, ok: bool, problem: str) -> None:
        if not ok:
            self.add(check, problem)

    def assert_none(self) -> None:
        if self.found:
            lines = [f"{self.where}: {len(self.found)} check(s) failed"]
            for check, problems in self.found.items():
                lines.append(f"[{check}]")
                lines += [f"  - {p}" for p in problems]
            pytest.fail("\n".join(lines), pytrace=False)


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

# Resolves when every running CSS transition and animation has finished
# (the folds fade in over 0.3 s; colours must be final before they are measured).
SETTLE = """
async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
}
"""


def set_mode(page: Any, mode: str) -> None:
    """Switch the colour mode the way the theme's switch does (data-theme and data-mode)."""
    page.evaluate(
        "mode => { const d = document.documentElement.dataset; d.theme = mode; d.mode = mode; }",
        mode,
    )
    page.evaluate(SETTLE)


# The solution blocks of a page and their fold state. A block is "shown" when any
# of its content (everything after the title bar) can be seen: an element with a
# box, not hidden by display or visibility (or zero opacity, if asked).
SOLUTIONS = "article .solution.admonition"
FOLD_STATE = """
([selector, opacity, only]) => [...document.querySelectorAll(selector)].map((block, i) => {
  if (only !== null && i !== only) return null;
  const title = block.querySelector(':scope > .admonition-title');
  const button = title && title.querySelector('button.toggle-button');
  const content = [...block.children].filter(c => c !== title);
  // the first element that can be seen is enough to say the block shows something
  const first = content.flatMap(c => [c, ...c.querySelectorAll('*')]).find(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 &&
      e.checkVisibility({visibilityProperty: true, opacityProperty: opacity});
  });
  const section = block.closest('section');
  const h = section && section.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4');
  return {
    index: i,
    id: block.id,
    where: (h ? h.textContent.replace(/[#¶]/g, '').trim() : '?') + ' / ' +
      (title ? title.textContent.trim().slice(0, 60) : '(no title)'),
    classes: block.className,
    hasTitle: !!title,
    hasButton: !!button,
    closed: block.classList.contains('toggle-hidden'),
    expanded: button ? button.getAttribute('aria-expanded') : null,
    hint: button ? button.dataset.toggleHint : null,
    shown: first ? 1 : 0,
    firstShown: first ? first.tagName + ' ' + first.textContent.trim().slice(0, 50) : '',
    content: content.length,
  };
})
"""

OPEN_ALL = """
(selector) => {
  document.querySelectorAll(selector).forEach(block => {
    if (block.classList.contains('toggle-hidden')) {
      block.querySelector('button.toggle-button').click();
    }
  });
}
"""


def fold_state(
    page: Any, *, opacity: bool = False, only: int | None = None
) -> list[dict[str, Any]]:
    """The state of every solution block, at once (or of block ``only``, at its index).

    The fold switches ``visibility`` at once and fades the opacity in or out over
    0.3 s; by default only the switch is looked at, so the state can be read
    right after a click. ``opacity=True`` also counts a fully transparent
    element as hidden (read it after the fade has settled).
    """
    states = page.evaluate(FOLD_STATE, [SOLUTIONS, opacity, only])
    return states if only is None else [s for s in states if s is not None]


def open_all(page: Any) -> None:
    """Open every solution block (by its button, as a reader would) and let it settle."""
    page.evaluate(OPEN_ALL, SOLUTIONS)
    page.evaluate(SETTLE)


def folded_problems(states: list[dict[str, Any]], when: str) -> list[str]:
    """What is wrong with blocks that should all be closed."""
    out = []
    for s in states:
        name = f"solution block {s['index'] + 1} ({s['where']})"
        if not s["closed"]:
            out.append(f"{name} is open {when}")
        if s["expanded"] != "false":
            out.append(f"{name}: aria-expanded={s['expanded']!r} {when}, expected 'false'")
        if s["shown"]:
            out.append(f"{name}: content visible {when}: {s['firstShown']!r}")
    return out


# -- reading offline: math, fonts, images, figures in dark mode ------------------

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


def frame_luminance(png: bytes, inset: int = 6) -> float:
    """Median luminance (0 black .. 1 white) of a thin frame ``inset`` px inside an image."""
    import numpy as np
    from matplotlib.image import imread

    rgb = imread(io.BytesIO(png), format="png")[..., :3]
    h, w = rgb.shape[:2]
    i = max(1, min(inset, h // 4, w // 4))
    frame = np.concatenate([rgb[i, i:-i], rgb[-i - 1, i:-i], rgb[i:-i, i], rgb[i:-i, -i - 1]])
    return float(np.median(frame @ np.array([0.2126, 0.7152, 0.0722])))


def dark_figure_problems(page: Any) -> list[str]:
    """In dark mode every figure keeps a light ground (its edge is light).

    Call with the solutions open (a folded figure has no box to look at); it
    leaves the page in dark mode.
    """
    set_mode(page, "dark")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    figures = page.locator("article figure img, article .cell_output img")
    out = []
    for i in range(figures.count()):
        img = figures.nth(i)
        img.scroll_into_view_if_needed()
        luminance = frame_luminance(img.screenshot(animations="disabled"))
        if luminance <= 0.85:
            out.append(
                f"{img.get_attribute('src')}: its edge renders dark ({luminance:.2f}) on the dark "
                f"page ({background}); give the figure an opaque light background"
            )
    return out


def offline_problems(page: Any, path: str) -> list[str]:
    """All math typeset by MathJax (served by the site), no MathJax error, every font
    and every image loaded. (Requests and console errors: :meth:`Visit.problems`.)"""
    out = []
    if page.evaluate(WAIT_FOR_MATHJAX) == "no-mathjax":
        return [f"{path} has math but MathJax did not start"]
    math = page.evaluate(MATH_REPORT)
    if math["untypeset"]:
        out.append(f"math left as TeX source: {math['untypeset']}")
    if math["errors"]:
        out.append(f"MathJax errors: {math['errors']}")
    containers = page.locator("mjx-container").count()
    if math["math"] and containers < math["math"]:
        out.append(f"{math['math']} math elements but only {containers} typeset")
    if math["fonts"]:
        out.append(f"fonts that failed to load: {math['fonts']}")
    broken = page.evaluate(BROKEN_IMAGES)
    if broken:
        out.append(f"images that do not show: {broken}")
    return out
