"""The parts of the draft contract drawn from the spec: the opening note, signatures, schedules.

The schedules keep fixed numbers (1 Specification, 2 Charges, 3 KPIs, 4 Social value,
5 Data processing) so that clauses can name them; a schedule with nothing to hold says so.
"""

from __future__ import annotations

from decimal import Decimal

import tenderpack
from tenderpack import KeyFacts, ListBlock, Paragraph, Run, Section, Table, markdown, text

KPI_LAW_THRESHOLD = Decimal("5000000")   # Procurement Act 2023, s.52: at least three KPIs above £5m

LAW_NAMES = {
    "england_and_wales": "The law of England and Wales",
    "scotland": "Scots law",
    "northern_ireland": "The law of Northern Ireland",
}


def sections(spec: tenderpack.Spec, clauses) -> list[Section]:
    return [
        about(spec, clauses),
        signatures(spec),
        specification(spec),
        charges(spec, clauses),
        kpis(spec),
        social_value(spec),
        data_processing(spec),
    ]


def _value_for_law(spec: tenderpack.Spec) -> Decimal:
    """The estimated value compared with the £5 million in s.52 (VAT included when given)."""
    return spec.value.estimated_including_vat or spec.value.estimated_excluding_vat


def _extensions(months: list[int]) -> str:
    if not months:
        return "None"
    if len(set(months)) == 1:
        count = {1: "One", 2: "Two", 3: "Three", 4: "Four"}.get(len(months), str(len(months)))
        each = text.months(months[0])
        return f"{count} optional extension{'s' if len(months) > 1 else ''} of {each}{' each' if len(months) > 1 else ''}"
    return "Optional extensions of " + text.join([text.months(m) for m in months])


# ---------------------------------------------------------------------------- before the clauses


def about(spec: tenderpack.Spec, clauses) -> Section:
    t = spec.timetable
    buyers = [a.name for a in spec.authorities]
    facts = [
        ("Contract", f"{spec.title} ({spec.reference})"),
        ("Buyer" if len(buyers) == 1 else "Buyers", text.join(buyers)),
        ("Supplier", "The winning bidder, named when the contract is signed"),
        ("Starts", text.date(t.contract_start)),
        ("First term ends", text.date(t.contract_end)),
        ("Extensions", _extensions(list(t.extensions))),
        ("Estimated value", f"{text.money(spec.value.estimated_excluding_vat)}, excluding VAT, over the whole term"),
        ("Payment", f"Within {spec.commercial.payment_days} days of a valid invoice"),
        ("Law", LAW_NAMES[spec.commercial.governing_law]),
    ]
    blocks: list = [
        Paragraph.of("This is the contract we will sign with the winning supplier. We publish it with the tender "
                     "so that you know our terms before you bid."),
        KeyFacts.of(facts, title="This contract at a glance"),
        Paragraph.of("When we sign, we will add your name, the prices from your tender and any commitments you "
                     "made in it. We will not change the terms in other ways without telling every bidder."),
        Paragraph.of("If a term would stop you bidding or add to your price, tell us through the portal by ",
                     text.datetime(t.clarification_deadline), "."),
    ]
    if spec.buyer.participants and spec.buyer.joint_arrangement:
        blocks.append(tenderpack.Heading("Buying together", level=2))
        blocks.extend(markdown.parse(spec.buyer.joint_arrangement))
    if clauses:
        blocks.append(Paragraph.of(f"The contract has {len(clauses)} clauses and five schedules. We wrote it in "
                                   "plain English: \u201cwe\u201d means the buyer and \u201cyou\u201d means the supplier."))
    return Section("About this draft contract", blocks, order=10, key="contract:about")


def signatures(spec: tenderpack.Spec) -> Section:
    rows = [[a.name, a.signatory or "Authorised signatory", "", ""] for a in spec.authorities]
    rows.append(["The supplier", "Authorised signatory", "", ""])
    intro = ("Each council signs its own copy of this contract with you."
             if spec.buyer.participants else "The contract starts when both parties have signed it.")
    return Section("Signatures", [
        Paragraph.of(intro),
        Table.of(["Party", "Signed by (role)", "Signature", "Date"], rows, widths=[3, 3, 2, 1.5]),
    ], order=850, key="contract:signatures", page_break_before=True)


# ---------------------------------------------------------------------------- the schedules


