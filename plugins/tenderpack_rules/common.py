"""Helpers shared by the rules: values, dates and how to say them."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import tenderpack
from tenderpack import text

from .data import bank_holidays, figure, money

ABOVE_THRESHOLD = ("open", "competitive_flexible")


def above_threshold_procedure(spec: tenderpack.Spec) -> bool:
    """Whether the buyer runs one of the Act's competitive procedures (a covered procurement)."""
    return spec.procedure.type.value in ABOVE_THRESHOLD


def value_with_vat(spec: tenderpack.Spec) -> tuple[Decimal, bool]:
    """The estimated value including VAT, and whether VAT was assumed (not given in the spec)."""
    v = spec.value
    if v.estimated_including_vat is not None:
        return Decimal(v.estimated_including_vat), False
    rate = money("thresholds", "thresholds", "vat_rate_percent")
    return Decimal(v.estimated_excluding_vat) * (1 + rate / 100), True


def authority_kind(spec: tenderpack.Spec) -> str:
    """"central_government" or "other" (councils): the spec has no field for it yet, so "other"."""
    kind = getattr(spec.buyer, "authority_type", None) or getattr(spec.buyer.lead, "type", None)
    return "central_government" if str(kind or "").startswith("central") else "other"


def is_light_touch(spec: tenderpack.Spec) -> bool:
    main = spec.cpv[0].replace("-", "")[:8]
    return any(main.startswith(str(p)) for p in figure("thresholds", "light_touch_cpv_prefixes"))


def threshold(spec: tenderpack.Spec) -> tuple[Decimal, str]:
    """The threshold that applies to this contract, and what kind it is, in words."""
    if is_light_touch(spec):
        return money("thresholds", "thresholds", "light_touch"), "light touch services"
    kind = authority_kind(spec)
    who = "central government" if kind == "central_government" else "councils and other public bodies"
    return money("thresholds", "thresholds", kind, spec.category), f"{spec.category} bought by {who}"


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


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The date ``count`` working days after ``day`` (weekends and bank holidays skipped)."""
    holidays = bank_holidays()
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count -= 1
    return day


def pounds(amount) -> str:
    return text.money(Decimal(amount).quantize(Decimal("1")))


def day(d: dt.date) -> str:
    return text.date(d)


def number(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"
