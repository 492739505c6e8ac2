"""The buyer's own files that a specification attaches (``attachments:``), checked and copied.

Reading a spec checks every attached file, so that ``tenderpack validate`` reports a problem
at its ``file:`` line: the file must lie inside the spec's folder once links are resolved (no
absolute path, no ``..``, no link that leads out), be an ordinary file (not a folder, a named
pipe or a device), be readable and not empty, and keep within ATTACHMENT_MAX_BYTES, with
ATTACHMENTS_MAX_BYTES for all of them together. Each file is hashed as it is checked, and the
result travels with the spec (``files(spec)``); the build copies the file again with ``copy``,
which hashes what it copies and stops the build if the bytes are no longer those checked.

A spec made without a file (``Spec.model_validate``) has no folder, so its attachments name no
file that can be checked: ``files`` says so rather than guess.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from .errors import BuildError
from .limits import ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX_BYTES, ATTACHMENTS_MAX_COUNT
from .spec import Spec, quoted

_CHUNK = 1 << 20
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISSOCK, "a socket"))


@dataclass(frozen=True)
class CheckedFile:
    """One attached file as the reader checked it: where it really is, its size and its SHA-256."""

    given: str      # the path as the spec gives it
    folder: Path    # the spec's folder, links resolved
    source: Path    # the file itself, links resolved (inside ``folder``)
    bytes: int
    sha256: str
    where: str      # "tender.yaml:45:11: attachments[0].file", for messages at build time
    title: str = ""   # the rest from the validated spec (``Checked.keep``)
    path: str = ""    # where the build puts it in the pack, such as "attachments/site-list.csv"

    @property
    def format(self) -> str:
        """The file's extension, as a pack file's format ("pdf", "csv"), or "file" when it has none."""
        name = PurePosixPath(self.path).name
        return name.rpartition(".")[2] if "." in name else "file"


@dataclass
class Checked:
    """What checking the attachments found: problems by field path, and the files that passed."""

    problems: list[tuple[tuple, str]] = field(default_factory=list)
    files: dict[int, CheckedFile] = field(default_factory=dict)

    def keep(self, spec: Spec) -> Spec:
        """``spec`` with its checked files, so that the build copies exactly those bytes."""
        if spec.attachments:
            spec._attached = tuple(replace(self.files[i], title=a.title, path=a.pack_path)
                                   for i, a in enumerate(spec.attachments))
        return spec


class _Refused(Exception):
    """A file that cannot be attached; the message says why, in the user's words."""


def check(data: Any, spec_path: Path, positions) -> Checked:
    """Check every file the spec's data attaches; ``positions`` (reader.Positions) locate them.

    Entries the spec model will refuse anyway (no file, not text, too many) are left to it.
    """
    found = Checked()
    items = data.get("attachments") if isinstance(data, dict) else None
    if not isinstance(items, list) or len(items) > ATTACHMENTS_MAX_COUNT:
        return found
    folder = Path(os.path.realpath(Path(spec_path).absolute().parent))
    total = 0
    for i, item in enumerate(items):
        given = item.get("file") if isinstance(item, dict) else None
        if not isinstance(given, str) or not given:
            continue
        here = ("attachments", i, "file")
        try:
            fd, info, source = _open(folder, given)
            if total + info.st_size > ATTACHMENTS_MAX_BYTES:
                os.close(fd)
                raise _Refused(f"with this file, the attached files add up to {_size(total + info.st_size)}, over "
                               f"the limit of {_size(ATTACHMENTS_MAX_BYTES)} for all of them together "
                               "(ATTACHMENTS_MAX_BYTES)")
            size, digest = _stream(fd, given)
            if size > ATTACHMENT_MAX_BYTES:   # it grew after its size was read
                raise _Refused(_too_big(given, size))
        except _Refused as exc:
            found.problems.append((here, str(exc)))
            continue
        total += size
        line, column = positions.find(here)
        where = ":".join(str(p) for p in (spec_path, line, column) if p is not None)
        found.files[i] = CheckedFile(given, folder, source, size, digest, f"{where}: attachments[{i}].file")
    return found


def files(spec: Spec) -> list[CheckedFile]:
    """The checked file of each of the spec's attachments, in order (none: an empty list).

    BuildError when the spec has attachments but was not read from a file.
    """
    if not spec.attachments:
        return []
    attached = spec._attached
    if attached is None or len(attached) != len(spec.attachments):
        raise BuildError("the specification attaches files (attachments), but it was not read from a file, so "
                         "there is no folder to find them in and they were never checked: read it with "
                         "tenderpack.reader.read_spec(path), not Spec.model_validate")
    return list(attached)


