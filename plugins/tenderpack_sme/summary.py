"""The contract in brief: a plain summary of the contract, built from each clause's summary.

The clause library gives every clause that applies to this build (the ``clauses`` argument
of document_sections), each with a one-sentence summary written by the legal team. This
document lists them in the contract's order, after the main commercial facts from the spec.

Each summary is rendered by the clause library for this spec (a legal team writes it with
the same {% if %} as the body). A summary that still speaks of something this tender lacks
(outcomes, phases, KPIs...) is replaced by a pointer to the clause, from summaries.yaml; one
that speaks of something that belongs to some lots only says which lots.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

import tenderpack
from tenderpack import Heading, Paragraph, Section, Table, text

from . import contract_form, facts

LAW = {"england_and_wales": "England and Wales", "scotland": "Scotland", "northern_ireland": "Northern Ireland"}


@lru_cache(maxsize=1)
def data() -> dict:
    raw = resources.files(__package__).joinpath("summaries.yaml").read_text(encoding="utf-8")
    return yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _number(info) -> tuple[int, str]:
    try:
        return int(str(info.number).split(".")[0]), str(info.number)
    except (TypeError, ValueError):
        return 10**6, ""


def _document_title(doc_id: str) -> str:
    return doc_id.replace("-", " ").capitalize()


# --------------------------------------------------------------------------- the facts


def _fits(sentence: str, spec: tenderpack.Spec) -> bool:
    """Whether the buyer's own words fit the plain-English sentence limit for small firms.

    Counted as the lint counts: a sentence ends at . ! ? or a colon followed by a space."""
    limit = spec.plain_language.sme.max_sentence_words or spec.plain_language.max_sentence_words
    return all(len(part.split()) <= limit for part in re.split(r"(?<=[.!?:])\s+", sentence))


def how_we_pay(spec: tenderpack.Spec) -> list[str]:
    """How prices are set: the buyer's words when they are short enough, else the spec's facts. For a framework,
    "we" is the body that awards the call-off contract, and its prices come from the tender or the call-off bid."""
    basis = (spec.commercial.price_basis or "").strip().rstrip(".")
    if facts.framework(spec):
        out = []
        if basis and _fits(f"How prices are set: {basis}.", spec):
            first = basis.split(" ", 1)[0]
            lower = first[:1].lower() + first[1:] if first[1:] == first[1:].lower() else first
            out.append(f"How prices are set: {lower}{basis[len(first):]}.")
        out.append(f"The prices in each call-off contract come {text.call_off_prices(spec)}.")
        if cap := text.call_off_ceiling(spec):
            out.append(cap)
        if "outcome_payments" in facts.features(spec):
            lots = facts.paid_outcome_lots(spec)
            where = f"For {facts.lot_names(lots)}, part" if lots else "Part"
            out.append(f"{where} of what we pay depends on results. The “Outcome specification” explains how.")
        return out
    if basis and _fits(f"How we pay: {basis}.", spec):
        first = basis.split(" ", 1)[0]
        lower = first[:1].lower() + first[1:] if first[1:] == first[1:].lower() else first
        return [f"How we pay: {lower}{basis[len(first):]}."]
    if spec.contract is not None:   # the form the spec names sets out how it pays
        return [contract_form.pay_line(spec)]
    out = []
    if spec.pricing.rated:   # what we pay for: our rates adjusted, the rates on the card, or the fee
        out.append({"schedule_of_rates": "We pay our rates for the work we order, adjusted by your percentage.",
                    "rate_card": "We pay your rates for the work we order.",
                    "percentage_fee": "We pay your fee as the contract sets out."}[spec.pricing.kind])
    elif spec.pricing.items:
        out.append("We pay your price for each unit of work we order.")
    elif basis or not spec.outcomes:
        out.append(f"We pay the price you give for each year of {facts.the_award(spec)}.")
    if "outcome_payments" in facts.features(spec):
        lots = facts.paid_outcome_lots(spec)
        where = f"For {facts.lot_names(lots)}, part" if lots else "Part"
        out.append(f"{where} of what we pay depends on results. The “Outcome specification” explains how.")
    return out


def facts_blocks(spec: tenderpack.Spec, clauses=()) -> list:
    c = spec.commercial
    if facts.framework(spec):
        return framework_blocks(spec, clauses)
    contract = facts.the_contract(spec)
    winner = "a supplier that wins" if facts.several_win(spec) else "the supplier that wins"
    out = [Paragraph.of(f"{facts.we_means(spec)} “You” means {winner}.")]
    first = ["The “Draft contract” in this pack sets out the terms of each contract." if facts.each_signs(spec)
             else "The “Draft contract” in this pack is the contract you sign."]
    if spec.contract is not None:   # a form the spec names: the draft contract is not in the pack
        first = contract_form.about(spec)
    if described := facts.contract_description(spec):
        first.append(described)
    if talks := facts.negotiated(spec):
        terms = "The draft contract" if spec.contract is None else "Our part of the contract"
        first.append(f"{terms} may change through {talks} before final tenders.")
    first.append(f"The law of {LAW[c.governing_law]} governs {contract}.")
    out.append(Paragraph.of(" ".join(first)))
    if signs := facts.who_signs(spec):
        out.append(Paragraph.of(signs))
    out.append(Paragraph.of(runs_text(spec)))
    out += [Paragraph.of(s) for s in signing_lines(spec)]
    out += [Paragraph.of(s) for s in today_lines(spec)]
    return out + paying_and_staff(spec, clauses, "the contract")


def runs_text(spec: tenderpack.Spec) -> str:
    """'The contracts run from X to Y. We may extend them by up to 2 years.'; when the lots' terms differ, each
    lot's: 'The contract for lot 1 runs from … The contract for lot 2 runs from … We cannot extend it.'"""
    if dates := text.works_dates(spec):   # works: a starting date, a completion date, then the defects
        return " ".join(dates)
    shared = text.one_term(spec)
    groups = [(shared, None)] if shared is not None else text.terms(spec)
    out = []
    for x, numbers in groups:
        what = facts.the_contract(spec) if numbers is None else facts.contract_for(spec, numbers)
        many = what.startswith("the contracts")
        said = f"{what.capitalize()} {'run' if many else 'runs'} from {text.date(x.start)} to {text.date(x.end)}."
        if x.extensions:
            said += f" We may extend {'them' if many else 'it'} by up to {text.months(facts.extension_months(spec, x))}."
        elif numbers is not None:   # beside a lot that can be extended, say that this one cannot
            said += f" We cannot extend {'them' if many else 'it'}."
        out.append(said)
    return " ".join(out)


