"""The book as one PDF: its LaTeX layout, and the link to it from the HTML site.

LaTeX builder (``nox -s pdf``), on the assembled book:

1. The root page's table-of-contents captions become unnumbered parts
   (``\\wbpart``), in the order of the HTML table of contents. The parts before
   the first question are front matter, those after the last one back matter.
2. The root page's own text becomes a chapter, *Introduction*; its title is the
   book's title page.
3. Each question page is chapter ``Qn``: its number is set from the page name
   (so a partial build with ``WBBOOK_ONLY`` numbers chapters right), and the
   "Qn. " prefix of its title becomes the chapter number.
4. Exercises are boxes; solutions are always open, set between two rules (no
   frame, so they break across pages as text does), figures kept in place. A
   code cell whose source the site folds away (``hide-input``) shows its output;
   an admonition the site folds (``:class: dropdown``) is set open, as solutions;
   a listing of a function's body loses its common indentation.
5. Tables get column types: natural width with their source's alignment when
   they fit the line, wrapped to it otherwise.
6. The index of the algorithms: every ``wbcode`` function or class a question
   page imports gets an index entry where the page first shows it in code (a
   cell's source or a listing); the API reference's entry is the main (bold) one.

The LaTeX macros used here (``\\wbpart``, the ``wbsolution`` environment) are
defined in the LaTeX section of ``conf.py``.

HTML builder: when the PDF exists (``book_pdf_file``), it is copied next to the
pages, the download menu of every page offers it, and the ``{book-pdf}`` role
links to it.
"""

from __future__ import annotations

import importlib
import inspect
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.latex import LaTeXTranslator

__all__ = ["question_number", "wbcode_imports"]

QUESTION_PAGE = re.compile(r"q(\d\d)-")
QUESTION_TITLE = re.compile(r"^Q(\d+)\.\s+")
FROM_IMPORT = re.compile(
    r"^[ \t]*from[ \t]+(wbcode(?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)", re.MULTILINE
)


def question_number(docname: str) -> int | None:
    """``q07-augmentation`` -> 7; ``None`` for a page that is not a question."""
    match = QUESTION_PAGE.match(docname)
    return int(match.group(1)) if match else None


def wbcode_imports(source: str) -> list[tuple[str, str, str]]:
    """The ``wbcode`` functions and classes a page imports, in order of first import.

    Returns ``(name, module, kind)`` triples, with the module that defines the
    object (where the API reference documents it) and kind ``"function"`` or
    ``"class"``. Data (the workbook's records) and unknown names are left out.
    """
    found: dict[str, tuple[str, str, str]] = {}
    for module_name, names in FROM_IMPORT.findall(source):
        module = importlib.import_module(module_name)
        for part in re.split(r"[\s,()]+", names):
            name = part.strip()
            if not name or name == "as" or not hasattr(module, name):
                continue
            obj = getattr(module, name)
            if inspect.ismodule(obj):
                continue
            home = getattr(obj, "__module__", "") or ""
            if not home.startswith("wbcode"):
                continue
            if inspect.isclass(obj):
                found.setdefault(obj.__name__, (obj.__name__, home, "class"))
            elif callable(obj):
                found.setdefault(obj.__name__, (obj.__name__, home, "function"))
    return list(found.values())


def _index_text(name: str, module: str, kind: str) -> str:
    """The text of Python-domain index entries, so both kinds merge into one."""
    if kind == "class":
        return f"{name} (class in {module})"
    return f"{name}() (in module {module})"


# -- LaTeX: the assembled book ---------------------------------------------------


def _raw(latex: str) -> nodes.raw:
    return nodes.raw("", latex + "\n", format="latex")


def _captions(app: Sphinx) -> dict[str, str]:
    """Each page of a captioned toctree of the root page -> the caption."""
    root = app.config.root_doc
    caption: dict[str, str] = {}
    for toctree in app.env.get_doctree(root).findall(addnodes.toctree):
        for name in toctree["includefiles"]:
            if toctree.get("caption"):
                caption[str(name)] = toctree["caption"]
    return caption


def _docs(node: nodes.Element) -> list[str]:
    return [str(sof["docname"]) for sof in node.findall(addnodes.start_of_file)]


