"""The built HTML, read without a browser: self-contained and accessible.

Every page of ``book/_build/html`` (built by ``nox -s book``) is parsed with
:mod:`html.parser`:

- nothing is loaded from another host: no ``script``, ``link``, ``img``,
  ``iframe``, ``source``, ... and no CSS ``url()`` points outside the site
  (links a reader clicks, ``<a href>``, may go anywhere, e.g. a citation's DOI);
- every figure has alt text and a caption, and every image of the content sits
  in such a figure;
- headings are in order: one ``h1``, and no level skipped on the way down;
- figures made by matplotlib have an opaque background (legible in dark mode).

Without the built HTML the tests are skipped with a hint; with
``WBCODE_REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail instead.
``WBCODE_SITE_HTML`` points them at another build directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from _browser import HTML, REQUIRED, pages

# Attributes through which a page makes the browser fetch something.
FETCHING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr", "param"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)


def _external(url: str) -> bool:
    """True for a URL that leaves the site (``https://...``, ``//host/...``)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data", "blob")


PAGES = pages() or ["<no built HTML>"]


@pytest.fixture(scope="module")
def html_dir() -> Path:
    if not (HTML / "index.html").exists():
        hint = f"no built book at {HTML}: run `nox -s book` first"
        if REQUIRED:
            pytest.fail(f"WBCODE_REQUIRE_BROWSER=1 but {hint}", pytrace=False)
        pytest.skip(hint)
    return HTML


@dataclass
class Figure:
    alts: list[str | None] = field(default_factory=list)
    caption: str = ""
    in_caption: bool = False


class Page(HTMLParser):
    """What the checks need from one page, collected in a single pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[tuple[str, str]] = []  # (tag, url) the browser would load
        self.css_urls: list[str] = []  # url() and @import in style attributes and <style>
        self.headings: list[tuple[int, str]] = []
        self.figures: list[Figure] = []
        self.loose_images: list[str] = []  # content images outside a figure
        self.lang: str | None = None
        self.stack: list[tuple[str, set[str]]] = []
        self.heading: list[str] | None = None
        self.in_style = False

    def _inside(self, tag: str, cls: str | None = None) -> bool:
        return any(t == tag and (cls is None or cls in c) for t, c in self.stack)

    def _print_only(self) -> bool:
        # The theme repeats the title and contents in a block shown only when
        # printing (display: none on screen, so also hidden from screen readers).
        return any("onlyprint" in c for _, c in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        for name in FETCHING.get(tag, ()):
            value = a.get(name)
            if value:
                urls = [u.split()[0] for u in value.split(",") if u.strip()]
                urls = urls if name == "srcset" else [value]
                self.fetched += [(tag, u) for u in urls]
        if a.get("style"):
            self.css_urls += CSS_URL.findall(a["style"] or "")
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "style":
            self.in_style = True
        elif tag == "figure":
            self.figures.append(Figure())
        elif tag == "figcaption" and self.figures:
            self.figures[-1].in_caption = True
        elif tag == "img":
            src = a.get("src") or ""
            if self._inside("figure"):
                self.figures[-1].alts.append(a.get("alt"))
            elif self._inside("article") and not src.startswith("_static/"):
                self.loose_images.append(src)
        elif re.fullmatch(r"h[1-6]", tag) and not self._print_only():
            self.headings.append((int(tag[1]), ""))
            self.heading = []
        if tag not in VOID:
            self.stack.append((tag, classes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False
        elif tag == "figcaption" and self.figures:
            self.figures[-1].in_caption = False
        elif re.fullmatch(r"h[1-6]", tag) and self.heading is not None:
            level, _ = self.headings[-1]
            self.headings[-1] = (level, " ".join("".join(self.heading).split()).rstrip("#"))
            self.heading = None
        # Pop to the matching start tag (tolerates unclosed <p>, <li>, ...).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.css_urls += CSS_URL.findall(data)
        if self.heading is not None:
            self.heading.append(data)
        if self.figures and self.figures[-1].in_caption:
            self.figures[-1].caption += data


def _parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_loaded_from_another_host(html_dir: Path, path: str) -> None:
    page = _parse(html_dir / path)
    outside = [f"<{tag}> {url}" for tag, url in page.fetched if _external(url)]
    outside += [f"CSS url({url})" for url in page.css_urls if _external(url)]
    assert not outside, f"{path} loads from another host:\n" + "\n".join(outside)


def test_stylesheets_load_nothing_from_another_host(html_dir: Path) -> None:
    outside = [
        f"{css.relative_to(html_dir)}: {url}"
        for css in sorted(html_dir.rglob("*.css"))
        for url in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace"))
        if _external(url)
    ]
    assert not outside, "\n".join(outside)


@pytest.mark.parametrize("path", PAGES)
def test_figures_have_alt_text_and_a_caption(html_dir: Path, path: str) -> None:
    page = _parse(html_dir / path)
    assert page.lang, f"{path}: <html> has no lang attribute"
    for i, fig in enumerate(page.figures, start=1):
        assert fig.alts, f"{path}: figure {i} has no image"
        assert all(alt and alt.strip() for alt in fig.alts), f"{path}: figure {i} lacks alt text"
        assert fig.caption.strip(), f"{path}: figure {i} has no caption (<figcaption>)"
    assert not page.loose_images, (
        f"{path}: images outside a captioned figure (glue them and use {{glue:figure}}): "
        f"{page.loose_images}"
    )


@pytest.mark.parametrize("path", PAGES)
def test_headings_are_in_order(html_dir: Path, path: str) -> None:
    page = _parse(html_dir / path)
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1, f"{path}: {levels.count(1)} <h1> headings, expected one"
    assert levels[0] == 1, f"{path}: the first heading is <h{levels[0]}>, not <h1>"
    for (before, _), (level, text) in zip(page.headings, page.headings[1:], strict=False):
        assert level <= before + 1, f"{path}: <h{before}> is followed by <h{level}> {text!r}"


def test_matplotlib_figures_have_an_opaque_background(html_dir: Path) -> None:
    """The figure's own background (matplotlib's patch_1) is filled, not transparent."""
    see_through = []
    for svg in sorted((html_dir / "_images").glob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        if 'id="figure_1"' not in text:
            continue  # not made by matplotlib
        match = re.search(r'<g id="patch_1">\s*<path[^>]*style="([^"]*)"', text)
        style = match.group(1) if match else "fill: none"
        if "fill: none" in style or re.search(r"fill-opacity:\s*0(\.0*)?\b(?!\.)", style):
            see_through.append(svg.name)
    for png in sorted((html_dir / "_images").glob("*.png")):
        from matplotlib.image import imread

        pixels = imread(png)
        if pixels.ndim == 3 and pixels.shape[2] == 4 and pixels[..., 3].min() < 1:
            see_through.append(png.name)
    assert not see_through, f"figures with a transparent background: {see_through}"