def specification(spec: tenderpack.Spec) -> Section:
    blocks: list = [Paragraph.of("This schedule describes the services. The outcome specification we published "
                                 "with the tender, and your tender as we accept it, also form part of it.")]
    blocks.append(tenderpack.Heading("What we are buying", level=2))
    blocks.extend(markdown.parse(spec.summary))
    problem = spec.problem
    if problem and problem.in_scope:
        blocks.append(tenderpack.Heading("What the contract covers", level=2))
        blocks.append(ListBlock.of(*problem.in_scope))
    if problem and problem.out_of_scope:
        blocks.append(tenderpack.Heading("What it does not cover", level=2))
        blocks.append(ListBlock.of(*problem.out_of_scope))
    if spec.lots.items:
        blocks.append(tenderpack.Heading("Lots", level=2))
        blocks.append(Table.of(["Lot", "What it covers", "Estimated value"],
                               [[str(lot.number), lot.title, text.money(lot.value) if lot.value is not None else "—"]
                                for lot in spec.lots.items], widths=[1, 5, 2]))
        blocks.append(Paragraph.of("Your contract covers the lots you win."))
    if spec.outcomes:
        blocks.append(tenderpack.Heading("The outcomes", level=2))
        blocks.append(Table.of(["Outcome", "What we want to see", "Priority"],
                               [[o.id, o.statement, o.priority.capitalize()] for o in spec.outcomes],
                               widths=[1, 6, 1.5]))
    if spec.requirements:
        blocks.append(tenderpack.Heading("Fixed requirements", level=2))
        blocks.append(ListBlock.of(*spec.requirements))
    return Section("Schedule 1: Specification", blocks, order=900, key="schedule:specification",
                   page_break_before=True)


def _outcome_payment(o) -> str:
    p = o.payment
    kind = p.type.value if hasattr(p.type, "value") else str(p.type)
    if kind == "fee_at_risk":
        words = f"{text.percent(p.percent_at_risk)} of the fee depends on it"
    elif kind == "price_per_outcome":
        unit = getattr(p, "unit", None)
        words = f"{text.money(p.amount)} for each {unit}" if unit else f"{text.money(p.amount)} for each result"
    elif kind == "bonus":
        words = f"A bonus of {text.money(p.amount)}"
    else:
        return ""
    if p.cap is not None:
        words += f", up to {text.money(p.cap)} in all"
    if p.timing:
        words += f"; paid {p.timing}"
    return words


def charges(spec: tenderpack.Spec, clauses=()) -> Section:
    c = spec.commercial
    facts = [("How prices are set", c.price_basis or "The prices in your tender"),
             ("Price changes", c.indexation or "Prices stay fixed for the whole term"),
             ("When we pay", f"Within {c.payment_days} days of receiving a valid invoice")]
    if spec.value.budget_ceiling is not None:
        facts.append(("Budget ceiling", f"{text.money(spec.value.budget_ceiling)}, excluding VAT"))
    blocks: list = [Paragraph.of("All amounts exclude VAT. We add VAT at the rate in force when you invoice, where "
                                 "it applies."),
                    KeyFacts.of(facts, title="How we pay")]
    items = getattr(getattr(spec, "pricing", None), "items", None) or []
    blocks.append(tenderpack.Heading("Your prices", level=2))
    if items:
        lots = bool(spec.lots.items)
        header = (["Lot"] if lots else []) + ["Item", "Unit", "Price per unit"]
        rows = [([str(i.lot) if i.lot else "All"] if lots else []) + [i.item, i.unit, "From your tender"]
                for i in items]
        blocks.append(Table.of(header, rows, widths=([1] if lots else []) + [5, 1.5, 2]))
        blocks.append(Paragraph.of("We pay for what we order at these prices. The quantities in the pricing "
                                   "schedule were estimates for comparing tenders, not a promise to buy."))
    else:
        blocks.append(Paragraph.of("We will copy your prices for each contract year here from your tender."))
    paid = [o for o in spec.outcomes if _outcome_payment(o)]
    if paid:
        blocks.append(tenderpack.Heading("Payment for outcomes", level=2))
        blocks.append(Table.of(["Outcome", "How payment is linked"],
                               [[f"{o.id}: {o.statement}", _outcome_payment(o)] for o in paid], widths=[4, 4]))
    phases = spec.procedure.innovation_phases
    if phases:
        blocks.append(tenderpack.Heading("Research and development phases", level=2))
        rows = []
        for ph in phases:
            rows.append([ph.name, text.months(ph.duration_months), text.money(ph.budget),
                         text.money(ph.seed_funding) if ph.seed_funding is not None else "Paid through the charges"])
        blocks.append(Table.of(["Phase", "Length", "Budget", "Paid to each supplier"], rows, widths=[4, 1.5, 1.5, 2]))
        phases_clause = next((c for c in clauses if c.id == "core:innovation-phases" and c.number), None)
        where = f"Clause {phases_clause.number}" if phases_clause else "The clause on research and development phases"
        blocks.append(Paragraph.of(f"{where} says when we pay seed funding."))
    return Section("Schedule 2: Charges", blocks, order=910, key="schedule:charges", page_break_before=True)


