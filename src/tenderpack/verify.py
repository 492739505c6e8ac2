"""Check a built pack against its manifest: every file re-hashed, nothing missing, nothing added.

``verify_pack(folder)`` returns a ``Verification``; a folder without a readable, valid
manifest.json raises ``InputError``. Nothing is printed here (cli.py does that).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import InputError
from .publish import MANIFEST, sha256


@dataclass
class Verification:
    """What ``verify_pack`` found; paths are relative to the pack folder, with '/' separators."""

    folder: Path
    verified: list[str] = field(default_factory=list)   # listed, present, hash matches
    changed: list[str] = field(default_factory=list)    # listed, present, hash differs
    missing: list[str] = field(default_factory=list)    # listed, not present
    added: list[str] = field(default_factory=list)      # present, not listed

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.added)

    def problems(self) -> list[tuple[str, str]]:
        """(kind, path) for every difference, sorted by path: kind is changed, missing or added."""
        found = ([("changed", p) for p in self.changed] + [("missing", p) for p in self.missing]
                 + [("added", p) for p in self.added])
        return sorted(found, key=lambda item: (item[1], item[0]))


def _listed(folder: Path) -> dict[str, str]:
    """The manifest's files as {relative path: sha256}; InputError if the manifest is unusable."""
    where = folder / MANIFEST
    if not folder.exists():
        raise InputError(f"{folder}: folder not found")
    if not folder.is_dir():
        raise InputError(f"{folder}: is not a folder; give the folder a build wrote")
    if not where.is_file():
        raise InputError(f"{where}: not found; {folder} is not a tenderpack pack")
    try:
        data = json.loads(where.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise InputError(f"{where}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{where}: not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{where}: not valid JSON: nested too deeply") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list):
        raise InputError(f"{where}: invalid manifest: no 'files' list")
    listed: dict[str, str] = {}
    for i, entry in enumerate(files):
        path = entry.get("path") if isinstance(entry, dict) else None
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        if not isinstance(path, str) or not isinstance(digest, str) or not path or not digest:
            raise InputError(f"{where}: invalid manifest: files[{i}] needs a 'path' and a 'sha256'")
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or "\\" in path or path != pure.as_posix():
            raise InputError(f"{where}: invalid manifest: files[{i}] path {path!r} is not inside the pack")
        if path == MANIFEST:
            raise InputError(f"{where}: invalid manifest: files[{i}] lists {MANIFEST} itself")
        if path in listed:
            raise InputError(f"{where}: invalid manifest: files[{i}] path {path!r} is listed twice")
        listed[path] = digest.lower()
    return listed


def _present(folder: Path) -> set[str]:
    """Every file under ``folder`` (symbolic links included, not followed into folders), but manifest.json."""
    found: set[str] = set()
    for root, dirs, names in os.walk(folder):
        base = Path(root)
        # A symbolic link to a folder is not walked into; it is reported as an entry of its own.
        for name in [d for d in dirs if (base / d).is_symlink()]:
            names.append(name)
        dirs[:] = [d for d in dirs if not (base / d).is_symlink()]
        for name in names:
            rel = (base / name).relative_to(folder).as_posix()
            if rel != MANIFEST:
                found.add(rel)
    return found


def verify_pack(folder: str | Path) -> Verification:
    """Re-hash every file the manifest lists and compare the folder with the manifest."""
    folder = Path(folder)
    listed = _listed(folder)
    present = _present(folder)
    result = Verification(folder)
    for path, expected in listed.items():
        target = folder / path
        if path not in present and not target.is_file():
            result.missing.append(path)
            continue
        try:
            actual = sha256(target) if target.is_file() and not target.is_symlink() else None
        except OSError:
            actual = None   # unreadable: it cannot be shown to match
        (result.verified if actual == expected else result.changed).append(path)
    result.added = sorted(present - set(listed))
    result.verified.sort()
    result.changed.sort()
    result.missing.sort()
    return result
