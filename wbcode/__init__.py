"""wbcode: tested numpy implementations behind the Deep Learning Workbook textbook.

The algorithms live in one module per topic (``wbcode.softmax``,
``wbcode.linear``, ``wbcode.conv``, ...); the workbook's given data lives in
:mod:`wbcode.workbook`. Import what you need from its module::

    from wbcode.softmax import softmax

Every public function and class is also reachable from the package itself
(``wbcode.sgd_pass``, ``wbcode.Adam``), but **lazily** (Scientific Python
SPEC 1): a submodule is imported the first time one of its names is used, so
``import wbcode.softmax`` costs numpy and that module, and only the drawing
modules import matplotlib. A name is a module or a function, never both:
``wbcode.softmax`` is the module, ``wbcode.softmax.softmax`` the function.

The names and the module each comes from are listed once, in the type stub
``__init__.pyi`` beside this file, which type checkers and IDEs read too;
this file reads it at import.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any

__version__ = "0.1.0"


def _read_stub() -> tuple[dict[str, str], list[str]]:
    """``{name: submodule}`` for every re-exported name, and the submodules, from the stub."""
    tree = ast.parse((Path(__file__).parent / "__init__.pyi").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    modules: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module is None:  # from . import workbook as workbook
                modules += [alias.name for alias in node.names]
            else:  # from .linear import sgd_pass as sgd_pass
                names.update((alias.asname or alias.name, node.module) for alias in node.names)
    return names, modules


_NAMES, _MODULES = _read_stub()
__all__ = sorted([*_NAMES, *_MODULES])


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        value = getattr(importlib.import_module(f"{__name__}.{_NAMES[name]}"), name)
    elif name in _MODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
