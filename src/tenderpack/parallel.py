"""Rendering the documents of a pack: from the cache where possible, else in parallel processes.

Rendering is most of a build's time (WeasyPrint's layout above all) and each document is
independent of the others, so documents are rendered by a pool of worker processes, the
largest first. A first build forks its workers before it composes the documents, so that
their imports overlap the composing (see ``Workers``); a rebuild forks them once the cache
has said what is left to render. Everything else (progress, the cache, errors)
stays in the main process. With one job, or one document to render, no process is started.

Files are reported in plan order whatever order they finish in, so the output of a build
reads the same with any number of jobs.

A hostile template or a writer that loops cannot hang a build: each document in each format
may take DOCUMENT_RENDER_SECONDS (or $TENDERPACK_DOCUMENT_RENDER_SECONDS). A worker that runs
over is killed by the main process; in the main process the render is interrupted. And a
worker never outlives the main process, even one killed with SIGKILL: on Linux the kernel
ends it (PR_SET_PDEATHSIG), elsewhere a thread in the worker notices within
WORKER_ORPHAN_SECONDS.
"""

from __future__ import annotations

import math
import mmap
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .cache import RenderCache, builtin_writer_version, content_digest, document_key, templates_digest
from .errors import BuildError, InputError, TenderpackError, WriterError
from .limits import DOCUMENT_RENDER_SECONDS, WORKER_ORPHAN_SECONDS
from .templates import Templates
from .timelimit import within
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
    names: set[str] = set()
    for folder in templates.search_path:
        for here, dirs, found in os.walk(folder):   # never into a linked folder
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            base = Path(here).relative_to(folder)
            names.update((base / name).as_posix() for name in found if not name.startswith("."))
    # Through Templates: a link, a special file or an oversized one is refused here as when used,
    # so the manifest and the cache key never hash what a writer would not read.
    files = {name: templates.optional(name) for name in sorted(names)}
    return {name: path for name, path in files.items() if path is not None}


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


RENDER_SECONDS_ENV = "TENDERPACK_DOCUMENT_RENDER_SECONDS"


def render_seconds() -> float:
    """The time one document may take to render in one format: DOCUMENT_RENDER_SECONDS, unless
    $TENDERPACK_DOCUMENT_RENDER_SECONDS says otherwise (a very slow machine, or a test)."""
    given = os.environ.get(RENDER_SECONDS_ENV, "").strip()
    if not given:
        return DOCUMENT_RENDER_SECONDS
    try:
        seconds = float(given)
    except ValueError:
        seconds = math.nan
    if not (seconds > 0 and math.isfinite(seconds)):
        raise InputError(f"{RENDER_SECONDS_ENV}: must be a number of seconds greater than 0, not {given!r}")
    return seconds


def render_all(tasks: list[Task], templates: Templates, write: Callable, jobs: int,
               cache: RenderCache | None, on_done: Callable[[Task], None],
               meanwhile: Callable[[], None] = lambda: None, *, seconds: float | None = None,
               workers: Workers | None = None) -> None:
    """Write every task's file, calling ``on_done`` for each in the order given.

    ``meanwhile`` runs in this process while the workers render (the plain-English lint,
    say), so that work costs no time of its own; if it raises, the workers are stopped.
    Without workers it runs after the files are written, so that its memory (the lint's
    pronouncing dictionary) and a long document's layout are never held at once.

    ``workers``, forked earlier by ``early_workers``, render when there is more than one
    document to render; otherwise workers are forked here, once the cache has said what is
    left to render.

    ``seconds`` bounds each render (default: ``render_seconds()``); a render that runs over
    stops the build with a BuildError. Entries the cache refused are in ``cache.rejected``.
    """
    limit = render_seconds() if seconds is None else seconds
    if cache is not None:
        digest = templates_digest(template_files(templates))
        contents: dict[int, str] = {}   # a document is hashed once for all its formats
        for task in tasks:
            version = writer_version(task.writer)
            if version is not None:
                if id(task.document) not in contents:
                    contents[id(task.document)] = content_digest(task.document)
                task.key = document_key(contents[id(task.document)], task.fmt, version, digest)
                task.cached = cache.fetch(task.key, task.target, task.what, task.fmt)
    todo = [t for t in tasks if not t.cached]
    reporter = _InOrder(tasks, on_done)
    if jobs <= 1 or len(todo) <= 1:
        for task in todo:
            try:
                with _alarm(limit):
                    write(task.writer, task.document, task.target, templates, task.fmt, task.what)
            except _Overdue:
                raise _overdue(task, templates, limit) from None
            _finished(task, cache, reporter)
        meanwhile()
    else:
        _render_parallel(todo, templates, write, jobs, cache, reporter, meanwhile, limit, workers)
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

