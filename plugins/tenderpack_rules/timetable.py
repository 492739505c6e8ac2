"""Rules on dates: the minimum tendering period, the standstill, tender validity, stages, dates in order."""

from __future__ import annotations

import datetime as dt

import tenderpack
from tenderpack import Finding, text

from .common import add_months, day, final_end, label
from .data import as_of, figure


def tender_period(spec: tenderpack.Spec):
    """At least 25 days from the tender notice to the deadline; 10 after a qualifying UK3 notice.

    A public contract only, and not a light-touch one: light-touch contracts are believed free of the
    minimum periods (law.yaml: minimum-tendering-period, check).
    """
    if not tenderpack.law.applies(spec, "minimum-tendering-period"):
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
    count = int(tenderpack.law.figure("thresholds", "standstill", "working_days"))
    where = "" if nation == "england_and_wales" else " (bank holidays of England and Wales counted)"
    return last, count, where


def standstill(spec: tenderpack.Spec):
    """The standstill: eight working days beginning with the day the award notice is published (s.51)."""
    t = spec.timetable
    # Light-touch contracts are believed exempt from the mandatory standstill (s.51(3); check, in
    # law.yaml): a standstill the buyer keeps there is its own choice, of any length.
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
    regime = tenderpack.law.regime(spec)
    if regime.public_contract and regime.light_touch:
        return   # light-touch: a standstill is the buyer's choice (s.51(3); check), shown or not
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
    first_start = text.first_start(spec)   # a lot with its own start: its contract is signed by then too
    if t.contract_signature is not None and t.contract_signature > first_start:
        if text.one_term(spec) is not None:
            said = (f"The contract is to be signed on {day(t.contract_signature)}, after it starts "
                    f"({day(first_start)}). Sign it on or before the start date, or move contract_start.")
        else:
            early = [(x, i) for i, lot in enumerate(spec.lots.items)
                     if (x := text.term(spec, lot)).start < t.contract_signature]
            names = [spec.lots.items[i].number for _, i in early]
            fields = text.join(list(dict.fromkeys(f"lots.items[{i}].contract_start" if spec.lots.items[i].contract_start
                                                  else "timetable.contract_start" for _, i in early)), last="or")
            said = (f"{text.contract_of(spec, names).capitalize()} {'is' if len(names) == 1 else 'are'} to be "
                    f"signed on {day(t.contract_signature)}, after {'it starts' if len(names) == 1 else 'they start'} "
                    f"({day(first_start)}). Sign on or before the start date, or move {fields}.")
        yield Finding(said, ("timetable", "contract_signature"))
    for i, stage in enumerate(spec.procedure.stages):
        asks = stage.clarification_deadline
        if asks is None:
            continue
        here = ("procedure", "stages", i, "clarification_deadline")
        deadline = text.stage_deadline(spec, i)
        if i == 0 and asks != t.clarification_deadline:
            yield Finding(f"The first stage's deadline for questions is the timetable's clarification_deadline "
                          f"({text.datetime(t.clarification_deadline)}). Give the same, or leave it out.", here)
        elif deadline is not None and asks >= deadline:
            yield Finding(f"Questions in {label('stage', stage.name, i)} close at {text.datetime(asks)}, not before "
                          f"the stage's deadline ({text.datetime(deadline)}). Close questions earlier, so that "
                          "answers reach every bidder in time.", here)
        elif stage.starts is not None and asks.date() < stage.starts:
            yield Finding(f"Questions in {label('stage', stage.name, i)} close on {day(asks.date())}, before the "
                          f"stage starts ({day(stage.starts)}). Close them after the stage starts.", here)
    last = final_end(spec)
    for i, m in enumerate(t.milestones):
        if m.date < t.notice:
            yield Finding(f"'{m.event}' is on {day(m.date)}, before the tender notice ({day(t.notice)}); bidders "
                          "cannot act on it.", ("timetable", "milestones", i, "date"))
        elif m.date > last:
            ends = "the contract ends" if text.one_term(spec) is not None else "the last contract ends"
            yield Finding(f"'{m.event}' is on {day(m.date)}, after {ends} ({day(last)}, with every "
                          "extension).", ("timetable", "milestones", i, "date"))
    for i, outcome in enumerate(spec.outcomes):
        # The target is met under the contract of each lot the outcome applies to: within each lot's own term.
        lots: list = [lot for lot in spec.lots.items if text.for_lot(list(outcome.lots), lot.number)] or [None]
        for j, target in enumerate(outcome.targets):
            for lot in lots:
                term = text.term(spec, lot)
                whose = "the contract" if lot is None or text.one_term(spec) is not None \
                    else text.contract_of(spec, [lot.number])
                if target.by < term.start:
                    yield Finding(f"The target for {outcome.id} is due on {day(target.by)}, before {whose} starts "
                                  f"({day(term.start)}).", ("outcomes", i, "targets", j, "by"))
                    break
                if target.by > term.latest_end:
                    yield Finding(f"The target for {outcome.id} is due on {day(target.by)}, after {whose} ends "
                                  f"({day(term.latest_end)}, with every extension).",
                                  ("outcomes", i, "targets", j, "by"))
                    break


