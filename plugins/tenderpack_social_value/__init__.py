"""Social value: the requirements, the contract schedule, the rules, and social value sections
in the other documents.

Registered only when the spec has a ``social_value`` part. The model (themes, outcomes, award
criteria with sub-criteria, reporting metrics) lives in versioned data files in ``models/``,
each with its source and as-of date, not in code.
"""

from __future__ import annotations

import tenderpack
from tenderpack import DocumentType, hookimpl

from . import rules

# The modules that write the documents are imported by the hooks that use them, so that
# loading the plugin (every command, `tenderpack validate` too) stays cheap.

SOCIAL_VALUE = "social-value"
SCHEDULE = "social-value-schedule"
EVALUATION = "evaluation-methodology"
INVITATION = "invitation-to-tender"
RESPONSE_FORM = "response-form"


@hookimpl
def register_documents(register: tenderpack.RegisterDocument, spec: tenderpack.Spec) -> None:
    if spec.social_value is not None:
        from . import contract as terms

        # A framework's commitments become part of each call-off contract awarded under it.
        contract = "each call-off contract" if tenderpack.text.is_framework(spec) else "the contract"
        register(DocumentType(
            id=SOCIAL_VALUE, title="Social value requirements", order=400,
            description=f"The social value outcomes we want, the question, how it is scored and how it becomes part of {contract}."))
        if not terms.has_schedule(spec):   # an attached model contract takes the commitments in through its own terms
            return
        if terms.kind(spec) == terms.OWN:
            about = f"The part of {contract} that turns social value commitments into KPIs, and how they are reported."
        else:   # an NEC4 or JCT form: the clause the pack adds makes it part of the contract
            about = (f"The social value commitments, their measures and targets, and how they are reported. {terms.clause(spec)} makes "
                     f"it part of {contract}.")
        register(DocumentType(id=SCHEDULE, title="Social value schedule", order=450, description=about))


@hookimpl
def register_rules(register: tenderpack.RegisterRule) -> None:
    for rule in rules.RULES:
        register(rule)


@hookimpl
def document_sections(spec: tenderpack.Spec, document: DocumentType) -> list[tenderpack.Section] | None:
    if spec.social_value is None:
        return None
    from . import contributions, requirements, schedule

    if document.id == SOCIAL_VALUE:
        return requirements.sections(spec)
    if document.id == SCHEDULE:
        return schedule.sections(spec)
    if document.id == EVALUATION:
        return [contributions.evaluation_section(spec)]
    if document.id == INVITATION:
        return [contributions.invitation_section(spec)]
    if document.id == RESPONSE_FORM and spec.social_value.weighting > 0:
        return [contributions.response_form_section(spec)]
    return None