_CONTEXT: dict = {}                 # what a worker inherits when it is forked
_FORKING = threading.Lock()         # two builds in one process (a server's threads) fork one at a time


def _size(task: Task) -> int:
    """Roughly how long a document takes to render: the number of blocks in it."""
    return sum(1 for section in task.document.sections for _ in walk(section.blocks)) + len(task.document.sections)


class Workers:
    """The render processes of one build, forked from this process.

    A build forks them before it composes the documents (``early_workers``), so that their
    writers' imports (WeasyPrint alone takes about 0.4 s) overlap the composing; the trees
    composed after the fork reach them pickled (20 ms for a whole pack). Writers, templates
    and plugins loaded with --plugins-dir are inherited through the fork, so they work in a
    worker as in the main process.
    """

    def __init__(self, jobs: int, writers: dict[str, object], templates: Templates, write: Callable, slots: int):
        global _CONTEXT
        self.jobs, self.writers, self.templates = jobs, writers, templates
        self.clock = _Clock(slots)
        self.slots = slots
        with _FORKING:
            _CONTEXT = {"templates": templates, "write": write, "clock": self.clock, "writers": writers}
            try:
                self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                                initializer=_worker_start, initargs=(os.getpid(),))
                self.pool.submit(_ready)   # with fork, the first task starts every worker, now
            finally:
                _CONTEXT = {}

    def fits(self, todo: list[Task]) -> bool:
        return len(todo) <= self.slots and all(self.writers.get(t.fmt) is t.writer for t in todo)

    def stop(self) -> None:
        """End the workers at once: no worker may go on writing into a folder about to be removed."""
        _stop(self.pool)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.clock.close()


def early_workers(jobs: int, writers: dict[str, object], templates: Templates, write: Callable,
                  slots: int) -> Workers | None:
    """Workers forked now, before the documents are composed, for a build that will likely
    render several documents (a first build, or one without the cache); None otherwise."""
    if jobs <= 1 or slots <= 1:
        return None
    return Workers(min(jobs, slots), writers, templates, write, slots)


def _render_parallel(todo: list[Task], templates: Templates, write: Callable, jobs: int,
                     cache: RenderCache | None, reporter: _InOrder, meanwhile: Callable[[], None],
                     limit: float, workers: Workers | None) -> None:
    own = workers is None or not workers.fits(todo)
    if own:
        workers = Workers(min(jobs, len(todo)), {t.fmt: t.writer for t in todo}, templates, write, len(todo))
    assert workers is not None
    clock = workers.clock
    order = sorted(range(len(todo)), key=lambda i: -_size(todo[i]))   # largest first balances the load
    try:
        futures: dict[Future, int] = {
            workers.pool.submit(_worker_render, i, todo[i].document, todo[i].fmt, todo[i].target, todo[i].what): i
            for i in order}
        meanwhile()
        pending = set(futures)
        while pending:
            running = [futures[f] for f in pending]
            done, pending = wait(pending, timeout=clock.until_due(running, limit), return_when=FIRST_COMPLETED)
            for future in done:
                _raise_failure(future, todo[futures[future]])
                _finished(todo[futures[future]], cache, reporter)
            for index in (futures[f] for f in pending):
                if clock.overdue(index, limit):
                    _kill(clock.pid(index))
                    raise _overdue(todo[index], templates, limit)
    except BaseException:
        workers.stop()
        raise
    finally:
        if own:
            workers.close()


def _worker_start(parent: int) -> None:
    # Ctrl-C reaches every process of the group: only the main process handles it, then
    # stops the workers. Handlers the main process set for SIGTERM are not the worker's.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent(parent)
    for writer in _CONTEXT.get("writers", {}).values():
        warm_up = getattr(writer, "warm_up", None)
        if callable(warm_up):
            try:
                warm_up()   # a writer that fails here fails again, with its message, when it writes
            except Exception:
                pass


def _ready() -> None:
    """The first task of a pool: starting the workers is all it is for."""


