r"""Gradient play on the bilinear game :math:`\min_x \max_y xy` (Q20).

The smallest two-player zero-sum game shows why a GAN's players take turns:
stepping both at once spirals away from the equilibrium. NaN and infinite
input is rejected with a ``ValueError`` naming the argument.
"""

from __future__ import annotations

import numpy as np

from ._checks import FloatArray, check_choice, check_int, check_positive, check_real

__all__ = ["bilinear_game"]


def bilinear_game(
    x0: float, y0: float, lr: float, steps: int, *, scheme: str = "simultaneous"
) -> FloatArray:
    r"""Gradient play on :math:`\min_x \max_y\, f(x, y) = x y`.

    Parameters
    ----------
    x0, y0 : float
        Start. The only equilibrium is :math:`(0, 0)`.
    lr : float
        Step size :math:`\lambda` of both players.
    steps : int
        Number of rounds.
    scheme : {"simultaneous", "alternating"}, default "simultaneous"
        ``"simultaneous"``: both players step from the same point,
        :math:`x' = x - \lambda y`, :math:`y' = y + \lambda x`.
        ``"alternating"``: :math:`x` steps first and :math:`y` answers the new
        :math:`x`, :math:`y' = y + \lambda x'`.

    Returns
    -------
    numpy.ndarray, shape (steps + 1, 2)
        The points :math:`(x_t, y_t)`.

    Raises
    ------
    ValueError
        If the iterates leave the float64 range (simultaneous play with a
        large ``lr`` over many rounds).

    Notes
    -----
    Simultaneous steps multiply the distance to the equilibrium by
    :math:`\sqrt{1 + \lambda^2} > 1` every round: the iterates spiral out.
    Alternating steps are a map of determinant 1 that keeps
    :math:`x^2 + y^2 - \lambda x y` constant, an ellipse for
    :math:`\lambda < 2`: the iterates circle for ever, neither escaping nor
    converging (Mescheder et al., 2018, study this in detail).

    Examples
    --------
    >>> bilinear_game(1.0, 0.0, 0.5, 2)
    array([[1.  , 0.  ],
           [1.  , 0.5 ],
           [0.75, 1.  ]])
    >>> bilinear_game(1.0, 0.0, 0.5, 2, scheme="alternating")
    array([[1.   , 0.   ],
           [1.   , 0.5  ],
           [0.75 , 0.875]])
    """
    x = check_real(x0, "x0")
    y = check_real(y0, "y0")
    lr = check_positive(lr, "lr")
    steps = check_int(steps, "steps", minimum=0)
    scheme = check_choice(scheme, "scheme", ("simultaneous", "alternating"))
    path = np.empty((steps + 1, 2))
    path[0] = x, y
    for t in range(1, steps + 1):
        if scheme == "simultaneous":
            x, y = x - lr * y, y + lr * x
        else:
            x = x - lr * y
            y = y + lr * x
        path[t] = x, y
    if not np.all(np.isfinite(path)):
        t = int(np.argmin(np.all(np.isfinite(path), axis=1)))
        raise ValueError(
            f"the iterates leave the float64 range at round {t}: use fewer steps or a smaller "
            f"lr (lr = {lr:g}, steps = {steps}, start ({x0}, {y0}))"
        )
    return path
