"""The pricing schedule: what bidders price, per lot, as a spreadsheet with formulas.

The lines come from ``spec.pricing.items`` (item, unit, estimated quantity). When the spec
gives none, bidders give one price for each year of the contract (and each optional
extension), so the total is always the whole-life price we compare. The same lines feed
the simple price form in the SME pack, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import tenderpack
from tenderpack import Artifact, Cell, Sheet, Workbook, text

from .words import add_months

MONEY = "£#,##0.00"
WHOLE = "#,##0"
DECIMAL = "#,##0.00"
PRICE_PROMPT = "Your price for one unit, in pounds, excluding VAT. Type 0 or more."

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


@dataclass(frozen=True)
class Period:
    label: str
    starts: dt.date
    ends: dt.date
    months: int
    optional: bool


def periods(spec: tenderpack.Spec) -> list[Period]:
    """Each year of the initial term (the last may be shorter), then each optional extension."""
    t = spec.timetable
    out: list[Period] = []
    start, year = t.contract_start, 1
    while start <= t.contract_end:
        following = add_months(start, 12)
        end = min(following - dt.timedelta(days=1), t.contract_end)
        months = _months(start, end)
        out.append(Period(f"Year {year}", start, end, months, False))
        start, year = end + dt.timedelta(days=1), year + 1
    for i, length in enumerate(t.extensions, start=1):
        end = add_months(start, length) - dt.timedelta(days=1)
        out.append(Period(f"Extension {i}", start, end, length, True))
        start = end + dt.timedelta(days=1)
    return out


def _months(start: dt.date, end: dt.date) -> int:
    following = end + dt.timedelta(days=1)
    return (following.year - start.year) * 12 + following.month - start.month


def _period_line(ref: str, period: Period) -> Line:
    dates = f"{text.date(period.starts)} to {text.date(period.ends)}"
    item = f"{period.label}: {dates}" + (", if we use it" if period.optional else "")
    unit = "year" if period.months == 12 else f"period of {text.months(period.months)}"
    return Line(ref, item, unit, Decimal(1), "Everything the contract asks for in this period.")


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
        else:
            lines = [_period_line(f"{prefix}{k}", p) for k, p in enumerate(periods(spec), start=1)]
        out.append(PricedLot(number, title, lines))
    return out


def derived(spec: tenderpack.Spec) -> bool:
    """True when the lines are the contract's years, not items the spec lists."""
    return not spec.pricing.items


# --------------------------------------------------------------------------- the workbook


def quantity_format(lines: list[Line]) -> str:
    return WHOLE if all(line.quantity == line.quantity.to_integral_value() for line in lines) else DECIMAL


def lot_sheet(spec: tenderpack.Spec, lot: PricedLot, name: str) -> tuple[Sheet, str]:
    """A sheet for one lot, and the address of its total (for the summary)."""
    heading = f"{lot.label}: {lot.title}" if lot.number is not None else f"Prices: {spec.title}"
    intro = [
        heading,
        "Type your prices in the yellow cells, in pounds, excluding VAT. The other cells are locked.",
        "The sheet works out each line's total and the total for the lot." if lot.number is not None
        else "The sheet works out each line's total and the total price.",
    ]
    if derived(spec):
        intro.append("Give one price for each period. The total includes the optional extensions, so we compare whole-life prices.")
    else:
        intro.append("Quantities are our estimates over the whole term. We use them only to compare tenders. "
                     "We pay for what we order.")
    sheet = Sheet(name, ["Ref", "What you price", "Unit", "Estimated quantity", "Your price for one unit (£)", "Total (£)"],
                  widths=[7, 60, 16, 12, 18, 18], intro=intro)
    qty_format = quantity_format(lot.lines)
    for i, line in enumerate(lot.lines):
        item = line.item if not line.description or derived(spec) else f"{line.item}. {line.description}"
        sheet.rows.append([
            Cell(line.ref), Cell(item), Cell(line.unit),
            Cell(line.quantity, number_format=qty_format),
            Cell(input=True, min_value=0, number_format=MONEY, prompt=PRICE_PROMPT),
            Cell(formula=f"{sheet.ref(i, 3)}*{sheet.ref(i, 4)}", number_format=MONEY),
        ])
    first, last = sheet.ref(0, 5), sheet.ref(len(lot.lines) - 1, 5)
    label = f"Total price for lot {lot.number}" if lot.number is not None else "Total price"
    sheet.rows.append([Cell(), Cell(label, bold=True), Cell(), Cell(), Cell(),
                       Cell(formula=f"SUM({first}:{last})", bold=True, number_format=MONEY)])
    return sheet, sheet.ref(len(sheet.rows) - 1, 5, absolute=True, sheet=True)


def paid_outcomes(spec: tenderpack.Spec) -> list:
    return [o for o in spec.outcomes if o.payment.type.value != "none"]


def unit_of(payment) -> str:
    """'person who needs no ongoing care', without a leading 'per' or 'each'."""
    unit = (payment.unit or "").strip()
    for lead in ("per ", "each ", "for each "):
        if unit.lower().startswith(lead):
            unit = unit[len(lead):]
    return unit


