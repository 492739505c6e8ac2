"""The stage questionnaire: everything a bidder answers at a stage that asks questions.

Registered only when some stage of the procedure has questions (normally the participation
or shortlisting stage of a competitive flexible procedure). For each such stage: what to
send and by when, how to ask questions, the exclusion and conflicts declarations and the
conditions of participation to confirm (pointing to the invitation to tender), each question
with its limit, weight or pass/fail mark and minimum score and a box to answer in, how the
answers are scored, and who goes through.
"""

from __future__ import annotations

from decimal import Decimal

import tenderpack
from tenderpack import Heading, ListBlock, Paragraph, Run, Section, Table, text

from . import scoring
from .words import lot_shortlists
from .words import (bullets, capital, cite, contact_runs, count_word, evidence_lines, link, lots_phrase, md,
                    public_contract, question_time_sentence, questionnaire_stages, run_list, sends, shortlist_sentences,
                    stage_tie_rule, we_and_you)

ITT = "“Invitation to tender”"


def sections(spec: tenderpack.Spec) -> list[Section]:
    stages = questionnaire_stages(spec)
    if not stages:
        return []
    out = [about(spec, stages)]
    first = stages[0][0]
    for n, (i, stage) in enumerate(stages):
        out.append(Section(stage.name, stage_blocks(spec, i, first=(i == first)), order=20 + 10 * n,
                           key=f"sq:stage-{i + 1}"))
    return out


# --------------------------------------------------------------------------- about


def about(spec: tenderpack.Spec, stages) -> Section:
    names = text.join([s.name for _, s in stages])
    blocks: list[tenderpack.Block] = [
        Paragraph.of(f"This questionnaire is for {names}. Answer it to take part."),
        we_and_you(spec),
        Paragraph.of(f"Read the {ITT} first. It explains the procedure, the exclusion grounds and the "
                     "conditions of participation."),
        Paragraph.of("Type each answer in the box below its question. The limit is printed beside each question. "
                     "We do not read past it."),
    ]
    return Section("How to use this questionnaire", blocks, order=10, key="sq:about")


# --------------------------------------------------------------------------- one stage


def stage_blocks(spec: tenderpack.Spec, i: int, first: bool) -> list:
    stage = spec.procedure.stages[i]
    blocks: list = []
    blocks += send_blocks(spec, i)
    blocks += asking_blocks(spec, i)
    blocks += details_blocks(spec)
    if first:
        blocks += declaration_blocks(spec)
        blocks += conditions_blocks(spec)
    else:
        blocks += [Heading("Your earlier declarations", level=2),
                   Paragraph.of("Confirm that your exclusion declaration, your conflicts declaration and your answers "
                                "on the conditions of participation are still true. Tell us of any change."),
                   *_answer_box("Still true (yes or no), and any change")]
    blocks += scoring_blocks(spec, stage)
    blocks += going_through_blocks(spec, i)
    blocks += question_blocks(spec, stage)
    blocks += [Heading("Before you send", level=2),
               ListBlock.of("You have answered every question, within its limit.",
                            "You have filled in “Your details”.",
                            *(["You have made the declarations and confirmed the conditions of participation."]
                              if first else ["You have confirmed your earlier declarations."]))]
    return blocks


def _answer_box(label: str) -> list[Paragraph]:
    """A bold label, then an empty box to type the answer in."""
    return [Paragraph([Run(label, bold=True)]), Paragraph([], role="answer")]


def send_blocks(spec: tenderpack.Spec, i: int) -> list:
    stage = spec.procedure.stages[i]
    portal = spec.submission.portal
    blocks: list = [Heading("What to send and by when", level=2)]
    deadline = text.stage_deadline(spec, i)
    when = f" by {text.datetime(deadline)}" if deadline is not None else ""
    blocks.append(Paragraph([Run(f"Send {sends(spec, i)} through "), link(portal.name, portal.url), Run(f"{when}.")]))
    if deadline is None:
        blocks.append(Paragraph.of("We will tell you the deadline when the stage starts."))
    blocks.append(Paragraph.of(f"We cannot accept answers sent late, or sent any other way. Write in {spec.submission.language}."))
    blocks += md(stage.description)
    return blocks


def asking_blocks(spec: tenderpack.Spec, i: int) -> list:
    portal = spec.submission.portal
    blocks: list = [Heading("Asking questions in this stage", level=2)]
    last = f". {question_time_sentence(spec, i)}"
    blocks.append(Paragraph([Run("Ask your questions through "), link(portal.name, portal.url), Run(last)]))
    blocks.append(Paragraph.of("We share every question and our answer with every bidder taking part at the time. "
                               "We do not say who asked."))
    if spec.contacts:
        blocks.append(Paragraph.of("If you cannot use the portal, contact:"))
        blocks.append(run_list([contact_runs(c) for c in spec.contacts]))
    return blocks