def copy(checked: CheckedFile, target: Path) -> None:
    """Copy the file into ``target`` (a new file), exactly as it was checked.

    The file is found and opened again as the reader did (no link followed on the way), and
    what is copied is hashed: BuildError if it is gone, has moved or has changed since.
    """
    with open(target, "xb") as out:
        try:
            fd, _, source = _open(checked.folder, checked.given)
            if source != checked.source:
                os.close(fd)
                raise _Refused(f"{quoted(checked.given)} now leads to {source}, not to the file that was checked "
                               f"({checked.source})")
            size, digest = _stream(fd, checked.given, out, limit=checked.bytes)
        except _Refused as exc:
            raise BuildError(f"{checked.where}: {exc}, when it was copied into the pack; build again") from None
    if (size, digest) != (checked.bytes, checked.sha256):
        now = (f"more than {checked.bytes:,} bytes" if size > checked.bytes
               else f"{size:,} bytes with SHA-256 {digest[:12]}…")
        raise BuildError(f"{checked.where}: {quoted(checked.given)} changed after the specification was checked (it "
                         f"was {checked.bytes:,} bytes with SHA-256 {checked.sha256[:12]}…, and is now {now}); "
                         "build again once nobody is changing it")


def _open(folder: Path, given: str) -> tuple[int, os.stat_result, Path]:
    """An open descriptor of the ordinary file ``given`` names inside ``folder``, its status and real path."""
    shown = quoted(given)
    rel = given.replace("\\", "/")
    if PurePosixPath(rel).is_absolute() or PureWindowsPath(given).drive:
        raise _Refused(f"{shown} is an absolute path; give the file's path from the folder of the specification "
                       f"({folder}), and keep the file inside that folder")
    parts = PurePosixPath(rel).parts
    if ".." in parts:
        raise _Refused(f"{shown} goes out of the folder of the specification ({folder}) with '..'; put the file "
                       "inside that folder, or in a folder within it")
    try:
        real = Path(os.path.realpath(folder.joinpath(*parts)))
        if not real.is_relative_to(folder):
            raise _Refused(f"{shown} is a link to {real}, outside the folder of the specification ({folder}); "
                           "copy the file into that folder")
        info = os.lstat(real)
    except FileNotFoundError:
        raise _Refused(f"file not found: {folder.joinpath(*parts)}") from None
    except ValueError:   # a NUL in the name (reported as a control character too)
        raise _Refused(f"{shown} is not a file name") from None
    except OSError as exc:
        raise _Refused(f"{shown} cannot be read ({exc.strerror})") from None
    if stat.S_ISLNK(info.st_mode):
        raise _Refused(f"{shown} is a link that leads round in a loop; give the file itself")
    if stat.S_ISDIR(info.st_mode):
        raise _Refused(f"{shown} is a folder; give a file")
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "a special file")
        raise _Refused(f"{shown} is {kind}, not an ordinary file")
    if info.st_size > ATTACHMENT_MAX_BYTES:
        raise _Refused(_too_big(given, info.st_size))
    if info.st_size == 0:
        raise _Refused(f"{shown} is empty; attach the document itself")
    try:
        fd = os.open(real, _FLAGS)
    except OSError as exc:
        raise _Refused(f"{shown} cannot be read ({exc.strerror.lower() if exc.strerror else exc})") from None
    opened = os.fstat(fd)
    if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino) or not stat.S_ISREG(opened.st_mode):
        os.close(fd)
        raise _Refused(f"{shown} changed while it was being checked; try again")
    return fd, opened, real


def _stream(fd: int, given: str, out=None, limit: int = ATTACHMENT_MAX_BYTES) -> tuple[int, str]:
    """Read the open file ``fd`` (and close it), writing it to ``out`` if given: its size and SHA-256.

    No more than ``limit`` bytes are read, and one more to tell that the file is longer.
    """
    digest, size = hashlib.sha256(), 0
    with os.fdopen(fd, "rb") as handle:
        while size <= limit:
            try:
                chunk = handle.read(min(_CHUNK, limit + 1 - size))
            except OSError as exc:   # a failing disk or network share (a full disk, writing, is not this)
                raise _Refused(f"{quoted(given)} cannot be read ({exc.strerror or exc})") from None
            if not chunk:
                break
            size += len(chunk)
            digest.update(chunk)
            if out is not None:
                out.write(chunk)
    return size, digest.hexdigest()


def _too_big(given: str, size: int) -> str:
    return (f"{quoted(given)} is {_size(size)}, over the limit of {_size(ATTACHMENT_MAX_BYTES)} for one attached file "
            "(ATTACHMENT_MAX_BYTES)")


def _size(n: int) -> str:
    """A size as a reader says it: 1.5 MB, 200 MB, 12 KB."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.3g} {unit}" if n < 1000 * size else f"{n // size:,} {unit}"
    return f"{n} bytes"
