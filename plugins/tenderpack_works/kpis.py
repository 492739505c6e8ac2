"""The contract's KPIs under an NEC4 or JCT form, and the clause that makes them part of the contract.

Under an NEC4 form with Option X20, the KPI table is the incentive schedule for Key Performance
Indicators; the spec sets no incentive payments, so the schedule says none is paid. Without X20 (a JCT
form, the NEC4 Short Contract, or NEC4 without X20) the forms have no KPI terms, so the pack adds one
clause after the buyer's own (a Z clause, or an amendment) that makes the table part of the contract.
A service credit is a term of tenderpack's own services contract, with no place in these forms: rule
TP-WORKS-KPI-CREDIT refuses it.
"""

from __future__ import annotations

import tenderpack
from tenderpack import Heading, Paragraph, Section, Table, text

from .words import MANAGER, clause_label, form_of, has_kpis, kpi_clause_number, x20

REPORTING = {"monthly": "Every month", "quarterly": "Every quarter", "six-monthly": "Every six months",
             "yearly": "Every year"}
PART = "the part “Key performance indicators” of this document"


def if_missed(spec: tenderpack.Spec, kpi=None) -> str:
    """What happens when a KPI's target is missed: the KPI's own words (if_missed: other), else a plan to meet it."""
    if kpi is not None and kpi.if_missed_details:
        details = kpi.if_missed_details.strip()
        return details if details[-1:] in ".!?" else f"{details}."
    manager = MANAGER[form_of(spec).form]
    if x20(spec):
        return (f"If the Contractor forecasts that it will not meet the target, it sends {manager} its proposals "
                "for improving performance (Option X20).")
    clause = clause_label(spec, kpi_clause_number(spec) or 0)
    return f"The Contractor sends {manager} a plan to meet the target ({clause})."


def _lots(spec: tenderpack.Spec, numbers: list[int]) -> str:
    return tenderpack.payments.lot_names(sorted(numbers)).capitalize() if numbers else "Every lot"


def table(spec: tenderpack.Spec) -> Table:
    lots = bool(spec.lots.items)
    rows = [[k.name, k.measure, k.target, REPORTING[k.reporting], if_missed(spec, k)]
            + ([_lots(spec, list(k.lots))] if lots else []) for k in spec.kpis]
    for o in spec.outcomes:
        if o.kpi:
            targets = text.join([f"{t.value} by {text.date(t.by)}" for t in o.targets])
            rows.append([f"{o.id}: {o.indicator.name}", f"In {o.indicator.unit}, from {o.data_source}", targets,
                         o.frequency[:1].upper() + o.frequency[1:], if_missed(spec)]
                        + ([_lots(spec, list(o.lots))] if lots else []))
    return Table.of(["KPI", "How it is measured", "Target", "Reporting", "If the target is missed"]
                    + (["Lot"] if lots else []), rows, caption="The KPIs and their targets",
                    widths=[1.6, 3, 1.4, 1.3, 3] + ([1] if lots else []))


def law(spec: tenderpack.Spec) -> list[Paragraph]:
    """The Act's KPI duties, only for the contracts whose own value brings them in (s.52 and s.71)."""
    regime = tenderpack.law.regime(spec)
    set_kpis, publish = tenderpack.law.cite(spec, "kpis"), tenderpack.law.cite(spec, "kpi-performance")
    if not regime.kpi_duty or not set_kpis:
        return []
    over = [c for c in regime.contracts
            if c.value_including_vat is not None and c.value_including_vat > regime.kpi_value]
    limit = f"{text.money(regime.kpi_value)} including VAT"
    if len(over) == len(regime.contracts) == 1:
        out = [f"This contract is worth more than {limit}. {set_kpis[0].upper() + set_kpis[1:]} requires at least "
               "three KPIs for it, set before it is signed."]
        which = "them"
    else:
        names = text.join([f"the contract for {c.label}" if c.label.startswith("lot ") else c.label for c in over])
        out = [f"Each contract is judged on its own value: {names} {'is' if len(over) == 1 else 'are each'} worth "
               f"more than {limit}.",
               f"{set_kpis[0].upper() + set_kpis[1:]} requires at least three KPIs for "
               f"{'that contract' if len(over) == 1 else 'each of those contracts'}, set before it is signed."]
        which = "its KPIs" if len(over) == 1 else "their KPIs"
    if publish:
        out.append(f"We publish how the Contractor performs against {which} at least every 12 months, as {publish} "
                   "requires.")
    return [Paragraph.of(x) for x in out]


def section(spec: tenderpack.Spec) -> Section | None:
    if not has_kpis(spec):
        return None
    if x20(spec):
        intro = ["This is the incentive schedule for Key Performance Indicators of Option X20. It sets no "
                 "payment for meeting a target.",
                 f"The Contractor reports its performance against each KPI to {MANAGER[form_of(spec).form]} as "
                 "often as the table says."]
    else:
        n = kpi_clause_number(spec) or 0
        intro = [f"These KPIs are part of the contract through {clause_label(spec, n)}, in this document."]
    blocks: list[tenderpack.Block] = [*(Paragraph.of(x) for x in intro), table(spec), *law(spec)]
    return Section("Key performance indicators", blocks, order=200, key="works:kpis", page_break_before=True)


def clause(spec: tenderpack.Spec) -> list[tenderpack.Block]:
    """The clause the pack adds for the KPIs when the form has no KPI terms of its own (no Option X20)."""
    n = kpi_clause_number(spec)
    if n is None:
        return []
    manager = MANAGER[form_of(spec).form]
    return [Heading(f"{clause_label(spec, n)}: Key performance indicators", level=2),
            Paragraph.of(f"The Contractor measures its performance against each key performance indicator (KPI) in "
                         f"{PART}. It reports to {manager} as often as that part says."),
            Paragraph.of("Each report gives the figure for each KPI, its target and the evidence behind the figure."),
            Paragraph.of("If the Contractor misses a target, it does what that part says for that KPI.")]
