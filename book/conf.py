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
    "fignumbers",
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
# sub-answer, under the sub-answer's heading) is folded: the solutions
# extension gives every block the "dropdown" class, which sphinx-togglebutton
# closes, with a Show/Hide button in the title bar, and titles it "Solution"
# on the site ("Solution to Exercise N (...)" in the PDF, where nothing folds).
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


# == LaTeX and PDF (`nox -s pdf`) ============================================
# The PDF is typeset from the same pages and the same execution cache as the
# HTML: no page is executed twice. book_pdf (book/_ext/book_pdf.py) lays the
# table of contents' captions out as parts, shows every solution open, and,
# in the HTML build, copies the PDF next to the pages and links to it.
extensions += ["sphinxcontrib.rsvgconverter", "book_pdf"]
BOOK_PDF = "deep-learning-workbook-solved.pdf"
book_pdf_file = str(HERE / "_build" / "latex" / BOOK_PDF)
if Path(book_pdf_file).exists():
    # The introduction links to the PDF only when there is one (`{only}`); a
    # changed tag makes the HTML builder write every page again.
    tags.add("book_pdf")  # type: ignore[name-defined]  # noqa: F821

# Figures are SVG: the LaTeX builder takes them (and rsvg-convert makes vector PDFs).
nb_mime_priority_overrides = [("latex", "image/svg+xml", 15)]
rsvg_converter_format = "pdf"
latex_engine = "lualatex"
latex_docclass = {"manual": "book"}
latex_documents = [
    ("index", BOOK_PDF.removesuffix(".pdf") + ".tex", project, author, "manual", False)
]
latex_use_xindy = False  # makeindex comes with TeX Live's binaries
latex_domain_indices = False  # the index of the algorithms is the general index
latex_table_style = ["booktabs", "colorrows"]


def _latex_macros() -> str:
    """MathJax's macros (\\R, \\L) as LaTeX commands, in math mode only."""
    lines = []
    for name, body in mathjax3_config["tex"]["macros"].items():
        lines.append(
            rf"\let\wbtextmacro{name}\{name}"
            rf"\protected\def\{name}{{\ifmmode {body}\else\expandafter\wbtextmacro{name}\fi}}"
        )
    return "\n".join(lines)


# Every character the pages use is covered: TeX Gyre Pagella (text) and
# DejaVu Sans Mono (code) take what they lack (Greek in code, ⊙, 𝓛, ...)
# from a chain of fallback fonts; a character no font has is an error.
LATEX_FONTS = r"""
\directlua{luaotfload.add_fallback("wbfallback", {
  "DejaVuSerif:mode=node;", "DejaVuSans:mode=node;",
  "texgyrepagella-math.otf:mode=node;", "latinmodern-math.otf:mode=node;"})}
\directlua{luaotfload.add_fallback("wbmonofallback", {
  "DejaVuSans:mode=node;", "DejaVuSerif:mode=node;",
  "texgyrepagella-math.otf:mode=node;", "latinmodern-math.otf:mode=node;"})}
\setmainfont{TeX Gyre Pagella}[RawFeature={fallback=wbfallback}]
\setsansfont{DejaVu Sans}[Scale=MatchLowercase, RawFeature={fallback=wbfallback}]
\setmonofont{DejaVu Sans Mono}[Scale=MatchLowercase, RawFeature={fallback=wbmonofallback}]
\usepackage{unicode-math}
\setmathfont{TeX Gyre Pagella Math}
"""

