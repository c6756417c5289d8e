"""The given data of all 21 questions of the workbook, typed once.

Each question has one read-only record, ``Q1`` to ``Q21``, that holds
the numbers printed in the workbook (arrays are float64 and write-protected)
and, where a figure is missing from the source, the network this book
reconstructs, marked as such in the record's ``notes``. Chapters and tests import
these records; no matrix of the workbook is typed anywhere else.
``QUESTIONS`` maps each number to its record.

Conventions (see the book's conventions page): augmented vectors put the bias
first, so a weight row reads ``(w_bias, w_1, w_2)``.

Examples
--------
>>> from wbcode.workbook import Q2
>>> Q2.X
array([[1., 1., 2.],
       [1., 2., 4.],
       [1., 4., 8.]])
>>> Q2.title
'Stochastic gradient descent'
>>> Q2.X[0, 0] = 5
Traceback (most recent call last):
...
ValueError: assignment destination is read-only
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from ._checks import check_int

__all__ = ["QUESTIONS", "Given"] + [f"Q{i}" for i in range(1, 22)]


def _frozen(value: Any, name: str) -> Any:
    """A read-only copy of a field: numbers in lists and arrays become write-protected arrays."""
    if isinstance(value, np.ndarray):
        arr = value.astype(np.float64) if value.dtype.kind in "iuf" else value.copy()
        arr.flags.writeable = False
        return arr
    if (
        isinstance(value, list | tuple)
        and value
        and all(isinstance(v, int | float | list | tuple) for v in value)
    ):
        try:
            arr = np.array(value, dtype=np.float64)
        except (ValueError, TypeError) as err:  # ragged, or strings among the numbers
            raise ValueError(
                f"{name} must be a rectangular array of numbers (or another value), got {value!r}"
            ) from err
        arr.flags.writeable = False
        return arr
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v, f"{name}[{k!r}]") for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_frozen(v, f"{name}[{i}]") for i, v in enumerate(value))
    return value


class Given(Mapping[str, Any]):
    """Read-only record of one question's given data.

    Fields are read as attributes (``Q3.W``) or by key (``Q3["W"]``); lists of
    numbers and numeric arrays become write-protected float64 copies, dicts
    read-only mappings, so a record never changes with the caller's data.
    Besides its data fields a record has ``number`` (1 to 21 for the
    workbook's questions), ``title`` (spelled correctly) and ``notes`` (where
    the record reads or reconstructs something the source does not print:
    what and why). A record of your own (an extra exercise) is built the
    same way.

    Parameters
    ----------
    number : int
        The question's number, at least 1.
    title : str
        Its title, not empty.
    notes : str, optional
    **fields
        The given data, by name (not ``keys``, ``items``, ``values``,
        ``get`` or a name starting with ``_``).

    Raises
    ------
    TypeError
        If ``number`` is not an integer or ``title`` or ``notes`` is not a string.
    ValueError
        If ``number`` is below 1, a field is a ragged list of numbers, or a
        field name is taken by the record itself.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([1.0, 2.0])
    >>> extra = Given(22, "An extra exercise", w=w, lr=0.1)
    >>> w[0] = 5.0
    >>> extra.w, extra.lr
    (array([1., 2.]), 0.1)
    """

    __slots__ = ("_fields", "notes", "number", "title")

    def __init__(self, number: int, title: str, notes: str = "", **fields: Any) -> None:
        number = check_int(number, "number", minimum=1)
        if not isinstance(title, str) or not title:
            raise TypeError(f"title must be a non-empty string, got {title!r}")
        if not isinstance(notes, str):
            raise TypeError(f"notes must be a string, got {type(notes).__name__} {notes!r}")
        for name in fields:
            if name.startswith("_") or hasattr(Mapping, name):
                raise ValueError(f"{name} cannot be a field name: it is taken by the record itself")
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "notes", notes)
        object.__setattr__(
            self, "_fields", MappingProxyType({k: _frozen(v, k) for k, v in fields.items()})
        )

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(
                f"Q{self.number} has no field {name!r}; it has {sorted(self._fields)}"
            ) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Q{self.number} is read-only")

    def __getitem__(self, key: str) -> Any:
        return self._fields[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"<Q{self.number} {self.title!r}: {', '.join(self._fields) or 'no data'}>"


#: The given data of question 1 (``Q1.title`` names it).
Q1 = Given(1, "Regression and classification", x=[1, 0, 2])

#: The given data of question 2 (``Q2.title`` names it).
Q2 = Given(
    2,
    "Stochastic gradient descent",
    X=[[1, 1, 2], [1, 2, 4], [1, 4, 8]],  # columns: bias, x1, x2
    y=[2, 4, 8],
    theta0=[0.5, 1.5, 0.5],
    lr=0.001,
    lr_large=0.1,
)

#: The given data of question 3 (``Q3.title`` names it).
Q3 = Given(
    3,
    "Forward propagation",
    notes="Bias first: W[:, 0] and v[0] are the bias weights.",
    x=[-1, 1],
    W=[[1, 2, 1], [1, 1, 2]],
    v=[1, -1, 2],
)

#: The given data of question 4 (``Q4.title`` names it).
Q4 = Given(4, "Log-likelihood loss gradient")

#: The given data of question 5 (``Q5.title`` names it).
Q5 = Given(
    5,
    "Backpropagation",
    notes=(
        "The figure is missing from the source. Reconstructed: a 2-2-1 network "
        "with bias units and ReLU on every node; W (2x3) and v (3) bias first. "
        "The weights keep every ReLU active at x, before and after the step, "
        "and one step with lr = 0.1 lowers the loss."
    ),
    x=[2, 4],
    y=2.5,
    lr=0.1,
    W=[[-1.0, -0.75, 1.0], [-1.0, -0.2, 0.5]],
    v=[0.5, -0.1, 0.25],
)

#: The given data of question 6 (``Q6.title`` names it).
Q6 = Given(
    6,
    "Regularization",
    notes=(
        "The figure is missing from the source. Reconstructed: the network of "
        "Q3 (same input x), L1 strength lam and learning rate lr chosen here. "
        "lr = 0.01 keeps hidden unit 2 active after one step (a2: 2 -> 1.64, "
        "with and without L1); lr = 0.1 would overshoot to a2 = -1.6, leaving "
        "both hidden ReLUs inactive at x."
    ),
    x=[-1, 1],
    y=2,
    W=[[1, 2, 1], [1, 1, 2]],
    v=[1, -1, 2],
    lam=0.1,
    lr=0.01,
)

#: The given data of question 7 (``Q7.title`` names it).
Q7 = Given(7, "Data augmentation")

#: The given data of question 8 (``Q8.title`` names it).
Q8 = Given(
    8,
    "Dropout regularization in neural networks",
    notes="As printed: h1 = relu(W1T x + b1), ..., yhat = vT h3 + b4.",
    x=[1, 1],
    W1T=[[1, 2], [-1, 1], [2, -1]],
    W2T=[[1, 2, -2], [2, -1, 1]],
    W3T=[[2, 1], [-1, -1]],
    vT=[1, -1],
    b1=[-1, 1, 2],
    b2=[2, -1],
    b3=[1, 1],
    b4=1,
    masks=(
        {"mu0": [1, 1], "mu1": [1, 0, 1], "mu2": [1, 0]},
        {"mu0": [0, 1], "mu1": [0, 1, 1], "mu2": [1, 1]},
    ),
)

_XOR: dict[str, Any] = {"X": [[1, 1], [-1, 1], [1, -1], [-1, -1]], "y": [1, 0, 0, 1]}

#: The given data of question 9 (``Q9.title`` names it).
Q9 = Given(9, "Solving the XOR problem", **_XOR)

#: The given data of question 10 (``Q10.title`` names it).
Q10 = Given(
    10,
    "AdaGrad and friends",
    notes="w and 'initial beta' are the same vector; X has the bias column first.",
    X=[[1, 1, 2], [1, 1, 1], [1, 1, 2]],
    y=[11, 8, 10],
    w0=[1, 1, 1],
    lr=0.1,
    epochs=2,
)

#: The given data of question 11 (``Q11.title`` names it).
Q11 = Given(11, "Solving the XOR problem with AdaGrad", **_XOR)

#: The given data of question 12 (``Q12.title`` names it).
Q12 = Given(
    12,
    "Convolution kernels",
    notes="Sub-questions a) to d) pair M1..M4 with K1..K4; e) pools the results of b) to d).",
    M1=[1, 2, 3, 4, -4, -2, -1, 0],
    K1=[-1, 1, -1],
    M2=[[1, -10, 10], [5, 1, -5], [1, -10, 0]],
    K2=[[1, 1, 1], [1, 1, 1], [1, 1, 1]],
    M3=[[-1, 1, -1], [-1, 1, -1], [-1, 1, -1], [-1, 1, -1]],
    K3=[[0, 1, 0], [1, 0, 1], [0, 1, 0]],
    M4=[[5, 5, -10], [-5, 1, -1], [5, -1, -10]],
    K4=[[-1, 0, 0], [0, 0, 0], [0, 0, 1]],
    pool=2,
)

#: The given data of question 13 (``Q13.title`` names it).
Q13 = Given(
    13,
    "CNN backpropagation, part 1: forward pass",
    notes=(
        "Kernels are stored in the workbook's index order K[in, out] (shape "
        "(in, out, kh, kw)): K1 is (1, 2, 2, 2), K2 is (2, 1, 2, 2). The printed "
        "'1x2x3x3' is a typo for 1x2x2x2."
    ),
    V0=[[2, 3, 1], [4, 6, 9], [4, 7, 1]],
    K1=[[[[2, -3], [-3, 2]], [[1, -1], [-1, 1]]]],
    K2=[[[[1, -2], [-4, 3]]], [[[2, 1], [1, 2]]]],
    theta=-2,
)

#: The given data of question 14 (``Q14.title`` names it).
Q14 = Given(
    14,
    "CNN backpropagation, part 2: backward pass",
    notes="Uses the network and input of Q13; logistic loss = binary cross-entropy.",
    y=0,
)

#: The given data of question 15 (``Q15.title`` names it).
Q15 = Given(
    15,
    "Recurrent neural networks: introduction",
    notes="Rows of X are time steps t = 1..5, columns novelty x1 and difficulty x2.",
    X=[[0.1, 0.1], [0.7, 0.4], [0.5, 0.2], [0.1, 0.1], [0.8, 0.8]],
    U=[[0.5, 0.1], [0.4, 0.01]],
    W=[[0.1, 0.3], [0.3, 0.1]],
    b=[0, 0],
    V=[2, 3],
    c=1,
    h0=[0, 0],
)

#: The given data of question 16 (``Q16.title`` names it).
Q16 = Given(16, "RNN recap")

#: The given data of question 17 (``Q17.title`` names it).
Q17 = Given(
    17,
    "LSTM forward pass",
    notes="Gates: f forget, g external input, q output; h = ReLU(s) q, output = sigmoid(V h + c).",
    x=[0.7, 0.5, 0.7],
    Ug=0.3,
    Wg=-0.3,
    bg=0.1,
    Uf=0.25,
    Wf=0.3,
    bf=0,
    Uq=0.4,
    Wq=0.3,
    bq=0.2,
    U=0.01,
    W=0.1,
    b=1,
    h0=0,
    s0=0,
    V=5,
    c=-1,
)

#: The given data of question 18 (``Q18.title`` names it).
Q18 = Given(18, "Autoencoder basics")

#: The given data of question 19 (``Q19.title`` names it).
Q19 = Given(19, "Sparse autoencoders", n_in=3, n_hidden=2)

#: The given data of question 20 (``Q20.title`` names it).
Q20 = Given(20, "GAN basics")

#: The given data of question 21 (``Q21.title`` names it).
Q21 = Given(
    21,
    "GAN backpropagation",
    notes=(
        "The figure with the two networks is missing from the source. Reconstructed: "
        "a linear generator x = beta0 + beta1 z (beta = (beta0, beta1), bias first) and "
        "a discriminator D(x) = sigmoid(c + sum_j v_j tanh(w_j x + b_j)) with n_hidden "
        "tanh units; the training settings and the data N(data_mean, data_std^2) are "
        "chosen here (see wbcode.gan)."
    ),
    n_hidden=8,
    beta_init=[0.0, 1.0],
    theta_init_scale=1.0,
    lr=0.2,
    k=3,
    steps=400,
    batch=32,
    data_mean=1.5,
    data_std=0.5,
    n_data=2000,
)

#: Every record by its question number.
QUESTIONS: Mapping[int, Given] = MappingProxyType(
    {
        q.number: q
        for q in (
            Q1,
            Q2,
            Q3,
            Q4,
            Q5,
            Q6,
            Q7,
            Q8,
            Q9,
            Q10,
            Q11,
            Q12,
            Q13,
            Q14,
            Q15,
            Q16,
            Q17,
            Q18,
            Q19,
            Q20,
            Q21,
        )
    }
)
