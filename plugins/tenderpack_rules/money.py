"""Rules on value: the threshold, payment terms, and KPIs for large contracts."""

from __future__ import annotations

import re
from collections import defaultdict

import tenderpack
from tenderpack import Finding, text

from .common import lots_words, pounds

_LOT = re.compile(r"\blot (\d+)\b")


def threshold_check(spec: tenderpack.Spec):
    """A contract worth at least the threshold uses one of the Act's competitive procedures."""
    r = tenderpack.law.regime(spec)
    if spec.procedure.type.value != "below_threshold" or r.value_including_vat < r.threshold:
        return
    rate = tenderpack.law.amount("thresholds", "thresholds", "vat_rate_percent")
    vat = f" (VAT at {rate.normalize():f}% assumed: give value.estimated_including_vat)" if r.vat_assumed else ""
    yield Finding(f"The contract is worth {pounds(r.value_including_vat)} including VAT{vat}, at or above the threshold "
                  f"of {pounds(r.threshold)} for {r.threshold_kind} ({tenderpack.law.as_of('thresholds')}). Use the "
                  "open or the competitive flexible procedure, not below_threshold.", ("procedure", "type"))


def payment(spec: tenderpack.Spec):
    """Payment within 30 days of a valid invoice."""
    most = int(tenderpack.law.figure("thresholds", "payment", "max_days"))
    if spec.commercial.payment_days > most:
        # The Act implies the term into public contracts (s.68) and below-threshold ones (s.88) alike.
        into = ("every public contract (s.68)" if tenderpack.law.applies(spec, "payment")
                else "every below-threshold contract (s.88)")
        yield Finding(f"Payment is due {spec.commercial.payment_days} days after a valid invoice; the law implies "
                      f"payment within {most} days into {into}.", ("commercial", "payment_days"))


def _for_lot(lots: list[int], lot: int | None) -> bool:
    return lot is None or not lots or lot in lots


def _kpis_for(spec: tenderpack.Spec, lot: int | None) -> int:
    """The KPIs that apply to one contract: the contract KPIs (kpis) and the outcomes marked kpi, of its lot
    (or of every lot)."""
    return (sum(1 for k in spec.kpis if _for_lot(k.lots, lot))
            + sum(1 for o in spec.outcomes if o.kpi and _for_lot(o.lots, lot)))


def kpis(spec: tenderpack.Spec):
    """A public contract whose own value is over £5 million has at least three KPIs (s.52).

    The value is each contract's own (a lot; one authority's contract when each signs its
    own), as ``tenderpack.law.regime`` works it out: not the total of a joint procurement.
    """
    r = tenderpack.law.regime(spec)
    if not r.kpi_duty:
        return
    least = int(tenderpack.law.figure("thresholds", "key_performance_indicators", "minimum"))
    over = [c for c in r.contracts if c.value_including_vat is not None and c.value_including_vat > r.kpi_value]
    by_lot: dict[int | None, list] = defaultdict(list)
    for c in over:
        found = _LOT.search(c.label) if spec.lots.items else None
        by_lot[int(found.group(1)) if found else None].append(c)
    cite = tenderpack.law.cite(spec, "kpis")
    for lot, contracts in by_lot.items():
        count = _kpis_for(spec, lot)
        if count >= least:
            continue
        names = text.join([f"{c.label} ({pounds(c.value_including_vat)})" for c in contracts])
        which = f" for {lots_words([lot])}" if lot is not None else ""
        fix = _kpi_fix(spec, lot, least, count)
        verb = "is" if len(contracts) == 1 else "are each"
        yield Finding(f"{names[0].upper()}{names[1:]} {verb} worth over {pounds(r.kpi_value)} including VAT, so "
                      f"{'it needs' if len(contracts) == 1 else 'each needs'} at least {least} key performance "
                      f"indicators, set before it is signed ({cite}). The spec has {count}{which}: {fix}.",
                      _kpi_place(spec, lot))


def _kpi_fix(spec: tenderpack.Spec, lot: int | None, least: int, count: int) -> str:
    """What to write: contract KPIs under kpis:, or outcomes that are KPIs (as the spec already has them)."""
    where = f" with lots: [{lot}]" if lot is not None else ""
    kpis = (f"add {least - count} or more under kpis:{where}, each with its name, measure, target, reporting and "
            "what happens if it is missed (if_missed)")
    if "kpis" in spec.model_fields_set:
        unmarked = [o.id for o in spec.outcomes if not o.kpi and _for_lot(o.lots, lot)]
        return kpis + (f"; or mark outcome {text.join(unmarked, 'or')} as kpi: true" if unmarked else "")
    if "outcomes" not in spec.model_fields_set:
        outcomes = (f"add outcomes: with at least {least} outcomes for {lots_words([lot])} (lots: [{lot}]); each is a "
                    "KPI unless it says kpi: false" if lot is not None else
                    f"add outcomes: with at least {least} outcomes; each is a KPI unless it says kpi: false")
    else:
        outcomes = (f"mark outcomes for {lots_words([lot])} as kpi: true, or add outcomes with lots: [{lot}]"
                    if lot is not None else "mark outcomes as kpi: true, or add outcomes")
    return f"{kpis}; or {outcomes}"


def _kpi_place(spec: tenderpack.Spec, lot: int | None) -> tuple:
    """Where the buyer adds the missing KPIs: the contract KPIs (kpis) when written; else an outcome of the
    contract marked kpi: false, else the outcomes; with neither written at all, the value that brings the duty
    (there is no line for KPIs yet)."""
    if "kpis" in spec.model_fields_set:
        return ("kpis",)
    if "outcomes" in spec.model_fields_set:
        for i, o in enumerate(spec.outcomes):
            if not o.kpi and _for_lot(o.lots, lot):
                return ("outcomes", i, "kpi")
        return ("outcomes",)
    for i, item in enumerate(spec.lots.items):
        if item.number == lot and item.value is not None:
            return ("lots", "items", i, "value")
    if spec.value.estimated_including_vat is not None:
        return ("value", "estimated_including_vat")
    return ("value", "estimated_excluding_vat")
