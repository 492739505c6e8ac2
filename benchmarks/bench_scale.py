"""How the draft contract's PDF and Word builds scale with its length (not a test).

Usage: python benchmarks/bench_scale.py [SPEC] [--pages 30,60,120,240] [--runs N] [--formats pdf,docx]

The contract is grown with real content: a generated ``--clauses`` folder of governed clause
files (valid front matter, plain-English sentences, sub-clauses, bullet and numbered lists,
references to the built-in clauses, defined terms that grow the definitions table, and four
extra schedules declared in a sections.yaml). One calibration build measures how many pages
a clause adds; each size's page count is then read from the PDF itself with pypdf.

Each build runs in a fresh process (``python -m tenderpack build SPEC -o OUT --only
draft-contract --format pdf``), as a user would run it, so start-up and imports count. Its
peak memory is the build process's maximum resident set size, read with os.wait4() in a small
launcher (it counts any processes the build starts too). Every run gets an empty render cache
(and --no-cache where the CLI has it), so nothing is reused.
The sizes and formats are interleaved within each run so drift hits all of them alike;
these machines are noisy, so compare within one run, never across runs.

Prints, for each size and format: PDF pages, median wall time, seconds per page and peak
memory; then whether time grows linearly (seconds per page at the largest size against the
second size: a ratio near 1.0 is linear) and whether peak memory at the largest size is
under the target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = [sys.executable, "-m", "tenderpack"]
DOCUMENT = "draft-contract"
MEMORY_TARGET_MB = 400
LINEAR_TOLERANCE = 1.25          # s/page at the largest size may be this much above the second size


# ---------------------------------------------------------------------------- the content

# The extra schedules (sections.yaml) and, for each, the service areas whose clauses go in it:
# (area title, slug, defined term, what the term means, the thing the area is about).
SCHEDULES = [
    ("standards", "Schedule 6: Care standards", 950, [
        ("Visits", "visits", "Visit", "a planned time when a care worker provides care in a person's home.",
         "each visit"),
        ("Medicines", "medicines", "Medicines Record", "the record of every medicine a care worker helps a person take.",
         "help with medicines"),
        ("Personal care", "personal-care", "Care Plan", "the written plan, agreed with the person, of the care they receive.",
         "personal care"),
        ("Meals and drinks", "meals", "Nutrition Note", "the part of the {Care Plan} about what a person eats and drinks.",
         "help with meals and drinks"),
        ("Moving safely", "moving", "Moving Assessment", "a check of how a person can move safely, and with what equipment.",
         "help with moving"),
    ]),
    ("staff", "Schedule 7: Staff and training", 960, [
        ("Recruiting staff", "recruiting", "Care Worker", "a person you employ or engage to provide care under the {Contract}.",
         "recruiting staff"),
        ("Training", "training", "Training Record", "the record of the training each {Care Worker} has completed.",
         "training"),
        ("Supervision", "supervision", "Supervisor", "a senior member of your staff who supports and checks the work of {Care Workers}.",
         "supervision"),
        ("Rotas and travel", "rotas", "Rota", "the plan of which {Care Worker} makes each {Visit}, and when.",
         "rotas and travel time"),
    ]),
    ("records", "Schedule 8: Records and reporting", 970, [
        ("Care records", "care-records", "Care Record", "the notes a {Care Worker} writes at each {Visit}.",
         "care records"),
        ("Monthly reports", "reports", "Monthly Report", "the report you send us each month on the {Services}.",
         "monthly reporting"),
        ("Complaints", "complaints", "Complaint", "any statement that a person is unhappy with the {Services}.",
         "complaints"),
    ]),
    ("quality", "Schedule 9: Quality and safeguarding", 980, [
        ("Safeguarding", "safeguarding", "Safeguarding Concern", "a worry that a person is at risk of abuse or neglect.",
         "safeguarding"),
        ("Spot checks", "spot-checks", "Spot Check", "a visit by us or your {Supervisor}, with or without notice, to check the care.",
         "spot checks"),
        ("Learning from incidents", "incidents", "Incident", "an event that harmed a person, or could have done.",
         "learning from incidents"),
        ("Feedback from people", "feedback", "Feedback Survey", "a short survey that asks people what they think of the {Services}.",
         "feedback"),
    ]),
]

# The aspects every area is written about, in this order: one clause per (area, aspect).
ASPECTS = ["What we expect", "Planning", "Doing it well", "Checking and improving", "When things go wrong",
           "Working with families", "Changes to needs", "Reporting to us"]


def _areas() -> list[tuple[str, str, int, tuple]]:
    return [(key, title, order, area) for key, title, order, areas in SCHEDULES for area in areas]


def clause_text(n: int, key: str, area: tuple, aspect: str, first: bool) -> str:
    """One clause file: governed front matter and a plain-English body."""
    title, area_slug, term, meaning, about = area
    ident = f"bench:{area_slug}-{n:04d}"
    defines = f"defines:\n  {term}: {meaning!r}\n" if first else ""
    if n == 0:
        defines += "  Service User: 'a person who receives care under the {Contract}.'\n"
    days = 5 + n % 6
    months = 3 + n % 4
    body = f"""\
