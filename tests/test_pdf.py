"""The book as a PDF (``nox -s pdf``), read back with Debian's poppler-utils.

The PDF in ``book/_build/latex`` is read with ``pdftotext``, ``pdffonts`` and
``pdfinfo``, and its LaTeX log is read as LaTeX wrote it:

- every question page of the book is a chapter that starts a page, with its
  title, in the order of the book, and holds its exercise, each of its
  solutions (shown, not folded), its Check and its Takeaways;
- every number the HTML pages glue into their text (``{glue:text}``) is in the
  PDF's text of the same question: the two are built from one execution;
- every figure of the HTML pages is typeset in the PDF, caption included;
- every font is embedded; LaTeX found every character, every reference, and
  set no line more than a small tolerance into the margin;
- the index of the algorithms lists every public function of ``wbcode``.

Nothing here is hard-coded: the questions, titles, numbers and figures come
from the pages' sources and the built HTML. Without the PDF (or the HTML, or
poppler-utils) the tests are skipped with a hint; with ``WBCODE_REQUIRE_PDF=1``
(set by ``.ci/run``) they fail instead. ``WBCODE_LATEX_DIR`` and
``WBCODE_SITE_HTML`` point them at other build directories.

One more test needs no TeX: a LaTeX build of a small project executes nothing
that its HTML build has executed, as the book's two builds share one cache.
"""

from __future__ import annotations

import html
import inspect
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
LATEX = Path(os.environ.get("WBCODE_LATEX_DIR", BOOK / "_build" / "latex")).resolve()
HTML = Path(os.environ.get("WBCODE_SITE_HTML", BOOK / "_build" / "html")).resolve()
NAME = "deep-learning-workbook-solved"
PDF, LOG, IND = (LATEX / f"{NAME}{suffix}" for suffix in (".pdf", ".log", ".ind"))
REQUIRED = os.environ.get("WBCODE_REQUIRE_PDF") == "1"
# An overfull line or page this much past the margin is invisible in print.
TOLERANCE_PT = 5.0
TITLE = re.compile(r"^#\s+Q(\d+)\.\s+(.+)$", re.MULTILINE)


def _unavailable(hint: str) -> None:
    """Skip with a one-line hint, or fail when the PDF checks are mandatory."""
    if REQUIRED:
        pytest.fail(f"WBCODE_REQUIRE_PDF=1 but {hint}", pytrace=False)
    pytest.skip(hint)


def _need_pdf() -> None:
    for tool in ("pdftotext", "pdffonts", "pdfinfo"):
        if shutil.which(tool) is None:
            _unavailable(f"{tool} is missing: `apt-get install poppler-utils`")
    if not PDF.exists() or not LOG.exists():
        _unavailable(f"no PDF at {PDF}: run `nox -s pdf` first")


def _need_html() -> None:
    if not (HTML / "index.html").exists():
        _unavailable(f"no built book at {HTML}: run `nox -s book` after `nox -s pdf`")


def normalize(text: str) -> str:
    """Text as extracted and as written compare equal: ligatures, spaces, line-end hyphens.

    A line may end after a hyphen (``2.8e-`` / ``17``); the space after such a
    hyphen is dropped when a digit follows.
    """
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"([-\u2010\u2011\u2212]) (?=\d)", r"\1", text).strip()


@cache
def pages() -> list[str]:
    """The PDF's text, page by page."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(PDF), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    return [normalize(page) for page in out.split("\f")]


@dataclass(frozen=True)
class Question:
    number: int
    title: str
    source: Path

    @property
    def heading(self) -> str:
        """The chapter heading in the PDF: "Q7 Data augmentation for speech"."""
        return normalize(f"Q{self.number} {self.title}")


@cache
def questions() -> list[Question]:
    """The question pages of the book, in the book's order (by number), from their sources."""
    found = []
    for source in BOOK.glob("q[0-9][0-9]-*.md"):
        match = TITLE.search(source.read_text(encoding="utf-8"))
        assert match, f"{source.name} has no '# Qn. Title' heading"
        found.append(Question(int(match.group(1)), match.group(2).strip(), source))
    return sorted(found, key=lambda q: q.number)


@cache
def chapter_pages() -> dict[int, int]:
    """Question number -> index of the page its chapter starts on (the heading first)."""
    start = {}
    for q in questions():
        for i, text in enumerate(pages()):
            if text.startswith(q.heading):
                start[q.number] = i
                break
    return start


def chapter_text(number: int) -> str:
    """The text of a question's chapter: from its first page to the next chapter's."""
    starts = sorted(chapter_pages().values())
    first = chapter_pages()[number]
    later = [s for s in starts if s > first]
    last = later[0] if later else len(pages())
    return " ".join(pages()[first:last])


@pytest.fixture(scope="module")
def pdf() -> None:
    _need_pdf()


@pytest.fixture(scope="module")
def site(pdf: None) -> None:
    _need_html()


