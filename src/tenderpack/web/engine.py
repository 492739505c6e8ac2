"""Every call the page makes into the engine, in one place: the pages know nothing else of it.

A spec is always a file here, as on the command line: each saved version is written once to
``<data>/specs/<tender>/<version>/tender.yaml`` and read with ``Tender.load``, so its messages
are the ones ``tenderpack validate`` prints, with the same lines, fields and rule codes.
Versions never change, so what is worked out from one (the checks, the document trees) is
kept in memory by its path.
"""

from __future__ import annotations

import copy
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Issue, Location, SpecError, TenderpackError
from ..positions import PathT, parse_path

SPEC_NAME = "tender.yaml"   # how messages name the spec, as if the buyer had the file
AT_A_GLANCE = "tender-at-a-glance"


@dataclass(frozen=True)
class Message:
    """One problem with the spec, where it is, and the words ``tenderpack validate`` uses."""

    path: PathT
    line: int | None
    column: int | None
    severity: str            # "error" or "warning"
    text: str                # the message, with its rule code when a rule found it
    code: str | None = None
    cli: str = ""            # the whole line as the command line prints it

    @property
    def dotted(self) -> str:
        return ".".join(str(p) for p in self.path)


@dataclass
class Checked:
    """A version read and checked: its data (for the form), its messages, and its documents."""

    data: dict | None
    messages: list[Message] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)   # (id, title) when the spec is valid
    reference: str = ""
    title: str = ""

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "error"]

    @property
    def warnings(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "warning"]

    @property
    def valid(self) -> bool:
        return self.data is not None and bool(self.documents) and not self.errors


@lru_cache(maxsize=1)
def plugins():
    """The plugins, loaded once for the process (as one CLI run loads them once)."""
    from ..plugins import Plugins

    return Plugins(())


def spec_file(data_dir: Path, tender_id: int, number: int) -> Path:
    """Where version ``number`` of tender ``tender_id`` is kept (ids only: no name from a form)."""
    return data_dir / "specs" / str(int(tender_id)) / str(int(number)) / SPEC_NAME


def write_spec(path: Path, text: str) -> None:
    """Write a version's text (from the database, which holds it) to its file, whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    # a name of its own: the page and workers (on other machines too) may write the same version at once
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    forget()


def forget() -> None:
    """Drop what was worked out from the versions' files (a file changed, or one they attach arrived)."""
    _loaded.cache_clear()
    _trees.cache_clear()
    _parsed.cache_clear()


def read_upload(content: bytes, folder: Path) -> tuple[str | None, list[Message]]:
    """An uploaded file's text, read as the command line reads a spec file (size, UTF-8, not
    empty), or the messages saying why it cannot be. The bytes are only ever data."""
    import tempfile

    from ..reader import read_text

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as work:
        path = Path(work) / SPEC_NAME
        path.write_bytes(content)
        try:
            return read_text(path), []
        except SpecError as exc:
            return None, [Message((), m.line, m.column, m.severity, m.text.replace(str(path), SPEC_NAME),
                                  cli=m.cli.replace(str(path), SPEC_NAME)) for m in _from_issues(exc.issues)]


def parse(text: str) -> tuple[Any, list[Message]]:
    """The text's data (for the form), or the located messages of why it cannot be read.

    A page reads the same version's text several times: it is read once, and each caller gets
    its own copy of the data to change."""
    data, messages = _parsed(text)
    return copy.deepcopy(data), list(messages)


@lru_cache(maxsize=32)
def _parsed(text: str) -> tuple[Any, tuple[Message, ...]]:
    data, messages = _parse(text)
    return data, tuple(messages)


def _parse(text: str) -> tuple[Any, list[Message]]:
    from ..reader import load_data

    try:
        data, _ = load_data(text, SPEC_NAME)
    except SpecError as exc:
        return None, _from_issues(exc.issues)
    if not isinstance(data, dict):
        return None, [Message((), 1, 1, "error", "the specification must be a mapping of fields, such as 'tenderpack: 1'",
                              cli=f"{SPEC_NAME}:1:1: the specification must be a mapping of fields")]
    return data, []


def _in_folder(message: Message, folder: Path) -> Message:
    """A message as the buyer reads it: a file in the version's folder (an attached file, checked
    there) named from that folder, as the spec names it, not by the server's path to it."""
    import dataclasses
    import os

    text, cli = message.text, message.cli
    for shown in {str(folder), os.path.realpath(folder)}:
        text, cli = text.replace(shown + os.sep, ""), cli.replace(shown + os.sep, "")
    return dataclasses.replace(message, text=text, cli=cli)


def _renamed(where: Location) -> Location:
    return Location(SPEC_NAME, where.line, where.column, where.path)


def _from_issues(issues: list[Issue]) -> list[Message]:
    out = []
    for issue in issues:
        where = _renamed(issue.where)
        out.append(Message(parse_path(where.path) if where.path else (), where.line, where.column, "error",
                           issue.message, cli=str(Issue(where, issue.message))))
    return out


@lru_cache(maxsize=32)
def _loaded(path: str):
    from ..tender import Tender

    return Tender.load(path, plugins())


