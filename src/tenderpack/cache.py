"""The render cache: a document that has not changed is not rendered again.

An entry is the bytes a writer produced, filed under a SHA-256 key of everything that
decides those bytes: the document tree with its variables, the format, the writer's
version and the content of every template file. A hit is therefore always what a fresh
render would give; nothing is ever invalidated by hand. Writers are deterministic (see
tests/test_reproducible.py), which is what makes this safe.

The cache is data, not trusted code (DESIGN.md, trust boundaries): an entry could be edited,
truncated, or replaced by a symbolic link to /etc/passwd, and whatever is copied from it
goes into the pack and is hashed into its manifest. So each entry's SHA-256 is recorded when
it is stored (``sums/<shard>/<key>``, beside ``render/<shard>/<key>``) and checked while it
is copied out; an entry that fails, or is not a regular file, is deleted, rendered afresh and
listed in ``RenderCache.rejected``. No symbolic link below the cache folder is followed.

The cache lives in $TENDERPACK_CACHE_DIR, else $XDG_CACHE_HOME/tenderpack, else
~/.cache/tenderpack (that folder itself is the user's choice and may be a link), and is
trimmed to CACHE_MAX_BYTES, oldest use first. It is only ever an optimisation: if it cannot
be read or written the build goes on without it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import __version__
from .limits import CACHE_MAX_BYTES as MAX_BYTES
from .tree import Document, to_data

# The libraries whose version can change a built-in writer's bytes.
WRITER_LIBRARIES = ("python-docx", "docxtpl", "weasyprint", "pydyf", "fonttools", "openpyxl", "icalendar")

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1024 * 1024
_SUM_BYTES = 65   # 64 hex digits and a newline


def default_folder() -> Path:
    explicit = os.environ.get("TENDERPACK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tenderpack"


@functools.cache
def builtin_writer_version() -> str:
    """tenderpack's version, the writers' own source and the libraries they use.

    The source is hashed so that a changed writer in a development checkout (same version
    number) never serves an old render.
    """
    digest = hashlib.sha256(__version__.encode())
    writers = Path(__file__).parent / "writers"
    for path in sorted(writers.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name, found in library_versions().items():
        digest.update(f"{name}={found}\0".encode())
    return digest.hexdigest()


def library_versions() -> dict[str, str | None]:
    """The installed versions of the libraries the built-in writers use."""
    found: dict[str, str | None] = {}
    for name in WRITER_LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def templates_digest(files: dict[str, Path]) -> str:
    """One hash of the template files in use, by name and content."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].read_bytes() + b"\0")
    return digest.hexdigest()


def content_digest(document: Document | object) -> str:
    """A hash of a document tree (or an artifact's content) with its variables."""
    content = {"tree": to_data(document), "context": getattr(document, "context", None)}
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def document_key(content: str, fmt: str, writer_version: str, templates: str) -> str:
    """The cache key of one document in one format, from its ``content_digest``."""
    return hashlib.sha256("\0".join((content, fmt, writer_version, templates)).encode()).hexdigest()


class Rejected(Exception):
    """An entry that is there but cannot be trusted; the message says why, in a user's words."""