def _layout_root(app: Sphinx, tree: nodes.document) -> None:
    """Introduction chapter, then parts (front, main, back matter) with their pages."""
    top = next(iter(tree.findall(nodes.section)), None)
    if top is None:
        return
    wrappers = [
        c
        for c in top.findall(nodes.compound)
        if "toctree-wrapper" in c.get("classes", []) and _docs(c)
    ]
    # Every toctree moves to the top level, out of the introduction's sections.
    for wrapper in wrappers:
        wrapper.parent.remove(wrapper)
    title, body = top[0], list(top.children[1:])
    intro = nodes.section("", ids=["wb-introduction"], names=["wb-introduction"])
    intro += nodes.title("", app.config.book_pdf_intro_title)
    for child in body:
        top.remove(child)
        intro += child
    captions = _captions(app)
    is_question = [any(question_number(d) for d in _docs(w)) for w in wrappers]
    first_q = is_question.index(True) if True in is_question else len(wrappers)
    last_q = len(is_question) - 1 - is_question[::-1].index(True) if True in is_question else -1
    new: list[nodes.Node] = [intro]
    for i, wrapper in enumerate(wrappers):
        if i == first_q:
            new.append(_raw(r"\mainmatter"))
        if i == last_q + 1 and last_q >= 0:
            new.append(_raw(r"\backmatter"))
        caption = captions.get(_docs(wrapper)[0])
        if caption:
            new.append(_raw(rf"\wbpart{{{_latex_escape(caption)}}}"))
        new.append(wrapper)
    top.children = [title]
    for node in new:
        top += node


def _latex_escape(text: str) -> str:
    from sphinx.util.texescape import escape

    return escape(text)


def _number_question(sof: addnodes.start_of_file, number: int) -> None:
    """Chapter ``Qn``: counter set from the page name, "Qn. " dropped from the title."""
    section = next(iter(sof.findall(nodes.section)), None)
    if section is None:
        return
    title = section[0]
    if isinstance(title, nodes.title) and title.children:
        first = title[0]
        if isinstance(first, nodes.Text) and QUESTION_TITLE.match(first.astext()):
            title.replace(first, nodes.Text(QUESTION_TITLE.sub("", first.astext(), count=1)))
    counter = _raw(rf"\setcounter{{chapter}}{{{number - 1}}}")
    section.parent.insert(section.parent.index(section), counter)


def _shown_code(section: nodes.Element) -> list[tuple[nodes.Element, str]]:
    """The code a reader sees, in order: each cell's source and each listing (with its
    caption, which names the function whose body it shows). Outputs are left out."""
    shown = []
    for block in section.findall(nodes.literal_block):
        if any("cell_output" in a.get("classes", []) for a in _ancestors(block)):
            continue
        text = block.astext()
        wrapper = block.parent
        if isinstance(wrapper, nodes.container) and wrapper.get("literal_block"):
            text += " " + " ".join(c.astext() for c in wrapper.findall(nodes.caption))
        shown.append((block, text))
    return shown


def _index_algorithms(app: Sphinx, sof: addnodes.start_of_file, docname: str) -> None:
    """Index each imported wbcode function where the page first shows it in code.

    A function the page only uses in hidden cells (the book's style, table
    layout) is not indexed there: the index points to code a reader can see.
    """
    source = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    section = next(iter(sof.findall(nodes.section)), None)
    if section is None:
        return
    shown = _shown_code(section)
    for name, module, kind in wbcode_imports(source):
        used = re.compile(rf"\b{re.escape(name)}\b")
        block = next((b for b, text in shown if used.search(text)), None)
        if block is None:
            continue
        entry = addnodes.index(entries=[("single", _index_text(name, module, kind), "", "", None)])
        # Before the cell (its container) or the listing, at the level of paragraphs.
        anchor: nodes.Element = block
        while isinstance(anchor.parent, nodes.container) and anchor.parent is not section:
            anchor = anchor.parent
        anchor.parent.insert(anchor.parent.index(anchor), entry)


# The API reference's index entries that name an algorithm: functions, classes, methods.
ALGORITHM_ENTRY = re.compile(r"\(\) \(in module |\(class in |\(\S+ (?:class |static )?method\)$")


def _main_entries(sof: addnodes.start_of_file) -> None:
    """The API reference holds the main (bold) page of every algorithm's entry.

    Its other entries (record fields, attributes, data, modules) are left out
    of the index of the algorithms.
    """
    for node in sof.findall(addnodes.index):
        node["entries"] = [
            (kind, text, tid, "main", key)
            for kind, text, tid, _main, key in node["entries"]
            if kind == "single" and ALGORITHM_ENTRY.search(text)
        ]


# -- LaTeX: tables --------------------------------------------------------------------

# Widths in em of the text font: about half an em per character, a column's
# padding (2 \tabcolsep) about 1.1 em; a table may take 90 % of the line.
EM_PER_CHAR, EM_PER_COLUMN, LINE_EM, FILL = 0.5, 1.1, 41.7, 0.9
ALIGN = {"text-right": "r", "text-center": "c", "text-left": "l"}


