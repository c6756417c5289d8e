"""API cases of wbcode.specaugment."""

import numpy as np

from api_cases import Arr, Case, Int, Real, Rng

S = np.arange(20.0).reshape(4, 5).tolist()
BAND = {"S": Arr(ndim=2), "start": Int(minimum=0), "width": Int(minimum=0), "value": Real()}

CASES = {
    "time_mask": Case(
        {"S": S, "start": 1, "width": 2, "value": -1.0},
        BAND,
        extra=[("start", {"start": 4, "width": 2}, "a band past the last frame")],
    ),
    "freq_mask": Case(
        {"S": S, "start": 1, "width": 2, "value": -1.0},
        BAND,
        extra=[("width", {"start": 2, "width": 3}, "a band past the last row")],
    ),
    "spec_augment": Case(
        {
            "S": S,
            "rng": np.random.default_rng(0),
            "freq_masks": 2,
            "max_freq_width": 2,
            "time_masks": 1,
            "max_time_width": 3,
            "value": 0.0,
        },
        {
            "S": Arr(ndim=2),
            "rng": Rng(),
            "freq_masks": Int(minimum=0),
            "max_freq_width": Int(minimum=0),
            "time_masks": Int(minimum=0),
            "max_time_width": Int(minimum=0),
            "value": Real(),
        },
    ),
    "SpecAugment": Case.exempt("the result record of spec_augment; users do not build it"),
}
