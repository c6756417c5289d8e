"""Every question page, taken away as a notebook, runs top to bottom in plain Jupyter.

Each ``book/qNN-*.md`` is converted exactly as the book's download button
serves it (``book/_ext/notebooks.py``) and executed with nbclient in a python3
kernel, in an empty temporary folder (so only the installed ``wbcode`` is
found) and with myst-nb made unimportable (a reader need not install it).
Two notebooks run at a time.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
PAGES = sorted(p.name for p in BOOK.glob("q[0-9][0-9]-*.md"))
PARALLEL = max(1, min(2, os.cpu_count() or 1))

# A reader's Jupyter has no myst-nb: importing it must not be needed.
NO_MYST_NB = "import sys\nsys.modules['myst_nb'] = None  # test harness: myst-nb is not installed"


def _extension() -> Any:
    spec = importlib.util.spec_from_file_location(
        "wbbook_notebooks", BOOK / "_ext" / "notebooks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _selected_pages(request: pytest.FixtureRequest) -> list[str]:
    """The pages whose test runs in this session (all, or those chosen with ``-k``)."""
    pages = set()
    for item in getattr(request.session, "items", []):
        callspec = getattr(item, "callspec", None)
        if item.path == request.path and callspec is not None and "page" in callspec.params:
            pages.add(callspec.params["page"])
    return sorted(pages)


async def _run(page: str, workdir: Path, gate: asyncio.Semaphore) -> Any:
    import nbformat
    from nbclient import NotebookClient

    nb = _extension().to_notebook((BOOK / page).read_text(encoding="utf-8"))
    nb.cells.insert(0, nbformat.v4.new_code_cell(NO_MYST_NB))
    workdir.mkdir(parents=True)
    async with gate:
        client = NotebookClient(
            nb,
            kernel_name="python3",
            timeout=300,
            resources={"metadata": {"path": str(workdir)}},
        )
        await client.async_execute()
    return nb


@pytest.fixture(scope="module")
def executed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Execute the notebooks of all selected pages, ``PARALLEL`` at a time."""
    wanted = _selected_pages(request)
    base = tmp_path_factory.mktemp("notebooks")

    async def run_all() -> list[Any]:
        gate = asyncio.Semaphore(PARALLEL)
        jobs = [_run(page, base / page.removesuffix(".md"), gate) for page in wanted]
        return await asyncio.gather(*jobs, return_exceptions=True)

    return dict(zip(wanted, asyncio.run(run_all()), strict=True))


def test_conversion_is_a_valid_deterministic_notebook() -> None:
    ext = _extension()
    text = (BOOK / PAGES[0]).read_text(encoding="utf-8")
    assert ext.is_notebook_page(text)
    assert not ext.is_notebook_page((BOOK / "notation.md").read_text(encoding="utf-8"))
    first = ext.to_notebook_json(text)
    assert first == ext.to_notebook_json(text)
    assert "from myst_nb import glue" not in first
    assert "def glue(" in first


@pytest.mark.parametrize("page", PAGES)
def test_notebook_runs_top_to_bottom(executed: dict, page: str) -> None:
    nb = executed[page]
    if isinstance(nb, BaseException):
        raise nb
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors, errors
    # Every figure the page shows is shown in the notebook too.
    figures = len(re.findall(r"^`{3,}\{glue:figure\}", (BOOK / page).read_text(), re.M))
    images = sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if {"image/svg+xml", "image/png"} & set(out.get("data", {}))
    )
    assert images >= figures, f"{page}: {figures} figures on the page, {images} in the notebook"
