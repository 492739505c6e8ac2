"""Time a full build and `validate`, side by side in one run (not a test).

Usage: python benchmarks/bench_build.py [SPEC] [--runs N]

Each command runs in a fresh process, as a user would run it, so start-up and imports
count. Reports the median and spread of N runs, and the ratios between them; these
machines are noisy, so compare within one run, never across runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = [sys.executable, "-m", "tenderpack"]


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("spec", nargs="?", default=str(ROOT / "examples" / "innovation-home-care.yaml"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            "validate": EXE + ["validate", args.spec],
            "build docx": EXE + ["build", args.spec, "-o", f"{tmp}/docx", "--format", "docx"],
            "build pdf": EXE + ["build", args.spec, "-o", f"{tmp}/pdf", "--format", "pdf"],
            "build docx+pdf": EXE + ["build", args.spec, "-o", f"{tmp}/both"],
        }
        timed(cases["build docx+pdf"])  # warm the file cache and font cache once
        results: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):  # interleave the cases so drift hits all of them alike
            for name, command in cases.items():
                results[name].append(timed(command))
        pages = _pdf_pages(Path(tmp) / "both")

    base = statistics.median(results["build docx+pdf"])
    print(f"spec: {args.spec}  runs: {args.runs}  PDF pages in pack: {pages}")
    print(f"{'case':<16} {'median s':>9} {'min s':>7} {'max s':>7} {'x full build':>13}")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"{name:<16} {median:>9.3f} {min(times):>7.3f} {max(times):>7.3f} {median / base:>13.2f}")


def _pdf_pages(folder: Path) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return -1
    return sum(len(PdfReader(p).pages) for p in folder.rglob("*.pdf"))


if __name__ == "__main__":
    main()
