"""The social value requirements document, and the shared wording it uses.

The spec chooses the outcomes; the model data (models/*.yaml) gives each one's title,
sub-criteria and reporting metrics, the pattern of the question and the evaluation
guidance. Each social value award criterion becomes one question, in the model's pattern,
about the outcomes assigned to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import tenderpack
from tenderpack import Heading, ListBlock, Paragraph, Section, Table, markdown, text

from . import contract, model

DEFAULT_TOP_SCORE = 5

# What a good social value answer says, when the spec names a model tenderpack does not know.
ANSWER_COVERS = (
    "what you will do, for whom and where",
    "how much you will do, in numbers, and by when",
    "how you will measure it and report it to us",
    "who in your organisation is responsible",
    "how it relates to this contract and the outcomes we have chosen",
)

REPORTING = {"monthly": "every month", "quarterly": "every quarter", "six-monthly": "every six months",
             "yearly": "every year"}

# A framework awards places on it now, and the work later through call-off contracts: a supplier's commitments
# become part of each call-off contract it is awarded (the template's clause and Schedule 4 say so), and it reports
# to the body that awarded that call-off contract. The model's own question and guidance speak of "this contract":
# for a framework, these words are said of the call-off contracts instead.
THROUGH_CALL_OFFS = "through each call-off contract you are awarded"
FRAMEWORK_WORDS = {
    "through this contract": THROUGH_CALL_OFFS,
    "report it to us": "report it to each body that awards you a call-off contract",
    "help this contract achieve": "help the call-off contracts achieve",
    # A sub-criterion's baseline (4a's emissions plan): the commitment is made through each call-off contract and is
    # a KPI of it (the social value schedule), so its baseline is that call-off contract's first year, not the
    # framework's (the framework itself runs no work; tenderpack.payments' outcome baselines are another measure).
    "the contract's greenhouse gas emissions": "the greenhouse gas emissions of each call-off contract",
    "the first year of the contract": "the first year of each call-off contract",
}

# 4a's baseline, "the first year of the contract", does not exist before the work is done when the contract runs
# less than two years (its first year is most of it), nor for a framework, whose call-offs may be short: the
# bidder then estimates it.
FIRST_YEAR_BASELINE = "from the level in the first year of the contract (the baseline)"
ESTIMATED_BASELINE = "from a baseline you estimate in your answer: the emissions of the work done in the usual way"
SHORT_MONTHS = 24


def short_contract(spec: tenderpack.Spec) -> bool:
    """A framework, or some contract that runs less than two years even with every extension."""
    return text.is_framework(spec) or any(
        text.add_months(x.start, SHORT_MONTHS) > x.latest_end + dt.timedelta(days=1) for x, _ in text.terms(spec))


def worded(spec: tenderpack.Spec, sentence: str) -> str:
    """A sentence about "this contract" (the model's question, its guidance), said of the call-off contracts for a
    framework; with 4a's baseline estimated for a short contract or a framework (short_contract)."""
    if short_contract(spec):
        sentence = sentence.replace(FIRST_YEAR_BASELINE, ESTIMATED_BASELINE)
    if not text.is_framework(spec):
        return sentence
    for words, framework_words in FRAMEWORK_WORDS.items():
        sentence = sentence.replace(words, framework_words)
    return sentence


def md(value: str | None) -> list[tenderpack.Block]:
    return markdown.parse(value) if value else []


def criteria(spec: tenderpack.Spec) -> list:
    return [c for c in spec.award.criteria if c.type.value == "social_value"]


def weight(spec: tenderpack.Spec) -> Decimal:
    """The share of the total score for social value: the criteria weights, else the stated weighting."""
    assert spec.social_value is not None   # this plugin writes only for a spec with social value
    weights = [c.weight for c in criteria(spec) if c.weight is not None]
    return sum(weights, Decimal(0)) if weights else spec.social_value.weighting


def top_score(spec: tenderpack.Spec) -> int:
    return max((level.score for level in spec.award.scale), default=DEFAULT_TOP_SCORE)


def bottom_score(spec: tenderpack.Spec) -> int:
    return min((level.score for level in spec.award.scale), default=0)


def the_model(spec: tenderpack.Spec) -> model.Model | None:
    assert spec.social_value is not None   # this plugin writes only for a spec with social value
    return model.find(spec.social_value.model)


def chosen(spec: tenderpack.Spec) -> list[tuple[Any, model.Entry | None]]:
    """Each chosen outcome with its entry in the model data (None when the id is not there).

    An id that names a whole model outcome stands for its first award criterion here; the
    question lists every criterion it covers (see ``entries``).
    """
    assert spec.social_value is not None   # this plugin writes only for a spec with social value
    data = the_model(spec)
    out = []
    for o in spec.social_value.outcomes:
        found = data.lookup(o.id) if data else []
        out.append((o, found[0] if len(found) == 1 else None if not found else _outcome_entry(found)))
    return out


def _outcome_entry(entries: list[model.Entry]) -> model.Entry:
    """A whole model outcome, shown as one entry whose sub-criteria and metrics are its criteria's."""
    first = entries[0]
    return model.Entry(first.outcome_id, first.outcome, first.outcome, first.outcome_id, first.mission,
                       tuple(s for e in entries for s in e.sub_criteria), tuple(m for e in entries for m in e.metrics),
                       tuple(x for e in entries for x in (e.evidence or ("",) * len(e.metrics))))


def outcome_label(outcome, entry: model.Entry | None) -> str:
    return f"{outcome.id}: {entry.title}" if entry else outcome.id


def we_means(spec: tenderpack.Spec) -> list[Paragraph]:
    """A short "we means" for a joint procurement (the full wording is in the invitation and the contract)."""
    if not spec.buyer.participants:
        return []
    return [Paragraph.of(f"\u201cWe\u201d means {text.join([a.name for a in spec.authorities])}.")]


def each_instruction(count: int) -> str:
    """The one instruction about the chosen award criteria, said the same way everywhere the question appears,
    with what happens when an answer leaves one out: the answer gets one score (no part is scored on its own),
    so it scores lower."""
    if count == 1:
        return ("Make a commitment towards this award criterion. "
                "If your answer makes no commitment towards it, we score the answer lower.")
    return ("Make a commitment towards each of these award criteria. "
            "If your answer makes no commitment towards one of them, we score the answer lower.")


def characters(spec: tenderpack.Spec) -> str:
    assert spec.social_value is not None   # this plugin writes only for a spec with social value
    return f"{text.number(spec.social_value.character_limit, 0)} characters"


def reporting(spec: tenderpack.Spec) -> str:
    """'every quarter'."""
    assert spec.social_value is not None   # this plugin writes only for a spec with social value
    return REPORTING[spec.social_value.reporting]


@dataclass
class Question:
    """One social value question: an award criterion and the outcomes it asks about."""

    # A spec's award criterion and social value outcomes (their models are not public API).
    criterion: Any | None
    outcomes: list[tuple[Any, model.Entry | None]]

    @property
    def title(self) -> str:
        return f"{self.criterion.id}: {self.criterion.name}" if self.criterion else "The social value question"


def questions_of(spec: tenderpack.Spec) -> list[Question]:
    """The questions: one for each social value criterion, with the outcomes assigned to it."""
    asked = criteria(spec)
    if not asked:
        return [Question(None, chosen(spec))]
    by_id = {c.id: Question(c, []) for c in asked}
    for outcome, entry in chosen(spec):
        by_id.get(outcome.criterion or asked[0].id, by_id[asked[0].id]).outcomes.append((outcome, entry))
    return list(by_id.values())


def question_sentence(spec: tenderpack.Spec, q: Question) -> str:
    """The question in the model's pattern, with the character limit and the chosen criteria."""
    data = the_model(spec)
    names = [outcome_label(o, e) for o, e in q.outcomes]
    if not names:
        return worded(spec, f"Using no more than {characters(spec)}, describe the social value you will offer "
                            "through this contract, and how you will measure it.")
    listed = text.join(names)
    if data is None:
        return worded(spec, f"Using no more than {characters(spec)}, describe the commitment you will make towards "
                            f"{listed}. Show how it will help this contract achieve the outcomes we have chosen.")
    return worded(spec, data.question.format(characters=characters(spec), criteria=listed))


def covers(spec: tenderpack.Spec) -> list[str]:
    data = the_model(spec)
    said = list(data.covers) if data else [c[0].upper() + c[1:] + "." for c in ANSWER_COVERS]
    return [worded(spec, c) for c in said]


def sections(spec: tenderpack.Spec) -> list[Section]:
    return [why(spec), outcomes(spec), questions(spec), evaluation(spec), contract_section(spec)]


# --------------------------------------------------------------------------- 10 why


def act_applies(spec: tenderpack.Spec) -> bool:
    """The social value Act of law.yaml (social-value-act) applies: a public contract (at or above the threshold) for services."""
    return tenderpack.law.applies(spec, "social-value-act") and spec.category == "services"


def model_name(spec: tenderpack.Spec) -> str:
    assert spec.social_value is not None   # this plugin writes only for a spec with social value
    data = the_model(spec)
    return data.name if data else spec.social_value.model


def why_we_ask(spec: tenderpack.Spec) -> list[Paragraph]:
    """Why this tender asks for social value: the Act for a public services contract, else the buyer's choice."""
    if act_applies(spec):
        act = tenderpack.law.cite(spec, "social-value-act")
        assert act is not None   # the Act applies, so it has a citation
        return [Paragraph.of(f"{act[0].upper()}{act[1:]} asks public bodies to consider social value when they buy "
                             "services.")]
    name = model_name(spec)
    model_words = name if name.lower().endswith("model") else f"{name} model"
    return [Paragraph.of(f"We include social value by choice, using the {model_words}.")]


def model_source(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    assert spec.social_value is not None   # this plugin writes only for a spec with social value
    data = the_model(spec)
    chosen_said = not act_applies(spec)    # "We include social value by choice, using the … model" named it
    if data is None:
        return [] if chosen_said else [Paragraph.of(f"We use the social value model {spec.social_value.model}.")]
    source = tenderpack.Run(data.source, url=data.url) if data.url else tenderpack.Run(data.source)
    lists = f"lists {data.theme_word}s, outcomes, award criteria and standard ways to report progress."
    return [Paragraph.of(f"The model {lists}" if chosen_said else f"We use the social value model in {data.name}. It {lists}"),
            Paragraph([tenderpack.Run("Source: "), source,
                       tenderpack.Run(f". Our copy is version {data.version}, as of {text.date(_day(data.as_of))}.")])]


def _day(value: str):
    import datetime as dt
    return dt.date.fromisoformat(value)


def why(spec: tenderpack.Spec) -> Section:
    sv = spec.social_value
    assert sv is not None   # this plugin writes only for a spec with social value
    blocks: list[tenderpack.Block] = [
        Paragraph.of("Social value is the extra good a contract does for the area and its people. "
                     "That means jobs, skills, a cleaner environment and healthier communities."),
        Paragraph.of(f"Social value counts for {text.percent(weight(spec))} of the total score."),
    ]
    blocks += [*why_we_ask(spec), *model_source(spec)]
    blocks += we_means(spec)
    if sv.local_priorities:
        blocks += [Heading("What matters locally", level=2), *md(sv.local_priorities)]
    return Section("Why social value matters", blocks, order=10, key="social-value:why")


# --------------------------------------------------------------------------- 20 outcomes


def outcomes(spec: tenderpack.Spec) -> Section:
    pairs = chosen(spec)
    if not pairs:
        return Section("The outcomes we have chosen", [
            Paragraph.of(worded(spec, "We have not chosen particular outcomes. Tell us the social value you can offer "
                                      "through this contract."))],
            order=20, key="social-value:outcomes")
    data = the_model(spec)
    theme = (data.theme_word if data else "theme").capitalize()
    rows = []
    for o, entry in pairs:
        rows.append([o.id, entry.title if entry else "See the social value model",
                     entry.outcome if entry else "", entry.mission if entry else "",
                     markdown.inline(o.commitment_hint) if o.commitment_hint else "No particular preference"])
    blocks: list[tenderpack.Block] = [
        Paragraph.of(f"We want commitments towards {'this award criterion' if len(pairs) == 1 else 'these award criteria'} "
                     "from the model:"),
        Table.of(["Id", "Award criterion", "Model outcome", theme, "What we would especially value"], rows,
                 caption=f"Social value outcomes for this {'framework' if text.is_framework(spec) else 'contract'}",
                 widths=[1, 4, 3, 3, 5]),
        Paragraph.of(each_instruction(len(pairs)) + " Choose commitments that fit your business and "
                     + ("the work under this framework." if text.is_framework(spec) else "this contract.")),
    ]
    return Section("The outcomes we have chosen", blocks, order=20, key="social-value:outcomes")


# --------------------------------------------------------------------------- 30 questions


def model_question(spec: tenderpack.Spec) -> Paragraph:
    return Paragraph.of(question_sentence(spec, questions_of(spec)[0]))


def question_blocks(spec: tenderpack.Spec, q: Question, level: int = 2, detail: bool = True) -> list[tenderpack.Block]:
    """One question: its facts, the question in the model's pattern, what to cover, and the criteria."""
    c = q.criterion
    facts = [f"Weight: {text.percent(c.weight)}." if c and c.weight is not None else "",
             f"Character limit: {characters(spec)}, including spaces. We do not read beyond the limit."]
    blocks: list = [Heading(q.title, level=level), Paragraph.of(" ".join(f for f in facts if f))]
    blocks += md(c.question) if c and c.question else [Paragraph.of(question_sentence(spec, q))]
    if q.outcomes:
        blocks.append(Paragraph.of(each_instruction(len(q.outcomes))))
    blocks += [Paragraph.of("Your answer should cover:"), ListBlock.of(*covers(spec))]
    if c and c.guidance:
        blocks += md(c.guidance)
    if not detail:
        return blocks
    for o, entry in q.outcomes:
        blocks.append(Heading(outcome_label(o, entry), level=level + 1))
        if entry is None:
            blocks.append(Paragraph.of("See the social value model for this award criterion."))
        if entry and entry.sub_criteria:
            blocks += [Paragraph.of("Sub-criteria we look for:"),
                       ListBlock.of(*[worded(spec, item) for item in entry.sub_criteria])]
        if o.commitment_hint:
            blocks.append(Paragraph([tenderpack.Run("What we would especially value: "), *markdown.inline(o.commitment_hint)]))
        if entry and entry.metrics:
            blocks += [Paragraph.of(f"Reporting metrics you report against {text.if_you_win(spec).lower()}:"),
                       ListBlock.of(*entry.metrics)]
    return blocks


def questions(spec: tenderpack.Spec) -> Section:
    blocks: list = []
    asked = questions_of(spec)
    if len(asked) > 1:
        blocks.append(Paragraph.of(f"There are {len(asked)} social value questions. We score each one on its own."))
    for q in asked:
        blocks += question_blocks(spec, q)
    return Section("The social value question" if len(asked) == 1 else "The social value questions", blocks,
                   order=30, key="social-value:questions")


# --------------------------------------------------------------------------- 40 evaluation


def scoring_blocks(spec: tenderpack.Spec) -> list[tenderpack.Block]:
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


def guidance_blocks(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    data = the_model(spec)
    if data is None or not data.evaluation:
        return []
    return [Paragraph.of("When we score your answer:"), ListBlock.of(*[worded(spec, e) for e in data.evaluation])]


def evaluation(spec: tenderpack.Spec) -> Section:
    blocks: list[tenderpack.Block] = [*scoring_blocks(spec), *guidance_blocks(spec),
              Paragraph.of("The “Evaluation and award methodology” gives the full scoring scale.")]
    return Section("How we evaluate social value", blocks, order=40, key="social-value:evaluation")


# --------------------------------------------------------------------------- 50 contract


def contract_words(spec: tenderpack.Spec) -> str:
    """'the contract', or 'each authority's contract' when each authority signs its own."""
    if spec.buyer.participants and spec.buyer.contracts == "each_authority":
        return "each authority's contract"
    return "the contract"


def contract_blocks(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """How the winning commitments become part of the contract, and what follows from them (contract.py says how
    each form takes them in)."""
    form = contract.kind(spec)
    if form == contract.MODEL:
        return [
            Paragraph.of(f"If you win, your social value commitments become part of the {contract.form_name(spec)}. "
                         f"Before we sign, we write them into its order form, {contract.order_form(spec)}, each with "
                         "its measure and target."),
            Paragraph.of(f"You report progress to us {reporting(spec)}, using the model's reporting metrics."),
            Paragraph.of("If you fall behind, the terms of the contract apply, as for any other commitment in it."),
        ]
    if text.is_framework(spec):
        fall_behind = ("That body reviews progress with you at its contract meetings. If you fall behind, you agree "
                       "a plan with it to catch up.")
        to = "the body that awarded the call-off contract"
        if form == contract.FORM:
            who = "that body" if contract.manager(spec) == "us" else contract.manager(spec)   # the Client, or a manager
            fall_behind = (f"If you fall behind, or expect to, you send {who} a plan to catch up "
                           f"({contract.clause(spec)}).")
            to = contract.call_off_manager(spec)
        return [
            Paragraph.of(f"{text.if_you_win(spec)}, your social value commitments become part of each call-off "
                         "contract you are awarded."),
            Paragraph.of("Before it signs a call-off contract with you, the body that awards it writes your commitments "
                         "into it."),
            Paragraph.of("From signature, each social value commitment is part of that call-off contract, with its "
                         "measure and target." if form == contract.FORM else
                         "From signature, each commitment is a performance indicator (KPI) of that call-off contract, "
                         "with its measure and target."),
            Paragraph.of(f"You report progress {reporting(spec)} to {to}, using the model's reporting metrics."),
            Paragraph.of(fall_behind),
        ]
    if form == contract.FORM:
        return [
            Paragraph.of(f"If you win, we write your social value commitments into {contract_words(spec)} before we "
                         "sign."),
            # Under a form the commitments are the added clause's, not the form's Key Performance Indicators.
            Paragraph.of("From signature, each social value commitment is part of the contract, with its measure "
                         "and target."),
            Paragraph.of(f"You report progress to {contract.manager(spec)} {reporting(spec)}, using the model's "
                         "reporting metrics."),
            Paragraph.of(f"If you fall behind, or expect to, you send {contract.manager(spec)} a plan to catch up "
                         f"({contract.clause(spec)})."),
        ]
    return [
        Paragraph.of(f"If you win, we write your social value commitments into {contract_words(spec)} before we sign."),
        Paragraph.of("From signature, each commitment is a performance indicator (KPI), with its measure and target."),
        Paragraph.of(f"You report progress to us {reporting(spec)}, using the model's reporting metrics."),
        Paragraph.of("We review progress with you at contract meetings. If you fall behind, you agree a plan with us to catch up."),
    ]


def where_set_out(spec: tenderpack.Spec) -> list[Paragraph]:
    """The document that sets the commitments out as part of the contract: the "Social value schedule" (and, under
    an NEC4 or JCT form, the clause that makes it so); with a model contract, its order form said it already."""
    form = contract.kind(spec)
    which = "each call-off contract" if text.is_framework(spec) else "the contract"
    if form == contract.MODEL:
        return []
    if form == contract.FORM:
        return [Paragraph.of(f"The “Social value schedule” sets this out. {contract.clause_in(spec)}, makes it part "
                             f"of {which}.")]
    return [Paragraph.of(f"The “Social value schedule” is the part of {which} that sets this out.")]


def contract_section(spec: tenderpack.Spec) -> Section:
    blocks: list[tenderpack.Block] = [*contract_blocks(spec), *where_set_out(spec)]
    return Section("From commitment to contract", blocks, order=50, key="social-value:contract")
