"""Tests of wbcode.tables: vectors and matrices typeset as math in step tables.

The plain output of ``table`` is tested in test_support.py; here are the
``arrays`` styles, and a one-page Sphinx project that renders such a table in
the HTML builder (MathJax math in the cells) and the LaTeX builder (``&`` and
``\\`` of a matrix inside a table cell).
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from wbcode.tables import Table, table

ROOT = Path(__file__).resolve().parents[1]

V = [0.5, -1.0, 2.0]
M = [[1.0, 2.0], [3.0, 4.0]]
SMALL_M = r"$\left[\begin{smallmatrix} 1 & 2 \\ 3 & 4 \end{smallmatrix}\right]$"


def _cells(t: Table) -> list[list[str]]:
    return [list(r) for r in t.rows]


def test_default_output_is_unchanged_by_the_new_option() -> None:
    rows = [["a", 1, V, M], ["b", -0.0, np.array(V), np.array(M)]]
    plain = table(["name", "n", "v", "M"], rows)
    assert plain.to_markdown() == table(["name", "n", "v", "M"], rows, arrays="text").to_markdown()
    assert _cells(plain)[0] == ["a", "1", "(0.5, -1, 2)", "[[1, 2], [3, 4]]"]
    assert plain.align == ("left", "right", "right", "left")


def test_one_style_for_the_whole_table() -> None:
    t = table(["step", "v", "M"], [[1, V, M]], arrays="smallmatrix")
    col_v = r"$\left[\begin{smallmatrix} 0.5 \\ -1 \\ 2 \end{smallmatrix}\right]$"
    assert _cells(t) == [["$1$", col_v, SMALL_M]]
    # numbers are typeset too, so a column reads in one font; array columns are centred
    assert t.align == ("left", "center", "center")
    t = table(["v"], [[V]], arrays="tuple")
    assert _cells(t) == [[r"$(0.5,\ {-1},\ 2)$"]]
    t = table(["v", "M"], [[V, M]], arrays="bmatrix")
    assert _cells(t) == [
        [
            r"$\begin{bmatrix} 0.5 \\ -1 \\ 2 \end{bmatrix}$",
            r"$\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}$",
        ]
    ]


def test_styles_per_column_by_header_or_index() -> None:
    rows = [["ReLU", 0.25, V, M]]
    t = table(["g", "loss", "v", "M"], rows, arrays={"v": "tuple", 3: "smallmatrix"})
    assert _cells(t) == [["ReLU", "0.25", r"$(0.5,\ {-1},\ 2)$", SMALL_M]]
    assert t.align == ("left", "right", "center", "center")
    # strings stay as written in a math column; the spec applies to math numbers too
    t = table(["x"], [["n/a"], [[1 / 3, 2e-7]]], spec=".2g", arrays={"x": "tuple"})
    assert _cells(t) == [["n/a"], [r"$(0.33,\ 2 \times 10^{-7})$"]]


def test_markdown_of_a_math_table() -> None:
    md = table(["M"], [[M]], arrays="smallmatrix").to_markdown()
    assert md.splitlines() == ["| M |", "| :---: |", f"| {SMALL_M} |"]


@pytest.mark.parametrize(
    ("arrays", "exc", "match"),
    [
        ("matrix", ValueError, "arrays must be one of"),
        (None, TypeError, "arrays must be one of"),
        ({"w": "tuple"}, ValueError, "arrays: 'w' is neither a column index"),
        ({2: "tuple"}, ValueError, r"arrays: 2 is neither a column index \(0 to 1\)"),
        ({True: "tuple"}, ValueError, "arrays: True is neither"),
        ({"v": "fancy"}, ValueError, r"arrays\['v'\] must be one of"),
    ],
)
def test_bad_arrays_option(arrays: object, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        table(["n", "v"], [[1, V]], arrays=arrays)  # type: ignore[arg-type]


def test_bad_cells_are_named_by_row_and_column() -> None:
    with pytest.raises(ValueError, match=r"rows\[1\]\[1\] must be a number, a vector or a matrix"):
        table(["n", "v"], [[1, V], [2, np.ones((2, 2, 2))]], arrays="tuple")
    with pytest.raises(TypeError, match=r"rows\[0\]\[0\]"):
        table(["n"], [[1 + 2j]])
    with pytest.raises(TypeError, match=r"header\[1\] must be a string"):
        table(["n", 2], [[1, 2]])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"rows\[0\] must be a list of cells"):
        table(["n"], [5])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="spec must be a format specification"):
        table(["n"], [[1]], spec="d")
    with pytest.raises(ValueError, match=r"align\[0\] must be one of"):
        Table(["a"], [["1"]], align=["up"])


PAGE = """\
---
file_format: mystnb
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Steps

```{code-cell} ipython3
:tags: [remove-input]
from wbcode.tables import table

table(
    ["step", "$w$", "$W$", "$\\\\theta$"],
    [[1, [0.5, -1.0], [[1, 2], [3, 4]], [1, 2]], [2, [0.25, 1e-7], [[0, -1], [1, 0]], [3, 4]]],
    arrays={"$w$": "tuple", "$W$": "smallmatrix", "$\\\\theta$": "bmatrix"},
)
```
"""

CONF = """\
extensions = ["myst_nb"]
myst_enable_extensions = ["dollarmath", "amsmath"]
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_render_markdown_format = "myst"
exclude_patterns = ["_build"]
"""


@pytest.fixture(scope="module")
def one_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("tables") / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text(PAGE)
    return src


def _build(src: Path, builder: str) -> Path:
    out = src.parent / builder
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", builder, str(src), str(out)],
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(src.parent)},
        cwd=src.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.slow
def test_math_cells_render_in_the_html_builder(one_page: Path) -> None:
    page = (_build(one_page, "html") / "index.html").read_text(encoding="utf-8")
    cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", page, flags=re.S)]
    assert len(cells) == 8
    math = [
        re.findall(r'<span class="math notranslate nohighlight">(.*?)</span>', c) for c in cells
    ]
    # every array cell is one piece of inline math for MathJax, its LaTeX intact, centred
    assert cells[0] == "<p>1</p>" and cells[4] == "<p>2</p>"
    assert [m for c in math[1:4] for m in c] == [
        r"\((0.5,\ {-1})\)",
        r"\(\left[\begin{smallmatrix} 1 & 2 \\ 3 & 4 \end{smallmatrix}\right]\)",
        r"\(\begin{bmatrix} 1 \\ 2 \end{bmatrix}\)",
    ]
    assert math[5] == [r"\((0.25,\ 10^{-7})\)"]
    assert page.count('<td class="text-center">') == 6


@pytest.mark.slow
def test_math_cells_survive_the_latex_builder(one_page: Path) -> None:
    out = _build(one_page, "latex")
    (tex,) = out.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    body = text[text.index(r"\begin{tabulary}") : text.index(r"\end{tabulary}")]
    # the matrix's & and \\ stay inside the math, which LaTeX's own alignment handles
    assert r"\(\left[\begin{smallmatrix} 1 & 2 \\ 3 & 4 \end{smallmatrix}\right]\)" in body
    assert r"\(\begin{bmatrix} 3 \\ 4 \end{bmatrix}\)" in body
    assert r"\((0.25,\ 10^{-7})\)" in body
    assert r"\&" not in body
