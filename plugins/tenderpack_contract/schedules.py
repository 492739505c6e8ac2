"""The parts of the draft contract drawn from the spec: the opening note, signatures, schedules.

The schedules keep fixed numbers (1 Specification, 2 Charges, 3 KPIs, 4 Social value,
5 Data processing) so that clauses can name them; a schedule with nothing to hold is
"Not used" and says nothing more. Every sentence rests on a fact of the spec: no outcomes,
no word about outcomes; no KPIs, no KPI text; no phases, no phase text. Whether the KPI
duties of the Act apply comes from ``tenderpack.law``, for each contract's own value.
"""

from __future__ import annotations

import tenderpack
from tenderpack import KeyFacts, ListBlock, Paragraph, Run, Section, Table, markdown, text

from tenderpack import payments

REPORTING = {"monthly": "every month", "quarterly": "every quarter", "six-monthly": "every six months",
             "yearly": "every year"}

LAW_NAMES = {
    "england_and_wales": "The law of England and Wales",
    "scotland": "Scots law",
    "northern_ireland": "The law of Northern Ireland",
}


def sections(spec: tenderpack.Spec, clauses) -> list[Section]:
    return [
        about(spec, clauses),
        signatures(spec),
        specification(spec, clauses),
        charges(spec, clauses),
        kpis(spec, clauses),
        social_value(spec, clauses),
        data_processing(spec),
    ]


def separate_contracts(spec: tenderpack.Spec) -> bool:
    """Whether each authority of a joint procurement signs its own contract."""
    return bool(spec.buyer.participants) and spec.buyer.contracts == "each_authority"


def not_used(number: int, key: str, order: int) -> Section:
    """A schedule with nothing to hold: it keeps its number, and says nothing else."""
    return Section(f"Schedule {number}: Not used", [Paragraph.of("This schedule is not used in this contract.")],
                   order=order, key=key, page_break_before=True)


def _extensions(months: list[int]) -> str:
    if not months:
        return "None"
    if len(set(months)) == 1:
        count = {1: "One", 2: "Two", 3: "Three", 4: "Four"}.get(len(months), str(len(months)))
        each = text.months(months[0])
        return f"{count} optional extension{'s' if len(months) > 1 else ''} of {each}{' each' if len(months) > 1 else ''}"
    return "Optional extensions of " + text.join([text.months(m) for m in months])


# ---------------------------------------------------------------------------- before the clauses


def _value_fact(spec: tenderpack.Spec) -> tuple[str, str]:
    whole = "the whole term" if text.one_term(spec) is not None else "each lot's whole term"   # lots' own terms
    value = f"{text.money(spec.value.estimated_excluding_vat)}, excluding VAT, over {whole}"
    parts = (["every lot"] if spec.lots.items else []) + (["every authority"] if separate_contracts(spec) else [])
    if parts:
        return "Estimated value of the procurement", f"{value}, for {text.join(parts)} together"
    return "Estimated value", value


def _who_signs(spec: tenderpack.Spec) -> list[tuple[str, str]]:
    if not spec.buyer.participants:
        return []
    if separate_contracts(spec):
        return [("Contracts", "Each authority signs its own contract with the supplier, on these terms")]
    return [("Contracts", "One contract, signed by every authority and the supplier")]


def _we(spec: tenderpack.Spec) -> str:
    if separate_contracts(spec):
        return "the authority named on the signature page"
    if spec.buyer.participants:
        return "the authorities that sign it"
    return "the buyer"


def _questions_by(spec: tenderpack.Spec) -> list:
    """When to raise a term that would stop a bid. The dates themselves are the invitation's
    timetable's: said once, so a moved deadline changes the timetable, not the contract."""
    lead = "If a term would stop you bidding or add to your price, tell us through the portal"
    if spec.procedure.stages:
        return [Paragraph.of(f"{lead}, by the last time for questions in the stage you are at. The timetable in the "
                             "Invitation to tender gives that time for each stage.")]
    return [Paragraph.of(f"{lead}, by the last time for questions. The timetable in the Invitation to tender "
                         "gives that time.")]


CALL_OFF_BUYER = "the body that awards the call-off contract"


def _written_in(spec: tenderpack.Spec) -> str:
    """' It also writes in your prices, from your tender or from your bid in the call-off competition, and the social
    value commitments from your tender.': only what the spec has."""
    commitments = spec.social_value is not None
    framework = spec.framework
    assert framework is not None   # only a framework's template says this
    if framework.call_off.competition is None:
        return (f" It also writes in your prices{' and social value commitments' if commitments else ''} from your "
                "tender.")
    return (f" It also writes in your prices, {text.call_off_prices(spec)}"
            + (", and the social value commitments from your tender." if commitments else "."))


