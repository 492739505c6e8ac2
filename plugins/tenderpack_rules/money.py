"""Rules on value: the threshold, payment terms, and KPIs for large contracts."""

from __future__ import annotations

import tenderpack
from tenderpack import Finding

from .common import above_threshold_procedure, pounds, threshold, value_with_vat
from .data import as_of, figure, money


def threshold_check(spec: tenderpack.Spec):
    """A contract worth at least the threshold uses one of the Act's competitive procedures."""
    value, assumed = value_with_vat(spec)
    limit, kind = threshold(spec)
    vat = " (VAT at 20% assumed: give value.estimated_including_vat)" if assumed else ""
    if not above_threshold_procedure(spec) and value >= limit:
        yield Finding(f"The contract is worth {pounds(value)} including VAT{vat}, at or above the threshold of "
                      f"{pounds(limit)} for {kind} ({as_of('thresholds')}). Use the open or the competitive "
                      "flexible procedure, not below_threshold.", ("procedure", "type"))


def payment(spec: tenderpack.Spec):
    """Payment within 30 days of a valid invoice."""
    most = int(figure("thresholds", "payment", "max_days"))
    if spec.commercial.payment_days > most:
        yield Finding(f"Payment is due {spec.commercial.payment_days} days after a valid invoice; the law implies "
                      f"payment within {most} days into every public contract.", ("commercial", "payment_days"))


def kpis(spec: tenderpack.Spec):
    """Contracts over £5 million have at least three key performance indicators."""
    over = money("thresholds", "key_performance_indicators", "value_over")
    least = int(figure("thresholds", "key_performance_indicators", "minimum"))
    value, _ = value_with_vat(spec)
    if value <= over:
        return
    count = sum(1 for o in spec.outcomes if o.kpi) + len(getattr(spec, "kpis", None) or ())
    if count < least:
        yield Finding(f"The contract is worth {pounds(value)} including VAT, over {pounds(over)}, so it needs at least "
                      f"{least} key performance indicators, set before the contract is signed and published. "
                      f"The spec has {count}: mark outcomes as kpi: true, or add outcomes.", ("outcomes",))

