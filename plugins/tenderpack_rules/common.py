"""Helpers shared by the rules: values, dates and how to say them."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import tenderpack
from tenderpack import text


ABOVE_THRESHOLD = ("open", "competitive_flexible")


def above_threshold_procedure(spec: tenderpack.Spec) -> bool:
    """Whether the buyer runs one of the Act's competitive procedures (a covered procurement)."""
    return spec.procedure.type.value in ABOVE_THRESHOLD


def value_with_vat(spec: tenderpack.Spec) -> tuple[Decimal, bool]:
    """The estimated value including VAT, and whether VAT was assumed (not given in the spec)."""
    r = tenderpack.law.regime(spec)
    return r.value_including_vat, r.vat_assumed


def is_light_touch(spec: tenderpack.Spec) -> bool:
    return tenderpack.law.regime(spec).light_touch


def threshold(spec: tenderpack.Spec) -> tuple[Decimal, str]:
    """The threshold that applies to this contract, and what kind it is, in words."""
    r = tenderpack.law.regime(spec)
    return r.threshold, r.threshold_kind


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def final_end(spec: tenderpack.Spec) -> dt.date:
    """The last day of the contract if every extension is used."""
    t = spec.timetable
    return add_months(t.contract_end, sum(t.extensions))


def term_years(spec: tenderpack.Spec) -> Decimal:
    """Length of the contract in years, with every extension."""
    t = spec.timetable
    days = (final_end(spec) - t.contract_start).days + 1
    return max(Decimal(days) / Decimal("365.25"), Decimal("0.25"))


def annual_value(spec: tenderpack.Spec) -> tuple[Decimal, bool]:
    """The yearly value (excluding VAT), and whether it was worked out rather than given."""
    if spec.value.annual_value is not None:
        return Decimal(spec.value.annual_value), False
    return Decimal(spec.value.estimated_excluding_vat) / term_years(spec), True


def pounds(amount) -> str:
    return text.money(Decimal(amount).quantize(Decimal("1")))


def day(d: dt.date) -> str:
    return text.date(d)


def number(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"
