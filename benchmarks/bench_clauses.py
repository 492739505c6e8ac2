"""Time loading and checking a large clause library (not a test).

Usage: python benchmarks/bench_clauses.py [--clauses 1000] [--runs 7]

Writes N generated clause files (front matter, a condition, placeholders, a loop, a
conditional passage, references and defined terms) into a temporary folder, then times, in
this process:

- "load + check": reading every file, parsing its front matter, parsing and checking its
  condition and body against the spec schema, resolving ids, overrides, placements,
  references and terms (what ``tenderpack clauses check`` and every build do first);
- "+ for_spec": also deciding which clauses apply to the example spec and rendering them.

The built-in library is loaded too, so the generated clauses can refer to it. Reports the
median and spread of the runs; the goal for "load + check" is under one second for 1,000.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tenderpack.library import ClauseSource, Library, builtin_source  # noqa: E402
from tenderpack.reader import read_spec  # noqa: E402

CONDITIONS = ["", "commercial.tupe", 'commercial.governing_law == "england_and_wales"',
              "procedure.innovation_phases | length > 0", "value.estimated_excluding_vat > 100000",
              "social_value and social_value.weighting >= 10"]
SECTIONS = ["how-it-works", "services", "money", "people", "information", "risk", "changes", "disputes"]


def clause(i: int) -> str:
    condition = CONDITIONS[i % len(CONDITIONS)]
    reference = f"[[gen:c{i - 1:04d}]]" if i % 3 and i > 0 and not CONDITIONS[(i - 1) % len(CONDITIONS)] else "[[core:payment]]"
    lines = [
        "---",
        f"id: gen:c{i:04d}",
        f"title: Generated clause {i}",
        'version: "1.0"',
        "status: approved",
        "owner: Benchmark team",
        "approved_on: 2026-01-15",
        "review_by: 2099-01-15",
        *([f"applies_when: '{condition}'"] if condition else []),
        f"placement: {{document: draft-contract, section: {SECTIONS[i % len(SECTIONS)]}, order: {i}}}",
        f"summary: Generated clause number {i}, for timing the library.",
        *(["defines:", f"  Gen Term {i}: a term defined by clause {i} for the {{Services}}."] if i % 10 == 0 else []),
        "---",
        f"You must provide the {{Services}} for {{{{ buyer.lead.name }}}} by {{{{ timetable.contract_start }}}}. "
        f"We pay within {{{{ commercial.payment_days }}}} days, as {reference} says.",
        "",
        "{% if commercial.indexation %}",
        "Prices change like this: {{ commercial.indexation }}.",
        "{% endif %}",
        "",
        "{% for o in outcomes %}",
        "- {{ o.id }}: {{ o.statement }} ({{ o.targets | length }} targets)",
        "{% endfor %}",
        "",
        *([f"This clause uses {{Gen Term {i}}} and {{Working Days}}."] if i % 10 == 0 else []),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clauses", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    spec = read_spec(ROOT / "examples" / "innovation-home-care.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.clauses):
            (folder / f"c{i:04d}.md").write_text(clause(i), encoding="utf-8")
        sources = [builtin_source(), ClauseSource(folder, name="generated", prefix="gen")]
        first = Library(sources)
        if first.errors:
            sys.exit("the generated library has errors:\n" + "\n".join(map(str, first.errors[:10])))
        load, full = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            library = Library(sources)
            load.append(time.perf_counter() - start)
            start = time.perf_counter()
            pack = library.for_spec(spec)
            full.append(load[-1] + time.perf_counter() - start)
        files = len(library.files)
        applying = len(pack.applying)
    print(f"clause files: {files} ({args.clauses} generated + {files - args.clauses} built-in)  runs: {args.runs}")
    print(f"clauses that apply to the example spec: {applying}")
    print(f"{'case':<14} {'median s':>9} {'min s':>7} {'max s':>7} {'ms per file':>12}")
    for name, times in (("load + check", load), ("+ for_spec", full)):
        median = statistics.median(times)
        print(f"{name:<14} {median:>9.3f} {min(times):>7.3f} {max(times):>7.3f} {1000 * median / files:>12.3f}")


if __name__ == "__main__":
    main()
