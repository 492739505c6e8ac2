"""scripts/setup.sh installs only what is missing, and never a package that would replace a user's.

The script is run in a copy of its folder with stand-ins for dpkg-query, apt-get and the
virtual environment on PATH, so the test sees what it would install and installs nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)


def _run_setup(tmp_path: Path, *args: str, soffice: bool) -> str:
    """Run setup.sh as a fresh machine with no packages would, and return what apt-get was asked for."""
    work = tmp_path / "checkout"
    (work / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", work / "scripts" / "setup.sh")
    (work / "pyproject.toml").write_text("", encoding="utf-8")
    venv_bin = work / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    _stub(venv_bin, "python", "exit 0")
    stamp = work / ".venv" / ".tenderpack-installed"
    stamp.write_text("", encoding="utf-8")
    os.utime(work / "pyproject.toml", (1, 1))   # the venv is newer than pyproject: no pip run
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    _stub(bin_dir, "dpkg-query", "exit 1")                       # nothing is installed
    _stub(bin_dir, "apt-get", f'echo "$@" >> "{log}"')
    _stub(bin_dir, "id", "echo 0")
    if soffice:
        _stub(bin_dir, "soffice", "exit 0")
    for tool in ("grep", "dirname", "touch", "cat", "mkdir"):   # the only other commands the script uses
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}   # nothing else: no soffice from this machine
    subprocess.run([shutil.which("bash") or "/bin/bash", str(work / "scripts" / "setup.sh"), *args], env=env, check=True,
                   capture_output=True, text=True)
    return log.read_text(encoding="utf-8") if log.exists() else ""


def test_setup_for_a_build_installs_no_libreoffice_and_no_test_tools(tmp_path):
    """`make example` (setup.sh) asks only for what a build needs: no LibreOffice, no poppler."""
    asked = _run_setup(tmp_path, soffice=False)
    assert "libharfbuzz-subset0" in asked
    assert "libreoffice" not in asked
    assert "poppler-utils" not in asked


def test_setup_for_tests_keeps_a_users_libreoffice(tmp_path):
    """With soffice already on the machine, `make test` never installs the conflicting -nogui packages."""
    asked = _run_setup(tmp_path, "--test", soffice=True)
    assert "poppler-utils" in asked
    assert "libreoffice" not in asked


def test_setup_for_tests_installs_libreoffice_only_when_missing(tmp_path):
    """Without any soffice, `make test` installs LibreOffice headless, and apt-get may never remove a package."""
    asked = _run_setup(tmp_path, "--test", soffice=False)
    assert "libreoffice-writer-nogui" in asked and "libreoffice-calc-nogui" in asked
    install = [line for line in asked.splitlines() if line.startswith("install")]
    assert install and all("--no-remove" in line for line in install)
