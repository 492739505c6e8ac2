"""Rendering the documents of a pack: from the cache where possible, else in parallel processes.

Rendering is most of a build's time (WeasyPrint's layout above all) and each document is
independent of the others, so documents are rendered by a pool of worker processes, the
largest first. Workers are forked after the trees are composed and read them from this
module's ``_TASKS``, so no tree is pickled and plugin writers loaded with --plugins-dir work
in a worker as they do in the main process. Everything else (progress, the cache, errors)
stays in the main process. With one job, or one document to render, no process is started.

Files are reported in plan order whatever order they finish in, so the output of a build
reads the same with any number of jobs.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .cache import RenderCache, builtin_writer_version, content_digest, document_key, templates_digest
from .errors import BuildError, InputError, TenderpackError, WriterError
from .templates import Templates
from .tree import Document, walk


@dataclass
class Task:
    """One document in one format, to be written to ``target``."""

    document: Document
    fmt: str
    writer: object
    target: Path
    what: str                 # the document id, for messages
    key: str | None = None    # the cache key; None when the writer cannot be cached
    cached: bool = False


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


def template_files(templates: Templates) -> dict[str, Path]:
    """Every template file in use by name, a --template-dir file hiding the built-in one."""
    files: dict[str, Path] = {}
    for folder in reversed(templates.search_path):
        for path in folder.iterdir():
            if path.is_file() and not path.name.startswith("."):
                files[path.name] = path
    return files


def writer_version(writer) -> str | None:
    """What identifies a writer's output for the cache; None means never cache it.

    A plugin's writer opts in by giving a ``cache_version`` string that changes whenever
    its output would.
    """
    own = getattr(writer, "cache_version", None)
    if isinstance(own, str) and own:
        return own
    if type(writer).__module__ == "tenderpack.writers.builtin":
        return builtin_writer_version()
    return None


def render_all(tasks: list[Task], templates: Templates, write: Callable, jobs: int,
               cache: RenderCache | None, on_done: Callable[[Task], None],
               meanwhile: Callable[[], None] = lambda: None) -> None:
    """Write every task's file, calling ``on_done`` for each in the order given.

    ``meanwhile`` runs in this process while the workers render (the plain-English lint,
    say), so that work costs no time of its own; if it raises, the workers are stopped.
    Without workers it runs after the files are written, so that its memory (the lint's
    pronouncing dictionary) and a long document's layout are never held at once.
    """
    if cache is not None:
        digest = templates_digest(template_files(templates))
        contents: dict[int, str] = {}   # a document is hashed once for all its formats
        for task in tasks:
            version = writer_version(task.writer)
            if version is not None:
                if id(task.document) not in contents:
                    contents[id(task.document)] = content_digest(task.document)
                task.key = document_key(contents[id(task.document)], task.fmt, version, digest)
                task.cached = cache.fetch(task.key, task.target)
    todo = [t for t in tasks if not t.cached]
    reporter = _InOrder(tasks, on_done)
    if jobs <= 1 or len(todo) <= 1:
        for task in todo:
            write(task.writer, task.document, task.target, templates, task.fmt, task.what)
            _finished(task, cache, reporter)
        meanwhile()
    else:
        _render_parallel(todo, templates, write, jobs, cache, reporter, meanwhile)
    reporter.flush()


def _finished(task: Task, cache: RenderCache | None, reporter: "_InOrder") -> None:
    if cache is not None and task.key is not None:
        cache.store(task.key, task.target)
    reporter.done(task)


class _InOrder:
    """Report finished tasks in plan order: a task is reported once all before it are."""

    def __init__(self, tasks: list[Task], on_done: Callable[[Task], None]):
        self.tasks, self.on_done = tasks, on_done
        self.finished: set[int] = {id(t) for t in tasks if t.cached}
        self.next = 0

    def done(self, task: Task) -> None:
        self.finished.add(id(task))
        self.flush(partial=True)

    def flush(self, partial: bool = False) -> None:
        while self.next < len(self.tasks) and (not partial or id(self.tasks[self.next]) in self.finished):
            self.on_done(self.tasks[self.next])
            self.next += 1


# ---------------------------------------------------------------------------- the worker pool

_TASKS: list[Task] = []
_CONTEXT: dict = {}


def _size(task: Task) -> int:
    """Roughly how long a document takes to render: the number of blocks in it."""
    return sum(1 for section in task.document.sections for _ in walk(section.blocks)) + len(task.document.sections)


def _render_parallel(todo: list[Task], templates: Templates, write: Callable, jobs: int,
                     cache: RenderCache | None, reporter: _InOrder, meanwhile: Callable[[], None]) -> None:
    global _TASKS, _CONTEXT
    _TASKS, _CONTEXT = todo, {"templates": templates, "write": write}
    order = sorted(range(len(todo)), key=lambda i: -_size(todo[i]))   # largest first balances the load
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_start)
    try:
        futures: dict[Future, Task] = {pool.submit(_worker_render, i): todo[i] for i in order}
        meanwhile()
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                _raise_failure(future, futures[future])
                _finished(futures[future], cache, reporter)
    except BaseException:
        _stop(pool)   # no worker may go on writing into a folder that is about to be removed
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _TASKS, _CONTEXT = [], {}


def _worker_start() -> None:
    # Ctrl-C reaches every process of the group: only the main process handles it, then
    # stops the workers. Handlers the main process set for SIGTERM are not the worker's.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _worker_render(index: int):
    """Render one task in a worker; a failure comes back as data, since not every error pickles."""
    task = _TASKS[index]
    try:
        _CONTEXT["write"](task.writer, task.document, task.target, _CONTEXT["templates"], task.fmt, task.what)
    except TenderpackError as exc:
        return type(exc).__name__, str(exc), traceback.format_exc(), _errno(exc)
    except BaseException as exc:  # the writer wrapper turns ordinary errors into WriterError already
        return type(exc).__name__, f"{type(exc).__name__}: {exc}", traceback.format_exc(), _errno(exc)
    return None


def _errno(exc: BaseException | None) -> int | None:
    """The error number of an OSError behind ``exc`` (a full disk, say), if there is one."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno:
            return exc.errno
        exc = exc.__cause__ or exc.__context__
    return None


def _raise_failure(future: Future, task: Task) -> None:
    try:
        failure = future.result()
    except BrokenProcessPool:
        raise BuildError(f"a worker process died while writing {task.target.name} ({task.what}); "
                         "try again with --jobs 1 to see why") from None
    if failure is not None:
        name, message, trace, number = failure
        # The class decides the exit code: bad input (a missing template...) stays bad input.
        error = InputError(message) if name in ("InputError", "SpecError") else WriterError(message)
        error.worker_traceback = trace   # shown by --traceback
        # The OSError's number travels too, so that a full disk is still told as one.
        raise error from (OSError(number, os.strerror(number)) if number else None)


def _stop(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "terminate_workers", None)   # Python 3.14 and later
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.join(5)
