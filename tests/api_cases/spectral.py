"""API cases of wbcode.spectral."""

import numpy as np

from api_cases import Arr, Bad, Case, Flag, Int, Other, Real

X = np.sin(np.arange(64.0)).tolist()
Z = np.fft.rfft(np.ones((3, 16)), axis=-1).T + 0.5j  # (9, 3) complex

NOT_A_SPECTRUM = [
    Bad("abc", "a string"),
    Bad(None, "None"),
    Bad(object(), "an object"),
    Bad(np.ones((9, 3), dtype=bool), "booleans"),
    Bad([[1.0, 2.0], [3.0]], "a ragged nested list"),
    Bad(np.ones(9, dtype=complex), "one dimension"),
    Bad(np.ones((8, 3), dtype=complex), "rows that do not match n_fft"),
    Bad(np.ones((9, 0), dtype=complex), "no frame"),
    Bad(np.full((9, 3), np.nan + 0j), "NaN entries"),
    Bad(np.full((9, 3), complex(np.inf, 0)), "infinite entries"),
]
# None is valid (the default: the peak of S); every other bad value of a positive real is not
POSITIVE_OR_NONE = [b for b in Real(positive=True).bad(1.0) if b.value is not None]

CASES = {
    "stft": Case(
        {"x": X, "n_fft": 16, "hop": 4, "center": True},
        {"x": Arr(ndim=1), "n_fft": Int(minimum=2), "hop": Int(minimum=1), "center": Flag()},
        extra=[("x", {"x": X[:10], "center": False}, "fewer samples than n_fft")],
    ),
    "istft": Case(
        {"Z": Z, "n_fft": 16, "hop": 4, "length": 20, "center": True},
        {
            "Z": Other(NOT_A_SPECTRUM),
            "n_fft": Int(minimum=2),
            "hop": Int(minimum=1),
            "length": Int(minimum=1),
            "center": Flag(),
        },
        extra=[("length", {"length": 10**12}, "a terabyte of samples")],
    ),
    "spectrogram": Case(
        {"x": X, "sr": 8000.0, "n_fft": 16, "hop": 8},
        {
            "x": Arr(ndim=1),
            "sr": Real(positive=True),
            "n_fft": Int(minimum=2),
            "hop": Int(minimum=1),
        },
        extra=[
            ("x", {"x": X[:10]}, "fewer samples than n_fft"),
            ("x", {"x": [1e200] * 64}, "a power of 1e400"),
        ],
    ),
    "power_to_db": Case(
        {"S": [[1.0, 0.1], [0.0, 0.5]], "ref": 2.0, "top_db": 60.0},
        {
            "S": Arr(ndim="any", min_ndim=1),
            "ref": Other(POSITIVE_OR_NONE),
            "top_db": Real(positive=True),
        },
        extra=[
            ("S", {"S": [1.0, -0.5]}, "a negative power"),
            ("S", {"S": [0.0, 0.0], "ref": None}, "all zeros and no ref"),
        ],
    ),
    "Spectrogram": Case.exempt("the result record of spectrogram; users do not build it"),
}
