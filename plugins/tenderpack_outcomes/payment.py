"""How payment depends on an outcome: in full sentences (who pays how much, for which outcome,
on what evidence, by when) and in a few words for the tables."""

from __future__ import annotations

import tenderpack
from tenderpack import text


def unit_of(payment) -> str:
    """What one payment is for, without a leading 'per' or 'each': 'person who needs no ongoing care'."""
    unit = (payment.unit or "").strip().rstrip(".")
    for lead in ("for each ", "per ", "each "):
        if unit.lower().startswith(lead):
            unit = unit[len(lead):]
    return unit


def _timing(payment) -> str:
    if not payment.timing:
        return ""
    timing = payment.timing.strip().rstrip(".")
    return f" We make this payment {timing}."


def _cap(payment) -> str:
    if payment.cap is None:
        return ""
    return f" The most we pay for this outcome over the contract is {text.money(payment.cap)} excluding VAT."


def sentence(payment) -> str:
    """The payment link as one to three sentences."""
    kind = payment.type.value
    if kind == "none":
        return "Payment does not depend on this outcome."
    if kind == "fee_at_risk":
        head = (f"{text.percent(payment.percent_at_risk)} of your fee depends on this outcome. "
                "We pay that part in line with your results against the targets.")
    elif kind == "price_per_outcome":
        head = f"We pay {text.money(payment.amount)} excluding VAT for each {unit_of(payment) or 'outcome you achieve'}."
    else:  # bonus
        head = f"We pay a bonus of {text.money(payment.amount)} excluding VAT when you meet the target."
    return head + _cap(payment) + _timing(payment)


def short(payment) -> str:
    """A few words for a summary table."""
    kind = payment.type.value
    if kind == "none":
        return "None"
    if kind == "fee_at_risk":
        return f"{text.percent(payment.percent_at_risk)} of fee at risk"
    if kind == "price_per_outcome":
        return f"{text.money(payment.amount)} for each {unit_of(payment) or 'outcome'}"
    return f"Bonus of {text.money(payment.amount)}"


# --------------------------------------------------------------------------- the mechanism in full


def payer(spec: tenderpack.Spec) -> str:
    """Who pays: the buyer, or the authorities together."""
    if spec.buyer.participants:
        return "The authorities pay"
    return f"{spec.buyer.lead.name} pays"


def mechanism(spec: tenderpack.Spec, outcome) -> list[str]:
    """Who pays how much, for which outcome, on what evidence and by when: one sentence each."""
    p = outcome.payment
    kind = p.type.value
    who = payer(spec)
    days = spec.commercial.payment_days
    if kind == "fee_at_risk":
        out = [f"For outcome {outcome.id}, {text.percent(p.percent_at_risk)} of your fee is at risk.",
               f"{who} that part in full when you meet the target, and less when you fall short of it."]
    elif kind == "price_per_outcome":
        out = [f"For outcome {outcome.id}, {who.lower() if who.startswith('The') else who} you "
               f"{text.money(p.amount)} excluding VAT for each {unit_of(p) or 'outcome you achieve'}."]
    else:
        out = [f"For outcome {outcome.id}, {who.lower() if who.startswith('The') else who} you a bonus of "
               f"{text.money(p.amount)} excluding VAT each time you meet the target."]
    if p.cap is not None:
        out.append(f"The most we pay for this outcome over the contract is {text.money(p.cap)} excluding VAT.")
    out.append(f"Evidence: {outcome.data_source.strip().rstrip('.')}, measured {outcome.frequency.strip().rstrip('.')}.")
    out.append(f"Who checks it: {outcome.verified_by.strip().rstrip('.')}.")
    when = p.timing.strip().rstrip(".") if p.timing else "after we have checked the figures"
    out.append(f"We pay {when}, within {days} days of a valid invoice.")
    return out


def table_row(spec: tenderpack.Spec, outcome) -> list[str]:
    p = outcome.payment
    kind = p.type.value
    if kind == "fee_at_risk":
        how, amount = "Part of your fee at risk", f"{text.percent(p.percent_at_risk)} of your fee"
    elif kind == "price_per_outcome":
        how, amount = "A price for each outcome", f"{text.money(p.amount)} for each {unit_of(p) or 'outcome'}"
    else:
        how, amount = "A bonus when the target is met", text.money(p.amount)
    cap = text.money(p.cap) if p.cap is not None else ("The fee at risk" if kind == "fee_at_risk" else "No limit")
    when = p.timing.strip().rstrip(".") if p.timing else "After we check the figures"
    return [outcome.id, how, amount, cap, f"{outcome.data_source}; checked by: {outcome.verified_by}", when[0].upper() + when[1:]]
