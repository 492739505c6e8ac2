"""What a pack proves, at three levels, and signing a pack.

``verify_pack(folder)`` re-hashes every file the manifest lists: nothing changed, missing or
added. That shows the files match *this* manifest, which anyone can rewrite; so two more
checks tie the manifest to its buyer:

- ``expect``: the SHA-256 of manifest.json must equal the hash the buyer published (for
  example beside the notice), so every file is the one published;
- ``public_key``: manifest.json.minisig, a detached minisign signature inside the pack, must
  sign manifest.json with the buyer's key (see signing.py).

The manifest is read once, and the same bytes are parsed, hashed and checked against the
signature. ``sign_pack`` writes that signature, and only for a pack that matches its manifest.
A folder without a readable, valid manifest.json, or an unusable key, raises ``InputError``.
Nothing is printed here (cli.py does that).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from . import limits
from .errors import InputError
from .manifest import MANIFEST, SIGNATURE
from .publish import sha256
from .signing import PublicKey, SignatureCheck, check, load_public_key, read_small, sign, write_beside

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def normalise_sha256(text: str) -> str:
    """A SHA-256 as typed or pasted (any case, spaces or line breaks anywhere) as 64 lower-case
    hex digits; ``ValueError`` if it is not one."""
    value = "".join(text.split()).lower()
    if not _SHA256.match(value):
        raise ValueError(f"{text.strip()[:80]!r} is not a SHA-256: it needs 64 hex digits (0-9, a-f)")
    return value


@dataclass
class Verification:
    """What ``verify_pack`` found; paths are relative to the pack folder, with '/' separators."""

    folder: Path
    verified: list[str] = field(default_factory=list)   # listed, present, hash matches
    changed: list[str] = field(default_factory=list)    # listed, present, hash differs
    missing: list[str] = field(default_factory=list)    # listed, not present
    added: list[str] = field(default_factory=list)      # present, not listed
    manifest_sha256: str = ""                           # of manifest.json as read
    expected_sha256: str | None = None                  # the published hash to match, if given
    signed: bool = False                                # the pack holds a manifest.json.minisig
    signature: SignatureCheck | None = None             # its check, if a public key was given

    @property
    def files_ok(self) -> bool:
        return not (self.changed or self.missing or self.added)

    @property
    def published(self) -> bool | None:
        """Is manifest.json the one whose hash was published? None when no hash was given."""
        return None if self.expected_sha256 is None else self.manifest_sha256 == self.expected_sha256

    @property
    def ok(self) -> bool:
        return (self.files_ok and self.published is not False
                and (self.signature is None or self.signature.ok))

    def problems(self) -> list[tuple[str, str]]:
        """(kind, path) for every difference, sorted by path: kind is changed, missing or added."""
        found = ([("changed", p) for p in self.changed] + [("missing", p) for p in self.missing]
                 + [("added", p) for p in self.added])
        return sorted(found, key=lambda item: (item[1], item[0]))


def _manifest_bytes(folder: Path) -> bytes:
    """manifest.json's bytes; InputError if the folder is no pack or the manifest is unusable."""
    where = folder / MANIFEST
    if not folder.exists():
        raise InputError(f"{folder}: folder not found")
    if not folder.is_dir():
        raise InputError(f"{folder}: is not a folder; give the folder a build wrote")
    if not os.path.lexists(where):
        raise InputError(f"{where}: not found; {folder} is not a tenderpack pack")
    return read_small(where, limits.MANIFEST_MAX_BYTES, "MANIFEST_MAX_BYTES", follow_symlinks=False)


def _listed(where: Path, raw: bytes) -> dict[str, str]:
    """The manifest's files as {relative path: sha256}; InputError if the manifest is unusable."""
    try:
        data = json.loads(raw.decode("utf-8"))
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
        if path in (MANIFEST, SIGNATURE):   # neither can hold its own hash
            raise InputError(f"{where}: invalid manifest: files[{i}] lists {path} itself")
        if path in listed:
            raise InputError(f"{where}: invalid manifest: files[{i}] path {path!r} is listed twice")
        listed[path] = digest.lower()
    return listed


