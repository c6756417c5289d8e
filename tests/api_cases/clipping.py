"""API cases of wbcode.clipping."""

import numpy as np

from api_cases import Arr, Bad, Case, Other, Real

GRADS = [np.array([[3.0, -1.0], [0.5, 2.0]]), np.array([4.0, 0.0, -2.0]), np.array(0.5)]

CASES = {
    "clip_by_norm": Case(
        {"g": [[3.0, 4.0], [-1.0, 2.0]], "threshold": 2.0},
        {"g": Arr(ndim="any"), "threshold": Real(positive=True)},
    ),
    "clip_global_norm": Case(
        {"grads": GRADS, "threshold": 2.0},
        {
            "grads": Other(
                [
                    Bad([], "an empty list"),
                    Bad(np.ones(3), "one array instead of a sequence"),
                    Bad("abc", "a string"),
                    Bad(None, "None"),
                    Bad(3.0, "a number"),
                    Bad([np.ones(2), np.array([1.0, np.nan])], "a NaN in the second gradient"),
                    Bad([np.ones(2), np.array([np.inf])], "an inf in the second gradient"),
                    Bad([np.ones(2), np.zeros(0)], "an empty gradient"),
                    Bad([np.ones(2), "abc"], "a string among the gradients"),
                    Bad([np.ones(2), None], "None among the gradients"),
                    Bad([[1.0, 2.0], [[1.0], [1.0, 2.0]]], "a ragged gradient"),
                    Bad([np.ones(2) + 1j], "complex numbers"),
                    Bad([np.ones(2) > 0], "booleans"),
                ]
            ),
            "threshold": Real(positive=True),
        },
    ),
}
