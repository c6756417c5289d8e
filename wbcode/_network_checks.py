"""The arguments of :func:`wbcode.draw.draw_network`, checked against the layer sizes.

:func:`check_network` turns what a user passes (layer sizes, weights in either
of the book's two forms, biases, dropout masks, unit labels, values and layer
titles) into one :class:`Network` whose every entry has the shape its layer
needs, or raises an error that names the argument and the layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._checks import FloatArray, as_array, check_int
from ._format import check_texts

__all__ = ["Network", "check_layers", "check_network"]


@dataclass(frozen=True)
class Network:
    """A checked network: every list has one entry per layer or per pair of adjacent layers.

    ``weights[l]`` has shape ``(n_out, n_in)`` (the bias column split off),
    ``biases[l]`` shape ``(n_out,)``; ``kept[l]`` holds 1 for a kept unit and
    0 for a dropped one; ``labels[l]`` is ``None`` where the defaults apply.
    """

    sizes: list[int]
    weights: list[FloatArray | None]
    biases: list[FloatArray | None]
    kept: list[FloatArray]
    labels: list[list[str] | None]
    values: list[FloatArray | None]
    layer_titles: list[str] | None

    @property
    def has_bias(self) -> list[bool]:
        """Whether layer ``l`` shows a bias unit (it feeds a bias into layer ``l + 1``)."""
        return [b is not None for b in self.biases] + [False]


def check_layers(layers: object) -> list[int]:
    """Return the unit counts of ``layers``, at least two positive integers."""
    if isinstance(layers, str | bytes) or not isinstance(layers, Sequence | np.ndarray):
        raise TypeError(f"layers must be a sequence of unit counts, got {type(layers).__name__}")
    sizes = [check_int(n, f"layers[{i}]", minimum=1) for i, n in enumerate(layers)]
    if len(sizes) < 2:
        raise ValueError(f"layers must list at least 2 layers (input and output), got {sizes}")
    return sizes


def _per_gap(value: object, name: str, n: int, per: str = "pair of adjacent layers") -> list[Any]:
    """Check a list with ``n`` entries, one per gap (or per layer); ``None`` is ``n`` Nones."""
    if value is None:
        return [None] * n
    if isinstance(value, str | bytes | np.ndarray) or not isinstance(value, Sequence):
        raise TypeError(
            f"{name} must be a list with one entry per {per} ({n}), got {type(value).__name__}"
        )
    if len(value) != n:
        raise ValueError(f"{name} must have one entry per {per} ({n}), got {len(value)}")
    return list(value)


def _bias(b: object, layer: int, n_out: int) -> FloatArray | None:
    if b is None:
        return None
    bias = as_array(b, f"biases[{layer}]", ndim=(0, 1)).reshape(-1)  # type: ignore[arg-type]
    if bias.shape != (n_out,):
        raise ValueError(
            f"biases[{layer}] must have {n_out} entries (units of layer {layer + 1}), "
            f"got shape {bias.shape}"
        )
    return bias


def _weights(
    w: object, bias: FloatArray | None, layer: int, n_in: int, n_out: int
) -> tuple[FloatArray, FloatArray | None]:
    """One gap's weight matrix ``(n_out, n_in)`` and its bias, split off an augmented matrix."""
    mat = as_array(w, f"weights[{layer}]", ndim=(1, 2))  # type: ignore[arg-type]
    if mat.ndim == 1:
        mat = mat[None, :]
    if mat.shape == (n_out, 1 + n_in):
        if bias is not None:
            raise ValueError(
                f"weights[{layer}] already holds the bias in column 0 (shape {mat.shape}); "
                f"pass biases[{layer}] = None or the weights without the bias column"
            )
        return mat[:, 1:], mat[:, 0]
    if mat.shape != (n_out, n_in):
        raise ValueError(
            f"weights[{layer}] must have shape ({n_out}, {n_in}) or, bias first, "
            f"({n_out}, {1 + n_in}) for layers of {n_in} and {n_out} units, "
            f"got {mat.shape}"
        )
    return mat, bias


