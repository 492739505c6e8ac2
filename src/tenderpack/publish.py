"""Write a pack safely: everything into a temporary folder beside OUT, then swap it in.

A failed or interrupted build leaves an earlier pack in OUT untouched and no temporary
folder behind. OUT is replaced only if it is empty or holds a tenderpack pack, so a typo
in -o can never delete someone's unrelated files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import BuildError, InputError

MANIFEST = "manifest.json"


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
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    except OSError as exc:
        raise BuildError(f"{out.parent}: cannot create the output folder ({exc.strerror})") from None
    try:
        files = fill(tmp)
        for f in files:
            target = tmp / f.path
            f.bytes, f.sha256 = target.stat().st_size, sha256(target)
        base = manifest(files) if callable(manifest) else manifest
        manifest = {**base, "files": [asdict(f) for f in files]}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Pack(out, files, manifest)


def _swap(tmp: Path, out: Path) -> None:
    """Move the finished pack into place; the old pack is removed only once the new one is in."""
    old: Path | None = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
    try:
        os.rename(tmp, out)
    except BaseException:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