def _visible_chars(entry: nodes.Element) -> int:
    """About how many characters wide a table cell is set (math counted as set)."""
    count = 0
    for node in entry.findall(nodes.Text):
        if isinstance(node.parent, nodes.math):
            latex = re.sub(r"\\[a-zA-Z]+", "x", node.astext())
            count += len(re.sub(r"[\s{}^_]", "", latex))
        else:
            count += len(node.astext())
    return count


def _colspec(table: nodes.table, scale: float) -> str | None:
    """Column types for a simple table: natural width if it fits the line, else wrapped.

    Every column keeps the alignment its source gave (numbers to the right, as
    on the site). ``None`` for a table with spans or with more than one
    paragraph in a cell, which Sphinx typesets its own way.
    """
    tgroup = next(iter(table.findall(nodes.tgroup)), None)
    if tgroup is None:
        return None
    ncols = int(tgroup["cols"])
    rows = list(tgroup.findall(nodes.row))
    widths, align = [0] * ncols, ["l"] * ncols
    for row in rows:
        entries = [c for c in row.children if isinstance(c, nodes.entry)]
        if len(entries) != ncols:
            return None
        for i, entry in enumerate(entries):
            if entry.get("morecols") or entry.get("morerows"):
                return None
            if len(entry.children) > 1 or any(
                not isinstance(c, nodes.paragraph) for c in entry.children
            ):
                return None
            widths[i] = max(widths[i], _visible_chars(entry))
            if not isinstance(row.parent, nodes.thead):
                align[i] = next((ALIGN[c] for c in entry.get("classes", []) if c in ALIGN), "l")
    natural = (sum(widths) * EM_PER_CHAR + ncols * EM_PER_COLUMN) * scale
    spec = "".join(align)
    return spec if natural <= FILL * LINE_EM else spec.upper()


def _fit_tables(tree: nodes.document) -> None:
    """Give each simple table its columns: natural width, or wrapped to the line."""
    for table in list(tree.findall(nodes.table)):
        parent = table.parent
        if parent is None or any(isinstance(a, nodes.table) for a in _ancestors(table)):
            continue
        index = parent.index(table)
        if index and isinstance(parent[index - 1], addnodes.tabular_col_spec):
            continue  # the page chose its columns
        in_output = any("cell_output" in a.get("classes", []) for a in _ancestors(table))
        spec = _colspec(table, scale=9 / 11 if in_output else 1.0)
        if spec:
            parent.insert(index, addnodes.tabular_col_spec(spec=spec))


def _ancestors(node: nodes.Node) -> list[nodes.Element]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _drop_folded_sources(tree: nodes.document) -> None:
    """Cells whose source the site folds away (``hide-input``, ``hide-cell``) show
    their output only: what a reader sees on the page before unfolding anything.

    Solutions are never folded in the PDF; these cells only lay out a table or
    draw a figure, which the output shows.
    """
    for cell in list(tree.findall(nodes.container)):
        if cell.get("hide_mode") in ("input", "all"):
            for child in list(cell.children):
                if "cell_input" in child.get("classes", []):
                    cell.remove(child)


def _dedent_listings(tree: nodes.document) -> None:
    """A listing of a function's body (``literalinclude`` with ``:start-at:``)
    loses its common indentation: four more characters to the line before it wraps."""
    for block in tree.findall(nodes.literal_block):
        if not block.get("source") or block.get("linenos"):
            continue
        text = block.astext()
        dedented = textwrap.dedent(text)
        if dedented != text:
            block.rawsource = dedented
            block.children.clear()
            block += nodes.Text(dedented)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "latex" or docname != app.config.root_doc:
        return
    _drop_folded_sources(doctree)
    _dedent_listings(doctree)
    for sof in list(doctree.findall(addnodes.start_of_file)):
        name = str(sof["docname"])
        number = question_number(name)
        if number is not None:
            _index_algorithms(app, sof, name)
            _number_question(sof, number)
        elif name == app.config.book_pdf_api_doc:
            _main_entries(sof)
    _fit_tables(doctree)
    _layout_root(app, doctree)


# -- LaTeX: exercise and solution boxes ----------------------------------------------


ADMONITION = r"\begin{sphinxadmonition}{note}", r"\end{sphinxadmonition}"


def _replace_last(body: list[str], old: str, new: str) -> None:
    for i in range(len(body) - 1, -1, -1):
        if old in body[i]:
            body[i] = body[i].replace(old, new)
            return


