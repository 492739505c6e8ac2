"""The invitation to tender: what we are buying, how the procedure works and how to bid.

Every sentence that cites the Act, or says "we must" because of it, goes
through ``tenderpack.law`` (``cite``/``applies``), so it appears only when that duty applies
to this tender. Below the threshold, good practice is said as the buyer's own choice.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, KeyFacts, ListBlock, Paragraph, Run, Section, Table, markdown, text

from . import rated, timetable
from .scoring import price_criterion
from .words import (STAGE_TEXT, applies_to, own_criteria_sentence, article, budget_period, budget_sentences, bullets, buyers_or,
                    buyers_text, capital, cite, contact_runs, count_word, criterion_type,
                    declaration_place, each_authority, evidence_lines,
                    first_questionnaire_stage, full_stop, has_conditions, is_joint, link, lot_has_own_criteria,
                    lot_criteria, lot_weight, lots_phrase, lots_text, many_winners, md, only_some_lots, phase_dates,
                    prices_cover, procedure_name, public_contract, question_time, question_time_sentence, run_list, sends,
                    shortlist_sentences, stage_dates, bid_cap_sentence, lot_cpv_sentence, lot_place_blocks,
                    lot_term_sentence, reserved_sentence, stage_question_deadline, term_phrase, term_sentences, terms_text, value_text,
                    we_and_you, weight_summaries, weight_text,
                    weights_used, whole_term_words, who_signs_sentences, winners, award_basis, joint_paragraphs)

def insurance_when(spec: tenderpack.Spec, when: str) -> str:
    """When evidence of insurance is asked for: 'When we award the contract', 'Before the framework starts'."""
    if when == "award":
        return f"When we award {text.awarded(spec)}"
    return f"Before {text.awarded(spec)} starts"


def sections(spec: tenderpack.Spec, clauses=()) -> list[Section]:
    """The sections of the invitation; ``clauses`` are the draft contract's clauses (tenderpack.ClauseInfo)."""
    return [
        about(spec),
        what_we_are_buying(spec),
        who_is_buying(spec),
        procedure(spec),
        dates(spec),
        questions(spec),
        how_to_bid(spec),
        evaluation(spec),
        exclusion(spec),
        conditions(spec),
        conflicts(spec),
        contract_and_payment(spec, clauses),
    ]


def _portal_runs(spec: tenderpack.Spec) -> Run:
    portal = spec.submission.portal
    return link(portal.name, portal.url)


# --------------------------------------------------------------------------- 10 about


def key_facts(spec: tenderpack.Spec) -> KeyFacts:
    t = spec.timetable
    stages = spec.procedure.stages
    value = value_text(spec) if not text.whole_works(spec) else \
        f"{text.money(spec.value.estimated_excluding_vat)} excluding VAT, for the whole of the works"
    if spec.value.budget_ceiling is not None and spec.value.budget_published:
        value += f". Budget: {text.money(spec.value.budget_ceiling)} excluding VAT, for {budget_period(spec)}"
    questions_by = text.datetime(t.clarification_deadline)
    if stages:
        questions_by += f", for {stages[0].name}"
    facts: list[tuple[str, str | list[Run]]] = [
        ("Reference", spec.reference),
        ("What we are buying", spec.title),
        ("Buyer" if not is_joint(spec) else "Buyers", buyers_text(spec)),
        ("Estimated value", value),
        ("Lots", lots_text(spec)),
        ("Procedure", capital(procedure_name(spec))),
        ("Questions by", questions_by),
        (text.first_deadline_name(spec), text.datetime(t.tender_deadline)),
    ]
    final = text.final_deadline(spec)
    if stages and final != t.tender_deadline:
        facts.append((capital(text.final_deadline_name(spec).removeprefix("the ")), text.datetime(final)))
    facts += [
        (capital(text.awarded(spec).removeprefix("the ")), _works_term(spec) or terms_text(spec)),
        ("Payment", _payment_fact(spec)),
        ("Where to bid", [_portal_runs(spec)]),
    ]
    return KeyFacts.of(facts, title="Summary")


def _works_term(spec: tenderpack.Spec) -> str | None:
    """A works contract's dates for the summary: 'Starts 10 January 2028; complete by 30 November 2028'."""
    one = text.one_term(spec)
    if text.works_form(spec) is None or one is None:
        return None
    return f"Starts {text.date(one.start)}; the works must be complete by {text.date(one.end)}"


def _payment_fact(spec: tenderpack.Spec) -> str:
    """When we pay, for the summary: under an NEC4 or JCT works form, as the form says (text.works_payment)."""
    days, form = spec.commercial.payment_days, text.works_form(spec)
    if form is None:
        return f"Within {days} days of a valid invoice"
    return f"Within {days} days of each {'due date' if form.family == 'jct' else 'assessment date'}"


def about(spec: tenderpack.Spec) -> Section:
    blocks = [
        key_facts(spec),
        Paragraph.of("This invitation tells you what we are buying, how the procedure works and how to send a tender."),
        we_and_you(spec),
        Paragraph.of("Please read all the documents in the pack before you bid."),
        *attached(spec),
    ]
    return Section("About this tender", blocks, order=10, key="itt:about")


