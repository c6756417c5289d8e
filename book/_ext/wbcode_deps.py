"""Re-execute a page exactly when the ``wbcode`` code its kernel loaded changes.

myst-nb's execution cache (jupyter-cache) keys a notebook on its code cells
only, and Sphinx re-reads a page only when its own source changes. A change to
``wbcode/conv.py`` would therefore leave every convolution page showing the
outputs of the old code. This extension closes that gap.

The dependencies of a page are the files of ``wbcode`` that its kernel really
loaded: a removed cell appended to every notebook page records, at the end of
the execution, the ``wbcode`` modules in ``sys.modules`` (the package's
``__init__.py`` among them, and the stub ``__init__.pyi`` it reads). The
static reading of the page's import statements is added to them. The page's
*record*, kept beside the execution cache (``<cache>/wbcode_deps/``), holds
those files, one digest of their contents and of the versions of numpy and
matplotlib, a digest of the page's code, and the *token*: the only variable
text of the appended cell, and so the part of the cache's key that is ours.

- ``env-get-outdated``: a page whose record no longer matches (a file it
  loaded changed, appeared or went away; numpy or matplotlib changed) is read
  again.
- ``source-read``: a page whose record matches and whose code is the code it
  recorded keeps its token, so a page re-read for its prose is served from the
  cache. Any other page gets a fresh token, the digest of every file of the
  package and of the versions: it can only hit a cached run of the same code
  against exactly this package, and otherwise executes.
- ``doctree-read``: after an execution, the page's record is written anew.

Paths are found without importing ``wbcode`` (``importlib.util.find_spec`` and
the file system), so a rebuild does not pay for importing the package.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

PACKAGE = "wbcode"
# Versions that change what the pages compute and draw, part of every key.
VERSIONED = ("numpy", "matplotlib")
# The kernel writes the modules it loaded into this folder (set for the kernels).
LOADED_ENV = "WBBOOK_DEPS_LOADED"
MARKER = "wbcode sources this page executes against:"

IMPORT_RE = re.compile(
    rf"^[ \t]*(?:from[ \t]+({PACKAGE}(?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)"
    rf"|import[ \t]+({PACKAGE}(?:\.\w+)*))",
    re.MULTILINE,
)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)

# The last cell of every notebook page. Its text is part of the cache's key, so
# it holds only the token and the page's name, never the dependency list.
RECORDER = """\
# {marker} {token}
# (the {package} modules loaded by now are recorded for the next build's key)
import json as _json, os as _os, sys as _sys
if _os.environ.get("{env}"):
    with open(_os.path.join(_os.environ["{env}"], {fname!r}), "w", encoding="utf-8") as _f:
        _json.dump(sorted(
            _m.__file__ for _n, _m in list(_sys.modules.items())
            if (_n == "{package}" or _n.startswith("{package}."))
            and getattr(_m, "__file__", None)
        ), _f)"""


# -- the package, read from the file system -------------------------------------


def package_dir() -> Path:
    """The folder of the ``wbcode`` that the pages import, found without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{PACKAGE} is not importable as a package; run from the repository")
    return Path(spec.origin).parent


def package_hashes(pkg: Path) -> dict[str, str]:
    """``{path relative to the package: sha256}`` of every module and stub of the package."""
    return {
        path.relative_to(pkg).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(pkg.rglob("*.py*"))
        if path.suffix in (".py", ".pyi") and "__pycache__" not in path.parts
    }


@cache
def versions() -> dict[str, str]:
    """The installed versions of numpy and matplotlib, from their metadata (not imported)."""
    found = {}
    for name in VERSIONED:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def digest(files: list[str], hashes: dict[str, str], pins: dict[str, str]) -> str:
    """One digest of the named files' contents (a missing file counts too) and the versions."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(f"{name}\0{hashes.get(name, '<missing>')}\0".encode())
    for name, version in sorted(pins.items()):
        h.update(f"{name}=={version}\0".encode())
    return h.hexdigest()[:16]


def with_packages(files: set[str], hashes: dict[str, str]) -> set[str]:
    """Add what loading a module also reads: its packages' ``__init__.py`` and its stub."""
    out = set(files)
    for name in files:
        parts = name.split("/")
        out.update("/".join([*parts[:i], "__init__.py"]) for i in range(len(parts)))
    return out | {f"{name}i" for name in out if f"{name}i" in hashes}


# -- the static reading of a page ------------------------------------------------


