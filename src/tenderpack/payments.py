"""How payment depends on an outcome (public API: ``tenderpack.payments``).

In full sentences (who pays how much, for which outcome, on what evidence, by when), as a
formula in words with a worked example from the spec's own figures, and in a few words for
the tables.

The formulas, for each kind of payment link:

- fee at risk: the at-risk share for a period = the charges for the outcome's lots in the
  period x percent_at_risk; the amount paid of it = the at-risk share x achievement, where
  achievement is 1 when the result for the period meets the target in force and 0 when it
  misses it (the spec has no partial achievement, so there is no part payment); capped when
  the spec gives a cap. The worked example is one contract: the lead authority's own share
  when each authority signs its own, with one supplier of the lot;
- price per outcome: amount x the number of results above the baseline in the period, capped;
  when the indicator is a percentage, the number above the baseline = the indicator's count
  - baseline % x the total it divides by;
- bonus: amount x the number of periods (years, for a yearly payment) in which the result
  meets the target, capped.

A target can be met early, but it is missed only once its date has passed. A cap is for all
contracts together when more than one contract carries the payment (each authority's own,
each supplier's, each lot's).

For a framework, each call-off contract carries the payment: the body that awards it pays,
the at-risk share is worked out on that call-off contract's charges, a cap is for the call-off
contracts the spec says, the baseline is set in the framework's first year, and the worked
example of a fee at risk takes one call-off contract with made-up charges (a lot's estimated
value is what all its call-off contracts may add up to, and no supplier holds one contract for
a lot).

It lives here, not in one plugin, because the outcome specification and the contract's
charges schedule must give the same formula, worked example, cap and timing.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from typing import TYPE_CHECKING

from . import text

if TYPE_CHECKING:
    from .spec import Spec

# How a payment's timing (or the outcome's frequency) names its period: the words to look
# for, in this order, and the period's length in months and name.
PERIODS = (
    ("six-month", 6, "half-year"), ("six month", 6, "half-year"), ("half-year", 6, "half-year"),
    ("half year", 6, "half-year"), ("quarter", 3, "quarter"), ("month", 1, "month"),
    ("annual", 12, "year"), ("year", 12, "year"),
)

# How many results the worked example of a price per outcome counts in one period.
EXAMPLE_RESULTS = 20
# The total a percentage indicator divides by in the worked example of a price per outcome
# (the first that makes the baseline a whole number), and the baseline it supposes when the
# baseline is set in year 1 (this many points below the first target, else DEFAULT_BASELINE).
EXAMPLE_TOTALS = (200, 1000, 10000)
BASELINE_BELOW_TARGET = Decimal(5)
DEFAULT_BASELINE = Decimal(40)
# How many periods the worked example of a bonus counts.
EXAMPLE_BONUSES = 2
# The charges used in a fee-at-risk example when the spec gives no value to derive them from.
FALLBACK_CHARGES = Decimal(10_000)


def unit_of(payment) -> str:
    """What one payment is for, without a leading 'per' or 'each': 'person who needs no ongoing care'."""
    unit = (payment.unit or "").strip().rstrip(".")
    for lead in ("for each ", "per ", "each "):
        if unit.lower().startswith(lead):
            unit = unit[len(lead):]
    return unit


# --------------------------------------------------------------------------- facts an outcome's payment rests on


def lots_of(spec: "Spec", outcome) -> list:
    """The lots the outcome applies to (every lot when it names none); empty when there are no lots."""
    return [lot for lot in spec.lots.items if text.for_lot(list(outcome.lots), lot.number)]


lot_names = text.lot_names   # 'lot 1', 'lots 1 and 2': kept here too, for the plugins that read it here


def applies_to(spec: "Spec", outcome, short: bool = False) -> str:
    """'Lot 1: Reablement and home care' ('Lot 1' when short), 'Every lot', or '' when the contract has no lots."""
    if not spec.lots.items:
        return ""
    if not outcome.lots:
        return "Every lot"
    if short:
        return lot_names(sorted(outcome.lots)).capitalize()
    return "; ".join(f"Lot {lot.number}: {lot.title}" for lot in lots_of(spec, outcome))


def framework(spec: "Spec") -> bool:
    """The tender sets up a framework: the payment is carried by each call-off contract."""
    return text.is_framework(spec)


# Who pays under a call-off contract: neither the buyer that sets the framework up nor "we" of its documents.
CALL_OFF_PAYER = "the body that awards the call-off contract"


def charges_for(spec: "Spec", outcome) -> str:
    """'your charges', 'your charges for lot 1', 'your charges for each lot'; for a framework, 'your charges under
    each call-off contract (under lot 1)'."""
    if framework(spec):
        under = f" under {lot_names(sorted(outcome.lots))}" if spec.lots.items and outcome.lots else ""
        return f"your charges under each call-off contract{under}"
    if not spec.lots.items:
        return "your charges"
    if not outcome.lots:
        return "your charges for each lot"
    return f"your charges for {lot_names(sorted(outcome.lots))}"


