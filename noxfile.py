"""Every task of the project: ``nox`` runs what CI runs (lint, tests, book).

    nox -s book        strict build of the book into book/_build/html
    nox -s tests       unit, property, gradient and answer tests + doctests
    nox -s lint        ruff (check and format) and mypy on wbcode
    nox -s serve       live preview while editing (not part of the default run)
    nox -s publish     build, then commit the HTML to the local gh-pages branch
    nox -s bench       timings of the build, the tests and the kernels (medians)

Arguments after ``--`` go to the main tool of the session (pytest, sphinx-build, ...).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
BOOK = ROOT / "book"
HTML = BOOK / "_build" / "html"
DOCTREES = BOOK / "_build" / "doctrees"

nox.needs_version = ">=2024.3.2"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests", "book"]

PYTHON = "3.11"
STRICT = ["-n", "-W", "--keep-going", "-b", "html"]


def _install(session: nox.Session, *extras: str) -> None:
    """Install wbcode (editable) with the given extras into the session's venv."""
    session.install("-e", f".[{','.join(extras)}]" if extras else ".")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run pytest: unit, property, gradient-check and answer tests, and every doctest."""
    _install(session, "test", "book")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=PYTHON)
def book(session: nox.Session) -> None:
    """Build the book strictly (any warning or failing cell fails); print where it is."""
    _install(session, "book")
    session.run(
        "sphinx-build", *STRICT, str(BOOK), str(HTML), "-d", str(DOCTREES), *session.posargs
    )
    session.log(f"The book is at {(HTML / 'index.html').resolve().as_uri()}")


@nox.session(python=PYTHON, default=False)
def serve(session: nox.Session) -> None:
    """Live preview: rebuild on every save and reload the browser (http://127.0.0.1:8000)."""
    _install(session, "book")
    session.install("sphinx-autobuild")
    session.run(
        "sphinx-autobuild",
        *STRICT[:-2],
        str(BOOK),
        str(HTML),
        "-d",
        str(DOCTREES),
        "--watch",
        str(ROOT / "wbcode"),
        "--ignore",
        "*/_build/*",
        *(session.posargs or ["--host", "127.0.0.1", "--port", "8000"]),
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check, and mypy on wbcode."""
    _install(session, "lint")
    session.run("ruff", "check", "wbcode", "tests", "noxfile.py", "book/conf.py", "book/_ext")
    session.run(
        "ruff", "format", "--check", "wbcode", "tests", "noxfile.py", "book/conf.py", "book/_ext"
    )
    session.run("mypy", *(session.posargs or ["wbcode"]))


@nox.session(python=PYTHON, default=False)
def clean(session: nox.Session) -> None:
    """Remove the built book and its execution cache."""
    shutil.rmtree(BOOK / "_build", ignore_errors=True)
