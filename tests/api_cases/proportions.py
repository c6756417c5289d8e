"""API cases of wbcode.proportions."""

import numpy as np

from api_cases import Bad, Case, Int, Other, Prob

FLAGS = Other(
    [
        Bad([1, 0, 1], "integers, not True/False"),
        Bad([0.5, 1.0], "fractions"),
        Bad([], "no seeds"),
        Bad([[True, False]], "a 2-D array"),
        Bad("TF", "a string"),
        Bad(None, "None"),
    ]
)

CASES = {
    "McNemar": Case.exempt("the result record of mcnemar_test; users read it"),
    "wilson_interval": Case(
        {"successes": 7, "trials": 10, "confidence": 0.95},
        {
            "successes": Int(minimum=0),
            "trials": Int(minimum=1),
            "confidence": Prob(open_low=True, open_high=True),
        },
        extra=[("successes", {"successes": 11}, "more successes than trials")],
    ),
    "mcnemar_test": Case(
        {"a": np.array([True, True, False, True]), "b": np.array([True, False, False, False])},
        {"a": FLAGS, "b": FLAGS},
        extra=[("a", {"a": np.array([True, False])}, "fewer seeds than b")],
    ),
}