def test_pdf_has_pages(pdf: None) -> None:
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert count == len(pages()) - 1  # pdftotext ends every page with a form feed
    assert count > 2 * len(questions())


def test_no_page_is_blank(pdf: None) -> None:
    # A page with nothing but its number (or nothing): a stray page break.
    blank = [i + 1 for i, text in enumerate(pages()[:-1]) if not re.sub(r"^[\divxlc]*$", "", text)]
    assert not blank, f"blank pages: {blank}"


def test_every_question_starts_a_page_with_its_title_in_order(pdf: None) -> None:
    missing = [q.heading for q in questions() if q.number not in chapter_pages()]
    assert not missing, f"no page starts with these chapter headings: {missing}"
    order = [chapter_pages()[q.number] for q in questions()]
    assert order == sorted(order) and len(set(order)) == len(order), order


@pytest.mark.parametrize("q", questions(), ids=lambda q: f"Q{q.number}")
def test_each_question_shows_its_exercise_solutions_check_and_takeaways(
    pdf: None, q: Question
) -> None:
    source = q.source.read_text(encoding="utf-8")
    text = chapter_text(q.number) if q.number in chapter_pages() else ""
    assert f"Exercise {q.number} " in text
    blocks = re.findall(
        r"^`{3,}\{solution(?:-start)?\}[^\n]*\n((?::\w+:[^\n]*\n)*)", source, re.MULTILINE
    )
    checks = sum(1 for options in blocks if re.search(r"^:class:.*\bcheck\b", options, re.M))
    solutions = len(blocks) - checks
    assert solutions >= 1
    # Every solution is typeset, open: its heading and its text are in the PDF;
    # so is the Check, in a block of its own.
    assert text.count(f"Solution to Exercise {q.number} ") == solutions
    assert text.count("Check: the key result a second way") == checks
    for heading in re.findall(r"^##\s+(.+)$", source, re.MULTILINE):
        assert normalize(heading) in text, f"Q{q.number}: section {heading!r} missing"


def _html_page(q: Question) -> str:
    page = HTML / f"{q.source.stem}.html"
    assert page.exists(), f"{page} missing: the HTML and the PDF are built from different pages"
    return page.read_text(encoding="utf-8")


@pytest.mark.parametrize("q", questions(), ids=lambda q: f"Q{q.number}")
def test_glued_numbers_of_the_html_are_in_the_pdf(site: None, q: Question) -> None:
    glued = [
        normalize(html.unescape(re.sub(r"<[^>]+>", "", value)))
        for value in re.findall(
            r'<span class="pasted-text">(.*?)</span>', _html_page(q), flags=re.DOTALL
        )
    ]
    numbers = [value for value in glued if re.search(r"\d", value)]
    assert numbers or not glued, f"Q{q.number}: glued values without a number: {glued}"
    text = chapter_text(q.number)
    absent = sorted({value for value in numbers if value not in text})
    assert not absent, f"Q{q.number}: glued in the HTML but not in the PDF: {absent}"


def _used_graphics() -> set[str]:
    """Stems of the graphics files LaTeX typeset (its log names each one)."""
    log = LOG.read_text(encoding="utf-8", errors="replace")
    return {Path(name).stem for name in re.findall(r"<use ([^>\s]+)", log)}


@pytest.mark.parametrize("q", questions(), ids=lambda q: f"Q{q.number}")
def test_every_figure_of_the_html_is_in_the_pdf(site: None, q: Question) -> None:
    page = _html_page(q)
    images = {Path(src).stem for src in re.findall(r'<img[^>]*\ssrc="_images/([^"]+)"', page)}
    missing = images - _used_graphics()
    assert not missing, f"Q{q.number}: images of the HTML page not typeset: {sorted(missing)}"
    text = chapter_text(q.number)
    for caption in re.findall(r"<figcaption>(.*?)</figcaption>", page, flags=re.DOTALL):
        words = normalize(html.unescape(re.sub(r"<[^>]+>", "", caption)))
        words = re.sub(r"\s*¶\s*$|^\s*Fig\.\s*[\d.]+\s*", "", words)
        # The caption's first words, before any math (which pdftotext spells its own way).
        start = re.split(r"[\\$]", words)[0][:60].strip()
        assert start in text, f"Q{q.number}: caption {start!r} not in the PDF"


