"""The execution cache is never stale, and never re-runs what has not changed.

A small Sphinx project with three MyST notebooks is built again and again
against a private copy of ``wbcode``. Each page appends its name to a log file
when it is executed, so the log shows exactly which pages ran:

- ``a`` imports ``wbcode.softmax``;
- ``c`` imports only the package and reaches ``wbcode.linear`` through it
  (loaded lazily, invisible to a reading of the page's import statements);
  in the copy, ``linear`` imports a helper module, so the helper is reached
  only through another module;
- ``d`` imports numpy only.

The builds, in order: a clean build runs all three; a rebuild runs none; a
changed ``__init__.py`` runs the two that import ``wbcode``; a changed
``softmax.py`` runs ``a``; a changed helper runs ``c``; a changed module that
no page loads, together with edited prose, runs none (the page is re-rendered
from the cache); a simulated new numpy version runs all three; and the build
after that runs none.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BOOK, ROOT, load_extension

EXT = BOOK / "_ext"

PAGE = """\
---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Page {name}

{prose}

```{{code-cell}} ipython3
import os
{code}

with open(os.environ["EXEC_LOG"], "a") as log:
    log.write("{name}\\n")
```
"""

PAGES = {
    "a": ("Uses softmax.", "from wbcode.softmax import softmax\nprint(softmax([0.0, 1.0]))"),
    "c": ("Uses the package.", "import wbcode\nprint(wbcode.linear.predict)"),
    "d": ("Uses numpy.", "import numpy as np\nprint(np.arange(3))"),
}

CONF = """\
import sys
sys.path.insert(0, {ext!r})
extensions = ["myst_nb", "wbcode_deps"]
nb_execution_mode = "cache"
nb_execution_cache_path = {cache!r}
nb_execution_raise_on_error = True
exclude_patterns = ["_build"]
"""

INDEX = "# Index\n\n```{toctree}\na\nc\nd\n```\n"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, Path, Callable[[], list[str]]]:
    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "wbcode", pkg / "wbcode", ignore=shutil.ignore_patterns("__pycache__"))
    wb = pkg / "wbcode"
    (wb / "_probe_helper.py").write_text('"""Reached only through wbcode.linear."""\nN = 1\n')
    _append(wb / "linear.py", "\nfrom . import _probe_helper  # noqa: E402, F401\n")
    (wb / "unused_probe.py").write_text('"""A module that no page loads."""\nN = 1\n')
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF.format(ext=str(EXT), cache=str(tmp_path / "cache")))
    (src / "index.md").write_text(INDEX)
    for name, (prose, code) in PAGES.items():
        (src / f"{name}.md").write_text(PAGE.format(name=name, prose=prose, code=code))
    log = tmp_path / "exec.log"
    log.write_text("")
    env = {**os.environ, "PYTHONPATH": str(pkg), "EXEC_LOG": str(log)}
    out = tmp_path / "out"

    def build() -> list[str]:
        before = log.read_text().split()
        proc = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)],
            env=env,
            cwd=tmp_path,  # not the repository: the private copy of wbcode must win
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr
        return sorted(log.read_text().split()[len(before) :])

    return pkg, src, out, build


@pytest.mark.slow
def test_cache_reruns_exactly_the_pages_that_loaded_a_change(project):
    pkg, src, out, build = project
    wb = pkg / "wbcode"
    assert build() == ["a", "c", "d"], "a clean build executes every page"
    assert build() == [], "nothing changed: nothing executes"

    _append(wb / "__init__.py", '\nprint("INIT-PROBE-1")\n')
    assert build() == ["a", "c"], "__init__.py runs for every page that imports wbcode"
    assert "INIT-PROBE-1" in (out / "a.html").read_text(), "page a shows the new package"

    _append(wb / "softmax.py", '\n\ndef softmax_twice(x):\n    """Changed."""\n    return x\n')
    assert build() == ["a"], "softmax.py: only a loads it"

    _append(wb / "_probe_helper.py", "M = 2\n")
    assert build() == ["c"], "a module that c reaches only through wbcode and linear"

    _append(wb / "unused_probe.py", "M = 2\n")
    page_c = src / "c.md"
    page_c.write_text(page_c.read_text().replace("Uses the package.", "Uses it, reworded."))
    assert build() == [], "a module no page loads, and prose: re-rendered from the cache"
    assert "reworded" in (out / "c.html").read_text()

    # A new numpy, as the package metadata reports it: a distribution found
    # first on the path (numpy itself is still the installed one).
    fake = pkg / "numpy-0.0.0+simulated.dist-info"
    fake.mkdir()
    (fake / "METADATA").write_text("Metadata-Version: 2.1\nName: numpy\nVersion: 0.0.0+simulated\n")
    assert build() == ["a", "c", "d"], "a numpy version change re-executes every page"
    assert build() == [], "and the key is stable again"


def _extension() -> Any:
    return load_extension("wbcode_deps")


@pytest.mark.slow  # starts two Python processes
def test_the_key_holds_the_versions_of_numpy_and_matplotlib(tmp_path):
    for name, version in (("numpy", "0.0.1"), ("matplotlib", "0.0.2")):
        fake = tmp_path / name / f"{name}-{version}.dist-info"
        fake.mkdir(parents=True)
        (fake / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        code = (
            f"import sys, json; sys.path.insert(0, {str(EXT)!r}); import wbcode_deps;"
            "print(json.dumps(wbcode_deps.versions()))"
        )
        env = {**os.environ, "PYTHONPATH": str(tmp_path / name)}
        proc = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        assert json.loads(proc.stdout)[name] == version
    ext = _extension()
    pins = ext.versions()
    assert set(pins) == {"numpy", "matplotlib"}
    for name in pins:
        assert ext.digest([], {}, pins) != ext.digest([], {}, {**pins, name: "other"})


@pytest.mark.slow  # starts a Python process
def test_paths_are_found_without_importing_wbcode():
    code = (
        f"import sys; sys.path.insert(0, {str(EXT)!r}); import wbcode_deps as d;"
        "pkg = d.package_dir(); d.package_hashes(pkg);"
        "files = d.static_dependencies('from wbcode.softmax import softmax', pkg);"
        "assert 'softmax.py' in files, files;"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('wbcode', 'numpy')], 'imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_static_reading_follows_the_package_lazily():
    ext = _extension()
    pkg = ROOT / "wbcode"
    # The package alone: __init__ and its stub, not every module (they load lazily).
    found = ext.with_packages(ext.static_dependencies("import wbcode", pkg), {"__init__.pyi": ""})
    assert found == {"__init__.py", "__init__.pyi"}
    # A re-exported name leads to its module, through the stub.
    stub_name, module = next(iter(ext._stub_names(pkg).items()))
    assert f"{module}.py" in ext.static_dependencies(f"from wbcode import {stub_name}", pkg)
    # A module brings the modules it imports.
    assert "_checks.py" in ext.static_dependencies("from wbcode.softmax import softmax", pkg)


def test_only_code_counts_for_the_key():
    ext = _extension()
    page = PAGE.format(name="a", prose="Some prose.", code="x = 1")
    same = page.replace("Some prose.", "Other prose, longer.\n\nAnd a paragraph.")
    assert ext.code_digest(page) == ext.code_digest(same)
    assert ext.code_digest(page) != ext.code_digest(page.replace("x = 1", "x = 2"))
    assert ext.code_digest(page) != ext.code_digest(page.replace("python3", "python2"))


def test_the_book_uses_the_dependency_extension():
    conf = (BOOK / "conf.py").read_text()
    assert '"wbcode_deps"' in conf
    assert 'nb_execution_mode = "cache"' in conf
