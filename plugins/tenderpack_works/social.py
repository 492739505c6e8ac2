"""The clause that makes the social value schedule part of an NEC4 or JCT contract.

The social value plugin writes the "Social value schedule" (the winning commitments as KPIs, and how they are
reported); these forms have no place for it, so the pack adds one clause after the buyer's own (and after its KPI
clause, if any): a Z clause under NEC4, an amendment under JCT. It says what the schedule holds, who receives the
reports, what happens when a target is missed and how a commitment changes, which the schedule then points to.
Under NEC4 with Option X20 the commitments stay apart from X20's incentive schedule: no incentive is paid on them.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, Paragraph

from .words import MANAGER, clause_label, client_word, form_of, social_value_number, x20

REPORTING = {"monthly": "every month", "quarterly": "every quarter", "six-monthly": "every six months",
             "yearly": "every year"}


def clause(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """The clause, or nothing without social value."""
    n = social_value_number(spec)
    sv = spec.social_value
    if n is None or sv is None:
        return []
    manager, client = MANAGER[form_of(spec).form], client_word(spec)
    out: list[tenderpack.Block] = [
        Heading(f"{clause_label(spec, n)}: Social value", level=2),
        Paragraph.of("The document “Social value schedule” in the tender pack is part of this contract. Before this "
                     f"contract is signed, the {client} writes into it the social value commitments from the "
                     "Contractor's tender, each with its measure and target."),
        Paragraph.of(f"The Contractor keeps each commitment. It reports its progress on each to {manager} "
                     f"{REPORTING[sv.reporting]}, for the period just ended, with the evidence that schedule asks "
                     "for."),
        Paragraph.of(f"If the Contractor misses a target, or forecasts that it will, it sends {manager} a plan to "
                     "meet it."),
        Paragraph.of(f"A commitment changes only when the {client} agrees the change in writing. The new "
                     "commitment is worth at least as much as the old one."),
    ]
    if x20(spec):
        out.append(Paragraph.of("The social value commitments are not Key Performance Indicators of Option X20: "
                                "no incentive is paid for them."))
    return out


def about(spec: tenderpack.Spec) -> str | None:
    """What the clause does, said in "About this document" (the contract text itself carries no drafting note)."""
    n = social_value_number(spec)
    if n is None:
        return None
    return f"{clause_label(spec, n)} makes the social value schedule part of the contract."
