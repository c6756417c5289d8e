"""Shared pytest settings and fixtures.

Hypothesis: no per-example deadline anywhere (tests never assert wall-clock
times, and a loaded machine must not fail a correct test); under CI
(``CI=true``) the examples are derandomized, so a run can be repeated exactly.

Browser tests: one loopback server for the built book and one chromium per
pytest process (so per xdist worker), shared by every browser test module;
see ``tests/_browser.py``. The page-by-page tests share one tab per width
(``wide``: 1280 x 900, ``narrow``: 400 x 900), which they navigate to their page:
a new tab costs chromium a new renderer process, about a second of CPU.
"""

import os
from collections.abc import Iterator
from typing import Any

import pytest
from _browser import HTML, NARROW, WIDE, Visit, launch, serve, unavailable
from hypothesis import settings

settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


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
