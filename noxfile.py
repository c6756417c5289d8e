"""Every task of the project: ``nox`` runs what CI runs (lint, book, tests, site).

    nox -s book        strict build of the book into book/_build/html
    nox -s pdf         the whole book as one PDF (LaTeX), into book/_build/latex
    nox -s tests       unit, property, gradient and answer tests + doctests
    nox -s site        the browser tests of the built book (Debian's chromium)
    nox -s lint        ruff (check and format) and mypy on wbcode
    nox -s serve       live preview while editing (not part of the default run)
    nox -s publish     build, then commit the HTML to the local gh-pages branch
    nox -s bench       the build, rebuilds, imports and tests, as ratios to floors
    nox -s clean       remove the built book and its execution cache

Arguments after ``--`` go to the main tool of the session (pytest, sphinx-build, ...).
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
BOOK = ROOT / "book"
HTML = BOOK / "_build" / "html"
DOCTREES = BOOK / "_build" / "doctrees"
LATEX = BOOK / "_build" / "latex"
# The LaTeX build reads the pages into doctrees of its own (its layout is
# applied on them), and executes nothing the HTML build has executed: both use
# the same execution cache.
LATEX_DOCTREES = BOOK / "_build" / "doctrees-latex"
PDF = "deep-learning-workbook-solved.pdf"  # as BOOK_PDF in book/conf.py
# Debian's packages for `nox -s pdf` (.ci/run installs them; see README).
TEX_TOOLS = {"latexmk": "latexmk", "lualatex": "texlive-luatex", "rsvg-convert": "librsvg2-bin"}

nox.needs_version = ">=2024.3.2"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "book", "tests", "site"]

PYTHON = "3.11"
# -j auto: pages are read, and so executed, in parallel (a clean build of the
# whole book took 109 s instead of 171 s on 2 cores; see `nox -s bench`).
STRICT = ["-n", "-W", "--keep-going", "-j", "auto", "-b", "html"]
# pytest-xdist: one worker per core (`-- -n 0` runs in one process). --dist
# loadgroup hands the first tests out one at a time, so the two longest (the
# cache and reproducibility tests, collected first; see tests/conftest.py)
# start on different workers. The default, --dist load, gave both to the first
# worker in one chunk: 62 s instead of 48 s on 2 cores.
XDIST = ["-n", "auto", "--dist", "loadgroup"]


def _install(session: nox.Session, *extras: str) -> None:
    """Install wbcode (editable) with the given extras into the session's venv."""
    session.install("-e", f".[{','.join(extras)}]" if extras else ".")


def _install_once(session: nox.Session, *extras: str) -> None:
    """Install wbcode (editable) with the given extras, unless that is already done.

    What the installation depends on (pyproject.toml, the extras and the
    clone's folder) is hashed into a stamp in the session's
    environment; when the stamp matches, nothing is installed (an editable
    install needs no reinstall for a change to the code). A new environment has
    no stamp, so it is filled, and its packages are compiled to bytecode (into
    the session's cache, see ``_bytecode``). The stamp is written with
    ``run_install``, so ``nox --no-install`` leaves it alone.
    """
    target = f".[{','.join(extras)}]" if extras else "."
    venv = Path(session.virtualenv.location)
    stamp = venv / ".wbcode-installed"
    key = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    key.update(f"{ROOT}\0{target}".encode())
    _bytecode(session)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key.hexdigest():
        session.log(f"{target}: installed, and pyproject.toml unchanged since")
    else:
        session.install("-e", target)
        # Compile the installed packages once, on every core, as pip does when it
        # installs (uv does not): otherwise the first build or test run compiles
        # them, in every process at once (17 s of a first `nox -s tests` on 2
        # cores). Exit code 1 only says that some file does not compile: no
        # process imports such a file.
        compile_all = ("python", "-m", "compileall", "-q", "-j", "0", str(venv / "lib"))
        session.run_install(*compile_all, silent=True, success_codes=[0, 1])
        write = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])"
        session.run_install("python", "-c", write, str(stamp), key.hexdigest(), log=False)


