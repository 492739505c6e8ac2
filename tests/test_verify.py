"""tenderpack verify: a pack is checked against its manifest; any change, loss or addition shows."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderpack.cli import cli

MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"
DOCX = "invitation-to-tender.docx"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One small pack, built once for the module; tests tamper with copies of it."""
    out = tmp_path_factory.mktemp("verify") / "pack"
    result = run("build", MINIMAL, "-o", out, "--format", "docx", "--only", "invitation-to-tender")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def pack(built, tmp_path) -> Path:
    copy = tmp_path / "pack"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def listed(pack: Path) -> list[str]:
    return [f["path"] for f in json.loads((pack / "manifest.json").read_text())["files"]]


def manifest_sha256(pack: Path) -> str:
    return hashlib.sha256((pack / "manifest.json").read_bytes()).hexdigest()


def test_untouched_pack_verifies(pack):
    """A pack as built: exit 0, a line counting the files, the manifest's hash, and what was proved."""
    result = run("verify", pack)
    assert result.exit_code == 0, result.output
    n = len(listed(pack))
    assert n >= 2 and DOCX in listed(pack)
    lines = result.output.splitlines()
    assert lines[0] == f"{pack}: {n} files verified"
    assert lines[1] == f"  manifest.json sha256 {manifest_sha256(pack)}"
    assert "not that the manifest is the buyer's" in lines[2] and "--expect" in lines[2]


def test_changed_file_is_reported(pack):
    """One byte changed in a document: exit 1, that file named as changed, the others not."""
    data = bytearray((pack / DOCX).read_bytes())
    data[len(data) // 2] ^= 0x01
    (pack / DOCX).write_bytes(bytes(data))
    result = run("verify", pack)
    assert result.exit_code == 1
    assert f"changed  {DOCX}" in result.output
    assert "lint-report.json" not in result.output


def test_same_size_rewrite_with_old_mtime_is_still_caught(pack):
    """Hashes are compared, not sizes or times."""
    target = pack / "lint-report.json"
    stat = target.stat()
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("true", "fals", 1) if "true" in text else " " + text[1:], encoding="utf-8")
    import os
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = run("verify", pack)
    assert result.exit_code == 1 and "changed  lint-report.json" in result.output


def test_missing_file_is_reported(pack):
    (pack / DOCX).unlink()
    result = run("verify", pack)
    assert result.exit_code == 1
    assert f"missing  {DOCX}" in result.output


def test_added_files_are_reported_even_hidden_and_nested(pack):
    """Anything not in the manifest is reported, hidden files and subfolders included."""
    (pack / "notes.txt").write_text("hello")
    (pack / ".hidden").write_text("x")
    (pack / "sub" / "deeper").mkdir(parents=True)
    (pack / "sub" / "deeper" / "x.docx").write_bytes(b"PK")
    result = run("verify", pack)
    assert result.exit_code == 1
    for rel in ("notes.txt", ".hidden", "sub/deeper/x.docx"):
        assert f"added    {rel}" in result.output
    assert "3 differences" in result.output


def test_every_kind_at_once(pack):
    (pack / DOCX).write_bytes(b"not a docx")
    (pack / "lint-report.json").unlink()
    (pack / "extra.pdf").write_bytes(b"%PDF")
    result = run("verify", pack)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.split() == ["changed", DOCX] for line in lines)
    assert any(line.split() == ["missing", "lint-report.json"] for line in lines)
    assert any(line.split() == ["added", "extra.pdf"] for line in lines)


def test_renamed_file_is_missing_plus_added(pack):
    (pack / DOCX).rename(pack / "renamed.docx")
    result = run("verify", pack)
    assert result.exit_code == 1
    assert f"missing  {DOCX}" in result.output and "added    renamed.docx" in result.output


def test_file_replaced_by_symlink_to_identical_copy_is_reported(pack, tmp_path):
    """A link is not the file that was built, even when it points at the same bytes."""
    outside = tmp_path / "outside.docx"
    shutil.copy(pack / DOCX, outside)
    (pack / DOCX).unlink()
    (pack / DOCX).symlink_to(outside)
    result = run("verify", pack)
    assert result.exit_code == 1 and f"changed  {DOCX}" in result.output


def test_manifest_itself_is_not_reported_as_added(pack):
    result = run("verify", pack)
    assert result.exit_code == 0
    assert "added" not in result.output and "manifest.json\n" not in result.output


