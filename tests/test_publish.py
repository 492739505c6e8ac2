"""Publishing: a pack appears whole or not at all, and an earlier pack is never damaged."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pytest

from tenderpack.errors import BuildError, InputError
from tenderpack.publish import MANIFEST, PackFile, publish


def writer(files: dict[str, str], fail_after: int | None = None):
    def fill(tmp: Path) -> list[PackFile]:
        out = []
        for i, (name, content) in enumerate(files.items()):
            if fail_after is not None and i == fail_after:
                raise BuildError("writer broke halfway")
            (tmp / name).write_text(content)
            out.append(PackFile(name, "txt", "doc"))
        return out
    return fill


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_pack_written_with_manifest_and_hashes(tmp_path):
    """Every file is listed in manifest.json with its size and SHA-256."""
    pack = publish(tmp_path / "out", writer({"a.txt": "alpha"}), {"reference": "R1"})
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert manifest["reference"] == "R1"
    assert manifest["files"] == [{"path": "a.txt", "format": "txt", "document": "doc", "title": None, "bytes": 5,
                                  "sha256": "8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8"}]
    assert pack.files[0].sha256 == manifest["files"][0]["sha256"]


def test_failed_build_keeps_previous_pack(tmp_path):
    """A build that fails midway leaves the earlier pack exactly as it was, and no temp folder."""
    out = tmp_path / "out"
    publish(out, writer({"a.txt": "first"}), {})
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(BuildError):
        publish(out, writer({"a.txt": "second", "b.txt": "b"}, fail_after=1), {})
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert leftovers(tmp_path) == []


def test_interrupted_build_leaves_nothing(tmp_path):
    """An interrupt (Ctrl-C) during writing removes the temporary folder and creates no pack."""
    def fill(tmp: Path):
        (tmp / "half.txt").write_text("half")
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        publish(tmp_path / "out", fill, {})
    assert list(tmp_path.iterdir()) == []


def test_successful_rebuild_replaces_whole_pack(tmp_path):
    """A new pack replaces the old one entirely: no stale files from the earlier build."""
    out = tmp_path / "out"
    publish(out, writer({"a.txt": "1", "old.txt": "stale"}), {})
    publish(out, writer({"a.txt": "2"}), {})
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", MANIFEST]
    assert leftovers(tmp_path) == []


def test_refuses_to_replace_unrelated_folder(tmp_path):
    """An existing folder that is not a tenderpack pack is never replaced."""
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    with pytest.raises(InputError, match="not replaced, because it holds no manifest.json"):
        publish(out, writer({"a.txt": "x"}), {})
    assert (out / "thesis.docx").read_text() == "precious"


def test_refuses_file_as_output(tmp_path):
    """OUT that is a file is refused."""
    target = tmp_path / "out"
    target.write_text("a file")
    with pytest.raises(InputError, match="not a folder"):
        publish(target, writer({"a.txt": "x"}), {})


def test_temporary_folder_named_for_its_process(tmp_path):
    """The temporary folder's name carries this process's id and machine, so a later build can
    tell the leftovers of a build that was killed from those of one still running."""
    seen = []

    def fill(tmp: Path):
        seen.append(tmp)
        return []
    publish(tmp_path / "out", fill, {})
    assert seen[0].parent == tmp_path
    assert re.fullmatch(rf"\.out\.tmp-{os.getpid()}@[A-Za-z0-9_-]*-[0-9a-f]{{8}}", seen[0].name)


def test_pack_folder_has_the_usual_permissions(tmp_path):
    """The pack folder is made like any new folder (the umask decides), not private to its owner
    as a tempfile.mkdtemp folder would be, so colleagues can open a pack on a shared drive."""
    publish(tmp_path / "out", writer({"a.txt": "x"}), {})
    (tmp_path / "plain").mkdir()
    assert (tmp_path / "out").stat().st_mode == (tmp_path / "plain").stat().st_mode


def test_file_system_error_is_a_build_error_naming_the_folder(tmp_path):
    """An OSError while writing becomes a one-line BuildError naming the folder, not an internal error."""
    def fill(tmp: Path):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp / "a.txt"))
    with pytest.raises(BuildError, match=f"{re.escape(str(tmp_path))}: cannot write the pack "
                                         r"\(Permission denied\); nothing was written"):
        publish(tmp_path / "out", fill, {})
    assert list(tmp_path.iterdir()) == []


def test_disk_full_message(tmp_path):
    """A full disk is said in plain words, with the folder, and what became of the earlier pack."""
    out = tmp_path / "out"
    publish(out, writer({"a.txt": "first"}), {})

    def fill(tmp: Path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    with pytest.raises(BuildError) as caught:
        publish(out, fill, {})
    assert str(caught.value) == (f"the disk is full: there is no space left in {tmp_path} to write the pack; "
                                 f"free some space and build again (the pack already in {out} is unchanged)")
    assert leftovers(tmp_path) == []


def test_every_file_is_on_disk_before_the_swap_and_the_swap_after(tmp_path, monkeypatch):
    """A power cut after the swap must not leave the new pack's names pointing at empty files."""
    events: list[tuple[str, str]] = []
    real_fsync, real_rename = os.fsync, os.rename

    def fsync(fd):
        events.append(("sync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def rename(src, dst):
        events.append(("rename", f"{src} -> {dst}"))
        real_rename(src, dst)

    publish(tmp_path / "out", writer({"a.txt": "alpha"}), {})
    def fill(tmp: Path) -> list[PackFile]:
        (tmp / "sme").mkdir()
        (tmp / "sme" / "b.txt").write_text("beta")
        return [PackFile("sme/b.txt", "txt", "doc")]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    publish(tmp_path / "out", fill, {})
    swap_in = next(i for i, (kind, what) in enumerate(events) if kind == "rename" and what.endswith(f"-> {tmp_path / 'out'}"))
    synced_before = {Path(what).name for kind, what in events[:swap_in] if kind == "sync"}
    assert {"b.txt", "sme", MANIFEST} <= synced_before
    assert any(Path(what).name.startswith(".out.tmp-") for kind, what in events[:swap_in] if kind == "sync")
    assert ("sync", str(tmp_path)) in events[swap_in:]   # the rename itself is on disk
    assert (tmp_path / "out" / "sme" / "b.txt").read_text() == "beta"
