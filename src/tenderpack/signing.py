"""Detached signatures in minisign's format: make a key pair, sign bytes, check a signature.

Why minisign: its format is small, documented (https://jedisct1.github.io/minisign/) and
checked by a common, independent tool (``minisign -Vm manifest.json -p buyer.pub``), and it
works offline: a council needs no network, account or identity provider to sign or check.
The work is done by py-minisign (Ed25519 and scrypt from ``cryptography``); this module
only reads files safely, bounds what a key file may ask for, and words the errors.

Key IDs are shown as minisign shows them (its 8 bytes read as a little-endian number), so
they match what ``minisign`` prints and writes in its .pub files.

Nothing is printed here (cli.py does that); bad keys raise ``InputError``.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import minisign

from . import limits
from .errors import InputError

# A minisign public key given on the command line instead of a file: base64 of "Ed" + 40 bytes.
_INLINE_KEY = re.compile(r"^RW[A-Za-z0-9+/]{54}$")
_SECRET_KEY_LEN = 158   # bytes of a decoded minisign secret key line (its format, fixed)


@dataclass(frozen=True)
class PublicKey:
    """A minisign public key and where it came from (a file name, or "the key given")."""

    key: minisign.PublicKey
    key_id: str
    source: str

    @property
    def text(self) -> str:
        """The key as one base64 line, as it is published and as ``minisign -P`` takes it."""
        return self.key.to_base64().decode("ascii")


@dataclass(frozen=True)
class SignatureCheck:
    """What checking a signature found; ``problem`` says why when it is not ``ok``."""

    ok: bool
    key_id: str                 # the public key's
    problem: str = ""
    trusted_comment: str = ""   # the signer's signed words (timestamp, file), once verified


def _key_id(raw: bytes) -> str:
    return raw[::-1].hex().upper()


def _human(n: int) -> str:
    for unit, size in (("GB", 1024 ** 3), ("MB", 1024 ** 2)):
        if n >= size:
            return f"{n // size} {unit}"
    return f"{n // 1024} KB"


def read_small(path: Path, limit: int, limit_name: str, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of a small regular file, or ``InputError`` naming the file.

    A FIFO or device is refused before it is read (it could block for ever), and no more
    than ``limit`` bytes are read. With ``follow_symlinks=False`` a symbolic link is
    refused too, so a file inside a pack cannot point outside it.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_symlinks else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(f"{path}: not found") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        if not follow_symlinks and os.path.islink(path):
            raise InputError(f"{path}: is a symbolic link; it must be a file of its own") from None
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: is not a regular file")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    if len(data) > limit:
        raise InputError(f"{path}: over the limit of {_human(limit)} ({limit_name})")
    return data


# --------------------------------------------------------------------------- public keys


def public_key_of(key: minisign.PublicKey, source: str) -> PublicKey:
    raw = base64.b64decode(key.to_base64())
    return PublicKey(key, _key_id(raw[2:10]), source)


def load_public_key(value: str | Path) -> PublicKey:
    """A public key from a file (as ``keygen`` or ``minisign -G`` writes it) or given inline."""
    text = str(value).strip()
    path = Path(value)
    if not os.path.lexists(path) and _INLINE_KEY.match(text):
        try:
            return public_key_of(minisign.PublicKey.from_base64(text), "the key given")
        except minisign.Error as exc:
            raise InputError(f"--key {text}: not a minisign public key ({exc})") from None
    if not os.path.lexists(path):
        raise InputError(f"{path}: public key file not found (give the .pub file keygen wrote, "
                         "or the key itself, the line that starts RW)")
    data = read_small(path, limits.SIGNING_FILE_MAX_BYTES, "SIGNING_FILE_MAX_BYTES")
    try:
        return public_key_of(minisign.PublicKey.from_bytes(data), path.name)
    except minisign.Error as exc:
        if _looks_secret(data):
            raise InputError(f"{path}: is a secret key; give the public key (.pub) instead, "
                             "and keep the secret key to yourself") from None
        raise InputError(f"{path}: not a minisign public key ({exc})") from None


def _looks_secret(data: bytes) -> bool:
    lines = data.splitlines()
    try:
        return len(lines) == 2 and len(base64.b64decode(lines[1], validate=True)) == _SECRET_KEY_LEN
    except (ValueError, binascii.Error):
        return False


# --------------------------------------------------------------------------- secret keys


def load_secret_key(path: Path) -> minisign.SecretKey:
    """The secret key in ``path``, still locked if it has a password; ``InputError`` if unusable."""
    data = read_small(path, limits.SIGNING_FILE_MAX_BYTES, "SIGNING_FILE_MAX_BYTES")
    try:
        key = minisign.SecretKey.from_bytes(data)
    except minisign.Error as exc:
        try:
            minisign.PublicKey.from_bytes(data)
        except minisign.Error:
            raise InputError(f"{path}: not a minisign secret key ({exc})") from None
        raise InputError(f"{path}: is a public key; signing needs the secret key that keygen "
                         "wrote beside it") from None
    # The password's scrypt work is set by the key file: bound it, so a doctored key cannot hang us.
    # The key line: algorithms (2+2+2 bytes), salt (32), then opslimit and memlimit (8 each).
    raw = base64.b64decode(key.to_base64())
    opslimit, memlimit = int.from_bytes(raw[38:46], "little"), int.from_bytes(raw[46:54], "little")
    if opslimit > limits.SECRET_KEY_MAX_OPSLIMIT:
        key.wipe()
        raise InputError(f"{path}: the key asks for {opslimit:,} password operations, over the limit of "
                         f"{limits.SECRET_KEY_MAX_OPSLIMIT:,} (SECRET_KEY_MAX_OPSLIMIT)")
    if memlimit > limits.SECRET_KEY_MAX_MEMORY:
        key.wipe()
        raise InputError(f"{path}: the key asks for {memlimit:,} bytes of memory to unlock, over the limit "
                         f"of {_human(limits.SECRET_KEY_MAX_MEMORY)} (SECRET_KEY_MAX_MEMORY)")
    return key


def sign(data: bytes, key_path: Path, password: Callable[[], str] | None,
         trusted_comment: str) -> tuple[bytes, PublicKey]:
    """A minisign signature of ``data`` (prehashed, minisign's default) and the signer's public key.

    ``password`` is called only when the key is protected by one. The signature is checked
    against the key's own public half before it is returned, so a damaged key cannot hand
    out a signature that no one can verify.
    """
    with load_secret_key(key_path) as secret:
        if secret.is_encrypted():
            if password is None:
                raise InputError(f"{key_path}: the secret key is protected by a password")
            try:
                secret.decrypt(password())
            except minisign.Error:
                raise InputError(f"{key_path}: wrong password for this secret key") from None
        public = public_key_of(secret.get_public_key(), key_path.name)
        signature = bytes(secret.sign(data, prehash=True, trusted_comment=trusted_comment)) + b"\n"
    if not check(data, signature, public).ok:
        raise InputError(f"{key_path}: the secret key is damaged: its signature does not verify "
                         "with its own public key")
    return signature, public


# --------------------------------------------------------------------------- checking


def check(data: bytes, signature: bytes, public: PublicKey) -> SignatureCheck:
    """Does ``signature`` (a .minisig file's bytes) sign ``data`` with ``public``?"""
    try:
        parsed = minisign.Signature.from_bytes(signature)
        signed_by = _key_id(base64.b64decode(signature.splitlines()[1])[2:10])
    except minisign.Error as exc:
        return SignatureCheck(False, public.key_id, f"not a minisign signature ({exc})")
    if signed_by != public.key_id:
        return SignatureCheck(False, public.key_id,
                              f"signed by another key (key ID {signed_by}), not by {public.source} "
                              f"(key ID {public.key_id})")
    try:
        public.key.verify(data, parsed)
    except ValueError:   # minisign.VerifyError, or a key that is no Ed25519 point
        return SignatureCheck(False, public.key_id,
                              "does not match: what it signs was changed after signing, "
                              "or the signature is not genuine")
    return SignatureCheck(True, public.key_id, trusted_comment=parsed.trusted_comment)


# --------------------------------------------------------------------------- new keys


def check_new_key_files(secret_path: Path, public_path: Path, force: bool = False) -> None:
    """InputError unless both key files can be written (before a password is asked for)."""
    if secret_path.resolve() == public_path.resolve():
        raise InputError(f"{secret_path}: the secret and public key cannot be the same file; "
                         "give the secret key another name, or --public FILE")
    for path in (secret_path, public_path):
        if os.path.lexists(path) and not force:
            raise InputError(f"{path}: already exists; give --force to replace it "
                             "(signatures made with the old key then need the old public key)")
        if not path.parent.is_dir():
            raise InputError(f"{path.parent}: folder not found")


def generate_keys(secret_path: Path, public_path: Path, password: str | None,
                  force: bool = False) -> PublicKey:
    """Write a new key pair: the secret key readable by its owner only (0600), the public key
    as any other file. Neither replaces an existing file unless ``force``."""
    check_new_key_files(secret_path, public_path, force)
    pair = minisign.KeyPair.generate()
    with pair.secret_key as secret:
        if password:
            secret.encrypt(password)
        secret_bytes = bytes(secret) + b"\n"
    public = public_key_of(pair.public_key, public_path.name)
    public.key.untrusted_comment = f"minisign public key {public.key_id}"
    _write(secret_path, secret_bytes, 0o600, force)
    _write(public_path, bytes(public.key) + b"\n", 0o644, force)
    return public


def write_beside(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (never half written), mode as the umask says."""
    _write(path, data, 0o666, True)


def _write(path: Path, data: bytes, mode: int, replace: bool) -> None:
    """Write ``data`` to a new file beside ``path``, then move it into place in one step.

    Without ``replace`` the move is a hard link, which fails if ``path`` appeared meanwhile:
    an existing key is never overwritten, not even by a race.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    created = False
    try:
        if os.path.lexists(tmp):   # left by a process of ours that died: ours to remove
            os.unlink(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        created = True
        try:
            if mode == 0o600:
                os.fchmod(fd, 0o600)   # whatever the umask, a secret key is its owner's alone
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, path)
            created = False
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise InputError(f"{path}: already exists; give --force to replace it") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be written ({exc.strerror})") from None
    finally:
        if created:
            os.unlink(tmp)