def _present(folder: Path) -> set[str]:
    """Every file under ``folder`` (symbolic links included, not followed into folders), but
    manifest.json and its signature."""
    found: set[str] = set()
    for root, dirs, names in os.walk(folder):
        base = Path(root)
        # A symbolic link to a folder is not walked into; it is reported as an entry of its own.
        for name in [d for d in dirs if (base / d).is_symlink()]:
            names.append(name)
        dirs[:] = [d for d in dirs if not (base / d).is_symlink()]
        for name in names:
            rel = (base / name).relative_to(folder).as_posix()
            if rel not in (MANIFEST, SIGNATURE):
                found.add(rel)
    return found


def _check_signature(folder: Path, manifest: bytes, public: PublicKey) -> SignatureCheck:
    """The pack's signature checked over ``manifest``; a missing or unreadable one fails."""
    where = folder / SIGNATURE
    if not os.path.lexists(where):
        return SignatureCheck(False, public.key_id, f"{SIGNATURE} not found: the pack is not signed")
    try:
        signature = read_small(where, limits.SIGNING_FILE_MAX_BYTES, "SIGNING_FILE_MAX_BYTES",
                               follow_symlinks=False)
    except InputError as exc:
        return SignatureCheck(False, public.key_id, str(exc))
    return check(manifest, signature, public)


def verify_pack(folder: str | Path, expect: str | None = None,
                public_key: str | Path | PublicKey | None = None) -> Verification:
    """Re-hash every file the manifest lists and compare the folder with the manifest; with
    ``expect``, compare the manifest's SHA-256 with it; with ``public_key``, check its signature."""
    folder = Path(folder)
    if expect is not None:
        try:
            expect = normalise_sha256(expect)
        except ValueError as exc:
            raise InputError(f"--expect: {exc}") from None
    if public_key is not None and not isinstance(public_key, PublicKey):
        public_key = load_public_key(public_key)
    raw = _manifest_bytes(folder)
    listed = _listed(folder / MANIFEST, raw)
    present = _present(folder)
    result = Verification(folder, manifest_sha256=hashlib.sha256(raw).hexdigest(), expected_sha256=expect,
                          signed=os.path.lexists(folder / SIGNATURE))
    if public_key is not None:
        result.signature = _check_signature(folder, raw, public_key)
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


@dataclass(frozen=True)
class Signed:
    """What ``sign_pack`` wrote."""

    path: Path             # the signature file
    key: PublicKey         # the signer's public key (its ID and text)
    manifest_sha256: str
    replaced: bool         # an earlier signature was replaced


def sign_pack(folder: str | Path, secret_key: Path, password: Callable[[], str] | None = None) -> Signed:
    """Sign the pack's manifest.json with ``secret_key`` into manifest.json.minisig.

    Only a pack whose files match its manifest is signed: a signature vouches for the files
    through their hashes, so it must not vouch for a manifest the pack no longer matches.
    """
    folder = Path(folder)
    found = verify_pack(folder)
    if not found.files_ok:
        shown = ", ".join(f"{kind} {path}" for kind, path in found.problems()[:3])
        more = f" and {len(found.problems()) - 3} more" if len(found.problems()) > 3 else ""
        raise InputError(f"{folder}: not signed, because its files differ from {MANIFEST} ({shown}{more}); "
                         f"run 'tenderpack verify {folder}', rebuild the pack, then sign it")
    raw = _manifest_bytes(folder)
    if hashlib.sha256(raw).hexdigest() != found.manifest_sha256:
        raise InputError(f"{folder / MANIFEST}: changed while it was being signed; sign it again")
    # minisign's usual trusted comment: it is signed too, and `minisign -V` shows it.
    comment = f"timestamp:{int(time.time())}\tfile:{MANIFEST}\thashed"
    signature, public = sign(raw, Path(secret_key), password, comment)
    where = folder / SIGNATURE
    replaced = os.path.lexists(where)
    write_beside(where, signature)
    return Signed(where, public, found.manifest_sha256, replaced)
