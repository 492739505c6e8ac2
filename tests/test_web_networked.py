"""Builds on a real queue (issue 15, item 8): `tenderpack serve --no-worker` and two separate
`tenderpack worker` processes sharing one queue and one database, as a shared service runs them
on several machines.

Embedded: SQLite (the database) and huey's SqliteHuey (the queue), both files in the data
folder, nothing to install. Networked: a real redis-server (the queue) and a PostgreSQL cluster
(the database, brought up to date by Django's migrations), both started here from Debian's
packages and stopped at the end. Each mode: four builds asked for on the page; both workers
take some (each has a render cache of its own, and both fill); every zip downloads and its
Word file reads back with the tender's own title.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from web_support import Client, Missing, Server, start_postgres, start_redis, start_worker, stop, wait_until

MIGRATIONS = Path(__file__).resolve().parent.parent / "src" / "tenderpack" / "web" / "migrations"
BUILDS = 4


def _opened(pid: int, name: str) -> bool:
    """Whether process ``pid`` has a file called ``name`` open."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}").endswith(name) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def _tail(path: Path) -> str:
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def _build_through_the_page(tmp_path: Path, options: tuple[str, ...], ready) -> dict:
    """Serve with ``options``, start two workers with the same, and build BUILDS tenders (each
    with a title of its own) through the page. What each worker rendered, and the zips."""
    data = tmp_path / "data"
    server = Server(data, extra=("--no-worker", *options)).start()
    caches = [tmp_path / "cache-1", tmp_path / "cache-2"]
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = []
    try:
        workers = [start_worker(data, log, *options, cache=cache) for log, cache in zip(logs, caches)]
        wait_until(lambda: ready(workers), "two workers waiting on the queue", 60, None, logs[-1])
        client = Client(server.url)
        tenders: dict[int, str] = {}
        for i in range(BUILDS):
            tender = client.start("small-open-grounds")
            title = f"Grounds maintenance, queue test {i + 1}"
            status, url, _ = client.submit(f"/tenders/{tender}/sections/what/", title=title)
            assert status == 200 and url.endswith("?saved=1"), (status, url)
            tenders[tender] = title
        builds = {client.build(tender, ("docx",)): title for tender, title in tenders.items()}
        statuses: dict[int, str] = {}
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            statuses = {b: client.build_status(b) for b in builds}
            if all(s in ("built", "failed") for s in statuses.values()):
                break
            for w, log in zip(workers, logs):
                assert w.poll() is None, f"a worker stopped:\n{_tail(log)}"
            time.sleep(0.3)
        assert all(s == "built" for s in statuses.values()), \
            f"{statuses}\n{_tail(logs[0])}\n{_tail(logs[1])}\n{server.output()[-3000:]}"
        zips = {b: client.get_bytes(f"/builds/{b}/pack.zip") for b in builds}
        rendered = [sum(1 for f in cache.rglob("*") if f.is_file()) if cache.exists() else 0 for cache in caches]
        return {"builds": builds, "zips": zips, "rendered": rendered, "data": data, "server": server}
    finally:
        for w in workers:
            stop(w)
        server.stop()


def _check_the_packs(result: dict) -> None:
    """Both workers took builds; every zip downloads whole and its Word file has its own title."""
    import docx

    assert all(result["rendered"]), f"documents rendered by each worker: {result['rendered']}"
    for build, title in result["builds"].items():
        status, body = result["zips"][build]
        assert status == 200
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            assert archive.testzip() is None
            names = archive.namelist()
            assert "manifest.json" in names and "invitation-to-tender.docx" in names
            words = "\n".join(p.text for p in docx.Document(io.BytesIO(archive.read("invitation-to-tender.docx"))).paragraphs)
        assert title in words, f"build {build}: {title!r} not in its invitation to tender"


def test_embedded_queue_two_workers_share_the_builds(tmp_path):
    """The default: SQLite database and SQLite queue in the data folder; two `tenderpack worker`
    processes on that folder share four builds, and every pack downloads."""
    data = tmp_path / "data"

    def ready(workers) -> bool:   # each worker has opened the queue's file: it is polling it
        return all(_opened(w.pid, "queue.sqlite3") for w in workers)

    result = _build_through_the_page(tmp_path, (), ready)
    _check_the_packs(result)
    assert (data / "tenderpack.sqlite3").is_file() and (data / "queue.sqlite3").is_file()


@pytest.fixture
def redis_server(tmp_path):
    try:
        service = start_redis(tmp_path)
    except Missing as exc:
        pytest.fail(str(exc), pytrace=False)
    yield service
    service.stop()


@pytest.fixture
def postgres_server():
    try:
        service = start_postgres()
    except Missing as exc:
        pytest.fail(str(exc), pytrace=False)
    yield service
    service.stop()


def test_redis_queue_and_postgresql_two_workers_share_the_builds(tmp_path, redis_server, postgres_server):
    """Networked: a redis-server queue and a PostgreSQL database (its tables made by Django's
    migrations when serve starts). Two workers wait on the queue, share four builds, and every
    pack downloads; the tenders and builds are rows in PostgreSQL, and no SQLite file is made."""
    import psycopg
    import redis

    queue = redis.Redis.from_url(redis_server.url)

    def ready(workers) -> bool:   # both workers are blocked on the queue, waiting for a job
        return sum(1 for c in queue.client_list() if c.get("cmd") == "brpop") >= 2

    options = ("--queue", redis_server.url, "--database", postgres_server.url)
    result = _build_through_the_page(tmp_path, options, ready)
    _check_the_packs(result)
    with psycopg.connect(postgres_server.url) as db:
        applied = {name for (name,) in db.execute("SELECT name FROM django_migrations WHERE app = 'tenderpack_web'")}
        built = db.execute("SELECT count(*) FROM tenderpack_web_build WHERE status = 'done'").fetchone()[0]
    assert applied == {p.stem for p in MIGRATIONS.glob("0*.py")}
    assert built == BUILDS
    data = result["data"]
    assert not (data / "tenderpack.sqlite3").exists() and not (data / "queue.sqlite3").exists()
