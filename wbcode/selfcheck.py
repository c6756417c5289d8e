"""The numbers behind a page's self-check box.

A question page computes its key results, and the results that known slips
give instead (the factor 1/2 in the squared error, the bias put last, a
flipped kernel, ...), and glues them as one :class:`AnswerBox`; the book
shows a box where the reader types a result and learns whether it is right,
or which slip it matches. Every number comes from the executed page.

>>> import numpy as np
>>> p = np.array([0.25, 0.75])
>>> box = AnswerBox(
...     [Field("p", "the probabilities", p, decimals=3)],
...     [Slip("forgetting the exponential", "sec-c", p=[0.4, 0.6])],
... )
>>> box.spec()["fields"][0]["answer"]
[0.25, 0.75]
>>> print(box)
AnswerBox: p (2 numbers, 3 decimals); 1 slip
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_array, check_bool, check_int

__all__ = ["MIME_TYPE", "AnswerBox", "Field", "Slip"]

#: The MIME type under which the box's numbers are glued (a ``+json`` type, so
#: notebooks store it as JSON).
MIME_TYPE = "application/vnd.wbcode.answer+json"


def _numbers(value: ArrayLike, name: str) -> list[float]:
    return [float(v) for v in as_array(value, name, ndim=(0, 1)).ravel()]


def _text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{name} must be a non-empty string, got {value!r}")
    return value


@dataclass(frozen=True)
class Field:
    """One result the reader types.

    Parameters
    ----------
    key : str
        An identifier, unique in the box.
    label : str
        What to type, as MyST inline text (math allowed).
    answer : array_like, shape () or (n,)
        The correct number(s).
    decimals : int
        The tolerance: a typed number is right within half a unit of this decimal.
    steps : bool, default False
        The numbers are successive steps; a wrong sequence is reported at the
        first step that departs.
    """

    key: str
    label: str
    answer: ArrayLike
    decimals: int
    steps: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key.isidentifier():
            raise TypeError(f"key must be an identifier string, got {self.key!r}")
        _text(self.label, "label")
        object.__setattr__(self, "answer", _numbers(self.answer, "answer"))
        decimals = check_int(self.decimals, "decimals", minimum=0)
        if decimals > 10:
            raise ValueError(f"decimals must be at most 10, got {decimals}")
        object.__setattr__(self, "steps", check_bool(self.steps, "steps"))

    def spec(self) -> dict[str, Any]:
        """The field as the book reads it."""
        return {
            "key": self.key,
            "label": self.label,
            "answer": [float(v) for v in np.ravel(self.answer)],
            "decimals": self.decimals,
            "steps": self.steps,
        }


@dataclass(frozen=True, init=False)
class Slip:
    """What a known slip gives: ``Slip(name, see, key=numbers, ...)``.

    Parameters
    ----------
    name : str
        The slip, as MyST inline text ("the factor 1/2 in the squared error").
    see : str
        The label of the place on the page that settles it (a heading's label).
    **values : array_like
        The numbers the slip gives, per field key.
    """

    name: str
    see: str
    values: dict[str, list[float]] = field(default_factory=dict)

    def __init__(self, name: str, see: str, **values: ArrayLike) -> None:
        object.__setattr__(self, "name", _text(name, "name"))
        object.__setattr__(self, "see", _text(see, "see"))
        if not values:
            raise ValueError(f"values: slip {name!r} must give the numbers of at least one field")
        numbers = {k: _numbers(v, k) for k, v in values.items()}
        object.__setattr__(self, "values", numbers)

    def spec(self) -> dict[str, Any]:
        """The slip as the book reads it."""
        return {"name": self.name, "see": self.see, "values": dict(self.values)}


class AnswerBox:
    """The fields and slips of one self-check box; glue it and place ``{answer-box}``.

    In Jupyter it displays as a one-line summary; the book reads
    :data:`MIME_TYPE`.
    """

    def __init__(self, fields: Sequence[Field], slips: Sequence[Slip] = ()) -> None:
        if isinstance(fields, str | bytes) or not isinstance(fields, Sequence) or not fields:
            raise TypeError(f"fields must be a non-empty sequence of Field, got {fields!r}")
        if not all(isinstance(f, Field) for f in fields):
            raise TypeError("fields must hold Field objects only")
        if isinstance(slips, str | bytes) or not isinstance(slips, Sequence):
            raise TypeError(f"slips must be a sequence of Slip, got {slips!r}")
        if not all(isinstance(s, Slip) for s in slips):
            raise TypeError("slips must hold Slip objects only")
        sizes = {f.key: int(np.size(f.answer)) for f in fields}
        if len(sizes) != len(fields):
            raise ValueError("fields must have distinct keys")
        for slip in slips:
            for key, nums in slip.values.items():
                if key not in sizes:
                    raise ValueError(f"slips: {slip.name!r} gives numbers for no field {key!r}")
                if len(nums) != sizes[key]:
                    raise ValueError(
                        f"slips: {slip.name!r} gives {len(nums)} numbers for {key!r}, "
                        f"whose answer has {sizes[key]}"
                    )
        self.fields = tuple(fields)
        self.slips = tuple(slips)

    def spec(self) -> dict[str, Any]:
        """The JSON value the book reads."""
        return {"fields": [f.spec() for f in self.fields], "slips": [s.spec() for s in self.slips]}

    def __str__(self) -> str:
        parts = []
        for f in self.fields:
            n = np.size(f.answer)
            parts.append(f"{f.key} ({n} number{'s' * (n != 1)}, {f.decimals} decimals)")
        n = len(self.slips)
        return f"AnswerBox: {'; '.join(parts)}; {n} slip{'s' * (n != 1)}"

    __repr__ = __str__

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {MIME_TYPE: self.spec(), "text/plain": str(self)}
