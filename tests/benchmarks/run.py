"""Timings of the book build, the test suite and the wbcode kernels (``nox -s bench``).

Not a test (pytest does not collect it). Every figure is the median of
repeated runs, with the minimum and maximum:

- **clean build**: the whole book from nothing (execution included), into a
  temporary folder with a temporary execution cache; once per ``--jobs``
  value, so that ``-j 2`` (pages read, and so executed, in parallel) can be
  compared with ``-j 1``;
- **rebuild, nothing changed**: the same build again;
- **rebuild, one page edited**: a blank line appended to one question page
  (its prose changed, its code not: re-read and re-rendered, not re-run);
- **tests session**: ``python -m pytest`` in the current environment (what
  ``nox -s tests`` runs, without creating the environment);
- **kernels**: ``wbcode`` against a reference implementation on larger
  inputs, as the ratio of the medians (below 1: ``wbcode`` is faster).

The build runs on a temporary copy of ``book/`` and ``wbcode/``, so edits in
the working tree during the run do not disturb it. Usage::

    python tests/benchmarks/run.py [--repeat 3] [--jobs 1 2] [--only q01,q02]
                                   [--skip tests] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
STRICT = ["-n", "-W", "--keep-going", "-b", "html"]
ROWS = ("build", "tests", "kernels")


def stats(times: Sequence[float]) -> dict[str, float]:
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "n": len(times),
    }


def machine() -> dict[str, Any]:
    """Processor, cores and memory of this machine, and the versions that matter."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    versions = {}
    for name in ("numpy", "scipy", "sphinx", "myst_nb"):
        try:
            versions[name] = __import__(name).__version__
        except ImportError:
            versions[name] = "-"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        # Other work on the machine, and whether Python may cache bytecode
        # (without it every process compiles its imports: seconds per build).
        "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan"),
        "bytecode_cache": not os.environ.get("PYTHONDONTWRITEBYTECODE"),
        **versions,
    }


class BookCopy:
    """A private copy of book/ and wbcode/ with its own output, doctrees and cache."""

    def __init__(self, base: Path, only: str) -> None:
        self.src = base / "src"
        ignore = shutil.ignore_patterns("_build", "__pycache__", ".jupyter_cache")
        shutil.copytree(ROOT / "book", self.src / "book", ignore=ignore)
        shutil.copytree(ROOT / "wbcode", self.src / "wbcode", ignore=ignore)
        self.out = base / "out"
        self.only = only

    def clean(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)

    def build(self, jobs: int = 1) -> float:
        env = {**os.environ, "WBBOOK_CACHE": str(self.out / "cache")}
        env.pop("WBBOOK_ONLY", None)
        if self.only:
            env["WBBOOK_ONLY"] = self.only
        cmd = [sys.executable, "-m", "sphinx", *STRICT, "-q", "-j", str(jobs)]
        cmd += [str(self.src / "book"), str(self.out / "html"), "-d", str(self.out / "doctrees")]
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, cwd=self.src, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"build failed ({' '.join(cmd)}):\n{proc.stderr[-3000:]}")
        return elapsed

    def pages(self) -> list[Path]:
        pages = sorted((self.src / "book").glob("q[0-9][0-9]-*.md"))
        if self.only:
            keep = tuple(p.strip() for p in self.only.split(","))
            pages = [p for p in pages if p.name.startswith(keep)]
        return pages


def bench_build(repeat: int, jobs: Sequence[int], only: str, log: Callable[[str], None]) -> dict:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="wbbench-") as tmp:
        book = BookCopy(Path(tmp), only)
        for j in jobs:
            times = []
            for i in range(repeat):
                book.clean()
                times.append(book.build(j))
                log(f"clean build -j {j}, run {i + 1}/{repeat}: {times[-1]:.1f} s")
            results[f"clean build (-j {j})"] = stats(times)
        times = []
        for i in range(repeat):
            times.append(book.build(jobs[0]))
            log(f"rebuild, nothing changed, run {i + 1}/{repeat}: {times[-1]:.1f} s")
        results["rebuild, nothing changed"] = stats(times)
        page = book.pages()[0]
        times = []
        for i in range(repeat):
            with page.open("a", encoding="utf-8") as f:
                f.write("\n")
            times.append(book.build(jobs[0]))
            log(f"rebuild, {page.name} edited, run {i + 1}/{repeat}: {times[-1]:.1f} s")
        results[f"rebuild, one page edited ({page.stem})"] = stats(times)
        results["_pages"] = len(book.pages())
    return results


def bench_tests(repeat: int, args: Sequence[str], log: Callable[[str], None]) -> dict:
    times = []
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    for i in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        summary = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
        log(f"tests session, run {i + 1}/{repeat}: {times[-1]:.1f} s ({summary})")
        if proc.returncode not in (0, 5):
            failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
            log("  the test session failed (its time still counts): " + "; ".join(failed[:5]))
    return {f"tests session (python -m pytest{''.join(' ' + a for a in args)})": stats(times)}


