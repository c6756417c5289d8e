"""Every question page, taken away as a notebook, runs top to bottom in plain Jupyter.

The proof reuses the book that ``nox -s book`` built instead of executing all
the notebooks a second time. For each question page:

1. the download, ``_sources/<page>.ipynb`` of the built site, is the
   conversion of the page as it is now (``book/_ext/notebooks.py``);
2. the build executed exactly the download's code: the executed notebook that
   the build's execution cache holds for this page (found by the code the
   build keyed it on) has, cell for cell, the download's code, but for the
   documented differences: the page's ``from myst_nb import glue`` lines (the
   download leaves them out), the download's ``glue`` stand-in (first), and the
   removed cell with which the build records what it loaded (last);
3. that execution, in a ``python3`` kernel in an empty temporary folder
   (``nb_execution_in_temp``), has no error output;
4. no code cell of the download needs myst-nb, the stand-in accepts every call
   that myst-nb's ``glue`` accepts, and it shows every figure the page shows:
   each ``{glue:figure}`` of the page glued a matplotlib figure, which the
   stand-in displays.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import BOOK, BuiltBook, load_extension

PAGES = sorted(p.name for p in BOOK.glob("q[0-9][0-9]-*.md"))
FIGURE_ROLE = re.compile(r"^`{3,}\{glue:figure\}[ \t]+(\S+)", re.M)
FIGURE_REPR = re.compile(r"<Figure size \d+(\.\d+)?x\d+(\.\d+)? with \d+ Axes>")
ROOT_PKG = BOOK.parent / "wbcode"


def _executed(book: BuiltBook, page: Path) -> Any:
    """The executed notebook that the build's cache holds for the page as it is now."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import read_myst_markdown_notebook

    deps = load_extension("wbcode_deps")
    record = deps.load_record(book.cache / "wbcode_deps", page.stem)
    assert record is not None, f"{page.name}: the build kept no record of it: run `nox -s book`"
    assert deps.is_current(record, deps.package_hashes(ROOT_PKG)), (
        f"{page.name}: wbcode changed since the book was built: run `nox -s book`"
    )
    text = page.read_text(encoding="utf-8") + deps.recorder_block(page.stem, record["token"])
    cache = get_cache(str(book.cache))
    try:
        pk = cache.match_cache_notebook(read_myst_markdown_notebook(text)).pk
    except KeyError:
        pytest.fail(f"{page.name}: the build's cache holds no run of this code: run `nox -s book`")
    return cache.get_cache_bundle(pk).nb


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_the_download_is_the_notebook_the_build_ran(built_book: BuiltBook, name: str) -> None:
    page = BOOK / name
    if not built_book.has(page):
        pytest.skip(f"{name} is not in this build (WBBOOK_ONLY)")
    notebooks = load_extension("notebooks")
    text = page.read_text(encoding="utf-8")
    served = built_book.html / "_sources" / f"{page.stem}.ipynb"
    assert served.read_text(encoding="utf-8") == notebooks.to_notebook_json(text), (
        f"{served} is not the conversion of {name} as it is now: run `nox -s book`"
    )
    served_nb = nbformat.reads(served.read_text(encoding="utf-8"), as_version=4)
    download = [c.source for c in served_nb.cells if c.cell_type == "code"]
    executed = _executed(built_book, page)

    assert executed.metadata["kernelspec"]["name"] == "python3"
    errors = [
        o for c in executed.cells for o in c.get("outputs", []) if o["output_type"] == "error"
    ]
    assert not errors, f"{name}: the build's run has errors: {errors}"
    ran = [c.source for c in executed.cells]
    assert ran[-1].startswith("# " + load_extension("wbcode_deps").MARKER)
    expected = [notebooks.GLUE_SHIM, *(notebooks.GLUE_IMPORT.sub("", c) for c in ran[:-1])]
    assert download == expected, f"{name}: the download's code is not the code the build ran"
    assert not [c for c in download if "myst_nb" in c], f"{name}: a cell needs myst-nb"

    glued = {
        o["metadata"]["scrapbook"]["name"]: o["data"]
        for c in executed.cells
        for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    }
    for figure in FIGURE_ROLE.findall(text):
        data = glued.get(figure)
        assert data is not None, f"{name}: {{glue:figure}} {figure} was never glued"
        plain = next((v for k, v in data.items() if k.endswith("text/plain")), "")
        assert FIGURE_REPR.fullmatch("".join(plain).strip()), (
            f"{name}: {figure} is not a matplotlib figure ({plain!r}): the stand-in shows "
            "only figures when display=False"
        )


def test_the_build_executes_pages_in_an_empty_folder() -> None:
    """As a reader's Jupyter would: a page that reads a file beside it fails the build."""
    conf = (BOOK / "conf.py").read_text(encoding="utf-8")
    assert re.search(r"^nb_execution_in_temp = True$", conf, re.M), (
        "book/conf.py must set nb_execution_in_temp = True: the build must execute each page "
        "in an empty folder, as a reader's Jupyter does, for its runs to stand for the downloads"
    )


def test_the_glue_stand_in_takes_every_call_and_shows_figures(monkeypatch) -> None:
    import IPython.display
    import matplotlib
    from myst_nb import glue as myst_glue

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    namespace: dict[str, Any] = {}
    exec(load_extension("notebooks").GLUE_SHIM, namespace)
    stand_in = namespace["glue"]
    ours, theirs = inspect.signature(stand_in), inspect.signature(myst_glue)
    assert [(p.name, p.kind, p.default) for p in ours.parameters.values()] == [
        (p.name, p.kind, p.default) for p in theirs.parameters.values()
    ]
    shown: list[Any] = []
    monkeypatch.setattr(IPython.display, "display", lambda value: shown.append(value))
    figure = Figure()
    stand_in("fig", figure, display=False)
    stand_in("x", 1.5, display=False)
    stand_in("y", 2.5)
    assert shown == [figure, 2.5]


def test_conversion_is_a_valid_deterministic_notebook() -> None:
    ext = load_extension("notebooks")
    text = (BOOK / PAGES[0]).read_text(encoding="utf-8")
    assert ext.is_notebook_page(text)
    assert not ext.is_notebook_page((BOOK / "notation.md").read_text(encoding="utf-8"))
    first = ext.to_notebook_json(text)
    assert first == ext.to_notebook_json(text)
    assert "from myst_nb import glue" not in first
    assert "def glue(" in first