def framework_blocks(spec: tenderpack.Spec, clauses=()) -> list:
    """The facts for a framework: the template is for each call-off contract, signed by the body that orders
    the work, within the framework's term."""
    c, t = spec.commercial, spec.timetable
    several = facts.several_win(spec)
    # In a call-off contract, "we" is the body that awards it: the one that pays, audits, owns and may end it.
    out = [Paragraph.of(f"In each call-off contract, “we” means {text.call_off_we(spec)}. “You” means "
                        f"{'a supplier' if several else 'the supplier'} on the framework.")]
    first = ["The “Call-off contract (template)” in this pack is the template for each call-off contract.",
             "When a body orders work under the framework, it signs a call-off contract with you on these terms."]
    if spec.contract is not None:   # an NEC4 or JCT form for each call-off, with its own contract data
        first = contract_form.about(spec) + first[1:]
    if described := facts.contract_description(spec):
        first.append(described.replace("It is ", "Each is ", 1))
    if talks := facts.negotiated(spec):
        ours = "The template" if spec.contract is None else "Our part of the contract"
        first.append(f"{ours} may change through {talks} before final tenders.")
    first.append(f"The law of {LAW[c.governing_law]} governs each call-off contract.")
    out.append(Paragraph.of(" ".join(first)))
    if facts.joint(spec):   # "we" here is the body that awards a call-off contract: name who signs the framework
        who = "each supplier that wins a place on it" if several else "the supplier that wins a place on it"
        out.append(Paragraph.of(f"{text.join([a.name for a in spec.authorities])} sign one framework agreement "
                                f"together with {who}."))
    runs = f"The framework runs from {text.date(t.contract_start)} to {text.date(t.contract_end)}."
    if t.extensions:   # the buyers who set the framework up extend it, not "we" of a call-off contract
        runs += f" {text.join([a.name for a in spec.authorities])} may extend it by up to " \
                f"{text.months(facts.extension_months(spec))}."
    out.append(Paragraph.of(runs))
    return out + paying_and_staff(spec, clauses, "a call-off contract")


def paying_and_staff(spec: tenderpack.Spec, clauses, contract: str) -> list:
    """How we pay, subcontractors, the payment model, TUPE and KPIs: the same for a contract and a call-off."""
    c = spec.commercial
    works = text.works_payment(spec)   # an NEC4 or JCT works form pays as the form says, not on invoices
    pay = [works or f"We pay every valid invoice within {c.payment_days} days."]
    from .howto import flows_down
    if flows_down(spec, clauses):
        pay.append("You must pay your own subcontractors within 30 days of a valid invoice." if works
                   else "You must pay your own subcontractors within 30 days too.")
    out = [Paragraph.of(" ".join(pay)), *(Paragraph.of(s) for s in how_we_pay(spec))]
    if c.tupe:
        out.append(Paragraph.of(" ".join([f"Staff may transfer to you under TUPE when {contract} starts.",
                                          *tupe_lines(spec)])))
    if line := kpi_line(spec):
        out.append(Paragraph.of(line))
    if line := social_value_line(spec):
        out.append(Paragraph.of(line))
    return out


