"""The dates a small firm needs, in order: the same list feeds Tender at a glance, How to bid
and the calendar file, so they always agree."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import tenderpack
from tenderpack import text

SENDS = {
    "participation": "your answers to the conditions of participation",
    "shortlisting": "your answers to the shortlisting questions",
    "tender": "your tender",
    "dialogue": "your ideas for the dialogue",
    "negotiation": "your revised proposals",
    "final_tender": "your final tender",
    "presentation": "your presentation",
}


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


def first_deadline_label(spec: tenderpack.Spec) -> str:
    stages = spec.procedure.stages
    if not stages:
        return "Deadline for tenders"
    return f"Deadline to apply ({stages[0].name})"


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:40]


def key_dates(spec: tenderpack.Spec, after_award: bool = True, contract_start: bool = True) -> list[KeyDate]:
    """Every date a bidder acts on, then the result and the start, in date order."""
    t = spec.timetable
    portal = spec.submission.portal.name
    out: list[KeyDate] = []
    for i, m in enumerate(t.milestones):
        if m.date <= t.tender_deadline.date() or any(s.deadline and m.date <= s.deadline.date()
                                                    for s in spec.procedure.stages):
            out.append(KeyDate(f"milestone-{i + 1}-{_slug(m.event)}", m.date, m.event, m.event + "."))
    out.append(KeyDate("questions", t.clarification_deadline, "Last time to ask questions",
                       f"Ask your questions through {portal} by {text.datetime(t.clarification_deadline)}."))
    label = first_deadline_label(spec)
    out.append(KeyDate("deadline", t.tender_deadline, label,
                       f"Send it through {portal} by {text.datetime(t.tender_deadline)}. We cannot accept late tenders.",
                       "Deadline to apply" if spec.procedure.stages else None))
    for i, stage in enumerate(spec.procedure.stages):
        if i > 0 and stage.deadline is not None:
            out.append(KeyDate(f"stage-{i + 1}-deadline", stage.deadline, f"Deadline for {SENDS[stage.type.value]}",
                               f"{stage.name}: send {SENDS[stage.type.value]} through {portal} "
                               f"by {text.datetime(stage.deadline)}."))
    if after_award:
        result = "We tell you the result" if spec.procedure.type.value == "below_threshold" else \
            "We tell you the result and publish the award"
        out.append(KeyDate("award", t.award, result, f"{result}."))
        if contract_start:
            out.append(KeyDate("contract-start", t.contract_start, "Contract starts",
                               f"The contract starts on {text.date(t.contract_start)}."))
    return sorted(out, key=lambda d: (d.day, 0 if not d.is_deadline else 1))


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