def call_off_about(spec: tenderpack.Spec, clauses) -> Section:
    """For a framework: this document is the template for each call-off contract, filled in at each call-off."""
    t = spec.timetable
    ways = text.join(text.call_off_methods(spec), last="or")
    facts = [
        ("Framework", f"{spec.title} ({spec.reference})"),
        ("Buyer", f"{CALL_OFF_BUYER.capitalize()}: a body that may use the framework"),
        ("Supplier", "The supplier on the framework that is awarded the call-off contract"),
        ("Framework runs", f"{text.date(t.contract_start)} to {text.date(t.contract_end)}"),
        ("Call-off contracts awarded", ways[:1].upper() + ways[1:]),
        ("Estimated value of the framework", f"{text.money(spec.value.estimated_excluding_vat)}, excluding VAT: what "
                                             "all its call-off contracts may add up to"),
        ("Payment", f"Within {spec.commercial.payment_days} days of a valid invoice"),
        ("Law", LAW_NAMES[spec.commercial.governing_law]),
    ]
    blocks: list = [
        Paragraph.of("This is the template for each call-off contract awarded under the framework. We publish it "
                     "with the tender so that you know the terms before you bid."),
        KeyFacts.of(facts, title="This template at a glance"),
        Paragraph.of("When a body awards a call-off contract, it fills in this template. In the “Call-off details” "
                     "it writes its own name, your name, the work it orders and the call-off contract's own dates."
                     + _written_in(spec)),
        Paragraph.of("For the buyer, the supplier, the work ordered and the call-off contract's own dates, the "
                     "clauses point to the “Call-off details”."),
        Paragraph.of(f"Before {text.final_deadline_name(spec)} we will tell every bidder of any change to these terms."),
        *_questions_by(spec),
    ]
    if clauses:
        blocks.append(Paragraph.of(f"The template has {len(clauses)} clauses, followed by its schedules. We wrote it "
                                   f"in plain English. In its clauses and schedules, \u201cwe\u201d means "
                                   f"{CALL_OFF_BUYER} and \u201cyou\u201d means the supplier."))
    return Section("About this template", blocks, order=10, key="contract:about")


def _end(term: text.Term) -> str:
    """A lot's last day: of its first term, or of its whole term when it cannot be extended."""
    if term.extensions:
        return f"{text.date(term.end)}, before any extension"
    return f"{text.date(term.end)} (it cannot be extended)"


def _term_facts(spec: tenderpack.Spec) -> list[tuple[str, str]]:
    """When the contract starts, when its first term ends and its extensions; when the lots' terms differ, each
    lot's, in the same three rows ('Lot 1: 1 October 2027. Lot 2: 1 April 2028.')."""
    term = text.one_term(spec)
    if term is not None:
        return [("Starts", text.date(term.start)), ("First term ends" if term.extensions else "Ends", text.date(term.end)),
                ("Extensions", _extensions(list(term.extensions)))]
    groups = text.terms(spec)

    def each(words) -> str:
        return " ".join(f"{payments.lot_names(sorted(numbers)).capitalize()}: {words(x)}." for x, numbers in groups)

    return [("Starts", each(lambda x: text.date(x.start))), ("Ends", each(_end)),
            ("Extensions", each(lambda x: _extensions(list(x.extensions))))]


def about(spec: tenderpack.Spec, clauses) -> Section:
    if text.is_framework(spec):
        return call_off_about(spec, clauses)
    buyers = [a.name for a in spec.authorities]
    facts = [
        ("Contract", f"{spec.title} ({spec.reference})"),
        ("Buyer" if len(buyers) == 1 else "Buyers", text.join(buyers)),
        *_who_signs(spec),
        ("Supplier", "The winning bidder, named when the contract is signed"),
        *_term_facts(spec),
        _value_fact(spec),
        ("Payment", f"Within {spec.commercial.payment_days} days of a valid invoice"),
        ("Law", LAW_NAMES[spec.commercial.governing_law]),
    ]
    blocks: list = [
        Paragraph.of("This is the contract we will sign with the winning supplier. We publish it with the tender "
                     "so that you know our terms before you bid."),
        KeyFacts.of(facts, title="This contract at a glance"),
        Paragraph.of(f"When we sign, we will add your name, {'the lot the contract is for, ' if spec.lots.items else ''}"
                     "the prices from your tender and any commitments you "
                     f"made in it. Before {text.final_deadline_name(spec)} we will tell every bidder of any change "
                     "to these terms."),
        *_questions_by(spec),
    ]
    if spec.buyer.participants:
        blocks.append(tenderpack.Heading("Buying together", level=2))
        blocks.extend(Paragraph.of(x) for x in text.joint_buyers(spec))
        if spec.buyer.joint_arrangement:
            blocks.extend(markdown.parse(spec.buyer.joint_arrangement))
    if clauses:
        blocks.append(Paragraph.of(f"The contract has {len(clauses)} clauses, followed by its schedules. We wrote it in "
                                   f"plain English: \u201cwe\u201d means {_we(spec)} and \u201cyou\u201d means the supplier."))
    return Section("About this draft contract", blocks, order=10, key="contract:about")


