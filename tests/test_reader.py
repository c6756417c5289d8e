"""Every page of the book as a reader meets it, in Debian's chromium (issues 9 and 15).

Each page is opened once at 1280 x 900 and once at 400 x 900 (in a tab shared by
the tests of that width), and each load runs every check of that width; a
failing test lists every problem it found, grouped by check, with the block,
the element, by how much and its text, so a page author can fix them all at once.

At 1280 px (:func:`test_page_at_1280`), in this order:

- *offline*: all math typeset by MathJax from the site, every font and image
  loaded, no request to another host, no console error (see ``test_site.py``);
- *folding*, on a question page: every solution block is closed on load (its
  content not visible, ``aria-expanded="false"``, the button says "Show");
- *answer box* (issue 15): every box replayed as a student would use it, with
  the solutions folded throughout (``_answer_box.py``);
- *print*: in print media every solution's content is visible;
- *axe, solutions closed*: axe-core on what a reader perceives of the closed
  blocks (their title bars and buttons), in light and dark mode;
- *folding*: on each block a click on its title bar opens it, and Enter on its
  focused button closes and opens it, and so does Space;
- *axe, solutions open*: axe-core on the whole page, in light and dark mode:
  no serious or critical violation, colour contrast included (the colour rules
  on one element of each kind of text, see :data:`MARK_SAMPLES`);
- *figures in dark mode* keep a light ground;
- *overflow*: no table, display equation (``div.math``,
  ``mjx-container[display=true]``), code cell (``pre``) or cell output inside
  the article is wider than its box (``scrollWidth > clientWidth + 1``) or sticks
  out of the text column; anything inside a declared scroll box (class
  ``wb-scroll``) is exempt;
- *cut off*: nothing in the article reaches past the edge of a box that clips
  it (an admonition hides what overflows it) or past the text column, unless a
  box between scrolls;
- *figure text*: the smallest text of each matplotlib figure renders at 9 CSS px
  or more (see :func:`svg_text_sizes`).

At 400 px (:func:`test_page_at_400`): the page never scrolls sideways
(``document.documentElement.scrollWidth`` equals the viewport width) with the
solutions closed and open; nothing is cut off; a box that scrolls sideways (a
wide matrix, a long line of code) shows the site's cue and can be scrolled with
the keyboard; every figure's image sits in a link to its image file, and that
file exists.

axe-core is the copy bundled with the PyPI package ``axe-playwright-python``,
injected into the page: nothing is fetched (its stylesheet preload is off: it
resolves the theme's ``@import`` against the page instead of the stylesheet and
would fetch a file that does not exist; the one rule that needs it,
``css-orientation-lock``, has nothing to find in this book's CSS). The colour mode is switched the
way the theme's switch does it (``data-theme`` and ``data-mode`` on ``<html>``).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from _answer_box import replay_boxes
from _browser import (
    HTML,
    NARROW,
    NO_BUILD,
    OPEN_ALL,
    QUESTION,
    SETTLE,
    SOLUTIONS,
    WAIT_FOR_MATHJAX,
    Findings,
    Visit,
    dark_figure_problems,
    fold_state,
    folded_problems,
    offline_problems,
    open_all,
    or_placeholder,
    pages,
    set_mode,
)

pytestmark = pytest.mark.browser

MIN_FIGURE_TEXT_PX = 9.0
AXE_IMPACTS = ("serious", "critical")


def _open(visit: Visit, path: str) -> Any:
    if path == NO_BUILD:  # unreachable: the site fixture has skipped or failed
        pytest.fail("no built HTML")
    page = visit.open("search.html?q=softmax" if path == "search.html" else path)
    assert page.evaluate(WAIT_FOR_MATHJAX) != "no-mathjax", f"{path}: MathJax did not start"
    if path == "search.html":
        page.wait_for_function(
            "() => /Search finished/.test(document.querySelector('#search-results')?.innerText)",
            timeout=30_000,
        )
    page.evaluate(SETTLE)
    return page


# -- folding --------------------------------------------------------------------


def _expect(page: Any, i: int, closed: bool, action: str) -> list[str]:
    """The state of block ``i`` after ``action``; the problems, if it is not as expected."""
    [s] = fold_state(page, only=i)
    name = f"solution block {i + 1} ({s['where']})"
    if closed:
        return folded_problems([s], f"after {action}")
    out = []
    if s["closed"]:
        out.append(f"{name} stays closed after {action}")
    if s["expanded"] != "true":
        out.append(f"{name}: aria-expanded={s['expanded']!r} after {action}, expected 'true'")
    if s["hint"] != "Hide":
        out.append(f"{name}: the button says {s['hint']!r} after {action}, expected 'Hide'")
    if not s["shown"]:
        out.append(f"{name}: nothing of its content is visible after {action}")
    return out


def _check_closed_on_load(page: Any, found: Findings) -> list[dict[str, Any]]:
    states = fold_state(page)
    found.check("folding", bool(states), "the page has no solution block")
    found.add("folding", folded_problems(states, "on load"))
    for s in states:
        name = f"solution block {s['index'] + 1} ({s['where']})"
        found.check("folding", "dropdown" in s["classes"].split(), f"{name} lacks 'dropdown'")
        found.check("folding", s["hasButton"], f"{name} has no toggle button in its title bar")
        found.check(
            "folding", s["hint"] == "Show", f"{name}: closed, the button says {s['hint']!r}"
        )
        found.check("folding", s["content"] > 0, f"{name} has no content")
    return states


def _check_toggling(page: Any, states: list[dict[str, Any]], found: Findings) -> None:
    """On each block: a click on the title bar opens it. On the first block of the
    page (every block is the same markup with the same script), Enter on its
    focused button closes and opens it, and so does Space. Every block is left open."""
    for s in states:
        if not s["hasButton"]:
            continue
        i = s["index"]
        title = page.locator(SOLUTIONS).nth(i).locator(":scope > .admonition-title")
        button = title.locator("button.toggle-button")
        title.click()
        problems = _expect(page, i, False, "a click on its title bar")
        for key in ("Enter", "Space") if i == states[0]["index"] else ():
            button.focus()
            page.keyboard.press(key)
            problems += _expect(page, i, True, f"{key} on its focused button (block open)")
            page.keyboard.press(key)
            problems += _expect(page, i, False, f"{key} again")
        found.add("folding", problems)
    page.evaluate(OPEN_ALL, SOLUTIONS)  # whatever failed above, go on with every block open
    page.evaluate(SETTLE)


PRINT_HIDDEN = """
(selector) => [...document.querySelectorAll(selector)].flatMap((block, i) => {
  const title = block.querySelector(':scope > .admonition-title');
  return [...block.children].filter(c => c !== title).filter(c => {
    const r = c.getBoundingClientRect();
    const hidden = !c.checkVisibility({visibilityProperty: true, opacityProperty: true});
    return hidden || (r.height === 0 && c.textContent.trim() !== '');
  }).map(c => `solution block ${i + 1}: <${c.tagName.toLowerCase()}> ` +
              JSON.stringify(c.textContent.trim().slice(0, 60)) + ' is hidden when printed');
})
"""


def _check_print(page: Any, found: Findings) -> None:
    """Print media, with every block closed as on load: all their content shows."""
    page.emulate_media(media="print")
    try:
        page.evaluate(SETTLE)
        found.add("print", page.evaluate(PRINT_HIDDEN, SOLUTIONS))
    finally:
        page.emulate_media(media="screen")
        page.evaluate(SETTLE)


# -- overflow and cut-off content ----------------------------------------------

# Helpers for the reports: where an element is (its nearest heading), what it is
# and what it says (TeX for math, the longest line of code, a table's columns).
DESCRIBE = r"""
  const tex = (e) => {
    try {
      const items = MathJax.startup.document.getMathItemsWithin(e);
      if (items.length) return items[0].math;
    } catch (err) {}
    return null;
  };
  const text = (e) => {
    const table = e.matches('table') ? e : e.querySelector('table');
    if (table && !e.matches('pre')) {
      const head = table.querySelector('tr');
      const cells = head ? [...head.cells].map(c => c.textContent.trim()) : [];
      return 'table with columns: ' + cells.join(' | ').slice(0, 140);
    }
    const t = tex(e);
    if (t) return 'TeX: ' + t.replace(/\s+/g, ' ').trim().slice(0, 140);
    if (e.matches('pre') || e.querySelector('pre')) {
      const pre = e.matches('pre') ? e : e.querySelector('pre');
      const lines = pre.textContent.split('\n');
      const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), '');
      return `longest line (${longest.length} chars): ` + longest.slice(0, 140);
    }
    return e.textContent.replace(/\s+/g, ' ').trim().slice(0, 140);
  };
  const where = (e) => {
    for (let s = e.closest('section'); s; s = s.parentElement.closest('section')) {
      const h = s.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4');
      if (h) return h.textContent.replace(/[#¶]/g, '').trim().slice(0, 60);
    }
    return e.closest('.wb-answer') ? 'the answer box' : 'top of the page';
  };
  const name = (e) => e.tagName.toLowerCase() +
    [...e.classList].filter(c => !c.startsWith('wb-more')).map(c => '.' + c).join('');
  const article = document.querySelector('article.bd-article') || document.querySelector('article');
  const contentRight = (e) =>
    e.getBoundingClientRect().right - parseFloat(getComputedStyle(e).paddingRight);
"""

# The boxes that must fit at 1280 px. A box is reported when it is wider inside
# than its box (scrollWidth > clientWidth + 1) or sticks out of the text column;
# of nested boxes that overflow together (div.math > mjx-container) the outermost
# is named.
OVERFLOW = (
    "() => {"
    + DESCRIBE
    + r"""
  if (!article) return [];
  const column = contentRight(article);
  const selector = 'table, div.math, mjx-container[display="true"], pre, .cell_output, ' +
                   '.pst-scrollable-table-container, .table-wrapper';
  const found = [];
  for (const e of article.querySelectorAll(selector)) {
    if (e.closest('.wb-scroll')) continue;
    if (!e.checkVisibility({visibilityProperty: true})) continue;
    if (found.some(f => f.el.contains(e))) continue;
    const inner = e.scrollWidth - e.clientWidth;
    const out = e.getBoundingClientRect().right - column;
    if (inner > 1 || out > 1) {
      found.push({el: e, what: name(e), where: where(e), text: text(e),
                  scrollWidth: e.scrollWidth, clientWidth: e.clientWidth,
                  inner: Math.round(inner), out: Math.round(out)});
    }
  }
  return found.map(({el, ...rest}) => rest);
}"""
)

# Content that cannot be seen whole and cannot be scrolled to: an element of the
# article that reaches past the right edge of the box that clips it (an
# admonition, say, which hides what overflows) or past the text column, with no
# box between that scrolls sideways. Math counts as one element; anything inside
# a declared scroll box (wb-scroll) is exempt. A box that scrolls sideways is
# reported when the site gives it no cue (scroll-cue.js marks it wb-overflows)
# or the keyboard cannot reach it to scroll it.
CUT_OFF = (
    "() => {"
    + DESCRIBE
    + r"""
  if (!article) return {cut: [], uncued: []};
  const right = (e) =>
    e.getBoundingClientRect().right - parseFloat(getComputedStyle(e).borderRightWidth);
  const column = contentRight(article);
  const cut = [], uncued = [];
  const elements = [...article.querySelectorAll('*')]
    .filter(e => !e.parentElement.closest('mjx-container'));
  for (const e of elements) {
    if (e.closest('.wb-scroll') || cut.some(c => c.el.contains(e))) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const ox = getComputedStyle(e).overflowX;
    if ((ox === 'auto' || ox === 'scroll') && e.scrollWidth > e.clientWidth + 1 &&
        e.checkVisibility({visibilityProperty: true})) {
      const lacks = [];
      if (!e.classList.contains('wb-overflows')) lacks.push('no cue that it scrolls');
      if (e.tabIndex < 0 && !e.querySelector('a[href], button, input, [tabindex="0"]')) {
        lacks.push('no keyboard access (not focusable)');
      }
      if (lacks.length) {
        uncued.push({what: name(e), where: where(e), text: text(e), lacks: lacks.join(', '),
                     by: e.scrollWidth - e.clientWidth});
      }
    }
    let edge = column, by = 'the text column', scrolls = false;
    for (let a = e.parentElement; a && a !== article; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll') { scrolls = true; break; }
      if (o !== 'visible') { edge = right(a); by = name(a); break; }
    }
    if (scrolls || r.right <= edge + 1) continue;
    if (!e.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    cut.push({el: e, what: name(e), where: where(e), text: text(e),
              by: Math.round(r.right - edge), edge: by});
  }
  return {cut: cut.slice(0, 15).map(({el, ...rest}) => rest), uncued: uncued.slice(0, 15)};
}"""
)


def _overflow_report(o: dict[str, Any]) -> str:
    how = []
    if o["inner"] > 1:
        how.append(
            f"content {o['scrollWidth']} px wide in a {o['clientWidth']} px box "
            f"(+{o['inner']} px hidden)"
        )
    if o["out"] > 1:
        how.append(f"sticks out of the text column by {o['out']} px")
    return f"in '{o['where']}': <{o['what']}> {'; '.join(how)} -- {o['text']}"


def _check_cut_off(page: Any, found: Findings, *, scroll_boxes: bool) -> None:
    """Content cut off; with ``scroll_boxes`` also boxes that scroll without a cue
    or without keyboard access (at 1280 px any box that scrolls is already an
    overflow)."""
    r = page.evaluate(CUT_OFF)
    found.add(
        "cut off",
        [
            f"in '{c['where']}': <{c['what']}> reaches {c['by']} px past "
            + (
                "the text column"
                if c["edge"] == "the text column"
                else f"the edge of <{c['edge']}>, which hides it"
            )
            + f" -- {c['text']}"
            for c in r["cut"]
        ],
    )
    if not scroll_boxes:
        return
    found.add(
        "scroll boxes",
        [
            f"in '{u['where']}': <{u['what']}> scrolls {u['by']} px sideways, with "
            f"{u['lacks']} -- {u['text']}"
            for u in r["uncued"]
        ],
    )


# -- figure text ----------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
# A glyph group of matplotlib's text: scale(s -s), y flipped, s = font size / 100.
GLYPHS = re.compile(r"scale\(\s*([0-9.e]+)[ ,]+-\1\s*\)")


@cache
def svg_text_sizes(path: Path) -> tuple[float, list[tuple[float, str]]]:
    """The width of a matplotlib SVG in pt, and the font size in pt of each text in it.

    matplotlib (``svg.fonttype = "path"``) writes each text artist as a group
    ``<g id="text_N">``, with the text in a comment and its glyphs in a group
    ``<g transform="translate(..) scale(s -s)">``, where ``s`` is the font size
    divided by 100. (Mathtext draws sub- and superscripts at 70 % of that size;
    the size of a text is its font size, as set in matplotlib.)
    """
    root = ET.parse(path, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    svg = root.getroot()
    width = float(re.sub(r"[a-z]+$", "", svg.get("width", "0")))
    if svg.get("width", "").endswith("px"):
        width *= 0.75  # px -> pt
    sizes: list[tuple[float, str]] = []
    for group in svg.iter(f"{SVG}g"):
        if not (group.get("id") or "").startswith("text_"):
            continue
        comment = next((c.text for c in group if c.tag is ET.Comment), "") or ""
        for g in group.iter(f"{SVG}g"):
            match = GLYPHS.search(g.get("transform") or "")
            if match:
                sizes.append((100 * float(match.group(1)), comment.strip()))
                break
    return width, sizes


FIGURES = """
() => [...document.querySelectorAll('article figure img, article .cell_output img')].map(img => {
  const cs = getComputedStyle(img);
  const pad = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth']
    .reduce((a, k) => a + parseFloat(cs[k] || 0), 0);
  const fig = img.closest('figure');
  const cap = fig && fig.querySelector('figcaption');
  const link = img.closest('a');
  return {src: img.getAttribute('src'), width: img.getBoundingClientRect().width - pad,
          caption: cap ? cap.textContent.replace(/\\s+/g, ' ').trim().slice(0, 50) : '',
          inFigure: !!fig, href: link ? link.getAttribute('href') : null};
})
"""


def _site_file(page_path: str, ref: str) -> Path:
    """The file of the build that a relative reference on ``page_path`` points to."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(ref)))
    return HTML / target


def _check_figure_text(page: Any, path: str, found: Findings) -> None:
    for i, fig in enumerate(page.evaluate(FIGURES), start=1):
        src = urlsplit(fig["src"] or "").path
        name = f"figure {i} ({Path(src).name[:16]}…, {fig['caption']!r})"
        if not src.endswith(".svg"):
            continue  # raster images carry no text that can be measured
        file = _site_file(path, src)
        if not file.exists():
            found.add("figure text", f"{name}: {src} is not in the build")
            continue
        width_pt, sizes = svg_text_sizes(file)
        if not sizes or width_pt <= 0:
            continue  # a figure without text
        size, text = min(sizes)
        px = size * fig["width"] / width_pt
        found.check(
            "figure text",
            px >= MIN_FIGURE_TEXT_PX,
            f"{name}: its smallest text, {size:.1f} pt ({text[:50]!r}), renders at {px:.1f} "
            f"CSS px (< {MIN_FIGURE_TEXT_PX:g}): the {width_pt:.0f} pt wide SVG is shown "
            f"{fig['width']:.0f} px wide",
        )


# -- axe-core -------------------------------------------------------------------


@cache
def _axe_source() -> str:
    try:
        from axe_playwright_python.base import AXE_FILE_PATH
    except ImportError:
        pytest.fail("axe-playwright-python is not installed: `pip install -e .[test]`")
    return Path(AXE_FILE_PATH).read_text(encoding="utf-8")


AXE_RUN = """
async ([context, rules, impacts]) => {
  const options = {resultTypes: ['violations'], preload: false};
  if (Array.isArray(rules)) {
    options.runOnly = {type: 'rule', values: rules};
  } else if (rules) {  // every rule that runs by default, except these
    options.rules = Object.fromEntries(rules.except.map(id => [id, {enabled: false}]));
  }
  const r = await axe.run(context || document, options);
  return r.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({
      target: n.target.join(' '), html: n.html.slice(0, 160),
      summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)}))
  }));
}
"""

# The rules whose outcome depends on the colours; the others look at the markup,
# the names and the layout, which the colour mode does not change.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]

# The colour rules cost about 4 ms per element with text (the API page has 8000),
# and most elements look alike to them: the same tag, colour, font, decoration
# and the same backgrounds behind. So they run on samples: one element of each
# kind of text (the page scrolled to the top), the one with the fewest elements
# inside (axe checks those too; excluding the thousands of others from axe's
# context would cost more than it saves). A kind is everything the colour rules
# read: the element's colour, font size and weight, text shadow, decoration,
# opacity and visibility, and the backgrounds, images, opacities, blend modes,
# filters and positioning of its ancestors; for a link also the colour of the
# text around it and whether it sits in a block of other text. MathJax draws its
# glyphs with CSS, not text, which the colour rules do not measure: math is left
# out (it has the colour of the text around it). Compared with full runs on every
# page, light and dark (the API page in light mode; its full runs take minutes),
# the samples find the same kinds of violation: same rule, colours, size, ratio.
MARK_SAMPLES = r"""
() => {
  window.scrollTo(0, 0);
  document.querySelectorAll('[data-wb-colour]').forEach(e => e.removeAttribute('data-wb-colour'));
  const behind = new Map();
  const ground = (e) => {
    if (!e) return '';
    if (behind.has(e)) return behind.get(e);
    const cs = getComputedStyle(e);
    const own = (cs.backgroundColor !== 'rgba(0, 0, 0, 0)' || cs.backgroundImage !== 'none' ||
                 cs.opacity !== '1' || cs.mixBlendMode !== 'normal' || cs.filter !== 'none' ||
                 cs.position !== 'static' && cs.position !== 'relative')
      ? [cs.backgroundColor, cs.backgroundImage.slice(0, 80), cs.opacity, cs.mixBlendMode,
         cs.filter, cs.position].join('|')
      : '';
    const g = ground(e.parentElement) + (own ? '>' + own : '');
    behind.set(e, g);
    return g;
  };
  const best = new Map();  // kind -> [element, number of elements inside it]
  let texts = 0;
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest('mjx-container')) continue;
    const link = e.matches('a[href]');
    if (!link && ![...e.childNodes].some(c => c.nodeType === 3 && c.textContent.trim())) continue;
    const cs = getComputedStyle(e);
    let kind = [e.tagName, cs.color, cs.fontSize, cs.fontWeight, cs.textShadow,
                cs.textDecorationLine, cs.visibility, cs.opacity, ground(e)].join(';');
    if (link) {
      const block = e.parentElement.closest('p, li, dd, dt, td, th, div, figcaption, blockquote');
      kind += ';' + getComputedStyle(e.parentElement).color + ';' +
        (block ? block.tagName + '|' + getComputedStyle(block).display + '|' +
                 (block.textContent.trim() !== e.textContent.trim()) : '');
    }
    texts++;
    const size = e.getElementsByTagName('*').length;
    const known = best.get(kind);
    if (!known || size < known[1]) best.set(kind, [e, size]);
  }
  let checked = 0;
  for (const [e, size] of best.values()) {
    e.setAttribute('data-wb-colour', 'sample');
    checked += 1 + size;
  }
  return {texts, kinds: best.size, checked};
}
"""
SAMPLED = {"include": [["[data-wb-colour]"]], "exclude": [["mjx-container"]]}
UNMARK = """
() => document.querySelectorAll('[data-wb-colour]')
  .forEach(e => e.removeAttribute('data-wb-colour'))
"""
# With the solutions closed, what a reader perceives of a block is its title bar
# and button (the content is hidden); the rest of the page is the same markup
# with the same styles, checked with the blocks open.
CLOSED_TITLES = {"include": [[f"{SOLUTIONS} > .admonition-title"]]}


def _axe(page: Any, state: str, found: Findings, context: Any, rules: Any) -> None:
    """Run axe-core's ``rules`` (a list, or ``{"except": [...]}``) on ``context``."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    for v in page.evaluate(AXE_RUN, [context, rules, list(AXE_IMPACTS)]):
        nodes = v["nodes"]
        shown = "; ".join(f"{n['target']} {n['html']!r} ({n['summary']})" for n in nodes[:4])
        more = f"; and {len(nodes) - 4} more" if len(nodes) > 4 else ""
        found.add(
            f"axe, {state}",
            f"{v['id']} ({v['impact']}, {len(nodes)} element(s)): {v['help']}: {shown}{more}",
        )


def _axe_closed(page: Any, found: Findings) -> None:
    """The closed blocks' title bars: every rule in light mode, the colour rules in dark."""
    set_mode(page, "light")
    _axe(page, "light, solutions closed", found, CLOSED_TITLES, None)
    set_mode(page, "dark")
    _axe(page, "dark, solutions closed", found, CLOSED_TITLES, COLOUR_RULES)
    set_mode(page, "light")


def _axe_page(page: Any, state: str, found: Findings) -> None:
    """The whole page: every rule in light mode (the colour rules on samples), and
    the colour rules (on samples) again in dark mode."""
    set_mode(page, "light")
    _axe(page, f"light, {state}", found, None, {"except": COLOUR_RULES})
    page.evaluate(MARK_SAMPLES)
    _axe(page, f"light, {state}", found, SAMPLED, COLOUR_RULES)
    set_mode(page, "dark")
    page.evaluate(MARK_SAMPLES)  # the kinds of text are told apart by their colours
    _axe(page, f"dark, {state}", found, SAMPLED, COLOUR_RULES)
    page.evaluate(UNMARK)


# -- the tests ------------------------------------------------------------------


@pytest.mark.parametrize("path", or_placeholder(pages()))
def test_page_at_1280(wide: Visit, path: str) -> None:
    """Everything at 1280 px, in one load of the page: it reads offline; its answer
    boxes (before anything is unfolded); folding, print and axe with the solutions
    closed; then, with every solution open: axe, figures in dark mode, overflow and
    the size of figure text."""
    found = Findings(f"{path} at 1280 px")
    page = _open(wide, path)
    found.add("offline", offline_problems(page, path))
    question = QUESTION.fullmatch(path) is not None
    if question:
        states = _check_closed_on_load(page, found)
        replay_boxes(page, path, found)
        _check_print(page, found)
        found.add("folding", folded_problems(fold_state(page), "after printing"))
        if states:
            _axe_closed(page, found)
        _check_toggling(page, states, found)
    elif page.locator(SOLUTIONS).count():
        open_all(page)
    _axe_page(page, "solutions open" if question else "as loaded", found)
    found.add("offline: figures in dark mode", dark_figure_problems(page))
    set_mode(page, "light")
    found.add("overflow", [_overflow_report(o) for o in page.evaluate(OVERFLOW)])
    _check_cut_off(page, found, scroll_boxes=False)
    _check_figure_text(page, path, found)
    found.add("network and console", wide.problems())
    found.assert_none()


# Which elements make the page wider than the viewport: the outermost elements
# that reach past its right edge without an ancestor that clips them.
SIDEWAYS = r"""
() => {
  const vw = document.documentElement.clientWidth;
  const clips = (e) => {
    for (let a = e.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o !== 'visible') return a.getBoundingClientRect().right <= vw + 1;
    }
    return false;
  };
  const found = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1) continue;
    if (found.some(f => f.el.contains(e)) || clips(e)) continue;
    if (!e.checkVisibility({visibilityProperty: true})) continue;
    const s = e.closest('section');
    const h = s && s.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4');
    let text = e.textContent.replace(/\s+/g, ' ').trim();
    try {
      const items = MathJax.startup.document.getMathItemsWithin(e);
      if (items.length) text = 'TeX: ' + items[0].math.replace(/\s+/g, ' ').trim();
    } catch (err) {}
    found.push({el: e, what: e.tagName.toLowerCase() + [...e.classList].map(c => '.' + c).join(''),
                where: h ? h.textContent.replace(/[#¶]/g, '').trim().slice(0, 50) : '?',
                by: Math.round(r.right - vw), text: text.slice(0, 100)});
  }
  return {doc: document.documentElement.scrollWidth, vw, inner: window.innerWidth,
          culprits: found.slice(0, 12).map(({el, ...rest}) => rest)};
}
"""


def _check_sideways(page: Any, state: str, found: Findings) -> None:
    r = page.evaluate(SIDEWAYS)
    if r["doc"] == r["vw"] and r["vw"] == r["inner"]:
        return
    culprits = "; ".join(
        f"<{c['what']}> in '{c['where']}' reaches {c['by']} px past the edge: {c['text']!r}"
        for c in r["culprits"]
    )
    found.add(
        f"page width, {state}",
        f"document.documentElement.scrollWidth is {r['doc']} px in a {r['inner']} px viewport "
        f"(client width {r['vw']} px): {culprits or 'no element found past the edge'}",
    )


def _check_figure_links(page: Any, path: str, found: Findings) -> None:
    for i, fig in enumerate(page.evaluate(FIGURES), start=1):
        if not fig["inFigure"]:
            continue
        name = f"figure {i} ({fig['caption']!r})"
        href = fig["href"]
        if href is None:
            found.add("figure links", f"{name}: its image is not inside a link")
            continue
        parts = urlsplit(href)
        if parts.netloc or parts.scheme:
            found.add("figure links", f"{name}: links to another host: {href}")
            continue
        if not _site_file(path, parts.path).is_file():
            found.add("figure links", f"{name}: links to {href}, which is not in the build")
        elif Path(parts.path).name != Path(urlsplit(fig["src"]).path).name:
            found.add("figure links", f"{name}: links to {href}, not to its image {fig['src']}")


@pytest.mark.parametrize("path", or_placeholder(pages()))
def test_page_at_400(narrow: Visit, path: str) -> None:
    """A phone: the page never scrolls sideways (solutions closed and open); figures
    open full size on a tap."""
    found = Findings(f"{path} at {NARROW} px")
    page = _open(narrow, path)
    folds = page.locator(SOLUTIONS).count()
    _check_sideways(page, "solutions closed" if folds else "as loaded", found)
    if folds:
        open_all(page)
        _check_sideways(page, "solutions open", found)
    _check_cut_off(page, found, scroll_boxes=True)
    _check_figure_links(page, path, found)
    found.add("network and console", narrow.problems())
    found.assert_none()