SV_REPORTING = {"monthly": "every month", "quarterly": "every quarter", "six-monthly": "every six months",
                "yearly": "every year"}


def social_value_line(spec: tenderpack.Spec) -> str:
    """Under an NEC4 or JCT form, the clause the pack adds makes the social value commitments part of the contract
    (they are not the form's KPIs): which clause, and how often the winner reports on them."""
    sv = spec.social_value
    clause = text.added_clause(spec, "Social value") if sv is not None else None
    if sv is None or clause is None:
        return ""
    which = "each call-off contract you are awarded" if facts.framework(spec) else "the contract"
    manager = text.form_manager(spec)
    to = "us" if manager == "the Client" else manager
    return (f"Your social value commitments become part of {which} ({clause}). You report on them to {to} "
            f"{SV_REPORTING[sv.reporting]}, with evidence.")


STARTS = {"services": "The service starts", "goods": "Supply starts", "works": "The work starts"}
THING = {"services": "this service", "goods": "these goods", "works": "this work"}
NEW = {"services": "This is a new service: nobody provides it now.",
       "goods": "This is a new need: we do not buy these goods now.",
       "works": "This is new work: nobody does it for us now."}


def signing_lines(spec: tenderpack.Spec) -> list[str]:
    """'We plan to sign the contract on X. The service starts on Y.', and the getting ready in between: only when
    the signature is planned before the start (and no lot starts on a day of its own)."""
    t = spec.timetable
    signed = t.contract_signature
    if signed is None or signed >= text.first_start(spec):
        return []
    days: dict = {}   # each day a contract starts, with its lots
    for x, numbers in text.terms(spec):
        days.setdefault(x.start, []).extend(numbers)
    contract = facts.the_contract(spec) if len(days) == 1 else "the contracts"
    starts = text.join([f"on {text.date(day)}" + (f" for {facts.lot_names(numbers)}" if len(days) > 1 else "")
                        for day, numbers in sorted(days.items())])
    out = [f"We plan to sign {contract} on {text.date(signed)}. {STARTS[spec.category]} {starts}."]
    if t.mobilisation:
        between = "Between the two" if len(days) == 1 else "Between signing and the start of your lot"
        ready = f"{between}, you get ready (mobilisation): {t.mobilisation.strip().rstrip('.')}."
        out.append(ready if _fits(ready, spec) else
                   f"{between}, you get ready to start. The invitation to tender says what this involves.")
    return out


def today_lines(spec: tenderpack.Spec) -> list[str]:
    """Who provides the service now, and what we spent on it in a year: only what spec.incumbent gives."""
    inc = spec.incumbent
    if inc is None:
        return []
    thing = THING[spec.category]
    said = {"supplier": f"{inc.name or 'A supplier'} provides {thing} now.",
            "suppliers": f"Several suppliers provide {thing} now.",
            "in_house": f"Our own staff provide {thing} now.",
            "none": NEW[spec.category]}[inc.current]
    if inc.annual_spend is not None:
        year = inc.annual_spend
        said += f" In the year to {text.date(year.end)}, we spent {text.money(year.amount)} on it, excluding VAT."
    return [said]


def tupe_lines(spec: tenderpack.Spec) -> list[str]:
    """The TUPE figures (commercial.transferring_staff: staff, cost, pensions), each only when given, in short
    sentences."""
    tupe = spec.commercial.transferring_staff
    if tupe is None or not spec.commercial.tupe:
        return []
    out = []
    if tupe.staff is not None:
        out.append(f"{text.plural(tupe.staff, 'person', 'people')} may transfer.")
    if tupe.annual_cost is not None:
        out.append(f"Their pay, with the employer's National Insurance and pension costs, comes to "
                   f"{text.money(tupe.annual_cost)} a year.")
    if tupe.pensions:
        said = f"Pensions: {' '.join(tupe.pensions.split()).rstrip('.')}."
        out.append(said if _fits(said, spec) and "*" not in said and "[" not in said else
                   "The invitation to tender explains their pensions.")
    return out


