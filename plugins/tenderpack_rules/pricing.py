"""Rules on the pricing models (spec.pricing.model): softer problems the spec's own checks leave to the buyer.

A framework is not priced as one whole-value price; a schedule of rates' basket is sized like typical
work (figures in data/pricing.yaml, status check); every section a bidder adjusts is evaluated; and
bidders can read the schedule they adjust.
"""

from __future__ import annotations

from decimal import Decimal

import tenderpack
from tenderpack import Finding, text

from .common import lots_words, pounds
from .data import amount, as_of


def whole_value(spec: tenderpack.Spec):
    """A framework lot (or framework) with several suppliers is not priced year by year: that price would be all
    the work every call-off may order, given as one price, while each supplier gets only some of it."""
    if spec.framework is None or spec.pricing.rated or spec.pricing.model == "items":
        return
    priced = {item.lot for item in spec.pricing.items}
    if spec.lots.items:
        yearly = [lot for lot in spec.lots.items if lot.number not in priced
                  and (lot.suppliers or spec.award.suppliers) > 1]
        if not yearly:
            return
        which = lots_words([lot.number for lot in yearly])
        have, are = ("have", "are") if len(yearly) > 1 else ("has", "is")
        subject = f"{which[:1].upper()}{which[1:]} of the framework {have} several suppliers but {are}"
    elif spec.pricing.items or spec.award.suppliers <= 1:
        return
    else:
        subject = f"The framework has {spec.award.suppliers} suppliers but is"
    where = ("pricing", "items") if spec.pricing.items else ("pricing",)
    yield Finding(f"{subject} priced year by year: each bidder would give one price for all the work every "
                  "call-off contract may order, though each supplier gets only some of it. Price rates instead: "
                  "pricing.model: schedule_of_rates or rate_card, evaluated on a basket of typical work (or items with "
                  "estimated quantities).", where)


def _value_of(spec: tenderpack.Spec, number: int | None) -> tuple[Decimal | None, str]:
    """The estimated value a lot's basket is compared with, and its name; the whole estimate without lots."""
    if number is None:
        return Decimal(spec.value.estimated_excluding_vat), "the estimated value (value.estimated_excluding_vat)"
    lot = next(lot for lot in spec.lots.items if lot.number == number)
    return (Decimal(lot.value) if lot.value is not None else None,
            f"lot {number}'s estimated value (lots.items[].value)")


def basket_value(spec: tenderpack.Spec):
    """A schedule of rates' basket, at our rates, is neither more than the work expected nor a sliver of it."""
    p = spec.pricing
    if p.kind != "schedule_of_rates":
        return
    most, least = amount("pricing", "basket", "most_percent"), amount("pricing", "basket", "least_percent")
    numbers: list[int | None] = [lot.number for lot in spec.lots.items] or [None]
    for number in numbers:
        lines = [(i, x, x.rate) for i, x in enumerate(p.basket) if x.lot == number and x.rate is not None]
        if not lines:
            continue
        cost = sum((Decimal(rate) * Decimal(x.quantity) for _, x, rate in lines if rate is not None), Decimal(0))
        value, named = _value_of(spec, number)
        if not value:
            continue
        share = cost / value * 100
        basket = f"The basket for lot {number}" if number is not None else "The basket"
        where = ("pricing", "basket", lines[0][0])
        if share > most:
            yield Finding(f"{basket} costs {pounds(cost)} at our rates: more than {named}, {pounds(value)}. A basket "
                          "is typical work, only for comparing tenders; one this large reads as a commitment, or a "
                          f"quantity or rate is wrong. Check its lines ({as_of('pricing')}).", where)
        elif share < least:
            yield Finding(f"{basket} costs {pounds(cost)} at our rates: {text.percent(share.quantize(Decimal('0.01')))} "
                          f"of {named}, {pounds(value)}, under the {text.percent(least)} a typical mix of work needs. "
                          f"Add the work you order most, or check its quantities ({as_of('pricing')}).", where)


def sections_evaluated(spec: tenderpack.Spec):
    """With adjustments by section, each section used in a lot has a line in that lot's basket: an adjustment
    that is not evaluated could be set high at no cost to the bidder's score."""
    p = spec.pricing
    if p.kind != "schedule_of_rates" or p.adjusted.per != "section" or p.schedule is None:
        return
    numbers: list[int | None] = [lot.number for lot in spec.lots.items] or [None]
    for i, s in enumerate(p.schedule.sections):
        used = [n for n in numbers if n is None or text.for_lot(list(s.lots), n)]
        missing = [n for n in used if not any(x.section == s.id and x.lot == n for x in p.basket)]
        if not missing:
            continue
        where = f" for {lots_words(missing)}" if missing != [None] else ""
        yield Finding(f"Section {s.id} ({s.name}) has no line in the basket{where}: bidders give an adjustment for "
                      "it that is never evaluated, so they could set it high at no cost to their score. Add a line "
                      "of the section to the basket, or take the section out of those lots "
                      f"(pricing.schedule.sections[{i}].lots).", ("pricing", "schedule", "sections", i))


def schedule_readable(spec: tenderpack.Spec):
    """Bidders can read every rate they adjust: the schedule is attached (kind: pricing) or says where it is."""
    p = spec.pricing
    schedule = p.schedule
    if p.kind != "schedule_of_rates" or schedule is None:
        return
    if schedule.attachment is None and schedule.available_from is None:
        yield Finding(f"The schedule of rates ({schedule.title}) is neither attached nor said to be anywhere: bidders "
                      "adjust every rate in it, so they need to read it. Attach it (attachments, kind: pricing, and "
                      "pricing.schedule.attachment) or say where to read it (pricing.schedule.available_from).",
                      ("pricing", "schedule"))
        return
    key = " ".join((schedule.attachment or "").split()).lower()
    for i, a in enumerate(spec.attachments):
        if " ".join(a.title.split()).lower() == key and a.kind != "pricing":
            yield Finding(f"The schedule of rates is attached as “{a.title}”, of kind {a.kind}: give it kind: pricing, "
                          "so that the tender notice lists it as the pricing document it is.", ("attachments", i, "kind"))
