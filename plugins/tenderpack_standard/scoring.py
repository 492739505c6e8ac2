"""The arithmetic of scoring: the quality scale, weighted scores and the price formula.

All sums use Decimal and round half up to two places, the way a bidder would check them
by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources

import yaml

import tenderpack

CENT = Decimal("0.01")

# Derived example prices, as shares of a base amount: with a published budget, the examples
# stay within the base; without one, they spread around it.
BUDGET_SHARES = (Decimal("0.80"), Decimal("0.90"), Decimal("1.00"))
ESTIMATE_SHARES = (Decimal("0.90"), Decimal("1.00"), Decimal("1.10"))

# Prices for a lot with no estimated value: round figures, tied to nothing in the tender.
NEUTRAL_PRICES = (Decimal("90000"), Decimal("100000"), Decimal("110000"))

# A framework's made-up rates for its worked example: round figures, tied to nothing in the tender. A lot's
# estimated value is what all its call-off contracts may add up to, never a price a bidder gives.
NEUTRAL_RATES = (Decimal("9"), Decimal("10"), Decimal("11"))

# Made-up adjustments to a schedule of rates (kept within the spec's bounds), and made-up percentage fees, in percent.
NEUTRAL_ADJUSTMENTS = (Decimal("-5"), Decimal("0"), Decimal("5"))
NEUTRAL_FEES = (Decimal("3"), Decimal("4"), Decimal("5"))


@lru_cache(maxsize=1)
def default_scale_data() -> dict:
    """The common 0 to 5 scale, from the versioned data file in this package."""
    source = resources.files(__package__).joinpath("data", "quality_scale.yaml")
    return yaml.load(source.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def scale(spec: tenderpack.Spec) -> list[tuple[int, str]]:
    """(score, descriptor) from the spec, or the common scale; highest score first."""
    if spec.award.scale:
        levels = [(level.score, level.descriptor) for level in spec.award.scale]
    else:
        levels = [(level["score"], level["descriptor"]) for level in default_scale_data()["levels"]]
    return sorted(levels, key=lambda level: level[0], reverse=True)


def max_score(spec: tenderpack.Spec) -> int:
    return scale(spec)[0][0]


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def weighted(score: int, top: int, weight: Decimal) -> Decimal:
    """score / top x weight, to two places."""
    return round2(Decimal(score) / Decimal(top) * Decimal(weight))


def price_criterion(spec: tenderpack.Spec):
    return next((c for c in spec.award.criteria if c.type.value == "price"), None)


def quality_example_criterion(spec: tenderpack.Spec):
    """The weighted quality criterion with the largest weight, for the worked example."""
    weighted_quality = [c for c in spec.award.criteria if c.type.value == "quality" and c.weight is not None]
    return max(weighted_quality, key=lambda c: c.weight if c.weight is not None else Decimal(0), default=None)


@dataclass(frozen=True)
class ExamplePrices:
    prices: list[Decimal]  # empty: a framework's example in words, without money figures
    basis: str          # a sentence saying where the prices come from
    lot: object = None  # the lot the example is for, or None for the whole contract
    lines: tuple = ()   # for a framework or a rate card: the (unit, quantity) of each line the rates multiply
    rates: tuple = ()   # for a framework or a rate card: each bidder's made-up rate, the same for every line
    kind: str = "prices"        # or the pricing model whose example this is: schedule_of_rates, rate_card, percentage_fee
    base: Decimal | None = None  # the basket at our rates (schedule_of_rates), or the notional base (percentage_fee)
    factors: tuple = ()         # each bidder's made-up adjustment, or fee, in percent


def period_share(spec: tenderpack.Spec, lot=None) -> Decimal:
    """The share of the whole term (with every extension) that the budget covers, for the contract (or ``lot``'s
    own); 1 without a budget."""
    v = spec.value
    if v.budget_ceiling is None or v.budget_covers == "whole_term":
        return Decimal(1)
    text = tenderpack.text
    term = text.term(spec, lot) if lot is not None else text.one_term(spec) or text.term(spec)
    if term.months is not None:
        total_months = term.months + sum(term.extensions)
        part = 12 if v.budget_covers == "year" else term.months
        return Decimal(part) / Decimal(total_months)
    part_days = 365 if v.budget_covers == "year" else (term.end - term.start).days + 1
    return Decimal(part_days) / Decimal((term.latest_end - term.start).days + 1)


def period_words(spec: tenderpack.Spec, lot=None) -> str:
    """The period a tender's total price covers: the whole term, with every extension (see pricing.py); for a lot,
    its own."""
    from .words import whole_term_words

    return whole_term_words(spec, lot)


def _prices(base: Decimal, shares) -> list[Decimal]:
    return [(Decimal(base) * s).quantize(Decimal("1"), ROUND_HALF_UP) for s in shares]


def _percents(shares) -> str:
    return tenderpack.text.join([tenderpack.text.percent(s * 100) for s in shares])


def example_prices(spec: tenderpack.Spec, lot=None) -> ExamplePrices:
    """The prices for the worked example of the contract, or of one lot.

    From the spec's example_prices when it gives them. Otherwise derived, over the same period
    as the prices we score (the whole term with every extension: the pricing schedule's total):
    for a lot, from the lot's OWN estimated value (never from the whole budget); for a contract
    without lots, from the published budget when it covers the whole term, or else from the
    estimated value. A budget that is not published is never used, so the example cannot
    reveal it.
    """
    given = spec.award.price.example_prices
    if given:
        return ExamplePrices([Decimal(p) for p in given], "The prices below are made up for this example.", lot)
    if spec.pricing.rated:
        return rated_example(spec, lot)
    if tenderpack.text.is_framework(spec):
        return framework_example(spec, lot)
    v = spec.value
    shares = BUDGET_SHARES if v.budget_ceiling is not None and v.budget_published else ESTIMATE_SHARES
    period = period_words(spec, lot)
    if lot is not None:
        if lot.value is None:
            return ExamplePrices(list(NEUTRAL_PRICES), "The prices below are made up for this example.", lot)
        base = Decimal(lot.value)
        what = f"our estimate for lot {lot.number} over {period} ({tenderpack.text.money(base)})"
        return ExamplePrices(_prices(base, shares),
                             f"The prices below are made up for this example: {_percents(shares)} of {what}.", lot)
    if v.budget_ceiling is not None and v.budget_published and period_share(spec) == 1:
        base = Decimal(v.budget_ceiling)
        what = f"our published budget for {period} ({tenderpack.text.money(base)})"
    else:
        base = Decimal(v.estimated_excluding_vat)
        what = f"our estimated value over {period} ({tenderpack.text.money(base)})"
    return ExamplePrices(_prices(base, shares),
                         f"The prices below are made up for this example: {_percents(shares)} of {what}.")


def framework_example(spec: tenderpack.Spec, lot=None) -> ExamplePrices:
    """A framework's worked example: made-up rates times the pricing schedule's estimated quantities (the price we
    score), never a share of the lot's estimated value; in words only when the spec lists no items to price."""
    number = lot.number if lot is not None else None
    lines = tuple((i.unit, Decimal(i.quantity)) for i in spec.pricing.items if i.lot == number)
    if not lines:
        return ExamplePrices([], "", lot)
    prices = [sum((rate * quantity for _, quantity in lines), Decimal(0)) for rate in NEUTRAL_RATES]
    return ExamplePrices(prices, "The rates below are made up for this example: they show the sums, not what "
                         "we expect the work to cost.", lot, lines, NEUTRAL_RATES)


def adjustments(spec: tenderpack.Spec) -> tuple[Decimal, ...]:
    """Three made-up adjustments within the spec's bounds: -5%, 0% and 5%, moved inside the bounds when they are
    narrower or lie elsewhere."""
    bounds = spec.pricing.adjusted
    low = max(NEUTRAL_ADJUSTMENTS[0], bounds.minimum) if bounds.minimum is not None else NEUTRAL_ADJUSTMENTS[0]
    high = min(NEUTRAL_ADJUSTMENTS[-1], bounds.maximum) if bounds.maximum is not None else NEUTRAL_ADJUSTMENTS[-1]
    if low >= high:   # the bounds lie wholly above or below -5% to 5%
        low = bounds.minimum if bounds.minimum is not None else high - 10
        high = bounds.maximum if bounds.maximum is not None else low + 10
    return (round2(low), round2((low + high) / 2), round2(high))


def rated_example(spec: tenderpack.Spec, lot=None) -> ExamplePrices:
    """The worked example of an evaluated price: made-up adjustments applied to the basket at our rates, made-up
    rates times the basket's quantities, or made-up fees on the notional base. Never a share of an estimated value."""
    number = lot.number if lot is not None else None
    p = spec.pricing
    kind = p.kind
    if kind == "schedule_of_rates":
        base = sum((Decimal(x.rate) * Decimal(x.quantity) for x in p.basket if x.lot == number and x.rate is not None),
                   Decimal(0))
        factors = adjustments(spec)
        prices = [round2(base * (1 + f / 100)) for f in factors]
        return ExamplePrices(prices, "The adjustments below are made up for this example: they show the sums, not "
                             "what we expect.", lot, kind=kind, base=round2(base), factors=factors)
    if kind == "rate_card":
        lines = tuple((x.unit, Decimal(x.quantity)) for x in p.basket if x.lot == number)
        prices = [sum((rate * quantity for _, quantity in lines), Decimal(0)) for rate in NEUTRAL_RATES]
        return ExamplePrices(prices, "The rates below are made up for this example: they show the sums, not what "
                             "we expect the work to cost.", lot, lines, NEUTRAL_RATES, kind=kind)
    fee = next(f for f in p.fees if f.lot == number)
    base = Decimal(fee.notional_base)
    return ExamplePrices([round2(base * f / 100) for f in NEUTRAL_FEES], "The fees below are made up for this "
                         "example: they show the sums, not what we expect.", lot, kind=kind, base=base,
                         factors=NEUTRAL_FEES)


def examples(spec: tenderpack.Spec) -> list[ExamplePrices]:
    """One worked example for the contract, or one for each lot that price is scored in.

    When the spec gives its own example prices, one example serves every lot.
    """
    lots = spec.lots.items
    if not lots or spec.award.price.example_prices:
        return [example_prices(spec)]
    criterion = price_criterion(spec)
    return [example_prices(spec, lot) for lot in lots
            if criterion is None or not lot.criteria or criterion.id in lot.criteria]


@dataclass(frozen=True)
class PriceScore:
    price: Decimal
    score: Decimal


def price_scores(prices: list[Decimal], weight: Decimal) -> list[PriceScore]:
    """lowest price / this price x weight, for each price, to two places."""
    lowest = min(prices)
    return [PriceScore(p, round2(lowest / p * Decimal(weight))) for p in prices]
