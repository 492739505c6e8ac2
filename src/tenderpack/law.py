"""The law that applies to one tender: its regime, each contract's own value, and citations.

Whether a duty of the Procurement Act 2023 applies depends on the tender, not on the
document that mentions it: a public contract (at or above the threshold) or a regulated
below-threshold one, light-touch services or not, and for some duties the estimated value
of each contract on its own (a lot, or one authority's contract in a joint procurement).
``regime(spec)`` works this out once; the duties, their sections and the regime each
belongs to live in ``data/law.yaml``, the figures in ``data/thresholds.yaml``, the light-touch
services (by CPV code) in ``data/light_touch_cpv.yaml`` and the bank holidays in
``data/bank_holidays.yaml``, each with its source and date. Plugins and clause
conditions ask here ("does this apply?") and never write the condition again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .figures import Figures

if TYPE_CHECKING:
    from .spec import Spec

DATA = Path(__file__).parent / "data"

REGIMES = ("public_contract", "public_standard", "light_touch", "below_threshold", "kpi_duty", "framework", "always")


_FIGURES = Figures(DATA)
data = _FIGURES.load       # one of the dated law data files: "law", "thresholds", "light_touch_cpv", "bank_holidays"
figure = _FIGURES.figure   # figure("thresholds", "payment", "max_days")
amount = _FIGURES.amount
as_of = _FIGURES.as_of     # 'thresholds.yaml, as of 2026-01-01'


# ---------------------------------------------------------------------------- citations


@dataclass(frozen=True)
class Duty:
    """One duty of the Act: where it is, what it says, and the regime it belongs to."""

    key: str
    section: str
    says: str
    applies: str
    status: str

    @property
    def citation(self) -> str:
        """'section 19 of the Procurement Act 2023' (or the words the data gives)."""
        act = data("law")["act"]
        if self.section[:1].isdigit():
            head = self.section.split(" and Schedule")[0]
            word = "sections" if (" to " in head or " and " in head) else "section"
            return f"{word} {self.section} of the {act}"
        if self.section.startswith("the "):
            return self.section                      # another Act, named in full: "the Public Services (Social Value) Act 2012"
        return f"the {act} and {self.section}"


@lru_cache(maxsize=None)
def duties() -> dict[str, Duty]:
    out = {}
    for key, entry in data("law")["duties"].items():
        if entry["applies"] not in REGIMES:
            raise ValueError(f"law.yaml: {key}: applies must be one of {', '.join(REGIMES)}")
        out[key] = Duty(key, str(entry["section"]), entry["says"], entry["applies"], entry["status"])
    return out


def duty(key: str) -> Duty:
    try:
        return duties()[key]
    except KeyError:
        raise KeyError(f"no duty {key!r} in law.yaml; known: {', '.join(duties())}") from None


def applies(spec: "Spec", key: str) -> bool:
    """Whether the duty ``key`` of law.yaml applies to this tender."""
    return regime(spec).has(duty(key).applies)


def cite(spec: "Spec", key: str) -> str | None:
    """'section 19 of the Procurement Act 2023' when that duty applies to this tender, else None."""
    return duty(key).citation if applies(spec, key) else None


def sections_in_force(spec: "Spec") -> set[str]:
    """The section numbers of the Act a pack for this tender may cite as a duty."""
    out: set[str] = set()
    for d in duties().values():
        if regime(spec).has(d.applies):
            out.update(_numbers(d.section))
    return out


def all_sections() -> set[str]:
    out: set[str] = set()
    for d in duties().values():
        out.update(_numbers(d.section))
    return out


def _numbers(section: str) -> set[str]:
    """The section numbers in '19', '81 to 83' or '57 and Schedules 6 and 7'; none in a text like 'regulations'."""
    import re

    if not section[:1].isdigit():
        return set()
    found = set(re.findall(r"\b\d+\b", section.split(" and Schedule")[0]))
    if " to " in section:
        a, b = (int(n) for n in re.findall(r"\d+", section)[:2])
        found = {str(n) for n in range(a, b + 1)}
    return found


# ---------------------------------------------------------------------------- the regime


@dataclass(frozen=True)
class Contract:
    """One contract the procurement leads to, and its own estimated value including VAT."""

    label: str
    value_including_vat: Decimal | None   # None when it cannot be worked out from the spec


@dataclass(frozen=True)
class Regime:
    """Which parts of the Act apply to this tender, worked out from the spec."""

    value_including_vat: Decimal
    vat_assumed: bool
    threshold: Decimal
    threshold_kind: str
    light_touch: bool
    public_contract: bool
    contracts: tuple[Contract, ...]
    kpi_value: Decimal
    nation: str
    framework: bool = False   # the spec sets up a framework (spec.framework); its call-offs are the contracts

    @property
    def framework_duties(self) -> bool:
        """A framework that is a public contract: the Act's rules on frameworks (s.45 to 49) apply to it."""
        return self.public_contract and self.framework

    @property
    def below_threshold(self) -> bool:
        return not self.public_contract

    @property
    def kpi_duty(self) -> bool:
        """A public contract whose own value is over £5 million: s.52 and s.71 apply to it."""
        return self.public_contract and any(c.value_including_vat is not None and c.value_including_vat > self.kpi_value
                                            for c in self.contracts)

    @property
    def kpi_duty_all(self) -> bool:
        """Every contract of the procurement is over £5 million on its own (so one contract text can say so)."""
        return self.public_contract and all(c.value_including_vat is not None and c.value_including_vat > self.kpi_value
                                            for c in self.contracts)

    @property
    def kpi_duty_unknown(self) -> bool:
        """Some contract's own value cannot be worked out, and the whole is over £5 million."""
        return (self.public_contract and not self.kpi_duty
                and any(c.value_including_vat is None for c in self.contracts)
                and self.value_including_vat > self.kpi_value)

    @property
    def public_standard(self) -> bool:
        """A public contract that is not light-touch: the rules light-touch contracts are spared apply."""
        return self.public_contract and not self.light_touch

    def has(self, name: str) -> bool:
        return {"public_contract": self.public_contract, "public_standard": self.public_standard,
                "light_touch": self.public_contract and self.light_touch, "below_threshold": self.below_threshold,
                "kpi_duty": self.kpi_duty, "framework": self.framework_duties, "always": True}[name]

    def facts(self) -> dict[str, bool]:
        """The regime as plain true/false facts, for clause conditions (the ``law`` variable)."""
        return {"public_contract": self.public_contract, "below_threshold": self.below_threshold,
                "public_standard": self.public_standard, "light_touch": self.light_touch,
                "kpi_duty": self.kpi_duty, "kpi_duty_all": self.kpi_duty_all, "framework": self.framework}


