"""Render workers: they end with the main process, however it ends, and no document may take
longer to render than DOCUMENT_RENDER_SECONDS, in a worker or in the main process.

The slow writer is tests/plugins/faulty with TENDERPACK_FAULT=writer-hang: it writes half a
file, creates TENDERPACK_FAULT_READY (holding its pid) and waits to be stopped.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderpack.cli import cli
from tenderpack.errors import BuildError, InputError
from tenderpack.parallel import RENDER_SECONDS_ENV, Task, render_all, render_seconds
from tenderpack.templates import Templates, data_dir
from tenderpack.tree import Document

HERE = Path(__file__).parent
SPEC = HERE / "fixtures" / "minimal.yaml"
FAULTY = HERE / "plugins" / "faulty"
SAFETY = 120   # seconds: only a net for a broken test


def build_args(out: Path, *extra: str, formats: str = "faulty") -> list[str]:
    return ["build", str(SPEC), "-o", str(out), "--format", formats, "--plugins-dir", str(FAULTY),
            "--no-cache", *extra]


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie waiting to be reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def children(pid: int) -> set[int]:
    """The running processes whose parent is ``pid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
                found.add(int(entry.name))
    return found


def wait_until_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    return {p for p in pids if alive(p)}


@pytest.fixture
def hang(monkeypatch, tmp_path):
    """The faulty writer hangs on the invitation to tender; returns the file it creates then."""
    ready = tmp_path / "ready"
    monkeypatch.setenv("TENDERPACK_FAULT", "writer-hang")
    monkeypatch.setenv("TENDERPACK_FAULT_AT", "invitation-to-tender")
    monkeypatch.setenv("TENDERPACK_FAULT_READY", str(ready))
    return ready


# ---------------------------------------------------------------------------- the main process killed


def test_workers_end_when_the_main_process_is_killed(tmp_path, hang):
    """`kill -9` of a real build with --jobs 2: its render workers are gone within seconds."""
    site = tmp_path / "site"
    site.mkdir()
    command = [sys.executable, "-m", "tenderpack", *build_args(site / "out", "--jobs", "2", formats="pdf,faulty")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + SAFETY
        while not hang.exists():
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.02)
        workers = children(process.pid)
        assert int(hang.read_text()) in workers and len(workers) == 2, workers
        os.kill(process.pid, signal.SIGKILL)   # the main process only, as `kill -9 PID` does
        process.wait(SAFETY)
        assert wait_until_gone(workers, 5) == set(), "render workers outlived the main process"
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)   # whatever is left of the build's group
        except ProcessLookupError:
            pass
        process.communicate()


WATCHED = """
import os, sys, time
from tenderpack import parallel
parent = os.getpid()
child = os.fork()
if child == 0:
    sys.platform = "unknown"   # no prctl: only the watching thread can end this worker
    parallel._end_with_parent(parent)
    time.sleep(300)
    os._exit(0)
print(child, flush=True)
time.sleep(300)
"""


