"""The priced periods of a contract: each year of the initial term (the last may be shorter), then
each optional extension. Shared by the pricing schedule and the words that describe prices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import tenderpack

add_months = tenderpack.text.add_months


@dataclass(frozen=True)
class Period:
    label: str
    starts: dt.date
    ends: dt.date
    months: int
    optional: bool


def periods(spec: tenderpack.Spec, lot=None) -> list[Period]:
    """Each year of the initial term (the last may be shorter), then each optional extension: of ``lot``'s own
    contract when given, else of the term every contract shares (the timetable's)."""
    t = (tenderpack.text.term(spec, lot) if lot is not None
         else tenderpack.text.one_term(spec) or tenderpack.text.term(spec))
    out: list[Period] = []
    start, year = t.start, 1
    while start <= t.end:
        following = add_months(start, 12)
        end = min(following - dt.timedelta(days=1), t.end)
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


def period_word(spec: tenderpack.Spec, lot=None) -> str:
    """'year' when every priced period is a whole year, else 'period' (a short last year, an odd extension); of
    ``lot``'s own contract when given."""
    return "year" if all(p.months == 12 for p in periods(spec, lot)) else "period"