SIGNATURE_HEADER = ["Party", "Signed by (role)", "Signature", "Date"]
SIGNATURE_WIDTHS = [3, 3, 2, 1.5]
SERVICES_START = "The Services start on the Start Date."


def _signature_rows(authorities) -> list[list[str]]:
    rows = [[a.name, a.signatory or "Authorised signatory", "", ""] for a in authorities]
    rows.append(["The supplier", "Authorised signatory", "", ""])
    return rows


def signatures(spec: tenderpack.Spec) -> Section:
    """The signature page: one for the one contract, or one for each authority's own contract; for a
    framework, the call-off contract's, signed by the body that awards it."""
    if text.is_framework(spec):
        return Section("Signatures", [
            Paragraph.of(f"The call-off contract takes effect when the parties have signed it. {SERVICES_START}"),
            Table.of(SIGNATURE_HEADER, [[CALL_OFF_BUYER.capitalize(), "Authorised signatory", "", ""],
                                        ["The supplier", "Authorised signatory", "", ""]], widths=SIGNATURE_WIDTHS),
        ], order=850, key="contract:signatures", page_break_before=True)
    if not separate_contracts(spec):
        if spec.buyer.participants:
            intro = ["Every authority named below and you sign this one contract.",
                     f"The contract takes effect when all of you have signed it. {SERVICES_START}"]
        else:
            intro = [f"The contract takes effect when the parties have signed it. {SERVICES_START}"]
        return Section("Signatures", [
            *[Paragraph.of(x) for x in intro],
            *_lot_line(spec),
            Table.of(SIGNATURE_HEADER, _signature_rows(spec.authorities), widths=SIGNATURE_WIDTHS),
        ], order=850, key="contract:signatures", page_break_before=True)
    blocks: list = [
        Paragraph.of("Each authority signs its own contract with you, on these terms. Below is one signature page "
                     "for each authority."),
        Paragraph.of("Each authority's contract holds only its own signature page. It is a separate contract "
                     "between that authority and you."),
    ]
    for i, authority in enumerate(spec.authorities):
        if i:
            blocks.append(tenderpack.PageBreak())
        blocks += [
            tenderpack.Heading(f"Signature page: {authority.name}", level=2),
            Paragraph.of(f"This is {authority.name}'s own contract with the supplier."),
            Paragraph.of(f"It takes effect when {authority.name} and the supplier have both signed it. "
                         f"{SERVICES_START}"),
            *_lot_line(spec),
            Table.of(SIGNATURE_HEADER, _signature_rows([authority]), widths=SIGNATURE_WIDTHS),
        ]
    return Section("Signatures", blocks, order=850, key="contract:signatures", page_break_before=True)


def _lot_line(spec: tenderpack.Spec) -> list[Paragraph]:
    """Where the contract names its lot: each lot is a contract of its own, and the term clause gives each lot's
    dates. Nothing without lots."""
    if not spec.lots.items:
        return []
    return [Paragraph.of("This contract is for lot: ________ (we write in the lot when we sign).")]


# ---------------------------------------------------------------------------- the schedules


def _lot_label(spec: tenderpack.Spec, numbers) -> str:
    """'Lot 1', 'Every lot', or '' when the contract has no lots."""
    if not spec.lots.items:
        return ""
    return payments.lot_names(sorted(numbers)).capitalize() if numbers else "Every lot"


def _lot_note(spec: tenderpack.Spec, things: str, numbers_list: list) -> list[Paragraph]:
    """'The outcomes are part of lot 1 only: …' when everything named belongs to the same lots."""
    if not spec.lots.items or not numbers_list:
        return []
    named = {tuple(sorted(n)) for n in numbers_list}
    if named == {()}:
        return []
    if len(named) == 1:
        only = payments.lot_names(list(next(iter(named))))
        if text.is_framework(spec):   # a place on the lot is won now, the call-off contracts under it later
            return [Paragraph.of(f"The {things} are part of {only} only. They apply to you "
                                 f"{text.only_if_you_win_lots(spec, only)}.")]
        return [Paragraph.of(f"The {things} are part of {only} only. They are in your contract only if you win {only}.")]
    if text.is_framework(spec):
        return [Paragraph.of(f"Each of the {things} is part of the lots shown. It is in a call-off contract only if "
                             "the call-off contract is under one of those lots.")]
    return [Paragraph.of(f"Each of the {things} is part of the lots shown. It is in your contract only for those lots.")]


