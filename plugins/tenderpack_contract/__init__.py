"""The draft contract: clauses from the clause library, with schedules drawn from the spec.

This plugin registers the "Draft contract" document and writes the parts that come from
the spec itself: a short note on what the draft is, the signature page and the five
schedules. The numbered clauses come from the clause library (``clauses/`` and any
legal team's folders), placed into the document by the engine; this plugin never
writes a clause. When the spec names another form (``contract:``, an NEC4, JCT or government
model contract), that form is the contract and this plugin adds nothing.
"""

from __future__ import annotations

import tenderpack
from tenderpack import DocumentType, hookimpl

# The modules that write the documents are imported by the hooks that use them, so that
# loading the plugin (every command, `tenderpack validate` too) stays cheap.

DRAFT_CONTRACT = "draft-contract"


@hookimpl
def register_documents(register: tenderpack.RegisterDocument, spec: tenderpack.Spec) -> None:
    if spec.contract is not None:   # an NEC4, JCT or government model contract is the contract: not ours
        return
    if tenderpack.text.is_framework(spec):   # the work is bought later, through call-off contracts
        register(DocumentType(
            id=DRAFT_CONTRACT, title="Call-off contract (template)", order=600,
            description="The template for each call-off contract awarded under the framework, with its schedules."))
        return
    register(DocumentType(
        id=DRAFT_CONTRACT, title="Draft contract", order=600,
        description="The contract we will sign with the winning supplier, with its schedules."))


@hookimpl
def document_sections(spec: tenderpack.Spec, document: DocumentType,
                      clauses: tuple[tenderpack.ClauseInfo, ...]) -> list[tenderpack.Section] | None:
    if document.id != DRAFT_CONTRACT or spec.contract is not None:
        return None
    from . import schedules

    return schedules.sections(spec, [c for c in clauses if c.document == DRAFT_CONTRACT])
