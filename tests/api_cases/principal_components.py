"""API cases of wbcode.principal_components."""

import numpy as np

from api_cases import Arr, Case, Int, Real, Rng

X = [[1.0, 0.0, 0.5], [-1.0, 0.2, 0.0], [0.0, 0.5, -0.5], [0.3, -0.7, 0.1]]

CASES = {
    "low_rank_data": Case(
        {"rng": np.random.default_rng(0), "n": 20, "d": 4, "stds": [3.0, 1.0], "noise": 0.1},
        {
            "rng": Rng(),
            "n": Int(minimum=2),
            "d": Int(minimum=2),
            "stds": Arr(ndim=1),
            "noise": Real(positive=True, zero_ok=True),
        },
        extra=[
            ("stds", {"stds": [3.0, 2.0, 1.0, 0.5]}, "as many directions as features"),
            ("stds", {"stds": [3.0, -1.0]}, "a negative standard deviation"),
        ],
    ),
    "pca": Case(
        {"X": X, "k": 2},
        {"X": Arr(ndim=2), "k": Int(minimum=1)},
        extra=[
            ("k", {"k": 4}, "more components than features"),
            ("X", {"X": [[1e200, 0.0], [-1e200, 1.0]], "k": 1}, "a variance beyond float64"),
        ],
    ),
    "subspace_angles": Case(
        {"A": [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], "B": [[1.0], [1.0], [1.0]]},
        {"A": Arr(ndim=2), "B": Arr(ndim=2)},
        extra=[
            ("B", {"B": [[1.0], [1.0]]}, "vectors of another dimension"),
            ("A", {"A": [[0.0], [0.0], [0.0]]}, "a subspace of rank 0"),
        ],
    ),
}