def clause_ref(clauses, name: str, title: str, start: bool = False) -> str:
    """'clause 6' for the clause whose id ends in ``name`` (a legal team's override too), or its title."""
    found = next((c for c in clauses if c.id.split(":")[-1] == name and c.number), None)
    ref = f"clause {found.number}" if found else f"the clause \u201c{title}\u201d"
    return ref[0].upper() + ref[1:] if start else ref


def call_off_specification(spec: tenderpack.Spec, clauses=()) -> list:
    """Schedule 1 of a call-off contract: the work ordered is in the call-off details; the framework's lots are only
    the work that may be ordered under each, without the framework's values (what all its call-offs may add up to)."""
    order = clause_ref(clauses, "contract-documents", "What makes up this contract", start=True)
    blocks: list = [
        Paragraph.of("This schedule sets out the requirements for the services. The call-off details describe the "
                     "work this call-off contract orders."),
        Paragraph.of(f"{order} lists the other documents that make up this contract, and says which one wins if two "
                     "of them disagree."),
        tenderpack.Heading("What may be ordered", level=2),
    ]
    if spec.lots.items:
        blocks.append(Table.of(["Lot", "The work that may be ordered under it"],
                               [[str(lot.number), lot.title] for lot in spec.lots.items], widths=[1, 6]))
        blocks.append(Paragraph.of("Each call-off contract is for work under one lot on which you have a place."))
    else:
        blocks.append(Paragraph.of(f"Each call-off contract orders work under the framework “{spec.title}” "
                                   f"({spec.reference})."))
    return blocks


def specification(spec: tenderpack.Spec, clauses=()) -> Section:
    if text.is_framework(spec):
        return Section("Schedule 1: Specification",
                       call_off_specification(spec, clauses) + _specification_rest(spec, framework=True), order=900,
                       key="schedule:specification", page_break_before=True)
    # The tender stays last in the order of precedence of the contract's documents: say so, never lift it.
    documents = ("The tender documents, including the outcome specification, and your tender"
                 if spec.outcomes or spec.problem else "The tender documents and your tender")
    order = clause_ref(clauses, "contract-documents", "What makes up this contract", start=True)
    blocks: list = [
        Paragraph.of(f"This schedule describes the services. {documents}, as we accepted it, are also part of the "
                     "contract."),
        Paragraph.of(f"{order} gives their order. If they disagree with this schedule, this schedule wins."),
    ]
    blocks.append(tenderpack.Heading("What we are buying", level=2))
    blocks.extend(markdown.parse(spec.summary))
    return Section("Schedule 1: Specification", blocks + _specification_rest(spec), order=900,
                   key="schedule:specification", page_break_before=True)


def _specification_rest(spec: tenderpack.Spec, framework: bool = False) -> list:
    """Schedule 1 after its opening: the scope, the lots (of a contract), the outcomes and the fixed requirements.
    A framework's scope is the framework's: each call-off contract orders part of it."""
    blocks: list = []
    problem = spec.problem
    if problem and problem.in_scope:
        blocks.append(tenderpack.Heading("What the framework covers" if framework else "What the contract covers",
                                         level=2))
        blocks.append(ListBlock.of(*problem.in_scope))
    if problem and problem.out_of_scope:
        blocks.append(tenderpack.Heading("What it does not cover", level=2))
        blocks.append(ListBlock.of(*problem.out_of_scope))
    lots = bool(spec.lots.items)
    if lots and not framework:
        blocks.append(tenderpack.Heading("Lots", level=2))
        blocks.append(Table.of(["Lot", "What it covers", "Estimated value"],
                               [[str(lot.number), lot.title, text.money(lot.value) if lot.value is not None else "—"]
                                for lot in spec.lots.items], widths=[1, 5, 2]))
        # Each lot is a contract of its own (tenderpack.law counts each lot's value; core:term gives each lot's term).
        blocks.append(Paragraph.of("Each lot is a separate contract on these terms. If you win more than one lot, "
                                   "you sign a contract for each."))
    if spec.outcomes:
        blocks.append(tenderpack.Heading("The outcomes", level=2))
        blocks.extend(_lot_note(spec, "outcomes", [o.lots for o in spec.outcomes]))
        blocks.append(Table.of(["Outcome", "What we want to see", "Priority"] + (["Lot"] if lots else []),
                               [[o.id, o.statement, o.priority.capitalize()]
                                + ([_lot_label(spec, o.lots)] if lots else []) for o in spec.outcomes],
                               widths=[1, 6, 1.5] + ([1.5] if lots else [])))
    lot_requirements = [lot for lot in spec.lots.items if lot.requirements]
    if spec.requirements or lot_requirements:
        blocks.append(tenderpack.Heading("Fixed requirements", level=2))
        if spec.requirements:
            if lots:
                blocks.append(Paragraph.of("These apply to every lot:"))
            blocks.append(ListBlock.of(*spec.requirements))
        for lot in lot_requirements:
            blocks.append(Paragraph.of(f"These apply to lot {lot.number} ({lot.title}) only:"))
            blocks.append(ListBlock.of(*lot.requirements))
    return blocks