def _bytecode(session: nox.Session) -> None:
    """Let the session's processes cache compiled bytecode, in the session's own environment.

    With ``PYTHONDONTWRITEBYTECODE`` set (as on CI here) every process
    compiles numpy, matplotlib and Sphinx again: seconds per build, per kernel
    and per test process. The cache goes under the session's environment,
    not next to the sources.
    """
    session.env["PYTHONDONTWRITEBYTECODE"] = None  # None: removed for the session's commands
    session.env["PYTHONPYCACHEPREFIX"] = str(Path(session.virtualenv.location) / "pycache")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run pytest on every core: unit, property, gradient and answer tests, doctests, the site.

    ``nox -s tests -- -m "not slow"`` is the quick tier, for while editing.
    """
    _install_once(session, "test", "book")
    # The browser tests are the site session's; a -m given after -- replaces this one.
    session.run("python", "-m", "pytest", *XDIST, "-m", "not browser", *session.posargs)


@nox.session(python=PYTHON)
def site(session: nox.Session) -> None:
    """The browser tests of the built book (run ``nox -s book`` first): Debian's
    chromium at 1280 and 400 px, light and dark, folding, overflow, figure text,
    axe-core and a replay of every answer box."""
    _install_once(session, "test", "book")
    session.run("python", "-m", "pytest", *XDIST, "-m", "browser", *session.posargs)


@nox.session(python=PYTHON)
def book(session: nox.Session) -> None:
    """Build the book strictly (any warning or failing cell fails); print where it is."""
    _install_once(session, "book")
    session.run(
        "sphinx-build", *STRICT, str(BOOK), str(HTML), "-d", str(DOCTREES), *session.posargs
    )
    session.log(f"The book is at {(HTML / 'index.html').resolve().as_uri()}")


@nox.session(python=PYTHON, default=False)
def pdf(session: nox.Session) -> None:
    """Typeset the whole book as one PDF with LuaLaTeX (strict); print where it is.

    Any Sphinx warning or LaTeX error fails it. Pages already executed for the
    HTML are not executed again. Run it before ``nox -s book``, or run that
    again afterwards: the HTML build copies the PDF next to the pages and
    links to it.
    """
    missing = [pkg for tool, pkg in TEX_TOOLS.items() if shutil.which(tool) is None]
    if missing:
        session.error(
            "TeX Live is missing: apt-get install --no-install-recommends "
            + " ".join(["latexmk", "texlive-luatex", "texlive-latex-extra", *missing])
            + " (README lists the whole set)"
        )
    _install_once(session, "book")
    session.run(
        "sphinx-build",
        *STRICT[:-2],
        "-b",
        "latex",
        str(BOOK),
        str(LATEX),
        "-d",
        str(LATEX_DOCTREES),
        *session.posargs,
    )
    tex = PDF.removesuffix(".pdf") + ".tex"
    # From scratch: a file left by a failed run (a broken .aux) fails the next one.
    for suffix in (".aux", ".toc", ".out", ".idx", ".ind", ".ilg", ".log", ".fls", ".fdb_latexmk"):
        (LATEX / tex).with_suffix(suffix).unlink(missing_ok=True)
    with session.chdir(LATEX):
        session.run(
            "latexmk",  # reads the latexmkrc that Sphinx writes next to the .tex
            "-pdflua",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-file-line-error",
            tex,
            external=True,
        )
    session.log(f"The PDF is at {(LATEX / PDF).resolve()}")
    if (HTML / "index.html").exists():
        session.log("`nox -s book` now copies it into the HTML and links to it")


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
def publish(session: nox.Session) -> None:
    """Build the whole book afresh and commit it to the local gh-pages branch.

    Nothing leaves the machine unless asked: ``nox -s publish -- --push`` also
    pushes gh-pages to origin.
    """
    unknown = [arg for arg in session.posargs if arg != "--push"]
    if unknown:
        session.error(f"unknown argument(s) {unknown}: the only one is --push")
    if os.environ.get("WBBOOK_ONLY"):
        session.error("WBBOOK_ONLY is set: unset it, the published book must be whole")
    _install(session, "book")
    session.install("ghp-import>=2.1")
    # A fresh HTML folder, so no page of a removed or renamed chapter lingers;
    # the execution cache stays, so unchanged pages are not executed again.
    shutil.rmtree(HTML, ignore_errors=True)
    session.run("sphinx-build", *STRICT, str(BOOK), str(HTML), "-d", str(DOCTREES))
    git = ("git", "-C", str(ROOT))
    commit = session.run(*git, "rev-parse", "--short", "HEAD", external=True, silent=True)
    dirty = session.run(*git, "status", "--porcelain", external=True, silent=True)
    message = f"Publish the book built from {str(commit).strip()}"
    message += " with uncommitted changes" if str(dirty).strip() else ""
    push = "--push" in session.posargs
    # --no-jekyll: GitHub Pages must serve _static/, _images/, _sources/ as they are.
    # gh-pages holds built output only: a push replaces it (--force), whichever
    # clone published last.
    args = ["--no-jekyll", "--message", message, *(["--push", "--force"] if push else [])]
    session.run("ghp-import", *args, str(HTML))
    session.log(
        "gh-pages holds the book"
        + (" and is pushed to origin" if push else "; `nox -s publish -- --push` pushes it")
    )


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Timings as ratios to floors measured in the same run (about 4 minutes; ``-- --full``).

    The book's rebuilds against a one-page project with the same theme and
    extensions, ``nox -s book`` with nothing changed, ``import wbcode.softmax``
    against ``import numpy``, the clean build against its pages' execution, and
    the tests' wall time. Options go after ``--`` (see ``-- --help``).
    """
    _install_once(session, "test", "book")
    # The bench times `nox -s book` too, with the nox that runs this session.
    nox_cmd = f"{shlex.quote(sys.executable)} -m nox"
    session.run("python", "tests/benchmarks/run.py", "--nox", nox_cmd, *session.posargs)


@nox.session(python=PYTHON, default=False)
def clean(session: nox.Session) -> None:
    """Remove the built book and its execution cache."""
    shutil.rmtree(BOOK / "_build", ignore_errors=True)
