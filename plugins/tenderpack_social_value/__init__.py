"""Social value: the requirements document, plus social value sections in other documents.

Registered only when the spec has a ``social_value`` part. The model's ids and titles live in
``model.yaml`` (versioned, with its source and as-of date), not in code.
"""

from __future__ import annotations

import tenderpack
from tenderpack import DocumentType, hookimpl

from . import contributions, requirements

SOCIAL_VALUE = "social-value"
EVALUATION = "evaluation-methodology"
INVITATION = "invitation-to-tender"


@hookimpl
def register_documents(register, spec: tenderpack.Spec) -> None:
    if spec.social_value is not None:
        register(DocumentType(
            id=SOCIAL_VALUE, title="Social value requirements", order=400,
            description="The social value outcomes we want, the question, how it is scored and how it becomes part of the contract."))


@hookimpl
def document_sections(spec: tenderpack.Spec, document: DocumentType) -> list[tenderpack.Section] | None:
    if spec.social_value is None:
        return None
    if document.id == SOCIAL_VALUE:
        return requirements.sections(spec)
    if document.id == EVALUATION:
        return [contributions.evaluation_section(spec)]
    if document.id == INVITATION:
        return [contributions.invitation_section(spec)]
    return None
