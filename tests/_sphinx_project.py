"""Small Sphinx projects built in the test process, for the tests of the book's extensions.

``write`` writes only the files whose text changes (Sphinx reads again only
those), and ``build`` builds as ``sphinx-build -W -j 2`` would: a warning
fails the build, and pages are read in parallel worker processes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import BOOK

sphinx_application = pytest.importorskip("sphinx.application")
docutils_namespace = pytest.importorskip("sphinx.util.docutils").docutils_namespace

EXT = BOOK / "_ext"

# sphinx-exercise reads Sphinx's deprecated ``.app`` attributes (of transforms and
# of the environment): the warnings that its code raises, and only those.
SPHINX_EXERCISE_DEPRECATION = r"ignore::Warning:sphinx_exercise(\..*)?"


def conf(*extensions: str, **values: Any) -> str:
    """A conf.py that loads ``extensions`` (the book's from book/_ext) and sets ``values``."""
    lines = ["import sys", f"sys.path.insert(0, {str(EXT)!r})"]
    lines.append(f"extensions = {list(extensions)!r}")
    lines += [f"{name} = {value!r}" for name, value in values.items()]
    return "\n".join([*lines, 'exclude_patterns = ["_build"]', ""])


def write(src: Path, files: dict[str, str]) -> None:
    """Write ``{name: text}`` under ``src``, leaving the files whose text is the same."""
    src.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = src / name
        if not path.exists() or path.read_text() != text:
            path.write_text(text)


def build(src: Path, out: Path, builder: str = "html") -> Any:
    """Build ``src`` into ``out`` in this process; the environment of the build."""
    with docutils_namespace():  # each app registers its nodes afresh, as sphinx-build does
        app = sphinx_application.Sphinx(
            str(src),
            str(src),
            str(out / builder),
            str(out / "doctrees"),
            builder,
            status=None,
            warning=sys.stderr,
            warningiserror=True,
            parallel=2,
        )
        app.build()
    assert app.statuscode == 0
    return app.env
