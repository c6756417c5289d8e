"""Timings of the book, its rebuilds and the tests, as ratios to floors (``nox -s bench``).

Not a test (pytest does not collect it). Everything is measured in one run,
side by side, so that a ratio holds when the machine's speed drifts: the two
commands of a ratio alternate (A B A B ...), and each figure is the median of
its runs with the minimum and maximum. The rows:

- **floors**: a one-page Sphinx project with the book's theme and extensions
  (clean build, and rebuild with nothing changed); ``import numpy``;
- **rebuild, nothing changed** (the book) against the floor's rebuild;
- **rebuild, one page's prose edited** against the floor's clean build;
- **nox -s book, nothing changed** (the command a maintainer runs, with its
  reused environment) against the floor's rebuild;
- **import wbcode.softmax** against ``import numpy`` (whole processes);
- **clean build** (``-j auto``) against the sum of its pages' execution times
  divided by the cores: what executing the pages costs at the least;
- **tests**: ``pytest -n auto --dist loadgroup -m "not browser"`` (what ``nox -s tests``
  runs) and the quick tier ``-m "not slow"``, against the book this run built;
  with ``--full`` also, once, the browser tests ``-m browser`` (what
  ``nox -s site`` runs: about three and a half minutes).

Builds run on a temporary copy of the repository (``projects.BookCopy``).
By default it takes about four minutes on a quiet two-core machine; ``--full``
repeats everything more often, also times a clean build with ``-j 1``, the
browser tests and the kernels against scipy. Usage::

    python tests/benchmarks/run.py [--full] [--repeat N] [--only q01,q02]
                                   [--skip tests] [--nox "python -m nox"] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from projects import ROOT, BookCopy, Floor

Log = Callable[[str], None]
ROWS = ("build", "imports", "tests", "kernels")


def stats(times: Sequence[float]) -> dict[str, float]:
    return {"median": statistics.median(times), "min": min(times), "max": max(times)}


def paired(a: Callable[[], float], b: Callable[[], float], n: int) -> dict[str, Any]:
    """Run ``a`` and ``b`` in turn ``n`` times; their stats and the ratio of the medians."""
    ta, tb = [], []
    for _ in range(n):
        ta.append(a())
        tb.append(b())
    pairs = [x / y for x, y in zip(ta, tb, strict=True)]
    return {
        "a": stats(ta),
        "b": stats(tb),
        "ratio": statistics.median(ta) / statistics.median(tb),
        "pairs": stats(pairs),
    }


def machine() -> dict[str, Any]:
    """Processor, cores, memory, load, bytecode cache and the versions that matter."""
    cpu, memory = platform.processor() or platform.machine(), "unknown"
    try:
        info = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
        mem = Path("/proc/meminfo").read_text().splitlines()
        kb = next(int(line.split()[1]) for line in mem if line.startswith("MemTotal"))
        memory = f"{kb / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        pass
    versions = {}
    for name in ("numpy", "matplotlib", "sphinx", "myst_nb"):
        try:
            versions[name] = __import__(name).__version__
        except ImportError:
            versions[name] = "-"
    return {
        "cpu": cpu,
        "cores": os.cpu_count() or 1,
        "memory": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_start": os.getloadavg(),
        "bytecode_cache": not os.environ.get("PYTHONDONTWRITEBYTECODE"),
        **versions,
    }


def _process(code: str) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        return time.perf_counter() - start

    return run


def bench_build(book: BookCopy, floor: Floor, args: argparse.Namespace, log: Log) -> dict:
    out: dict[str, Any] = {}
    clean = [book.clean_build() for _ in range(args.clean_repeat)]
    log(f"clean build of the book (-j auto): {', '.join(f'{t:.1f} s' for t in clean)}")
    runs = book.execution_seconds()
    cores = os.cpu_count() or 1
    out["clean"] = {
        "build": stats(clean),
        "pages": len(runs),
        "execution_sum": sum(runs.values()),
        "cores": cores,
        "ratio": statistics.median(clean) / (sum(runs.values()) / cores),
        "slowest": sorted(runs.items(), key=lambda kv: -kv[1])[:4],
    }
    if args.full:
        one = [book.clean_build(jobs="1") for _ in range(args.clean_repeat)]
        out["clean -j 1"] = stats(one)
        log(f"clean build -j 1: {', '.join(f'{t:.1f} s' for t in one)}")
    floor.clean_build()
    out["nothing changed"] = paired(book.rebuild, floor.rebuild, args.repeat)
    log("rebuild, nothing changed: done")
    page = book.pages()[0]
    original = page.read_text(encoding="utf-8")
    edits = iter(range(10**6))

    def edit_prose() -> float:
        page.write_text(original + f"\nAn edited paragraph ({next(edits)}).\n", encoding="utf-8")
        return book.rebuild()

    out["prose edited"] = paired(edit_prose, floor.clean_build, args.repeat)
    out["prose edited"]["page"] = page.stem
    page.write_text(original, encoding="utf-8")
    book.rebuild()
    log(f"rebuild, {page.stem} prose edited: done")
    if args.nox:
        book.nox_book(args.nox)  # fills the copy's environment; later runs reuse it
        floor.rebuild()
        out["nox -s book"] = paired(lambda: book.nox_book(args.nox), floor.rebuild, args.repeat)
        log("nox -s book, nothing changed: done")
    return out


def bench_imports(repeat: int, log: Log) -> dict:
    result = paired(_process("import wbcode.softmax"), _process("import numpy"), repeat)
    log("import wbcode.softmax against import numpy: done")
    return result


def bench_tests(book: BookCopy, repeat: int, quick_repeat: int, site: bool, log: Log) -> dict:
    env = {**os.environ, "WBCODE_SITE_HTML": str(book.html), "WBBOOK_CACHE": str(book.cache)}
    # as nox -s tests runs them (noxfile.XDIST)
    base = [sys.executable, "-m", "pytest", "-q", "-n", "auto", "--dist", "loadgroup"]
    base += ["-p", "no:cacheprovider"]
    out = {}
    runs = [
        ("all", ["-m", "not browser"], repeat),  # what `nox -s tests` runs
        ("quick", ["-m", "not slow"], quick_repeat),
    ]
    if site:
        runs.append(("site", ["-m", "browser"], 1))  # what `nox -s site` runs
    for name, extra, n in runs:
        times, summary = [], ""
        for _ in range(n):
            start = time.perf_counter()
            proc = subprocess.run(
                [*base, *extra], cwd=ROOT, env=env, capture_output=True, text=True
            )
            times.append(time.perf_counter() - start)
            summary = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
            failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
        out[name] = {**stats(times), "summary": summary, "failed": failed}
        log(f"tests ({name}): {', '.join(f'{t:.1f} s' for t in times)}; {summary}")
        if failed:  # the time still counts; say what failed, so it can be looked into
            log(f"  failed ({len(failed)}), the first: " + "; ".join(failed[:5]))
    return out


def bench_kernels(repeat: int, log: Log) -> dict:
    import numpy as np
    from scipy.special import softmax as scipy_softmax

    from wbcode.softmax import softmax

    x = 10 * np.random.default_rng(0).standard_normal((2000, 1000))
    assert np.allclose(softmax(x), scipy_softmax(x, axis=-1), rtol=1e-12, atol=1e-300)

    def timed(f: Callable[[], Any]) -> Callable[[], float]:
        def run() -> float:
            start = time.perf_counter()
            f()
            return time.perf_counter() - start

        return run

    out = {
        "softmax 2000x1000 vs scipy.special.softmax": paired(
            timed(lambda: softmax(x)), timed(lambda: scipy_softmax(x, axis=-1)), repeat
        )
    }
    from bench_conv import bench_conv2d

    conv = bench_conv2d(repeat=repeat)
    for name, r in conv["results"].items():
        out[f"correlate2d {conv['size']}x{conv['size']}, {name} vs scipy.signal"] = {
            "a": r["wbcode"],
            "b": r["scipy"],
            "ratio": r["ratio"],
        }
    log("kernels: done")
    return out


def _s(x: float) -> str:
    return f"{x:.1f} s" if x >= 1 else f"{1e3 * x:.0f} ms"


def _span(s: dict[str, float]) -> str:
    return f"{_s(s['median']):>8} [{_s(s['min'])}, {_s(s['max'])}]"


def _ratio_row(name: str, r: dict[str, Any], target: str) -> str:
    pairs = r.get("pairs")
    spread = f"[{pairs['min']:.2f}, {pairs['max']:.2f}]" if pairs else ""
    return (
        f"  {name:<46} {_span(r['a']):>26}  {_span(r['b']):>26}  "
        f"{r['ratio']:5.2f} {spread:<13} {target}"
    )


def report(results: dict[str, Any]) -> str:
    m = results["machine"]
    load = " / ".join(f"{x:.1f}" for x in m["load_start"])
    end = " / ".join(f"{x:.1f}" for x in results["load_end"])
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory']}; {m['system']}",
        f"python {m['python']}, numpy {m['numpy']}, matplotlib {m['matplotlib']}, "
        f"sphinx {m['sphinx']}, myst-nb {m['myst_nb']}; bytecode cache "
        f"{'on' if m['bytecode_cache'] else 'off (PYTHONDONTWRITEBYTECODE is set)'}",
        f"load average (1, 5, 15 min): {load} at the start, {end} at the end "
        f"(above 0.5 the machine was not quiet: read the ratios, not the seconds)",
        f"{results['repeat']} runs per figure; median [min, max]; a ratio is median A / "
        "median B, with [min, max] of the ratios of the runs taken in turn",
        "",
    ]
    build = results.get("build", {})
    if build:
        floor = build["nothing changed"]["b"]
        lines += [
            "floors",
            f"  one-page project, clean build                  {_span(build['prose edited']['b'])}",
            f"  one-page project, rebuild with nothing changed {_span(floor)}",
        ]
    if "imports" in results:
        lines.append(
            f"  import numpy                                   {_span(results['imports']['b'])}"
        )
    lines += ["", f"  {'ratios':<46} {'A':>26}  {'B':>26}  ratio {'[runs]':<13} target"]
    if build:
        lines.append(
            _ratio_row(
                "rebuild, nothing changed / floor rebuild", build["nothing changed"], "<= 1.5"
            )
        )
        page = build["prose edited"]["page"]
        lines.append(
            _ratio_row(f"rebuild, {page} prose edited / floor clean", build["prose edited"], "<= 2")
        )
        if "nox -s book" in build:
            lines.append(
                _ratio_row(
                    "nox -s book, nothing changed / floor rebuild", build["nox -s book"], "<= 2"
                )
            )
    if "imports" in results:
        lines.append(
            _ratio_row("import wbcode.softmax / import numpy", results["imports"], "<= 1.3")
        )
    if build:
        c = build["clean"]
        ideal = c["execution_sum"] / c["cores"]
        lines += [
            "",
            f"clean build, all {c['pages']} pages executed (-j auto) {_span(c['build'])}"
            "   target <= 90 s",
            f"  its pages' execution, summed: {_s(c['execution_sum'])}; over {c['cores']} cores: "
            f"{_s(ideal)}; clean build / that: {c['ratio']:.2f}",
            "  slowest pages: " + ", ".join(f"{p} {_s(t)}" for p, t in c["slowest"]),
        ]
        if "clean -j 1" in build:
            lines.append(f"clean build, -j 1 {_span(build['clean -j 1'])}")
    tests = results.get("tests", {})
    if tests:
        lines += ["", "tests (pytest -n auto, against the book this run built)"]
        labels = {
            "all": "nox -s tests",
            "quick": 'quick tier, -m "not slow"',
            "site": "nox -s site (browser)",
        }
        for name, target in (("all", "<= 60 s"), ("quick", "<= 15 s"), ("site", "")):
            if name not in tests:
                lines.append(f"  {labels[name]:<28} not in this run (--full times it)")
                continue
            t = tests[name]
            goal = f"target {target}" if target else "no target"
            lines.append(f"  {labels[name]:<28} {_span(t)}   {goal}   ({t['summary']})")
    kernels = results.get("kernels", {})
    if kernels:
        lines += ["", "kernels: ratio = median wbcode / median reference (below 1: wbcode faster)"]
        lines += [_ratio_row(name, r, "") for name, r in kernels.items()]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--full",
        action="store_true",
        help="the long run: more repeats, -j 1, the browser tests, kernels",
    )
    parser.add_argument("--repeat", type=int, help="runs per rebuild/import figure (5; --full 10)")
    parser.add_argument("--only", default="", help="WBBOOK_ONLY for the book (default: all)")
    parser.add_argument("--skip", nargs="*", default=[], choices=ROWS, help="rows to leave out")
    parser.add_argument(
        "--nox",
        default=os.environ.get("WBBOOK_NOX", ""),
        help='how to run nox, e.g. "python3 -m nox" (the bench session passes its own)',
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    args.repeat = args.repeat or (10 if args.full else 5)
    args.clean_repeat = 3 if args.full else 1
    which = shutil.which("nox")
    args.nox = shlex.split(args.nox) if args.nox else ([which] if which else [])
    if "kernels" not in args.skip and not args.full:
        args.skip.append("kernels")

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    if not args.nox:
        log("nox not found (give --nox): the row `nox -s book` is left out")
    results: dict[str, Any] = {"machine": machine(), "repeat": args.repeat}
    with tempfile.TemporaryDirectory(prefix="wbbench-") as tmp:
        book, floor = BookCopy(Path(tmp), args.only), Floor(Path(tmp))
        if "imports" not in args.skip:
            results["imports"] = bench_imports(3 * args.repeat, log)
        if "build" not in args.skip or "tests" not in args.skip:
            results["build"] = bench_build(book, floor, args, log)
        if "tests" not in args.skip:
            n = 3 if args.full else 1
            results["tests"] = bench_tests(book, n, 3, args.full, log)
        if "kernels" not in args.skip:
            results["kernels"] = bench_kernels(15, log)
    results["load_end"] = os.getloadavg()
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
