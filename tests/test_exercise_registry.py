"""sphinx-exercise's registry keeps only what is looked up later (book/_ext/solutions.py).

A two-page project: an exercise with its solution on one page, prose on the
other. In the environment a build stores, no registered node holds its page
(no parent, no document, only its title below it), and the solution's body
is not there. The solution's title, which sphinx-exercise builds from the
exercise's registered node, still comes out whole in the LaTeX output: after a
clean build, and after the other page alone is edited and read again, so that
the exercise's node comes from the stored registry.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from _sphinx_project import SPHINX_EXERCISE_DEPRECATION, build, conf, write

pytestmark = [
    pytest.mark.slow,  # it builds Sphinx projects
    pytest.mark.filterwarnings(SPHINX_EXERCISE_DEPRECATION),
]

FILES = {
    "conf.py": conf("sphinx_exercise", "solutions", numfig=True),
    "index.rst": "Index\n=====\n\n.. toctree::\n\n   a\n   b\n",
    "a.rst": (
        "Page a\n======\n\n"
        ".. exercise:: Softmax\n   :label: ex-a\n\n   Compute it.\n\n"
        ".. solution:: ex-a\n   :label: sol-a\n\n   A worked solution, zanzibar.\n"
    ),
    "b.rst": "Page b\n======\n\nProse.\n",
}
# The solution's title in LaTeX: "Solution to", then a link whose text is the
# exercise's title, number and subtitle, built from the exercise's node.
TITLE = r"Solution to{\hyperref[\detokenize{a:ex-a}]{\sphinxcrossref{ Exercise 1 (Softmax)}}}"


def test_the_registry_holds_no_page_and_titles_still_resolve(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    write(src, FILES)
    build(src, out)
    # The environment as the build stored it, for the next build to load (writing
    # the pages puts live nodes back into the registry in memory, not into this).
    stored = (out / "doctrees" / "environment.pickle").read_bytes()
    assert b"zanzibar" not in stored
    registry = pickle.loads(stored).sphinx_exercise_registry
    assert {"ex-a", "sol-a"} <= set(registry)
    for label, entry in registry.items():
        node = entry["node"]
        assert node.parent is None and node.document is None, label
        assert len(node.children) == 1 and "title" in node.children[0].tagname, label

    latex = tmp_path / "latex"
    for files in (FILES, {**FILES, "b.rst": FILES["b.rst"] + "\nEdited.\n"}):
        write(src, files)
        build(src, latex, builder="latex")
        tex = next((latex / "latex").glob("*.tex")).read_text(encoding="utf-8")
        assert TITLE in tex
