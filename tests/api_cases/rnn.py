"""API cases of wbcode.rnn."""

import numpy as np

from api_cases import Arr, Case, Choice

rng = np.random.default_rng(0)
T, d, n, k = 4, 2, 3, 2
NET = {
    "X": rng.normal(size=(T, d)),
    "U": 0.5 * rng.normal(size=(n, d)),
    "W": 0.5 * rng.normal(size=(n, n)),
    "V": 0.5 * rng.normal(size=(k, n)),
    "b": 0.1 * rng.normal(size=n),
    "c": 0.1 * rng.normal(size=k),
    "h0": 0.5 * rng.normal(size=n),
    "activation": "tanh",
}
KINDS = {
    "X": Arr(ndim=2),
    "U": Arr(ndim=2),
    "W": Arr(ndim=2),
    "V": Arr(ndim=(1, 2)),
    "b": Arr(ndim=1),
    "c": Arr(ndim=(0, 1)),
    "h0": Arr(ndim=1),
    "activation": Choice(("relu", "tanh", "identity")),
}
EXTRA = [
    ("U", {"U": np.ones((n, d + 1))}, "U with a column too many for X"),
    ("W", {"W": np.ones((n, n + 1))}, "a non-square W"),
    ("W", {"W": np.ones((n + 1, n + 1))}, "W for 4 units with U for 3"),
    ("V", {"V": np.ones((k, n + 1))}, "V with a column too many"),
    ("c", {"c": np.ones(k + 1)}, "c with an entry too many for V"),
    ("c", {"V": np.ones(n)}, "c of shape (2,) with a vector V (one output)"),
    ("b", {"b": np.ones(n + 1)}, "b for 4 units"),
    ("h0", {"h0": np.ones(n - 1)}, "h0 for 2 units"),
]
TARGETS = {**NET, "y": rng.uniform(size=(T, k)), "loss": "bce"}
TARGET_KINDS = {**KINDS, "y": Arr(ndim=(1, 2)), "loss": Choice(("bce", "squared"))}
TARGET_EXTRA = [
    *EXTRA,
    ("y", {"y": np.full((T, k), 1.5)}, "targets above 1"),
    ("y", {"y": np.full((T, k), -0.5)}, "targets below 0"),
    ("y", {"y": np.full((T, k), 2.0), "loss": "squared"}, "targets above 1, squared loss"),
    ("y", {"y": np.ones((T, k + 1))}, "a target column too many"),
    ("y", {"y": np.ones((T + 1, k))}, "a target row too many"),
    ("y", {"y": np.ones(T)}, "one target per step for two outputs"),
]

CASES = {
    "RNNForward": Case.exempt("the result record of rnn_forward; users do not build it"),
    "RNNGrads": Case.exempt("the result record of rnn_backward; users do not build it"),
    "rnn_forward": Case(dict(NET), dict(KINDS), extra=list(EXTRA)),
    "rnn_loss": Case(dict(TARGETS), dict(TARGET_KINDS), extra=list(TARGET_EXTRA)),
    "rnn_backward": Case(dict(TARGETS), dict(TARGET_KINDS), extra=list(TARGET_EXTRA)),
}
