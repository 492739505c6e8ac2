"""Social value sections added to documents that other plugins register."""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, ListBlock, Paragraph, Run, Section, text

from .requirements import (chosen, contract_blocks, criteria, each_instruction, outcome_label, question_blocks,
                           questions_of, scoring_blocks, weight, characters)

# In the evaluation methodology, after "How we score price" (50) and before "Your total score" (70).
EVALUATION_ORDER = 60
# In the invitation, right after "How we evaluate tenders" (80).
INVITATION_ORDER = 85
# In the SME response form, after the quality questions (40).
RESPONSE_FORM_ORDER = 60


def evaluation_section(spec: tenderpack.Spec) -> Section:
    names = text.join([f"{c.id}: {c.name}" for c in criteria(spec)]) or "the social value question"
    blocks = [
        Paragraph.of(f"Social value counts for {text.percent(weight(spec))} of the total score. "
                     f"You answer it in {names}."),
        Paragraph.of(f"Your answer can be up to {characters(spec)} long."),
        *scoring_blocks(spec),
        Heading("After the award", level=2),
        *contract_blocks(spec),
        Paragraph.of("The “Social value requirements” explain the outcomes we have chosen and the question in full."),
    ]
    return Section("How we score social value", blocks, order=EVALUATION_ORDER, key="social-value:eval-methodology")


def invitation_section(spec: tenderpack.Spec) -> Section:
    pairs = chosen(spec)
    blocks: list[tenderpack.Block] = [
        Paragraph.of(f"Social value counts for {text.percent(weight(spec))} of the total score.")]
    if pairs:
        blocks += [Paragraph.of("We want commitments towards these award criteria of the social value model:"),
                   ListBlock.of(*[outcome_label(o, e) for o, e in pairs]),
                   Paragraph.of(each_instruction(len(pairs)))]
    blocks.append(Paragraph.of("The “Social value requirements” explain the question and how we score it."))
    return Section("Social value", blocks, order=INVITATION_ORDER, key="social-value:itt")


def answer_box(limit: str) -> list[Paragraph]:
    """The limit, then an empty box to type the answer in (the same shape as the SME form's)."""
    return [Paragraph([Run(f"Your answer (no more than {limit})", bold=True)]), Paragraph([], role="answer")]


def response_form_section(spec: tenderpack.Spec) -> Section:
    """The social value question for the short response form, with its limit beside it."""
    blocks: list = []
    for q in questions_of(spec):
        inner = question_blocks(spec, q, level=2, detail=False)
        inner[0] = Heading(f"{q.title} (no more than {characters(spec)})", level=2)
        blocks += inner
        blocks.extend(answer_box(characters(spec)))
    blocks.append(Paragraph.of("The “Social value requirements” list the sub-criteria and reporting metrics for each award criterion."))
    return Section("Social value", blocks, order=RESPONSE_FORM_ORDER, key="social-value:response-form")
