"""Parallel rendering (--jobs) and the render cache (--no-cache), read back from the packs they write."""

from __future__ import annotations

import json
import re
import os
from pathlib import Path

from click.testing import CliRunner

from _packs import docx_text, pdf_text

from tenderpack.cli import cli
from tenderpack.publish import sha256
from tenderpack.templates import data_dir

SPEC = Path(__file__).parent / "fixtures" / "minimal.yaml"


def build(spec: Path, out: Path, *options: str):
    result = CliRunner().invoke(cli, ["build", str(spec), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return result


def written(result) -> dict[str, str]:
    """Each file the build reported, with 'wrote' or 'reused'."""
    return {m.group(2): m.group(1) for m in re.finditer(r"^  (wrote|reused) +(\S+)", result.output, re.M)}


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_jobs_do_not_change_a_byte(tmp_path):
    """One process or several: the same files, reported in the same order, with the same manifest."""
    one = build(SPEC, tmp_path / "one", "--jobs", "1", "--no-cache")
    two = build(SPEC, tmp_path / "two", "--jobs", "2", "--no-cache")
    assert (tmp_path / "one" / "manifest.json").read_bytes() == (tmp_path / "two" / "manifest.json").read_bytes()
    assert list(written(one)) == list(written(two))
    for entry in manifest(tmp_path / "two")["files"]:
        assert sha256(tmp_path / "two" / entry["path"]) == entry["sha256"]


def test_an_unchanged_pack_is_not_rendered_again(tmp_path):
    first = build(SPEC, tmp_path / "a")
    assert set(written(first).values()) == {"wrote"}
    again = build(SPEC, tmp_path / "b")
    reported = written(again)
    documents = [f["path"] for f in manifest(tmp_path / "b")["files"] if f["format"] in ("docx", "pdf")]
    assert documents and all(reported[path] == "reused" for path in documents)
    # A reused file is the very file a fresh render gives.
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (tmp_path / "b" / "manifest.json").read_bytes()
    fresh = build(SPEC, tmp_path / "c", "--no-cache")
    assert set(written(fresh).values()) == {"wrote"}
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (tmp_path / "c" / "manifest.json").read_bytes()


def test_a_moved_date_renders_only_the_documents_that_show_it(tmp_path):
    build(SPEC, tmp_path / "pack")
    moved = tmp_path / "moved.yaml"
    text = SPEC.read_text(encoding="utf-8")
    assert "tender_deadline: 2027-03-01T12:00:00" in text
    moved.write_text(text.replace("tender_deadline: 2027-03-01T12:00:00", "tender_deadline: 2027-03-02T12:00:00"),
                     encoding="utf-8")
    reported = written(build(moved, tmp_path / "pack"))
    assert reported["sme/tender-at-a-glance.pdf"] == "wrote"
    assert reported["draft-contract.pdf"] == "reused"
    assert reported["sme/glossary.docx"] == "reused"
    glance_docx = docx_text(tmp_path / "pack" / "sme" / "tender-at-a-glance.docx")
    glance_pdf = pdf_text(tmp_path / "pack" / "sme" / "tender-at-a-glance.pdf")
    assert "2 March 2027" in glance_docx and "1 March 2027" not in glance_docx
    assert "2 March 2027" in glance_pdf
    # The rebuilt pack is byte for byte what a build without the cache gives.
    build(moved, tmp_path / "fresh", "--no-cache")
    assert manifest(tmp_path / "pack")["files"] == manifest(tmp_path / "fresh")["files"]


def test_a_changed_template_renders_again(tmp_path):
    build(SPEC, tmp_path / "pack")
    style = tmp_path / "style"
    style.mkdir()
    css = (data_dir("templates") / "print.css").read_text(encoding="utf-8")
    (style / "print.css").write_text(css + "\nh1 { color: #1d4f91; }\n", encoding="utf-8")
    reported = written(build(SPEC, tmp_path / "styled", "--template-dir", str(style)))
    assert reported["draft-contract.pdf"] == "wrote"
    assert manifest(tmp_path / "styled")["templates"] != manifest(tmp_path / "pack")["templates"]


def test_a_plugin_writer_is_cached_only_when_it_says_how(tmp_path):
    """A plugin's writer without ``cache_version`` may depend on anything: it always runs."""
    plugins = Path(__file__).parent / "plugins" / "outsider"
    options = ["--plugins-dir", str(plugins), "--format", "docx,text", "--only", "invitation-to-tender"]
    build(SPEC, tmp_path / "a", *options)
    reported = written(build(SPEC, tmp_path / "b", *options))
    assert reported["invitation-to-tender.docx"] == "reused"
    assert reported["invitation-to-tender.txt"] == "wrote"


def test_an_unusable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TENDERPACK_CACHE_DIR", str(blocker))
    result = build(SPEC, tmp_path / "pack", "--only", "glossary")
    assert set(written(result).values()) == {"wrote"}
    assert "Glossary" in docx_text(tmp_path / "pack" / "sme" / "glossary.docx")


def test_a_worker_that_fails_stops_the_build_and_writes_nothing(tmp_path, monkeypatch):
    """A writer failing inside a worker process: exit 1, the document named, no pack, no leftovers."""
    from tenderpack.writers.pdf import PdfWriter

    real = PdfWriter.write

    def failing(self, document, target, templates):
        if document.id == "draft-contract":
            raise RuntimeError("font server unplugged")
        real(self, document, target, templates)

    monkeypatch.setattr(PdfWriter, "write", failing)   # forked workers inherit the patch
    result = CliRunner().invoke(cli, ["build", str(SPEC), "-o", str(tmp_path / "pack"), "--jobs", "2", "--no-cache"])
    assert result.exit_code == 1, result.output
    assert "pdf writer failed on 'draft-contract'" in result.output
    assert "font server unplugged" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_manifest_names_every_input_by_version_and_hash(tmp_path):
    build(SPEC, tmp_path / "pack", "--format", "docx", "--only", "draft-contract")
    data = manifest(tmp_path / "pack")
    templates = {t["name"]: t for t in data["templates"]}
    assert set(templates) >= {"master.docx", "print.css", "document.html"}
    for name, entry in templates.items():
        assert entry["from"] == "built-in"
        assert entry["sha256"] == sha256(data_dir("templates") / name)
    assert all(p["version"] for p in data["plugins"])
    assert data["libraries"]["weasyprint"] and data["libraries"]["python-docx"]
    clauses = {c["clause"]: c for c in data["clauses"]}
    assert "core:definitions" in clauses
    assert all(c["version"] and len(c["sha256"]) == 64 for c in clauses.values())
    used = {s["clause"] for d in data["documents"] for s in d.get("sources", []) if "clause" in s}
    assert used == set(clauses)


def test_cache_entries_are_trimmed_oldest_first(tmp_path):
    from tenderpack.cache import RenderCache

    cache = RenderCache(tmp_path / "cache")
    source = tmp_path / "file"
    for i, key in enumerate(["aa" + "0" * 62, "bb" + "0" * 62, "cc" + "0" * 62]):
        source.write_bytes(bytes(100))
        cache.store(key, source)
        entry = tmp_path / "cache" / "render" / key[:2] / key
        os.utime(entry, (1000 + i, 1000 + i))
    cache.trim(limit=250)
    left = sorted(p.name[:2] for p in (tmp_path / "cache" / "render").glob("*/*"))
    assert left == ["bb", "cc"]
    assert cache.fetch("cc" + "0" * 62, tmp_path / "copy") and (tmp_path / "copy").read_bytes() == bytes(100)
    assert not cache.fetch("aa" + "0" * 62, tmp_path / "copy2")


def test_without_workers_the_lint_runs_after_the_files_are_written(tmp_path):
    """One process: the lint's dictionary and a long document's layout are never in memory at once."""
    from tenderpack.parallel import Task, render_all
    from tenderpack.templates import Templates
    from tenderpack.tree import Document

    events = []

    def write(writer, document, target, templates, fmt, what):
        events.append(f"write {what}")
        target.write_text(what)

    tasks = [Task(Document(id=name, title=name, sections=[]), "txt", object(), tmp_path / name, name) for name in ("a", "b")]
    render_all(tasks, Templates(), write, 1, None, lambda task: events.append(f"done {task.what}"),
               meanwhile=lambda: events.append("lint"))
    assert events == ["write a", "done a", "write b", "done b", "lint"]
