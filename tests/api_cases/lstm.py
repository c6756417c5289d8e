"""API cases of wbcode.lstm."""

import numpy as np

from api_cases import Arr, Bad, Case, Choice, Other
from wbcode.lstm import PARAM_NAMES

rng = np.random.default_rng(1)
d, n, k = 2, 3, 1
P = {}
for key in PARAM_NAMES:
    shape = {"U": (n, d), "W": (n, n), "b": (n,)}.get(key[0])
    if shape is not None:
        P[key] = rng.normal(size=shape)
P["V"], P["c"] = rng.normal(size=(k, n)), rng.normal(size=k)

PARAMS = Other(
    [
        Bad(list(P.values()), "a list instead of a mapping"),
        Bad(None, "None"),
        Bad({key: v for key, v in P.items() if key != "Wq"}, "a missing key"),
        Bad({**P, "Uf": np.ones((n, d + 1))}, "Uf for 3 inputs"),
        Bad({**P, "U": np.ones((n, d + 1))}, "U for 3 inputs"),
        Bad({**P, "Wg": np.ones((n, n - 1))}, "a non-square Wg"),
        Bad({**P, "bq": np.ones(n + 1)}, "bq for 4 units"),
        Bad({**P, "V": np.ones((k, n + 1))}, "V for 4 units"),
        Bad({**P, "c": np.ones(k + 1)}, "c for 2 outputs"),
        Bad({**P, "Wf": np.full((n, n), np.nan)}, "a NaN weight"),
        Bad({**P, "b": "abc"}, "a string bias"),
        Bad({**P, "Ug": [[1.0, 2.0], [3.0]]}, "a ragged weight"),
        Bad({**P, "U": 1.0}, "a number U in a vector cell"),
    ]
)
OPTIONS = {
    "cell_activation": Choice(("sigmoid", "tanh")),
    "state_activation": Choice(("relu", "tanh")),
}

CASES = {
    "LSTMStep": Case.exempt("the result record of lstm_step; users do not build it"),
    "LSTMForward": Case.exempt("the result record of lstm_forward; users do not build it"),
    "lstm_step": Case(
        {
            "x": rng.normal(size=d),
            "params": P,
            "h_prev": rng.normal(size=n),
            "s_prev": rng.normal(size=n),
            "cell_activation": "tanh",
            "state_activation": "tanh",
        },
        {
            "x": Arr(ndim=(0, 1)),
            "params": PARAMS,
            "h_prev": Arr(ndim=(0, 1)),
            "s_prev": Arr(ndim=(0, 1)),
            **OPTIONS,
        },
        extra=[
            ("x", {"x": np.ones(d + 1)}, "x with an entry too many for U"),
            ("h_prev", {"h_prev": np.ones(n + 1)}, "h_prev for 4 units"),
            ("s_prev", {"s_prev": np.ones(n - 1)}, "s_prev for 2 units"),
        ],
    ),
    "lstm_forward": Case(
        {
            "X": rng.normal(size=(4, d)),
            "params": P,
            "h0": np.zeros(n),
            "s0": np.zeros(n),
            "cell_activation": "sigmoid",
            "state_activation": "relu",
        },
        {
            "X": Arr(ndim=(1, 2)),
            "params": PARAMS,
            "h0": Arr(ndim=(0, 1)),
            "s0": Arr(ndim=(0, 1)),
            **OPTIONS,
        },
        extra=[
            ("X", {"X": np.ones((4, d + 1))}, "X with a column too many for U"),
            ("h0", {"h0": np.ones(n + 1)}, "h0 for 4 units"),
            ("s0", {"s0": 0.0}, "a number s0 in a vector cell"),
        ],
    ),
}
