"""The call-off procedure: how call-off contracts are awarded under the framework, step by step.

Direct award on the framework's objective terms, a competition among the framework's (or
the lot's) suppliers judged on its criteria, or both, as the spec says; then what a call-off
contract is. Each way appears only when the spec uses it.
"""

from __future__ import annotations

import tenderpack
from tenderpack import ListBlock, Paragraph, Section

from . import words
from .words import capital, md

LAW = {"england_and_wales": "England and Wales", "scotland": "Scotland", "northern_ireland": "Northern Ireland"}


def sections(spec: tenderpack.Spec) -> list[Section]:
    call_off = words.framework(spec).call_off
    out = [about(spec), who(spec)]
    if call_off.direct_award is not None:
        out.append(direct_award(spec))
    if call_off.competition is not None:
        out.append(competition(spec))
    out.append(the_contract(spec))
    return out


def about(spec: tenderpack.Spec) -> Section:
    blocks: list[tenderpack.Block] = [
        Paragraph.of("This document explains how call-off contracts are awarded under the framework, step by step."),
        Paragraph.of("In it, “the buyer” means a body that awards a call-off contract under the framework. "
                     "“You” means a supplier on the framework."),
        Paragraph.of(words.methods_sentence(spec)),
    ]
    call_off = words.framework(spec).call_off
    if call_off.direct_award is not None and call_off.competition is not None:
        blocks.append(Paragraph.of("The buyer uses a direct award only where the framework's objective terms allow "
                                   "it. Otherwise it runs a call-off competition."))
    if cited := tenderpack.law.cite(spec, "framework-call-off"):
        blocks.append(Paragraph.of(f"{capital(cited)} sets out how call-off contracts are awarded."))
    return Section("About this procedure", blocks, order=10, key="call-off:about")


def who(spec: tenderpack.Spec) -> Section:
    return Section("Who may award call-off contracts", words.who_may_blocks(spec), order=20, key="call-off:who")


def direct_award(spec: tenderpack.Spec) -> Section:
    terms = words.framework(spec).call_off.direct_award.terms
    steps = [
        "The buyer decides what work it needs.",
        "It chooses the supplier on the framework's objective terms, set out below. There is no competition.",
        f"It sends that supplier a call-off contract{words.filled_from(spec)}.",
        "The supplier signs it. The work starts on the date the call-off contract gives.",
    ]
    blocks: list[tenderpack.Block] = [ListBlock.of(*steps, ordered=True),
                                      Paragraph.of("The objective terms are:"), *md(terms)]
    return Section("Direct award", blocks, order=30, key="call-off:direct")


def competition(spec: tenderpack.Spec) -> Section:
    c = words.framework(spec).call_off.competition
    among = words.among(spec)
    weighted = bool(c.criteria) and all(x.weight is not None for x in c.criteria)
    steps = [
        "The buyer writes down the work it needs.",
        f"It invites {among} to bid for the call-off contract, and says by when.",
        "It judges the bids on the criteria below" + (", with their weights." if weighted else "."),
        "It awards the call-off contract to the supplier whose bid scores highest." if weighted else
        "It awards the call-off contract to the supplier whose bid best meets the criteria.",
        f"It signs a call-off contract with that supplier{words.filled_from(spec)}.",
    ]
    blocks: list[tenderpack.Block] = [ListBlock.of(*steps, ordered=True)]
    if cap := tenderpack.text.call_off_ceiling(spec):   # pricing.call_off_ceiling: said where bids are made
        blocks.append(Paragraph.of(cap))
    if c.criteria:
        blocks.append(Paragraph.of("The criteria are:"))
        blocks += words.criteria_table(spec)
    blocks += md(c.description)
    single = words.single_supplier_lots(spec)
    if single and words.framework(spec).call_off.direct_award is not None:
        if single == [None]:
            blocks.append(Paragraph.of("The framework has one supplier, so there is no competition: its call-off "
                                       "contracts are awarded directly."))
        else:
            which, has, its = words.one_supplier_subject(single)
            blocks.append(Paragraph.of(f"{which} {has} one supplier, so there is no competition for {its} "
                                       "call-off contracts: they are awarded directly."))
    return Section("Call-off competition", blocks, order=40, key="call-off:competition")


def _filled_in(spec: tenderpack.Spec) -> str:
    """What each call-off contract follows, and what the buyer writes into it."""
    form = words.call_off_form(spec)
    if form is None:
        return ("Each one follows the “Call-off contract (template)” in this pack. The buyer fills it in with its own "
                "name, the work it orders, the call-off contract's dates and the supplier's prices.")
    return (f"Each one is the {form.title}. Our “{form.data_name}” in this pack is part of it. The buyer fills in "
            f"the call-off contract's own {tenderpack.text.form_data_title(spec)}, with its own name, the work it "
            "orders and the call-off contract's dates. It adds the supplier's prices.")


def the_contract(spec: tenderpack.Spec) -> Section:
    c = spec.commercial
    blocks: list[tenderpack.Block] = [
        Paragraph.of("A call-off contract is a contract for a piece of work under the framework, between the buyer "
                     "and one supplier."),
        Paragraph.of(_filled_in(spec)),
        Paragraph.of(f"The law of {LAW[c.governing_law]} governs it. The buyer pays every valid invoice within "
                     f"{c.payment_days} days."),
    ]
    blocks += [Paragraph.of(s) for s in words.fee_sentences(spec, payee=words.buyers(spec))]
    return Section("What a call-off contract is", blocks, order=50, key="call-off:contract")