def _module_file(pkg: Path, name: str) -> str | None:
    """``wbcode.x.y`` -> ``x/y.py`` (or ``x/y/__init__.py``) if that file exists."""
    parts = name.split(".")[1:]
    if not parts:
        return "__init__.py"
    for candidate in (Path(*parts, "__init__.py"), Path(*parts).with_suffix(".py")):
        if (pkg / candidate).is_file():
            return candidate.as_posix()
    return None


def _stamp(path: Path) -> tuple[int, int]:
    """What says a file is unchanged within a build: its modification time and size."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def _stub_names(pkg: Path) -> dict[str, str]:
    """``{public name: submodule}``: the package's lazy re-exports, from its stub."""
    stub = pkg / "__init__.pyi"
    return _parse_stub(stub, _stamp(stub)) if stub.is_file() else {}


@cache
def _parse_stub(stub: Path, stamp: tuple[int, int]) -> dict[str, str]:
    return {
        alias.asname or alias.name: node.module
        for node in ast.parse(stub.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        for alias in node.names
    }


def _imported_names(names: str) -> list[str]:
    """``"(a, b as c)"`` -> ``["a", "b"]``."""
    return [item.split()[0] for item in re.split(r"[,()\\]", names) if item.split()]


def _internal_imports(pkg: Path, rel: str) -> frozenset[str]:
    """Files of the package that the module ``rel`` imports (relative or absolute)."""
    return _parse_imports(pkg, rel, _stamp(pkg / rel))


@cache  # every page of a build reads the same modules: each is parsed once
def _parse_imports(pkg: Path, rel: str, stamp: tuple[int, int]) -> frozenset[str]:
    here = rel.split("/")[:-1]
    modules: list[str] = []
    for node in ast.walk(ast.parse((pkg / rel).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # from . import x / from .x import y
                up = here[: len(here) - node.level + 1]
                base = ".".join([PACKAGE, *up, *([node.module] if node.module else [])])
            elif (node.module or "").split(".")[0] == PACKAGE:
                base = str(node.module)
            else:
                continue
            modules += [base, *(f"{base}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            modules += [a.name for a in node.names if a.name.split(".")[0] == PACKAGE]
    return frozenset(f for f in (_module_file(pkg, m) for m in modules) if f is not None)


def static_dependencies(source: str, pkg: Path) -> set[str]:
    """The package files that a page's import statements reach, read without running them."""
    stub = _stub_names(pkg)
    modules: list[str] = []
    for match in IMPORT_RE.finditer(source):
        from_mod, names, plain = match.groups()
        module = from_mod or plain
        modules.append(module)
        for name in _imported_names(names or ""):
            modules.append(f"{module}.{name}")  # from wbcode.x import submodule
            if module == PACKAGE and name in stub:  # from wbcode import sgd_pass
                modules.append(f"{PACKAGE}.{stub[name]}")
    todo = [f for f in (_module_file(pkg, m) for m in modules) if f is not None]
    seen: set[str] = set()
    while todo:
        rel = todo.pop()
        if rel not in seen and (pkg / rel).is_file():
            seen.add(rel)
            todo.extend(_internal_imports(pkg, rel) - seen)
    return seen


def code_digest(source: str) -> str:
    """A digest of everything a page may execute: front matter and every fenced block.

    Prose outside fences is left out, so editing it keeps the page's key. Any
    fenced block counts (not only code cells): a superset is safe.
    """
    kept: list[str] = []
    match = FRONT_MATTER.match(source)
    if match:
        kept.append(match.group(0))
    fence = ""
    for line in source[match.end() if match else 0 :].splitlines():
        stripped = line.lstrip()
        if not fence:
            opening = re.match(r"(`{3,}|~{3,})", stripped)
            if opening and len(line) - len(stripped) <= 3:
                fence = opening.group(1)
                kept.append(line)
        else:
            kept.append(line)
            if stripped.rstrip() and set(stripped.rstrip()) == {fence[0]}:
                if len(stripped.rstrip()) >= len(fence):
                    fence = ""
    return hashlib.sha256("\n".join(kept).encode()).hexdigest()[:16]


def is_notebook_page(text: str) -> bool:
    """A MyST notebook: its front matter declares a ``kernelspec``."""
    match = FRONT_MATTER.match(text)
    return bool(match and re.search(r"^kernelspec:", match.group(1), re.M))


# -- records, beside the execution cache -----------------------------------------


def _file_name(docname: str) -> str:
    return docname.replace("/", "%2F") + ".json"


def records_dir(app: Sphinx) -> Path:
    """``<execution cache>/wbcode_deps``: the records live, and go, with the cache."""
    config = getattr(app.env, "mystnb_config", None)
    cache_path = getattr(config, "execution_cache_path", "") or ""
    base = Path(cache_path) if cache_path else Path(app.outdir).parent / ".jupyter_cache"
    return base.resolve() / "wbcode_deps"


def load_record(folder: Path, docname: str) -> dict[str, Any] | None:
    try:
        record = json.loads((folder / _file_name(docname)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    complete = isinstance(record, dict) and {"token", "files", "digest", "code"} <= set(record)
    return record if complete else None


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(value, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)  # atomic: a parallel reader never sees half a record


def is_current(record: dict[str, Any] | None, hashes: dict[str, str]) -> bool:
    """True if the files and versions the page last executed against are unchanged."""
    return record is not None and digest(record["files"], hashes, versions()) == record["digest"]


def recorder_block(docname: str, token: str) -> str:
    """The removed cell appended to a notebook page: what the build executes last."""
    cell = RECORDER.format(
        marker=MARKER, token=token, package=PACKAGE, env=LOADED_ENV, fname=_file_name(docname)
    )
    return f"\n\n```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n{cell}\n```\n"


# -- Sphinx events ---------------------------------------------------------------


class Pending:
    """What ``source-read`` decided for a page, kept for the ``doctree-read`` after its parse."""

    def __init__(self, token: str, hashes: dict[str, str], static: set[str], code: str) -> None:
        self.token, self.hashes, self.static, self.code = token, hashes, static, code
        self.reused = False


_PENDING: dict[str, Pending] = {}


def _pages(env: BuildEnvironment) -> set[str]:
    """The notebook pages this extension keys (kept in the environment)."""
    if not hasattr(env, "wbcode_deps_pages"):
        env.wbcode_deps_pages = set()  # type: ignore[attr-defined]
    return env.wbcode_deps_pages  # type: ignore[attr-defined]


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if app.env.doc2path(docname).suffix != ".md" or not is_notebook_page(source[0]):
        return
    pkg, folder = package_dir(), records_dir(app)
    loaded = folder / "loaded"
    loaded.mkdir(parents=True, exist_ok=True)
    os.environ[LOADED_ENV] = str(loaded)  # inherited by the kernels started from here
    (loaded / _file_name(docname)).unlink(missing_ok=True)
    hashes = package_hashes(pkg)
    pending = Pending(
        digest(list(hashes), hashes, versions()),
        hashes,
        static_dependencies(source[0], pkg),
        code_digest(source[0]),
    )
    record = load_record(folder, docname)
    if is_current(record, hashes) and record["code"] == pending.code:  # type: ignore[index]
        # Same code against the same loaded files: the cached outputs hold.
        pending.token, pending.reused = record["token"], True  # type: ignore[index]
    _PENDING[docname] = pending
    _pages(app.env).add(docname)
    source[0] += recorder_block(docname, pending.token)


def on_doctree_read(app: Sphinx, doctree: Any) -> None:
    """After a page's parse: if its kernel ran, record what it loaded."""
    docname = app.env.docname
    pending = _PENDING.pop(docname, None)
    if pending is None:
        return
    pkg, folder = package_dir(), records_dir(app)
    loaded_file = folder / "loaded" / _file_name(docname)
    try:
        loaded = json.loads(loaded_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # served from the cache, not executed
        if pending.reused:
            return  # the record stands
        files = set(pending.hashes)  # a run against exactly this package: all of it counts
    else:
        loaded_file.unlink()
        files = pending.static | {_relative(pkg, Path(p), docname) for p in loaded}
    files = with_packages(files, pending.hashes)
    record = {
        "token": pending.token,
        "code": pending.code,
        "files": sorted(files),
        "versions": versions(),
        "digest": digest(sorted(files), pending.hashes, versions()),
    }
    _write_json(folder / _file_name(docname), record)


def _relative(pkg: Path, path: Path, docname: str) -> str:
    try:
        return path.resolve().relative_to(pkg.resolve()).as_posix()
    except ValueError:
        raise RuntimeError(
            f"{docname}: the kernel loaded {path}, not a file of {pkg}: "
            f"the pages must execute against the {PACKAGE} that the build reads"
        ) from None


def on_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages whose record no longer holds: read (and so execute) them again."""
    hashes = package_hashes(package_dir())
    folder = records_dir(app)
    return [
        docname
        for docname in sorted(_pages(env) - added - changed - removed)
        if not is_current(load_record(folder, docname), hashes)
    ]


def on_purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _pages(env).discard(docname)


def on_merge(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    _pages(env).update(_pages(other) & docnames)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", on_source_read)
    app.connect("doctree-read", on_doctree_read)
    app.connect("env-get-outdated", on_get_outdated)
    app.connect("env-purge-doc", on_purge)
    app.connect("env-merge-info", on_merge)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
