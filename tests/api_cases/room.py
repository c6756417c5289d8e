"""API cases of wbcode.room."""

import numpy as np

from api_cases import Arr, Case, Other, Real, Rng

X = np.sin(np.arange(40.0)).tolist()
H = (0.5 ** np.arange(300.0) * np.cos(np.arange(300.0))).tolist()  # a decay far past -25 dB

# None is valid (the default: as long as rt60); every other bad value of a positive real is not
POSITIVE_OR_NONE = [b for b in Real(positive=True).bad(1.0) if b.value is not None]

CASES = {
    "room_impulse_response": Case(
        {"sr": 1000.0, "rt60": 0.05, "rng": np.random.default_rng(0), "duration": 0.08},
        {
            "sr": Real(positive=True),
            "rt60": Real(positive=True),
            "rng": Rng(),
            "duration": Other(POSITIVE_OR_NONE),
        },
        extra=[
            ("rt60", {"rt60": 1e-6}, "a T60 shorter than one sample"),
            ("sr", {"sr": 1e200}, "1e198 samples"),
            ("duration", {"duration": 1e-9}, "less than one sample"),
        ],
    ),
    "estimate_rt60": Case(
        {"h": H, "sr": 1000.0},
        {"h": Arr(ndim=1), "sr": Real(positive=True)},
        extra=[
            ("h", {"h": [1.0, 0.5]}, "a decay that stops at -7 dB"),
            ("h", {"h": [0.0, 0.0, 0.0]}, "a silent response"),
        ],
    ),
    "reverberate": Case(
        {"x": X, "h": H[:10]},
        {"x": Arr(ndim=1), "h": Arr(ndim=1)},
        extra=[("x", {"x": [1e200] * 5, "h": [1e200] * 3}, "a result of 1e400")],
    ),
}
