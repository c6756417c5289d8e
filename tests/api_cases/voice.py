"""API cases of wbcode.voice."""

from api_cases import Arr, Case, Real
from wbcode.voice import voiced_signal

VOWEL = voiced_signal(150.0, 8000, 0.06).tolist()  # 480 samples, more than two periods of 60 Hz

CASES = {
    "voiced_signal": Case(
        {
            "f0": 200.0,
            "sr": 8000.0,
            "duration": 0.02,
            "formants": [700.0, 1200.0],
            "bandwidths": [80.0, 100.0],
            "fade": 0.002,
        },
        {
            "f0": Real(positive=True),
            "sr": Real(positive=True),
            "duration": Real(positive=True),
            "formants": Arr(ndim=1, empty_ok=True),
            "bandwidths": Arr(ndim=1, empty_ok=True),
            "fade": Real(positive=True, zero_ok=True),
        },
        extra=[
            ("bandwidths", {"bandwidths": [80.0]}, "fewer bandwidths than formants"),
            ("formants", {"formants": [-700.0, 1200.0]}, "a negative formant"),
            ("f0", {"f0": 5000.0}, "above the Nyquist frequency"),
            ("f0", {"f0": 1e-200}, "4e203 harmonics"),
            ("duration", {"duration": 1e-9}, "fewer than two samples"),
            ("sr", {"sr": 1e200}, "2e198 samples"),
        ],
    ),
    "estimate_f0": Case(
        {"x": VOWEL, "sr": 8000.0, "fmin": 60.0, "fmax": 400.0},
        {
            "x": Arr(ndim=1),
            "sr": Real(positive=True),
            "fmin": Real(positive=True),
            "fmax": Real(positive=True),
        },
        extra=[
            ("fmin", {"fmin": 500.0}, "fmin above fmax"),
            ("x", {"x": VOWEL[:100]}, "shorter than two periods of fmin"),
            ("x", {"x": [1.0] * 480}, "a constant signal"),
        ],
    ),
}
