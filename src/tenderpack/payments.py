"""How payment depends on an outcome (public API: ``tenderpack.payments``).

In full sentences (who pays how much, for which outcome, on what evidence, by when), as a
formula in words with a worked example from the spec's own figures, and in a few words for
the tables.

The formulas, for each kind of payment link:

- fee at risk: the at-risk share for a period = the charges for the outcome's lots in the
  period x percent_at_risk x achievement, where achievement is 1 when the result for the
  period meets the target in force and 0 when it misses it (the spec has no partial
  achievement, so there is no part payment); capped when the spec gives a cap;
- price per outcome: amount x the number of results above the baseline in the period, capped;
- bonus: amount x the number of periods (years, for a yearly payment) in which the result
  meets the target, capped.

A target can be met early, but it is missed only once its date has passed.

It lives here, not in one plugin, because the outcome specification and the contract's
charges schedule must give the same formula, worked example, cap and timing.
"""

from __future__ import annotations

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


def lot_names(numbers: list[int]) -> str:
    """'lot 1', 'lots 1 and 2'."""
    return ("lot " if len(numbers) == 1 else "lots ") + text.join([str(n) for n in numbers])


def applies_to(spec: "Spec", outcome, short: bool = False) -> str:
    """'Lot 1: Reablement and home care' ('Lot 1' when short), 'Every lot', or '' when the contract has no lots."""
    if not spec.lots.items:
        return ""
    if not outcome.lots:
        return "Every lot"
    if short:
        return lot_names(sorted(outcome.lots)).capitalize()
    return "; ".join(f"Lot {lot.number}: {lot.title}" for lot in lots_of(spec, outcome))


def charges_for(spec: "Spec", outcome) -> str:
    """'your charges', 'your charges for lot 1', 'your charges for each lot'."""
    if not spec.lots.items:
        return "your charges"
    if not outcome.lots:
        return "your charges for each lot"
    return f"your charges for {lot_names(sorted(outcome.lots))}"


def period(payment, outcome) -> tuple[str, int | None]:
    """The period a payment is worked out for, from its timing or else the outcome's frequency."""
    for words in (payment.timing, outcome.frequency):
        low = (words or "").lower()
        for key, months, name in PERIODS:
            if key in low:
                return name, months
    return "period", None


def term_months(spec: "Spec") -> int:
    """Months of the whole term, including every extension."""
    t = spec.timetable
    days = (t.contract_end - t.contract_start).days + 1
    return max(1, round(days / 30.4375)) + sum(t.extensions)


def _ordered(outcome) -> list:
    return sorted(outcome.targets, key=lambda t: t.by)


def _plural(name: str) -> str:
    return name + "s"


# --------------------------------------------------------------------------- the formula in words


