"""API cases of wbcode.correlation."""

import numpy as np

from api_cases import Arr, Bad, Case, Other
from api_cases.conv import PADDING, STRIDE

M2 = np.arange(20.0).reshape(4, 5) / 7 - 1
K2 = [[1.0, 0.0, -1.0], [0.5, 2.0, 0.5], [0.0, -1.0, 1.0]]
M1 = [1.0, 2.0, -3.0, 4.0, 0.5, -1.0]
K1 = [1.0, 0.0, -1.0]

PADDING_1D = Other(
    [
        Bad("circular", "an unknown padding name"),
        Bad(-1, "a negative number of zeros"),
        Bad(1.5, "a fractional number of zeros"),
        Bad(True, "a bool"),
        Bad((1, 1), "a pair for one axis"),
        Bad(None, "None"),
    ]
)
STRIDE_1D = Other(
    [
        Bad(0, "zero"),
        Bad(1.5, "a fraction"),
        Bad(True, "a bool"),
        Bad((1, 2), "a pair"),
        Bad(None, "None"),
    ]
)


def _two_d() -> Case:
    return Case(
        {"M": M2, "K": K2, "padding": "same", "stride": 1},
        {"M": Arr(ndim=2), "K": Arr(ndim=2), "padding": PADDING, "stride": STRIDE},
        extra=[
            ("K", {"K": np.ones((5, 5)), "padding": "valid"}, "a kernel larger than M"),
            ("K", {"K": np.ones((2, 3))}, "an even kernel with padding='same'"),
        ],
    )


def _one_d() -> Case:
    return Case(
        {"M": M1, "K": K1, "padding": "same", "stride": 2},
        {"M": Arr(ndim=1), "K": Arr(ndim=1), "padding": PADDING_1D, "stride": STRIDE_1D},
        extra=[
            ("K", {"K": np.ones(7), "padding": "valid"}, "a kernel longer than M"),
            ("K", {"K": [1.0, 2.0]}, "an even kernel with padding='same'"),
        ],
    )


CASES = {
    "correlate2d": _two_d(),
    "convolve2d": _two_d(),
    "correlate1d": _one_d(),
    "convolve1d": _one_d(),
}
