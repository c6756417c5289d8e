"""Every public callable of wbcode, fed bad input, fails clearly; fed valid input, works.

The registry in ``tests/api_cases/`` has one :class:`api_cases.Case` per public
function and class (every name in a module's ``__all__`` that can be called).
For each, this test

1. makes the valid call with warnings as errors: it must succeed, return
   finite numbers, and return no array that shares memory with an input;
2. derives every bad call from the kinds of the arguments (a string, None,
   a ragged list, complex numbers, NaN, inf, an empty array, a wrong number
   of dimensions, a negative rate, a fractional count, an unknown option ...)
   plus the case's own extra calls (mismatched shapes and the like): each
   must raise ``ValueError`` or ``TypeError`` whose message names the
   argument the user passed.

A public callable without a case fails the first test, so the registry grows
with the API.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
import warnings
from typing import Any

import numpy as np
import pytest
from api_cases import Case

import wbcode

MODULES = sorted(
    m.name for m in pkgutil.iter_modules(wbcode.__path__) if not m.name.startswith("_")
)


def _public_callables(module_name: str) -> list[str]:
    module = importlib.import_module(f"wbcode.{module_name}")
    return sorted(
        name
        for name in getattr(module, "__all__", [])
        if inspect.isfunction(getattr(module, name)) or inspect.isclass(getattr(module, name))
    )


def _cases(module_name: str) -> dict[str, Case]:
    try:
        registry = importlib.import_module(f"api_cases.{module_name}")
    except ModuleNotFoundError:
        return {}
    return registry.CASES


CALLABLES = [(m, n) for m in MODULES for n in _public_callables(m)]
# Public methods with a case of their own ("Adam.step") are tested the same way.
CALLABLES += sorted({(m, n) for m in MODULES for n in _cases(m) if "." in n})


def test_every_public_callable_has_a_case() -> None:
    missing = [f"wbcode.{m}.{n}" for m, n in CALLABLES if n not in _cases(m)]
    assert not missing, f"add a Case to tests/api_cases/<module>.py for: {missing}"
    # A case may also cover a public method, keyed "Class.method".
    unknown = [
        f"api_cases.{m}.{n}"
        for m in MODULES
        for n in _cases(m)
        if n.split(".")[0] not in _public_callables(m)
    ]
    assert not unknown, f"cases for names that are not public callables: {unknown}"


def _target(module_name: str, name: str, case: Case) -> Any:
    if case.call is not None:
        return case.call
    return getattr(importlib.import_module(f"wbcode.{module_name}"), name)


def _arrays_in(value: Any, seen: set[int] | None = None) -> list[np.ndarray]:
    """Every numpy array inside a result: dataclass fields, tuples, lists, dicts."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            a for f in dataclasses.fields(value) for a in _arrays_in(getattr(value, f.name), seen)
        ]
    if isinstance(value, tuple | list):
        return [a for v in value for a in _arrays_in(v, seen)]
    if isinstance(value, dict):
        return [a for v in value.values() for a in _arrays_in(v, seen)]
    return []


def _as_fresh_arrays(args: dict[str, Any]) -> dict[str, Any]:
    """The valid arguments with every numeric list turned into a numpy array of its own.

    Tuples stay tuples: they are shapes, strides and window sizes, not data.
    """
    out = {}
    for key, value in args.items():
        if isinstance(value, list) and value and not isinstance(value[0], str):
            try:
                arr = np.asarray(value, dtype=np.float64)
            except (TypeError, ValueError):
                arr = None
            out[key] = arr if arr is not None and arr.dtype == np.float64 else value
        elif isinstance(value, np.ndarray):
            out[key] = value.copy()
        else:
            out[key] = value
    return out


@pytest.mark.parametrize("module_name, name", CALLABLES, ids=[f"{m}.{n}" for m, n in CALLABLES])
def test_valid_call_is_clean(module_name: str, name: str) -> None:
    case = _cases(module_name).get(name)
    if case is None:
        pytest.fail(f"no case for wbcode.{module_name}.{name}")
    if case.exempt_reason:
        assert len(case.exempt_reason) > 10, "say why the callable is exempt"
        return
    missing_kinds = sorted(set(case.args) - set(case.kinds))
    assert not missing_kinds, f"give every argument a kind: {missing_kinds}"
    func = _target(module_name, name, case)
    args = _as_fresh_arrays(case.args)
    before = {k: v.copy() for k, v in args.items() if isinstance(v, np.ndarray)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = func(**args)
    for key, original in before.items():
        np.testing.assert_array_equal(args[key], original, err_msg=f"{name} changed its {key}")
    outputs = _arrays_in(result)
    if case.finite_output:
        bad = [i for i, a in enumerate(outputs) if a.dtype.kind == "f" and not np.isfinite(a).all()]
        assert not bad, f"{name} returned non-finite numbers from finite input"
    inputs = {k: v for k, v in args.items() if isinstance(v, np.ndarray)}
    shared = [k for k, v in inputs.items() for out in outputs if np.shares_memory(out, v)]
    assert not shared, f"{name} returned an array that shares memory with its {sorted(set(shared))}"


def _names(message: str, argument: str) -> bool:
    """Whether ``message`` names ``argument`` as a word (``w`` in "w must", not in "wrong")."""
    return (
        re.search(rf"(?<![A-Za-z0-9_]){re.escape(argument)}(?![A-Za-z0-9_])", message) is not None
    )


@pytest.mark.parametrize("module_name, name", CALLABLES, ids=[f"{m}.{n}" for m, n in CALLABLES])
def test_bad_input_is_named(module_name: str, name: str) -> None:
    case = _cases(module_name).get(name)
    if case is None:
        pytest.fail(f"no case for wbcode.{module_name}.{name}")
    if case.exempt_reason:
        return
    func = _target(module_name, name, case)
    problems = []
    for argument, kwargs, why in case.bad_calls():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                func(**kwargs)
        except (ValueError, TypeError) as err:
            if not _names(str(err), argument):
                problems.append(f"{argument} = {why}: the message does not name it: {err}")
        except Exception as err:
            problems.append(f"{argument} = {why}: {type(err).__name__}: {err}")
        else:
            problems.append(f"{argument} = {why}: accepted in silence")
    assert not problems, f"wbcode.{module_name}.{name}:\n" + "\n".join(problems)
