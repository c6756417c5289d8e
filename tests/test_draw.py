"""Tests of wbcode.draw: network diagrams drawn from the weights."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from wbcode.draw import PALETTE, default_labels, draw_network
from wbcode.style import MIN_TEXT_PX, smallest_text_px
from wbcode.workbook import Q3, Q8


def _gids(ax, prefix):
    found = [a.get_gid() for a in [*ax.patches, *ax.texts, *ax.lines]]
    return sorted(g for g in found if g and g.startswith(prefix))


def _by_gid(ax, gid):
    (artist,) = [a for a in [*ax.patches, *ax.texts, *ax.lines] if a.get_gid() == gid]
    return artist


def _q8(masks=None):
    return draw_network(
        [2, 3, 2, 2, 1],
        weights=[Q8.W1T, Q8.W2T, Q8.W3T, Q8.vT],
        biases=[Q8.b1, Q8.b2, Q8.b3, Q8.b4],
        masks=masks,
    )


def test_returns_figure_with_white_opaque_background():
    fig, ax = draw_network([2, 2, 1], weights=[Q3.W, Q3.v])
    assert isinstance(fig, Figure)
    assert ax.figure is fig
    assert fig.patch.get_facecolor() == (1.0, 1.0, 1.0, 1.0)


def test_q3_counts_units_bias_units_and_weight_labels():
    _fig, ax = draw_network([2, 2, 1], weights=[Q3.W, Q3.v])
    units = [p for p in ax.patches if isinstance(p, Circle)]
    assert len(units) == 2 + 2 + 1
    assert _gids(ax, "bias:") == ["bias:0", "bias:1"]
    assert all(isinstance(_by_gid(ax, g), Rectangle) for g in ("bias:0", "bias:1"))
    # 2 hidden units x (bias + 2 inputs) + 1 output x (bias + 2 hidden) = 9 edges
    assert len(_gids(ax, "weight:")) == 9
    assert len(_gids(ax, "edge:")) == 9


def test_q3_labels_show_the_weights_bias_first():
    _fig, ax = draw_network([2, 2, 1], weights=[Q3.W, Q3.v])
    # W = [[1, 2, 1], [1, 1, 2]]: unit h2 gets bias 1, weight 1 from x1, 2 from x2
    assert _by_gid(ax, "weight:0:1:b").get_text() == "1"
    assert _by_gid(ax, "weight:0:1:0").get_text() == "1"
    assert _by_gid(ax, "weight:0:1:1").get_text() == "2"
    # v = [1, -1, 2]: the minus sign is typeset as a true minus
    assert _by_gid(ax, "weight:1:0:0").get_text() == "\N{MINUS SIGN}1"


def test_augmented_and_separate_weights_give_the_same_labels():
    W = np.asarray(Q3.W)
    _, ax1 = draw_network([2, 2, 1], weights=[Q3.W, Q3.v])
    _, ax2 = draw_network(
        [2, 2, 1], weights=[W[:, 1:], np.asarray(Q3.v)[1:]], biases=[W[:, 0], Q3.v[0]]
    )
    texts1 = {g: _by_gid(ax1, g).get_text() for g in _gids(ax1, "weight:")}
    texts2 = {g: _by_gid(ax2, g).get_text() for g in _gids(ax2, "weight:")}
    assert texts1 == texts2


def test_q8_counts():
    _fig, ax = _q8()
    assert len([p for p in ax.patches if isinstance(p, Circle)]) == 2 + 3 + 2 + 2 + 1
    assert _gids(ax, "bias:") == ["bias:0", "bias:1", "bias:2", "bias:3"]
    # (2+1)*3 + (3+1)*2 + (2+1)*2 + (2+1)*1 edges, each labelled
    assert len(_gids(ax, "weight:")) == 9 + 8 + 6 + 3


def test_unit_labels_default_and_custom():
    _, ax = draw_network([2, 2, 1])
    assert [_by_gid(ax, f"label:0:{i}").get_text() for i in range(2)] == ["$x_{1}$", "$x_{2}$"]
    assert _by_gid(ax, "label:2:0").get_text() == r"$\hat{y}$"
    _, ax = draw_network([1, 1], labels=[["$u$"], None])
    assert _by_gid(ax, "label:0:0").get_text() == "$u$"
    assert default_labels([1, 2, 2, 2])[1] == ["$h^{(1)}_{1}$", "$h^{(1)}_{2}$"]


def test_no_weights_draws_edges_without_labels():
    _, ax = draw_network([3, 2])
    assert len(_gids(ax, "edge:")) == 6
    assert _gids(ax, "weight:") == []
    assert _gids(ax, "bias:") == []


def test_masks_grey_out_dropped_units_and_fade_their_edges():
    m = Q8.masks[0]
    _fig, ax = _q8([m["mu0"], m["mu1"], m["mu2"]])
    grey = to_rgb(PALETTE["dropped_fill"])
    dropped = sorted(
        p.get_gid() for p in ax.patches if isinstance(p, Circle) and p.get_facecolor()[:3] == grey
    )
    # mu1 = (1, 0, 1) drops h2 of layer 1; mu2 = (1, 0) drops h2 of layer 2
    assert dropped == ["unit:1:1", "unit:2:1"]
    # an edge out of a dropped unit and an edge into one are dashed, others solid
    assert _by_gid(ax, "edge:1:0:1").get_linestyle() != "-"
    assert _by_gid(ax, "edge:0:1:0").get_linestyle() != "-"
    assert _by_gid(ax, "edge:0:0:0").get_linestyle() == "-"
    # bias units are never dropped
    assert _by_gid(ax, "bias:1").get_facecolor()[:3] == to_rgb(PALETTE["bias"])


def test_masks_drop_inputs_too():
    m = Q8.masks[1]
    _fig, ax = _q8([m["mu0"], m["mu1"], m["mu2"]])
    grey = to_rgb(PALETTE["dropped_fill"])
    dropped = sorted(
        p.get_gid() for p in ax.patches if isinstance(p, Circle) and p.get_facecolor()[:3] == grey
    )
    assert dropped == ["unit:0:0", "unit:1:0"]


def test_draws_into_given_axes_and_values():
    fig = Figure()
    ax = fig.add_subplot()
    fig2, ax2 = draw_network([2, 1], weights=[[1, 2, 3]], values=[[1, -1], 3.5], ax=ax)
    assert fig2 is fig and ax2 is ax
    assert _by_gid(ax, "value:1:0").get_text() == "= 3.5"
    assert fig.patch.get_facecolor() == (1.0, 1.0, 1.0, 1.0)


def test_edge_colours_follow_the_sign_and_are_colour_blind_safe():
    _, ax = draw_network([2, 1], weights=[[1.0, -2.0]])
    assert to_rgb(_by_gid(ax, "edge:0:0:0").get_color()) == to_rgb(PALETTE["positive"])
    assert to_rgb(_by_gid(ax, "edge:0:0:1").get_color()) == to_rgb(PALETTE["negative"])
    _, ax = draw_network([2, 1], weights=[[1.0, -2.0]], color_by_sign=False)
    assert to_rgb(_by_gid(ax, "edge:0:0:0").get_color()) == to_rgb(PALETTE["ink"])


def test_labels_do_not_overlap_in_q8():
    fig, ax = _q8()
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith("weight:")]
    boxes = [t.get_window_extent(renderer) for t in labels]
    overlaps = sum(
        1
        for a in range(len(boxes))
        for b in range(a + 1, len(boxes))
        if boxes[a].overlaps(boxes[b])
    )
    assert overlaps == 0


def test_format_callable():
    _, ax = draw_network([1, 1], weights=[[0.123456]], fmt=lambda w: f"{w:.2f}")
    assert _by_gid(ax, "weight:0:0:0").get_text() == "0.12"


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"layers": [2]}, ValueError, "at least 2 layers"),
        ({"layers": [2, 0]}, ValueError, r"layers\[1\] must be an integer >= 1, got 0"),
        ({"layers": [2, 1.5]}, TypeError, r"layers\[1\] must be an integer, got float 1.5"),
        ({"layers": "21"}, TypeError, "layers must be a sequence"),
        (
            {"layers": [2, 1], "weights": [[1, 2, 3, 4]]},
            ValueError,
            r"weights\[0\] must have shape",
        ),
        ({"layers": [2, 1], "weights": [[1, 2], [3, 4]]}, ValueError, "one entry per pair"),
        ({"layers": [2, 1], "weights": np.ones((1, 2))}, TypeError, "weights must be a list"),
        (
            {"layers": [2, 1], "weights": [[1, 2, 3]], "biases": [1]},
            ValueError,
            "already holds the bias",
        ),
        ({"layers": [2, 1], "biases": [[1, 2]]}, ValueError, r"biases\[0\] must have 1 entries"),
        ({"layers": [2, 1], "masks": [[1, 0.5]]}, ValueError, "only 0 .drop. and 1"),
        ({"layers": [2, 1], "masks": [[1, 0, 1]]}, ValueError, r"masks\[0\] must have 2 entries"),
        ({"layers": [2, 1], "masks": [[1, 1], [1], [1]]}, ValueError, "at most 2 entries"),
        ({"layers": [2, 1], "labels": [["a", "b"]]}, ValueError, "one entry per layer"),
        ({"layers": [2, 1], "labels": [["a"], None]}, ValueError, r"labels\[0\] must hold 2"),
        ({"layers": [2, 1], "weights": [["a", "b"]]}, TypeError, r"weights\[0\]"),
        ({"layers": [2, 1], "weights": [[np.nan, 1]]}, ValueError, "finite"),
        ({"layers": [2, 1], "values": [None, [1, 2]]}, ValueError, r"values\[1\] must have 1"),
        ({"layers": [2, 1], "label_at": 1.5}, ValueError, "label_at must lie in"),
        ({"layers": [2, 1], "fmt": 3}, TypeError, "fmt must be"),
    ],
)
def test_bad_input(kwargs, exc, match):
    layers = kwargs.pop("layers")
    with pytest.raises(exc, match=match):
        draw_network(layers, **kwargs)


def test_wrong_types_name_the_argument():
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        draw_network([2, 1], ax="ax")
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        draw_network([2, 1], ax=Figure())
    with pytest.raises(TypeError, match="color_by_sign must be True or False"):
        draw_network([2, 1], color_by_sign=1)
    with pytest.raises(TypeError, match="fmt must return a string"):
        draw_network([2, 1], weights=[[1.0, 2.0]], fmt=lambda w: w)
    with pytest.raises(ValueError, match="fmt must format a float"):
        draw_network([2, 1], weights=[[1.0, 2.0]], fmt="{:d}")
    with pytest.raises(TypeError, match=r"labels\[0\]\[1\] must be a string"):
        draw_network([2, 1], labels=[["a", 2], None])
    with pytest.raises(TypeError, match=r"layer_titles\[0\] must be a string"):
        draw_network([2, 1], layer_titles=[1, "out"])


def test_boolean_masks_and_read_only_palette():
    m = Q8.masks[0]
    _, ax_float = _q8([m["mu0"], m["mu1"], m["mu2"]])
    _, ax_bool = _q8([np.asarray(m[k]) == 1 for k in ("mu0", "mu1", "mu2")])
    fill = {p.get_gid(): p.get_facecolor() for p in ax_float.patches}
    assert fill == {p.get_gid(): p.get_facecolor() for p in ax_bool.patches}
    with pytest.raises(TypeError):
        PALETTE["ink"] = "#000000"  # type: ignore[index]


def test_negative_zero_is_written_as_zero():
    _, ax = draw_network([1, 1], weights=[[-0.0]], values=[[-0.0], [0.0]])
    assert _by_gid(ax, "weight:0:0:0").get_text() == "0"
    assert _by_gid(ax, "value:0:0").get_text() == "= 0"


_magnitudes = st.builds(
    lambda sign, m, e: sign * m * 10.0**e,
    st.sampled_from([-1.0, 1.0]),
    st.floats(1.0, 9.99),
    st.integers(-200, 200),
)


@pytest.mark.slow  # renders 25 figures
@settings(max_examples=25)
@given(st.lists(_magnitudes, min_size=6, max_size=6), st.lists(_magnitudes, min_size=2, max_size=2))
def test_extreme_weights_and_values_are_drawn_and_written(w, x):
    W = np.reshape(w, (2, 3))  # bias first
    fig, ax = draw_network([2, 2], weights=[W], values=[x, None])
    FigureCanvasAgg(fig).draw()  # renders without a warning (warnings are errors)
    for i in range(2):
        for j, name in enumerate(["b", "0", "1"]):
            want = f"{W[i, j]:g}".replace("-", "\N{MINUS SIGN}")
            assert _by_gid(ax, f"weight:0:{i}:{name}").get_text() == want
        assert _by_gid(ax, f"value:0:{i}").get_text() == "= " + f"{x[i]:g}".replace(
            "-", "\N{MINUS SIGN}"
        )


def _q21_like(m=8):
    """Q21's two networks, drawn into the Axes of a wide figure, weights labelled by name."""
    fig = Figure(figsize=(10.5, 6.8))
    axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.6]})
    names = {1.0: r"$\beta_1$", 2.0: r"$\beta_0$"}
    draw_network([1, 1], weights=[[1.0]], biases=[[2.0]], fmt=lambda t: names[t], ax=axes[0])
    code = {1.0 + 3 * m: "$c$"}
    for j in range(m):
        code[1.0 + j], code[1.0 + m + j] = f"$w_{j + 1}$", f"$b_{j + 1}$"
        code[1.0 + 2 * m + j] = f"$v_{j + 1}$"
    idx = np.arange(1.0, 3 * m + 2)
    draw_network(
        [1, m, 1],
        weights=[idx[:m, None], idx[None, 2 * m : 3 * m]],
        biases=[idx[m : 2 * m], [idx[3 * m]]],
        labels=[["$x$"], [f"$h_{j + 1}$" for j in range(m)], ["$D$"]],
        fmt=lambda t: code[t],
        ax=axes[1],
        layer_titles=["sample", "hidden (tanh)", "output (sigmoid)"],
        title=r"discriminator $D(x;\theta)$",
    )
    return fig, axes


