"""Every hook a tenderpack plugin can implement.

A plugin is a module or object with functions decorated ``@tenderpack.hookimpl`` and named
after these hooks. Plugins receive only what each hook passes in, and return plain values:
the engine checks every return value and names the plugin and the hook when one is wrong.
Never rename or remove an argument once released; add new ones instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import pluggy

if TYPE_CHECKING:
    from .artifacts import Artifact
    from .documents import DocumentType
    from .library import ClauseInfo, ClauseSource
    from .lint import StyleCheck, WordList
    from .publish import Pack
    from .rules import Rule
    from .spec import Spec
    from .tree import Section
    from .writers import Writer

hookspec = pluggy.HookspecMarker("tenderpack")
hookimpl = pluggy.HookimplMarker("tenderpack")

# The ``register`` callback each register_* hook receives, for a plugin to annotate its
# implementation with (``def register_rules(register: tenderpack.RegisterRule)``). Strings,
# so that importing tenderpack does not import the modules they name.
RegisterDocument: TypeAlias = "Callable[[DocumentType], None]"
RegisterClauseSource: TypeAlias = "Callable[[ClauseSource | Path | str], None]"
RegisterRule: TypeAlias = "Callable[[Rule], None]"
RegisterStyleCheck: TypeAlias = "Callable[[WordList | StyleCheck | Path | str], None]"
RegisterArtifact: TypeAlias = "Callable[[Artifact], None]"
RegisterWriter: TypeAlias = "Callable[[Writer], None]"


@hookspec
def register_documents(register: RegisterDocument, spec: "Spec") -> None:
    """Add documents to the pack.

    Runs once per build, after the spec is read. Call ``register(DocumentType(...))`` for
    each document this plugin adds; look at ``spec`` to decide (for example, add a social
    value document only when the spec has social value). Two documents with the same id
    are an error naming both plugins.
    """


@hookspec
def document_sections(spec: "Spec", document: "DocumentType",
                      clauses: "tuple[ClauseInfo, ...]") -> "list[Section] | None":
    """Return the sections this plugin contributes to ``document``, or None.

    Runs for every document of the pack, whichever plugin registered it, so a plugin can
    add a section to another plugin's document (choose ``Section.order`` to place it).
    Return a list of ``tenderpack.Section``; anything else stops the build.

    ``clauses`` is a read-only tuple of ``tenderpack.ClauseInfo``: every library clause
    that applies to this build (id, title, version, summary, document, section, number),
    so a plugin can, for instance, summarise the contract. Take it only if you need it.
    """


@hookspec
def template_context(spec: "Spec", document: "DocumentType") -> "dict[str, Any] | None":
    """Return extra variables for the house-style templates of ``document``, or None.

    The variables are available to the Word master's tags and to the HTML skeleton. Values
    are data and are escaped. Two plugins giving the same name, or a plugin overriding one
    of the engine's own variables, is an error.
    """


@hookspec
def register_clause_sources(register: RegisterClauseSource) -> None:
    """Add a folder of clause files to the clause library.

    Runs once when the library is loaded, before any build and by ``tenderpack clauses``.
    Call ``register(path)``, or ``register(tenderpack.ClauseSource(path, name=..., prefix=...))``,
    for each folder of Markdown clause files this plugin ships: this is how a legal team's
    package brings its own clauses. Plugin folders come after the built-in library and before
    ``--clauses`` folders. A clause whose id is already taken is an error naming both files,
    unless it declares ``overrides``.
    """


@hookspec
def register_rules(register: RegisterRule) -> None:
    """Add procurement rules, checked by ``tenderpack validate`` and before every build.

    Runs once per check. Call ``register(tenderpack.Rule(code, severity, title, source,
    check))`` for each rule: ``code`` is stable and unique (a spec waives a warning by it),
    ``severity`` is "error" (the build stops) or "warning" (reported; ``--strict`` stops),
    ``source`` names the section of the Act or the policy note, and ``check(spec)`` yields
    ``tenderpack.Finding(message, path)`` for each problem. A rule that raises, or a plugin
    whose registration raises, is reported by name and the other rules still run; the build
    then stops, since the spec could not be fully checked.
    """


@hookspec
def register_style_checks(register: RegisterStyleCheck) -> None:
    """Add word lists and sentence checks to the plain-English lint.

    Runs when the lint starts (``tenderpack lint`` and every build). Call ``register`` with a
    ``tenderpack.WordList`` (or the path of a word-list YAML file: words with plain swaps, a
    version, a source and an as-of date), or with a ``tenderpack.StyleCheck(code, title,
    check)`` whose ``check(sentence)`` gets a ``tenderpack.Sentence`` and returns messages.
    A word list's words stop the build in documents for small firms; a check does when its
    ``gate`` is true.
    """


@hookspec
def register_artifacts(register: RegisterArtifact, spec: "Spec") -> None:
    """Add files that are not documents: a spreadsheet, a calendar, open data.

    Runs once per build. Call ``register(Artifact(id=..., title=..., format=..., content=...))``
    where content is a ``tenderpack.Workbook``, a ``tenderpack.Calendar`` or JSON-ready
    data, or a function of the files written so far (for data that lists the pack's own
    documents and their hashes). The engine's writers turn them into .xlsx, .ics and .json.
    """


@hookspec
def register_writers(register: RegisterWriter) -> None:
    """Add writers: each turns a document tree into one output format.

    Runs when the plugin manager starts. Call ``register(writer)`` with an object that has
    ``format`` (such as "docx"), ``extension`` and ``write(document, target, templates)``.
    The Word and PDF writers are registered this way too. Two writers for one format are an
    error.
    """


@hookspec
def pack_built(pack: "Pack", out_dir: Path) -> None:
    """Told what was written, after the pack has been moved into place.

    ``pack`` is the ``tenderpack.Pack`` with the list of files and their hashes. Use it for
    post-processing or notifications; an exception here is reported as a failed build, but
    the pack is already in place and stays.
    """
