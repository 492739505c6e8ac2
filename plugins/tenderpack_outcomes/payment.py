"""How payment depends on an outcome, said in full sentences."""

from __future__ import annotations

from tenderpack import text


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
        head = f"We pay {text.money(payment.amount)} excluding VAT for each outcome you achieve."
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
        return f"{text.money(payment.amount)} per outcome"
    return f"Bonus of {text.money(payment.amount)}"
