"""-o is safe: a build replaces only a pack it wrote, follows a link, and every file is readable.

Each case is one a careless user or an attacker met: a folder with a hand-made manifest.json
lost its files, a link was replaced by a real folder, PDFs were private to their owner, a long
folder name failed, a plugin's sys.exit(0) ended the build in silence.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderpack.cli import cli
from tenderpack.manifest import MANIFEST

HERE = Path(__file__).parent
SPEC = HERE / "fixtures" / "minimal.yaml"


def build(out: Path, *extra: str):
    return CliRunner().invoke(cli, ["build", str(SPEC), "-o", str(out), "--format", "docx",
                                    "--only", "tender-at-a-glance", "--no-cache", *extra])


def beside(folder: Path) -> list[str]:
    """Hidden entries next to ``folder``: a temporary or old folder left behind."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------------------- not a pack: refused


def test_folder_with_a_hand_made_manifest_is_not_replaced(tmp_path):
    """The reproduction: mkdir webapp; echo '{}' > webapp/manifest.json; echo x > webapp/index.html."""
    webapp = tmp_path / "webapp"
    webapp.mkdir()
    (webapp / MANIFEST).write_text("{}")
    (webapp / "index.html").write_text("x")
    result = build(webapp)
    assert result.exit_code == 2, result.output
    assert "not replaced, because its manifest.json was not written by tenderpack" in result.stderr
    assert sorted(p.name for p in webapp.iterdir()) == ["index.html", MANIFEST]
    assert (webapp / "index.html").read_text() == "x" and beside(webapp) == []


def test_pack_with_a_file_of_the_users_added_is_not_replaced(tmp_path):
    """A real pack into which someone saved a file of their own: the file would be lost, so refuse."""
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    (out / "sme" / "my-notes.txt").write_text("mine")
    result = build(out)
    assert result.exit_code == 2, result.output
    assert "holds files its manifest.json does not list (sme/my-notes.txt)" in result.stderr
    assert (out / "sme" / "my-notes.txt").read_text() == "mine"


def test_manifest_that_lists_no_files_is_not_replaced(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text(json.dumps({"generator": "tenderpack", "manifest_version": 1}))
    (out / "a.txt").write_text("a")
    result = build(out)
    assert result.exit_code == 2 and "does not list its files" in result.stderr
    assert (out / "a.txt").exists()


def test_own_pack_is_replaced_and_marked_as_ours(tmp_path):
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["generator"] == "tenderpack" and manifest["manifest_version"] == 1
    result = build(out)
    assert result.exit_code == 0, result.output
    assert beside(out) == []


def test_pack_of_an_earlier_version_is_still_replaced(tmp_path):
    """Packs written before the generator key carry the version, spec and documents: still ours."""
    out = tmp_path / "out"
    assert build(out).exit_code == 0
    manifest = json.loads((out / MANIFEST).read_text())
    del manifest["generator"], manifest["manifest_version"]
    (out / MANIFEST).write_text(json.dumps(manifest))
    assert build(out).exit_code == 0


# ---------------------------------------------------------------------------- a link as -o


def test_link_to_a_folder_is_followed_and_kept(tmp_path):
    target = tmp_path / "real"
    link = tmp_path / "link"
    assert build(target).exit_code == 0
    first = (target / MANIFEST).read_bytes()
    link.symlink_to(target, target_is_directory=True)
    result = build(link, "--strict")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert (target / MANIFEST).is_file() and (link / MANIFEST).read_bytes() == (target / MANIFEST).read_bytes()
    assert json.loads(first)["files"] == json.loads((target / MANIFEST).read_bytes())["files"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"], "a leftover stayed beside the pack"


def test_link_to_nowhere_is_refused(tmp_path):
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "gone")
    result = build(link)
    assert result.exit_code == 2
    assert "is a link to" in result.stderr and "which is not a folder" in result.stderr
    assert not (tmp_path / "gone").exists() and link.is_symlink()


# ---------------------------------------------------------------------------- modes, names


@pytest.mark.parametrize("umask, file_mode, dir_mode", [(0o022, 0o644, 0o755), (0o002, 0o664, 0o775)])
def test_every_file_of_the_pack_follows_the_umask(tmp_path, umask, file_mode, dir_mode):
    """PDFs were 0600 (mkstemp) while the rest followed the umask: colleagues could not open them."""
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "tenderpack", "build", str(SPEC), "-o", str(out), "--format", "docx,pdf",
         "--only", "tender-at-a-glance,how-to-bid,pricing-schedule,important-dates", "--no-cache", "--jobs", "2"],
        capture_output=True, text=True, preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0, result.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} >= {".pdf", ".docx", ".json", ".xlsx", ".ics"}
    wrong = {p.relative_to(out).as_posix(): oct(stat.S_IMODE(p.stat().st_mode))
             for p in files if stat.S_IMODE(p.stat().st_mode) != file_mode}
    assert wrong == {}
    folders = [out, *(p for p in out.rglob("*") if p.is_dir())]
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {dir_mode}


def test_long_folder_name_that_the_system_allows(tmp_path):
    """A 235-character name is legal; the temporary folders beside it must fit in 255 too."""
    out = tmp_path / ("p" * 235)
    result = build(out)
    assert result.exit_code == 0, result.output
    assert (out / MANIFEST).is_file()
    result = build(out)   # and again, through the swap with the old folder
    assert result.exit_code == 0, result.output
    assert beside(out) == []


# ---------------------------------------------------------------------------- plugins that exit


def test_plugin_calling_sys_exit_is_a_failure_named_after_it(tmp_path):
    """sys.exit(0) in a plugin gave exit 0, nothing written and no message."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "quitter.py").write_text(
        "import sys\nfrom tenderpack import hookimpl\n\n"
        "@hookimpl\ndef register_documents(spec, register):\n    sys.exit(0)\n")
    out = tmp_path / "out"
    result = build(out, "--plugins-dir", str(plugins))
    assert result.exit_code == 1, result.output
    assert "quitter" in result.stderr and "sys.exit(0)" in result.stderr
    assert not out.exists()


def test_plugin_calling_sys_exit_when_imported(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "leaver.py").write_text("import sys\nsys.exit(3)\n")
    result = build(tmp_path / "out", "--plugins-dir", str(plugins))
    assert result.exit_code == 1, result.output
    assert "leaver" in result.stderr and "sys.exit(3)" in result.stderr


# ---------------------------------------------------------------------------- the terminal


def test_control_characters_never_reach_the_terminal(tmp_path):
    """Text from a spec (or its file name) is echoed with control characters escaped, never raw."""
    spec = tmp_path / "tender\x1b]0;pwned\x07.yaml"
    spec.write_text(SPEC.read_text() + '"bad\\e[2Jkey\\x9b31m": 1\n', encoding="utf-8")
    for args in (["validate", str(spec)], ["build", str(spec), "-o", str(tmp_path / "out")],
                 ["validate", str(tmp_path / "gone\x1b[2J.yaml")]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        printed = result.stdout + result.stderr
        assert not any(ch in printed for ch in "\x1b\x07\x9b"), printed
        assert "\\x1b" in printed
