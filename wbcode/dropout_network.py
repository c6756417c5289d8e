r"""Dropout in a whole dense network: masks per layer, the thinned network, weight scaling.

In a network a dropped unit of layer :math:`l` is the same as a zero in the
matching column of the next layer's weight matrix, so a masked forward pass is
the forward pass of a *thinned* network (:func:`thin_weights`); the network
functions here reuse :func:`wbcode.mlp.forward` with those weights. The Q8
chapter works through a 2-3-2-2-1 ReLU network by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_rng
from .dropout import _keep, _mask, dropout, dropout_mask
from .mlp import Forward, forward

__all__ = ["DropoutForward", "dropout_forward", "sample_masks", "scale_weights", "thin_weights"]


def _per_layer_p(p: float | Sequence[float | None] | None, n: int) -> list[float | None]:
    if p is None:
        return [None] * n
    if isinstance(p, Sequence) and not isinstance(p, str):
        if len(p) != n:
            raise ValueError(f"p must be one keep probability or {n} (one a mask), got {len(p)}")
        return [None if q is None else _keep(q, f"p[{i}]") for i, q in enumerate(p)]
    return [_keep(p)] * n


def _network_masks(
    weights: Sequence[ArrayLike], masks: Sequence[ArrayLike | None]
) -> tuple[list[FloatArray], list[FloatArray | None]]:
    if isinstance(weights, np.ndarray | str) or not isinstance(weights, Sequence):
        raise TypeError(
            f"weights must be a list of weight matrices, one a layer, got {type(weights).__name__}"
        )
    Ws = [as_array(W, f"weights[{i}]", ndim=(1, 2)) for i, W in enumerate(weights)]
    if isinstance(masks, np.ndarray | str) or not isinstance(masks, Sequence):
        raise TypeError(
            f"masks must be a list with one mask (or None) per layer input, "
            f"got {type(masks).__name__}"
        )
    if len(masks) > len(Ws):
        raise ValueError(
            f"masks must have at most {len(Ws)} entries (the input and each hidden layer), "
            f"got {len(masks)}"
        )
    ms: list[FloatArray | None] = []
    for l, m in enumerate(masks):  # noqa: E741 (l is the layer)
        if m is None:
            ms.append(None)
            continue
        mask = _mask(m, f"masks[{l}]", copy=True)
        n_in = Ws[l].shape[-1] - 1
        if mask.shape != (n_in,):
            raise ValueError(
                f"masks[{l}] must have {n_in} entries (the inputs of weights[{l}] of shape "
                f"{Ws[l].shape}), got shape {mask.shape}"
            )
        ms.append(mask)
    ms += [None] * (len(Ws) - len(ms))
    return Ws, ms


def _network_input(x: ArrayLike, W1: FloatArray) -> FloatArray:
    """The input ``x`` (d,) or (n, d), checked against the first layer's d + 1 columns."""
    x_arr = as_array(x, "x", ndim=(1, 2))
    if not W1.size or x_arr.shape[-1] != W1.shape[-1] - 1:
        raise ValueError(
            f"x must have {W1.shape[-1] - 1} features (the inputs of weights[0] of shape "
            f"{W1.shape}, bias first), got x of shape {x_arr.shape}"
        )
    return x_arr


def thin_weights(
    weights: Sequence[ArrayLike],
    masks: Sequence[ArrayLike | None],
    *,
    p: float | Sequence[float | None] | None = None,
) -> tuple[FloatArray, ...]:
    r"""The weights of the thinned network: dropped units' columns set to zero.

    Parameters
    ----------
    weights : sequence of array_like
        ``[W1, ..., WL]`` bias first, as in :func:`wbcode.mlp.forward`.
    masks : sequence of array_like or None
        ``masks[l]`` is the 0/1 mask of the *input* of ``weights[l]``: the
        network input for ``l = 0``, hidden layer ``l`` otherwise. Up to ``L``
        entries; missing or ``None`` entries mean no dropout there.
    p : float or sequence, optional
        Keep probability (one for all masks, or one per mask) for inverted
        dropout; the kept columns are then divided by ``p``.

    Returns
    -------
    tuple of numpy.ndarray
        :math:`W^{(l)} \operatorname{diag}(1, \mu^{(l-1)})` (divided by ``p``
        on the kept columns); the bias column is never masked.

    Examples
    --------
    >>> thin_weights([[[1, 2, 1], [1, 1, 2]], [1, -1, 2]], [None, [1, 0]])
    (array([[1., 2., 1.],
           [1., 1., 2.]]), array([ 1., -1.,  0.]))
    """
    Ws, ms = _network_masks(weights, masks)
    ps = _per_layer_p(p, len(ms))
    out = []
    for W, m, q in zip(Ws, ms, ps, strict=True):
        if m is None:
            out.append(W.copy())
            continue
        col = np.concatenate([[1.0], m if q is None else m / q])
        out.append(W * col + 0.0)
    return tuple(out)


