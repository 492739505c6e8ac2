"""tenderpack verify: a pack is checked against its manifest; any change, loss or addition shows."""

from __future__ import annotations

import json
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


def test_untouched_pack_verifies(pack):
    """A pack as built: exit 0 and one line counting the files."""
    result = run("verify", pack)
    assert result.exit_code == 0, result.output
    n = len(listed(pack))
    assert n >= 2 and DOCX in listed(pack)
    assert result.output == f"{pack}: {n} files verified\n"


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
    assert "manifest.json" not in result.output


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