def _worker_render(index: int, document: Document, fmt: str, target: Path, what: str):
    """Render one document in a worker; a failure comes back as data, since not every error pickles."""
    clock: _Clock = _CONTEXT["clock"]
    clock.start(index)
    try:
        _CONTEXT["write"](_CONTEXT["writers"][fmt], document, target, _CONTEXT["templates"], fmt, what)
    except TenderpackError as exc:
        return exc.exit_code, str(exc), traceback.format_exc(), _errno(exc)
    except BaseException as exc:  # the writer wrapper turns ordinary errors into WriterError already
        return 1, f"{type(exc).__name__}: {exc}", traceback.format_exc(), _errno(exc)
    finally:
        clock.end(index)
    return None


def _errno(exc: BaseException | None) -> int | None:
    """The error number of an OSError behind ``exc`` (a full disk, say), if there is one."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:   # an error may be its own cause, at some remove
        seen.add(id(exc))
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
        code, message, trace, number = failure
        # Bad input (a missing template, a refused house style...) stays bad input: exit 2.
        error = InputError(message) if code == InputError.exit_code else WriterError(message)
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


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass   # it has just ended


# ---------------------------------------------------------------------------- workers end with the main process

PR_SET_PDEATHSIG = 1   # from <linux/prctl.h>


def _end_with_parent(parent: int) -> None:
    """End this worker when the main process ``parent`` ends, however it ends.

    A main process killed with SIGKILL cannot stop its workers, and they would wait for work
    for ever. Linux sends them SIGKILL itself once asked (prctl); the watching thread covers
    other systems, and a kernel that refuses. (Linux signals when the *thread* that forked
    the worker ends: that is the build's thread, which shuts the pool down before the build
    returns, so a build run from a server's thread is safe too.)
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    # The main process may have died before the line above took effect: its worker then has a
    # new parent already, and nobody would ever send the signal.
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="tenderpack-watch-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WORKER_ORPHAN_SECONDS)
    os._exit(1)   # a worker whose main process is gone has nobody to give its file to


# ---------------------------------------------------------------------------- the time a render may take

class _Clock:
    """When each task started and ended in a worker, and which worker has it: a small block of
    memory the forked workers share with the main process, which alone decides who is late."""

    _FIELDS = 3   # start, end (time.monotonic(), system-wide), worker pid

    def __init__(self, count: int):
        self._memory = mmap.mmap(-1, max(count, 1) * self._FIELDS * 8)   # anonymous and shared, across fork
        self._cells = memoryview(self._memory).cast("d")

    def start(self, index: int) -> None:
        self._cells[index * 3 + 2] = os.getpid()
        self._cells[index * 3] = time.monotonic()

    def end(self, index: int) -> None:
        self._cells[index * 3 + 1] = time.monotonic()

    def pid(self, index: int) -> int:
        return int(self._cells[index * 3 + 2])

    def running_since(self, index: int) -> float | None:
        start, end = self._cells[index * 3], self._cells[index * 3 + 1]
        return start if start and not end else None

    def overdue(self, index: int, limit: float) -> bool:
        since = self.running_since(index)
        return since is not None and time.monotonic() - since >= limit

    def until_due(self, indices: list[int], limit: float) -> float:
        """Seconds until the first of these tasks could run over (a task not yet started cannot
        before ``limit`` from now)."""
        now = time.monotonic()
        due = [since + limit for i in indices if (since := self.running_since(i)) is not None]
        return max(min(due, default=now + limit) - now, 0.01)

    def close(self) -> None:
        self._cells.release()
        self._memory.close()


class _Overdue(BaseException):
    """Raised into a render in this process that ran past its time. A BaseException, so that a
    writer's ``except Exception`` (or the engine's own wrapper) does not take it for a failure."""


def _overdue(task: Task, templates: Templates, limit: float) -> BuildError:
    message = (f"{task.what}: the {task.fmt} file {task.target.name} was still rendering after {limit:g} s, "
               f"the limit for one document (DOCUMENT_RENDER_SECONDS); the build was stopped")
    if templates.override is not None:
        message += f"; the house style in --template-dir {templates.override} is a likely cause"
    return BuildError(message + f"; on a slow machine, set {RENDER_SECONDS_ENV} to allow longer")


# A writer may call into C code that swallows an exception raised in its callbacks (cffi prints
# and goes on): the alarm rings again at this pace until the render has stopped.
_RING_AGAIN_SECONDS = 1.0


def _alarm(seconds: float) -> AbstractContextManager[None]:
    """Raise _Overdue in this render once ``seconds`` have passed (see tenderpack.timelimit)."""
    return within(seconds, _Overdue, _RING_AGAIN_SECONDS)
