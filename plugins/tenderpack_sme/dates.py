"""The dates a small firm needs, in order: the same list feeds Tender at a glance, How to bid
and the calendar file, so they always agree.

Deadlines are named by their stage: in a competitive flexible procedure the timetable's
tender_deadline is the first stage's deadline (text.first_deadline_name), and each later stage
has its own deadline (text.stage_deadline) and may have its own last time to ask questions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import tenderpack
from tenderpack import text

from . import facts


@dataclass(frozen=True)
class KeyDate:
    key: str                          # stable: part of the calendar event's UID
    when: dt.date | dt.datetime       # a datetime is a deadline in UK time
    what: str                         # short, for a table
    detail: str                       # a sentence or two, for the calendar
    brief: str | None = None          # shorter still, for the one-page table

    @property
    def short(self) -> str:
        return self.brief or self.what

    @property
    def day(self) -> dt.date:
        return self.when.date() if isinstance(self.when, dt.datetime) else self.when

    @property
    def is_deadline(self) -> bool:
        return isinstance(self.when, dt.datetime)

    def when_text(self) -> str:
        if isinstance(self.when, dt.datetime):
            return text.datetime(self.when)
        return text.date(self.when, weekday=True)


def sends(stage) -> str:
    """What bidders send at a stage: 'your tender', 'your final tender'..."""
    return text.STAGE_SENDS[stage.type.value]


def first_deadline_label(spec: tenderpack.Spec) -> str:
    """'Tender deadline', or 'Deadline for Stage 1: ...' (the timetable's tender_deadline)."""
    return text.first_deadline_name(spec)


def questions_label(spec: tenderpack.Spec, index: int | None = None) -> str:
    stages = spec.procedure.stages
    if not stages:
        return "Last time to ask questions"
    return f"Last time to ask questions in {stages[index or 0].name}"


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:40]


def _last_bidder_date(spec: tenderpack.Spec) -> dt.date:
    return text.final_deadline(spec).date()


def result_label(spec: tenderpack.Spec) -> str:
    if facts.public(spec):
        return "We tell you the result and publish the award notice"
    return "We tell you the result"


def key_dates(spec: tenderpack.Spec, after_award: bool = True, contract_start: bool = True) -> list[KeyDate]:
    """Every date a bidder acts on, then the result, the signing and the start, in date order."""
    t = spec.timetable
    portal = spec.submission.portal.name
    stages = spec.procedure.stages
    out: list[KeyDate] = []
    last = _last_bidder_date(spec)
    for i, m in enumerate(t.milestones):
        if m.date <= last:
            out.append(KeyDate(f"milestone-{i + 1}-{_slug(m.event)}", m.date, m.event, m.event + "."))
    out.append(KeyDate("questions", t.clarification_deadline, questions_label(spec),
                       f"Ask your questions through {portal} by {text.datetime(t.clarification_deadline)}.",
                       "Last time to ask questions" if not stages else f"Last time to ask questions in {facts.stage_short(stages[0])}"))
    if stages:
        detail = f"{stages[0].name}: send {sends(stages[0])} through {portal} by {text.datetime(t.tender_deadline)}."
        brief = f"Deadline for {facts.stage_short(stages[0])}"
    else:
        detail = f"Send your tender through {portal} by {text.datetime(t.tender_deadline)}."
        brief = None
    out.append(KeyDate("deadline", t.tender_deadline, first_deadline_label(spec),
                       detail + " We cannot accept anything late.", brief))
    for i, stage in enumerate(stages):
        if i == 0:
            continue
        if stage.clarification_deadline is not None:
            out.append(KeyDate(f"stage-{i + 1}-questions", stage.clarification_deadline, questions_label(spec, i),
                               f"{stage.name}: ask your questions through {portal} by "
                               f"{text.datetime(stage.clarification_deadline)}.",
                               f"Last time to ask questions in {facts.stage_short(stage)}"))
        deadline = text.stage_deadline(spec, i)
        if deadline is not None:
            out.append(KeyDate(f"stage-{i + 1}-deadline", deadline, f"Deadline for {stage.name}",
                               f"{stage.name}: send {sends(stage)} through {portal} by {text.datetime(deadline)}. "
                               "We cannot accept anything late.",
                               f"Deadline for {facts.stage_short(stage)}"))
    if after_award:
        result = result_label(spec)
        out.append(KeyDate("award", t.award, result, "We plan to tell every bidder the result on this day."
                           + (" We also publish the award notice." if facts.public(spec) else "")))
        if facts.public(spec) and t.standstill_end:
            out.append(KeyDate("standstill-end", t.standstill_end, "Last day of the standstill period",
                               f"The standstill period ends on this day. We can sign {facts.the_contract(spec)} from "
                               f"{text.date(text.signing_from(spec), weekday=True)}."))
        if t.contract_signature:
            out.append(KeyDate("signature", t.contract_signature, f"We plan to sign {facts.the_contract(spec)}",
                               f"We plan to sign {facts.the_contract(spec)} on this day."))
        if contract_start:
            out += start_dates(spec)
    return sorted(out, key=lambda d: (d.day, 0 if not d.is_deadline else 1))


def start_dates(spec: tenderpack.Spec) -> list[KeyDate]:
    """The day the contract starts; when lots start on days of their own, each day with its lots (each lot is a
    contract of its own), and the day each lot's first term ends beside it, so the calendar holds each lot's term."""
    days: dict[dt.date, list[int]] = {}
    for x, numbers in text.terms(spec):
        days.setdefault(x.start, []).extend(numbers)
    if len(days) == 1:
        starts = (f"{facts.the_award(spec, capital=True)} "
                  f"{'start' if facts.each_signs(spec) and not facts.framework(spec) else 'starts'}")
        day = next(iter(days))
        return [KeyDate("contract-start", day, starts, f"{starts} on {text.date(day)}.")]
    out = []
    for day, numbers in sorted(days.items()):
        what = facts.contract_for(spec, numbers)
        starts = f"{what[:1].upper()}{what[1:]} {'start' if what.startswith('the contracts') else 'starts'}"
        same_day = [(x, n) for x, n in text.terms(spec) if x.start == day]
        ends = " ".join(
            f"The first term{f' of {facts.lot_names(n)}' if len(same_day) > 1 else ''} ends on {text.date(x.end)}"
            + (f"; we may extend it by up to {text.months(facts.extension_months(spec, x))}." if x.extensions
               else "; it cannot be extended.") for x, n in same_day)
        out.append(KeyDate(f"contract-start-{text.slug(facts.lot_names(numbers))}", day, starts,
                           f"{starts} on {text.date(day)}. {ends}"))
    return out


def calendar(spec: tenderpack.Spec) -> tenderpack.Calendar:
    """The key dates as a calendar: deadlines at their UK time with a reminder the day before."""
    portal = spec.submission.portal
    events = []
    for d in key_dates(spec):
        events.append(tenderpack.Event(
            uid=f"{d.key}.{_slug(spec.reference)}@tenderpack",
            summary=f"{spec.reference}: {d.what}",
            start=d.when,
            description=f"{spec.title}. {d.detail}",
            url=portal.url,
            reminder=dt.timedelta(days=1) if d.is_deadline else None,
        ))
    return tenderpack.Calendar(
        name=f"{spec.reference}: important dates", events=events,
        stamp=dt.datetime.combine(spec.document_date, dt.time(0, 0)),
        description=f"Important dates for the tender {spec.reference}: {spec.title}. Times are UK time.")