def separate_contracts(spec: "Spec") -> bool:
    """Each authority of a joint procurement signs its own contract."""
    return bool(spec.buyer.participants) and spec.buyer.contracts == "each_authority"


def suppliers_of(spec: "Spec", lot=None) -> int:
    """How many suppliers win the lot (or the contract, with no lots)."""
    return (lot.suppliers if lot is not None and lot.suppliers else None) or spec.award.suppliers


def several_contracts(spec: "Spec", outcome) -> bool:
    """More than one contract carries the outcome's payment: each authority's own, each supplier's, each lot's."""
    lots = lots_of(spec, outcome)
    return (framework(spec) or separate_contracts(spec) or len(lots) > 1
            or any(suppliers_of(spec, lot) > 1 for lot in (lots or [None])))


def cap_sentence(spec: "Spec", outcome, what: str = "this outcome") -> str:
    """'The most we pay for this outcome over the contract is £75,000 excluding VAT.', or, when several
    contracts carry the payment, '... is £400,000 excluding VAT, for all contracts for lot 1 together.'"""
    cap = text.money(outcome.payment.cap)
    if not several_contracts(spec, outcome):
        return f"The most we pay for {what} over the contract is {cap} excluding VAT."
    lots = [lot.number for lot in lots_of(spec, outcome)]
    per = outcome.payment.cap_per
    if framework(spec):   # several bodies award call-off contracts: no one of them is "we"
        under = f" under {lot_names(lots)}" if lots and outcome.lots else ""
        scope = {"supplier": f"for each supplier, across all its call-off contracts{under}",
                 "contract": "for each call-off contract on its own"}.get(
            per, f"for all call-off contracts{under} together")
        return f"The most paid for {what} is {cap} excluding VAT, {scope}."
    if per == "supplier":
        scope = (f"for each supplier, across all its contracts for {lot_names(lots)}" if lots
                 else "for each supplier, across all its contracts")
    elif per == "contract":
        scope = "for each contract on its own"
    else:
        scope = f"for all contracts for {lot_names(lots)} together" if lots else "for all contracts together"
    return f"The most we pay for {what} is {cap} excluding VAT, {scope}."


def period(payment, outcome) -> tuple[str, int | None]:
    """The period a payment is worked out for, from its timing or else the outcome's frequency."""
    for words in (payment.timing, outcome.frequency):
        low = (words or "").lower()
        for key, months, name in PERIODS:
            if key in low:
                return name, months
    return "period", None


def term_months(spec: "Spec", lot=None) -> int:
    """Months of the whole term of ``lot``'s contract (its own dates, else the timetable's; without ``lot``, the
    timetable's), including every extension."""
    t = text.term(spec, lot)
    days = (t.end - t.start).days + 1
    return max(1, round(days / 30.4375)) + sum(t.extensions)


def _ordered(outcome) -> list:
    return sorted(outcome.targets, key=lambda t: t.by)


def _plural(name: str) -> str:
    return name + "s"


# --------------------------------------------------------------------------- the formula in words


