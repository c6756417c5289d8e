"""Offer every notebook page for download as a Jupyter notebook, beside its MyST source.

At build time, each page written as a MyST notebook (its front matter has a
``kernelspec``, as every question page has) is converted with jupytext into
``_sources/<page>.ipynb`` of the HTML output. The page context then carries
``ipynb_source``, so the download menu of sphinx-book-theme lists ``.ipynb``
beside ``.md`` (the MyST source, which Sphinx copies to ``_sources/``).

The notebook runs top to bottom in plain Jupyter with ``wbcode`` installed; it
does not need myst-nb (nor Sphinx). In the book, ``myst_nb.glue`` inserts
values and figures into the text; outside the book there is no text to insert
into, so the notebook's first code cell defines a small ``glue`` of its own that
shows figures where the page shows them, and the pages' ``from myst_nb import
glue`` lines are left out. The prose keeps its MyST markup (a ``{glue:text}``
role names the variable a cell computed).

The conversion is deterministic (fixed cell ids, no tool metadata), so two
builds produce the same notebook.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jupytext
import nbformat
from sphinx.application import Sphinx

__all__ = ["GLUE_SHIM", "is_notebook_page", "to_notebook", "to_notebook_json"]

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
GLUE_IMPORT = re.compile(r"^[ \t]*from[ \t]+myst_nb[ \t]+import[ \t]+glue[ \t]*(#.*)?\n?", re.M)
# The book's self-check box is a web-page form; the notebook says where it was.
ANSWER_BOX = re.compile(r"^(`{3,}|:{3,})\{answer-box\}[^\n]*\n(?:.*\n)*?\1[ \t]*$", re.M)
ANSWER_NOTE = "*(On the book's web page, a box here checks the results you type.)*"

GLUE_SHIM = """\
# In the book, glue(name, value) puts a value computed here into the text.
# In this notebook it shows each figure where the page shows it.
def glue(name, variable, display=True):
    from IPython.display import display as show
    from matplotlib.figure import Figure

    if display or isinstance(variable, Figure):
        show(variable)"""

INTRO = """\
A page of the book *{project}*, as a notebook. Run the cells from the top: they
need the `wbcode` package from the book's repository (`pip install -e .` in a
clone; it brings numpy and matplotlib) and Jupyter, nothing else. The text keeps
the book's markup: a role such as {{glue:text}}`name` stands for a number that a
cell computes, and the book shows it filled in."""


def is_notebook_page(text: str) -> bool:
    """True for a MyST notebook: a page whose front matter declares a ``kernelspec``."""
    match = FRONT_MATTER.match(text)
    return bool(match and re.search(r"^kernelspec:", match.group(1), re.M))


def to_notebook(text: str, *, project: str = "Deep Learning Workbook, solved") -> Any:
    """Convert a MyST notebook page to a notebook that runs in plain Jupyter.

    Parameters
    ----------
    text : str
        The page's MyST source (``file_format: mystnb`` / jupytext ``myst``).
    project : str
        The book's title, named in the notebook's first cell.

    Returns
    -------
    nbformat.NotebookNode
        A valid nbformat 4 notebook: the page's cells in order, with an
        introduction and the ``glue`` stand-in right after the title.
    """
    nb = jupytext.reads(text, fmt="md:myst")
    nb.metadata.pop("jupytext", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = GLUE_IMPORT.sub("", cell.source)
        else:
            cell.source = ANSWER_BOX.sub(ANSWER_NOTE, cell.source)
    intro = nbformat.v4.new_markdown_cell(INTRO.format(project=project))
    shim = nbformat.v4.new_code_cell(GLUE_SHIM)
    # After the title, if the page opens with it; before everything else otherwise.
    first = nb.cells[:1]
    at = 1 if first and first[0].cell_type == "markdown" and first[0].source.startswith("# ") else 0
    nb.cells[at:at] = [intro, shim]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:03d}"
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.validate(nb)
    return nb


def to_notebook_json(text: str, **kwargs: Any) -> str:
    """:func:`to_notebook`, serialised as ``.ipynb`` JSON (stable key order)."""
    nb = to_notebook(text, **kwargs)
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None or pagename not in app.env.found_docs:
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".md":
        return
    text = source.read_text(encoding="utf-8")
    if not is_notebook_page(text):
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(to_notebook_json(text, project=app.config.project), encoding="utf-8")
    # sphinx-book-theme adds a ".ipynb" entry to its download menu for this key.
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app: Sphinx) -> dict[str, Any]:
    # Before the theme builds its header buttons (priority 501).
    app.connect("html-page-context", _on_page_context, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
