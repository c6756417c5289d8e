"""Figure numbers counted from the kept walks are Sphinx's own (book/_ext/fignumbers.py).

A small project of seven pages (figures with and without captions, a table,
an exercise, a nested toctree) is built in this process, read in parallel. Its
numbers are compared with those of Sphinx's own walk over every doctree, after
a clean build and after each of the edits that add, move and remove numbered
elements and so shift the numbers of pages that are not read again, and at the
end with a clean build's. The pages' HTML must show the new numbers, and the
numbering after an edit must load no doctree.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from _sphinx_project import SPHINX_EXERCISE_DEPRECATION, build, conf, write

toctree_collector = pytest.importorskip("sphinx.environment.collectors.toctree")

pytestmark = [
    pytest.mark.slow,  # it builds Sphinx projects
    pytest.mark.filterwarnings(SPHINX_EXERCISE_DEPRECATION),
]

CONF = conf("sphinx_exercise", "fignumbers", numfig=True)


def figure(name: str, caption: bool = True) -> str:
    text = f".. figure:: {name}.svg\n   :name: fig-{name}\n"
    return text + (f"\n   Caption of {name}.\n" if caption else "")


PAGES = {
    "a": figure("a1") + "\n" + figure("a2"),
    "b": figure("b1", caption=False) + "\n.. table:: A table\n\n   = =\n   x y\n   = =\n",
    "c": ".. toctree::\n\n   d\n\n" + figure("c1"),
    "d": figure("d1") + "\n.. exercise:: One\n   :label: ex-d\n\n   Do it.\n",
    "e": "Prose only.\n",
    "f": figure("f1"),
}


def write_project(src: Path, numbered: bool, pages: dict[str, str]) -> None:
    option = "   :numbered:\n" if numbered else ""
    index = (
        "Index\n=====\n\n.. toctree::\n"
        + option
        + "\n"
        + "".join(f"   {name}\n" for name in ("a", "b", "c", "e", "f"))
    )
    files = {"conf.py": CONF, "index.rst": index}
    for name, body in pages.items():
        files[f"{name}.rst"] = f"Page {name}\n=======\n\n{body}"
        for image in re.findall(r"figure:: (\w+\.svg)", body):
            files[image] = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
    write(src, files)


def sphinx_numbers(env: Any) -> dict[str, Any]:
    """Sphinx's own numbering, walking every doctree (it replaces env.toc_fignumbers)."""
    ours = env.toc_fignumbers
    own = toctree_collector.TocTreeCollector.assign_figure_numbers.sphinx_own
    own(toctree_collector.TocTreeCollector(), env)
    theirs, env.toc_fignumbers = env.toc_fignumbers, ours
    return theirs


def assert_shown(env: Any, out: Path) -> None:
    """Every page's HTML shows each of its figures' numbers as they are now."""
    for page, numbers in env.toc_fignumbers.items():
        html = (out / "html" / f"{page}.html").read_text(encoding="utf-8")
        for number in numbers.get("figure", {}).values():
            label = ".".join(map(str, number))
            assert f'<span class="caption-number">Fig. {label} </span>' in html, (page, label)


@pytest.mark.parametrize("numbered", [False, True], ids=["plain", "numbered-toctree"])
def test_numbers_are_sphinx_own_after_edits(tmp_path: Path, numbered: bool) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    pages = dict(PAGES)
    write_project(src, numbered, pages)
    env = build(src, out)
    assert env.toc_fignumbers == sphinx_numbers(env)
    assert_shown(env, out)
    f1 = env.toc_fignumbers["f"]["figure"]["fig-f1"]
    assert f1 == ((5, 1) if numbered else (5,))  # plain: a1 a2 c1 d1 f1; b1 has no caption
    assert env.toc_fignumbers["d"]["exercise"]["ex-d"][-1] == 1

    edits = [
        ("b", figure("b0") + "\n" + PAGES["b"]),  # a numbered figure before c, d and f
        ("d", "Prose only now.\n"),  # a figure and the exercise go away
        ("a", figure("a2") + "\n" + figure("a1")),  # two figures swap places
    ]
    for page, body in edits:
        pages[page] = body
        write_project(src, numbered, pages)
        env = build(src, out)
        assert env.toc_fignumbers == sphinx_numbers(env), page
        assert_shown(env, out)  # pages not read again, such as f, are written again
        if page == "b" and not numbered:
            assert env.toc_fignumbers["f"]["figure"]["fig-f1"] == (6,)  # b0 came before it
    assert env.toc_fignumbers == build(src, tmp_path / "clean").toc_fignumbers


def test_numbering_after_an_edit_loads_no_doctree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    pages = dict(PAGES)
    write_project(src, False, pages)
    build(src, out)
    collector = toctree_collector.TocTreeCollector
    numbering = collector.assign_figure_numbers
    loaded: list[str] = []

    def spied(self: Any, env: Any) -> list[str]:
        get_doctree = env.get_doctree
        env.get_doctree = lambda page: loaded.append(page) or get_doctree(page)
        try:
            return numbering(self, env)
        finally:
            del env.get_doctree

    spied.sphinx_own = numbering.sphinx_own  # type: ignore[attr-defined]
    monkeypatch.setattr(collector, "assign_figure_numbers", spied)
    pages["e"] = "Edited prose.\n"
    write_project(src, False, pages)
    env = build(src, out)
    assert set(env.all_docs) <= set(env.fignumbers_walks)
    assert loaded == []  # the walks came from reading: e's, and the others' kept ones
    assert env.toc_fignumbers == sphinx_numbers(env)
