"""tenderpack keygen / sign / verify --key: a detached minisign signature of manifest.json.

The signature is minisign's format, so the tests also check it against that format's own
test vectors and a key made by minisign itself, and recompute it with `cryptography` alone.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderpack.cli import cli

MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"
DOCX = "invitation-to-tender.docx"
SIG = "manifest.json.minisig"

# minisign's documented example key (https://jedisct1.github.io/minisign/) and two signatures
# of the four bytes b"test" made with it: the test vectors of minisign-verify (Frank Denis).
DOCS_KEY = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"
VECTOR_LEGACY = (b"untrusted comment: signature from minisign secret key\n"
                 b"RWQf6LRCGA9i59SLOFxz6NxvASXDJeRtuZykwQepbDEGt87ig1BNpWaVWuNrm73YiIiJbq71Wi+dP9eKL8OC351vwIasSSbXxwA=\n"
                 b"trusted comment: timestamp:1555779966\tfile:test\n"
                 b"QtKMXWyYcwdpZAlPF7tE2ENJkRd1ujvKjlj1m9RtHTBnZPa5WKU5uWRs5GoP5M/VqE81QFuMKI5k/SfNQUaOAA==\n")
VECTOR_PREHASHED = (b"untrusted comment: signature from minisign secret key\n"
                    b"RUQf6LRCGA9i559r3g7V1qNyJDApGip8MfqcadIgT9CuhV3EMhHoN1mGTkUidF/z7SrlQgXdy8ofjb7bNJJylDOocrCo8KLzZwo=\n"
                    b"trusted comment: timestamp:1556193335\tfile:test\n"
                    b"y/rUw2y8/hOUYjZU71eHp/Wo1KZ40fGy2VJEDl34XMJM+TX48Ss/17u3IvIfbVR1FkZZSNCisQbuQY+bHwhEBg==\n")

# A throw-away key pair made by minisign 0.11 itself (`minisign -G -W`, no password), for tests only.
MINISIGN_SECRET = (b"untrusted comment: minisign encrypted secret key\n"
                   b"RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAq01YydlbBKlzANXpaGKzyFCEQDFN"
                   b"mBnwBxWbMTUIW2FNl61altwt4JgVehdwXSJgJX/vCDHSt67qU4vL/UDgk39kSLoWE68GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                   b"AAAAAAAAAAAAA=\n")
MINISIGN_PUBLIC = (b"untrusted comment: minisign public key A9045BD9C9584DAB\n"
                   b"RWSrTVjJ2VsEqZgVehdwXSJgJX/vCDHSt67qU4vL/UDgk39kSLoWE68G\n")


def run(*args, input: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One small pack, built once for the module; tests sign and tamper with copies of it."""
    out = tmp_path_factory.mktemp("signing") / "pack"
    result = run("build", MINIMAL, "-o", out, "--format", "docx", "--only", "invitation-to-tender")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def pack(built, tmp_path) -> Path:
    copy = tmp_path / "pack"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def keygen(folder: Path, name: str = "buyer") -> tuple[Path, Path, str]:
    """A key pair without a password: (secret key file, public key file, key ID)."""
    secret = folder / f"{name}.key"
    result = run("keygen", secret, "--no-password")
    assert result.exit_code == 0, result.output
    key_id = result.output.split("key ID ")[1].split()[0]
    return secret, folder / f"{name}.pub", key_id


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> tuple[Path, Path, str]:
    return keygen(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def signed(pack, keys) -> Path:
    result = run("sign", pack, "--key", keys[0])
    assert result.exit_code == 0, result.output
    return pack


def one_line_error(result, code: int, text: str) -> None:
    assert result.exit_code == code, result.output
    assert text in result.output
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- the format


def test_minisign_test_vectors_verify():
    """Signatures made by minisign with its documented key check out; one byte changed does not."""
    from tenderpack.signing import check, load_public_key

    key = load_public_key(DOCS_KEY)
    assert key.key_id == "E7620F1842B4E81F"   # as minisign prints it for this key
    for vector in (VECTOR_LEGACY, VECTOR_PREHASHED):
        found = check(b"test", vector, key)
        assert found.ok, found.problem
        assert found.trusted_comment.startswith("timestamp:")
        assert not check(b"Test", vector, key).ok


def test_our_signature_is_minisign_format(signed, keys):
    """Recomputed from minisign's specification with `cryptography` alone: line 2 is "ED" (prehashed),
    the key ID and an Ed25519 signature of BLAKE2b-512(manifest.json); line 4 signs line 2's
    signature followed by the trusted comment."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    public = base64.b64decode(keys[1].read_text(encoding="ascii").splitlines()[1])
    assert public[:2] == b"Ed" and len(public) == 42
    lines = (signed / SIG).read_bytes().split(b"\n")
    assert len(lines) == 5 and lines[4] == b""
    assert lines[0].startswith(b"untrusted comment: ")
    body = base64.b64decode(lines[1], validate=True)
    assert body[:2] == b"ED" and body[2:10] == public[2:10] and len(body) == 74
    assert lines[2].startswith(b"trusted comment: timestamp:") and b"\tfile:manifest.json" in lines[2]
    comment = lines[2][len(b"trusted comment: "):]
    verifier = Ed25519PublicKey.from_public_bytes(public[10:])
    manifest = (signed / "manifest.json").read_bytes()
    verifier.verify(body[10:], hashlib.blake2b(manifest).digest())             # raises if wrong
    verifier.verify(base64.b64decode(lines[3], validate=True), body[10:] + comment)


def test_key_made_by_minisign_signs_a_pack(pack, tmp_path):
    """A secret key written by minisign itself is read, and its public key checks the result."""
    (tmp_path / "m.key").write_bytes(MINISIGN_SECRET)
    (tmp_path / "m.pub").write_bytes(MINISIGN_PUBLIC)
    result = run("sign", pack, "--key", tmp_path / "m.key")
    assert result.exit_code == 0, result.output
    assert "key ID A9045BD9C9584DAB" in result.output
    result = run("verify", pack, "--key", tmp_path / "m.pub")
    assert result.exit_code == 0, result.output
    assert "signed: yes, by key ID A9045BD9C9584DAB" in result.output


# --------------------------------------------------------------------------- keygen


def test_keygen_writes_a_private_secret_key_and_a_public_key(tmp_path):
    secret = tmp_path / "buyer.key"
    result = run("keygen", secret, "--no-password")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    secret_lines = secret.read_text(encoding="ascii").splitlines()
    public_lines = (tmp_path / "buyer.pub").read_text(encoding="ascii").splitlines()
    assert secret_lines[0] == "untrusted comment: minisign secret key"
    key_id = result.output.split("key ID ")[1].split()[0]
    assert public_lines[0] == f"untrusted comment: minisign public key {key_id}"
    assert public_lines[1] in result.output                 # the public key is shown to publish it
    assert secret_lines[1] not in result.output             # the secret key never is
    assert secret_lines[1][10:40] not in result.output


def test_keygen_never_overwrites_without_force(tmp_path):
    secret, public, _ = keygen(tmp_path)
    before = secret.read_bytes(), public.read_bytes()
    one_line_error(run("keygen", secret, "--no-password"), 2, f"{secret}: already exists; give --force")
    assert (secret.read_bytes(), public.read_bytes()) == before
    result = run("keygen", tmp_path / "new.key", "--no-password", "--public", public)
    one_line_error(result, 2, f"{public}: already exists")
    assert not (tmp_path / "new.key").exists() and public.read_bytes() == before[1]
    result = run("keygen", secret, "--no-password", "--force")
    assert result.exit_code == 0, result.output
    assert secret.read_bytes() != before[0] and public.read_bytes() != before[1]
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_keygen_force_replaces_a_link_not_what_it_points_to(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch")
    (tmp_path / "buyer.key").symlink_to(victim)
    one_line_error(run("keygen", tmp_path / "buyer.key", "--no-password"), 2, "already exists")
    assert run("keygen", tmp_path / "buyer.key", "--no-password", "--force").exit_code == 0
    assert victim.read_text() == "do not touch"
    assert not (tmp_path / "buyer.key").is_symlink()
    assert stat.S_IMODE((tmp_path / "buyer.key").stat().st_mode) == 0o600


def test_keygen_refuses_the_same_file_for_both_keys(tmp_path):
    one_line_error(run("keygen", tmp_path / "k.pub", "--no-password"), 2, "cannot be the same file")
    assert not (tmp_path / "k.pub").exists()


def test_password_protected_key(pack, tmp_path):
    """With a password the key file is encrypted; sign asks for it and refuses a wrong one."""
    secret = tmp_path / "buyer.key"
    result = run("keygen", secret, input="correct horse\ncorrect horse\n")
    assert result.exit_code == 0, result.output
    assert secret.read_text(encoding="ascii").startswith("untrusted comment: minisign encrypted secret key")
    assert "correct horse" not in result.output.replace("password for the new secret key", "")
    one_line_error(run("sign", pack, "--key", secret, input="wrong\n"), 2,
                   f"{secret}: wrong password for this secret key")
    assert not (pack / SIG).exists()
    result = run("sign", pack, "--key", secret, input="correct horse\n")
    assert result.exit_code == 0, result.output
    assert run("verify", pack, "--key", tmp_path / "buyer.pub").exit_code == 0


# --------------------------------------------------------------------------- sign and verify


def test_sign_then_verify_with_the_public_key(signed, keys):
    result = run("verify", signed, "--key", keys[1])
    assert result.exit_code == 0, result.output
    assert f"signed: yes, by key ID {keys[2]}" in result.output
    assert "file:manifest.json" in result.output
    assert "added" not in result.output       # the signature is not taken for an added file


def test_sign_prints_the_hash_and_never_the_secret(pack, keys):
    result = run("sign", pack, "--key", keys[0])
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256((pack / "manifest.json").read_bytes()).hexdigest()
    assert f"manifest.json sha256 {digest}" in result.output
    assert f"wrote {pack / SIG}" in result.output
    assert keys[0].read_text(encoding="ascii").splitlines()[1] not in result.output
    assert run("sign", pack, "--key", keys[0]).output.startswith(f"replaced {pack / SIG}")


def test_public_key_given_inline(signed, keys):
    line = keys[1].read_text(encoding="ascii").splitlines()[1]
    result = run("verify", signed, "--public-key", line)
    assert result.exit_code == 0 and f"key ID {keys[2]}" in result.output


def test_plain_verify_of_a_signed_pack_says_the_signature_is_not_checked(signed):
    result = run("verify", signed)
    assert result.exit_code == 0, result.output
    assert "signed: not checked (manifest.json.minisig is here" in result.output


def test_rewritten_manifest_passes_plain_verify_but_not_the_signature(signed, keys):
    """The attack of the issue: a file changed and its hash rewritten in the manifest."""
    (signed / DOCX).write_bytes(b"a different document")
    manifest = json.loads((signed / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["path"] == DOCX:
            entry["sha256"] = hashlib.sha256(b"a different document").hexdigest()
    (signed / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    assert run("verify", signed).exit_code == 0            # level 1 cannot see it
    result = run("verify", signed, "--key", keys[1])
    assert result.exit_code == 1, result.output
    assert "signed: NO, manifest.json.minisig: does not match" in result.output


def test_a_changed_file_fails_even_with_a_good_signature(signed, keys):
    (signed / DOCX).write_bytes(b"changed")
    result = run("verify", signed, "--key", keys[1])
    assert result.exit_code == 1
    assert f"changed  {DOCX}" in result.output and "signed: yes" in result.output


def test_another_key_fails(signed, tmp_path, keys):
    _, other_public, other_id = keygen(tmp_path, "other")
    result = run("verify", signed, "--key", other_public)
    assert result.exit_code == 1, result.output
    assert f"signed by another key (key ID {keys[2]}), not by other.pub (key ID {other_id})" in result.output


def test_unsigned_pack_fails_when_a_key_is_given(pack, keys):
    result = run("verify", pack, "--key", keys[1])
    assert result.exit_code == 1, result.output
    assert "manifest.json.minisig not found: the pack is not signed" in result.output


@pytest.mark.parametrize("damage, message", [
    (lambda p: (p / SIG).write_text("not a signature"), "not a minisign signature"),
    (lambda p: (p / SIG).write_bytes((p / SIG).read_bytes().replace(b"trusted comment: ", b"trusted comment: x")),
     "does not match"),
    (lambda p: (p / SIG).write_bytes(b"\xff" * 100), "not a minisign signature"),
])
def test_damaged_signature_fails(signed, keys, damage, message):
    damage(signed)
    result = run("verify", signed, "--key", keys[1])
    assert result.exit_code == 1, result.output
    assert f"manifest.json.minisig: {message}" in result.output and "Traceback" not in result.output


def test_signature_that_is_a_symbolic_link_is_not_followed(signed, keys, tmp_path):
    shutil.move(signed / SIG, tmp_path / "good.minisig")
    (signed / SIG).symlink_to(tmp_path / "good.minisig")
    result = run("verify", signed, "--key", keys[1])
    assert result.exit_code == 1 and "is a symbolic link" in result.output


def test_signature_that_is_a_fifo_does_not_hang(signed, keys):
    (signed / SIG).unlink()
    os.mkfifo(signed / SIG)
    result = run("verify", signed, "--key", keys[1])
    assert result.exit_code == 1 and "not a regular file" in result.output


def test_oversized_signature_is_not_read(signed, keys):
    import tenderpack.limits as limits

    (signed / SIG).write_bytes(b"x" * (limits.SIGNING_FILE_MAX_BYTES + 1))
    result = run("verify", signed, "--key", keys[1])
    assert result.exit_code == 1
    assert "over the limit of 64 KB (SIGNING_FILE_MAX_BYTES)" in result.output


def test_sign_refuses_a_pack_that_does_not_match_its_manifest(pack, keys):
    (pack / DOCX).write_bytes(b"changed")
    one_line_error(run("sign", pack, "--key", keys[0]), 2, f"changed {DOCX}")
    assert not (pack / SIG).exists()


# --------------------------------------------------------------------------- bad keys


@pytest.mark.parametrize("command, key, message", [
    ("verify", lambda k, t: t / "nowhere.pub", "public key file not found"),
    ("verify", lambda k, t: k[0], "is a secret key; give the public key"),
    ("verify", lambda k, t: t / "junk.pub", "not a minisign public key"),
    ("verify", lambda k, t: "RW" + "A" * 54, "not a minisign public key"),
    ("sign", lambda k, t: t / "nowhere.key", "not found"),
    ("sign", lambda k, t: k[1], "is a public key; signing needs the secret key"),
    ("sign", lambda k, t: t / "junk.pub", "not a minisign secret key"),
])
def test_unusable_key_is_bad_input(pack, keys, tmp_path, command, key, message):
    (tmp_path / "junk.pub").write_text("hello\nworld\n")
    result = run(command, pack, "--key", key(keys, tmp_path))
    one_line_error(result, 2, message)
    assert len(result.output.strip().splitlines()) == 1
    assert not (pack / SIG).exists()


@pytest.mark.parametrize("offset, value, limit", [
    (38, 1 << 62, "SECRET_KEY_MAX_OPSLIMIT"),
    (46, 1 << 40, "SECRET_KEY_MAX_MEMORY"),
])
def test_doctored_secret_key_cannot_make_unlocking_run_for_ever(pack, tmp_path, offset, value, limit):
    """scrypt's cost is written in the key file: a key asking for far more than minisign's own is refused."""
    raw = bytearray(base64.b64decode(MINISIGN_SECRET.splitlines()[1]))
    raw[2:4] = b"Sc"                                   # "protected by a password"
    raw[offset:offset + 8] = value.to_bytes(8, "little")
    key = tmp_path / "doctored.key"
    key.write_bytes(b"untrusted comment: minisign encrypted secret key\n" + base64.b64encode(bytes(raw)) + b"\n")
    started = time.monotonic()
    result = run("sign", pack, "--key", key, input="password\n")
    one_line_error(result, 2, f"({limit})")
    assert time.monotonic() - started < 5


def test_oversized_key_file_is_not_read(pack, tmp_path):
    (tmp_path / "big.pub").write_bytes(b"x" * (64 * 1024 + 1))
    one_line_error(run("verify", pack, "--key", tmp_path / "big.pub"), 2, "(SIGNING_FILE_MAX_BYTES)")


def test_a_signed_pack_can_be_rebuilt_and_the_rebuild_is_unsigned(signed, keys):
    """A build may replace a signed pack (the signature is a file a pack may hold); the new
    manifest is not the one signed, so the new pack carries no signature until signed again."""
    from tenderpack.manifest import UNLISTED
    from tenderpack.verify import SIGNATURE

    assert SIGNATURE in UNLISTED
    result = run("build", MINIMAL, "-o", signed, "--format", "docx", "--only", "invitation-to-tender")
    assert result.exit_code == 0, result.output
    assert not (signed / SIG).exists()
    assert run("verify", signed, "--key", keys[1]).exit_code == 1
    assert run("sign", signed, "--key", keys[0]).exit_code == 0
    assert run("verify", signed, "--key", keys[1]).exit_code == 0