def _targets(o) -> str:
    return text.join([f"{t.value} by {text.date(t.by)}" for t in o.targets])


def _baseline(o) -> str:
    b = o.baseline
    if not b.value:
        return "Set in year 1"
    return f"{b.value} ({text.date(b.date)})" if b.date else b.value


def kpis(spec: tenderpack.Spec) -> Section:
    chosen = [o for o in spec.outcomes if o.kpi]
    blocks: list = []
    if chosen:
        blocks.append(Paragraph.of("We measure your performance against these KPIs. We review them with you at "
                                   "each contract review meeting."))
        rows = [[o.id, o.indicator.name, _baseline(o), _targets(o), (o.frequency or "quarterly").capitalize()] for o in chosen]
        blocks.append(Table.of(["KPI", "What we measure", "Baseline", "Target", "How often"], rows,
                               widths=[0.8, 4, 1.6, 2.2, 1.2]))
        for o in chosen:
            if o.data_source or o.verified_by:
                parts = [Run(f"{o.id}: ", bold=True)]
                if o.data_source:
                    parts.append(Run(f"data from {o.data_source}. "))
                if o.verified_by:
                    parts.append(Run(f"Checked by: {o.verified_by}."))
                blocks.append(Paragraph(parts))
    else:
        blocks.append(Paragraph.of("We will agree the KPIs with you before the contract starts, drawn from the "
                                   "specification and your tender."))
    if _value_for_law(spec) > KPI_LAW_THRESHOLD:
        blocks.append(Paragraph.of("This contract is worth more than £5 million, so section 52 of the Procurement "
                                   "Act 2023 applies: it has at least three KPIs, we publish them, and we publish "
                                   "how you performed against them at least once a year."))
    return Section("Schedule 3: KPIs", blocks, order=920, key="schedule:kpis", page_break_before=True)


def social_value(spec: tenderpack.Spec) -> Section:
    sv = spec.social_value
    if sv is None:
        blocks = [Paragraph.of("This contract has no social value commitments.")]
    else:
        blocks = [Paragraph.of("When we sign the contract, we will copy the commitments from your social value "
                               "answer into the table below. Each commitment becomes a KPI."),
                  Table.of(["Outcome in the model", "Your commitment", "Measure", "Target"],
                           [[o.id, "From your tender", "Agreed with you", "From your tender"] for o in sv.outcomes]
                           or [["—", "From your tender", "Agreed with you", "From your tender"]],
                           widths=[1.5, 4, 2, 2]),
                  Paragraph.of(f"Model used: {sv.model}. You report progress "
                               f"{getattr(sv, 'reporting', 'quarterly').replace('-', ' ')}, with evidence.")]
    return Section("Schedule 4: Social value", blocks, order=930, key="schedule:social-value",
                   page_break_before=True)


def data_processing(spec: tenderpack.Spec) -> Section:
    t = spec.timetable
    end = text.date(t.contract_end)
    controller = text.join([a.name for a in spec.authorities])
    rows = [
        ["Who controls the data", f"{controller}. You process personal data only for us, as our processor."],
        ["What the processing is for", f"To provide the services under this contract ({spec.title})."],
        ["How long it lasts", f"From {text.date(t.contract_start)} to {end}, and any extension, then until you "
                              "have returned or deleted the data."],
        ["What the processing is", "Collecting, recording, storing, using, sharing with us, and deleting."],
        ["Whose data", "People who use or contact the services, and the staff of either party where the "
                       "services need it."],
        ["What kinds of data", "Names, contact details and records of the services. Special category data, such "
                               "as health data, only where the service needs it."],
        ["Where the data is kept", "In the UK, unless we agree otherwise in writing."],
        ["When it is deleted", "At the end of the contract, unless the law says it must be kept."],
    ]
    return Section("Schedule 5: Data processing", [
        Paragraph.of("This schedule sets out the processing you do for us under the data protection clause. We will "
                     "check it with you before the contract starts and update it if the services change."),
        Table.of(["Item", "Details"], rows, widths=[2, 5]),
    ], order=940, key="schedule:data-processing", page_break_before=True)
