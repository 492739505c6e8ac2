"""Frameworks: the framework agreement and the call-off procedure, when the spec sets up a framework.

A tender with a ``framework:`` section awards places on a framework, not a contract. This
plugin adds two documents, "Framework agreement" (the framework's terms) and "Call-off
procedure" (how call-off contracts are awarded under it, step by step), and a short section
about the framework to the invitation to tender, the evaluation methodology and the small
firms' "How to bid", and the "Call-off details" (the blanks the clauses point to) to the call-off
contract template. Without ``framework:`` it adds nothing.

The other documents word a framework through ``tenderpack.text`` (awarded, agreement,
appointed, call_off_methods), and the draft contract becomes the call-off contract template.
A first-party plugin that uses only the public ``tenderpack`` API, as an outside plugin would.
"""

from __future__ import annotations

import tenderpack
from tenderpack import DocumentType, hookimpl

# The modules that write the documents are imported by the hooks that use them, so that
# loading the plugin (every command, `tenderpack validate` too) stays cheap.

FRAMEWORK_AGREEMENT = "framework-agreement"
CALL_OFF_PROCEDURE = "call-off-procedure"
INVITATION = "invitation-to-tender"
EVALUATION = "evaluation-methodology"
HOW_TO_BID = "how-to-bid"
CALL_OFF_TEMPLATE = "draft-contract"   # the contract plugin's document, the call-off contract template here


@hookimpl
def register_documents(register: tenderpack.RegisterDocument, spec: tenderpack.Spec) -> None:
    if not tenderpack.text.is_framework(spec):
        return
    register(DocumentType(
        id=FRAMEWORK_AGREEMENT, title="Framework agreement", order=580,
        description="The framework's terms: who may use it, how long it runs, its suppliers, its fee and how "
                    "call-off contracts are awarded."))
    register(DocumentType(
        id=CALL_OFF_PROCEDURE, title="Call-off procedure", order=590,
        description="How call-off contracts are awarded under the framework, step by step."))


@hookimpl
def document_sections(spec: tenderpack.Spec, document: DocumentType) -> list[tenderpack.Section] | None:
    if not tenderpack.text.is_framework(spec):
        return None
    if document.id == FRAMEWORK_AGREEMENT:
        from . import agreement

        return agreement.sections(spec)
    if document.id == CALL_OFF_PROCEDURE:
        from . import calloff

        return calloff.sections(spec)
    if document.id == CALL_OFF_TEMPLATE:
        from . import template

        return [template.call_off_details(spec)]
    if document.id in (INVITATION, EVALUATION) or (document.id == HOW_TO_BID and spec.sme_pack):
        from . import elsewhere

        return elsewhere.sections(spec, document.id)
    return None