def target_rule(outcome, kind: str, name: str, call_off: bool = False) -> list[str]:
    """Which target a period is measured against (``call_off``: under a framework's call-off contract, which the
    body that awards it pays).

    A target can be met early but is missed only once its date has passed: for a fee at
    risk, a period that ends before the first target date has nothing to miss; for a bonus,
    a period that meets the first target early counts.
    """
    targets = _ordered(outcome)
    first = targets[0]
    if kind == "fee_at_risk":
        if len(targets) == 1:
            out = [f"The target is {first.value}, from {text.date(first.by)}."]
        else:
            steps = text.join([f"{t.value} from {text.date(t.by)}" for t in targets])
            out = [f"The target for a {name} is the one in force on its last day: {steps}."]
        out.append(f"A {name} that ends before {text.date(first.by)} has no target yet, so "
                   + ("its at-risk share is paid in full." if call_off else "we pay its at-risk share in full."))
        return out
    if len(targets) == 1:
        return [f"The target is {first.value}. A {name} counts when its result meets it, even before "
                f"{text.date(first.by)}, the date it is due."]
    steps = text.join([f"{first.value} to begin with"] + [f"{t.value} from {text.date(t.by)}" for t in targets[1:]])
    return [f"The target for a {name} is the one in force on its last day: {steps}."]


def example_lot(spec: "Spec", outcome):
    """The lot of the worked example: the outcome's first lot (a lot is a contract of its own); None without lots."""
    if not spec.lots.items:
        return None
    lots = lots_of(spec, outcome) if outcome.lots else []
    return (lots or spec.lots.items)[0]


def example_contract(spec: "Spec", outcome) -> tuple[str | None, str | None]:
    """The one contract the fee-at-risk example is about, and who pays under it.

    ('Dunmore City Council's contract for lot 1 with one supplier', 'Dunmore City Council'): the lead
    authority's own contract when each authority signs its own (and its share is known), with one
    supplier when the lot has several; (None, None) when the example is the whole contract."""
    lot = example_lot(spec, outcome)
    authority = spec.authorities[0] if separate_contracts(spec) and spec.authorities[0].share_percent else None
    several = suppliers_of(spec, lot) > 1
    if authority is None and not several:
        return None, None
    of_lot = f" for lot {lot.number}" if lot is not None else ""
    if authority is None:
        return f"one supplier's contract{of_lot}", None
    return f"{authority.name}'s contract{of_lot}" + (" with one supplier" if several else ""), authority.name


def example_charges(spec: "Spec", outcome, months: int | None) -> tuple[Decimal, str]:
    """Charges for one period of one contract for the worked example, and where the figure comes from
    ('' if made up): the lot's (or the contract's) estimated value, the lead authority's share of it when
    each authority signs its own, split equally between the lot's suppliers, spread over the whole term."""
    months = months or 12
    lot = example_lot(spec, outcome)
    whole = term_months(spec, lot)   # the lot's value is for its own term, which may differ from the timetable's
    if lot is None:
        base, where = Decimal(spec.value.estimated_excluding_vat), "the contract's estimated value"
    elif lot.value is None:
        return FALLBACK_CHARGES, ""
    else:
        base, where = Decimal(lot.value), f"the estimated value of lot {lot.number}"
    value = base
    parts = [f"{where}, {text.money(base)}"]
    lead = spec.authorities[0]
    if separate_contracts(spec):
        if lead.share_percent:
            value = value * Decimal(lead.share_percent) / 100
            parts = [f"{lead.name}'s {text.percent(lead.share_percent)} share of {where}, {text.money(base)}"]
        else:
            parts.append("across all contracts together, for illustration only")
    suppliers = suppliers_of(spec, lot)
    if suppliers > 1:
        value = value / suppliers
        parts.append(f"split equally between the {suppliers} suppliers" + (f" of lot {lot.number}" if lot else ""))
    fee = (value / whole * months).quantize(Decimal("1"), ROUND_HALF_UP)
    if fee <= 0:
        return FALLBACK_CHARGES, ""
    # When the lots' terms differ, "the whole term" is the lot's own, not the timetable's: say so.
    whole_term = "the lot's whole term" if lot is not None and text.one_term(spec) is None else "the whole term"
    spread = f"spread evenly over the {whole} months of {whole_term}"
    if len(parts) == 1:
        return fee, f"That is {parts[0]}, {spread}."
    return fee, f"That is {', '.join(parts)}. We spread it evenly over the {whole} months of {whole_term}."


