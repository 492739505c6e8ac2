"""A rebuild lints only the documents that changed: the others keep their lint from the cache,
and the report reads the same either way (issue 12, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

import tenderpack.lint.engine as engine
import tenderpack.lint.report as report_module
from tenderpack.build import BuildOptions, build
from tenderpack.cache import RenderCache
from tenderpack.lint import StyleCheck, StyleKit, builtin_word_lists, reuse
from tenderpack.lint.engine import Thresholds

SPEC = Path(__file__).parent / "fixtures" / "minimal.yaml"


def linted(monkeypatch) -> list[str]:
    """The ids of the documents the lint measures from now on."""
    seen: list[str] = []
    measure = engine.lint_document

    def counted(document, *args, **kwargs):
        seen.append(document.id)
        return measure(document, *args, **kwargs)

    monkeypatch.setattr(report_module, "lint_document", counted)
    return seen


def build_docx(spec: Path, out: Path, cache: Path):
    return build(spec, out, BuildOptions(formats=("docx",), jobs=1, cache_dir=cache))


def test_a_rebuild_keeps_the_lint_of_unchanged_documents_and_reports_the_same(tmp_path, monkeypatch):
    out, cache = tmp_path / "pack", tmp_path / "cache"
    first = linted(monkeypatch)
    build_docx(SPEC, out, cache)
    report = (out / "lint-report.json").read_bytes()
    assert len(first) > 5

    again = linted(monkeypatch)
    build_docx(SPEC, out, cache)
    assert again == []
    assert (out / "lint-report.json").read_bytes() == report


def test_a_changed_document_is_linted_again(tmp_path, monkeypatch):
    out, cache = tmp_path / "pack", tmp_path / "cache"
    build_docx(SPEC, out, cache)
    text = SPEC.read_text(encoding="utf-8")
    assert "  summary: " in text or "\nsummary: " in text
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace("\nsummary: ", "\nsummary: Our parks need care. ", 1), encoding="utf-8")
    again = linted(monkeypatch)
    build_docx(changed, out, cache)
    assert again and len(again) < 8   # the documents that carry the summary, not the whole pack


def test_without_the_cache_every_document_is_linted(tmp_path, monkeypatch):
    out = tmp_path / "pack"
    build(SPEC, out, BuildOptions(formats=("docx",), jobs=1, cache=False))
    seen = linted(monkeypatch)
    build(SPEC, out, BuildOptions(formats=("docx",), jobs=1, cache=False))
    assert len(seen) > 5


def test_a_damaged_entry_is_not_used(tmp_path, monkeypatch):
    out, cache = tmp_path / "pack", tmp_path / "cache"
    build_docx(SPEC, out, cache)
    report = (out / "lint-report.json").read_bytes()
    # Make every kept lint claim a perfect score: the recorded hash no longer matches.
    for entry in (cache / "render").rglob("*"):
        if entry.is_file() and entry.read_bytes().startswith(b'{"format": "lint-1"'):
            entry.write_bytes(entry.read_bytes().replace(b'"findings": [', b'"findings": [ '))
    seen = linted(monkeypatch)
    build_docx(SPEC, out, cache)
    assert len(seen) > 5
    assert (out / "lint-report.json").read_bytes() == report


def test_a_check_changed_in_place_changes_the_key(tmp_path):
    source = tmp_path / "house_checks.py"
    source.write_text("def shout(sentence):\n    return []\n", encoding="utf-8")
    namespace: dict = {}
    exec(compile(source.read_text(), str(source), "exec"), namespace)
    kit = StyleKit(list(builtin_word_lists()), [StyleCheck("SHOUT", "Shouting", namespace["shout"], plugin="house")])
    before = reuse.kit_digest(kit)
    source.write_text("def shout(sentence):\n    return ['no capitals']\n", encoding="utf-8")
    assert before is not None and reuse.kit_digest(kit) != before


def test_a_check_without_a_source_file_is_never_kept():
    kit = StyleKit(list(builtin_word_lists()), [StyleCheck("LEN", "Length", len, plugin="house")])
    assert reuse.kit_digest(kit) is None


def test_the_thresholds_are_part_of_the_key():
    loose = Thresholds(gate=False, min_reading_ease=50, max_sentence_words=30)
    strict = Thresholds(gate=True, min_reading_ease=60, max_sentence_words=25)
    assert reuse.key("c", loose, "sme/x", "k") != reuse.key("c", strict, "sme/x", "k")


@pytest.mark.parametrize("payload", [b"not json", b'{"format": "lint-0"}', b'{"format": "lint-1", "id": 1}'])
def test_an_entry_that_does_not_read_back_is_a_miss(tmp_path, payload):
    cache = RenderCache(tmp_path / "cache")
    source = tmp_path / "entry.json"
    source.write_bytes(payload)
    cache.store("ab" * 32, source)
    thresholds = Thresholds(gate=False, min_reading_ease=None, max_sentence_words=None)
    assert reuse.fetch(cache, "ab" * 32, thresholds, "glossary") is None
