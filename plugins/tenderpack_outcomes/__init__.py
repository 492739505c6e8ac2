"""The outcome specification: the problem, the outcomes we pay for, and how they are measured.

Registered only when the spec has outcomes or a problem statement. Also adds a short
"The results we want" section to the invitation to tender.
"""

from __future__ import annotations

import tenderpack
from tenderpack import DocumentType, hookimpl

# The modules that write the documents are imported by the hooks that use them, so that
# loading the plugin (every command, `tenderpack validate` too) stays cheap.

OUTCOME_SPECIFICATION = "outcome-specification"
INVITATION = "invitation-to-tender"


def wanted(spec: tenderpack.Spec) -> bool:
    """Whether this pack needs an outcome specification."""
    return bool(spec.outcomes or spec.problem)


@hookimpl
def register_documents(register: tenderpack.RegisterDocument, spec: tenderpack.Spec) -> None:
    if wanted(spec):
        register(DocumentType(
            id=OUTCOME_SPECIFICATION, title="Outcome specification", order=300,
            description="The problem, the outcomes we want, how each is measured and how payment depends on it."))


@hookimpl
def document_sections(spec: tenderpack.Spec, document: DocumentType) -> list[tenderpack.Section] | None:
    if not wanted(spec):
        return None
    from . import invitation, specification

    if document.id == OUTCOME_SPECIFICATION:
        return specification.sections(spec)
    if document.id == INVITATION and spec.outcomes:
        return [invitation.results_we_want(spec)]
    return None