def fee_at_risk(spec: "Spec", outcome, who: str = "we") -> list[str]:
    """The at-risk share (charges x percent at risk) and the amount paid of it (at-risk share x achievement),
    with a worked example for one contract."""
    p = outcome.payment
    name, months = period(p, outcome)
    pct = text.percent(p.percent_at_risk)
    charges = charges_for(spec, outcome)
    if framework(spec):
        return call_off_fee_at_risk(spec, outcome, name, pct, charges)
    base = charges.removeprefix("your ")
    example_base = base.replace("for each lot", f"for lot {spec.lots.items[0].number}") if spec.lots.items else base
    out = [f"For outcome {outcome.id}, {pct} of {charges} are at risk.",
           f"At-risk share for a {name} = {base} for the {name} × {pct}. "
           "Amount paid of the at-risk share = at-risk share × achievement.",
           f"Achievement is 1 when the result for the {name} meets the target, and 0 when it misses it. "
           "There is no part payment.",
           *target_rule(outcome, "fee_at_risk", name)]
    if separate_contracts(spec):
        out.append("Each authority works this out on the charges under its own contract.")
    fee, where = example_charges(spec, outcome, months)
    subject, authority = example_contract(spec, outcome)
    share = (fee * Decimal(p.percent_at_risk) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if subject:
        out.append(f"For example, take {subject}, with charges of {text.money(fee)} for a {name}."
                   + (f" {where}" if where else ""))
    else:
        out.append(f"For example, take {example_base} of {text.money(fee)} for a {name}."
                   + (f" {where}" if where else ""))
    pays = f"{authority} pays" if authority else f"{who[0].upper()}{who[1:]} pay"
    out += _hit_or_miss(fee, share, pct, f"{pays} all", pays)
    if p.cap is not None:
        out.append(cap_sentence(spec, outcome, "the at-risk share of this outcome"))
    rest = text.percent(100 - Decimal(p.percent_at_risk))
    out.append(f"We pay the other {rest} of {charges} as usual.")
    return out


def call_off_fee_at_risk(spec: "Spec", outcome, name: str, pct: str, charges: str) -> list[str]:
    """The fee at risk of a framework: worked out on each call-off contract's charges, paid by the body that awards
    it; the example is one call-off contract, with made-up charges, as no call-off contract's value is known yet."""
    p = outcome.payment
    under = f" under {lot_names(sorted(outcome.lots))}" if spec.lots.items and outcome.lots else ""
    out = [f"For outcome {outcome.id}, {pct} of {charges} are at risk.",
           f"At-risk share for a {name} = the call-off contract's charges for the {name} × {pct}. "
           "Amount paid of the at-risk share = at-risk share × achievement.",
           f"Achievement is 1 when the result for the {name} meets the target, and 0 when it misses it. "
           "There is no part payment.",
           *target_rule(outcome, "fee_at_risk", name, call_off=True),
           f"Each body that awards a call-off contract{under} works this out on the charges under that call-off "
           "contract, and pays them."]
    fee = FALLBACK_CHARGES
    share = (fee * Decimal(p.percent_at_risk) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    out.append(f"For example, take a call-off contract{under}, with charges of {text.money(fee)} for a {name}. "
               "The figure is made up: each call-off contract's charges depend on the work it orders.")
    out += _hit_or_miss(fee, share, pct, "You are paid all", "You are paid")
    if p.cap is not None:
        out.append(cap_sentence(spec, outcome, "the at-risk share of this outcome"))
    rest = text.percent(100 - Decimal(p.percent_at_risk))
    out.append(f"The other {rest} of {charges} is paid as usual.")
    return out


def _hit_or_miss(fee: Decimal, share: Decimal, pct: str, paid_all: str, paid: str) -> list[str]:
    """The worked example of a fee at risk: the share, then what is paid when the result meets the target or misses
    it. ``paid_all`` ('Dunmore City Council pays all') and ``paid`` ('You are paid') come before the amount."""
    return [f"The at-risk share is {text.money(fee)} × {pct} = {text.money(share)}.",
            f"If the result meets the target, the amount paid of the at-risk share is {text.money(share)} × 1 = "
            f"{text.money(share)}. {paid_all} {text.money(fee)}.",
            f"If it misses, the amount paid of the at-risk share is {text.money(share)} × 0 = £0. "
            f"{paid} {text.money(fee - share)}."]


def _percent(value) -> Decimal | None:
    """78.4 from '78.4%' (None when the value is not a percentage)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(%|percent)\s*", str(value or ""))
    return Decimal(m.group(1)) if m else None


def percentage_baseline(outcome) -> bool:
    """The indicator (so its baseline) is a percentage: a number above the baseline has to be counted."""
    unit = (outcome.indicator.unit or "").strip().lower()
    return unit in ("percent", "percentage", "%") or _percent(outcome.baseline.value) is not None


def _counted(outcome) -> str:
    """What a percentage indicator counts, from its name: 'people who need no ongoing care package …'."""
    name = outcome.indicator.name.strip().rstrip(".")
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def example_baseline(outcome) -> tuple[Decimal, bool]:
    """The baseline percentage of the worked example, and whether it is supposed (set in year 1)."""
    known = _percent(outcome.baseline.value)
    if known is not None:
        return known, False
    first = _percent(_ordered(outcome)[0].value) if outcome.targets else None
    if first is not None and first > BASELINE_BELOW_TARGET:
        return first - BASELINE_BELOW_TARGET, True
    return DEFAULT_BASELINE, True


def _number(value: Decimal) -> str:
    return text.number(value, 0) if value == value.to_integral_value() else f"{value.normalize():f}"


def counting_above_baseline(outcome, name: str, count: int, call_off: bool = False) -> list[str]:
    """How the number above a percentage baseline is counted, in words, with a worked example of ``count`` results
    (``call_off``: under a framework's call-off contract, counted by the body that awards it)."""
    counted = (f"the results for a {name} are counted like this" if call_off
               else f"we count the results for a {name} like this")
    out = [f"The baseline is a percentage, so {counted}: results = count − (baseline % × total).",
           f"The count is the number of {_counted(outcome)}, in the {name}. "
           f"The total is everyone the indicator divides by in the {name}.",
           "When the count is at or below baseline % × total, there are no results for the "
           f"{name} and no payment."]
    pct, supposed = example_baseline(outcome)
    total = next((t for t in EXAMPLE_TOTALS if (pct * t / 100) == (pct * t / 100).to_integral_value()), EXAMPLE_TOTALS[-1])
    at_baseline = (pct * total / 100).quantize(Decimal("1"), ROUND_HALF_UP)
    baseline = (f"suppose the baseline set in the first year is {_number(pct)}%" if supposed
                else f"with the baseline of {_number(pct)}%, suppose")
    joined = ", and" if supposed else ""
    out.append(f"For example, {baseline}{joined} the total for a {name} is {text.number(total, 0)}. "
               f"Then baseline % × total = {_number(pct)}% × {text.number(total, 0)} = {text.number(at_baseline, 0)}.")
    out.append(f"If the count is {text.number(at_baseline + count, 0)}, there are "
               f"{text.number(at_baseline + count, 0)} − {text.number(at_baseline, 0)} = {count} results.")
    return out


def per_outcome(spec: "Spec", outcome, payer: str) -> list[str]:
    p = outcome.payment
    name, _ = period(p, outcome)
    unit = unit_of(p) or "result you achieve"
    out = [f"For outcome {outcome.id}, {payer} you {text.money(p.amount)} excluding VAT for each {unit}.",
           f"Payment for a {name} = {text.money(p.amount)} × the number of results in the {name}. "
           f"One result is one {unit}."]
    if not outcome.baseline.value and framework(spec):   # as the outcome specification says
        out.append("The baseline is set in the first year of the framework, from the same data source. Results "
                   "above it count from then.")
    elif not outcome.baseline.value:
        out.append("We set the baseline with you in the first year of the contract. We count results above it from then.")
    count = EXAMPLE_RESULTS
    if p.cap is not None and p.amount and count * p.amount > p.cap:
        count = max(1, int(p.cap // p.amount))
    if percentage_baseline(outcome):
        out += counting_above_baseline(outcome, name, count, call_off=framework(spec))
        out.append(f"Those {count} results give {count} × {text.money(p.amount)} = {text.money(count * p.amount)}.")
    else:
        if "baseline" not in unit.lower():
            out.append("Only results above the baseline count." if framework(spec)
                       else "We count only results above the baseline.")
        out.append(f"For example, {count} results in a {name} give {count} × {text.money(p.amount)} = "
                   f"{text.money(count * p.amount)}.")
    if p.cap is not None:
        out.append(cap_sentence(spec, outcome))
        if p.amount:
            full = int(p.cap // p.amount)
            covered = "that is" if full * p.amount == p.cap else "that covers"
            out.append(f"At {text.money(p.amount)} each, {covered} {full} results in full.")
    return out


def bonus(spec: "Spec", outcome, payer: str) -> list[str]:
    p = outcome.payment
    name, _ = period(p, outcome)
    out = [f"For outcome {outcome.id}, {payer} you a bonus of {text.money(p.amount)} excluding VAT for each "
           f"{name} in which the result meets the target.",
           f"Bonus = {text.money(p.amount)} × the number of {_plural(name)} in which the result meets the target.",
           *target_rule(outcome, "bonus", name)]
    count = EXAMPLE_BONUSES
    if p.cap is not None and p.amount and count * p.amount > p.cap:
        count = max(1, int(p.cap // p.amount))
    out.append(f"For example, if the result meets the target in {count} {name if count == 1 else _plural(name)}, "
               f"the bonus is {count} × {text.money(p.amount)} = {text.money(count * p.amount)}.")
    if p.cap is not None:
        out.append(cap_sentence(spec, outcome))
    return out


# --------------------------------------------------------------------------- sentences for the documents


def _timing(payment, call_off: bool = False) -> str:
    if not payment.timing:
        return ""
    timing = payment.timing.strip().rstrip(".")
    return f" This payment is made {timing}." if call_off else f" We make this payment {timing}."


def _cap(spec: "Spec", outcome) -> str:
    """The cap in brief. When several contracts carry the payment, the full mechanism says once that the
    cap is for all of them together; here it is only the amount."""
    payment = outcome.payment
    if payment.cap is None:
        return ""
    if framework(spec):
        return f" The most paid for this outcome is {text.money(payment.cap)} excluding VAT."
    if several_contracts(spec, outcome):
        return f" The most we pay for this outcome is {text.money(payment.cap)} excluding VAT."
    return " " + cap_sentence(spec, outcome)


def sentence(spec: "Spec", outcome) -> str:
    """The payment link in brief: what is paid or at risk, the cap and the timing."""
    payment = outcome.payment
    kind = payment.type.value
    if kind == "none":
        return "Payment does not depend on this outcome."
    name, _ = period(payment, outcome)
    call_off = framework(spec)
    pays = f"{CALL_OFF_PAYER[:1].upper()}{CALL_OFF_PAYER[1:]} pays" if call_off else "We pay"
    if kind == "fee_at_risk":
        charges = charges_for(spec, outcome)
        head = f"{text.percent(payment.percent_at_risk)} of your fee depends on this outcome."
        head += f" Your fee here means {charges}." if charges != "your charges" else ""
        head += (f" This at-risk share is paid in full for a {name} when the result meets the target, and not at "
                 "all when it misses." if call_off else
                 f" We pay this at-risk share in full for a {name} when the result meets the target, and not at "
                 "all when it misses.")
    elif kind == "price_per_outcome":
        head = f"{pays} {text.money(payment.amount)} excluding VAT for each {unit_of(payment) or 'result you achieve'}."
    else:  # bonus
        head = (f"{pays} a bonus of {text.money(payment.amount)} excluding VAT for each {name} in which the result "
                "meets the target.")
    return head + _cap(spec, outcome) + _timing(payment, call_off)


def short(spec: "Spec", outcome) -> str:
    """A few words for a summary table."""
    payment = outcome.payment
    kind = payment.type.value
    if kind == "none":
        return "None"
    if kind == "fee_at_risk":
        return f"{text.percent(payment.percent_at_risk)} of {charges_for(spec, outcome).removeprefix('your ')} at risk"
    if kind == "price_per_outcome":
        return f"{text.money(payment.amount)} for each {unit_of(payment) or 'result'}"
    name, _ = period(payment, outcome)
    return f"Bonus of {text.money(payment.amount)} for each {name} you meet the target"


# --------------------------------------------------------------------------- the mechanism in full


def payer(spec: "Spec") -> str:
    """Who pays: the buyer, or the authorities; for a framework, the body that awards the call-off contract."""
    if framework(spec):
        return f"{CALL_OFF_PAYER[:1].upper()}{CALL_OFF_PAYER[1:]} pays"
    if spec.buyer.participants:
        return "The authorities pay"
    return f"{spec.buyer.lead.name} pays"


def mechanism(spec: "Spec", outcome) -> list[str]:
    """The formula in words, a worked example, the cap, the evidence and when we pay: one sentence each."""
    p = outcome.payment
    kind = p.type.value
    who = payer(spec)
    who = who[0].lower() + who[1:] if who.startswith("The") else who
    days = spec.commercial.payment_days
    if kind == "fee_at_risk":
        out = fee_at_risk(spec, outcome)
    elif kind == "price_per_outcome":
        out = per_outcome(spec, outcome, who)
    else:
        out = bonus(spec, outcome, who)
    out.append(f"Evidence: {outcome.data_source.strip().rstrip('.')}, measured {outcome.frequency.strip().rstrip('.')}.")
    out.append(f"Who checks it: {outcome.verified_by.strip().rstrip('.')}.")
    if framework(spec):
        when = p.timing.strip().rstrip(".") if p.timing else "after it has checked the figures"
        out.append(f"{CALL_OFF_PAYER[:1].upper()}{CALL_OFF_PAYER[1:]} pays {when}, within {days} days of a valid "
                   "invoice.")
        return out
    when = p.timing.strip().rstrip(".") if p.timing else "after we have checked the figures"
    out.append(f"We pay {when}, within {days} days of a valid invoice.")
    return out


def table_row(spec: "Spec", outcome) -> list[str]:
    p = outcome.payment
    kind = p.type.value
    name, _ = period(p, outcome)
    if kind == "fee_at_risk":
        how = "Part of your charges at risk: paid in full when you meet the target, not paid when you miss it"
        amount = f"{text.percent(p.percent_at_risk)} of {charges_for(spec, outcome)}"
    elif kind == "price_per_outcome":
        how, amount = "A price for each result", f"{text.money(p.amount)} for each {unit_of(p) or 'result'}"
    else:
        how, amount = f"A bonus for each {name} you meet the target", text.money(p.amount)
    where = applies_to(spec, outcome)
    if where:
        how = f"{where}. {how}"
    cap = text.money(p.cap) if p.cap is not None else ("The at-risk share" if kind == "fee_at_risk" else "No limit")
    checked = "After the figures are checked" if framework(spec) else "After we check the figures"
    when = p.timing.strip().rstrip(".") if p.timing else checked
    return [outcome.id, how, amount, cap, f"{outcome.data_source}; checked by: {outcome.verified_by}",
            when[0].upper() + when[1:]]