def attached(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """The buyer's own documents, copied into the pack's folder attachments/ (none: nothing is said)."""
    items = spec.attachments
    if not items:
        return []
    described = any(a.description for a in items)
    rows = [[a.title, a.pack_path, *([markdown.inline(a.description) if a.description else "Not given"]
                                     if described else [])] for a in items]
    return [Heading("Our own documents", level=2),
            Paragraph.of("We have added these documents of our own to the pack, in the folder “attachments”. "
                         "They are part of this tender."),
            Table.of(["Document", "File in the pack", *(["What it is"] if described else [])], rows,
                     caption="Files in the folder “attachments”", widths=[3, 3, 4] if described else [3, 3])]


# --------------------------------------------------------------------------- 20 what


def what_we_are_buying(spec: tenderpack.Spec) -> Section:
    blocks = [*md(spec.summary)]
    cpv = spec.cpv
    codes = f"The main Common Procurement Vocabulary (CPV) code is {cpv[0]}."
    if len(cpv) > 1:
        codes += f" Other codes: {text.join(cpv[1:])}."
    if text.is_framework(spec):
        blocks.append(Paragraph.of(f"This is a framework for {spec.category}. {codes}"))
    else:
        blocks.append(Paragraph.of(f"This is a {spec.category} contract. {codes}"))
    blocks.append(Heading("Value and budget", level=2))
    worth = "the contracts are worth" if each_authority(spec) else "the contract is worth"
    if text.is_framework(spec):
        worth = "the call-off contracts under the framework will be worth"
    value = f"We estimate {worth} {text.money(spec.value.estimated_excluding_vat)} excluding VAT"
    if each_authority(spec) or text.is_framework(spec):
        value += " in total"
    if spec.value.estimated_including_vat is not None:
        value += f" ({text.money(spec.value.estimated_including_vat)} including VAT)"
    cover = f" This covers {'the whole of the works' if text.whole_works(spec) else whole_term_words(spec)}."
    blocks.append(Paragraph.of(value + "." + cover))
    # One yearly figure is true only when every contract runs for the same term.
    if spec.value.annual_value is not None and text.one_term(spec) is not None:
        blocks.append(Paragraph.of(f"That is about {text.money(spec.value.annual_value)} a year."))
    blocks += [Paragraph.of(s) for s in budget_sentences(spec)]
    blocks += service_today(spec)
    blocks += lots(spec)
    if spec.requirements:
        blocks.append(Heading("What the work must include" if not spec.lots.items else "Requirements for every lot",
                              level=2))
        blocks.append(Paragraph.of("We keep fixed requirements to a minimum. "
                                   + ("These requirements apply to every lot:" if spec.lots.items
                                      else "You must meet these requirements:")))
        blocks.append(bullets(spec.requirements))
        if text.is_framework(spec) and spec.contract is None:
            blocks.append(Paragraph.of("The “Call-off contract (template)” sets out what each call-off contract "
                                       "asks of you."))
        elif text.is_framework(spec):   # each call-off on the form the spec names, with our part of it
            blocks.append(Paragraph.of(f"{contract_names(spec)} what each call-off contract asks of you."))
        else:
            blocks.append(Paragraph.of(f"{contract_names(spec)} what the contract itself asks of you."))
    return Section("What we are buying", blocks, order=20, key="itt:what")


THING = {"services": "this service", "goods": "these goods", "works": "this work"}
NEW = {"services": "This is a new service: nobody provides it now.",
       "goods": "This is a new need: we do not buy these goods now.",
       "works": "This is new work: nobody does it for us now."}


def service_today(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """Who provides the service now and what we spend on it (spec.incumbent): each fact only when given."""
    inc = spec.incumbent
    if inc is None:
        return []
    thing = THING[spec.category]
    if inc.current == "supplier":
        said = [f"{inc.name or 'A supplier'} provides {thing} now."]
    elif inc.current == "suppliers":
        said = [f"Several suppliers provide {thing} now."]
    elif inc.current == "in_house":
        said = [f"Our own staff provide {thing} now."]
    else:
        said = [NEW[spec.category]]
    if inc.annual_spend is not None:
        year = inc.annual_spend
        said.append(f"In the year from {text.date(year.start)} to {text.date(year.end)}, we spent "
                    f"{text.money(year.amount)} on it, excluding VAT.")
    if inc.spend_so_far is not None:
        spent = inc.spend_so_far
        said.append(f"From {text.date(spent.start)} to {text.date(spent.end)}, we spent {text.money(spent.amount)} "
                    f"under the current {'contracts' if inc.current == 'suppliers' else 'contract'}, excluding VAT.")
    return [Heading("How it is done now", level=2), Paragraph.of(" ".join(said))]


def lots(spec: tenderpack.Spec) -> list:
    items = spec.lots.items
    if not items:
        blocks = [Heading("Lots", level=2),
                  Paragraph.of(f"We are not dividing {text.awarded(spec)} into lots.")]
        if spec.lots.reasons_not_divided:
            if where := cite(spec, "lots"):
                blocks.append(Paragraph.of(f"We considered lots, as {where} requires. These are our reasons:"))
            blocks += md(spec.lots.reasons_not_divided)
        return blocks
    blocks = [Heading("Lots", level=2),
              Paragraph.of(f"{capital(text.awarded(spec))} is divided into {count_word(len(items))} lots. "
                           + (bid_cap_sentence(spec) or "You can bid for one lot or more."))]
    rows = []
    own_terms = text.one_term(spec) is None   # the lots' contracts run for different terms: a column says each
    for lot in items:
        value = text.money(lot.value) if lot.value is not None else "Not given"
        n = winners(spec, lot)
        rows.append([str(lot.number), lot.title, value, f"Up to {n}" if n > 1 else "1"]
                    + ([term_phrase(text.term(spec, lot), ", with no extension")] if own_terms else []))
    blocks.append(Table.of(["Lot", "Title", "Estimated value (excluding VAT)", text.suppliers_heading(spec)]
                           + (["Contract"] if own_terms else []), rows,
                           caption="Lots", widths=[1.0, 4, 2, 2] + ([3.0] if own_terms else [])))
    for lot in items:
        blocks += lot_detail(spec, lot)
    if spec.lots.max_per_supplier:
        n = spec.lots.max_per_supplier
        blocks.append(Paragraph.of(f"One supplier can win at most {count_word(n)} lot{'s' if n > 1 else ''}."))
        blocks += md(spec.lots.allocation_method)
    return blocks


def lot_detail(spec: tenderpack.Spec, lot) -> list:
    """One lot: what it covers, its own requirements and conditions, its outcomes, phases and criteria."""
    blocks: list = [Heading(f"Lot {lot.number}: {lot.title}", level=3)]
    blocks += md(lot.description)
    blocks += [Paragraph.of(x) for x in (reserved_sentence(lot), lot_cpv_sentence(lot), lot_term_sentence(spec, lot))
               if x]
    blocks += lot_place_blocks(lot)
    if lot.shortlist_size:
        stage = next(s for s in spec.procedure.stages if s.shortlist_size)   # the spec's check: exactly one
        blocks.append(Paragraph.of(f"At {stage.name}, we take up to {lot.shortlist_size} bidders for this lot "
                                   "through to the next stage."))
    n = winners(spec, lot)
    if text.is_framework(spec):
        blocks.append(Paragraph.of(f"We appoint up to {n} suppliers to this lot: the {n} highest-scoring tenders."
                                   if n > 1 else "We appoint one supplier to this lot."))
    else:
        blocks.append(Paragraph.of(f"We award this lot to up to {n} suppliers: the {n} highest-scoring tenders."
                                   if n > 1 else "We award this lot to one supplier."))
    if lot.requirements:
        blocks.append(Paragraph.of(f"Requirements for lot {lot.number} only, on top of the requirements for every lot:"))
        blocks.append(bullets(lot.requirements))
    if lot.conditions:
        blocks.append(Paragraph.of(f"Lot {lot.number} has its own conditions of participation. "
                                   "“Conditions of participation” lists them."))
    if spec.outcomes:
        mine = [o for o in spec.outcomes if text.for_lot(o.lots, lot.number)]
        if mine:
            ids = text.join([o.id for o in mine])
            blocks.append(Paragraph.of(f"Outcomes {ids} apply to this lot. The “Outcome specification” sets them out."
                                       if len(mine) > 1 else
                                       f"Outcome {ids} applies to this lot. The “Outcome specification” sets it out."))
        else:
            blocks.append(Paragraph.of("None of the outcomes in the “Outcome specification” applies to this lot."))
    phases_here = [ph for ph in spec.procedure.innovation_phases if text.for_lot(ph.lots, lot.number)]
    if phases_here and len(phases_here) == len(spec.procedure.innovation_phases):
        blocks.append(Paragraph.of("The research and development phases in “How the procedure works” are part of this lot."))
    elif phases_here:
        blocks.append(Paragraph.of("These research and development phases are part of this lot: "
                                   + "; ".join(ph.name for ph in phases_here) + "."))
    if lot_has_own_criteria(lot):
        blocks.append(Paragraph.of("These award criteria apply to this lot, with these weights:"))
        blocks.append(bullets([f"{c.id}: {c.name}, " + (text.percent(lot_weight(lot, c)) if lot_weight(lot, c) is not None
                                                         else f"rank {c.rank}")
                               for c in lot_criteria(spec, lot)]))
    else:
        blocks.append(Paragraph.of("Every award criterion applies to this lot, with the weights in “How we evaluate tenders”."))
    return blocks


# --------------------------------------------------------------------------- 30 who


def who_is_buying(spec: tenderpack.Spec) -> Section:
    lead = spec.buyer.lead
    if not is_joint(spec):
        blocks: list[tenderpack.Block] = [Paragraph.of(
            f"{lead.name} sets up the framework on its own." if text.is_framework(spec)
            else f"{lead.name} is buying on its own.")]
        if lead.signatory:
            blocks.append(Paragraph.of(f"The {lead.signatory} signs {text.agreement(spec)} for {lead.name}."))
        if lead.address:
            blocks.append(Paragraph.of(f"Address: {full_stop(lead.address)}"))
        return Section("Who is buying", blocks, order=30, key="itt:who")
    blocks = joint_paragraphs(spec)
    shares = any(a.share_percent is not None for a in spec.authorities) and each_authority(spec)
    header = ["Authority", "Role", f"Who signs {text.agreement(spec)}"] + (["Share of the estimated value"] if shares else [])
    rows = []
    for a in spec.authorities:
        role = "Lead authority: runs the procurement" if a is lead else "Participating authority"
        row = [a.name, role, a.signatory or "Not yet decided"]
        if shares:
            row.append(text.percent(a.share_percent) if a.share_percent is not None else "Not given")
        rows.append(row)
    blocks.append(Table.of(header, rows, caption="The authorities buying together",
                           widths=[3, 3, 3, 2] if shares else [3, 3, 3]))
    blocks += [Paragraph.of(s) for s in who_signs_sentences(spec)]
    blocks.append(Paragraph.of("Ask every question through the lead authority. It speaks for all the authorities during the procurement."))
    if spec.buyer.joint_arrangement:
        blocks.append(Heading(f"How the authorities share {text.awarded(spec)}", level=2))
        blocks += md(spec.buyer.joint_arrangement)
    return Section("Who is buying", blocks, order=30, key="itt:who")


# --------------------------------------------------------------------------- 40 procedure


def procedure(spec: tenderpack.Spec) -> Section:
    p = spec.procedure
    kind = p.type.value
    public = public_contract(spec)
    where = cite(spec, "competitive-procedures")
    blocks: list = []
    if kind == "open" and public:
        blocks += [Paragraph.of(f"We are using the open procedure ({where})."),
                   Paragraph.of("There is one stage. Any supplier can send a tender.")]
    elif not p.stages:
        blocks += [Paragraph.of(f"{capital(text.awarded(spec))} is worth less than the threshold for a public contract."),
                   Paragraph.of("We are running an open competition in one stage. Any supplier can send a tender.")]
        if no_stage := cite(spec, "below-threshold-no-suitability"):
            blocks.append(Paragraph.of(f"There is no separate stage to check suppliers before they bid ({no_stage})."))
    else:
        if where:
            blocks.append(Paragraph.of(f"We are using the competitive flexible procedure ({where})."))
        else:
            blocks.append(Paragraph.of("We are running this competition in stages that we have designed."))
        blocks += [Paragraph.of(f"It has {count_word(len(p.stages))} stages, in this order:"),
                   ListBlock.of(*[f"{s.name} ({stage_dates(s)})" if stage_dates(s) else s.name for s in p.stages],
                                ordered=True)]
        for i, stage in enumerate(p.stages):
            blocks += stage_blocks(spec, i)
    if p.reasons:
        blocks.append(Heading("Why we chose this procedure", level=2))
        blocks += md(p.reasons)
    if p.innovation_phases:
        blocks += phases(spec)
    if light := cite(spec, "light-touch"):
        # Said once, near the top: the Act spares light-touch contracts some of its rules.
        several = len(tenderpack.law.regime(spec).contracts) > 1   # lots, or each authority's own contract
        blocks.insert(1, Paragraph.of(f"{'These are light-touch contracts' if several else 'This is a light-touch contract'} "
                                      f"({light}): the Act gives us more freedom over the procedure and its time limits."))
    return Section("How the procedure works", blocks, order=40, key="itt:procedure")


def stage_blocks(spec: tenderpack.Spec, i: int) -> list:
    stage = spec.procedure.stages[i]
    blocks: list = [Heading(stage.name, level=2)]
    if dates_ := stage_dates(stage):
        blocks.append(Paragraph.of(f"Dates: {dates_}."))
    if (deadline := text.stage_deadline(spec, i)) is not None:
        blocks.append(Paragraph.of(f"Deadline: send {sends(spec, i)} by {text.datetime(deadline)}."))
    if (asks := stage_question_deadline(spec, i)) is not None:
        blocks.append(Paragraph.of(f"Questions: ask by {text.datetime(asks)}."))
    else:
        when = question_time_sentence(spec, i)
        blocks.append(Paragraph.of(f"Questions: {when[0].lower()}{when[1:]}"))
    blocks += md(stage.description) or [Paragraph.of(STAGE_TEXT[stage.type.value])]
    if stage.questions:
        blocks.append(Paragraph.of("The “Stage questionnaire” sets out the questions for this stage, "
                                   "how we score them and who goes through."))
    if stage.shortlist_size:
        blocks += [Paragraph.of(s) for s in shortlist_sentences(spec, stage)]
    if stage.shortlist_criteria:
        blocks.append(Paragraph.of("We choose who goes through using these criteria:"))
        blocks.append(bullets(stage.shortlist_criteria))
    return blocks


def phases(spec: tenderpack.Spec) -> list:
    items = spec.procedure.innovation_phases
    total = sum(ph.budget for ph in items)
    owners = {tuple(sorted(ph.lots)) for ph in items}
    if spec.lots.items and len(owners) == 1 and next(iter(owners)):
        owner = capital(lots_phrase(list(next(iter(owners)))))
        has = f"{owner} has"
    else:
        has = "The contract has"
    blocks = [
        Heading("Research and development phases", level=2),
        Paragraph.of(f"{has} {count_word(len(items))} research and development phases, with a total budget of "
                     f"{text.money(total)} excluding VAT."),
        Paragraph.of("Each phase ends with a go/no-go decision. We go on to the next phase only when the conditions are met."),
    ]
    rows = []
    for ph in items:
        seed = text.money(ph.seed_funding) if ph.seed_funding is not None else "None"
        length = text.months(ph.duration_months)
        when = f"{phase_dates(ph)} ({length})" if ph.starts else length
        rows.append([ph.name, when, text.money(ph.budget), str(ph.suppliers), seed])
    blocks.append(Table.of(["Phase", "When", "Budget", "Suppliers funded", "Seed funding for each supplier"],
                           rows, caption="Phases and budgets", widths=[4, 3, 2, 2, 2]))
    for ph in items:
        blocks.append(Heading(ph.name, level=3))
        if ph.lots and spec.lots.items and len(owners) > 1:
            blocks.append(Paragraph.of(f"This phase is part of {lots_phrase(ph.lots)} only."))
        blocks += md(ph.description)
        if ph.decision:
            blocks.append(Paragraph.of(f"We make the go/no-go decision for this phase on {text.date(ph.decision, weekday=True)}."))
        funded = f"Up to {ph.suppliers} supplier{'s take' if ph.suppliers > 1 else ' takes'} part in this phase."
        if ph.seed_funding is not None:
            funded += f" Each gets a fixed sum of {text.money(ph.seed_funding)} excluding VAT."
        blocks.append(Paragraph.of(funded))
        if ph.test_bed:
            blocks.append(Paragraph.of(f"Test bed: you try your solution for real in {ph.test_bed}."))
        if ph.go_no_go:
            blocks.append(Paragraph.of("To go on to the next phase, you must show:"))
            blocks.append(bullets(ph.go_no_go))
        if ph.selection:
            blocks.append(Paragraph.of("If more suppliers pass than the next phase funds, we choose them like this:"))
            blocks += md(ph.selection)
    return blocks


# --------------------------------------------------------------------------- 50 timetable


def dates(spec: tenderpack.Spec) -> Section:
    if spec.procedure.stages:
        plan = ("Each stage has its own deadline and its own last time to ask questions. "
                "Dates after the first stage are our plan. If they change, we will tell every bidder still taking part.")
    else:
        plan = "Dates after the tender deadline are our plan. If they change, we will tell every bidder."
    blocks: list[tenderpack.Block] = [
        Paragraph.of("These are the dates of this tender, in order. All times are UK time."),
        timetable.table(spec),
        Paragraph.of(plan),
        *[Paragraph.of(x) for x in text.works_dates(spec) or term_sentences(spec)],
    ]
    return Section("Timetable", blocks, order=50, key="itt:timetable")


# --------------------------------------------------------------------------- 60 questions


def questions(spec: tenderpack.Spec) -> Section:
    stages = spec.procedure.stages
    if not stages:
        deadline = text.datetime(spec.timetable.clarification_deadline)
        blocks: list = [Paragraph([Run("Ask your questions through "), _portal_runs(spec),
                                   Run(f". The last time to ask is {deadline}.")])]
    else:
        blocks = [Paragraph([Run("Ask your questions through "), _portal_runs(spec),
                             Run(". Each stage has its own last time to ask:")])]
        rows = []
        for i, stage in enumerate(stages):
            when = question_time(spec, i)
            rows.append([stage.name, when if stage_question_deadline(spec, i) is not None else full_stop(when)])
        blocks.append(Table.of(["Stage", "Last time to ask questions"], rows,
                               caption="Questions in each stage", widths=[3, 3]))
        blocks.append(Paragraph.of("After the first stage, only bidders still taking part can ask questions."))
    blocks += [
        Paragraph.of("If you cannot use the portal, contact:"),
        run_list([contact_runs(c) for c in spec.contacts]),
        Paragraph.of("We share every question and our answer with every bidder taking part at the time. "
                     "We do not say who asked."),
        Paragraph.of("If you think your question is commercially sensitive, tell us when you ask it. "
                     "If we agree, we answer only you. If we do not, you can withdraw the question."),
        Paragraph.of(f"Do not contact anyone else at {buyers_or(spec)} about this tender while it is running."),
    ]
    return Section("Questions", blocks, order=60, key="itt:questions")


# --------------------------------------------------------------------------- 70 how to bid


def evidence_with_tender(spec: tenderpack.Spec) -> bool:
    """True when bidders send their evidence for the conditions with the tender (no earlier stage checks them)."""
    stages = spec.procedure.stages
    return has_conditions(spec) and first_questionnaire_stage(spec) is None and not (
        stages and stages[0].type.value == "participation")


def how_to_bid(spec: tenderpack.Spec) -> Section:
    s = spec.submission
    stages = spec.procedure.stages
    if not stages:
        blocks: list = [Paragraph([Run("Send your tender through "), _portal_runs(spec),
                                   Run(f" by {text.datetime(spec.timetable.tender_deadline)}.")]),
                        Paragraph.of("We cannot accept a late tender, or one sent any other way.")]
    else:
        blocks = [Paragraph([Run("Send what each stage asks for through "), _portal_runs(spec), Run(":")])]
        items = []
        for i, stage in enumerate(stages):
            deadline = text.stage_deadline(spec, i)
            if deadline is not None:
                items.append(f"For {stage.name}, send {sends(spec, i)} by {text.datetime(deadline)}.")
            else:
                items.append(f"For {stage.name}, we will tell you what to send, and by when, when the stage starts.")
        blocks.append(ListBlock.of(*items))
        blocks.append(Paragraph.of("We cannot accept anything sent late, or sent any other way."))
    blocks.append(Paragraph.of(f"Format: {full_stop(s.format)} Write your tender in {s.language}."))
    blocks.append(Paragraph.of("The pricing schedule is the exception: send it as the Excel spreadsheet (.xlsx) it comes in."))
    documents = [text.submission_item(spec, d) for d in s.documents]
    if evidence_with_tender(spec) and not any("condition" in d.lower() for d in documents):
        documents.append("Your evidence for the conditions of participation (“Conditions of participation” "
                         "says what to give)")
    if documents:
        blocks.append(Heading("What to send", level=2))
        if stages:
            if all("stage" in d.lower() for d in documents):   # each names its stage: "at the stage shown" is true
                blocks.append(Paragraph.of("Send these documents at the stage shown. We will remind you what each "
                                           "stage needs."))
            else:
                blocks.append(Paragraph.of("Send each of these documents when a stage asks for it: the list above "
                                           "says what each stage asks for, and we will remind you."))
        else:
            blocks.append(Paragraph.of("Send these documents, in this order:"))
        blocks.append(bullets(documents, ordered=True))
    blocks.append(Heading("Your prices", level=2))
    blocks.append(Paragraph.of("Give your prices in the pricing schedule, the spreadsheet in this pack. "
                               "Type them in the yellow cells: the sheet works out the totals."))
    if spec.sme_pack:
        blocks.append(Paragraph.of("You may use the “Price form” in the folder “sme” instead. It asks for the same "
                                   "prices. Send one or the other. If you send both, the pricing schedule counts."))
    if spec.pricing.rated:   # an adjustment, rates or a fee: what you give, what we evaluate, what is paid
        blocks += [Paragraph.of(x) for x in rated.invitation_words(spec)]
    else:
        blocks.append(Paragraph.of(f"Prices are in pounds and exclude VAT. {prices_cover(spec)}"))
    blocks.append(Heading("How long your tender must stay open", level=2))
    last = text.validity_end(spec)
    blocks.append(Paragraph.of(f"Your tender must stay open for {s.validity_days} days after "
                               f"{text.final_deadline_name(spec)}, until {text.date(last, weekday=True)}. "
                               "We can accept it at any time in that period."))
    return Section("How to bid", blocks, order=70, key="itt:how-to-bid")


# --------------------------------------------------------------------------- 80 evaluation


def evaluation(spec: tenderpack.Spec) -> Section:
    award = spec.award
    blocks: list[tenderpack.Block] = [Paragraph.of(s) for s in award_basis(spec)]
    some = only_some_lots(spec)
    header = ["Criterion", "Type", *(["Applies to"] if some else []), "Weight" if weights_used(spec) else "Weight or rank"]
    rows = [[f"{c.id}: {c.name}", criterion_type(c), *([applies_to(spec, c)] if some else []), weight_text(c, spec)]
            for c in award.criteria]
    if weights_used(spec):
        total = sum(c.weight for c in award.criteria if c.weight is not None)   # weights_used: every one has it
        rows.append(["Total", "", *([""] if some else []), text.percent(total)])
    blocks.append(Table.of(header, rows, caption="Award criteria", widths=[4, 2, 2, 1] if some else [4, 2, 1]))
    if own_criteria_sentence(spec):
        blocks.append(Paragraph.of(own_criteria_sentence(spec) + " “Lots” shows them for each lot."))
    blocks += [Paragraph.of(x) for x in weight_summaries(spec)]
    minimums = [c for c in award.criteria if c.minimum_score is not None]
    if minimums:
        blocks.append(Paragraph.of("Some questions have a minimum score. A score below it on any of them means we reject the tender."))
    if price_criterion(spec) is not None:
        blocks.append(Paragraph.of("The lowest evaluated price gets full marks for price. Other evaluated prices score "
                                   "in proportion." if spec.pricing.rated else
                                   "The lowest price gets full marks for price. Other prices score in proportion."))
    stage = first_questionnaire_stage(spec)
    if stage is not None:
        blocks.append(Paragraph.of(f"At {stage.name}, we use the “Stage questionnaire” to choose who goes through, "
                                   "not the award criteria."))
    blocks.append(Paragraph.of("The “Evaluation and award methodology” explains every question, the scoring scale "
                               "and the price formula, with worked examples."))
    return Section("How we evaluate tenders", blocks, order=80, key="itt:evaluation")


# --------------------------------------------------------------------------- 88 exclusion


def exclusion(spec: tenderpack.Spec) -> Section:
    """Exclusion, apart from the conditions of participation: the Act's grounds for a public
    contract, the buyer's own test below the threshold."""
    blocks: list = [Paragraph.of("Exclusion is separate from the conditions of participation. "
                                 "We check it for every supplier, whatever its scores.")]
    if public_contract(spec):
        blocks += exclusion_public(spec)
    else:
        blocks += exclusion_own_test(spec)
    if tenderpack.law.applies(spec, "central-digital-platform"):
        blocks.append(Heading("Registering on the central digital platform", level=2))
        blocks.append(Paragraph.of("Before you take part, register on the central digital platform and share your "
                                   "core supplier information with us."))
        blocks.append(Paragraph.of("Keep that information up to date. We use it to check the exclusion grounds."))
    blocks.append(Heading("Putting things right (self-cleaning)", level=2))
    blocks.append(Paragraph.of("If a ground applies to you, tell us what you have done to stop it happening again. "
                               "We take this into account."))
    blocks.append(Paragraph.of("Send evidence, such as changes to your management, new policies or training, "
                               "or payment for any harm you caused."))
    blocks.append(Paragraph.of("If we decide the circumstances are not likely to happen again, the ground does not "
                               "count against you."))
    blocks.append(Heading("Your declaration", level=2))
    blocks.append(Paragraph.of(f"You declare whether any ground applies in {declaration_place(spec)}."))
    blocks.append(Paragraph.of(f"If anything changes before {text.agreement(spec)} is signed, tell us at once."))
    return Section("Exclusion", blocks, order=88, key="itt:exclusion")


def exclusion_public(spec: tenderpack.Spec) -> list:
    grounds = cite(spec, "exclusion")
    blocks: list = [
        Heading("Excluded and excludable suppliers", level=2),
        Paragraph.of("You are an excluded supplier if a mandatory exclusion ground applies to you, "
                     "and the circumstances are likely to happen again."),
        Paragraph.of("You are an excludable supplier if a discretionary exclusion ground applies to you, "
                     "and the circumstances are likely to happen again."),
        Paragraph.of(f"The grounds are set out in {grounds}."),
        Paragraph.of("Mandatory grounds include convictions for offences such as fraud, bribery, corruption, "
                     "modern slavery and tax evasion."),
        Paragraph.of("Discretionary grounds include insolvency, a serious breach of an earlier contract, "
                     "and professional misconduct."),
    ]
    if where := cite(spec, "excluded-in-competition"):
        blocks.append(Paragraph.of(f"We must exclude an excluded supplier from this procedure, and we may exclude "
                                   f"an excludable supplier ({where})."))
    blocks += [
        Heading("Who the grounds cover", level=2),
        Paragraph.of("The grounds cover you and your connected persons, such as your directors and anyone "
                     "with control over you."),
    ]
    if where := cite(spec, "associated-persons"):
        blocks.append(Paragraph.of("They also cover associated persons you rely on to meet the conditions of "
                                   "participation, and your planned subcontractors."))
        blocks.append(Paragraph.of("If an associated person or a planned subcontractor is excluded or excludable, "
                                   f"we will tell you. You can then replace it ({where})."))
        blocks.append(Paragraph.of("You cannot replace a connected person, such as a director or an owner. "
                                   "A ground that applies to a connected person counts against you."))
    if where := cite(spec, "debarment-list"):
        blocks += [
            Heading("The debarment list", level=2),
            Paragraph.of(f"We check you and the persons above against the debarment list ({where})."),
            Paragraph.of("A supplier on the list because of a mandatory ground is an excluded supplier. "
                         "A supplier on it because of a discretionary ground is an excludable supplier."),
        ]
    return blocks


def exclusion_own_test(spec: tenderpack.Spec) -> list:
    """Below the threshold: the buyer's own exclusion test, with no citation."""
    return [
        Heading("Our exclusion test", level=2),
        Paragraph.of("We use our own test to decide whether we can work with a supplier. We apply it as good practice."),
        Paragraph.of("Our test has two kinds of ground. A ground counts against you only if the circumstances are "
                     "likely to happen again."),
        Paragraph.of("If a mandatory ground counts, we will exclude you. These grounds include convictions for "
                     "offences such as fraud, bribery, corruption, modern slavery and tax evasion."),
        Paragraph.of("If a discretionary ground counts, we may exclude you. These grounds include insolvency, "
                     "a serious breach of an earlier contract, and professional misconduct."),
        Heading("Who the test covers", level=2),
        Paragraph.of("The test covers you and your connected persons, such as your directors and anyone "
                     "with control over you."),
        Paragraph.of("It also covers anyone you rely on to meet our conditions, and any subcontractor you plan to use. "
                     "If one of them fails it, we will give you a chance to replace it."),
        Paragraph.of("You cannot replace a connected person, such as a director or an owner. "
                     "A ground that applies to a connected person counts against you."),
        Heading("The debarment list", level=2),
        Paragraph.of("We also check the government's debarment list. We treat a supplier on it as failing our test."),
    ]


# --------------------------------------------------------------------------- 90 conditions


def conditions(spec: tenderpack.Spec) -> Section:
    c = spec.conditions
    if where := cite(spec, "conditions-of-participation"):
        intro = (f"These are the conditions of participation ({where}). Each is about your legal and financial "
                 f"capacity or your technical ability, and proportionate to {text.awarded(spec)}.")
    else:
        intro = ("These are our conditions of participation. We only ask for what shows you can do the work. "
                 "Every condition is about your legal and financial capacity or your technical ability.")
    blocks: list = [Paragraph.of(intro)]
    stage = first_questionnaire_stage(spec)
    stages = spec.procedure.stages
    if stage is not None:
        blocks.append(Paragraph.of(f"We assess them at {stage.name}. Confirm them, and give your evidence, "
                                   "in the “Stage questionnaire”."))
        where_evidence = "Give your evidence in the “Stage questionnaire”."
    elif stages and stages[0].type.value == "participation":
        blocks.append(Paragraph.of(f"We assess them at {stages[0].name}. Send your evidence with your request to take part."))
        where_evidence = "Send your evidence with your request to take part."
    elif where := cite(spec, "below-threshold-no-suitability"):
        blocks.append(Paragraph.of("We check them with your tender. There is no separate stage to check suppliers "
                                   f"before they bid ({where})."))
        where_evidence = ("Send your evidence with your tender, as a document of its own. "
                          "“What to send” in “How to bid” lists it.")
    else:
        blocks.append(Paragraph.of("We check them with your tender."))
        where_evidence = ("Send your evidence with your tender, as a document of its own. "
                          "“What to send” in “How to bid” lists it.")
    general = [("Legal", c.legal), ("Financial", c.financial), ("Technical ability", c.technical)]
    lots_ = spec.lots.items
    if lots_ and (any(items for _, items in general) or c.minimum_turnover is not None):
        own = [lot for lot in lots_ if lot.conditions]
        blocks.append(Paragraph.of("The conditions below apply to every lot."
                                   + (f" {capital(lots_phrase([lot.number for lot in own]))} also "
                                      f"{'has its' if len(own) == 1 else 'have their'} own." if own else "")))
    for title, items in general:
        if items:
            blocks.append(Heading(title, level=2))
            blocks.append(bullets(items))
    blocks.append(Heading("Turnover and accounts", level=2))
    if c.minimum_turnover is not None:
        blocks.append(Paragraph.of(f"You need a yearly turnover of at least {text.money(c.minimum_turnover)}."))
    else:
        blocks.append(Paragraph.of("We do not ask for a minimum turnover."))
    if c.audited_accounts_required:
        blocks.append(Paragraph.of("We ask for audited accounts."))
    else:
        blocks.append(Paragraph.of("We do not ask for audited accounts."))
    for lot in lots_:
        if lot.conditions:
            blocks.append(Heading(f"Lot {lot.number} only: {lot.title}", level=2))
            blocks.append(Paragraph.of(f"If you bid for lot {lot.number}, you must also meet these conditions:"))
            blocks.append(bullets(lot.conditions))
    if evidence := evidence_lines(spec):
        blocks.append(Heading("Your evidence", level=2))
        blocks.append(Paragraph.of(f"{where_evidence} For each kind of condition, give:"))
        blocks.append(bullets(evidence))
    blocks.append(Heading("Insurance", level=2))
    if c.insurance:
        who = capital(text.appointed(spec)) if text.is_framework(spec) else "The winning supplier"
        blocks.append(Paragraph.of(f"You do not need this insurance to bid. {who} must show it has this cover:"))
        rows = [[i.type, f"{text.money(i.amount)} for each claim", insurance_when(spec, i.when)] for i in c.insurance]
        blocks.append(Table.of(["Insurance", "Cover", "When we ask for evidence"], rows,
                               caption="Insurance", widths=[3, 3, 3]))
    else:
        blocks.append(Paragraph.of("We do not ask for any particular insurance."))
    return Section("Conditions of participation", blocks, order=90, key="itt:conditions")


# --------------------------------------------------------------------------- 92 conflicts of interest


def conflicts(spec: tenderpack.Spec) -> Section:
    if where := cite(spec, "conflicts"):
        ours = [f"We must identify and deal with any conflict of interest in this procurement ({where}).",
                "We keep a record of conflicts and how we deal with them, and review it at each stage."]
    else:
        ours = ["As good practice, we identify and deal with any conflict of interest in this procurement.",
                "We keep a record of conflicts and how we deal with them."]
    blocks: list = [Paragraph.of(" ".join(ours)),
                    Paragraph.of("The people who score tenders tell us of any conflict before they start."),
                    Heading("What you must tell us", level=2),
                    Paragraph.of("Tell us of any conflict of interest you know of. For example, tell us if:"),
                    ListBlock.of("someone in your organisation has a close personal or business link with someone "
                                 "working on this procurement for us",
                                 "you, or someone working for you, helped us prepare this procurement"),
                    Paragraph.of(f"Declare it in {declaration_place(spec)}. Tell us at once of any new conflict."),
                    Paragraph.of("We will look for a way to deal with the conflict fairly, such as changing who scores "
                                 "the tenders.")]
    return Section("Conflicts of interest", blocks, order=92, key="itt:conflicts")


# --------------------------------------------------------------------------- 100 contract


LAW = {"england_and_wales": "England and Wales", "scotland": "Scotland", "northern_ireland": "Northern Ireland"}


def flows_down(spec: tenderpack.Spec, clauses=()) -> bool:
    """Whether the 30-day payment term reaches subcontractors: by law, or because the draft contract says so
    (when the pack carries it: with another form (spec.contract), its clauses are not the contract's)."""
    ours = [c for c in clauses or () if spec.contract is None or c.document != "draft-contract"]
    return tenderpack.law.applies(spec, "payment-flow-down") or \
        any(str(c.id).endswith("payment-flow-down") for c in ours)


def contract_names(spec: tenderpack.Spec) -> str:
    """The documents that set out the contract's terms, for 'X set out what the contract asks of you': the pack's own
    draft contract, or the form the spec names (spec.contract) with our part of it, or the attached model contract."""
    form = spec.contract
    if form is None:
        return "The “Draft contract” sets out"
    if form.data_name:
        return f"The {form.name} and our “{form.data_name}” set out"
    return f"The {form.name}, in “Our own documents”, sets out"


def form_blocks(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """The contract when the spec names its form (spec.contract): an NEC4 or JCT form, named and never carried,
    with our part of it in this pack; or a government model contract, attached, with what goes beside it."""
    form = spec.contract
    assert form is not None
    law = LAW[spec.commercial.governing_law]
    framework = text.is_framework(spec)
    if framework:
        said = f"Each call-off contract is the {form.title}. The law of {law} governs each one."
    elif each_authority(spec):
        said = f"Each authority's contract is the {form.title}. The law of {law} governs each contract."
    else:
        said = f"The contract is the {form.title}. The law of {law} governs it."
    blocks: list[tenderpack.Block] = [Paragraph.of(said)]
    if options := form.option_list():
        blocks += [Paragraph.of("It uses these Options of the form:"),
                   ListBlock.of(*(capital(x) for x in options))]
    if form.data_name:
        blocks += [Paragraph.of("This pack does not include the text of the form, which is copyright. You need your "
                                "own copy of it, from its publisher."),
                   Paragraph.of(f"Our data for {'each call-off' if framework else 'the'} contract and our "
                                f"{form.amendment_word}s are in “{form.data_name}”, in this pack.")]
        if framework:   # the framework's dates are its own: each call-off has its own contract data
            blocks.append(Paragraph.of(f"The body that awards a call-off contract fills in the rest of its "
                                       f"{text.form_data_title(spec)}, such as its dates."))
        return blocks
    what = {"contract": "the contract itself", "order form": "its order form, with our details",
            "document": "part of the contract"}
    blocks += [Paragraph.of("The contract and the documents that go with it are in “Our own documents”:"),
               ListBlock.of(*(f"“{a.title}” ({a.pack_path}): {what[role]}" for role, a in form.parts(spec.attachments)))]
    return blocks


def contract_and_payment(spec: tenderpack.Spec, clauses=()) -> Section:
    c = spec.commercial
    framework = text.is_framework(spec)
    the = "each call-off contract" if framework else "the contract"
    if framework:
        first = ("Each call-off contract follows the “Call-off contract (template)” in this pack. "
                 f"The law of {LAW[c.governing_law]} governs each one.")
    elif each_authority(spec):
        first = ("Each authority's contract follows the “Draft contract” in this pack. "
                 f"The law of {LAW[c.governing_law]} governs each contract.")
    else:
        first = f"The contract is the “Draft contract” in this pack. The law of {LAW[c.governing_law]} governs it."
    blocks: list[tenderpack.Block] = form_blocks(spec) if spec.contract is not None else [Paragraph.of(first)]
    if c.contract_form and spec.contract is None:   # right after the sentence that names the contract (a form names it)
        blocks.insert(1, Paragraph.of(f"{'Each is' if framework else 'It is'} {article(full_stop(c.contract_form))}"))
    blocks += signing_and_start(spec)
    if framework:
        # Each body that awards a call-off contract pays under it, at the framework's prices or the call-off bid's.
        if c.price_basis:
            blocks.append(Paragraph.of(f"How prices are set: {full_stop(c.price_basis)}"))
        blocks.append(Paragraph.of("The body that awards a call-off contract pays you for the work it orders, at the "
                                   f"prices {text.call_off_prices(spec)}."))
        if not spec.pricing.rated and (cap := text.call_off_ceiling(spec)):   # rated: said under "Your prices"
            blocks.append(Paragraph.of(cap))
    elif c.price_basis:
        blocks.append(Paragraph.of(f"How we pay: {full_stop(c.price_basis)}"))
    if c.indexation:
        blocks.append(Paragraph.of(f"Price changes: {full_stop(c.indexation)}"))
    blocks.append(Heading("Paying you on time", level=2))
    payer = "The body that awards a call-off contract pays" if framework else "We pay"
    blocks.append(Paragraph.of(text.works_payment(spec) or
                               f"{payer} every valid invoice within {c.payment_days} days of receiving it."))
    if (where := cite(spec, "payment")) and c.payment_days <= 30:
        blocks.append(Paragraph.of(f"{capital(where)} makes a 30-day payment term part of {the}."))
    if flows_down(spec, clauses):
        flow = cite(spec, "payment-flow-down")
        blocks.append(Paragraph.of(f"{capital(the)} also asks you to pay your own subcontractors within 30 days of a "
                                   "valid invoice" + (f" ({flow})." if flow else ".")))
    if c.tupe:
        blocks.append(Heading("Staff who may transfer (TUPE)", level=2))
        who = "the supplier or suppliers that win" if spec.lots.items or many_winners(spec) else "the supplier that wins"
        if framework:
            who = f"the {'suppliers' if many_winners(spec) else 'supplier'} awarded call-off contracts"
        blocks.append(Paragraph.of("Staff may transfer under the Transfer of Undertakings (Protection of Employment) "
                                   f"Regulations 2006, known as TUPE, to {who}."))
        blocks += tupe_facts(spec)
        details = c.transferring_staff
        later = details.data_available_from if details is not None else None
        data = [a for a in spec.attachments if a.kind == "tupe-data"]
        if data:   # the buyer has attached it: say where, not "later"
            names = text.join([f"“{a.title}” ({a.pack_path})" for a in data])
            blocks.append(Paragraph.of(f"Information about these staff is in {names}, in “Our own documents”."
                                       + (f" We will share more from {text.date(later, weekday=True)}. It will not "
                                          "name anyone." if later else "")))
        elif later:
            blocks.append(Paragraph.of(f"We will share detailed information about these staff from "
                                       f"{text.date(later, weekday=True)}. It will not name anyone."))
        else:
            blocks.append(Paragraph.of("We will share information about these staff later in the procedure. "
                                       "It will not name anyone."))
    return Section("Contract and payment", blocks, order=100, key="itt:contract")


START_WORDS = {"services": "the service starts", "goods": "supply starts", "works": "the work starts"}


def signing_and_start(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """'We plan to sign the contract on X; the service starts on Y.', and what the winner does in between
    (mobilisation): only when the spec plans the signature before the start. When lots start on days of their
    own: 'We plan to sign the contracts on X. The service starts on Y for lot 1 and on Z for lot 2.'"""
    t = spec.timetable
    signed = t.contract_signature
    if signed is None or signed >= text.first_start(spec):
        return []
    if text.is_framework(spec):
        what, starts, you = text.agreement(spec), "the framework starts", "If you are appointed to it"
    else:
        what = "the contracts" if each_authority(spec) or text.one_term(spec) is None else "the contract"
        starts, you = START_WORDS[spec.category], "If you win"
    days: dict = {}
    for x, numbers in text.terms(spec):
        days.setdefault(x.start, []).extend(numbers)
    if len(days) == 1:
        said = f"We plan to sign {what} on {text.date(signed, weekday=True)}; {starts} on " \
               f"{text.date(next(iter(days)), weekday=True)}."
    else:
        each = text.join([f"on {text.date(day, weekday=True)} for {lots_phrase(numbers)}"
                          for day, numbers in sorted(days.items())])
        said = f"We plan to sign {what} on {text.date(signed, weekday=True)}. {capital(starts)} {each}."
    out: list[tenderpack.Block] = [Paragraph.of(said)]
    if t.mobilisation:
        between = "the two dates" if len(days) == 1 else "signing and the start of your lot's contract"
        out.append(Paragraph.of(f"{you}, you get ready between {between} (mobilisation): {full_stop(t.mobilisation)}"))
    return out


def tupe_facts(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """The TUPE figures the buyer gives (commercial.transferring_staff: staff, cost, pensions), each only when given."""
    tupe = spec.commercial.transferring_staff
    if tupe is None or not spec.commercial.tupe:
        return []
    said: list[str] = []
    fte = text.number(tupe.full_time_equivalent) if tupe.full_time_equivalent is not None else None
    if tupe.staff is not None:
        said.append(f"{text.plural(tupe.staff, 'person', 'people')} may transfer"
                    + (f" ({fte} full-time equivalent{'' if fte == '1' else 's'})." if fte else "."))
    elif fte:
        said.append(f"The staff who may transfer make up {fte} full-time equivalent{'' if fte == '1' else 's'}.")
    if tupe.annual_cost is not None:
        said.append(f"Their pay, with the employer's National Insurance and pension contributions, costs "
                    f"{text.money(tupe.annual_cost)} a year in total.")
    out: list[tenderpack.Block] = [Paragraph.of(" ".join(said))] if said else []
    if tupe.pensions:
        out.append(Paragraph([Run("Pensions: "), *markdown.inline(full_stop(" ".join(tupe.pensions.split())))]))
    return out
