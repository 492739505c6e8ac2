"""Rules on the contract's form (spec.contract): NEC4, JCT and the government's model contracts.

The form must fit what is bought: NEC4's Engineering and Construction Contracts and the JCT forms
are for works, the Term Service Contract for services or works over a term, and the government's
model contracts for goods and services (the Short Form for simple ones, without TUPE). Some parts
of a pack are still written for tenderpack's own services contract (service credits, outcome
payments and seed funding in its charges schedule): with another form, they would tell bidders
something untrue, so they are refused until those documents speak of the form. Social value and a
framework's call-offs work with an NEC4 or JCT form (the pack adds the clause and the call-off
entries); with an attached model contract, only the buyer's own files can carry them. Whether
this contract text names the form the pack ships is rule TP-MODEL-CONTRACT (commercial.py).
"""

from __future__ import annotations

from decimal import Decimal

import tenderpack
from tenderpack import Finding, text

from .common import pounds

WORKS_FORMS = tenderpack.text.WORKS_FORMS   # one home, with the words that name a completion date


def category(spec: tenderpack.Spec):
    """An NEC4 or JCT form for works is used for works; the NEC4 Term Service Contract for services or works."""
    c = spec.contract
    if c is None:
        return
    if c.form in WORKS_FORMS and spec.category != "works":
        yield Finding(f"The {c.name} is a contract for works, but category is {spec.category}. The category decides "
                      "the threshold, the notice and the words of every document. If you are buying works, write "
                      f"category: works; if you are buying {spec.category}, choose a form for {spec.category} (such "
                      "as nec4_tsc for a service over a term, or a government model contract).",
                      ("contract", "form"))
    elif c.form == "nec4_tsc" and spec.category == "goods":
        yield Finding(f"The {c.name} is for a service (or works) over a term, but category is goods. Write the "
                      "category of what you buy, or choose a form for goods, such as the Short Form Contract "
                      "(short_form) or the Mid-tier Contract (mid_tier).", ("contract", "form"))


def model_fit(spec: tenderpack.Spec):
    """A government model contract is used where the government's guidance says it fits."""
    c = spec.contract
    if c is None or c.family != "model":
        return
    if spec.category == "works":
        yield Finding(f"The {c.name} is for goods and services, not works (Cabinet Office guidance on the model "
                      "contracts). For works, use a form made for them, such as the NEC4 Engineering and "
                      "Construction Contract (nec4_ecc) or a JCT form; or waive this warning with your reason.",
                      ("contract", "form"))
    if c.form == "short_form" and spec.commercial.tupe:
        yield Finding("The Short Form Contract is for simple goods and services without staff transfers: it has no "
                      "terms for TUPE. With staff who may transfer, use the Mid-tier Contract (mid_tier) or the "
                      "Model Services Contract (model_services); or waive this warning with your reason.",
                      ("commercial", "tupe"))


def framework(spec: tenderpack.Spec):
    """A framework's call-offs may be NEC4 or JCT contracts, each with its own contract data filled in at the
    call-off; a government model contract is not offered for call-offs, and a call-off's access dates are its own."""
    c = spec.contract
    if c is None or spec.framework is None:
        return
    if c.family == "model":
        yield Finding(f"The {c.name} is your own attached file, filled in for one contract: the pack cannot say how "
                      "each call-off contract under the framework fills in its order form. For call-offs under a "
                      "standard form, name an NEC4 or JCT form (such as nec4_tsc or nec4_ecc) and the pack gives "
                      "the contract data each call-off fills in; or leave contract out, and the pack carries its own "
                      "call-off contract template.", ("contract", "form"))
    elif c.data is not None and c.data.access_dates:
        yield Finding("Access dates belong to one call-off contract's site and programme, which the framework does "
                      "not know yet: the body that awards a call-off fills in its own dates. Leave access_dates out.",
                      ("contract", "data", "access_dates"))


