"""The render cache: a document that has not changed is not rendered again.

An entry is the bytes a writer produced, filed under a SHA-256 key of everything that
decides those bytes: the document tree with its variables, the format, the writer's
version and the content of every template file. A hit is therefore always what a fresh
render would give; nothing is ever invalidated by hand. Writers are deterministic (see
tests/test_reproducible.py), which is what makes this safe.

The cache lives in $TENDERPACK_CACHE_DIR, else $XDG_CACHE_HOME/tenderpack, else
~/.cache/tenderpack, and is trimmed to MAX_BYTES, oldest use first. It is only ever an
optimisation: if it cannot be read or written the build goes on without it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import __version__
from .limits import CACHE_MAX_BYTES as MAX_BYTES
from .tree import Document, to_data

# The libraries whose version can change a built-in writer's bytes.
WRITER_LIBRARIES = ("python-docx", "docxtpl", "weasyprint", "pydyf", "fonttools", "openpyxl", "icalendar")


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


class RenderCache:
    """Rendered files by key. Every failure to read or write counts as a miss."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else default_folder()
        self.hits = self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / "render" / key[:2] / key

    def fetch(self, key: str, target: Path) -> bool:
        """Copy the entry for ``key`` to ``target``; False if there is none."""
        source = self._path(key)
        try:
            shutil.copyfile(source, target)
            os.utime(source)   # mark it used, for trimming
        except OSError:
            self.misses += 1
            return False
        self.hits += 1
        return True

    def store(self, key: str, source: Path) -> None:
        """Keep a copy of ``source`` under ``key``; written whole or not at all."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            os.close(fd)
            try:
                shutil.copyfile(source, temp)
                os.replace(temp, path)
            finally:
                Path(temp).unlink(missing_ok=True)
        except OSError:
            pass

    def trim(self, limit: int = MAX_BYTES) -> None:
        """Delete the least recently used entries until the cache is under ``limit`` bytes."""
        try:
            entries = [(p.stat().st_mtime, p.stat().st_size, p) for p in (self.folder / "render").glob("*/*")]
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= limit:
                break
            path.unlink(missing_ok=True)
            total -= size