def outcome_payments(spec: tenderpack.Spec) -> list:
    """Each paid outcome: the lots it belongs to, the formula in words, a worked example, the cap and timing."""
    paid = [o for o in spec.outcomes if o.payment.type.value != "none"]
    if not paid:
        return []
    blocks: list = [tenderpack.Heading("Payment for outcomes", level=2),
                    Paragraph.of("Part of what we pay depends on results. For each outcome below, we give the "
                                 "formula in words and a worked example. The examples use round figures; what we "
                                 "pay depends on your prices and results.")]
    if separate_contracts(spec):
        blocks.append(Paragraph.of("Each authority pays under its own contract. Each limit below is for the "
                                   "authorities' contracts together."))
    for o in paid:
        blocks.append(tenderpack.Heading(f"{o.id}: {o.statement.rstrip('.')}", level=3))
        if spec.lots.items and o.lots:
            blocks.append(Paragraph.of(f"This payment is part of {payments.lot_names(sorted(o.lots))} only."))
        blocks.extend(Paragraph.of(x) for x in payments.mechanism(spec, o))
    return blocks


def _shares(spec: tenderpack.Spec, what: str) -> list[str]:
    """When each authority signs its own contract: the figures are totals, and each pays its share."""
    if not separate_contracts(spec):
        return []
    out = [f"The {what} are totals for the authorities' contracts together, not for one contract alone."]
    shares = [a.share_percent for a in spec.authorities if a.share_percent is not None]
    if len(shares) == len(spec.authorities):   # every authority's share is given
        parts = [f"{a.name} {text.percent(x)}" for a, x in zip(spec.authorities, shares)]
        out.append(f"Each authority pays its share under its own contract: {text.join(parts)}.")
    else:
        out.append("Each authority pays its share under its own contract.")
    return out


def rated_prices(spec: tenderpack.Spec) -> list:
    """'Your prices' when the tender priced an adjustment to our schedule of rates, a rate card or a percentage fee:
    what is written in from the tender, and how each charge is worked out. The basket or notional base was only
    for comparing tenders, never a promise."""
    p = spec.pricing
    framework = text.is_framework(spec)
    source = text.call_off_prices(spec) if framework else "from your tender"
    source = source[:1].upper() + source[1:]
    lots = bool(spec.lots.items)
    numbers: list[int | None] = [lot.number for lot in spec.lots.items] or [None]
    out: list = []
    if p.kind == "schedule_of_rates":
        schedule = p.schedule
        assert schedule is not None   # the spec requires it with this model
        name = schedule.title if schedule.title.lower().startswith("the ") else f"the {schedule.title}"
        where = (f" It was attached to the tender pack as “{schedule.attachment}”." if schedule.attachment else "")
        out.append(Paragraph.of(f"The rates are those of {name}.{where}"))
        sections = p.adjusted.per == "section" and schedule.sections
        rows = []
        for n in numbers:
            used = [s for s in schedule.sections if n is None or text.for_lot(list(s.lots), n)] if sections else [None]
            rows += [([str(n)] if lots else []) + ([f"{s.id}: {s.name}"] if s is not None else []) + [source]
                     for s in used]
        header = (["Lot"] if lots else []) + (["Section of the schedule"] if sections else []) + ["Your adjustment"]
        out.append(Table.of(header, rows, widths=([1.0] if lots else []) + ([4.0] if sections else []) + [4.0]))
        which = "your adjustment for its section" if sections else "your adjustment"
        out.append(Paragraph.of(f"For each item of work we order, we pay its rate in the schedule × (1 + {which} ÷ "
                                "100) × the quantity."))
        out.append(Paragraph.of("The basket in the pricing schedule was only for comparing tenders. It was not a "
                                "promise to order any work."))
    elif p.kind == "rate_card":
        rows = [([str(x.lot)] if lots else []) + [x.item, x.unit, source] for x in p.basket]
        out.append(Table.of((["Lot"] if lots else []) + ["Role or item", "Unit", "Your rate"], rows,
                            widths=([1] if lots else []) + [5, 1.5, 3]))
        out.append(Paragraph.of("We pay your rate for each unit of work we order. The basket in the pricing schedule "
                                "was only for comparing tenders. It was not a promise to order any work."))
    else:
        rows = [([str(f.lot)] if lots else []) + [f.base.rstrip("."), source, f.paid.rstrip(".")] for f in p.fees]
        out.append(Table.of((["Lot"] if lots else []) + ["Your fee is a percentage of", "Your fee", "When we pay it"],
                            rows, widths=([1.0] if lots else []) + [4.0, 3.0, 3.0]))
        out.append(Paragraph.of("The notional base in the pricing schedule was only for comparing tenders. It was not "
                                "a promise of what we will spend."))
    return out


