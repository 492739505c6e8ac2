"""tenderpack: one procurement specification in, a consistent tender pack out.

This module is the public API. Plugins import from here and nowhere else::

    import tenderpack
    from tenderpack import hookimpl, Section, Paragraph

    @hookimpl
    def document_sections(spec, document):
        if document.id == "invitation-to-tender":
            return [Section("Site visits", [Paragraph.of("There are no site visits.")])]
"""

from __future__ import annotations

from . import markdown, text
from .artifacts import Artifact, Calendar, Cell, Event, PackFileInfo, Sheet, Workbook
from .documents import DocumentType
from .errors import (BuildError, InputError, Issue, Location, PluginError, SpecError,
                     TenderpackError, WriterError)
from .hookspecs import hookimpl
from .library import ClauseInfo, ClauseSource
from .lint import Sentence, StyleCheck, WordList
from .rules import Finding, Rule
from .spec import SCHEMA_VERSION, Spec
from .tree import (Clause, Document, Heading, KeyFacts, ListBlock, PageBreak, Paragraph,
                   Run, Section, Table, runs)

__version__ = "0.1.0"

__all__ = [
    "Artifact", "Calendar", "Cell", "Event", "PackFileInfo", "Sheet", "Workbook",
    "ClauseInfo", "ClauseSource", "Finding", "Rule", "Sentence", "StyleCheck", "WordList", "SCHEMA_VERSION", "BuildError", "Clause", "Document", "DocumentType", "Heading",
    "InputError", "Issue", "KeyFacts", "ListBlock", "Location", "PageBreak", "Paragraph",
    "PluginError", "Run", "Section", "Spec", "SpecError", "Table", "TenderpackError",
    "WriterError", "__version__", "hookimpl", "markdown", "runs", "text",
]
