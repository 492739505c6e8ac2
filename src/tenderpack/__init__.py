"""tenderpack: one procurement specification in, a consistent tender pack out.

This module is the public API. Plugins import from here and nowhere else::

    import tenderpack
    from tenderpack import hookimpl, Section, Paragraph

    @hookimpl
    def document_sections(spec, document):
        if document.id == "invitation-to-tender":
            return [Section("Site visits", [Paragraph.of("There are no site visits.")])]

Every name is imported on first use (PEP 562), so ``import tenderpack`` stays cheap and a
command such as ``tenderpack validate`` never loads the clause library, Jinja or the writers.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .hookspecs import hookimpl

__version__ = "0.1.0"

# public name -> the submodule that defines it
_LAZY: dict[str, str] = {
    "Artifact": "artifacts", "Calendar": "artifacts", "Cell": "artifacts", "Event": "artifacts",
    "PackFileInfo": "artifacts", "Sheet": "artifacts", "Workbook": "artifacts",
    "DocumentType": "documents", "Figures": "figures",
    "RegisterArtifact": "hookspecs", "RegisterClauseSource": "hookspecs", "RegisterDocument": "hookspecs",
    "RegisterRule": "hookspecs", "RegisterStyleCheck": "hookspecs", "RegisterWriter": "hookspecs",
    "BuildError": "errors", "ClauseError": "errors", "InputError": "errors", "Issue": "errors", "Location": "errors",
    "PlainLanguageError": "errors", "PluginError": "errors", "RuleFailuresError": "errors", "RulesError": "errors",
    "SpecError": "errors", "TenderpackError": "errors", "WriterError": "errors",
    "Pack": "publish", "Writer": "writers",
    "ClauseInfo": "library", "ClauseSource": "library",
    "Sentence": "lint", "StyleCheck": "lint", "WordList": "lint",
    "Finding": "rules", "Rule": "rules",
    "SCHEMA_VERSION": "spec", "Spec": "spec",
    "Block": "tree", "Clause": "tree", "Document": "tree", "Heading": "tree", "KeyFacts": "tree", "ListBlock": "tree",
    "PageBreak": "tree", "Paragraph": "tree", "Run": "tree", "Section": "tree", "Table": "tree",
    "runs": "tree",
}

if TYPE_CHECKING:  # what type checkers and editors see: the same names, imported eagerly
    from . import law, markdown, payments, text
    from .artifacts import Artifact, Calendar, Cell, Event, PackFileInfo, Sheet, Workbook
    from .documents import DocumentType
    from .figures import Figures
    from .hookspecs import (RegisterArtifact, RegisterClauseSource, RegisterDocument, RegisterRule,
                            RegisterStyleCheck, RegisterWriter)
    from .errors import (BuildError, ClauseError, InputError, Issue, Location, PlainLanguageError, PluginError,
                         RuleFailuresError, RulesError, SpecError, TenderpackError, WriterError)
    from .publish import Pack
    from .writers import Writer
    from .library import ClauseInfo, ClauseSource
    from .lint import Sentence, StyleCheck, WordList
    from .rules import Finding, Rule
    from .spec import SCHEMA_VERSION, Spec
    from .tree import (Block, Clause, Document, Heading, KeyFacts, ListBlock, PageBreak, Paragraph,
                       Run, Section, Table, runs)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(import_module(f".{module}", __name__), name)
    elif not name.startswith("_"):
        # A submodule (tenderpack.markdown, tenderpack.text, tenderpack.library, ...): these
        # were attributes of the package once imported eagerly, so keep them reachable.
        try:
            value = import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value   # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Artifact", "Calendar", "Cell", "Event", "PackFileInfo", "Sheet", "Workbook", "Block",
    "RegisterArtifact", "RegisterClauseSource", "RegisterDocument", "RegisterRule", "RegisterStyleCheck",
    "RegisterWriter",
    "ClauseInfo", "ClauseSource", "Finding", "Rule", "Sentence", "StyleCheck", "WordList", "SCHEMA_VERSION", "BuildError", "Clause", "Document", "DocumentType", "Heading",
    "InputError", "Issue", "KeyFacts", "ListBlock", "Location", "PageBreak", "Paragraph",
    "ClauseError", "Pack", "PlainLanguageError", "RuleFailuresError", "RulesError", "Writer",
    "PluginError", "Run", "Section", "Spec", "SpecError", "Table", "TenderpackError",
    "WriterError", "Figures", "__version__", "hookimpl", "law", "markdown", "payments", "runs", "text",
]