def outcome_sheet(spec: tenderpack.Spec, total_ref: str) -> Sheet:
    sheet = Sheet("Outcome payments",
                  ["Outcome", "How we pay", "We pay (£)", "For each", "Most we pay (£)",
                   "Your estimate (number)", "Estimated payment (£)"],
                  widths=[45, 28, 14, 30, 16, 16, 18],
                  intro=["Outcome payments",
                         "We set these payments. You do not price them.",
                         "In the yellow cells, type how many you expect to achieve over the contract. "
                         "We do not score these estimates. They help us plan the budget."])
    paid_rows: list[int] = []
    for o in paid_outcomes(spec):
        p = o.payment
        name = f"{o.id}: {o.statement}"
        kind = p.type.value
        r = len(sheet.rows)
        cap = Cell(p.cap, number_format=MONEY) if p.cap is not None else Cell("No limit")
        if kind == "fee_at_risk":
            share = Decimal(p.percent_at_risk) / 100
            sheet.rows.append([Cell(name), Cell(f"{text.percent(p.percent_at_risk)} of your price is at risk"),
                               Cell(formula=f"{total_ref}*{share.normalize():f}", number_format=MONEY),
                               Cell("Part of your total price, paid in line with results"), Cell(), Cell(), Cell()])
            continue
        what = unit_of(p) or "outcome achieved"
        how = "A price for each outcome" if kind == "price_per_outcome" else "A bonus when the target is met"
        if kind == "bonus":
            what = p.unit and unit_of(p) or "time the target is met"
        product = f"{sheet.ref(r, 2)}*{sheet.ref(r, 5)}"
        formula = f"MIN({product},{sheet.ref(r, 4)})" if p.cap is not None else product
        sheet.rows.append([Cell(name), Cell(how), Cell(p.amount, number_format=MONEY), Cell(what), cap,
                           Cell(input=True, min_value=0, whole=True, number_format=WHOLE,
                                prompt="How many you expect over the whole contract. A whole number, 0 or more."),
                           Cell(formula=formula, number_format=MONEY)])
        paid_rows.append(r)
    if paid_rows:
        parts = ",".join(sheet.ref(r, 6) for r in paid_rows)
        sheet.rows.append([Cell("Estimated outcome payments, on top of your price", bold=True), Cell(), Cell(), Cell(),
                           Cell(), Cell(), Cell(formula=f"SUM({parts})", bold=True, number_format=MONEY)])
    return sheet


def workbook(spec: tenderpack.Spec) -> Workbook:
    lots = priced_lots(spec)
    sheets: list[Sheet] = []
    totals: list[tuple[PricedLot, str]] = []
    for lot in lots:
        name = f"Lot {lot.number}" if lot.number is not None else "Prices"
        sheet, total = lot_sheet(spec, lot, name)
        sheets.append(sheet)
        totals.append((lot, total))
    summary = Sheet("Summary", ["Lot", "What it covers", "Total price (£, excluding VAT)"], widths=[18, 60, 24],
                    intro=[f"Pricing schedule: {spec.title}",
                           f"Reference {spec.reference}. {text.join([a.name for a in spec.authorities])}.",
                           "Fill in a sheet for each lot you bid for. This page adds up your totals." if spec.lots.items
                           else "Fill in the Prices sheet. This page shows your total.",
                           "Every price is in pounds and excludes VAT. You cannot type a negative number."])
    for lot, total in totals:
        summary.rows.append([Cell(lot.label), Cell(lot.title), Cell(formula=total, number_format=MONEY)])
    if len(totals) > 1:
        summary.rows.append([Cell("Total", bold=True), Cell("Every lot you bid for"),
                             Cell(formula=f"SUM({summary.ref(0, 2)}:{summary.ref(len(totals) - 1, 2)})",
                                  bold=True, number_format=MONEY)])
    out = [summary, *sheets]
    if paid_outcomes(spec):
        out.append(outcome_sheet(spec, summary.ref(len(summary.rows) - 1, 2, absolute=True, sheet=True)))
    return Workbook(out, title=f"Pricing schedule: {spec.title}", creator=spec.buyer.lead.name,
                    created=dt.datetime.combine(spec.document_date, dt.time(0, 0)))


def artifact(spec: tenderpack.Spec) -> Artifact:
    return Artifact(id=ARTIFACT_ID, title="Pricing schedule", format="xlsx", content=workbook(spec), order=250)


# --------------------------------------------------------------------------- the SME price form


PRICE_FORM = "price-form"


def price_form_sections(spec: tenderpack.Spec) -> list[tenderpack.Section]:
    """The priced lines as tables to fill in, one for each lot: the same lines as the spreadsheet."""
    out = []
    for n, lot in enumerate(priced_lots(spec)):
        rows = []
        for line in lot.lines:
            quantity = text.number(line.quantity, 2)
            rows.append([line.ref, line.item, line.unit, quantity, "", ""])
        total = f"Total price for lot {lot.number}" if lot.number is not None else "Total price"
        rows.append(["", total, "", "", "", ""])
        title = f"{lot.label}: {lot.title}" if lot.number is not None else "Your prices"
        blocks = [tenderpack.Table.of(["Ref", "What you price", "Unit", "Estimated quantity",
                                       "Your price for one unit (£)", "Total (£)"], rows,
                                      caption=f"Prices for {lot.label.lower()}" if lot.number is not None else "Prices",
                                      widths=[1, 5, 2, 2, 2, 2])]
        if derived(spec) and n == 0:
            blocks.insert(0, tenderpack.Paragraph.of("Give one price for each year. The total includes the optional "
                                                     "extensions, so we compare whole-life prices."))
        out.append(tenderpack.Section(title, blocks, order=20 + n, key=f"pricing:form-{lot.number or 0}"))
    if paid_outcomes(spec):
        out.append(tenderpack.Section("Outcome payments", [
            tenderpack.Paragraph.of("We set the outcome payments. You do not price them here."),
            tenderpack.Paragraph.of("The “Outcome specification” explains them.")], order=80, key="pricing:form-outcomes"))
    return out
