r"""Success rates over many random starts: a confidence interval, and a paired test.

A page that trains a network from many seeds reports how often training
succeeds. :func:`wilson_interval` is the Wilson score interval of such a
rate, which stays inside :math:`[0, 1]` and keeps its coverage at rates near
0 or 1, where the textbook interval :math:`\hat p \pm z\sqrt{\hat p(1-\hat p)/n}`
collapses to a point (Brown, Cai and DasGupta, 2001). :func:`mcnemar_test`
compares two methods run on the *same* seeds: only the seeds on which they
disagree carry information, and under the hypothesis that both succeed
equally often each disagreement goes either way with probability 1/2
(the exact form of McNemar's test).

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and
statistical inference. *J. Amer. Statist. Assoc.* 22(158), 209-212.

McNemar, Q. (1947). Note on the sampling error of the difference between
correlated proportions or percentages. *Psychometrika* 12(2), 153-157.

Brown, L. D., Cai, T. T. and DasGupta, A. (2001). Interval estimation for a
binomial proportion. *Statistical Science* 16(2), 101-133.
"""

from __future__ import annotations

import math
from fractions import Fraction
from statistics import NormalDist
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import check_int, check_probability

__all__ = ["McNemar", "mcnemar_test", "wilson_interval"]


class McNemar(NamedTuple):
    """Outcome of :func:`mcnemar_test`; unpacks as ``only_a, only_b, p_value``."""

    only_a: int  #: seeds on which A succeeded and B failed
    only_b: int  #: seeds on which B succeeded and A failed
    p_value: float  #: two-sided exact p-value


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    r"""The Wilson score interval of a success rate.

    Parameters
    ----------
    successes : int
        Number of successes, ``0 <= successes <= trials``.
    trials : int
        Number of independent trials (seeds), at least 1.
    confidence : float, default 0.95
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    (low, high) : tuple of float
        The interval, inside :math:`[0, 1]`; it always contains the observed
        rate :math:`\hat p = \text{successes} / \text{trials}`.

    Notes
    -----
    With :math:`n` trials, :math:`\hat p` the observed rate and :math:`z`
    the :math:`(1 + \text{confidence})/2` quantile of the standard normal,

    .. math::

        \frac{\hat p + \frac{z^2}{2n} \pm z \sqrt{\frac{\hat p (1 - \hat p)}{n}
        + \frac{z^2}{4n^2}}}{1 + \frac{z^2}{n}} .

    Examples
    --------
    >>> [round(b, 4) for b in wilson_interval(197, 200)]
    [0.9568, 0.9949]
    >>> [round(b, 4) for b in wilson_interval(200, 200)]
    [0.9812, 1.0]
    """
    trials = check_int(trials, "trials", minimum=1)
    successes = check_int(successes, "successes", minimum=0)
    if successes > trials:
        raise ValueError(
            f"successes must be at most trials = {trials}, got successes = {successes}"
        )
    confidence = check_probability(confidence, "confidence")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")
    z = NormalDist().inv_cdf((1.0 + confidence) / 2.0)
    n, p = float(trials), successes / trials
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4 * n * n))
    scale = 1.0 + z * z / n
    low = 0.0 if successes == 0 else (centre - half) / scale
    high = 1.0 if successes == trials else (centre + half) / scale
    return low, high


def mcnemar_test(a: ArrayLike, b: ArrayLike) -> McNemar:
    r"""Exact McNemar test: do two methods, run on the same seeds, succeed equally often?

    Parameters
    ----------
    a, b : array_like of bool, shape (n,)
        Whether method A and method B succeeded on each seed (the same seed
        at the same position).

    Returns
    -------
    only_a : int
        Seeds on which A succeeded and B failed.
    only_b : int
        Seeds on which B succeeded and A failed.
    p_value : float
        Two-sided exact p-value: twice the probability that a fair coin,
        tossed ``only_a + only_b`` times, shows ``min(only_a, only_b)`` heads
        or fewer (at most 1). 1 when the methods never disagree.

    The three come as a :class:`McNemar` named tuple.

    Notes
    -----
    The seeds on which both succeed or both fail say nothing about which
    method is better; under the null hypothesis each of the
    :math:`d = n_A + n_B` disagreements falls either way with probability
    1/2, so :math:`n_A \sim \mathrm{Bin}(d, 1/2)` and

    .. math::

        p = \min\Big(1,\ 2 \sum_{i=0}^{\min(n_A, n_B)} \binom{d}{i} 2^{-d}\Big) .

    Examples
    --------
    >>> a = [True] * 8 + [False] * 2
    >>> b = [True] * 3 + [False] * 7
    >>> mcnemar_test(a, b)
    McNemar(only_a=5, only_b=0, p_value=0.0625)
    """
    A = _flags(a, "a")
    B = _flags(b, "b")
    if A.shape != B.shape:
        raise ValueError(
            f"a and b must hold one result per seed, the same seeds: got {A.shape[0]} and "
            f"{B.shape[0]} results"
        )
    only_a, only_b = int(np.sum(A & ~B)), int(np.sum(B & ~A))
    d = only_a + only_b
    # tail = sum_{i <= min} C(d, i), each term from the one before: C(d, i+1) = C(d, i)(d-i)/(i+1)
    tail, term = 0, 1
    for i in range(min(only_a, only_b) + 1):
        tail += term
        term = term * (d - i) // (i + 1)
    return McNemar(only_a, only_b, float(min(Fraction(1), Fraction(2 * tail, 2**d))))


def _flags(x: ArrayLike, name: str) -> NDArray[np.bool_]:
    """A non-empty 1-D array of booleans, one per seed, or a named error."""
    if isinstance(x, str | bytes) or x is None:
        raise TypeError(f"{name} must be a sequence of True/False, one per seed, got {x!r}")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:
        raise ValueError(f"{name} must be a flat sequence of True/False, got {x!r}") from err
    if arr.dtype != np.bool_:
        raise TypeError(
            f"{name} must hold True/False (whether each seed succeeded), got dtype {arr.dtype}"
        )
    if arr.ndim != 1 or arr.shape[0] == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-D sequence of True/False, got shape {arr.shape}"
        )
    return arr
