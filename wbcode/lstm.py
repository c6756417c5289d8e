r"""The LSTM cell of Goodfellow, Bengio & Courville (2016), eqs. 10.40-10.44.

Three sigmoid gates read the input :math:`x^{(t)}` and the previous output
:math:`h^{(t-1)}`: the forget gate :math:`f`, the external input gate :math:`g`
and the output gate :math:`q`. The state :math:`s` is updated *additively*:

.. math::

    f^{(t)} &= \sigma\bigl(b^f + U^f x^{(t)} + W^f h^{(t-1)}\bigr), \\
    g^{(t)} &= \sigma\bigl(b^g + U^g x^{(t)} + W^g h^{(t-1)}\bigr), \\
    q^{(t)} &= \sigma\bigl(b^q + U^q x^{(t)} + W^q h^{(t-1)}\bigr), \\
    s^{(t)} &= f^{(t)} \odot s^{(t-1)} + g^{(t)} \odot
        \phi\bigl(b + U x^{(t)} + W h^{(t-1)}\bigr), \\
    h^{(t)} &= \psi\bigl(s^{(t)}\bigr) \odot q^{(t)}, \qquad
    \hat y^{(t)} = \sigma\bigl(c + V h^{(t)}\bigr).

The book squashes the cell input with :math:`\phi = \sigma` and the state with
:math:`\psi = \tanh`; the workbook (Q17) uses :math:`\psi = \mathrm{ReLU}`; many
libraries use :math:`\phi = \tanh`. Both are options here.

Parameters are passed as one mapping with the keys :data:`PARAM_NAMES`
(``Uf, Wf, bf, Ug, Wg, bg, Uq, Wq, bq, U, W, b, V, c``); the workbook record
:data:`wbcode.workbook.Q17` is such a mapping. Two shapes are accepted:

- **scalar cell**: ``X`` of shape ``(T,)`` and every parameter, ``h0`` and ``s0``
  a number; every result has shape ``(T,)``;
- **vector cell** with ``n`` units: ``X`` of shape ``(T, d)``, the ``U``'s
  ``(n, d)``, the ``W``'s ``(n, n)``, the ``b``'s, ``h0`` and ``s0`` ``(n,)``, and
  ``V`` of shape ``(k, n)`` with ``c`` of shape ``(k,)`` (or ``V`` of shape
  ``(n,)`` with a scalar ``c`` for one output).

The Q17 chapter computes a forward pass by hand. Both functions reject NaN and
infinite entries, in the inputs and in the parameters, with a ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice
from .activations import relu, sigmoid

__all__ = ["PARAM_NAMES", "LSTMForward", "LSTMStep", "lstm_forward", "lstm_step"]

#: The keys an LSTM parameter mapping must hold.
PARAM_NAMES = ("Uf", "Wf", "bf", "Ug", "Wg", "bg", "Uq", "Wq", "bq", "U", "W", "b", "V", "c")
CELL_ACTIVATIONS = ("sigmoid", "tanh")
STATE_ACTIVATIONS = ("relu", "tanh")


@dataclass(frozen=True)
class LSTMStep:
    """Everything one LSTM step computes (shapes ``(n,)``, or numbers for a scalar cell)."""

    f: FloatArray  #: forget gate :math:`f^{(t)}`
    g: FloatArray  #: external input gate :math:`g^{(t)}`
    q: FloatArray  #: output gate :math:`q^{(t)}`
    a: FloatArray  #: cell input before squashing, :math:`b + U x^{(t)} + W h^{(t-1)}`
    u: FloatArray  #: squashed cell input :math:`\phi(a^{(t)})`
    s: FloatArray  #: state :math:`s^{(t)}`
    h: FloatArray  #: cell output :math:`h^{(t)} = \psi(s^{(t)})\, q^{(t)}`
    o: FloatArray  #: output logit :math:`c + V h^{(t)}`
    yhat: FloatArray  #: output :math:`\sigma(o^{(t)})`


@dataclass(frozen=True)
class LSTMForward:
    """Every gate and state of :func:`lstm_forward`, one row (entry) a time step.

    Row ``t - 1`` holds time step ``t``. For a scalar cell every field has
    shape ``(T,)``; for a vector cell ``(T, n)`` (``o`` and ``yhat``: ``(T, k)``
    or ``(T,)``).
    """

    f: FloatArray  #: forget gates
    g: FloatArray  #: external input gates
    q: FloatArray  #: output gates
    a: FloatArray  #: cell inputs before squashing
    u: FloatArray  #: squashed cell inputs
    s: FloatArray  #: states
    h: FloatArray  #: cell outputs
    o: FloatArray  #: output logits
    yhat: FloatArray  #: outputs


def _params(
    params: Mapping[str, ArrayLike], d: int | None, input_name: str
) -> tuple[dict[str, FloatArray], int]:
    """Validate ``params`` against the input (``d`` features, ``None`` for numbers).

    Returns the parameters in vector form and the number of units.
    """
    if not isinstance(params, Mapping):
        raise TypeError(
            f"params must be a mapping with the keys {list(PARAM_NAMES)}, "
            f"got {type(params).__name__}"
        )
    missing = [k for k in PARAM_NAMES if k not in params]
    if missing:
        raise ValueError(f"params misses the key(s) {missing}; it needs {list(PARAM_NAMES)}")
    P = {k: as_array(params[k], f"params[{k!r}]") for k in PARAM_NAMES}
    if d is None:  # scalar cell: every parameter is a number
        shaped = [k for k in PARAM_NAMES if P[k].ndim != 0]
        if shaped:
            raise ValueError(
                f"{input_name} holds numbers (a scalar cell), so every parameter must be a "
                f"number, but params[{shaped[0]!r}] has shape {P[shaped[0]].shape}"
            )
        vec: dict[str, FloatArray] = {k: v.reshape(1, 1) for k, v in P.items() if k[0] in "UW"}
        vec |= {k: P[k].reshape(1) for k in ("bf", "bg", "bq", "b", "V")}
        vec["c"] = P["c"]
        return vec, 1
    U = P["U"]
    if U.ndim != 2 or U.shape[1] != d:
        raise ValueError(
            f"{input_name} holds vectors of {d} entries (a vector cell), so params['U'] must "
            f"have shape (n, {d}), got shape {U.shape}"
        )
    n = U.shape[0]
    shapes = {"U": (n, d), "W": (n, n), "b": (n,)}
    out = {
        k: as_array(P[k], f"params[{k!r}]", shape=shapes[k[0]])
        for k in PARAM_NAMES
        if k[0] in shapes
    }
    V = as_array(P["V"], "params['V']", ndim=(1, 2))
    if V.shape[-1] != n:
        raise ValueError(
            f"params['V'] must have {n} columns to match params['U'] with {n} rows, "
            f"got shape {V.shape}"
        )
    out["V"] = V
    out["c"] = as_array(P["c"], "params['c']", shape=V.shape[:-1])
    return out, n


def _cell(
    x: FloatArray,
    h_prev: FloatArray,
    s_prev: FloatArray,
    P: dict[str, FloatArray],
    cell_activation: str,
    state_activation: str,
) -> LSTMStep:
    """One step on validated vector-form arrays (the equations of the module)."""
    # The forget, input and output gates, then the state and the cell output:
    # Goodfellow et al. (2016), eqs. 10.40, 10.42, 10.44, 10.41 and 10.43.
    f = sigmoid(P["bf"] + P["Uf"] @ x + P["Wf"] @ h_prev)
    g = sigmoid(P["bg"] + P["Ug"] @ x + P["Wg"] @ h_prev)
    q = sigmoid(P["bq"] + P["Uq"] @ x + P["Wq"] @ h_prev)
    a = P["b"] + P["U"] @ x + P["W"] @ h_prev  # cell input
    u = sigmoid(a) if cell_activation == "sigmoid" else np.tanh(a)
    s = f * s_prev + g * u  # additive: no W, no squashing
    psi = relu(s) if state_activation == "relu" else np.tanh(s)
    h = psi * q
    o = P["c"] + P["V"] @ h
    return LSTMStep(f=f, g=g, q=q, a=a, u=u, s=s, h=h, o=o, yhat=sigmoid(o))


def _options(cell_activation: str, state_activation: str) -> None:
    check_choice(cell_activation, "cell_activation", CELL_ACTIVATIONS)
    check_choice(state_activation, "state_activation", STATE_ACTIVATIONS)


def lstm_step(
    x: ArrayLike,
    params: Mapping[str, ArrayLike],
    h_prev: ArrayLike,
    s_prev: ArrayLike,
    *,
    cell_activation: str = "sigmoid",
    state_activation: str = "relu",
) -> LSTMStep:
    r"""One LSTM step: gates, state, cell output and output.

    Parameters
    ----------
    x : float or array_like, shape (d,)
        The input :math:`x^{(t)}` (a number for a scalar cell).
    params : mapping
        The weights, keys :data:`PARAM_NAMES` (other keys are ignored).
    h_prev, s_prev : float or array_like, shape (n,)
        :math:`h^{(t-1)}` and :math:`s^{(t-1)}`.
    cell_activation : {"sigmoid", "tanh"}, default "sigmoid"
        :math:`\phi`, the squashing of the cell input (the book's sigmoid, or tanh).
    state_activation : {"relu", "tanh"}, default "relu"
        :math:`\psi` in :math:`h = \psi(s)\,q` (the workbook's ReLU, or the book's tanh).

    Returns
    -------
    LSTMStep

    Notes
    -----
    .. math::

        s^{(t)} = f^{(t)} s^{(t-1)} + g^{(t)} \phi(b + U x^{(t)} + W h^{(t-1)}), \qquad
        h^{(t)} = \psi(s^{(t)})\, q^{(t)}

    with the gates of the module docstring (Goodfellow et al. 2016, section
    10.10.1). Computed by hand in the Q17 chapter.

    References
    ----------
    .. [1] S. Hochreiter, J. Schmidhuber, "Long short-term memory", *Neural
       Computation* 9(8), 1997.

    Examples
    --------
    >>> p = dict(Uf=0, Wf=0, bf=0, Ug=0, Wg=0, bg=0, Uq=0, Wq=0, bq=0,
    ...          U=0, W=0, b=0, V=1, c=0)
    >>> st = lstm_step(1.0, p, 0.0, 1.0)
    >>> float(st.f), float(st.u), float(st.s), float(st.h)
    (0.5, 0.5, 0.75, 0.375)
    """
    _options(cell_activation, state_activation)
    x = as_array(x, "x", ndim=(0, 1))
    scalar = x.ndim == 0
    P, n = _params(params, None if scalar else x.shape[0], "x")
    shape = () if scalar else (n,)
    h_prev = as_array(h_prev, "h_prev", shape=shape).reshape(n)
    s_prev = as_array(s_prev, "s_prev", shape=shape).reshape(n)
    st = _cell(x.reshape(-1), h_prev, s_prev, P, cell_activation, state_activation)
    if not scalar:
        return st
    return LSTMStep(**{k: v.reshape(()) for k, v in vars(st).items()})


def lstm_forward(
    X: ArrayLike,
    params: Mapping[str, ArrayLike],
    h0: ArrayLike,
    s0: ArrayLike,
    *,
    cell_activation: str = "sigmoid",
    state_activation: str = "relu",
) -> LSTMForward:
    r"""Run an LSTM over a sequence and keep every gate and state.

    Parameters
    ----------
    X : array_like, shape (T,) or (T, d)
        The inputs, one time step an entry (scalar cell) or a row (vector cell).
    params : mapping
        The weights, keys :data:`PARAM_NAMES` (other keys are ignored, so the
        workbook record ``Q17`` can be passed as it is).
    h0, s0 : float or array_like, shape (n,)
        Initial cell output and state.
    cell_activation : {"sigmoid", "tanh"}, default "sigmoid"
        Squashing of the cell input (the book's sigmoid, or tanh).
    state_activation : {"relu", "tanh"}, default "relu"
        :math:`\psi` in :math:`h = \psi(s)\,q` (the workbook's ReLU, or the book's tanh).

    Returns
    -------
    LSTMForward
        ``f, g, q, a, u, s, h, o, yhat`` per time step.

    Notes
    -----
    Applies :func:`lstm_step` for :math:`t = 1, \dots, T` with the same
    weights, feeding each step's :math:`h^{(t)}` and :math:`s^{(t)}` to the next.

    Examples
    --------
    >>> p = dict(Uf=0, Wf=0, bf=0, Ug=0, Wg=0, bg=0, Uq=0, Wq=0, bq=0,
    ...          U=0, W=0, b=0, V=1, c=0)
    >>> fw = lstm_forward([1.0, 1.0], p, 0.0, 0.0)
    >>> fw.s, fw.h
    (array([0.25 , 0.375]), array([0.125 , 0.1875]))
    """
    _options(cell_activation, state_activation)
    X = as_array(X, "X", ndim=(1, 2))
    scalar = X.ndim == 1
    P, n = _params(params, None if scalar else X.shape[1], "X")
    shape = () if scalar else (n,)
    h = as_array(h0, "h0", shape=shape).reshape(n)
    s = as_array(s0, "s0", shape=shape).reshape(n)
    steps = []
    for x in X.reshape(X.shape[0], -1):
        st = _cell(x, h, s, P, cell_activation, state_activation)
        steps.append(st)
        h, s = st.h, st.s
    fields = {k: np.stack([vars(st)[k] for st in steps]) for k in vars(steps[0])}
    if scalar:
        fields = {k: v.reshape(-1) for k, v in fields.items()}
    return LSTMForward(**fields)
