"""Which contract the social value commitments become part of, and how: the words that differ with its form.

- tenderpack's own draft contract (or, for a framework, its call-off contract template): the schedule is part
  of its Schedule 4, and the contract's clause on KPIs says when reports are due and what a missed target means.
- An NEC4 or JCT form (spec.contract): the pack adds a clause after the buyer's own (a Z clause, or an
  amendment; tenderpack.text.added_clause names it) that makes the schedule part of the contract; reports go to
  the form's manager, and a missed target means a plan to meet it.
- A government model contract the buyer attaches: its own terms take the commitments in, through its order form.
  The pack carries no schedule of its own and does not claim one is part of the contract.
"""

from __future__ import annotations

import tenderpack
from tenderpack import text

OWN, FORM, MODEL = "own", "form", "model"
TITLE = "Social value"   # the title of the clause the pack adds to an NEC4 or JCT form


def kind(spec: tenderpack.Spec) -> str:
    """'own' (tenderpack's own contract), 'form' (NEC4 or JCT) or 'model' (an attached model contract)."""
    form = spec.contract
    if form is None:
        return OWN
    return MODEL if form.data_name is None else FORM


def has_schedule(spec: tenderpack.Spec) -> bool:
    """The pack carries its own "Social value schedule": not with an attached model contract, whose own terms
    take the commitments in."""
    return kind(spec) != MODEL


def clause(spec: tenderpack.Spec) -> str:
    """The clause the pack adds to an NEC4 or JCT form: 'Z5' or 'Amendment 3'."""
    label = text.added_clause(spec, TITLE)
    assert label is not None   # asked only for a form, with social value
    return label


def clause_in(spec: tenderpack.Spec) -> str:
    """'Z5, in “Contract Data part one and Z clauses”'."""
    return f"{clause(spec)}, in “{data_name(spec)}”"


def data_name(spec: tenderpack.Spec) -> str:
    form = spec.contract
    assert form is not None and form.data_name is not None
    return form.data_name


def manager(spec: tenderpack.Spec) -> str:
    """Who receives the reports under an NEC4 or JCT form, said to a bidder: 'the Project Manager', or 'us' where
    the form has no manager and the Client receives them (the NEC4 Short Contract)."""
    said = text.form_manager(spec)
    return "us" if said == "the Client" else said


def call_off_manager(spec: tenderpack.Spec) -> str:
    """The same for a call-off contract: 'the Project Manager of that call-off contract', or the body that awarded
    it."""
    said = text.form_manager(spec)
    if said == "the Client":
        return "the body that awarded the call-off contract"
    return f"{said} of that call-off contract"


def form_name(spec: tenderpack.Spec) -> str:
    form = spec.contract
    assert form is not None
    return form.name


def x20(spec: tenderpack.Spec) -> bool:
    """NEC4's Option X20 holds the contract's own KPIs: the commitments are kept apart from its incentives."""
    form = spec.contract
    return form is not None and form.family == "nec4" and "X20" in form.secondary_options


def order_form(spec: tenderpack.Spec) -> str:
    """The attached model contract's order form, for a sentence: '“Order form” (attachments/order-form.docx)'."""
    form = spec.contract
    assert form is not None
    found = [a for role, a in form.parts(spec.attachments) if role == "order form"]
    return f"“{found[0].title}” ({found[0].pack_path})" if found else "its order form"