def test_every_font_is_embedded(pdf: None) -> None:
    out = subprocess.run(["pdffonts", str(PDF)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, "pdffonts lists no font"
    # Columns from the right: emb sub uni object-number generation.
    not_embedded = [row[0] for row in rows if row[-5] != "yes"]
    assert not not_embedded, f"fonts not embedded: {not_embedded}"


def _log() -> str:
    return LOG.read_text(encoding="utf-8", errors="replace")


def test_latex_found_every_character(pdf: None) -> None:
    missing = sorted(set(re.findall(r"Missing character: .*", _log())))
    assert not missing, missing


def test_latex_resolved_every_reference(pdf: None) -> None:
    undefined = re.findall(r"LaTeX Warning: (?:Hyper r|R)eference .*? undefined", _log())
    assert not undefined and "There were undefined references" not in _log(), undefined


def test_no_line_or_page_runs_past_the_margin(pdf: None) -> None:
    boxes = re.finditer(r"Overfull \\[hv]box \(([\d.]+)pt too \w+\).*", _log())
    too_far = [m.group(0) for m in boxes if float(m.group(1)) > TOLERANCE_PT]
    assert not too_far, too_far


def test_index_lists_every_public_function(pdf: None) -> None:
    import wbcode

    assert IND.exists(), f"{IND} missing: makeindex did not run"
    index = IND.read_text(encoding="utf-8")
    functions = [
        name
        for name in wbcode.__all__
        if inspect.isfunction(getattr(wbcode, name)) and not name.startswith("_")
    ]
    assert functions
    entries = set(re.findall(r"\\spxentry\{(.*?)\(\)\}", index.replace(r"\_", "_")))
    absent = [name for name in functions if name not in entries]
    assert not absent, f"not in the index of the algorithms: {absent}"
    assert any(text.startswith("Index of the algorithms") for text in pages())


def test_the_site_offers_the_same_pdf(site: None) -> None:
    copy = HTML / PDF.name
    assert copy.exists(), f"{copy} missing: run `nox -s book` after `nox -s pdf`"
    assert copy.read_bytes() == PDF.read_bytes(), "the site holds another build of the PDF"
    index = (HTML / "index.html").read_text(encoding="utf-8")
    assert f'href="{PDF.name}"' in index, "the introduction does not link to the PDF"
    for q in questions():
        menu = re.search(r'href="([^"]+)"[^>]*download-book-pdf-button', _html_page(q))
        assert menu and menu.group(1) == PDF.name, f"Q{q.number}: no PDF in the download menu"


def test_question_numbers_and_imports_of_a_page() -> None:
    sys.path.insert(0, str(BOOK / "_ext"))
    try:
        from book_pdf import question_number, wbcode_imports
    finally:
        sys.path.remove(str(BOOK / "_ext"))
    assert question_number("q07-augmentation") == 7
    assert question_number("notation") is None
    source = "from wbcode.softmax import softmax, log_softmax\nfrom wbcode.workbook import Q1\n"
    assert wbcode_imports(source) == [
        ("softmax", "wbcode.softmax", "function"),
        ("log_softmax", "wbcode.softmax", "function"),
    ]


# -- the execution cache: one execution for both builds -------------------------------------

PAGE = """\
---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Page {name}

```{{code-cell}} ipython3
import os
from wbcode.softmax import softmax

with open(os.environ["EXEC_LOG"], "a") as log:
    log.write("{name}\\n")
print(softmax([0.0, 0.0]))
```

````{{exercise}} Question {name}
:label: ex-{name}

Compute it.
````

```{{solution}} ex-{name}
:class: dropdown

Solved on page {name}.
```

```{{code-cell}} ipython3
:tags: [hide-input]

print("folded" + " output of {name}")
```

```{{admonition}} Check of {name}
:class: dropdown

Checked on page {name}.
```
"""

CONF = """\
import sys
sys.path.insert(0, {ext!r})
extensions = ["myst_nb", "wbcode_deps", "book_pdf"]
nb_execution_mode = "cache"
nb_execution_cache_path = {cache!r}
nb_execution_raise_on_error = True
exclude_patterns = ["_build"]
latex_documents = [("index", "small.tex", "Small", "A", "manual", False)]
"""


@pytest.mark.slow
def test_latex_build_executes_nothing_the_html_build_executed(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF.format(ext=str(BOOK / "_ext"), cache=str(tmp_path / "cache")))
    (src / "index.md").write_text("# Small\n\n```{toctree}\n:caption: Part\n\na\nb\n```\n")
    for name in "ab":
        (src / f"{name}.md").write_text(PAGE.format(name=name))
    log = tmp_path / "exec.log"
    log.write_text("")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EXEC_LOG": str(log)}

    def build(builder: str) -> list[str]:
        before = log.read_text().split()
        out = tmp_path / builder
        proc = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", builder, str(src), str(out)],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        return sorted(log.read_text().split()[len(before) :])

    assert build("html") == ["a", "b"]
    assert build("latex") == []
    tex = (tmp_path / "latex" / "small.tex").read_text(encoding="utf-8")
    assert tex.count("[0.5 0.5]") == 2  # the cached outputs are typeset
    assert r"\wbpart{Part}" in tex  # the toctree's caption is a part
    # Exercises in boxes; solutions and folded admonitions open, unboxed.
    assert tex.count(r"\begin{sphinxadmonition}{important}") == 2
    assert tex.count(r"\begin{wbsolution}") == 4
    for name in "ab":
        assert f"Solved on page {name}." in tex and f"Checked on page {name}." in tex
        # A folded source is left out, its output shown.
        assert f"folded output of {name}" in tex
    assert tex.count("folded") == 2, "a folded source is typeset"
