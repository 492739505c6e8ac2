"""The words of each form: who the parties and the managers are, and what the buyer's own clauses are called.

The forms' own terms (the Client, the Project Manager, the Employer's Agent, Z clauses) are kept
as the forms write them, since a bidder reads this document beside the form.
"""

from __future__ import annotations

import tenderpack

LAW = {"england_and_wales": "The law of England and Wales", "scotland": "Scots law",
       "northern_ireland": "The law of Northern Ireland"}

# Who receives the Contractor's reports (such as on KPIs) under each form: its manager, else the client (said once,
# in tenderpack.text, so that the social value documents name the same person).
MANAGER = tenderpack.text.FORM_MANAGER

# The titles of the clauses the pack adds (tenderpack.text.added_clauses).
KPI_TITLE = "Key performance indicators"
SOCIAL_VALUE_TITLE = "Social value"


def form_of(spec: tenderpack.Spec):
    """The spec's NEC4 or JCT form (the plugin's documents are planned only when it has one)."""
    form = spec.contract
    assert form is not None and form.family in ("nec4", "jct")
    return form


def client_word(spec: tenderpack.Spec) -> str:
    """'Client' (NEC4) or 'Employer' (JCT)."""
    return "Client" if form_of(spec).family == "nec4" else "Employer"


def x20(spec: tenderpack.Spec) -> bool:
    """The KPIs are Option X20's (an NEC4 form with that Option), not a clause of the buyer's own."""
    form = form_of(spec)
    return form.family == "nec4" and "X20" in form.secondary_options


def has_kpis(spec: tenderpack.Spec) -> bool:
    """The contract has KPIs: its own (kpis) or outcomes marked kpi."""
    return bool(spec.kpis) or any(o.kpi for o in spec.outcomes)


def clause_label(spec: tenderpack.Spec, n: int) -> str:
    """The label of the buyer's n-th clause: 'Z1' (NEC4) or 'Amendment 1' (JCT)."""
    return f"Z{n}" if form_of(spec).family == "nec4" else f"Amendment {n}"


def amendments_title(spec: tenderpack.Spec) -> str:
    """The heading of the buyer's own clauses in this form."""
    return "Z clauses" if form_of(spec).family == "nec4" else "Schedule of amendments"


def amendments_words(spec: tenderpack.Spec) -> str:
    """The buyer's own clauses in a sentence: 'Z clauses' or 'schedule of amendments'."""
    title = amendments_title(spec)
    return title if title == "Z clauses" else title[:1].lower() + title[1:]


def data_title(spec: tenderpack.Spec) -> str:
    """The heading of the buyer's data in this form (said once, in tenderpack.text, for the framework's documents)."""
    form_of(spec)
    return tenderpack.text.form_data_title(spec)


def added_number(spec: tenderpack.Spec, title: str) -> int | None:
    """The number of the clause the pack adds with this title after the buyer's own (tenderpack.text.added_clauses:
    the KPIs, then social value), or None when it adds none."""
    added = tenderpack.text.added_clauses(spec)
    return len(form_of(spec).amendments) + added.index(title) + 1 if title in added else None


def kpi_clause_number(spec: tenderpack.Spec) -> int | None:
    """The number of the clause the pack adds for the KPIs (after the buyer's own), or None when there is none:
    no KPIs, or Option X20 holds them."""
    return added_number(spec, KPI_TITLE)


def social_value_number(spec: tenderpack.Spec) -> int | None:
    """The number of the clause the pack adds to make the social value schedule part of the contract, or None
    without social value."""
    return added_number(spec, SOCIAL_VALUE_TITLE)


def is_framework(spec: tenderpack.Spec) -> bool:
    """The form is for the call-off contracts of a framework: each call-off has its own contract data."""
    return tenderpack.text.is_framework(spec)
