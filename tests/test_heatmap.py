"""Tests of wbcode.heatmap: annotated heat maps."""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from wbcode.heatmap import heatmap, heatmap_row, heatmap_rows
from wbcode.style import COLUMN_WIDTH, MIN_TEXT_PX, smallest_text_px


def _luminance(color: str) -> float:
    r, g, b = mcolors.to_rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_heatmap_writes_every_number_with_contrast() -> None:
    ax = Figure().add_subplot()
    M = np.array([[-3.0, 0.0], [-0.0, 3.0]])
    im = heatmap(ax, M)
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["\N{MINUS SIGN}3", "0", "0", "3"]  # no "-0"
    # the scale is symmetric, so zero sits at the white centre of the map
    assert im.norm.vmin == -3.0 and im.norm.vmax == 3.0
    for t, value in zip(ax.texts, M.ravel(), strict=True):
        cell = im.cmap(im.norm(value))
        text_lum = _luminance(t.get_color())
        cell_lum = 0.2126 * cell[0] + 0.7152 * cell[1] + 0.0722 * cell[2]
        assert abs(text_lum - cell_lum) > 0.4  # dark text on light cells and vice versa
    # rows and columns are numbered from 1, as in the workbook
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2"]


def test_heatmap_all_zero_and_vector() -> None:
    ax = Figure().add_subplot()
    im = heatmap(ax, [0.0, 0.0, 0.0])
    assert im.get_array().shape == (1, 3)
    assert im.norm.vmax == 1.0


def test_rows_share_scales_and_background() -> None:
    rows = [[[[1.0, -2.0]], [[4.0]]], [[[0.5]]]]
    fig = heatmap_rows(rows, shared_scale=True)
    assert mcolors.to_hex(fig.get_facecolor()) == "#ffffff"
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert [im.norm.vmax for im in images] == [4.0, 4.0, 4.0]
    per_row = [
        ax.images[0].norm.vmax for ax in heatmap_rows(rows, shared_scale="row").axes if ax.images
    ]
    assert per_row == [4.0, 4.0, 0.5]
    per_panel = [ax.images[0].norm.vmax for ax in heatmap_rows(rows).axes if ax.images]
    assert per_panel == [2.0, 4.0, 0.5]


def test_bad_input() -> None:
    ax = Figure().add_subplot()
    with pytest.raises(ValueError, match="M must have 1 or 2 dimension"):
        heatmap(ax, np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="vmax must be finite and > 0"):
        heatmap(ax, [[1.0]], vmax=0.0)
    with pytest.raises(ValueError, match="titles must hold 2 strings, one per map, got 1"):
        heatmap_row([[1.0], [2.0]], ["only one"])
    with pytest.raises(
        ValueError, match="between must hold 1 string, one per gap between two maps, got 2"
    ):
        heatmap_row([[1.0], [2.0]], between=["=", "="])
    with pytest.raises(ValueError, match="rows must hold at least one row"):
        heatmap_rows([])
    with pytest.raises(ValueError, match="shared_scale must be"):
        heatmap_rows([[[1.0]]], shared_scale="column")
    with pytest.raises(TypeError, match="maps\\[0\\] must hold real numbers"):
        heatmap_row([["a"]])


def test_wrong_types_name_the_argument() -> None:
    ax = Figure().add_subplot()
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        heatmap("ax", [[1.0]])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        heatmap(Figure(), [[1.0]])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="fmt must be a format string"):
        heatmap(ax, [[1.0]], fmt=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fmt must format a float"):
        heatmap(ax, [[1.0]], fmt="{:d}")
    with pytest.raises(TypeError, match="fmt must return a string"):
        heatmap(ax, [[1.0]], fmt=lambda v: v)  # type: ignore[arg-type,return-value]
    with pytest.raises(ValueError, match="cmap must name a matplotlib colour map"):
        heatmap(ax, [[1.0]], cmap="no-such-map")
    with pytest.raises(TypeError, match="shared_scale must be True or False"):
        heatmap_rows([[[1.0]]], shared_scale=1)
    with pytest.raises(TypeError, match="shared_scale must be True or False"):
        heatmap_row([[1.0]], shared_scale="row")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"titles\[1\] must be a string"):
        heatmap_row([[1.0], [2.0]], ["a", 2])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"rows\[1\]\[0\] must be finite"):
        heatmap_rows([[[1.0]], [[np.nan]]])


_magnitudes = st.builds(
    lambda sign, m, e: sign * m * 10.0**e,
    st.sampled_from([-1.0, 0.0, 1.0]),
    st.floats(1.0, 9.99),
    st.integers(-200, 200),
)


@pytest.mark.slow  # renders 25 figures
@settings(max_examples=25)
@given(st.lists(_magnitudes, min_size=4, max_size=4))
def test_extreme_entries_are_drawn_and_written(entries: list[float]) -> None:
    M = np.reshape(entries, (2, 2))
    fig = Figure()
    ax = fig.add_subplot()
    im = heatmap(ax, M)
    FigureCanvasAgg(fig).draw()  # renders without a warning (warnings are errors)
    want = [f"{v + 0.0:g}".replace("-", "\N{MINUS SIGN}") for v in M.ravel()]
    assert [t.get_text() for t in ax.texts] == want
    amax = float(np.abs(M).max())
    top = amax or 1.0  # an all-zero matrix gets the scale -1 to 1
    assert im.norm.vmax == top and im.norm.vmin == -top
    # the largest magnitude takes the top of the colour scale, zero its white middle
    assert np.isclose(float(im.norm(amax)), 1.0 if amax else 0.5)
    assert float(im.norm(0.0)) == 0.5


@pytest.mark.slow  # saves three figures as SVG
def test_text_stays_legible_in_the_text_column() -> None:
    # q12's widest case: a 1x8 input, a 1x3 kernel and a 1x6 output in one row is
    # wider than the column and shown scaled down; numbers, ticks and titles stay >= 9 px
    maps = [np.arange(8.0) - 4, [[-1.0, 1.0, -1.0]], np.arange(6.0) / 3]
    fig = heatmap_row(maps, ["$M^1$", "$K^1$", r"$M^1 \star K^1$"], between=[r"$\star$", "="])
    assert fig.get_figwidth() > COLUMN_WIDTH
    assert smallest_text_px(fig) >= MIN_TEXT_PX
    narrow = heatmap_rows(
        [[[[1.0, -2.0], [0.0, 3.0]], [[1.0]]]], [["$K_1$", "b"]], row_labels=["a)"]
    )
    assert smallest_text_px(narrow) >= MIN_TEXT_PX
    # into the caller's Axes of a wide figure
    wide = Figure(figsize=(12, 3))
    for ax in wide.subplots(1, 4):
        heatmap(ax, [[1.5, -2.25], [0.0, 3.0]], title="$W_1$")
    assert smallest_text_px(wide) >= MIN_TEXT_PX
