"""Input validation shared by every ``wbcode`` function.

Each helper turns a user's argument into a float64 array or raises a
``TypeError``/``ValueError`` that names the argument, what was expected and
what came. Public functions call these first, so a wrong shape never reaches
numpy and never produces a silent wrong answer.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_array",
    "check_bool",
    "check_callable",
    "check_choice",
    "check_int",
    "check_positive",
    "check_probability",
    "check_real",
    "check_rng",
    "check_same_shape",
    "check_unit_interval",
]

FloatArray = NDArray[np.float64]


def _describe(value: object) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


def as_array(
    value: ArrayLike,
    name: str,
    *,
    ndim: int | Sequence[int] | None = None,
    shape: tuple[int | None, ...] | None = None,
    allow_empty: bool = False,
    finite: bool = True,
    copy: bool = False,
) -> FloatArray:
    """Return ``value`` as a float64 array after checking it.

    Parameters
    ----------
    value : array_like
        The user's input: a number, a (nested) list or an array of real numbers.
    name : str
        The argument's name, used in error messages.
    ndim : int or sequence of int, optional
        The allowed numbers of dimensions.
    shape : tuple of int or None, optional
        The required shape; ``None`` entries match any length. Implies ``ndim``.
    allow_empty : bool, default False
        Whether an array with no elements is acceptable.
    finite : bool, default True
        Whether NaN and infinite entries are rejected.
    copy : bool, default False
        Return a fresh array even when ``value`` is already a float64 array.
        Use it for every array a result keeps, so that editing the caller's
        array later never changes the result (and vice versa).

    Returns
    -------
    numpy.ndarray
        A float64 array: a view of ``value`` where possible, unless ``copy``.

    Raises
    ------
    TypeError
        If ``value`` is not numeric (strings, objects, complex numbers, booleans).
    ValueError
        If the number of dimensions, the shape, emptiness or finiteness is wrong.

    Examples
    --------
    >>> as_array([1, 2], "x", ndim=1)
    array([1., 2.])
    >>> as_array([[1, 2]], "x", ndim=1)
    Traceback (most recent call last):
    ...
    ValueError: x must have 1 dimension(s), got an array of shape (1, 2)
    >>> as_array([[1, 2], [3]], "X")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: X must be a rectangular array of real numbers, got a ragged
    nested sequence ...
    """
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(f"{name} must be a real number or an array of them, got {_describe(value)}")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as err:  # ragged lists: numpy's "inhomogeneous shape"
        raise ValueError(
            f"{name} must be a rectangular array of real numbers, got a ragged nested "
            f"sequence (rows of different lengths): {_describe(value)}"
        ) from err
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must hold real numbers, got {_describe(value)} (dtype {arr.dtype})"
        )
    if arr.dtype.kind == "b":
        raise TypeError(f"{name} must hold real numbers, got booleans")
    arr = arr.astype(np.float64, copy=False)
    if shape is not None:
        ndim = len(shape)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(str(d) for d in allowed)
            raise ValueError(
                f"{name} must have {want} dimension(s), got an array of shape {arr.shape}"
            )
    if shape is not None:
        for want_len, got_len in zip(shape, arr.shape, strict=True):
            if want_len is not None and want_len != got_len:
                pretty = "(" + ", ".join("n" if s is None else str(s) for s in shape) + ")"
                raise ValueError(f"{name} must have shape {pretty}, got {arr.shape}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got an array of shape {arr.shape}")
    if finite and not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, got NaN or infinite entries")
    if copy and isinstance(value, np.ndarray) and np.may_share_memory(arr, value):
        arr = arr.copy()
    return arr


def check_same_shape(a: FloatArray, b: FloatArray, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def check_positive(value: object, name: str, *, strict: bool = True) -> float:
    """Return ``value`` as a float after checking it is a (strictly) positive real number."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_describe(value)}")
    val = float(value)
    if not np.isfinite(val) or val < 0 or (strict and val == 0):
        bound = "> 0" if strict else ">= 0"
        raise ValueError(f"{name} must be finite and {bound}, got {val}")
    return val


def check_probability(value: object, name: str) -> float:
    """Return ``value`` as a float after checking ``0 <= value <= 1``."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_describe(value)}")
    val = float(value)
    if not 0.0 <= val <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {val}")
    return val


def check_choice(value: object, name: str, choices: Sequence[str]) -> str:
    """Return ``value`` after checking it is one of the option names ``choices``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {list(choices)}, got {_describe(value)}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def check_rng(rng: object) -> np.random.Generator:
    """Return ``rng`` after checking it is a ``numpy.random.Generator``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng must be a numpy.random.Generator (numpy.random.default_rng(seed)), "
            f"got {_describe(rng)}"
        )
    return rng


def check_real(value: object, name: str, *, finite: bool = True) -> float:
    """Return ``value`` as a float after checking it is a real number (finite unless told)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_describe(value)}")
    val = float(value)
    if finite and not np.isfinite(val):
        raise ValueError(f"{name} must be finite, got {val}")
    return val


def check_int(value: object, name: str, *, minimum: int | None = None) -> int:
    """Return ``value`` as an int after checking it is an integer ``>= minimum``.

    Booleans, floats (even ``2.0``) and strings are rejected: a count or a
    size is never silently truncated.

    Examples
    --------
    >>> check_int(3, "steps", minimum=1)
    3
    >>> check_int(1.5, "steps")
    Traceback (most recent call last):
    ...
    TypeError: steps must be an integer, got float 1.5
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_describe(value)}")
    val = int(value)
    if minimum is not None and val < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {val}")
    return val


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` after checking it is ``True`` or ``False`` (not any truthy value)."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {_describe(value)}")
    return bool(value)


def check_unit_interval(arr: FloatArray, name: str) -> FloatArray:
    """Return ``arr`` after checking every entry lies in [0, 1] (targets, probabilities)."""
    if arr.size and (np.min(arr) < 0.0 or np.max(arr) > 1.0):
        raise ValueError(
            f"{name} must lie in [0, 1] (a target or a probability), got values from "
            f"{np.min(arr):g} to {np.max(arr):g}"
        )
    return arr


def check_callable(value: object, name: str) -> object:
    """Return ``value`` after checking it can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be a callable, got {_describe(value)}")
    return value
