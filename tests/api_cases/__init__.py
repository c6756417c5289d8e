"""The registry of the API-wide input test (``tests/test_api_inputs.py``).

One file per ``wbcode`` module, named like it (``api_cases/softmax.py`` for
``wbcode.softmax``), holds ``CASES``: for every public callable of that module
(every function and class in its ``__all__``), one :class:`Case` with a valid
call and the kind of every argument. The test derives the bad inputs from the
kinds (:class:`Arr`, :class:`Real`, :class:`Int`, ...), so a case says *what*
an argument is, not which wrong values to try:

>>> from wbcode.softmax import softmax
>>> Case({"x": [1.0, 0.0, 2.0], "temperature": 1.0},
...      {"x": Arr(ndim="any"), "temperature": Real(positive=True)})  # doctest: +SKIP

Every derived bad input must raise ``ValueError`` or ``TypeError`` whose
message names the argument; the valid call must succeed without a warning,
return finite numbers, and share no memory with its array inputs. A public
callable with no case fails the test; a result record that users do not build
by hand is listed with ``Case.exempt("why")``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Arr", "Bad", "Case", "Choice", "Flag", "Func", "Int", "Prob", "Real", "Rng"]

_MISSING = object()


@dataclass(frozen=True)
class Bad:
    """One bad value for an argument: what to pass, and why it is wrong."""

    value: Any
    why: str


class Kind:
    """What an argument is; :meth:`bad` derives the wrong values to try from a valid one."""

    def bad(self, valid: Any) -> list[Bad]:
        raise NotImplementedError


@dataclass(frozen=True)
class Arr(Kind):
    """An array argument.

    ndim : int, tuple of int or "any"
        The accepted numbers of dimensions ("any": at least ``min_ndim``).
    empty_ok : whether an empty array is valid.
    nonfinite : "reject" (NaN/inf raise) or "propagate" (documented: NaN in, NaN out).
    bool_ok : whether a boolean array is valid (masks).
    """

    ndim: int | tuple[int, ...] | str = "any"
    empty_ok: bool = False
    nonfinite: str = "reject"
    bool_ok: bool = False
    min_ndim: int = 0

    def bad(self, valid: Any) -> list[Bad]:
        arr = np.asarray(valid, dtype=np.float64)
        out = [Bad("abc", "a string"), Bad(None, "None"), Bad(object(), "an object")]
        out.append(Bad(arr.astype(complex) + 1j, "complex numbers"))
        if not self.bool_ok:
            out.append(Bad(arr > arr.mean(), "booleans"))
        if arr.ndim >= 1:
            rows = arr.tolist()
            if arr.ndim == 1:
                out.append(Bad([rows, rows[:-1] or [1.0, 2.0]], "a ragged nested list"))
            else:
                out.append(Bad([rows[0], rows[0][:-1] if len(rows[0]) > 1 else []], "ragged"))
        if self.nonfinite == "reject" and arr.size:
            for bad in (np.nan, np.inf, -np.inf):
                a = arr.copy()
                a.flat[0] = bad
                out.append(Bad(a, f"an entry {bad}"))
        if not self.empty_ok and arr.ndim >= 1:
            out.append(Bad(np.zeros((0,) * arr.ndim), "an empty array"))
        allowed = self._allowed()
        if allowed is not None:
            if arr.ndim + 1 not in allowed:
                out.append(Bad(arr[None], f"{arr.ndim + 1} dimensions"))
            if arr.ndim >= 1 and 0 not in allowed:
                out.append(Bad(float(arr.flat[0]) if arr.size else 1.0, "a scalar"))
        elif arr.ndim >= 1 and self.min_ndim > 0 and arr.ndim == self.min_ndim:
            out.append(Bad(float(arr.flat[0]) if arr.size else 1.0, "a scalar"))
        return out

    def _allowed(self) -> tuple[int, ...] | None:
        if self.ndim == "any":
            return None
        return (self.ndim,) if isinstance(self.ndim, int) else tuple(self.ndim)


@dataclass(frozen=True)
class Real(Kind):
    """A real number. positive: > 0 (or >= 0 with ``zero_ok``); low/high: inclusive bounds."""

    positive: bool = False
    zero_ok: bool = False
    low: float | None = None
    high: float | None = None
    inf_ok: bool = False

    def bad(self, valid: Any) -> list[Bad]:
        out = [Bad("1.0", "a string"), Bad(None, "None"), Bad(True, "a bool")]
        out += [Bad(1 + 1j, "a complex number"), Bad([1.0], "a list")]
        out.append(Bad(np.nan, "NaN"))
        if not self.inf_ok:
            out += [Bad(np.inf, "inf"), Bad(-np.inf, "-inf")]
        if self.positive:
            out.append(Bad(-1.0, "a negative number"))
            if not self.zero_ok:
                out.append(Bad(0.0, "zero"))
        if self.low is not None:
            out.append(Bad(self.low - 0.5 - abs(self.low) * 0.1, f"below {self.low}"))
        if self.high is not None:
            out.append(Bad(self.high + 0.5 + abs(self.high) * 0.1, f"above {self.high}"))
        return out


@dataclass(frozen=True)
class Prob(Real):
    """A probability in [0, 1] (or the open or half-open interval via ``low``/``high``)."""

    low: float | None = 0.0
    high: float | None = 1.0
    open_low: bool = False
    open_high: bool = False

    def bad(self, valid: Any) -> list[Bad]:
        out = [Bad("0.5", "a string"), Bad(None, "None"), Bad(True, "a bool")]
        out += [Bad(np.nan, "NaN"), Bad(-0.1, "below 0"), Bad(1.1, "above 1")]
        if self.open_low:
            out.append(Bad(0.0, "exactly 0"))
        if self.open_high:
            out.append(Bad(1.0, "exactly 1"))
        return out


@dataclass(frozen=True)
class Int(Kind):
    """An integer (a count, a size, an index) ``>= minimum``; floats are never truncated."""

    minimum: int | None = None

    def bad(self, valid: Any) -> list[Bad]:
        out = [Bad("2", "a string"), Bad(None, "None"), Bad(True, "a bool")]
        out += [Bad(1.5, "a fraction"), Bad(2.0, "a float")]
        if self.minimum is not None:
            out.append(Bad(self.minimum - 1, f"below {self.minimum}"))
        return out


@dataclass(frozen=True)
class Flag(Kind):
    """``True`` or ``False``; any other truthy value is an error."""

    def bad(self, valid: Any) -> list[Bad]:
        return [Bad(1, "the integer 1"), Bad("yes", "a string"), Bad(None, "None")]


@dataclass(frozen=True)
class Choice(Kind):
    """One of a fixed set of option names."""

    options: Sequence[str] = ()

    def bad(self, valid: Any) -> list[Bad]:
        return [Bad("no-such-option", "an unknown option"), Bad(3, "an integer"), Bad(None, "None")]


@dataclass(frozen=True)
class Rng(Kind):
    """A ``numpy.random.Generator``."""

    def bad(self, valid: Any) -> list[Bad]:
        return [Bad(42, "a seed instead of a Generator"), Bad(None, "None"), Bad("rng", "a string")]


@dataclass(frozen=True)
class Func(Kind):
    """A callable."""

    def bad(self, valid: Any) -> list[Bad]:
        return [Bad(3, "an integer"), Bad("f", "a string"), Bad(None, "None")]


@dataclass(frozen=True)
class Other(Kind):
    """Anything else: the bad values are listed by hand."""

    values: Sequence[Bad] = ()

    def bad(self, valid: Any) -> list[Bad]:
        return list(self.values)


@dataclass
class Case:
    """A valid call of one public callable, and the kinds of its arguments.

    args : the valid keyword arguments.
    kinds : argument name -> :class:`Kind`; every argument in ``args`` needs one
        (use ``Other()`` for an argument with no wrong values, such as a label).
    extra : further bad calls, each ``(argument named in the error, overrides, why)``:
        mismatched shapes, inconsistent pairs, values out of a function's domain.
    call : what to call (default: the callable itself); for methods, a function
        that builds the object and calls the method with the keyword arguments.
    exempt_reason : set by :meth:`exempt` for callables users do not call with data.
    """

    args: dict[str, Any] = field(default_factory=dict)
    kinds: dict[str, Kind] = field(default_factory=dict)
    extra: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)
    call: Callable[..., Any] | None = None
    exempt_reason: str | None = None
    finite_output: bool = True

    @classmethod
    def exempt(cls, reason: str) -> Case:
        return cls(exempt_reason=reason)

    def bad_calls(self) -> list[tuple[str, dict[str, Any], str]]:
        """Every derived bad call: (argument the error must name, kwargs, why)."""
        calls = []
        for name, kind in self.kinds.items():
            valid = self.args.get(name, _MISSING)
            for bad in kind.bad(None if valid is _MISSING else valid):
                calls.append((name, {**self.args, name: bad.value}, bad.why))
        for name, overrides, why in self.extra:
            calls.append((name, {**self.args, **overrides}, why))
        return calls
