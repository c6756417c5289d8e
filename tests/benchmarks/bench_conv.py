"""Benchmark: ``wbcode.correlation.correlate2d`` against ``scipy.signal.correlate2d``.

Not a test (pytest does not collect it: no ``test_`` prefix). The ``bench``
session calls :func:`bench_conv2d`; run it by hand with
``python tests/benchmarks/bench_conv.py``.
"""

from __future__ import annotations

import timeit
from typing import Any

import numpy as np


def _stats(times: list[float]) -> dict[str, float]:
    arr = np.asarray(times)
    return {"median": float(np.median(arr)), "min": float(arr.min()), "max": float(arr.max())}


def bench_conv2d(
    repeat: int = 15, size: int = 512, kernels: tuple[int, ...] = (3, 7), seed: int = 0
) -> dict[str, Any]:
    """Time a ``size x size`` "valid" cross-correlation with square kernels.

    Each call is timed ``repeat`` times (one call per timing); the two
    implementations alternate per kernel size, on the same random input.

    Parameters
    ----------
    repeat : int, default 15
        Timings per implementation and kernel size.
    size : int, default 512
        Side of the square input.
    kernels : tuple of int, default (3, 7)
        Kernel sides.
    seed : int, default 0
        Seed of ``numpy.random.default_rng`` for input and kernels.

    Returns
    -------
    dict
        ``{"size": ..., "repeat": ..., "seed": ..., "results": {"3x3": {...}, ...}}``
        where each entry holds ``wbcode`` and ``scipy`` (median/min/max seconds
        per call), ``ratio`` (median wbcode / median scipy; below 1 means wbcode is
        faster) and ``max_abs_diff`` between the two outputs.
    """
    from scipy.signal import correlate2d as scipy_correlate2d

    from wbcode.correlation import correlate2d

    rng = np.random.default_rng(seed)
    x = rng.standard_normal((size, size))
    results: dict[str, Any] = {}
    for k in kernels:
        K = rng.standard_normal((k, k))
        diff = float(np.max(np.abs(correlate2d(x, K) - scipy_correlate2d(x, K, mode="valid"))))
        ours = timeit.repeat(lambda K=K: correlate2d(x, K), number=1, repeat=repeat)
        ref = timeit.repeat(
            lambda K=K: scipy_correlate2d(x, K, mode="valid"), number=1, repeat=repeat
        )
        s_ours, s_ref = _stats(ours), _stats(ref)
        results[f"{k}x{k}"] = {
            "wbcode": s_ours,
            "scipy": s_ref,
            "ratio": s_ours["median"] / s_ref["median"],
            "max_abs_diff": diff,
        }
    return {"size": size, "repeat": repeat, "seed": seed, "results": results}


def _report(res: dict[str, Any]) -> str:
    lines = [
        f"correlate2d on {res['size']}x{res['size']}, {res['repeat']} runs, seed {res['seed']}"
    ]
    for name, r in res["results"].items():
        lines.append(
            f"  {name}: wbcode {1e3 * r['wbcode']['median']:.2f} ms, "
            f"scipy {1e3 * r['scipy']['median']:.2f} ms (medians), "
            f"ratio {r['ratio']:.2f}, max |diff| {r['max_abs_diff']:.1e}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(_report(bench_conv2d()))
