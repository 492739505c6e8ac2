"""Write a pack safely: everything into a temporary folder beside OUT, then swap it in.

OUT holds either the previous complete pack or the new complete pack, never a mixture. A
failed or interrupted build (an error, a full disk, Ctrl-C, SIGTERM) leaves an earlier pack
in OUT untouched and no temporary folder behind. OUT is replaced only if it is empty or
holds a tenderpack pack, so a typo in -o can never delete someone's unrelated files.

The folders beside OUT are named ``.OUT.tmp-PID@HOST-XXXXXXXX`` (the new pack being
written) and ``.OUT.old-PID@HOST-XXXXXXXX`` (the previous pack, during the swap). A build
killed outright (SIGKILL, a crash of Python itself) cannot clean up, so the next build into
OUT removes the folders whose process is gone, and puts the previous pack back first if the
build died in the middle of the swap.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import BuildError, InputError, Terminated  # noqa: F401  (Terminated: re-exported)

MANIFEST = "manifest.json"
DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))   # no room, or the quota used up

# This machine, in the names of our folders: a process id means nothing on another machine
# that shares the folder, so only the machine that made a folder ever removes it as stale.
_HOST = re.sub(r"[^A-Za-z0-9-]", "_", socket.gethostname().split(".")[0])[:32]
# Folders this process is using right now; any other folder with our pid is a leftover.
_ACTIVE: set[Path] = set()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class PackFile:
    """One file of the pack, relative to the pack folder."""

    path: str
    format: str
    document: str | None
    title: str | None = None
    bytes: int = 0
    sha256: str = ""


@dataclass
class Pack:
    """What a build wrote; ``manifest`` is saved as manifest.json inside the pack."""

    out_dir: Path
    files: list[PackFile] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)


def check_target(out: Path) -> None:
    """Refuse an OUT that is a file, or a folder of other things that a swap would delete."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise InputError(f"{out}: folder is not empty and holds no tenderpack pack ({MANIFEST}); "
                         "choose a new or empty folder so nothing of yours is replaced")


def publish(out: Path, fill: Callable[[Path], list[PackFile]],
            manifest: dict | Callable[[list[PackFile]], dict]) -> Pack:
    """Call ``fill(tmp)`` to write the files, hash them, write the manifest, swap into ``out``.

    ``manifest`` may be a function of the files written, for entries known only after writing.
    """
    out = Path(out).absolute()
    check_target(out)
    with _sigterm_stops_build():
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            _remove_leftovers(out)
            previous = (out / MANIFEST).is_file()
            tmp = _new_folder(out, "tmp")
        except OSError as exc:
            raise _os_error(exc, out, False, "cannot create the output folder") from None
        try:
            files = fill(tmp)
            for f in files:
                target = tmp / f.path
                f.bytes, f.sha256 = target.stat().st_size, sha256(target)
            base = manifest(files) if callable(manifest) else manifest
            manifest = {**base, "files": [asdict(f) for f in files]}
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
            _sync_tree(tmp)
            _swap(tmp, out)
            _sync_folder(out.parent)
        except BaseException as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if isinstance(exc, OSError) or (isinstance(exc, Exception) and _is_disk_full(exc)):
                raise _os_error(exc, out, previous, "cannot write the pack") from exc
            raise
        finally:
            _ACTIVE.discard(tmp)
    return Pack(out, files, manifest)


def _swap(tmp: Path, out: Path) -> None:
    """Move the finished pack into place; the old pack is removed only once the new one is in."""
    old = _name(out, "old") if out.exists() else None
    if old is not None:
        _ACTIVE.add(old)
    try:
        try:
            if old is not None:
                os.rename(out, old)
            os.rename(tmp, out)
        except BaseException:
            # Whatever stopped us, and wherever: if OUT is gone, the previous pack goes back.
            if old is not None and old.exists() and not out.exists():
                try:
                    os.rename(old, out)
                except OSError as exc:
                    raise BuildError(f"{out}: the new pack could not be moved into place, nor the previous "
                                     f"one put back ({exc.strerror}); it is in {old}, and the next build "
                                     "into this folder puts it back") from exc
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        _ACTIVE.discard(old)


