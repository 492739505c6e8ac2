"""The pricing schedule: what bidders price, per lot, as a spreadsheet with formulas.

The lines come from ``spec.pricing.items`` (item, unit, estimated quantity). When the spec
gives none for a lot (or for the contract), bidders give one price for each year of the
contract (and each optional extension), so the total is always the whole-life price we
compare. The same lines feed the simple price form in the SME pack, so the two can never
disagree. An outcome's fee at risk is its share of the totals of only the lots the outcome
applies to, described in the words of ``tenderpack.payments``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import tenderpack
from tenderpack import Artifact, Cell, Sheet, Workbook, payments, text

from . import rated
from .periods import Period, period_word, periods  # noqa: F401  (Period: re-exported)

MONEY = "£#,##0.00"
WHOLE = "#,##0"
DECIMAL = "#,##0.00"
PRICE_PROMPT = "Your price for one unit, in pounds, excluding VAT. Type 0 or more."
PERIOD_PROMPT = "Your price for this period, in pounds, excluding VAT. Type 0 or more."
# A percentage typed as a number of percent (-5 is 5% below): a cell formatted as a percentage would read 5 as 500%.
PERCENT = '0.00"%"'
ADJUSTMENT_PROMPT = "Your adjustment in percent, the number only: -5 for 5% below our rates, 3 for 3% above, 0 for none."
RATE_PROMPT = "Your rate for one unit, in pounds, excluding VAT. Type 0 or more."
FEE_PROMPT = "Your fee in percent, the number only: 2.5 for 2.5%."

ARTIFACT_ID = "pricing-schedule"


@dataclass(frozen=True)
class Line:
    ref: str
    item: str
    unit: str
    quantity: Decimal
    description: str | None = None


@dataclass(frozen=True)
class PricedLot:
    number: int | None          # None: the contract is not divided into lots
    title: str
    lines: list[Line]

    @property
    def label(self) -> str:
        return f"Lot {self.number}" if self.number is not None else "The whole contract"


# --------------------------------------------------------------------------- the lines


def asks(spec: tenderpack.Spec) -> str:
    """What a price for a period covers: 'everything the contract asks for' (for a framework, the call-offs')."""
    return "everything the call-off contracts ask for" if text.is_framework(spec) else "everything the contract asks for"


def _period_line(ref: str, period: Period, covers: str = "everything the contract asks for") -> Line:
    dates = f"{text.date(period.starts)} to {text.date(period.ends)}"
    item = f"{period.label}: {dates}" + (", if we use it" if period.optional else "")
    unit = "year" if period.months == 12 else f"period of {text.months(period.months)}"
    return Line(ref, item, unit, Decimal(1), f"{covers[:1].upper()}{covers[1:]} in this period.")


def priced_lots(spec: tenderpack.Spec) -> list[PricedLot]:
    """The priced lines for each lot (or for the whole contract), from the spec or derived."""
    lots = spec.lots.items
    groups: list[tuple[int | None, str]] = [(lot.number, lot.title) for lot in lots] or [(None, spec.title)]
    out = []
    for number, title in groups:
        items = [i for i in spec.pricing.items if i.lot == number]
        prefix = f"{number}." if number is not None else ""
        if items:
            lines = [Line(f"{prefix}{k}", i.item, i.unit, Decimal(i.quantity), i.description)
                     for k, i in enumerate(items, start=1)]
        elif works(spec):   # one price for the whole of the works, as the form asks
            lines = [Line(f"{prefix}1", works_item(spec), "the whole of the works", Decimal(1))]
        else:   # the years of the lot's own contract (a lot is a contract of its own, with its own term)
            lines = [_period_line(f"{prefix}{k}", p, asks(spec))
                     for k, p in enumerate(periods(spec, spec_lot(spec, number)), start=1)]
        out.append(PricedLot(number, title, lines))
    return out


def spec_lot(spec: tenderpack.Spec, number: int | None):
    """The lot of the spec with this number, or None (the contract is not divided into lots)."""
    return next((lot for lot in spec.lots.items if lot.number == number), None)


def derived(spec: tenderpack.Spec) -> bool:
    """True when the lines are the contract's years, not items the spec lists."""
    return not spec.pricing.items


def yearly(spec: tenderpack.Spec, lot: PricedLot) -> bool:
    """True when this lot's lines are the contract's years (the spec lists no items for it, and no works form)."""
    return not any(i.lot == lot.number for i in spec.pricing.items) and not works(spec)


def works(spec: tenderpack.Spec) -> bool:
    """True when a lot the spec lists no items for is priced as its works form asks: one total for the whole of the
    works (tenderpack.text.works_price), not a price for each year."""
    return bool(text.works_price(spec))


def whole_works(spec: tenderpack.Spec, lot: PricedLot) -> bool:
    """True when this lot's one line is the total for the whole of the works."""
    return works(spec) and not any(i.lot == lot.number for i in spec.pricing.items)


def works_item(spec: tenderpack.Spec) -> str:
    """What the one line of a works contract asks for: 'The total of the Prices in your activity schedule'."""
    asked = text.works_price(spec)[0].removeprefix("Give ").split(", in pounds")[0]
    return asked[:1].upper() + asked[1:]


def works_words(spec: tenderpack.Spec) -> list[str]:
    """How to price a works contract, with 'We score this total.' when a criterion scores the price."""
    scored = any(c.type.value == "price" for c in spec.award.criteria)
    return text.works_price(spec) + (["We score this total."] if scored else [])


# --------------------------------------------------------------------------- the workbook


def quantity_format(lines: list[Line]) -> str:
    return WHOLE if all(line.quantity == line.quantity.to_integral_value() for line in lines) else DECIMAL


def whole_life(spec: tenderpack.Spec, number: int | None = None) -> str:
    """What the total of the yearly prices covers: the optional extensions only when the contract has them (lot
    ``number``'s own contract, when given)."""
    extensions = _term(spec, number).extensions
    if not extensions:
        return "The total covers the whole term, so we compare whole-life prices."
    which = "the optional extension" if len(extensions) == 1 else "the optional extensions"
    return f"The total includes {which}, so we compare whole-life prices."


def _term(spec: tenderpack.Spec, number: int | None) -> text.Term:
    """The term of lot ``number``'s contract, else the term every contract shares (else the timetable's)."""
    lot = spec_lot(spec, number)
    return text.term(spec, lot) if lot is not None else text.one_term(spec) or text.term(spec)


def over_the_term(spec: tenderpack.Spec, number: int | None = None) -> str:
    """'the whole term', with the extensions the quantities also cover (of lot ``number``'s contract, when given)."""
    extensions = _term(spec, number).extensions
    if not extensions:
        return "the whole term"
    return "the whole term, including the optional extension" + ("s" if len(extensions) > 1 else "")


def quantities_line(spec: tenderpack.Spec, number: int | None = None) -> str:
    """What the estimated quantities are for; for a framework, each body that awards a call-off contract pays for the
    work it orders, at the prices of that call-off contract."""
    if text.is_framework(spec):
        return (f"Quantities are our estimates of what may be ordered under all the call-off contracts, over the "
                f"framework's {over_the_term(spec).removeprefix('the ')}. We use them only to compare tenders. Each "
                f"body that awards a call-off contract pays for the work it orders, at the prices "
                f"{text.call_off_prices(spec)}.")
    return (f"Quantities are our estimates over {over_the_term(spec, number)}. We use them only to compare tenders. "
            "We pay for what we order at your prices.")


def columns(spec: tenderpack.Spec, lot: PricedLot) -> list[str]:
    """The headers of a lot's lines: a unit price times an estimated quantity, or a price for each period."""
    if whole_works(spec, lot):
        return ["Ref", "What you price", "Unit", "Quantity", "Your price (£)", "Total (£)"]
    if yearly(spec, lot):
        return ["Ref", "What you price", "Unit", "Quantity",
                f"Your price for the {period_word(spec, spec_lot(spec, lot.number))} (£)", "Total (£)"]
    return ["Ref", "What you price", "Unit", "Estimated quantity", "Your price for one unit (£)", "Total (£)"]


def at_risk_label(spec: tenderpack.Spec, outcome) -> str:
    """'10% of your lot 1 price is at risk': the share, and the price of only the lots the outcome applies to. For a
    framework, the share of the charges under each call-off contract (tenderpack.payments)."""
    if text.is_framework(spec):
        return f"{text.percent(outcome.payment.percent_at_risk)} of {payments.charges_for(spec, outcome)} are at risk"
    numbers = [lot.number for lot in payments.lots_of(spec, outcome)]
    if spec.pricing.rated:   # rates or a fee: the share is of the charges, not of an evaluated price
        whose = ("the charges" if not numbers else f"the charges for lot {numbers[0]}" if len(numbers) == 1
                 else f"the charges for each of {payments.lot_names(numbers)}")
        return f"{text.percent(outcome.payment.percent_at_risk)} of {whose} are at risk"
    if not numbers:
        whose = "your price"
    elif len(numbers) == 1:
        whose = f"your lot {numbers[0]} price"
    else:
        whose = f"your price for each of {payments.lot_names(numbers)}"
    return f"{text.percent(outcome.payment.percent_at_risk)} of {whose} is at risk"


def lot_sheet(spec: tenderpack.Spec, lot: PricedLot, name: str) -> tuple[Sheet, str]:
    """A sheet for one lot, and the address of its total (for the summary)."""
    heading = f"{lot.label}: {lot.title}" if lot.number is not None else f"Prices: {spec.title}"
    intro = [heading, "Type your price in the yellow cell, in pounds, excluding VAT. The other cells are locked."
             if whole_works(spec, lot) else
             "Type your prices in the yellow cells, in pounds, excluding VAT. The other cells are locked."]
    if yearly(spec, lot):
        word = period_word(spec, spec_lot(spec, lot.number))
        intro += [f"Give one price for each {word}. Each price covers {asks(spec)} in that {word}.",
                  whole_life(spec, lot.number),
                  "The sheet adds up your prices for the lot." if lot.number is not None
                  else "The sheet adds up your prices."]
    elif whole_works(spec, lot):
        intro += [" ".join(works_words(spec))]
    else:
        intro += ["The sheet works out each line's total and the total for the lot." if lot.number is not None
                  else "The sheet works out each line's total and the total price.",
                  quantities_line(spec, lot.number)]
    for o in paid_outcomes(spec):
        if o.payment.type.value == "fee_at_risk" and (lot.number is None or text.for_lot(list(o.lots), lot.number)):
            whose = "your price for this lot" if lot.number is not None else "your price"
            intro.append(f"For outcome {o.id}, {text.percent(o.payment.percent_at_risk)} of {whose} is at risk. "
                         "See the Outcome payments sheet.")
    sheet = Sheet(name, columns(spec, lot), widths=[7, 60, 16, 12, 18, 18], intro=intro)
    qty_format = quantity_format(lot.lines)
    prompt = PERIOD_PROMPT if yearly(spec, lot) else PRICE_PROMPT
    if whole_works(spec, lot):
        prompt = works_item(spec) + ", in pounds, excluding VAT. Type 0 or more."
    for i, line in enumerate(lot.lines):
        item = line.item if not line.description or yearly(spec, lot) else f"{line.item}. {line.description}"
        sheet.rows.append([
            Cell(line.ref), Cell(item), Cell(line.unit),
            Cell(line.quantity, number_format=qty_format),
            Cell(input=True, min_value=0, number_format=MONEY, prompt=prompt),
            Cell(formula=f"{sheet.ref(i, 3)}*{sheet.ref(i, 4)}", number_format=MONEY),
        ])
    first, last = sheet.ref(0, 5), sheet.ref(len(lot.lines) - 1, 5)
    label = f"Total price for lot {lot.number}" if lot.number is not None else "Total price"
    sheet.rows.append([Cell(), Cell(label, bold=True), Cell(), Cell(), Cell(),
                       Cell(formula=f"SUM({first}:{last})", bold=True, number_format=MONEY)])
    return sheet, sheet.ref(len(sheet.rows) - 1, 5, absolute=True, sheet=True)


# --------------------------------------------------------------------------- rates, an adjustment or a fee


def rated_sheet(spec: tenderpack.Spec, group: rated.Group, name: str) -> tuple[Sheet, str]:
    """A sheet for one lot priced by an adjustment to our rates, a rate card or a percentage fee, and the address
    of its evaluated price (for the summary)."""
    kind = spec.pricing.kind
    if kind == "schedule_of_rates":
        return schedule_sheet(spec, group, name)
    if kind == "rate_card":
        return rate_card_sheet(spec, group, name)
    return fee_sheet(spec, group, name)


def _heading(spec: tenderpack.Spec, group: rated.Group) -> str:
    return f"{group.label}: {group.title}" if group.number is not None else f"Prices: {spec.title}"


def _at_risk_lines(spec: tenderpack.Spec, number: int | None) -> list[str]:
    """For a sheet priced by rates or a fee: the outcomes that put a share of this lot's charges at risk."""
    whose = "the charges for this lot" if number is not None else "the charges"
    return [f"For outcome {o.id}, {text.percent(o.payment.percent_at_risk)} of {whose} are at risk. "
            "See the Outcome payments sheet."
            for o in paid_outcomes(spec)
            if o.payment.type.value == "fee_at_risk" and (number is None or text.for_lot(list(o.lots), number))]


def _line_text(line) -> str:
    return f"{line.item}. {line.description}" if line.description else line.item


def schedule_sheet(spec: tenderpack.Spec, group: rated.Group, name: str) -> tuple[Sheet, str]:
    """The basket at our rates, the bidder's adjustment (one cell, or one for each section) and the evaluated price:
    each line's total at our rates × (1 + adjustment ÷ 100), added up."""
    sections = group.sections
    lot = ", for work in this lot" if group.number is not None else ""
    if sections:
        applies = (f"Your adjustment for a section applies to every rate in that section of "
                   f"{rated.schedule_name(spec)}{lot}, not only to the basket.")
    else:
        applies = f"It applies to every rate in {rated.schedule_name(spec)}{lot}, not only to the basket."
    intro = [_heading(spec, group),
             ("Type your adjustment for each section in its yellow cell." if sections else
              "Type your adjustment in the yellow cell.") + " The other cells are locked.",
             applies,
             " ".join(x for x in (rated.adjustment_meaning(), rated.bounds_sentence(spec)) if x),
             "The sheet applies it to the basket below: typical work, at our rates. The adjusted total is your "
             f"evaluated price{' for the lot' if group.number is not None else ''}. We score it.",
             f"The basket's quantities are only for comparing tenders. {rated.not_a_promise(spec)}",
             rated.empty_adjustment(spec),
             *_at_risk_lines(spec, group.number)]
    sheet = Sheet(name, ["Ref", "What the line is", "Unit", "Basket quantity", "Our rate (£)", "At our rates (£)",
                         "Adjusted (£)"], widths=[11, 50, 14, 12, 14, 16, 16], intro=intro)
    bounds = spec.pricing.adjusted
    low = bounds.minimum if bounds.minimum is not None else rated.ADJUSTMENT_FLOOR
    high = float(bounds.maximum) if bounds.maximum is not None else None
    parts = [(f"Your adjustment for section {s.id}: {s.name} (%)", [x for x in group.lines if x.section == s.id])
             for s in sections] or [(f"Your adjustment{' for lot ' + str(group.number) if group.number else ''} (%)",
                                     list(group.lines))]
    qty_format = quantity_format([Line("", "", "", Decimal(x.quantity)) for x in group.lines])
    ranges: list[tuple[int, int]] = []
    adjustments: list[str] = []
    k = 0
    for label, lines in parts:
        at = len(sheet.rows)
        sheet.rows.append([Cell(), Cell(label, bold=True), Cell(), Cell(), Cell(), Cell(),
                           Cell(input=True, min_value=float(low), max_value=high, number_format=PERCENT,
                                prompt=ADJUSTMENT_PROMPT)])
        adjustment = sheet.ref(at, 6, absolute=True)
        first = len(sheet.rows)
        for line in lines:
            k += 1
            r = len(sheet.rows)
            sheet.rows.append([Cell(rated.line_ref(group, k, line)), Cell(_line_text(line)), Cell(line.unit),
                               Cell(Decimal(line.quantity), number_format=qty_format),
                               Cell(Decimal(line.rate), number_format=MONEY),
                               Cell(formula=f"{sheet.ref(r, 3)}*{sheet.ref(r, 4)}", number_format=MONEY),
                               # An empty adjustment shows no price: a lot left empty is not a bid at our rates.
                               Cell(formula=f'IF({adjustment}="","",{sheet.ref(r, 5)}*(1+{adjustment}/100))',
                                    number_format=MONEY)])
        if lines:
            ranges.append((first, len(sheet.rows) - 1))
            adjustments.append(adjustment)

    def total(column: int) -> str:
        return "SUM(" + ",".join(f"{sheet.ref(a, column)}:{sheet.ref(b, column)}" for a, b in ranges) + ")"

    label = f"Basket total for lot {group.number}" if group.number is not None else "Basket total"
    empty = ",".join(f'{a}=""' for a in adjustments)
    sheet.rows.append([Cell(), Cell(label, bold=True), Cell(), Cell(), Cell(),
                       Cell(formula=total(5), number_format=MONEY),
                       Cell(formula=f'IF(OR({empty}),"",{total(6)})', bold=True,
                            number_format=MONEY)])   # no evaluated price until every adjustment is given
    return sheet, sheet.ref(len(sheet.rows) - 1, 6, absolute=True, sheet=True)


def rate_card_sheet(spec: tenderpack.Spec, group: rated.Group, name: str) -> tuple[Sheet, str]:
    """A rate for each line of the card, times its notional quantity in the basket, added up: the evaluated price."""
    lot = " for the lot" if group.number is not None else ""
    intro = [_heading(spec, group),
             "Type your rates in the yellow cells, in pounds, excluding VAT. The other cells are locked.",
             "Give your rate for one unit of each line. " + " ".join(rated.how_we_pay(spec)),
             f"The sheet multiplies each rate by its quantity in our basket and adds them up. The total is your "
             f"evaluated price{lot}. We score it.",
             f"The basket's quantities are notional: only for comparing tenders. {rated.not_a_promise(spec)}",
             *_at_risk_lines(spec, group.number)]
    sheet = Sheet(name, ["Ref", "Role or item", "Unit", "Basket quantity", "Your rate (£)", "Basket total (£)"],
                  widths=[11, 55, 14, 12, 16, 18], intro=intro)
    qty_format = quantity_format([Line("", "", "", Decimal(x.quantity)) for x in group.lines])
    for k, line in enumerate(group.lines, start=1):
        r = len(sheet.rows)
        sheet.rows.append([Cell(rated.line_ref(group, k, line)), Cell(_line_text(line)), Cell(line.unit),
                           Cell(Decimal(line.quantity), number_format=qty_format),
                           Cell(input=True, min_value=0, number_format=MONEY, prompt=RATE_PROMPT),
                           Cell(formula=f"{sheet.ref(r, 3)}*{sheet.ref(r, 4)}", number_format=MONEY)])
    first, last = sheet.ref(0, 5), sheet.ref(len(group.lines) - 1, 5)
    label = f"Evaluated price for lot {group.number}" if group.number is not None else "Evaluated price"
    sheet.rows.append([Cell(), Cell(label, bold=True), Cell(), Cell(), Cell(),
                       Cell(formula=f"SUM({first}:{last})", bold=True, number_format=MONEY)])
    return sheet, sheet.ref(len(sheet.rows) - 1, 5, absolute=True, sheet=True)


def fee_sheet(spec: tenderpack.Spec, group: rated.Group, name: str) -> tuple[Sheet, str]:
    """One cell for the fee, in percent, and the evaluated price: the notional base × the fee ÷ 100."""
    fee = group.fee
    assert fee is not None   # the spec gives one fee for each lot
    lot = " for the lot" if group.number is not None else ""
    intro = [_heading(spec, group),
             "Type your fee in the yellow cell, in percent: 2.5 means 2.5%. The other cells are locked.",
             f"Your fee is a percentage of {fee.base.rstrip('.')}.",
             f"The sheet works it out on our notional base: that figure × your percentage ÷ 100. The result is your "
             f"evaluated price{lot}. We score it.",
             rated.what_we_evaluate(spec)[-1],
             *_at_risk_lines(spec, group.number)]
    sheet = Sheet(name, ["Ref", "Your fee is a percentage of", "Notional base (£)", "Your fee (%)",
                         "Evaluated price (£)"], widths=[8, 55, 18, 14, 18], intro=intro)
    base = fee.base.rstrip(".")
    sheet.rows.append([Cell(str(group.number) if group.number is not None else "1"), Cell(base[:1].upper() + base[1:]),
                       Cell(Decimal(fee.notional_base), number_format=MONEY),
                       Cell(input=True, min_value=0, max_value=100, number_format=PERCENT, prompt=FEE_PROMPT),
                       Cell(formula=f"{sheet.ref(0, 2)}*{sheet.ref(0, 3)}/100", bold=True, number_format=MONEY)])
    return sheet, sheet.ref(0, 4, absolute=True, sheet=True)


def rated_summary_intro(spec: tenderpack.Spec) -> list[str]:
    """The summary's lines for a pack priced by rates, an adjustment or a fee: evaluated prices, lot by lot."""
    kind = spec.pricing.kind
    out = []
    if spec.lots.items:
        out += ["Fill in a sheet for each lot you bid for. This page shows your evaluated price for each lot."]
        if len(spec.lots.items) > 1:
            out += ["We compare each lot's evaluated price only with evaluated prices for the same lot."]
    else:
        out += ["Fill in the Prices sheet. This page shows your evaluated price."]
    out += ["An evaluated price is only for comparing tenders: it is not what the contract will cost."
            if not text.is_framework(spec) else
            "An evaluated price is only for comparing tenders: it is not what the call-off contracts will cost."]
    out += {"schedule_of_rates": ["Amounts are in pounds and exclude VAT. Your adjustment may be below 0."],
            "rate_card": ["Every rate is in pounds and excludes VAT. You cannot type a negative number."],
            "percentage_fee": ["Amounts are in pounds and exclude VAT. You cannot type a negative fee."]}[kind]
    return out


def paid_outcomes(spec: tenderpack.Spec) -> list:
    return [o for o in spec.outcomes if o.payment.type.value != "none"]


def outcome_lots(spec: tenderpack.Spec, outcomes: list | None = None) -> list[int]:
    """The lots the (paid) outcomes apply to, when that is not every lot; empty otherwise."""
    if not spec.lots.items:
        return []
    chosen = paid_outcomes(spec) if outcomes is None else outcomes
    numbers = sorted({lot.number for o in chosen for lot in payments.lots_of(spec, o)})
    return numbers if len(numbers) < len(spec.lots.items) else []


def at_risk_formula(outcome, totals: list[tuple[PricedLot, str]]) -> str:
    """The at-risk amount: the share of the totals of only the lots the outcome applies to."""
    refs = [ref for lot, ref in totals if lot.number is None or text.for_lot(list(outcome.lots), lot.number)]
    share = Decimal(outcome.payment.percent_at_risk) / 100
    return f"SUM({','.join(refs)})*{share.normalize():f}"


def at_risk_rule(spec: tenderpack.Spec, outcome) -> str:
    """The outcome specification's formula for the at-risk share, the target each period is measured
    against, and whose charges it is worked out on: the words of ``tenderpack.payments``."""
    name, _ = payments.period(outcome.payment, outcome)
    lines = payments.fee_at_risk(spec, outcome)
    rule = [line for line in lines if line.startswith(("At-risk share for", "Achievement is"))]
    rule += payments.target_rule(outcome, "fee_at_risk", name, call_off=text.is_framework(spec))
    rule += [line for line in lines if line.startswith(("Each authority", "Each body that awards"))]
    return " ".join(rule)


def outcome_sheet(spec: tenderpack.Spec, totals: list[tuple[PricedLot, str]]) -> Sheet:
    """The payments we set for outcomes: a fee at risk as its share of the lots it applies to; a price per
    result and a bonus with their caps and the bidder's estimate of how many."""
    paid = paid_outcomes(spec)
    estimated = [o for o in paid if o.payment.type.value != "fee_at_risk"]
    intro = ["Outcome payments",
             "We set these payments. You do not price them. Amounts are in pounds and exclude VAT."]
    if spec.lots.items:
        only = outcome_lots(spec)
        intro.append(f"These payments apply to {payments.lot_names(only)} only." if only
                     else "Each row says which lots it applies to.")
    if len(estimated) < len(paid):
        intro.append("A share at risk is part of your price, not an extra payment.")
    if estimated:
        intro.append(f"In the yellow cells, type how many you expect over {expect_over(spec)}. "
                     "We do not score these estimates. They help us plan the budget.")
        if spec.lots.items:
            intro.append("Give estimates only for the lots you bid for.")
    intro.append("The “Outcome specification” explains each payment, with a worked example.")
    sheet = Sheet("Outcome payments",
                  # For a framework, the body that awards each call-off contract pays, not "we" of this sheet.
                  ["Outcome", "How it is paid", "Amount (£, excluding VAT)", "What is paid for", "Most paid (£)",
                   "Your estimate (number)", "Estimated payment (£)"] if text.is_framework(spec) else
                  ["Outcome", "How we pay", "Amount (£, excluding VAT)", "What we pay for",
                   "Most we pay over the contract (£)", "Your estimate (number)", "Estimated payment (£)"],
                  widths=[45, 30, 16, 45, 18, 16, 18], intro=intro)
    paid_rows: list[int] = []
    for o in paid:
        p = o.payment
        kind = p.type.value
        r = len(sheet.rows)
        where = payments.applies_to(spec, o, short=True)
        if kind == "fee_at_risk":
            cap = Cell(p.cap, number_format=MONEY) if p.cap is not None else Cell("The at-risk share")
            # With rates or a fee, the total is an evaluated price: the share at risk is of the charges paid.
            amount = (Cell("A share of the charges") if spec.pricing.rated else
                      Cell(formula=at_risk_formula(o, totals), number_format=MONEY))
            sheet.rows.append([Cell(f"{o.id}: {o.statement}"), Cell(at_risk_label(spec, o)), amount,
                               Cell(at_risk_rule(spec, o)), cap, Cell(), Cell()])
            continue
        cap = Cell(p.cap, number_format=MONEY) if p.cap is not None else Cell("No limit")
        name, _ = payments.period(p, o)
        if kind == "price_per_outcome":
            how = "A price for each result"
            what = f"Each {payments.unit_of(p) or 'result you achieve'}"
        else:
            how = "A bonus when the result meets the target"
            what = f"Each {name} in which the result meets the target"
        if where:
            how = f"{where}: {how[0].lower()}{how[1:]}"
        product = f"{sheet.ref(r, 2)}*{sheet.ref(r, 5)}"
        formula = f"MIN({product},{sheet.ref(r, 4)})" if p.cap is not None else product
        sheet.rows.append([Cell(f"{o.id}: {o.statement}"), Cell(how), Cell(p.amount, number_format=MONEY),
                           Cell(what), cap,
                           Cell(input=True, min_value=0, whole=True, number_format=WHOLE,
                                prompt=f"How many you expect over {expect_over(spec)}. A whole number, 0 or more."),
                           Cell(formula=formula, number_format=MONEY)])
        paid_rows.append(r)
    if paid_rows:
        parts = ",".join(sheet.ref(r, 6) for r in paid_rows)
        sheet.rows.append([Cell(f"Estimated outcome payments, on top of {_prices_of(spec, estimated)}", bold=True),
                           Cell(), Cell(), Cell(), Cell(), Cell(),
                           Cell(formula=f"SUM({parts})", bold=True, number_format=MONEY)])
    return sheet


def expect_over(spec: tenderpack.Spec) -> str:
    """What a bidder's estimate of results covers: the contract, or for a framework all its call-off contracts."""
    return "all your call-off contracts" if text.is_framework(spec) else "the whole contract"


def _prices_of(spec: tenderpack.Spec, outcomes: list) -> str:
    """'your price', 'your lot 1 price', 'your prices for lots 1 and 2', 'your lot prices'; 'the charges' when the
    prices are rates or a fee."""
    if spec.pricing.rated:
        return "the charges"
    if not spec.lots.items:
        return "your price"
    numbers = outcome_lots(spec, outcomes)
    if not numbers:
        return "your lot prices" if len(spec.lots.items) > 1 else f"your lot {spec.lots.items[0].number} price"
    if len(numbers) == 1:
        return f"your lot {numbers[0]} price"
    return f"your prices for {payments.lot_names(numbers)}"


def workbook(spec: tenderpack.Spec) -> Workbook:
    if spec.pricing.rated:
        return rated_workbook(spec)
    lots = priced_lots(spec)
    sheets: list[Sheet] = []
    totals: list[tuple[PricedLot, str]] = []
    for lot in lots:
        name = f"Lot {lot.number}" if lot.number is not None else "Prices"
        sheet, total = lot_sheet(spec, lot, name)
        sheets.append(sheet)
        totals.append((lot, total))
    intro = [f"Pricing schedule: {spec.title}",
             f"Reference {spec.reference}. “We” means {text.join([a.name for a in spec.authorities])}."]
    if spec.lots.items:
        intro += ["Fill in a sheet for each lot you bid for. This page shows the total for each lot."]
        if len(totals) > 1:
            intro += ["We compare each lot's price only with prices for the same lot. We do not score the total "
                      "of your lots."]
    else:
        intro += ["Fill in the Prices sheet. This page shows your total."]
    intro += ["Every price is in pounds and excludes VAT. You cannot type a negative number."]
    first = "Lot" if spec.lots.items else "Contract"
    summary = Sheet("Summary", [first, "What it covers", "Total price (£, excluding VAT)"], widths=[18, 60, 24],
                    intro=intro)
    for lot, total in totals:
        summary.rows.append([Cell(lot.label), Cell(lot.title), Cell(formula=total, number_format=MONEY)])
    if len(totals) > 1:
        summary.rows.append([Cell("Total", bold=True), Cell("Every lot you bid for"),
                             Cell(formula=f"SUM({summary.ref(0, 2)}:{summary.ref(len(totals) - 1, 2)})",
                                  bold=True, number_format=MONEY)])
    out = [summary, *sheets]
    if paid_outcomes(spec):
        out.append(outcome_sheet(spec, totals))
    return Workbook(out, title=f"Pricing schedule: {spec.title}", creator=spec.buyer.lead.name,
                    created=dt.datetime.combine(spec.document_date, dt.time(0, 0)))


def rated_workbook(spec: tenderpack.Spec) -> Workbook:
    """The pricing schedule of a pack priced by an adjustment to our rates, a rate card or a fee: a sheet for each
    lot, and a summary of the evaluated prices (never added up across lots: each lot is scored on its own)."""
    sheets: list[Sheet] = []
    totals: list[tuple[rated.Group, str]] = []
    for group in rated.groups(spec):
        sheet, total = rated_sheet(spec, group, f"Lot {group.number}" if group.number is not None else "Prices")
        sheets.append(sheet)
        totals.append((group, total))
    intro = [f"Pricing schedule: {spec.title}",
             f"Reference {spec.reference}. “We” means {text.join([a.name for a in spec.authorities])}.",
             *rated_summary_intro(spec)]
    summary = Sheet("Summary", ["Lot" if spec.lots.items else "Contract", "What it covers",
                                "Evaluated price (£, excluding VAT)"], widths=[18, 60, 24], intro=intro)
    for group, total in totals:
        # An empty lot shows no price on the summary either (not 0, which would read as a free bid).
        summary.rows.append([Cell(group.label), Cell(group.title),
                             Cell(formula=f'IF({total}="","",{total})', number_format=MONEY)])
    out = [summary, *sheets]
    if paid_outcomes(spec):
        out.append(outcome_sheet(spec, []))
    return Workbook(out, title=f"Pricing schedule: {spec.title}", creator=spec.buyer.lead.name,
                    created=dt.datetime.combine(spec.document_date, dt.time(0, 0)))


def artifact(spec: tenderpack.Spec) -> Artifact:
    return Artifact(id=ARTIFACT_ID, title="Pricing schedule", format="xlsx", content=workbook(spec), order=250)


# --------------------------------------------------------------------------- the SME price form


PRICE_FORM = "price-form"


def price_form_sections(spec: tenderpack.Spec) -> list[tenderpack.Section]:
    """The priced lines as tables to fill in, one for each lot: the same lines as the spreadsheet."""
    out = rated_form_sections(spec) if spec.pricing.rated else []
    for n, lot in enumerate([] if spec.pricing.rated else priced_lots(spec)):
        rows = []
        for line in lot.lines:
            quantity = text.number(line.quantity, 2)
            rows.append([line.ref, line.item, line.unit, quantity, "", ""])
        total = f"Total price for lot {lot.number}" if lot.number is not None else "Total price"
        rows.append(["", total, "", "", "", ""])
        title = f"{lot.label}: {lot.title}" if lot.number is not None else "Your prices"
        blocks: list[tenderpack.Block] = [
            tenderpack.Table.of(columns(spec, lot), rows,
                                caption=f"Prices for {lot.label.lower()}" if lot.number is not None else "Prices",
                                widths=[1, 5, 2, 2, 2, 2])]
        if yearly(spec, lot) and not derived(spec):
            blocks.insert(0, tenderpack.Paragraph.of(
                f"For this lot, give one price for each {period_word(spec, spec_lot(spec, lot.number))}. "
                f"{whole_life(spec, lot.number)}"))
        elif yearly(spec, lot) and (n == 0 or text.one_term(spec) is None):   # a lot's own term: its own words
            blocks.insert(0, tenderpack.Paragraph.of(whole_life(spec, lot.number)))
        out.append(tenderpack.Section(title, blocks, order=20 + n, key=f"pricing:form-{lot.number or 0}"))
    if paid_outcomes(spec):
        paras = ["We set the outcome payments. You do not price them here."]
        if only := outcome_lots(spec):
            paras.append(f"They apply to {payments.lot_names(only)} only.")
        part = "the charges" if spec.pricing.rated else "your price"
        paras += [f"For outcome {o.id}, {at_risk_label(spec, o)}. It is part of {part}, not an extra payment."
                  for o in paid_outcomes(spec) if o.payment.type.value == "fee_at_risk"]
        paras.append("The “Outcome specification” explains the outcome payments.")
        out.append(tenderpack.Section("Outcome payments", [tenderpack.Paragraph.of(x) for x in paras],
                                      order=80, key="pricing:form-outcomes"))
    return out


def rated_form_sections(spec: tenderpack.Spec) -> list[tenderpack.Section]:
    """The price form of a pack priced by an adjustment to our rates, a rate card or a fee: for each lot, what the
    bidder fills in, and the basket (or notional base) its evaluated price is worked out on."""
    kind = spec.pricing.kind
    out = []
    for n, group in enumerate(rated.groups(spec)):
        title = f"{group.label}: {group.title}" if group.number is not None else "Your prices"
        where = f" for lot {group.number}" if group.number is not None else ""
        if kind == "schedule_of_rates":
            blocks = _schedule_form(spec, group)
        elif kind == "rate_card":
            rows = [[rated.line_ref(group, k, x), _line_text(x), x.unit, text.number(x.quantity, 2), "", ""]
                    for k, x in enumerate(group.lines, start=1)]
            rows.append(["", f"Evaluated price{where}", "", "", "", ""])
            blocks = [tenderpack.Table.of(["Ref", "Role or item", "Unit", "Basket quantity", "Your rate (£)",
                                           "Total (£)"], rows, caption=f"Rates{where}", widths=[1, 5, 2, 2, 2, 2])]
        else:
            fee = group.fee
            assert fee is not None   # the spec gives one fee for each lot
            blocks = [tenderpack.Table.of(
                ["Your fee is a percentage of", "Notional base (£)", "Your fee (%)", "Evaluated price (£)"],
                [[fee.base.rstrip("."), text.money(fee.notional_base), "", ""]], caption=f"Fee{where}",
                widths=[5, 2, 2, 2]),
                tenderpack.Paragraph.of(f"Evaluated price = {text.money(fee.notional_base)} × your fee ÷ 100.")]
        out.append(tenderpack.Section(title, blocks, order=20 + n, key=f"pricing:form-{group.number or 0}"))
    return out


def _schedule_form(spec: tenderpack.Spec, group: rated.Group) -> list[tenderpack.Block]:
    """A box for each adjustment, then the basket at our rates and the sum that gives the evaluated price."""
    where = f" for lot {group.number}" if group.number is not None else ""
    lot = f", for work in lot {group.number}" if group.number is not None else ""
    asked = ([[f"Section {s.id}: {s.name}", ""] for s in group.sections]
             or [[f"Every rate in the schedule{lot}", ""]])
    rows: list[list[str]] = []
    k = 0
    parts = [(s, [x for x in group.lines if x.section == s.id]) for s in group.sections] or [(None, list(group.lines))]
    for section, lines in parts:
        for line in lines:
            k += 1
            rows.append([rated.line_ref(group, k, line), _line_text(line), line.unit, text.number(line.quantity, 2),
                         text.money(line.rate, pence=True), text.money(Decimal(line.rate) * Decimal(line.quantity))])
        if section is not None and lines:
            rows.append(["", f"Section {section.id} at our rates", "", "", "", text.money(rated.at_our_rates(lines))])
    total = rated.at_our_rates(group.lines)
    rows.append(["", "Basket total at our rates", "", "", "", text.money(total)])
    if group.sections:
        sum_ = (f"Your evaluated price{where} = the total at our rates of each section × (1 + your adjustment for "
                "that section ÷ 100), added up.")
    else:
        sum_ = f"Your evaluated price{where} = {text.money(total)} × (1 + your adjustment ÷ 100)."
    return [tenderpack.Table.of(["What your adjustment applies to", "Your adjustment (%)"], asked,
                                caption=f"Your adjustment{where}", widths=[5, 2]),
            tenderpack.Table.of(["Ref", "What the line is", "Unit", "Basket quantity", "Our rate (£)",
                                 "At our rates (£)"], rows, caption=f"The basket{where}, at our rates",
                                widths=[1, 5, 2, 2, 2, 2]),
            tenderpack.Paragraph.of(sum_)]