This clause sets the standard for {about} under the {{Contract}}. This part is about {aspect.lower()}. It applies to every {{Service User}} and to every {{{term}}}.

You must:

- agree how you will handle {about} with the {{Service User}}, or a person they trust
- keep a clear record that shows what was done, when, and by whom
- tell us within {days} {{Working Days}} if you cannot meet this standard
- review the way you handle {about} at least every {months} months, or sooner if needs change

## Planning {about}

Before the {{Services}} start, write down how you will handle {about}. Share the plan with the {{Service User}} in a form they can read. Keep it up to date, and give us a copy when we ask.

If the {{Service User}} does not agree with the plan, talk to them and try again. Tell us if you still cannot agree after {days} {{Working Days}}.

## Checking {about}

We may check {about} at any time. We will give you {days} {{Working Days}}' notice, unless we have a worry about safety. When we check, we will:

1. read a sample of your records
2. talk to {{Service Users}} and their families
3. write to you with what we found
4. agree with you what must change, and by when

Send us a plan to fix any problem within ten {{Working Days}} of our letter. We will tell you if we accept it.

## If the standard is not met

If you do not meet this standard, we may act under [[core:kpis]]. A serious or repeated failure is a breach that we may deal with under [[core:termination]]. We pay for this work as part of the {{Charges}}, within {{{{ commercial.payment_days }}}} days of a valid invoice, as [[core:payment]] says.
"""
    return f"""\