def _boxed(begin: str, end: str, visit: Any, depart: Any, exercise: bool) -> tuple[Any, Any]:
    """sphinx-exercise's LaTeX output, typeset between ``begin`` and ``end``.

    Figures inside are kept in place (no floats), and an exercise is labelled
    the way its solution refers to it.
    """

    def visit_box(self: Any, node: nodes.Element) -> None:
        if exercise and node.get("label"):
            # Solutions refer to their exercise as docname:label (the HTML's target).
            docname = self.builder.env.sphinx_exercise_registry[node["label"]]["docname"]
            self.body.append(rf"\phantomsection\label{{{docname}:{node['label']}}}")
        visit(self, node)
        _replace_last(self.body, ADMONITION[0], begin)
        self.no_latex_floats += 1

    def depart_box(self: Any, node: nodes.Element) -> None:
        self.no_latex_floats -= 1
        depart(self, node)
        _replace_last(self.body, ADMONITION[1], end)

    return visit_box, depart_box


FOLDED = {"dropdown", "toggle"}


def visit_admonition(self: Any, node: nodes.Element) -> None:
    """A generic admonition the site folds (``:class: dropdown``) is set open, unboxed."""
    if FOLDED & set(node.get("classes", [])):
        self.body.append("\n" + r"\begin{wbsolution}")
        self.no_latex_floats += 1
    else:
        LaTeXTranslator.visit_admonition(self, node)


def depart_admonition(self: Any, node: nodes.Element) -> None:
    if FOLDED & set(node.get("classes", [])):
        self.no_latex_floats -= 1
        self.body.append(r"\end{wbsolution}" + "\n")
    else:
        LaTeXTranslator.depart_admonition(self, node)


def _register_boxes(app: Sphinx) -> None:
    from sphinx_exercise import nodes as ex

    # Exercises: Sphinx's admonition box, styled "important" (blue, see conf.py).
    # Solutions: no box (wbsolution), so long ones break across pages as text does.
    exercise_box = (r"\begin{sphinxadmonition}{important}", r"\end{sphinxadmonition}")
    solution = (r"\begin{wbsolution}", r"\end{wbsolution}")
    for node, (begin, end), exercise in [
        (ex.exercise_node, exercise_box, True),
        (ex.exercise_enumerable_node, exercise_box, True),
        (ex.solution_node, solution, False),
    ]:
        name = node.__name__.removesuffix("_node")
        visit = getattr(ex, f"visit_{name}_node")
        depart = getattr(ex, f"depart_{name}_node")
        app.add_node(node, override=True, latex=_boxed(begin, end, visit, depart, exercise))
    app.add_node(nodes.admonition, override=True, latex=(visit_admonition, depart_admonition))


# -- HTML: copy the PDF and link to it ---------------------------------------------------


def _pdf(app: Sphinx) -> Path | None:
    path = Path(app.config.book_pdf_file) if app.config.book_pdf_file else None
    return path if path is not None and path.is_file() else None


def _copy_pdf(app: Sphinx, exception: Exception | None) -> None:
    pdf = _pdf(app)
    if exception is None and pdf is not None and app.builder.format == "html":
        shutil.copy2(pdf, Path(app.outdir) / pdf.name)


def _relative_to_root(docname: str, target: str) -> str:
    return "../" * docname.count("/") + target


def _download_entry(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    pdf = _pdf(app)
    if pdf is None:
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].insert(
                0,
                {
                    "type": "link",
                    "url": _relative_to_root(pagename, pdf.name),
                    "text": "whole book .pdf",
                    "tooltip": "Download the whole book as one PDF",
                    "icon": "fas fa-book",
                    "label": "download-book-pdf-button",
                },
            )


def book_pdf_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{book-pdf}`text``: a link to the book's PDF, next to the HTML pages."""
    env = inliner.document.settings.env
    uri = _relative_to_root(env.docname, Path(env.config.book_pdf_file).name)
    return [nodes.reference(rawtext, text, refuri=uri, classes=["book-pdf"])], []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("book_pdf_file", "", "html", types=[str])
    app.add_config_value("book_pdf_intro_title", "Introduction", "env", types=[str])
    app.add_config_value("book_pdf_api_doc", "api", "env", types=[str])
    app.setup_extension("sphinx_exercise")
    _register_boxes(app)
    app.add_role("book-pdf", book_pdf_role)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("build-finished", _copy_pdf)
    # After sphinx-book-theme builds its header buttons (priority 501).
    app.connect("html-page-context", _download_entry, priority=502)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