def _earliest_signature(spec: tenderpack.Spec) -> tuple[dt.date, str]:
    """The first day the contract may be signed, and why, in words.

    For a public contract: the day after the standstill (the later of the timetable's and the
    one the Act gives). Otherwise the day after a standstill kept by choice, else the award.
    """
    t = spec.timetable
    if tenderpack.law.applies(spec, "standstill"):
        lawful = tenderpack.law.standstill_last_day(t.award, spec.commercial.governing_law)
        last = max(t.standstill_end or lawful, lawful)
        first = last + dt.timedelta(days=1)
        return first, (f"the standstill period runs to {day(last)}, so the contract can be signed from {day(first)} "
                       f"({tenderpack.law.cite(spec, 'standstill')})")
    if t.standstill_end is not None:
        first = text.signing_from(spec)
        return first, f"your standstill period runs to {day(t.standstill_end)}, so the contract can be signed from {day(first)}"
    return t.award, f"the award decision is planned for {day(t.award)}"


def validity(spec: tenderpack.Spec):
    """Tenders stay valid through evaluation, award, standstill and signature; signing waits for the standstill."""
    t = spec.timetable
    given = t.contract_signature is not None
    # Without a signature date, each lot's contract is signed when it starts: the tenders for the lot that starts
    # last must stay valid until then, and the lot that starts first must wait for the standstill.
    signed = sorted(((text.signature_date(spec, lot), i) for i, lot in enumerate(spec.lots.items)),
                    key=lambda x: x[0]) if not given and text.one_term(spec) is None else []
    final = text.final_deadline(spec)
    ends = text.validity_end(spec)
    signs, which = signed[-1] if signed else (text.signature_date(spec), None)
    if ends < signs:
        needed = (signs - final.date()).days
        yield Finding(f"Tenders stay valid for {spec.submission.validity_days} days after "
                      f"{text.final_deadline_name(spec)} ({day(final.date())}), so until {day(ends)}; but "
                      f"{_contract_is(spec, which)} {_when(spec, signs)}. A tender could lapse before it is "
                      f"signed. Set submission.validity_days to {needed} or more, or plan to sign earlier.",
                      ("submission", "validity_days"))
    signs, which = signed[0] if signed else (text.signature_date(spec), None)
    first, why = _earliest_signature(spec)
    if signs < first:
        field: tuple[str | int, ...] = ("timetable", "contract_signature" if given else "contract_start")
        if which is not None and spec.lots.items[which].contract_start:
            field = ("lots", "items", which, "contract_start")
        fix = (f"Set timetable.contract_signature to {first.isoformat()} or later." if given else
               f"Give timetable.contract_signature: {first.isoformat()} or later, and a contract_start on or after it.")
        yield Finding(f"{_contract_is(spec, which)[:1].upper()}{_contract_is(spec, which)[1:]} {_when(spec, signs)}. "
                      f"That is too early: {why}. {fix}", field)


def _contract_is(spec: tenderpack.Spec, which: int | None) -> str:
    """'the contract is', or 'the contract for lot 2 is' when lots start on days of their own."""
    if which is None:
        return "the contract is"
    return f"{text.contract_of(spec, [spec.lots.items[which].number])} is"


def _when(spec: tenderpack.Spec, signs: dt.date) -> str:
    if spec.timetable.contract_signature is not None:
        return f"signed on {day(signs)} (timetable.contract_signature)"
    return f"taken to be signed when it starts, on {day(signs)}, as no timetable.contract_signature is given"


_SHORTLISTS = ("participation", "shortlisting")


def stage_questions(spec: tenderpack.Spec):
    """A stage that shortlists asks questions, so bidders have something to answer."""
    for i, stage in enumerate(spec.procedure.stages):
        if stage.type.value not in _SHORTLISTS or stage.questions:
            continue
        if stage.shortlist_size is None and not stage.shortlist_criteria:
            continue
        how = f"{stage.shortlist_size} bidders" if stage.shortlist_size is not None else "bidders"
        yield Finding(f"{label('stage', stage.name, i)} shortlists {how} but asks no questions, so bidders have "
                      "nothing to answer and there is nothing to score. Add the stage questionnaire under "
                      f"procedure.stages[{i}].questions, one question for each shortlisting criterion.",
                      ("procedure", "stages", i, "questions"))


def stage_clarification(spec: tenderpack.Spec):
    """A later stage with a deadline says until when bidders can ask questions in it."""
    for i, stage in enumerate(spec.procedure.stages):
        if i == 0 or stage.deadline is None or stage.clarification_deadline is not None:
            continue
        yield Finding(f"{label('stage', stage.name, i)} has a deadline ({text.datetime(stage.deadline)}) but no "
                      "deadline for questions, "
                      "so bidders do not know until when they can ask about it. Give "
                      f"procedure.stages[{i}].clarification_deadline, a few days before the stage's deadline.",
                      ("procedure", "stages", i, "clarification_deadline"))