---
id: {ident}
title: "{title}: {aspect.lower()}"
version: "1.0"
status: approved
owner: Legal services
approved_on: 2026-11-02
review_by: 2099-06-30
placement: {{document: {DOCUMENT}, section: {key}, order: {n}}}
summary: "Sets the standard for {about}: {aspect.lower()}."
{defines}---
{body}"""


def write_clauses(folder: Path, count: int) -> None:
    """``count`` clause files and a sections.yaml declaring the extra schedules."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.md"):
        old.unlink()
    sections = [f"{DOCUMENT}:"] + [f"  {key}: {{title: {title!r}, order: {order}}}" for key, title, order, _ in SCHEDULES]
    (folder / "sections.yaml").write_text("\n".join(sections) + "\n", encoding="utf-8")
    areas = _areas()
    seen: set[str] = set()
    for n in range(count):
        key, _, _, area = areas[n % len(areas)]
        aspect = ASPECTS[(n // len(areas)) % len(ASPECTS)]
        first = area[1] not in seen
        seen.add(area[1])
        (folder / f"{area[1]}-{n:04d}.md").write_text(clause_text(n, key, area, aspect, first), encoding="utf-8")


# ---------------------------------------------------------------------------- running builds


def build_options() -> list[str]:
    """Options that keep every run comparable, where this version of the CLI has them."""
    help_text = subprocess.run(EXE + ["build", "--help"], capture_output=True, text=True, check=True).stdout
    extra = []
    if "--no-cache" in help_text:
        extra.append("--no-cache")
    return extra


# The build is started by this small launcher, not by the benchmark itself: on Linux a child's
# peak memory counts the memory of the process it was forked from (which here holds parsed
# PDFs), so the build must be forked from a small process to be measured on its own.
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as out:
    out.write(f"{time.perf_counter() - start} {usage.ru_maxrss}")
sys.exit(child.returncode)
"""


def run_build(spec: str, out: Path, fmt: str, clauses: Path | None, extra: list[str], cache: Path) -> tuple[float, float]:
    """(wall seconds, peak MB) of one build in a fresh process."""
    args = EXE + ["build", spec, "-o", str(out), "--only", DOCUMENT, "--format", fmt, *extra]
    if clauses is not None:
        args += ["--clauses", str(clauses)]
    env = {**os.environ, "TENDERPACK_CACHE_DIR": str(cache)}
    report = out.parent / f".{out.name}.usage"
    report.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-c", LAUNCHER, str(report), *args], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        sys.exit(f"build failed ({' '.join(args)}):\n{done.stdout.decode(errors='replace')}")
    seconds, maxrss = report.read_text().split()
    # ru_maxrss (of the build and any processes it starts) is in kilobytes on Linux, bytes on macOS.
    peak = int(maxrss) / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return float(seconds), peak


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("spec", nargs="?", default=str(ROOT / "examples" / "innovation-home-care.yaml"))
    parser.add_argument("--pages", default="30,60,120,240", help="target PDF page counts (default 30,60,120,240)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="pdf,docx", help="pdf, docx or both (default pdf,docx)")
    args = parser.parse_args()
    targets = sorted(int(p) for p in args.pages.split(","))
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if "pdf" not in formats:
        sys.exit("--formats must include pdf: page counts come from the PDF")
    extra = build_options()

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        cache = tmp / "cache"

        def build(label: str, fmt: str, clauses: Path | None) -> tuple[float, float, Path]:
            out = tmp / "out" / f"{label}-{fmt}"
            seconds, peak = run_build(args.spec, out, fmt, clauses, extra, cache / f"{label}-{fmt}-{time.monotonic_ns()}")
            return seconds, peak, out

        # Calibration: the contract as it is, then with a known number of extra clauses.
        _, _, out = build("base", "pdf", None)
        base_pages = pdf_pages(out / f"{DOCUMENT}.pdf")
        probe = len(_areas()) * 2
        write_clauses(tmp / "probe", probe)
        _, _, out = build("probe", "pdf", tmp / "probe")
        per_clause = max((pdf_pages(out / f"{DOCUMENT}.pdf") - base_pages) / probe, 0.05)

        sizes: dict[int, Path | None] = {}
        counts: dict[int, int] = {}
        for target in targets:
            counts[target] = max(round((target - base_pages) / per_clause), 0)
            folder = tmp / f"clauses-{target}" if counts[target] else None
            if folder is not None:
                write_clauses(folder, counts[target])
            sizes[target] = folder

        # A warm-up build of each size (file and font caches), which also gives its real page
        # count; a size more than 2.5% off its target is corrected once with its own rate.
        pages: dict[int, int] = {}
        for target, folder in sizes.items():
            _, _, out = build(f"p{target}", "pdf", folder)
            pages[target] = pdf_pages(out / f"{DOCUMENT}.pdf")
            if folder is not None and abs(pages[target] - target) > 0.025 * target and pages[target] > base_pages:
                rate = (pages[target] - base_pages) / counts[target]
                counts[target] = max(round((target - base_pages) / rate), 1)
                write_clauses(folder, counts[target])
                _, _, out = build(f"p{target}", "pdf", folder)
                pages[target] = pdf_pages(out / f"{DOCUMENT}.pdf")
            for fmt in formats:
                if fmt != "pdf":
                    build(f"p{target}", fmt, folder)

        times = {(t, f): [] for t in targets for f in formats}
        peaks = {(t, f): [] for t in targets for f in formats}
        for _ in range(args.runs):
            for target, folder in sizes.items():
                for fmt in formats:
                    seconds, peak, _ = build(f"p{target}", fmt, folder)
                    times[target, fmt].append(seconds)
                    peaks[target, fmt].append(peak)

    print(f"spec: {args.spec}  document: {DOCUMENT}  runs: {args.runs}  "
          f"contract alone: {base_pages} pages; {per_clause:.2f} pages per extra clause")
    print(f"{'target':>6} {'clauses':>7} {'format':>6} {'pages':>5} {'median s':>9} {'min s':>7} {'max s':>7} "
          f"{'s/page':>7} {'peak MB':>8}")
    for target, count in counts.items():
        for fmt in formats:
            median = statistics.median(times[target, fmt])
            print(f"{target:>6} {count:>7} {fmt:>6} {pages[target]:>5} {median:>9.3f} {min(times[target, fmt]):>7.3f} "
                  f"{max(times[target, fmt]):>7.3f} {median / pages[target]:>7.4f} {max(peaks[target, fmt]):>8.1f}")

    if len(targets) >= 2:
        big, ref = targets[-1], targets[1] if len(targets) > 2 else targets[0]
        print()
        for fmt in formats:
            per_big = statistics.median(times[big, fmt]) / pages[big]
            per_ref = statistics.median(times[ref, fmt]) / pages[ref]
            ratio = per_big / per_ref
            verdict = "linear" if ratio <= LINEAR_TOLERANCE else "NOT linear"
            print(f"{fmt}: s/page at {pages[big]} pages / at {pages[ref]} pages = {ratio:.2f} ({verdict}; "
                  f"at most {LINEAR_TOLERANCE} counts as linear, below 1.0 is start-up spread over more pages)")
        for fmt in formats:
            peak = max(peaks[big, fmt])
            verdict = "under" if peak < MEMORY_TARGET_MB else "OVER"
            print(f"{fmt}: peak memory at {pages[big]} pages = {peak:.0f} MB ({verdict} the {MEMORY_TARGET_MB} MB target)")


if __name__ == "__main__":
    main()
