"""Rules on research and development phases: who is funded, which lot they belong to, and their budgets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import tenderpack
from tenderpack import Finding, text

from .common import (add_months, close, label, lot_index, lot_winners, lots_words, period_years, plural, pounds,
                     term_years, years)
from .data import amount


def _phase_lots(spec: tenderpack.Spec, phase) -> list[int]:
    """The lots a phase belongs to: its own list, else every lot (empty without lots)."""
    return list(phase.lots) or [lot.number for lot in spec.lots.items]


def _winners(spec: tenderpack.Spec, phase) -> tuple[int, str]:
    """How many suppliers win the lots the phase belongs to, and that in words with the fields it comes from."""
    numbers = _phase_lots(spec, phase)
    if not numbers:
        most = spec.award.suppliers
        return most, f"{plural(most, 'supplier')} {'wins' if most == 1 else 'win'} the contract (award.suppliers)"
    index = lot_index(spec)
    most = sum(lot_winners(spec, n) for n in numbers)
    fields = [f"lots.items[{index[n]}].suppliers" if spec.lots.items[index[n]].suppliers else "award.suppliers"
              for n in numbers]
    between = " between them" if len(numbers) > 1 else ""
    return most, (f"{plural(most, 'supplier')} {'wins' if most == 1 else 'win'} {lots_words(numbers)}{between} "
                  f"({', '.join(dict.fromkeys(fields))})")


def winners(spec: tenderpack.Spec):
    """A phase funds no more suppliers than win its lots, and no more than the phase before it."""
    phases = spec.procedure.innovation_phases
    for i, phase in enumerate(phases):
        here = ("procedure", "innovation_phases", i, "suppliers")
        name = label("phase", phase.name, i)
        most, who = _winners(spec, phase)
        before = phases[i - 1] if i else None
        if phase.suppliers > most:
            yield Finding(f"{name} funds {plural(phase.suppliers, 'supplier')}, but only {who}. A phase can only fund "
                          f"suppliers that won the contract: fund {most} or fewer, or let more suppliers win.", here)
        elif (before is not None and phase.suppliers > before.suppliers
              and set(_phase_lots(spec, phase)) == set(_phase_lots(spec, before))):
            yield Finding(f"{name} funds {plural(phase.suppliers, 'supplier')}, more than the {before.suppliers} of "
                          f"{label('phase', before.name, i - 1)}. Only suppliers that pass a go/no-go decision go on "
                          f"to the next phase, so fund {before.suppliers} or fewer.", here)


def phase_lots(spec: tenderpack.Spec):
    """With lots, each phase says which lot it belongs to."""
    numbers = [lot.number for lot in spec.lots.items]
    if not numbers:
        return
    for i, phase in enumerate(spec.procedure.innovation_phases):
        if phase.lots:
            continue
        yield Finding(f"The contract has {lots_words(numbers)}, but {label('phase', phase.name, i)} does not say which "
                      "lot it belongs to, so it is taken to belong to every lot. Say which lot in "
                      f"procedure.innovation_phases[{i}].lots, such as lots: [{numbers[0]}], or list every lot "
                      f"({', '.join(str(n) for n in numbers)}) if it is for all of them.",
                      ("procedure", "innovation_phases", i, "lots"))


def seed_funding(spec: tenderpack.Spec):
    """Seed funding for every funded supplier fits in the phase's budget."""
    for i, phase in enumerate(spec.procedure.innovation_phases):
        if phase.seed_funding is None:
            continue
        needed = Decimal(phase.seed_funding) * phase.suppliers
        if needed > Decimal(phase.budget):
            yield Finding(f"{label('phase', phase.name, i)} pays {pounds(phase.seed_funding)} to each of "
                          f"{plural(phase.suppliers, 'supplier')}, {pounds(needed)} in all, but its budget is "
                          f"{pounds(phase.budget)}. Raise the budget to "
                          f"{pounds(needed)} or more, or lower the seed funding or the number of suppliers.",
                          ("procedure", "innovation_phases", i, "budget"))


