"""The two Sphinx projects that the bench builds: the floor and a copy of the book.

- :class:`Floor`: a one-page project with the book's theme and extensions
  (and its theme options), no code cell: what Sphinx itself costs here.
- :class:`BookCopy`: a private copy of the repository's ``book/``, ``wbcode/``,
  ``noxfile.py``, ``pyproject.toml`` and ``README.md``, laid out as the
  repository is, so that ``nox -s book`` run in the copy finds the build that
  the bench made there. Edits in the working tree during a run do not disturb it.

Both build with the flags of ``nox -s book`` (strict, ``-j auto`` unless told).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRICT = ["-n", "-W", "--keep-going", "-b", "html"]

FLOOR_CONF = """\
import sys
sys.path.insert(0, {ext!r})
project = "Floor"
extensions = {extensions!r}
bibtex_bibfiles = ["references.bib"]
nb_execution_mode = "cache"
html_theme = {theme!r}
html_theme_options = {options!r}
"""


def _book_conf() -> dict[str, object]:
    """``extensions``, ``html_theme``, ``html_theme_options`` and ``BOOK_PDF`` of book/conf.py."""
    wanted = ("extensions", "html_theme", "html_theme_options", "BOOK_PDF")
    tree = ast.parse((ROOT / "book" / "conf.py").read_text(encoding="utf-8"))
    found = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in wanted
    }
    missing = set(wanted) - set(found)
    if missing:
        raise RuntimeError(f"book/conf.py sets no literal {sorted(missing)}")
    return found


def _sphinx(src: Path, out: Path, env: dict[str, str] | None = None, jobs: str = "auto") -> float:
    cmd = [sys.executable, "-m", "sphinx", *STRICT, "-j", jobs, "-q", str(src), str(out / "html")]
    cmd += ["-d", str(out / "doctrees")]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=src, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"build failed ({' '.join(cmd)}):\n{proc.stderr[-3000:]}")
    return elapsed


class Floor:
    """One page, the book's theme and extensions."""

    def __init__(self, base: Path) -> None:
        self.src, self.out = base / "floor", base / "floor" / "_build"
        self.src.mkdir(parents=True)
        conf = _book_conf()
        (self.src / "conf.py").write_text(
            FLOOR_CONF.format(
                ext=str(ROOT / "book" / "_ext"),
                extensions=conf["extensions"],
                theme=conf["html_theme"],
                options=conf["html_theme_options"],
            )
        )
        shutil.copy2(ROOT / "book" / "references.bib", self.src)
        (self.src / "index.md").write_text("# Floor\n\nOne page, with math: $x^2$.\n")

    def clean_build(self) -> float:
        shutil.rmtree(self.out, ignore_errors=True)
        return self.rebuild()

    def rebuild(self) -> float:
        return _sphinx(self.src, self.out)


class BookCopy:
    """The book, its package and its nox file, copied; built where ``nox -s book`` builds."""

    def __init__(self, base: Path, only: str = "") -> None:
        self.root = base / "book-copy"
        ignore = shutil.ignore_patterns("_build", "__pycache__", ".jupyter_cache")
        for name in ("book", "wbcode"):
            shutil.copytree(ROOT / name, self.root / name, ignore=ignore)
        for name in ("noxfile.py", "pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, self.root / name)
        self.book = self.root / "book"
        self.out = self.book / "_build"
        # The PDF that `nox -s pdf` built in the repository, if there is one: the
        # copy's builds link to it as the repository's do, so that the tests run
        # against the copy's book (the PDF and reproducibility tests) hold there.
        pdf = Path("latex") / str(_book_conf()["BOOK_PDF"])
        self.pdf = (ROOT / "book" / "_build" / pdf, self.out / pdf)
        self.env = {k: v for k, v in os.environ.items() if k not in ("WBBOOK_ONLY", "WBBOOK_CACHE")}
        if only:
            self.env["WBBOOK_ONLY"] = only

    @property
    def html(self) -> Path:
        return self.out / "html"

    @property
    def cache(self) -> Path:
        return self.out / ".jupyter_cache"

    def clean_build(self, jobs: str = "auto") -> float:
        shutil.rmtree(self.out, ignore_errors=True)
        built, copy = self.pdf
        if built.is_file():
            copy.parent.mkdir(parents=True)
            shutil.copy2(built, copy)
        return self.rebuild(jobs)

    def rebuild(self, jobs: str = "auto") -> float:
        return _sphinx(self.book, self.out, self.env, jobs)

    def pages(self) -> list[Path]:
        pages = sorted(self.book.glob("q[0-9][0-9]-*.md"))
        return [p for p in pages if (self.html / f"{p.stem}.html").exists()] or pages

    def execution_seconds(self) -> dict[str, float]:
        """``{page: seconds}`` of every run in the execution cache (the clean build's)."""
        from jupyter_cache import get_cache

        return {
            Path(r.uri).stem: float(r.data.get("execution_seconds") or 0.0)
            for r in get_cache(str(self.cache)).list_cache_records()
        }

    def nox_book(self, nox: list[str]) -> float:
        """``nox -s book`` in the copy, with the copy's own environments (in ``.nox``)."""
        env = {k: v for k, v in self.env.items() if k not in ("VIRTUAL_ENV", "PYTHONPYCACHEPREFIX")}
        bin_dir = str(Path(sys.executable).parent)
        env["PATH"] = os.pathsep.join(
            p for p in env.get("PATH", "").split(os.pathsep) if p != bin_dir
        )
        cmd = [*nox, "-f", str(self.root / "noxfile.py"), "-s", "book"]
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, cwd=self.root, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
        return elapsed
