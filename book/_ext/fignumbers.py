"""Number the figures without loading every page's doctree on every build.

sphinx-exercise turns ``numfig`` on, and with it Sphinx numbers every figure,
table and exercise of the book again after each build that read a page
(``TocTreeCollector.assign_figure_numbers``): it loads every page's doctree,
walks it from the root page through the toctrees and counts. A rebuild after a
prose edit to one page loaded all the doctrees of the book, megabytes of them,
to find that no number had changed.

The numbers depend only on what that walk meets, in order: each page's
numbered elements (their type and id) and the pages its toctrees include.
This extension takes that list when a page is read (``doctree-read``) and keeps
it in the environment; the numbers are then counted from the lists, and only
a page read in this build has a new one. The count is Sphinx's: one counter
per type, in the order of the walk, and a page is walked once. Where section
numbers take part (a ``:numbered:`` toctree), Sphinx's own walk runs instead.
``tests/test_fignumbers.py`` checks the numbers against Sphinx's own, after
clean builds and after edits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment
from sphinx.util import url_re

# One step of a page's walk: (figure type, id) of a numbered element, or
# ("", page) for a page that one of its toctrees includes.
Step = tuple[str, str]
Numbers = dict[str, dict[str, dict[str, tuple[int, ...]]]]


def _walks(env: BuildEnvironment) -> dict[str, list[Step]]:
    """``{page: its walk}``, kept in the environment."""
    if not hasattr(env, "fignumbers_walks"):
        env.fignumbers_walks = {}  # type: ignore[attr-defined]
    return env.fignumbers_walks  # type: ignore[attr-defined]


def _domains(env: BuildEnvironment) -> Iterable[Any]:
    """The domains in the order Sphinx asks them (``sorted()`` from Sphinx 8.1)."""
    domains = env.domains
    return domains.sorted() if hasattr(domains, "sorted") else domains.values()


def figure_type(env: BuildEnvironment, node: nodes.Element) -> str | None:
    """The type a node is numbered as (``"figure"``, ``"exercise"``, ...), as Sphinx decides it."""
    for domain in _domains(env):
        figtype = domain.get_enumerable_node_type(node)
        if isinstance(domain, StandardDomain) and not domain.get_numfig_title(node):
            continue  # an element without a caption is not numbered
        if figtype:
            return figtype
    return None


def page_walk(env: BuildEnvironment, doctree: nodes.Element) -> list[Step]:
    """What Sphinx's numbering walk meets on a page, in order."""
    generated = frozenset(env.get_domain("std")._virtual_doc_names)  # type: ignore[attr-defined]
    steps: list[Step] = []

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if isinstance(child, nodes.section):
                walk(child)
            elif isinstance(child, addnodes.toctree):
                steps.extend(
                    ("", page)
                    for _title, page in child["entries"]
                    if not url_re.match(page) and page != "self" and page not in generated
                )
            elif isinstance(child, nodes.Element):
                figtype = figure_type(env, child)
                if figtype and child["ids"]:
                    steps.append((figtype, child["ids"][0]))
                walk(child)

    walk(doctree)
    return steps


def count(root: str, walk_of: Callable[[str], list[Step]]) -> Numbers:
    """``{page: {type: {id: (n,)}}}``: one counter per type, each page walked once."""
    numbers: Numbers = {}
    counter: Counter[str] = Counter()
    walked: set[str] = set()

    def visit(page: str) -> None:
        if page in walked:
            return
        walked.add(page)
        for figtype, target in walk_of(page):
            if not figtype:
                visit(target)
            else:
                counter[figtype] += 1
                numbers.setdefault(page, {}).setdefault(figtype, {})[target] = (counter[figtype],)

    visit(root)
    return numbers


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    _walks(app.env)[app.env.docname] = page_walk(app.env, doctree)


def on_purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _walks(env).pop(docname, None)


def on_merge(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    theirs = _walks(other)
    _walks(env).update((page, theirs[page]) for page in docnames if page in theirs)


def _count_from_walks() -> None:
    """Let Sphinx's collector count from the kept walks instead of every doctree."""
    from sphinx.environment.collectors.toctree import TocTreeCollector

    sphinx_own = TocTreeCollector.assign_figure_numbers
    if hasattr(sphinx_own, "sphinx_own"):  # set up already (a second app in one process)
        return

    def assign_figure_numbers(self: TocTreeCollector, env: BuildEnvironment) -> list[str]:
        if not env.config.numfig or any(env.toc_secnumbers.values()):
            return sphinx_own(self, env)
        walks = _walks(env)

        def walk_of(page: str) -> list[Step]:
            if page not in walks:  # read before this extension was set up
                walks[page] = page_walk(env, env.get_doctree(page))
            return walks[page]

        old, env.toc_fignumbers = env.toc_fignumbers, count(env.config.root_doc, walk_of)
        return [page for page, numbers in env.toc_fignumbers.items() if numbers != old.get(page)]

    assign_figure_numbers.sphinx_own = sphinx_own  # type: ignore[attr-defined]
    TocTreeCollector.assign_figure_numbers = assign_figure_numbers  # type: ignore[method-assign]


def setup(app: Sphinx) -> dict[str, Any]:
    # Last of the doctree-read handlers: the walk sees the doctree as it is stored.
    app.connect("doctree-read", on_doctree_read, priority=999)
    app.connect("env-purge-doc", on_purge)
    app.connect("env-merge-info", on_merge)
    _count_from_walks()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