def social_value(spec: tenderpack.Spec):
    """Social value under a government model contract the buyer attaches: the pack points bidders to its order form
    as where the winning commitments are written in (the form's own terms for social value), so the order form must
    be attached. (Under an NEC4 or JCT form, the pack adds the clause that makes its social value schedule part of
    the contract.)"""
    c = spec.contract
    if c is None or spec.social_value is None or c.family != "model" or c.order_form is not None:
        return
    yield Finding(f"With the {c.name}, the pack tells bidders that their social value commitments become part of "
                  "the contract through its own terms, written into its order form; the pack carries no social "
                  "value schedule of its own. Attach the order form, ready to take in the winning commitments with "
                  "their targets and reporting, and give its title in contract.order_form.", ("social_value",))


def kpis_model(spec: tenderpack.Spec):
    """The KPIs of an attached model contract are in its own schedules, which tenderpack does not read."""
    c = spec.contract
    if c is None or c.family != "model":
        return
    if spec.kpis:
        yield Finding(f"The {c.name} is your own attached file, so its KPIs are in its schedules, which the pack does "
                      "not change or read. Put the KPIs in the schedule you attach and leave kpis out (if a public "
                      "contract over £5 million then lacks KPIs in the spec, waive PA23-S52-KPIS with the schedule "
                      "that sets them).", ("kpis",))
    for i, outcome in enumerate(spec.outcomes):
        if outcome.kpi:
            yield Finding(f"Outcome {outcome.id} is marked as a KPI, but the {c.name} is your own attached file: its "
                          "KPIs are in its schedules, which the pack does not read. Write kpi: false, and put the KPI "
                          "in the schedule you attach.", ("outcomes", i, "kpi"))


def kpi_credit(spec: tenderpack.Spec):
    """A service credit is a term of tenderpack's own services contract: NEC4 and JCT forms have none."""
    c = spec.contract
    if c is None or c.family == "model":
        return
    for i, kpi in enumerate(spec.kpis):
        if kpi.if_missed.value == "service_credit":
            yield Finding(f"KPI “{kpi.name}” takes a service credit off the charges when it is "
                          f"missed, but the {c.name} has no service credits, and its payments are not charges for a "
                          "period. Write if_missed: remedial_plan (the Contractor sends a plan to meet the target), or "
                          f"if_missed: other with what happens in if_missed_details, backed by a {c.amendment_word} in "
                          "contract.amendments.", ("kpis", i, "if_missed"))


def payments(spec: tenderpack.Spec):
    """Outcome payments and research and development phases are terms of tenderpack's own contract (its charges
    schedule, and its clause on the phases: seed funding, and ending after a go/no-go decision)."""
    c = spec.contract
    if c is None:
        return
    for i, outcome in enumerate(spec.outcomes):
        if outcome.payment.type.value != "none":
            yield Finding(f"Outcome {outcome.id} links payment to results, but that payment is written in the charges "
                          f"schedule of tenderpack's own draft contract, which the pack does not carry with the "
                          f"{c.name}. Write the payment into the contract ({_own_terms(c)}) and set payment.type: "
                          "none; or leave contract out.", ("outcomes", i, "payment", "type"))
    if spec.procedure.innovation_phases:
        yield Finding(f"The research and development phases (their seed funding, and ending the contract after a "
                      f"go/no-go decision) are clauses of tenderpack's own draft contract, which the pack does not "
                      f"carry with the {c.name}. Leave contract out for a tender with phases.",
                      ("procedure", "innovation_phases"))


def _own_terms(c) -> str:
    return "in its order form" if c.family == "model" else f"as a {c.amendment_word} in contract.amendments"


