"""The social value requirements document, and the shared wording it uses."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import tenderpack
from tenderpack import Heading, ListBlock, Paragraph, Section, Table, markdown, text

from . import model

DEFAULT_TOP_SCORE = 5

# What a good social value answer says, following the shape of the model response guidance.
ANSWER_COVERS = (
    "what you will do, for whom and where",
    "how much you will do, in numbers, and by when",
    "how you will measure it and report it to us",
    "who in your organisation is responsible",
    "how it relates to this contract and the outcomes we have chosen",
)


def md(value: str | None) -> list:
    return markdown.parse(value) if value else []


def criteria(spec: tenderpack.Spec) -> list:
    return [c for c in spec.award.criteria if c.type.value == "social_value"]


def weight(spec: tenderpack.Spec) -> Decimal:
    """The share of the total score for social value: the criteria weights, else the stated weighting."""
    weights = [c.weight for c in criteria(spec) if c.weight is not None]
    return sum(weights) if weights else spec.social_value.weighting


def top_score(spec: tenderpack.Spec) -> int:
    return max((level.score for level in spec.award.scale), default=DEFAULT_TOP_SCORE)


def bottom_score(spec: tenderpack.Spec) -> int:
    return min((level.score for level in spec.award.scale), default=0)


def chosen(spec: tenderpack.Spec) -> list[tuple[object, model.Entry | None]]:
    """Each chosen outcome with its entry in the model data (None when the id is not there)."""
    data = model.load()
    sv = spec.social_value
    return [(o, data.lookup(sv.model, o.id)) for o in sv.outcomes]


def outcome_label(outcome, entry: model.Entry | None) -> str:
    return f"{outcome.id}: {entry.title}" if entry else outcome.id


def characters(spec: tenderpack.Spec) -> str:
    return f"{text.number(spec.social_value.character_limit, 0)} characters"


def sections(spec: tenderpack.Spec) -> list[Section]:
    return [why(spec), outcomes(spec), questions(spec), evaluation(spec), contract(spec)]


# --------------------------------------------------------------------------- 10 why


def why(spec: tenderpack.Spec) -> Section:
    sv = spec.social_value
    blocks = [
        Paragraph.of("Social value is the extra good a contract does for the area and its people. "
                     "That means jobs, skills, a cleaner environment and healthier communities."),
        Paragraph.of(f"Social value counts for {text.percent(weight(spec))} of the total score."),
    ]
    if spec.category == "services":
        blocks.append(Paragraph.of("The Public Services (Social Value) Act 2012 asks public bodies to consider "
                                   "social value when they buy services."))
    blocks.append(Paragraph.of(f"We use the social value model in {sv.model}. "
                               "It lists outcomes, award criteria and standard ways to report progress."))
    if sv.local_priorities:
        blocks += [Heading("What matters locally", level=2), *md(sv.local_priorities)]
    return Section("Why social value matters", blocks, order=10, key="social-value:why")


# --------------------------------------------------------------------------- 20 outcomes


def outcomes(spec: tenderpack.Spec) -> Section:
    pairs = chosen(spec)
    if not pairs:
        return Section("The outcomes we have chosen", [
            Paragraph.of("We have not chosen particular outcomes. Tell us the social value you can offer through this contract.")],
            order=20, key="social-value:outcomes")
    rows = []
    for o, entry in pairs:
        rows.append([o.id, entry.title if entry else "See the social value model",
                     entry.outcome if entry else "",
                     markdown.inline(o.commitment_hint) if o.commitment_hint else "No particular preference"])
    blocks = [
        Paragraph.of(f"We want commitments towards {'this award criterion' if len(pairs) == 1 else 'these award criteria'} "
                     "from the model:"),
        Table.of(["Id", "Award criterion", "Model outcome", "What we would especially value"], rows,
                 caption="Social value outcomes for this contract", widths=[1, 4, 3, 5]),
        Paragraph.of("You can make commitments under one of them or more. Choose what fits your business and this contract."),
    ]
    return Section("The outcomes we have chosen", blocks, order=20, key="social-value:outcomes")


# --------------------------------------------------------------------------- 30 questions


def model_question(spec: tenderpack.Spec) -> Paragraph:
    return Paragraph.of(f"Using no more than {characters(spec)}, describe the commitment you will make. "
                        "Show how it will help this contract achieve the outcomes we have chosen.")


def questions(spec: tenderpack.Spec) -> Section:
    blocks: list = []
    asked = criteria(spec) or [None]
    for c in asked:
        blocks.append(Heading(f"{c.id}: {c.name}" if c else "The question", level=2))
        facts = [f"Weight: {text.percent(c.weight)}." if c and c.weight is not None else "",
                 f"Character limit: {characters(spec)}, including spaces. We do not read beyond the limit."]
        blocks.append(Paragraph.of(" ".join(f for f in facts if f)))
        blocks += md(c.question) if c and c.question else [model_question(spec)]
        blocks.append(Heading("What a good answer covers", level=3))
        if c and c.guidance:
            blocks += md(c.guidance)
        else:
            blocks += [Paragraph.of("Your answer should say:"), ListBlock.of(*ANSWER_COVERS)]
    return Section("The social value question", blocks, order=30, key="social-value:questions")


# --------------------------------------------------------------------------- 40 evaluation


def scoring_blocks(spec: tenderpack.Spec) -> list:
    """How a social value answer is scored, with a small worked example (shared with the evaluation document)."""
    top, w = top_score(spec), weight(spec)
    example = Decimal(3) if top >= 3 else Decimal(top)
    marks = (example / Decimal(top) * w).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return [
        Paragraph.of(f"We score your answer from {bottom_score(spec)} to {top}, on the same scale as the quality questions."),
        Paragraph.of(f"We then weight the score: score ÷ {top} × {text.number(w)}."),
        Paragraph.of(f"For example, a score of {example} gives {example} ÷ {top} × {text.number(w)} = {marks:.2f} marks."),
        Paragraph.of("We look at how specific, measurable and relevant your commitment is. "
                     "A big promise scores well only if your plan shows you can keep it."),
    ]


def evaluation(spec: tenderpack.Spec) -> Section:
    blocks = [*scoring_blocks(spec),
              Paragraph.of("The “Evaluation and award methodology” gives the full scoring scale.")]
    return Section("How we evaluate social value", blocks, order=40, key="social-value:evaluation")


# --------------------------------------------------------------------------- 50 contract


def contract_blocks() -> list:
    return [
        Paragraph.of("If you win, your social value commitments become part of the contract."),
        Paragraph.of("Each commitment becomes a performance indicator (KPI) with a target and a date."),
        Paragraph.of("You report progress to us every quarter, using the model's standard reporting metrics."),
        Paragraph.of("We review progress with you at contract meetings. If you fall behind, you agree a plan with us to catch up."),
    ]


def contract(spec: tenderpack.Spec) -> Section:
    return Section("From commitment to contract", contract_blocks(), order=50, key="social-value:contract")
