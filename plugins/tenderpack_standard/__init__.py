"""The standard documents of every pack: the invitation to tender, the evaluation methodology
and the pricing schedule (a spreadsheet).

A first-party plugin that uses only the public ``tenderpack`` API, as an outside plugin would.
"""

from __future__ import annotations

import tenderpack
from tenderpack import DocumentType, hookimpl

# The modules that write the documents are imported by the hooks that use them, so that
# loading the plugin (every command, `tenderpack validate` too) stays cheap.

INVITATION = "invitation-to-tender"
EVALUATION = "evaluation-methodology"


@hookimpl
def register_documents(register, spec: tenderpack.Spec) -> None:
    register(DocumentType(
        id=INVITATION, title="Invitation to tender", order=100,
        description="What we are buying, how the procedure works, the timetable and how to bid."))
    register(DocumentType(
        id=EVALUATION, title="Evaluation and award methodology", order=200,
        description="The award criteria, the scoring scale and how price and quality are scored, with worked examples."))


@hookimpl
def register_artifacts(register, spec: tenderpack.Spec) -> None:
    from . import pricing

    register(pricing.artifact(spec))


@hookimpl
def document_sections(spec: tenderpack.Spec, document: DocumentType) -> list[tenderpack.Section] | None:
    if document.id == INVITATION:
        from . import invitation

        return invitation.sections(spec)
    if document.id == EVALUATION:
        from . import evaluation

        return evaluation.sections(spec)
    from . import pricing

    if document.id == pricing.PRICE_FORM:
        return pricing.price_form_sections(spec)
    return None
