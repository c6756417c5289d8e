"""API cases of wbcode.conv.

The valid calls pass ``stride`` as one integer: the test turns every numeric
tuple of a valid call into a float array, and a stride must be integers.
"""

import numpy as np

from api_cases import Arr, Bad, Case, Int, Other

X = np.arange(2 * 4 * 5, dtype=float).reshape(2, 4, 5) / 10 - 1.5
K = np.linspace(-1.0, 1.0, 3 * 2 * 3 * 3).reshape(3, 2, 3, 3)

PADDING = Other(
    [
        Bad("circular", "an unknown padding name"),
        Bad("SAME", "a padding name in the wrong case"),
        Bad(-1, "a negative number of zeros"),
        Bad(1.5, "a fractional number of zeros"),
        Bad(True, "a bool"),
        Bad((1, 2, 3), "three numbers for two axes"),
        Bad((1, -1), "a negative entry in a pair"),
        Bad(None, "None"),
    ]
)
STRIDE = Other(
    [
        Bad(0, "zero"),
        Bad(-2, "a negative stride"),
        Bad(1.5, "a fraction"),
        Bad(2.0, "a float"),
        Bad(True, "a bool"),
        Bad("2", "a string"),
        Bad((1, 0), "a zero in a pair"),
        Bad((1, 2, 3), "three numbers for two axes"),
        Bad(None, "None"),
    ]
)
LAYER = {"x": Arr(ndim=3), "K": Arr(ndim=4), "padding": PADDING, "stride": STRIDE}

CASES = {
    "conv_output_size": Case(
        {"n": 8, "k": 3, "padding": 1, "stride": 2},
        {
            "n": Int(minimum=1),
            "k": Int(minimum=1),
            "padding": Int(minimum=0),
            "stride": Int(minimum=1),
        },
        extra=[("k", {"n": 2, "k": 5, "padding": 1}, "a window longer than the padded input")],
    ),
    "conv2d": Case(
        {"x": X, "K": K, "padding": "same", "stride": 2},
        LAYER,
        extra=[
            ("K", {"K": K[:, :1]}, "kernels for 1 input channel on 2 channels"),
            ("K", {"K": np.ones((1, 2, 6, 2)), "padding": "valid"}, "a kernel taller than x"),
            ("K", {"K": np.ones((1, 2, 2, 3))}, "an even kernel with padding='same'"),
        ],
    ),
    "conv2d_backward": Case(
        {
            "dZ": np.linspace(-1, 1, 3 * 2 * 3).reshape(3, 2, 3),
            "x": X,
            "K": K,
            "padding": "same",
            "stride": 2,
        },
        {"dZ": Arr(ndim=3), **LAYER},
        extra=[
            ("dZ", {"dZ": np.ones((3, 4, 5))}, "dZ of the stride-1 output shape"),
            ("stride", {"stride": (1, 2)}, "a stride that does not match dZ"),
            ("K", {"K": K[:, :1]}, "kernels for 1 input channel on 2 channels"),
        ],
    ),
}
