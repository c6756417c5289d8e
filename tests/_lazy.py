"""A module imported on first use, for reference libraries that are slow to import.

``scipy.signal`` and ``scipy.stats`` take about a second each to import; every
pytest worker collects every test module, so a module-level import would cost
each worker that second even when no test that uses them runs (the quick tier,
``-k``).

Collection itself reads the attributes of every name a test module holds:
pytest looks for fixtures behind ``_mock_name`` and ``__wrapped__``, and the
doctest finder (``--doctest-modules`` collects the test modules too) unwraps
``__wrapped__``. A module made by :class:`importlib.util.LazyLoader` runs its
code on the first of these reads, so the stand-in here answers them itself:
a name that starts with an underscore is not looked up, and only a public
name (``signal.correlate2d``) imports the module.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any


class LazyModule:
    """Stands for the module ``name``, imported when a public attribute is first read."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_"):  # introspection by pytest or doctest: no import
            raise AttributeError(attr)
        return getattr(importlib.import_module(self._name), attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_import(name: str) -> Any:
    """A stand-in for ``import name`` that imports on the first public attribute read."""
    if importlib.util.find_spec(name) is None:
        raise ModuleNotFoundError(f"no module named {name!r}")
    return LazyModule(name)
