"""API cases of wbcode.dropout."""

import numpy as np

from api_cases import Arr, Bad, Case, Flag, Other, Prob, Rng

H = [[2.0, -1.0, 3.0], [0.5, 1.0, -2.0]]
MASK = [1.0, 0.0, 1.0]
KEEP = Prob(open_low=True)
MAYBE_KEEP = Other(
    [Bad(0.0, "p = 0"), Bad(1.5, "above 1"), Bad(np.nan, "NaN"), Bad("0.5", "a string"),
     Bad(True, "a bool")]
)  # fmt: skip
MASK_KIND = Other(
    [
        Bad([1.0, 0.5, 1.0], "an entry neither 0 nor 1"),
        Bad([1.0, 0.0], "a mask that does not fit"),
        Bad([1.0, np.nan, 0.0], "NaN"),
        Bad("abc", "a string"),
        Bad(None, "None"),
    ]
)

CASES = {
    "dropout_mask": Case(
        {"shape": 6, "p": 0.5, "rng": np.random.default_rng(0)},
        {
            "shape": Other(
                [
                    Bad((2, 1.5), "a fractional size"),
                    Bad((2, -1), "a negative size"),
                    Bad(True, "a bool"),
                    Bad("3", "a string"),
                    Bad(2.0, "a float"),
                    Bad([2, None], "None as a size"),
                ]
            ),
            "p": KEEP,
            "rng": Rng(),
        },
    ),
    "dropout": Case(
        {"h": H, "mask": MASK, "p": 0.5},
        {"h": Arr(ndim="any", empty_ok=True), "mask": MASK_KIND, "p": MAYBE_KEEP},
        extra=[("h", {"h": [[1e300, 1.0, 1e300]], "p": 1e-10}, "h / p beyond float64")],
    ),
    "dropout_backward": Case(
        {"dout": H, "mask": MASK, "p": 0.5},
        {"dout": Arr(ndim="any", empty_ok=True), "mask": MASK_KIND, "p": MAYBE_KEEP},
        extra=[
            ("dout", {"dout": [[1e300, 1.0, 1e300]], "p": 1e-10}, "dout / p beyond float64"),
            ("dout", {"dout": [1.0, 2.0]}, "a gradient the mask does not fit"),
        ],
    ),
    "dropout_sample": Case(
        {"h": H, "p": 0.8, "rng": np.random.default_rng(1), "inverted": False},
        {"h": Arr(ndim="any", empty_ok=True), "p": KEEP, "rng": Rng(), "inverted": Flag()},
    ),
}