@pytest.mark.parametrize("damage, message", [
    (lambda p: (p / "manifest.json").unlink(), "manifest.json: not found"),
    (lambda p: (p / "manifest.json").write_text("{not json"), "not valid JSON"),
    (lambda p: (p / "manifest.json").write_bytes(b"\xff\xfe\x00"), "not valid UTF-8"),
    (lambda p: (p / "manifest.json").write_text("[]"), "no 'files' list"),
    (lambda p: (p / "manifest.json").write_text('{"files": [{"path": "a"}]}'), "needs a 'path' and a 'sha256'"),
    (lambda p: (p / "manifest.json").write_text('{"files": [{"path": "../etc/passwd", "sha256": "00"}]}'),
     "not inside the pack"),
    (lambda p: (p / "manifest.json").write_text('{"files": [{"path": "/etc/passwd", "sha256": "00"}]}'),
     "not inside the pack"),
    (lambda p: (p / "manifest.json").write_text("[" * 100_000 + "]" * 100_000), "not valid JSON"),
])
def test_bad_manifest_is_bad_input(pack, damage, message):
    """No usable manifest: exit 2 with one clear line, no traceback."""
    damage(pack)
    result = run("verify", pack)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_not_a_folder_is_bad_input(tmp_path):
    result = run("verify", tmp_path / "nowhere")
    assert result.exit_code == 2 and "folder not found" in result.output
    (tmp_path / "file").write_text("x")
    result = run("verify", tmp_path / "file")
    assert result.exit_code == 2 and "not a folder" in result.output


def test_library_returns_a_report_and_does_not_print(pack, capsys):
    from tenderpack.verify import verify_pack

    (pack / "x").write_text("x")
    report = verify_pack(pack)
    assert not report.ok and report.added == ["x"] and DOCX in report.verified
    assert capsys.readouterr() == ("", "")


# --------------------------------------------------------------------------- --expect


def rewrite_file_and_its_hash(pack: Path) -> None:
    """The attack plain verify cannot see: a file changed and its hash in the manifest rewritten."""
    (pack / DOCX).write_bytes(b"a different document")
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["path"] == DOCX:
            entry["sha256"] = hashlib.sha256(b"a different document").hexdigest()
    (pack / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def test_expect_with_the_published_hash_passes(pack):
    """The hash as a buyer might paste it (capitals, spaces, a line break) still matches."""
    digest = manifest_sha256(pack)
    pasted = f"  {digest[:32].upper()} \n{digest[32:]}  "
    result = run("verify", pack, "--expect", pasted)
    assert result.exit_code == 0, result.output
    assert "published: yes" in result.output
    assert "not that the manifest is the buyer's" not in result.output


def test_expect_with_another_hash_fails(pack):
    other = "0" * 64
    result = run("verify", pack, "--expect", other)
    assert result.exit_code == 1, result.output
    assert f"manifest.json is not the one published: its SHA-256 is not {other}" in result.output
    assert f"{pack}: " in result.output and "files verified" in result.output   # the files themselves match


def test_rewritten_manifest_passes_plain_verify_but_not_expect(pack):
    """Level 1 proves only that files match their manifest; --expect catches the rewrite."""
    published = manifest_sha256(pack)
    rewrite_file_and_its_hash(pack)
    assert run("verify", pack).exit_code == 0
    result = run("verify", pack, "--expect", published)
    assert result.exit_code == 1, result.output
    assert "is not the one published" in result.output


@pytest.mark.parametrize("value", ["abc", "0" * 63, "0" * 65, "g" * 64, "sha256 " + "0" * 64, ""])
def test_malformed_expect_is_a_usage_error(pack, value):
    result = run("verify", pack, "--expect", value)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--expect'" in result.output and "64 hex digits" in result.output
    assert "Traceback" not in result.output


def test_library_rejects_a_malformed_expect(pack):
    from tenderpack.errors import InputError
    from tenderpack.verify import verify_pack

    with pytest.raises(InputError, match="--expect: .* is not a SHA-256"):
        verify_pack(pack, expect="xyz")
    assert verify_pack(pack, expect=manifest_sha256(pack).upper()).published is True


# --------------------------------------------------------------------------- the manifest itself


def test_manifest_over_the_limit_is_bad_input(pack, monkeypatch):
    import tenderpack.limits as limits

    monkeypatch.setattr(limits, "MANIFEST_MAX_BYTES", 100)
    result = run("verify", pack)
    assert result.exit_code == 2, result.output
    assert "manifest.json: over the limit of" in result.output and "(MANIFEST_MAX_BYTES)" in result.output


def test_manifest_that_is_a_symbolic_link_is_not_followed(pack, tmp_path):
    """A manifest must be the pack's own file: a link could point anywhere on the machine."""
    outside = tmp_path / "elsewhere.json"
    shutil.copy(pack / "manifest.json", outside)
    (pack / "manifest.json").unlink()
    (pack / "manifest.json").symlink_to(outside)
    result = run("verify", pack)
    assert result.exit_code == 2, result.output
    assert "manifest.json: is a symbolic link" in result.output


def test_manifest_that_is_a_fifo_does_not_hang(pack):
    (pack / "manifest.json").unlink()
    os.mkfifo(pack / "manifest.json")
    result = run("verify", pack)
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_manifest_listing_its_own_signature_is_bad_input(pack):
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"].append({"path": "manifest.json.minisig", "sha256": "00"})
    (pack / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = run("verify", pack)
    assert result.exit_code == 2 and "lists manifest.json.minisig itself" in result.output