def _split_weights(
    sizes: list[int], weights: object, biases: object
) -> tuple[list[FloatArray | None], list[FloatArray | None]]:
    """Return per-gap weight matrices ``(n_out, n_in)`` and bias vectors ``(n_out,)``."""
    n_gaps = len(sizes) - 1
    w_list = _per_gap(weights, "weights", n_gaps)
    b_list = _per_gap(biases, "biases", n_gaps)
    out_w: list[FloatArray | None] = []
    out_b: list[FloatArray | None] = []
    for layer, (w, b) in enumerate(zip(w_list, b_list, strict=True)):
        n_in, n_out = sizes[layer], sizes[layer + 1]
        bias = _bias(b, layer, n_out)
        mat = None
        if w is not None:
            mat, bias = _weights(w, bias, layer, n_in, n_out)
        out_w.append(mat)
        out_b.append(bias)
    return out_w, out_b


def _is_bool(value: object) -> bool:
    try:
        return bool(np.asarray(value).dtype == np.bool_)
    except (ValueError, TypeError):  # ragged: as_array explains
        return False


def _check_masks(sizes: list[int], masks: object) -> list[FloatArray]:
    kept = [np.ones(n) for n in sizes]
    if masks is None:
        return kept
    if isinstance(masks, str | bytes | np.ndarray) or not isinstance(masks, Sequence):
        raise TypeError(
            f"masks must be a list with one entry per layer, got {type(masks).__name__}"
        )
    if len(masks) > len(sizes):
        raise ValueError(
            f"masks must have at most {len(sizes)} entries (one a layer), got {len(masks)}"
        )
    for layer, m in enumerate(masks):
        if m is None:
            continue
        if _is_bool(m):
            m = np.asarray(m, dtype=np.float64)  # a boolean mask: True keeps the unit
        mask = as_array(m, f"masks[{layer}]", ndim=1)
        if mask.shape != (sizes[layer],):
            raise ValueError(
                f"masks[{layer}] must have {sizes[layer]} entries (units of layer {layer}), "
                f"got shape {mask.shape}"
            )
        if not np.all((mask == 0) | (mask == 1)):
            raise ValueError(f"masks[{layer}] must hold only 0 (drop) and 1 (keep), got {mask}")
        kept[layer] = mask
    return kept


def _check_labels(sizes: list[int], labels: object) -> list[list[str] | None]:
    out: list[list[str] | None] = [None] * len(sizes)
    if labels is None:
        return out
    for layer, names in enumerate(_per_gap(labels, "labels", len(sizes), "layer")):
        if names is not None:
            out[layer] = check_texts(names, f"labels[{layer}]", sizes[layer], "unit")
    return out


def _check_values(sizes: list[int], values: object) -> list[FloatArray | None]:
    vals: list[FloatArray | None] = [None] * len(sizes)
    if values is None:
        return vals
    for layer, v in enumerate(_per_gap(values, "values", len(sizes), "layer")):
        if v is None:
            continue
        vec = as_array(v, f"values[{layer}]", ndim=(0, 1)).reshape(-1)
        if vec.shape != (sizes[layer],):
            raise ValueError(
                f"values[{layer}] must have {sizes[layer]} entries, got shape {vec.shape}"
            )
        vals[layer] = vec
    return vals


def check_network(
    layers: object,
    *,
    weights: object = None,
    biases: object = None,
    masks: object = None,
    labels: object = None,
    values: object = None,
    layer_titles: object = None,
) -> Network:
    """Check :func:`~wbcode.draw.draw_network`'s arguments and return them as a :class:`Network`."""
    sizes = check_layers(layers)
    w_list, b_list = _split_weights(sizes, weights, biases)
    kept = _check_masks(sizes, masks)
    names = _check_labels(sizes, labels)
    vals = _check_values(sizes, values)
    titles = None
    if layer_titles is not None:
        titles = check_texts(layer_titles, "layer_titles", len(sizes), "layer")
    return Network(sizes, w_list, b_list, kept, names, vals, titles)