def _span(spec: tenderpack.Spec, phases) -> tuple[dt.date, dt.date]:
    """The first and last day of a run of phases (phases without dates run one after another from the start)."""
    numbers = {n for p in phases for n in p.lots}
    own = [lot for lot in spec.lots.items if lot.number in numbers] if len(numbers) == 1 else []
    start = text.term(spec, own[0]).start if own else text.first_start(spec)   # a lot's phases start in its contract
    first = min((p.starts for p in phases if p.starts), default=start)
    if all(p.starts for p in phases):
        return first, max(p.ends for p in phases)
    return first, add_months(first, sum(p.duration_months for p in phases)) - dt.timedelta(days=1)


def budgets(spec: tenderpack.Spec):
    """The phases' budgets fit in the budget and in the estimated value, for the time the phases run."""
    phases = spec.procedure.innovation_phases
    if not phases:
        return
    tol = amount("commercial", "tolerance", "match_percent")
    whole_years = term_years(spec)
    v = spec.value
    total = sum((Decimal(p.budget) for p in phases), Decimal(0))
    first, last = _span(spec, phases)
    span = min(years(first, last), whole_years)
    when = f"from {text.date(first)} to {text.date(last)}"
    if v.budget_ceiling is not None:
        budget = Decimal(v.budget_ceiling)
        covers = v.budget_covers
        rate = budget / period_years(spec, covers)
        for_span = budget if close(span, period_years(spec, covers), tol) else rate * span
        if total > for_span * (1 + tol / 100):
            about = "" if for_span == budget else f", about {pounds(for_span)} for the time the phases run ({when})"
            yield Finding(f"The phases' budgets add up to {pounds(total)}, more than the budget: {pounds(budget)} "
                          f"for {_covers_words(covers)}{about}. Lower the phases' budgets or raise the budget.",
                          ("procedure", "innovation_phases"))
    groups: dict[tuple[int, ...], list] = {}
    at: dict[tuple[int, ...], int] = {}
    for i, phase in enumerate(phases):
        groups.setdefault(tuple(sorted(phase.lots)), []).append(phase)
        at.setdefault(tuple(sorted(phase.lots)), i)
    index = lot_index(spec)
    for lots, group in groups.items():
        if lots:
            found = [spec.lots.items[index[n]].value for n in lots if n in index]
            values = [x for x in found if x is not None]
            if len(values) != len(lots):   # a lot not found, or without a value
                continue
            value, whose = sum((Decimal(x) for x in values), Decimal(0)), f"{lots_words(lots)} is"
        else:
            value, whose = Decimal(v.estimated_excluding_vat), "the contract is"
        g_first, g_last = _span(spec, group)
        lot_years = whole_years   # the lot's own term when the group belongs to one lot
        if len(lots) == 1 and lots[0] in index:
            lot_years = term_years(spec, spec.lots.items[index[lots[0]]])
        g_span = min(years(g_first, g_last), lot_years)
        for_span = value * g_span / lot_years
        g_total = sum((Decimal(p.budget) for p in group), Decimal(0))
        if g_total > for_span * (1 + tol / 100):
            names = text.join([label("phase", p.name, phases.index(p)) for p in group])
            about = ("" if close(g_span, lot_years, tol) else
                     f", about {pounds(for_span)} for the time the phases run (from {text.date(g_first)} to "
                     f"{text.date(g_last)})")
            what = lots_words(lots) if lots else "the contract"
            yield Finding(f"The budgets of {names} add up to {pounds(g_total)}, but {whose} estimated at "
                          f"{pounds(value)} over the whole term{about}. The phases would spend more than {what} "
                          f"{'is' if len(lots) <= 1 else 'are'} worth in that time: lower the phases' budgets, or "
                          f"raise the estimated value of {what}.",
                          ("procedure", "innovation_phases", at[lots], "budget"))


def _covers_words(covers: str) -> str:
    return {"whole_term": "the whole term", "initial_term": "the initial term"}.get(covers, "one year")


def selection(spec: tenderpack.Spec):
    """When a phase funds fewer suppliers than the one before, the spec says how the places are chosen."""
    phases = spec.procedure.innovation_phases
    for i in range(1, len(phases)):
        before, now = phases[i - 1], phases[i]
        if now.suppliers < before.suppliers and not (before.selection or "").strip():
            yield Finding(f"{before.name} funds up to {before.suppliers} suppliers and {now.name} only {now.suppliers}, "
                          "but nothing says how we choose who goes on when more pass the go/no-go tests. Say it in "
                          f"procedure.innovation_phases[{i - 1}].selection, with objective criteria.",
                          ("procedure", "innovation_phases", i - 1))
