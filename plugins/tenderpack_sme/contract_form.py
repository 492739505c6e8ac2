"""The contract for small firms when the spec names its form (spec.contract): an NEC4 or JCT form, named and never
carried, with the buyer's part of it in the pack; or a government model contract the buyer attaches.

The pack's own "Draft contract" is then not in the pack, so no document for small firms may point to it or sum
up its clauses: each asks here for the words instead.
"""

from __future__ import annotations

import tenderpack
from tenderpack import text

DRAFT_CONTRACT = "draft-contract"


def own_clauses(spec: tenderpack.Spec, clauses=()) -> list:
    """The library's clauses that are the contract's: none of the draft contract's when the spec names another form."""
    return [c for c in clauses or () if spec.contract is None or c.document != DRAFT_CONTRACT]


def _attached(spec: tenderpack.Spec) -> str:
    """'“Short Form Contract” (attachments/short-form.docx)': the attached file of a model contract."""
    form = spec.contract
    assert form is not None
    found = [a for role, a in form.parts(spec.attachments) if role == "contract"]
    return f"“{found[0].title}” ({found[0].pack_path})" if found else "the folder “attachments”"


def about(spec: tenderpack.Spec) -> list[str]:
    """What the contract is, in short sentences: the form and its edition, and where its terms are."""
    form = spec.contract
    assert form is not None
    if form.data_name is None:
        return [f"The contract is the {form.name} ({form.edition}).",
                f"It is in this pack, in {_attached(spec)}."]
    if text.is_framework(spec):   # each call-off contract is on the form, with its own contract data
        return [f"Each call-off contract is the {form.name} ({form.edition}).",
                "This pack does not include the form itself: you need your own copy.",
                f"Our data and our {form.amendment_word}s (our changes to the form) are in “{form.data_name}”. The "
                f"body that awards a call-off contract fills in the rest of its {text.form_data_title(spec)}, such as "
                "its dates."]
    return [f"The contract is the {form.name} ({form.edition}).",
            "This pack does not include the form itself: you need your own copy.",
            f"Our data and our {form.amendment_word}s (our changes to the form) are in “{form.data_name}”."]


def full_terms(spec: tenderpack.Spec) -> str:
    """Where the full terms are, for 'X has the full terms. If the two differ, X counts.'"""
    form = spec.contract
    assert form is not None
    if form.data_name is None:
        return f"the {form.name}"
    return f"the {form.name}, with our “{form.data_name}”,"


def kpis_where(spec: tenderpack.Spec) -> str:
    """The document that says how each KPI is measured (an NEC4 or JCT form: the buyer's part of it)."""
    form = spec.contract
    assert form is not None
    return f"“{form.data_name}”" if form.data_name else f"the {form.name}"


def lines(spec: tenderpack.Spec) -> list[str]:
    """What the contract says, from the facts the spec gives: the dates, damages, retention, defects and the buyer's
    own changes. A government model contract is the buyer's own file: it is pointed to, not summed up."""
    form = spec.contract
    assert form is not None
    if form.data_name is None:
        return [f"The {form.name} sets out the terms in full. Read it in {_attached(spec)}."]
    data = form.data
    out = []
    if form.form != "nec4_tsc" and text.is_framework(spec):   # the framework's end is not a call-off's
        out.append("Each call-off contract gives the date by which its work must be complete (the completion date).")
    elif form.form != "nec4_tsc" and (one := text.one_term(spec)) is not None:
        # a works form: the end of the term is the day the work must be complete
        out.append(f"The whole of the work must be complete by {text.date(one.end)} (the completion date).")
    elif form.form != "nec4_tsc":   # each lot is a contract of its own, with its own completion date
        out += [f"The work of lot {lot.number} must be complete by {text.date(text.term(spec, lot).end)} (its "
                "completion date)." for lot in spec.lots.items]
    if form.main_option is not None:   # the main Option decides how you are paid; the rest are in our data
        main = form.option_list()[0].removeprefix("main ")
        out.append(f"It uses {main}. Our data lists the other Options.")
    if data is not None and data.delay_damages is not None:
        kind = "delay damages" if form.family == "nec4" else "liquidated damages"
        out.append(f"If the work is late, you pay us {text.money(data.delay_damages)} for each "
                   f"{data.delay_damages_per} of delay ({kind}).")
    if data is not None and data.retention_percent is not None:
        out.append(f"We keep back {text.percent(data.retention_percent)} of each payment for a time, as the form "
                   "says (retention).")
    if data is not None and data.defects_weeks is not None:
        out.append(f"You put right the defects found up to {text.plural(data.defects_weeks, 'week')} after the work "
                   "is complete.")
    if data is not None and data.rectification_months is not None:
        out.append(f"You put right the defects that appear up to {text.months(data.rectification_months)} after the "
                   "work is complete.")
    # the clauses the pack adds after ours, to make the KPIs and the social value schedule part of the contract
    titles = [a.title for a in form.amendments] + text.added_clauses(spec)
    if titles:
        out.append(f"We change the form with {text.plural(len(titles), form.amendment_word)}: {text.join(titles)}.")
    return out


def pay_line(spec: tenderpack.Spec) -> str:
    """How we pay, when the buyer's own words (commercial.price_basis) are not short enough to quote."""
    form = spec.contract
    assert form is not None
    if form.data_name is None:
        return f"How we pay: the {form.name} sets this out."
    return f"How we pay: the form and our “{form.data_name}” set this out."


def summary_note(spec: tenderpack.Spec) -> str:
    """Which terms count when this summary and the contract differ."""
    form = spec.contract
    assert form is not None
    if form.data_name is None:
        return f"The {form.name} has the full terms. If the two differ, it counts."
    return (f"The {form.name}, with our “{form.data_name}”, has the full terms. If the two differ, "
            "the contract counts.")


def accepted(spec: tenderpack.Spec) -> str:
    """The terms a bidder accepts in its form of tender."""
    form = spec.contract
    assert form is not None
    if text.is_framework(spec):   # the framework agreement, and the form of each call-off contract
        return (f"You accept the terms of the “Framework agreement” in this pack. Each call-off contract is the "
                f"{form.name} ({form.edition}). You accept its terms, with our “{form.data_name}”.")
    if form.data_name is None:
        return f"You accept the terms of the {form.name} ({form.edition}) in this pack, in {_attached(spec)}."
    return (f"You accept the terms of the {form.name} ({form.edition}). Our “{form.data_name}” in this pack "
            "is part of it.")