def extensions(spec: tenderpack.Spec):
    """An NEC4 or JCT form has no option to extend its term: the buyer's own clause must give one. Each lot is a
    contract of its own on the form: a lot's own extensions are warned of at the lot."""
    c = spec.contract
    if c is None or c.family == "model" or spec.framework is not None:
        return   # a framework's extensions are its own: they do not extend a call-off contract
    ends = "the works are complete" if c.form in WORKS_FORMS else "the service period ends"
    tail = (f"the pack's contract data gives no extension. Leave extensions out; or, if one of your "
            f"{c.amendment_word}s in contract.amendments gives the option to extend, waive this warning with its "
            "title.")
    lots = spec.lots.items
    if spec.timetable.extensions and (not lots or any(lot.extensions is None for lot in lots)):
        yield Finding(f"timetable.extensions offers to extend the contract, but the {c.name} ends when {ends}, and "
                      + tail, ("timetable", "extensions"))
    for i, lot in enumerate(lots):
        if lot.extensions:
            yield Finding(f"lots.items[{i}].extensions offers to extend the contract for lot {lot.number}, but the "
                          f"{c.name} ends when {ends}, and " + tail, ("lots", "items", i, "extensions"))


def construction_act(spec: tenderpack.Spec):
    """An NEC4 Engineering and Construction Contract in Great Britain uses Options W2 and Y(UK)2."""
    c = spec.contract
    if c is None or c.form != "nec4_ecc" or spec.commercial.governing_law == "northern_ireland":
        return
    missing = [x for x, there in (("dispute resolution Option W2", c.dispute_option == "W2"),
                                  ("secondary Option Y(UK)2", "Y(UK)2" in c.secondary_options)) if not there]
    if missing:
        where = ("contract", "dispute_option") if c.dispute_option != "W2" else ("contract", "secondary_options")
        yield Finding(f"The contract has no {text.join(missing)}. The Housing Grants, Construction and Regeneration "
                      "Act 1996 governs payment and adjudication in most construction contracts in England, Wales "
                      "and Scotland; NEC4 meets it with dispute resolution Option W2 and secondary Option Y(UK)2. "
                      "Add them (dispute_option: W2; Y(UK)2 in secondary_options), or waive this warning with the "
                      "reason the Act does not apply.", where)


def threshold_vat(spec: tenderpack.Spec):
    """A works contract whose VAT decides whether it is a public contract gives its value including VAT."""
    if spec.category != "works" or spec.value.estimated_including_vat is not None or spec.framework is not None:
        return
    r = tenderpack.law.regime(spec)
    without = Decimal(spec.value.estimated_excluding_vat)
    if not without < r.threshold <= r.value_including_vat:
        return
    rate = tenderpack.law.amount("thresholds", "thresholds", "vat_rate_percent")
    yield Finding(f"The works are worth {pounds(without)} excluding VAT. With VAT at {rate.normalize():f}% they "
                  f"reach the works threshold of {pounds(r.threshold)} ({tenderpack.law.as_of('thresholds')}), "
                  "without it they do not. Works are not always taxed at that rate (some are zero-rated), and the "
                  "threshold is compared with the value including VAT: give value.estimated_including_vat, so that "
                  "the pack says rightly whether this is a public contract.",
                  ("value", "estimated_excluding_vat"))


def contract_data(spec: tenderpack.Spec):
    """An NEC4 Engineering and Construction Contract's Contract Data part one has the entries the form asks of the
    Client: the pack says which it lacks, in the document too, so the table never passes for the whole of part one.
    (A framework's call-off gives its own site's entries.)"""
    c = spec.contract
    if c is None or c.form != "nec4_ecc":
        return
    scope = (spec.requirements or any(lot.requirements for lot in spec.lots.items)
             or any(a.kind == "specification" for a in spec.attachments))
    lacking = ([] if scope else ["the Scope (requirements, or an attachment of kind specification)"]) \
        + c.ecc_missing(site=spec.framework is None)
    if lacking:
        yield Finding(f"Contract Data part one of the {c.name} lacks {text.join(lacking)}. Bidders price and sign "
                      "the contract on these entries; the pack lists the missing ones in the contract data. Give "
                      "them in contract.data (such as period_for_reply_weeks: 2, tribunal: litigation, "
                      "assessment_interval_weeks: 4, interest_percent: 2, site_information: the "
                      "title of the attached Site Information).", ("contract", "data"))
