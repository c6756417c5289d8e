"""API cases of wbcode.augment."""

import numpy as np

from api_cases import Arr, Bad, Case, Choice, Int, Other, Real, Rng

X = [0.0, 0.5, -0.25, 1.0, 0.75, -0.5, 0.25, -1.0, 0.1, 0.3, -0.2, 0.6]
WAVE = np.sin(2 * np.pi * 440 * np.arange(256) / 8000).tolist()
FRAMES = {"n_fft": Int(minimum=4), "hop": Int(minimum=1)}
# noise=None is valid (white Gaussian noise is drawn): every other bad array value is not
RECORDING = [b for b in Arr(ndim=1).bad(X[::-1]) if b.value is not None]
RECORDING.append(Bad([0.0, 0.0, 0.0], "a silent recording"))

CASES = {
    "time_shift": Case(
        {"x": X, "shift": 3, "mode": "pad"},
        {"x": Arr(ndim=1), "shift": Int(), "mode": Choice(("pad", "roll"))},
    ),
    "gain": Case(
        {"x": X, "db": -6.0},
        {"x": Arr(ndim=1), "db": Real()},
        extra=[("db", {"db": 1e4}, "a result too loud for float64")],
    ),
    "snr_db": Case(
        {"signal": X, "noise": X[::-1]},
        {"signal": Arr(ndim=1), "noise": Arr(ndim=1)},
        extra=[
            ("noise", {"noise": [0.0, 0.0]}, "silent noise: the ratio is infinite"),
            ("signal", {"signal": [0.0, 0.0]}, "a silent signal: the ratio is zero"),
        ],
    ),
    "add_noise": Case(
        {"x": X, "snr": 10.0, "rng": np.random.default_rng(0), "noise": X[::-1] * 3},
        {"x": Arr(ndim=1), "snr": Real(), "rng": Rng(), "noise": Other(RECORDING)},
        extra=[
            ("x", {"x": [0.0] * 12}, "a silent signal: no SNR defines the noise"),
            ("snr", {"snr": -1e4}, "noise 1e500 times the signal: beyond float64"),
        ],
    ),
    "speed_perturb": Case(
        {"x": X, "factor": 1.1},
        {"x": Arr(ndim=1), "factor": Real(positive=True)},
        extra=[
            ("factor", {"factor": 1e-200}, "1e201 samples"),
            ("factor", {"factor": 1e6}, "no sample left"),
        ],
    ),
    "time_stretch": Case(
        {"x": WAVE, "rate": 0.9, "n_fft": 64, "hop": 16},
        {"x": Arr(ndim=1), "rate": Real(positive=True), **FRAMES},
        extra=[
            ("hop", {"hop": 40}, "a hop above n_fft // 2"),
            ("rate", {"rate": 1e-200}, "1e202 samples"),
            ("rate", {"rate": 1e6}, "no sample left"),
        ],
    ),
    "pitch_shift": Case(
        {"x": WAVE, "factor": 1.2, "n_fft": 64, "hop": 16},
        {"x": Arr(ndim=1), "factor": Real(positive=True), **FRAMES},
        extra=[
            ("hop", {"hop": 40}, "a hop above n_fft // 2"),
            ("factor", {"factor": 1e200}, "a stretched signal of 1e202 samples"),
            ("factor", {"factor": 1e-200}, "a stretched signal of no sample"),
        ],
    ),
}
