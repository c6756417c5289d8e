"""Sphinx configuration of the Deep Learning Workbook book.

Build with ``nox -s book`` (strict: ``-n -W --keep-going``). Environment
variables, for maintainers:

``WBBOOK_ONLY``
    Comma-separated question prefixes (``q12,q13``): build only those question
    pages, for a quick check of one chapter.
``WBBOOK_CACHE``
    Where myst-nb keeps its execution cache (default ``_build/.jupyter_cache``).
"""

from __future__ import annotations

import fnmatch
import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent.resolve()
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "_ext"))
# Pages always execute against the wbcode of this working tree, whatever is
# installed: Sphinx imports it from here, and the kernels inherit PYTHONPATH.
sys.path.insert(0, str(ROOT))
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
)

project = "Deep Learning Workbook, solved"
author = "The wbcode authors"
copyright = "2026, the wbcode authors"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx_design",
    "sphinx_exercise",
    "sphinx_togglebutton",
    "sphinxcontrib.bibtex",
    "wbcode_deps",
    "notebooks",
    "solutions",
    "answerbox",
]

exclude_patterns = ["_build", "README.md", ".jupyter_cache", "**.ipynb_checkpoints"]
suppress_warnings: list[str] = []
# As strict as `nox -s book` (-n) wherever the book is built, e.g. Read the Docs.
nitpicky = True

only = [p.strip() for p in os.environ.get("WBBOOK_ONLY", "").split(",") if p.strip()]
if only:
    exclude_patterns += [
        p.name for p in HERE.glob("q[0-9][0-9]-*.md") if not p.name.startswith(tuple(only))
    ]


def _drop_empty_globs(app, docname, source) -> None:  # type: ignore[no-untyped-def]
    """Leave out table-of-contents globs that match no page (yet).

    The parts list their question pages by pattern (``q1[2-7]-*``); a part
    whose pages are not written yet, or are left out by ``WBBOOK_ONLY``, is
    simply not shown instead of failing the strict build.
    """
    if docname != "index":
        return
    kept = [
        p.stem for p in HERE.glob("q[0-9][0-9]-*.md") if not only or p.name.startswith(tuple(only))
    ]
    source[0] = "\n".join(
        line
        for line in source[0].split("\n")
        if not re.fullmatch(r"q[\w\[\]\-]*\*", line.strip())
        or any(fnmatch.fnmatch(k, line.strip()) for k in kept)
    )


# -- MyST and execution ------------------------------------------------------
# ipykernel 7 logs a warning about unencrypted TCP for every kernel it starts
# (on loopback, for a notebook it executes itself); the strict build would
# count it. A private IPython directory raises the kernel's log level.
_ipython_dir = HERE / "_build" / ".ipython"
(_ipython_dir / "profile_default").mkdir(parents=True, exist_ok=True)
(_ipython_dir / "profile_default" / "ipython_kernel_config.py").write_text(
    "c.IPKernelApp.log_level = 'ERROR'\n", encoding="utf-8"
)
os.environ["IPYTHONDIR"] = str(_ipython_dir)
myst_enable_extensions = [
    "amsmath",
    "colon_fence",
    "deflist",
    "dollarmath",
    "substitution",
]
myst_heading_anchors = 3
nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get("WBBOOK_CACHE", str(HERE / "_build" / ".jupyter_cache"))
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 300
# Each page executes in an empty temporary folder, as a reader's Jupyter runs
# its downloaded notebook: a page that reads a file beside it fails the build
# (tests/test_notebooks.py counts on it: the build's runs stand for the downloads).
nb_execution_in_temp = True
nb_merge_streams = True
# Markdown outputs (the step tables of wbcode.tables) are parsed as MyST: tables, math.
nb_render_markdown_format = "myst"
# Figures are written as SVG with a fixed hash salt and no date: identical builds.
nb_render_image_options = {"align": "center"}

# -- Exercises and folded solutions ------------------------------------------
# Each question sits in an exercise block; its worked solution (one block per
# sub-answer, under the sub-answer's heading) is titled "Solution" and folded:
# the solutions extension gives every block the "dropdown" class, which
# sphinx-togglebutton closes, with a Show/Hide button in the title bar.
exercise_style = "solution_follow_exercise"
togglebutton_hint = "Show"
togglebutton_hint_hide = "Hide"
togglebutton_open_on_print = True

# -- Citations ---------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- API reference -----------------------------------------------------------
autodoc_typehints = "none"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True}
# No intersphinx (the build makes no network request): references to numpy,
# scipy and matplotlib stay plain text. Types in docstrings are free text
# ("ndarray, shape (n, d)"), so only names inside wbcode must resolve.
nitpick_ignore_regex = [
    ("py:.*", r"(numpy|np|scipy|matplotlib|collections\.abc)\..*"),
    ("py:class", r"(?!wbcode\.).*"),
]
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False
# Types stay plain text ("array_like, shape (n, d)"), not cross-references.
napoleon_use_param = False
napoleon_preprocess_types = False
# Attributes sections become field lists, not a second description of each
# dataclass field that autodoc already documents.
napoleon_use_ivar = True

# -- Math: MathJax 3 served from this site, never from a CDN -----------------
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {
    "tex": {"macros": {"R": r"\mathbb{R}", "L": r"\mathcal{L}"}},
    "options": {"enableMenu": False},
}

# -- HTML --------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Deep Learning Workbook, solved"
html_static_path = ["_static"]
html_css_files = ["book.css"]
html_js_files = [
    "file-search.js",  # search from file:// lists results without snippets
    ("scroll-cue.js", {"defer": "defer"}),  # a box wider than the column shows that it scrolls
]
# The colour mode follows the reader's system until they pick one (an empty
# default makes the theme log an error on every first visit).
html_context = {"default_mode": "auto"}
html_last_updated_fmt = None
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
}


def _mathjax_dir() -> Path:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "MathJax is served from the site: install the book extra "
            "(`pip install -e .[book]`, it brings django-static-mathjax)"
        )
    es5 = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"
    if not (es5 / "tex-chtml.js").exists():
        raise RuntimeError(f"no MathJax build found at {es5}")
    return es5


# The parts of MathJax's es5 build that a page can load: the combined TeX ->
# CommonHTML component, its web fonts, and the components it may load lazily.
MATHJAX_PARTS = ["tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "a11y", "ui"]


def _copy_mathjax(app, exception) -> None:  # type: ignore[no-untyped-def]
    if exception is not None or app.builder.format != "html":
        return
    src, dest = _mathjax_dir(), Path(app.outdir) / "_static" / "mathjax"
    # Hundreds of files: copied once per output folder, not on every rebuild.
    # The stamp (beside the doctrees, not in the site) names what was copied.
    stamp, copied = Path(app.doctreedir) / "mathjax-copied", f"{src}\n{MATHJAX_PARTS}"
    if (dest / "tex-chtml.js").is_file() and stamp.is_file() and stamp.read_text() == copied:
        return
    for part in MATHJAX_PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dest / part, dirs_exist_ok=True)
        else:
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / part, dest / part)
    stamp.write_text(copied)


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("source-read", _drop_empty_globs)
    _mathjax_dir()  # fail early, before hours of execution, if MathJax is missing
    app.connect("build-finished", _copy_mathjax)
