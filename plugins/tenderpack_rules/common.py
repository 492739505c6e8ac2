"""Helpers shared by the rules: the contract's periods, lots, and how to say values and dates.

Whether a duty of the Act applies (the regime, each contract's own value) is never worked
out here: the rules ask ``tenderpack.law``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import tenderpack
from tenderpack import text

DAYS_A_YEAR = Decimal("365.25")


add_months = tenderpack.text.add_months   # one home: the same day so many months later


def final_end(spec: tenderpack.Spec) -> dt.date:
    """The last day of the contract if every extension is used."""
    t = spec.timetable
    return add_months(t.contract_end, sum(t.extensions))


def years(first: dt.date, last: dt.date) -> Decimal:
    """The length of the period from ``first`` to ``last`` (both days counted), in years.

    Whole calendar months count as twelfths of a year (so 1 October 2027 to 30 September
    2030 is exactly 3 years); the days left over count as days of a 365.25-day year.
    """
    after = last + dt.timedelta(days=1)
    months = max(0, (after.year - first.year) * 12 + after.month - first.month)
    while months > 0 and add_months(first, months) > after:
        months -= 1
    rest = (after - add_months(first, months)).days
    return max(Decimal(months) / 12 + Decimal(rest) / DAYS_A_YEAR, Decimal("0.01"))


def term_years(spec: tenderpack.Spec) -> Decimal:
    """Length of the contract in years, with every extension."""
    return max(years(spec.timetable.contract_start, final_end(spec)), Decimal("0.25"))


def initial_years(spec: tenderpack.Spec) -> Decimal:
    """Length of the initial term in years, before any extension."""
    t = spec.timetable
    return min(years(t.contract_start, t.contract_end), term_years(spec))


def annual_value(spec: tenderpack.Spec) -> tuple[Decimal, bool]:
    """The yearly value (excluding VAT), and whether it was worked out rather than given."""
    if spec.value.annual_value is not None:
        return Decimal(spec.value.annual_value), False
    return Decimal(spec.value.estimated_excluding_vat) / term_years(spec), True


def period_years(spec: tenderpack.Spec, covers: str) -> Decimal:
    """How long the period a figure covers lasts: whole_term, initial_term or year."""
    return {"whole_term": term_years, "initial_term": initial_years}.get(covers, lambda s: Decimal(1))(spec)


def period_words(spec: tenderpack.Spec, covers: str) -> str:
    """'the whole term, with every extension (to 30 September 2032)', 'the initial term (…)' or 'one year'."""
    t = spec.timetable
    if covers == "whole_term":
        return ("the whole term, with every extension" if t.extensions else "the whole term") + f" (to {day(final_end(spec))})"
    if covers == "initial_term":
        return f"the initial term ({day(t.contract_start)} to {day(t.contract_end)})"
    return "one year"


def close(a: Decimal, b: Decimal, percent: Decimal) -> bool:
    """Whether two amounts are within ``percent`` of the larger one."""
    a, b = Decimal(a), Decimal(b)
    return abs(a - b) <= max(abs(a), abs(b)) * percent / 100


# ----------------------------------------------------------------------------- lots


def lot_index(spec: tenderpack.Spec) -> dict[int, int]:
    """Lot number -> its index in lots.items."""
    return {lot.number: i for i, lot in enumerate(spec.lots.items)}


def lot_winners(spec: tenderpack.Spec, number: int) -> int:
    """How many suppliers win lot ``number``: its own figure, else award.suppliers."""
    for lot in spec.lots.items:
        if lot.number == number:
            return lot.suppliers or spec.award.suppliers
    return spec.award.suppliers


def lots_words(numbers) -> str:
    """'lot 1', 'lots 1 and 2'."""
    numbers = sorted(set(numbers))
    if len(numbers) == 1:
        return f"lot {numbers[0]}"
    return "lots " + text.join([str(n) for n in numbers])


_LOT_MENTION = re.compile(r"\blots?\s+(\d+(?:\s*(?:,|&|and|or|to|-|–)\s*\d+)*)", re.I)


def lots_mentioned(words: str | None) -> set[int]:
    """The lot numbers a piece of text names: 'lot 2', 'lots 1 and 3', 'lots 1 to 3'."""
    found: set[int] = set()
    for match in _LOT_MENTION.finditer(words or ""):
        part = match.group(1)
        numbers = [int(n) for n in re.findall(r"\d+", part)]
        ranged = re.search(r"(\d+)\s*(?:to|-|–)\s*(\d+)", part)
        if ranged and int(ranged.group(1)) <= int(ranged.group(2)) <= int(ranged.group(1)) + 50:
            numbers += range(int(ranged.group(1)), int(ranged.group(2)) + 1)
        found.update(numbers)
    return found


# ----------------------------------------------------------------------------- words


def pounds(amount) -> str:
    return text.money(Decimal(amount).quantize(Decimal("1")))


def day(d: dt.date) -> str:
    return text.date(d)


def number(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def label(kind: str, name: str, index: int) -> str:
    """A short name for a stage or phase in a message: 'Stage 2' from 'Stage 2: initial tenders', else 'phase 3 (Pilot)'."""
    before = name.split(":")[0].strip()
    if ":" in name and 1 <= len(before.split()) <= 3:
        return before
    return f"{kind} {index + 1} ('{name}')"


def years_words(value: Decimal) -> str:
    """'1 year', '3 years', 'about 3.5 years'."""
    rounded = Decimal(value).quantize(Decimal("0.1"))
    if rounded == rounded.to_integral_value():
        n = int(rounded)
        return f"{n} year" if n == 1 else f"{n} years"
    return f"about {text.number(rounded, 1)} years"


plural = text.plural   # "1 supplier", "3 suppliers"
