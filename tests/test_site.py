"""The built book in a real browser, with the network cut.

Debian's ``chromium``, driven by Playwright, opens every page of
``book/_build/html`` (built by ``nox -s book``) from a server on 127.0.0.1.
Every request to any other host is aborted and recorded, so a page that needs
the network fails here exactly as it would fail for a reader offline. The
search page and the light/dark switch are exercised as a reader would use
them, and the book is read from files, with no server.

Each page must also load without a console error, render all of its math with
MathJax (served from the site itself), show every image, and keep its figures
on a light background in dark mode: those checks (``_browser.offline_problems``
and ``_browser.dark_figure_problems``) run in ``test_reader.py``, in the one
load of each page at 1280 px that all the checks of that width share.

Without chromium or without the built HTML the tests are skipped with a hint;
with ``WBCODE_REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail instead.
``WBCODE_SITE_HTML`` points them at another build directory,
``WBCODE_CHROMIUM`` at another chromium binary.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from _browser import BROKEN_IMAGES, HTML, MATH_REPORT, WAIT_FOR_MATHJAX, Visit, pages

pytestmark = pytest.mark.browser


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


def test_reads_from_a_file_share(browser: Any, site: str) -> None:
    """Opened as files (a folder, a USB stick, a network share), with no server at all:
    math, figures, the theme and the search still work, and nothing is fetched.
    (``site`` only makes the test skip, or fail, when there is no build.)"""
    question = next((p for p in pages() if re.match(r"q\d\d-", p)), "index.html")
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