@pytest.mark.slow  # saves each figure as SVG, up to a second each
@pytest.mark.parametrize(
    "layers",
    [[2, 2, 1], [2, 3, 2, 2, 1], [3, 4, 4, 4, 4, 4, 3], [2, 2, 2, 2, 2, 2, 2, 2, 2, 1]],
)
def test_text_stays_legible_in_the_text_column(layers):
    # the figure grows with the number of layers; wider than the column it is shown
    # scaled down, and its text must still show at 9 px or more (subscripts too)
    n = len(layers)
    fig, _ = draw_network(
        layers,
        weights=[np.ones((layers[k + 1], layers[k] + 1)) * -1.25 for k in range(n - 1)],
        values=[np.full(k, 0.5) for k in layers],
        layer_titles=[f"layer {k}" for k in range(n)],
        title="a network",
    )
    assert smallest_text_px(fig) >= MIN_TEXT_PX


def test_text_stays_legible_in_a_wide_figure_of_the_caller():
    fig, axes = _q21_like()
    assert smallest_text_px(fig) >= MIN_TEXT_PX
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    labels = [t for t in axes[1].texts if (t.get_gid() or "").startswith("weight:")]
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not [(a, b) for a in range(len(boxes)) for b in range(a) if boxes[a].overlaps(boxes[b])]


def test_draws_into_an_axes_of_a_subfigure():
    fig = Figure(figsize=(9, 3))
    sub = fig.subfigures(1, 2)[1]
    ax = sub.add_subplot()
    got_fig, got_ax = draw_network([2, 1], weights=[[1.0, 2.0]], ax=ax)
    assert got_ax is ax and got_fig is sub
    assert len(_gids(ax, "weight:")) == 2
    assert smallest_text_px(fig) >= MIN_TEXT_PX