class RenderCache:
    """Rendered files by key. Every failure to read or write counts as a miss."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else default_folder()
        self.hits = self.misses = 0
        # (document id, format, why) for each entry that failed its check and was rendered afresh.
        self.rejected: list[tuple[str, str, str]] = []

    def entry_path(self, key: str) -> Path:
        """Where the entry for ``key`` lives (its hash record is under sums/ instead of render/)."""
        return self.folder / "render" / key[:2] / key

    def notes(self) -> list[str]:
        """One sentence for each rejected entry, for the build to show the user."""
        return [f"cache entry for {document or '?'} ({fmt or '?'}) {why}; rendered afresh"
                for document, fmt, why in self.rejected]

    # ------------------------------------------------------------------------ fetch

    def fetch(self, key: str, target: Path, document: str = "", fmt: str = "") -> bool:
        """Copy the entry for ``key`` to ``target`` if it is there and matches its recorded
        hash; False if not (``document`` and ``fmt`` name it in ``rejected``)."""
        try:
            self._copy_checked(key, Path(target))
        except Rejected as bad:
            self.rejected.append((document, fmt, str(bad)))
            self._discard(key)
            self.misses += 1
            return False
        except OSError:   # no entry, no recorded hash, or the cache cannot be read
            self.misses += 1
            return False
        self.hits += 1
        return True

    def _copy_checked(self, key: str, target: Path) -> None:
        with self._folder(("render", key[:2])) as shard:
            fd, size = _open_regular(shard, key)
        with os.fdopen(fd, "rb") as source:
            if size > MAX_BYTES:
                raise Rejected(_too_large())
            expected = self._recorded_sum(key)   # none (an entry of an older tenderpack): a plain miss
            try:
                _copy_hashed(source, target, expected)
            except BaseException:
                target.unlink(missing_ok=True)   # no part of an untrusted entry stays in the pack
                raise
            try:
                os.utime(source.fileno())   # mark it used, for trimming
            except OSError:
                pass

    def _recorded_sum(self, key: str) -> str:
        """The SHA-256 recorded when the entry was stored; OSError when there is none."""
        try:
            with self._folder(("sums", key[:2])) as shard:
                fd, _ = _open_regular(shard, key)
        except Rejected as bad:
            raise Rejected(f"has a hash record that {bad}") from None
        with os.fdopen(fd, "rb") as handle:
            text = handle.read(_SUM_BYTES + 1).decode("ascii", "replace").strip()
        if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
            raise Rejected("has a damaged hash record")
        return text

    def _discard(self, key: str) -> None:
        """Delete an entry that failed its check, and its hash record, and any link on the way
        to them; never what a link points to."""
        shard = key[:2]
        for tree in ("render", "sums"):
            for parts, name, only_links in (((tree, shard), key, False), ((tree,), shard, True), ((), tree, True)):
                try:
                    with self._folder(parts) as folder:
                        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
                        if stat.S_ISLNK(mode) or not (only_links or stat.S_ISDIR(mode)):
                            os.unlink(name, dir_fd=folder)   # removes the name, never a link's target
                except (OSError, Rejected):
                    pass

    # ------------------------------------------------------------------------ store

    def store(self, key: str, source: Path) -> None:
        """Keep a copy of ``source`` under ``key`` with its hash; each written whole or not at all."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with self._folder(("render", key[:2]), create=True) as shard:
                temp = _temp_name()
                try:
                    digest = _copy_into(Path(source), shard, temp)
                    with self._folder(("sums", key[:2]), create=True) as sums:
                        _write_whole(sums, key, (digest + "\n").encode("ascii"))
                    os.replace(temp, key, src_dir_fd=shard, dst_dir_fd=shard)
                finally:
                    try:
                        os.unlink(temp, dir_fd=shard)
                    except OSError:
                        pass
        except (OSError, Rejected):
            pass

    # ------------------------------------------------------------------------ trim

    def trim(self, limit: int = MAX_BYTES) -> None:
        """Delete the least recently used entries until the cache is under ``limit`` bytes
        (the hash records, 65 bytes each, are not counted)."""
        entries: list[tuple[float, int, str, str]] = []
        try:
            with self._folder(("render",)) as render:
                for shard in os.listdir(render):
                    try:
                        with self._folder(("render", shard)) as folder:
                            for name in os.listdir(folder):
                                info = os.stat(name, dir_fd=folder, follow_symlinks=False)
                                if stat.S_ISREG(info.st_mode):
                                    entries.append((info.st_mtime, info.st_size, shard, name))
                    except (OSError, Rejected):   # a link or a file where a shard should be: not ours to walk
                        continue
        except (OSError, Rejected):
            return
        total = sum(size for _, size, _, _ in entries)
        for _, size, shard, name in sorted(entries):
            if total <= limit:
                break
            for tree in ("render", "sums"):
                try:
                    with self._folder((tree, shard)) as folder:
                        os.unlink(name, dir_fd=folder)
                except (OSError, Rejected):
                    pass
            total -= size

    # ------------------------------------------------------------------------ folders

    @contextmanager
    def _folder(self, parts: tuple[str, ...], create: bool = False) -> Iterator[int]:
        """A descriptor of a folder below the cache folder, reached without following a link."""
        fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
        try:
            for part in parts:
                if create:
                    try:
                        os.mkdir(part, 0o700, dir_fd=fd)
                    except FileExistsError:
                        pass
                if stat.S_ISLNK(os.stat(part, dir_fd=fd, follow_symlinks=False).st_mode):
                    raise Rejected(f"is in a cache folder that is a symbolic link ({'/'.join(parts)})")
                child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW, dir_fd=fd)
                os.close(fd)
                fd = child
            yield fd
        finally:
            os.close(fd)


def _open_regular(folder: int, name: str) -> tuple[int, int]:
    """Open ``name`` in ``folder`` for reading if it is a regular file; returns the descriptor
    and the size. Never follows a link, and never opens a FIFO or a device (that can block, or act)."""
    info = os.stat(name, dir_fd=folder, follow_symlinks=False)   # FileNotFoundError: a plain miss
    if stat.S_ISLNK(info.st_mode):
        raise Rejected("is a symbolic link, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise Rejected("is not a regular file")
    fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW, dir_fd=folder)
    opened = os.fstat(fd)
    if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino) or not stat.S_ISREG(opened.st_mode):
        os.close(fd)
        raise Rejected("was replaced while it was being read")
    return fd, opened.st_size


def _copy_hashed(source, target: Path, expected: str) -> None:
    """Copy an open entry to ``target`` while hashing it; Rejected unless it hashes to ``expected``."""
    digest, copied = hashlib.sha256(), 0
    with open(target, "wb") as out:   # a new file: its mode follows the umask, not the entry's 0600
        while chunk := source.read(_CHUNK):
            copied += len(chunk)
            if copied > MAX_BYTES:   # it grew while being read
                raise Rejected(_too_large())
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != expected:
        raise Rejected("did not match its hash")


def _too_large() -> str:
    return f"is larger than the cache's limit of {MAX_BYTES / 2**20:g} MB (CACHE_MAX_BYTES)"


def _temp_name() -> str:
    return f".{secrets.token_hex(8)}.tmp"


def _copy_into(source: Path, folder: int, name: str) -> str:
    """Copy ``source`` to a new private file ``name`` in ``folder``; returns its SHA-256."""
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=folder)
    digest = hashlib.sha256()
    with open(fd, "wb") as out, open(source, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _write_whole(folder: int, name: str, data: bytes) -> None:
    """Write ``data`` as ``name`` in ``folder`` through a temporary file and one rename."""
    temp = _temp_name()
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=folder)
    try:
        with open(fd, "wb") as out:
            out.write(data)
        os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
    finally:
        try:
            os.unlink(temp, dir_fd=folder)
        except OSError:
            pass
