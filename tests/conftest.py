"""Shared pytest settings, the built book that several test files read, and the browser.

Hypothesis: no per-example deadline anywhere (tests never assert wall-clock
times, and a loaded machine must not fail a correct test); under CI
(``CI=true``) the examples are derandomized, so a run can be repeated exactly.

Tiers: the browser tests are marked ``browser`` (in their modules) and run in
``nox -s site``; ``nox -s tests`` runs the others. Tests that build, execute or
drive a browser, read the built book or PDF, render many figures, start Python
processes or train for a thousand steps or more are marked ``slow`` (the
browser tests and the users of the fixtures in ``BUILT`` are marked here), so
``nox -s tests -- -m "not slow"`` is the quick tier. The slow tests are
collected first, so that under pytest-xdist the longest ones start at once, on
different workers (the sessions run ``--dist loadgroup``, which hands the first
tests out one at a time).

The ``built_book`` fixture is the book that ``nox -s book`` built
(``book/_build``; ``WBCODE_SITE_HTML`` points at another HTML folder and
``WBBOOK_CACHE`` at its execution cache): the notebook and reproducibility
tests reuse it instead of executing the pages again. Without it they are
skipped with a hint, and fail instead with ``WBCODE_REQUIRE_BROWSER=1`` (as
the site tests do; ``.ci/run`` sets it).

Browser tests: one loopback server for the built book and one chromium per
pytest process (so per xdist worker), shared by every browser test module;
see ``tests/_browser.py``. The page-by-page tests share one tab per width
(``wide``: 1280 x 900, ``narrow``: 400 x 900), which they navigate to their page:
a new tab costs chromium a new renderer process, about a second of CPU.
"""

from __future__ import annotations

import gc
import importlib.util
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from _browser import HTML, NARROW, WIDE, Visit, launch, serve, unavailable
from hypothesis import settings

settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
# The files of the slowest tests, longest first: their slow tests are collected
# first, and so each starts at once on a worker of its own.
FIRST = ("test_book_cache.py", "test_reproducible.py")


# Fixtures that read the built book or the PDF: the tests that use them belong to
# the full run, not to the quick tier (while editing, the build is not fresh).
BUILT = {"built_book", "html_dir", "pdf", "site"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        uses_build = BUILT.intersection(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("browser") or uses_build:
            item.add_marker(pytest.mark.slow)

    def rank(item: pytest.Item) -> int:
        slow = item.get_closest_marker("slow") is not None
        if slow and item.path.name in FIRST:
            return FIRST.index(item.path.name)
        return len(FIRST) if slow else len(FIRST) + 1

    items.sort(key=rank)  # stable: the order within each rank is kept


def pytest_collection_finish(session: pytest.Session) -> None:
    # What collection made (the test modules, their imports, the items) lives for
    # the whole session: freeze it, so that the collector's full passes during the
    # tests do not walk those objects again and again.
    gc.collect()
    gc.freeze()


def load_extension(name: str) -> Any:
    """One of the book's Sphinx extensions (book/_ext/<name>.py), as a module."""
    spec = importlib.util.spec_from_file_location(f"wbbook_{name}", BOOK / "_ext" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class BuiltBook:
    """The output of ``nox -s book``: its HTML, its execution cache and the source folder."""

    html: Path
    cache: Path
    doctrees: Path
    source: Path = BOOK

    def pages(self) -> list[Path]:
        """The question pages of this build (all of them, or those ``WBBOOK_ONLY`` kept)."""
        return [p for p in sorted(self.source.glob("q[0-9][0-9]-*.md")) if self.has(p)]

    def has(self, page: Path) -> bool:
        return (self.html / f"{page.stem}.html").is_file()


@pytest.fixture(scope="session")
def built_book() -> BuiltBook:
    html = Path(os.environ.get("WBCODE_SITE_HTML", BOOK / "_build" / "html")).resolve()
    cache = Path(os.environ.get("WBBOOK_CACHE", html.parent / ".jupyter_cache")).resolve()
    book = BuiltBook(html=html, cache=cache, doctrees=html.parent / "doctrees")
    missing = [p for p in (html / "index.html", cache, book.doctrees) if not p.exists()]
    if missing:
        hint = f"no built book ({missing[0]} is missing): run `nox -s book` first"
        if os.environ.get("WBCODE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"WBCODE_REQUIRE_BROWSER=1 but {hint}", pytrace=False)
        pytest.skip(hint)
    return book


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """The built book served on 127.0.0.1; its base URL."""
    if not (HTML / "index.html").exists():
        unavailable(f"no built book at {HTML}: run `nox -s book` first")
    with serve(HTML) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium, launched once per process."""
    with launch() as b:
        yield b


@pytest.fixture
def visit(browser: Any, site: str) -> Iterator[Visit]:
    """A fresh 1280 x 900 browser context on the built site."""
    v = Visit(browser, site)
    try:
        yield v
    finally:
        v.close()


@pytest.fixture(scope="session")
def _tabs(browser: Any, site: str) -> Iterator[dict[int, Visit]]:
    tabs: dict[int, Visit] = {}
    yield tabs
    for tab in tabs.values():
        tab.close()


def _tab(tabs: dict[int, Visit], browser: Any, site: str, width: int) -> Visit:
    if width not in tabs:
        tabs[width] = Visit(browser, site, width=width)
    tabs[width].reset()
    return tabs[width]


@pytest.fixture
def wide(_tabs: dict[int, Visit], browser: Any, site: str) -> Visit:
    """The shared 1280 x 900 tab; ``open`` a page in it."""
    return _tab(_tabs, browser, site, WIDE)


@pytest.fixture
def narrow(_tabs: dict[int, Visit], browser: Any, site: str) -> Visit:
    """The shared 400 x 900 tab; ``open`` a page in it."""
    return _tab(_tabs, browser, site, NARROW)
