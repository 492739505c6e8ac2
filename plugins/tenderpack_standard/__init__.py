"""The standard documents of every pack: the invitation to tender, the evaluation methodology
and the pricing schedule (a spreadsheet); and, when a stage of the procedure asks questions,
the stage questionnaire.

A first-party plugin that uses only the public ``tenderpack`` API, as an outside plugin would.
"""

from __future__ import annotations

import tenderpack
from tenderpack import DocumentType, hookimpl

# The modules that write the documents are imported by the hooks that use them, so that
# loading the plugin (every command, `tenderpack validate` too) stays cheap.

INVITATION = "invitation-to-tender"
EVALUATION = "evaluation-methodology"
STAGE_QUESTIONNAIRE = "stage-questionnaire"


@hookimpl
def register_documents(register: tenderpack.RegisterDocument, spec: tenderpack.Spec) -> None:
    register(DocumentType(
        id=INVITATION, title="Invitation to tender", order=100,
        description="What we are buying, how the procedure works, the timetable and how to bid."))
    register(DocumentType(
        id=EVALUATION, title="Evaluation and award methodology", order=200,
        description="The award criteria, the scoring scale and how price and quality are scored, with worked examples."))
    asking = [stage.name for stage in spec.procedure.stages if stage.questions]
    if asking:
        register(DocumentType(
            id=STAGE_QUESTIONNAIRE, title="Stage questionnaire", order=110,
            description=f"What you answer at {tenderpack.text.join(asking)}: the declarations, the questions, "
                        "how we score them and who goes through."))


@hookimpl
def register_artifacts(register: tenderpack.RegisterArtifact, spec: tenderpack.Spec) -> None:
    from . import pricing

    register(pricing.artifact(spec))


@hookimpl
def document_sections(spec: tenderpack.Spec, document: DocumentType, clauses=()) -> list[tenderpack.Section] | None:
    if document.id == INVITATION:
        from . import invitation

        return invitation.sections(spec, clauses)
    if document.id == EVALUATION:
        from . import evaluation

        return evaluation.sections(spec)
    if document.id == STAGE_QUESTIONNAIRE:
        from . import questionnaire

        return questionnaire.sections(spec)
    from . import pricing

    if document.id == pricing.PRICE_FORM:
        return pricing.price_form_sections(spec)
    return None
