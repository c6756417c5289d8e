"""How the question pages present their solutions and figures.

- Every solution block (sphinx-exercise's ``solution``) folds: it gets the
  ``dropdown`` class, which sphinx-togglebutton turns into a closed block with
  a "Show" button in its title bar (click, Enter or Space opens it). Printed,
  and in the PDF, every block is open.
- On the site a solution block is titled "Solution": it sits under the
  heading of its sub-answer, right below the question. (In the PDF it keeps
  sphinx-exercise's "Solution to Exercise N (...)".)
- A solution block with the class ``check`` holds a page's *Check* (the key
  result obtained a second way); its title says so.
- In HTML every figure links to its image file, so on a phone a tap opens the
  figure full size, to zoom into.
- Bibliography entries are marked as list items, for screen readers.
- sphinx-exercise's registry keeps, of each block, only what is looked up
  later (see :func:`slim_exercise_registry`), so that every build loads a
  small environment.
"""

from __future__ import annotations

import os
import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

CHECK_TITLE = "Check: the key result a second way"


# Both run on doctree-resolved, after every post-transform (so after sphinx-exercise
# has built the solutions' titles), with the builder at hand from the app.


def fold_solutions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fold every solution block; retitle the Check blocks (and, on the site, the others)."""
    from sphinx_exercise.nodes import solution_node

    html = app.builder.format == "html"
    for node in doctree.findall(solution_node):
        if "dropdown" not in node["classes"]:
            node["classes"].append("dropdown")
        title = node.children[0] if node.children else None
        if not isinstance(title, nodes.title):
            continue
        if "check" in node["classes"]:
            title.children = [nodes.Text(CHECK_TITLE)]
        elif html:
            title.children = [nodes.Text("Solution")]


def link_figures(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In HTML, wrap each figure's image in a link to the image file (tap to open full size)."""
    builder = app.builder
    if builder.format != "html":
        return
    images_dir = relative_uri(builder.get_target_uri(docname), builder.imagedir)
    for figure in doctree.findall(nodes.figure):
        for image in list(figure.findall(nodes.image)):
            if isinstance(image.parent, nodes.reference) or "://" in image["uri"]:
                continue
            name = os.path.basename(image["uri"])
            link = nodes.reference(
                "",
                "",
                internal=True,
                refuri=posixpath.join(images_dir, name),
                classes=["image-reference"],
            )
            image.replace_self(link)
            link.append(image)


def list_citations_as_items(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Bibliography entries are list items.

    docutils writes role="doc-biblioentry" inside a role="list", but that DPUB
    role is deprecated (DPUB-ARIA 1.1) and no valid child of a list, so
    axe-core finds a list without items (critical).
    """
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def slim_exercise_registry(app: Sphinx, doctree: nodes.document) -> None:
    """Keep, of each block this page registered, its class, attributes and title.

    sphinx-exercise registers every exercise and solution block with its node,
    and the node holds its whole page (``parent`` and ``document``): the
    pickled environment carried every page's doctree a second time (2.6 MB
    of 3.9 MB), read again on every rebuild. What is looked up in the
    registry later is the node's class, its attributes (label, docname, ids,
    target) and its title, which a solution's title is built from.
    """
    registry = getattr(app.env, "sphinx_exercise_registry", {})
    for entry in registry.values():
        if entry["docname"] != app.env.docname:
            continue
        node = entry["node"]
        slim = node.__class__(node.rawsource, **node.attributes)
        if node.children:
            slim += node.children[0].deepcopy()
        for part in slim.findall():
            part.document = None
        entry["node"] = slim


def setup(app: Sphinx) -> dict[str, Any]:
    # After sphinx-exercise's own doctree-read handler (priority 500), which reads the nodes.
    app.connect("doctree-read", slim_exercise_registry, priority=900)
    app.connect("doctree-resolved", fold_solutions)
    app.connect("doctree-resolved", link_figures)
    app.connect("html-page-context", list_citations_as_items)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
