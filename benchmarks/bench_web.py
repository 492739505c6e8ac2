"""The web page against 127.0.0.1, in bounded loops (issue 15, item 11; not a test).

Usage: python benchmarks/bench_web.py [--rounds 30] [--buyers 20] [--seconds 60] [--builds 6]

Starts `tenderpack serve --no-worker` on a temporary data folder and a free port, then:
  (a) save plus validation: a section saved (POST) and the page it returns to, which checks the
      new version as `tenderpack validate` does (the redirect followed), budget 100 ms median;
  (b) preview: a document of the pack as HTML, the first time after a save (the version's trees
      composed afresh) and again (kept), budget 1 s;
  (c) 20 simulated buyers, each on a tender of their own, saving and previewing for 60 s: every
      request must answer 200 and every save must be a version (none lost);
  (d) builds through the queue with 1 and then 2 `tenderpack worker` processes: builds a minute.
Nothing leaves the machine: every request goes to 127.0.0.1, and every loop stops by itself.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from web_support import Client, Server, start_worker, stop  # noqa: E402

SAVE_BUDGET, PREVIEW_BUDGET = 0.100, 1.0


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def summary(name: str, times: list[float], budget: float | None = None) -> str:
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1] if len(times) >= 10 else max(times)
    line = f"{name:<46} median {ms(median):>7}  p90 {ms(p90):>7}  n={len(times)}"
    if budget is not None:
        line += f"  ({median / budget:.2f} of the {ms(budget)} budget)"
    return line


def save(client: Client, tender: int, title: str) -> float:
    """Save the "What you are buying" section with a new title; seconds until the page is back."""
    path = f"/tenders/{tender}/sections/what/"
    from test_web_support import form_data, forms

    status, _, html = client.get(path)
    assert status == 200
    fields = form_data(html, len(forms(html)) - 1, title=title)
    started = time.perf_counter()
    status, url, page = client.post(path, fields)
    elapsed = time.perf_counter() - started
    assert status == 200 and url.endswith("?saved=1"), f"save: {status} at {url}"
    assert "There is a problem" not in page, "the save made the spec invalid"
    return elapsed


def preview(client: Client, tender: int, document: str) -> float:
    started = time.perf_counter()
    status, _, _ = client.get(f"/tenders/{tender}/preview/{document}/")
    elapsed = time.perf_counter() - started
    assert status == 200, f"preview {document}: {status}"
    return elapsed


def save_and_preview(server: Server, rounds: int) -> None:
    for example in ("small-open-grounds", "innovation-home-care"):
        client = Client(server.url)
        tender = client.start(example)
        saves, cold, warm = [], [], []
        for i in range(rounds):
            saves.append(save(client, tender, f"Benchmark tender {i}"))
            cold.append(preview(client, tender, "invitation-to-tender"))
            warm.append(preview(client, tender, "invitation-to-tender"))
        print(summary(f"{example}: save plus validation", saves, SAVE_BUDGET))
        print(summary(f"{example}: preview, first after a save", cold, PREVIEW_BUDGET))
        print(summary(f"{example}: preview again", warm, PREVIEW_BUDGET))


def buyers(server: Server, count: int, seconds: float) -> None:
    """``count`` buyers saving and previewing at once for ``seconds``; no error, no lost save."""
    documents = ("tender-at-a-glance", "invitation-to-tender", "evaluation-methodology")
    clients = [Client(server.url) for _ in range(count)]
    tenders = [c.start("small-open-grounds") for c in clients]
    saved: list[list[str]] = [[] for _ in range(count)]
    times: dict[str, list[float]] = {"save": [], "preview": []}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def buyer(n: int) -> None:
        client, tender = clients[n], tenders[n]
        for i in range(10_000):                       # bounded, besides the deadline
            if time.monotonic() >= deadline:
                return
            title = f"Buyer {n} edit {i}"
            try:
                s = save(client, tender, title)
                saved[n].append(title)
                p = preview(client, tender, documents[i % len(documents)])
            except Exception as exc:   # every failure is counted and reported
                with lock:
                    errors.append(f"buyer {n}: {exc}")
                continue
            with lock:
                times["save"].append(s)
                times["preview"].append(p)

    threads = [threading.Thread(target=buyer, args=(n,)) for n in range(count)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 300)
    elapsed = time.perf_counter() - started
    lost = 0
    for n, client in enumerate(clients):
        _, _, history = client.get(f"/tenders/{tenders[n]}/history/")
        versions = len(re.findall(r"Saved What you are buying", history))
        _, _, text = client.get(f"/tenders/{tenders[n]}/tender.yaml")
        if versions != len(saved[n]) or (saved[n] and f"title: {saved[n][-1]}" not in text):
            lost += 1
            errors.append(f"buyer {n}: {len(saved[n])} saves, {versions} versions")
    total = len(times["save"])
    print(f"{count} buyers for {elapsed:.0f} s: {total} saves and {total} previews "
          f"({total * 2 / elapsed:.1f} requests a second), {len(errors)} errors, {lost} buyers lost a save")
    print(summary("  save plus validation, under load", times["save"]))
    print(summary("  preview, under load", times["preview"]))
    for e in errors[:10]:
        print("  ERROR", e)


def builds(server: Server, workers: int, count: int, run: int) -> float:
    """Builds a minute with ``workers`` worker processes: ``count`` tenders, each with a title of
    its own (so no build reuses another's renders), built in Word and PDF through the queue."""
    client = Client(server.url)
    tenders = []
    for i in range(count):
        tender = client.start("small-open-grounds")
        save(client, tender, f"Throughput run {run} tender {i}")
        tenders.append(tender)
    processes = [start_worker(server.data, server.data.parent / f"worker-{run}-{w}.log") for w in range(workers)]
    try:
        time.sleep(2.0)   # the workers start (Django, the plugins) before the clock does
        started = time.perf_counter()
        ids = [client.build(t, ("docx", "pdf")) for t in tenders]
        pending = set(ids)
        limit = time.monotonic() + 900
        while pending and time.monotonic() < limit:
            for b in list(pending):
                status = client.build_status(b)
                if status in ("built", "failed"):
                    assert status == "built", f"build {b} failed"
                    pending.discard(b)
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        assert not pending, f"builds {sorted(pending)} did not finish"
    finally:
        for p in processes:
            stop(p)
    rate = count / elapsed * 60
    print(f"builds with {workers} worker{'s' if workers > 1 else ''}: {count} packs (docx and pdf) in "
          f"{elapsed:.1f} s, {rate:.1f} builds a minute")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description="The web page's speed, on 127.0.0.1.")
    parser.add_argument("--rounds", type=int, default=30, help="saves and previews per example (a, b)")
    parser.add_argument("--buyers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--builds", type=int, default=6, help="builds per worker count (d)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tenderpack-bench-web-"))
    server = Server(work / "data", extra=("--no-worker",)).start()
    try:
        save_and_preview(server, args.rounds)
        buyers(server, args.buyers, args.seconds)
        one = builds(server, 1, args.builds, 1)
        two = builds(server, 2, args.builds, 2)
        print(f"2 workers / 1 worker: {two / one:.2f}x the builds a minute")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
