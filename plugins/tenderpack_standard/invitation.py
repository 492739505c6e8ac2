"""The invitation to tender: what we are buying, how the procedure works and how to bid."""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, KeyFacts, ListBlock, Paragraph, Run, Section, Table, text

from . import timetable
from .scoring import price_criterion
from .words import (STAGE_SENDS, STAGE_TEXT, bullets, run_list, buyers_text, contact_runs, contract_term, count_word,
                    criterion_type, full_stop, extensions_text, is_joint, link, lots_text, md, phase_dates,
                    procedure_name, stage_dates, stage_deadline, value_text, we_and_you, weight_summary,
                    weight_text, weights_used, budget_sentence)

INSURANCE_WHEN = {"award": "When we award the contract", "contract_start": "Before the contract starts"}


def sections(spec: tenderpack.Spec) -> list[Section]:
    return [
        about(spec),
        what_we_are_buying(spec),
        who_is_buying(spec),
        procedure(spec),
        dates(spec),
        questions(spec),
        how_to_bid(spec),
        evaluation(spec),
        conditions(spec),
        contract_and_payment(spec),
    ]


# --------------------------------------------------------------------------- 10 about


def key_facts(spec: tenderpack.Spec) -> KeyFacts:
    t = spec.timetable
    portal = spec.submission.portal
    value = value_text(spec)
    if spec.value.budget_ceiling is not None and spec.value.budget_published:
        value += f". Budget: {text.money(spec.value.budget_ceiling)} excluding VAT"
    facts: list[tuple[str, str | list[Run]]] = [
        ("Reference", spec.reference),
        ("What we are buying", spec.title),
        ("Buyer" if not is_joint(spec) else "Buyers", buyers_text(spec)),
        ("Estimated value", value),
        ("Lots", lots_text(spec)),
        ("Procedure", procedure_name(spec)[0].upper() + procedure_name(spec)[1:]),
        ("Questions by", text.datetime(t.clarification_deadline)),
        ("Tender deadline", text.datetime(t.tender_deadline)),
        ("Contract", f"{text.date(t.contract_start)} to {text.date(t.contract_end)}"
                     + (", with options to extend" if t.extensions else "")),
        ("Payment", f"Within {spec.commercial.payment_days} days of a valid invoice"),
        ("Where to bid", [link(portal.name, portal.url)]),
    ]
    return KeyFacts.of(facts, title="Summary")


def about(spec: tenderpack.Spec) -> Section:
    blocks = [
        key_facts(spec),
        Paragraph.of("This invitation tells you what we are buying, how the procedure works and how to send a tender."),
        we_and_you(spec),
        Paragraph.of("Please read all the documents in the pack before you bid."),
    ]
    return Section("About this tender", blocks, order=10, key="itt:about")


# --------------------------------------------------------------------------- 20 what


def what_we_are_buying(spec: tenderpack.Spec) -> Section:
    blocks = [*md(spec.summary)]
    cpv = spec.cpv
    codes = f"The main Common Procurement Vocabulary (CPV) code is {cpv[0]}."
    if len(cpv) > 1:
        codes += f" Other codes: {text.join(cpv[1:])}."
    blocks.append(Paragraph.of(f"This is a {spec.category} contract. {codes}"))
    blocks.append(Heading("Value and budget", level=2))
    value = f"We estimate the contract is worth {text.money(spec.value.estimated_excluding_vat)} excluding VAT"
    if spec.value.estimated_including_vat is not None:
        value += f" ({text.money(spec.value.estimated_including_vat)} including VAT)"
    blocks.append(Paragraph.of(value + ". This covers the whole term, including any extensions."))
    if spec.value.annual_value is not None:
        blocks.append(Paragraph.of(f"That is about {text.money(spec.value.annual_value)} a year."))
    if budget := budget_sentence(spec):
        blocks.append(Paragraph.of(budget))
    blocks += lots(spec)
    if spec.requirements:
        blocks.append(Heading("What the work must include", level=2))
        blocks.append(Paragraph.of("We keep fixed requirements to a minimum. These are the ones you must meet:"))
        blocks.append(bullets(spec.requirements))
    return Section("What we are buying", blocks, order=20, key="itt:what")


