"""Write a pack safely: everything into a temporary folder beside OUT, then swap it in.

    with staging(out) as stage:
        ...write files into stage.folder, stage.add(...) each...
        pack = stage.commit(manifest)

OUT holds either the previous complete pack or the new complete pack, never a mixture. A
failed or interrupted build (an error, a full disk, Ctrl-C, SIGTERM) leaves an earlier pack
in OUT untouched and no temporary folder behind. OUT is replaced only if it is empty or
holds a pack tenderpack wrote and nothing else (see manifest.not_a_pack), so a typo in -o
can never delete someone's unrelated files. An OUT that is a symbolic link to a folder is
followed: the pack is published into the folder it points to, and the link stays.

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
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import BuildError, InputError, Terminated  # noqa: F401  (Terminated: re-exported)
from .manifest import MANIFEST, not_a_pack, stamped, to_bytes

DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))   # no room, or the quota used up
NAME_ROOM = 100   # characters of OUT's name kept in our folders' names, so they fit the system's 255

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


def resolve_target(out: Path) -> Path:
    """The folder a pack for ``out`` goes into; InputError if a build must not replace it.

    A link to a folder is followed. A folder is replaced only when it is empty or holds a
    pack that tenderpack wrote and nothing else.
    """
    given = Path(out)
    out = Path(os.path.abspath(given))
    if out.is_symlink():
        target = Path(os.path.realpath(out))
        if not target.is_dir():
            raise InputError(f"{given}: is a link to {target}, which is not a folder; "
                             "give a folder, or a link to one")
        out = target
    if out.exists() and not out.is_dir():
        raise InputError(f"{given}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        reason = not_a_pack(out)
        if reason is not None:
            raise InputError(f"{given}: not replaced, because {reason}; tenderpack replaces only a pack it "
                             "built, so that nothing of yours is deleted: choose a new or empty folder")
    return out


class Stage:
    """The new pack while it is written: files go into ``folder``; ``commit`` swaps it into OUT."""

    def __init__(self, out: Path, folder: Path, previous: bool):
        self.out, self.folder, self.previous = out, folder, previous
        self.files: list[PackFile] = []
        self.pack: Pack | None = None

    def add(self, rel: str, fmt: str, document: str | None, title: str | None = None) -> PackFile:
        """Record a file written into the stage at ``rel`` (a path relative to the pack)."""
        entry = PackFile(rel, fmt, document, title=title)
        self.files.append(entry)
        return entry

    def commit(self, manifest: dict) -> Pack:
        """Hash every file, write manifest.json, and swap the new pack into OUT."""
        if self.pack is not None:
            raise BuildError(f"{self.out}: the pack was already published")
        for f in self.files:
            target = self.folder / f.path
            f.bytes, f.sha256 = target.stat().st_size, sha256(target)
        manifest = stamped(manifest, [asdict(f) for f in self.files])
        (self.folder / MANIFEST).write_bytes(to_bytes(manifest))
        _follow_umask(self.folder)
        _sync_tree(self.folder)
        _swap(self.folder, self.out)
        _sync_folder(self.out.parent)
        self.pack = Pack(self.out, self.files, manifest)
        return self.pack


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Stage]:
    """A new pack for ``out``, published only by ``stage.commit``; removed if anything fails first."""
    out = resolve_target(out)
    with _sigterm_stops_build():
        previous = (out / MANIFEST).is_file()
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            _remove_leftovers(out)
            previous = (out / MANIFEST).is_file()
            tmp = _new_folder(out, "tmp")
        except OSError as exc:
            raise _os_error(exc, out, previous, "cannot create the output folder") from None
        stage = Stage(out, tmp, previous)
        try:
            yield stage
            if stage.pack is None:
                raise BuildError(f"{out}: the build ended without publishing the pack; nothing was written")
        except BaseException as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if isinstance(exc, OSError) or (isinstance(exc, Exception) and _is_disk_full(exc)):
                raise _os_error(exc, out, previous, "cannot write the pack") from exc
            if isinstance(exc, KeyboardInterrupt):
                # for the message: an earlier pack is still there (KeyboardInterrupt declares no such attribute)
                setattr(exc, "kept", out if previous else None)
            raise
        finally:
            _ACTIVE.discard(tmp)


def publish(out: Path, fill: Callable[[Path], list[PackFile]],
            manifest: dict | Callable[[list[PackFile]], dict]) -> Pack:
    """Call ``fill(tmp)`` to write the files, then publish them with ``manifest``.

    ``manifest`` may be a function of the files written, for entries known only after writing.
    """
    with staging(out) as stage:
        stage.files.extend(fill(stage.folder))
        base = manifest(stage.files) if callable(manifest) else manifest
        return stage.commit(base)


def _follow_umask(folder: Path) -> None:
    """Give every file and folder of the pack the mode the user's umask asks for.

    Writers may create files privately (tempfile.mkstemp makes them 0600); a pack on a shared
    drive must open for colleagues as any other file the user saves there would.
    """
    mask = _umask()
    for here, dirs, names in os.walk(folder):
        os.chmod(here, 0o777 & ~mask)
        for name in names:
            path = os.path.join(here, name)
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.chmod(path, 0o666 & ~mask)


def _umask() -> int:
    try:   # Linux says it without changing it (os.umask would, for a moment, for every thread)
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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


def _short(out: Path) -> str:
    """OUT's name as our folders carry it: a long name is cut and marked with its hash."""
    if len(out.name) <= NAME_ROOM:
        return out.name
    return f"{out.name[:NAME_ROOM - 9]}~{hashlib.sha256(out.name.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"


def _name(out: Path, kind: str) -> Path:
    """A new name beside OUT for a folder of ours; the pid and machine say who owns it."""
    return out.parent / f".{_short(out)}.{kind}-{os.getpid()}@{_HOST}-{secrets.token_hex(4)}"


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
    ours = re.compile(rf"\.{re.escape(_short(out))}\.(tmp|old)-(\d+)@([A-Za-z0-9_-]*)-[0-9a-f]{{8}}")
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