def check(path: Path) -> Checked:
    """Read, validate and run the rules on the version at ``path``, as ``tenderpack validate`` does."""
    from ..rules import Problem

    data, problems = parse(path.read_text(encoding="utf-8"))
    if data is None:
        return Checked(None, problems)
    try:
        tender = _loaded(str(path))
    except SpecError as exc:
        return Checked(data, [_in_folder(m, path.parent) for m in _from_issues(exc.issues)])
    report = tender.checks()
    messages = []
    for p in report.problems:
        located = Problem(p.code, p.severity, p.message, _renamed(p.where), p.title, p.source, p.plugin)
        messages.append(Message(parse_path(p.where.path) if p.where.path else (), p.where.line, p.where.column,
                                p.severity, f"[{p.code}] {p.message}", p.code, str(located)))
    for failure in report.failures:
        messages.append(Message((), None, None, "error", str(failure), cli=str(failure)))
    documents = [(d.id, d.title) for d in tender.plan()]
    return Checked(data, messages, documents, tender.spec.reference, tender.spec.title)


@lru_cache(maxsize=8)
def _trees(path: str) -> dict[str, Any]:
    tender = _loaded(path)
    return tender.compose(tender.plan(), tender.clauses())


def preview(path: Path, document_id: str) -> tuple[str, str] | None:
    """A document of the pack as HTML (its title, the body), drawn by the PDF writer's own
    HtmlBuilder from the same tree as the Word and PDF files; None if the pack has no such document."""
    from ..writers.pdf import HtmlBuilder

    tree = _trees(str(path)).get(document_id)
    if tree is None:
        return None
    return tree.title, str(HtmlBuilder().document(tree))


def digests(path: Path) -> dict[str, tuple[str, str]]:
    """Each document's title and the digest of its tree: two versions whose digests differ make
    that document differently."""
    from ..cache import content_digest

    return {doc_id: (tree.title, content_digest(tree)) for doc_id, tree in _trees(str(path)).items()}


# ---------------------------------------------------------------------------- examples


def examples() -> dict[str, str]:
    """The examples a tender can start from: name -> title."""
    from ..templates import data_dir

    import yaml

    out = {}
    for file in sorted(data_dir("examples").glob("*.yaml")):
        try:
            title = yaml.safe_load(file.read_text(encoding="utf-8")).get("title", file.stem)
        except Exception:   # an example that cannot be read is not offered
            continue
        out[file.stem] = str(title)
    return out


def example_text(name: str) -> str | None:
    """The text of the example called ``name`` (one of ``examples()``), else None."""
    from ..templates import data_dir

    if name not in examples():
        return None
    return (data_dir("examples") / f"{name}.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- builds


@dataclass
class Built:
    manifest: dict
    manifest_sha256: str
    files: int


def count_files(path: Path, formats: tuple[str, ...]) -> int:
    """How many files a build of ``path`` in ``formats`` writes before its manifest: each
    document in each of its formats, the attached files and the other artifacts."""
    from .. import attachments

    tender = _loaded(str(path))
    documents = tender.plan()
    artifacts = tender.artifacts((), {d.id for d in documents})
    rendered = sum(1 for d in documents for f in formats if d.formats is None or f in d.formats)
    return rendered + len(attachments.files(tender.spec)) + len(artifacts)


def build(path: Path, out: Path, formats: tuple[str, ...], on_file: Callable[[str], None]) -> Built:
    """Build the pack of ``path`` into ``out`` through the same path as ``tenderpack build``."""
    import json

    from ..build import BuildOptions, Progress, build as run_build
    from ..publish import MANIFEST, sha256

    def written(doc_id: str, title: str, fmt: str, rel: str, reused: bool = False) -> None:
        on_file(rel)

    pack = run_build(path, out, BuildOptions(formats=formats), Progress(on_file=written), plugins=plugins())
    manifest = pack.out_dir / MANIFEST
    return Built(json.loads(manifest.read_text(encoding="utf-8")), sha256(manifest), len(pack.files))


def zip_pack(folder: Path, target: Path) -> None:
    """The pack as one zip file, every file under the pack's own folder name, written then renamed."""
    temporary = target.with_suffix(".part")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(file, file.relative_to(folder).as_posix())
    temporary.replace(target)


def verify(folder: Path, expect: str | None) -> tuple[bool, list[str]]:
    """Whether the pack in ``folder`` still matches its manifest and the manifest the build
    recorded; the problems in words."""
    from ..verify import verify_pack

    try:
        result = verify_pack(folder, expect=expect or None)
    except TenderpackError as exc:
        return False, [str(exc)]
    problems = [f"{kind}: {path}" for kind, path in result.problems()]
    if result.published is False:
        problems.append("manifest.json is not the one this build wrote")
    return result.ok, problems


def failure_text(exc: BaseException) -> str:
    """Why a build failed, in the words the command line uses."""
    from ..errors import RulesError

    if isinstance(exc, RulesError):
        return "\n".join(str(i) for i in exc.issues)
    if isinstance(exc, TenderpackError):
        return str(exc)
    return f"internal error: {type(exc).__name__}: {exc}"
