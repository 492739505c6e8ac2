"""Builds as jobs on a huey queue.

The queue is SQLite in the data folder by default (nothing to install or start) or Redis when
a URL is given, so that ``tenderpack worker`` processes on several machines share it. A job
carries only a build's id: the worker writes the version's spec file (and its attached files)
from the database, builds it, and writes the pack under the data folder, all named from ids
relative to the data folder: workers on other machines share the database and that folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.db.models import F
from django.utils import timezone

from . import engine, spec_files

_queue: Any = None
_build_task: Any = None


def queue():
    """The huey queue for this process (made on first use, from the settings)."""
    global _queue, _build_task
    if _queue is None:
        url = settings.TENDERPACK_QUEUE_URL
        immediate = settings.TENDERPACK_IMMEDIATE
        if url:
            from huey import RedisHuey

            _queue = RedisHuey("tenderpack", url=url, immediate=immediate)
        else:
            from huey import SqliteHuey

            _queue = SqliteHuey("tenderpack", filename=str(Path(settings.TENDERPACK_DATA) / "queue.sqlite3"),
                                immediate=immediate)
        _build_task = _queue.task(name="tenderpack.build")(run_build)
    return _queue


def enqueue_build(build_id: int) -> None:
    queue()
    _build_task(build_id)


def pack_folder(build_id: int) -> Path:
    return Path(settings.TENDERPACK_DATA) / "builds" / str(int(build_id))


def run_build(build_id: int) -> None:
    """Build the pack of one Build row, recording progress; a failure is recorded, never raised
    (the saved spec is untouched either way: the build only reads its file)."""
    from .models import Build

    # A worker is not a request: Django closes no connection for it. A connection that PostgreSQL
    # dropped while the worker waited (a restart) is closed here and made again.
    close_old_connections()
    build = Build.objects.select_related("version", "tender").get(pk=build_id)
    folder = pack_folder(build.pk)
    formats = tuple(f for f in build.formats.split(",") if f)
    rows = Build.objects.filter(pk=build.pk)
    try:
        spec = spec_files.materialise(Path(settings.TENDERPACK_DATA), build.tender_id, build.version.number,
                                      build.version.text)
        total = engine.count_files(spec, formats)
        rows.update(status=Build.RUNNING, total=total, done=0)
        built = engine.build(spec, folder / "pack", formats,
                             on_file=lambda rel: rows.update(done=F("done") + 1))
        engine.zip_pack(folder / "pack", folder / "pack.zip")
        rows.update(status=Build.DONE, done=total, manifest=built.manifest, manifest_sha256=built.manifest_sha256,
                    zip_name="pack.zip", finished=timezone.now())
    except BaseException as exc:   # a failed build is reported on its page, whatever failed
        rows.update(status=Build.FAILED, message=engine.failure_text(exc), finished=timezone.now())
        shutil.rmtree(folder / "pack", ignore_errors=True)
        if not isinstance(exc, Exception):
            raise
    finally:
        close_old_connections()
