r"""Finite-difference gradient checks.

Every gradient that the book derives by hand is compared with the central
difference

.. math::

    \frac{\partial f}{\partial x_i} \approx
    \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon},

whose error is :math:`O(\varepsilon^2)`. All arithmetic is in float64.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_callable, check_positive, check_same_shape

__all__ = ["GradCheck", "gradcheck", "numerical_gradient"]


def numerical_gradient(
    f: Callable[[FloatArray], float], x: ArrayLike, *, eps: float = 1e-6
) -> FloatArray:
    r"""Central-difference gradient of a scalar function ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a finite real number. It receives
        a fresh copy of ``x`` each call, so it may not rely on its argument's
        identity. ``None``, several numbers, NaN or inf are errors.
    x : array_like
        The point, any shape.
    eps : float, default 1e-6
        The step :math:`\varepsilon`, the same for every entry. An entry so
        large that ``x + eps == x`` in float64 is an error (take a larger
        ``eps``).

    Returns
    -------
    numpy.ndarray
        The gradient, shaped like ``x``.

    Notes
    -----
    .. math::

        \hat g_i = \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}

    Examples
    --------
    >>> import numpy as np
    >>> numerical_gradient(lambda x: float(np.sum(x**2)), [1.0, -2.0])
    array([ 2., -4.])
    """
    check_callable(f, "f")
    x = as_array(x, "x", copy=True)
    eps = check_positive(eps, "eps")
    grad = np.empty_like(x)
    flat = x.reshape(-1)
    gflat = grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        if old + eps == old or old - eps == old:
            raise ValueError(
                f"eps = {eps:g} is lost in rounding at x entry {i} = {old:g}; "
                f"take eps of about {1e-6 * abs(old):g} (1e-6 times the entry)"
            )
        flat[i] = old + eps
        f_plus = _scalar(f(x.copy()), i)
        flat[i] = old - eps
        f_minus = _scalar(f(x.copy()), i)
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def _scalar(value: object, i: int) -> float:
    """The value of ``f`` as a float; ``None``, arrays of several numbers and NaN are errors."""
    if value is None or isinstance(value, str | bytes | bool | np.bool_):
        raise TypeError(f"f must return a real number, got {type(value).__name__} {value!r}")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"f must return a real number, got {type(value).__name__}") from err
    if arr.size != 1:
        raise ValueError(f"f must return a single number, got an array of shape {arr.shape}")
    out = float(arr.reshape(()))
    if not np.isfinite(out):
        raise ValueError(
            f"f must return a finite number, got {out} with x entry {i} shifted by eps"
        )
    return out


@dataclass(frozen=True)
class GradCheck:
    """Outcome of :func:`gradcheck`.

    Attributes
    ----------
    analytic, numeric : numpy.ndarray
        The gradient under test and its finite-difference estimate.
    max_abs_error : float
        :math:`\\max_i |g_i - \\hat g_i|`.
    max_rel_error : float
        The largest relative error,

        .. math::

            \\max_i \\frac{|g_i - \\hat g_i|}{\\max(1, |g_i| + |\\hat g_i|)} .
    ok : bool
        Whether every entry satisfies ``|g - g_hat| <= atol + rtol * |g_hat|``.
    """

    analytic: FloatArray
    numeric: FloatArray
    max_abs_error: float
    max_rel_error: float
    ok: bool


def gradcheck(
    f: Callable[[FloatArray], float],
    x: ArrayLike,
    grad: ArrayLike,
    *,
    eps: float = 1e-6,
    rtol: float = 1e-5,
    atol: float = 1e-7,
) -> GradCheck:
    """Compare an analytic gradient with central differences.

    Parameters
    ----------
    f : callable
        The scalar function, as in :func:`numerical_gradient`.
    x : array_like
        The point.
    grad : array_like
        The analytic gradient at ``x``, shaped like ``x``.
    eps, rtol, atol : float
        Step and tolerances (``numpy.isclose`` semantics).

    Returns
    -------
    GradCheck

    Examples
    --------
    >>> import numpy as np
    >>> def f(x):
    ...     return float(np.sum(x**3))
    >>> res = gradcheck(f, [1.0, 2.0], [3.0, 12.0])
    >>> res.ok, res.max_abs_error < 1e-8
    (True, True)
    """
    check_callable(f, "f")
    x = as_array(x, "x")
    g = as_array(grad, "grad", copy=True)  # the result keeps it
    check_same_shape(x, g, "x", "grad")
    rtol = check_positive(rtol, "rtol", strict=False)
    atol = check_positive(atol, "atol", strict=False)
    num = numerical_gradient(f, x, eps=eps)
    diff = np.abs(g - num)
    return GradCheck(
        analytic=g,
        numeric=num,
        max_abs_error=float(diff.max()),
        max_rel_error=float((diff / np.maximum(1.0, np.abs(g) + np.abs(num))).max()),
        ok=bool(np.all(diff <= atol + rtol * np.abs(num))),
    )
