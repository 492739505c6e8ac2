"""Faults during a build: OUT holds the previous complete pack or the new one, never a mixture.

Every case reads the output back: after the fault, OUT is byte for byte the pack that was
there before (each file against the earlier manifest.json, and `tenderpack verify`), or,
where there was none, OUT does not exist; and nothing is left beside it (no .OUT.tmp-* or
.OUT.old-* folders). The failures come from tests/plugins/faulty (see its docstring), loaded
with --plugins-dir like any outside plugin. Builds pass --no-cache so the writer always runs.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderpack.build import BuildOptions, build
from tenderpack.cli import cli
from tenderpack.errors import TenderpackError
from tenderpack.publish import _HOST, MANIFEST, Terminated, sha256

HERE = Path(__file__).parent
SPEC = HERE / "fixtures" / "minimal.yaml"
FAULTY = HERE / "plugins" / "faulty"
FORMATS = "docx,faulty"
SAFETY = 120   # seconds: only a net for a broken build; no test waits for a time to pass


def build_args(out: Path, *extra: str) -> list[str]:
    return ["build", str(SPEC), "-o", str(out), "--format", FORMATS, "--plugins-dir", str(FAULTY),
            "--no-cache", *extra]


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def snapshot(out: Path) -> dict[str, str]:
    """Every file under OUT (its manifest too) with its SHA-256."""
    return {p.relative_to(out).as_posix(): sha256(p) for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def first_pack(tmp_path_factory) -> Path:
    """A complete pack, built once; each test copies it into place as its previous pack."""
    out = tmp_path_factory.mktemp("first") / "out"
    result = run(*build_args(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def site(tmp_path) -> Path:
    """The folder OUT lives in: a test owns all of it, so anything left over shows."""
    folder = tmp_path / "site"
    folder.mkdir()
    return folder


@pytest.fixture
def previous(first_pack, site) -> dict[str, str]:
    """OUT holds a complete pack; returns its files' hashes, as listed in its manifest.json."""
    shutil.copytree(first_pack, site / "out")
    manifest = json.loads((site / "out" / MANIFEST).read_text(encoding="utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert len(listed) > 20 and snapshot(site / "out") == {**listed, MANIFEST: sha256(site / "out" / MANIFEST)}
    return snapshot(site / "out")


@pytest.fixture
def fault(monkeypatch):
    def set_fault(kind: str, at: str = "invitation-to-tender") -> None:
        monkeypatch.setenv("TENDERPACK_FAULT", kind)
        monkeypatch.setenv("TENDERPACK_FAULT_AT", at)
    return set_fault


def assert_unchanged(site: Path, previous: dict[str, str] | None) -> None:
    """OUT is exactly the previous pack (or absent if there was none), and nothing else is in the site."""
    out = site / "out"
    if previous is None:
        assert sorted(os.listdir(site)) == []
        return
    assert sorted(os.listdir(site)) == ["out"], "a temporary folder was left beside OUT"
    assert snapshot(out) == previous
    listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert {f["path"]: f["sha256"] for f in listed} == {k: v for k, v in previous.items() if k != MANIFEST}
    verified = run("verify", out)
    assert verified.exit_code == 0, verified.output


def assert_failed(result, code: int = 1) -> None:
    """The build failed with ``code`` and a message, and no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.stderr.strip(), "no message said why the build failed"


# ---------------------------------------------------------------------------- writers and plugins


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_writer_fails_midway_previous_pack_kept(site, previous, fault, jobs):
    """A writer plugin that writes half a file and raises, in the main process or a worker."""
    fault("writer-raise")
    result = run(*build_args(site / "out", "--jobs", jobs))
    assert_failed(result)
    assert "faulty writer failed on 'invitation-to-tender'" in result.stderr
    assert_unchanged(site, previous)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_writer_fails_midway_no_pack_before(site, fault, jobs):
    """With no pack before, a failed build leaves no OUT at all."""
    fault("writer-raise")
    result = run(*build_args(site / "out", "--jobs", jobs))
    assert_failed(result)
    assert_unchanged(site, None)


def test_writer_fails_after_files_were_written(site, previous, fault):
    """The failure really is midway: with one job, the documents before it were written first."""
    fault("writer-raise", at="draft-contract")
    result = run(*build_args(site / "out", "--jobs", "1"))
    assert_failed(result)
    assert "wrote  invitation-to-tender.txt" in result.stdout
    assert_unchanged(site, previous)


@pytest.mark.parametrize("kind, says", [
    ("sections-raise", "RuntimeError: no sections for"),
    ("sections-raise-on:4", "RuntimeError: failed on call 4"),
])
def test_content_plugin_raises(site, previous, fault, kind, says):
    """A document_sections hook that raises, always or only on its 4th call."""
    fault(kind)
    result = run(*build_args(site / "out"))
    assert_failed(result)
    assert "plugin 'faulty' failed in hook document_sections" in result.stderr and says in result.stderr
    assert_unchanged(site, previous)


def test_artifact_content_raises_after_documents_written(site, previous, fault):
    """A plugin's artifact whose content, computed after every document is written, raises."""
    fault("artifact-raise")
    result = run(*build_args(site / "out"))
    assert_failed(result)
    assert "the index broke after" in result.stderr
    assert_unchanged(site, previous)


def test_pack_built_raises_new_pack_stays(site, previous, fault):
    """pack_built runs once the new pack is in place: it is reported, and the complete new pack stays."""
    fault("pack-built-raise")
    result = run(*build_args(site / "out"))
    assert_failed(result)
    assert "failed in hook pack_built" in result.stderr
    assert sorted(os.listdir(site)) == ["out"]
    assert run("verify", site / "out").exit_code == 0


# ---------------------------------------------------------------------------- a full disk


def assert_disk_full(message: str, site: Path) -> None:
    assert "the disk is full" in message and str(site) in message, message


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_disk_full_in_writer(site, previous, fault, jobs):
    """A writer that fills the disk: the message says so in plain words and names the folder."""
    fault("writer-enospc")
    result = run(*build_args(site / "out", "--jobs", jobs))
    assert_failed(result)
    assert_disk_full(result.stderr, site)
    assert_unchanged(site, previous)


def test_disk_full_in_writer_no_pack_before(site, fault):
    fault("writer-enospc")
    result = run(*build_args(site / "out", "--jobs", "1"))
    assert_failed(result)
    assert_disk_full(result.stderr, site)
    assert "nothing was written" in result.stderr
    assert_unchanged(site, None)


def test_disk_full_writing_manifest(site, previous, monkeypatch):
    """The disk fills up while manifest.json is written, the last file before the swap."""
    real = Path.write_bytes
    hits = []

    def write_bytes(self, data, *args, **kwargs):
        if self.name == MANIFEST and self.parent.name.startswith(".out.tmp-"):
            hits.append(self)
            real(self, data[: len(data) // 2], *args, **kwargs)   # half of it reaches the disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    result = run(*build_args(site / "out"))
    assert hits, "the manifest was not written through Path.write_bytes; the fault never happened"
    assert_failed(result)
    assert_disk_full(result.stderr, site)
    assert_unchanged(site, previous)


def failing_renames(monkeypatch, site: Path, fail_on: dict[int, BaseException]) -> list:
    """Make os.rename and os.replace of folders in ``site`` raise on the given calls (1-based)."""
    calls = []
    for name in ("rename", "replace"):
        real = getattr(os, name)

        def move(src, dst, *args, _real=real, **kwargs):
            if Path(src).parent == site:
                calls.append((Path(src).name, Path(dst).name))
                if len(calls) in fail_on:
                    raise fail_on[len(calls)]
            return _real(src, dst, *args, **kwargs)
        monkeypatch.setattr(os, name, move)
    return calls


def test_disk_full_during_swap(site, previous, monkeypatch):
    """Moving the new pack into place fails with ENOSPC: the previous pack is put back."""
    calls = failing_renames(monkeypatch, site, {2: OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))})
    result = run(*build_args(site / "out"))
    assert_failed(result)
    assert_disk_full(result.stderr, site)
    assert [dst for _, dst in calls] == [calls[0][1], "out", "out"]   # out moved aside, new pack refused, put back
    assert_unchanged(site, previous)


# ---------------------------------------------------------------------------- a crash in the swap


@pytest.mark.parametrize("error, code", [(OSError(errno.EIO, os.strerror(errno.EIO)), 1),
                                         (KeyboardInterrupt(), 130)])
def test_crash_during_swap_restores_previous_pack(site, previous, monkeypatch, error, code):
    """The second rename (the new pack into OUT) fails: the first is undone."""
    calls = failing_renames(monkeypatch, site, {2: error})
    result = run(*build_args(site / "out"))
    assert_failed(result, code)
    assert len(calls) == 3 and calls[2][1] == "out"
    assert_unchanged(site, previous)


def test_swap_and_putting_back_both_fail_next_build_restores(site, previous, monkeypatch, fault):
    """If even putting the previous pack back fails, the error says where it is, and the next
    build (even one that fails) puts it back first."""
    eio = OSError(errno.EIO, os.strerror(errno.EIO))
    failing_renames(monkeypatch, site, {2: eio, 3: eio})
    result = run(*build_args(site / "out"))
    assert_failed(result)
    aside = [name for name in os.listdir(site) if name.startswith(".out.old-")]
    assert sorted(os.listdir(site)) == aside and len(aside) == 1   # OUT is gone, the pack is aside
    assert str(site / aside[0]) in result.stderr
    assert snapshot(site / aside[0]) == previous
    monkeypatch.undo()
    fault("writer-raise")
    assert_failed(run(*build_args(site / "out")))
    assert_unchanged(site, previous)


# ---------------------------------------------------------------------------- interrupted in the process


def test_keyboard_interrupt_in_writer(site, previous, fault):
    """Ctrl-C while a writer runs: exit code 130, the previous pack kept, no temporary folder."""
    fault("writer-interrupt")
    result = run(*build_args(site / "out", "--jobs", "1"))
    assert_failed(result, 130)
    assert "interrupted" in result.stderr
    assert f"the pack already in {site / 'out'} is unchanged" in result.stderr
    assert_unchanged(site, previous)


def test_sigterm_in_process_becomes_an_exception_and_handler_restored(site, previous, fault):
    """SIGTERM during build() stops it like Ctrl-C; the default handler is back afterwards."""
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    fault("writer-sigterm")
    options = BuildOptions(formats=tuple(FORMATS.split(",")), plugins_dirs=(FAULTY,), jobs=1, cache=False)
    with pytest.raises(Terminated):
        build(SPEC, site / "out", options)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert_unchanged(site, previous)


def test_sigterm_handler_of_the_program_is_kept(site, previous, fault):
    """A program with its own SIGTERM handler keeps it during a build (and its choice is honoured)."""
    class Stop(Exception):
        pass

    def handler(signum, frame):
        raise Stop
    before = signal.signal(signal.SIGTERM, handler)
    try:
        fault("writer-sigterm")
        options = BuildOptions(formats=tuple(FORMATS.split(",")), plugins_dirs=(FAULTY,), jobs=1, cache=False)
        with pytest.raises(TenderpackError, match="Stop"):   # the writer's error, wrapped by the engine
            build(SPEC, site / "out", options)
        assert signal.getsignal(signal.SIGTERM) is handler
    finally:
        signal.signal(signal.SIGTERM, before)
    assert_unchanged(site, previous)


# ---------------------------------------------------------------------------- signals from outside


def start_hanging_build(site: Path, tmp_path: Path, jobs: str) -> tuple[subprocess.Popen, Path]:
    """`tenderpack build` in its own process group, stopped inside a writer that has written half
    its file; returns once the writer says so (through a file), so no test guesses at timing."""
    ready = tmp_path / "ready"
    env = {**os.environ, "TENDERPACK_FAULT": "writer-hang", "TENDERPACK_FAULT_AT": "invitation-to-tender",
           "TENDERPACK_FAULT_READY": str(ready)}
    process = subprocess.Popen([sys.executable, "-m", "tenderpack", *build_args(site / "out", "--jobs", jobs)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + SAFETY
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            out, err = process.communicate()
            pytest.fail(f"the build never reached the hanging writer: {out} {err}")
        time.sleep(0.02)
    # The half-written file is in the temporary folder beside OUT right now.
    assert [p for p in site.iterdir() if p.name.startswith(".out.tmp-")]
    return process, ready


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=SAFETY)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"the build did not stop: {out} {err}")
    return process.returncode, out, err


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("sig, group, codes", [
    (signal.SIGINT, True, {130}),    # Ctrl-C in a terminal reaches the whole process group
    (signal.SIGTERM, False, {143}),  # kill PID
    # docker stop, systemd: every process at once; a worker may die before the main process
    # hears of it, so the build may end as a failure rather than an interruption.
    (signal.SIGTERM, True, {1, 143}),
], ids=["SIGINT-group", "SIGTERM", "SIGTERM-group"])
def test_signal_while_writing(site, previous, tmp_path, sig, group, codes, jobs):
    """A real build stopped by a signal while a writer is writing: the previous pack is kept."""
    process, _ = start_hanging_build(site, tmp_path, jobs)
    (os.killpg if group else os.kill)(process.pid, sig)
    code, out, err = finish(process)
    assert code in codes, (code, out, err)
    assert "Traceback" not in err, err
    assert_unchanged(site, previous)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigkill_while_writing_next_build_removes_leftovers(site, previous, tmp_path, jobs):
    """SIGKILL cannot be handled: the previous pack is intact but the temporary folder stays,
    until the next build into OUT removes it (its process is gone)."""
    process, _ = start_hanging_build(site, tmp_path, jobs)
    os.killpg(process.pid, signal.SIGKILL)
    code, _, _ = finish(process)
    assert code == -signal.SIGKILL
    leftovers = [name for name in os.listdir(site) if name.startswith(".out.tmp-")]
    assert len(leftovers) == 1 and leftovers[0].startswith(f".out.tmp-{process.pid}@")
    assert snapshot(site / "out") == previous and run("verify", site / "out").exit_code == 0
    result = run(*build_args(site / "out"))
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(site)) == ["out"]
    assert run("verify", site / "out").exit_code == 0


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_killed_mid_swap_next_build_puts_previous_pack_back(site, previous, fault):
    """A build killed between its two renames leaves OUT gone, the previous pack in .out.old-*
    and the new one in .out.tmp-*: the next build, even a failing one, puts the previous back."""
    pid = dead_pid()
    os.rename(site / "out", site / f".out.old-{pid}@{_HOST}-0123abcd")
    shutil.copytree(site / f".out.old-{pid}@{_HOST}-0123abcd", site / f".out.tmp-{pid}@{_HOST}-4567cdef")
    fault("writer-raise")
    assert_failed(run(*build_args(site / "out")))
    assert_unchanged(site, previous)


def test_leftovers_of_others_are_never_removed(site, previous, tmp_path):
    """Only folders named by tenderpack, on this machine, whose process is gone, are removed."""
    alive = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        kept = [f".out.tmp-{alive.pid}@{_HOST}-0123abcd",     # a build still running
                f".out.old-{dead_pid()}@elsewhere-0123abcd",  # another machine's: its pid means nothing here
                f".out.tmp-{dead_pid()}@{_HOST}-mine",        # not a name tenderpack makes
                ".out.tmp-notes", ".out.old-1", "out.tmp-1"]
        for name in kept:
            (site / name).mkdir()
            (site / name / "precious.txt").write_text("keep me")
        outside = tmp_path / "elsewhere"
        outside.mkdir()
        (outside / "precious.txt").write_text("keep me")
        link = f".out.tmp-{dead_pid()}@{_HOST}-89abcdef"      # a link to someone else's folder
        (site / link).symlink_to(outside, target_is_directory=True)
        removed = f".out.tmp-{dead_pid()}@{_HOST}-fedcba98"
        (site / removed).mkdir()
        result = run(*build_args(site / "out"))
        assert result.exit_code == 0, result.output
        assert sorted(os.listdir(site)) == sorted([*kept, link, "out"])
        assert all((site / name / "precious.txt").read_text() == "keep me" for name in kept)
        assert (outside / "precious.txt").read_text() == "keep me"
    finally:
        alive.communicate(b"")