def charges(spec: tenderpack.Spec, clauses=()) -> Section:
    c = spec.commercial
    fallback = (f"The prices {text.call_off_prices(spec)}" if text.is_framework(spec)
                else "The prices in your tender")
    # In a call-off, the prices come from the tender or the call-off bid: the buyer's basis is the framework's.
    basis = (c.price_basis if not text.is_framework(spec) or not c.price_basis
             else f"The prices in the call-off details. The framework's basis: {c.price_basis}")
    facts = [("How prices are set", basis or fallback),
             # A framework's rates are never said to be fixed unless the spec says so.
             ("Price changes", c.indexation or ("The framework sets no price changes" if text.is_framework(spec)
                                                else "Prices stay fixed for the whole term")),
             ("When we pay", f"Within {c.payment_days} days of receiving a valid invoice")]
    blocks: list = [Paragraph.of("All amounts exclude VAT. We add VAT at the rate in force when you invoice, where "
                                 "it applies."),
                    KeyFacts.of(facts, title="How we pay")]
    items = spec.pricing.items
    blocks.append(tenderpack.Heading("Your prices", level=2))
    if spec.pricing.rated:   # an adjustment to our rates, a rate card or a fee: see rated_prices
        blocks.extend(rated_prices(spec))
    elif items:
        lots = bool(spec.lots.items)
        header = (["Lot"] if lots else []) + ["Item", "Unit", "Price per unit"]
        source = text.call_off_prices(spec) if text.is_framework(spec) else "from your tender"
        rows = [([str(i.lot) if i.lot else "All"] if lots else []) + [i.item, i.unit, source[:1].upper() + source[1:]]
                for i in items]
        blocks.append(Table.of(header, rows, widths=([1] if lots else []) + [5, 1.5, 2]))
        blocks.append(Paragraph.of("We pay for what we order at these prices. The quantities in the pricing "
                                   "schedule were estimates for comparing tenders, not a promise to buy."))
    elif text.is_framework(spec):
        blocks.append(Paragraph.of(f"Before we sign, we write your prices here, {text.call_off_prices(spec)}."))
    else:
        blocks.append(Paragraph.of("We will copy your prices for each contract year here from your tender."))
    if cap := text.call_off_ceiling(spec):
        blocks.append(Paragraph.of(cap))
    blocks.extend(outcome_payments(spec))
    phases = spec.procedure.innovation_phases
    if phases:
        lots = bool(spec.lots.items)
        blocks.append(tenderpack.Heading("Research and development phases", level=2))
        blocks.extend(_lot_note(spec, "phases", [ph.lots for ph in phases]))
        rows = []
        for ph in phases:
            rows.append([ph.name, text.months(ph.duration_months), text.money(ph.budget),
                         text.money(ph.seed_funding) if ph.seed_funding is not None else "Paid through the charges"]
                        + ([_lot_label(spec, ph.lots)] if lots else []))
        blocks.append(Table.of(["Phase", "Length", "Budget", "Paid to each supplier"] + (["Lot"] if lots else []),
                               rows, widths=[4, 1.5, 1.5, 2] + ([1] if lots else [])))
        blocks.extend(Paragraph.of(x) for x in _shares(spec, "budgets and the sums paid to each supplier"))
        where = clause_ref(clauses, "innovation-phases", "Research and development phases", start=True)
        blocks.append(Paragraph.of(f"{where} says when we pay seed funding."))
    return Section("Schedule 2: Charges", blocks, order=910, key="schedule:charges", page_break_before=True)


def _targets(o) -> str:
    return text.join([f"{t.value} by {text.date(t.by)}" for t in o.targets])


def _baseline(o, framework: bool = False) -> str:
    b = o.baseline
    if not b.value:
        return "Set in the framework's first year" if framework else "Set in year 1"
    return f"{b.value} ({text.date(b.date)})" if b.date else b.value


def contract_name(label: str) -> str:
    """A contract of tenderpack.law's regime, in words: 'the contract for lot 1', 'Dunmore City Council's contract'."""
    return f"the contract for {label}" if label.startswith("lot ") else label