LATEX_PREAMBLE = r"""
\tracinglostchars=3 % a character missing from every font is an error
% Glued numbers and citations (\DUrole, \hyperlink) may sit in figure captions.
\robustify\DUrole
\robustify\hyperlink
% Display math is wrapped in split, which takes one & per line; MathJax (and
% so the HTML) also takes several, as aligned does. A display wider than the
% line (the HTML scrolls it) is scaled down to the line's width.
\usepackage{environ}
\makeatletter
\newsavebox{\wb@display}
\RenewEnviron{split}{\sbox\wb@display{$\displaystyle\begin{aligned}\BODY\end{aligned}$}%
  \ifdim\wd\wb@display>\displaywidth\resizebox{\displaywidth}{!}{\usebox\wb@display}%
  \else\usebox\wb@display\fi}
% Columns of natural width (l, c, r: book_pdf picks them for tables that fit)
% hold each cell at its natural width, not at an equal share of the line.
\let\wb@sphinxcolwidth\sphinxcolwidth
\renewcommand*{\sphinxcolwidth}[2]{%
  \ifnum#1=\@ne\ifx\TY@final\@undefined\ifdim\baselineskip>\z@\wb@sphinxcolwidth{#1}{#2}%
  \else\linewidth\fi\else\wb@sphinxcolwidth{#1}{#2}\fi\else\wb@sphinxcolwidth{#1}{#2}\fi}
\makeatother
% Wrapped columns (tabulary) are at least as wide as a long word.
\setlength{\tymin}{5em}
% Chapters carry the question's number (Q1, Q2, ...); sections are not numbered.
\setcounter{secnumdepth}{0}
\renewcommand{\thechapter}{Q\arabic{chapter}}
\titleformat{\chapter}[hang]{\normalfont\huge\bfseries}{\thechapter}{0.6em}{}
\titlespacing*{\chapter}{0pt}{0pt}{3ex}
\makeatletter
\patchcmd{\l@chapter}{1.5em}{2.4em}{}{}
\makeatother
% The table of contents' captions are unnumbered parts, listed in the contents.
\newcommand{\wbpart}[1]{\part*{\phantomsection\addcontentsline{toc}{part}{#1}#1}}
% Running footer: "Q7  Data augmentation for speech"; no number in front matter.
\makeatletter
% \frontmatter without its \cleardoublepage (a blank page after the title page).
\newcommand{\wbfrontmatter}{\@mainmatterfalse\pagenumbering{roman}}
\renewcommand{\chaptermark}[1]{\markboth{\if@mainmatter\thechapter\quad\fi#1}%
  {\if@mainmatter\thechapter\quad\fi#1}}
\makeatother
\setlength{\headheight}{14pt}
% Figures, tables, listings and equations are numbered within their question: Fig. Q7.2.
\AtBeginDocument{%
  \renewcommand{\thefigure}{\thechapter.\arabic{figure}}%
  \renewcommand{\thetable}{\thechapter.\arabic{table}}%
  \renewcommand{\theliteralblock}{\thechapter.\arabic{literalblock}}%
  \renewcommand{\theequation}{\thechapter.\arabic{equation}}}
\renewcommand{\sphinxstyletheadfamily}{\rmfamily}
% Sphinx names the contents after the first toctree's caption; it is a part here.
\addto\captionsenglish{\renewcommand{\contentsname}{Contents}}
% Solutions are long (figures, code, tables): no frame, a rule above and below,
% so they break across pages like the text around them.
\definecolor{wbsolution}{RGB}{0,158,115}
% Running heads: the book above, the chapter and the page number below.
\makeatletter
\fancypagestyle{normal}{\fancyhf{}%
  \fancyhead[R]{{\py@HeaderFamily\@title}}%
  \fancyfoot[L]{{\py@HeaderFamily\nouppercase{\leftmark}}}%
  \fancyfoot[R]{{\py@HeaderFamily\thepage}}%
  \renewcommand{\headrulewidth}{0.4pt}\renewcommand{\footrulewidth}{0.4pt}}
\makeatother
\newcommand{\wbsolutionrule}[1]{\par\noindent
  {\color{wbsolution}\leaders\vrule height #1\hfill\kern0pt}\par}
\newenvironment{wbsolution}[1]{\par\addvspace{\bigskipamount}\needspace{5\baselineskip}%
  \wbsolutionrule{0.8pt}\nopagebreak\noindent{\color{wbsolution!60!black}\bfseries #1}\par
  \nopagebreak\medskip}
  {\par\nopagebreak\wbsolutionrule{0.4pt}\addvspace{\bigskipamount}}
% The bibliography page has its chapter heading already; its list adds none.
\makeatletter
\renewenvironment{sphinxthebibliography}[1]{\let\wb@chapter\chapter
  \renewcommand{\chapter}[2]{}\begin{thebibliography}{#1}\let\chapter\wb@chapter}%
  {\end{thebibliography}}
\makeatother
% Step tables in cell outputs: compact type (book_pdf counts on 9pt).
\newenvironment{sphinxclasscell_output}{\footnotesize}{}
""" + _latex_macros()

latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "classoptions": ",openany,oneside",
    "fontpkg": LATEX_FONTS,
    "fncychap": "",
    "figure_align": "H",  # figures stay where the text refers to them
    # DejaVu Sans Mono at this size: about 90 characters to the line.
    "fvset": r"\fvset{fontsize=\small}",
    "sphinxsetup": ",".join(
        [
            r"HeaderFamily=\rmfamily\bfseries",
            # Exercises: Okabe-Ito blue; notes: grey.
            "div.important_border-TeXcolor={RGB}{0,114,178}",
            "div.important_title-background-TeXcolor={RGB}{214,234,246}",
            "div.important_title-foreground-TeXcolor={RGB}{0,114,178}",
            "div.note_title-background-TeXcolor=sphinx-admonition-title-bgcolor",
            "div.note_title-foreground-TeXcolor=sphinx-admonition-title-fgcolor",
            "hmargin={2.4cm,2.4cm}",
            "vmargin={2.5cm,2.5cm}",
            "verbatimforcewraps=true",  # no code line runs into the margin
            "verbatimmaxoverfull=1",
            "verbatimmaxunderfull=2",
        ]
    ),
    "preamble": LATEX_PREAMBLE,
    # Front matter (roman page numbers) from the contents to the first part of
    # questions, where book_pdf starts the main matter.
    "tableofcontents": r"\wbfrontmatter{\setlength{\parskip}{0pt}\sphinxtableofcontentshook"
    r"\tableofcontents}\clearpage",
    "printindex": r"\renewcommand{\indexname}{Index of the algorithms}\printindex",
}
# == end of LaTeX and PDF ======================================================


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("source-read", _drop_empty_globs)
    _mathjax_dir()  # fail early, before hours of execution, if MathJax is missing
    app.connect("build-finished", _copy_mathjax)
