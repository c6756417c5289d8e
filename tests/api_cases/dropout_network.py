"""API cases of wbcode.dropout_network."""

import numpy as np

from api_cases import Bad, Case, Other, Rng

# Q3's 2-2-1 network, bias first.
WEIGHTS = [[[1.0, 2.0, 1.0], [1.0, 1.0, 2.0]], [1.0, -1.0, 2.0]]
WEIGHTS_KIND = Other(
    [
        Bad(np.ones((2, 3)), "one array instead of a list"),
        Bad("W", "a string"),
        Bad([[[1.0, np.nan, 1.0], [1.0, 1.0, 2.0]], [1.0, -1.0, 2.0]], "NaN in a layer"),
        Bad([np.ones((2, 2, 3)), [1.0, -1.0, 2.0]], "a 3-D layer"),
    ]
)
MASKS_KIND = Other(
    [
        Bad(np.ones((2, 2)), "an array instead of a list"),
        Bad([[1.0, 0.0, 1.0]], "a mask longer than the layer input"),
        Bad([[1.0, 1.0]] * 3, "more masks than layers"),
        Bad([[1.0, 0.5]], "an entry neither 0 nor 1"),
    ]
)
P_KIND = Other(
    [
        Bad([0.5], "one p per mask, but too few"),
        Bad(0.0, "p = 0"),
        Bad(1.5, "above 1"),
        Bad("0.5", "a string"),
        Bad(True, "a bool"),
    ]
)

# The valid calls avoid lists holding None where they can (p = 0.5, not [None, 0.5]): the
# test turns numeric lists into float arrays, and None would become NaN. A list of masks
# that starts with None stays a list.
CASES = {
    "thin_weights": Case(
        {"weights": WEIGHTS, "masks": [None, [1.0, 0.0]], "p": 0.5},
        {"weights": WEIGHTS_KIND, "masks": MASKS_KIND, "p": P_KIND},
    ),
    "scale_weights": Case({"weights": WEIGHTS, "p": 0.5}, {"weights": WEIGHTS_KIND, "p": P_KIND}),
    "DropoutForward": Case.exempt("a result record of dropout_forward; users do not build it"),
    "dropout_forward": Case(
        {
            "weights": WEIGHTS,
            "x": [-1.0, 1.0],
            "activations": ["relu", "identity"],
            "masks": [None, [1.0, 0.0]],
            "p": None,
        },
        {
            "weights": WEIGHTS_KIND,
            "x": Other(
                [Bad([1.0, np.inf], "inf"), Bad("x", "a string"), Bad([1.0, 2.0, 3.0], "3 inputs")]
            ),
            "activations": Other([Bad(["relu", "softsign"], "an unknown activation")]),
            "masks": MASKS_KIND,
            "p": P_KIND,
        },
    ),
    "sample_masks": Case(
        {"weights": WEIGHTS, "p": 0.5, "rng": np.random.default_rng(2)},
        {"weights": WEIGHTS_KIND, "p": P_KIND, "rng": Rng()},
    ),
}