def _sync_tree(folder: Path) -> None:
    """Put every file of the new pack on disk before the swap.

    Without this a power cut soon after the swap can leave the new pack's names pointing
    at empty files, with the previous pack already deleted.
    """
    for here, _, names in os.walk(folder):
        for name in names:
            fd = os.open(os.path.join(here, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _sync_folder(Path(here))


def _sync_folder(folder: Path) -> None:
    """Put a folder's entries (a rename into it, say) on disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return   # Windows cannot open a folder; its renames are written through anyway
    try:
        os.fsync(fd)
    except OSError:
        pass     # some file systems cannot sync a folder; the files themselves are synced
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------- our folders


def _name(out: Path, kind: str) -> Path:
    """A new name beside OUT for a folder of ours; the pid and machine say who owns it."""
    return out.parent / f".{out.name}.{kind}-{os.getpid()}@{_HOST}-{secrets.token_hex(4)}"


def _new_folder(out: Path, kind: str) -> Path:
    # os.mkdir rather than tempfile.mkdtemp: mkdtemp's mode 0700 would travel with the pack,
    # so colleagues could not open a pack built into a shared folder.
    while True:
        folder = _name(out, kind)
        _ACTIVE.add(folder)   # before it exists, so no other thread takes it for a leftover
        try:
            os.mkdir(folder)
            return folder
        except FileExistsError:
            _ACTIVE.discard(folder)
        except BaseException:
            _ACTIVE.discard(folder)
            raise


def _remove_leftovers(out: Path) -> None:
    """Remove the folders a dead build left beside OUT; first put back a pack it had moved out.

    Best effort: a leftover that cannot be removed does not stop this build.
    """
    ours = re.compile(rf"\.{re.escape(out.name)}\.(tmp|old)-(\d+)@([A-Za-z0-9_-]*)-[0-9a-f]{{8}}")
    with contextlib.suppress(OSError):
        for folder in sorted(out.parent.iterdir()):
            match = ours.fullmatch(folder.name)
            if match is None or not _abandoned(folder, int(match[2]), match[3]):
                continue
            with contextlib.suppress(OSError):
                if match[1] == "old" and not out.exists() and (folder / MANIFEST).is_file():
                    os.rename(folder, out)   # the build died between its two renames
                else:
                    shutil.rmtree(folder)


def _abandoned(folder: Path, pid: int, host: str) -> bool:
    """Whether the process that made ``folder`` is gone, as far as this machine can tell."""
    if host != _HOST or os.name != "posix":   # on Windows, os.kill(pid, 0) would kill the process
        return False
    if folder.is_symlink() or not folder.is_dir() or folder.stat().st_uid != os.getuid():
        return False
    if pid == os.getpid():
        return folder not in _ACTIVE
    try:
        os.kill(pid, 0)   # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:       # it exists but is someone else's
        return False
    return False


# ---------------------------------------------------------------------------- failures


@contextlib.contextmanager
def _sigterm_stops_build() -> Iterator[None]:
    """Turn SIGTERM into an exception while the pack is written, so the clean-up runs.

    By default SIGTERM ends the process at once and would leave the temporary folder behind.
    A program that handles (or ignores) SIGTERM itself keeps its own handler; signals can be
    handled only in the main thread.
    """
    if threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        if not stopping:   # once: a second SIGTERM must not interrupt the clean-up
            stopping = True
            raise Terminated("stopped by SIGTERM")

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _is_disk_full(exc: BaseException | None) -> bool:
    """Whether ``exc``, or an error it came from, is a full disk (or a used-up quota)."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _os_error(exc: BaseException, out: Path, previous: bool, doing: str) -> BuildError:
    """A failure of the file system, in plain words, naming the folder."""
    kept = f"the pack already in {out} is unchanged" if previous else "nothing was written"
    if _is_disk_full(exc):
        return BuildError(f"the disk is full: there is no space left in {out.parent} to write the pack; "
                          f"free some space and build again ({kept})")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return BuildError(f"{out.parent}: {doing} ({reason}); {kept}")