def scale_weights(
    weights: Sequence[ArrayLike], p: float | Sequence[float | None]
) -> tuple[FloatArray, ...]:
    r"""Test-time weights after training with plain dropout: outgoing weights times ``p``.

    Parameters
    ----------
    weights : sequence of array_like
        ``[W1, ..., WL]`` bias first, as in :func:`wbcode.mlp.forward`.
    p : float or sequence
        The keep probability the input of each layer was trained with (one for
        all layers, or one per layer; ``None`` for a layer without dropout).

    Returns
    -------
    tuple of numpy.ndarray
        :math:`W^{(l)} \operatorname{diag}(1, p_{l-1}, \dots, p_{l-1})`: every
        weight column multiplied by ``p``, the bias column unchanged.

    Notes
    -----
    This is the weight scaling inference rule of
    :cite:t:`srivastava2014dropout`: each unit's input then equals its
    expected value under the masks, :math:`\mathbb E[\mu_j h_j] = p\,h_j`.
    With inverted dropout (:func:`wbcode.dropout.dropout` with ``p``) the test-time weights
    are the trained weights unchanged.

    Examples
    --------
    >>> scale_weights([[[1, 2, 1], [1, 1, 2]], [1, -1, 2]], 0.5)
    (array([[1. , 1. , 0.5],
           [1. , 0.5, 1. ]]), array([ 1. , -0.5,  1. ]))
    """
    Ws, _ = _network_masks(weights, [])
    ps = _per_layer_p(p, len(Ws))
    return tuple(
        W.copy() if q is None else W * np.concatenate([[1.0], np.full(W.shape[-1] - 1, q)])
        for W, q in zip(Ws, ps, strict=True)
    )


@dataclass(frozen=True)
class DropoutForward:
    """A forward pass with dropout masks (see :func:`dropout_forward`)."""

    inputs: tuple[FloatArray, ...]  #: what each layer receives: masked x, then masked h per layer
    a: tuple[FloatArray, ...]  #: pre-activations :math:`a^{(l)}`, one a layer
    h: tuple[FloatArray, ...]  #: activations :math:`h^{(l)}` before masking; ``h[-1]`` is yhat
    masks: tuple[FloatArray | None, ...]  #: the mask applied to each layer's input (or None)

    @property
    def yhat(self) -> FloatArray:
        """The prediction :math:`\\hat y = h^{(L)}`."""
        return self.h[-1]


def dropout_forward(
    weights: Sequence[ArrayLike],
    x: ArrayLike,
    activations: Sequence[str],
    masks: Sequence[ArrayLike | None],
    *,
    p: float | Sequence[float | None] | None = None,
) -> DropoutForward:
    r"""Forward pass of a dense network with given dropout masks.

    Parameters
    ----------
    weights, x, activations
        As in :func:`wbcode.mlp.forward` (weights bias first).
    masks : sequence of array_like or None
        ``masks[0]`` masks the input ``x``, ``masks[l]`` the activations of
        hidden layer ``l``; missing or ``None`` entries drop nothing. Bias
        units are never dropped. A batch ``x`` of shape ``(n, d)`` uses the
        same masks for every sample.
    p : float or sequence, optional
        Keep probability (one, or one per mask) for inverted dropout; ``None``
        applies the masks without rescaling.

    Returns
    -------
    DropoutForward
        ``inputs`` (the masked vector each layer receives), ``a``, ``h`` (the
        activations before their mask is applied) and ``yhat``.

    Notes
    -----
    With :math:`\tilde h^{(0)} = \mu^{(0)} \odot x` (divided by :math:`p` if
    inverted):

    .. math::

        a^{(l)} = W^{(l)} \binom{1}{\tilde h^{(l-1)}}, \quad
        h^{(l)} = f_l\bigl(a^{(l)}\bigr), \quad
        \tilde h^{(l)} = \mu^{(l)} \odot h^{(l)}, \quad \hat y = h^{(L)} .

    The pre-activations are computed by :func:`wbcode.mlp.forward` on
    :func:`thin_weights`, the thinned network that the masks select.

    Examples
    --------
    Q3's network with the second hidden unit dropped:

    >>> fw = dropout_forward([[[1, 2, 1], [1, 1, 2]], [1, -1, 2]], [-1, 1],
    ...                      ["relu", "identity"], [None, [1, 0]])
    >>> fw.h[0], fw.inputs[1], fw.yhat
    (array([0., 2.]), array([0., 0.]), array(1.))
    """
    Ws, ms = _network_masks(weights, masks)
    ps = _per_layer_p(p, len(ms))
    x_arr = _network_input(x, Ws[0])
    fw: Forward = forward(thin_weights(Ws, ms, p=p), x_arr, activations)
    layer_in = (x_arr, *fw.h[:-1])
    inputs = tuple(
        h_l.copy() if m is None else dropout(h_l, m, p=q)
        for h_l, m, q in zip(layer_in, ms, ps, strict=True)
    )
    return DropoutForward(inputs=inputs, a=fw.a, h=fw.h, masks=tuple(ms))


def sample_masks(
    weights: Sequence[ArrayLike],
    p: float | Sequence[float | None],
    rng: np.random.Generator,
) -> list[FloatArray | None]:
    """Draw one dropout mask per layer input of a network (``None`` where ``p`` is ``None``).

    Parameters
    ----------
    weights : sequence of array_like
        ``[W1, ..., WL]`` bias first; mask ``l`` has ``weights[l].shape[-1] - 1`` entries.
    p : float or sequence
        Keep probability for every layer input, or one per layer input (``None``: no dropout).
    rng : numpy.random.Generator

    Returns
    -------
    list
        Masks for :func:`dropout_forward`.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> sample_masks([np.ones((3, 3)), np.ones(4)], [None, 0.5], rng)
    [None, array([0., 0., 1.])]
    """
    Ws, _ = _network_masks(weights, [])
    ps = _per_layer_p(p, len(Ws))
    rng = check_rng(rng)
    return [
        None if q is None else dropout_mask(W.shape[-1] - 1, q, rng)
        for W, q in zip(Ws, ps, strict=True)
    ]
