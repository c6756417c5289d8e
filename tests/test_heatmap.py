"""Tests of wbcode.heatmap: annotated heat maps."""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pytest
from matplotlib.figure import Figure

from wbcode.heatmap import heatmap, heatmap_row, heatmap_rows


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
    with pytest.raises(ValueError, match="titles must have 2 entries"):
        heatmap_row([[1.0], [2.0]], ["only one"])
    with pytest.raises(ValueError, match="between must have 1 entries"):
        heatmap_row([[1.0], [2.0]], between=["=", "="])
    with pytest.raises(ValueError, match="rows must hold at least one row"):
        heatmap_rows([])
    with pytest.raises(ValueError, match="shared_scale must be"):
        heatmap_rows([[[1.0]]], shared_scale="column")
    with pytest.raises(TypeError, match="maps\\[0\\] must hold real numbers"):
        heatmap_row([["a"]])
