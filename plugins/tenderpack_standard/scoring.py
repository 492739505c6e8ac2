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

# Derived example prices, as shares of the published budget or of the estimated value.
# With a published budget ceiling the examples stay within it.
BUDGET_SHARES = (Decimal("0.80"), Decimal("0.90"), Decimal("1.00"))
ESTIMATE_SHARES = (Decimal("0.90"), Decimal("1.00"), Decimal("1.10"))


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
    return max(weighted_quality, key=lambda c: c.weight, default=None)


@dataclass(frozen=True)
class ExamplePrices:
    prices: list[Decimal]
    basis: str          # a sentence saying where the prices come from


def example_prices(spec: tenderpack.Spec) -> ExamplePrices:
    """The prices for the worked example: from the spec, or derived from the budget or estimate.

    A budget that is not published is never used, so the example cannot reveal it.
    """
    given = spec.award.price.example_prices
    if given:
        return ExamplePrices([Decimal(p) for p in given], "The prices below are made up for this example.")
    v = spec.value
    if v.budget_ceiling is not None and v.budget_published:
        base, shares, what = v.budget_ceiling, BUDGET_SHARES, "our published budget"
    else:
        base, shares, what = v.estimated_excluding_vat, ESTIMATE_SHARES, "our estimated value"
    prices = [(Decimal(base) * s).quantize(Decimal("1"), ROUND_HALF_UP) for s in shares]
    percents = tenderpack.text.join([tenderpack.text.percent(s * 100) for s in shares])
    return ExamplePrices(prices, f"The prices below are made up for this example: {percents} of {what}.")


@dataclass(frozen=True)
class PriceScore:
    price: Decimal
    score: Decimal


def price_scores(prices: list[Decimal], weight: Decimal) -> list[PriceScore]:
    """lowest price / this price x weight, for each price, to two places."""
    lowest = min(prices)
    return [PriceScore(p, round2(lowest / p * Decimal(weight))) for p in prices]
