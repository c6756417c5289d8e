"""Re-execute a chapter whenever the ``wbcode`` code it imports changes.

myst-nb's execution cache (jupyter-cache) keys a notebook on its code cells
only, and Sphinx re-reads a page only when its own source changes. A change to
``wbcode/conv.py`` would therefore leave every convolution chapter showing
outputs of the old code. This extension closes that gap:

1. On ``source-read`` it finds the ``wbcode`` modules a page imports, follows
   their imports inside the package, hashes those source files and appends a
   removed code cell holding the hash. A changed module changes the page's
   code, so the cache misses and the page is executed again.
2. On ``env-get-outdated`` it recomputes each page's hash and returns the pages
   whose dependencies changed, so Sphinx re-reads (and re-executes) them.

Pages that do not import ``wbcode`` are left alone.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

IMPORT_RE = re.compile(
    r"^[ \t]*(?:from[ \t]+(wbcode(?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)"
    r"|import[ \t]+(wbcode(?:\.\w+)*))",
    re.MULTILINE,
)
MARKER = "wbcode sources this page executes against:"


def package_dir() -> Path:
    """The folder of the ``wbcode`` package that the pages import."""
    import wbcode

    if getattr(wbcode, "__file__", None) is None:
        raise RuntimeError("wbcode is not importable as a package; run from the repository")
    return Path(wbcode.__file__).parent


def _module_file(pkg: Path, name: str) -> Path | None:
    """``wbcode.x`` -> ``<pkg>/x.py`` (or ``<pkg>/__init__.py`` for ``wbcode``)."""
    parts = name.split(".")[1:]
    if not parts:
        return pkg / "__init__.py"
    path = pkg.joinpath(*parts).with_suffix(".py")
    return path if path.exists() else None


def _internal_imports(pkg: Path, path: Path) -> set[Path]:
    """Files of ``wbcode`` that the module at ``path`` imports (relative or absolute)."""
    found: set[Path] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # from . import x / from .x import y
                base = "wbcode" + ("." + node.module if node.module else "")
            elif node.module and node.module.split(".")[0] == "wbcode":
                base = node.module
            else:
                continue
            target = _module_file(pkg, base)
            if target is not None:
                found.add(target)
            for alias in node.names:  # from . import submodule
                sub = _module_file(pkg, f"{base}.{alias.name}")
                if sub is not None:
                    found.add(sub)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "wbcode":
                    target = _module_file(pkg, alias.name)
                    if target is not None:
                        found.add(target)
    return found


def dependencies(source: str, pkg: Path) -> list[Path]:
    """All ``wbcode`` source files the page's imports reach, sorted."""
    roots: set[Path] = set()
    for match in IMPORT_RE.finditer(source):
        from_mod, names, plain = match.groups()
        module = from_mod or plain
        if module == "wbcode" and plain:  # import wbcode: the whole package
            roots.update(pkg.glob("*.py"))
            continue
        target = _module_file(pkg, module)
        if target is not None:
            roots.add(target)
        if from_mod == "wbcode":  # from wbcode import softmax: __init__ pulls it in
            roots.update(_internal_imports(pkg, pkg / "__init__.py"))
        elif from_mod and names:  # from wbcode.x import submodule
            for name in re.split(r"[\s,()]+", names):
                sub = _module_file(pkg, f"{module}.{name}") if name else None
                if sub is not None:
                    roots.add(sub)
    seen: set[Path] = set()
    todo = list(roots)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo.extend(_internal_imports(pkg, path) - seen)
    return sorted(seen)


def digest(files: list[Path], pkg: Path) -> str:
    h = hashlib.sha256()
    for path in files:
        h.update(path.relative_to(pkg).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes() if path.exists() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()[:16]


def _store(env: BuildEnvironment) -> dict[str, tuple[list[str], str]]:
    if not hasattr(env, "wbcode_deps"):
        env.wbcode_deps = {}  # type: ignore[attr-defined]
    return env.wbcode_deps  # type: ignore[attr-defined]


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if not app.env.doc2path(docname).suffix == ".md" or "code-cell" not in source[0]:
        return
    pkg = package_dir()
    files = dependencies(source[0], pkg)
    if not files:
        _store(app.env).pop(docname, None)
        return
    key = digest(files, pkg)
    _store(app.env)[docname] = ([str(p.relative_to(pkg)) for p in files], key)
    source[0] += (
        "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
        f"# {MARKER} {key}\n"
        f"# ({', '.join(str(p.relative_to(pkg)) for p in files)})\n```\n"
    )


def on_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    pkg = package_dir()
    stale = []
    for docname, (names, key) in _store(env).items():
        if docname in added or docname in changed or docname in removed:
            continue
        if digest([pkg / n for n in names], pkg) != key:
            stale.append(docname)
    return stale


def on_purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _store(env).pop(docname, None)


def on_merge(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    mine = _store(env)
    for docname, value in _store(other).items():
        if docname in docnames:
            mine[docname] = value


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", on_source_read)
    app.connect("env-get-outdated", on_get_outdated)
    app.connect("env-purge-doc", on_purge)
    app.connect("env-merge-info", on_merge)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
