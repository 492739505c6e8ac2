"""Finding house-style files: the buyer's --template-dir first, then the built-in templates/.

A template folder is data: a file in it is used only if it is a regular file, lies inside
the folder (no ``..``, no symbolic link on the way) and is within the size limits of
tenderpack.limits. Anything else is refused with a message naming the file.
"""

from __future__ import annotations

import os
import stat
from importlib import resources
from pathlib import Path, PurePosixPath

from .errors import InputError, Issue, Location
from .limits import TEMPLATE_FILE_MAX_BYTES


def data_dir(name: str) -> Path:
    """A data folder shipped with tenderpack ("templates" or "clauses").

    Inside an installed wheel the folders live in the package; in a source checkout they
    are the top-level folders of the repository.
    """
    packaged = Path(str(resources.files("tenderpack"))) / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def size_text(n: int) -> str:
    """A size as a reader says it: 1 MB, 20 MB, 512 KB."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def refused(path: Path | str, message: str) -> InputError:
    """An InputError about one template file, located at that file."""
    return InputError([Issue(Location(file=str(path)), message)])


def template_name(name: str) -> PurePosixPath:
    """``name`` as a path inside a template folder; refuses absolute paths and ``..``."""
    rel = PurePosixPath(name.replace("\\", "/"))
    if not rel.parts or rel.is_absolute() or ".." in rel.parts or "\0" in name:
        raise InputError(f"template {name!r}: not a file name inside the template folder "
                         "(absolute paths and '..' are refused)")
    return rel


def checked_file(folder: Path, name: str) -> Path | None:
    """The file ``name`` inside ``folder``, or None when the folder has no such file.

    Refuses (InputError) a symbolic link anywhere on the way, anything that is not a regular
    file (a fifo, a device) and a file over TEMPLATE_FILE_MAX_BYTES.
    """
    root = folder.resolve()
    path = root
    parts = template_name(name).parts
    for i, part in enumerate(parts):
        path = path / part
        try:
            info = path.lstat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise refused(path, f"cannot read this template file: {exc.strerror}") from exc
        if stat.S_ISLNK(info.st_mode):
            raise refused(path, "a symbolic link, refused: a template folder may hold only real files "
                                "(copy the file in), so that a template can read nothing outside it")
        last = i == len(parts) - 1
        if not last and not stat.S_ISDIR(info.st_mode):
            return None
        if last and stat.S_ISDIR(info.st_mode):
            return None
        if last and not stat.S_ISREG(info.st_mode):
            raise refused(path, "not a regular file (a device, a pipe or a socket), refused: "
                                "a template folder may hold only ordinary files")
        if last and info.st_size > TEMPLATE_FILE_MAX_BYTES:
            raise refused(path, f"{size_text(info.st_size)}, over the limit of "
                                f"{size_text(TEMPLATE_FILE_MAX_BYTES)} for a file in a template folder "
                                "(TEMPLATE_FILE_MAX_BYTES)")
    return path


def read_bytes(path: Path, limit: int = TEMPLATE_FILE_MAX_BYTES,
               limit_name: str = "TEMPLATE_FILE_MAX_BYTES") -> bytes:
    """The bytes of a template file found by checked_file(), read without following a link
    that appeared since and never more than ``limit`` bytes (named ``limit_name``)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise refused(path, f"cannot read this template file: {exc.strerror}") from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise refused(path, "not a regular file, refused: a template folder may hold only ordinary files")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise refused(path, f"over the limit of {size_text(limit)} for this template file ({limit_name})")
    return data


class Templates:
    """The template files used by the writers, with a buyer's overrides taking precedence."""

    def __init__(self, override: Path | None = None):
        if override is not None and not override.is_dir():
            raise InputError(f"{override}: --template-dir must be a folder")
        self.override = override
        self.builtin = data_dir("templates")

    @property
    def search_path(self) -> list[Path]:
        return [p for p in (self.override, self.builtin) if p is not None]

    def find(self, name: str) -> Path:
        """The path of template file ``name``; the override folder wins.

        A symbolic link, a file that is not a regular file or one over
        TEMPLATE_FILE_MAX_BYTES is refused (InputError), never skipped for the built-in one.
        """
        found = self.optional(name)
        if found is None:
            raise InputError(f"template {name!r} not found in {', '.join(map(str, self.search_path))}")
        return found

    def optional(self, name: str) -> Path | None:
        """Like find(), but None when no folder has the file (a logo, for instance)."""
        for folder in self.search_path:
            found = checked_file(folder, name)
            if found is not None:
                return found
        return None

    def fingerprint(self) -> str:
        """Names of the folders in use, for the manifest."""
        return " + ".join(str(p) for p in self.search_path)
