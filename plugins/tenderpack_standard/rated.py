"""Prices given as rates, an adjustment or a fee (spec.pricing.model: schedule_of_rates, rate_card or
percentage_fee): what bidders give, what we evaluate and how we pay, in one place, so that the pricing
schedule, the price form, the invitation and the evaluation methodology say the same.

The evaluated price is a comparison only: our rates (or the bidder's) times a basket of typical work,
or a fee on a notional base. It is never what the contract will cost, and never the whole value of a
framework given as one price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import tenderpack
from tenderpack import text

# The spreadsheet refuses an adjustment of -100% or less (every rate would be nothing): its lowest is this.
ADJUSTMENT_FLOOR = Decimal("-99.99")


@dataclass(frozen=True)
class Group:
    """What a bidder prices for one lot (or for a contract without lots)."""

    number: int | None          # None: the contract is not divided into lots
    title: str
    lines: tuple[Any, ...]      # the basket lines (spec pricing.basket) of this lot
    sections: tuple[Any, ...]   # with adjustments by section: the schedule's sections used in this lot
    fee: Any = None             # with a percentage fee: this lot's (spec pricing.fees)

    @property
    def label(self) -> str:
        return f"Lot {self.number}" if self.number is not None else "The whole contract"

    @property
    def for_lot(self) -> str:
        """' for lot 1', or '' without lots."""
        return f" for lot {self.number}" if self.number is not None else ""


def kind(spec: tenderpack.Spec) -> str:
    return spec.pricing.kind


def by_section(spec: tenderpack.Spec) -> bool:
    """True when bidders give an adjustment for each section of the schedule."""
    return kind(spec) == "schedule_of_rates" and spec.pricing.adjusted.per == "section"


def sections_of(spec: tenderpack.Spec, number: int | None) -> tuple:
    """The schedule's sections used in lot ``number`` (every section without lots)."""
    schedule = spec.pricing.schedule
    if not by_section(spec) or schedule is None:
        return ()
    return tuple(s for s in schedule.sections if number is None or text.for_lot(list(s.lots), number))


def groups(spec: tenderpack.Spec) -> list[Group]:
    """What bidders price, lot by lot (or for the whole contract)."""
    lots: list[tuple[int | None, str]] = [(lot.number, lot.title) for lot in spec.lots.items] or [(None, spec.title)]
    p = spec.pricing
    return [Group(number, title, tuple(x for x in p.basket if x.lot == number), sections_of(spec, number),
                  next((f for f in p.fees if f.lot == number), None))
            for number, title in lots]


def at_our_rates(lines) -> Decimal:
    """The basket's cost at our rates: each rate times its quantity, added up."""
    return sum((Decimal(x.rate) * Decimal(x.quantity) for x in lines if x.rate is not None), Decimal(0))


def line_ref(group: Group, k: int, line) -> str:
    """A basket line's reference: its code in the schedule, else '1.2' (lot 1, line 2)."""
    if line.code:
        return line.code
    return f"{group.number}.{k}" if group.number is not None else str(k)


# --------------------------------------------------------------------------- the words


def schedule_name(spec: tenderpack.Spec) -> str:
    """'the London Highways Schedule of Rates (2027 edition)'."""
    schedule = spec.pricing.schedule
    assert schedule is not None   # the spec requires it with model: schedule_of_rates
    name = schedule.title
    return name if name.lower().startswith("the ") else f"the {name}"


def schedule_where(spec: tenderpack.Spec) -> str | None:
    """Where bidders read the whole schedule: the attached file, or where the spec says."""
    schedule = spec.pricing.schedule
    if schedule is None:
        return None
    if schedule.attachment:
        return f"The schedule is attached to this pack as “{schedule.attachment}”."
    if schedule.available_from:
        return f"You can read the schedule on {schedule.available_from.rstrip('.')}."
    return None


def adjustment_meaning() -> str:
    return ("Write your adjustment as a percentage: -5 means 5% below our rates, 3 means 3% above them, and 0 means "
            "our rates.")


def empty_adjustment(spec: tenderpack.Spec) -> str:
    """What an empty adjustment means in the pricing schedule: no price (never our rates, which would read as a bid)."""
    which = "adjustments" if by_section(spec) else "adjustment"
    if spec.lots.items:
        return (f"Leave the {which} empty for a lot you do not bid for: the sheet then shows no price. "
                "To bid at our rates, type 0.")
    every = "every adjustment" if by_section(spec) else "your adjustment"
    return f"The sheet shows no price until you type {every}. To bid at our rates, type 0."


def bounds_sentence(spec: tenderpack.Spec) -> str | None:
    """'An adjustment must be between -40% and 40%.', or a bound on one side; nothing when the spec sets none."""
    a = spec.pricing.adjusted
    if a.minimum is not None and a.maximum is not None:
        return f"An adjustment must be between {text.percent(a.minimum)} and {text.percent(a.maximum)}."
    if a.minimum is not None:
        return f"An adjustment must be {text.percent(a.minimum)} or more."
    if a.maximum is not None:
        return f"An adjustment must be {text.percent(a.maximum)} or less."
    return None


def not_a_promise(spec: tenderpack.Spec) -> str:
    if text.is_framework(spec):
        return "They are not a promise that any work will be ordered."
    return "They are not a promise to order any work."


def each_lot(spec: tenderpack.Spec, sentence: str) -> str:
    """'For each lot you bid for, you give …' or 'You give …'."""
    if spec.lots.items:
        return f"For each lot you bid for, y{sentence[1:]}"
    return sentence