def kpi_law(spec: tenderpack.Spec) -> list[Paragraph]:
    """The KPI duties of the Act, only for the contracts whose own value brings them in (s.52 and s.71)."""
    regime = tenderpack.law.regime(spec)
    set_kpis, publish = tenderpack.law.cite(spec, "kpis"), tenderpack.law.cite(spec, "kpi-performance")
    if not regime.kpi_duty or not set_kpis:
        return []
    over = [c for c in regime.contracts if c.value_including_vat is not None and c.value_including_vat > regime.kpi_value]
    limit = f"{text.money(regime.kpi_value)} including VAT"
    if len(over) == len(regime.contracts) == 1:
        out = [f"This contract is worth more than {limit}. {set_kpis[0].upper() + set_kpis[1:]} requires at "
               "least three KPIs for it, set out in this schedule before it is signed."]
        if publish:
            out.append(f"We publish how you perform against them at least every 12 months, as {publish} requires.")
    else:
        names = text.join([contract_name(c.label) for c in over])
        which = "that contract" if len(over) == 1 else "each of those contracts"
        out = [f"Each contract is judged on its own value: {names} {'is' if len(over) == 1 else 'are each'} "
               f"worth more than {limit}.",
               f"{set_kpis[0].upper() + set_kpis[1:]} requires at least three KPIs for {which}, set out in this "
               "schedule before it is signed."]
        if publish:
            out.append(f"For {which}, we publish how you perform against {'its' if len(over) == 1 else 'their'} KPIs "
                       f"at least every 12 months, as {publish} requires.")
    return [Paragraph.of(x) for x in out]


# A KPI's reporting period, and two of them: "If you miss it two quarters in a row".
PERIOD = {"monthly": ("month", "months"), "quarterly": ("quarter", "quarters"),
          "six-monthly": ("six-month period", "six-month periods"), "yearly": ("year", "years")}
MEASURED = ("We measure your performance against each KPI and review it with you at each contract review meeting.")


def if_missed(k, clauses=()) -> str:
    """What happens when a contract KPI's target is missed, in words, for the KPI table."""
    one, two = PERIOD[k.reporting]
    out = []
    if k.if_missed.value == "service_credit" and k.service_credit_percent is not None:
        out.append(f"We take {text.percent(k.service_credit_percent)} off the charges for that {one} "
                   "(a service credit).")
    if k.if_missed_details:
        details = k.if_missed_details.strip()
        out.append(details if details[-1:] in ".!?" else f"{details}.")
    ref = clause_ref(clauses, "kpis", "KPIs and reviewing performance")
    out.append(f"If you miss it two {two} in a row, you send us a plan to put it right ({ref}).")
    return " ".join(out)


def contract_kpis(spec: tenderpack.Spec, clauses=(), heading: bool = False) -> list:
    """The contract KPIs (spec.kpis): a table of each KPI, how it is measured, its target, reporting and what
    happens if it is missed. Nothing when the spec has none."""
    own = list(spec.kpis)
    if not own:
        return []
    lots = bool(spec.lots.items)
    blocks: list = [tenderpack.Heading("Service KPIs", level=2)] if heading else []
    blocks.extend(_lot_note(spec, "service KPIs" if heading else "KPIs", [k.lots for k in own]))
    if not heading:
        blocks.append(Paragraph.of(MEASURED))
    rows = [[k.name, k.measure, k.target, REPORTING[k.reporting].capitalize(), if_missed(k, clauses)]
            + ([_lot_label(spec, k.lots)] if lots else []) for k in own]
    blocks.append(Table.of(["KPI", "How we measure it", "Target", "Reporting", "If the target is missed"]
                           + (["Lot"] if lots else []), rows,
                           widths=[1.6, 3.2, 1.2, 1.2, 3] + ([1] if lots else [])))
    return blocks


def kpis(spec: tenderpack.Spec, clauses=()) -> Section:
    chosen = [o for o in spec.outcomes if o.kpi]
    own = bool(spec.kpis)
    sv = spec.social_value is not None
    if not chosen and not own and not sv:
        return not_used(3, "schedule:kpis", 920)
    blocks: list = []
    lots = bool(spec.lots.items)
    if chosen or own:
        blocks.append(Paragraph.of("These are the KPIs of this contract. We set them here before we sign it."))
    if own and chosen:
        blocks.append(Paragraph.of(MEASURED))
    blocks.extend(contract_kpis(spec, clauses, heading=bool(chosen)))
    if chosen:
        if own:
            blocks.append(tenderpack.Heading("Outcome KPIs", level=2))
        blocks.extend(_lot_note(spec, "outcome KPIs", [o.lots for o in chosen]))
        if not own:
            blocks.append(Paragraph.of(MEASURED))
        rows = [[o.id, o.indicator.name, _baseline(o, text.is_framework(spec)), _targets(o),
                 (o.frequency or "quarterly").capitalize()]
                + ([_lot_label(spec, o.lots)] if lots else []) for o in chosen]
        blocks.append(Table.of(["KPI", "What we measure", "Baseline", "Target", "How often"] + (["Lot"] if lots else []),
                               rows, widths=[0.8, 4, 1.6, 2.2, 1.2] + ([1] if lots else [])))
        for o in chosen:
            parts = [Run(f"{o.id}: ", bold=True), Run(f"data from {o.data_source}. "), Run(f"Checked by: {o.verified_by}.")]
            blocks.append(Paragraph(parts))
        if any(not o.baseline.value for o in chosen):
            unset = text.join([o.id for o in chosen if not o.baseline.value])
            if text.is_framework(spec):   # the outcome specification sets it in the framework's first year
                blocks.append(Paragraph.of(f"The baseline for {unset} is set in the first year of the framework, from "
                                           "the same data source."))
            else:
                blocks.append(Paragraph.of(f"We set the baseline for {unset} with you in the first year of the "
                                           "contract, from the same data source."))
    if sv:
        lead = ("Your social value commitments are KPIs too." if chosen or own
                else "The KPIs of this contract are your social value commitments.")
        blocks.append(Paragraph.of(f"{lead} Before we sign, we write each one from your tender into Schedule 4 "
                                   "(Social value), with its measure and target."))
    blocks.extend(kpi_law(spec))
    return Section("Schedule 3: KPIs", blocks, order=920, key="schedule:kpis", page_break_before=True)


