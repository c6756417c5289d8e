"""Two clean builds of the book produce the same question pages, byte for byte.

A subset with figures and seeded random draws (``WBBOOK_ONLY``) is built twice
from nothing, each into its own folder with its own execution cache, the two
builds side by side. Every question page, every image and every downloadable
notebook must be identical: random draws are seeded, figures carry no date and
fixed SVG ids, and nothing depends on the time or the folder of the build.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
# Q1 has a figure; Q16 draws random numbers (seeded) and plots them.
SUBSET = os.environ.get("WBBOOK_REPRO_PAGES", "q01,q16")


def _start_build(out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "WBBOOK_ONLY": SUBSET, "WBBOOK_CACHE": str(out / "cache")}
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(out / "doctrees")]
    return subprocess.Popen(
        [*cmd, str(ROOT / "book"), str(out / "html")],
        env=env,
        cwd=out,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _first_difference(a: Path, b: Path) -> str:
    try:
        left, right = a.read_text().splitlines(), b.read_text().splitlines()
    except UnicodeDecodeError:
        return "(binary files differ)"
    diff = difflib.unified_diff(left, right, str(a), str(b), n=0, lineterm="")
    return "\n".join(line[:200] for line in list(diff)[:8])


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    outs = [tmp_path_factory.mktemp(f"build{i}") for i in (1, 2)]
    procs = [_start_build(out) for out in outs]
    for proc in procs:
        log, _ = proc.communicate(timeout=900)
        assert proc.returncode == 0, log[-3000:]
    return outs[0] / "html", outs[1] / "html"


def _files(html: Path, pattern: str) -> dict[str, Path]:
    return {p.relative_to(html).as_posix(): p for p in sorted(html.glob(pattern))}


@pytest.mark.parametrize(
    "what, pattern",
    [
        ("question pages", "q[0-9][0-9]-*.html"),
        ("images", "_images/*"),
        ("notebooks", "_sources/*.ipynb"),
    ],
)
def test_two_clean_builds_are_identical(two_builds: tuple[Path, Path], what: str, pattern: str):
    first, second = (_files(html, pattern) for html in two_builds)
    if what != "notebooks":  # notebooks only where the download extension is on
        assert first, f"WBBOOK_ONLY={SUBSET} built no {what}"
    assert first.keys() == second.keys(), f"{what} differ in name (content-hashed images differ)"
    changed = [name for name in first if first[name].read_bytes() != second[name].read_bytes()]
    assert not changed, f"{what} that differ between two builds: {changed}\n" + "\n".join(
        _first_difference(first[n], second[n]) for n in changed[:3]
    )
