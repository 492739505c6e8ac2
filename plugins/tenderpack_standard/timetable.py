"""The timetable: every date in the spec, in the order it happens.

In a competitive flexible procedure the timetable's tender_deadline is the FIRST stage's
deadline, so every deadline is named by its stage, and each stage's last time to ask
questions has a row of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import tenderpack
from tenderpack import Table, text

from .words import (capital, each_authority, lots_phrase, phase_dates, sends, stage_question_deadline,
                    the_extensions)


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


def stage_deadline_name(spec: tenderpack.Spec, index: int) -> str:
    """'Deadline for Stage 2: initial tenders': the first stage's is text.first_deadline_name."""
    if index == 0:
        return text.first_deadline_name(spec)
    return f"Deadline for {spec.procedure.stages[index].name}"


def _stage_rows(spec: tenderpack.Spec) -> list[Row]:
    out: list[Row] = []
    for i, stage in enumerate(spec.procedure.stages):
        rank = 10 * (i + 1)
        day = stage.starts or stage.ends
        if day is not None:
            when = f"{text.date(stage.starts)} to {text.date(stage.ends)}" if stage.starts and stage.ends else _day(day)
            out.append(Row(day, rank, when, stage.name))
        asks = stage_question_deadline(spec, i)
        if asks is not None:
            out.append(Row(asks.date(), rank + 1, _deadline(asks), f"Last time to ask questions in {stage.name}"))
        deadline = text.stage_deadline(spec, i)
        if deadline is not None:
            out.append(Row(deadline.date(), rank + 2, _deadline(deadline),
                           f"{stage_deadline_name(spec, i)} (send {sends(spec, i)})"))
    return out


def rows(spec: tenderpack.Spec) -> list[Row]:
    """Every date bidders should know, in date order; stages keep their own order."""
    t = spec.timetable
    stages = spec.procedure.stages
    out = [Row(t.notice, 0, _day(t.notice), "Tender notice published")]
    if stages:
        out += _stage_rows(spec)
    else:
        out.append(Row(t.clarification_deadline.date(), 1001, _deadline(t.clarification_deadline),
                       "Last day to ask questions"))
        out.append(Row(t.tender_deadline.date(), 1002, _deadline(t.tender_deadline), text.first_deadline_name(spec)))
    offset = 10 * (len(stages) + 1)
    for i, m in enumerate(t.milestones):
        out.append(Row(m.date, offset + i, _day(m.date), m.event))
    big = 1000
    contract = "the contracts" if each_authority(spec) else text.agreement(spec)
    if tenderpack.law.regime(spec).public_contract:
        award = "Award decision: we send assessment summaries to bidders and publish the award notice"
    else:
        award = "Award decision: we tell every bidder the result"
    out += [
        Row(t.evaluation_end, big + 3, _day(t.evaluation_end), "Evaluation finishes"),
        Row(t.award, big + 4, _day(t.award), award),
    ]
    if t.standstill_end:
        if tenderpack.law.applies(spec, "standstill"):
            what = "Standstill period ends: the last of 8 working days, beginning with the day we publish the award notice"
        else:
            what = "Standstill period ends (a standstill we keep by choice)"
        out.append(Row(t.standstill_end, big + 5, _day(t.standstill_end), what))
        signing = text.signing_from(spec)
        out.append(Row(signing, big + 6, _day(signing), f"The earliest day {contract} can be signed"))
    if t.contract_signature:
        out.append(Row(t.contract_signature, big + 7, _day(t.contract_signature), f"{capital(contract.removeprefix('the '))} signed (planned)"))
    # What starts and ends: the contract, or the framework; when the lots' terms differ, each lot's contract.
    one = text.one_term(spec) is not None
    for x, numbers in text.terms(spec):
        term = text.awarded(spec) if one else text.contract_of(spec, numbers)
        starts = "starts" if one or len(numbers) == 1 else "start"
        out.append(Row(x.start, big + 8, _day(x.start), f"{capital(term.removeprefix('the '))} {starts}"))
        ends = text.term_ends(spec, term)
        if not x.extensions and ends == f"First term of {term} ends":   # no first term: the whole term ends
            ends = f"{capital(term.removeprefix('the '))} ends (it cannot be extended)"
        out.append(Row(x.end, big + 9, _day(x.end), ends))
        if x.extensions:
            whose = "" if one else f" of {term}"
            out.append(Row(x.latest_end, big + 10, _day(x.latest_end),
                           f"Latest end date{whose}, if we use {the_extensions(list(x.extensions))}"))
    for i, phase in enumerate(spec.procedure.innovation_phases):
        owner = f" ({lots_phrase(phase.lots)})" if phase.lots and spec.lots.items else ""
        if phase.starts:
            out.append(Row(phase.starts, big + 20 + 2 * i, phase_dates(phase), f"{phase.name}{owner}"))
        if phase.decision:
            out.append(Row(phase.decision, big + 21 + 2 * i, _day(phase.decision),
                           f"Go/no-go decision: {phase.name}{owner}"))
    return sorted(out, key=lambda r: (r.day, r.rank))


def table(spec: tenderpack.Spec) -> Table:
    return Table.of(["Date", "What happens"], [[r.when, r.event] for r in rows(spec)],
                    caption="Timetable", widths=[2, 3])
