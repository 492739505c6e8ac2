"""Plain-English formatting of values, in the GOV.UK style, for plugins to use."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def money(amount: Decimal | int | float, pence: bool | None = None) -> str:
    """£1,200,000 or £12.50; pence are shown only when there are any (or when asked)."""
    value = Decimal(str(amount))
    if pence is None:
        pence = value != value.to_integral_value()
    if pence:
        return f"£{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"
    return f"£{value.quantize(Decimal('1'), ROUND_HALF_UP):,.0f}"


def date(day: dt.date, weekday: bool = False) -> str:
    """6 March 2026, or Friday 6 March 2026."""
    text = f"{day.day} {day:%B %Y}"
    return f"{day:%A} {text}" if weekday else text


def time(moment: dt.time | dt.datetime) -> str:
    """12 noon, midnight, 5pm or 5:30pm."""
    if moment.hour == 12 and moment.minute == 0:
        return "12 noon"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def datetime(moment: dt.datetime) -> str:
    """12 noon on Friday 6 March 2026."""
    return f"{time(moment)} on {date(moment.date(), weekday=True)}"


def percent(value: Decimal | int | float) -> str:
    """20% or 12.5%."""
    number = Decimal(str(value)).normalize()
    return f"{number:f}%"


def number(value: Decimal | int | float, places: int = 2) -> str:
    """A number with thousands separators and at most ``places`` decimals, trailing zeros dropped."""
    quantum = Decimal(1).scaleb(-places)
    text = f"{Decimal(str(value)).quantize(quantum, ROUND_HALF_UP):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def join(items: list[str], last: str = "and") -> str:
    """a, b and c."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def months(n: int) -> str:
    """12 months, 1 month, 2 years."""
    if n % 12 == 0 and n >= 24:
        return f"{n // 12} years"
    return f"{n} month" if n == 1 else f"{n} months"


def joint_buyers(spec) -> list[str]:
    """For a joint procurement, sentences naming the lead, the others and who signs for each.

    Every document of a joint procurement says the same thing in the same words, so it
    lives here rather than in each plugin. Nothing when one authority buys alone.
    """
    if not spec.buyer.participants:
        return []
    lead = spec.buyer.lead
    others = join([a.name for a in spec.buyer.participants])
    out = [f"This is a joint procurement. {lead.name} is the lead authority: it runs this tender "
           f"for itself and for {others}."]
    out += [f"The {a.signatory} signs for {a.name}." if a.signatory
            else f"{a.name} will tell us who signs for it before the contract is signed." for a in spec.authorities]
    return out