def _ratio(ours: Callable[[], Any], reference: Callable[[], Any], repeat: int) -> dict[str, Any]:
    t_ours = timeit.repeat(ours, number=1, repeat=repeat)
    t_ref = timeit.repeat(reference, number=1, repeat=repeat)
    s_ours, s_ref = stats(t_ours), stats(t_ref)
    return {"wbcode": s_ours, "reference": s_ref, "ratio": s_ours["median"] / s_ref["median"]}


def bench_kernels(repeat: int, log: Callable[[str], None]) -> dict:
    from scipy.special import softmax as scipy_softmax

    from wbcode.softmax import softmax

    results: dict[str, Any] = {}
    rng = np.random.default_rng(0)
    x = 10 * rng.standard_normal((2000, 1000))
    assert np.allclose(softmax(x), scipy_softmax(x, axis=-1), rtol=1e-12, atol=1e-300)
    results["softmax 2000x1000 vs scipy.special.softmax"] = _ratio(
        lambda: softmax(x), lambda: scipy_softmax(x, axis=-1), repeat
    )
    log("softmax: done")
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        from bench_conv import bench_conv2d
    except ImportError as exc:  # the convolution benchmark is optional
        results["correlate2d"] = {"skipped": f"tests/benchmarks/bench_conv.py: {exc}"}
    else:
        conv = bench_conv2d(repeat=repeat)
        for name, r in conv["results"].items():
            results[f"correlate2d {conv['size']}x{conv['size']}, {name} vs scipy.signal"] = {
                "wbcode": r["wbcode"],
                "reference": r["scipy"],
                "ratio": r["ratio"],
            }
        log("correlate2d: done")
    return results


def _s(x: float) -> str:
    return f"{x:.1f} s" if x >= 1 else f"{1e3 * x:.2f} ms"


def report(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory']}; {m['system']}",
        f"python {m['python']}, numpy {m['numpy']}, scipy {m['scipy']}, "
        f"sphinx {m['sphinx']}, myst-nb {m['myst_nb']}",
        f"load average at start {m['load']:.1f}; bytecode cache "
        f"{'on' if m['bytecode_cache'] else 'off (PYTHONDONTWRITEBYTECODE is set)'}",
        f"repeats: {results['repeat']} (kernels: {results['kernel_repeat']}); median [min, max]",
        "",
    ]
    timings = {**results.get("build", {}), **results.get("tests", {})}
    if "_pages" in timings:
        n = timings.pop("_pages")
        lines.append(f"book: {n} question page{'s' * (n != 1)} ({results['only'] or 'all'})")
    width = max((len(k) for k in timings), default=0)
    for name, s in timings.items():
        lines.append(f"  {name:<{width}}  {_s(s['median']):>9}  [{_s(s['min'])}, {_s(s['max'])}]")
    kernels = results.get("kernels", {})
    if kernels:
        lines += ["", "kernels: ratio = median wbcode / median reference (below 1: wbcode faster)"]
        width = max(len(k) for k in kernels)
        for name, r in kernels.items():
            if "skipped" in r:
                lines.append(f"  {name:<{width}}  skipped: {r['skipped']}")
                continue
            lines.append(
                f"  {name:<{width}}  ratio {r['ratio']:.2f}  "
                f"(wbcode {_s(r['wbcode']['median'])} [{_s(r['wbcode']['min'])}, "
                f"{_s(r['wbcode']['max'])}], reference {_s(r['reference']['median'])} "
                f"[{_s(r['reference']['min'])}, {_s(r['reference']['max'])}])"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per build/test timing")
    parser.add_argument("--kernel-repeat", type=int, default=15, help="runs per kernel timing")
    parser.add_argument(
        "--jobs", type=int, nargs="+", default=[1, 2], help="sphinx -j values for the clean build"
    )
    parser.add_argument("--only", default="", help="WBBOOK_ONLY for the builds (default: all)")
    parser.add_argument("--skip", nargs="*", default=[], choices=ROWS, help="rows to leave out")
    parser.add_argument(
        "--pytest-args", default="", help="arguments for the timed test session (one string)"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    results: dict[str, Any] = {
        "machine": machine(),
        "repeat": args.repeat,
        "kernel_repeat": args.kernel_repeat,
        "only": args.only,
    }
    if "kernels" not in args.skip:
        results["kernels"] = bench_kernels(args.kernel_repeat, log)
    if "build" not in args.skip:
        results["build"] = bench_build(args.repeat, args.jobs, args.only, log)
    if "tests" not in args.skip:
        results["tests"] = bench_tests(args.repeat, args.pytest_args.split(), log)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
