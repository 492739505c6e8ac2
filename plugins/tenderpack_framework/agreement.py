"""The framework agreement: the framework's terms, which the suppliers appointed to it sign.

Its parties, who may award call-off contracts, how long it runs, whether it is closed or open
(and when an open one is reopened), the suppliers on each lot, the framework fee, how call-off
contracts are awarded and what happens at a call-off. Short sections, plain words; every
sentence rests on a field of the spec.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, Paragraph, Section, Table, text

from . import words
from .words import capital, md


def sections(spec: tenderpack.Spec) -> list[Section]:
    return [about(spec), parties(spec), who_may_call_off(spec), term(spec), suppliers(spec), calling_off(spec),
            *fee(spec), changes_and_law(spec), signatures(spec)]


def about(spec: tenderpack.Spec) -> Section:
    cited = words.framework_cited(spec)
    several = text.several_winners(spec)
    blocks: list[tenderpack.Block] = [
        Paragraph.of("This is the framework agreement. It sets the terms on which call-off contracts are awarded "
                     "to the suppliers on the framework."
                     + (f" It is a framework under {cited}." if cited else "")),
        Paragraph.of(f"{words.we_means(spec)} “You” means {'a' if several else 'the'} supplier we appoint to the "
                     "framework."),
        words.key_facts(spec, "This framework at a glance"),
        Paragraph.of("Every supplier we appoint signs this agreement, on the same terms." if several
                     else "The supplier we appoint signs this agreement."),
        Paragraph.of("We publish it with the tender so that you know its terms before you bid. "
                     f"Before {text.final_deadline_name(spec)} we will tell every bidder of any change to them."),
    ]
    return Section("About this framework agreement", blocks, order=10, key="framework:about")


def parties(spec: tenderpack.Spec) -> Section:
    blocks: list[tenderpack.Block] = []
    if spec.buyer.participants:
        blocks.append(Paragraph.of(f"The parties are {words.buyers(spec)}, buying together, and each supplier we "
                                   "appoint to the framework."))
        blocks.append(Paragraph.of(f"{spec.buyer.lead.name} runs the framework for all of us."))
    else:
        blocks.append(Paragraph.of(f"The parties are {spec.buyer.lead.name} and each supplier we appoint to the "
                                   "framework."))
    return Section("The parties", blocks, order=20, key="framework:parties")


def who_may_call_off(spec: tenderpack.Spec) -> Section:
    blocks = words.who_may_blocks(spec)
    blocks.append(Paragraph.of("A body that awards a call-off contract signs it with the supplier, and pays for the "
                               "work it orders."))
    return Section("Who may award call-off contracts", blocks, order=30, key="framework:who")


def term(spec: tenderpack.Spec) -> Section:
    blocks: list[tenderpack.Block] = [Paragraph.of(s) for s in words.term_sentences(spec)]
    blocks += words.longer_term_blocks(spec)
    blocks += [Paragraph.of(s) for s in words.kind_sentences(spec)]
    return Section("How long the framework runs", blocks, order=40, key="framework:term")


def suppliers(spec: tenderpack.Spec) -> Section:
    blocks = words.suppliers_blocks(spec)
    return Section("The suppliers on the framework", blocks, order=50, key="framework:suppliers")


def calling_off(spec: tenderpack.Spec) -> Section:
    blocks: list[tenderpack.Block] = [Paragraph.of(words.methods_sentence(spec))]
    call_off = words.framework(spec).call_off
    if cited := tenderpack.law.cite(spec, "framework-call-off"):
        blocks.append(Paragraph.of(f"{capital(cited)} sets out how call-off contracts are awarded."))
    if call_off.direct_award is not None:
        blocks.append(Heading("Direct award", level=2))
        blocks.append(Paragraph.of("A body may award a call-off contract without a competition, on these objective "
                                   "terms:"))
        blocks += md(call_off.direct_award.terms)
    if call_off.competition is not None:
        blocks.append(Heading("Call-off competition", level=2))
        blocks.append(Paragraph.of(f"A body may award a call-off contract after a competition among "
                                   f"{words.among(spec)}, judged on "
                                   + ("these criteria:" if call_off.competition.criteria else "these terms:")))
        blocks += words.criteria_table(spec)
        blocks += md(call_off.competition.description)
        if cap := text.call_off_ceiling(spec):   # pricing.call_off_ceiling: a term of the framework
            blocks.append(Paragraph.of(cap))
    single = words.single_supplier_lots(spec)
    if single and call_off.direct_award is not None and call_off.competition is not None:
        if single == [None]:
            blocks.append(Paragraph.of("The framework has one supplier, so its call-off contracts are awarded "
                                       "directly, on the terms above."))
        else:
            which, has, its = words.one_supplier_subject(single)
            blocks.append(Paragraph.of(f"{which} {has} one supplier, so {its} call-off contracts are awarded "
                                       "directly, on the terms above."))
    blocks.append(Heading("At each call-off", level=2))
    prices = ("the prices from the supplier's tender, or from its bid in the call-off competition"
              if call_off.competition is not None else "the prices from the supplier's tender")
    blocks.append(Paragraph.of(" ".join(words.call_off_terms(spec, "The body that awards it",
                                                             prices.removeprefix("the prices from ")))))
    blocks.append(Paragraph.of("Work is ordered only through call-off contracts. The “Call-off procedure” sets out "
                               "each step."))
    return Section("How call-off contracts are awarded", blocks, order=60, key="framework:call-off")


def fee(spec: tenderpack.Spec) -> list[Section]:
    said = words.fee_sentences(spec)
    if not said:
        return []
    return [Section("Framework fee", [Paragraph.of(s) for s in said], order=70, key="framework:fee")]


def changes_and_law(spec: tenderpack.Spec) -> Section:
    law = {"england_and_wales": "England and Wales", "scotland": "Scotland",
           "northern_ireland": "Northern Ireland"}[spec.commercial.governing_law]
    blocks: list[tenderpack.Block] = [
        Paragraph.of(f"The law of {law} governs this agreement and every call-off contract under it."),
    ]
    return Section("The law", blocks, order=80, key="framework:law")


def signatures(spec: tenderpack.Spec) -> Section:
    rows = [[a.name, a.signatory or "Authorised signatory", "", ""] for a in spec.authorities]
    rows.append(["The supplier", "Authorised signatory", "", ""])
    blocks: list[tenderpack.Block] = [
        Paragraph.of("We and each supplier we appoint sign this agreement." if text.several_winners(spec)
                     else "We and the supplier we appoint sign this agreement."),
        Table.of(["Party", "Signed by (role)", "Signature", "Date"], rows, widths=[3, 3, 2, 1.5]),
    ]
    return Section("Signatures", blocks, order=90, key="framework:signatures", page_break_before=True)