def lots(spec: tenderpack.Spec) -> list:
    items = spec.lots.items
    if not items:
        blocks = [Heading("Lots", level=2),
                  Paragraph.of("We are not dividing the contract into lots.")]
        if spec.lots.reasons_not_divided:
            blocks += md(spec.lots.reasons_not_divided)
        return blocks
    blocks = [Heading("Lots", level=2),
              Paragraph.of(f"The contract is divided into {count_word(len(items))} lots. "
                           "You can bid for one lot or more.")]
    rows = []
    for lot in items:
        value = text.money(lot.value) if lot.value is not None else "Not given"
        rows.append([str(lot.number), lot.title, value])
    blocks.append(Table.of(["Lot", "Title", "Estimated value (excluding VAT)"], rows, caption="Lots", widths=[1, 4, 2]))
    for lot in items:
        if lot.description:
            blocks.append(Heading(f"Lot {lot.number}: {lot.title}", level=3))
            blocks += md(lot.description)
    if spec.lots.max_per_supplier:
        n = spec.lots.max_per_supplier
        blocks.append(Paragraph.of(f"One supplier can win at most {count_word(n)} lot{'s' if n > 1 else ''}."))
        blocks += md(spec.lots.allocation_method)
    return blocks


# --------------------------------------------------------------------------- 30 who


def who_is_buying(spec: tenderpack.Spec) -> Section:
    lead = spec.buyer.lead
    if not is_joint(spec):
        blocks = [Paragraph.of(f"{lead.name} is buying on its own.")]
        if lead.signatory:
            blocks.append(Paragraph.of(f"The {lead.signatory} signs the contract for {lead.name}."))
        if lead.address:
            blocks.append(Paragraph.of(f"Address: {full_stop(lead.address)}"))
        return Section("Who is buying", blocks, order=30, key="itt:who")
    others = [a.name for a in spec.buyer.participants]
    blocks = [
        Paragraph.of(f"This is a joint procurement. {lead.name} runs it, for itself and for {text.join(others)}."),
    ]
    rows = [[lead.name, "Lead authority: runs the procurement", lead.signatory or "Not yet decided"]]
    rows += [[a.name, "Participating authority", a.signatory or "Not yet decided"] for a in spec.buyer.participants]
    blocks.append(Table.of(["Authority", "Role", "Who signs the contract"], rows,
                           caption="The authorities buying together", widths=[3, 3, 3]))
    blocks.append(Paragraph.of("Ask every question through the lead authority. It speaks for all the authorities during the procurement."))
    if spec.buyer.joint_arrangement:
        blocks.append(Heading("How the authorities share the contract", level=2))
        blocks += md(spec.buyer.joint_arrangement)
    return Section("Who is buying", blocks, order=30, key="itt:who")


# --------------------------------------------------------------------------- 40 procedure


def procedure(spec: tenderpack.Spec) -> Section:
    p = spec.procedure
    kind = p.type.value
    blocks: list = []
    if kind == "open":
        blocks += [Paragraph.of("We are using the open procedure in the Procurement Act 2023."),
                   Paragraph.of("There is one stage. Any supplier can send a tender, and we choose the most advantageous one.")]
    elif kind == "below_threshold":
        blocks += [Paragraph.of("The contract is worth less than the threshold in the Procurement Act 2023."),
                   Paragraph.of("We are running an open competition in one stage. Any supplier can send a tender."),
                   Paragraph.of("There is no separate stage to check suppliers before they bid.")]
    else:
        blocks += [Paragraph.of("We are using the competitive flexible procedure in section 20 of the Procurement Act 2023."),
                   Paragraph.of(f"It has {count_word(len(p.stages))} stages, in this order:"),
                   ListBlock.of(*[f"{s.name} ({stage_dates(s)})" if stage_dates(s) else s.name for s in p.stages],
                                ordered=True)]
        for i, stage in enumerate(p.stages):
            blocks.append(Heading(stage.name, level=2))
            if dates_ := stage_dates(stage):
                blocks.append(Paragraph.of(f"Dates: {dates_}."))
            if (deadline := stage_deadline(spec, i)) is not None:
                blocks.append(Paragraph.of(f"Deadline: send {STAGE_SENDS[stage.type.value]} by {text.datetime(deadline)}."))
            blocks += md(stage.description) or [Paragraph.of(STAGE_TEXT[stage.type.value])]
            if stage.shortlist_size:
                blocks.append(Paragraph.of(
                    f"We will take up to {stage.shortlist_size} bidders through to the next stage."))
            if stage.shortlist_criteria:
                blocks.append(Paragraph.of("We choose who goes through using these criteria:"))
                blocks.append(bullets(stage.shortlist_criteria))
    if p.reasons:
        blocks.append(Heading("Why we chose this procedure", level=2))
        blocks += md(p.reasons)
    if p.innovation_phases:
        blocks += phases(spec)
    return Section("How the procedure works", blocks, order=40, key="itt:procedure")


