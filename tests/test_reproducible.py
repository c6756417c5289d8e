"""Building the book again gives the same book, byte for byte.

The book that ``nox -s book`` built is built again from nothing into a second
folder, with a copy of its execution cache: the pages are rendered from the
outputs the first build executed, so rendering them is checked on every page
at the cost of no execution. Some pages execute again all the same, in a fresh
kernel, in another folder and at another time: their runs are removed from
the copy of the cache (``WBBOOK_REPRO_PAGES``, a comma-separated list of page
prefixes; by default Q16, which plots seeded random draws in several figures).

Every page, every image and every downloadable notebook (and MyST source) of
the second build must be identical to the first: random draws are seeded,
figures carry no date and fixed SVG ids, and nothing depends on the time or
the folder of the build. Sphinx's own pages (the general index, the module
index, the search page and its index) are left out: Sphinx writes them anew on
every build, and an incremental build writes them differently from a clean one.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOOK, BuiltBook

pytestmark = pytest.mark.slow

AGAIN = [p.strip() for p in os.environ.get("WBBOOK_REPRO_PAGES", "q16").split(",")]
SPHINX_PAGES = {"genindex.html", "py-modindex.html", "search.html"}


def _first_difference(a: Path, b: Path) -> str:
    try:
        left, right = a.read_text().splitlines(), b.read_text().splitlines()
    except UnicodeDecodeError:
        return f"{a.name}: binary files differ"
    diff = difflib.unified_diff(left, right, str(a), str(b), n=0, lineterm="")
    return "\n".join(line[:200] for line in list(diff)[:8])


def _outputs(html: Path) -> dict[str, Path]:
    """What the pages produce: their HTML, images, sources and notebooks."""
    files = [p for p in html.glob("*.html") if p.name not in SPHINX_PAGES]
    # the images the pages show (an incremental build leaves the images of
    # earlier builds in _images; they are not part of this book)
    shown = {m for p in files for m in re.findall(r"_images/[^\"'\s)#?]+", p.read_text())}
    files += [html / name for name in sorted(shown)]
    files += [p for p in (html / "_sources").rglob("*") if p.is_file()]
    files += [html / "_static" / p.name for p in (BOOK / "_static").iterdir() if p.is_file()]
    return {p.relative_to(html).as_posix(): p for p in sorted(files)}


# Sphinx appends a checksum (?v=...) to the link of a stylesheet or script that
# is already in the output folder when it writes a page: a page written by an
# incremental build carries them, the same page of a clean build may not. The
# files themselves are compared (the book's own static files are in _outputs).
ASSET_TOKEN = re.compile(rb"\?v=[0-9a-f]{8}")


def _content(path: Path) -> bytes:
    data = path.read_bytes()
    return ASSET_TOKEN.sub(b"", data) if path.suffix == ".html" else data


def _forget(cache: Path, prefixes: list[str]) -> list[str]:
    """Remove the cached runs of the pages named by ``prefixes``; return those pages."""
    from jupyter_cache import get_cache

    jc = get_cache(str(cache))
    gone = []
    for record in jc.list_cache_records():
        name = Path(record.uri).stem
        if name.startswith(tuple(prefixes)):
            jc.remove_cache(record.pk)
            gone.append(name)
    return sorted(set(gone))


@pytest.fixture(scope="module")
def second_build(built_book: BuiltBook, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("second-build")
    shutil.copytree(built_book.cache, out / "cache")
    again = _forget(out / "cache", AGAIN)
    assert again == sorted(p.stem for p in built_book.pages() if p.name.startswith(tuple(AGAIN)))
    env = {**os.environ, "WBBOOK_CACHE": str(out / "cache")}
    # -j 1: under pytest-xdist the other cores run other tests; a parallel read
    # would only add the cost of its worker processes.
    cmd = [sys.executable, "-m", "sphinx", "-q", "-j", "1", "-b", "html"]
    cmd += ["-d", str(out / "doctrees"), str(BOOK), str(out / "html")]
    proc = subprocess.run(cmd, env=env, cwd=out, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    # The pages whose runs were removed executed again (and were cached anew).
    assert _forget(out / "cache", AGAIN) == again
    return out / "html"


def test_a_second_build_is_identical(built_book: BuiltBook, second_build: Path) -> None:
    first, second = _outputs(built_book.html), _outputs(second_build)
    assert any(name.startswith("_images/") for name in first), "the book has no figures"
    assert first.keys() == second.keys(), (
        "files differ in name (content-hashed images differ): "
        f"only in the first {sorted(first.keys() - second.keys())[:5]}, "
        f"only in the second {sorted(second.keys() - first.keys())[:5]}"
    )
    changed = [name for name in first if _content(first[name]) != _content(second[name])]
    stale = [n for n in changed if n.startswith("_sources/") and n.endswith(".md")]
    assert not stale, f"the built book is older than its sources ({stale}): run `nox -s book`"
    assert not changed, f"files that differ between two builds: {changed}\n" + "\n".join(
        _first_difference(first[n], second[n]) for n in changed[:3]
    )