def what_you_give(spec: tenderpack.Spec) -> list[str]:
    """What a bidder enters: an adjustment, rates or a fee."""
    k = kind(spec)
    if k == "schedule_of_rates":
        out = [f"Our rates are those of {schedule_name(spec)}."]
        if by_section(spec):
            where = " used in the lot" if spec.lots.items else ""
            out += [each_lot(spec, f"You give one percentage adjustment for each section of the schedule{where}."),
                    "Your adjustment for a section applies to every rate in that section, not only to the lines of "
                    "the basket."]
        else:
            lot = " for work in that lot" if spec.lots.items else ""
            out += [each_lot(spec, "You give one percentage adjustment to them."),
                    f"It applies to every rate in the schedule{lot}, not only to the lines of the basket."]
        out += [x for x in (schedule_where(spec), "Its rates exclude VAT.") if x]
        out.append(adjustment_meaning())
        if bounds := bounds_sentence(spec):
            out.append(bounds)
        return out
    if k == "rate_card":
        return [each_lot(spec, "You give your rate for one unit of each line of the rate card in the pricing "
                               "schedule."), "Rates are in pounds and exclude VAT."]
    fees = spec.pricing.fees
    bases = {" ".join(f.base.split()) for f in fees}
    if len(bases) == 1:
        out = [each_lot(spec, f"You give your fee as one percentage of {fees[0].base.rstrip('.')}.")]
    else:
        out = ["For each lot you bid for, you give your fee as one percentage."]
        out += [f"For lot {f.lot}, it is a percentage of {f.base.rstrip('.')}." for f in fees]
    return out + ["Your fee excludes VAT."]


def what_we_evaluate(spec: tenderpack.Spec) -> list[str]:
    """How the evaluated price is worked out, and that the basket or base is not a promise."""
    k = kind(spec)
    lots = bool(spec.lots.items)
    whose = "Your evaluated price for a lot" if lots else "Your evaluated price"
    if k == "schedule_of_rates":
        which = "your adjustment for the line's section" if by_section(spec) else "your adjustment"
        return [f"To compare tenders, we apply your adjustment to a basket of typical work{' for each lot' if lots else ''}: "
                "lines from the schedule, with our rates and quantities. The pricing schedule shows it.",
                f"{whose} is each line's rate × its quantity × (1 + {which} ÷ 100), added up.",
                f"The basket's quantities are only for comparing tenders. {not_a_promise(spec)}"]
    if k == "rate_card":
        basket, price = ("the lot's basket", "your evaluated price for the lot") if lots else \
            ("our basket", "your evaluated price")
        return [f"To compare tenders, we multiply your rate for each line by its quantity in {basket}, and add them "
                f"up. That is {price}.",
                f"The basket's quantities are notional: only for comparing tenders. {not_a_promise(spec)}"]
    fees = spec.pricing.fees
    if not lots:
        base = f"To compare tenders, we work out your fee on a notional base of {text.money(fees[0].notional_base)}."
    else:
        figures = {f.notional_base for f in fees}
        if len(figures) == 1:
            base = ("To compare tenders, we work out your fee on a notional base of "
                    f"{text.money(fees[0].notional_base)} for each lot.")
        else:
            parts = [f"{text.money(f.notional_base)} for lot {f.lot}" for f in sorted(fees, key=lambda f: f.lot or 0)]
            base = f"To compare tenders, we work out your fee on a notional base: {text.join(parts)}."
    spend = "what will be spent under the call-off contracts" if text.is_framework(spec) else "what we will spend"
    return [base, f"{whose} is that figure × your percentage ÷ 100.",
            f"The notional base is only for comparing tenders. It is not a promise of {spend}."]


def how_we_pay(spec: tenderpack.Spec) -> list[str]:
    """What is paid for the work: our rates adjusted, the bidder's rates, or the fee when it is due. For a
    framework, what the prices from the tender are (who pays is said elsewhere), and the cap on a call-off bid."""
    said = _paid(spec)
    if cap := text.call_off_ceiling(spec):
        said.append(cap)
    return said


def _paid(spec: tenderpack.Spec) -> list[str]:
    k = kind(spec)
    framework = text.is_framework(spec)
    which = ("your adjustment for its section" if by_section(spec) else
             "your adjustment for its lot" if spec.lots.items else "your adjustment")
    if k == "schedule_of_rates":
        if framework:
            return [f"Under each call-off contract, each item of work is paid at our rate, adjusted by {which}."]
        return [f"We pay for the work we order at our rates, each adjusted by {which}."]
    if k == "rate_card":
        if framework:
            return ["At the prices from your tender, each unit of work is paid at your rate."]
        return ["We pay your rates for the work we order."]
    fees = spec.pricing.fees
    payer = "The body that awards each call-off contract pays" if framework else "We pay"
    paid = {" ".join(f.paid.split()).rstrip(".") for f in fees}
    if len(paid) == 1:
        return [f"{payer} the fee {fees[0].paid.rstrip('.')}."]
    return [f"{payer} the fee for lot {f.lot} {f.paid.rstrip('.')}." for f in fees]


def invitation_words(spec: tenderpack.Spec) -> list[str]:
    """The invitation's paragraphs on prices: what you give, what we evaluate, what is paid."""
    return [" ".join(what_you_give(spec)), " ".join(what_we_evaluate(spec)), " ".join(how_we_pay(spec))]