def phases(spec: tenderpack.Spec) -> list:
    items = spec.procedure.innovation_phases
    total = sum(ph.budget for ph in items)
    blocks = [
        Heading("Research and development phases", level=2),
        Paragraph.of(f"The contract has {count_word(len(items))} phases, with a total budget of "
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
    return blocks


# --------------------------------------------------------------------------- 50 timetable


def dates(spec: tenderpack.Spec) -> Section:
    t = spec.timetable
    blocks = [
        Paragraph.of("These are the dates of this tender, in order. All times are UK time."),
        timetable.table(spec),
        Paragraph.of("Dates after the tender deadline are our plan. If they change, we will tell every bidder."),
        Paragraph.of(contract_term(spec)),
    ]
    if ext := extensions_text(t.extensions):
        blocks.append(Paragraph.of(ext))
    return Section("Timetable", blocks, order=50, key="itt:timetable")


# --------------------------------------------------------------------------- 60 questions


def questions(spec: tenderpack.Spec) -> Section:
    portal = spec.submission.portal
    deadline = text.datetime(spec.timetable.clarification_deadline)
    blocks = [
        Paragraph([Run("Ask your questions through "), link(portal.name, portal.url),
                   Run(f". The last time to ask is {deadline}.")]),
        Paragraph.of("If you cannot use the portal, contact:"),
        run_list([contact_runs(c) for c in spec.contacts]),
        Paragraph.of("We share every question and our answer with all bidders. We do not say who asked."),
        Paragraph.of("If you think your question is commercially sensitive, tell us when you ask it. "
                     "If we agree, we answer only you. If we do not, you can withdraw the question."),
        Paragraph.of("Do not contact anyone else at the "
                     f"{'authorities' if is_joint(spec) else 'authority'} about this tender while it is running."),
    ]
    return Section("Questions", blocks, order=60, key="itt:questions")


# --------------------------------------------------------------------------- 70 how to bid


def how_to_bid(spec: tenderpack.Spec) -> Section:
    s = spec.submission
    blocks = [
        Paragraph([Run("Send your tender through "), link(s.portal.name, s.portal.url),
                   Run(f" by {text.datetime(spec.timetable.tender_deadline)}.")]),
        Paragraph.of("We cannot accept a late tender, or one sent any other way."),
        Paragraph.of(f"Format: {full_stop(s.format)} Write your tender in {s.language}."),
    ]
    if s.documents:
        blocks.append(Heading("What to send", level=2))
        if spec.procedure.stages:
            blocks.append(Paragraph.of("Send these documents at the stage shown. We will remind you what each stage needs."))
        else:
            blocks.append(Paragraph.of("Send these documents, in this order:"))
        blocks.append(bullets(s.documents, ordered=True))
    blocks.append(Heading("Your prices", level=2))
    blocks.append(Paragraph.of("Give your prices in the pricing schedule, the spreadsheet in this pack. "
                               "Type them in the yellow cells: the sheet works out the totals."))
    blocks.append(Paragraph.of("Prices are in pounds and exclude VAT."))
    blocks.append(Heading("How long your tender must stay open", level=2))
    blocks.append(Paragraph.of(f"Your tender must stay open for {s.validity_days} days after the tender deadline. "
                               "We can accept it at any time in that period."))
    return Section("How to bid", blocks, order=70, key="itt:how-to-bid")


# --------------------------------------------------------------------------- 80 evaluation


def evaluation(spec: tenderpack.Spec) -> Section:
    award = spec.award
    blocks = [Paragraph.of("We award the contract to the most advantageous tender, as section 19 of the "
                           "Procurement Act 2023 requires.")]
    if spec.lots.items:
        blocks.append(Paragraph.of("We evaluate each lot on its own."))
    header = ["Criterion", "Type", "Weight" if weights_used(spec) else "Weight or rank"]
    rows = [[f"{c.id}: {c.name}", criterion_type(c), weight_text(c)] for c in award.criteria]
    if weights_used(spec):
        rows.append(["Total", "", text.percent(sum(c.weight for c in award.criteria))])
    blocks.append(Table.of(header, rows, caption="Award criteria", widths=[4, 2, 1]))
    if summary := weight_summary(spec):
        blocks.append(Paragraph.of(summary))
    minimums = [c for c in award.criteria if c.minimum_score is not None]
    if minimums:
        blocks.append(Paragraph.of("Some questions have a minimum score. A score below it on any of them means we reject the tender."))
    if price_criterion(spec) is not None:
        blocks.append(Paragraph.of("The lowest price gets full marks for price. Other prices score in proportion."))
    blocks.append(Paragraph.of("The “Evaluation and award methodology” explains every question, the scoring scale "
                               "and the price formula, with worked examples."))
    return Section("How we evaluate tenders", blocks, order=80, key="itt:evaluation")


# --------------------------------------------------------------------------- 90 conditions


def conditions(spec: tenderpack.Spec) -> Section:
    c = spec.conditions
    blocks = [Paragraph.of("These are the conditions of participation. We only ask for what shows you can do the work. "
                           "Every condition is about your legal and financial capacity or your technical ability.")]
    for title, items in (("Legal", c.legal), ("Financial", c.financial), ("Technical ability", c.technical)):
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
    blocks.append(Heading("Insurance", level=2))
    if c.insurance:
        blocks.append(Paragraph.of("You do not need this insurance to bid. The winning supplier must show it has this cover:"))
        rows = [[i.type, f"{text.money(i.amount)} for each claim", INSURANCE_WHEN[i.when]] for i in c.insurance]
        blocks.append(Table.of(["Insurance", "Cover", "When we ask for evidence"], rows,
                               caption="Insurance", widths=[3, 3, 3]))
    else:
        blocks.append(Paragraph.of("We do not ask for any particular insurance."))
    return Section("Conditions of participation", blocks, order=90, key="itt:conditions")


# --------------------------------------------------------------------------- 100 contract


LAW = {"england_and_wales": "England and Wales", "scotland": "Scotland", "northern_ireland": "Northern Ireland"}


def contract_and_payment(spec: tenderpack.Spec) -> Section:
    c = spec.commercial
    blocks = [Paragraph.of(f"The contract is the {c.contract_form}. The law of {LAW[c.governing_law]} governs it.")]
    if c.price_basis:
        blocks.append(Paragraph.of(f"How we pay: {full_stop(c.price_basis)}"))
    if c.indexation:
        blocks.append(Paragraph.of(f"Price changes: {full_stop(c.indexation)}"))
    blocks.append(Heading("Paying you on time", level=2))
    blocks.append(Paragraph.of(f"We pay every valid invoice within {c.payment_days} days."))
    blocks.append(Paragraph.of("You must pay your own subcontractors within 30 days of a valid invoice too."))
    if c.tupe:
        blocks.append(Heading("Staff who may transfer (TUPE)", level=2))
        blocks.append(Paragraph.of("Staff may transfer to the new supplier under the Transfer of Undertakings "
                                   "(Protection of Employment) Regulations 2006, known as TUPE."))
        blocks.append(Paragraph.of("We will share anonymous information about these staff during the procedure."))
    return Section("Contract and payment", blocks, order=100, key="itt:contract")
