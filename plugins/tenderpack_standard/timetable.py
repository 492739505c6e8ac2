"""The timetable: every date in the spec, in the order it happens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import tenderpack
from tenderpack import Table, text

from .words import STAGE_SENDS, latest_end, phase_dates


@dataclass(frozen=True)
class Row:
    day: dt.date
    rank: int          # breaks ties between events on the same day
    when: str
    event: str


def _day(day: dt.date) -> str:
    return text.date(day, weekday=True)


def _deadline(moment: dt.datetime) -> str:
    return f"{text.date(moment.date(), weekday=True)}, {text.time(moment)}"


def rows(spec: tenderpack.Spec) -> list[Row]:
    """Every date bidders should know, in date order; stages keep their own order."""
    t = spec.timetable
    out = [Row(t.notice, 0, _day(t.notice), "Tender notice published")]
    for i, stage in enumerate(spec.procedure.stages):
        day = stage.starts or stage.ends
        if day is None:
            continue
        if stage.starts and stage.ends:
            when = f"{text.date(stage.starts)} to {text.date(stage.ends)}"
        else:
            when = _day(day)
        out.append(Row(day, 1 + i, when, stage.name))
        if i > 0 and stage.deadline is not None:
            out.append(Row(stage.deadline.date(), 1 + i, _deadline(stage.deadline),
                           f"Deadline for {STAGE_SENDS[stage.type.value]} ({stage.name})"))
    offset = 1 + len(spec.procedure.stages)
    for i, m in enumerate(t.milestones):
        out.append(Row(m.date, offset + i, _day(m.date), m.event))
    deadline = "Deadline for tenders"
    if spec.procedure.stages:
        deadline = f"Deadline for responses to {spec.procedure.stages[0].name}"
    big = 1000
    award = "Award decision: we tell every bidder the result and publish the award notice"
    if spec.procedure.type.value == "below_threshold":
        award = "Award decision: we tell every bidder the result"
    out += [
        Row(t.clarification_deadline.date(), big + 1, _deadline(t.clarification_deadline), "Last day to ask questions"),
        Row(t.tender_deadline.date(), big + 2, _deadline(t.tender_deadline), deadline),
        Row(t.evaluation_end, big + 3, _day(t.evaluation_end), "Evaluation finishes"),
        Row(t.award, big + 4, _day(t.award), award),
    ]
    if t.standstill_end:
        out.append(Row(t.standstill_end, big + 5, _day(t.standstill_end),
                       "Standstill period ends (8 working days after the award notice)"))
    out.append(Row(t.contract_start, big + 6, _day(t.contract_start), "Contract starts"))
    out.append(Row(t.contract_end, big + 7, _day(t.contract_end), "First term of the contract ends"))
    if t.extensions:
        out.append(Row(latest_end(spec), big + 8, _day(latest_end(spec)),
                       "Latest end date, if we use every extension"))
    for i, phase in enumerate(spec.procedure.innovation_phases):
        if phase.starts:
            out.append(Row(phase.starts, big + 10 + 2 * i, phase_dates(phase), phase.name))
        if phase.decision:
            out.append(Row(phase.decision, big + 11 + 2 * i, _day(phase.decision), f"Go/no-go decision: {phase.name}"))
    return sorted(out, key=lambda r: (r.day, r.rank))


def table(spec: tenderpack.Spec) -> Table:
    return Table.of(["Date", "What happens"], [[r.when, r.event] for r in rows(spec)],
                    caption="Timetable", widths=[2, 3])