def target_rule(outcome, kind: str, name: str) -> list[str]:
    """Which target a period is measured against.

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
        out.append(f"A {name} that ends before {text.date(first.by)} has no target yet, so we pay its "
                   "at-risk share in full.")
        return out
    if len(targets) == 1:
        return [f"The target is {first.value}. A {name} counts when its result meets it, even before "
                f"{text.date(first.by)}, the date it is due."]
    steps = text.join([f"{first.value} to begin with"] + [f"{t.value} from {text.date(t.by)}" for t in targets[1:]])
    return [f"The target for a {name} is the one in force on its last day: {steps}."]


def example_charges(spec: "Spec", outcome, months: int | None) -> tuple[Decimal, str]:
    """Charges for one period for the worked example, and where the figure comes from ('' if made up)."""
    months = months or 12
    whole = term_months(spec)
    if not spec.lots.items:
        base, where = Decimal(spec.value.estimated_excluding_vat), "the contract's estimated value"
    else:
        lots = lots_of(spec, outcome) if outcome.lots else spec.lots.items[:1]
        values = [lot.value for lot in lots]
        if not values or any(v is None for v in values):
            return FALLBACK_CHARGES, ""
        base = Decimal(sum(values))
        where = f"the estimated value of {lot_names([lot.number for lot in lots])}"
    fee = (base / whole * months).quantize(Decimal("1"), ROUND_HALF_UP)
    if fee <= 0:
        return FALLBACK_CHARGES, ""
    return fee, f"That is {where}, {text.money(base)}, spread evenly over the {whole} months of the whole term."


def fee_at_risk(spec: "Spec", outcome, who: str = "we") -> list[str]:
    p = outcome.payment
    name, months = period(p, outcome)
    pct = text.percent(p.percent_at_risk)
    charges = charges_for(spec, outcome)
    base = charges.removeprefix("your ")
    example_base = base.replace("for each lot", f"for lot {spec.lots.items[0].number}") if spec.lots.items else base
    out = [f"For outcome {outcome.id}, {pct} of {charges} are at risk.",
           f"At-risk share for a {name} = {base} for the {name} × {pct} × achievement.",
           f"Achievement is 1 when the result for the {name} meets the target, and 0 when it misses it. "
           "There is no part payment.",
           *target_rule(outcome, "fee_at_risk", name)]
    if spec.buyer.participants and spec.buyer.contracts == "each_authority":
        out.append("Each authority works this out on the charges under its own contract.")
    fee, where = example_charges(spec, outcome, months)
    share = (fee * Decimal(p.percent_at_risk) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    out.append(f"For example, take {example_base} of {text.money(fee)} for a {name}." + (f" {where}" if where else ""))
    out.append(f"The at-risk share is {text.money(fee)} × {pct} = {text.money(share)}.")
    out.append(f"If the result meets the target, {who} pay all {text.money(fee)}. If it misses, {who} pay "
               f"{text.money(fee - share)}.")
    if p.cap is not None:
        out.append(f"The most we pay for the at-risk share of this outcome over the contract is "
                   f"{text.money(p.cap)} excluding VAT.")
    rest = text.percent(100 - Decimal(p.percent_at_risk))
    out.append(f"We pay the other {rest} of {charges} as usual.")
    return out


def per_outcome(spec: "Spec", outcome, payer: str) -> list[str]:
    p = outcome.payment
    name, _ = period(p, outcome)
    unit = unit_of(p) or "result you achieve"
    out = [f"For outcome {outcome.id}, {payer} you {text.money(p.amount)} excluding VAT for each {unit}.",
           f"Payment for a {name} = {text.money(p.amount)} × the number of results in the {name}. "
           f"One result is one {unit}."]
    if "baseline" not in unit.lower():
        out.append("We count only results above the baseline.")
    if not outcome.baseline.value:
        out.append("We set the baseline with you in the first year of the contract. We count results above it from then.")
    count = EXAMPLE_RESULTS
    if p.cap is not None and p.amount and count * p.amount > p.cap:
        count = max(1, int(p.cap // p.amount))
    out.append(f"For example, {count} results in a {name} give {count} × {text.money(p.amount)} = "
               f"{text.money(count * p.amount)}.")
    if p.cap is not None:
        out.append(f"The most we pay for this outcome over the contract is {text.money(p.cap)} excluding VAT.")
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
        out.append(f"The most we pay for this outcome over the contract is {text.money(p.cap)} excluding VAT.")
    return out


# --------------------------------------------------------------------------- sentences for the documents


def _timing(payment) -> str:
    if not payment.timing:
        return ""
    timing = payment.timing.strip().rstrip(".")
    return f" We make this payment {timing}."


def _cap(payment) -> str:
    if payment.cap is None:
        return ""
    return f" The most we pay for this outcome over the contract is {text.money(payment.cap)} excluding VAT."


def sentence(spec: "Spec", outcome) -> str:
    """The payment link in brief: what is paid or at risk, the cap and the timing."""
    payment = outcome.payment
    kind = payment.type.value
    if kind == "none":
        return "Payment does not depend on this outcome."
    name, _ = period(payment, outcome)
    if kind == "fee_at_risk":
        charges = charges_for(spec, outcome)
        head = f"{text.percent(payment.percent_at_risk)} of your fee depends on this outcome."
        head += f" Your fee here means {charges}." if charges != "your charges" else ""
        head += (f" We pay that share in full for a {name} when the result meets the target, and not at all "
                 "when it misses.")
    elif kind == "price_per_outcome":
        head = f"We pay {text.money(payment.amount)} excluding VAT for each {unit_of(payment) or 'result you achieve'}."
    else:  # bonus
        head = (f"We pay a bonus of {text.money(payment.amount)} excluding VAT for each {name} in which the result "
                "meets the target.")
    return head + _cap(payment) + _timing(payment)


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
    """Who pays: the buyer, or the authorities."""
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
    when = p.timing.strip().rstrip(".") if p.timing else "After we check the figures"
    return [outcome.id, how, amount, cap, f"{outcome.data_source}; checked by: {outcome.verified_by}",
            when[0].upper() + when[1:]]
