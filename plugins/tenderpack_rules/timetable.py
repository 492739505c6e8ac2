"""Rules on dates: the minimum tendering period, the standstill, and dates in order."""

from __future__ import annotations

import datetime as dt

import tenderpack
from tenderpack import Finding

from .common import above_threshold_procedure, add_months, day, final_end
from .data import as_of, figure


def tender_period(spec: tenderpack.Spec):
    """At least 25 days from the tender notice to the deadline; 10 after a qualifying UK3 notice."""
    if not above_threshold_procedure(spec):
        return
    t = spec.timetable
    days = (t.tender_deadline.date() - t.notice).days
    minimum = int(figure("tendering_periods", "standard", "days"))
    why = "tenders are submitted electronically with every document published with the notice"
    note = ""
    ppn = spec.procedure.planned_procurement_notice
    if ppn is not None:
        rule = figure("tendering_periods", "planned_procurement_notice")
        before = (t.notice - ppn).days
        earliest = add_months(t.notice, -int(rule["published_at_most_months_before"]))
        if before >= int(rule["published_at_least_days_before"]) and ppn >= earliest:
            minimum, why = int(rule["days"]), "a qualifying planned procurement notice was published"
        else:
            note = (f" The planned procurement notice of {day(ppn)} does not shorten it: it must be published "
                    f"{rule['published_at_least_days_before']} days to {rule['published_at_most_months_before']} "
                    f"months before the tender notice, and it was {before} days before.")
    if days < minimum:
        yield Finding(f"The tendering period is {days} days, from the tender notice on {day(t.notice)} to the "
                      f"deadline on {day(t.tender_deadline.date())}. The minimum is {minimum} days when {why} "
                      f"({as_of('tendering_periods')}). Move the deadline to "
                      f"{day(t.notice + dt.timedelta(days=minimum))} or later.{note}",
                      ("timetable", "tender_deadline"))


def _standstill(spec: tenderpack.Spec):
    t = spec.timetable
    nation = spec.commercial.governing_law
    last = tenderpack.law.standstill_last_day(t.award, nation)
    count = int(figure("thresholds", "standstill", "working_days"))
    where = "" if nation == "england_and_wales" else " (bank holidays of England and Wales counted)"
    return last, count, where


def standstill(spec: tenderpack.Spec):
    """The standstill: eight working days beginning with the day the award notice is published (s.51)."""
    t = spec.timetable
    if t.standstill_end is None or not tenderpack.law.applies(spec, "standstill"):
        return
    last, count, where = _standstill(spec)
    if t.standstill_end != last:
        early = t.standstill_end < last
        yield Finding(f"The standstill period ends on {day(last)}, not {day(t.standstill_end)}: it is {count} working "
                      f"days beginning with the day the award notice is published ({day(t.award)}), that day "
                      f"counted{where}. " + ("A contract signed before then breaks section 51. " if early else
                                            "A later date makes bidders wait longer than the Act requires. ")
                      + f"Set timetable.standstill_end: {last.isoformat()}.", ("timetable", "standstill_end"))


def standstill_missing(spec: tenderpack.Spec):
    """A public contract's timetable shows the standstill; a below-threshold one has none by law."""
    t = spec.timetable
    if not tenderpack.law.applies(spec, "standstill"):
        if t.standstill_end is not None:
            yield Finding("This is not a public contract (it is below the threshold), so the Act sets no standstill "
                          "period. Leave standstill_end out, or waive this warning if you keep one by choice.",
                          ("timetable", "standstill_end"))
        return
    if t.standstill_end is None:
        last, count, where = _standstill(spec)
        yield Finding(f"The standstill period is not in the timetable. It is {count} working days beginning with the "
                      f"day of the award notice ({day(t.award)}), so its last day is {day(last)}{where}: set "
                      f"timetable.standstill_end: {last.isoformat()}.", ("timetable", "standstill_end"))


def dates_in_order(spec: tenderpack.Spec):
    """Dates that follow one another: questions before the deadline, milestones and targets in the contract."""
    t = spec.timetable
    if t.clarification_deadline >= t.tender_deadline:
        yield Finding("The deadline for questions must come before the tender deadline, so that answers reach "
                      "every bidder in time.", ("timetable", "clarification_deadline"))
    ppn = spec.procedure.planned_procurement_notice
    if ppn is not None and ppn >= t.notice:
        yield Finding(f"The planned procurement notice ({day(ppn)}) must come before the tender notice "
                      f"({day(t.notice)}).", ("procedure", "planned_procurement_notice"))
    last = final_end(spec)
    for i, m in enumerate(t.milestones):
        if m.date < t.notice:
            yield Finding(f"'{m.event}' is on {day(m.date)}, before the tender notice ({day(t.notice)}); bidders "
                          "cannot act on it.", ("timetable", "milestones", i, "date"))
        elif m.date > last:
            yield Finding(f"'{m.event}' is on {day(m.date)}, after the contract ends ({day(last)}, with every "
                          "extension).", ("timetable", "milestones", i, "date"))
    for i, outcome in enumerate(spec.outcomes):
        for j, target in enumerate(outcome.targets):
            if target.by < t.contract_start:
                yield Finding(f"The target for {outcome.id} is due on {day(target.by)}, before the contract starts "
                              f"({day(t.contract_start)}).", ("outcomes", i, "targets", j, "by"))
            elif target.by > last:
                yield Finding(f"The target for {outcome.id} is due on {day(target.by)}, after the contract ends "
                              f"({day(last)}, with every extension).", ("outcomes", i, "targets", j, "by"))