def kpi_line(spec: tenderpack.Spec) -> str:
    """The contract KPIs (spec.kpis) in one short paragraph: that they exist, where they are, and any service credit."""
    kpis = spec.kpis
    if not kpis:
        return ""
    one = len(kpis) == 1
    lots = facts.scope(spec, [k.lots for k in kpis])
    # A count is true of every contract only when every KPI applies to the same lots.
    mixed = not lots and bool(spec.lots.items) and any(facts.only_some_lots(spec, list(k.lots)) for k in kpis)
    many = "" if mixed else f"{_count(len(kpis))} "
    which = "Each call-off contract" if facts.framework(spec) else facts.the_contract(spec, capital=True)
    out = [f"{which} {'set' if facts.each_signs(spec) and not facts.framework(spec) else 'sets'} "
           f"{many}key performance {'indicator' if one else 'indicators'} ({'KPI' if one else 'KPIs'}) "
           f"for your work, {'with a target' if one else 'each with a target'}.",
           f"{_kpis_where(spec)} "
           f"says how we measure {'the KPI' if one else 'each KPI'} and what "
           "happens if you miss its target."]
    if lots:
        out.append(f"{'It applies' if one else 'They apply'} to {facts.lot_names(lots)} only.")
    elif mixed:
        where = "Schedule 3" if spec.contract is None else contract_form.kpis_where(spec)
        out.append(f"{where} shows the lot each one applies to.")
    credits = [k for k in kpis if k.if_missed.value == "service_credit"]
    if credits and len(credits) == len(kpis):
        out.append(f"If you miss {'the' if one else 'a'} KPI's target, we pay less for that period (a service credit).")
    elif credits:
        out.append(f"For {_count(len(credits))} of the KPIs, if you miss the target, we pay less for that period "
                   "(a service credit).")
    return " ".join(out)


def _kpis_where(spec: tenderpack.Spec) -> str:
    """The part of the contract that sets out the KPIs."""
    if spec.contract is not None:
        return contract_form.kpis_where(spec)
    return f"Schedule 3 of {'the call-off contract template' if facts.framework(spec) else 'the draft contract'}"


_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(n: int) -> str:
    """'one' to 'ten', then the digits."""
    return _WORDS[n - 1] if 1 <= n <= len(_WORDS) else str(n)


# --------------------------------------------------------------------------- the clauses


def clause_line(spec: tenderpack.Spec, info, on: set[str]) -> tuple[str, str]:
    """(title, summary) of one clause, true for this tender."""
    title, summary = info.title, info.summary   # the library renders each summary
    if facts.missing(spec, summary, on):   # a safety net for a legal team's summary that does not
        summary = data()["fallback"].format(number=info.number or "")
        if not info.number:
            summary = "The draft contract sets this out in full."
    notes = []
    for feature, lots in (("outcomes", facts.outcome_lots(spec)), ("phases", facts.phase_lots(spec))):
        words = facts.FEATURE_WORDS[feature] + (facts.FEATURE_WORDS["go_no_go"] if feature == "phases" else [])
        if lots and any(re.search(w, summary, re.I) for w in words):
            notes.append(data()["lot_notes"][feature].format(lots=facts.lot_names(lots)))
    return title, " ".join([summary, *notes])


def sections(spec: tenderpack.Spec, clauses) -> list[Section]:
    draft, contract = ("the call-off contract template", "the call-off contract") if facts.framework(spec) \
        else ("the draft contract", "the contract")
    note = (contract_form.summary_note(spec) if spec.contract is not None
            else f"{draft.capitalize()} in the pack has the full terms. If the two differ, {draft} counts.")
    about = [*facts_blocks(spec, clauses),
             Paragraph.of(f"This is a plain summary to help you decide whether to bid. {note}")]
    out = [Section(f"About {contract}", about, order=10, key="sme-contract:about")]
    if spec.contract is not None:   # the form's own terms, from the spec's facts: not our draft contract's clauses
        out.append(Section(f"What {contract} says", [Paragraph.of(x) for x in contract_form.lines(spec)], order=20,
                           key="sme-contract:clauses"))
        return out
    by_document: dict[str, list] = {}
    for info in clauses or ():
        by_document.setdefault(info.document, []).append(info)
    if not by_document:
        out.append(Section(f"What {contract} says", [
            Paragraph.of(f"{draft.capitalize()} in the pack sets out the terms in full.")], order=20,
            key="sme-contract:clauses"))
        return out
    on = facts.features(spec)
    blocks: list = [Paragraph.of("Each line sums up one clause, in the order of the contract.")]
    for doc_id, infos in by_document.items():
        if len(by_document) > 1:
            blocks.append(Heading(_document_title(doc_id), level=2))
        rows = []
        for info in sorted(infos, key=_number):
            title, summary = clause_line(spec, info, on)
            label = f"{info.number}. {title}" if info.number else title
            rows.append([label, summary])
        title = "Call-off contract template" if facts.framework(spec) and doc_id == "draft-contract" \
            else _document_title(doc_id)
        blocks.append(Table.of(["Clause", "What it says"], rows, caption=f"{title} in brief",
                               widths=[2, 5]))
    out.append(Section(f"What {contract} says", blocks, order=20, key="sme-contract:clauses"))
    return out
