"""API cases of wbcode.pooling."""

from typing import Any

import numpy as np

from api_cases import Arr, Bad, Case, Flag, Other
from wbcode.pooling import max_pool2d, max_pool2d_backward


def _backward(dy: Any, argmax: Any, shape: Any) -> Any:
    # The test turns every numeric tuple of a valid call into a float array; give the
    # function back the tuple of ints it documents (bad values pass unchanged).
    if isinstance(shape, np.ndarray):
        shape = tuple(int(n) for n in shape)
    return max_pool2d_backward(dy, argmax, shape)


X = np.array([[[1.0, 5.0, 2.0, 0.5], [3.0, 4.0, 9.0, -1.0], [0.0, 8.0, 7.0, 2.5]]] * 2)
X[1] *= -1
POOLED = max_pool2d(X, 2, 1)

WINDOW = Other(
    [
        Bad(0, "zero"),
        Bad(1.5, "a fraction"),
        Bad(True, "a bool"),
        Bad("2", "a string"),
        Bad((2, 0), "a zero in a pair"),
        Bad((2, 2, 2), "three numbers for two axes"),
    ]
)

CASES = {
    "MaxPool": Case.exempt("the result record of max_pool2d; users do not build it"),
    "max_pool2d": Case(
        {"x": X, "size": 2, "stride": 1, "partial": True},
        {"x": Arr(ndim="any", min_ndim=2), "size": WINDOW, "stride": WINDOW, "partial": Flag()},
        extra=[
            ("x", {"x": X[0, 0]}, "a vector"),
            ("size", {"size": 4}, "a window taller than x"),
            ("size", {"size": (2, 5)}, "a window wider than x"),
        ],
    ),
    "max_pool2d_backward": Case(
        {
            "dy": np.linspace(-1, 1, POOLED.y.size).reshape(POOLED.y.shape),
            "argmax": POOLED.argmax.copy(),
            "shape": X.shape,
        },
        {
            "dy": Arr(ndim=3),
            "argmax": Other(
                [
                    Bad(POOLED.argmax.astype(float), "floats"),
                    Bad(POOLED.argmax > 3, "booleans"),
                    Bad(POOLED.argmax[..., :1], "the wrong shape"),
                    Bad(POOLED.argmax + 100, "indices outside the map"),
                    Bad(-POOLED.argmax - 1, "negative indices"),
                    Bad([[[0, 1], [2]]], "a ragged nested list"),
                    Bad("abc", "a string"),
                    Bad(None, "None"),
                ]
            ),
            "shape": Other(
                [
                    Bad(12, "a number, not a shape"),
                    Bad((3,), "one axis"),
                    Bad((2, 3, 0), "a zero length"),
                    Bad((2, 3.0, 4), "a float length"),
                    Bad((3, 3, 4), "leading axes that do not match dy"),
                    Bad((2, 2, 2), "a map too small for argmax"),
                    Bad("abc", "a string"),
                    Bad(None, "None"),
                ]
            ),
        },
        call=_backward,
    ),
}