_CACHE: dict[int, tuple[Any, Regime]] = {}


def regime(spec: "Spec") -> Regime:
    """The regime of this tender (worked out once per spec object)."""
    hit = _CACHE.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    result = _regime(spec)
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[id(spec)] = (spec, result)
    return result


def _vat_ratio(spec: "Spec") -> tuple[Decimal, bool]:
    v = spec.value
    if v.estimated_including_vat is not None and v.estimated_excluding_vat:
        return Decimal(v.estimated_including_vat) / Decimal(v.estimated_excluding_vat), False
    return 1 + amount("thresholds", "thresholds", "vat_rate_percent") / 100, v.estimated_including_vat is None


def authority_kind(spec: "Spec") -> str:
    """"central_government" or "other" (councils): the spec has no field for it yet, so "other"."""
    kind = getattr(spec.buyer, "authority_type", None) or getattr(spec.buyer.lead, "type", None)
    return "central_government" if str(kind or "").startswith("central") else "other"


# ---------------------------------------------------------------------------- light-touch services


@dataclass(frozen=True)
class LightTouchCode:
    """One CPV code of a spec that is a light-touch service, and the service it falls under."""

    code: str       # as the spec writes it: "85312000-9"
    service: str    # the heading of the list it falls under: "health, social and related services"


def _digits(code: str) -> int:
    """The eight digits of a CPV code, as a number: '85312000-9' -> 85312000."""
    return int(str(code).strip()[:8])


@lru_cache(maxsize=None)
def _light_touch_list() -> tuple[tuple[tuple[int, int, str], ...], frozenset[int]]:
    """data/light_touch_cpv.yaml as (first, last, service) ranges (a single code is a range of one) and the exceptions."""
    ranges: list[tuple[int, int, str]] = []
    excepted: set[int] = set()
    for group in data("light_touch_cpv")["services"]:
        for entry in group["cpv"]:
            first, _, last = str(entry).partition(" to ")
            ranges.append((_digits(first), _digits(last or first), group["name"]))
        excepted.update(_digits(code) for code in group.get("except") or ())
    return tuple(ranges), frozenset(excepted)


def light_touch_service(code: str) -> str | None:
    """The light-touch service a CPV code is, from data/light_touch_cpv.yaml (status check), or None.

    A listed code matches itself only; a listed range matches every code from its first to its
    last, both included; a code under ``except`` never matches.
    """
    ranges, excepted = _light_touch_list()
    number = _digits(code)
    if number in excepted:
        return None
    return next((service for first, last, service in ranges if first <= number <= last), None)