def test_without_prctl_a_worker_notices_its_parent_has_gone():
    """The portable fallback: a thread in the worker ends it once its main process has gone."""
    from tenderpack.limits import WORKER_ORPHAN_SECONDS

    process = subprocess.Popen([sys.executable, "-c", WATCHED], stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        worker = int(process.stdout.readline())
        time.sleep(WORKER_ORPHAN_SECONDS * 1.5)   # the worker outlives an ordinary poll of its parent
        assert alive(worker)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(SAFETY)
        assert wait_until_gone({worker}, WORKER_ORPHAN_SECONDS + 4) == set()
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.communicate()


def test_a_worker_whose_parent_died_before_it_started_ends_at_once():
    """The race: the main process died before the worker asked to die with it."""
    code = "from tenderpack import parallel; parallel._end_with_parent(1); print('still running')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=SAFETY)
    assert result.returncode == 1 and "still running" not in result.stdout


# ---------------------------------------------------------------------------- the time a document may take


def assert_stopped(result, site: Path, limit: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    message = result.stderr
    assert "invitation-to-tender" in message and "faulty" in message, message
    assert f"after {limit} s" in message and "DOCUMENT_RENDER_SECONDS" in message, message
    assert sorted(os.listdir(site)) == [], "the build left a pack or a temporary folder"


def test_a_worker_over_the_time_limit_is_killed_and_the_build_stops(tmp_path, hang, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setenv(RENDER_SECONDS_ENV, "1")
    started = time.monotonic()
    result = CliRunner().invoke(cli, build_args(site / "out", "--jobs", "2"))
    assert time.monotonic() - started < 60   # the writer itself would hang for 120 s
    assert_stopped(result, site, "1")
    assert "--template-dir" not in result.stderr
    assert not alive(int(hang.read_text())), "the late worker was not killed"


def test_in_one_process_a_render_over_the_limit_stops_the_build(tmp_path, hang, monkeypatch):
    """--jobs 1: no worker to kill, so the render is interrupted; a house style is named as a
    likely cause, and the alarm is put back as it was."""
    site = tmp_path / "site"
    site.mkdir()
    style = tmp_path / "style"
    style.mkdir()
    shutil.copy(data_dir("templates") / "print.css", style / "print.css")
    monkeypatch.setenv(RENDER_SECONDS_ENV, "0.5")
    result = CliRunner().invoke(cli, build_args(site / "out", "--jobs", "1", "--template-dir", str(style)))
    assert_stopped(result, site, "0.5")
    assert f"--template-dir {style}" in result.stderr
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def _slow_write(writer, document, target, templates, fmt, what):
    target.write_text("half")
    if what == "slow":
        for _ in range(SAFETY * 20):
            time.sleep(0.05)


def test_outside_the_main_thread_a_render_over_the_limit_is_stopped_too(tmp_path):
    """build() called from a thread (a web server's, say) has no signals: a timer stops it."""
    tasks = [Task(Document(id=name, title=name, sections=[]), "txt", object(), tmp_path / name, name)
             for name in ("quick", "slow")]
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            render_all(tasks, Templates(), _slow_write, 1, None, lambda task: None, seconds=0.5)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - the test reads it
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(SAFETY)
    assert not thread.is_alive()
    [error] = outcome
    assert isinstance(error, BuildError) and "slow" in str(error) and "DOCUMENT_RENDER_SECONDS" in str(error)


def test_a_writer_that_swallows_the_interruption_is_stopped_all_the_same(tmp_path):
    """C code may swallow an exception raised in its callback and go on: the alarm rings again."""
    def stubborn(writer, document, target, templates, fmt, what):
        swallowed = 0
        deadline = time.monotonic() + SAFETY
        while time.monotonic() < deadline:
            try:
                time.sleep(0.05)
            except BaseException:
                if swallowed:
                    raise
                swallowed += 1

    tasks = [Task(Document(id="stubborn", title="s", sections=[]), "txt", object(), tmp_path / "s", "stubborn")]
    started = time.monotonic()
    with pytest.raises(BuildError, match="stubborn"):
        render_all(tasks, Templates(), stubborn, 1, None, lambda task: None, seconds=0.3)
    assert time.monotonic() - started < 10


def test_a_render_within_the_limit_leaves_no_alarm_behind(tmp_path):
    """A quick render in a thread: no stray interruption reaches the thread afterwards."""
    tasks = [Task(Document(id="quick", title="q", sections=[]), "txt", object(), tmp_path / "q", "quick")]
    outcome: list[str] = []

    def run() -> None:
        render_all(tasks, Templates(), _slow_write, 1, None, lambda task: None, seconds=0.2)
        time.sleep(0.5)   # past the limit: an alarm left armed would strike here
        outcome.append("finished")

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(SAFETY)
    assert outcome == ["finished"]


@pytest.mark.parametrize("given", ["abc", "0", "-5", "nan", "inf"])
def test_a_bad_time_limit_in_the_environment_is_bad_input(monkeypatch, given):
    monkeypatch.setenv(RENDER_SECONDS_ENV, given)
    with pytest.raises(InputError, match=RENDER_SECONDS_ENV):
        render_seconds()


def test_the_time_limit_defaults_to_the_named_limit(monkeypatch):
    from tenderpack.limits import DOCUMENT_RENDER_SECONDS

    monkeypatch.delenv(RENDER_SECONDS_ENV, raising=False)
    assert render_seconds() == DOCUMENT_RENDER_SECONDS
    monkeypatch.setenv(RENDER_SECONDS_ENV, "300")
    assert render_seconds() == 300


# ---------------------------------------------------------------------------- when the workers are forked

def _workers_while_composing(monkeypatch, out: Path, *, cache: bool, cache_dir: Path) -> list[int]:
    """How many worker processes exist while the documents are being composed, in a build of
    the minimal spec to docx with two jobs."""
    import multiprocessing

    from tenderpack.build import BuildOptions, build
    from tenderpack.tender import Tender

    seen: list[int] = []
    compose = Tender.compose

    def watched(self, *args, **kwargs):
        seen.append(len(multiprocessing.active_children()))
        return compose(self, *args, **kwargs)

    monkeypatch.setattr(Tender, "compose", watched)
    build(SPEC, out, BuildOptions(formats=("docx",), jobs=2, cache=cache, cache_dir=cache_dir))
    return seen


def test_a_first_build_forks_its_workers_before_composing(tmp_path, monkeypatch):
    # Their imports (WeasyPrint's 0.4 s) then overlap the composing (issue 12, item 8).
    assert _workers_while_composing(monkeypatch, tmp_path / "pack", cache=True, cache_dir=tmp_path / "c") == [2]
    assert not [p for p in __import__("multiprocessing").active_children()]   # and they are gone after


def test_a_rebuild_forks_no_workers_before_it_knows_what_to_render(tmp_path, monkeypatch):
    # A rebuild renders only what changed (often nothing): workers would cost more than they save.
    out, cache_dir = tmp_path / "pack", tmp_path / "c"
    _workers_while_composing(monkeypatch, out, cache=True, cache_dir=cache_dir)
    assert _workers_while_composing(monkeypatch, out, cache=True, cache_dir=cache_dir) == [0]


def test_a_build_without_the_cache_forks_early_even_into_an_old_pack(tmp_path, monkeypatch):
    out = tmp_path / "pack"
    _workers_while_composing(monkeypatch, out, cache=False, cache_dir=tmp_path / "c")
    assert _workers_while_composing(monkeypatch, out, cache=False, cache_dir=tmp_path / "c") == [2]
