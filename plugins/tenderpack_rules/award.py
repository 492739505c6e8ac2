"""Rules on award criteria: weights or ranks, scales, and the social value weighting."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import tenderpack
from tenderpack import Finding

from .common import number

DEFAULT_SCALE = (0, 1, 2, 3, 4, 5)


def weights(spec: tenderpack.Spec):
    """Weights add up to 100, or every criterion is ranked (s.23: relative importance shown).

    A criterion that every lot using it weighs itself (lots.items[].weights), such as a criterion
    used in one lot only, needs no weight in award.criteria; the weights given there add up to 100."""
    at = {id(c): i for i, c in enumerate(spec.award.criteria)}
    criteria = [c for c in spec.award.criteria if spec.needs_award_weight(c) or c.weight is not None]
    if not criteria:
        return
    weights = [c.weight for c in criteria if c.weight is not None]
    ranks = [c.rank for c in criteria if c.rank is not None]
    all_weighted = len(weights) == len(criteria)
    if all_weighted:
        total = sum(weights, Decimal(0))
        if total != 100:
            yield Finding(f"The award criteria weights add up to {number(total)}%, not 100%. "
                          "Change the weights so they add up to 100.", ("award", "criteria"))
    elif len(ranks) == len(criteria):
        counts = Counter(ranks)
        for c in criteria:
            if c.rank is not None and counts[c.rank] > 1:   # every rank is given here
                yield Finding(f"Rank {c.rank} is given to more than one criterion. Give each criterion its own rank, "
                              "or use weights.", ("award", "criteria", at[id(c)], "rank"))
        expected = set(range(1, len(criteria) + 1))
        if set(counts) != expected and all(n == 1 for n in counts.values()):
            yield Finding(f"Ranks should run from 1 to {len(criteria)} with no gaps; they are "
                          f"{', '.join(str(r) for r in sorted(counts))}.", ("award", "criteria"))
    else:
        for c in criteria:
            if c.weight is None:
                yield Finding(f"Criterion {c.id} has no weight while others do. Weight every criterion, "
                              "or rank every criterion, so bidders can see how much each one counts.",
                              ("award", "criteria", at[id(c)]))
    if not all_weighted:
        return
    weight_of = {c.id: c.weight for c in criteria if c.weight is not None}   # every criterion has one
    for i, lot in enumerate(spec.lots.items):
        if not lot.criteria or getattr(lot, "weights", None):
            continue
        total = sum((weight_of[cid] for cid in lot.criteria if cid in weight_of), Decimal(0))
        if total != 100:
            yield Finding(f"The criteria for lot {lot.number} add up to {number(total)}%, not 100%. Give this lot "
                          "its own weights (lots.items[].weights) that add up to 100.",
                          ("lots", "items", i, "criteria"))


def scale(spec: tenderpack.Spec):
    """Every criterion can be scored: a sound quality scale, and minimum scores on it."""
    award = spec.award
    if award.scale:
        if len(award.scale) < 2:
            yield Finding("A scoring scale needs at least two scores, each with a descriptor "
                          "(leave award.scale empty to use the common 0 to 5 scale).", ("award", "scale"))
        seen: dict[int, int] = {}
        for i, level in enumerate(award.scale):
            if level.score in seen:
                yield Finding(f"Score {level.score} is described twice (see award.scale[{seen[level.score]}]). "
                              "Describe each score once.", ("award", "scale", i, "score"))
            seen.setdefault(level.score, i)
    for i, c in enumerate(award.criteria):
        levels = getattr(c, "scale", None) or award.scale
        scores = [level.score for level in levels] if levels else list(DEFAULT_SCALE)
        if c.type.value == "price":
            if c.minimum_score is not None:
                yield Finding(f"Criterion {c.id} is price, which is scored with the price formula, not on the "
                              "quality scale. Leave out minimum_score.", ("award", "criteria", i, "minimum_score"))
            continue
        if c.minimum_score is not None and c.minimum_score > max(scores):
            yield Finding(f"The minimum score for {c.id} is {c.minimum_score}, but the scale only goes up to "
                          f"{max(scores)}. No tender could pass.", ("award", "criteria", i, "minimum_score"))


def social_value_weighting(spec: tenderpack.Spec):
    """At least 10% of the total score for social value when the social value model is used."""
    minimum = tenderpack.law.amount("thresholds", "social_value", "min_weighting_percent")
    sv = spec.social_value
    if sv is not None:
        if sv.weighting < minimum:
            yield Finding(f"Social value is weighted at {number(sv.weighting)}% of the total score; the social value "
                          f"model asks for at least {number(minimum)}%.", ("social_value", "weighting"))
        return
    criteria = [(i, c) for i, c in enumerate(spec.award.criteria) if c.type.value == "social_value"]
    weights = [c.weight for _, c in criteria if c.weight is not None]
    total = sum(weights, Decimal(0))
    if criteria and len(weights) == len(criteria) and total < minimum:
        i = criteria[0][0]
        yield Finding(f"Social value is weighted at {number(total)}% of the total score; the social value "
                      f"model asks for at least {number(minimum)}%.", ("award", "criteria", i, "weight"))
