"""API cases of wbcode.rnn_runs."""

import numpy as np

from api_cases import Arr, Case, Choice, Int, Other

rng = np.random.default_rng(0)
R, T, d, n = 2, 4, 2, 3
RUNS = {
    "X": rng.normal(size=(R, T, d)),
    "y": rng.uniform(size=(R, T)),
    "U": 0.5 * rng.normal(size=(R, n, d)),
    "W": 0.5 * rng.normal(size=(R, n, n)),
    "V": 0.5 * rng.normal(size=(R, n)),
    "b": 0.1 * rng.normal(size=(R, n)),
    "c": 0.1 * rng.normal(size=R),
    "h0": 0.5 * rng.normal(size=(R, n)),
    "lr": 0.1,
    "steps": 3,
    "threshold": 1.0,
    "activation": "tanh",
}
KINDS = {
    "X": Arr(ndim=3),
    "y": Arr(ndim=2),
    "U": Arr(ndim=3),
    "W": Arr(ndim=3),
    "V": Arr(ndim=2),
    "b": Arr(ndim=2),
    "c": Arr(ndim=1),
    "h0": Arr(ndim=2),
    "lr": Arr(ndim=(0, 1)),
    "steps": Int(minimum=1),
    "threshold": Other(),
    "activation": Choice(("relu", "tanh", "identity")),
}
EXTRA = [
    ("y", {"y": np.full((R, T), 1.5)}, "targets above 1"),
    ("y", {"y": np.ones((R, T + 1))}, "a target per step too many"),
    ("U", {"U": np.ones((R, n, d + 1))}, "U with a column too many for X"),
    ("U", {"U": np.ones((R + 1, n, d))}, "U for a run too many"),
    ("W", {"W": np.ones((R, n, n + 1))}, "a non-square W"),
    ("V", {"V": np.ones((R, n + 1))}, "V with an entry too many"),
    ("b", {"b": np.ones((R, n + 1))}, "b for 4 units"),
    ("c", {"c": np.ones(R + 1)}, "c for a run too many"),
    ("h0", {"h0": np.ones((R, n - 1))}, "h0 for 2 units"),
    ("lr", {"lr": -0.1}, "a negative step size"),
    ("lr", {"lr": 0.0}, "a zero step size"),
    ("lr", {"lr": [0.1, 0.1, 0.1]}, "a step size for a run too many"),
    ("lr", {"lr": 1e200}, "a step size that makes the weights overflow"),
    ("threshold", {"threshold": 0.0}, "a zero threshold"),
    ("threshold", {"threshold": -1.0}, "a negative threshold"),
    ("threshold", {"threshold": np.nan}, "a NaN threshold"),
    ("threshold", {"threshold": [1.0, 1.0, 1.0]}, "a threshold for a run too many"),
    ("threshold", {"threshold": "abc"}, "a string"),
    ("threshold", {"threshold": np.ones((2, 2))}, "a matrix"),
]

CASES = {
    "RNNRuns": Case.exempt("the result record of train_rnn_runs; users do not build it"),
    "train_rnn_runs": Case(dict(RUNS), dict(KINDS), extra=list(EXTRA)),
}
