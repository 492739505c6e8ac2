"""A document's lint kept from an earlier build, so that a rebuild lints only what changed.

The lint of a whole pack takes about half a second, a third of a rebuild in which nothing
changed. A document's result depends only on its text, its thresholds, the word lists and
checks in force, and the lint's own code, so all of these make the key: the text by the
tree's content digest, each check by the source file that defines it (a plugin's check
changed in place is never served stale), the lint's code by its source files and textstat's
version. A check whose source cannot be found, or a document on which a check failed, is
never kept.

Entries are JSON, kept in the render cache (which checks each entry's hash before use), and
read back as data: nothing in the cache runs.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

from .. import __version__
from .engine import DocumentLint, LintFinding, StyleKit, Thresholds
from .sentences import Sentence

FORMAT = "lint-1"   # bump when the entry's shape changes


class Store(Protocol):
    """What keeps entries by key: the render cache."""

    def fetch(self, key: str, target: Path, document: str = "", fmt: str = "") -> bool: ...

    def store(self, key: str, source: Path) -> None: ...


def kit_digest(kit: StyleKit) -> str | None:
    """A hash of the word lists and checks in force; None when a check's source is unknown."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{_own_source()}\0{_textstat()}\0".encode())
    for words in kit.word_lists:
        digest.update(repr((words.name, words.version, words.category, words.gate, words.entries)).encode())
    for check in kit.checks:
        try:
            source = inspect.getsourcefile(check.check)
            body = Path(source).read_bytes() if source else None
        except (TypeError, OSError):
            body = None
        if body is None:
            return None
        digest.update(repr((check.code, check.gate, check.prose_only, check.plugin)).encode() + body)
    return digest.hexdigest()


def key(content: str, thresholds: Thresholds, path: str, kit: str) -> str:
    """The key of one document's lint, from its ``content_digest`` and what it is measured against."""
    described = json.dumps(thresholds.describe(), sort_keys=True)
    return hashlib.sha256("\0".join((FORMAT, content, described, path, kit)).encode()).hexdigest()


def fetch(store: Store, entry: str, thresholds: Thresholds, document: str) -> DocumentLint | None:
    """The kept lint under ``entry``, or None (a miss, or an entry that does not read back)."""
    with tempfile.TemporaryDirectory(prefix="tenderpack-lint-") as folder:
        target = Path(folder) / "entry.json"
        if not store.fetch(entry, target, document, "lint"):
            return None
        try:
            return _from_data(json.loads(target.read_text(encoding="utf-8")), thresholds)
        except (ValueError, KeyError, TypeError):
            return None


def keep(store: Store, entry: str, result: DocumentLint) -> None:
    with tempfile.TemporaryDirectory(prefix="tenderpack-lint-") as folder:
        source = Path(folder) / "entry.json"
        source.write_text(json.dumps(_to_data(result), ensure_ascii=False), encoding="utf-8")
        store.store(entry, source)


def _to_data(result: DocumentLint) -> dict[str, Any]:
    return {"format": FORMAT, "id": result.id, "title": result.title, "audience": result.audience,
            "path": result.path, "metrics": result.metrics,
            "findings": [{"code": f.code, "message": f.message, "gate": f.gate, "word": f.word, "swap": f.swap,
                          "source": f.source,
                          "sentence": [f.sentence.text, f.sentence.document, f.sentence.section, f.sentence.clause,
                                       f.sentence.kind, f.sentence.prose]}
                         for f in result.findings]}


def _from_data(data: dict[str, Any], thresholds: Thresholds) -> DocumentLint:
    if data.get("format") != FORMAT:
        raise ValueError("another format")
    findings = []
    for f in data["findings"]:
        text, document, section, clause, kind, prose = f["sentence"]
        sentence = Sentence(str(text), str(document), str(section), clause, str(kind), bool(prose))
        findings.append(LintFinding(str(f["code"]), str(f["message"]), sentence, bool(f["gate"]), f["word"],
                                    f["swap"], f["source"]))
    return DocumentLint(str(data["id"]), str(data["title"]), str(data["audience"]), str(data["path"]),
                        thresholds, dict(data["metrics"]), findings)


@functools.cache
def _own_source() -> str:
    """A hash of the lint's own code and data, so a changed checkout never reuses an old lint."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted(p for p in here.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".txt")):
        digest.update(os.fsencode(path.relative_to(here)) + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _textstat() -> str:
    try:
        return version("textstat")
    except PackageNotFoundError:
        return "none"
