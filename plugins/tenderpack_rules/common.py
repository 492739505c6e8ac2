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
    """The last day any contract can run to, if every extension is used (a lot's own term counts)."""
    return text.last_end(spec)


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


def _term(spec: tenderpack.Spec, lot=None) -> text.Term | None:
    """The term of ``lot``'s contract; without a lot, the term every contract shares, or None when lots differ."""
    return text.term(spec, lot) if lot is not None else text.one_term(spec)


def differ(spec: tenderpack.Spec) -> bool:
    """Whether the lots' contracts have terms of their own that differ from one another."""
    return text.one_term(spec) is None


def term_years(spec: tenderpack.Spec, lot=None) -> Decimal:
    """Length of the contract (of ``lot``: its own) in years, with every extension. When the lots' terms differ and
    no lot is named: from the first start to the last end."""
    x = _term(spec, lot)
    first, last = (x.start, x.latest_end) if x is not None else (text.first_start(spec), text.last_end(spec))
    return max(years(first, last), Decimal("0.25"))


def initial_years(spec: tenderpack.Spec, lot=None) -> Decimal:
    """Length of the initial term in years, before any extension (of ``lot``: its own; when the lots' terms differ
    and no lot is named: from the first start to the last initial term's end)."""
    x = _term(spec, lot)
    first, last = (x.start, x.end) if x is not None \
        else (text.first_start(spec), max(y.end for y, _ in text.terms(spec)))
    return min(years(first, last), term_years(spec, lot))


def period_years(spec: tenderpack.Spec, covers: str, lot=None) -> Decimal:
    """How long the period a figure covers lasts: whole_term, initial_term or year (of ``lot``'s contract)."""
    if covers == "whole_term":
        return term_years(spec, lot)
    return initial_years(spec, lot) if covers == "initial_term" else Decimal(1)


def valued_lots(spec: tenderpack.Spec) -> list:
    """The lots, when their terms differ and every one has a value: a period's share of the whole is then each
    lot's own, weighted by its value. Otherwise []."""
    lots = spec.lots.items
    if not differ(spec) or any(lot.value is None or lot.value <= 0 for lot in lots):
        return []
    return list(lots)


def share(spec: tenderpack.Spec, covers: str) -> Decimal:
    """The share of the estimated value (the whole term, with every extension) that falls in the period ``covers``:
    for lots whose terms differ, each lot's own share, weighted by its value."""
    lots = valued_lots(spec)
    if not lots:
        return period_years(spec, covers) / term_years(spec)
    total = sum((Decimal(lot.value) for lot in lots), Decimal(0))
    return sum((Decimal(lot.value) * period_years(spec, covers, lot) / term_years(spec, lot) for lot in lots),
               Decimal(0)) / total


def annual_value(spec: tenderpack.Spec) -> tuple[Decimal, bool]:
    """The yearly value (excluding VAT), and whether it was worked out rather than given."""
    if spec.value.annual_value is not None:
        return Decimal(spec.value.annual_value), False
    if not valued_lots(spec):
        return Decimal(spec.value.estimated_excluding_vat) / term_years(spec), True
    return Decimal(spec.value.estimated_excluding_vat) * share(spec, "year"), True


def period_words(spec: tenderpack.Spec, covers: str) -> str:
    """'the whole term, with every extension (to 30 September 2032)', 'the initial term (…)' or 'one year'; when the
    lots' terms differ, each lot's ('each lot's initial term (1 October 2027 to 30 September 2030 for lot 1; …)')."""
    x = text.one_term(spec)
    if covers == "whole_term":
        extended = any(y.extensions for y, _ in text.terms(spec))
        words = "the whole term, with every extension" if extended else "the whole term"
        if x is None:
            return f"each lot's {words.removeprefix('the ')} (the last to end on {day(final_end(spec))})"
        return f"{words} (to {day(final_end(spec))})"
    if covers == "initial_term":
        if x is None:
            each = "; ".join(f"{day(y.start)} to {day(y.end)} for {lots_words(numbers)}"
                             for y, numbers in text.terms(spec))
            return f"each lot's initial term ({each})"
        return f"the initial term ({day(x.start)} to {day(x.end)})"
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
