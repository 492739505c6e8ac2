"""Time the checks before publishing, side by side in one run (not a test).

Usage: python benchmarks/bench_checks.py [SPEC] [--runs N]

- validate, in process: read the spec, gather every plugin's rules, run them all (the
  plugins are loaded once, as in a long-running process);
- validate, as a subprocess: `tenderpack validate SPEC`, start-up and imports included;
- lint of a whole pack, in process: the plain-English lint of every composed document
  (trees composed once, outside the timing), with textstat's dictionary already loaded;
- lint, first in a process: the same, including textstat's one-time load of the CMU
  pronouncing dictionary (each run in a fresh process);
- lint, as a subprocess: `tenderpack lint SPEC`, start-up, composing and the dictionary
  load included.

Targets (issue 5): validate with every rule on the largest example under 0.5 s; the
plain-English lint of a whole pack under 1 s. Reports the median, min and max of N runs;
these machines are noisy, so compare within one run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = [sys.executable, "-m", "tenderpack"]

FIRST_LINT = """
import sys, time
from tenderpack.compose import compose, plan
from tenderpack.library import load_library
from tenderpack.lint import lint_pack, load_style_kit
from tenderpack.plugins import Plugins
from tenderpack.reader import read_spec
spec = read_spec(sys.argv[1]); plugins = Plugins()
library = load_library(plugins, ()).for_spec(spec)
trees = [(d, compose(spec, plugins, d, library=library)) for d in plan(spec, plugins)]
kit = load_style_kit(plugins)
start = time.perf_counter()
lint_pack(spec, trees, kit)
print(time.perf_counter() - start)
"""


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def run(args: list[str], ok=(0,)) -> None:
    done = subprocess.run(args, capture_output=True)
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("spec", nargs="?", default=str(ROOT / "examples" / "innovation-home-care.yaml"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from tenderpack.compose import compose, plan
    from tenderpack.library import load_library
    from tenderpack.lint import lint_pack, load_style_kit
    from tenderpack.plugins import Plugins
    from tenderpack.rules import check_file

    plugins = Plugins()
    spec, report = check_file(args.spec, plugins)
    library = load_library(plugins, ()).for_spec(spec)
    trees = [(d, compose(spec, plugins, d, library=library)) for d in plan(spec, plugins)]
    kit = load_style_kit(plugins)
    lint_pack(spec, trees, kit)  # loads textstat's dictionary once for the in-process case
    words = sum(d.metrics["words"] or 0 for d in lint_pack(spec, trees, kit).documents)

    def first_lint() -> float:
        done = subprocess.run([sys.executable, "-c", FIRST_LINT, args.spec], capture_output=True, text=True, check=True)
        return float(done.stdout.strip())

    cases = {
        "validate (in process)": lambda: timed(lambda: check_file(args.spec, plugins)),
        "validate (subprocess)": lambda: timed(lambda: run(EXE + ["validate", args.spec])),
        "lint pack (in process)": lambda: timed(lambda: lint_pack(spec, trees, kit)),
        "lint pack (first in process)": first_lint,
        "lint (subprocess)": lambda: timed(lambda: run(EXE + ["lint", args.spec], ok=(0, 1))),
    }
    results: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):  # interleave the cases so drift hits all of them alike
        for name, case in cases.items():
            results[name].append(case())

    print(f"spec: {args.spec}  runs: {args.runs}  rules: {len(report.rules)}  documents: {len(trees)}  "
          f"words scored: {words}")
    print(f"{'case':<30} {'median s':>9} {'min s':>7} {'max s':>7}  target")
    targets = {"validate (in process)": 0.5, "validate (subprocess)": 0.5, "lint pack (in process)": 1.0,
               "lint pack (first in process)": 1.0, "lint (subprocess)": 1.0}
    for name, times in results.items():
        median = statistics.median(times)
        mark = "ok" if median < targets[name] else "over"
        print(f"{name:<30} {median:>9.3f} {min(times):>7.3f} {max(times):>7.3f}  < {targets[name]:.1f} s {mark}")


if __name__ == "__main__":
    main()
