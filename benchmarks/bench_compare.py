"""tenderpack against the usual route (docxtpl, then LibreOffice to PDF), side by side (not a test).

Usage: python benchmarks/bench_compare.py [SPEC ...] [--runs N]

For each spec, on the same content, in one run:
  (a) tenderpack cold build of the whole pack (fresh process, empty render cache);
  (b) the usual route: the Word files (tenderpack build --format docx, which is the docxtpl
      step), then LibreOffice headless converting each to PDF, one worker per core;
  (c) a rebuild into the same folder, cache warm, after one date in the spec moved; and a
      rebuild with nothing changed;
  (d) tenderpack cold with --jobs 1, to show what parallel rendering gives.
The cases are interleaved across runs so that drift on a shared machine hits all alike:
compare within one run, never across runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPECS = [ROOT / "examples" / "innovation-home-care.yaml", ROOT / "examples" / "small-open-grounds.yaml"]
_script = Path(sys.executable).with_name("tenderpack")
TP = [str(_script)] if _script.exists() else [sys.executable, "-m", "tenderpack"]
# A user's machine writes .pyc files; this environment's PYTHONDONTWRITEBYTECODE would add
# ~0.1 s of recompiling to every tenderpack process.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# The same count tenderpack uses for its default --jobs.
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
DATE_KEYS = ("clarification_deadline", "tender_deadline")  # first found is moved
# LibreOffice exports tagged PDF/UA too, so both routes make the same kind of file (our PDFs are
# tagged PDF/UA-1): a fair comparison. JSON filter options need LibreOffice 7.4 or later.
TAGGED_PDF = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
              '"PDFUACompliance":{"type":"boolean","value":"true"}}')


def run(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(args, env=env or ENV, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"FAILED ({done.returncode}): {shlex.join(args)}\n{done.stdout[-2000:]}{done.stderr[-4000:]}")
    return done


def timed(args: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    run(args, env)
    return time.perf_counter() - start


class Tenderpack:
    """The build command, with whichever of --jobs and the render cache it has."""

    def __init__(self, tmp: Path):
        help_text = run(TP + ["build", "--help"]).stdout
        self.has_jobs = "--jobs" in help_text
        self.has_cache = "--no-cache" in help_text
        self.tmp = tmp

    def build(self, spec: Path, out: Path, *extra: str, cache: Path | None = None) -> float:
        """Time one build; a fresh empty cache folder unless `cache` is given."""
        fresh = cache is None
        cache = cache or Path(tempfile.mkdtemp(prefix="cache-", dir=self.tmp))
        try:
            return timed(TP + ["build", str(spec), "-o", str(out), *extra], {**ENV, "TENDERPACK_CACHE_DIR": str(cache)})
        finally:
            if fresh:
                shutil.rmtree(cache, ignore_errors=True)


class LibreOffice:
    """soffice headless, one worker per core, each with its own profile (two cannot share one)."""

    ERROR = re.compile(r"\berror\b", re.IGNORECASE)

    def __init__(self, tmp: Path, workers: int):
        self.exe = shutil.which("soffice") or _install_libreoffice()
        self.tmp = tmp
        self.profiles = [tmp / f"lo-profile-{i}" for i in range(workers)]

    def command(self, profile: Path, outdir: Path, files: list[Path]) -> list[str]:
        # --infilter: without it, a .docx that Word cannot read is imported as plain text
        # and "converted" to a PDF of its bytes, with no error at all.
        return [self.exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--infilter=MS Word 2007 XML",
                "--convert-to", TAGGED_PDF, "--outdir", str(outdir), *map(str, files)]

    def warm(self, sample: Path) -> tuple[float, float]:
        """Create every profile (LibreOffice's slow first start) outside the timings.

        Returns the median first start and the median start with the profile in place."""
        first, again = [], []
        for profile in self.profiles:
            shutil.rmtree(profile, ignore_errors=True)
            for times in (first, again):
                out = self.tmp / "lo-warm"
                shutil.rmtree(out, ignore_errors=True)
                start = time.perf_counter()
                self._check([(self.command(profile, out, [sample]), [out / f"{sample.stem}.pdf"])])
                times.append(time.perf_counter() - start)
        return statistics.median(first), statistics.median(again)

    def convert(self, pack: Path, out: Path) -> float:
        """Convert every .docx of a pack to PDF into out/pdf-*; returns the time taken."""
        docs = sorted(pack.rglob("*.docx"), key=lambda p: -p.stat().st_size)
        shares: list[list[Path]] = [[] for _ in self.profiles]
        for doc in docs:  # largest first, to the least loaded worker, as tenderpack does
            min(shares, key=lambda s: sum(p.stat().st_size for p in s)).append(doc)
        # Untimed staging: one folder per worker, names flattened (sme/glossary -> sme__glossary)
        # so that every worker is a single soffice call and no two outputs can collide.
        shutil.rmtree(out, ignore_errors=True)
        jobs = []
        for i, (profile, share) in enumerate(zip(self.profiles, shares)):
            staged = [out / f"in-{i}" / doc.relative_to(pack).as_posix().replace("/", "__") for doc in share]
            for doc, copy in zip(share, staged):
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(doc, copy)
            if staged:
                jobs.append((self.command(profile, out / f"pdf-{i}", staged), [out / f"pdf-{i}" / f"{s.stem}.pdf" for s in staged]))
        start = time.perf_counter()
        self._check(jobs)
        return time.perf_counter() - start

    def _check(self, jobs: list[tuple[list[str], list[Path]]]) -> None:
        """Run the soffice calls at once. soffice exits 0 even when a conversion fails, so
        check every PDF is there and not empty, and that nothing says error."""
        procs = [(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), cmd, want)
                 for cmd, want in jobs]
        problems = []
        for proc, cmd, want in procs:
            stdout, stderr = proc.communicate()
            errors = [line for line in (stdout + stderr).splitlines() if self.ERROR.search(line)]
            missing = [str(p) for p in want if not p.exists() or p.stat().st_size == 0]
            if proc.returncode or errors or missing:
                problems.append(f"{shlex.join(cmd)}\n  exit {proc.returncode}; errors: {errors}; missing or empty: {missing}")
        if problems:
            sys.exit("LibreOffice conversion FAILED:\n" + "\n".join(problems))


def _install_libreoffice() -> str:
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("soffice not found: installing libreoffice-writer-nogui from Debian's packages (apt-get)", flush=True)
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "libreoffice-writer-nogui"],
                   check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("soffice") or sys.exit("soffice still not found after installing libreoffice-writer-nogui")


def move_one_date(text: str) -> tuple[str, str]:
    """The spec with its clarification deadline (else tender deadline) one working day earlier."""
    for key in DATE_KEYS:
        found = re.search(rf"^(\s*{key}:\s*)(\d{{4}})-(\d\d)-(\d\d)", text, re.MULTILINE)
        if found:
            day = date(*map(int, found.group(2, 3, 4))) - timedelta(days=1)
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            old = "-".join(found.group(2, 3, 4))
            return text[:found.start(2)] + day.isoformat() + text[found.end(4):], f"timetable.{key} {old} -> {day.isoformat()}"
    sys.exit(f"none of {', '.join(DATE_KEYS)} found in the spec")


def pdf_pages(pdfs: dict[str, Path]) -> tuple[dict[str, int], int]:
    """Pages per document, and how many of the PDFs are tagged (accessible)."""
    from pypdf import PdfReader
    readers = {name: PdfReader(path) for name, path in sorted(pdfs.items())}
    tagged = sum("/StructTreeRoot" in r.trailer["/Root"] for r in readers.values())
    return {name: len(r.pages) for name, r in readers.items()}, tagged


def pack_pdfs(pack: Path) -> dict[str, Path]:
    return {p.relative_to(pack).with_suffix("").as_posix(): p for p in pack.rglob("*.pdf")}


def bench_spec_run(tp: Tenderpack, lo: LibreOffice, work: Path, case_order: list[str], t: dict[str, list[float]]) -> None:
    spec, original, changed = work / "tender.yaml", work / "original.yaml", work / "changed.yaml"
    for case in case_order:
        if case == "tenderpack":
            # (a) cold, then (c) into the same folder with the cache that build left warm.
            cache = Path(tempfile.mkdtemp(prefix="cache-", dir=tp.tmp))
            shutil.rmtree(work / "pack", ignore_errors=True)
            shutil.copyfile(original, spec)
            t["a"].append(tp.build(spec, work / "pack", cache=cache))
            t["c0"].append(tp.build(spec, work / "pack", cache=cache))
            shutil.copyfile(changed, spec)  # the buyer edits the date in place
            t["c"].append(tp.build(spec, work / "pack", cache=cache))
            shutil.copyfile(original, spec)
            shutil.rmtree(cache, ignore_errors=True)
        elif case == "jobs1":
            shutil.rmtree(work / "pack-j1", ignore_errors=True)
            t["d"].append(tp.build(spec, work / "pack-j1", "--jobs", "1"))
        elif case == "libreoffice":
            shutil.rmtree(work / "docx", ignore_errors=True)
            docx = tp.build(spec, work / "docx", "--format", "docx")
            convert = lo.convert(work / "docx", work / "lo")
            t["b_docx"].append(docx)
            t["b_lo"].append(convert)
            t["b"].append(docx + convert)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("specs", nargs="*", type=Path, default=SPECS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-compare-") as tmp_name:
        tmp = Path(tmp_name)
        tp = Tenderpack(tmp)
        lo = LibreOffice(tmp, CORES)
        cases = ["tenderpack", "libreoffice"] + (["jobs1"] if tp.has_jobs else [])
        works, changes = [], []
        for n, spec in enumerate(args.specs):
            work = tmp / f"spec{n}"
            work.mkdir()
            text = spec.read_text(encoding="utf-8")
            (work / "original.yaml").write_text(text, encoding="utf-8")
            moved, change = move_one_date(text)
            (work / "changed.yaml").write_text(moved, encoding="utf-8")
            shutil.copyfile(work / "original.yaml", work / "tender.yaml")
            works.append(work)
            changes.append(change)

        # Warm-up, untimed: .pyc files, the OS file cache, fonts, and LibreOffice's profiles.
        print(f"warming up (one build of each spec, LibreOffice profiles for {CORES} workers) ...", flush=True)
        for work in works:
            tp.build(work / "tender.yaml", work / "pack")
            tp.build(work / "tender.yaml", work / "docx", "--format", "docx")
        sample = min(works[-1].joinpath("docx").rglob("*.docx"), key=lambda p: p.stat().st_size)
        lo_first, lo_again = lo.warm(sample)

        times = [{k: [] for k in ("a", "b_docx", "b_lo", "b", "c", "c0", "d")} for _ in works]
        for r in range(args.runs):
            print(f"run {r + 1}/{args.runs}", flush=True)
            order = cases[r % len(cases):] + cases[:r % len(cases)]  # rotate, so no case always goes first
            for work, t in zip(works, times):
                bench_spec_run(tp, lo, work, order, t)

        # The last run's outputs, to show that each route produced the same content (pack-j1:
        # "pack" now holds the pack with the date moved).
        pages = [(pdf_pages(pack_pdfs(w / ("pack-j1" if tp.has_jobs else "pack"))),
                  pdf_pages({p.stem.replace("__", "/"): p for p in (w / "lo").glob("pdf-*/*.pdf")})) for w in works]

    report(args, tp, lo, changes, times, pages, lo_first, lo_again)


def report(args, tp, lo, changes, times, pages, lo_first, lo_again) -> None:
    med = statistics.median
    jobs = f"--jobs default ({CORES} cores)" if tp.has_jobs else "no --jobs option: one process"
    print(f"\ntenderpack: {shlex.join(TP)}  {jobs}; render cache: "
          + ("yes, a fresh TENDERPACK_CACHE_DIR per cold build" if tp.has_cache else "NOT AVAILABLE: (c) is a full build"))
    print(f"LibreOffice: {run([lo.exe, '--version']).stdout.strip()}, {len(lo.profiles)} workers, one profile each")
    print(f"  first start per profile (creating it) {lo_first:.2f} s, then {lo_again:.2f} s for the same one file: "
          "profiles were created before timing, so (b) does not count it")
    print(f"runs: {args.runs}, cases interleaved; every command is a fresh process, PYTHONDONTWRITEBYTECODE unset\n")
    print("commands (SPEC = a copy of the example; CACHE = an empty temporary folder unless said):")
    print(f"  (a) TENDERPACK_CACHE_DIR=CACHE {shlex.join(TP)} build SPEC -o OUT")
    print(f"  (b) TENDERPACK_CACHE_DIR=CACHE {shlex.join(TP)} build SPEC -o DOCX --format docx")
    print(f"      then per worker i, all at once: {lo.exe} -env:UserInstallation=file:///TMP/lo-profile-i --headless "
          "'--infilter=MS Word 2007 XML' --convert-to 'pdf:writer_pdf_Export:{UseTaggedPDF,PDFUACompliance}' "
          "--outdir TMP/pdf-i TMP/in-i/*.docx   (its share of the .docx files)")
    print(f"  (c) after (a), same CACHE and OUT: {shlex.join(TP)} build SPEC -o OUT   (no change; then again with one date moved)")
    if tp.has_jobs:
        print(f"  (d) TENDERPACK_CACHE_DIR=CACHE {shlex.join(TP)} build SPEC -o OUT --jobs 1")
    rows = [("a", "(a) tenderpack cold build"), ("b_docx", "(b)   docx files (docxtpl step)"),
            ("b_lo", f"(b)   LibreOffice to PDF, {len(lo.profiles)} workers"), ("b", "(b) docxtpl + LibreOffice route"),
            ("c", "(c) rebuild, one date moved"), ("c0", "(c) rebuild, nothing changed")]
    if tp.has_jobs:
        rows.append(("d", "(d) tenderpack cold, --jobs 1"))
    for spec, change, t, ((tp_pages, tp_tagged), (lo_pages, lo_tagged)) in zip(args.specs, changes, times, pages):
        print(f"\n{spec.relative_to(ROOT) if spec.is_relative_to(ROOT) else spec}   (c) moves {change}")
        print(f"  {'case':<38} {'median s':>8} {'min s':>7} {'max s':>7}")
        for key, label in rows:
            print(f"  {label:<38} {med(t[key]):>8.2f} {min(t[key]):>7.2f} {max(t[key]):>7.2f}")
        ratios = [("cold build / LibreOffice route", med(t["a"]) / med(t["b"]), "target <= 1.0, aim 0.7", 1.0),
                  ("rebuild after one date / cold", med(t["c"]) / med(t["a"]), "target <= 0.15", 0.15),
                  ("no-change rebuild / cold", med(t["c0"]) / med(t["a"]), "", None)]
        if tp.has_jobs:
            ratios.append((f"jobs 1 / jobs default ({CORES})", med(t["d"]) / med(t["a"]), "", None))
        print("  ratios of medians:")
        for label, value, target, limit in ratios:
            verdict = "" if limit is None else ("met" if value <= limit else "MISSED")
            print(f"    {label:<34} {value:>5.2f}   {target} {verdict}".rstrip())
        print(f"  PDF pages: tenderpack {sum(tp_pages.values())} in {len(tp_pages)} PDFs ({tp_tagged} tagged); "
              f"LibreOffice {sum(lo_pages.values())} in {len(lo_pages)} PDFs ({lo_tagged} tagged)")
        differ = [f"{n} {tp_pages.get(n, '-')}/{lo_pages.get(n, '-')}" for n in sorted(tp_pages.keys() | lo_pages.keys())
                  if tp_pages.get(n) != lo_pages.get(n)]
        if differ:
            print(f"    pages differ (tenderpack/LibreOffice): {', '.join(differ)}")


if __name__ == "__main__":
    main()
