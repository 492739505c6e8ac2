"""Reproducible builds: the same spec gives the same bytes, whenever and however it is built.

The example is built three times (each once per module): twice in this process, and once in
a fresh process, later, with a different SOURCE_DATE_EPOCH, hash seed and time zone. Every
file of the pack (Word, PDF, xlsx, ics, json, html and manifest.json) must be identical.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderpack.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "small-open-grounds.yaml"
FORMATS = {".docx", ".pdf", ".xlsx", ".ics", ".json", ".html"}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_identical(a: Path, b: Path) -> None:
    left, right = files(a), files(b)
    assert sorted(left) == sorted(right), "the two packs hold different files"
    differ = [name for name in left if left[name] != right[name]]
    assert differ == [], f"not byte-identical: {', '.join(differ)}"


def build_in_process(out: Path) -> tuple[Path, float]:
    started = time.time()
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(out)])   # the default build: docx and pdf
    assert result.exit_code == 0, result.output
    return out, started


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    return build_in_process(tmp_path_factory.mktemp("repro") / "first")


@pytest.fixture(scope="module")
def second(first, tmp_path_factory):
    return build_in_process(tmp_path_factory.mktemp("repro") / "second")


@pytest.fixture(scope="module")
def elsewhen(first, tmp_path_factory):
    """A fresh process, later, with another SOURCE_DATE_EPOCH, hash seed and time zone."""
    _, started_first = first
    while int(time.time()) == int(started_first):   # a different wall clock, to the second at least
        time.sleep(0.1)
    out = tmp_path_factory.mktemp("repro") / "elsewhen"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1234567890", "PYTHONHASHSEED": "4242", "TZ": "Pacific/Auckland"}
    started = time.time()
    done = subprocess.run([sys.executable, "-m", "tenderpack", "build", str(EXAMPLE), "-o", str(out)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return out, started


def test_pack_has_every_format(first):
    out, _ = first
    names = files(out)
    assert "manifest.json" in names
    assert {Path(n).suffix for n in names} == FORMATS


def test_two_builds_are_byte_identical(first, second):
    assert_identical(first[0], second[0])


def test_build_later_with_other_epoch_hash_seed_and_zone_is_identical(first, elsewhen):
    assert int(elsewhen[1]) != int(first[1])
    assert_identical(first[0], elsewhen[0])


def test_manifest_names_no_output_folder_or_clock(first):
    """Nothing in the manifest depends on where or when the pack was built."""
    text = (first[0] / "manifest.json").read_text(encoding="utf-8")
    assert str(first[0]) not in text


EMOJI_SPEC = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8").replace(
    "title: Window cleaning", 'title: "Window cleaning \U0001F600"')


def test_pdf_with_emoji_ignores_source_date_epoch(tmp_path, monkeypatch):
    """A PDF whose emoji font WeasyPrint re-saves takes its date from the spec, not the environment."""
    spec = tmp_path / "tender.yaml"
    spec.write_text(EMOJI_SPEC, encoding="utf-8")
    args = ["build", str(spec), "--format", "pdf", "--only", "invitation-to-tender", "-o"]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert CliRunner().invoke(cli, [*args, str(tmp_path / "a")]).exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    assert CliRunner().invoke(cli, [*args, str(tmp_path / "b")]).exit_code == 0
    assert_identical(tmp_path / "a", tmp_path / "b")