def social_value(spec: tenderpack.Spec, clauses=()) -> Section:
    sv = spec.social_value
    if sv is None:
        return not_used(4, "schedule:social-value", 930)
    rows = [[o.id, "From your tender", f"The reporting metrics for {o.id}", "From your tender"] for o in sv.outcomes]
    rows = rows or [["Your choice", "From your tender", "The measure you propose", "From your tender"]]
    blocks: list[tenderpack.Block] = [
              Paragraph.of("Your social value commitments are part of this contract. Each one is a KPI."),
              Paragraph.of("Before we sign, we write each commitment from your social value answer into the table "
                           "below, with its measure and target."),
              Table.of(["Award criterion in the model", "Your commitment", "Measure", "Target"], rows,
                       widths=[1.5, 4, 2, 2]),
              Paragraph.of(f"Model used: {sv.model}. You report progress {REPORTING[sv.reporting]}, with evidence."),
              Paragraph.of("The \u201cSocial value schedule\u201d published with the tender is part of this schedule. "
                           "It lists the reporting metrics and what each report gives."),
              Paragraph.of(f"{clause_ref(clauses, 'kpis', 'KPIs and reviewing performance', start=True)} says when you "
                           "send each report and what happens if you miss a target, as for every KPI.")]
    return Section("Schedule 4: Social value", blocks, order=930, key="schedule:social-value",
                   page_break_before=True)


def _processing_term(spec: tenderpack.Spec) -> str:
    """'From 1 October 2027 to 30 September 2030, and any extension, then …'; when the lots' terms differ, each
    lot's contract's dates ('The term of this contract: for lot 1, from …; for lot 2, from …. Then …')."""
    tail = "then until you have returned or deleted the data."
    term = text.one_term(spec)
    if term is not None:
        return f"From {text.date(term.start)} to {text.date(term.end)}, and any extension, {tail}"
    each = [f"for {payments.lot_names(sorted(numbers))}, from {text.date(x.start)} to {text.date(x.end)}"
            + (", and any extension" if x.extensions else "") for x, numbers in text.terms(spec)]
    return f"The term of this contract: {'; '.join(each)}. Then until you have returned or deleted the data."


def data_processing(spec: tenderpack.Spec) -> Section:
    framework = text.is_framework(spec)
    if framework:
        controller = CALL_OFF_BUYER.capitalize()
    elif separate_contracts(spec):
        controller = (f"The authority named on the signature page of this contract "
                      f"({text.join([a.name for a in spec.authorities], 'or')})")
    else:
        controller = text.join([a.name for a in spec.authorities])
    rows = [
        ["Who controls the data", f"{controller}. If you process personal data to provide the services, you do "
                                  "so only for us, as our processor."],
        ["What the processing is for", f"Only to provide the services under this contract ({spec.title})."
         if not framework else f"Only to provide the services under this call-off contract, under the framework "
                               f"“{spec.title}”."],
        ["How long it lasts", _processing_term(spec) if not framework else
         "For the term of this call-off contract, then until you have returned or deleted the data."],
        ["What the processing is", "Collecting, recording, storing, using, sharing with us, and deleting."],
        ["Whose data", "Only where the services need it: people who use or contact the services, and the staff "
                       "of either party."],
        ["What kinds of data", "Only what the services need: names, contact details and records of the services. "
                               "Special category data, such as health data, only where the service needs it."],
        ["Where the data is kept", "In the UK, unless we agree otherwise in writing."],
        ["When it is deleted", "At the end of the contract, unless the law says it must be kept."],
    ]
    return Section("Schedule 5: Data processing", [
        Paragraph.of("This schedule sets out any processing of personal data you do for us under the data "
                     "protection clause. We will check it with you before the contract starts and update it if the "
                     "services change."),
        Table.of(["Item", "Details"], rows, widths=[2, 5]),
    ], order=940, key="schedule:data-processing", page_break_before=True)