def details_blocks(spec: tenderpack.Spec) -> list:
    rows = [["Organisation name", ""], ["Company or charity number", ""], ["Contact name", ""], ["Email", ""],
            ["Telephone", ""]]
    if spec.lots.items:
        rows.append(["Lots you want to bid for", ""])
    return [Heading("Your details", level=2), Table.of(["About you", "Your answer"], rows, widths=[2, 5])]


def declaration_blocks(spec: tenderpack.Spec) -> list:
    """The exclusion and conflicts declarations: yes or no for each, then details."""
    ground = "an exclusion ground" if public_contract(spec) else "a ground in our exclusion test"
    rows = []
    if tenderpack.law.applies(spec, "central-digital-platform"):
        rows.append(["Your core supplier information on the central digital platform is up to date, "
                     "and you have shared it with us.", ""])
    rows += [
        [f"{capital(ground)} applies to you or to a connected person.", ""],
        [f"{capital(ground)} applies to an associated person you rely on, or to a subcontractor you plan to use.", ""],
        ["You or one of those persons is on the debarment list.", ""],
    ]
    blocks: list = [
        Heading("Exclusion declaration", level=2),
        Paragraph.of(f"“Exclusion” in the {ITT} explains the grounds, who they cover and the debarment list."),
        Paragraph.of("Answer yes or no to each line."),
        Table.of(["Declaration", "Your answer (yes or no)"], rows, caption="Exclusion declaration", widths=[5, 2]),
        Paragraph.of("If any ground applies, say which, and what you have done to stop it happening again. "
                     "Send your evidence with this questionnaire."),
        *_answer_box("Grounds that apply, and what you have done"),
        Heading("Conflicts of interest", level=2),
        Paragraph.of(f"“Conflicts of interest” in the {ITT} explains what to tell us."),
        Table.of(["Declaration", "Your answer (yes or no)"],
                 [["You know of a conflict of interest in this procurement.", ""]],
                 caption="Conflicts of interest declaration", widths=[5, 2]),
        *_answer_box("If yes, the conflict and who it involves"),
    ]
    return blocks


def conditions_blocks(spec: tenderpack.Spec) -> list:
    c = spec.conditions
    every = "Every lot" if spec.lots.items else text.awarded(spec).capitalize()
    rows = [[item, every, ""] for item in (*c.legal, *c.financial, *c.technical)]
    if c.minimum_turnover is not None:
        rows.append([f"A yearly turnover of at least {text.money(c.minimum_turnover)}.", every, ""])
    for lot in spec.lots.items:
        rows += [[item, f"{capital(lots_phrase([lot.number]))} only", ""] for item in lot.conditions]
    blocks: list = [Heading("Conditions of participation", level=2)]
    if not rows:
        blocks.append(Paragraph.of("We set no conditions of participation for this tender."))
        return blocks
    if where := cite(spec, "conditions-of-participation"):
        blocks.append(Paragraph.of(f"“Conditions of participation” in the {ITT} explains each condition ({where})."))
    else:
        blocks.append(Paragraph.of(f"“Conditions of participation” in the {ITT} explains each condition."))
    blocks += [
        Paragraph.of("Confirm whether you meet each condition that applies to the lots you bid for."
                     if spec.lots.items else "Confirm whether you meet each condition."),
        Table.of(["Condition", "Applies to", "You meet it (yes or no)"], rows,
                 caption="Conditions of participation to confirm", widths=[5, 2, 2]),
        Paragraph.of("Then show us that you meet them. For each kind of condition, give:"),
        bullets(evidence_lines(spec)),
        Paragraph.of("Write your evidence in the box below. Send any document, such as a letter from your bank, "
                     "with this questionnaire." if spec.conditions.financial else
                     "Write your evidence in the box below."),
        *_answer_box("Your evidence for the conditions"),
    ]
    if c.insurance:
        blocks.append(Paragraph.of("You do not need to show your insurance now. We ask the winning supplier for it."))
    return blocks


# --------------------------------------------------------------------------- scoring and who goes through


def _scored(stage) -> list:
    return [q for q in stage.questions if not q.pass_fail]


def _weights(stage) -> dict[str, Decimal]:
    """Each scored question's weight in the stage score: its own, or an equal share when none has one."""
    scored = _scored(stage)
    if not scored:
        return {}
    if all(q.weight is not None for q in scored):
        return {q.id: Decimal(q.weight) for q in scored}
    share = (Decimal(100) / len(scored)).quantize(Decimal("0.01"))
    return {q.id: share for q in scored}


