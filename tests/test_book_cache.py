"""The execution cache is never stale, and never re-runs what has not changed.

A small Sphinx project with two MyST notebooks is built three times against a
private copy of ``wbcode``. Each page appends its name to a log file when it
is executed, so the log shows exactly which pages ran:

1. first build: both pages run;
2. second build, nothing changed: nothing runs;
3. a function in ``softmax.py`` changes: only the page importing it runs;
4. only the prose of the other page changes: it is re-rendered, not re-run.
"""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

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
from wbcode.{module} import {function}

with open(os.environ["EXEC_LOG"], "a") as log:
    log.write("{name}\\n")
```
"""

CONF = """\
import sys
sys.path.insert(0, {ext!r})
extensions = ["myst_nb", "wbcode_deps"]
nb_execution_mode = "cache"
nb_execution_cache_path = {cache!r}
nb_execution_raise_on_error = True
exclude_patterns = ["_build"]
"""

INDEX = """\
# Index

```{toctree}
a
b
```
"""


@pytest.fixture
def project(tmp_path):
    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "wbcode", pkg / "wbcode", ignore=shutil.ignore_patterns("__pycache__"))
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        CONF.format(ext=str(ROOT / "book" / "_ext"), cache=str(tmp_path / "cache"))
    )
    (src / "index.md").write_text(INDEX)
    (src / "a.md").write_text(
        PAGE.format(name="a", module="softmax", function="softmax", prose="Uses softmax.")
    )
    (src / "b.md").write_text(
        PAGE.format(name="b", module="linear", function="predict", prose="Uses predict.")
    )
    log = tmp_path / "exec.log"
    log.write_text("")
    env = {**os.environ, "PYTHONPATH": str(pkg), "EXEC_LOG": str(log)}

    def build():
        before = log.read_text().split()
        proc = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(tmp_path / "out")],
            env=env,
            cwd=tmp_path,  # not the repository: the private copy of wbcode must win
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        return sorted(log.read_text().split()[len(before) :])

    return pkg, src, build


@pytest.mark.slow
def test_cache_reruns_exactly_the_pages_whose_code_changed(project):
    pkg, src, build = project
    assert build() == ["a", "b"]
    assert build() == []

    softmax_py = pkg / "wbcode" / "softmax.py"
    softmax_py.write_text(
        softmax_py.read_text()
        + textwrap.dedent('''

        def softmax_twice(x):
            """A changed function: the page that imports softmax must run again."""
            return softmax(softmax(x))
        ''')
    )
    assert build() == ["a"]

    page_b = src / "b.md"
    page_b.write_text(page_b.read_text().replace("Uses predict.", "Uses predict, reworded."))
    assert build() == []


def test_the_book_uses_the_dependency_extension():
    conf = (ROOT / "book" / "conf.py").read_text()
    assert '"wbcode_deps"' in conf
    assert 'nb_execution_mode = "cache"' in conf