def light_touch_cpv(spec: "Spec") -> tuple[LightTouchCode, ...]:
    """The spec's CPV codes that are light-touch services, in the spec's order (the first is the main code)."""
    out = []
    for code in spec.cpv:
        service = light_touch_service(code)
        if service is not None:
            out.append(LightTouchCode(code, service))
    return tuple(out)


def is_light_touch(spec: "Spec") -> bool:
    """Whether the contract is a light-touch contract (s.9: wholly or mainly for light-touch services).

    What the spec says (procedure.light_touch) decides, since whether a contract is *mainly* for
    those services is the buyer's judgement; when it says nothing, a services contract whose main
    CPV code is on the list is light-touch. Rule PA23-S9-LIGHT-TOUCH warns when the two disagree.
    """
    said = spec.procedure.light_touch
    if said is not None:
        return said
    return spec.category == "services" and light_touch_service(spec.cpv[0]) is not None


def threshold(spec: "Spec") -> tuple[Decimal, str]:
    """The threshold that applies to this contract, and what kind it is, in words."""
    if is_light_touch(spec):
        return amount("thresholds", "thresholds", "light_touch"), "light touch services"
    kind = authority_kind(spec)
    who = "central government" if kind == "central_government" else "councils and other public bodies"
    return amount("thresholds", "thresholds", kind, spec.category), f"{spec.category} bought by {who}"


def _contracts(spec: "Spec", ratio: Decimal) -> tuple[Contract, ...]:
    """Each contract's own value: a lot is its own contract; so is each authority's share when each signs its own.

    A framework's contracts are the call-off contracts awarded under it later: their own values are
    not known when the framework is let (the lots' values are what all their call-offs may add up to).
    """
    if getattr(spec, "framework", None) is not None:
        if spec.lots.items:
            return tuple(Contract(f"each call-off contract under lot {lot.number}", None) for lot in spec.lots.items)
        return (Contract("each call-off contract", None),)
    parts: list[tuple[str, Decimal | None]]
    if spec.lots.items:
        parts = [(f"lot {lot.number}", Decimal(lot.value) if lot.value is not None else None) for lot in spec.lots.items]
    else:
        parts = [("the contract", Decimal(spec.value.estimated_excluding_vat))]
    separate = spec.buyer.participants and spec.buyer.contracts == "each_authority"
    out: list[Contract] = []
    for label, value in parts:
        if not separate:
            out.append(Contract(label, None if value is None else value * ratio))
            continue
        for authority in spec.authorities:
            share = authority.share_percent
            own = None if value is None or share is None else value * Decimal(share) / 100 * ratio
            out.append(Contract(f"{authority.name}'s contract" + (f" for {label}" if spec.lots.items else ""), own))
    return tuple(out)


def _regime(spec: "Spec") -> Regime:
    ratio, assumed = _vat_ratio(spec)
    with_vat = (Decimal(spec.value.estimated_including_vat) if spec.value.estimated_including_vat is not None
                else Decimal(spec.value.estimated_excluding_vat) * ratio)
    limit, kind = threshold(spec)
    public = spec.procedure.type.value != "below_threshold" and with_vat >= limit
    return Regime(value_including_vat=with_vat, vat_assumed=assumed, threshold=limit, threshold_kind=kind,
                  light_touch=is_light_touch(spec), public_contract=public, contracts=_contracts(spec, ratio),
                  kpi_value=amount("thresholds", "key_performance_indicators", "value_over"),
                  nation=spec.commercial.governing_law, framework=getattr(spec, "framework", None) is not None)


# ---------------------------------------------------------------------------- working days


@lru_cache(maxsize=None)
def bank_holidays(nation: str = "england_and_wales") -> frozenset[dt.date]:
    days = data("bank_holidays").get(nation) or data("bank_holidays")["england_and_wales"]
    return frozenset(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in days)


def is_working_day(day: dt.date, nation: str = "england_and_wales") -> bool:
    return day.weekday() < 5 and day not in bank_holidays(nation)


def nth_working_day(first: dt.date, n: int, nation: str = "england_and_wales") -> dt.date:
    """The n-th working day of a period that begins on ``first`` (``first`` counts if it is one)."""
    day = first
    while not is_working_day(day, nation):
        day += dt.timedelta(days=1)
    count = 1
    while count < n:
        day += dt.timedelta(days=1)
        if is_working_day(day, nation):
            count += 1
    return day


def standstill_last_day(award_notice: dt.date, nation: str = "england_and_wales") -> dt.date:
    """The last day of the standstill: eight working days beginning with the day the award notice is published.

    Section 51(2): the day of publication, if a working day, is day 1. The contract can be
    entered into from the day after this one.
    """
    return nth_working_day(award_notice, int(figure("thresholds", "standstill", "working_days")), nation)