def scoring_blocks(spec: tenderpack.Spec, stage) -> list:
    levels = scoring.scale(spec)
    top, bottom = levels[0][0], levels[-1][0]
    scored = _scored(stage)
    passfail = [q for q in stage.questions if q.pass_fail]
    blocks: list = [Heading("How we score your answers", level=2)]
    if scored:
        weights = _weights(stage)
        blocks += [
            Paragraph.of(f"We score each answer from {bottom} to {top}, using this scale:"),
            Table.of(["Score", "What the answer shows"], [[str(s), d] for s, d in levels],
                     caption="Scoring scale for this stage", widths=[1, 6]),
        ]
        if all(q.weight is not None for q in scored):
            blocks.append(Paragraph.of("Each question's weight is its share of the score for this stage. "
                                       "The weights in this stage add up to 100%."))
        else:
            blocks.append(Paragraph.of("The scored questions in this stage carry equal weight."))
        blocks.append(Table.of(["Question", "Weight in this stage", "Minimum score"],
                               [[q.id, text.percent(weights[q.id]),
                                 str(q.minimum_score) if q.minimum_score is not None else "None"] for q in scored],
                               caption="Weights and minimum scores", widths=[2, 2, 2]))
        blocks.append(Paragraph.of(f"Stage score = the total, for every question, of your score ÷ {top} × its weight. "
                                   "It is out of 100, rounded to two decimal places."))
        if any(q.minimum_score is not None for q in scored):
            blocks.append(Paragraph.of("If you score below a question's minimum score, you do not go through, "
                                       "whatever your stage score."))
        blocks.append(Paragraph.of("We use the stage score only to choose who goes through. "
                                   f"It does not count towards the award of {text.awarded(spec)}."))
    if passfail:
        blocks.append(Paragraph.of(f"We mark {text.join([q.id for q in passfail])} pass or fail. "
                                   "A fail on any of them means you do not go through."))
    return blocks


def going_through_blocks(spec: tenderpack.Spec, i: int) -> list:
    stages = spec.procedure.stages
    stage = stages[i]
    following = stages[i + 1].name if i + 1 < len(stages) else "the next stage"
    blocks: list = [Heading("Who goes through", level=2)]
    needs = ["pass the exclusion checks",
             "meet the conditions of participation" + (" for the lots you bid for" if spec.lots.items else "")]
    if any(q.minimum_score is not None for q in stage.questions):
        needs.append("reach every minimum score")
    if any(q.pass_fail for q in stage.questions):
        needs.append("pass every pass or fail question")
    blocks.append(Paragraph.of(f"To go through to {following}, you must {text.join(needs)}."))
    if stage.shortlist_size and lot_shortlists(spec, stage) is not None:
        blocks.append(Paragraph.of("Of the bidders who do, we take those with the highest stage scores through, "
                                   "lot by lot."))
        blocks += [Paragraph.of(x) for x in shortlist_sentences(spec, stage)]
        blocks += [Paragraph.of(x) for x in stage_tie_rule(stage, per_lot=True)]
        blocks.append(Paragraph.of("If no more bidders qualify for a lot than its number, they all go through for "
                                   "that lot."))
    elif stage.shortlist_size:
        n = stage.shortlist_size
        blocks.append(Paragraph.of(f"Of the bidders who do, we take up to {n} through: those with the highest stage scores."))
        blocks += [Paragraph.of(x) for x in shortlist_sentences(spec, stage)[1:]]
        blocks += [Paragraph.of(x) for x in stage_tie_rule(stage)]
        blocks.append(Paragraph.of(f"If {n} or fewer bidders qualify, they all go through."))
    else:
        blocks.append(Paragraph.of("Every bidder who does this goes through. We do not limit the number."))
    if stage.shortlist_criteria:
        blocks.append(Paragraph.of("The questions test these shortlisting criteria:"))
        blocks.append(bullets(stage.shortlist_criteria))
    blocks.append(Paragraph.of("We tell every bidder whether it has gone through."))
    return blocks


# --------------------------------------------------------------------------- the questions


def _limit(q) -> str | None:
    return f"{text.number(q.word_limit, 0)} words" if q.word_limit else None


def question_blocks(spec: tenderpack.Spec, stage) -> list:
    weights = _weights(stage)
    n = len(stage.questions)
    blocks: list = [Heading("The questions", level=2),
                    Paragraph.of(f"This stage has {count_word(n)} question{'s' if n != 1 else ''}. "
                                 "Answer each one on its own: we score each answer separately.")]
    for q in stage.questions:
        limit = _limit(q)
        blocks.append(Heading(f"Question {q.id}" + (f" (no more than {limit})" if limit else ""), level=3))
        facts = []
        if q.pass_fail:
            facts.append("We mark this answer pass or fail.")
        else:
            facts.append(f"Weight: {text.percent(weights[q.id])} of the stage score.")
            if q.minimum_score is not None:
                facts.append(f"Minimum score: {q.minimum_score}.")
        if limit:
            facts.append(f"Word limit: {limit}.")
        blocks.append(Paragraph.of(" ".join(facts)))
        blocks += md(q.question)
        if q.guidance:
            blocks.append(Paragraph([Run("What a good answer covers: ", bold=True)]))
            blocks += md(q.guidance)
        blocks += _answer_box(f"Your answer to {q.id}" + (f" (no more than {limit})" if limit else ""))
    return blocks
